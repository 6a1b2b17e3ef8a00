"""Road speeds, travel times, connectivity and the CSR arrays the rest of the pipeline uses.

The steps, in order, on an osmnx graph (from :mod:`siting.osm` or :mod:`siting.synthetic`)::

    G = add_travel_times(G)                      # speed_kph and travel_time (s) on every edge
    G, report = largest_strong_component(G)      # every node can reach every other node
    net = road_network_from_graph(G)             # NumPy/SciPy arrays: RoadNetwork

Speeds come from the OSM ``maxspeed`` tag where it is tagged (:func:`parse_maxspeed`) and otherwise
from :data:`DEFAULT_SPEEDS_KPH`, a table for Chinese roads.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import networkx as nx
import numpy as np
import osmnx.routing
import scipy.sparse as sp
from numpy.typing import NDArray
from pyproj import CRS, Transformer
from pyproj.aoi import AreaOfInterest
from pyproj.database import query_utm_crs_info
from scipy.sparse.csgraph import connected_components

from siting._errors import NetworkError

__all__ = [
    "DEFAULT_SPEEDS_KPH",
    "FALLBACK_SPEED_KPH",
    "LARGE_PART_SHARE",
    "MIN_EDGE_VALUE",
    "ROAD_RANKS",
    "ComponentReport",
    "RoadNetwork",
    "RoadPart",
    "add_travel_times",
    "island_of_nodes",
    "largest_strong_component",
    "parse_maxspeed",
    "road_network_from_graph",
]

#: Typical free-flow speed (km/h) by OSM ``highway`` class, for roads without a ``maxspeed`` tag.
#:
#: Chosen for Chinese roads.  The Road Traffic Safety Law implementing regulation
#: (《道路交通安全法实施条例》, 2004) sets defaults where no limit is signed: Art. 45, 30 km/h in
#: towns and 40 km/h on highways (公路) without a centre line, 50 and 70 km/h with one lane per
#: direction; Art. 78, at most 120 km/h on expressways.  Design speeds in JTG B01-2014
#: (expressway 80–120, class-1 highway 60–100, class-2 60–80, class-3 30–40, class-4 20–30 km/h)
#: and CJJ 37 (urban expressway 60–100, arterial 40–60, sub-arterial 30–50, branch road 20–40
#: km/h) bracket the values below, which sit near the middle of each range because planning needs
#: typical, not maximum, speeds:
#: expressway (``motorway``) 100, ``trunk`` 80, ``primary`` 60, ``secondary`` 50, ``tertiary`` 40,
#: ``unclassified`` and ``residential`` 30 (the Art. 45 town default), ``road`` (unknown class) 30,
#: ``service`` 20, ``living_street`` 15.  Ramps (``*_link``) run at about 0.6–0.7 of their parent
#: road (ramp design speeds in JTG D20 are 40–80 km/h for expressways).
DEFAULT_SPEEDS_KPH: dict[str, float] = {
    "motorway": 100.0,
    "motorway_link": 60.0,
    "trunk": 80.0,
    "trunk_link": 50.0,
    "primary": 60.0,
    "primary_link": 40.0,
    "secondary": 50.0,
    "secondary_link": 35.0,
    "tertiary": 40.0,
    "tertiary_link": 25.0,
    "unclassified": 30.0,
    "residential": 30.0,
    "living_street": 15.0,
    "service": 20.0,
    "road": 30.0,
}

#: Speed (km/h) of an edge whose ``highway`` class is not in the speed table.
FALLBACK_SPEED_KPH: float = 30.0

#: Rank of a road class (0 best): the ``road_rank`` of a node is the best rank of the edges touching
#: it.  0 motorway/trunk (and their ramps), 1 primary, 2 secondary, 3 tertiary, 4 unclassified/road,
#: 5 residential, 6 living_street/service, 7 anything else.
ROAD_RANKS: dict[str, int] = {
    "motorway": 0,
    "motorway_link": 0,
    "trunk": 0,
    "trunk_link": 0,
    "primary": 1,
    "primary_link": 1,
    "secondary": 2,
    "secondary_link": 2,
    "tertiary": 3,
    "tertiary_link": 3,
    "unclassified": 4,
    "road": 4,
    "residential": 5,
    "living_street": 6,
    "service": 6,
}
_OTHER_RANK = 7

# --------------------------------------------------------------------------------------------------
# maxspeed
# --------------------------------------------------------------------------------------------------

_UNIT_FACTORS = {"": 1.0, "km/h": 1.0, "kmh": 1.0, "kph": 1.0, "mph": 1.609344, "knots": 1.852}
_NUMBER = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(km/h|kmh|kph|mph|knots)?$")
_ZONE = re.compile(r"^([a-z]{2}(?:-[a-z0-9]+)?):([a-z_:0-9]+)$")
_ZONE_NUMBER = re.compile(r"^zone:?(\d+)$")

#: Implicit (zone) limits for China, from the implementing regulation (Art. 45 and 78): a town road
#: with one lane per direction 50, a rural highway with one lane per direction 70, expressway 120.
_CN_ZONE_KPH = {"cn:urban": 50.0, "cn:rural": 70.0, "cn:motorway": 120.0}

#: Implicit limits for other countries' zone values when osmnx has no entry for them.
_GENERIC_ZONE_KPH = {
    "urban": 50.0,
    "rural": 80.0,
    "motorway": 120.0,
    "trunk": 100.0,
    "living_street": 7.0,
    "walk": 7.0,
    "bicycle_road": 30.0,
}

_MAX_PLAUSIBLE_KPH = 200.0


def _osmnx_implicit_kph(value: str) -> float | None:
    """osmnx's implicit speed limit (km/h) for a zone value; its table is private, used only when there."""
    table = getattr(osmnx.routing, "_IMPLICIT_MAXSPEEDS", {})
    found = table.get(value) if isinstance(table, dict) else None
    return float(found) if isinstance(found, int | float) else None


def _plausible(kph: float) -> float | None:
    return kph if 0.0 < kph <= _MAX_PLAUSIBLE_KPH else None


@lru_cache(maxsize=4096)
def _parse_one(text: str) -> float | None:
    low = text.strip().lower()
    match = _NUMBER.match(low)
    if match:
        number = float(match.group(1).replace(",", "."))
        return _plausible(number * _UNIT_FACTORS[match.group(2) or ""])
    if low == "walk":
        return _GENERIC_ZONE_KPH["walk"]
    zone = _ZONE.match(low)
    if zone is None:
        return None  # "none", "signals", "variable", garbage
    kind = zone.group(2)
    number_match = _ZONE_NUMBER.match(kind)
    if number_match:
        return _plausible(float(number_match.group(1)))
    if low in _CN_ZONE_KPH:
        return _CN_ZONE_KPH[low]
    implicit = _osmnx_implicit_kph(text.strip())
    if implicit is not None:
        return implicit
    return _GENERIC_ZONE_KPH.get(kind)


@lru_cache(maxsize=4096)
def _parse_text(text: str) -> float | None:
    parts = [p for p in re.split(r"[;|]", text) if p.strip()]
    values = [v for v in (_parse_one(p) for p in parts) if v is not None]
    return min(values) if values else None


def parse_maxspeed(value: object) -> float | None:
    """Parse an OSM ``maxspeed`` value to km/h.

    Parameters
    ----------
    value
        The tag value as stored on a graph edge:

        - ``"60"``, ``"60 km/h"``, ``"60kmh"`` → 60; ``"30 mph"`` → 48.3; ``"10 knots"`` → 18.5;
        - ``"60;80"`` or ``"60|80"`` (several limits: per lane, per time or per vehicle type) → the
          **minimum**, 60, as the limit that binds somewhere on the road;
        - implicit zone values: ``"CN:urban"`` 50, ``"CN:rural"`` 70, ``"CN:motorway"`` 120 (China's
          implementing regulation, Art. 45 and 78); other countries from osmnx's table (e.g.
          ``"DE:urban"`` 50), else generic (``urban`` 50, ``rural`` 80, ``motorway`` 120,
          ``living_street`` / ``walk`` 7); ``"DE:zone30"`` / ``"zone:30"`` → 30;
        - a list (osmnx's simplification merges ways with different values) → the **mean** of the
          parseable items (unweighted, as osmnx does);
        - numbers are taken as km/h;
        - ``"none"`` (no limit), ``"signals"``, ``"variable"``, empty or unparseable text, values
          outside 0–200 km/h, None or NaN → None, so that the class default applies.

    Returns
    -------
    float or None
        The speed limit in km/h, or None when there is no usable number.
    """
    if isinstance(value, list | tuple):
        items = [parse_maxspeed(v) for v in value]
        found = [v for v in items if v is not None]
        return sum(found) / len(found) if found else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        return None if math.isnan(number) else _plausible(number)
    if isinstance(value, str):
        return _parse_text(value)
    return None


# --------------------------------------------------------------------------------------------------
# travel times
# --------------------------------------------------------------------------------------------------


def _class_speed(highway: object, speeds_kph: Mapping[str, float], fallback_kph: float) -> float:
    """Speed of a ``highway`` value; for a list (after simplification), the fastest listed class."""
    if isinstance(highway, list | tuple):
        known = [speeds_kph[h] for h in highway if isinstance(h, str) and h in speeds_kph]
        return max(known) if known else fallback_kph
    if isinstance(highway, str) and highway in speeds_kph:
        return float(speeds_kph[highway])
    return fallback_kph


def add_travel_times(
    G: nx.MultiDiGraph,
    *,
    speeds_kph: Mapping[str, float] = DEFAULT_SPEEDS_KPH,
    fallback_kph: float = FALLBACK_SPEED_KPH,
) -> nx.MultiDiGraph:
    """Set ``speed_kph`` and ``travel_time`` (seconds) on every edge, in place.

    The speed of an edge is its OSM ``maxspeed`` (:func:`parse_maxspeed`) where that parses, else
    the speed of its ``highway`` class in ``speeds_kph``.  After osmnx's simplification
    ``highway`` may be a list; the fastest listed class is used (osmnx takes the first item, but
    the list comes from a set, so its order is not stable between runs).  Classes missing from the
    table get ``fallback_kph``.
    ``travel_time = length / (speed_kph / 3.6)``.

    This does not use :func:`osmnx.routing.add_edge_speeds`: that imputes missing speeds from the
    mean tagged speed of each class and does not know China's implicit limits; one pass over the
    edges with cached parsing is as fast.

    Parameters
    ----------
    G
        Graph with edge ``length`` (metres) and usually ``highway``/``maxspeed``.
    speeds_kph
        Speed by ``highway`` class (default :data:`DEFAULT_SPEEDS_KPH`).
    fallback_kph
        Speed of unknown classes.

    Returns
    -------
    networkx.MultiDiGraph
        ``G`` itself.

    Raises
    ------
    NetworkError
        An edge has no usable ``length``.
    """
    class_cache: dict[Any, float] = {}
    for u, v, data in G.edges(data=True):
        length = data.get("length")
        if not isinstance(length, int | float) or not length >= 0:
            raise NetworkError(
                f"Road edge {u}→{v} has no valid length ({length!r}): build the graph with "
                "siting.osm (osmnx adds lengths) or add a 'length' attribute in metres."
            )
        speed = parse_maxspeed(data.get("maxspeed"))
        if speed is None:
            highway = data.get("highway")
            key = tuple(highway) if isinstance(highway, list) else highway
            speed = class_cache.get(key)
            if speed is None:
                speed = _class_speed(highway, speeds_kph, fallback_kph)
                class_cache[key] = speed
        data["speed_kph"] = speed
        data["travel_time"] = float(length) / (speed / 3.6)
    return G


# --------------------------------------------------------------------------------------------------
# connectivity
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComponentReport:
    """What :func:`largest_strong_component` removed.

    Attributes
    ----------
    nodes_before, nodes_kept, nodes_dropped
        Node counts before, kept and removed.
    edges_dropped
        Edges removed (those touching a removed node).
    components
        Number of strongly connected components in the input.
    length_dropped_km
        Total length of the removed edges, km.
    """

    nodes_before: int
    nodes_kept: int
    nodes_dropped: int
    edges_dropped: int
    components: int
    length_dropped_km: float
    large_parts: tuple[RoadPart, ...] = ()
    parts_kept: int = 1

    def __post_init__(self) -> None:
        # parts read back as plain mappings (the batch cache stores dataclasses.asdict) become RoadParts
        parts: list[Any] = list(self.large_parts)
        as_parts = tuple(p if isinstance(p, RoadPart) else RoadPart(**p) for p in parts)
        object.__setattr__(self, "large_parts", as_parts)

    def __str__(self) -> str:
        share = 100.0 * self.nodes_kept / self.nodes_before if self.nodes_before else 0.0
        what = (
            "the largest strongly connected road component"
            if self.parts_kept == 1
            else f"{self.parts_kept} strongly connected road components as separate islands"
        )
        return (
            f"kept {what}: {self.nodes_kept:,} of "
            f"{self.nodes_before:,} nodes ({share:.1f}%) out of {self.components:,} components; "
            f"dropped {self.nodes_dropped:,} nodes, {self.edges_dropped:,} edges, "
            f"{self.length_dropped_km:,.1f} km of road"
        )


@dataclass(frozen=True)
class RoadPart:
    """A strongly connected part of the road network other than the largest (an island, a cut-off valley).

    Attributes
    ----------
    nodes
        Its road nodes.
    share
        Its share of all the network's nodes.
    lon, lat
        The mean position of its nodes, degrees.
    kept
        True when it was kept as an island of its own (``keep_components``), False when dropped.
    """

    nodes: int
    share: float
    lon: float
    lat: float
    kept: bool

    def __str__(self) -> str:
        fate = "kept as a separate island" if self.kept else "dropped (keep it with --keep-components)"
        east_west = f"{abs(self.lon):.3f}°{'E' if self.lon >= 0 else 'W'}"
        north_south = f"{abs(self.lat):.3f}°{'N' if self.lat >= 0 else 'S'}"
        return (
            f"a disconnected road part of {self.nodes:,} nodes ({100 * self.share:.1f}% of the network) "
            f"around {east_west}, {north_south} is {fate}"
        )


#: A disconnected part with at least this share of the network's nodes is named (and kept on request).
LARGE_PART_SHARE = 0.01


def _check_not_empty(G: nx.MultiDiGraph) -> None:
    if len(G) == 0 or G.number_of_edges() == 0:
        raise NetworkError(
            "The road network is empty (no roads): check the OSM file or the study-area boundary."
        )


def largest_strong_component(
    G: nx.MultiDiGraph, *, keep_large: bool = False
) -> tuple[nx.MultiDiGraph, ComponentReport]:
    """Keep the largest strongly connected component (every node can reach every other).

    Travel times are only meaningful where routes exist both ways; isolated fragments (private
    estates, one-way dead ends at the edge of an extract) would make sites look unreachable.  Parts
    with at least :data:`LARGE_PART_SHARE` of the nodes (an island such as Gozo) are listed in the
    report with their size and position.

    Parameters
    ----------
    G
        The road graph.
    keep_large
        Keep those large parts too, as separate islands: no route joins them, so each island's demand
        is covered by its own stations only.

    Returns
    -------
    tuple of (networkx.MultiDiGraph, ComponentReport)
        The component as a new graph (node and edge order as in ``G``; ``G`` itself when it is
        already strongly connected) and what was dropped.

    Raises
    ------
    NetworkError
        The graph is empty.
    """
    _check_not_empty(G)
    components = sorted(nx.strongly_connected_components(G), key=len, reverse=True)
    n_before = len(G)
    if len(components[0]) == n_before:
        return G, ComponentReport(n_before, n_before, 0, 0, len(components), 0.0)
    large = [c for c in components[1:] if len(c) >= LARGE_PART_SHARE * n_before]
    keep: set[Any] = set(components[0]).union(*large) if keep_large else set(components[0])
    parts = tuple(_part(G, c, n_before, kept=keep_large) for c in large)
    dropped_edges = 0
    dropped_m = 0.0
    for u, v, d in G.edges(data=True):
        if u not in keep or v not in keep:
            dropped_edges += 1
            dropped_m += float(d.get("length", 0.0) or 0.0)
    H = G.copy()  # copying and removing keeps the node and edge order (and is fast)
    H.remove_nodes_from([n for n in G if n not in keep])
    report = ComponentReport(
        nodes_before=n_before,
        nodes_kept=len(H),
        nodes_dropped=n_before - len(H),
        edges_dropped=dropped_edges,
        components=len(components),
        length_dropped_km=dropped_m / 1000.0,
        large_parts=parts,
        parts_kept=1 + (len(large) if keep_large else 0),
    )
    return H, report


def _part(G: nx.MultiDiGraph, nodes: set[Any], n_total: int, *, kept: bool) -> RoadPart:
    xs = np.fromiter((G.nodes[n]["x"] for n in nodes), dtype=np.float64)
    ys = np.fromiter((G.nodes[n]["y"] for n in nodes), dtype=np.float64)
    return RoadPart(len(nodes), len(nodes) / n_total, float(xs.mean()), float(ys.mean()), kept)


def island_of_nodes(net: RoadNetwork) -> NDArray[np.int64]:
    """The island (strongly connected road part) of every node: 0 the largest, 1 the next, and so on.

    One island unless the network kept separate parts (``keep_components``); ties in size go to the part
    whose first node comes first.  Uses SciPy's strongly connected components on ``net.time_s``.
    """
    n_parts, label = connected_components(net.time_s, directed=True, connection="strong")
    if n_parts == 1:
        return np.zeros(net.n_nodes, dtype=np.int64)
    size = np.bincount(label, minlength=n_parts)
    first = np.full(n_parts, net.n_nodes, dtype=np.int64)
    np.minimum.at(first, label, np.arange(net.n_nodes))
    order = np.lexsort((first, -size))  # largest first, then by first node
    rank = np.empty(n_parts, dtype=np.int64)
    rank[order] = np.arange(n_parts)
    return np.asarray(rank[label], dtype=np.int64)


# --------------------------------------------------------------------------------------------------
# RoadNetwork
# --------------------------------------------------------------------------------------------------

#: Smallest entry stored in the CSR matrices (seconds or metres): keeps zero-length edges (duplicate
#: node positions in OSM) as explicit positive entries that sparse routines cannot drop.
MIN_EDGE_VALUE = 1e-3


@dataclass(frozen=True, eq=False)
class RoadNetwork:
    """The road graph as arrays (see docs/architecture.md, "RoadNetwork").

    Attributes
    ----------
    node_ids
        OSM node ids (int64) in graph order; row/column ``i`` of the matrices is ``node_ids[i]``.
    lon, lat
        Node coordinates, degrees (EPSG:4326).
    x_m, y_m
        Node coordinates in metres in ``crs_m``.
    crs_m
        The UTM CRS estimated from the data, e.g. ``"EPSG:32648"``.
    time_s
        n×n CSR matrix of edge travel times, seconds (parallel edges: the minimum; no self-loops).
    length_m
        n×n CSR matrix of edge lengths, metres (parallel edges: the minimum), same sparsity as
        ``time_s``.
    road_rank
        int8 per node: the best :data:`ROAD_RANKS` class of the edges touching it (0
        motorway/trunk … 7 other).
    source_label, source_label_zh
        Where the data comes from (for map titles and the manifest).
    data_date
        ISO date of the data, or None.
    """

    node_ids: NDArray[np.int64]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    x_m: NDArray[np.float64]
    y_m: NDArray[np.float64]
    crs_m: str
    time_s: sp.csr_matrix
    length_m: sp.csr_matrix
    road_rank: NDArray[np.int8]
    source_label: str
    source_label_zh: str
    data_date: str | None

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return int(self.node_ids.shape[0])


def _utm_crs(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> str:
    lon_c = float((lon.min() + lon.max()) / 2)
    lat_c = float((lat.min() + lat.max()) / 2)
    infos = query_utm_crs_info(
        datum_name="WGS 84", area_of_interest=AreaOfInterest(lon_c, lat_c, lon_c, lat_c)
    )
    if not infos:  # pragma: no cover - only near the poles
        return "EPSG:3857"
    return f"{infos[0].auth_name}:{infos[0].code}"


def _rank(highway: object, cache: dict[Any, int]) -> int:
    key = tuple(highway) if isinstance(highway, list) else highway
    found = cache.get(key)
    if found is None:
        names = highway if isinstance(highway, list | tuple) else [highway]
        found = min(
            (ROAD_RANKS.get(h, _OTHER_RANK) for h in names if isinstance(h, str)),
            default=_OTHER_RANK,
        )
        cache[key] = found
    return found


def _min_csr(
    rows: NDArray[np.int64], cols: NDArray[np.int64], values: NDArray[np.float64], n: int
) -> sp.csr_matrix:
    """CSR with the minimum value of each (row, col) pair."""
    order = np.lexsort((values, cols, rows))
    r, c, x = rows[order], cols[order], values[order]
    first = np.ones(r.shape[0], dtype=bool)
    first[1:] = (r[1:] != r[:-1]) | (c[1:] != c[:-1])
    matrix = sp.csr_matrix((np.maximum(x[first], MIN_EDGE_VALUE), (r[first], c[first])), shape=(n, n))
    matrix.sort_indices()
    return matrix


def road_network_from_graph(G: nx.MultiDiGraph) -> RoadNetwork:
    """Convert a road graph with travel times to :class:`RoadNetwork` arrays.

    One pass over the edges collects arrays; everything else is NumPy/SciPy.  Self-loops are left
    out of the matrices (they never shorten a route).

    Parameters
    ----------
    G
        Graph in EPSG:4326 (node ``x``/``y``) with integer node ids and edge ``length`` and
        ``travel_time`` (run :func:`add_travel_times` first).

    Returns
    -------
    RoadNetwork
        The arrays; labels from ``G.graph`` (``source_label``, ``source_label_zh``, ``data_date``).

    Raises
    ------
    NetworkError
        The graph is empty, projected, or lacks travel times.
    """
    _check_not_empty(G)
    crs = G.graph.get("crs")
    if crs is not None and CRS.from_user_input(crs).to_epsg() != 4326:
        raise NetworkError(
            f"The road graph is in {crs}, not EPSG:4326: pass the unprojected graph (node x/y as "
            "longitude/latitude)."
        )
    n = len(G)
    index: dict[Any, int] = {}
    ids: list[int] = []
    xs: list[float] = []
    ys: list[float] = []
    for i, (node, data) in enumerate(G.nodes(data=True)):
        index[node] = i
        ids.append(node)
        xs.append(data["x"])
        ys.append(data["y"])
    node_ids = np.asarray(ids, dtype=np.int64)
    lon = np.asarray(xs, dtype=np.float64)
    lat = np.asarray(ys, dtype=np.float64)

    us: list[int] = []
    vs: list[int] = []
    times: list[float] = []
    lengths: list[float] = []
    ranks: list[int] = []
    rank_cache: dict[Any, int] = {}
    try:
        for u, v, data in G.edges(data=True):
            us.append(index[u])
            vs.append(index[v])
            times.append(data["travel_time"])
            lengths.append(data["length"])
            ranks.append(_rank(data.get("highway"), rank_cache))
    except KeyError as err:
        raise NetworkError(
            f"A road edge lacks the attribute {err}: run siting.network.add_travel_times(G) on a "
            "graph from siting.osm first."
        ) from err
    u_idx = np.asarray(us, dtype=np.int64)
    v_idx = np.asarray(vs, dtype=np.int64)
    time_arr = np.asarray(times, dtype=np.float64)
    length_arr = np.asarray(lengths, dtype=np.float64)
    edge_rank = np.asarray(ranks, dtype=np.int8)

    road_rank = np.full(n, _OTHER_RANK, dtype=np.int8)
    np.minimum.at(road_rank, u_idx, edge_rank)
    np.minimum.at(road_rank, v_idx, edge_rank)

    loop = u_idx == v_idx
    u_idx, v_idx = u_idx[~loop], v_idx[~loop]
    time_s = _min_csr(u_idx, v_idx, time_arr[~loop], n)
    length_m = _min_csr(u_idx, v_idx, length_arr[~loop], n)

    crs_m = _utm_crs(lon, lat)
    x_m, y_m = Transformer.from_crs("EPSG:4326", crs_m, always_xy=True).transform(lon, lat)

    data_date = G.graph.get("data_date")
    return RoadNetwork(
        node_ids=node_ids,
        lon=lon,
        lat=lat,
        x_m=np.asarray(x_m, dtype=np.float64),
        y_m=np.asarray(y_m, dtype=np.float64),
        crs_m=crs_m,
        time_s=time_s,
        length_m=length_m,
        road_rank=road_rank,
        source_label=str(G.graph.get("source_label") or "road network (source not recorded)"),
        source_label_zh=str(G.graph.get("source_label_zh") or "道路网络（来源未记录）"),
        data_date=None if data_date in (None, "", "None") else str(data_date),
    )
