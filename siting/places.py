"""Candidate station sites, pile sites, passenger terminals and locked sites.

Station candidates come from OpenStreetMap features (or the synthetic city's), classified by
:data:`CANDIDATE_KINDS` in priority order, snapped to the road network and de-duplicated so that at most one
candidate stands on each road node.  Where POIs are sparse, road nodes on the best road of each
``candidate_spacing_m`` grid cell are added (never a node served only by motorways: a station cannot be
built on an expressway carriageway), so rural areas and POI-less extracts still get candidates.

Pile sites are parking lots, residential areas, workplaces and the centroid of every demand zone with slow
demand, each with a capacity in piles (:data:`siting.scenario.DEFAULT_PILE_CAPACITY_BY_KIND`).

Passenger terminals are OSM bus stations (``amenity=bus_station`` / ``highway=bus_station``) or a user file; a
user file row without coordinates is matched by name to an OSM bus station.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
from shapely.geometry.base import BaseGeometry

from siting._validate import Problems, check_duplicate_ids, check_geometry_types, check_not_empty
from siting._warnings import warn
from siting.matrices import snap_points
from siting.network import RoadNetwork
from siting.pointfile import read_point_file

__all__ = [
    "CANDIDATE_KINDS",
    "assign_county",
    "candidates_from_features",
    "pile_sites_from_features",
    "points_from_file",
    "terminals_from_features",
    "terminals_from_file",
    "terminals_from_frame",
]


#: Candidate kinds in priority order (when two candidates snap to the same road node the earlier kind wins),
#: with the OSM tags that make a feature that kind.
CANDIDATE_KINDS: dict[str, dict[str, tuple[str, ...]]] = {
    "locked": {},
    "charging_station": {"amenity": ("charging_station",)},
    "transport_hub": {
        "amenity": ("bus_station",),
        "highway": ("bus_station",),
        "public_transport": ("station",),
    },
    "services": {"highway": ("services", "rest_area")},
    "fuel": {"amenity": ("fuel",)},
    "parking": {"amenity": ("parking",)},
    "retail": {"shop": ("mall", "supermarket", "department_store")},
    "public_building": {
        "amenity": (
            "townhall",
            "hospital",
            "university",
            "college",
            "school",
            "marketplace",
            "public_building",
        ),
    },
    "road_node": {},
}

#: Highway classes a sampled road-node candidate may stand on, best first (motorways excluded).
SAMPLING_ROAD_CLASSES: tuple[str, ...] = (
    "trunk",
    "primary",
    "secondary",
    "tertiary",
    "unclassified",
    "residential",
    "trunk_link",
    "primary_link",
    "secondary_link",
    "tertiary_link",
    "living_street",
    "road",
    "service",
)

CANDIDATE_COLUMNS = [
    "site_id",
    "name",
    "kind",
    "osm_id",
    "county_id",
    "existing",
    "locked",
    "source",
    "geometry",
]
PILE_SITE_COLUMNS = [
    "pile_site_id",
    "name",
    "kind",
    "osm_id",
    "county_id",
    "capacity_piles",
    "geometry",
]
TERMINAL_COLUMNS = ["terminal_id", "name", "name_en", "county_id", "source", "geometry"]


def _col(features: pd.DataFrame, name: str) -> pd.Series:
    if name in features.columns:
        return features[name]
    return pd.Series([None] * len(features), index=features.index, dtype=object)


def _matches(features: pd.DataFrame, tags: dict[str, tuple[str, ...]]) -> pd.Series:
    mask = pd.Series(False, index=features.index)
    for key, values in tags.items():
        mask |= _col(features, key).isin(values)
    return mask


def _points(gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Representative point of each geometry (polygon centroids may fall outside the polygon)."""
    return gdf.geometry.representative_point()


def assign_county(points: gpd.GeoSeries, counties: gpd.GeoDataFrame | None) -> pd.Series:
    """Return the ``county_id`` containing each point (None where outside every county)."""
    out = pd.Series([None] * len(points), index=points.index, dtype=object)
    if counties is None or counties.empty or len(points) == 0:
        return out
    pts = gpd.GeoDataFrame(geometry=points.to_crs(counties.crs), index=points.index)
    joined = gpd.sjoin(pts, counties[["county_id", "geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    vals = joined["county_id"].reindex(points.index)
    out[:] = [None if (v is None or (isinstance(v, float) and math.isnan(v))) else str(v) for v in vals]
    return out


def _motorway_only_nodes(G: nx.MultiDiGraph) -> set[int]:
    """Nodes all of whose edges are motorway or motorway_link (no station can be built there)."""
    seen: dict[int, bool] = {}
    for u, v, hwy in G.edges(data="highway"):
        classes = hwy if isinstance(hwy, list) else [hwy]
        motorway = all(str(c).startswith("motorway") for c in classes)
        for n in (u, v):
            seen[n] = seen.get(n, True) and motorway
    return {n for n, only in seen.items() if only}


def _node_best_class(G: nx.MultiDiGraph) -> dict[int, int]:
    """Best (lowest) index into SAMPLING_ROAD_CLASSES among each node's edges."""
    rank = {c: i for i, c in enumerate(SAMPLING_ROAD_CLASSES)}
    worst = len(SAMPLING_ROAD_CLASSES)
    best: dict[int, int] = {}
    for u, v, hwy in G.edges(data="highway"):
        classes = hwy if isinstance(hwy, list) else [hwy]
        r = min(rank.get(str(c), worst) for c in classes)
        for n in (u, v):
            if r < best.get(n, worst + 1):
                best[n] = r
    return best


def candidates_from_features(
    features: gpd.GeoDataFrame,
    G: nx.MultiDiGraph,
    net: RoadNetwork,
    *,
    study_area: BaseGeometry,
    counties: gpd.GeoDataFrame | None,
    spacing_m: float,
    max_snap_m: float,
    lock_existing: bool = False,
    locked_sites: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Build the candidate station sites.

    Parameters
    ----------
    features
        OSM features (schema in docs/architecture.md).
    G, net
        The road graph (for road classes) and its CSR form (for snapping).
    study_area
        Polygon in EPSG:4326; candidates outside it are dropped.
    counties
        County polygons with ``county_id``; may be None.
    spacing_m
        Grid spacing of road-node sampling where no POI candidate exists, metres.
    max_snap_m
        POIs farther than this from any road node are dropped (a warning names them by id).
    lock_existing
        Lock existing charging stations open.
    locked_sites
        Extra sites that must be open (points; optional ``name`` column).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``CANDIDATE_COLUMNS``, ids ``S00001``… in a deterministic order.
    """
    poi = _poi_candidates(features, lock_existing=lock_existing, locked_sites=locked_sites)
    poi = gpd.GeoDataFrame(poi, geometry="geometry", crs=4326)
    if not poi.empty:
        poi = poi[poi.within(study_area) | poi["locked"].astype(bool)].reset_index(drop=True)
    snap = snap_points(net, poi.geometry)
    poi["node"] = snap.node
    far = snap.snap_m > max_snap_m
    if far.any():
        ids = ", ".join(str(x) for x in poi.loc[far, "osm_id"].head(10))
        warn(
            f"{int(far.sum())} candidate POIs lie more than {max_snap_m:.0f} m from any road and were "
            f"dropped (e.g. {ids})"
        )
        far &= ~poi["locked"].astype(bool).to_numpy()
        poi = poi[~far].reset_index(drop=True)
    # One candidate per road node: locked first, then by kind priority, then by name/osm id for determinism.
    priority = {k: i for i, k in enumerate(CANDIDATE_KINDS)}
    poi["_prio"] = poi["kind"].map(priority)
    poi["_key"] = poi["osm_id"].fillna("").astype(str)
    poi = poi.sort_values(["node", "_prio", "_key"], kind="stable")
    locked_mask = poi["locked"].astype(bool)
    poi = pd.concat([poi[locked_mask], poi[~locked_mask].drop_duplicates("node")])
    poi = poi[~(~poi["locked"].astype(bool) & poi["node"].duplicated(keep="first"))]
    sampled = _sample_road_nodes(G, net, poi, study_area=study_area, spacing_m=spacing_m)
    out = pd.concat([poi, sampled], ignore_index=True)
    out = out.sort_values(["_prio", "node", "_key"], kind="stable").reset_index(drop=True)
    out = gpd.GeoDataFrame(out, geometry="geometry", crs=4326)
    out["county_id"] = assign_county(out.geometry, counties)
    out["site_id"] = [f"S{i + 1:05d}" for i in range(len(out))]
    out["existing"] = out["existing"].astype(bool)
    out["locked"] = out["locked"].astype(bool)
    return out[CANDIDATE_COLUMNS]


def _poi_candidates(
    features: gpd.GeoDataFrame, *, lock_existing: bool, locked_sites: gpd.GeoDataFrame | None
) -> gpd.GeoDataFrame:
    """Locked sites first, then every feature of a :data:`CANDIDATE_KINDS` kind, as candidate rows."""
    parts: list[gpd.GeoDataFrame] = []
    if locked_sites is not None and not locked_sites.empty:
        lk = gpd.GeoDataFrame(
            {
                "name": _col(locked_sites, "name").fillna("").astype(str).to_numpy(),
                "kind": "locked",
                "osm_id": None,
                "existing": False,
                "locked": True,
                "source": _locked_sources(locked_sites),
            },
            geometry=_points(locked_sites.to_crs(4326)).to_numpy(),
            crs=4326,
        )
        parts.append(lk)
    feats = features.to_crs(4326) if features.crs is not None else features
    for kind, tags in CANDIDATE_KINDS.items():
        if not tags or feats.empty:
            continue
        sel = feats[_matches(feats, tags)]
        if sel.empty:
            continue
        existing = kind == "charging_station"
        parts.append(
            gpd.GeoDataFrame(
                {
                    "name": _col(sel, "name").fillna("").astype(str).to_numpy(),
                    "kind": kind,
                    "osm_id": _col(sel, "osm_id").to_numpy(),
                    "existing": existing,
                    "locked": existing and lock_existing,
                    "source": "osm",
                },
                geometry=_points(sel).to_numpy(),
                crs=4326,
            )
        )
    return (
        pd.concat(parts, ignore_index=True)
        if parts
        else gpd.GeoDataFrame(columns=CANDIDATE_COLUMNS[1:], geometry=[], crs=4326)
    )


def _locked_sources(locked_sites: gpd.GeoDataFrame) -> list[str]:
    """``locked sites file <name>, id <the user's id>`` (row number without an id column) for each row."""
    labels = locked_sites.attrs.get("row_labels") or [str(i + 1) for i in range(len(locked_sites))]
    file = locked_sites.attrs.get("file", "locked_sites_file")
    id_col = next((c for c in ("site_id", "id") if c in locked_sites.columns), None)
    kind = "id" if id_col is not None else "row"
    return [f"locked sites file {file}, {kind} {label}" for label in labels]


def _sample_road_nodes(
    G: nx.MultiDiGraph,
    net: RoadNetwork,
    poi: gpd.GeoDataFrame,
    *,
    study_area: BaseGeometry,
    spacing_m: float,
) -> gpd.GeoDataFrame:
    """One road node per ``spacing_m`` grid cell that holds no POI candidate (best road, nearest centre)."""
    best = _node_best_class(G)
    motorway_only = _motorway_only_nodes(G)
    worst = len(SAMPLING_ROAD_CLASSES)
    node_rank = np.array([best.get(int(n), worst) for n in net.node_ids], dtype=np.int64)
    ok = node_rank < worst
    if motorway_only:
        ok &= ~np.isin(net.node_ids, np.fromiter(motorway_only, dtype=np.int64))
    area_m = gpd.GeoSeries([study_area], crs=4326).to_crs(net.crs_m).iloc[0]
    inside = gpd.GeoSeries(gpd.points_from_xy(net.x_m, net.y_m), crs=net.crs_m).within(area_m)
    ok &= inside.to_numpy()
    x0, y0 = float(net.x_m.min()), float(net.y_m.min())
    cx = np.floor((net.x_m - x0) / spacing_m).astype(np.int64)
    cy = np.floor((net.y_m - y0) / spacing_m).astype(np.int64)
    cell = cx * 1_000_003 + cy
    occupied = set(cell[poi["node"].to_numpy(dtype=np.int64)].tolist()) if len(poi) else set()
    centre_dist = np.hypot(net.x_m - (x0 + (cx + 0.5) * spacing_m), net.y_m - (y0 + (cy + 0.5) * spacing_m))
    frame = pd.DataFrame({"node": np.arange(net.n_nodes), "cell": cell, "rank": node_rank, "d": centre_dist})[
        ok
    ]
    frame = frame[~frame["cell"].isin(occupied)]
    frame = frame.sort_values(["cell", "rank", "d", "node"], kind="stable").drop_duplicates("cell")
    nodes = frame["node"].to_numpy(dtype=np.int64)
    return gpd.GeoDataFrame(
        {
            "name": "",
            "kind": "road_node",
            "osm_id": [f"node/{int(net.node_ids[n])}" for n in nodes],
            "existing": False,
            "locked": False,
            "source": "road_sampling",
            "node": nodes,
            "_prio": list(CANDIDATE_KINDS).index("road_node"),
            "_key": "",
        },
        geometry=gpd.points_from_xy(net.lon[nodes], net.lat[nodes]),
        crs=4326,
    )


def pile_sites_from_features(
    features: gpd.GeoDataFrame,
    demand: gpd.GeoDataFrame,
    *,
    study_area: BaseGeometry,
    counties: gpd.GeoDataFrame | None,
    capacity_by_kind: dict[str, int],
) -> gpd.GeoDataFrame:
    """Build the distributed-pile sites with a capacity in piles each.

    Kinds: ``parking`` (``amenity=parking``; capacity 20% of the OSM ``capacity`` tag, clipped to 2-200,
    else the scenario default), ``residential`` (``landuse=residential``), ``workplace`` (``office=*``,
    ``landuse=commercial|industrial``) and ``zone_centroid`` (every demand zone with slow demand, so every
    neighbourhood can be served even where OSM maps nothing).
    """
    feats = features.to_crs(4326) if features.crs is not None else features
    parts: list[gpd.GeoDataFrame] = []

    def add(sel: gpd.GeoDataFrame, kind: str, capacity: Iterable[int]) -> None:
        if sel.empty:
            return
        parts.append(
            gpd.GeoDataFrame(
                {
                    "name": _col(sel, "name").fillna("").astype(str).to_numpy(),
                    "kind": kind,
                    "osm_id": _col(sel, "osm_id").to_numpy(),
                    "capacity_piles": np.fromiter(capacity, dtype=np.int64, count=len(sel)),
                },
                geometry=_points(sel).to_numpy(),
                crs=4326,
            )
        )

    if not feats.empty:
        parking = feats[_col(feats, "amenity") == "parking"]
        tagged = pd.to_numeric(_col(parking, "capacity"), errors="coerce")
        default_parking = capacity_by_kind.get("parking", 0)
        cap = np.where(tagged.notna(), np.clip(np.round(0.2 * tagged.fillna(0)), 2, 200), default_parking)
        add(parking, "parking", cap.astype(np.int64))
        res = feats[_col(feats, "landuse") == "residential"]
        add(res, "residential", [capacity_by_kind.get("residential", 0)] * len(res))
        work = feats[
            _col(feats, "office").notna() | _col(feats, "landuse").isin(("commercial", "industrial"))
        ]
        add(work, "workplace", [capacity_by_kind.get("workplace", 0)] * len(work))
    zones = demand[demand["slow_demand_ev"] > 0]
    zone_sites = gpd.GeoDataFrame(
        {"name": "", "osm_id": None, "demand_id": zones["demand_id"].to_numpy()},
        geometry=zones.geometry.to_numpy(),
        crs=demand.crs,
    ).to_crs(4326)
    add(zone_sites, "zone_centroid", [capacity_by_kind.get("zone_centroid", 0)] * len(zone_sites))
    if not parts:
        return gpd.GeoDataFrame(columns=PILE_SITE_COLUMNS, geometry="geometry", crs=4326)
    out = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=4326)
    out = out[(out["capacity_piles"] > 0) & out.within(study_area)].reset_index(drop=True)
    out["county_id"] = assign_county(out.geometry, counties)
    out["pile_site_id"] = [f"P{i + 1:05d}" for i in range(len(out))]
    return out[PILE_SITE_COLUMNS]


def terminals_from_features(
    features: gpd.GeoDataFrame,
    *,
    study_area: BaseGeometry,
    counties: gpd.GeoDataFrame | None,
) -> gpd.GeoDataFrame:
    """Highway passenger terminals from OSM: ``amenity=bus_station`` or ``highway=bus_station``."""
    feats = features.to_crs(4326) if features.crs is not None else features
    if feats.empty:
        sel = feats
    else:
        sel = feats[(_col(feats, "amenity") == "bus_station") | (_col(feats, "highway") == "bus_station")]
    pts = _points(sel) if not sel.empty else gpd.GeoSeries([], crs=4326)
    out = gpd.GeoDataFrame(
        {
            "name": _col(sel, "name").fillna("").astype(str).to_numpy(),
            "name_en": _col(sel, "name_en").fillna("").astype(str).to_numpy(),
            "source": [f"OSM {x}" for x in _col(sel, "osm_id")],
        },
        geometry=pts.to_numpy(),
        crs=4326,
    )
    out = out[out.within(study_area)].reset_index(drop=True)
    return terminals_from_frame(out, counties)


def terminals_from_frame(out: gpd.GeoDataFrame, counties: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """Give a terminals table the standard columns, ids (``T01``…) where missing, and county ids."""
    out = out.reset_index(drop=True)
    out["county_id"] = assign_county(out.geometry, counties)
    if "terminal_id" not in out.columns or out["terminal_id"].isna().any():
        out["terminal_id"] = [f"T{i + 1:02d}" for i in range(len(out))]
    for col in ("name", "name_en", "source"):
        if col not in out.columns:
            out[col] = ""
    return gpd.GeoDataFrame(out[TERMINAL_COLUMNS], geometry="geometry", crs=4326)


def points_from_file(
    path: Path,
    *,
    what: str,
    id_columns: tuple[str, ...] = (),
    allow_missing_geometry: bool = True,
    crs: str = "WGS-84",
    study_area: BaseGeometry | None = None,
) -> gpd.GeoDataFrame:
    """Read points through :func:`siting.pointfile.read_point_file` and check them.

    Rows of a table without coordinates are kept with an empty geometry (for name matching) when
    ``allow_missing_geometry``.  Raises one :class:`InputDataError` naming the file: missing/unreadable file,
    no CRS, bad coordinates, rows outside ``study_area`` (with the likely fix), then, listed together,
    empty layer, duplicate ids (first of ``id_columns`` present), rows without geometry, lines or other
    non-point, non-polygon geometries.
    """
    problems = Problems()
    gdf = read_point_file(
        path,
        what=what,
        crs=crs,
        study_area=study_area,
        id_columns=id_columns,
        allow_missing_geometry=allow_missing_geometry,
        need_columns=not allow_missing_geometry,
        problems=problems,
    )
    if check_not_empty(gdf, what=what, path=path, problems=problems):
        check_duplicate_ids(gdf, id_columns, what=what, path=path, problems=problems)
        check_geometry_types(
            gdf,
            allowed=("Point", "MultiPoint", "Polygon", "MultiPolygon"),
            what=what,
            path=path,
            problems=problems,
            allow_missing=True,  # the reader lists rows without a (valid) location
        )
    problems.raise_if_any()
    return gdf


def terminals_from_file(
    path: Path,
    *,
    osm_terminals: gpd.GeoDataFrame | None,
    study_area: BaseGeometry,
    counties: gpd.GeoDataFrame | None,
    match_names: bool = True,
    crs: str = "WGS-84",
) -> gpd.GeoDataFrame:
    """Passenger terminals from a user file.

    Rows with coordinates are used as they are.  Rows without coordinates (such as the shipped
    ``geodata/guangan_terminals.csv``, whose sources publish no coordinates) are matched by name to OSM bus
    stations (``osm_terminals``): a match is an OSM name containing the file's name or contained in it.
    Unmatched rows are logged and left out.  With ``match_names=False`` (the file describes another region
    than the study area) rows without coordinates are skipped silently.  Rows with coordinates outside
    ``study_area`` are an error naming them (see :func:`siting.pointfile.read_point_file`).
    """
    raw = points_from_file(
        path, what="terminals", id_columns=("terminal_id",), crs=crs, study_area=study_area
    )
    name = _col(raw, "name_zh").where(_col(raw, "name_zh").notna(), _col(raw, "name")).fillna("")
    rows = []
    unmatched = []
    for i in range(len(raw)):
        geom = raw.geometry.iloc[i]
        label = str(name.iloc[i])
        source = f"file {path.name}"
        if geom is None or geom.is_empty:
            if not match_names:
                continue
            geom = _match_by_name(label, osm_terminals)
            source = f"file {path.name}, located by name in OSM"
        if geom is None:
            unmatched.append(label)
            continue
        rows.append(
            {
                "terminal_id": str(_col(raw, "terminal_id").iloc[i] or f"T{i + 1:02d}"),
                "name": label,
                "name_en": str(_col(raw, "name_en").fillna("").iloc[i]),
                "source": source,
                "geometry": geom,
            }
        )
    if unmatched:
        warn(
            f"{len(unmatched)} terminal(s) in {path.name} have no coordinates and no OSM bus station "
            f"of that name: {', '.join(unmatched)}"
        )
    out = gpd.GeoDataFrame(rows, columns=[*TERMINAL_COLUMNS], geometry="geometry", crs=4326)
    out = out[out.within(study_area)]
    return terminals_from_frame(out, counties)


def _match_by_name(label: str, osm: gpd.GeoDataFrame | None) -> BaseGeometry | None:
    if osm is None or osm.empty or not label:
        return None
    core = label.split("(")[0].split("（")[0].strip()
    for _, row in osm.iterrows():
        other = str(row["name"])
        if other and (core in other or other in core):
            geom: BaseGeometry = row.geometry
            return geom
    return None
