r"""Columns and rows of the planning model, accumulated family by family.

:class:`ColumnBuilder` collects the columns and row triplets that the family functions of
:mod:`siting.model.extended` (and its relaxations) add, and assembles one :class:`ExtendedModel`:
a MIP ``max c'v`` s.t. ``row_lower <= A v <= row_upper`` over all stages of one part, with
:class:`StageColumns` saying where each stage's columns are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from siting._typing import BoolArray, FloatArray, IntArray
from siting.model.arrays import MatrixModel, MatrixShape, RowFamily

__all__ = ["ColumnBuilder", "ExtendedModel", "StageColumns"]


@dataclass
class StageColumns:
    """Where one stage's columns are in :class:`ExtendedModel` (absolute column indices)."""

    base: dict[str, int]
    demand_zones: IntArray
    terminals: IntArray
    pair_zone: IntArray
    pair_site: IntArray
    u_start: int = 0
    u_site: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    u_level: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    h_start: int = 0
    h_zone: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    h_site: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    h_rate: FloatArray = field(default_factory=lambda: np.zeros(0))
    g_start: int = 0
    g_site: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    g_sub: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    e_start: int = 0
    v_start: int = 0
    v_trip: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    zone_of: IntArray | None = None

    def x(self, j: IntArray | None = None) -> IntArray:
        """Columns of ``x_j`` (all candidates when ``j`` is None)."""
        n = self.base["y"] - self.base["x"]
        idx = np.arange(n, dtype=np.int64) if j is None else np.asarray(j, dtype=np.int64)
        return self.base["x"] + idx

    def n(self) -> IntArray:
        """Columns of ``n_k`` (every pile site)."""
        return np.arange(self.base["n"], self.base["f"], dtype=np.int64)


@dataclass
class ExtendedModel(MatrixShape):
    """A MIP ``max c'v`` s.t. ``row_lower <= A v <= row_upper`` over all stages of one part.

    Has the attributes :func:`siting.model.arrays.highs_from_arrays` reads (``cost``, bounds,
    ``integer``, ``matrix``, row bounds, names) and ``stages``: where each stage's columns are.
    """

    part: str
    cost: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray
    integer: BoolArray
    matrix: sp.csr_matrix
    row_lower: FloatArray
    row_upper: FloatArray
    stages: list[StageColumns]
    col_names: list[str]
    families: list[tuple[str, int, IntArray]]

    def column_names(self) -> list[str]:
        """Column names (``open_station[2025][3]``, ``chargers_step[2025][3,4]``, ...)."""
        return list(self.col_names)

    def names_of_rows(self) -> list[str]:
        """Row names: the family with the row's number inside the family."""
        names: list[str] = []
        for family, count, _keys in self.families:
            names += [family] if count == 1 else [f"{family}[{r}]" for r in range(count)]
        return names

    def row_families(self) -> list[RowFamily]:
        """The constraint families with their stage and the key (county, substation, site) of each row."""
        out: list[RowFamily] = []
        first = 0
        for family, count, keys in self.families:
            name, _, stage = family.partition("[")
            out.append(RowFamily(name, first, count, keys, stage.rstrip("]")))
            first += count
        return out

    def family_rows(self) -> dict[str, int]:
        """Number of rows per family (all stages)."""
        out: dict[str, int] = {}
        for family, count, _keys in self.families:
            key = family.split("[")[0]
            out[key] = out.get(key, 0) + count
        return out


class ColumnBuilder:
    """Accumulates columns and row triplets; one instance per :func:`build_extended` call."""

    def __init__(self) -> None:
        self.cost: list[FloatArray] = []
        self.lower: list[FloatArray] = []
        self.upper: list[FloatArray] = []
        self.integer: list[BoolArray] = []
        self.names: list[str] = []
        self.n_cols = 0
        self.rows: list[IntArray] = []
        self.cols: list[IntArray] = []
        self.vals: list[FloatArray] = []
        self.row_lower: list[FloatArray] = []
        self.row_upper: list[FloatArray] = []
        self.families: list[tuple[str, int, IntArray]] = []
        self.n_rows = 0
        self.cost_changes: list[tuple[IntArray, FloatArray]] = []
        self.bound_changes: list[tuple[IntArray, float]] = []  # (columns, new upper bound)

    def add_cost(self, cols: IntArray, delta: FloatArray | float) -> None:
        """Add ``delta`` to the objective coefficients of columns ``cols`` (applied in :meth:`finish`)."""
        cols = np.asarray(cols, dtype=np.int64)
        self.cost_changes.append((cols, np.broadcast_to(np.asarray(delta, dtype=np.float64), cols.shape)))

    def columns(
        self,
        names: list[str],
        cost: FloatArray,
        lower: FloatArray | float,
        upper: FloatArray | float,
        integer: bool,
    ) -> int:
        """Append columns; return the index of the first."""
        first = self.n_cols
        count = len(names)
        self.cost.append(np.asarray(cost, dtype=np.float64).reshape(count))
        self.lower.append(np.broadcast_to(np.asarray(lower, dtype=np.float64), (count,)).copy())
        self.upper.append(np.broadcast_to(np.asarray(upper, dtype=np.float64), (count,)).copy())
        self.integer.append(np.full(count, integer))
        self.names += names
        self.n_cols += count
        return first

    def rows_block(
        self,
        family: str,
        r: IntArray,
        c: IntArray,
        v: FloatArray,
        lo: FloatArray | float,
        up: FloatArray | float,
        count: int,
        keys: IntArray | None = None,
    ) -> None:
        """Append ``count`` rows with entries ``(r, c, v)`` (``r`` local to the block).

        ``keys`` says what each row is about (a county, substation, site; default: the row's number).
        """
        if count == 0:
            return
        self.rows.append(np.asarray(r, dtype=np.int64) + self.n_rows)
        self.cols.append(np.asarray(c, dtype=np.int64))
        self.vals.append(np.asarray(v, dtype=np.float64))
        self.row_lower.append(np.broadcast_to(np.asarray(lo, dtype=np.float64), (count,)).copy())
        self.row_upper.append(np.broadcast_to(np.asarray(up, dtype=np.float64), (count,)).copy())
        self.families.append((family, count, np.arange(count, dtype=np.int64) if keys is None else keys))
        self.n_rows += count

    def base(self, model: MatrixModel, stage: str) -> dict[str, int]:
        """Append a base block from :func:`build_arrays`; return its block offsets (absolute)."""
        offset = self.n_cols
        names = [_stage_name(name, stage) for name in model.column_names()]
        self.columns(names, model.cost, model.col_lower, model.col_upper, False)
        self.integer[-1] = np.asarray(model.integer, dtype=bool).copy()
        coo = model.matrix.tocoo()
        count = model.n_rows
        if count:
            self.rows.append(coo.row.astype(np.int64) + self.n_rows)
            self.cols.append(coo.col.astype(np.int64) + offset)
            self.vals.append(coo.data.astype(np.float64))
            self.row_lower.append(model.row_lower.copy())
            self.row_upper.append(model.row_upper.copy())
            for family, _first, n, keys in model.row_names:
                own = keys if keys.size == n else np.arange(n, dtype=np.int64)
                self.families.append((f"{family}[{stage}]", n, own))
            self.n_rows += count
        return {key: offset + value for key, value in model.blocks.items()}

    def finish(self, part: str, stages: list[StageColumns]) -> ExtendedModel:
        """Assemble the CSR matrix."""
        matrix = sp.csr_matrix(
            (
                np.concatenate(self.vals) if self.vals else np.zeros(0),
                (
                    np.concatenate(self.rows) if self.rows else np.zeros(0, dtype=np.int64),
                    np.concatenate(self.cols) if self.cols else np.zeros(0, dtype=np.int64),
                ),
            ),
            shape=(self.n_rows, self.n_cols),
        )
        matrix.sum_duplicates()
        cost = np.concatenate(self.cost)
        for cols, delta in self.cost_changes:
            np.add.at(cost, cols, delta)
        upper = np.concatenate(self.upper)
        for cols, bound in self.bound_changes:
            upper[cols] = np.minimum(upper[cols], bound)
        return ExtendedModel(
            part=part,
            cost=cost,
            col_lower=np.concatenate(self.lower),
            col_upper=upper,
            integer=np.concatenate(self.integer),
            matrix=matrix,
            row_lower=np.concatenate(self.row_lower) if self.row_lower else np.zeros(0),
            row_upper=np.concatenate(self.row_upper) if self.row_upper else np.zeros(0),
            stages=stages,
            col_names=self.names,
            families=self.families,
        )


def _stage_name(name: str, stage: str) -> str:
    """``open_station[3]`` -> ``open_station[2025][3]``; names without an index get ``[2025]``."""
    head, sep, rest = name.partition("[")
    return f"{head}[{stage}][{rest}" if sep else f"{name}[{stage}]"
