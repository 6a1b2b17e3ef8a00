"""A population raster end to end through the command line (``siting demo --population-raster pop.tif``).

The study area is the small synthetic one of the golden tests (two counties of the synthetic Guang'an).  The
raster, written here, covers it with 100 m cells in its UTM CRS: 1 person per cell west of a vertical line,
3 east of it.  The known answer: every demand zone holds 1 person per 10,000 m² of its area west of the line
and 3 east of it; each county's zones are then scaled to its census population.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import rasterio
import shapely
from _golden import regenerate_module
from rasterio.transform import from_origin

from siting import demand
from siting import pipeline as plan_mod
from siting.cli import main

CELL_M = 100.0


@pytest.fixture(scope="module")
def inputs() -> Any:
    """The golden tests' small synthetic study area (built once for the module)."""
    from siting.scenario import scenario_from_toml

    return regenerate_module().study_inputs(scenario_from_toml())


def _raster(inputs: Any, path: Path) -> tuple[str, float]:
    """The two-value raster over the study area (nodata margin around it); returns its CRS and split x."""
    crs_m = inputs.net.crs_m
    x0, y0, x1, y1 = gpd.GeoSeries([inputs.study_area], crs=4326).to_crs(crs_m).total_bounds
    left, top = np.floor(x0 / CELL_M) * CELL_M - 500, np.ceil(y1 / CELL_M) * CELL_M + 500
    width, height = int((x1 - left) / CELL_M) + 10, int((top - y0) / CELL_M) + 10
    split = left + CELL_M * (width // 2)
    values = np.where(np.arange(width)[None, :] < width // 2, 1.0, 3.0) * np.ones((height, 1))
    values[:, :2] = -9999.0  # a nodata strip far outside the study area
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=width,
        height=height,
        count=1,
        dtype="float32",
        crs=crs_m,
        transform=from_origin(left, top, CELL_M, CELL_M),
        nodata=-9999.0,
    ) as dst:
        dst.write(values.astype(np.float32), 1)
    return crs_m, split


def _expected(zones: gpd.GeoDataFrame, crs_m: str, split: float) -> np.ndarray:
    """People per zone by the raster alone: 1 per cell of area west of ``split``, 3 east."""
    shapes = zones.geometry.to_crs(crs_m)
    x0, y0, _x1, y1 = shapes.total_bounds
    west = shapely.box(x0 - 1, y0 - 1, split, y1 + 1)
    west_area = shapes.intersection(west).area.to_numpy()
    east_area = shapes.area.to_numpy() - west_area
    cell = CELL_M * CELL_M
    result: np.ndarray = (west_area + 3.0 * east_area) / cell
    return result


def test_raster_population_through_the_cli(
    tmp_path: Path, inputs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the real pipeline on a smaller real synthetic study area than the demo's whole city
    monkeypatch.setattr(plan_mod, "inputs_from_synthetic", lambda scenario, **_: inputs)
    crs_m, split = _raster(inputs, tmp_path / "pop.tif")
    out = tmp_path / "out"
    args = [
        "--quiet",
        "demo",
        "--stations",
        "8",
        "--piles",
        "200",
        "--first-stage-only",
        "--time-limit",
        "60",
    ]
    assert (
        main([*args, "--map-dir", "", "--out", str(out), "--population-raster", str(tmp_path / "pop.tif")])
        == 0
    )

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["population_basis"] == "population raster pop.tif scaled to census by county"
    zones = pyogrio.read_dataframe(out / "plan.gpkg", layer="demand")
    counties = inputs.counties
    by_raster = _expected(zones, crs_m, split)
    for _, county in counties.iterrows():
        mine = (zones["county_id"] == county["county_id"]).to_numpy()
        assert mine.any()
        # each county adds up to its census ...
        assert zones.loc[mine, "population"].sum() == pytest.approx(float(county["population"]), rel=1e-4)
        # ... shared among its zones as the raster says
        share = by_raster[mine] / by_raster[mine].sum()
        got = zones.loc[mine, "population"].to_numpy() / zones.loc[mine, "population"].sum()
        np.testing.assert_allclose(got, share, rtol=2e-3, atol=1e-4)


def test_raster_without_counties_gives_the_raster_sums(tmp_path: Path, inputs: Any) -> None:
    crs_m, split = _raster(inputs, tmp_path / "pop.tif")
    zones, basis = demand.demand_zones(
        inputs.study_area,
        inputs.graph,
        inputs.features,
        counties=None,
        crs_m=crs_m,
        cell_m=2000.0,
        ev_per_1000_people=40.0,
        slow_share=0.5,
        raster=demand.PopulationRaster(tmp_path / "pop.tif"),
    )
    assert basis == "population raster pop.tif"
    np.testing.assert_allclose(zones["population"].to_numpy(), _expected(zones, crs_m, split), rtol=1e-6)
