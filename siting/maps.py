"""Interactive, self-contained folium (Leaflet) map of a plan: why each station and pile is where it is.

:func:`map_from_result` turns a :class:`~siting.results.PlanResult` into a :class:`folium.Map`;
:func:`save_map` writes it to an HTML file atomically.

The map has a bilingual title bar naming the data source (for the demo: "synthetic road network"),
a legend, a scale bar, a language switch (中文 / English: every label, legend entry, tooltip and
popup switches) and these overlays, all listed in the layer control with their counts
(:data:`LAYER_KEYS` are their stable keys, used by ``window.sitingMap.layers`` in the page):

==============  ========================  ======================================================
key             layer                     content
==============  ========================  ======================================================
counties        区县边界 County            boundaries (dashed) with name labels
demand          需求区 Demand zones        zones with demand, green when inside the fast-charging
                                          drive time of an open station, red when not
heat            需求热力 Demand heat       heat map of fast-charging EV demand (hidden at start)
coverage        覆盖范围 Coverage areas    per station: the union of the covered demand zones
                                          nearest to it in a straight line (hidden at start)
worst_served    服务最差区域 Worst-served  the zones with most EVs left without fast charging
                                          (``result.worst_served``), ranked (hidden at start)
corridor_trips  城际线路 Intercity trips   routes of the corridor trips; width grows with the daily
                                          EV trips; green when an EV can make the trip in the
                                          first stage, red when not (dashed: never with these
                                          candidate sites), grey when it needs no charging
candidates      候选站点 Candidates        every candidate station site (hidden at start)
piles           充电桩 Piles               pile sites, clustered; dot size grows with the piles
terminals_cov   已覆盖客运站               terminals with a station within the radius (green)
terminals_unc   未覆盖客运站               terminals without (red)
substations     变电站 Substations         squares coloured by the share of their headroom used
                                          in the first stage; popup with load and headroom per
                                          stage (OSM substations given as ``substations=``: dots)
stations_later  后期新建充电站             sites opened in a later stage (``stations_by_stage``),
                                          hollow dashed circles (hidden at start)
stations        充电站 Stations            new / existing / locked; size grows with the chargers
                                          (area ∝ chargers), else with the EVs covered
==============  ========================  ======================================================

Layers of the planning families (``worst_served``, ``corridor_trips``, ``substations``,
``stations_later``) are added only when the result holds rows for them, so a base-model plan gets
the same map as before.  Station popups also show, when the planning model sized the station: chargers
and power, peak-hour sessions, utilisation, the probability of waiting longer than ``max_wait_min``,
the mean wait, the substation it connects to and its distance, and its role on the intercity corridors.

Coverage areas
    ``PlanResult.demand`` says whether a zone is within ``fast_minutes`` of *some* open station
    (``fast_covered``) but not of which one, so each covered zone is given to the nearest open
    station by straight-line distance and the zones of a station are merged.  The areas therefore
    partition the covered demand; they are a picture of the station catchments, not isochrones.

Working offline
    Leaflet 1.9.4, Leaflet.markercluster 1.5.3 and Leaflet.heat 0.2.0 are vendored in
    ``siting/assets`` (with their licences).  With ``inline_assets=True`` (the default) their
    JavaScript and CSS are written into the HTML, so the file works with no network at all; with
    False the page links ``siting-assets/…`` and :func:`save_map` copies the files beside the map.
    folium's CDN links (jQuery, Bootstrap, Font Awesome, Leaflet) are removed.  Background tiles are
    optional base layers (:data:`TILE_PROVIDERS`: OpenStreetMap; AMap/Gaode, which uses GCJ-02;
    Tianditu with a key); the vector layers always render, with or without tiles.

GCJ-02
    When a GCJ-02 base layer (AMap) is chosen, every vector layer is shifted from WGS-84 to GCJ-02
    so that it lines up with the tiles, and shifted back for the other base layers.  The shift is
    computed by :mod:`siting.coords`; the page interpolates a small offset grid from
    :func:`siting.coords.offset_grid` (error < 0.5 m), so the formula lives in one module.

Every point and zone has a short tooltip and a bilingual popup with the reasons and figures behind
it.  All text taken from the data is HTML-escaped.

Size and speed
    Point layers are written as one compact JSON array per layer plus one small JavaScript function
    that turns a row into a marker (a popup template shared by all rows, repeated texts such as
    reasons stored once).  Pile sites, and any layer with more than :data:`CLUSTER_MIN_SITES`
    points, are clustered with :class:`folium.plugins.FastMarkerCluster`.  Zone and boundary
    coordinates are rounded to 5 decimals (about 1 m) and zones without demand are left out.
    Vector layers are drawn on a canvas (``prefer_canvas``), which keeps thousands of zones
    responsive.  The inlined libraries add about 200 KB (55 KB gzipped).

Determinism
    folium gives every element a random id (``os.urandom``), which ends up in variable names and
    ``<div>`` ids.  :func:`map_from_result` renumbers every element of the finished map in a fixed
    order, so that the same result renders to the same HTML bytes.  Elements added to the map
    afterwards keep folium's random ids.  Renumbering must happen before the first render (a render
    registers scripts under the element names), which is why :func:`save_map` does not renumber.
"""

from __future__ import annotations

import base64
import html
import json
import math
import os
import re
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Sequence
from itertools import count, pairwise
from pathlib import Path
from typing import Any, cast

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure, MacroElement
from folium.plugins import FastMarkerCluster
from folium.template import Template
from shapely.geometry import mapping

from siting import coords
from siting.results import PlanResult

__all__ = [
    "ASSETS_DIR",
    "CLUSTER_MIN_SITES",
    "COORD_DECIMALS",
    "DEFAULT_TILES",
    "HIDDEN_LAYER_KEYS",
    "LAYER_KEYS",
    "PLANNING_LAYER_KEYS",
    "TILE_PROVIDERS",
    "map_from_result",
    "save_map",
]

#: Folder of the vendored Leaflet files (see its README.md for versions and licences).
ASSETS_DIR = Path(__file__).with_name("assets")

#: Name of the folder written beside the map when the assets are not inlined.
ASSETS_FOLDER_NAME = "siting-assets"

#: (file, kind) of the vendored assets, in load order.
_ASSETS: tuple[tuple[str, str], ...] = (
    ("leaflet.css", "css"),
    ("MarkerCluster.css", "css"),
    ("MarkerCluster.Default.css", "css"),
    ("leaflet.js", "js"),
    ("leaflet.markercluster.js", "js"),
    ("leaflet-heat.js", "js"),
)

#: Stable keys of the overlays, in the order they are listed (and drawn).  The keys of
#: :data:`PLANNING_LAYER_KEYS` are present only when the result has rows for them.
LAYER_KEYS: tuple[str, ...] = (
    "counties",
    "demand",
    "heat",
    "coverage",
    "worst_served",
    "corridor_trips",
    "candidates",
    "piles",
    "terminals_covered",
    "terminals_uncovered",
    "substations",
    "stations_later",
    "stations",
)

#: Overlays shown only when the result has data for them (planning families, OSM substations).
PLANNING_LAYER_KEYS: tuple[str, ...] = ("worst_served", "corridor_trips", "substations", "stations_later")

#: Overlays hidden when the map opens (tick them in the layer control).
HIDDEN_LAYER_KEYS: tuple[str, ...] = ("heat", "coverage", "worst_served", "candidates", "stations_later")

#: Background tile providers: name (zh, en), URL template, attribution, and whether the tiles are
#: GCJ-02 (then the vector layers are shifted to match).  ``{key}`` is the Tianditu key.
TILE_PROVIDERS: dict[str, dict[str, Any]] = {
    "osm": {
        "zh": "OpenStreetMap 地图",
        "en": "OpenStreetMap",
        "urls": ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"],
        "attribution": "",  # set below (same text as the data attribution)
        "max_zoom": 19,
        "gcj02": False,
    },
    "amap": {
        "zh": "高德地图 (GCJ-02)",
        "en": "AMap / Gaode (GCJ-02)",
        "urls": [
            "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}"
        ],
        "subdomains": "1234",
        "attribution": "&copy; 高德地图 AutoNavi",
        "max_zoom": 18,
        "gcj02": True,
    },
    "tianditu": {
        "zh": "天地图",
        "en": "Tianditu",
        "urls": [
            "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec"
            "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
            "https://t{s}.tianditu.gov.cn/cva_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=cva"
            "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
        ],
        "subdomains": "01234567",
        "attribution": "&copy; 天地图 Tianditu",
        "max_zoom": 18,
        "gcj02": False,
    },
}

#: Base layers offered by default (Tianditu is added when a key is given).
DEFAULT_TILES: tuple[str, ...] = ("osm", "amap")

#: Point layers with more sites than this are clustered (FastMarkerCluster).
CLUSTER_MIN_SITES = 500

#: Decimals kept in coordinates written to the map (5 decimals ≈ 1.1 m).
COORD_DECIMALS = 5

#: Attribution required wherever OpenStreetMap data or tiles are shown (same text as the OSM tiles,
#: so that Leaflet shows it once).
OSM_ATTRIBUTION_HTML = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)

TILE_PROVIDERS["osm"]["attribution"] = OSM_ATTRIBUTION_HTML

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
_COVERAGE_STYLE: dict[str, Any] = {
    "color": "#1f78b4",
    "weight": 1.5,
    "fillColor": "#1f78b4",
    "fillOpacity": 0.12,
}
_SUBSTATION_STYLE: dict[str, Any] = {
    "color": "#ffffff",
    "weight": 1,
    "fillColor": "#e7298a",
    "fillOpacity": 0.95,
}

#: Substations by the share of their headroom used in the first stage: (upper bound, colour, zh, en).
_HEADROOM_CLASSES: tuple[tuple[float, str, str, str], ...] = (
    (0.0, "#bdbdbd", "未接入", "no station"),
    (0.5, "#1a9850", "< 50%", "< 50 %"),
    (0.8, "#fee08b", "50–80%", "50–80 %"),
    (0.95, "#fc8d59", "80–95%", "80–95 %"),
    (math.inf, "#d73027", "≥ 95%", "≥ 95 %"),
)
_SUBSTATION_MARKER: dict[str, Any] = {"square": True, "color": "#333333", "weight": 1, "fillOpacity": 0.95}
_SUBSTATION_SIZE = 6  # half the side of the square, px
_CORRIDOR_COLOURS = {"covered": "#1a9850", "uncovered": "#d73027", "short": "#969696"}
_LATER_STYLE: dict[str, Any] = {
    "color": "#1f78b4",
    "weight": 2,
    "dashArray": "3 3",
    "fillColor": "#ffffff",
    "fillOpacity": 0.85,
}
_WORST_STYLE: dict[str, Any] = {"color": "#67001f", "weight": 3, "fillColor": "#67001f", "fillOpacity": 0.15}
#: Tolerance (degrees, about 10 m) of the simplified corridor routes drawn on the map.
_CORRIDOR_SIMPLIFY_DEG = 1e-4

_STATION_STATUS = {
    "existing": '<span class="l-zh">已有站</span><span class="l-en">Existing station</span>',
    "locked": '<span class="l-zh">锁定站点</span><span class="l-en">Locked site</span>',
    "new": '<span class="l-zh">新建站</span><span class="l-en">New station</span>',
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
.siting-legend {{ bottom: 60px; left: 10px; max-width: 290px; max-height: calc(100vh - 240px);
  overflow-y: auto; padding: 6px 10px; font-size: 12px; line-height: 1.5; }}
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
.siting-lang-zh .l-en, .siting-lang-en .l-zh {{ display: none !important; }}
.l-zh + .l-en::before {{ content: " "; }}
.siting-title .l-zh + .l-en::before {{ content: none; }}
.siting-title .l-en {{ display: block; }}
.leaflet-control-layers {{ font-family: {_FONT}; }}
.siting-lang {{ font-family: {_FONT}; background: #fff; }}
.siting-lang a {{ width: auto !important; padding: 0 8px; font-size: 13px; color: #333; }}
.siting-lang a.active {{ background: #1f78b4; color: #fff; font-weight: 700; }}
.siting-legend .sq {{ display: inline-block; width: 10px; height: 10px; vertical-align: middle;
  margin-right: 4px; }}
.siting-legend .ln {{ display: inline-block; width: 26px; vertical-align: middle; margin-right: 4px; }}
.siting-dot.siting-sq {{ border-radius: 2px; border: 1px solid #333; opacity: 0.95; }}
.siting-popup .stages td {{ padding-left: 8px; }}
"""


# ----------------------------------------------------------------------------------------------
# public API
# ----------------------------------------------------------------------------------------------
def map_from_result(
    result: PlanResult,
    *,
    tiles: str | Sequence[str] | None = DEFAULT_TILES,
    inline_assets: bool = True,
    language: str = "zh",
    tianditu_key: str | None = None,
    substations: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """Build the interactive, self-contained map of a plan.

    Parameters
    ----------
    result
        The plan (layers in EPSG:4326; other CRSs are reprojected, a missing CRS is taken as
        EPSG:4326).  Its planning layers (``substations``, ``corridor_trips``, ``stations_by_stage``,
        ``worst_served``) are drawn when they have rows; the stage names come from
        ``kpis_by_stage`` (else from the per-stage columns).
    tiles
        Background base layers, the first shown at start: keys of :data:`TILE_PROVIDERS`
        (``"osm"``, ``"amap"``, ``"tianditu"``), ``"OpenStreetMap"`` (same as ``"osm"``) or a tile URL
        template with ``{x}``, ``{y}``, ``{z}`` (taken as WGS-84 / Web Mercator).  None or ``()``:
        no tiles (all vector layers are still drawn).
    inline_assets
        Write Leaflet and its plugins into the HTML (works with no network); False links
        ``siting-assets/…`` beside the file, which :func:`save_map` copies there.
    language
        Language shown at start, ``"zh"`` or ``"en"`` (the page has a switch).
    tianditu_key
        Tianditu API key ("tk"); adds the Tianditu base layer (also read from the environment
        variable ``TIANDITU_KEY``).
    substations
        Optional substations (points or polygons, e.g. OSM features with ``power=substation``, drawn
        as plain dots; a table with ``substation_id`` and per-stage load is drawn like
        ``result.substations``); overrides ``result.substations``.

    Returns
    -------
    folium.Map
        The map, with deterministic element ids (same result → same HTML).

    Raises
    ------
    ValueError
        An unknown tile provider or language.
    """
    if language not in ("zh", "en"):
        raise ValueError(f"language must be 'zh' or 'en', not {language!r}")
    layers = {
        name: _wgs84(getattr(result, name))
        for name in ("stations", "piles", "terminals", "demand", "counties", "candidates")
    }
    subs: Any = substations if substations is not None else getattr(result, "substations", None)
    scenario: dict[str, Any] = dict(result.manifest.get("scenario") or {})
    source: dict[str, Any] = dict(result.manifest.get("data_source") or {})
    uses_osm = _uses_osm_data(source)
    providers = _tile_providers(tiles, tianditu_key or os.environ.get("TIANDITU_KEY"))

    (south, west), (north, east) = _bounds(layers.values())
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=10,
        tiles=None,
        control_scale=True,
        prefer_canvas=True,
    )
    m.options["maxZoom"] = 19  # folium sets it only with tiles; marker clusters need it
    root = cast(Figure, m.get_root())
    root.title = html.escape(f"{result.title_zh} | {result.title_en}", quote=False)

    stages = _stage_names(result)
    worst = _planning_layer(result, "worst_served")
    trips = _planning_layer(result, "corridor_trips")
    later = _later_stations(_planning_layer(result, "stations_by_stage"), stages)
    subs = _wgs84(subs) if isinstance(subs, gpd.GeoDataFrame) and len(subs) else None
    sub_names: dict[str, str] = {}
    if subs is not None and "substation_id" in subs.columns and "name" in subs.columns:
        sub_names = {_text(k): _text(v) for k, v in zip(subs["substation_id"], subs["name"], strict=True)}
    charger_max: float | None = None
    if "chargers" in layers["stations"].columns:
        charger_max = max(
            [
                _max_positive(layers["stations"]["chargers"]),
                *(_max_positive(later[c]) for c in later.columns if str(c).startswith("chargers_")),
            ]
        )

    groups: dict[str, folium.FeatureGroup] = {}
    demand_breaks = _demand_breaks(layers["demand"])
    groups["counties"] = _add_counties(m, layers["counties"])
    groups["demand"] = _add_demand(m, layers["demand"], layers["counties"], demand_breaks)
    groups["heat"] = _add_heat(m, layers["demand"])
    groups["coverage"] = _add_coverage(m, layers["demand"], layers["stations"], scenario)
    if len(worst):
        groups["worst_served"] = _add_worst_served(m, worst, layers["counties"])
    if len(trips):
        groups["corridor_trips"] = _add_corridor_trips(m, trips, stages)
    groups["candidates"] = _add_candidates(m, layers["candidates"])
    groups["piles"] = _add_piles(m, layers["piles"], scenario)
    groups.update(_add_terminals(m, layers["terminals"], layers["stations"], scenario))
    if subs is not None:
        groups["substations"] = _add_substations(m, subs, stages)
    if len(later):
        groups["stations_later"] = _add_later_stations(
            m, later, stages, layers["counties"], charger_max or 0.0
        )
    groups["stations"] = _add_stations(
        m, layers["stations"], scenario, substation_names=sub_names, charger_max=charger_max
    )
    control = folium.LayerControl(collapsed=False)
    control.add_to(m)

    grid = coords.offset_grid(west, south, east, north) if any(p["gcj02"] for p in providers) else None
    m.add_child(_SitingScript(control, groups, providers, grid, language), name="siting_script")
    m.add_child(_Panel(_CSS, _title_html(result)), name="siting_title")
    legend = _legend_html(
        result,
        scenario,
        source,
        demand_breaks,
        uses_osm,
        "substations" in groups,
        layers=set(groups),
        planning_substations=subs is not None and "substation_id" in subs.columns,
        stages=stages,
    )
    m.add_child(_Panel("", legend), name="siting_legend")
    if uses_osm:
        m.add_child(_Attribution(OSM_ATTRIBUTION_HTML), name="siting_osm_attribution")
    m.fit_bounds([[south, west], [north, east]], padding=(10, 10))
    _use_vendored_assets(m, inline=inline_assets)
    _renumber_ids(root)
    return m


def _planning_layer(result: PlanResult, name: str) -> gpd.GeoDataFrame:
    """A planning layer of the result in WGS-84 (empty when the result has none)."""
    gdf = getattr(result, name, None)
    if not isinstance(gdf, gpd.GeoDataFrame) or not len(gdf):
        return gpd.GeoDataFrame({"id": []}, geometry=[], crs="EPSG:4326")
    return _wgs84(gdf)


def _stage_names(result: PlanResult) -> list[str]:
    """Names of the rollout stages, first stage first ([] for a base-model plan).

    From ``kpis_by_stage``, else from the per-stage columns of the planning layers.
    """
    table = getattr(result, "kpis_by_stage", None)
    if isinstance(table, pd.DataFrame) and "stage" in table.columns and len(table):
        return [_text(v) for v in table["stage"]]
    for name, prefix in (
        ("stations_by_stage", "chargers_"),
        ("substations", "headroom_used_"),
        ("corridor_trips", "covered_"),
    ):
        gdf = getattr(result, name, None)
        if isinstance(gdf, pd.DataFrame):
            found = [str(c)[len(prefix) :] for c in gdf.columns if str(c).startswith(prefix)]
            if found:
                return found
    return []


def _tile_providers(tiles: str | Sequence[str] | None, tianditu_key: str | None) -> list[dict[str, Any]]:
    """Resolve the ``tiles`` argument to provider dicts (with ``key``, names, URLs)."""
    if tiles is None:
        return []
    names = [tiles] if isinstance(tiles, str) else list(tiles)
    if tianditu_key and "tianditu" not in names:
        names.append("tianditu")
    out: list[dict[str, Any]] = []
    for raw in names:
        name = "osm" if raw.lower() in ("openstreetmap", "osm") else raw
        if name in TILE_PROVIDERS:
            provider = dict(TILE_PROVIDERS[name], key=name)
            if name == "tianditu":
                if not tianditu_key:
                    raise ValueError("the Tianditu base layer needs a key (tianditu_key or TIANDITU_KEY)")
                provider["urls"] = [u.replace("{key}", tianditu_key) for u in provider["urls"]]
            out.append(provider)
        elif "{x}" in name and "{y}" in name and "{z}" in name:
            out.append(
                {
                    "key": "custom",
                    "zh": "自定义底图",
                    "en": "Custom tiles",
                    "urls": [name],
                    "attribution": "",
                    "max_zoom": 19,
                    "gcj02": False,
                }
            )
        else:
            known = ", ".join(TILE_PROVIDERS)
            raise ValueError(f"unknown tile provider {raw!r}: use one of {known} or a URL template")
    return out


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
    A map built with ``inline_assets=False`` also gets the folder ``siting-assets/`` (Leaflet and
    plugins, with their licences) beside the file.

    Save a map once, freshly built: folium (0.20) appends another ``addTo`` statement per layer
    each time a map is rendered, so a map already shown in a notebook saves with duplicate
    (harmless, but not byte-identical) statements.
    """
    target = Path(path)
    if getattr(m, "_siting_assets_beside", False):
        _copy_assets(target.parent / ASSETS_FOLDER_NAME)
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
def _copy_assets(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    for src in sorted(ASSETS_DIR.rglob("*")):
        if src.is_file() and src.suffix in (".js", ".css", ".png", ".txt"):
            dest = folder / src.relative_to(ASSETS_DIR)
            dest.parent.mkdir(exist_ok=True)
            shutil.copyfile(src, dest)


def _asset_text(name: str) -> str:
    """A vendored file as text for inlining: source-map comments dropped, CSS images as data URIs."""
    text = (ASSETS_DIR / name).read_text(encoding="utf-8")
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M)
    if name.endswith(".css"):

        def data_uri(match: re.Match[str]) -> str:
            image = ASSETS_DIR / match.group(1)
            if not image.is_file():
                return "none"  # an image we do not ship (e.g. marker shadow): drawn without it
            return "url(data:image/png;base64," + base64.b64encode(image.read_bytes()).decode("ascii") + ")"

        text = re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, text)
    return text


class _Assets(Element):
    """Leaflet and plugins in the page header: inlined, or linked from ``siting-assets/``."""

    def __init__(self, *, inline: bool) -> None:
        super().__init__()
        self._name = "SitingAssets"
        parts: list[str] = []
        for name, kind in _ASSETS:
            if inline:
                body = _asset_text(name)
                # "</" cannot occur in the vendored files' code paths we inline; guard anyway
                body = body.replace("</script", "<\\/script").replace("</style", "<\\/style")
                parts.append(f"<style>{body}</style>" if kind == "css" else f"<script>{body}</script>")
            elif kind == "css":
                parts.append(f'<link rel="stylesheet" href="{ASSETS_FOLDER_NAME}/{name}"/>')
            else:
                parts.append(f'<script src="{ASSETS_FOLDER_NAME}/{name}"></script>')
        self.html = "\n".join(parts)

    def render(self, **kwargs: Any) -> str:
        """The tags, verbatim (no template: the libraries contain braces)."""
        return self.html


def _use_vendored_assets(m: folium.Map, *, inline: bool) -> None:
    """Drop folium's CDN links from every element and put the vendored files in the header."""
    seen: set[int] = set()

    def visit(el: Element) -> None:
        if id(el) in seen:
            return
        seen.add(id(el))
        if hasattr(el, "default_js"):
            el.default_js = []
            el.default_css = []  # type: ignore[attr-defined]
        for child in el._children.values():
            visit(child)

    visit(m)
    root = cast(Figure, m.get_root())
    root.header.add_child(_Assets(inline=inline), name="siting_assets", index=0)
    m._siting_assets_beside = not inline  # type: ignore[attr-defined]


class _SitingScript(MacroElement):
    """Layer registry, language switch, base layers and the GCJ-02 shift (``window.sitingMap``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }}, control = {{ this.control.get_name() }};
            var layers = { {%- for key, group in this.groups.items() %}
                {{ key | tojson }}: {{ group.get_name() }},{% endfor %} };
            var providers = {{ this.providers_js }}, grid = {{ this.grid_js }};
            function setLang(lang) {
                document.body.classList.remove("siting-lang-zh", "siting-lang-en");
                document.body.classList.add("siting-lang-" + lang);
                document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
                var links = document.querySelectorAll(".siting-lang a");
                for (var i = 0; i < links.length; i++) {
                    links[i].classList.toggle("active", links[i].getAttribute("data-lang") === lang);
                }
                state.lang = lang;
            }
            var Switch = L.Control.extend({
                options: {position: "topleft"},
                onAdd: function () {
                    var div = L.DomUtil.create("div", "siting-lang leaflet-bar");
                    div.innerHTML =
                        '<a href="#" role="button" data-lang="zh" lang="zh-CN" title="中文">中文</a>' +
                        '<a href="#" role="button" data-lang="en" lang="en" title="English">English</a>';
                    L.DomEvent.disableClickPropagation(div);
                    var links = div.querySelectorAll("a");
                    for (var i = 0; i < links.length; i++) {
                        L.DomEvent.on(links[i], "click", function (ev) {
                            L.DomEvent.preventDefault(ev);
                            setLang(this.getAttribute("data-lang"));
                        });
                    }
                    return div;
                }
            });
            new Switch().addTo(map);
            function offset(lat, lng) {
                if (!grid) { return [0, 0]; }
                var nx = grid.dlon[0].length, ny = grid.dlon.length;
                var fx = Math.min(Math.max((lng - grid.lon0) / grid.step, 0), nx - 1.000001);
                var fy = Math.min(Math.max((lat - grid.lat0) / grid.step, 0), ny - 1.000001);
                var j = Math.floor(fx), i = Math.floor(fy), tx = fx - j, ty = fy - i;
                function bl(r) {
                    var top = r[i][j] * (1 - tx) + r[i][j + 1] * tx;
                    var bottom = r[i + 1][j] * (1 - tx) + r[i + 1][j + 1] * tx;
                    return top * (1 - ty) + bottom * ty;
                }
                return [bl(grid.dlat), bl(grid.dlon)];
            }
            function moved(ll, on) {
                if (!on) { return L.latLng(ll.lat, ll.lng); }
                var d = offset(ll.lat, ll.lng);
                return L.latLng(ll.lat + d[0], ll.lng + d[1]);
            }
            function movedAll(a, on) {
                return Array.isArray(a) ? a.map(function (x) { return movedAll(x, on); }) : moved(a, on);
            }
            function shift(layer, on) {
                if (L.HeatLayer && layer instanceof L.HeatLayer) {
                    if (!layer._sitingWgs) { layer._sitingWgs = layer._latlngs.slice(); }
                    layer.setLatLngs(layer._sitingWgs.map(function (p) {
                        var q = moved(L.latLng(p[0], p[1]), on);
                        return [q.lat, q.lng, p[2]];
                    }));
                } else if (layer.setLatLngs && layer.getLatLngs) {
                    if (!layer._sitingWgs) { layer._sitingWgs = layer.getLatLngs(); }
                    layer.setLatLngs(movedAll(layer._sitingWgs, on));
                } else if (layer.setLatLng && layer.getLatLng) {
                    if (!layer._sitingWgs) { layer._sitingWgs = layer.getLatLng(); }
                    layer.setLatLng(moved(layer._sitingWgs, on));
                } else if (layer.eachLayer) {
                    layer.eachLayer(function (child) { shift(child, on); });
                }
            }
            var state = {lang: null, gcj02: false};
            function setGcj02(on) {
                if (on === state.gcj02) { return; }
                state.gcj02 = on;
                for (var key in layers) { shift(layers[key], on); }
            }
            var bases = {};
            providers.forEach(function (p, k) {
                var opts = {attribution: p.attribution, maxZoom: p.max_zoom};
                if (p.subdomains) { opts.subdomains = p.subdomains; }
                var tiles = p.urls.map(function (u) { return L.tileLayer(u, opts); });
                var base = tiles.length === 1 ? tiles[0] : L.layerGroup(tiles);
                base.options.sitingGcj02 = p.gcj02;
                var label = '<span class="l-zh">' + p.zh + '</span><span class="l-en">' + p.en + '</span>';
                control.addBaseLayer(base, label);
                bases[p.key] = base;
                if (k === 0) { base.addTo(map); }
            });
            if (providers.length) {
                var none = L.layerGroup();
                none.options.sitingGcj02 = false;
                control.addBaseLayer(
                    none, '<span class="l-zh">无底图</span><span class="l-en">No background</span>');
                bases.none = none;
                setGcj02(!!providers[0].gcj02);
            }
            map.on("baselayerchange", function (e) { setGcj02(!!e.layer.options.sitingGcj02); });
            setLang({{ this.language | tojson }});
            window.sitingMap = {map: map, control: control, layers: layers, bases: bases,
                setLang: setLang, setGcj02: setGcj02, offset: offset, state: state};
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        control: folium.LayerControl,
        groups: dict[str, folium.FeatureGroup],
        providers: list[dict[str, Any]],
        grid: coords.OffsetGrid | None,
        language: str,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "SitingScript"
        self.control = control
        self.groups = groups
        self.providers_js = _js_literal(
            [
                {k: p[k] for k in ("key", "zh", "en", "urls", "attribution", "max_zoom", "gcj02")}
                | ({"subdomains": p["subdomains"]} if "subdomains" in p else {})
                for p in providers
            ]
        )
        self.grid_js = _js_literal(grid.to_json() if grid is not None else None)
        self.language = language


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
        var mk, st = S[r[2]];
        if (__DIV__ || st.square) {
            var d = 2 * r[3];
            mk = L.marker([r[0], r[1]], {icon: L.divIcon({className: "siting-dot-icon",
                html: '<div class="siting-dot' + (st.square ? ' siting-sq' : '') +
                    '" style="background:' + st.fillColor + '"></div>',
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
    cluster: bool = False,
) -> None:
    """Add point rows to a layer, clustered with ``cluster`` or above :data:`CLUSTER_MIN_SITES` rows."""
    if not rows:
        return
    if cluster or (clusterable and len(rows) > CLUSTER_MIN_SITES):
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
def _add_stations(
    m: folium.Map,
    gdf: gpd.GeoDataFrame,
    scenario: dict[str, Any],
    *,
    substation_names: dict[str, str] | None = None,
    charger_max: float | None = None,
) -> folium.FeatureGroup:
    """Stations layer; sized by ``chargers`` when the column is present (see :func:`_charger_radius`).

    ``substation_names`` (id → name) names the substation in the popup; ``charger_max`` is the number
    of chargers drawn at the largest size (default: the most chargers of a station in ``gdf``).
    """
    fast = _fmt_threshold(scenario.get("fast_minutes"))
    group = _layer(m, _bi("充电站", "Charging stations") + f" ({len(gdf)})", show=True)
    ev = pd.to_numeric(gdf.get("fast_ev_covered", pd.Series(dtype=float)), errors="coerce")
    ev_max = float(ev.max()) if len(ev) and np.isfinite(ev.max()) and ev.max() > 0 else 0.0
    sized = "chargers" in gdf.columns
    if sized and charger_max is None:
        charger_max = _max_positive(gdf["chargers"])
    extra = _station_planning_fields(gdf.columns, scenario, substation_names or {})
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
        radius = (
            _charger_radius(_num(rec.get("chargers")), charger_max or 0.0)
            if sized
            else _station_radius(_num(rec.get("fast_ev_covered")), ev_max)
        )
        rows.append(
            [
                lat,
                lon,
                style,
                radius,
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
                *(texts.ref(value(rec)) if shared else value(rec) for _zh, _en, value, shared in extra),
            ]
        )
    planning_rows = "".join(
        _row(zh, en, f"{{@{11 + k}}}" if shared else f"{{{11 + k}}}")
        for k, (zh, en, _value, shared) in enumerate(extra)
    )
    popup = (
        '<div class="siting-popup siting-station"><div class="hd">{0}</div>'
        '<div class="id">{1} · {@2}</div>'
        '<div class="why"><span class="l-zh">选址理由:{@3}</span>'
        '<span class="l-en">Why here: {@4}</span></div>'
        "<table>"
        + _row(f"{fast} 分钟内快充覆盖电动车", f"EVs within {fast} min drive", "{5}")
        + _row("仅此站覆盖的电动车", "EVs only this station covers", "{6}")
        + _row("平均到达时间(分钟)", "Mean access time (min)", "{7}")
        + _row("覆盖客运站", "Terminals covered", "{8}")
        + _row("区县", "County", "{@9}")
        + _row("已有 / 锁定", "Existing / locked", "{@10}")
        + planning_rows
        + "</table></div>"
    )
    tooltip = _bi("充电站", "Station") + ": {0} ({@2})"
    _add_point_rows(group, rows, styles=_STATION_STYLES, texts=texts, popup=popup, tooltip=tooltip)
    return group


#: A popup row of the planning model: Chinese and English label, value of a row (escaped HTML) and
#: whether the value repeats often (then it is stored once in the layer's texts).
_PopupField = tuple[str, str, Callable[[dict[str, Any]], str], bool]


def _station_planning_fields(
    columns: Iterable[Any], scenario: dict[str, Any], substation_names: dict[str, str]
) -> list[_PopupField]:
    """Popup rows for the planning columns of ``stations`` that are present (sizing, grid, corridors)."""
    cols = {str(c) for c in columns}
    wait = _fmt_threshold(scenario.get("max_wait_min"))
    fields: list[_PopupField] = []

    def chargers(r: dict[str, Any]) -> str:
        power = r.get("power_kw")
        return _fmt_num(r.get("chargers")) + (f" / {_fmt_num(power)} kW" if _present(power) else "")

    def substation(r: dict[str, Any]) -> str:
        sid = _text(r.get("substation_id"))
        if not sid:
            return "—"
        name = substation_names.get(sid, "")
        label = f"{_esc(name)} ({_esc(sid)})" if name and name != sid else _esc(sid)
        dist = _num(r.get("grid_distance_m")) if _present(r.get("grid_distance_m")) else math.nan
        return label + (f", {dist / 1000:.1f} km" if math.isfinite(dist) else "")

    def corridor(r: dict[str, Any]) -> str:
        trips, critical = int(_num(r.get("corridor_trips"))), int(_num(r.get("corridor_trips_critical")))
        flow = _fmt_num(r.get("corridor_flow_critical_per_day"))
        if critical:
            return _bi(
                f"关键:{critical} 条城际线路仅靠本站(每日 {flow} 车次)",
                f"critical for {critical} intercity trip(s) ({flow} EV trips/day)",
            )
        if trips:
            return _bi(f"位于 {trips} 条城际线路上", f"on the route of {trips} intercity trip(s)")
        return _bi("不在城际线路上", "on no intercity route")

    if "chargers" in cols:
        fields.append(("快充桩 / 功率", "Chargers / power", chargers, False))
    if "peak_sessions_per_h" in cols:
        fields.append(
            (
                "高峰每小时充电次数",
                "Peak-hour sessions per hour",
                lambda r: _fmt_num(r.get("peak_sessions_per_h"), 1),
                False,
            )
        )
    if "utilisation" in cols:
        fields.append(("高峰利用率", "Peak utilisation", lambda r: _fmt_pct(r.get("utilisation")), False))
    if "wait_probability" in cols:
        fields.append(
            (
                f"等待超过 {wait} 分钟的概率",
                f"P(wait &gt; {wait} min)",
                lambda r: _fmt_pct(r.get("wait_probability")),
                False,
            )
        )
    if "expected_wait_min" in cols:
        fields.append(
            ("平均等待(分钟)", "Mean wait (min)", lambda r: _fmt_num(r.get("expected_wait_min"), 1), False)
        )
    if "substation_id" in cols:
        fields.append(("接入变电站 / 距离", "Substation / distance", substation, True))
    if "corridor_trips" in cols:
        fields.append(("城际线路", "Intercity corridors", corridor, True))
    if "rural" in cols:
        fields.append(("农村站点", "Rural site", lambda r: _yes_no(_truthy(r.get("rural"))), True))
    return fields


def _add_piles(m: folium.Map, gdf: gpd.GeoDataFrame, scenario: dict[str, Any]) -> folium.FeatureGroup:
    total = int(pd.to_numeric(gdf["piles"], errors="coerce").fillna(0).sum()) if len(gdf) else 0
    walk = _fmt_threshold(scenario.get("walk_m"))
    name = (
        _bi("充电桩", "Charging piles")
        + " ("
        + _bi(f"{len(gdf)} 处, {total} 桩", f"{len(gdf)} sites, {total} piles")
        + ")"
    )
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
        '<div class="why"><span class="l-zh">选址理由:{@2}</span>'
        '<span class="l-en">Why here: {@3}</span></div>'
        "<table>"
        + _row("充电桩 / 可容纳", "Piles / capacity", "{4} / {5}")
        + _row(f"步行 {walk} 米内服务电动车", f"EVs served within {walk} m walk", "{6}")
        + _row("区县", "County", "{@7}")
        + "</table></div>"
    )
    tooltip = _bi("充电桩", "Piles") + ": {0} ({4})"
    _add_point_rows(
        group, rows, styles={"pile": _PILE_STYLE}, texts=texts, popup=popup, tooltip=tooltip, cluster=True
    )
    return group


def _add_terminals(
    m: folium.Map, gdf: gpd.GeoDataFrame, stations: gpd.GeoDataFrame, scenario: dict[str, Any]
) -> dict[str, folium.FeatureGroup]:
    radius = _fmt_threshold(scenario.get("terminal_radius_m"))
    station_names = {
        str(k): str(v)
        for k, v in zip(stations.get("site_id", []), stations.get("name", []), strict=False)
        if _present(k)
    }
    covered_mask = [_truthy(v) for v in gdf.get("covered", pd.Series(dtype=bool))]
    groups: dict[str, folium.FeatureGroup] = {}
    for covered in (True, False):
        subset = gdf[[c is covered for c in covered_mask]] if len(gdf) else gdf
        label = (
            _bi("已覆盖客运站", "Terminals covered")
            if covered
            else _bi("未覆盖客运站", "Terminals not covered")
        ) + f" ({len(subset)})"
        group = _layer(m, label, show=True)
        groups["terminals_covered" if covered else "terminals_uncovered"] = group
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
            _bi(f"已覆盖:{radius} 米内有充电站", f"Covered: a station within {radius} m by road")
            if covered
            else _bi(f"未覆盖:{radius} 米内无充电站", f"Not covered: no station within {radius} m by road")
        )
        popup = (
            '<div class="siting-popup siting-terminal"><div class="hd">{0}</div>'
            '<div class="id">{1} · {2}</div>'
            f'<div class="why">{state}</div><table>'
            + _row("最近充电站", "Nearest station", "{3}")
            + _row("道路距离(米)", "Road distance (m)", "{4}")
            + "</table></div>"
        )
        tip = (
            _bi("客运站", "Terminal")
            + ": {0} · "
            + (_bi("已覆盖", "covered") if covered else _bi("未覆盖", "not covered"))
        )
        _add_point_rows(group, rows, styles=_TERMINAL_STYLES, texts=texts, popup=popup, tooltip=tip)
    return groups


def _add_candidates(m: folium.Map, gdf: gpd.GeoDataFrame) -> folium.FeatureGroup:
    group = _layer(m, _bi("候选站点", "Candidate sites") + f" ({len(gdf)})", show=False)
    texts = _Texts()
    opened = texts.ref(_bi("已选", "opened"))
    not_opened = texts.ref(_bi("未选", "not opened"))
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
        tooltip=_bi("候选站点", "Candidate") + ": {0} ({1}) · {@2}",
        clusterable=False,
    )
    return group


def _add_demand(
    m: folium.Map,
    gdf: gpd.GeoDataFrame,
    counties: gpd.GeoDataFrame,
    breaks: list[float],
) -> folium.FeatureGroup:
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
                    "cov": "✔" if covered else "✘",
                    "t": _fmt_num(rec.get("access_time_min"), 1),
                },
                "geometry": _round_coords(mapping(geom)),
            }
        )
    group = _layer(m, _bi("需求区", "Demand zones") + f" ({len(features)})", show=True)
    _styled_geojson(
        group,
        features,
        styles,
        popup=[
            ("id", _bi("需求区", "Zone")),
            ("county", _bi("区县", "County")),
            ("pop", _bi("人口", "Population")),
            ("ev", _bi("快充需求电动车", "EVs (fast charging)")),
            ("cov", _bi("快充已覆盖", "Covered (fast)")),
            ("t", _bi("到达时间(分钟)", "Access time (min)")),
        ],
        tooltip=[("ev", _bi("电动车", "EVs")), ("cov", _bi("覆盖", "Covered"))],
        class_name="siting-zone-popup",
    )
    return group


def _styled_geojson(
    group: folium.FeatureGroup,
    features: list[dict[str, Any]],
    styles: Any,
    *,
    popup: list[tuple[str, str]],
    tooltip: list[tuple[str, str]],
    class_name: str,
) -> None:
    """Add ``features`` to ``group`` as one GeoJSON layer styled per feature id, with popup and tooltip."""
    if not features:
        return

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        return dict(styles[int(feature["id"])])

    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=style,
        control=False,
        popup=folium.GeoJsonPopup(
            fields=[f for f, _ in popup], aliases=[a for _, a in popup], class_name=class_name
        ),
        tooltip=folium.GeoJsonTooltip(
            fields=[f for f, _ in tooltip], aliases=[a for _, a in tooltip], sticky=False
        ),
    ).add_to(group)


def _add_heat(m: folium.Map, demand: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Heat map of fast-charging EV demand at zone centres (Leaflet.heat)."""
    ev = pd.to_numeric(demand.get("fast_demand_ev", pd.Series(dtype=float)), errors="coerce").fillna(0)
    points: list[list[float]] = []
    if len(demand):
        centres = demand.geometry.representative_point()
        for pt, w in zip(centres, ev.to_numpy(dtype=float), strict=True):
            if w > 0 and pt is not None and not pt.is_empty:
                points.append([round(pt.y, COORD_DECIMALS), round(pt.x, COORD_DECIMALS), round(float(w), 2)])
    group = _layer(m, _bi("需求热力", "Demand heat") + f" ({len(points)})", show=False)
    if points:
        # overlapping zones add up: scale to a few strong zones so that only hot spots saturate
        peak = 4.0 * float(np.quantile([p[2] for p in points], 0.95)) or 1.0
        group.add_child(_Heat(points, {"radius": 14, "blur": 14, "minOpacity": 0.1, "max": round(peak, 2)}))
    return group


class _Heat(MacroElement):
    """A Leaflet.heat layer in the parent group."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.heatLayer({{ this.points_js }}, {{ this.options_js }}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self, points: list[list[float]], options: dict[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "SitingHeat"
        self.points_js = _js_literal(points)
        self.options_js = _js_literal(options)


def _coverage_areas(demand: gpd.GeoDataFrame, stations: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Covered demand zones merged per nearest open station (straight line); see module docstring."""
    columns = ["station", "zones", "ev", "geometry"]
    if not len(demand) or not len(stations) or "fast_covered" not in demand:
        return gpd.GeoDataFrame(columns=columns, geometry="geometry", crs="EPSG:4326")
    covered = demand[[_truthy(v) for v in demand["fast_covered"]]]
    covered = covered[~covered.geometry.is_empty & covered.geometry.notna()]
    if not len(covered):
        return gpd.GeoDataFrame(columns=columns, geometry="geometry", crs="EPSG:4326")
    st = stations.geometry.representative_point()
    zc = covered.geometry.representative_point()
    scale = math.cos(math.radians(float(np.nanmean(st.y.to_numpy())) if len(st) else 30.0))
    sx, sy = st.x.to_numpy() * scale, st.y.to_numpy()
    zx, zy = zc.x.to_numpy() * scale, zc.y.to_numpy()
    nearest = np.argmin((zx[:, None] - sx[None, :]) ** 2 + (zy[:, None] - sy[None, :]) ** 2, axis=1)
    ev = pd.to_numeric(covered.get("fast_demand_ev", 0), errors="coerce").fillna(0).to_numpy(dtype=float)
    names = [
        _text(n) or _text(i)
        for n, i in zip(
            stations.get("name", [None] * len(stations)),
            stations.get("site_id", [None] * len(stations)),
            strict=True,
        )
    ]
    rows = []
    geoms = covered.geometry.to_numpy()
    for k in np.unique(nearest):
        sel = nearest == k
        rows.append(
            {
                "station": names[int(k)],
                "zones": int(sel.sum()),
                "ev": float(ev[sel].sum()),
                "geometry": shapely.union_all(geoms[sel]),
            }
        )
    return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")


def _add_coverage(
    m: folium.Map, demand: gpd.GeoDataFrame, stations: gpd.GeoDataFrame, scenario: dict[str, Any]
) -> folium.FeatureGroup:
    fast = _fmt_threshold(scenario.get("fast_minutes"))
    areas = _coverage_areas(demand, stations)
    group = _layer(m, _bi("覆盖范围", "Coverage areas") + f" ({len(areas)})", show=False)
    features = [
        {
            "type": "Feature",
            "properties": {"st": _esc(r["station"]), "n": _fmt_num(r["zones"]), "ev": _fmt_num(r["ev"])},
            "geometry": _round_coords(mapping(r["geometry"])),
        }
        for r in _records(areas)
        if r["geometry"] is not None and not r["geometry"].is_empty
    ]
    if features:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            style_function=lambda _f: _COVERAGE_STYLE,
            control=False,
            tooltip=folium.GeoJsonTooltip(
                fields=["st", "n", "ev"],
                aliases=[
                    _bi("充电站", "Station"),
                    _bi("需求区数", "Zones"),
                    _bi(f"{fast} 分钟内电动车", f"EVs within {fast} min"),
                ],
                sticky=False,
            ),
        ).add_to(group)
    return group


def _add_substations(m: folium.Map, gdf: gpd.GeoDataFrame, stages: Sequence[str] = ()) -> folium.FeatureGroup:
    """Substations: the planning table (``substation_id``, load per stage) or plain OSM features."""
    if "substation_id" in gdf.columns:
        return _add_planning_substations(m, gdf, stages)
    group = _layer(m, _bi("变电站", "Substations") + f" ({len(gdf)})", show=True)
    rows: list[list[Any]] = []
    texts = _Texts()
    for rec in _records(gdf):
        lat, lon = _latlon(rec)
        if lat is None:
            continue
        rows.append(
            [
                lat,
                lon,
                "substation",
                5,
                _esc(rec.get("name")) or _esc(rec.get("osm_id")) or "—",
                _esc(rec.get("voltage")) or "—",
            ]
        )
    _add_point_rows(
        group,
        rows,
        styles={"substation": _SUBSTATION_STYLE},
        texts=texts,
        popup=None,
        tooltip=_bi("变电站", "Substation") + ": {0} ({1} V)",
        clusterable=False,
    )
    return group


def _headroom_class(used: float) -> int:
    """Index into :data:`_HEADROOM_CLASSES` of a headroom share used (0 and missing: "no station")."""
    if not math.isfinite(used) or used <= 0:
        return 0
    for k, (upper, *_rest) in enumerate(_HEADROOM_CLASSES[1:], start=1):
        if used < upper:
            return k
    return len(_HEADROOM_CLASSES) - 1


def _add_planning_substations(
    m: folium.Map, gdf: gpd.GeoDataFrame, stages: Sequence[str]
) -> folium.FeatureGroup:
    """Substations of the grid-headroom family: squares coloured by the headroom used in the first stage."""
    stages = [st for st in stages if f"headroom_used_{st}" in gdf.columns]
    group = _layer(m, _bi("变电站", "Substations") + f" ({len(gdf)})", show=True)
    styles = {f"h{k}": dict(_SUBSTATION_MARKER, fillColor=c[1]) for k, c in enumerate(_HEADROOM_CLASSES)}
    texts = _Texts()
    rows: list[list[Any]] = []
    for rec in _records(gdf):
        lat, lon = _latlon(rec)
        if lat is None:
            continue
        used = _num(rec.get(f"headroom_used_{stages[0]}")) if stages else 0.0
        per_stage: list[str] = []
        for st in stages:
            per_stage += [
                _fmt_num(rec.get(f"load_kw_{st}")),
                _fmt_pct(rec.get(f"headroom_used_{st}")),
                _fmt_num(rec.get(f"stations_{st}")),
            ]
        rows.append(
            [
                lat,
                lon,
                f"h{_headroom_class(used)}",
                _SUBSTATION_SIZE,
                _esc(rec.get("name")) or _esc(rec.get("substation_id")) or "—",  # 0
                _esc(rec.get("substation_id")),  # 1
                texts.ref(
                    f"{_fmt_num(rec.get('voltage_kv'))} kV" if _present(rec.get("voltage_kv")) else "—"
                ),  # 2
                texts.ref(_esc(rec.get("headroom_source")) or "—"),  # 3
                _fmt_num(rec.get("headroom_kw")),  # 4
                _fmt_pct(used) if stages else "—",  # 5
                *per_stage,  # 6 ...
            ]
        )
    stage_rows = "".join(
        f"<tr><th>{_esc(st)}</th>" + "".join(f"<td>{{{6 + 3 * k + j}}}</td>" for j in range(3)) + "</tr>"
        for k, st in enumerate(stages)
    )
    popup = (
        '<div class="siting-popup siting-substation"><div class="hd">{0}</div>'
        '<div class="id">{1} · {@2}</div><table>'
        + _row("可用容量(kW)", "Headroom (kW)", "{4}")
        + _row("容量来源", "Headroom from", "{@3}")
        + "</table>"
        + (
            '<table class="stages"><tr><th></th>'
            f"<th>{_bi('负荷(kW)', 'Load (kW)')}</th><th>{_bi('利用率', 'Used')}</th>"
            f"<th>{_bi('充电站', 'Stations')}</th></tr>" + stage_rows + "</table>"
            if stages
            else ""
        )
        + "</div>"
    )
    first = _esc(stages[0]) if stages else ""
    tooltip = _bi("变电站", "Substation") + ": {0} · " + _bi(f"{first} 利用率", f"{first} used") + " {5}"
    _add_point_rows(group, rows, styles=styles, texts=texts, popup=popup, tooltip=tooltip, clusterable=False)
    return group


def _add_corridor_trips(m: folium.Map, gdf: gpd.GeoDataFrame, stages: Sequence[str]) -> folium.FeatureGroup:
    """Corridor trips as lines: width by daily EV trips, colour by coverage in the first stage."""
    stages = [st for st in stages if f"covered_{st}" in gdf.columns]
    flow = pd.to_numeric(gdf.get("flow_ev_trips_per_day", pd.Series(dtype=float)), errors="coerce")
    flow_max = _max_positive(flow)
    features: list[dict[str, Any]] = []
    styles: dict[int, dict[str, Any]] = {}
    for i, rec in enumerate(_records(gdf)):
        geom = rec.get("geometry")
        if geom is None or geom.is_empty:
            continue
        f = _num(rec.get("flow_ev_trips_per_day"))
        covered = _truthy(rec.get(f"covered_{stages[0]}")) if stages else False
        needs = _truthy(rec.get("needs_charging")) if "needs_charging" in gdf.columns else True
        never = "coverable" in gdf.columns and not _truthy(rec.get("coverable"))
        state = "short" if not needs else ("covered" if covered else "uncovered")
        styles[i] = {
            "color": _CORRIDOR_COLOURS[state],
            "weight": round(2.0 + 6.0 * math.sqrt(f / flow_max), 1) if flow_max > 0 else 3.0,
            "opacity": 0.8,
        } | ({"dashArray": "8 6"} if never else {})
        o_zh = _esc(rec.get("origin_zh")) or _esc(rec.get("origin"))
        d_zh = _esc(rec.get("destination_zh")) or _esc(rec.get("destination"))
        o_en = _esc(rec.get("origin")) or o_zh
        d_en = _esc(rec.get("destination")) or d_zh
        features.append(
            {
                "type": "Feature",
                "id": i,
                "properties": {
                    "od": _bi(f"{o_zh} → {d_zh}", f"{o_en} → {d_en}"),
                    "id": _esc(rec.get("trip_id")),
                    "flow": _fmt_num(rec.get("flow_ev_trips_per_day"), 1),
                    "km": _fmt_num(rec.get("length_km"), 1),
                    "need": _yes_no(needs) + (" · " + _bi("无法覆盖", "never coverable") if never else ""),
                    "cov": " · ".join(
                        f"{_esc(st)} " + ("✔" if _truthy(rec.get(f"covered_{st}")) else "✘") for st in stages
                    )
                    or "—",
                },
                "geometry": _round_coords(mapping(shapely.simplify(geom, _CORRIDOR_SIMPLIFY_DEG))),
            }
        )
    # drawn bottom to top: trips needing no charging, possible, not possible (the gaps stay visible
    # where routes share roads); wider lines first within each group
    order = {_CORRIDOR_COLOURS[k]: n for n, k in enumerate(("short", "covered", "uncovered"))}
    features.sort(key=lambda f: (order[styles[f["id"]]["color"]], -styles[f["id"]]["weight"]))
    group = _layer(m, _bi("城际线路", "Intercity trips") + f" ({len(features)})", show=True)
    _styled_geojson(
        group,
        features,
        styles,
        popup=[
            ("od", _bi("线路", "Trip")),
            ("id", _bi("编号", "Id")),
            ("flow", _bi("每日电动车出行", "EV trips per day")),
            ("km", _bi("里程(公里)", "Length (km)")),
            ("need", _bi("需途中充电", "Needs charging")),
            ("cov", _bi("可完成(各阶段)", "Possible, by stage")),
        ],
        tooltip=[("od", _bi("线路", "Trip")), ("flow", _bi("每日车次", "Trips/day"))],
        class_name="siting-corridor-popup",
    )
    return group


def _later_stations(sbs: gpd.GeoDataFrame | None, stages: Sequence[str]) -> gpd.GeoDataFrame:
    """Rows of ``stations_by_stage`` opened after the first stage (empty when there are none)."""
    if not isinstance(sbs, gpd.GeoDataFrame) or not len(sbs) or "opened_in" not in sbs.columns:
        return gpd.GeoDataFrame({"site_id": []}, geometry=[], crs="EPSG:4326")
    opened = sbs["opened_in"].astype(str)
    first = stages[0] if stages else sorted(opened.unique())[0]
    return _wgs84(sbs[(opened != str(first)).to_numpy()])


def _add_later_stations(
    m: folium.Map,
    gdf: gpd.GeoDataFrame,
    stages: Sequence[str],
    counties: gpd.GeoDataFrame,
    charger_max: float,
) -> folium.FeatureGroup:
    """Sites opened in a later stage: hollow dashed circles sized by their chargers in the last stage."""
    stages = [st for st in stages if f"chargers_{st}" in gdf.columns]
    county_names = _county_names(counties)
    group = _layer(m, _bi("后期新建充电站", "Stations opened later") + f" ({len(gdf)})", show=False)
    texts = _Texts()
    rows: list[list[Any]] = []
    for rec in _records(gdf):
        lat, lon = _latlon(rec)
        if lat is None:
            continue
        last = _num(rec.get(f"chargers_{stages[-1]}")) if stages else 0.0
        cid = rec.get("county_id")
        rows.append(
            [
                lat,
                lon,
                "later",
                _charger_radius(last, charger_max) if stages else float(_STATION_RADIUS),
                _esc(rec.get("name")) or _esc(rec.get("site_id")),  # 0
                _esc(rec.get("site_id")),  # 1
                texts.ref(_esc(rec.get("opened_in")) or "—"),  # 2
                texts.ref(_esc(county_names.get(str(cid), cid)) or "—"),  # 3
                *(_fmt_num(rec.get(f"chargers_{st}")) for st in stages),  # 4 ...
            ]
        )
    popup = (
        '<div class="siting-popup siting-later"><div class="hd">{0}</div>'
        '<div class="id">{1} · '
        + _bi("{@2} 年新建", "opened in {@2}")
        + "</div><table>"
        + _row("区县", "County", "{@3}")
        + "".join(
            _row(f"{_esc(st)} 快充桩", f"Chargers {_esc(st)}", f"{{{4 + k}}}") for k, st in enumerate(stages)
        )
        + "</table></div>"
    )
    tooltip = _bi("后期新建", "Opened later") + ": {0} ({@2})"
    _add_point_rows(group, rows, styles={"later": _LATER_STYLE}, texts=texts, popup=popup, tooltip=tooltip)
    return group


def _add_worst_served(
    m: folium.Map, gdf: gpd.GeoDataFrame, counties: gpd.GeoDataFrame
) -> folium.FeatureGroup:
    """The worst-served demand zones, outlined, with their rank and the EVs left without fast charging."""
    county_names = _county_names(counties)
    features: list[dict[str, Any]] = []
    for rec in _records(gdf):
        geom = rec.get("geometry")
        if geom is None or geom.is_empty:
            continue
        cid = rec.get("county_id")
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "rank": _fmt_num(rec.get("rank")),
                    "id": _esc(rec.get("demand_id")),
                    "county": _esc(county_names.get(str(cid), cid)) or "—",
                    "pop": _fmt_num(rec.get("population")),
                    "ev": _fmt_num(rec.get("fast_demand_ev"), 1),
                    "un": _fmt_num(rec.get("fast_ev_unserved"), 1),
                    "t": _fmt_num(rec.get("access_time_min"), 1),
                },
                "geometry": _round_coords(mapping(geom)),
            }
        )
    group = _layer(m, _bi("服务最差区域", "Worst-served zones") + f" ({len(features)})", show=False)
    if not features:
        return group
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda _f: _WORST_STYLE,
        control=False,
        popup=folium.GeoJsonPopup(
            fields=["rank", "id", "county", "pop", "ev", "un", "t"],
            aliases=[
                _bi("排名", "Rank"),
                _bi("需求区", "Zone"),
                _bi("区县", "County"),
                _bi("人口", "Population"),
                _bi("快充需求电动车", "EVs (fast charging)"),
                _bi("未获快充服务", "EVs not served"),
                _bi("到达时间(分钟)", "Access time (min)"),
            ],
            class_name="siting-worst-popup",
        ),
        tooltip=folium.GeoJsonTooltip(
            fields=["rank", "un"],
            aliases=[_bi("排名", "Rank"), _bi("未获服务电动车", "EVs not served")],
            sticky=False,
        ),
    ).add_to(group)
    return group


def _charger_radius(chargers: float, charger_max: float) -> float:
    """Marker radius (px) of a sized station: 14 * sqrt(chargers / charger_max), at least 3.

    The radius is proportional to the square root of the chargers, so the dot's area is proportional
    to the chargers; the station with ``charger_max`` chargers gets 14 px.
    """
    if charger_max <= 0:
        return float(_STATION_RADIUS)
    return round(max(3.0, 14.0 * math.sqrt(max(chargers, 0.0) / charger_max)), 1)


def _station_radius(ev: float, ev_max: float) -> float:
    """Marker radius (px) of a station: 5 to 14, growing with the square root of the EVs covered."""
    if ev_max <= 0:
        return float(_STATION_RADIUS)
    return round(5.0 + 9.0 * math.sqrt(max(ev, 0.0) / ev_max), 1)


def _bi(zh: str, en: str) -> str:
    """Bilingual HTML label; the language switch hides one of the two spans."""
    return f'<span class="l-zh">{zh}</span><span class="l-en">{en}</span>'


def _row(zh: str, en: str, value: str) -> str:
    """A popup table row with a bilingual label."""
    return f"<tr><th>{_bi(zh, en)}</th><td>{value}</td></tr>"


def _add_counties(m: folium.Map, gdf: gpd.GeoDataFrame) -> folium.FeatureGroup:
    group = _layer(m, _bi("区县边界", "County boundaries") + f" ({len(gdf)})", show=True)
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
        labels.append((round(pt.y, COORD_DECIMALS), round(pt.x, COORD_DECIMALS), _bi(zh, en)))
    if not features:
        return group
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda _f: _COUNTY_STYLE,
        control=False,
        tooltip=folium.GeoJsonTooltip(
            fields=["zh", "en", "pop"], aliases=["区县", "County", _bi("人口", "Population")]
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
    return group


# ----------------------------------------------------------------------------------------------
# title and legend
# ----------------------------------------------------------------------------------------------
def _title_html(result: PlanResult) -> str:
    synthetic = bool(result.manifest.get("synthetic")) or (
        (result.manifest.get("data_source") or {}).get("kind") == "synthetic"
    )
    badge = (
        '<div class="siting-synthetic">⚠ '
        + _bi("合成数据演示,并非真实路网", "Synthetic demo data, not the real road network")
        + "</div>"
        if synthetic
        else ""
    )
    zh = html.escape(result.title_zh, quote=False)
    en = html.escape(result.title_en, quote=False)
    return (
        '<div class="siting-panel siting-title" id="siting-title">'
        f'<div class="siting-title-zh l-zh" lang="zh-CN">{zh}</div>'
        f'<div class="siting-title-en l-en" lang="en">{en}</div>'
        f"{badge}</div>"
    )


def _legend_html(
    result: PlanResult,
    scenario: dict[str, Any],
    source: dict[str, Any],
    breaks: list[float],
    uses_osm: bool,
    substations: bool = False,
    *,
    layers: Collection[str] = (),
    planning_substations: bool = False,
    stages: Sequence[str] = (),
) -> str:
    """The legend panel; entries of the planning overlays only for the keys in ``layers``."""
    fast = _fmt_threshold(scenario.get("fast_minutes"))
    radius = _fmt_threshold(scenario.get("terminal_radius_m"))
    first = html.escape(stages[0], quote=False) if stages else ""

    def dot(colour: str, text: str, size: int = 12) -> str:
        return (
            f'<div><span class="dot" style="background:{colour};width:{size}px;height:{size}px">'
            f"</span>{text}</div>"
        )

    def ramp(colours: Sequence[str], text: str) -> str:
        sw = "".join(f'<span class="sw" style="background:{c}"></span>' for c in colours)
        return f"<div>{sw} {text}</div>"

    def sec(zh: str, en: str) -> str:
        return f'<div class="sec">{_bi(zh, en)}</div>'

    if breaks:
        edges = ["0", *(_fmt_num(b, 1) for b in breaks)]
        classes = [f"{a}–{b}" for a, b in pairwise(edges)] + [f"> {edges[-1]}"]
        ev_scale = _bi("电动车", "EVs") + ": " + " | ".join(classes[: len(_COVERED_RAMP)])
    else:
        ev_scale = ""
    label = html.escape(str(source.get("label") or ""), quote=False)
    label_zh = html.escape(str(source.get("label_zh") or ""), quote=False)
    src = _bi(label_zh or label, label or label_zh)
    osm = "<br>© OpenStreetMap contributors (ODbL)" if uses_osm else ""
    n_piles = int(
        pd.to_numeric(result.piles.get("piles", pd.Series(dtype=float)), errors="coerce").fillna(0).sum()
    )

    def line(colour: str, text: str, *, width: int = 4, dashed: bool = False) -> str:
        style = f"border-top:{width}px {'dashed' if dashed else 'solid'} {colour}"
        return f'<div><span class="ln" style="{style}"></span>{text}</div>'

    if "chargers" in result.stations.columns:
        size_note = _bi("点越大快充桩越多(面积与桩数成正比)", "Larger dot = more chargers (area ∝ chargers)")
    else:
        size_note = _bi("点越大覆盖电动车越多", "Larger dot = more EVs covered")
    later = (
        '<div><span class="dot" style="background:#fff;border:2px dashed '
        f'{_LATER_STYLE["color"]};box-shadow:none"></span>'
        + _bi("后期阶段新建(空心)", "Opened in a later stage (hollow)")
        + "</div>"
        if "stations_later" in layers
        else ""
    )
    if planning_substations:
        subs_html = sec(f"变电站({first} 容量利用率)", f"Substations (headroom used, {first})") + "".join(
            f'<div><span class="sq" style="background:{colour};border:1px solid #333"></span>'
            f"{_bi(zh, en)}</div>"
            for _upper, colour, zh, en in _HEADROOM_CLASSES
        )
    else:
        subs_html = ""
    if "corridor_trips" in layers:
        corridors = (
            sec(f"城际线路({first})", f"Intercity trips ({first})")
            + line(_CORRIDOR_COLOURS["covered"], _bi("电动车可完成", "Possible for an EV"))
            + line(_CORRIDOR_COLOURS["uncovered"], _bi("无法完成", "Not possible"))
            + line(_CORRIDOR_COLOURS["short"], _bi("无需途中充电", "No charging needed"))
            + line(
                _CORRIDOR_COLOURS["uncovered"],
                _bi("虚线:任何候选站点都无法完成", "Dashed: impossible with any candidate sites"),
                width=2,
                dashed=True,
            )
            + '<div style="font-size:11px">'
            + _bi("线越粗每日车次越多", "Thicker = more EV trips per day")
            + "</div>"
        )
    else:
        corridors = ""
    worst = (
        '<div><span class="sq" style="background:rgba(103,0,31,0.15);'
        + f'border:2px solid {_WORST_STYLE["color"]}"></span>'
        + _bi("服务最差区域", "Worst-served zones")
        + "</div>"
        if "worst_served" in layers
        else ""
    )
    cov = _COVERAGE_STYLE["fillColor"]
    n_st = len(result.stations)
    counts = _bi(f"{n_st} 座充电站 · {n_piles} 个充电桩", f"{n_st} stations · {n_piles} piles")
    return (
        '<div class="siting-panel siting-legend" id="siting-legend"><details open>'
        f"<summary>{_bi('图例', 'Legend')}</summary>"
        + sec("充电站", "Charging stations")
        + dot(_STATION_STYLES["new"]["fillColor"], _bi("新建", "New"))
        + dot(_STATION_STYLES["existing"]["fillColor"], _bi("已有", "Existing"))
        + dot(_STATION_STYLES["locked"]["fillColor"], _bi("锁定(必选)", "Locked (required)"))
        + later
        + f'<div style="font-size:11px">{size_note}</div>'
        + sec("充电桩", "Charging piles")
        + dot(
            _PILE_STYLE["fillColor"],
            _bi("点越大桩越多;数字为聚合点数", "Larger dot = more piles; numbers = clusters"),
            10,
        )
        + sec(f"客运站({radius} 米)", f"Passenger terminals ({radius} m)")
        + dot(_TERMINAL_STYLES["covered"]["fillColor"], _bi("已覆盖", "Covered"))
        + dot(_TERMINAL_STYLES["uncovered"]["fillColor"], _bi("未覆盖", "Not covered"))
        + sec(f"需求区({fast} 分钟)", f"Demand zones ({fast} min)")
        + ramp(_COVERED_RAMP, _bi("快充已覆盖", "Covered"))
        + ramp(_UNCOVERED_RAMP, _bi("未覆盖", "Not covered"))
        + (f'<div style="font-size:11px">{ev_scale}</div>' if ev_scale else "")
        + subs_html
        + corridors
        + sec("其他", "Other")
        + f'<div><span class="sq" style="background:{cov};opacity:0.5;border:1px solid {cov}"></span>'
        + _bi("覆盖范围(最近站点)", "Coverage area (nearest station)")
        + "</div>"
        + '<div><span class="sq" style="background:linear-gradient(90deg,blue,lime,red)"></span>'
        + _bi("需求热力", "Demand heat")
        + "</div>"
        + worst
        + (
            dot(_SUBSTATION_STYLE["fillColor"], _bi("变电站", "Substation"), 10)
            if substations and not planning_substations
            else ""
        )
        + f'<div><span class="line"></span>{_bi("区县边界", "County boundary")}</div>'
        + dot(_CANDIDATE_STYLE["fillColor"], _bi("候选站点", "Candidate site"), 6)
        + f'<div class="src">{counts}'
        + "<br>"
        + f"{_bi('数据', 'Data')}: {src}{osm}</div>"
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


def _fmt_pct(value: Any) -> str:
    """A share (0.2) as percent ("20%"), "—" when missing or not finite."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "—"
    return f"{100 * v:.0f}%" if math.isfinite(v) else "—"


def _max_positive(values: Iterable[Any]) -> float:
    """Largest finite positive number among ``values`` (0.0 when none)."""
    arr = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").to_numpy(dtype=float)
    arr = arr[np.isfinite(arr) & (arr > 0)]
    return float(arr.max()) if arr.size else 0.0


def _yes_no(flag: bool) -> str:
    return _bi("是", "yes") if flag else _bi("否", "no")


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
