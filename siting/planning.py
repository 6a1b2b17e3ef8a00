"""From a scenario and prepared geography to the planning families of the model.

:func:`planning_geography` runs in :func:`siting.prepare.prepare` and does the geographic work of the
planning families: substations and their reach (:mod:`siting.grid`), intercity trips
(:mod:`siting.corridors`) and which sites are rural.  :func:`planning_from_scenario` turns that
and the scenario into :class:`siting.model.extended.Planning` (stages, charger capacities, county
caps, rural minimums) for :func:`siting.prepare.build_model_data`.

Urban or rural
    A site is *urban* when the resident density within :data:`DENSITY_RADIUS_M` of it is at least
    ``urban_density_per_km2`` (default 1,500 people per km², the "urban centre" density threshold
    of the EU/OECD/UN degree of urbanisation), else *rural*.  Density comes from the demand zones'
    population (zone centroids within the radius).
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from siting import corridors as corridors_mod
from siting import grid as grid_mod
from siting._errors import InfeasibleError, InputDataError
from siting._typing import FloatArray, Progress
from siting._warnings import warn
from siting.model.data import Corridors, Grid, ModelData, Planning, Queue, Stage
from siting.queueing import capacity_table
from siting.scenario import Scenario
from siting.study import PlanningGeography, Prepared, StudyInputs, county_minimums

__all__ = [
    "DENSITY_RADIUS_M",
    "PlanningGeography",
    "planning_from_scenario",
    "planning_geography",
    "population_is_absolute",
    "site_density_per_km2",
    "uses_planning_model",
]


#: Radius (m) of the circle in which the population density around a site is measured.
DENSITY_RADIUS_M = 1000.0


def uses_planning_model(scenario: Scenario) -> bool:
    """True when any planning family is on (else the faster base model is solved)."""
    return bool(
        scenario.size_chargers
        or scenario.grid_mode != "off"
        or scenario.corridors
        or scenario.later_stages
        or scenario.rural_min_share_stations > 0
        or scenario.rural_min_share_piles > 0
        or scenario.county_max_share > 0
        or scenario.county_max_stations
        or scenario.county_max_piles
    )


def site_density_per_km2(
    sites: gpd.GeoSeries, demand: gpd.GeoDataFrame, *, crs_m: str, radius_m: float = DENSITY_RADIUS_M
) -> FloatArray:
    """Residents per km² within ``radius_m`` of each site (demand-zone centroids in the circle)."""
    if len(sites) == 0:
        return np.zeros(0)
    pts = sites.to_crs(crs_m)
    zones = demand.geometry.to_crs(crs_m).centroid
    tree = cKDTree(np.column_stack([zones.x.to_numpy(), zones.y.to_numpy()]))
    xy = np.column_stack([pts.geometry.centroid.x.to_numpy(), pts.geometry.centroid.y.to_numpy()])
    pop = demand["population"].to_numpy(dtype=np.float64)
    near = tree.query_ball_point(xy, r=radius_m)
    total = np.array([pop[idx].sum() if idx else 0.0 for idx in near], dtype=np.float64)
    return total / (math.pi * radius_m**2 / 1e6)


def planning_geography(
    scenario: Scenario,
    inputs: StudyInputs,
    candidates: gpd.GeoDataFrame,
    pile_sites: gpd.GeoDataFrame,
    demand: gpd.GeoDataFrame,
    candidate_nodes: npt.NDArray[np.int64],
    *,
    progress: Progress,
) -> PlanningGeography:
    """Substations and reach, intercity trips and site densities for ``scenario``."""
    out = PlanningGeography()
    if not uses_planning_model(scenario):
        return out
    crs_m = inputs.net.crs_m
    out.station_density_per_km2 = site_density_per_km2(candidates.geometry, demand, crs_m=crs_m)
    out.pile_density_per_km2 = site_density_per_km2(pile_sites.geometry, demand, crs_m=crs_m)
    if scenario.grid_mode != "off":
        by_kv = {float(k): float(v) for k, v in scenario.headroom_kw_by_kv.items()} or None
        if scenario.substations_file is not None:
            subs = grid_mod.substations_from_file(
                scenario.substations_file,
                study_area=inputs.study_area,
                headroom_by_kv=by_kv,
                default_headroom_kw=scenario.default_headroom_kw,
                crs=scenario.crs_of("substations_file"),
            )
        else:
            subs = grid_mod.substations_from_features(
                inputs.features,
                study_area=inputs.study_area,
                headroom_by_kv=by_kv,
                default_headroom_kw=scenario.default_headroom_kw,
                source=f"{inputs.data_source['label']}: power=substation",
            )
        subs = _apply_headroom_overrides(subs, scenario.substation_headroom_kw)
        if subs.empty and scenario.substations_file is not None:
            warn(
                f"substations file {scenario.substations_file.name}: no substation left after the headroom "
                "overrides; the grid headroom family is off for this run."
            )
        elif subs.empty:
            warn(
                "no substations in the study area (no OSM power=substation and no substations_file): "
                "the grid headroom family is off for this run; give substations_file to use it."
            )
        else:
            out.substations = subs
            out.reach = grid_mod.grid_reach(
                candidates,
                subs,
                crs_m=crs_m,
                max_distance_m=scenario.max_grid_distance_m,
                mode=scenario.grid_mode,
            )
            _check_locked_reach(scenario, candidates, out.reach)
            progress(
                f"grid: {len(subs)} substations, {int((~out.reach.unreachable).sum()):,} of "
                f"{len(candidates):,} candidates within {scenario.max_grid_distance_m:,.0f} m"
            )
    if scenario.corridors:
        seats = _seats(inputs)
        if seats is None or len(seats) < 1:
            warn(
                "corridors: no county seats in the study area (they come from the counties layer and "
                "geodata/guangan_seats.csv); the corridor family is off for this run."
            )
        else:
            cities = (
                corridors_mod.cities_from_file(
                    scenario.corridor_cities_file, crs=scenario.crs_of("corridor_cities_file")
                )
                if scenario.corridor_cities_file is not None
                else corridors_mod.default_cities()
            )
            evs = float(demand["fast_demand_ev"].sum())
            data = corridors_mod.corridor_data(
                inputs.net,
                seats=seats,
                cities=cities,
                study_area=inputs.study_area,
                candidate_nodes=candidate_nodes,
                total_trips_per_day=evs * scenario.trips_per_ev_day,
                range_km=scenario.range_km,
                start_charge_share=scenario.start_charge_share,
                access_m=scenario.corridor_access_m,
                beta=scenario.gravity_beta,
            )
            if len(data.trips):
                out.corridors = data
                progress(
                    f"corridors: {len(data.trips)} intercity trips, "
                    f"{float(data.trips['flow_ev_trips_per_day'].sum()):,.0f} EV trips per day, "
                    f"{data.checkpoints.shape[0]:,} checkpoint rows"
                )
    return out


def _check_locked_reach(scenario: Scenario, candidates: gpd.GeoDataFrame, reach: grid_mod.GridReach) -> None:
    """Raise for locked sites no substation can feed, named by the user's file and id."""
    locked = candidates["locked"].to_numpy(dtype=bool)
    far = np.flatnonzero(locked & np.asarray(reach.unreachable, dtype=bool))
    if far.size:
        names = [str(candidates["source"].iloc[j]) for j in far[:10]]
        raise InfeasibleError(
            f"{len(far)} locked site(s) have no substation within max_grid_distance_m = "
            f"{scenario.max_grid_distance_m:,.0f} m: {'; '.join(names)}. Check their coordinates, give "
            "substations_file with the substations that feed them, raise max_grid_distance_m or set "
            'grid_mode = "cost".'
        )


def _seats(inputs: StudyInputs) -> gpd.GeoDataFrame | None:
    """County seats inside the study area (from the counties layer and geodata/guangan_seats.csv)."""

    if inputs.counties is None or inputs.counties.empty:
        return None
    try:
        seats = corridors_mod.seats_from_geodata(inputs.counties)
    except InputDataError as exc:
        warn(f"corridors: {exc}")
        return None
    inside = seats.geometry.within(inputs.study_area.buffer(0.01))
    return seats[inside.to_numpy()].reset_index(drop=True)


def _apply_headroom_overrides(subs: gpd.GeoDataFrame, overrides: dict[str, int]) -> gpd.GeoDataFrame:
    """Set ``headroom_kw`` of substations named in ``overrides`` (by id or name)."""
    if not overrides or subs.empty:
        return subs
    subs = subs.copy()
    used: set[str] = set()
    for key, kw in overrides.items():
        hit = (subs["substation_id"].astype(str) == key) | (subs["name"].astype(str) == key)
        if hit.any():
            subs.loc[hit, "headroom_kw"] = float(kw)
            subs.loc[hit, "headroom_source"] = "scenario"
            used.add(key)
    unknown = sorted(set(overrides) - used)
    if unknown:
        warn(
            f"substation_headroom_kw names no substation for {', '.join(unknown)}; use the substation_id "
            "or name of the substations layer."
        )
    return subs


def _county_caps(
    scenario: Scenario,
    counties: gpd.GeoDataFrame | None,
    total: int,
    minimums: npt.NDArray[np.int64],
    overrides: dict[str, int],
) -> npt.NDArray[np.int64]:
    """Cap per county: ceil(county_max_share * population share * total), at least the minimum."""
    if counties is None or counties.empty:
        return np.zeros(0, dtype=np.int64)
    n = len(counties)
    big = np.iinfo(np.int32).max
    if scenario.county_max_share <= 0:
        caps = np.full(n, big, dtype=np.int64)
    else:
        pop = counties["population"].to_numpy(dtype=float)
        share = pop / pop.sum() if pop.sum() > 0 else np.full(n, 1.0 / n)
        caps = np.ceil(scenario.county_max_share * share * total - 1e-9).astype(np.int64)
    if minimums.size:
        caps = np.maximum(caps, minimums[: caps.size])  # a default cap never undercuts the minimum
    for c, row in counties.reset_index(drop=True).iterrows():
        names = {str(row["county_id"]), str(row.get("name_zh", "")), str(row.get("name_en", ""))}
        explicit = [v for k, v in overrides.items() if k in names]
        if explicit:
            caps[int(c)] = explicit[0]  # an explicit cap stands; check_planning reports a conflict
    return caps


def planning_from_scenario(scenario: Scenario, prepared: Prepared, data: ModelData) -> Planning | None:
    """The :class:`~siting.model.extended.Planning` of ``scenario`` (None when every family is off)."""
    if not uses_planning_model(scenario):
        return None
    geo = prepared.planning
    station_rural = geo.station_density_per_km2 < scenario.urban_density_per_km2
    pile_rural = geo.pile_density_per_km2 < scenario.urban_density_per_km2
    if not population_is_absolute(prepared.population_basis):
        warn(
            "urban/rural classification and the rural minimum are off: the population is a relative index, "
            "so densities mean nothing; give population_total, a counties file with population, or "
            "population_raster to turn them on."
        )
        scenario = scenario.replace(rural_min_share_stations=0.0, rural_min_share_piles=0.0)
        station_rural = np.zeros_like(station_rural)
        pile_rural = np.zeros_like(pile_rural)
    return Planning(
        stages=_stages(scenario, prepared.counties, data),
        queue=_queue(scenario),
        grid=_grid(scenario, geo),
        corridors=_corridors(scenario, geo),
        station_rural=station_rural,
        pile_rural=pile_rural,
    )


def population_is_absolute(population_basis: str) -> bool:
    """True when the population counts people (census, raster, ``population_total``, a user's layer).

    Only then do residents per km² mean something, and with them the urban/rural classification.
    """
    return not population_basis.startswith("relative index")


def _stages(scenario: Scenario, counties: gpd.GeoDataFrame | None, data: ModelData) -> list[Stage]:
    """The first stage (the base model's targets and minimums) and each later stage."""
    specs: list[tuple[str, int, int, float]] = [
        (scenario.stage_name, scenario.n_stations, scenario.n_piles, scenario.ev_per_1000_people)
    ]
    specs += list(
        zip(
            scenario.later_stages,
            scenario.later_stage_stations,
            scenario.later_stage_piles,
            scenario.later_stage_ev_per_1000_people,
            strict=True,
        )
    )
    pile_capacity = np.asarray(data.pile_capacity, dtype=np.int64)
    factors = [1.0, *(scenario.later_stage_headroom_factor or [1.0] * len(scenario.later_stages))]
    stages: list[Stage] = []
    for k, (name, n_st, n_pi, ev_rate) in enumerate(specs):
        if k == 0:
            min_st = np.asarray(data.county_min_stations, dtype=np.int64)
            min_pi = np.asarray(data.county_min_piles, dtype=np.int64)
        else:
            min_st = county_minimums(
                scenario,
                counties,
                data.station_county,
                np.ones(data.n_candidates, dtype=np.int64),
                n_st,
                scenario.county_min_stations,
                "stations",
            )
            min_pi = county_minimums(
                scenario,
                counties,
                data.pile_county,
                pile_capacity,
                n_pi,
                scenario.county_min_piles,
                "piles",
            )
        stages.append(
            Stage(
                name=name,
                n_stations=int(n_st),
                n_piles=int(n_pi),
                demand_factor=float(ev_rate) / float(scenario.ev_per_1000_people),
                terminal_quota=int(data.terminal_quota),
                county_min_stations=min_st,
                county_min_piles=min_pi,
                county_max_stations=_county_caps(
                    scenario, counties, n_st, min_st, scenario.county_max_stations
                ),
                county_max_piles=_county_caps(scenario, counties, n_pi, min_pi, scenario.county_max_piles),
                rural_min_stations=math.floor(scenario.rural_min_share_stations * n_st + 1e-9),
                rural_min_piles=math.floor(scenario.rural_min_share_piles * n_pi + 1e-9),
                headroom_factor=float(factors[k]),
            )
        )
    return stages


def _queue(scenario: Scenario) -> Queue:
    """Charger sizing: the M/M/c capacity table between the charger bounds (fixed at the minimum if off)."""
    lo = scenario.min_chargers
    hi = scenario.max_chargers if scenario.size_chargers else scenario.min_chargers
    return Queue(
        arrivals_per_ev_h=scenario.fast_sessions_per_ev_day * scenario.peak_hour_share,
        min_chargers=int(lo),
        max_chargers=int(hi),
        capacity_per_h=capacity_table(
            min_chargers=int(lo),
            max_chargers=int(hi),
            session_min=scenario.session_min,
            max_wait_min=scenario.max_wait_min,
            wait_probability=scenario.wait_probability,
        ),
        charger_kw=scenario.charger_kw,
        charger_weight=scenario.charger_weight,
        session_min=scenario.session_min,
        max_wait_min=scenario.max_wait_min,
        wait_probability=scenario.wait_probability,
    )


def _grid(scenario: Scenario, geo: PlanningGeography) -> Grid | None:
    """Grid headroom and reach (None with ``grid_mode = "off"`` or no substations)."""
    if scenario.grid_mode == "off" or geo.reach is None or geo.substations is None:
        return None
    return Grid(
        distance_m=geo.reach.distance_m,
        excess_km=geo.reach.excess_m / 1000.0,
        headroom_kw=geo.substations["headroom_kw"].to_numpy(dtype=np.float64),
        cost_per_km=scenario.grid_cost_per_km,
    )


def _corridors(scenario: Scenario, geo: PlanningGeography) -> Corridors | None:
    """Corridor trips and checkpoint rows (None when corridors are off or there are none)."""
    if not scenario.corridors or geo.corridors is None:
        return None
    trips = geo.corridors.trips
    return Corridors(
        checkpoints=geo.corridors.checkpoints,
        row_trip=np.asarray(geo.corridors.row_trip, dtype=np.int64),
        flow=trips["flow_ev_trips_per_day"].to_numpy(dtype=np.float64),
        coverable=trips["coverable"].to_numpy(dtype=bool),
        weight=scenario.weight_corridor,
    )
