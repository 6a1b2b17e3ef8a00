"""Index sets and decision variables of the siting model, and the sparse index helpers they use.

The sets hold only what the model needs (see ``docs/model.md``):

``SITES`` (``J``)
    every candidate station site ``j``.
``DEMAND`` (``I^f``)
    demand zones ``i`` with fast-charging demand ``a_i > 0`` and at least one candidate within
    ``fast_minutes`` (a zone with an empty ``N_i`` can never be covered, so it gets no variable).
``TERMINALS`` (``T^r``)
    terminals ``t`` with at least one candidate within the terminal radius (``M_t`` not empty).
``PILE_SITES`` (``K``)
    every pile site ``k``.
``SLOW_PAIRS`` (``W``)
    zone/pile-site pairs ``(i, k)`` within walking distance with ``s_i > 0`` and ``u_k > 0``.
``COUNTIES`` (``C``)
    every county ``c``.

The helpers turn the CSR matrices of :class:`~siting.model.data.ModelData` into canonical form
(sorted column indices, no duplicate entries) so that every function reads ``indptr``/``indices``
directly, without a Python loop over candidate × demand pairs.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyomo.environ as pyo
import scipy.sparse as sp

from siting.model.data import ModelData

__all__ = [
    "add_sets",
    "add_variables",
    "canonical_csr",
    "fast_demand_zones",
    "reachable_terminals",
    "slow_pairs",
]

IntArray = npt.NDArray[np.int64]


def canonical_csr(matrix: sp.spmatrix | sp.sparray) -> sp.csr_matrix:
    """Return ``matrix`` as CSR with sorted column indices and no duplicate entries.

    A matrix already in canonical CSR form is returned as is (no copy).  Duplicate entries of one
    pair keep the smallest value (the shortest travel time or distance), never their sum.

    Parameters
    ----------
    matrix
        Any SciPy sparse matrix or array.

    Returns
    -------
    scipy.sparse.csr_matrix
        Canonical CSR matrix of the same shape.
    """
    if matrix.format == "csr" and matrix.has_canonical_format:
        if isinstance(matrix, sp.csr_matrix):
            return matrix
        return sp.csr_matrix((matrix.data, matrix.indices, matrix.indptr), shape=matrix.shape)
    coo = sp.coo_matrix(matrix)
    rows = np.asarray(coo.row, dtype=np.int64)
    cols = np.asarray(coo.col, dtype=np.int64)
    vals = np.asarray(coo.data, dtype=np.float64)
    order = np.lexsort((vals, cols, rows))
    rows, cols, vals = rows[order], cols[order], vals[order]
    first = np.ones(rows.size, dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    rows, cols, vals = rows[first], cols[first], vals[first]
    indptr = np.zeros(coo.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=coo.shape[0]), out=indptr[1:])
    out = sp.csr_matrix((vals, cols, indptr), shape=coo.shape)
    out.has_sorted_indices = True
    return out


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


def add_sets(m: pyo.ConcreteModel, data: ModelData) -> None:
    """Add the index sets (``SITES``, ``DEMAND``, ... ``COUNTIES``, see the module docstring).

    Parameters
    ----------
    m
        The model being built (modified in place).
    data
        Model inputs.
    """
    zone, site = slow_pairs(data)
    m.SITES = pyo.Set(initialize=range(data.n_candidates), ordered=True)
    m.DEMAND = pyo.Set(initialize=fast_demand_zones(data).tolist(), ordered=True)
    m.TERMINALS = pyo.Set(initialize=reachable_terminals(data).tolist(), ordered=True)
    m.PILE_SITES = pyo.Set(initialize=range(data.n_pile_sites), ordered=True)
    m.SLOW_PAIRS = pyo.Set(
        initialize=list(zip(zone.tolist(), site.tolist(), strict=True)), dimen=2, ordered=True
    )
    m.COUNTIES = pyo.Set(initialize=range(data.n_counties), ordered=True)


def add_variables(m: pyo.ConcreteModel, data: ModelData) -> None:
    r"""Add the decision variables.

    .. math::

        x_j &\in \{0, 1\}                   && j \in J     && \text{``open_station``} \\
        y_i &\in [0, 1]                     && i \in I^f   && \text{``covered``} \\
        z_t &\in [0, 1]                     && t \in T^r   && \text{``terminal_covered``} \\
        n_k &\in \{0, 1, \dots, u_k\}       && k \in K     && \text{``piles``} \\
        f_{ik} &\ge 0                       && (i,k) \in W && \text{``slow_flow``}

    ``y`` and ``z`` are continuous: with binary ``x`` an optimal (or merely feasible) solution can
    always be rounded up to 0/1 values without loss (proof in ``docs/model.md``).

    Parameters
    ----------
    m
        The model being built, with its sets (modified in place).
    data
        Model inputs.
    """
    capacity = np.asarray(data.pile_capacity, dtype=np.int64).tolist()
    m.open_station = pyo.Var(m.SITES, domain=pyo.Binary)
    m.covered = pyo.Var(m.DEMAND, bounds=(0.0, 1.0))
    m.terminal_covered = pyo.Var(m.TERMINALS, bounds=(0.0, 1.0))
    m.piles = pyo.Var(m.PILE_SITES, domain=pyo.NonNegativeIntegers, bounds=lambda _m, k: (0, capacity[k]))
    m.slow_flow = pyo.Var(m.SLOW_PAIRS, domain=pyo.NonNegativeReals)
