"""Expressways (carriageways, interchanges, hubs, termini, service areas) and the trunk to tertiary roads."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra, minimum_spanning_tree
from scipy.spatial import cKDTree

from siting._typing import BoolArray, FloatArray, IntArray, ObjArray
from siting.synthetic.geometry import (
    _add_roads,
    _catmull_rom,
    _chords_inside,
    _Ctx,
    _delaunay_edges,
    _pick_speed,
    _Places,
    _port,
    _ray_to_boundary,
    _resample,
    _spacing,
    _unit,
)
from siting.synthetic.specs import (
    _CARRIAGEWAY_OFFSET_M,
    _CORRIDORS,
    _EXPRESSWAYS,
    _HIGHWAY_RANK,
    _CorridorSpec,
    _ExpresswaySpec,
)


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
    builder = _ExpresswayBuilder(ctx, routes, places)
    builder.add_carriageways()
    builder.add_hubs()
    builder.add_termini()
    exit_junction = builder.add_exits()
    services = builder.add_service_areas()
    return _ExpresswayResult(exit_junction=exit_junction, services=services)


class _ExpresswayBuilder:
    """The steps of :func:`_build_expressways`, sharing the routes, their used slots and the spacings.

    The steps run in a fixed order (carriageways, hubs, termini, exits, service areas): each draws
    from ``ctx.rng`` and the order of the draws fixes the result.
    """

    def __init__(self, ctx: _Ctx, routes: list[_Route], places: _Places) -> None:
        self.ctx, self.net, self.routes, self.places = ctx, ctx.net, routes, places
        self.spacing = float(np.hypot(*(routes[0].line[1] - routes[0].line[0])))
        self.d = max(1, round(700.0 / self.spacing))
        self.gap = 2 * self.d + 1
        self.link_spacing = _spacing(ctx, 120.0, 60.0, 200.0)
        self.conn_spacing = _spacing(ctx, 250.0)
        self.slots = [_Slots(len(r.line), self.d) for r in routes]
        self.targeted = np.zeros(len(places.xy), dtype=bool)

    def add_carriageways(self) -> None:
        """Two opposing one-way carriageways per route, offset to either side of the centreline."""
        net = self.net
        for r in self.routes:
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

    def ramps(self, a: list[int], b: list[int]) -> None:
        """One-way ``motorway_link`` ramps from ``a[e]`` to ``b[e]``."""
        _add_roads(
            self.ctx,
            np.array(a),
            np.array(b),
            spacing=self.link_spacing,
            wiggle=0.06,
            jitter=2.0,
            highway="motorway_link",
            oneway=True,
            system=True,
        )

    def connect(self, junction: int, place: int) -> None:
        """A primary (seat) or secondary (town) road from ``junction`` to the street grid of ``place``."""
        hw = "primary" if self.places.kind[place] == "county_seat" else "secondary"
        port = _port(self.ctx.grids[place], self.net.xy[junction - 1])
        _add_roads(
            self.ctx,
            np.array([junction]),
            np.array([port]),
            spacing=self.conn_spacing,
            wiggle=0.04,
            jitter=6.0,
            highway=hw,
        )

    def add_hubs(self) -> None:
        """Hubs where two expressways cross (all ramps meet in one node)."""
        routes, slots, d, gap = self.routes, self.slots, self.d, self.gap
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
                    hub = int(self.net.add_nodes((p + off * 150.0)[None, :], system=True)[0])
                    ends = [
                        (int(ra.fwd[ka - d]), int(ra.fwd[ka + d])),
                        (int(ra.rev[ka + d]), int(ra.rev[ka - d])),
                        (int(rb.fwd[kb - d]), int(rb.fwd[kb + d])),
                        (int(rb.rev[kb + d]), int(rb.rev[kb - d])),
                    ]
                    self.ramps([a for a, _ in ends] + [hub] * 4, [hub] * 4 + [b for _, b in ends])

    def add_termini(self) -> None:
        """Boundary turnarounds where a route leaves the city; a terminus joined to local roads elsewhere."""
        net = self.net
        for i, r in enumerate(self.routes):
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
                    self.ramps([int(r.rev[0]), term], [term, int(r.fwd[0])])
                else:
                    self.ramps([int(r.fwd[-1]), term], [term, int(r.rev[-1])])
                self.connect(term, int(np.argmin(np.hypot(*(self.places.xy - t_xy).T))))
                self.slots[i].used.append(0 if end == 0 else len(r.line) - 1)

    def junction_xy(self, i: int, k: int, place: int) -> FloatArray:
        """The local junction of an exit at index ``k`` of route ``i``, on the side of ``place``."""
        r = self.routes[i]
        c = r.line[k]
        side = 1.0 if float((self.places.xy[place] - c) @ r.right[k]) >= 0 else -1.0
        return np.asarray(c + r.right[k] * side * 300.0)

    def make_exit(self, i: int, k: int, place: int) -> int:
        """An interchange at index ``k`` of route ``i`` with a road to ``place``; returns its junction."""
        r, d = self.routes[i], self.d
        self.slots[i].used.append(k)
        self.targeted[place] = True
        junction = int(self.net.add_nodes(self.junction_xy(i, k, place)[None, :])[0])
        self.ramps(
            [int(r.fwd[k - d]), junction, int(r.rev[k + d]), junction],
            [junction, int(r.fwd[k + d]), junction, int(r.rev[k - d])],
        )
        self.connect(junction, place)
        return junction

    def add_exits(self) -> dict[str, int]:
        """Interchanges: the required exits first, then towns close to each route.

        Returns
        -------
        dict
            Exit key (county id or anchored-town key) → local junction node.
        """
        places, d, gap = self.places, self.d, self.gap
        index = {k: n for n, k in enumerate(places.key) if k}
        exit_junction: dict[str, int] = {}
        for i, r in enumerate(self.routes):
            for key in r.spec.exits:
                place = index[key]
                k0 = int(np.argmin(np.hypot(*(r.line - places.xy[place]).T)))
                slot = self.slots[i].find(k0, gap, 4 * d)
                if slot is not None:
                    exit_junction[key] = self.make_exit(i, slot, place)
        auto_gap = max(gap, round(6000.0 / self.spacing))
        for i, r in enumerate(self.routes):
            dist, nearest = cKDTree(r.line).query(places.xy)
            order = np.lexsort((np.arange(len(dist)), dist))
            for place in order:
                if dist[place] > 4000.0 or places.kind[place] != "town" or self.targeted[place]:
                    continue
                k = self.slots[i].find(int(nearest[place]), auto_gap, d)
                if (
                    k is not None
                    and _chords_inside(
                        self.ctx, self.junction_xy(i, k, int(place))[None, :], places.xy[place][None, :], 20
                    ).all()
                ):
                    self.make_exit(i, k, int(place))
        return exit_junction

    def add_service_areas(self) -> list[_ServiceArea]:
        """Service areas every 30-50 km along each route, one on each side."""
        net, rng, spacing, d = self.net, self.ctx.rng, self.spacing, self.d
        services: list[_ServiceArea] = []
        for i, r in enumerate(self.routes):
            total = spacing * (len(r.line) - 1)
            pos = rng.uniform(15_000.0, 25_000.0)
            while pos < total - 5_000.0:
                slot = self.slots[i].find(round(pos / spacing), max(self.gap, round(3000.0 / spacing)), 3 * d)
                pos += rng.uniform(30_000.0, 50_000.0)
                if slot is None:
                    continue
                k = slot
                self.slots[i].used.append(k)
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
                self.ramps(
                    [int(r.fwd[k - d]), int(s[1]), int(r.rev[k + d]), int(s[3])],
                    [int(s[0]), int(r.fwd[k + d]), int(s[2]), int(r.rev[k - d])],
                )
                net.add_edges(s[[0, 2]], s[[1, 3]], highway="service", oneway=True, way=net.new_ways(2))
                services.append(_ServiceArea(corners[0], corners[1], r.spec.ref))
                services.append(_ServiceArea(corners[2], corners[3], r.spec.ref))
        return services


@dataclass
class _Candidates:
    """Candidate roads between seats and towns: Gabriel-graph and minimum-spanning-tree edges."""

    edges: IntArray  # (i, j), i < j, into the places
    length: FloatArray
    gabriel: BoolArray
    in_mst: BoolArray
    lookup: dict[tuple[int, int], int]  # (i, j) → edge index


@dataclass
class _Classes:
    """Each candidate edge's road class (rank, 9 = none), corridor refs and name; the gateways."""

    rank: IntArray
    refs: list[list[str]]
    names: ObjArray
    gateways: list[tuple[int, FloatArray, _CorridorSpec]]  # (place, gateway point, corridor)


def _build_major_roads(ctx: _Ctx, places: _Places) -> list[IntArray]:
    """Trunk/primary corridors, secondary (spanning tree) and tertiary roads over a Gabriel graph.

    Returns the node sequences of trunk and primary roads (used to place fuel stations).
    """
    cand = _candidate_edges(ctx, places.xy)
    classes = _route_corridors(ctx, places, cand)
    secondary = cand.in_mst & (classes.rank == 9)
    classes.rank[secondary] = _HIGHWAY_RANK["secondary"]
    tertiary = (
        cand.gabriel
        & (classes.rank == 9)
        & (cand.length < 14_000.0)
        & (ctx.rng.random(len(cand.edges)) < 0.75)
    )
    classes.rank[tertiary] = _HIGHWAY_RANK["tertiary"]
    arterial_paths = _add_classified_roads(ctx, places, cand, classes)
    arterial_paths.extend(_add_gateway_legs(ctx, classes.gateways))
    return arterial_paths


#: Extra weight (m) of a Delaunay edge longer than 30 km or leaving the city in the spanning tree of
#: :func:`_candidate_edges`: such an edge is used only to join settlements nothing else connects.
_JOIN_PENALTY_M = 1e7


def _candidate_edges(ctx: _Ctx, pts: FloatArray) -> _Candidates:
    """Delaunay edges inside the city and shorter than 30 km, marked Gabriel and spanning-tree.

    Settlements that those edges leave apart (a vast, sparse prefecture; a boundary with deep bays) are
    joined by the shortest other Delaunay edges: the spanning tree is taken over every Delaunay edge, the
    longer or outside ones weighted :data:`_JOIN_PENALTY_M` more, so it uses them only where nothing else
    connects and the road network is always one piece.
    """
    n = len(pts)
    edges = _delaunay_edges(pts)
    length = np.hypot(*(pts[edges[:, 0]] - pts[edges[:, 1]]).T)
    inside = _chords_inside(ctx, pts[edges[:, 0]], pts[edges[:, 1]], 40) & (length < 30_000.0)
    weight = length + np.where(inside, 0.0, _JOIN_PENALTY_M)
    tree = minimum_spanning_tree(coo_matrix((weight, (edges[:, 0], edges[:, 1])), shape=(n, n)).tocsr())
    joins = tree.tocoo()
    needed = {(min(int(a), int(b)), max(int(a), int(b))) for a, b in zip(joins.row, joins.col, strict=True)}
    keep = inside | np.array(
        [(min(int(a), int(b)), max(int(a), int(b))) in needed for a, b in edges], dtype=bool
    )
    edges, length = edges[keep], length[keep]
    mid = (pts[edges[:, 0]] + pts[edges[:, 1]]) / 2
    dist, nb = cKDTree(pts).query(mid, k=3)
    other = (nb != edges[:, :1]) & (nb != edges[:, 1:])
    gabriel = ~((dist < length[:, None] / 2 * (1 - 1e-9)) & other).any(axis=1)
    graph = coo_matrix(
        (length + np.where(inside[keep], 0.0, _JOIN_PENALTY_M), (edges[:, 0], edges[:, 1])), shape=(n, n)
    ).tocsr()
    mst = minimum_spanning_tree(graph).tocoo()
    in_mst = np.zeros(len(edges), dtype=bool)
    lookup = {(int(a), int(b)): e for e, (a, b) in enumerate(edges)}
    for a, b in zip(mst.row, mst.col, strict=True):
        in_mst[lookup[(min(int(a), int(b)), max(int(a), int(b)))]] = True
    return _Candidates(edges=edges, length=length, gabriel=gabriel, in_mst=in_mst, lookup=lookup)


def _route_corridors(ctx: _Ctx, places: _Places, cand: _Candidates) -> _Classes:
    """Rank, refs and names of the edges on the shortest paths of each numbered corridor."""
    pts, edges = places.xy, cand.edges
    n = len(pts)
    rank = np.full(len(edges), 9)
    refs: list[list[str]] = [[] for _ in range(len(edges))]
    names = np.empty(len(edges), dtype=object)
    usable = cand.gabriel | cand.in_mst
    graph = coo_matrix((cand.length[usable], (edges[usable, 0], edges[usable, 1])), shape=(n, n)).tocsr()
    seat_index = {places.key[i]: i for i in range(n) if places.kind[i] == "county_seat"}
    gateways: list[tuple[int, FloatArray, _CorridorSpec]] = []
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
                e = cand.lookup[(min(p, node), max(p, node))]
                rank[e] = min(rank[e], _HIGHWAY_RANK[spec.highway])
                if spec.ref not in refs[e]:
                    refs[e].append(spec.ref)
                    if names[e] is None:
                        names[e] = spec.name
                node = p
    return _Classes(rank=rank, refs=refs, names=names, gateways=gateways)


def _add_classified_roads(ctx: _Ctx, places: _Places, cand: _Candidates, classes: _Classes) -> list[IntArray]:
    """Add the trunk, primary, secondary and tertiary roads; returns the trunk and primary paths."""
    rng, pts, edges = ctx.rng, places.xy, cand.edges
    n_secondary = 0
    arterial_paths: list[IntArray] = []
    for hw, base, wiggle, speeds, share in (
        ("trunk", 250.0, 0.035, ("60", "80"), 0.4),
        ("primary", 250.0, 0.045, ("60",), 0.3),
        ("secondary", 260.0, 0.06, ("40", "60"), 0.15),
        ("tertiary", 280.0, 0.08, ("40",), 0.05),
    ):
        sel = np.flatnonzero(classes.rank == _HIGHWAY_RANK[hw])
        a = np.array([_port(ctx.grids[int(edges[e, 0])], pts[edges[e, 1]]) for e in sel], dtype=np.int64)
        b = np.array([_port(ctx.grids[int(edges[e, 1])], pts[edges[e, 0]]) for e in sel], dtype=np.int64)
        ref = np.empty(len(sel), dtype=object)
        if hw == "secondary":
            ref[:] = [f"X{n_secondary + m + 1:03d}" for m in range(len(sel))]
            n_secondary += len(sel)
        elif hw in ("trunk", "primary"):
            ref[:] = [";".join(classes.refs[e]) for e in sel]
        seqs = _add_roads(
            ctx,
            a,
            b,
            spacing=_spacing(ctx, base),
            wiggle=wiggle,
            jitter=10.0,
            highway=hw,
            name=classes.names[sel] if hw in ("trunk", "primary") else None,
            ref=ref,
            maxspeed=_pick_speed(rng, len(sel), share, speeds),
        )
        if hw in ("trunk", "primary"):
            arterial_paths.extend(seqs)
    return arterial_paths


def _add_gateway_legs(ctx: _Ctx, gateways: list[tuple[int, FloatArray, _CorridorSpec]]) -> list[IntArray]:
    """Legs from the last town of a corridor to the city boundary (towards the neighbouring city)."""
    paths: list[IntArray] = []
    for near, gw, spec in gateways:
        gw_node = ctx.net.add_nodes(gw[None, :])
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
            maxspeed=_pick_speed(ctx.rng, 1, 0.4, ("60",)),
        )
        paths.extend(seqs)
    return paths
