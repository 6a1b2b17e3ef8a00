"""What the planner takes from OpenStreetMap, shared by local-file reading and live downloads.

The drivable-road filter (:data:`DRIVABLE_HIGHWAYS`, :func:`is_drivable` and the same filter in Overpass QL,
:data:`DRIVE_OVERPASS_FILTER`), the feature tags and the features schema (:data:`FEATURE_TAGS`,
:data:`FEATURE_COLUMNS`, :func:`features_frame`), and study-area boundaries (:data:`Boundary`,
:func:`boundary_polygon`).  :mod:`siting.osm` (local files) and :mod:`siting.osm_live` (osmnx downloads)
build on it; users import these names from :mod:`siting.osm`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from siting._errors import InputDataError

#: A study-area boundary: a shapely (Multi)Polygon in EPSG:4326, or a GeoDataFrame/GeoSeries in
#: any CRS.
Boundary: TypeAlias = Polygon | MultiPolygon | gpd.GeoDataFrame | gpd.GeoSeries


#: ``highway`` values kept in the road graph.  This mirrors osmnx's ``"drive"`` network type
#: (public roads a car may use: motorway … residential, their ``*_link`` ramps, ``living_street``,
#: ``unclassified`` and ``road``) and, unlike it, also keeps ``highway=service`` access roads (to
#: petrol stations, car parks, industrial estates), where charging sites often are; the service
#: roads osmnx's ``"drive"`` filter singles out (:data:`EXCLUDED_SERVICE`) stay excluded.
#: Everything else — footway, path, cycleway, steps, pedestrian, track, bridleway, construction,
#: proposed, platform, raceway, bus_guideway, rest_area, services, … — is left out.  An allow-list
#: (rather than osmnx's deny-list) keeps rare or mistyped values out of the graph.
DRIVABLE_HIGHWAYS: frozenset[str] = frozenset(
    {
        "motorway",
        "motorway_link",
        "trunk",
        "trunk_link",
        "primary",
        "primary_link",
        "secondary",
        "secondary_link",
        "tertiary",
        "tertiary_link",
        "unclassified",
        "residential",
        "living_street",
        "road",
        "service",
    }
)


#: ``service`` values excluded on any way (as in osmnx's ``"drive"`` filter): alleys, driveways,
#: emergency access, parking aisles and private service roads.
EXCLUDED_SERVICE: frozenset[str] = frozenset(
    {"alley", "driveway", "emergency_access", "parking", "parking_aisle", "private"}
)


#: ``access`` values excluded (osmnx excludes ``private`` by default; ``no`` is excluded too).
EXCLUDED_ACCESS: frozenset[str] = frozenset({"private", "no"})


def _alternation(values: frozenset[str]) -> str:
    return "^(" + "|".join(sorted(values)) + ")$"


#: The same filter as :func:`is_drivable`, in Overpass QL, used for live downloads so that online
#: and offline graphs contain the same roads.
DRIVE_OVERPASS_FILTER: str = (
    f'["highway"~"{_alternation(DRIVABLE_HIGHWAYS)}"]'
    '["area"!~"^yes$"]'
    f'["access"!~"{_alternation(EXCLUDED_ACCESS)}"]'
    '["motor_vehicle"!~"^no$"]["motorcar"!~"^no$"]'
    f'["service"!~"{_alternation(EXCLUDED_SERVICE)}"]'
)


NETWORK_TYPE = "drive+service"


class _Tags(Protocol):
    def get(self, key: str, default: None = None, /) -> str | None: ...


def is_drivable(tags: Mapping[str, str] | _Tags) -> bool:
    """Return True when a way with these OSM tags belongs in the drivable road graph.

    A way is drivable when its ``highway`` value is in :data:`DRIVABLE_HIGHWAYS` and none of these
    hold: ``area=yes``; ``access`` in :data:`EXCLUDED_ACCESS`; ``motor_vehicle=no``;
    ``motorcar=no``; ``service`` in :data:`EXCLUDED_SERVICE`.  Values are compared exactly.

    Parameters
    ----------
    tags
        The way's tags: a mapping or a pyosmium ``TagList``.

    Returns
    -------
    bool
        Whether the way is kept.
    """
    return (
        tags.get("highway") in DRIVABLE_HIGHWAYS
        and tags.get("area") != "yes"
        and tags.get("access") not in EXCLUDED_ACCESS
        and tags.get("motor_vehicle") != "no"
        and tags.get("motorcar") != "no"
        and tags.get("service") not in EXCLUDED_SERVICE
    )


#: OSM tags of the features (points of interest) we extract: ``True`` means any value except ``no``.
FEATURE_TAGS: dict[str, list[str] | bool] = {
    "amenity": [
        "parking",
        "fuel",
        "charging_station",
        "bus_station",
        "townhall",
        "hospital",
        "university",
        "college",
        "school",
        "marketplace",
        "public_building",
    ],
    "shop": ["mall", "supermarket", "department_store"],
    "highway": ["services", "rest_area", "bus_station"],
    "public_transport": ["station"],
    "landuse": ["residential", "commercial", "industrial", "retail"],
    "office": True,
    "power": ["substation"],
    "building": True,
}


#: Columns of a features GeoDataFrame (besides ``geometry``), each mapped to the OSM key it holds.
FEATURE_KEYS: dict[str, str] = {
    "name": "name",
    "name_en": "name:en",
    "amenity": "amenity",
    "shop": "shop",
    "highway": "highway",
    "public_transport": "public_transport",
    "building": "building",
    "landuse": "landuse",
    "office": "office",
    "parking": "parking",
    "capacity": "capacity",
    "power": "power",
    "voltage": "voltage",
}


#: Column order of a features GeoDataFrame (see docs/architecture.md, "OSM features").
FEATURE_COLUMNS: tuple[str, ...] = ("osm_id", *FEATURE_KEYS, "geometry")


def feature_match(values: Mapping[str, str | None]) -> tuple[bool, bool]:
    """Return (matches any FEATURE_TAGS entry, matches only through ``building``)."""
    other = False
    for key, allowed in FEATURE_TAGS.items():
        if key == "building":
            continue
        value = values.get(key)
        if value is None:
            continue
        if (allowed is True and value != "no") or (isinstance(allowed, list) and value in allowed):
            other = True
            break
    building = values.get("building")
    is_building = building is not None and building != "no"
    return other or is_building, is_building and not other


def fmt_bounds(bounds: Sequence[float]) -> str:
    minx, miny, maxx, maxy = bounds
    return f"lon {minx:.4f}…{maxx:.4f}, lat {miny:.4f}…{maxy:.4f}"


def polygonal_part(geom: BaseGeometry) -> Polygon | MultiPolygon | None:
    """Return the polygonal part of a geometry (after make_valid), or None if it has none."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if isinstance(geom, Polygon | MultiPolygon):
        return None if geom.is_empty else geom
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon | MultiPolygon)]
    if not parts:
        return None
    merged = shapely.union_all(parts)
    return merged if isinstance(merged, Polygon | MultiPolygon) and not merged.is_empty else None


def lonlat_ok(bounds: Sequence[float]) -> bool:
    minx, miny, maxx, maxy = bounds
    return bool(-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90)


def boundary_polygon(boundary: Boundary, what: str = "boundary") -> Polygon | MultiPolygon:
    """Return a boundary as one (Multi)Polygon in EPSG:4326."""
    if isinstance(boundary, gpd.GeoDataFrame | gpd.GeoSeries):
        if boundary.crs is None:
            raise InputDataError(
                f"The {what} GeoDataFrame has no CRS: set it (gdf.set_crs(...)) or read the "
                "boundary with siting.osm.boundary_from_file."
            )
        geoms = boundary.geometry if isinstance(boundary, gpd.GeoDataFrame) else boundary
        geoms = geoms.to_crs("EPSG:4326")
        geoms = geoms[geoms.notna() & ~geoms.is_empty]
        geom: BaseGeometry = shapely.union_all(np.asarray(geoms.to_numpy()))
    elif isinstance(boundary, Polygon | MultiPolygon):
        geom = boundary
        if not geom.is_empty and not lonlat_ok(geom.bounds):
            raise InputDataError(
                f"The {what} has coordinates outside longitude/latitude ranges "
                f"({geom.bounds}): a shapely polygon must be in EPSG:4326; pass a GeoDataFrame "
                "with its CRS instead."
            )
    else:
        raise InputDataError(
            f"The {what} must be a shapely Polygon/MultiPolygon in EPSG:4326 or a GeoDataFrame, "
            f"not {type(boundary).__name__}."
        )
    poly = polygonal_part(geom)
    if poly is None:
        raise InputDataError(
            f"The {what} has no polygon area (it is empty or made of points/lines): use a polygon "
            "of the study area."
        )
    return poly


def empty_features() -> gpd.GeoDataFrame:
    data = {c: pd.Series([], dtype=object) for c in FEATURE_COLUMNS[:-1]}
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")


def features_frame(
    osm_ids: list[str],
    rows: list[tuple[str | None, ...]],
    geoms: np.ndarray[Any, np.dtype[np.object_]],
    region: Polygon | MultiPolygon | None,
) -> gpd.GeoDataFrame:
    """Assemble the features GeoDataFrame; building-only polygons become centroids."""
    if not osm_ids:
        return empty_features()
    columns = list(FEATURE_KEYS)
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    flags = [feature_match(dict(zip(columns, row, strict=True))) for row in rows]
    matched = np.fromiter((f[0] for f in flags), dtype=bool, count=len(flags))
    building_only = np.fromiter((f[1] for f in flags), dtype=bool, count=len(flags))
    kind = shapely.get_type_id(geoms)
    polygonal = (kind == 3) | (kind == 6)  # Polygon, MultiPolygon
    keep = matched & ((kind == 0) | polygonal)
    # single-part MultiPolygons (most areas) become Polygons
    single = (kind == 6) & (shapely.get_num_geometries(geoms) == 1)
    geoms = geoms.copy()
    geoms[single] = shapely.get_geometry(geoms[single], 0)
    geoms[building_only & polygonal] = shapely.centroid(geoms[building_only & polygonal])
    if region is not None:
        shapely.prepare(region)
        keep &= shapely.intersects(geoms, region)
    frame.insert(0, "osm_id", pd.Series(osm_ids, dtype=object))
    frame = frame.loc[keep].reset_index(drop=True)
    if len(frame) == 0:
        return empty_features()
    gdf = gpd.GeoDataFrame(frame, geometry=geoms[keep], crs="EPSG:4326")
    return gdf[list(FEATURE_COLUMNS)]
