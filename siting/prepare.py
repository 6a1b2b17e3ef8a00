"""From study inputs to the model's data: places, demand, matrices (:func:`prepare`), then :class:`ModelData`.

:func:`prepare` runs four named steps — demand zones, places (candidate sites, pile sites, terminals),
travel-time and walking matrices, the planning families' geography — and returns
:class:`~siting.study.Prepared`.  :func:`build_model_data` turns that and the scenario into the
:class:`~siting.model.data.ModelData` the solver takes.  Layer: above :mod:`siting.planning`, below
:mod:`siting.solve`.
"""

from __future__ import annotations

import math
import time
from typing import cast

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp

from siting import demand as demand_mod
from siting import matrices, places
from siting import skims as skims_mod
from siting._errors import NetworkError
from siting._typing import IntArray, Progress, silent
from siting._warnings import collect, warn
from siting.model.data import ModelData
from siting.planning import planning_from_scenario, planning_geography
from siting.scenario import Scenario
from siting.sizes import Size, check_sizes, pairs_within
from siting.study import Prepared, StudyInputs, county_minimums

__all__ = ["TERMINAL_SEARCH_M", "build_model_data", "prepare"]

#: Terminals are searched this far (m) so that uncovered ones still report their nearest station.
TERMINAL_SEARCH_M = 20_000.0


def prepare(scenario: Scenario, inputs: StudyInputs, *, progress: Progress = silent) -> Prepared:
    """Places, demand zones and sparse matrices for ``inputs``."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    _check_sizes_before_demand(scenario, inputs)
    zones, basis, zone_layer = _demand(scenario, inputs, progress)
    timings["demand_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    candidates, pile_sites = _sites(scenario, inputs, zones)
    terminals = _terminals(scenario, inputs)
    _check_sizes_before_matrices(scenario, inputs, zones, candidates, len(pile_sites))
    progress(
        f"places: {len(candidates):,} candidate sites, {len(pile_sites):,} pile sites, "
        f"{len(terminals)} terminals, {len(zones):,} demand zones"
    )
    timings["places_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    fast, term, walk, station_node = _matrices(
        scenario, inputs, candidates, pile_sites, terminals, zones, progress, zone_layer=zone_layer
    )
    timings["matrices_s"] = time.perf_counter() - t0
    _check_model_size(scenario, [fast, term, walk])

    t0 = time.perf_counter()
    geo = planning_geography(scenario, inputs, candidates, pile_sites, zones, station_node, progress=progress)
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
    )


def _demand(
    scenario: Scenario, inputs: StudyInputs, progress: Progress
) -> tuple[gpd.GeoDataFrame, str, gpd.GeoDataFrame | None]:
    """Demand zones and their basis: the scenario's zone layer, demand file, else an OSM-weighted grid.

    The third value is the whole zone layer (``zones_file``, for the skim), or None.
    """
    raster = (
        demand_mod.PopulationRaster(
            scenario.population_raster,
            kind="per_km2" if scenario.population_raster_kind == "per_km2" else "count",
            nodata=scenario.population_raster_nodata,
        )
        if scenario.population_raster is not None
        else None
    )
    layer = None
    if scenario.zones_file is not None:
        progress(f"reading demand zones from {scenario.zones_file}")
        layer, zones, basis = demand_mod.demand_from_zones(
            scenario.zones_file,
            study_area=inputs.study_area,
            counties=inputs.counties,
            crs_m=inputs.net.crs_m,
            population_column=scenario.zones_population_column,
            raster=raster,
            ev_per_1000_people=scenario.ev_per_1000_people,
            slow_share=scenario.slow_share,
        )
    elif scenario.demand_file is not None:
        progress(f"reading demand from {scenario.demand_file}")
        zones = demand_mod.demand_from_file(
            scenario.demand_file,
            weight_column=scenario.demand_weight_column,
            study_area=inputs.study_area,
            counties=inputs.counties,
            ev_per_1000_people=scenario.ev_per_1000_people,
            slow_share=scenario.slow_share,
            crs=scenario.crs_of("demand_file"),
        )
        basis = f"demand file {scenario.demand_file.name}"
    else:
        progress(f"demand zones: {scenario.grid_cell_m:.0f} m grid weighted by OSM evidence")
        zones, basis = demand_mod.demand_zones(
            inputs.study_area,
            inputs.graph,
            inputs.features,
            counties=inputs.counties,
            crs_m=inputs.net.crs_m,
            cell_m=scenario.grid_cell_m,
            ev_per_1000_people=scenario.ev_per_1000_people,
            slow_share=scenario.slow_share,
            population_total=scenario.population_total,
            raster=raster,
        )
    if zones.empty:
        raise NetworkError(
            "the study area has no demand zone with residents; check the boundary and the OSM extract."
        )
    if basis.startswith("relative index"):
        warn(
            "no census population for this study area: demand is a relative index (total 100,000); "
            "set population_total in the scenario or give a counties file with population."
        )
    return zones, basis, layer


def _skim_times(
    scenario: Scenario,
    layer: gpd.GeoDataFrame,
    zones: gpd.GeoDataFrame,
    candidates: gpd.GeoDataFrame,
    progress: Progress,
) -> sp.csr_matrix:
    """Zone × candidate times within ``fast_minutes`` from the skim (each candidate in its zone)."""
    assert scenario.skim_file is not None
    skim = skims_mod.skim_from_file(
        scenario.skim_file,
        matrix=scenario.skim_matrix or None,
        units=cast(skims_mod.TimeUnit, scenario.skim_units),  # validated by the scenario
    )
    progress(f"fast-charging times from the skim {skim.source} ({skim.n_zones:,} zones)")
    times, _ = skims_mod.coverage_from_skim(skim, layer, candidates, scenario.fast_minutes)
    rows = pd.Index(layer["zone_id"]).get_indexer(pd.Index(zones["zone_id"]))
    fast: sp.csr_matrix = times[rows].tocsr()
    progress(f"skim: {fast.nnz:,} zone-station pairs within {scenario.fast_minutes:g} min")
    return fast


#: Road distance over straight-line distance (a network's circuity, 1.2-1.4 in most road networks): the
#: straight-line radius of what ``fast_minutes`` reach is the road distance divided by this.
CIRCUITY = 1.3


def _study_reach(scenario: Scenario, inputs: StudyInputs) -> tuple[float, float]:
    """The study area (km²) and the straight-line radius ``fast_minutes`` reach on the network (m).

    The radius is the median edge speed times ``fast_minutes`` over :data:`CIRCUITY`.  Calibrated on the
    synthetic demo, city and scale instances, the pairs :func:`siting.sizes.pairs_within` then estimates
    from the actual zones and sites are 1.2-1.4 times those found (the 90th-percentile speed without
    circuity, used before, gave 4-6 times and refused a 100,000-zone study of 14.6 M pairs).
    """
    net = inputs.net
    area = gpd.GeoSeries([inputs.study_area], crs=4326).to_crs(net.crs_m).area.iloc[0]
    speeds = net.length_m.data / np.maximum(net.time_s.data, 1e-9) if net.time_s.nnz else np.array([15.0])
    radius = scenario.fast_minutes * 60.0 * float(np.median(speeds)) / CIRCUITY
    return max(float(area) / 1e6, 1e-6), radius


def _sizes(
    scenario: Scenario, inputs: StudyInputs, *, n_zones: float, n_cand: float, n_piles: float
) -> list[Size]:
    """The road search, the travel-time and walking matrices and the MIP for these counts (estimates)."""
    area_km2, reach_m = _study_reach(scenario, inputs)
    n_nodes = float(inputs.net.x_m.shape[0])
    fast = pairs_within(n_zones, n_cand, radius_m=reach_m, area_km2=area_km2)
    walk = pairs_within(n_zones, n_piles, radius_m=scenario.walk_m, area_km2=area_km2)
    spacing = f"raise candidate_spacing_m (now {scenario.candidate_spacing_m:g} m)"
    cell = f"raise grid_cell_m (now {scenario.grid_cell_m:g} m)"
    rows, cols = 2 * n_zones + n_cand + n_piles, n_cand + n_piles + 2 * n_zones
    return [
        Size(
            "road search of the travel times (candidate sites × road nodes within "
            f"{scenario.fast_minutes:g} min)",
            pairs_within(n_cand, n_nodes, radius_m=reach_m, area_km2=area_km2),
            "search",
            f"{spacing} or lower fast_minutes",
        ),
        Size(
            "travel-time matrix (demand zones × candidate sites)",
            fast,
            "pairs",
            f"{cell}, {spacing} or lower fast_minutes",
        ),
        Size("walking matrix (demand zones × pile sites)", walk, "pairs", f"lower walk_m or {cell}"),
        Size(
            f"MIP (~{rows:,.0f} rows, {cols:,.0f} columns)",
            fast + walk + 2 * n_cand + rows + cols,  # + terminal pairs (about two per site) and the bounds
            "nonzeros",
            f"{cell} or {spacing}",
        ),
    ]


def _check_sizes_before_demand(scenario: Scenario, inputs: StudyInputs) -> None:
    """Before the demand grid: its zones, the candidate sites and the matrices, from the scenario alone.

    Zones: the grid's cells that hold a road node, plus one per feature (a zone has residents only where
    OSM shows roads, buildings or POIs, :func:`siting.demand.demand_zones`), at most every cell of the study
    area.  Candidate sites: one road node per ``candidate_spacing_m`` cell (never more than the nodes) plus
    the POIs of a candidate kind.  Pile sites: one per feature and zone at most.  A zone layer, demand file
    or population raster is read first and checked after, like every study before its matrices.
    """
    if scenario.zones_file is not None or scenario.demand_file is not None:
        return
    area_km2, _ = _study_reach(scenario, inputs)
    net = inputs.net
    cell = scenario.grid_cell_m
    occupied = np.unique(np.floor(np.column_stack([net.x_m, net.y_m]) / cell), axis=0).shape[0]
    n_zones = min(area_km2 * 1e6 / cell**2, float(occupied + len(inputs.features)))
    feats = inputs.features
    n_poi = 0.0
    for tags in places.CANDIDATE_KINDS.values():
        for key, values in tags.items():
            n_poi += float(feats[key].isin(values).sum()) if key in feats.columns else 0.0
    n_cand = min(area_km2 * 1e6 / scenario.candidate_spacing_m**2, float(inputs.net.x_m.shape[0])) + n_poi
    sizes = _sizes(scenario, inputs, n_zones=n_zones, n_cand=n_cand, n_piles=len(feats) + n_zones)
    check_sizes(sizes, step="before the demand grid is built")


def _check_sizes_before_matrices(
    scenario: Scenario, inputs: StudyInputs, zones: gpd.GeoDataFrame, candidates: gpd.GeoDataFrame, piles: int
) -> None:
    """Before the matrices: the same estimates from the zones and sites actually built."""
    sizes = _sizes(scenario, inputs, n_zones=len(zones), n_cand=len(candidates), n_piles=piles)
    check_sizes(sizes, step="before the travel-time matrices are built")


def _check_model_size(scenario: Scenario, mats: list[sp.csr_matrix]) -> None:
    """Before the MIP: its nonzeros from the matrices built (each pair is one or two model entries)."""
    rows = sum(m.shape[0] for m in mats) + sum(m.shape[1] for m in mats)
    nnz = 2 * sum(m.nnz for m in mats) + rows
    fix = f"raise grid_cell_m (now {scenario.grid_cell_m:g} m) or candidate_spacing_m, or lower fast_minutes"
    check_sizes([Size(f"MIP (~{rows:,} rows and columns)", nnz, "nonzeros", fix)], step="before the model")


def _sites(
    scenario: Scenario, inputs: StudyInputs, zones: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Candidate station sites (with the scenario's locked sites) and pile sites."""
    locked = None
    if scenario.locked_sites_file is not None:
        locked = places.points_from_file(
            scenario.locked_sites_file,
            what="locked sites",
            id_columns=("site_id", "id"),
            allow_missing_geometry=False,
            crs=scenario.crs_of("locked_sites_file"),
            study_area=inputs.study_area,
        )
    candidates = places.candidates_from_features(
        inputs.features,
        inputs.graph,
        inputs.net,
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
    return candidates, pile_sites


def _terminals(scenario: Scenario, inputs: StudyInputs) -> gpd.GeoDataFrame:
    """Passenger terminals: the inputs' own, else the scenario's terminals file, else OSM bus stations."""
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
                crs=scenario.crs_of("terminals_file"),
            )
            if terminals.empty:
                # only a file without any coordinates (names of another region's terminals) gets here:
                # rows with coordinates outside the area are an error in terminals_from_file
                warn(
                    f"terminals file {scenario.terminals_file.name}: no row could be located in the study "
                    f"area (the file has no coordinates for it); using the {len(osm_terminals)} OSM bus "
                    "station(s) instead. Give lon/lat columns to use your own terminals."
                )
                terminals = osm_terminals
        else:
            terminals = osm_terminals
    if terminals.empty:
        warn(
            "no highway passenger terminals in the study area (no OSM amenity=bus_station and no "
            "terminals file with coordinates): the terminal quota is empty."
        )
    return terminals


def _matrices(
    scenario: Scenario,
    inputs: StudyInputs,
    candidates: gpd.GeoDataFrame,
    pile_sites: gpd.GeoDataFrame,
    terminals: gpd.GeoDataFrame,
    zones: gpd.GeoDataFrame,
    progress: Progress,
    *,
    zone_layer: gpd.GeoDataFrame | None = None,
) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix, IntArray]:
    """Zone-station travel times, terminal-station distances, zone-pile walking distances.

    With a skim (``skim_file`` and its ``zone_layer``) the zone-station times are the skim's, not the
    road network's.

    Returns
    -------
    fast_time_min, terminal_dist_m, walk_dist_m, station_node
        The three matrices and the road node each candidate snaps to.
    """
    net = inputs.net
    progress("travel-time matrices (bounded multi-source Dijkstra)")
    snap_c = matrices.snap_points(net, candidates.geometry)
    snap_z = matrices.snap_points(net, zones.geometry)
    snap_t = matrices.snap_points(net, terminals.geometry)
    far_t = terminals.loc[snap_t.snap_m > scenario.max_snap_m, "terminal_id"].tolist()
    if far_t:
        warn(
            f"terminal(s) {', '.join(far_t)} lie more than {scenario.max_snap_m:.0f} m from any road; "
            "their distances include that straight-line stretch."
        )
    if zone_layer is not None and scenario.skim_file is not None:
        fast = _skim_times(scenario, zone_layer, zones, candidates, progress)
    else:
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
    progress(
        f"matrices: {fast.nnz:,} zone-station pairs within {scenario.fast_minutes:g} min, "
        f"{walk.nnz:,} zone-pile pairs within {scenario.walk_m:g} m"
    )
    return fast, term, walk, snap_c.node


def build_model_data(scenario: Scenario, prepared: Prepared) -> tuple[ModelData, list[str]]:
    """Turn prepared places and matrices into :class:`ModelData` (index order = GeoDataFrame row order).

    Returns
    -------
    data, warnings
        The model's data, and the warnings raised while building it (county minimums lowered, planning
        families adjusted); an enclosing :func:`siting._warnings.collect` block gets them too.
    """
    with collect() as found:
        data = _model_data(scenario, prepared)
        data.planning = planning_from_scenario(scenario, prepared, data)
    return data, found


def _model_data(scenario: Scenario, prepared: Prepared) -> ModelData:
    """The base model's data: targets, demand, matrices, county minimums and weights."""
    counties = prepared.counties
    county_index = {str(c): i for i, c in enumerate(counties["county_id"])} if counties is not None else {}
    station_county = _county_index(prepared.candidates["county_id"], county_index)
    pile_county = _county_index(prepared.pile_sites["county_id"], county_index)
    pile_capacity = prepared.pile_sites["capacity_piles"].to_numpy(dtype=np.int64)
    min_stations = county_minimums(
        scenario,
        counties,
        station_county,
        np.ones(len(station_county), dtype=np.int64),
        scenario.n_stations,
        scenario.county_min_stations,
        "stations",
    )
    min_piles = county_minimums(
        scenario, counties, pile_county, pile_capacity, scenario.n_piles, scenario.county_min_piles, "piles"
    )
    names = [str(n) for n in counties.get("name_en", counties["county_id"])] if counties is not None else []
    return ModelData(
        n_stations=scenario.n_stations,
        n_piles=scenario.n_piles,
        terminal_quota=math.ceil(scenario.terminal_share * len(prepared.terminals) - 1e-9),
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


def _county_index(values: pd.Series, county_index: dict[str, int]) -> IntArray:
    """Index of each value's county (-1 when it is in none)."""
    return np.array([county_index.get(str(v), -1) for v in values], dtype=np.int64)


def _within(mat: sp.csr_matrix, limit: float) -> sp.csr_matrix:
    """``mat`` without the entries above ``limit``."""
    out = mat.copy()
    out.data = np.where(out.data <= limit, out.data, 0.0)
    out.eliminate_zeros()
    return out
