"""The Pyomo reference model: the siting MIP written term by term, loaded only when asked for.

The solver builds the same model straight from sparse arrays (:mod:`siting.model.arrays`, tested equal to
this one); this formulation is the readable reference and the home of the ``extra_constraints`` hook
(:func:`~siting.model.reference.build.build_model`), which a user may extend with any Pyomo component.

``variables``
    index sets and decision variables.
``constraints``
    one ``add_*_constraints(m, data)`` function per constraint family.
``objectives``
    the objective.
``build``
    :func:`~siting.model.reference.build.build_model`, MIP start and read-back.
"""

from siting.model.reference.build import (
    ExtraConstraints,
    build_model,
    plan_arrays_from_model,
    set_start_values,
)

__all__ = ["ExtraConstraints", "build_model", "plan_arrays_from_model", "set_start_values"]
