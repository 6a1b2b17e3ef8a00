r"""The siting MIP as sparse arrays, built straight from the CSR matrices (what the solver hands to HiGHS).

:func:`build_arrays` writes the same model as :func:`siting.model.reference.build_model` (same columns,
rows, coefficients and bounds, in the same order; ``tests/test_model.py`` checks that both give the
same optimum and the same size) without a Python loop over rows: every block of the constraint
matrix is assembled from the ``indptr``/``indices`` arrays of :class:`~siting.model.data.ModelData`.
:func:`siting.solve.highs.highs_from_arrays` passes it (or any :class:`LinearModel`) to HiGHS in one call,
with column and row names (``open_station[j]``, ``con_fast_coverage[i]``, ...) so that a written MPS/LP file
reads like the Pyomo model.

Columns, in order: ``x`` (``open_station``, every candidate), ``y`` (``covered``, the zones of
``DEMAND``), ``z`` (``terminal_covered``, ``TERMINALS``), ``n`` (``piles``, every pile site), ``f``
(``slow_flow``, ``SLOW_PAIRS``).  Rows, in order: ``con_station_count``, ``con_pile_count``,
``con_fast_coverage``, ``con_terminal_coverage``, ``con_terminal_quota`` (``q > 0``),
``con_slow_demand``, ``con_pile_service``, ``con_county_min_stations``, ``con_county_min_piles``.
Locked sites are columns with both bounds 1 and no matrix entries (their contribution is moved
to the row bounds, as Pyomo's HiGHS interface does with fixed variables).  The objective is
maximised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from siting._errors import InfeasibleError
from siting._sparse import canonical_csr
from siting._typing import FloatArray, IntArray
from siting.model.data import ModelData, per_county
from siting.model.objective import tie_break_coefficients
from siting.model.sparse import fast_demand_zones, reachable_terminals, slow_pairs

__all__ = ["LinearModel", "MatrixModel", "MatrixShape", "RowFamily", "build_arrays", "start_vector"]


class MatrixShape:
    """``n_cols`` and ``n_rows`` of a model held as arrays (every :class:`LinearModel` of the package)."""

    cost: FloatArray
    row_lower: FloatArray

    @property
    def n_cols(self) -> int:
        """Number of columns."""
        return int(self.cost.size)

    @property
    def n_rows(self) -> int:
        """Number of rows."""
        return int(self.row_lower.size)


@dataclass
class MatrixModel(MatrixShape):
    """One MIP ``max c'v`` s.t. ``row_lower <= A v <= row_upper``, ``col_lower <= v <= col_upper``.

    Attributes
    ----------
    cost, col_lower, col_upper, integer
        Per column: objective coefficient, bounds, True for integer columns.
    matrix
        ``(rows, columns)`` CSR constraint matrix.
    row_lower, row_upper
        Row bounds (``±inf`` where open).
    blocks
        First column of each block: ``x``, ``y``, ``z``, ``n``, ``f`` and ``end``.
    demand_zones, terminals, pair_zone, pair_site
        Indices of the ``y``, ``z`` and ``f`` columns (``DEMAND``, ``TERMINALS``, ``SLOW_PAIRS``).
    row_names
        ``(family, first row, number of rows, keys)`` per constraint family, for names.
    """

    cost: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray
    integer: npt.NDArray[np.bool_]
    matrix: sp.csr_matrix
    row_lower: FloatArray
    row_upper: FloatArray
    blocks: dict[str, int]
    demand_zones: IntArray
    terminals: IntArray
    pair_zone: IntArray
    pair_site: IntArray
    row_names: list[tuple[str, int, int, IntArray]] = field(default_factory=list)

    def column_names(self) -> list[str]:
        """Names as in the Pyomo model: ``open_station[3]``, ``slow_flow[4,7]``, ..."""
        b = self.blocks
        names = [f"open_station[{j}]" for j in range(b["y"] - b["x"])]
        names += [f"covered[{i}]" for i in self.demand_zones.tolist()]
        names += [f"terminal_covered[{t}]" for t in self.terminals.tolist()]
        names += [f"piles[{k}]" for k in range(b["f"] - b["n"])]
        names += [
            f"slow_flow[{i},{k}]"
            for i, k in zip(self.pair_zone.tolist(), self.pair_site.tolist(), strict=True)
        ]
        return names

    def names_of_rows(self) -> list[str]:
        """Row names as in the Pyomo model: ``con_fast_coverage[12]``, ``con_station_count``, ..."""
        names: list[str] = []
        for family, _first, count, keys in self.row_names:
            if keys.size == 0 and count == 1:
                names.append(family)
            else:
                names += [f"{family}[{k}]" for k in keys.tolist()]
        return names

    def row_families(self) -> list[RowFamily]:
        """The constraint families, with the key (zone, terminal, site, county) of each row."""
        return [
            RowFamily(family, first, count, keys if keys.size == count else np.arange(count, dtype=np.int64))
            for family, first, count, keys in self.row_names
        ]


def build_arrays(data: ModelData, *, locked_rows: bool = False) -> MatrixModel:
    """Build the siting MIP of ``docs/model.md`` as sparse arrays (no loop over rows or pairs).

    Parameters
    ----------
    data
        Model inputs.
    locked_rows
        Write locked sites as rows ``con_locked_sites`` (:math:`x_j \\ge 1`) instead of fixed columns (for
        the elastic model that says which requirements conflict).  The default fixes them, as Pyomo's HiGHS
        interface does.

    Raises
    ------
    InfeasibleError
        When a row would be an empty sum that can never be met (as ``build_model`` does).
    """
    cols = _columns(data, fix_locked=not locked_rows)
    rows = _Rows()
    _count_rows(rows, data, cols.blocks)
    _coverage_rows(
        rows, "con_fast_coverage", canonical_csr(data.fast_time_min), cols.demand_zones, cols.blocks["y"]
    )
    _coverage_rows(
        rows, "con_terminal_coverage", canonical_csr(data.terminal_dist_m), cols.terminals, cols.blocks["z"]
    )
    _quota_row(rows, data, cols)
    _slow_rows(rows, data, cols)
    _county_rows(rows, data, cols.blocks)
    if locked_rows:
        locked = np.flatnonzero(np.asarray(data.station_locked, dtype=bool))
        n = locked.size
        rows.add(
            "con_locked_sites",
            np.arange(n),
            cols.blocks["x"] + locked,
            np.ones(n),
            np.ones(n),
            np.full(n, np.inf),
            locked,
        )
    matrix, row_lower, row_upper = rows.finish(cols.n_cols)
    if not locked_rows:
        matrix, row_lower, row_upper = _fix_locked(matrix, row_lower, row_upper, data, cols.blocks)
    cols.matrix, cols.row_lower, cols.row_upper, cols.row_names = matrix, row_lower, row_upper, rows.names
    return cols


def _columns(data: ModelData, *, fix_locked: bool) -> MatrixModel:
    """The columns ``x, y, z, n, f`` with cost, bounds and integrality; rows still empty."""
    n_sites, n_pile_sites = data.n_candidates, data.n_pile_sites
    zones = fast_demand_zones(data)
    terminals = reachable_terminals(data)
    pair_zone, pair_site = slow_pairs(data)
    y0 = n_sites
    z0 = y0 + zones.size
    n0 = z0 + terminals.size
    f0 = n0 + n_pile_sites
    n_cols = f0 + pair_zone.size
    blocks = {"x": 0, "y": y0, "z": z0, "n": n0, "f": f0, "end": n_cols}
    demand = np.asarray(data.demand_fast_ev, dtype=np.float64)
    cost = np.zeros(n_cols)
    cost[:y0] = tie_break_coefficients(data)
    cost[y0:z0] = float(data.weight_fast) * demand[zones]
    cost[f0:] = float(data.weight_slow)
    col_lower = np.zeros(n_cols)
    if fix_locked:
        col_lower[:y0] = np.asarray(data.station_locked, dtype=bool).astype(np.float64)
    col_upper = np.full(n_cols, np.inf)
    col_upper[:n0] = 1.0
    col_upper[n0:f0] = np.asarray(data.pile_capacity, dtype=np.int64).astype(np.float64)
    integer = np.zeros(n_cols, dtype=bool)
    integer[:y0] = True
    integer[n0:f0] = True
    empty = np.zeros(0)
    return MatrixModel(
        cost=cost,
        col_lower=col_lower,
        col_upper=col_upper,
        integer=integer,
        matrix=sp.csr_matrix((0, n_cols)),
        row_lower=empty,
        row_upper=empty,
        blocks=blocks,
        demand_zones=zones,
        terminals=terminals,
        pair_zone=pair_zone,
        pair_site=pair_site,
    )


class _Rows:
    """Accumulates the triplets and bounds of row families, in order."""

    def __init__(self) -> None:
        self.rows: list[IntArray] = []
        self.cols: list[IntArray] = []
        self.vals: list[FloatArray] = []
        self.lower: list[FloatArray] = []
        self.upper: list[FloatArray] = []
        self.names: list[tuple[str, int, int, IntArray]] = []
        self.n_rows = 0

    def add(
        self,
        family: str,
        r: IntArray,
        c: IntArray,
        v: FloatArray,
        lo: FloatArray,
        up: FloatArray,
        keys: IntArray,
    ) -> None:
        """Append ``lo.size`` rows with entries ``(r, c, v)`` (``r`` local to the family)."""
        self.rows.append(np.asarray(r, dtype=np.int64) + self.n_rows)
        self.cols.append(np.asarray(c, dtype=np.int64))
        self.vals.append(np.asarray(v, dtype=np.float64))
        self.lower.append(lo)
        self.upper.append(up)
        self.names.append((family, self.n_rows, lo.size, keys))
        self.n_rows += lo.size

    def finish(self, n_cols: int) -> tuple[sp.csr_matrix, FloatArray, FloatArray]:
        """The CSR matrix (duplicates summed) and the row bounds."""
        cat = np.concatenate
        empty_i, empty_f = np.zeros(0, dtype=np.int64), np.zeros(0)
        matrix = sp.csr_matrix(
            (
                cat(self.vals) if self.vals else empty_f,
                (cat(self.rows) if self.rows else empty_i, cat(self.cols) if self.cols else empty_i),
            ),
            shape=(self.n_rows, n_cols),
        )
        matrix.sum_duplicates()
        lower = cat(self.lower) if self.lower else empty_f
        upper = cat(self.upper) if self.upper else empty_f
        return matrix, lower, upper


_NONE = np.zeros(0, dtype=np.int64)


def _count_rows(rows: _Rows, data: ModelData, b: dict[str, int]) -> None:
    """``sum_j x_j = p`` and ``sum_k n_k = P``."""
    n_sites, n_pile_sites = data.n_candidates, data.n_pile_sites
    p, big_p = int(data.n_stations), int(data.n_piles)
    _require(n_sites > 0 or p == 0, f"n_stations = {p} but there are no candidate sites")
    if n_sites > 0:
        target = np.array([float(p)])
        rows.add(
            "con_station_count",
            np.zeros(n_sites, dtype=np.int64),
            np.arange(b["x"], b["y"]),
            np.ones(n_sites),
            target,
            target,
            _NONE,
        )
    _require(n_pile_sites > 0 or big_p == 0, f"n_piles = {big_p} but there are no pile sites")
    if n_pile_sites > 0:
        target = np.array([float(big_p)])
        rows.add(
            "con_pile_count",
            np.zeros(n_pile_sites, dtype=np.int64),
            np.arange(b["n"], b["f"]),
            np.ones(n_pile_sites),
            target,
            target,
            _NONE,
        )


def _coverage_rows(rows: _Rows, family: str, matrix: sp.csr_matrix, keys: IntArray, first_col: int) -> None:
    """``v_r - sum_{j in row r} x_j <= 0`` for each kept row ``r`` (``keys``)."""
    counts = np.diff(matrix.indptr)[keys]
    starts = matrix.indptr[keys]
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    sites = matrix.indices[np.repeat(starts, counts) + offsets]
    local = np.arange(keys.size)
    rows.add(
        family,
        np.concatenate([local, np.repeat(local, counts)]),
        np.concatenate([first_col + local, sites]),
        np.concatenate([np.ones(keys.size), -np.ones(sites.size)]),
        np.full(keys.size, -np.inf),
        np.zeros(keys.size),
        keys,
    )


def _quota_row(rows: _Rows, data: ModelData, cols: MatrixModel) -> None:
    """``sum_t z_t >= q`` (only when ``q > 0``)."""
    q, n_z = int(data.terminal_quota), cols.terminals.size
    if q <= 0:
        return
    _require(n_z > 0, f"terminal quota q = {q} but no terminal has a candidate in reach")
    z0 = cols.blocks["z"]
    rows.add(
        "con_terminal_quota",
        np.zeros(n_z, dtype=np.int64),
        np.arange(z0, z0 + n_z),
        np.ones(n_z),
        np.array([float(q)]),
        np.array([np.inf]),
        _NONE,
    )


def _slow_rows(rows: _Rows, data: ModelData, cols: MatrixModel) -> None:
    """``sum_k f_ik <= s_i`` per zone and ``sum_i f_ik - e n_k <= 0`` per pile site (pairs sorted by zone)."""
    slow = np.asarray(data.demand_slow_ev, dtype=np.float64)
    n_f = cols.pair_zone.size
    pair_cols = np.arange(cols.blocks["f"], cols.n_cols)
    zone_keys, zone_row = np.unique(cols.pair_zone, return_inverse=True)
    rows.add(
        "con_slow_demand",
        zone_row.ravel(),
        pair_cols,
        np.ones(n_f),
        np.full(zone_keys.size, -np.inf),
        slow[zone_keys],
        zone_keys,
    )
    site_keys, site_row = np.unique(cols.pair_site, return_inverse=True)
    e = float(data.evs_per_pile)
    rows.add(
        "con_pile_service",
        np.concatenate([site_row.ravel(), np.arange(site_keys.size)]),
        np.concatenate([pair_cols, cols.blocks["n"] + site_keys]),
        np.concatenate([np.ones(n_f), np.full(site_keys.size, -e)]),
        np.full(site_keys.size, -np.inf),
        np.zeros(site_keys.size),
        site_keys,
    )


def _county_rows(rows: _Rows, data: ModelData, b: dict[str, int]) -> None:
    """``sum_{j in c} x_j >= L_c`` and ``sum_{k in c} n_k >= L'_c`` for counties with a minimum."""
    for family, county, minimum, first in (
        ("con_county_min_stations", data.station_county, data.county_min_stations, b["x"]),
        ("con_county_min_piles", data.pile_county, data.county_min_piles, b["n"]),
    ):
        mins = per_county(minimum, data.n_counties)
        c_of = np.asarray(county, dtype=np.int64)
        keys = np.flatnonzero(mins > 0)
        member = np.isin(c_of, keys)
        for c in keys.tolist():
            _require(bool(np.any(c_of == c)), f"county {c} needs {mins[c]} but has no sites")
        rows.add(
            family,
            np.searchsorted(keys, c_of[member]),
            first + np.flatnonzero(member),
            np.ones(int(member.sum())),
            mins[keys].astype(np.float64),
            np.full(keys.size, np.inf),
            keys,
        )


def _fix_locked(
    matrix: sp.csr_matrix, lower: FloatArray, upper: FloatArray, data: ModelData, b: dict[str, int]
) -> tuple[sp.csr_matrix, FloatArray, FloatArray]:
    """Locked sites are fixed columns: their entries move to the row bounds (as Pyomo does)."""
    locked = np.asarray(data.station_locked, dtype=bool)
    if not locked.any():
        return matrix, lower, upper
    fixed = np.zeros(matrix.shape[1])
    fixed[b["x"] : b["y"]] = locked.astype(np.float64)
    shift = matrix @ fixed
    coo = matrix.tocoo()
    keep = fixed[coo.col] == 0
    kept = sp.csr_matrix((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)
    return kept, lower - shift, upper - shift


@dataclass(frozen=True)
class RowFamily:
    """The rows of one constraint family in a :class:`LinearModel`.

    Attributes
    ----------
    name
        Family, e.g. ``"con_county_min_stations"``.
    first, count
        Its rows are ``first .. first + count - 1``.
    keys
        What each row is about (a county, zone, terminal, substation or site index; the row number within
        the family when nothing else).
    stage
        Stage of the planning model the rows belong to (``""`` in the base model).
    """

    name: str
    first: int
    count: int
    keys: IntArray
    stage: str = ""


class LinearModel(Protocol):
    """A MIP ``max c'v`` s.t. ``row_lower <= A v <= row_upper``: :class:`MatrixModel`, the planning model's
    :class:`~siting.model.extended.ExtendedModel` or a compiled Pyomo model; what the solver reads."""

    cost: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray
    integer: npt.NDArray[np.bool_]
    matrix: sp.csr_matrix
    row_lower: FloatArray
    row_upper: FloatArray

    @property
    def n_cols(self) -> int: ...

    @property
    def n_rows(self) -> int: ...

    def column_names(self) -> list[str]: ...

    def names_of_rows(self) -> list[str]: ...

    def row_families(self) -> list[RowFamily]: ...


def start_vector(
    model: MatrixModel,
    open_station: Any,
    piles: Any,
    covered: Any,
    terminal_covered: Any,
    flows: sp.csr_matrix,
) -> FloatArray:
    """Return a full column vector for a plan (the MIP start): ``x``, ``y``, ``z``, ``n``, ``f``."""
    b = model.blocks
    v = np.zeros(model.n_cols)
    v[b["x"] : b["y"]] = np.asarray(open_station, dtype=np.float64)
    v[b["y"] : b["z"]] = np.asarray(covered, dtype=np.float64)[model.demand_zones]
    v[b["z"] : b["n"]] = np.asarray(terminal_covered, dtype=np.float64)[model.terminals]
    v[b["n"] : b["f"]] = np.asarray(piles, dtype=np.float64)
    if model.pair_zone.size:
        f = canonical_csr(flows)
        v[b["f"] :] = np.asarray(f[model.pair_zone, model.pair_site]).ravel()
    return v


def _require(condition: bool, problem: str) -> None:
    """Raise :class:`InfeasibleError` when a row would be an empty sum that can never be met."""
    if not condition:
        raise InfeasibleError(f"{problem}; run siting.solve.check_feasibility for every problem")
