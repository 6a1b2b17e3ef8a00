"""Solving the siting model: one driver, three strategies, one HiGHS runner, one report.

``driver``
    :func:`~siting.solve.driver.solve_model`: check → parts → own bound → HiGHS per part → combine → report.
``base``, ``staged``, ``hook``
    the strategies: the base model (reductions, greedy + swaps, neighbourhood MIP, Lagrangian and LP
    bounds), the planning model (stages and families, completed starts, capacity relaxation bounds), the
    base model with a user hook.
``parts``
    the clock and the :class:`~siting.solve.parts.Part` a strategy hands the driver.
``highs``
    the one HiGHS runner (:func:`~siting.solve.highs.run_highs`) and the model hand-over.
``diagnose``
    the one elastic diagnosis of an infeasible part.
``greedy``, ``reduce``, ``bound``, ``start``
    heuristics, exact reductions, our own bounds, the planning model's start plans.
``options``
    solver options and limits, documented in one place.
``report``
    :class:`~siting.solve.report.SolveReport`.

The checks and the evaluation of a plan are maths and live in :mod:`siting.model`.
"""

from siting.model.checks import check_feasibility
from siting.model.evaluate import evaluate
from siting.model.parts import split_parts
from siting.solve.driver import solve_model
from siting.solve.greedy import greedy_solution
from siting.solve.report import SolveReport

__all__ = ["SolveReport", "check_feasibility", "evaluate", "greedy_solution", "solve_model", "split_parts"]
