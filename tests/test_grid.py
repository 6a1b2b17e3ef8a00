"""Substations, headroom assumptions and grid reach (:mod:`siting.grid`)."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Point, Polygon

from siting import grid
from siting._errors import InputDataError, ScenarioError
from siting.grid import (
    DEFAULT_HEADROOM_KW_BY_KV,
    DEFAULT_HEADROOM_KW_UNKNOWN,
    OSM_SOURCE,
    SUBSTATION_COLUMNS,
    grid_reach,
    headroom_for_voltage,
    parse_voltage_kv,
    substations_from_features,
    substations_from_file,
)

UTM = "EPSG:32648"
# a reference point in Guang'an, projected to UTM 48N
X0, Y0 = gpd.GeoSeries([Point(106.63, 30.47)], crs=4326).to_crs(UTM).iloc[0].coords[0]


# --------------------------------------------------------------------------------------------------
# Voltage tags and headroom
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("110000", 110.0),
        ("110000;35000;10000", 110.0),
        ("10000;220000", 220.0),
        (" 35000 ; 10000 ", 35.0),
        ("110000,35000", 110.0),
        ("110 kV", 110.0),
        ("35kV;10kV", 35.0),
        ("10000 V", 10.0),
        ("400", 0.4),
        ("medium;35000", 35.0),
        (110000, 110.0),
        (500000.0, 500.0),
    ],
)
def test_parse_voltage_kv(value: object, expected: float) -> None:
    assert parse_voltage_kv(value) == pytest.approx(expected)


@pytest.mark.parametrize(
    "value", [None, "", "   ", ";", "medium", "high voltage", math.nan, 0, -110000, True]
)
def test_parse_voltage_kv_missing_is_nan(value: object) -> None:
    assert math.isnan(parse_voltage_kv(value))


def test_default_headroom_table_is_monotone_and_documented() -> None:
    levels = sorted(DEFAULT_HEADROOM_KW_BY_KV)
    assert levels == [10.0, 35.0, 66.0, 110.0, 220.0, 500.0]
    values = [DEFAULT_HEADROOM_KW_BY_KV[k] for k in levels]
    assert values == sorted(values)
    assert DEFAULT_HEADROOM_KW_UNKNOWN == 8000.0
    doc = grid.__doc__ or ""
    assert "not found" in doc
    assert "assumption" in doc


@pytest.mark.parametrize(
    ("kv", "expected"),
    [
        (500.0, 60_000.0),
        (750.0, 60_000.0),
        (220.0, 40_000.0),
        (132.0, 16_000.0),
        (110.0, 16_000.0),
        (66.0, 10_000.0),
        (35.0, 6_000.0),
        (10.0, 1_500.0),
        (0.4, 1_500.0),
        (math.nan, DEFAULT_HEADROOM_KW_UNKNOWN),
    ],
)
def test_headroom_for_voltage(kv: float, expected: float) -> None:
    assert headroom_for_voltage(kv) == expected


def test_headroom_overrides_and_invalid_settings() -> None:
    table = {110.0: 20_000.0, 35.0: 5_000.0}
    assert headroom_for_voltage(220.0, headroom_by_kv=table) == 20_000.0
    assert headroom_for_voltage(10.0, headroom_by_kv=table) == 5_000.0
    assert headroom_for_voltage(math.nan, default_headroom_kw=123.0) == 123.0
    with pytest.raises(ScenarioError) as err:
        headroom_for_voltage(110.0, headroom_by_kv={110.0: -1.0, -5.0: 10.0}, default_headroom_kw=math.inf)
    assert len(err.value.problems) == 3


# --------------------------------------------------------------------------------------------------
# Substations from features
# --------------------------------------------------------------------------------------------------


def _features(with_voltage: bool = True) -> gpd.GeoDataFrame:
    square = Polygon([(106.600, 30.400), (106.602, 30.400), (106.602, 30.402), (106.600, 30.402)])
    data: dict[str, list[object]] = {
        "osm_id": ["node/1", "way/2", "node/3", "node/4", "node/5"],
        "name": ["东变电站", "西变电站", None, "加油站", "远变电站"],
        "amenity": [None, None, None, "fuel", None],
        "power": ["substation", "substation", "substation", None, "substation"],
    }
    if with_voltage:
        data["voltage"] = ["110000;35000;10000", "220000", None, None, "35000"]
    geoms = [Point(106.70, 30.45), square, Point(106.65, 30.50), Point(106.66, 30.46), Point(108.0, 31.0)]
    return gpd.GeoDataFrame(data, geometry=geoms, crs=4326)


def test_substations_from_features() -> None:
    area = shapely.box(106.5, 30.3, 106.8, 30.6)
    subs = substations_from_features(_features(), study_area=area)
    assert list(subs.columns) == SUBSTATION_COLUMNS
    assert subs.crs.to_epsg() == 4326
    # west to east: the polygon (106.601), the untagged one (106.65), the 110 kV one (106.70); the
    # substation at 108° E is outside the study area and the fuel station is not a substation
    assert list(subs["substation_id"]) == ["S001", "S002", "S003"]
    assert list(subs["name"]) == ["西变电站", "", "东变电站"]
    np.testing.assert_array_equal(subs["voltage_kv"].to_numpy(), [220.0, np.nan, 110.0])
    assert list(subs["headroom_kw"]) == [40_000.0, DEFAULT_HEADROOM_KW_UNKNOWN, 16_000.0]
    assert list(subs["headroom_source"]) == ["voltage default", "unknown voltage default", "voltage default"]
    assert set(subs["source"]) == {OSM_SOURCE}
    assert (subs.geom_type == "Point").all()
    assert subs.geometry.iloc[0].within(_features().geometry.iloc[1])


def test_substations_from_features_without_voltage_column_and_overrides() -> None:
    feats = _features(with_voltage=False)
    subs = substations_from_features(feats, default_headroom_kw=5000.0, source="synthetic (not real)")
    assert len(subs) == 4
    assert subs["voltage_kv"].isna().all()
    assert (subs["headroom_kw"] == 5000.0).all()
    assert (subs["headroom_source"] == "unknown voltage default").all()
    assert (subs["source"] == "synthetic (not real)").all()
    table = {35.0: 1000.0, 200.0: 2000.0}
    custom = substations_from_features(_features(), headroom_by_kv=table)
    assert dict(zip(custom["name"], custom["headroom_kw"], strict=True)) == {
        "西变电站": 2000.0,
        "": DEFAULT_HEADROOM_KW_UNKNOWN,
        "东变电站": 1000.0,
        "远变电站": 1000.0,
    }


def test_substations_from_features_label_and_empty() -> None:
    feats = _features()
    feats.attrs["source_label"] = "synthetic road network (not real roads)"
    assert set(substations_from_features(feats)["source"]) == {"synthetic road network (not real roads)"}
    none = substations_from_features(feats[feats["power"].isna()])
    assert none.empty
    assert list(none.columns) == SUBSTATION_COLUMNS


# --------------------------------------------------------------------------------------------------
# Substations from a file
# --------------------------------------------------------------------------------------------------


def test_substations_from_csv(tmp_path: Path) -> None:
    path = tmp_path / "subs.csv"
    path.write_text(
        "substation_id,name,voltage_kv,headroom_kw,lon,lat\n"
        "B,北站,110,,106.70,30.50\n"
        "A,南站,35,2500,106.60,30.40\n"
        "C,无电压,,,106.80,30.45\n",
        encoding="utf-8",
    )
    subs = substations_from_file(path)
    assert list(subs.columns) == SUBSTATION_COLUMNS
    assert list(subs["substation_id"]) == ["A", "B", "C"]
    assert list(subs["headroom_kw"]) == [2500.0, 16_000.0, DEFAULT_HEADROOM_KW_UNKNOWN]
    assert list(subs["headroom_source"]) == ["file", "voltage default", "unknown voltage default"]
    assert set(subs["source"]) == {"file subs.csv"}
    assert subs.geometry.iloc[0].equals(Point(106.60, 30.40))
    # study area filter
    inside = substations_from_file(path, study_area=shapely.box(106.65, 30.3, 106.9, 30.6))
    assert list(inside["substation_id"]) == ["B", "C"]


def test_substations_from_xy_csv_without_ids(tmp_path: Path) -> None:
    path = tmp_path / "xy.csv"
    path.write_text("x,y,voltage_kv\n106.7,30.5,220\n106.6,30.4,10\n", encoding="utf-8")
    subs = substations_from_file(path)
    assert list(subs["substation_id"]) == ["S001", "S002"]
    assert list(subs["headroom_kw"]) == [1_500.0, 40_000.0]


def test_substations_from_geopackage(tmp_path: Path) -> None:
    path = tmp_path / "subs.gpkg"
    square = Polygon([(0, 0), (200, 0), (200, 200), (0, 200)])
    gdf = gpd.GeoDataFrame(
        {"id": ["P1", "P2"], "headroom_kw": [3000.0, np.nan]},
        geometry=[Point(X0, Y0), shapely.affinity.translate(square, X0 + 1000, Y0)],
        crs=UTM,
    )
    gdf.to_file(path)
    subs = substations_from_file(path)
    assert list(subs["substation_id"]) == ["P1", "P2"]
    assert list(subs["headroom_source"]) == ["file", "unknown voltage default"]
    assert subs.crs.to_epsg() == 4326
    assert subs.geometry.iloc[0].distance(Point(106.63, 30.47)) < 1e-7


def test_substations_file_problems_are_listed_together(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "substation_id,voltage_kv,headroom_kw,lon,lat\n"
        "S1,110,-5,106.6,30.4\n"
        "S1,abc,lots,106.7,30.5\n"
        "S3,-35,100,,\n"
        ",10,100,106.8,300\n",
        encoding="utf-8",
    )
    with pytest.raises(InputDataError) as err:
        substations_from_file(path)
    problems = err.value.problems
    text = str(err.value)
    assert len(problems) == 8, text
    assert all(str(path) in p for p in problems)
    assert "row(s) 4 have longitude/latitude out of range" in text
    assert "'substation_id' is empty in row(s) 4" in text
    assert "duplicate ids (S1)" in text
    assert "row(s) 3, 4 have no geometry" in text
    assert "'voltage_kv' is not a finite number in row(s) 2" in text
    assert "'voltage_kv' is not positive in row(s) 3" in text
    assert "'headroom_kw' is not a finite number in row(s) 2" in text
    assert "'headroom_kw' is negative in row(s) 1" in text
    assert "Traceback" not in text
    assert err.value.__cause__ is None


def test_substations_file_negative_headroom_and_fatal_errors(tmp_path: Path) -> None:
    neg = tmp_path / "neg.csv"
    neg.write_text("name,headroom_kw,lon,lat\na,-5,106.6,30.4\n", encoding="utf-8")
    with pytest.raises(InputDataError, match=r"'headroom_kw' is negative in row\(s\) 1; give kW >= 0"):
        substations_from_file(neg)
    with pytest.raises(InputDataError, match="not found"):
        substations_from_file(tmp_path / "missing.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("name,lon,lat\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="no rows"):
        substations_from_file(empty)
    nocoords = tmp_path / "nocoords.csv"
    nocoords.write_text("name,headroom_kw\na,x\n", encoding="utf-8")
    with pytest.raises(InputDataError) as err:
        substations_from_file(nocoords)
    assert any("no longitude/latitude columns" in p for p in err.value.problems)
    assert any("'headroom_kw' is not a finite number" in p for p in err.value.problems)


# --------------------------------------------------------------------------------------------------
# Grid reach
# --------------------------------------------------------------------------------------------------


def _layout() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Substations at (0, 0) and (10 km, 0); candidates at (300, 400), (10 km, 0) and (0, 5 km)."""
    subs = gpd.GeoDataFrame(
        {"substation_id": ["S001", "S002"]},
        geometry=[Point(X0, Y0), Point(X0 + 10_000, Y0)],
        crs=UTM,
    ).to_crs(4326)
    cands = gpd.GeoDataFrame(
        {"site_id": ["A", "B", "C"]},
        geometry=[Point(X0 + 300, Y0 + 400), Point(X0 + 10_000, Y0), Point(X0, Y0 + 5_000)],
        crs=UTM,
    ).to_crs(4326)
    return cands, subs


def test_grid_reach_require() -> None:
    cands, subs = _layout()
    reach = grid_reach(cands, subs, crs_m=UTM, max_distance_m=2_000.0, mode="require")
    d = reach.distance_m
    assert d.shape == (3, 2)
    assert d.nnz == 2
    assert d[0, 0] == pytest.approx(500.0, abs=1e-3)  # 3-4-5 triangle
    # candidate B stands on substation S002: the distance is clamped, the entry stays explicit
    assert d[1, 1] == pytest.approx(grid.MIN_DISTANCE_M)
    assert (d.data > 0).all()
    assert list(reach.unreachable) == [False, False, True]
    assert reach.beyond_reach.nnz == 0
    assert reach.excess_m.nnz == 0
    assert reach.mode == "require"
    # a 6 km reach adds C-S001 (5 km); A-S002 (9.7 km) and C-S002 (11.2 km) stay out
    wide = grid_reach(cands, subs, crs_m=UTM, max_distance_m=6_000.0, mode="require")
    assert wide.distance_m.nnz == 3
    assert wide.distance_m[2, 0] == pytest.approx(5_000.0, abs=1e-3)
    assert not wide.unreachable.any()


def test_grid_reach_cost() -> None:
    cands, subs = _layout()
    reach = grid_reach(cands, subs, crs_m=UTM, max_distance_m=2_000.0, mode="cost")
    d = reach.distance_m.toarray()
    np.testing.assert_allclose(d, [[500.0, 0.0], [0.0, grid.MIN_DISTANCE_M], [5_000.0, 0.0]], atol=1e-3)
    np.testing.assert_array_equal(reach.beyond_reach.toarray(), [[0.0, 0.0], [0.0, 0.0], [1.0, 0.0]])
    np.testing.assert_allclose(reach.excess_m.toarray(), [[0.0, 0.0], [0.0, 0.0], [3_000.0, 0.0]], atol=1e-3)
    assert not reach.unreachable.any()
    # every beyond-reach entry is also an allowed connection
    assert (reach.distance_m.multiply(reach.beyond_reach) != 0).sum() == reach.beyond_reach.nnz


def test_grid_reach_no_substations_and_invalid_arguments() -> None:
    cands, subs = _layout()
    empty = grid_reach(cands, subs.iloc[:0], crs_m=UTM, max_distance_m=2_000.0, mode="cost")
    assert empty.distance_m.shape == (3, 0)
    assert empty.unreachable.all()
    with pytest.raises(ScenarioError, match="'require', 'cost'"):
        grid_reach(cands, subs, crs_m=UTM, max_distance_m=2_000.0, mode="nearest")
    with pytest.raises(ScenarioError, match="not projected"):
        grid_reach(cands, subs, crs_m="EPSG:4326", max_distance_m=2_000.0, mode="cost")
    with pytest.raises(ScenarioError) as err:
        grid_reach(cands, subs, crs_m="EPSG:32648", max_distance_m=-1.0, mode="x")
    assert len(err.value.problems) == 2


def test_grid_reach_matches_brute_force() -> None:
    rng = np.random.default_rng(0)
    cxy = rng.uniform(0, 20_000, (200, 2))
    sxy = rng.uniform(0, 20_000, (15, 2))
    cands = gpd.GeoDataFrame(geometry=gpd.points_from_xy(cxy[:, 0] + X0, cxy[:, 1] + Y0), crs=UTM)
    subs = gpd.GeoDataFrame(geometry=gpd.points_from_xy(sxy[:, 0] + X0, sxy[:, 1] + Y0), crs=UTM)
    full = np.hypot(*(cxy[:, None, :] - sxy[None, :, :]).transpose(2, 0, 1))
    reach = grid_reach(cands, subs, crs_m=UTM, max_distance_m=2_500.0, mode="cost")
    within = full <= 2_500.0
    nearest = full.argmin(axis=1)
    expected = np.where(within, full, 0.0)
    far = ~within.any(axis=1)
    expected[far, nearest[far]] = full[far, nearest[far]]
    np.testing.assert_allclose(reach.distance_m.toarray(), expected, atol=1e-6)
    assert reach.beyond_reach.nnz == int(far.sum())
    require = grid_reach(cands, subs, crs_m=UTM, max_distance_m=2_500.0, mode="require")
    np.testing.assert_array_equal(require.unreachable, far)


# --------------------------------------------------------------------------------------------------
# Synthetic Guang'an
# --------------------------------------------------------------------------------------------------


def test_synthetic_guangan_substations() -> None:
    from siting.synthetic import METRIC_CRS, synthetic_guangan

    city = synthetic_guangan(seed=0, target_nodes=8000)
    area = city.boundary.union_all()
    subs = substations_from_features(city.features, study_area=area)
    # one or two beside each county seat (110 kV, then 35 kV) and one 35 kV beside every town
    assert len(subs) > 12
    assert subs["substation_id"].is_unique
    assert subs.within(area).all()
    kv = subs["voltage_kv"].to_numpy()
    assert set(kv.tolist()) == {110.0, 35.0}
    assert int((kv == 110.0).sum()) == 6
    assert (subs.loc[kv == 110.0, "headroom_kw"] == DEFAULT_HEADROOM_KW_BY_KV[110]).all()
    assert (subs.loc[kv == 35.0, "headroom_kw"] == DEFAULT_HEADROOM_KW_BY_KV[35]).all()
    again = substations_from_features(synthetic_guangan(seed=0, target_nodes=8000).features, study_area=area)
    assert list(again["substation_id"]) == list(subs["substation_id"])
    assert again.geometry.geom_equals(subs.geometry).all()
    reach = grid_reach(subs, subs, crs_m=METRIC_CRS, max_distance_m=1.0, mode="require")
    assert reach.distance_m.nnz == len(subs)
    assert not reach.unreachable.any()
