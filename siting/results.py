"""Labelled results of a plan: GeoDataFrames with ids and units in column names, and KPI tables.

:class:`PlanResult` is what :func:`siting.plan.plan` returns and what :mod:`siting.maps` and
:mod:`siting.export` consume.  All GeoDataFrames are in WGS-84 (EPSG:4326).  Columns:

``stations`` (one row per opened station)
    site_id, name, kind, county_id, county_name, existing, locked, fast_ev_covered, fast_ev_unique,
    mean_access_min, terminals_covered, terminal_names, reason_en, reason_zh, geometry (Point)
``piles`` (one row per pile site that received piles)
    pile_site_id, name, kind, county_id, county_name, piles, capacity_piles, slow_ev_served,
    reason_en, reason_zh, geometry (Point)
``terminals`` (all terminals)
    terminal_id, name, name_en, county_id, covered, nearest_station_id, nearest_station_m, geometry (Point)
``demand`` (all demand zones)
    demand_id, county_id, population, fast_demand_ev, slow_demand_ev, fast_covered, access_time_min,
    slow_ev_served, geometry (Polygon)
``counties``
    county_id, name_zh, name_en, population, geometry (MultiPolygon)
``candidates`` (all candidate station sites)
    site_id, name, kind, county_id, existing, locked, opened, geometry (Point)
``kpis`` (pandas DataFrame, one row per KPI)
    kpi, value, unit, label_en, label_zh
``kpis_by_county`` (pandas DataFrame, one row per county plus none for outside)
    county_id, name_zh, name_en, population, stations, piles, fast_demand_ev, fast_ev_covered,
    fast_covered_share, slow_demand_ev, slow_ev_served, slow_served_share, terminals, terminals_covered
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd

__all__ = ["PlanResult"]


@dataclass
class PlanResult:
    """Everything one plan produced, as labelled tables.

    Attributes
    ----------
    stations, piles, terminals, demand, counties, candidates
        GeoDataFrames in EPSG:4326 with the columns listed in the module docstring.
    kpis, kpis_by_county
        KPI tables (see module docstring).
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
