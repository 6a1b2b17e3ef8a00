"""A plan's map, step by step: layers in WGS-84, the overlays, the page around them; and saving it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
from markupsafe import Markup

from siting import _io
from siting.layers import LAYERS
from siting.maps import data as d
from siting.maps import points, zones
from siting.maps.assets import ASSETS_FOLDER_NAME, copy_assets
from siting.maps.legend import legend_html, title_html
from siting.maps.page import check_language, finish_map, new_map, page_css
from siting.maps.tiles import DEFAULT_TILES, tile_providers
from siting.render.format import bi
from siting.results import PlanResult

__all__ = [
    "DECISION_LAYER_KEYS",
    "HIDDEN_LAYER_KEYS",
    "LAYER_KEYS",
    "PLANNING_LAYER_KEYS",
    "map_from_result",
    "save_map",
]

#: Stable keys of the overlays, in the order they are listed (and drawn).  The keys of
#: :data:`PLANNING_LAYER_KEYS` are present only when the result has rows for them.  Besides the output
#: layers of :data:`siting.layers.LAYERS` (their ``map_key``; terminals split by coverage) the map draws
#: the demand heat and the coverage areas.
LAYER_KEYS: tuple[str, ...] = (
    "roads",
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

#: Overlays shown only when the result has data for them: the optional output layers (planning families,
#: worst-served zones; OSM substations given to :func:`map_from_result`).
PLANNING_LAYER_KEYS: tuple[str, ...] = tuple(
    item.map_key for item in LAYERS if item.optional and item.map_key
)

#: The decision view: the overlays shown when the map opens (major roads, counties, terminals covered or not,
#: stations of the first stage and of later stages).
DECISION_LAYER_KEYS: tuple[str, ...] = (
    "roads",
    "counties",
    "terminals_covered",
    "terminals_uncovered",
    "stations_later",
    "stations",
)

#: Overlays hidden when the map opens, listed as "分析 Analysis · …" (tick them in the layer control): every
#: overlay outside the decision view.
HIDDEN_LAYER_KEYS: tuple[str, ...] = tuple(k for k in LAYER_KEYS if k not in DECISION_LAYER_KEYS)

#: The layers of a plan every map draws: the output layers that are always written (the optional ones
#: are added when they have rows).
_BASE_LAYERS = tuple(item.name for item in LAYERS if not item.optional)


@dataclass
class _MapData:
    """What the overlays are drawn from: the plan's layers in WGS-84 and what they imply."""

    layers: dict[str, gpd.GeoDataFrame]
    scenario: dict[str, Any]
    stages: list[str]
    worst: gpd.GeoDataFrame
    trips: gpd.GeoDataFrame
    later: gpd.GeoDataFrame
    roads: gpd.GeoDataFrame
    subs: gpd.GeoDataFrame | None
    sub_names: dict[str, str] = field(default_factory=dict)
    charger_max: float | None = None

    @property
    def planning_substations(self) -> bool:
        return self.subs is not None and "substation_id" in self.subs.columns


def _map_data(result: PlanResult, substations: gpd.GeoDataFrame | None) -> _MapData:
    """Step 1: the layers in WGS-84, the stages, the substations and the largest station size."""
    layers = {name: d.wgs84(getattr(result, name)) for name in _BASE_LAYERS}
    stages = d.stage_names(result)
    subs: Any = substations if substations is not None else getattr(result, "substations", None)
    subs = d.wgs84(subs) if isinstance(subs, gpd.GeoDataFrame) and len(subs) else None
    data = _MapData(
        layers=layers,
        scenario=dict(result.manifest.get("scenario") or {}),
        stages=stages,
        worst=d.planning_layer(result, "worst_served"),
        trips=d.planning_layer(result, "corridor_trips"),
        later=d.later_stations(d.planning_layer(result, "stations_by_stage"), stages),
        roads=d.planning_layer(result, "roads"),
        subs=subs,
    )
    if subs is not None and "substation_id" in subs.columns and "name" in subs.columns:
        data.sub_names = {
            d.text(k): d.text(v) for k, v in zip(subs["substation_id"], subs["name"], strict=True)
        }
    if "chargers" in layers["stations"].columns:
        later = data.later
        data.charger_max = max(
            [
                d.max_positive(layers["stations"]["chargers"]),
                *(d.max_positive(later[c]) for c in later.columns if str(c).startswith("chargers_")),
            ]
        )
    return data


def _add_overlays(m: folium.Map, data: _MapData, breaks: list[float]) -> dict[str, folium.FeatureGroup]:
    """Step 2: every overlay, bottom to top, by its key in :data:`siting.maps.LAYER_KEYS`."""
    layers, scenario, stages = data.layers, data.scenario, data.stages
    groups: dict[str, folium.FeatureGroup] = {}
    if len(data.roads):
        groups["roads"] = zones.add_roads(m, data.roads)
    groups["counties"] = zones.add_counties(m, layers["counties"])
    groups["demand"] = zones.add_demand(m, layers["demand"], layers["counties"], breaks)
    groups["heat"] = zones.add_heat(m, layers["demand"])
    groups["coverage"] = zones.add_coverage(m, layers["demand"], layers["stations"], scenario)
    if len(data.worst):
        groups["worst_served"] = zones.add_worst_served(m, data.worst, layers["counties"])
    if len(data.trips):
        groups["corridor_trips"] = zones.add_corridor_trips(m, data.trips, stages)
    groups["candidates"] = points.add_candidates(m, layers["candidates"])
    county_zh = d.county_names(layers["counties"])  # popups: the county in the language shown
    groups["piles"] = points.add_piles(m, layers["piles"], scenario, county_zh=county_zh)
    groups.update(points.add_terminals(m, layers["terminals"], layers["stations"], scenario))
    if data.subs is not None:
        groups["substations"] = points.add_substations(m, data.subs, stages)
    if len(data.later):
        groups["stations_later"] = points.add_later_stations(
            m, data.later, stages, layers["counties"], data.charger_max or 0.0
        )
    groups["stations"] = points.add_stations(
        m,
        layers["stations"],
        scenario,
        substation_names=data.sub_names,
        charger_max=data.charger_max,
        county_zh=county_zh,
    )
    for key, group in groups.items():  # the analysis layers: present, off, named as a group
        if key in HIDDEN_LAYER_KEYS:
            group.show = False
            group.layer_name = bi("分析", "Analysis") + Markup(" · ") + group.layer_name
    return groups


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
        Background base layers, the first shown at start: keys of :data:`siting.maps.TILE_PROVIDERS`
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
    check_language(language)
    data = _map_data(result, substations)
    providers = tile_providers(tiles, tianditu_key or os.environ.get("TIANDITU_KEY"))
    bounds = d.bounds(data.layers.values())
    m = new_map(bounds, f"{result.title_zh} | {result.title_en}")
    breaks = d.demand_breaks(data.layers["demand"])
    groups = _add_overlays(m, data, breaks)
    legend = legend_html(
        result,
        breaks=breaks,
        layers=set(groups),
        planning_substations=data.planning_substations,
        stages=data.stages,
    )
    finish_map(
        m,
        groups,
        bounds=bounds,
        providers=providers,
        language=language,
        panels=(page_css(), title_html(result), legend),
        osm=d.uses_osm_data(dict(result.manifest.get("data_source") or {})),
        inline_assets=inline_assets,
    )
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
    A map built with ``inline_assets=False`` also gets the folder ``siting-assets/`` (Leaflet and
    plugins, with their licences) beside the file.

    Save a map once, freshly built: folium (0.20) appends another ``addTo`` statement per layer
    each time a map is rendered, so a map already shown in a notebook saves with duplicate
    (harmless, but not byte-identical) statements.
    """
    target = Path(path)
    if getattr(m, "_siting_assets_beside", False):
        copy_assets(target.parent / ASSETS_FOLDER_NAME)
    data = m.get_root().render().encode("utf-8")
    _io.write_file_atomic(target, data)
    return target
