"""A feasible plan in seconds: the greedy heuristic (MIP start and fallback) and plan evaluation.

:func:`greedy_solution` builds a plan that meets every requirement of the model (exact counts,
locked sites, terminal quota, county minimums, pile capacities); :func:`solve_model
<siting.solve.solve_model>` hands it to HiGHS as the MIP start and returns it when HiGHS finds
nothing better.  :func:`evaluate` computes the coverage, the optimal pile flows and the objective of
any plan, so the heuristic, the solver and the tests report one and the same number.

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
    (:func:`required_stations`, a small MIP without coverage rows) and the greedy fills the rest, so
    a plan is found whenever :func:`siting.solve.check_feasibility` passes.

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
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from siting._errors import SolverError
from siting.model.data import ModelData, Solution
from siting.model.objectives import plan_objective, tie_break_coefficients
from siting.model.variables import canonical_csr, slow_pairs

__all__ = [
    "evaluate",
    "greedy_piles",
    "greedy_solution",
    "greedy_stations",
    "improve_stations",
    "pile_flows",
    "plan_violations",
    "required_stations",
    "station_requirement_shortfall",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


# --------------------------------------------------------------------------------------- evaluation


def evaluate(data: ModelData, open_station: npt.ArrayLike, piles: npt.ArrayLike) -> Solution:
    """Return coverage, optimal pile flows and objective of a given plan.

    The plan is not checked against the requirements (counts, quota, minimums); see
    :func:`plan_violations` for that.

    Parameters
    ----------
    data
        Model inputs.
    open_station
        ``(n_candidates,)`` truthy where a station is opened.
    piles
        ``(n_pile_sites,)`` piles per site (whole numbers).

    Returns
    -------
    Solution
        With ``fast_covered`` and ``terminal_covered`` from the opened sites, ``slow_flow_ev`` the
        flow-maximising assignment of slow demand to piles (:func:`pile_flows`) and ``objective`` by
        :func:`siting.model.objectives.plan_objective`.
    """
    opened = np.asarray(open_station, dtype=bool).ravel()
    n_piles = np.rint(np.asarray(piles, dtype=np.float64)).astype(np.int64).ravel()
    if opened.size != data.n_candidates:
        raise ValueError(f"open_station has {opened.size} entries, expected {data.n_candidates}")
    if n_piles.size != data.n_pile_sites:
        raise ValueError(f"piles has {n_piles.size} entries, expected {data.n_pile_sites}")
    fast_covered = _rows_reached(canonical_csr(data.fast_time_min), opened)
    terminal_covered = _rows_reached(canonical_csr(data.terminal_dist_m), opened)
    flows = pile_flows(data, n_piles)
    served = np.asarray(flows.sum(axis=1), dtype=np.float64).ravel()
    objective = plan_objective(data, opened, fast_covered, served)
    return Solution(
        open_station=opened,
        piles=n_piles,
        fast_covered=fast_covered,
        slow_served_ev=served,
        slow_flow_ev=flows,
        terminal_covered=terminal_covered,
        objective=objective,
    )


def plan_violations(data: ModelData, open_station: npt.ArrayLike, piles: npt.ArrayLike) -> list[str]:
    """Return every requirement a plan breaks (empty list for a feasible plan).

    Checks: station and pile totals, pile capacities, locked sites, terminal quota and county
    minimums.
    """
    opened = np.asarray(open_station, dtype=bool).ravel()
    n_piles = np.asarray(piles, dtype=np.int64).ravel()
    problems: list[str] = []
    if int(opened.sum()) != int(data.n_stations):
        problems.append(f"{int(opened.sum())} stations opened, {data.n_stations} required")
    if int(n_piles.sum()) != int(data.n_piles):
        problems.append(f"{int(n_piles.sum())} piles placed, {data.n_piles} required")
    over = np.flatnonzero((n_piles > np.asarray(data.pile_capacity)) | (n_piles < 0))
    if over.size:
        problems.append(f"pile sites {over.tolist()[:10]} exceed their capacity")
    locked = np.asarray(data.station_locked, dtype=bool)
    closed_locked = np.flatnonzero(locked & ~opened)
    if closed_locked.size:
        problems.append(f"locked sites {closed_locked.tolist()[:10]} are not open")
    covered = int(_rows_reached(canonical_csr(data.terminal_dist_m), opened).sum())
    if covered < int(data.terminal_quota):
        problems.append(f"{covered} terminals covered, quota {data.terminal_quota}")
    station_county = np.asarray(data.station_county, dtype=np.int64)
    pile_county = np.asarray(data.pile_county, dtype=np.int64)
    for c in range(data.n_counties):
        need = _county_min(data.county_min_stations, c)
        have = int(opened[station_county == c].sum())
        if have < need:
            problems.append(f"county {data.county_names[c]}: {have} stations, minimum {need}")
        need = _county_min(data.county_min_piles, c)
        have = int(n_piles[pile_county == c].sum())
        if have < need:
            problems.append(f"county {data.county_names[c]}: {have} piles, minimum {need}")
    return problems


def pile_flows(data: ModelData, piles: npt.ArrayLike) -> sp.csr_matrix:
    r"""Assign slow-charging EVs to the given piles so that the most EVs are served.

    Solves the transportation LP

    .. math::

        \max \sum_{(i,k) \in W} f_{ik} \quad \text{s.t.} \quad \sum_k f_{ik} \le s_i, \;
        \sum_i f_{ik} \le e\, n_k, \; f \ge 0

    with HiGHS (:func:`scipy.optimize.linprog`, ``method="highs"``).  The result is exact up to
    solver tolerance; tiny negative values are clipped and rows/columns are scaled back onto their
    limits.

    Returns
    -------
    scipy.sparse.csr_matrix
        ``(n_demand, n_pile_sites)`` flows ``f_ik`` (EVs).
    """
    n_piles = np.asarray(piles, dtype=np.float64).ravel()
    shape = (data.n_demand, data.n_pile_sites)
    zone, site = slow_pairs(data)
    keep = n_piles[site] > 0
    zone, site = zone[keep], site[keep]
    if zone.size == 0:
        return sp.csr_matrix(shape, dtype=np.float64)
    demand = np.asarray(data.demand_slow_ev, dtype=np.float64)
    supply = float(data.evs_per_pile) * n_piles
    zones, zone_row = np.unique(zone, return_inverse=True)
    sites, site_row = np.unique(site, return_inverse=True)
    n_pairs = zone.size
    pair = np.arange(n_pairs)
    a_ub = sp.csr_matrix(
        (
            np.ones(2 * n_pairs),
            (np.concatenate([zone_row, zones.size + site_row]), np.concatenate([pair, pair])),
        ),
        shape=(zones.size + sites.size, n_pairs),
    )
    b_ub = np.concatenate([demand[zones], supply[sites]])
    result = linprog(c=-np.ones(n_pairs), A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
    if result.status != 0 or result.x is None:
        raise SolverError(f"the pile-flow LP failed: {result.message}")
    flow = np.clip(np.asarray(result.x, dtype=np.float64), 0.0, None)
    # project back onto the limits (removes solver-tolerance excess)
    for rows, limit in ((zone_row, demand[zones]), (site_row, supply[sites])):
        total = np.bincount(rows, weights=flow, minlength=limit.size)
        scale = np.ones_like(total)
        over = total > limit
        scale[over] = limit[over] / total[over]
        flow *= scale[rows]
    return sp.csr_matrix((flow, (zone, site)), shape=shape)


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
    quota and the county minimums are chosen exactly instead (:func:`required_stations`, a small MIP
    without coverage rows) and the greedy fills the rest.

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
        self.deficit = np.array(
            [_county_min(data.county_min_stations, c) for c in range(data.n_counties)],
            dtype=np.int64,
        )
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


def required_stations(data: ModelData, gain: FloatArray | None = None) -> IntArray:
    r"""Return the fewest stations that meet locked sites, terminal quota and county minimums.

    Solves, with HiGHS through :func:`scipy.optimize.milp`,

    .. math::

        \min \sum_j x_j - \frac{1}{2p} \sum_j \hat g_j x_j \quad \text{s.t.} \quad
        z_t \le \sum_{j \in M_t} x_j, \; \sum_t z_t \ge q, \;
        \sum_{j \in c} x_j \ge L_c, \; \sum_j x_j \le p, \; x_j = 1 \; (j \text{ locked})

    with :math:`\hat g_j \in [0, 1]` the gain scaled by its maximum (0 when ``gain`` is None), so
    the count comes first and the gain only breaks ties.  The model has no coverage rows and solves
    in well under a second.

    Raises
    ------
    SolverError
        When no such choice exists (the MIP is infeasible) or HiGHS finds none within 30 s.
    """
    n_sites, p = data.n_candidates, int(data.n_stations)
    g = np.zeros(n_sites) if gain is None else np.asarray(gain, dtype=np.float64)
    scaled = np.clip(g / max(float(g.max(initial=0.0)), 1e-12), 0.0, 1.0)
    result = _requirements_milp(data, 1.0 - scaled / (2.0 * max(p, 1)), elastic="")
    if result.x is None:
        raise SolverError(
            "no choice of stations meets locked sites, terminal quota and county minimums together "
            f"({result.message})"
        )
    return np.flatnonzero(np.asarray(result.x[:n_sites]) > 0.5).astype(np.int64)


def station_requirement_shortfall(data: ModelData, relax: str) -> tuple[float, FloatArray] | None:
    """Return how far one requirement family falls short when the others are kept.

    Solves the requirements MIP of :func:`required_stations` with a non-negative shortfall on the
    rows of one family and minimises the total shortfall.

    Parameters
    ----------
    data
        Model inputs.
    relax
        ``"quota"`` (shortfall in terminals) or ``"county"`` (shortfall in stations per county).

    Returns
    -------
    (total, per_row) or None
        Total shortfall (0 when the requirements can all be met) and the shortfall of each relaxed
        row (one for the quota; one per county for the county minimums, 0 for counties without a
        minimum); ``None`` when even the relaxed problem has no solution (another family is the
        cause) or HiGHS finds none within 30 s.
    """
    cost = np.zeros(data.n_candidates)
    result = _requirements_milp(data, cost, elastic=relax)
    if result.status != 0 or result.x is None:
        return None
    n_slack = 1 if relax == "quota" else data.n_counties
    slack = np.asarray(result.x[-n_slack:], dtype=np.float64) if n_slack else np.zeros(0)
    return float(slack.sum()), slack


def _requirements_milp(data: ModelData, station_cost: FloatArray, *, elastic: str) -> Any:
    """Solve the station requirements MIP (no coverage rows); see :func:`required_stations`.

    Columns: ``x`` (candidates, binary), ``z`` (reachable terminals, [0, 1]), then the shortfalls of
    the ``elastic`` family (``"quota"``: one; ``"county"``: one per county), whose sum is minimised
    instead of ``station_cost @ x``.
    """
    n_sites, p, q = data.n_candidates, int(data.n_stations), int(data.terminal_quota)
    radius = canonical_csr(data.terminal_dist_m)
    reachable = np.flatnonzero(np.diff(radius.indptr) > 0)
    n_t = reachable.size
    n_counties = data.n_counties
    n_slack = {"": 0, "quota": 1, "county": n_counties}[elastic]
    n_cols = n_sites + n_t + n_slack
    slack0 = n_sites + n_t

    def row(values: FloatArray) -> sp.csr_matrix:
        return sp.csr_matrix(np.concatenate([values, np.zeros(n_cols - values.size)])[None, :])

    blocks: list[sp.csr_matrix] = []
    lower: list[float] = []
    upper: list[float] = []
    # z_t - sum_{j in M_t} x_j <= 0
    sub = radius[reachable]
    ones = sp.csr_matrix((np.ones(sub.nnz), sub.indices, sub.indptr), shape=(n_t, n_sites))
    coverage = sp.hstack([-ones, sp.identity(n_t), sp.csr_matrix((n_t, n_slack))]).tocsr()
    blocks.append(coverage)
    lower += [-np.inf] * n_t
    upper += [0.0] * n_t
    # sum z (+ shortfall) >= q
    quota = np.zeros(n_cols)
    quota[n_sites:slack0] = 1.0
    if elastic == "quota":
        quota[slack0] = 1.0
    blocks.append(row(quota))
    lower.append(float(q))
    upper.append(np.inf)
    # sum x <= p
    blocks.append(row(np.ones(n_sites)))
    lower.append(-np.inf)
    upper.append(float(p))
    county = np.asarray(data.station_county, dtype=np.int64)
    for c in range(n_counties):
        need = _county_min(data.county_min_stations, c)
        if need <= 0:
            continue
        values = np.zeros(n_cols)
        values[:n_sites] = (county == c).astype(np.float64)
        if elastic == "county":
            values[slack0 + c] = 1.0
        blocks.append(row(values))
        lower.append(float(need))
        upper.append(np.inf)
    locked = np.asarray(data.station_locked, dtype=bool).astype(np.float64)
    lb = np.concatenate([locked, np.zeros(n_t + n_slack)])
    ub = np.concatenate([np.ones(n_sites + n_t), np.full(n_slack, np.inf)])
    if elastic:
        cost = np.concatenate([np.zeros(n_sites + n_t), np.ones(n_slack)])
    else:
        cost = np.concatenate([station_cost, np.zeros(n_t)])
    return milp(
        cost,
        constraints=LinearConstraint(sp.vstack(blocks).tocsr(), np.array(lower), np.array(upper)),
        integrality=np.concatenate([np.ones(n_sites), np.zeros(n_t + n_slack)]),
        bounds=Bounds(lb, ub),
        options={"time_limit": 30.0, "disp": False},
    )


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
    deficit = np.array(
        [_county_min(data.county_min_piles, c) for c in range(data.n_counties)], dtype=np.int64
    )

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


def _rows_reached(matrix: sp.csr_matrix, opened: BoolArray) -> BoolArray:
    """Return, per row, whether any column of the row's entries is opened."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    hits = rows[opened[matrix.indices]]
    return np.bincount(hits, minlength=matrix.shape[0]) > 0


def county_values(per_county: IntArray, county: IntArray) -> IntArray:
    """Return ``per_county[county]`` per site, 0 for sites outside every county (``-1``)."""
    out = np.zeros(county.size, dtype=np.int64)
    inside = (county >= 0) & (county < per_county.size)
    out[inside] = per_county[county[inside]]
    return out


def _deficit_of(deficit: IntArray, c: int) -> int:
    """Return ``deficit[c]``, 0 outside every county."""
    return int(deficit[c]) if 0 <= c < deficit.size else 0


def _county_min(values: npt.ArrayLike, c: int) -> int:
    """Return the minimum of county ``c`` (0 when not given)."""
    arr = np.asarray(values, dtype=np.int64).ravel()
    return int(arr[c]) if c < arr.size else 0


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
    swaps of one :math:`c` are priced at once.  Sites are tried by decreasing gain; the first
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
    start = time.perf_counter()
    budget = 4 * int(data.n_stations) if max_swaps is None else int(max_swaps)
    deadline = math.inf if time_limit_s is None else time_limit_s
    swaps = 0
    opened = np.asarray(open_station, dtype=bool).copy()
    cover = canonical_csr(data.fast_time_min)
    csc = cover.tocsc()
    csc.sort_indices()
    radius = canonical_csr(data.terminal_dist_m)
    radius_csc = radius.tocsc()
    w = float(data.weight_fast) * np.maximum(np.asarray(data.demand_fast_ev, dtype=np.float64), 0.0)
    ties = tie_break_coefficients(data)
    county = np.asarray(data.station_county, dtype=np.int64)
    locked = np.asarray(data.station_locked, dtype=bool)
    mins = np.zeros(max(data.n_counties, 1), dtype=np.int64)
    given = np.asarray(data.county_min_stations, dtype=np.int64).ravel()[: data.n_counties]
    mins[: given.size] = given
    quota = int(data.terminal_quota)
    n_sites = data.n_candidates
    rows = np.repeat(np.arange(cover.shape[0]), np.diff(cover.indptr))
    t_rows = np.repeat(np.arange(radius.shape[0]), np.diff(radius.indptr))
    open_f = opened.astype(np.float64)
    sites_f = np.arange(n_sites, dtype=np.float64)
    count: FloatArray = np.bincount(rows, weights=open_f[cover.indices], minlength=cover.shape[0]).astype(
        np.float64
    )
    owner: FloatArray = np.bincount(
        rows, weights=(open_f * sites_f)[cover.indices], minlength=cover.shape[0]
    ).astype(np.float64)
    t_count: FloatArray = np.bincount(
        t_rows, weights=open_f[radius.indices], minlength=radius.shape[0]
    ).astype(np.float64)

    def column(j: int) -> IntArray:
        return np.asarray(csc.indices[csc.indptr[j] : csc.indptr[j + 1]], dtype=np.int64)

    def t_column(j: int) -> IntArray:
        return np.asarray(radius_csc.indices[radius_csc.indptr[j] : radius_csc.indptr[j + 1]], dtype=np.int64)

    def toggle(j: int, sign: float) -> None:
        zones = column(j)
        count[zones] += sign
        owner[zones] += sign * j
        t_count[t_column(j)] += sign

    tol = 1e-9 * max(float(w.sum()), 1.0)
    while swaps < budget and time.perf_counter() - start < deadline:
        uncovered = np.where(count[rows] < 0.5, w[rows], 0.0)
        gain = np.bincount(cover.indices, weights=uncovered, minlength=n_sites) + ties
        sole = np.where(np.abs(count[rows] - 1.0) < 0.5, w[rows], 0.0)
        loss = np.bincount(cover.indices, weights=sole, minlength=n_sites) + ties
        open_idx = np.flatnonzero(opened & ~locked)
        if open_idx.size == 0:
            break
        per_county = np.bincount(county[opened] - county.min(), minlength=county.max() - county.min() + 1)
        swapped = False
        order = np.flatnonzero(~opened)
        order = order[np.argsort(-gain[order], kind="stable")]
        min_loss = float(loss[open_idx].min())
        for c in order.tolist():
            if gain[c] - min_loss + float(w[column(c)].sum()) <= tol:
                break  # no later site can improve (gain only falls along the order)
            zones = column(c)
            single = zones[np.abs(count[zones] - 1.0) < 0.5]
            back = np.bincount(np.rint(owner[single]).astype(np.int64), weights=w[single], minlength=n_sites)
            delta = gain[c] - loss[open_idx] + back[open_idx]
            for pos in np.argsort(-delta, kind="stable").tolist():
                if delta[pos] <= tol:
                    break
                o = int(open_idx[pos])
                if (
                    county[o] != county[c]
                    and 0 <= county[o] < data.n_counties
                    and per_county[county[o] - county.min()] - 1 < mins[county[o]]
                ):
                    continue
                if quota > 0:
                    toggle(o, -1.0)
                    toggle(c, 1.0)
                    ok = int((t_count > 0.5).sum()) >= quota
                    toggle(c, -1.0)
                    toggle(o, 1.0)
                    if not ok:
                        continue
                toggle(o, -1.0)
                toggle(c, 1.0)
                opened[o], opened[c] = False, True
                swapped = True
                swaps += 1
                break
            if swapped or time.perf_counter() - start >= deadline:
                break
        if not swapped:
            break
    return opened
