"""The entry point :func:`synthetic_guangan`: reads the real boundaries and runs the build steps in order."""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod, Transformer

from siting.scenario import geodata_path
from siting.synthetic.features import _build_features, _place_terminals, _terminals_frame
from siting.synthetic.geometry import _Ctx, _Net
from siting.synthetic.roads import _build_expressways, _build_major_roads, _expressway_lines
from siting.synthetic.settlements import (
    _build_grid,
    _build_villages,
    _place_settlements,
    _settlements,
    _StreetNames,
)
from siting.synthetic.specs import _REF_NODES, METRIC_CRS, SOURCE_LABEL, SOURCE_LABEL_ZH


@dataclass
class SyntheticCity:
    """A synthetic Guang'an: road graph, features, terminals, settlements and the real boundaries.

    Attributes
    ----------
    graph
        Drivable road network, a ``networkx.MultiDiGraph`` in osmnx conventions: graph
        attributes ``crs`` (``"EPSG:4326"``), ``source_label``, ``source_label_zh``,
        ``data_date`` (None) and ``synthetic`` (True); integer node ids with ``x`` (lon) and
        ``y`` (lat); edges with ``osmid`` (way id), ``length`` (m, geodesic), ``highway``,
        ``oneway`` (bool), ``reversed`` (bool) and, where tagged, ``name``, ``ref`` and
        ``maxspeed`` (str).
    features
        Points of interest in the OSM features schema (:data:`FEATURE_COLUMNS`), EPSG:4326.
    terminals
        The nine named passenger terminals: terminal_id, name, name_en, county_id, geometry (Point).
    settlements
        settlement_id, name, name_en, county_id, kind (``county_seat``, ``town``, ``village``),
        population (int), geometry (Point); populations add up to each county's census figure.
    boundary
        The real city boundary (EPSG:4326).
    counties
        The real county boundaries with census population (EPSG:4326).
    """

    graph: nx.MultiDiGraph
    features: gpd.GeoDataFrame
    terminals: gpd.GeoDataFrame
    settlements: gpd.GeoDataFrame
    boundary: gpd.GeoDataFrame
    counties: gpd.GeoDataFrame


def _geodata() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, pd.DataFrame, pd.DataFrame]:
    """Read boundary, counties, seats and terminals from ``geodata/``."""
    boundary = gpd.read_file(geodata_path("guangan_boundary.geojson")).to_crs("EPSG:4326")
    counties = gpd.read_file(geodata_path("guangan_counties.geojson")).to_crs("EPSG:4326")
    seats = pd.read_csv(geodata_path("guangan_seats.csv"), dtype={"county_id": str})
    terminals = pd.read_csv(geodata_path("guangan_terminals.csv"), dtype={"county_id": str})
    counties["county_id"] = counties["county_id"].astype(str)
    return boundary, counties, seats, terminals


def synthetic_guangan(*, seed: int = 0, target_nodes: int = 40_000, scale: float = 1.0) -> SyntheticCity:
    """Generate the synthetic Guang'an (deterministic for a given seed).

    Parameters
    ----------
    seed
        Seed of the single ``numpy.random.default_rng`` every random choice is drawn from.
    target_nodes
        Approximate number of graph nodes at ``scale=1`` (the result lands within a few percent).
    scale
        Density multiplier: the graph has about ``target_nodes * scale`` nodes (more villages,
        closer intermediate nodes, denser street grids).  ``scale=3`` gives about 120,000 nodes.

    Returns
    -------
    SyntheticCity
        Graph, features, terminals, settlements and the real boundaries; the module docstring
        says what is real and what is invented.

    Raises
    ------
    ValueError
        If ``target_nodes`` or ``scale`` is not positive.
    """
    if target_nodes <= 0 or not math.isfinite(scale) or scale <= 0:
        raise ValueError(
            f"target_nodes ({target_nodes}) and scale ({scale}) must be positive; "
            "the defaults are 40000 and 1.0."
        )
    boundary, counties, seats, terminals = _geodata()
    city_m = shapely.union_all(boundary.to_crs(METRIC_CRS).geometry.to_numpy())
    city = max(shapely.get_parts(city_m), key=lambda g: g.area)
    shapely.prepare(city)
    counties_m = counties.to_crs(METRIC_CRS)
    county_list = []
    for cid, geom, pop in zip(
        counties_m["county_id"], counties_m.geometry, counties_m["population"], strict=True
    ):
        poly = shapely.intersection(geom, city)
        shapely.prepare(poly)
        county_list.append((str(cid), poly, int(pop)))
    n_target = round(target_nodes * scale)
    ctx = _Ctx(
        rng=np.random.default_rng(seed),
        net=_Net(),
        city=city,
        city_boundary=city.boundary,
        counties=county_list,
        to_m=Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True),
        density=n_target / _REF_NODES,
        target_nodes=n_target,
    )
    routes = _expressway_lines(ctx)
    places = _place_settlements(ctx, seats)
    names = _StreetNames()
    for i in range(len(places.xy)):
        ctx.grids[i] = _build_grid(
            ctx,
            places.xy[i],
            int(places.population[i]),
            seat=places.kind[i] == "county_seat",
            names=names,
        )
    expressways = _build_expressways(ctx, routes, places)
    arterials = _build_major_roads(ctx, places)
    villages = _build_villages(ctx, places)
    settlements = _settlements(ctx, places, villages)
    sites = _place_terminals(ctx, places, terminals, expressways)
    features = _build_features(ctx, places, settlements, villages, expressways, arterials, sites)
    return SyntheticCity(
        graph=_graph(ctx),
        features=features,
        terminals=_terminals_frame(sites),
        settlements=settlements,
        boundary=boundary,
        counties=counties,
    )


def _graph(ctx: _Ctx) -> nx.MultiDiGraph:
    """The networkx graph (osmnx conventions) from the accumulated nodes and edges."""
    net = ctx.net
    to_deg = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)
    lon, lat = to_deg.transform(net.xy[:, 0], net.xy[:, 1])
    G = nx.MultiDiGraph(
        crs="EPSG:4326",
        source_label=SOURCE_LABEL,
        source_label_zh=SOURCE_LABEL_ZH,
        data_date=None,
        synthetic=True,
    )
    G.add_nodes_from(
        (i + 1, {"x": float(x), "y": float(y)}) for i, (x, y) in enumerate(zip(lon, lat, strict=True))
    )
    geod = Geod(ellps="WGS84")
    for b in net.batches:
        directions = [(b.u, b.v, False)] if b.oneway else [(b.u, b.v, False), (b.v, b.u, True)]
        for u, v, rev in directions:
            _, _, dist = geod.inv(lon[u - 1], lat[u - 1], lon[v - 1], lat[v - 1])
            for k in range(len(u)):
                attrs: dict[str, object] = {
                    "osmid": int(b.way[k]),
                    "highway": b.highway[k],
                    "oneway": b.oneway,
                    "reversed": rev,
                    "length": float(dist[k]),
                }
                for tag, values in (("name", b.name), ("ref", b.ref), ("maxspeed", b.maxspeed)):
                    if values[k] is not None:
                        attrs[tag] = values[k]
                G.add_edge(int(u[k]), int(v[k]), **attrs)
    return G
