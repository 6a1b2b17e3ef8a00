"""Tests of the synthetic Guang'an (:mod:`siting.synthetic`).

One city is generated per module (about 2 s) and shared by the read-only tests; the determinism test
generates a second one with the same seed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from pyproj import Geod
from scipy.spatial import cKDTree

from siting.scenario import geodata_path
from siting.synthetic import (
    FEATURE_COLUMNS,
    METRIC_CRS,
    SEAT_SHARE,
    SOURCE_LABEL,
    SOURCE_LABEL_ZH,
    TOWN_SHARE,
    SyntheticCity,
    synthetic_city,
    synthetic_guangan,
)

DRIVABLE = {
    "motorway",
    "motorway_link",
    "trunk",
    "primary",
    "secondary",
    "tertiary",
    "unclassified",
    "residential",
    "service",
}
EXPRESSWAY = {"motorway", "motorway_link"}


@pytest.fixture(scope="module")
def city() -> SyntheticCity:
    """The default synthetic Guang'an (seed 0)."""
    return synthetic_guangan()


@pytest.fixture(scope="module")
def nodes_m(city: SyntheticCity) -> tuple[np.ndarray, np.ndarray]:
    """Node ids and their projected coordinates (EPSG:32648)."""
    ids = np.fromiter(city.graph.nodes, dtype=np.int64)
    pts = gpd.GeoSeries.from_xy(
        [city.graph.nodes[n]["x"] for n in ids], [city.graph.nodes[n]["y"] for n in ids], crs=4326
    ).to_crs(METRIC_CRS)
    return ids, np.column_stack([pts.x.to_numpy(), pts.y.to_numpy()])


def _edge_table(G: nx.MultiDiGraph) -> list[tuple[int, int, int, tuple[tuple[str, object], ...]]]:
    return [(u, v, k, tuple(sorted(d.items()))) for u, v, k, d in G.edges(keys=True, data=True)]


# --------------------------------------------------------------------------------------------------
# Determinism and size
# --------------------------------------------------------------------------------------------------
def test_same_seed_gives_identical_city(city: SyntheticCity) -> None:
    again = synthetic_guangan(seed=0)
    assert list(again.graph.nodes(data=True)) == list(city.graph.nodes(data=True))
    assert _edge_table(again.graph) == _edge_table(city.graph)
    assert again.graph.graph == city.graph.graph
    assert_geodataframe_equal(again.features, city.features)
    assert_geodataframe_equal(again.settlements, city.settlements)
    assert_geodataframe_equal(again.terminals, city.terminals)


def test_other_seed_gives_other_city() -> None:
    a = synthetic_guangan(seed=1, target_nodes=8_000)
    b = synthetic_guangan(seed=2, target_nodes=8_000)
    xa = [d["x"] for _, d in a.graph.nodes(data=True)]
    xb = [d["x"] for _, d in b.graph.nodes(data=True)]
    assert xa[:500] != xb[:500]
    assert 6_000 <= a.graph.number_of_nodes() <= 10_000


def test_node_count_in_range(city: SyntheticCity) -> None:
    n = city.graph.number_of_nodes()
    assert 30_000 <= n <= 60_000, n
    assert city.graph.number_of_edges() > 1.8 * n


def test_generation_scale() -> None:
    # no wall-clock bounds (they failed on a loaded machine): speed is measured in benchmarks/scale.py
    big = synthetic_guangan(scale=3.0)
    assert big.graph.number_of_nodes() >= 100_000
    assert synthetic_guangan(seed=3).graph.number_of_nodes() > 0


@pytest.mark.parametrize(("kwargs"), [{"target_nodes": 0}, {"scale": 0.0}, {"scale": math.nan}])
def test_bad_arguments_raise(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must be positive"):
        synthetic_guangan(**kwargs)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------
# Graph conventions
# --------------------------------------------------------------------------------------------------
def test_graph_attributes_follow_osmnx_conventions(city: SyntheticCity) -> None:
    G = city.graph
    assert isinstance(G, nx.MultiDiGraph)
    assert G.graph["crs"] == "EPSG:4326"
    assert G.graph["source_label"] == SOURCE_LABEL == "synthetic road network (not real roads)"
    assert G.graph["source_label_zh"] == SOURCE_LABEL_ZH == "合成路网（非真实道路）"
    assert G.graph["data_date"] is None
    assert G.graph["synthetic"] is True
    assert all(isinstance(n, int) for n in G.nodes)
    for _, d in G.nodes(data=True):
        assert set(d) == {"x", "y"}
        assert 105.9 < d["x"] < 107.4 and 30.0 < d["y"] < 30.9
    highways: Counter[str] = Counter()
    n_speed = 0
    for _, _, d in G.edges(data=True):
        assert isinstance(d["highway"], str) and d["highway"] in DRIVABLE
        assert isinstance(d["oneway"], bool)
        assert d["length"] > 0
        highways[d["highway"]] += 1
        if "maxspeed" in d:
            n_speed += 1
            assert isinstance(d["maxspeed"], str) and d["maxspeed"].isdigit()
    assert set(highways) == DRIVABLE
    assert 0.01 < n_speed / G.number_of_edges() < 0.3  # a realistic minority is tagged


def test_edge_lengths_are_geodesic_and_nodes_dense(city: SyntheticCity) -> None:
    G = city.graph
    u, v, length = zip(*((u, v, d["length"]) for u, v, d in G.edges(data=True)), strict=True)
    x = np.array([G.nodes[n]["x"] for n in G.nodes])
    y = np.array([G.nodes[n]["y"] for n in G.nodes])
    index = {n: i for i, n in enumerate(G.nodes)}
    iu = np.array([index[n] for n in u])
    iv = np.array([index[n] for n in v])
    _, _, dist = Geod(ellps="WGS84").inv(x[iu], y[iu], x[iv], y[iv])
    np.testing.assert_allclose(np.array(length), dist, rtol=1e-9)
    # intermediate nodes every ~100-400 m along roads
    assert np.max(length) < 600.0
    assert 100.0 < np.median(length) < 400.0


def test_two_way_roads_have_both_directions(city: SyntheticCity) -> None:
    G = city.graph
    pairs = Counter((u, v) for u, v, d in G.edges(data=True) if not d["oneway"])
    assert all(pairs[(v, u)] >= 1 for (u, v) in pairs)
    oneway = Counter(d["highway"] for _, _, d in G.edges(data=True) if d["oneway"])
    assert oneway["motorway"] > 0 and oneway["motorway_link"] > 0
    assert oneway["residential"] > 0  # one-way pairs in the big seats


def test_largest_strongly_connected_component(
    city: SyntheticCity, record_property: Callable[[str, object], None]
) -> None:
    G = city.graph
    share = max(len(c) for c in nx.strongly_connected_components(G)) / G.number_of_nodes()
    record_property("scc_share", share)
    print(f"largest strongly connected component: {share:.4%} of nodes")
    assert share >= 0.95


def test_all_nodes_inside_city_boundary(city: SyntheticCity, nodes_m: tuple[np.ndarray, np.ndarray]) -> None:
    _, xy = nodes_m
    boundary = city.boundary.to_crs(METRIC_CRS).union_all()
    outside = ~shapely.contains_xy(boundary, xy[:, 0], xy[:, 1])
    if outside.any():
        dist = shapely.distance(boundary, shapely.points(xy[outside]))
        assert dist.max() < 50.0


# --------------------------------------------------------------------------------------------------
# Expressways
# --------------------------------------------------------------------------------------------------
def test_expressways_meet_other_roads_only_through_links(city: SyntheticCity) -> None:
    G = city.graph
    for n in G.nodes:
        kinds = {d["highway"] for _, _, d in G.in_edges(n, data=True)}
        kinds |= {d["highway"] for _, _, d in G.out_edges(n, data=True)}
        if "motorway" in kinds:
            assert kinds <= EXPRESSWAY, (n, kinds)


def test_expressway_routes_and_carriageways(city: SyntheticCity) -> None:
    motorway = [d for _, _, d in city.graph.edges(data=True) if d["highway"] == "motorway"]
    refs = {d.get("ref") for d in motorway}
    assert {"G42", "G65", "G75", "G85", "渝广支线"} <= refs
    assert "遂广高速" in {d.get("name") for d in motorway}
    assert all(d["oneway"] for d in motorway)
    assert {d.get("maxspeed") for d in motorway} >= {"100", "120"}
    links = [d for _, _, d in city.graph.edges(data=True) if d["highway"] == "motorway_link"]
    assert all(d["oneway"] for d in links)


@pytest.mark.parametrize(
    ("route", "counties"),
    [
        ("G42", {"511602", "511603", "511623"}),
        ("G65", {"511623"}),
        ("G75", {"511621", "511622"}),
        ("G85", {"511602"}),
        ("遂广高速", {"511621"}),
        ("渝广支线", {"511603", "511681"}),
    ],
)
def test_expressways_pass_their_counties(city: SyntheticCity, route: str, counties: set[str]) -> None:
    G = city.graph
    nodes = {
        u
        for u, _, d in G.edges(data=True)
        if d["highway"] == "motorway" and route in (d.get("ref"), d.get("name"))
    }
    x = [G.nodes[n]["x"] for n in nodes]
    y = [G.nodes[n]["y"] for n in nodes]
    crossed = {
        str(cid)
        for cid, poly in zip(city.counties["county_id"], city.counties.geometry, strict=True)
        if shapely.contains_xy(poly, x, y).any()
    }
    assert counties <= crossed, crossed


def test_service_areas_reachable_from_carriageways(city: SyntheticCity) -> None:
    G = city.graph
    services = city.features[city.features["highway"] == "services"]
    assert len(services) >= 6
    service_edges = [(u, v) for u, v, d in G.edges(data=True) if d["highway"] == "service"]
    assert len(service_edges) == len(services)
    for u, v in service_edges:
        assert any(d["highway"] == "motorway_link" for _, _, d in G.in_edges(u, data=True))
        assert any(d["highway"] == "motorway_link" for _, _, d in G.out_edges(v, data=True))
        assert nx.has_path(G, v, u)


# --------------------------------------------------------------------------------------------------
# Settlements
# --------------------------------------------------------------------------------------------------
def test_settlement_populations_sum_to_census(city: SyntheticCity) -> None:
    s = city.settlements
    assert list(s.columns) == [
        "settlement_id",
        "name",
        "name_en",
        "county_id",
        "kind",
        "population",
        "geometry",
    ]
    assert s.crs == "EPSG:4326"
    assert s["settlement_id"].is_unique
    census = city.counties.set_index("county_id")["population"].astype(int)
    totals = s.groupby("county_id")["population"].sum()
    for cid, pop in census.items():
        assert totals[cid] == pop, cid
    assert s["population"].min() > 0
    seats = s[s["kind"] == "county_seat"].set_index("county_id")
    for cid, share in SEAT_SHARE.items():
        assert seats.loc[cid, "population"] == round(share * census[cid])
    towns = s[s["kind"] == "town"].groupby("county_id")
    for cid, share in TOWN_SHARE.items():
        assert towns["population"].sum()[cid] == round(share * census[cid])
        assert 10 <= towns.size()[cid] <= 30
    urban = s.loc[s["kind"] != "village", "population"].sum() / census.sum()
    assert 0.43 < urban < 0.48  # urbanisation about 45 %
    assert (s["kind"] == "village").sum() > 1_000


def test_settlement_names_are_synthetic_except_seats(city: SyntheticCity) -> None:
    s = city.settlements
    seats_csv = pd.read_csv(geodata_path("guangan_seats.csv"), dtype={"county_id": str})
    seats = s[s["kind"] == "county_seat"]
    assert sorted(seats["name"]) == sorted(seats_csv["seat_zh"])
    others = s[s["kind"] != "county_seat"]
    assert others["name"].str.match(r"^示例(镇|村) \d+$").all()
    assert others["name_en"].str.match(r"^Synthetic (town|village) \d+$").all()
    assert others["name"].is_unique


def test_settlements_inside_their_county(city: SyntheticCity) -> None:
    s = city.settlements.to_crs(METRIC_CRS)
    counties = city.counties.to_crs(METRIC_CRS).set_index("county_id")
    for cid, group in s.groupby("county_id"):
        poly = counties.loc[cid, "geometry"]
        assert shapely.contains_xy(poly, group.geometry.x, group.geometry.y).all(), cid
    seats_csv = pd.read_csv(geodata_path("guangan_seats.csv"), dtype={"county_id": str})
    seats = city.settlements[city.settlements["kind"] == "county_seat"].set_index("county_id")
    for row in seats_csv.itertuples():
        geom = seats.loc[row.county_id, "geometry"]
        assert geom.x == pytest.approx(row.lon) and geom.y == pytest.approx(row.lat)


# --------------------------------------------------------------------------------------------------
# Terminals
# --------------------------------------------------------------------------------------------------
def test_terminals_match_geodata_and_lie_on_roads(
    city: SyntheticCity, nodes_m: tuple[np.ndarray, np.ndarray]
) -> None:
    t = city.terminals
    table = pd.read_csv(geodata_path("guangan_terminals.csv"), dtype={"county_id": str})
    assert list(t.columns) == ["terminal_id", "name", "name_en", "county_id", "geometry"]
    assert t.crs == "EPSG:4326"
    assert list(t["terminal_id"]) == list(table["terminal_id"])
    assert list(t["name"]) == list(table["name_zh"])
    assert list(t["name_en"]) == list(table["name_en"])
    assert list(t["county_id"]) == list(table["county_id"])
    _, xy = nodes_m
    tm = t.to_crs(METRIC_CRS)
    dist, _ = cKDTree(xy).query(np.column_stack([tm.geometry.x, tm.geometry.y]))
    assert dist.max() <= 50.0, dict(zip(t["terminal_id"], dist.round(1), strict=True))
    counties = city.counties.to_crs(METRIC_CRS).set_index("county_id")
    for row in tm.itertuples():
        assert counties.loc[row.county_id, "geometry"].contains(row.geometry), row.terminal_id


def test_terminal_placement(city: SyntheticCity, nodes_m: tuple[np.ndarray, np.ndarray]) -> None:
    G = city.graph
    tm = city.terminals.to_crs(METRIC_CRS).set_index("terminal_id")
    s = city.settlements.to_crs(METRIC_CRS)
    seat = s[s["kind"] == "county_seat"].set_index("county_id").geometry
    # T01 in the south, T02 in the north of the Guang'an District seat
    assert tm.loc["T01", "geometry"].y < seat["511602"].y < tm.loc["T02", "geometry"].y
    for tid in ("T03", "T04", "T05", "T07", "T08"):
        cid = tm.loc[tid, "county_id"]
        assert tm.loc[tid, "geometry"].distance(seat[cid]) < 3_000.0, tid
    # T06 at the edge of the Yuechi seat, by the (synthetic) railway station
    railway = city.features[city.features["building"] == "train_station"].to_crs(METRIC_CRS)
    assert len(railway) == 1
    assert railway.geometry.iloc[0].distance(tm.loc["T06", "geometry"]) < 200.0
    assert tm.loc["T06", "geometry"].distance(seat["511621"]) > tm.loc["T05", "geometry"].distance(
        seat["511621"]
    )
    # T09 within 100 m of a G42 exit (a node where motorway_link ramps of G42 meet local roads)
    ids, xy = nodes_m
    t09 = tm.loc["T09", "geometry"]
    near = cKDTree(xy).query_ball_point([t09.x, t09.y], 100.0)
    ramp_nodes = [
        int(ids[i])
        for i in near
        if any(d["highway"] == "motorway_link" for _, _, d in G.edges(int(ids[i]), data=True))
    ]
    assert ramp_nodes
    ramps = nx.MultiDiGraph([(u, v, d) for u, v, d in G.edges(data=True) if d["highway"] in EXPRESSWAY])
    reachable = nx.descendants(ramps, ramp_nodes[0])
    assert any(d.get("ref") == "G42" for u, v, d in G.edges(data=True) if u in reachable and v in reachable)
    town = s[s["kind"] == "town"].distance(tm.loc["T09", "geometry"]).min()
    assert town < 2_500.0  # next to its town


# --------------------------------------------------------------------------------------------------
# Features
# --------------------------------------------------------------------------------------------------
def test_features_schema(city: SyntheticCity) -> None:
    f = city.features
    assert tuple(f.columns) == FEATURE_COLUMNS
    assert f.crs == "EPSG:4326"
    assert f.geometry.name == "geometry"
    for col in FEATURE_COLUMNS[:-1]:
        assert f[col].dtype == object, col
        values = f[col].dropna()
        assert all(isinstance(v, str) for v in values), col
    assert f["osm_id"].is_unique
    assert f["osm_id"].str.match(r"^(node|way)/\d+$").all()
    kinds = set(f.geom_type)
    assert {"Point", "Polygon"} <= kinds <= {"Point", "Polygon", "MultiPolygon"}
    points = f.geom_type == "Point"
    assert f.loc[points, "osm_id"].str.startswith("node/").all()
    assert f.loc[~points, "osm_id"].str.startswith("way/").all()
    assert len(f) < 200_000


def test_feature_kinds_present(city: SyntheticCity) -> None:
    f = city.features
    amenity = Counter(f["amenity"].dropna())
    for kind in ("parking", "fuel", "charging_station", "bus_station", "townhall", "hospital"):
        assert amenity[kind] > 0, kind
    assert amenity["school"] > 0
    assert 3 <= amenity["charging_station"] <= 20  # "a few" existing stations
    assert Counter(f["shop"].dropna()).keys() >= {"mall", "supermarket"}
    assert Counter(f["landuse"].dropna()).keys() >= {"residential", "commercial", "industrial"}
    assert f["office"].notna().sum() > 0
    subs = f[f["power"] == "substation"]
    # one or two beside each of the six seats (110 kV first) and one 35 kV beside each town
    assert (subs["voltage"] == "110000;35000;10000").sum() == 6
    assert len(subs) > 20
    assert set(subs["voltage"]) == {"110000;35000;10000", "35000;10000"}
    assert (f["highway"] == "services").sum() > 0
    parking = f[f["amenity"] == "parking"]
    assert parking["capacity"].notna().any() and parking["capacity"].isna().any()
    assert parking["capacity"].dropna().str.isdigit().all()
    named = f.dropna(subset=["name"])
    terminal_names = set(city.terminals["name"])
    synthetic = named[~named["name"].isin(terminal_names)]
    assert synthetic["name"].str.startswith("示例").all()
    assert synthetic["name_en"].str.startswith("Synthetic ").all()


def test_every_terminal_has_a_named_bus_station(city: SyntheticCity) -> None:
    f = city.features
    stations = f[f["amenity"] == "bus_station"].to_crs(METRIC_CRS)
    tm = city.terminals.to_crs(METRIC_CRS)
    for row in tm.itertuples():
        same = stations[stations["name"] == row.name]
        assert len(same) == 1, row.terminal_id
        assert same.iloc[0]["name_en"] == row.name_en
        assert same.geometry.iloc[0].distance(row.geometry) < 1.0
        assert same.iloc[0]["public_transport"] == "station"
    towns = (city.settlements["kind"] == "town").sum()
    assert len(stations) >= towns  # one per town (the Shizi stand-in has T09's)


def test_features_inside_city(city: SyntheticCity) -> None:
    boundary = city.boundary.to_crs(METRIC_CRS).union_all().buffer(50.0)
    f = city.features.to_crs(METRIC_CRS)
    assert f.within(boundary).all()
    assert f.is_valid.all()


def test_feature_positions_near_roads(city: SyntheticCity, nodes_m: tuple[np.ndarray, np.ndarray]) -> None:
    _, xy = nodes_m
    points = city.features[city.features.geom_type == "Point"].to_crs(METRIC_CRS)
    dist, _ = cKDTree(xy).query(np.column_stack([points.geometry.x, points.geometry.y]))
    assert np.quantile(dist, 0.95) < 300.0
    assert re.match(r"^node/\d+$", str(points["osm_id"].iloc[0]))


# --- synthetic_city: any boundary and population (the Sichuan prefectures use it) ---------------------------

GENERIC_POPULATION = 1_234_567


@pytest.fixture(scope="module")
def generic_city() -> SyntheticCity:
    boundary = gpd.read_file(geodata_path("guangan_boundary.geojson"))
    return synthetic_city(boundary, GENERIC_POPULATION, area_id="ga", seed=3, scale=0.1)


def test_generic_city_is_deterministic_and_labelled_synthetic(generic_city: SyntheticCity) -> None:
    boundary = gpd.read_file(geodata_path("guangan_boundary.geojson"))
    again = synthetic_city(boundary, GENERIC_POPULATION, area_id="ga", seed=3, scale=0.1)
    assert nx.utils.graphs_equal(generic_city.graph, again.graph)
    assert generic_city.features.equals(again.features)
    assert generic_city.graph.graph["source_label"] == SOURCE_LABEL
    assert generic_city.graph.graph["synthetic"] is True
    other = synthetic_city(boundary, GENERIC_POPULATION, area_id="ga", seed=4, scale=0.1)
    assert other.graph.number_of_nodes() != generic_city.graph.number_of_nodes() or not nx.utils.graphs_equal(
        other.graph, generic_city.graph
    )


def test_generic_city_settlements_add_up_and_lie_inside(generic_city: SyntheticCity) -> None:
    s = generic_city.settlements
    assert int(s["population"].sum()) == GENERIC_POPULATION
    assert int(generic_city.counties["population"].sum()) == GENERIC_POPULATION
    by_district = s.groupby("county_id")["population"].sum()
    assert by_district.to_dict() == dict(
        zip(generic_city.counties["county_id"], generic_city.counties["population"], strict=True)
    )
    # population / 500,000 districts, each with one seat; towns and villages
    assert len(generic_city.counties) == 2
    assert (s["kind"] == "county_seat").sum() == 2
    assert {"town", "village"} <= set(s["kind"])
    area = generic_city.boundary.union_all().buffer(1e-6)
    assert s.within(area).all()
    assert s["name_en"].str.startswith("Synthetic").all()
    # the seat of the central district is the biggest settlement
    assert s.iloc[int(s["population"].to_numpy().argmax())]["kind"] == "county_seat"


def test_generic_city_road_hierarchy_and_pois(generic_city: SyntheticCity) -> None:
    G = generic_city.graph
    highways = {d["highway"] for _, _, d in G.edges(data=True)}
    assert {"trunk", "secondary", "tertiary", "unclassified", "residential"} <= highways
    assert "motorway" not in highways  # no expressways for an arbitrary area
    xy = np.array([(d["x"], d["y"]) for _, d in G.nodes(data=True)])
    area = generic_city.boundary.union_all().buffer(0.01)
    assert shapely.contains_xy(area, xy[:, 0], xy[:, 1]).all()
    f = generic_city.features
    assert list(f.columns[:-1]) == list(FEATURE_COLUMNS) or set(FEATURE_COLUMNS) <= set(f.columns)
    for column, value in (("amenity", "parking"), ("amenity", "fuel"), ("amenity", "bus_station")):
        assert (f[column] == value).any(), value
    assert len(generic_city.terminals) == len(generic_city.counties)


@pytest.mark.parametrize("population", [0, -5])
def test_generic_city_bad_population_raises(population: int) -> None:
    with pytest.raises(ValueError, match="population"):
        synthetic_city(shapely.box(106.0, 30.0, 106.5, 30.5), population)
