"""Index sets and decision variables of the Pyomo reference model.

The sets hold only what the model needs (see ``docs/model.md``):

``SITES`` (``J``)
    every candidate station site ``j``.
``DEMAND`` (``I^f``)
    demand zones ``i`` with fast-charging demand ``a_i > 0`` and at least one candidate within
    ``fast_minutes`` (a zone with an empty ``N_i`` can never be covered, so it gets no variable).
``TERMINALS`` (``T^r``)
    terminals ``t`` with at least one candidate within the terminal radius (``M_t`` not empty).
``PILE_SITES`` (``K``)
    every pile site ``k``.
``SLOW_PAIRS`` (``W``)
    zone/pile-site pairs ``(i, k)`` within walking distance with ``s_i > 0`` and ``u_k > 0``.
``COUNTIES`` (``C``)
    every county ``c``.

The sets come from the sparse helpers of :mod:`siting.model.sparse`.
"""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from siting.model.data import ModelData
from siting.model.sparse import fast_demand_zones, reachable_terminals, slow_pairs

__all__ = ["add_sets", "add_variables"]


def add_sets(m: pyo.ConcreteModel, data: ModelData) -> None:
    """Add the index sets (``SITES``, ``DEMAND``, ... ``COUNTIES``, see the module docstring).

    Parameters
    ----------
    m
        The model being built (modified in place).
    data
        Model inputs.
    """
    zone, site = slow_pairs(data)
    m.SITES = pyo.Set(initialize=range(data.n_candidates), ordered=True)
    m.DEMAND = pyo.Set(initialize=fast_demand_zones(data).tolist(), ordered=True)
    m.TERMINALS = pyo.Set(initialize=reachable_terminals(data).tolist(), ordered=True)
    m.PILE_SITES = pyo.Set(initialize=range(data.n_pile_sites), ordered=True)
    m.SLOW_PAIRS = pyo.Set(
        initialize=list(zip(zone.tolist(), site.tolist(), strict=True)), dimen=2, ordered=True
    )
    m.COUNTIES = pyo.Set(initialize=range(data.n_counties), ordered=True)


def add_variables(m: pyo.ConcreteModel, data: ModelData) -> None:
    r"""Add the decision variables.

    .. math::

        x_j &\in \{0, 1\}                   && j \in J     && \text{``open_station``} \\
        y_i &\in [0, 1]                     && i \in I^f   && \text{``covered``} \\
        z_t &\in [0, 1]                     && t \in T^r   && \text{``terminal_covered``} \\
        n_k &\in \{0, 1, \dots, u_k\}       && k \in K     && \text{``piles``} \\
        f_{ik} &\ge 0                       && (i,k) \in W && \text{``slow_flow``}

    ``y`` and ``z`` are continuous: with binary ``x`` an optimal (or merely feasible) solution can
    always be rounded up to 0/1 values without loss (proof in ``docs/model.md``).

    Parameters
    ----------
    m
        The model being built, with its sets (modified in place).
    data
        Model inputs.
    """
    capacity = np.asarray(data.pile_capacity, dtype=np.int64).tolist()
    m.open_station = pyo.Var(m.SITES, domain=pyo.Binary)
    m.covered = pyo.Var(m.DEMAND, bounds=(0.0, 1.0))
    m.terminal_covered = pyo.Var(m.TERMINALS, bounds=(0.0, 1.0))
    m.piles = pyo.Var(m.PILE_SITES, domain=pyo.NonNegativeIntegers, bounds=lambda _m, k: (0, capacity[k]))
    m.slow_flow = pyo.Var(m.SLOW_PAIRS, domain=pyo.NonNegativeReals)
