"""Region-neutral defaults: ``siting plan --osm-file`` outside Guang'an carries no Guang'an assumption.

On the Malta extract (skipped when ``../shared/osm`` lacks it): with no scenario, no later stage, no
corridors, no Guang'an name, no "outside counties" row and no site flagged rural (population is a relative
index); Gozo, a disconnected road part, is named with its size and position.  With a population raster
(written here: dense around Valletta, sparse elsewhere) and ``--keep-components``, rural flags appear where
the raster is sparse, and Gozo is planned as an island covered by its own stations only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import rasterio
import shapely
from rasterio.transform import from_origin

from siting.cli import main
from siting.scenario import neutral_scenario_path, scenario_from_toml

#: Gozo: west of this longitude and north of this latitude (Malta's main island lies south-east).
GOZO_LON, GOZO_LAT = 14.36, 36.01
#: A dense box around Valletta, Sliema and Birkirkara (lon/lat) and the raster's two densities (people/km²).
URBAN_BOX = (14.44, 35.86, 14.52, 35.92)
DENSE, SPARSE = 6000.0, 100.0
RASTER_CELL_DEG = 0.005


def _plan(malta: Path, out: Path, *extra: str, quiet: bool = False) -> dict[str, Any]:
    args = [
        *(["--quiet"] if quiet else []),
        "plan",
        "--osm-file",
        str(malta),
        "--stations",
        "20",
        "--piles",
        "300",
        "--time-limit",
        "60",
    ]
    assert main([*args, "--map-dir", "", "--out", str(out), *extra]) == 0
    kpis = pd.read_csv(out / "kpis.csv")
    return {
        "kpis": dict(zip(kpis["kpi"], kpis["value"], strict=True)),
        "stations": pyogrio.read_dataframe(out / "plan.gpkg", layer="stations"),
        "demand": pyogrio.read_dataframe(out / "plan.gpkg", layer="demand"),
        "by_county": (out / "kpis_by_county.csv").read_text(encoding="utf-8"),
        "manifest": json.loads((out / "manifest.json").read_text(encoding="utf-8")),
    }


def test_the_neutral_scenario_has_no_guangan_assumption() -> None:
    s = scenario_from_toml(neutral_scenario_path())
    assert not s.later_stages and not s.corridors and not s.place
    assert s.rural_min_share_stations == 0 and s.rural_min_share_piles == 0 and s.county_max_share == 0
    assert s.counties_file is None and s.boundary_file is None and s.terminals_file is None


def test_malta_without_a_scenario(
    malta_pbf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = _plan(malta_pbf, tmp_path / "out")
    printed = capsys.readouterr()
    text = printed.out + printed.err
    for guangan in ("Guang'an", "广安", "2030", "corridor"):
        assert guangan not in text, guangan
    scenario = plan["manifest"]["scenario"]
    assert scenario["later_stages"] == [] and scenario["corridors"] is False
    assert scenario["rural_min_share_stations"] == 0
    assert plan["manifest"]["population_basis"].startswith("relative index")
    assert int(plan["kpis"]["rural_stations"]) == 0 and not plan["stations"]["rural"].any()
    assert "outside" not in plan["by_county"]
    assert text.count("urban/rural classification and the rural minimum are off") == 1
    # Gozo is named: its size and where it is
    named = re.search(r"disconnected road part of ([\d,]+) nodes .* around ([\d.]+)°E, ([\d.]+)°N", text)
    assert named is not None
    assert int(named.group(1).replace(",", "")) > 1000
    assert float(named.group(2)) < GOZO_LON and float(named.group(3)) > GOZO_LAT
    at = plan["demand"].to_crs(4326).representative_point()
    assert not ((at.x < GOZO_LON) & (at.y > GOZO_LAT)).any()  # dropped
    assert not (tmp_path / "out" / "kpis_by_island.csv").exists()  # one island: no island table


def _raster(path: Path) -> None:
    """People per cell: ``DENSE`` per km² in :data:`URBAN_BOX`, ``SPARSE`` elsewhere (EPSG:4326 cells)."""
    west, north = 14.1, 36.15
    width, height = int(0.6 / RASTER_CELL_DEG), int(0.45 / RASTER_CELL_DEG)
    lon = west + (np.arange(width) + 0.5) * RASTER_CELL_DEG
    lat = north - (np.arange(height) + 0.5) * RASTER_CELL_DEG
    glon, glat = np.meshgrid(lon, lat)
    x0, y0, x1, y1 = URBAN_BOX
    dense = (glon >= x0) & (glon <= x1) & (glat >= y0) & (glat <= y1)
    cell_km2 = (RASTER_CELL_DEG * 111.32 * np.cos(np.radians(glat))) * (RASTER_CELL_DEG * 110.57)
    people = np.where(dense, DENSE, SPARSE) * cell_km2
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=width,
        height=height,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=from_origin(west, north, RASTER_CELL_DEG, RASTER_CELL_DEG),
    ) as dst:
        dst.write(people.astype(np.float32), 1)


def test_malta_with_a_population_raster_and_gozo_kept(malta_pbf: Path, tmp_path: Path) -> None:
    _raster(tmp_path / "pop.tif")
    plan = _plan(
        malta_pbf,
        tmp_path / "out",
        "--population-raster",
        str(tmp_path / "pop.tif"),
        "--keep-components",
        quiet=True,
    )
    assert plan["manifest"]["population_basis"] == "population raster pop.tif"
    stations = plan["stations"].to_crs(4326)
    # rural flags follow the raster's density (sites within 2 km of the dense box's edge may go either way)
    box = gpd.GeoSeries([shapely.box(*URBAN_BOX)], crs=4326).to_crs(32633).iloc[0]
    xy = stations.geometry.to_crs(32633)
    deep_inside = xy.within(box.buffer(-2000)).to_numpy()
    far_outside = (~xy.within(box.buffer(2000))).to_numpy()
    rural = stations["rural"].astype(bool).to_numpy()
    assert far_outside.any() and rural[far_outside].all()
    assert not rural[deep_inside].any()
    assert int(plan["kpis"]["rural_stations"]) == int(rural.sum()) > 0
    # Gozo kept as an island: its demand is there, covered only by stations on Gozo
    demand = plan["demand"].to_crs(4326)
    at = demand.representative_point()
    on_gozo = ((at.x < GOZO_LON) & (at.y > GOZO_LAT)).to_numpy()
    assert on_gozo.any()
    gozo_stations = ((stations.geometry.x < GOZO_LON) & (stations.geometry.y > GOZO_LAT)).to_numpy()
    if demand.loc[on_gozo, "fast_covered"].astype(bool).any():
        assert gozo_stations.any()
    # each island has its own coverage figure: kpis_by_island.csv, island 1 is Gozo
    islands = pd.read_csv(tmp_path / "out" / "kpis_by_island.csv", comment="#")
    assert list(islands["island_id"][:2]) == [0, 1]
    gozo = islands.iloc[1]
    assert gozo["lon"] < GOZO_LON and gozo["lat"] > GOZO_LAT and gozo["road_nodes"] > 1000
    assert int(gozo["stations"]) == int(gozo_stations.sum())
    # zones belong to the island of the road node they snap to (as in the travel-time matrices): every zone
    # inside the Gozo box is on island 1, and a few coastal zones outside the box may be too
    gozo_demand = demand.loc[on_gozo]
    assert gozo["fast_demand_ev"] >= gozo_demand["fast_demand_ev"].sum() - 0.5
    # the islands add up to the plan: stations, EVs and EVs within reach
    assert islands["stations"].sum() == len(stations)
    assert islands["fast_demand_ev"].sum() == pytest.approx(
        demand["fast_demand_ev"].sum(), abs=0.1 * len(islands)
    )
    covered = demand.loc[demand["fast_covered"].astype(bool), "fast_demand_ev"].sum()
    assert islands["fast_ev_covered"].sum() == pytest.approx(covered, abs=0.1 * len(islands))
    assert float(plan["kpis"]["fast_covered_share"]) == pytest.approx(
        covered / demand["fast_demand_ev"].sum(), abs=1e-3
    )
