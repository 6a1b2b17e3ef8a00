"""The ``[uncertainty]`` table of a scenario and the futures drawn from it (``siting robust``).

A scenario TOML may carry a table of uncertain inputs, each a range ``[lo, hi]``::

    [uncertainty]
    county_ev_factor = [0.6, 1.6]      # each county's EVs times its own factor
    slow_share = [0.3, 0.7]
    weight_slow = [0.5, 2.0]

Why futures vary *by place*
    Multiplying every zone's EVs by one factor multiplies every plan's coverage and every future's optimum by
    the same factor: the ratios, and so the robust plan, do not change.  ``county_ev_factor`` therefore draws
    one factor *per county* (one Latin-hypercube dimension each): EV adoption that grows faster in one county
    than in another moves the best sites.
Scalar keys (:data:`UNCERTAIN_KEYS`)
    Only scenario keys that change what the plan maximises or how much demand there is against fixed
    capacities:

    * ``ev_per_1000_people`` — EVs per zone.  Fast coverage scales with it, but the piles (``n_piles`` ×
      ``evs_per_pile``) and the chargers a station needs do not, so the balance between fast coverage and
      slow-charging service, and the charger sizing, move.  A prepare key: each distinct value is prepared
      once.
    * ``slow_share`` — the share of EVs that need a public slow pile: the weight of slow-charging service
      against fast coverage in the objective.  A prepare key, like the one above.
    * ``weight_fast``, ``weight_slow`` — the objective's weights of fast coverage and slow service; their
      ratio moves the plan (both times one factor does not).
    * ``fast_sessions_per_ev_day`` — fast-charging sessions per EV and day: the chargers each station needs
      (only with ``size_chargers = true``; otherwise it changes nothing and is refused).

    Other keys (targets, thresholds, solver options) are decisions or settings, not uncertain futures.

Validation follows :mod:`siting.scenario`: every problem at once, an unknown key with a did-you-mean, a range
that is not ``[lo, hi]`` with ``lo <= hi`` inside the key's valid range named with its fix.

:func:`draw_futures` draws ``K`` futures by Latin hypercube sampling with a seed
(:class:`scipy.stats.qmc.LatinHypercube`) and returns them as a labelled table.
"""

from __future__ import annotations

import difflib
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import qmc

from siting._errors import ScenarioError
from siting.scenario import UNCERTAINTY_TABLE, Scenario

__all__ = [
    "COUNTY_KEY",
    "UNCERTAIN_KEYS",
    "Uncertainty",
    "county_column",
    "draw_futures",
    "uncertainty_from_dict",
    "uncertainty_from_toml",
]

#: The table's name in the scenario TOML.
TABLE = UNCERTAINTY_TABLE

#: The per-county EV factor key.
COUNTY_KEY = "county_ev_factor"

#: Scalar keys that may be uncertain, with the closed range their values must lie in (``None``: unbounded)
#: and whether 0 itself is allowed.
UNCERTAIN_KEYS: dict[str, tuple[float, float, bool]] = {
    "ev_per_1000_people": (0.0, math.inf, False),
    "slow_share": (0.0, 1.0, True),
    "weight_fast": (0.0, math.inf, True),
    "weight_slow": (0.0, math.inf, True),
    "fast_sessions_per_ev_day": (0.0, math.inf, False),
}

#: Valid range of ``county_ev_factor`` (a factor of 0 would leave a county without EVs).
COUNTY_RANGE = (0.0, math.inf, False)


@dataclass(frozen=True)
class Uncertainty:
    """The ranges of the uncertain inputs.

    Attributes
    ----------
    ranges
        Scalar scenario key → ``(lo, hi)``, in the order of the table.
    county_factor
        ``(lo, hi)`` of every county's EV factor, or None when the counties' EVs are certain.
    """

    ranges: dict[str, tuple[float, float]]
    county_factor: tuple[float, float] | None = None

    @property
    def keys(self) -> list[str]:
        """The uncertain keys as written in the table."""
        return [*self.ranges, *([COUNTY_KEY] if self.county_factor is not None else [])]


def county_column(county_id: str) -> str:
    """The ``futures.csv`` column of one county's EV factor: ``county_ev_factor_<county_id>``."""
    return f"{COUNTY_KEY}_{county_id}"


def uncertainty_from_toml(path: str | Path, scenario: Scenario) -> Uncertainty:
    """Read and validate the ``[uncertainty]`` table of the scenario file ``path``.

    Raises
    ------
    ScenarioError
        No table, or every problem of the table (each naming the key and the fix).
    """
    file = Path(path)
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"scenario file {file}: cannot be read ({exc}).") from exc
    table = raw.get(TABLE)
    if table is None:
        raise ScenarioError(
            f"scenario file {file}: no [{TABLE}] table; add one with the uncertain inputs as ranges, e.g.\n"
            f"[{TABLE}]\n{COUNTY_KEY} = [0.6, 1.6]\nslow_share = [0.3, 0.7]"
        )
    return uncertainty_from_dict(table, scenario, source=f"{file} [{TABLE}]")


def _range_problem(key: str, value: Any, valid: tuple[float, float, bool]) -> str:
    """Why ``value`` is not a valid range of ``key`` ('' when it is)."""
    low, high, zero_ok = valid
    bounds = f"{'>=' if zero_ok else '>'} {low:g}" + (f" and <= {high:g}" if math.isfinite(high) else "")
    if (
        not isinstance(value, list)
        or len(value) != 2
        or any(isinstance(v, bool) or not isinstance(v, int | float) for v in value)
        or not all(math.isfinite(v) for v in value)
    ):
        return f"must be a range [lo, hi] of two numbers, e.g. {key} = [0.8, 1.2]; got {value!r}."
    lo, hi = float(value[0]), float(value[1])
    if lo > hi:
        return f"has lo = {lo:g} above hi = {hi:g}; write it as [{hi:g}, {lo:g}]."
    if lo < low or (lo == low and not zero_ok) or hi > high:
        return f"= [{lo:g}, {hi:g}] leaves the valid range: both ends must be {bounds}."
    return ""


def uncertainty_from_dict(table: Any, scenario: Scenario, *, source: str = TABLE) -> Uncertainty:
    """Validate an ``[uncertainty]`` table (as read from TOML) against ``scenario``.

    Raises
    ------
    ScenarioError
        Listing every problem: not a table, empty, an unknown key (did-you-mean), a key that cannot be
        uncertain, a bad range, ``fast_sessions_per_ev_day`` without charger sizing.
    """
    if not isinstance(table, dict) or not table:
        raise ScenarioError(
            f"{source}: must be a table of key = [lo, hi] with at least one key; supported keys: "
            f"{', '.join([*UNCERTAIN_KEYS, COUNTY_KEY])}."
        )
    problems: list[str] = []
    ranges: dict[str, tuple[float, float]] = {}
    county: tuple[float, float] | None = None
    known = [*UNCERTAIN_KEYS, COUNTY_KEY]
    for key, value in table.items():
        if key not in known:
            if hasattr(scenario, key):
                hint = f"it is a scenario setting, not an uncertain input; use one of {', '.join(known)}."
            else:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"use one of {', '.join(known)}."
            problems.append(f"{source}: unknown key '{key}': {hint}")
            continue
        problem = _range_problem(key, value, UNCERTAIN_KEYS.get(key, COUNTY_RANGE))
        if problem:
            problems.append(f"{source}: key '{key}' {problem}")
        elif key == COUNTY_KEY:
            county = (float(value[0]), float(value[1]))
        else:
            ranges[key] = (float(value[0]), float(value[1]))
    if "fast_sessions_per_ev_day" in table and not scenario.size_chargers:
        problems.append(
            f"{source}: key 'fast_sessions_per_ev_day' changes nothing when size_chargers = false; remove it "
            "or set size_chargers = true."
        )
    if problems:
        raise ScenarioError(*problems)
    return Uncertainty(ranges, county)


def draw_futures(
    uncertainty: Uncertainty, samples: int, *, seed: int, county_ids: list[str] | None = None
) -> pd.DataFrame:
    """``samples`` futures by Latin hypercube sampling: one row each, one column per uncertain input.

    Parameters
    ----------
    uncertainty
        The ranges.
    samples
        Number of futures ``K`` (at least 2).
    seed
        Seed of :class:`scipy.stats.qmc.LatinHypercube`: the same seed draws the same futures.
    county_ids
        The study area's counties, one dimension each when ``county_ev_factor`` is uncertain.

    Returns
    -------
    pandas.DataFrame
        ``future`` (1..K), then the scalar keys (their scenario units: ``ev_per_1000_people`` EVs per 1,000
        people, ``fast_sessions_per_ev_day`` sessions per EV and day, shares and weights unitless), then
        ``county_ev_factor_<county_id>`` per county (a factor on that county's EVs).

    Raises
    ------
    ScenarioError
        Fewer than 2 samples, or ``county_ev_factor`` without counties in the study area.
    """
    if samples < 2:
        raise ScenarioError(f"--samples {samples}: give at least 2 futures (8 or more is usual).")
    columns = list(uncertainty.ranges)
    lows = [lo for lo, _ in uncertainty.ranges.values()]
    highs = [hi for _, hi in uncertainty.ranges.values()]
    if uncertainty.county_factor is not None:
        if not county_ids:
            raise ScenarioError(
                f"[{TABLE}] {COUNTY_KEY}: the study area has no counties, so there is nothing to scale by "
                "county; give the scenario a counties_file, or remove county_ev_factor."
            )
        columns += [county_column(c) for c in county_ids]
        lows += [uncertainty.county_factor[0]] * len(county_ids)
        highs += [uncertainty.county_factor[1]] * len(county_ids)
    unit = qmc.LatinHypercube(d=len(columns), seed=seed).random(samples)
    lo, hi = np.asarray(lows), np.asarray(highs)
    values = lo + unit * (hi - lo)  # qmc.scale refuses lo == hi; a fixed input is allowed here
    table = pd.DataFrame(values, columns=columns)
    table.insert(0, "future", np.arange(1, samples + 1))
    return table
