"""Strategy for the planning model: every stage and planning family, in a station part and a pile part.

1. :func:`~siting.model.checks.check_planning`: the base checks of every stage and those of the planning
   families;
2. both parts built by :func:`~siting.model.extended.build_extended` (all stages in one model per part);
3. starts (:mod:`siting.solve.start`): piles stage by stage by the base greedy, flows by one LP; stations
   stage by stage by the base greedy and swaps, repaired for caps, rural minimum and grid reach, completed by
   LP into a feasible plan;
4. own bounds (:mod:`siting.solve.bound`): the stage pile bounds, the capacity relaxation LPs of the
   station part (then its local form's LPs, then the full stage LPs when they fit the time, while those
   before do not prove the gap), a simple bound that needs no solve;
5. a better station choice where the relaxation LPs point (:func:`~siting.solve.start.improve_choice`),
   completed and kept when it beats the start; where queues bind in places (the start leaves EVs in reach
   unserved, :func:`~siting.solve.start.queue_loss`) the local capacity relaxation's stage LPs instead
   (bound) and its MIPs stage by stage (:func:`~siting.solve.start.improve_by_stage`, choice);
6. the plan of each stage (:class:`~siting.model.data.StagePlan`) read back from both parts.

The first stage's plan fills the usual :class:`~siting.model.data.Solution` fields (the plan the city
commits to now); ``Solution.stages`` holds every stage.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import scipy.sparse as sp

from siting._typing import BoolArray, FloatArray, Progress
from siting.model.arrays import LinearModel
from siting.model.checks import check_planning
from siting.model.data import ModelData, Planning, Solution, StagePlan
from siting.model.evaluate import evaluate
from siting.model.extended import ExtendedModel, build_extended, stage_data, stage_slice_objective, values_of
from siting.solve.base import name_row_key
from siting.solve.bound import (
    StageRelaxation,
    relaxed_stage_bound,
    simple_pile_bound,
    simple_station_bound,
    stage_lp_bound,
    stage_pile_bound,
)
from siting.solve.diagnose import diagnose_infeasibility
from siting.solve.options import (
    FIRST_PLAN_MIN_S,
    LOCAL_CHOICE_SHARE,
    MIN_STEP_S,
    PILE_SHARE,
    ROOT_LP_FACTOR,
)
from siting.solve.parts import Clock, Part
from siting.solve.start import (
    complete_start,
    exact_completion,
    improve_by_stage,
    improve_choice,
    local_guide,
    pile_start,
    queue_loss,
    station_start,
)

__all__ = ["StagedStrategy", "combined", "solution_from_values", "stagewise_bound"]

#: The warning given when only the simple bound is left for the station part.
SIMPLE_BOUND_WARNING = (
    "neither HiGHS nor the capacity relaxation LPs finished a bound within the time limit: the gap is "
    "against a simple bound (all reachable EVs and trips covered); raise time_limit_s"
)


class StagedStrategy:
    """The planning model (``data.planning`` set)."""

    label = "planning model"
    model_kind = "planning"

    def __init__(self, data: ModelData, *, warm_start: bool) -> None:
        if data.planning is None:
            raise ValueError("StagedStrategy needs data.planning")
        self.data = data
        self.planning: Planning = data.planning
        self.warm_start = warm_start
        self.timings: dict[str, float] = {}
        self.warnings: list[str] = []
        self.greedy_objective: float | None = None
        self.reductions: dict[str, int] = {}
        self.models: dict[str, ExtendedModel] = {}
        self._start_objective: float | None = None
        self.stage_mip_bounds: list[float] = []  # of the last stage-by-stage choice (inf: no bound)
        self._whole: ExtendedModel | None = None

    def check(self) -> None:
        """:func:`~siting.model.checks.check_planning`."""
        check_planning(self.data)

    def parts(
        self, options: Mapping[str, Any], clock: Clock, mip_rel_gap: float, say: Progress
    ) -> list[Part]:
        """Both parts with their starts and own bounds (pile part first)."""
        tick = time.perf_counter()
        self.models = {part: build_extended(self.data, part) for part in ("piles", "stations")}
        self.model_to_write()  # the report states its size: paid now, before the clock is shared out
        self.timings["build"] = time.perf_counter() - tick
        say(
            "planning model: "
            + ", ".join(f"{k} {m.n_cols:,} columns × {m.n_rows:,} rows" for k, m in self.models.items())
            + f" ({len(self.planning.stages)} stage(s)) in {self.timings['build']:.1f} s"
        )
        piles = self._pile_part(options, clock, mip_rel_gap, say)
        # what is left of the pile part's budget stays its own (HiGHS runs on it after the station part),
        # unless its start and bound already prove the gap
        value = piles.start_objective
        proven = value is not None and value > 0 and piles.own_bound - value <= mip_rel_gap * value
        reserve = 0.0 if proven else (piles.time_limit_s or 0.0)
        return [piles, self._station_part(options, clock, mip_rel_gap, say, reserve)]

    def _pile_part(self, options: Mapping[str, Any], clock: Clock, gap: float, say: Progress) -> Part:
        """The pile part: its start, bound and HiGHS run share one budget (:data:`PILE_SHARE`)."""
        model = self.models["piles"]
        budget = clock.share(PILE_SHARE)
        end = time.perf_counter() + budget
        start = pile_start(self.data, self.planning, model, options, budget, say) if self.warm_start else None
        tick = time.perf_counter()
        own = stage_pile_bound(self.data, self.planning, start, model, gap, max(end - tick, MIN_STEP_S))
        self.timings["bound"] = self.timings.get("bound", 0.0) + time.perf_counter() - tick
        left = max(end - time.perf_counter(), MIN_STEP_S)
        return Part(
            "piles",
            model,
            start,
            own_bound=own,
            own_source="stage pile bounds",
            simple_bound=simple_pile_bound(self.data, self.planning),
            time_limit_s=left,
        )

    def _station_part(
        self, options: Mapping[str, Any], clock: Clock, gap: float, say: Progress, reserve_s: float
    ) -> Part:
        """The station part: start, capacity relaxation bound, LP-guided choice (less ``reserve_s``)."""
        model = self.models["stations"]

        def left() -> float:
            return max(clock.for_solver() - reserve_s, MIN_STEP_S)

        tick = time.perf_counter()
        chosen = (
            station_start(self.data, self.planning, say, deadline=clock.deadline) if self.warm_start else None
        )
        self.timings["greedy"] = time.perf_counter() - tick
        say(f"station start (greedy and swaps per stage) in {self.timings['greedy']:.1f} s")
        start: FloatArray | None = None
        completion_s = 0.0
        if chosen is not None:
            tick = time.perf_counter()
            first = max(left(), FIRST_PLAN_MIN_S)  # without it the station part has no plan
            start = complete_start(model, self.planning, chosen, options, first, gap / 2, say)
            completion_s = time.perf_counter() - tick
            if start is None:
                self.warnings.append(
                    "the heuristic station choice could not be completed (grid headroom?); no MIP start"
                )
            else:
                say(f"start plan objective {float(model.cost @ start):,.2f}")
        tick = time.perf_counter()
        relaxation = relaxed_stage_bound(self.data, self.planning, options, left(), say)
        took = relax_s = time.perf_counter() - tick
        self.timings["bound"] = self.timings.get("bound", 0.0) + took
        own = relaxation.value
        # queues that leave EVs in reach unserved: the coverage relaxations cannot see it, go local at once
        local_first = (
            chosen is not None
            and start is not None
            and queue_loss(model, start, chosen) > gap * max(abs(float(model.cost @ start)), 1e-9)
        )
        if chosen is not None and start is not None and math.isfinite(own) and not local_first:
            start = self._improve(model, chosen, start, relaxation, options, gap, say, left, completion_s)
        source = "capacity relaxation LPs"
        # HiGHS's root LP on the whole part does not stop at the limit (docs/performance.md): run it only
        # with ROOT_LP_FACTOR x what the stage LPs took, estimated from the relaxation LPs by the part's size
        root_s = took * max(model.matrix.nnz / max(relaxation.nonzeros, 1), 1.0)
        if start is not None:
            self._start_objective = value = float(model.cost @ start)
            # the stage-by-stage choice gets what HiGHS on the whole part could not use, else half the time
            share = 0.5 if ROOT_LP_FACTOR * root_s <= left() / 2 else LOCAL_CHOICE_SHARE
            # the local models are built before any limit can stop them: at least twice the relaxation's time
            local_fits = math.isfinite(own) and left() >= 2.0 * relax_s
            if own - value > gap * max(abs(value), 1e-9) and local_fits:
                # where queues bind in places the coverage choice is poor: the local relaxation chooses
                start = self._improve_by_stage(model, start, None, relaxation, options, gap, say, left, share)
                value = float(model.cost @ start)
            if own - value > gap * max(abs(value), 1e-9) and local_fits:
                # the local relaxation's LPs on every site bound each stage (per stage, the smaller bound)
                tick = time.perf_counter()
                local = relaxed_stage_bound(self.data, self.planning, options, left(), say, sessions=True)
                took = time.perf_counter() - tick
                self.timings["bound"] += took
                done = len(local.stage_values)
                if done == len(self.planning.stages):
                    root_s = took * max(model.matrix.nnz / max(local.nonzeros, 1), 1.0)
                both = stagewise_bound(relaxation.stage_values, local.stage_values)
                if done and both < own:
                    own, source = both, "local capacity relaxation LPs"
                    if done < len(self.planning.stages):
                        source += " (" + ", ".join(st.name for st in self.planning.stages[:done]) + ")"
                if own - value > gap * max(abs(value), 1e-9) and local.stations:
                    # time left: the whole LPs' sites are a wider neighbourhood than the guide's; when HiGHS
                    # cannot run, all of it but what the completion needs
                    if share != 0.5:
                        share = min(max(1.0 - 2.0 * completion_s / max(left(), 1e-9), 0.5), 0.95)
                    start = self._improve_by_stage(
                        model, start, local.stations, relaxation, options, gap, say, left, share
                    )
                    value = float(model.cost @ start)
                if own - value > gap * max(abs(value), 1e-9) and ROOT_LP_FACTOR * took <= left():
                    # still time: every site (its root LPs about as long as the local LPs just solved)
                    every = [np.ones(self.data.n_candidates) for _ in self.planning.stages]
                    start = self._improve_by_stage(
                        model, start, every, relaxation, options, gap, say, left, share
                    )
                    value = float(model.cost @ start)
                    # the first stage's MIP on every site bounds that stage
                    mip = stagewise_bound(relaxation.stage_values, local.stage_values, self.stage_mip_bounds)
                    say(f"local capacity relaxation MIP on every site: part bound {mip:,.2f}")
                    if mip < own:
                        own, source = mip, "local capacity relaxation MIP and LPs"
            if own - value > gap * max(abs(value), 1e-9) and root_s <= left():
                # the stages' LPs with every family (ladders, grid): tighter still, when they fit the time
                tick = time.perf_counter()
                full = stage_lp_bound(self.data, self.planning, options, left(), say)
                took = time.perf_counter() - tick
                self.timings["bound"] += took
                if math.isfinite(full):
                    root_s = took
                    if full < own:
                        own, source = full, "stage LPs"
        return Part(
            "stations",
            model,
            start,
            own_bound=own,
            own_source=source,
            simple_bound=simple_station_bound(self.data, self.planning),
            simple_warning=SIMPLE_BOUND_WARNING,
            min_time_s=ROOT_LP_FACTOR * root_s if math.isfinite(own) else math.inf,
        )

    def _improve(
        self,
        model: ExtendedModel,
        chosen: list[BoolArray],
        start: FloatArray,
        relaxation: StageRelaxation,
        options: Mapping[str, Any],
        gap: float,
        say: Progress,
        left: Callable[[], float],
        completion_s: float,
    ) -> FloatArray:
        """The LP-guided choice (:func:`improve_choice`), completed; kept when it beats ``start``."""
        value = float(model.cost @ start)
        if relaxation.value - value <= gap * max(abs(value), 1e-9) / 2:
            return start  # already proven well within the gap
        budget = left() - 2.0 * completion_s  # what the second completion will need, with room to spare
        if budget < MIN_STEP_S:
            say("no time left to improve the station choice")
            return start
        tick = time.perf_counter()
        better = improve_choice(
            self.data, self.planning, chosen, relaxation.stations, options, budget, gap / 10
        )
        if better is None or all((a == b).all() for a, b in zip(better, chosen, strict=True)):
            self.timings["improve"] = time.perf_counter() - tick
            return start
        done = complete_start(model, self.planning, better, options, left(), gap / 2, say)
        self.timings["improve"] = time.perf_counter() - tick
        if done is None or float(model.cost @ done) <= value:
            return start
        say(f"LP-guided station choice: objective {value:,.2f} -> {float(model.cost @ done):,.2f}")
        return done

    def _improve_by_stage(
        self,
        model: ExtendedModel,
        start: FloatArray,
        guide: list[FloatArray] | None,
        relaxation: StageRelaxation,
        options: Mapping[str, Any],
        gap: float,
        say: Progress,
        left: Callable[[], float],
        share: float,
    ) -> FloatArray:
        """The choice of :func:`improve_by_stage` in ``share`` of the time left, completed; kept when better.

        Its sites are where each stage's ``guide`` (the local relaxation's LPs) opens; without one,
        :func:`local_guide` solves them on a few sites first.
        """
        value = float(model.cost @ start)
        tick = time.perf_counter()
        end = tick + share * left()
        chosen = [start[cols.x()] > 0.5 for cols in model.stages]
        if guide is None:
            guide = local_guide(
                self.data, self.planning, model, start, chosen, relaxation.stations, options, end - tick
            )
        better = None
        if guide is not None and end - time.perf_counter() > MIN_STEP_S:
            budget = end - time.perf_counter()
            choice = improve_by_stage(self.data, self.planning, chosen, guide, options, budget, gap / 10)
            if choice is not None:
                better = choice.stations
                self.stage_mip_bounds = choice.bounds
        done = None
        if better is not None and any((a != b).any() for a, b in zip(better, chosen, strict=True)):
            done = complete_start(model, self.planning, better, options, left(), gap / 2, say)
            if done is not None and end - time.perf_counter() > MIN_STEP_S:
                # rounding chargers to the relaxed loads can lose where queues bind: the exact completion
                done = exact_completion(model, better, done, options, end - time.perf_counter(), gap / 10)
        self.timings["improve"] = self.timings.get("improve", 0.0) + time.perf_counter() - tick
        if done is None or float(model.cost @ done) <= value:
            say("the stage-by-stage local choice found no better plan in its time")
            return start
        say(f"stage-by-stage local choice: objective {value:,.2f} -> {float(model.cost @ done):,.2f}")
        return done

    def model_to_write(self) -> LinearModel:
        """Both parts, all stages, as one block-diagonal model."""
        if self._whole is None:
            self._whole = combined(list(self.models.values()))
        return self._whole

    def diagnose(self, part: Part, options: Mapping[str, Any], time_limit_s: float) -> list[str]:
        """Elastic model of the part with locked sites as rows and big-M grid links."""
        model = build_extended(self.data, part.name, locked_rows=True)
        return diagnose_infeasibility(
            model,
            options=options,
            time_limit_s=time_limit_s,
            name_key=lambda family, key: name_row_key(self.data, family, key),
            big_m_families=("con_grid_link",),
        )

    def solution(self, parts: list[Part]) -> tuple[Solution, float]:
        """One :class:`StagePlan` per stage; the first stage fills the :class:`Solution` fields."""
        values = {p.name: np.asarray(p.values, dtype=np.float64) for p in parts if p.values is not None}
        solution = solution_from_values(self.data, self.planning, self.models, values)
        return solution, float(solution.objective)

    def global_bound(self) -> tuple[float, str] | None:
        """None: the parts' bounds are all there is."""
        return None

    def start_objective(self) -> float | None:
        """Objective of the station part's completed start."""
        return self._start_objective


def stagewise_bound(complete: list[float], *partial: list[float]) -> float:
    """A bound on a part whose stages are bounded one by one: per stage the smallest bound, summed.

    ``complete`` has one bound per stage; each of ``partial`` has bounds for its first stages (``inf`` where
    none).  With the nesting rows dropped the stages are independent, so any bound of each stage, summed,
    bounds the part.
    """
    best = list(complete)
    for bounds in partial:
        for s, value in enumerate(bounds[: len(best)]):
            best[s] = min(best[s], value)
    return float(sum(best))


def solution_from_values(
    data: ModelData,
    planning: Planning,
    models: dict[str, ExtendedModel],
    values: dict[str, FloatArray],
) -> Solution:
    """Turn the column values of both parts into a :class:`Solution` with one :class:`StagePlan` per stage."""
    queue = planning.queue
    stages: list[StagePlan] = []
    first: Solution | None = None
    for s, stage in enumerate(planning.stages):
        sv = values_of(models["stations"], np.asarray(values["stations"]), s)
        pv = values_of(models["piles"], np.asarray(values["piles"]), s)
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
            stage_slice_objective(models["stations"], values["stations"], s)
            + stage_slice_objective(models["piles"], values["piles"], s)
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
    total = sum(float(models[p].cost @ v) for p, v in values.items())
    first.objective = total
    first.fast_served_share = stages[0].fast_served_share
    first.fast_covered = first.fast_covered & (stages[0].fast_served_share > 0.5)
    first.stages = stages
    return first


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
        families=[(f"{m.part}.{f}", n, k) for m in models for f, n, k in m.families],
    )
