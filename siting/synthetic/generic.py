"""A synthetic city for any boundary and population: settlements, a road hierarchy and POIs, all invented.

:func:`synthetic_city` generalises :func:`~siting.synthetic.synthetic_guangan` to a boundary polygon and a
population alone (no seat coordinates, no expressway table, no named terminals).  What is real: the boundary
and the population total.  Everything else is invented and labelled so (the graph's ``source_label`` is
:data:`~siting.synthetic.specs.SOURCE_LABEL`):

* **districts** — ``n = clip(round(population / 500,000), 1, 12)`` synthetic districts: Voronoi cells of
  district seats (the first at the boundary's pole of inaccessibility, the others spread by farthest-point
  sampling) clipped to the boundary.  The first (central) district gets three times the population weight of
  the others (log-normal jitter), so the population is concentrated as in a prefecture's central city;
* **settlements sized by population** — per district a seat (45 % of the district in the central district,
  30 % elsewhere), towns (20 %, Zipf-like sizes, about one per 150 km², 3-20 per district) and villages (the
  remainder); seat and town street grids are sized by population (as in the synthetic Guang'an), and all
  settlements add up *exactly* to ``population``;
* **a road hierarchy** — over a Gabriel graph of seats and towns: spanning-tree edges that touch a seat are
  trunk, the other spanning-tree edges between big places primary, the rest of the tree secondary, most other
  short Gabriel edges tertiary; villages hang on a minimum spanning forest of unclassified roads; town streets
  are residential.  No expressways (their alignments are not known for an arbitrary area);
* **POIs** — the same kinds and densities as the synthetic Guang'an (parking, fuel, malls, town halls,
  schools, hospitals, offices, land use, substations), and one passenger terminal (a bus station) at the seat
  of every district.

Work is in UTM 48N (:data:`~siting.synthetic.specs.METRIC_CRS`), which serves all of Sichuan (at 97° E the
scale error is under 0.6 %).  One ``numpy.random.default_rng(seed)`` drives every choice.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer
from scipy.spatial import cKDTree
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from siting._typing import FloatArray, IntArray
from siting.synthetic.city import SyntheticCity, _graph
from siting.synthetic.features import _build_features, _terminals_frame, _TerminalSite
from siting.synthetic.geometry import _apportion, _Ctx, _Net, _Places, _points, _to_wgs84
from siting.synthetic.roads import (
    _add_classified_roads,
    _candidate_edges,
    _Classes,
    _ExpresswayResult,
)
from siting.synthetic.settlements import (
    _build_grid,
    _build_villages,
    _seat_radius,
    _settlements,
    _StreetNames,
)
from siting.synthetic.specs import _HIGHWAY_RANK, _REF_NODES, METRIC_CRS

__all__ = ["synthetic_city"]

#: The area the node spacings of the synthetic Guang'an are tuned for (km², its boundary in UTM 48N).
_REF_AREA_KM2 = 6363.0
_PEOPLE_PER_DISTRICT = 500_000
_KM2_PER_TOWN = 150.0
_SEAT_SHARE_CENTRAL, _SEAT_SHARE, _TOWN_SHARE = 0.45, 0.30, 0.20


def synthetic_city(
    boundary: BaseGeometry | gpd.GeoDataFrame,
    population: int,
    *,
    area_id: str = "area",
    seed: int = 0,
    target_nodes: int = 20_000,
    scale: float = 1.0,
) -> SyntheticCity:
    """Generate a synthetic city inside ``boundary`` with ``population`` residents (deterministic per seed).

    Parameters
    ----------
    boundary
        The study area: a (Multi)Polygon in EPSG:4326, or a GeoDataFrame (any CRS; its polygons are
        dissolved).  The largest part is used.
    population
        Residents of the area; the settlements add up to it exactly.
    area_id
        Prefix of the synthetic district ids (``<area_id>-D01`` …).
    seed
        Seed of the single random generator.
    target_nodes, scale
        The graph has about ``target_nodes * scale`` nodes.

    Returns
    -------
    SyntheticCity
        ``counties`` holds the synthetic districts (``county_id``, ``name_zh``, ``name_en``, ``population``),
        ``boundary`` the given boundary, ``terminals`` one bus station per district seat.

    Raises
    ------
    ValueError
        If ``population``, ``target_nodes`` or ``scale`` is not positive, or the boundary has no area.
    """
    if population <= 0 or target_nodes <= 0 or not math.isfinite(scale) or scale <= 0:
        raise ValueError(
            f"population ({population}), target_nodes ({target_nodes}) and scale ({scale}) must be positive."
        )
    if isinstance(boundary, gpd.GeoDataFrame):
        boundary = boundary.to_crs("EPSG:4326").union_all()
    area_m = gpd.GeoSeries([boundary], crs="EPSG:4326").to_crs(METRIC_CRS).iloc[0]
    parts = [p for p in shapely.get_parts(area_m) if p.area > 0]
    if not parts:
        raise ValueError("the boundary has no area; give a polygon.")
    city = max(parts, key=lambda g: g.area)
    shapely.prepare(city)
    rng = np.random.default_rng(seed)
    area_km2 = city.area / 1e6
    n_target = round(target_nodes * scale)
    counties = _districts(rng, city, int(population), area_id)
    ctx = _Ctx(
        rng=rng,
        net=_Net(),
        city=city,
        city_boundary=city.boundary,
        counties=counties,
        to_m=Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True),
        density=n_target / _REF_NODES * _REF_AREA_KM2 / area_km2,
        target_nodes=n_target,
        exp_tree=cKDTree(np.array([[1e9, 1e9]])),  # no expressways: one point far away
    )
    places = _place_settlements(ctx)
    names = _StreetNames()
    for i in range(len(places.xy)):
        seat = places.kind[i] == "county_seat"
        ctx.grids[i] = _build_grid(ctx, places.xy[i], int(places.population[i]), seat=seat, names=names)
    arterials = _build_roads(ctx, places)
    villages = _build_villages(ctx, places)
    settlements = _settlements(ctx, places, villages)
    sites = _terminal_sites(ctx, places)
    no_expressways = _ExpresswayResult(exit_junction={}, services=[])
    features = _build_features(ctx, places, settlements, villages, no_expressways, arterials, sites)
    district_frame = _to_wgs84(
        gpd.pd.DataFrame(
            {
                "county_id": [c for c, _, _ in counties],
                "name_zh": [f"示例区 {k:02d}" for k in range(1, len(counties) + 1)],
                "name_en": [f"Synthetic district {k:02d}" for k in range(1, len(counties) + 1)],
                "population": [p for _, _, p in counties],
            }
        ),
        np.array([g for _, g, _ in counties], dtype=object),
    )
    return SyntheticCity(
        graph=_graph(ctx),
        features=features,
        terminals=_terminals_frame(sites),
        settlements=settlements,
        boundary=gpd.GeoDataFrame({"name": [area_id]}, geometry=[boundary], crs="EPSG:4326"),
        counties=district_frame,
    )


def _districts(
    rng: np.random.Generator, city: shapely.Polygon, population: int, area_id: str
) -> list[tuple[str, BaseGeometry, int]]:
    """Synthetic districts: Voronoi cells of spread-out seats, clipped to the city, with populations."""
    n = int(np.clip(round(population / _PEOPLE_PER_DISTRICT), 1, 12))
    first = polylabel(city, tolerance=100.0)
    seeds = [np.array([first.x, first.y])]
    x0, y0, x1, y1 = city.bounds
    cand = rng.uniform((x0, y0), (x1, y1), (4000, 2))
    cand = cand[shapely.contains_xy(city, cand[:, 0], cand[:, 1])]
    inset = shapely.distance(city.boundary, _points(cand))
    cand = cand[inset > np.quantile(inset, 0.3)] if len(cand) > 10 else cand
    while len(seeds) < n and len(cand):
        d = np.min(np.hypot(*(cand[:, None, :] - np.array(seeds)[None, :, :]).transpose(2, 0, 1)), axis=1)
        seeds.append(cand[int(np.argmax(d))])
    pts = np.array(seeds)
    if len(pts) == 1:
        cells = [city]
    else:
        regions = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=city))
        cells = []
        for p in pts:
            cell = next(r for r in regions if r.contains(shapely.Point(p)))
            cells.append(shapely.intersection(cell, city))
    for cell in cells:
        shapely.prepare(cell)
    weights = np.r_[3.0, np.ones(len(pts) - 1)] * rng.lognormal(0.0, 0.3, len(pts))
    pops = _apportion(population, weights)
    return [(f"{area_id}-D{k + 1:02d}", cells[k], int(pops[k])) for k in range(len(pts))]


def _place_settlements(ctx: _Ctx) -> _Places:
    """A seat per district (its Voronoi seed's nearest point well inside), then towns, with populations."""
    rng = ctx.rng
    xy: list[FloatArray] = []
    county: list[str] = []
    kind: list[str] = []
    pops: list[int] = []
    for k, (cid, poly, pop) in enumerate(ctx.counties):
        seat = polylabel(max(shapely.get_parts(poly), key=lambda g: g.area), tolerance=100.0)
        xy.append(np.array([seat.x, seat.y]))
        county.append(cid)
        kind.append("county_seat")
        pops.append(round((_SEAT_SHARE_CENTRAL if k == 0 else _SEAT_SHARE) * pop))
    seat_xy = np.array(xy)
    seat_r = np.array([_seat_radius(p) for p in pops])
    for cid, poly, _ in ctx.counties:
        area_km2 = poly.area / 1e6
        need = int(np.clip(round(area_km2 / _KM2_PER_TOWN), 3, 20))
        min_sep = 0.62 * math.sqrt(area_km2 * 1e6 / need)
        x0, y0, x1, y1 = poly.bounds
        for _ in range(40):
            if need == 0:
                break
            cand = rng.uniform((x0, y0), (x1, y1), (2000, 2))
            ok = shapely.contains_xy(poly, cand[:, 0], cand[:, 1])
            ok &= shapely.distance(ctx.city_boundary, _points(cand)) > 800.0
            d_seat = np.hypot(*(cand[:, None, :] - seat_xy[None, :, :]).transpose(2, 0, 1))
            ok &= (d_seat > seat_r + 2500.0).all(axis=1)
            others = np.array(xy[len(ctx.counties) :]).reshape(-1, 2)
            for p in cand[ok]:
                if len(others) == 0 or np.hypot(*(others - p).T).min() > min_sep:
                    xy.append(p)
                    county.append(cid)
                    kind.append("town")
                    others = np.vstack([others, p])
                    need -= 1
                    if need == 0:
                        break
            min_sep *= 0.85
    n_seats = len(ctx.counties)
    population = np.zeros(len(xy), dtype=np.int64)
    population[:n_seats] = pops
    county_arr = np.array(county)
    for cid, _, pop in ctx.counties:
        idx = np.flatnonzero((county_arr == cid) & (np.arange(len(xy)) >= n_seats))
        ranks = rng.permutation(len(idx)) + 1.0
        weights = ranks**-0.8 * rng.lognormal(0.0, 0.25, len(idx))
        population[idx] = _apportion(round(_TOWN_SHARE * pop), weights)
    towns = range(1, len(xy) - n_seats + 1)
    return _Places(
        xy=np.array(xy),
        county=county,
        kind=kind,
        name=[f"示例县城 {k:02d}" for k in range(1, n_seats + 1)] + [f"示例镇 {t:03d}" for t in towns],
        name_en=[f"Synthetic seat {k:02d}" for k in range(1, n_seats + 1)]
        + [f"Synthetic town {t:03d}" for t in towns],
        population=population,
        key=[*county[:n_seats], *([""] * (len(xy) - n_seats))],
    )


def _build_roads(ctx: _Ctx, places: _Places) -> list[IntArray]:
    """Trunk, primary, secondary and tertiary roads over the Gabriel graph of seats and towns."""
    cand = _candidate_edges(ctx, places.xy)
    n = len(places.xy)
    if not cand.in_mst.any() and n > 1:  # chords all cross the boundary: join by the tree of all pairs
        cand.in_mst[:] = True
    rank = np.full(len(cand.edges), 9)
    seat = np.array([k == "county_seat" for k in places.kind])
    big = places.population >= np.quantile(places.population, 0.6)
    ends = cand.edges
    rank[cand.in_mst & (seat[ends[:, 0]] | seat[ends[:, 1]])] = _HIGHWAY_RANK["trunk"]
    rank[cand.in_mst & (rank == 9) & big[ends[:, 0]] & big[ends[:, 1]]] = _HIGHWAY_RANK["primary"]
    rank[cand.in_mst & (rank == 9)] = _HIGHWAY_RANK["secondary"]
    tertiary = cand.gabriel & (rank == 9) & (cand.length < 14_000.0) & (ctx.rng.random(len(ends)) < 0.75)
    rank[tertiary] = _HIGHWAY_RANK["tertiary"]
    names = np.empty(len(ends), dtype=object)
    refs: list[list[str]] = [[] for _ in range(len(ends))]
    classes = _Classes(rank=rank, refs=refs, names=names, gateways=[])
    return _add_classified_roads(ctx, places, cand, classes)


def _terminal_sites(ctx: _Ctx, places: _Places) -> list[_TerminalSite]:
    """One passenger terminal (bus station) beside a street node near the centre of each district seat."""
    sites = []
    for i, (cid, _, _) in enumerate(ctx.counties):
        grid = ctx.grids[i]
        node_xy = grid.xy[int(np.argmin(np.hypot(*(grid.xy - grid.center).T)))]
        angle = ctx.rng.uniform(0.0, 2 * math.pi)
        xy = node_xy + 20.0 * np.array([math.cos(angle), math.sin(angle)])
        sites.append(
            _TerminalSite(
                f"{cid}-T",
                f"示例客运站 {i + 1:02d}",
                f"Synthetic bus station {i + 1:02d}",
                cid,
                np.asarray(xy),
                np.array([1.0, 0.0]),
            )
        )
    return sites
