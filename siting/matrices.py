"""Snapping and sparse travel-time / distance matrices.

Every matrix here is a SciPy CSR matrix holding one explicit entry per pair *within a threshold* and nothing
else (see :data:`siting._sparse.MIN_ENTRY`).  Shortest paths are SciPy's compiled Dijkstra
(:func:`scipy.sparse.csgraph.dijkstra`) run from many sources at once with a ``limit``; sources are processed
in chunks so that the dense working block stays below :data:`CHUNK_CELLS` cells.  We never call networkx per
pair.

Snapping.  A point is attached to its nearest road node (k-d tree on projected coordinates).  The straight
line from the point to that node is charged at ``off_network_speed_kph`` for travel times and at its length
for distances, so a site 800 m from the nearest road is not treated as if it stood on it.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import geopandas as gpd
import numpy as np
import scipy.sparse as sp
import shapely
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from siting._sparse import MIN_ENTRY
from siting._typing import FloatArray, IntArray, Progress
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

#: Largest dense block (sources x nodes) Dijkstra may fill at once: 2.5e7 float64 = 200 MB.
CHUNK_CELLS = 25_000_000


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
    pair (snap legs); pairs whose total exceeds ``limit`` are dropped.
    """
    n_sources = int(source_nodes.shape[0])
    n_targets = int(target_nodes.shape[0])
    if n_sources == 0 or n_targets == 0:
        return sp.csr_matrix((n_targets, n_sources), dtype=np.float64)
    unique_src, src_inverse = np.unique(source_nodes, return_inverse=True)
    n_nodes = graph.shape[0]
    chunk = max(1, CHUNK_CELLS // max(1, n_nodes))
    # Group original sources by unique node so each unique node's row is reused.
    order = np.argsort(src_inverse, kind="stable")
    starts = np.searchsorted(src_inverse[order], np.arange(unique_src.shape[0] + 1))
    # No useful path is longer than the limit minus the shortest snap legs.
    search_limit = max(0.0, limit - float(source_extra.min()) - float(target_extra.min()))
    counts = np.diff(starts)
    whole = target_nodes.shape[0] == n_nodes and bool(np.array_equal(target_nodes, np.arange(n_nodes)))

    def one_chunk(lo: int) -> tuple[IntArray, IntArray, FloatArray]:
        hi = min(lo + chunk, unique_src.shape[0])
        block = dijkstra(graph, directed=directed, indices=unique_src[lo:hi], limit=search_limit)
        sub = block if whole else block[:, target_nodes]  # (chunk, n_targets)
        del block
        u_local, hit = np.nonzero(sub <= search_limit)  # reached pairs only, in (source, target) order
        base = sub[u_local, hit]
        del sub
        # expand each reached (unique node, target) pair to every original source at that node
        u = u_local + lo
        reps = counts[u]
        first = np.repeat(starts[u], reps)
        offset = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
        s = order[first + offset]
        t = np.repeat(hit, reps)
        total = np.repeat(base, reps) + target_extra[t] + source_extra[s]
        ok = total <= limit
        return t[ok].astype(np.int64), s[ok].astype(np.int64), np.maximum(total[ok], MIN_ENTRY)

    # SciPy's Dijkstra releases the GIL for much of its work: chunks run on a few threads, each filling a
    # block of at most CHUNK_CELLS / workers cells, and are collected in chunk order (same result as serial).
    workers = max(1, min(threads(), -(-unique_src.shape[0] // chunk)))
    chunk = max(1, CHUNK_CELLS // (max(1, n_nodes) * workers))
    starts_lo = range(0, unique_src.shape[0], chunk)
    with progress_bar(progress, label, unique_src.shape[0], "sources") as advance:

        def timed_chunk(lo: int) -> tuple[IntArray, IntArray, FloatArray]:
            part = one_chunk(lo)
            advance(min(chunk, unique_src.shape[0] - lo))
            return part

        if workers == 1:
            parts = [timed_chunk(lo) for lo in starts_lo]
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                parts = list(pool.map(timed_chunk, starts_lo))
    rows = [p[0] for p in parts]
    cols = [p[1] for p in parts]
    vals = [p[2] for p in parts]
    if not rows or sum(r.size for r in rows) == 0:
        return sp.csr_matrix((n_targets, n_sources), dtype=np.float64)
    coo = sp.coo_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n_targets, n_sources),
    )
    out = coo.tocsr()
    out.sort_indices()
    return out


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
    mat.data = np.maximum(mat.data / 60.0, MIN_ENTRY)
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
