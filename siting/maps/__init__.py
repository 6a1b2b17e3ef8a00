"""Interactive, self-contained folium (Leaflet) maps of plans: why each station and pile is where it is.

:func:`map_from_result` turns a :class:`~siting.results.PlanResult` into a :class:`folium.Map`;
:func:`save_map` writes it to an HTML file atomically.

The map has a bilingual title bar naming the data source (for the demo: "synthetic road network"),
a legend, a scale bar, a language switch (中文 / English: every label, legend entry, tooltip and
popup switches) and these overlays, all listed in the layer control with their counts
(:data:`LAYER_KEYS` are their stable keys, used by ``window.sitingMap.layers`` in the page):

==============  ========================  ======================================================
key             layer                     content
==============  ========================  ======================================================
roads           主要道路 Major roads       motorway, trunk, primary and secondary roads of the
                                          plan's own network (``result.roads``), light grey,
                                          simplified, not clickable: the map reads without tiles
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
stations_later  2030 新建充电站            sites opened in a later stage (``stations_by_stage``),
                                          light blue (the new stations' light tone), sized by
                                          their chargers in the last stage
stations        充电站 Stations            the first stage's: new (dark blue) / existing / locked;
                                          size grows with the chargers (area ∝ chargers), else
                                          with the EVs covered
==============  ========================  ======================================================

The decision view (:data:`DECISION_LAYER_KEYS`: roads, counties, terminals, stations of every stage) is
on when the map opens; the other overlays are listed under "分析 Analysis" and off.  Layers of the
planning families (``worst_served``, ``corridor_trips``, ``substations``, ``stations_later``) and
``roads`` are added only when the result holds rows for them, so a base-model plan gets
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
it.  All text taken from the data is HTML-escaped (:mod:`siting.render.format`).

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

The package
    :mod:`~siting.maps.build` (:func:`map_from_result`, :func:`save_map`), :mod:`~siting.maps.points`
    and :mod:`~siting.maps.zones` (the overlays), :mod:`~siting.maps.legend` (title and legend),
    :mod:`~siting.maps.page` (folium elements, point rows, the page frame, ids), :mod:`~siting.maps.tiles`,
    :mod:`~siting.maps.assets`, :mod:`~siting.maps.data` (reading the plan's layers) and
    :mod:`~siting.maps.compare` (the comparison map of several plans).  JavaScript, CSS and HTML live in
    ``siting/render/templates/map/``; colours come from :mod:`siting.render.palette`, layer titles from
    :mod:`siting.layers`.
"""

from __future__ import annotations

from siting.maps import assets, build, compare, data, legend, page, points, tiles, zones
from siting.maps.assets import ASSETS_DIR as ASSETS_DIR
from siting.maps.assets import ASSETS_FOLDER_NAME as ASSETS_FOLDER_NAME
from siting.maps.assets import copy_assets as copy_assets
from siting.maps.build import DECISION_LAYER_KEYS as DECISION_LAYER_KEYS
from siting.maps.build import HIDDEN_LAYER_KEYS as HIDDEN_LAYER_KEYS
from siting.maps.build import LAYER_KEYS as LAYER_KEYS
from siting.maps.build import PLANNING_LAYER_KEYS as PLANNING_LAYER_KEYS
from siting.maps.build import map_from_result as map_from_result
from siting.maps.build import save_map as save_map
from siting.maps.compare import comparison_map_html as comparison_map_html
from siting.maps.compare import kpi_value as kpi_value
from siting.maps.compare import source_labels as source_labels
from siting.maps.data import COORD_DECIMALS as COORD_DECIMALS
from siting.maps.legend import is_synthetic as is_synthetic
from siting.maps.page import CLUSTER_MIN_SITES as CLUSTER_MIN_SITES
from siting.maps.tiles import DEFAULT_TILES as DEFAULT_TILES
from siting.maps.tiles import OSM_ATTRIBUTION_HTML as OSM_ATTRIBUTION_HTML
from siting.maps.tiles import TILE_PROVIDERS as TILE_PROVIDERS
from siting.maps.tiles import tile_providers as tile_providers

__all__ = [
    "ASSETS_DIR",
    "ASSETS_FOLDER_NAME",
    "CLUSTER_MIN_SITES",
    "COORD_DECIMALS",
    "DECISION_LAYER_KEYS",
    "DEFAULT_TILES",
    "HIDDEN_LAYER_KEYS",
    "LAYER_KEYS",
    "OSM_ATTRIBUTION_HTML",
    "PLANNING_LAYER_KEYS",
    "TILE_PROVIDERS",
    "assets",
    "build",
    "compare",
    "comparison_map_html",
    "copy_assets",
    "data",
    "is_synthetic",
    "kpi_value",
    "legend",
    "map_from_result",
    "page",
    "points",
    "save_map",
    "source_labels",
    "tile_providers",
    "tiles",
    "zones",
]
