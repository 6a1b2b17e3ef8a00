"""The endpoints of intercity corridor trips: county seats, neighbouring cities and their gateways.

*County seats* (:func:`seats_from_geodata`) are snapped to their nearest road node.  *External cities*
(:func:`default_cities`, :func:`cities_from_file`) lie outside the network and enter it at a **gateway**:
the motorway, trunk or primary road node (:data:`GATEWAY_MAX_RANK`) within ``gateway_band_m``
(:data:`GATEWAY_BAND_M`) of the study-area boundary closest in a straight line to the city; the city's
external leg is that distance times ``detour`` (:data:`DETOUR`).  :mod:`siting.corridors` explains the
whole model and re-exports these names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from siting._errors import InputDataError
from siting._typing import FloatArray, IntArray
from siting._validate import Problems, rows_text
from siting._warnings import warn
from siting.matrices import snap_points
from siting.network import RoadNetwork
from siting.pointfile import read_point_file
from siting.scenario import geodata_path

__all__ = [
    "CITIES_FILE",
    "DETOUR",
    "GATEWAY_BAND_M",
    "GATEWAY_MAX_RANK",
    "Endpoints",
    "check_seats",
    "cities_from_file",
    "default_cities",
    "endpoint_frame",
    "endpoints_from_layers",
    "seats_from_geodata",
]

#: Gateways are major-road nodes within this distance of the study-area boundary, m.
GATEWAY_BAND_M = 2_000.0


#: Worst :data:`siting.network.ROAD_RANKS` class a gateway may have: 0 motorway/trunk, 1 primary.
GATEWAY_MAX_RANK = 1


#: Road distance / straight-line distance on an external leg (assumption).
DETOUR = 1.3


#: The shipped neighbouring-city file in ``geodata/``.
CITIES_FILE = "guangan_corridor_cities.csv"


_CITY_COLUMNS = ("city_id", "name_zh", "name_en", "population", "lat", "lon")


_SEAT_COLUMNS = ("name_zh", "name_en", "population")


_ENDPOINT_COLUMNS = [
    "endpoint_id",
    "kind",
    "name_zh",
    "name_en",
    "population",
    "node",
    "node_lon",
    "node_lat",
    "snap_m",
    "external_km",
]


_GEOD = Geod(ellps="WGS84")


def cities_from_file(path: str | Path, *, crs: str = "WGS-84") -> gpd.GeoDataFrame:
    """Read external cities from a CSV (through :func:`siting.pointfile.read_point_file`).

    Parameters
    ----------
    path
        CSV with columns ``city_id, name_zh, name_en, population, lat, lon`` (WGS-84 degrees) and
        optionally ``source``; the reader's column aliases, delimiters and encodings apply.
    crs
        The coordinates' CRS: ``"WGS-84"``, ``"GCJ-02"``, ``"BD-09"`` or ``"EPSG:…"``.

    Returns
    -------
    geopandas.GeoDataFrame
        ``city_id``, ``name_zh``, ``name_en``, ``population`` (int64), ``source`` and Point geometry,
        EPSG:4326, in file order.

    Raises
    ------
    InputDataError
        The file is missing or unreadable, or (all listed in one error) columns are missing, ids are
        empty or repeated, names are empty, populations are not positive numbers or coordinates are
        not valid degrees.
    """
    path = Path(path)
    what = f"corridor cities file {path}"
    if not path.is_file():
        raise InputDataError(f"{what}: not found. Fix the path or use the shipped {CITIES_FILE}.")
    problems = Problems()
    gdf = read_point_file(path, what="corridor cities", crs=crs, id_columns=("city_id",), problems=problems)
    df = pd.DataFrame(gdf.drop(columns="geometry"))
    located = [g is not None and not g.is_empty for g in gdf.geometry]
    df["lon"] = [g.x if ok else np.nan for g, ok in zip(gdf.geometry, located, strict=True)]
    df["lat"] = [g.y if ok else np.nan for g, ok in zip(gdf.geometry, located, strict=True)]
    missing = [c for c in _CITY_COLUMNS if c not in df.columns]
    if missing:
        problems.add(f"{what}: missing column(s) {', '.join(missing)}; needs {', '.join(_CITY_COLUMNS)}.")
        problems.raise_if_any()
    if len(df) == 0:
        problems.add(f"{what}: no rows; give at least one city.")
    text = {c: df[c].astype(str).str.strip() for c in ("city_id", "name_zh", "name_en")}
    for col, values in text.items():
        empty = np.flatnonzero((values == "").to_numpy())
        if empty.size:
            problems.add(f"{what}: column '{col}' is empty in row(s) {rows_text(empty + 1)}; fill it in.")
    ids = text["city_id"]
    dup = sorted(set(ids[ids.duplicated(keep=False) & (ids != "")]))
    if dup:
        problems.add(f"{what}: city_id {', '.join(dup)} occurs more than once; ids must be unique.")
    population = pd.to_numeric(df["population"].str.replace(",", "", regex=False), errors="coerce")
    bad_pop = np.flatnonzero(~(np.isfinite(population.to_numpy(dtype=float)) & (population > 0)).to_numpy())
    if bad_pop.size:
        problems.add(
            f"{what}: population is not a positive number in row(s) {rows_text(bad_pop + 1)}; give the "
            "resident population (e.g. the 2020 census figure)."
        )
    lat = df["lat"].to_numpy(dtype=float)  # missing or out-of-range coordinates: listed by the reader
    lon = df["lon"].to_numpy(dtype=float)
    problems.raise_if_any()
    source = df["source"].astype(str) if "source" in df.columns else pd.Series([""] * len(df))
    return gpd.GeoDataFrame(
        {
            "city_id": ids.to_numpy(dtype=object),
            "name_zh": text["name_zh"].to_numpy(dtype=object),
            "name_en": text["name_en"].to_numpy(dtype=object),
            "population": np.rint(population.to_numpy(dtype=float)).astype(np.int64),
            "source": source.to_numpy(dtype=object),
        },
        geometry=gpd.points_from_xy(lon, lat),
        crs="EPSG:4326",
    )


def default_cities() -> gpd.GeoDataFrame:
    """The four neighbouring cities shipped in ``geodata/guangan_corridor_cities.csv``.

    Chongqing, Nanchong, Dazhou and Suining with their 2020 census population and approximate
    city-centre coordinates (sources in ``geodata/README.md``).

    Returns
    -------
    geopandas.GeoDataFrame
        As :func:`cities_from_file`.
    """
    return cities_from_file(geodata_path(CITIES_FILE))


def seats_from_geodata(counties: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """County seats as trip endpoints: seat points from ``guangan_seats.csv``, population per county.

    Parameters
    ----------
    counties
        County layer with ``county_id``, ``population`` and optionally ``name_zh``/``name_en`` (e.g.
        ``geodata/guangan_counties.geojson`` or :attr:`siting.study.StudyInputs.counties`).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per county in ``counties`` order: ``seat_id`` (county id), ``name_zh``, ``name_en``
        (the county's names, which label the trips), ``seat_zh``, ``seat_en``, ``population`` (the
        county's) and the seat Point, EPSG:4326.

    Raises
    ------
    InputDataError
        Columns are missing, or a county has no row in ``guangan_seats.csv``.
    """
    problems = Problems()
    for col in ("county_id", "population"):
        if col not in counties.columns:
            problems.add(f"counties layer: missing column '{col}'; needs county_id and population.")
    problems.raise_if_any()
    seats = pd.read_csv(geodata_path("guangan_seats.csv"), dtype={"county_id": str})
    by_id = seats.set_index("county_id")
    ids = counties["county_id"].astype(str).to_numpy()
    unknown = [c for c in ids if c not in by_id.index]
    if unknown:
        raise InputDataError(
            f"counties layer: county id(s) {', '.join(unknown)} have no seat in guangan_seats.csv; "
            "add their seat coordinates there or pass a seats layer of your own."
        )
    rows = by_id.loc[list(ids)]
    name_zh = counties["name_zh"] if "name_zh" in counties.columns else counties["county_id"]
    name_en = counties["name_en"] if "name_en" in counties.columns else counties["county_id"]
    return gpd.GeoDataFrame(
        {
            "seat_id": ids.astype(object),
            "name_zh": name_zh.astype(str).to_numpy(dtype=object),
            "name_en": name_en.astype(str).to_numpy(dtype=object),
            "seat_zh": rows["seat_zh"].astype(str).to_numpy(dtype=object),
            "seat_en": rows["seat_en"].astype(str).to_numpy(dtype=object),
            "population": pd.to_numeric(counties["population"]).to_numpy(dtype=np.int64),
        },
        geometry=gpd.points_from_xy(rows["lon"].to_numpy(float), rows["lat"].to_numpy(float)),
        crs="EPSG:4326",
    )


@dataclass
class Endpoints:
    """Trip endpoints in order (seats first, then cities): names, population, road node, external leg."""

    ids: list[str]
    kind: list[str]
    name_zh: list[str]
    name_en: list[str]
    population: FloatArray
    node: IntArray
    snap_m: FloatArray
    external_km: FloatArray
    points: list[BaseGeometry]


def check_seats(seats: gpd.GeoDataFrame) -> None:
    """Raise one :class:`InputDataError` listing every problem of a seats layer."""
    problems = Problems()
    missing = [c for c in _SEAT_COLUMNS if c not in seats.columns]
    if missing:
        problems.add(
            f"seats layer: missing column(s) {', '.join(missing)}; needs {', '.join(_SEAT_COLUMNS)}."
        )
    if seats.crs is None:
        problems.add("seats layer: no CRS; give the points in EPSG:4326.")
    if len(seats) and not missing:
        geoms = seats.geometry
        bad = np.flatnonzero((geoms.isna() | geoms.is_empty | (geoms.geom_type != "Point")).to_numpy())
        if bad.size:
            problems.add(f"seats layer: row(s) {rows_text(bad + 1)} are not points; give one point per seat.")
        pop = pd.to_numeric(seats["population"], errors="coerce").to_numpy(dtype=float)
        bad_pop = np.flatnonzero(~(np.isfinite(pop) & (pop >= 0)))
        if bad_pop.size:
            problems.add(f"seats layer: population missing or negative in row(s) {rows_text(bad_pop + 1)}.")
    problems.raise_if_any()


def _boundary_distance_m(net: RoadNetwork, study_area: BaseGeometry, nodes: IntArray) -> FloatArray:
    area_m = gpd.GeoSeries([study_area], crs="EPSG:4326").to_crs(net.crs_m).iloc[0]
    points = shapely.points(net.x_m[nodes], net.y_m[nodes])
    return np.asarray(shapely.distance(area_m.boundary, points), dtype=np.float64)


def endpoints_from_layers(
    net: RoadNetwork,
    seats: gpd.GeoDataFrame,
    cities: gpd.GeoDataFrame | None,
    study_area: BaseGeometry,
    *,
    gateway_band_m: float,
    detour: float,
) -> Endpoints:
    """The seats, then the external cities that get a gateway (skipped cities are warned about)."""
    seats4326 = seats.to_crs(4326)
    snap = snap_points(net, seats4326)
    ids = (
        seats4326["seat_id"].astype(str).tolist()
        if "seat_id" in seats4326.columns
        else [f"S{i + 1:02d}" for i in range(len(seats4326))]
    )
    ep = Endpoints(
        ids=ids,
        kind=["seat"] * len(seats4326),
        name_zh=seats4326["name_zh"].astype(str).tolist(),
        name_en=seats4326["name_en"].astype(str).tolist(),
        population=pd.to_numeric(seats4326["population"]).to_numpy(dtype=np.float64),
        node=snap.node.astype(np.int64),
        snap_m=snap.snap_m.astype(np.float64),
        external_km=np.zeros(len(seats4326), dtype=np.float64),
        points=list(seats4326.geometry),
    )
    outside = [ep.name_en[i] for i, p in enumerate(ep.points) if not study_area.covers(p)]
    if outside:
        warn(
            f"seat(s) {', '.join(outside)} lie outside the study area; their trips start at the nearest "
            "road node."
        )
    if cities is None or len(cities) == 0:
        return ep
    cities4326 = cities.to_crs(4326)
    major = np.flatnonzero(net.road_rank <= GATEWAY_MAX_RANK).astype(np.int64)
    if major.size:
        major = major[_boundary_distance_m(net, study_area, major) <= gateway_band_m]
    extra_node: list[int] = []
    extra_km: list[float] = []
    keep: list[int] = []
    for i, point in enumerate(cities4326.geometry):
        name = str(cities4326["name_en"].iloc[i])
        if study_area.covers(point):
            warn(f"corridor city {name} lies inside the study area; it is not an external city, skipped.")
            continue
        if major.size == 0:
            warn(
                f"corridor city {name}: no motorway/trunk/primary road node within {gateway_band_m:,.0f} m "
                "of the study-area boundary, so no gateway; its trips are left out."
            )
            continue
        lon = np.full(major.size, point.x)
        lat = np.full(major.size, point.y)
        _, _, dist_m = _GEOD.inv(net.lon[major], net.lat[major], lon, lat)
        best = int(np.argmin(dist_m))
        keep.append(i)
        extra_node.append(int(major[best]))
        extra_km.append(float(dist_m[best]) * detour / 1000.0)
    ep.ids += cities4326["city_id"].astype(str).iloc[keep].tolist()
    ep.kind += ["city"] * len(keep)
    ep.name_zh += cities4326["name_zh"].astype(str).iloc[keep].tolist()
    ep.name_en += cities4326["name_en"].astype(str).iloc[keep].tolist()
    city_pop = pd.to_numeric(cities4326["population"]).to_numpy(dtype=np.float64)[keep]
    ep.population = np.concatenate([ep.population, city_pop])
    ep.node = np.concatenate([ep.node, np.asarray(extra_node, dtype=np.int64)])
    ep.snap_m = np.concatenate([ep.snap_m, np.zeros(len(keep))])
    ep.external_km = np.concatenate([ep.external_km, np.asarray(extra_km, dtype=np.float64)])
    ep.points += [cities4326.geometry.iloc[i] for i in keep]
    return ep


def endpoint_frame(net: RoadNetwork, ep: Endpoints) -> gpd.GeoDataFrame:
    """The endpoints as a GeoDataFrame (:attr:`siting.corridors.CorridorData.endpoints`)."""
    frame = pd.DataFrame(
        {
            "endpoint_id": pd.Series(ep.ids, dtype=object),
            "kind": pd.Series(ep.kind, dtype=object),
            "name_zh": pd.Series(ep.name_zh, dtype=object),
            "name_en": pd.Series(ep.name_en, dtype=object),
            "population": ep.population,
            "node": ep.node,
            "node_lon": net.lon[ep.node],
            "node_lat": net.lat[ep.node],
            "snap_m": ep.snap_m,
            "external_km": ep.external_km,
        },
        columns=_ENDPOINT_COLUMNS,
    )
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(ep.points, crs="EPSG:4326"), crs="EPSG:4326")
