r"""Solve the planning model (stages, charger sizing, grid, corridors, county caps, rural minimums).

:func:`solve_planning` is what :func:`siting.solve.solve_model` runs when ``data.planning`` is set:

1. :func:`check_planning` raises one :class:`~siting._errors.InfeasibleError` listing every
   requirement that can never be met — the base checks of every stage
   (:func:`siting.solve.check_feasibility`) and those of the planning families (stage targets that
   shrink, county caps below minimums or below the station count, too few rural sites, too few
   candidates within grid reach, too little headroom for the smallest stations) — each with the
   amount it misses by;
2. the pile part and the station part (they share no row) are built by
   :func:`siting.model.extended.build_extended`, all stages in one model per part;
3. a start for the station part: stage by stage, the greedy and swap search of the base model
   (:mod:`siting.greedy`) on the stage's targets with the earlier stage's sites kept, repaired for
   county caps, the rural minimum and grid reach; then HiGHS completes that station choice (chargers,
   sessions, grid links, trips) with the stations fixed, which gives a feasible MIP start;
4. HiGHS solves each part with the start, the time limit and the relative gap; the gap reported is
   HiGHS's own (the bounds of :mod:`siting.bound` do not cover the planning families).

The first stage's plan fills the usual :class:`~siting.model.data.Solution` fields (it is the plan
the city commits to now); :attr:`~siting.model.data.Solution.stages` holds every stage.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from siting._errors import InfeasibleError, SolverError
from siting.greedy import evaluate, greedy_piles, greedy_stations, improve_stations, pile_flows
from siting.model.arrays import highs_from_arrays
from siting.model.data import ModelData, Solution, StagePlan
from siting.model.extended import ExtendedModel, Planning, build_extended, stage_data, values_of
from siting.model.variables import canonical_csr
from siting.progress import bar as progress_bar

__all__ = ["check_planning", "solve_planning"]

Progress = Callable[[str], None]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Share of the time limit given to completing the start plan (stations fixed).
START_SHARE = 0.15
#: Share of the time limit given to the pile part (its LP relaxation is nearly integral).
PILE_SHARE = 0.2


def _silent(_message: str) -> None:
    return None


# ------------------------------------------------------------------------------------- checks


def check_planning(data: ModelData) -> None:
    """Raise one :class:`InfeasibleError` listing every planning requirement that can never be met."""
    from siting.solve import check_feasibility

    planning = _planning(data)
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
    if problems:
        raise InfeasibleError(*problems)


def _outside_count(data: ModelData, what: str) -> int:
    """Sites outside every county (no cap applies to them): stations, or pile capacity."""
    if what == "stations":
        return int((np.asarray(data.station_county) < 0).sum())
    county = np.asarray(data.pile_county)
    return int(np.asarray(data.pile_capacity)[county < 0].sum())


def _planning(data: ModelData) -> Planning:
    if data.planning is None:
        raise ValueError("data.planning is None: use siting.solve.solve_model for the base model")
    return data.planning


# ----------------------------------------------------------------------------------- solving


def solve_planning(
    data: ModelData,
    *,
    time_limit_s: float = 120.0,
    mip_rel_gap: float = 0.005,
    seed: int = 0,
    warm_start: bool = True,
    progress: Progress | None = None,
    highs_options: Mapping[str, Any] | None = None,
    write_model: Path | None = None,
) -> tuple[Solution, Any]:
    """Solve the planning model; return the plan and a :class:`~siting.solve.SolveReport`.

    Parameters are those of :func:`siting.solve.solve_model`.  ``time_limit_s`` is shared: about
    :data:`PILE_SHARE` for the pile part, :data:`START_SHARE` for completing the start, the rest for
    the station part.  ``write_model`` writes both parts: ``NAME.stations.mps`` and ``NAME.piles.mps``.
    """
    from siting.solve import (
        OPTIMAL_GAP,
        SolveReport,
        _default_highs_options,
        _highs_version_string,
        time_limit_warning,
    )

    say: Progress = progress if progress is not None else _silent
    t_start = time.perf_counter()
    planning = _planning(data)
    say("checking that the requirements of every stage can be met")
    check_planning(data)
    time_check = time.perf_counter() - t_start
    # dual simplex solves this model's root LP about 2x faster than IPM (demo: 8 s against 20 s)
    options: dict[str, Any] = {
        **_default_highs_options(seed),
        "mip_lp_solver": "simplex",
        **dict(highs_options or {}),
    }
    warnings: list[str] = []
    deadline = t_start + float(time_limit_s)

    tick = time.perf_counter()
    models = {part: build_extended(data, part) for part in ("piles", "stations")}
    time_build = time.perf_counter() - tick
    sizes = {k: (m.n_cols, m.n_rows, int(m.matrix.nnz)) for k, m in models.items()}
    say(
        "planning model: "
        + ", ".join(f"{k} {c:,} columns × {r:,} rows" for k, (c, r, _) in sizes.items())
        + f" ({len(planning.stages)} stage(s)) in {time_build:.1f} s"
    )
    if write_model is not None:
        highs_from_arrays(combined(list(models.values())), names=True).writeModel(str(write_model))
        say(f"model written to {write_model} (both parts, all stages)")

    steps = ExitStack()  # a bar over the solve's phases (piles, start, stage LPs, stations)
    advance = steps.enter_context(progress_bar(progress, "solving", 3 + len(planning.stages), "phases"))
    results: dict[str, dict[str, Any]] = {}
    # piles: greedy per stage, flows by LP, then HiGHS (its LP relaxation is nearly integral)
    pile_limit = max(1.0, PILE_SHARE * float(time_limit_s))
    pile_start = (
        _pile_start(data, planning, models["piles"], options, pile_limit, say) if warm_start else None
    )
    pile_bound_own = stage_pile_bound(data, planning, pile_start, models["piles"], mip_rel_gap, pile_limit)
    pile_value = float(models["piles"].cost @ pile_start) if pile_start is not None else math.nan
    pile_gap = (
        (pile_bound_own - pile_value) / max(abs(pile_value), 1e-12) if pile_start is not None else math.inf
    )
    if pile_gap <= mip_rel_gap:
        say(
            f"piles: the stage pile bounds prove the gap ({100 * max(pile_gap, 0.0):.3f} %); HiGHS not needed"
        )
        results["piles"] = {
            "values": pile_start,
            "bound": pile_bound_own,
            "status": "own_bound",
            "termination": "not run",
            "nodes": -1,
            "bound_source": "stage pile bounds",
        }
    else:
        results["piles"] = _run(models["piles"], pile_start, options, pile_limit, mip_rel_gap, say, "piles")
        if pile_bound_own < results["piles"]["bound"]:
            results["piles"]["bound"] = pile_bound_own
            results["piles"]["bound_source"] = "stage pile bounds"
    advance(1)
    # stations: heuristic start, completed by HiGHS with the stations fixed
    tick = time.perf_counter()
    start_values: FloatArray | None = None
    start_objective: float | None = None
    greedy_x = _station_start(data, planning, say) if warm_start else None
    time_greedy = time.perf_counter() - tick
    if greedy_x is not None:
        limit = max(1.0, START_SHARE * float(time_limit_s))
        done = _complete(models["stations"], planning, greedy_x, options, limit, mip_rel_gap / 2, say)
        if done is None:
            warnings.append(
                "the heuristic station choice could not be completed (grid headroom?); no MIP start"
            )
        else:
            start_values = done
            start_objective = float(models["stations"].cost @ done)
            say(f"start plan objective {start_objective:,.2f}")
    advance(1)
    tick_bound = time.perf_counter()
    own_bound = stage_lp_bound(
        data, planning, options, max(deadline - time.perf_counter(), 1.0), say, advance=advance
    )
    time_bound = time.perf_counter() - tick_bound
    own_gap = (
        (own_bound - start_objective) / max(abs(start_objective), 1e-12)
        if start_objective is not None
        else math.inf
    )
    if own_gap <= mip_rel_gap:
        say(
            f"stations: the stage LP bound proves the gap ({100 * max(own_gap, 0.0):.3f} %); HiGHS not needed"
        )
        results["stations"] = {
            "values": start_values,
            "bound": own_bound,
            "status": "own_bound",
            "termination": "not run",
            "nodes": -1,
            "bound_source": "stage LPs",
        }
    else:
        remaining = max(deadline - time.perf_counter(), 1.0)
        results["stations"] = _run(
            models["stations"], start_values, options, remaining, mip_rel_gap, say, "stations"
        )
        if own_bound < results["stations"]["bound"]:
            results["stations"]["bound"] = own_bound
            results["stations"]["bound_source"] = "stage LPs"
        simple = simple_station_bound(data, planning)
        if simple < results["stations"]["bound"]:
            results["stations"]["bound"] = simple
            results["stations"]["bound_source"] = "simple"
            warnings.append(
                "neither HiGHS nor the stage LPs finished a bound within the time limit: the gap is "
                "against a simple bound (all reachable EVs and trips covered); raise time_limit_s"
            )
    advance(1)
    steps.close()
    time_solve = time.perf_counter() - tick

    for part, res in results.items():
        if res["values"] is None:
            raise SolverError(
                f"HiGHS found no plan for the {part} part within {time_limit_s:g} s; raise time_limit_s"
            )
    solution = _solution(data, planning, models, results)
    objective = sum(float(models[p].cost @ r["values"]) for p, r in results.items())
    bound = sum(r["bound"] for r in results.values())
    bound = max(bound, objective)  # a dual bound is exact only up to solver tolerance
    gap = (bound - objective) / max(abs(objective), 1e-12)
    timed_out = any(r["status"] == "time_limit" for r in results.values())
    status = (
        "optimal"
        if gap <= OPTIMAL_GAP
        else "gap_limit"
        if gap <= mip_rel_gap
        else "time_limit"
        if timed_out
        else "stopped"
    )
    if timed_out and gap > mip_rel_gap:
        warnings.append(time_limit_warning(time_limit_s, gap))
    n_cols = sum(s[0] for s in sizes.values())
    n_rows = sum(s[1] for s in sizes.values())
    n_nz = sum(s[2] for s in sizes.values())
    report = SolveReport(
        status=status,
        termination="; ".join(f"{p}: {r['termination']}" for p, r in results.items()),
        objective=float(objective),
        best_bound=float(bound),
        gap=float(gap),
        bound_source=", ".join(f"{p}: {r.get('bound_source', 'highs')}" for p, r in results.items()),
        greedy_objective=None,
        time_check_s=time_check,
        time_greedy_s=time_greedy,
        time_build_s=time_build,
        time_solve_s=time_solve,
        time_total_s=time.perf_counter() - t_start,
        n_variables=n_cols,
        n_constraints=n_rows,
        n_nonzeros=n_nz,
        solver=f"highs {_highs_version_string()} via highspy (planning model)",
        options={**options, "time_limit": float(time_limit_s), "mip_rel_gap": float(mip_rel_gap)},
        warnings=warnings,
        plan_source="start" if all(r["status"] == "own_bound" for r in results.values()) else "highs",
        warm_start_accepted=None if start_values is None else True,
        start_objective=start_objective,
        own_bound=float(own_bound) if math.isfinite(own_bound) else None,
        time_bound_s=time_bound,
        parts={
            p: {
                "status": r["status"],
                "termination": r["termination"],
                "objective": float(models[p].cost @ r["values"]),
                "bound": r["bound"],
                "bound_source": r.get("bound_source", "highs"),
                "highs_nodes": r["nodes"],
                "columns": sizes[p][0],
                "rows": sizes[p][1],
                "rows_by_family": models[p].family_rows(),
            }
            for p, r in results.items()
        },
    )
    say(f"done: {report.status}, objective {report.objective:,.2f}, gap {100 * report.gap:.3f} %")
    return solution, report


def combined(models: list[ExtendedModel]) -> ExtendedModel:
    """One block-diagonal model of several parts (for writing the whole planning model to one file)."""
    offsets = np.cumsum([0, *[m.n_cols for m in models]])
    return ExtendedModel(
        part="+".join(m.part for m in models),
        cost=np.concatenate([m.cost for m in models]),
        col_lower=np.concatenate([m.col_lower for m in models]),
        col_upper=np.concatenate([m.col_upper for m in models]),
        integer=np.concatenate([m.integer for m in models]),
        matrix=sp.block_diag([m.matrix for m in models], format="csr"),
        row_lower=np.concatenate([m.row_lower for m in models]),
        row_upper=np.concatenate([m.row_upper for m in models]),
        stages=[
            dataclasses.replace(c, base={k: v + int(o) for k, v in c.base.items()})
            for m, o in zip(models, offsets, strict=False)
            for c in m.stages
        ],
        col_names=[f"{m.part}.{n}" for m in models for n in m.col_names],
        row_families=[(f"{m.part}.{f}", n) for m in models for f, n in m.row_families],
    )


def _run(
    model: ExtendedModel,
    start: FloatArray | None,
    options: dict[str, Any],
    time_limit_s: float,
    mip_rel_gap: float,
    say: Progress,
    name: str,
    *,
    explain_infeasible: bool = True,
) -> dict[str, Any]:
    """Run HiGHS on one part; return values, bound, status, termination and node count.

    An infeasible model raises :class:`InfeasibleError` (``explain_infeasible``) or returns no values.
    """
    import highspy

    h = highs_from_arrays(model)
    for key, value in options.items():
        h.setOptionValue(key, value)
    h.setOptionValue("time_limit", float(time_limit_s))
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    if start is not None:
        sol = highspy.HighsSolution()
        sol.col_value = start.tolist()
        sol.value_valid = True
        h.setSolution(sol)
    h.resetGlobalScheduler(True)
    say(f"HiGHS: {name} part, {model.n_cols:,} columns, {model.n_rows:,} rows, limit {time_limit_s:.0f} s")
    h.run()
    status = h.getModelStatus()
    termination = h.modelStatusToString(status)
    infeasible = status in (
        highspy.HighsModelStatus.kInfeasible,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    )
    if infeasible and not explain_infeasible:
        return {
            "values": None,
            "bound": -math.inf,
            "status": "infeasible",
            "termination": termination,
            "nodes": 0,
        }
    if infeasible:
        say(
            f"HiGHS proved the {name} part infeasible; finding which requirements fall short, and by how much"
        )
        found = diagnose_infeasibility(model, options, min(time_limit_s, 60.0))
        raise InfeasibleError(
            *(
                found
                or [
                    f"the {name} part of the planning model has no feasible plan although every single "
                    "requirement can be met on its own: requirements conflict (for example grid headroom "
                    "with the county minimums or the terminal quota); relax one and rerun"
                ]
            )
        )
    info = h.getInfo()
    values = None
    if int(info.primal_solution_status) >= 2:
        values = np.asarray(h.getSolution().col_value, dtype=np.float64)
    elif start is not None:
        values = start
    bound = float(info.mip_dual_bound) if math.isfinite(info.mip_dual_bound) else math.inf
    if model.integer.sum() == 0:
        bound = float(info.objective_function_value)
    state = {
        highspy.HighsModelStatus.kOptimal: "optimal",
        highspy.HighsModelStatus.kTimeLimit: "time_limit",
    }.get(status, "stopped")
    if values is not None:
        say(
            f"HiGHS: {name} part {termination}, objective {float(model.cost @ values):,.2f}, "
            f"bound {bound:,.2f}"
        )
    return {
        "values": values,
        "bound": bound,
        "status": state,
        "termination": termination,
        "nodes": int(info.mip_node_count),
    }


#: Families relaxed by :func:`diagnose_infeasibility`: (unit, what the requirement is, how to relax it).
ELASTIC_FAMILIES: dict[str, tuple[str, str, str]] = {
    "con_substation_headroom": ("kW", "substation headroom", "raise its headroom or add a substation"),
    "con_county_min_stations": ("stations", "county station minimum", "lower county_min_share"),
    "con_county_max_stations": ("stations", "county station cap", "raise county_max_share"),
    "con_county_min_piles": ("piles", "county pile minimum", "lower county_min_share"),
    "con_county_max_piles": ("piles", "county pile cap", "raise county_max_share"),
    "con_rural_stations": ("stations", "rural station minimum", "lower rural_min_share_stations"),
    "con_rural_piles": ("piles", "rural pile minimum", "lower rural_min_share_piles"),
    "con_terminal_quota": ("terminals", "terminal quota", "lower terminal_share"),
}


def diagnose_infeasibility(model: ExtendedModel, options: dict[str, Any], time_limit_s: float) -> list[str]:
    r"""Say which requirements of an infeasible part conflict, and by how much.

    The grid link rows get a big M (their :math:`\min(\kappa \bar c_j, H_\sigma)` would hide a
    headroom shortfall).  Every row of the families in :data:`ELASTIC_FAMILIES` gets a slack column
    :math:`\sigma_r \ge 0` (``row + \sigma_r \ge lower`` for minimums, ``row - \sigma_r \le upper``
    for caps and headroom), the objective becomes :math:`\max -\sum_r \sigma_r` and HiGHS solves that
    elastic MIP.  Each row with a positive slack is one message: the family, the stage, the row's index
    within the family and the amount.  Returns an empty list when even the elastic model is infeasible
    or not solved in time.
    """
    starts = np.cumsum([0, *[n for _, n in model.row_families]])
    slack_rows: list[int] = []
    slack_sign: list[float] = []
    labels: list[tuple[str, str, int]] = []
    for (family, count), first in zip(model.row_families, starts, strict=False):
        key, _, stage = family.partition("[")
        if key not in ELASTIC_FAMILIES:
            continue
        for r in range(count):
            row = int(first) + r
            lower_bound = math.isfinite(model.row_lower[row]) and model.row_lower[row] > -1e300
            slack_rows.append(row)
            slack_sign.append(1.0 if lower_bound else -1.0)
            labels.append((key, stage.rstrip("]"), r))
    if not slack_rows:
        return []
    n = len(slack_rows)
    # the link rows e <= min(kappa cbar, H) g carry the headroom too: give them a big M instead
    matrix = model.matrix.tocsr(copy=True)
    for (family, count), first in zip(model.row_families, starts, strict=False):
        if family.partition("[")[0] == "con_grid_link":
            block = slice(int(matrix.indptr[first]), int(matrix.indptr[first + count]))
            matrix.data[block] = np.where(matrix.data[block] < 0, -1e7, matrix.data[block])
    extra = sp.csr_matrix(
        (np.asarray(slack_sign), (np.asarray(slack_rows), np.arange(n))), shape=(model.n_rows, n)
    )
    elastic = dataclasses.replace(
        model,
        cost=np.concatenate([np.zeros(model.n_cols), -np.ones(n)]),
        col_lower=np.concatenate([model.col_lower, np.zeros(n)]),
        col_upper=np.concatenate([model.col_upper, np.full(n, np.inf)]),
        integer=np.concatenate([model.integer, np.zeros(n, dtype=bool)]),
        matrix=sp.hstack([matrix, extra], format="csr"),
        col_names=[*model.col_names, *[f"slack[{i}]" for i in range(n)]],
    )
    res = _run(elastic, None, options, time_limit_s, 1e-6, _silent, "diagnosis", explain_infeasible=False)
    if res["values"] is None:
        return []
    slack = np.asarray(res["values"], dtype=np.float64)[model.n_cols :]
    out = []
    for (key, stage, r), amount in zip(labels, slack, strict=True):
        if amount > 1e-6:
            unit, what, fix = ELASTIC_FAMILIES[key]
            out.append(
                f"stage {stage}: {what} #{r} cannot be met together with the other requirements: "
                f"short by {amount:,.1f} {unit}; {fix}"
            )
    return out


def _fixed(model: ExtendedModel, cols: IntArray, values: FloatArray, *, relax: bool) -> ExtendedModel:
    """A copy of ``model`` with columns ``cols`` fixed to ``values`` (integrality dropped if ``relax``)."""
    lower, upper = model.col_lower.copy(), model.col_upper.copy()
    lower[cols] = values
    upper[cols] = values
    integer = np.zeros_like(model.integer) if relax else model.integer.copy()
    return dataclasses.replace(model, col_lower=lower, col_upper=upper, integer=integer)


def _complete(
    model: ExtendedModel,
    planning: Planning,
    opened: list[BoolArray],
    options: dict[str, Any],
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
    """
    x_cols = np.concatenate([c.x() for c in model.stages])
    x_vals = np.concatenate([o.astype(np.float64) for o in opened])
    relaxed = _run(
        _fixed(model, x_cols, x_vals, relax=True),
        None,
        options,
        time_limit_s,
        gap,
        _silent,
        "start",
        explain_infeasible=False,
    )
    if relaxed["values"] is not None:
        values = np.asarray(relaxed["values"], dtype=np.float64)
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
            lam = _capacity_use(model, s, sv)
            level = np.searchsorted(cap, lam - 1e-7, side="left") + queue.min_chargers
            want = np.where(opened[s], np.clip(level, queue.min_chargers, queue.max_chargers), 0)
            if previous.size:
                want = np.maximum(want, previous)
            chargers = want
            if grid is not None and cols.g_site.size:
                headroom = np.asarray(grid.headroom_kw, dtype=np.float64) * planning.stages[s].headroom_factor
                packed = _pack_grid(
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
            polished = _run(
                _fixed(model, np.concatenate(fix_cols), np.concatenate(fix_vals), relax=False),
                None,
                options,
                time_limit_s,
                gap,
                _silent,
                "start",
                explain_infeasible=False,
            )
            if polished["values"] is not None:
                say("start completion: LP relaxation, chargers rounded up, LP polish, chargers trimmed")
                return trim_chargers(model, planning, np.asarray(polished["values"], dtype=np.float64))
            say(f"start completion: the polish LP is {polished['termination'].lower()}")
    res = _run(
        _fixed(model, x_cols, x_vals, relax=False),
        None,
        options,
        time_limit_s,
        gap,
        _silent,
        "start",
        explain_infeasible=False,
    )
    say(f"start completion (MIP): {res['termination']}")
    return None if res["values"] is None else np.asarray(res["values"], dtype=np.float64)


def model_stage_name(model: ExtendedModel, s: int) -> str:
    """Name of stage ``s`` of ``model`` (from its first column name)."""
    cols = model.stages[s]
    name = (
        model.col_names[cols.base["x"]]
        if cols.base["y"] > cols.base["x"]
        else model.col_names[cols.base["n"]]
    )
    return name.split("[")[1].rstrip("]")


def _pack_grid(
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
        load = _capacity_use(model, s, sv)
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


def _capacity_use(model: ExtendedModel, s: int, sv: dict[str, Any]) -> FloatArray:
    """Peak sessions per hour each candidate carries in a (relaxed) solution of stage ``s``."""
    cols = model.stages[s]
    n_sites = cols.base["y"] - cols.base["x"]
    return np.bincount(cols.h_site, weights=cols.h_rate * sv["h"], minlength=n_sites).astype(np.float64)


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
    :func:`siting.bound.pile_bound` of the stage, times the stage weight, bounds it; so does the sum.
    Returns ``inf`` without a start (there is nothing to prove).
    """
    from siting.bound import pile_bound
    from siting.solve import split_parts

    if start is None:
        return math.inf
    total = 0.0
    for s, stage in enumerate(planning.stages):
        pile_part = split_parts(stage_data(data, stage))[1]
        weight = float(stage.weight)
        own = _stage_slice_objective(model, start, s) / max(weight, 1e-12)
        total += weight * pile_bound(
            pile_part, incumbent=own, target_gap=target_gap, time_limit_s=time_limit_s
        )
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


def stage_lp_bound(
    data: ModelData,
    planning: Planning,
    options: dict[str, Any],
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
        single = dataclasses.replace(planning, stages=[stage])
        model = build_extended(dataclasses.replace(data, planning=single), "stations")
        relaxed = dataclasses.replace(model, integer=np.zeros_like(model.integer))
        left = deadline - time.perf_counter()
        if left <= 0:
            return math.inf
        res = _run(
            relaxed,
            None,
            {**options, "solver": "simplex"},
            left,
            0.0,
            _silent,
            f"LP {stage.name}",
            explain_infeasible=False,
        )
        if res["status"] != "optimal" or not math.isfinite(res["bound"]):
            return math.inf
        total += float(res["bound"])
        say(f"stage {stage.name}: LP bound {res['bound']:,.2f}")
        if advance is not None:
            advance(1)
    return total


# ---------------------------------------------------------------------------------- start plan


def _station_start(data: ModelData, planning: Planning, say: Progress) -> list[BoolArray] | None:
    """Stations per stage from the base greedy + swaps, repaired for caps, rural minimum and grid reach."""
    allowed = np.ones(data.n_candidates, dtype=bool)
    if planning.grid is not None:
        allowed = np.diff(canonical_csr(planning.grid.distance_m).indptr) > 0
    kept = np.asarray(data.station_locked, dtype=bool).copy()
    out: list[BoolArray] = []
    for stage in planning.stages:
        sd = stage_data(data, stage)
        proxy = _restrict(sd, allowed, kept)
        try:
            opened = greedy_stations(proxy)
            opened = improve_stations(proxy, opened)
        except (SolverError, InfeasibleError) as exc:
            say(f"no heuristic start for stage {stage.name}: {exc}")
            return None
        repaired = _repair(sd, planning, stage, opened, allowed, kept)
        if repaired is None:
            say(f"the heuristic start for stage {stage.name} breaks a cap or the rural minimum; no start")
            return None
        out.append(repaired)
        kept = kept | repaired
    return out


def _pile_start(
    data: ModelData,
    planning: Planning,
    model: ExtendedModel,
    options: dict[str, Any],
    time_limit_s: float,
    say: Progress,
) -> FloatArray | None:
    """Piles per stage from the base greedy on what the stage adds; flows and the rest by one LP."""
    from siting.solve import split_parts

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
    res = _run(
        _fixed(model, cols, vals, relax=False),
        None,
        options,
        time_limit_s,
        1e-6,
        _silent,
        "start",
        explain_infeasible=False,
    )
    if res["values"] is None:
        say("the greedy pile start breaks a county cap or the rural minimum; HiGHS starts cold")
        return None
    say(f"pile start objective {float(model.cost @ res['values']):,.2f}")
    return np.asarray(res["values"], dtype=np.float64)


def _restrict(data: ModelData, allowed: BoolArray, kept: BoolArray) -> ModelData:
    """``data`` with disallowed candidates covering nothing and ``kept`` sites locked."""
    import dataclasses

    keep = np.where(allowed, 1.0, 0.0)
    fast = canonical_csr(data.fast_time_min) @ _diag(keep)
    term = canonical_csr(data.terminal_dist_m) @ _diag(keep)
    fast.eliminate_zeros()
    term.eliminate_zeros()
    return dataclasses.replace(
        data,
        fast_time_min=fast.tocsr(),
        terminal_dist_m=term.tocsr(),
        station_locked=np.asarray(kept, dtype=bool),
    )


def _diag(values: FloatArray) -> Any:
    import scipy.sparse as sp

    return sp.diags(values, format="csr")


def _repair(
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


# ----------------------------------------------------------------------------------- solution


def _solution(
    data: ModelData,
    planning: Planning,
    models: dict[str, ExtendedModel],
    results: dict[str, dict[str, Any]],
) -> Solution:
    """Turn the column values of both parts into a :class:`Solution` with one :class:`StagePlan` per stage."""
    queue = planning.queue
    stages: list[StagePlan] = []
    first: Solution | None = None
    for s, stage in enumerate(planning.stages):
        sv = values_of(models["stations"], np.asarray(results["stations"]["values"]), s)
        pv = values_of(models["piles"], np.asarray(results["piles"]["values"]), s)
        cols = models["stations"].stages[s]
        pcols = models["piles"].stages[s]
        opened = sv["x"] > 0.5
        upper = np.floor(models["piles"].col_upper[pcols.base["n"] : pcols.base["f"]] + 1e-9)
        piles = np.clip(np.rint(pv["n"]), 0, upper).astype(np.int64)
        sd = stage_data(data, stage)
        base = evaluate(sd, opened, piles)
        chargers = np.where(opened, queue.min_chargers, 0).astype(np.int64)
        if cols.u_site.size:
            np.add.at(chargers, cols.u_site, (sv["u"] > 0.5).astype(np.int64))
        load = np.bincount(cols.h_site, weights=cols.h_rate * sv["h"], minlength=data.n_candidates).astype(
            np.float64
        )
        merged = np.zeros(
            int(cols.zone_of.max()) + 1 if cols.zone_of is not None and cols.zone_of.size else 0
        )
        merged[cols.demand_zones] = np.clip(sv["y"], 0.0, 1.0)
        share = merged[cols.zone_of] if cols.zone_of is not None else np.zeros(data.n_demand)
        substation = np.full(data.n_candidates, -1, dtype=np.int64)
        sub_load = np.zeros(0)
        if planning.grid is not None:
            linked = sv["g"] > 0.5
            substation[cols.g_site[linked]] = cols.g_sub[linked]
            sub_load = np.bincount(cols.g_sub, weights=sv["e"], minlength=planning.grid.n_substations).astype(
                np.float64
            )
        trips = np.zeros(0, dtype=bool)
        if planning.corridors is not None:
            trips = np.zeros(planning.corridors.n_trips, dtype=bool)
            trips[cols.v_trip] = sv["v"] > 0.5
        objective = float(
            _stage_slice_objective(models["stations"], results["stations"]["values"], s)
            + _stage_slice_objective(models["piles"], results["piles"]["values"], s)
        )
        plan = StagePlan(
            name=stage.name,
            open_station=opened,
            piles=piles,
            terminal_covered=base.terminal_covered,
            chargers=chargers,
            station_load_per_h=load,
            fast_served_share=share,
            substation=substation,
            substation_load_kw=sub_load,
            trip_covered=trips,
            objective=objective,
        )
        stages.append(plan)
        if s == 0:
            first = base
    assert first is not None
    total = sum(float(models[p].cost @ r["values"]) for p, r in results.items())
    first.objective = total
    first.fast_served_share = stages[0].fast_served_share
    first.fast_covered = first.fast_covered & (stages[0].fast_served_share > 0.5)
    first.stages = stages
    return first


def _stage_slice_objective(model: ExtendedModel, values: Any, s: int) -> float:
    """Objective of the columns of stage ``s`` (its block runs to the next stage's first column)."""
    start = model.stages[s].base["x"]
    end = model.stages[s + 1].base["x"] if s + 1 < len(model.stages) else model.n_cols
    v = np.asarray(values, dtype=np.float64)
    return float(model.cost[start:end] @ v[start:end])
