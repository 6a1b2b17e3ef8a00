"""Scenario: the targets, thresholds and input paths of one plan.

A scenario is a flat TOML file (see ``geodata/guangan.toml`` for every key with its meaning and source).
:func:`scenario_from_toml` reads it, resolves relative paths against the file's folder, and validates every
value, reporting *all* problems at once in one :class:`~siting._errors.ScenarioError`.

Units are in the key names: ``_m`` metres, ``_min`` minutes, ``_s`` seconds, ``_kph`` kilometres per hour.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from siting._errors import ScenarioError
from siting.coords import normalise_crs
from siting.queueing import QueueAssumptions

__all__ = [
    "DEFAULT_PILE_CAPACITY_BY_KIND",
    "GRID_MODES",
    "RASTER_KINDS",
    "SKIM_UNITS",
    "SOLVE_ONLY_KEYS",
    "VALUE_RANGES",
    "Scenario",
    "ValueRange",
    "default_scenario_path",
    "geodata_path",
    "neutral_scenario_path",
    "range_problem",
    "scenario_from_toml",
]

#: Piles a pile site can take, by site kind (documented assumption, editable per scenario).
#: ``parking`` uses 20% of the OSM ``capacity`` tag when present instead.
DEFAULT_PILE_CAPACITY_BY_KIND: dict[str, int] = {
    "parking": 20,
    "residential": 30,
    "workplace": 20,
    "zone_centroid": 10,
}

#: Values of ``grid_mode``: stations must connect within reach, may connect beyond at a cost, or no grid.
GRID_MODES = ("require", "cost", "off")

#: The queue defaults (charger power, session length, waiting-time target, charger range) are those of
#: :class:`siting.queueing.QueueAssumptions`, defined once there.
_QUEUE = QueueAssumptions()

_PATH_KEYS = (
    "boundary_file",
    "counties_file",
    "terminals_file",
    "locked_sites_file",
    "demand_file",
    "substations_file",
    "corridor_cities_file",
    "skim_file",
    "zones_file",
    "population_raster",
)

#: Units of a skim's stored times (``skim_units``).
SKIM_UNITS = ("min", "s", "h")
#: What a population raster's cells hold (``population_raster_kind``): people per cell or per km².
RASTER_KINDS = ("count", "per_km2")


#: The table of uncertain inputs (:mod:`siting.uncertainty`): ``siting robust`` reads it, a plan ignores it.
UNCERTAINTY_TABLE = "uncertainty"


@dataclass(frozen=True)
class Scenario:
    """All inputs of one plan except the road network itself.

    Every field has a documented default; ``geodata/guangan.toml`` states each with its source.
    """

    name: str = "guangan-2025"
    title_en: str = "Guang'an EV charging plan 2025"
    title_zh: str = "广安市电动汽车充电设施规划 2025"
    # --- targets (Guang'an Carbon Peak Implementation Plan, 2024) ---
    n_stations: int = 254
    n_piles: int = 4869
    terminal_share: float = 0.5
    # --- coverage thresholds ---
    terminal_radius_m: float = 1000.0
    fast_minutes: float = 10.0
    walk_m: float = 500.0
    walk_detour: float = 1.3
    # --- demand ---
    grid_cell_m: float = 1000.0
    ev_per_1000_people: float = 40.0
    slow_share: float = 0.5
    evs_per_pile: float = 5.0
    population_total: float | None = None
    demand_file: Path | None = None
    demand_weight_column: str = "weight"
    # population raster (siting.rasters): people per zone by area-weighted zonal sums, scaled to the census
    population_raster: Path | None = None
    population_raster_nodata: float | None = None
    population_raster_kind: str = "count"
    # transport-model skim (siting.skims): zones become the demand, their times the fast-charging coverage
    skim_file: Path | None = None
    skim_matrix: str = ""
    skim_units: str = "min"
    zones_file: Path | None = None
    zones_population_column: str = ""
    # --- objective weights ---
    weight_fast: float = 1.0
    weight_slow: float = 1.0
    tie_break: float = 1e-3
    # --- equity and locked sites ---
    county_min_share: float = 0.5
    county_min_stations: dict[str, int] = field(default_factory=dict)
    county_min_piles: dict[str, int] = field(default_factory=dict)
    lock_existing: bool = False
    locked_sites_file: Path | None = None
    # --- places ---
    candidate_spacing_m: float = 2000.0
    pile_capacity_by_kind: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_PILE_CAPACITY_BY_KIND))
    max_snap_m: float = 2000.0
    off_network_speed_kph: float = 15.0
    # --- study area and data sources ---
    place: str | None = "Guang'an, Sichuan, China"
    boundary_file: Path | None = None
    counties_file: Path | None = None
    terminals_file: Path | None = None
    #: CRS of the point files' coordinates ("WGS-84", "GCJ-02", "BD-09" or "EPSG:…"); one file may differ:
    #: ``locked_sites_file = { path = "x.csv", crs = "GCJ-02" }`` fills ``file_crs``.
    input_crs: str = "WGS-84"
    file_crs: dict[str, str] = field(default_factory=dict)
    # --- planning families (docs/model.md, "Planning families") ---
    # chargers sized by an M/M/c queue (siting.queueing.QueueAssumptions)
    size_chargers: bool = True
    fast_sessions_per_ev_day: float = _QUEUE.fast_sessions_per_ev_day
    peak_hour_share: float = _QUEUE.peak_hour_share
    session_min: float = _QUEUE.session_min
    charger_kw: float = _QUEUE.charger_kw
    max_wait_min: float = _QUEUE.max_wait_min
    wait_probability: float = _QUEUE.wait_probability
    min_chargers: int = _QUEUE.min_chargers
    max_chargers: int = _QUEUE.max_chargers
    charger_weight: float = 0.1
    # grid headroom (siting.grid)
    grid_mode: str = "require"
    substations_file: Path | None = None
    max_grid_distance_m: float = 10_000.0
    grid_cost_per_km: float = 50.0
    substation_headroom_kw: dict[str, int] = field(default_factory=dict)
    headroom_kw_by_kv: dict[str, int] = field(default_factory=dict)
    default_headroom_kw: float | None = None
    # county caps and urban/rural balance
    county_max_share: float = 2.0
    county_max_stations: dict[str, int] = field(default_factory=dict)
    county_max_piles: dict[str, int] = field(default_factory=dict)
    urban_density_per_km2: float = 1500.0
    rural_min_share_stations: float = 0.0
    rural_min_share_piles: float = 0.0
    # phased rollout: the first stage is n_stations / n_piles / ev_per_1000_people; later stages follow
    stage_name: str = "2025"
    later_stages: list[str] = field(default_factory=list)
    later_stage_stations: list[int] = field(default_factory=list)
    later_stage_piles: list[int] = field(default_factory=list)
    later_stage_ev_per_1000_people: list[float] = field(default_factory=list)
    later_stage_headroom_factor: list[float] = field(default_factory=list)
    # intercity corridors (siting.corridors)
    corridors: bool = False
    corridor_cities_file: Path | None = None
    range_km: float = 200.0
    start_charge_share: float = 0.5
    corridor_access_m: float = 1000.0
    trips_per_ev_day: float = 0.05
    gravity_beta: float = 2.0
    weight_corridor: float = 1.0
    # --- solver ---
    time_limit_s: float = 120.0
    mip_rel_gap: float = 0.005
    seed: int = 0

    def replace(self, **changes: Any) -> Scenario:
        """Return a copy with ``changes`` applied and validated (an unknown key gets a did-you-mean)."""
        unknown = _unknown_key_problems(changes, "Scenario.replace")
        if unknown:
            raise ScenarioError(*unknown)
        new = dataclasses.replace(self, **changes)
        problems = _validate_values(new)
        if problems:
            raise ScenarioError(*problems)
        return new

    def first_stage_only(self) -> Scenario:
        """Return a copy without later stages (the first stage's targets only)."""
        return self.replace(
            later_stages=[],
            later_stage_stations=[],
            later_stage_piles=[],
            later_stage_ev_per_1000_people=[],
            later_stage_headroom_factor=[],
        )

    def with_targets(self, *, n_stations: int | None = None, n_piles: int | None = None) -> Scenario:
        """Return a copy with new first-stage targets and the later stages scaled by the same ratio.

        ``later_stage_stations`` keep their ratio to ``n_stations`` (never below it), likewise piles.
        """
        st = self.n_stations if n_stations is None else int(n_stations)
        pi = self.n_piles if n_piles is None else int(n_piles)
        return self.replace(
            n_stations=st,
            n_piles=pi,
            later_stage_stations=[
                max(st, round(v * st / self.n_stations)) for v in self.later_stage_stations
            ],
            later_stage_piles=[max(pi, round(v * pi / self.n_piles)) for v in self.later_stage_piles],
        )

    def crs_of(self, key: str) -> str:
        """The CRS of the point file under scenario key ``key`` (its own, else ``input_crs``)."""
        return self.file_crs.get(key, self.input_crs)

    def to_dict(self) -> dict[str, Any]:
        """Return the scenario as plain JSON-able values (paths as strings)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            out[f.name] = str(value) if isinstance(value, Path) else value
        return out

    @classmethod
    def from_toml(cls, path: str | Path | None = None, **overrides: Any) -> Scenario:
        """Read a scenario TOML file (``None``: the shipped Guang'an one); see :func:`scenario_from_toml`."""
        return scenario_from_toml(path, **overrides)

    def prepare_values(self) -> dict[str, Any]:
        """The values the prepare step reads: every key but :data:`SOLVE_ONLY_KEYS` (JSON-able)."""
        return {k: v for k, v in self.to_dict().items() if k not in SOLVE_ONLY_KEYS}


def geodata_path(name: str = "") -> Path:
    """Return the path of a file shipped in ``geodata/`` (installed as package ``siting.geodata``)."""
    base = Path(str(resources.files("siting.geodata")))
    return base / name if name else base


def default_scenario_path() -> Path:
    """Return the path of the Guang'an 2025 scenario shipped in ``geodata/guangan.toml``."""
    return geodata_path("guangan.toml")


def neutral_scenario_path() -> Path:
    """Return the region-neutral scenario (``geodata/neutral.toml``) of a plan on an extract outside Guang'an.

    One stage, no corridors, no rural minimum, no county caps and no Guang'an boundary, counties or
    terminals: only what holds anywhere.
    """
    return geodata_path("neutral.toml")


def scenario_from_toml(path: str | Path | None = None, **overrides: Any) -> Scenario:
    """Read, resolve and validate a scenario TOML file.

    Parameters
    ----------
    path
        The TOML file; ``None`` reads the shipped Guang'an 2025 scenario.
    **overrides
        Values that replace the file's (for example ``n_stations=60`` from the command line);
        ``None`` values are ignored.

    Returns
    -------
    Scenario
        Relative paths in the file are resolved against the file's folder.

    Raises
    ------
    ScenarioError
        Listing every problem: unreadable file, unknown keys (with a did-you-mean), wrong types, values out
        of range, missing files.
    """
    file = Path(path) if path is not None else default_scenario_path()
    if not file.is_file():
        raise ScenarioError(
            f"scenario file {file}: not found. Give the path of a TOML file such as geodata/guangan.toml."
        )
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8-sig"))  # a BOM (Windows Notepad) is fine
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            f"scenario file {file}: is not UTF-8 text ({exc.reason} at byte {exc.start}; saved as GBK?). "
            "Save it as UTF-8."
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"scenario file {file}: not valid TOML ({exc}). Fix the syntax.") from exc
    if not raw:
        raise ScenarioError(
            f"scenario file {file}: has no keys, so every value would be the Guang'an default; copy "
            "geodata/guangan.toml or geodata/neutral.toml beside it and edit the copy."
        )
    raw.update({k: v for k, v in overrides.items() if v is not None})
    return scenario_from_dict(raw, base_dir=file.parent, source=str(file))


def scenario_from_dict(
    raw: dict[str, Any], *, base_dir: Path | None = None, source: str = "scenario"
) -> Scenario:
    """Build a validated :class:`Scenario` from a mapping (as read from TOML).

    Relative paths are resolved against ``base_dir``.  All problems are collected and raised together.
    """
    fields = {f.name: f for f in dataclasses.fields(Scenario)}
    problems: list[str] = []
    kwargs: dict[str, Any] = {}
    raw = {k: v for k, v in raw.items() if k != UNCERTAINTY_TABLE}  # read by siting robust only
    raw, file_crs, table_problems = _split_file_tables(raw, source)
    problems += table_problems
    if file_crs:
        kwargs["file_crs"] = file_crs
    problems.extend(_unknown_key_problems(raw, source))
    for key, value in raw.items():
        if key not in fields:
            continue
        converted, problem = _convert(key, value, fields[key].type, base_dir)
        if problem:
            problems.append(f"{source}: key '{key}' {problem}")
        else:
            kwargs[key] = converted
    if problems:
        raise ScenarioError(*problems)
    scenario = Scenario(**kwargs)
    problems = [f"{source}: {p}" for p in _validate_values(scenario)]
    if problems:
        raise ScenarioError(*problems)
    return scenario


def _split_file_tables(raw: dict[str, Any], source: str) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    """Turn ``key = { path = "…", crs = "…" }`` into the path and an entry of ``file_crs``."""
    out = dict(raw)
    problems: list[str] = []
    given = out.pop("file_crs", None)
    if given is not None and not (
        isinstance(given, dict) and all(isinstance(v, str) for v in given.values())
    ):
        problems.append(f"{source}: key 'file_crs' must be a table of file key = \"CRS\", got {given!r}.")
        given = None
    file_crs = {str(k): str(v) for k, v in (given or {}).items()}
    for key in _PATH_KEYS:
        value = out.get(key)
        if not isinstance(value, dict):
            continue
        unknown = sorted(set(value) - {"path", "crs"})
        if unknown or "path" not in value:
            problems.append(
                f"{source}: key '{key}' as a table takes path and crs, e.g. {key} = "
                '{ path = "points.csv", crs = "GCJ-02" }'
                + (f"; remove {', '.join(unknown)}." if unknown else ".")
            )
            out.pop(key)
            continue
        out[key] = value["path"]
        if "crs" in value and not isinstance(value["crs"], str):
            problems.append(
                f"{source}: key '{key}.crs' must be a string such as \"GCJ-02\", got {value['crs']!r}."
            )
        elif "crs" in value:
            file_crs[key] = value["crs"]
    return out, file_crs, problems


def _convert(key: str, value: Any, type_name: Any, base_dir: Path | None) -> tuple[Any, str]:
    """Convert one TOML value to the field's type; return (value, problem or '')."""
    t = str(type_name)
    if key in _PATH_KEYS:
        if value in ("", None):
            return None, ""
        if not isinstance(value, str):
            return None, f"must be a file path (string), got {value!r}."
        if "\x00" in value:
            return None, "is not a valid file path (it contains a NUL character)."
        try:
            p = Path(value).expanduser()
            if not p.is_absolute() and base_dir is not None:
                shipped = geodata_path(value)
                p = (base_dir / p).resolve()
                if not p.exists() and shipped.is_file():
                    p = shipped  # a copy of a shipped scenario keeps using the shipped data
        except (OSError, RuntimeError, ValueError) as exc:
            return None, f"is not a valid file path ({exc})."
        return p, ""
    if t.startswith("dict"):
        if not isinstance(value, dict):
            return None, f"must be a table of name = value, got {value!r}."
        bad = [
            k
            for k, v in value.items()
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or v != int(v)
        ]
        if bad:
            return None, f"must map names to whole numbers; check {', '.join(map(str, bad))}."
        return {str(k): int(v) for k, v in value.items()}, ""
    if t.startswith("list"):
        if not isinstance(value, list):
            return None, f"must be a list such as [1, 2], got {value!r}."
        inner = t[5:-1]
        out = []
        for item in value:
            converted, problem = _convert("", item, inner, base_dir)
            if problem:
                return None, f"has an item that {problem}"
            out.append(converted)
        return out, ""
    if t == "bool":
        if not isinstance(value, bool):
            return None, f"must be true or false, got {value!r}."
        return value, ""
    if t == "int":
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value != int(value)
        ):
            return None, f"must be a whole number, got {value!r}."
        return int(value), ""
    if t.startswith("float"):
        if value is None and "None" in t:
            return None, ""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, f"must be a number, got {value!r}."
        if not math.isfinite(float(value)):
            return None, f"must be a finite number, got {value!r}."
        return float(value), ""
    if t.startswith("str"):
        if not isinstance(value, str):
            return None, f"must be a string, got {value!r}."
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            return None, f"contains a control character (newline, tab, NUL…), got {value!r}; remove it."
        return value, ""
    return value, ""


def _validate_values(s: Scenario) -> list[str]:
    """Return every out-of-range value of ``s`` as a message naming the key and the fix."""
    return [
        *_bound_problems(s),
        *_grid_and_cap_problems(s),
        *_stage_problems(s),
        *_demand_and_objective_problems(s),
        *_county_minimum_problems(s),
        *_path_problems(s),
        *_own_data_problems(s),
        *_crs_and_seed_problems(s),
    ]


def _own_data_problems(s: Scenario) -> list[str]:
    """The skim, zone layer and population raster keys: units, kinds and the pairs that go together."""
    problems: list[str] = []
    if s.skim_units not in SKIM_UNITS:
        problems.append(f"'skim_units' must be one of {', '.join(SKIM_UNITS)}, got {s.skim_units!r}.")
    if s.population_raster_kind not in RASTER_KINDS:
        problems.append(
            f"'population_raster_kind' must be one of {', '.join(RASTER_KINDS)}, got "
            f"{s.population_raster_kind!r}."
        )
    if s.skim_file is not None and s.zones_file is None:
        problems.append(
            "'skim_file' needs 'zones_file': the zone polygons (with a zone_id column) the skim's times join."
        )
    if s.zones_file is not None and s.demand_file is not None:
        problems.append("'zones_file' and 'demand_file' both give the demand; keep one of them.")
    return problems


def _crs_and_seed_problems(s: Scenario) -> list[str]:
    """Input CRSs that are not a horizontal CRS or a Chinese datum; a seed HiGHS refuses."""
    problems: list[str] = []
    for key, text in [("input_crs", s.input_crs), *((f"{k}.crs", v) for k, v in s.file_crs.items())]:
        try:
            normalise_crs(text)
        except ValueError as exc:
            problems.append(f"'{key}': {exc}")
    unknown = sorted(set(s.file_crs) - set(_PATH_KEYS))
    if unknown:
        problems.append(
            f"'file_crs' names unknown file keys {', '.join(unknown)}; use {', '.join(_PATH_KEYS)}."
        )
    return problems


@dataclass(frozen=True)
class ValueRange:
    """The valid values of one numeric scenario key: ``lo <= v <= hi``, or exactly 0 when ``zero_ok``.

    The bounds rule out values that break the maths (denormal or overflowing weights, rates and
    distances) as well as values no plan can mean; ``why`` is shown to the user with the range.
    """

    lo: float
    hi: float
    zero_ok: bool = False
    why: str = ""

    def text(self) -> str:
        """The range as the messages print it: ``"1e-06..1e+06 (or 0)"``."""

        def num(x: float) -> str:
            return str(int(x)) if float(x).is_integer() and abs(x) < 1e12 else f"{x:g}"

        return f"{num(self.lo)}..{num(self.hi)}" + (" (or 0)" if self.zero_ok else "")

    def holds(self, value: float) -> bool:
        """True when ``value`` is finite and in the range (or 0 where 0 is allowed)."""
        v = float(value)
        return math.isfinite(v) and ((self.zero_ok and v == 0.0) or self.lo <= v <= self.hi)


_SHARE = ValueRange(1e-6, 1.0, zero_ok=True, why="a share; below 1e-6 use 0")
_WEIGHT = ValueRange(1e-6, 1e6, zero_ok=True, why="an objective weight; weights far apart lose precision")
_COUNT = ValueRange(0, 10_000_000, why="a count")

#: The documented valid range of every numeric scenario key (items of list and table keys too).
#: Checked by scenario validation and by the command-line options that set the same keys; a test
#: asserts that every int and float key of :class:`Scenario` is listed (``population_raster_nodata`` is
#: the one exception: it is a raster's marker value and may be any finite number).
VALUE_RANGES: dict[str, ValueRange] = {
    "n_stations": ValueRange(1, 1_000_000, why="stations to open"),
    "n_piles": ValueRange(1, 100_000_000, why="piles to place"),
    "terminal_share": _SHARE,
    "terminal_radius_m": ValueRange(1, 100_000, why="metres"),
    "fast_minutes": ValueRange(0.1, 1440, why="minutes of driving"),
    "walk_m": ValueRange(1, 100_000, why="metres of walking"),
    "walk_detour": ValueRange(1, 10, why="a detour factor"),
    "grid_cell_m": ValueRange(1, 1e9, why="the demand grid's cell side in metres"),
    "ev_per_1000_people": ValueRange(1e-3, 1000, why="EVs per 1,000 residents"),
    "slow_share": _SHARE,
    "evs_per_pile": ValueRange(1e-3, 10_000, why="EVs sharing one pile"),
    "population_total": ValueRange(1, 1e10, why="residents of the study area"),
    "weight_fast": _WEIGHT,
    "weight_slow": _WEIGHT,
    "tie_break": ValueRange(1e-9, 1.0, zero_ok=True, why="a small tie-breaking weight"),
    "county_min_share": _SHARE,
    "county_min_stations": _COUNT,
    "county_min_piles": _COUNT,
    "candidate_spacing_m": ValueRange(1, 1e9, why="metres between candidate sites"),
    "pile_capacity_by_kind": _COUNT,
    "max_snap_m": ValueRange(1, 1_000_000, why="metres"),
    "off_network_speed_kph": ValueRange(0.1, 200, why="km/h"),
    "fast_sessions_per_ev_day": ValueRange(1e-4, 100, why="sessions per EV and day"),
    "peak_hour_share": _SHARE,
    "session_min": ValueRange(0.1, 1440, why="minutes per charging session"),
    "charger_kw": ValueRange(1, 10_000, why="kW per charger"),
    "max_wait_min": ValueRange(1e-3, 1440, zero_ok=True, why="minutes"),
    "wait_probability": ValueRange(1e-6, 1 - 1e-6, why="a probability strictly between 0 and 1"),
    "min_chargers": ValueRange(1, 10_000, why="chargers per station"),
    "max_chargers": ValueRange(1, 10_000, why="chargers per station"),
    "charger_weight": _WEIGHT,
    "max_grid_distance_m": ValueRange(1, 1_000_000, why="metres"),
    "grid_cost_per_km": ValueRange(1e-6, 1e9, zero_ok=True, why="cost per km of grid connection"),
    "substation_headroom_kw": ValueRange(0, 1e9, why="kW"),
    "headroom_kw_by_kv": ValueRange(0, 1e9, why="kW"),
    "default_headroom_kw": ValueRange(1e-3, 1e9, zero_ok=True, why="kW"),
    "county_max_share": ValueRange(1e-3, 1000, zero_ok=True, why="a multiple of the fair share; 0 = no caps"),
    "county_max_stations": _COUNT,
    "county_max_piles": _COUNT,
    "urban_density_per_km2": ValueRange(1e-3, 1e6, why="residents per km²"),
    "rural_min_share_stations": _SHARE,
    "rural_min_share_piles": _SHARE,
    "later_stage_stations": ValueRange(1, 1_000_000, why="stations to open"),
    "later_stage_piles": ValueRange(1, 100_000_000, why="piles to place"),
    "later_stage_ev_per_1000_people": ValueRange(1e-3, 1000, why="EVs per 1,000 residents"),
    "later_stage_headroom_factor": ValueRange(1e-3, 1000, why="a factor on the headroom"),
    "range_km": ValueRange(1, 10_000, why="km an EV drives on a full charge"),
    "start_charge_share": _SHARE,
    "corridor_access_m": ValueRange(1, 1_000_000, why="metres"),
    "trips_per_ev_day": ValueRange(1e-6, 100, zero_ok=True, why="trips per EV and day"),
    "gravity_beta": ValueRange(1e-3, 10, zero_ok=True, why="a distance-decay exponent"),
    "weight_corridor": _WEIGHT,
    "time_limit_s": ValueRange(0.1, 1e7, why="seconds"),
    "mip_rel_gap": ValueRange(1e-9, 1, zero_ok=True, why="a relative gap (0.005 = 0.5 %)"),
    "seed": ValueRange(0, 2_147_483_647, why="HiGHS's random_seed range"),
}


def range_problem(key: str, value: Any, *, name: str | None = None) -> str:
    """The message for ``value`` of numeric key ``key`` outside its range, else ``''``.

    ``name`` is what the user typed (a command-line option such as ``--time-limit``); default the key.
    """
    spec = VALUE_RANGES[key]
    if spec.holds(value):
        return ""
    if name:
        typed = f"{value:g}" if isinstance(value, float) else str(value)
        return f"{name} {typed}: give a value in {spec.text()} ({spec.why})."
    return f"'{key}' must lie in {spec.text()} ({spec.why}), got {value!r}."


def _range_problems(s: Scenario) -> list[str]:
    """Every numeric value (and list / table item) of ``s`` outside :data:`VALUE_RANGES`."""
    problems: list[str] = []
    for key, spec in VALUE_RANGES.items():
        value = getattr(s, key)
        items = (
            value.items()
            if isinstance(value, dict)
            else enumerate(value)
            if isinstance(value, list)
            else None
        )
        if items is None:
            if value is not None and not spec.holds(value):
                problems.append(range_problem(key, value))
            continue
        bad = [f"{k} = {v!r}" for k, v in items if not spec.holds(v)]
        if bad:
            problems.append(f"'{key}' values must lie in {spec.text()} ({spec.why}); check {', '.join(bad)}.")
    return problems


def _bound_problems(s: Scenario) -> list[str]:
    """Values outside :data:`VALUE_RANGES`; the charger range's order."""
    problems = _range_problems(s)
    if s.max_chargers < s.min_chargers:
        problems.append(
            f"'max_chargers' ({s.max_chargers}) is below 'min_chargers' ({s.min_chargers}); raise it."
        )
    return problems


def _grid_and_cap_problems(s: Scenario) -> list[str]:
    """Grid mode and headroom values; county caps."""
    problems: list[str] = []
    if s.grid_mode not in GRID_MODES:
        close = difflib.get_close_matches(s.grid_mode, GRID_MODES, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        problems.append(f"'grid_mode' must be one of {', '.join(GRID_MODES)}, got {s.grid_mode!r}.{hint}")
    for name in s.headroom_kw_by_kv:
        try:
            float(name)
        except ValueError:
            problems.append(f"'headroom_kw_by_kv' keys are voltages in kV such as \"110\", got {name!r}.")
    if s.county_max_share != 0 and s.county_max_share < s.county_min_share:
        problems.append(
            f"'county_max_share' ({s.county_max_share}) is below 'county_min_share' ({s.county_min_share}); "
            "raise it, or set 0 for no caps."
        )
    return problems


def _stage_problems(s: Scenario) -> list[str]:
    """The later stages: one entry per stage in every list, distinct names, positive targets."""
    problems: list[str] = []
    lengths = {
        key: len(getattr(s, key))
        for key in (
            "later_stages",
            "later_stage_stations",
            "later_stage_piles",
            "later_stage_ev_per_1000_people",
        )
    }
    if s.later_stage_headroom_factor:
        lengths["later_stage_headroom_factor"] = len(s.later_stage_headroom_factor)
    if len(set(lengths.values())) > 1:
        problems.append(
            "the later_stage* lists must have one entry per later stage; lengths are "
            + ", ".join(f"{k} = {n}" for k, n in lengths.items())
            + "."
        )
    names = [s.stage_name, *s.later_stages]
    if len(set(names)) != len(names):
        problems.append(f"stage names must differ, got {names}; rename 'stage_name' or 'later_stages'.")
    return problems


def _demand_and_objective_problems(s: Scenario) -> list[str]:
    """Base-model shares, the walking detour, the objective weights and the population total."""
    problems: list[str] = []
    if s.weight_fast == 0 and s.weight_slow == 0:
        problems.append("'weight_fast' and 'weight_slow' are both 0: nothing to maximise; set one > 0.")
    return problems


def _county_minimum_problems(s: Scenario) -> list[str]:
    """County minimums (non-negative, within the targets) and pile capacities."""
    problems: list[str] = []
    if sum(s.county_min_stations.values()) > s.n_stations:
        problems.append(
            f"'county_min_stations' add up to {sum(s.county_min_stations.values())}, more than "
            f"n_stations = {s.n_stations}; lower them or raise n_stations."
        )
    if sum(s.county_min_piles.values()) > s.n_piles:
        problems.append(
            f"'county_min_piles' add up to {sum(s.county_min_piles.values())}, more than "
            f"n_piles = {s.n_piles}; lower them or raise n_piles."
        )
    return problems


def _path_problems(s: Scenario) -> list[str]:
    """Input files that do not exist."""
    return [
        f"'{key}' = {p}: file not found. Fix the path (relative to the TOML file)."
        for key in _PATH_KEYS
        if (p := getattr(s, key)) is not None and not Path(p).is_file()
    ]


def _unknown_key_problems(keys: Any, source: str) -> list[str]:
    """One problem per key of ``keys`` that is no scenario field, with a did-you-mean when one is close."""
    names = [f.name for f in dataclasses.fields(Scenario)]
    problems = []
    for key in keys:
        if key not in names:
            close = difflib.get_close_matches(key, names, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else " Remove it."
            problems.append(f"{source}: unknown key '{key}'.{hint}")
    return problems


#: Scenario keys that only the model, the solver and the results read (prepare and its inputs do not).
#: A variant that changes only these reuses its area's prepared inputs (:mod:`siting.batch.cache`, and
#: :func:`siting.api.plan`'s in-memory cache).  ``uses_planning_model`` (which several of them switch) is
#: keyed separately; ``place`` and ``boundary_file`` choose the study area, which a batch area gives itself.
SOLVE_ONLY_KEYS = frozenset(
    {
        "name", "title_en", "title_zh", "n_stations", "n_piles", "terminal_share", "evs_per_pile",
        "weight_fast", "weight_slow", "tie_break", "county_min_share", "county_min_stations",
        "county_min_piles", "size_chargers", "fast_sessions_per_ev_day", "peak_hour_share", "session_min",
        "charger_kw", "max_wait_min", "wait_probability", "min_chargers", "max_chargers", "charger_weight",
        "grid_cost_per_km", "county_max_share", "county_max_stations", "county_max_piles",
        "urban_density_per_km2", "rural_min_share_stations", "rural_min_share_piles", "stage_name",
        "later_stages", "later_stage_stations", "later_stage_piles", "later_stage_ev_per_1000_people",
        "later_stage_headroom_factor", "weight_corridor", "time_limit_s", "mip_rel_gap", "seed", "place",
        "boundary_file",
    }
)  # fmt: skip
