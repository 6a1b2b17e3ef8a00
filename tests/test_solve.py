"""Feasibility pre-checks, the greedy heuristic, the HiGHS call and its report."""

from __future__ import annotations

import dataclasses
import functools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pyomo.environ as pyo
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_model import make_data, random_data

from siting._errors import InfeasibleError, InputDataError, SolverError
from siting._warnings import SitingWarning
from siting.model.arrays import build_arrays
from siting.model.data import ModelData
from siting.model.evaluate import evaluate, pile_flows, plan_violations
from siting.model.parts import split_parts
from siting.solve import SolveReport, check_feasibility, solve_model
from siting.solve import base as base_module
from siting.solve.base import BaseStrategy, plan_of
from siting.solve.bound import lagrangian_station_bound
from siting.solve.driver import _require_plans
from siting.solve.greedy import _SwapSearch, greedy_piles, greedy_solution, greedy_stations, improve_stations
from siting.solve.highs import run_highs
from siting.solve.options import highs_options
from siting.solve.parts import Clock, Part

# ----------------------------------------------------------------------------- pre-checks


def problems_of(data: ModelData) -> tuple[str, ...]:
    with pytest.raises(InfeasibleError) as info:
        check_feasibility(data)
    return info.value.problems


def test_feasible_instance_passes_the_checks() -> None:
    check_feasibility(random_data(1))


def test_every_station_problem_is_reported_at_once_with_amounts() -> None:
    # p = 5 > 3 candidates; quota 2 with only 1 reachable terminal; county 0 needs 2 stations but
    # has 1 candidate: three problems, one error.
    data = make_data(
        n_candidates=3,
        fast_ev=[1, 1],
        cover=[{0: 5}, {1: 5}],
        n_stations=5,
        terminals=[{0: 100}, {}],
        quota=2,
        station_county=[0, 1, 1],
        county_min_stations=[2, 0],
    )
    problems = problems_of(data)
    assert len(problems) == 3
    assert "n_stations = 5 but there are only 3 candidate sites: short by 2" in problems[0]
    assert "quota q = 2 but only 1 of 2 terminals" in problems[1]
    assert "short by 1" in problems[1]
    assert "county C0 needs at least 2 stations but has only 1 candidate sites" in problems[2]


def test_locked_sites_beyond_p_and_county_sums() -> None:
    data = make_data(
        n_candidates=4,
        fast_ev=[1],
        cover=[{0: 5}],
        n_stations=2,
        locked=[0, 1, 2],
        station_county=[0, 0, 1, 1],
        county_min_stations=[2, 2],
    )
    problems = problems_of(data)
    assert any("3 sites are locked open but n_stations = 2: 1 too many" in p for p in problems)
    assert any("county station minimums add up to 4, more than n_stations = 2: 2" in p for p in problems)


def test_locked_sites_outside_the_needy_county_count_against_p() -> None:
    # p = 2, j0 locked in county 1; county 0 needs 2 -> 1 + 2 = 3 > 2.
    data = make_data(
        n_candidates=4,
        fast_ev=[1],
        cover=[{0: 5}],
        n_stations=2,
        locked=[3],
        station_county=[0, 0, 1, 1],
        county_min_stations=[2, 0],
    )
    (problem,) = problems_of(data)
    assert "1 locked sites plus the 2 stations" in problem and "1 too many" in problem


def test_pile_problems_name_the_shortfall() -> None:
    data = make_data(
        n_candidates=1,
        fast_ev=[1],
        cover=[{0: 5}],
        n_stations=1,
        slow_ev=[10],
        walk=[{0: 100, 1: 100}],
        pile_capacity=[3, 4],
        pile_county=[0, 1],
        county_min_piles=[5, 4],
        n_piles=8,
    )
    problems = problems_of(data)
    assert any("capacity short by 1 piles" in p for p in problems)
    assert any("county C0 needs at least 5 piles" in p and "short by 2 piles" in p for p in problems)
    assert any("county pile minimums add up to 9, more than n_piles = 8: 1" in p for p in problems)


def test_quota_together_with_county_minimums() -> None:
    # p = 2; county 0 (j2, covers no terminal) needs 1 station, so 1 station is free, but the two
    # terminals lie each near a different county-1 site: 2 stations needed outside county 0.
    data = make_data(
        n_candidates=3,
        fast_ev=[1],
        cover=[{0: 5}],
        n_stations=2,
        terminals=[{0: 100}, {1: 100}],
        quota=2,
        station_county=[1, 1, 0],
        county_min_stations=[1, 0],
    )
    (problem,) = problems_of(data)
    assert "at least 2 stations outside those counties" in problem
    assert "only 1 stations are left" in problem and "short by 1" in problem


def test_exact_check_finds_a_conflict_the_counting_check_misses() -> None:
    # p = 2, q = 2: both terminals are near county-0 sites (j0, j1), so the quota needs both; county
    # 1 also needs one station (j2) -> 3 stations.  The counting check passes (county 0 is itself
    # below its minimum); the small requirements MIP proves the conflict and says by how much.
    data = make_data(
        n_candidates=3,
        fast_ev=[1],
        cover=[{0: 5}],
        n_stations=2,
        terminals=[{0: 100}, {1: 100}],
        quota=2,
        station_county=[0, 0, 1],
        county_min_stations=[1, 1],
    )
    (problem,) = problems_of(data)
    assert "at most 1 terminals can be covered; short by 1 terminals" in problem
    assert "county station minimums fall short by 1 stations (C1: 1)" in problem


def test_solver_explains_an_infeasible_model() -> None:
    # The only terminal is near j0; q = 1; a user constraint closes j0.  The pre-checks cannot see
    # the hook, HiGHS proves infeasibility and each relaxation says by how much.
    def close_j0(m: pyo.ConcreteModel, _data: ModelData) -> None:
        m.con_close_j0 = pyo.Constraint(expr=m.open_station[0] == 0)

    data = make_data(
        n_candidates=3,
        fast_ev=[10, 20],
        cover=[{0: 5}, {1: 5, 2: 5}],
        n_stations=1,
        terminals=[{0: 100}],
        quota=1,
    )
    check_feasibility(data)
    with pytest.raises(InfeasibleError) as info:
        solve_model(data, time_limit_s=10, extra_constraints=close_j0)
    text = str(info.value)
    assert (
        "the terminal quota cannot be met together with the other requirements: short by 1 terminals; "
        "lower terminal_share" in text
    )
    assert "without the extra_constraints hook the model is feasible" in text


# ----------------------------------------------------------------------------------- greedy


def test_greedy_is_feasible_and_keeps_locked_sites() -> None:
    data = random_data(2)
    solution = greedy_solution(data)
    assert plan_violations(data, solution.open_station, solution.piles) == []
    assert solution.open_station[1]


def test_greedy_breaks_ties_by_lowest_index() -> None:
    # Four identical candidates, each covering the same single zone: the first one is taken.
    data = make_data(n_candidates=4, fast_ev=[5], cover=[{0: 5, 1: 5, 2: 5, 3: 5}], n_stations=2)
    assert np.flatnonzero(greedy_stations(data)).tolist() == [0, 1]


def test_greedy_falls_back_to_an_exact_choice_when_its_rules_get_stuck() -> None:
    # Terminals t0..t3; j0 covers t0, t1; j1 covers t2, t3; j2 covers t1, t2 and the most demand.
    # p = 2, q = 4: the greedy rule takes j2 first and can then cover only one more pair; the
    # fallback MIP picks j0 + j1, the only feasible plan.
    data = make_data(
        n_candidates=3,
        fast_ev=[1, 1, 50],
        cover=[{0: 5}, {1: 5}, {2: 5}],
        n_stations=2,
        terminals=[{0: 1}, {0: 1, 2: 1}, {1: 1, 2: 1}, {1: 1}],
        quota=4,
    )
    assert np.flatnonzero(greedy_stations(data)).tolist() == [0, 1]


def test_greedy_piles_fill_county_minimums_then_capacity() -> None:
    data = make_data(
        n_candidates=1,
        fast_ev=[0],
        cover=[{}],
        n_stations=1,
        slow_ev=[100],
        walk=[{0: 100}],
        pile_capacity=[3, 2, 4],
        pile_county=[0, 1, -1],
        county_min_piles=[0, 2],
        n_piles=6,
    )
    # county 1 gets its 2 piles first; then site 0 (serves demand) is filled to 3; 1 pile remains
    # and goes to the lowest-index site with capacity and no demand left to serve (site 2)
    assert greedy_piles(data).tolist() == [3, 2, 1]


def test_pile_flows_are_optimal() -> None:
    # zones s = 10, 3, 4; piles (2, 1) at sites (k0, k1): all 15 EVs of supply can be used
    data = make_data(
        n_candidates=1,
        fast_ev=[0, 0, 0],
        cover=[{}, {}, {}],
        n_stations=1,
        slow_ev=[10, 3, 4],
        walk=[{0: 100}, {1: 100}, {0: 200, 1: 300}],
        pile_capacity=[2, 2],
        n_piles=3,
    )
    flows = pile_flows(data, np.array([2, 1]))
    assert flows.sum() == pytest.approx(15)
    assert evaluate(data, np.array([True]), np.array([1, 2])).slow_served_ev.sum() == pytest.approx(12)


def test_greedy_scales_to_thousands_of_candidates() -> None:
    data = random_data(
        4,
        n_candidates=2000,
        n_zones=8000,
        per_zone=30,
        n_stations=100,
        n_pile_sites=400,
        n_piles=500,
    )
    check_feasibility(data)
    solution = greedy_solution(data)
    assert plan_violations(data, solution.open_station, solution.piles) == []


# ------------------------------------------------------------------------------------ solve


def test_time_limit_returns_a_plan_with_its_gap() -> None:
    data = random_data(
        11,
        n_candidates=300,
        n_zones=3000,
        per_zone=10,
        n_stations=30,
        n_piles=300,
        n_pile_sites=200,
    )
    solution, report = solve_model(data, time_limit_s=0.05)
    assert report.status in {"time_limit", "heuristic_only"}
    assert plan_violations(data, solution.open_station, solution.piles) == []
    assert 0 < report.gap < 1 and report.best_bound >= report.objective
    assert report.objective == pytest.approx(solution.objective)
    assert report.objective >= (report.greedy_objective or 0.0) - 1e-6
    assert any("time limit" in w for w in report.warnings)


def test_same_inputs_give_the_same_plan() -> None:
    data = random_data(8)
    a, ra = solve_model(data, time_limit_s=30)
    b, rb = solve_model(data, time_limit_s=30)
    assert (a.open_station == b.open_station).all()
    assert (a.piles == b.piles).all()
    assert a.objective == b.objective
    assert (a.slow_flow_ev != b.slow_flow_ev).nnz == 0
    assert (ra.status, ra.best_bound) == (rb.status, rb.best_bound)


def test_report_is_json_able_and_readable() -> None:
    data = random_data(9)
    lines: list[str] = []
    _, report = solve_model(data, time_limit_s=30, progress=lines.append)
    assert isinstance(report, SolveReport)
    as_dict = report.to_dict()
    json.dumps(as_dict)
    assert "highs_log" not in as_dict and report.highs_log
    assert report.solver.startswith("highs 1.") and "via highspy" in report.solver
    assert report.options["threads"] == 1 and report.options["random_seed"] == 0
    assert report.warm_start_accepted is True
    assert any("MIP start solution is feasible" in line for line in lines)
    assert str(report).startswith(f"status: {report.status}")
    assert report.time_total_s >= report.time_solve_s > 0


def test_without_warm_start_the_report_says_so() -> None:
    _, report = solve_model(random_data(9), warm_start=False, time_limit_s=30)
    assert report.warm_start_accepted is None
    assert report.options["warm_start"] is False


# ------------------------------------------------------------------------------- properties


@st.composite
def tiny_instances(draw: st.DrawFn) -> ModelData:
    n_candidates = draw(st.integers(2, 5))
    n_zones = draw(st.integers(1, 6))
    cover = [
        {j: draw(st.floats(0.5, 9.5)) for j in draw(st.sets(st.integers(0, n_candidates - 1)))}
        for _ in range(n_zones)
    ]
    return make_data(
        n_candidates=n_candidates,
        fast_ev=draw(st.lists(st.integers(0, 50), min_size=n_zones, max_size=n_zones)),
        cover=cover,
        n_stations=draw(st.integers(1, n_candidates - 1)),
        locked=sorted(draw(st.sets(st.integers(0, n_candidates - 1), max_size=1))),
        tie_break=0.0,
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances())
def test_more_stations_never_lower_optimal_coverage(data: ModelData) -> None:
    fewer, _ = solve_model(data, mip_rel_gap=0.0)
    more_data = make_data(
        n_candidates=data.n_candidates,
        fast_ev=data.demand_fast_ev.tolist(),
        cover=[dict(zip(row.indices.tolist(), row.data.tolist(), strict=True)) for row in data.fast_time_min],
        n_stations=data.n_stations + 1,
        locked=np.flatnonzero(data.station_locked).tolist(),
        tie_break=0.0,
    )
    more, _ = solve_model(more_data, mip_rel_gap=0.0)
    assert more.objective >= fewer.objective - 1e-6
    assert fewer.open_station[data.station_locked].all()
    assert more.open_station[data.station_locked].all()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), quota=st.integers(0, 6), county_min=st.integers(0, 3))
def test_greedy_is_always_feasible_when_the_checks_pass(seed: int, quota: int, county_min: int) -> None:
    data = random_data(seed, n_candidates=20, n_zones=60, n_stations=6)
    data.terminal_quota = quota
    data.county_min_stations = np.array([county_min, county_min, 0])
    try:
        check_feasibility(data)
    except InfeasibleError:
        return
    solution = greedy_solution(data)
    assert plan_violations(data, solution.open_station, solution.piles) == []
    assert solution.open_station[data.station_locked].all()


# ------------------------------------------------------------------------------ one driver, one report


def test_a_part_with_nothing_to_decide_is_never_handed_to_highs() -> None:
    # No piles to place: the pile part is trivial, so HiGHS never sees it and cannot reject its start.
    data = random_data(3)
    data = dataclasses.replace(data, n_piles=0, county_min_piles=np.zeros_like(data.county_min_piles))
    _, report = solve_model(data, time_limit_s=30, mip_rel_gap=0.0)
    assert report.parts["piles"]["status"] == "trivial"
    assert report.parts["piles"]["termination"] == "not run"
    assert report.parts["piles"]["bound_source"] == "exact"
    assert not any("did not accept" in w for w in report.warnings)


def test_every_model_reports_parts_in_one_schema_and_checks_the_start() -> None:
    data = random_data(4)
    _, base = solve_model(data, time_limit_s=30, mip_rel_gap=0.0)

    def hook(m: pyo.ConcreteModel, _data: ModelData) -> None:
        m.con_noop = pyo.Constraint(expr=m.open_station[0] <= 1)

    _, hooked = solve_model(data, time_limit_s=30, mip_rel_gap=0.0, extra_constraints=hook)
    keys = set(next(iter(base.parts.values())))
    for report in (base, hooked):
        for part in report.parts.values():
            assert set(part) == keys
            if part["highs_nodes"] >= 0 and part["start_accepted"] is not None:
                assert isinstance(part["start_accepted"], bool)
        ran = [p["start_accepted"] for p in report.parts.values() if p["start_accepted"] is not None]
        assert report.warm_start_accepted == (all(ran) if ran else None)
    assert list(hooked.parts) == ["model"]
    assert hooked.objective == pytest.approx(base.objective, rel=1e-9)


def test_write_model_into_a_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    data = random_data(5)
    target = tmp_path / "missing" / "m.mps"
    with pytest.raises(InputDataError, match="does not exist"):
        solve_model(data, time_limit_s=10, write_model=target)
    assert not target.exists()


def test_a_part_without_a_plan_is_one_clear_error() -> None:
    """When neither the start nor HiGHS has a plan for a part, the error names the part and the limit."""
    model = build_arrays(random_data(3))
    parts = [Part("piles", model, np.zeros(model.n_cols)), Part("stations", model, None)]
    for part in parts:
        part.choose()  # the start is the plan when HiGHS has none
    with pytest.raises(
        SolverError, match=r"no plan for the stations part within time_limit_s = 7 s.*--time-limit"
    ):
        _require_plans(parts, 7.0, Clock(7.0))
    parts[1].values = np.zeros(model.n_cols)
    _require_plans(parts, 7.0, Clock(7.0))


# ------------------------------------------------------------------- the base model's neighbourhood MIP

NEIGHBOURHOOD_SEEDS = range(6)


@functools.cache
def neighbourhood_run(seed: int) -> tuple[Any, list[Part], tuple[str, ...]]:
    """The base strategy's parts on a random instance with a weak start (5 swaps), and its progress lines."""
    data = random_data(seed, n_candidates=60, n_zones=300, n_stations=10)
    strategy = BaseStrategy(data, reduce=True, local_search_swaps=5)
    seen: list[str] = []
    parts = strategy.parts(highs_options(0, model="base"), Clock(60.0), 0.0, seen.append)
    return strategy, parts, tuple(seen)


@pytest.mark.parametrize("seed", NEIGHBOURHOOD_SEEDS)
def test_the_neighbourhood_plan_is_feasible_and_never_worse(seed: int) -> None:
    strategy, parts, seen = neighbourhood_run(seed)
    stations = parts[1]
    assert stations.start is not None and strategy.start_plan is not None
    # the start only ever gets better, stays a plan of the part, and the bound is still above it
    part_data = strategy.part_data["stations"]
    before = evaluate(part_data, strategy.start_plan.open_station, strategy.start_plan.piles)
    opened, piles = plan_of(strategy.models["stations"], np.asarray(stations.start))
    assert not plan_violations(part_data, opened, piles)
    assert stations.start_objective is not None
    assert stations.start_objective >= before.objective - 1e-6
    assert stations.own_bound >= stations.start_objective - 1e-6
    assert (stations.start_source == "neighbourhood") == any("neighbourhood MIP" in line for line in seen)


def test_the_neighbourhood_finds_better_plans_than_the_swaps() -> None:
    improved = sum(
        neighbourhood_run(seed)[1][1].start_source == "neighbourhood" for seed in NEIGHBOURHOOD_SEEDS
    )
    assert improved >= 3


def test_a_neighbourhood_cut_before_its_root_keeps_highs_off_the_whole_part(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # HiGHS's root LP does not stop at the limit: when the neighbourhood MIP (the part on some of its
    # columns) did not get through its root, the whole part would not either; its time, scaled by size,
    # becomes the part's min_time_s, and the driver keeps the start rather than run HiGHS on less
    monkeypatch.setattr(base_module, "NEIGHBOURHOOD_MIN_S", 0.0)
    data = random_data(0, n_candidates=600, n_zones=8000, per_zone=15, n_stations=60)
    strategy = BaseStrategy(data, reduce=True, local_search_swaps=5)
    clock = Clock(0.05)  # the neighbourhood gets the smallest step: far too little for its root LP
    parts = strategy.parts(highs_options(0, model="base"), clock, 0.0, lambda _: None)
    stations = parts[1]
    assert stations.start is not None
    assert stations.min_time_s > 0.0
    seen: list[str] = []
    with pytest.warns(SitingWarning, match="time limit"):
        solution, report = solve_model(data, time_limit_s=0.05, mip_rel_gap=0.0, progress=seen.append)
    assert any("HiGHS needs about" in line and "not run" in line for line in seen), seen
    assert report.parts["stations"]["termination"] == "not run"
    assert not plan_violations(data, solution.open_station, solution.piles)


# ------------------------------------------------------------------------------- the swap search

SWAP_SEEDS = range(8)


def fresh_gain_and_loss(search: _SwapSearch) -> tuple[np.ndarray, np.ndarray]:
    """What opening each site adds and closing it takes away, computed from scratch (the old per-swap way)."""
    rows, w = search.rows, search.w
    uncovered = np.where(search.count[rows] < 0.5, w[rows], 0.0)
    sole = np.where(np.abs(search.count[rows] - 1.0) < 0.5, w[rows], 0.0)
    gain = np.bincount(search.indices, weights=uncovered, minlength=search.n_sites) + search.ties
    loss = np.bincount(search.indices, weights=sole, minlength=search.n_sites) + search.ties
    return gain, loss


@pytest.mark.parametrize("seed", SWAP_SEEDS)
def test_the_swap_search_keeps_its_gains_bit_for_bit(seed: int) -> None:
    # the gains are refreshed only for the sites a swap touches; they must equal a fresh computation
    # exactly (not just closely), or ties would break differently and the plans would change
    data = random_data(seed, n_candidates=50, n_zones=250, per_zone=6, n_stations=10)
    demand = np.asarray(data.demand_fast_ev)
    # a feasible but poor start: the greedy for the opposite demand (feasibility ignores demand)
    search = _SwapSearch(
        data, greedy_stations(dataclasses.replace(data, demand_fast_ev=demand.max() - demand))
    )
    swaps = 0
    while swaps < 30 and search.swap_once(np.inf):
        swaps += 1
        gain, loss = fresh_gain_and_loss(search)
        assert np.array_equal(search.gain, gain)
        assert np.array_equal(search.loss, loss)
    assert swaps >= 3


@pytest.mark.parametrize("seed", SWAP_SEEDS)
def test_the_quota_check_of_a_swap_counts_as_toggling_does(seed: int) -> None:
    data = random_data(seed, n_candidates=30, n_terminals=8, n_stations=6)
    search = _SwapSearch(data, greedy_stations(data))
    radius = search.radius_csc
    for o in np.flatnonzero(search.opened).tolist():
        for c in np.flatnonzero(~search.opened).tolist():
            after = search.opened.copy()
            after[o], after[c] = False, True
            reached = np.asarray(radius @ after.astype(np.float64)).ravel() > 0.5
            assert search.keeps_quota(o, c) == (int(reached.sum()) >= search.quota), (o, c)


def feasible_swaps(data: ModelData, opened: np.ndarray, piles: np.ndarray) -> list[np.ndarray]:
    """Every plan one swap away from ``opened`` that meets every requirement."""
    plans = []
    for o in np.flatnonzero(opened & ~np.asarray(data.station_locked, dtype=bool)).tolist():
        for c in np.flatnonzero(~opened).tolist():
            after = opened.copy()
            after[o], after[c] = False, True
            if not plan_violations(data, after, piles):
                plans.append(after)
    return plans


@pytest.mark.parametrize("seed", SWAP_SEEDS)
def test_the_swaps_end_in_a_feasible_plan_no_single_swap_improves(seed: int) -> None:
    data = random_data(seed, n_candidates=30, n_zones=150, n_stations=6)
    start = greedy_solution(data)
    opened = improve_stations(data, start.open_station, max_swaps=1000)
    assert not plan_violations(data, opened, start.piles)
    value = evaluate(data, opened, start.piles).objective
    assert value >= start.objective - 1e-9
    neighbours = feasible_swaps(data, opened, start.piles)
    assert neighbours
    best_neighbour = max(evaluate(data, plan, start.piles).objective for plan in neighbours)
    assert best_neighbour <= value + 1e-9 * max(abs(value), 1.0)


# ------------------------------------------------------------------------ the Lagrangian station bound

LAGRANGIAN_SEEDS = range(10)


@functools.cache
def station_optimum(seed: int) -> tuple[ModelData, float, float, np.ndarray]:
    """A random instance's station part, its exact optimum and LP value (HiGHS, no gap), an optimal plan."""
    stations = split_parts(random_data(seed, n_candidates=30, n_zones=200, per_zone=4, n_stations=6))[0]
    model = build_arrays(stations)
    run = run_highs(model, options={"threads": 1}, time_limit_s=60.0, mip_rel_gap=0.0)
    assert run.status == "optimal" and run.values is not None
    opened, _ = plan_of(model, np.asarray(run.values))
    relaxed = dataclasses.replace(model, integer=np.zeros_like(model.integer))
    lp = run_highs(relaxed, options={"threads": 1}, time_limit_s=60.0, mip_rel_gap=0.0)
    assert lp.status == "optimal"
    return stations, float(run.objective), float(lp.bound), opened


@pytest.mark.parametrize("seed", LAGRANGIAN_SEEDS)
def test_the_lagrangian_bound_is_at_least_the_lp_and_the_exact_optimum(seed: int) -> None:
    # every L(lambda, pi, rho) is at least the LP relaxation (weak duality), so at least the optimum,
    # from any start and after any number of evaluations
    stations, optimum, lp, optimal = station_optimum(seed)
    assert lp >= optimum - 1e-6
    assert stations.terminal_quota > 0 and stations.station_locked.any()  # every relaxed family is here
    greedy = greedy_stations(stations)
    greedy_value = evaluate(stations, greedy, np.zeros(stations.n_pile_sites, dtype=np.int64)).objective
    for start, incumbent in ((None, greedy_value), (greedy, greedy_value), (optimal, optimum)):
        for evaluations in (1, 10, 900):
            value, support = lagrangian_station_bound(
                stations, incumbent, start=start, max_iterations=evaluations
            )
            assert value >= lp - 1e-6 * max(abs(lp), 1.0), (start is None, evaluations)
            assert support.shape == (stations.n_candidates,)


def test_the_lagrangian_reaches_the_lp_with_the_quota_and_the_counties() -> None:
    # its minimum is the LP relaxation's value with the quota, the county minimums and the locked sites
    # (all relaxed or in the greedy): the shipped smoothing steps end within 2e-5 of it on every seed
    # (1e-6 to 2e-5 measured), and an early stop at a target is still a bound that meets the target
    for seed in LAGRANGIAN_SEEDS:
        stations, _, lp, _ = station_optimum(seed)
        greedy = greedy_stations(stations)
        value = evaluate(stations, greedy, np.zeros(stations.n_pile_sites, dtype=np.int64)).objective
        bound, support = lagrangian_station_bound(stations, value, start=greedy)
        assert lp - 1e-6 * lp <= bound <= lp * (1 + 5e-5), (seed, bound / lp - 1.0)
        assert support.sum() > 0
        target = (lp * 1.01 - value) / value  # 1 % above the LP, stated against the greedy's value
        early, _ = lagrangian_station_bound(stations, value, start=greedy, target_gap=target)
        assert lp - 1e-6 * lp <= early <= value * (1 + target) + 1e-9, seed


def test_the_lagrangian_reaches_the_lp_with_sites_outside_every_county() -> None:
    # county -1 (outside every county) must not count towards any county's minimum in the smoothed dual:
    # mapping it to the last county (Python's index -1) left the search 1.4e-4 and 2.7e-4 above the LP
    # on two of these seeds; correctly it ends within 5e-5 on each
    for seed in range(6):
        stations = split_parts(random_data(seed, n_candidates=30, n_zones=200, per_zone=4, n_stations=6))[0]
        county = np.asarray(stations.station_county).copy()
        last = int(np.flatnonzero(np.asarray(stations.county_min_stations) > 0).max())
        county[np.flatnonzero(county != last)[:8]] = -1
        stations = dataclasses.replace(stations, station_county=county)
        model = build_arrays(stations)
        relaxed = dataclasses.replace(model, integer=np.zeros_like(model.integer))
        lp = run_highs(relaxed, options={"threads": 1}, time_limit_s=60.0, mip_rel_gap=0.0)
        assert lp.status == "optimal"
        greedy = greedy_stations(stations)
        value = evaluate(stations, greedy, np.zeros(stations.n_pile_sites, dtype=np.int64)).objective
        bound, _ = lagrangian_station_bound(stations, value, start=greedy)
        assert lp.bound - 1e-6 * lp.bound <= bound <= lp.bound * (1 + 1e-4), (seed, bound / lp.bound - 1.0)
