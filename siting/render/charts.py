"""The SVG charts of the report and the comparison page: bars, a line, and several coverage curves.

Python computes the geometry (axes, ticks, bars, points) as an ordered list of shapes; the template
``page/chart.svg`` writes them as one ``<svg>`` element with every text autoescaped.  The charts carry CSS
classes (``bar``, ``line``, ``dot``, ``axis``, ``grid``, ``mark``, ``ring``, ``title``) that the page's
style sheet colours; :func:`coverage_curves_svg` is standalone (``xmlns`` and its own ``<style>``, classes
prefixed ``cc-``) so that it also opens as a file.

* :func:`svg_bar_chart` — vertical bars with labels (histograms, counts per county);
* :func:`svg_line_chart` — one line with dots and an optional marked x (coverage against stations);
* :func:`coverage_curves_svg` — one coloured, dashed line per scenario with a legend and target marks;
* :func:`nice_step`, :func:`tick_label` — the axis steps and tick texts all three share.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from siting.render import render
from siting.render.format import is_missing

__all__ = [
    "CurveSeries",
    "coverage_curves_svg",
    "nice_step",
    "svg_bar_chart",
    "svg_line_chart",
    "tick_label",
]

_NO_DATA = "无数据 no data"
_LEFT, _RIGHT, _TOP = 64, 16, 32

Shape = dict[str, Any]


def nice_step(span: float, target: int = 5) -> float:
    """A 1-2-5 step that splits ``span`` into about ``target`` intervals."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / target
    mag = 10.0 ** math.floor(math.log10(raw))
    for f in (1.0, 2.0, 5.0, 10.0):
        if raw <= f * mag:
            return f * mag
    return 10.0 * mag


def tick_label(value: float, percent: bool) -> str:
    """The text of an axis tick: ``"20%"`` for shares, ``"12k"`` from 10,000, integers with separators."""
    if percent:
        return f"{100 * value:.0f}%"
    if abs(value) >= 10_000:
        return f"{value / 1000:,.0f}k"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:g}"


def _el(tag: str, *, text: str = "", title: str = "", **attrs: object) -> Shape:
    """One shape; attribute names take ``_`` for ``-`` (``text_anchor``) and ``cls`` for ``class``."""
    named = {("class" if k == "cls" else k.replace("_", "-")): str(v) for k, v in attrs.items()}
    return {"tag": tag, "attrs": named, "text": text, "title": title}


def _svg(
    shapes: list[Shape], *, title: str, width: int, height: int, standalone: bool = False, css_class: str = ""
) -> Markup:
    return Markup(
        render(
            "page/chart.svg",
            shapes=shapes,
            title=title,
            width=width,
            height=height,
            standalone=standalone,
            css_class=css_class,
        ).rstrip("\n")
    )


def _frame(
    *,
    left: int,
    top: int,
    plot_w: int,
    plot_h: int,
    height: int,
    x_label: str,
    y_label: str,
    prefix: str = "",
) -> list[Shape]:
    """The two axes and their titles (drawn last, over the data)."""
    y0 = top + plot_h
    mid = f"{top + plot_h / 2:.1f}"
    return [
        _el("line", cls=f"{prefix}axis", x1=left, y1=y0, x2=left + plot_w, y2=y0),
        _el("line", cls=f"{prefix}axis", x1=left, y1=top, x2=left, y2=y0),
        _el("text", text=x_label, x=f"{left + plot_w / 2:.1f}", y=height - 6, text_anchor="middle"),
        _el("text", text=y_label, x=14, y=mid, text_anchor="middle", transform=f"rotate(-90 14 {mid})"),
    ]


def _no_data(left: int, top: int, plot_w: int, plot_h: int) -> Shape:
    return _el(
        "text", text=_NO_DATA, x=f"{left + plot_w / 2:.1f}", y=f"{top + plot_h / 2:.1f}", text_anchor="middle"
    )


def _title(width: int, title: str, prefix: str = "") -> Shape:
    return _el("text", text=title, cls=f"{prefix}title", x=f"{width / 2:.1f}", y=18, text_anchor="middle")


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
) -> Markup:
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
    markupsafe.Markup
        The ``<svg>…</svg>`` markup; all text is escaped.  No ``xmlns`` is written: the element is meant
        to be inlined in HTML.
    """
    n = len(labels)
    if len(values) != n:
        raise ValueError(f"svg_bar_chart: {n} labels but {len(values)} values")
    left, top, bottom = _LEFT, _TOP, 58 if sublabels is not None else 46
    plot_w, plot_h = width - left - _RIGHT, height - top - bottom
    vals = [0.0 if is_missing(v) else max(float(v), 0.0) for v in values]
    vmax = max(vals, default=0.0)
    step = nice_step(vmax if vmax > 0 else 1.0)
    ymax = step * max(math.ceil(vmax / step - 1e-9), 1)
    y0 = top + plot_h
    shapes = [_title(width, title)]
    tick = 0.0
    while tick <= ymax + 1e-9 * ymax:
        y = y0 - plot_h * tick / ymax
        shapes.append(_el("line", cls="grid", x1=left, y1=f"{y:.1f}", x2=left + plot_w, y2=f"{y:.1f}"))
        shapes.append(
            _el("text", text=tick_label(tick, percent), x=left - 6, y=f"{y + 4:.1f}", text_anchor="end")
        )
        tick += step
    if n == 0:
        shapes.append(_no_data(left, top, plot_w, plot_h))
    shapes += _bars(labels, vals, sublabels, highlight, percent, left=left, plot_w=plot_w, y0=y0, ymax=ymax)
    shapes += _frame(
        left=left, top=top, plot_w=plot_w, plot_h=plot_h, height=height, x_label=x_label, y_label=y_label
    )
    return _svg(shapes, title=title, width=width, height=height)


def _bars(
    labels: Sequence[str],
    vals: list[float],
    sublabels: Sequence[str] | None,
    highlight: Sequence[bool] | None,
    percent: bool,
    *,
    left: int,
    plot_w: int,
    y0: int,
    ymax: float,
) -> list[Shape]:
    """The bars with their value (up to 24 bars) and label (at most about 16 labels)."""
    n = len(labels)
    plot_h = y0 - _TOP
    slot = plot_w / max(n, 1)
    label_every = max(1, math.ceil(n / 16))
    shapes: list[Shape] = []
    for i, (label, v) in enumerate(zip(labels, vals, strict=True)):
        x = left + i * slot
        bar_h = plot_h * v / ymax
        cls = "bar other" if highlight is not None and highlight[i] else "bar"
        shown = tick_label(v, percent) if not percent else f"{100 * v:.1f}%"
        shapes.append(
            _el(
                "rect",
                title=f"{label}: {shown}",
                cls=cls,
                x=f"{x + slot * 0.12:.1f}",
                y=f"{y0 - bar_h:.1f}",
                width=f"{slot * 0.76:.1f}",
                height=f"{bar_h:.1f}",
            )
        )
        mid = f"{x + slot / 2:.1f}"
        if n <= 24:
            shapes.append(_el("text", text=shown, x=mid, y=f"{y0 - bar_h - 3:.1f}", text_anchor="middle"))
        if i % label_every == 0:
            shapes.append(_el("text", text=label, x=mid, y=y0 + 14, text_anchor="middle"))
            if sublabels is not None:
                shapes.append(_el("text", text=sublabels[i], x=mid, y=y0 + 27, text_anchor="middle"))
    return shapes


@dataclass(frozen=True)
class _Axes:
    """Pixel positions of data values on a chart with a linear x and y axis starting at ``xmin`` and 0."""

    left: int
    top: int
    plot_w: int
    plot_h: int
    xmin: float
    xmax: float
    ymax: float

    def px(self, v: float) -> float:
        return self.left + self.plot_w * (v - self.xmin) / (self.xmax - self.xmin)

    def py(self, v: float) -> float:
        return self.top + self.plot_h - self.plot_h * v / self.ymax


def _ticks(ax: _Axes, xstep: float, ystep: float, *, percent: bool, prefix: str = "") -> list[Shape]:
    """Horizontal grid lines with y tick labels, then the x tick labels."""
    shapes: list[Shape] = []
    tick = 0.0
    while tick <= ax.ymax + 1e-9 * ax.ymax:
        y = f"{ax.py(tick):.1f}"
        shapes.append(_el("line", cls=f"{prefix}grid", x1=ax.left, y1=y, x2=ax.left + ax.plot_w, y2=y))
        shapes.append(
            _el(
                "text",
                text=tick_label(tick, percent),
                x=ax.left - 6,
                y=f"{ax.py(tick) + 4:.1f}",
                text_anchor="end",
            )
        )
        tick += ystep
    tick = ax.xmin
    while tick <= ax.xmax + 1e-9 * abs(ax.xmax):
        shapes.append(
            _el(
                "text",
                text=tick_label(tick, False),
                x=f"{ax.px(tick):.1f}",
                y=ax.top + ax.plot_h + 14,
                text_anchor="middle",
            )
        )
        tick += xstep
    return shapes


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
) -> Markup:
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
    markupsafe.Markup
        The ``<svg>…</svg>`` markup; all text is escaped.
    """
    if len(x) != len(y):
        raise ValueError(f"svg_line_chart: {len(x)} x values but {len(y)} y values")
    pts = [(float(a), float(b)) for a, b in zip(x, y, strict=True) if not (is_missing(a) or is_missing(b))]
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _TOP - 46
    xs = [p[0] for p in pts] + ([mark_x] if mark_x is not None else [])
    xmin = min([0.0, *xs])
    xmax_data = max(xs, default=1.0)
    xstep = nice_step(xmax_data - xmin if xmax_data > xmin else 1.0)
    xmax = xmin + xstep * max(math.ceil((xmax_data - xmin) / xstep - 1e-9), 1)
    ytop = max((p[1] for p in pts), default=0.0)
    ystep = nice_step(ytop if ytop > 0 else 1.0)
    ymax = y_max if y_max is not None and y_max > 0 else ystep * max(math.ceil(ytop / ystep - 1e-9), 1)
    if y_max is not None:
        ystep = nice_step(ymax)
    ax = _Axes(_LEFT, _TOP, plot_w, plot_h, xmin, xmax, ymax)
    shapes = [_title(width, title), *_ticks(ax, xstep, ystep, percent=percent)]
    if pts:
        path = " ".join(f"{ax.px(a):.1f},{ax.py(min(b, ymax)):.1f}" for a, b in pts)
        shapes.append(_el("polyline", cls="line", points=path))
        if len(pts) <= 60:
            for a, b in pts:
                shown = f"{100 * b:.1f}%" if percent else tick_label(round(b, 1), False)
                shapes.append(
                    _el(
                        "circle",
                        title=f"{tick_label(a, False)}: {shown}",
                        cls="dot",
                        cx=f"{ax.px(a):.1f}",
                        cy=f"{ax.py(min(b, ymax)):.1f}",
                        r=3,
                    )
                )
    else:
        shapes.append(_no_data(_LEFT, _TOP, plot_w, plot_h))
    if mark_x is not None:
        shapes += _mark(ax, mark_x, mark_label, mark_y)
    shapes += _frame(
        left=_LEFT, top=_TOP, plot_w=plot_w, plot_h=plot_h, height=height, x_label=x_label, y_label=y_label
    )
    return _svg(shapes, title=title, width=width, height=height)


def _mark(ax: _Axes, mark_x: float, mark_label: str, mark_y: float | None) -> list[Shape]:
    """The dashed line at ``mark_x``, its label and the ring at ``mark_y``."""
    x = f"{ax.px(mark_x):.1f}"
    shapes = [
        _el("line", cls="mark", x1=x, y1=ax.top, x2=x, y2=ax.top + ax.plot_h),
        _el("text", text=mark_label, x=f"{ax.px(mark_x) - 4:.1f}", y=ax.top + 12, text_anchor="end"),
    ]
    if mark_y is not None and not is_missing(mark_y):
        shapes.append(
            _el("circle", title=mark_label, cls="ring", cx=x, cy=f"{ax.py(min(mark_y, ax.ymax)):.1f}", r=5)
        )
    return shapes


@dataclass(frozen=True)
class CurveSeries:
    """One scenario's coverage curve for :func:`coverage_curves_svg`.

    ``points`` are ``(n_stations, share, gap, status)`` sorted by ``n_stations`` (gap NaN when unknown);
    ``target`` is the scenario's own number of stations (or None); ``dash`` an SVG dash pattern ("" solid).
    """

    name: str
    colour: str
    dash: str
    points: tuple[tuple[float, float, float, str], ...]
    target: int | None = None


def coverage_curves_svg(
    series: Sequence[CurveSeries],
    *,
    title: str,
    width: int = 680,
    height: int = 360,
) -> Markup:
    """Draw several coverage curves (share of EVs against stations) in one standalone SVG document.

    Parameters
    ----------
    series
        One curve per scenario, in legend order.
    title
        Chart title.
    width, height
        Size in pixels.

    Returns
    -------
    markupsafe.Markup
        A well-formed ``<svg>`` (with ``xmlns``, so it also opens on its own) holding one
        ``<polyline class="cc-line">`` per curve with a point, a legend, target marks and bilingual axis
        titles.  All text is escaped.
    """
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _TOP - 46
    marks = [s for s in series if s.target is not None]
    xs = [p[0] for s in series for p in s.points] + [float(s.target) for s in marks if s.target is not None]
    xmax_data = max(xs, default=1.0)
    xstep = nice_step(xmax_data if xmax_data > 0 else 1.0)
    xmax = xstep * max(math.ceil(xmax_data / xstep - 1e-9), 1)
    ax = _Axes(_LEFT, _TOP, plot_w, plot_h, 0.0, xmax, 1.0)
    shapes = [_title(width, title, "cc-"), *_ticks(ax, xstep, nice_step(1.0), percent=True, prefix="cc-")]
    for s in series:
        shapes += _curve(ax, s)
    if not any(s.points for s in series):
        shapes.append(_no_data(_LEFT, _TOP, plot_w, plot_h))
    shapes += _legend(ax, series, with_target=bool(marks))
    shapes += _frame(
        left=_LEFT,
        top=_TOP,
        plot_w=plot_w,
        plot_h=plot_h,
        height=height,
        x_label="充电站数量 · number of stations",
        y_label="快充覆盖率 · share of EVs",
        prefix="cc-",
    )
    return _svg(shapes, title=title, width=width, height=height, standalone=True, css_class="cc-chart")


def _py_clipped(ax: _Axes, v: float) -> float:
    return ax.py(min(max(v, 0.0), ax.ymax))


def _curve(ax: _Axes, s: CurveSeries) -> list[Shape]:
    """A scenario's target mark and ring, its line and its dots (with status and gap as tooltips)."""
    shapes: list[Shape] = []
    dash: dict[str, str] = {"stroke_dasharray": s.dash} if s.dash else {}
    if s.target is not None:
        x = f"{ax.px(float(s.target)):.1f}"
        shapes.append(
            _el("line", cls="cc-mark", stroke=s.colour, x1=x, y1=ax.top, x2=x, y2=ax.top + ax.plot_h)
        )
        at = [p for p in s.points if p[0] == float(s.target)]
        if at:
            shapes.append(
                _el(
                    "circle",
                    title=f"{s.name}: 目标 target {s.target:,} → {100 * at[0][1]:.1f}%",
                    cls="cc-ring",
                    stroke=s.colour,
                    cx=x,
                    cy=f"{_py_clipped(ax, at[0][1]):.1f}",
                    r=6,
                )
            )
    if not s.points:
        return shapes
    points = " ".join(f"{ax.px(a):.1f},{_py_clipped(ax, b):.1f}" for a, b, _g, _s in s.points)
    shapes.append(
        _el("polyline", cls="cc-line", data_scenario=s.name, stroke=s.colour, **dash, points=points)
    )
    for a, b, gap, status in s.points:
        gap_txt = f", gap {100 * gap:.2f}%" if math.isfinite(gap) else ""
        shapes.append(
            _el(
                "circle",
                title=f"{s.name}: {a:,.0f} 站 stations → {100 * b:.1f}% ({status}{gap_txt})",
                cls="cc-dot",
                fill=s.colour,
                cx=f"{ax.px(a):.1f}",
                cy=f"{_py_clipped(ax, b):.1f}",
                r=3,
            )
        )
    return shapes


def _legend(ax: _Axes, series: Sequence[CurveSeries], *, with_target: bool) -> list[Shape]:
    """The legend box in the lower right (the curves rise from the lower left to the upper right)."""
    legend_h = 16 * (len(series) + (1 if with_target else 0)) + 8
    legend_w = min(ax.plot_w - 8, 16 + 7 * max((len(s.name) for s in series), default=4) + 60)
    lx, ly = ax.left + ax.plot_w - legend_w - 6, ax.top + ax.plot_h - legend_h - 6
    shapes = [
        _el("rect", cls="cc-legend", x=f"{lx:.1f}", y=f"{ly:.1f}", width=f"{legend_w:.1f}", height=legend_h)
    ]
    for i, s in enumerate(series):
        y = ly + 14 + 16 * i
        dash: dict[str, str] = {"stroke_dasharray": s.dash} if s.dash else {}
        shapes.append(
            _el(
                "line",
                stroke=s.colour,
                stroke_width=3,
                **dash,
                x1=f"{lx + 8:.1f}",
                y1=f"{y - 4:.1f}",
                x2=f"{lx + 28:.1f}",
                y2=f"{y - 4:.1f}",
            )
        )
        suffix = "" if s.points else " (无可行点 no feasible point)"
        shapes.append(_el("text", text=f"{s.name}{suffix}", x=f"{lx + 34:.1f}", y=f"{y:.1f}"))
    if with_target:
        y = ly + 14 + 16 * len(series)
        shapes.append(
            _el("circle", cls="cc-ring", stroke="#52606d", cx=f"{lx + 18:.1f}", cy=f"{y - 4:.1f}", r=5)
        )
        shapes.append(_el("text", text="目标站数 target", x=f"{lx + 34:.1f}", y=f"{y:.1f}"))
    return shapes
