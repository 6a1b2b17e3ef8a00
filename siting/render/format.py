"""Formatting of values for pages: numbers, shares, thresholds, escaping, bilingual labels, JSON for scripts.

One rule for escaping: every function here takes plain text and returns safe markup
(:class:`markupsafe.Markup`) or plain text that templates autoescape.  Never pass markup into :func:`bi`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from markupsafe import Markup, escape

__all__ = [
    "FILTERS",
    "bi",
    "esc",
    "fmt_number",
    "fmt_pct",
    "fmt_plain",
    "fmt_threshold",
    "is_missing",
    "js_literal",
    "num_cell",
    "number",
    "text_cell",
]

MISSING = "—"


def is_missing(value: object) -> bool:
    """True for None, NaN and infinities (pandas' NA too)."""
    if value is None:
        return True
    if isinstance(value, float | np.floating):
        return not math.isfinite(float(value))
    try:
        return bool(value != value)  # NaN-like objects (pd.NA raises)
    except (TypeError, ValueError):
        return True


def esc(value: object) -> Markup:
    """HTML-escaped ``str(value)``, quotes included; also ``$`` and backticks, so it is safe inside a
    JavaScript template literal too.  Missing values give ``""``."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return Markup("")
    text = str(escape(str(value)))
    return Markup(text.replace("`", "&#96;").replace("$", "&#36;"))


def bi(zh: object, en: object, *, side_by_side: bool = False) -> Markup:
    """Bilingual label: ``<span class="l-zh" lang="zh-CN">…</span><span class="l-en" lang="en">…</span>``.

    Both texts are escaped here (pass plain text); pages show one or both with CSS (the map's language
    switch).  With ``side_by_side`` both are always shown, separated by a space, the English one in the
    muted class ``en``: ``<span lang="zh-CN">…</span> <span class="en" lang="en">…</span>`` (report and
    comparison page).
    """
    if side_by_side:
        return Markup(f'<span lang="zh-CN">{esc(zh)}</span> <span class="en" lang="en">{esc(en)}</span>')
    return Markup(
        f'<span class="l-zh" lang="zh-CN">{esc(zh)}</span><span class="l-en" lang="en">{esc(en)}</span>'
    )


def number(value: object) -> float:
    """``value`` as a finite float, 0.0 when missing or not a number."""
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return v if math.isfinite(v) else 0.0


def fmt_number(value: object, unit: str = "", *, decimals: int | None = None) -> str:
    """A value for a table: thousands separators; shares also as percent; ``—`` when missing.

    With ``decimals`` the number is printed with exactly that many decimals.  Without, integers get
    separators, numbers of 100 or more one decimal, others four significant digits; a ``unit`` of
    ``"fraction"`` or ``"share"`` adds the percentage.
    """
    if is_missing(value):
        return MISSING
    if isinstance(value, bool | np.bool_):
        return "是 yes" if value else "否 no"
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return str(value)
    if decimals is not None:
        return f"{float(value):,.{decimals}f}"  # type: ignore[arg-type]
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


def fmt_pct(value: object, decimals: int = 0) -> str:
    """A share (0.2) as a percentage ("20%"); ``—`` when missing."""
    if is_missing(value):
        return MISSING
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return MISSING
    return f"{100 * v:.{decimals}f}%"


def fmt_threshold(value: object) -> str:
    """A scenario threshold (minutes, metres) for labels: ``"10"`` for 10.0, ``"?"`` when missing."""
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "?"
    return f"{v:g}" if math.isfinite(v) else "?"


def fmt_plain(value: object) -> str:
    """A scenario or manifest value: dicts and lists as sorted JSON, ``—`` when missing."""
    if is_missing(value):
        return MISSING
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def js_literal(obj: Any) -> Markup:
    """JSON to embed in a ``<script>``: UTF-8 kept; ``<``, ``>``, ``&``, U+2028/9 escaped."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Markup(
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def num_cell(value: object, unit: str = "") -> dict[str, str]:
    """A right-aligned table cell (``{"kind": "num", "text": ...}``) of :func:`fmt_number`."""
    return {"kind": "num", "text": fmt_number(value, unit)}


def text_cell(value: object, kind: str = "text") -> dict[str, str]:
    """A table cell of :func:`fmt_plain` text; ``kind`` ``"code"``, ``"zh"`` or ``"en"`` marks it up so."""
    return {"kind": kind, "text": fmt_plain(value)}


#: Template filters: ``{{ value | fmt_number("fraction") }}``, ``{{ data | js }}``, ...
FILTERS: dict[str, Callable[..., Any]] = {
    "esc": esc,
    "fmt_number": fmt_number,
    "fmt_pct": fmt_pct,
    "fmt_threshold": fmt_threshold,
    "fmt_plain": fmt_plain,
    "js": js_literal,
}
