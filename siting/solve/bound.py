r"""Upper bounds of our own: a Lagrangian bound on the station part, an LP bound on the pile part.

The model splits into a **station part** (``x``, ``y``, ``z``: coverage, terminals, county station
minimums, locked sites) and a **pile part** (``n``, ``f``) that share no row, so the optimum is the
sum of the two parts' optima and a bound on each part bounds the whole.

Station part: relaxing the coverage rows :math:`y_i \le \sum_{j \in N_i} x_j` with multipliers
:math:`\lambda_i \ge 0` (and dropping the terminal quota, which can only raise the maximum) gives

.. math::

    L(\lambda) = \sum_i \max(0, w_f a_i - \lambda_i)
        + \max_{x \in X} \sum_j \Bigl(b_j + \sum_{i : j \in N_i} \lambda_i\Bigr) x_j

with :math:`X` the plans of exactly ``p`` stations that keep the locked sites and the county
minimums; the inner maximum is exact by a greedy (locked sites, then the best sites of each county up
to its minimum, then the best sites anywhere).  Every :math:`L(\lambda)` is an upper bound;
:func:`lagrangian_station_bound` lowers it by deflected subgradient steps (Polyak steps towards the best
known plan) from the best known plan's complementary multipliers.  Its limit is the LP relaxation's
value, reached without solving the degenerate root LP.

Pile part: the smaller of the simple bound (:func:`trivial_bound`'s slow term) and, when that is not
tight, the LP relaxation of the pile part solved with HiGHS.

Whole model: :func:`trivial_bound` needs no solve.  Planning model: the station part is bounded by the
sum of its stages' capacity relaxation LPs (:func:`relaxed_stage_bound`), or without a solve by
:func:`simple_station_bound`, and where capacity binds by the stages' full LPs
(:func:`stage_lp_bound`); the pile part by the sum of the stages' pile bounds (:func:`stage_pile_bound`).
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import scipy.sparse as sp

from siting._sparse import canonical_csr
from siting._typing import BoolArray, FloatArray, IntArray, Progress
from siting.model.arrays import build_arrays
from siting.model.data import ModelData, Planning
from siting.model.extended import ExtendedModel, build_extended, stage_slice_objective
from siting.model.objective import tie_break_coefficients
from siting.model.parts import split_parts, stage_data
from siting.model.sparse import fast_demand_zones, slow_pairs
from siting.solve.highs import run_highs
from siting.solve.options import MIN_STEP_S, PILE_LP_TIME_LIMIT_S

__all__ = [
    "StageRelaxation",
    "best_stations_with_counties",
    "lagrangian_station_bound",
    "pile_bound",
    "relaxed_stage_bound",
    "simple_pile_bound",
    "simple_slow_ev",
    "simple_station_bound",
    "stage_lp_bound",
    "stage_pile_bound",
    "trivial_bound",
]


def best_stations_with_counties(data: ModelData, weight: FloatArray) -> BoolArray:
    """Return the ``p`` sites of largest total ``weight`` that keep locked sites and county minimums.

    Locked sites first, then in each county the best remaining sites up to its minimum, then the
    best remaining sites anywhere.  Exact for this feasible set (exactly ``p`` sites, lower bounds on
    disjoint groups).
    """
    p = int(data.n_stations)
    opened = np.asarray(data.station_locked, dtype=bool).copy()
    county = np.asarray(data.station_county, dtype=np.int64)
    mins = np.asarray(data.county_min_stations, dtype=np.int64).ravel()
    for c in np.flatnonzero(mins > 0).tolist():
        members = np.flatnonzero((county == c) & ~opened)
        need = int(mins[c]) - int(opened[county == c].sum())
        if need > 0 and members.size:
            top = members[np.argsort(-weight[members], kind="stable")[:need]]
            opened[top] = True
    rest = p - int(opened.sum())
    if rest > 0:
        free = np.flatnonzero(~opened)
        opened[free[np.argsort(-weight[free], kind="stable")[:rest]]] = True
    return opened


#: The Lagrangian's last iterations whose chosen sites make :func:`lagrangian_station_bound`'s support.
SUPPORT_ITERATIONS = 50
#: Weight of the previous direction in the Lagrangian's deflected subgradient steps.  On the 100,000-zone
#: instance (400 steps from the same start, first step 2, 15 stall steps, ``docs/performance.md``):
#: 0 → 1.99 %, 0.5 → 1.32 %, 0.7 → 1.10 %, 0.85 → 1.30 % above the swap plan.
DEFLECTION = 0.7
#: First step length factor of the Polyak steps (halved after :data:`STALL_STEPS` steps without a better
#: bound): 2 gave 1.99 %, 1 gave 2.37 % in the measurement above (no deflection, 15 stall steps).
FIRST_STEP = 2.0
#: Steps without a better bound before the step length is halved (1,000 steps on that instance: 15 →
#: 0.85 %, 40 → 0.73 %, 80 → 0.75 %).
STALL_STEPS = 40


def lagrangian_station_bound(
    data: ModelData,
    incumbent: float,
    *,
    start: BoolArray | None = None,
    time_limit_s: float | None = None,
    max_iterations: int = 1000,
    target_gap: float = 0.0,
) -> tuple[float, IntArray]:
    r"""Return a Lagrangian upper bound on the station part's optimum and the sites it points to.

    The bound is described in the module docstring.  The multipliers start at the start plan's
    complementary values: :math:`\lambda_i = w_f a_i` for a zone the plan leaves uncovered (its row binds
    in any LP optimum that leaves it so), 0 for a covered one; without a start, at an even share of each
    zone's demand per candidate.  They move by deflected subgradient steps (direction
    :math:`d_k = g_k + \delta d_{k-1}`, :data:`DEFLECTION`) of Polyak length towards ``incumbent``.
    On the 100,000-zone instance this reaches 0.73 % above the swap plan in 1,000 steps (33 s) and 1.1 %
    in 400, where the plain steps from the even share stayed at 5.5 % after 400
    (``docs/performance.md``).  Every value is :math:`L(\lambda)` of one :math:`\lambda`, so each is a
    bound; the smallest is returned.

    The second value counts, per site, how many of the last :data:`SUPPORT_ITERATIONS` iterations the
    relaxed problem opened it: where the multipliers settle, the sites a near-optimal plan is likely to
    use (the neighbourhood of :meth:`siting.solve.base.BaseStrategy.improve_stations`).

    Parameters
    ----------
    data
        Model inputs.
    incumbent
        Station-part objective of the best known plan (guides the step length).
    start
        That plan's opened sites (the first multipliers), or None.
    time_limit_s, max_iterations
        Limits of the subgradient loop.  By default only the iteration count limits it, so that the
        bound (and whether HiGHS must still run) does not depend on the machine's speed.
    target_gap
        Stop once ``(bound - incumbent) / incumbent`` is at most this.
    """
    begin = time.perf_counter()
    cover = canonical_csr(data.fast_time_min)
    w = float(data.weight_fast) * np.maximum(np.asarray(data.demand_fast_ev, dtype=np.float64), 0.0)
    keep = (w > 0) & (np.diff(cover.indptr) > 0)
    # zones x sites incidence of the kept zones; its transpose (sites x zones) prices the sites
    incidence = sp.csr_matrix(
        (np.repeat(keep, np.diff(cover.indptr)).astype(np.float64), cover.indices, cover.indptr),
        shape=cover.shape,
    )
    incidence.eliminate_zeros()
    pricing = incidence.T.tocsr()
    n_sites = data.n_candidates
    ties = tie_break_coefficients(data)

    def value_of(lam: FloatArray) -> tuple[float, BoolArray]:
        site_weight = ties + pricing @ lam
        x = best_stations_with_counties(data, site_weight)
        return float(np.maximum(w - lam, 0.0).sum()) + float(site_weight[x].sum()), x

    if start is not None:
        reached = incidence @ np.asarray(start, dtype=np.float64)
        lam = np.where(reached > 0.5, 0.0, w)
    else:
        lam = w / np.maximum(np.diff(cover.indptr), 1)  # a share of each zone's demand per candidate
    lam[~keep] = 0.0
    best = np.inf
    theta, stall = FIRST_STEP, 0
    direction: FloatArray | None = None
    recent: list[BoolArray] = []
    for _ in range(max_iterations):
        value, x = value_of(lam)
        recent = [*recent[-(SUPPORT_ITERATIONS - 1) :], x]
        if value < best - 1e-9 * abs(best if np.isfinite(best) else 1.0):
            best, stall = value, 0
        else:
            stall += 1
            if stall >= STALL_STEPS:
                theta, stall = theta / 2.0, 0
        if incumbent > 0 and (best - incumbent) / incumbent <= target_gap:
            break
        if (time_limit_s is not None and time.perf_counter() - begin > time_limit_s) or theta < 1e-4:
            break
        grad = incidence @ x.astype(np.float64) - ((w - lam) > 0)  # dL/dlambda_i
        grad[~keep] = 0.0
        if not grad.any():
            break  # the relaxed plan is feasible and complementary: the bound is optimal
        direction = grad if direction is None else grad + DEFLECTION * direction
        norm = float(direction @ direction)
        if norm <= 0.0:  # the old direction cancelled the new one: restart from the subgradient
            direction, norm = grad, float(grad @ grad)
        step = theta * max(value - incumbent, 1e-9 * max(abs(value), 1.0)) / norm
        lam = np.clip(lam - step * direction, 0.0, w)
    support = np.sum(recent, axis=0) if recent else np.zeros(n_sites)
    return float(best), np.asarray(support, dtype=np.int64)


def pile_bound(
    data: ModelData,
    *,
    incumbent: float = 0.0,
    target_gap: float = 0.0,
    time_limit_s: float = PILE_LP_TIME_LIMIT_S,
) -> float:
    """Return an upper bound on the pile part's optimum (slow EVs served, times ``w_s``).

    The simple bound (reachable slow demand, ``e P`` and the per-site caps); when it is more than
    ``target_gap`` above ``incumbent``, the LP relaxation of the pile part (``n`` continuous) if
    lower.
    """
    simple = simple_slow_ev(data)
    if incumbent > 0 and (float(data.weight_slow) * simple - incumbent) <= target_gap * incumbent:
        return float(data.weight_slow) * simple
    lp = _pile_lp_value(data, time_limit_s)
    return float(data.weight_slow) * (simple if lp is None else min(simple, lp))


def simple_slow_ev(data: ModelData) -> float:
    """Most slow EVs any plan serves: reachable slow demand, ``e P`` and the per-site caps (no solve)."""
    slow = np.asarray(data.demand_slow_ev, dtype=np.float64)
    zone, site = slow_pairs(data)
    e = float(data.evs_per_pile)
    capacity = np.maximum(np.asarray(data.pile_capacity, dtype=np.float64), 0.0)
    per_site = np.bincount(site, weights=slow[zone], minlength=data.n_pile_sites)
    return min(
        float(slow[np.unique(zone)].sum()),
        e * int(data.n_piles),
        float(np.minimum(per_site, e * capacity).sum()),
    )


def simple_pile_bound(data: ModelData, planning: Planning) -> float:
    """A bound on the planning model's pile part that needs no solve: each stage's :func:`simple_slow_ev`."""
    total = 0.0
    for stage in planning.stages:
        pile_part = split_parts(stage_data(data, stage))[1]
        total += float(stage.weight) * float(pile_part.weight_slow) * simple_slow_ev(pile_part)
    return total


def _pile_lp_value(data: ModelData, time_limit_s: float) -> float | None:
    """Optimal value of the pile part's LP relaxation, ``None`` if HiGHS does not finish."""
    pile_only = dataclasses.replace(
        data,
        demand_fast_ev=np.zeros(data.n_demand),
        n_stations=0,
        terminal_quota=0,
        county_min_stations=np.zeros_like(np.asarray(data.county_min_stations, dtype=np.int64)),
        site_bonus=np.zeros(data.n_candidates),
        station_locked=np.zeros(data.n_candidates, dtype=bool),
        weight_slow=1.0,
    )
    model = build_arrays(pile_only)
    model.integer[:] = False
    run = run_highs(model, options={"threads": 1}, time_limit_s=time_limit_s, mip_rel_gap=0.0, name="pile LP")
    if run.status != "optimal":
        return None
    return run.bound * (1.0 + 1e-9) + 1e-6


def trivial_bound(data: ModelData) -> float:
    """Return a bound on the whole base model that needs no solve (``"trivial"``).

    It is valid for every plan: fast coverage is at most the coverable
    demand and at most the ``p`` largest single-site coverages; slow service is at most the
    reachable slow demand, ``e * P``, and the sum over sites of ``min(e * u_k, demand in walking
    distance)``; the tie-break at most its ``p`` largest coefficients.  Early in the search it can
    beat HiGHS's bound.
    """
    p = max(int(data.n_stations), 0)
    demand = np.asarray(data.demand_fast_ev, dtype=np.float64)
    cover = canonical_csr(data.fast_time_min)
    rows = np.repeat(np.arange(cover.shape[0]), np.diff(cover.indptr))
    single = np.bincount(cover.indices, weights=demand[rows], minlength=cover.shape[1])
    fast = min(float(demand[fast_demand_zones(data)].sum()), float(np.sort(single)[::-1][:p].sum()))
    slow_demand = np.asarray(data.demand_slow_ev, dtype=np.float64)
    zone, site = slow_pairs(data)
    e = float(data.evs_per_pile)
    per_site = np.bincount(site, weights=slow_demand[zone], minlength=data.n_pile_sites)
    capacity = e * np.maximum(np.asarray(data.pile_capacity, dtype=np.float64), 0.0)
    slow = min(
        float(slow_demand[np.unique(zone)].sum()),
        e * int(data.n_piles),
        float(np.minimum(per_site, capacity).sum()),
    )
    ties = np.sort(tie_break_coefficients(data))[::-1][:p]
    return float(data.weight_fast) * fast + float(data.weight_slow) * slow + float(ties.sum())


def stage_pile_bound(
    data: ModelData,
    planning: Planning,
    start: FloatArray | None,
    model: ExtendedModel,
    target_gap: float,
    time_limit_s: float,
) -> float:
    """Upper bound on the pile part: the sum over stages of the base pile bound of each stage.

    Each stage's pile part is the base model's pile part plus rows (caps, rural minimum, nesting), so
    :func:`siting.solve.bound.pile_bound` of the stage, times the stage weight, bounds it; so does the sum.
    Returns ``inf`` without a start (there is nothing to prove).  The stages share ``time_limit_s``.
    """
    if start is None:
        return math.inf
    deadline = time.perf_counter() + time_limit_s
    total = 0.0
    for s, stage in enumerate(planning.stages):
        pile_part = split_parts(stage_data(data, stage))[1]
        weight = float(stage.weight)
        own = stage_slice_objective(model, start, s) / max(weight, 1e-12)
        left = max(deadline - time.perf_counter(), MIN_STEP_S)
        total += weight * pile_bound(pile_part, incumbent=own, target_gap=target_gap, time_limit_s=left)
    return total


def simple_station_bound(data: ModelData, planning: Planning) -> float:
    r"""A bound on the station part that needs no solve: everything reachable is covered.

    .. math::

        \sum_s \theta_s \Big( w_f \phi_s \sum_{i : N_i \ne \emptyset} a_i + \varepsilon w_f \phi_s \sum_i a_i
            + \omega \phi_s \sum_{q \text{ coverable}} F_q - \beta c^- p_s \Big)

    (the tie-break is worth at most :math:`\varepsilon` of the fast demand, every open station has at
    least :math:`c^-` chargers).  Used when neither HiGHS nor the stage LPs finish in time.
    """
    cover = canonical_csr(data.fast_time_min)
    reach = np.diff(cover.indptr) > 0
    demand = np.maximum(np.asarray(data.demand_fast_ev, dtype=np.float64), 0.0)
    total = 0.0
    for stage in planning.stages:
        phi, weight = float(stage.demand_factor), float(stage.weight)
        value = (
            float(data.weight_fast)
            * phi
            * (float(demand[reach].sum()) + float(data.tie_break) * demand.sum())
        )
        if planning.corridors is not None:
            corr = planning.corridors
            value += float(corr.weight) * phi * float(corr.flow[np.asarray(corr.coverable, dtype=bool)].sum())
        value -= float(planning.queue.charger_weight) * planning.queue.min_chargers * stage.n_stations
        total += weight * value
    return total


@dataclasses.dataclass
class StageRelaxation:
    """What :func:`relaxed_stage_bound` returns: the bound and each stage's LP station values."""

    value: float
    stations: list[FloatArray]  # x of each stage's LP optimum (empty when a stage did not finish)
    nonzeros: int = 0  # of the stages' relaxation models together (to scale the LPs' time to other models)


def relaxed_stage_bound(
    data: ModelData,
    planning: Planning,
    options: Mapping[str, Any],
    time_limit_s: float,
    say: Progress,
) -> StageRelaxation:
    r"""Upper bound on the station part: the sum over stages of each stage's *capacity relaxation* LP.

    Each stage on its own (:math:`x^s \le x^{s+1}` dropped), with the charger ladders, sessions, queue
    capacity and grid rows replaced by what they imply for the stations alone
    (:func:`~siting.model.extended.add_capacity_relaxation`: :math:`c^-` chargers and the cheapest
    connection per open station, no opening beyond grid reach), and integrality dropped.  Each change
    only enlarges the feasible set or raises the objective, so :math:`\sum_s \mathrm{LP}_s` bounds the
    station part from above.  The model is the size of the base model (no session shares): on the city
    planning instance the two LPs take 5 s together, against minutes for the stage LPs with capacity, and
    the bound was 0.25 % above the best plan found (``docs/performance.md``).  ``value`` is ``inf`` when an
    LP does not finish within ``time_limit_s``.
    """
    deadline = time.perf_counter() + time_limit_s
    total = 0.0
    stations: list[FloatArray] = []
    nonzeros = 0
    for stage in planning.stages:
        single = dataclasses.replace(planning, stages=[stage])
        model = build_extended(dataclasses.replace(data, planning=single), "stations", capacity=False)
        nonzeros += int(model.matrix.nnz)
        relaxed = dataclasses.replace(model, integer=np.zeros_like(model.integer))
        left = deadline - time.perf_counter()
        if left <= 0:
            return StageRelaxation(math.inf, [])
        run = run_highs(
            relaxed,
            options={**options, "solver": "simplex"},
            time_limit_s=left,
            mip_rel_gap=0.0,
            name=f"LP {stage.name}",
        )
        if run.status != "optimal" or not math.isfinite(run.bound) or run.values is None:
            return StageRelaxation(math.inf, [])
        # HiGHS's optimum is within its tolerances: a hair above it is still a bound
        total += run.bound + 1e-9 * abs(run.bound) + 1e-6
        stations.append(np.asarray(run.values, dtype=np.float64)[model.stages[0].x()])
        say(f"stage {stage.name}: capacity relaxation LP bound {run.bound:,.2f}")
    return StageRelaxation(total, stations, nonzeros)


def stage_lp_bound(
    data: ModelData,
    planning: Planning,
    options: Mapping[str, Any],
    time_limit_s: float,
    say: Progress,
    *,
    advance: Callable[[float], None] | None = None,
) -> float:
    r"""Upper bound on the station part: the sum over stages of each stage's LP relaxation on its own.

    Dropping the nesting rows and integrality only enlarges the feasible set, so
    :math:`\sum_s \mathrm{LP}_s` bounds the station part from above.  The stage LPs are solved one at a
    time (on the demo: 5 s + 8 s, against 26 s for the joint LP; the nesting rows moved the joint LP by
    0.01 %).  Returns ``inf`` when an LP does not finish within the time left.
    """
    deadline = time.perf_counter() + time_limit_s
    total = 0.0
    for stage in planning.stages:
        if deadline - time.perf_counter() <= 0:
            return math.inf
        single = dataclasses.replace(planning, stages=[stage])
        model = build_extended(dataclasses.replace(data, planning=single), "stations")
        relaxed = dataclasses.replace(model, integer=np.zeros_like(model.integer))
        left = deadline - time.perf_counter()
        if left <= 0:
            return math.inf
        run = run_highs(
            relaxed,
            options={**options, "solver": "simplex"},
            time_limit_s=left,
            mip_rel_gap=0.0,
            name=f"LP {stage.name}",
        )
        if run.status != "optimal" or not math.isfinite(run.bound):
            return math.inf
        total += run.bound
        say(f"stage {stage.name}: LP bound {run.bound:,.2f}")
        if advance is not None:
            advance(1)
    return total
