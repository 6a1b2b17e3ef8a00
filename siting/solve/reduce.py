r"""Exact reductions of the siting model before the solver, and the way back to the original indices.

:func:`reduce_model_data` returns a smaller :class:`~siting.model.data.ModelData` whose optimal value
equals the original one, and a :class:`Reduction` that maps every plan of the reduced model back to a
plan of the original model with the same objective (:meth:`Reduction.expand`).  Each step is exact
(proofs in ``docs/model.md``, section *Reductions*; tests in ``tests/test_reduce.py``):

1. **Dominated candidates.**  Candidate :math:`d` dominates :math:`j` when it reaches every zone with
   demand and every terminal :math:`j` reaches (:math:`N(j) \subseteq N(d)`, :math:`M(j) \subseteq
   M(d)`), lies in the same county, has at least its tie-break coefficient, and :math:`j` is not
   locked; ties between identical candidates go to the lower index, so dominance is a strict order.
   A candidate with at least ``p`` dominators is dropped: in any plan that opens it, at most ``p - 1``
   of its dominators are open, so it can be swapped for a closed one without losing coverage,
   terminals or county counts; repeating the swap (it always moves up the order) gives an optimal
   plan without dropped candidates.
2. **Zones that cannot matter.**  Zones without fast demand or without a kept candidate in reach get
   no coverage row (as before).
3. **Single-candidate zones.**  A zone reached by one candidate only contributes :math:`w_f a_i
   x_j`: its row and variable are removed and :math:`w_f a_i` is added to the candidate's objective
   coefficient (``ModelData.site_bonus``).
4. **Identical coverage sets.**  Zones reached by the same set of candidates share one row and
   variable with the summed demand.
5. **Identical walking sets.**  Zones that reach the same pile sites are one zone of the slow part
   with the summed slow demand (a transportation problem does not distinguish them).
6. **Idle pile sites.**  Pile sites that reach no slow demand only count towards ``P`` and the county
   minimums: those of one county become one site with the summed capacity (any whole number up to
   it can be split back over the sites).

The reduced data stacks the fast zones and the slow zones as separate rows (a fast zone has no slow
demand and no walking pairs, a slow zone no fast demand), so every function of the package (greedy,
:func:`~siting.model.evaluate.evaluate`, the Pyomo and the HiGHS model builders) works on it unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from siting._sparse import canonical_csr
from siting._typing import BoolArray, FloatArray, IntArray
from siting.model.data import ModelData, Solution
from siting.model.evaluate import evaluate
from siting.model.objective import tie_break_coefficients
from siting.model.sparse import identical_rows, keep_rows

__all__ = ["Reduction", "identical_rows", "reduce_model_data"]


#: Largest number of entries of one block of the candidate × candidate overlap product.
_OVERLAP_BLOCK = 20_000_000


@dataclass
class Reduction:
    """A reduced model and the maps back to the original index space.

    Attributes
    ----------
    data
        The reduced :class:`ModelData`.
    original
        The data it was reduced from.
    kept_sites
        ``(reduced n_candidates,)`` original index of every kept candidate.
    pile_site_of
        ``(reduced n_pile_sites,)`` original index of every pile site kept as is, ``-1`` for a merged
        group of idle sites.
    idle_groups
        Original indices of the idle pile sites of each merged group, in the order of the ``-1``
        entries of ``pile_site_of``.
    removed
        What each reduction removed (counts; see :func:`reduce_model_data`).
    """

    data: ModelData
    original: ModelData
    kept_sites: IntArray
    pile_site_of: IntArray
    idle_groups: list[IntArray] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)

    def expand_arrays(self, open_station: npt.ArrayLike, piles: npt.ArrayLike) -> tuple[BoolArray, IntArray]:
        """Map a reduced plan (opened sites, piles) to original-size arrays."""
        opened = np.zeros(self.original.n_candidates, dtype=bool)
        opened[self.kept_sites[np.asarray(open_station, dtype=bool)]] = True
        reduced_piles = np.rint(np.asarray(piles, dtype=np.float64)).astype(np.int64)
        out = np.zeros(self.original.n_pile_sites, dtype=np.int64)
        direct = self.pile_site_of >= 0
        out[self.pile_site_of[direct]] = reduced_piles[direct]
        capacity = np.maximum(np.asarray(self.original.pile_capacity, dtype=np.int64), 0)
        for group, total in zip(self.idle_groups, reduced_piles[~direct].tolist(), strict=True):
            before = np.cumsum(capacity[group]) - capacity[group]
            out[group] = np.clip(int(total) - before, 0, capacity[group])
        return opened, out

    def reduce_arrays(self, open_station: npt.ArrayLike, piles: npt.ArrayLike) -> tuple[BoolArray, IntArray]:
        """Map an original plan onto the reduced indices (dropped candidates are lost)."""
        opened = np.asarray(open_station, dtype=bool)[self.kept_sites]
        original_piles = np.asarray(piles, dtype=np.int64)
        direct = self.pile_site_of >= 0
        out = np.zeros(self.data.n_pile_sites, dtype=np.int64)
        out[direct] = original_piles[self.pile_site_of[direct]]
        out[~direct] = [int(original_piles[g].sum()) for g in self.idle_groups]
        return opened, out

    def expand(self, solution: Solution) -> Solution:
        """Return the original-size plan of a reduced plan, evaluated on the original data."""
        opened, piles = self.expand_arrays(solution.open_station, solution.piles)
        return evaluate(self.original, opened, piles)


def reduce_model_data(data: ModelData, *, dominance: bool = True) -> Reduction:
    """Apply the exact reductions of the module docstring.

    Parameters
    ----------
    data
        Model inputs (checked with :func:`siting.solve.check_feasibility`).
    dominance
        Drop dominated candidates (step 1); the other steps always run.

    Returns
    -------
    Reduction
        With ``removed`` counting: ``candidates_dominated``, ``zones_without_coverage`` (no fast
        demand or no candidate in reach), ``zones_single_candidate``, ``zones_merged_identical``
        (rows saved by merging identical coverage sets), ``slow_zones_merged_identical``,
        ``idle_pile_sites_merged`` (sites saved), ``coverage_pairs`` (coverage entries removed).
    """
    removed: dict[str, int] = {}
    st = _reduce_stations(data, dominance, removed)
    pi = _reduce_piles(data, removed)
    n_fast, n_slow = st.demand.size, pi.demand.size
    n_kept, n_piles = st.kept.size, pi.capacity.size
    fast_time = sp.vstack([st.rows, sp.csr_matrix((n_slow, n_kept), dtype=np.float64)], format="csr")
    walk_dist = sp.vstack([sp.csr_matrix((n_fast, n_piles), dtype=np.float64), pi.rows], format="csr")
    fast_time.sort_indices()
    walk_dist.sort_indices()
    county = np.asarray(data.station_county, dtype=np.int64)
    locked = np.asarray(data.station_locked, dtype=bool)
    reduced = ModelData(
        n_stations=int(data.n_stations),
        n_piles=int(data.n_piles),
        terminal_quota=int(data.terminal_quota),
        fast_minutes=float(data.fast_minutes),
        demand_fast_ev=np.concatenate([st.demand, np.zeros(n_slow)]),
        demand_slow_ev=np.concatenate([np.zeros(n_fast), pi.demand]),
        fast_time_min=sp.csr_matrix(fast_time),
        terminal_dist_m=st.radius,
        walk_dist_m=sp.csr_matrix(walk_dist),
        station_county=county[st.kept],
        station_locked=locked[st.kept],
        pile_capacity=pi.capacity,
        pile_county=pi.county,
        evs_per_pile=float(data.evs_per_pile),
        county_names=list(data.county_names),
        county_min_stations=np.asarray(data.county_min_stations, dtype=np.int64).copy(),
        county_min_piles=np.asarray(data.county_min_piles, dtype=np.int64).copy(),
        weight_fast=float(data.weight_fast),
        weight_slow=float(data.weight_slow),
        tie_break=float(data.tie_break),
        site_bonus=st.bonus,
    )
    return Reduction(reduced, data, st.kept, pi.site_of, pi.idle_groups, removed)


@dataclass
class _Stations:
    """The station side of a reduction: kept candidates, their terminal rows, bonus, merged zones."""

    kept: IntArray
    radius: sp.csr_matrix
    bonus: FloatArray
    demand: FloatArray
    rows: sp.csr_matrix


@dataclass
class _Piles:
    """The pile side of a reduction: kept and merged sites, merged slow zones."""

    site_of: IntArray
    capacity: IntArray
    county: IntArray
    idle_groups: list[IntArray]
    demand: FloatArray
    rows: sp.csr_matrix


def _reduce_stations(data: ModelData, dominance: bool, removed: dict[str, int]) -> _Stations:
    """Steps 1-3 of the module docstring: dominated candidates, single-coverer zones, identical zones."""
    ties = tie_break_coefficients(data)
    demand = np.maximum(np.asarray(data.demand_fast_ev, dtype=np.float64), 0.0)
    with_demand = demand > 0  # only zones with demand matter for coverage
    cover = keep_rows(canonical_csr(data.fast_time_min), with_demand)
    radius = canonical_csr(data.terminal_dist_m)
    locked = np.asarray(data.station_locked, dtype=bool)
    county = np.asarray(data.station_county, dtype=np.int64)
    dropped = np.zeros(data.n_candidates, dtype=bool)
    if dominance and int(data.n_stations) > 0:
        dropped = dominated_candidates(cover, radius, county, ties, locked, int(data.n_stations))
    removed["candidates_dominated"] = int(dropped.sum())
    kept = np.flatnonzero(~dropped).astype(np.int64)
    cover = cover[:, kept].tocsr()
    cover.sort_indices()
    radius_kept = radius[:, kept].tocsr()
    radius_kept.sort_indices()
    bonus = ties[kept].copy()
    # zones: demand and at least one kept candidate
    counts = np.diff(cover.indptr)
    coverable = with_demand & (counts > 0)
    removed["zones_without_coverage"] = int(data.n_demand - coverable.sum())
    single = coverable & (counts == 1)
    removed["zones_single_candidate"] = int(single.sum())
    single_rows = np.flatnonzero(single)
    bonus += float(data.weight_fast) * np.bincount(
        cover.indices[cover.indptr[single_rows]], weights=demand[single_rows], minlength=kept.size
    )
    multi = np.flatnonzero(coverable & (counts > 1))
    sub = cover[multi]
    group, leaders = identical_rows(sub)
    removed["zones_merged_identical"] = int(multi.size - leaders.size)
    fast_rows = sub[leaders]
    removed["coverage_pairs"] = int(data.fast_time_min.nnz - fast_rows.nnz)
    return _Stations(
        kept=kept,
        radius=radius_kept,
        bonus=bonus,
        demand=np.bincount(group, weights=demand[multi], minlength=leaders.size).astype(np.float64),
        rows=fast_rows,
    )


def _reduce_piles(data: ModelData, removed: dict[str, int]) -> _Piles:
    """Steps 4-5: keep pile sites with slow pairs, merge idle ones per county, merge identical slow zones."""
    capacity = np.maximum(np.asarray(data.pile_capacity, dtype=np.int64), 0)
    slow = np.maximum(np.asarray(data.demand_slow_ev, dtype=np.float64), 0.0)
    walk_full = keep_rows(canonical_csr(data.walk_dist_m), slow > 0)
    has_pair = np.bincount(walk_full.indices, minlength=data.n_pile_sites)[: data.n_pile_sites] > 0
    active_mask = has_pair & (capacity > 0)
    active = np.flatnonzero(active_mask)
    pile_county = np.asarray(data.pile_county, dtype=np.int64)
    idle = np.flatnonzero(~active_mask)
    idle_groups = [idle[pile_county[idle] == c] for c in np.unique(pile_county[idle]).tolist()]
    idle_groups = [g for g in idle_groups if g.size]
    removed["idle_pile_sites_merged"] = int(idle.size - len(idle_groups))
    site_of = np.concatenate([active, np.full(len(idle_groups), -1, dtype=np.int64)])
    new_capacity = np.concatenate(
        [capacity[active], np.array([int(capacity[g].sum()) for g in idle_groups], dtype=np.int64)]
    )
    new_county = np.concatenate(
        [pile_county[active], np.array([int(pile_county[g[0]]) for g in idle_groups], dtype=np.int64)]
    )
    # walking rows over the kept sites (reduced pile index), zones with slow demand and a pair
    remap = np.full(data.n_pile_sites, -1, dtype=np.int64)
    remap[active] = np.arange(active.size)
    coo = walk_full.tocoo()
    keep_pair = remap[coo.col] >= 0
    walk_red = sp.csr_matrix(
        (coo.data[keep_pair], (coo.row[keep_pair], remap[coo.col[keep_pair]])),
        shape=(data.n_demand, max(int(new_capacity.size), 0)),
    )
    walk_red.sort_indices()
    slow_zones = np.flatnonzero(np.diff(walk_red.indptr) > 0)
    slow_sub = walk_red[slow_zones]
    slow_group, slow_leaders = identical_rows(slow_sub)
    removed["slow_zones_merged_identical"] = int(slow_zones.size - slow_leaders.size)
    return _Piles(
        site_of=site_of,
        capacity=new_capacity,
        county=new_county,
        idle_groups=idle_groups,
        demand=np.bincount(slow_group, weights=slow[slow_zones], minlength=slow_leaders.size).astype(
            np.float64
        ),
        rows=slow_sub[slow_leaders],
    )


def dominated_candidates(
    cover: sp.csr_matrix,
    radius: sp.csr_matrix,
    county: IntArray,
    ties: FloatArray,
    locked: BoolArray,
    p: int,
) -> BoolArray:
    """Return the candidates with at least ``p`` dominators (see the module docstring, step 1).

    ``cover`` holds only zones with demand.  A candidate can have ``p`` dominators only if every zone
    and terminal it reaches is reached by more than ``p`` candidates, so only those are tested;
    their overlaps with every candidate come from sparse products in blocks of bounded size.
    """
    n = cover.shape[1]
    out = np.zeros(n, dtype=bool)
    if n <= p:
        return out
    cover_b = sp.csr_matrix((np.ones(cover.nnz), cover.indices, cover.indptr), shape=cover.shape)
    radius_b = sp.csr_matrix((np.ones(radius.nnz), radius.indices, radius.indptr), shape=radius.shape)
    row_count = np.diff(cover_b.indptr)
    term_count = np.diff(radius_b.indptr)
    cover_csc = cover_b.tocsc()
    radius_csc = radius_b.tocsc()
    size = np.diff(cover_csc.indptr)
    tsize = np.diff(radius_csc.indptr)
    # smallest row size over each column's rows (inf for empty columns)
    big = np.iinfo(np.int64).max
    min_row = np.full(n, big, dtype=np.int64)
    cols = np.repeat(np.arange(n), size)
    np.minimum.at(min_row, cols, row_count[cover_csc.indices])
    min_term = np.full(n, big, dtype=np.int64)
    tcols = np.repeat(np.arange(n), tsize)
    np.minimum.at(min_term, tcols, term_count[radius_csc.indices])
    same_county = np.bincount(county - county.min(), minlength=1)[county - county.min()]
    test = (~locked) & (min_row > p) & (min_term > p) & (same_county > p)
    idx = np.flatnonzero(test)
    if idx.size == 0:
        return out
    cover_t = cover_csc.T.tocsr()  # candidates x zones
    radius_t = radius_csc.T.tocsr()
    per_col = max(1, int(size[idx].mean() + 1))
    avg_fan = max(1.0, float(row_count.mean()))
    step = max(1, int(_OVERLAP_BLOCK // max(1.0, per_col * avg_fan)))
    for lo in range(0, idx.size, step):
        block = idx[lo : lo + step]
        overlap = (cover_t[block] @ cover_b).tocoo()  # (block, n): shared zones
        t_overlap = (radius_t[block] @ radius_b).tocsr()
        j = block[overlap.row]
        d = overlap.col
        ok = (overlap.data == size[j]) & (d != j) & (county[d] == county[j]) & (ties[d] >= ties[j])
        # terminals: d must reach all of j's terminals
        t_shared = np.asarray(t_overlap[overlap.row[ok], d[ok]]).ravel() if ok.any() else np.zeros(0)
        ok_idx = np.flatnonzero(ok)
        ok[ok_idx] = t_shared == tsize[j[ok_idx]]
        # strict order: d above j unless j also dominates d and d has the higher index
        mutual = (size[d] == size[j]) & (tsize[d] == tsize[j]) & (ties[d] == ties[j])
        ok &= ~mutual | (d < j)
        dominators = np.bincount(overlap.row[ok], minlength=block.size)
        out[block[dominators >= p]] = True
    # candidates reaching no zone and no terminal: every other candidate of the county with at
    # least the same tie coefficient dominates them (the products above have no entry for them),
    # except empty ones with the same coefficient and a higher index
    empty = (size == 0) & (tsize == 0)
    for c in np.unique(county[test & empty]).tolist():
        members = np.flatnonzero(county == c)
        sorted_ties = np.sort(ties[members])
        targets = members[test[members] & empty[members]]
        at_least = members.size - np.searchsorted(sorted_ties, ties[targets], side="left")
        peers = members[empty[members]]
        same_rank = np.zeros(targets.size, dtype=np.int64)
        for value in np.unique(ties[targets]).tolist():
            tied = np.sort(peers[ties[peers] == value])  # empty peers with this coefficient
            sel = ties[targets] == value
            # peers with a higher index are below the target in the strict order
            same_rank[sel] = tied.size - 1 - np.searchsorted(tied, targets[sel])
        out[targets] = (at_least - 1 - same_rank) >= p
    return out
