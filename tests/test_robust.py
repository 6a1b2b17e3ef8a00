"""The max-min relative coverage model (siting.model.robust) and its solve (siting.minmax)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.stats import qmc

from siting.minmax import StationRules, regret_table, solve_robust
from siting.model.robust import build_robust_model, coverage_by_future

#: Three sites, each covering one zone; future 1 weighs zone 0, future 2 zone 1, both weigh zone 2 a little.
REACH = sp.csr_matrix(np.eye(3))
WEIGHTS = np.array([[10.0, 0.0], [0.0, 10.0], [1.0, 1.0]])


def test_one_station_hedges_between_two_futures() -> None:
    # p = 1: future 1's optimum is site 0 (10), future 2's is site 1 (10); each scores 0 in the other
    # future, site 2 scores 1 in both: worst ratios 0, 0 and 0.1 — the robust plan is site 2, t = 0.1.
    plan = solve_robust(REACH, WEIGHTS, [10.0, 10.0], 1)
    assert plan.open_site.tolist() == [False, False, True]
    assert plan.worst_ratio == pytest.approx(0.1)
    assert plan.table["ratio"].tolist() == pytest.approx([0.1, 0.1])
    regret = regret_table(REACH, WEIGHTS, np.eye(3, dtype=bool), [10.0, 10.0])
    worst = regret.groupby("plan")["ratio"].min()
    assert worst.tolist() == pytest.approx([0.0, 0.0, 0.1])
    assert regret.loc[(regret["plan"] == 1) & (regret["future"] == 2), "regret"].item() == pytest.approx(10.0)


def test_two_stations_take_both_big_zones() -> None:
    # p = 2: optima {0, 2} = 11 and {1, 2} = 11; {0, 1} scores 10 in both (ratio 10/11), {0, 2} only 1/11
    # in future 2: the robust plan is {0, 1}.
    plan = solve_robust(REACH, WEIGHTS, [11.0, 11.0], 2)
    assert plan.open_site.tolist() == [True, True, False]
    assert plan.worst_ratio == pytest.approx(10 / 11)


def test_model_rows_and_bad_input() -> None:
    model = build_robust_model(REACH, WEIGHTS, [10.0, 10.0], 1)
    assert (model.n_cols, model.n_rows) == (7, 1 + 3 + 2)
    assert [f.name for f in model.row_families()] == ["con_n_stations", "con_cover", "con_future_ratio"]
    assert len(model.names_of_rows()) == model.n_rows and model.column_names()[-1] == "t"
    with pytest.raises(ValueError, match="zones × futures"):
        build_robust_model(REACH, WEIGHTS[:2], [10.0, 10.0], 1)
    with pytest.raises(ValueError, match="optimum must be > 0"):
        build_robust_model(REACH, WEIGHTS, [10.0, 0.0], 1)
    with pytest.raises(ValueError, match="n_stations = 4"):
        build_robust_model(REACH, WEIGHTS, [10.0, 10.0], 4)


def test_robust_plan_beats_every_single_future_plan_in_its_worst_future() -> None:
    # random coverage instance, K = 8 Latin-hypercube futures scaling the weights of three zone groups
    rng = np.random.default_rng(7)
    n_zones, n_sites, p, k = 60, 25, 4, 8
    reach = sp.csr_matrix(rng.random((n_zones, n_sites)) < 0.08)
    base = rng.lognormal(0.0, 1.0, n_zones)
    group = rng.integers(0, 3, n_zones)
    factors = qmc.scale(qmc.LatinHypercube(d=3, seed=1).random(k), [0.2] * 3, [3.0] * 3)
    weights = base[:, None] * factors[:, group].T  # zones × futures
    plans, optimum = [], []
    for f in range(k):  # each future's own optimum (p = 4 of 25: by the same MIP with one future)
        own = solve_robust(reach, weights[:, [f]], [1.0], p)
        plans.append(own.open_site)
        optimum.append(coverage_by_future(reach, weights[:, [f]], own.open_site)[0])
    robust = solve_robust(reach, weights, optimum, p)
    regret = regret_table(reach, weights, np.array(plans), optimum)
    worst_single = regret.groupby("plan")["ratio"].min()
    assert robust.worst_ratio >= worst_single.max() - 1e-9
    assert robust.worst_ratio <= 1.0 + 1e-9
    assert (regret["regret"] >= -1e-9).all()  # nothing beats a future's own optimum


def test_station_rules_lock_sites_cover_terminals_and_meet_county_minimums() -> None:
    # p = 1 without rules: site 2 (t = 0.1).  Locking site 0 forces it; a terminal only site 1 reaches, with a
    # quota of 1, forces site 1; a minimum of 1 station in county 1 (site 0 alone) forces site 0.
    locked = solve_robust(
        REACH, WEIGHTS, [10.0, 10.0], 1, rules=StationRules(locked=np.array([1, 0, 0], bool))
    )
    assert locked.open_site.tolist() == [True, False, False] and locked.worst_ratio == pytest.approx(0.0)
    terminal = StationRules(terminal_reach=sp.csr_matrix(np.array([[0.0, 300.0, 0.0]])), terminal_quota=1)
    model = build_robust_model(REACH, WEIGHTS, [10.0, 10.0], 1, terminal)
    names = [f.name for f in model.row_families()]
    assert names == [
        "con_n_stations",
        "con_cover",
        "con_terminal_cover",
        "con_terminal_quota",
        "con_future_ratio",
    ]
    assert model.column_names()[-2:] == ["z[0]", "t"]
    assert solve_robust(REACH, WEIGHTS, [10.0, 10.0], 1, rules=terminal).open_site.tolist() == [
        False,
        True,
        False,
    ]
    county = StationRules(site_county=np.array([1, 0, 0]), county_min=np.array([0, 1]))
    assert solve_robust(REACH, WEIGHTS, [10.0, 10.0], 1, rules=county).open_site.tolist() == [
        True,
        False,
        False,
    ]


def test_warm_start_is_kept_when_the_time_limit_stops_the_search() -> None:
    # the start (site 2, the optimum) is accepted: even a tiny time limit returns a plan at least as good
    plan = solve_robust(
        REACH, WEIGHTS, [10.0, 10.0], 1, start=np.array([False, False, True]), time_limit_s=0.01
    )
    assert plan.worst_ratio >= 0.1 - 1e-9
