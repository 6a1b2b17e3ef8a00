"""Properties of every plan the solver returns (hypothesis): requirements hold whenever they can.

For random instances with a terminal quota, county minimums and locked sites: if the pre-checks pass, the
returned plan opens exactly ``n_stations`` (locked ones included), places exactly ``n_piles`` within
capacities, covers at least the quota and meets every county minimum; if they fail, the error is our own
:class:`InfeasibleError` with a message.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_model import random_data

from siting._errors import InfeasibleError
from siting.solve import solve_model


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    quota=st.integers(0, 4),
    county_min=st.integers(0, 2),
    n_stations=st.integers(4, 10),
    n_piles=st.integers(1, 60),
)
def test_returned_plans_meet_every_requirement(
    seed: int, quota: int, county_min: int, n_stations: int, n_piles: int
) -> None:
    data = random_data(seed, n_candidates=20, n_zones=60, n_stations=n_stations, n_piles=n_piles)
    data.terminal_quota = quota
    data.county_min_stations = np.array([county_min, county_min, 0])
    try:
        plan, report = solve_model(data, time_limit_s=20, mip_rel_gap=0.0)
    except InfeasibleError as exc:
        assert exc.problems and all(p for p in exc.problems)
        return
    assert int(plan.open_station.sum()) == data.n_stations
    assert plan.open_station[data.station_locked].all()  # locked sites stay open
    assert int(plan.piles.sum()) == data.n_piles  # piles sum exactly to the target
    assert (plan.piles <= data.pile_capacity).all() and (plan.piles >= 0).all()
    reach = data.terminal_dist_m.tocsr() @ plan.open_station.astype(float)
    assert int((reach > 0).sum()) >= data.terminal_quota  # quota met when feasible
    per_county = np.bincount(data.station_county[plan.open_station], minlength=data.n_counties)
    assert (per_county[: data.n_counties] >= data.county_min_stations[: data.n_counties]).all()
    piles_county = np.bincount(data.pile_county, weights=plan.piles, minlength=data.n_counties)
    assert (piles_county[: data.n_counties] >= data.county_min_piles[: data.n_counties] - 1e-9).all()
    assert 0.0 <= report.gap <= 1e-6 or report.status != "optimal"
