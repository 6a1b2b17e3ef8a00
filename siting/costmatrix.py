r"""Your own problem, spopt-style: the maximal covering location problem on a cost matrix you bring.

A transport planner often has the costs already (a transport-model skim, a network-distance table from a GIS,
straight-line distances of two point layers) and wants the sites that cover the most demand.
:func:`from_cost_matrix` solves that problem with this package's solver (:func:`siting.solve.solve_model`:
checks, greedy start, own bound, HiGHS) and :func:`from_geodataframes` builds the costs from two point layers
first.  The model is the base model of ``docs/model.md`` with no piles and no terminals, which is the MCLP of
Church and ReVelle (1974):

.. math::

    \max \sum_{i \in I} a_i y_i
    \quad \text{s.t.} \quad
    y_i \le \sum_{j \in N_i} x_j \;\; \forall i, \qquad
    \sum_{j \in J} x_j = p, \qquad
    x_j = 1 \;\; \forall j \in L, \qquad
    x_j, y_i \in \{0, 1\}

with :math:`a_i` the demand weights, :math:`N_i = \{j : c_{ij} \le r\}` the candidates within the service
radius :math:`r` of demand point :math:`i` (a cost of exactly 0 counts: the site is at the demand point),
:math:`p` the number of sites and :math:`L` the sites that must be chosen.  When fewer than :math:`p`
candidates cover anything, the remaining sites are still opened (the model opens exactly :math:`p`).

Costs are in any unit (metres, minutes, yuan) as long as ``service_radius`` is in the same unit.  Entries
beyond the radius are ignored, so a full (unfiltered) matrix and one pre-filtered to the radius give the same
plan; a missing pair (NaN or +inf in a dense matrix, an absent row of a long table, an implicit zero of a
sparse matrix) means "not reachable".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from siting._errors import InputDataError
from siting._sparse import MIN_ENTRY
from siting._typing import BoolArray, FloatArray, IntArray
from siting.model.data import ModelData
from siting.render import render
from siting.solve import SolveReport, solve_model

__all__ = ["CoverageResult", "from_cost_matrix", "from_geodataframes"]

#: What a cost matrix may be: a dense array, a SciPy sparse matrix (stored entries are the pairs, explicit
#: zeros included) or a long table with one row per (demand, candidate) pair.
CostMatrix: TypeAlias = npt.ArrayLike | sp.spmatrix | pd.DataFrame


@dataclass(frozen=True)
class CoverageResult:
    """The plan of a maximal covering problem, as labelled tables.

    Attributes
    ----------
    selected
        The chosen candidates' ids, sorted.
    covered_weight
        Demand weight within ``service_radius`` of a chosen site.
    total_weight
        All demand weight.
    status, gap
        The solver's status (``optimal``, ``gap_limit``, ``time_limit`` ...) and the proven relative gap.
    candidates
        One row per candidate: ``candidate_id``, ``selected``, ``weight_within_radius`` (what the site
        covers alone) and ``weight_covered_only_here`` (covered by no other chosen site).
    demand
        One row per demand point: ``demand_id``, ``weight``, ``covered``, ``nearest_selected_id`` and
        ``cost_to_nearest_selected`` (within the radius; empty / NaN when not covered).
    service_radius, n_stations
        The problem as asked.
    report
        The solver's full :class:`~siting.solve.SolveReport`.
    """

    selected: list[str]
    covered_weight: float
    total_weight: float
    status: str
    gap: float
    candidates: pd.DataFrame
    demand: pd.DataFrame
    service_radius: float
    n_stations: int
    report: SolveReport

    @property
    def covered_share(self) -> float:
        """``covered_weight / total_weight`` (0 when there is no demand)."""
        return self.covered_weight / self.total_weight if self.total_weight > 0 else 0.0

    def __repr__(self) -> str:
        shown = ", ".join(self.selected[:8]) + (", ..." if len(self.selected) > 8 else "")
        return (
            f"CoverageResult({len(self.selected)} of {len(self.candidates)} sites [{shown}]; covered "
            f"{self.covered_weight:,.6g} of {self.total_weight:,.6g} ({100 * self.covered_share:.1f} %); "
            f"{self.status}, gap {100 * self.gap:.3g} %)"
        )

    def _repr_html_(self) -> str:
        """A short summary for Jupyter (template ``notebook/coverage_result.html``)."""
        return render(
            "notebook/coverage_result.html",
            n_selected=len(self.selected),
            n_candidates=len(self.candidates),
            n_stations=self.n_stations,
            service_radius=self.service_radius,
            covered_weight=self.covered_weight,
            total_weight=self.total_weight,
            covered_share=self.covered_share,
            status=self.status,
            gap=self.gap,
            selected=self.selected[:20],
            more=max(len(self.selected) - 20, 0),
        )


def from_cost_matrix(
    cost: CostMatrix,
    weights: npt.ArrayLike | pd.Series,
    service_radius: float,
    n_stations: int,
    *,
    candidate_ids: Sequence[Any] | None = None,
    demand_ids: Sequence[Any] | None = None,
    locked: Sequence[Any] | None = None,
    demand_col: str = "demand_id",
    candidate_col: str = "candidate_id",
    cost_col: str = "cost",
    time_limit_s: float = 60.0,
    mip_rel_gap: float = 1e-6,
    seed: int = 0,
) -> CoverageResult:
    """Choose ``n_stations`` candidates that cover the most demand weight within ``service_radius``.

    Parameters
    ----------
    cost
        Demand × candidate costs: a dense array ``(n_demand, n_candidates)`` (NaN / inf = unreachable), a
        SciPy sparse matrix of that shape (stored entries are the reachable pairs; store a 0 explicitly for a
        site at the demand point), or a long :class:`pandas.DataFrame` with columns ``demand_col``,
        ``candidate_col`` and ``cost_col`` (absent pairs are unreachable).
    weights
        Demand weight per demand point (people, EVs, trips), in demand order; for a long table either in the
        order of ``demand_ids`` or a :class:`pandas.Series` indexed by demand id.
    service_radius
        Largest cost that counts as covered (same unit as ``cost``).
    n_stations
        Number of sites to choose, ``p``.
    candidate_ids, demand_ids
        Ids of the columns / rows (default ``0..n-1``; for a long table, the ids found in it, sorted, unless
        given: then they fix the order and ids absent from the table are points with no reachable pair).
    locked
        Candidate ids that must be chosen (count towards ``n_stations``).
    time_limit_s, mip_rel_gap, seed
        Solver options (:func:`siting.solve.solve_model`): the best plan and its proven gap are returned when
        the limit is reached.

    Returns
    -------
    CoverageResult

    Raises
    ------
    InputDataError
        (also a :class:`ValueError`) when the shapes, ids, weights, radius or ``n_stations`` do not fit; the
        message names the argument and the fix.
    """
    within, demand_ids_, candidate_ids_ = _within_radius(
        cost, service_radius, demand_ids, candidate_ids, demand_col, candidate_col, cost_col
    )
    w = _weights(weights, demand_ids_, within.shape[0])
    lock = _locked(locked, candidate_ids_)
    _check_problem(within.shape, n_stations, lock)
    data = _model_data(within, w, float(service_radius), int(n_stations), lock, candidate_ids_)
    solution, report = solve_model(data, time_limit_s=time_limit_s, mip_rel_gap=mip_rel_gap, seed=seed)
    return _result(within, w, solution.open_station, report, demand_ids_, candidate_ids_, service_radius)


def from_geodataframes(
    demand_gdf: gpd.GeoDataFrame,
    candidates_gdf: gpd.GeoDataFrame,
    *,
    weight_col: str,
    service_radius: float,
    n_stations: int,
    cost: CostMatrix | None = None,
    demand_id_col: str | None = None,
    candidate_id_col: str | None = None,
    locked: Sequence[Any] | None = None,
    time_limit_s: float = 60.0,
    mip_rel_gap: float = 1e-6,
    seed: int = 0,
) -> CoverageResult:
    """:func:`from_cost_matrix` on two point layers.

    ``cost`` defaults to straight-line distances in metres (both layers projected to their local UTM zone);
    give a matrix or long table (in the layers' row order / keyed by their ids) for network costs.  Both
    layers must have a CRS, and the same one.  Ids come from ``demand_id_col`` / ``candidate_id_col``
    (default: the index).
    """
    for name, gdf in (("demand_gdf", demand_gdf), ("candidates_gdf", candidates_gdf)):
        if gdf.crs is None:
            raise InputDataError(
                f"{name} has no CRS: set one (gdf.set_crs('EPSG:4326') for longitude/latitude)"
            )
    if demand_gdf.crs != candidates_gdf.crs:
        raise InputDataError(
            f"demand_gdf is in {demand_gdf.crs.to_string()} but candidates_gdf in "
            f"{candidates_gdf.crs.to_string()}: reproject one (gdf.to_crs(...)) so that both match"
        )
    if weight_col not in demand_gdf.columns:
        raise InputDataError(
            f"demand_gdf has no column {weight_col!r} (weight_col); it has "
            f"{', '.join(map(str, demand_gdf.columns))}"
        )
    demand_ids = list(demand_gdf[demand_id_col] if demand_id_col else demand_gdf.index)
    candidate_ids = list(candidates_gdf[candidate_id_col] if candidate_id_col else candidates_gdf.index)
    if cost is None:
        cost = _straight_line_m(demand_gdf, candidates_gdf)
    weights = demand_gdf[weight_col].to_numpy(dtype=float)
    return from_cost_matrix(
        cost,
        weights,
        service_radius,
        n_stations,
        candidate_ids=candidate_ids,
        demand_ids=demand_ids,
        locked=locked,
        time_limit_s=time_limit_s,
        mip_rel_gap=mip_rel_gap,
        seed=seed,
    )


def _straight_line_m(demand_gdf: gpd.GeoDataFrame, candidates_gdf: gpd.GeoDataFrame) -> FloatArray:
    if not (demand_gdf.geom_type == "Point").all() or not (candidates_gdf.geom_type == "Point").all():
        raise InputDataError("straight-line costs need point layers: pass cost= for other geometries")
    utm = demand_gdf.estimate_utm_crs()
    a = demand_gdf.geometry.to_crs(utm)
    b = candidates_gdf.geometry.to_crs(utm)
    dx = a.x.to_numpy()[:, None] - b.x.to_numpy()[None, :]
    dy = a.y.to_numpy()[:, None] - b.y.to_numpy()[None, :]
    return np.asarray(np.hypot(dx, dy), dtype=np.float64)


def _within_radius(
    cost: CostMatrix,
    radius: float,
    demand_ids: Sequence[Any] | None,
    candidate_ids: Sequence[Any] | None,
    demand_col: str,
    candidate_col: str,
    cost_col: str,
) -> tuple[sp.csr_matrix, list[str], list[str]]:
    """The pairs within ``radius`` as a CSR of costs (0 stored as MIN_ENTRY), with the row and column ids."""
    if not np.isfinite(radius) or radius < 0:
        raise InputDataError(f"service_radius must be a finite number >= 0, got {radius!r}")
    if isinstance(cost, pd.DataFrame):
        rows, cols, values, demand, candidates = _long_pairs(
            cost, demand_ids, candidate_ids, demand_col, candidate_col, cost_col
        )
        shape = (len(demand), len(candidates))
    else:
        rows, cols, values, shape = _matrix_pairs(cost)
        demand = _ids(demand_ids, shape[0], "demand_ids", "rows")
        candidates = _ids(candidate_ids, shape[1], "candidate_ids", "columns")
    if np.any(values < 0):
        k = int(np.argmax(values < 0))
        raise InputDataError(
            f"cost has a negative entry ({values[k]:g}) for demand {demand[rows[k]]}, candidate "
            f"{candidates[cols[k]]}: costs must be >= 0 (use NaN for an unreachable pair)"
        )
    keep = values <= radius
    data = np.maximum(values[keep], MIN_ENTRY)
    within = sp.csr_matrix((data, (rows[keep], cols[keep])), shape=shape, dtype=np.float64)
    within.sum_duplicates()
    return within, demand, candidates


def _matrix_pairs(
    cost: CostMatrix,
) -> tuple[IntArray, IntArray, FloatArray, tuple[int, int]]:
    if sp.issparse(cost):
        coo = sp.coo_matrix(cost)  # stored entries, explicit zeros included
        values = coo.data.astype(np.float64)
        ok = np.isfinite(values)
        return coo.row[ok].astype(np.int64), coo.col[ok].astype(np.int64), values[ok], coo.shape
    try:
        dense = np.asarray(cost, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputDataError(
            f"cost must be numeric (a 2-D array, a SciPy sparse matrix or a long DataFrame): {exc}"
        ) from None
    if dense.ndim != 2:
        raise InputDataError(f"cost must be 2-D (demand × candidates), got shape {dense.shape}")
    rows, cols = np.nonzero(np.isfinite(dense))
    return rows.astype(np.int64), cols.astype(np.int64), dense[rows, cols], (dense.shape[0], dense.shape[1])


def _long_pairs(
    table: pd.DataFrame,
    demand_ids: Sequence[Any] | None,
    candidate_ids: Sequence[Any] | None,
    demand_col: str,
    candidate_col: str,
    cost_col: str,
) -> tuple[IntArray, IntArray, FloatArray, list[str], list[str]]:
    missing = [c for c in (demand_col, candidate_col, cost_col) if c not in table.columns]
    if missing:
        raise InputDataError(
            f"the cost table has no column {', '.join(map(repr, missing))}; it has "
            f"{', '.join(map(repr, table.columns))}: name them with demand_col=, candidate_col=, cost_col="
        )
    d = table[demand_col].astype(str).to_numpy()
    c = table[candidate_col].astype(str).to_numpy()
    values = pd.to_numeric(table[cost_col], errors="coerce").to_numpy(dtype=np.float64)
    demand = [str(x) for x in demand_ids] if demand_ids is not None else sorted(set(d))
    candidates = [str(x) for x in candidate_ids] if candidate_ids is not None else sorted(set(c))
    for ids, name in ((demand, "demand_ids"), (candidates, "candidate_ids")):
        _unique(ids, name)
    d_index = pd.Index(demand).get_indexer(pd.Index(d))
    c_index = pd.Index(candidates).get_indexer(pd.Index(c))
    for found, col, ids_name, raw in (
        (d_index, demand_col, "demand_ids", d),
        (c_index, candidate_col, "candidate_ids", c),
    ):
        if np.any(found < 0):
            unknown = sorted(set(raw[found < 0]))
            raise InputDataError(
                f"cost table column {col!r} has ids not in {ids_name}: {', '.join(unknown[:5])}"
                + (" ..." if len(unknown) > 5 else "")
            )
    pairs = pd.DataFrame({"d": d_index, "c": c_index})
    if pairs.duplicated().any():
        k = int(np.argmax(pairs.duplicated().to_numpy()))
        raise InputDataError(f"cost table row {k}: the pair ({d[k]}, {c[k]}) appears more than once")
    ok = np.isfinite(values)
    return d_index[ok].astype(np.int64), c_index[ok].astype(np.int64), values[ok], demand, candidates


def _ids(ids: Sequence[Any] | None, n: int, name: str, what: str) -> list[str]:
    out = [str(i) for i in ids] if ids is not None else [str(i) for i in range(n)]
    if len(out) != n:
        raise InputDataError(
            f"{name} has {len(out)} ids but cost has {n} {what}: give one id per {what[:-1]}"
        )
    _unique(out, name)
    return out


def _unique(ids: list[str], name: str) -> None:
    seen = pd.Index(ids)
    if seen.has_duplicates:
        raise InputDataError(
            f"{name} repeats {', '.join(seen[seen.duplicated()].unique()[:5])}: ids must be unique"
        )


def _weights(weights: npt.ArrayLike | pd.Series, demand_ids: list[str], n: int) -> FloatArray:
    if isinstance(weights, pd.Series) and not isinstance(weights.index, pd.RangeIndex):
        by_id = pd.Series(weights.to_numpy(), index=weights.index.astype(str))
        missing = [i for i in demand_ids if i not in by_id.index]
        if missing:
            raise InputDataError(f"weights has no value for demand ids {', '.join(missing[:5])}")
        w = by_id.reindex(demand_ids).to_numpy(dtype=np.float64)
    else:
        w = np.asarray(weights, dtype=np.float64).ravel()
        if w.shape[0] != n:
            raise InputDataError(
                f"weights has {w.shape[0]} values but there are {n} demand points: give one weight per "
                "demand row"
            )
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        k = int(np.argmax(bad))
        raise InputDataError(f"weights must be finite and >= 0; demand {demand_ids[k]} has {w[k]!r}")
    return w


def _locked(locked: Sequence[Any] | None, candidate_ids: list[str]) -> BoolArray:
    out = np.zeros(len(candidate_ids), dtype=bool)
    if locked is None:
        return out
    index = pd.Index(candidate_ids)
    for site in locked:
        k = index.get_indexer(pd.Index([str(site)]))[0]
        if k < 0:
            raise InputDataError(f"locked site {site!r} is not a candidate id")
        out[k] = True
    return out


def _check_problem(shape: tuple[int, int], n_stations: int, locked: BoolArray) -> None:
    n_demand, n_candidates = shape
    if n_candidates == 0 or n_demand == 0:
        raise InputDataError(
            f"cost has shape {shape}: there must be at least one demand point and one candidate"
        )
    if isinstance(n_stations, bool) or int(n_stations) != n_stations or not 1 <= n_stations <= n_candidates:
        raise InputDataError(
            f"n_stations must be a whole number from 1 to {n_candidates} (the candidates), got {n_stations!r}"
        )
    if int(locked.sum()) > n_stations:
        raise InputDataError(
            f"{int(locked.sum())} locked sites but n_stations is {n_stations}: raise n_stations"
        )


def _model_data(
    within: sp.csr_matrix, w: FloatArray, radius: float, p: int, locked: BoolArray, ids: list[str]
) -> ModelData:
    """The base model with no piles and no terminals: the MCLP (tie-break 0, so coverage alone decides)."""
    n_demand, n_candidates = within.shape
    return ModelData(
        n_stations=p,
        n_piles=0,
        terminal_quota=0,
        fast_minutes=max(radius, MIN_ENTRY),
        demand_fast_ev=w,
        demand_slow_ev=np.zeros(n_demand),
        fast_time_min=within,
        terminal_dist_m=sp.csr_matrix((0, n_candidates)),
        walk_dist_m=sp.csr_matrix((n_demand, 0)),
        station_county=np.full(n_candidates, -1, dtype=np.int64),
        station_locked=locked,
        pile_capacity=np.zeros(0, dtype=np.int64),
        pile_county=np.zeros(0, dtype=np.int64),
        evs_per_pile=1.0,
        tie_break=0.0,
        site_ids=ids,
    )


def _result(
    within: sp.csr_matrix,
    w: FloatArray,
    open_station: BoolArray,
    report: SolveReport,
    demand_ids: list[str],
    candidate_ids: list[str],
    radius: float,
) -> CoverageResult:
    chosen = np.asarray(open_station, dtype=bool)
    reach = within.copy()
    reach.data = np.where(reach.data <= MIN_ENTRY, 0.0, reach.data)  # back to the user's zeros
    to_chosen = within[:, chosen].tocsr()
    n_reaching = np.diff(to_chosen.indptr)
    covered = n_reaching > 0
    only = np.zeros(len(candidate_ids))
    single = np.flatnonzero(n_reaching == 1)
    chosen_idx = np.flatnonzero(chosen)
    np.add.at(only, chosen_idx[to_chosen.indices[to_chosen.indptr[single]]], w[single])
    nearest_id: list[str | None] = [None] * len(demand_ids)
    nearest_cost = np.full(len(demand_ids), np.nan)
    for i in np.flatnonzero(covered):
        lo, hi = to_chosen.indptr[i], to_chosen.indptr[i + 1]
        k = lo + int(np.argmin(to_chosen.data[lo:hi]))
        nearest_id[i] = candidate_ids[chosen_idx[to_chosen.indices[k]]]
        nearest_cost[i] = 0.0 if to_chosen.data[k] <= MIN_ENTRY else to_chosen.data[k]
    candidates = pd.DataFrame(
        {
            "candidate_id": candidate_ids,
            "selected": chosen,
            "weight_within_radius": np.asarray(within.T.astype(bool).astype(float) @ w).ravel(),
            "weight_covered_only_here": only,
        }
    )
    demand = pd.DataFrame(
        {
            "demand_id": demand_ids,
            "weight": w,
            "covered": covered,
            "nearest_selected_id": pd.array(nearest_id, dtype="string"),
            "cost_to_nearest_selected": nearest_cost,
        }
    )
    return CoverageResult(
        selected=sorted(candidate_ids[j] for j in chosen_idx),
        covered_weight=float(w[covered].sum()),
        total_weight=float(w.sum()),
        status=report.status,
        gap=report.gap,
        candidates=candidates,
        demand=demand,
        service_radius=float(radius),
        n_stations=int(chosen.sum()),
        report=report,
    )
