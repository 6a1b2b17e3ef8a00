"""Reliability: malformed inputs only ever raise our own error types, each naming the input and the fix.

Fuzz-style tests feed random scenarios and random demand files; the data-file cases of the reliability issue
(duplicate ids, empty layers, mixed geometry types, Chinese names) each have a test.
"""

from __future__ import annotations

import math
import string
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from _signals import terminal_sigint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point

from siting import demand, places
from siting._errors import InputDataError, ScenarioError
from siting.scenario import Scenario, scenario_from_dict

COUNTIES = gpd.read_file(Path(__file__).parents[1] / "geodata" / "guangan_counties.geojson")
CITY = COUNTIES.union_all()
FIELDS = list(Scenario.__dataclass_fields__)

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(
        st.text(max_size=5), st.one_of(st.integers(), st.floats(), st.text(max_size=3)), max_size=3
    ),
)
keys = st.one_of(
    st.sampled_from(FIELDS), st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=15)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, values, max_size=6))
def test_random_scenarios_raise_only_scenario_errors(raw: dict[str, object]) -> None:
    try:
        scenario = scenario_from_dict(dict(raw), base_dir=Path("/nonexistent"))
    except ScenarioError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
        return
    # whatever was accepted is a valid scenario
    assert scenario.n_stations > 0 and scenario.n_piles > 0
    assert 0 <= scenario.terminal_share <= 1
    assert math.isfinite(scenario.fast_minutes)


cells = st.one_of(
    st.just(""),
    st.text(alphabet=string.printable + "广安区人口", max_size=8),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-1000, 10**6).map(str),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.lists(st.sampled_from(["id", "weight", "lon", "lat", "名称", "x"]), min_size=0, max_size=5),
    rows=st.lists(st.lists(cells, min_size=0, max_size=6), max_size=6),
)
def test_random_demand_files_raise_only_input_errors(
    tmp_path_factory: pytest.TempPathFactory, header: list[str], rows: list[list[str]]
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "demand.csv"
    lines = [",".join(header)] + [",".join(c.replace(",", ";").replace("\n", " ") for c in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="replace")
    try:
        zones = demand.demand_from_file(
            path,
            weight_column="weight",
            study_area=CITY,
            counties=COUNTIES,
            ev_per_1000_people=40,
            slow_share=0.5,
        )
    except InputDataError as exc:
        assert exc.problems and all(str(path) in p for p in exc.problems)
        return
    assert len(zones) > 0 and (zones["population"] > 0).all()


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_duplicate_ids_empty_layers_and_lines_are_reported(tmp_path: Path) -> None:
    dup = _csv(tmp_path / "d.csv", "id,weight,lon,lat\n7,10,106.6,30.4\n7,20,106.7,30.5\n")
    with pytest.raises(InputDataError, match=r"duplicate ids \(7\)"):
        demand.demand_from_file(
            dup, weight_column="weight", study_area=CITY, counties=None, ev_per_1000_people=40, slow_share=0.5
        )
    empty = _csv(tmp_path / "e.csv", "id,weight,lon,lat\n")
    with pytest.raises(InputDataError, match="no rows"):
        demand.demand_from_file(
            empty,
            weight_column="weight",
            study_area=CITY,
            counties=None,
            ev_per_1000_people=40,
            slow_share=0.5,
        )
    mixed = tmp_path / "mixed.gpkg"
    gpd.GeoDataFrame(
        {"weight": [10.0, 5.0]},
        geometry=[Point(106.6, 30.4), LineString([(106.6, 30.4), (106.7, 30.5)])],
        crs=4326,
    ).to_file(mixed)
    with pytest.raises(InputDataError, match="row\\(s\\) 2 are LineString"):
        demand.demand_from_file(
            mixed,
            weight_column="weight",
            study_area=CITY,
            counties=None,
            ev_per_1000_people=40,
            slow_share=0.5,
        )
    terminals = _csv(tmp_path / "t.csv", "terminal_id,name,lon,lat\nA,x,106.6,30.4\nA,y,106.7,30.4\n")
    with pytest.raises(InputDataError, match="terminal_id"):
        places.points_from_file(terminals, what="terminals", id_columns=("terminal_id",))
    locked = _csv(tmp_path / "l.csv", "site_id,name,lon,lat\nL1,a,,\n")
    with pytest.raises(InputDataError, match=r"row\(s\) 1 have no longitude/latitude"):
        places.points_from_file(locked, what="locked sites", allow_missing_geometry=False)


def test_chinese_file_names_and_values_round_trip(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "广安需求点.csv",
        "编号,名称,weight,lon,lat\n1,广安区小区,1200,106.64,30.47\n2,邻水县鼎屏镇,800,106.98,30.28\n",
    )
    zones = demand.demand_from_file(
        path,
        weight_column="weight",
        study_area=CITY,
        counties=COUNTIES,
        ev_per_1000_people=40,
        slow_share=0.5,
    )
    assert zones["county_id"].tolist() == ["511602", "511623"]
    assert zones["population"].sum() == 2000
    terminals = _csv(tmp_path / "客运站.csv", "terminal_id,name_zh,lon,lat\nK1,邻水汽车站,106.98,30.28\n")
    t = places.terminals_from_file(terminals, osm_terminals=None, study_area=CITY, counties=COUNTIES)
    assert t["name"].tolist() == ["邻水汽车站"]
    bad = _csv(tmp_path / "坏文件.csv", "id,weight,lon,lat\n1,许多,106.6,30.4\n")
    with pytest.raises(InputDataError, match=r"坏文件\.csv"):
        demand.demand_from_file(
            bad, weight_column="weight", study_area=CITY, counties=None, ev_per_1000_people=40, slow_share=0.5
        )


def test_non_utf8_csv_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("id,weight,lon,lat\n1,10,106.6,30.4\n2,广安,106.6,30.4\n".encode("gbk"))
    # a GBK file is decoded (Chinese spreadsheets save it): the message is about its content, not its bytes
    with pytest.raises(InputDataError, match=r"'weight' is missing or not a finite number in row\(s\) 2"):
        demand.demand_from_file(
            path,
            weight_column="weight",
            study_area=CITY,
            counties=None,
            ev_per_1000_people=40,
            slow_share=0.5,
        )


def test_boundary_in_another_crs_is_reprojected(tmp_path: Path) -> None:
    from siting import osm

    box_m = gpd.GeoDataFrame(geometry=[shapely.box(600_000, 3_360_000, 610_000, 3_370_000)], crs=32648)
    box_m.to_file(tmp_path / "area_utm.gpkg")
    area = osm.boundary_from_file(tmp_path / "area_utm.gpkg")
    assert area.crs.to_epsg() == 4326
    lon, lat = area.geometry.iloc[0].centroid.coords[0]
    assert 106.0 < lon < 107.2 and 30.3 < lat < 30.5


def _plan_tiny(out: Path) -> int:
    from siting.cli import main

    tiny = Path(__file__).parent / "input_data" / "tiny_guangan.osm"
    return main(
        [
            "--quiet",
            "plan",
            "--osm-file",
            str(tiny),
            "--stations",
            "1",  # the second stage (2030) doubles it: both of the fixture's 2 candidate sites
            "--piles",
            "10",
            "--out",
            str(out),
            "--map-dir",
            "",
        ]
    )


def test_same_inputs_give_byte_identical_tables(tmp_path: Path) -> None:
    assert _plan_tiny(tmp_path / "a") == 0
    assert _plan_tiny(tmp_path / "b") == 0
    for name in ("plan.gpkg", "kpis.csv", "kpis_by_county.csv", "stations.csv", "shapefiles/stations.dbf"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


@pytest.mark.parametrize(("sig", "marker"), [("SIGINT", "reading roads"), ("SIGKILL", "writing")])
def test_interrupted_run_leaves_nothing_and_the_next_run_starts_clean(
    tmp_path: Path, sig: str, marker: str
) -> None:
    """The signal is sent when the run prints a step (never after a fixed sleep: independent of speed)."""
    import signal
    import subprocess
    import sys

    out = tmp_path / "demo"
    tiny = Path(__file__).parent / "input_data" / "tiny_guangan.osm"
    cmd = [
        sys.executable,
        *("-m", "siting.cli", "plan", "--osm-file", str(tiny), "--stations", "1", "--piles", "10"),
        *("--out", str(out), "--map-dir", ""),
    ]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=terminal_sigint
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if marker in line:
            break
    proc.send_signal(getattr(signal, sig))
    _, err = proc.communicate(timeout=300)
    if proc.returncode == 0:
        pytest.skip(f"the run finished between {marker!r} and the signal")
    if sig == "SIGINT":
        assert proc.returncode == 130, err
        assert "no output was written" in err
        assert sorted(p.name for p in tmp_path.iterdir()) == []
    else:
        assert proc.returncode == -signal.SIGKILL
        # a killed process cannot clean up: at most its hidden temporary folder, its lock and its write
        # probe (when the kill lands in the output check) remain, and the output folder exists only if it
        # was complete (renamed into place) before the kill
        left = [p.name for p in tmp_path.iterdir()]
        hidden = (".demo.tmp-", ".demo.lock", ".siting-probe-")
        assert all(n.startswith(hidden) or n == "demo" for n in left), left
    assert not out.exists() or (out / "manifest.json").is_file()
    # the next run starts clean and removes what a killed run left behind
    done = subprocess.run([*cmd, "--overwrite"], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo"]


# ----------------------------------------------------------------------------------------------
# siting compare: a coverage-curve point stopped by its time limit (issue 11, item 19)
# ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_prepared() -> tuple[Scenario, object]:
    from siting import pipeline as plan
    from siting.scenario import scenario_from_toml

    base = {
        "size_chargers": False,
        "grid_mode": "off",
        "corridors": False,
        "rural_min_share_stations": 0.0,
        "rural_min_share_piles": 0.0,
        "later_stages": [],
        "later_stage_stations": [],
        "later_stage_piles": [],
        "later_stage_ev_per_1000_people": [],
        "later_stage_headroom_factor": [],
    }
    fields = set(Scenario.__dataclass_fields__)
    scen = scenario_from_toml(
        n_stations=20, n_piles=100, name="base-20", **{k: v for k, v in base.items() if k in fields}
    )
    inputs = plan.inputs_from_synthetic(scen, seed=0, scale=0.1)
    return scen, plan.prepare(scen, inputs)


def test_curve_point_stopped_by_its_time_limit_is_drawn_with_its_gap(
    small_prepared: tuple[Scenario, object],
) -> None:
    from siting import comparison as compare
    from siting._warnings import collect

    scen, prepared = small_prepared
    # 1 µs: HiGHS always stops at the limit, however fast the machine; the start plan is kept
    with collect(show=False) as found:
        curve = compare.coverage_curve(scen, prepared, n_stations=[10], time_limit_s=1e-6)  # type: ignore[arg-type]
    row = curve.iloc[0]
    assert row["status"] == "time_limit" and 0 < row["gap"] < math.inf  # its stated gap, drawn
    assert 0 < row["fast_covered_share"] <= 1
    assert any("--curve-time-limit" in w and "10 stations" in w for w in found), found
    assert not any("raise time_limit_s" in w for w in found), found


def test_curve_point_without_a_plan_is_a_warning_not_exit_5(
    small_prepared: tuple[Scenario, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from siting import comparison as compare
    from siting._errors import SolverError
    from siting._warnings import collect

    def no_plan(*_args: object, **_kwargs: object) -> object:
        # what the driver raises when neither the start heuristic nor HiGHS found a plan in time (a
        # heuristic that never finishes cannot be made on demand, so the driver's error is raised here)
        raise SolverError("no plan for the station part within time_limit_s = 1 s")

    scen, prepared = small_prepared
    monkeypatch.setattr(compare.solve_mod, "solve_model", no_plan)
    with collect(show=False) as found:
        curve = compare.coverage_curve(scen, prepared, n_stations=[10], time_limit_s=1.0)  # type: ignore[arg-type]
    assert curve["status"].tolist() == ["no_plan"] and math.isnan(curve["fast_covered_share"].iloc[0])
    assert any("--curve-time-limit" in w for w in found), found
