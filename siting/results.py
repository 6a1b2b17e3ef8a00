"""Labelled results of a plan: GeoDataFrames with ids and units in column names, and KPI tables.

:class:`PlanResult` is what :func:`siting.pipeline.plan` returns and what :mod:`siting.maps` and
:mod:`siting.export` consume.  All GeoDataFrames are in WGS-84 (EPSG:4326).  Columns:

``stations`` (one row per opened station)
    site_id, name, kind, county_id, county_name, existing, locked, fast_ev_covered, fast_ev_unique,
    mean_access_min, terminals_covered, terminal_names, reason_en, reason_zh, geometry (Point)
``piles`` (one row per pile site that received piles)
    pile_site_id, name, kind, county_id, county_name, piles, capacity_piles, slow_ev_served,
    reason_en, reason_zh, geometry (Point)
``terminals`` (all terminals)
    terminal_id, name, name_en, county_id, covered, nearest_station_id, nearest_station_m,
    candidates_in_radius (candidate sites within the terminal radius by road), geometry (Point)
``demand`` (all demand zones)
    demand_id, county_id, population, fast_demand_ev, slow_demand_ev, fast_covered, access_time_min,
    slow_ev_served, geometry (Polygon)
``counties``
    county_id, name_zh, name_en, population, geometry (MultiPolygon)
``candidates`` (all candidate station sites)
    site_id, name, kind, county_id, existing, locked, opened, geometry (Point)
``kpis`` (pandas DataFrame, one row per KPI)
    kpi, value, unit, label_en, label_zh
``kpis_by_county`` (pandas DataFrame, one row per county plus "outside" for the rest; empty without counties)
    county_id, name_zh, name_en, population, stations, piles, fast_demand_ev, fast_ev_covered,
    fast_covered_share, slow_demand_ev, slow_ev_served, slow_served_share, terminals, terminals_covered
``roads`` (the major roads of the plan's own road network, simplified; :mod:`siting.roads`)
    road_class, road_class_zh, length_km, geometry (MultiLineString); one row per class
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp

from siting import kpis as kpi_tables
from siting import matrices, network
from siting._typing import FloatArray, IntArray
from siting.explain import planning_tables, worst_served
from siting.model.data import ModelData, Solution
from siting.render import render
from siting.roads import ROAD_COLUMNS, major_roads_from_graph
from siting.scenario import Scenario
from siting.solve import SolveReport
from siting.study import Prepared, StudyInputs

__all__ = ["PlanResult", "greedy_coverage_curve", "result_from_solution"]


def _empty(columns: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=4326)


@dataclass
class PlanResult:
    """Everything one plan produced, as labelled tables.

    Attributes
    ----------
    stations, piles, terminals, demand, counties, candidates
        GeoDataFrames in EPSG:4326 with the columns listed in the module docstring.
    kpis, kpis_by_county
        KPI tables (see module docstring).
    substations, corridor_trips, stations_by_stage, kpis_by_stage
        Tables of the planning families (:mod:`siting.explain`; empty for the base model).
    worst_served
        The demand zones with most EVs left without fast charging (:func:`siting.explain.worst_served`).
    roads
        The major roads of the road network the plan was made on (:func:`siting.roads.major_roads_from_graph`;
        empty for a plan on a cost matrix).
    coverage_curve
        The plan's own stations added greedily (:func:`greedy_coverage_curve`): ``n_stations``,
        ``site_id``, ``fast_ev_covered``, ``fast_covered_share``; empty when not computed.
    kpis_by_island
        One row per road island when several were kept (``keep_components``), from
        :func:`siting.kpis.kpis_by_island`; empty otherwise.
    manifest
        JSON-able dict: ``scenario`` (dict), ``data_source`` (dict with ``kind`` = "osm-file" | "osm-live" |
        "synthetic", ``label`` human-readable, ``date``), ``solver`` (SolveReport as dict), ``versions``
        (package versions), ``created`` (ISO time), ``synthetic`` (bool).
    """

    stations: gpd.GeoDataFrame
    piles: gpd.GeoDataFrame
    terminals: gpd.GeoDataFrame
    demand: gpd.GeoDataFrame
    counties: gpd.GeoDataFrame
    candidates: gpd.GeoDataFrame
    kpis: pd.DataFrame
    kpis_by_county: pd.DataFrame
    manifest: dict[str, Any] = field(default_factory=dict)
    substations: gpd.GeoDataFrame = field(default_factory=lambda: _empty(["substation_id"]))
    corridor_trips: gpd.GeoDataFrame = field(default_factory=lambda: _empty(["trip_id"]))
    stations_by_stage: gpd.GeoDataFrame = field(default_factory=lambda: _empty(["site_id"]))
    worst_served: gpd.GeoDataFrame = field(default_factory=lambda: _empty(["demand_id"]))
    kpis_by_stage: pd.DataFrame = field(default_factory=pd.DataFrame)
    coverage_curve: pd.DataFrame = field(default_factory=pd.DataFrame)
    kpis_by_island: pd.DataFrame = field(default_factory=pd.DataFrame)
    roads: gpd.GeoDataFrame = field(default_factory=lambda: _empty(list(ROAD_COLUMNS[:-1])))

    @property
    def synthetic(self) -> bool:
        """True when the plan was made on synthetic data (every output then says so)."""
        source = self.manifest.get("data_source", {})
        return bool(self.manifest.get("synthetic")) or source.get("kind") == "synthetic"

    @property
    def source_label(self) -> str:
        """The data source in words (``"synthetic road network (not real roads)"`` for the demo)."""
        label = str(self.manifest.get("data_source", {}).get("label", ""))
        if self.synthetic and "synthetic" not in label.lower():
            return f"synthetic road network ({label})" if label else "synthetic road network"
        return label

    @property
    def title_en(self) -> str:
        """Map/report title in English, naming the data source."""
        scen = self.manifest.get("scenario", {})
        src = self.manifest.get("data_source", {}).get("label", "")
        return f"{scen.get('title_en', 'EV charging plan')} — {src}".strip(" —")

    @property
    def title_zh(self) -> str:
        """Map/report title in Chinese, naming the data source."""
        scen = self.manifest.get("scenario", {})
        src = self.manifest.get("data_source", {}).get("label_zh", "")
        return f"{scen.get('title_zh', '充电设施规划')} — {src}".strip(" —")

    def kpi(self, key: str) -> Any:
        """The value of KPI ``key`` (a ``kpi`` of :attr:`kpis`), or None when the plan has no such KPI."""
        if "kpi" not in self.kpis:
            return None
        rows = self.kpis.loc[self.kpis["kpi"] == key, "value"]
        return rows.iloc[0] if len(rows) else None

    def __repr__(self) -> str:
        """One line: scenario, data source, counts, fast coverage, solver status (never the tables)."""
        scen = self.manifest.get("scenario", {})
        src = self.manifest.get("data_source", {}).get("label", "")
        share = self.kpi("fast_covered_share")
        cov = f"{100 * share:.1f} % of EVs fast-covered" if isinstance(share, float | int) else "no coverage"
        status = self.manifest.get("solver", {}).get("status", "?")
        text = (
            f"PlanResult({scen.get('name', '?')!r} on {src[:60]!r}: {len(self.stations)} stations, "
            f"{int(self.piles['piles'].sum()) if 'piles' in self.piles else 0:,} piles, {cov}; "
            f"solver {status}, gap {self.kpi('gap')}; {len(self.manifest.get('warnings', []))} warnings)"
        )
        return text[:399]

    def _repr_html_(self) -> str:
        """A short summary for Jupyter: title, headline KPIs, solver and warnings (template ``notebook/``)."""
        kpis = self.kpis[self.kpis["kpi"].isin(_SUMMARY_KPIS)] if "kpi" in self.kpis else self.kpis
        return render(
            "notebook/plan_result.html",
            title_en=self.title_en,
            title_zh=self.title_zh,
            synthetic=bool(self.manifest.get("synthetic")),
            kpis=kpis.to_dict("records"),
            solver=self.manifest.get("solver", {}),
            warnings=list(self.manifest.get("warnings", [])),
            tables={
                name: len(getattr(self, name))
                for name in ("stations", "piles", "terminals", "demand", "candidates")
            },
        )


#: The KPIs of :meth:`PlanResult._repr_html_`, in the order of :attr:`PlanResult.kpis`.
_SUMMARY_KPIS = (
    "stations_opened", "stations_target", "piles_placed", "piles_target", "population",
    "fast_covered_share", "mean_access_min", "slow_served_share", "terminals_covered", "gap",
)  # fmt: skip


# --------------------------------------------------------------------------------------------------
# Construction from a solved model
# --------------------------------------------------------------------------------------------------


def _row_argmin(mat: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Column of the smallest stored entry per row and its value (-1 / NaN for empty rows)."""
    mat = mat.tocsr()
    n = mat.shape[0]
    arg = np.full(n, -1, dtype=np.int64)
    val = np.full(n, np.nan)
    counts = np.diff(mat.indptr)
    if mat.nnz == 0:
        return arg, val
    rows = np.repeat(np.arange(n), counts)
    order = np.lexsort((mat.indices, mat.data, rows))  # by row, then value, then column (deterministic)
    first = np.ones(order.size, dtype=bool)
    first[1:] = rows[order][1:] != rows[order][:-1]
    pick = order[first]
    arg[rows[pick]] = mat.indices[pick]
    val[rows[pick]] = mat.data[pick]
    return arg, val


def _fmt(n: float) -> str:
    return f"{n:,.0f}"


def _gdf(frame: pd.DataFrame, columns: list[str]) -> gpd.GeoDataFrame:
    """``columns`` of ``frame`` (the last one ``geometry``) as a GeoDataFrame in EPSG:4326."""
    return gpd.GeoDataFrame(frame[columns], geometry="geometry", crs=4326)


@dataclass(frozen=True)
class _Coverage:
    """Who covers whom in a plan: opened stations (``open_idx``) and the demand zones within reach."""

    open_idx: IntArray  # candidate index of each opened station
    n_coverers: FloatArray  # per demand zone: opened stations within fast_minutes
    covered_ev: FloatArray  # per opened station: EVs within fast_minutes
    unique_ev: FloatArray  # per opened station: EVs no other opened station reaches
    access_min: FloatArray  # per demand zone: drive time to the nearest opened station (NaN: none)
    mean_access_min: FloatArray  # per opened station: mean drive time of the EVs it is nearest to


def _coverage(data: ModelData, solution: Solution) -> _Coverage:
    """Coverage of the fast-charging demand by the opened stations (from the sparse time matrix)."""
    open_idx = np.flatnonzero(solution.open_station)
    a = data.demand_fast_ev
    fast_open = data.fast_time_min[:, open_idx].tocsr()
    cover_pattern = fast_open.copy()
    cover_pattern.data = np.ones_like(cover_pattern.data)
    n_coverers = np.asarray(cover_pattern.sum(axis=1)).ravel()
    nearest, access = _row_argmin(fast_open)
    has = nearest >= 0
    assigned_ev = np.bincount(nearest[has], weights=a[has], minlength=open_idx.size)
    assigned_time = np.bincount(
        nearest[has], weights=(a * np.nan_to_num(access))[has], minlength=open_idx.size
    )
    mean_access = np.divide(
        assigned_time, assigned_ev, out=np.full(open_idx.size, np.nan), where=assigned_ev > 0
    )
    return _Coverage(
        open_idx=open_idx,
        n_coverers=n_coverers,
        covered_ev=cover_pattern.T @ a,
        unique_ev=cover_pattern.T @ (a * (n_coverers == 1)),
        access_min=access,
        mean_access_min=mean_access,
    )


def _county_names(prepared: Prepared) -> tuple[dict[str, str], dict[str, str]]:
    """Chinese and English county names by county id (empty without counties)."""
    counties = prepared.counties
    if counties is None:
        return {}, {}
    return (
        dict(zip(counties["county_id"], counties["name_zh"], strict=True)),
        dict(zip(counties["county_id"], counties["name_en"], strict=True)),
    )


def _station_reasons(
    scenario: Scenario,
    data: ModelData,
    st: pd.DataFrame,
    cov: _Coverage,
    names: tuple[dict[str, str], dict[str, str]],
) -> tuple[list[str], list[str]]:
    """Why each opened station was chosen (English, Chinese): coverage, terminals, lock, county minimum."""
    names_zh, names_en = names
    opened_county = data.station_county[cov.open_idx]
    open_per_county = np.bincount(opened_county[opened_county >= 0], minlength=data.n_counties)
    n_term = st["terminals_covered"].to_numpy()
    t_names = st["terminal_names"].to_numpy()
    locked_open = st["locked"].to_numpy(dtype=bool)
    open_county = st["county_id"].to_numpy()
    reasons_en, reasons_zh = [], []
    for r, j in enumerate(cov.open_idx):
        en = [
            f"covers {_fmt(cov.covered_ev[r])} EVs within {data.fast_minutes:g} min "
            f"({_fmt(cov.unique_ev[r])} reached by no other station)"
        ]
        zh = [
            f"{data.fast_minutes:g} 分钟内覆盖 {_fmt(cov.covered_ev[r])} 辆电动汽车"
            f"（其中 {_fmt(cov.unique_ev[r])} 辆仅由本站覆盖）"
        ]
        if n_term[r]:
            en.append(f"serves passenger terminal(s) {t_names[r]} within {scenario.terminal_radius_m:,.0f} m")
            zh.append(f"服务 {scenario.terminal_radius_m:,.0f} 米内的客运站：{t_names[r]}")
        if locked_open[r]:
            en.append("locked open (existing or committed site)")
            zh.append("锁定保留（既有或已确定站点）")
        c = int(data.station_county[j])
        if c >= 0 and data.county_min_stations.size and open_per_county[c] <= data.county_min_stations[c]:
            cid = str(open_county[r])
            minimum = int(data.county_min_stations[c])
            en.append(f"needed for the minimum of {minimum} stations in {names_en.get(cid, cid)}")
            zh.append(f"满足{names_zh.get(cid, cid)}至少 {minimum} 座站的要求")
        reasons_en.append("Chosen: " + "; ".join(en) + ".")
        reasons_zh.append("选址理由：" + "；".join(zh) + "。")
    return reasons_en, reasons_zh


def _stations_layer(
    scenario: Scenario,
    prepared: Prepared,
    data: ModelData,
    cov: _Coverage,
    roles: pd.DataFrame,
    names: tuple[dict[str, str], dict[str, str]],
) -> gpd.GeoDataFrame:
    """The opened stations: coverage, terminals within reach, planning roles and the reasons."""
    terminals = prepared.terminals.reset_index(drop=True)
    term_names = terminals["name"].fillna("").astype(str).to_numpy()
    term_pattern = data.terminal_dist_m[:, cov.open_idx].tocsr().T.tocsr()  # stations x terminals
    st = prepared.candidates.reset_index(drop=True).iloc[cov.open_idx].copy().reset_index(drop=True)
    st["county_name"] = [names[1].get(c, "") if c else "" for c in st["county_id"]]
    st["fast_ev_covered"] = np.round(cov.covered_ev, 1)
    st["fast_ev_unique"] = np.round(cov.unique_ev, 1)
    st["mean_access_min"] = np.round(cov.mean_access_min, 2)
    st["terminals_covered"] = np.diff(term_pattern.indptr).astype(np.int64)
    st["terminal_names"] = [
        "; ".join(term_names[term_pattern.indices[term_pattern.indptr[r] : term_pattern.indptr[r + 1]]])
        for r in range(cov.open_idx.size)
    ]
    reasons_en, reasons_zh = _station_reasons(scenario, data, st, cov, names)
    role_columns: list[str] = []
    if not roles.empty:
        role_columns = [c for c in roles.columns if c not in ("reason_en", "reason_zh")]
        for col in role_columns:
            st[col] = roles[col].to_numpy()
        reasons_en = [f"{a} {b}" for a, b in zip(reasons_en, roles["reason_en"], strict=True)]
        reasons_zh = [f"{a}{b}" for a, b in zip(reasons_zh, roles["reason_zh"], strict=True)]
    st["reason_en"] = reasons_en
    st["reason_zh"] = reasons_zh
    return _gdf(
        st,
        [
            "site_id",
            "name",
            "kind",
            "county_id",
            "county_name",
            "existing",
            "locked",
            "fast_ev_covered",
            "fast_ev_unique",
            "mean_access_min",
            "terminals_covered",
            "terminal_names",
            *role_columns,
            "reason_en",
            "reason_zh",
            "geometry",
        ],
    )


def _piles_layer(
    scenario: Scenario, prepared: Prepared, data: ModelData, solution: Solution, names_en: dict[str, str]
) -> gpd.GeoDataFrame:
    """The pile sites that received piles, with the EVs they serve and the reasons."""
    ps = prepared.pile_sites.reset_index(drop=True)
    served_at_site = np.asarray(solution.slow_flow_ev.sum(axis=0)).ravel()
    has = np.flatnonzero(solution.piles > 0)
    pl = ps.iloc[has].copy().reset_index(drop=True)
    pl["county_name"] = [names_en.get(c, "") if c else "" for c in pl["county_id"]]
    pl["piles"] = solution.piles[has].astype(np.int64)
    pl["slow_ev_served"] = np.round(served_at_site[has], 1)
    walk = data.walk_dist_m.tocsc()
    reach_ev = np.array(
        [data.demand_slow_ev[walk.indices[walk.indptr[k] : walk.indptr[k + 1]]].sum() for k in has]
    )
    rows = list(zip(pl["piles"], pl["slow_ev_served"], reach_ev, strict=True))
    pl["reason_en"] = [
        f"Chosen: {p} pile(s) serve {_fmt(s)} EVs without a home charger within "
        f"{scenario.walk_m:,.0f} m walk ({_fmt(r)} such EVs live within reach)."
        for p, s, r in rows
    ]
    pl["reason_zh"] = [
        f"选址理由：{p} 个充电桩为步行 {scenario.walk_m:,.0f} 米内 {_fmt(s)} 辆无自有桩的电动汽车服务"
        f"（可达范围内共 {_fmt(r)} 辆）。"
        for p, s, r in rows
    ]
    return _gdf(
        pl,
        [
            "pile_site_id",
            "name",
            "kind",
            "county_id",
            "county_name",
            "piles",
            "capacity_piles",
            "slow_ev_served",
            "reason_en",
            "reason_zh",
            "geometry",
        ],
    )


def _terminals_layer(prepared: Prepared, solution: Solution, open_idx: IntArray) -> gpd.GeoDataFrame:
    """Every terminal: covered, and its nearest open station within the search radius."""
    t_near, t_dist = _row_argmin(prepared.terminal_dist_m[:, open_idx].tocsr())
    site_ids = prepared.candidates["site_id"].to_numpy()
    tm = prepared.terminals.reset_index(drop=True).copy()
    tm["covered"] = solution.terminal_covered.astype(bool)
    tm["nearest_station_id"] = [site_ids[open_idx[k]] if k >= 0 else None for k in t_near]
    tm["nearest_station_m"] = np.round(t_dist, 1)
    tm["candidates_in_radius"] = np.diff(prepared.terminal_dist_m.tocsr().indptr).astype(np.int64)
    columns = ["terminal_id", "name", "name_en", "county_id", "covered", "nearest_station_id"]
    return _gdf(tm, [*columns, "nearest_station_m", "candidates_in_radius", "geometry"])


def _demand_frame(prepared: Prepared, solution: Solution, cov: _Coverage) -> pd.DataFrame:
    """Every demand zone with its coverage, share served, drive time and slow-charging service."""
    dm: pd.DataFrame = prepared.demand.reset_index(drop=True).copy()
    dm["fast_covered"] = cov.n_coverers > 0
    served = solution.fast_served_share if solution.fast_served_share is not None else dm["fast_covered"]
    dm["fast_served_share"] = np.round(np.asarray(served, dtype=np.float64), 4)
    dm["access_time_min"] = np.round(cov.access_min, 2)
    dm["slow_ev_served"] = np.round(solution.slow_served_ev, 2)
    dm["population"] = np.round(dm["population"], 1)
    dm["fast_demand_ev"] = np.round(dm["fast_demand_ev"], 2)
    dm["slow_demand_ev"] = np.round(dm["slow_demand_ev"], 2)
    return dm


_DEMAND_COLUMNS = [
    "demand_id",
    "county_id",
    "population",
    "fast_demand_ev",
    "slow_demand_ev",
    "fast_covered",
    "fast_served_share",
    "access_time_min",
    "slow_ev_served",
    "geometry",
]


def _candidates_layer(prepared: Prepared, solution: Solution) -> gpd.GeoDataFrame:
    candidates = prepared.candidates.reset_index(drop=True).copy()
    candidates["opened"] = solution.open_station.astype(bool)
    return _gdf(
        candidates, ["site_id", "name", "kind", "county_id", "existing", "locked", "opened", "geometry"]
    )


def _counties_layer(prepared: Prepared) -> gpd.GeoDataFrame:
    if prepared.counties is None:
        return gpd.GeoDataFrame(
            {"county_id": [], "name_zh": [], "name_en": [], "population": []}, geometry=[], crs=4326
        )
    return _gdf(prepared.counties, ["county_id", "name_zh", "name_en", "population", "geometry"])


def _manifest(
    scenario: Scenario,
    inputs: StudyInputs,
    prepared: Prepared,
    data: ModelData,
    report: SolveReport,
    *,
    warnings: list[str],
    elapsed_s: float | None,
) -> dict[str, Any]:
    """The plan's manifest: scenario, data source, sizes, solver report, timings, warnings, time."""
    return {
        "scenario": scenario.to_dict(),
        "data_source": inputs.data_source,
        "synthetic": inputs.data_source.get("kind") == "synthetic",
        "population_basis": prepared.population_basis,
        "road_network": {
            "nodes": int(inputs.net.n_nodes),
            "crs_m": inputs.net.crs_m,
            "largest_component": str(inputs.component_report) if inputs.component_report else None,
        },
        "sizes": {
            "candidates": int(data.n_candidates),
            "pile_sites": int(data.n_pile_sites),
            "demand_zones": int(data.n_demand),
            "terminals": int(data.n_terminals),
            "terminal_quota": int(data.terminal_quota),
            "fast_pairs": int(data.fast_time_min.nnz),
            "walk_pairs": int(data.walk_dist_m.nnz),
        },
        "solver": report.to_dict(),
        "timings_s": {k: round(v, 3) for k, v in prepared.timings_s.items()}
        | ({"total_s": round(elapsed_s, 3)} if elapsed_s is not None else {}),
        "warnings": warnings,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "licence": "Road and place data © OpenStreetMap contributors (ODbL 1.0) unless synthetic.",
    }


def result_from_solution(
    scenario: Scenario,
    inputs: StudyInputs,
    prepared: Prepared,
    data: ModelData,
    solution: Solution,
    report: SolveReport,
    *,
    warnings: list[str] | None = None,
    elapsed_s: float | None = None,
) -> PlanResult:
    """Label a solved plan: stations, piles, terminals, demand and KPIs, with the reason for every site.

    The steps: coverage of the demand by the opened stations (:func:`_coverage`), one labelled layer per
    kind of feature, the planning tables (:func:`siting.explain.planning_tables`), the KPI tables and the
    manifest.
    """
    cov = _coverage(data, solution)
    names = _county_names(prepared)
    tables = planning_tables(prepared, data, solution)
    stations = _stations_layer(scenario, prepared, data, cov, tables.station_roles, names)
    piles = _piles_layer(scenario, prepared, data, solution, names[1])
    terminals = _terminals_layer(prepared, solution, cov.open_idx)
    dm = _demand_frame(prepared, solution, cov)
    demand = _gdf(dm, _DEMAND_COLUMNS)
    counties = _counties_layer(prepared)
    kpis = kpi_tables.plan_kpis(
        scenario, stations, piles, terminals, dm, data, report, prepared.population_basis
    )
    if not tables.kpis_by_stage.empty:
        kpis = pd.concat([kpis, kpi_tables.planning_kpis(tables, scenario)], ignore_index=True)
    return PlanResult(
        stations=stations,
        piles=piles,
        terminals=terminals,
        demand=demand,
        counties=counties,
        candidates=_candidates_layer(prepared, solution),
        kpis=kpis,
        kpis_by_county=kpi_tables.kpis_by_county(counties, stations, piles, terminals, dm),
        manifest=_manifest(
            scenario, inputs, prepared, data, report, warnings=list(warnings or []), elapsed_s=elapsed_s
        ),
        substations=tables.substations,
        corridor_trips=tables.corridor_trips,
        stations_by_stage=tables.stations_by_stage,
        worst_served=worst_served(demand),
        kpis_by_stage=tables.kpis_by_stage,
        coverage_curve=greedy_coverage_curve(
            data, cov.open_idx, prepared.candidates["site_id"].to_numpy()[cov.open_idx]
        ),
        kpis_by_island=_islands(inputs, stations, piles, dm, prepared.demand),
        roads=inputs.roads if inputs.roads is not None else major_roads_from_graph(inputs.graph),
    )


def _islands(
    inputs: StudyInputs,
    stations: gpd.GeoDataFrame,
    piles: gpd.GeoDataFrame,
    dm: pd.DataFrame,
    zones: gpd.GeoDataFrame,
) -> pd.DataFrame:
    """The per-island KPI table when separate road islands were kept (``keep_components``), else empty."""
    report = inputs.component_report
    if report is None or report.parts_kept <= 1:
        return pd.DataFrame()
    net = inputs.net
    node_island = network.island_of_nodes(net)

    def of(layer: gpd.GeoDataFrame) -> np.ndarray:
        return node_island[matrices.snap_points(net, layer.geometry).node] if len(layer) else np.zeros(0, int)

    zone_island = of(zones.reset_index(drop=True))
    return kpi_tables.kpis_by_island(
        zone_island, of(stations), of(piles), node_island, net.lon, net.lat, stations, piles, dm
    )


def greedy_coverage_curve(data: ModelData, open_idx: IntArray, site_ids: np.ndarray) -> pd.DataFrame:
    """Coverage by the first k of the plan's own stations, added greedily (most new EVs first).

    A cheap curve (one sparse product per step), not the optimum for k stations: row k is the share of
    fast-charging EVs within ``fast_minutes`` of the k stations chosen so far, and the last row is the
    plan's own coverage.  Ties go to the lower row of ``open_idx``.
    """
    pattern = data.fast_time_min[:, open_idx].tocsc()
    pattern.data = np.ones_like(pattern.data)
    weight = np.asarray(data.demand_fast_ev, dtype=np.float64)
    total = float(weight.sum())
    left = weight.copy()
    chosen = np.zeros(open_idx.size, dtype=bool)
    order: list[int] = []
    covered = [0.0]
    for _ in range(open_idx.size):
        gain = np.asarray(pattern.T @ left).ravel()
        gain[chosen] = -1.0
        best = int(np.argmax(gain))
        chosen[best] = True
        order.append(best)
        rows = pattern.indices[pattern.indptr[best] : pattern.indptr[best + 1]]
        left[rows] = 0.0
        covered.append(total - float(left.sum()))
    cum = np.asarray(covered)
    return pd.DataFrame(
        {
            "n_stations": np.arange(open_idx.size + 1, dtype=np.int64),
            "site_id": [None, *(str(site_ids[k]) for k in order)],
            "fast_ev_covered": np.round(cum, 1),
            "fast_covered_share": cum / total if total > 0 else np.full(cum.size, np.nan),
        }
    )
