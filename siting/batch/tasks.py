"""The two task kinds of a batch, as plain functions a Dask worker (or this process) runs.

:func:`prepare_task`
    roads, places, demand and matrices of one study area, once per cache key, into the cache folder
    (:mod:`siting.batch.cache`); returns a small dict (the folder, the time, or the error), never the data.
:func:`solve_task`
    one variant: reads the cache folder, builds the model, solves, labels the plan and writes the task's
    output folder atomically (:func:`siting.export.write_outputs`); returns its summary row.

Both catch every error of their own work and return it as text, so one bad study area or one infeasible
variant is recorded in ``summary.csv`` while the others go on.  A task whose output folder exists (a rerun,
or a retry after its worker was killed once the folder was written) is not redone.

:func:`inputs_from_area` gives the study inputs of an area as the batch sees them; planning those with
:func:`siting.pipeline.plan` and :func:`siting.export.write_outputs` is "the same task run alone".
"""

from __future__ import annotations

import json
import logging
import math
import time
import traceback
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from siting import export, network, osm
from siting import pipeline as plan_mod
from siting._errors import NetworkError, SitingError
from siting._warnings import SitingWarning, collect, warn
from siting.batch.cache import load_prepared, save_prepared
from siting.batch.spec import Area, Task
from siting.inputs import inputs_from_synthetic_city
from siting.results import PlanResult
from siting.scenario import Scenario
from siting.study import Prepared, StudyInputs

__all__ = [
    "LEAD_COLUMNS",
    "error_text",
    "failed_row",
    "inputs_from_area",
    "prepare_task",
    "quiet_logs",
    "result_from_prepared",
    "row_from_folder",
    "solve_task",
    "task_folder",
]

log = logging.getLogger(__name__)

#: Summary columns before the KPIs.
LEAD_COLUMNS = (
    "task_id", "area_id", "variant_id", "status", "reused", "solver_status", "gap", "time_s", "prepare_s",
)  # fmt: skip


def task_folder(out: Path, task_id: str) -> Path:
    """The output folder of one task: ``<out>/tasks/<task_id>``."""
    return Path(out) / "tasks" / task_id


def _clip_to_boundary(inputs: StudyInputs, boundary: Path) -> StudyInputs:
    """``inputs`` restricted to the polygon in ``boundary`` (roads, places, terminals, counties)."""
    area = osm.boundary_from_file(boundary).geometry.iloc[0]
    G = inputs.graph
    xy = np.array([(d["x"], d["y"]) for _, d in G.nodes(data=True)], dtype=np.float64)
    inside = shapely.contains_xy(area, xy[:, 0], xy[:, 1]) if len(xy) else np.zeros(0, dtype=bool)
    if not inside.any():
        raise NetworkError(f"boundary {boundary}: no road of the study area lies inside it; check the file.")
    G = G.subgraph([n for n, keep in zip(G.nodes, inside, strict=True) if keep]).copy()
    G = network.add_travel_times(G)
    G, report = network.largest_strong_component(G)
    terminals = inputs.terminals
    counties = inputs.counties
    return StudyInputs(
        graph=G,
        net=network.road_network_from_graph(G),
        features=inputs.features[inputs.features.intersects(area)].reset_index(drop=True),
        study_area=area,
        counties=None if counties is None else counties[counties.intersects(area)].reset_index(drop=True),
        terminals=None if terminals is None else terminals[terminals.within(area)].reset_index(drop=True),
        data_source={**inputs.data_source, "boundary": boundary.name},
        component_report=report,
    )


def inputs_from_area(area: Area, scenario: Scenario) -> StudyInputs:
    """The study inputs of ``area``: its OSM extract (clipped to its boundary) or a synthetic city.

    A synthetic area with a ``population`` gets a synthetic city generated for its boundary; without one, the
    synthetic Guang'an clipped to the boundary (a county of Guang'an, say).
    """
    if area.osm_file is not None:
        return plan_mod.inputs_from_osm_file(scenario, area.osm_file, boundary=area.boundary)
    if area.population is not None and area.boundary is not None:
        return inputs_from_synthetic_city(
            area.boundary, area.population, area_id=area.area_id, seed=area.seed, scale=area.scale
        )
    inputs = plan_mod.inputs_from_synthetic(scenario, seed=area.seed, scale=area.scale)
    return inputs if area.boundary is None else _clip_to_boundary(inputs, area.boundary)


@contextmanager
def quiet_logs() -> Iterator[None]:
    """Keep a task's warnings out of the worker's stderr (its plan's manifest and report list them).

    A batch of thousands of tasks would otherwise flood the terminal.  Errors are still logged.
    """
    logger = logging.getLogger("siting")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SitingWarning)
            yield
    finally:
        logger.setLevel(level)


def error_text(exc: BaseException) -> str:
    """A failed task's message: the planner's own for a SitingError, else the error marked internal."""
    if isinstance(exc, SitingError):
        return str(exc)
    log.error("unexpected error in a batch task:\n%s", traceback.format_exc())
    return f"{type(exc).__name__}: {exc} (an internal error: please report it)"


def prepare_task(area: Area, scenario: Scenario, cache: str, key: str) -> dict[str, Any]:
    """Prepare ``area`` into ``<cache>/<key>`` unless it is there; return ``folder``, ``ok``, ``error``."""
    folder = Path(cache) / key
    if (folder / "meta.json").is_file():
        return {"key": key, "folder": str(folder), "ok": True, "error": ""}
    try:
        with quiet_logs(), collect(show=False) as found:
            started = time.perf_counter()
            inputs = inputs_from_area(area, scenario)
            prepared = plan_mod.prepare(scenario, inputs)
            save_prepared(folder, inputs, prepared, prepare_s=time.perf_counter() - started, warnings=found)
    except Exception as exc:
        if (folder / "meta.json").is_file():  # another run wrote the same key meanwhile
            return {"key": key, "folder": str(folder), "ok": True, "error": ""}
        return {"key": key, "folder": str(folder), "ok": False, "error": error_text(exc)}
    return {"key": key, "folder": str(folder), "ok": True, "error": ""}


def result_from_prepared(
    scenario: Scenario,
    inputs: StudyInputs,
    prepared: Prepared,
    *,
    prepare_warnings: Sequence[str] = (),
    started: float | None = None,
) -> PlanResult:
    """Model, solve and label a plan from prepared inputs (:func:`siting.pipeline.plan_prepared`).

    ``prepare_warnings`` (those the prepare task collected) are raised again first, so the manifest lists the
    same warnings in the same order as a run alone.
    """
    with collect(show=False) as found:
        for message in prepare_warnings:
            warn(message)
        result = plan_mod.plan_prepared(scenario, inputs, prepared, started=started)
    result.manifest["warnings"] = list(found)
    return result


#: Units of measurement a KPI column name must end in (counts, shares and fractions are named by the KPI).
_UNITS = ("s", "min", "h", "m", "km", "kw", "kwh", "mw")


def _kpi_column(kpi: str, unit: str) -> str:
    """A KPI's summary column: its name, with a unit of measurement appended when the name lacks it."""
    unit = str(unit).strip().lower()
    return f"{kpi}_{unit}" if unit in _UNITS and not kpi.endswith(f"_{unit}") else kpi


def _number(text: str) -> int | float:
    """A KPI value as written: whole numbers as int, others as float (NaN when not a number)."""
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return math.nan


def row_from_folder(task: Task, folder: Path, *, reused: bool) -> dict[str, Any]:
    """The summary row of a task whose output folder was written: solver status, gap, time and KPIs."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    solver = manifest.get("solver", {})
    row: dict[str, Any] = {
        "task_id": task.task_id,
        "area_id": task.area.area_id,
        "variant_id": task.variant.variant_id,
        "status": "ok",
        "reused": reused,
        "solver_status": solver.get("status", ""),
        "gap": float(solver.get("gap", math.nan)),
        "time_s": float(manifest.get("timings_s", {}).get("total_s", math.nan)),
        "prepare_s": math.nan,
    }
    kpis = pd.read_csv(folder / "kpis.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    for kpi, value, unit in zip(kpis["kpi"], kpis["value"], kpis.get("unit", ""), strict=False):
        column = _kpi_column(str(kpi), str(unit))
        if column not in row:  # the KPI "gap" is the solver's gap, already a lead column
            row[column] = _number(value)
    row["error"] = ""
    return row


def failed_row(task: Task, error: str, *, status: str = "failed") -> dict[str, Any]:
    """The summary row of a task that made no plan (``status`` ``failed`` or ``not_run``)."""
    return {
        "task_id": task.task_id,
        "area_id": task.area.area_id,
        "variant_id": task.variant.variant_id,
        "status": status,
        "reused": False,
        "solver_status": "",
        "gap": math.nan,
        "time_s": math.nan,
        "prepare_s": math.nan,
        "error": error,
    }


def solve_task(task: Task, prepared: dict[str, Any], out: str, force: bool = False) -> dict[str, Any]:
    """Solve ``task`` from its prepared cache folder and write ``<out>/tasks/<task_id>``; return its row.

    ``prepared`` is what :func:`prepare_task` returned for the task's key.
    """
    folder = task_folder(Path(out), task.task_id)
    if (folder / "manifest.json").is_file() and not force:
        return row_from_folder(task, folder, reused=True)
    if not prepared["ok"]:
        return failed_row(task, f"preparing area '{task.area.area_id}' failed: {prepared['error']}")
    try:
        with quiet_logs():
            started = time.perf_counter()
            inputs, prep, meta = load_prepared(Path(prepared["folder"]))
            result = result_from_prepared(
                task.scenario, inputs, prep, prepare_warnings=meta["warnings"], started=started
            )
            export.write_outputs(result, folder, overwrite=True)
    except Exception as exc:
        return failed_row(task, error_text(exc))
    return row_from_folder(task, folder, reused=False)
