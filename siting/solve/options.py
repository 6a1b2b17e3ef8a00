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
    pile part's LP bound), :data:`PILE_SHARE` (the share of the time limit given to the planning model's
    pile part: its start, bound and HiGHS run; completing the station start may use all that is left, since
    without it there may be no plan at all), :data:`MIN_STEP_S` (no solver call is
    given less), :data:`WRAP_UP_SHARE` (the share of the limit kept for combining, evaluating and reporting
    the plan after the last solver call), :data:`ROOT_LP_FACTOR` (when HiGHS's root LP, which ignores the
    limit, is worth starting).
    The whole solve — checks, model building, start, bounds, LPs, HiGHS, diagnosis — runs against one clock
    (:class:`siting.solve.parts.Clock`) started by :func:`siting.solve.solve_model`: every solver call gets
    what is left of ``time_limit_s`` (its model loading counted), and the heuristics stop at the deadline
    as a safety net (they stop by counts first, so a limit that does not bind never changes the plan).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import highspy

__all__ = [
    "DIAGNOSIS_TIME_LIMIT_S",
    "FIRST_PLAN_MIN_S",
    "GAP_ROUNDING",
    "LOCAL_CHOICE_SHARE",
    "LOCAL_SITES_PER_STATION",
    "MIN_STEP_S",
    "NEIGHBOURHOOD_MIN_S",
    "NEIGHBOURHOOD_MIN_SHARE",
    "NEIGHBOURHOOD_SHARE",
    "NEIGHBOURHOOD_SITES_PER_STATION",
    "OPTIMAL_GAP",
    "PILE_LP_TIME_LIMIT_S",
    "PILE_SHARE",
    "ROOT_LP_FACTOR",
    "WARM_START_ACCEPTED",
    "WARM_START_FEASIBLE_SUFFIX",
    "WRAP_UP_SHARE",
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
#: No solver call is given less than this many seconds, even when the clock has run out (HiGHS then
#: returns at once with what it has; the start plan stays the fallback).  Small, so that a run-out clock
#: costs little: with 1 s per call, the ten calls of the planning model overran a 10 s limit by 20 %.
MIN_STEP_S = 0.05
#: Least time the first plan gets, past the limit if need be: completing the heuristic start of the planning
#: model, or HiGHS on a part that has no start.  A plan with its stated gap beats no plan at all, so a limit
#: too short for any plan (say 1 µs) is exceeded by this much rather than ending in "no plan".
FIRST_PLAN_MIN_S = 2.0
#: HiGHS 1.16 solves the root LP of a MIP without looking at ``time_limit`` (on the tiny planning instance
#: under load: 37-44 s inside a run limited to 5 s, while the same LP alone stops at 5.1 s and takes 55 s to
#: finish).  The planning model's station part is handed to HiGHS only when the time left is at least this
#: multiple of what its stage LPs took (their joint LP, HiGHS's root, took 4.3× their sum there, 2× on the
#: demo); otherwise the start plan and the stage-LP bound are the answer.
ROOT_LP_FACTOR = 5.0

#: Share of the time left that the base model's neighbourhood MIP may use
#: (:meth:`siting.solve.base.BaseStrategy.improve_stations`); HiGHS gets the rest.
NEIGHBOURHOOD_SHARE = 0.5
#: Fewest seconds that share must hold for the neighbourhood MIP to run at all: loading it and its root LP
#: do not look at the limit (on the 100,000-zone instance about 8 s went past a limit of 0.05 s).
NEIGHBOURHOOD_MIN_S = 10.0
#: Most sites of the neighbourhood per station of the start: it keeps the MIP about the city's size
#: whatever the instance (city: 796-1,414 sites for 254 stations; on the 100,000-zone instance the
#: Lagrangian's sites alone made a MIP whose root LP went 30 s past its limit).
NEIGHBOURHOOD_SITES_PER_STATION = 6
#: Smallest share of a site in the Lagrangian's smoothed relaxation (about an LP-optimal ``x``,
#: :func:`siting.solve.bound.lagrangian_station_bound`) for it to join the neighbourhood: 639 sites on the
#: 100,000-zone instance, whose neighbourhood MIP then raised the swap plan by 0.43 %.
NEIGHBOURHOOD_MIN_SHARE = 0.01
#: Sites per station added, by the EVs in their reach the start leaves unserved, to the sites whose local
#: capacity relaxation LP guides the stage-by-stage choice (:func:`siting.solve.start.local_guide`); on the
#: demo with 60 stations 1 and 2 per station gave plans of 374,375 and 374,989 after the same 10 s.
LOCAL_SITES_PER_STATION = 2
#: Share of the time left that the stage-by-stage choice gets when HiGHS on the whole part cannot run in
#: the time (else half): the local LPs' bound after it is worth 0.1-0.6 % per stage there, the choice 12 %.
LOCAL_CHOICE_SHARE = 2.0 / 3.0
#: Share of the time limit kept after the last solver call for combining, evaluating and reporting the plan.
WRAP_UP_SHARE = 0.02
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
