"""Exact reductions: same optimum as the unreduced model, plans mapped back to the original indices."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from test_model import make_data, random_data

from siting.model.arrays import build_arrays
from siting.model.data import ModelData
from siting.model.evaluate import evaluate, plan_violations
from siting.solve import solve_model
from siting.solve.greedy import greedy_solution
from siting.solve.highs import highs_from_arrays
from siting.solve.reduce import dominated_candidates, identical_rows, reduce_model_data


def optimum(data: ModelData) -> float:
    """Optimal objective of the model built from ``data`` (HiGHS, gap 0)."""
    h = highs_from_arrays(build_arrays(data))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("threads", 1)
    h.run()
    return float(h.getInfo().objective_function_value)


def test_identical_rows_are_grouped_and_collisions_never_merge() -> None:
    m = sp.csr_matrix(np.array([[1, 0, 1], [1, 0, 1], [0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=float))
    group, leaders = identical_rows(m)
    assert leaders.tolist() == [0, 2, 3]
    assert group.tolist() == [0, 0, 1, 2, 1]


@pytest.mark.parametrize("seed", range(6))
def test_reductions_keep_the_optimum(seed: int) -> None:
    data = random_data(seed, n_candidates=30, n_zones=120, per_zone=2, n_stations=6)
    reduction = reduce_model_data(data)
    assert optimum(reduction.data) == pytest.approx(optimum(data), rel=1e-7, abs=1e-6)


@pytest.mark.parametrize("seed", range(4))
def test_reduced_plans_map_back_with_the_same_objective(seed: int) -> None:
    data = random_data(seed)
    reduction = reduce_model_data(data)
    plan = greedy_solution(reduction.data)
    back = reduction.expand(plan)
    assert back.open_station.shape == (data.n_candidates,)
    assert back.piles.shape == (data.n_pile_sites,)
    assert not plan_violations(data, back.open_station, back.piles)
    assert back.objective == pytest.approx(plan.objective, rel=1e-9)


def test_each_reduction_reports_what_it_removed() -> None:
    # zones 0,1 share {0,1}; zone 2 only reaches site 2; zone 3 reaches nothing; site 3 reaches
    # nothing at all (three dominators >= p = 2; site 1 has one, site 0, and stays)
    data = make_data(
        n_candidates=4,
        fast_ev=[1, 2, 3, 4],
        cover=[{0: 5, 1: 5}, {0: 5, 1: 5}, {2: 5}, {}],
        n_stations=2,
        slow_ev=[1, 1, 0, 0],
        walk=[{0: 10}, {0: 10}, {}, {}],
        pile_capacity=[3, 2, 2],
        n_piles=2,
    )
    reduction = reduce_model_data(data)
    removed = reduction.removed
    assert removed["zones_merged_identical"] == 1
    assert removed["zones_single_candidate"] == 1
    assert removed["zones_without_coverage"] == 1
    assert removed["candidates_dominated"] == 1
    assert removed["slow_zones_merged_identical"] == 1
    assert removed["idle_pile_sites_merged"] == 1
    assert optimum(reduction.data) == pytest.approx(optimum(data))
    solution, report = solve_model(data)
    assert report.reductions == removed
    assert solution.open_station.shape == (4,) and solution.piles.shape == (3,)


def test_a_candidate_needs_p_dominators_to_go() -> None:
    # site 0 covers zone 0 only; sites 1 and 2 cover zones 0 and 1: both dominate site 0
    cover = sp.csr_matrix(np.array([[1, 1, 1], [0, 1, 1]], dtype=float))
    radius = sp.csr_matrix((0, 3))
    county = np.zeros(3, dtype=np.int64)
    ties = np.zeros(3)
    locked = np.zeros(3, dtype=bool)
    assert dominated_candidates(cover, radius, county, ties, locked, 2).tolist() == [True, False, False]
    assert not dominated_candidates(cover, radius, county, ties, locked, 3).any()
    locked[0] = True
    assert not dominated_candidates(cover, radius, county, ties, locked, 2).any()
    # a dominator in another county does not count
    assert dominated_candidates(cover, radius, np.array([0, 0, 1]), ties, ~locked, 2).tolist() == [
        False,
        False,
        False,
    ]


def test_idle_pile_sites_split_back_within_capacity() -> None:
    data = random_data(3, n_pile_sites=40)
    data.pile_capacity[:] = 3
    reduction = reduce_model_data(data)
    piles = np.zeros(reduction.data.n_pile_sites, dtype=np.int64)
    idle = np.flatnonzero(reduction.pile_site_of < 0)
    if idle.size:
        piles[idle[0]] = int(reduction.data.pile_capacity[idle[0]])
    _, back = reduction.expand_arrays(np.zeros(reduction.data.n_candidates, dtype=bool), piles)
    assert back.sum() == piles.sum() and (back <= data.pile_capacity).all()
    assert evaluate(data, np.zeros(data.n_candidates, dtype=bool), back).objective >= 0
