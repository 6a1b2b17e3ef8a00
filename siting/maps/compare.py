"""The comparison map: one bilingual map with a switch between the stations of several scenarios.

:func:`comparison_map_html` draws the baseline's counties once and, per scenario, its stations (with the
sites that differ from the baseline marked) and piles; a panel switches between scenarios.  It is built
from the same pieces as a plan's map (:mod:`siting.maps.page`, :mod:`siting.maps.data`), which is why it
lives in this package.  Used by :mod:`siting.comparison`, also for :func:`kpi_value` and
:func:`source_labels`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement

from siting import render
from siting.maps import data as d
from siting.maps.legend import is_synthetic
from siting.maps.page import Texts, add_point_rows, check_language, finish_map, new_map, page_css, popup
from siting.maps.tiles import DEFAULT_TILES, tile_providers
from siting.maps.zones import add_counties
from siting.render import palette
from siting.render.format import bi, esc, fmt_threshold
from siting.results import PlanResult

__all__ = ["ScenarioSwitch", "comparison_map_html", "kpi_value", "source_labels"]


class ScenarioSwitch(MacroElement):
    """Radio buttons that show one scenario's stations (and piles) at a time (``window.sitingCompare``)."""

    _template = render.environment().get_template("map/scenario_switch.js")

    def __init__(self, pairs: list[tuple[Any, Any]], names: list[str], body_html: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "SitingScenarioSwitch"
        self.pairs = pairs
        self.names = names
        self.body = body_html


def kpi_value(result: PlanResult, key: str) -> Any:
    """The value of KPI ``key`` of a plan (NaN when absent; numpy scalars as Python numbers)."""
    table = result.kpis
    hit = table.loc[table["kpi"] == key, "value"]
    value = hit.iloc[0] if len(hit) else math.nan
    return value.item() if isinstance(value, np.generic) else value


def source_labels(results: Mapping[str, PlanResult]) -> list[tuple[str, str]]:
    """Distinct (Chinese, English) data-source labels, in order."""
    out: list[tuple[str, str]] = []
    for r in results.values():
        src = r.manifest.get("data_source") or {}
        pair = (str(src.get("label_zh") or src.get("label") or ""), str(src.get("label") or ""))
        if pair not in out and any(pair):
            out.append(pair)
    return out


def _station_ids(result: PlanResult) -> set[str]:
    st = result.stations
    return {str(v) for v in st["site_id"]} if "site_id" in st.columns else set()


def _station_styles(colour: str) -> dict[str, dict[str, Any]]:
    """Marker styles of one scenario's stations: as the baseline, kept, added, dropped."""
    return {
        "base": {"color": palette.OUTLINE, "weight": 2, "fillColor": colour, "fillOpacity": 0.95},
        "kept": {"color": palette.OUTLINE, "weight": 2, "fillColor": colour, "fillOpacity": 0.8},
        "added": {"color": palette.ADDED_EDGE, "weight": 3, "fillColor": colour, "fillOpacity": 0.95},
        "dropped": {
            "color": palette.DROPPED_EDGE,
            "weight": 2,
            "dashArray": "3 2",
            "fillColor": palette.OUTLINE,
            "fillOpacity": 0.3,
        },
    }


def _station_status(texts: Texts, first: str) -> dict[str, int]:
    return {
        "base": texts.ref(bi(f"基准情景 {first}", f"baseline scenario {first}")),
        "kept": texts.ref(bi(f"与 {first} 相同站点", f"same site as in {first}")),
        "added": texts.ref(bi(f"相对 {first} 新增", f"added against {first}")),
        "dropped": texts.ref(bi(f"相对 {first} 取消（仅在 {first} 中）", f"dropped: open only in {first}")),
    }


def _add_scenario_stations(
    m: folium.Map, i: int, name: str, results: Mapping[str, PlanResult], ev_max: float
) -> folium.FeatureGroup:
    """The stations of scenario ``i``: kept / added against the baseline, and the baseline's dropped."""
    first, baseline, result = next(iter(results)), next(iter(results.values())), results[name]
    fast = fmt_threshold(dict(result.manifest.get("scenario") or {}).get("fast_minutes"))
    group = folium.FeatureGroup(name=f"stations · {name}", control=False, show=i == 0)
    m.add_child(group)
    texts = Texts()
    status = _station_status(texts, first)
    base_ids, own_ids = _station_ids(baseline), _station_ids(result)

    def row(rec: dict[str, Any], style: str) -> list[Any]:
        ev = d.num(rec.get("fast_ev_covered"))
        return [
            style,
            6.0 if style == "dropped" else d.station_radius(ev, ev_max),
            d.esc(rec.get("name")) or d.esc(rec.get("site_id")),  # 0
            d.esc(rec.get("site_id")),  # 1
            status[style],  # 2
            texts.ref(d.esc(rec.get("county_name")) or "—"),  # 3
            "—" if style == "dropped" else d.fmt_num(rec.get("fast_ev_covered")),  # 4
            "—" if style == "dropped" else d.fmt_num(rec.get("fast_ev_unique")),  # 5
        ]

    def own(rec: dict[str, Any]) -> list[Any]:
        kept = str(rec.get("site_id")) in base_ids
        return row(rec, "base" if i == 0 else ("kept" if kept else "added"))

    rows = d.point_rows(d.wgs84(result.stations), own)
    if i > 0:
        base = d.wgs84(baseline.stations)
        ids = (
            base["site_id"] if "site_id" in base.columns else pd.Series([None] * len(base), index=base.index)
        )
        dropped = base[[str(v) not in own_ids for v in ids]]
        rows += d.point_rows(dropped, partial(row, style="dropped"))
    template = popup(
        "station",
        "{1} · " + esc(name),
        [
            (bi("区县", "County"), "{@3}"),
            (bi(f"{fast} 分钟内快充覆盖电动车", f"EVs within {fast} min drive"), "{4}"),
            (bi("仅此站覆盖的电动车", "EVs only this station covers"), "{5}"),
        ],
        why="{@2}",
    )
    styles = _station_styles(palette.scenario_colour(i))
    add_point_rows(
        group, rows, styles=styles, texts=texts, popup=template, tooltip=esc(name) + ": {0} ({@2})"
    )
    return group


def _add_scenario_piles(m: folium.Map, i: int, name: str, result: PlanResult) -> folium.FeatureGroup | None:
    """The piles of scenario ``i``, lighter and clustered (None when it has none)."""
    piles = d.wgs84(result.piles)
    if not len(piles):
        return None
    walk = fmt_threshold(dict(result.manifest.get("scenario") or {}).get("walk_m"))
    group = folium.FeatureGroup(name=f"piles · {name}", control=False, show=i == 0)
    m.add_child(group)
    texts = Texts()

    def row(rec: dict[str, Any]) -> list[Any]:
        n = d.num(rec.get("piles"))
        return [
            "pile",
            round(min(10.0, 2.5 + 1.2 * math.sqrt(max(n, 0.0))), 1),
            d.esc(rec.get("name")) or d.esc(rec.get("pile_site_id")),  # 0
            d.esc(rec.get("pile_site_id")),  # 1
            d.fmt_num(rec.get("piles")),  # 2
            d.fmt_num(rec.get("slow_ev_served")),  # 3
            texts.ref(d.esc(rec.get("county_name")) or "—"),  # 4
        ]

    rows = d.point_rows(piles, row)
    template = popup(
        "pile",
        "{1} · " + esc(name),
        [
            (bi("充电桩", "Piles"), "{2}"),
            (bi(f"步行 {walk} 米内服务电动车", f"EVs served within {walk} m walk"), "{3}"),
            (bi("区县", "County"), "{@4}"),
        ],
    )
    colour = palette.lighter(palette.scenario_colour(i))
    style = {"color": palette.OUTLINE, "weight": 1, "fillColor": colour, "fillOpacity": 0.6}
    add_point_rows(
        group,
        rows,
        styles={"pile": style},
        texts=texts,
        popup=template,
        tooltip=bi("充电桩", "Piles") + ": {0} ({2})",
        cluster=True,
    )
    return group


def _scenario_entry(i: int, name: str, result: PlanResult) -> dict[str, Any]:
    """One scenario in the switch: name, colour and its counts."""
    piles = pd.to_numeric(result.piles.get("piles", pd.Series(dtype=float)), errors="coerce")
    share = kpi_value(result, "fast_covered_share")
    covered = (
        f"{100 * float(share):.1f}%"
        if isinstance(share, int | float | np.number) and math.isfinite(float(share))
        else "—"
    )
    return {
        "name": name,
        "colour": palette.scenario_colour(i),
        "n_stations": len(result.stations),
        "n_piles": f"{int(piles.fillna(0).sum()):,}",
        "covered": covered,
    }


def _station_ev_max(results: Mapping[str, PlanResult]) -> float:
    ev_max = 0.0
    for r in results.values():
        ev = pd.to_numeric(r.stations.get("fast_ev_covered", pd.Series(dtype=float)), errors="coerce")
        if len(ev) and np.isfinite(ev.max()):
            ev_max = max(ev_max, float(ev.max()))
    return ev_max


def _panels(results: Mapping[str, PlanResult], names: list[str]) -> tuple[str, str, str]:
    """(CSS, title, legend) of the comparison map."""
    title = render.render(
        "map/compare_title.html",
        names=names,
        sources=source_labels(results),
        synthetic=any(is_synthetic(r) for r in results.values()),
    )
    legend = render.render(
        "map/compare_legend.html",
        scenarios=[(n, palette.scenario_colour(i)) for i, n in enumerate(names)],
        grey=palette.NEUTRAL,
        grey_light=palette.lighter(palette.NEUTRAL),
        added=palette.ADDED_EDGE,
        dropped=palette.DROPPED_EDGE,
        outline=palette.OUTLINE,
    )
    return page_css(compare=True), title, legend


def comparison_map_html(
    results: Mapping[str, PlanResult],
    *,
    inline_assets: bool = True,
    tiles: str | Sequence[str] | None = DEFAULT_TILES,
    language: str = "zh",
    tianditu_key: str | None = None,
) -> str:
    """One self-contained, bilingual map of several plans with a scenario switch.

    A control (radio buttons, top right) shows one scenario at a time: its stations in the
    scenario's colour, ringed in black where the site is *added* against the first scenario, hollow
    and dashed where a first-scenario station is *dropped*; and, lighter and clustered, its piles (a
    check box hides them).  County boundaries are drawn once, as an overlay of the layer control.
    Popups give the station's name, county and EVs covered.  The title names every scenario and the
    data source, with a warning banner when the data are synthetic.  The page has the 中文 / English
    switch, base layers and GCJ-02 handling of :func:`siting.maps.map_from_result`
    (``window.sitingMap``); ``window.sitingCompare.show(k)`` switches scenarios from a script.

    Parameters
    ----------
    results
        Plans by scenario name, the baseline first.
    inline_assets
        Write Leaflet and its plugins into the page (works offline, no external URL); False links
        ``siting-assets/…``, which the caller copies beside the file (:func:`siting.maps.copy_assets`).
    tiles, language, tianditu_key
        As for :func:`siting.maps.map_from_result`.

    Returns
    -------
    str
        The HTML document (deterministic for the same results).

    Raises
    ------
    ValueError
        An unknown tile provider or language.
    """
    check_language(language)
    names = [str(n) for n in results]
    plans = dict(zip(names, results.values(), strict=True))
    baseline = plans[names[0]]
    providers = tile_providers(tiles, tianditu_key or os.environ.get("TIANDITU_KEY"))
    counties = d.wgs84(baseline.counties)
    frames = [counties]
    for r in plans.values():
        frames += [d.wgs84(r.stations), d.wgs84(r.piles)]
    bounds = d.bounds(frames)
    names_txt = " | ".join(names)
    m = new_map(bounds, f"情景对比 {names_txt} | Scenario comparison {names_txt}")
    groups: dict[str, Any] = {"counties": add_counties(m, counties)}
    ev_max = _station_ev_max(plans)
    pairs: list[tuple[Any, Any]] = []
    for i, name in enumerate(names):
        st_group = _add_scenario_stations(m, i, name, plans, ev_max)
        pile_group = _add_scenario_piles(m, i, name, plans[name])
        pairs.append((st_group, pile_group))
        groups[f"stations:{name}"] = st_group
        if pile_group is not None:
            groups[f"piles:{name}"] = pile_group
    body = render.render(
        "map/scenario_switch.html", scenarios=[_scenario_entry(i, n, plans[n]) for i, n in enumerate(names)]
    )
    m.add_child(ScenarioSwitch(pairs, names, body), name="siting_scenario_switch")
    finish_map(
        m,
        groups,
        bounds=bounds,
        providers=providers,
        language=language,
        panels=_panels(plans, names),
        osm=any(d.uses_osm_data(dict(r.manifest.get("data_source") or {})) for r in plans.values()),
        inline_assets=inline_assets,
    )
    return str(m.get_root().render())
