"""Snapping and sparse travel-time / distance matrices.

Every matrix here is a SciPy CSR matrix holding one explicit entry per pair *within a threshold* and nothing
else (see :data:`siting._sparse.MIN_ENTRY`).  Shortest paths are a bounded Dijkstra per source, compiled with
numba: a search touches only what lies within the limit (no dense sources x nodes block, no reset of the whole
network per source), and what it reaches goes straight into the CSR arrays.  Same edges, same sums and the
same ``<= limit`` rule as SciPy's :func:`scipy.sparse.csgraph.dijkstra` with ``limit`` (tested against it);
docs/performance.md says which libraries were measured before writing it.  We never call networkx per pair.

Snapping.  A point is attached to its nearest road node (k-d tree on projected coordinates).  The straight
line from the point to that node is charged at ``off_network_speed_kph`` for travel times and at its length
for distances, so a site 800 m from the nearest road is not treated as if it stood on it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
import shapely
from scipy.spatial import cKDTree

from siting._sparse import MIN_ENTRY
from siting._typing import BoolArray, FloatArray, IntArray, Progress
from siting.network import RoadNetwork
from siting.progress import bar as progress_bar
from siting.settings import threads

__all__ = [
    "CHUNK_CELLS",
    "Snap",
    "distance_matrix",
    "snap_points",
    "travel_time_matrix",
    "walking_matrix",
]

#: Sources per search call = CHUNK_CELLS // nodes, so one call's output holds at most this many (node, cost)
#: pairs (12 bytes each: 24 MB); also the unit of work handed to a thread and of the progress bar.
CHUNK_CELLS = 2_000_000

Int32Array = npt.NDArray[np.int32]
SearchKernel = Callable[
    [IntArray, Int32Array, FloatArray, IntArray, float, BoolArray], tuple[IntArray, Int32Array, FloatArray]
]
PairsKernel = Callable[
    [
        IntArray,
        Int32Array,
        FloatArray,
        IntArray,
        FloatArray,
        IntArray,
        IntArray,
        FloatArray,
        float,
        float,
        int,
        int,
        IntArray,
        Int32Array,
        FloatArray,
    ],
    None,
]


class Snap:
    """Where a set of points attaches to the road network.

    Attributes
    ----------
    node
        ``(n,)`` index into the RoadNetwork's node arrays.
    snap_m
        ``(n,)`` straight-line distance from the point to that node, metres.
    """

    def __init__(self, node: IntArray, snap_m: FloatArray) -> None:
        self.node = node
        self.snap_m = snap_m

    def __len__(self) -> int:
        return int(self.node.shape[0])


def snap_points(net: RoadNetwork, points: gpd.GeoSeries | gpd.GeoDataFrame) -> Snap:
    """Snap points (any geometry: its representative point is used) to the nearest road node.

    Parameters
    ----------
    net
        The road network.
    points
        Geometries with a CRS; they are projected to ``net.crs_m``.

    Returns
    -------
    Snap
        Node index and snap distance (metres) per point, in input order.
    """
    geoms = points.geometry if isinstance(points, gpd.GeoDataFrame) else points
    if len(geoms) == 0:
        return Snap(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))
    projected = geoms.to_crs(net.crs_m)
    reps = projected.representative_point()
    xy = np.column_stack([reps.x.to_numpy(), reps.y.to_numpy()])
    tree = cKDTree(np.column_stack([net.x_m, net.y_m]))
    dist, idx = tree.query(xy, k=1)
    return Snap(np.asarray(idx, dtype=np.int64), np.asarray(dist, dtype=np.float64))


def _search_py(
    indptr: IntArray,
    indices: Int32Array,
    weights: FloatArray,
    sources: IntArray,
    limit: float,
    keep: BoolArray,
) -> tuple[IntArray, Int32Array, FloatArray]:
    """Bounded Dijkstra from each of ``sources``; compiled by :func:`_kernels` (pure Python when read here).

    Returns ``(ptr, node, cost)``: the nodes reached from ``sources[i]`` within ``limit`` (only those with
    ``keep``) are ``node[ptr[i]:ptr[i + 1]]`` in the order they were settled, at cost ``cost[...]``.  Only
    the nodes a search touches are reset afterwards, so the work is proportional to what is reached, not to
    the size of the network (node-sized work arrays are int32: less to keep in cache).  The queue is a
    4-ary heap indexed by node (``slot``: position in the heap, -1 not reached, -2 settled) with
    decrease-key, so it never holds more than the search's frontier; a queued node's tentative cost is its
    heap entry (no separate distance array to look up or reset).
    """
    n = indptr.shape[0] - 1
    slot = np.full(n, -1, np.int32)
    touched = np.empty(n, np.int32)
    heap_cost = np.empty(n, np.float64)
    heap_node = np.empty(n, np.int32)
    ptr = np.zeros(sources.shape[0] + 1, np.int64)
    cap = 1024
    out_node = np.empty(cap, np.int32)
    out_cost = np.empty(cap, np.float64)
    k = 0
    for i in range(sources.shape[0]):
        src = sources[i]
        touched[0] = src
        n_touched = 1
        heap_cost[0] = 0.0
        heap_node[0] = src
        slot[src] = 0
        size = 1
        while size > 0:
            d = heap_cost[0]
            v = heap_node[0]
            slot[v] = -2
            size -= 1
            if size > 0:  # move the last entry to the root and sift it down
                last_d = heap_cost[size]
                last_v = heap_node[size]
                j = 0
                while True:
                    first = 4 * j + 1
                    if first >= size:
                        break
                    best = first
                    best_d = heap_cost[first]
                    for c in range(first + 1, min(first + 4, size)):
                        if heap_cost[c] < best_d:
                            best_d = heap_cost[c]
                            best = c
                    if best_d >= last_d:
                        break
                    heap_cost[j] = best_d
                    heap_node[j] = heap_node[best]
                    slot[heap_node[best]] = j
                    j = best
                heap_cost[j] = last_d
                heap_node[j] = last_v
                slot[last_v] = j
            if keep[v]:
                if k == cap:
                    cap *= 2
                    grown_node = np.empty(cap, np.int32)
                    grown_node[:k] = out_node[:k]
                    out_node = grown_node
                    grown_cost = np.empty(cap, np.float64)
                    grown_cost[:k] = out_cost[:k]
                    out_cost = grown_cost
                out_node[k] = v
                out_cost[k] = d
                k += 1
            for e in range(indptr[v], indptr[v + 1]):
                nd = d + weights[e]
                if not nd <= limit:  # beyond the limit (written so that a NaN weight is skipped too)
                    continue
                u = indices[e]
                j = slot[u]
                if j == -2:  # settled: nothing shorter can come (weights >= 0)
                    continue
                if j == -1:  # first reached: append to the heap
                    touched[n_touched] = u
                    n_touched += 1
                    j = size
                    size += 1
                elif nd >= heap_cost[j]:  # queued at no more than nd already
                    continue
                while j > 0:  # sift up (decrease-key)
                    parent = (j - 1) // 4
                    if heap_cost[parent] <= nd:
                        break
                    heap_cost[j] = heap_cost[parent]
                    heap_node[j] = heap_node[parent]
                    slot[heap_node[parent]] = j
                    j = parent
                heap_cost[j] = nd
                heap_node[j] = u
                slot[u] = j
        for j in range(n_touched):
            slot[touched[j]] = -1
        ptr[i + 1] = k
    return ptr, out_node[:k].copy(), out_cost[:k].copy()


def _pairs_py(
    ptr: IntArray,
    node: Int32Array,
    cost: FloatArray,
    source_slot: IntArray,
    source_extra: FloatArray,
    node_first: IntArray,
    node_targets: IntArray,
    target_extra: FloatArray,
    limit: float,
    min_entry: float,
    first: int,
    stop: int,
    fill: IntArray,
    indices: Int32Array,
    data: FloatArray,
) -> None:
    """Count, or write, the pairs of sources ``first:stop`` into (targets x sources) CSR arrays; compiled.

    Source ``s`` was searched as slot ``source_slot[s]`` (``ptr``/``node``/``cost`` as returned by
    :func:`_search_py`); the targets at node ``v`` are ``node_targets[node_first[v]:node_first[v + 1]]``.
    A pair is kept when ``cost + target_extra + source_extra <= limit`` (added in that order) and stored as
    at least ``min_entry``.  With empty ``indices`` it only counts the pairs per target into ``fill``;
    otherwise it writes each pair at ``fill[target]`` and advances it.  Sources go in increasing order, so
    each row's column indices come out sorted; no (row, column, value) triplets are ever built.
    """
    count_only = indices.shape[0] == 0
    for s in range(first, stop):
        slot = source_slot[s]
        for e in range(ptr[slot], ptr[slot + 1]):
            v = node[e]
            for j in range(node_first[v], node_first[v + 1]):
                t = node_targets[j]
                total = cost[e] + target_extra[t] + source_extra[s]
                if total <= limit:
                    if not count_only:
                        indices[fill[t]] = s
                        data[fill[t]] = max(total, min_entry)
                    fill[t] += 1


@functools.cache
def _kernels() -> tuple[SearchKernel, PairsKernel]:
    """The two compiled kernels (numba; they release the GIL).

    Compiled on the first call in a process and cached on disk: the first process on a machine compiles for
    some seconds (17 s measured on the 2-core machine under heavy load), later ones load in about 0.5 s.
    """
    # deferred: numba (LLVM) loads and compiles only when a matrix is computed, not on import of the planner
    import numba

    # explicit signatures: compiled here, once, before any thread calls them; other dtypes raise TypeError
    i8, i4, f8, b1 = "int64[::1]", "int32[::1]", "float64[::1]", "boolean[::1]"
    found = f"{i8}, {i4}, {f8}"
    search = f"Tuple(({found}))({i8}, {i4}, {f8}, {i8}, float64, {b1})"
    pairs = f"void({found}, {i8}, {f8}, {i8}, {i8}, {f8}, float64, float64, int64, int64, {i8}, {i4}, {f8})"
    try:  # the disk cache (next to this file, else the user's cache folder) spares later processes compiling
        jit = functools.partial(numba.njit, nogil=True, cache=True)
        return jit(search)(_search_py), jit(pairs)(_pairs_py)
    except RuntimeError:  # numba: "cannot cache function ...: no locator available" (no writable folder)
        jit = functools.partial(numba.njit, nogil=True, cache=False)
        return jit(search)(_search_py), jit(pairs)(_pairs_py)


def _adjacency(graph: sp.csr_matrix, *, directed: bool) -> tuple[IntArray, Int32Array, FloatArray]:
    """Out-edges of every node as (indptr, indices, weights), exactly as SciPy's csgraph reads ``graph``.

    Every stored entry is an edge (explicit zeros too, duplicates as parallel edges); undirected adds each
    entry in both directions (never summing a two-way road's two entries).
    """
    csr = sp.csr_matrix(graph)
    if csr.nnz and float(csr.data.min()) < 0:
        raise ValueError("road network: negative edge weights (travel times and lengths must be >= 0)")
    if directed:
        return (
            np.ascontiguousarray(csr.indptr, dtype=np.int64),
            np.ascontiguousarray(csr.indices, dtype=np.int32),
            np.ascontiguousarray(csr.data, dtype=np.float64),
        )
    n = csr.shape[0]
    tail = np.repeat(np.arange(n, dtype=np.int64), np.diff(csr.indptr))
    head = csr.indices.astype(np.int64)
    rows = np.concatenate([tail, head])
    order = np.argsort(rows, kind="stable")
    indptr = np.searchsorted(rows[order], np.arange(n + 1)).astype(np.int64)
    indices = np.concatenate([head, tail])[order].astype(np.int32)
    weights = np.concatenate([csr.data, csr.data]).astype(np.float64)[order]
    return indptr, indices, weights


def _bounded_paths(
    graph: sp.csr_matrix,
    source_nodes: IntArray,
    target_nodes: IntArray,
    *,
    limit: float,
    source_extra: FloatArray,
    target_extra: FloatArray,
    directed: bool,
    progress: Progress | None = None,
    label: str = "shortest paths",
) -> sp.csr_matrix:
    """Shortest path cost from each target to each source, within ``limit``, as (targets x sources) CSR.

    ``graph`` is already oriented so that a search *from* a source node follows edges towards it (i.e. the
    transposed graph for "drive to the station").  ``source_extra`` and ``target_extra`` are added to every
    pair (snap legs); pairs whose total exceeds ``limit`` are dropped.  One bounded Dijkstra per distinct
    source node (compiled, see :func:`_search_py`), chunks of sources on a few threads; the output goes
    straight into CSR arrays (:func:`_csr_from_searches`).
    """
    n_sources = int(source_nodes.shape[0])
    n_targets = int(target_nodes.shape[0])
    if n_sources == 0 or n_targets == 0:
        return sp.csr_matrix((n_targets, n_sources), dtype=np.float64)
    unique, src_inverse = np.unique(source_nodes, return_inverse=True)
    unique_src = np.ascontiguousarray(unique, dtype=np.int64)
    n_nodes = graph.shape[0]
    # No useful path is longer than the limit minus the shortest snap legs.
    search_limit = max(0.0, limit - float(source_extra.min()) - float(target_extra.min()))
    indptr, indices, weights = _adjacency(graph, directed=directed)
    by_node = np.argsort(target_nodes, kind="stable")
    node_first = np.searchsorted(target_nodes[by_node], np.arange(n_nodes + 1)).astype(np.int64)
    keep = node_first[1:] > node_first[:-1]  # only nodes some target stands on are recorded
    search, pairs = _kernels()
    n_unique = int(unique_src.shape[0])
    # one call's output holds at most CHUNK_CELLS (source, node) pairs; chunks run on a few threads (the
    # kernels release the GIL) and are collected in chunk order (same result as serial)
    chunk = max(1, CHUNK_CELLS // max(1, n_nodes))
    workers = max(1, min(threads(), -(-n_unique // chunk)))
    with progress_bar(progress, label, n_unique, "sources") as advance:

        def one_chunk(lo: int) -> tuple[IntArray, Int32Array, FloatArray]:
            part = search(indptr, indices, weights, unique_src[lo : lo + chunk], search_limit, keep)
            advance(min(chunk, n_unique - lo))
            return part

        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(one_chunk, range(0, n_unique, chunk)))
    ptr = np.zeros(n_unique + 1, np.int64)
    np.cumsum(np.concatenate([np.diff(p[0]) for p in parts]), out=ptr[1:])
    nodes, costs = [p[1] for p in parts], [p[2] for p in parts]
    del parts
    node = np.concatenate(nodes)
    del nodes
    cost = np.concatenate(costs)
    del costs
    return _csr_from_searches(
        pairs,
        (ptr, node, cost),
        np.ascontiguousarray(src_inverse.ravel(), dtype=np.int64),
        np.ascontiguousarray(source_extra, dtype=np.float64),
        (node_first, np.ascontiguousarray(by_node, dtype=np.int64)),
        np.ascontiguousarray(target_extra, dtype=np.float64),
        limit=float(limit),
        workers=workers,
    )


def _csr_from_searches(
    pairs: PairsKernel,
    found: tuple[IntArray, Int32Array, FloatArray],
    source_slot: IntArray,
    source_extra: FloatArray,
    targets_at: tuple[IntArray, IntArray],
    target_extra: FloatArray,
    *,
    limit: float,
    workers: int,
) -> sp.csr_matrix:
    """The (targets x sources) CSR matrix from the searches' output (:func:`_pairs_py`), in two passes.

    The sources are cut into ranges of about equal work; each range counts its pairs per target (threads),
    the counts give every range its own write positions in each row, and the ranges write (threads again).
    """
    ptr, node, cost = found
    node_first, node_targets = targets_at
    n_sources, n_targets = source_slot.shape[0], target_extra.shape[0]
    reached = np.cumsum(np.diff(ptr)[source_slot])  # work up to each source
    n_ranges = min(n_sources, 4 * workers)
    cuts = np.searchsorted(reached, np.linspace(0, reached[-1], n_ranges + 1)[1:-1], side="right")
    bounds = np.unique(np.r_[0, cuts, n_sources])
    no_indices, no_data = np.zeros(0, np.int32), np.zeros(0, np.float64)
    args = (ptr, node, cost, source_slot, source_extra, node_first, node_targets, target_extra, limit)

    def count(r: int) -> IntArray:
        fill = np.zeros(n_targets, np.int64)
        pairs(*args, MIN_ENTRY, int(bounds[r]), int(bounds[r + 1]), fill, no_indices, no_data)
        return fill

    n_parts = bounds.shape[0] - 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        counts = list(pool.map(count, range(n_parts)))
        indptr = np.zeros(n_targets + 1, np.int64)
        np.cumsum(np.sum(counts, axis=0), out=indptr[1:])
        starts = [indptr[:-1].copy()]
        for part in counts[:-1]:
            starts.append(starts[-1] + part)
        del counts
        indices = np.empty(int(indptr[-1]), np.int32)
        data = np.empty(int(indptr[-1]), np.float64)

        def write(r: int) -> None:
            pairs(*args, MIN_ENTRY, int(bounds[r]), int(bounds[r + 1]), starts[r], indices, data)

        list(pool.map(write, range(n_parts)))
    return sp.csr_matrix((data, indices, indptr), shape=(n_targets, n_sources))


def travel_time_matrix(
    net: RoadNetwork,
    stations: Snap,
    origins: Snap,
    *,
    cutoff_min: float,
    off_network_speed_kph: float,
    progress: Progress | None = None,
) -> sp.csr_matrix:
    """Drive times from origins (demand zones) to stations, within ``cutoff_min``.

    Parameters
    ----------
    net
        Road network with ``time_s`` weights (directed: one-way streets are respected).
    stations, origins
        Snapped station sites (columns) and origins (rows).
    cutoff_min
        Pairs slower than this are not stored, minutes.
    off_network_speed_kph
        Speed charged on both snap legs.
    progress
        Progress callable; draws a bar over the Dijkstra sources when it can (:mod:`siting.progress`).

    Returns
    -------
    scipy.sparse.csr_matrix
        ``(len(origins), len(stations))``, minutes, one entry per pair within the cutoff.
    """
    speed_m_per_min = off_network_speed_kph * 1000.0 / 60.0
    mat = _bounded_paths(
        net.time_s.T.tocsr(),  # search from the station backwards = every origin's time *to* it
        stations.node,
        origins.node,
        limit=cutoff_min * 60.0,
        source_extra=stations.snap_m / speed_m_per_min * 60.0,
        target_extra=origins.snap_m / speed_m_per_min * 60.0,
        directed=True,
        progress=progress,
        label="travel times",
    )
    np.divide(mat.data, 60.0, out=mat.data)  # in place: no second copy of the largest array
    np.maximum(mat.data, MIN_ENTRY, out=mat.data)
    return mat


def distance_matrix(
    net: RoadNetwork, stations: Snap, points: Snap, *, cutoff_m: float, progress: Progress | None = None
) -> sp.csr_matrix:
    """Road distances between points (rows) and stations (columns), within ``cutoff_m``.

    Distance is measured on the undirected road graph (a terminal is "near" a station whichever way one
    drives) plus both snap legs.  Returns metres, one entry per pair within the cutoff.
    """
    return _bounded_paths(
        net.length_m,
        stations.node,
        points.node,
        limit=cutoff_m,
        source_extra=stations.snap_m,
        target_extra=points.snap_m,
        directed=False,
        progress=progress,
        label="road distances",
    )


def walking_matrix(
    zones: gpd.GeoDataFrame,
    sites: gpd.GeoDataFrame,
    *,
    walk_m: float,
    detour: float,
    crs_m: str,
) -> sp.csr_matrix:
    """Walking distance from demand zones (rows) to pile sites (columns), within ``walk_m``.

    The drivable network has no footpaths, so walking distance is the straight-line distance from the pile
    site to the nearest point of the zone (0 inside it) times the ``detour`` factor.  Pairs are found with a
    shapely STRtree ``dwithin`` query.

    Returns
    -------
    scipy.sparse.csr_matrix
        ``(len(zones), len(sites))``, metres (at least MIN_ENTRY), one entry per pair within ``walk_m``.
    """
    n_z, n_s = len(zones), len(sites)
    if n_z == 0 or n_s == 0:
        return sp.csr_matrix((n_z, n_s), dtype=np.float64)
    zone_geoms = zones.geometry.to_crs(crs_m)
    site_geoms = sites.geometry.to_crs(crs_m).representative_point()
    radius = walk_m / detour
    site_idx, zone_idx = zone_geoms.sindex.query(site_geoms, predicate="dwithin", distance=radius)
    dist = shapely.distance(zone_geoms.to_numpy()[zone_idx], site_geoms.to_numpy()[site_idx]) * detour
    keep = dist <= walk_m
    coo = sp.coo_matrix(
        (np.maximum(dist[keep], MIN_ENTRY), (zone_idx[keep], site_idx[keep])), shape=(n_z, n_s)
    )
    out = coo.tocsr()
    out.sort_indices()
    return out
