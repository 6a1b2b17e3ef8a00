"""The one reader of point input files: locked sites, terminals, demand, substations, corridor cities.

Every point file a scenario names goes through :func:`read_point_file`, which

* reads a CSV / TSV / TXT table (``,`` ``;`` tab or ``|`` delimited; UTF-8 with or without BOM, else
  GBK/GB18030) or any vector file GDAL reads (GeoPackage, GeoJSON, shapefile…);
* accepts the column names users have: ``lon``/``lng``/``longitude``/``经度``/``x`` and
  ``lat``/``latitude``/``纬度``/``y``; ``id``/``编号``; ``name``/``名称`` (renamed to the canonical names);
* converts the coordinates to WGS-84 from ``crs`` (``"WGS-84"``, ``"GCJ-02"``, ``"BD-09"`` or any horizontal
  ``"EPSG:…"``) with :mod:`siting.coords` / pyproj, and records the conversion in ``gdf.attrs["crs_note"]``;
* checks every row against the study area *before any work* and raises one :class:`InputDataError` naming
  the file, the rows (the user's ids, else 1-based data-row numbers) and the fix — with a hint when swapping
  longitude and latitude, or reading the file as GCJ-02, would put the rows inside.

Layer: data side, below :mod:`siting.places`, :mod:`siting.grid`, :mod:`siting.demand` and
:mod:`siting.corridor_endpoints` (which all read point files through it).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from siting import coords
from siting._errors import InputDataError
from siting._validate import MAX_ROWS_LISTED, Problems
from siting._warnings import warn

__all__ = [
    "LAT_NAMES",
    "LON_NAMES",
    "check_in_area",
    "read_point_file",
]

#: Column names accepted for longitude and latitude (compared case-insensitively, stripped).
LON_NAMES = ("lon", "lng", "long", "longitude", "经度", "x")
LAT_NAMES = ("lat", "latitude", "纬度", "y")
#: Other column aliases: the user's name → the canonical name.
_ALIASES = {"编号": "id", "名称": "name", "名字": "name"}
#: Table-like suffixes read as delimited text; everything else goes to GDAL.
_TEXT_SUFFIXES = (".csv", ".tsv", ".txt")

Outside = Literal["error", "drop"]


def read_point_file(
    path: Path,
    *,
    what: str,
    crs: str = "WGS-84",
    study_area: BaseGeometry | None = None,
    outside: Outside = "error",
    id_columns: Sequence[str] = (),
    allow_missing_geometry: bool = False,
    need_columns: bool = True,
    problems: Problems | None = None,
) -> gpd.GeoDataFrame:
    """Read a point (or polygon) layer into EPSG:4326, checked against ``study_area``.

    Parameters
    ----------
    path
        The file.
    what
        What the file holds, for messages ("locked sites", "terminals"…).
    crs
        The coordinates' CRS for delimited text (GIS files carry their own; ``"GCJ-02"``/``"BD-09"``
        also shift a GIS file already in degrees).
    study_area
        Polygon in EPSG:4326; None skips the area check.
    outside
        ``"error"``: any row outside the area is an error; ``"drop"``: such rows are left out with a
        warning naming them, and it is an error only when no row is inside.
    id_columns
        The layer's id column(s); ``id``/``编号`` is renamed to the first of them when it is absent.
    allow_missing_geometry
        Keep rows of a table without coordinates (empty geometry; e.g. terminals matched by name).
    need_columns
        A table without longitude/latitude columns is a problem (False: every row is located otherwise).
    problems
        Collect the coordinate and area problems here (rows with bad coordinates get an empty geometry) so
        that the caller reports them with its own checks in one error; None raises them at once.

    Returns
    -------
    geopandas.GeoDataFrame
        The file's columns (canonical names) and geometry in EPSG:4326; ``attrs["crs_note"]`` says how
        the coordinates were read, ``attrs["row_labels"]`` the user's label of each row.
    """
    if not path.is_file():
        raise InputDataError(f"{what} file {path}: not found. Fix the path in the scenario.")
    try:
        datum = coords.normalise_crs(crs)
    except ValueError as exc:
        raise InputDataError(f"{what} file {path}: crs {exc}") from exc
    found = Problems() if problems is None else problems
    if path.suffix.lower() in _TEXT_SUFFIXES:
        gdf = _read_table(
            path,
            what=what,
            datum=datum,
            allow_missing=allow_missing_geometry,
            need_columns=need_columns,
            problems=found,
        )
    else:
        gdf = _read_gis(path, what=what, datum=datum)
        empty = np.flatnonzero((gdf.geometry.isna() | gdf.geometry.is_empty).to_numpy())
        if empty.size and not allow_missing_geometry:
            found.add(
                f"{what} file {path}: row(s) {_rows(empty + 1)} have no geometry; give each row a location."
            )
    if id_columns and id_columns[0] not in gdf.columns and "id" in gdf.columns and "id" not in id_columns:
        gdf = gdf.rename(columns={"id": id_columns[0]})
    gdf.attrs["row_labels"] = _row_labels(gdf, id_columns)
    gdf.attrs["file"] = path.name
    gdf.attrs["crs_note"] = f"{path.name}: {datum}" + (" converted to WGS-84" if datum != "WGS-84" else "")
    if study_area is not None and len(gdf):
        gdf = check_in_area(
            gdf, study_area, what=what, path=path, outside=outside, datum=datum, problems=found
        )
    if problems is None:
        found.raise_if_any()
    return gdf


def _decode(path: Path, what: str) -> str:
    """The file's text: UTF-8 (BOM or not), else GB18030 (a superset of GBK); else a clear error."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputDataError(f"{what} file {path}: is neither UTF-8 nor GBK text; save it as UTF-8 CSV.")


def _read_table(
    path: Path, *, what: str, datum: str, allow_missing: bool, need_columns: bool, problems: Problems
) -> gpd.GeoDataFrame:
    text = _decode(path, what)
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        sep = csv.Sniffer().sniff(first, delimiters=",;\t|").delimiter
    except csv.Error:
        sep = ","
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputDataError(f"{what} file {path}: cannot be read as a delimited table ({exc}).") from exc
    df.columns = [str(c).strip() for c in df.columns]
    lower = {c.lower(): c for c in df.columns}
    lon_col = next((lower[n] for n in LON_NAMES if n in lower), None)
    lat_col = next((lower[n] for n in LAT_NAMES if n in lower), None)
    df = df.rename(columns={c: _ALIASES.get(c, _ALIASES.get(c.lower(), c)) for c in df.columns})
    df = df.rename(columns={c: c.lower() for c in df.columns if c.lower() in ("id", "name")})
    if lon_col is None or lat_col is None:
        values = {c: df[c].str.strip() for c in df.columns}
        decimals = [  # columns of decimal numbers look like coordinates under names we do not know
            c for c, v in values.items() if (v != "").any() and v.str.fullmatch(r"-?\d+\.\d+|").all()
        ]
        if need_columns or not allow_missing or len(decimals) >= 2:
            problems.add(
                f"{what} file {path}: no longitude/latitude columns (has {', '.join(df.columns) or 'none'}); "
                f"name them one of {'/'.join(LON_NAMES)} and {'/'.join(LAT_NAMES)}."
            )
        return gpd.GeoDataFrame(df, geometry=[None] * len(df), crs=4326)
    lon = pd.to_numeric(df[lon_col].str.strip().str.replace(",", ".", regex=False), errors="coerce")
    lat = pd.to_numeric(df[lat_col].str.strip().str.replace(",", ".", regex=False), errors="coerce")
    bad_text = (lon.isna() & (df[lon_col].str.strip() != "")) | (lat.isna() & (df[lat_col].str.strip() != ""))
    if bad_text.any():
        problems.add(
            f"{what} file {path}: row(s) {_rows(np.flatnonzero(bad_text.to_numpy()) + 1)} have coordinates "
            "that are not numbers; give decimal degrees such as 106.63."
        )
    x, y = _to_wgs84(lon.to_numpy(float), lat.to_numpy(float), datum, path=path, what=what, problems=problems)
    geom = [None if (np.isnan(a) or np.isnan(b)) else shapely.Point(a, b) for a, b in zip(x, y, strict=True)]
    blank = (df[lon_col].str.strip() == "") | (df[lat_col].str.strip() == "")
    missing = np.flatnonzero(blank.to_numpy()) + 1
    if not allow_missing and missing.size:
        problems.add(
            f"{what} file {path}: row(s) {_rows(missing)} have no longitude/latitude; "
            "give each row a location."
        )
    out = df.drop(columns=[lon_col, lat_col])
    return gpd.GeoDataFrame(out, geometry=geom, crs=4326)


def _to_wgs84(
    lon: np.ndarray, lat: np.ndarray, datum: str, *, path: Path, what: str, problems: Problems
) -> tuple[np.ndarray, np.ndarray]:
    """Convert table coordinates in ``datum`` to WGS-84 degrees; out-of-range rows become NaN (a problem)."""
    if _is_other_crs(datum):
        lon, lat = _from_other_crs(lon, lat, datum, path=path, what=what, problems=problems)
    bad = np.flatnonzero(~np.isnan(lon) & ~np.isnan(lat) & ((np.abs(lon) > 180) | (np.abs(lat) > 90)))
    if bad.size:
        swapped = bool(((np.abs(lat[bad]) <= 180) & (np.abs(lon[bad]) <= 90)).all())
        hint = "are longitude and latitude swapped? " if swapped else ""
        problems.add(
            f"{what} file {path}: row(s) {_rows(bad + 1)} have longitude/latitude out of range; {hint}give "
            "decimal degrees (longitude -180..180, latitude -90..90), or set the file's crs in the scenario."
        )
        lon, lat = lon.copy(), lat.copy()
        lon[bad] = np.nan
        lat[bad] = np.nan
    if datum == "GCJ-02":
        return coords.gcj02_to_wgs84(lon, lat)
    if datum == "BD-09":
        return coords.bd09_to_wgs84(lon, lat)
    return lon, lat


def _is_other_crs(datum: str) -> bool:
    """True for a CRS converted by pyproj (an EPSG or PROJ CRS), not WGS-84 or a Chinese map datum."""
    return datum not in ("WGS-84", "GCJ-02", "BD-09")


def _transform(x: np.ndarray, y: np.ndarray, src: str, dst: str | int) -> tuple[np.ndarray, np.ndarray]:
    """pyproj with x = easting / longitude first whatever the CRS's axis order; NaN where it fails."""
    tr = pyproj.Transformer.from_crs(src, dst, always_xy=True)
    a, b = tr.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float), errcheck=False)
    a, b = np.array(a, dtype=float, ndmin=1), np.array(b, dtype=float, ndmin=1)
    bad = ~(np.isfinite(a) & np.isfinite(b))
    a[bad], b[bad] = np.nan, np.nan
    return a, b


def _from_other_crs(
    x: np.ndarray, y: np.ndarray, datum: str, *, path: Path, what: str, problems: Problems
) -> tuple[np.ndarray, np.ndarray]:
    """Convert x/y in ``datum`` (easting first, as users write them) to WGS-84 degrees.

    Rows that pyproj cannot convert (outside the CRS's domain) are a problem naming the rows, with a hint
    when the swapped pair converts: ``always_xy`` reads x as easting / longitude even where the CRS's
    official axis order is northing first (EPSG:4326, EPSG:4490, the CGCS2000 Gauss-Krüger zones).
    """
    lon, lat = _transform(x, y, datum, 4326)
    lost = np.flatnonzero(np.isfinite(x) & np.isfinite(y) & np.isnan(lon))
    if lost.size:
        slon, _ = _transform(y[lost], x[lost], datum, 4326)
        hint = "are x and y swapped? " if bool(np.isfinite(slon).all()) else ""
        problems.add(
            f"{what} file {path}: row(s) {_rows(lost + 1)} cannot be converted from {datum} (outside the "
            f"CRS's domain); {hint}give easting/longitude as x and northing/latitude as y, or fix the "
            "file's crs in the scenario."
        )
    return lon, lat


def _swap_puts_inside(pts: gpd.GeoSeries, area: BaseGeometry, source_crs: str | None) -> bool:
    """True when swapping each point's two coordinates *as written in its source CRS* puts all inside."""
    x, y = pts.x.to_numpy(), pts.y.to_numpy()
    if source_crs is not None and _is_other_crs(source_crs):
        sx, sy = _transform(x, y, "EPSG:4326", source_crs)
        x, y = _transform(sy, sx, source_crs, 4326)
        if np.isnan(x).any():
            return False
        return bool(shapely.intersects(shapely.points(x, y), area).all())
    return bool(shapely.intersects(shapely.points(y, x), area).all())


def _read_gis(path: Path, *, what: str, datum: str) -> gpd.GeoDataFrame:
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise InputDataError(f"{what} file {path}: cannot be read ({exc}).") from exc
    if gdf.crs is None:
        if datum in ("GCJ-02", "BD-09", "WGS-84"):
            raise InputDataError(f"{what} file {path}: has no CRS; save it with one (e.g. EPSG:4326).")
        gdf = gdf.set_crs(datum)
    try:
        source = coords.normalise_crs(gdf.crs.to_string())
    except ValueError as exc:
        raise InputDataError(f"{what} file {path}: its CRS {exc}") from exc
    gdf = gdf.to_crs(4326)
    gdf.attrs["source_crs"] = source
    if datum in ("GCJ-02", "BD-09") and len(gdf):
        convert = coords.gcj02_to_wgs84 if datum == "GCJ-02" else coords.bd09_to_wgs84
        gdf = gdf.set_geometry(
            shapely.transform(
                gdf.geometry.to_numpy(), lambda xy: np.column_stack(convert(xy[:, 0], xy[:, 1]))
            )
        )
    return gdf.rename(columns={c: _ALIASES.get(c, c) for c in gdf.columns})


def _row_labels(gdf: gpd.GeoDataFrame, id_columns: Sequence[str]) -> list[str]:
    """The user's label of each row: 'id X' from the first id column present, else 'row n' (1-based)."""
    col = next((c for c in (*id_columns, "id") if c in gdf.columns), None)
    if col is not None:
        return [str(v) for v in gdf[col]]
    return [str(i + 1) for i in range(len(gdf))]


def _rows(rows: Sequence[int] | np.ndarray) -> str:
    """'1–3, 7' (ranges of consecutive 1-based rows), with 'and N more'."""
    items = sorted(int(r) for r in rows)
    spans: list[str] = []
    i = 0
    while i < len(items):
        j = i
        while j + 1 < len(items) and items[j + 1] == items[j] + 1:
            j += 1
        spans.append(str(items[i]) if i == j else f"{items[i]}–{items[j]}")
        i = j + 1
    shown = spans[:MAX_ROWS_LISTED]
    extra = len(spans) - len(shown)
    return ", ".join(shown) + (f" and {extra} more" if extra > 0 else "")


def _label_text(gdf: gpd.GeoDataFrame, idx: np.ndarray) -> str:
    labels = gdf.attrs.get("row_labels")
    has_ids = labels is not None and labels != [str(i + 1) for i in range(len(gdf))]
    if has_ids:
        shown = [labels[i] for i in idx[:MAX_ROWS_LISTED]]
        more = len(idx) - len(shown)
        head = "rows with ids " if len(idx) > 1 else "row with id "
        return head + ", ".join(shown) + (f" and {more} more" if more > 0 else "")
    return "rows " + _rows(idx + 1) if len(idx) > 1 else f"row {int(idx[0]) + 1}"


def check_in_area(
    gdf: gpd.GeoDataFrame,
    area: BaseGeometry,
    *,
    what: str,
    path: Path,
    outside: Outside = "error",
    datum: str = "WGS-84",
    problems: Problems | None = None,
) -> gpd.GeoDataFrame:
    """Raise (or, with ``outside="drop"``, warn and drop) for rows of ``gdf`` that lie outside ``area``.

    With ``problems`` the error is recorded there instead of raised.

    Rows without geometry are kept (they are matched by name).  The message names the file, the rows and a
    fix: longitude/latitude swapped when swapping puts the rows inside, GCJ-02/BD-09 when reading them so
    would, else the file's CRS and the study area.
    """
    geoms = gdf.geometry
    located = (~(geoms.isna() | geoms.is_empty)).to_numpy()
    inside = np.zeros(len(gdf), dtype=bool)
    inside[located] = geoms[located].intersects(area).to_numpy()
    bad = np.flatnonzero(located & ~inside)
    if not bad.size:
        return gdf
    pts = geoms.iloc[bad].representative_point()
    source = gdf.attrs.get("source_crs", datum)
    if _swap_puts_inside(pts, area, source):
        fix = (
            f"are x and y swapped? In {source} give easting as x and northing as y."
            if _is_other_crs(source)
            else "are longitude and latitude swapped?"
        )
    elif datum == "WGS-84" and bool(
        shapely.intersects(
            shapely.points(*coords.gcj02_to_wgs84(pts.x.to_numpy(), pts.y.to_numpy())), area
        ).all()
    ):
        fix = 'are they GCJ-02 (AMap) coordinates? Set crs = "GCJ-02" for the file in the scenario.'
    elif _is_other_crs(source):
        fix = (
            f"read as {source} (x = easting, y = northing) they land elsewhere; check the file's crs in the "
            "scenario and its coordinates."
        )
    else:
        fix = "check the file's coordinates and CRS, and the study area (boundary / OSM extract)."
    (w, s, e, n) = area.bounds
    first = pts.iloc[0]
    fix += (
        f" (The first lies at {first.x:.5f}, {first.y:.5f} lon/lat; the study area spans "
        f"{w:.3f}..{e:.3f} °E, {s:.3f}..{n:.3f} °N.)"
    )
    rows = _label_text(gdf, bad)
    if outside == "drop" and inside.any():
        warn(f"{what} file {path.name}: {rows} lie outside the study area and are left out ({fix})")
        return gdf[~(located & ~inside)]
    every = " (every located row)" if not inside.any() and len(bad) > 1 else ""
    verb = "lie" if len(bad) > 1 else "lies"
    message = f"{rows}{every} of {what} file {path} {verb} outside the study area; {fix}"
    if problems is None:
        raise InputDataError(message)
    problems.add(message)
    return gdf
