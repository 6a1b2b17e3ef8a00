r"""The objective: EVs covered by fast charging and served by piles, plus a small tie-break.

.. math::

    \max \; w_f \sum_{i \in I^f} a_i y_i + w_s \sum_{(i,k) \in W} f_{ik} + \sum_{j \in J} b_j x_j

The tie-break coefficients ``b_j`` (:func:`siting.model.objective.tie_break_coefficients`) reward
candidates close to the demand they cover and are scaled so that the whole tie-break term never exceeds
``epsilon`` times the largest possible fast-coverage term :math:`w_f \sum_i a_i`.
:func:`siting.model.objective.plan_objective` evaluates the same formula for a plan given as arrays.
"""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from siting.model.data import ModelData
from siting.model.objective import tie_break_coefficients

__all__ = ["add_objective"]


def add_objective(m: pyo.ConcreteModel, data: ModelData) -> None:
    r"""Add the objective and its three parts as named expressions.

    .. math::

        \max \; w_f \, \underbrace{\sum_{i \in I^f} a_i y_i}_{\text{``fast_covered_ev``}}
        + w_s \, \underbrace{\sum_{(i,k) \in W} f_{ik}}_{\text{``slow_served_ev``}}
        + \underbrace{\sum_{j \in J} b_j x_j}_{\text{``access_tie_break``}}

    Components: ``fast_covered_ev``, ``slow_served_ev``, ``access_tie_break`` (expressions) and
    ``objective`` (maximised).
    """
    demand = np.asarray(data.demand_fast_ev, dtype=np.float64)
    ties = tie_break_coefficients(data)
    m.fast_covered_ev = pyo.Expression(expr=sum(float(demand[i]) * m.covered[i] for i in m.DEMAND))
    m.slow_served_ev = pyo.Expression(expr=sum(m.slow_flow[pair] for pair in m.SLOW_PAIRS))
    m.access_tie_break = pyo.Expression(
        expr=sum(float(ties[j]) * m.open_station[j] for j in np.flatnonzero(ties > 0).tolist())
    )
    m.objective = pyo.Objective(
        expr=float(data.weight_fast) * m.fast_covered_ev
        + float(data.weight_slow) * m.slow_served_ev
        + m.access_tie_break,
        sense=pyo.maximize,
    )
