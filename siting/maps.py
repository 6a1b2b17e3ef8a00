"""Interactive folium (Leaflet) map of a plan: why each station and pile is where it is.

:func:`map_from_result` turns a :class:`~siting.results.PlanResult` into a :class:`folium.Map`;
:func:`save_map` writes it to an HTML file atomically.

The map has a fixed bilingual title bar naming the data source (for the demo: "synthetic road
network"), a bilingual legend, a scale bar, and these layers, all listed in the layer control with
their counts:

========================  =================================================================
layer                     content
========================  =================================================================
区县边界 County            boundaries (dashed) with name labels
需求区 Demand zones        zones with demand, green when inside the fast-charging drive time
                          of an open station and red when not, darker for more EVs
候选站点 Candidates        every candidate station site, small grey dots (hidden at start)
充电桩 Piles               pile sites, dot size grows with the number of piles
客运站 Terminals           two layers: covered (green) and not covered (red)
充电站 Stations            new (blue), existing (purple) and locked (orange) stations
========================  =================================================================

Every point and zone has a short tooltip and a bilingual popup with the reasons and figures behind
it.  All text taken from the data is HTML-escaped.

Size and speed
    Point layers are written as one compact JSON array per layer plus one small JavaScript function
    that turns a row into a marker (a popup template shared by all rows, repeated texts such as
    reasons stored once).  Layers with more than :data:`CLUSTER_MIN_SITES` points are clustered with
    :class:`folium.plugins.FastMarkerCluster`.  Zone and boundary coordinates are rounded to
    5 decimals (about 1 m) and zones without demand are left out.  Vector layers are drawn on a
    canvas (``prefer_canvas``), which keeps thousands of zones responsive.

Determinism
    folium gives every element a random id (``os.urandom``), which ends up in variable names and
    ``<div>`` ids.  :func:`map_from_result` renumbers every element of the finished map in a fixed
    order, so that the same result renders to the same HTML bytes.  Elements added to the map
    afterwards keep folium's random ids.  Renumbering must happen before the first render (a render
    registers scripts under the element names), which is why :func:`save_map` does not renumber.

The HTML loads Leaflet, jQuery, Bootstrap and the marker-cluster plugin from CDNs (folium's
defaults), and tiles from the tile server, so viewing the map needs a network connection; with
``tiles=None`` only the vector layers are drawn.
"""

from __future__ import annotations

import html
import json
import math
import os
import tempfile
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from itertools import count, pairwise
from pathlib import Path
from typing import Any, cast

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Element, Figure, MacroElement
from folium.plugins import FastMarkerCluster
from folium.template import Template
from shapely.geometry import mapping

from siting.results import PlanResult

__all__ = ["CLUSTER_MIN_SITES", "COORD_DECIMALS", "map_from_result", "save_map"]

#: Point layers with more sites than this are clustered (FastMarkerCluster).
CLUSTER_MIN_SITES = 500

#: Decimals kept in coordinates written to the map (5 decimals ≈ 1.1 m).
COORD_DECIMALS = 5

#: Attribution required wherever OpenStreetMap data or tiles are shown (same text as the OSM tiles,
#: so that Leaflet shows it once).
OSM_ATTRIBUTION_HTML = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)

_FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", sans-serif'

# --- colours (ColorBrewer) -------------------------------------------------------------------
_STATION_STYLES: dict[str, dict[str, Any]] = {
    "new": {"color": "#ffffff", "weight": 2, "fillColor": "#1f78b4", "fillOpacity": 0.95},
    "existing": {"color": "#ffffff", "weight": 2, "fillColor": "#6a3d9a", "fillOpacity": 0.95},
    "locked": {"color": "#ffffff", "weight": 2, "fillColor": "#ff7f00", "fillOpacity": 0.95},
}
_PILE_STYLE: dict[str, Any] = {
    "color": "#ffffff",
    "weight": 1,
    "fillColor": "#0e7c86",
    "fillOpacity": 0.8,
}
_TERMINAL_STYLES: dict[str, dict[str, Any]] = {
    "covered": {"color": "#222222", "weight": 3, "fillColor": "#1a9850", "fillOpacity": 0.95},
    "uncovered": {"color": "#222222", "weight": 3, "fillColor": "#d73027", "fillOpacity": 0.95},
}
_CANDIDATE_STYLE: dict[str, Any] = {"stroke": False, "fillColor": "#7f7f7f", "fillOpacity": 0.7}
_COVERED_RAMP = ("#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c")
_UNCOVERED_RAMP = ("#fcbba1", "#fc9272", "#fb6a4a", "#de2d26", "#a50f15")
_COUNTY_STYLE: dict[str, Any] = {"color": "#333333", "weight": 2, "dashArray": "6 4", "fill": False}

_STATION_STATUS = {
    "existing": "已有站 Existing station",
    "locked": "锁定站点 Locked site",
    "new": "新建站 New station",
}
_STATION_RADIUS = 8
_TERMINAL_RADIUS = 9
_CANDIDATE_RADIUS = 2.5

_CSS = f"""
.siting-panel {{ position: fixed; z-index: 1000; background: rgba(255, 255, 255, 0.93);
  border-radius: 6px; box-shadow: 0 1px 5px rgba(0, 0, 0, 0.4); font-family: {_FONT};
  color: #222; }}
.siting-title {{ top: 10px; left: 50%; transform: translateX(-50%); max-width: 55vw;
  padding: 6px 14px; text-align: center; }}
.siting-title-zh {{ font-size: 17px; font-weight: 700; }}
.siting-title-en {{ font-size: 13px; }}
.siting-synthetic {{ margin-top: 3px; font-size: 12px; color: #a50f15; font-weight: 700; }}
.siting-legend {{ bottom: 28px; right: 10px; max-width: 290px; max-height: 70vh; overflow-y: auto;
  padding: 6px 10px; font-size: 12px; line-height: 1.5; }}
.siting-legend summary {{ font-weight: 700; cursor: pointer; }}
.siting-legend .sec {{ margin-top: 5px; font-weight: 700; }}
.siting-legend .dot {{ display: inline-block; width: 12px; height: 12px; border-radius: 50%;
  vertical-align: middle; margin-right: 4px; border: 1px solid #fff; box-shadow: 0 0 0 1px #999; }}
.siting-legend .sw {{ display: inline-block; width: 22px; height: 12px; vertical-align: middle; }}
.siting-legend .line {{ display: inline-block; width: 26px; border-top: 2px dashed #333;
  vertical-align: middle; margin-right: 4px; }}
.siting-legend .src {{ margin-top: 6px; font-size: 11px; color: #555; }}
.siting-popup {{ font-family: {_FONT}; font-size: 12px; min-width: 220px; }}
.siting-popup .hd {{ font-size: 14px; font-weight: 700; }}
.siting-popup .id {{ color: #777; font-size: 11px; }}
.siting-popup .why {{ margin: 4px 0; padding: 3px 6px; background: #f2f6fa;
  border-left: 3px solid #1f78b4; }}
.siting-popup table {{ border-collapse: collapse; }}
.siting-popup th {{ text-align: left; font-weight: 400; color: #555; padding: 1px 8px 1px 0; }}
.siting-popup td {{ text-align: right; font-weight: 700; }}
.siting-county-label {{ font-family: {_FONT}; font-size: 12px; font-weight: 700; color: #333;
  text-align: center; white-space: nowrap; text-shadow: 0 0 3px #fff, 0 0 3px #fff; }}
.siting-dot {{ width: 100%; height: 100%; border-radius: 50%; border: 1px solid #fff;
  box-sizing: border-box; opacity: 0.85; }}
"""


# ----------------------------------------------------------------------------------------------
# public API
# ----------------------------------------------------------------------------------------------
def map_from_result(result: PlanResult, *, tiles: str | None = "OpenStreetMap") -> folium.Map:
    """Build the interactive map of a plan.

    Parameters
    ----------
    result
        The plan (layers in EPSG:4326; other CRSs are reprojected, a missing CRS is taken as
        EPSG:4326).
    tiles
        Background tiles: a folium/xyzservices name or a tile URL template, or None for no
        background (all vector layers are still drawn).

    Returns
    -------
    folium.Map
        The map, with deterministic element ids (same result → same HTML).
    """
    layers = {
        name: _wgs84(getattr(result, name))
        for name in ("stations", "piles", "terminals", "demand", "counties", "candidates")
    }
    scenario: dict[str, Any] = dict(result.manifest.get("scenario") or {})
    source: dict[str, Any] = dict(result.manifest.get("data_source") or {})
    uses_osm = _uses_osm_data(source)

    (south, west), (north, east) = _bounds(layers.values())
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=10,
        tiles=tiles,
        control_scale=True,
        prefer_canvas=True,
    )
    root = cast(Figure, m.get_root())
    root.title = html.escape(f"{result.title_zh} | {result.title_en}", quote=False)

    demand_breaks = _demand_breaks(layers["demand"])
    _add_counties(m, layers["counties"])
    _add_demand(m, layers["demand"], layers["counties"], demand_breaks)
    _add_candidates(m, layers["candidates"])
    _add_piles(m, layers["piles"], scenario)
    _add_terminals(m, layers["terminals"], layers["stations"], scenario)
    _add_stations(m, layers["stations"], scenario)
    folium.LayerControl(collapsed=False).add_to(m)

    m.add_child(_Panel(_CSS, _title_html(result)), name="siting_title")
    m.add_child(
        _Panel("", _legend_html(result, scenario, source, demand_breaks, uses_osm)),
        name="siting_legend",
    )
    if uses_osm:
        m.add_child(_Attribution(OSM_ATTRIBUTION_HTML), name="siting_osm_attribution")
    m.fit_bounds([[south, west], [north, east]], padding=(10, 10))
    _renumber_ids(root)
    return m


def save_map(m: folium.Map, path: str | os.PathLike[str]) -> Path:
    """Write a map to an HTML file atomically (temporary file in the same folder, then rename).

    Parameters
    ----------
    m
        The map, e.g. from :func:`map_from_result`.
    path
        Target file; its folder must exist.  An existing file is replaced.

    Returns
    -------
    pathlib.Path
        The path written.

    Notes
    -----
    Save a map once, freshly built: folium (0.20) appends another ``addTo`` statement per layer
    each time a map is rendered, so a map already shown in a notebook saves with duplicate
    (harmless, but not byte-identical) statements.
    """
    target = Path(path)
    data = m.get_root().render().encode("utf-8")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        mask = os.umask(0o022)
        os.umask(mask)
        tmp.chmod(0o666 & ~mask)  # mkstemp creates 0600; give the file the usual permissions
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


# ----------------------------------------------------------------------------------------------
# custom elements
# ----------------------------------------------------------------------------------------------
class _Panel(MacroElement):
    """A fixed HTML element (title bar, legend) with optional CSS in the page header."""

    _template = Template(
        "{% macro header(this, kwargs) %}"
        "{% if this.css %}<style>{{ this.css }}</style>{% endif %}"
        "{% endmacro %}"
        "{% macro html(this, kwargs) %}{{ this.body }}{% endmacro %}"
    )

    def __init__(self, css: str, body: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "SitingPanel"
        self.css = css
        self.body = body


class _Attribution(MacroElement):
    """Adds an attribution to the map's attribution control (kept when there are no tiles)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text_js }});"
        "{% endmacro %}"
    )

    def __init__(self, text_html: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "SitingAttribution"
        self.text_js = _js_literal(text_html)


class _PointRows(MacroElement):
    """Adds one marker per data row to the parent layer (JavaScript row → marker function)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var callback = {{ this.callback }};
            var rows = {{ this.rows_js }};
            for (var i = 0; i < rows.length; i++) {
                callback(rows[i]).addTo({{ this._parent.get_name() }});
            }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[list[Any]], callback: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "SitingPoints"
        self.rows = rows
        self.rows_js = _js_literal(rows)
        self.callback = callback


# JavaScript turning a row [lat, lon, style, radius, field0, field1, ...] into a marker.
# Templates use {k} for field k (already HTML-escaped text) and {@k} for TEXTS[field k].
_ROW_CALLBACK_JS = """(function () {
    var S = __STYLES__, T = __TEXTS__, P = __POPUP__, Q = __TOOLTIP__;
    function fill(t, r) {
        return t.replace(/\\{(@?)(\\d+)\\}/g, function (m, a, k) {
            var v = r[4 + Number(k)];
            return a ? T[v] : v;
        });
    }
    return function (r) {
        var mk;
        if (__DIV__) {
            var d = 2 * r[3];
            mk = L.marker([r[0], r[1]], {icon: L.divIcon({className: "siting-dot-icon",
                html: '<div class="siting-dot" style="background:' + S[r[2]].fillColor + '"></div>',
                iconSize: [d, d], iconAnchor: [r[3], r[3]]})});
        } else {
            mk = L.circleMarker([r[0], r[1]], Object.assign({radius: r[3]}, S[r[2]]));
        }
        if (P) { mk.bindPopup(fill(P, r), {maxWidth: 380}); }
        if (Q) { mk.bindTooltip(fill(Q, r)); }
        return mk;
    };
})()"""


def _row_callback(
    styles: dict[str, dict[str, Any]],
    texts: Sequence[str],
    popup: str | None,
    tooltip: str | None,
    *,
    div_icons: bool,
) -> str:
    """Return the JavaScript row → marker function for one point layer."""
    js = _ROW_CALLBACK_JS
    for token, value in (
        ("__STYLES__", _js_literal(styles)),
        ("__TEXTS__", _js_literal(list(texts))),
        ("__POPUP__", _js_literal(popup)),
        ("__TOOLTIP__", _js_literal(tooltip)),
        ("__DIV__", "true" if div_icons else "false"),
    ):
        js = js.replace(token, value)
    return js


class _Texts:
    """Stores each distinct (escaped) text once; rows refer to it by index."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def ref(self, text: str) -> int:
        if text not in self._index:
            self._index[text] = len(self.items)
            self.items.append(text)
        return self._index[text]


def _add_point_rows(
    group: folium.FeatureGroup,
    rows: list[list[Any]],
    *,
    styles: dict[str, dict[str, Any]],
    texts: _Texts,
    popup: str | None,
    tooltip: str | None,
    clusterable: bool = True,
) -> None:
    """Add point rows to a layer, clustered when there are more than :data:`CLUSTER_MIN_SITES`."""
    if not rows:
        return
    if clusterable and len(rows) > CLUSTER_MIN_SITES:
        callback = _row_callback(styles, texts.items, popup, tooltip, div_icons=True)
        FastMarkerCluster(  # type: ignore[no-untyped-call]
            data=rows,
            callback=callback,
            control=False,
            disableClusteringAtZoom=15,
            chunkedLoading=True,
        ).add_to(group)
    else:
        callback = _row_callback(styles, texts.items, popup, tooltip, div_icons=False)
        group.add_child(_PointRows(rows, callback))


# ----------------------------------------------------------------------------------------------
# layers
# ----------------------------------------------------------------------------------------------
def _add_stations(m: folium.Map, gdf: gpd.GeoDataFrame, scenario: dict[str, Any]) -> None:
    fast = _fmt_threshold(scenario.get("fast_minutes"))
    group = _layer(m, f"充电站 Charging stations ({len(gdf)})", show=True)
    texts = _Texts()
    rows: list[list[Any]] = []
    for rec in _records(gdf):
        lat, lon = _latlon(rec)
        if lat is None:
            continue
        existing, locked = _truthy(rec.get("existing")), _truthy(rec.get("locked"))
        style = "existing" if existing else ("locked" if locked else "new")
        n_terms = _fmt_num(rec.get("terminals_covered"))
        term_names = _text(rec.get("terminal_names"))
        rows.append(
            [
                lat,
                lon,
                style,
                _STATION_RADIUS,
                _esc(rec.get("name")) or _esc(rec.get("site_id")),  # 0
                _esc(rec.get("site_id")),  # 1
                texts.ref(_STATION_STATUS[style]),  # 2
                texts.ref(_esc(_reason(rec.get("reason_zh")))),  # 3
                texts.ref(_esc(_reason(rec.get("reason_en")))),  # 4
                _fmt_num(rec.get("fast_ev_covered")),  # 5
                _fmt_num(rec.get("fast_ev_unique")),  # 6
                _fmt_num(rec.get("mean_access_min"), 1),  # 7
                n_terms + (f" ({_esc(term_names)})" if term_names else ""),  # 8
                texts.ref(_esc(rec.get("county_name")) or "—"),  # 9
                texts.ref(f"{_yes_no(existing)} / {_yes_no(locked)}"),  # 10
            ]
        )
    popup = (
        '<div class="siting-popup siting-station"><div class="hd">{0}</div>'
        '<div class="id">{1} · {@2}</div>'
        '<div class="why">选址理由:{@3}<br>Why here: {@4}</div><table>'
        f"<tr><th>{fast} 分钟内快充覆盖电动车<br>EVs within {fast} min drive</th>"
        "<td>{5}</td></tr>"
        "<tr><th>仅此站覆盖的电动车<br>EVs only this station covers</th><td>{6}</td></tr>"
        "<tr><th>平均到达时间(分钟)<br>Mean access time (min)</th><td>{7}</td></tr>"
        "<tr><th>覆盖客运站<br>Terminals covered</th><td>{8}</td></tr>"
        "<tr><th>区县 County</th><td>{@9}</td></tr>"
        "<tr><th>已有 / 锁定<br>Existing / locked</th><td>{@10}</td></tr>"
        "</table></div>"
    )
    tooltip = "充电站 Station: {0} ({@2})"
    _add_point_rows(group, rows, styles=_STATION_STYLES, texts=texts, popup=popup, tooltip=tooltip)


def _add_piles(m: folium.Map, gdf: gpd.GeoDataFrame, scenario: dict[str, Any]) -> None:
    total = int(pd.to_numeric(gdf["piles"], errors="coerce").fillna(0).sum()) if len(gdf) else 0
    walk = _fmt_threshold(scenario.get("walk_m"))
    name = f"充电桩 Charging piles ({len(gdf)} 处 sites, {total} 桩 piles)"
    group = _layer(m, name, show=True)
    texts = _Texts()
    rows: list[list[Any]] = []
    for rec in _records(gdf):
        lat, lon = _latlon(rec)
        if lat is None:
            continue
        n = _num(rec.get("piles"))
        radius = round(min(14.0, 3.0 + 1.5 * math.sqrt(max(n, 0.0))), 1)
        rows.append(
            [
                lat,
                lon,
                "pile",
                radius,
                _esc(rec.get("name")) or _esc(rec.get("pile_site_id")),  # 0
                _esc(rec.get("pile_site_id")),  # 1
                texts.ref(_esc(_reason(rec.get("reason_zh")))),  # 2
                texts.ref(_esc(_reason(rec.get("reason_en")))),  # 3
                _fmt_num(rec.get("piles")),  # 4
                _fmt_num(rec.get("capacity_piles")),  # 5
                _fmt_num(rec.get("slow_ev_served")),  # 6
                texts.ref(_esc(rec.get("county_name")) or "—"),  # 7
                texts.ref(_esc(rec.get("kind")) or "—"),  # 8
            ]
        )
    popup = (
        '<div class="siting-popup siting-pile"><div class="hd">{0}</div>'
        '<div class="id">{1} · {@8}</div>'
        '<div class="why">选址理由:{@2}<br>Why here: {@3}</div><table>'
        "<tr><th>充电桩 / 可容纳<br>Piles / capacity</th><td>{4} / {5}</td></tr>"
        f"<tr><th>步行 {walk} 米内服务电动车<br>EVs served within {walk} m walk</th>"
        "<td>{6}</td></tr>"
        "<tr><th>区县 County</th><td>{@7}</td></tr>"
        "</table></div>"
    )
    tooltip = "充电桩 Piles: {0} ({4})"
    _add_point_rows(group, rows, styles={"pile": _PILE_STYLE}, texts=texts, popup=popup, tooltip=tooltip)


def _add_terminals(
    m: folium.Map, gdf: gpd.GeoDataFrame, stations: gpd.GeoDataFrame, scenario: dict[str, Any]
) -> None:
    radius = _fmt_threshold(scenario.get("terminal_radius_m"))
    station_names = {
        str(k): str(v)
        for k, v in zip(stations.get("site_id", []), stations.get("name", []), strict=False)
        if _present(k)
    }
    covered_mask = [_truthy(v) for v in gdf.get("covered", pd.Series(dtype=bool))]
    for covered in (True, False):
        subset = gdf[[c is covered for c in covered_mask]] if len(gdf) else gdf
        label = (
            f"已覆盖客运站 Terminals covered ({len(subset)})"
            if covered
            else f"未覆盖客运站 Terminals not covered ({len(subset)})"
        )
        group = _layer(m, label, show=True)
        texts = _Texts()
        rows: list[list[Any]] = []
        for rec in _records(subset):
            lat, lon = _latlon(rec)
            if lat is None:
                continue
            near_id = rec.get("nearest_station_id")
            near = "—"
            if _present(near_id):
                near = _esc(near_id)
                if str(near_id) in station_names:
                    near = f"{_esc(station_names[str(near_id)])} ({near})"
            rows.append(
                [
                    lat,
                    lon,
                    "covered" if covered else "uncovered",
                    _TERMINAL_RADIUS,
                    _esc(rec.get("name")) or _esc(rec.get("terminal_id")),  # 0
                    _esc(rec.get("name_en")),  # 1
                    _esc(rec.get("terminal_id")),  # 2
                    near,  # 3
                    _fmt_num(rec.get("nearest_station_m")),  # 4
                ]
            )
        state = (
            f"已覆盖:{radius} 米内有充电站<br>Covered: a station within {radius} m by road"
            if covered
            else f"未覆盖:{radius} 米内无充电站<br>Not covered: no station within {radius} m by road"
        )
        popup = (
            '<div class="siting-popup siting-terminal"><div class="hd">{0}</div>'
            '<div class="id">{1} · {2}</div>'
            f'<div class="why">{state}</div><table>'
            "<tr><th>最近充电站<br>Nearest station</th><td>{3}</td></tr>"
            "<tr><th>道路距离(米)<br>Road distance (m)</th><td>{4}</td></tr>"
            "</table></div>"
        )
        tip = "客运站 Terminal: {0} · " + ("已覆盖 covered" if covered else "未覆盖 not covered")
        _add_point_rows(group, rows, styles=_TERMINAL_STYLES, texts=texts, popup=popup, tooltip=tip)


def _add_candidates(m: folium.Map, gdf: gpd.GeoDataFrame) -> None:
    group = _layer(m, f"候选站点 Candidate sites ({len(gdf)})", show=False)
    texts = _Texts()
    opened = texts.ref("已选 opened")
    not_opened = texts.ref("未选 not opened")
    rows: list[list[Any]] = []
    for rec in _records(gdf):
        lat, lon = _latlon(rec)
        if lat is None:
            continue
        rows.append(
            [
                lat,
                lon,
                "candidate",
                _CANDIDATE_RADIUS,
                _esc(rec.get("name")) or _esc(rec.get("site_id")),
                _esc(rec.get("site_id")),
                opened if _truthy(rec.get("opened")) else not_opened,
            ]
        )
    _add_point_rows(
        group,
        rows,
        styles={"candidate": _CANDIDATE_STYLE},
        texts=texts,
        popup=None,
        tooltip="候选站点 Candidate: {0} ({1}) · {@2}",
        clusterable=False,
    )


def _add_demand(
    m: folium.Map,
    gdf: gpd.GeoDataFrame,
    counties: gpd.GeoDataFrame,
    breaks: list[float],
) -> None:
    county_names = _county_names(counties)
    fast = pd.to_numeric(gdf.get("fast_demand_ev", pd.Series(dtype=float)), errors="coerce").fillna(0)
    slow = pd.to_numeric(gdf.get("slow_demand_ev", pd.Series(dtype=float)), errors="coerce").fillna(0)
    shown = gdf[((fast > 0) | (slow > 0)).to_numpy()] if len(gdf) else gdf
    features: list[dict[str, Any]] = []
    styles: dict[int, dict[str, Any]] = {}
    for i, rec in enumerate(_records(shown)):
        geom = rec.get("geometry")
        if geom is None or geom.is_empty:
            continue
        covered = _truthy(rec.get("fast_covered"))
        ev = _num(rec.get("fast_demand_ev"))
        ramp = _COVERED_RAMP if covered else _UNCOVERED_RAMP
        cls = int(np.searchsorted(breaks, ev, side="right")) if breaks else 0
        styles[i] = {
            "stroke": False,
            "fillColor": ramp[min(cls, len(ramp) - 1)],
            "fillOpacity": 0.55,
        }
        cid = rec.get("county_id")
        features.append(
            {
                "type": "Feature",
                "id": i,
                "properties": {
                    "id": _esc(rec.get("demand_id")),
                    "county": _esc(county_names.get(str(cid), cid)) or "—",
                    "pop": _fmt_num(rec.get("population")),
                    "ev": _fmt_num(rec.get("fast_demand_ev"), 1),
                    "cov": "是 yes" if covered else "否 no",
                    "t": _fmt_num(rec.get("access_time_min"), 1),
                },
                "geometry": _round_coords(mapping(geom)),
            }
        )
    group = _layer(m, f"需求区 Demand zones ({len(features)})", show=True)
    if not features:
        return

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        return styles[int(feature["id"])]

    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=style,
        control=False,
        popup=folium.GeoJsonPopup(
            fields=["id", "county", "pop", "ev", "cov", "t"],
            aliases=[
                "需求区 Zone",
                "区县 County",
                "人口 Population",
                "快充需求电动车 EVs (fast charging)",
                "快充已覆盖 Covered (fast)",
                "到达时间(分钟) Access time (min)",
            ],
            class_name="siting-zone-popup",
        ),
        tooltip=folium.GeoJsonTooltip(
            fields=["ev", "cov"], aliases=["电动车 EVs", "覆盖 Covered"], sticky=False
        ),
    ).add_to(group)


def _add_counties(m: folium.Map, gdf: gpd.GeoDataFrame) -> None:
    group = _layer(m, f"区县边界 County boundaries ({len(gdf)})", show=True)
    features: list[dict[str, Any]] = []
    labels: list[tuple[float, float, str]] = []
    for i, rec in enumerate(_records(gdf)):
        geom = rec.get("geometry")
        if geom is None or geom.is_empty:
            continue
        zh, en = _esc(rec.get("name_zh")), _esc(rec.get("name_en"))
        features.append(
            {
                "type": "Feature",
                "id": i,
                "properties": {
                    "zh": zh or "—",
                    "en": en or "—",
                    "pop": _fmt_num(rec.get("population")),
                },
                "geometry": _round_coords(mapping(geom)),
            }
        )
        pt = geom.representative_point()
        labels.append((round(pt.y, COORD_DECIMALS), round(pt.x, COORD_DECIMALS), f"{zh}<br>{en}"))
    if not features:
        return
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda _f: _COUNTY_STYLE,
        control=False,
        tooltip=folium.GeoJsonTooltip(
            fields=["zh", "en", "pop"], aliases=["区县", "County", "人口 Population"]
        ),
    ).add_to(group)
    for lat, lon, label in labels:
        folium.Marker(
            [lat, lon],
            icon=folium.DivIcon(
                html=f'<div class="siting-county-label">{label}</div>',
                icon_size=(140, 34),
                icon_anchor=(70, 17),
                class_name="siting-county-label-icon",
            ),
            interactive=False,
        ).add_to(group)


# ----------------------------------------------------------------------------------------------
# title and legend
# ----------------------------------------------------------------------------------------------
def _title_html(result: PlanResult) -> str:
    synthetic = bool(result.manifest.get("synthetic")) or (
        (result.manifest.get("data_source") or {}).get("kind") == "synthetic"
    )
    badge = (
        '<div class="siting-synthetic">⚠ 合成数据演示,并非真实路网 · '
        "Synthetic demo data, not the real road network</div>"
        if synthetic
        else ""
    )
    zh = html.escape(result.title_zh, quote=False)
    en = html.escape(result.title_en, quote=False)
    return (
        '<div class="siting-panel siting-title" id="siting-title">'
        f'<div class="siting-title-zh" lang="zh-CN">{zh}</div>'
        f'<div class="siting-title-en" lang="en">{en}</div>'
        f"{badge}</div>"
    )


def _legend_html(
    result: PlanResult,
    scenario: dict[str, Any],
    source: dict[str, Any],
    breaks: list[float],
    uses_osm: bool,
) -> str:
    fast = _fmt_threshold(scenario.get("fast_minutes"))
    radius = _fmt_threshold(scenario.get("terminal_radius_m"))

    def dot(colour: str, text: str, size: int = 12) -> str:
        return (
            f'<div><span class="dot" style="background:{colour};width:{size}px;height:{size}px">'
            f"</span>{text}</div>"
        )

    def ramp(colours: Sequence[str], text: str) -> str:
        sw = "".join(f'<span class="sw" style="background:{c}"></span>' for c in colours)
        return f"<div>{sw} {text}</div>"

    if breaks:
        edges = ["0", *(_fmt_num(b, 1) for b in breaks)]
        classes = [f"{a}–{b}" for a, b in pairwise(edges)] + [f"> {edges[-1]}"]
        ev_scale = "电动车 EVs: " + " | ".join(classes[: len(_COVERED_RAMP)])
    else:
        ev_scale = ""
    label = html.escape(str(source.get("label") or ""), quote=False)
    label_zh = html.escape(str(source.get("label_zh") or ""), quote=False)
    src = " · ".join(x for x in (label_zh, label) if x)
    osm = "<br>© OpenStreetMap contributors (ODbL)" if uses_osm else ""
    n_piles = int(
        pd.to_numeric(result.piles.get("piles", pd.Series(dtype=float)), errors="coerce").fillna(0).sum()
    )
    return (
        '<div class="siting-panel siting-legend" id="siting-legend"><details open>'
        "<summary>图例 Legend</summary>"
        '<div class="sec">充电站 Charging stations</div>'
        + dot(_STATION_STYLES["new"]["fillColor"], "新建 New")
        + dot(_STATION_STYLES["existing"]["fillColor"], "已有 Existing")
        + dot(_STATION_STYLES["locked"]["fillColor"], "锁定 Locked (required)")
        + '<div class="sec">充电桩 Charging piles</div>'
        + dot(_PILE_STYLE["fillColor"], "点越大桩越多 Larger dot = more piles", 10)
        + f'<div class="sec">客运站 Passenger terminals ({radius} m)</div>'
        + dot(_TERMINAL_STYLES["covered"]["fillColor"], "已覆盖 Covered")
        + dot(_TERMINAL_STYLES["uncovered"]["fillColor"], "未覆盖 Not covered")
        + f'<div class="sec">需求区 Demand zones ({fast} min)</div>'
        + ramp(_COVERED_RAMP, "快充已覆盖 Covered")
        + ramp(_UNCOVERED_RAMP, "未覆盖 Not covered")
        + (f'<div style="font-size:11px">{ev_scale}</div>' if ev_scale else "")
        + '<div class="sec">其他 Other</div>'
        + '<div><span class="line"></span>区县边界 County boundary</div>'
        + dot(_CANDIDATE_STYLE["fillColor"], "候选站点 Candidate site", 6)
        + f'<div class="src">{len(result.stations)} 座充电站 stations · '
        + f"{n_piles} 个充电桩 piles<br>"
        + f"数据 Data: {src}{osm}</div>"
        + "</details></div>"
    )


# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------
def _layer(m: folium.Map, name: str, *, show: bool) -> folium.FeatureGroup:
    """Add a named overlay (listed in the layer control) to the map."""
    group = folium.FeatureGroup(name=name, show=show)
    m.add_child(group)
    return group


def _renumber_ids(root: Element) -> None:
    """Give every element reachable from ``root`` a sequential id, in a fixed traversal order.

    Children are re-keyed when their key was the element's old name, so that templates that use the
    key (e.g. popups) see the new name.  Must run before the first render.
    """
    counter = count()
    seen: set[int] = set()

    def visit(el: Element) -> None:
        if id(el) in seen:
            return
        seen.add(id(el))
        el._id = f"{next(counter):06d}"
        for attr, value in vars(el).items():
            if attr in ("_parent", "_children", "parent_map") or not isinstance(value, Element):
                continue
            visit(value)
        renamed: OrderedDict[str, Element] = OrderedDict()
        for key, child in el._children.items():
            old_name = child.get_name()
            visit(child)
            renamed[child.get_name() if key == old_name else key] = child
        el._children = renamed

    visit(root)


def _wgs84(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if gdf.crs is None:
        return gdf.set_crs("EPSG:4326")
    if gdf.crs.to_epsg() != 4326:
        return gdf.to_crs("EPSG:4326")
    return gdf


def _bounds(layers: Iterable[gpd.GeoDataFrame]) -> tuple[tuple[float, float], tuple[float, float]]:
    """Return ((south, west), (north, east)) of the non-empty layers (Guang'an if all empty)."""
    boxes = []
    for gdf in layers:
        if len(gdf) and not gdf.geometry.is_empty.all():
            b = gdf.total_bounds
            if np.all(np.isfinite(b)):
                boxes.append(b)
    if not boxes:
        return (30.1, 106.2), (30.9, 107.2)
    arr = np.array(boxes)
    west, south = float(arr[:, 0].min()), float(arr[:, 1].min())
    east, north = float(arr[:, 2].max()), float(arr[:, 3].max())
    return (round(south, COORD_DECIMALS), round(west, COORD_DECIMALS)), (
        round(north, COORD_DECIMALS),
        round(east, COORD_DECIMALS),
    )


def _demand_breaks(demand: gpd.GeoDataFrame) -> list[float]:
    """Class breaks of fast-charging EV demand: quintiles of the zones with demand."""
    if not len(demand) or "fast_demand_ev" not in demand:
        return []
    ev = pd.to_numeric(demand["fast_demand_ev"], errors="coerce").to_numpy(dtype=float)
    ev = ev[np.isfinite(ev) & (ev > 0)]
    if not ev.size:
        return []
    qs = np.quantile(ev, [0.2, 0.4, 0.6, 0.8])
    return sorted({round(float(q), 1) for q in qs})


def _uses_osm_data(source: dict[str, Any]) -> bool:
    kind = str(source.get("kind") or "")
    label = str(source.get("label") or "")
    return kind.startswith("osm") or "openstreetmap" in label.lower()


def _county_names(counties: gpd.GeoDataFrame) -> dict[str, str]:
    if not len(counties) or "county_id" not in counties:
        return {}
    zh = counties.get("name_zh", pd.Series([None] * len(counties), index=counties.index))
    return {str(k): str(v) for k, v in zip(counties["county_id"], zh, strict=True) if _present(v)}


def _records(gdf: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """Rows as dicts (geometry included), in row order."""
    if not len(gdf):
        return []
    cols = list(gdf.columns)
    return [dict(zip(cols, values, strict=True)) for values in gdf.itertuples(index=False, name=None)]


def _latlon(rec: dict[str, Any]) -> tuple[float, float] | tuple[None, None]:
    geom = rec.get("geometry")
    if geom is None or geom.is_empty:
        return None, None
    pt = geom if geom.geom_type == "Point" else geom.representative_point()
    if not (math.isfinite(pt.x) and math.isfinite(pt.y)):
        return None, None
    return round(float(pt.y), COORD_DECIMALS), round(float(pt.x), COORD_DECIMALS)


def _round_coords(obj: Any) -> Any:
    """Round every coordinate of a GeoJSON geometry mapping (tuples become lists)."""
    if isinstance(obj, dict):
        return {k: _round_coords(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        if obj and isinstance(obj[0], float | int) and not isinstance(obj[0], bool):
            return [round(float(v), COORD_DECIMALS) for v in obj]
        return [_round_coords(v) for v in obj]
    return obj


def _present(value: Any) -> bool:
    """True unless the value is None, NaN or pandas NA."""
    if value is None:
        return False
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like values
        return True


def _text(value: Any) -> str:
    """Plain text of a cell ("" for missing; list-likes joined with "; ")."""
    if isinstance(value, list | tuple | set | np.ndarray):
        return "; ".join(str(v) for v in value if _present(v))
    return str(value) if _present(value) else ""


#: Lead-ins that :mod:`siting.results` may start a reason with; the popup has its own label.
_REASON_PREFIXES = ("选址理由：", "选址理由:", "Chosen: ", "Chosen:")


def _reason(value: Any) -> str:
    """Reason text without a leading "选址理由：" / "Chosen:" (the popup labels it already)."""
    text = _text(value).strip()
    for prefix in _REASON_PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix) :].strip()
    return text or "—"


def _esc(value: Any) -> str:
    """HTML-escaped text of a cell; also escapes ``$`` and backticks (safe inside JS templates)."""
    return html.escape(_text(value)).replace("`", "&#96;").replace("$", "&#36;")


def _truthy(value: Any) -> bool:
    if not _present(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "y", "t"}
    return bool(value)


def _num(value: Any) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return 0.0
    return v if math.isfinite(v) else 0.0


def _fmt_num(value: Any, decimals: int = 0) -> str:
    """Number with thousands separators, "—" when missing or not finite."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "—"
    if not math.isfinite(v):
        return "—"
    return f"{v:,.{decimals}f}"


def _fmt_threshold(value: Any) -> str:
    """A scenario threshold (minutes, metres) for labels: "10" for 10.0, "?" when missing."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "?"
    return f"{v:g}" if math.isfinite(v) else "?"


def _yes_no(flag: bool) -> str:
    return "是 yes" if flag else "否 no"


def _js_literal(obj: Any) -> str:
    """JSON to embed in a ``<script>``: UTF-8 kept; ``<``, ``>``, ``&``, U+2028/9 escaped."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
