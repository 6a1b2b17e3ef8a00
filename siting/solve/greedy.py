"""A feasible plan in seconds: the greedy heuristic and the swap local search (MIP start and fallback).

:func:`greedy_solution` builds a plan that meets every requirement of the model (exact counts,
locked sites, terminal quota, county minimums, pile capacities); :func:`improve_stations` improves its
stations by swaps; :func:`siting.solve.solve_model` hands the result to HiGHS as the MIP start and returns
it when HiGHS finds nothing better.  Plans are evaluated by :func:`siting.model.evaluate.evaluate`.

Stations (sparse, incremental)
    The marginal gain of candidate ``j`` is ``w_f * (uncovered fast demand within reach of j) +
    b_j`` (``b_j`` the tie-break coefficient).  Gains are kept in one vector: opening ``j`` marks
    its zones covered and subtracts each newly covered zone's demand from every candidate that
    reaches it (one sparse row slice and one ``bincount`` per opened station), so the whole run
    costs ``O(nnz + p * n_candidates)``. Order: locked sites; then, while fewer than ``q`` terminals
    are covered, the candidate with the largest gain among those within the radius of an uncovered
    terminal (the cheapest terminal to cover first); then the best candidates of counties below
    their minimum; then the best candidates anywhere until ``p``.  While a station is not needed for
    a county minimum it is only taken if enough stations remain for the county minimums still open.
    Ties go to the lowest index (``numpy.argmax``).  If these rules get stuck on the quota, the
    stations for quota, county minimums and locked sites are chosen exactly instead
    (:func:`~siting.model.checks.required_stations`, a small MIP without coverage rows) and the greedy
    fills the rest, so a plan is found whenever :func:`siting.model.checks.check_feasibility` passes.

Piles (lazy greedy)
    Placing one more pile at site ``k`` serves ``min(e, remaining slow demand within walking
    distance of k)`` more EVs; that gain can only fall as piles are placed, so a lazy max-heap is
    exact for this rule. The pile's EVs are taken from the zones with the fewest pile sites in reach
    first.  Counties below their pile minimum are filled first, then the best sites anywhere until
    ``P``; sites stop at their capacity ``u_k``.  Ties go to the lowest index.  The flows of the
    final piles are then recomputed optimally by :func:`pile_flows` (a transportation LP solved with
    HiGHS through :func:`scipy.optimize.linprog`).
"""

from __future__ import annotations

import heapq
import math
import time

import numpy as np
import numpy.typing as npt

from siting._errors import SolverError
from siting._sparse import canonical_csr
from siting._typing import BoolArray, FloatArray, IntArray
from siting.model.checks import required_stations
from siting.model.data import ModelData, Solution, county_values, per_county
from siting.model.evaluate import evaluate
from siting.model.objective import tie_break_coefficients
from siting.model.sparse import slow_pairs

__all__ = ["greedy_piles", "greedy_solution", "greedy_stations", "improve_stations"]


# --------------------------------------------------------------------------------------- evaluation


# ----------------------------------------------------------------------------------------- greedy


def greedy_solution(data: ModelData) -> Solution:
    """Return a feasible plan built greedily (see the module docstring for the rules).

    Parameters
    ----------
    data
        Model inputs that pass :func:`siting.solve.check_feasibility`.

    Returns
    -------
    Solution
        Evaluated with :func:`evaluate` (optimal flows for the greedy piles).

    Raises
    ------
    SolverError
        When no plan meets the requirements (never after :func:`siting.solve.check_feasibility`
        has passed, unless the exact fallback MIP exceeds its 30 s limit).
    """
    return evaluate(data, greedy_stations(data), greedy_piles(data))


def greedy_stations(data: ModelData) -> BoolArray:
    """Return the greedy choice of ``p`` stations (see the module docstring).

    The greedy rules can spend the stations the county minimums leave free on terminals in a poor
    order and then miss the quota although a plan exists.  In that case the stations needed for the
    quota and the county minimums are chosen exactly instead
    (:func:`~siting.model.checks.required_stations`, a small MIP without coverage rows)
    and the greedy fills the rest.

    Raises
    ------
    SolverError
        When no choice of ``p`` stations meets locked sites, quota and county minimums together.
    """
    greedy = _StationGreedy(data)
    try:
        greedy.open_locked()
        greedy.meet_quota()
        greedy.meet_county_minimums()
    except _StuckError:
        greedy = _StationGreedy(data)
        for j in required_stations(data, greedy.gain).tolist():
            greedy.open_site(j)
        greedy.meet_county_minimums()
    greedy.fill()
    return greedy.opened


class _StuckError(Exception):
    """The greedy rules cannot meet a requirement from the current state."""


class _StationGreedy:
    """State of the station greedy: opened sites, uncovered zones and gains, updated sparsely."""

    def __init__(self, data: ModelData) -> None:
        self.p = int(data.n_stations)
        self.quota = int(data.terminal_quota)
        self.n_sites = data.n_candidates
        self.locked = np.flatnonzero(np.asarray(data.station_locked, dtype=bool))
        self.cover = canonical_csr(data.fast_time_min)
        self.cover_csc = self.cover.tocsc()
        self.cover_csc.sort_indices()
        demand = np.maximum(np.asarray(data.demand_fast_ev, dtype=np.float64), 0.0)
        self.weighted = float(data.weight_fast) * demand
        rows = np.repeat(np.arange(self.cover.shape[0]), np.diff(self.cover.indptr))
        self.gain = np.bincount(
            self.cover.indices, weights=self.weighted[rows], minlength=self.n_sites
        ).astype(np.float64)
        self.gain += tie_break_coefficients(data)
        self.uncovered = np.ones(self.cover.shape[0], dtype=bool)
        self.radius = canonical_csr(data.terminal_dist_m)
        self.radius_rows = np.repeat(np.arange(self.radius.shape[0]), np.diff(self.radius.indptr))
        self.radius_csc = self.radius.tocsc()
        self.terminal_open = np.zeros(self.radius.shape[0], dtype=bool)
        self.county = np.asarray(data.station_county, dtype=np.int64)
        self.deficit = per_county(data.county_min_stations, data.n_counties).copy()
        self.opened = np.zeros(self.n_sites, dtype=bool)

    def open_site(self, j: int) -> None:
        """Open ``j``: mark its zones and terminals covered, lower the gains and the deficits."""
        if self.opened[j]:
            return
        self.opened[j] = True
        zones = self.cover_csc.indices[self.cover_csc.indptr[j] : self.cover_csc.indptr[j + 1]]
        new = zones[self.uncovered[zones]]
        if new.size:
            self.uncovered[new] = False
            sub = self.cover[new]
            lost = np.repeat(self.weighted[new], np.diff(sub.indptr))
            self.gain -= np.bincount(sub.indices, weights=lost, minlength=self.n_sites)
        csc = self.radius_csc
        self.terminal_open[csc.indices[csc.indptr[j] : csc.indptr[j + 1]]] = True
        c = int(self.county[j])
        if _deficit_of(self.deficit, c) > 0:
            self.deficit[c] -= 1

    def best(self, allowed: BoolArray) -> int:
        """Return the closed allowed site of largest gain (lowest index on ties), or -1."""
        candidates = allowed & ~self.opened
        if not candidates.any():
            return -1
        return int(np.argmax(np.where(candidates, self.gain, -np.inf)))

    def in_deficit_county(self) -> BoolArray:
        """Return the sites whose county is still below its minimum."""
        return county_values(self.deficit, self.county) > 0

    def open_locked(self) -> None:
        """Open every locked site."""
        if self.locked.size > self.p:
            raise SolverError(f"{self.locked.size} locked sites but only {self.p} stations to open")
        for j in self.locked.tolist():
            self.open_site(j)

    def meet_quota(self) -> None:
        """Cover terminals up to the quota: best-gain site near an uncovered terminal first."""
        while int(self.terminal_open.sum()) < self.quota:
            weights = (~self.terminal_open[self.radius_rows]).astype(np.float64)
            new_terminals = np.bincount(self.radius.indices, weights=weights, minlength=self.n_sites)
            allowed = new_terminals > 0
            free = self.p - int(self.opened.sum()) - int(self.deficit.sum())
            if free <= 0:
                allowed &= self.in_deficit_county()
            j = self.best(allowed) if int(self.opened.sum()) < self.p else -1
            if j < 0:
                raise _StuckError
            self.open_site(j)

    def meet_county_minimums(self) -> None:
        """Open the best sites of counties below their minimum."""
        while int(self.deficit.sum()) > 0:
            j = self.best(self.in_deficit_county())
            if j < 0 or int(self.opened.sum()) >= self.p:
                raise SolverError("the greedy heuristic ran out of stations for the county minimums")
            self.open_site(j)

    def fill(self) -> None:
        """Open the best sites anywhere until ``p`` are open."""
        everywhere = np.ones(self.n_sites, dtype=bool)
        while int(self.opened.sum()) < self.p:
            j = self.best(everywhere)
            if j < 0:
                raise SolverError(f"only {self.n_sites} candidate sites for {self.p} stations")
            self.open_site(j)


def greedy_piles(data: ModelData) -> IntArray:
    """Return the greedy placement of ``P`` piles (see the module docstring).

    Raises
    ------
    SolverError
        When the pile capacity (in total or in a county below its minimum) runs out.
    """
    n_sites = data.n_pile_sites
    capacity = np.maximum(np.asarray(data.pile_capacity, dtype=np.int64), 0).copy()
    county = np.asarray(data.pile_county, dtype=np.int64)
    e = float(data.evs_per_pile)
    remaining = np.maximum(np.asarray(data.demand_slow_ev, dtype=np.float64), 0.0).copy()
    zone, site = slow_pairs(data)
    reach = np.bincount(zone, minlength=data.n_demand)
    # zones of each site, the ones with fewest alternatives first (then by index)
    order = np.lexsort((zone, reach[zone], site))
    site_zones = zone[order]
    start = np.searchsorted(site[order], np.arange(n_sites + 1))

    piles = np.zeros(n_sites, dtype=np.int64)
    deficit = per_county(data.county_min_piles, data.n_counties).copy()

    def gain(k: int) -> float:
        return min(e, float(remaining[site_zones[start[k] : start[k + 1]]].sum()))

    def place(k: int) -> None:
        piles[k] += 1
        capacity[k] -= 1
        zs = site_zones[start[k] : start[k + 1]]
        if zs.size:
            r = remaining[zs]
            before = np.cumsum(r) - r
            remaining[zs] = r - np.clip(e - before, 0.0, r)

    def run(sites: IntArray, count: int, needed_county: bool) -> None:
        heap = [(-gain(k), k) for k in sites.tolist() if capacity[k] > 0]
        heapq.heapify(heap)
        placed = 0
        while placed < count:
            if not heap:
                raise SolverError("the greedy heuristic ran out of pile capacity")
            _, k = heapq.heappop(heap)
            if capacity[k] <= 0 or (needed_county and _deficit_of(deficit, int(county[k])) <= 0):
                continue
            entry = (-gain(k), k)
            if heap and entry > heap[0]:
                heapq.heappush(heap, entry)  # stale: another site may now be better
                continue
            place(k)
            placed += 1
            if _deficit_of(deficit, int(county[k])) > 0:
                deficit[county[k]] -= 1
            if capacity[k] > 0:
                heapq.heappush(heap, (-gain(k), k))

    in_county = np.flatnonzero(county_values(deficit, county) > 0)
    run(in_county.astype(np.int64), int(deficit.sum()), needed_county=True)
    run(np.arange(n_sites, dtype=np.int64), int(data.n_piles) - int(piles.sum()), False)
    return piles


# ---------------------------------------------------------------------------------------- helpers


def _deficit_of(deficit: IntArray, c: int) -> int:
    """Return ``deficit[c]``, 0 outside every county."""
    return int(deficit[c]) if 0 <= c < deficit.size else 0


# ------------------------------------------------------------------------------------ local search


def improve_stations(
    data: ModelData,
    open_station: npt.ArrayLike,
    *,
    max_swaps: int | None = None,
    time_limit_s: float | None = None,
) -> BoolArray:
    r"""Improve a feasible station plan by swaps (one site in, one out) until none helps.

    A swap of closed site :math:`c` in and open site :math:`o` out changes the station part of the
    objective by

    .. math::

        \Delta(c, o) = \underbrace{\sum_{i \in N(c), k_i = 0} w_i + b_c}_{\text{gain of } c}
          - \underbrace{\sum_{i \in N(o), k_i = 1} w_i - b_o}_{\text{loss of } o}
          + \sum_{i \in N(c) \cap N(o), k_i = 1} w_i

    with :math:`k_i` the number of open sites reaching zone :math:`i` and :math:`w_i = w_f a_i`.  The
    last term is one ``bincount`` over the zones of :math:`c` reached only by one open site, so all
    swaps of one :math:`c` are priced at once.  The gains and losses of all sites are kept and, after a
    swap, recomputed only for the sites that reach a zone whose count changed (at scale 27 s instead of
    88 s for the same swaps).  Sites are tried by decreasing gain; the first
    improving swap that keeps locked sites, county minimums and the terminal quota is made
    (first-improvement interchange, as in Whitaker's fast interchange for the p-median problem).

    Parameters
    ----------
    data
        Model inputs.
    open_station
        A feasible plan's opened sites.
    max_swaps
        Stop after this many swaps (default ``4 * n_stations``).  The search is deterministic: it stops
        at a swap count, never at a clock reading, unless ``time_limit_s`` is given.
    time_limit_s
        Optional wall-clock safety limit (makes the result depend on machine speed; off by default).

    Returns
    -------
    numpy.ndarray
        ``(n_candidates,)`` opened sites, never worse than the input.
    """
    search = _SwapSearch(data, np.asarray(open_station, dtype=bool).copy())
    budget = 4 * int(data.n_stations) if max_swaps is None else int(max_swaps)
    deadline = math.inf if time_limit_s is None else time.perf_counter() + time_limit_s
    swaps = 0
    while swaps < budget and time.perf_counter() < deadline and search.swap_once(deadline):
        swaps += 1
    return search.opened


class _SwapSearch:
    """State of :func:`improve_stations`: how many open sites reach each zone and terminal, and who."""

    def __init__(self, data: ModelData, opened: BoolArray) -> None:
        self.data = data
        self.opened = opened
        cover = canonical_csr(data.fast_time_min)
        self.indices = cover.indices
        self.csc = cover.tocsc()
        self.csc.sort_indices()
        radius = canonical_csr(data.terminal_dist_m)
        self.radius_csc = radius.tocsc()
        self.w = float(data.weight_fast) * np.maximum(np.asarray(data.demand_fast_ev, dtype=np.float64), 0.0)
        self.ties = tie_break_coefficients(data)
        self.county = np.asarray(data.station_county, dtype=np.int64)
        self.locked = np.asarray(data.station_locked, dtype=bool)
        self.mins = np.zeros(max(data.n_counties, 1), dtype=np.int64)
        given = np.asarray(data.county_min_stations, dtype=np.int64).ravel()[: data.n_counties]
        self.mins[: given.size] = given
        self.quota = int(data.terminal_quota)
        self.n_sites = data.n_candidates
        self.rows = np.repeat(np.arange(cover.shape[0]), np.diff(cover.indptr))
        t_rows = np.repeat(np.arange(radius.shape[0]), np.diff(radius.indptr))
        open_f = opened.astype(np.float64)
        sites_f = np.arange(self.n_sites, dtype=np.float64)
        n_zones = cover.shape[0]
        self.count: FloatArray = np.bincount(
            self.rows, weights=open_f[cover.indices], minlength=n_zones
        ).astype(np.float64)
        self.owner: FloatArray = np.bincount(
            self.rows, weights=(open_f * sites_f)[cover.indices], minlength=n_zones
        ).astype(np.float64)
        self.t_count: FloatArray = np.bincount(
            t_rows, weights=open_f[radius.indices], minlength=radius.shape[0]
        ).astype(np.float64)
        self.tol = 1e-9 * max(float(self.w.sum()), 1.0)
        self.cover = cover
        # what opening each closed site adds and what closing each open site takes away; kept up to date
        # by refresh() for the sites a swap touches, bit for bit what a fresh computation gives
        self.gain = self._sums(self.rows, self.indices, self.count < 0.5)
        self.loss = self._sums(self.rows, self.indices, np.abs(self.count - 1.0) < 0.5)

    def _sums(self, zones: IntArray, sites: IntArray, counted: BoolArray) -> FloatArray:
        """Per site, the weight of its zones in ``counted`` and its tie-break (pairs ``zones``, ``sites``)."""
        weights = np.where(counted[zones], self.w[zones], 0.0)
        return np.bincount(sites, weights=weights, minlength=self.n_sites) + self.ties

    def refresh(self, zones: IntArray) -> None:
        """Recompute gain and loss of every site that reaches one of ``zones`` (their counts changed).

        Each site's sum adds the same terms in the same order (its zones ascending) as the whole
        ``bincount`` of :meth:`__init__`, so the result is bit for bit the same, and so are the swaps.
        """
        cover, csc = self.cover, self.csc
        starts, ends = cover.indptr[zones], cover.indptr[zones + 1]
        sites = np.unique(cover.indices[_ranges(starts, ends)])
        entries = _ranges(csc.indptr[sites], csc.indptr[sites + 1])
        owners = np.repeat(sites, np.diff(csc.indptr)[sites])
        touched = np.asarray(csc.indices[entries], dtype=np.int64)
        self.gain[sites] = self._sums(touched, owners, self.count < 0.5)[sites]
        self.loss[sites] = self._sums(touched, owners, np.abs(self.count - 1.0) < 0.5)[sites]

    def column(self, j: int) -> IntArray:
        return np.asarray(self.csc.indices[self.csc.indptr[j] : self.csc.indptr[j + 1]], dtype=np.int64)

    def t_column(self, j: int) -> IntArray:
        csc = self.radius_csc
        return np.asarray(csc.indices[csc.indptr[j] : csc.indptr[j + 1]], dtype=np.int64)

    def toggle(self, j: int, sign: float) -> None:
        zones = self.column(j)
        self.count[zones] += sign
        self.owner[zones] += sign * j
        self.t_count[self.t_column(j)] += sign

    def keeps_quota(self, o: int, c: int) -> bool:
        """Whether swapping ``c`` in and ``o`` out keeps the terminal quota.

        A terminal of ``o`` not reached by ``c`` is lost when ``o`` was its only open site; one of ``c``
        is gained when no open site reached it (the counts are whole numbers).
        """
        if self.quota <= 0:
            return True
        out, into = self.t_column(o), self.t_column(c)
        lost = int(np.count_nonzero((self.t_count[out] < 1.5) & ~np.isin(out, into)))
        gained = int(np.count_nonzero(self.t_count[into] < 0.5))
        return int(np.count_nonzero(self.t_count > 0.5)) - lost + gained >= self.quota

    def swap_once(self, deadline: float) -> bool:
        """Make the first improving swap (sites by decreasing gain); False when none improves."""
        w, county = self.w, self.county
        gain, loss = self.gain, self.loss
        open_idx = np.flatnonzero(self.opened & ~self.locked)
        if open_idx.size == 0:
            return False
        per_county = np.bincount(
            county[self.opened] - county.min(), minlength=county.max() - county.min() + 1
        )
        order = np.flatnonzero(~self.opened)
        order = order[np.argsort(-gain[order], kind="stable")]
        min_loss = float(loss[open_idx].min())
        # position of each site in open_idx; locked and closed sites go to one extra bin, dropped
        position = np.full(self.n_sites, open_idx.size, dtype=np.int64)
        position[open_idx] = np.arange(open_idx.size)
        loss_open = loss[open_idx]
        for c in order.tolist():
            zones = self.column(c)
            if gain[c] - min_loss + float(w[zones].sum()) <= self.tol:
                return False  # no later site can improve (gain only falls along the order)
            single = zones[np.abs(self.count[zones] - 1.0) < 0.5]
            owners = position[np.rint(self.owner[single]).astype(np.int64)]
            # what closing each open site would no longer take away: the zones c reaches too
            back = np.bincount(owners, weights=w[single], minlength=open_idx.size + 1)[:-1]
            delta = gain[c] - loss_open + back
            if delta.size and float(delta.max()) > self.tol:
                for pos in np.argsort(-delta, kind="stable").tolist():
                    if delta[pos] <= self.tol:
                        break
                    o = int(open_idx[pos])
                    if (
                        county[o] != county[c]
                        and 0 <= county[o] < self.data.n_counties
                        and per_county[county[o] - county.min()] - 1 < self.mins[county[o]]
                    ):
                        continue
                    if not self.keeps_quota(o, c):
                        continue
                    self.toggle(o, -1.0)
                    self.toggle(c, 1.0)
                    self.opened[o], self.opened[c] = False, True
                    self.refresh(np.union1d(self.column(o), zones))
                    return True
            if time.perf_counter() >= deadline:
                return False
        return False


def _ranges(starts: IntArray, ends: IntArray) -> IntArray:
    """The concatenated index ranges ``starts[k] .. ends[k] - 1`` (CSR slices of several rows at once)."""
    lengths = np.asarray(ends - starts, dtype=np.int64)
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(np.asarray(starts, dtype=np.int64) - np.cumsum(lengths) + lengths, lengths)
    return offsets + np.arange(total, dtype=np.int64)
