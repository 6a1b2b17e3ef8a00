"""The prepare cache: one folder per prepared study area, addressed by a hash of everything it depends on.

:func:`prepare_key` hashes the area's road source (file contents, synthetic seed and scale), its boundary,
the scenario values the prepare step reads (every key except :data:`SOLVE_ONLY_KEYS`, with files by their
contents), whether the planning families are on, the package's version and source files (a changed
planner never reads an old cache) and :data:`CACHE_FORMAT`.  Two tasks
with the same key get the same prepared inputs, so the step runs once per key.

A cache folder ``<cache>/<key>/`` (written atomically by :func:`save_prepared`) holds, with no pickles:

``*.parquet``
    the GeoDataFrames (candidates, pile sites, terminals, demand, counties, substations, corridor trips and
    endpoints) as GeoParquet, which keeps column types and the index exactly;
``*.npz``
    the sparse matrices (:func:`scipy.sparse.save_npz`) and the arrays (road network, grid reach, corridor
    rows and paths, site densities) in one ``arrays.npz``;
``meta.json``
    the texts and numbers (population basis, warnings, data source, component report, CRS, corridor
    assumptions, timings) and ``prepare_s``, the wall time of the step.

:func:`load_prepared` rebuilds :class:`~siting.study.StudyInputs` and :class:`~siting.study.Prepared`.  The
inputs it returns carry what the solve step reads (road network, study area, counties, terminals, data
source, component report, the major roads as ``roads.parquet``); their road graph and OSM features are
empty.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from dataclasses import asdict, fields
from importlib import metadata
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import scipy.sparse as sp
import shapely

from siting import network
from siting._errors import InputDataError
from siting._io import atomic_folder
from siting.batch.spec import Area
from siting.corridors import CorridorData
from siting.grid import GridReach
from siting.planning import uses_planning_model
from siting.roads import major_roads_from_graph
from siting.scenario import SOLVE_ONLY_KEYS, Scenario
from siting.study import PlanningGeography, Prepared, StudyInputs

__all__ = ["CACHE_FORMAT", "SOLVE_ONLY_KEYS", "load_prepared", "prepare_key", "save_prepared"]

#: Bump when the layout of a cache folder changes (old folders are then never read).
CACHE_FORMAT = 1


_FRAMES = ("candidates", "pile_sites", "terminals", "demand")
_MATRICES = ("fast_time_min", "terminal_dist_m", "walk_dist_m")


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@functools.cache
def _code_digest() -> str:
    """A hash of the package's own source files and version: any change of the code makes new keys."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    with contextlib.suppress(metadata.PackageNotFoundError):  # not installed: a source tree
        h.update(metadata.version("guangan-ev-siting").encode("utf-8"))
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode("utf-8"))
        h.update(path.read_bytes())
    return h.hexdigest()


def prepare_key(area: Area, scenario: Scenario) -> str:
    """The cache key (24 hex digits) of ``area`` prepared under ``scenario``."""
    values: dict[str, Any] = {}
    for key, value in sorted(scenario.to_dict().items()):
        if key in SOLVE_ONLY_KEYS:
            continue
        path = getattr(scenario, key)
        values[key] = _file_digest(path) if isinstance(path, Path) else value
    source: dict[str, Any] = (
        {"synthetic": True, "seed": area.seed, "scale": area.scale}
        if area.osm_file is None
        else {"osm_file": _file_digest(area.osm_file)}
    )
    if area.population is not None:  # a synthetic city of its own (keys of other areas unchanged)
        source["population"] = area.population
    payload = {
        "format": CACHE_FORMAT,
        "code": _code_digest(),
        "source": source,
        "boundary": _file_digest(area.boundary) if area.boundary is not None else None,
        "scenario": values,
        "planning_model": uses_planning_model(scenario),
    }
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _save_frame(gdf: gpd.GeoDataFrame | None, folder: Path, name: str) -> None:
    if gdf is not None:
        gdf.to_parquet(folder / f"{name}.parquet")


def _load_frame(folder: Path, name: str) -> gpd.GeoDataFrame | None:
    path = folder / f"{name}.parquet"
    return gpd.read_parquet(path) if path.is_file() else None


def _arrays(inputs: StudyInputs, prepared: Prepared) -> dict[str, np.ndarray]:
    net, geo = inputs.net, prepared.planning
    arrays: dict[str, np.ndarray] = {
        f"net_{n}": getattr(net, n) for n in ("node_ids", "lon", "lat", "x_m", "y_m", "road_rank")
    }
    arrays["station_density_per_km2"] = geo.station_density_per_km2
    arrays["pile_density_per_km2"] = geo.pile_density_per_km2
    if geo.reach is not None:
        arrays["reach_unreachable"] = geo.reach.unreachable
    if geo.corridors is not None:
        arrays["corridor_row_trip"] = geo.corridors.row_trip
        paths = geo.corridors.paths
        arrays["corridor_path_lengths"] = np.array([len(p) for p in paths], dtype=np.int64)
        arrays["corridor_path_nodes"] = (
            np.concatenate(paths).astype(np.int64) if paths else np.zeros(0, dtype=np.int64)
        )
    return arrays


def _matrices(inputs: StudyInputs, prepared: Prepared) -> dict[str, sp.csr_matrix]:
    out = {name: getattr(prepared, name) for name in _MATRICES}
    out["net_time_s"], out["net_length_m"] = inputs.net.time_s, inputs.net.length_m
    reach, corridors = prepared.planning.reach, prepared.planning.corridors
    if reach is not None:
        out |= {f"reach_{n}": getattr(reach, n) for n in ("distance_m", "beyond_reach", "excess_m")}
    if corridors is not None:
        out["corridor_checkpoints"] = corridors.checkpoints
    return out


def _meta(inputs: StudyInputs, prepared: Prepared, prepare_s: float, warnings: list[str]) -> dict[str, Any]:
    net, geo = inputs.net, prepared.planning
    report = inputs.component_report
    return {
        "format": CACHE_FORMAT,
        "prepare_s": round(prepare_s, 3),
        "population_basis": prepared.population_basis,
        "timings_s": prepared.timings_s,
        "warnings": list(warnings),
        "data_source": inputs.data_source,
        "component_report": asdict(report) if report is not None else None,
        "study_area_wkb": shapely.to_wkb(inputs.study_area, hex=True),
        "net": {n: getattr(net, n) for n in ("crs_m", "source_label", "source_label_zh", "data_date")},
        "reach": {"max_distance_m": geo.reach.max_distance_m, "mode": geo.reach.mode} if geo.reach else None,
        "corridors": (
            {"warnings": geo.corridors.warnings, "assumptions": geo.corridors.assumptions}
            if geo.corridors is not None
            else None
        ),
    }


def save_prepared(
    folder: Path,
    inputs: StudyInputs,
    prepared: Prepared,
    *,
    prepare_s: float = 0.0,
    warnings: list[str] | None = None,
) -> Path:
    """Write the prepared inputs of one study area into the new cache folder ``folder`` (atomically).

    ``warnings`` are those raised while the inputs were read and prepared (:func:`siting._warnings.collect`);
    each solve task raises them again, so every plan's manifest lists them as a run alone would.
    """
    with atomic_folder(folder) as tmp:
        for name in _FRAMES:
            _save_frame(getattr(prepared, name), tmp, name)
        _save_frame(prepared.counties, tmp, "counties")
        roads = inputs.roads if inputs.roads is not None else major_roads_from_graph(inputs.graph)
        _save_frame(roads, tmp, "roads")  # the graph is not cached: its major roads are
        _save_frame(prepared.planning.substations, tmp, "substations")
        if prepared.planning.corridors is not None:
            _save_frame(prepared.planning.corridors.trips, tmp, "corridor_trips")
            _save_frame(prepared.planning.corridors.endpoints, tmp, "corridor_endpoints")
        for name, matrix in _matrices(inputs, prepared).items():
            sp.save_npz(tmp / f"{name}.npz", sp.csr_matrix(matrix), compressed=False)
        np.savez(tmp / "arrays.npz", allow_pickle=False, **_arrays(inputs, prepared))
        meta = _meta(inputs, prepared, prepare_s, warnings or [])
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


def _matrix(folder: Path, name: str) -> sp.csr_matrix:
    return sp.csr_matrix(sp.load_npz(folder / f"{name}.npz"))


def _planning(folder: Path, meta: dict[str, Any], arrays: Any) -> PlanningGeography:
    geo = PlanningGeography(
        substations=_load_frame(folder, "substations"),
        station_density_per_km2=arrays["station_density_per_km2"],
        pile_density_per_km2=arrays["pile_density_per_km2"],
    )
    if meta["reach"] is not None:
        geo.reach = GridReach(
            distance_m=_matrix(folder, "reach_distance_m"),
            beyond_reach=_matrix(folder, "reach_beyond_reach"),
            excess_m=_matrix(folder, "reach_excess_m"),
            unreachable=arrays["reach_unreachable"],
            max_distance_m=float(meta["reach"]["max_distance_m"]),
            mode=str(meta["reach"]["mode"]),
        )
    if meta["corridors"] is not None:
        lengths = arrays["corridor_path_lengths"]
        trips, endpoints = _load_frame(folder, "corridor_trips"), _load_frame(folder, "corridor_endpoints")
        if trips is None or endpoints is None:
            raise InputDataError(f"cache folder {folder} is incomplete; delete it and run the batch again.")
        geo.corridors = CorridorData(
            trips=trips,
            checkpoints=_matrix(folder, "corridor_checkpoints"),
            row_trip=arrays["corridor_row_trip"],
            endpoints=endpoints,
            paths=list(np.split(arrays["corridor_path_nodes"], np.cumsum(lengths)[:-1]))
            if lengths.size
            else [],
            warnings=list(meta["corridors"]["warnings"]),
            assumptions=dict(meta["corridors"]["assumptions"]),
        )
    return geo


def load_prepared(folder: Path) -> tuple[StudyInputs, Prepared, dict[str, Any]]:
    """The study inputs (graph and features empty), prepared inputs and ``meta.json`` of a cache folder."""
    meta: dict[str, Any] = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    with np.load(folder / "arrays.npz", allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in npz.files}
    net = network.RoadNetwork(
        **{n: arrays[f"net_{n}"] for n in ("node_ids", "lon", "lat", "x_m", "y_m", "road_rank")},
        time_s=_matrix(folder, "net_time_s"),
        length_m=_matrix(folder, "net_length_m"),
        **meta["net"],
    )
    frames = {name: _load_frame(folder, name) for name in _FRAMES}
    counties = _load_frame(folder, "counties")
    report = meta["component_report"]
    field_names = {f.name for f in fields(network.ComponentReport)}
    inputs = StudyInputs(
        graph=nx.MultiDiGraph(),
        roads=_load_frame(folder, "roads"),
        net=net,
        features=gpd.GeoDataFrame(geometry=[], crs=4326),
        study_area=shapely.from_wkb(meta["study_area_wkb"]),
        counties=counties,
        terminals=frames["terminals"],
        data_source=meta["data_source"],
        component_report=(
            network.ComponentReport(**{k: v for k, v in report.items() if k in field_names})
            if report is not None
            else None
        ),
    )
    prepared = Prepared(
        **frames,
        counties=counties,
        **{name: _matrix(folder, name) for name in _MATRICES},
        population_basis=str(meta["population_basis"]),
        timings_s=dict(meta["timings_s"]),
        planning=_planning(folder, meta, arrays),
    )
    return inputs, prepared, meta
