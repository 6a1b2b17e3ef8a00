"""Strategy for the base model: exact reductions, greedy + swaps, Lagrangian and LP bounds, two parts.

1. :func:`~siting.model.checks.check_feasibility`;
2. the exact reductions of :func:`~siting.solve.reduce.reduce_model_data` (``SolveReport.reductions``);
3. the greedy plan (:func:`~siting.solve.greedy.greedy_solution`) improved by swaps
   (:func:`~siting.solve.greedy.improve_stations`), then by a MIP on the sites the Lagrangian points to
   (:meth:`BaseStrategy.improve_stations`): the MIP start and the fallback;
4. the station part and the pile part of the reduced model (they share no row,
   :func:`~siting.model.parts.split_parts`), each built straight from the sparse matrices
   (:func:`~siting.model.arrays.build_arrays`) with our own bound: Lagrangian for the stations
   (:func:`~siting.solve.bound.lagrangian_station_bound`), LP for the piles
   (:func:`~siting.solve.bound.pile_bound`);
5. the parts' plans are mapped back to the original indices and re-evaluated
   (:func:`~siting.model.evaluate.evaluate`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from siting._errors import SolverError
from siting._typing import BoolArray, FloatArray, IntArray, Progress
from siting.model.arrays import LinearModel, MatrixModel, build_arrays, start_vector
from siting.model.checks import check_feasibility
from siting.model.data import ModelData, Solution, county_label
from siting.model.evaluate import evaluate, plan_violations
from siting.model.parts import split_parts
from siting.solve.bound import lagrangian_station_bound, pile_bound, trivial_bound
from siting.solve.diagnose import diagnose_infeasibility
from siting.solve.greedy import greedy_solution, improve_stations
from siting.solve.highs import run_highs_on_columns
from siting.solve.options import (
    NEIGHBOURHOOD_MIN_S,
    NEIGHBOURHOOD_MIN_SHARE,
    NEIGHBOURHOOD_SHARE,
    NEIGHBOURHOOD_SITES_PER_STATION,
    PILE_LP_TIME_LIMIT_S,
)
from siting.solve.parts import Clock, Part
from siting.solve.reduce import Reduction, reduce_model_data

__all__ = ["BaseStrategy", "name_row_key", "plan_of"]


def plan_of(model: MatrixModel, values: FloatArray) -> tuple[BoolArray, IntArray]:
    """The opened sites and the piles (rounded within their bounds) of a column vector of ``model``."""
    b = model.blocks
    opened = values[b["x"] : b["y"]] > 0.5
    upper = np.floor(model.col_upper[b["n"] : b["f"]] + 1e-9)
    piles = np.clip(np.rint(values[b["n"] : b["f"]]), 0, upper).astype(np.int64)
    return opened, piles


def name_row_key(data: ModelData, family: str, key: int) -> str:
    """Name the key of a row of ``family`` as the user wrote it (county name, site id, substation id)."""
    if "county" in family:
        return county_label(data, key)
    if family == "con_locked_sites":
        ids = data.site_ids
        return str(ids[key]) if 0 <= key < len(ids) else f"candidate {key}"
    if family == "con_substation_headroom" and data.planning is not None and data.planning.grid is not None:
        subs = data.planning.grid.substation_ids
        return str(subs[key]) if 0 <= key < len(subs) else f"#{key}"
    return str(key)


class BaseStrategy:
    """The base model (stations and piles, no planning family)."""

    label = "sparse arrays"
    model_kind = "base"

    def __init__(self, data: ModelData, *, reduce: bool, local_search_swaps: int | None) -> None:
        self.data = data
        self.reduce = reduce
        self.local_search_swaps = local_search_swaps
        self.timings: dict[str, float] = {}
        self.warnings: list[str] = []
        self.greedy_objective: float | None = None
        self.reductions: dict[str, int] = {}
        self.reduction: Reduction | None = None
        self.models: dict[str, MatrixModel] = {}
        self.part_data: dict[str, ModelData] = {}
        self.start_plan: Solution | None = None
        self.shares: FloatArray = np.zeros(data.n_candidates)
        self._whole: MatrixModel | None = None

    def check(self) -> None:
        """:func:`~siting.model.checks.check_feasibility`."""
        check_feasibility(self.data)

    def _start(self, work: ModelData, clock: Clock, say: Progress) -> Solution | None:
        """The greedy plan improved by swaps, on the reduced data (None when the greedy finds none)."""
        tick = time.perf_counter()
        say("building the greedy plan")
        try:
            greedy = greedy_solution(work)
        except SolverError as exc:
            self.warnings.append(f"no greedy plan ({exc}); HiGHS solves without a start")
            self.timings["greedy"] = time.perf_counter() - tick
            return None
        assert self.reduction is not None
        self.greedy_objective = float(self.reduction.expand(greedy).objective)
        self.timings["greedy"] = time.perf_counter() - tick
        say(f"greedy objective {self.greedy_objective:,.2f} in {self.timings['greedy']:.2f} s")
        tick = time.perf_counter()
        plan = greedy
        if self.local_search_swaps != 0:
            better = improve_stations(
                work,
                greedy.open_station,
                max_swaps=self.local_search_swaps,
                time_limit_s=clock.heuristic_s(),  # a safety net: the swap count stops it first
            )
            plan = evaluate(work, better, greedy.piles)
            say(f"local search objective {plan.objective:,.2f}")
        self.timings["local_search"] = time.perf_counter() - tick
        if plan_violations(work, plan.open_station, plan.piles):
            self.warnings.append("start plan discarded, it breaks a requirement")  # a bug guard
            return None
        return plan

    def parts(
        self, options: Mapping[str, Any], clock: Clock, mip_rel_gap: float, say: Progress
    ) -> list[Part]:
        """Reductions, start, then the pile part and the station part with their own bounds."""
        tick = time.perf_counter()
        if self.reduce:
            self.reduction = reduce_model_data(self.data)
            say(f"reductions in {time.perf_counter() - tick:.2f} s: {self.reduction.removed}")
        else:
            n_c, n_p = self.data.n_candidates, self.data.n_pile_sites
            self.reduction = Reduction(self.data, self.data, np.arange(n_c), np.arange(n_p), [], {})
        self.reductions = dict(self.reduction.removed)
        self.timings["reduce"] = time.perf_counter() - tick
        work = self.reduction.data
        plan = self._start(work, clock, say)
        self.start_plan = plan
        source = "greedy"
        if plan is not None and self.greedy_objective is not None:
            expanded = self.reduction.expand(plan).objective
            if expanded > self.greedy_objective + 1e-9 * abs(self.greedy_objective):
                source = "local_search"
        tick = time.perf_counter()
        stations_data, piles_data = split_parts(work)
        out = []
        for name, part_data in (("piles", piles_data), ("stations", stations_data)):
            model = build_arrays(part_data)
            self.models[name], self.part_data[name] = model, part_data
            start = None
            if plan is not None:
                part_plan = evaluate(part_data, plan.open_station, plan.piles)
                start = start_vector(
                    model,
                    part_plan.open_station,
                    part_plan.piles,
                    part_plan.fast_covered,
                    part_plan.terminal_covered,
                    part_plan.slow_flow_ev,
                )
            trivial = (
                part_data.n_piles if name == "piles" else part_data.n_stations
            ) == 0 and start is not None
            out.append(
                Part(name, model, start, start_source=source, trivial=trivial, accept=self._acceptor(name))
            )
        # the whole model too (the report states its size): built now, it is paid before HiGHS gets
        # what is left of the clock, not after the limit (4 s on the 100,000-zone instance)
        self.model_to_write()
        self.timings["build"] = time.perf_counter() - tick
        tick = time.perf_counter()
        self._own_bounds(out, clock, mip_rel_gap)
        self.timings["bound"] = time.perf_counter() - tick
        say(f"own bounds: stations {out[1].own_bound:,.2f} (lagrangian), piles {out[0].own_bound:,.2f}")
        tick = time.perf_counter()
        self.improve_stations(out[1], options, clock, mip_rel_gap, say)
        self.timings["improve"] = time.perf_counter() - tick
        return out

    def improve_stations(
        self, part: Part, options: Mapping[str, Any], clock: Clock, mip_rel_gap: float, say: Progress
    ) -> None:
        """Replace the station start by the best plan on the sites the Lagrangian and the start point to.

        The station part with :math:`x_j = 0` outside that neighbourhood (the start's sites and those the
        Lagrangian's smoothed relaxation opens by at least
        :data:`~siting.solve.options.NEIGHBOURHOOD_MIN_SHARE`,
        :func:`~siting.solve.bound.lagrangian_station_bound`, largest first, at most
        :data:`~siting.solve.options.NEIGHBOURHOOD_SITES_PER_STATION` per station in all) is
        a MIP a fraction of the size (the other sites' columns are left out), which HiGHS solves from the
        start within :data:`~siting.solve.options.NEIGHBOURHOOD_SHARE` of what is left, when that is at least
        :data:`~siting.solve.options.NEIGHBOURHOOD_MIN_S`.  Its plan is feasible for the
        whole part (only bounds changed), so it replaces the start when better; the bound is untouched.
        When HiGHS does not solve its root LP within the budget, the time it took, scaled to the whole
        part's size, becomes the part's ``min_time_s``: HiGHS on the whole part, whose root LP does not
        stop at the limit, then runs only if that much is left.
        Run unless the start is proven within a tenth of ``mip_rel_gap`` (the gap it aims for): a plan
        proven within ``mip_rel_gap`` may still be improved cheaply (plan quality, issue 15 goal 4).
        """
        value = part.start_objective
        if value is None or part.start is None or part.own_bound - value <= mip_rel_gap / 10 * abs(value):
            return
        budget = NEIGHBOURHOOD_SHARE * clock.for_solver()
        if budget < NEIGHBOURHOOD_MIN_S:  # loading and the root LP do not look at the limit
            say(f"no time for the neighbourhood MIP ({budget:.1f} s of at least {NEIGHBOURHOOD_MIN_S:g} s)")
            return
        model = part.model
        assert isinstance(model, MatrixModel)
        b = model.blocks
        sites, _ = plan_of(model, np.asarray(part.start))
        # the sites with the largest shares in the Lagrangian's smoothed relaxation (about an LP optimum),
        # at most NEIGHBOURHOOD_SITES_PER_STATION x p in all
        room = max(NEIGHBOURHOOD_SITES_PER_STATION * int(sites.sum()) - int(sites.sum()), 0)
        ranked = np.argsort(-self.shares, kind="stable")
        ranked = ranked[(self.shares[ranked] >= NEIGHBOURHOOD_MIN_SHARE) & ~sites[ranked]][:room]
        sites[ranked] = True
        keep = np.ones(model.n_cols, dtype=bool)
        keep[b["x"] : b["y"]] = sites  # the other sites' columns are left out (held at 0)
        run = run_highs_on_columns(
            model,
            keep,
            options=options,
            time_limit_s=budget,
            mip_rel_gap=mip_rel_gap / 10,
            start=part.start,
            name="neighbourhood",
        )
        if not math.isfinite(run.bound):
            # HiGHS did not get through the root LP of the part on these columns within the budget; on
            # every column (the same rows) it will not in the time left either (on the 100,000-zone
            # instance that root ran 15 s past the limit): the estimate, scaled by size, keeps it off
            nonzeros = np.bincount(model.matrix.indices, minlength=model.n_cols)
            share = float(nonzeros[keep].sum()) / max(float(model.matrix.nnz), 1.0)
            part.min_time_s = (run.time_load_s + run.time_run_s) / max(share, 1e-9)
        if run.values is None:
            return
        values = np.asarray(run.values, dtype=np.float64)
        better = float(model.cost @ values)
        broken = part.accept(values) if part.accept is not None else ""
        if better > value + 1e-9 * abs(value) and not broken:
            say(f"neighbourhood MIP on {int(sites.sum()):,} sites: stations {value:,.2f} -> {better:,.2f}")
            part.start, part.start_source = values, "neighbourhood"

    def _own_bounds(self, parts: list[Part], clock: Clock, mip_rel_gap: float) -> None:
        piles, stations = parts
        incumbent_st = stations.start_objective or 0.0
        start = None
        if stations.start is not None:
            start, _ = plan_of(self.models["stations"], np.asarray(stations.start))
        stations.own_bound, self.shares = lagrangian_station_bound(
            self.part_data["stations"],
            incumbent_st,
            start=start,
            target_gap=mip_rel_gap,
            time_limit_s=clock.heuristic_s(),  # a safety net: the iteration count stops it first
        )
        stations.own_source = "lagrangian"
        piles.own_bound = pile_bound(
            self.part_data["piles"],
            incumbent=piles.start_objective or 0.0,
            target_gap=mip_rel_gap,
            time_limit_s=min(PILE_LP_TIME_LIMIT_S, clock.for_solver()),
        )
        piles.own_source = "pile_bound"

    def _acceptor(self, name: str) -> Any:
        def accept(values: FloatArray) -> str:
            opened, piles = plan_of(self.models[name], values)
            return "; ".join(plan_violations(self.part_data[name], opened, piles))

        return accept

    def model_to_write(self) -> LinearModel:
        """The reduced model as one (both parts)."""
        assert self.reduction is not None
        if self._whole is None:
            self._whole = build_arrays(self.reduction.data)
        return self._whole

    def diagnose(self, part: Part, options: Mapping[str, Any], time_limit_s: float) -> list[str]:
        """Elastic model of the unreduced part with locked sites as rows."""
        stations, piles = split_parts(self.data)
        model = build_arrays(stations if part.name == "stations" else piles, locked_rows=True)
        return diagnose_infeasibility(
            model,
            options=options,
            time_limit_s=time_limit_s,
            name_key=lambda family, key: name_row_key(self.data, family, key),
        )

    def solution(self, parts: list[Part]) -> tuple[Solution, float]:
        """Stations of the station part, piles of the pile part, mapped back and evaluated."""
        by_name = {p.name: p for p in parts}
        opened, _ = plan_of(self.models["stations"], np.asarray(by_name["stations"].values))
        _, piles = plan_of(self.models["piles"], np.asarray(by_name["piles"].values))
        assert self.reduction is not None
        opened_all, piles_all = self.reduction.expand_arrays(opened, piles)
        broken = plan_violations(self.data, opened_all, piles_all)
        if broken:
            raise SolverError(f"the plan breaks: {'; '.join(broken)} (a bug: please report it)")
        solution = evaluate(self.data, opened_all, piles_all)
        return solution, float(solution.objective)

    def global_bound(self) -> tuple[float, str] | None:
        """:func:`~siting.solve.bound.trivial_bound`."""
        value = trivial_bound(self.data)
        return (value, "trivial") if math.isfinite(value) else None

    def start_objective(self) -> float | None:
        """Objective of the start plan in the original index space."""
        if self.start_plan is None or self.reduction is None:
            return None
        return float(self.reduction.expand(self.start_plan).objective)
