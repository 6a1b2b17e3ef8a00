"""Build the Pyomo model from :class:`~siting.model.data.ModelData`; move plans in and out of it.

Building, solving and reading the solution back are separate steps (as in PyPSA's ``create_model`` /
``solve_model`` / ``assign_solution``):

* :func:`build_model` adds the sets and variables (:mod:`~siting.model.reference.variables`), every
  constraint family (:mod:`~siting.model.reference.constraints`), the objective
  (:mod:`~siting.model.reference.objectives`) and finally the user hook ``extra_constraints(m, data)``;
* :func:`set_start_values` writes a plan into the variables' values (the MIP start);
* :func:`plan_arrays_from_model` reads the opened sites and piles back, rounded robustly.

The model is returned, never attached to ``data``; nothing else is modified.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pyomo.environ as pyo

from siting._sparse import canonical_csr
from siting.model.data import ModelData, Solution
from siting.model.reference.constraints import (
    add_county_minimum_constraints,
    add_fast_coverage_constraints,
    add_locked_site_constraints,
    add_pile_count_constraints,
    add_slow_service_constraints,
    add_station_count_constraints,
    add_terminal_coverage_constraints,
)
from siting.model.reference.objectives import add_objective
from siting.model.reference.variables import add_sets, add_variables

__all__ = ["ExtraConstraints", "build_model", "plan_arrays_from_model", "set_start_values"]

#: Signature of the user hook: add components to ``m`` (e.g. ``m.con_my_rule``), return nothing.
ExtraConstraints = Callable[[pyo.ConcreteModel, ModelData], None]


def build_model(data: ModelData, *, extra_constraints: ExtraConstraints | None = None) -> pyo.ConcreteModel:
    """Build the siting MIP (see ``docs/model.md``) as a Pyomo ``ConcreteModel``.

    Parameters
    ----------
    data
        Model inputs.  Run :func:`siting.solve.check_feasibility` first: a requirement that can
        never be met (for example a county minimum in a county without candidates) makes Pyomo raise
        while building.
    extra_constraints
        Optional hook called last as ``extra_constraints(m, data)``; it may add variables,
        constraints or change bounds.  Name new constraints ``con_<meaning>``.

    Returns
    -------
    pyomo.environ.ConcreteModel
        Sets ``SITES``, ``DEMAND``, ``TERMINALS``, ``PILE_SITES``, ``SLOW_PAIRS``, ``COUNTIES``;
        variables ``open_station``, ``covered``, ``terminal_covered``, ``piles``, ``slow_flow``;
        constraints ``con_station_count``, ``con_pile_count``, ``con_fast_coverage``,
        ``con_terminal_coverage``, ``con_terminal_quota`` (when ``q > 0``), ``con_slow_demand``,
        ``con_pile_service``, ``con_county_min_stations``, ``con_county_min_piles``; locked sites
        fixed to 1; expressions ``fast_covered_ev``, ``slow_served_ev``, ``access_tie_break``;
        objective ``objective``.
    """
    m = pyo.ConcreteModel(name="ev_charging_siting")
    add_sets(m, data)
    add_variables(m, data)
    add_station_count_constraints(m, data)
    add_pile_count_constraints(m, data)
    add_fast_coverage_constraints(m, data)
    add_terminal_coverage_constraints(m, data)
    add_slow_service_constraints(m, data)
    add_locked_site_constraints(m, data)
    add_county_minimum_constraints(m, data)
    add_objective(m, data)
    if extra_constraints is not None:
        extra_constraints(m, data)
    return m


def set_start_values(m: pyo.ConcreteModel, solution: Solution) -> None:
    """Write a plan into the values of every model variable (the MIP start).

    Parameters
    ----------
    m
        A model from :func:`build_model`.
    solution
        A feasible plan (for example from :func:`siting.solve.greedy.greedy_solution`); ``y``, ``z`` and
        ``f`` take the plan's coverage and flows so that HiGHS receives a complete, feasible point.
    """
    opened = np.asarray(solution.open_station, dtype=bool)
    piles = np.asarray(solution.piles, dtype=np.int64)
    covered = np.asarray(solution.fast_covered, dtype=bool)
    terminals = np.asarray(solution.terminal_covered, dtype=bool)
    for j in m.SITES:
        if not m.open_station[j].fixed:
            m.open_station[j].set_value(1 if opened[j] else 0)
    for k in m.PILE_SITES:
        m.piles[k].set_value(int(piles[k]))
    for i in m.DEMAND:
        m.covered[i].set_value(1.0 if covered[i] else 0.0)
    for t in m.TERMINALS:
        m.terminal_covered[t].set_value(1.0 if terminals[t] else 0.0)
    flows = canonical_csr(solution.slow_flow_ev)
    for i, k in m.SLOW_PAIRS:
        m.slow_flow[i, k].set_value(0.0)
    rows = np.repeat(np.arange(flows.shape[0]), np.diff(flows.indptr))
    for i, k, v in zip(rows.tolist(), flows.indices.tolist(), flows.data.tolist(), strict=True):
        if (i, k) in m.SLOW_PAIRS and v > 0:
            m.slow_flow[i, k].set_value(float(v))


def plan_arrays_from_model(
    m: pyo.ConcreteModel,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    """Read the opened sites and the piles from the variable values of a solved model.

    Binaries are rounded at 0.5 and integers to the nearest whole number, clipped to the variable
    bounds, so solver tolerances (``0.9999997``) never drop a station.  A variable without a value
    counts as 0.

    Returns
    -------
    open_station, piles
        ``(n_candidates,)`` bool and ``(n_pile_sites,)`` int64 arrays.
    """
    opened = np.array([_value(m.open_station[j]) > 0.5 for j in m.SITES], dtype=bool)
    piles = np.array([_rounded(m.piles[k]) for k in m.PILE_SITES], dtype=np.int64)
    return opened, piles


def _rounded(var: pyo.Var) -> int:
    """Return an integer variable's value rounded to the nearest whole number within its bounds."""
    value = round(_value(var))
    if var.lb is not None:
        value = max(value, int(np.ceil(var.lb)))
    if var.ub is not None:
        value = min(value, int(np.floor(var.ub)))
    return value


def _value(var: pyo.Var) -> float:
    """Return a variable's value, 0 when it has none."""
    value = var.value
    return 0.0 if value is None else float(value)
