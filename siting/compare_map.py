"""The comparison map: one bilingual map with a switch between the stations of several scenarios.

:func:`comparison_map_html` draws the baseline's study area, counties and terminals once and, per scenario,
its stations (with the sites that differ from the baseline marked); a panel switches between scenarios.
Used by :mod:`siting.compare`.  Scenario colours, labels and data-source labels shared with the comparison
page are here too (:func:`scenario_colour`, :func:`is_synthetic`, :func:`kpi_value`, :func:`source_labels`).
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Mapping, Sequence
from typing import Any, cast

import folium
import numpy as np
import pandas as pd
from branca.element import Figure, MacroElement
from folium.template import Template

from siting import coords, maps
from siting.results import PlanResult

__all__ = ["comparison_map_html", "is_synthetic", "kpi_value", "scenario_colour", "source_labels"]

#: Colour of each scenario (ColorBrewer "Paired", dark tones; cycled beyond eight scenarios).
SCENARIO_COLOURS: tuple[str, ...] = (
    "#1f78b4",
    "#e31a1c",
    "#33a02c",
    "#ff7f00",
    "#6a3d9a",
    "#b15928",
    "#a6761d",
    "#666666",
)


def scenario_colour(i: int) -> str:
    """Colour of the ``i``-th scenario (cycled)."""
    return SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]


_MAP_CSS = """
.siting-scenarios { background: #fff; padding: 6px 10px; font-size: 13px; line-height: 1.6;
  max-width: 300px; }
.siting-scenarios .hd { font-weight: 700; margin-bottom: 2px; }
.siting-scenarios label { display: block; cursor: pointer; white-space: nowrap; }
.siting-scenarios label.active { font-weight: 700; }
.siting-scenarios .sw { display: inline-block; width: 12px; height: 12px; border-radius: 50%;
  vertical-align: middle; margin: 0 4px; border: 1px solid #fff; box-shadow: 0 0 0 1px #999; }
.siting-scenarios .sub { color: #555; font-size: 11px; margin-left: 20px; }
.siting-scenarios .piles { margin-top: 4px; border-top: 1px solid #ddd; padding-top: 3px; }
.siting-title-src { font-size: 12px; color: #444; }
.siting-legend .ring { display: inline-block; width: 12px; height: 12px; border-radius: 50%;
  vertical-align: middle; margin-right: 4px; box-sizing: border-box; }
"""


class _ScenarioSwitch(MacroElement):
    """Radio buttons that show one scenario's stations (and piles) at a time (``window.sitingCompare``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var groups = [ {%- for st, pl in this.pairs %}
                [{{ st.get_name() }}, {{ pl.get_name() if pl else "null" }}],{% endfor %} ];
            var names = {{ this.names_js }};
            var state = {current: -1, piles: true};
            function show(k) {
                for (var i = 0; i < groups.length; i++) {
                    var on = i === k;
                    if (on) { map.addLayer(groups[i][0]); } else { map.removeLayer(groups[i][0]); }
                    if (groups[i][1]) {
                        if (on && state.piles) { map.addLayer(groups[i][1]); }
                        else { map.removeLayer(groups[i][1]); }
                    }
                }
                state.current = k;
                var items = document.querySelectorAll(".siting-scenarios label[data-k]");
                for (var j = 0; j < items.length; j++) {
                    var active = Number(items[j].getAttribute("data-k")) === k;
                    items[j].classList.toggle("active", active);
                    var input = items[j].querySelector("input");
                    if (input) { input.checked = active; }
                }
            }
            var Switch = L.Control.extend({
                options: {position: "topright"},
                onAdd: function () {
                    var div = L.DomUtil.create("div", "siting-scenarios leaflet-bar");
                    div.innerHTML = {{ this.html_js }};
                    L.DomEvent.disableClickPropagation(div);
                    L.DomEvent.disableScrollPropagation(div);
                    var radios = div.querySelectorAll("input[name=siting-scenario]");
                    for (var i = 0; i < radios.length; i++) {
                        L.DomEvent.on(radios[i], "change", function () { show(Number(this.value)); });
                    }
                    var box = div.querySelector("input[name=siting-piles]");
                    if (box) {
                        L.DomEvent.on(box, "change", function () {
                            state.piles = this.checked;
                            show(state.current);
                        });
                    }
                    return div;
                }
            });
            new Switch().addTo(map);
            show(0);
            window.sitingCompare = {show: show, state: state, groups: groups, names: names};
        })();
        {% endmacro %}
        """
    )

    def __init__(self, pairs: list[tuple[Any, Any]], names: list[str], body_html: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "SitingScenarioSwitch"
        self.pairs = pairs
        self.names_js = maps._js_literal(names)
        self.html_js = maps._js_literal(body_html)


def _lighter(colour: str, amount: float = 0.45) -> str:
    """``colour`` mixed with white (``amount`` of white)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def is_synthetic(result: PlanResult) -> bool:
    source = result.manifest.get("data_source") or {}
    return bool(result.manifest.get("synthetic")) or source.get("kind") == "synthetic"


def kpi_value(result: PlanResult, key: str) -> Any:
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


def _scenario_layers(
    m: Any,
    i: int,
    name: str,
    result: PlanResult,
    baseline: PlanResult,
    first: str,
    ev_max: float,
) -> tuple[Any, Any]:
    """The station group (kept / added / dropped against the baseline) and pile group of one scenario."""
    colour = scenario_colour(i)
    stations = maps._wgs84(result.stations)
    piles = maps._wgs84(result.piles)
    scenario = dict(result.manifest.get("scenario") or {})
    fast = maps._fmt_threshold(scenario.get("fast_minutes"))
    walk = maps._fmt_threshold(scenario.get("walk_m"))
    st_group = folium.FeatureGroup(name=f"stations · {name}", control=False, show=i == 0)
    m.add_child(st_group)
    styles = {
        "base": {"color": "#ffffff", "weight": 2, "fillColor": colour, "fillOpacity": 0.95},
        "kept": {"color": "#ffffff", "weight": 2, "fillColor": colour, "fillOpacity": 0.8},
        "added": {"color": "#111111", "weight": 3, "fillColor": colour, "fillOpacity": 0.95},
        "dropped": {
            "color": "#555555",
            "weight": 2,
            "dashArray": "3 2",
            "fillColor": "#ffffff",
            "fillOpacity": 0.3,
        },
    }
    texts = maps._Texts()
    first_esc = maps._esc(first)
    status_text = {
        "base": texts.ref(maps._bi(f"基准情景 {first_esc}", f"baseline scenario {first_esc}")),
        "kept": texts.ref(maps._bi(f"与 {first_esc} 相同站点", f"same site as in {first_esc}")),
        "added": texts.ref(maps._bi(f"相对 {first_esc} 新增", f"added against {first_esc}")),
        "dropped": texts.ref(
            maps._bi(f"相对 {first_esc} 取消（仅在 {first_esc} 中）", f"dropped: open only in {first_esc}")
        ),
    }
    base_ids = _station_ids(baseline)
    own_ids = _station_ids(result)
    rows: list[list[Any]] = []

    def add(rec: dict[str, Any], style: str) -> None:
        lat, lon = maps._latlon(rec)
        if lat is None:
            return
        ev = maps._num(rec.get("fast_ev_covered"))
        rows.append(
            [
                lat,
                lon,
                style,
                6.0 if style == "dropped" else maps._station_radius(ev, ev_max),
                maps._esc(rec.get("name")) or maps._esc(rec.get("site_id")),  # 0
                maps._esc(rec.get("site_id")),  # 1
                status_text[style],  # 2
                texts.ref(maps._esc(rec.get("county_name")) or "—"),  # 3
                "—" if style == "dropped" else maps._fmt_num(rec.get("fast_ev_covered")),  # 4
                "—" if style == "dropped" else maps._fmt_num(rec.get("fast_ev_unique")),  # 5
            ]
        )

    for rec in maps._records(stations):
        sid = str(rec.get("site_id"))
        add(rec, "base" if i == 0 else ("kept" if sid in base_ids else "added"))
    if i > 0:
        for rec in maps._records(maps._wgs84(baseline.stations)):
            if str(rec.get("site_id")) not in own_ids:
                add(rec, "dropped")
    popup = (
        '<div class="siting-popup siting-station"><div class="hd">{0}</div>'
        f'<div class="id">{{1}} · {maps._esc(name)}</div>'
        '<div class="why">{@2}</div><table>'
        + maps._row("区县", "County", "{@3}")
        + maps._row(f"{fast} 分钟内快充覆盖电动车", f"EVs within {fast} min drive", "{4}")
        + maps._row("仅此站覆盖的电动车", "EVs only this station covers", "{5}")
        + "</table></div>"
    )
    tooltip = maps._esc(name) + ": {0} ({@2})"
    maps._add_point_rows(st_group, rows, styles=styles, texts=texts, popup=popup, tooltip=tooltip)

    pile_group = None
    if len(piles):
        pile_group = folium.FeatureGroup(name=f"piles · {name}", control=False, show=i == 0)
        m.add_child(pile_group)
        ptexts = maps._Texts()
        prows: list[list[Any]] = []
        for rec in maps._records(piles):
            lat, lon = maps._latlon(rec)
            if lat is None:
                continue
            n = maps._num(rec.get("piles"))
            prows.append(
                [
                    lat,
                    lon,
                    "pile",
                    round(min(10.0, 2.5 + 1.2 * math.sqrt(max(n, 0.0))), 1),
                    maps._esc(rec.get("name")) or maps._esc(rec.get("pile_site_id")),  # 0
                    maps._esc(rec.get("pile_site_id")),  # 1
                    maps._fmt_num(rec.get("piles")),  # 2
                    maps._fmt_num(rec.get("slow_ev_served")),  # 3
                    ptexts.ref(maps._esc(rec.get("county_name")) or "—"),  # 4
                ]
            )
        ppopup = (
            '<div class="siting-popup siting-pile"><div class="hd">{0}</div>'
            f'<div class="id">{{1}} · {maps._esc(name)}</div><table>'
            + maps._row("充电桩", "Piles", "{2}")
            + maps._row(f"步行 {walk} 米内服务电动车", f"EVs served within {walk} m walk", "{3}")
            + maps._row("区县", "County", "{@4}")
            + "</table></div>"
        )
        pstyle = {"color": "#ffffff", "weight": 1, "fillColor": _lighter(colour), "fillOpacity": 0.6}
        maps._add_point_rows(
            pile_group,
            prows,
            styles={"pile": pstyle},
            texts=ptexts,
            popup=ppopup,
            tooltip=maps._bi("充电桩", "Piles") + ": {0} ({2})",
            cluster=True,
        )
    return st_group, pile_group


def comparison_map_html(
    results: Mapping[str, PlanResult],
    *,
    inline_assets: bool = True,
    tiles: str | Sequence[str] | None = maps.DEFAULT_TILES,
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
        ``siting-assets/…``, which the caller copies beside the file (:func:`write_comparison` does).
    tiles, language, tianditu_key
        As for :func:`siting.maps.map_from_result`.

    Returns
    -------
    str
        The HTML document (deterministic for the same results).

    Raises
    ------
    ScenarioError
        Names that cannot label a comparison.
    ValueError
        An unknown tile provider or language.
    """
    if language not in ("zh", "en"):
        raise ValueError(f"language must be 'zh' or 'en', not {language!r}")
    names = [str(n) for n in results]
    first = names[0]
    baseline = results[first]
    providers = maps._tile_providers(tiles, tianditu_key or os.environ.get("TIANDITU_KEY"))
    counties = maps._wgs84(baseline.counties)
    frames = [counties]
    for r in results.values():
        frames += [maps._wgs84(r.stations), maps._wgs84(r.piles)]
    (south, west), (north, east) = maps._bounds(frames)
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=10,
        tiles=None,
        control_scale=True,
        prefer_canvas=True,
    )
    m.options["maxZoom"] = 19
    root = cast(Figure, m.get_root())
    names_txt = " | ".join(names)
    root.title = html.escape(f"情景对比 {names_txt} | Scenario comparison {names_txt}", quote=False)

    groups: dict[str, Any] = {"counties": maps._add_counties(m, counties)}
    ev_max = 0.0
    for r in results.values():
        ev = pd.to_numeric(r.stations.get("fast_ev_covered", pd.Series(dtype=float)), errors="coerce")
        if len(ev) and np.isfinite(ev.max()):
            ev_max = max(ev_max, float(ev.max()))
    pairs: list[tuple[Any, Any]] = []
    labels: list[str] = []
    for i, name in enumerate(names):
        result = results[name]
        st_group, pile_group = _scenario_layers(m, i, name, result, baseline, first, ev_max)
        pairs.append((st_group, pile_group))
        groups[f"stations:{name}"] = st_group
        if pile_group is not None:
            groups[f"piles:{name}"] = pile_group
        n_st = len(result.stations)
        n_piles = int(
            pd.to_numeric(result.piles.get("piles", pd.Series(dtype=float)), errors="coerce").fillna(0).sum()
        )
        share = kpi_value(result, "fast_covered_share")
        cov = (
            f"{100 * float(share):.1f}%"
            if isinstance(share, int | float | np.number) and math.isfinite(float(share))
            else "—"
        )
        sub = maps._bi(
            f"{n_st} 座站 · {n_piles:,} 个桩 · 快充覆盖 {cov}",
            f"{n_st} stations · {n_piles:,} piles · {cov} covered",
        )
        labels.append(
            f'<label data-k="{i}"><input type="radio" name="siting-scenario" value="{i}"'
            f'{" checked" if i == 0 else ""}><span class="sw" style="background:{scenario_colour(i)}"></span>'
            f'{maps._esc(name)}<div class="sub">{sub}</div></label>'
        )
    body = (
        f'<div class="hd">{maps._bi("情景", "Scenario")}</div>'
        + "".join(labels)
        + '<label class="piles"><input type="checkbox" name="siting-piles" checked> '
        + maps._bi("显示充电桩", "Show piles")
        + "</label>"
    )
    m.add_child(_ScenarioSwitch(pairs, names, body), name="siting_scenario_switch")
    control = folium.LayerControl(collapsed=False)
    control.add_to(m)
    grid = coords.offset_grid(west, south, east, north) if any(p["gcj02"] for p in providers) else None
    m.add_child(maps._SitingScript(control, groups, providers, grid, language), name="siting_script")
    m.add_child(maps._Panel(maps._CSS + _MAP_CSS, _map_title_html(results, names)), name="siting_title")
    m.add_child(maps._Panel("", _map_legend_html(results, names)), name="siting_legend")
    if any(maps._uses_osm_data(dict(r.manifest.get("data_source") or {})) for r in results.values()):
        m.add_child(maps._Attribution(maps.OSM_ATTRIBUTION_HTML), name="siting_osm_attribution")
    m.fit_bounds([[south, west], [north, east]], padding=(10, 10))
    maps._use_vendored_assets(m, inline=inline_assets)
    maps._renumber_ids(root)
    return str(root.render())


def _map_title_html(results: Mapping[str, PlanResult], names: list[str]) -> str:
    # one block per language: the title bar shows its English spans as blocks (maps._CSS)
    esc = maps._esc
    labels = source_labels(results)
    src_zh = "；".join(esc(zh) for zh, _en in labels)
    src_en = "; ".join(esc(en) for _zh, en in labels)
    lines = [
        f'<div class="siting-title-zh l-zh" lang="zh-CN">情景对比：{" ｜ ".join(map(esc, names))}</div>',
        '<div class="siting-title-en l-en" lang="en">'
        f"Scenario comparison: {' | '.join(map(esc, names))}</div>",
    ]
    if labels:
        lines += [
            f'<div class="siting-title-src l-zh" lang="zh-CN">数据：{src_zh}</div>',
            f'<div class="siting-title-src l-en" lang="en">Data: {src_en}</div>',
        ]
    if any(is_synthetic(r) for r in results.values()):
        lines += [
            '<div class="siting-synthetic l-zh" lang="zh-CN">⚠ 合成数据演示，并非真实路网</div>',
            '<div class="siting-synthetic l-en" lang="en">'
            "⚠ Synthetic demo data, not the real road network</div>",
        ]
    return '<div class="siting-panel siting-title" id="siting-title">' + "".join(lines) + "</div>"


def _map_legend_html(results: Mapping[str, PlanResult], names: list[str]) -> str:
    first = maps._esc(names[0])

    def dot(style: str, text: str) -> str:
        return f'<div><span class="ring" style="{style}"></span>{text}</div>'

    def sec(zh: str, en: str) -> str:
        return f'<div class="sec">{maps._bi(zh, en)}</div>'

    scen = "".join(
        dot(f"background:{scenario_colour(i)};border:1px solid #fff;box-shadow:0 0 0 1px #999", maps._esc(n))
        for i, n in enumerate(names)
    )
    grey = "#8a8a8a"
    return (
        '<div class="siting-panel siting-legend" id="siting-legend"><details open>'
        f"<summary>{maps._bi('图例', 'Legend')}</summary>"
        + sec("情景（颜色）", "Scenarios (colour)")
        + scen
        + sec(f"充电站（相对 {first}）", f"Stations (against {first})")
        + dot(
            f"background:{grey};border:2px solid #fff;box-shadow:0 0 0 1px #999",
            maps._bi("相同站点", "Same site"),
        )
        + dot(f"background:{grey};border:3px solid #111", maps._bi("新增", "Added"))
        + dot(
            "background:rgba(255,255,255,0.3);border:2px dashed #555",
            maps._bi(f"取消（仅 {first}）", f"Dropped (only in {first})"),
        )
        + '<div style="font-size:11px">'
        + maps._bi("点越大覆盖电动车越多", "Larger dot = more EVs covered")
        + "</div>"
        + sec("充电桩", "Piles")
        + dot(
            f"background:{_lighter(grey)};opacity:0.85", maps._bi("浅色点，已聚合", "Lighter dots, clustered")
        )
        + f'<div><span class="line"></span>{maps._bi("区县边界", "County boundary")}</div>'
        + "</details></div>"
    )
