"""The one HiGHS runner: every MIP and LP of the solver goes through :func:`run_highs`.

:func:`highs_from_arrays` passes a :class:`~siting.model.arrays.LinearModel` to a ``highspy.Highs`` object in
one call; :func:`run_highs` sets the options and the MIP start, runs HiGHS with its log captured (a temporary
log file, so nothing reaches stdout and every run's log is kept), and returns a :class:`HighsRun`: the column
values of the best plan, the bound, the status, the node count, the log and whether HiGHS accepted the start.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import highspy
import numpy as np
import scipy.sparse as sp

from siting._io import scratch_prefix
from siting._typing import BoolArray, FloatArray, IntArray, Progress, silent
from siting.model.arrays import LinearModel, MatrixShape, RowFamily
from siting.solve.options import WARM_START_ACCEPTED, WARM_START_FEASIBLE_SUFFIX, highs_version

__all__ = ["HighsRun", "highs_from_arrays", "highs_version_string", "is_feasible", "new_highs", "run_highs"]

#: HiGHS log lines passed on to the progress callback (prefixed ``"highs [part]: "``).
KEY_LOG_LINES = ("MIP start", "Status ", "Primal bound", "Dual bound", "Gap ", "Timing ", "Nodes ")

_BANNER_SHOWN = False


def new_highs() -> Any:
    """Return a ``highspy.Highs``; the first one of the process is made with stdout muted.

    HiGHS prints its banner ("Running HiGHS ...") on stdout when the first ``Highs`` object of a
    process is created, before any option can switch output off; ``siting --quiet`` must print nothing.
    """
    global _BANNER_SHOWN
    if _BANNER_SHOWN:
        return highspy.Highs()  # type: ignore[no-untyped-call]
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        return highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
        _BANNER_SHOWN = True


def highs_version_string() -> str:
    """``"x.y.z"`` of the installed HiGHS."""
    return ".".join(str(v) for v in highs_version())


def highs_from_arrays(model: LinearModel, *, names: bool = False) -> Any:
    """Return a ``highspy.Highs`` object holding ``model`` (one ``passModel`` call), maximising.

    Parameters
    ----------
    model
        Any :class:`~siting.model.arrays.LinearModel`.
    names
        Also pass column and row names (for a readable MPS/LP file; costs a Python loop).
    """
    h = new_highs()
    h.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    lp.num_col_ = model.n_cols
    lp.num_row_ = model.n_rows
    lp.col_cost_ = model.cost
    lp.col_lower_ = model.col_lower
    lp.col_upper_ = model.col_upper
    lp.row_lower_ = model.row_lower
    lp.row_upper_ = model.row_upper
    lp.sense_ = highspy.ObjSense.kMaximize
    csc = model.matrix.tocsc()
    csc.sort_indices()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
    lp.a_matrix_.index_ = csc.indices.astype(np.int32)
    lp.a_matrix_.value_ = csc.data.astype(np.float64)
    lp.integrality_ = [
        highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
        for flag in model.integer.tolist()
    ]
    if names:
        lp.col_names_ = model.column_names()
        lp.row_names_ = model.names_of_rows()
    h.passModel(lp)
    return h


def is_feasible(model: LinearModel, values: FloatArray, *, tol: float = 1e-6) -> bool:
    """True when ``values`` meets every bound, row and integrality of ``model`` (absolute tolerance)."""
    v = np.asarray(values, dtype=np.float64)
    if v.size != model.n_cols:
        return False
    if np.any(v < model.col_lower - tol) or np.any(v > model.col_upper + tol):
        return False
    if np.any(np.abs(v[model.integer] - np.rint(v[model.integer])) > tol):
        return False
    body = model.matrix @ v
    return not (np.any(body < model.row_lower - tol) or np.any(body > model.row_upper + tol))


@dataclass
class HighsRun:
    """What one HiGHS run gave.

    Attributes
    ----------
    values
        Column values of the best plan HiGHS found (``None``: none).
    objective
        Their objective (``nan`` without a plan).
    bound
        Upper bound on the optimum: HiGHS's dual bound of a MIP once its root is solved, the optimum of an
        LP solved to optimality, ``inf`` otherwise.
    status
        ``"optimal"``, ``"time_limit"``, ``"infeasible"`` or ``"stopped"``.
    termination
        HiGHS's model status as text (for example ``"Time limit reached"``).
    nodes
        Branch-and-bound nodes.
    start_accepted
        Whether the log confirms the MIP start as a feasible incumbent (``None``: no start given).
    log
        HiGHS's log lines.
    time_load_s, time_run_s
        Seconds to pass the model to HiGHS and to run it.
    """

    values: FloatArray | None
    objective: float
    bound: float
    status: str
    termination: str
    nodes: int
    start_accepted: bool | None
    log: list[str] = field(default_factory=list, repr=False)
    time_load_s: float = 0.0
    time_run_s: float = 0.0

    def padded_bound(self) -> float:
        """``bound`` a hair above (1e-9 relative + 1e-6): HiGHS's optimum is within its tolerances."""
        return self.bound + 1e-9 * abs(self.bound) + 1e-6


def run_highs(
    model: LinearModel,
    *,
    options: Mapping[str, Any],
    time_limit_s: float,
    mip_rel_gap: float,
    start: FloatArray | None = None,
    name: str = "",
    progress: Progress = silent,
) -> HighsRun:
    """Run HiGHS on ``model`` with ``options``, the limits and the MIP ``start``; return a :class:`HighsRun`.

    The log goes to a temporary file (never to stdout) and its key lines to ``progress`` as
    ``"highs [name]: ..."``.  HiGHS keeps one thread scheduler per process, sized by the first run; it is
    reset before each run so that a later run with another thread count does not fail.

    ``time_limit_s`` is the whole call's: the seconds spent passing the model to HiGHS are taken off the
    limit HiGHS runs with (on the city planning model loading takes a second or more).
    """
    tick = time.perf_counter()
    h = highs_from_arrays(model)
    loaded = time.perf_counter()
    # named for this process, so that an interrupted run removes it even if the signal lands in its cleanup
    with tempfile.TemporaryDirectory(prefix=scratch_prefix("siting-highs")) as folder:
        log_path = Path(folder) / "highs.log"
        h.setOptionValue("output_flag", True)
        h.setOptionValue("log_to_console", False)
        h.setOptionValue("log_file", str(log_path))
        for key, value in options.items():
            h.setOptionValue(key, value)
        h.setOptionValue("time_limit", float(max(time_limit_s - (loaded - tick), 0.01)))
        h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
        if start is not None:
            solution = highspy.HighsSolution()
            solution.col_value = np.asarray(start, dtype=np.float64).tolist()
            solution.value_valid = True
            h.setSolution(solution)
        h.resetGlobalScheduler(True)
        h.run()
        h.setOptionValue("log_file", "")
        log = log_path.read_text(encoding="utf-8", errors="replace").splitlines() if log_path.exists() else []
    ran = time.perf_counter()
    for line in log:
        if line.strip().startswith(KEY_LOG_LINES) and "|" not in line:
            progress(f"highs [{name}]: {line.strip()}")
    return _result(h, model, log, start is not None, loaded - tick, ran - loaded)


def _result(
    h: Any, model: LinearModel, log: list[str], had_start: bool, load_s: float, run_s: float
) -> HighsRun:
    status = h.getModelStatus()
    info = h.getInfo()
    infeasible = status in (
        highspy.HighsModelStatus.kInfeasible,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    )
    state = (
        "infeasible"
        if infeasible
        else {
            highspy.HighsModelStatus.kOptimal: "optimal",
            highspy.HighsModelStatus.kTimeLimit: "time_limit",
        }.get(status, "stopped")
    )
    values = None
    if not infeasible and int(info.primal_solution_status) >= 2:
        values = np.asarray(h.getSolution().col_value, dtype=np.float64)
    is_mip = bool(np.any(model.integer))
    bound = math.inf
    if is_mip:
        solved = int(info.mip_node_count) >= 1 or state == "optimal"
        if solved and math.isfinite(info.mip_dual_bound):
            bound = float(info.mip_dual_bound)
    elif state == "optimal":
        bound = float(info.objective_function_value)
    return HighsRun(
        values=values,
        objective=float(model.cost @ values) if values is not None else math.nan,
        bound=bound,
        status=state,
        termination=h.modelStatusToString(status),
        nodes=int(info.mip_node_count) if is_mip else 0,
        start_accepted=_start_accepted(log) if had_start and is_mip else None,
        log=log,
        time_load_s=load_s,
        time_run_s=run_s,
    )


def _start_accepted(log: list[str]) -> bool:
    """Whether HiGHS's log confirms the MIP start as feasible (see ``WARM_START_ACCEPTED``)."""
    confirmed, checked = WARM_START_ACCEPTED
    return any(
        confirmed in line or (checked in line and line.rstrip().endswith(WARM_START_FEASIBLE_SUFFIX))
        for line in log
    )


@dataclass
class ColumnSubset(MatrixShape):
    """The columns ``columns`` of a model (the others held at 0), as a :class:`LinearModel` of its own."""

    cost: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray
    integer: BoolArray
    matrix: sp.csr_matrix
    row_lower: FloatArray
    row_upper: FloatArray
    columns: IntArray

    def column_names(self) -> list[str]:
        """``c<k>``, ``k`` the column's index in the whole model."""
        return [f"c{k}" for k in self.columns.tolist()]

    def names_of_rows(self) -> list[str]:
        """``r<k>``."""
        return [f"r{k}" for k in range(self.n_rows)]

    def row_families(self) -> list[RowFamily]:
        """None: the subset is solved, never diagnosed."""
        return []


def run_highs_on_columns(
    model: LinearModel,
    keep: BoolArray,
    *,
    options: Mapping[str, Any],
    time_limit_s: float,
    mip_rel_gap: float,
    start: FloatArray | None = None,
    name: str = "",
) -> HighsRun:
    """:func:`run_highs` on the columns ``keep`` of ``model``, every other column fixed at 0 and left out.

    For a model whose dropped columns are 0 in every plan of interest (a closed site's columns, sites outside
    a neighbourhood), HiGHS loads and presolves a fraction of it.  The run's ``values`` (and ``start``) are
    in ``model``'s columns, 0 outside ``keep``; the caller must know that 0 is feasible for them.
    """
    columns = np.flatnonzero(keep)
    subset = ColumnSubset(
        cost=model.cost[columns],
        col_lower=model.col_lower[columns],
        col_upper=model.col_upper[columns],
        integer=model.integer[columns],
        matrix=model.matrix[:, columns].tocsr(),
        row_lower=model.row_lower,
        row_upper=model.row_upper,
        columns=columns,
    )
    run = run_highs(
        subset,
        options=options,
        time_limit_s=time_limit_s,
        mip_rel_gap=mip_rel_gap,
        start=None if start is None else np.asarray(start)[columns],
        name=name,
    )
    if run.values is not None:
        full = np.zeros(model.n_cols)
        full[columns] = np.asarray(run.values, dtype=np.float64)
        run.values = full
    return run
