"""The major roads of a road graph as a light, simplified line layer: what the map is read by without tiles.

:func:`major_roads_from_graph` keeps the edges of the classes in :data:`MAJOR_ROAD_CLASSES` (OSM
``highway`` = motorway, trunk, primary, secondary; their ``*_link`` ramps are left out), merges the two
directions of a road and the edges of one class into lines, and simplifies them (Douglas-Peucker,
:data:`SIMPLIFY_TOLERANCE_M`), so that the layer adds little to a self-contained HTML map.  One row per
class: ``road_class``, ``road_class_zh``, ``length_km`` (of the merged lines, before simplification)
and a MultiLineString in EPSG:4326.
"""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import networkx as nx
import shapely
from shapely.geometry import LineString

__all__ = ["MAJOR_ROAD_CLASSES", "ROAD_COLUMNS", "SIMPLIFY_TOLERANCE_M", "major_roads_from_graph"]

#: The classes drawn, most important first: OSM ``highway`` value → Chinese name.
MAJOR_ROAD_CLASSES: dict[str, str] = {
    "motorway": "高速公路",
    "trunk": "干线公路",
    "primary": "主干道",
    "secondary": "次干道",
}
#: Columns of the layer (the geometry last).
ROAD_COLUMNS: tuple[str, ...] = ("road_class", "road_class_zh", "length_km", "geometry")
#: Tolerance of the simplification (metres, converted to degrees of latitude): a few pixels at city zoom.
SIMPLIFY_TOLERANCE_M = 60.0
_M_PER_DEG = 111_320.0


def _road_class(highway: Any) -> str | None:
    """The most important major class of an edge's ``highway`` (a list after osmnx simplification)."""
    values = highway if isinstance(highway, list | tuple) else [highway]
    found = [h for h in MAJOR_ROAD_CLASSES if h in values]
    return found[0] if found else None


def major_roads_from_graph(
    G: nx.MultiDiGraph, *, tolerance_m: float = SIMPLIFY_TOLERANCE_M
) -> gpd.GeoDataFrame:
    """The major roads of ``G``, one simplified MultiLineString per class.

    Parameters
    ----------
    G
        Road graph in osmnx conventions (nodes with ``x``/``y`` in EPSG:4326, edges with ``highway`` and,
        where curved, ``geometry``).
    tolerance_m
        Douglas-Peucker tolerance in metres (0: no simplification).

    Returns
    -------
    geopandas.GeoDataFrame
        ``road_class, road_class_zh, length_km, geometry`` in EPSG:4326, classes in the order of
        :data:`MAJOR_ROAD_CLASSES`; no rows when the graph has no major road.
    """
    parts: dict[str, dict[frozenset[Any], LineString]] = {k: {} for k in MAJOR_ROAD_CLASSES}
    nodes = G.nodes
    for u, v, attrs in G.edges(data=True):
        cls = _road_class(attrs.get("highway"))
        if cls is None:
            continue
        key = frozenset((u, v, str(attrs.get("osmid", ""))))
        if key in parts[cls]:  # the other direction of a two-way road
            continue
        geom = attrs.get("geometry")
        if not isinstance(geom, LineString):
            geom = LineString([(nodes[u]["x"], nodes[u]["y"]), (nodes[v]["x"], nodes[v]["y"])])
        parts[cls][key] = geom
    rows = []
    for cls, lines in parts.items():
        if not lines:
            continue
        merged = shapely.line_merge(shapely.union_all(list(lines.values())))
        mean_lat = merged.centroid.y if not merged.is_empty else 0.0
        length_km = _length_km(merged, mean_lat)
        if tolerance_m > 0:
            merged = shapely.simplify(merged, tolerance_m / _M_PER_DEG, preserve_topology=False)
        rows.append(
            {
                "road_class": cls,
                "road_class_zh": MAJOR_ROAD_CLASSES[cls],
                "length_km": round(length_km, 1),
                "geometry": shapely.multilinestrings(list(getattr(merged, "geoms", [merged]))),
            }
        )
    return gpd.GeoDataFrame(rows, columns=list(ROAD_COLUMNS), geometry="geometry", crs="EPSG:4326")


def _length_km(geom: Any, lat: float) -> float:
    """Approximate length (km) of lon/lat lines near latitude ``lat`` (local equirectangular scale)."""
    coords = shapely.get_coordinates(geom)
    if len(coords) < 2:
        return 0.0
    total = 0.0
    scale = math.cos(math.radians(lat))
    for line in getattr(geom, "geoms", [geom]):
        xy = shapely.get_coordinates(line)
        dx = (xy[1:, 0] - xy[:-1, 0]) * scale
        dy = xy[1:, 1] - xy[:-1, 1]
        total += float(((dx**2 + dy**2) ** 0.5).sum())
    return total * _M_PER_DEG / 1000.0
