"""Hostile but realistic inputs (issue 11, the input half; issue 12 item 5): every point file the scenario
accepts goes through one reader, is checked against the study area before any work, and fails with one
error naming the file, the rows and the fix — never a silent substitution.

The plans run through :func:`siting.cli.main` on the tiny OSM extract of ``tests/input_data`` (a few roads
in Guang'an District), with scenario files and point files written into ``tmp_path``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from siting import coords
from siting._errors import InputDataError, ScenarioError
from siting.cli import main
from siting.pointfile import read_point_file
from siting.scenario import default_scenario_path, scenario_from_toml

TINY = Path(__file__).parent / "input_data" / "tiny_guangan.osm"
#: Two points inside the tiny extract's study area (its road hull), WGS-84.
INSIDE = [(106.6320, 30.4710), (106.6330, 30.4715)]
#: Far outside it (Chengdu), still valid degrees.
OUTSIDE = [(104.06, 30.66), (104.07, 30.67)]

BASE_TOML = 'name = "hostile"\nn_stations = 2\nn_piles = 10\n'


def _plan(tmp_path: Path, toml: str, *extra: str) -> tuple[int, Path]:
    scenario = tmp_path / "s.toml"
    scenario.write_text(BASE_TOML + toml, encoding="utf-8")
    out = tmp_path / "out"
    if out.exists():
        shutil.rmtree(out)
    args = ["--quiet", "plan", str(scenario), "--osm-file", str(TINY), "--out", str(out), "--map-dir", ""]
    return main([*args, "--first-stage-only", *extra]), out


def _csv(path: Path, header: str, rows: list[str], *, sep: str = ",", encoding: str = "utf-8") -> Path:
    text = "\n".join([header.replace(",", sep), *(r.replace(",", sep) for r in rows)]) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


# ---- item 1: locked sites outside the study area ------------------------------------------------------


def test_swapped_locked_site_is_an_error_naming_the_file_and_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (lon, lat) = INSIDE[0]
    _csv(tmp_path / "locked.csv", "site_id,lon,lat", [f"L7,{lat},{lon}"])
    code, out = _plan(tmp_path, 'locked_sites_file = "locked.csv"\n')
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "locked.csv" in err and "row(s) 1" in err and "swapped" in err


def test_swap_that_stays_in_degree_range_is_named_too(tmp_path: Path) -> None:
    # a Malta point written lat-first lands in Eritrea: valid degrees, found by the area check
    area = shapely.box(35.0, 14.0, 36.0, 15.0)
    path = _csv(tmp_path / "sites.csv", "id,lon,lat", ["M1,14.5,35.5", "M2,14.6,35.4"])
    with pytest.raises(InputDataError, match=r"rows with ids M1, M2 .*sites.csv lie outside .* swapped\?"):
        read_point_file(path, what="locked sites", study_area=area, id_columns=("site_id",))


def test_gcj02_points_without_their_crs_get_the_gcj_hint(tmp_path: Path) -> None:
    area = shapely.Point(106.63, 30.47).buffer(0.002)
    glon, glat = coords.wgs84_to_gcj02(106.63, 30.47)
    path = _csv(tmp_path / "poi.csv", "lng,lat", [f"{glon},{glat}"])
    with pytest.raises(InputDataError, match=r'row 1 of .*poi.csv lies outside .*crs = "GCJ-02"'):
        read_point_file(path, what="locked sites", study_area=area)


# ---- item 2: a terminals file is never replaced by OSM ----------------------------------------------


@pytest.mark.parametrize(
    ("rows", "needle"),
    [
        ([f"T1,a,{OUTSIDE[0][0]},{OUTSIDE[0][1]}"], "lies outside the study area"),
        ([f"T1,a,{INSIDE[0][1]},{INSIDE[0][0]}"], "are longitude and latitude swapped?"),
    ],
)
def test_terminals_outside_or_swapped_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: list[str], needle: str
) -> None:
    _csv(tmp_path / "terminals.csv", "terminal_id,name,lon,lat", rows)
    code, _ = _plan(tmp_path, 'terminals_file = "terminals.csv"\n')
    err = capsys.readouterr().err
    assert code == 2 and "terminals.csv" in err and needle in err


@pytest.mark.parametrize(
    ("header", "sep", "encoding"),
    [
        ("编号,名称,经度,纬度", ",", "utf-8"),
        ("id,name,lng,lat", ";", "utf-8-sig"),
        ("编号,名称,经度,纬度", "\t", "gbk"),
    ],
)
def test_terminals_with_the_headers_users_have_are_used(
    tmp_path: Path, header: str, sep: str, encoding: str
) -> None:
    lon, lat = INSIDE[0]
    _csv(tmp_path / "terminals.txt", header, [f"T9,汽车站甲,{lon},{lat}"], sep=sep, encoding=encoding)
    code, out = _plan(tmp_path, 'terminals_file = "terminals.txt"\n')
    assert code == 0
    terminals = pyogrio.read_dataframe(out / "plan.gpkg", layer="terminals")
    assert terminals["name"].tolist() == ["汽车站甲"]


# ---- item 3: county names must match a county -------------------------------------------------------


def test_unknown_county_name_fails_with_did_you_mean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = 'counties_file = "guangan_counties.geojson"\ncounty_min_stations = { "Yuechi Countyy" = 1 }\n'
    code, _ = _plan(tmp_path, toml)
    err = capsys.readouterr().err
    assert code == 2 and "county_min_stations.Yuechi Countyy" in err and "Yuechi County'?" in err


def test_county_table_without_counties_file_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = _plan(tmp_path, "county_min_stations = { Est = 1 }\n")
    assert code == 2 and "no counties_file" in capsys.readouterr().err


# ---- item 4: a substations file whose rows all lie outside ------------------------------------------


def test_substations_all_outside_fail_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _csv(
        tmp_path / "subs.csv",
        "substation_id,voltage_kv,lon,lat",
        [f"P{i},110,{x},{y}" for i, (x, y) in enumerate(OUTSIDE)],
    )
    code, _ = _plan(tmp_path, 'substations_file = "subs.csv"\n')
    err = capsys.readouterr().err
    assert code == 2 and "subs.csv" in err and "P0, P1" in err and "every located row" in err


# ---- items 5 and 6: --crs and --write-model ----------------------------------------------------------


@pytest.mark.parametrize("crs", ["EPSG:5773", "EPSG:4978"])
def test_crs_must_be_horizontal(tmp_path: Path, capsys: pytest.CaptureFixture[str], crs: str) -> None:
    code, out = _plan(tmp_path, "", "--crs", crs)
    err = capsys.readouterr().err
    assert code == 2 and "--crs" in err and "not a horizontal CRS" in err and not out.exists()


def test_write_model_into_a_missing_folder_fails_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text(BASE_TOML, encoding="utf-8")
    out = tmp_path / "out"
    model = tmp_path / "missing" / "m.mps"
    code = main(
        ["plan", str(scenario), "--osm-file", str(TINY), "--out", str(out), "--write-model", str(model)]
    )
    err = capsys.readouterr().err
    assert code == 2 and "--write-model" in err and "does not exist" in err and not out.exists()
    assert "road" not in err.lower()  # refused before any work: not even the roads were read


# ---- item 7: numeric sanity --------------------------------------------------------------------------


def test_tiny_demand_weights_are_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _csv(
        tmp_path / "demand.csv",
        "id,weight,lon,lat",
        [f"{i},1e-300,{x},{y}" for i, (x, y) in enumerate(INSIDE)],
    )
    code, _ = _plan(tmp_path, 'demand_file = "demand.csv"\n')
    err = capsys.readouterr().err
    assert code == 2 and "demand.csv" in err and "less than one person" in err


def test_negative_county_population_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import geopandas as gpd

    counties = gpd.read_file(default_scenario_path().parent / "guangan_counties.geojson")
    counties.loc[0, "population"] = -50000
    counties.to_file(tmp_path / "counties.geojson")
    code, _ = _plan(tmp_path, 'counties_file = "counties.geojson"\n')
    err = capsys.readouterr().err
    assert code == 2 and "counties.geojson" in err and "row(s) 1" in err


@pytest.mark.parametrize("seed", [-1, 2**32])
def test_seed_outside_highs_range_is_refused(tmp_path: Path, seed: int) -> None:
    (tmp_path / "s.toml").write_text(f"seed = {seed}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"'seed' must lie in 0\.\.2147483647"):
        scenario_from_toml(tmp_path / "s.toml")


# ---- items 16, 17, 18: options blamed by name; compare scale; a copied shipped scenario ---------------


@pytest.mark.parametrize(
    ("option", "value"), [("--piles", "0"), ("--stations", "0"), ("--time-limit", "nan"), ("--gap", "-1")]
)
def test_cli_options_are_blamed_by_their_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    code, _ = _plan(tmp_path, "", option, value)
    err = capsys.readouterr().err
    assert code == 2 and f"{option} {value}" in err and "s.toml" not in err


def test_compare_synthetic_scale_too_small(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shipped = str(default_scenario_path())
    code = main(
        ["--quiet", "compare", shipped, shipped, "--synthetic-scale", "1e-6", "--out", str(tmp_path / "c")]
    )
    assert code == 2 and "--synthetic-scale" in capsys.readouterr().err


def test_a_copy_of_the_shipped_scenario_finds_the_shipped_data(tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "guangan.toml"
    copy.parent.mkdir()
    shutil.copy(default_scenario_path(), copy)
    scenario = scenario_from_toml(copy)
    assert scenario.counties_file is not None and scenario.counties_file.is_file()
    assert scenario.terminals_file is not None and scenario.terminals_file.is_file()


# ---- issue 12 item 5: GCJ-02 / BD-09 point files ------------------------------------------------------


@pytest.mark.parametrize(
    ("crs", "forward"),
    [
        ("GCJ-02", coords.wgs84_to_gcj02),
        ("BD-09", lambda x, y: coords.gcj02_to_bd09(*coords.wgs84_to_gcj02(x, y))),
    ],
)
def test_locked_sites_in_chinese_datums_are_converted(
    tmp_path: Path, crs: str, forward: Callable[[float, float], tuple[float, float]]
) -> None:
    lon, lat = INSIDE[0]
    glon, glat = forward(lon, lat)
    _csv(tmp_path / "locked.csv", "site_id,经度,纬度", [f"L1,{glon!r},{glat!r}"])
    code, out = _plan(tmp_path, f'locked_sites_file = {{ path = "locked.csv", crs = "{crs}" }}\n')
    assert code == 0
    stations = pd.read_csv(out / "stations.csv")
    locked = stations[stations["locked"]]
    assert len(locked) == 1
    assert locked["lon"].iloc[0] == pytest.approx(lon, abs=1e-5) and locked["lat"].iloc[0] == pytest.approx(
        lat, abs=1e-5
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["scenario"]["file_crs"] == {"locked_sites_file": crs}


def test_bad_input_crs_is_a_scenario_error(tmp_path: Path) -> None:
    (tmp_path / "s.toml").write_text('input_crs = "EPSG:5773"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="not a horizontal CRS"):
        scenario_from_toml(tmp_path / "s.toml")


# ---- the property: every point input, generated hostile files ----------------------------------------

#: scenario key → (file header, a row for point (lon, lat) number i, what proves the rows were used).
_KINDS: dict[str, tuple[str, Callable[[int, float, float], str]]] = {
    "locked_sites_file": ("site_id,name,{lon},{lat}", lambda i, x, y: f"L{i},站{i},{x!r},{y!r}"),
    "terminals_file": ("terminal_id,name,{lon},{lat}", lambda i, x, y: f"T{i},客运站{i},{x!r},{y!r}"),
    "demand_file": ("demand_id,weight,{lon},{lat}", lambda i, x, y: f"D{i},5000,{x!r},{y!r}"),
    "substations_file": ("substation_id,voltage_kv,{lon},{lat}", lambda i, x, y: f"P{i},110,{x!r},{y!r}"),
}
_HEADERS = [("lon", "lat"), ("lng", "latitude"), ("经度", "纬度"), ("x", "y"), ("Longitude", "Latitude")]
_VARIANTS = ["ok", "gcj", "bd", "swapped", "outside", "empty", "odd_header"]


def _rows_used(key: str, out: Path) -> bool:
    if key == "locked_sites_file":
        return int(pd.read_csv(out / "stations.csv")["locked"].sum()) >= 1
    if key == "terminals_file":
        names = pyogrio.read_dataframe(out / "plan.gpkg", layer="terminals")["name"].tolist()
        return bool(names) and all(n.startswith("客运站") for n in names)
    if key == "demand_file":
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        return "demand file" in json.dumps(manifest, ensure_ascii=False)
    return set(pd.read_csv(out / "stations.csv")["substation_id"].dropna()) <= {"P0", "P1"}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key=st.sampled_from(sorted(_KINDS)),
    variant=st.sampled_from(_VARIANTS),
    header=st.sampled_from(_HEADERS),
    sep=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk"]),
)
def test_every_point_input_is_used_or_refused_naming_the_file(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    key: str,
    variant: str,
    header: tuple[str, str],
    sep: str,
    encoding: str,
) -> None:
    tmp_path = tmp_path_factory.mktemp("prop")
    template, row = _KINDS[key]
    points = OUTSIDE if variant == "outside" else INSIDE
    crs = {"gcj": "GCJ-02", "bd": "BD-09"}.get(variant)
    if variant == "gcj":
        points = [coords.wgs84_to_gcj02(x, y) for x, y in points]
    elif variant == "bd":
        points = [coords.gcj02_to_bd09(*coords.wgs84_to_gcj02(x, y)) for x, y in points]
    rows = [row(i, x, y) for i, (x, y) in enumerate(points)]
    if variant == "swapped":
        rows = [row(i, y, x) for i, (x, y) in enumerate(points)]
    lon, lat = ("where", "place") if variant == "odd_header" else header
    name = f"{key.removesuffix('_file')}.csv"
    _csv(
        tmp_path / name,
        template.format(lon=lon, lat=lat),
        [] if variant == "empty" else rows,
        sep=sep,
        encoding=encoding,
    )
    value = f'{{ path = "{name}", crs = "{crs}" }}' if crs else f'"{name}"'
    code, out = _plan(tmp_path, f"{key} = {value}\n")
    err = capsys.readouterr().err
    if variant in ("ok", "gcj", "bd"):
        assert code == 0, err
        assert _rows_used(key, out), (key, variant)
    else:
        assert code == 2, (key, variant, err)
        assert name in err and not out.exists()


# ---- item 14: grids are sized before they are built --------------------------------------------------


def test_a_one_metre_grid_is_refused_with_the_figure_and_the_fix() -> None:
    from siting.demand import check_grid_size

    area_m = shapely.box(0, 0, 17_000, 28_000)  # Malta's extent in metres
    with pytest.raises(
        ScenarioError, match=r"'grid_cell_m' = 1 gives about 476,000,000 demand zones .* at least 30 m"
    ):
        check_grid_size(area_m, 1.0)
    assert check_grid_size(area_m, 1000.0) == 17 * 28


def test_a_single_zone_grid_warns(tmp_path: Path) -> None:

    code, out = _plan(tmp_path, "grid_cell_m = 1e9\n")
    assert code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert any("one demand zone" in w for w in manifest["warnings"])


# ---- item 13: OSM extracts with missing nodes or JOSM negative ids -----------------------------------


def _osm_variant(tmp_path: Path, name: str, edit: Callable[[str], str]) -> Path:
    path = tmp_path / name
    path.write_text(edit(TINY.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def test_josm_negative_ids_plan_like_positive_ones(tmp_path: Path) -> None:
    import re

    from siting import osm

    def negate(text: str) -> str:
        return re.sub(r'((?:node|way) id|nd ref)="(\d+)"', r'\1="-\2"', text)

    G = osm.graph_from_file(_osm_variant(tmp_path, "josm.osm", negate))
    reference = osm.graph_from_file(TINY)
    assert (len(G), G.number_of_edges()) == (len(reference), reference.number_of_edges())


def test_clipped_extract_plans_on_what_can_be_located(tmp_path: Path) -> None:
    import re

    from siting import osm
    from siting._warnings import collect

    def clip(text: str) -> str:
        return re.sub(r'<node id="(3|6|7|8)"[^>]*?(/>|>.*?</node>)', "", text, flags=re.S)

    with collect() as found:
        G = osm.graph_from_file(_osm_variant(tmp_path, "clipped.osm", clip))
    assert len(G) > 0
    assert any("clipped.osm" in w and "were left out" in w for w in found)


def test_compare_names_the_scenario_that_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ok = tmp_path / "ok.toml"
    ok.write_text(BASE_TOML, encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "too-many"\nn_stations = 500\nn_piles = 10\n', encoding="utf-8")
    args = ["--quiet", "compare", str(ok), str(bad), "--osm-file", str(TINY), "--no-curve"]
    code = main([*args, "--out", str(tmp_path / "c")])
    assert code == 4 and "scenario 'too-many'" in capsys.readouterr().err


def test_a_locked_site_out_of_grid_reach_is_named_by_the_users_file_and_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (x0, y0), (x1, y1) = INSIDE
    _csv(tmp_path / "locked.csv", "site_id,lon,lat", [f"L7,{x0},{y0}"])
    _csv(tmp_path / "subs.csv", "substation_id,voltage_kv,lon,lat", [f"P1,110,{x1},{y1}"])
    toml = 'locked_sites_file = "locked.csv"\nsubstations_file = "subs.csv"\nmax_grid_distance_m = 10\n'
    code, _ = _plan(tmp_path, toml)
    err = capsys.readouterr().err
    assert code == 4 and "locked sites file locked.csv, id L7" in err and "locked site 0" not in err
