"""What the driver works on: one clock for the whole solve, and the parts of a model with starts and bounds.

A :class:`Strategy` (the base model, the staged planning model, or the base model with a user hook) turns
:class:`~siting.model.data.ModelData` into :class:`Part` objects: each a
:class:`~siting.model.arrays.LinearModel`
with a feasible start (column vector), our own bound and a way to read a plan back.  The driver
(:func:`siting.solve.solve_model`) runs HiGHS on every part that needs it and asks the strategy to combine
the parts' plans into one :class:`~siting.model.data.Solution`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from siting._typing import FloatArray, Progress
from siting.model.arrays import LinearModel
from siting.model.data import Solution
from siting.solve.highs import HighsRun
from siting.solve.options import MIN_STEP_S, WRAP_UP_SHARE
from siting.solve.report import PartReport

__all__ = ["Clock", "Part", "Strategy"]


class Clock:
    """The one clock of a solve: ``time_limit_s`` from when it is made, shared by every step.

    Every step asks it what is left (:meth:`remaining`, :meth:`for_solver`) right before it starts, so a
    step that took longer than planned shortens the later ones instead of pushing the end past the limit.
    :attr:`deadline` (a :func:`time.perf_counter` reading) is what the heuristics check as a safety net.
    """

    def __init__(self, time_limit_s: float) -> None:
        self.limit_s = float(time_limit_s)
        self.start = time.perf_counter()
        self.deadline = self.start + self.limit_s

    def elapsed(self) -> float:
        """Seconds since the solve started."""
        return time.perf_counter() - self.start

    def remaining(self, *, at_least: float = MIN_STEP_S) -> float:
        """Seconds left of the limit, but never less than ``at_least``."""
        return max(self.limit_s - self.elapsed(), at_least)

    def for_solver(self) -> float:
        """Seconds for the last solver call: what is left less the wrap-up (:data:`WRAP_UP_SHARE`)."""
        return max(self.limit_s * (1.0 - WRAP_UP_SHARE) - self.elapsed(), MIN_STEP_S)

    def heuristic_s(self) -> float:
        """Seconds a heuristic may still run (0 when the limit is reached): a safety net only."""
        return max(self.limit_s - self.elapsed(), 0.0)

    def share(self, fraction: float) -> float:
        """``fraction`` of the whole limit, within what is left (at least :data:`MIN_STEP_S`)."""
        return max(min(fraction * self.limit_s, self.remaining(at_least=0.0)), MIN_STEP_S)


@dataclass
class Part:
    """One part of the model, solved on its own (parts share no row).

    Attributes
    ----------
    name
        ``"stations"``, ``"piles"`` or ``"model"``.
    model
        What HiGHS solves.
    start
        Column vector of a feasible plan (the MIP start and the fallback), or None.
    start_source
        Where the start comes from (``"greedy"``, ``"local_search"``, ``"neighbourhood"``, ``"start"``).
    own_bound, own_source
        Our own upper bound on the part's optimum (``inf``: none) and its name.
    simple_bound, simple_source, simple_warning
        A bound that needs no solve, used when lower than the others, with the warning to give then.
    trivial
        Nothing to decide (e.g. no piles to place): the start is optimal and HiGHS is never run.
    time_limit_s
        Most seconds for HiGHS on this part (``None``: what is left of the clock).
    min_time_s
        HiGHS runs on this part (when it has a start) only with at least this many seconds left: a part
        whose root LP would not stop at the limit keeps its start and our bound instead.
    accept
        Returns what a HiGHS plan breaks (``""``: nothing) before it may replace the start.
    """

    name: str
    model: LinearModel
    start: FloatArray | None
    start_source: str = "start"
    own_bound: float = math.inf
    own_source: str = ""
    simple_bound: float = math.inf
    simple_source: str = "simple"
    simple_warning: str = ""
    trivial: bool = False
    time_limit_s: float | None = None
    min_time_s: float = 0.0
    accept: Callable[[FloatArray], str] | None = None
    run: HighsRun | None = None
    status: str = "not_run"
    rejected: str = ""
    values: FloatArray | None = field(default=None, repr=False)
    plan_source: str = ""

    @property
    def start_objective(self) -> float | None:
        """Objective of the start (None without one)."""
        return None if self.start is None else float(self.model.cost @ self.start)

    def choose(self) -> None:
        """Keep the better of HiGHS's plan (when accepted) and the start in :attr:`values`."""
        self.values, self.plan_source = self.start, self.start_source
        run = self.run
        if run is None or run.values is None:
            return
        broken = self.accept(run.values) if self.accept is not None else ""
        if broken:
            self.rejected = broken
            return
        if self.start is None or run.objective > float(self.model.cost @ self.start) + 1e-9 * abs(
            run.objective
        ):
            self.values, self.plan_source = run.values, "highs"

    @property
    def objective(self) -> float:
        """Objective of the chosen plan (``nan`` without one)."""
        return math.nan if self.values is None else float(self.model.cost @ self.values)

    def bound(self) -> tuple[float, str]:
        """The lowest of HiGHS's, our own and the simple bound, with its source."""
        if self.trivial and self.values is not None:
            return self.objective, "exact"
        options = [(self.own_bound, self.own_source), (self.simple_bound, self.simple_source)]
        if self.run is not None and math.isfinite(self.run.bound):
            options.insert(0, (self.run.bound, "highs"))
        best = min(options, key=lambda item: item[0])
        return float(best[0]), best[1]

    def report(self) -> PartReport:
        """This part's :class:`PartReport`."""
        bound, source = self.bound()
        families = self.model.row_families()
        rows_by_family: dict[str, int] = {}
        for family in families:
            if family.count:
                rows_by_family[family.name] = rows_by_family.get(family.name, 0) + family.count
        return PartReport(
            status=self.status,
            termination=self.run.termination if self.run is not None else "not run",
            objective=None if self.values is None else self.objective,
            bound=bound if math.isfinite(bound) else None,
            bound_source=source,
            own_bound=self.own_bound if math.isfinite(self.own_bound) else None,
            plan_source=self.plan_source,
            start_accepted=self.run.start_accepted if self.run is not None else None,
            highs_nodes=self.run.nodes if self.run is not None else -1,
            columns=self.model.n_cols,
            rows=self.model.n_rows,
            rows_by_family=rows_by_family,
        )


class Strategy(Protocol):
    """How one kind of model is checked, split, started, bounded, diagnosed and read back."""

    label: str
    model_kind: str
    timings: dict[str, float]
    warnings: list[str]
    greedy_objective: float | None
    reductions: dict[str, int]

    def check(self) -> None:
        """Raise :class:`~siting._errors.InfeasibleError` listing every requirement that can never be met."""

    def parts(
        self, options: Mapping[str, Any], clock: Clock, mip_rel_gap: float, say: Progress
    ) -> list[Part]:
        """The parts, each with its start and own bounds."""

    def model_to_write(self) -> LinearModel:
        """The model written by ``write_model`` (all parts)."""

    def diagnose(self, part: Part, options: Mapping[str, Any], time_limit_s: float) -> list[str]:
        """Which requirements of an infeasible part conflict, and by how much."""

    def solution(self, parts: list[Part]) -> tuple[Solution, float]:
        """The plan of the chosen part plans, and its objective."""

    def global_bound(self) -> tuple[float, str] | None:
        """A bound on the whole model that needs no solve, or None."""

    def start_objective(self) -> float | None:
        """Objective of the start plan (reported), or None."""
