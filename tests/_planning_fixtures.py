"""A hand-built plan of the *planning model*, for the tests of maps, export and report.

:func:`planning_plan_result` is :func:`_fixtures.small_plan_result` plus what the planning families add
(:mod:`siting.results`, :mod:`siting.explain`), with two rollout stages 2025 and 2030:

* ``stations`` gains the sizing, grid, terminal and corridor columns (chargers per station
  :data:`CHARGERS`; stations S00-S03 connect to substation B1, S04-S06 to B2, S07-S08 to B3, S09 to
  none);
* ``demand`` gains ``fast_served_share`` (0.9 in covered zones, 0 elsewhere);
* ``substations``: B1-B4 whose first-stage headroom used is 12 %, 96 %, 60 % and 0 %, one per colour
  class of the map;
* ``corridor_trips``: Q1 needs no charging, Q2 is possible only in 2030, Q3 can never be covered;
* ``stations_by_stage``: the ten stations (opened in 2025) and S10-S12 (opened in 2030);
* ``roads`` from :func:`siting.roads.major_roads_from_graph` on a small graph (:func:`road_graph`): a
  motorway, a primary road and a residential street (left out);
* ``worst_served`` from :func:`siting.explain.worst_served`, ``kpis_by_stage`` and the new KPI rows
  and county columns (:func:`siting.explain.county_access`).

The numbers are consistent with each other (loads = chargers x 120 kW), so they can be checked by eye.
"""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
from _fixtures import small_plan_result
from shapely.geometry import LineString, Point

from siting.explain import county_access, worst_served
from siting.results import PlanResult
from siting.roads import major_roads_from_graph

__all__ = ["CHARGERS", "CHARGER_KW", "LATER_SITES", "STAGES", "planning_plan_result", "road_graph"]

STAGES = ("2025", "2030")
CHARGER_KW = 120.0
#: Fast chargers of stations S00-S09 in both stages.
CHARGERS = [4, 2, 6, 8, 2, 10, 4, 6, 2, 3]
#: Sites opened in 2030: site id, substation, chargers.
LATER_SITES = [("S10", "B1", 6), ("S11", "B3", 4), ("S12", "B4", 2)]
_STATION_SUBSTATION = ["B1", "B1", "B1", "B1", "B2", "B2", "B2", "B3", "B3", ""]
#: Substations: id, name, kV, headroom kW, position.
_SUBSTATIONS = [
    ("B1", "广安220kV变电站", 220.0, 20000.0, (106.60, 30.47)),
    ("B2", "前锋35kV变电站", 35.0, 2000.0, (106.80, 30.48)),
    ("B3", "华蓥35kV变电站", 35.0, 1600.0, (106.79, 30.28)),
    ("B4", "溪口35kV变电站", 35.0, 6000.0, (106.86, 30.33)),
]


def _stations(base: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    st = base.copy()
    chargers = np.array(CHARGERS, dtype=np.int64)
    sessions = np.round(chargers * 1.55, 3)
    roles = pd.DataFrame(
        {
            "chargers": chargers,
            "power_kw": chargers * CHARGER_KW,
            "peak_sessions_per_h": sessions,
            "utilisation": np.round(sessions * 30 / 60 / chargers, 4),
            "wait_probability": [0.18, 0.05, 0.12, 0.2, 0.05, 0.19, 0.1, 0.15, 0.02, 0.0],
            "expected_wait_min": [4.2, 1.0, 3.1, 5.5, 1.1, 5.0, 2.4, 3.6, 0.5, 0.0],
            "rural": [False] * 6 + [True] * 4,
            "substation_id": pd.array(_STATION_SUBSTATION, dtype="string"),
            "grid_distance_m": [1200.0, 3500.5, 4100.0, 2900.0, 800.0, 650.0, 5400.0, 900.0, 2100.0, np.nan],
            "terminals_sole": ["广安客运枢纽站(南站)", "", "广安汽车总站(城北)", "", "", "前锋新汽车客运站"]
            + [""] * 4,
            "corridor_trips": [2, 1, 0, 0, 1, 2, 0, 1, 0, 0],
            "corridor_trips_critical": [1, 0, 0, 0, 0, 1, 0, 0, 0, 0],
            "corridor_flow_critical_per_day": [120.5, 0.0, 0.0, 0.0, 0.0, 300.0, 0.0, 0.0, 0.0, 0.0],
        }
    )
    at = list(st.columns).index("reason_en")
    for k, col in enumerate(roles.columns):
        st.insert(at + k, col, roles[col].to_numpy())
    st["reason_en"] = [
        f"{r} {n} fast chargers ({n * CHARGER_KW:,.0f} kW)."
        for r, n in zip(st["reason_en"], CHARGERS, strict=True)
    ]
    st["reason_zh"] = [f"{r}；配置 {n} 台快充。" for r, n in zip(st["reason_zh"], CHARGERS, strict=True)]
    return st


def _substations() -> gpd.GeoDataFrame:
    later = {sub: n for _site, sub, n in LATER_SITES}
    rows = []
    for sid, name, kv, headroom, _xy in _SUBSTATIONS:
        first = [n for n, s in zip(CHARGERS, _STATION_SUBSTATION, strict=True) if s == sid]
        second = [*first, *([later[sid]] if sid in later else [])]
        load_1, load_2 = sum(first) * CHARGER_KW, sum(second) * CHARGER_KW
        rows.append(
            {
                "substation_id": sid,
                "name": name,
                "voltage_kv": kv,
                "headroom_kw": headroom,
                "headroom_source": "voltage default",
                "source": "test substations",
                "load_kw_2025": load_1,
                "stations_2025": len(first),
                "headroom_used_2025": round(load_1 / headroom, 4),
                "load_kw_2030": load_2,
                "stations_2030": len(second),
                "headroom_used_2030": round(load_2 / headroom, 4),
            }
        )
    frame = pd.DataFrame(rows)
    gdf = gpd.GeoDataFrame(frame.iloc[:, :6], geometry=[Point(*s[4]) for s in _SUBSTATIONS], crs="EPSG:4326")
    for col in frame.columns[6:]:  # per-stage columns after the geometry, as siting.explain adds them
        gdf[col] = frame[col].to_numpy()
    return gdf


def _corridor_trips() -> gpd.GeoDataFrame:
    trips = gpd.GeoDataFrame(
        {
            "trip_id": ["Q1", "Q2", "Q3"],
            "origin": ["Guang'an District", "Guang'an District", "Huaying City"],
            "destination": ["Qianfeng District", "Chongqing", "Dazhou"],
            "origin_zh": ["广安区", "广安区", "华蓥市"],
            "destination_zh": ["前锋区", "重庆", "达州"],
            "origin_kind": ["seat", "seat", "seat"],
            "destination_kind": ["seat", "city", "city"],
            "flow_ev_trips_per_day": [120.5, 300.0, 45.25],
            "length_km": [35.0, 160.4, 210.0],
            "network_km": [35.0, 40.2, 30.0],
            "coverable": [True, True, False],
            "needs_charging": [False, True, True],
            "n_checkpoints": [0, 2, 0],
        },
        geometry=[
            LineString([(106.60, 30.50), (106.70, 30.49), (106.80, 30.50)]),
            LineString([(106.60, 30.50), (106.58, 30.40), (106.55, 30.21)]),
            LineString([(106.80, 30.30), (106.85, 30.40), (106.89, 30.59)]),
        ],
        crs="EPSG:4326",
    )
    trips["covered_2025"] = [True, False, False]
    trips["covered_2030"] = [True, True, False]
    return trips


def _stations_by_stage(stations: gpd.GeoDataFrame, candidates: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    later = candidates.set_index("site_id").loc[[s for s, _sub, _n in LATER_SITES]].reset_index()
    rows = pd.concat(
        [
            stations[["site_id", "name", "kind", "county_id", "geometry"]],
            later[["site_id", "name", "kind", "county_id", "geometry"]],
        ],
        ignore_index=True,
    )
    rows.insert(4, "opened_in", ["2025"] * len(stations) + ["2030"] * len(LATER_SITES))
    rows.insert(5, "chargers_2025", [*CHARGERS, *([0] * len(LATER_SITES))])
    rows.insert(6, "chargers_2030", [*CHARGERS, *(n for _s, _sub, n in LATER_SITES)])
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def road_graph() -> nx.MultiDiGraph:
    """A motorway (two carriageways, one curved), a two-way primary road and a residential street."""
    G = nx.MultiDiGraph(crs="EPSG:4326")
    for node, (x, y) in enumerate(
        [(106.55, 30.30), (106.70, 30.40), (106.85, 30.50), (106.62, 30.46), (106.63, 30.47)]
    ):
        G.add_node(node, x=x, y=y)
    curve = LineString([(106.70, 30.40), (106.78, 30.47), (106.85, 30.50)])
    G.add_edge(0, 1, osmid=1, highway="motorway")
    G.add_edge(1, 0, osmid=2, highway="motorway")
    G.add_edge(1, 2, osmid=1, highway=["motorway", "motorway_link"], geometry=curve)
    G.add_edge(1, 3, osmid=3, highway="primary")
    G.add_edge(3, 1, osmid=3, highway="primary")
    G.add_edge(3, 4, osmid=4, highway="residential")
    return G


def planning_plan_result(*, synthetic: bool = True) -> PlanResult:
    """Return the planning-model plan described in the module docstring."""
    base = small_plan_result(synthetic=synthetic)
    stations = _stations(base.stations)
    demand = base.demand.copy()
    demand.insert(
        list(demand.columns).index("fast_covered") + 1,
        "fast_served_share",
        np.where(demand["fast_covered"], 0.9, 0.0),
    )
    trips = _corridor_trips()
    fast = float(demand["fast_demand_ev"].sum())
    served = float((demand["fast_demand_ev"] * demand["fast_served_share"]).sum())
    flow = trips["flow_ev_trips_per_day"].to_numpy()
    n_later = len(LATER_SITES)
    kpis_by_stage = pd.DataFrame(
        {
            "stage": list(STAGES),
            "stations": [10, 10 + n_later],
            "stations_target": [10, 10 + n_later],
            "piles": [40, 60],
            "piles_target": [40, 60],
            "chargers": [sum(CHARGERS), sum(CHARGERS) + sum(n for _s, _b, n in LATER_SITES)],
            "power_mw": [
                round(sum(CHARGERS) * CHARGER_KW / 1000, 2),
                round((sum(CHARGERS) + sum(n for _s, _b, n in LATER_SITES)) * CHARGER_KW / 1000, 2),
            ],
            "fast_demand_ev": [round(fast, 1), round(2 * fast, 1)],
            "fast_ev_served": [round(served, 1), round(2 * served, 1)],
            "fast_served_share": [round(served / fast, 4), round(served / fast, 4)],
            "rural_stations": [4, 4 + n_later],
            "corridor_flow_per_day": [round(float(flow.sum()), 1), round(2 * float(flow.sum()), 1)],
            "corridor_flow_covered_per_day": [
                round(float(flow[trips["covered_2025"]].sum()), 1),
                round(2 * float(flow[trips["covered_2030"]].sum()), 1),
            ],
            "objective": [1234.5, 2469.0],
        }
    )
    kpis = pd.concat(
        [
            base.kpis,
            pd.DataFrame(
                {
                    "kpi": ["fast_ev_served", "fast_served_share", "chargers", "power_mw"],
                    "value": [round(served, 1), round(served / fast, 4), float(sum(CHARGERS)), 5.64],
                    "unit": ["EVs", "fraction", "chargers", "MW"],
                    "label_en": [
                        "EVs served within 10 min wait",
                        "Share of EVs served by fast charging within the wait target",
                        "Fast chargers",
                        "Fast-charging power",
                    ],
                    "label_zh": [
                        "排队不超过 10 分钟即可快充的电动汽车",
                        "快充服务率（满足排队目标）",
                        "快充桩数量",
                        "快充总功率",
                    ],
                }
            ),
        ],
        ignore_index=True,
    )
    by_county = base.kpis_by_county.copy()
    access = [county_access(demand[demand["county_id"] == cid]) for cid in by_county["county_id"]]
    for key in ("population_fast_covered_share", "mean_access_min", "p95_access_min"):
        by_county[key] = [a[key] for a in access]
    manifest = dict(base.manifest)
    manifest["scenario"] = dict(manifest["scenario"]) | {
        "max_wait_min": 10.0,
        "stage_name": "2025",
        "later_stages": ["2030"],
        "corridors": True,
    }
    return dataclasses.replace(
        base,
        stations=stations,
        demand=demand,
        kpis=kpis,
        kpis_by_county=by_county,
        manifest=manifest,
        substations=_substations(),
        corridor_trips=trips,
        stations_by_stage=_stations_by_stage(stations, base.candidates),
        worst_served=worst_served(demand),
        kpis_by_stage=kpis_by_stage,
        roads=major_roads_from_graph(road_graph()),
    )
