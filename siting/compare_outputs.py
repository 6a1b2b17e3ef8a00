"""The outputs of a scenario comparison: tables, chart, page, output folder and terminal summary.

These are pure functions of :class:`~siting.results.PlanResult` objects (no solving); :mod:`siting.comparison`
plans the scenarios, solves the coverage curves and calls them.

* :func:`check_scenario_names` — names that can label the columns of a comparison;
* :func:`compare_kpis` — the KPI table side by side, with the difference of each later scenario against
  the first (``"<name> - <first>"`` columns);
* :func:`compare_counties` — stations, piles and fast-charging coverage per county and scenario;
* :func:`coverage_curve_svg` — the coverage curves of several scenarios in one chart;
* :func:`compare_html` — a small bilingual page with the tables and the curves (template
  ``templates/compare/compare.html``);
* :func:`write_comparison` — all of it and the comparison map into one folder, atomically;
* :func:`format_summary` — a few KPI rows as plain text for a terminal.

The first scenario is the baseline: every difference is *later minus first*.

Output folder of :func:`write_comparison`
=========================  ============================================================================
file                       content
=========================  ============================================================================
``compare_kpis.csv``       :func:`compare_kpis`
``compare_counties.csv``   :func:`compare_counties`
``coverage_curve.csv``     the curves with a ``scenario`` column (only when curves are given)
``coverage_curve.svg``     :func:`coverage_curve_svg` (only when curves are given)
``compare_map.html``       :func:`comparison_map_html`
``compare.html``           :func:`compare_html`
``manifest.json``          scenarios, data sources, solver status, versions, sha256 of every file
``siting-assets/``         Leaflet and plugins, only with ``inline_assets=False``
=========================  ============================================================================

CSV files are UTF-8 with a byte-order mark, like :mod:`siting.export` writes them (Excel shows the
Chinese labels correctly).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from siting import export, maps
from siting._errors import ScenarioError
from siting._io import atomic_folder, write_file_atomic
from siting.maps import comparison_map_html, is_synthetic, kpi_value, source_labels
from siting.render import labels, render
from siting.render.charts import CurveSeries, coverage_curves_svg
from siting.render.format import num_cell, text_cell
from siting.render.palette import scenario_colour
from siting.results import PlanResult

__all__ = [
    "COUNTY_METRICS",
    "CURVE_COLUMNS",
    "SUMMARY_KPIS",
    "check_scenario_names",
    "compare_counties",
    "compare_html",
    "compare_kpis",
    "coverage_curve_svg",
    "format_summary",
    "is_number",
    "write_comparison",
]

#: Columns of a coverage curve (:func:`coverage_curve`), in this order.
CURVE_COLUMNS: tuple[str, ...] = (
    "n_stations",
    "fast_ev_covered",
    "fast_covered_share",
    "objective",
    "gap",
    "status",
)

#: KPIs printed by :func:`format_summary` (the command line's summary), in this order.
SUMMARY_KPIS: tuple[str, ...] = (
    "stations_opened",
    "piles_placed",
    "terminals_covered",
    "fast_covered_share",
    "population_fast_covered_share",
    "mean_access_min",
    "slow_served_share",
    "fast_served_share",
    "chargers",
    "power_mw",
    "mean_utilisation",
    "rural_stations",
    "corridor_flow_covered_share",
    "gap",
)

#: Per-county figures compared by :func:`compare_counties`.
COUNTY_METRICS: tuple[str, ...] = ("stations", "piles", "fast_covered_share")

_KPI_META_COLUMNS: tuple[str, ...] = ("kpi", "unit", "label_en", "label_zh")
_COUNTY_KEY_COLUMNS: tuple[str, ...] = ("county_id", "name_zh", "name_en")

_SHARE_UNITS = ("fraction", "share")


#: Dash pattern of each scenario's curve (so that overlapping curves stay apart without colour).
_DASHES: tuple[str, ...] = ("", "7 4", "2 3", "10 3 2 3")


# ----------------------------------------------------------------------------------------------
# names
# ----------------------------------------------------------------------------------------------
def check_scenario_names(names: Sequence[str], sources: Sequence[str] | None = None) -> list[str]:
    """Check that scenario names can label the columns of a comparison; return them as a list.

    Parameters
    ----------
    names
        Scenario names, baseline first.
    sources
        Where each name comes from (e.g. the TOML file), named in the error message.

    Returns
    -------
    list of str
        ``names``.

    Raises
    ------
    ScenarioError
        No names, an empty name, a name used twice (set ``name`` in the scenario TOML), or a name that
        would collide with another column of the comparison tables.
    """
    names = [str(n) for n in names]
    where = list(sources) if sources is not None else [f"scenario {i + 1}" for i in range(len(names))]
    if not names:
        raise ScenarioError("no scenario to compare: give at least one scenario.")
    problems: list[str] = []
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if not name.strip():
            problems.append(f'{where[i]}: the scenario name is empty; set name = "..." in the scenario TOML.')
        elif name in seen:
            problems.append(
                f"{where[seen[name]]} and {where[i]} are both named '{name}': scenario names label the "
                f'columns of the comparison, so they must differ. Set a distinct name = "..." in each '
                "scenario TOML."
            )
        else:
            seen[name] = i
    reserved = {*_KPI_META_COLUMNS, *_COUNTY_KEY_COLUMNS, "scenario"}
    problems += [
        f"{where[i]}: the scenario name '{name}' is also a column of the comparison tables; rename it."
        for i, name in enumerate(names)
        if name in reserved
    ]
    first = names[0]
    diffs = {f"{n} - {first}" for n in names[1:]}
    problems += [
        f"{where[i]}: the scenario name '{name}' reads like a difference column; rename it."
        for i, name in enumerate(names)
        if name in diffs
    ]
    if problems:
        raise ScenarioError(*problems)
    return names


def _names(results: Mapping[str, PlanResult]) -> list[str]:
    return check_scenario_names(list(results))


# ----------------------------------------------------------------------------------------------
# tables
# ----------------------------------------------------------------------------------------------
def is_number(value: Any) -> bool:
    """A real number (NumPy included), not a boolean."""
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


def _difference(later: Any, first: Any) -> int | float:
    """``later - first`` for numbers (an int when both are ints), NaN otherwise."""
    if not (is_number(later) and is_number(first)):
        return math.nan
    if isinstance(later, int | np.integer) and isinstance(first, int | np.integer):
        return int(later) - int(first)
    d = float(later) - float(first)
    return round(d, 10) if math.isfinite(d) else math.nan


def _plain(value: Any) -> Any:
    """NumPy scalars as Python numbers; missing as NaN."""
    if value is None:
        return math.nan
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def compare_kpis(results: Mapping[str, PlanResult]) -> pd.DataFrame:
    """Put the KPI tables of several plans side by side.

    Parameters
    ----------
    results
        Plans by scenario name, the baseline first (order is kept).

    Returns
    -------
    pandas.DataFrame
        One row per KPI (in the order they first appear) with columns ``kpi``, ``unit``, ``label_en``,
        ``label_zh``, then one value column per scenario name, then ``"<name> - <first>"`` for every
        later scenario: its value minus the first's, for numeric KPIs (NaN otherwise or when a plan
        lacks the KPI).  Counts stay integers (object columns, as in :attr:`PlanResult.kpis`).  When a
        label differs between scenarios (e.g. another drive-time threshold) the distinct labels are
        joined with " / ".

    Raises
    ------
    ScenarioError
        No results, or names that cannot label columns (see :func:`check_scenario_names`).
    """
    names = _names(results)
    first = names[0]
    order: list[str] = []
    units: dict[str, str] = {}
    labels_en: dict[str, list[str]] = {}
    labels_zh: dict[str, list[str]] = {}
    values: dict[str, dict[str, Any]] = {name: {} for name in names}
    for name in names:
        for rec in results[name].kpis.to_dict("records"):
            key = str(rec["kpi"])
            if key not in units:
                order.append(key)
                units[key] = str(rec.get("unit", ""))
                labels_en[key], labels_zh[key] = [], []
            for store, col in ((labels_en, "label_en"), (labels_zh, "label_zh")):
                text = str(rec.get(col, ""))
                if text not in store[key]:
                    store[key].append(text)
            values[name][key] = _plain(rec.get("value"))
    columns: dict[str, list[Any]] = {
        "kpi": order,
        "unit": [units[k] for k in order],
        "label_en": [" / ".join(labels_en[k]) for k in order],
        "label_zh": [" / ".join(labels_zh[k]) for k in order],
    }
    for name in names:
        columns[name] = [values[name].get(k, math.nan) for k in order]
    for name in names[1:]:
        columns[f"{name} - {first}"] = [
            _difference(a, b) for a, b in zip(columns[name], columns[first], strict=True)
        ]
    out = pd.DataFrame(
        {k: pd.Series(v, dtype=object if k not in _KPI_META_COLUMNS else None) for k, v in columns.items()}
    )
    return out.reset_index(drop=True)


def compare_counties(results: Mapping[str, PlanResult]) -> pd.DataFrame:
    """Stations, piles and fast-charging coverage per county, side by side.

    Parameters
    ----------
    results
        Plans by scenario name, the baseline first.

    Returns
    -------
    pandas.DataFrame
        One row per county (``county_id``, ``name_zh``, ``name_en``; the ``outside`` row when a plan
        has one), then for each of ``stations``, ``piles`` (nullable integers) and
        ``fast_covered_share`` (fraction): ``"<metric> (<name>)"`` per scenario and
        ``"<metric> (<name> - <first>)"`` per later scenario.  A county missing from a plan is NA.

    Raises
    ------
    ScenarioError
        No results, or names that cannot label columns.
    """
    names = _names(results)
    first = names[0]
    keys: list[str] = []
    labels: dict[str, tuple[str, str]] = {}
    per: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in names}
    for name in names:
        table = results[name].kpis_by_county
        if table is None or table.empty:
            continue
        for rec in table.to_dict("records"):
            cid = str(rec.get("county_id"))
            if cid not in labels:
                keys.append(cid)
                labels[cid] = (str(rec.get("name_zh", cid)), str(rec.get("name_en", cid)))
            per[name][cid] = {str(k): v for k, v in rec.items()}
    columns: dict[str, Any] = {
        "county_id": pd.Series(keys, dtype=object),
        "name_zh": pd.Series([labels[k][0] for k in keys], dtype=object),
        "name_en": pd.Series([labels[k][1] for k in keys], dtype=object),
    }
    for metric in COUNTY_METRICS:
        dtype = "Float64" if metric == "fast_covered_share" else "Int64"
        series: dict[str, pd.Series] = {}
        for name in names:
            raw = [per[name].get(k, {}).get(metric) for k in keys]
            vals = [None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in raw]
            series[name] = pd.Series(vals, dtype=dtype)
            columns[f"{metric} ({name})"] = series[name]
        for name in names[1:]:
            diff = series[name] - series[first]
            if dtype == "Float64":
                diff = diff.round(10)
            columns[f"{metric} ({name} - {first})"] = diff
    return pd.DataFrame(columns)


def coverage_curve_svg(
    curves: Mapping[str, pd.DataFrame],
    *,
    mark: Mapping[str, int] | None = None,
    title: str = "快充覆盖率与充电站数量 · Fast-charging coverage vs number of stations",
    width: int = 680,
    height: int = 360,
) -> str:
    """Draw the coverage curves of several scenarios in one standalone SVG (same look as the report).

    Parameters
    ----------
    curves
        Curves by scenario name (:func:`coverage_curve`); infeasible points (NaN) are left out.
    mark
        Optional target number of stations per scenario, drawn as a dashed line in the scenario's
        colour with a ring at its coverage (when the curve has that count).
    title
        Chart title.
    width, height
        Size in pixels.

    Returns
    -------
    str
        A well-formed ``<svg>`` document (with ``xmlns``, so it also opens on its own) holding one
        ``<polyline class="cc-line">`` per scenario with a feasible point, a legend and bilingual axis
        titles (:func:`siting.render.charts.coverage_curves_svg`).  All text is escaped.
    """
    marks = dict(mark or {})
    series = [
        CurveSeries(
            name=name,
            colour=scenario_colour(i),
            dash=_DASHES[i % len(_DASHES)],
            points=_curve_points(df),
            target=int(marks[name]) if name in marks else None,
        )
        for i, (name, df) in enumerate(curves.items())
    ]
    return coverage_curves_svg(series, title=title, width=width, height=height)


def _curve_points(df: pd.DataFrame) -> tuple[tuple[float, float, float, str], ...]:
    """The feasible points of a curve, sorted: ``(n_stations, share, gap or NaN, status)``."""
    pts = []
    for n, share, gap, status in zip(
        df["n_stations"], df["fast_covered_share"], df["gap"], df["status"], strict=True
    ):
        if is_number(n) and is_number(share) and math.isfinite(float(share)):
            pts.append((float(n), float(share), float(gap) if is_number(gap) else math.nan, str(status)))
    return tuple(sorted(pts))


# ----------------------------------------------------------------------------------------------
# HTML page
# ----------------------------------------------------------------------------------------------
def _fmt_diff(value: Any, unit: str) -> str:
    """A signed difference: ``+20``, ``-1.5``, shares also in percentage points."""
    if not is_number(value) or not math.isfinite(float(value)):
        return "—"
    if isinstance(value, int | np.integer):
        return f"{int(value):+,d}" if value else "0"
    v = float(value)
    if v == 0:
        return "0"
    if unit in _SHARE_UNITS:
        return f"{v:+.4g} ({100 * v:+.1f} pp)"
    if abs(v) >= 100:
        return f"{v:+,.1f}"
    return f"{v:+,.4g}"


def _kpi_table(kpis: pd.DataFrame, names: list[str]) -> dict[str, Any]:
    diffs = [str(c) for c in kpis.columns if c not in (*_KPI_META_COLUMNS, *names)]
    head: list[Any] = [
        *labels.COMPARE_KPI_HEADERS,
        *names,
        *((*labels.COMPARE_DIFFERENCE, d) for d in diffs),
        *labels.COMPARE_KPI_TAIL,
    ]
    rows = []
    for rec in kpis.to_dict("records"):
        unit = str(rec.get("unit", ""))
        rows.append(
            [
                text_cell(rec.get("label_zh", ""), "zh"),
                text_cell(rec.get("label_en", ""), "en"),
                *(num_cell(rec.get(n), unit) for n in names),
                *({"kind": "num", "text": _fmt_diff(rec.get(d), unit)} for d in diffs),
                text_cell(unit),
                text_cell(rec.get("kpi", ""), "code"),
            ]
        )
    return {"head": head, "rows": rows}


def _county_cell(value: Any, column: str) -> dict[str, str]:
    missing = value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
    if missing:
        return {"kind": "num", "text": "—"}
    unit = "share" if column.startswith("fast_covered_share") else ""
    v = int(value) if isinstance(value, np.integer) else value
    return {"kind": "num", "text": _fmt_diff(v, unit)} if " - " in column else num_cell(v, unit)


def _county_table(counties: pd.DataFrame) -> dict[str, Any] | None:
    if counties.empty:
        return None
    cols = [str(c) for c in counties.columns if c not in _COUNTY_KEY_COLUMNS]
    head: list[Any] = list(labels.COMPARE_COUNTY_HEADERS)
    for c in cols:
        metric, _, rest = c.partition(" (")
        head.append((*labels.label(labels.COMPARE_COUNTY_METRICS, metric), rest.rstrip(")")))
    rows = [
        [
            text_cell(str(rec["name_zh"])),
            text_cell(str(rec["name_en"])),
            *(_county_cell(rec[c], c) for c in cols),
        ]
        for rec in counties.to_dict("records")
    ]
    return {"head": head, "rows": rows}


def _curve_rows(curves: Mapping[str, pd.DataFrame]) -> list[list[dict[str, str]]]:
    return [
        [
            text_cell(str(name)),
            num_cell(int(rec["n_stations"])),
            num_cell(rec["fast_ev_covered"]),
            num_cell(rec["fast_covered_share"], "fraction"),
            num_cell(rec["gap"], "fraction"),
            text_cell(str(rec["status"])),
        ]
        for name, df in curves.items()
        for rec in df.to_dict("records")
    ]


def _scenario_rows(results: Mapping[str, PlanResult], names: list[str]) -> list[list[dict[str, str]]]:
    rows = []
    for i, name in enumerate(names):
        r = results[name]
        solver = r.manifest.get("solver") or {}
        gap = solver.get("gap")
        rows.append(
            [
                {"kind": "swatch", "colour": scenario_colour(i), "text": name},
                text_cell(r.title_zh, "zh"),
                text_cell(r.title_en, "en"),
                text_cell(str(solver.get("status", "—"))),
                num_cell(gap, "fraction") if is_number(gap) else {"kind": "num", "text": "—"},
            ]
        )
    return rows


def _targets(results: Mapping[str, PlanResult], curves: Mapping[str, pd.DataFrame]) -> dict[str, int]:
    return {n: t for n in curves if n in results and (t := _target(results[n])) is not None}


def _target(result: PlanResult) -> int | None:
    value: Any = (result.manifest.get("scenario") or {}).get("n_stations")
    if is_number(value):
        return int(value)
    kpi = kpi_value(result, "stations_target")
    return int(kpi) if is_number(kpi) and math.isfinite(float(kpi)) else None


def _curves_section(
    results: Mapping[str, PlanResult], curves: Mapping[str, pd.DataFrame]
) -> dict[str, Any] | None:
    if not curves:
        return None
    return {
        "svg": coverage_curve_svg(curves, mark=_targets(results, curves)),
        "head": list(labels.CURVE_TABLE_HEADERS),
        "rows": _curve_rows(curves),
    }


def compare_html(
    results: Mapping[str, PlanResult],
    *,
    kpis: pd.DataFrame | None = None,
    counties: pd.DataFrame | None = None,
    curves: Mapping[str, pd.DataFrame] | None = None,
    map_href: str | None = "compare_map.html",
) -> str:
    """A small, self-contained, bilingual HTML page comparing plans (no scripts, no network).

    The markup is the template ``templates/compare/compare.html`` (on the report's ``page/base.html``).

    Parameters
    ----------
    results
        Plans by scenario name, the baseline first.
    kpis, counties
        The tables of :func:`compare_kpis` and :func:`compare_counties` (computed when None).
    curves
        Coverage curves by scenario name (:func:`coverage_curve`); the chart and its table are left
        out when None or empty.
    map_href
        Relative link to the comparison map, None for no link.

    Returns
    -------
    str
        The HTML document: scenarios, KPI table with differences, county table, coverage curves.
    """
    names = _names(results)
    kpis = compare_kpis(results) if kpis is None else kpis
    counties = compare_counties(results) if counties is None else counties
    return render(
        "compare/compare.html",
        title=f"情景对比 {' | '.join(names)} / Scenario comparison",
        names=names,
        sources=source_labels(results),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        synthetic=any(is_synthetic(r) for r in results.values()),
        map_href=map_href,
        scenarios=_scenario_rows(results, names),
        kpis=_kpi_table(kpis, names),
        counties=_county_table(counties),
        curves=_curves_section(results, curves or {}),
    )


# ----------------------------------------------------------------------------------------------
# output folder
# ----------------------------------------------------------------------------------------------
def _curves_table(curves: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    frames = [df.assign(scenario=name)[["scenario", *CURVE_COLUMNS]] for name, df in curves.items()]
    if not frames:
        return pd.DataFrame(columns=["scenario", *CURVE_COLUMNS])
    return pd.concat(frames, ignore_index=True)


def write_comparison(
    results: Mapping[str, PlanResult],
    out: str | os.PathLike[str],
    *,
    curves: Mapping[str, pd.DataFrame] | None = None,
    overwrite: bool = False,
    inline_assets: bool = True,
    tiles: str | Sequence[str] | None = maps.DEFAULT_TILES,
) -> dict[str, Path]:
    """Write a comparison folder atomically (see the module docstring for its files).

    Like :func:`siting.export.write_outputs`: the files go into a hidden temporary folder beside
    ``out`` that is renamed into place (:func:`siting._io.atomic_folder`; an existing folder is swapped
    out only with ``overwrite`` and only when it is an earlier output, i.e. holds a ``manifest.json``);
    on any error nothing is left.

    Parameters
    ----------
    results
        Plans by scenario name, the baseline first.
    out
        Folder to create.
    curves
        Coverage curves by scenario name; ``coverage_curve.csv`` and ``.svg`` only when given.
    overwrite
        Replace an existing earlier output folder.
    inline_assets
        Inline Leaflet into ``compare_map.html`` (default); False writes ``siting-assets/``.
    tiles
        Base layers of the map (:func:`siting.maps.map_from_result`).

    Returns
    -------
    dict of str to pathlib.Path
        Every file written, by its path relative to ``out``.

    Raises
    ------
    InputDataError
        ``out`` exists and ``overwrite`` is False, or it is not a replaceable folder.
    ScenarioError
        Names that cannot label a comparison.
    """
    names = _names(results)
    target = Path(out).absolute()
    with atomic_folder(target, overwrite=overwrite) as tmp:
        files = _write_all(
            results, names, tmp, curves=dict(curves or {}), inline_assets=inline_assets, tiles=tiles
        )
    return {name: target / name for name in files}


def _write_all(
    results: Mapping[str, PlanResult],
    names: list[str],
    folder: Path,
    *,
    curves: dict[str, pd.DataFrame],
    inline_assets: bool,
    tiles: str | Sequence[str] | None,
) -> list[str]:
    kpis = compare_kpis(results)
    counties = compare_counties(results)
    export.write_csv(export.check_table(kpis, "compare_kpis"), folder / "compare_kpis.csv")
    export.write_csv(export.check_table(counties, "compare_counties"), folder / "compare_counties.csv")
    if curves:
        export.write_csv(_curves_table(curves), folder / "coverage_curve.csv")
        svg = coverage_curve_svg(curves, mark=_targets(results, curves))
        write_file_atomic(folder / "coverage_curve.svg", f'<?xml version="1.0" encoding="UTF-8"?>\n{svg}\n')
    write_file_atomic(
        folder / "compare_map.html", comparison_map_html(results, inline_assets=inline_assets, tiles=tiles)
    )
    if not inline_assets:
        maps.copy_assets(folder / maps.ASSETS_FOLDER_NAME)
    write_file_atomic(
        folder / "compare.html", compare_html(results, kpis=kpis, counties=counties, curves=curves or None)
    )
    return export.write_manifest(folder, _manifest(results, names, curves))


def _manifest(
    results: Mapping[str, PlanResult], names: list[str], curves: Mapping[str, pd.DataFrame]
) -> dict[str, Any]:
    """The comparison's manifest (``files`` is added by :func:`siting.export.write_manifest`)."""

    def solver(name: str) -> dict[str, Any]:
        rep = results[name].manifest.get("solver") or {}
        return {k: rep.get(k) for k in ("status", "objective", "best_bound", "gap", "time_total_s")}

    return {
        "kind": "scenario-comparison",
        "baseline": names[0],
        "scenarios": {
            name: {
                "scenario": results[name].manifest.get("scenario"),
                "data_source": results[name].manifest.get("data_source"),
                "synthetic": is_synthetic(results[name]),
                "solver": solver(name),
                "created": results[name].manifest.get("created"),
            }
            for name in names
        },
        "synthetic": any(is_synthetic(r) for r in results.values()),
        "curves": {name: len(df) for name, df in curves.items()},
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": export.package_versions(),
    }


def format_summary(kpis: pd.DataFrame, *, keys: Sequence[str] = SUMMARY_KPIS) -> str:
    """A plain-text table of a few key rows of :func:`compare_kpis`, for a terminal.

    Shares are shown in percent and their differences in percentage points (pp).
    """
    meta = set(_KPI_META_COLUMNS)
    value_cols = [c for c in kpis.columns if c not in meta and " - " not in str(c)]
    diff_cols = [c for c in kpis.columns if c not in meta and " - " in str(c)]

    def fmt(value: Any, unit: str, diff: bool) -> str:
        if not is_number(value) or not math.isfinite(float(value)):
            return "—"
        v = float(value)
        if unit in _SHARE_UNITS:
            return f"{100 * v:+.1f} pp" if diff else f"{100 * v:.1f}%"
        if diff and v == 0:
            return "0"
        if isinstance(value, int | np.integer):
            return f"{int(value):+,d}" if diff else f"{int(value):,}"
        return f"{v:+,.2f}" if diff else f"{v:,.2f}"

    table = kpis.set_index("kpi")
    lines_data: list[list[str]] = [["", *map(str, value_cols), *map(str, diff_cols)]]
    for key in keys:
        if key not in table.index:
            continue
        row = table.loc[key]
        unit = str(row["unit"])
        label = str(row["label_en"]).split(" / ")[0]
        lines_data.append(
            [
                label,
                *(fmt(row[c], unit, False) for c in value_cols),
                *(fmt(row[c], unit, True) for c in diff_cols),
            ]
        )
    widths = [max(len(r[i]) for r in lines_data) for i in range(len(lines_data[0]))]
    lines = []
    for r in lines_data:
        cells = [r[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True))]
        lines.append("  " + "  ".join(cells).rstrip())
    return "\n".join(lines)
