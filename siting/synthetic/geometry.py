"""The network builder every step adds to, and vectorised geometry helpers (metric CRS)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from pyproj import Transformer
from scipy.spatial import Delaunay, cKDTree
from shapely.geometry.base import BaseGeometry

from siting._typing import BoolArray, FloatArray, IntArray, ObjArray
from siting.synthetic.specs import _BOUNDARY_INSET_M, METRIC_CRS


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


def _spacing(ctx: _Ctx, base_m: float, lo: float = 100.0, hi: float = 500.0) -> float:
    """Node spacing for a road class, shrinking with the requested node density."""
    return float(np.clip(base_m / math.sqrt(ctx.density), lo, hi))


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


def _port(grid: _Grid, target: FloatArray) -> int:
    """The perimeter node of ``grid`` facing ``target``."""
    pxy = grid.xy[grid.perimeter]
    pid = grid.ids[grid.perimeter]
    return int(pid[int(np.argmin(np.hypot(*(pxy - target).T)))])


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


def _to_wgs84(frame: pd.DataFrame, geoms: npt.NDArray[np.object_]) -> gpd.GeoDataFrame:
    """A GeoDataFrame from metric geometries, converted to EPSG:4326."""
    gs = gpd.GeoSeries(geoms, crs=METRIC_CRS).to_crs("EPSG:4326")
    return gpd.GeoDataFrame(frame, geometry=gs.to_numpy(), crs="EPSG:4326")
