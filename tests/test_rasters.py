"""siting.rasters: population rasters shared out to demand zones (a GeoTIFF we write, with known answers)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from shapely.geometry import Point, box

from siting._errors import InputDataError
from siting._warnings import SitingWarning
from siting.rasters import population_from_raster, scale_to_counties

CRS_M = "EPSG:32648"  # UTM 48N, where Guang'an lies
X0, Y0 = 600_000.0, 3_380_000.0  # top-left corner of the test raster, metres


def _write(
    path: Path,
    values: np.ndarray,
    *,
    crs: str | None = CRS_M,
    nodata: float | None = -1.0,
    res: float = 100.0,
    x0: float = X0,
    y0: float = Y0,
) -> Path:
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        height=values.shape[0],
        width=values.shape[1],
        count=1,
        dtype="float32",
        crs=crs,
        transform=from_origin(x0, y0, res, res),
        nodata=nodata,
    ) as dst:
        dst.write(values.astype("float32"), 1)
    return path


def _zones(*boxes: tuple[float, float, float, float], crs: str = CRS_M) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"zone_id": range(len(boxes))}, geometry=[box(*b) for b in boxes], crs=crs)


@pytest.fixture
def raster(tmp_path: Path) -> Path:
    values = np.arange(100, dtype=float).reshape(10, 10)  # cell (row r, col c) holds 10 r + c people
    values[0, 0] = -1.0  # nodata
    return _write(tmp_path / "pop.tif", values)


def test_whole_and_partial_cells(raster: Path) -> None:
    zones = _zones(
        (X0, Y0 - 200, X0 + 200, Y0),  # cells (0,0) nodata, (0,1)=1, (1,0)=10, (1,1)=11
        (X0 + 500, Y0 - 100, X0 + 550, Y0),  # half of cell (0,5)=5
        (X0 + 250, Y0 - 350, X0 + 350, Y0 - 250),  # quarters of cells 22, 23, 32, 33
    )
    got = population_from_raster(zones, raster)
    np.testing.assert_allclose(got, [22.0, 2.5, (22 + 23 + 32 + 33) / 4], rtol=1e-9)


def test_zones_in_another_crs_and_points(raster: Path) -> None:
    zones = _zones((X0, Y0 - 1000, X0 + 1000, Y0)).to_crs("EPSG:4326")
    zones.loc[1, "geometry"] = Point(zones.geometry[0].centroid)
    got = population_from_raster(zones, raster)
    assert got[0] == pytest.approx(np.arange(100).sum(), rel=2e-3)  # the whole raster, nodata cell = 0
    assert got[1] == 0.0


def test_declared_nodata_overrides_and_negative_cells(tmp_path: Path) -> None:
    values = np.full((4, 4), 2.0)
    values[1, 1] = -99999.0
    path = _write(tmp_path / "undeclared.tif", values, nodata=None)
    zones = _zones((X0, Y0 - 400, X0 + 400, Y0))
    with pytest.raises(InputDataError, match=r"1 cell\(s\) below 0 .*-99999.*nodata"):
        population_from_raster(zones, path)
    assert population_from_raster(zones, path, nodata=-99999.0)[0] == pytest.approx(30.0)


def test_per_km2_rasters_in_longitude_latitude(tmp_path: Path) -> None:
    """A uniform density of 1,000 people/km² gives 1,000 x the zone's geodesic area."""
    path = _write(
        tmp_path / "density.tif", np.full((60, 60), 1000.0), crs="EPSG:4326", res=0.01, x0=106.5, y0=30.8
    )
    zones = _zones((106.6, 30.5, 106.8, 30.7), crs="EPSG:4326")
    area_km2 = float(zones.to_crs(zones.estimate_utm_crs()).area.iloc[0]) / 1e6
    got = population_from_raster(zones, path, kind="per_km2")
    assert got[0] == pytest.approx(1000.0 * area_km2, rel=2e-3)


def test_errors_name_the_file_and_the_fix(tmp_path: Path, raster: Path) -> None:
    zones = _zones((X0, Y0 - 200, X0 + 200, Y0))
    text = tmp_path / "pop.tif.txt"
    text.write_text("not a raster")
    with pytest.raises(InputDataError, match=r"pop\.tif\.txt: not a raster"):
        population_from_raster(zones, text)
    no_crs = _write(tmp_path / "nocrs.tif", np.ones((3, 3)), crs=None)
    with pytest.raises(InputDataError, match="no CRS; set one"):
        population_from_raster(zones, no_crs)
    with pytest.raises(InputDataError, match="band 2 asked for, the raster has 1"):
        population_from_raster(zones, raster, band=2)
    far = _zones((X0 + 50_000, Y0 - 200, X0 + 50_200, Y0))
    with pytest.raises(InputDataError, match="does not overlap the demand zones"):
        population_from_raster(far, raster)


def test_partial_overlap_warns(raster: Path) -> None:
    zones = _zones((X0 - 500, Y0 - 500, X0 + 500, Y0))
    with pytest.warns(SitingWarning, match="covers 50.0 % of the demand zones"):
        got = population_from_raster(zones, raster)
    assert got[0] == pytest.approx(sum(10 * r + c for r in range(5) for c in range(5)) - 0.0)


def test_scale_to_counties() -> None:
    pop = np.array([1.0, 3.0, 5.0, 7.0, 0.0])
    county = np.array([0, 0, 1, -1, 2])
    scaled = scale_to_counties(pop, county, np.array([400.0, 50.0, 0.0]))
    np.testing.assert_allclose(scaled, [100.0, 300.0, 50.0, 7.0, 0.0])
    with pytest.warns(SitingWarning, match="Wusheng: the population raster has no one"):
        scale_to_counties(pop, county, np.array([400.0, 50.0, 9.0]), county_names=["a", "b", "Wusheng"])
