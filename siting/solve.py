"""Solve the siting model: feasibility pre-checks, greedy start, HiGHS through Pyomo, and a report.

:func:`solve_model` runs the steps in order and times each:

1. :func:`check_feasibility` raises one :class:`~siting._errors.InfeasibleError` listing every
requirement
   that can never be met, with the amount it misses by;
2. :func:`~siting.greedy.greedy_solution` builds a feasible plan (the MIP start and the fallback);
3. :func:`~siting.model.build.build_model` builds the Pyomo model, which is loaded into HiGHS; 4.
HiGHS (Pyomo's ``appsi_highs`` interface, the one with a documented MIP start) solves it with a time
   limit, a relative gap, a fixed random seed and one thread, so the same inputs give the same plan;
5. the plan is read back (rounded robustly) and re-evaluated with :func:`~siting.greedy.evaluate`,
so the
   objective, coverage and flows are computed from the arrays, never copied from the solver.

Solver options (all in :attr:`SolveReport.options`): ``time_limit`` (s, HiGHS only; checks, greedy
and building come on top), ``mip_rel_gap`` (stop when the relative gap is below it),
``random_seed``, ``threads = 1`` and ``warm_start``.

The gap is ``(best_bound - objective) / |objective|`` of the returned plan; ``best_bound`` is the
smaller of HiGHS's dual bound and a simple bound computed from the data (``bound_source`` says
which; the simple one matters when HiGHS stops before its root LP is solved).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyomo.environ as pyo
import scipy.sparse as sp
from pyomo.contrib.appsi.base import TerminationCondition
from pyomo.contrib.appsi.solvers import Highs
from pyomo.version import version as pyomo_version

from siting._errors import InfeasibleError, SolverError
from siting.bound import pile_bound, station_bound
from siting.greedy import (
    county_values,
    evaluate,
    greedy_solution,
    improve_stations,
    plan_violations,
    station_requirement_shortfall,
)
from siting.model.arrays import build_arrays, highs_from_arrays, new_highs, start_vector
from siting.model.build import (
    ExtraConstraints,
    build_model,
    plan_arrays_from_model,
    set_start_values,
)
from siting.model.data import ModelData, Solution
from siting.model.objectives import tie_break_coefficients
from siting.model.variables import canonical_csr, fast_demand_zones, slow_pairs
from siting.reduce import Reduction, reduce_model_data

__all__ = [
    "SolveReport",
    "check_feasibility",
    "evaluate",
    "greedy_solution",
    "solve_model",
]

Progress = Callable[[str], None]

#: Relative gap at or below which a plan is reported as ``optimal`` rather than ``gap_limit``.
OPTIMAL_GAP = 1e-6
#: Time limit (s) of each extra solve used to explain an infeasible model.
DIAGNOSIS_TIME_LIMIT_S = 30.0
_WARM_START_ACCEPTED = "MIP start solution is feasible"
#: HiGHS log lines passed on to the progress callback (the full log is ``SolveReport.highs_log``).
_KEY_LOG_LINES = ("MIP start", "Status ", "Primal bound", "Dual bound", "Gap ", "Timing ", "Nodes ")


@dataclass
class SolveReport:
    """What happened in :func:`solve_model`, with the figures needed to trust the plan.

    Attributes
    ----------
    status
        ``"optimal"`` (gap at most :data:`OPTIMAL_GAP`), ``"gap_limit"`` (stopped at
        ``mip_rel_gap``), ``"time_limit"`` (stopped at the time limit with a plan),
        ``"heuristic_only"`` (HiGHS produced no plan; the greedy plan is returned) or ``"stopped"``
        (any other HiGHS stop with a plan).
    termination
        HiGHS's own status line (for example ``"Time limit reached"``).
    objective
        Objective of the returned plan, recomputed from its arrays.
    best_bound
        Upper bound on the optimal objective.
    gap
        ``(best_bound - objective) / |objective|`` (a fraction; 0.01 = 1 %).
    bound_source
        Where the bound comes from: ``"highs"`` (HiGHS's dual bound), ``"lagrangian"`` (our
        Lagrangian bound on the station part, :func:`siting.bound.station_bound`),
        ``"pile_bound"`` (our pile-part bound, :func:`siting.bound.pile_bound`), ``"trivial"``
        (a simple bound from the data, see ``docs/model.md``), or per part (``"piles:
        pile_bound, stations: highs"``) when the parts differ.
    greedy_objective
        Objective of the greedy plan, ``None`` when the greedy found none.
    plan_source
        Where the returned plan comes from: ``"highs"``, ``"greedy"``, ``"local_search"`` (the greedy
        improved by swaps) or, in the planning model, ``"start"`` (the LP-completed start, when our own
        bounds already prove the gap and HiGHS is not run).
    warm_start_accepted
        Whether HiGHS's log confirms the greedy start as a feasible incumbent (``None``: no start
        given).
    time_check_s, time_greedy_s, time_build_s, time_load_s, time_solve_s, time_total_s
        Wall-clock seconds of the pre-checks, greedy, Pyomo build, loading into HiGHS, HiGHS run and
        all.
    n_variables, n_constraints, n_nonzeros
        Size of the model handed to HiGHS (before HiGHS's presolve).
    solver
        ``"highs x.y.z via pyomo a.b.c"``.
    options
        Solver options used.
    warnings
        Things the user should know (time limit reached, start rejected, ...).
    highs_log
        HiGHS's full log of the main solve (left out of :meth:`to_dict`).
    reductions
        What each exact reduction removed (:func:`siting.reduce.reduce_model_data`).
    time_reduce_s, time_local_search_s, time_bound_s
        Seconds spent on the reductions, the swap local search and our own bounds.
    start_objective
        Objective of the start plan (greedy improved by swaps) handed to HiGHS.
    own_bound
        Our own bound (Lagrangian on the stations + LP on the piles), whether or not it was used.
    parts
        Per part (``"stations"``, ``"piles"``): HiGHS status, objective, bound and its source.
    """

    status: str
    termination: str
    objective: float
    best_bound: float
    gap: float
    bound_source: str
    greedy_objective: float | None
    time_check_s: float
    time_greedy_s: float
    time_build_s: float
    time_solve_s: float
    time_total_s: float
    n_variables: int
    n_constraints: int
    n_nonzeros: int
    solver: str
    options: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    plan_source: str = "highs"
    warm_start_accepted: bool | None = None
    time_load_s: float = 0.0
    highs_log: list[str] = field(default_factory=list, repr=False)
    reductions: dict[str, int] = field(default_factory=dict)
    time_reduce_s: float = 0.0
    time_local_search_s: float = 0.0
    time_bound_s: float = 0.0
    start_objective: float | None = None
    own_bound: float | None = None
    parts: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-able values, without the HiGHS log (non-finite: ``None``)."""
        out = asdict(self)
        out.pop("highs_log", None)
        for key, value in out.items():
            if isinstance(value, float) and not math.isfinite(value):
                out[key] = None
        return out

    def __str__(self) -> str:
        """Return a short human summary, one fact per line."""
        greedy = "none" if self.greedy_objective is None else f"{self.greedy_objective:,.1f}"
        lines = [
            f"status: {self.status} ({self.termination}); plan from {self.plan_source}",
            f"objective: {self.objective:,.1f}  bound: {self.best_bound:,.1f} ({self.bound_source})"
            f"  gap: {100 * self.gap:.3f} %",
            f"greedy objective: {greedy}",
            f"time: total {self.time_total_s:.1f} s = check {self.time_check_s:.1f} + greedy "
            f"{self.time_greedy_s:.1f} + build {self.time_build_s:.1f} + load "
            f"{self.time_load_s:.1f}"
            f" + solve {self.time_solve_s:.1f}",
            f"model: {self.n_variables:,} variables, {self.n_constraints:,} constraints, "
            f"{self.n_nonzeros:,} nonzeros",
            f"solver: {self.solver}",
        ]
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)


# ------------------------------------------------------------------------------------ pre-checks


def time_limit_warning(time_limit_s: float, gap: float) -> str:
    """The warning given when the time limit stops the solver before the gap target."""
    return (
        f"time limit of {time_limit_s:g} s reached: the plan is within {100 * gap:.2f} % of "
        "the best possible; raise time_limit_s for a smaller gap"
    )


def check_feasibility(data: ModelData) -> None:
    """Raise one :class:`InfeasibleError` listing every requirement that can never be met.

    Checks (each message names the amount missing): stations vs candidates; locked sites vs ``p``;
    terminal quota vs terminals with a candidate within the radius; each county's station minimum vs
    its candidates; the sum of county minimums vs ``p`` (also counting locked sites outside the
    counties that need them); total and per-county pile capacity; the sum of county pile minimums vs
    ``P``; and the terminal quota together with the county minimums and locked sites, first by a
    counting argument (terminals that only candidates outside the counties still below their minimum
    can cover need stations beyond those minimums), then exactly by a small MIP without coverage
    rows (:func:`~siting.greedy.station_requirement_shortfall`, skipped if it cannot finish in 30
    s).

    Together these are exact for the model as built by :func:`~siting.model.build.build_model`: when
    they pass, a plan exists and :func:`~siting.greedy.greedy_solution` finds one.  Constraints
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
    min_stations = _per_county(data.county_min_stations, data.n_counties)
    min_piles = _per_county(data.county_min_piles, data.n_counties)
    names = [_county_name(data, c) for c in range(data.n_counties)]

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
    per_county = np.bincount(county[county >= 0], minlength=data.n_counties)[: data.n_counties]
    for c in np.flatnonzero(min_stations > per_county).tolist():
        problems.append(
            f"county {names[c]} needs at least {min_stations[c]} stations but has only "
            f"{per_county[c]} candidate sites: short by {min_stations[c] - per_county[c]}."
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

    Exact: solves the small requirements MIP of :func:`~siting.greedy.required_stations` (no
    coverage rows) with the quota relaxed, then with the county minimums relaxed, to say by how much
    each falls short while the others are kept.  Returns ``''`` when they can all be met, when the
    quota is 0, or when HiGHS cannot prove the answer within 30 s.
    """
    q = int(data.terminal_quota)
    if q <= 0:
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
        parts = [f"{_county_name(data, c)}: {round(v)}" for c, v in enumerate(county[1]) if v > 1e-6]
        text += (
            f". Keeping the quota instead, the county station minimums fall short by "
            f"{round(county[0])} stations ({', '.join(parts)})"
        )
    return text + ". Lower terminal_share or county_min_share, or raise n_stations."


# ----------------------------------------------------------------------------------------- solve


def solve_model(
    data: ModelData,
    *,
    time_limit_s: float = 120.0,
    mip_rel_gap: float = 0.005,
    seed: int = 0,
    warm_start: bool = True,
    progress: Progress | None = None,
    extra_constraints: ExtraConstraints | None = None,
    highs_options: Mapping[str, Any] | None = None,
    write_model: Path | None = None,
    reduce: bool = True,
    local_search_swaps: int | None = None,
) -> tuple[Solution, SolveReport]:
    """Find the best plan within the limits: pre-checks, reductions, start, bounds, HiGHS.

    Steps (each timed in the report): :func:`check_feasibility`; the exact reductions of
    :func:`siting.reduce.reduce_model_data` (``SolveReport.reductions`` says what each removed);
    the greedy plan improved by swaps (:func:`siting.greedy.improve_stations`); our own bounds
    (:mod:`siting.bound`); then HiGHS solves the station part and the pile part of the reduced
    model, which share no row, as two MIPs built straight from the sparse matrices
    (:func:`siting.model.arrays.build_arrays`), each with the start as its MIP start and skipped
    when our bound already proves the gap.  The plan is mapped back to the original indices and
    re-evaluated with :func:`~siting.greedy.evaluate`.

    Parameters
    ----------
    data
        Model inputs.
    time_limit_s
        HiGHS time limit in seconds, shared by the two parts (checks, reductions, start and
        bounds come on top).
    mip_rel_gap
        Stop when the relative gap between plan and bound is below this fraction.
    seed
        HiGHS ``random_seed``; with one thread the same inputs and seed give the same plan (unless
        the time limit cuts the search at a different point).
    warm_start
        Hand the start plan to HiGHS as its MIP start.
    progress
        Called with one line of text per step and HiGHS's key log lines (prefixed ``"highs: "``).
    extra_constraints
        Hook passed to :func:`~siting.model.build.build_model`; with a hook the unreduced Pyomo
        model is solved through ``appsi_highs`` (the hook may link anything), and the greedy plan
        is used only when HiGHS confirms it feasible.
    highs_options
        Further HiGHS options; they override ``random_seed = seed``, ``threads = 1`` and
        ``mip_lp_solver = "ipm"``.
    write_model
        Write the model handed to HiGHS to this file (``.mps`` or ``.lp``; HiGHS picks the format
        from the suffix): the reduced model, both parts in one file, with Pyomo-style names.
    reduce
        Apply the exact reductions (``False``: HiGHS gets the model as built).
    local_search_swaps
        Most swaps of the local search on the greedy plan (default ``4 * n_stations``; 0: none).  A swap
        count, not a clock, so that the same inputs give the same plan.

    Returns
    -------
    solution, report
        The best plan found (original index space) and a :class:`SolveReport`.

    Raises
    ------
    InfeasibleError
        When the requirements cannot all be met.
    SolverError
        When HiGHS fails and no feasible plan is available.
    """
    if data.planning is not None:
        if extra_constraints is not None:
            raise SolverError("extra_constraints works with the base model only (data.planning is set)")
        from siting.solve_planning import solve_planning

        return solve_planning(
            data,
            time_limit_s=time_limit_s,
            mip_rel_gap=mip_rel_gap,
            seed=seed,
            warm_start=warm_start,
            progress=progress,
            highs_options=highs_options,
            write_model=write_model,
        )
    if extra_constraints is not None:
        return _solve_with_pyomo(
            data,
            time_limit_s=time_limit_s,
            mip_rel_gap=mip_rel_gap,
            seed=seed,
            warm_start=warm_start,
            progress=progress,
            extra_constraints=extra_constraints,
            highs_options=highs_options,
            write_model=write_model,
        )
    say: Progress = progress if progress is not None else _silent
    start = time.perf_counter()
    warnings: list[str] = []

    say("checking that the requirements can be met")
    check_feasibility(data)
    time_check = time.perf_counter() - start

    tick = time.perf_counter()
    if reduce:
        reduction = reduce_model_data(data)
    else:
        reduction = Reduction(data, data, np.arange(data.n_candidates), np.arange(data.n_pile_sites), [], {})
    work = reduction.data
    time_reduce = time.perf_counter() - tick
    if reduce:
        say(f"reductions in {time_reduce:.2f} s: {reduction.removed}")

    say("building the greedy plan")
    tick = time.perf_counter()
    greedy: Solution | None = None
    start_plan: Solution | None = None
    try:
        greedy_red = greedy_solution(work)
        greedy = reduction.expand(greedy_red)
        start_plan = greedy_red
    except SolverError as exc:
        warnings.append(f"no greedy plan ({exc}); HiGHS solves without a start")
    time_greedy = time.perf_counter() - tick
    if greedy is not None:
        say(f"greedy objective {greedy.objective:,.2f} in {time_greedy:.2f} s")
    tick = time.perf_counter()
    if start_plan is not None and local_search_swaps != 0:
        better = improve_stations(work, start_plan.open_station, max_swaps=local_search_swaps)
        start_plan = evaluate(work, better, start_plan.piles)
        say(f"local search objective {start_plan.objective:,.2f}")
    time_local = time.perf_counter() - tick
    if start_plan is not None and plan_violations(work, start_plan.open_station, start_plan.piles):
        warnings.append("start plan discarded, it breaks a requirement")  # a bug guard
        start_plan = None

    station_data, pile_data = split_parts(work)
    options: dict[str, Any] = {
        "time_limit": float(time_limit_s),
        "mip_rel_gap": float(mip_rel_gap),
        "warm_start": bool(warm_start and start_plan is not None),
        **_default_highs_options(seed),
        **dict(highs_options or {}),
    }
    tick = time.perf_counter()
    parts: dict[str, _Part] = {}
    for name, part_data in (("piles", pile_data), ("stations", station_data)):
        part_start = (
            None if start_plan is None else evaluate(part_data, start_plan.open_station, start_plan.piles)
        )
        parts[name] = _Part(name, part_data, part_start)
    incumbent = {k: (p.start.objective if p.start is not None else 0.0) for k, p in parts.items()}
    parts["stations"].own_bound = station_bound(
        station_data,
        incumbent["stations"],
        target_gap=mip_rel_gap,
    )
    parts["stations"].own_source = "lagrangian"
    parts["piles"].own_bound = pile_bound(
        pile_data, incumbent=incumbent["piles"], target_gap=mip_rel_gap, time_limit_s=min(30.0, time_limit_s)
    )
    parts["piles"].own_source = "pile_bound"
    time_bound = time.perf_counter() - tick
    say(
        "own bounds: stations "
        f"{parts['stations'].own_bound:,.2f} (lagrangian), piles {parts['piles'].own_bound:,.2f}"
    )

    whole = build_arrays(work)  # the model handed to HiGHS, as one (its parts are solved apart)
    n_vars, n_cons, n_nz = whole.n_cols, whole.n_rows, int(whole.matrix.nnz)
    if write_model is not None:
        highs_from_arrays(whole, names=True).writeModel(str(write_model))
        say(f"model written to {write_model}")
    log: list[str] = []
    accepted: bool | None = None
    time_build = time_load = time_solve = 0.0
    deadline = time.perf_counter() + float(time_limit_s)
    for part in parts.values():
        if part.start is not None and part.start.objective > 0:
            own_gap = (part.own_bound - part.start.objective) / abs(part.start.objective)
        else:
            own_gap = math.inf
        t0 = time.perf_counter()
        model = build_arrays(part.data)
        t1 = time.perf_counter()
        h = highs_from_arrays(model)
        t2 = time.perf_counter()
        time_build += t1 - t0
        time_load += t2 - t1
        if own_gap <= mip_rel_gap or model.n_cols == 0:
            part.status = "own_bound"
            say(f"{part.name}: our bound proves the gap ({100 * max(own_gap, 0):.3f} %); HiGHS not needed")
            continue
        remaining = max(deadline - time.perf_counter(), 0.01)
        part_log = _run_highs(h, model, part, {**options, "time_limit": remaining}, warm_start, say)
        time_solve += time.perf_counter() - t2
        log += [f"[{part.name}] {line}" for line in part_log]
        if warm_start and part.start is not None:
            ok = any(_WARM_START_ACCEPTED in line for line in part_log)
            accepted = ok if accepted is None else (accepted and ok)
    for part in parts.values():
        if part.rejected:
            warnings.append(f"HiGHS {part.name} plan discarded after rounding, it breaks: {part.rejected}")
    if options["warm_start"] and accepted is False:
        warnings.append("HiGHS did not accept the start plan as its MIP start")

    # combine the parts: stations from the station part, piles from the pile part
    stations_plan = parts["stations"].best_plan()
    piles_plan = parts["piles"].best_plan()
    if stations_plan is None or piles_plan is None:
        raise SolverError("HiGHS stopped without a plan and no greedy plan is available. Raise time_limit_s.")
    opened, piles = reduction.expand_arrays(stations_plan.open_station, piles_plan.piles)
    broken = plan_violations(data, opened, piles)
    if broken:
        raise SolverError(f"the plan breaks: {'; '.join(broken)} (a bug: please report it)")
    solution = evaluate(data, opened, piles)
    from_highs = [p.name for p in parts.values() if p.plan_source == "highs"]
    if from_highs:
        plan_source = "highs"
    elif (
        start_plan is not None
        and greedy is not None
        and start_plan.objective > greedy.objective + 1e-9 * abs(greedy.objective)
    ):
        plan_source = "local_search"
    else:
        plan_source = "greedy"

    part_bound = {k: p.bound() for k, p in parts.items()}
    bound = sum(b for b, _ in part_bound.values())
    sources = {k: src for k, (_, src) in part_bound.items()}
    simple, _ = _bound(None, data)
    if simple < bound:
        bound, bound_source = simple, "trivial"
    elif len(set(sources.values())) == 1:
        bound_source = next(iter(sources.values()))
    else:
        bound_source = ", ".join(f"{k}: {v}" for k, v in sources.items())
    bound = max(bound, solution.objective)  # a dual bound is exact only up to solver tolerance
    gap = (bound - solution.objective) / max(abs(solution.objective), 1e-12)
    timed_out = any(p.status == "time_limit" for p in parts.values())
    if gap <= OPTIMAL_GAP:
        status = "optimal"
    elif gap <= mip_rel_gap:
        status = "gap_limit"
    elif timed_out:
        status = "time_limit"
    elif not from_highs and all(p.status in ("no_plan", "own_bound") for p in parts.values()):
        status = "heuristic_only"
    else:
        status = "stopped"
    if timed_out and gap > mip_rel_gap:
        warnings.append(time_limit_warning(time_limit_s, gap))
    termination = "; ".join(f"{p.name}: {p.termination}" for p in parts.values())
    report = SolveReport(
        status=status,
        termination=termination,
        objective=float(solution.objective),
        best_bound=float(bound),
        gap=float(gap),
        bound_source=bound_source,
        greedy_objective=None if greedy is None else float(greedy.objective),
        time_check_s=time_check,
        time_greedy_s=time_greedy,
        time_build_s=time_build,
        time_solve_s=time_solve,
        time_total_s=time.perf_counter() - start,
        n_variables=n_vars,
        n_constraints=n_cons,
        n_nonzeros=n_nz,
        solver=f"highs {_highs_version_string()} via highspy (sparse arrays)",
        options=options,
        warnings=warnings,
        plan_source=plan_source,
        warm_start_accepted=accepted,
        time_load_s=time_load,
        highs_log=log,
        reductions=dict(reduction.removed),
        time_reduce_s=time_reduce,
        time_local_search_s=time_local,
        time_bound_s=time_bound,
        start_objective=None if start_plan is None else float(reduction.expand(start_plan).objective),
        own_bound=float(sum(p.own_bound for p in parts.values())),
        parts={k: p.summary() for k, p in parts.items()},
    )
    say(f"done: {report.status}, objective {report.objective:,.2f}, gap {100 * report.gap:.3f} %")
    return solution, report


def split_parts(data: ModelData) -> tuple[ModelData, ModelData]:
    """Return the station part and the pile part of the model as two :class:`ModelData`.

    The two share no row (``docs/model.md``): the station part keeps coverage, terminals, county
    station minimums and locked sites with no piles to place; the pile part keeps the piles and
    their county minimums with no station to open.  The optimum of the model is the sum of the two
    optima, and a plan is the stations of one with the piles of the other.
    """
    import dataclasses

    no_counties = np.zeros(data.n_counties, dtype=np.int64)
    stations = dataclasses.replace(
        data,
        n_piles=0,
        walk_dist_m=sp.csr_matrix(data.walk_dist_m.shape, dtype=np.float64),
        demand_slow_ev=np.zeros(data.n_demand),
        county_min_piles=no_counties,
        pile_capacity=np.zeros(data.n_pile_sites, dtype=np.int64),
    )
    piles = dataclasses.replace(
        data,
        n_stations=0,
        terminal_quota=0,
        demand_fast_ev=np.zeros(data.n_demand),
        fast_time_min=sp.csr_matrix(data.fast_time_min.shape, dtype=np.float64),
        terminal_dist_m=sp.csr_matrix(data.terminal_dist_m.shape, dtype=np.float64),
        county_min_stations=no_counties,
        station_locked=np.zeros(data.n_candidates, dtype=bool),
        site_bonus=np.zeros(data.n_candidates),
    )
    return stations, piles


@dataclass
class _Part:
    """One independent part of the model (stations or piles) and what HiGHS made of it."""

    name: str
    data: ModelData
    start: Solution | None
    own_bound: float = math.inf
    own_source: str = ""
    status: str = "not_run"
    termination: str = "not run"
    highs_plan: Solution | None = None
    highs_bound: float | None = None
    plan_source: str = "start"
    rejected: str = ""
    highs_nodes: int = -1

    def best_plan(self) -> Solution | None:
        """Return the better of HiGHS's plan and the start."""
        if self.highs_plan is not None and (
            self.start is None
            or self.highs_plan.objective > self.start.objective + 1e-9 * abs(self.start.objective)
        ):
            self.plan_source = "highs"
            return self.highs_plan
        return self.start

    def bound(self) -> tuple[float, str]:
        """Return the smaller of HiGHS's bound and ours, with its source."""
        if (
            self.highs_bound is not None
            and math.isfinite(self.highs_bound)
            and self.highs_bound <= self.own_bound
        ):
            return float(self.highs_bound), "highs"
        return float(self.own_bound), self.own_source

    def summary(self) -> dict[str, Any]:
        """JSON-able figures of this part."""
        plan = self.best_plan()
        bound, source = self.bound()
        return {
            "status": self.status,
            "termination": self.termination,
            "objective": None if plan is None else float(plan.objective),
            "bound": bound if math.isfinite(bound) else None,
            "bound_source": source,
            "own_bound": self.own_bound if math.isfinite(self.own_bound) else None,
            "plan_source": self.plan_source,
            "highs_bound": self.highs_bound,
            "highs_nodes": self.highs_nodes,
        }


def _run_highs(
    h: Any, model: Any, part: _Part, options: dict[str, Any], warm_start: bool, say: Progress
) -> list[str]:
    """Run HiGHS on one part with the start; store plan, bound and status in ``part``; return the log."""
    import tempfile

    import highspy

    with tempfile.TemporaryDirectory() as folder:
        log_path = Path(folder) / "highs.log"
        h.setOptionValue("output_flag", True)
        h.setOptionValue("log_to_console", False)
        h.setOptionValue("log_file", str(log_path))
        h.setOptionValue("time_limit", float(options["time_limit"]))
        h.setOptionValue("mip_rel_gap", float(options["mip_rel_gap"]))
        for key, value in options.items():
            if key not in ("time_limit", "mip_rel_gap", "warm_start"):
                h.setOptionValue(key, value)
        if warm_start and part.start is not None:
            start = highspy.HighsSolution()
            start.col_value = start_vector(
                model,
                part.start.open_station,
                part.start.piles,
                part.start.fast_covered,
                part.start.terminal_covered,
                part.start.slow_flow_ev,
            ).tolist()
            start.value_valid = True
            h.setSolution(start)
        # HiGHS keeps one thread scheduler per process, sized by the first run; a later run asking for
        # another thread count (e.g. after a Pyomo/appsi solve with defaults) would fail without this.
        h.resetGlobalScheduler(True)
        h.run()
        h.setOptionValue("log_file", "")
        log = log_path.read_text(encoding="utf-8", errors="replace").splitlines() if log_path.exists() else []
    for line in log:
        if line.strip().startswith(_KEY_LOG_LINES) and "|" not in line:
            say(f"highs [{part.name}]: {line.strip()}")
    status = h.getModelStatus()
    part.termination = h.modelStatusToString(status)
    if status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        say("HiGHS proved the model infeasible; finding which requirement falls short")
        raise InfeasibleError(*_explain_infeasibility(part.data, None, float(options["time_limit"])))
    info = h.getInfo()
    solved = int(info.mip_node_count) >= 1 or status == highspy.HighsModelStatus.kOptimal
    finite = math.isfinite(info.mip_dual_bound)
    part.highs_bound = float(info.mip_dual_bound) if finite and solved else None
    part.highs_nodes = int(info.mip_node_count)
    part.status = {
        highspy.HighsModelStatus.kOptimal: "optimal",
        highspy.HighsModelStatus.kTimeLimit: "time_limit",
    }.get(status, "stopped")
    if int(info.primal_solution_status) >= 2:
        values = np.asarray(h.getSolution().col_value, dtype=np.float64)
        b = model.blocks
        opened = values[b["x"] : b["y"]] > 0.5
        upper = np.floor(model.col_upper[b["n"] : b["f"]] + 1e-9)
        piles = np.clip(np.rint(values[b["n"] : b["f"]]), 0, upper).astype(np.int64)
        broken = plan_violations(part.data, opened, piles)
        if broken:
            part.rejected = "; ".join(broken)
        else:
            part.highs_plan = evaluate(part.data, opened, piles)
    elif part.start is None:
        part.status = "no_plan"
    return log


def _highs_version_string() -> str:
    """Return ``"x.y.z"`` of the installed HiGHS."""
    import highspy

    return ".".join(str(getattr(highspy, f"HIGHS_VERSION_{k}", "?")) for k in ("MAJOR", "MINOR", "PATCH"))


def _solve_with_pyomo(
    data: ModelData,
    *,
    time_limit_s: float = 120.0,
    mip_rel_gap: float = 0.005,
    seed: int = 0,
    warm_start: bool = True,
    progress: Progress | None = None,
    extra_constraints: ExtraConstraints | None = None,
    highs_options: Mapping[str, Any] | None = None,
    write_model: Path | None = None,
) -> tuple[Solution, SolveReport]:
    """Solve the unreduced Pyomo model through ``appsi_highs`` (the path with a user hook).

    Parameters
    ----------
    data
        Model inputs.
    time_limit_s
        HiGHS time limit in seconds (the pre-checks, greedy and model building come on top).
    mip_rel_gap
        HiGHS stops when the relative gap between plan and bound is below this fraction.
    seed
        HiGHS ``random_seed``; with one thread the same inputs and seed give the same plan (unless
        the time limit cuts the search at a different point).
    warm_start
        Hand the greedy plan to HiGHS as its MIP start.
    progress
        Called with one line of text per step, then with HiGHS's key log lines (MIP start, status,
        bounds, gap, time; prefixed ``"highs: "``) once HiGHS stops (Pyomo captures the output while
        HiGHS runs).
    highs_options
        Further HiGHS options (names as in the HiGHS documentation); they override the defaults
        ``random_seed = seed``, ``threads = 1`` and ``mip_lp_solver = "ipm"``.
    extra_constraints
        Hook passed to :func:`~siting.model.build.build_model`.  The greedy plan ignores it, so it
        is used as start or fallback only when HiGHS confirms it feasible.

    Returns
    -------
    solution, report
        The best plan found and a :class:`SolveReport`.

    Raises
    ------
    InfeasibleError
        When the requirements cannot all be met (pre-checks, or HiGHS proves the model infeasible;
        the message then says which requirement falls short when the others are kept, and by how
        much).
    SolverError
        When HiGHS fails and no feasible plan is available.
    """
    say: Progress = progress if progress is not None else _silent
    start = time.perf_counter()
    warnings: list[str] = []

    say("checking that the requirements can be met")
    check_feasibility(data)
    time_check = time.perf_counter() - start

    say("building the greedy plan")
    tick = time.perf_counter()
    greedy: Solution | None = None
    try:
        greedy = greedy_solution(data)
    except SolverError as exc:
        warnings.append(f"no greedy plan ({exc}); HiGHS solves without a start")
    if greedy is not None:
        broken = plan_violations(data, greedy.open_station, greedy.piles)
        if broken:  # a bug guard: the greedy should always be feasible
            warnings.append(f"greedy plan discarded, it breaks: {'; '.join(broken)}")
            greedy = None
    time_greedy = time.perf_counter() - tick
    if greedy is not None:
        say(f"greedy objective {greedy.objective:,.2f} in {time_greedy:.2f} s")

    say("building the Pyomo model")
    tick = time.perf_counter()
    m = build_model(data, extra_constraints=extra_constraints)
    use_start = warm_start and greedy is not None
    if greedy is not None and use_start:
        set_start_values(m, greedy)
    time_build = time.perf_counter() - tick
    say(f"model built in {time_build:.2f} s")

    options: dict[str, Any] = {
        "time_limit": float(time_limit_s),
        "mip_rel_gap": float(mip_rel_gap),
        "warm_start": bool(use_start),
        **_default_highs_options(seed),
        **dict(highs_options or {}),
    }
    log: list[str] = []
    opt = _highs(options, log)
    tick = time.perf_counter()
    opt.set_instance(m)
    _freeze(opt)
    if write_model is not None:
        opt._solver_model.writeModel(str(write_model))
    time_load = time.perf_counter() - tick
    n_vars, n_cons, n_nz = _model_size(opt, m)
    say(f"loaded into HiGHS in {time_load:.2f} s: {n_vars} variables, {n_cons} rows, {n_nz} nonzeros")

    say(f"HiGHS running (time limit {time_limit_s:g} s; its log follows when it stops)")
    tick = time.perf_counter()
    results = opt.solve(m)
    time_solve = time.perf_counter() - tick
    for line in log:
        if line.strip().startswith(_KEY_LOG_LINES) and "|" not in line:
            say(f"highs: {line.strip()}")
    condition = results.termination_condition
    termination = _highs_status_line(log) or condition.name

    if condition in (TerminationCondition.infeasible, TerminationCondition.infeasibleOrUnbounded):
        say("HiGHS proved the model infeasible; finding which requirement falls short")
        raise InfeasibleError(*_explain_infeasibility(data, extra_constraints, time_limit_s))

    accepted: bool | None = None
    if use_start:
        accepted = any(_WARM_START_ACCEPTED in line for line in log)
        if not accepted:
            warnings.append("HiGHS did not accept the greedy plan as its MIP start")

    solution: Solution | None = None
    plan_source = "highs"
    if results.best_feasible_objective is not None:
        opt.load_vars()
        opened, piles = plan_arrays_from_model(m)
        # a hook may deliberately relax a requirement, so only plans of the plain model are checked
        broken = plan_violations(data, opened, piles) if extra_constraints is None else []
        if broken:
            warnings.append(f"HiGHS plan discarded after rounding, it breaks: {'; '.join(broken)}")
        else:
            solution = evaluate(data, opened, piles)
    greedy_allowed = greedy is not None and (extra_constraints is None or bool(accepted))
    if (
        greedy is not None
        and greedy_allowed
        and (solution is None or greedy.objective > solution.objective + 1e-9 * abs(greedy.objective))
    ):
        solution, plan_source = greedy, "greedy"
    if solution is None:
        raise SolverError(
            f"HiGHS stopped ({termination}) without a plan and no greedy plan is available. "
            "Raise time_limit_s."
        )

    bound, bound_source = _bound(results.best_objective_bound, data)
    bound = max(bound, solution.objective)  # a dual bound is exact only up to solver tolerance
    gap = (bound - solution.objective) / max(abs(solution.objective), 1e-12)
    if condition == TerminationCondition.optimal:
        status = "optimal" if gap <= OPTIMAL_GAP else "gap_limit"
    elif results.best_feasible_objective is None and plan_source == "greedy":
        status = "heuristic_only"
    elif condition == TerminationCondition.maxTimeLimit:
        status = "time_limit"
    else:
        status = "stopped"
    if condition == TerminationCondition.maxTimeLimit:
        warnings.append(time_limit_warning(time_limit_s, gap))
    if status == "heuristic_only":
        warnings.append("HiGHS found no plan; the greedy plan is returned")

    report = SolveReport(
        status=status,
        termination=termination,
        objective=float(solution.objective),
        best_bound=float(bound),
        gap=float(gap),
        bound_source=bound_source,
        greedy_objective=None if greedy is None else float(greedy.objective),
        time_check_s=time_check,
        time_greedy_s=time_greedy,
        time_build_s=time_build,
        time_solve_s=time_solve,
        time_total_s=time.perf_counter() - start,
        n_variables=n_vars,
        n_constraints=n_cons,
        n_nonzeros=n_nz,
        solver=_solver_name(opt),
        options=options,
        warnings=warnings,
        plan_source=plan_source,
        warm_start_accepted=accepted,
        time_load_s=time_load,
        highs_log=log,
    )
    say(f"done: {report.status}, objective {report.objective:,.2f}, gap {100 * report.gap:.3f} %")
    return solution, report


# ------------------------------------------------------------------------------ infeasibility


def _explain_infeasibility(
    data: ModelData, extra_constraints: ExtraConstraints | None, time_limit_s: float
) -> list[str]:
    """Relax each requirement family in turn and report by how much it falls short.

    Each family's rows get a non-negative shortfall variable (locked sites may close); the total
    shortfall is minimised with every other requirement kept.  A family whose elastic model is still
    infeasible is not (alone) the cause.
    """
    limit = min(DIAGNOSIS_TIME_LIMIT_S, float(time_limit_s))
    head = (
        "the requirements cannot all be met together (HiGHS proved the model infeasible although "
        "each passes the pre-checks)"
    )
    findings: list[str] = []
    families = [
        ("terminal quota", "con_terminal_quota", "terminals"),
        ("county station minimums", "con_county_min_stations", "stations"),
        ("locked sites", "", "locked sites closed"),
        ("county pile minimums", "con_county_min_piles", "piles"),
    ]
    for label, component, unit in families:
        m = build_model(data, extra_constraints=extra_constraints)
        if component and not hasattr(m, component):
            continue
        if not component and not bool(np.any(data.station_locked)):
            continue
        shortfall = _make_elastic(m, data, component)
        found = _solve_quietly(m, limit)
        if found is None:
            findings.append(f"relaxing the {label} alone does not help")
            continue
        total, exact = found
        if total <= 1e-6:
            continue
        detail = _shortfall_detail(m, data, component, shortfall)
        bound = "" if exact else "at most "
        findings.append(
            f"{label}: keeping every other requirement, they fall short by {bound}{total:.0f} {unit}{detail}"
        )
    if extra_constraints is not None:
        m = build_model(data)
        if _solve_quietly(m, limit) is not None:
            findings.append("without the extra_constraints hook the model is feasible")
    if not findings:
        findings.append("no single requirement family explains it; relax several together")
    return [head, *findings]


def _make_elastic(m: pyo.ConcreteModel, data: ModelData, component: str) -> list[Any]:
    """Give one family's rows a shortfall variable and minimise the total; return the variables."""
    m.objective.deactivate()
    if not component:  # locked sites: let them close, count the closed ones
        locked = np.flatnonzero(np.asarray(data.station_locked, dtype=bool)).tolist()
        for j in locked:
            m.open_station[j].unfix()
        m.shortfall_objective = pyo.Objective(
            expr=sum(1 - m.open_station[j] for j in locked), sense=pyo.minimize
        )
        return [(j, m.open_station[j]) for j in locked]
    con = getattr(m, component)
    keys = list(con.keys())
    m.shortfall = pyo.Var(range(len(keys)), domain=pyo.NonNegativeReals)
    m.con_elastic = pyo.ConstraintList()
    for n, key in enumerate(keys):
        row = con[key]
        m.con_elastic.add(row.body + m.shortfall[n] >= row.lower)
        row.deactivate()
    m.shortfall_objective = pyo.Objective(
        expr=sum(m.shortfall[n] for n in range(len(keys))), sense=pyo.minimize
    )
    return [(key, m.shortfall[n]) for n, key in enumerate(keys)]


def _shortfall_detail(m: pyo.ConcreteModel, data: ModelData, component: str, shortfall: list[Any]) -> str:
    """Return ' (A: 1, B: 2)' for county families, the closed sites for locked ones."""
    if not component:
        closed = [str(j) for j, var in shortfall if (var.value or 0.0) < 0.5]
        return f" (closed locked sites: {', '.join(closed)})" if closed else ""
    if component == "con_terminal_quota":
        most = int(data.terminal_quota) - round(shortfall[0][1].value or 0.0)
        return f" (at most {most} of q = {data.terminal_quota} can be covered)"
    parts = [
        f"{_county_name(data, int(key))}: {round(var.value or 0.0)}"
        for key, var in shortfall
        if (var.value or 0.0) > 1e-6
    ]
    return f" ({', '.join(parts)})" if parts else ""


def _solve_quietly(m: pyo.ConcreteModel, time_limit_s: float) -> tuple[float, bool] | None:
    """Solve ``m``; return (objective, proven optimal), or ``None`` when no plan was found."""
    opt = _highs(
        {"time_limit": time_limit_s, "mip_rel_gap": 0.0, **_default_highs_options(0)},
        [],
    )
    results = opt.solve(m)
    if results.best_feasible_objective is None:
        return None
    opt.load_vars()
    exact = results.termination_condition == TerminationCondition.optimal
    return float(results.best_feasible_objective), exact


# ------------------------------------------------------------------------------------- helpers


class _LineCollector(logging.Handler):
    """Logging handler that keeps HiGHS's log lines.

    The lines are not forwarded while HiGHS runs: Pyomo captures the process's stdout during the
    solve, so a progress callback that prints would feed its own output back into the log.
    """

    def __init__(self, lines: list[str]) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _highs(options: dict[str, Any], log: list[str]) -> Any:
    """Return a configured ``appsi_highs`` solver whose log lines are appended to ``log``."""
    logger = logging.Logger("siting.highs", level=logging.DEBUG)  # private, not registered
    logger.propagate = False
    logger.addHandler(_LineCollector(log))
    new_highs()  # the process's first Highs object prints a banner: made here with stdout muted
    opt = Highs()
    opt.config.time_limit = float(options["time_limit"])
    opt.config.mip_gap = float(options["mip_rel_gap"])
    opt.config.warmstart = bool(options.get("warm_start", False))
    opt.config.load_solution = False
    opt.config.stream_solver = False
    opt.config.solver_output_logger = logger
    opt.config.log_level = logging.INFO
    opt.highs_options = {
        key: value for key, value in options.items() if key not in ("time_limit", "mip_rel_gap", "warm_start")
    }
    return opt


def _default_highs_options(seed: int) -> dict[str, Any]:
    """Return the HiGHS options used unless overridden: seed, one thread, IPM for the MIP's LPs.

    ``mip_lp_solver = "ipm"`` (set from HiGHS 1.16 on) solves the root LP of the maximal-covering
    relaxation with the interior-point method and crossover.  The relaxation is highly degenerate;
    on a 5,000 × 20,000 benchmark with 10 candidates per zone dual simplex had no root bound after
    60 s, while IPM gave a 1.9 % gap after 15 s and 0.08 % after 51 s.
    """
    options: dict[str, Any] = {"random_seed": int(seed), "threads": 1}
    if _highs_version() >= (1, 16):  # the version this was measured with
        options["mip_lp_solver"] = "ipm"
    return options


def _highs_version() -> tuple[int, int]:
    """Return the (major, minor) version of the installed HiGHS, (0, 0) when unknown."""
    import highspy

    return (
        int(getattr(highspy, "HIGHS_VERSION_MAJOR", 0)),
        int(getattr(highspy, "HIGHS_VERSION_MINOR", 0)),
    )


def _freeze(opt: Any) -> None:
    """Tell the persistent interface the model will not change (``solve`` skips its update scan)."""
    cfg = opt.update_config
    for name in (
        "check_for_new_or_removed_constraints",
        "check_for_new_or_removed_vars",
        "check_for_new_or_removed_params",
        "check_for_new_objective",
        "update_constraints",
        "update_vars",
        "update_params",
        "update_named_expressions",
        "update_objective",
    ):
        setattr(cfg, name, False)


def _model_size(opt: Any, m: pyo.ConcreteModel) -> tuple[int, int, int]:
    """Return (columns, rows, nonzeros) of the model as loaded into HiGHS."""
    highs = getattr(opt, "_solver_model", None)  # the highspy.Highs object of the interface
    if highs is not None:
        return int(highs.getNumCol()), int(highs.getNumRow()), int(highs.getNumNz())
    n_vars = sum(1 for v in m.component_data_objects(pyo.Var) if not v.fixed)
    n_cons = sum(1 for _ in m.component_data_objects(pyo.Constraint, active=True))
    return n_vars, n_cons, -1


def _highs_status_line(log: list[str]) -> str:
    """Return HiGHS's final status (the ``Status`` line of its solving report), or ''."""
    for line in reversed(log):
        stripped = line.strip()
        if stripped.startswith("Status") and not stripped.startswith("Status:"):
            return stripped[len("Status") :].strip()
        if stripped.startswith("Model status"):
            return stripped.split(":", 1)[-1].strip()
    return ""


def _bound(highs_bound: float | None, data: ModelData) -> tuple[float, str]:
    """Return the smaller of HiGHS's dual bound and the simple bound, with its source.

    The simple bound (``"trivial"``) is valid for every plan: fast coverage is at most the coverable
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
    simple = float(data.weight_fast) * fast + float(data.weight_slow) * slow + float(ties.sum())
    if highs_bound is not None and math.isfinite(highs_bound) and float(highs_bound) <= simple:
        return float(highs_bound), "highs"
    return simple, "trivial"


def _solver_name(opt: Any) -> str:
    """Return ``"highs x.y.z via pyomo a.b.c"``."""
    return f"highs {'.'.join(str(v) for v in opt.version())} via pyomo {pyomo_version}"


def _per_county(values: Any, n_counties: int) -> npt.NDArray[np.int64]:
    """Return county minimums as an int64 array of length ``n_counties`` (missing values are 0)."""
    arr = np.zeros(n_counties, dtype=np.int64)
    given = np.asarray(values, dtype=np.int64).ravel()[:n_counties]
    arr[: given.size] = given
    return arr


def _county_name(data: ModelData, c: int) -> str:
    """Return the label of county ``c`` for messages."""
    return data.county_names[c] if c < len(data.county_names) else f"#{c}"


def _silent(_message: str) -> None:
    """Progress callback that ignores everything."""
