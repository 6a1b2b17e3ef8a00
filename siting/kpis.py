"""The KPI tables of a plan: targets, demand served, solver figures, the planning families and per county.

:func:`plan_kpis` gives the one-row-per-KPI table (``kpi, value, unit, label_en, label_zh``),
:func:`planning_kpis` adds the planning families' first-stage figures and :func:`kpis_by_county` the
per-county table, :func:`kpis_by_island` the per-island one; :func:`siting.results.result_from_solution`
puts them into the :class:`~siting.results.PlanResult`.
"""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from siting.explain import PlanningTables, county_access
from siting.model.data import ModelData
from siting.scenario import Scenario
from siting.solve import SolveReport

__all__ = ["kpis_by_county", "kpis_by_island", "plan_kpis", "planning_kpis"]


def planning_kpis(tables: PlanningTables, scenario: Scenario) -> pd.DataFrame:
    """KPIs of the planning families for the first stage (the other stages are in ``kpis_by_stage``)."""
    first = tables.kpis_by_stage.iloc[0]
    roles = tables.station_roles
    flow = float(first["corridor_flow_per_day"])
    rows: list[tuple[str, Any, str, str, str]] = [
        (
            "fast_ev_served",
            float(first["fast_ev_served"]),
            "EVs",
            f"EVs served within {scenario.max_wait_min:g} min wait (P ≥ {1 - scenario.wait_probability:.0%})",
            f"排队不超过 {scenario.max_wait_min:g} 分钟即可快充的电动汽车",
        ),
        (
            "fast_served_share",
            float(first["fast_served_share"]),
            "fraction",
            "Share of EVs served by fast charging within the wait target",
            "快充服务率（满足排队目标）",
        ),
        ("chargers", int(first["chargers"]), "chargers", "Fast chargers", "快充桩数量"),
        ("power_mw", float(first["power_mw"]), "MW", "Fast-charging power", "快充总功率"),
        (
            "mean_utilisation",
            round(float(roles["utilisation"].mean()), 4) if len(roles) else float("nan"),
            "fraction",
            "Mean peak-hour charger utilisation",
            "高峰时段平均利用率",
        ),
        ("rural_stations", int(first["rural_stations"]), "stations", "Stations on rural sites", "农村站点数"),
        (
            "corridor_flow_covered_share",
            round(float(first["corridor_flow_covered_per_day"]) / flow, 4) if flow else float("nan"),
            "fraction",
            f"Intercity EV trips possible with a {scenario.range_km:g} km range",
            f"续航 {scenario.range_km:g} 公里可完成的城际出行比例",
        ),
    ]
    out = pd.DataFrame(rows, columns=["kpi", "value", "unit", "label_en", "label_zh"])
    out["value"] = pd.Series([r[1] for r in rows], dtype=object)
    return out


_KpiRow = tuple[str, Any, str, str, str]  # kpi, value, unit, label_en, label_zh


def plan_kpis(
    scenario: Scenario,
    stations: gpd.GeoDataFrame,
    piles: gpd.GeoDataFrame,
    terminals: gpd.GeoDataFrame,
    dm: pd.DataFrame,
    data: ModelData,
    report: SolveReport,
    population_basis: str,
) -> pd.DataFrame:
    """The KPI table: targets and terminals, then demand coverage, then the solver's figures."""
    rows = [
        *_target_kpis(scenario, stations, piles, terminals, data),
        *_demand_kpis(scenario, dm, population_basis),
        *_solver_kpis(report),
    ]
    out = pd.DataFrame(rows, columns=["kpi", "value", "unit", "label_en", "label_zh"])
    # Counts stay integers (object column), shares and times stay floats.
    out["value"] = pd.Series(
        [int(r[1]) if isinstance(r[1], int | np.integer) else float(r[1]) for r in rows],
        dtype=object,
    )
    return out


def _target_kpis(
    scenario: Scenario,
    stations: gpd.GeoDataFrame,
    piles: gpd.GeoDataFrame,
    terminals: gpd.GeoDataFrame,
    data: ModelData,
) -> list[_KpiRow]:
    """Stations and piles against their targets; terminals covered against the quota."""
    return [
        ("stations_opened", len(stations), "stations", "Stations opened", "新建集中式充电站"),
        ("stations_target", scenario.n_stations, "stations", "Station target", "充电站目标"),
        ("piles_placed", int(piles["piles"].sum()), "piles", "Piles placed", "新建分散式充电桩"),
        ("piles_target", scenario.n_piles, "piles", "Pile target", "充电桩目标"),
        ("terminals_total", len(terminals), "terminals", "Passenger terminals", "公路客运站"),
        (
            "terminals_covered",
            int(terminals["covered"].sum()),
            "terminals",
            f"Terminals with a station within {scenario.terminal_radius_m:,.0f} m",
            f"{scenario.terminal_radius_m:,.0f} 米内有充电站的客运站",
        ),
        (
            "terminal_quota",
            data.terminal_quota,
            "terminals",
            "Terminals required",
            "须覆盖客运站数",
        ),
        (
            "terminals_covered_share",
            round(float(terminals["covered"].mean()), 4) if len(terminals) else math.nan,
            "fraction",
            "Share of terminals covered",
            "客运站覆盖率",
        ),
    ]


def _demand_kpis(scenario: Scenario, dm: pd.DataFrame, population_basis: str) -> list[_KpiRow]:
    """Population and EVs within reach of fast charging, mean drive time, slow-charging demand served."""
    fast_total = float(dm["fast_demand_ev"].sum())
    fast_cov = float(dm.loc[dm["fast_covered"], "fast_demand_ev"].sum())
    slow_total = float(dm["slow_demand_ev"].sum())
    slow_served = float(dm["slow_ev_served"].sum())
    pop_total = float(dm["population"].sum())
    pop_cov = float(dm.loc[dm["fast_covered"], "population"].sum())
    w = dm.loc[dm["fast_covered"], "fast_demand_ev"]
    mean_access = (
        float((dm.loc[dm["fast_covered"], "access_time_min"] * w).sum() / w.sum()) if w.sum() else math.nan
    )
    return [
        ("population", round(pop_total), "people", f"Population ({population_basis})", "人口"),
        (
            "population_fast_covered_share",
            round(pop_cov / pop_total, 4) if pop_total else math.nan,
            "fraction",
            f"Population within {scenario.fast_minutes:g} min of a station",
            f"{scenario.fast_minutes:g} 分钟内可达充电站的人口比例",
        ),
        (
            "fast_demand_ev",
            round(fast_total, 1),
            "EVs",
            "EVs (fast-charging demand)",
            "电动汽车（快充需求）",
        ),
        (
            "fast_ev_covered",
            round(fast_cov, 1),
            "EVs",
            f"EVs within {scenario.fast_minutes:g} min of a station",
            f"{scenario.fast_minutes:g} 分钟内可达充电站的电动汽车",
        ),
        (
            "fast_covered_share",
            round(fast_cov / fast_total, 4) if fast_total else math.nan,
            "fraction",
            "Share of EVs covered by fast charging",
            "快充覆盖率",
        ),
        (
            "mean_access_min",
            round(mean_access, 2),
            "min",
            "Mean drive time to the nearest station (covered EVs)",
            "到最近充电站的平均车程（已覆盖）",
        ),
        (
            "slow_demand_ev",
            round(slow_total, 1),
            "EVs",
            "EVs needing a public pile",
            "需要公共慢充桩的电动汽车",
        ),
        (
            "slow_ev_served",
            round(slow_served, 1),
            "EVs",
            f"EVs served by a pile within {scenario.walk_m:,.0f} m walk",
            f"步行 {scenario.walk_m:,.0f} 米内由充电桩服务的电动汽车",
        ),
        (
            "slow_served_share",
            round(slow_served / slow_total, 4) if slow_total else math.nan,
            "fraction",
            "Share of slow-charging demand served",
            "慢充需求满足率",
        ),
    ]


def _solver_kpis(report: SolveReport) -> list[_KpiRow]:
    """Objective, proven bound and gap."""
    return [
        ("objective", round(report.objective, 3), "weighted EVs", "Objective value", "目标函数值"),
        ("best_bound", round(report.best_bound, 3), "weighted EVs", "Proven bound", "最优界"),
        ("gap", round(report.gap, 6), "fraction", "Proven optimality gap", "最优性间隙"),
    ]


def kpis_by_county(
    counties: gpd.GeoDataFrame,
    stations: gpd.GeoDataFrame,
    piles: gpd.GeoDataFrame,
    terminals: gpd.GeoDataFrame,
    dm: pd.DataFrame,
) -> pd.DataFrame:
    keys = [*counties["county_id"].astype(str)]
    rows = []
    for cid in [*keys, None]:

        def sel(df: pd.DataFrame, cid: str | None = cid) -> pd.Series:
            return df["county_id"].isna() if cid is None else df["county_id"] == cid

        z = dm[sel(dm)]
        if cid is None and (counties.empty or (z.empty and not sel(stations).any() and not sel(piles).any())):
            continue  # no "outside counties" row without counties, nor an empty one
        c = counties[counties["county_id"] == cid]
        fast_d = float(z["fast_demand_ev"].sum())
        fast_c = float(z.loc[z["fast_covered"], "fast_demand_ev"].sum())
        slow_d = float(z["slow_demand_ev"].sum())
        slow_s = float(z["slow_ev_served"].sum())
        t = terminals[sel(terminals)]
        rows.append(
            {
                "county_id": cid if cid is not None else "outside",
                "name_zh": c["name_zh"].iloc[0] if len(c) else "区域外",
                "name_en": c["name_en"].iloc[0] if len(c) else "outside counties",
                "population": round(float(z["population"].sum())),
                "stations": int(sel(stations).sum()),
                "piles": int(piles.loc[sel(piles), "piles"].sum()),
                "fast_demand_ev": round(fast_d, 1),
                "fast_ev_covered": round(fast_c, 1),
                "fast_covered_share": round(fast_c / fast_d, 4) if fast_d else math.nan,
                "slow_demand_ev": round(slow_d, 1),
                "slow_ev_served": round(slow_s, 1),
                "slow_served_share": round(slow_s / slow_d, 4) if slow_d else math.nan,
                "terminals": len(t),
                "terminals_covered": int(t["covered"].sum()),
                **county_access(z),
            }
        )
    return pd.DataFrame(rows)


def kpis_by_island(
    island_of_zone: np.ndarray,
    island_of_station: np.ndarray,
    island_of_pile: np.ndarray,
    node_island: np.ndarray,
    node_lon: np.ndarray,
    node_lat: np.ndarray,
    stations: gpd.GeoDataFrame,
    piles: gpd.GeoDataFrame,
    dm: pd.DataFrame,
) -> pd.DataFrame:
    """One row per island (strongly connected road part kept with ``keep_components``), 0 the largest.

    No route joins two islands, so each island's demand is covered by its own stations only: the table gives
    each island's size (``road_nodes``, the mean ``lon``/``lat`` of its nodes), ``stations``, ``piles``,
    ``population``, ``fast_demand_ev``, ``fast_ev_covered`` and ``fast_covered_share``.
    """
    rows = []
    for island in range(int(node_island.max()) + 1 if node_island.size else 0):
        on = node_island == island
        z = dm[island_of_zone == island]
        fast_d = float(z["fast_demand_ev"].sum())
        fast_c = float(z.loc[z["fast_covered"], "fast_demand_ev"].sum())
        rows.append(
            {
                "island_id": island,
                "road_nodes": int(on.sum()),
                "lon": round(float(node_lon[on].mean()), 5),
                "lat": round(float(node_lat[on].mean()), 5),
                "stations": int((island_of_station == island).sum()),
                "piles": int(piles.loc[island_of_pile == island, "piles"].sum()) if len(piles) else 0,
                "population": round(float(z["population"].sum())),
                "fast_demand_ev": round(fast_d, 1),
                "fast_ev_covered": round(fast_c, 1),
                "fast_covered_share": round(fast_c / fast_d, 4) if fast_d else math.nan,
            }
        )
    return pd.DataFrame(rows)
