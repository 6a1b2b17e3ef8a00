"""Compare scenarios: what does scenario B change against scenario A?

A review meeting asks the same questions of every pair of plans: how many more stations and piles, how
much more coverage, which counties gain or lose, what does one more station buy, and where do the
stations move.  This module answers them from :class:`~siting.results.PlanResult` objects:

* :func:`compare_kpis` — the KPI table side by side, with the difference of each later scenario against
  the first (``"<name> - <first>"`` columns);
* :func:`compare_counties` — stations, piles and fast-charging coverage per county and scenario;
* :func:`coverage_curve` — fast-charging coverage against the number of stations, one solve per count on
  the scenario's prepared matrices; :func:`coverage_curve_svg` draws the curves of several scenarios;
* :func:`comparison_map_html` — one self-contained, bilingual map with a scenario switch (radio
  buttons): each scenario's stations (and, lighter, its piles), coloured by whether the site is also
  open in the first scenario, added, or dropped;
* :func:`compare_html` — a small bilingual page with the tables and the curves;
* :func:`write_comparison` — all of it into one folder, atomically;
* :func:`compare_scenarios` — plans every scenario on shared inputs and builds the tables and curves.

The first scenario is the baseline: every difference is *later minus first*.  Scenario names label the
columns, so they must be unique (set ``name`` in each scenario TOML).

The tables, the chart, the page, the output folder and the terminal summary are
:mod:`siting.compare_outputs` (pure functions of the plans, no solving); their names stay importable from
here.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from siting import pipeline as plan_mod
from siting import solve as solve_mod
from siting._errors import InfeasibleError, ScenarioError, SitingError, SolverError
from siting._typing import Progress, silent
from siting._warnings import SitingWarning, warn
from siting.compare_outputs import (
    CURVE_COLUMNS,
    check_scenario_names,
    compare_counties,
    compare_kpis,
)
from siting.compare_outputs import SUMMARY_KPIS as SUMMARY_KPIS
from siting.compare_outputs import compare_html as compare_html
from siting.compare_outputs import coverage_curve_svg as coverage_curve_svg
from siting.compare_outputs import format_summary as format_summary
from siting.compare_outputs import write_comparison as write_comparison
from siting.maps import comparison_map_html as comparison_map_html
from siting.model.data import ModelData, Solution
from siting.results import PlanResult
from siting.scenario import Scenario

__all__ = [
    "CURVE_COLUMNS",
    "CURVE_FRACTIONS",
    "SUMMARY_KPIS",
    "Comparison",
    "check_scenario_names",
    "compare_counties",
    "compare_html",
    "compare_kpis",
    "compare_scenarios",
    "comparison_map_html",
    "coverage_curve",
    "coverage_curve_svg",
    "default_curve_points",
    "format_summary",
    "write_comparison",
]

#: Default points of a coverage curve, as fractions of the scenario's ``n_stations`` (1.0 is the target).
CURVE_FRACTIONS: tuple[float, ...] = (0.1, 0.25, 0.5, 0.75, 1.0, 1.2)


def _prefixed(progress: Progress, prefix: str) -> Progress:
    """Progress messages prefixed with ``[prefix]``.

    The solver's own log lines (``highs...``) stay as they are, so that the command line can still
    recognise and hide them.
    """

    def call(message: str) -> None:
        progress(message if message.startswith("highs") else f"[{prefix}] {message}")

    return call


# ----------------------------------------------------------------------------------------------
# coverage curve
# ----------------------------------------------------------------------------------------------
def _min_feasible_stations(scenario: Scenario, data: ModelData) -> int:
    """A lower bound on the stations any plan needs: locked sites, explicit county minimums, terminals."""
    need = max(1, int(np.count_nonzero(data.station_locked)), sum(scenario.county_min_stations.values()))
    quota = int(data.terminal_quota)
    if quota > 0:
        per_site = np.diff(data.terminal_dist_m.tocsc().indptr)
        best = int(per_site.max()) if per_site.size else 0
        if best > 0:
            need = max(need, math.ceil(quota / best))
    return need


def default_curve_points(scenario: Scenario, data: ModelData) -> list[int]:
    """Default station counts of a coverage curve.

    :data:`CURVE_FRACTIONS` of ``scenario.n_stations`` (10 % to 120 %, the target itself included),
    rounded, at most the number of candidate sites.  A count below what the locked sites, the explicit
    county minimums or the terminal quota need (:func:`_min_feasible_stations`, a lower bound) is
    replaced by that minimum, so the curve starts at the smallest count that can work.

    Parameters
    ----------
    scenario
        The scenario (its ``n_stations`` is the target).
    data
        Its model data (from :func:`siting.pipeline.build_model_data`).

    Returns
    -------
    list of int
        Ascending, distinct counts; always includes ``scenario.n_stations``.
    """
    target = int(scenario.n_stations)
    low = _min_feasible_stations(scenario, data)
    high = max(int(data.n_candidates), 1)
    counts = {min(max(round(f * target), low, 1), high) for f in CURVE_FRACTIONS}
    counts.add(target)
    return sorted(counts)


def _fast_covered_ev(solution: Solution, data: ModelData) -> float:
    """EVs covered by fast charging: ``demand x fast_served_share`` when the solution has it."""
    demand = np.asarray(data.demand_fast_ev, dtype=np.float64)
    share = getattr(solution, "fast_served_share", None)
    if share is not None:
        arr = np.asarray(share, dtype=np.float64)
        if arr.ndim == 0:
            return float(arr) * float(demand.sum())
        return float((demand * arr).sum())
    return float(demand[np.asarray(solution.fast_covered, dtype=bool)].sum())


def _check_counts(n_stations: Sequence[int]) -> list[int]:
    bad = [
        v
        for v in n_stations
        if isinstance(v, bool) or not isinstance(v, int | np.integer | float) or v != int(v) or v < 1
    ]
    if bad:
        raise ScenarioError(
            f"coverage curve: station counts must be whole numbers of at least 1, got {bad[0]!r}; "
            "give e.g. 50,100,200."
        )
    if not n_stations:
        raise ScenarioError("coverage curve: no station count given; give e.g. 50,100,200.")
    return sorted({int(v) for v in n_stations})


def coverage_curve(
    scenario: Scenario,
    prepared: plan_mod.Prepared,
    *,
    n_stations: Sequence[int] | None = None,
    time_limit_s: float = 10.0,
    progress: Progress = silent,
) -> pd.DataFrame:
    """Fast-charging coverage against the number of stations, one solve per count.

    Every point is ``scenario`` with another ``n_stations`` (all other settings, piles and county
    minimum shares included, as in the scenario), built from the same ``prepared`` matrices and solved
    with :func:`siting.solve.solve_model` (``mip_rel_gap`` and ``seed`` of the scenario).

    Parameters
    ----------
    scenario
        The scenario.
    prepared
        Its places, demand and matrices (:func:`siting.pipeline.prepare`).
    n_stations
        Station counts; default :func:`default_curve_points`.
    time_limit_s
        Solver time limit per point, seconds.
    progress
        Called with one message per point.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CURVE_COLUMNS`, one row per count (ascending): ``fast_ev_covered`` (EVs),
        ``fast_covered_share`` (fraction of the fast-charging demand), ``objective`` and ``gap`` of
        the solve, ``status`` (the solver status, or ``"infeasible"`` when that count cannot meet the
        locked sites, county minimums or terminal quota, or is not a valid ``n_stations`` for the
        scenario; its figures are NaN and the reason goes to ``progress``).  Coverage is the demand
        of the zones the solution marks ``fast_covered``, or, when the solution has a
        ``fast_served_share`` (per zone, or one share), the demand times that share.

    Raises
    ------
    ScenarioError
        A count that is not a whole number of at least 1, or a time limit that is not positive.
    """
    if not (isinstance(time_limit_s, int | float) and math.isfinite(time_limit_s) and time_limit_s > 0):
        raise ScenarioError(
            f"coverage curve: the time limit must be a positive number of seconds, got {time_limit_s!r}."
        )
    if n_stations is None:
        base, _ = plan_mod.build_model_data(scenario, prepared)
        counts = default_curve_points(scenario, base)
    else:
        counts = _check_counts(n_stations)
    total = float(np.asarray(prepared.demand["fast_demand_ev"], dtype=np.float64).sum())
    rows = [
        _curve_point(scenario, prepared, n, f"{k}/{len(counts)}", total, time_limit_s, progress)
        for k, n in enumerate(counts, start=1)
    ]
    out = pd.DataFrame(rows, columns=list(CURVE_COLUMNS))
    out["n_stations"] = out["n_stations"].astype(np.int64)
    for col in ("fast_ev_covered", "fast_covered_share", "objective", "gap"):
        out[col] = out[col].astype(np.float64)
    out["status"] = out["status"].astype(object)
    return out


def _curve_point(
    scenario: Scenario,
    prepared: plan_mod.Prepared,
    n: int,
    step: str,
    total: float,
    time_limit_s: float,
    progress: Progress,
) -> dict[str, Any]:
    """One point of a coverage curve: ``scenario`` with ``n`` stations solved (NaN when infeasible).

    A point the time limit stops keeps its plan and its stated gap; a point with no plan within the time
    limit is NaN with status ``"no_plan"``.  Either way a warning names ``--curve-time-limit``.
    """
    try:
        scen_n = scenario.replace(n_stations=n)
        data, _warnings = plan_mod.build_model_data(scen_n, prepared)
        solution, rep = _solve_curve_point(scenario, data, n, time_limit_s)
    except SolverError:
        warn(
            f"coverage curve of {scenario.name}: no plan for {n} stations within the curve time limit of "
            f"{time_limit_s:g} s; the point is left out of the curve. Raise --curve-time-limit "
            "(curve_time_limit_s) to draw it."
        )
        progress(f"coverage curve {step}: {n} stations: no plan within --curve-time-limit {time_limit_s:g} s")
        return {**_nan_point(n), "status": "no_plan"}
    except (InfeasibleError, ScenarioError) as exc:
        # the base scenario is valid, so a ScenarioError here is about this count (county minimums)
        reason = str(exc).splitlines()[-1].strip(" -")
        progress(f"coverage curve {step}: {n} stations cannot meet the requirements ({reason})")
        return _nan_point(n)
    covered = _fast_covered_ev(solution, data)
    share = covered / total if total > 0 else math.nan
    progress(
        f"coverage curve {step}: {n} stations cover {100 * share:.1f}% of EVs "
        f"({rep.status}, gap {100 * rep.gap:.2f}%)"
    )
    return {
        "n_stations": n,
        "fast_ev_covered": round(covered, 1),
        "fast_covered_share": round(share, 6) if math.isfinite(share) else math.nan,
        "objective": round(float(rep.objective), 3),
        "gap": round(float(rep.gap), 6),
        "status": str(rep.status),
    }


def _nan_point(n: int) -> dict[str, Any]:
    nan = math.nan
    return {
        "n_stations": n,
        "fast_ev_covered": nan,
        "fast_covered_share": nan,
        "objective": nan,
        "gap": nan,
        "status": "infeasible",
    }


def _solve_curve_point(
    scenario: Scenario, data: ModelData, n: int, time_limit_s: float
) -> tuple[Solution, Any]:
    """Solve one curve point; the solver's warnings are passed on naming ``--curve-time-limit``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SitingWarning)
        solution, rep = solve_mod.solve_model(
            data, time_limit_s=time_limit_s, mip_rel_gap=scenario.mip_rel_gap, seed=scenario.seed
        )
    for w in caught:
        if issubclass(w.category, SitingWarning):
            text = str(w.message).replace(
                "raise time_limit_s", "raise --curve-time-limit (curve_time_limit_s)"
            )
            warn(f"coverage curve of {scenario.name}, {n} stations: {text}")
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return solution, rep


# ----------------------------------------------------------------------------------------------
# end to end
# ----------------------------------------------------------------------------------------------
@dataclass
class Comparison:
    """Plans of several scenarios on the same inputs, and their comparison.

    Attributes
    ----------
    results
        Plans by scenario name, the baseline first.
    kpis
        :func:`compare_kpis` of the results.
    counties
        :func:`compare_counties` of the results.
    curves
        Coverage curves by scenario name (:func:`coverage_curve`); empty when not computed.
    """

    results: dict[str, PlanResult]
    kpis: pd.DataFrame
    counties: pd.DataFrame
    curves: dict[str, pd.DataFrame] = field(default_factory=dict)


def compare_scenarios(
    scenarios: Sequence[Scenario],
    inputs: plan_mod.StudyInputs,
    *,
    curve: bool = True,
    curve_points: Sequence[int] | None = None,
    curve_time_limit_s: float = 10.0,
    progress: Progress = silent,
) -> Comparison:
    """Plan every scenario on the same inputs and compare the plans.

    Each scenario is planned with :func:`siting.pipeline.plan` (which prepares its own places, demand and
    matrices); with ``curve`` each is then prepared again and its :func:`coverage_curve` computed.

    Parameters
    ----------
    scenarios
        The scenarios, the baseline first; their names must be unique.
    inputs
        Road network, places and counties shared by all scenarios.
    curve
        Also compute a coverage curve per scenario.
    curve_points
        Station counts of the curves (default :func:`default_curve_points` per scenario).
    curve_time_limit_s
        Solver time limit per curve point, seconds.
    progress
        Called with progress messages, prefixed with ``[<scenario name>]``.

    Returns
    -------
    Comparison
        Results, KPI and county tables, curves.

    Raises
    ------
    ScenarioError
        Duplicate or unusable names, scenarios with different ``counties_file`` (the counties are part of
        the shared inputs), bad curve points.
    SitingError
        Whatever planning a scenario raises (e.g. :class:`~siting._errors.InfeasibleError`).
    """
    names = check_scenario_names([s.name for s in scenarios])
    files = {s.counties_file for s in scenarios}
    if len(files) > 1:
        raise ScenarioError(
            "the scenarios use different counties_file values "
            f"({', '.join(f'{s.name}: {s.counties_file}' for s in scenarios)}); a comparison runs on one "
            "set of inputs, counties included. Use the same counties_file in every scenario."
        )
    if curve and curve_points is not None:
        _check_counts(curve_points)
    results: dict[str, PlanResult] = {}
    for k, scen in enumerate(scenarios, start=1):
        progress(f"planning scenario {k}/{len(scenarios)}: {scen.name}")
        try:
            results[scen.name] = plan_mod.plan(scen, inputs, progress=_prefixed(progress, scen.name))
        except SitingError as exc:  # name the scenario that failed (issue 11, item 17)
            exc.problems = tuple(f"scenario '{scen.name}': {p}" for p in exc.problems)
            exc.args = SitingError(*exc.problems).args
            raise
    curves: dict[str, pd.DataFrame] = {}
    if curve:
        for scen in scenarios:
            step = _prefixed(progress, scen.name)
            step("coverage curve: preparing places, demand and matrices")
            prepared = plan_mod.prepare(scen, inputs)
            curves[scen.name] = coverage_curve(
                scen, prepared, n_stations=curve_points, time_limit_s=curve_time_limit_s, progress=step
            )
    return Comparison(
        results={n: results[n] for n in names},
        kpis=compare_kpis(results),
        counties=compare_counties(results),
        curves=curves,
    )
