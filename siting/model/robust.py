"""The max-min relative coverage model: one set of stations that does best in its worst future.

:func:`build_robust_model` writes the MIP as arrays (a :class:`~siting.model.arrays.LinearModel` HiGHS reads);
:func:`robust_stations` reads the chosen sites and each future's ratio back from the solver's column values.
No solver is imported here (:mod:`siting.minmax` runs it through :func:`siting.solve.highs.run_highs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from siting._typing import FloatArray, IntArray
from siting.model.arrays import MatrixShape, RowFamily

__all__ = [
    "RobustModel",
    "StationRules",
    "build_robust_model",
    "coverage_by_future",
    "robust_start",
    "robust_stations",
]


@dataclass
class StationRules:
    """The station-side rules every plan must respect, for :func:`build_robust_model` (all optional).

    Attributes
    ----------
    locked
        ``(sites,)`` True where the site must be open (locked or existing sites), or None.
    terminal_reach
        ``(terminals, sites)`` nonzero where the site covers the terminal (within its radius), or None.
    terminal_quota
        Terminals that must be covered, ``q`` (0: no quota).
    site_county
        ``(sites,)`` county index of each site (``-1``: in none), or None.
    county_min
        ``(counties,)`` minimum stations per county, ``L_c``, or None.
    """

    locked: npt.NDArray[np.bool_] | None = None
    terminal_reach: sp.csr_matrix | None = None
    terminal_quota: int = 0
    site_county: IntArray | None = None
    county_min: IntArray | None = None


@dataclass
class RobustModel(MatrixShape):
    """The max-min relative coverage MIP as arrays (columns ``x`` sites, ``y`` zones, ``z`` terminals, ``t``).

    ``max cost'v`` s.t. ``row_lower <= matrix v <= row_upper``, ``col_lower <= v <= col_upper``; the row
    families are ``con_n_stations`` (1 row), ``con_cover`` (one per zone), ``con_terminal_cover`` (one per
    terminal), ``con_terminal_quota`` (1 row, with a quota), ``con_county_min`` (one per county with a
    minimum) and ``con_future_ratio`` (one per future).
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
    n_terminals: int = 0

    def column_names(self) -> list[str]:
        """``x[j]``, ``y[i]``, ``z[t]`` and ``t``."""
        return (
            [f"x[{j}]" for j in range(self.n_sites)]
            + [f"y[{i}]" for i in range(self.n_zones)]
            + [f"z[{t}]" for t in range(self.n_terminals)]
            + ["t"]
        )

    def names_of_rows(self) -> list[str]:
        """``<family>[<key>]`` per row."""
        return [f"{f.name}[{int(k)}]" for f in self.families for k in f.keys]

    def row_families(self) -> list[RowFamily]:
        """The constraint families, in row order."""
        return list(self.families)


def _check(a: sp.csr_matrix, w: FloatArray, opt: FloatArray, n_stations: int) -> None:
    """Shapes, signs and the station count (ValueError naming the value and the fix)."""
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


@dataclass
class _Rows:
    """One row family: its name, rows (over all columns), bounds and keys (default 0..rows-1)."""

    name: str
    block: sp.csr_matrix
    lower: FloatArray
    upper: FloatArray
    keys: IntArray | None = None


def _rule_rows(rules: StationRules, n_sites: int, n_cols: int, n_terms: int) -> list[_Rows]:
    """The rows of the station-side rules: terminal cover and quota, county minimums."""
    rows: list[_Rows] = []
    z0 = n_cols - 1 - n_terms  # first z column (t is last)
    if n_terms:
        b = sp.csr_matrix(rules.terminal_reach, dtype=np.float64)
        b.data[:] = 1.0
        block = sp.hstack(
            [
                -b,
                sp.csr_matrix((n_terms, z0 - n_sites)),
                sp.identity(n_terms, format="csr"),
                sp.csr_matrix((n_terms, 1)),
            ]
        )
        rows.append(_Rows("con_terminal_cover", block, np.full(n_terms, -np.inf), np.zeros(n_terms)))
        if rules.terminal_quota > 0:
            quota = sp.csr_matrix(
                (np.ones(n_terms), (np.zeros(n_terms, dtype=np.int64), z0 + np.arange(n_terms))),
                shape=(1, n_cols),
            )
            rows.append(_Rows("con_terminal_quota", quota, np.r_[float(rules.terminal_quota)], np.r_[np.inf]))
    if rules.county_min is not None and rules.site_county is not None:
        need = np.flatnonzero(np.asarray(rules.county_min) > 0)
        county = np.asarray(rules.site_county)
        pairs = [(r, j) for r, c in enumerate(need) for j in np.flatnonzero(county == c)]
        r_idx = np.array([p[0] for p in pairs], dtype=np.int64)
        c_idx = np.array([p[1] for p in pairs], dtype=np.int64)
        block = sp.csr_matrix((np.ones(len(pairs)), (r_idx, c_idx)), shape=(need.size, n_cols))
        lower = np.asarray(rules.county_min, dtype=np.float64)[need]
        rows.append(_Rows("con_county_min", block, lower, np.full(need.size, np.inf), need))
    return rows


def _row_families(families: list[_Rows]) -> list[RowFamily]:
    """Each family's first row, row count and keys in the stacked matrix."""
    out, first = [], 0
    for f in families:
        keys = f.keys if f.keys is not None else np.arange(f.block.shape[0])
        out.append(RowFamily(f.name, first, f.block.shape[0], np.asarray(keys, dtype=np.int64)))
        first += f.block.shape[0]
    return out


def build_robust_model(
    reach: sp.csr_matrix,
    weights: npt.ArrayLike,
    optimum: npt.ArrayLike,
    n_stations: int,
    rules: StationRules | None = None,
) -> RobustModel:
    r"""Max-min relative coverage: ``n_stations`` sites with the best worst ratio to a future's optimum.

    Sets: sites :math:`J`, demand zones :math:`I`, futures :math:`K`, terminals :math:`T`, counties
    :math:`C`.  Data: :math:`a_{ij} = 1` when site :math:`j` covers zone :math:`i` (``reach``, zones × sites;
    the same in every future), :math:`w_{ik} \ge 0` the weight of zone :math:`i` in future :math:`k`
    (``weights``, zones × futures: its EVs that need fast charging, say), :math:`O_k > 0` the coverage of
    future :math:`k`'s own optimal plan in that future (``optimum``), :math:`p` the number of stations.
    Variables: :math:`x_j \in \{0, 1\}` (site open), :math:`y_i \in [0, 1]` (zone covered),
    :math:`t \ge 0` (the worst ratio).

    .. math::

        \max\ t \quad \text{s.t.}\quad
        \sum_j x_j = p, \qquad
        y_i \le \sum_j a_{ij} x_j \ \ \forall i, \qquad
        \sum_i w_{ik} y_i - O_k\, t \ge 0 \ \ \forall k .

    The station-side rules of the plan (``rules``, :class:`StationRules`, each optional) add, with
    :math:`b_{tj} = 1` when site :math:`j` covers terminal :math:`t`, :math:`z_t \in [0, 1]` (terminal
    covered), the quota :math:`q`, the county of each site :math:`c(j)` and the county minimums :math:`L_c`:

    .. math::

        x_j = 1 \ \ \forall j \text{ locked}, \qquad
        z_t \le \sum_j b_{tj} x_j \ \ \forall t, \qquad
        \sum_t z_t \ge q, \qquad
        \sum_{j: c(j) = c} x_j \ge L_c \ \ \forall c .

    :math:`z` may be continuous: with integer :math:`x` the right-hand side is a whole number, so
    :math:`\sum_t z_t \ge q` holds exactly when at least :math:`q` terminals are covered.

    At the optimum :math:`t^* = \max_x \min_k C_k(x) / O_k` with :math:`C_k(x) = \sum_i w_{ik}
    \min(1, \sum_j a_{ij} x_j)`: :math:`y` may be continuous because raising a :math:`y_i` to its bound never
    lowers a row.  Every single-future plan :math:`x^{(m)}` that obeys the same rules is feasible, so
    :math:`t^* \ge \min_k C_k(x^{(m)}) / O_k` for every :math:`m`: the robust plan's worst ratio is at least
    that of every single-future plan (when :math:`O_k` are the futures' optima, :math:`t^* \le 1`).

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
    rules
        Locked sites, the terminal quota and the county minimums (default: none).

    Raises
    ------
    ValueError
        Shapes that do not agree, a negative weight, an optimum that is not positive, or ``n_stations`` out of
        range — naming the value and the fix.
    """
    rules = rules or StationRules()
    a = sp.csr_matrix(reach, dtype=np.float64)
    a.data[:] = 1.0
    w = np.asarray(weights, dtype=np.float64)
    opt = np.asarray(optimum, dtype=np.float64).ravel()
    _check(a, w, opt, n_stations)
    n_zones, n_sites = a.shape
    n_terms = 0 if rules.terminal_reach is None else int(rules.terminal_reach.shape[0])
    n_fut = opt.size
    t_col = n_sites + n_zones + n_terms
    count = _Rows(
        "con_n_stations",
        sp.hstack([sp.csr_matrix(np.ones((1, n_sites))), sp.csr_matrix((1, t_col + 1 - n_sites))]).tocsr(),
        np.r_[float(n_stations)],
        np.r_[float(n_stations)],
    )
    cover = _Rows(
        "con_cover",
        sp.hstack([-a, sp.identity(n_zones, format="csr"), sp.csr_matrix((n_zones, n_terms + 1))]).tocsr(),
        np.full(n_zones, -np.inf),
        np.zeros(n_zones),
    )
    future = _Rows(
        "con_future_ratio",
        sp.hstack(
            [
                sp.csr_matrix((n_fut, n_sites)),
                sp.csr_matrix(w.T),
                sp.csr_matrix((n_fut, n_terms)),
                sp.csr_matrix(-opt[:, None]),
            ]
        ).tocsr(),
        np.zeros(n_fut),
        np.full(n_fut, np.inf),
    )
    families = [count, cover, *_rule_rows(rules, n_sites, t_col + 1, n_terms), future]
    col_lower = np.zeros(t_col + 1)
    if rules.locked is not None:
        col_lower[:n_sites] = np.asarray(rules.locked, dtype=np.float64)
    row_families = _row_families(families)
    cost = np.zeros(t_col + 1)
    cost[t_col] = 1.0
    return RobustModel(
        cost=cost,
        col_lower=col_lower,
        col_upper=np.r_[np.ones(t_col), np.inf],
        integer=np.r_[np.ones(n_sites, dtype=bool), np.zeros(n_zones + n_terms + 1, dtype=bool)],
        matrix=sp.vstack([f.block for f in families], format="csr"),
        row_lower=np.concatenate([f.lower for f in families]),
        row_upper=np.concatenate([f.upper for f in families]),
        n_sites=n_sites,
        n_zones=n_zones,
        families=row_families,
        n_terminals=n_terms,
    )


def robust_start(
    model: RobustModel, reach: sp.csr_matrix, open_site: npt.ArrayLike, ratio: float
) -> FloatArray:
    """A MIP start of ``model`` from a plan: ``x`` its open sites, ``y`` and ``z`` what they cover, ``t``."""
    x = np.asarray(open_site, dtype=np.float64)
    y = (sp.csr_matrix(reach) @ x > 0).astype(np.float64)
    z = np.zeros(model.n_terminals)
    if model.n_terminals:
        fam = next(f for f in model.families if f.name == "con_terminal_cover")
        block = model.matrix[fam.first : fam.first + fam.count, : model.n_sites]
        z = ((-block) @ x > 0).astype(np.float64)
    return np.asarray(np.r_[x, y, z, ratio], dtype=np.float64)


def robust_stations(model: RobustModel, values: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """The open sites of a solution of :func:`build_robust_model` (column values rounded)."""
    v = np.asarray(values, dtype=np.float64)
    return np.asarray(v[: model.n_sites] > 0.5)


def coverage_by_future(reach: sp.csr_matrix, weights: npt.ArrayLike, open_site: npt.ArrayLike) -> FloatArray:
    r""":math:`C_k(x) = \sum_i w_{ik} \min(1, \sum_j a_{ij} x_j)` for every future :math:`k` (fixed sites)."""
    a = sp.csr_matrix(reach, dtype=np.float64)
    covered = (a @ np.asarray(open_site, dtype=np.float64)) > 0
    return np.asarray(np.asarray(weights, dtype=np.float64)[covered].sum(axis=0), dtype=np.float64)
