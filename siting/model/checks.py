"""Requirements that can never be met, found before any solve, each with the amount it misses by.

:func:`check_feasibility` (base model) and :func:`check_planning` (every stage and the planning families)
raise one :class:`~siting._errors.InfeasibleError` listing every problem.  :func:`required_stations` and
:func:`station_requirement_shortfall` solve the small requirements MIP (no coverage rows; SciPy's HiGHS) that
makes the check of the terminal quota together with county minimums and locked sites exact.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from siting._errors import InfeasibleError, SolverError
from siting._sparse import canonical_csr
from siting._typing import FloatArray, IntArray
from siting.model.data import ModelData, Planning, county_label, county_values, per_county
from siting.model.parts import stage_data

__all__ = [
    "check_feasibility",
    "check_planning",
    "required_stations",
    "requirements_witness",
    "station_requirement_shortfall",
]


def check_feasibility(data: ModelData) -> None:
    """Raise one :class:`InfeasibleError` listing every requirement that can never be met.

    Checks (each message names the amount missing): stations vs candidates; locked sites vs ``p``;
    terminal quota vs terminals with a candidate within the radius; each county's station minimum vs
    its candidates; the sum of county minimums vs ``p`` (also counting locked sites outside the
    counties that need them); total and per-county pile capacity; the sum of county pile minimums vs
    ``P``; and the terminal quota together with the county minimums and locked sites, first by a
    counting argument (terminals that only candidates outside the counties still below their minimum
    can cover need stations beyond those minimums), then exactly by a small MIP without coverage
    rows (:func:`~siting.model.checks.station_requirement_shortfall`, skipped if it cannot finish in 30
    s).

    Together these are exact for the model as built by :func:`~siting.model.reference.build_model`: when
    they pass, a plan exists and :func:`~siting.solve.greedy.greedy_solution` finds one.  Constraints
    added through ``extra_constraints`` are not checked; :func:`solve_model` explains an infeasible
    model with HiGHS.

    Raises
    ------
    InfeasibleError
        With one problem per failed check.
    """
    problems: list[str] = []
    p, big_p, q = int(data.n_stations), int(data.n_piles), int(data.terminal_quota)
    n_sites = data.n_candidates
    county = np.asarray(data.station_county, dtype=np.int64)
    pile_county = np.asarray(data.pile_county, dtype=np.int64)
    locked = np.asarray(data.station_locked, dtype=bool)
    capacity = np.maximum(np.asarray(data.pile_capacity, dtype=np.int64), 0)
    min_stations = per_county(data.county_min_stations, data.n_counties)
    min_piles = per_county(data.county_min_piles, data.n_counties)
    names = [county_label(data, c) for c in range(data.n_counties)]

    if p > n_sites:
        problems.append(
            f"n_stations = {p} but there are only {n_sites} candidate sites: short by "
            f"{p - n_sites} sites. Lower n_stations or add candidate sites."
        )
    n_locked = int(locked.sum())
    if n_locked > p:
        problems.append(
            f"{n_locked} sites are locked open but n_stations = {p}: {n_locked - p} too many. "
            "Unlock sites or raise n_stations."
        )
    radius = canonical_csr(data.terminal_dist_m)
    reachable = int((np.diff(radius.indptr) > 0).sum())
    if q > reachable:
        problems.append(
            f"terminal quota q = {q} but only {reachable} of {data.n_terminals} terminals have a "
            f"candidate site within the terminal radius: short by {q - reachable}. Lower "
            "terminal_share, raise terminal_radius_m or add candidates near terminals."
        )
    sites_per_county = np.bincount(county[county >= 0], minlength=data.n_counties)[: data.n_counties]
    for c in np.flatnonzero(min_stations > sites_per_county).tolist():
        problems.append(
            f"county {names[c]} needs at least {min_stations[c]} stations but has only "
            f"{sites_per_county[c]} candidate sites: short by {min_stations[c] - sites_per_county[c]}."
        )
    total_min = int(min_stations.sum())
    locked_in = np.bincount(county[locked & (county >= 0)], minlength=data.n_counties)[: data.n_counties]
    deficit = np.maximum(min_stations - locked_in, 0)
    if total_min > p:
        problems.append(
            f"county station minimums add up to {total_min}, more than n_stations = {p}: "
            f"{total_min - p} too many. Lower county_min_share or the minimums."
        )
    elif n_locked <= p and n_locked + int(deficit.sum()) > p:
        problems.append(
            f"{n_locked} locked sites plus the {int(deficit.sum())} stations the county minimums "
            f"still need add up to more than n_stations = {p}: "
            f"{n_locked + int(deficit.sum()) - p} too many."
        )
    total_capacity = int(capacity.sum())
    if total_capacity < big_p:
        problems.append(
            f"n_piles = {big_p} but the pile sites hold only {total_capacity} piles: capacity "
            f"short by {big_p - total_capacity} piles. Add pile sites or raise pile capacities."
        )
    county_capacity = np.bincount(
        pile_county[pile_county >= 0],
        weights=capacity[pile_county >= 0],
        minlength=data.n_counties,
    )[: data.n_counties].astype(np.int64)
    for c in np.flatnonzero(min_piles > county_capacity).tolist():
        problems.append(
            f"county {names[c]} needs at least {min_piles[c]} piles but its pile sites hold only "
            f"{county_capacity[c]}: capacity short by {min_piles[c] - county_capacity[c]} piles."
        )
    if int(min_piles.sum()) > big_p:
        problems.append(
            f"county pile minimums add up to {int(min_piles.sum())}, more than n_piles = {big_p}: "
            f"{int(min_piles.sum()) - big_p} too many."
        )
    if not problems:
        joint = _quota_with_county_minimums(data, deficit) or _quota_conflict(data)
        if joint:
            problems.append(joint)
    if problems:
        raise InfeasibleError(*problems)


def _quota_with_county_minimums(data: ModelData, deficit: npt.NDArray[np.int64]) -> str:
    """Return a problem when quota and county minimums need more than ``p`` stations ('' if not).

    Stations that fill a county minimum can also cover terminals, but only terminals within reach of
    candidates in those counties.  Every other terminal the quota needs must be covered by stations
    outside them, each covering at most ``m_out`` new terminals; those stations come out of the free
    stations ``p - locked - sum(deficits)``.
    """
    q = int(data.terminal_quota)
    if q <= 0:
        return ""
    county = np.asarray(data.station_county, dtype=np.int64)
    locked = np.asarray(data.station_locked, dtype=bool)
    radius = canonical_csr(data.terminal_dist_m)
    rows = np.repeat(np.arange(radius.shape[0]), np.diff(radius.indptr))
    covered = np.zeros(radius.shape[0], dtype=bool)
    covered[rows[locked[radius.indices]]] = True
    still_needed = q - int(covered.sum())
    if still_needed <= 0:
        return ""
    deficit_site = (county_values(deficit, county) > 0) & ~locked
    open_pair = ~covered[rows]
    inside = np.zeros(radius.shape[0], dtype=bool)
    inside[rows[open_pair & deficit_site[radius.indices]]] = True
    outside_need = still_needed - int(inside.sum())
    if outside_need <= 0:
        return ""
    outside_site = ~deficit_site & ~locked
    per_site = np.bincount(
        radius.indices[open_pair & outside_site[radius.indices]], minlength=data.n_candidates
    )
    best = int(per_site.max()) if per_site.size else 0
    free = int(data.n_stations) - int(locked.sum()) - int(deficit.sum())
    needed = math.ceil(outside_need / best) if best > 0 else outside_need
    if best > 0 and needed <= free:
        return ""
    return (
        f"terminal quota q = {q} together with the county minimums: {int(covered.sum())} terminals "
        f"are covered by locked sites and {int(inside.sum())} more lie within reach of candidates "
        f"in counties still below their minimum, so at least {needed} stations outside those "
        f"counties are needed for the quota, but only {free} stations are left after locked "
        f"sites and county minimums: short by {needed - free}. Lower terminal_share or "
        "county_min_share, or raise n_stations."
    )


def _quota_conflict(data: ModelData) -> str:
    """Return a problem when no ``p`` stations meet quota, county minimums and locked sites.

    Exact: solves the small requirements MIP of :func:`~siting.model.checks.required_stations` (no
    coverage rows) with the quota relaxed, then with the county minimums relaxed, to say by how much
    each falls short while the others are kept.  Returns ``''`` when they can all be met, when the
    quota is 0, or when HiGHS cannot prove the answer within 30 s.
    """
    q = int(data.terminal_quota)
    if q <= 0 or requirements_witness(data):
        return ""
    quota = station_requirement_shortfall(data, "quota")
    if quota is None or quota[0] <= 1e-6:
        return ""
    short = round(quota[0])
    text = (
        f"the terminal quota q = {q} cannot be met together with the county minimums and locked "
        f"sites: with n_stations = {data.n_stations}, at most {q - short} terminals can be "
        f"covered; short by {short} terminals"
    )
    county = station_requirement_shortfall(data, "county")
    if county is not None and county[0] > 1e-6:
        parts = [f"{county_label(data, c)}: {round(v)}" for c, v in enumerate(county[1]) if v > 1e-6]
        text += (
            f". Keeping the quota instead, the county station minimums fall short by "
            f"{round(county[0])} stations ({', '.join(parts)})"
        )
    return text + ". Lower terminal_share or county_min_share, or raise n_stations."


def check_planning(data: ModelData) -> None:
    """Raise one :class:`InfeasibleError` listing every planning requirement that can never be met."""
    planning = data.planning
    if planning is None:
        raise ValueError("data.planning is None: check_planning is for the planning model")
    problems: list[str] = []
    for a, z in zip(planning.stages, planning.stages[1:], strict=False):
        for what, before, after in (
            ("stations", a.n_stations, z.n_stations),
            ("piles", a.n_piles, z.n_piles),
        ):
            if after < before:
                problems.append(
                    f"stage {z.name} plans {after:,} {what}, {before - after:,} fewer than stage {a.name} "
                    f"({before:,}): stage targets are cumulative, raise stage {z.name}'s target"
                )
    names = list(data.county_names)
    for stage in planning.stages:
        sd = stage_data(data, stage)
        try:
            check_feasibility(sd)
        except InfeasibleError as exc:
            later = stage is not planning.stages[0]
            hint = (
                " (a later stage: set later_stage_* in the scenario or plan --first-stage-only)"
                if later
                else ""
            )
            problems += [f"stage {stage.name}: {p}{hint}" for p in exc.problems]
        for what, mins, caps, total in (
            ("stations", stage.county_min_stations, stage.county_max_stations, stage.n_stations),
            ("piles", stage.county_min_piles, stage.county_max_piles, stage.n_piles),
        ):
            lo = np.asarray(mins, dtype=np.int64)
            hi = np.asarray(caps, dtype=np.int64)
            for c in np.flatnonzero(hi[: lo.size] < lo[: hi.size]).tolist():
                problems.append(
                    f"stage {stage.name}: county {names[c] if c < len(names) else c} needs at least "
                    f"{lo[c]:,} {what} but may have at most {hi[c]:,} (short by {lo[c] - hi[c]:,}); "
                    "raise county_max_share or lower county_min_share"
                )
            if what == "stations" and hi.size:
                locked = np.asarray(data.station_locked, dtype=bool)
                county = np.asarray(data.station_county, dtype=np.int64)
                held = np.bincount(county[locked & (county >= 0)], minlength=hi.size)[: hi.size]
                for c in np.flatnonzero(held > hi).tolist():
                    problems.append(
                        f"stage {stage.name}: county {names[c] if c < len(names) else c} has {held[c]:,} "
                        f"locked sites but may have at most {hi[c]:,} stations "
                        f"(over by {held[c] - hi[c]:,}); raise county_max_share or county_max_stations"
                    )
            outside = _outside_count(data, what)
            if hi.size and int(hi.sum()) + outside < total:
                problems.append(
                    f"stage {stage.name}: the county caps allow {int(hi.sum()) + outside:,} {what} in all, "
                    f"{total - int(hi.sum()) - outside:,} short of the {total:,} to place; "
                    "raise county_max_share"
                )
        for what, need, rural, room in (
            ("stations", stage.rural_min_stations, planning.station_rural, np.ones(data.n_candidates)),
            (
                "piles",
                stage.rural_min_piles,
                planning.pile_rural,
                np.asarray(data.pile_capacity, dtype=float),
            ),
        ):
            have = float(room[np.asarray(rural, dtype=bool)].sum()) if np.size(rural) else 0.0
            if need > have:
                problems.append(
                    f"stage {stage.name}: at least {need:,} {what} must be rural but rural sites hold only "
                    f"{have:,.0f} (short by {need - have:,.0f}); lower rural_min_share_{what}"
                )
    problems += _grid_problems(data, planning)
    if problems:
        raise InfeasibleError(*problems)


def _grid_problems(data: ModelData, planning: Planning) -> list[str]:
    """Locked sites out of grid reach, too few connectable candidates, too little headroom."""
    problems: list[str] = []
    grid, queue = planning.grid, planning.queue
    if grid is not None:
        reach = canonical_csr(grid.distance_m)
        connectable = np.diff(reach.indptr) > 0
        locked = np.asarray(data.station_locked, dtype=bool)
        for j in np.flatnonzero(locked & ~connectable).tolist():
            problems.append(
                f"locked site {j} has no substation within reach; raise max_grid_distance_m or "
                'use grid_mode = "cost"'
            )
        smallest_kw = queue.min_chargers * queue.charger_kw
        for stage in planning.stages:
            if int(connectable.sum()) < stage.n_stations:
                problems.append(
                    f"stage {stage.name}: {stage.n_stations:,} stations but only {int(connectable.sum()):,} "
                    f"candidates lie within max_grid_distance_m of a substation (short by "
                    f"{stage.n_stations - int(connectable.sum()):,}); raise max_grid_distance_m, add "
                    'substations or use grid_mode = "cost"'
                )
            need_kw = stage.n_stations * smallest_kw
            have_kw = float(np.asarray(grid.headroom_kw, dtype=float).sum()) * stage.headroom_factor
            if need_kw > have_kw + 1e-6:
                problems.append(
                    f"stage {stage.name}: {stage.n_stations:,} stations of at least {queue.min_chargers} × "
                    f"{queue.charger_kw:g} kW need {need_kw:,.0f} kW but the substations have "
                    f"{have_kw:,.0f} kW of headroom (short by {need_kw - have_kw:,.0f} kW); raise the "
                    "headroom, add substations or lower min_chargers"
                )
    return problems


def _outside_count(data: ModelData, what: str) -> int:
    """Sites outside every county (no cap applies to them): stations, or pile capacity."""
    if what == "stations":
        return int((np.asarray(data.station_county) < 0).sum())
    county = np.asarray(data.pile_county)
    return int(np.asarray(data.pile_capacity)[county < 0].sum())


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


def requirements_witness(data: ModelData) -> bool:
    """True when a greedy choice of at most ``p`` stations meets quota, county minimums and locked sites.

    A proof by example, so the exact requirements MIP of :func:`station_requirement_shortfall` is only
    needed when this finds none (on the city planning instance that MIP took 8.5 s per stage under load;
    the greedy takes milliseconds).  Locked sites first; then, while the quota is short, the candidate
    reaching most uncovered terminals (ties: one in a county still below its minimum, then the lowest
    index); then the county minimums with any candidate of the county.
    """
    radius = canonical_csr(data.terminal_dist_m)
    n_t, n_sites = radius.shape
    county = np.asarray(data.station_county, dtype=np.int64)
    mins = per_county(data.county_min_stations, data.n_counties)
    opened = np.asarray(data.station_locked, dtype=bool).copy()
    by_site = radius.T.tocsr()
    covered = np.zeros(n_t, dtype=bool)
    for j in np.flatnonzero(opened).tolist():
        covered[by_site.indices[by_site.indptr[j] : by_site.indptr[j + 1]]] = True
    while int(covered.sum()) < int(data.terminal_quota):
        gain = np.asarray(by_site @ (~covered).astype(np.float64)).ravel()
        gain[opened] = -1.0
        have = np.bincount(county[opened & (county >= 0)], minlength=mins.size)[: mins.size]
        short = np.zeros(n_sites, dtype=bool)
        inside = (county >= 0) & (county < mins.size)
        short[inside] = have[county[inside]] < mins[county[inside]]
        j = int(np.argmax(gain + 0.5 * short))
        if gain[j] < 1.0:
            return False
        opened[j] = True
        covered[by_site.indices[by_site.indptr[j] : by_site.indptr[j + 1]]] = True
    for c in np.flatnonzero(mins > 0).tolist():
        need = int(mins[c]) - int((opened & (county == c)).sum())
        free = np.flatnonzero(~opened & (county == c))
        if need > free.size:
            return False
        opened[free[: max(need, 0)]] = True
    return int(opened.sum()) <= int(data.n_stations)


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
        need = int(per_county(data.county_min_stations, n_counties)[c])
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
