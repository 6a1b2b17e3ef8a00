"""Hostile inputs, the classes behind issue 11 (second pass): every large structure sized before it is built,
projected and Chinese CRSs read easting first and checked against the study area, JOSM negative ids that keep
every feature, and new hostile cases of the same classes (scenario files, counties, boundaries, point tables).

Helpers and the tiny OSM extract are those of :mod:`test_inputs_hostile`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import shapely
from test_inputs_hostile import BASE_TOML, INSIDE, TINY, _csv, _osm_variant, _plan

from siting._errors import InputDataError, ScenarioError
from siting.cli import main
from siting.inputs import inputs_from_synthetic
from siting.pointfile import read_point_file
from siting.scenario import scenario_from_toml

# ---- item 14 (the class): every large structure is estimated before it is built -------------------------


@pytest.fixture(scope="module")
def small_city() -> tuple[object, object]:
    scenario = scenario_from_toml(Path(__file__).parent / "golden" / "base.toml")
    return scenario, inputs_from_synthetic(scenario, seed=0, scale=0.01)


#: Every candidate within reach of every zone of the small city.
WHOLE_AREA = {"fast_minutes": 600.0, "grid_cell_m": 150.0}


@pytest.mark.parametrize(
    ("changes", "structure", "key"),
    [
        # a site on every road node, reached from every zone: ~16,700 zones x ~6,500 sites > 50 M pairs
        (WHOLE_AREA | {"candidate_spacing_m": 1.0}, "travel-time matrix", "candidate_spacing_m"),
        (WHOLE_AREA | {"candidate_spacing_m": 1.0}, "MIP", "grid_cell_m"),
        (WHOLE_AREA | {"candidate_spacing_m": 1.0}, "travel-time matrix", "fast_minutes"),
        ({"walk_m": 90_000.0, "grid_cell_m": 200.0}, "walking matrix", "walk_m"),
    ],
)
def test_tiny_spacing_and_cells_are_refused_before_any_build(
    small_city: tuple[object, object], changes: dict[str, float], structure: str, key: str
) -> None:
    from siting.prepare import prepare

    scenario, inputs = small_city
    said: list[str] = []
    with pytest.raises(ScenarioError) as info:
        prepare(scenario.replace(**changes), inputs, progress=said.append)  # type: ignore[attr-defined,arg-type]
    text = str(info.value)
    assert structure in text and key in text and "before the demand grid is built" in text
    assert "of memory" in text and "available" in text  # the estimate against the machine's memory
    assert said == []  # nothing was built: not even the demand zones


@pytest.mark.parametrize(
    ("changes", "pairs"),
    [({"candidate_spacing_m": 2.0, "grid_cell_m": 150.0}, 1_761_656), (WHOLE_AREA, 11_712_168)],
)
def test_large_but_workable_studies_are_not_refused(
    small_city: tuple[object, object], changes: dict[str, float], pairs: int
) -> None:
    # these were refused before (zones counted on empty cells, reach at the 90th-percentile speed in a
    # straight line): built, they hold 1.8 M and 11.7 M pairs (measured), far below the 50 M ceiling
    from siting.prepare import _check_sizes_before_demand, _sizes

    scenario, inputs = small_city
    changed = scenario.replace(**changes)  # type: ignore[attr-defined]
    _check_sizes_before_demand(changed, inputs)  # type: ignore[arg-type]
    # the estimate from the zones and sites those runs built (16,684 zones; 4,929 and 702 sites)
    n_cand = 4_929 if changes.get("candidate_spacing_m") == 2.0 else 702
    sizes = _sizes(changed, inputs, n_zones=16_684, n_cand=n_cand, n_piles=17_725)  # type: ignore[arg-type]
    fast = next(s for s in sizes if s.what.startswith("travel-time matrix"))
    assert 0.5 * pairs <= fast.entries <= 5.0 * pairs
    assert fast.entries < 50_000_000


def test_tiny_candidate_spacing_alone_is_bounded_by_the_road_nodes(small_city: tuple[object, object]) -> None:
    # one candidate per spacing cell is at most one per road node: 1 m spacing on a small city is a
    # (slower) plan, not a structure too large, and is not refused
    from siting.prepare import prepare

    scenario, inputs = small_city
    prepared = prepare(scenario.replace(candidate_spacing_m=1.0), inputs)  # type: ignore[attr-defined,arg-type]
    assert len(prepared.candidates) <= len(inputs.net.x_m) + len(inputs.features)  # type: ignore[attr-defined]


def test_size_check_uses_the_memory_available() -> None:
    from siting.sizes import Size, available_memory_bytes, check_sizes

    assert available_memory_bytes() > 0
    small = [Size("walking matrix (demand zones × pile sites)", 1_000_000, "pairs", "lower walk_m")]
    check_sizes(small, step="now", available=10**12)
    with pytest.raises(ScenarioError, match=r"~48 MB of memory; 10 MB available.*lower walk_m"):
        check_sizes(small, step="now", available=10_000_000)


# ---- item 5 (the class): projected and Chinese CRSs — axis order and the study area --------------------

#: A small study area around INSIDE (WGS-84).
AREA = shapely.box(106.62, 30.46, 106.65, 30.48)


def _xy(points: object) -> list[float]:
    """x0, y0, x1, y1… of a GeoDataFrame's points or of (x, y) pairs."""
    pairs = [(p.x, p.y) for p in points.geometry] if hasattr(points, "geometry") else points
    return [float(v) for pair in pairs for v in pair]  # type: ignore[union-attr]


def _projected(crs: str) -> list[tuple[float, float]]:
    """INSIDE in ``crs``, easting (x) first as users write it."""
    import pyproj

    tr = pyproj.Transformer.from_crs(4326, crs, always_xy=True)
    return [tr.transform(lon, lat) for lon, lat in INSIDE]


@pytest.mark.parametrize("crs", ["EPSG:32648", "EPSG:4545", "EPSG:4544"])
def test_projected_points_are_converted_into_the_area(tmp_path: Path, crs: str) -> None:
    # EPSG:4545/4544 (CGCS2000 3-degree Gauss-Krüger) officially list northing first: x must still be easting
    rows = [f"S{i},{x:.3f},{y:.3f}" for i, (x, y) in enumerate(_projected(crs))]
    path = _csv(tmp_path / "sites.csv", "id,x,y", rows)
    gdf = read_point_file(path, what="locked sites", crs=crs, study_area=AREA, id_columns=("site_id",))
    assert _xy(gdf) == pytest.approx(_xy(INSIDE), abs=1e-7)
    assert crs in gdf.attrs["crs_note"] and "converted to WGS-84" in gdf.attrs["crs_note"]


@pytest.mark.parametrize("crs", ["EPSG:32648", "EPSG:4545"])
def test_projected_points_with_x_and_y_swapped_are_named(tmp_path: Path, crs: str) -> None:
    rows = [f"S{i},{y:.3f},{x:.3f}" for i, (x, y) in enumerate(_projected(crs))]
    path = _csv(tmp_path / "sites.csv", "id,x,y", rows)
    with pytest.raises(InputDataError) as info:
        read_point_file(path, what="locked sites", crs=crs, study_area=AREA, id_columns=("site_id",))
    text = str(info.value)
    assert "sites.csv" in text and ("S0, S1" in text or "row(s) 1–2" in text)
    assert "x and y swapped" in text


def test_cgcs2000_degrees_are_longitude_first_and_a_swap_is_named(tmp_path: Path) -> None:
    # EPSG:4490's official axis order is latitude first; the file gives lon, lat columns by name
    path = _csv(tmp_path / "sites.csv", "id,lon,lat", [f"S{i},{x},{y}" for i, (x, y) in enumerate(INSIDE)])
    gdf = read_point_file(path, what="locked sites", crs="EPSG:4490", study_area=AREA)
    assert _xy(gdf) == pytest.approx(_xy(INSIDE))
    swapped = _csv(
        tmp_path / "swapped.csv", "id,lon,lat", [f"S{i},{y},{x}" for i, (x, y) in enumerate(INSIDE)]
    )
    with pytest.raises(InputDataError, match=r"swapped\.csv.*(swapped|out of range)"):
        read_point_file(swapped, what="locked sites", crs="EPSG:4490", study_area=AREA)


def test_a_gis_file_in_utm_with_swapped_coordinates_is_named(tmp_path: Path) -> None:
    import geopandas as gpd

    good = _projected("EPSG:32648")
    layer = gpd.GeoDataFrame({"id": ["G1", "G2"]}, geometry=[shapely.Point(y, x) for x, y in good], crs=32648)
    path = tmp_path / "subs.gpkg"
    layer.to_file(path)
    with pytest.raises(InputDataError, match=r"G1, G2 .*subs\.gpkg.*x and y swapped\? In EPSG:32648"):
        read_point_file(path, what="substations", study_area=AREA, id_columns=("substation_id",))
    layer.set_geometry([shapely.Point(x, y) for x, y in good]).to_file(path)
    gdf = read_point_file(path, what="substations", study_area=AREA)
    assert _xy(gdf) == pytest.approx(_xy(INSIDE), abs=1e-7)


def test_points_outside_the_projected_crs_domain_are_named(tmp_path: Path) -> None:
    # a UTM easting/northing pair swapped beyond the projection's domain cannot be converted at all
    path = _csv(tmp_path / "sites.csv", "id,x,y", ["S1,3371000,1e9"])
    with pytest.raises(InputDataError, match=r"sites\.csv.*read as EPSG:3857 .* lies at .*study area spans"):
        read_point_file(path, what="locked sites", crs="EPSG:3857", study_area=AREA)


@pytest.mark.parametrize(("crs", "code"), [("EPSG:32633", 2), ("EPSG:4547", 2), ("EPSG:32648", 0)])
def test_output_crs_must_cover_the_study_area(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], crs: str, code: int
) -> None:
    got, out = _plan(tmp_path, "", "--crs", crs)
    err = capsys.readouterr().err
    assert got == code, err
    if code:
        assert f"--crs {crs}" in err and "EPSG:32648" in err and not out.exists()
    else:
        import geopandas as gpd

        stations = gpd.read_file(out / "plan.gpkg", layer="stations")
        x, y = stations.geometry.x.to_numpy(), stations.geometry.y.to_numpy()
        assert (x > 100_000).all() and (x < 900_000).all() and (y > 3_000_000).all()  # easting, northing


# ---- item 13 (the class): JOSM files — negative node, way and relation ids keep every feature ------------

#: A bus station drawn in JOSM (new objects: negative ids, no version), beside the tiny extract's roads.
JOSM_BUS_STATION = """
  <node id="-9001" action="modify" lat="30.4712" lon="106.6322"/>
  <node id="-9002" action="modify" lat="30.4712" lon="106.6326"/>
  <node id="-9003" action="modify" lat="30.4716" lon="106.6326"/>
  <node id="-9004" action="modify" lat="30.4716" lon="106.6322"/>
  <way id="-9100" action="modify">
    <nd ref="-9001"/><nd ref="-9002"/><nd ref="-9003"/><nd ref="-9004"/><nd ref="-9001"/>
    <tag k="amenity" v="bus_station"/>
    <tag k="name" v="广安汽车站"/>
  </way>
</osm>"""


def _josm(text: str) -> str:
    """Every id of the tiny extract negated, as JOSM numbers new objects, plus a new bus-station area."""
    import re

    text = re.sub(
        r'((?:node|way|relation) id|nd ref|member type="(?:node|way)" ref)="(\d+)"', r'\1="-\2"', text
    )
    return text.replace("</osm>", JOSM_BUS_STATION)


def test_josm_features_from_negative_ids_are_all_kept(tmp_path: Path) -> None:
    from siting import osm, places

    reference = osm.features_from_file(TINY)
    josm = osm.features_from_file(_osm_variant(tmp_path, "josm.osm", _josm))
    # every feature of the file with positive ids, under the user's (negative) ids, same geometry
    expected = {
        f"{i.split('/')[0]}/-{i.split('/')[1]}": g
        for i, g in zip(reference["osm_id"], reference.geometry, strict=True)
    }
    got = dict(zip(josm["osm_id"], josm.geometry, strict=True))
    assert set(expected) <= set(got) and "way/-9100" in got
    assert all(got[k].equals_exact(g, 1e-9) for k, g in expected.items())
    area = shapely.box(106.62, 30.46, 106.65, 30.48)
    terminals = places.terminals_from_features(josm, study_area=area, counties=None)
    assert list(terminals["source"]) == ["OSM way/-9100"] and list(terminals["name"]) == ["广安汽车站"]


def test_a_josm_file_plans_with_its_negative_id_bus_station(tmp_path: Path) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text(BASE_TOML, encoding="utf-8")
    josm = _osm_variant(tmp_path, "josm.osm", _josm)
    out = tmp_path / "out"
    args = ["--quiet", "plan", str(scenario), "--osm-file", str(josm), "--out", str(out), "--map-dir", ""]
    assert main([*args, "--first-stage-only"]) == 0
    import geopandas as gpd

    terminals = gpd.read_file(out / "plan.gpkg", layer="terminals")
    assert list(terminals["name"]) == ["广安汽车站"]  # the bus station drawn in JOSM (way -9100)


# ---- brief item 7: new hostile cases of the same classes (each failed or misled before this session) -------


def _geojson(path: Path, features: list[dict[str, object]], **extra: object) -> Path:
    path.write_text(
        json.dumps({"type": "FeatureCollection", **extra, "features": features}), encoding="utf-8"
    )
    return path


def _polygon(box: tuple[float, float, float, float], **props: object) -> dict[str, object]:
    w, s, e, n = box
    ring = [[w, s], [e, s], [e, n], [w, n], [w, s]]
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _raw_plan(tmp_path: Path, data: bytes, *extra: str) -> int:
    scenario = tmp_path / "raw.toml"
    scenario.write_bytes(data)
    out = tmp_path / "out"
    args = ["--quiet", "plan", str(scenario), "--osm-file", str(TINY), "--out", str(out), "--map-dir", ""]
    return main([*args, "--first-stage-only", *extra])


@pytest.mark.parametrize(
    ("data", "code", "needle"),
    [
        (b"", 2, "has no keys"),  # was: a plan with every Guang'an default (254 stations), exit 4
        (b"\n# only a comment\n", 2, "has no keys"),
        (("\ufeff" + BASE_TOML).encode("utf-8"), 0, ""),  # a BOM (Notepad): was 'not valid TOML'
        ((BASE_TOML + 'title_zh = "广安"\n').encode("gbk"), 2, "is not UTF-8 text"),
        ((BASE_TOML + "n_stations = 3\n").encode(), 2, "not valid TOML"),  # a duplicate key
        (b'name = "a\\nb"\nn_stations = 2\nn_piles = 10\n', 2, "key 'name' contains a control character"),
        ((BASE_TOML + 'title_en = "x\\u0000y"\n').encode(), 2, "key 'title_en' contains a control character"),
        (b'name = "h"\nn_stations = 2\nn_piles = 1000000000\n', 2, "'n_piles' must lie in 1..100000000"),
        ((BASE_TOML + "time_limit_s = 1e-300\n").encode(), 2, "'time_limit_s' must lie in 0.1..10000000"),
    ],
)
def test_hostile_scenario_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, code: int, needle: str
) -> None:
    assert _raw_plan(tmp_path, data) == code
    err = capsys.readouterr().err
    assert needle in err and "raw.toml" in err if code else err == ""


def test_counties_with_duplicate_names_or_ids_and_absurd_population(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    left, right = (106.62, 30.46, 106.632, 30.48), (106.632, 30.46, 106.65, 30.48)
    _geojson(
        tmp_path / "cty.geojson",
        [
            _polygon(left, county_id="1", name_en="A", population=1000),
            _polygon(right, county_id="2", name_en="A", population=1000),
        ],
    )
    code, _ = _plan(tmp_path, 'counties_file = "cty.geojson"\ncounty_min_stations = { A = 1 }\n')
    err = capsys.readouterr().err
    assert code == 2 and "'county_min_stations.A' matches 2 counties" in err and "county_id 1, 2" in err
    _geojson(
        tmp_path / "cty.geojson",
        [_polygon(left, county_id="1", population=1e300), _polygon(right, county_id="1", population=5)],
    )
    code, _ = _plan(tmp_path, 'counties_file = "cty.geojson"\n')
    err = capsys.readouterr().err  # was: exit 5, "no plan within time_limit_s" (a population of 1e300)
    assert (
        code == 2 and "'population' is missing, negative, not a number or above" in err and "row(s) 1" in err
    )
    assert "column 'county_id' has duplicate ids (1)" in err


@pytest.mark.parametrize(
    ("box", "needle"),
    [
        ((-179.0, -89.0, 179.0, 89.0), "takes areas up to 20° across"),  # was: 22 GB of memory, then killed
        ((106.0, 30.0, 107.0, 31.0), "times the area the extract's roads cover"),  # demand where no road is
    ],
)
def test_a_boundary_far_larger_than_the_extract_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], box: tuple[float, float, float, float], needle: str
) -> None:
    boundary = _geojson(tmp_path / "area.geojson", [_polygon(box)])
    code, out = _plan(tmp_path, "", "--boundary", str(boundary))
    err = capsys.readouterr().err
    assert code == 2 and needle in err and "area.geojson" in err and not out.exists()


def test_a_geojson_with_a_crs_member_is_converted(tmp_path: Path) -> None:
    # the pre-2016 GeoJSON 'crs' member (here UTM 48N): GDAL reads it, the sites land where they should
    (x, y) = _projected("EPSG:32648")[0]
    point = {
        "type": "Feature",
        "properties": {"site_id": "G1"},
        "geometry": {"type": "Point", "coordinates": [x, y]},
    }
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32648"}}
    _geojson(tmp_path / "locked.geojson", [point], crs=crs)
    code, out = _plan(tmp_path, 'locked_sites_file = "locked.geojson"\n')
    assert code == 0
    locked = pd.read_csv(out / "stations.csv", encoding="utf-8-sig").query("locked")
    assert len(locked) == 1  # at the UTM point, not 700 km away (read as degrees) nor refused
    assert (
        abs(locked["lon"].iloc[0] - INSIDE[0][0]) < 0.002
        and abs(locked["lat"].iloc[0] - INSIDE[0][1]) < 0.002
    )


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        (
            "thousands.csv",
            'site_id,lon,lat\nL1,"106,632.0","30,471.0"\n',
            "have coordinates that are not numbers",
        ),
        ("header_only.csv", "site_id,lon,lat\n", "the layer has no rows"),
        ("excel.csv", b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4, "is neither UTF-8 nor GBK text"),
        ("inf.csv", f"site_id,lon,lat\nL1,inf,{INSIDE[0][1]}\n", "out of range"),
    ],
)
def test_hostile_point_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | bytes, needle: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    code, out = _plan(tmp_path, f'locked_sites_file = "{name}"\n')
    err = capsys.readouterr().err
    assert code == 2 and name in err and needle in err and not out.exists()


def test_an_osm_file_that_is_an_html_error_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "guangan.osm"
    page.write_text(
        "<!DOCTYPE html><html><head><title>504 Gateway Time-out</title></head></html>", encoding="utf-8"
    )
    scenario = tmp_path / "s.toml"
    scenario.write_text(BASE_TOML, encoding="utf-8")
    code = main(["--quiet", "plan", str(scenario), "--osm-file", str(page), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and "guangan.osm" in err and "corrupt" in err


@pytest.mark.parametrize(
    ("option", "value"), [("--gap", "1e-300"), ("--time-limit", "1e-300"), ("--stations", "10000000")]
)
def test_cli_overrides_outside_the_keys_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    code, _ = _plan(tmp_path, "", option, value)
    err = capsys.readouterr().err
    assert code == 2 and f"{option} {value}: give a value in" in err and "s.toml" not in err


def test_an_undefined_kpi_share_prints_n_a_with_its_reason_never_nan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # slow_share = 0: no slow-charging demand, so 'slow-charging demand served' has a zero denominator
    scenario = tmp_path / "s.toml"
    scenario.write_text(BASE_TOML + "slow_share = 0\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["plan", str(scenario), "--osm-file", str(TINY), "--out", str(out), "--map-dir", ""]
    assert main([*args, "--first-stage-only"]) == 0
    printed = capsys.readouterr().out
    assert "slow-charging demand served n/a (no slow-charging demand)" in printed
    assert "nan" not in printed.lower()
