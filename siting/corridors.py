"""Intercity corridor trips and their checkpoint rows for a flow-refuelling objective.

The corridor objective follows the flow-refuelling location model of Kuby & Lim (2005, *Socio-Econ.
Plan. Sci.* 39:125-145) in the arc-cover (checkpoint) linearisation of Capar, Kuby, Leon & Tsai (2013,
*EJOR* 227:142-151): a trip ``q`` with flow ``f_q`` is *covered* when an electric vehicle of range
``R`` can complete it charging only at open stations.  This module turns the road network, the
endpoints and the candidate sites into, per trip, a set of **checkpoint rows**: row ``r`` lists the
candidates ``K_r`` and the trip is covered only if every row has an open station,

    v_q <= sum_{j in K_r} x_j        for every row r of trip q,

which is exact (a trip is covered if and only if all its rows hold; see "Why the rows are exact").
The model builder maximises ``sum_q f_q v_q``; a trip without rows that is ``coverable`` is covered
whatever is built; a trip marked ``coverable=False`` can never be covered and has no rows.

Endpoints
    *County seats* (points inside the study area, e.g. :func:`seats_from_geodata`) are snapped to
    their nearest road node; the short leg from the seat to that node is ignored.  *External cities*
    (:func:`default_cities`: Chongqing, Nanchong, Dazhou and Suining) lie outside the network.  Each
    enters it at its **gateway**: among the road nodes of class motorway, trunk or primary
    (:data:`siting.network.ROAD_RANKS` <= :data:`GATEWAY_MAX_RANK`, i.e. rank 0 or 1) lying within
    ``gateway_band_m`` (default 2 km) of the study-area boundary, the one closest in a straight
    (geodesic) line to the city.  The city's *external leg* is that straight-line distance times
    ``detour`` (default 1.3, a typical road-to-crow-fly ratio); no station can be built on it, so a
    city whose external leg exceeds the start charge (below) makes all its trips *into* the study area
    uncoverable.  A city with no such node is skipped with a warning; a "city" inside the study area is
    skipped too.

Trips and flows
    Every ordered pair of endpoints seat→seat, seat→city and city→seat is one **directed trip** (routes
    differ by direction on one-way roads, and each trip starts charged at its own origin).  There are
    no city→city through trips: whether such traffic would cross the study area depends on roads
    outside the network, which are not modelled.  Daily EV trips follow a gravity model
    (:func:`gravity_flows`), ``T_ab ∝ P_a P_b / d_ab^beta`` with ``beta = 2``, where ``P`` is the
    resident population (census figures of the county or of the whole neighbouring city) and ``d_ab``
    the trip length averaged over both directions (at least :data:`MIN_DISTANCE_KM`); the flows are
    scaled so that all trips add up to ``total_trips_per_day``.  The caller sets that total, normally
    the number of EVs in the study area times :data:`TRIPS_PER_EV_DAY` (0.05: one intercity trip per
    EV every 20 days, a planning **assumption**, not a published figure; see
    :func:`total_trips_per_day`).

Routes
    The fastest path by ``time_s`` (:func:`scipy.sparse.csgraph.dijkstra` with predecessors, one run
    per distinct origin node, all origins in one call).  Its length is the sum of ``length_m`` over the
    path's edges (for parallel edges the shortest, which may differ from the fastest edge's length by a
    few metres).  Trip length = origin's external leg + network path + destination's external leg.

Candidates on a trip
    A candidate (a road-node index) serves a trip when its node lies within ``access_m`` (default 1 km,
    straight line in the network's metric CRS) of a node of the path; its **position** is the
    cumulative km of the nearest path node, plus the origin's external leg.  The detour to reach the
    site and whether it can be reached from a given carriageway are ignored (the caller decides which
    candidates suit corridor charging).  A site passed near twice counts once, at its nearest node.

Charging
    ``range_km`` (default 200 km) is an **assumption**: the usable highway range of a typical 2025
    EV, keeping a reserve (rated CLTC ranges are higher; highway speed, climate control and the
    reserve cut them).  The vehicle starts with ``start_charge_share`` of it (default 0.5, Kuby &
    Lim's half-tank assumption for a vehicle that charged somewhere before); a stop at an open station
    restores the full range; the destination only needs to be reached (charging after arrival is not
    modelled).  A trip no longer than ``start_charge_share * range_km`` never needs a station
    (``needs_charging=False``).

Checkpoint rows
    Checkpoints are every candidate position on the trip and the destination.  A checkpoint at
    position ``d <= start_charge_share * range_km`` needs nothing; any other needs at least one open
    candidate at a position in ``[d - range_km, d)``, strictly before ``d``.  Rows with identical
    candidate sets are merged and a row whose set contains another row's set is dropped (it is implied).
    If some checkpoint has no candidate at all in its window the trip can never be covered: it gets
    ``coverable=False``, no rows, and a line in :attr:`CorridorData.warnings`.  Positions are compared
    with a tolerance of 1 mm (:data:`_EPS_KM`).

Why the rows are exact
    *Necessary*: a vehicle that completes the trip passes every checkpoint ``d``; the last charge
    before ``d`` was either the start (then ``d <= start_charge_share * range_km``) or an open station
    at ``p < d`` with ``d - p <= range_km``.  *Sufficient*: if the vehicle fails, it fails on a leg to
    the first open station, between two consecutive open stations or from the last one to the
    destination; the end of that leg is a checkpoint (an open station is a candidate) whose window
    holds no open station.  Rows at closed candidates are therefore harmless and needed only as
    conditions at open ones, which keeps them independent of the solution (a plain linear model).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from siting._typing import BoolArray, FloatArray, IntArray
from siting._warnings import collect, warn
from siting.corridor_endpoints import CITIES_FILE as CITIES_FILE
from siting.corridor_endpoints import DETOUR as DETOUR
from siting.corridor_endpoints import GATEWAY_BAND_M as GATEWAY_BAND_M
from siting.corridor_endpoints import GATEWAY_MAX_RANK as GATEWAY_MAX_RANK
from siting.corridor_endpoints import Endpoints, check_seats, endpoint_frame, endpoints_from_layers
from siting.corridor_endpoints import cities_from_file as cities_from_file
from siting.corridor_endpoints import default_cities as default_cities
from siting.corridor_endpoints import seats_from_geodata as seats_from_geodata
from siting.network import RoadNetwork
from siting.scenario import Scenario

__all__ = [
    "ACCESS_M",
    "BETA",
    "CITIES_FILE",
    "DETOUR",
    "GATEWAY_BAND_M",
    "GATEWAY_MAX_RANK",
    "MIN_DISTANCE_KM",
    "RANGE_KM",
    "START_CHARGE_SHARE",
    "TRIPS_PER_EV_DAY",
    "CorridorData",
    "cities_from_file",
    "corridor_data",
    "default_cities",
    "gravity_flows",
    "seats_from_geodata",
    "total_trips_per_day",
]

# The defaults below are the scenario's (one definition, in siting.scenario.Scenario).
#: Usable highway range of a typical 2025 EV with a reserve, km (assumption; ``Scenario.range_km``).
RANGE_KM: float = Scenario.range_km
#: Share of the range a trip starts with (Kuby & Lim's half-tank assumption; ``Scenario.start_charge_share``).
START_CHARGE_SHARE: float = Scenario.start_charge_share
#: A candidate serves a trip when it lies within this straight-line distance of a path node, m
#: (``Scenario.corridor_access_m``).
ACCESS_M: float = Scenario.corridor_access_m
#: Distance exponent of the gravity model (``Scenario.gravity_beta``).
BETA: float = Scenario.gravity_beta
#: Intercity trips per EV per day (assumption: one trip every 20 days; ``Scenario.trips_per_ev_day``).
TRIPS_PER_EV_DAY: float = Scenario.trips_per_ev_day
#: Gravity distances below this (endpoints on the same node) are raised to it, km.
MIN_DISTANCE_KM = 1.0

#: Tolerance of position comparisons, km (1 mm): a gap of exactly the range is driveable.
_EPS_KM = 1e-6

_TRIP_COLUMNS = [
    "trip_id",
    "origin",
    "destination",
    "origin_zh",
    "destination_zh",
    "origin_kind",
    "destination_kind",
    "flow_ev_trips_per_day",
    "length_km",
    "network_km",
    "coverable",
    "gap_at_km",
    "needs_charging",
    "n_checkpoints",
]


@dataclass
class CorridorData:
    """Corridor trips and the checkpoint rows of the flow-refuelling constraints.

    Attributes
    ----------
    trips
        One row per directed trip, EPSG:4326, geometry the network path (LineString): ``trip_id``
        (``"Q001"``…), ``origin``, ``destination`` (English names), ``origin_zh``, ``destination_zh``,
        ``origin_kind``, ``destination_kind`` (``"seat"`` or ``"city"``), ``flow_ev_trips_per_day``,
        ``length_km`` (external legs + network), ``network_km``, ``coverable`` (False: no set of
        candidates can serve it), ``gap_at_km`` (for such a trip: the km of the trip no candidate lies
        within ``range_km`` before; NaN otherwise), ``needs_charging`` (False: the start charge suffices) and
        ``n_checkpoints`` (its rows in :attr:`checkpoints`).
    checkpoints
        ``(n_rows, n_candidates)`` CSR matrix of 1.0: row ``r`` holds the candidate set ``K_r``.
    row_trip
        ``(n_rows,)`` int64: the trip (row position in :attr:`trips`) of each row; rows are grouped by
        trip, in trip order and by position along the trip.
    endpoints
        The seats and the external cities that got a gateway, EPSG:4326 (geometry: the seat or city
        point): ``endpoint_id``, ``kind``, ``name_zh``, ``name_en``, ``population``, ``node`` (road
        node index: the seat's snapped node or the city's gateway), ``node_lon``, ``node_lat``,
        ``snap_m`` (seat to node, m; 0 for cities) and ``external_km`` (the city's external leg; 0 for
        seats).
    paths
        Road-node indices of each trip's network path, in trip order.
    warnings
        Skipped cities, unreachable pairs, trips that can never be covered.
    assumptions
        The parameters and modelling choices used, for the run manifest.
    """

    trips: gpd.GeoDataFrame
    checkpoints: sp.csr_matrix
    row_trip: IntArray
    endpoints: gpd.GeoDataFrame
    paths: list[IntArray] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    assumptions: dict[str, Any] = field(default_factory=dict)

    @property
    def n_trips(self) -> int:
        """Number of trips."""
        return len(self.trips)

    @property
    def n_rows(self) -> int:
        """Number of checkpoint rows."""
        return int(self.checkpoints.shape[0])


# --------------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------------


def total_trips_per_day(n_evs: float, trips_per_ev_day: float = TRIPS_PER_EV_DAY) -> float:
    """Daily intercity EV trips made by the study area's EVs.

    Parameters
    ----------
    n_evs
        EVs registered in the study area (e.g. population × EVs per 1,000 people / 1,000).
    trips_per_ev_day
        Intercity one-way trips per EV per day; the default 0.05 (one every 20 days) is an
        assumption, not a published figure.

    Returns
    -------
    float
        ``n_evs * trips_per_ev_day``.

    Raises
    ------
    ValueError
        A negative or non-finite argument.
    """
    if not (np.isfinite(n_evs) and n_evs >= 0 and np.isfinite(trips_per_ev_day) and trips_per_ev_day >= 0):
        raise ValueError(f"n_evs ({n_evs}) and trips_per_ev_day ({trips_per_ev_day}) must be >= 0.")
    return float(n_evs) * float(trips_per_ev_day)


# --------------------------------------------------------------------------------------------------
# Gravity model
# --------------------------------------------------------------------------------------------------


def gravity_flows(
    population: NDArray[np.floating[Any]] | NDArray[np.integer[Any]],
    distance_km: FloatArray,
    *,
    total_trips_per_day: float,
    beta: float = BETA,
    pairs_mask: BoolArray | None = None,
) -> FloatArray:
    """Gravity-model trips between endpoints, ``T_ab ∝ P_a P_b / d_ab^beta``.

    Parameters
    ----------
    population
        ``(n,)`` non-negative populations.
    distance_km
        ``(n, n)`` distances, km; used as ``(d + d.T) / 2`` so the flows are symmetric.  Must be
        finite and positive on the allowed pairs.
    total_trips_per_day
        What the whole matrix adds up to (both directions of every allowed pair).
    beta
        Distance exponent (default 2).
    pairs_mask
        ``(n, n)`` allowed pairs (symmetrised, diagonal ignored); default every pair of distinct
        endpoints.  :func:`corridor_data` passes seat↔seat and seat↔city, without city↔city.

    Returns
    -------
    numpy.ndarray
        ``(n, n)`` symmetric, zero diagonal and zero outside the allowed pairs, summing to
        ``total_trips_per_day`` (all zeros when no pair is allowed or the total is 0).

    Raises
    ------
    ValueError
        Shapes disagree, a population is negative or not finite, an allowed distance is not positive
        or not finite, ``beta`` or the total is negative, or every allowed pair has zero weight while
        the total is positive.
    """
    pop = np.asarray(population, dtype=np.float64)
    dist = np.asarray(distance_km, dtype=np.float64)
    n = pop.shape[0]
    if pop.ndim != 1 or dist.shape != (n, n):
        raise ValueError(f"population must be (n,) and distance_km (n, n); got {pop.shape} and {dist.shape}.")
    if not (np.isfinite(pop).all() and (pop >= 0).all()):
        raise ValueError("populations must be finite and >= 0.")
    if not (
        np.isfinite(total_trips_per_day) and total_trips_per_day >= 0 and np.isfinite(beta) and beta >= 0
    ):
        raise ValueError(f"total_trips_per_day ({total_trips_per_day}) and beta ({beta}) must be >= 0.")
    if pairs_mask is None:
        mask = np.ones((n, n), dtype=bool)
    else:
        mask = np.asarray(pairs_mask, dtype=bool)
        if mask.shape != (n, n):
            raise ValueError(f"pairs_mask must be ({n}, {n}); got {mask.shape}.")
        mask = mask | mask.T
    np.fill_diagonal(mask, False)
    out = np.zeros((n, n), dtype=np.float64)
    if not mask.any() or total_trips_per_day == 0:
        return out
    sym = (dist + dist.T) / 2.0
    allowed = sym[mask]
    if not (np.isfinite(allowed).all() and (allowed > 0).all()):
        raise ValueError("distance_km must be finite and > 0 for every allowed pair.")
    out[mask] = np.outer(pop, pop)[mask] / allowed**beta
    weight = out.sum()
    if weight <= 0:
        raise ValueError("every allowed pair has zero weight (zero populations): no flow can be assigned.")
    out *= total_trips_per_day / weight
    return out


# --------------------------------------------------------------------------------------------------
# Routes and rows
# --------------------------------------------------------------------------------------------------


def _path(pred: NDArray[np.int32], source: int, target: int) -> IntArray:
    """Node indices from ``source`` to ``target`` along a predecessor row."""
    nodes = [target]
    j = target
    while j != source:
        j = int(pred[j])
        nodes.append(j)
    return np.asarray(nodes[::-1], dtype=np.int64)


def _edge_lengths_km(net: RoadNetwork, path: IntArray) -> FloatArray:
    if path.size < 2:
        return np.zeros(0, dtype=np.float64)
    values = net.length_m[path[:-1], path[1:]]
    return np.asarray(values, dtype=np.float64).ravel() / 1000.0


def _positions(
    net: RoadNetwork, path: IntArray, cum_km: FloatArray, cand_xy: FloatArray, access_m: float
) -> tuple[IntArray, FloatArray]:
    """Candidates within ``access_m`` of a path node and the cumulative km of that nearest node."""
    if cand_xy.shape[0] == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    path_xy = np.column_stack([net.x_m[path], net.y_m[path]])
    lo = path_xy.min(axis=0) - access_m
    hi = path_xy.max(axis=0) + access_m
    near = np.flatnonzero(((cand_xy >= lo) & (cand_xy <= hi)).all(axis=1))
    if near.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    dist, idx = cKDTree(path_xy).query(cand_xy[near], k=1, distance_upper_bound=access_m * (1 + 1e-9) + 1e-6)
    hit = dist <= access_m + 1e-6
    return near[hit].astype(np.int64), cum_km[idx[hit]]


def _rows(
    cand: IntArray, pos_km: FloatArray, length_km: float, range_km: float, start_km: float
) -> tuple[list[IntArray], float | None]:
    """Minimal checkpoint rows of one trip, or ``([], position)`` of a checkpoint nothing can serve.

    Every row is a run of consecutive candidates in position order, so "contains" between rows is
    interval containment: a row is kept when no earlier row (by window end, ties by later start) starts
    at or after it.
    """
    order = np.argsort(pos_km, kind="stable")
    p = pos_km[order]
    c = cand[order]
    checks = np.unique(np.append(p, length_km))
    checks = checks[checks > start_km + _EPS_KM]
    if checks.size == 0:
        return [], None
    lo = np.searchsorted(p, checks - range_km - _EPS_KM, side="left")
    hi = np.searchsorted(p, checks - _EPS_KM, side="left")
    empty = np.flatnonzero(hi <= lo)
    if empty.size:
        return [], float(checks[empty[0]])
    windows = np.unique(np.column_stack([lo, hi]), axis=0)
    by_end = np.lexsort((-windows[:, 0], windows[:, 1]))
    starts = windows[by_end, 0]
    ends = windows[by_end, 1]
    previous = np.maximum.accumulate(np.concatenate([[-1], starts[:-1]]))
    keep = starts > previous
    return [np.sort(c[a:b]) for a, b in zip(starts[keep], ends[keep], strict=True)], None


def _empty_trips() -> gpd.GeoDataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in _TRIP_COLUMNS})
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")


def _check_parameters(
    net: RoadNetwork,
    candidate_nodes: IntArray,
    *,
    total_trips_per_day: float,
    range_km: float,
    start_charge_share: float,
    access_m: float,
    gateway_band_m: float,
    detour: float,
    beta: float,
) -> None:
    problems: list[str] = []
    if candidate_nodes.ndim != 1 or not np.issubdtype(candidate_nodes.dtype, np.integer):
        problems.append("candidate_nodes must be a 1-D integer array of road-node indices")
    elif candidate_nodes.size and (candidate_nodes.min() < 0 or candidate_nodes.max() >= net.n_nodes):
        problems.append(f"candidate_nodes must lie in 0..{net.n_nodes - 1}")
    checks = {
        "total_trips_per_day >= 0": np.isfinite(total_trips_per_day) and total_trips_per_day >= 0,
        "range_km > 0": np.isfinite(range_km) and range_km > 0,
        "0 <= start_charge_share <= 1": 0.0 <= start_charge_share <= 1.0,
        "access_m >= 0": np.isfinite(access_m) and access_m >= 0,
        "gateway_band_m >= 0": np.isfinite(gateway_band_m) and gateway_band_m >= 0,
        "detour >= 1": np.isfinite(detour) and detour >= 1.0,
        "beta >= 0": np.isfinite(beta) and beta >= 0,
    }
    problems += [f"need {rule}" for rule, ok in checks.items() if not ok]
    if problems:
        raise ValueError("corridor_data: " + "; ".join(problems) + ".")


def corridor_data(
    net: RoadNetwork,
    *,
    seats: gpd.GeoDataFrame,
    cities: gpd.GeoDataFrame | None,
    study_area: BaseGeometry,
    candidate_nodes: NDArray[np.integer[Any]],
    total_trips_per_day: float,
    range_km: float = RANGE_KM,
    start_charge_share: float = START_CHARGE_SHARE,
    access_m: float = ACCESS_M,
    gateway_band_m: float = GATEWAY_BAND_M,
    detour: float = DETOUR,
    beta: float = BETA,
) -> CorridorData:
    """Corridor trips, flows and checkpoint rows (the model is described in the module docstring).

    Parameters
    ----------
    net
        The road network (strongly connected: built by :func:`siting.inputs.inputs_from_synthetic` or
        the OSM equivalents).
    seats
        Endpoints inside the study area: ``name_zh``, ``name_en``, ``population``, Point geometry with a
        CRS, optionally ``seat_id`` (see :func:`seats_from_geodata`).
    cities
        External cities (:func:`default_cities`, :func:`cities_from_file`), or None for seat↔seat
        trips only.
    study_area
        (Multi)Polygon in EPSG:4326; its boundary is where gateways are searched.
    candidate_nodes
        Road-node index of each candidate site; the columns of :attr:`CorridorData.checkpoints`.
    total_trips_per_day
        Daily EV trips to spread over all trips (e.g. :func:`total_trips_per_day`).
    range_km, start_charge_share, access_m, gateway_band_m, detour, beta
        See the module docstring; defaults :data:`RANGE_KM`, :data:`START_CHARGE_SHARE`,
        :data:`ACCESS_M`, :data:`GATEWAY_BAND_M`, :data:`DETOUR`, :data:`BETA`.

    Returns
    -------
    CorridorData
        Trips, rows, endpoints, paths, warnings and the assumptions used.  With no trip left (fewer
        than two endpoints, or no reachable pair) the structures are empty and a warning says why.
        Each warning goes through :func:`siting._warnings.warn` (an enclosing ``collect()`` gets it too).

    Raises
    ------
    InputDataError
        The seats layer lacks columns, a CRS, point geometry or valid populations.
    ValueError
        A parameter is out of range or ``candidate_nodes`` is not a valid index array.
    """
    params = {
        "total_trips_per_day": total_trips_per_day,
        "range_km": range_km,
        "start_charge_share": start_charge_share,
        "access_m": access_m,
        "gateway_band_m": gateway_band_m,
        "detour": detour,
        "beta": beta,
    }
    cand_nodes = np.asarray(candidate_nodes)
    _check_parameters(net, cand_nodes, **params)
    cand_nodes = cand_nodes.astype(np.int64)
    check_seats(seats)
    assumptions = _assumptions(**params)
    with collect() as found:
        ep = endpoints_from_layers(
            net, seats, cities, study_area, gateway_band_m=gateway_band_m, detour=detour
        )
        routes = _routes(net, ep)
        if not routes.mask.any():
            warn("no corridor trips: fewer than two endpoints or no pair connected by road.")
            return _no_trips(net, ep, len(cand_nodes), found, assumptions)
        flows = gravity_flows(
            ep.population,
            routes.gravity_km,
            total_trips_per_day=total_trips_per_day,
            beta=beta,
            pairs_mask=routes.mask,
        )
        trips, paths, row_sets, row_trip = _trips(
            net,
            ep,
            routes,
            flows,
            cand_nodes,
            range_km=range_km,
            start_km=start_charge_share * range_km,
            access_m=access_m,
        )
    return CorridorData(
        trips=trips,
        checkpoints=_checkpoint_matrix(row_sets, len(cand_nodes)),
        row_trip=np.asarray(row_trip, dtype=np.int64),
        endpoints=endpoint_frame(net, ep),
        paths=paths,
        warnings=found,
        assumptions=assumptions | {"n_trips": len(trips), "n_rows": len(row_sets)},
    )


def _no_trips(
    net: RoadNetwork, ep: Endpoints, n_cand: int, warnings: list[str], assumptions: dict[str, Any]
) -> CorridorData:
    """The result when no pair of endpoints makes a trip: empty trips and rows, the endpoints kept."""
    return CorridorData(
        trips=_empty_trips(),
        checkpoints=sp.csr_matrix((0, n_cand), dtype=np.float64),
        row_trip=np.zeros(0, dtype=np.int64),
        endpoints=endpoint_frame(net, ep),
        paths=[],
        warnings=warnings,
        assumptions=assumptions | {"n_trips": 0, "n_rows": 0},
    )


def _checkpoint_matrix(row_sets: list[IntArray], n_cand: int) -> sp.csr_matrix:
    """The (rows x candidates) CSR matrix of 1.0 with one row per candidate set."""
    indptr = np.concatenate([[0], np.cumsum([r.size for r in row_sets])]).astype(np.int64)
    indices = np.concatenate(row_sets).astype(np.int64) if row_sets else np.zeros(0, dtype=np.int64)
    return sp.csr_matrix(
        (np.ones(indices.size, dtype=np.float64), indices, indptr), shape=(len(row_sets), n_cand)
    )


def _assumptions(
    *,
    total_trips_per_day: float,
    range_km: float,
    start_charge_share: float,
    access_m: float,
    gateway_band_m: float,
    detour: float,
    beta: float,
) -> dict[str, Any]:
    """The parameters and modelling choices of a run, for the manifest."""
    return {
        "model": "flow refuelling, checkpoint (arc-cover) rows: Kuby & Lim 2005, Capar et al. 2013",
        "trips": "directed seat->seat, seat->city and city->seat; no city->city through trips",
        "routing": "fastest path by travel time; length summed along it",
        "flows": "gravity T_ab ~ P_a P_b / d_ab^beta, scaled to total_trips_per_day",
        "total_trips_per_day": float(total_trips_per_day),
        "trips_per_ev_day_default": TRIPS_PER_EV_DAY,
        "range_km": float(range_km),
        "start_charge_share": float(start_charge_share),
        "access_m": float(access_m),
        "gateway_band_m": float(gateway_band_m),
        "gateway_max_rank": GATEWAY_MAX_RANK,
        "detour": float(detour),
        "beta": float(beta),
    }


@dataclass
class _Routes:
    """Fastest paths between the endpoint pairs that make trips."""

    mask: BoolArray  # (n, n) pairs that are trips: a seat at one end, both directions routable
    paths: dict[tuple[int, int], IntArray]  # (a, b) → road nodes of the path
    network_km: FloatArray  # (n, n) path length, inf where there is none
    trip_km: FloatArray  # (n, n) external legs + network
    gravity_km: FloatArray  # (n, n) distance the gravity model uses


def _routes(net: RoadNetwork, ep: Endpoints) -> _Routes:
    """Route every seat→seat, seat→city and city→seat pair: one Dijkstra run per distinct origin node."""
    n_ep = len(ep.ids)
    seat = np.asarray([k == "seat" for k in ep.kind], dtype=bool)
    mask = (seat[:, None] | seat[None, :]) & ~np.eye(n_ep, dtype=bool)
    paths: dict[tuple[int, int], IntArray] = {}
    network_km = np.full((n_ep, n_ep), np.inf)
    if mask.any():
        origins = np.unique(ep.node[mask.any(axis=1)])
        row_of = {int(n): i for i, n in enumerate(origins)}
        seconds, pred = dijkstra(net.time_s, directed=True, indices=origins, return_predecessors=True)
        unreachable: list[str] = []
        for a, b in zip(*np.nonzero(mask), strict=True):
            r = row_of[int(ep.node[a])]
            target = int(ep.node[b])
            if not np.isfinite(seconds[r, target]):
                unreachable.append(f"{ep.name_en[a]} → {ep.name_en[b]}")
                continue
            path = _path(pred[r], int(ep.node[a]), target)
            paths[(int(a), int(b))] = path
            network_km[a, b] = float(_edge_lengths_km(net, path).sum())
        if unreachable:
            warn(f"no road route for {', '.join(unreachable)}; these pairs are left out.")
        mask &= np.isfinite(network_km) & np.isfinite(network_km.T)
    trip_km = network_km + ep.external_km[:, None] + ep.external_km[None, :]
    gravity_km = np.where(mask, np.maximum((trip_km + trip_km.T) / 2.0, MIN_DISTANCE_KM), 1.0)
    return _Routes(mask=mask, paths=paths, network_km=network_km, trip_km=trip_km, gravity_km=gravity_km)


def _trips(
    net: RoadNetwork,
    ep: Endpoints,
    routes: _Routes,
    flows: FloatArray,
    cand_nodes: IntArray,
    *,
    range_km: float,
    start_km: float,
    access_m: float,
) -> tuple[gpd.GeoDataFrame, list[IntArray], list[IntArray], list[int]]:
    """The trips table, paths and checkpoint rows; warns about trips that can never be covered.

    Returns
    -------
    trips, paths, row_sets, row_trip
        One row per trip (pair of ``routes.mask`` in row-major order); each trip's road nodes; the
        candidate set of each checkpoint row; the trip of each row.
    """
    cand_xy = np.column_stack([net.x_m[cand_nodes], net.y_m[cand_nodes]])
    pairs = list(zip(*np.nonzero(routes.mask), strict=True))
    width = max(3, len(str(len(pairs))))
    records: list[dict[str, Any]] = []
    geometries: list[LineString] = []
    trip_paths: list[IntArray] = []
    row_sets: list[IntArray] = []
    row_trip: list[int] = []
    never: list[str] = []
    for q, (a, b) in enumerate(pairs):
        path = routes.paths[(int(a), int(b))]
        cum_km = np.concatenate([[0.0], np.cumsum(_edge_lengths_km(net, path))])
        length_km = float(routes.trip_km[a, b])
        cand, pos = _positions(net, path, cum_km, cand_xy, access_m)
        rows, gap_at = _rows(cand, pos + ep.external_km[a], length_km, range_km, start_km)
        trip_id = f"Q{q + 1:0{width}d}"
        coverable = gap_at is None
        if not coverable:
            never.append(
                f"{trip_id} {ep.name_en[a]} → {ep.name_en[b]} "
                f"(no candidate within {range_km:g} km before km {gap_at:,.1f})"
            )
        row_sets += rows
        row_trip += [q] * len(rows)
        records.append(
            {
                "trip_id": trip_id,
                "origin": ep.name_en[a],
                "destination": ep.name_en[b],
                "origin_zh": ep.name_zh[a],
                "destination_zh": ep.name_zh[b],
                "origin_kind": ep.kind[a],
                "destination_kind": ep.kind[b],
                "flow_ev_trips_per_day": float(flows[a, b]),
                "length_km": length_km,
                "network_km": float(routes.network_km[a, b]),
                "coverable": coverable,
                "gap_at_km": float("nan") if gap_at is None else round(float(gap_at), 1),
                "needs_charging": length_km > start_km + _EPS_KM,
                "n_checkpoints": len(rows),
            }
        )
        line = path if path.size > 1 else np.repeat(path, 2)
        geometries.append(LineString(np.column_stack([net.lon[line], net.lat[line]])))
        trip_paths.append(path)
    if never:
        warn(
            f"{len(never)} corridor trip(s) can never be covered with these candidates "
            f"(range {range_km:g} km, start {start_km:g} km): " + "; ".join(never)
        )
    trips = gpd.GeoDataFrame(pd.DataFrame.from_records(records, columns=_TRIP_COLUMNS), geometry=geometries)
    return trips.set_crs("EPSG:4326"), trip_paths, row_sets, row_trip
