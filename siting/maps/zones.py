"""Area and line layers of a plan's map: counties, demand zones, demand heat, coverage areas,
worst-served zones and intercity trips (GeoJSON with per-feature styles, popups and tooltips)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from markupsafe import Markup
from shapely.geometry import mapping

from siting import render
from siting.maps import data as d
from siting.maps.page import Heat, layer
from siting.render import palette
from siting.render.format import bi, esc, fmt_threshold

__all__ = [
    "add_corridor_trips",
    "add_counties",
    "add_coverage",
    "add_demand",
    "add_heat",
    "add_roads",
    "add_worst_served",
    "corridor_style",
    "coverage_areas",
]

_COUNTY_STYLE: dict[str, Any] = {"color": palette.COUNTY, "weight": 2, "dashArray": "6 4", "fill": False}
_COVERAGE_STYLE: dict[str, Any] = {
    "color": palette.COVERAGE,
    "weight": 1.5,
    "fillColor": palette.COVERAGE,
    "fillOpacity": 0.12,
}
_WORST_STYLE: dict[str, Any] = {
    "color": palette.WORST,
    "weight": 3,
    "fillColor": palette.WORST,
    "fillOpacity": 0.15,
}
#: Tolerance (degrees, about 10 m) of the simplified corridor routes drawn on the map.
_CORRIDOR_SIMPLIFY_DEG = 1e-4

_Fields = list[tuple[str, Markup]]


def _geojson(
    group: folium.FeatureGroup,
    features: list[dict[str, Any]],
    style: Any,
    *,
    tooltip: _Fields,
    popup: _Fields | None = None,
    class_name: str = "",
    sticky: bool | None = False,
) -> None:
    """Add ``features`` to ``group`` as one GeoJSON layer with ``style(feature)``, popup and tooltip."""
    if not features:
        return
    tip_options: dict[str, Any] = {} if sticky is None else {"sticky": sticky}
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=style,
        control=False,
        popup=folium.GeoJsonPopup(
            fields=[f for f, _ in popup], aliases=[a for _, a in popup], class_name=class_name
        )
        if popup
        else None,
        tooltip=folium.GeoJsonTooltip(
            fields=[f for f, _ in tooltip], aliases=[a for _, a in tooltip], **tip_options
        ),
    ).add_to(group)


def _per_feature(styles: dict[int, dict[str, Any]]) -> Any:
    def style(feature: dict[str, Any]) -> dict[str, Any]:
        return dict(styles[int(feature["id"])])

    return style


def add_demand(
    m: folium.Map,
    gdf: gpd.GeoDataFrame,
    counties: gpd.GeoDataFrame,
    breaks: list[float],
) -> folium.FeatureGroup:
    """Zones with demand: green ramp when covered by fast charging, red when not (classes: ``breaks``)."""
    county_names = d.county_names(counties)
    fast = pd.to_numeric(gdf.get("fast_demand_ev", pd.Series(dtype=float)), errors="coerce").fillna(0)
    slow = pd.to_numeric(gdf.get("slow_demand_ev", pd.Series(dtype=float)), errors="coerce").fillna(0)
    shown = gdf[((fast > 0) | (slow > 0)).to_numpy()] if len(gdf) else gdf
    features: list[dict[str, Any]] = []
    styles: dict[int, dict[str, Any]] = {}
    for i, rec in enumerate(d.records(shown)):
        geom = rec.get("geometry")
        if geom is None or geom.is_empty:
            continue
        covered = d.truthy(rec.get("fast_covered"))
        ev = d.num(rec.get("fast_demand_ev"))
        ramp = palette.DEMAND_COVERED if covered else palette.DEMAND_UNCOVERED
        cls = int(np.searchsorted(breaks, ev, side="right")) if breaks else 0
        styles[i] = {"stroke": False, "fillColor": ramp[min(cls, len(ramp) - 1)], "fillOpacity": 0.55}
        cid = rec.get("county_id")
        features.append(
            {
                "type": "Feature",
                "id": i,
                "properties": {
                    "id": d.esc(rec.get("demand_id")),
                    "county": d.esc(county_names.get(str(cid), cid)) or "—",
                    "pop": d.fmt_num(rec.get("population")),
                    "ev": d.fmt_num(rec.get("fast_demand_ev"), 1),
                    "cov": "✔" if covered else "✘",
                    "t": d.fmt_num(rec.get("access_time_min"), 1),
                },
                "geometry": d.round_coords(mapping(geom)),
            }
        )
    group = layer(m, d.title("demand") + f" ({len(features)})", show=True)
    _geojson(
        group,
        features,
        _per_feature(styles),
        popup=[
            ("id", bi("需求区", "Zone")),
            ("county", bi("区县", "County")),
            ("pop", bi("人口", "Population")),
            ("ev", bi("快充需求电动车", "EVs (fast charging)")),
            ("cov", bi("快充已覆盖", "Covered (fast)")),
            ("t", bi("到达时间(分钟)", "Access time (min)")),
        ],
        tooltip=[("ev", bi("电动车", "EVs")), ("cov", bi("覆盖", "Covered"))],
        class_name="siting-zone-popup",
    )
    return group


def add_heat(m: folium.Map, demand: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Heat map of fast-charging EV demand at zone centres (Leaflet.heat)."""
    ev = pd.to_numeric(demand.get("fast_demand_ev", pd.Series(dtype=float)), errors="coerce").fillna(0)
    points: list[list[float]] = []
    if len(demand):
        centres = demand.geometry.representative_point()
        for pt, w in zip(centres, ev.to_numpy(dtype=float), strict=True):
            if w > 0 and pt is not None and not pt.is_empty:
                points.append(
                    [round(pt.y, d.COORD_DECIMALS), round(pt.x, d.COORD_DECIMALS), round(float(w), 2)]
                )
    group = layer(m, bi("需求热力", "Demand heat") + f" ({len(points)})", show=False)
    if points:
        # overlapping zones add up: scale to a few strong zones so that only hot spots saturate
        peak = 4.0 * float(np.quantile([p[2] for p in points], 0.95)) or 1.0
        group.add_child(Heat(points, {"radius": 14, "blur": 14, "minOpacity": 0.1, "max": round(peak, 2)}))
    return group


def coverage_areas(demand: gpd.GeoDataFrame, stations: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Covered demand zones merged per nearest open station (straight line); see :mod:`siting.maps`."""
    columns = ["station", "zones", "ev", "geometry"]
    if not len(demand) or not len(stations) or "fast_covered" not in demand:
        return gpd.GeoDataFrame(columns=columns, geometry="geometry", crs="EPSG:4326")
    covered = demand[[d.truthy(v) for v in demand["fast_covered"]]]
    covered = covered[~covered.geometry.is_empty & covered.geometry.notna()]
    if not len(covered):
        return gpd.GeoDataFrame(columns=columns, geometry="geometry", crs="EPSG:4326")
    st = stations.geometry.representative_point()
    zc = covered.geometry.representative_point()
    scale = math.cos(math.radians(float(np.nanmean(st.y.to_numpy())) if len(st) else 30.0))
    sx, sy = st.x.to_numpy() * scale, st.y.to_numpy()
    zx, zy = zc.x.to_numpy() * scale, zc.y.to_numpy()
    nearest = np.argmin((zx[:, None] - sx[None, :]) ** 2 + (zy[:, None] - sy[None, :]) ** 2, axis=1)
    ev = pd.to_numeric(covered.get("fast_demand_ev", 0), errors="coerce").fillna(0).to_numpy(dtype=float)
    names = [
        d.text(n) or d.text(i)
        for n, i in zip(
            stations.get("name", [None] * len(stations)),
            stations.get("site_id", [None] * len(stations)),
            strict=True,
        )
    ]
    geoms = covered.geometry.to_numpy()
    rows = [
        {
            "station": names[int(k)],
            "zones": int((nearest == k).sum()),
            "ev": float(ev[nearest == k].sum()),
            "geometry": shapely.union_all(geoms[nearest == k]),
        }
        for k in np.unique(nearest)
    ]
    return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")


def add_coverage(
    m: folium.Map, demand: gpd.GeoDataFrame, stations: gpd.GeoDataFrame, scenario: dict[str, Any]
) -> folium.FeatureGroup:
    """Per station, the covered zones nearest to it, merged (hidden at start)."""
    fast = fmt_threshold(scenario.get("fast_minutes"))
    areas = coverage_areas(demand, stations)
    group = layer(m, bi("覆盖范围", "Coverage areas") + f" ({len(areas)})", show=False)
    features = [
        {
            "type": "Feature",
            "properties": {"st": d.esc(r["station"]), "n": d.fmt_num(r["zones"]), "ev": d.fmt_num(r["ev"])},
            "geometry": d.round_coords(mapping(r["geometry"])),
        }
        for r in d.records(areas)
        if r["geometry"] is not None and not r["geometry"].is_empty
    ]
    _geojson(
        group,
        features,
        lambda _f: _COVERAGE_STYLE,
        tooltip=[
            ("st", bi("充电站", "Station")),
            ("n", bi("需求区数", "Zones")),
            ("ev", bi(f"{fast} 分钟内电动车", f"EVs within {fast} min")),
        ],
    )
    return group


def corridor_style(
    rec: dict[str, Any], stages: Sequence[str], flow_max: float, columns: Any
) -> dict[str, Any]:
    """Line style of a corridor trip: colour by its state in the first stage, width by its daily flow."""
    f = d.num(rec.get("flow_ev_trips_per_day"))
    covered = d.truthy(rec.get(f"covered_{stages[0]}")) if stages else False
    needs = d.truthy(rec.get("needs_charging")) if "needs_charging" in columns else True
    never = "coverable" in columns and not d.truthy(rec.get("coverable"))
    state = "short" if not needs else ("covered" if covered else "uncovered")
    return {
        "color": palette.CORRIDOR[state],
        "weight": round(2.0 + 6.0 * math.sqrt(f / flow_max), 1) if flow_max > 0 else 3.0,
        "opacity": 0.8,
    } | ({"dashArray": "8 6"} if never else {})


def _corridor_properties(rec: dict[str, Any], stages: Sequence[str], columns: Any) -> dict[str, Any]:
    o_zh = d.text(rec.get("origin_zh")) or d.text(rec.get("origin"))
    d_zh = d.text(rec.get("destination_zh")) or d.text(rec.get("destination"))
    o_en = d.text(rec.get("origin")) or o_zh
    d_en = d.text(rec.get("destination")) or d_zh
    needs = d.truthy(rec.get("needs_charging")) if "needs_charging" in columns else True
    never = "coverable" in columns and not d.truthy(rec.get("coverable"))
    return {
        "od": bi(f"{o_zh} → {d_zh}", f"{o_en} → {d_en}"),
        "id": d.esc(rec.get("trip_id")),
        "flow": d.fmt_num(rec.get("flow_ev_trips_per_day"), 1),
        "km": d.fmt_num(rec.get("length_km"), 1),
        "need": d.yes_no(needs) + (" · " + bi("无法覆盖", "never coverable") if never else ""),
        "cov": " · ".join(
            f"{esc(st)} " + ("✔" if d.truthy(rec.get(f"covered_{st}")) else "✘") for st in stages
        )
        or "—",
    }


def add_corridor_trips(m: folium.Map, gdf: gpd.GeoDataFrame, stages: Sequence[str]) -> folium.FeatureGroup:
    """Corridor trips as lines: width by daily EV trips, colour by coverage in the first stage."""
    stages = [st for st in stages if f"covered_{st}" in gdf.columns]
    flow = pd.to_numeric(gdf.get("flow_ev_trips_per_day", pd.Series(dtype=float)), errors="coerce")
    flow_max = d.max_positive(flow)
    features: list[dict[str, Any]] = []
    styles: dict[int, dict[str, Any]] = {}
    for i, rec in enumerate(d.records(gdf)):
        geom = rec.get("geometry")
        if geom is None or geom.is_empty:
            continue
        styles[i] = corridor_style(rec, stages, flow_max, gdf.columns)
        features.append(
            {
                "type": "Feature",
                "id": i,
                "properties": _corridor_properties(rec, stages, gdf.columns),
                "geometry": d.round_coords(mapping(shapely.simplify(geom, _CORRIDOR_SIMPLIFY_DEG))),
            }
        )
    # drawn bottom to top: trips needing no charging, possible, not possible (the gaps stay visible
    # where routes share roads); wider lines first within each group
    order = {palette.CORRIDOR[k]: n for n, k in enumerate(("short", "covered", "uncovered"))}
    features.sort(key=lambda f: (order[styles[f["id"]]["color"]], -styles[f["id"]]["weight"]))
    group = layer(m, d.title("corridor_trips") + f" ({len(features)})", show=True)
    _geojson(
        group,
        features,
        _per_feature(styles),
        popup=[
            ("od", bi("线路", "Trip")),
            ("id", bi("编号", "Id")),
            ("flow", bi("每日电动车出行", "EV trips per day")),
            ("km", bi("里程(公里)", "Length (km)")),
            ("need", bi("需途中充电", "Needs charging")),
            ("cov", bi("可完成(各阶段)", "Possible, by stage")),
        ],
        tooltip=[("od", bi("线路", "Trip")), ("flow", bi("每日车次", "Trips/day"))],
        class_name="siting-corridor-popup",
    )
    return group


def add_worst_served(m: folium.Map, gdf: gpd.GeoDataFrame, counties: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """The worst-served demand zones, outlined, with their rank and the EVs left without fast charging."""
    county_names = d.county_names(counties)
    features: list[dict[str, Any]] = []
    for rec in d.records(gdf):
        geom = rec.get("geometry")
        if geom is None or geom.is_empty:
            continue
        cid = rec.get("county_id")
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "rank": d.fmt_num(rec.get("rank")),
                    "id": d.esc(rec.get("demand_id")),
                    "county": d.esc(county_names.get(str(cid), cid)) or "—",
                    "pop": d.fmt_num(rec.get("population")),
                    "ev": d.fmt_num(rec.get("fast_demand_ev"), 1),
                    "un": d.fmt_num(rec.get("fast_ev_unserved"), 1),
                    "t": d.fmt_num(rec.get("access_time_min"), 1),
                },
                "geometry": d.round_coords(mapping(geom)),
            }
        )
    group = layer(m, d.title("worst_served") + f" ({len(features)})", show=False)
    _geojson(
        group,
        features,
        lambda _f: _WORST_STYLE,
        popup=[
            ("rank", bi("排名", "Rank")),
            ("id", bi("需求区", "Zone")),
            ("county", bi("区县", "County")),
            ("pop", bi("人口", "Population")),
            ("ev", bi("快充需求电动车", "EVs (fast charging)")),
            ("un", bi("未获快充服务", "EVs not served")),
            ("t", bi("到达时间(分钟)", "Access time (min)")),
        ],
        tooltip=[("rank", bi("排名", "Rank")), ("un", bi("未获服务电动车", "EVs not served"))],
        class_name="siting-worst-popup",
    )
    return group


def add_roads(m: folium.Map, gdf: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Major roads of the plan's own network (``result.roads``): light grey lines, not clickable.

    Drawn at the bottom so that the map reads without tiles; coordinates at 4 decimals (about 10 m, the
    roads are already simplified to :data:`siting.roads.SIMPLIFY_TOLERANCE_M`).
    """
    features = [
        {
            "type": "Feature",
            "properties": {"w": palette.ROAD_WEIGHTS.get(d.text(rec.get("road_class")), 1.0)},
            "geometry": _round4(mapping(rec["geometry"])),
        }
        for rec in d.records(gdf)
        if rec.get("geometry") is not None and not rec["geometry"].is_empty
    ]
    group = layer(m, d.title("roads"), show=True)
    if features:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            style_function=_road_style,
            control=False,
            interactive=False,
            smooth_factor=1.5,
        ).add_to(group)
    return group


def _road_style(feature: dict[str, Any]) -> dict[str, Any]:
    return {"color": palette.ROAD, "weight": feature["properties"]["w"], "opacity": 0.9}


def _round4(obj: Any) -> Any:
    """GeoJSON coordinates rounded to 4 decimals, consecutive repeats dropped."""
    if isinstance(obj, dict):
        return {k: _round4(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple) and obj and isinstance(obj[0], list | tuple):
        if obj[0] and isinstance(obj[0][0], float | int):
            out: list[list[float]] = []
            for x, y in ((round(float(p[0]), 4), round(float(p[1]), 4)) for p in obj):
                if not out or out[-1] != [x, y]:
                    out.append([x, y])
            return out
        return [_round4(v) for v in obj]
    return obj


def add_counties(m: folium.Map, gdf: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """County boundaries (dashed) with their names as labels."""
    group = layer(m, bi("区县边界", "County boundaries") + f" ({len(gdf)})", show=True)
    features: list[dict[str, Any]] = []
    labels: list[tuple[float, float, str]] = []
    for i, rec in enumerate(d.records(gdf)):
        geom = rec.get("geometry")
        if geom is None or geom.is_empty:
            continue
        zh, en = d.text(rec.get("name_zh")), d.text(rec.get("name_en"))
        features.append(
            {
                "type": "Feature",
                "id": i,
                "properties": {
                    "zh": esc(zh) or "—",
                    "en": esc(en) or "—",
                    "pop": d.fmt_num(rec.get("population")),
                },
                "geometry": d.round_coords(mapping(geom)),
            }
        )
        pt = geom.representative_point()
        label = render.render("map/county_label.html", name_zh=zh, name_en=en).rstrip("\n")
        labels.append((round(pt.y, d.COORD_DECIMALS), round(pt.x, d.COORD_DECIMALS), label))
    if not features:
        return group
    _geojson(
        group,
        features,
        lambda _f: _COUNTY_STYLE,
        tooltip=[("zh", Markup("区县")), ("en", Markup("County")), ("pop", bi("人口", "Population"))],
        sticky=None,
    )
    for lat, lon, label in labels:
        folium.Marker(
            [lat, lon],
            icon=folium.DivIcon(
                html=label, icon_size=(140, 34), icon_anchor=(70, 17), class_name="siting-county-label-icon"
            ),
            interactive=False,
        ).add_to(group)
    return group
