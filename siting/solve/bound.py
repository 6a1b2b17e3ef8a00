r"""Upper bounds of our own: a Lagrangian bound on the station part, an LP bound on the pile part.

The model splits into a **station part** (``x``, ``y``, ``z``: coverage, terminals, county station
minimums, locked sites) and a **pile part** (``n``, ``f``) that share no row, so the optimum is the
sum of the two parts' optima and a bound on each part bounds the whole.

Station part: relaxing the coverage rows :math:`y_i \le \sum_{j \in N_i} x_j`, the terminal rows and
the terminal quota with multipliers gives a Lagrangian function :math:`L` whose inner maximum (plans of
exactly ``p`` stations that keep the locked sites and the county minimums) is exact by a greedy (locked
sites, then the best sites of each county up to its minimum, then the best sites anywhere), so every
value is an upper bound; its minimum is the LP relaxation's value.  :func:`lagrangian_station_bound`
minimises a smoothed form of it with L-BFGS-B and returns the smallest exact value it met: the LP
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
from scipy.optimize import Bounds, minimize

from siting._sparse import canonical_csr
from siting._typing import BoolArray, FloatArray, Progress
from siting.model.arrays import build_arrays
from siting.model.data import ModelData, Planning
from siting.model.extended import ExtendedModel, build_extended, stage_slice_objective
from siting.model.objective import tie_break_coefficients
from siting.model.parts import split_parts, stage_data
from siting.model.sparse import fast_demand_zones, reachable_terminals, slow_pairs
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


#: Smoothing steps of :func:`lagrangian_station_bound`, as fractions of the incumbent's value per station:
#: each is minimised by L-BFGS-B from the last one's end.  On the 100,000-zone instance the three steps end
#: 0.072 %, 0.005 % and 0.0004 % above the LP relaxation's value (``docs/performance.md``).
SMOOTHING = (2e-3, 2e-4, 2e-5)
#: Evaluations of :math:`L` per smoothing step at most (a count, so that the bound does not depend on the
#: machine's speed).
SMOOTHING_EVALUATIONS = 300


class _StopSearchError(Exception):
    """Raised inside the objective to leave L-BFGS-B once the target or the time is reached."""


def lagrangian_station_bound(
    data: ModelData,
    incumbent: float,
    *,
    start: BoolArray | None = None,
    time_limit_s: float | None = None,
    max_iterations: int = SMOOTHING_EVALUATIONS * len(SMOOTHING),
    target_gap: float = 0.0,
) -> tuple[float, FloatArray]:
    r"""Return a Lagrangian upper bound on the station part's optimum and the sites it points to.

    Relaxing the coverage rows :math:`y_i \le \sum_{j \in N_i} x_j` (multipliers
    :math:`\lambda_i \in [0, w_f a_i]`), the terminal rows :math:`z_t \le \sum_{j \in M_t} x_j`
    (:math:`\pi_t \ge 0`) and the quota :math:`\sum_t z_t \ge q` (:math:`\rho \ge 0`) leaves

    .. math::

        L(\lambda, \pi, \rho) = \sum_i (w_f a_i - \lambda_i) + \sum_{t \in T^r} (\rho - \pi_t)^+ - \rho q
            + \max_{x \in X} \sum_j c_j x_j, \qquad
        c_j = b_j + \sum_{i : j \in N_i} \lambda_i + \sum_{t : j \in M_t} \pi_t,

    with :math:`X` the plans of exactly ``p`` stations that keep the locked sites :math:`J^L` and the
    county minimums :math:`L_c`.  The inner maximum is exact by a greedy
    (:func:`best_stations_with_counties`), so every :math:`L` is an upper bound; its minimum is the LP
    relaxation's value.  By LP duality the inner maximum is

    .. math::

        \min_{\mu,\ \nu \ge 0}\ \sum_{j \in J^L} c_j + p' \mu - \sum_c L'_c \nu_c
            + \sum_{j \notin J^L} (c_j - \mu + \nu_{c(j)})^+

    (:math:`p'` stations and county minimums :math:`L'_c` left after the locked sites), so
    :math:`L` is minimised over :math:`(\lambda, \pi, \rho, \mu, \nu)` jointly after replacing each
    :math:`(u)^+` by its smooth upper approximation :math:`\tau \log(1 + e^{u/\tau})` (Nesterov
    smoothing): a smooth problem with simple bounds, minimised by L-BFGS-B (SciPy) for each
    :math:`\tau` of :data:`SMOOTHING` (times the incumbent per station) in turn, from the start plan's
    complementary multipliers (:math:`\lambda_i = w_f a_i` where the plan leaves zone ``i`` uncovered,
    0 where it covers it).  At every evaluation the exact :math:`L` of the current multipliers is
    computed (the same matrix products and a greedy) and the smallest is returned: the smoothing only
    guides the search, it is never part of the bound.  On the 100,000-zone instance this reaches the LP
    value within 0.0004 % in about 630 evaluations (26 s), where deflected subgradient steps stayed
    0.25 % above it after 1,000 (``docs/performance.md``).

    The second value is each site's share :math:`\partial / \partial c_j` of the smoothed inner maximum
    where the search ended (1 for a locked site): as the smoothing shrinks it tends to an LP-optimal
    :math:`x`, so the sites a near-optimal plan is likely to use have the largest shares (the
    neighbourhood of :meth:`siting.solve.base.BaseStrategy.improve_stations`; 639 sites above 0.01 on
    the 100,000-zone instance, 16-21 of 30 on the random instances of the tests).

    Parameters
    ----------
    data
        Model inputs.
    incumbent
        Station-part objective of the best known plan (scales the smoothing, and the target).
    start
        That plan's opened sites (the first multipliers), or None (an even share of each zone's demand
        per candidate).
    time_limit_s, max_iterations
        Limits: seconds, and evaluations of :math:`L` in all (a count; by default only it limits the
        search, so that the bound does not depend on the machine's speed).
    target_gap
        Stop once ``(bound - incumbent) / incumbent`` is at most this.
    """
    begin = time.perf_counter()
    dual = _StationDual(data)
    per_station = abs(incumbent) / max(int(data.n_stations), 1) if incumbent > 0 else dual.mean_weight()
    v = dual.first_point(start)
    best = dual.exact(v)
    shares = np.zeros(data.n_candidates)
    evaluations = 0

    def smoothed(v: FloatArray, tau: float) -> tuple[float, FloatArray]:
        nonlocal best, evaluations
        value, grad, bound, share = dual.smoothed(v, tau)
        best, evaluations, shares[:] = min(best, bound), evaluations + 1, share
        # the limits are checked once the shares are known: the search always leaves some
        if (incumbent > 0 and (best - incumbent) / incumbent <= target_gap) or evaluations >= max_iterations:
            raise _StopSearchError
        if time_limit_s is not None and time.perf_counter() - begin > time_limit_s:
            raise _StopSearchError
        return value, grad

    try:
        for fraction in SMOOTHING:
            result = minimize(
                smoothed,
                v,
                args=(max(fraction * per_station, 1e-12),),
                jac=True,
                method="L-BFGS-B",
                bounds=dual.bounds(),
                options={"maxiter": max_iterations, "maxfun": SMOOTHING_EVALUATIONS},
            )
            v = result.x
    except _StopSearchError:
        pass
    return float(best), shares


class _StationDual:
    """The arrays of :func:`lagrangian_station_bound`: its variables are ``(lambda, pi, rho, mu, nu)``."""

    def __init__(self, data: ModelData) -> None:
        self.data = data
        kept = fast_demand_zones(data)  # DEMAND: the zones with a y_i
        zones = _pattern(data.fast_time_min)[kept]  # DEMAND x sites
        self.w = float(data.weight_fast) * np.asarray(data.demand_fast_ev, dtype=np.float64)[kept]
        terminals = _pattern(data.terminal_dist_m)[reachable_terminals(data)]  # T^r x sites
        self.q = float(data.terminal_quota)
        if self.q <= 0:
            terminals = terminals[:0]
        self.zones = zones
        self.pricing = sp.vstack([zones, terminals]).T.tocsr()  # sites x (zones, terminals)
        self.n_z, self.n_t = zones.shape[0], terminals.shape[0]
        self.n_m = self.n_z + self.n_t + (1 if self.n_t else 0)  # lambda, pi, rho
        self.ties = tie_break_coefficients(data)
        self.locked = np.asarray(data.station_locked, dtype=bool)
        self.free = ~self.locked
        county = np.asarray(data.station_county, dtype=np.int64)
        mins = np.asarray(data.county_min_stations, dtype=np.int64).ravel()
        left = np.array(
            [max(int(mins[c]) - int(self.locked[county == c].sum()), 0) for c in range(mins.size)],
            dtype=np.float64,
        )
        self.needs = np.flatnonzero(left > 0)  # counties whose minimum the free sites must still meet
        self.left = left[self.needs]
        slot = np.full(mins.size, -1, dtype=np.int64)
        slot[self.needs] = np.arange(self.needs.size)
        free_county = county[self.free]  # -1: outside every county
        inside = (free_county >= 0) & (free_county < mins.size)
        self.free_slot = np.full(free_county.size, -1, dtype=np.int64)
        self.free_slot[inside] = slot[free_county[inside]]
        self.in_needy = self.free_slot >= 0
        self.p_free = int(data.n_stations) - int(self.locked.sum())

    def mean_weight(self) -> float:
        return float(self.w.mean()) if self.w.size else 1.0

    def first_point(self, start: BoolArray | None) -> FloatArray:
        """The start's complementary multipliers (or an even share), ``mu`` at the p'-th site weight."""
        w = self.w
        if start is not None:
            lam = np.where(self.zones @ np.asarray(start, dtype=np.float64) > 0.5, 0.0, w)
        else:
            lam = w / np.maximum(np.diff(self.zones.indptr), 1)  # a share of each zone's demand per candidate
        multipliers = np.concatenate([lam, np.zeros(self.n_m - self.n_z)])
        c = self.ties + self.pricing @ multipliers[: self.n_z + self.n_t]
        free_c = c[self.free]
        mu = float(np.sort(free_c)[-self.p_free]) if 0 < self.p_free <= free_c.size else 0.0
        return np.concatenate([multipliers, [mu], np.zeros(self.needs.size)])

    def bounds(self) -> Bounds:
        """``lambda`` in ``[0, w]``, ``pi, rho, nu >= 0``, ``mu`` free."""
        lower, upper = (
            np.zeros(self.n_m + 1 + self.needs.size),
            np.full(self.n_m + 1 + self.needs.size, np.inf),
        )
        upper[: self.n_z] = self.w
        lower[self.n_m] = -np.inf
        return Bounds(lower, upper)

    def exact(self, v: FloatArray, c: FloatArray | None = None) -> float:
        """:math:`L` of the multipliers in ``v`` (``c``: their site weights, when known)."""
        n_z, n_t = self.n_z, self.n_t
        if c is None:
            c = self.ties + self.pricing @ v[: n_z + n_t]
        x = best_stations_with_counties(self.data, c)
        value = float(np.maximum(self.w - v[:n_z], 0.0).sum()) + float(c[x].sum())
        if n_t:
            rho = float(v[n_z + n_t])
            value += float(np.maximum(rho - v[n_z : n_z + n_t], 0.0).sum()) - rho * self.q
        return value

    def smoothed(self, v: FloatArray, tau: float) -> tuple[float, FloatArray, float, FloatArray]:
        """The smoothed function and its gradient at ``v``, the exact :math:`L` there, the sites' shares."""
        n_z, n_t, n_m, free = self.n_z, self.n_t, self.n_m, self.free
        mu, nu = v[n_m], v[n_m + 1 :]
        c = self.ties + self.pricing @ v[: n_z + n_t]
        bound = self.exact(v, c)
        shift = np.where(self.in_needy, nu[np.maximum(self.free_slot, 0)], 0.0) if nu.size else 0.0
        u = (c[free] - mu + shift) / tau
        value = float((self.w - v[:n_z]).sum()) + float(c[self.locked].sum()) + self.p_free * mu
        value += float(tau * np.logaddexp(0.0, u).sum()) - float(self.left @ nu)
        share = np.zeros(c.size)
        share[free] = 0.5 * (1.0 + np.tanh(u / 2.0))  # d softplus / du: the smoothed x
        share[self.locked] = 1.0
        grad_sites = self.pricing.T @ share  # d/d(lambda, pi) of the sites' term
        grad = np.empty_like(v)
        grad[:n_z] = grad_sites[:n_z] - 1.0
        if n_t:
            rho = float(v[n_z + n_t])
            t_u = (rho - v[n_z : n_z + n_t]) / tau
            value += float(tau * np.logaddexp(0.0, t_u).sum()) - rho * self.q
            t_share = 0.5 * (1.0 + np.tanh(t_u / 2.0))
            grad[n_z : n_z + n_t] = grad_sites[n_z:] - t_share
            grad[n_z + n_t] = float(t_share.sum()) - self.q
        grad[n_m] = self.p_free - float(share[free].sum())
        if nu.size:
            needy = share[free][self.in_needy]
            grad[n_m + 1 :] = np.bincount(self.free_slot[self.in_needy], weights=needy, minlength=nu.size)
            grad[n_m + 1 :] -= self.left
        return value, grad, bound, share


def _pattern(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """The pattern of a sparse matrix as ones (explicit zeros kept)."""
    canonical = canonical_csr(matrix)
    ones = np.ones(canonical.nnz)
    return sp.csr_matrix((ones, canonical.indices, canonical.indptr), shape=canonical.shape)


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
    stage_values: list[float] = dataclasses.field(default_factory=list)  # each finished stage's bound


def relaxed_stage_bound(
    data: ModelData,
    planning: Planning,
    options: Mapping[str, Any],
    time_limit_s: float,
    say: Progress,
    *,
    sessions: bool = False,
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

    ``sessions=True``: the *local* capacity relaxation (session shares and each station's queue capacity
    at its ladder's top kept; :func:`~siting.model.extended.add_capacity_relaxation`), for where queues
    bind in places.  On the demo with 60 stations: 97,082 + 286,526 in 8 + 7 s, against 97,222 + 288,105
    for the capacity relaxation and 97,028 + 286,360 in 36 + 40 s for the full stage LPs.
    ``stage_values`` holds each finished stage's bound, also when a later stage did not finish (the stages
    are independent: any relaxation's bound of each stage, summed, bounds the part).
    """
    deadline = time.perf_counter() + time_limit_s
    label = "local capacity relaxation" if sessions else "capacity relaxation"
    stations: list[FloatArray] = []
    values: list[float] = []
    nonzeros = 0
    for stage in planning.stages:
        if deadline - time.perf_counter() <= 0:  # building the model does not look at the limit
            return StageRelaxation(math.inf, [], stage_values=values)
        single = dataclasses.replace(planning, stages=[stage])
        model = build_extended(
            dataclasses.replace(data, planning=single), "stations", capacity=False, sessions=sessions
        )
        nonzeros += int(model.matrix.nnz)
        relaxed = dataclasses.replace(model, integer=np.zeros_like(model.integer))
        left = deadline - time.perf_counter()
        if left <= 0:
            return StageRelaxation(math.inf, [], stage_values=values)
        run = run_highs(
            relaxed,
            options={**options, "solver": "simplex"},
            time_limit_s=left,
            mip_rel_gap=0.0,
            name=f"LP {stage.name}",
        )
        if run.status != "optimal" or not math.isfinite(run.bound) or run.values is None:
            return StageRelaxation(math.inf, [], stage_values=values)
        values.append(run.padded_bound())
        stations.append(np.asarray(run.values, dtype=np.float64)[model.stages[0].x()])
        say(f"stage {stage.name}: {label} LP bound {run.bound:,.2f}")
    return StageRelaxation(sum(values), stations, nonzeros, values)


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
