"""Robust plans under uncertainty: the max-min relative coverage plan over sampled futures, and regrets.

:func:`solve_robust` solves :func:`siting.model.robust.build_robust_model` with HiGHS
(:func:`siting.solve.highs.run_highs`) and reports, for every future, the robust plan's coverage against that
future's own optimum; :func:`regret_table` is the K × K table of every single-future plan in every future.

The whole ``siting robust`` run (futures on Dask, regrets, the robust plan folder) is
:func:`siting.batch.robust.run_robust`, and ``siting.robust(...)`` in Python (:func:`siting.api.robust`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from siting._errors import SolverError
from siting.model.robust import (
    StationRules,
    build_robust_model,
    coverage_by_future,
    robust_start,
    robust_stations,
)
from siting.solve.highs import run_highs
from siting.solve.options import highs_options

__all__ = ["RobustPlan", "StationRules", "regret_table", "solve_robust"]


@dataclass
class RobustPlan:
    """The robust set of stations and how it does in every future.

    Attributes
    ----------
    open_site
        Per candidate site, True when open.
    worst_ratio
        Its worst ratio of coverage to a future's optimum (the objective ``t``).
    table
        One row per future: ``future``, ``coverage`` (the robust plan's), ``optimum`` (the future's own) and
        ``ratio``.
    status, gap
        HiGHS's status and the relative gap of the robust MIP.
    """

    open_site: npt.NDArray[np.bool_]
    worst_ratio: float
    table: pd.DataFrame
    status: str
    gap: float


def solve_robust(
    reach: sp.csr_matrix,
    weights: npt.ArrayLike,
    optimum: npt.ArrayLike,
    n_stations: int,
    *,
    rules: StationRules | None = None,
    start: npt.ArrayLike | None = None,
    seed: int = 0,
    time_limit_s: float = 60.0,
    mip_rel_gap: float = 1e-4,
) -> RobustPlan:
    """Solve the max-min relative coverage MIP (maths in :func:`siting.model.robust.build_robust_model`).

    Parameters
    ----------
    reach, weights, optimum, n_stations, rules
        As for :func:`~siting.model.robust.build_robust_model`.
    start
        A plan (True where open, obeying ``rules``) given to HiGHS as its first incumbent: the robust plan's
        worst ratio is then never below this plan's, even when the time limit stops the search.
    seed, time_limit_s, mip_rel_gap
        HiGHS's random seed (one thread), time limit and relative gap.

    Raises
    ------
    SolverError
        When HiGHS finds no plan within the time limit.
    """
    model = build_robust_model(reach, weights, optimum, n_stations, rules)
    opt = np.asarray(optimum, dtype=np.float64).ravel()
    first = None
    if start is not None:
        start_ratio = float((coverage_by_future(reach, weights, start) / opt).min())
        first = robust_start(model, reach, start, start_ratio)
    run = run_highs(
        model,
        options=highs_options(seed),
        time_limit_s=time_limit_s,
        mip_rel_gap=mip_rel_gap,
        start=first,
        name="robust",
    )
    if run.values is None:
        raise SolverError(
            f"the robust (max-min) model found no plan ({run.termination}); raise time_limit_s "
            f"(now {time_limit_s} s) or use fewer futures."
        )
    open_site = robust_stations(model, run.values)
    coverage = coverage_by_future(reach, weights, open_site)
    ratio = coverage / opt
    table = pd.DataFrame(
        {"future": np.arange(1, opt.size + 1), "coverage": coverage, "optimum": opt, "ratio": ratio}
    )
    gap = (run.bound - run.objective) / max(abs(run.objective), 1e-12) if np.isfinite(run.bound) else np.nan
    return RobustPlan(open_site, float(ratio.min()), table, run.status, float(max(gap, 0.0)))


def regret_table(
    reach: sp.csr_matrix, weights: npt.ArrayLike, plans: npt.ArrayLike, optimum: npt.ArrayLike
) -> pd.DataFrame:
    """Every plan in every future: ``plan``, ``future``, ``coverage``, ``optimum``, ``ratio`` and ``regret``.

    ``plans`` is plans × sites (True where open); ``regret = optimum - coverage`` in the weights' unit,
    ``ratio = coverage / optimum``.  Long format, one row per (plan, future), plan-major.
    """
    opt = np.asarray(optimum, dtype=np.float64).ravel()
    rows = []
    for m, open_site in enumerate(np.asarray(plans, dtype=bool), start=1):
        coverage = coverage_by_future(reach, weights, open_site)
        for k, (c, o) in enumerate(zip(coverage, opt, strict=True), start=1):
            rows.append(
                {"plan": m, "future": k, "coverage": c, "optimum": o, "ratio": c / o, "regret": o - c}
            )
    return pd.DataFrame(rows, columns=["plan", "future", "coverage", "optimum", "ratio", "regret"])
