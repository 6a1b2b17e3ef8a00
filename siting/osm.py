"""Reading OpenStreetMap: local extracts, live downloads with a cache, and points of interest.

Local files (``.osm``, ``.osm.bz2``, ``.osm.gz``, ``.osm.pbf``) are read with pyosmium, which
streams all of these formats in C++.  For the road graph, pyosmium keeps only the drivable ways
(see :data:`DRIVABLE_HIGHWAYS` and :func:`is_drivable`) and the nodes they reference, writes them
to a small temporary OSM XML file, and hands that file to :func:`osmnx.graph.graph_from_xml`, so
that osmnx builds and simplifies the graph exactly as it does for downloaded data.  Points of
interest are assembled directly by pyosmium's area handler (closed ways and multipolygon relations
become polygons).

Live functions (:func:`boundary_from_place`, :func:`graph_from_place`,
:func:`graph_from_polygon`, :func:`features_from_polygon`) call osmnx with its HTTP cache in
``settings.cache_dir()/"http"`` and also save each downloaded graph (GraphML) or feature layer
(GeoPackage) under ``settings.cache_dir()``, so that a second run works offline.  osmnx settings
are changed only inside these calls and restored afterwards.

Every problem a user can cause raises a :class:`~siting._errors.SitingError` subclass whose
message names the input and the fix: :class:`~siting._errors.InputDataError` (missing, corrupt
or wrong files),
:class:`~siting._errors.NetworkError` (no drivable roads, boundary outside the extract) and
:class:`~siting._errors.OsmDownloadError` (server unreachable).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import socket
import tempfile
import urllib.parse
import urllib.request
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeAlias

import geopandas as gpd
import networkx as nx
import numpy as np
import osmium
import osmium.filter
import osmium.geom
import osmium.io
import osmnx as ox
import pandas as pd
import shapely
from osmnx._errors import InsufficientResponseError, ResponseStatusCodeError
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from siting import settings
from siting._errors import InputDataError, NetworkError, OsmDownloadError

__all__ = [
    "DRIVABLE_HIGHWAYS",
    "DRIVE_OVERPASS_FILTER",
    "EXCLUDED_ACCESS",
    "EXCLUDED_SERVICE",
    "FEATURE_COLUMNS",
    "FEATURE_TAGS",
    "OSM_SUFFIXES",
    "Boundary",
    "boundary_from_file",
    "boundary_from_place",
    "features_cache_path",
    "features_from_file",
    "features_from_polygon",
    "graph_cache_path",
    "graph_from_file",
    "graph_from_place",
    "graph_from_polygon",
    "is_drivable",
]

logger = logging.getLogger(__name__)

#: A study-area boundary: a shapely (Multi)Polygon in EPSG:4326, or a GeoDataFrame/GeoSeries in
#: any CRS.
Boundary: TypeAlias = Polygon | MultiPolygon | gpd.GeoDataFrame | gpd.GeoSeries

#: File name endings that :func:`graph_from_file` and :func:`features_from_file` accept (in any
#: letter case).
OSM_SUFFIXES: tuple[str, ...] = (".osm.pbf", ".osm", ".osm.bz2", ".osm.gz")

# --------------------------------------------------------------------------------------------------
# Which ways are drivable
# --------------------------------------------------------------------------------------------------

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

_NETWORK_TYPE = "drive+service"


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


# --------------------------------------------------------------------------------------------------
# Which features (POIs) are extracted
# --------------------------------------------------------------------------------------------------

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
_FEATURE_KEYS: dict[str, str] = {
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
FEATURE_COLUMNS: tuple[str, ...] = ("osm_id", *_FEATURE_KEYS, "geometry")


def _feature_match(values: Mapping[str, str | None]) -> tuple[bool, bool]:
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


# --------------------------------------------------------------------------------------------------
# Inputs: paths and boundaries
# --------------------------------------------------------------------------------------------------


def _check_osm_path(path: str | os.PathLike[str]) -> Path:
    path = Path(path).expanduser()
    if not path.name.lower().endswith(OSM_SUFFIXES):
        raise InputDataError(
            f"OSM file {path} has an unsupported extension: use an OpenStreetMap extract ending in "
            f"{', '.join(OSM_SUFFIXES)} (e.g. a .osm.pbf from https://download.geofabrik.de/)."
        )
    if not path.is_file():
        raise InputDataError(
            f"OSM file {path} does not exist: check the path, or download an extract of your "
            "region (a .osm.pbf, e.g. from https://download.geofabrik.de/asia/china.html)."
        )
    return path


_FORMATS = {".osm.pbf": "pbf", ".osm": "osm", ".osm.bz2": "osm.bz2", ".osm.gz": "osm.gz"}


def _osm_file(path: Path) -> osmium.io.File:
    """The file with its format set from the (case-insensitive) extension."""
    name = path.name.lower()
    fmt = next(f for suffix, f in _FORMATS.items() if name.endswith(suffix))
    return osmium.io.File(str(path), fmt)


def _corrupt(path: Path, err: Exception) -> InputDataError:
    return InputDataError(
        f"OSM file {path} cannot be read ({err}): it is truncated or corrupt, or not in the format "
        "its extension says. Download it again (e.g. from https://download.geofabrik.de/) and "
        "check that the download completed."
    )


def _fmt_bounds(bounds: Sequence[float]) -> str:
    minx, miny, maxx, maxy = bounds
    return f"lon {minx:.4f}…{maxx:.4f}, lat {miny:.4f}…{maxy:.4f}"


def _polygonal(geom: BaseGeometry) -> Polygon | MultiPolygon | None:
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


_SEARCH_BUFFER_M = 500.0


def _buffer_m(region: Polygon | MultiPolygon, metres: float) -> Polygon | MultiPolygon:
    """Buffer an EPSG:4326 (Multi)Polygon by a distance in metres (in its UTM zone)."""
    series = gpd.GeoSeries([region], crs="EPSG:4326")
    utm = series.estimate_utm_crs()
    buffered = series.to_crs(utm).buffer(metres).to_crs("EPSG:4326").iloc[0]
    return _polygonal(buffered) or region


def _lonlat_ok(bounds: Sequence[float]) -> bool:
    minx, miny, maxx, maxy = bounds
    return bool(-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90)


def _boundary_polygon(boundary: Boundary, what: str = "boundary") -> Polygon | MultiPolygon:
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
        if not geom.is_empty and not _lonlat_ok(geom.bounds):
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
    poly = _polygonal(geom)
    if poly is None:
        raise InputDataError(
            f"The {what} has no polygon area (it is empty or made of points/lines): use a polygon "
            "of the study area."
        )
    return poly


def boundary_from_file(path: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    """Read a study-area boundary from a polygon file (GeoJSON, GeoPackage, Shapefile, …).

    All polygons in the file are reprojected to EPSG:4326 and dissolved into one (Multi)Polygon.
    A file without a CRS is accepted, with a :class:`UserWarning`, only when its coordinates fit
    longitude/latitude ranges (EPSG:4326 is then assumed).

    Parameters
    ----------
    path
        The polygon file.

    Returns
    -------
    geopandas.GeoDataFrame
        One row, columns ``name`` (the file name without extension) and ``geometry``; EPSG:4326.

    Raises
    ------
    InputDataError
        The file is missing or unreadable, has no usable CRS, or holds no polygons (all problems are
        reported at once).
    """
    path = Path(path).expanduser()
    if not path.exists():
        raise InputDataError(
            f"Boundary file {path} does not exist: check the path (GeoJSON, GeoPackage or Shapefile)."
        )
    try:
        gdf = gpd.read_file(path)
    except Exception as err:  # pyogrio/GDAL raise several types for unreadable files
        raise InputDataError(
            f"Boundary file {path} cannot be read ({err}): save it as GeoJSON, GeoPackage or "
            "Shapefile with a polygon layer."
        ) from err
    if not isinstance(gdf, gpd.GeoDataFrame) or "geometry" not in gdf:
        raise InputDataError(
            f"Boundary file {path} has no geometry column: save the boundary as a polygon layer."
        )
    problems: list[str] = []
    geoms = gdf.geometry
    present = geoms[geoms.notna() & ~geoms.is_empty]
    if len(present) == 0:
        problems.append(
            f"Boundary file {path} has no geometries: draw or export the study-area polygon into it."
        )
    else:
        kinds = present.geom_type.value_counts()
        bad = {str(k): int(v) for k, v in kinds.items() if k not in ("Polygon", "MultiPolygon")}
        if bad:
            listed = ", ".join(f"{n} {k}" for k, n in bad.items())
            problems.append(
                f"Boundary file {path} contains non-polygon geometries ({listed}): keep only the "
                "study-area polygon(s)."
            )
    if gdf.crs is None:
        if len(present) and _lonlat_ok(present.total_bounds):
            warnings.warn(
                f"Boundary file {path} has no CRS; its coordinates fit longitude/latitude so "
                "EPSG:4326 is assumed. Save it with a CRS (e.g. as GeoJSON) to silence this.",
                UserWarning,
                stacklevel=2,
            )
            gdf = gdf.set_crs("EPSG:4326")
        else:
            problems.append(
                f"Boundary file {path} has no CRS and its coordinates are not longitude/latitude: "
                "add the CRS (e.g. the .prj of a Shapefile) or reproject it to EPSG:4326."
            )
    if problems:
        raise InputDataError(*problems)
    geom = _polygonal(shapely.union_all(np.asarray(gdf.to_crs("EPSG:4326").geometry.to_numpy())))
    if geom is None:
        raise InputDataError(f"Boundary file {path}: its polygons dissolve to nothing: check the geometries.")
    return gpd.GeoDataFrame({"name": [path.name.split(".")[0]]}, geometry=[geom], crs="EPSG:4326")


# --------------------------------------------------------------------------------------------------
# Local files: road graph
# --------------------------------------------------------------------------------------------------

_EPOCH_YEAR = 1971  # objects written without metadata carry timestamp 1970-01-01


def _header_date(path: Path) -> dt.date | None:
    header = osmium.FileProcessor(_osm_file(path)).header
    for key in ("osmosis_replication_timestamp", "timestamp"):
        value = header.get(key, "")
        if value:
            with contextlib.suppress(ValueError):
                return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    return None


@dataclass
class _WaySelection:
    """Drivable ways found in a file (ids, newest edit, extent of all drivable ways)."""

    ids: list[int] = field(default_factory=list)
    n_drivable: int = 0
    newest: dt.datetime | None = None
    bounds: list[float] | None = None
    skipped: int = 0


_CHUNK = 50_000


def _select_drivable_ways(path: Path, region: Polygon | MultiPolygon | None) -> _WaySelection:
    """Scan the file once; keep the drivable ways (touching ``region`` when given).

    Node locations are cached (in C++) so that each way's line can be built: ways whose nodes are
    missing from the file (extracts cut without reference completion) are skipped, as osmnx could
    not place them, and the lines give the extent of the roads for error messages.
    """
    sel = _WaySelection()
    fp = osmium.FileProcessor(_osm_file(path), osmium.osm.NODE | osmium.osm.WAY)
    fp.with_locations()
    fp.with_filter(osmium.filter.EntityFilter(osmium.osm.WAY))
    fp.with_filter(osmium.filter.KeyFilter("highway"))
    if region is not None:
        shapely.prepare(region)
    factory = osmium.geom.WKBFactory()
    pending_ids: list[int] = []
    pending_wkb: list[str] = []

    def flush() -> None:
        if not pending_ids:
            return
        geoms = shapely.from_wkb(pending_wkb)
        bounds = [float(b) for b in shapely.total_bounds(geoms)]
        if sel.bounds is not None:
            bounds[:2] = np.minimum(bounds[:2], sel.bounds[:2]).tolist()
            bounds[2:] = np.maximum(bounds[2:], sel.bounds[2:]).tolist()
        sel.bounds = bounds
        ids = np.asarray(pending_ids, dtype=np.int64)
        if region is not None:
            ids = ids[shapely.intersects(geoms, region)]
        sel.ids.extend(ids.tolist())
        pending_ids.clear()
        pending_wkb.clear()

    for way in fp:
        if not isinstance(way, osmium.osm.Way) or not is_drivable(way.tags):
            continue
        sel.n_drivable += 1
        stamp = way.timestamp
        if stamp.year >= _EPOCH_YEAR and (sel.newest is None or stamp > sel.newest):
            sel.newest = stamp
        try:
            wkb = factory.create_linestring(way)
        except (osmium.InvalidLocationError, RuntimeError):
            # a node missing from the file, or fewer than two distinct points
            sel.skipped += 1
            continue
        pending_ids.append(way.id)
        pending_wkb.append(wkb)
        if len(pending_ids) >= _CHUNK:
            flush()
    flush()
    if sel.skipped:
        logger.info("%s: skipped %d roads with missing nodes", path.name, sel.skipped)
    return sel


def _write_road_xml(path: Path, way_ids: list[int], out: Path) -> None:
    """Write the selected ways and the nodes they reference to an OSM XML file (nodes first).

    Way tags are trimmed to osmnx's ``settings.useful_tags_way`` (the only ones osmnx keeps), which
    makes the XML smaller and osmnx's parse faster.  Nodes are copied by pyosmium in C++.
    """
    keep = tuple(ox.settings.useful_tags_way)
    tracker = osmium.IdTracker()
    ways_pbf = out.with_name("ways.osm.pbf")
    with osmium.SimpleWriter(ways_pbf, overwrite=True) as ways:
        selected = osmium.FileProcessor(_osm_file(path), osmium.osm.WAY)
        for way in selected.with_filter(osmium.filter.IdFilter(way_ids)):
            if not isinstance(way, osmium.osm.Way):
                continue
            tracker.add_references(way)
            tags = way.tags
            ways.add_way(way.replace(tags=[(k, v) for k in keep if (v := tags.get(k)) is not None]))
    target = osmium.io.File(str(out), "osm,add_metadata=false")
    with osmium.SimpleWriter(target, overwrite=True) as writer:
        with osmium.io.Reader(_osm_file(path), osmium.osm.NODE) as nodes:
            osmium.apply(nodes, tracker.id_filter(), writer)
        with osmium.io.Reader(ways_pbf) as selected_ways:
            osmium.apply(selected_ways, writer)


def _labels(name: str, date: dt.date | None) -> dict[str, Any]:
    if date is None:
        return {
            "source_label": f"OpenStreetMap extract {name}",
            "source_label_zh": f"OpenStreetMap 数据 {name}",
            "data_date": None,
        }
    iso = date.isoformat()
    return {
        "source_label": f"OpenStreetMap extract {name} (data to {iso})",
        "source_label_zh": f"OpenStreetMap 数据 {name}（截至 {iso}）",
        "data_date": iso,
    }


def _outside_error(path: Path, region: Polygon | MultiPolygon, roads: Sequence[float]) -> NetworkError:
    return NetworkError(
        f"The boundary ({_fmt_bounds(region.bounds)}) does not overlap the roads of {path.name} "
        f"({_fmt_bounds(roads)}): use an extract that covers the study area (e.g. the province "
        "from https://download.geofabrik.de/) or check the boundary and its CRS."
    )


def graph_from_file(path: str | os.PathLike[str], *, boundary: Boundary | None = None) -> nx.MultiDiGraph:
    """Build the drivable road graph from a local OpenStreetMap file.

    The file is streamed with pyosmium; the drivable ways (:func:`is_drivable`) and their nodes are
    written to a temporary OSM XML file, from which :func:`osmnx.graph.graph_from_xml` builds and
    simplifies the graph (``simplify=True, retain_all=True``: every component is kept, see
    :func:`siting.network.largest_strong_component`).  With a ``boundary``, only ways within 500 m
    of it are read, and the graph is then truncated to it with
    :func:`osmnx.truncate.truncate_graph_polygon` (the osmnx recipe for ``graph_from_polygon``).

    Parameters
    ----------
    path
        A ``.osm``, ``.osm.bz2``, ``.osm.gz`` or ``.osm.pbf`` file.
    boundary
        Optional study area: a shapely (Multi)Polygon in EPSG:4326 or a GeoDataFrame in any CRS.

    Returns
    -------
    networkx.MultiDiGraph
        An osmnx graph (``crs`` EPSG:4326, node ``x``/``y``, edge ``length``, ``highway``,
        ``maxspeed``, ``oneway``, …) with graph attributes ``source_label``, ``source_label_zh`` and
        ``data_date`` (ISO date of the file header's timestamp, else of the newest road edit; None
        if unknown).

    Raises
    ------
    InputDataError
        Missing file, unsupported extension, or truncated/corrupt content; or an invalid boundary.
    NetworkError
        No drivable roads in the file, or the boundary does not overlap them.
    """
    path = _check_osm_path(path)
    region = None if boundary is None else _boundary_polygon(boundary)
    search = None if region is None else _buffer_m(region, _SEARCH_BUFFER_M)
    try:
        date = _header_date(path)
        selection = _select_drivable_ways(path, search)
    except RuntimeError as err:
        raise _corrupt(path, err) from err
    if selection.n_drivable == 0:
        raise NetworkError(
            f"OSM file {path.name} contains no drivable roads (highway=motorway … service): use an "
            "extract with the road network of the study area (e.g. from https://download.geofabrik.de/)."
        )
    if region is not None and not selection.ids:
        raise _outside_error(path, region, selection.bounds or [float("nan")] * 4)
    if date is None and selection.newest is not None:
        date = selection.newest.date()

    with tempfile.TemporaryDirectory(prefix="siting-osm-") as tmp:
        xml = Path(tmp) / "roads.osm"
        try:
            _write_road_xml(path, selection.ids, xml)
        except RuntimeError as err:
            raise _corrupt(path, err) from err
        G = ox.graph.graph_from_xml(xml, simplify=True, retain_all=True)

    if region is not None:
        try:
            G = ox.truncate.truncate_graph_polygon(G, region, truncate_by_edge=False)
        except ValueError as err:  # no graph node inside the boundary
            raise _outside_error(path, region, selection.bounds or [float("nan")] * 4) from err
    if len(G) == 0 or G.number_of_edges() == 0:
        raise NetworkError(
            f"OSM file {path.name} has no drivable road inside the boundary: check the boundary or "
            "use a larger extract."
        )
    G.graph.update(_labels(path.name, date))
    G.graph["osm_file"] = path.name
    return G


# --------------------------------------------------------------------------------------------------
# Local files: features
# --------------------------------------------------------------------------------------------------


def _empty_features() -> gpd.GeoDataFrame:
    data = {c: pd.Series([], dtype=object) for c in FEATURE_COLUMNS[:-1]}
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")


def _features_frame(
    osm_ids: list[str],
    rows: list[tuple[str | None, ...]],
    geoms: np.ndarray[Any, np.dtype[np.object_]],
    region: Polygon | MultiPolygon | None,
) -> gpd.GeoDataFrame:
    """Assemble the features GeoDataFrame; building-only polygons become centroids."""
    if not osm_ids:
        return _empty_features()
    columns = list(_FEATURE_KEYS)
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    flags = [_feature_match(dict(zip(columns, row, strict=True))) for row in rows]
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
        return _empty_features()
    gdf = gpd.GeoDataFrame(frame, geometry=geoms[keep], crs="EPSG:4326")
    return gdf[list(FEATURE_COLUMNS)]


def features_from_file(path: str | os.PathLike[str], *, boundary: Boundary | None = None) -> gpd.GeoDataFrame:
    """Extract the features (points of interest) with :data:`FEATURE_TAGS` from a local file.

    pyosmium streams the file: tagged nodes become Points; closed ways and multipolygon relations
    are assembled by its area handler into Polygons/MultiPolygons.  Elements whose only matching
    tag is ``building`` are returned as the Point at their centroid (buildings are numerous and
    serve only as demand evidence).  Unclosed tagged ways, broken multipolygons and other relation
    types are skipped.

    Parameters
    ----------
    path
        A ``.osm``, ``.osm.bz2``, ``.osm.gz`` or ``.osm.pbf`` file.
    boundary
        Optional study area (shapely (Multi)Polygon in EPSG:4326 or GeoDataFrame in any CRS): only
        features intersecting it are returned.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`FEATURE_COLUMNS` (object dtype, missing values None; ``osm_id`` like
        ``"node/1"``, ``"way/2"``, ``"relation/3"``), EPSG:4326.  Empty (with these columns) when
        nothing matches.

    Raises
    ------
    InputDataError
        Missing file, unsupported extension, truncated/corrupt content, or an invalid boundary.
    """
    path = _check_osm_path(path)
    region = None if boundary is None else _boundary_polygon(boundary)
    minx, miny, maxx, maxy = region.bounds if region is not None else (-180, -90, 180, 90)
    keys = list(FEATURE_TAGS)
    osm_keys = list(_FEATURE_KEYS.values())
    factory = osmium.geom.WKBFactory()
    osm_ids: list[str] = []
    rows: list[tuple[str | None, ...]] = []
    point_idx: list[int] = []
    coords: list[tuple[float, float]] = []
    area_idx: list[int] = []
    wkbs: list[str] = []
    broken = 0
    fp = (
        osmium.FileProcessor(_osm_file(path))
        .with_areas(osmium.filter.KeyFilter(*keys))
        .with_filter(osmium.filter.KeyFilter(*keys))
    )
    try:
        for obj in fp:
            if isinstance(obj, osmium.osm.Node):
                lon, lat = obj.location.lon, obj.location.lat
                if not (minx <= lon <= maxx and miny <= lat <= maxy):
                    continue
                row = tuple(obj.tags.get(k) for k in osm_keys)
                if not _feature_match(dict(zip(_FEATURE_KEYS, row, strict=True)))[0]:
                    continue
                point_idx.append(len(rows))
                coords.append((lon, lat))
                osm_ids.append(f"node/{obj.id}")
                rows.append(row)
            elif isinstance(obj, osmium.osm.Area):
                row = tuple(obj.tags.get(k) for k in osm_keys)
                if not _feature_match(dict(zip(_FEATURE_KEYS, row, strict=True)))[0]:
                    continue
                try:
                    wkb = factory.create_multipolygon(obj)
                except RuntimeError:  # invalid ring geometry
                    broken += 1
                    continue
                area_idx.append(len(rows))
                wkbs.append(wkb)
                kind = "way" if obj.from_way() else "relation"
                osm_ids.append(f"{kind}/{obj.orig_id()}")
                rows.append(row)
    except RuntimeError as err:
        raise _corrupt(path, err) from err
    if broken:
        logger.info("%s: skipped %d features with broken polygon geometry", path.name, broken)
    geoms = np.empty(len(rows), dtype=object)
    if point_idx:
        geoms[point_idx] = shapely.points(np.asarray(coords, dtype=float))
    if area_idx:
        geoms[area_idx] = shapely.from_wkb(wkbs)
    return _features_frame(osm_ids, rows, geoms, region)


# --------------------------------------------------------------------------------------------------
# Live downloads (osmnx) with a local cache
# --------------------------------------------------------------------------------------------------

_PROBE_TIMEOUT_S = 10.0


def _reachable(url: str, timeout_s: float) -> bool:
    """Return False only when a TCP connection to the URL's host surely cannot be opened."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname
    if not host:
        return True
    scheme = parts.scheme or "https"
    if urllib.request.getproxies().get(scheme) and not urllib.request.proxy_bypass(host):
        return True  # behind a proxy: let the request itself decide
    port = parts.port or (443 if scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=min(_PROBE_TIMEOUT_S, timeout_s)):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def _live_osmnx(url: str, *, use_cache: bool = True) -> Iterator[None]:
    """Configure osmnx for one live call and restore its settings afterwards.

    Sets the HTTP cache folder and timeout from :mod:`siting.settings`.  When the server cannot be
    reached, also disables osmnx's Overpass slot pause and DNS-over-HTTPS lookup so that a cached
    response is still served and an uncached request fails at once.  osmnx replaces
    ``socket.getaddrinfo`` while it runs; the original is put back too.
    """
    timeout = settings.osm_timeout_s()
    overrides: dict[str, Any] = {
        "use_cache": use_cache,
        "cache_folder": str(settings.cache_dir() / "http"),
        "requests_timeout": timeout,
    }
    if not _reachable(url, timeout):
        overrides.update(overpass_rate_limit=False, doh_url_template=None, requests_timeout=_PROBE_TIMEOUT_S)
    saved = {key: getattr(ox.settings, key) for key in overrides}
    getaddrinfo = socket.getaddrinfo
    try:
        for key, value in overrides.items():
            setattr(ox.settings, key, value)
        yield
    finally:
        for key, value in saved.items():
            setattr(ox.settings, key, value)
        socket.getaddrinfo = getaddrinfo


def _download_error(url: str, err: Exception) -> OsmDownloadError:
    return OsmDownloadError(
        f"The OpenStreetMap server {url} could not be reached or gave no usable answer ({err}). "
        "To plan offline, download an OpenStreetMap extract of the region (a .osm.pbf, e.g. from "
        "https://download.geofabrik.de/asia/china.html) and run `siting plan --osm-file PATH`, or "
        "run `siting demo` for the synthetic example."
    )


_NETWORK_ERRORS = (OSError, InsufficientResponseError, ResponseStatusCodeError)


def _cache_key(region: Polygon | MultiPolygon, kind: str) -> str:
    text = f"{region.wkt}\n{kind}"
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def graph_cache_path(polygon: Boundary) -> Path:
    """Return where :func:`graph_from_polygon` caches the graph of ``polygon``.

    ``settings.cache_dir()/"graphs"/<sha1>.graphml``, the SHA-1 of the polygon's WKT (EPSG:4326)
    and the network type (name and Overpass filter, so a changed filter never reuses old files).

    Parameters
    ----------
    polygon
        The study area, as for :func:`graph_from_polygon`.

    Returns
    -------
    pathlib.Path
        The GraphML path (it may not exist yet).
    """
    region = _boundary_polygon(polygon, what="polygon")
    key = _cache_key(region, f"{_NETWORK_TYPE}\n{DRIVE_OVERPASS_FILTER}")
    return settings.cache_dir() / "graphs" / f"{key}.graphml"


def features_cache_path(polygon: Boundary) -> Path:
    """Return where :func:`features_from_polygon` caches the features of ``polygon``.

    ``settings.cache_dir()/"features"/<sha1>.gpkg``, the SHA-1 of the polygon's WKT and of
    :data:`FEATURE_TAGS`.

    Parameters
    ----------
    polygon
        The study area, as for :func:`features_from_polygon`.

    Returns
    -------
    pathlib.Path
        The GeoPackage path (it may not exist yet).
    """
    region = _boundary_polygon(polygon, what="polygon")
    key = _cache_key(region, f"features\n{sorted(FEATURE_TAGS.items())}")
    return settings.cache_dir() / "features" / f"{key}.gpkg"


@contextlib.contextmanager
def _atomic_target(final: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``final``; move it into place only if the block succeeds."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{final.stem}.{os.getpid()}.tmp{final.suffix}")
    try:
        yield tmp
        tmp.replace(final)
    finally:
        tmp.unlink(missing_ok=True)


def _download_labels() -> dict[str, Any]:
    today = dt.datetime.now(dt.UTC).date().isoformat()
    return {
        "source_label": f"OpenStreetMap via Overpass API (downloaded {today})",
        "source_label_zh": f"OpenStreetMap 数据（Overpass API，下载于 {today}）",
        "data_date": today,
    }


def boundary_from_place(place: str) -> gpd.GeoDataFrame:
    """Geocode a place name to its boundary polygon with Nominatim (osmnx ``geocode_to_gdf``).

    Responses are kept in osmnx's HTTP cache (``settings.cache_dir()/"http"``), so a repeated query
    works offline.

    Parameters
    ----------
    place
        A place name, e.g. ``"Guang'an, Sichuan, China"`` or ``"广安市"``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row, columns ``name`` (Nominatim's display name) and ``geometry``; EPSG:4326.

    Raises
    ------
    OsmDownloadError
        Nominatim could not be reached, or found no place of that name.
    InputDataError
        The place was found but is not an area (e.g. a point).
    """
    url = ox.settings.nominatim_url
    try:
        with _live_osmnx(url):
            gdf = ox.geocoder.geocode_to_gdf(place)
    except TypeError as err:
        raise InputDataError(
            f"Nominatim found {place!r} but not as an area (polygon): use a more specific name "
            "(e.g. add the province and country) or give a boundary file."
        ) from err
    except InsufficientResponseError as err:
        if "0 results" in str(err):
            raise OsmDownloadError(
                f"Nominatim found no place called {place!r}: check the spelling, add the province "
                "and country, or give a boundary file instead."
            ) from err
        raise _download_error(url, err) from err
    except _NETWORK_ERRORS as err:
        raise _download_error(url, err) from err
    name = str(gdf["display_name"].iloc[0]) if "display_name" in gdf else place
    geom = _boundary_polygon(gdf.to_crs("EPSG:4326"), what=f"place {place!r}")
    return gpd.GeoDataFrame({"name": [name]}, geometry=[geom], crs="EPSG:4326")


def graph_from_polygon(polygon: Boundary, *, cache: bool = True) -> nx.MultiDiGraph:
    """Download the drivable road graph inside a polygon from Overpass (osmnx), with a cache.

    The graph uses the same road filter as :func:`graph_from_file`
    (:data:`DRIVE_OVERPASS_FILTER`) and is saved as GraphML in
    ``settings.cache_dir()/"graphs"/<sha1>.graphml`` (the key hashes the polygon's WKT and the
    network type), written to a temporary file first and then moved into place.  When that file
    exists it is loaded without any network access.

    Parameters
    ----------
    polygon
        The study area: shapely (Multi)Polygon in EPSG:4326, or a GeoDataFrame in any CRS.
    cache
        Use (read and write) the GraphML cache and osmnx's HTTP cache.

    Returns
    -------
    networkx.MultiDiGraph
        The osmnx graph with ``source_label``, ``source_label_zh`` and ``data_date`` (the
        download date).

    Raises
    ------
    OsmDownloadError
        Overpass could not be reached or returned an error; nothing is written to the cache.
    NetworkError
        No drivable road inside the polygon.
    """
    region = _boundary_polygon(polygon, what="polygon")
    target = graph_cache_path(region)
    if cache and target.is_file():
        try:
            G: nx.MultiDiGraph = ox.io.load_graphml(target)
        except Exception as err:  # unreadable cache entry: download again
            logger.warning("ignoring unreadable cached graph %s (%s)", target, err)
        else:
            if G.graph.get("data_date") in ("None", ""):
                G.graph["data_date"] = None
            return G
    url = ox.settings.overpass_url
    try:
        with _live_osmnx(url, use_cache=cache):
            G = ox.graph.graph_from_polygon(
                region,
                network_type="drive",
                custom_filter=DRIVE_OVERPASS_FILTER,
                simplify=True,
                retain_all=True,
            )
    except _NETWORK_ERRORS as err:  # before ValueError: osmnx's response errors subclass it
        raise _download_error(url, err) from err
    except ValueError as err:  # osmnx: no graph nodes inside the polygon
        raise NetworkError(
            f"There is no drivable road in OpenStreetMap inside the polygon "
            f"({_fmt_bounds(region.bounds)}): check the study area."
        ) from err
    G.graph.update(_download_labels())
    if cache:
        with _atomic_target(target) as tmp:
            ox.io.save_graphml(G, filepath=tmp)
    return G


def graph_from_place(place: str, *, cache: bool = True) -> nx.MultiDiGraph:
    """Download the drivable road graph of a named place (:func:`boundary_from_place` then
    :func:`graph_from_polygon`), cached like :func:`graph_from_polygon`.

    Parameters
    ----------
    place
        A place name Nominatim knows, e.g. ``"Guang'an, Sichuan, China"``.
    cache
        Use the GraphML and HTTP caches.

    Returns
    -------
    networkx.MultiDiGraph
        The osmnx graph.
    """
    boundary = boundary_from_place(place)
    return graph_from_polygon(boundary, cache=cache)


def _features_from_osmnx(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Convert an osmnx features GeoDataFrame to our schema (:data:`FEATURE_COLUMNS`)."""
    if len(gdf) == 0:
        return _empty_features()
    osm_ids = [f"{element}/{osmid}" for element, osmid in gdf.index]
    columns: list[list[str | None]] = []
    for key in _FEATURE_KEYS.values():
        if key in gdf:
            columns.append([None if pd.isna(v) else str(v) for v in gdf[key].to_numpy()])
        else:
            columns.append([None] * len(gdf))
    rows = list(zip(*columns, strict=True))
    geoms = np.asarray(gdf.geometry.to_numpy(), dtype=object)
    return _features_frame(osm_ids, rows, geoms, None)


def _read_cached_features(target: Path) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(target)
    if len(gdf) == 0:
        return _empty_features()
    for col in FEATURE_COLUMNS[:-1]:
        values = gdf[col].to_numpy(dtype=object) if col in gdf else [None] * len(gdf)
        gdf[col] = pd.Series([None if pd.isna(v) else v for v in values], dtype=object)
    return gdf.set_crs("EPSG:4326", allow_override=True)[list(FEATURE_COLUMNS)]


def features_from_polygon(polygon: Boundary, *, cache: bool = True) -> gpd.GeoDataFrame:
    """Download the features with :data:`FEATURE_TAGS` inside a polygon (osmnx), with a cache.

    Same schema as :func:`features_from_file` (building-only polygons become centroid Points;
    unclosed ways are dropped).  The result is saved as a GeoPackage in
    ``settings.cache_dir()/"features"/<sha1>.gpkg`` (written atomically) and loaded from there on
    the next call without network access.  An empty result is not saved (osmnx's HTTP cache
    still holds the response).

    Parameters
    ----------
    polygon
        The study area: shapely (Multi)Polygon in EPSG:4326, or a GeoDataFrame in any CRS.
    cache
        Use (read and write) the GeoPackage cache and osmnx's HTTP cache.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`FEATURE_COLUMNS`, EPSG:4326; empty when nothing matches.

    Raises
    ------
    OsmDownloadError
        Overpass could not be reached or returned an error; nothing is written to the cache.
    """
    region = _boundary_polygon(polygon, what="polygon")
    target = features_cache_path(region)
    if cache and target.is_file():
        try:
            return _read_cached_features(target)
        except Exception as err:  # unreadable cache entry: download again
            logger.warning("ignoring unreadable cached features %s (%s)", target, err)
    url = ox.settings.overpass_url
    tags: dict[str, bool | str | list[str]] = dict(FEATURE_TAGS)
    try:
        with _live_osmnx(url, use_cache=cache):
            raw = ox.features.features_from_polygon(region, tags=tags)
    except InsufficientResponseError as err:
        if "No matching features" not in str(err):
            raise _download_error(url, err) from err
        gdf = _empty_features()
    except _NETWORK_ERRORS as err:
        raise _download_error(url, err) from err
    else:
        gdf = _features_from_osmnx(raw)
    if cache and len(gdf):
        with _atomic_target(target) as tmp:
            gdf.to_file(tmp, driver="GPKG", layer="features")
    return gdf
