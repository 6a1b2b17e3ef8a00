"""Demand zones and user demand layers."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
import shapely
from shapely.geometry import Point

from siting import demand
from siting._errors import InputDataError

COUNTIES = gpd.read_file(Path(__file__).parents[1] / "geodata" / "guangan_counties.geojson")


def _streets(lon0: float, lat0: float, n: int = 4) -> nx.MultiDiGraph:
    """A small residential street grid (about 100 m spacing) at (lon0, lat0)."""
    G = nx.MultiDiGraph(crs="EPSG:4326")
    for i in range(n):
        for j in range(n):
            G.add_node(i * n + j, x=lon0 + 0.001 * j, y=lat0 + 0.001 * i)
    for i in range(n):
        for j in range(n - 1):
            for u, v in ((i * n + j, i * n + j + 1), (j * n + i, (j + 1) * n + i)):
                G.add_edge(u, v, highway="residential", length=100.0)
                G.add_edge(v, u, highway="residential", length=100.0)
    return G


def test_county_population_is_shared_by_evidence() -> None:
    # Two street grids in Qianfeng (511603), none elsewhere: all of Qianfeng's census population lands
    # in the zones holding streets, in proportion to street length.
    qianfeng = COUNTIES[COUNTIES["county_id"] == "511603"]
    area = qianfeng.geometry.iloc[0]
    G = nx.union(_streets(106.89, 30.49), _streets(106.90, 30.50, n=3), rename=("a", "b"))
    empty = gpd.GeoDataFrame(columns=["building", "landuse"], geometry=[], crs=4326)
    zones, basis = demand.demand_zones(
        area,
        G,
        empty,
        counties=qianfeng,
        crs_m="EPSG:32648",
        cell_m=2000,
        ev_per_1000_people=40,
        slow_share=0.5,
    )
    assert basis == "census by county"
    assert zones["population"].sum() == pytest.approx(232_255)
    assert zones["fast_demand_ev"].sum() == pytest.approx(232_255 * 0.04)
    assert zones["slow_demand_ev"].sum() == pytest.approx(232_255 * 0.02)
    assert set(zones["county_id"]) == {"511603"}
    assert zones["demand_id"].is_unique
    # a 4x4 grid has 24 street segments, a 3x3 grid 12: populations in ratio 2:1 (if in different cells)
    if len(zones) == 2:
        assert sorted(zones["population"]) == pytest.approx([232_255 / 3, 2 * 232_255 / 3])


def test_without_census_the_index_is_relative_and_labelled() -> None:
    G = _streets(8.5, 49.4)
    area = shapely.box(8.49, 49.39, 8.51, 49.41)
    empty = gpd.GeoDataFrame(columns=["building", "landuse"], geometry=[], crs=4326)
    zones, basis = demand.demand_zones(
        area,
        G,
        empty,
        counties=None,
        crs_m="EPSG:32632",
        cell_m=500,
        ev_per_1000_people=40,
        slow_share=0.5,
    )
    assert basis.startswith("relative index")
    assert zones["population"].sum() == pytest.approx(demand.INDEX_POPULATION)
    zones, basis = demand.demand_zones(
        area,
        G,
        empty,
        counties=None,
        crs_m="EPSG:32632",
        cell_m=500,
        ev_per_1000_people=40,
        slow_share=0.5,
        population_total=5000,
    )
    assert basis == "scenario population_total"
    assert zones["population"].sum() == pytest.approx(5000)


def _write_csv(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def test_demand_file_replaces_the_grid(tmp_path: Path) -> None:
    csv = _write_csv(
        tmp_path / "d.csv",
        "id,weight,lon,lat\n1,1000,106.64,30.47\n2,500,106.89,30.49\n3,0,106.7,30.4\n",
    )
    zones = demand.demand_from_file(
        csv,
        weight_column="weight",
        study_area=COUNTIES.union_all(),
        counties=COUNTIES,
        ev_per_1000_people=40,
        slow_share=0.5,
    )
    assert zones["population"].tolist() == [1000.0, 500.0]  # zero weight dropped
    assert zones["county_id"].tolist() == ["511602", "511603"]


def test_demand_file_problems_are_listed_together(tmp_path: Path) -> None:
    csv = _write_csv(
        tmp_path / "d.csv",
        "id,weight,lon,lat\n1,abc,106.64,30.47\n2,-5,106.89,30.49\n3,10,,\n4,,106.7,30.5\n",
    )
    with pytest.raises(InputDataError) as info:
        demand.demand_from_file(
            csv,
            weight_column="weight",
            study_area=COUNTIES.union_all(),
            counties=None,
            ev_per_1000_people=40,
            slow_share=0.5,
        )
    msg = str(info.value)
    assert len(info.value.problems) == 3
    assert "row(s) 1, 4" in msg  # non-numeric and missing
    assert "negative in row(s) 2" in msg
    assert "row(s) 3 have no geometry" in msg
    with pytest.raises(InputDataError, match="no column 'pop'"):
        demand.demand_from_file(
            csv,
            weight_column="pop",
            study_area=COUNTIES.union_all(),
            counties=None,
            ev_per_1000_people=40,
            slow_share=0.5,
        )


def test_demand_file_outside_the_study_area(tmp_path: Path) -> None:
    gpkg = tmp_path / "d.gpkg"
    gpd.GeoDataFrame({"weight": [10.0]}, geometry=[Point(8.5, 49.4)], crs=4326).to_file(gpkg)
    with pytest.raises(InputDataError, match=r"row 1 of demand file .* lies outside the study area"):
        demand.demand_from_file(
            gpkg,
            weight_column="weight",
            study_area=COUNTIES.union_all(),
            counties=None,
            ev_per_1000_people=40,
            slow_share=0.5,
        )


def test_evidence_ignores_expressways() -> None:
    G = nx.MultiDiGraph(crs="EPSG:4326")
    G.add_node(0, x=106.6, y=30.4)
    G.add_node(1, x=106.61, y=30.4)
    G.add_edge(0, 1, highway="motorway", length=1000.0)
    zones = gpd.GeoDataFrame(geometry=[shapely.box(106.59, 30.39, 106.62, 30.41)], crs=4326).to_crs(32648)
    assert demand.evidence_scores(zones, G, None, "EPSG:32648").tolist() == [0.0]  # type: ignore[arg-type]
    G.add_edge(1, 0, highway="residential", length=1000.0)
    assert demand.evidence_scores(zones, G, None, "EPSG:32648") == pytest.approx(np.array([0.5]))  # type: ignore[arg-type]
