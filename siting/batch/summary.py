"""What a batch writes beside its task folders: ``summary.csv``, ``summary.gpkg`` and ``overview.html``.

``summary.csv``
    one row per task, in batch order: ``task_id, area_id, variant_id, status`` (``ok``, ``failed`` or
    ``not_run`` when the batch was interrupted), ``reused`` (the folder existed and was not redone),
    ``solver_status, gap, time_s`` (the solve task's wall time), ``prepare_s`` (the wall time of its
    area's prepare step, from the cache), every KPI of ``kpis.csv`` (units in the names) and ``error``.
``summary.gpkg``
    layer ``stations``: the stations of every finished task with ``task_id``, ``area_id``, ``variant_id``.
``overview.html``
    a folium map with one layer per study area: its outline (the union of its counties) and its stations in
    every variant, the task in the tooltip.

All three are written atomically (:func:`siting._io.write_file_atomic`).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd

from siting._io import write_file_atomic
from siting.batch.tasks import LEAD_COLUMNS, task_folder
from siting.maps.assets import use_vendored_assets
from siting.render import palette

__all__ = ["summary_frame", "write_summary"]

#: Station columns kept in ``summary.gpkg`` and shown in the overview map (when the plan has them).
STATION_COLUMNS = ("site_id", "name", "kind", "county_id", "fast_ev_covered", "mean_access_min", "chargers")


def summary_frame(rows: list[dict[str, Any]], cache: Path) -> pd.DataFrame:
    """One row per task, lead columns first, ``error`` last; ``prepare_s`` read from the cache."""
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=[*LEAD_COLUMNS, "error"])
    if "prepare_key" in frame.columns:
        frame["prepare_s"] = [_prepare_s(cache, key) for key in frame["prepare_key"]]
        frame = frame.drop(columns="prepare_key")
    kpis = [c for c in frame.columns if c not in (*LEAD_COLUMNS, "error")]
    return frame[[*LEAD_COLUMNS, *kpis, "error"]]


def _prepare_s(cache: Path, key: Any) -> float:
    meta = Path(cache) / str(key) / "meta.json"
    if not meta.is_file():
        return math.nan
    return float(json.loads(meta.read_text(encoding="utf-8")).get("prepare_s", math.nan))


def _stations(out: Path, summary: pd.DataFrame) -> gpd.GeoDataFrame:
    parts = []
    for row in summary[summary["status"] == "ok"].itertuples():
        path = task_folder(out, str(row.task_id)) / "geojson" / "stations.geojson"
        if not path.is_file():
            continue
        gdf = gpd.read_file(path)
        keep = [c for c in STATION_COLUMNS if c in gdf.columns]
        gdf = gdf[[*keep, "geometry"]].copy()
        gdf.insert(0, "variant_id", row.variant_id)
        gdf.insert(0, "area_id", row.area_id)
        gdf.insert(0, "task_id", row.task_id)
        parts.append(gdf)
    if not parts:
        return gpd.GeoDataFrame({"task_id": [], "area_id": [], "variant_id": []}, geometry=[], crs=4326)
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=parts[0].crs).to_crs(4326)


def _outlines(out: Path, stations: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """Each area's outline: the union of the counties of its first finished task (none when it has none)."""
    outlines = {}
    for area_id, gdf in stations.groupby("area_id", sort=True):
        path = task_folder(out, str(gdf["task_id"].iloc[0])) / "geojson" / "counties.geojson"
        if path.is_file():
            counties = gpd.read_file(path).to_crs(4326)
            if not counties.empty:
                outline = counties.union_all()
                outlines[str(area_id)] = gpd.GeoDataFrame(
                    {"area_id": [area_id]}, geometry=[outline], crs=4326
                )
    return outlines


def _overview_map(stations: gpd.GeoDataFrame, outlines: dict[str, gpd.GeoDataFrame]) -> folium.Map:
    if stations.empty:
        m = folium.Map(location=[30.46, 106.63], zoom_start=9, tiles="OpenStreetMap")
        use_vendored_assets(m, inline=True)
        return m
    bounds = pd.concat([stations[["geometry"]], *(o[["geometry"]] for o in outlines.values())]).total_bounds
    minx, miny, maxx, maxy = bounds
    m = folium.Map(tiles="OpenStreetMap")
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    tooltip = [c for c in ("task_id", "variant_id", "site_id", "name") if c in stations.columns]
    for k, (area_id, gdf) in enumerate(stations.groupby("area_id", sort=True)):
        colour = palette.AREA[k % len(palette.AREA)]
        layer = folium.FeatureGroup(name=f"{area_id} ({gdf['task_id'].nunique()} plans)")
        if str(area_id) in outlines:
            folium.GeoJson(
                outlines[str(area_id)].to_json(),
                style_function=lambda _: {"color": "#555555", "weight": 1.5, "fill": False},
                tooltip=folium.GeoJsonTooltip(fields=["area_id"]),
            ).add_to(layer)
        folium.GeoJson(
            gdf[[*tooltip, "geometry"]].to_json(),
            marker=folium.CircleMarker(
                radius=3 if len(stations) > 2000 else 4, color=colour, weight=1, fill=True, fill_opacity=0.7
            ),
            tooltip=folium.GeoJsonTooltip(fields=tooltip),
        ).add_to(layer)
        layer.add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    # the vendored Leaflet inlined, as in a plan's map: the page opens offline and on an intranet
    use_vendored_assets(m, inline=True)
    return m


def write_summary(out: Path, summary: pd.DataFrame) -> dict[str, Path]:
    """Write ``summary.csv``, ``summary.gpkg`` and ``overview.html`` into ``out``; return their paths."""
    out = Path(out)
    paths = {"summary.csv": out / "summary.csv", "summary.gpkg": out / "summary.gpkg"}
    write_file_atomic(paths["summary.csv"], summary.to_csv(index=False, lineterminator="\n"))
    stations = _stations(out, summary)
    tmp = out / ".summary.tmp.gpkg"
    tmp.unlink(missing_ok=True)
    stations.to_file(tmp, layer="stations", driver="GPKG")
    tmp.replace(paths["summary.gpkg"])
    paths["overview.html"] = write_file_atomic(
        out / "overview.html", _overview_map(stations, _outlines(out, stations)).get_root().render()
    )
    return paths
