"""The batch file: study areas crossed with scenario variants, read and validated before any work.

A batch file is TOML with three kinds of entries (paths relative to the batch file)::

    [[area]]                          # one per study area
    id = "qianfeng"                   # names the task folders: letters, digits, '-', '_', '.'
    scenario = "scenarios/base.toml"  # the scenario TOML of this area
    synthetic = true                  # the synthetic road network (seed, scale) ...
    seed = 0
    scale = 0.3
    boundary = "qianfeng.geojson"     # optional: clip the roads and places to this polygon

    [[area]]
    id = "510100"
    scenario = "scenario.toml"
    synthetic = true                  # with a boundary and a population: a synthetic city of its own
    boundary = "boundaries/510100.geojson"
    population = 20937757             # (siting.synthetic.synthetic_city), not a clip of Guang'an
    overrides = { n_stations = 1634 } # optional: scenario overrides of this area (before the variant's)

    [[area]]
    id = "chengdu"
    scenario = "scenarios/chengdu.toml"
    osm_file = "extracts/chengdu.osm.pbf"   # ... or a local OSM extract

    [[variant]]                       # optional: a table of scenario overrides per variant
    id = "high-ev"
    ev_per_1000_people = 80

    [grid]                            # optional: every combination of these values is a variant
    n_stations = [10, 20]

The tasks are every area crossed with every variant (``[[variant]]`` entries crossed with the ``[grid]``
combinations; with neither, one variant ``base`` without overrides).  A task's id is ``<area>--<variant>``.

:func:`batch_from_toml` checks everything first — keys, types, files, ids and every task's scenario with its
overrides (through :func:`siting.scenario.scenario_from_toml`) — and raises one
:class:`~siting._errors.ScenarioError` listing all problems, each naming the file, the entry and the fix.
"""

from __future__ import annotations

import difflib
import itertools
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from siting._errors import ScenarioError, SitingError
from siting._validate import Problems
from siting.scenario import Scenario, scenario_from_toml

__all__ = ["Area", "Batch", "Task", "Variant", "batch_from_toml"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_AREA_KEYS = (
    "id",
    "scenario",
    "synthetic",
    "seed",
    "scale",
    "osm_file",
    "boundary",
    "population",
    "overrides",
)
_TOP_KEYS = ("area", "variant", "grid")


@dataclass(frozen=True)
class Area:
    """One study area: a scenario file and where its roads come from.

    Attributes
    ----------
    area_id
        Names its tasks.
    scenario_file
        The scenario TOML (absolute path).
    osm_file
        A local OSM extract, or None for the synthetic road network.
    seed, scale
        The synthetic road network's seed and density (used without ``osm_file``).
    boundary
        A polygon file that clips the study area, or None.
    population
        With ``boundary`` and the synthetic network: the residents of a synthetic city generated for the
        boundary (:func:`siting.synthetic.synthetic_city`); None clips the synthetic Guang'an instead.
    overrides
        Scenario overrides of this area (e.g. targets scaled by its population), applied before a variant's.
    """

    area_id: str
    scenario_file: Path
    osm_file: Path | None = None
    seed: int = 0
    scale: float = 1.0
    boundary: Path | None = None
    population: int | None = None
    overrides: dict[str, Any] = field(default_factory=dict)

    @property
    def synthetic(self) -> bool:
        """True for the synthetic road network."""
        return self.osm_file is None


@dataclass(frozen=True)
class Variant:
    """Scenario overrides shared by every area: ``variant_id`` and ``overrides`` (key = TOML value)."""

    variant_id: str
    overrides: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Task:
    """One plan of the batch: an area under a variant, with the scenario that results."""

    task_id: str
    area: Area
    variant: Variant
    scenario: Scenario


@dataclass(frozen=True)
class Batch:
    """A validated batch file: its areas, variants and tasks (areas × variants, area-major)."""

    path: Path
    areas: list[Area]
    variants: list[Variant]
    tasks: list[Task]


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ScenarioError(f"batch file {path}: not found. Give the path of a batch TOML file.")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"batch file {path}: not valid TOML ({exc}). Fix the syntax.") from exc


def _unknown(keys: Any, allowed: Any, where: str, problems: Problems) -> None:
    for key in keys:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), list(allowed), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else " Remove it."
            problems.add(f"{where}: unknown key '{key}'.{hint}")


def _check_id(value: Any, where: str, seen: set[str], problems: Problems) -> str | None:
    if not isinstance(value, str) or not _ID.match(value):
        problems.add(
            f"{where}: 'id' must be a name of letters, digits, '-', '_' or '.' (it names the output "
            f"folders), got {value!r}."
        )
        return None
    if value in seen:
        problems.add(f"{where}: id '{value}' is used twice; give every entry its own id.")
        return None
    seen.add(value)
    return value


def _file(raw: dict[str, Any], key: str, base: Path, where: str, problems: Problems) -> Path | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value or "\x00" in value:
        problems.add(f"{where}: '{key}' must be a file path (string), got {value!r}.")
        return None
    path = Path(value).expanduser()
    path = path if path.is_absolute() else (base / path).resolve()
    if not path.is_file():
        problems.add(f"{where}: '{key}' = {path}: file not found. Fix the path (relative to the batch file).")
        return None
    return path


def _source(raw: dict[str, Any], where: str, problems: Problems) -> tuple[int, float]:
    """Check the road source keys; return the synthetic seed and scale."""
    synthetic = raw.get("synthetic", False)
    if not isinstance(synthetic, bool):
        problems.add(f"{where}: 'synthetic' must be true or false, got {synthetic!r}.")
    has_osm = "osm_file" in raw
    if has_osm == bool(synthetic):
        problems.add(
            f"{where}: give exactly one road source: 'osm_file = \"extract.osm.pbf\"' or "
            "'synthetic = true' (with optional seed and scale)."
        )
    seed, scale = raw.get("seed", 0), raw.get("scale", 1.0)
    if has_osm and ("seed" in raw or "scale" in raw):
        problems.add(f"{where}: 'seed' and 'scale' apply to 'synthetic = true' only; remove them.")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        problems.add(f"{where}: 'seed' must be a whole number >= 0, got {seed!r}.")
        seed = 0
    if (
        isinstance(scale, bool)
        or not isinstance(scale, int | float)
        or not math.isfinite(scale)
        or not 0 < scale <= 10
    ):
        problems.add(f"{where}: 'scale' must be a number in (0, 10] (1.0 = the full city), got {scale!r}.")
        scale = 1.0
    return int(seed), float(scale)


def _population(raw: dict[str, Any], where: str, problems: Problems) -> int | None:
    """The synthetic city's population (needs ``synthetic = true`` and a ``boundary``), or None."""
    if "population" not in raw:
        return None
    value = raw["population"]
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        problems.add(f"{where}: 'population' must be a whole number > 0 (residents), got {value!r}.")
        return None
    if raw.get("synthetic") is not True or "boundary" not in raw:
        problems.add(
            f"{where}: 'population' generates a synthetic city for the area's boundary; it needs "
            "'synthetic = true' and 'boundary = \"...\"' (or remove it)."
        )
    return value


def _areas(raw: Any, path: Path, problems: Problems) -> list[Area]:
    if not isinstance(raw, list) or not raw or not all(isinstance(a, dict) for a in raw):
        problems.add(
            f"batch file {path}: needs at least one [[area]] table (id, scenario, and osm_file or "
            "synthetic = true)."
        )
        return []
    areas: list[Area] = []
    seen: set[str] = set()
    for row, entry in enumerate(raw, start=1):
        where = f"batch file {path}: [[area]] {row}" + (f" ('{entry['id']}')" if "id" in entry else "")
        _unknown(entry, _AREA_KEYS, where, problems)
        area_id = _check_id(entry.get("id"), where, seen, problems)
        if "scenario" not in entry:
            problems.add(f"{where}: 'scenario' is missing; give the scenario TOML of this area.")
        scenario = _file(entry, "scenario", path.parent, where, problems)
        osm_file = _file(entry, "osm_file", path.parent, where, problems)
        boundary = _file(entry, "boundary", path.parent, where, problems)
        seed, scale = _source(entry, where, problems)
        population = _population(entry, where, problems)
        overrides = entry.get("overrides", {})
        if not isinstance(overrides, dict):
            problems.add(
                f"{where}: 'overrides' must be a table of scenario keys, e.g. {{ n_stations = 10 }}."
            )
            overrides = {}
        if area_id is not None and scenario is not None and (osm_file or "osm_file" not in entry):
            areas.append(
                Area(area_id, scenario, osm_file, seed, scale, boundary, population, dict(overrides))
            )
    return areas


def _grid_variants(raw: Any, path: Path, problems: Problems) -> list[Variant]:
    where = f"batch file {path}: [grid]"
    if not isinstance(raw, dict) or not raw:
        problems.add(f"{where}: must be a table of key = [values], e.g. n_stations = [10, 20].")
        return []
    for key, values in raw.items():
        if not isinstance(values, list) or not values:
            problems.add(f"{where}: '{key}' must be a non-empty list of values, e.g. {key} = [1, 2].")
    if problems:
        return []
    keys = list(raw)
    out = []
    for combo in itertools.product(*(raw[k] for k in keys)):
        vid = "_".join(f"{k}-{v}" for k, v in zip(keys, combo, strict=True))
        out.append(Variant(re.sub(r"[^A-Za-z0-9_.-]", "-", vid), dict(zip(keys, combo, strict=True))))
    return out


def _variants(raw: dict[str, Any], path: Path, problems: Problems) -> list[Variant]:
    listed: list[Variant] = []
    entries = raw.get("variant", [])
    if not isinstance(entries, list) or not all(isinstance(v, dict) for v in entries):
        problems.add(f"batch file {path}: 'variant' must be [[variant]] tables (id and scenario keys).")
        entries = []
    seen: set[str] = set()
    for row, entry in enumerate(entries, start=1):
        where = f"batch file {path}: [[variant]] {row}"
        vid = _check_id(entry.get("id"), where, seen, problems)
        if vid is not None:
            listed.append(Variant(vid, {k: v for k, v in entry.items() if k != "id"}))
    listed = listed or [Variant("base")]
    if "grid" not in raw:
        return listed
    grid = _grid_variants(raw["grid"], path, problems)
    return [
        Variant(
            g.variant_id if v.variant_id == "base" and len(listed) == 1 else f"{v.variant_id}_{g.variant_id}",
            {**v.overrides, **g.overrides},
        )
        for v in listed
        for g in grid
    ]


def _tasks(path: Path, areas: list[Area], variants: list[Variant], problems: Problems) -> list[Task]:
    tasks = []
    for area in areas:
        for variant in variants:
            try:
                scenario = scenario_from_toml(area.scenario_file, **{**area.overrides, **variant.overrides})
            except SitingError as exc:
                where = f"batch file {path}: area '{area.area_id}' × variant '{variant.variant_id}'"
                for problem in exc.problems:
                    problems.add(f"{where}: {problem}")
                continue
            tasks.append(Task(f"{area.area_id}--{variant.variant_id}", area, variant, scenario))
    ids = [t.task_id for t in tasks]
    for task_id in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add(
            f"batch file {path}: task id '{task_id}' occurs more than once (repeated [grid] values?); "
            "make the values or the variant ids differ."
        )
    return tasks


def batch_from_toml(path: str | Path) -> Batch:
    """Read and validate a batch file (format in the module docstring).

    Raises
    ------
    ScenarioError
        Listing every problem of the file, its areas, its variants and each task's scenario.
    """
    file = Path(path).absolute()
    raw = _read_toml(file)
    problems = Problems()
    _unknown(raw, _TOP_KEYS, f"batch file {file}", problems)
    areas = _areas(raw.get("area"), file, problems)
    variants = _variants(raw, file, problems)
    if problems:  # scenario files are checked once the batch's own keys are right
        problems.raise_if_any(ScenarioError)
    tasks = _tasks(file, areas, variants, problems)
    problems.raise_if_any(ScenarioError)
    return Batch(path=file, areas=areas, variants=variants, tasks=tasks)
