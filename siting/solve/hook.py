"""Strategy for the base model with a user hook (``extra_constraints``): the Pyomo model as one part.

The hook may link anything, so the model is neither reduced nor split: the Pyomo reference model
(:func:`~siting.model.reference.build_model`) with the hook is compiled to sparse arrays by Pyomo's
standard-form compiler (:class:`PyomoModel`) and solved by the same HiGHS runner as every other model.  The
greedy plan (which ignores the hook) is the MIP start, and the fallback, only when it meets every row of the
hooked model.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from siting._errors import SolverError
from siting._typing import BoolArray, FloatArray, Progress
from siting.model.arrays import LinearModel, MatrixShape, RowFamily
from siting.model.checks import check_feasibility
from siting.model.data import ModelData, Solution
from siting.model.evaluate import evaluate, plan_violations
from siting.solve.base import name_row_key
from siting.solve.bound import trivial_bound
from siting.solve.diagnose import diagnose_infeasibility
from siting.solve.greedy import greedy_solution
from siting.solve.highs import is_feasible, run_highs
from siting.solve.parts import Clock, Part

__all__ = ["HookStrategy", "PyomoModel", "compile_pyomo"]


@dataclass
class PyomoModel(MatrixShape):
    """A Pyomo model compiled to a :class:`~siting.model.arrays.LinearModel` (fixed variables: constants)."""

    cost: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray
    integer: BoolArray
    matrix: sp.csr_matrix
    row_lower: FloatArray
    row_upper: FloatArray
    columns: list[Any] = field(repr=False)
    col_names: list[str] = field(repr=False)
    row_names: list[str] = field(repr=False)
    families: list[RowFamily] = field(repr=False)

    def column_names(self) -> list[str]:
        """The Pyomo names of the columns."""
        return list(self.col_names)

    def names_of_rows(self) -> list[str]:
        """The Pyomo names of the rows (a ranged constraint gives two, ``_lo`` and ``_up``)."""
        return list(self.row_names)

    def row_families(self) -> list[RowFamily]:
        """Rows grouped by constraint component, keyed by their integer index where they have one."""
        return list(self.families)

    def values_to_model(self, values: FloatArray) -> None:
        """Write a column vector into the Pyomo variables."""
        for var, value in zip(self.columns, np.asarray(values, dtype=np.float64).tolist(), strict=True):
            var.set_value(value, skip_validation=True)

    def vector_from_model(self) -> FloatArray:
        """The variables' current values as a column vector (0 where unset)."""
        return np.array([0.0 if v.value is None else float(v.value) for v in self.columns], dtype=np.float64)


def compile_pyomo(m: Any) -> PyomoModel:
    """Compile a linear Pyomo model (maximised) with Pyomo's standard-form compiler (mixed form)."""
    # deferred: Pyomo loads only when a user hook asks for the reference model
    from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

    repn = LinearStandardFormCompiler().write(m, mixed_form=True, set_sense=None)
    columns = list(repn.columns)
    rhs = np.asarray(repn.rhs, dtype=np.float64)
    sense = np.array([entry.bound_type for entry in repn.rows], dtype=np.int64)
    row_lower = np.where(sense <= 0, rhs, -np.inf)
    row_upper = np.where(sense >= 0, rhs, np.inf)
    row_names, families = _row_names(repn.rows)
    return PyomoModel(
        cost=np.asarray(repn.c.toarray()[0] if repn.c.shape[0] else np.zeros(len(columns)), dtype=np.float64),
        col_lower=np.array([-np.inf if v.lb is None else float(v.lb) for v in columns], dtype=np.float64),
        col_upper=np.array([np.inf if v.ub is None else float(v.ub) for v in columns], dtype=np.float64),
        integer=np.array([bool(v.is_integer() or v.is_binary()) for v in columns], dtype=bool),
        matrix=sp.csr_matrix(repn.A),
        row_lower=row_lower,
        row_upper=row_upper,
        columns=columns,
        col_names=[v.name for v in columns],
        row_names=row_names,
        families=families,
    )


def _row_names(rows: list[Any]) -> tuple[list[str], list[RowFamily]]:
    names: list[str] = []
    groups: list[tuple[str, int, list[int]]] = []
    for r, entry in enumerate(rows):
        con = entry.constraint
        suffix = {-1: "_lo", 1: "_up"}.get(entry.bound_type, "") if con.has_lb() and con.has_ub() else ""
        if con.has_lb() and con.has_ub() and con.lb == con.ub:
            suffix = ""
        names.append(con.name + suffix)
        parent = con.parent_component().name
        if not groups or groups[-1][0] != parent:
            groups.append((parent, r, []))
        index = con.index()
        keys = groups[-1][2]
        keys.append(int(index) if isinstance(index, int | np.integer) else len(keys))
    families = [
        RowFamily(name, first, len(keys), np.asarray(keys, dtype=np.int64)) for name, first, keys in groups
    ]
    return names, families


class HookStrategy:
    """The unreduced base model with ``extra_constraints``, solved whole."""

    label = "Pyomo model with extra_constraints"
    model_kind = "base"

    def __init__(self, data: ModelData, extra_constraints: Any) -> None:
        self.data = data
        self.extra = extra_constraints
        self.timings: dict[str, float] = {}
        self.warnings: list[str] = []
        self.greedy_objective: float | None = None
        self.reductions: dict[str, int] = {}
        self.m: Any = None
        self.compiled: PyomoModel | None = None
        self.greedy: Solution | None = None

    def check(self) -> None:
        """:func:`~siting.model.checks.check_feasibility` (rows added by the hook are not checked)."""
        check_feasibility(self.data)

    def parts(
        self, options: Mapping[str, Any], clock: Clock, mip_rel_gap: float, say: Progress
    ) -> list[Part]:
        """One part: the hooked Pyomo model, compiled, with the greedy plan as start when it fits."""
        # deferred: Pyomo loads only when a user hook asks for the reference model
        from siting.model.reference import build_model, set_start_values

        tick = time.perf_counter()
        say("building the greedy plan")
        try:
            greedy = greedy_solution(self.data)
            if plan_violations(self.data, greedy.open_station, greedy.piles):  # a bug guard
                self.warnings.append("greedy plan discarded, it breaks a requirement")
            else:
                self.greedy, self.greedy_objective = greedy, float(greedy.objective)
        except SolverError as exc:
            self.warnings.append(f"no greedy plan ({exc}); HiGHS solves without a start")
        self.timings["greedy"] = time.perf_counter() - tick
        tick = time.perf_counter()
        say("building the Pyomo model")
        self.m = build_model(self.data, extra_constraints=self.extra)
        if self.greedy is not None:
            set_start_values(self.m, self.greedy)
        self.compiled = compile_pyomo(self.m)
        self.timings["build"] = time.perf_counter() - tick
        start = None
        if self.greedy is not None:
            vector = self.compiled.vector_from_model()
            if is_feasible(self.compiled, vector):
                start = vector
            else:
                self.warnings.append(
                    "the greedy plan breaks a row of extra_constraints: HiGHS solves without a start"
                )
        return [Part("model", self.compiled, start, start_source="greedy")]

    def model_to_write(self) -> LinearModel:
        """The compiled Pyomo model."""
        assert self.compiled is not None
        return self.compiled

    def diagnose(self, part: Part, options: Mapping[str, Any], time_limit_s: float) -> list[str]:
        """Elastic model of the hooked Pyomo model with the locked sites as rows."""
        # deferred: Pyomo loads only when a user hook asks for the reference model
        import pyomo.environ as pyo

        from siting.model.reference import build_model

        m = build_model(self.data, extra_constraints=self.extra)
        locked = np.flatnonzero(np.asarray(self.data.station_locked, dtype=bool)).tolist()
        for j in locked:
            m.open_station[j].unfix()
        m.con_locked_sites = pyo.Constraint(locked, rule=lambda mm, j: mm.open_station[j] >= 1)
        found = diagnose_infeasibility(
            compile_pyomo(m),
            options=options,
            time_limit_s=time_limit_s,
            name_key=lambda family, key: name_row_key(self.data, family, key),
        )
        plain = build_model(self.data)
        if self.extra is not None and is_feasible_model(compile_pyomo(plain), options, time_limit_s):
            found.append("without the extra_constraints hook the model is feasible")
        return found

    def solution(self, parts: list[Part]) -> tuple[Solution, float]:
        """The plan read back through the Pyomo variables and evaluated."""
        # deferred: Pyomo loads only when a user hook asks for the reference model
        from siting.model.reference import plan_arrays_from_model

        part = parts[0]
        assert self.compiled is not None and part.values is not None  # the driver checked
        self.compiled.values_to_model(part.values)
        opened, piles = plan_arrays_from_model(self.m)
        solution = evaluate(self.data, opened, piles)
        return solution, float(solution.objective)

    def global_bound(self) -> tuple[float, str] | None:
        """:func:`~siting.solve.bound.trivial_bound` (a hook adds rows: the bound stays valid)."""
        value = trivial_bound(self.data)
        return (value, "trivial") if math.isfinite(value) else None

    def start_objective(self) -> float | None:
        """The greedy plan's objective when it was the start."""
        return self.greedy_objective


def is_feasible_model(model: LinearModel, options: Mapping[str, Any], time_limit_s: float) -> bool:
    """Whether HiGHS finds any plan of ``model`` within the limit."""
    run = run_highs(model, options=options, time_limit_s=time_limit_s, mip_rel_gap=1.0, name="check")
    return run.values is not None
