"""The title bar and the legend of a plan's map, rendered from ``templates/map/title.html`` and
``templates/map/legend.html`` with the colours of :mod:`siting.render.palette`."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from itertools import pairwise
from typing import Any

import pandas as pd

from siting import render
from siting.maps import data as d
from siting.render import palette
from siting.render.format import fmt_threshold
from siting.results import PlanResult

__all__ = ["is_synthetic", "legend_html", "title_html"]


def is_synthetic(result: PlanResult) -> bool:
    """True when the plan was made on synthetic data (the map then says so)."""
    source = result.manifest.get("data_source") or {}
    return bool(result.manifest.get("synthetic")) or source.get("kind") == "synthetic"


def title_html(result: PlanResult) -> str:
    """The title bar: the plan's titles and, for synthetic data, a warning."""
    return render.render(
        "map/title.html", title_zh=result.title_zh, title_en=result.title_en, synthetic=is_synthetic(result)
    )


def _ev_classes(breaks: Sequence[float]) -> list[str]:
    """Texts of the demand classes ("0–84.2", ..., "> 1,413.8"), as many as the ramp has colours."""
    if not breaks:
        return []
    edges = ["0", *(d.fmt_num(b, 1) for b in breaks)]
    classes = [f"{a}–{b}" for a, b in pairwise(edges)] + [f"> {edges[-1]}"]
    return classes[: len(palette.DEMAND_COVERED)]


def legend_html(
    result: PlanResult,
    *,
    breaks: Sequence[float],
    layers: Collection[str],
    planning_substations: bool,
    stages: Sequence[str],
) -> str:
    """The legend panel; entries of the planning overlays only for the keys in ``layers``."""
    scenario: dict[str, Any] = dict(result.manifest.get("scenario") or {})
    source: dict[str, Any] = dict(result.manifest.get("data_source") or {})
    label = str(source.get("label") or "")
    label_zh = str(source.get("label_zh") or "")
    piles = pd.to_numeric(result.piles.get("piles", pd.Series(dtype=float)), errors="coerce")
    return render.render(
        "map/legend.html",
        colours=palette.legend_colours(),
        fast=fmt_threshold(scenario.get("fast_minutes")),
        radius=fmt_threshold(scenario.get("terminal_radius_m")),
        first=stages[0] if stages else "",
        later=list(stages[1:]),
        ev_classes=_ev_classes(breaks),
        layers=set(layers),
        sized="chargers" in result.stations.columns,
        planning_substations=planning_substations,
        osm_substations="substations" in layers and not planning_substations,
        headroom=[(colour, zh, en) for _upper, colour, zh, en in palette.HEADROOM],
        n_stations=len(result.stations),
        n_piles=int(piles.fillna(0).sum()),
        source_zh=label_zh or label,
        source_en=label or label_zh,
        osm=d.uses_osm_data(source),
    )
