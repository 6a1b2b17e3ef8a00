"""Sparse travel-time, distance and walking matrices on hand-checkable networks."""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from shapely.geometry import Point, box

from siting import matrices
from siting.matrices import Snap
from siting.network import RoadNetwork


def _line_network(n: int = 5, step_m: float = 1000.0, speed_kph: float = 60.0) -> RoadNetwork:
    """n nodes on a west-east line, 1 km apart, two-way, 60 km/h (1 min per km); node 0 -> 1 also one-way
    shortcut-free. Coordinates in UTM 48N around Guang'an."""
    x = 600_000.0 + step_m * np.arange(n)
    y = np.full(n, 3_370_000.0)
    lonlat = gpd.GeoSeries(gpd.points_from_xy(x, y), crs=32648).to_crs(4326)
    rows = np.r_[np.arange(n - 1), np.arange(1, n)]
    cols = np.r_[np.arange(1, n), np.arange(n - 1)]
    length = sp.csr_matrix((np.full(rows.size, step_m), (rows, cols)), shape=(n, n))
    time_s = sp.csr_matrix((np.full(rows.size, step_m / (speed_kph / 3.6)), (rows, cols)), shape=(n, n))
    return RoadNetwork(
        node_ids=np.arange(n, dtype=np.int64) + 100,
        lon=lonlat.x.to_numpy(),
        lat=lonlat.y.to_numpy(),
        x_m=x,
        y_m=y,
        crs_m="EPSG:32648",
        time_s=time_s,
        length_m=length,
        road_rank=np.zeros(n, dtype=np.int8),
        source_label="test line",
        source_label_zh="测试",
        data_date=None,
    )


def test_snap_finds_nearest_node_and_distance() -> None:
    net = _line_network()
    pts = gpd.GeoSeries([Point(602_100, 3_370_300), Point(600_000, 3_370_000)], crs=32648)
    snap = matrices.snap_points(net, pts)
    assert snap.node.tolist() == [2, 0]
    assert snap.snap_m == pytest.approx([np.hypot(100, 300), 0.0])


def test_travel_times_are_bounded_and_include_snap_legs() -> None:
    net = _line_network()
    stations = Snap(np.array([0, 4]), np.array([0.0, 250.0]))  # 250 m off-road at 15 km/h = 1 min
    origins = Snap(np.array([0, 1, 2, 3]), np.zeros(4))
    mat = matrices.travel_time_matrix(net, stations, origins, cutoff_min=2.5, off_network_speed_kph=15.0)
    dense = mat.toarray()
    # station 0 at node 0: origins 0,1,2 at 0,1,2 min (origin 0 stored as MIN_ENTRY, not dropped)
    assert dense[:3, 0] == pytest.approx([1e-6, 1.0, 2.0])
    assert dense[3, 0] == 0.0 and mat[3, 0] == 0  # 3 min > cutoff: absent
    # station 1 at node 4 (+1 min snap): origin 3 at 1 + 1 = 2 min; origin 2 at 3 min is cut off
    assert dense[3, 1] == pytest.approx(2.0)
    assert mat.nnz == 4


def test_one_way_streets_are_respected() -> None:
    net = _line_network(3)
    # remove the 1 -> 0 direction: from node 1 one cannot drive to node 0
    t = net.time_s.tolil()
    t[1, 0] = 0
    oneway = RoadNetwork(**{**net.__dict__, "time_s": t.tocsr()})
    oneway.time_s.eliminate_zeros()
    mat = matrices.travel_time_matrix(
        oneway,
        Snap(np.array([0]), np.zeros(1)),
        Snap(np.array([1, 2]), np.zeros(2)),
        cutoff_min=60,
        off_network_speed_kph=15,
    )
    assert mat.nnz == 0  # no origin can reach the station at node 0
    back = matrices.travel_time_matrix(
        oneway,
        Snap(np.array([2]), np.zeros(1)),
        Snap(np.array([0]), np.zeros(1)),
        cutoff_min=60,
        off_network_speed_kph=15,
    )
    assert back.toarray()[0, 0] == pytest.approx(2.0)


def test_shared_nodes_and_chunking_give_the_same_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    net = _line_network(6)
    stations = Snap(np.array([1, 1, 3, 5]), np.array([0.0, 100.0, 0.0, 0.0]))
    origins = Snap(np.arange(6), np.zeros(6))
    full = matrices.travel_time_matrix(net, stations, origins, cutoff_min=3, off_network_speed_kph=6)
    monkeypatch.setattr(matrices, "CHUNK_CELLS", 1)  # one source per Dijkstra call
    chunked = matrices.travel_time_matrix(net, stations, origins, cutoff_min=3, off_network_speed_kph=6)
    assert (full != chunked).nnz == 0
    # the second station shares node 1 but is 100 m off-road at 6 km/h = 1 min later
    assert full[1, 1] == pytest.approx(full[1, 0] + 1.0)


def test_matches_networkx_on_a_random_graph() -> None:
    rng = np.random.default_rng(3)
    G = nx.gnm_random_graph(60, 200, seed=3, directed=True)
    n = 60
    w = {e: float(rng.uniform(10, 100)) for e in G.edges}
    rows, cols = zip(*G.edges, strict=True)
    time_s = sp.csr_matrix(([w[e] for e in G.edges], (rows, cols)), shape=(n, n))
    base = _line_network(n)
    net = RoadNetwork(**{**base.__dict__, "time_s": time_s})
    stations = Snap(np.arange(0, n, 7), np.zeros(len(range(0, n, 7))))
    origins = Snap(np.arange(n), np.zeros(n))
    mat = matrices.travel_time_matrix(net, stations, origins, cutoff_min=2.0, off_network_speed_kph=15)
    nx.set_edge_attributes(G, w, "w")
    csc = mat.tocsc()
    for col, s in enumerate(stations.node):
        expect = nx.single_source_dijkstra_path_length(G.reverse(), int(s), cutoff=120.0, weight="w")
        lo, hi = csc.indptr[col], csc.indptr[col + 1]
        got = {int(i): v * 60 for i, v in zip(csc.indices[lo:hi], csc.data[lo:hi], strict=True)}
        assert set(got) == set(expect)
        for k, v in expect.items():
            assert got[k] == pytest.approx(max(v, 6e-5), abs=1e-3)


def test_distance_matrix_is_undirected() -> None:
    net = _line_network(4)
    mat = matrices.distance_matrix(
        net,
        Snap(np.array([0]), np.zeros(1)),
        Snap(np.array([1, 3]), np.array([10.0, 0.0])),
        cutoff_m=2000,
    )
    assert mat.toarray()[:, 0] == pytest.approx([1010.0, 0.0])


def test_walking_matrix_uses_detour_and_zone_edges() -> None:
    zones = gpd.GeoDataFrame(geometry=[box(0, 0, 100, 100), box(1000, 0, 1100, 100)], crs=32648)
    sites = gpd.GeoDataFrame(geometry=[Point(50, 50), Point(400, 50), Point(2000, 0)], crs=32648)
    mat = matrices.walking_matrix(zones, sites, walk_m=500, detour=1.3, crs_m="EPSG:32648")
    dense = mat.toarray()
    assert dense[0, 0] == pytest.approx(1e-6)  # inside the zone
    assert dense[0, 1] == pytest.approx(300 * 1.3)  # 300 m from the zone edge
    assert dense[1, 1] == 0.0  # 600 m * 1.3 > 500
    assert dense[:, 2].sum() == 0.0
