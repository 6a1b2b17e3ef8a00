"""Reading OpenStreetMap: local extracts, live downloads with a cache, and points of interest.

Local files (``.osm``, ``.osm.bz2``, ``.osm.gz``, ``.osm.pbf``) are read with pyosmium, which
streams all of these formats in C++.  For the road graph, pyosmium keeps only the drivable ways
(see :data:`DRIVABLE_HIGHWAYS` and :func:`is_drivable`) and the nodes they reference, writes them
to a small temporary OSM XML file, and hands that file to :func:`osmnx.graph.graph_from_xml`, so
that osmnx builds and simplifies the graph exactly as it does for downloaded data.  Points of
interest are assembled directly by pyosmium's area handler (closed ways and multipolygon relations
become polygons).

Live functions (:func:`boundary_from_place`, :func:`graph_from_place`,
:func:`graph_from_polygon`, :func:`features_from_polygon`) live in :mod:`siting.osm_live` and are
re-exported here: they call osmnx with its HTTP cache in ``settings.cache_dir()/"http"`` and also save
each downloaded graph (GraphML) or feature layer (GeoPackage) under ``settings.cache_dir()``, so that a
second run works offline.  The road filter, the features schema and boundary handling they share with
local files are in :mod:`siting.osm_schema`; all these names are importable from here.

Every problem a user can cause raises a :class:`~siting._errors.SitingError` subclass whose
message names the input and the fix: :class:`~siting._errors.InputDataError` (missing, corrupt
or wrong files),
:class:`~siting._errors.NetworkError` (no drivable roads, boundary outside the extract) and
:class:`~siting._errors.OsmDownloadError` (server unreachable).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import osmium
import osmium.filter
import osmium.geom
import osmium.io
import osmnx as ox
import shapely
from shapely.geometry import MultiPolygon, Polygon

from siting._errors import InputDataError, NetworkError
from siting._io import scratch_prefix
from siting._warnings import warn
from siting.osm_live import boundary_from_place as boundary_from_place
from siting.osm_live import features_cache_path as features_cache_path
from siting.osm_live import features_from_polygon as features_from_polygon
from siting.osm_live import graph_cache_path as graph_cache_path
from siting.osm_live import graph_from_place as graph_from_place
from siting.osm_live import graph_from_polygon as graph_from_polygon
from siting.osm_schema import DRIVABLE_HIGHWAYS as DRIVABLE_HIGHWAYS
from siting.osm_schema import DRIVE_OVERPASS_FILTER as DRIVE_OVERPASS_FILTER
from siting.osm_schema import EXCLUDED_ACCESS as EXCLUDED_ACCESS
from siting.osm_schema import EXCLUDED_SERVICE as EXCLUDED_SERVICE
from siting.osm_schema import FEATURE_COLUMNS as FEATURE_COLUMNS
from siting.osm_schema import (
    FEATURE_KEYS,
    boundary_polygon,
    feature_match,
    features_frame,
    fmt_bounds,
    lonlat_ok,
    polygonal_part,
)
from siting.osm_schema import FEATURE_TAGS as FEATURE_TAGS
from siting.osm_schema import Boundary as Boundary
from siting.osm_schema import is_drivable as is_drivable

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

#: File name endings that :func:`graph_from_file` and :func:`features_from_file` accept (in any
#: letter case).
OSM_SUFFIXES: tuple[str, ...] = (".osm.pbf", ".osm", ".osm.bz2", ".osm.gz")


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


_SEARCH_BUFFER_M = 500.0


def _buffer_m(region: Polygon | MultiPolygon, metres: float) -> Polygon | MultiPolygon:
    """Buffer an EPSG:4326 (Multi)Polygon by a distance in metres (in its UTM zone)."""
    series = gpd.GeoSeries([region], crs="EPSG:4326")
    utm = series.estimate_utm_crs()
    buffered = series.to_crs(utm).buffer(metres).to_crs("EPSG:4326").iloc[0]
    return polygonal_part(buffered) or region


def boundary_from_file(path: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    """Read a study-area boundary from a polygon file (GeoJSON, GeoPackage, Shapefile, …).

    All polygons in the file are reprojected to EPSG:4326 and dissolved into one (Multi)Polygon.
    A file without a CRS is accepted, with a :class:`~siting._warnings.SitingWarning`, only when its
    coordinates fit longitude/latitude ranges (EPSG:4326 is then assumed).

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
        if len(present) and lonlat_ok(present.total_bounds):
            warn(
                f"Boundary file {path} has no CRS; its coordinates fit longitude/latitude so "
                "EPSG:4326 is assumed. Save it with a CRS (e.g. as GeoJSON) to silence this."
            )
            gdf = gdf.set_crs("EPSG:4326")
        else:
            problems.append(
                f"Boundary file {path} has no CRS and its coordinates are not longitude/latitude: "
                "add the CRS (e.g. the .prj of a Shapefile) or reproject it to EPSG:4326."
            )
    if problems:
        raise InputDataError(*problems)
    geom = polygonal_part(shapely.union_all(np.asarray(gdf.to_crs("EPSG:4326").geometry.to_numpy())))
    if geom is None:
        raise InputDataError(f"Boundary file {path}: its polygons dissolve to nothing: check the geometries.")
    return gpd.GeoDataFrame({"name": [path.name.split(".")[0]]}, geometry=[geom], crs="EPSG:4326")


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
    negative_refs: bool = False  # a skipped way references a negative node id (a JOSM file)


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
            # a node missing from the file, a negative id (JOSM) or fewer than two distinct points
            sel.skipped += 1
            sel.negative_refs = sel.negative_refs or any(n.ref < 0 for n in way.nodes)
            continue
        pending_ids.append(way.id)
        pending_wkb.append(wkb)
        if len(pending_ids) >= _CHUNK:
            flush()
    flush()
    if sel.skipped:
        logger.info("%s: skipped %d roads with missing nodes", path.name, sel.skipped)
    return sel


#: The largest node, way and relation ids of a file before :func:`_renumbered_copy` moved its negative ids.
_Tops = dict[str, int]


def _renumbered_copy(path: Path, out: Path) -> tuple[Path, _Tops]:
    """Copy ``path`` to ``out`` with negative node, way and relation ids moved above the file's largest ids.

    JOSM numbers new objects negatively; libosmium's node location index takes only positive ids, so
    ways and areas built from negative nodes would be lost.  :func:`_original_id` maps an id back.
    """
    top = {"n": 0, "w": 0, "r": 0}
    kinds = osmium.osm.NODE | osmium.osm.WAY | osmium.osm.RELATION
    for obj in osmium.FileProcessor(_osm_file(path), kinds):
        kind = obj.type_str()
        top[kind] = max(top[kind], obj.id)

    def new_id(kind: str, i: int) -> int:
        return i if i >= 0 else top[kind] - i

    with osmium.SimpleWriter(str(out), overwrite=True) as writer:
        for obj in osmium.FileProcessor(_osm_file(path), kinds):
            if isinstance(obj, osmium.osm.Node):
                writer.add_node(obj.replace(id=new_id("n", obj.id)))
            elif isinstance(obj, osmium.osm.Way):
                writer.add_way(
                    obj.replace(id=new_id("w", obj.id), nodes=[new_id("n", n.ref) for n in obj.nodes])
                )
            elif isinstance(obj, osmium.osm.Relation):
                members = [(m.type, new_id(m.type, m.ref), m.role) for m in obj.members]
                writer.add_relation(obj.replace(id=new_id("r", obj.id), members=members, tags=dict(obj.tags)))
    return out, top


def _original_id(kind: str, i: int, top: _Tops) -> int:
    """The id ``i`` of a :func:`_renumbered_copy` object of ``kind`` ("n", "w", "r") in the user's file."""
    return top[kind] - i if i > top[kind] else i


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
        f"The boundary ({fmt_bounds(region.bounds)}) does not overlap the roads of {path.name} "
        f"({fmt_bounds(roads)}): use an extract that covers the study area (e.g. the province "
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
    region = None if boundary is None else boundary_polygon(boundary)
    search = None if region is None else _buffer_m(region, _SEARCH_BUFFER_M)
    with tempfile.TemporaryDirectory(prefix=scratch_prefix("siting-osm")) as tmp:
        try:
            date = _header_date(path)
            source = path
            selection = _select_drivable_ways(source, search)
            if selection.negative_refs:
                # JOSM files number new objects negatively; libosmium's location index takes only positive
                # ids, so read a renumbered copy (the ids are internal: nothing is written back)
                source, _ = _renumbered_copy(path, Path(tmp) / "renumbered.osm.pbf")
                selection = _select_drivable_ways(source, search)
        except RuntimeError as err:
            raise _corrupt(path, err) from err
        return _graph_from_selection(path, source, selection, region, date, Path(tmp))


def _graph_from_selection(
    path: Path,
    source: Path,
    selection: _WaySelection,
    region: Polygon | MultiPolygon | None,
    date: dt.date | None,
    tmp: Path,
) -> nx.MultiDiGraph:
    """The road graph of the selected ways of ``source`` (``path`` as the user named it, for messages)."""
    if selection.skipped:
        warn(
            f"OSM file {path.name}: {selection.skipped:,} of {selection.n_drivable:,} drivable roads "
            "reference nodes missing from the file (an extract cut without complete ways?) and were left "
            "out; the plan uses the roads that can be located."
        )
    if selection.n_drivable and selection.skipped == selection.n_drivable:
        raise NetworkError(
            f"OSM file {path.name}: none of its {selection.n_drivable:,} drivable roads can be located "
            "(their nodes are missing from the file); export the extract with complete ways (osmium extract "
            "--strategy complete_ways, or JOSM's 'download referrers')."
        )
    if selection.n_drivable == 0:
        raise NetworkError(
            f"OSM file {path.name} contains no drivable roads (highway=motorway … service): use an "
            "extract with the road network of the study area (e.g. from https://download.geofabrik.de/)."
        )
    if region is not None and not selection.ids:
        raise _outside_error(path, region, selection.bounds or [float("nan")] * 4)
    if date is None and selection.newest is not None:
        date = selection.newest.date()

    xml = tmp / "roads.osm"
    try:
        _write_road_xml(source, selection.ids, xml)
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
    region = None if boundary is None else boundary_polygon(boundary)
    found = _features_pass(path, path, region)
    if found.negative:
        # JOSM ids: areas of negative nodes cannot be assembled from the file itself (see _renumbered_copy)
        with tempfile.TemporaryDirectory(prefix=scratch_prefix("siting-osm")) as tmp:
            try:
                copy, top = _renumbered_copy(path, Path(tmp) / "renumbered.osm.pbf")
            except RuntimeError as err:
                raise _corrupt(path, err) from err
            found = _features_pass(path, copy, region)
        short = {"node": "n", "way": "w", "relation": "r"}
        found.osm_ids = [
            f"{kind}/{_original_id(short[kind], int(i), top)}"
            for kind, i in (osm_id.split("/") for osm_id in found.osm_ids)
        ]
    return features_frame(found.osm_ids, found.rows, found.geoms, region)


@dataclass
class _Found:
    """Features of one pass over a file: ids, tag rows, geometries; whether it has negative (JOSM) ids."""

    osm_ids: list[str] = field(default_factory=list)
    rows: list[tuple[str | None, ...]] = field(default_factory=list)
    geoms: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    negative: bool = False


def _features_pass(path: Path, source: Path, region: Polygon | MultiPolygon | None) -> _Found:
    """One pass of :func:`features_from_file` over ``source`` (``path`` as the user named it)."""
    minx, miny, maxx, maxy = region.bounds if region is not None else (-180, -90, 180, 90)
    keys = list(FEATURE_TAGS)
    osm_keys = list(FEATURE_KEYS.values())
    factory = osmium.geom.WKBFactory()
    out = _Found()
    osm_ids, rows = out.osm_ids, out.rows
    point_idx: list[int] = []
    coords: list[tuple[float, float]] = []
    area_idx: list[int] = []
    wkbs: list[str] = []
    broken = 0
    fp = (
        osmium.FileProcessor(_osm_file(source))
        .with_areas(osmium.filter.KeyFilter(*keys))
        .with_filter(osmium.filter.KeyFilter(*keys))
    )
    try:
        for obj in fp:
            if obj.id < 0 or (isinstance(obj, osmium.osm.Way) and any(n.ref < 0 for n in obj.nodes)):
                out.negative = True
            if isinstance(obj, osmium.osm.Node):
                lon, lat = obj.location.lon, obj.location.lat
                if not (minx <= lon <= maxx and miny <= lat <= maxy):
                    continue
                row = tuple(obj.tags.get(k) for k in osm_keys)
                if not feature_match(dict(zip(FEATURE_KEYS, row, strict=True)))[0]:
                    continue
                point_idx.append(len(rows))
                coords.append((lon, lat))
                osm_ids.append(f"node/{obj.id}")
                rows.append(row)
            elif isinstance(obj, osmium.osm.Area):
                row = tuple(obj.tags.get(k) for k in osm_keys)
                if not feature_match(dict(zip(FEATURE_KEYS, row, strict=True)))[0]:
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
            elif isinstance(obj, osmium.osm.Relation) and any(m.ref < 0 for m in obj.members):
                out.negative = True
    except RuntimeError as err:
        raise _corrupt(path, err) from err
    if broken:
        logger.info("%s: skipped %d features with broken polygon geometry", path.name, broken)
    out.geoms = np.empty(len(rows), dtype=object)
    if point_idx:
        out.geoms[point_idx] = shapely.points(np.asarray(coords, dtype=float))
    if area_idx:
        out.geoms[area_idx] = shapely.from_wkb(wkbs)
    return out
