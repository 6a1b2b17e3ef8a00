"""The pipeline's containers, shared by its steps so that no step imports the orchestrator.

:class:`StudyInputs`
    the geographic inputs of one plan (road graph, OSM features, study area, counties, terminals);
:class:`PlanningGeography`
    the geographic inputs of the planning families (substations and their reach, intercity trips, densities);
:class:`Prepared`
    places, demand and matrices of one plan, before the model;
:func:`county_minimums`
    the per-county minimum of stations or piles that both the base model and the planning families use.

:mod:`siting.pipeline` runs the pipeline; :mod:`siting.prepare`, :mod:`siting.planning`, :mod:`siting.results`
and :mod:`siting.explain` take these containers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import scipy.sparse as sp
from shapely.geometry.base import BaseGeometry

from siting import grid as grid_mod
from siting import network
from siting._typing import FloatArray
from siting._warnings import warn
from siting.corridors import CorridorData
from siting.scenario import Scenario

__all__ = ["PlanningGeography", "Prepared", "StudyInputs", "county_minimums"]


@dataclass
class StudyInputs:
    """Geographic inputs of one plan.

    Attributes
    ----------
    graph
        Drivable road graph with travel times, largest strongly connected component only.
    net
        Its CSR form.
    features
        OSM features (schema in docs/architecture.md).
    study_area
        (Multi)Polygon in EPSG:4326.
    counties
        County polygons with ``county_id, name_zh, name_en, population`` clipped to the study area, or None.
    terminals
        Passenger terminals, or None to take them from ``features`` / the scenario's terminals file.
    data_source
        ``kind`` ("synthetic" | "osm-file" | "osm-live"), ``label``, ``label_zh``, ``date``, ``path``.
    component_report
        What the largest strongly connected component dropped.
    roads
        The major roads (:func:`siting.roads.major_roads_from_graph`) when ``graph`` is not kept (inputs
        read back from a batch cache); None: they are drawn from ``graph``.
    """

    graph: nx.MultiDiGraph
    net: network.RoadNetwork
    features: gpd.GeoDataFrame
    study_area: BaseGeometry
    counties: gpd.GeoDataFrame | None
    terminals: gpd.GeoDataFrame | None
    data_source: dict[str, Any]
    component_report: network.ComponentReport | None = None
    roads: gpd.GeoDataFrame | None = None


@dataclass
class PlanningGeography:
    """Geographic inputs of the planning families (computed once per :class:`~siting.study.Prepared`).

    Attributes
    ----------
    substations
        ``substation_id, name, voltage_kv, headroom_kw, headroom_source, source, geometry`` or None
        (``grid_mode = "off"``).
    reach
        Allowed station–substation connections (:class:`siting.grid.GridReach`) or None.
    corridors
        Intercity trips (:class:`siting.corridors.CorridorData`) or None.
    station_density_per_km2, pile_density_per_km2
        Residents per km² around each candidate / pile site.

    What the user should know (no substations found, trips dropped, ...) is raised as a
    :class:`~siting._warnings.SitingWarning` while it is computed.
    """

    substations: gpd.GeoDataFrame | None = None
    reach: grid_mod.GridReach | None = None
    corridors: CorridorData | None = None
    station_density_per_km2: FloatArray = field(default_factory=lambda: np.zeros(0))
    pile_density_per_km2: FloatArray = field(default_factory=lambda: np.zeros(0))


@dataclass
class Prepared:
    """Places, demand and matrices of one plan, before the model.

    ``fast_time_min`` is (demand x candidates, minutes within ``fast_minutes``); ``terminal_dist_m`` is
    (terminals x candidates, metres within :data:`siting.prepare.TERMINAL_SEARCH_M`); ``walk_dist_m`` is
    (demand x pile sites, metres within ``walk_m``).
    """

    candidates: gpd.GeoDataFrame
    pile_sites: gpd.GeoDataFrame
    terminals: gpd.GeoDataFrame
    demand: gpd.GeoDataFrame
    counties: gpd.GeoDataFrame | None
    fast_time_min: sp.csr_matrix
    terminal_dist_m: sp.csr_matrix
    walk_dist_m: sp.csr_matrix
    population_basis: str
    timings_s: dict[str, float] = field(default_factory=dict)
    planning: PlanningGeography = field(default_factory=PlanningGeography)


def county_minimums(
    scenario: Scenario,
    counties: gpd.GeoDataFrame | None,
    site_county: np.ndarray,
    capacity: np.ndarray,
    total: int,
    overrides: dict[str, int],
    what: str,
) -> np.ndarray:
    """Minimum per county: floor(county_min_share * population share * total), capped by what exists.

    A default minimum lowered to what a county has room for is reported with :func:`siting._warnings.warn`.
    """
    if counties is None or counties.empty:
        return np.zeros(0, dtype=np.int64)
    pop = counties["population"].to_numpy(dtype=float)
    share = pop / pop.sum() if pop.sum() > 0 else np.zeros_like(pop)
    mins: np.ndarray = np.floor(scenario.county_min_share * share * total).astype(np.int64)
    for c, row in counties.reset_index(drop=True).iterrows():
        key = str(row["county_id"])
        names = {key, str(row.get("name_zh", "")), str(row.get("name_en", ""))}
        explicit = [v for k, v in overrides.items() if k in names]
        available = int(capacity[site_county == c].sum())
        if explicit:
            mins[c] = explicit[0]
        elif mins[c] > available:
            warn(
                f"county {row.get('name_en', key)}: default minimum of {mins[c]} {what} lowered to "
                f"{available}, all it has room for."
            )
            mins[c] = available
    return mins
