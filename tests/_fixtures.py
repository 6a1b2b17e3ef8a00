"""Hand-built :class:`~siting.results.PlanResult` objects for the tests of maps and export.

:func:`small_plan_result` is a tiny plan that can be checked by eye: three counties with Chinese
names, ten stations (two existing, one locked), six pile sites, four terminals (two covered), twelve
square demand zones (two with zero demand) and fifteen candidate sites.  One station name holds
HTML and JavaScript-template characters so that escaping is exercised.

:func:`scaled_plan_result` builds a plan of any size with the same columns (deterministic for a
seed), for the clustering paths and for measuring the map size at city scale.

Both follow the column contract in :mod:`siting.results` exactly.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import MultiPolygon, Point, box

from siting.results import PlanResult

__all__ = ["NASTY_NAME", "scaled_plan_result", "small_plan_result"]

#: A station name that must be HTML-escaped (and must not break a JavaScript template literal).
NASTY_NAME = '<b>邻水</b> & "站" `x` ${alert(1)}'

_COUNTIES = [
    # county_id, name_zh, name_en, population, (west, south, east, north)
    ("511602", "广安区", "Guang'an District", 744115, (106.50, 30.40, 106.70, 30.60)),
    ("511603", "前锋区", "Qianfeng District", 300000, (106.70, 30.40, 106.90, 30.60)),
    ("511681", "华蓥市", "Huaying City", 282000, (106.70, 30.20, 106.90, 30.40)),
]


def _manifest(*, synthetic: bool = True, kind: str = "synthetic") -> dict[str, object]:
    label = "synthetic road network" if synthetic else "OpenStreetMap extract test.osm.pbf (2024-01-01)"
    label_zh = "合成路网" if synthetic else "OpenStreetMap 数据 test.osm.pbf (2024-01-01)"
    return {
        "scenario": {
            "name": "test",
            "title_en": "Guang'an EV charging plan 2025",
            "title_zh": "广安市电动汽车充电设施规划 2025",
            "fast_minutes": 10.0,
            "walk_m": 500.0,
        },
        "data_source": {"kind": kind, "label": label, "label_zh": label_zh, "date": "2024-01-01"},
        "solver": {"status": "optimal", "objective": 1234.5, "gap": 0.0},
        "versions": {"python": "3.11"},
        "created": "2025-01-02T03:04:05+00:00",
        "synthetic": synthetic,
    }


def _counties() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "county_id": [c[0] for c in _COUNTIES],
            "name_zh": [c[1] for c in _COUNTIES],
            "name_en": [c[2] for c in _COUNTIES],
            "population": [c[3] for c in _COUNTIES],
        },
        geometry=[MultiPolygon([box(*c[4])]) for c in _COUNTIES],
        crs="EPSG:4326",
    )


def _county_of(lon: float, lat: float) -> tuple[str, str]:
    for cid, name_zh, _en, _pop, (w, s, e, n) in _COUNTIES:
        if w <= lon < e and s <= lat < n:
            return cid, name_zh
    return "", ""


def _kpis(n_stations: int, n_piles: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kpi": ["stations", "piles", "fast_covered_share", "terminals_covered"],
            "value": [float(n_stations), float(n_piles), 0.8125, 2.0],
            "unit": ["count", "count", "share", "count"],
            "label_en": [
                "Stations opened",
                "Piles placed",
                "EVs within 10 min",
                "Terminals covered",
            ],
            "label_zh": ["新建充电站", "新增充电桩", "10分钟快充覆盖率", "覆盖客运站"],
        }
    )


def _kpis_by_county(counties: gpd.GeoDataFrame) -> pd.DataFrame:
    n = len(counties)
    return pd.DataFrame(
        {
            "county_id": counties["county_id"].tolist(),
            "name_zh": counties["name_zh"].tolist(),
            "name_en": counties["name_en"].tolist(),
            "population": counties["population"].tolist(),
            "stations": [4, 3, 3][:n],
            "piles": [20, 12, 8][:n],
            "fast_demand_ev": [400.0, 300.0, 100.0][:n],
            "fast_ev_covered": [350.0, 250.0, 50.0][:n],
            "fast_covered_share": [0.875, 0.8333333333333334, 0.5][:n],
            "slow_demand_ev": [200.0, 150.0, 50.0][:n],
            "slow_ev_served": [100.0, 60.0, 40.0][:n],
            "slow_served_share": [0.5, 0.4, 0.8][:n],
            "terminals": [2, 1, 1][:n],
            "terminals_covered": [1, 1, 0][:n],
        }
    )


def small_plan_result(*, synthetic: bool = True) -> PlanResult:
    """Return the tiny hand-checkable plan described in the module docstring.

    Parameters
    ----------
    synthetic
        True labels the data source "synthetic road network"; False labels it an OpenStreetMap file
        (so that the map must carry the OpenStreetMap attribution).
    """
    station_xy = [
        (106.55, 30.45),
        (106.60, 30.50),
        (106.65, 30.55),
        (106.58, 30.42),
        (106.75, 30.45),
        (106.80, 30.50),
        (106.85, 30.55),
        (106.75, 30.25),
        (106.80, 30.30),
        (106.85, 30.35),
    ]
    names = [
        "广安南站充电站",
        "协兴园区充电站",
        "广安北充电站",
        "枣山充电站",
        NASTY_NAME,
        "前锋汽车站充电站",
        "代市充电站",
        "华蓥汽车站充电站",
        "双河充电站",
        "溪口充电站",
    ]
    county = [_county_of(x, y) for x, y in station_xy]
    existing = [False, True, False, False, False, True, False, False, False, False]
    locked = [False, True, True, False, False, True, False, False, False, False]
    stations = gpd.GeoDataFrame(
        {
            "site_id": [f"S{i:02d}" for i in range(10)],
            "name": names,
            "kind": ["parking"] * 5 + ["fuel", "parking", "terminal", "parking", "road_node"],
            "county_id": [c[0] for c in county],
            "county_name": [c[1] for c in county],
            "existing": existing,
            "locked": locked,
            "fast_ev_covered": [120.0, 95.5, 80.0, 60.0, 70.0, 90.0, 40.0, 55.0, 30.0, 12.0],
            "fast_ev_unique": [40.0, 10.0, 25.0, 0.0, 30.0, 20.0, 40.0, 55.0, 10.0, 12.0],
            "mean_access_min": [3.2, 4.1, 5.0, 6.5, 2.2, 3.3, 7.8, 4.4, 5.5, 9.1],
            "terminals_covered": [1, 0, 1, 0, 0, 1, 0, 0, 0, 0],
            "terminal_names": [
                "广安客运枢纽站(南站)",
                "",
                "广安汽车总站(城北)",
                "",
                "",
                "前锋新汽车客运站",
            ]
            + [""] * 4,
            "reason_en": [f"Covers {v:.0f} EVs within 10 min" for v in (120, 95, 80, 60, 70)]
            + [
                "Existing station kept",
                "Equity: county minimum",
                "Terminal coverage",
                "Fill",
                "Fill",
            ],
            "reason_zh": [f"10分钟内覆盖 {v:.0f} 辆电动车" for v in (120, 95, 80, 60, 70)]
            + ["保留已有充电站", "公平性:区县最低数量", "客运站覆盖", "补充", "补充"],
        },
        geometry=[Point(x, y) for x, y in station_xy],
        crs="EPSG:4326",
    )

    pile_xy = [
        (106.56, 30.46),
        (106.61, 30.51),
        (106.76, 30.46),
        (106.81, 30.51),
        (106.76, 30.26),
        (106.86, 30.36),
    ]
    pile_county = [_county_of(x, y) for x, y in pile_xy]
    piles = gpd.GeoDataFrame(
        {
            "pile_site_id": [f"P{i:02d}" for i in range(6)],
            "name": [
                "阳光小区停车场",
                "万达广场停车场",
                "前锋小区",
                "前锋工业园",
                "华蓥小区",
                "溪口停车场",
            ],
            "kind": ["parking", "parking", "residential", "workplace", "residential", "parking"],
            "county_id": [c[0] for c in pile_county],
            "county_name": [c[1] for c in pile_county],
            "piles": [12, 8, 6, 6, 5, 3],
            "capacity_piles": [20, 20, 30, 20, 30, 20],
            "slow_ev_served": [60.0, 40.0, 30.0, 30.0, 25.0, 15.0],
            "reason_en": ["Serves 60 EVs within 500 m walk"] * 6,
            "reason_zh": ["步行500米内服务 60 辆电动车"] * 6,
        },
        geometry=[Point(x, y) for x, y in pile_xy],
        crs="EPSG:4326",
    )

    terminals = gpd.GeoDataFrame(
        {
            "terminal_id": ["T01", "T02", "T03", "T04"],
            "name": [
                "广安客运枢纽站(南站)",
                "广安汽车总站(城北)",
                "前锋新汽车客运站",
                "华蓥汽车站",
            ],
            "name_en": [
                "Guang'an passenger hub (south)",
                "Guang'an main bus station (north)",
                "Qianfeng new bus station",
                "Huaying bus station",
            ],
            "county_id": ["511602", "511602", "511603", "511681"],
            "covered": [True, False, True, False],
            "nearest_station_id": ["S00", "S02", "S05", None],
            "nearest_station_m": [420.0, 2650.0, 310.0, float("nan")],
            "candidates_in_radius": [2, 1, 1, 0],
        },
        geometry=[
            Point(106.551, 30.451),
            Point(106.62, 30.58),
            Point(106.801, 30.501),
            Point(106.78, 30.22),
        ],
        crs="EPSG:4326",
    )

    zones = []
    for r in range(4):
        for c in range(3):
            w, s = 106.50 + c * 0.1, 30.20 + r * 0.1
            zones.append(box(w, s, w + 0.1, s + 0.1))
    n = len(zones)
    zone_county = [_county_of(g.centroid.x, g.centroid.y)[0] for g in zones]
    population = [0, 12000, 9000, 15000, 8000, 0, 30000, 22000, 18000, 25000, 6000, 4000]
    fast = [p * 0.04 * 0.5 for p in population]
    demand = gpd.GeoDataFrame(
        {
            "demand_id": [f"Z{i:03d}" for i in range(n)],
            "county_id": zone_county,
            "population": [float(p) for p in population],
            "fast_demand_ev": fast,
            "slow_demand_ev": fast,
            "fast_covered": [
                False,
                True,
                True,
                False,
                True,
                False,
                True,
                True,
                True,
                True,
                False,
                True,
            ],
            "access_time_min": [
                np.nan,
                4.5,
                6.0,
                np.nan,
                3.3,
                np.nan,
                2.1,
                5.5,
                8.0,
                3.0,
                np.nan,
                9.5,
            ],
            "slow_ev_served": [f * 0.5 for f in fast],
        },
        geometry=zones,
        crs="EPSG:4326",
    )

    cand_xy = [
        *station_xy,
        (106.52, 30.41),
        (106.68, 30.58),
        (106.72, 30.41),
        (106.88, 30.22),
        (106.62, 30.38),
    ]
    cand_county = [_county_of(x, y)[0] for x, y in cand_xy]
    candidates = gpd.GeoDataFrame(
        {
            "site_id": [f"S{i:02d}" for i in range(len(cand_xy))],
            "name": [*names, "候选一", "候选二", "候选三", "候选四", "候选五"],
            "kind": ["parking"] * len(cand_xy),
            "county_id": cand_county,
            "existing": existing + [False] * 5,
            "locked": locked + [False] * 5,
            "opened": [True] * 10 + [False] * 5,
        },
        geometry=[Point(x, y) for x, y in cand_xy],
        crs="EPSG:4326",
    )
    counties = _counties()
    return PlanResult(
        stations=stations,
        piles=piles,
        terminals=terminals,
        demand=demand,
        counties=counties,
        candidates=candidates,
        kpis=_kpis(len(stations), int(piles["piles"].sum())),
        kpis_by_county=_kpis_by_county(counties),
        manifest=_manifest(synthetic=synthetic, kind="synthetic" if synthetic else "osm-file"),
    )


def scaled_plan_result(
    n_stations: int = 250,
    n_pile_sites: int = 5000,
    n_zones: int = 6000,
    *,
    n_candidates: int | None = None,
    seed: int = 0,
) -> PlanResult:
    """Return a plan of the given size with random (seeded) attributes and the contract's columns.

    Zones are 0.01° squares on a grid over the three test counties; about 10% have zero demand.

    Parameters
    ----------
    n_stations, n_pile_sites, n_zones
        Rows of the stations, piles and demand layers.
    n_candidates
        Rows of the candidates layer (default ``4 * n_stations``).
    seed
        Seed of the random attributes and positions.
    """
    rng = np.random.default_rng(seed)
    n_cand = 4 * n_stations if n_candidates is None else n_candidates
    west, south, east, north = 106.50, 30.20, 106.90, 30.60

    def points(k: int) -> tuple[np.ndarray, np.ndarray]:
        return rng.uniform(west, east, k).round(6), rng.uniform(south, north, k).round(6)

    def counties_of(xs: np.ndarray, ys: np.ndarray) -> tuple[list[str], list[str]]:
        pairs = [_county_of(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]
        return [p[0] for p in pairs], [p[1] for p in pairs]

    sx, sy = points(n_stations)
    s_cid, s_cname = counties_of(sx, sy)
    fast_cov = rng.uniform(0, 2000, n_stations).round(1)
    stations = gpd.GeoDataFrame(
        {
            "site_id": [f"S{i:05d}" for i in range(n_stations)],
            "name": [f"充电站{i}号" for i in range(n_stations)],
            "kind": rng.choice(["parking", "fuel", "road_node"], n_stations),
            "county_id": s_cid,
            "county_name": s_cname,
            "existing": rng.random(n_stations) < 0.05,
            "locked": rng.random(n_stations) < 0.05,
            "fast_ev_covered": fast_cov,
            "fast_ev_unique": (fast_cov * rng.random(n_stations)).round(1),
            "mean_access_min": rng.uniform(1, 10, n_stations).round(2),
            "terminals_covered": rng.integers(0, 2, n_stations),
            "terminal_names": [""] * n_stations,
            "reason_en": [f"Covers {v:.0f} EVs within 10 min" for v in fast_cov],
            "reason_zh": [f"10分钟内覆盖 {v:.0f} 辆电动车" for v in fast_cov],
        },
        geometry=gpd.points_from_xy(sx, sy),
        crs="EPSG:4326",
    )
    px, py = points(n_pile_sites)
    p_cid, p_cname = counties_of(px, py)
    cap = rng.choice([10, 20, 30], n_pile_sites)
    n_p = np.minimum(cap, rng.integers(1, 12, n_pile_sites))
    piles = gpd.GeoDataFrame(
        {
            "pile_site_id": [f"P{i:05d}" for i in range(n_pile_sites)],
            "name": [f"停车场{i}" for i in range(n_pile_sites)],
            "kind": rng.choice(["parking", "residential", "workplace", "zone_centroid"], n_pile_sites),
            "county_id": p_cid,
            "county_name": p_cname,
            "piles": n_p,
            "capacity_piles": cap,
            "slow_ev_served": (n_p * 5.0).astype(float),
            "reason_en": [f"Serves {5 * v} EVs within 500 m walk" for v in n_p],
            "reason_zh": [f"步行500米内服务 {5 * v} 辆电动车" for v in n_p],
        },
        geometry=gpd.points_from_xy(px, py),
        crs="EPSG:4326",
    )
    side = int(np.ceil(np.sqrt(n_zones)))
    step = min((east - west), (north - south)) / side
    zones = [
        box(
            west + (i % side) * step,
            south + (i // side) * step,
            west + (i % side + 1) * step,
            south + (i // side + 1) * step,
        )
        for i in range(n_zones)
    ]
    pop = rng.gamma(2.0, 800.0, n_zones).round(0)
    pop[rng.random(n_zones) < 0.1] = 0.0
    fast = pop * 0.04 * 0.5
    covered = rng.random(n_zones) < 0.8
    demand = gpd.GeoDataFrame(
        {
            "demand_id": [f"Z{i:05d}" for i in range(n_zones)],
            "county_id": [_county_of(g.centroid.x, g.centroid.y)[0] for g in zones],
            "population": pop,
            "fast_demand_ev": fast,
            "slow_demand_ev": fast,
            "fast_covered": covered,
            "access_time_min": np.where(covered, rng.uniform(0.5, 10, n_zones).round(2), np.nan),
            "slow_ev_served": (fast * rng.random(n_zones)).round(2),
        },
        geometry=zones,
        crs="EPSG:4326",
    )
    tx, ty = points(40)
    t_cov = rng.random(40) < 0.6
    terminals = gpd.GeoDataFrame(
        {
            "terminal_id": [f"T{i:02d}" for i in range(40)],
            "name": [f"客运站{i}" for i in range(40)],
            "name_en": [f"Terminal {i}" for i in range(40)],
            "county_id": counties_of(tx, ty)[0],
            "covered": t_cov,
            "nearest_station_id": [f"S{i:05d}" for i in range(40)],
            "nearest_station_m": rng.uniform(50, 5000, 40).round(0),
        },
        geometry=gpd.points_from_xy(tx, ty),
        crs="EPSG:4326",
    )
    cx, cy = points(n_cand)
    candidates = gpd.GeoDataFrame(
        {
            "site_id": [f"C{i:05d}" for i in range(n_cand)],
            "name": [f"候选{i}" for i in range(n_cand)],
            "kind": ["road_node"] * n_cand,
            "county_id": counties_of(cx, cy)[0],
            "existing": [False] * n_cand,
            "locked": [False] * n_cand,
            "opened": rng.random(n_cand) < 0.25,
        },
        geometry=gpd.points_from_xy(cx, cy),
        crs="EPSG:4326",
    )
    counties = _counties()
    return PlanResult(
        stations=stations,
        piles=piles,
        terminals=terminals,
        demand=demand,
        counties=counties,
        candidates=candidates,
        kpis=_kpis(n_stations, int(piles["piles"].sum())),
        kpis_by_county=_kpis_by_county(counties),
        manifest=_manifest(),
    )
