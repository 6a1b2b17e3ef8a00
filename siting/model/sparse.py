"""Sparse index helpers of the model: which rows and pairs get variables, rows with identical patterns.

The helpers turn the CSR matrices of :class:`~siting.model.data.ModelData` into canonical form
(:func:`~siting._sparse.canonical_csr`: sorted column indices, no duplicate entries) and read
``indptr``/``indices`` directly, without a Python loop over candidate × demand pairs.  The sets they return
are those of ``docs/model.md``: ``DEMAND`` (:func:`fast_demand_zones`), ``TERMINALS``
(:func:`reachable_terminals`) and ``SLOW_PAIRS`` (:func:`slow_pairs`); the charger ladders' tops
(:func:`charger_ladder`) and the allowed grid connections (:func:`grid_links`) of the planning families.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from siting._sparse import canonical_csr
from siting._typing import BoolArray, FloatArray, IntArray
from siting.model.data import Grid, ModelData, Queue

__all__ = [
    "canonical_csr",
    "charger_ladder",
    "fast_demand_zones",
    "grid_links",
    "identical_rows",
    "keep_rows",
    "reachable_terminals",
    "slow_pairs",
]


def fast_demand_zones(data: ModelData) -> IntArray:
    """Return the zones of the set ``DEMAND``: ``a_i > 0`` and at least one candidate in ``N_i``."""
    counts = np.diff(canonical_csr(data.fast_time_min).indptr)
    keep = (np.asarray(data.demand_fast_ev, dtype=np.float64) > 0) & (counts > 0)
    return np.flatnonzero(keep).astype(np.int64)


def reachable_terminals(data: ModelData) -> IntArray:
    """Return the terminals of the set ``TERMINALS``: at least one candidate within the radius."""
    counts = np.diff(canonical_csr(data.terminal_dist_m).indptr)
    return np.flatnonzero(counts > 0).astype(np.int64)


def slow_pairs(data: ModelData) -> tuple[IntArray, IntArray]:
    """Return the pairs of ``SLOW_PAIRS`` as (zone, pile site) arrays, ordered by zone then site.

    Only pairs within walking distance whose zone has slow demand ``s_i > 0`` and whose site can
    take a pile (``u_k > 0``) are kept; the others can never carry a flow.
    """
    walk = canonical_csr(data.walk_dist_m)
    zone = np.repeat(np.arange(walk.shape[0], dtype=np.int64), np.diff(walk.indptr))
    site = np.asarray(walk.indices, dtype=np.int64)
    demand = np.asarray(data.demand_slow_ev, dtype=np.float64)
    capacity = np.asarray(data.pile_capacity, dtype=np.int64)
    keep = (demand[zone] > 0) & (capacity[site] > 0)
    return zone[keep], site[keep]


def identical_rows(matrix: sp.csr_matrix) -> tuple[IntArray, IntArray]:
    """Group the rows of a canonical CSR matrix by their set of column indices.

    Rows are hashed (two random 64-bit weights per column, summed) and rows of one hash are then
    compared entry by entry, so a hash collision never merges different rows.

    Returns
    -------
    group, leaders
        ``group[r]`` is the group of row ``r``; ``leaders[g]`` the first row of group ``g``.
    """
    n_rows = matrix.shape[0]
    if n_rows == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    rng = np.random.default_rng(20240126)
    w1 = rng.integers(0, 2**63, size=matrix.shape[1], dtype=np.uint64)
    w2 = rng.integers(0, 2**63, size=matrix.shape[1], dtype=np.uint64)
    rows = np.repeat(np.arange(n_rows), np.diff(matrix.indptr))
    h1 = np.zeros(n_rows, dtype=np.uint64)
    h2 = np.zeros(n_rows, dtype=np.uint64)
    np.add.at(h1, rows, w1[matrix.indices])
    np.add.at(h2, rows, w2[matrix.indices])
    length = np.diff(matrix.indptr).astype(np.uint64)
    keys = np.stack([h1, h2, length], axis=1)
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    leader = first[inverse]  # candidate leader row of each row
    # verify: every row equals its leader entry by entry (else it leads its own group)
    lens = np.diff(matrix.indptr)
    offs = np.arange(matrix.nnz) - np.repeat(matrix.indptr[:-1], lens)
    mine = matrix.indices
    theirs = matrix.indices[np.repeat(matrix.indptr[leader], lens) + offs]
    bad_rows = np.unique(rows[mine != theirs])
    leader[bad_rows] = bad_rows
    leaders, group = np.unique(leader, return_inverse=True)
    return group.astype(np.int64), leaders.astype(np.int64)


def keep_rows(matrix: sp.csr_matrix, keep: BoolArray) -> sp.csr_matrix:
    """Return ``matrix`` with the entries of rows not in ``keep`` removed (shape unchanged)."""
    if bool(np.all(keep)):
        return matrix
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    mask = keep[rows]
    indptr = np.zeros(matrix.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows[mask], minlength=matrix.shape[0]), out=indptr[1:])
    out = sp.csr_matrix((matrix.data[mask], matrix.indices[mask], indptr), shape=matrix.shape)
    out.has_sorted_indices = True
    return out


def charger_ladder(
    data: ModelData, zones: IntArray, queue: Queue, ladder_scale: float
) -> tuple[IntArray, IntArray, IntArray, FloatArray, IntArray]:
    r"""Pairs of the demand ``zones`` with the sites in reach, the zones' peak arrivals, and :math:`\bar c_j`.

    :math:`\bar c_j` is the fewest chargers that serve every zone site ``j`` reaches at ``ladder_scale``
    times the demand, capped at :math:`c^+`.  Returns the pairs per zone, the pairs' zones and sites, the
    arrivals per zone and :math:`\bar c_j` per site.
    """
    cover = canonical_csr(data.fast_time_min)
    arrivals = float(queue.arrivals_per_ev_h) * np.asarray(data.demand_fast_ev, dtype=np.float64)
    counts = np.diff(cover.indptr)[zones]
    pair_zone = np.repeat(zones, counts)
    starts = cover.indptr[zones]
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    pair_site = cover.indices[np.repeat(starts, counts) + offsets].astype(np.int64)
    load = np.bincount(pair_site, weights=arrivals[pair_zone], minlength=data.n_candidates)
    levels = np.arange(queue.min_chargers, queue.max_chargers + 1)
    needed = np.searchsorted(queue.capacity_per_h, ladder_scale * load - 1e-9, side="left")
    top = levels[np.minimum(needed, levels.size - 1)]
    return counts, pair_zone, pair_site, arrivals, top.astype(np.int64)


def grid_links(grid: Grid) -> tuple[IntArray, IntArray, FloatArray]:
    """The allowed connections :math:`G`: site and substation of each, and its km beyond reach."""
    reach = canonical_csr(grid.distance_m)
    g_site = np.repeat(np.arange(reach.shape[0]), np.diff(reach.indptr)).astype(np.int64)
    g_sub = reach.indices.astype(np.int64)
    extra = np.asarray(canonical_csr(grid.excess_km)[g_site, g_sub]).ravel() if g_site.size else np.zeros(0)
    return g_site, g_sub, extra
