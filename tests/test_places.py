"""Candidate sites, pile sites and terminals from OSM features and user files."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import networkx as nx
import pytest
import shapely
from shapely.geometry import Point

from siting import network, osm, places
from siting._errors import InputDataError
from siting._warnings import SitingWarning

TINY = Path(__file__).parent / "input_data" / "tiny_guangan.osm"
AREA = shapely.box(106.62, 30.46, 106.64, 30.48)
COUNTIES = gpd.read_file(Path(__file__).parents[1] / "geodata" / "guangan_counties.geojson")


@pytest.fixture(scope="module")
def tiny() -> tuple[nx.MultiDiGraph, network.RoadNetwork, gpd.GeoDataFrame]:
    G = network.add_travel_times(osm.graph_from_file(TINY))
    G, _ = network.largest_strong_component(G)
    return G, network.road_network_from_graph(G), osm.features_from_file(TINY)


def _grid_graph_with_motorway() -> nx.MultiDiGraph:
    """3 x 3 residential grid (~1 km spacing) plus a motorway spur east of it, all two-way."""
    G = nx.MultiDiGraph(crs="EPSG:4326")
    for i in range(3):
        for j in range(3):
            G.add_node(i * 3 + j, x=106.60 + 0.01 * j, y=30.40 + 0.01 * i)
    G.add_node(9, x=106.64, y=30.40)  # motorway-only node
    G.add_node(10, x=106.65, y=30.40)

    def road(u: int, v: int, hwy: str) -> None:
        for a, b in ((u, v), (v, u)):
            G.add_edge(a, b, highway=hwy, length=1000.0)

    for i in range(3):
        for j in range(2):
            road(i * 3 + j, i * 3 + j + 1, "residential")
            road(j * 3 + i, (j + 1) * 3 + i, "residential")
    road(2, 9, "motorway_link")
    road(9, 10, "motorway")
    road(10, 8, "motorway_link")
    return network.add_travel_times(G)


def test_candidates_classify_dedupe_and_lock(tiny) -> None:  # type: ignore[no-untyped-def]
    G, net, feats = tiny
    cand = places.candidates_from_features(
        feats, G, net, study_area=AREA, counties=COUNTIES, spacing_m=100, max_snap_m=2000
    )
    assert cand["site_id"].is_unique and cand["site_id"].iloc[0] == "S00001"
    kinds = dict(zip(cand["osm_id"], cand["kind"], strict=True))
    assert kinds["node/50"] == "charging_station"
    assert kinds["node/55"] == "transport_hub"  # public_transport=station
    assert kinds["way/200"] == "parking"
    assert "way/205" not in kinds  # a substation is no candidate
    assert cand.loc[cand["osm_id"] == "node/50", "existing"].item()
    assert not cand["locked"].any()
    assert set(cand["county_id"]) == {"511602"}
    # at most one unlocked candidate per road node
    snapped = places.snap_points(net, cand.geometry).node
    assert len(set(snapped.tolist())) == len(cand)
    locked = places.candidates_from_features(
        feats,
        G,
        net,
        study_area=AREA,
        counties=None,
        spacing_m=100,
        max_snap_m=2000,
        lock_existing=True,
    )
    assert locked.loc[locked["kind"] == "charging_station", "locked"].all()


def test_locked_sites_file_rows_stay_even_on_a_shared_node(tiny) -> None:  # type: ignore[no-untyped-def]
    G, net, feats = tiny
    extra = gpd.GeoDataFrame({"name": ["规划站 A"]}, geometry=[Point(106.6315, 30.4705)], crs=4326)
    cand = places.candidates_from_features(
        feats,
        G,
        net,
        study_area=AREA,
        counties=None,
        spacing_m=100,
        max_snap_m=2000,
        locked_sites=extra,
    )
    row = cand[cand["kind"] == "locked"]
    assert row["name"].tolist() == ["规划站 A"] and row["locked"].all()
    # a locked site wins its road node: the existing charger snapped to the same node is not listed twice
    assert "node/50" not in set(cand["osm_id"])


def test_road_node_sampling_skips_motorways_and_fills_empty_cells() -> None:
    G = _grid_graph_with_motorway()
    net = network.road_network_from_graph(G)
    empty = gpd.GeoDataFrame(columns=["osm_id", "name", "amenity"], geometry=[], crs=4326)
    area = shapely.box(106.59, 30.39, 106.66, 30.43)
    cand = places.candidates_from_features(
        empty, G, net, study_area=area, counties=None, spacing_m=500, max_snap_m=2000
    )
    assert set(cand["kind"]) == {"road_node"}
    assert "node/9" not in set(cand["osm_id"])  # motorway-only node
    assert "node/10" not in set(cand["osm_id"])  # motorway and its link only: no station on a ramp
    assert len(cand) == 9  # every grid node has its own 500 m cell


def test_pile_sites_capacity_rules(tiny) -> None:  # type: ignore[no-untyped-def]
    _, _, feats = tiny
    zones = gpd.GeoDataFrame(
        {"demand_id": ["D1", "D2"], "slow_demand_ev": [5.0, 0.0]},
        geometry=[
            shapely.box(106.630, 30.470, 106.632, 30.472),
            shapely.box(106.633, 30.47, 106.635, 30.472),
        ],
        crs=4326,
    )
    ps = places.pile_sites_from_features(
        feats,
        zones,
        study_area=AREA,
        counties=None,
        capacity_by_kind={"parking": 20, "residential": 30, "workplace": 20, "zone_centroid": 10},
    )
    cap = dict(zip(ps["kind"], ps["capacity_piles"], strict=True))
    assert cap["parking"] == 10  # 20% of the tagged capacity of 50
    assert cap["residential"] == 30 and cap["workplace"] == 20
    assert (ps["kind"] == "zone_centroid").sum() == 1  # only zones with slow demand
    none = places.pile_sites_from_features(
        feats,
        zones,
        study_area=AREA,
        counties=None,
        capacity_by_kind={"parking": 0, "residential": 0, "workplace": 0, "zone_centroid": 0},
    )
    # only the parking lot with a tagged capacity remains (20% of its 50 spaces)
    assert none["kind"].tolist() == ["parking"] and none["capacity_piles"].tolist() == [10]


def test_terminals_from_file_with_and_without_coordinates(tmp_path: Path) -> None:
    osm_stations = gpd.GeoDataFrame(
        {"name": ["岳池汽车站", "其他站"], "name_en": ["", ""], "source": ["", ""]},
        geometry=[Point(106.44, 30.54), Point(106.45, 30.55)],
        crs=4326,
    )
    csv = tmp_path / "t.csv"
    csv.write_text(
        "terminal_id,name_zh,name_en,lon,lat\n"
        "A1,广安汽车总站,Main,106.64,30.47\n"
        "A2,岳池汽车站,Yuechi,,\n"
        "A3,不存在的站,Nowhere,,\n",
        encoding="utf-8",
    )
    area = shapely.box(106.0, 30.0, 107.3, 30.9)
    with pytest.warns(SitingWarning, match="1 terminal.* no coordinates .*不存在的站"):
        t = places.terminals_from_file(csv, osm_terminals=osm_stations, study_area=area, counties=COUNTIES)
    assert t["terminal_id"].tolist() == ["A1", "A2"]
    assert t.geometry.iloc[1].equals(Point(106.44, 30.54))
    assert "located by name" in t["source"].iloc[1]
    assert t["county_id"].tolist() == ["511602", "511621"]


def test_points_from_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InputDataError, match="not found"):
        places.points_from_file(tmp_path / "none.csv", what="terminals")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lon,lat\nx,500,30\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="row\\(s\\) 1 have longitude/latitude out of range"):
        places.points_from_file(bad, what="locked sites")
