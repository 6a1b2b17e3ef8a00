r"""Constraint families of the siting model: one function per family, the maths in its docstring.

Every function takes the model ``m`` (with the sets and variables of :mod:`siting.model.reference.variables`)
and the :class:`~siting.model.data.ModelData` it was built from, adds components named
``con_<meaning>`` and returns nothing.  Rows are built straight from the CSR ``indptr``/``indices``
arrays: one Python step per row, never one per candidate × demand pair.  Symbols follow
``docs/model.md``.  A requirement whose sum is empty (a county minimum without candidates) can never
be met and raises :class:`~siting._errors.InfeasibleError` while building.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyomo.environ as pyo

from siting._errors import InfeasibleError
from siting._sparse import canonical_csr
from siting.model.data import ModelData
from siting.model.sparse import slow_pairs

__all__ = [
    "add_county_minimum_constraints",
    "add_fast_coverage_constraints",
    "add_locked_site_constraints",
    "add_pile_count_constraints",
    "add_slow_service_constraints",
    "add_station_count_constraints",
    "add_terminal_coverage_constraints",
]


def add_station_count_constraints(m: pyo.ConcreteModel, data: ModelData) -> None:
    r"""Open exactly ``p`` stations (locked sites included).

    .. math::

        \sum_{j \in J} x_j = p \qquad \text{(``con_station_count``)}
    """
    _require(
        len(m.SITES) > 0 or int(data.n_stations) == 0,
        f"n_stations = {data.n_stations} but there are no candidate sites",
    )
    if len(m.SITES) > 0:
        m.con_station_count = pyo.Constraint(
            expr=sum(m.open_station[j] for j in m.SITES) == int(data.n_stations)
        )


def add_pile_count_constraints(m: pyo.ConcreteModel, data: ModelData) -> None:
    r"""Place exactly ``P`` piles; the site capacity ``n_k <= u_k`` is the variable's upper bound.

    .. math::

        \sum_{k \in K} n_k = P \qquad \text{(``con_pile_count``)}
    """
    _require(
        len(m.PILE_SITES) > 0 or int(data.n_piles) == 0,
        f"n_piles = {data.n_piles} but there are no pile sites",
    )
    if len(m.PILE_SITES) > 0:
        m.con_pile_count = pyo.Constraint(expr=sum(m.piles[k] for k in m.PILE_SITES) == int(data.n_piles))


def add_fast_coverage_constraints(m: pyo.ConcreteModel, data: ModelData) -> None:
    r"""A zone counts as fast-covered only if an open station lies within ``fast_minutes``.

    .. math::

        y_i \le \sum_{j \in N_i} x_j \qquad \forall i \in I^f \qquad \text{(``con_fast_coverage``)}

    where :math:`N_i` is the set of candidates in row ``i`` of ``fast_time_min``.
    """
    cover = canonical_csr(data.fast_time_min)
    indptr, indices = cover.indptr, cover.indices
    x = [m.open_station[j] for j in range(data.n_candidates)]
    y = m.covered

    def rule(_m: pyo.ConcreteModel, i: int) -> object:
        return y[i] <= sum([x[j] for j in indices[indptr[i] : indptr[i + 1]].tolist()])

    m.con_fast_coverage = pyo.Constraint(m.DEMAND, rule=rule)


def add_terminal_coverage_constraints(m: pyo.ConcreteModel, data: ModelData) -> None:
    r"""Cover at least ``q`` passenger terminals with an open station within the terminal radius.

    .. math::

        z_t &\le \sum_{j \in M_t} x_j \quad \forall t \in T^r
            \qquad \text{(``con_terminal_coverage``)} \\
        \sum_{t \in T^r} z_t &\ge q \qquad \text{(``con_terminal_quota``)}

    Terminals with an empty :math:`M_t` cannot be covered and have no :math:`z_t`; the quota counts
    only the reachable ones (``check_feasibility`` reports a quota above their number).  No quota
    row is added when ``q = 0``.
    """
    radius = canonical_csr(data.terminal_dist_m)
    indptr, indices = radius.indptr, radius.indices
    x = [m.open_station[j] for j in range(data.n_candidates)]
    z = m.terminal_covered

    def rule(_m: pyo.ConcreteModel, t: int) -> object:
        return z[t] <= sum([x[j] for j in indices[indptr[t] : indptr[t + 1]].tolist()])

    m.con_terminal_coverage = pyo.Constraint(m.TERMINALS, rule=rule)
    if int(data.terminal_quota) > 0:
        _require(
            len(m.TERMINALS) > 0,
            f"terminal quota q = {data.terminal_quota} but no terminal has a candidate in reach",
        )
        m.con_terminal_quota = pyo.Constraint(expr=sum(z[t] for t in m.TERMINALS) >= int(data.terminal_quota))


def add_slow_service_constraints(m: pyo.ConcreteModel, data: ModelData) -> None:
    r"""Serve slow-charging EVs only up to each zone's demand and each site's pile capacity.

    .. math::

        \sum_{k : (i,k) \in W} f_{ik} &\le s_i \quad \forall i
            \qquad \text{(``con_slow_demand``)} \\
        \sum_{i : (i,k) \in W} f_{ik} &\le e \, n_k \quad \forall k
            \qquad \text{(``con_pile_service``)}

    Rows are added only for zones and sites that appear in at least one pair of :math:`W`.
    """
    zone, site = slow_pairs(data)
    flows = [m.slow_flow[i, k] for i, k in zip(zone.tolist(), site.tolist(), strict=True)]
    demand = np.asarray(data.demand_slow_ev, dtype=np.float64)
    e = float(data.evs_per_pile)

    # pairs are sorted by zone: consecutive runs share a zone
    zones, zone_start, zone_count = np.unique(zone, return_index=True, return_counts=True)
    zone_end = zone_start + zone_count
    by_zone = {int(i): (int(a), int(b)) for i, a, b in zip(zones, zone_start, zone_end, strict=True)}
    # group pair positions by site with a stable sort
    order = np.argsort(site, kind="stable")
    sites, site_start, site_count = np.unique(site[order], return_index=True, return_counts=True)
    site_end = site_start + site_count
    by_site = {int(k): order[a:b].tolist() for k, a, b in zip(sites, site_start, site_end, strict=True)}

    def demand_rule(_m: pyo.ConcreteModel, i: int) -> object:
        a, b = by_zone[i]
        return sum(flows[a:b]) <= float(demand[i])

    def site_rule(_m: pyo.ConcreteModel, k: int) -> object:
        return sum([flows[p] for p in by_site[k]]) <= e * m.piles[k]

    m.con_slow_demand = pyo.Constraint(list(by_zone), rule=demand_rule)
    m.con_pile_service = pyo.Constraint(list(by_site), rule=site_rule)


def add_locked_site_constraints(m: pyo.ConcreteModel, data: ModelData) -> None:
    r"""Keep locked sites open by fixing their variable (no row is added).

    .. math::

        x_j = 1 \qquad \forall j \in J^{lock}
    """
    for j in np.flatnonzero(np.asarray(data.station_locked, dtype=bool)).tolist():
        m.open_station[j].fix(1)


def add_county_minimum_constraints(m: pyo.ConcreteModel, data: ModelData) -> None:
    r"""Give every county at least its minimum number of stations and of piles.

    .. math::

        \sum_{j \in J : c(j) = c} x_j &\ge L_c \qquad \forall c : L_c > 0
            \qquad \text{(``con_county_min_stations``)} \\
        \sum_{k \in K : c(k) = c} n_k &\ge L'_c \qquad \forall c : L'_c > 0
            \qquad \text{(``con_county_min_piles``)}
    """
    station_county = np.asarray(data.station_county, dtype=np.int64)
    pile_county = np.asarray(data.pile_county, dtype=np.int64)
    min_stations = _county_values(data.county_min_stations, data.n_counties)
    min_piles = _county_values(data.county_min_piles, data.n_counties)

    station_rows = [int(c) for c in np.flatnonzero(min_stations > 0)]
    pile_rows = [int(c) for c in np.flatnonzero(min_piles > 0)]

    def station_rule(_m: pyo.ConcreteModel, c: int) -> object:
        sites = np.flatnonzero(station_county == c).tolist()
        _require(bool(sites), f"county {c} needs {min_stations[c]} stations but has no candidates")
        return sum([m.open_station[j] for j in sites]) >= int(min_stations[c])

    def pile_rule(_m: pyo.ConcreteModel, c: int) -> object:
        sites = np.flatnonzero(pile_county == c).tolist()
        _require(bool(sites), f"county {c} needs {min_piles[c]} piles but has no pile sites")
        return sum([m.piles[k] for k in sites]) >= int(min_piles[c])

    m.con_county_min_stations = pyo.Constraint(station_rows, rule=station_rule)
    m.con_county_min_piles = pyo.Constraint(pile_rows, rule=pile_rule)


def _require(condition: bool, problem: str) -> None:
    """Raise :class:`InfeasibleError` when a row would be trivially infeasible (an empty sum)."""
    if not condition:
        raise InfeasibleError(f"{problem}; run siting.solve.check_feasibility for every problem")


def _county_values(values: npt.ArrayLike, n_counties: int) -> npt.NDArray[np.int64]:
    """Return county minimums as an int64 array of length ``n_counties`` (missing values are 0)."""
    arr = np.zeros(n_counties, dtype=np.int64)
    given = np.asarray(values, dtype=np.int64).ravel()[:n_counties]
    arr[: given.size] = given
    return arr
