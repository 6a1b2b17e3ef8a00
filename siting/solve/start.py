"""Start plans of the planning model: stations and piles stage by stage, completed into full column vectors.

:func:`station_start` chooses stations per stage with the base greedy and swaps (:mod:`~siting.solve.greedy`)
on the stage's targets, the earlier stage's sites kept, repaired for county caps, the rural minimum and grid
reach (:func:`repair`); :func:`complete_start` turns that choice into a feasible plan of the station part
(LP relaxation with the stations fixed, chargers rounded up, substations packed, LP polish, chargers trimmed);
:func:`improve_choice` looks for a better choice in the neighbourhood the capacity relaxation's LPs
point to, :func:`improve_by_stage` in the one the local capacity relaxation's LPs point to;
:func:`pile_start` places piles per stage with the base greedy on what the stage adds, then one
LP gives the flows.  Every solve goes through :func:`siting.solve.highs.run_highs`.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp

from siting._errors import InfeasibleError, SolverError
from siting._sparse import canonical_csr
from siting._typing import BoolArray, FloatArray, IntArray, Progress
from siting.model.data import ModelData, Planning
from siting.model.evaluate import pile_flows
from siting.model.extended import ExtendedModel, build_extended, stage_data, values_of
from siting.model.parts import split_parts
from siting.solve.greedy import greedy_piles, greedy_stations, improve_stations
from siting.solve.highs import run_highs, run_highs_on_columns
from siting.solve.options import LOCAL_SITES_PER_STATION, MIN_STEP_S

__all__ = [
    "StageChoice",
    "capacity_use",
    "complete_start",
    "coverage_completion",
    "exact_completion",
    "improve_by_stage",
    "improve_choice",
    "local_guide",
    "pile_start",
    "queue_loss",
    "station_columns",
    "station_start",
    "trim_chargers",
    "unserved_in_reach",
]


class StageChoice(NamedTuple):
    """What :func:`improve_by_stage` returns: stations per stage and the stages' bounds it proved."""

    stations: list[BoolArray]
    bounds: list[float]  # per stage: a bound on it, inf where the MIP did not give one


def station_start(
    data: ModelData, planning: Planning, say: Progress, *, deadline: float = math.inf
) -> list[BoolArray] | None:
    """Stations per stage from the base greedy + swaps, repaired for caps, rural minimum and grid reach.

    The swaps stop by their count; ``deadline`` (a :func:`time.perf_counter` reading, the solve's
    clock) stops them earlier only as a safety net, so a limit that does not bind never changes the plan.
    """
    allowed = np.ones(data.n_candidates, dtype=bool)
    if planning.grid is not None:
        allowed = np.diff(canonical_csr(planning.grid.distance_m).indptr) > 0
    kept = np.asarray(data.station_locked, dtype=bool).copy()
    out: list[BoolArray] = []
    for stage in planning.stages:
        sd = stage_data(data, stage)
        proxy = restrict(sd, allowed, kept)
        try:
            opened = greedy_stations(proxy)
            opened = improve_stations(proxy, opened, time_limit_s=max(deadline - time.perf_counter(), 0.0))
        except (SolverError, InfeasibleError) as exc:
            say(f"no heuristic start for stage {stage.name}: {exc}")
            return None
        repaired = repair(sd, planning, stage, opened, allowed, kept)
        if repaired is None:
            say(f"the heuristic start for stage {stage.name} breaks a cap or the rural minimum; no start")
            return None
        out.append(repaired)
        kept = kept | repaired
    return out


def pile_start(
    data: ModelData,
    planning: Planning,
    model: ExtendedModel,
    options: Mapping[str, Any],
    time_limit_s: float,
    say: Progress,
) -> FloatArray | None:
    """Piles per stage from the base greedy on what the stage adds; flows and the rest by one LP.

    The LP gets what is left of ``time_limit_s`` after the greedy.
    """
    end = time.perf_counter() + time_limit_s
    placed = np.zeros(data.n_pile_sites, dtype=np.int64)
    per_stage: list[IntArray] = []
    capacity = np.asarray(data.pile_capacity, dtype=np.int64)
    county = np.asarray(data.pile_county, dtype=np.int64)
    for stage in planning.stages:
        pile_part = split_parts(stage_data(data, stage))[1]
        have = np.bincount(county[county >= 0], weights=placed[county >= 0], minlength=data.n_counties)
        given = np.asarray(stage.county_min_piles, dtype=np.int64).ravel()[: data.n_counties]
        wanted = np.zeros(data.n_counties, dtype=np.int64)
        wanted[: given.size] = given
        mins = np.maximum(wanted - have[: data.n_counties].astype(np.int64), 0)
        # what the piles already placed serve at this stage's demand is not there to win again
        served = (
            np.asarray(pile_flows(pile_part, placed).sum(axis=1)).ravel()
            if placed.any()
            else np.zeros(data.n_demand)
        )
        residual = dataclasses.replace(
            pile_part,
            n_piles=int(stage.n_piles) - int(placed.sum()),
            pile_capacity=capacity - placed,
            county_min_piles=mins,
            demand_slow_ev=np.maximum(np.asarray(pile_part.demand_slow_ev, dtype=np.float64) - served, 0.0),
        )
        try:
            placed = placed + greedy_piles(residual)
        except (SolverError, InfeasibleError) as exc:
            say(f"no greedy pile start for stage {stage.name}: {exc}")
            return None
        per_stage.append(placed.copy())
    cols = np.concatenate([c.n() for c in model.stages])
    vals = np.concatenate([p.astype(np.float64) for p in per_stage])
    res = run_highs(
        fixed_columns(model, cols, vals, relax=False),
        options=options,
        time_limit_s=max(end - time.perf_counter(), MIN_STEP_S),
        mip_rel_gap=1e-6,
        name="start",
    )
    if res.values is None:
        why = (
            "its completion (one MIP with the piles fixed) ran out of the time left"
            if res.status == "time_limit"
            else "it breaks a county cap or the rural minimum"
            if res.status == "infeasible"
            else f"its completion stopped ({res.termination})"
        )
        say(f"no greedy pile start: {why}; HiGHS starts the pile part cold")
        return None
    say(f"pile start objective {float(model.cost @ res.values):,.2f}")
    return np.asarray(res.values, dtype=np.float64)


def restrict(data: ModelData, allowed: BoolArray, kept: BoolArray) -> ModelData:
    """``data`` with disallowed candidates covering nothing and ``kept`` sites locked."""
    keep = np.where(allowed, 1.0, 0.0)
    fast = canonical_csr(data.fast_time_min) @ sp.diags(keep, format="csr")
    term = canonical_csr(data.terminal_dist_m) @ sp.diags(keep, format="csr")
    fast.eliminate_zeros()
    term.eliminate_zeros()
    return dataclasses.replace(
        data,
        fast_time_min=fast.tocsr(),
        terminal_dist_m=term.tocsr(),
        station_locked=np.asarray(kept, dtype=bool),
    )


def repair(
    data: ModelData,
    planning: Planning,
    stage: Any,
    opened: BoolArray,
    allowed: BoolArray,
    kept: BoolArray,
) -> BoolArray | None:
    """Swap sites until county caps, the rural minimum and grid reach hold; None when that fails."""
    opened = opened.copy()
    cover = canonical_csr(data.fast_time_min)
    w = np.maximum(np.asarray(data.demand_fast_ev, dtype=np.float64), 0.0)
    rural = np.asarray(planning.station_rural, dtype=bool)
    if rural.size != data.n_candidates:
        rural = np.zeros(data.n_candidates, dtype=bool)
    county = np.asarray(data.station_county, dtype=np.int64)
    caps = np.asarray(stage.county_max_stations, dtype=np.int64)
    mins = np.asarray(stage.county_min_stations, dtype=np.int64)
    fixed = kept | np.asarray(data.station_locked, dtype=bool)
    rows = np.repeat(np.arange(cover.shape[0]), np.diff(cover.indptr))

    def per_county() -> IntArray:
        inside = opened & (county >= 0)
        return np.bincount(county[inside], minlength=max(caps.size, 1)).astype(np.int64)

    for _ in range(2 * int(opened.sum()) + 10):
        counts = per_county()
        over = np.flatnonzero(counts[: caps.size] > caps) if caps.size else np.zeros(0, dtype=np.int64)
        bad = opened & ~allowed & ~fixed
        rural_short = int(stage.rural_min_stations) - int((opened & rural).sum())
        if over.size == 0 and not bad.any() and rural_short <= 0:
            return opened
        k = np.bincount(rows, weights=opened[cover.indices].astype(np.float64), minlength=cover.shape[0])
        loss = np.bincount(
            cover.indices,
            weights=np.where(np.abs(k[rows] - 1) < 0.5, w[rows], 0.0),
            minlength=data.n_candidates,
        )
        gain = np.bincount(
            cover.indices, weights=np.where(k[rows] < 0.5, w[rows], 0.0), minlength=data.n_candidates
        )
        # which site leaves
        can_leave = opened & ~fixed
        if bad.any():
            leave_mask = bad
        elif over.size:
            leave_mask = can_leave & np.isin(county, over)
        else:
            leave_mask = can_leave & ~rural
        if mins.size:
            at_min = np.zeros(data.n_candidates, dtype=bool)
            inside = county >= 0
            at_min[inside] = counts[county[inside]] <= mins[np.minimum(county[inside], mins.size - 1)]
            if (leave_mask & ~at_min).any():
                leave_mask &= ~at_min
        if not leave_mask.any():
            return None
        out = int(np.argmin(np.where(leave_mask, loss, np.inf)))
        # which site enters
        room = np.ones(data.n_candidates, dtype=bool)
        if caps.size:
            inside = county >= 0
            room[inside] = counts[county[inside]] < caps[np.minimum(county[inside], caps.size - 1)]
            room[county == county[out]] = True  # the leaving site frees a place in its county
        enter_mask = ~opened & allowed & room
        if rural_short > 0 and not bad.any() and over.size == 0:
            enter_mask &= rural
        if not enter_mask.any():
            return None
        in_ = int(np.argmax(np.where(enter_mask, gain, -np.inf)))
        opened[out], opened[in_] = False, True
    return None


def open_site_columns(model: ExtendedModel, opened: list[BoolArray]) -> BoolArray:
    r"""Columns that can be non-zero once each stage's stations are ``opened`` (a mask over ``model``).

    A closed site's charger steps (:math:`u_{jc} \le x_j`), grid links (:math:`\sum_\sigma g_{j\sigma} =
    x_j`) with their kW, and session shares (its queue capacity is 0; a zone without arrivals can move
    its share to an open site that covers it, or has none) are 0 in every plan, so dropping them loses
    no plan.  On the city the station part keeps about a tenth of its columns.
    """
    keep = np.ones(model.n_cols, dtype=bool)
    for cols, open_s in zip(model.stages, opened, strict=True):
        keep[cols.u_start + np.flatnonzero(~open_s[cols.u_site])] = False
        keep[cols.h_start + np.flatnonzero(~open_s[cols.h_site])] = False
        closed_links = np.flatnonzero(~open_s[cols.g_site])
        keep[cols.g_start + closed_links] = False
        keep[cols.e_start + closed_links] = False
    return keep


def improve_choice(
    data: ModelData,
    planning: Planning,
    chosen: list[BoolArray],
    lp_stations: list[FloatArray],
    options: Mapping[str, Any],
    time_limit_s: float,
    gap: float,
) -> list[BoolArray] | None:
    """A better station choice: the capacity relaxation as a MIP on the sites the LPs or ``chosen`` use.

    The joint capacity relaxation (every stage, nesting kept;
    :func:`~siting.model.extended.add_capacity_relaxation`) with :math:`x^s_j = 0` for every site that
    neither ``chosen`` nor any stage's LP optimum (``lp_stations``) opens, started from ``chosen``: a
    neighbourhood the LP points to (as RINS does), small enough for HiGHS to solve in seconds (city: 716
    of 6,671 sites, 5 s, 0.27 % above the heuristic choice).  Returns the stations per stage of the best
    plan found, or None when HiGHS finds none in ``time_limit_s``.  The caller completes the choice
    (:func:`complete_start`) and keeps whichever complete plan is better.
    """
    support = np.zeros(data.n_candidates, dtype=bool)
    for opened in chosen:
        support |= opened
    for x in lp_stations:
        support |= x > 1e-6
    model = build_extended(data, "stations", capacity=False)
    upper = model.col_upper.copy()
    for cols in model.stages:
        upper[cols.x()[~support]] = 0.0
    model = dataclasses.replace(model, col_upper=upper)
    x_cols, x_vals = station_columns(model, chosen)
    start = coverage_completion(model, x_cols, x_vals)
    res = run_highs(
        model, options=options, time_limit_s=time_limit_s, mip_rel_gap=gap, start=start, name="choice"
    )
    if res.values is None:
        return None
    values = np.asarray(res.values, dtype=np.float64)
    return [values[cols.x()] > 0.5 for cols in model.stages]


def local_guide(
    data: ModelData,
    planning: Planning,
    model: ExtendedModel,
    values: FloatArray,
    chosen: list[BoolArray],
    lp_stations: list[FloatArray],
    options: Mapping[str, Any],
    time_limit_s: float,
) -> list[FloatArray] | None:
    """Each stage's local capacity relaxation LP on a few sites: where :func:`improve_by_stage` should look.

    The sites are those ``chosen[s]`` or the capacity relaxation's LP (``lp_stations[s]``) opens and the
    :data:`~siting.solve.options.LOCAL_SITES_PER_STATION` × :math:`p_s` sites with the most EVs in reach
    that the plan ``values`` of ``model`` leaves unserved (next to the busy stations).  Not a bound (the
    other sites are closed): a guide, 0.3-0.5 s per stage on the demo with 60 stations against 7-9 s for
    the whole LP, and its choice there was as good.  None when an LP does not finish in ``time_limit_s``.
    """
    deadline = time.perf_counter() + time_limit_s
    out: list[FloatArray] = []
    for s, stage in enumerate(planning.stages):
        if deadline - time.perf_counter() < MIN_STEP_S:  # building the model does not look at the limit
            return None
        unserved = unserved_in_reach(model, values, s)
        sites = (lp_stations[s] > 1e-6) | chosen[s]
        sites[np.argsort(-unserved, kind="stable")[: LOCAL_SITES_PER_STATION * stage.n_stations]] = True
        single = dataclasses.replace(planning, stages=[stage])
        local = build_extended(
            dataclasses.replace(data, planning=single), "stations", capacity=False, sessions=True
        )
        x = local.stages[0].x()
        upper = local.col_upper.copy()
        upper[x[~sites]] = 0.0
        relaxed = dataclasses.replace(local, col_upper=upper, integer=np.zeros_like(local.integer))
        left = deadline - time.perf_counter()
        if left < MIN_STEP_S:
            return None
        run = run_highs_on_columns(
            relaxed,
            open_site_columns(relaxed, [sites]),
            options={**options, "solver": "simplex"},
            time_limit_s=left,
            mip_rel_gap=0.0,
            name=f"local guide {stage.name}",
        )
        if run.values is None:
            return None
        out.append(np.asarray(run.values, dtype=np.float64)[x])
    return out


def unserved_in_reach(model: ExtendedModel, values: FloatArray, s: int) -> FloatArray:
    """Per site: peak sessions an hour in its reach that stage ``s`` of ``values`` leaves unserved."""
    cols = model.stages[s]
    n_sites = cols.base["y"] - cols.base["x"]
    if not cols.h_zone.size:
        return np.zeros(n_sites)
    rate = np.zeros(int(cols.h_zone.max()) + 1)
    np.maximum.at(rate, cols.h_zone, cols.h_rate)
    served = np.bincount(cols.h_zone, weights=values_of(model, values, s)["h"], minlength=rate.size)
    left = rate * np.clip(1.0 - served, 0.0, 1.0)
    return np.bincount(cols.h_site, weights=left[cols.h_zone], minlength=n_sites).astype(np.float64)


def improve_by_stage(
    data: ModelData,
    planning: Planning,
    chosen: list[BoolArray],
    lp_stations: list[FloatArray],
    options: Mapping[str, Any],
    time_limit_s: float,
    gap: float,
) -> StageChoice | None:
    r"""A better station choice where queues bind in places: the local capacity relaxation, stage by stage.

    Stage :math:`s` is solved as a MIP on its own: the *local* capacity relaxation
    (:func:`~siting.model.extended.add_capacity_relaxation` with ``sessions=True``: session shares and
    each station's queue capacity kept, no ladder or grid columns), :math:`x^s_j = 0` for every site that
    neither the stage's LP optimum (``lp_stations[s]``), ``chosen[s]`` nor the earlier stage opens, and
    :math:`x^s_j = 1` for the earlier stage's choice (nesting).  Each stage starts from the earlier
    stage's choice filled up with ``chosen[s]``'s other sites by LP value (HiGHS drops a start that breaks
    a row).
    The stages share ``time_limit_s`` in proportion to their station targets.  On the demo with 60
    stations (8 + 15 s) the completed choice is worth 373,810 against the greedy's 332,566: the greedy
    counts a dense centre as covered by one station, whose queue serves a third of it.

    Returns the stations per stage and, for a stage solved on every site with no earlier stage held
    (the first, when ``lp_stations[0]`` opens every site), HiGHS's bound of its MIP: the local relaxation
    of that stage alone relaxes it, so that bounds the stage (``inf`` for the others).  None when a
    stage's MIP finds no plan in its time.  The caller completes the choice (:func:`complete_start`) and
    keeps whichever complete plan is better.
    """
    deadline = time.perf_counter() + time_limit_s
    weights = np.array([float(stage.n_stations) for stage in planning.stages])
    out: list[BoolArray] = []
    bounds: list[float] = []
    earlier = np.zeros(data.n_candidates, dtype=bool)
    for s, stage in enumerate(planning.stages):
        if deadline - time.perf_counter() < MIN_STEP_S:  # building the model does not look at the limit
            return None
        single = dataclasses.replace(planning, stages=[stage])
        model = build_extended(
            dataclasses.replace(data, planning=single), "stations", capacity=False, sessions=True
        )
        x = model.stages[0].x()
        support = (lp_stations[s] > 1e-6) | chosen[s] | earlier
        lower, upper = model.col_lower.copy(), model.col_upper.copy()
        upper[x[~support]] = 0.0
        lower[x[earlier]] = 1.0
        model = dataclasses.replace(model, col_lower=lower, col_upper=upper)
        keep = open_site_columns(model, [support])
        share = float(weights[s] / weights[s:].sum())
        if (deadline - time.perf_counter()) * share < MIN_STEP_S:
            return None
        # start: the earlier stage's new choice, filled up from chosen[s] by LP value (sessions by LP)
        fill = np.flatnonzero(chosen[s] & ~earlier)
        fill = fill[np.argsort(-lp_stations[s][fill], kind="stable")][: stage.n_stations - int(earlier.sum())]
        first = earlier.copy()
        first[fill] = True
        fixed = fixed_columns(model, x, first.astype(np.float64), relax=True)
        start = run_highs_on_columns(
            fixed,
            keep,
            options=options,
            time_limit_s=(deadline - time.perf_counter()) * share / 4,
            mip_rel_gap=gap,
            name="local start",
        ).values
        run = run_highs_on_columns(
            model,
            keep,
            options=options,
            time_limit_s=max((deadline - time.perf_counter()) * share, MIN_STEP_S),
            mip_rel_gap=gap,
            start=start,
            name=f"local {stage.name}",
        )
        if run.values is None:
            return None
        # every site open to choose, no earlier stage held: the local relaxation MIP of this stage alone,
        # whose bound bounds the stage
        whole = bool(support.all()) and not earlier.any() and math.isfinite(run.bound)
        bounds.append(run.padded_bound() if whole else math.inf)
        earlier = np.asarray(run.values, dtype=np.float64)[x] > 0.5
        out.append(earlier)
    return StageChoice(out, bounds)


def coverage_completion(model: ExtendedModel, x_cols: IntArray, x_vals: FloatArray) -> FloatArray | None:
    """The best values of the other columns of a capacity relaxation once its stations are fixed.

    Every other column (coverage, terminals, trips) is at most 1 and at most what each row
    ``v - sum_j a_j x_j <= 0`` allows, and gains or is free in the objective, so its best value is that
    minimum; a row over several of them (the total capacity) scales them down in proportion.  None when
    the vector breaks a row (then HiGHS starts without it).
    """
    values = np.where(model.integer, 0.0, np.minimum(model.col_upper, 1.0))
    values[x_cols] = x_vals
    is_x = np.zeros(model.n_cols, dtype=bool)
    is_x[x_cols] = True
    matrix = model.matrix.tocsr()
    reach = matrix[:, x_cols] @ x_vals
    coo = matrix.tocoo()
    upper_rows = (model.row_upper == 0) & np.isneginf(model.row_lower)
    sel = (coo.data > 0) & ~is_x[coo.col] & upper_rows[coo.row]
    rows, cols = coo.row[sel], coo.col[sel]
    np.minimum.at(values, cols, -reach[rows] / coo.data[sel])
    values = np.clip(values, model.col_lower, model.col_upper)
    # a row over several such columns (the total capacity, con_total_capacity: lambda_i y_i against
    # the open stations' capacity) scales them down together: their objective terms are in proportion
    # to their coefficients there (w_f a_i against rho phi a_i), so any such cut is a best one
    activity = matrix @ values
    over = np.flatnonzero(upper_rows & (activity > model.row_upper + 1e-9))
    for r in over.tolist():
        load = float(activity[r] - reach[r])
        if load > 0:
            values[cols[rows == r]] *= max(-float(reach[r]), 0.0) / load
    if over.size:
        activity = matrix @ values
    if (activity > model.row_upper + 1e-6).any() or (activity < model.row_lower - 1e-6).any():
        return None
    return values


def exact_completion(
    model: ExtendedModel,
    opened: list[BoolArray],
    values: FloatArray,
    options: Mapping[str, Any],
    time_limit_s: float,
    gap: float,
) -> FloatArray:
    """The best completion of a station choice: the part as a MIP with the stations fixed, from ``values``.

    Only the columns an open site can use (:func:`open_site_columns`); HiGHS starts from ``values`` (a
    completion by :func:`complete_start`) and the better of the two is returned.  Where queues bind,
    rounding chargers up to the relaxed loads can lose: on Malta with 8 stations the rounded completion
    was worth 3,758.49 and this one 3,948.65 (optimal, in a fraction of a second).
    """
    x_cols, x_vals = station_columns(model, opened)
    fixed = fixed_columns(model, x_cols, x_vals, relax=False)
    run = run_highs_on_columns(
        fixed,
        open_site_columns(model, opened),
        options=options,
        time_limit_s=time_limit_s,
        mip_rel_gap=gap,
        start=values,
        name="exact completion",
    )
    if run.values is None or float(model.cost @ run.values) <= float(model.cost @ values):
        return values
    return np.asarray(run.values, dtype=np.float64)


def station_columns(model: ExtendedModel, opened: list[BoolArray]) -> tuple[IntArray, FloatArray]:
    """The station columns of every stage and their values (1.0 where ``opened``), stage after stage."""
    x_cols = np.concatenate([c.x() for c in model.stages])
    return x_cols, np.concatenate([o.astype(np.float64) for o in opened])


def fixed_columns(model: ExtendedModel, cols: IntArray, values: FloatArray, *, relax: bool) -> ExtendedModel:
    """A copy of ``model`` with columns ``cols`` fixed to ``values`` (integrality dropped if ``relax``)."""
    lower, upper = model.col_lower.copy(), model.col_upper.copy()
    lower[cols] = values
    upper[cols] = values
    integer = np.zeros_like(model.integer) if relax else model.integer.copy()
    return dataclasses.replace(model, col_lower=lower, col_upper=upper, integer=integer)


def complete_start(
    model: ExtendedModel,
    planning: Planning,
    opened: list[BoolArray],
    options: Mapping[str, Any],
    time_limit_s: float,
    gap: float,
    say: Progress,
) -> FloatArray | None:
    """Complete a station choice (one per stage) into a feasible plan of the station part.

    1. the LP relaxation with the stations fixed gives each station's load and its substation;
    2. chargers are the fewest meeting that load (never fewer than in the stage before), each station
       keeps the substation the LP uses most (and the earlier stage's);
    3. with stations, chargers and links fixed the rest is an LP (sessions, coverage, kW, trips).
    If that LP is infeasible (rounding broke a headroom), HiGHS completes the choice as a MIP instead.
    The three runs share ``time_limit_s`` (one deadline), so the start never takes more than its share.
    """
    deadline = time.perf_counter() + time_limit_s

    def left() -> float:
        return max(deadline - time.perf_counter(), MIN_STEP_S)

    x_cols, x_vals = station_columns(model, opened)
    keep = open_site_columns(model, opened)

    def solve(fixed: ExtendedModel) -> FloatArray | None:
        run = run_highs_on_columns(
            fixed, keep, options=options, time_limit_s=left(), mip_rel_gap=gap, name="start"
        )
        return run.values

    relaxed = solve(fixed_columns(model, x_cols, x_vals, relax=True))
    if relaxed is not None:
        values = relaxed
        queue = planning.queue
        cap = np.asarray(queue.capacity_per_h, dtype=np.float64)
        fix_cols: list[IntArray] = [x_cols]
        fix_vals: list[FloatArray] = [x_vals]
        previous = np.zeros(0, dtype=np.int64)
        previous_sub = np.zeros(0, dtype=np.int64)
        kw = float(queue.charger_kw)
        grid = planning.grid
        for s, cols in enumerate(model.stages):
            sv = values_of(model, values, s)
            lam = capacity_use(model, s, sv)
            level = np.searchsorted(cap, lam - 1e-7, side="left") + queue.min_chargers
            want = np.where(opened[s], np.clip(level, queue.min_chargers, queue.max_chargers), 0)
            if previous.size:
                want = np.maximum(want, previous)
            chargers = want
            if grid is not None and cols.g_site.size:
                headroom = np.asarray(grid.headroom_kw, dtype=np.float64) * planning.stages[s].headroom_factor
                packed = pack_grid(
                    cols, headroom, opened[s], want, previous, previous_sub, sv, kw, queue.min_chargers
                )
                if packed is None:
                    say(
                        f"start completion: stage {model_stage_name(model, s)} does not fit the grid headroom"
                    )
                    break
                chargers, previous_sub = packed
                g = ((previous_sub[cols.g_site] == cols.g_sub) & opened[s][cols.g_site]).astype(np.float64)
                fix_cols.append(cols.g_start + np.arange(cols.g_site.size))
                fix_vals.append(g)
            previous = chargers
            u = (cols.u_level <= chargers[cols.u_site]).astype(np.float64)
            fix_cols.append(cols.u_start + np.arange(cols.u_site.size))
            fix_vals.append(u)
        else:
            polished = solve(
                fixed_columns(model, np.concatenate(fix_cols), np.concatenate(fix_vals), relax=False)
            )
            if polished is not None:
                say("start completion: LP relaxation, chargers rounded up, LP polish, chargers trimmed")
                return trim_chargers(model, planning, polished)
            say("start completion: the polish LP found no plan")
    if deadline - time.perf_counter() <= MIN_STEP_S:
        # the fallback is a MIP, whose root LP does not stop at the limit (docs/performance.md)
        say("start completion: no time left for the MIP fallback")
        return None
    done = solve(fixed_columns(model, x_cols, x_vals, relax=False))
    say(f"start completion (MIP): {'a plan' if done is not None else 'no plan'}")
    return done


def model_stage_name(model: ExtendedModel, s: int) -> str:
    """Name of stage ``s`` of ``model`` (from its first column name)."""
    cols = model.stages[s]
    name = (
        model.col_names[cols.base["x"]]
        if cols.base["y"] > cols.base["x"]
        else model.col_names[cols.base["n"]]
    )
    return name.split("[")[1].rstrip("]")


def pack_grid(
    cols: Any,
    headroom_kw: FloatArray,
    opened: BoolArray,
    want: IntArray,
    previous: IntArray,
    previous_sub: IntArray,
    sv: dict[str, Any],
    kw: float,
    min_chargers: int,
) -> tuple[IntArray, IntArray] | None:
    """Link every open station to one substation in reach and size it to fit the headroom.

    Stations linked in the stage before keep their substation and are placed first; the others go,
    largest first, to the substation the LP relaxation used most if it has room, else to the one in
    reach with most room left.  A station gets ``want`` chargers if they fit, else as many as fit (at
    least ``min_chargers`` and what it had before).  Returns ``(chargers, substation)`` or None.
    """
    n_sites = opened.size
    room = np.asarray(headroom_kw, dtype=np.float64).copy()
    sub = np.full(n_sites, -1, dtype=np.int64)
    floor = np.where(opened, min_chargers, 0).astype(np.int64)
    if previous.size:
        floor = np.maximum(floor, previous)
    starts = np.searchsorted(cols.g_site, np.arange(n_sites + 1))
    lp_kw = sv["e"]
    kept = previous_sub if previous_sub.size else np.full(n_sites, -1, dtype=np.int64)
    # pass 1: every open station at its floor, kept links first, then the largest LP users
    order = sorted(
        np.flatnonzero(opened).tolist(),
        key=lambda j: (kept[j] < 0, -float(lp_kw[starts[j] : starts[j + 1]].sum()), j),
    )
    for j in order:
        lo, hi = starts[j], starts[j + 1]
        subs = cols.g_sub[lo:hi]
        need = kw * floor[j]
        if kept[j] >= 0:
            choice = int(kept[j])
        elif subs.size == 0:
            return None
        else:
            lp_pick = int(subs[int(np.argmax(lp_kw[lo:hi]))])
            choice = lp_pick if room[lp_pick] >= need - 1e-6 else int(subs[int(np.argmax(room[subs]))])
        if room[choice] < need - 1e-6:
            return None
        sub[j] = choice
        room[choice] -= need
    # pass 2: add chargers up to what the station's load wants, where the substation has room
    chargers = floor.copy()
    for j in sorted(np.flatnonzero(opened).tolist(), key=lambda j: (-int(want[j] - floor[j]), j)):
        extra = min(int(want[j] - floor[j]), int(np.floor((room[sub[j]] + 1e-6) / kw)))
        if extra > 0:
            chargers[j] += extra
            room[sub[j]] -= kw * extra
    return chargers, sub


def trim_chargers(model: ExtendedModel, planning: Planning, values: FloatArray) -> FloatArray:
    """Lower every station's chargers to the fewest its assigned sessions need (stages stay nested).

    Stage by stage :math:`C^s_j \\leftarrow \\max(\\text{needed}(L^s_j), C^{s-1}_j)`, never above the
    current value; the kW drawn from the linked substation follows.  Every row stays satisfied (capacity
    still covers the load, kW only falls) and the objective only rises (chargers cost).
    """
    out = values.copy()
    queue = planning.queue
    cap = np.asarray(queue.capacity_per_h, dtype=np.float64)
    previous: IntArray | None = None
    for s, cols in enumerate(model.stages):
        sv = values_of(model, out, s)
        opened = sv["x"] > 0.5
        current = np.where(opened, queue.min_chargers, 0).astype(np.int64)
        np.add.at(current, cols.u_site, (sv["u"] > 0.5).astype(np.int64))
        load = capacity_use(model, s, sv)
        needed = np.searchsorted(cap, load - 1e-9, side="left") + queue.min_chargers
        new = np.where(opened, np.minimum(np.maximum(needed, queue.min_chargers), current), 0)
        if previous is not None:
            new = np.maximum(new, previous)
        new = np.minimum(new, current)
        previous = new
        out[cols.u_start : cols.u_start + cols.u_site.size] = (cols.u_level <= new[cols.u_site]).astype(
            np.float64
        )
        if cols.g_site.size:
            linked = sv["g"] > 0.5
            e = np.zeros(cols.g_site.size)
            e[linked] = float(queue.charger_kw) * new[cols.g_site[linked]]
            out[cols.e_start : cols.e_start + cols.g_site.size] = e
    return out


def capacity_use(model: ExtendedModel, s: int, sv: dict[str, Any]) -> FloatArray:
    """Peak sessions per hour each candidate carries in a (relaxed) solution of stage ``s``."""
    cols = model.stages[s]
    n_sites = cols.base["y"] - cols.base["x"]
    return np.bincount(cols.h_site, weights=cols.h_rate * sv["h"], minlength=n_sites).astype(np.float64)


def queue_loss(model: ExtendedModel, values: FloatArray, opened: list[BoolArray]) -> float:
    """Objective a plan of the station part loses to queues: EVs in reach of an open station, not served.

    Per stage, each zone with an open station in reach counts :math:`w_f a_i (1 - y_i)` (its coverage
    term's coefficient times the share not served).  The coverage relaxations count these as covered,
    so where this exceeds the gap they cannot prove it.
    """
    loss = 0.0
    for s, cols in enumerate(model.stages):
        if not cols.h_zone.size:
            continue
        position = np.full(int(max(cols.demand_zones.max(), cols.h_zone.max())) + 1, -1, dtype=np.int64)
        position[cols.demand_zones] = np.arange(cols.demand_zones.size)
        covered = np.zeros(cols.demand_zones.size, dtype=bool)
        covered[position[cols.h_zone[opened[s][cols.h_site]]]] = True
        y_cols = cols.base["y"] + np.flatnonzero(covered)
        loss += float(model.cost[y_cols] @ np.clip(1.0 - values[y_cols], 0.0, None))
    return loss
