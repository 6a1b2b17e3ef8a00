"""Demand zones and their weights.

Method (default).  The study area is cut into square zones of ``grid_cell_m`` (in the network's metric CRS)
and clipped to the study area.  Each zone gets an *evidence score* from OpenStreetMap:

.. math::

    \\text{score}_z = \\sum_{e \\in z} \\omega_{h(e)} \\, \\ell_e / 1000
                     + 0.5 \\, n^{POI}_z + 0.05 \\, n^{bldg}_z + 0.02 \\, A^{res}_z

where :math:`\\ell_e` is the length (m) of road edges whose midpoint lies in the zone, :math:`\\omega_h` the
residential weight of their class (:data:`ROAD_WEIGHTS`: streets where people live weigh more than
expressways, which weigh 0), :math:`n^{POI}` the number of POIs (shops, schools, offices…),
:math:`n^{bldg}` the number of buildings and :math:`A^{res}` the residential land-use area in hectares.
Each county's census population is shared among its zones in proportion to the score (uniformly by area if a
county has no evidence at all).  Without counties, the total is ``population_total`` from the scenario, or a
*relative index* of 100,000 when that is unknown too (then labelled so in the manifest).

From population, EVs per zone are ``population * ev_per_1000_people / 1000``: all count towards
fast-charging coverage (``fast_demand_ev``); ``slow_share`` of them need a public slow-charging pile
(``slow_demand_ev``).

A user demand layer (GeoPackage/GeoJSON/Shapefile of points or polygons, or a CSV with ``lon``/``lat``) with a
weight column (residents) replaces the grid: each row becomes one zone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from siting._errors import InputDataError, ScenarioError
from siting._validate import (
    Problems,
    check_duplicate_ids,
    check_geometry_types,
    check_not_empty,
    check_weights,
)
from siting._warnings import warn
from siting.places import assign_county
from siting.pointfile import read_point_file
from siting.rasters import RasterKind, population_from_raster, scale_to_counties

__all__ = [
    "DEMAND_COLUMNS",
    "INDEX_POPULATION",
    "ROAD_WEIGHTS",
    "PopulationRaster",
    "demand_from_file",
    "demand_from_zones",
    "demand_zones",
    "evidence_scores",
]

#: Residential weight of road length by OSM highway class (per km).
ROAD_WEIGHTS: dict[str, float] = {
    "residential": 1.0,
    "living_street": 1.0,
    "unclassified": 0.6,
    "tertiary": 0.6,
    "secondary": 0.4,
    "primary": 0.3,
    "trunk": 0.1,
    "service": 0.3,
    "road": 0.3,
}

#: Total of the relative demand index used when no population is known.
INDEX_POPULATION = 100_000.0

DEMAND_COLUMNS = [
    "demand_id",
    "county_id",
    "population",
    "fast_demand_ev",
    "slow_demand_ev",
    "evidence_score",
    "geometry",
]


@dataclass(frozen=True)
class PopulationRaster:
    """A population raster and how to read it (:func:`siting.rasters.population_from_raster`)."""

    path: Path
    kind: RasterKind = "count"
    nodata: float | None = None


def _county_totals(counties: gpd.GeoDataFrame, area_m: BaseGeometry, crs_m: str) -> np.ndarray:
    """Census population of the part of each county inside the study area (by area share)."""
    totals = np.zeros(len(counties))
    for c, (_, county) in enumerate(counties.iterrows()):
        county_m = gpd.GeoSeries([county.geometry], crs=counties.crs).to_crs(crs_m).iloc[0]
        inside_share = county_m.intersection(area_m).area / max(county_m.area, 1.0)
        # Boundary files from different sources disagree at the edges: 99% inside counts as whole.
        totals[c] = float(county["population"]) * (1.0 if inside_share > 0.99 else inside_share)
    return totals


def _raster_population(
    zones: gpd.GeoDataFrame,
    raster: PopulationRaster,
    counties: gpd.GeoDataFrame | None,
    area_m: BaseGeometry,
    crs_m: str,
) -> tuple[np.ndarray, str]:
    """People per zone from the raster, scaled to each county's census total when counties are known."""
    population = population_from_raster(zones, raster.path, kind=raster.kind, nodata=raster.nodata)
    basis = f"population raster {raster.path.name}"
    if counties is not None and not counties.empty and zones["county_id"].notna().any():
        index = {str(c): i for i, c in enumerate(counties["county_id"])}
        zone_county = np.array([index.get(str(c), -1) for c in zones["county_id"]], dtype=np.int64)
        names = [str(n) for n in counties.get("name_en", counties["county_id"])]
        totals = _county_totals(counties, area_m, crs_m)
        population = scale_to_counties(population, zone_county, totals, county_names=names)
        basis += " scaled to census by county"
    return population, basis


def _grid(area_m: BaseGeometry, cell_m: float, crs_m: str) -> gpd.GeoDataFrame:
    minx, miny, maxx, maxy = area_m.bounds
    xs = np.arange(math.floor(minx / cell_m) * cell_m, maxx, cell_m)
    ys = np.arange(math.floor(miny / cell_m) * cell_m, maxy, cell_m)
    gx, gy = np.meshgrid(xs, ys)
    boxes = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + cell_m, gy.ravel() + cell_m)
    grid = gpd.GeoDataFrame(geometry=boxes, crs=crs_m)
    hit = grid.sindex.query(area_m, predicate="intersects")
    grid = grid.iloc[np.sort(hit)].reset_index(drop=True)
    grid["geometry"] = grid.geometry.intersection(area_m)
    return grid[~grid.geometry.is_empty & (grid.geometry.area > 1.0)].reset_index(drop=True)


def evidence_scores(
    zones_m: gpd.GeoDataFrame, G: nx.MultiDiGraph, features: gpd.GeoDataFrame, crs_m: str
) -> np.ndarray:
    """Evidence score per zone (formula in the module docstring); ``zones_m`` in the metric CRS."""
    score = np.zeros(len(zones_m), dtype=np.float64)
    if len(zones_m) == 0:
        return score
    # Road length by class, attributed to the zone holding the edge midpoint.
    xs = nx.get_node_attributes(G, "x")
    ys = nx.get_node_attributes(G, "y")
    mid_lon, mid_lat, weight = [], [], []
    for u, v, data in G.edges(data=True):
        hwy = data.get("highway")
        classes = hwy if isinstance(hwy, list) else [hwy]
        w = max(ROAD_WEIGHTS.get(str(c), 0.0) for c in classes)
        if w <= 0:
            continue
        mid_lon.append((xs[u] + xs[v]) / 2)
        mid_lat.append((ys[u] + ys[v]) / 2)
        weight.append(w * float(data.get("length", 0.0)) / 1000.0 / 2.0)  # both directions drawn
    if weight:
        mids = gpd.GeoSeries(gpd.points_from_xy(mid_lon, mid_lat), crs=4326).to_crs(crs_m)
        pt_idx, zone_idx = zones_m.sindex.query(mids, predicate="within")
        np.add.at(score, zone_idx, np.asarray(weight)[pt_idx])
    if features is not None and not features.empty:
        feats = features.to_crs(crs_m)
        is_building = feats["building"].notna() if "building" in feats else False
        is_res = feats["landuse"].eq("residential") if "landuse" in feats else False
        pois = feats[~(is_building | is_res)]
        for sub, factor in (
            (pois, 0.5),
            (feats[is_building] if "building" in feats else None, 0.05),
        ):
            if sub is None or sub.empty:
                continue
            pt_idx, zone_idx = zones_m.sindex.query(sub.representative_point(), predicate="within")
            np.add.at(score, zone_idx, factor)
        res = feats[is_res] if "landuse" in feats else None
        if res is not None and not res.empty:
            res = res[res.geom_type.isin(["Polygon", "MultiPolygon"])]
            if not res.empty:
                pieces = gpd.overlay(
                    zones_m.assign(_z=np.arange(len(zones_m)))[["_z", "geometry"]],
                    res[["geometry"]],
                    how="intersection",
                    keep_geom_type=True,
                )
                ha = pieces.geometry.area.to_numpy() / 10_000.0
                np.add.at(score, pieces["_z"].to_numpy(dtype=np.int64), 0.02 * ha)
    return score


#: Most demand zones the planner builds: each is a row of the travel-time matrix and a model variable.
MAX_DEMAND_CELLS = 1_000_000


def check_grid_size(area_m: BaseGeometry, cell_m: float) -> int:
    """Estimate the number of ``cell_m`` squares over ``area_m`` (metres) before building them.

    Raises :class:`ScenarioError` naming ``grid_cell_m``, the estimate and the smallest workable cell when
    the grid would exceed :data:`MAX_DEMAND_CELLS`; warns when the whole study area is a single zone.
    """
    minx, miny, maxx, maxy = area_m.bounds
    n = math.ceil(max(maxx - minx, 1.0) / cell_m) * math.ceil(max(maxy - miny, 1.0) / cell_m)
    if n > MAX_DEMAND_CELLS:
        smallest = math.ceil(math.sqrt((maxx - minx) * (maxy - miny) / MAX_DEMAND_CELLS) / 10.0) * 10
        raise ScenarioError(
            f"'grid_cell_m' = {cell_m:g} gives about {n:,} demand zones over the study area "
            f"({(maxx - minx) / 1000:,.1f} × {(maxy - miny) / 1000:,.1f} km), more than the "
            f"{MAX_DEMAND_CELLS:,} the planner builds; set grid_cell_m to at least {smallest:,} m "
            "(1,000 m is usual for a city)."
        )
    if n <= 1:
        warn(
            f"'grid_cell_m' = {cell_m:g} makes the whole study area one demand zone: coverage is all or "
            "nothing; use a cell of a few hundred metres to a few kilometres (e.g. 1000)."
        )
    return n


def demand_zones(
    study_area: BaseGeometry,
    G: nx.MultiDiGraph,
    features: gpd.GeoDataFrame,
    *,
    counties: gpd.GeoDataFrame | None,
    crs_m: str,
    cell_m: float,
    ev_per_1000_people: float,
    slow_share: float,
    population_total: float | None = None,
    raster: PopulationRaster | None = None,
) -> tuple[gpd.GeoDataFrame, str]:
    """Square demand zones over the study area with population and EV demand.

    With ``raster``, the zones' people come from it (area-weighted zonal sums), scaled to each county's
    census population when counties are known; the OSM evidence is then only reported.

    Returns
    -------
    zones : geopandas.GeoDataFrame
        ``DEMAND_COLUMNS`` in EPSG:4326, only zones with residents, ids ``D000001``….
    population_basis : str
        How population was obtained ("census by county", "scenario population_total" or
        "relative index (no population given)").
    """
    area_m = gpd.GeoSeries([study_area], crs=4326).to_crs(crs_m).iloc[0]
    check_grid_size(area_m, cell_m)
    zones = _grid(area_m, cell_m, crs_m)
    zones["evidence_score"] = evidence_scores(zones, G, features, crs_m)
    centroids_ll = zones.geometry.representative_point().to_crs(4326)
    zones["county_id"] = assign_county(centroids_ll, counties).to_numpy()
    population = np.zeros(len(zones))
    if raster is not None:
        population, basis = _raster_population(zones, raster, counties, area_m, crs_m)
    elif counties is not None and not counties.empty and zones["county_id"].notna().any():
        basis = "census by county"
        totals = _county_totals(counties, area_m, crs_m)
        for c, (_, county) in enumerate(counties.iterrows()):
            mask = (zones["county_id"] == county["county_id"]).to_numpy()
            if not mask.any():
                continue
            total = totals[c]
            s = zones["evidence_score"].to_numpy()[mask]
            if s.sum() > 0:
                population[mask] = total * s / s.sum()
            else:
                a = zones.geometry.area.to_numpy()[mask]
                population[mask] = total * a / a.sum()
    else:
        total = population_total if population_total is not None else INDEX_POPULATION
        basis = (
            "scenario population_total"
            if population_total is not None
            else "relative index (no population given)"
        )
        s = zones["evidence_score"].to_numpy()
        population = total * s / s.sum() if s.sum() > 0 else total * np.full(len(zones), 1 / len(zones))
    zones["population"] = population
    zones = zones[zones["population"] > 0].reset_index(drop=True)
    return _finish(zones.to_crs(4326), ev_per_1000_people, slow_share), basis


def _finish(zones: gpd.GeoDataFrame, ev_per_1000: float, slow_share: float) -> gpd.GeoDataFrame:
    zones = zones.reset_index(drop=True)
    zones["demand_id"] = [f"D{i + 1:06d}" for i in range(len(zones))]
    zones["fast_demand_ev"] = zones["population"] * ev_per_1000 / 1000.0
    zones["slow_demand_ev"] = zones["fast_demand_ev"] * slow_share
    return gpd.GeoDataFrame(zones[DEMAND_COLUMNS], geometry="geometry", crs=4326)


def demand_from_file(
    path: Path,
    *,
    weight_column: str,
    study_area: BaseGeometry,
    counties: gpd.GeoDataFrame | None,
    ev_per_1000_people: float,
    slow_share: float,
    crs: str = "WGS-84",
) -> gpd.GeoDataFrame:
    """A user demand layer: one zone per row, ``weight_column`` = residents.

    Read through :func:`siting.pointfile.read_point_file` (column aliases, delimiters, encodings, ``crs``);
    rows outside ``study_area`` are left out with a warning naming them.

    Raises
    ------
    InputDataError
        Listing every problem: empty layer, missing weight column, non-numeric / missing / infinite /
        negative weights (by row), duplicate ids, rows without geometry, lines or other geometry types;
        then, separately, nothing with a positive weight inside the study area.
    """
    problems = Problems()
    raw = read_point_file(
        path,
        what="demand",
        crs=crs,
        study_area=study_area,
        outside="drop",
        id_columns=("demand_id",),
        allow_missing_geometry=True,  # rows without a location are listed by check_geometry_types
        problems=problems,
    )
    if not check_not_empty(raw, what="demand", path=path, problems=problems):
        problems.raise_if_any()
    if weight_column not in raw.columns:
        cols = ", ".join(str(c) for c in raw.columns if c != "geometry")
        problems.add(
            f"demand file {path}: no column '{weight_column}' (columns: {cols}). "
            "Set demand_weight_column in the scenario or rename the column."
        )
        weight = pd.Series(np.zeros(len(raw)), index=raw.index)
    else:
        weight = check_weights(
            raw[weight_column], column=weight_column, what="demand", path=path, problems=problems
        )
    check_duplicate_ids(raw, ("demand_id", "id"), what="demand", path=path, problems=problems)
    check_geometry_types(
        raw,
        allowed=("Point", "MultiPoint", "Polygon", "MultiPolygon"),
        what="demand",
        path=path,
        problems=problems,
    )
    problems.raise_if_any()
    zones = raw.assign(population=weight.astype(float))
    zones = zones[zones.intersects(study_area) & (zones["population"] > 0)]
    if zones.empty:
        raise InputDataError(
            f"demand file {path}: no row with a positive weight lies inside the study area; "
            "check the file's CRS and the boundary."
        )
    if float(zones["population"].sum()) < 1.0:
        raise InputDataError(
            f"demand file {path}: the weights in column '{weight_column}' add up to "
            f"{float(zones['population'].sum()):.3g} residents inside the study area, less than one person; "
            "give residents (or any positive weights adding up to at least 1)."
        )
    zones["county_id"] = assign_county(zones.geometry.representative_point(), counties).to_numpy()
    zones["evidence_score"] = np.nan
    return _finish(gpd.GeoDataFrame(zones, geometry="geometry", crs=4326), ev_per_1000_people, slow_share)


def demand_from_zones(
    path: Path,
    *,
    study_area: BaseGeometry,
    counties: gpd.GeoDataFrame | None,
    crs_m: str,
    population_column: str = "",
    raster: PopulationRaster | None = None,
    ev_per_1000_people: float,
    slow_share: float,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, str]:
    """A transport model's zone layer as demand: one zone per polygon with a ``zone_id``.

    People come from ``population_column`` when given, else from ``raster`` (scaled to the census when
    counties are known), else from the counties' census shared by zone area.

    Returns
    -------
    layer, zones, population_basis
        Every zone touching the study area (``zone_id``, ``population``, geometry; candidates snap to
        these), the demand zones among them (``DEMAND_COLUMNS`` + ``zone_id``; those with residents) and
        how the population was obtained.

    Raises
    ------
    InputDataError
        Listing every problem of the layer (no ``zone_id`` column, repeated ids, non-polygons, bad
        population values), then separately: no zone in the study area, or no source of population.
    """
    raw = read_point_file(path, what="zones")
    problems = Problems()
    if not check_not_empty(raw, what="zones", path=path, problems=problems):
        problems.raise_if_any()
    if "zone_id" not in raw.columns:
        cols = ", ".join(str(c) for c in raw.columns if c != "geometry")
        problems.add(f"zones file {path}: no column 'zone_id' (columns: {cols}); rename the id column.")
    check_duplicate_ids(raw, ("zone_id",), what="zones", path=path, problems=problems)
    check_geometry_types(raw, allowed=("Polygon", "MultiPolygon"), what="zones", path=path, problems=problems)
    weight = None
    if population_column:
        if population_column not in raw.columns:
            problems.add(f"zones file {path}: no column '{population_column}' (zones_population_column).")
        else:
            weight = check_weights(
                raw[population_column], column=population_column, what="zones", path=path, problems=problems
            )
    problems.raise_if_any()
    inside = raw.intersects(study_area).to_numpy()
    if not inside.any():
        raise InputDataError(
            f"zones file {path}: no zone lies in the study area; check the file's CRS and the boundary."
        )
    if not inside.all():
        warn(f"zones file {path.name}: {int((~inside).sum())} zone(s) outside the study area are left out")
    layer = raw[inside].reset_index(drop=True)
    layer["zone_id"] = layer["zone_id"].astype(str)
    layer["county_id"] = assign_county(layer.geometry.representative_point(), counties).to_numpy()
    area_m = gpd.GeoSeries([study_area], crs=4326).to_crs(crs_m).iloc[0]
    if weight is not None:
        population = weight[inside].to_numpy(dtype=np.float64)
        basis = f"zones file {path.name}, column {population_column}"
    elif raster is not None:
        population, basis = _raster_population(layer, raster, counties, area_m, crs_m)
    elif counties is not None and layer["county_id"].notna().any():
        totals = _county_totals(counties, area_m, crs_m)
        area = layer.geometry.to_crs(crs_m).area.to_numpy()
        population = np.zeros(len(layer))
        for c, cid in enumerate(counties["county_id"].astype(str)):
            mask = (layer["county_id"] == cid).to_numpy()
            if mask.any():
                population[mask] = totals[c] * area[mask] / area[mask].sum()
        basis = "census by county, shared by zone area"
    else:
        raise InputDataError(
            f"zones file {path}: no population for the zones; set zones_population_column, "
            "population_raster, or a counties file with population."
        )
    layer["population"] = population
    layer["evidence_score"] = np.nan
    zones = layer[layer["population"] > 0]
    demand = _finish(gpd.GeoDataFrame(zones, geometry="geometry", crs=4326), ev_per_1000_people, slow_share)
    demand["zone_id"] = zones["zone_id"].to_numpy()
    return layer[["zone_id", "population", "geometry"]], demand, basis
