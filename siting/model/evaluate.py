"""What a given plan achieves and which requirements it breaks: the one evaluation every step reports.

:func:`evaluate` computes the coverage, the optimal pile flows (:func:`pile_flows`) and the objective of any
plan, so the heuristics, the solver and the tests report one and the same number; :func:`plan_violations`
lists the requirements a plan breaks.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import linprog

from siting._errors import SolverError
from siting._sparse import canonical_csr
from siting._typing import BoolArray
from siting.model.data import ModelData, Solution, per_county
from siting.model.objective import plan_objective
from siting.model.sparse import slow_pairs

__all__ = ["evaluate", "pile_flows", "plan_violations", "rows_reached"]


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
        :func:`siting.model.objective.plan_objective`.
    """
    opened = np.asarray(open_station, dtype=bool).ravel()
    n_piles = np.rint(np.asarray(piles, dtype=np.float64)).astype(np.int64).ravel()
    if opened.size != data.n_candidates:
        raise ValueError(f"open_station has {opened.size} entries, expected {data.n_candidates}")
    if n_piles.size != data.n_pile_sites:
        raise ValueError(f"piles has {n_piles.size} entries, expected {data.n_pile_sites}")
    fast_covered = rows_reached(canonical_csr(data.fast_time_min), opened)
    terminal_covered = rows_reached(canonical_csr(data.terminal_dist_m), opened)
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
    covered = int(rows_reached(canonical_csr(data.terminal_dist_m), opened).sum())
    if covered < int(data.terminal_quota):
        problems.append(f"{covered} terminals covered, quota {data.terminal_quota}")
    station_county = np.asarray(data.station_county, dtype=np.int64)
    pile_county = np.asarray(data.pile_county, dtype=np.int64)
    mins_st = per_county(data.county_min_stations, data.n_counties)
    mins_pi = per_county(data.county_min_piles, data.n_counties)
    for c in range(data.n_counties):
        need = int(mins_st[c])
        have = int(opened[station_county == c].sum())
        if have < need:
            problems.append(f"county {data.county_names[c]}: {have} stations, minimum {need}")
        need = int(mins_pi[c])
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


def rows_reached(matrix: sp.csr_matrix, opened: BoolArray) -> BoolArray:
    """Return, per row, whether any column of the row's entries is opened."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    hits = rows[opened[matrix.indices]]
    return np.bincount(hits, minlength=matrix.shape[0]) > 0
