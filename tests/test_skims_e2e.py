"""A transport-model skim end to end through the command line (``siting demo --zones Z --skim S``).

The study area is the small synthetic one of the golden tests (two counties of the synthetic Guang'an).  Its
zones are a 1.5 km grid; the skim holds the road network's own drive times between the zones' centres (their
road nodes, where the planner snaps each zone, plus centroid connectors), written as an OpenMatrix file.
Two plans on the same zones: one with the road network's times (``--zones`` alone), one with the skim
(``--zones --skim``).

What must hold: the skim plan's coverage is exactly what the skim says for its stations (recomputed here
from the file, each station in the zone that contains it), and it is close to the road-network plan's.  The
two are not identical, and the difference is explained: the skim measures a station's time from its zone's
centre, the road network from the station itself (a few minutes either way inside a 1.5 km zone), and a
station in one's own zone counts as 0 minutes.  Measured: 40.7 % with the skim, 48.5 % on the roads.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import openmatrix
import pandas as pd
import pyogrio
import pytest
import shapely
from _golden import regenerate_module
from scipy.sparse.csgraph import dijkstra

from siting import matrices
from siting import pipeline as plan_mod
from siting.cli import main

ZONE_M = 1500.0
#: Largest difference (percentage points of EVs covered) between the skim plan and the road plan.
TOLERANCE_PP = 10.0


@pytest.fixture(scope="module")
def inputs() -> Any:
    """The golden tests' small synthetic study area (built once for the module)."""
    from siting.scenario import scenario_from_toml

    return regenerate_module().study_inputs(scenario_from_toml())


def _zones(inputs: Any, path: Path) -> gpd.GeoDataFrame:
    """A ``ZONE_M`` grid over the study area, clipped to it, with integer zone ids 1..n."""
    crs_m = inputs.net.crs_m
    area = gpd.GeoSeries([inputs.study_area], crs=4326).to_crs(crs_m).iloc[0]
    x0, y0, x1, y1 = area.bounds
    xs, ys = np.meshgrid(np.arange(x0, x1, ZONE_M), np.arange(y0, y1, ZONE_M))
    boxes = shapely.box(xs.ravel(), ys.ravel(), xs.ravel() + ZONE_M, ys.ravel() + ZONE_M)
    cells = gpd.GeoSeries(boxes, crs=crs_m).intersection(area)
    cells = cells[cells.area > 1e5].reset_index(drop=True)
    zones = gpd.GeoDataFrame({"zone_id": np.arange(1, len(cells) + 1)}, geometry=cells, crs=crs_m).to_crs(
        4326
    )
    zones.to_file(path, driver="GPKG")
    return zones


def _skim(inputs: Any, zones: gpd.GeoDataFrame, path: Path) -> np.ndarray:
    """The road network's drive times (min) between the zones' centres, as an OMX file.

    Like a transport model's centroid connectors, each end adds the straight stretch from the zone's
    centre to its road node at the planner's off-network speed (15 km/h).
    """
    snap = matrices.snap_points(inputs.net, zones.geometry)
    seconds = dijkstra(inputs.net.time_s, directed=True, indices=snap.node)[:, snap.node]
    connector_min = snap.snap_m / (15_000.0 / 60.0)
    minutes = seconds / 60.0 + connector_min[:, None] + connector_min[None, :]
    np.fill_diagonal(minutes, 0.0)
    with openmatrix.open_file(str(path), "w") as f:
        f["drive_time"] = minutes
        f.create_mapping("taz", [int(z) for z in zones["zone_id"]])
    return minutes


def _run(out: Path, *extra: str) -> dict[str, Any]:
    args = ["--quiet", "demo", "--stations", "8", "--piles", "200", "--first-stage-only"]
    args += ["--time-limit", "60", "--map-dir", "", "--out", str(out), *extra]
    assert main(args) == 0
    kpis = pd.read_csv(out / "kpis.csv")
    return {
        "kpis": dict(zip(kpis["kpi"], kpis["value"], strict=True)),
        "stations": pyogrio.read_dataframe(out / "plan.gpkg", layer="stations"),
        "demand": pyogrio.read_dataframe(out / "plan.gpkg", layer="demand"),
        "manifest": json.loads((out / "manifest.json").read_text(encoding="utf-8")),
    }


def test_skim_plan_matches_its_skim_and_the_road_network(
    tmp_path: Path, inputs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the real pipeline on a smaller real synthetic study area than the demo's whole city
    monkeypatch.setattr(plan_mod, "inputs_from_synthetic", lambda scenario, **_: inputs)
    zones = _zones(inputs, tmp_path / "zones.gpkg")
    minutes = _skim(inputs, zones, tmp_path / "skim.omx")

    road = _run(tmp_path / "road", "--zones", str(tmp_path / "zones.gpkg"))
    skim = _run(
        tmp_path / "skim", "--zones", str(tmp_path / "zones.gpkg"), "--skim", str(tmp_path / "skim.omx")
    )

    # same zones, same people in both plans
    assert len(skim["demand"]) == len(road["demand"])
    assert skim["demand"]["population"].sum() == pytest.approx(road["demand"]["population"].sum())
    assert skim["manifest"]["scenario"]["skim_file"].endswith("skim.omx")
    assert skim["manifest"]["population_basis"] == "census by county, shared by zone area"

    # the skim plan covers exactly what the skim file says for its stations
    stations = skim["stations"].to_crs(4326)
    in_zone = gpd.sjoin(stations, zones[["zone_id", "geometry"]], predicate="within")
    station_zone = (in_zone["zone_id"].to_numpy() - 1).astype(int)
    skim_demand = skim["demand"].to_crs(4326)
    at = gpd.GeoDataFrame(geometry=skim_demand.representative_point(), crs=4326)
    demand_zone = gpd.sjoin(at, zones[["zone_id", "geometry"]], predicate="within").sort_index()
    assert len(demand_zone) == len(skim_demand)
    rows = demand_zone["zone_id"].to_numpy().astype(int) - 1
    covered = (minutes[np.ix_(rows, station_zone)] <= 10.0).any(axis=1)
    ev = skim_demand["fast_demand_ev"].to_numpy()
    assert float(skim["kpis"]["fast_covered_share"]) == pytest.approx(ev[covered].sum() / ev.sum(), abs=2e-3)

    # and is close to the road-network plan: the difference is the station's place inside its zone
    gap_pp = 100 * abs(float(skim["kpis"]["fast_covered_share"]) - float(road["kpis"]["fast_covered_share"]))
    assert gap_pp <= TOLERANCE_PP, f"skim and road plans differ by {gap_pp:.1f} percentage points"
