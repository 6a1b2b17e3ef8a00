"""siting.costmatrix: the maximal covering problem on a cost matrix the user brings (spopt-style)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp
from shapely.geometry import Point

from siting._errors import InputDataError
from siting.costmatrix import from_cost_matrix, from_geodataframes

SF = Path(__file__).parent / "input_data" / "spopt_sf"
SF_PAIRS = SF / "SF_network_distance_candidateStore_16_censusTract_205_new.csv"
SF_OPTIMUM = 875_247.0
SF_SITES = ["Store_11", "Store_12", "Store_15", "Store_2"]


@pytest.fixture(scope="module")
def sf() -> tuple[pd.DataFrame, pd.Series]:
    pairs = pd.read_csv(SF_PAIRS, dtype={"DestinationName": str, "name": str})
    weights = pairs.groupby("DestinationName")["demand"].first()
    return pairs, weights


def test_sf_long_table_gives_spopts_optimum(sf: tuple[pd.DataFrame, pd.Series]) -> None:
    pairs, weights = sf
    r = from_cost_matrix(
        pairs, weights, 5000, 4, demand_col="DestinationName", candidate_col="name", cost_col="distance"
    )
    assert r.covered_weight == SF_OPTIMUM
    assert r.total_weight == 955_113.0
    assert r.selected == SF_SITES
    assert r.status == "optimal" and r.gap <= 1e-6
    assert r.demand["weight"][r.demand["covered"]].sum() == SF_OPTIMUM
    assert list(r.candidates.columns) == [
        "candidate_id",
        "selected",
        "weight_within_radius",
        "weight_covered_only_here",
    ]
    assert (r.demand.loc[r.demand["covered"], "cost_to_nearest_selected"] <= 5000).all()


def test_sf_dense_unfiltered_and_sparse_filtered_agree(sf: tuple[pd.DataFrame, pd.Series]) -> None:
    """The full matrix (every store-tract distance, most beyond 5 km) must not claim coverage it lacks."""
    pairs, weights = sf
    dense = pairs.pivot_table(index="DestinationName", columns="name", values="distance", aggfunc="first")
    w = weights.reindex(dense.index).to_numpy()
    full = from_cost_matrix(dense.to_numpy(), w, 5000, 4, candidate_ids=list(dense.columns))
    assert full.covered_weight == SF_OPTIMUM and full.selected == SF_SITES
    within = np.where(dense.to_numpy() <= 5000, dense.to_numpy(), 0.0)
    filtered = from_cost_matrix(sp.csr_matrix(within), w, 5000, 4, candidate_ids=list(dense.columns))
    assert filtered.covered_weight == SF_OPTIMUM and filtered.selected == SF_SITES
    by_id = from_cost_matrix(
        dense.to_numpy(), pd.Series(w, index=dense.index), 5000, 4, demand_ids=dense.index
    )
    assert by_id.covered_weight == SF_OPTIMUM


def test_zero_cost_pairs_are_kept() -> None:
    cost = np.array([[0.0, 50.0], [50.0, 0.0], [9.0, np.nan]])
    r = from_cost_matrix(cost, [5.0, 1.0, 2.0], 10.0, 1)
    assert r.selected == ["0"] and r.covered_weight == 7.0
    assert r.demand["cost_to_nearest_selected"].tolist()[:1] == [0.0]
    explicit = sp.coo_matrix(
        (np.array([0.0, 0.0]), (np.array([0, 1]), np.array([0, 1]))), shape=(3, 2)
    ).tocsr()
    assert explicit.nnz == 2
    r2 = from_cost_matrix(explicit, [5.0, 1.0, 2.0], 10.0, 1)
    assert r2.selected == ["0"] and r2.covered_weight == 5.0


def test_locked_sites_are_chosen() -> None:
    cost = np.array([[1.0, 99.0, 99.0], [99.0, 1.0, 99.0], [99.0, 99.0, 1.0]])
    r = from_cost_matrix(cost, [10.0, 5.0, 1.0], 5.0, 2, candidate_ids=["a", "b", "c"], locked=["c"])
    assert r.selected == ["a", "c"] and r.covered_weight == 11.0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"weights": [1.0, 2.0]}, "weights has 2 values but there are 3 demand points"),
        ({"weights": [1.0, -2.0, 1.0]}, "weights must be finite and >= 0; demand 1"),
        ({"n_stations": 4}, "n_stations must be a whole number from 1 to 2"),
        ({"n_stations": 1.5}, "n_stations must be a whole number"),
        ({"service_radius": float("nan")}, "service_radius must be a finite number"),
        ({"candidate_ids": ["a"]}, "candidate_ids has 1 ids but cost has 2 columns"),
        ({"demand_ids": ["x", "x", "y"]}, "demand_ids repeats x"),
        ({"locked": ["z"]}, "locked site 'z' is not a candidate id"),
        ({"cost": np.array([[1.0, -1.0], [1.0, 1.0], [1.0, 1.0]])}, "negative entry"),
        ({"cost": np.ones(3)}, "cost must be 2-D"),
    ],
)
def test_bad_arguments_raise_one_clear_error(kwargs: dict[str, object], match: str) -> None:
    args: dict[str, object] = {"cost": np.ones((3, 2)), "weights": [1.0, 1.0, 1.0], "service_radius": 5.0}
    args["n_stations"] = 1
    args.update(kwargs)
    with pytest.raises(InputDataError, match=match) as info:
        from_cost_matrix(**args)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)


def test_long_table_errors(sf: tuple[pd.DataFrame, pd.Series]) -> None:
    pairs, weights = sf
    with pytest.raises(InputDataError, match=r"no column 'demand_id'.*demand_col="):
        from_cost_matrix(pairs, weights, 5000, 4)
    twice = pd.concat([pairs, pairs.head(1)])
    with pytest.raises(InputDataError, match="appears more than once"):
        from_cost_matrix(
            twice, weights, 5000, 4, demand_col="DestinationName", candidate_col="name", cost_col="distance"
        )
    with pytest.raises(InputDataError, match="weights has no value for demand ids"):
        from_cost_matrix(
            pairs,
            weights.iloc[1:],
            5000,
            4,
            demand_col="DestinationName",
            candidate_col="name",
            cost_col="distance",
        )


def test_geodataframes_straight_line_and_crs_checks() -> None:
    demand = gpd.GeoDataFrame(
        {"people": [100.0, 50.0, 10.0]},
        geometry=[Point(0, 0), Point(1000, 0), Point(5000, 0)],
        crs="EPSG:32648",
    )
    sites = gpd.GeoDataFrame(
        {"name": ["west", "east"]}, geometry=[Point(400, 0), Point(5100, 0)], crs="EPSG:32648"
    )
    r = from_geodataframes(
        demand, sites, weight_col="people", service_radius=700, n_stations=1, candidate_id_col="name"
    )
    assert r.selected == ["west"] and r.covered_weight == 150.0
    with pytest.raises(InputDataError, match=r"EPSG:32648.*EPSG:4326"):
        from_geodataframes(demand, sites.to_crs(4326), weight_col="people", service_radius=700, n_stations=1)
    with pytest.raises(InputDataError, match="no column 'pop'"):
        from_geodataframes(demand, sites, weight_col="pop", service_radius=700, n_stations=1)


def _exact_mclp(cost: np.ndarray, w: np.ndarray, radius: float, p: int) -> float:
    """The MCLP written directly for scipy.optimize.milp (independent of siting's model code)."""
    n_d, n_c = cost.shape
    a = (np.nan_to_num(cost, nan=np.inf) <= radius).astype(float)
    c = np.concatenate([np.zeros(n_c), -w])  # variables: x (sites), y (covered)
    rows = [np.concatenate([np.ones(n_c), np.zeros(n_d)])]
    lo, hi = [p], [p]
    for i in range(n_d):
        row = np.concatenate([-a[i], np.zeros(n_d)])
        row[n_c + i] = 1.0
        rows.append(row)
        lo.append(-np.inf)
        hi.append(0.0)
    res = milp(
        c,
        constraints=LinearConstraint(np.array(rows), lo, hi),
        integrality=np.ones(n_c + n_d),
        bounds=Bounds(0, 1),
    )
    assert res.success
    return float(-res.fun)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_d=st.integers(1, 12),
    n_c=st.integers(1, 6),
    seed=st.integers(0, 2**31 - 1),
    radius=st.floats(0.0, 10.0),
    missing=st.floats(0.0, 0.5),
)
def test_matches_an_exact_mip_on_random_instances(
    n_d: int, n_c: int, seed: int, radius: float, missing: float
) -> None:
    rng = np.random.default_rng(seed)
    cost = rng.integers(0, 12, size=(n_d, n_c)).astype(float)
    cost[rng.random((n_d, n_c)) < missing] = np.nan
    w = rng.integers(0, 20, size=n_d).astype(float)
    p = int(rng.integers(1, n_c + 1))
    r = from_cost_matrix(cost, w, radius, p)
    assert r.covered_weight == pytest.approx(_exact_mclp(cost, w, radius, p), abs=1e-9)
    assert len(r.selected) == p
    covered = (np.nan_to_num(cost, nan=np.inf)[:, [int(s) for s in r.selected]] <= radius).any(axis=1)
    assert r.covered_weight == pytest.approx(float(w[covered].sum()), abs=1e-9)
