"""Why each station was chosen, and the tables of the planning families.

:func:`planning_tables` turns a planning-model :class:`~siting.model.data.Solution` into labelled tables:

``station_roles`` (one row per station open in the first stage, in ``open_station`` order)
    chargers, power_kw, peak_sessions_per_h, utilisation, wait_probability, expected_wait_min,
    substation_id, grid_distance_m, terminals_sole (terminals no other open station covers),
    corridor_trips (trips whose route the station serves), corridor_trips_critical and
    corridor_flow_critical_per_day (trips that would lose coverage without it, and their daily EV trips),
    rural, plus ``reason_en`` / ``reason_zh`` sentences to append to the station's reason.
``substations``
    substation_id, name, voltage_kv, headroom_kw, headroom_source, and per stage ``load_kw_<stage>``,
    ``stations_<stage>`` and ``headroom_used_<stage>`` (load / headroom of that stage).
``corridor_trips``
    the trips of :mod:`siting.corridors` with ``covered_<stage>`` per stage.
``stations_by_stage``
    every site open in any stage: site_id, name, county_id, opened_in, ``chargers_<stage>`` per stage.
``kpis_by_stage``
    one row per stage: stations, piles, chargers, power_mw, fast EVs served within the wait target,
    rural stations, corridor flow covered.

:func:`worst_served` lists the demand zones with most EVs left without fast charging, and
:func:`county_access` adds access-time KPIs per county.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from siting._typing import FloatArray, IntArray, ObjArray
from siting.model.data import ModelData, Planning, Solution, StagePlan
from siting.queueing import station_queue_figures
from siting.study import Prepared

__all__ = ["PlanningTables", "county_access", "planning_tables", "worst_served"]


def _empty_gdf(columns: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=4326)


@dataclass
class PlanningTables:
    """Tables of the planning families (see the module docstring); empty when the model had none."""

    station_roles: pd.DataFrame = field(default_factory=pd.DataFrame)
    substations: gpd.GeoDataFrame = field(default_factory=lambda: _empty_gdf(["substation_id"]))
    corridor_trips: gpd.GeoDataFrame = field(default_factory=lambda: _empty_gdf(["trip_id"]))
    stations_by_stage: gpd.GeoDataFrame = field(default_factory=lambda: _empty_gdf(["site_id"]))
    kpis_by_stage: pd.DataFrame = field(default_factory=pd.DataFrame)


def planning_tables(prepared: Prepared, data: ModelData, solution: Solution) -> PlanningTables:
    """Labelled tables of the planning families for ``solution`` (see the module docstring).

    The steps: the first stage's opened stations sized by the queueing model (:func:`_sizing_roles`),
    their substations (:func:`_grid_tables`), the terminals only they serve, the corridor trips they make
    possible (:func:`_corridor_tables`), the reasons, then the stations of every stage and the KPIs of
    each stage.
    """
    planning = data.planning
    if planning is None or not solution.stages:
        return PlanningTables()
    first = solution.stages[0]
    open_idx = np.flatnonzero(first.open_station)
    roles = _sizing_roles(planning, first, open_idx)
    subs_out, roles["substation_id"], sub_dist = _grid_tables(prepared, planning, solution, open_idx)
    roles["grid_distance_m"] = np.round(sub_dist, 1)
    roles["terminals_sole"] = _sole_terminals(prepared, data, open_idx)
    trips_out, n_trips, n_critical, flow_critical = _corridor_tables(prepared, planning, solution, open_idx)
    roles["corridor_trips"] = n_trips
    roles["corridor_trips_critical"] = n_critical
    roles["corridor_flow_critical_per_day"] = np.round(flow_critical, 1)
    roles["reason_en"], roles["reason_zh"] = _reasons(roles, planning.queue.max_wait_min)
    return PlanningTables(
        station_roles=roles,
        substations=subs_out,
        corridor_trips=trips_out,
        stations_by_stage=_stations_by_stage(prepared, data, solution),
        kpis_by_stage=_stage_kpis(data, planning, solution),
    )


def _sizing_roles(planning: Planning, first: StagePlan, open_idx: IntArray) -> pd.DataFrame:
    """Chargers, power, peak load, utilisation and waits of the first stage's stations; rural flag."""
    queue = planning.queue
    figures = station_queue_figures(
        first.station_load_per_h[open_idx],
        first.chargers[open_idx].astype(np.int64),
        session_min=queue.session_min,
        max_wait_min=queue.max_wait_min,
    )
    roles = pd.DataFrame(index=np.arange(open_idx.size))
    roles["chargers"] = first.chargers[open_idx].astype(np.int64)
    roles["power_kw"] = roles["chargers"] * float(queue.charger_kw)
    roles["peak_sessions_per_h"] = np.round(first.station_load_per_h[open_idx], 3)
    roles["utilisation"] = np.round(figures["utilisation"].to_numpy(), 4)
    roles["wait_probability"] = np.round(figures["wait_probability"].to_numpy(), 4)
    roles["expected_wait_min"] = np.round(figures["expected_wait_min"].to_numpy(), 2)
    roles["rural"] = np.asarray(planning.station_rural, dtype=bool)[open_idx]
    return roles


def _grid_tables(
    prepared: Prepared, planning: Planning, solution: Solution, open_idx: IntArray
) -> tuple[gpd.GeoDataFrame, ObjArray, FloatArray]:
    """Substations with load, stations and headroom used per stage; each station's substation and
    distance (``""`` / NaN without the grid family)."""
    subs_out = _empty_gdf(["substation_id"])
    sub_ids = np.array([""] * open_idx.size, dtype=object)
    sub_dist = np.full(open_idx.size, np.nan)
    geo = prepared.planning
    if planning.grid is None or geo.substations is None:
        return subs_out, sub_ids, sub_dist
    subs = geo.substations.reset_index(drop=True)
    linked = solution.stages[0].substation[open_idx]
    ok = linked >= 0
    sub_ids[ok] = subs["substation_id"].to_numpy()[linked[ok]]
    dist = sp.csr_matrix(planning.grid.distance_m)
    sub_dist[ok] = np.asarray(dist[open_idx[ok], linked[ok]]).ravel()
    subs_out = subs.copy()
    for stage, plan in zip(planning.stages, solution.stages, strict=True):
        headroom = subs["headroom_kw"].to_numpy(dtype=float) * stage.headroom_factor
        load = plan.substation_load_kw if plan.substation_load_kw.size else np.zeros(len(subs))
        count = np.bincount(plan.substation[plan.substation >= 0], minlength=len(subs))
        subs_out[f"load_kw_{stage.name}"] = np.round(load, 1)
        subs_out[f"stations_{stage.name}"] = count.astype(np.int64)
        subs_out[f"headroom_used_{stage.name}"] = np.round(
            np.divide(load, headroom, out=np.zeros_like(load), where=headroom > 0), 4
        )
    return subs_out, sub_ids, sub_dist


def _sole_terminals(prepared: Prepared, data: ModelData, open_idx: IntArray) -> list[str]:
    """Per opened station, the names of the terminals no other opened station serves (``"; "``-joined)."""
    term = sp.csr_matrix(data.terminal_dist_m)
    pattern = term[:, open_idx].tocsr()
    pattern.data = np.ones_like(pattern.data)
    per_terminal = np.asarray(pattern.sum(axis=1)).ravel()
    sole = pattern.multiply((per_terminal == 1)[:, None]).tocsc()
    t_names = prepared.terminals.reset_index(drop=True)["name"].fillna("").astype(str).to_numpy()
    return [
        "; ".join(t_names[sole.indices[sole.indptr[r] : sole.indptr[r + 1]]]) for r in range(open_idx.size)
    ]


def _corridor_tables(
    prepared: Prepared, planning: Planning, solution: Solution, open_idx: IntArray
) -> tuple[gpd.GeoDataFrame, IntArray, IntArray, FloatArray]:
    """The corridor trips (possible per stage) and, per opened station, the trips on whose route it lies,
    those it alone makes possible and their EV trips per day (zeros without the corridor family)."""
    trips_out = _empty_gdf(["trip_id"])
    n_trips = np.zeros(open_idx.size, dtype=np.int64)
    n_critical = np.zeros(open_idx.size, dtype=np.int64)
    flow_critical: npt.NDArray[np.float64] = np.zeros(open_idx.size)
    geo = prepared.planning
    if planning.corridors is None or geo.corridors is None:
        return trips_out, n_trips, n_critical, flow_critical
    corr = planning.corridors
    rows = sp.csr_matrix(corr.checkpoints)[:, open_idx].tocsr()
    rows.data = np.ones_like(rows.data)
    row_trip = np.asarray(corr.row_trip, dtype=np.int64)
    covered = solution.stages[0].trip_covered
    on_route = sp.csr_matrix(
        (
            np.ones(rows.nnz),
            (row_trip[np.repeat(np.arange(rows.shape[0]), np.diff(rows.indptr))], rows.indices),
        ),
        shape=(corr.n_trips, open_idx.size),
    )
    on_route.data = np.ones_like(on_route.data)
    n_trips = np.diff(on_route.tocsc().indptr).astype(np.int64)
    count = np.asarray(rows.sum(axis=1)).ravel()
    crit_rows = (count == 1) & covered[row_trip]
    crit = rows[np.flatnonzero(crit_rows)].tocoo()
    trip_of = row_trip[np.flatnonzero(crit_rows)][crit.row]
    pairs = np.unique(np.stack([trip_of, crit.col], axis=1), axis=0) if crit.nnz else np.zeros((0, 2), int)
    n_critical = np.bincount(pairs[:, 1], minlength=open_idx.size).astype(np.int64)
    flow_critical = np.bincount(
        pairs[:, 1],
        weights=corr.flow[pairs[:, 0]] * planning.stages[0].demand_factor,
        minlength=open_idx.size,
    ).astype(np.float64)
    trips_out = geo.corridors.trips.copy()
    for plan in solution.stages:
        trips_out[f"covered_{plan.name}"] = plan.trip_covered.astype(bool)
    return trips_out, n_trips, n_critical, flow_critical


def _stations_by_stage(prepared: Prepared, data: ModelData, solution: Solution) -> gpd.GeoDataFrame:
    """Every station opened in some stage: the stage it opens in and its chargers in each stage."""
    cand = prepared.candidates.reset_index(drop=True)
    ever = np.zeros(data.n_candidates, dtype=bool)
    first_stage = np.full(data.n_candidates, "", dtype=object)
    for plan in reversed(solution.stages):
        first_stage[plan.open_station] = plan.name
        ever |= plan.open_station
    idx = np.flatnonzero(ever)
    by_stage = (
        cand.iloc[idx][["site_id", "name", "kind", "county_id", "geometry"]].copy().reset_index(drop=True)
    )
    by_stage.insert(4, "opened_in", first_stage[idx])
    for plan in solution.stages:
        by_stage.insert(
            len(by_stage.columns) - 1, f"chargers_{plan.name}", plan.chargers[idx].astype(np.int64)
        )
    return gpd.GeoDataFrame(by_stage, geometry="geometry", crs=4326)


def _stage_kpis(data: ModelData, planning: Planning, solution: Solution) -> pd.DataFrame:
    """One row of KPIs per stage: stations, piles, chargers, power, EVs served, rural, corridors."""
    kpis = []
    charger_kw = planning.queue.charger_kw
    for stage, plan in zip(planning.stages, solution.stages, strict=True):
        demand = np.asarray(data.demand_fast_ev, dtype=float) * stage.demand_factor
        flow = (
            planning.corridors.flow * stage.demand_factor if planning.corridors is not None else np.zeros(0)
        )
        kpis.append(
            {
                "stage": plan.name,
                "stations": int(plan.open_station.sum()),
                "stations_target": int(stage.n_stations),
                "piles": int(plan.piles.sum()),
                "piles_target": int(stage.n_piles),
                "chargers": int(plan.chargers.sum()),
                "power_mw": round(float(plan.chargers.sum()) * charger_kw / 1000.0, 2),
                "fast_demand_ev": round(float(demand.sum()), 1),
                "fast_ev_served": round(float((demand * plan.fast_served_share).sum()), 1),
                "fast_served_share": round(
                    float((demand * plan.fast_served_share).sum() / demand.sum()) if demand.sum() else np.nan,
                    4,
                ),
                "rural_stations": int((plan.open_station & np.asarray(planning.station_rural, bool)).sum()),
                "corridor_flow_per_day": round(float(flow.sum()), 1),
                "corridor_flow_covered_per_day": round(float(flow[plan.trip_covered].sum()), 1)
                if flow.size
                else 0.0,
                "objective": round(plan.objective, 3),
            }
        )
    return pd.DataFrame(kpis)


def _reasons(roles: pd.DataFrame, max_wait_min: float) -> tuple[list[str], list[str]]:
    """Sentences on sizing, grid, terminals and corridors for each station."""
    en_all: list[str] = []
    zh_all: list[str] = []
    records = [{str(k): v for k, v in rec.items()} for rec in roles.to_dict("records")]
    for r in records:
        n, kw, load = int(r["chargers"]), float(r["power_kw"]), float(r["peak_sessions_per_h"])
        util, p_wait, wait = (
            float(r["utilisation"]),
            float(r["wait_probability"]),
            float(r["expected_wait_min"]),
        )
        en = [
            f"{n} fast chargers ({kw:,.0f} kW) for {load:.1f} peak-hour sessions: utilisation "
            f"{100 * util:.0f} %, {100 * p_wait:.0f} % of drivers wait over {max_wait_min:g} min, "
            f"mean wait {wait:.1f} min"
        ]
        zh = [
            f"配置 {n} 台快充（{kw:,.0f} kW），高峰每小时 {load:.1f} 次充电：利用率 {100 * util:.0f}%，"
            f"{100 * p_wait:.0f}% 的车辆等待超过 {max_wait_min:g} 分钟，平均等待 {wait:.1f} 分钟"
        ]
        sub_id, km = str(r["substation_id"]), float(r["grid_distance_m"]) / 1000.0
        if sub_id:
            en.append(f"connects to substation {sub_id} ({km:.1f} km)")
            zh.append(f"接入变电站 {sub_id}（{km:.1f} 公里）")
        sole = str(r["terminals_sole"])
        if sole:
            en.append(f"the only station serving terminal(s) {sole}")
            zh.append(f"唯一服务客运站：{sole}")
        trips, critical = int(r["corridor_trips"]), int(r["corridor_trips_critical"])
        flow = float(r["corridor_flow_critical_per_day"])
        if critical:
            en.append(
                f"needed for {critical} intercity trip(s) ({flow:,.0f} EV trips/day) that no other station "
                "makes possible"
            )
            zh.append(f"保障 {critical} 条城际线路（每日 {flow:,.0f} 车次）的续航")
        elif trips:
            en.append(f"on the route of {trips} intercity trip(s)")
            zh.append(f"位于 {trips} 条城际线路上")
        if bool(r["rural"]):
            en.append("rural site (counts towards the rural minimum)")
            zh.append("农村站点（计入农村最低数量）")
        en_all.append("; ".join(en) + ".")
        zh_all.append("；".join(zh) + "。")
    return en_all, zh_all


def worst_served(demand: gpd.GeoDataFrame, *, n: int = 20) -> gpd.GeoDataFrame:
    """The ``n`` demand zones with most EVs left without fast charging (then the longest access times).

    Columns: rank, demand_id, county_id, population, fast_demand_ev, fast_ev_unserved, access_time_min,
    geometry.
    """
    dm = demand.copy()
    share = dm["fast_served_share"] if "fast_served_share" in dm.columns else dm["fast_covered"].astype(float)
    dm["fast_ev_unserved"] = np.round(dm["fast_demand_ev"] * (1.0 - share), 2)
    access = dm["access_time_min"].fillna(np.inf)
    dm = dm.assign(_access=access).sort_values(
        ["fast_ev_unserved", "_access", "demand_id"], ascending=[False, False, True], kind="stable"
    )
    dm = dm[dm["fast_ev_unserved"] > 0].head(n).reset_index(drop=True)
    dm.insert(0, "rank", np.arange(1, len(dm) + 1))
    cols = [
        "rank",
        "demand_id",
        "county_id",
        "population",
        "fast_demand_ev",
        "fast_ev_unserved",
        "access_time_min",
        "geometry",
    ]
    return gpd.GeoDataFrame(dm[cols], geometry="geometry", crs=demand.crs)


def county_access(z: pd.DataFrame) -> dict[str, float]:
    """Population share within reach, mean and 95th-percentile access time for the zones ``z``.

    Times are EV-weighted over the EVs within ``fast_minutes`` of an open station (the others have no
    access time below the cut-off).
    """
    pop = float(z["population"].sum())
    reach = z["fast_covered"].to_numpy(dtype=bool)
    pop_in = float(z.loc[reach, "population"].sum())
    t = z.loc[reach, "access_time_min"].to_numpy(dtype=float)
    w = z.loc[reach, "fast_demand_ev"].to_numpy(dtype=float)
    if t.size and w.sum() > 0:
        mean = float((t * w).sum() / w.sum())
        order = np.argsort(t, kind="stable")
        cum = np.cumsum(w[order]) / w.sum()
        p95 = float(t[order][min(int(np.searchsorted(cum, 0.95)), t.size - 1)])
    else:
        mean = p95 = float("nan")
    return {
        "population_fast_covered_share": round(pop_in / pop, 4) if pop else float("nan"),
        "mean_access_min": round(mean, 2),
        "p95_access_min": round(p95, 2),
    }
