"""Solver options and limits, in one place (as PyPSA keeps them in ``pypsa/_options.py``).

HiGHS options (:func:`highs_options`)
    ``random_seed`` (the scenario's ``seed``) and ``threads = 1``: with one thread the same inputs give the
    same plan, unless a time limit cuts the search at a different point.  ``mip_lp_solver``: ``"ipm"`` for
    the base model (HiGHS >= 1.16; the maximal-covering relaxation is highly degenerate: on a 5,000 × 20,000
    benchmark with 10 candidates per zone dual simplex had no root bound after 60 s, while IPM gave a 1.9 %
    gap after 15 s and 0.08 % after 51 s) and ``"simplex"`` for the planning model (its root LP solves about
    2× faster with dual simplex: demo 8 s against 20 s).  ``time_limit`` and ``mip_rel_gap`` are set per run
    by the driver.  A caller's ``highs_options`` override all of these.

Limits
    :data:`OPTIMAL_GAP` (a plan this close to its bound is reported ``optimal``),
    :data:`DIAGNOSIS_TIME_LIMIT_S`
    (most seconds of the elastic model that explains an infeasible part), :data:`PILE_LP_TIME_LIMIT_S` (the
    pile part's LP bound), :data:`PILE_SHARE` and :data:`START_SHARE` (shares of the time limit given to the
    planning model's pile part and to completing its start plan), :data:`MIN_STEP_S` (no step is given less).
    The whole solve — checks, start, bounds, HiGHS — runs against one clock started by
    :func:`siting.solve.solve_model`; every step gets what is left of ``time_limit_s``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import highspy

__all__ = [
    "DIAGNOSIS_TIME_LIMIT_S",
    "GAP_ROUNDING",
    "MIN_STEP_S",
    "OPTIMAL_GAP",
    "PILE_LP_TIME_LIMIT_S",
    "PILE_SHARE",
    "START_SHARE",
    "WARM_START_ACCEPTED",
    "WARM_START_FEASIBLE_SUFFIX",
    "highs_options",
    "highs_version",
]

#: Relative gaps smaller than this are floating-point rounding (the bound and the objective are the same
#: number summed in a different order, which differs between CPUs) and are reported as exactly 0.
GAP_ROUNDING = 1e-12
#: Relative gap at or below which a plan is reported as ``optimal`` rather than ``gap_limit``.
OPTIMAL_GAP = 1e-6
#: Most seconds of the elastic model that says which requirements conflict (:mod:`siting.solve.diagnose`).
DIAGNOSIS_TIME_LIMIT_S = 30.0
#: Most seconds of the LP relaxation of the pile part (:func:`siting.solve.bound.pile_bound`).
PILE_LP_TIME_LIMIT_S = 30.0
#: Share of the time limit given to the planning model's pile part (its LP relaxation is nearly integral).
PILE_SHARE = 0.2
#: Share of the time limit given to completing the planning model's start plan (stations fixed).
START_SHARE = 0.15
#: No step is given less than this many seconds, even when the clock has run out.
MIN_STEP_S = 1.0
#: The lines of HiGHS's log that confirm a MIP start as a feasible incumbent: HiGHS checks the start before
#: presolve ("Assessing feasibility of MIP solution ...: feasible") and, when presolve leaves a model, again
#: after it ("MIP start solution is feasible").  Either one confirms it.
WARM_START_ACCEPTED = ("MIP start solution is feasible", "Assessing feasibility of MIP solution")
#: The end of the pre-presolve check line when the start is feasible.
WARM_START_FEASIBLE_SUFFIX = ": feasible"


def highs_version() -> tuple[int, int, int]:
    """The installed HiGHS version, ``(0, 0, 0)`` when unknown."""

    return (
        int(getattr(highspy, "HIGHS_VERSION_MAJOR", 0)),
        int(getattr(highspy, "HIGHS_VERSION_MINOR", 0)),
        int(getattr(highspy, "HIGHS_VERSION_PATCH", 0)),
    )


def highs_options(
    seed: int, *, model: str = "base", overrides: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """HiGHS options for ``model`` (``"base"`` or ``"planning"``): see the module docstring.

    Parameters
    ----------
    seed
        HiGHS ``random_seed``.
    model
        Which model the options are for.
    overrides
        The caller's options (names as in the HiGHS documentation); they win.
    """
    options: dict[str, Any] = {"random_seed": int(seed), "threads": 1}
    if model == "planning":
        options["mip_lp_solver"] = "simplex"
    elif highs_version()[:2] >= (1, 16):  # the version the IPM choice was measured with
        options["mip_lp_solver"] = "ipm"
    options.update(dict(overrides or {}))
    return options
