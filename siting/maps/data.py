"""Values of the map's layers: reprojection, bounds, rows as dicts, cells as text, marker sizes.

The building blocks every layer module (and the comparison map) reads plans with.  Cells are turned into
escaped text with :func:`esc` (the one rule of :mod:`siting.render.format`: escape when rendering, and
the popups insert these texts as HTML).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from markupsafe import Markup

from siting import layers as registry
from siting.render import format as fmt
from siting.results import PlanResult

__all__ = [
    "COORD_DECIMALS",
    "STATION_RADIUS",
    "bounds",
    "charger_radius",
    "county_names",
    "demand_breaks",
    "esc",
    "fmt_num",
    "later_stations",
    "latlon",
    "max_positive",
    "num",
    "planning_layer",
    "point_rows",
    "present",
    "reason",
    "records",
    "round_coords",
    "stage_names",
    "station_radius",
    "text",
    "title",
    "truthy",
    "uses_osm_data",
    "wgs84",
    "yes_no",
]

#: Decimals kept in coordinates written to the map (5 decimals ≈ 1.1 m).
COORD_DECIMALS = 5

#: Radius (px) of a station marker when there is nothing to size it by.
STATION_RADIUS = 8

#: Lead-ins that :mod:`siting.results` may start a reason with; the popup has its own label.
_REASON_PREFIXES = ("选址理由：", "选址理由:", "Chosen: ", "Chosen:")


def wgs84(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``gdf`` in EPSG:4326 (WGS-84 longitude/latitude); a layer without a CRS is taken as EPSG:4326."""
    if gdf.crs is None:
        return gdf.set_crs("EPSG:4326")
    if gdf.crs.to_epsg() != 4326:
        return gdf.to_crs("EPSG:4326")
    return gdf


def bounds(layers: Iterable[gpd.GeoDataFrame]) -> tuple[tuple[float, float], tuple[float, float]]:
    """Return ((south, west), (north, east)) of the non-empty layers (Guang'an if all empty)."""
    boxes = []
    for gdf in layers:
        if len(gdf) and not gdf.geometry.is_empty.all():
            b = gdf.total_bounds
            if np.all(np.isfinite(b)):
                boxes.append(b)
    if not boxes:
        return (30.1, 106.2), (30.9, 107.2)
    arr = np.array(boxes)
    west, south = float(arr[:, 0].min()), float(arr[:, 1].min())
    east, north = float(arr[:, 2].max()), float(arr[:, 3].max())
    return (round(south, COORD_DECIMALS), round(west, COORD_DECIMALS)), (
        round(north, COORD_DECIMALS),
        round(east, COORD_DECIMALS),
    )


def planning_layer(result: PlanResult, name: str) -> gpd.GeoDataFrame:
    """A planning layer of the result in WGS-84 (empty when the result has none)."""
    gdf = getattr(result, name, None)
    if not isinstance(gdf, gpd.GeoDataFrame) or not len(gdf):
        return gpd.GeoDataFrame({"id": []}, geometry=[], crs="EPSG:4326")
    return wgs84(gdf)


def stage_names(result: PlanResult) -> list[str]:
    """Names of the rollout stages, first stage first ([] for a base-model plan).

    From ``kpis_by_stage``, else from the per-stage columns of the planning layers.
    """
    table = getattr(result, "kpis_by_stage", None)
    if isinstance(table, pd.DataFrame) and "stage" in table.columns and len(table):
        return [text(v) for v in table["stage"]]
    for name, prefix in (
        ("stations_by_stage", "chargers_"),
        ("substations", "headroom_used_"),
        ("corridor_trips", "covered_"),
    ):
        gdf = getattr(result, name, None)
        if isinstance(gdf, pd.DataFrame):
            found = [str(c)[len(prefix) :] for c in gdf.columns if str(c).startswith(prefix)]
            if found:
                return found
    return []


def later_stations(sbs: gpd.GeoDataFrame | None, stages: Sequence[str]) -> gpd.GeoDataFrame:
    """Rows of ``stations_by_stage`` opened after the first stage (empty when there are none)."""
    if not isinstance(sbs, gpd.GeoDataFrame) or not len(sbs) or "opened_in" not in sbs.columns:
        return gpd.GeoDataFrame({"site_id": []}, geometry=[], crs="EPSG:4326")
    opened = sbs["opened_in"].astype(str)
    first = stages[0] if stages else sorted(opened.unique())[0]
    return wgs84(sbs[(opened != str(first)).to_numpy()])


def demand_breaks(demand: gpd.GeoDataFrame) -> list[float]:
    """Class breaks of fast-charging EV demand: quintiles of the zones with demand."""
    if not len(demand) or "fast_demand_ev" not in demand:
        return []
    ev = pd.to_numeric(demand["fast_demand_ev"], errors="coerce").to_numpy(dtype=float)
    ev = ev[np.isfinite(ev) & (ev > 0)]
    if not ev.size:
        return []
    qs = np.quantile(ev, [0.2, 0.4, 0.6, 0.8])
    return sorted({round(float(q), 1) for q in qs})


def uses_osm_data(source: dict[str, Any]) -> bool:
    """True when the plan's data source is OpenStreetMap (then the map carries its attribution)."""
    kind = str(source.get("kind") or "")
    label = str(source.get("label") or "")
    return kind.startswith("osm") or "openstreetmap" in label.lower()


def county_names(counties: gpd.GeoDataFrame) -> dict[str, str]:
    """Chinese county names by ``county_id``."""
    if not len(counties) or "county_id" not in counties:
        return {}
    zh = counties.get("name_zh", pd.Series([None] * len(counties), index=counties.index))
    return {str(k): str(v) for k, v in zip(counties["county_id"], zh, strict=True) if present(v)}


def records(gdf: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """Rows as dicts (geometry included), in row order."""
    if not len(gdf):
        return []
    cols = list(gdf.columns)
    return [dict(zip(cols, values, strict=True)) for values in gdf.itertuples(index=False, name=None)]


def point_rows(gdf: gpd.GeoDataFrame, row: Callable[[dict[str, Any]], list[Any]]) -> list[list[Any]]:
    """``[lat, lon, *row(rec)]`` for every row of ``gdf`` with a point (rows without one are left out)."""
    out: list[list[Any]] = []
    for rec in records(gdf):
        lat, lon = latlon(rec)
        if lat is not None:
            out.append([lat, lon, *row(rec)])
    return out


def latlon(rec: dict[str, Any]) -> tuple[float, float] | tuple[None, None]:
    """Rounded (lat, lon) of a row's point (a representative point of other geometries)."""
    geom = rec.get("geometry")
    if geom is None or geom.is_empty:
        return None, None
    pt = geom if geom.geom_type == "Point" else geom.representative_point()
    if not (math.isfinite(pt.x) and math.isfinite(pt.y)):
        return None, None
    return round(float(pt.y), COORD_DECIMALS), round(float(pt.x), COORD_DECIMALS)


def round_coords(obj: Any) -> Any:
    """Round every coordinate of a GeoJSON geometry mapping (tuples become lists)."""
    if isinstance(obj, dict):
        return {k: round_coords(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        if obj and isinstance(obj[0], float | int) and not isinstance(obj[0], bool):
            return [round(float(v), COORD_DECIMALS) for v in obj]
        return [round_coords(v) for v in obj]
    return obj


def present(value: Any) -> bool:
    """True unless the value is None, NaN or pandas NA."""
    if value is None:
        return False
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like values
        return True


def text(value: Any) -> str:
    """Plain text of a cell ("" for missing; list-likes joined with "; ")."""
    if isinstance(value, list | tuple | set | np.ndarray):
        return "; ".join(str(v) for v in value if present(v))
    return str(value) if present(value) else ""


def esc(value: Any) -> Markup:
    """Escaped text of a cell ("" for missing; see :func:`siting.render.format.esc`)."""
    return fmt.esc(text(value))


def reason(value: Any) -> str:
    """Reason text without a leading "选址理由：" / "Chosen:" (the popup labels it already)."""
    plain = text(value).strip()
    for prefix in _REASON_PREFIXES:
        if plain.startswith(prefix):
            return plain[len(prefix) :].strip()
    return plain or "—"


def truthy(value: Any) -> bool:
    """A flag cell as a bool (missing: False; "1", "true", "yes" ... : True)."""
    if not present(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "y", "t"}
    return bool(value)


def num(value: Any) -> float:
    """A cell as a finite float (0.0 when missing or not a number)."""
    return fmt.number(value)


def fmt_num(value: Any, decimals: int = 0) -> str:
    """Number with thousands separators and ``decimals`` decimals, "—" when missing or not a number."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return fmt.MISSING
    return fmt.fmt_number(v, decimals=decimals)


def max_positive(values: Iterable[Any]) -> float:
    """Largest finite positive number among ``values`` (0.0 when none)."""
    arr = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").to_numpy(dtype=float)
    arr = arr[np.isfinite(arr) & (arr > 0)]
    return float(arr.max()) if arr.size else 0.0


def yes_no(flag: bool) -> Markup:
    """是 / yes or 否 / no, bilingual."""
    return fmt.bi("是", "yes") if flag else fmt.bi("否", "no")


def charger_radius(chargers: float, charger_max: float) -> float:
    """Marker radius (px) of a sized station: 14 * sqrt(chargers / charger_max), at least 3.

    The radius is proportional to the square root of the chargers, so the dot's area is proportional
    to the chargers; the station with ``charger_max`` chargers gets 14 px.
    """
    if charger_max <= 0:
        return float(STATION_RADIUS)
    return round(max(3.0, 14.0 * math.sqrt(max(chargers, 0.0) / charger_max)), 1)


def station_radius(ev: float, ev_max: float) -> float:
    """Marker radius (px) of a station: 5 to 14, growing with the square root of the EVs covered."""
    if ev_max <= 0:
        return float(STATION_RADIUS)
    return round(5.0 + 9.0 * math.sqrt(max(ev, 0.0) / ev_max), 1)


def title(name: str) -> Markup:
    """Bilingual title of the output layer ``name`` (:mod:`siting.layers`), for the layer control."""
    item = registry.layer(name)
    return fmt.bi(item.title_zh, item.title_en)
