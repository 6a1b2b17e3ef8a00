"""The command line end to end: offline plans and every bad input of the planner issue.

Each bad input must end with one clear message naming the input and the fix, a non-zero exit code and no
output folder (nor a leftover temporary folder).
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from siting import terminal
from siting._warnings import warn
from siting.cli import main

TINY = Path(__file__).parent / "input_data" / "tiny_guangan.osm"


def _no_output(out: Path) -> None:
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}")]


def test_tiny_offline_plan_writes_every_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(
        [
            "--quiet",
            "plan",
            "--osm-file",
            str(TINY),
            "--stations",
            "2",
            "--piles",
            "10",
            "--first-stage-only",  # the fixture has 2 candidate sites: no room for a second stage
            "--out",
            str(out),
            "--map-dir",
            str(tmp_path / "maps"),
        ]
    )
    assert code == 0
    layers = dict(pyogrio.list_layers(out / "plan.gpkg"))
    assert set(layers) >= {"stations", "piles", "terminals", "demand", "counties", "candidates"}
    stations = pyogrio.read_dataframe(out / "plan.gpkg", layer="stations")
    piles = pyogrio.read_dataframe(out / "plan.gpkg", layer="piles")
    assert len(stations) == 2 and int(piles["piles"].sum()) == 10
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["data_source"]["kind"] == "osm-file"
    assert "gap" in manifest["solver"] and manifest["solver"]["gap"] >= 0
    assert (tmp_path / "maps" / "tiny_guangan.html").is_file()
    for name in (
        "kpis.csv",
        "kpis_by_county.csv",
        "stations.csv",
        "map.html",
        "shapefiles/stations.shp",
    ):
        assert (out / name).is_file(), name


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["--osm-file", "missing.osm.pbf"], 2, "missing.osm.pbf"),
        (["--osm-file", str(TINY), "--stations", "500"], 4, "500"),
        (["--osm-file", str(TINY), "--stations", "0"], 2, "--stations 0"),
    ],
)
def test_bad_input_exits_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int, needle: str
) -> None:
    out = tmp_path / "out"
    assert main(["--quiet", "plan", *args, "--piles", "10", "--out", str(out), "--map-dir", ""]) == code
    err = capsys.readouterr().err
    assert err.startswith("error: ") and needle in err
    assert "Traceback" not in err
    _no_output(out)


def test_corrupt_extract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.osm.pbf"
    bad.write_bytes(b"\x00\x00\x00\x0dnot a pbf at all")
    out = tmp_path / "out"
    assert main(["--quiet", "plan", "--osm-file", str(bad), "--out", str(out)]) == 2
    assert "broken.osm.pbf" in capsys.readouterr().err
    _no_output(out)


def test_boundary_outside_the_extract_is_an_empty_study_area(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    boundary = tmp_path / "heidelberg.geojson"
    boundary.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":'
        '{"type":"Polygon","coordinates":[[[8.6,49.4],[8.7,49.4],[8.7,49.45],[8.6,49.45],[8.6,49.4]]]}}]}',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert (
        main(
            [
                "--quiet",
                "plan",
                "--osm-file",
                str(TINY),
                "--boundary",
                str(boundary),
                "--out",
                str(out),
            ]
        )
        == 2
    )
    assert "does not overlap the roads of tiny_guangan.osm" in capsys.readouterr().err
    _no_output(out)


def test_terminal_quota_that_cannot_be_met(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    terminals = tmp_path / "terminals.csv"
    # one terminal on the tiny network, one 3 km away from any road
    terminals.write_text(
        "terminal_id,name_zh,lon,lat\nA,近站,106.6315,30.4705\nB,远站,106.66,30.47\n",
        encoding="utf-8",
    )
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        f'terminals_file = "{terminals.name}"\nterminal_share = 1.0\nplace = ""\n'
        f'counties_file = "{Path(__file__).parents[1] / "geodata" / "guangan_counties.geojson"}"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code = main(
        [
            "plan",
            str(scenario),
            "--osm-file",
            str(TINY),
            "--boundary",
            str(_tiny_boundary(tmp_path)),
            "--stations",
            "2",
            "--piles",
            "10",
            "--out",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert code == 4, err
    assert "terminal" in err.lower()
    # the far terminal is named by id (a warning the CLI prints once on stderr, also when the plan fails)
    assert err.count("WARNING: terminal(s) B lie more than 2000 m from any road") == 1
    _no_output(out)


def _tiny_boundary(tmp_path: Path) -> Path:
    path = tmp_path / "tiny_area.geojson"
    path.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":'
        '{"type":"Polygon","coordinates":[[[106.62,30.46],[106.67,30.46],[106.67,30.48],[106.62,30.48],'
        "[106.62,30.46]]]}}]}",
        encoding="utf-8",
    )
    return path


def test_non_numeric_demand_weight(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    demand = tmp_path / "demand.csv"
    demand.write_text("id,weight,lon,lat\n1,many,106.6315,30.4705\n", encoding="utf-8")
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'demand_file = "{demand.name}"\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["--quiet", "plan", str(scenario), "--osm-file", str(TINY), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "weight" in err and "demand.csv" in err
    _no_output(out)


def test_existing_output_folder_is_not_touched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["--quiet", "plan", "--osm-file", str(TINY), "--out", str(out)]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_unreachable_openstreetmap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import osmnx as ox

    monkeypatch.setenv("SITING_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(ox.settings, "overpass_url", "http://127.0.0.1:9/api")
    monkeypatch.setattr(ox.settings, "nominatim_url", "http://127.0.0.1:9/")
    out = tmp_path / "out"
    assert main(["--quiet", "plan", "--boundary", str(_tiny_boundary(tmp_path)), "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert "--osm-file" in err
    _no_output(out)


@pytest.mark.slow
def test_demo_meets_the_guangan_targets(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    assert main(["--quiet", "demo", "--out", str(out), "--map-dir", ""]) == 0
    stations = pyogrio.read_dataframe(out / "plan.gpkg", layer="stations")
    piles = pyogrio.read_dataframe(out / "plan.gpkg", layer="piles")
    terminals = pyogrio.read_dataframe(out / "plan.gpkg", layer="terminals")
    assert len(stations) == 254
    assert int(piles["piles"].sum()) == 4869
    assert len(terminals) == 9 and terminals["covered"].sum() >= 5
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["synthetic"] is True
    assert "synthetic road network" in manifest["data_source"]["label"]
    assert manifest["solver"]["gap"] <= 0.005
    assert "synthetic road network" in (out / "map.html").read_text(encoding="utf-8")
    # every planning family is on in the shipped scenario: sizes, grid, rural sites, 2030, corridors
    assert (stations["chargers"] >= 2).all() and (stations["wait_probability"] <= 0.2 + 1e-6).all()
    assert (stations["substation_id"] != "").all() and (stations["grid_distance_m"] <= 10_000).all()
    assert int(stations["rural"].sum()) >= 63  # floor(0.25 * 254)
    stages = pd.read_csv(out / "kpis_by_stage.csv")
    assert list(stages["stage"].astype(str)) == ["2025", "2030"]
    assert list(stages["stations"]) == [254, 508] and list(stages["piles"]) == [4869, 9738]
    by_stage = pyogrio.read_dataframe(out / "plan.gpkg", layer="stations_by_stage")
    assert set(stations["site_id"]) <= set(by_stage["site_id"])  # 2025 is part of 2030
    assert (by_stage["chargers_2030"] >= by_stage["chargers_2025"]).all()
    subs = pyogrio.read_dataframe(out / "plan.gpkg", layer="substations")
    assert (subs["headroom_used_2025"] <= 1 + 1e-6).all() and (subs["headroom_used_2030"] <= 1 + 1e-6).all()
    trips = pyogrio.read_dataframe(out / "plan.gpkg", layer="corridor_trips")
    assert len(trips) > 0 and trips["covered_2025"].any()


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ["rnv_pbf", "malta_pbf"])
def test_real_extracts(tmp_path: Path, fixture: str, request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue(fixture)
    out = tmp_path / "out"
    assert (
        main(
            [
                "--quiet",
                "plan",
                "--osm-file",
                str(path),
                "--stations",
                "60",
                "--piles",
                "1000",
                "--out",
                str(out),
                "--map-dir",
                "",
            ]
        )
        == 0
    )
    stations = pyogrio.read_dataframe(out / "plan.gpkg", layer="stations")
    piles = pyogrio.read_dataframe(out / "plan.gpkg", layer="piles")
    assert len(stations) == 60 and int(piles["piles"].sum()) == 1000
    shutil.rmtree(out)


def test_write_model_gives_a_file_another_solver_reads(tmp_path: Path) -> None:
    import highspy

    mps = tmp_path / "model.mps"
    out = tmp_path / "out"
    args = [
        "--quiet",
        "plan",
        "--osm-file",
        str(TINY),
        "--stations",
        "2",
        "--piles",
        "10",
        "--first-stage-only",
    ]
    assert main([*args, "--out", str(out), "--map-dir", "", "--write-model", str(mps)]) == 0
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    assert h.readModel(str(mps)) == highspy.HighsStatus.kOk
    assert h.getNumCol() > 0 and h.getNumRow() > 0
    h.run()
    objective = h.getInfo().objective_function_value
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    # the exported model reaches the plan's objective (it may add the tie-break constant differently)
    assert abs(objective) >= 0.99 * manifest["solver"]["objective"] - 1e-6
    assert main([*args, "--out", str(tmp_path / "o2"), "--write-model", str(tmp_path / "m.txt")]) == 2


@pytest.mark.parametrize("command", [[], ["plan"], ["demo"], ["compare"]])
def test_help_loads_neither_pyomo_nor_the_map(command: list[str]) -> None:
    """``siting --help`` and ``siting <cmd> --help`` import no Pyomo, folium or geopandas (fast help)."""
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['siting', *{command!r}, '--help']\n"
        "try:\n"
        "    runpy.run_module('siting.cli', run_name='__main__')\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "heavy = [m for m in ('pyomo', 'folium', 'geopandas') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert "usage: siting" in run.stdout
    assert run.stdout.strip().splitlines()[-1] == "HEAVY:", run.stdout[-300:]


def test_each_warning_is_printed_once(capsys: pytest.CaptureFixture[str]) -> None:
    """A warning logged, raised as SitingWarning and found in the result prints one WARNING line; the
    SitingWarnings of a block that fails are printed too."""
    shown = terminal.Warnings(quiet=False)
    with terminal.warnings_to_stderr(shown, logging.WARNING):
        logging.getLogger("siting.pipeline").warning("demand index used instead of census population")
        warn("demand index used instead of census population")
        shown("demand index used instead of census population")
        warn("a second warning")
        logging.getLogger("siting.pipeline").info("not shown")
    err = capsys.readouterr().err
    assert err.count("WARNING: demand index used instead of census population") == 1
    assert err.count("demand index used instead of census population") == 1
    assert err.count("WARNING: a second warning") == 1
    assert "not shown" not in err
    failing = terminal.Warnings(quiet=False)
    with pytest.raises(RuntimeError), terminal.warnings_to_stderr(failing, logging.WARNING):
        warn("raised before the failure")
        raise RuntimeError("plan failed")
    assert capsys.readouterr().err.count("WARNING: raised before the failure") == 1
    quiet = terminal.Warnings(quiet=True)
    with terminal.warnings_to_stderr(quiet, logging.ERROR):
        warn("quiet")
    assert capsys.readouterr().err == ""
