r"""One elastic diagnosis: when HiGHS proves a part infeasible, say which requirements conflict, by how much.

:func:`diagnose_infeasibility` takes the part as a :class:`~siting.model.arrays.LinearModel` whose locked
sites are rows (``build_arrays(..., locked_rows=True)``), gives every row of the requirement families in
:data:`ELASTIC_FAMILIES` a slack column :math:`\sigma_r \ge 0` (``row + \sigma_r \ge lower`` for minimums,
``row - \sigma_r \le upper`` for caps and headroom), maximises :math:`-\sum_r \sigma_r` and reports each row
with a positive slack as one message naming the requirement as the user wrote it (the county, the
substation, the locked site, the stage) with its shortfall and the fix.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import scipy.sparse as sp

from siting._typing import IntArray
from siting.model.arrays import LinearModel, MatrixShape, RowFamily
from siting.solve.highs import run_highs

__all__ = ["ELASTIC_FAMILIES", "ElasticModel", "diagnose_infeasibility"]

#: Families relaxed by :func:`diagnose_infeasibility`: (unit, what the requirement is, how to relax it).
ELASTIC_FAMILIES: dict[str, tuple[str, str, str]] = {
    "con_terminal_quota": ("terminals", "the terminal quota", "lower terminal_share"),
    "con_county_min_stations": ("stations", "the station minimum of county {key}", "lower county_min_share"),
    "con_county_min_piles": ("piles", "the pile minimum of county {key}", "lower county_min_share"),
    "con_county_max_stations": ("stations", "the station cap of county {key}", "raise county_max_share"),
    "con_county_max_piles": ("piles", "the pile cap of county {key}", "raise county_max_share"),
    "con_rural_stations": ("stations", "the rural station minimum", "lower rural_min_share_stations"),
    "con_rural_piles": ("piles", "the rural pile minimum", "lower rural_min_share_piles"),
    "con_substation_headroom": (
        "kW",
        "the headroom of substation {key}",
        "raise its headroom (substation_headroom_kw) or add a substation",
    ),
    "con_locked_sites": ("locked sites", "locked site {key}", "unlock it or check locked_sites_file"),
}


@dataclasses.dataclass
class _Elastic(MatrixShape):
    """A LinearModel with slack columns (attributes as read by :func:`~siting.solve.highs.run_highs`)."""

    cost: Any
    col_lower: Any
    col_upper: Any
    integer: Any
    matrix: sp.csr_matrix
    row_lower: Any
    row_upper: Any
    names: list[str]
    base: LinearModel

    def column_names(self) -> list[str]:
        return [*self.base.column_names(), *self.names]

    def names_of_rows(self) -> list[str]:
        return self.base.names_of_rows()

    def row_families(self) -> list[RowFamily]:
        return self.base.row_families()


ElasticModel = _Elastic
#: Names a row: ``(family, key) -> text`` (e.g. ``con_county_min_stations``, 2 -> "Yuechi County").
KeyNamer = Callable[[str, int], str]


def diagnose_infeasibility(
    model: LinearModel,
    *,
    options: Mapping[str, Any],
    time_limit_s: float,
    name_key: KeyNamer,
    big_m_families: tuple[str, ...] = (),
) -> list[str]:
    """Say which requirements of an infeasible model conflict, and by how much; ``[]`` when it cannot tell.

    Parameters
    ----------
    model
        The infeasible part with locked sites as rows.
    options
        HiGHS options.
    time_limit_s
        Most seconds for the elastic model.
    name_key
        Names the key of a row as the user wrote it.
    big_m_families
        Families whose negative coefficients are replaced by a big M (rows like ``e <= min(κc, H) g`` that
        would hide a shortfall of another family behind their own coefficient).
    """
    families = [f for f in model.row_families() if f.name in ELASTIC_FAMILIES]
    if not families:
        return []
    slack_rows = np.concatenate([f.first + np.arange(f.count) for f in families]).astype(np.int64)
    lower_sided = np.isfinite(model.row_lower[slack_rows]) & (model.row_lower[slack_rows] > -1e300)
    sign = np.where(lower_sided, 1.0, -1.0)
    matrix = model.matrix.tocsr(copy=True)
    for family in model.row_families():
        if family.name in big_m_families:
            block = slice(int(matrix.indptr[family.first]), int(matrix.indptr[family.first + family.count]))
            matrix.data[block] = np.where(matrix.data[block] < 0, -1e7, matrix.data[block])
    n = slack_rows.size
    extra = sp.csr_matrix((sign, (slack_rows, np.arange(n))), shape=(model.n_rows, n))
    elastic = _Elastic(
        cost=np.concatenate([np.zeros(model.n_cols), -np.ones(n)]),
        col_lower=np.concatenate([model.col_lower, np.zeros(n)]),
        col_upper=np.concatenate([model.col_upper, np.full(n, np.inf)]),
        integer=np.concatenate([model.integer, np.zeros(n, dtype=bool)]),
        matrix=sp.hstack([matrix, extra], format="csr"),
        row_lower=model.row_lower,
        row_upper=model.row_upper,
        names=[f"slack[{i}]" for i in range(n)],
        base=model,
    )
    run = run_highs(elastic, options=options, time_limit_s=time_limit_s, mip_rel_gap=1e-6, name="diagnosis")
    if run.values is None:
        return []
    slack = run.values[model.n_cols :]
    return _messages(families, slack, name_key)


def _messages(families: list[RowFamily], slack: Any, name_key: KeyNamer) -> list[str]:
    out: list[str] = []
    offset = 0
    for family in families:
        amounts = slack[offset : offset + family.count]
        offset += family.count
        keys: IntArray = family.keys
        unit, what, fix = ELASTIC_FAMILIES[family.name]
        for key, amount in zip(keys.tolist(), amounts.tolist(), strict=True):
            if amount <= 1e-6 or not math.isfinite(amount):
                continue
            text = what.format(key=name_key(family.name, int(key)))
            stage = f"stage {family.stage}: " if family.stage else ""
            shown = f"{amount:,.1f}" if unit == "kW" else f"{amount:,.0f}"
            unit_text = "locked site closed" if unit == "locked sites" else unit
            out.append(
                f"{stage}{text} cannot be met together with the other requirements: short by {shown} "
                f"{unit_text}; {fix}"
            )
    return out
