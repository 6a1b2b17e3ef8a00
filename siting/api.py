"""The planner's Python API: one call from a scenario to a plan, for notebooks and scripts.

:func:`plan` reads the geographic inputs (synthetic Guang'an, an OSM extract or live OpenStreetMap),
prepares places, demand and matrices, and solves, through :mod:`siting.pipeline`.  Inputs and prepared data
are kept in memory between calls, keyed by what they depend on: the road source and its files, and the
scenario values the prepare step reads (every key but :data:`siting.scenario.SOLVE_ONLY_KEYS`, with the
files they name by path, size and modification time).  A second call that changes only ``n_stations``
reuses them; one that changes ``fast_minutes`` prepares again, so a result is never stale.

:class:`PlanResult` adds :meth:`~PlanResult.explore` (the folium map) and :meth:`~PlanResult.to_file` (every
output file) to :class:`siting.results.PlanResult`.  Layer: above :mod:`siting.comparison`, :mod:`siting.maps`
and :mod:`siting.export`, which it uses; only :mod:`siting.cli` is above it.
"""

from __future__ import annotations

import json
import os
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, fields
from dataclasses import replace as dc_replace
from pathlib import Path
from typing import Any

import folium

from siting import export, maps, results
from siting import pipeline as plan_mod
from siting._typing import Progress, silent
from siting._warnings import collect, warn
from siting.comparison import Comparison, compare_scenarios
from siting.planning import uses_planning_model
from siting.scenario import Scenario, scenario_from_toml

__all__ = ["PlanResult", "clear_cache", "compare", "plan", "robust"]

PathLike = str | os.PathLike[str]

#: How many inputs (road networks) and prepared data sets :func:`plan` keeps in memory.
CACHE_SIZE = 3


@dataclass(repr=False)
class PlanResult(results.PlanResult):
    """A plan (:class:`siting.results.PlanResult`) that can draw its map and write its files."""

    @classmethod
    def from_result(cls, result: results.PlanResult) -> PlanResult:
        """The same tables (not copied) as a :class:`PlanResult` of this API."""
        return cls(**{f.name: getattr(result, f.name) for f in fields(result) if f.init})

    def explore(self, **map_options: Any) -> folium.Map:
        """The interactive map (a :class:`folium.Map`, shown inline by Jupyter).

        Parameters
        ----------
        **map_options
            Keyword arguments of :func:`siting.maps.map_from_result` (``tiles``, ``language``,
            ``inline_assets``, ``tianditu_key``, ``substations``).
        """
        return maps.map_from_result(self, **map_options)

    def to_file(
        self, out_dir: PathLike, *, overwrite: bool = False, crs: str | None = None, map_html: bool = True
    ) -> dict[str, Path]:
        """Write every output file (GeoPackage, CSV, map, manifest ...) into the new folder ``out_dir``.

        Atomic: on any error ``out_dir`` is left as it was (:func:`siting.export.write_outputs`).

        Returns
        -------
        dict of str to Path
            The files written, by kind.
        """
        return export.write_outputs(self, out_dir, overwrite=overwrite, crs=crs, map_html=map_html)


@dataclass(frozen=True)
class _Entry:
    value: Any
    warnings: list[str]


_INPUTS: OrderedDict[str, _Entry] = OrderedDict()
_PREPARED: OrderedDict[str, _Entry] = OrderedDict()


def clear_cache() -> None:
    """Forget the inputs and prepared data :func:`plan` keeps in memory."""
    _INPUTS.clear()
    _PREPARED.clear()


def _file_id(path: PathLike | None) -> list[Any] | None:
    """A file by resolved path, size and modification time (a changed file is a new key)."""
    if path is None:
        return None
    p = Path(path).resolve()
    if not p.exists():
        return [str(p)]
    st = p.stat()
    return [str(p), st.st_size, st.st_mtime_ns]


def _source_key(
    scenario: Scenario, osm_file: PathLike | None, boundary: PathLike | None, synthetic: bool
) -> str:
    """What the inputs depend on: the road source, the boundary, the counties file, the place."""
    kind = "synthetic" if synthetic else "osm-file" if osm_file is not None else "osm-live"
    parts = [kind, _file_id(osm_file), _file_id(boundary), _file_id(scenario.counties_file)]
    if kind == "osm-live":
        parts += [scenario.place, _file_id(scenario.boundary_file)]
    return json.dumps(parts)


def _prepare_key(scenario: Scenario) -> str:
    """What prepare depends on: :meth:`Scenario.prepare_values` (files by id) and the model family."""
    values = {k: _file_id(v) if isinstance(v, Path) else v for k, v in scenario.prepare_values().items()}
    values["uses_planning_model"] = uses_planning_model(scenario)
    return json.dumps(values, sort_keys=True, default=str)


def _cached(cache: OrderedDict[str, _Entry], key: str, make: Any) -> Any:
    """``make()`` once per key; a hit raises the warnings the first run raised again."""
    if key in cache:
        cache.move_to_end(key)
        for text in cache[key].warnings:
            warn(text)
        return cache[key].value
    with collect(show=False) as found:
        value = make()
    cache[key] = _Entry(value, list(found))
    while len(cache) > CACHE_SIZE:
        cache.popitem(last=False)
    return value


def _inputs(
    scenario: Scenario,
    osm_file: PathLike | None,
    boundary: PathLike | None,
    synthetic: bool,
    progress: Progress,
) -> plan_mod.StudyInputs:
    if synthetic and osm_file is not None:
        raise ValueError("give osm_file or synthetic=True, not both")

    def make() -> plan_mod.StudyInputs:
        b = Path(boundary) if boundary is not None else None
        if synthetic:
            return plan_mod.inputs_from_synthetic(scenario, progress=progress)
        if osm_file is not None:
            return plan_mod.inputs_from_osm_file(scenario, Path(osm_file), boundary=b, progress=progress)
        return plan_mod.inputs_from_live_osm(scenario, boundary=b, progress=progress)

    inputs: plan_mod.StudyInputs = _cached(
        _INPUTS, _source_key(scenario, osm_file, boundary, synthetic), make
    )
    return inputs


def _scenario(scenario_or_path: Scenario | PathLike | None, overrides: dict[str, Any]) -> Scenario:
    if isinstance(scenario_or_path, Scenario):
        return scenario_or_path.replace(**overrides) if overrides else scenario_or_path
    return scenario_from_toml(None if scenario_or_path is None else Path(scenario_or_path), **overrides)


def plan(
    scenario_or_path: Scenario | PathLike | None = None,
    *,
    osm_file: PathLike | None = None,
    boundary: PathLike | None = None,
    synthetic: bool = False,
    progress: Progress = silent,
    **overrides: Any,
) -> PlanResult:
    """Plan charging stations and piles in one call.

    Parameters
    ----------
    scenario_or_path
        A :class:`~siting.scenario.Scenario`, the path of a scenario TOML file, or ``None`` for the
        shipped Guang'an 2025 scenario.
    osm_file
        A local OpenStreetMap extract (``.osm``, ``.osm.bz2``, ``.osm.pbf``).
    boundary
        A study-area boundary file (GeoJSON, GeoPackage ...) to clip to.
    synthetic
        Plan on the synthetic Guang'an (offline, always labelled synthetic).  Without ``osm_file`` and
        ``synthetic`` the roads are downloaded from live OpenStreetMap.
    progress
        Called with progress messages (for example ``print``).
    **overrides
        Scenario values to change, such as ``n_stations=60`` or ``fast_minutes=15``; an unknown name
        raises :class:`~siting._errors.ScenarioError` with a did-you-mean.

    Returns
    -------
    PlanResult
        Labelled tables (``stations``, ``piles``, ``demand`` ...), ``kpis`` and a ``manifest`` whose
        ``warnings`` lists every warning of the run.

    Raises
    ------
    ScenarioError
        A bad scenario file or override, with every problem listed.
    SitingError
        Bad input data or an infeasible plan (:mod:`siting._errors`).

    Examples
    --------
    >>> import siting
    >>> result = siting.plan(synthetic=True, n_stations=40, n_piles=800)  # doctest: +SKIP
    >>> result.kpis  # doctest: +SKIP
    """
    scenario = _scenario(scenario_or_path, overrides)
    started = time.perf_counter()
    with collect() as found:
        inputs = _inputs(scenario, osm_file, boundary, synthetic, progress)
        key = _source_key(scenario, osm_file, boundary, synthetic) + _prepare_key(scenario)
        prepared = _cached(_PREPARED, key, lambda: plan_mod.prepare(scenario, inputs, progress=progress))
        result = plan_mod.plan_prepared(scenario, inputs, prepared, progress=progress, started=started)
    result.manifest["warnings"] = list(found)
    return PlanResult.from_result(result)


def compare(
    scenarios: Sequence[Scenario | PathLike],
    *,
    osm_file: PathLike | None = None,
    boundary: PathLike | None = None,
    synthetic: bool = False,
    curve: bool = False,
    progress: Progress = silent,
) -> Comparison:
    """Plan several scenarios on the same inputs and compare them (``comparison.compare_scenarios``).

    Parameters
    ----------
    scenarios
        Scenarios or scenario TOML paths, the baseline first; their ``name`` values must differ.
    osm_file, boundary, synthetic, progress
        As for :func:`plan`.
    curve
        Also compute each scenario's coverage curve (stations against covered EVs; slower).

    Returns
    -------
    Comparison
        ``results`` (each a :class:`PlanResult`), ``kpis`` and ``counties`` tables, ``curves``.
    """
    loaded = [_scenario(s, {}) for s in scenarios]
    if not loaded:
        raise ValueError("compare needs at least one scenario")
    inputs = _inputs(loaded[0], osm_file, boundary, synthetic, progress)
    comparison = compare_scenarios(loaded, inputs, curve=curve, progress=progress)
    plans: dict[str, results.PlanResult] = {
        name: PlanResult.from_result(r) for name, r in comparison.results.items()
    }
    return dc_replace(comparison, results=plans)


def robust(
    scenario_path: PathLike,
    *,
    samples: int,
    out: PathLike,
    seed: int = 0,
    osm_file: PathLike | None = None,
    boundary: PathLike | None = None,
    synthetic: bool = False,
    synthetic_seed: int = 0,
    synthetic_scale: float = 1.0,
    scheduler: str | None = None,
    n_workers: int | None = None,
    time_limit_s: float | None = None,
    progress: Progress = silent,
) -> Any:
    """Plan ``samples`` futures of the scenario's ``[uncertainty]`` table on Dask, and one robust plan.

    What ``siting robust`` does (:func:`siting.batch.robust.run_robust`): futures by Latin hypercube
    (``seed``), one plan per future, every plan in every future, the max-min relative coverage plan and its
    plan folder, all written into ``out``.

    Parameters
    ----------
    scenario_path
        A scenario TOML with an ``[uncertainty]`` table (:mod:`siting.uncertainty`).
    samples, out, seed
        Number of futures, output folder, seed of the Latin hypercube.
    osm_file, boundary, synthetic, synthetic_seed, synthetic_scale
        The road source: a local extract, or ``synthetic=True`` (one of them), clipped to ``boundary``.
    scheduler, n_workers
        A running Dask scheduler, else a LocalCluster of ``n_workers`` single-threaded processes.
    time_limit_s
        Solver time limit of each plan and MIP (default: the scenario's).
    progress
        Called with progress messages.

    Returns
    -------
    siting.batch.robust.RobustRun
        ``futures``, ``regret`` and ``robust`` tables, the worst ratios and the output folder.

    Examples
    --------
    >>> import siting
    >>> run = siting.robust("my.toml", samples=8, out="out/robust", synthetic=True)  # doctest: +SKIP
    >>> run.robust  # doctest: +SKIP
    """
    if synthetic == (osm_file is not None):
        raise ValueError("give osm_file or synthetic=True (one of them)")
    # deferred: dask.distributed loads only when a robust run is asked for, not with siting.plan
    from siting.batch.robust import run_robust

    return run_robust(
        Path(scenario_path),
        samples,
        Path(out),
        seed=seed,
        osm_file=None if osm_file is None else Path(osm_file),
        boundary=None if boundary is None else Path(boundary),
        synthetic_seed=synthetic_seed,
        synthetic_scale=synthetic_scale,
        scheduler=scheduler,
        n_workers=n_workers,
        time_limit_s=time_limit_s,
        echo=progress,
    )
