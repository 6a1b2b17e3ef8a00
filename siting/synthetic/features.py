"""Terminals and points of interest (OSM features schema) of the synthetic city."""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from siting._typing import BoolArray, FloatArray, IntArray
from siting.osm_schema import FEATURE_COLUMNS
from siting.synthetic.geometry import _Ctx, _Grid, _near, _Places, _points, _rect, _spacing, _to_wgs84, _unit
from siting.synthetic.roads import _ExpresswayResult, _ServiceArea
from siting.synthetic.settlements import _Villages
from siting.synthetic.specs import _TERMINAL_PLACEMENT


@dataclass
class _TerminalSite:
    terminal_id: str
    name: str
    name_en: str
    county_id: str
    xy: FloatArray
    outward: FloatArray  # unit vector away from the town centre (for the railway station)


def _place_terminals(
    ctx: _Ctx, places: _Places, table: pd.DataFrame, exits: _ExpresswayResult
) -> list[_TerminalSite]:
    """Put each terminal of ``guangan_terminals.csv`` within ~40 m of a node of its town."""
    rng, net = ctx.rng, ctx.net
    seat_of = {places.key[i]: i for i in range(len(places.xy)) if places.kind[i] == "county_seat"}
    polys = {cid: poly for cid, poly, _ in ctx.counties}
    sites = []
    for row in table.itertuples(index=False):
        tid, cid = str(row.terminal_id), str(row.county_id)
        county, how = _TERMINAL_PLACEMENT.get(tid, (cid, (0.0, 0.0)))
        grid = ctx.grids[seat_of[county]]
        if isinstance(how, str) and how.startswith("exit:") and how[5:] in exits.exit_junction:
            junction = exits.exit_junction[how[5:]]
            town = ctx.grids[places.key.index(how[5:])]
            node_xy = net.xy[junction - 1]
            outward = _unit((town.center - node_xy)[None, :])[0]
            xy = node_xy + outward * 40.0
        else:
            inside = shapely.contains_xy(polys[cid], grid.xy[:, 0], grid.xy[:, 1])
            if how == "edge":
                cand = np.flatnonzero(grid.perimeter & inside)
                target = grid.center + np.array([grid.radius * 1.2, 0.0])
            else:
                dx, dy = how if isinstance(how, tuple) else (0.0, 0.0)
                cand = np.flatnonzero(inside)
                target = grid.center + np.array([dx, dy]) * grid.radius
            node_xy = grid.xy[cand[np.argmin(np.hypot(*(grid.xy[cand] - target).T))]]
            outward = _unit((node_xy - grid.center)[None, :])[0]
            angle = rng.uniform(0.0, 2 * math.pi)
            xy = node_xy + 20.0 * np.array([math.cos(angle), math.sin(angle)])
            if how == "edge":
                xy = node_xy + outward * 30.0
        sites.append(_TerminalSite(tid, str(row.name_zh), str(row.name_en), cid, np.asarray(xy), outward))
    return sites


class _Features:
    """Accumulates feature rows (metric geometry + OSM-like tags) drawn from ``ctx.rng``."""

    def __init__(self, ctx: _Ctx) -> None:
        self.ctx = ctx
        self.geoms: list[shapely.Geometry] = []
        self.cols: dict[str, list[object]] = {c: [] for c in FEATURE_COLUMNS[1:-1]}
        self.counters: dict[str, int] = {}

    def names(self, zh: str, en: str, n: int) -> tuple[list[str], list[str]]:
        """``n`` fresh synthetic names such as ("示例停车场 012", "Synthetic parking 012")."""
        start = self.counters.get(en, 0)
        self.counters[en] = start + n
        nums = range(start + 1, start + n + 1)
        return [f"示例{zh} {k:03d}" for k in nums], [f"Synthetic {en} {k:03d}" for k in nums]

    def add(self, geoms: list[shapely.Geometry] | npt.NDArray[np.object_], **tags: object) -> None:
        """Add rows; each tag is a scalar (same for all rows) or a list with one value per row."""
        n = len(geoms)
        self.geoms.extend(list(geoms))
        for col, values in self.cols.items():
            value = tags.get(col)
            values.extend(list(value) if isinstance(value, list | np.ndarray) else [value] * n)

    def named(self, geoms: list[shapely.Geometry], zh: str, en: str, **tags: object) -> None:
        """Add rows with fresh synthetic names."""
        name, name_en = self.names(zh, en, len(geoms))
        self.add(geoms, name=name, name_en=name_en, **tags)

    def pick(self, grid: _Grid, n: int, where: BoolArray | None = None) -> FloatArray:
        """Up to ``n`` random grid nodes (among ``where``), moved off the street like POIs."""
        pool = np.flatnonzero(where) if where is not None else np.arange(len(grid.xy))
        chosen = self.ctx.rng.choice(pool, size=min(n, len(pool)), replace=False)
        return _near(self.ctx, grid.xy[np.sort(chosen)])

    def inside(self, geoms: list[shapely.Geometry]) -> list[shapely.Geometry]:
        """The geometries inside the city."""
        return [g for g in geoms if self.ctx.city.contains(g)]

    def parking(self, xy: FloatArray, capacity_share: float) -> None:
        """Car parks at ``xy``; a ``capacity_share`` of them tagged with a capacity."""
        rng = self.ctx.rng
        n = len(xy)
        cap = rng.integers(3, 60, n) * 10
        has = rng.random(n) < capacity_share
        kind = rng.choice(np.array(["surface", "underground", "multi-storey"]), n, p=[0.6, 0.25, 0.15])
        self.add(
            _pts(xy),
            amenity="parking",
            parking=[str(k) for k in kind],
            capacity=[str(c) if h else None for c, h in zip(cap, has, strict=True)],
        )


def _pts(xy: FloatArray) -> list[shapely.Geometry]:
    """Shapely points from an n × 2 array, as a list."""
    return list(_points(xy))


def _build_features(
    ctx: _Ctx,
    places: _Places,
    settlements: gpd.GeoDataFrame,
    villages: _Villages,
    exits: _ExpresswayResult,
    arterials: list[IntArray],
    terminals: list[_TerminalSite],
) -> gpd.GeoDataFrame:
    """Points of interest and land-use polygons in the OSM features schema."""
    f = _Features(ctx)
    shizi = places.key.index("shizi") if "shizi" in places.key else -1
    for i in range(len(places.xy)):
        grid, pop = ctx.grids[i], int(places.population[i])
        dist = np.hypot(*(grid.xy - grid.center).T)
        centre_node = grid.xy[int(np.argmin(dist))]
        f.named(_pts(_near(ctx, centre_node[None, :])), "政府", "town hall", amenity="townhall")
        if places.kind[i] == "county_seat":
            _add_seat_features(f, grid, pop, dist)
        else:
            _add_town_features(f, grid, pop, centre_node, bus_station=i != shizi)
    _add_village_features(f, settlements, villages)
    _add_arterial_fuel_stations(f, arterials)
    _add_service_area_features(f, exits.services)
    _add_terminal_features(f, terminals)
    return _features_frame(f)


def _add_seat_features(f: _Features, grid: _Grid, pop: int, dist: FloatArray) -> None:
    """A county seat's car parks, charging stations, shops, services, land use, substations and fuel."""
    ctx, rng = f.ctx, f.ctx.rng
    f.parking(f.pick(grid, max(3, pop // 4000)), 0.6)
    n_cs = max(1, pop // 100_000)
    cs_xy = f.pick(grid, n_cs, dist < 0.7 * grid.radius)
    f.named(
        _pts(cs_xy),
        "充电站",
        "charging station",
        amenity="charging_station",
        capacity=[str(c) for c in rng.integers(4, 13, len(cs_xy))],
    )
    f.named(_pts(f.pick(grid, max(1, pop // 80_000), dist < 0.5 * grid.radius)), "商场", "mall", shop="mall")
    f.named(_pts(f.pick(grid, max(1, pop // 20_000))), "超市", "supermarket", shop="supermarket")
    f.named(_pts(f.pick(grid, max(1, pop // 100_000))), "医院", "hospital", amenity="hospital")
    f.named(_pts(f.pick(grid, max(2, pop // 15_000))), "学校", "school", amenity="school")
    n_off = max(2, pop // 10_000)
    office = rng.choice(np.array(["company", "government", "company", "insurance"]), n_off)
    f.named(
        _pts(f.pick(grid, n_off, dist < 0.6 * grid.radius)),
        "办公楼",
        "office",
        office=[str(o) for o in office],
        building="office",
    )
    core = grid.xy[dist < 0.2 * grid.radius]
    if len(core) >= 3:
        hull = shapely.MultiPoint(core).convex_hull.buffer(40.0)
        f.named([hull], "商业区", "commercial area", landuse="commercial")
    cells = grid.xy[(dist > 0.2 * grid.radius) & (rng.random(len(grid.xy)) < 0.55)]
    c, s = math.cos(grid.theta), math.sin(grid.theta)
    shift = np.array([c - s, s + c]) * grid.block / 2
    blocks = f.inside([_rect(p + shift, 0.75 * grid.block, 0.75 * grid.block, grid.theta) for p in cells])
    f.add(blocks, landuse="residential")
    for k in range(1 + int(pop > 200_000)):
        angle = rng.uniform(0.0, 2 * math.pi)
        direction = np.array([math.cos(angle), math.sin(angle)])
        park = _rect(grid.center + direction * (grid.radius + 600.0), 900, 550, grid.theta)
        f.named(f.inside([park]), "工业园", "industrial park", landuse="industrial")
        sub = grid.center + direction * (grid.radius + 250.0) + k * 300.0
        f.named(
            f.inside(_pts(sub[None, :])),
            "变电站",
            "substation",
            power="substation",
            voltage="110000;35000;10000" if k == 0 else "35000;10000",
        )
    perim = grid.xy[grid.perimeter]
    fuel = perim[rng.choice(len(perim), size=min(2, len(perim)), replace=False)]
    f.named(_pts(_near(ctx, fuel, 30.0, 60.0)), "加油站", "fuel station", amenity="fuel")


def _add_town_features(
    f: _Features, grid: _Grid, pop: int, centre_node: FloatArray, *, bus_station: bool
) -> None:
    """A township seat's substation, bus station, school, and by size car park, shop, hospital, industry."""
    ctx, rng = f.ctx, f.ctx.rng
    # every town has a 35 kV substation beside its grid (fixed offset: no random draw)
    sub = grid.center + np.array([grid.radius + 200.0, 0.0])
    f.named(f.inside(_pts(sub[None, :])), "变电站", "substation", power="substation", voltage="35000;10000")
    if bus_station:
        f.named(
            _pts(_near(ctx, centre_node[None, :])),
            "汽车站",
            "bus station",
            amenity="bus_station",
            public_transport="station",
        )
    f.named(_pts(f.pick(grid, 1)), "学校", "school", amenity="school")
    if pop > 3000:
        f.parking(f.pick(grid, 1), 0.4)
    if pop > 6000:
        f.named(_pts(f.pick(grid, 1)), "超市", "supermarket", shop="supermarket")
    if pop > 10_000:
        f.named(_pts(f.pick(grid, 1)), "医院", "hospital", amenity="hospital")
    if pop > 12_000:
        angle = rng.uniform(0.0, 2 * math.pi)
        direction = np.array([math.cos(angle), math.sin(angle)])
        park = _rect(grid.center + direction * (grid.radius + 400.0), 500, 350, grid.theta)
        f.named(f.inside([park]), "工业园", "industrial park", landuse="industrial")
    hull = shapely.MultiPoint(grid.xy).convex_hull.buffer(60.0)
    f.add(f.inside([hull]), landuse="residential")


def _add_village_features(f: _Features, settlements: gpd.GeoDataFrame, villages: _Villages) -> None:
    """Residential polygons for the larger third of villages (as mapped ones have), schools for the top 5%."""
    vpop = settlements.loc[settlements["kind"] == "village", "population"].to_numpy()
    by_size = np.argsort(-vpop, kind="stable")
    mapped = np.sort(by_size[: max(1, len(vpop) // 3)])
    radius = 40.0 + 4.0 * np.sqrt(vpop[mapped])
    rings = shapely.buffer(_points(villages.xy[mapped]), radius, quad_segs=2)
    f.add(list(shapely.intersection(rings, f.ctx.city)), landuse="residential")
    big = np.sort(by_size[: max(1, len(vpop) // 20)])
    f.named(_pts(_near(f.ctx, villages.xy[big], 40.0, 80.0)), "学校", "school", amenity="school")


def _add_arterial_fuel_stations(f: _Features, arterials: list[IntArray]) -> None:
    """Fuel stations along trunk and primary roads (about one per 12 km)."""
    ctx = f.ctx
    nodes = np.concatenate([p[1:-1] for p in arterials]) if arterials else np.zeros(0, dtype=np.int64)
    step = _spacing(ctx, 250.0)
    fuel_nodes = nodes[ctx.rng.random(len(nodes)) < step / 12_000.0]
    f.named(
        _pts(_near(ctx, ctx.net.xy[fuel_nodes - 1], 25.0, 40.0)),
        "加油站",
        "fuel station",
        amenity="fuel",
    )


def _add_service_area_features(f: _Features, services: list[_ServiceArea]) -> None:
    """Expressway service areas: the area, fuel and parking."""
    for sa in services:
        area = shapely.LineString([sa.a, sa.b]).buffer(45.0)
        f.named([area], "服务区", "service area", highway="services")
        mid = (sa.a + sa.b) / 2
        f.named(_pts(mid[None, :]), "加油站", "fuel station", amenity="fuel")
        cap = str(int(f.ctx.rng.integers(6, 20)) * 10)
        f.add(_pts(((sa.a + mid) / 2)[None, :]), amenity="parking", parking="surface", capacity=cap)


def _add_terminal_features(f: _Features, terminals: list[_TerminalSite]) -> None:
    """Terminals: a bus station with the terminal's name, a car park, and the railway station of T06."""
    for t in terminals:
        f.add(
            _pts(t.xy[None, :]),
            name=t.name,
            name_en=t.name_en,
            amenity="bus_station",
            public_transport="station",
        )
        f.parking(_near(f.ctx, t.xy[None, :], 40.0, 60.0), 1.0)
        if _TERMINAL_PLACEMENT.get(t.terminal_id, ("", ""))[1] == "edge":
            centre = t.xy + t.outward * 160.0
            theta = math.atan2(t.outward[1], t.outward[0]) + math.pi / 2
            f.named(
                [_rect(centre, 500.0, 120.0, theta)],
                "火车站站场",
                "railway station area",
                landuse="railway",
            )
            f.named(
                _pts((t.xy + t.outward * 70.0)[None, :]),
                "火车站",
                "railway station",
                public_transport="station",
                building="train_station",
            )


def _features_frame(f: _Features) -> gpd.GeoDataFrame:
    """The features GeoDataFrame; osm ids: points continue the node numbering, polygons the way numbering."""
    net = f.ctx.net
    geoms = np.array(f.geoms, dtype=object)
    is_point = shapely.get_type_id(geoms) == 0
    osm_id = np.empty(len(geoms), dtype=object)
    osm_id[is_point] = [f"node/{net.n_nodes + k}" for k in range(1, int(is_point.sum()) + 1)]
    osm_id[~is_point] = [f"way/{net.n_ways + k}" for k in range(1, int((~is_point).sum()) + 1)]
    frame = pd.DataFrame({"osm_id": osm_id, **f.cols}, dtype=object)
    return _to_wgs84(frame, geoms)


def _terminals_frame(sites: list[_TerminalSite]) -> gpd.GeoDataFrame:
    """The terminals GeoDataFrame."""
    frame = pd.DataFrame(
        {
            "terminal_id": [s.terminal_id for s in sites],
            "name": [s.name for s in sites],
            "name_en": [s.name_en for s in sites],
            "county_id": [s.county_id for s in sites],
        }
    )
    return _to_wgs84(frame, _points(np.array([s.xy for s in sites])))
