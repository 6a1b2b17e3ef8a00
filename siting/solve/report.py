"""The solve report: one schema for every model and part, with the figures needed to trust a plan.

:class:`SolveReport` is what :func:`siting.solve.solve_model` returns beside the plan (and what the manifest
and the report print); :class:`PartReport` describes one part (``stations``, ``piles``, or the whole model
with an ``extra_constraints`` hook).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["PartReport", "SolveReport", "time_limit_warning"]


@dataclass
class PartReport:
    """What happened to one part of the model.

    Attributes
    ----------
    status
        ``"optimal"``/``"time_limit"``/``"stopped"`` (HiGHS ran), ``"own_bound"`` (our bound proved the gap,
        HiGHS not run), ``"trivial"`` (nothing to decide, e.g. no piles to place), ``"no_plan"`` (HiGHS found
        no plan and there is no start).
    termination
        HiGHS's model status (``"not run"`` when it did not run).
    objective
        Objective of the part's plan.
    bound, bound_source
        Upper bound on the part's optimum and where it comes from (``"highs"``, ``"lagrangian"``,
        ``"pile_bound"``, ``"capacity relaxation LPs"``, ``"stage LPs"``, ``"stage pile bounds"``,
        ``"simple"``, ``"trivial"``, ``"exact"``).
    own_bound
        Our own bound, whether or not it was used (``None`` when none).
    plan_source
        ``"highs"`` or the start's source (``"greedy"``, ``"local_search"``, ``"neighbourhood"``,
        ``"start"``).
    start_accepted
        Whether HiGHS's log confirms the part's start as a feasible incumbent (``None``: no start given).
    highs_nodes
        Branch-and-bound nodes (-1: HiGHS not run).
    columns, rows, rows_by_family
        Size of the part as handed to HiGHS.
    """

    status: str
    termination: str
    objective: float | None
    bound: float | None
    bound_source: str
    own_bound: float | None
    plan_source: str
    start_accepted: bool | None
    highs_nodes: int
    columns: int
    rows: int
    rows_by_family: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able values (non-finite numbers as ``None``)."""
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, float) and not math.isfinite(value):
                out[key] = None
        return out


@dataclass
class SolveReport:
    """What happened in :func:`solve_model`, with the figures needed to trust the plan.

    Attributes
    ----------
    status
        ``"optimal"`` (gap at most :data:`OPTIMAL_GAP`), ``"gap_limit"`` (stopped at
        ``mip_rel_gap``), ``"time_limit"`` (stopped at the time limit with a plan),
        ``"heuristic_only"`` (HiGHS produced no plan; the start plan is returned) or ``"stopped"``
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
        Lagrangian bound on the station part, :func:`siting.solve.bound.lagrangian_station_bound`),
        ``"pile_bound"`` (our pile-part bound, :func:`siting.solve.bound.pile_bound`), ``"trivial"``
        (a simple bound from the data, see ``docs/model.md``), or per part (``"piles:
        pile_bound, stations: highs"``) when the parts differ.
    greedy_objective
        Objective of the greedy plan, ``None`` when the greedy found none.
    plan_source
        Where the returned plan comes from: ``"highs"``, ``"greedy"``, ``"local_search"`` (the greedy
        improved by swaps) or, in the planning model, ``"start"`` (the LP-completed start, when our own
        bounds already prove the gap and HiGHS is not run).
    warm_start_accepted
        Whether HiGHS's log confirms the start plan as a feasible incumbent in every part HiGHS ran with
        one (``None``: HiGHS was given no start).
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
        What each exact reduction removed (:func:`siting.solve.reduce.reduce_model_data`).
    time_reduce_s, time_local_search_s, time_bound_s, time_improve_s
        Seconds spent on the reductions, the swap local search, our own bounds and the MIP that improves
        the start (the base model's neighbourhood MIP, the planning model's LP-guided choice and its
        completion).
    start_objective
        Objective of the start plan (greedy improved by swaps) handed to HiGHS.
    own_bound
        Our own bound (Lagrangian on the stations + LP on the piles), whether or not it was used.
    parts
        Per part (``"stations"``, ``"piles"``, or ``"model"`` with an ``extra_constraints`` hook): a
        :class:`PartReport` as a dict (one schema for every model).
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
    time_improve_s: float = 0.0
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

    def _time_parts(self) -> str:
        """The steps' seconds, and what no step accounts for (start completion, reading the plan back)."""
        steps = {
            "check": self.time_check_s,
            "reduce": self.time_reduce_s,
            "greedy": self.time_greedy_s,
            "swaps": self.time_local_search_s,
            "build": self.time_build_s,
            "bounds": self.time_bound_s,
            "improve": self.time_improve_s,
            "load": self.time_load_s,
            "solve": self.time_solve_s,
        }
        steps["other"] = max(self.time_total_s - sum(steps.values()), 0.0)
        return " + ".join(f"{name} {value:.1f}" for name, value in steps.items())

    def __str__(self) -> str:
        """Return a short human summary, one fact per line."""
        greedy = "none" if self.greedy_objective is None else f"{self.greedy_objective:,.1f}"
        lines = [
            f"status: {self.status} ({self.termination}); plan from {self.plan_source}",
            f"objective: {self.objective:,.1f}  bound: {self.best_bound:,.1f} ({self.bound_source})"
            f"  gap: {100 * self.gap:.3f} %",
            f"greedy objective: {greedy}",
            f"time: total {self.time_total_s:.1f} s = {self._time_parts()}",
            f"model: {self.n_variables:,} variables, {self.n_constraints:,} constraints, "
            f"{self.n_nonzeros:,} nonzeros",
            f"solver: {self.solver}",
        ]
        return "\n".join(lines)  # the warnings go through siting._warnings, printed once by the caller


def time_limit_warning(time_limit_s: float, gap: float) -> str:
    """The warning given when the time limit stops the solver before the gap target."""
    return (
        f"time limit of {time_limit_s:g} s reached: the plan is within {100 * gap:.2f} % of "
        "the best possible; raise time_limit_s for a smaller gap"
    )
