"""Tests of siting.network: maxspeed parsing, travel times, connectivity and RoadNetwork arrays."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st
from pyproj import Transformer

from siting import network, osm
from siting._errors import NetworkError

TINY = Path(__file__).parent / "input_data" / "tiny_guangan.osm"


@pytest.fixture
def tiny() -> nx.MultiDiGraph:
    return network.add_travel_times(osm.graph_from_file(TINY))


def _graph(edges: list[tuple[int, int, dict[str, object]]]) -> nx.MultiDiGraph:
    """A hand-made graph in EPSG:4326 with nodes 1..n on a line near Guang'an."""
    G = nx.MultiDiGraph(crs="EPSG:4326", source_label="test graph", source_label_zh="测试路网")
    for node in sorted({n for u, v, _ in edges for n in (u, v)}):
        G.add_node(node, x=106.63 + 0.001 * node, y=30.47)
    for u, v, data in edges:
        G.add_edge(u, v, **data)
    return G


# ------------------------------------------------------------------------------------------------
# speeds
# ------------------------------------------------------------------------------------------------


def test_speed_table() -> None:
    speeds = network.DEFAULT_SPEEDS_KPH
    assert speeds["motorway"] == 100 and speeds["trunk"] == 80 and speeds["primary"] == 60
    assert speeds["residential"] == 30 and speeds["living_street"] == 15
    for name, kph in speeds.items():
        if name.endswith("_link"):
            assert 0.6 <= kph / speeds[name.removesuffix("_link")] <= 0.7, name
    assert set(network.ROAD_RANKS) == set(speeds)
    assert set(network.ROAD_RANKS.values()) == set(range(7))


@pytest.mark.parametrize(
    ("value", "kph"),
    [
        ("60", 60.0),
        ("60 km/h", 60.0),
        ("60kmh", 60.0),
        ("60;80", 60.0),  # several limits: the minimum
        ("60|40", 40.0),
        ("30 mph", 48.28),
        ("10 knots", 18.52),
        ("CN:urban", 50.0),
        ("CN:rural", 70.0),
        ("CN:motorway", 120.0),
        ("DE:urban", 50.0),  # osmnx's table
        ("DE:zone30", 30.0),
        ("walk", 7.0),
        (["50", "70"], 60.0),  # simplified edge: the mean
        (["50", None, "signals"], 50.0),
        (60, 60.0),
        (55.5, 55.5),
        ("none", None),
        ("signals", None),
        ("variable", None),
        ("", None),
        ("fast", None),
        ("0", None),
        ("999", None),
        (float("nan"), None),
        (None, None),
        (True, None),
        ([], None),
    ],
)
def test_parse_maxspeed(value: object, kph: float | None) -> None:
    result = network.parse_maxspeed(value)
    if kph is None:
        assert result is None
    else:
        assert result == pytest.approx(kph, abs=0.01)


@given(st.one_of(st.text(max_size=20), st.floats(), st.integers(), st.none()))
def test_parse_maxspeed_never_fails(value: object) -> None:
    result = network.parse_maxspeed(value)
    assert result is None or 0 < result <= 200


def test_travel_times_on_the_tiny_network(tiny: nx.MultiDiGraph) -> None:
    def speed(u: int, v: int) -> float:
        return float(tiny.edges[u, v, 0]["speed_kph"])

    assert speed(1, 2) == 60  # maxspeed 60
    assert speed(2, 6) == 30  # residential, no maxspeed
    assert speed(6, 8) == 40  # "40;60"
    assert speed(8, 19) == pytest.approx(48.28, abs=0.01)  # "30 mph"
    for _, _, d in tiny.edges(data=True):
        assert d["travel_time"] == pytest.approx(d["length"] / (d["speed_kph"] / 3.6))


def test_travel_time_rules_for_lists_unknown_and_custom() -> None:
    G = _graph(
        [
            (1, 2, {"length": 1000.0, "highway": ["residential", "primary"]}),
            (2, 3, {"length": 1000.0, "highway": "track"}),
            (3, 4, {"length": 1000.0, "highway": "primary", "maxspeed": "garbage"}),
            (4, 5, {"length": 1000.0}),
        ]
    )
    network.add_travel_times(G)
    assert G.edges[1, 2, 0]["speed_kph"] == 60  # fastest listed class
    assert G.edges[2, 3, 0]["speed_kph"] == network.FALLBACK_SPEED_KPH
    assert G.edges[3, 4, 0]["speed_kph"] == 60  # unparseable maxspeed: class default
    assert G.edges[1, 2, 0]["travel_time"] == pytest.approx(60.0)
    network.add_travel_times(G, speeds_kph={"primary": 72.0}, fallback_kph=10.0)
    assert G.edges[1, 2, 0]["speed_kph"] == 72
    assert G.edges[4, 5, 0]["speed_kph"] == 10


def test_missing_length_is_a_network_error() -> None:
    G = _graph([(1, 2, {"highway": "primary"})])
    with pytest.raises(NetworkError, match="no valid length"):
        network.add_travel_times(G)


# ------------------------------------------------------------------------------------------------
# largest strongly connected component
# ------------------------------------------------------------------------------------------------


def test_largest_strong_component(tiny: nx.MultiDiGraph) -> None:
    G, report = network.largest_strong_component(tiny)
    assert set(G.nodes) == {1, 2, 3, 6, 8, 12}  # island 17-18 and one-way dead end 19 dropped
    assert list(G.nodes) == [n for n in tiny.nodes if n in G]  # order kept
    assert nx.is_strongly_connected(G)
    assert report.nodes_before == 9 and report.nodes_kept == 6 and report.nodes_dropped == 3
    assert report.edges_dropped == 3 and report.components == 3
    dropped_m = sum(d["length"] for u, v, d in tiny.edges(data=True) if u in {8, 17, 18} and v > 8)
    assert report.length_dropped_km == pytest.approx(dropped_m / 1000)
    assert "6 of 9 nodes" in str(report)
    assert G.graph["source_label"] == tiny.graph["source_label"]
    again, report2 = network.largest_strong_component(G)
    assert again is G and report2.nodes_dropped == 0 and report2.components == 1


def test_empty_graph_is_a_network_error() -> None:
    with pytest.raises(NetworkError, match="empty"):
        network.largest_strong_component(nx.MultiDiGraph())
    with pytest.raises(NetworkError, match="empty"):
        network.road_network_from_graph(nx.MultiDiGraph(crs="EPSG:4326"))


# ------------------------------------------------------------------------------------------------
# RoadNetwork
# ------------------------------------------------------------------------------------------------


def test_road_network_from_the_tiny_graph(tiny: nx.MultiDiGraph) -> None:
    G, _ = network.largest_strong_component(tiny)
    net = network.road_network_from_graph(G)
    assert net.n_nodes == 6
    assert net.node_ids.dtype == np.int64 and list(net.node_ids) == list(G.nodes)
    assert net.crs_m == "EPSG:32648"  # Guang'an is in UTM zone 48N
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True).transform(net.lon, net.lat)
    assert np.allclose(net.x_m, x) and np.allclose(net.y_m, y)
    assert isinstance(net.time_s, sp.csr_matrix) and net.time_s.shape == (6, 6)
    assert net.time_s.nnz == G.number_of_edges()  # no parallel edges or loops here
    index = {node: i for i, node in enumerate(net.node_ids)}
    for u, v, d in G.edges(data=True):
        assert net.time_s[index[u], index[v]] == pytest.approx(d["travel_time"])
        assert net.length_m[index[u], index[v]] == pytest.approx(d["length"])
    assert net.time_s[index[6], index[2]] == 0  # one-way 2 → 6
    rank = dict(zip(net.node_ids.tolist(), net.road_rank.tolist(), strict=True))
    assert net.road_rank.dtype == np.int8
    assert rank[1] == 1 and rank[6] == 3 and rank[8] == 3  # primary; tertiary (+ residential)
    assert net.source_label == G.graph["source_label"] and net.data_date == "2024-06-15"
    assert net.source_label_zh.startswith("OpenStreetMap 数据")


def test_parallel_edges_take_the_minimum_and_loops_are_dropped() -> None:
    G = _graph(
        [
            (1, 2, {"length": 100.0, "travel_time": 9.0, "highway": "residential"}),
            (1, 2, {"length": 120.0, "travel_time": 5.0, "highway": "motorway"}),
            (2, 1, {"length": 0.0, "travel_time": 0.0, "highway": "service"}),
            (2, 2, {"length": 50.0, "travel_time": 4.0, "highway": "service"}),
            (2, 3, {"length": 10.0, "travel_time": 1.0, "highway": "track"}),
        ]
    )
    net = network.road_network_from_graph(G)
    assert net.time_s[0, 1] == 5.0 and net.length_m[0, 1] == 100.0  # each its own minimum
    assert net.time_s[1, 1] == 0 and net.time_s.nnz == 3
    assert net.time_s[1, 0] == network.MIN_EDGE_VALUE  # zero kept as an explicit entry
    assert net.time_s.has_canonical_format
    assert (net.time_s.indices == net.length_m.indices).all()
    assert list(net.road_rank) == [0, 0, 7]  # node 3 touches only a track (other)
    assert net.data_date is None and net.source_label == "test graph"


def test_graph_without_travel_times_or_projected_is_an_error() -> None:
    G = _graph([(1, 2, {"length": 100.0, "highway": "primary"})])
    with pytest.raises(NetworkError, match="add_travel_times"):
        network.road_network_from_graph(G)
    network.add_travel_times(G)
    G.graph["crs"] = "EPSG:32648"
    with pytest.raises(NetworkError, match="EPSG:4326"):
        network.road_network_from_graph(G)


def test_road_network_is_fast_at_city_scale() -> None:
    rng = np.random.default_rng(7)
    n, m, side = 60_000, 150_000, 250
    G = nx.MultiDiGraph(crs="EPSG:4326")
    G.add_nodes_from((i, {"x": 106.5 + (i % side) * 1e-3, "y": 30.3 + (i // side) * 1e-3}) for i in range(n))
    u = rng.integers(0, n, m)
    v = np.minimum(u + np.where(rng.random(m) < 0.5, 1, side), n - 1)
    classes = ["primary", "residential", "service", ["tertiary", "residential"]]
    G.add_edges_from(
        (int(a), int(b), {"length": 100.0, "highway": classes[i % 4]})
        for i, (a, b) in enumerate(zip(u, v, strict=True))
    )
    network.add_travel_times(G)
    net = network.road_network_from_graph(G)
    # no wall-clock bound (it failed on a loaded machine): speed is measured in benchmarks/travel_times.py
    assert net.n_nodes == n and net.time_s.shape == (n, n)


def test_island_of_nodes_numbers_the_kept_islands_largest_first() -> None:
    road = {"highway": "residential", "length": 100.0}
    both = [
        (u, v, road)
        for a, b in [(1, 2), (2, 3), (5, 6), (7, 8), (8, 9), (9, 10)]
        for u, v in ((a, b), (b, a))
    ]
    G, report = network.largest_strong_component(network.add_travel_times(_graph(both)), keep_large=True)
    assert report.parts_kept == 3
    net = network.road_network_from_graph(G)
    island = dict(zip(net.node_ids.tolist(), network.island_of_nodes(net).tolist(), strict=True))
    assert island == {7: 0, 8: 0, 9: 0, 10: 0, 1: 1, 2: 1, 3: 1, 5: 2, 6: 2}
    one, _ = network.largest_strong_component(network.add_travel_times(_graph(both)))
    assert not network.island_of_nodes(network.road_network_from_graph(one)).any()
