"""The whole pipeline as one function: inputs → places + demand → matrices → model → solve → results.

:func:`plan` turns :class:`StudyInputs` plus a :class:`~siting.scenario.Scenario` into a
:class:`~siting.results.PlanResult`.  The steps live in their own modules and a notebook can call them one
by one and inspect every intermediate object:

* :mod:`siting.inputs` — :func:`inputs_from_synthetic`, :func:`inputs_from_osm_file`,
  :func:`inputs_from_live_osm` (the geographic inputs);
* :mod:`siting.prepare` — :func:`prepare` (places, demand, matrices) and :func:`build_model_data`;
* :func:`siting.solve.solve_model` and :func:`siting.results.result_from_solution`.

Their names stay importable from here (``siting.pipeline.prepare`` ...), as notebooks use them.
"""

from __future__ import annotations

import time
from pathlib import Path

from siting._typing import Progress, silent
from siting._warnings import collect
from siting.inputs import inputs_from_live_osm as inputs_from_live_osm
from siting.inputs import inputs_from_osm_file as inputs_from_osm_file
from siting.inputs import inputs_from_synthetic as inputs_from_synthetic
from siting.prepare import TERMINAL_SEARCH_M as TERMINAL_SEARCH_M
from siting.prepare import build_model_data as build_model_data
from siting.prepare import prepare as prepare
from siting.results import PlanResult, result_from_solution
from siting.scenario import Scenario
from siting.solve import solve_model
from siting.study import PlanningGeography as PlanningGeography
from siting.study import Prepared as Prepared
from siting.study import StudyInputs as StudyInputs
from siting.study import county_minimums as county_minimums

__all__ = [
    "PlanningGeography",
    "Prepared",
    "StudyInputs",
    "build_model_data",
    "county_minimums",
    "inputs_from_live_osm",
    "inputs_from_osm_file",
    "inputs_from_synthetic",
    "plan",
    "plan_prepared",
    "prepare",
]


def plan(
    scenario: Scenario,
    inputs: StudyInputs,
    *,
    progress: Progress = silent,
    write_model: Path | None = None,
) -> PlanResult:
    """Plan stations and piles for ``inputs`` under ``scenario``: :func:`prepare`, then :func:`plan_prepared`.

    ``write_model`` (``.mps`` or ``.lp``) saves the exact model handed to HiGHS, for another solver.

    Every warning of the run (:func:`siting._warnings.warn`, from the data steps and the solver) is
    collected, in order and without repeats, into the manifest's ``warnings``; an enclosing
    :func:`siting._warnings.collect` block (the command line's) gets them too, even when the plan fails.

    Returns
    -------
    PlanResult
        Labelled tables, KPIs and a manifest (scenario, data source, solver report, warnings).
    """
    started = time.perf_counter()
    with collect() as found:
        prepared = prepare(scenario, inputs, progress=progress)
        result = plan_prepared(
            scenario, inputs, prepared, progress=progress, write_model=write_model, started=started
        )
    result.manifest["warnings"] = list(found)  # with any raised while labelling the result
    return result


def plan_prepared(
    scenario: Scenario,
    inputs: StudyInputs,
    prepared: Prepared,
    *,
    progress: Progress = silent,
    write_model: Path | None = None,
    started: float | None = None,
) -> PlanResult:
    """The rest of :func:`plan` once ``prepared`` is there: model data, solve, labelled result.

    :mod:`siting.batch` prepares a study area once and plans many scenario variants from it with this;
    ``started`` (a :func:`time.perf_counter` reading) is when the whole run began, for the manifest's time.
    """
    started = time.perf_counter() if started is None else started
    with collect() as found:
        data, _ = build_model_data(scenario, prepared)
        progress(
            f"model: {scenario.n_stations} stations among {data.n_candidates:,} candidates, "
            f"{scenario.n_piles:,} piles among {data.n_pile_sites:,} sites, "
            f"{data.terminal_quota} of {data.n_terminals} terminals to cover"
        )
        solution, report = solve_model(
            data,
            time_limit_s=scenario.time_limit_s,
            mip_rel_gap=scenario.mip_rel_gap,
            seed=scenario.seed,
            progress=progress,
            write_model=write_model,
        )
        progress(f"solved: {report}")  # solve_model raised report.warnings through the channel
        result = result_from_solution(
            scenario,
            inputs,
            prepared,
            data,
            solution,
            report,
            warnings=found,
            elapsed_s=time.perf_counter() - started,
        )
    result.manifest["warnings"] = list(found)
    return result
