"""The optimisation model: maths only, no solver and no Pyomo on import.

Modules (the maths is in ``docs/model.md`` and in each function's docstring):

``data``
    :class:`~siting.model.data.ModelData` (index-based inputs), :class:`~siting.model.data.Solution`,
    :class:`~siting.model.data.StagePlan` and the planning families (:class:`~siting.model.data.Planning`).
``sparse``
    which zones, terminals and pairs get variables; rows with identical patterns.
``objective``
    the tie-break coefficients and the objective of a plan given as arrays.
``parts``
    the station and pile parts, the stages, merged zones.
``evaluate``
    coverage, pile flows and objective of a plan; the requirements it breaks.
``checks``
    requirements that can never be met, found before any solve.
``arrays``
    the base model as sparse arrays (:func:`~siting.model.arrays.build_arrays`).
``extended``
    the planning families as sparse-array blocks (:func:`~siting.model.extended.build_extended`).
``reference``
    the Pyomo reference model and the ``extra_constraints`` hook (imports Pyomo; loaded only when asked for).

Solving lives in :mod:`siting.solve`.
"""
