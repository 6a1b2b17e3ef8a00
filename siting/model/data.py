"""The arrays the optimisation model is built from, and the plan it returns.

:class:`ModelData` is the boundary between geography and optimisation: everything geographic (snapping,
shortest paths, counties) has been turned into index-based NumPy arrays and sparse matrices.  Index ``j``
runs over candidate station sites, ``i`` over demand zones, ``t`` over passenger terminals, ``k`` over pile
sites and ``c`` over counties, in the row order of the GeoDataFrames they came from.

Sparse matrices store one explicit entry per *covering pair* and nothing else; the entry is the travel time or
distance of that pair, clamped to at least :data:`MIN_ENTRY` so that no covering pair is an implicit zero.

:class:`Planning` (with :class:`Stage`, :class:`Queue`, :class:`Grid` and :class:`Corridors`) holds the
planning families (``docs/model.md``, "Planning families") as ``ModelData.planning``; ``None`` is the base
model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from siting._sparse import MIN_ENTRY
from siting._typing import BoolArray, FloatArray, IntArray

__all__ = [
    "MIN_ENTRY",
    "Corridors",
    "Grid",
    "ModelData",
    "Planning",
    "Queue",
    "Solution",
    "Stage",
    "StagePlan",
    "county_label",
    "county_values",
    "per_county",
]


@dataclass
class ModelData:
    """Index-based inputs of the siting model (see ``docs/model.md`` for the maths).

    Attributes
    ----------
    n_stations
        Number of stations to open, ``p`` (locked sites count towards it).
    n_piles
        Number of distributed piles to place, ``P``.
    terminal_quota
        Number of terminals that must be covered, ``q = ceil(terminal_share * |T|)``.
    fast_minutes
        Drive-time threshold of fast-charging coverage, minutes.
    demand_fast_ev
        ``(n_demand,)`` EVs per zone counted for fast-charging coverage, ``a_i``.
    demand_slow_ev
        ``(n_demand,)`` EVs per zone that need a public slow-charging pile, ``s_i``.
    fast_time_min
        ``(n_demand, n_candidates)`` CSR; entry = drive time in minutes from zone ``i`` to candidate ``j``
        for every pair within ``fast_minutes`` (the coverage set ``N_i``).
    terminal_dist_m
        ``(n_terminals, n_candidates)`` CSR; entry = road distance in metres for every pair within the
        terminal radius (the set ``M_t``).
    walk_dist_m
        ``(n_demand, n_pile_sites)`` CSR; entry = walking distance in metres for every zone/pile-site pair
        within walking distance (the set ``W_i``).
    station_county
        ``(n_candidates,)`` county index of each candidate, ``-1`` when outside every county.
    station_locked
        ``(n_candidates,)`` True where the site must be open.
    pile_capacity
        ``(n_pile_sites,)`` maximum piles per site, ``u_k``.
    pile_county
        ``(n_pile_sites,)`` county index of each pile site, ``-1`` when outside every county.
    evs_per_pile
        EVs one pile serves, ``e``.
    county_names
        ``(n_counties,)`` labels used in messages.
    county_min_stations, county_min_piles
        ``(n_counties,)`` minimum stations / piles per county, ``L_c`` and ``L'_c``.
    weight_fast, weight_slow, tie_break
        Objective weights ``w_f``, ``w_s`` and the tie-break share ``epsilon``.
    site_bonus
        ``(n_candidates,)`` objective coefficient of every station variable, replacing the
        tie-break coefficients ``b_j`` when given (``None``, the default: computed from the
        data).  Set by :func:`siting.solve.reduce.reduce_model_data`, where it carries the original
        ``b_j`` plus the demand of the zones only that candidate reaches.
    planning
        The planning families (stages, charger sizing, grid, corridors, county caps, rural
        minimums; :class:`Planning`), or ``None`` for the base model.
    site_ids
        ``(n_candidates,)`` the candidates' ids as the user sees them (``site_id``), for messages; may be
        empty (messages then say ``candidate j``).
    """

    n_stations: int
    n_piles: int
    terminal_quota: int
    fast_minutes: float
    demand_fast_ev: FloatArray
    demand_slow_ev: FloatArray
    fast_time_min: sp.csr_matrix
    terminal_dist_m: sp.csr_matrix
    walk_dist_m: sp.csr_matrix
    station_county: IntArray
    station_locked: BoolArray
    pile_capacity: IntArray
    pile_county: IntArray
    evs_per_pile: float
    county_names: list[str] = field(default_factory=list)
    county_min_stations: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    county_min_piles: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    weight_fast: float = 1.0
    weight_slow: float = 1.0
    tie_break: float = 1e-3
    site_bonus: FloatArray | None = None
    planning: Planning | None = None
    site_ids: list[str] = field(default_factory=list)

    @property
    def n_candidates(self) -> int:
        """Number of candidate station sites."""
        return int(self.fast_time_min.shape[1])

    @property
    def n_demand(self) -> int:
        """Number of demand zones."""
        return int(self.fast_time_min.shape[0])

    @property
    def n_terminals(self) -> int:
        """Number of passenger terminals."""
        return int(self.terminal_dist_m.shape[0])

    @property
    def n_pile_sites(self) -> int:
        """Number of pile sites."""
        return int(self.walk_dist_m.shape[1])

    @property
    def n_counties(self) -> int:
        """Number of counties."""
        return len(self.county_names)


@dataclass
class Solution:
    """A plan in index form, as returned by the heuristic or the solver.

    Attributes
    ----------
    open_station
        ``(n_candidates,)`` True where a station is opened (``x_j``).
    piles
        ``(n_pile_sites,)`` piles placed per site (``n_k``).
    fast_covered
        ``(n_demand,)`` True where the zone has an open station within ``fast_minutes``.
    slow_served_ev
        ``(n_demand,)`` EVs of the zone served by piles within walking distance.
    slow_flow_ev
        ``(n_demand, n_pile_sites)`` CSR; EVs of zone ``i`` served at pile site ``k`` (``f_ik``).
    terminal_covered
        ``(n_terminals,)`` True where an open station lies within the terminal radius.
    objective
        Objective value of this plan (same formula as the model's objective).
    fast_served_share
        ``(n_demand,)`` share of each zone's EVs whose peak sessions are served within the wait target
        (planning model with charger sizing; ``None`` in the base model, where it is ``fast_covered``).
    stages
        One :class:`StagePlan` per stage of the planning model (empty in the base model); the other
        fields describe the first stage.
    """

    open_station: BoolArray
    piles: IntArray
    fast_covered: BoolArray
    slow_served_ev: FloatArray
    slow_flow_ev: sp.csr_matrix
    terminal_covered: BoolArray
    objective: float
    fast_served_share: FloatArray | None = None
    stages: list[StagePlan] = field(default_factory=list)


@dataclass
class StagePlan:
    """One stage of a planning-model plan (cumulative: everything built by the end of the stage).

    Attributes
    ----------
    name
        Stage label, for example ``"2025"``.
    open_station, piles, terminal_covered
        As in :class:`Solution`.
    chargers
        ``(n_candidates,)`` fast chargers per station (0 where closed).
    station_load_per_h
        ``(n_candidates,)`` peak-hour charging sessions assigned to each station.
    fast_served_share
        ``(n_demand,)`` share of each zone's EVs served within the wait target.
    substation
        ``(n_candidates,)`` substation each open station connects to (-1: none / no grid data).
    substation_load_kw
        ``(n_substations,)`` charger kW connected to each substation.
    trip_covered
        ``(n_trips,)`` intercity trips an EV can complete with this stage's stations.
    objective
        This stage's weighted share of the objective.
    """

    name: str
    open_station: BoolArray
    piles: IntArray
    terminal_covered: BoolArray
    chargers: IntArray
    station_load_per_h: FloatArray
    fast_served_share: FloatArray
    substation: IntArray
    substation_load_kw: FloatArray
    trip_covered: BoolArray
    objective: float


# ------------------------------------------------------------------------------ planning families


@dataclass
class Stage:
    r"""Targets of one stage of the rollout (``docs/model.md``, "Phased rollout").

    Attributes
    ----------
    name
        Label, for example ``"2025"``.
    n_stations, n_piles
        Stations open and piles placed *by the end of* this stage (cumulative, locked sites included).
    demand_factor
        EVs of this stage relative to ``ModelData.demand_fast_ev`` / ``demand_slow_ev``, :math:`\phi_s`.
    terminal_quota
        Terminals to cover in this stage, :math:`q_s`.
    county_min_stations, county_min_piles, county_max_stations, county_max_piles
        ``(n_counties,)`` bounds per county, :math:`L_{cs}, L'_{cs}, U_{cs}, U'_{cs}`.
    rural_min_stations, rural_min_piles
        Least stations / piles on rural sites, :math:`R_s, R'_s`.
    weight
        Weight of this stage's objective, :math:`\theta_s`.
    headroom_factor
        Substation headroom of this stage relative to ``Grid.headroom_kw`` (grid build-out), :math:`\eta_s`.
    """

    name: str
    n_stations: int
    n_piles: int
    demand_factor: float
    terminal_quota: int
    county_min_stations: IntArray
    county_min_piles: IntArray
    county_max_stations: IntArray
    county_max_piles: IntArray
    rural_min_stations: int = 0
    rural_min_piles: int = 0
    weight: float = 1.0
    headroom_factor: float = 1.0


@dataclass
class Queue:
    r"""Charger sizing by an M/M/c queue (``docs/model.md``, "Chargers sized by queueing").

    Attributes
    ----------
    arrivals_per_ev_h
        Peak-hour fast-charging sessions per EV of ``demand_fast_ev``, :math:`\rho` (sessions/h/EV).
    min_chargers, max_chargers
        Chargers an open station has at least / at most, :math:`c^-, c^+`.
    capacity_per_h
        ``(max_chargers - min_chargers + 1,)`` largest arrival rate (sessions/h) ``c`` chargers serve
        with ``P(wait > max_wait_min) <= wait_probability``, :math:`\Lambda_c` (Erlang C).
    charger_kw
        Power of one charger, kW, :math:`\kappa`.
    charger_weight
        Objective cost of one charger in EV-equivalents, :math:`\beta` (keeps sizes minimal).
    session_min, max_wait_min, wait_probability
        The service assumptions behind ``capacity_per_h`` (reported with the results).
    """

    arrivals_per_ev_h: float
    min_chargers: int
    max_chargers: int
    capacity_per_h: FloatArray
    charger_kw: float
    charger_weight: float
    session_min: float
    max_wait_min: float
    wait_probability: float

    def capacity(self, chargers: int) -> float:
        """Return :math:`\\Lambda_c` for ``chargers`` (0 below ``min_chargers``)."""
        if chargers < self.min_chargers:
            return 0.0
        return float(self.capacity_per_h[min(chargers, self.max_chargers) - self.min_chargers])


@dataclass
class Grid:
    r"""Grid connections (``docs/model.md``, "Grid headroom").

    Attributes
    ----------
    distance_m
        ``(n_candidates, n_substations)`` CSR; an entry for every allowed connection :math:`(j, \sigma)`
        (the set :math:`G`), value = straight-line distance in metres.
    excess_km
        Same shape; km beyond ``max_grid_distance_m`` of the connections allowed only in "cost" mode
        (:math:`d^+_{j\sigma}`), no entry otherwise.
    headroom_kw
        ``(n_substations,)`` spare capacity for new charging, kW, :math:`H_\sigma`.
    cost_per_km
        Objective cost per km of line beyond reach, EV-equivalents, :math:`\gamma`.
    substation_ids
        ``(n_substations,)`` ids as the user sees them (``substation_id``), for messages; may be empty.
    """

    distance_m: sp.csr_matrix
    excess_km: sp.csr_matrix
    headroom_kw: FloatArray
    cost_per_km: float = 0.0
    substation_ids: list[str] = field(default_factory=list)

    @property
    def n_substations(self) -> int:
        """Number of substations."""
        return int(self.distance_m.shape[1])


@dataclass
class Corridors:
    r"""Intercity trips for flow-refuelling coverage (``docs/model.md``, "Intercity corridors").

    Attributes
    ----------
    checkpoints
        ``(n_rows, n_candidates)`` CSR with an entry for every candidate of row :math:`r`'s set
        :math:`K_r`: the trip passes the row's checkpoint only if one of them is open.
    row_trip
        ``(n_rows,)`` trip of each row.
    flow
        ``(n_trips,)`` EV trips per day at ``demand_factor`` 1, :math:`F_q`.
    coverable
        ``(n_trips,)`` False for trips no set of stations can complete (they get no column).
    weight
        Objective weight per covered daily trip, EV-equivalents, :math:`\omega`.
    """

    checkpoints: sp.csr_matrix
    row_trip: IntArray
    flow: FloatArray
    coverable: BoolArray
    weight: float = 1.0

    @property
    def n_trips(self) -> int:
        """Number of trips."""
        return int(self.flow.size)


@dataclass
class Planning:
    """The planning families attached to :class:`~siting.model.data.ModelData` (``data.planning``).

    Attributes
    ----------
    stages
        One or more stages; the first is the plan the city commits to now.
    queue
        Charger sizing (always on; ``min_chargers == max_chargers`` fixes the size).
    grid
        Substations and headroom, or ``None`` (no grid rows).
    corridors
        Intercity trips, or ``None``.
    station_rural, pile_rural
        ``(n_candidates,)`` / ``(n_pile_sites,)`` True on rural sites.
    """

    stages: list[Stage]
    queue: Queue
    grid: Grid | None = None
    corridors: Corridors | None = None
    station_rural: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    pile_rural: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))


# ------------------------------------------------------------------------------------------ counties


def per_county(values: object, n_counties: int) -> IntArray:
    """Return per-county values (minimums, caps) as an int64 array of length ``n_counties`` (missing: 0)."""
    arr = np.zeros(n_counties, dtype=np.int64)
    given = np.asarray(values, dtype=np.int64).ravel()[:n_counties]
    arr[: given.size] = given
    return arr


def county_values(per_county_values: IntArray, county: IntArray) -> IntArray:
    """Return ``per_county_values[county]`` per site, 0 for sites outside every county (``-1``)."""
    out = np.zeros(county.size, dtype=np.int64)
    inside = (county >= 0) & (county < per_county_values.size)
    out[inside] = per_county_values[county[inside]]
    return out


def county_label(data: ModelData, c: int) -> str:
    """Return the name of county ``c`` for messages (``#c`` when it has none)."""
    return data.county_names[c] if 0 <= c < len(data.county_names) else f"#{c}"
