"""Hand-checked tests of the planning families (siting.model.extended, siting.solve.staged).

Every instance is small enough that its optimum is derived by hand in the comments.  Unless a test
says otherwise the queue is: sessions of 30 min, a wait of at most 10 min for at least 80 % of the
arrivals, chargers of 100 kW, and the Erlang-C capacities (sessions/h) of ``capacity_table``:

    c chargers:   1        2        3        4
    Lambda_c:     0.51254  1.82978  3.38165  5.04410

``tie_break = 0`` everywhere, so the objective of a stage is exactly
``theta_s * (sum_i phi_s a_i y_i - beta * chargers - gamma * km + omega * phi_s * F * covered)``.
"""

from __future__ import annotations

import functools
import itertools
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import linprog

from siting._errors import InfeasibleError
from siting.model.data import Corridors, Grid, ModelData, Planning, Queue, Solution, Stage
from siting.queueing import capacity_table, chargers_needed
from siting.solve import SolveReport, solve_model

SESSION_MIN, MAX_WAIT_MIN, WAIT_PROBABILITY = 30.0, 10.0, 0.2
TARGET = {"session_min": SESSION_MIN, "max_wait_min": MAX_WAIT_MIN, "wait_probability": WAIT_PROBABILITY}
#: Lambda_1 .. Lambda_6 (index c - 1).
CAP = capacity_table(min_chargers=1, max_chargers=6, **TARGET)
L1, L2, L3, L4 = (float(v) for v in CAP[:4])


# ---------------------------------------------------------------------- helpers


def cover(reach: list[list[int]], n_candidates: int) -> sp.csr_matrix:
    """Zones x candidates drive times: zone ``i`` reaches the candidates ``reach[i]`` (1 minute)."""
    dense = np.zeros((len(reach), n_candidates))
    for i, sites in enumerate(reach):
        dense[i, sites] = 1.0
    return sp.csr_matrix(dense)


def make_data(
    reach: list[list[int]],
    n_candidates: int,
    demand: list[float],
    *,
    county: list[int] | None = None,
    county_names: tuple[str, ...] = (),
    locked: list[int] | None = None,
) -> ModelData:
    """A station-only instance (no terminals, no piles) with ``tie_break = 0``."""
    n_zones = len(reach)
    station_locked = np.zeros(n_candidates, dtype=bool)
    station_locked[locked or []] = True
    return ModelData(
        n_stations=0,
        n_piles=0,
        terminal_quota=0,
        fast_minutes=10.0,
        demand_fast_ev=np.asarray(demand, dtype=np.float64),
        demand_slow_ev=np.zeros(n_zones),
        fast_time_min=cover(reach, n_candidates),
        terminal_dist_m=sp.csr_matrix((0, n_candidates)),
        walk_dist_m=sp.csr_matrix((n_zones, 0)),
        station_county=np.asarray(county if county is not None else [-1] * n_candidates, dtype=np.int64),
        station_locked=station_locked,
        pile_capacity=np.zeros(0, dtype=np.int64),
        pile_county=np.zeros(0, dtype=np.int64),
        evs_per_pile=5.0,
        county_names=list(county_names),
        county_min_stations=np.zeros(len(county_names), dtype=np.int64),
        tie_break=0.0,
    )


def make_queue(
    *, rho: float = 0.01, cmin: int = 1, cmax: int = 4, beta: float = 0.1, kw: float = 100.0
) -> Queue:
    return Queue(
        arrivals_per_ev_h=rho,
        min_chargers=cmin,
        max_chargers=cmax,
        capacity_per_h=capacity_table(min_chargers=cmin, max_chargers=cmax, **TARGET),
        charger_kw=kw,
        charger_weight=beta,
        session_min=SESSION_MIN,
        max_wait_min=MAX_WAIT_MIN,
        wait_probability=WAIT_PROBABILITY,
    )


def make_stage(
    name: str,
    p: int,
    *,
    phi: float = 1.0,
    weight: float = 1.0,
    county_min: list[int] | None = None,
    county_max: list[int] | None = None,
    rural: int = 0,
    headroom_factor: float = 1.0,
    n_counties: int = 0,
) -> Stage:
    """A stage without piles or terminals; county arrays have ``n_counties`` entries (no cap: 99)."""
    zeros = np.zeros(n_counties or len(county_min or county_max or []), dtype=np.int64)
    return Stage(
        name=name,
        n_stations=p,
        n_piles=0,
        demand_factor=phi,
        terminal_quota=0,
        county_min_stations=np.asarray(county_min, dtype=np.int64) if county_min else zeros,
        county_min_piles=zeros,
        county_max_stations=np.asarray(county_max, dtype=np.int64) if county_max else zeros + 99,
        county_max_piles=zeros + 99,
        rural_min_stations=rural,
        weight=weight,
        headroom_factor=headroom_factor,
    )


def make_grid(
    reach: dict[int, list[int]],
    n_candidates: int,
    headroom_kw: list[float],
    *,
    excess_km: dict[tuple[int, int], float] | None = None,
    cost_per_km: float = 0.0,
) -> Grid:
    """Candidate ``j`` may connect to the substations ``reach[j]``; ``excess_km`` marks cost-mode links."""
    n_sub = len(headroom_kw)
    dist = np.zeros((n_candidates, n_sub))
    excess = np.zeros((n_candidates, n_sub))
    for j, subs in reach.items():
        dist[j, subs] = 500.0
    for (j, s), km in (excess_km or {}).items():
        dist[j, s] = 500.0 + 1000.0 * km
        excess[j, s] = km
    return Grid(
        distance_m=sp.csr_matrix(dist),
        excess_km=sp.csr_matrix(excess),
        headroom_kw=np.asarray(headroom_kw, dtype=np.float64),
        cost_per_km=cost_per_km,
    )


def make_corridors(
    trips: list[list[list[int]]],
    n_candidates: int,
    flow: list[float],
    *,
    coverable: list[bool] | None = None,
    weight: float = 1.0,
) -> Corridors:
    """``trips[q]`` is the list of checkpoint rows of trip ``q``, each a list of candidates."""
    rows = [row for trip in trips for row in trip]
    row_trip = [q for q, trip in enumerate(trips) for _ in trip]
    dense = np.zeros((len(rows), n_candidates))
    for r, sites in enumerate(rows):
        dense[r, sites] = 1.0
    return Corridors(
        checkpoints=sp.csr_matrix(dense),
        row_trip=np.asarray(row_trip, dtype=np.int64),
        flow=np.asarray(flow, dtype=np.float64),
        coverable=np.asarray(coverable if coverable is not None else [True] * len(trips), dtype=bool),
        weight=weight,
    )


def solve(data: ModelData, planning: Planning) -> tuple[Solution, SolveReport]:
    """Solve to optimality and check the report and the stage bookkeeping of every solve."""
    data.planning = planning
    data.n_stations = planning.stages[0].n_stations
    solution, report = solve_model(data, time_limit_s=20, mip_rel_gap=1e-6)
    assert report.status == "optimal"
    assert 0.0 <= report.gap <= 1e-6
    assert report.best_bound >= report.objective - 1e-6
    assert len(solution.stages) == len(planning.stages)
    assert [s.name for s in solution.stages] == [s.name for s in planning.stages]
    assert report.objective == pytest.approx(solution.objective, abs=1e-6)
    assert sum(s.objective for s in solution.stages) == pytest.approx(solution.objective, abs=1e-6)
    for stage, plan in zip(planning.stages, solution.stages, strict=True):
        assert int(plan.open_station.sum()) == stage.n_stations
        assert np.all(plan.chargers[~plan.open_station] == 0)
        assert np.all(plan.chargers[plan.open_station] >= planning.queue.min_chargers)
        assert np.all(plan.chargers <= planning.queue.max_chargers)
        # each stage's objective, recomputed from what the plan reports (tie_break = 0, no piles)
        assert plan.objective == pytest.approx(stage_value(data, planning, stage, plan), abs=1e-6)
    # the first stage fills the usual Solution fields
    np.testing.assert_array_equal(solution.open_station, solution.stages[0].open_station)
    return solution, report


def stage_value(data: ModelData, planning: Planning, stage: Stage, plan: Any) -> float:
    """theta * (served EVs - beta * chargers - gamma * km beyond reach + omega * phi * covered flow)."""
    value = served_ev(plan, data.demand_fast_ev, stage.demand_factor)
    value -= planning.queue.charger_weight * float(plan.chargers.sum())
    if planning.grid is not None:
        excess = planning.grid.excess_km.toarray()
        sites = np.flatnonzero(plan.open_station)
        value -= planning.grid.cost_per_km * float(excess[sites, plan.substation[sites]].sum())
    if planning.corridors is not None:
        flow = planning.corridors.flow[plan.trip_covered].sum()
        value += planning.corridors.weight * stage.demand_factor * float(flow)
    return stage.weight * value


def served_ev(plan: Any, demand: Any, phi: float = 1.0) -> float:
    """EVs served within the wait target in a stage (zone demand x phi x served share)."""
    return float(phi * np.dot(plan.fast_served_share, np.asarray(demand, dtype=np.float64)))


def opened(plan: Any) -> list[int]:
    return np.flatnonzero(plan.open_station).tolist()


def test_capacity_table_is_the_one_the_comments_use() -> None:
    assert CAP[:4] == pytest.approx([0.51254, 1.82978, 3.38165, 5.04410], abs=1e-5)
    assert np.all(np.diff(CAP) > 0)


# ---------------------------------------------------------------------- the brief's example


def test_example_two_stages() -> None:
    # zones 0..3 (100, 100, 100, 50 EVs) reach {0}, {0,1}, {1}, {2}; rho = 0.01 -> lambda = 1, 1, 1, 0.5.
    # 2025 (p = 2): {0,1} covers 300 EVs, load 3.0 split over two stations; zone 0 (1.0) must be served at
    #   0 and zone 2 (1.0) at 1, so each needs >= 2 chargers (Lambda_1 = 0.51 < 1); 2 + 2 = 3.66 >= 3.
    #   300 - 0.1 * 4 = 299.6.  ({1,2}: 250 - ... < 299.6.)
    # 2030 (p = 3, phi = 2): lambda = 2, 2, 2, 1; zone 3 alone at 2 needs 2 chargers (Lambda_1 < 1 <=
    #   Lambda_2); zones 0..2 carry 6.0 over stations 0 and 1, each with zone load 2 > Lambda_2, so both need
    #   3 (3.38 + 3.38 = 6.76 >= 6; 3 + 2 chargers = 5.21 < 6).  700 - 0.1 * 8 = 699.2.
    data = make_data([[0], [0, 1], [1], [2]], 3, [100, 100, 100, 50])
    planning = Planning(stages=[make_stage("2025", 2), make_stage("2030", 3, phi=2.0)], queue=make_queue())
    solution, report = solve(data, planning)
    first, later = solution.stages
    assert opened(first) == [0, 1]
    assert first.chargers.tolist() == [2, 2, 0]
    assert first.objective == pytest.approx(299.6, abs=1e-6)
    assert opened(later) == [0, 1, 2]
    assert later.chargers.tolist() == [3, 3, 2]
    assert later.objective == pytest.approx(699.2, abs=1e-6)
    assert report.objective == pytest.approx(998.8, abs=1e-6)
    assert first.fast_served_share.tolist() == pytest.approx([1, 1, 1, 0])
    assert later.fast_served_share.tolist() == pytest.approx([1, 1, 1, 1])
    # station load = lambda of the sessions it serves (2025: 3.0 in all, 2030: 7.0 in all)
    assert first.station_load_per_h.sum() == pytest.approx(3.0, abs=1e-6)
    assert later.station_load_per_h.sum() == pytest.approx(7.0, abs=1e-6)
    assert later.station_load_per_h[2] == pytest.approx(1.0, abs=1e-6)
    # no grid, no corridors
    assert first.substation.tolist() == [-1, -1, -1]
    assert first.substation_load_kw.size == 0
    assert first.trip_covered.size == 0


# ---------------------------------------------------------------------- 1. charger sizing


@pytest.mark.parametrize(
    ("demand", "expected"),
    [
        # lambda = 0.01 * a; the size is the smallest c with lambda <= Lambda_c
        ((30.0, 20.0), 1),  # 0.5 <= 0.51254
        ((60.0, 40.0), 2),  # 1.0 in (0.51254, 1.82978]
        ((120.0, 180.0), 3),  # 3.0 in (1.82978, 3.38165]
        ((250.0, 250.0), 4),  # 5.0 in (3.38165, 5.04410]
    ],
)
def test_station_gets_exactly_the_chargers_its_zones_need(demand: tuple[float, float], expected: int) -> None:
    # one candidate, two zones reaching only it (merged into one zone by the model); the whole load must
    # be served (each charger costs 0.1 EV, a lost session costs 100 EVs/session), so C = chargers_needed.
    data = make_data([[0], [0]], 1, list(demand))
    planning = Planning(stages=[make_stage("2025", 1)], queue=make_queue())
    solution, report = solve(data, planning)
    plan = solution.stages[0]
    load = 0.01 * sum(demand)
    assert chargers_needed(load, min_chargers=1, max_chargers=4, **TARGET) == expected
    assert plan.chargers.tolist() == [expected]
    assert plan.fast_served_share.tolist() == pytest.approx([1.0, 1.0])
    assert plan.station_load_per_h[0] == pytest.approx(load, abs=1e-6)
    assert report.objective == pytest.approx(sum(demand) - 0.1 * expected, abs=1e-6)


def test_load_exactly_at_a_capacity_needs_no_extra_charger() -> None:
    # rho = 0.5 and a = 2 * Lambda_2, so lambda = Lambda_2 exactly (powers of two): 2 chargers, all served.
    data = make_data([[0]], 1, [2 * L2])
    planning = Planning(stages=[make_stage("2025", 1)], queue=make_queue(rho=0.5, beta=0.01))
    solution, report = solve(data, planning)
    assert chargers_needed(L2, min_chargers=1, max_chargers=4, **TARGET) == 2
    assert solution.stages[0].chargers.tolist() == [2]
    assert solution.stages[0].fast_served_share[0] == pytest.approx(1.0, abs=1e-7)
    assert report.objective == pytest.approx(2 * L2 - 0.02, abs=1e-6)


def test_capacity_binding_gives_a_fractional_served_share() -> None:
    # one zone of 300 EVs (lambda = 3.0) at one candidate, at most 2 chargers: capacity Lambda_2 = 1.82978,
    # so the served share is Lambda_2 / 3 = 0.60993 and the objective 300 * 0.60993 - 0.2 = 182.778.
    data = make_data([[0]], 1, [300.0])
    planning = Planning(stages=[make_stage("2025", 1)], queue=make_queue(cmax=2))
    solution, report = solve(data, planning)
    plan = solution.stages[0]
    assert plan.chargers.tolist() == [2]
    assert plan.fast_served_share[0] == pytest.approx(L2 / 3.0, abs=1e-7)
    assert plan.station_load_per_h[0] == pytest.approx(L2, abs=1e-6)
    assert report.objective == pytest.approx(100 * L2 - 0.2, abs=1e-6)
    assert report.objective == pytest.approx(182.778, abs=1e-3)
    # raising max_chargers to 4: 3 chargers serve 3.0 <= Lambda_3; 300 - 0.3 = 299.7
    data = make_data([[0]], 1, [300.0])
    solution, report = solve(data, Planning(stages=[make_stage("2025", 1)], queue=make_queue(cmax=4)))
    assert solution.stages[0].chargers.tolist() == [3]
    assert solution.stages[0].fast_served_share[0] == pytest.approx(1.0)
    assert report.objective == pytest.approx(299.7, abs=1e-6)


def test_capacity_split_between_two_stations() -> None:
    # zone 0 (400 EVs, lambda 4.0) reaches A and B, max 2 chargers each: 2 * Lambda_2 = 3.65956 sessions/h
    # are served, share 3.65956 / 4 = 0.91489, objective 365.956 - 0.4.
    data = make_data([[0, 1]], 2, [400.0])
    planning = Planning(stages=[make_stage("2025", 2)], queue=make_queue(cmax=2))
    solution, report = solve(data, planning)
    plan = solution.stages[0]
    assert plan.chargers.tolist() == [2, 2]
    assert plan.station_load_per_h.tolist() == pytest.approx([L2, L2], abs=1e-6)
    assert plan.fast_served_share[0] == pytest.approx(2 * L2 / 4.0, abs=1e-7)
    assert report.objective == pytest.approx(200 * L2 - 0.4, abs=1e-6)


@pytest.mark.parametrize(("demand", "share"), [(50.0, 1.0), (400.0, L3 / 4.0)])
def test_min_chargers_equal_max_chargers_fixes_the_size(demand: float, share: float) -> None:
    # min = max = 3: every open station has 3 chargers.  lambda = 0.5 needs 1 but gets 3 (50 - 0.3 = 49.7);
    # lambda = 4.0 > Lambda_3 is served to Lambda_3 / 4 (100 * 3.38165 - 0.3).
    data = make_data([[0], [1]], 2, [demand, 1.0])
    queue = make_queue(cmin=3, cmax=3)
    assert queue.capacity_per_h.tolist() == pytest.approx([L3])
    solution, report = solve(data, Planning(stages=[make_stage("2025", 1)], queue=queue))
    plan = solution.stages[0]
    assert opened(plan) == [0]
    assert plan.chargers.tolist() == [3, 0]
    assert plan.fast_served_share[0] == pytest.approx(share, abs=1e-7)
    assert report.objective == pytest.approx(demand * share - 0.3, abs=1e-6)


@pytest.mark.parametrize("side", [-1, 1])
def test_charger_weight_break_even(side: int) -> None:
    # one zone of 200 EVs (lambda 2.0) at one candidate.  Value with c chargers = min(1, Lambda_c / 2) * 200
    # - beta * c:  c = 1: 51.254 - beta, c = 2: 182.978 - 2 beta, c = 3: 200 - 3 beta.
    # The third charger pays while beta < 200 - 100 * Lambda_2 = 17.022 (the second while beta < 131.72).
    break_even = 200.0 - 100.0 * L2
    assert break_even == pytest.approx(17.022, abs=1e-3)
    beta = break_even * (1 - side * 0.01)  # side -1: just above (2 chargers), +1: just below (3 chargers)
    data = make_data([[0]], 1, [200.0])
    solution, report = solve(data, Planning(stages=[make_stage("2025", 1)], queue=make_queue(beta=beta)))
    plan = solution.stages[0]
    if side > 0:
        assert plan.chargers.tolist() == [3]
        assert plan.fast_served_share[0] == pytest.approx(1.0)
        assert report.objective == pytest.approx(200.0 - 3 * beta, abs=1e-6)
    else:
        assert plan.chargers.tolist() == [2]
        assert plan.fast_served_share[0] == pytest.approx(L2 / 2.0, abs=1e-7)
        assert report.objective == pytest.approx(100.0 * L2 - 2 * beta, abs=1e-6)


def test_stage_weight_scales_the_charger_cost() -> None:
    # As above with beta = 10 (< 17.022: 3 chargers at weight 1).  theta = 2 doubles every term, so the
    # choice is unchanged and the objective is 2 * (200 - 30) = 340.
    data = make_data([[0]], 1, [200.0])
    planning = Planning(stages=[make_stage("2025", 1, weight=2.0)], queue=make_queue(beta=10.0))
    solution, report = solve(data, planning)
    assert solution.stages[0].chargers.tolist() == [3]
    assert report.objective == pytest.approx(340.0, abs=1e-6)


# ---------------------------------------------------------------------- 2. grid headroom

# Three candidates A, B, C = 0, 1, 2 with their own zone each: 300, 100, 50 EVs (lambda 3.0, 1.0, 0.5).
GRID_REACH = [[0], [1], [2]]
GRID_DEMAND = [300.0, 100.0, 50.0]


def test_headroom_lets_only_one_of_two_stations_share_a_substation() -> None:
    # min_chargers 2 (200 kW a station).  Substation 0 (350 kW) reaches A and B, substation 1 (300 kW) only C.
    # Without the grid, p = 2 opens A (3 chargers) and B (2): 400 - 0.5 = 399.5.
    # A + B on substation 0 need 300 + 200 = 500 kW > 350 (even 200 + 200 > 350 with A cut to 2 chargers):
    # so A (3 chargers, 300 kW on 0) + C (2, 200 kW on 1): 350 - 0.5 = 349.5 (B + C: 150 - 0.4).
    queue = make_queue(cmin=2)
    data = make_data(GRID_REACH, 3, GRID_DEMAND)
    _, free = solve(data, Planning(stages=[make_stage("2025", 2)], queue=queue))
    assert free.objective == pytest.approx(399.5, abs=1e-6)
    grid = make_grid({0: [0], 1: [0], 2: [1]}, 3, [350.0, 300.0])
    data = make_data(GRID_REACH, 3, GRID_DEMAND)
    solution, report = solve(data, Planning(stages=[make_stage("2025", 2)], queue=queue, grid=grid))
    plan = solution.stages[0]
    assert opened(plan) == [0, 2]
    assert plan.chargers.tolist() == [3, 0, 2]
    assert plan.substation.tolist() == [0, -1, 1]
    # substation load = 100 kW x chargers of the stations linked to it
    assert plan.substation_load_kw.tolist() == pytest.approx([300.0, 200.0])
    assert report.objective == pytest.approx(349.5, abs=1e-6)


def test_headroom_caps_the_chargers() -> None:
    # A alone (p = 1) on a 250 kW substation: 2 chargers at most, share Lambda_2 / 3;
    # 300 * 0.60993 - 0.2 = 182.778 (B: 100 - 0.2 = 99.8 is worse).
    grid = make_grid({0: [0], 1: [0], 2: [0]}, 3, [250.0])
    data = make_data(GRID_REACH, 3, GRID_DEMAND)
    solution, report = solve(data, Planning(stages=[make_stage("2025", 1)], queue=make_queue(), grid=grid))
    plan = solution.stages[0]
    assert opened(plan) == [0]
    assert plan.chargers.tolist() == [2, 0, 0]
    assert plan.substation_load_kw.tolist() == pytest.approx([200.0])
    assert plan.fast_served_share[0] == pytest.approx(L2 / 3.0, abs=1e-7)
    assert served_ev(plan, GRID_DEMAND) == pytest.approx(100 * L2, abs=1e-6)
    assert report.objective == pytest.approx(100 * L2 - 0.2, abs=1e-6)


def test_require_mode_candidate_without_substation_never_opens() -> None:
    # A (the best site, 300 EVs) has no substation in reach: p = 1 opens B with 2 chargers: 100 - 0.2.
    grid = make_grid({1: [0], 2: [0]}, 3, [1000.0])
    data = make_data(GRID_REACH, 3, GRID_DEMAND)
    solution, report = solve(data, Planning(stages=[make_stage("2025", 1)], queue=make_queue(), grid=grid))
    plan = solution.stages[0]
    assert opened(plan) == [1]
    assert plan.chargers.tolist() == [0, 2, 0]
    assert plan.substation.tolist() == [-1, 0, -1]
    assert plan.substation_load_kw.tolist() == pytest.approx([200.0])
    assert report.objective == pytest.approx(99.8, abs=1e-6)


@pytest.mark.parametrize(("gamma", "site"), [(0.0, 0), (10.0, 0), (39.0, 0), (41.0, 1)])
def test_cost_mode_lets_a_far_candidate_open_at_a_price(gamma: float, site: int) -> None:
    # As above, but A may connect to substation 0 with 5 km of line beyond reach at gamma per km.
    # A: 300 - 0.3 - 5 gamma, B: 99.8.  A wins while gamma < (299.7 - 99.8) / 5 = 39.98.
    grid = make_grid({1: [0], 2: [0]}, 3, [1000.0], excess_km={(0, 0): 5.0}, cost_per_km=gamma)
    data = make_data(GRID_REACH, 3, GRID_DEMAND)
    solution, report = solve(data, Planning(stages=[make_stage("2025", 1)], queue=make_queue(), grid=grid))
    plan = solution.stages[0]
    assert opened(plan) == [site]
    assert plan.substation[site] == 0
    if site == 0:
        assert plan.chargers.tolist() == [3, 0, 0]
        assert plan.substation_load_kw.tolist() == pytest.approx([300.0])
        assert report.objective == pytest.approx(299.7 - 5.0 * gamma, abs=1e-6)
    else:
        assert report.objective == pytest.approx(99.8, abs=1e-6)


def test_grid_cost_is_paid_in_every_stage_by_its_weight() -> None:
    # Two stages with A alone, weights 1 and 3, gamma = 2, 5 km: each stage pays theta * 10, so the total is
    # (299.7 - 10) + 3 * (299.7 - 10) = 1158.8.
    grid = make_grid({1: [0], 2: [0]}, 3, [1000.0], excess_km={(0, 0): 5.0}, cost_per_km=2.0)
    data = make_data(GRID_REACH, 3, GRID_DEMAND)
    stages = [make_stage("2025", 1), make_stage("2030", 1, weight=3.0)]
    solution, report = solve(data, Planning(stages=stages, queue=make_queue(), grid=grid))
    assert [opened(s) for s in solution.stages] == [[0], [0]]
    assert [s.objective for s in solution.stages] == pytest.approx([289.7, 869.1], abs=1e-6)
    assert report.objective == pytest.approx(1158.8, abs=1e-6)


def test_headroom_shortfall_is_infeasible_and_names_the_kw() -> None:
    # 3 stations x 2 chargers x 100 kW = 600 kW against 250 + 250 = 500 kW of headroom: short by 100 kW.
    grid = make_grid({0: [0], 1: [0, 1], 2: [1]}, 3, [250.0, 250.0])
    data = make_data(GRID_REACH, 3, GRID_DEMAND)
    planning = Planning(stages=[make_stage("2025", 3)], queue=make_queue(cmin=2), grid=grid)
    with pytest.raises(InfeasibleError) as info:
        solve(data, planning)
    message = str(info.value)
    assert "need 600 kW" in message
    assert "500 kW of headroom" in message
    assert "short by 100 kW" in message
    assert "stage 2025" in message


def test_locked_site_without_substation_is_infeasible() -> None:
    grid = make_grid({1: [0], 2: [0]}, 3, [1000.0])
    data = make_data(GRID_REACH, 3, GRID_DEMAND, locked=[0])
    with pytest.raises(InfeasibleError, match="locked site 0 has no substation within reach"):
        solve(data, Planning(stages=[make_stage("2025", 1)], queue=make_queue(), grid=grid))


def test_too_few_candidates_in_grid_reach_is_infeasible() -> None:
    # 3 stations, only B and C can connect: short by 1
    grid = make_grid({1: [0], 2: [0]}, 3, [1000.0])
    data = make_data(GRID_REACH, 3, GRID_DEMAND)
    with pytest.raises(InfeasibleError) as info:
        solve(data, Planning(stages=[make_stage("2025", 3)], queue=make_queue(), grid=grid))
    assert (
        "3 stations but only 2 candidates lie within max_grid_distance_m of a substation (short by 1)"
        in str(info.value)
    )


def test_headroom_per_substation_conflict_is_infeasible() -> None:
    # In all 450 kW >= 2 x 200 kW, but A and B reach only the 150 kW substation: only C can connect, p = 2
    # cannot be met.  No single pre-check catches it; HiGHS proves it, and the elastic model (headroom rows
    # with slack) finds the cheapest repair: C on substation 1 and A or B on substation 0, 200 - 150 = 50 kW
    # over its headroom.
    grid = make_grid({0: [0], 1: [0], 2: [1]}, 3, [150.0, 300.0])
    data = make_data(GRID_REACH, 3, GRID_DEMAND)
    with pytest.raises(InfeasibleError) as info:
        solve(data, Planning(stages=[make_stage("2025", 2)], queue=make_queue(cmin=2), grid=grid))
    assert str(info.value) == (
        "stage 2025: the headroom of substation #0 cannot be met together with the other requirements: "
        "short by 50.0 kW; raise its headroom (substation_headroom_kw) or add a substation"
    )


def test_headroom_factor_of_a_later_stage() -> None:
    # Headroom 250 kW; 2025 (eta 1): A with 2 chargers (182.778, see test_headroom_caps_the_chargers);
    # 2030 (eta 2, 500 kW): A grows to 3 chargers (299.7); total 482.478.
    grid = make_grid({0: [0], 1: [0], 2: [0]}, 3, [250.0])
    data = make_data(GRID_REACH, 3, GRID_DEMAND)
    stages = [make_stage("2025", 1), make_stage("2030", 1, headroom_factor=2.0)]
    solution, report = solve(data, Planning(stages=stages, queue=make_queue(), grid=grid))
    first, later = solution.stages
    assert first.chargers.tolist() == [2, 0, 0]
    assert later.chargers.tolist() == [3, 0, 0]
    assert later.substation_load_kw.tolist() == pytest.approx([300.0])
    assert report.objective == pytest.approx(100 * L2 - 0.2 + 299.7, abs=1e-6)


# ---------------------------------------------------------------------- 3. counties, rural

# Candidates A, B (county East = 0) and C (county West = 1), own zones of 300, 200, 100 EVs:
# A: lambda 3.0 -> 3 chargers, B: 2.0 -> 3 (Lambda_2 < 2), C: 1.0 -> 2.
COUNTY_DEMAND = [300.0, 200.0, 100.0]


def county_data() -> ModelData:
    return make_data([[0], [1], [2]], 3, COUNTY_DEMAND, county=[0, 0, 1], county_names=("East", "West"))


def test_county_cap_moves_a_station_to_the_other_county() -> None:
    # No cap: A + B = 500 - 0.6 = 499.4.  East capped at 1: A + C = 400 - 0.5 = 399.5; difference 99.9.
    _, free = solve(county_data(), Planning(stages=[make_stage("2025", 2, n_counties=2)], queue=make_queue()))
    assert free.objective == pytest.approx(499.4, abs=1e-6)
    stage = make_stage("2025", 2, county_min=[0, 0], county_max=[1, 2])
    solution, capped = solve(county_data(), Planning(stages=[stage], queue=make_queue()))
    assert opened(solution.stages[0]) == [0, 2]
    assert solution.stages[0].chargers.tolist() == [3, 0, 2]
    assert capped.objective == pytest.approx(399.5, abs=1e-6)
    assert free.objective - capped.objective == pytest.approx(99.9, abs=1e-6)


def test_rural_minimum_forces_a_rural_site() -> None:
    # C is the only rural site; one rural station required: A + C = 399.5 (as under the cap).
    planning = Planning(
        stages=[make_stage("2025", 2, rural=1, n_counties=2)],
        queue=make_queue(),
        station_rural=np.array([False, False, True]),
    )
    solution, report = solve(county_data(), planning)
    assert opened(solution.stages[0]) == [0, 2]
    assert report.objective == pytest.approx(399.5, abs=1e-6)


def test_rural_minimum_of_two_with_two_rural_sites() -> None:
    # B and C rural, two rural stations: B + C = 300 - 0.5 = 299.5.
    planning = Planning(
        stages=[make_stage("2025", 2, rural=2, n_counties=2)],
        queue=make_queue(),
        station_rural=np.array([False, True, True]),
    )
    solution, report = solve(county_data(), planning)
    assert opened(solution.stages[0]) == [1, 2]
    assert report.objective == pytest.approx(299.5, abs=1e-6)


def test_county_minimum_above_cap_is_infeasible() -> None:
    # East has 4 candidates, needs at least 3 stations but may have at most 1: short by 2.
    data = make_data(
        [[0], [1], [2], [3], [4]], 5, [10.0] * 5, county=[0, 0, 0, 0, 1], county_names=("East", "West")
    )
    planning = Planning(
        stages=[make_stage("2025", 3, county_min=[3, 0], county_max=[1, 3])], queue=make_queue()
    )
    with pytest.raises(InfeasibleError) as info:
        solve(data, planning)
    message = str(info.value)
    assert "county East needs at least 3 stations but may have at most 1 (short by 2)" in message
    assert "stage 2025" in message


def test_county_caps_below_the_station_count_are_infeasible() -> None:
    # caps 1 + 1 (and no site outside the counties) for 3 stations: 1 short.
    planning = Planning(
        stages=[make_stage("2025", 3, county_min=[0, 0], county_max=[1, 1])], queue=make_queue()
    )
    with pytest.raises(InfeasibleError) as info:
        solve(county_data(), planning)
    assert "the county caps allow 2 stations in all, 1 short of the 3 to place" in str(info.value)


def test_rural_minimum_above_rural_sites_is_infeasible() -> None:
    # one rural site, 3 rural stations required: short by 2
    planning = Planning(
        stages=[make_stage("2025", 3, rural=3, n_counties=2)],
        queue=make_queue(),
        station_rural=np.array([False, False, True]),
    )
    with pytest.raises(InfeasibleError) as info:
        solve(county_data(), planning)
    message = str(info.value)
    assert "at least 3 stations must be rural but rural sites hold only 1 (short by 2)" in message


# ---------------------------------------------------------------------- 4. phased rollout

# Candidates A, B, C = 0, 1, 2; zones z0..z3 of 60, 100, 100, 50 EVs: A reaches z1, z2; B z0, z1; C z2, z3.
# rho = 0.0005 keeps every station load below Lambda_1 (at most 2 zones x 100 x phi 2 x 0.0005 = 0.2), so
# every station has 1 charger (beta 0.1).  Covered EVs: A 200, B 160, C 150; {B,C} 310, {A,B} 260,
# {A,C} 250, {A,B,C} 310.
PHASE_REACH = [[1], [0, 1], [0, 2], [2]]  # zone -> candidates
PHASE_DEMAND = [60.0, 100.0, 100.0, 50.0]


def phase_value(first: set[int], later: set[int], w1: float) -> float:
    """Objective of a nested pair: stage 2025 (phi 1, weight w1) and 2030 (phi 2, weight 1)."""
    reach = [set(r) for r in PHASE_REACH]

    def covered(sites: set[int]) -> float:
        return sum(a for a, r in zip(PHASE_DEMAND, reach, strict=True) if r & sites)

    return w1 * (covered(first) - 0.1 * len(first)) + (2 * covered(later) - 0.1 * len(later))


@pytest.mark.parametrize(
    ("w1", "first", "later", "value"), [(1.0, [1], [1, 2], 779.7), (5.0, [0], [0, 1], 1519.3)]
)
def test_nested_plans_against_all_nested_pairs(
    w1: float, first: list[int], later: list[int], value: float
) -> None:
    # 2025 alone: A (199.9); 2030 alone (phi 2): {B,C} (619.8), which does not contain A.
    # Nested pairs (2025 site, 2030 pair containing it):
    #   w1 = 1: (A,{A,B}) 199.9 + 519.8 = 719.7, (B,{B,C}) 159.9 + 619.8 = 779.7 <- best, (C,{B,C}) 769.7
    #   w1 = 5: (A,{A,B}) 999.5 + 519.8 = 1519.3 <- best, (B,{B,C}) 799.5 + 619.8 = 1419.3
    # The brute force below enumerates every nested pair with the same formula.
    pairs = [({j}, set(pair)) for j in range(3) for pair in itertools.combinations(range(3), 2) if j in pair]
    best = max(pairs, key=lambda fl: phase_value(*fl, w1))
    assert sorted(best[0]) == first
    assert sorted(best[1]) == later
    assert phase_value(*best, w1) == pytest.approx(value, abs=1e-9)
    data = make_data(PHASE_REACH, 3, PHASE_DEMAND)
    stages = [make_stage("2025", 1, weight=w1), make_stage("2030", 2, phi=2.0)]
    solution, report = solve(data, Planning(stages=stages, queue=make_queue(rho=0.0005)))
    assert opened(solution.stages[0]) == first
    assert opened(solution.stages[1]) == later
    assert set(first) <= set(later)
    assert solution.stages[0].chargers.tolist() == [int(j in first) for j in range(3)]
    assert report.objective == pytest.approx(value, abs=1e-6)
    # the single-stage optima differ from the nested ones
    _, alone = solve(
        make_data(PHASE_REACH, 3, PHASE_DEMAND), Planning(stages=[stages[1]], queue=make_queue(rho=0.0005))
    )
    assert alone.objective == pytest.approx(619.8, abs=1e-6)


def test_chargers_never_fall_between_stages() -> None:
    # A reaches z0, z1; B reaches z1, z2; z0 100, z1 100, z2 60 EVs (lambda 1.0, 1.0, 0.6); p = 1 then 2.
    # 2025: A with 3 chargers serves 2.0 (<= Lambda_3): 199.7 (A with 2: 182.978 - 0.2; B: 160 - 0.2).
    # 2030 alone: A 2 + B 2 (3.66 >= 2.6; B needs 2 for z2's 0.6 > Lambda_1): 260 - 0.4 = 259.6.
    # Nested, A keeps 3 chargers: A 3 + B 2 = 260 - 0.5 = 259.5; total 459.2.  Alternatives:
    # A 2 in 2025 (182.778) + 259.6 = 442.378; B first (159.8) + 259.6 = 419.4.
    data = make_data([[0], [0, 1], [1]], 2, [100.0, 100.0, 60.0])
    stages = [make_stage("2025", 1), make_stage("2030", 2)]
    solution, report = solve(data, Planning(stages=stages, queue=make_queue()))
    first, later = solution.stages
    assert first.chargers.tolist() == [3, 0]
    assert later.chargers.tolist() == [3, 2]
    assert np.all(later.chargers >= first.chargers)
    assert first.objective == pytest.approx(199.7, abs=1e-6)
    assert later.objective == pytest.approx(259.5, abs=1e-6)
    assert report.objective == pytest.approx(459.2, abs=1e-6)
    _, alone = solve(
        make_data([[0], [0, 1], [1]], 2, [100.0, 100.0, 60.0]),
        Planning(stages=[stages[1]], queue=make_queue()),
    )
    assert alone.objective == pytest.approx(259.6, abs=1e-6)


def test_substation_links_persist_between_stages() -> None:
    # A (zone 110 EVs, lambda 1.1 -> 2 chargers) may link to substation 0 (free) or 1 (2 km beyond reach,
    # gamma 1); B (zone 100 EVs -> 2 chargers) only to 0.  Headroom 300 kW each; p = 1 then 2.
    # In 2030 A and B (200 kW each) cannot both use substation 0, so A must be on 1 in 2030 and, links
    # persisting, in 2025 as well:  (110 - 0.2 - 2) + (210 - 0.4 - 2) = 107.8 + 207.6 = 315.4.
    # (B first: 99.8 + 207.6 = 307.4.  If A could move it would be 109.8 + 207.6 = 317.4.)
    grid = make_grid({0: [0], 1: [0]}, 2, [300.0, 300.0], excess_km={(0, 1): 2.0}, cost_per_km=1.0)
    data = make_data([[0], [1]], 2, [110.0, 100.0])
    stages = [make_stage("2025", 1), make_stage("2030", 2)]
    solution, report = solve(data, Planning(stages=stages, queue=make_queue(), grid=grid))
    first, later = solution.stages
    assert opened(first) == [0]
    assert first.substation.tolist() == [1, -1]
    assert later.substation.tolist() == [1, 0]
    assert first.substation_load_kw.tolist() == pytest.approx([0.0, 200.0])
    assert later.substation_load_kw.tolist() == pytest.approx([200.0, 200.0])
    assert report.objective == pytest.approx(315.4, abs=1e-6)


def test_shrinking_stage_target_is_infeasible() -> None:
    data = make_data(PHASE_REACH, 3, PHASE_DEMAND)
    stages = [make_stage("2025", 3), make_stage("2030", 1)]
    with pytest.raises(InfeasibleError) as info:
        solve(data, Planning(stages=stages, queue=make_queue()))
    message = str(info.value)
    assert "stage 2030 plans 1 stations, 2 fewer than stage 2025 (3)" in message


def test_later_stage_with_lower_demand_keeps_the_earlier_chargers() -> None:
    # One zone of 300 EVs at A.  2025 phi 1: lambda 3.0 -> 3 chargers, 299.7.  2030 phi 0.5: lambda 1.5,
    # 2 chargers would do but chargers cannot fall: 3 chargers, 150 - 0.3 = 149.7.  Total 449.4
    # (2 chargers in both: 182.778 + 149.8 = 332.578).  max_chargers = 4 allows 3 in both stages.
    data = make_data([[0]], 1, [300.0])
    stages = [make_stage("2025", 1), make_stage("2030", 1, phi=0.5)]
    solution, report = solve(data, Planning(stages=stages, queue=make_queue()))
    assert [s.chargers.tolist() for s in solution.stages] == [[3], [3]]
    assert report.objective == pytest.approx(449.4, abs=1e-6)


# ---------------------------------------------------------------------- 5. corridors

# Candidates A, B, C, D = 0..3, each with its own zone.
CORRIDOR_REACH = [[0], [1], [2], [3]]


@pytest.mark.parametrize(
    ("sites", "covered"),
    [([0, 2], True), ([1, 2], True), ([0, 1, 2], True), ([0, 1], False), ([2, 3], False), ([3], False)],
)
def test_trip_is_covered_only_when_every_checkpoint_row_has_an_open_station(
    sites: list[int], covered: bool
) -> None:
    # trip 0: rows {A, B} and {C}; the stations are locked open (p = number locked), demand 10 EVs each
    # (1 charger: lambda 0.1).  Objective = 10 per station - 0.1 per station + 40 * 0.5 if covered.
    corridors = make_corridors([[[0, 1], [2]]], 4, [40.0], weight=0.5)
    data = make_data(CORRIDOR_REACH, 4, [10.0] * 4, locked=sites)
    stage = make_stage("2025", len(sites))
    solution, report = solve(data, Planning(stages=[stage], queue=make_queue(), corridors=corridors))
    plan = solution.stages[0]
    assert opened(plan) == sites
    assert plan.trip_covered.tolist() == [covered]
    assert report.objective == pytest.approx(9.9 * len(sites) + (20.0 if covered else 0.0), abs=1e-6)


@pytest.mark.parametrize(("omega", "site"), [(0.59, 0), (0.61, 2)])
def test_flow_weight_break_even(omega: float, site: int) -> None:
    # p = 1; A's zone 100 EVs, C's 40 EVs (rho 0.001: 1 charger each); one trip of 100 EVs/day whose only
    # checkpoint row is {C}.  A: 100 - 0.1; C: 40 + 100 omega - 0.1.  C wins when 100 omega > 60.
    # With phi = 2 both sides double (zone demand and trip flow), the break-even stays at omega = 0.6.
    corridors = make_corridors([[[2]]], 4, [100.0], weight=omega)
    for phi in (1.0, 2.0):
        data = make_data(CORRIDOR_REACH, 4, [100.0, 10.0, 40.0, 10.0])
        planning = Planning(
            stages=[make_stage("2025", 1, phi=phi)], queue=make_queue(rho=0.001), corridors=corridors
        )
        solution, report = solve(data, planning)
        plan = solution.stages[0]
        assert opened(plan) == [site]
        assert plan.trip_covered.tolist() == [site == 2]
        value = 100.0 * phi if site == 0 else phi * (40.0 + 100.0 * omega)
        assert report.objective == pytest.approx(value - 0.1, abs=1e-6)


def test_uncoverable_trip_never_counts_and_a_trip_without_rows_always_does() -> None:
    # trip 0 is marked uncoverable although its only row {A} is open: no gain, not covered.
    # trip 1 has no checkpoint row (fits in the starting charge): covered by any plan, gains 0.5 * 30.
    # trip 2: row {B}, B closed: not covered.  A locked, p = 1: 10 - 0.1 + 15 = 24.9.
    corridors = make_corridors(
        [[[0]], [], [[1]]], 4, [1000.0, 30.0, 1000.0], coverable=[False, True, True], weight=0.5
    )
    data = make_data(CORRIDOR_REACH, 4, [10.0] * 4, locked=[0])
    solution, report = solve(
        data, Planning(stages=[make_stage("2025", 1)], queue=make_queue(), corridors=corridors)
    )
    assert solution.stages[0].trip_covered.tolist() == [False, True, False]
    assert report.objective == pytest.approx(24.9, abs=1e-6)


# ---------------------------------------------------------------------- 6. brute force


def brute_force(data: ModelData, planning: Planning) -> float:
    """Best objective over every nested choice of stations, chargers and substation links.

    For each stage, station set S, charger vector C (min..max) and link vector L the stage value is
    ``theta * (LP(S, C) - beta * sum C - gamma * km(L) + omega * phi * covered flow)`` (-inf when a
    substation's headroom is exceeded), with LP(S, C) the best coverage of the served-share LP solved by
    scipy.  Stages are then chained with S, C and L nested (dynamic programming over stages).
    """
    queue, grid, corridors = planning.queue, planning.grid, planning.corridors
    n = data.n_candidates
    fast = data.fast_time_min.tocsr()
    zone_sites = [
        set(fast.indices[fast.indptr[i] : fast.indptr[i + 1]].tolist()) for i in range(data.n_demand)
    ]
    demand = np.asarray(data.demand_fast_ev, dtype=float)
    levels = list(range(queue.min_chargers, queue.max_chargers + 1))
    if grid is not None:
        dist, excess = grid.distance_m.toarray(), grid.excess_km.toarray()
        links = [np.flatnonzero(dist[j] > 0).tolist() for j in range(n)]
    else:
        links = [[-1] for _ in range(n)]
    trip_rows: list[list[set[int]]] = []
    if corridors is not None:
        ck = corridors.checkpoints.tocsr()
        trip_rows = [[] for _ in range(corridors.n_trips)]
        for r, q in enumerate(corridors.row_trip.tolist()):
            trip_rows[q].append(set(ck.indices[ck.indptr[r] : ck.indptr[r + 1]].tolist()))

    @functools.cache
    def lp(s: int, sites: tuple[int, ...], chargers: tuple[int, ...]) -> float:
        phi = planning.stages[s].demand_factor
        pairs = [(i, j) for i in range(data.n_demand) if demand[i] > 0 for j in sites if j in zone_sites[i]]
        if not pairs:
            return 0.0
        zones = sorted({i for i, _ in pairs})
        c = np.array([-phi * demand[i] for i, _ in pairs])
        rows = []
        rhs = []
        for i in zones:
            rows.append([1.0 if pi == i else 0.0 for pi, _ in pairs])
            rhs.append(1.0)
        for j, cj in zip(sites, chargers, strict=True):
            rows.append([queue.arrivals_per_ev_h * phi * demand[pi] if pj == j else 0.0 for pi, pj in pairs])
            rhs.append(float(queue.capacity_per_h[cj - queue.min_chargers]))
        res = linprog(c, A_ub=np.array(rows), b_ub=np.array(rhs), bounds=(0, None), method="highs")
        assert res.status == 0
        return float(-res.fun)

    def stage_options(s: int, sites: tuple[int, ...]) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
        stage = planning.stages[s]
        out = []
        trips = 0.0
        if corridors is not None:
            for q, rows in enumerate(trip_rows):
                if corridors.coverable[q] and all(row & set(sites) for row in rows):
                    trips += corridors.weight * stage.demand_factor * corridors.flow[q]
        for chargers in itertools.product(levels, repeat=len(sites)):
            base = lp(s, sites, chargers) - queue.charger_weight * sum(chargers) + trips
            for link in itertools.product(*(links[j] for j in sites)):
                km = 0.0
                if grid is not None:
                    load = np.zeros(grid.n_substations)
                    for j, cj, sub in zip(sites, chargers, link, strict=True):
                        load[sub] += queue.charger_kw * cj
                        km += excess[j, sub]
                    if np.any(load > grid.headroom_kw * stage.headroom_factor + 1e-9):
                        continue
                out.append((chargers, link, stage.weight * (base - grid.cost_per_km * km if grid else base)))
        return out

    # dynamic programming: best[(sites, chargers, links)] = best value of stages 0..s ending in that choice
    best: dict[tuple[Any, ...], float] = {}
    for s, stage in enumerate(planning.stages):
        new: dict[tuple[Any, ...], float] = {}
        for sites in itertools.combinations(range(n), stage.n_stations):
            for chargers, link, value in stage_options(s, sites):
                if s == 0:
                    new[(sites, chargers, link)] = value
                    continue
                own = dict(zip(sites, zip(chargers, link, strict=True), strict=True))
                prior = [
                    v
                    for (ps, pc, pl), v in best.items()
                    if all(j in own and pc[k] <= own[j][0] and pl[k] == own[j][1] for k, j in enumerate(ps))
                ]
                if prior:
                    new[(sites, chargers, link)] = value + max(prior)
        best = new
    return max(best.values()) if best else -np.inf


def random_instance(seed: int, stages: list[Stage], headroom_kw: list[float]) -> tuple[ModelData, Planning]:
    """5 candidates, 6 zones, 2 substations (one cost-mode link), two trips and an uncoverable one."""
    rng = np.random.default_rng(seed)
    n, m = 5, 6
    reach = [sorted(rng.choice(n, size=int(rng.integers(1, 3)), replace=False).tolist()) for _ in range(m)]
    demand = rng.integers(20, 160, size=m).astype(float).tolist()
    data = make_data(reach, n, demand)
    sub_reach = {
        j: sorted(rng.choice(2, size=int(rng.integers(1, 3)), replace=False).tolist()) for j in range(1, n)
    }
    grid = make_grid(
        sub_reach, n, headroom_kw, excess_km={(0, int(rng.integers(0, 2))): 3.0}, cost_per_km=2.0
    )
    corridors = make_corridors(
        [[[0, 1], [int(rng.integers(2, 5))]], [[int(rng.integers(0, 5))]], [[3]]],
        n,
        rng.integers(20, 80, size=3).astype(float).tolist(),
        coverable=[True, True, False],
        weight=0.5,
    )
    queue = make_queue(rho=0.01, cmin=1, cmax=3, beta=0.5)
    return data, Planning(stages=stages, queue=queue, grid=grid, corridors=corridors)


@pytest.mark.parametrize(
    ("seed", "n_stages", "headroom_kw"),
    [(1, 1, [400.0, 300.0]), (2, 2, [400.0, 300.0]), (3, 2, [400.0, 300.0]), (4, 2, [300.0, 200.0])],
)
def test_optimum_matches_brute_force(seed: int, n_stages: int, headroom_kw: list[float]) -> None:
    # 5 candidates, 6 zones reaching 1-2 candidates each, 20-160 EVs (rho 0.01), 1-3 chargers at beta 0.5,
    # two substations (candidate 0 only by a 3 km cost-mode link at 2 per km), two coverable trips and an
    # uncoverable one; p = 2 (then 3 with phi 1.5, weight 0.8, headroom x 1.3).  The last case has
    # headroom tight enough to bind.
    stages = [make_stage("2025", 2)]
    if n_stages == 2:
        stages.append(make_stage("2030", 3, phi=1.5, weight=0.8, headroom_factor=1.3))
    data, planning = random_instance(seed, stages, headroom_kw)
    expected = brute_force(data, planning)
    assert np.isfinite(expected)
    solution, report = solve(data, planning)
    assert report.objective == pytest.approx(expected, abs=1e-5)
    for a, z in itertools.pairwise(solution.stages):
        assert np.all(a.open_station <= z.open_station)
        assert np.all(a.chargers <= z.chargers)
        kept = a.open_station
        np.testing.assert_array_equal(a.substation[kept], z.substation[kept])
    for s, plan in enumerate(solution.stages):
        # kW per substation = 100 kW x chargers of the stations linked to it, within (scaled) headroom
        kw = np.zeros(2)
        np.add.at(kw, plan.substation[plan.open_station], 100.0 * plan.chargers[plan.open_station])
        assert plan.substation_load_kw == pytest.approx(kw, abs=1e-6)
        assert np.all(kw <= planning.grid.headroom_kw * planning.stages[s].headroom_factor + 1e-6)
        assert not plan.trip_covered[2]
