"""The geographic inputs of a plan (:class:`~siting.study.StudyInputs`), from one of three sources.

* :func:`inputs_from_synthetic` — the synthetic Guang'an (offline demo, always labelled synthetic);
* :func:`inputs_from_osm_file` — a local ``.osm`` / ``.osm.bz2`` / ``.osm.pbf`` extract;
* :func:`inputs_from_live_osm` — live OpenStreetMap through osmnx (cached for the next run).

Each finishes the road graph the same way (travel times, largest strongly connected component, CSR
form) and reads the scenario's counties file when it has one.  Layer: above :mod:`siting.study` (whose
container it fills) and the data side, below :mod:`siting.prepare`.
"""

from __future__ import annotations

import difflib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from siting import network, osm
from siting._errors import InputDataError, ScenarioError
from siting._typing import Progress, silent
from siting._validate import Problems, check_duplicate_ids, rows_text
from siting._warnings import warn
from siting.progress import bar as progress_bar
from siting.scenario import VALUE_RANGES, Scenario
from siting.study import StudyInputs
from siting.synthetic import SOURCE_LABEL, SOURCE_LABEL_ZH, synthetic_city, synthetic_guangan

__all__ = [
    "inputs_from_live_osm",
    "inputs_from_osm_file",
    "inputs_from_synthetic",
    "inputs_from_synthetic_city",
]


def inputs_from_synthetic(
    scenario: Scenario, *, seed: int = 0, scale: float = 1.0, progress: Progress = silent
) -> StudyInputs:
    """Geographic inputs from the synthetic Guang'an (see :mod:`siting.synthetic`)."""
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
        data_source=_synthetic_source(seed, scale),
        component_report=report,
    )


def inputs_from_synthetic_city(
    boundary: Path,
    population: int,
    *,
    area_id: str = "area",
    seed: int = 0,
    scale: float = 1.0,
    progress: Progress = silent,
) -> StudyInputs:
    """Geographic inputs of a synthetic city made for ``boundary`` (:func:`siting.synthetic.synthetic_city`).

    Its synthetic districts stand in for counties; no scenario file (boundary, counties, terminals) is read.
    """
    shape = osm.boundary_from_file(boundary)
    progress(f"generating a synthetic city for {boundary.name} (not real roads)")
    city = synthetic_city(shape, population, area_id=area_id, seed=seed, scale=scale)
    G, net, report = _finish_graph(city.graph, progress)
    return StudyInputs(
        graph=G,
        net=net,
        features=city.features,
        study_area=shape.geometry.iloc[0],
        counties=city.counties,
        terminals=city.terminals,
        data_source=_synthetic_source(seed, scale, boundary=boundary.name, population=population),
        component_report=report,
    )


def _synthetic_source(seed: int, scale: float, **extra: Any) -> dict[str, Any]:
    """The ``data_source`` of inputs made by a synthetic generator (labelled synthetic everywhere)."""
    return {
        "kind": "synthetic",
        "label": SOURCE_LABEL,
        "label_zh": SOURCE_LABEL_ZH,
        "date": None,
        "path": None,
        "seed": seed,
        "scale": scale,
        **extra,
    }


def inputs_from_osm_file(
    scenario: Scenario,
    path: Path,
    *,
    boundary: Path | None = None,
    progress: Progress = silent,
    keep_components: bool = False,
) -> StudyInputs:
    """Geographic inputs from a local OSM extract, clipped to ``boundary`` when given.

    Without a boundary the extract's own extent is the study area and the scenario's boundary file is not
    used (it describes Guang'an, not the extract).  Disconnected road parts of at least
    :data:`siting.network.LARGE_PART_SHARE` of the nodes are named in a warning; ``keep_components`` keeps
    them as separate islands (each island's demand is covered by its own stations).
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
        G, net, report = _finish_graph(G, progress, keep_components=keep_components)
        advance(1)
        study_area = area if area is not None else _extent(G)
        if area is not None:
            check_study_area(area, net, source=f"--boundary {boundary} with {path.name}")
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
    scenario: Scenario, *, boundary: Path | None = None, progress: Progress = silent
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
        check_study_area(area, net, source="the study area", roads=False)
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


#: Widest study area, in degrees of longitude or latitude: it is measured in one UTM zone (6° wide).
MAX_SPAN_DEG = 20.0
#: Largest ratio of a boundary's area to the area its roads cover (their hull plus 2 km).
MAX_AREA_PER_ROAD_AREA = 4.0


def check_study_area(
    area: BaseGeometry, net: network.RoadNetwork, *, source: str, roads: bool = True
) -> None:
    """Refuse a study area that cannot be measured in one UTM zone, or (``roads``) far larger than its roads.

    A boundary much larger than the extract's roads puts demand where no road reaches: it would count as
    uncovered, and a world-sized area projected to one UTM zone degenerates (and fills memory).
    """
    west, south, east, north = area.bounds
    if east - west > MAX_SPAN_DEG or north - south > MAX_SPAN_DEG or max(abs(south), abs(north)) > 84:
        raise InputDataError(
            f"{source}: the study area spans {east - west:.1f}° of longitude and {north - south:.1f}° of "
            f"latitude ({west:.2f}..{east:.2f}°E, {south:.2f}..{north:.2f}°N); the planner measures it in "
            f"one UTM zone ({net.crs_m}) and takes areas up to {MAX_SPAN_DEG:g}° across, within 84° of the "
            "equator. Give a smaller boundary (a city or a county)."
        )
    if not roads or len(net.lon) < 3:
        return
    to_m = pyproj.Transformer.from_crs(4326, net.crs_m, always_xy=True)
    x, y = to_m.transform(net.lon, net.lat)
    covered = shapely.MultiPoint(np.column_stack([x, y])).convex_hull.buffer(2000.0)
    area_m = shapely.transform(area, lambda xy: np.column_stack(to_m.transform(xy[:, 0], xy[:, 1])))
    ratio = area_m.area / covered.area
    if ratio > MAX_AREA_PER_ROAD_AREA:
        raise InputDataError(
            f"{source}: the study area ({area_m.area / 1e6:,.0f} km²) is {ratio:,.0f} times the area the "
            f"extract's roads cover ({covered.area / 1e6:,.0f} km² within 2 km of them); its demand beyond "
            "the roads would count as uncovered. Clip the boundary to the extract, or use an extract that "
            "covers the boundary."
        )


def _finish_graph(
    G: nx.MultiDiGraph, progress: Progress, *, keep_components: bool = False
) -> tuple[nx.MultiDiGraph, network.RoadNetwork, network.ComponentReport]:
    """Travel times, the largest strongly connected component (or every large one) and the CSR form."""
    G = network.add_travel_times(G)
    G, report = network.largest_strong_component(G, keep_large=keep_components)
    progress(f"road network: {report}")
    for part in report.large_parts:
        warn(str(part))
    net = network.road_network_from_graph(G)
    return G, net, report


def _read_counties(scenario: Scenario, study_area: BaseGeometry) -> gpd.GeoDataFrame | None:
    """The scenario's counties file clipped to ``study_area`` (None without a file or a county inside)."""
    if scenario.counties_file is None:
        _check_county_keys(scenario, None)
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
    path = scenario.counties_file
    pop = pd.to_numeric(counties["population"], errors="coerce")
    top = VALUE_RANGES["population_total"].hi
    bad = np.flatnonzero((pop.isna() | (pop < 0) | ~np.isfinite(pop.fillna(0.0)) | (pop > top)).to_numpy())
    problems = Problems()
    if bad.size:
        problems.add(
            f"counties file {path}: 'population' is missing, negative, not a number or above {top:,.0f} in "
            f"row(s) {rows_text(bad + 1)}; give each county's resident population (0..{top:,.0f})."
        )
    check_duplicate_ids(counties, ["county_id"], what="counties", path=path, problems=problems)
    problems.raise_if_any()
    counties = counties.to_crs(4326)
    counties["county_id"] = counties["county_id"].astype(str)
    if "name" in counties.columns and "name_en" not in counties.columns:
        counties["name_en"] = counties["name"].astype(str)  # a plain 'name' column names the county too
    for col in ("name_zh", "name_en"):
        if col not in counties.columns:
            counties[col] = counties["county_id"]
    _check_county_keys(scenario, counties)
    counties = counties[counties.intersects(study_area)].reset_index(drop=True)
    return counties if not counties.empty else None


#: Scenario tables keyed by county (id, Chinese or English name).
COUNTY_KEYS = ("county_min_stations", "county_min_piles", "county_max_stations", "county_max_piles")


def _check_county_keys(scenario: Scenario, counties: gpd.GeoDataFrame | None) -> None:
    """Raise when a county named in the scenario's county tables matches no county (with a did-you-mean)."""
    named = [(key, name) for key in COUNTY_KEYS for name in getattr(scenario, key)]
    if not named:
        return
    if counties is None:
        raise ScenarioError(
            f"'{named[0][0]}' names counties ({', '.join(n for _, n in named)}) but the scenario has no "
            "counties_file; give one or remove the county table."
        )
    known = [str(v) for col in ("county_id", "name_zh", "name_en") for v in counties[col]]
    problems = Problems()
    for key, name in named:
        ids = sorted(
            {
                str(i)
                for col in ("county_id", "name_zh", "name_en")
                for i in counties.loc[counties[col] == name, "county_id"]
            }
        )
        if len(ids) > 1:
            problems.add(
                f"'{key}.{name}' matches {len(ids)} counties of {scenario.counties_file} (county_id "
                f"{', '.join(ids)}); name the county by its county_id."
            )
        elif name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else f"use a county_id or name from {scenario.counties_file}."
            )
            problems.add(f"'{key}.{name}' matches no county of {scenario.counties_file}; {hint}")
    problems.raise_if_any(ScenarioError)


def _extent(G: nx.MultiDiGraph) -> BaseGeometry:
    """The extract's own extent: convex hull of its road nodes (buffered 50 m)."""
    xs = np.fromiter((d["x"] for _, d in G.nodes(data=True)), dtype=np.float64)
    ys = np.fromiter((d["y"] for _, d in G.nodes(data=True)), dtype=np.float64)
    hull = shapely.convex_hull(shapely.multipoints(np.column_stack([xs, ys])))
    series = gpd.GeoSeries([hull], crs=4326)
    crs_m = series.estimate_utm_crs()
    out: BaseGeometry = series.to_crs(crs_m).buffer(50).to_crs(4326).iloc[0]
    return out
