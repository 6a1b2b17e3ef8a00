"""Deterministic synthetic Guang'an: road graph, POI features, settlements and terminals.

The offline demo and the city-scale test bed.  It looks like the city in *structure* (six
county-level divisions, a county seat in each, township seats, many villages, expressways with
interchanges and service areas, national and provincial roads, county and township roads, town
street grids, rural roads) but **every road, town, village and point of interest in it is
invented**.  It must never be presented as real data: the graph's ``source_label`` is
``"synthetic road network (not real roads)"`` (``source_label_zh`` =
``"合成路网（非真实道路）"``) and every map, table or file made from it must carry that label.

What is real (read from ``geodata/``; sources in ``geodata/README.md`` and
``shared/guangan/FACTS.md``)
    * the city boundary and the six county boundaries (``guangan_boundary.geojson``,
      ``guangan_counties.geojson``) and each county's 2020 census population: the settlements'
      populations add up *exactly* to it;
    * the approximate county-seat coordinates and the seats' names (``guangan_seats.csv``);
    * the expressways' numbers and names (G42 沪蓉, G65 包茂, G75 兰海, G85 巴广渝, 遂广, the
      渝广 branch or east ring), the counties they pass and the directions in which they leave
      the city (Nanchong north-west, Dazhou north-east, Suining west, Chongqing south and east);
      the national road numbers G210, G212, G318 and G350;
    * the nine named highway passenger terminals and their counties (``guangan_terminals.csv``).

What is invented
    * all geometry: the expressway alignments (hand-drawn waypoints that follow the route table
      only roughly), interchange and service-area positions, every other road, the street grids,
      towns and villages, and every point of interest (parking, fuel, the few existing charging
      stations, malls, supermarkets, bus stations, town halls, hospitals, schools, offices,
      land-use polygons, substations, a railway station);
    * which national or provincial road number runs along which corridor, and all S/X numbers;
    * the terminals' positions (no coordinates are published): each lies on the street grid of
      its synthetic seat, and T09 next to the synthetic G42 exit that stands in for Shizi;
    * the names of towns, villages and points of interest: ``"示例镇 007"`` /
      ``"Synthetic town 007"``, ``"示例停车场 012"`` / ``"Synthetic parking 012"`` and so on.
      Only the six county seats and the nine terminals carry real names;
    * the seat and town shares of each county's population (:data:`SEAT_SHARE`,
      :data:`TOWN_SHARE`).

Population
    Each county's census population is split into its seat (:data:`SEAT_SHARE`), its towns
    (:data:`TOWN_SHARE`, Zipf-like sizes) and its villages (hamlets: the remainder, log-normal
    sizes).  Seats plus towns hold 45.3 % of the city, close to the 45.32 % urbanisation rate
    of 2022.

Method
    Work is done in UTM zone 48N (EPSG:32648) and converted to WGS-84 at the end.  Expressways
    are Catmull-Rom splines through waypoints, built as two opposing one-way carriageways that
    meet the local network only through ``motorway_link`` ramps: interchanges near seats and
    towns, hub interchanges where two expressways cross, service areas every 30-50 km.  Where a
    route leaves the city its carriageways are joined by a short turnaround edge standing for
    the road beyond.  Seats and towns get jittered, rotated street grids sized by population
    (with one-way pairs in big seats).  The other roads follow a Gabriel graph over seats and
    towns: corridors between seats and towards the neighbouring cities are trunk/primary, the
    rest of a minimum spanning tree secondary, most other Gabriel edges tertiary.  Villages are
    sampled with a smooth random "valley" density and tied to the nearest roads by a minimum
    spanning forest of ``unclassified`` roads.  Every road is curved (random low-order sine
    offsets plus jitter) with intermediate nodes every 100-400 m; the rural spacing is
    calibrated so that the graph has about ``target_nodes * scale`` nodes.  All randomness comes
    from one ``numpy.random.default_rng(seed)``: the same seed gives identical node ids,
    coordinates, edges, attributes and features.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import geopandas as gpd
import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from pyproj import Geod, Transformer
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, dijkstra, minimum_spanning_tree
from scipy.spatial import Delaunay, cKDTree
from shapely.geometry.base import BaseGeometry

from siting.scenario import geodata_path

__all__ = [
    "FEATURE_COLUMNS",
    "METRIC_CRS",
    "SEAT_SHARE",
    "SOURCE_LABEL",
    "SOURCE_LABEL_ZH",
    "TOWN_SHARE",
    "SyntheticCity",
    "synthetic_guangan",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ObjArray = npt.NDArray[np.object_]

#: Label carried by the graph (graph attribute ``source_label``) into every map title and manifest.
SOURCE_LABEL = "synthetic road network (not real roads)"
#: Chinese label (graph attribute ``source_label_zh``).
SOURCE_LABEL_ZH = "合成路网（非真实道路）"
#: Metric CRS the generator works in (UTM zone 48N).
METRIC_CRS = "EPSG:32648"
#: Columns of the OSM features GeoDataFrame (docs/architecture.md), in order.
FEATURE_COLUMNS: tuple[str, ...] = (
    "osm_id",
    "name",
    "name_en",
    "amenity",
    "shop",
    "highway",
    "public_transport",
    "building",
    "landuse",
    "office",
    "parking",
    "capacity",
    "power",
    "voltage",
    "geometry",
)

#: Share of each county's 2020 census population living in its seat's built-up area.  Invented,
#: but anchored where a figure exists: Qianfeng's urban population 91,133 of 232,255 = 0.39;
#: Linshui's seat (鼎屏镇) had 239,523 of 707,537 = 0.34.  The city seat and Huaying are taken
#: as more urban, Yuechi and Wusheng as less.
SEAT_SHARE: dict[str, float] = {
    "511602": 0.42,  # Guang'an District (city seat)
    "511603": 0.39,  # Qianfeng District
    "511621": 0.30,  # Yuechi County
    "511622": 0.30,  # Wusheng County
    "511623": 0.34,  # Linshui County
    "511681": 0.38,  # Huaying City
}
#: Share of each county's population living in its township seats (invented).  Seats plus towns hold
#: 45.3 % of the city, close to the 45.32 % urbanisation rate of 2022.
TOWN_SHARE: dict[str, float] = {
    "511602": 0.08,
    "511603": 0.08,
    "511621": 0.12,
    "511622": 0.12,
    "511623": 0.11,
    "511681": 0.10,
}

_DENSITY_SEAT_PER_KM2 = 9000.0
_DENSITY_TOWN_PER_KM2 = 5500.0
_TOWN_KM2_PER_TOWN = 60.0  # about one township seat per 60 km², 10-30 per county
_CARRIAGEWAY_OFFSET_M = 12.0
_BOUNDARY_INSET_M = 150.0
_GRID_CLEAR_OF_EXPRESSWAY_M = 250.0
_REF_NODES = 40_000  # node count the spacings below are tuned for


# --------------------------------------------------------------------------------------------------
# Specifications (hand-drawn, invented alignments that follow FACTS.md's route table roughly)
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _ExpresswaySpec:
    """One expressway: waypoints (lon, lat), how each end finishes, and where it has exits."""

    ref: str | None
    name: str
    waypoints: tuple[tuple[float, float], ...]
    #: bearing (degrees clockwise from north) of the ray from the first/last waypoint to the city
    #: boundary, or None when that end is a terminus joined to local roads
    start_bearing: float | None
    end_bearing: float | None
    #: exits that must exist: county ids (seat) or anchored-town keys
    exits: tuple[str, ...]
    maxspeed: str | None


_EXPRESSWAYS: tuple[_ExpresswaySpec, ...] = (
    _ExpresswaySpec(
        ref="G42",
        name="沪蓉高速",
        waypoints=(
            (106.545, 30.660),
            (106.600, 30.590),
            (106.665, 30.532),
            (106.760, 30.520),
            (106.850, 30.470),
            (106.930, 30.445),
            (107.000, 30.420),
            (107.015, 30.330),
            (107.055, 30.300),
        ),
        start_bearing=330.0,  # towards Nanchong
        end_bearing=80.0,  # towards Dazhou / Chongqing
        exits=("511602", "511603", "shizi", "511623"),
        maxspeed="120",
    ),
    _ExpresswaySpec(
        ref="G65",
        name="包茂高速",
        waypoints=(
            (107.085, 30.445),
            (107.045, 30.390),
            (106.935, 30.295),
            (106.930, 30.200),
            (106.945, 30.110),
        ),
        start_bearing=35.0,  # towards Dazhou
        end_bearing=185.0,  # towards Chongqing
        exits=("511623",),
        maxspeed="100",
    ),
    _ExpresswaySpec(
        ref="G75",
        name="兰海高速",
        waypoints=(
            (106.400, 30.660),
            (106.455, 30.600),
            (106.480, 30.545),
            (106.445, 30.470),
            (106.380, 30.420),
            (106.325, 30.375),
            (106.300, 30.290),
            (106.270, 30.235),
        ),
        start_bearing=345.0,  # towards Nanchong
        end_bearing=195.0,  # Jiezi, then Chongqing
        exits=("511621", "511622", "jiezi"),
        maxspeed="120",
    ),
    _ExpresswaySpec(
        ref="G85",
        name="巴广渝高速",
        waypoints=(
            (106.735, 30.700),
            (106.700, 30.610),
            (106.620, 30.545),
            (106.575, 30.480),
            (106.560, 30.400),
            (106.555, 30.330),
        ),
        start_bearing=355.0,  # towards Bazhong (through Nanchong)
        end_bearing=190.0,  # towards Chongqing
        exits=("511602",),
        maxspeed="100",
    ),
    _ExpresswaySpec(
        ref=None,
        name="遂广高速",
        waypoints=(
            (106.190, 30.520),
            (106.260, 30.515),
            (106.350, 30.490),
            (106.440, 30.476),
            (106.520, 30.478),
            (106.595, 30.468),
        ),
        start_bearing=265.0,  # towards Suining
        end_bearing=None,  # ends at Guang'an
        exits=("qifu",),
        maxspeed=None,
    ),
    _ExpresswaySpec(
        ref="渝广支线",
        name="渝广高速支线",
        waypoints=(
            (106.700, 30.560),
            (106.790, 30.560),
            (106.860, 30.545),
            (106.935, 30.510),
            (106.905, 30.420),
            (106.830, 30.375),
            (106.800, 30.300),
            (106.760, 30.220),
            (106.735, 30.120),
        ),
        start_bearing=None,  # starts at Guang'an
        end_bearing=200.0,  # towards Hechuan (Chongqing)
        exits=(),
        maxspeed="100",
    ),
)

#: Towns placed by hand next to an expressway exit (key, county, lon, lat); named like any town.
_ANCHORED_TOWNS: tuple[tuple[str, str, float, float], ...] = (
    ("shizi", "511623", 107.018, 30.432),  # stands in for Shizi (T09, G42 exit)
    ("qifu", "511621", 106.255, 30.535),  # stands in for Qifu on the Suining-Guang'an expressway
    ("jiezi", "511622", 106.252, 30.252),  # stands in for Jiezi at the end of G75
)


@dataclass(frozen=True)
class _CorridorSpec:
    """A numbered road through seats (county ids) and ``"gw:<county id>:<bearing>"`` gateways.

    A gateway is where the ray from that county's seat at that bearing meets the city boundary.
    """

    ref: str
    name: str
    highway: str
    stops: tuple[str, ...]


_CORRIDORS: tuple[_CorridorSpec, ...] = (
    _CorridorSpec("G212", "212国道", "trunk", ("gw:511621:330", "511621", "511622", "gw:511622:190")),
    _CorridorSpec(
        "G318", "318国道", "trunk", ("gw:511621:265", "511621", "511602", "511603", "gw:511603:40")
    ),
    _CorridorSpec("G210", "210国道", "trunk", ("gw:511623:25", "511623", "gw:511623:200")),
    _CorridorSpec("G350", "350国道", "trunk", ("511602", "511681", "511623", "gw:511623:95")),
    _CorridorSpec("S205", "205省道", "primary", ("gw:511602:0", "511602", "gw:511602:205")),
    _CorridorSpec("S304", "304省道", "primary", ("511622", "511602")),
    _CorridorSpec("S203", "203省道", "primary", ("511681", "gw:511681:195")),
    _CorridorSpec("S307", "307省道", "primary", ("511603", "511681")),
    _CorridorSpec("S308", "308省道", "primary", ("511622", "gw:511622:275")),
)

_HIGHWAY_RANK: dict[str, int] = {"trunk": 0, "primary": 1, "secondary": 2, "tertiary": 3}


# --------------------------------------------------------------------------------------------------
# Public result
# --------------------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------------------
# Network builder
# --------------------------------------------------------------------------------------------------
@dataclass
class _EdgeBatch:
    """Edges of one kind: node ids, per-edge way ids and tags (one value per edge)."""

    u: IntArray
    v: IntArray
    way: IntArray
    highway: ObjArray
    name: ObjArray
    ref: ObjArray
    maxspeed: ObjArray
    oneway: bool


def _obj(value: object, n: int) -> ObjArray:
    """Return ``value`` broadcast to an object array of length ``n`` (arrays become objects)."""
    if isinstance(value, np.ndarray):
        return value.astype(object)
    out = np.empty(n, dtype=object)
    out[:] = [value] * n
    return out


class _Net:
    """Accumulates nodes (metric x, y) and edges; node ids are 1, 2, 3 … in creation order."""

    def __init__(self) -> None:
        self._xy: list[FloatArray] = []
        self._system: list[BoolArray] = []
        self._cache: FloatArray | None = None
        self.n_nodes = 0
        self.batches: list[_EdgeBatch] = []
        self.n_ways = 0

    def add_nodes(self, xy: FloatArray, *, system: bool = False) -> IntArray:
        """Add nodes at ``xy`` (k × 2) and return their ids; ``system``: expressway system."""
        xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
        ids = np.arange(self.n_nodes + 1, self.n_nodes + 1 + len(xy), dtype=np.int64)
        self._xy.append(xy)
        self._system.append(np.full(len(xy), system))
        self.n_nodes += len(xy)
        self._cache = None
        return ids

    @property
    def xy(self) -> FloatArray:
        """All node coordinates, row ``id - 1`` for node ``id``."""
        if self._cache is None:
            self._cache = np.concatenate(self._xy) if self._xy else np.zeros((0, 2))
        return self._cache

    @property
    def system(self) -> BoolArray:
        """True for expressway-system nodes (carriageways, ramps, service areas)."""
        return np.concatenate(self._system) if self._system else np.zeros(0, dtype=bool)

    def new_ways(self, k: int) -> IntArray:
        """Reserve ``k`` way ids."""
        ids = np.arange(self.n_ways + 1, self.n_ways + 1 + k, dtype=np.int64)
        self.n_ways += k
        return ids

    def add_edges(
        self,
        u: IntArray,
        v: IntArray,
        *,
        highway: object,
        way: IntArray | None = None,
        name: object = None,
        ref: object = None,
        maxspeed: object = None,
        oneway: bool = False,
    ) -> None:
        """Add edges u→v (and v→u unless ``oneway``) with tags (scalars or per-edge arrays)."""
        u = np.asarray(u, dtype=np.int64)
        v = np.asarray(v, dtype=np.int64)
        n = len(u)
        if n == 0:
            return
        if way is None:
            way = np.repeat(self.new_ways(1), n)
        self.batches.append(
            _EdgeBatch(
                u=u,
                v=v,
                way=np.asarray(way, dtype=np.int64),
                highway=_obj(highway, n),
                name=_obj(name, n),
                ref=_obj(ref, n),
                maxspeed=_obj(maxspeed, n),
                oneway=oneway,
            )
        )


@dataclass
class _Ctx:
    """Everything the build steps share."""

    rng: np.random.Generator
    net: _Net
    city: shapely.Polygon
    city_boundary: BaseGeometry
    counties: list[tuple[str, BaseGeometry, int]]  # (county id, polygon, census population)
    to_m: Transformer
    density: float  # node-density factor relative to _REF_NODES
    target_nodes: int
    exp_tree: cKDTree | None = None  # dense samples of all expressway centrelines
    grids: dict[int, _Grid] = field(default_factory=dict)  # settlement index → grid


@dataclass
class _Grid:
    """A settlement's street grid."""

    ids: IntArray
    xy: FloatArray
    perimeter: BoolArray
    center: FloatArray
    radius: float
    theta: float
    block: float


@dataclass
class _Places:
    """Seats and towns (index order: 6 seats in geodata order, then towns)."""

    xy: FloatArray
    county: list[str]
    kind: list[str]  # "county_seat" | "town"
    name: list[str]
    name_en: list[str]
    population: IntArray
    key: list[str]  # county id for seats, anchored key or "" for towns


def _geodata() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, pd.DataFrame, pd.DataFrame]:
    """Read boundary, counties, seats and terminals from ``geodata/``."""
    boundary = gpd.read_file(geodata_path("guangan_boundary.geojson")).to_crs("EPSG:4326")
    counties = gpd.read_file(geodata_path("guangan_counties.geojson")).to_crs("EPSG:4326")
    seats = pd.read_csv(geodata_path("guangan_seats.csv"), dtype={"county_id": str})
    terminals = pd.read_csv(geodata_path("guangan_terminals.csv"), dtype={"county_id": str})
    counties["county_id"] = counties["county_id"].astype(str)
    return boundary, counties, seats, terminals


# --------------------------------------------------------------------------------------------------
# Geometry helpers (vectorised)
# --------------------------------------------------------------------------------------------------
def _apportion(total: int, weights: FloatArray) -> IntArray:
    """Split the integer ``total`` in proportion to ``weights`` (largest remainder, exact sum)."""
    w = np.asarray(weights, dtype=np.float64)
    if len(w) == 0:
        return np.zeros(0, dtype=np.int64)
    share = total * w / w.sum()
    base = np.floor(share).astype(np.int64)
    rest = int(total - base.sum())
    order = np.argsort(-(share - base), kind="stable")
    base[order[:rest]] += 1
    return np.asarray(base, dtype=np.int64)


def _points(xy: FloatArray) -> ObjArray:
    """Shapely points from an n × 2 array (always an object array)."""
    return np.asarray(shapely.points(np.asarray(xy).reshape(-1, 2)), dtype=object)


def _unit(v: FloatArray) -> FloatArray:
    """Rows of ``v`` scaled to unit length (zero rows stay zero)."""
    n = np.hypot(v[..., 0], v[..., 1])
    return v / np.where(n > 0, n, 1.0)[..., None]


def _catmull_rom(points: FloatArray, step_m: float = 25.0) -> FloatArray:
    """Densely sample (every ~``step_m``) a uniform Catmull-Rom spline through ``points``."""
    p = np.vstack([2 * points[0] - points[1], points, 2 * points[-1] - points[-2]])
    out = [points[:1]]
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        n = max(2, int(np.hypot(*(p2 - p1)) / step_m))
        t = np.linspace(0.0, 1.0, n + 1)[1:, None]
        seg = 0.5 * (
            2 * p1
            + (-p0 + p2) * t
            + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
            + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3
        )
        out.append(seg)
    return np.vstack(out)


def _resample(line: FloatArray, spacing_m: float) -> FloatArray:
    """Resample a polyline at (nearly) equal arc-length steps of about ``spacing_m``."""
    seg = np.hypot(*np.diff(line, axis=0).T)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    k = max(2, round(s[-1] / spacing_m) + 1)
    t = np.linspace(0.0, s[-1], k)
    return np.column_stack([np.interp(t, s, line[:, 0]), np.interp(t, s, line[:, 1])])


def _ray_to_boundary(ctx: _Ctx, origin: FloatArray, bearing_deg: float) -> FloatArray:
    """First point where a ray from ``origin`` meets the city boundary, moved back inside."""
    b = math.radians(bearing_deg)
    d = np.array([math.sin(b), math.cos(b)])
    ray = shapely.LineString([origin, origin + d * 200_000.0])
    hits = shapely.get_coordinates(shapely.intersection(ray, ctx.city_boundary))
    if len(hits) == 0:
        raise ValueError(f"ray from {origin} at {bearing_deg}° does not leave the city")
    dist = np.hypot(*(hits - origin).T)
    return np.asarray(origin + d * (dist.min() - _BOUNDARY_INSET_M), dtype=np.float64)


def _curve_points(
    ctx: _Ctx,
    p0: FloatArray,
    p1: FloatArray,
    spacing: FloatArray | float,
    wiggle: float,
    jitter: float,
) -> tuple[FloatArray, IntArray]:
    """Interior points of curved roads from ``p0[e]`` to ``p1[e]``.

    Each road gets a lateral offset made of three sine modes (zero at both ends) with random
    amplitudes proportional to its length (``wiggle``) plus per-point jitter.  Roads whose curve
    would leave the city are drawn straight (jitter only); a point still outside falls back onto
    the chord, and one whose chord is outside too is pulled just inside the boundary.

    Returns
    -------
    points, counts
        Interior points road by road (``counts[e]`` for road ``e``) in order along each road.
    """
    n_roads = len(p0)
    delta = p1 - p0
    length = np.hypot(delta[:, 0], delta[:, 1])
    n_seg = np.maximum(1, np.round(length / spacing)).astype(np.int64)
    counts = n_seg - 1
    total = int(counts.sum())
    ridx = np.repeat(np.arange(n_roads), counts)
    starts = np.cumsum(counts) - counts
    k = np.arange(total) - np.repeat(starts, counts) + 1
    t = k / n_seg[ridx]
    normal = _unit(np.column_stack([-delta[:, 1], delta[:, 0]]))
    modes = np.arange(1, 4, dtype=np.float64)
    amp = ctx.rng.normal(0.0, 1.0, (n_roads, 3)) * wiggle * np.minimum(length, 12_000.0)[:, None]
    amp /= modes**1.5
    along = np.minimum(jitter, 0.15 * length / n_seg)[ridx, None]
    noise = ctx.rng.normal(0.0, 1.0, (total, 2)) * along
    offset = (amp[ridx] * np.sin(np.pi * t[:, None] * modes)).sum(axis=1)
    chord = p0[ridx] + delta[ridx] * t[:, None]
    pts = chord + normal[ridx] * offset[:, None] + noise
    outside = ~shapely.contains_xy(ctx.city, pts[:, 0], pts[:, 1])
    if outside.any():
        bad_road = np.zeros(n_roads, dtype=bool)
        bad_road[ridx[outside]] = True
        redo = bad_road[ridx]
        pts[redo] = chord[redo] + noise[redo]
        outside = ~shapely.contains_xy(ctx.city, pts[:, 0], pts[:, 1])
        pts[outside] = chord[outside]
        pts[outside] = _pull_inside(ctx, pts[outside])
    return pts, counts


def _pull_inside(ctx: _Ctx, xy: FloatArray, inset_m: float = 80.0) -> FloatArray:
    """Move points that lie outside the city to ``inset_m`` inside its nearest boundary point."""
    xy = np.array(xy, dtype=np.float64)
    for _ in range(3):
        out = ~shapely.contains_xy(ctx.city, xy[:, 0], xy[:, 1])
        if not out.any():
            break
        ring = np.array([ctx.city_boundary], dtype=object)
        along = shapely.line_locate_point(ring, _points(xy[out]))
        onb = shapely.get_coordinates(shapely.line_interpolate_point(ring, along))
        xy[out] = onb + _unit(onb - xy[out]) * inset_m
        inset_m *= 2.0
    return xy


def _add_roads(
    ctx: _Ctx,
    a: IntArray,
    b: IntArray,
    *,
    spacing: FloatArray | float,
    wiggle: float,
    jitter: float,
    highway: object,
    name: object = None,
    ref: object = None,
    maxspeed: object = None,
    oneway: bool = False,
    system: bool = False,
) -> list[IntArray]:
    """Add curved roads from nodes ``a[e]`` to ``b[e]`` with new intermediate nodes.

    Tags are scalars or per-road arrays.  Returns each road's node sequence (a, interior…, b).
    """
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    n_roads = len(a)
    if n_roads == 0:
        return []
    xy = ctx.net.xy
    pts, counts = _curve_points(ctx, xy[a - 1], xy[b - 1], spacing, wiggle, jitter)
    interior = ctx.net.add_nodes(pts, system=system)
    lens = counts + 2
    starts = np.cumsum(lens) - lens
    seq = np.empty(int(lens.sum()), dtype=np.int64)
    ends = starts + lens - 1
    seq[starts] = a
    seq[ends] = b
    mask = np.ones(len(seq), dtype=bool)
    mask[starts] = False
    mask[ends] = False
    seq[mask] = interior
    keep = np.ones(len(seq) - 1, dtype=bool)
    keep[ends[:-1]] = False
    u = seq[:-1][keep]
    v = seq[1:][keep]
    road = np.repeat(np.arange(n_roads), lens - 1)
    ways = ctx.net.new_ways(n_roads)

    def per_edge(value: object) -> object:
        return _obj(value, n_roads)[road] if isinstance(value, np.ndarray) else value

    ctx.net.add_edges(
        u,
        v,
        highway=per_edge(highway),
        way=ways[road],
        name=per_edge(name),
        ref=per_edge(ref),
        maxspeed=per_edge(maxspeed),
        oneway=oneway,
    )
    return np.split(seq, np.cumsum(lens)[:-1])


def _pick_speed(rng: np.random.Generator, n: int, share: float, values: tuple[str, ...]) -> ObjArray:
    """Per-road ``maxspeed``: tagged on a ``share`` of roads with one of ``values``, else None."""
    tagged = rng.random(n) < share
    choice = rng.integers(0, len(values), n)
    out = np.empty(n, dtype=object)
    out[:] = [values[c] if t else None for t, c in zip(tagged, choice, strict=True)]
    return out


# --------------------------------------------------------------------------------------------------
# Expressway centrelines and settlements
# --------------------------------------------------------------------------------------------------
@dataclass
class _Route:
    """An expressway: centreline samples and the node ids of its two carriageways."""

    spec: _ExpresswaySpec
    line: FloatArray  # resampled centreline, K × 2
    dense: FloatArray  # densely sampled spline
    fwd: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    rev: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @property
    def right(self) -> FloatArray:
        """Unit normals pointing to the right of the forward direction."""
        tangent = _unit(np.gradient(self.line, axis=0))
        return np.column_stack([tangent[:, 1], -tangent[:, 0]])


def _spacing(ctx: _Ctx, base_m: float, lo: float = 100.0, hi: float = 500.0) -> float:
    """Node spacing for a road class, shrinking with the requested node density."""
    return float(np.clip(base_m / math.sqrt(ctx.density), lo, hi))


def _expressway_lines(ctx: _Ctx) -> list[_Route]:
    """Centrelines of all expressways, ends extended to the city boundary where they leave it."""
    spacing = _spacing(ctx, 400.0, 150.0, 800.0)
    routes = []
    for spec in _EXPRESSWAYS:
        lon, lat = np.array(spec.waypoints).T
        wp = np.column_stack(ctx.to_m.transform(lon, lat))
        parts = [wp]
        if spec.start_bearing is not None:
            parts.insert(0, _ray_to_boundary(ctx, wp[0], spec.start_bearing)[None, :])
        if spec.end_bearing is not None:
            parts.append(_ray_to_boundary(ctx, wp[-1], spec.end_bearing)[None, :])
        dense = _catmull_rom(np.vstack(parts))
        routes.append(_Route(spec=spec, line=_resample(dense, spacing), dense=dense))
    ctx.exp_tree = cKDTree(np.vstack([r.dense for r in routes]))
    return routes


def _seat_radius(pop: float) -> float:
    """Largest half-axis a seat grid can have (m)."""
    return math.sqrt(pop / _DENSITY_SEAT_PER_KM2 / math.pi * 1.34) * 1000.0


def _place_settlements(ctx: _Ctx, seats: pd.DataFrame) -> _Places:
    """County seats at their real coordinates, anchored towns, then random towns in each county."""
    rng = ctx.rng
    xy: list[FloatArray] = []
    county: list[str] = []
    kind: list[str] = []
    name: list[str] = []
    name_en: list[str] = []
    pops: list[int] = []
    key: list[str] = []
    seat_r: list[float] = []
    for cid, _, pop in ctx.counties:
        row = seats.loc[seats["county_id"] == cid].iloc[0]
        xy.append(np.array(ctx.to_m.transform(float(row["lon"]), float(row["lat"]))))
        county.append(cid)
        kind.append("county_seat")
        name.append(str(row["seat_zh"]))
        name_en.append(str(row["seat_en"]))
        pops.append(round(SEAT_SHARE[cid] * pop))
        key.append(cid)
        seat_r.append(_seat_radius(SEAT_SHARE[cid] * pop))
    seat_xy = np.array(xy)
    for akey, cid, lon, lat in _ANCHORED_TOWNS:
        xy.append(np.array(ctx.to_m.transform(lon, lat)))
        county.append(cid)
        kind.append("town")
        key.append(akey)
    assert ctx.exp_tree is not None
    for cid, poly, _ in ctx.counties:
        area_km2 = poly.area / 1e6
        n_towns = int(np.clip(round(area_km2 / _TOWN_KM2_PER_TOWN), 10, 30))
        need = n_towns - sum(1 for c, k in zip(county, kind, strict=True) if c == cid and k == "town")
        min_sep = 0.62 * math.sqrt(area_km2 * 1e6 / n_towns)
        x0, y0, x1, y1 = poly.bounds
        accepted: list[FloatArray] = []
        while need > 0:
            cand = rng.uniform((x0, y0), (x1, y1), (4000, 2))
            ok = shapely.contains_xy(poly, cand[:, 0], cand[:, 1])
            ok &= ctx.exp_tree.query(cand)[0] > 1500.0
            ok &= shapely.distance(ctx.city_boundary, _points(cand)) > 800.0
            d_seat = np.hypot(*(cand[:, None, :] - seat_xy[None, :, :]).transpose(2, 0, 1))
            ok &= (d_seat > np.array(seat_r) + 2500.0).all(axis=1)
            others = np.array(xy[len(ctx.counties) :] + accepted).reshape(-1, 2)
            for p in cand[ok]:
                if len(others) == 0 or np.hypot(*(others - p).T).min() > min_sep:
                    accepted.append(p)
                    others = np.vstack([others, p])
                    need -= 1
                    if need == 0:
                        break
            min_sep *= 0.85
        for p in accepted:
            xy.append(p)
            county.append(cid)
            kind.append("town")
            key.append("")
    # town names (city-wide numbering in creation order) and Zipf populations per county
    n_seats = len(ctx.counties)
    for town_no in range(1, len(xy) - n_seats + 1):
        name.append(f"示例镇 {town_no:03d}")
        name_en.append(f"Synthetic town {town_no:03d}")
    population = np.zeros(len(xy), dtype=np.int64)
    population[:n_seats] = pops
    county_arr = np.array(county)
    for cid, _, pop in ctx.counties:
        idx = np.flatnonzero((county_arr == cid) & (np.arange(len(xy)) >= n_seats))
        ranks = rng.permutation(len(idx)) + 1.0
        weights = ranks**-0.8 * rng.lognormal(0.0, 0.25, len(idx))
        population[idx] = _apportion(round(TOWN_SHARE[cid] * pop), weights)
    return _Places(
        xy=np.array(xy),
        county=county,
        kind=kind,
        name=name,
        name_en=name_en,
        population=population,
        key=key,
    )


# --------------------------------------------------------------------------------------------------
# Street grids
# --------------------------------------------------------------------------------------------------
class _StreetNames:
    """City-wide counter for synthetic street names."""

    def __init__(self) -> None:
        self.n = 0

    def next(self, main: bool) -> str:
        self.n += 1
        return f"示例大道 {self.n:04d}" if main else f"示例街 {self.n:04d}"


def _build_grid(ctx: _Ctx, center: FloatArray, pop: int, *, seat: bool, names: _StreetNames) -> _Grid:
    """A jittered, rotated street grid with an elliptical footprint sized by population."""
    rng = ctx.rng
    density = _DENSITY_SEAT_PER_KM2 if seat else _DENSITY_TOWN_PER_KM2
    area_m2 = max(pop / density, 0.1) * 1e6
    aspect = rng.uniform(0.75, 1.33)
    hx = math.sqrt(area_m2 / math.pi * aspect)
    hy = math.sqrt(area_m2 / math.pi / aspect)
    block = _spacing(ctx, 230.0 if seat else 170.0, 90.0, 400.0)
    nx_, ny_ = math.ceil(hx / block) + 1, math.ceil(hy / block) + 1
    mesh_i, mesh_j = np.meshgrid(np.arange(-nx_, nx_ + 1), np.arange(-ny_, ny_ + 1), indexing="ij")
    gi, gj = mesh_i.ravel(), mesh_j.ravel()
    keep = ((gi * block / hx) ** 2 + (gj * block / hy) ** 2 <= 1.0) | ((np.abs(gi) <= 1) & (np.abs(gj) <= 1))
    theta = rng.uniform(0.0, math.pi)
    c, s = math.cos(theta), math.sin(theta)
    u = gi * block + rng.normal(0.0, 0.12 * block, len(gi))
    v = gj * block + rng.normal(0.0, 0.12 * block, len(gi))
    xy = center + np.column_stack([c * u - s * v, s * u + c * v])
    keep &= shapely.contains_xy(ctx.city, xy[:, 0], xy[:, 1])
    assert ctx.exp_tree is not None
    keep &= ctx.exp_tree.query(xy)[0] > _GRID_CLEAR_OF_EXPRESSWAY_M
    # neighbours in the full lattice
    width = 2 * ny_ + 1
    flat = np.arange(len(gi))
    horiz = np.column_stack([flat[gi < nx_], flat[gi < nx_] + width])  # along gi: a "row" (constant gj)
    vert = np.column_stack([flat[gj < ny_], flat[gj < ny_] + 1])  # along gj: a "column" (constant gi)
    pairs = np.vstack([horiz, vert])
    is_row = np.r_[np.ones(len(horiz), dtype=bool), np.zeros(len(vert), dtype=bool)]
    ok = keep[pairs[:, 0]] & keep[pairs[:, 1]]
    pairs, is_row = pairs[ok], is_row[ok]
    # keep the connected piece around the centre
    n = len(gi)
    adj = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, label = connected_components(adj, directed=False)
    centre_cell = int(np.flatnonzero((gi == 0) & (gj == 0))[0])
    keep &= label == label[centre_cell]
    ok = keep[pairs[:, 0]] & keep[pairs[:, 1]]
    pairs, is_row = pairs[ok], is_row[ok]
    cells = np.flatnonzero(keep)
    ids = ctx.net.add_nodes(xy[cells])
    local = np.full(n, -1, dtype=np.int64)
    local[cells] = np.arange(len(cells))
    deg = np.bincount(local[pairs].ravel(), minlength=len(cells))
    # classify streets: line index is gj for rows, gi for columns
    line = np.where(is_row, gj[pairs[:, 0]], gi[pairs[:, 0]])
    if seat:
        highway = np.where(line == 0, "primary", np.where(line % 4 == 0, "secondary", "residential"))
    else:
        highway = np.where(line == 0, "tertiary", "residential")
    # one street name (and one way id) per grid line
    line_key = line * 2 + is_row
    uniq, inverse = np.unique(line_key, return_inverse=True)
    main_line = (uniq // 2) == 0
    line_names = np.array([names.next(bool(m)) for m in main_line], dtype=object)
    line_ways = ctx.net.new_ways(len(uniq))
    line_speed = _pick_speed(rng, len(uniq), 0.25 if seat else 0.05, ("40", "50") if seat else ("30",))
    line_speed[~main_line] = _pick_speed(rng, int((~main_line).sum()), 0.03, ("30",))
    # one-way couplets in big seats, only between interior nodes (every node keeps a two-way street)
    interior = (deg[local[pairs[:, 0]]] == 4) & (deg[local[pairs[:, 1]]] == 4)
    oneway = np.zeros(len(pairs), dtype=bool)
    flip = np.zeros(len(pairs), dtype=bool)
    if seat and pop > 100_000:
        for line_no, is_r, reverse in ((2, True, False), (3, True, True)):
            sel = interior & (line == line_no) & (is_row == is_r) & (highway == "residential")
            oneway |= sel
            flip |= sel & reverse
    if seat and pop > 250_000:
        for line_no, is_r, reverse in ((-2, False, False), (-3, False, True)):
            sel = interior & (line == line_no) & (is_row == is_r) & (highway == "residential")
            oneway |= sel
            flip |= sel & reverse
    u_ids, v_ids = ids[local[pairs[:, 0]]], ids[local[pairs[:, 1]]]
    u_ids, v_ids = np.where(flip, v_ids, u_ids), np.where(flip, u_ids, v_ids)
    for one in (False, True):
        m = oneway == one
        ctx.net.add_edges(
            u_ids[m],
            v_ids[m],
            highway=highway[m].astype(object),
            way=line_ways[inverse[m]],
            name=line_names[inverse[m]],
            maxspeed=line_speed[inverse[m]],
            oneway=one,
        )
    gxy = xy[cells]
    radius = float(np.hypot(*(gxy - center).T).max())
    return _Grid(
        ids=ids,
        xy=gxy,
        perimeter=deg < 4,
        center=center,
        radius=radius,
        theta=theta,
        block=block,
    )


def _port(grid: _Grid, target: FloatArray) -> int:
    """The perimeter node of ``grid`` facing ``target``."""
    pxy = grid.xy[grid.perimeter]
    pid = grid.ids[grid.perimeter]
    return int(pid[int(np.argmin(np.hypot(*(pxy - target).T)))])


# --------------------------------------------------------------------------------------------------
# Expressways: carriageways, interchanges, hubs, termini, service areas
# --------------------------------------------------------------------------------------------------
@dataclass
class _ServiceArea:
    """One side of a service area: its two internal nodes (metric) and the route."""

    a: FloatArray
    b: FloatArray
    ref: str | None


@dataclass
class _ExpresswayResult:
    exit_junction: dict[str, int]  # exit key (county id or anchored-town key) → local junction node
    services: list[_ServiceArea]


class _Slots:
    """Indices along one route already used by interchanges, hubs and service areas."""

    def __init__(self, n: int, margin: int) -> None:
        self.n = n
        self.margin = margin
        self.used: list[int] = []

    def find(self, k: int, gap: int, reach: int) -> int | None:
        """The index nearest ``k`` (within ``reach``) at least ``gap`` from every used index."""
        for delta in sorted(range(-reach, reach + 1), key=lambda x: (abs(x), x)):
            j = k + delta
            if self.margin <= j <= self.n - 1 - self.margin and all(abs(j - o) >= gap for o in self.used):
                return j
        return None


def _build_expressways(ctx: _Ctx, routes: list[_Route], places: _Places) -> _ExpresswayResult:
    """Carriageways, interchanges to local roads, hubs at crossings, termini and service areas."""
    net, rng = ctx.net, ctx.rng
    spacing = float(np.hypot(*(routes[0].line[1] - routes[0].line[0])))
    d = max(1, round(700.0 / spacing))
    link_spacing = _spacing(ctx, 120.0, 60.0, 200.0)
    conn_spacing = _spacing(ctx, 250.0)
    for r in routes:
        right = r.right
        r.fwd = net.add_nodes(r.line + right * _CARRIAGEWAY_OFFSET_M, system=True)
        r.rev = net.add_nodes(r.line - right * _CARRIAGEWAY_OFFSET_M, system=True)
        ways = net.new_ways(2)
        n_seg = len(r.line) - 1
        for (a, b), way in (((r.fwd[:-1], r.fwd[1:]), ways[0]), ((r.rev[1:], r.rev[:-1]), ways[1])):
            net.add_edges(
                a,
                b,
                highway="motorway",
                way=np.full(n_seg, way),
                oneway=True,
                name=r.spec.name,
                ref=r.spec.ref,
                maxspeed=r.spec.maxspeed,
            )

    def ramps(a: list[int], b: list[int]) -> None:
        _add_roads(
            ctx,
            np.array(a),
            np.array(b),
            spacing=link_spacing,
            wiggle=0.06,
            jitter=2.0,
            highway="motorway_link",
            oneway=True,
            system=True,
        )

    def connect(junction: int, place: int) -> None:
        hw = "primary" if places.kind[place] == "county_seat" else "secondary"
        port = _port(ctx.grids[place], net.xy[junction - 1])
        _add_roads(
            ctx,
            np.array([junction]),
            np.array([port]),
            spacing=conn_spacing,
            wiggle=0.04,
            jitter=6.0,
            highway=hw,
        )

    slots = [_Slots(len(r.line), d) for r in routes]
    gap = 2 * d + 1
    # hubs where two expressways cross (all ramps meet in one node)
    for i, ra in enumerate(routes):
        for j in range(i + 1, len(routes)):
            rb = routes[j]
            cross = shapely.intersection(shapely.LineString(ra.line), shapely.LineString(rb.line))
            for p in shapely.get_coordinates(cross):
                ka = slots[i].find(int(np.argmin(np.hypot(*(ra.line - p).T))), gap, d)
                kb = slots[j].find(int(np.argmin(np.hypot(*(rb.line - p).T))), gap, d)
                if ka is None or kb is None:
                    continue
                slots[i].used.append(ka)
                slots[j].used.append(kb)
                off = _unit((ra.right[ka] + rb.right[kb])[None, :])[0]
                hub = int(net.add_nodes((p + off * 150.0)[None, :], system=True)[0])
                ramps(
                    [
                        int(ra.fwd[ka - d]),
                        int(ra.rev[ka + d]),
                        int(rb.fwd[kb - d]),
                        int(rb.rev[kb + d]),
                    ]
                    + [hub] * 4,
                    [hub] * 4
                    + [
                        int(ra.fwd[ka + d]),
                        int(ra.rev[ka - d]),
                        int(rb.fwd[kb + d]),
                        int(rb.rev[kb - d]),
                    ],
                )
    # termini and boundary turnarounds
    for i, r in enumerate(routes):
        for end, bearing in ((0, r.spec.start_bearing), (-1, r.spec.end_bearing)):
            if bearing is not None:
                a, b = (r.rev[0], r.fwd[0]) if end == 0 else (r.fwd[-1], r.rev[-1])
                net.add_edges(
                    np.array([a]),
                    np.array([b]),
                    highway="motorway",
                    oneway=True,
                    name=r.spec.name,
                    ref=r.spec.ref,
                    maxspeed=r.spec.maxspeed,
                )
                continue
            tangent = _unit((r.line[1] - r.line[0]) if end == 0 else (r.line[-1] - r.line[-2]))
            sign = -1.0 if end == 0 else 1.0
            t_xy = r.line[end] + sign * tangent * 300.0
            term = int(net.add_nodes(t_xy[None, :])[0])
            if end == 0:
                ramps([int(r.rev[0]), term], [term, int(r.fwd[0])])
            else:
                ramps([int(r.fwd[-1]), term], [term, int(r.rev[-1])])
            connect(term, int(np.argmin(np.hypot(*(places.xy - t_xy).T))))
            slots[i].used.append(0 if end == 0 else len(r.line) - 1)
    # interchanges: required exits first, then towns close to the route
    index = {k: n for n, k in enumerate(places.key) if k}
    exit_junction: dict[str, int] = {}
    targeted = np.zeros(len(places.xy), dtype=bool)

    def junction_xy(i: int, k: int, place: int) -> FloatArray:
        r = routes[i]
        c = r.line[k]
        side = 1.0 if float((places.xy[place] - c) @ r.right[k]) >= 0 else -1.0
        return np.asarray(c + r.right[k] * side * 300.0)

    def make_exit(i: int, k: int, place: int) -> int:
        r = routes[i]
        slots[i].used.append(k)
        targeted[place] = True
        junction = int(net.add_nodes(junction_xy(i, k, place)[None, :])[0])
        ramps(
            [int(r.fwd[k - d]), junction, int(r.rev[k + d]), junction],
            [junction, int(r.fwd[k + d]), junction, int(r.rev[k - d])],
        )
        connect(junction, place)
        return junction

    for i, r in enumerate(routes):
        for key in r.spec.exits:
            place = index[key]
            k0 = int(np.argmin(np.hypot(*(r.line - places.xy[place]).T)))
            slot = slots[i].find(k0, gap, 4 * d)
            if slot is not None:
                exit_junction[key] = make_exit(i, slot, place)
    auto_gap = max(gap, round(6000.0 / spacing))
    for i, r in enumerate(routes):
        dist, nearest = cKDTree(r.line).query(places.xy)
        order = np.lexsort((np.arange(len(dist)), dist))
        for place in order:
            if dist[place] > 4000.0 or places.kind[place] != "town" or targeted[place]:
                continue
            k = slots[i].find(int(nearest[place]), auto_gap, d)
            if (
                k is not None
                and _chords_inside(
                    ctx, junction_xy(i, k, int(place))[None, :], places.xy[place][None, :], 20
                ).all()
            ):
                make_exit(i, k, int(place))
    # service areas every 30-50 km, both sides
    services: list[_ServiceArea] = []
    for i, r in enumerate(routes):
        total = spacing * (len(r.line) - 1)
        pos = rng.uniform(15_000.0, 25_000.0)
        while pos < total - 5_000.0:
            slot = slots[i].find(round(pos / spacing), max(gap, round(3000.0 / spacing)), 3 * d)
            pos += rng.uniform(30_000.0, 50_000.0)
            if slot is None:
                continue
            k = slot
            slots[i].used.append(k)
            c, rt = r.line[k], r.right[k]
            tg = np.array([-rt[1], rt[0]])
            corners = np.array(
                [
                    c + rt * 90 - tg * 120,
                    c + rt * 90 + tg * 120,
                    c - rt * 90 + tg * 120,
                    c - rt * 90 - tg * 120,
                ]
            )
            s = net.add_nodes(corners, system=True)
            ramps(
                [int(r.fwd[k - d]), int(s[1]), int(r.rev[k + d]), int(s[3])],
                [int(s[0]), int(r.fwd[k + d]), int(s[2]), int(r.rev[k - d])],
            )
            net.add_edges(s[[0, 2]], s[[1, 3]], highway="service", oneway=True, way=net.new_ways(2))
            services.append(_ServiceArea(corners[0], corners[1], r.spec.ref))
            services.append(_ServiceArea(corners[2], corners[3], r.spec.ref))
    return _ExpresswayResult(exit_junction=exit_junction, services=services)


# --------------------------------------------------------------------------------------------------
# Arterial, secondary and tertiary roads between seats and towns
# --------------------------------------------------------------------------------------------------
def _delaunay_edges(points: FloatArray) -> IntArray:
    """Unique undirected Delaunay edges (i < j), sorted."""
    simplices = Delaunay(points).simplices
    e = np.vstack([simplices[:, [0, 1]], simplices[:, [1, 2]], simplices[:, [0, 2]]])
    e = np.sort(e, axis=1)
    return np.asarray(np.unique(e, axis=0), dtype=np.int64)


def _chords_inside(ctx: _Ctx, p0: FloatArray, p1: FloatArray, samples: int = 12) -> BoolArray:
    """True where the segment p0→p1 stays inside the city (checked at ``samples`` points)."""
    t = np.linspace(0.0, 1.0, samples)
    pts = p0[:, None, :] + (p1 - p0)[:, None, :] * t[None, :, None]
    inside = shapely.contains_xy(ctx.city, pts[..., 0].ravel(), pts[..., 1].ravel())
    return np.asarray(inside.reshape(len(p0), samples).all(axis=1), dtype=bool)


def _build_major_roads(ctx: _Ctx, places: _Places) -> list[IntArray]:
    """Trunk/primary corridors, secondary (spanning tree) and tertiary roads over a Gabriel graph.

    Returns the node sequences of trunk and primary roads (used to place fuel stations).
    """
    rng, net = ctx.rng, ctx.net
    pts = places.xy
    n = len(pts)
    edges = _delaunay_edges(pts)
    length = np.hypot(*(pts[edges[:, 0]] - pts[edges[:, 1]]).T)
    inside = _chords_inside(ctx, pts[edges[:, 0]], pts[edges[:, 1]], 40) & (length < 30_000.0)
    edges, length = edges[inside], length[inside]
    mid = (pts[edges[:, 0]] + pts[edges[:, 1]]) / 2
    dist, nb = cKDTree(pts).query(mid, k=3)
    other = (nb != edges[:, :1]) & (nb != edges[:, 1:])
    gabriel = ~((dist < length[:, None] / 2 * (1 - 1e-9)) & other).any(axis=1)
    graph = coo_matrix((length, (edges[:, 0], edges[:, 1])), shape=(n, n)).tocsr()
    mst = minimum_spanning_tree(graph).tocoo()
    in_mst = np.zeros(len(edges), dtype=bool)
    lookup = {(int(a), int(b)): e for e, (a, b) in enumerate(edges)}
    for a, b in zip(mst.row, mst.col, strict=True):
        in_mst[lookup[(min(int(a), int(b)), max(int(a), int(b)))]] = True
    usable = gabriel | in_mst
    rank = np.full(len(edges), 9)
    refs: list[list[str]] = [[] for _ in range(len(edges))]
    names = np.empty(len(edges), dtype=object)
    graph = coo_matrix((length[usable], (edges[usable, 0], edges[usable, 1])), shape=(n, n)).tocsr()
    seat_index = {places.key[i]: i for i in range(n) if places.kind[i] == "county_seat"}
    gateways: list[tuple[int, FloatArray, _CorridorSpec]] = []  # (place, gateway point, corridor)
    for spec in _CORRIDORS:
        stops: list[int] = []
        for stop in spec.stops:
            if stop.startswith("gw:"):
                _, cid, bearing = stop.split(":")
                gw = _ray_to_boundary(ctx, pts[seat_index[cid]], float(bearing))
                dist_gw = np.hypot(*(pts - gw).T)
                clear = _chords_inside(ctx, pts, np.repeat(gw[None, :], n, axis=0), 40)
                near = int(np.argmin(np.where(clear, dist_gw, dist_gw + 1e9)))
                gateways.append((near, gw, spec))
                stops.append(near)
            else:
                stops.append(seat_index[stop])
        for a, b in itertools.pairwise(stops):
            _, pred = dijkstra(graph, directed=False, indices=a, return_predecessors=True)
            node = b
            while node != a and pred[node] >= 0:
                p = int(pred[node])
                e = lookup[(min(p, node), max(p, node))]
                rank[e] = min(rank[e], _HIGHWAY_RANK[spec.highway])
                if spec.ref not in refs[e]:
                    refs[e].append(spec.ref)
                    if names[e] is None:
                        names[e] = spec.name
                node = p
    secondary = in_mst & (rank == 9)
    rank[secondary] = _HIGHWAY_RANK["secondary"]
    tertiary = gabriel & (rank == 9) & (length < 14_000.0) & (rng.random(len(edges)) < 0.75)
    rank[tertiary] = _HIGHWAY_RANK["tertiary"]
    n_secondary = 0
    arterial_paths: list[IntArray] = []
    for hw, base, wiggle, speeds, share in (
        ("trunk", 250.0, 0.035, ("60", "80"), 0.4),
        ("primary", 250.0, 0.045, ("60",), 0.3),
        ("secondary", 260.0, 0.06, ("40", "60"), 0.15),
        ("tertiary", 280.0, 0.08, ("40",), 0.05),
    ):
        sel = np.flatnonzero(rank == _HIGHWAY_RANK[hw])
        a = np.array([_port(ctx.grids[int(edges[e, 0])], pts[edges[e, 1]]) for e in sel], dtype=np.int64)
        b = np.array([_port(ctx.grids[int(edges[e, 1])], pts[edges[e, 0]]) for e in sel], dtype=np.int64)
        ref = np.empty(len(sel), dtype=object)
        if hw == "secondary":
            ref[:] = [f"X{n_secondary + m + 1:03d}" for m in range(len(sel))]
            n_secondary += len(sel)
        elif hw in ("trunk", "primary"):
            ref[:] = [";".join(refs[e]) for e in sel]
        seqs = _add_roads(
            ctx,
            a,
            b,
            spacing=_spacing(ctx, base),
            wiggle=wiggle,
            jitter=10.0,
            highway=hw,
            name=names[sel] if hw in ("trunk", "primary") else None,
            ref=ref,
            maxspeed=_pick_speed(rng, len(sel), share, speeds),
        )
        if hw in ("trunk", "primary"):
            arterial_paths.extend(seqs)
    # legs from the last town of a corridor to the city boundary (towards the neighbouring city)
    for near, gw, spec in gateways:
        gw_node = net.add_nodes(gw[None, :])
        seqs = _add_roads(
            ctx,
            np.array([_port(ctx.grids[near], gw)]),
            gw_node,
            spacing=_spacing(ctx, 250.0),
            wiggle=0.035,
            jitter=10.0,
            highway=spec.highway,
            name=spec.name,
            ref=spec.ref,
            maxspeed=_pick_speed(rng, 1, 0.4, ("60",)),
        )
        arterial_paths.extend(seqs)
    return arterial_paths


# --------------------------------------------------------------------------------------------------
# Villages and rural roads
# --------------------------------------------------------------------------------------------------
@dataclass
class _Villages:
    xy: FloatArray
    county: npt.NDArray[np.str_]
    node: IntArray
    weight: FloatArray


def _valley_field(rng: np.random.Generator, n_waves: int = 8) -> tuple[FloatArray, FloatArray]:
    """Random plane waves (wave vectors, phases) of 5-25 km wavelength: a smooth density."""
    wavelength = rng.uniform(5_000.0, 25_000.0, n_waves)
    angle = rng.uniform(0.0, math.pi, n_waves)
    k = (2 * math.pi / wavelength)[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return k, rng.uniform(0.0, 2 * math.pi, n_waves)


def _build_villages(ctx: _Ctx, places: _Places) -> _Villages:
    """Sample villages and join them to the roads by a minimum spanning forest of rural roads."""
    rng, net = ctx.rng, ctx.net
    # n villages with rural node spacing s give about n * L / s nodes (each village plus the
    # interior nodes of its link), where L ~ 44 km / sqrt(n) is the mean link length in a
    # 6,300 km² city (measured): solve n * L / s = budget for n at the preferred spacing; the
    # spacing itself is fine-tuned below.
    budget = max(ctx.target_nodes - net.n_nodes, 0)
    s_pref = _spacing(ctx, 170.0, 100.0, 400.0)
    n_villages = max(20 * len(ctx.counties), int((budget * s_pref / 44_000.0) ** 2))
    rural = np.array(
        [
            pop - int(places.population[[i for i, c in enumerate(places.county) if c == cid]].sum())
            for cid, _, pop in ctx.counties
        ],
        dtype=np.float64,
    )
    per_county = _apportion(n_villages, rural)
    waves, phase = _valley_field(rng)
    assert ctx.exp_tree is not None
    place_tree = cKDTree(places.xy)
    radius = np.array([ctx.grids[i].radius for i in range(len(places.xy))])
    xy_parts: list[FloatArray] = []
    county_parts: list[npt.NDArray[np.str_]] = []
    weight_parts: list[FloatArray] = []
    for (cid, poly, _), need in zip(ctx.counties, per_county, strict=True):
        x0, y0, x1, y1 = poly.bounds
        got: list[FloatArray] = []
        gotw: list[FloatArray] = []
        have = 0
        while have < need:
            cand = rng.uniform((x0, y0), (x1, y1), (max(4 * int(need), 256), 2))
            dens = np.sin(cand @ waves.T + phase).mean(axis=1)
            accept = rng.random(len(cand)) < 0.15 + 0.85 / (1.0 + np.exp(-6.0 * dens))
            accept &= shapely.contains_xy(poly, cand[:, 0], cand[:, 1])
            accept &= ctx.exp_tree.query(cand)[0] > 200.0
            dp, ip = place_tree.query(cand)
            accept &= dp > radius[ip] + 250.0
            take = cand[accept][: int(need) - have]
            got.append(take)
            gotw.append(0.5 + 1.0 / (1.0 + np.exp(-6.0 * dens[accept][: len(take)])))
            have += len(take)
        xy_parts.append(np.vstack(got))
        county_parts.append(np.full(have, cid))
        weight_parts.append(np.concatenate(gotw))
    vxy = np.vstack(xy_parts)
    vcounty = np.concatenate(county_parts)
    vweight = np.concatenate(weight_parts) * rng.lognormal(0.0, 0.5, len(vxy))
    # candidate links: Delaunay over road nodes (anchors) and villages, inside the city, < 6 km
    local = np.flatnonzero(~net.system)
    anchor_xy = net.xy[local]
    n_a, n_v = len(anchor_xy), len(vxy)
    allxy = np.vstack([anchor_xy, vxy])
    e = _delaunay_edges(allxy)
    e = e[e[:, 1] >= n_a]  # at least one village (i < j, villages come last)
    elen = np.hypot(*(allxy[e[:, 0]] - allxy[e[:, 1]]).T)
    ok = (elen < 6_000.0) & _chords_inside(ctx, allxy[e[:, 0]], allxy[e[:, 1]])
    e, elen = e[ok], elen[ok]
    # contract all anchors into node 0; keep each village's shortest link to an anchor
    to_anchor = e[:, 0] < n_a
    va = e[to_anchor]
    order = np.lexsort((elen[to_anchor], va[:, 1]))
    va, va_len = va[order], elen[to_anchor][order]
    first = np.r_[True, va[1:, 1] != va[:-1, 1]]
    va, va_len = va[first], va_len[first]
    vv, vv_len = e[~to_anchor], elen[~to_anchor]
    rows = np.r_[np.zeros(len(va), dtype=np.int64), vv[:, 0] - n_a + 1]
    cols = np.r_[va[:, 1] - n_a + 1, vv[:, 1] - n_a + 1]
    mst = minimum_spanning_tree(
        coo_matrix((np.r_[va_len, vv_len], (rows, cols)), shape=(n_v + 1, n_v + 1)).tocsr()
    ).tocoo()
    _, label = connected_components(mst, directed=False)
    kept = label[1:] == label[0]
    # MST edges as (from, to) in "extended" numbering: anchors < n_a, villages n_a + i
    a_of_village = np.full(n_v, -1, dtype=np.int64)
    a_of_village[va[:, 1] - n_a] = va[:, 0]
    m_r, m_c = np.minimum(mst.row, mst.col), np.maximum(mst.row, mst.col)
    is_anchor_link = m_r == 0
    links = np.column_stack(
        [
            np.where(is_anchor_link, a_of_village[m_c - 1], m_r - 1 + n_a),
            m_c - 1 + n_a,
        ]
    )
    in_tree = np.zeros((0, 2), dtype=np.int64)
    if len(vv):
        width = np.int64(len(allxy))
        tree_code = np.sort(links, axis=1) @ np.array([width, 1], dtype=np.int64)
        extra_ok = ~np.isin(vv @ np.array([width, 1], dtype=np.int64), tree_code)
        limit = 1.5 * float(np.median(np.hypot(*(allxy[links[:, 0]] - allxy[links[:, 1]]).T)))
        extra = extra_ok & (vv_len < limit) & (rng.random(len(vv)) < 0.15)
        in_tree = vv[extra]
    links = np.vstack([links, in_tree])
    src_ok = np.ones(len(links), dtype=bool)
    from_village = links[:, 0] >= n_a
    src_ok[from_village] = kept[links[from_village, 0] - n_a]
    links = links[src_ok & kept[links[:, 1] - n_a]]
    # add kept villages as nodes, then the rural roads with a spacing calibrated to the node budget
    vid = np.zeros(n_v, dtype=np.int64)
    vid[kept] = net.add_nodes(vxy[kept])
    ext_id = np.r_[local + 1, vid]
    llen = np.hypot(*(allxy[links[:, 0]] - allxy[links[:, 1]]).T)
    remaining = ctx.target_nodes - net.n_nodes
    lo, hi = 100.0, 400.0
    for _ in range(30):
        mid = (lo + hi) / 2
        made = int((np.maximum(1, np.round(llen / mid)) - 1).sum())
        lo, hi = (mid, hi) if made > remaining else (lo, mid)
    _add_roads(
        ctx,
        ext_id[links[:, 0]],
        ext_id[links[:, 1]],
        spacing=(lo + hi) / 2,
        wiggle=0.12,
        jitter=12.0,
        highway="unclassified",
    )
    return _Villages(xy=vxy[kept], county=vcounty[kept], node=vid[kept], weight=vweight[kept])


# --------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------------------
# Settlements, terminals and features
# --------------------------------------------------------------------------------------------------
def _settlements(ctx: _Ctx, places: _Places, villages: _Villages) -> gpd.GeoDataFrame:
    """Seats, towns and villages with populations that add up to each county's census figure."""
    v_pop = np.zeros(len(villages.xy), dtype=np.int64)
    for cid, _, pop in ctx.counties:
        in_county = villages.county == cid
        urban = int(places.population[[c == cid for c in places.county]].sum())
        v_pop[in_county] = _apportion(pop - urban, villages.weight[in_county])
    n_seats = len(ctx.counties)
    ids = [
        f"{c}-S" if k == "county_seat" else f"{c}-T{i - n_seats + 1:03d}"
        for i, (c, k) in enumerate(zip(places.county, places.kind, strict=True))
    ]
    n_v = len(villages.xy)
    v_no = np.arange(1, n_v + 1)
    frame = pd.DataFrame(
        {
            "settlement_id": ids + [f"{c}-V{k:05d}" for c, k in zip(villages.county, v_no, strict=True)],
            "name": places.name + [f"示例村 {k:05d}" for k in v_no],
            "name_en": places.name_en + [f"Synthetic village {k:05d}" for k in v_no],
            "county_id": list(places.county) + [str(c) for c in villages.county],
            "kind": list(places.kind) + ["village"] * n_v,
            "population": np.r_[places.population, v_pop].astype(np.int64),
        }
    )
    xy = np.vstack([places.xy, villages.xy])
    return _to_wgs84(frame, _points(xy))


def _to_wgs84(frame: pd.DataFrame, geoms: npt.NDArray[np.object_]) -> gpd.GeoDataFrame:
    """A GeoDataFrame from metric geometries, converted to EPSG:4326."""
    gs = gpd.GeoSeries(geoms, crs=METRIC_CRS).to_crs("EPSG:4326")
    return gpd.GeoDataFrame(frame, geometry=gs.to_numpy(), crs="EPSG:4326")


#: Where each terminal goes: (county whose seat grid holds it, offset from the seat centre in
#: units of the grid radius), or ``"edge"`` for the railway-side hub at the grid's edge, or
#: ``"exit:<key>"`` next to the exit of an anchored town.
_TERMINAL_PLACEMENT: dict[str, tuple[str, tuple[float, float] | str]] = {
    "T01": ("511602", (0.0, -0.55)),  # south part of the Guang'an District seat
    "T02": ("511602", (0.05, 0.55)),  # north part
    "T03": ("511603", (0.2, -0.1)),
    "T04": ("511681", (-0.15, 0.2)),
    "T05": ("511621", (0.1, 0.1)),
    "T06": ("511621", "edge"),  # by the synthetic railway station
    "T07": ("511622", (0.2, -0.3)),
    "T08": ("511623", (-0.1, -0.2)),
    "T09": ("511623", "exit:shizi"),  # next to the synthetic G42 exit standing in for Shizi
}


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
    """Accumulates feature rows (metric geometry + OSM-like tags)."""

    def __init__(self) -> None:
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


def _near(ctx: _Ctx, xy: FloatArray, lo: float = 15.0, hi: float = 40.0) -> FloatArray:
    """Points moved ``lo``-``hi`` m from ``xy`` in random directions (off the street, like POIs)."""
    angle = ctx.rng.uniform(0.0, 2 * math.pi, len(xy))
    r = ctx.rng.uniform(lo, hi, len(xy))
    return np.asarray(xy + np.column_stack([np.cos(angle), np.sin(angle)]) * r[:, None])


def _rect(center: FloatArray, w: float, h: float, theta: float) -> shapely.Polygon:
    """A ``w`` × ``h`` rectangle rotated by ``theta`` around ``center``."""
    c, s = math.cos(theta), math.sin(theta)
    corners = np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) / 2
    rot = corners @ np.array([[c, s], [-s, c]])
    return shapely.Polygon(rot + center)


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
    rng, net = ctx.rng, ctx.net
    f = _Features()
    shizi = places.key.index("shizi") if "shizi" in places.key else -1

    def pick(grid: _Grid, n: int, where: BoolArray | None = None) -> FloatArray:
        pool = np.flatnonzero(where) if where is not None else np.arange(len(grid.xy))
        chosen = rng.choice(pool, size=min(n, len(pool)), replace=False)
        return _near(ctx, grid.xy[np.sort(chosen)])

    def pts(xy: FloatArray) -> list[shapely.Geometry]:
        return list(_points(xy))

    def inside(geoms: list[shapely.Geometry]) -> list[shapely.Geometry]:
        return [g for g in geoms if ctx.city.contains(g)]

    def parking(xy: FloatArray, capacity_share: float) -> None:
        n = len(xy)
        cap = rng.integers(3, 60, n) * 10
        has = rng.random(n) < capacity_share
        kind = rng.choice(np.array(["surface", "underground", "multi-storey"]), n, p=[0.6, 0.25, 0.15])
        f.add(
            pts(xy),
            amenity="parking",
            parking=[str(k) for k in kind],
            capacity=[str(c) if h else None for c, h in zip(cap, has, strict=True)],
        )

    for i in range(len(places.xy)):
        grid, pop = ctx.grids[i], int(places.population[i])
        dist = np.hypot(*(grid.xy - grid.center).T)
        centre_node = grid.xy[int(np.argmin(dist))]
        f.named(pts(_near(ctx, centre_node[None, :])), "政府", "town hall", amenity="townhall")
        if places.kind[i] == "county_seat":
            parking(pick(grid, max(3, pop // 4000)), 0.6)
            n_cs = max(1, pop // 100_000)
            cs_xy = pick(grid, n_cs, dist < 0.7 * grid.radius)
            f.named(
                pts(cs_xy),
                "充电站",
                "charging station",
                amenity="charging_station",
                capacity=[str(c) for c in rng.integers(4, 13, len(cs_xy))],
            )
            f.named(
                pts(pick(grid, max(1, pop // 80_000), dist < 0.5 * grid.radius)),
                "商场",
                "mall",
                shop="mall",
            )
            f.named(pts(pick(grid, max(1, pop // 20_000))), "超市", "supermarket", shop="supermarket")
            f.named(pts(pick(grid, max(1, pop // 100_000))), "医院", "hospital", amenity="hospital")
            f.named(pts(pick(grid, max(2, pop // 15_000))), "学校", "school", amenity="school")
            n_off = max(2, pop // 10_000)
            office = rng.choice(np.array(["company", "government", "company", "insurance"]), n_off)
            f.named(
                pts(pick(grid, n_off, dist < 0.6 * grid.radius)),
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
            blocks = inside(
                [_rect(p + shift, 0.75 * grid.block, 0.75 * grid.block, grid.theta) for p in cells]
            )
            f.add(blocks, landuse="residential")
            for k in range(1 + int(pop > 200_000)):
                angle = rng.uniform(0.0, 2 * math.pi)
                direction = np.array([math.cos(angle), math.sin(angle)])
                park = _rect(grid.center + direction * (grid.radius + 600.0), 900, 550, grid.theta)
                f.named(inside([park]), "工业园", "industrial park", landuse="industrial")
                sub = grid.center + direction * (grid.radius + 250.0) + k * 300.0
                f.named(
                    inside(pts(sub[None, :])),
                    "变电站",
                    "substation",
                    power="substation",
                    voltage="110000;35000;10000" if k == 0 else "35000;10000",
                )
            perim = grid.xy[grid.perimeter]
            fuel = perim[rng.choice(len(perim), size=min(2, len(perim)), replace=False)]
            f.named(pts(_near(ctx, fuel, 30.0, 60.0)), "加油站", "fuel station", amenity="fuel")
        else:
            # every town has a 35 kV substation beside its grid (fixed offset: no random draw)
            sub = grid.center + np.array([grid.radius + 200.0, 0.0])
            f.named(
                inside(pts(sub[None, :])), "变电站", "substation", power="substation", voltage="35000;10000"
            )
            if i != shizi:
                f.named(
                    pts(_near(ctx, centre_node[None, :])),
                    "汽车站",
                    "bus station",
                    amenity="bus_station",
                    public_transport="station",
                )
            f.named(pts(pick(grid, 1)), "学校", "school", amenity="school")
            if pop > 3000:
                parking(pick(grid, 1), 0.4)
            if pop > 6000:
                f.named(pts(pick(grid, 1)), "超市", "supermarket", shop="supermarket")
            if pop > 10_000:
                f.named(pts(pick(grid, 1)), "医院", "hospital", amenity="hospital")
            if pop > 12_000:
                angle = rng.uniform(0.0, 2 * math.pi)
                direction = np.array([math.cos(angle), math.sin(angle)])
                park = _rect(grid.center + direction * (grid.radius + 400.0), 500, 350, grid.theta)
                f.named(inside([park]), "工业园", "industrial park", landuse="industrial")
            hull = shapely.MultiPoint(grid.xy).convex_hull.buffer(60.0)
            f.add(inside([hull]), landuse="residential")
    # the larger third of villages get a residential polygon (as mapped villages do), the largest
    # twentieth a school
    vpop = settlements.loc[settlements["kind"] == "village", "population"].to_numpy()
    by_size = np.argsort(-vpop, kind="stable")
    mapped = np.sort(by_size[: max(1, len(vpop) // 3)])
    radius = 40.0 + 4.0 * np.sqrt(vpop[mapped])
    rings = shapely.buffer(_points(villages.xy[mapped]), radius, quad_segs=2)
    f.add(list(shapely.intersection(rings, ctx.city)), landuse="residential")
    big = np.sort(by_size[: max(1, len(vpop) // 20)])
    f.named(pts(_near(ctx, villages.xy[big], 40.0, 80.0)), "学校", "school", amenity="school")
    # fuel stations along trunk and primary roads (about one per 12 km)
    nodes = np.concatenate([p[1:-1] for p in arterials]) if arterials else np.zeros(0, dtype=np.int64)
    step = _spacing(ctx, 250.0)
    fuel_nodes = nodes[rng.random(len(nodes)) < step / 12_000.0]
    f.named(
        pts(_near(ctx, net.xy[fuel_nodes - 1], 25.0, 40.0)),
        "加油站",
        "fuel station",
        amenity="fuel",
    )
    # expressway service areas: the area, fuel and parking
    for sa in exits.services:
        area = shapely.LineString([sa.a, sa.b]).buffer(45.0)
        f.named([area], "服务区", "service area", highway="services")
        mid = (sa.a + sa.b) / 2
        f.named(pts(mid[None, :]), "加油站", "fuel station", amenity="fuel")
        cap = str(int(rng.integers(6, 20)) * 10)
        f.add(pts(((sa.a + mid) / 2)[None, :]), amenity="parking", parking="surface", capacity=cap)
    # terminals: a bus station with the terminal's name, a car park, and the railway station of T06
    for t in terminals:
        f.add(
            pts(t.xy[None, :]),
            name=t.name,
            name_en=t.name_en,
            amenity="bus_station",
            public_transport="station",
        )
        parking(_near(ctx, t.xy[None, :], 40.0, 60.0), 1.0)
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
                pts((t.xy + t.outward * 70.0)[None, :]),
                "火车站",
                "railway station",
                public_transport="station",
                building="train_station",
            )
    # osm ids: points continue the node numbering, polygons the way numbering
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
