"""Tests of siting.corridors: checkpoint rows (checked against a brute-force EV simulation), gravity
flows, input files and the synthetic Guang'an end to end."""

from __future__ import annotations

import itertools
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import Point, box

from siting import corridors, network
from siting._errors import InputDataError
from siting.corridors import CorridorData
from siting.network import RoadNetwork
from siting.scenario import geodata_path

GEOD = Geod(ellps="WGS84")

# --------------------------------------------------------------------------------------------------
# A hand-made line: nodes 0..8 every 50 km (km 0..400) on a motorway, plus side roads
# --------------------------------------------------------------------------------------------------

LAT = 30.3
LON0 = 106.0
STEP_DEG = 50_000.0 / (111_320.0 * np.cos(np.radians(LAT)))  # ≈ 50 km (lengths are set exactly)
EAST_EDGE = LON0 + 8 * STEP_DEG + 0.0104  # about 1 km east of node 8: node 8 is the only gateway
STUDY_AREA = box(LON0 - 0.3, LAT - 0.2, EAST_EDGE, LAT + 0.2)

# candidate -> road node; node 20 is a spur 20 km north (off every route), node 30 lies 0.8 km north of
# node 3 (within access_m), node 31 1.5 km north of node 5 (outside access_m); c8 shares node 4 with c3
CANDIDATE_NODES = np.array([1, 2, 3, 4, 5, 6, 7, 20, 4, 30, 31], dtype=np.int64)
# km from node 0 of each candidate that lies along the line (None: off every route)
CANDIDATE_KM: list[float | None] = [50, 100, 150, 200, 250, 300, 350, None, 200, 150, None]


def _line_network() -> RoadNetwork:
    G = nx.MultiDiGraph(crs="EPSG:4326", source_label="test line", source_label_zh="测试路网")
    for k in range(9):
        G.add_node(k, x=LON0 + k * STEP_DEG, y=LAT)
    side = {20: (4, 20_000.0 / 111_320.0), 30: (3, 800.0 / 111_320.0), 31: (5, 1_500.0 / 111_320.0)}
    for node, (base, dlat) in side.items():
        G.add_node(node, x=LON0 + base * STEP_DEG, y=LAT + dlat)
    for k in range(8):
        for u, v in ((k, k + 1), (k + 1, k)):
            G.add_edge(u, v, length=50_000.0, highway="motorway")
    for node, (base, dlat) in side.items():
        for u, v in ((node, base), (base, node)):
            G.add_edge(u, v, length=dlat * 111_320.0, highway="residential")
    network.add_travel_times(G)
    return network.road_network_from_graph(G)


def _index(net: RoadNetwork, node_ids: np.ndarray) -> np.ndarray:
    lookup = {int(n): i for i, n in enumerate(net.node_ids)}
    return np.array([lookup[int(n)] for n in node_ids], dtype=np.int64)


def _seats() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name_zh": ["甲", "乙"], "name_en": ["A", "B"], "population": [100, 50]},
        geometry=[Point(LON0, LAT), Point(LON0 + 8 * STEP_DEG, LAT)],
        crs="EPSG:4326",
    )


CITY_LON = LON0 + 8 * STEP_DEG + 60_000.0 / (111_320.0 * np.cos(np.radians(LAT)))


def _cities(*extra: tuple[str, float, float]) -> gpd.GeoDataFrame:
    rows = [("E", CITY_LON, LAT), *extra]
    return gpd.GeoDataFrame(
        {
            "city_id": [r[0].lower() for r in rows],
            "name_zh": [r[0] for r in rows],
            "name_en": [r[0] for r in rows],
            "population": [1000] * len(rows),
        },
        geometry=[Point(r[1], r[2]) for r in rows],
        crs="EPSG:4326",
    )


@pytest.fixture(scope="module")
def line() -> RoadNetwork:
    return _line_network()


def _line_data(net: RoadNetwork, range_km: float = 200.0, **kwargs: object) -> CorridorData:
    return corridors.corridor_data(
        net,
        seats=_seats(),
        cities=_cities(),
        study_area=STUDY_AREA,
        candidate_nodes=_index(net, CANDIDATE_NODES),
        total_trips_per_day=60.0,
        range_km=range_km,
        **kwargs,  # type: ignore[arg-type]
    )


def _external_km() -> float:
    _, _, d = GEOD.inv(LON0 + 8 * STEP_DEG, LAT, CITY_LON, LAT)
    return float(d) * 1.3 / 1000.0


def _expected_positions(origin: str, destination: str) -> tuple[dict[int, float], float]:
    """Position (km from the trip's start) of each on-route candidate, and the trip length."""
    ext = _external_km()
    where = {"A": 0.0, "B": 400.0, "E": 400.0}  # network km of each endpoint's node
    lo, hi = where[origin], where[destination]
    lead = ext if origin == "E" else 0.0
    length = abs(hi - lo) + lead + (ext if destination == "E" else 0.0)
    positions = {}
    for j, km in enumerate(CANDIDATE_KM):
        if km is not None and min(lo, hi) <= km <= max(lo, hi) and lo != hi:
            positions[j] = lead + abs(km - lo)
    return positions, length


def _completes(open_positions: list[float], length: float, range_km: float, start_km: float) -> bool:
    """Drive along: charge to full at every open station; fail when a station or the end is out of reach."""
    reach = start_km
    for p in sorted(open_positions):
        if p > reach + 1e-9:
            return False
        reach = p + range_km
    return length <= reach + 1e-9


def _rows_of(data: CorridorData, q: int) -> list[set[int]]:
    rows = np.flatnonzero(data.row_trip == q)
    return [set(data.checkpoints[r].indices.tolist()) for r in rows]


def test_line_rows_are_exactly_the_hand_computed_ones(line: RoadNetwork) -> None:
    data = _line_data(line)
    trips = data.trips.set_index(["origin", "destination"])
    assert len(trips) == 6  # A<->B, A<->E, B<->E; no E<->E
    assert data.checkpoints.shape == (data.n_rows, len(CANDIDATE_NODES))
    assert set(np.unique(data.checkpoints.data)) == {1.0}
    ext = _external_km()
    assert data.endpoints.set_index("name_en").loc["E", "external_km"] == pytest.approx(ext, rel=1e-9)
    assert 77.0 < ext < 79.0  # 60 km straight line x 1.3

    order = {
        (o, d): q for q, (o, d) in enumerate(zip(data.trips.origin, data.trips.destination, strict=True))
    }

    def rows(o: str, d: str) -> list[set[int]]:
        return _rows_of(data, order[(o, d)])

    # A -> B, 400 km, start 100 km: windows [d - 200, d) for d = 150 (c0, c1), 300, 350 and 400 (the
    # destination); those for d = 200 and 250 contain the first one and are dropped.  c7 (spur) and c10
    # (1.5 km off) are never on the route; c9 (0.8 km off) sits at km 150 beside c2
    assert rows("A", "B") == [{0, 1}, {1, 2, 3, 4, 8, 9}, {2, 3, 4, 5, 8, 9}, {3, 4, 5, 6, 8}]
    assert rows("B", "A") == [{5, 6}, {2, 3, 4, 5, 8, 9}, {1, 2, 3, 4, 8, 9}, {0, 1, 2, 3, 8, 9}]
    # A -> E (478 km): the destination needs c5 or c6, which makes the window ending at 400 redundant
    assert rows("A", "E") == [{0, 1}, {1, 2, 3, 4, 8, 9}, {2, 3, 4, 5, 8, 9}, {5, 6}]
    # E -> A: the first candidate is 128 km from Guang'an's edge city E, beyond the 100 km start charge
    e_to_a = trips.loc[("E", "A")]
    assert not e_to_a["coverable"] and e_to_a["n_checkpoints"] == 0 and rows("E", "A") == []
    assert any("can never be covered" in w and "E → A" in w for w in data.warnings)
    # B <-> E: 78 km, within the start charge
    for o, d in (("B", "E"), ("E", "B")):
        assert not trips.loc[(o, d), "needs_charging"] and trips.loc[(o, d), "coverable"]
        assert trips.loc[(o, d), "n_checkpoints"] == 0
        assert trips.loc[(o, d), "network_km"] == 0.0
    assert trips.loc[("A", "B"), "length_km"] == pytest.approx(400.0)
    assert trips.loc[("A", "E"), "length_km"] == pytest.approx(400.0 + ext)
    assert trips["n_checkpoints"].sum() == data.n_rows
    assert (np.diff(data.row_trip) >= 0).all()


def test_line_rows_agree_with_a_brute_force_drive_for_every_subset(line: RoadNetwork) -> None:
    n = len(CANDIDATE_NODES)
    for range_km in (120.0, 200.0, 260.0):
        data = _line_data(line, range_km=range_km)
        start_km = 0.5 * range_km
        for q, trip in enumerate(data.trips.itertuples()):
            positions, length = _expected_positions(trip.origin, trip.destination)
            assert trip.length_km == pytest.approx(length)
            assert trip.needs_charging == (length > start_km)
            rows = _rows_of(data, q)
            assert len(rows) == trip.n_checkpoints
            on_route = set().union(*rows) if rows else set()
            assert on_route <= set(positions)  # rows only name candidates along the route
            for bits in itertools.product((False, True), repeat=n):
                opened = {j for j in range(n) if bits[j]}
                drives = _completes(
                    [positions[j] for j in opened if j in positions], length, range_km, start_km
                )
                rows_hold = bool(trip.coverable) and all(row & opened for row in rows)
                assert drives == rows_hold, (range_km, trip.trip_id, sorted(opened))


def test_rows_are_minimal_and_distinct(line: RoadNetwork) -> None:
    for range_km in (120.0, 200.0, 260.0):
        data = _line_data(line, range_km=range_km)
        for q in range(data.n_trips):
            rows = _rows_of(data, q)
            for a, b in itertools.permutations(range(len(rows)), 2):
                assert not rows[a] <= rows[b], (range_km, q, rows[a], rows[b])


def test_gateway_band_rank_and_inside_cities(line: RoadNetwork) -> None:
    # node 8 is about 1 km from the boundary: a 500 m band finds no gateway; the city is skipped
    data = _line_data(line, gateway_band_m=500.0)
    assert set(data.trips["destination"]) == {"A", "B"} and data.n_trips == 2
    assert any("corridor city E" in w and "no gateway" in w for w in data.warnings)
    # the spur node 20 lies about 2 km from the north edge but is residential: a northern city still
    # enters at node 8 (the only motorway node near the boundary); a city inside the area is skipped
    cities = _cities(("N", LON0 + 4 * STEP_DEG, LAT + 0.6), ("I", LON0 + 1.0, LAT))
    data = corridors.corridor_data(
        line,
        seats=_seats(),
        cities=cities,
        study_area=STUDY_AREA,
        candidate_nodes=_index(line, CANDIDATE_NODES),
        total_trips_per_day=10.0,
    )
    ends = data.endpoints.set_index("name_en")
    assert list(ends.index) == ["A", "B", "E", "N"]
    assert int(line.node_ids[ends.loc["N", "node"]]) == 8
    assert any("corridor city I lies inside the study area" in w for w in data.warnings)
    assert not ((data.trips.origin_kind == "city") & (data.trips.destination_kind == "city")).any()


def test_no_trips_gives_empty_structures(line: RoadNetwork) -> None:
    data = corridors.corridor_data(
        line,
        seats=_seats().iloc[:1],
        cities=None,
        study_area=STUDY_AREA,
        candidate_nodes=_index(line, CANDIDATE_NODES),
        total_trips_per_day=10.0,
    )
    assert data.n_trips == 0 and data.n_rows == 0
    assert data.checkpoints.shape == (0, len(CANDIDATE_NODES)) and data.row_trip.shape == (0,)
    assert "trip_id" in data.trips.columns and data.trips.crs == "EPSG:4326"
    assert any("no corridor trips" in w for w in data.warnings)


def test_bad_parameters_are_value_errors(line: RoadNetwork) -> None:
    with pytest.raises(ValueError, match=r"range_km > 0.*detour >= 1"):
        _line_data(line, range_km=0.0, detour=0.5)
    with pytest.raises(ValueError, match="candidate_nodes"):
        corridors.corridor_data(
            line,
            seats=_seats(),
            cities=None,
            study_area=STUDY_AREA,
            candidate_nodes=np.array([line.n_nodes]),
            total_trips_per_day=1.0,
        )
    with pytest.raises(InputDataError, match="population"):
        corridors.corridor_data(
            line,
            seats=_seats().drop(columns="population"),
            cities=None,
            study_area=STUDY_AREA,
            candidate_nodes=np.array([0]),
            total_trips_per_day=1.0,
        )


# --------------------------------------------------------------------------------------------------
# gravity flows
# --------------------------------------------------------------------------------------------------


def test_gravity_flows_by_hand() -> None:
    pop = np.array([1.0, 2.0, 3.0])
    dist = np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 1.0], [2.0, 1.0, 0.0]])
    # weights 1*2/1 = 2, 1*3/4 = 0.75, 2*3/1 = 6; both directions sum to 17.5
    flows = corridors.gravity_flows(pop, dist, total_trips_per_day=35.0)
    assert flows == pytest.approx(np.array([[0, 4.0, 1.5], [4.0, 0, 12.0], [1.5, 12.0, 0]]))
    assert flows.sum() == pytest.approx(35.0) and (flows == flows.T).all()
    assert flows[0, 1] / flows[0, 2] == pytest.approx(2.0 / 0.75)
    # beta = 1: weights 2, 1.5, 6
    flows1 = corridors.gravity_flows(pop, dist, total_trips_per_day=19.0, beta=1.0)
    assert flows1[0, 2] == pytest.approx(1.5) and flows1[1, 2] == pytest.approx(6.0)
    # a one-sided mask is symmetrised; the excluded pair gets nothing and the rest take the total
    mask = np.zeros((3, 3), dtype=bool)
    mask[0, 1] = mask[2, 0] = True
    masked = corridors.gravity_flows(pop, dist, total_trips_per_day=11.0, pairs_mask=mask)
    assert masked == pytest.approx(np.array([[0, 4.0, 1.5], [4.0, 0, 0], [1.5, 0, 0]]))
    # asymmetric distances are averaged
    skew = dist.copy()
    skew[0, 1], skew[1, 0] = 0.5, 1.5
    assert corridors.gravity_flows(pop, skew, total_trips_per_day=35.0) == pytest.approx(flows)


def test_gravity_flows_edge_cases() -> None:
    pop = np.array([1.0, 2.0])
    dist = np.array([[0.0, 10.0], [10.0, 0.0]])
    assert corridors.gravity_flows(pop, dist, total_trips_per_day=0.0).sum() == 0.0
    none = np.zeros((2, 2), dtype=bool)
    assert corridors.gravity_flows(pop, dist, total_trips_per_day=5.0, pairs_mask=none).sum() == 0.0
    with pytest.raises(ValueError, match="distance"):
        corridors.gravity_flows(pop, np.zeros((2, 2)), total_trips_per_day=5.0)
    with pytest.raises(ValueError, match="populations"):
        corridors.gravity_flows(np.array([1.0, -1.0]), dist, total_trips_per_day=5.0)
    with pytest.raises(ValueError, match="zero weight"):
        corridors.gravity_flows(np.zeros(2), dist, total_trips_per_day=5.0)
    with pytest.raises(ValueError, match=r"\(n,\)"):
        corridors.gravity_flows(pop, np.zeros((3, 3)), total_trips_per_day=5.0)
    assert corridors.total_trips_per_day(130_000) == pytest.approx(6_500.0)
    with pytest.raises(ValueError):
        corridors.total_trips_per_day(-1.0)


# --------------------------------------------------------------------------------------------------
# input files
# --------------------------------------------------------------------------------------------------


def test_default_cities_are_the_four_neighbours() -> None:
    cities = corridors.default_cities()
    assert list(cities["name_en"]) == ["Chongqing", "Nanchong", "Dazhou", "Suining"]
    assert list(cities["name_zh"]) == ["重庆", "南充", "达州", "遂宁"]
    assert list(cities["population"]) == [32_054_159, 5_607_565, 5_385_422, 2_814_196]
    assert cities.crs == "EPSG:4326" and (cities["source"].str.contains("2020")).all()
    boundary = gpd.read_file(geodata_path("guangan_boundary.geojson")).to_crs(4326).union_all()
    assert not cities.intersects(boundary).any()  # all outside Guang'an
    assert cities.geometry.iloc[0].y == pytest.approx(29.556)


def test_cities_file_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "cities.csv"
    path.write_text(
        "city_id,name_zh,name_en,population,lat,lon\n"
        "a,甲,A,1000,30.0,106.0\n"
        "a,乙,,-5,95.0,106.0\n"
        "c,丙,C,many,30.0,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputDataError) as err:
        corridors.cities_from_file(path)
    text = str(err.value)
    assert "5 problems" in text
    assert "'name_en' is empty in row(s) 2" in text
    assert "city_id a occurs more than once" in text
    assert "population is not a positive number in row(s) 2, 3" in text
    assert "row(s) 2 have longitude/latitude out of range" in text
    assert "row(s) 3 have no longitude/latitude" in text
    path.write_text("city_id,name_zh\nx,甲\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="missing column"):
        corridors.cities_from_file(path)
    with pytest.raises(InputDataError, match="not found"):
        corridors.cities_from_file(tmp_path / "nope.csv")
    path.write_text(
        'city_id,name_zh,name_en,population,lat,lon,source\nx,甲,X,"1,234",30,106,s\n', encoding="utf-8"
    )
    ok = corridors.cities_from_file(path)
    assert ok["population"].tolist() == [1234] and ok.geometry.iloc[0].x == 106.0


def test_seats_from_geodata() -> None:
    counties = gpd.read_file(geodata_path("guangan_counties.geojson"))
    seats = corridors.seats_from_geodata(counties)
    assert len(seats) == 6 and int(seats["population"].sum()) == 3_254_883
    row = seats.set_index("seat_id").loc["511623"]
    assert row["name_en"] == "Linshui County" and row["seat_zh"] == "鼎屏镇"
    assert row.geometry.y == pytest.approx(30.283) and row.geometry.x == pytest.approx(106.983)
    assert seats.within(counties.to_crs(4326).union_all()).all()
    bad = counties.copy()
    bad.loc[0, "county_id"] = "999999"
    with pytest.raises(InputDataError, match="999999"):
        corridors.seats_from_geodata(bad)


# --------------------------------------------------------------------------------------------------
# synthetic Guang'an end to end
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic() -> tuple[RoadNetwork, CorridorData, float, shapely.Geometry]:
    from siting.synthetic import synthetic_guangan

    city = synthetic_guangan(seed=0, target_nodes=8000)
    G = network.add_travel_times(city.graph)  # as siting.pipeline.inputs_from_synthetic does
    G, _ = network.largest_strong_component(G)
    net = network.road_network_from_graph(G)
    study_area = city.boundary.to_crs(4326).union_all()
    seats = corridors.seats_from_geodata(gpd.read_file(geodata_path("guangan_counties.geojson")))
    total = corridors.total_trips_per_day(3_254_883 * 40 / 1000)  # 40 EVs per 1,000 people
    candidates = np.flatnonzero(net.road_rank <= 1)[::5]
    data = corridors.corridor_data(
        net,
        seats=seats,
        cities=corridors.default_cities(),
        study_area=study_area,
        candidate_nodes=candidates,
        total_trips_per_day=total,
    )
    return net, data, total, study_area


def test_synthetic_gateways(synthetic: tuple[RoadNetwork, CorridorData, float, shapely.Geometry]) -> None:
    net, data, _, study_area = synthetic
    cities = data.endpoints[data.endpoints["kind"] == "city"]
    assert sorted(cities["name_en"]) == ["Chongqing", "Dazhou", "Nanchong", "Suining"]
    nodes = cities["node"].to_numpy()
    assert (net.road_rank[nodes] <= 1).all()
    boundary = gpd.GeoSeries([study_area], crs=4326).to_crs(net.crs_m).iloc[0].boundary
    assert (shapely.distance(boundary, shapely.points(net.x_m[nodes], net.y_m[nodes])) <= 2000.0).all()
    assert (cities["external_km"] > 10).all() and (cities["external_km"] < 150).all()
    # Chongqing enters from the south, Dazhou from the north-east
    gw = cities.set_index("name_en")
    assert gw.loc["Chongqing", "node_lat"] < 30.2 and gw.loc["Dazhou", "node_lon"] > 106.9
    assert not any("gateway" in w for w in data.warnings)


def test_synthetic_trips(synthetic: tuple[RoadNetwork, CorridorData, float, shapely.Geometry]) -> None:
    net, data, total, _ = synthetic
    trips = data.trips
    assert data.n_trips == 6 * 5 + 2 * 6 * 4  # seat->seat, seat->city, city->seat
    assert trips["flow_ev_trips_per_day"].sum() == pytest.approx(total)
    flows = trips.set_index(["origin", "destination"])["flow_ev_trips_per_day"]
    assert flows[("Linshui County", "Chongqing")] == pytest.approx(flows[("Chongqing", "Linshui County")])
    assert trips.crs == "EPSG:4326" and (trips.geom_type == "LineString").all()
    needs = trips["needs_charging"]
    assert 0 < needs.sum() < len(trips)
    assert (trips.loc[needs, "length_km"] > 100).all() and (trips.loc[~needs, "length_km"] <= 100).all()
    assert trips["coverable"].all()
    assert (trips.loc[needs, "n_checkpoints"] >= 1).all() and (trips.loc[~needs, "n_checkpoints"] == 0).all()
    assert data.n_rows == trips["n_checkpoints"].sum() and data.checkpoints.shape[1] > 0
    assert np.array_equal(np.bincount(data.row_trip, minlength=len(trips)), trips["n_checkpoints"].to_numpy())
    city_trip = trips["origin_kind"] == "city"
    assert (trips.loc[city_trip, "length_km"] > trips.loc[city_trip, "network_km"]).all()
    # routes follow the expressways and trunk roads: most of their length is on road_rank 0
    on_rank0 = total_m = 0.0
    for path in data.paths:
        if path.size < 2:
            continue
        lengths = np.asarray(net.length_m[path[:-1], path[1:]]).ravel()
        both = (net.road_rank[path[:-1]] == 0) & (net.road_rank[path[1:]] == 0)
        on_rank0 += float(lengths[both].sum())
        total_m += float(lengths.sum())
    assert on_rank0 / total_m > 0.6
    # every candidate of a row lies within access_m of its trip's path
    cand = np.flatnonzero(net.road_rank <= 1)[::5]
    for r in range(data.n_rows):
        path = data.paths[data.row_trip[r]]
        members = cand[data.checkpoints[r].indices]
        dx = net.x_m[members][:, None] - net.x_m[path][None, :]
        dy = net.y_m[members][:, None] - net.y_m[path][None, :]
        assert (np.hypot(dx, dy).min(axis=1) <= 1000.0 + 1e-6).all()
