r"""The siting MIP as sparse arrays, built straight from the CSR matrices and handed to HiGHS.

:func:`build_arrays` writes the same model as :func:`siting.model.build.build_model` (same columns,
rows, coefficients and bounds, in the same order; ``tests/test_model.py`` checks that both give the
same optimum and the same size) without a Python loop over rows: every block of the constraint
matrix is assembled from the ``indptr``/``indices`` arrays of :class:`~siting.model.data.ModelData`.
:func:`highs_from_arrays` passes it to a ``highspy.Highs`` object in one call, with column and row
names (``open_station[j]``, ``con_fast_coverage[i]``, ...) so that a written MPS/LP file reads like
the Pyomo model.

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
from siting.model.data import ModelData
from siting.model.objectives import tie_break_coefficients
from siting.model.variables import canonical_csr, fast_demand_zones, reachable_terminals, slow_pairs

__all__ = ["MatrixModel", "build_arrays", "highs_from_arrays", "new_highs", "start_vector"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass
class MatrixModel:
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

    @property
    def n_cols(self) -> int:
        """Number of columns."""
        return int(self.cost.size)

    @property
    def n_rows(self) -> int:
        """Number of rows."""
        return int(self.row_lower.size)

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


def build_arrays(data: ModelData) -> MatrixModel:
    """Build the siting MIP of ``docs/model.md`` as sparse arrays (no loop over rows or pairs).

    Raises
    ------
    InfeasibleError
        When a row would be an empty sum that can never be met (as :func:`build_model` does).
    """
    n_sites, n_piles_sites = data.n_candidates, data.n_pile_sites
    cover = canonical_csr(data.fast_time_min)
    radius = canonical_csr(data.terminal_dist_m)
    zones = fast_demand_zones(data)
    terminals = reachable_terminals(data)
    pair_zone, pair_site = slow_pairs(data)
    n_y, n_z, n_f = zones.size, terminals.size, pair_zone.size
    x0, y0 = 0, n_sites
    z0 = y0 + n_y
    n0 = z0 + n_z
    f0 = n0 + n_piles_sites
    n_cols = f0 + n_f
    blocks = {"x": x0, "y": y0, "z": z0, "n": n0, "f": f0, "end": n_cols}

    demand = np.asarray(data.demand_fast_ev, dtype=np.float64)
    capacity = np.asarray(data.pile_capacity, dtype=np.int64)
    locked = np.asarray(data.station_locked, dtype=bool)
    cost = np.zeros(n_cols)
    cost[x0:y0] = tie_break_coefficients(data)
    cost[y0:z0] = float(data.weight_fast) * demand[zones]
    cost[f0:] = float(data.weight_slow)
    col_lower = np.zeros(n_cols)
    col_lower[x0:y0] = locked.astype(np.float64)
    col_upper = np.full(n_cols, np.inf)
    col_upper[x0:n0] = 1.0
    col_upper[n0:f0] = capacity.astype(np.float64)
    integer = np.zeros(n_cols, dtype=bool)
    integer[x0:y0] = True
    integer[n0:f0] = True

    rows: list[IntArray] = []
    cols: list[IntArray] = []
    vals: list[FloatArray] = []
    lower: list[FloatArray] = []
    upper: list[FloatArray] = []
    names: list[tuple[str, int, int, IntArray]] = []
    n_rows = 0

    def add(
        family: str, r: IntArray, c: IntArray, v: FloatArray, lo: FloatArray, up: FloatArray, keys: IntArray
    ) -> None:
        nonlocal n_rows
        rows.append(r.astype(np.int64) + n_rows)
        cols.append(c.astype(np.int64))
        vals.append(v.astype(np.float64))
        lower.append(lo)
        upper.append(up)
        names.append((family, n_rows, lo.size, keys))
        n_rows += lo.size

    none = np.zeros(0, dtype=np.int64)
    p, big_p, q = int(data.n_stations), int(data.n_piles), int(data.terminal_quota)
    _require(n_sites > 0 or p == 0, f"n_stations = {p} but there are no candidate sites")
    if n_sites > 0:
        add(
            "con_station_count",
            np.zeros(n_sites, np.int64),
            np.arange(x0, y0),
            np.ones(n_sites),
            np.array([float(p)]),
            np.array([float(p)]),
            none,
        )
    _require(n_piles_sites > 0 or big_p == 0, f"n_piles = {big_p} but there are no pile sites")
    if n_piles_sites > 0:
        add(
            "con_pile_count",
            np.zeros(n_piles_sites, np.int64),
            np.arange(n0, f0),
            np.ones(n_piles_sites),
            np.array([float(big_p)]),
            np.array([float(big_p)]),
            none,
        )
    # y_i - sum_{j in N_i} x_j <= 0
    _coverage_rows(add, "con_fast_coverage", cover, zones, y0)
    _coverage_rows(add, "con_terminal_coverage", radius, terminals, z0)
    if q > 0:
        _require(n_z > 0, f"terminal quota q = {q} but no terminal has a candidate in reach")
        add(
            "con_terminal_quota",
            np.zeros(n_z, np.int64),
            np.arange(z0, n0),
            np.ones(n_z),
            np.array([float(q)]),
            np.array([np.inf]),
            none,
        )
    # slow demand: sum_k f_ik <= s_i (pairs sorted by zone)
    slow = np.asarray(data.demand_slow_ev, dtype=np.float64)
    pair_cols = np.arange(f0, n_cols)
    zone_keys, zone_row = np.unique(pair_zone, return_inverse=True)
    add(
        "con_slow_demand",
        zone_row.ravel(),
        pair_cols,
        np.ones(n_f),
        np.full(zone_keys.size, -np.inf),
        slow[zone_keys],
        zone_keys,
    )
    # pile service: sum_i f_ik - e n_k <= 0
    site_keys, site_row = np.unique(pair_site, return_inverse=True)
    e = float(data.evs_per_pile)
    add(
        "con_pile_service",
        np.concatenate([site_row.ravel(), np.arange(site_keys.size)]),
        np.concatenate([pair_cols, n0 + site_keys]),
        np.concatenate([np.ones(n_f), np.full(site_keys.size, -e)]),
        np.full(site_keys.size, -np.inf),
        np.zeros(site_keys.size),
        site_keys,
    )
    for family, county, minimum, first in (
        ("con_county_min_stations", data.station_county, data.county_min_stations, x0),
        ("con_county_min_piles", data.pile_county, data.county_min_piles, n0),
    ):
        mins = np.zeros(data.n_counties, dtype=np.int64)
        given = np.asarray(minimum, dtype=np.int64).ravel()[: data.n_counties]
        mins[: given.size] = given
        c_of = np.asarray(county, dtype=np.int64)
        keys = np.flatnonzero(mins > 0)
        member = np.isin(c_of, keys)
        for c in keys.tolist():
            _require(bool(np.any(c_of == c)), f"county {c} needs {mins[c]} but has no sites")
        row_of = np.searchsorted(keys, c_of[member])
        add(
            family,
            row_of,
            first + np.flatnonzero(member),
            np.ones(int(member.sum())),
            mins[keys].astype(np.float64),
            np.full(keys.size, np.inf),
            keys,
        )

    matrix = sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n_rows, n_cols)
    )
    matrix.sum_duplicates()
    row_lower, row_upper = np.concatenate(lower), np.concatenate(upper)
    # locked sites are fixed columns: their entries move to the row bounds (as Pyomo does)
    fixed = np.zeros(n_cols)
    fixed[x0:y0] = locked.astype(np.float64)
    if locked.any():
        shift = matrix @ fixed
        row_lower, row_upper = row_lower - shift, row_upper - shift
        coo = matrix.tocoo()
        keep = fixed[coo.col] == 0
        matrix = sp.csr_matrix((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)
    return MatrixModel(
        cost=cost,
        col_lower=col_lower,
        col_upper=col_upper,
        integer=integer,
        matrix=matrix,
        row_lower=row_lower,
        row_upper=row_upper,
        blocks=blocks,
        demand_zones=zones,
        terminals=terminals,
        pair_zone=pair_zone,
        pair_site=pair_site,
        row_names=names,
    )


def _coverage_rows(add: Any, family: str, matrix: sp.csr_matrix, keys: IntArray, first_col: int) -> None:
    """Add ``v_r - sum_{j in row r} x_j <= 0`` for each kept row ``r`` (``keys``)."""
    counts = np.diff(matrix.indptr)[keys]
    starts = matrix.indptr[keys]
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    sites = matrix.indices[np.repeat(starts, counts) + offsets]
    local = np.arange(keys.size)
    add(
        family,
        np.concatenate([local, np.repeat(local, counts)]),
        np.concatenate([first_col + local, sites]),
        np.concatenate([np.ones(keys.size), -np.ones(sites.size)]),
        np.full(keys.size, -np.inf),
        np.zeros(keys.size),
        keys,
    )


_BANNER_SHOWN = False


def new_highs() -> Any:
    """Return a ``highspy.Highs``; the first one of the process is made with stdout muted.

    HiGHS prints its banner ("Running HiGHS ...") on stdout when the first ``Highs`` object of a
    process is created, before any option can switch output off; ``siting --quiet`` must print nothing.
    """
    import os
    import sys

    import highspy

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


class LinearModel(Protocol):
    """What :func:`highs_from_arrays` reads: :class:`MatrixModel` or the planning model's ExtendedModel."""

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


def highs_from_arrays(model: LinearModel, *, names: bool = False) -> Any:
    """Return a ``highspy.Highs`` object holding ``model`` (one ``passModel`` call).

    Parameters
    ----------
    model
        From :func:`build_arrays`.
    names
        Also pass column and row names (for a readable MPS/LP file; costs a Python loop).
    """
    import highspy

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
