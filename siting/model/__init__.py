"""The optimisation model: inputs and plan (``data``), and the Pyomo formulation built from them.

Modules (the maths is in ``docs/model.md`` and in each function's docstring):

``data``
    :class:`~siting.model.data.ModelData` (index-based inputs) and
    :class:`~siting.model.data.Solution`.
``variables``
    index sets, decision variables and the sparse index helpers.
``constraints``
    one ``add_*_constraints(m, data)`` function per constraint family.
``objectives``
    the objective, its tie-break coefficients and :func:`~siting.model.objectives.plan_objective`.
``build``
    :func:`~siting.model.build.build_model` (with the ``extra_constraints`` hook), MIP start and
    read-back.

Solving lives in :mod:`siting.solve`, the heuristic in :mod:`siting.greedy`.
"""

from siting.model import build, constraints, data, objectives, variables

__all__ = ["build", "constraints", "data", "objectives", "variables"]
