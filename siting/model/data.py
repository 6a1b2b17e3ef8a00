"""The arrays the optimisation model is built from, and the plan it returns.

:class:`ModelData` is the boundary between geography and optimisation: everything geographic (snapping,
shortest paths, counties) has been turned into index-based NumPy arrays and sparse matrices.  Index ``j``
runs over candidate station sites, ``i`` over demand zones, ``t`` over passenger terminals, ``k`` over pile
sites and ``c`` over counties, in the row order of the GeoDataFrames they came from.

Sparse matrices store one explicit entry per *covering pair* and nothing else; the entry is the travel time or
distance of that pair, clamped to at least :data:`MIN_ENTRY` so that no covering pair is an implicit zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

if TYPE_CHECKING:
    from siting.model.extended import Planning

__all__ = ["MIN_ENTRY", "ModelData", "Solution", "StagePlan"]

#: Smallest value stored for a covering pair (so that a 0 m / 0 min pair is still an explicit entry).
MIN_ENTRY = 1e-6

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


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
        data).  Set by :func:`siting.reduce.reduce_model_data`, where it carries the original
        ``b_j`` plus the demand of the zones only that candidate reaches.
    planning
        The planning families (stages, charger sizing, grid, corridors, county caps, rural
        minimums; :class:`siting.model.extended.Planning`), or ``None`` for the base model.
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
