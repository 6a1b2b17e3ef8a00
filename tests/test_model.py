"""The Pyomo model: hand-checkable instances whose optimum is derived in each test's comment.

:func:`make_data` builds a :class:`ModelData` from small Python lists; :func:`random_data` a seeded
random instance (also used by ``test_solve.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pyomo.environ as pyo
import pytest
import scipy.sparse as sp

from siting._errors import InfeasibleError
from siting.model.data import ModelData
from siting.model.evaluate import evaluate
from siting.model.objective import plan_objective, proximity_scores, tie_break_coefficients
from siting.model.reference import build_model, plan_arrays_from_model, set_start_values
from siting.model.sparse import canonical_csr, slow_pairs
from siting.solve import solve_model
from siting.solve.greedy import greedy_solution

Pairs = Sequence[Mapping[int, float]]


def _csr(rows: Pairs, n_cols: int) -> sp.csr_matrix:
    """CSR matrix with one row per mapping {column: value}."""
    r = [i for i, row in enumerate(rows) for _ in row]
    c = [j for row in rows for j in row]
    v = [float(x) for row in rows for x in row.values()]
    return sp.csr_matrix((v, (r, c)), shape=(len(rows), n_cols))


def make_data(
    *,
    n_candidates: int,
    fast_ev: Sequence[float],
    cover: Pairs,
    n_stations: int,
    terminals: Pairs = (),
    quota: int = 0,
    locked: Sequence[int] = (),
    station_county: Sequence[int] | None = None,
    county_min_stations: Sequence[int] = (),
    slow_ev: Sequence[float] | None = None,
    walk: Pairs | None = None,
    pile_capacity: Sequence[int] = (),
    pile_county: Sequence[int] | None = None,
    county_min_piles: Sequence[int] = (),
    n_piles: int = 0,
    evs_per_pile: float = 5.0,
    tie_break: float = 1e-3,
) -> ModelData:
    """Return a small ModelData; covering pairs default to 5 minutes when given as sets."""
    n_zones = len(fast_ev)
    n_counties = max(len(county_min_stations), len(county_min_piles))
    walk = walk if walk is not None else [{} for _ in range(n_zones)]
    return ModelData(
        n_stations=n_stations,
        n_piles=n_piles,
        terminal_quota=quota,
        fast_minutes=10.0,
        demand_fast_ev=np.asarray(fast_ev, dtype=np.float64),
        demand_slow_ev=np.asarray(slow_ev if slow_ev is not None else [0.0] * n_zones, dtype=float),
        fast_time_min=_csr(cover, n_candidates),
        terminal_dist_m=_csr(terminals, n_candidates),
        walk_dist_m=_csr(walk, len(pile_capacity)),
        station_county=np.asarray(
            station_county if station_county is not None else [-1] * n_candidates, dtype=np.int64
        ),
        station_locked=np.isin(np.arange(n_candidates), list(locked)),
        pile_capacity=np.asarray(pile_capacity, dtype=np.int64),
        pile_county=np.asarray(
            pile_county if pile_county is not None else [-1] * len(pile_capacity), dtype=np.int64
        ),
        evs_per_pile=evs_per_pile,
        county_names=[f"C{c}" for c in range(n_counties)],
        county_min_stations=np.asarray(
            list(county_min_stations) + [0] * (n_counties - len(county_min_stations)),
            dtype=np.int64,
        ),
        county_min_piles=np.asarray(
            list(county_min_piles) + [0] * (n_counties - len(county_min_piles)), dtype=np.int64
        ),
        tie_break=tie_break,
    )


def random_data(
    seed: int,
    *,
    n_candidates: int = 40,
    n_zones: int = 200,
    n_terminals: int = 6,
    n_pile_sites: int = 30,
    per_zone: int = 4,
    n_stations: int = 8,
    n_piles: int = 40,
) -> ModelData:
    """Seeded random instance with quota, one locked site and county minimums (always feasible)."""
    rng = np.random.default_rng(seed)

    def pairs(n_rows: int, n_cols: int, k: int, high: float) -> sp.csr_matrix:
        rows = np.repeat(np.arange(n_rows), k)
        cols = rng.integers(0, n_cols, n_rows * k)
        vals = rng.uniform(0.1, high, n_rows * k)
        return canonical_csr(sp.csr_matrix((vals, (rows, cols)), shape=(n_rows, n_cols)))

    station_county = np.arange(n_candidates, dtype=np.int64) % 3
    pile_county = np.arange(n_pile_sites, dtype=np.int64) % 3
    return ModelData(
        n_stations=n_stations,
        n_piles=n_piles,
        terminal_quota=n_terminals // 2,
        fast_minutes=10.0,
        demand_fast_ev=rng.uniform(0, 100, n_zones),
        demand_slow_ev=rng.uniform(0, 20, n_zones),
        fast_time_min=pairs(n_zones, n_candidates, per_zone, 10.0),
        terminal_dist_m=pairs(n_terminals, n_candidates, 3, 1000.0),
        walk_dist_m=pairs(n_zones, n_pile_sites, 2, 500.0),
        station_county=station_county,
        station_locked=np.arange(n_candidates) == 1,
        pile_capacity=rng.integers(1, 6, n_pile_sites),
        pile_county=pile_county,
        evs_per_pile=5.0,
        county_names=["A", "B", "C"],
        county_min_stations=np.array([2, 1, 1]),
        county_min_piles=np.array([5, 5, 5]),
    )


def fast_covered_ev(data: ModelData, open_station: np.ndarray) -> float:
    """Fast-charging EVs covered by a set of open sites."""
    return float(
        data.demand_fast_ev[evaluate(data, open_station, np.zeros(data.n_pile_sites)).fast_covered].sum()
    )


def opened(solution_open: np.ndarray) -> list[int]:
    return np.flatnonzero(solution_open).tolist()


# Three candidates, four zones (a = 10, 20, 30, 40):
#   zone 0 <- {0}, zone 1 <- {0, 1}, zone 2 <- {1, 2}, zone 3 <- {2}
# Candidate j0 covers zones 0, 1 (30 EVs), j1 zones 1, 2 (50), j2 zones 2, 3 (70).
def three_sites(**kwargs: object) -> ModelData:
    args: dict[str, object] = {
        "n_candidates": 3,
        "fast_ev": [10, 20, 30, 40],
        "cover": [{0: 5}, {0: 5, 1: 5}, {1: 5, 2: 5}, {2: 5}],
        "n_stations": 1,
    }
    args.update(kwargs)
    return make_data(**args)  # type: ignore[arg-type]


def test_maximal_covering_picks_the_site_covering_most_demand() -> None:
    # p = 1: j2 covers 30 + 40 = 70 > 50 > 30.
    solution, report = solve_model(three_sites())
    assert opened(solution.open_station) == [2]
    assert solution.fast_covered.tolist() == [False, False, True, True]
    assert report.status == "optimal"
    # p = 2: {j0, j2} covers every zone (100); {j1, j2} 90; {j0, j1} 60.
    solution, _ = solve_model(three_sites(n_stations=2))
    assert opened(solution.open_station) == [0, 2]
    assert fast_covered_ev(three_sites(), solution.open_station) == 100


def test_solver_beats_greedy_where_greedy_is_myopic() -> None:
    # a = 5, 6, 6, 5; zone 0 <- {1}, zone 1 <- {0, 1}, zone 2 <- {0, 2}, zone 3 <- {2}.
    # j0 covers zones 1, 2 (12), j1 zones 0, 1 (11), j2 zones 2, 3 (11).  Greedy takes j0 first,
    # then only +5 is left: 17.  The optimum {j1, j2} covers all four zones: 22.
    data = make_data(
        n_candidates=3,
        fast_ev=[5, 6, 6, 5],
        cover=[{1: 5}, {0: 5, 1: 5}, {0: 5, 2: 5}, {2: 5}],
        n_stations=2,
    )
    greedy = greedy_solution(data)
    assert opened(greedy.open_station) == [0, 1]
    assert fast_covered_ev(data, greedy.open_station) == 17
    solution, report = solve_model(data, mip_rel_gap=0.0)
    assert opened(solution.open_station) == [1, 2]
    assert fast_covered_ev(data, solution.open_station) == 22
    assert report.plan_source in {"highs", "local_search"}
    assert report.greedy_objective is not None and report.objective > report.greedy_objective


def test_terminal_quota_forces_a_worse_coverage_site() -> None:
    # The only terminal lies within the radius of j0 alone; q = 1 forces j0 (30 EVs) over j2 (70).
    solution, _ = solve_model(three_sites(terminals=[{0: 800.0}], quota=1))
    assert opened(solution.open_station) == [0]
    assert solution.terminal_covered.tolist() == [True]
    assert fast_covered_ev(three_sites(), solution.open_station) == 30


def test_locked_site_stays_open_and_counts_towards_p() -> None:
    # p = 1 with j1 locked: j1 (50).  p = 2 with j1 locked: j1 + j2 cover zones 1-3 (90) > j1 + j0
    # (60).
    solution, _ = solve_model(three_sites(locked=[1]))
    assert opened(solution.open_station) == [1]
    solution, _ = solve_model(three_sites(locked=[1], n_stations=2))
    assert opened(solution.open_station) == [1, 2]
    assert fast_covered_ev(three_sites(), solution.open_station) == 90


def test_county_minimum_forces_a_site() -> None:
    # County 0 = {j0}, county 1 = {j1, j2}; L_0 = 1 and p = 1 leave j0 as the only choice (30 EVs).
    solution, _ = solve_model(three_sites(station_county=[0, 1, 1], county_min_stations=[1, 0]))
    assert opened(solution.open_station) == [0]


# Piles: zones s = 10, 3, 4; sites k0 (u = 2), k1 (u = 2); e = 5; P = 3.
# Walking pairs: zone 0 - k0, zone 1 - k1, zone 2 - k0 and k1.
#   n = (2, 1): k0 offers 10, k1 offers 5 -> zone 0 takes 10 at k0 (or 8 + zone 2's 2), zone 1
#               3 at k1, zone 2 the rest: 15 EVs served, all of the supply.
#   n = (1, 2): k0 offers 5, k1 offers 10 but reaches only zones 1 and 2 (7) -> 5 + 7 = 12.
# Optimum n = (2, 1) with 15 EVs.  With county(k1) = 0 and L'_0 = 2 the optimum becomes (1, 2): 12.
def pile_data(**kwargs: object) -> ModelData:
    args: dict[str, object] = {
        "n_candidates": 1,
        "fast_ev": [0, 0, 0],
        "cover": [{}, {}, {}],
        "n_stations": 1,
        "slow_ev": [10, 3, 4],
        "walk": [{0: 100}, {1: 100}, {0: 200, 1: 300}],
        "pile_capacity": [2, 2],
        "n_piles": 3,
    }
    args.update(kwargs)
    return make_data(**args)  # type: ignore[arg-type]


def test_piles_go_where_they_serve_most_within_capacity() -> None:
    solution, _ = solve_model(pile_data())
    assert solution.piles.tolist() == [2, 1]
    assert solution.slow_served_ev.sum() == pytest.approx(15)
    assert solution.objective == pytest.approx(15)
    flows = solution.slow_flow_ev.toarray()
    assert (flows.sum(axis=1) <= np.array([10, 3, 4]) + 1e-9).all()
    assert (flows.sum(axis=0) <= 5 * solution.piles + 1e-9).all()


def test_county_pile_minimum_moves_piles() -> None:
    data = pile_data(pile_county=[1, 0], county_min_piles=[2, 0])
    solution, _ = solve_model(data)
    assert solution.piles.tolist() == [1, 2]
    assert solution.slow_served_ev.sum() == pytest.approx(12)


def test_counts_are_exact_and_every_requirement_holds() -> None:
    data = random_data(3)
    solution, report = solve_model(data, time_limit_s=30)
    assert int(solution.open_station.sum()) == data.n_stations
    assert int(solution.piles.sum()) == data.n_piles
    assert (solution.piles <= data.pile_capacity).all()
    assert solution.open_station[1]  # locked
    assert int(solution.terminal_covered.sum()) >= data.terminal_quota
    for c in range(3):
        assert solution.open_station[data.station_county == c].sum() >= data.county_min_stations[c]
        assert solution.piles[data.pile_county == c].sum() >= data.county_min_piles[c]
    assert report.warm_start_accepted is True
    assert report.n_nonzeros > 0 and report.n_constraints > 0 and report.n_variables > 0


def test_model_has_structured_names_and_only_coverable_zones() -> None:
    # zone 4 has no candidate in reach and zone 0 no demand: neither gets a y variable.
    data = three_sites(fast_ev=[0, 20, 30, 40, 50], cover=[{0: 5}, {0: 5, 1: 5}, {1: 5, 2: 5}, {2: 5}, {}])
    m = build_model(data)
    assert list(m.DEMAND) == [1, 2, 3]
    assert len(m.con_fast_coverage) == 3
    for name in ("con_station_count", "con_terminal_coverage", "con_slow_demand"):
        assert hasattr(m, name)
    assert not hasattr(m, "con_terminal_quota")  # q = 0
    assert not hasattr(m, "con_pile_count")  # no pile sites and P = 0
    m = build_model(pile_data())
    assert list(m.SLOW_PAIRS) == [(0, 0), (1, 1), (2, 0), (2, 1)]
    assert len(m.con_slow_demand) == 3 and len(m.con_pile_service) == 2
    assert isinstance(m.objective, pyo.Objective)


def test_extra_constraints_hook_is_applied() -> None:
    def forbid_j2(m: pyo.ConcreteModel, _data: ModelData) -> None:
        m.con_forbid_j2 = pyo.Constraint(expr=m.open_station[2] == 0)

    # Without j2 the best single site is j1 (50).
    solution, report = solve_model(three_sites(), extra_constraints=forbid_j2)
    assert opened(solution.open_station) == [1]
    assert report.plan_source in {"highs", "local_search"}


def test_model_objective_equals_plan_objective() -> None:
    data = random_data(5)
    m = build_model(data)
    start = greedy_solution(data)
    set_start_values(m, start)
    # the MIP start is feasible, and the model's objective at it equals the recomputed objective
    assert pyo.value(m.objective) == pytest.approx(start.objective, rel=1e-9)
    x, n = plan_arrays_from_model(m)
    assert (x == start.open_station).all() and (n == start.piles).all()
    assert plan_objective(
        data, start.open_station, start.fast_covered, start.slow_served_ev
    ) == pytest.approx(start.objective)


def test_tie_break_never_exceeds_epsilon_of_fast_demand() -> None:
    data = random_data(7)
    b = tie_break_coefficients(data)
    best_p = np.sort(b)[::-1][: data.n_stations].sum()
    assert best_p == pytest.approx(data.tie_break * data.demand_fast_ev.sum())
    assert (proximity_scores(data) >= 0).all()
    # with times: a candidate 1 minute from a zone scores higher than one 9 minutes away
    data = make_data(n_candidates=2, fast_ev=[10], cover=[{0: 1.0, 1: 9.0}], n_stations=1)
    assert proximity_scores(data).tolist() == pytest.approx([9.0, 1.0])
    solution, _ = solve_model(data)
    assert opened(solution.open_station) == [0]


def test_trivially_infeasible_rows_raise_while_building() -> None:
    data = three_sites(station_county=[0, 0, 0], county_min_stations=[0, 1])
    with pytest.raises(InfeasibleError, match="no candidates"):
        build_model(data)


def test_canonical_csr_keeps_the_shortest_duplicate() -> None:
    m = sp.coo_matrix(([7.0, 3.0, 1.0], ([0, 0, 1], [2, 2, 0])), shape=(2, 3))
    c = canonical_csr(m)
    assert c.toarray().tolist() == [[0, 0, 3.0], [1.0, 0, 0]]
    assert canonical_csr(c) is c
    zone, site = slow_pairs(pile_data())
    assert list(zip(zone.tolist(), site.tolist(), strict=True)) == [(0, 0), (1, 1), (2, 0), (2, 1)]


# ------------------------------------------------------------- sparse arrays = the Pyomo model


@pytest.mark.parametrize("seed", range(3))
def test_sparse_arrays_are_the_pyomo_model(seed: int, tmp_path: Path) -> None:
    """Same size, same coefficients (as named rows), same optimum; the MPS export round-trips."""
    import highspy
    from pyomo.contrib.appsi.solvers import Highs

    from siting.model.arrays import build_arrays
    from siting.solve.highs import highs_from_arrays

    data = random_data(seed)
    arrays = build_arrays(data)
    ours = highs_from_arrays(arrays, names=True)
    opt = Highs()
    opt.config.load_solution = False
    opt.config.mip_gap = 0.0
    m = build_model(data)
    opt.set_instance(m)
    theirs = opt._solver_model
    assert (ours.getNumCol(), ours.getNumRow(), ours.getNumNz()) == (
        theirs.getNumCol(),
        theirs.getNumRow(),
        theirs.getNumNz(),
    )
    # both written as MPS with names: the same set of (row, column, coefficient) entries
    ours.writeModel(str(tmp_path / "ours.lp"))
    theirs_path = tmp_path / "pyomo.lp"
    theirs.writeModel(str(theirs_path))
    results = opt.solve(m)
    ours.setOptionValue("mip_rel_gap", 0.0)
    ours.run()
    assert ours.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert ours.getInfo().objective_function_value == pytest.approx(results.best_feasible_objective, rel=1e-7)
    back = highspy.Highs()
    back.setOptionValue("output_flag", False)
    back.readModel(str(tmp_path / "ours.lp"))
    assert back.getNumCol() == arrays.n_cols and back.getNumNz() == arrays.matrix.nnz


def test_solve_model_writes_the_model_it_solves(tmp_path: Path) -> None:
    import highspy

    data = random_data(1)
    path = tmp_path / "model.mps"
    _, report = solve_model(data, write_model=path, time_limit_s=20)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(str(path))
    assert (h.getNumCol(), h.getNumRow(), h.getNumNz()) == (
        report.n_variables,
        report.n_constraints,
        report.n_nonzeros,
    )
    h.setOptionValue("mip_rel_gap", 0.0)
    h.run()
    assert h.getInfo().objective_function_value == pytest.approx(
        solve_model(data, mip_rel_gap=0.0)[0].objective
    )
