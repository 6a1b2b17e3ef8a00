"""The whole pipeline as plain functions: inputs → places + demand → matrices → model → solve → results.

Three ways to get the geographic inputs (:class:`StudyInputs`):

* :func:`inputs_from_synthetic` — the synthetic Guang'an (offline demo, always labelled synthetic);
* :func:`inputs_from_osm_file` — a local ``.osm`` / ``.osm.bz2`` / ``.osm.pbf`` extract;
* :func:`inputs_from_live_osm` — live OpenStreetMap through osmnx (cached for the next run).

:func:`plan` turns inputs plus a :class:`~siting.scenario.Scenario` into a
:class:`~siting.results.PlanResult`.  A notebook can call the steps one by one (:func:`prepare`,
:func:`build_model_data`, :func:`siting.solve.solve_model`, :func:`siting.results.result_from_solution`) and
inspect every intermediate object.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import scipy.sparse as sp
import shapely
from shapely.geometry.base import BaseGeometry

from siting import demand as demand_mod
from siting import matrices, network, osm, places
from siting._errors import InputDataError, NetworkError
from siting.model.data import ModelData
from siting.planning import planning_from_scenario, planning_geography
from siting.progress import bar as progress_bar
from siting.results import PlanResult, result_from_solution
from siting.scenario import Scenario
from siting.solve import solve_model
from siting.study import PlanningGeography, Prepared, StudyInputs, county_minimums

__all__ = [
    "PlanningGeography",
    "Prepared",
    "StudyInputs",
    "build_model_data",
    "county_minimums",
    "inputs_from_live_osm",
    "inputs_from_osm_file",
    "inputs_from_synthetic",
    "plan",
    "prepare",
]

log = logging.getLogger(__name__)

Progress = Callable[[str], None]

#: Terminals are searched this far (m) so that uncovered ones still report their nearest station.
TERMINAL_SEARCH_M = 20_000.0


def _noop(_: str) -> None:
    return None


def _finish_graph(
    G: nx.MultiDiGraph, progress: Progress
) -> tuple[nx.MultiDiGraph, network.RoadNetwork, network.ComponentReport]:
    G = network.add_travel_times(G)
    G, report = network.largest_strong_component(G)
    progress(f"road network: {report}")
    net = network.road_network_from_graph(G)
    return G, net, report


def _read_counties(scenario: Scenario, study_area: BaseGeometry) -> gpd.GeoDataFrame | None:
    if scenario.counties_file is None:
        return None
    try:
        counties = gpd.read_file(scenario.counties_file)
    except Exception as exc:  # pyogrio raises several types
        raise InputDataError(f"counties file {scenario.counties_file}: cannot be read ({exc}).") from exc
    needed = {"county_id", "population"}
    if not needed <= set(counties.columns):
        raise InputDataError(
            f"counties file {scenario.counties_file}: needs columns county_id and population "
            f"(has {', '.join(map(str, counties.columns))})."
        )
    counties = counties.to_crs(4326)
    counties["county_id"] = counties["county_id"].astype(str)
    for col in ("name_zh", "name_en"):
        if col not in counties.columns:
            counties[col] = counties["county_id"]
    counties = counties[counties.intersects(study_area)].reset_index(drop=True)
    return counties if not counties.empty else None


def inputs_from_synthetic(
    scenario: Scenario, *, seed: int = 0, scale: float = 1.0, progress: Progress = _noop
) -> StudyInputs:
    """Geographic inputs from the synthetic Guang'an (see :mod:`siting.synthetic`)."""
    from siting.synthetic import synthetic_guangan

    progress("generating the synthetic Guang'an road network (not real roads)")
    city = synthetic_guangan(seed=seed, scale=scale)
    G, net, report = _finish_graph(city.graph, progress)
    study_area = city.boundary.to_crs(4326).union_all()
    return StudyInputs(
        graph=G,
        net=net,
        features=city.features,
        study_area=study_area,
        counties=_read_counties(scenario, study_area),
        terminals=city.terminals,
        data_source={
            "kind": "synthetic",
            "label": "synthetic road network (not real roads)",
            "label_zh": "合成路网（非真实道路）",
            "date": None,
            "path": None,
            "seed": seed,
            "scale": scale,
        },
        component_report=report,
    )


def _extent(G: nx.MultiDiGraph) -> BaseGeometry:
    """The extract's own extent: convex hull of its road nodes (buffered 50 m)."""
    xs = np.fromiter((d["x"] for _, d in G.nodes(data=True)), dtype=np.float64)
    ys = np.fromiter((d["y"] for _, d in G.nodes(data=True)), dtype=np.float64)
    hull = shapely.convex_hull(shapely.multipoints(np.column_stack([xs, ys])))
    series = gpd.GeoSeries([hull], crs=4326)
    crs_m = series.estimate_utm_crs()
    out: BaseGeometry = series.to_crs(crs_m).buffer(50).to_crs(4326).iloc[0]
    return out


def inputs_from_osm_file(
    scenario: Scenario,
    path: Path,
    *,
    boundary: Path | None = None,
    progress: Progress = _noop,
) -> StudyInputs:
    """Geographic inputs from a local OSM extract, clipped to ``boundary`` when given.

    Without a boundary the extract's own extent is the study area and the scenario's boundary file is not
    used (it describes Guang'an, not the extract).
    """
    area_gdf = osm.boundary_from_file(boundary) if boundary is not None else None
    area = area_gdf.geometry.iloc[0] if area_gdf is not None else None
    with progress_bar(progress, f"reading {path.name}", 3, "steps") as advance:
        progress(f"reading roads from {path.name}")
        G = osm.graph_from_file(path, boundary=area)
        advance(1)
        label, label_zh = (
            G.graph.get("source_label", path.name),
            G.graph.get("source_label_zh", path.name),
        )
        date = G.graph.get("data_date")
        G, net, report = _finish_graph(G, progress)
        advance(1)
        study_area = area if area is not None else _extent(G)
        progress(f"reading places from {path.name}")
        features = osm.features_from_file(path, boundary=study_area)
        advance(1)
    return StudyInputs(
        graph=G,
        net=net,
        features=features,
        study_area=study_area,
        counties=_read_counties(scenario, study_area),
        terminals=None,
        data_source={
            "kind": "osm-file",
            "label": label,
            "label_zh": label_zh,
            "date": date,
            "path": str(path),
        },
        component_report=report,
    )


def inputs_from_live_osm(
    scenario: Scenario, *, boundary: Path | None = None, progress: Progress = _noop
) -> StudyInputs:
    """Geographic inputs from live OpenStreetMap (osmnx, cached under :func:`siting.settings.cache_dir`).

    The study area is ``boundary``, else the scenario's ``boundary_file``, else the OSM boundary of
    ``scenario.place``.
    """
    if boundary is not None:
        area = osm.boundary_from_file(boundary).geometry.iloc[0]
    elif scenario.boundary_file is not None:
        area = osm.boundary_from_file(scenario.boundary_file).geometry.iloc[0]
    elif scenario.place:
        progress(f"geocoding '{scenario.place}'")
        area = osm.boundary_from_place(scenario.place).to_crs(4326).union_all()
    else:
        raise InputDataError(
            "live OpenStreetMap needs a study area: give --boundary, or boundary_file or place "
            "in the scenario."
        )
    with progress_bar(progress, "OpenStreetMap download", 3, "steps") as advance:
        progress("downloading the drivable road network from OpenStreetMap (cached for the next run)")
        G = osm.graph_from_polygon(area)
        advance(1)
        today = datetime.now(UTC).date().isoformat()
        G, net, report = _finish_graph(G, progress)
        advance(1)
        progress("downloading places (POIs) from OpenStreetMap")
        features = osm.features_from_polygon(area)
        advance(1)
    return StudyInputs(
        graph=G,
        net=net,
        features=features,
        study_area=area,
        counties=_read_counties(scenario, area),
        terminals=None,
        data_source={
            "kind": "osm-live",
            "label": f"OpenStreetMap (downloaded {today})",
            "label_zh": f"OpenStreetMap（{today} 下载）",
            "date": today,
            "path": None,
        },
        component_report=report,
    )


def prepare(scenario: Scenario, inputs: StudyInputs, *, progress: Progress = _noop) -> Prepared:
    """Places, demand zones and sparse matrices for ``inputs``."""
    timings: dict[str, float] = {}
    warnings: list[str] = list(inputs.warnings)
    t0 = time.perf_counter()
    net = inputs.net
    if scenario.demand_file is not None:
        progress(f"reading demand from {scenario.demand_file}")
        zones = demand_mod.demand_from_file(
            scenario.demand_file,
            weight_column=scenario.demand_weight_column,
            study_area=inputs.study_area,
            counties=inputs.counties,
            ev_per_1000_people=scenario.ev_per_1000_people,
            slow_share=scenario.slow_share,
        )
        basis = f"demand file {scenario.demand_file.name}"
    else:
        progress(f"demand zones: {scenario.grid_cell_m:.0f} m grid weighted by OSM evidence")
        zones, basis = demand_mod.demand_zones(
            inputs.study_area,
            inputs.graph,
            inputs.features,
            counties=inputs.counties,
            crs_m=net.crs_m,
            cell_m=scenario.grid_cell_m,
            ev_per_1000_people=scenario.ev_per_1000_people,
            slow_share=scenario.slow_share,
            population_total=scenario.population_total,
        )
    if zones.empty:
        raise NetworkError(
            "the study area has no demand zone with residents; check the boundary and the OSM extract."
        )
    if basis.startswith("relative index"):
        warnings.append(
            "no census population for this study area: demand is a relative index (total 100,000); "
            "set population_total in the scenario or give a counties file with population."
        )
    timings["demand_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    locked = None
    if scenario.locked_sites_file is not None:
        locked = places.points_from_file(
            scenario.locked_sites_file,
            what="locked sites",
            id_columns=("site_id", "id"),
            allow_missing_geometry=False,
        )
    candidates = places.candidates_from_features(
        inputs.features,
        inputs.graph,
        net,
        study_area=inputs.study_area,
        counties=inputs.counties,
        spacing_m=scenario.candidate_spacing_m,
        max_snap_m=scenario.max_snap_m,
        lock_existing=scenario.lock_existing,
        locked_sites=locked,
    )
    pile_sites = places.pile_sites_from_features(
        inputs.features,
        zones,
        study_area=inputs.study_area,
        counties=inputs.counties,
        capacity_by_kind=scenario.pile_capacity_by_kind,
    )
    if inputs.terminals is not None:
        terminals = inputs.terminals.copy()
        terminals["source"] = terminals.get("source", inputs.data_source["label"])
        terminals = places.terminals_from_frame(terminals, inputs.counties)
    else:
        osm_terminals = places.terminals_from_features(
            inputs.features, study_area=inputs.study_area, counties=inputs.counties
        )
        if scenario.terminals_file is not None:
            terminals = places.terminals_from_file(
                scenario.terminals_file,
                osm_terminals=osm_terminals,
                study_area=inputs.study_area,
                counties=inputs.counties,
                # a file of named Guang'an terminals says nothing about an extract elsewhere
                match_names=inputs.counties is not None or scenario.counties_file is None,
            )
            if terminals.empty:
                terminals = osm_terminals
        else:
            terminals = osm_terminals
    if terminals.empty:
        warnings.append(
            "no highway passenger terminals in the study area (no OSM amenity=bus_station and no "
            "terminals file with coordinates): the terminal quota is empty."
        )
    progress(
        f"places: {len(candidates):,} candidate sites, {len(pile_sites):,} pile sites, "
        f"{len(terminals)} terminals, {len(zones):,} demand zones"
    )
    timings["places_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    progress("travel-time matrices (bounded multi-source Dijkstra)")
    snap_c = matrices.snap_points(net, candidates.geometry)
    snap_z = matrices.snap_points(net, zones.geometry)
    snap_t = matrices.snap_points(net, terminals.geometry)
    far_t = terminals.loc[snap_t.snap_m > scenario.max_snap_m, "terminal_id"].tolist()
    if far_t:
        warnings.append(
            f"terminal(s) {', '.join(far_t)} lie more than {scenario.max_snap_m:.0f} m from any road; "
            "their distances include that straight-line stretch."
        )
    fast = matrices.travel_time_matrix(
        net,
        snap_c,
        snap_z,
        cutoff_min=scenario.fast_minutes,
        off_network_speed_kph=scenario.off_network_speed_kph,
        progress=progress,
    )
    term = matrices.distance_matrix(
        net, snap_c, snap_t, cutoff_m=max(TERMINAL_SEARCH_M, scenario.terminal_radius_m), progress=progress
    )
    walk = matrices.walking_matrix(
        zones, pile_sites, walk_m=scenario.walk_m, detour=scenario.walk_detour, crs_m=net.crs_m
    )
    timings["matrices_s"] = time.perf_counter() - t0
    progress(
        f"matrices: {fast.nnz:,} zone-station pairs within {scenario.fast_minutes:g} min, "
        f"{walk.nnz:,} zone-pile pairs within {scenario.walk_m:g} m"
    )
    t0 = time.perf_counter()
    geo = planning_geography(scenario, inputs, candidates, pile_sites, zones, snap_c.node, progress=progress)
    warnings += geo.warnings
    timings["planning_s"] = time.perf_counter() - t0
    return Prepared(
        candidates=candidates,
        pile_sites=pile_sites,
        terminals=terminals,
        demand=zones,
        counties=inputs.counties,
        fast_time_min=fast,
        terminal_dist_m=term,
        walk_dist_m=walk,
        population_basis=basis,
        timings_s=timings,
        planning=geo,
        warnings=warnings,
    )


def _within(mat: sp.csr_matrix, limit: float) -> sp.csr_matrix:
    out = mat.copy()
    out.data = np.where(out.data <= limit, out.data, 0.0)
    out.eliminate_zeros()
    return out


def build_model_data(scenario: Scenario, prepared: Prepared) -> tuple[ModelData, list[str]]:
    """Turn prepared places and matrices into :class:`ModelData` (index order = GeoDataFrame row order)."""
    warnings: list[str] = []
    counties = prepared.counties
    county_index = {str(c): i for i, c in enumerate(counties["county_id"])} if counties is not None else {}

    def index_of(values: Any) -> np.ndarray:
        return np.array([county_index.get(str(v), -1) for v in values], dtype=np.int64)

    station_county = index_of(prepared.candidates["county_id"])
    pile_county = index_of(prepared.pile_sites["county_id"])
    n_terminals = len(prepared.terminals)
    quota = math.ceil(scenario.terminal_share * n_terminals - 1e-9)
    pile_capacity = prepared.pile_sites["capacity_piles"].to_numpy(dtype=np.int64)
    min_stations = county_minimums(
        scenario,
        counties,
        station_county,
        np.ones(len(station_county), dtype=np.int64),
        scenario.n_stations,
        scenario.county_min_stations,
        "stations",
        warnings,
    )
    min_piles = county_minimums(
        scenario,
        counties,
        pile_county,
        pile_capacity,
        scenario.n_piles,
        scenario.county_min_piles,
        "piles",
        warnings,
    )
    names = [str(n) for n in counties.get("name_en", counties["county_id"])] if counties is not None else []
    data = ModelData(
        n_stations=scenario.n_stations,
        n_piles=scenario.n_piles,
        terminal_quota=quota,
        fast_minutes=scenario.fast_minutes,
        demand_fast_ev=prepared.demand["fast_demand_ev"].to_numpy(dtype=np.float64),
        demand_slow_ev=prepared.demand["slow_demand_ev"].to_numpy(dtype=np.float64),
        fast_time_min=prepared.fast_time_min,
        terminal_dist_m=_within(prepared.terminal_dist_m, scenario.terminal_radius_m),
        walk_dist_m=prepared.walk_dist_m,
        station_county=station_county,
        station_locked=prepared.candidates["locked"].to_numpy(dtype=bool),
        pile_capacity=pile_capacity,
        pile_county=pile_county,
        evs_per_pile=scenario.evs_per_pile,
        county_names=names,
        county_min_stations=min_stations,
        county_min_piles=min_piles,
        weight_fast=scenario.weight_fast,
        weight_slow=scenario.weight_slow,
        tie_break=scenario.tie_break,
    )
    data.planning = planning_from_scenario(scenario, prepared, data, warnings)
    return data, warnings


def plan(
    scenario: Scenario,
    inputs: StudyInputs,
    *,
    progress: Progress = _noop,
    write_model: Path | None = None,
) -> PlanResult:
    """Plan stations and piles for ``inputs`` under ``scenario``.

    ``write_model`` (``.mps`` or ``.lp``) saves the exact model handed to HiGHS, for another solver.

    Returns
    -------
    PlanResult
        Labelled tables, KPIs and a manifest (scenario, data source, solver report, warnings).
    """
    started = time.perf_counter()
    prepared = prepare(scenario, inputs, progress=progress)
    data, warnings = build_model_data(scenario, prepared)
    for w in [*prepared.warnings, *warnings]:
        log.warning(w)  # shown before solving, so they also explain a plan that cannot be made
    progress(
        f"model: {scenario.n_stations} stations among {data.n_candidates:,} candidates, "
        f"{scenario.n_piles:,} piles among {data.n_pile_sites:,} sites, "
        f"{data.terminal_quota} of {data.n_terminals} terminals to cover"
    )
    solution, report = solve_model(
        data,
        time_limit_s=scenario.time_limit_s,
        mip_rel_gap=scenario.mip_rel_gap,
        seed=scenario.seed,
        progress=progress,
        write_model=write_model,
    )
    progress(f"solved: {report}")
    all_warnings = [*prepared.warnings, *warnings, *report.warnings]
    for w in report.warnings:
        log.warning(w)
    return result_from_solution(
        scenario,
        inputs,
        prepared,
        data,
        solution,
        report,
        warnings=all_warnings,
        elapsed_s=time.perf_counter() - started,
    )
