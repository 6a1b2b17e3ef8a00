"""Substations and which candidate stations can connect to them (grid reach).

A charging station needs a grid connection.  This module reads the substations (from the OSM features,
``power=substation``, or from a user file), gives each an assumed *headroom* (spare capacity for new
charging load, kW) and works out which candidate station may connect to which substation.

Headroom.  No substation headroom is published for Guang'an (the project's fact sheet lists "substation
locations and headroom" under *not found*), so :data:`DEFAULT_HEADROOM_KW_BY_KV` is a planning assumption,
not data.  A substations file with a ``headroom_kw`` column, or the scenario's own table, replaces it.

Grid reach.  :func:`grid_reach` measures the straight line between a candidate and a substation in a
projected CRS and allows the pair when it is at most ``max_distance_m``.  The cable route is taken to be
the straight line; a caller who wants a detour factor ``f`` passes ``max_distance_m / f``.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyproj
import scipy.sparse as sp
from pyproj.exceptions import CRSError
from scipy.spatial import cKDTree
from shapely.geometry.base import BaseGeometry

from siting._errors import InputDataError, ScenarioError
from siting._typing import BoolArray, FloatArray
from siting._validate import Problems, check_duplicate_ids, check_geometry_types, check_not_empty, rows_text
from siting.pointfile import read_point_file

__all__ = [
    "DEFAULT_HEADROOM_KW_BY_KV",
    "DEFAULT_HEADROOM_KW_UNKNOWN",
    "GRID_MODES",
    "MIN_DISTANCE_M",
    "OSM_SOURCE",
    "SUBSTATION_COLUMNS",
    "GridReach",
    "grid_reach",
    "headroom_for_voltage",
    "parse_voltage_kv",
    "substations_from_features",
    "substations_from_file",
]

log = logging.getLogger(__name__)


#: Assumed spare capacity for new EV charging per substation (kW), by the substation's highest voltage (kV).
#:
#: **These are planning assumptions, not data**: no substation headroom (nor a substation list) is published
#: for Guang'an.  Each figure is roughly 10-20 % of the rating of a typical Chinese substation of that
#: level, the share a distribution planner can usually offer new load without reinforcement:
#:
#: * 500 kV: 2 x 750 MVA is common, but most of it serves the 220 kV network; 60,000 kW (60 MW) is left
#:   for load connected through it;
#: * 220 kV: 2-3 x 180 MVA; 40,000 kW;
#: * 110 kV: 2-3 x 50 MVA (about 100-150 MVA); 16,000 kW;
#: * 66 kV: 2 x 31.5-40 MVA; 10,000 kW;
#: * 35 kV: 2 x 10-20 MVA; 6,000 kW;
#: * 10 kV and below (a distribution substation or switching station, e.g. 2 x 800-1,000 kVA): 1,500 kW.
#:
#: A substation takes the entry of the highest level at or below its highest voltage (132 kV uses 110 kV;
#: anything below 10 kV uses the 10 kV entry).  The scenario overrides the table (``headroom_by_kv``) and
#: a substations file may give every substation its own ``headroom_kw``.
DEFAULT_HEADROOM_KW_BY_KV: dict[float, float] = {
    500.0: 60_000.0,
    220.0: 40_000.0,
    110.0: 16_000.0,
    66.0: 10_000.0,
    35.0: 6_000.0,
    10.0: 1_500.0,
}

#: Assumed headroom (kW) of a substation without a voltage tag: between the 35 kV and 110 kV entries, since
#: untagged OSM substations are mostly 35-110 kV (an assumption, like :data:`DEFAULT_HEADROOM_KW_BY_KV`).
DEFAULT_HEADROOM_KW_UNKNOWN = 8000.0

#: Valid ``mode`` values of :func:`grid_reach`.
GRID_MODES: tuple[str, ...] = ("require", "cost")

#: Smallest stored distance, metres: a candidate on top of a substation keeps an explicit (non-zero) entry.
MIN_DISTANCE_M = 1e-6

#: ``source`` of substations taken from OSM features.
OSM_SOURCE = "OSM power=substation"

#: Columns of a substations GeoDataFrame, in order.
SUBSTATION_COLUMNS: list[str] = [
    "substation_id",
    "name",
    "voltage_kv",
    "headroom_kw",
    "headroom_source",
    "source",
    "geometry",
]

_WHAT = "substations"
_NUMBER_UNIT = re.compile(r"^\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*(kv|v)?\s*$", re.IGNORECASE)


# --------------------------------------------------------------------------------------------------
# Voltages and headroom
# --------------------------------------------------------------------------------------------------


def parse_voltage_kv(value: object) -> float:
    """Return the highest voltage of an OSM ``voltage`` tag, in kV.

    Parameters
    ----------
    value
        The tag value: volts as OSM records them (``"110000"``), several levels separated by ``;`` (or
        ``,``) such as ``"110000;35000;10000"``, or the rarer forms with a unit (``"110 kV"``,
        ``"10000 V"``).  A plain number is always read as volts (``"400"`` is a 0.4 kV distribution
        substation).  Numbers (int/float) are read as volts too.

    Returns
    -------
    float
        The highest level in kV; NaN when the value is missing, blank or holds no readable level (parts that
        cannot be read, such as ``"medium"``, are ignored).

    Examples
    --------
    >>> parse_voltage_kv("110000;35000;10000")
    110.0
    >>> parse_voltage_kv("110 kV")
    110.0
    """
    if value is None or isinstance(value, bool):
        return math.nan
    if isinstance(value, int | float | np.integer | np.floating):
        volts = float(value)
        return volts / 1000.0 if math.isfinite(volts) and volts > 0 else math.nan
    levels: list[float] = []
    for part in re.split(r"[;,]", str(value)):
        match = _NUMBER_UNIT.match(part)
        if match is None:
            continue
        number = float(match.group(1))
        unit = (match.group(2) or "v").lower()
        kv = number if unit == "kv" else number / 1000.0
        if kv > 0:
            levels.append(kv)
    return max(levels) if levels else math.nan


def _check_headroom_settings(
    headroom_by_kv: Mapping[float, float] | None, default_headroom_kw: float | None
) -> tuple[dict[float, float], float]:
    """The headroom table and unknown-voltage default to use; ScenarioError listing every invalid entry."""
    table = dict(DEFAULT_HEADROOM_KW_BY_KV if headroom_by_kv is None else headroom_by_kv)
    unknown = DEFAULT_HEADROOM_KW_UNKNOWN if default_headroom_kw is None else default_headroom_kw
    problems = Problems()
    if not table:
        problems.add(
            "grid headroom_by_kv is empty; give at least one 'voltage in kV = headroom in kW' entry."
        )
    for kv, kw in table.items():
        if not (isinstance(kv, int | float) and math.isfinite(kv) and kv > 0):
            problems.add(f"grid headroom_by_kv: voltage {kv!r} is not a positive number of kV; fix the key.")
        if not (isinstance(kw, int | float) and math.isfinite(kw) and kw >= 0):
            problems.add(f"grid headroom_by_kv: headroom {kw!r} for {kv!r} kV is not a number >= 0 (kW).")
    if not (isinstance(unknown, int | float) and math.isfinite(unknown) and unknown >= 0):
        problems.add(f"grid default headroom {unknown!r} is not a number >= 0 (kW); fix it in the scenario.")
    problems.raise_if_any(ScenarioError)
    return {float(k): float(v) for k, v in table.items()}, float(unknown)


def headroom_for_voltage(
    voltage_kv: float,
    *,
    headroom_by_kv: Mapping[float, float] | None = None,
    default_headroom_kw: float | None = None,
) -> float:
    """Return the assumed headroom (kW) of a substation whose highest voltage is ``voltage_kv``.

    Parameters
    ----------
    voltage_kv
        Highest voltage, kV; NaN when unknown.
    headroom_by_kv
        Headroom by voltage level (default :data:`DEFAULT_HEADROOM_KW_BY_KV`).  The entry of the highest
        level at or below ``voltage_kv`` applies; below the lowest level, the lowest level's entry.
    default_headroom_kw
        Headroom when the voltage is unknown (default :data:`DEFAULT_HEADROOM_KW_UNKNOWN`).

    Returns
    -------
    float
        Headroom, kW.

    Raises
    ------
    ScenarioError
        The table or the default holds a negative, infinite or non-numeric value.
    """
    table, unknown = _check_headroom_settings(headroom_by_kv, default_headroom_kw)
    return float(_headroom(np.array([voltage_kv], dtype=np.float64), table, unknown)[0])


def _headroom(voltage_kv: FloatArray, table: dict[float, float], unknown: float) -> FloatArray:
    levels = np.array(sorted(table), dtype=np.float64)
    values = np.array([table[k] for k in sorted(table)], dtype=np.float64)
    known = np.isfinite(voltage_kv)
    idx = np.searchsorted(levels, np.where(known, voltage_kv, 0.0), side="right") - 1
    out = values[np.clip(idx, 0, len(levels) - 1)]
    return np.where(known, out, unknown)


# --------------------------------------------------------------------------------------------------
# Substations
# --------------------------------------------------------------------------------------------------


def _col(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _finish(
    *,
    ids: list[str] | None,
    names: list[str],
    voltage_kv: FloatArray,
    headroom_kw: FloatArray,
    from_file: BoolArray,
    source: list[str],
    points: gpd.GeoSeries,
    unknown_kw: float,
    table: dict[float, float],
    study_area: BaseGeometry | None,
) -> gpd.GeoDataFrame:
    """Assemble the substations table: defaults, study-area filter, lon/lat order, ids."""
    defaults = _headroom(voltage_kv, table, unknown_kw)
    out = gpd.GeoDataFrame(
        {
            "substation_id": ids if ids is not None else [""] * len(names),
            "name": names,
            "voltage_kv": voltage_kv,
            "headroom_kw": np.where(from_file, headroom_kw, defaults),
            "headroom_source": np.where(
                from_file,
                "file",
                np.where(np.isfinite(voltage_kv), "voltage default", "unknown voltage default"),
            ),
            "source": source,
        },
        geometry=points.to_numpy(),
        crs=4326,
    )
    if study_area is not None and len(out):
        inside = out.within(study_area).to_numpy()
        if not inside.all():
            log.info("%d substation(s) outside the study area were left out", int((~inside).sum()))
        out = out[inside]
    out = out.assign(_x=out.geometry.x, _y=out.geometry.y)
    out = out.sort_values(["_x", "_y", "name", "substation_id"], kind="stable").reset_index(drop=True)
    if ids is None:
        width = max(3, len(str(len(out))))
        out["substation_id"] = [f"S{i + 1:0{width}d}" for i in range(len(out))]
    out["headroom_kw"] = out["headroom_kw"].astype(np.float64)
    out["voltage_kv"] = out["voltage_kv"].astype(np.float64)
    for col in ("substation_id", "name", "headroom_source", "source"):
        out[col] = out[col].astype(object)
    return gpd.GeoDataFrame(out[SUBSTATION_COLUMNS], geometry="geometry", crs=4326)


def substations_from_features(
    features: gpd.GeoDataFrame,
    *,
    study_area: BaseGeometry | None = None,
    headroom_by_kv: Mapping[float, float] | None = None,
    default_headroom_kw: float | None = None,
    source: str | None = None,
) -> gpd.GeoDataFrame:
    """Substations (``power=substation``) of the OSM features, with assumed headroom.

    Parameters
    ----------
    features
        OSM features (schema in docs/architecture.md).  A ``voltage`` column (OSM ``voltage`` tag, read by
        :func:`parse_voltage_kv`) is used when present; without it every voltage is unknown.
    study_area
        Polygon in EPSG:4326; substations outside it are left out with a warning naming them, and it is an
        error when none lies inside (see :func:`siting.pointfile.read_point_file`).  None keeps all.
    crs
        The CRS of a CSV's coordinates: ``"WGS-84"``, ``"GCJ-02"``, ``"BD-09"`` or ``"EPSG:…"``.
    headroom_by_kv, default_headroom_kw
        Headroom assumptions (see :func:`headroom_for_voltage`); defaults :data:`DEFAULT_HEADROOM_KW_BY_KV`
        and :data:`DEFAULT_HEADROOM_KW_UNKNOWN`.
    source
        Text for the ``source`` column.  Default: ``features.attrs["source_label"]`` when the features carry
        one (a synthetic city's label), else :data:`OSM_SOURCE`.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`SUBSTATION_COLUMNS`, EPSG:4326: ``substation_id`` (``S001``… in longitude, then
        latitude order), ``name``, ``voltage_kv`` (highest level; NaN unknown), ``headroom_kw``,
        ``headroom_source`` (``"voltage default"`` or ``"unknown voltage default"``), ``source`` and a Point
        geometry (the representative point of a polygon).

    Raises
    ------
    ScenarioError
        Invalid headroom assumptions.
    """
    table, unknown = _check_headroom_settings(headroom_by_kv, default_headroom_kw)
    feats = features.to_crs(4326) if features.crs is not None else features
    sel = feats[(_col(feats, "power") == "substation").to_numpy(dtype=bool)]
    label = source or str(features.attrs.get("source_label") or OSM_SOURCE)
    voltage = np.array([parse_voltage_kv(v) for v in _col(sel, "voltage")], dtype=np.float64)
    names = ["" if pd.isna(v) else str(v) for v in _col(sel, "name")]
    points = sel.geometry.representative_point() if len(sel) else gpd.GeoSeries([], crs=4326)
    return _finish(
        ids=None,
        names=names,
        voltage_kv=voltage,
        headroom_kw=np.full(len(sel), np.nan),
        from_file=np.zeros(len(sel), dtype=bool),
        source=[label] * len(sel),
        points=points,
        unknown_kw=unknown,
        table=table,
        study_area=study_area,
    )


def _blank(values: pd.Series) -> BoolArray:
    """True where a cell is missing or only whitespace."""
    return np.array([pd.isna(v) or not str(v).strip() for v in values], dtype=bool)


def _numbers(
    frame: pd.DataFrame, column: str, *, unit: str, positive: bool, path: Path, problems: Problems
) -> tuple[FloatArray, BoolArray]:
    """Numeric values of an optional column (NaN where blank) and the mask of given values."""
    if column not in frame.columns:
        return np.full(len(frame), np.nan), np.zeros(len(frame), dtype=bool)
    raw = frame[column]
    blank = _blank(raw)
    numeric = pd.to_numeric(raw.where(~blank, None), errors="coerce").astype(float).to_numpy()
    bad = ~blank & ~np.isfinite(numeric)
    if bad.any():
        problems.add(
            f"{_WHAT} file {path}: column '{column}' is not a finite number in row(s) "
            f"{rows_text(np.flatnonzero(bad) + 1)}; give a number in {unit} or leave the cell empty."
        )
    low = ~blank & np.isfinite(numeric) & ((numeric <= 0) if positive else (numeric < 0))
    if low.any():
        bound, what = ("> 0", "not positive") if positive else (">= 0", "negative")
        problems.add(
            f"{_WHAT} file {path}: column '{column}' is {what} in row(s) "
            f"{rows_text(np.flatnonzero(low) + 1)}; give {unit} {bound}."
        )
    given = ~blank & np.isfinite(numeric) & ~low
    return np.where(given, numeric, np.nan), given


def substations_from_file(
    path: str | Path,
    *,
    study_area: BaseGeometry | None = None,
    headroom_by_kv: Mapping[float, float] | None = None,
    default_headroom_kw: float | None = None,
    crs: str = "WGS-84",
) -> gpd.GeoDataFrame:
    """Substations from a user file.

    Parameters
    ----------
    path
        A CSV (UTF-8; coordinates in columns ``lon``/``lat``, or ``x``/``y``, in WGS-84 degrees) or any
        vector file GDAL reads (GeoPackage, GeoJSON, shapefile…; points or polygons, any CRS).  Optional
        columns: ``substation_id`` (or ``id``), ``name``, ``voltage_kv`` (highest level, kV) and
        ``headroom_kw``.  An empty ``headroom_kw`` cell takes the voltage default (an empty ``voltage_kv``
        the unknown-voltage default).
    study_area
        Polygon in EPSG:4326; substations outside it are left out with a warning naming them, and it is an
        error when none lies inside (see :func:`siting.pointfile.read_point_file`).  None keeps all.
    crs
        The CRS of a CSV's coordinates: ``"WGS-84"``, ``"GCJ-02"``, ``"BD-09"`` or ``"EPSG:…"``.
    headroom_by_kv, default_headroom_kw
        Headroom assumptions for rows without ``headroom_kw`` (see :func:`headroom_for_voltage`).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`SUBSTATION_COLUMNS` (see :func:`substations_from_features`), EPSG:4326, ordered by
        longitude then latitude; ``headroom_source`` is ``"file"`` where the file gives the headroom;
        ``source`` is ``"file <name>"``; ids ``S001``… when the file has no id column.

    Raises
    ------
    InputDataError
        One error naming the file and listing every problem: missing or unreadable file, no CRS, no
        coordinate columns, coordinates out of range, no rows, rows without a location, lines, duplicate or
        blank ids, non-numeric or negative ``headroom_kw``, non-numeric or non-positive ``voltage_kv``.
    ScenarioError
        Invalid headroom assumptions.
    """
    table, unknown = _check_headroom_settings(headroom_by_kv, default_headroom_kw)
    path = Path(path).expanduser()
    if not path.is_file():
        raise InputDataError(f"{_WHAT} file {path}: not found. Fix the path in the scenario.")
    problems = Problems()
    gdf = read_point_file(
        path,
        what=_WHAT,
        crs=crs,
        study_area=study_area,
        outside="drop",
        id_columns=("substation_id",),
        allow_missing_geometry=True,  # rows without a location are listed by check_geometry_types
        problems=problems,
    )
    id_col = next((c for c in ("substation_id", "id") if c in gdf.columns), None)
    if check_not_empty(gdf, what=_WHAT, path=path, problems=problems):
        if id_col is not None:
            blank_ids = _blank(gdf[id_col])
            if blank_ids.any():
                problems.add(
                    f"{_WHAT} file {path}: column '{id_col}' is empty in row(s) "
                    f"{rows_text(np.flatnonzero(blank_ids) + 1)}; give every row an id (or drop the column)."
                )
            check_duplicate_ids(gdf, (id_col,), what=_WHAT, path=path, problems=problems)
        check_geometry_types(
            gdf,
            allowed=("Point", "MultiPoint", "Polygon", "MultiPolygon"),
            what=_WHAT,
            path=path,
            problems=problems,
        )
    voltage, _ = _numbers(gdf, "voltage_kv", unit="kV", positive=True, path=path, problems=problems)
    headroom, given = _numbers(gdf, "headroom_kw", unit="kW", positive=False, path=path, problems=problems)
    problems.raise_if_any(InputDataError)
    points = gdf.geometry.representative_point() if len(gdf) else gdf.geometry
    return _finish(
        ids=None if id_col is None else [str(v).strip() for v in gdf[id_col]],
        names=["" if pd.isna(v) else str(v) for v in _col(gdf, "name")],
        voltage_kv=voltage,
        headroom_kw=headroom,
        from_file=given,
        source=[f"file {path.name}"] * len(gdf),
        points=points,
        unknown_kw=unknown,
        table=table,
        study_area=study_area,
    )


# --------------------------------------------------------------------------------------------------
# Grid reach
# --------------------------------------------------------------------------------------------------


@dataclass
class GridReach:
    """Which candidate stations may connect to which substations, and how far each cable runs.

    Attributes
    ----------
    distance_m
        ``(n_candidates, n_substations)`` CSR matrix: one explicit entry for every allowed connection, the
        straight-line distance in metres (at least :data:`MIN_DISTANCE_M`, so no entry is a stored zero).
    beyond_reach
        Same shape: 1.0 for the pairs allowed only by ``mode="cost"`` (the nearest substation of a
        candidate that has none within ``max_distance_m``); no entry elsewhere.
    excess_m
        Same shape and entries as ``beyond_reach``: distance minus ``max_distance_m`` (at least
        :data:`MIN_DISTANCE_M`), the length a cost term can charge.
    unreachable
        ``(n_candidates,)`` True for candidates without any allowed connection (in ``"require"`` mode those
        beyond reach of every substation; in ``"cost"`` mode only when there is no substation or the
        candidate has no location).
    max_distance_m
        The reach used, metres.
    mode
        ``"require"`` or ``"cost"``.
    """

    distance_m: sp.csr_matrix
    beyond_reach: sp.csr_matrix
    excess_m: sp.csr_matrix
    unreachable: BoolArray
    max_distance_m: float
    mode: str


def _projected_xy(gdf: gpd.GeoDataFrame, crs_m: pyproj.CRS) -> tuple[FloatArray, BoolArray]:
    """Projected x/y of each row's representative point and the mask of rows with a location."""
    geoms = gdf.geometry if gdf.crs is not None else gdf.geometry.set_crs(4326)
    if len(geoms) == 0:
        return np.zeros((0, 2), dtype=np.float64), np.zeros(0, dtype=bool)
    present = (geoms.notna() & ~geoms.is_empty).to_numpy()
    reps = geoms.to_crs(crs_m).representative_point()
    xy = np.column_stack([reps.x.to_numpy(dtype=np.float64), reps.y.to_numpy(dtype=np.float64)])
    present = present & np.isfinite(xy).all(axis=1)
    return xy, present


def grid_reach(
    candidates: gpd.GeoDataFrame,
    substations: gpd.GeoDataFrame,
    *,
    crs_m: str,
    max_distance_m: float,
    mode: str,
) -> GridReach:
    """Allowed grid connections between candidate stations and substations.

    The distance of a pair is the straight line between the candidate and the substation (representative
    points) in ``crs_m``: the cable route is taken as the straight line.  To allow for detours by a factor
    ``f``, pass ``max_distance_m / f``.  Pairs are found with k-d trees
    (:meth:`scipy.spatial.cKDTree.sparse_distance_matrix`), never a loop over pairs.

    Parameters
    ----------
    candidates
        Candidate stations (any CRS; EPSG:4326 assumed when it has none).  Row order = matrix rows.
    substations
        Substations (e.g. :func:`substations_from_features`).  Row order = matrix columns.
    crs_m
        A projected CRS in metres, e.g. ``"EPSG:32648"`` (UTM 48N, Guang'an).
    max_distance_m
        Longest allowed connection, metres (finite, > 0).
    mode
        ``"require"``: a station may connect only within ``max_distance_m``; candidates beyond reach of every
        substation are flagged ``unreachable``.  ``"cost"``: such a candidate is instead allowed one
        connection, to its nearest substation, flagged in ``beyond_reach`` with its ``excess_m``.

    Returns
    -------
    GridReach

    Raises
    ------
    ScenarioError
        Unknown ``mode``, a ``crs_m`` that is not a projected CRS, or an invalid ``max_distance_m``.
    """
    crs = _check_reach_arguments(crs_m=crs_m, max_distance_m=max_distance_m, mode=mode)
    limit = float(max_distance_m)
    cand_xy, cand_ok = _projected_xy(candidates, crs)
    sub_xy, sub_ok = _projected_xy(substations, crs)
    n_c, n_s = len(candidates), len(substations)
    cand_idx = np.flatnonzero(cand_ok)
    sub_idx = np.flatnonzero(sub_ok)
    rows = np.zeros(0, dtype=np.int64)
    cols = np.zeros(0, dtype=np.int64)
    dist = np.zeros(0, dtype=np.float64)
    if cand_idx.size and sub_idx.size:
        cand_tree = cKDTree(cand_xy[cand_idx])
        sub_tree = cKDTree(sub_xy[sub_idx])
        pairs = cand_tree.sparse_distance_matrix(sub_tree, limit, output_type="ndarray")
        rows = cand_idx[pairs["i"].astype(np.int64)]
        cols = sub_idx[pairs["j"].astype(np.int64)]
        dist = pairs["v"].astype(np.float64)
    has_pair = np.zeros(n_c, dtype=bool)
    has_pair[rows] = True
    far_rows = np.zeros(0, dtype=np.int64)
    far_cols = np.zeros(0, dtype=np.int64)
    far_dist = np.zeros(0, dtype=np.float64)
    if mode == "cost" and sub_idx.size:
        far_rows = np.flatnonzero(cand_ok & ~has_pair)
        if far_rows.size:
            nearest_d, nearest = cKDTree(sub_xy[sub_idx]).query(cand_xy[far_rows], k=1)
            far_cols = sub_idx[np.asarray(nearest, dtype=np.int64)]
            far_dist = np.asarray(nearest_d, dtype=np.float64)
            has_pair[far_rows] = True
    shape = (n_c, n_s)

    def csr(r: npt.NDArray[np.int64], c: npt.NDArray[np.int64], v: FloatArray) -> sp.csr_matrix:
        m = sp.csr_matrix((v, (r, c)), shape=shape, dtype=np.float64)
        m.sort_indices()
        return m

    all_rows = np.concatenate([rows, far_rows])
    all_cols = np.concatenate([cols, far_cols])
    return GridReach(
        distance_m=csr(all_rows, all_cols, np.maximum(np.concatenate([dist, far_dist]), MIN_DISTANCE_M)),
        beyond_reach=csr(far_rows, far_cols, np.ones(far_rows.size, dtype=np.float64)),
        excess_m=csr(far_rows, far_cols, np.maximum(far_dist - limit, MIN_DISTANCE_M)),
        unreachable=~has_pair,
        max_distance_m=limit,
        mode=mode,
    )


def _check_reach_arguments(*, crs_m: str, max_distance_m: float, mode: str) -> pyproj.CRS:
    """The projected CRS ``crs_m``; raise one :class:`ScenarioError` listing every invalid argument."""
    problems = Problems()
    if mode not in GRID_MODES:
        problems.add(f"grid mode {mode!r} is not valid; use one of {', '.join(repr(m) for m in GRID_MODES)}.")
    if not (isinstance(max_distance_m, int | float) and math.isfinite(max_distance_m) and max_distance_m > 0):
        problems.add(
            f"grid max distance {max_distance_m!r} m is not valid; give a finite number of metres > 0."
        )
    crs: pyproj.CRS | None = None
    try:
        crs = pyproj.CRS.from_user_input(crs_m)
    except CRSError:
        problems.add(
            f"grid CRS {crs_m!r} is not a known CRS; give a projected CRS in metres (e.g. EPSG:32648)."
        )
    if crs is not None and not crs.is_projected:
        problems.add(
            f"grid CRS {crs_m!r} is not projected; give a projected CRS in metres (e.g. EPSG:32648)."
        )
    problems.raise_if_any(ScenarioError)
    assert crs is not None  # narrowed by raise_if_any
    return crs
