"""The page around the layers: folium elements rendered from ``templates/map/``, the point-row markers,
the map frame (title, legend, layer control, ``window.sitingMap``) and deterministic element ids.

Used by :mod:`siting.maps.build` (a plan's map) and :mod:`siting.maps.compare` (the comparison map).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from itertools import count
from typing import Any, cast

import folium
import jinja2
from branca.element import Element, Figure, MacroElement
from folium.plugins import FastMarkerCluster
from markupsafe import Markup

from siting import coords, render
from siting.maps.assets import use_vendored_assets
from siting.maps.tiles import OSM_ATTRIBUTION_HTML
from siting.render import format as fmt
from siting.render import palette

__all__ = [
    "CLUSTER_MIN_SITES",
    "Attribution",
    "Heat",
    "Panel",
    "PointRows",
    "SitingScript",
    "Texts",
    "add_point_rows",
    "check_language",
    "finish_map",
    "layer",
    "new_map",
    "page_css",
    "popup",
    "renumber_ids",
    "row_callback",
]

#: Point layers with more sites than this are clustered (FastMarkerCluster).
CLUSTER_MIN_SITES = 500

Bounds = tuple[tuple[float, float], tuple[float, float]]


def _macros(template: str) -> jinja2.Template:
    """A template of folium macros (``header``, ``html``, ``script``) from ``templates/map/``."""
    return render.environment().get_template(f"map/{template}")


class SitingScript(MacroElement):
    """Layer registry, language switch, base layers and the GCJ-02 shift (``window.sitingMap``)."""

    _template = _macros("siting_script.js")

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
        keys = ("key", "zh", "en", "label", "urls", "attribution", "max_zoom", "gcj02", "subdomains")
        self.providers = [{k: p[k] for k in keys if k in p} for p in providers]
        self.grid = grid.to_json() if grid is not None else None
        self.language = language
        self.no_background = fmt.bi("无底图", "No background")


class Panel(MacroElement):
    """A fixed HTML element (title bar, legend) with optional CSS in the page header."""

    _template = _macros("panel.html")

    def __init__(self, css: str, body: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "SitingPanel"
        self.css = Markup(css)
        self.body = Markup(body)


class Attribution(MacroElement):
    """Adds an attribution to the map's attribution control (kept when there are no tiles)."""

    _template = _macros("attribution.js")

    def __init__(self, text_html: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "SitingAttribution"
        self.text = text_html


class PointRows(MacroElement):
    """Adds one marker per data row to the parent layer (JavaScript row → marker function)."""

    _template = _macros("point_rows.js")

    def __init__(self, rows: list[list[Any]], callback: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "SitingPoints"
        self.rows = rows
        self.rows_js = fmt.js_literal(rows)
        self.callback = Markup(callback)


class Heat(MacroElement):
    """A Leaflet.heat layer in the parent group."""

    _template = _macros("heat.js")

    def __init__(self, points: list[list[float]], options: dict[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "SitingHeat"
        self.points = points
        self.options = options


class Texts:
    """Stores each distinct (escaped) text once; rows refer to it by index."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def ref(self, text: str) -> int:
        """Index of ``text`` (added when new)."""
        if text not in self._index:
            self._index[text] = len(self.items)
            self.items.append(text)
        return self._index[text]


def popup(
    kind: str,
    id_line: str,
    rows: Sequence[tuple[str, str]],
    *,
    why: str | None = None,
    stages: Sequence[tuple[str, int]] = (),
) -> str:
    """The popup template of a point layer (``templates/map/popup.html``): {k} is field k of a row."""
    html = render.render("map/popup.html", kind=kind, id_line=id_line, why=why, rows=rows, stages=stages)
    return html.rstrip("\n")


def row_callback(
    styles: dict[str, dict[str, Any]],
    texts: Sequence[str],
    popup: str | None,
    tooltip: str | None,
    *,
    div_icons: bool,
) -> str:
    """Return the JavaScript row → marker function for one point layer."""
    return render.render(
        "map/row_callback.js",
        styles=styles,
        texts=list(texts),
        popup=popup,
        tooltip=tooltip,
        div_icons=div_icons,
    ).rstrip("\n")


def add_point_rows(
    group: folium.FeatureGroup,
    rows: list[list[Any]],
    *,
    styles: dict[str, dict[str, Any]],
    texts: Texts,
    popup: str | None,
    tooltip: str | None,
    clusterable: bool = True,
    cluster: bool = False,
) -> None:
    """Add point rows to a layer, clustered with ``cluster`` or above :data:`CLUSTER_MIN_SITES` rows."""
    if not rows:
        return
    if cluster or (clusterable and len(rows) > CLUSTER_MIN_SITES):
        callback = row_callback(styles, texts.items, popup, tooltip, div_icons=True)
        FastMarkerCluster(  # type: ignore[no-untyped-call]
            data=rows,
            callback=callback,
            control=False,
            disableClusteringAtZoom=15,
            chunkedLoading=True,
        ).add_to(group)
    else:
        callback = row_callback(styles, texts.items, popup, tooltip, div_icons=False)
        group.add_child(PointRows(rows, callback))


def layer(m: folium.Map, name: str, *, show: bool) -> folium.FeatureGroup:
    """Add a named overlay (listed in the layer control) to the map."""
    group = folium.FeatureGroup(name=name, show=show)
    m.add_child(group)
    return group


def check_language(language: str) -> None:
    """Raise ``ValueError`` unless ``language`` is one the page can start in ("zh" or "en")."""
    if language not in ("zh", "en"):
        raise ValueError(f"language must be 'zh' or 'en', not {language!r}")


def page_css(*, compare: bool = False) -> str:
    """The page style (``templates/map/style.css``), with the comparison map's additions."""
    return render.render("map/style.css", compare=compare, accent=palette.ACCENT, warning=palette.WARNING)


def new_map(bounds: Bounds, title: str) -> folium.Map:
    """An empty map centred on ``bounds`` ((south, west), (north, east)), drawn on a canvas."""
    (south, west), (north, east) = bounds
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=10,
        tiles=None,
        control_scale=True,
        prefer_canvas=True,
    )
    m.options["maxZoom"] = 19  # folium sets it only with tiles; marker clusters need it
    cast(Figure, m.get_root()).title = str(fmt.esc(title))
    return m


def finish_map(
    m: folium.Map,
    groups: dict[str, folium.FeatureGroup],
    *,
    bounds: Bounds,
    providers: list[dict[str, Any]],
    language: str,
    panels: tuple[str, str, str],
    osm: bool,
    inline_assets: bool,
) -> None:
    """Add the layer control, ``window.sitingMap``, the title and legend, and fix the element ids.

    ``panels`` is (CSS, title HTML, legend HTML); ``osm`` adds the OpenStreetMap attribution.
    """
    (south, west), (north, east) = bounds
    control = folium.LayerControl(collapsed=False)
    control.add_to(m)
    grid = coords.offset_grid(west, south, east, north) if any(p["gcj02"] for p in providers) else None
    css, title_html, legend_html = panels
    m.add_child(SitingScript(control, groups, providers, grid, language), name="siting_script")
    m.add_child(Panel(css, title_html), name="siting_title")
    m.add_child(Panel("", legend_html), name="siting_legend")
    if osm:
        m.add_child(Attribution(OSM_ATTRIBUTION_HTML), name="siting_osm_attribution")
    # the legend (about 290 px) sits at the left, the layer control at the right: the study area between
    m.fit_bounds(
        [[south, west], [north, east]],
        padding_top_left=LEGEND_CLEARANCE_PX,
        padding_bottom_right=CONTROL_CLEARANCE_PX,
    )
    use_vendored_assets(m, inline=inline_assets)
    renumber_ids(m.get_root())


#: Padding (x, y) in pixels the opening view leaves at the top left for the legend panel.
LEGEND_CLEARANCE_PX: tuple[int, int] = (310, 10)

#: Padding (x, y) in pixels the opening view leaves at the bottom right for the layer control.
CONTROL_CLEARANCE_PX: tuple[int, int] = (300, 10)


def renumber_ids(root: Element) -> None:
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
