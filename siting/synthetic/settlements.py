"""County seats, towns and their street grids; villages and the rural roads joining them."""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree
from scipy.spatial import cKDTree

from siting._typing import BoolArray, FloatArray, IntArray
from siting.synthetic.geometry import (
    _add_roads,
    _apportion,
    _chords_inside,
    _Ctx,
    _delaunay_edges,
    _Grid,
    _pick_speed,
    _Places,
    _points,
    _spacing,
    _to_wgs84,
)
from siting.synthetic.specs import (
    _ANCHORED_TOWNS,
    _DENSITY_SEAT_PER_KM2,
    _DENSITY_TOWN_PER_KM2,
    _GRID_CLEAR_OF_EXPRESSWAY_M,
    _TOWN_KM2_PER_TOWN,
    SEAT_SHARE,
    TOWN_SHARE,
)


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
    sampled = _sample_villages(ctx, places)
    links, kept, allxy, local = _rural_links(ctx, sampled.xy)
    net = ctx.net
    # add kept villages as nodes, then the rural roads with a spacing calibrated to the node budget
    vid = np.zeros(len(sampled.xy), dtype=np.int64)
    vid[kept] = net.add_nodes(sampled.xy[kept])
    ext_id = np.r_[local + 1, vid]
    llen = np.hypot(*(allxy[links[:, 0]] - allxy[links[:, 1]]).T)
    _add_roads(
        ctx,
        ext_id[links[:, 0]],
        ext_id[links[:, 1]],
        spacing=_rural_spacing(llen, ctx.target_nodes - net.n_nodes),
        wiggle=0.12,
        jitter=12.0,
        highway="unclassified",
    )
    return _Villages(
        xy=sampled.xy[kept], county=sampled.county[kept], node=vid[kept], weight=sampled.weight[kept]
    )


def _sample_villages(ctx: _Ctx, places: _Places) -> _Villages:
    """Village points in each county, drawn with a smooth random "valley" density (``node`` left empty).

    n villages with rural node spacing s give about n * L / s nodes (each village plus the interior
    nodes of its link), where L ~ 44 km / sqrt(n) is the mean link length in a 6,300 km² city
    (measured): solve n * L / s = budget for n at the preferred spacing; the spacing itself is
    fine-tuned by :func:`_rural_spacing`.
    """
    rng = ctx.rng
    budget = max(ctx.target_nodes - ctx.net.n_nodes, 0)
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
    vweight = np.concatenate(weight_parts) * rng.lognormal(0.0, 0.5, len(vxy))
    return _Villages(
        xy=vxy, county=np.concatenate(county_parts), node=np.zeros(0, dtype=np.int64), weight=vweight
    )


def _rural_links(ctx: _Ctx, vxy: FloatArray) -> tuple[IntArray, BoolArray, FloatArray, IntArray]:
    """Links of a minimum spanning forest joining the villages to the local road nodes, plus a few extras.

    Candidate links are Delaunay edges over the local road nodes (anchors) and the villages, inside
    the city and shorter than 6 km.  All anchors are contracted into one node, so each village tree
    hangs from the road network by its shortest anchor link.

    Returns
    -------
    links, kept, allxy, local
        Links as (from, to) in "extended" numbering (anchors ``< n_a``, village ``i`` at ``n_a + i``);
        which villages are connected; the coordinates in extended numbering; the anchors' node indices.
    """
    net = ctx.net
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
    # MST edges as (from, to) in extended numbering
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
        extra = extra_ok & (vv_len < limit) & (ctx.rng.random(len(vv)) < 0.15)
        in_tree = vv[extra]
    links = np.vstack([links, in_tree])
    src_ok = np.ones(len(links), dtype=bool)
    from_village = links[:, 0] >= n_a
    src_ok[from_village] = kept[links[from_village, 0] - n_a]
    links = links[src_ok & kept[links[:, 1] - n_a]]
    return links, kept, allxy, local


def _rural_spacing(llen: FloatArray, remaining: int) -> float:
    """The node spacing (100-400 m) at which links of lengths ``llen`` add about ``remaining`` nodes."""
    lo, hi = 100.0, 400.0
    for _ in range(30):
        mid = (lo + hi) / 2
        made = int((np.maximum(1, np.round(llen / mid)) - 1).sum())
        lo, hi = (mid, hi) if made > remaining else (lo, mid)
    return (lo + hi) / 2


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
