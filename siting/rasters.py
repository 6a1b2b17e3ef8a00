"""Population rasters (WorldPop, GHSL, national 100 m grids as GeoTIFF) shared out to demand zones.

:func:`population_from_raster` gives every zone the people of the raster cells it covers, each cell counted by
the share of its area inside the zone (zonal statistics by ``exactextract``, which computes that exact
coverage fraction rather than counting whole cells whose centre falls inside).  The raster may be in any CRS:
the zones are reprojected to it.  Cells equal to the raster's nodata value (or the ``nodata`` given here, for
files that do not declare one) count as no one.

Two kinds of raster values are read:

``"count"`` (default)
    people per cell (WorldPop "ppp", GHSL-POP): a zone gets :math:`\\sum_c f_{zc} v_c`;
``"per_km2"``
    people per km² (WorldPop "pd"): each value is first multiplied by its cell's area (geodesic, so cells of a
    longitude/latitude grid shrink towards the poles).

:func:`scale_to_counties` then scales each county's zones so that they add up to its census population: the
raster says *where* people live, the census *how many*.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import exactextract
import geopandas as gpd
import numpy as np
import pyproj
import rasterio
import rasterio.errors
import rasterio.windows
import shapely
from exactextract.raster import NumPyRasterSource

from siting._errors import InputDataError
from siting._typing import FloatArray, IntArray
from siting._warnings import warn

__all__ = ["RasterKind", "population_from_raster", "scale_to_counties"]

RasterKind = Literal["count", "per_km2"]

#: Share of the zones' area that the raster must cover before a warning says part of the area has no data.
MIN_COVERED_SHARE = 0.99


def population_from_raster(
    zones: gpd.GeoDataFrame,
    path: str | Path,
    *,
    band: int = 1,
    kind: RasterKind = "count",
    nodata: float | None = None,
) -> FloatArray:
    """People in each zone from a population raster (area-weighted zonal sum).

    Parameters
    ----------
    zones
        Demand zones (polygons; points get 0) with a CRS.
    path
        A raster file GDAL reads (GeoTIFF, ...), with a CRS.
    band
        Band to read (1-based).
    kind
        ``"count"``: people per cell; ``"per_km2"``: people per km² (see the module docstring).
    nodata
        Value meaning "no data" when the file does not declare one (e.g. ``-99999``); overrides the file's.

    Returns
    -------
    numpy.ndarray
        ``(len(zones),)`` people per zone, in zone order.

    Raises
    ------
    InputDataError
        When the file cannot be read as a raster, has no CRS, lacks ``band``, has negative values that are not
        nodata, or does not overlap the zones at all.
    """
    path = Path(path)
    if zones.crs is None:
        raise InputDataError("demand zones have no CRS: cannot place them on the population raster")
    try:
        src = rasterio.open(path)
    except rasterio.errors.RasterioIOError as exc:
        raise InputDataError(
            f"{path}: not a raster GDAL can read ({exc}); give a population GeoTIFF"
        ) from None
    with src:
        if src.crs is None:
            raise InputDataError(
                f"{path}: the raster has no CRS; set one (gdal_edit.py -a_srs EPSG:4326 {path.name})"
            )
        if not 1 <= band <= src.count:
            raise InputDataError(f"{path}: band {band} asked for, the raster has {src.count} band(s)")
        shapes = zones.geometry.to_crs(src.crs)
        window = _window(src, shapes, path)
        values, bounds = _read(src, band, window, nodata, kind, path)
    _check_coverage(shapes, bounds, path)
    raster = NumPyRasterSource(
        values, *bounds, nodata=np.nan, srs_wkt=pyproj.CRS.from_user_input(src.crs).to_wkt()
    )
    polygons = gpd.GeoDataFrame({"zone": np.arange(len(zones))}, geometry=shapes.values, crs=shapes.crs)
    stats = exactextract.exact_extract(raster, polygons, ["sum"], include_cols=["zone"], output="pandas")
    out = np.zeros(len(zones), dtype=np.float64)
    sums = np.nan_to_num(stats["sum"].to_numpy(dtype=np.float64))
    out[stats["zone"].to_numpy(dtype=np.int64)] = sums
    return out


def _window(src: rasterio.io.DatasetReader, shapes: gpd.GeoSeries, path: Path) -> rasterio.windows.Window:
    """The raster window around the zones (one cell of margin), or an error when they do not overlap."""
    xmin, ymin, xmax, ymax = shapes.total_bounds
    left, bottom, right, top = src.bounds
    if xmax <= left or xmin >= right or ymax <= bottom or ymin >= top:
        raise InputDataError(
            f"{path}: the raster ({left:.4f}, {bottom:.4f}, {right:.4f}, {top:.4f} in {src.crs}) does not "
            f"overlap the demand zones ({xmin:.4f}, {ymin:.4f}, {xmax:.4f}, {ymax:.4f}): wrong area?"
        )
    win = rasterio.windows.from_bounds(xmin, ymin, xmax, ymax, transform=src.transform)
    full = rasterio.windows.Window(0, 0, src.width, src.height)
    padded = rasterio.windows.Window(
        int(np.floor(win.col_off)) - 1,
        int(np.floor(win.row_off)) - 1,
        int(np.ceil(win.width)) + 3,
        int(np.ceil(win.height)) + 3,
    )
    return padded.intersection(full)


def _read(
    src: rasterio.io.DatasetReader,
    band: int,
    window: rasterio.windows.Window,
    nodata: float | None,
    kind: RasterKind,
    path: Path,
) -> tuple[FloatArray, tuple[float, float, float, float]]:
    """The window's values as float64 with nodata as NaN (people per cell), and its bounds."""
    raw = src.read(band, window=window).astype(np.float64)
    missing = nodata if nodata is not None else src.nodata
    if missing is not None:
        raw[np.isclose(raw, missing, rtol=0.0, atol=0.0) | (raw == missing)] = np.nan
    raw[~np.isfinite(raw)] = np.nan
    negative = np.isfinite(raw) & (raw < 0)
    if negative.any():
        raise InputDataError(
            f"{path}: {int(negative.sum())} cell(s) below 0 (e.g. {raw[negative][0]:g}) and no nodata value "
            "declared for them: pass the raster's nodata value (population_raster_nodata) or fix the file"
        )
    left, bottom, right, top = rasterio.windows.bounds(window, src.transform)
    if kind == "per_km2":
        raw = raw * _cell_area_km2(src, window)[:, None]
    elif kind != "count":
        raise InputDataError(f"raster kind must be 'count' or 'per_km2', got {kind!r}")
    return raw, (left, bottom, right, top)


def _cell_area_km2(src: rasterio.io.DatasetReader, window: rasterio.windows.Window) -> FloatArray:
    """Area (km²) of one cell in each row of ``window`` (geodesic for a geographic CRS)."""
    res_x, res_y = abs(src.transform.a), abs(src.transform.e)
    rows = np.arange(window.row_off, window.row_off + window.height)
    if not pyproj.CRS.from_user_input(src.crs).is_geographic:
        return np.full(rows.shape[0], res_x * res_y / 1e6)
    geod = pyproj.Geod(ellps="WGS84")
    top = src.transform.f + rows * src.transform.e
    bottom = top + src.transform.e
    areas = [
        abs(geod.geometry_area_perimeter(shapely.box(0.0, min(b, t), res_x, max(b, t)))[0]) / 1e6
        for b, t in zip(bottom, top, strict=True)
    ]
    return np.asarray(areas, dtype=np.float64)


def _check_coverage(shapes: gpd.GeoSeries, bounds: tuple[float, float, float, float], path: Path) -> None:
    frame = gpd.GeoSeries([shapely.box(*bounds)], crs=shapes.crs)
    if shapes.crs is not None and shapes.crs.is_geographic:  # shares of area in metres, not degrees
        utm = shapes.estimate_utm_crs()
        shapes, frame = shapes.to_crs(utm), frame.to_crs(utm)
    area = float(shapes.area.sum())
    if area <= 0:
        return
    inside = float(shapes.intersection(frame.iloc[0]).area.sum())
    if inside / area < MIN_COVERED_SHARE:
        warn(
            f"population raster {path.name} covers {100 * inside / area:.1f} % of the demand zones' area; "
            "zones outside it get no people"
        )


def scale_to_counties(
    population: FloatArray,
    zone_county: IntArray,
    county_population: FloatArray,
    *,
    county_names: list[str] | None = None,
) -> FloatArray:
    """Scale each county's zones so that they add up to its census population.

    Zones with county ``-1`` (outside every county) keep their raster population.  A county whose zones hold
    no one on the raster keeps 0, with a warning naming it: the raster and the census then disagree about
    where its people are, and the user should look.
    """
    out = np.asarray(population, dtype=np.float64).copy()
    for c, census in enumerate(np.asarray(county_population, dtype=np.float64)):
        mine = zone_county == c
        total = float(out[mine].sum())
        if total > 0:
            out[mine] *= census / total
        elif census > 0 and mine.any():
            name = county_names[c] if county_names is not None else f"county {c}"
            warn(
                f"{name}: the population raster has no one in its zones; its census population is not placed"
            )
    return out
