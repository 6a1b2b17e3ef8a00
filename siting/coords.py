"""GCJ-02 ⇄ WGS-84 conversion, for Chinese tile providers (AMap/Gaode, Tencent) that use GCJ-02.

Chinese law requires published maps to use GCJ-02 ("Mars coordinates"), an obfuscated datum that
shifts WGS-84 positions by a few hundred metres (about 300–600 m around Guang'an).  Our data are
WGS-84 (OpenStreetMap, census boundaries), so on a GCJ-02 tile layer the vector layers must be
shifted by :func:`wgs84_to_gcj02` to line up with the roads of the tiles.  Tianditu and
OpenStreetMap tiles are WGS-84/CGCS2000 (no shift needed).

The forward formula is the widely published one (Krasovsky ellipsoid, ``a = 6378245 m``);
:func:`gcj02_to_wgs84` inverts it by fixed-point iteration to about 1e-9° (0.1 mm).  Outside
mainland China's bounding box GCJ-02 equals WGS-84.

The HTML map (:mod:`siting.maps`) does not re-implement the formula in JavaScript: it embeds a
small grid of offsets from :func:`offset_grid`, which the browser interpolates bilinearly
(:func:`interpolate_offset` is the same interpolation in Python, used by the tests; error below
0.5 m with the default 0.02° grid).

Functions take and return longitude first, like shapely and GeoJSON, and accept scalars or NumPy
arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import pyproj

from siting._typing import FloatArray

__all__ = [
    "OffsetGrid",
    "bd09_to_gcj02",
    "bd09_to_wgs84",
    "crs_area_problem",
    "gcj02_to_bd09",
    "gcj02_to_wgs84",
    "interpolate_offset",
    "normalise_crs",
    "offset_grid",
    "out_of_china",
    "wgs84_to_gcj02",
]

_A = 6378245.0  # semi-major axis of the Krasovsky 1940 ellipsoid (m)
_EE = 0.00669342162296594323  # its first eccentricity squared
_X_PI = np.pi * 3000.0 / 180.0  # Baidu's BD-09 rotation constant
#: Names of the Chinese map datums this module converts, and the names taken as WGS-84 itself.
_DATUMS = {"GCJ-02": "GCJ-02", "GCJ02": "GCJ-02", "BD-09": "BD-09", "BD09": "BD-09", "BD-09LL": "BD-09"}
_WGS84 = ("WGS-84", "WGS84", "EPSG:4326", "CGCS2000", "EPSG:4490")


def out_of_china(lon: Any, lat: Any) -> Any:
    """True where a point lies outside the bounding box in which GCJ-02 differs from WGS-84."""
    lon_a, lat_a = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    out = (lon_a < 72.004) | (lon_a > 137.8347) | (lat_a < 0.8293) | (lat_a > 55.8271)
    return bool(out) if out.ndim == 0 else out


def _delta(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """GCJ-02 minus WGS-84, in degrees (dlon, dlat), at WGS-84 position (lon, lat)."""
    x, y = lon - 105.0, lat - 35.0
    common = (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x)) + common
    dlat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x)) + common
    dlon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    rad_lat = lat / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad_lat) * np.pi)
    outside = np.asarray(out_of_china(lon, lat))
    return np.where(outside, 0.0, dlon), np.where(outside, 0.0, dlat)


@overload
def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]: ...
@overload
def wgs84_to_gcj02(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]: ...
def wgs84_to_gcj02(lon: Any, lat: Any) -> tuple[Any, Any]:
    """Convert WGS-84 longitude/latitude (degrees) to GCJ-02.

    Parameters
    ----------
    lon, lat
        WGS-84 degrees, scalars or arrays of the same shape.

    Returns
    -------
    tuple
        GCJ-02 (lon, lat), of the same kind as the input.
    """
    lon_a, lat_a = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    dlon, dlat = _delta(lon_a, lat_a)
    return _like(lon_a + dlon, lon), _like(lat_a + dlat, lat)


@overload
def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]: ...
@overload
def gcj02_to_wgs84(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]: ...
def gcj02_to_wgs84(lon: Any, lat: Any) -> tuple[Any, Any]:
    """Convert GCJ-02 longitude/latitude (degrees) to WGS-84 (iterative inverse, ≈1e-9°).

    Parameters
    ----------
    lon, lat
        GCJ-02 degrees, scalars or arrays of the same shape.

    Returns
    -------
    tuple
        WGS-84 (lon, lat), of the same kind as the input.
    """
    g_lon, g_lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    w_lon, w_lat = g_lon.copy(), g_lat.copy()
    for _ in range(30):
        dlon, dlat = _delta(w_lon, w_lat)
        new_lon, new_lat = g_lon - dlon, g_lat - dlat
        done = max(
            float(np.max(np.abs(new_lon - w_lon), initial=0.0)),
            float(np.max(np.abs(new_lat - w_lat), initial=0.0)),
        )
        w_lon, w_lat = new_lon, new_lat
        if done < 1e-11:
            break
    return _like(w_lon, lon), _like(w_lat, lat)


def bd09_to_gcj02(lon: Any, lat: Any) -> tuple[Any, Any]:
    """Convert Baidu BD-09 longitude/latitude (degrees) to GCJ-02 (the published closed form).

    BD-09 is GCJ-02 with a further rotation and offset applied by Baidu Maps; scalars or arrays.
    """
    x = np.asarray(lon, dtype=float) - 0.0065
    y = np.asarray(lat, dtype=float) - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    return _like(z * np.cos(theta), lon), _like(z * np.sin(theta), lat)


def gcj02_to_bd09(lon: Any, lat: Any) -> tuple[Any, Any]:
    """Convert GCJ-02 longitude/latitude (degrees) to Baidu BD-09 (the forward closed form)."""
    x, y = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    return _like(z * np.cos(theta) + 0.0065, lon), _like(z * np.sin(theta) + 0.006, lat)


def bd09_to_wgs84(lon: Any, lat: Any) -> tuple[Any, Any]:
    """Convert Baidu BD-09 longitude/latitude (degrees) to WGS-84 (through GCJ-02)."""
    g_lon, g_lat = bd09_to_gcj02(lon, lat)
    return gcj02_to_wgs84(g_lon, g_lat)


def normalise_crs(text: str) -> str:
    """The canonical form of an input CRS: ``"WGS-84"``, ``"GCJ-02"``, ``"BD-09"`` or ``"EPSG:n"``.

    Raises
    ------
    ValueError
        With the accepted values, for anything else or a CRS that is not horizontal (vertical, geocentric).
    """
    key = str(text).strip().upper().replace(" ", "")
    if key in _WGS84:
        return "WGS-84"
    if key in _DATUMS:
        return _DATUMS[key]
    try:
        crs = pyproj.CRS.from_user_input(text)
    except pyproj.exceptions.CRSError as exc:
        raise ValueError(
            f'{text!r} is not a coordinate reference system; use "WGS-84", "GCJ-02", "BD-09" or '
            '"EPSG:<code>" of a geographic or projected CRS.'
        ) from exc
    if not (crs.is_geographic or crs.is_projected) or len(crs.axis_info) != 2:
        raise ValueError(
            f"{text!r} is not a horizontal CRS (it is {crs.type_name}); give a geographic or projected CRS "
            "such as EPSG:4326 or EPSG:32648."
        )
    epsg = crs.to_epsg()
    return "WGS-84" if epsg == 4326 else (f"EPSG:{epsg}" if epsg else crs.to_string())


def crs_area_problem(text: str, bounds: tuple[float, float, float, float], *, name: str) -> str:
    """A message when the study area (WGS-84 ``bounds``) lies outside CRS ``text``'s area of use, else ``''``.

    A projected CRS far from its area of use still converts, but its metres are distorted (a UTM zone two
    zones away) or meaningless; ``name`` is what the user typed it as (``--crs``, ``'input_crs'``).  The
    message proposes the study area's UTM zone.  A CRS without a recorded area of use passes.
    """
    datum = normalise_crs(text)
    if datum in ("WGS-84", "GCJ-02", "BD-09"):
        return ""
    crs = pyproj.CRS.from_user_input(datum)
    use = crs.area_of_use
    if use is None:
        return ""
    west, south, east, north = bounds
    margin = 1.0  # degrees: a study area a little past a zone's edge is still fine
    inside = (
        use.south - margin <= south
        and north <= use.north + margin
        and (use.west > use.east or (use.west - margin <= west and east <= use.east + margin))
    )
    if inside:
        return ""
    lon, lat = (west + east) / 2.0, (south + north) / 2.0
    zone = int((lon + 180.0) // 6.0) + 1
    utm = f"EPSG:{(32600 if lat >= 0 else 32700) + zone}"
    return (
        f"{name} {text}: its area of use ({use.west:g}..{use.east:g}°E, {use.south:g}..{use.north:g}°N) "
        f"does not contain the study area ({west:.2f}..{east:.2f}°E, {south:.2f}..{north:.2f}°N), so its "
        f"coordinates would be distorted; use a CRS of the study area such as {utm} (its UTM zone)."
    )


def _like(arr: FloatArray, template: Any) -> Any:
    return float(arr) if np.ndim(template) == 0 else arr


@dataclass(frozen=True)
class OffsetGrid:
    """GCJ-02 − WGS-84 offsets on a regular WGS-84 grid (row = latitude, column = longitude).

    ``dlon[i][j]`` and ``dlat[i][j]`` (degrees) hold the offset at
    ``(lon0 + j * step, lat0 + i * step)``.
    """

    lon0: float
    lat0: float
    step: float
    dlon: list[list[float]]
    dlat: list[list[float]]

    def to_json(self) -> dict[str, Any]:
        """Plain dict for the map's JavaScript (offsets rounded to 1e-7°, about 1 cm)."""
        return {
            "lon0": self.lon0,
            "lat0": self.lat0,
            "step": self.step,
            "dlon": [[round(v, 7) for v in row] for row in self.dlon],
            "dlat": [[round(v, 7) for v in row] for row in self.dlat],
        }


def offset_grid(
    west: float, south: float, east: float, north: float, *, step: float = 0.02, margin: float = 0.1
) -> OffsetGrid:
    """Offsets GCJ-02 − WGS-84 on a grid covering a WGS-84 box plus ``margin`` degrees.

    Parameters
    ----------
    west, south, east, north
        The box (degrees).
    step
        Grid spacing in degrees (0.02° ≈ 2 km gives interpolation errors below 0.5 m).
    margin
        Extra degrees on every side.

    Returns
    -------
    OffsetGrid
    """
    lon0 = float(np.floor((west - margin) / step) * step)
    lat0 = float(np.floor((south - margin) / step) * step)
    nx = int(np.ceil((east + margin - lon0) / step)) + 1
    ny = int(np.ceil((north + margin - lat0) / step)) + 1
    lons = lon0 + step * np.arange(nx)
    lats = lat0 + step * np.arange(ny)
    glon, glat = np.meshgrid(lons, lats)
    dlon, dlat = _delta(glon, glat)
    return OffsetGrid(round(lon0, 9), round(lat0, 9), step, dlon.tolist(), dlat.tolist())


def interpolate_offset(grid: OffsetGrid | dict[str, Any], lon: float, lat: float) -> tuple[float, float]:
    """Bilinear interpolation of an offset grid at (lon, lat), clamped to the grid; the map's JS twin.

    Returns
    -------
    tuple of float
        (dlon, dlat) in degrees; add it to WGS-84 to get GCJ-02.
    """
    g = grid.to_json() if isinstance(grid, OffsetGrid) else grid
    dlon_rows: list[list[float]] = g["dlon"]
    dlat_rows: list[list[float]] = g["dlat"]
    ny, nx = len(dlon_rows), len(dlon_rows[0])
    fx = min(max((lon - g["lon0"]) / g["step"], 0.0), nx - 1.000001)
    fy = min(max((lat - g["lat0"]) / g["step"], 0.0), ny - 1.000001)
    j, i = int(fx), int(fy)
    tx, ty = fx - j, fy - i

    def bilinear(rows: list[list[float]]) -> float:
        top = rows[i][j] * (1 - tx) + rows[i][j + 1] * tx
        bottom = rows[i + 1][j] * (1 - tx) + rows[i + 1][j + 1] * tx
        return float(top * (1 - ty) + bottom * ty)

    return bilinear(dlon_rows), bilinear(dlat_rows)
