"""The one solve driver: check → parts → own bound → HiGHS per part → combine → one report.

:func:`solve_model` runs every model the same way; what differs between models lives in a strategy
(:class:`~siting.solve.base.BaseStrategy`, :class:`~siting.solve.staged.StagedStrategy`,
:class:`~siting.solve.hook.HookStrategy`):

1. the strategy's checks raise one :class:`~siting._errors.InfeasibleError` listing every requirement that
   can never be met, with the amount it misses by;
2. the strategy splits the model into parts that share no row, each with a feasible start and our own bound;
3. HiGHS (:func:`~siting.solve.highs.run_highs`) solves each part with the start as its MIP start, unless the
   part is trivial (nothing to decide) or our bound already proves the gap; a part HiGHS proves infeasible
   is explained by the one elastic diagnosis (:mod:`siting.solve.diagnose`);
4. each part keeps the better of HiGHS's plan and its start; the strategy combines them into one plan,
   evaluated from the arrays (never copied from the solver);
5. one status, one gap and one :class:`~siting.solve.report.SolveReport`.

Options and limits are documented in :mod:`siting.solve.options`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from siting._errors import InfeasibleError, InputDataError, SolverError
from siting._typing import Progress, silent
from siting._warnings import warn
from siting.model.data import ModelData, Solution
from siting.progress import bar as progress_bar
from siting.solve.base import BaseStrategy
from siting.solve.highs import highs_from_arrays, highs_version_string, run_highs
from siting.solve.hook import HookStrategy
from siting.solve.options import (
    DIAGNOSIS_TIME_LIMIT_S,
    FIRST_PLAN_MIN_S,
    GAP_ROUNDING,
    MIN_STEP_S,
    OPTIMAL_GAP,
    highs_options,
)
from siting.solve.parts import Clock, Part, Strategy
from siting.solve.report import SolveReport, time_limit_warning
from siting.solve.staged import StagedStrategy

__all__ = ["solve_model"]


def solve_model(
    data: ModelData,
    *,
    time_limit_s: float = 120.0,
    mip_rel_gap: float = 0.005,
    seed: int = 0,
    warm_start: bool = True,
    progress: Progress | None = None,
    extra_constraints: Any = None,
    highs_options: Mapping[str, Any] | None = None,
    write_model: Path | None = None,
    reduce: bool = True,
    local_search_swaps: int | None = None,
) -> tuple[Solution, SolveReport]:
    """Find the best plan within the limits: checks, parts, starts, own bounds, HiGHS, one report.

    Parameters
    ----------
    data
        Model inputs; ``data.planning`` set selects the planning model.
    time_limit_s
        Time limit of the whole solve in seconds (checks, starts, bounds and HiGHS share it).
    mip_rel_gap
        Stop when the relative gap between plan and bound is below this fraction.
    seed
        HiGHS ``random_seed``; with one thread the same inputs and seed give the same plan (unless the time
        limit cuts the search at a different point).
    warm_start
        Hand the start plan to HiGHS as its MIP start (it stays the fallback either way).
    progress
        Called with one line of text per step and HiGHS's key log lines (prefixed ``"highs"``).
    extra_constraints
        Hook ``extra_constraints(m, data)`` adding Pyomo components to the reference model
        (:func:`siting.model.reference.build_model`); the model is then solved whole and unreduced, and the
        greedy plan is the start only when it meets the hook's rows.  Base model only.
    highs_options
        Further HiGHS options; they override the defaults of :func:`siting.solve.options.highs_options`.
    write_model
        Write the model handed to HiGHS to this file (``.mps`` or ``.lp`` by suffix): the (reduced) base
        model, every part of the planning model, or the hooked model, with readable names.
    reduce
        Apply the exact reductions of the base model (``False``: HiGHS gets the model as built).
    local_search_swaps
        Most swaps of the local search on the greedy plan (default ``4 * n_stations``; 0: none).  A swap
        count, not a clock, so that the same inputs give the same plan.

    Returns
    -------
    solution, report
        The best plan found (original index space) and a :class:`~siting.solve.report.SolveReport`.

    Warns
    -----
    SitingWarning
        Each of ``report.warnings`` (time limit reached, start plan not accepted, ...), through
        :func:`siting._warnings.warn`: a notebook shows them, :func:`siting._warnings.collect` gathers them.

    Raises
    ------
    InfeasibleError
        When the requirements cannot all be met (the message says which, and by how much).
    SolverError
        When HiGHS fails and no feasible plan is available.
    """
    say: Progress = progress if progress is not None else silent
    clock = Clock(time_limit_s)
    strategy = _strategy(data, extra_constraints, warm_start, reduce, local_search_swaps)
    say("checking that the requirements can be met")
    strategy.check()
    time_check = clock.elapsed()
    options = highs_options_for(strategy, seed, highs_options)
    with progress_bar(progress, "solving", 2, "phases") as advance:
        parts = strategy.parts(options, clock, mip_rel_gap, say)
        advance(1)
        if write_model is not None:
            _write(strategy, write_model, say)
        for part in parts:
            _solve_part(part, strategy, options, clock, mip_rel_gap, warm_start, say)
        advance(1)
    for part in parts:
        part.choose()
    _require_plans(parts, time_limit_s, clock)
    solution, objective = strategy.solution(parts)
    report = _report(strategy, parts, objective, clock, time_check, options, time_limit_s, mip_rel_gap)
    say(f"done: {report.status}, objective {report.objective:,.2f}, gap {100 * report.gap:.3f} %")
    for message in report.warnings:
        warn(message)
    return solution, report


def highs_options_for(strategy: Strategy, seed: int, overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """The HiGHS options of ``strategy``'s model (:func:`siting.solve.options.highs_options`)."""
    return highs_options(seed, model=strategy.model_kind, overrides=overrides)


def _strategy(
    data: ModelData, extra: Any, warm_start: bool, reduce: bool, local_search_swaps: int | None
) -> Strategy:
    if data.planning is not None:
        if extra is not None:
            raise SolverError("extra_constraints works with the base model only (data.planning is set)")
        return StagedStrategy(data, warm_start=warm_start)
    if extra is not None:
        return HookStrategy(data, extra)
    return BaseStrategy(data, reduce=reduce, local_search_swaps=local_search_swaps)


def _write(strategy: Strategy, path: Path, say: Progress) -> Path:
    """Write the model to ``path``; raise :class:`InputDataError` naming the path when nothing was written."""
    target = Path(path)
    if not target.parent.is_dir():
        raise InputDataError(
            f"--write-model {target}: the folder {target.parent} does not exist; create it first."
        )
    target.unlink(missing_ok=True)
    highs_from_arrays(strategy.model_to_write(), names=True).writeModel(str(target))
    if not target.is_file():
        raise InputDataError(
            f"--write-model {target}: HiGHS could not write the file; check the folder's permissions."
        )
    say(f"model written to {target}")
    return target


def _solve_part(
    part: Part,
    strategy: Strategy,
    options: Mapping[str, Any],
    clock: Clock,
    mip_rel_gap: float,
    warm_start: bool,
    say: Progress,
) -> None:
    """Run HiGHS on ``part`` unless it is trivial or our bound already proves the gap."""
    if part.trivial or part.model.n_cols == 0:
        part.status = "trivial"
        say(f"{part.name}: nothing to decide; HiGHS not needed")
        return
    start_value = part.start_objective
    own_gap = (
        (part.own_bound - start_value) / max(abs(start_value), 1e-12)
        if start_value is not None and start_value >= 0
        else math.inf
    )
    if own_gap <= mip_rel_gap:
        part.status = "own_bound"
        say(f"{part.name}: our bound proves the gap ({100 * max(own_gap, 0.0):.3f} %); HiGHS not needed")
        return
    limit = clock.for_solver() if part.time_limit_s is None else min(part.time_limit_s, clock.for_solver())
    if part.start is None:  # no plan yet: HiGHS gets at least the first plan's minimum
        limit = max(limit, FIRST_PLAN_MIN_S)
    if part.start is not None and (limit <= MIN_STEP_S or limit < part.min_time_s):
        # HiGHS would not stop in time (loading, presolve and the root LP of a MIP do not look at the
        # limit): the start and our bound are what the limit leaves
        part.status = "time_limit"
        say(
            f"{part.name}: {limit:.1f} s left, HiGHS needs about {max(part.min_time_s, MIN_STEP_S):.1f} s "
            "before it can stop; not run, the start plan is kept"
        )
        return
    say(
        f"HiGHS: {part.name} part, {part.model.n_cols:,} columns, {part.model.n_rows:,} rows, "
        f"limit {limit:.0f} s"
    )
    run = run_highs(
        part.model,
        options=options,
        time_limit_s=limit,
        mip_rel_gap=mip_rel_gap,
        start=part.start if warm_start else None,
        name=part.name,
        progress=say,
    )
    part.run = run
    if run.status == "infeasible":
        say(
            f"HiGHS proved the {part.name} part infeasible; finding which requirements fall short, "
            "and by how much"
        )
        found = strategy.diagnose(part, options, min(DIAGNOSIS_TIME_LIMIT_S, clock.remaining()))
        raise InfeasibleError(
            *(
                found
                or [
                    f"the {part.name} part has no feasible plan although every requirement passes the "
                    "pre-checks, and no single requirement explains it: requirements conflict (for example "
                    "grid headroom with the county minimums or the terminal quota); relax one and rerun"
                ]
            )
        )
    part.status = run.status if run.values is not None or part.start is not None else "no_plan"


def _require_plans(parts: list[Part], time_limit_s: float, clock: Clock) -> None:
    """Every part has a plan, or one :class:`SolverError` saying which part and what to raise."""
    missing = [p.name for p in parts if p.values is None]
    if missing:
        raise SolverError(
            f"no plan for the {' and '.join(missing)} part within time_limit_s = {time_limit_s:g} s "
            f"({clock.elapsed():.0f} s used): neither the start heuristic nor HiGHS found one in time. "
            "Raise time_limit_s (the CLI's --time-limit)."
        )


def _bound(strategy: Strategy, parts: list[Part], objective: float) -> tuple[float, str]:
    bounds = [p.bound() for p in parts]
    bound = sum(b for b, _ in bounds)
    sources = {p.name: src for p, (_, src) in zip(parts, bounds, strict=True)}
    source = (
        next(iter(sources.values()))
        if len(set(sources.values())) == 1
        else ", ".join(f"{k}: {v}" for k, v in sources.items())
    )
    found = strategy.global_bound()
    if found is not None and found[0] < bound:
        bound, source = found
    return max(bound, objective), source  # a dual bound is exact only up to solver tolerance


def _status(parts: list[Part], gap: float, mip_rel_gap: float) -> str:
    from_highs = any(p.plan_source == "highs" for p in parts)
    if gap <= OPTIMAL_GAP:
        return "optimal"
    if gap <= mip_rel_gap:
        return "gap_limit"
    if any(p.status == "time_limit" for p in parts):
        return "time_limit"
    if not from_highs and all(p.status in ("no_plan", "own_bound", "trivial") for p in parts):
        return "heuristic_only"
    return "stopped"


def _warnings(
    strategy: Strategy, parts: list[Part], gap: float, mip_rel_gap: float, limit: float
) -> list[str]:
    warnings = list(strategy.warnings)
    for part in parts:
        if part.rejected:
            warnings.append(f"HiGHS {part.name} plan discarded after rounding, it breaks: {part.rejected}")
        _, source = part.bound()
        if part.simple_warning and source == part.simple_source and part.status != "trivial":
            warnings.append(part.simple_warning)
    ran_with_start = [
        p.run.start_accepted for p in parts if p.run is not None and p.run.start_accepted is not None
    ]
    if ran_with_start and not all(ran_with_start):
        warnings.append("HiGHS did not accept the start plan as its MIP start")
    if any(p.status == "time_limit" for p in parts) and gap > mip_rel_gap:
        warnings.append(time_limit_warning(limit, gap))
    return warnings


def _report(
    strategy: Strategy,
    parts: list[Part],
    objective: float,
    clock: Clock,
    time_check: float,
    options: Mapping[str, Any],
    time_limit_s: float,
    mip_rel_gap: float,
) -> SolveReport:
    bound, source = _bound(strategy, parts, objective)
    gap = (bound - objective) / max(abs(objective), 1e-12)
    if abs(gap) < GAP_ROUNDING:
        gap = 0.0
    model = strategy.model_to_write()
    accepted = [p.run.start_accepted for p in parts if p.run is not None and p.run.start_accepted is not None]
    from_highs = any(p.plan_source == "highs" for p in parts)
    own = [p.own_bound for p in parts]
    timings = strategy.timings
    return SolveReport(
        status=_status(parts, gap, mip_rel_gap),
        termination="; ".join(f"{p.name}: {p.run.termination if p.run else 'not run'}" for p in parts),
        objective=float(objective),
        best_bound=float(bound),
        gap=float(gap),
        bound_source=source,
        greedy_objective=strategy.greedy_objective,
        time_check_s=time_check,
        time_greedy_s=timings.get("greedy", 0.0),
        time_build_s=timings.get("build", 0.0),
        time_solve_s=sum(p.run.time_run_s for p in parts if p.run is not None),
        time_total_s=clock.elapsed(),
        n_variables=model.n_cols,
        n_constraints=model.n_rows,
        n_nonzeros=int(model.matrix.nnz),
        solver=f"highs {highs_version_string()} via highspy ({strategy.label})",
        options={
            **options,
            "time_limit": float(time_limit_s),
            "mip_rel_gap": float(mip_rel_gap),
            "warm_start": bool(accepted),
        },
        warnings=_warnings(strategy, parts, gap, mip_rel_gap, time_limit_s),
        plan_source="highs" if from_highs else parts[0].start_source,
        warm_start_accepted=all(accepted) if accepted else None,
        time_load_s=sum(p.run.time_load_s for p in parts if p.run is not None),
        highs_log=[f"[{p.name}] {line}" for p in parts if p.run is not None for line in p.run.log],
        reductions=dict(strategy.reductions),
        time_reduce_s=timings.get("reduce", 0.0),
        time_local_search_s=timings.get("local_search", 0.0),
        time_bound_s=timings.get("bound", 0.0),
        time_improve_s=timings.get("improve", 0.0),
        start_objective=strategy.start_objective(),
        own_bound=float(sum(own)) if all(math.isfinite(b) for b in own) else None,
        parts={p.name: p.report().to_dict() for p in parts},
    )
