"""The max-min relative coverage model: one set of stations that does best in its worst future.

:func:`build_robust_model` writes the MIP as arrays (a :class:`~siting.model.arrays.LinearModel` HiGHS reads);
:func:`robust_stations` reads the chosen sites and each future's ratio back from the solver's column values.
No solver is imported here (:mod:`siting.robust` runs it through :func:`siting.solve.highs.run_highs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from siting._typing import FloatArray, IntArray
from siting.model.arrays import MatrixShape, RowFamily

__all__ = ["RobustModel", "build_robust_model", "coverage_by_future", "robust_stations"]


@dataclass
class RobustModel(MatrixShape):
    """The max-min relative coverage MIP as arrays (columns ``x`` sites, ``y`` zones, then ``t``).

    ``max cost'v`` s.t. ``row_lower <= matrix v <= row_upper``, ``col_lower <= v <= col_upper``; the row
    families are ``con_n_stations`` (1 row), ``con_cover`` (one per zone) and ``con_future_ratio`` (one per
    future).
    """

    cost: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray
    integer: npt.NDArray[np.bool_]
    matrix: sp.csr_matrix
    row_lower: FloatArray
    row_upper: FloatArray
    n_sites: int
    n_zones: int
    families: list[RowFamily] = field(default_factory=list)

    def column_names(self) -> list[str]:
        """``x[j]``, ``y[i]`` and ``t``."""
        return [f"x[{j}]" for j in range(self.n_sites)] + [f"y[{i}]" for i in range(self.n_zones)] + ["t"]

    def names_of_rows(self) -> list[str]:
        """``<family>[<key>]`` per row."""
        return [f"{f.name}[{int(k)}]" for f in self.families for k in f.keys]

    def row_families(self) -> list[RowFamily]:
        """The three constraint families."""
        return list(self.families)


def build_robust_model(
    reach: sp.csr_matrix,
    weights: npt.ArrayLike,
    optimum: npt.ArrayLike,
    n_stations: int,
) -> RobustModel:
    r"""Max-min relative coverage: ``n_stations`` sites with the best worst ratio to a future's optimum.

    Sets: sites :math:`J`, demand zones :math:`I`, futures :math:`K`.  Data: :math:`a_{ij} = 1` when site
    :math:`j` covers zone :math:`i` (``reach``, zones × sites; the same in every future), :math:`w_{ik} \ge 0`
    the weight of zone :math:`i` in future :math:`k` (``weights``, zones × futures: its EVs that need fast
    charging, say), :math:`O_k > 0` the coverage of future :math:`k`'s own optimal plan in that future
    (``optimum``), :math:`p` the number of stations.  Variables: :math:`x_j \in \{0, 1\}` (site open),
    :math:`y_i \in [0, 1]` (zone covered), :math:`t \ge 0` (the worst ratio).

    .. math::

        \max\ t \quad \text{s.t.}\quad
        \sum_j x_j = p, \qquad
        y_i \le \sum_j a_{ij} x_j \ \ \forall i, \qquad
        \sum_i w_{ik} y_i - O_k\, t \ge 0 \ \ \forall k .

    At the optimum :math:`t^* = \max_x \min_k C_k(x) / O_k` with :math:`C_k(x) = \sum_i w_{ik}
    \min(1, \sum_j a_{ij} x_j)`: :math:`y` may be continuous because raising a :math:`y_i` to its bound never
    lowers a row.  Every single-future plan :math:`x^{(m)}` is feasible, so :math:`t^* \ge \min_k
    C_k(x^{(m)}) / O_k` for every :math:`m`: the robust plan's worst ratio is at least that of every
    single-future plan (when :math:`O_k` are the futures' optima, :math:`t^* \le 1`).

    Parameters
    ----------
    reach
        Zones × sites, nonzero where the site covers the zone.
    weights
        Zones × futures, the weight of every zone in every future.
    optimum
        Per future, the best coverage found for it (> 0).
    n_stations
        Stations to open (1 ≤ ``n_stations`` ≤ sites).

    Raises
    ------
    ValueError
        Shapes that do not agree, a negative weight, an optimum that is not positive, or ``n_stations`` out of
        range — naming the value and the fix.
    """
    a = sp.csr_matrix(reach, dtype=np.float64)
    a.data[:] = 1.0
    w = np.asarray(weights, dtype=np.float64)
    opt = np.asarray(optimum, dtype=np.float64).ravel()
    n_zones, n_sites = a.shape
    if w.ndim != 2 or w.shape[0] != n_zones or w.shape[1] != opt.size:
        raise ValueError(
            f"weights has shape {w.shape}; it must be zones × futures = ({n_zones}, {opt.size}) "
            "(one column per future, as many futures as optimum values)."
        )
    if (w < 0).any() or not np.isfinite(w).all():
        raise ValueError("weights must be finite and >= 0; check the futures' demand weights.")
    if not (opt > 0).all() or not np.isfinite(opt).all():
        raise ValueError(
            f"every future's optimum must be > 0 (got {opt.tolist()}); drop futures with no demand."
        )
    if not 1 <= n_stations <= n_sites:
        raise ValueError(f"n_stations = {n_stations} must be between 1 and the {n_sites} candidate sites.")
    n_fut = opt.size
    t_col = n_sites + n_zones
    eye = sp.identity(n_zones, format="csr")
    count_row = sp.hstack([sp.csr_matrix(np.ones((1, n_sites))), sp.csr_matrix((1, n_zones + 1))])
    cover_rows = sp.hstack([-a, eye, sp.csr_matrix((n_zones, 1))])
    future_rows = sp.hstack(
        [sp.csr_matrix((n_fut, n_sites)), sp.csr_matrix(w.T), sp.csr_matrix(-opt[:, None])]
    )
    matrix = sp.vstack([count_row, cover_rows, future_rows], format="csr")
    cost = np.zeros(t_col + 1)
    cost[t_col] = 1.0
    keys: list[IntArray] = [np.zeros(1, dtype=np.int64), np.arange(n_zones), np.arange(n_fut)]
    families = [
        RowFamily("con_n_stations", 0, 1, keys[0]),
        RowFamily("con_cover", 1, n_zones, keys[1]),
        RowFamily("con_future_ratio", 1 + n_zones, n_fut, keys[2]),
    ]
    return RobustModel(
        cost=cost,
        col_lower=np.zeros(t_col + 1),
        col_upper=np.r_[np.ones(t_col), np.inf],
        integer=np.r_[np.ones(n_sites, dtype=bool), np.zeros(n_zones + 1, dtype=bool)],
        matrix=matrix,
        row_lower=np.r_[float(n_stations), np.full(n_zones, -np.inf), np.zeros(n_fut)],
        row_upper=np.r_[float(n_stations), np.zeros(n_zones), np.full(n_fut, np.inf)],
        n_sites=n_sites,
        n_zones=n_zones,
        families=families,
    )


def robust_stations(model: RobustModel, values: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """The open sites of a solution of :func:`build_robust_model` (column values rounded)."""
    v = np.asarray(values, dtype=np.float64)
    return np.asarray(v[: model.n_sites] > 0.5)


def coverage_by_future(reach: sp.csr_matrix, weights: npt.ArrayLike, open_site: npt.ArrayLike) -> FloatArray:
    r""":math:`C_k(x) = \sum_i w_{ik} \min(1, \sum_j a_{ij} x_j)` for every future :math:`k` (fixed sites)."""
    a = sp.csr_matrix(reach, dtype=np.float64)
    covered = (a @ np.asarray(open_site, dtype=np.float64)) > 0
    return np.asarray(np.asarray(weights, dtype=np.float64)[covered].sum(axis=0), dtype=np.float64)
