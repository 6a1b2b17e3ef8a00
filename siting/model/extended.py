r"""The planning families of the siting model: queue-sized chargers, grid headroom, county caps and
urban/rural balance, phased rollout and intercity corridors.

These families extend the model of :mod:`siting.model.arrays` (``docs/model.md``, "Planning
families").  :func:`build_extended` writes, for one *part* of the model (the station part or the
pile part, which still share no row), one block per stage — the base model of that stage built by
:func:`~siting.model.arrays.build_arrays` plus the families below — and the rows that nest the stages.
Each family is one function ``add_*`` with its maths in the docstring; symbols follow
``docs/model.md``: stage :math:`s`, candidate :math:`j`, zone :math:`i`, substation :math:`\sigma`,
trip :math:`q`, checkpoint row :math:`r`.

Columns per stage (in this order): the base columns ``x, y, z, n, f``, then ``u`` (charger ladder),
``h`` (peak sessions of zone ``i`` served at station ``j``), ``g`` (station ``j`` connects to
substation ``σ``), ``e`` (kW drawn by ``j`` from ``σ``) and ``v`` (trip ``q`` covered).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from siting._errors import InfeasibleError
from siting._sparse import canonical_csr
from siting._typing import FloatArray, IntArray
from siting.model.arrays import build_arrays
from siting.model.builder import ColumnBuilder, ExtendedModel, StageColumns
from siting.model.data import Corridors, Grid, ModelData, Planning, Queue, Stage
from siting.model.parts import merge_identical_zones, split_parts, stage_data
from siting.model.sparse import charger_ladder, grid_links

__all__ = [
    "Corridors",
    "ExtendedModel",
    "Grid",
    "Planning",
    "Queue",
    "Stage",
    "StageColumns",
    "build_extended",
    "stage_data",
    "stage_slice_objective",
    "values_of",
]


def build_extended(
    data: ModelData, part: str, *, locked_rows: bool = False, capacity: bool = True, sessions: bool = False
) -> ExtendedModel:
    r"""Build the station part (``part="stations"``) or the pile part (``"piles"``) of the planning model.

    Per stage :math:`s` (``data.planning.stages``): the base model of the stage (:func:`stage_data`,
    restricted to the part), then :func:`add_charger_sizing`, :func:`add_grid_headroom`,
    :func:`add_corridor_coverage` (station part) or nothing more (pile part), and
    :func:`add_county_caps` and :func:`add_rural_minimum` (both parts).  Then :func:`add_stage_nesting`
    links consecutive stages.  The objective is :math:`\sum_s \theta_s \cdot` (stage objective).
    ``locked_rows`` writes locked sites as rows (see :func:`~siting.model.arrays.build_arrays`).

    ``capacity=False``: the station part's *capacity relaxation* (:func:`add_capacity_relaxation` instead of
    :func:`add_charger_sizing` and :func:`add_grid_headroom`), an upper bound the size of the base model;
    with ``sessions=True`` its local form (session shares and each station's capacity kept).

    Raises
    ------
    InfeasibleError
        When a row would be an empty sum that can never be met.
    """
    planning = data.planning
    if planning is None:
        raise ValueError("build_extended needs data.planning")
    if part not in ("stations", "piles"):
        raise ValueError(f"part must be 'stations' or 'piles', not {part!r}")
    b = ColumnBuilder()
    stages: list[StageColumns] = []
    for stage in planning.stages:
        sd = stage_data(data, stage)
        station_part, pile_part = split_parts(sd)
        zone_of = None
        if part == "stations":
            part_data, zone_of = merge_identical_zones(station_part)
        else:
            part_data = pile_part
        base_model = build_arrays(part_data, locked_rows=locked_rows)
        blocks = b.base(base_model, stage.name)
        b.add_cost(np.arange(blocks["x"], blocks["end"]), (float(stage.weight) - 1.0) * base_model.cost)
        cols = StageColumns(
            base=blocks,
            demand_zones=base_model.demand_zones,
            terminals=base_model.terminals,
            pair_zone=base_model.pair_zone,
            pair_site=base_model.pair_site,
            zone_of=zone_of,
        )
        if part == "stations":
            # ladders reach what the busiest stage needs: chargers never fall, so a stage with less demand
            # may still carry an earlier stage's chargers
            busiest = max(s.demand_factor for s in planning.stages) / max(stage.demand_factor, 1e-12)
            if capacity:
                add_charger_sizing(b, cols, part_data, stage, planning.queue, ladder_scale=max(busiest, 1.0))
                if planning.grid is not None:
                    add_grid_headroom(b, cols, stage, planning.queue, planning.grid)
            else:
                add_capacity_relaxation(
                    b,
                    cols,
                    part_data,
                    stage,
                    planning.queue,
                    planning.grid,
                    ladder_scale=max(busiest, 1.0),
                    sessions=sessions,
                )
            if planning.corridors is not None:
                add_corridor_coverage(b, cols, stage, planning.corridors)
        add_county_caps(b, cols, data, stage, part)
        add_rural_minimum(b, cols, stage, planning, part)
        stages.append(cols)
    for earlier, later in itertools.pairwise(stages):
        add_stage_nesting(b, earlier, later, planning, part)
    return b.finish(part, stages)


def add_charger_sizing(
    b: ColumnBuilder,
    cols: StageColumns,
    data: ModelData,
    stage: Stage,
    queue: Queue,
    *,
    ladder_scale: float = 1.0,
) -> None:
    r"""Size every open station's chargers by an M/M/c queue; a covered zone's peak sessions must be served.

    Columns: the charger ladder :math:`u_{jc} \in \{0,1\}` for :math:`c^- < c \le \bar c_j` ("station
    :math:`j` has at least :math:`c` chargers") and :math:`h_{ij} \in [0, 1]` for :math:`j \in N_i` (share
    of zone :math:`i`'s peak sessions served at :math:`j`).  With :math:`\lambda_i = \rho \phi_s a_i`
    the zone's peak arrival rate and :math:`\Lambda_c` the Erlang-C capacity of :math:`c` chargers:

    .. math::

        u_{j,c^-+1} \le x_j, \qquad u_{jc} \le u_{j,c-1}
            \qquad \text{(con_charger_ladder)}

        \sum_{j \in N_i} h_{ij} = y_i \qquad \forall i \in I^f
            \qquad \text{(con_sessions_served)}

        \sum_{i : j \in N_i} \lambda_i h_{ij}
            \le \Lambda_{c^-} x_j + \sum_{c > c^-} (\Lambda_c - \Lambda_{c-1}) u_{jc}
            \qquad \text{(con_queue_capacity)}

    The number of chargers is :math:`C_j = c^- x_j + \sum_c u_{jc}`; the objective pays
    :math:`\theta_s \beta` per charger.  :math:`\bar c_j` is the fewest chargers that serve every
    zone :math:`j` reaches at the demand of the busiest stage (more are never needed: chargers never
    fall between stages, so no stage needs more than that), capped at :math:`c^+`.  :math:`y_i` becomes the
    *share* of zone :math:`i`'s EVs served within the wait target (1 unless capacity binds).
    """
    n_sites = data.n_candidates
    beta = float(queue.charger_weight) * float(stage.weight)
    xs = cols.x()
    b.add_cost(xs, -beta * queue.min_chargers)  # the first c^- chargers come with x_j
    counts, pair_zone, pair_site, arrivals, top = charger_ladder(data, cols.demand_zones, queue, ladder_scale)
    steps = np.maximum(top - queue.min_chargers, 0)
    u_site = np.repeat(np.arange(n_sites), steps)
    u_level = (
        queue.min_chargers + 1 + (np.arange(int(steps.sum())) - np.repeat(np.cumsum(steps) - steps, steps))
    )
    cols.u_site, cols.u_level = u_site.astype(np.int64), u_level.astype(np.int64)
    cols.u_start = b.columns(
        [
            f"chargers_step[{stage.name}][{j},{c}]"
            for j, c in zip(u_site.tolist(), u_level.tolist(), strict=True)
        ],
        np.full(u_site.size, -beta),
        np.zeros(u_site.size),
        np.ones(u_site.size),
        True,
    )
    _session_columns(b, cols, stage, pair_zone, pair_site, arrivals)
    base = np.full(n_sites, float(queue.capacity_per_h[0]))
    _charger_rows(b, cols, stage, queue, counts, arrivals, base)


def _session_columns(
    b: ColumnBuilder,
    cols: StageColumns,
    stage: Stage,
    pair_zone: IntArray,
    pair_site: IntArray,
    arrivals: FloatArray,
) -> None:
    """The columns :math:`h_{ij} \\in [0, 1]`, one per zone and site in reach (no objective term)."""
    cols.h_zone, cols.h_site, cols.h_rate = pair_zone.astype(np.int64), pair_site, arrivals[pair_zone]
    cols.h_start = b.columns(
        [
            f"served_share[{stage.name}][{i},{j}]"
            for i, j in zip(pair_zone.tolist(), pair_site.tolist(), strict=True)
        ],
        np.zeros(pair_zone.size),
        0.0,
        1.0,
        False,
    )


def _charger_rows(
    b: ColumnBuilder,
    cols: StageColumns,
    stage: Stage,
    queue: Queue,
    counts: IntArray,
    arrivals: FloatArray,
    base_capacity: FloatArray,
) -> None:
    """The rows of :func:`add_charger_sizing`: ladder, sessions served, queue capacity.

    ``base_capacity`` is what an open station serves without a ladder step (:math:`\\Lambda_{c^-}`; the
    local capacity relaxation, which has no ladder, gives :math:`\\Lambda_{\\bar c_j}`).
    """
    n_sites = base_capacity.size
    zones, xs = cols.demand_zones, cols.x()
    u_site, u_level, pair_zone, pair_site = cols.u_site, cols.u_level, cols.h_zone, cols.h_site
    # ladder: u_{j,c} - (u_{j,c-1} or x_j) <= 0
    u_cols = cols.u_start + np.arange(u_site.size)
    first = u_level == queue.min_chargers + 1
    prev = np.where(first, xs[u_site], u_cols - 1)
    local = np.arange(u_site.size)
    b.rows_block(
        f"con_charger_ladder[{stage.name}]",
        np.concatenate([local, local]),
        np.concatenate([u_cols, prev]),
        np.concatenate([np.ones(u_site.size), -np.ones(u_site.size)]),
        -np.inf,
        0.0,
        int(u_site.size),
    )
    # sessions served: sum_j h_ij - y_i = 0 (rows in the order of zones)
    y_cols = cols.base["y"] + np.arange(zones.size)
    zone_row = np.repeat(np.arange(zones.size), counts)
    h_cols = cols.h_start + np.arange(pair_zone.size)
    b.rows_block(
        f"con_sessions_served[{stage.name}]",
        np.concatenate([zone_row, np.arange(zones.size)]),
        np.concatenate([h_cols, y_cols]),
        np.concatenate([np.ones(pair_zone.size), -np.ones(zones.size)]),
        0.0,
        0.0,
        int(zones.size),
    )
    # capacity: sum_i lambda_i h_ij - Lambda_min x_j - sum_c dLambda_c u_jc <= 0
    cap = np.asarray(queue.capacity_per_h, dtype=np.float64)
    step_gain = (
        cap[u_level - queue.min_chargers] - cap[u_level - queue.min_chargers - 1]
        if u_site.size
        else np.zeros(0)
    )
    b.rows_block(
        f"con_queue_capacity[{stage.name}]",
        np.concatenate([pair_site, np.arange(n_sites), u_site]),
        np.concatenate([h_cols, xs, u_cols]),
        np.concatenate([arrivals[pair_zone], -base_capacity, -step_gain]),
        -np.inf,
        0.0,
        n_sites,
    )


def add_capacity_relaxation(
    b: ColumnBuilder,
    cols: StageColumns,
    data: ModelData,
    stage: Stage,
    queue: Queue,
    grid: Grid | None,
    *,
    ladder_scale: float = 1.0,
    sessions: bool = False,
) -> None:
    r"""What the charger and grid families imply for the stations alone, without their columns.

    Every open station has at least :math:`c^-` chargers and connects to one substation of :math:`G`,
    so its objective term is at most

    .. math::

        -\theta_s \Big(\beta c^- + \gamma \min_{\sigma : (j,\sigma) \in G} d^+_{j\sigma}\Big) x_j,

    and a candidate with no allowed connection cannot open (:math:`x_j \le 0`).  The queue capacity rows
    summed over the stations (with :math:`\sum_j h_{ij} = y_i`, :math:`u_{jc} \le x_j`) leave one row,
    :math:`\sum_i \lambda_i y_i \le \sum_j \Lambda_{\bar c_j} x_j` (con_total_capacity).  Without the
    ladder, session, capacity and grid rows (whose other columns only cost) every plan of the full part
    stays feasible at no lower objective: this model's optimum (and its LP's) bounds the full part's.

    ``sessions=True``, the *local* capacity relaxation: the session shares :math:`h_{ij}` stay, with
    con_sessions_served and each station's queue capacity at its ladder's top,
    :math:`\sum_i \lambda_i h_{ij} \le \Lambda_{\bar c_j} x_j` (con_queue_capacity, implied by the
    full rows with :math:`u_{jc} \le x_j`).  Where capacity binds in places only (few stations for
    dense demand) this is the tight one; it has no ladder or grid columns.
    """
    xs = cols.x()
    weight = float(stage.weight)
    b.add_cost(xs, -weight * float(queue.charger_weight) * queue.min_chargers)
    zones = cols.demand_zones
    counts, pair_zone, pair_site, arrivals, top = charger_ladder(data, zones, queue, ladder_scale)
    capacity = np.asarray(queue.capacity_per_h, dtype=np.float64)[top - queue.min_chargers]
    if sessions:
        _session_columns(b, cols, stage, pair_zone, pair_site, arrivals)
        _charger_rows(b, cols, stage, queue, counts, arrivals, capacity)
    b.rows_block(
        f"con_total_capacity[{stage.name}]",
        np.zeros(zones.size + xs.size, dtype=np.int64),
        np.concatenate([cols.base["y"] + np.arange(zones.size), xs]),
        np.concatenate([arrivals[zones], -capacity]),
        -np.inf,
        0.0,
        1,
    )
    if grid is None:
        return
    g_site, _, extra = grid_links(grid)
    cheapest = np.full(xs.size, np.inf)
    np.minimum.at(cheapest, g_site, extra)
    linked = np.isfinite(cheapest)
    b.add_cost(xs[linked], -weight * float(grid.cost_per_km) * cheapest[linked])
    b.bound_changes.append((xs[~linked], 0.0))


def add_grid_headroom(b: ColumnBuilder, cols: StageColumns, stage: Stage, queue: Queue, grid: Grid) -> None:
    r"""Connect every open station to one substation in reach and keep each substation within headroom.

    Columns :math:`g_{j\sigma} \in \{0,1\}` and :math:`e_{j\sigma} \ge 0` (kW) for the allowed
    connections :math:`(j,\sigma) \in G`:

    .. math::

        \sum_{\sigma : (j,\sigma) \in G} g_{j\sigma} = x_j \qquad \text{(con_grid_connection)}

        e_{j\sigma} \le \min(\kappa \bar c_j, H_\sigma) \, g_{j\sigma} \qquad \text{(con_grid_link)}

        \sum_{\sigma} e_{j\sigma} = \kappa \, C_j = \kappa \Big(c^- x_j + \sum_c u_{jc}\Big)
            \qquad \text{(con_grid_load)}

        \sum_{j} e_{j\sigma} \le \eta_s H_\sigma \qquad \text{(con_substation_headroom)}

    A candidate with no allowed connection cannot open ("require" mode: :math:`x_j = 0` through
    con_grid_connection).  In "cost" mode :math:`G` also holds each such candidate's nearest
    substation and the objective pays :math:`\theta_s \gamma d^+_{j\sigma} g_{j\sigma}`.
    """
    g_site, g_sub, extra = grid_links(grid)
    n_sites = int(canonical_csr(grid.distance_m).shape[0])
    n_g = g_site.size
    cols.g_site, cols.g_sub = g_site, g_sub
    cost = -float(stage.weight) * float(grid.cost_per_km) * extra
    pairs = [f"{j},{s}" for j, s in zip(g_site.tolist(), g_sub.tolist(), strict=True)]
    cols.g_start = b.columns([f"grid_link[{stage.name}][{p}]" for p in pairs], cost, 0.0, 1.0, True)
    cols.e_start = b.columns(
        [f"grid_kw[{stage.name}][{p}]" for p in pairs], np.zeros(n_g), 0.0, np.inf, False
    )
    g_cols = cols.g_start + np.arange(n_g)
    e_cols = cols.e_start + np.arange(n_g)
    xs = cols.x()
    b.rows_block(
        f"con_grid_connection[{stage.name}]",
        np.concatenate([g_site, np.arange(n_sites)]),
        np.concatenate([g_cols, xs]),
        np.concatenate([np.ones(n_g), -np.ones(n_sites)]),
        0.0,
        0.0,
        n_sites,
    )
    # M_{j sigma} = min(kappa * cbar_j, H_sigma): the most station j can ever draw from sigma
    top = np.full(n_sites, float(queue.min_chargers))
    if cols.u_site.size:
        np.maximum.at(top, cols.u_site, cols.u_level.astype(np.float64))
    headroom = np.asarray(grid.headroom_kw, dtype=np.float64) * float(stage.headroom_factor)
    big = np.minimum(float(queue.charger_kw) * top[g_site], headroom[g_sub])
    local = np.arange(n_g)
    b.rows_block(
        f"con_grid_link[{stage.name}]",
        np.concatenate([local, local]),
        np.concatenate([e_cols, g_cols]),
        np.concatenate([np.ones(n_g), -big]),
        -np.inf,
        0.0,
        n_g,
    )
    kw = float(queue.charger_kw)
    u_cols = cols.u_start + np.arange(cols.u_site.size)
    b.rows_block(
        f"con_grid_load[{stage.name}]",
        np.concatenate([g_site, np.arange(n_sites), cols.u_site]),
        np.concatenate([e_cols, xs, u_cols]),
        np.concatenate([np.ones(n_g), -np.full(n_sites, kw * queue.min_chargers), -np.full(u_cols.size, kw)]),
        0.0,
        0.0,
        n_sites,
    )
    n_sub = grid.n_substations
    b.rows_block(
        f"con_substation_headroom[{stage.name}]",
        g_sub,
        e_cols,
        np.ones(n_g),
        -np.inf,
        headroom,
        n_sub,
    )


def add_corridor_coverage(b: ColumnBuilder, cols: StageColumns, stage: Stage, corridors: Corridors) -> None:
    r"""Reward intercity trips an EV can complete with the open stations (flow refuelling).

    Columns :math:`v_q \in [0, 1]` for coverable trips; for every checkpoint row :math:`r` of trip
    :math:`q` (``Corridors.checkpoints``, see :mod:`siting.corridors`):

    .. math::

        v_q \le \sum_{j \in K_r} x_j \qquad \text{(con_trip_checkpoint)}

    and the objective gains :math:`\theta_s \omega \phi_s F_q v_q`.  A trip with no row (it fits in
    the starting charge) is covered by any plan: :math:`v_q = 1`.
    """
    trips = np.flatnonzero(np.asarray(corridors.coverable, dtype=bool)).astype(np.int64)
    flow = np.asarray(corridors.flow, dtype=np.float64)
    gain = float(stage.weight) * float(corridors.weight) * float(stage.demand_factor) * flow[trips]
    cols.v_trip = trips
    cols.v_start = b.columns(
        [f"trip_covered[{stage.name}][{q}]" for q in trips.tolist()], gain, 0.0, 1.0, False
    )
    position = np.full(flow.size, -1, dtype=np.int64)
    position[trips] = np.arange(trips.size)
    rows = canonical_csr(corridors.checkpoints)
    row_trip = np.asarray(corridors.row_trip, dtype=np.int64)
    keep = position[row_trip] >= 0
    rows = rows[np.flatnonzero(keep)]
    row_trip = row_trip[keep]
    counts = np.diff(rows.indptr)
    if np.any(counts == 0):
        raise InfeasibleError("a corridor checkpoint row has no candidate; build it with siting.corridors")
    local = np.arange(row_trip.size)
    xs = cols.x(rows.indices.astype(np.int64))
    b.rows_block(
        f"con_trip_checkpoint[{stage.name}]",
        np.concatenate([local, np.repeat(local, counts)]),
        np.concatenate([cols.v_start + position[row_trip], xs]),
        np.concatenate([np.ones(local.size), -np.ones(xs.size)]),
        -np.inf,
        0.0,
        int(local.size),
    )


def add_county_caps(b: ColumnBuilder, cols: StageColumns, data: ModelData, stage: Stage, part: str) -> None:
    r"""Cap the stations and the piles of each county.

    .. math::

        \sum_{j \in J_c} x_j \le U_{cs} \quad \text{(con_county_max_stations)} \qquad
        \sum_{k \in K_c} n_k \le U'_{cs} \quad \text{(con_county_max_piles)}

    Rows are written only for counties whose cap is below what they could hold.
    """
    if part == "stations":
        county, caps, first, family = (
            data.station_county,
            stage.county_max_stations,
            cols.base["x"],
            "stations",
        )
        room = np.ones(len(county), dtype=np.int64)
    else:
        county, caps, first, family = data.pile_county, stage.county_max_piles, cols.base["n"], "piles"
        room = np.asarray(data.pile_capacity, dtype=np.int64)
    c_of = np.asarray(county, dtype=np.int64)
    caps = np.asarray(caps, dtype=np.int64)
    held = np.bincount(c_of[c_of >= 0], weights=room[c_of >= 0], minlength=caps.size)[: caps.size]
    keys = np.flatnonzero(caps < held)
    member = np.isin(c_of, keys)
    row_of = np.searchsorted(keys, c_of[member])
    b.rows_block(
        f"con_county_max_{family}[{stage.name}]",
        row_of,
        first + np.flatnonzero(member),
        np.ones(int(member.sum())),
        -np.inf,
        caps[keys].astype(np.float64),
        int(keys.size),
        keys,
    )


def add_rural_minimum(
    b: ColumnBuilder, cols: StageColumns, stage: Stage, planning: Planning, part: str
) -> None:
    r"""Put at least :math:`R_s` stations and :math:`R'_s` piles on rural sites (urban/rural balance).

    .. math::

        \sum_{j \in J^{rural}} x_j \ge R_s \quad \text{(con_rural_stations)} \qquad
        \sum_{k \in K^{rural}} n_k \ge R'_s \quad \text{(con_rural_piles)}

    A site is rural when the population density around it is below the scenario's
    ``urban_density_per_km2`` (see ``docs/model.md``).
    """
    if part == "stations":
        need, rural, first, family = (
            stage.rural_min_stations,
            planning.station_rural,
            cols.base["x"],
            "stations",
        )
    else:
        need, rural, first, family = stage.rural_min_piles, planning.pile_rural, cols.base["n"], "piles"
    if need <= 0:
        return
    sites = np.flatnonzero(np.asarray(rural, dtype=bool))
    if sites.size == 0:
        raise InfeasibleError(
            f"at least {need} rural {family} are required but no {family[:-1]} site is rural"
        )
    b.rows_block(
        f"con_rural_{family}[{stage.name}]",
        np.zeros(sites.size, dtype=np.int64),
        first + sites,
        np.ones(sites.size),
        float(need),
        np.inf,
        1,
    )


def add_stage_nesting(
    b: ColumnBuilder, earlier: StageColumns, later: StageColumns, planning: Planning, part: str
) -> None:
    r"""Make each stage's plan a part of the next one: nothing built is removed.

    .. math::

        x^{s}_j \le x^{s+1}_j \quad \text{(con_nest_stations)} \qquad
        n^{s}_k \le n^{s+1}_k \quad \text{(con_nest_piles)}

        C^{s}_j \le C^{s+1}_j \quad \text{(con_nest_chargers)} \qquad
        g^{s}_{j\sigma} \le g^{s+1}_{j\sigma} \quad \text{(con_nest_grid)}
    """
    tag = f"{_stage_tag(b, earlier)}>{_stage_tag(b, later)}"
    if part == "stations":
        a, z = earlier.x(), later.x()
        family = "con_nest_stations"
    else:
        a, z = earlier.n(), later.n()
        family = "con_nest_piles"
    local = np.arange(a.size)
    b.rows_block(
        f"{family}[{tag}]",
        np.concatenate([local, local]),
        np.concatenate([a, z]),
        np.concatenate([np.ones(a.size), -np.ones(a.size)]),
        -np.inf,
        0.0,
        int(a.size),
    )
    if part != "stations":
        return
    cmin = float(planning.queue.min_chargers)
    n_sites = a.size
    r_e = np.concatenate([np.arange(n_sites), earlier.u_site])
    c_e = np.concatenate([a, earlier.u_start + np.arange(earlier.u_site.size)])
    v_e = np.concatenate([np.full(n_sites, cmin), np.ones(earlier.u_site.size)])
    r_l = np.concatenate([np.arange(n_sites), later.u_site])
    c_l = np.concatenate([z, later.u_start + np.arange(later.u_site.size)])
    v_l = -np.concatenate([np.full(n_sites, cmin), np.ones(later.u_site.size)])
    b.rows_block(
        f"con_nest_chargers[{tag}]",
        np.concatenate([r_e, r_l]),
        np.concatenate([c_e, c_l]),
        np.concatenate([v_e, v_l]),
        -np.inf,
        0.0,
        n_sites,
    )
    if planning.grid is not None and earlier.g_site.size:
        n_g = earlier.g_site.size
        local = np.arange(n_g)
        b.rows_block(
            f"con_nest_grid[{tag}]",
            np.concatenate([local, local]),
            np.concatenate([earlier.g_start + local, later.g_start + local]),
            np.concatenate([np.ones(n_g), -np.ones(n_g)]),
            -np.inf,
            0.0,
            n_g,
        )


# ------------------------------------------------------------------------------------- helpers


def _stage_tag(b: ColumnBuilder, cols: StageColumns) -> str:
    """The stage name of a block, read back from its first column name."""
    name = b.names[cols.base["x"]] if cols.base["y"] > cols.base["x"] else b.names[cols.base["n"]]
    return name.split("[")[1].rstrip("]")


def values_of(model: ExtendedModel, values: FloatArray, stage: int) -> dict[str, Any]:
    """Split a column vector into one stage's named arrays (``x``, ``y``, ``z``, ``n``, ``f``, ...)."""
    cols = model.stages[stage]
    b = cols.base
    return {
        "x": values[b["x"] : b["y"]],
        "y": values[b["y"] : b["z"]],
        "z": values[b["z"] : b["n"]],
        "n": values[b["n"] : b["f"]],
        "f": values[b["f"] : b["end"]],
        "u": values[cols.u_start : cols.u_start + cols.u_site.size],
        "h": values[cols.h_start : cols.h_start + cols.h_zone.size],
        "g": values[cols.g_start : cols.g_start + cols.g_site.size],
        "e": values[cols.e_start : cols.e_start + cols.g_site.size],
        "v": values[cols.v_start : cols.v_start + cols.v_trip.size],
    }


def stage_slice_objective(model: ExtendedModel, values: Any, s: int) -> float:
    """Objective of the columns of stage ``s`` (its block runs to the next stage's first column)."""
    start = model.stages[s].base["x"]
    end = model.stages[s + 1].base["x"] if s + 1 < len(model.stages) else model.n_cols
    v = np.asarray(values, dtype=np.float64)
    return float(model.cost[start:end] @ v[start:end])
