"""Point layers of a plan's map: stations, piles, terminals, candidates, substations, later stations.

Each layer is one compact JSON array of rows plus a popup and tooltip template (see
:func:`siting.maps.page.add_point_rows`); popups are rendered from ``templates/map/popup.html``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from markupsafe import Markup

from siting.maps import data as d
from siting.maps.page import Texts, add_point_rows, layer, popup
from siting.render import palette
from siting.render.format import bi, esc, fmt_pct, fmt_threshold

__all__ = [
    "STATION_STYLES",
    "add_candidates",
    "add_later_stations",
    "add_piles",
    "add_stations",
    "add_substations",
    "add_terminals",
    "headroom_class",
    "station_planning_fields",
]

#: Marker styles of the stations by status.
STATION_STYLES: dict[str, dict[str, Any]] = {
    status: {"color": palette.OUTLINE, "weight": 2, "fillColor": colour, "fillOpacity": 0.95}
    for status, colour in palette.STATION.items()
}
_PILE_STYLE: dict[str, Any] = {
    "color": palette.OUTLINE,
    "weight": 1,
    "fillColor": palette.PILE,
    "fillOpacity": 0.8,
}
_TERMINAL_STYLES: dict[str, dict[str, Any]] = {
    state: {"color": palette.MARKER_EDGE, "weight": 3, "fillColor": colour, "fillOpacity": 0.95}
    for state, colour in palette.TERMINAL.items()
}
_CANDIDATE_STYLE: dict[str, Any] = {"stroke": False, "fillColor": palette.CANDIDATE, "fillOpacity": 0.7}
_SUBSTATION_STYLE: dict[str, Any] = {
    "color": palette.OUTLINE,
    "weight": 1,
    "fillColor": palette.SUBSTATION,
    "fillOpacity": 0.95,
}
_SUBSTATION_MARKER: dict[str, Any] = {
    "square": True,
    "color": palette.SQUARE_EDGE,
    "weight": 1,
    "fillOpacity": 0.95,
}
_SUBSTATION_SIZE = 6  # half the side of the square, px
_LATER_STYLE: dict[str, Any] = {
    "color": palette.STATION["new"],
    "weight": 1.5,
    "fillColor": palette.STATION_LATER,
    "fillOpacity": 0.95,
}
_STATION_STATUS = {
    "existing": bi("已有站", "Existing station"),
    "locked": bi("锁定站点", "Locked site"),
    "new": bi("新建站", "New station"),
}
_TERMINAL_RADIUS = 9
_CANDIDATE_RADIUS = 2.5


def _row(zh: str, en: str, value: str) -> tuple[Markup, str]:
    """A popup table row: bilingual label (plain texts) and value template."""
    return bi(zh, en), value


def add_stations(
    m: folium.Map,
    gdf: gpd.GeoDataFrame,
    scenario: dict[str, Any],
    *,
    substation_names: dict[str, str] | None = None,
    charger_max: float | None = None,
    county_zh: dict[str, str] | None = None,
) -> folium.FeatureGroup:
    """Stations layer; sized by ``chargers`` when the column is present (see :func:`data.charger_radius`).

    ``substation_names`` (id → name) names the substation in the popup; ``charger_max`` is the number
    of chargers drawn at the largest size (default: the most chargers of a station in ``gdf``).
    """
    fast = fmt_threshold(scenario.get("fast_minutes"))
    group = layer(m, d.title("stations") + f" ({len(gdf)})", show=True)
    ev = pd.to_numeric(gdf.get("fast_ev_covered", pd.Series(dtype=float)), errors="coerce")
    ev_max = float(ev.max()) if len(ev) and np.isfinite(ev.max()) and ev.max() > 0 else 0.0
    sized = "chargers" in gdf.columns
    if sized and charger_max is None:
        charger_max = d.max_positive(gdf["chargers"])
    extra = station_planning_fields(gdf.columns, scenario, substation_names or {})
    texts = Texts()

    def row(rec: dict[str, Any]) -> list[Any]:
        existing, locked = d.truthy(rec.get("existing")), d.truthy(rec.get("locked"))
        style = "existing" if existing else ("locked" if locked else "new")
        n_terms = d.fmt_num(rec.get("terminals_covered"))
        term_names = d.text(rec.get("terminal_names"))
        radius = (
            d.charger_radius(d.num(rec.get("chargers")), charger_max or 0.0)
            if sized
            else d.station_radius(d.num(rec.get("fast_ev_covered")), ev_max)
        )
        return [
            style,
            radius,
            d.esc(rec.get("name")) or d.esc(rec.get("site_id")),  # 0
            d.esc(rec.get("site_id")),  # 1
            texts.ref(_STATION_STATUS[style]),  # 2
            texts.ref(d.esc(d.reason(rec.get("reason_zh")))),  # 3
            texts.ref(d.esc(d.reason(rec.get("reason_en")))),  # 4
            d.fmt_num(rec.get("fast_ev_covered")),  # 5
            d.fmt_num(rec.get("fast_ev_unique")),  # 6
            d.fmt_num(rec.get("mean_access_min"), 1),  # 7
            n_terms + (f" ({esc(term_names)})" if term_names else ""),  # 8
            texts.ref(county_cell(rec, county_zh)),  # 9
            texts.ref(d.yes_no(existing) + " / " + d.yes_no(locked)),  # 10
            *(texts.ref(value(rec)) if shared else value(rec) for _label, value, shared in extra),
        ]

    rows = d.point_rows(gdf, row)
    template = popup(
        "station",
        "{1} · {@2}",
        [
            _row(f"{fast} 分钟内快充覆盖电动车", f"EVs within {fast} min drive", "{5}"),
            _row("仅此站覆盖的电动车", "EVs only this station covers", "{6}"),
            _row("平均到达时间(分钟)", "Mean access time (min)", "{7}"),
            _row("覆盖客运站", "Terminals covered", "{8}"),
            _row("区县", "County", "{@9}"),
            _row("已有 / 锁定", "Existing / locked", "{@10}"),
            *(
                (label, f"{{@{11 + k}}}" if shared else f"{{{11 + k}}}")
                for k, (label, _value, shared) in enumerate(extra)
            ),
        ],
        why=bi("选址理由:{@3}", "Why here: {@4}"),
    )
    tooltip = bi("充电站", "Station") + ": {0} ({@2})"
    add_point_rows(group, rows, styles=STATION_STYLES, texts=texts, popup=template, tooltip=tooltip)
    return group


#: A popup row of the planning model: bilingual label, value of a row (escaped HTML) and whether the
#: value repeats often (then it is stored once in the layer's texts).
_PopupField = tuple[Markup, Callable[[dict[str, Any]], str], bool]


def _substation_cell(substation_names: dict[str, str]) -> Callable[[dict[str, Any]], str]:
    def substation(r: dict[str, Any]) -> str:
        sid = d.text(r.get("substation_id"))
        if not sid:
            return "—"
        name = substation_names.get(sid, "")
        label = f"{esc(name)} ({esc(sid)})" if name and name != sid else str(esc(sid))
        dist = d.num(r.get("grid_distance_m")) if d.present(r.get("grid_distance_m")) else math.nan
        return label + (f", {dist / 1000:.1f} km" if math.isfinite(dist) else "")

    return substation


def _corridor_cell(r: dict[str, Any]) -> str:
    trips, critical = int(d.num(r.get("corridor_trips"))), int(d.num(r.get("corridor_trips_critical")))
    flow = d.fmt_num(r.get("corridor_flow_critical_per_day"))
    if critical:
        return bi(
            f"关键:{critical} 条城际线路仅靠本站(每日 {flow} 车次)",
            f"critical for {critical} intercity trip(s) ({flow} EV trips/day)",
        )
    if trips:
        return bi(f"位于 {trips} 条城际线路上", f"on the route of {trips} intercity trip(s)")
    return bi("不在城际线路上", "on no intercity route")


def _chargers_cell(r: dict[str, Any]) -> str:
    power = r.get("power_kw")
    return d.fmt_num(r.get("chargers")) + (f" / {d.fmt_num(power)} kW" if d.present(power) else "")


def station_planning_fields(
    columns: Iterable[Any], scenario: dict[str, Any], substation_names: dict[str, str]
) -> list[_PopupField]:
    """Popup rows for the planning columns of ``stations`` that are present (sizing, grid, corridors)."""
    cols = {str(c) for c in columns}
    wait = fmt_threshold(scenario.get("max_wait_min"))
    candidates: list[tuple[str, str, str, Callable[[dict[str, Any]], str], bool]] = [
        ("chargers", "快充桩 / 功率", "Chargers / power", _chargers_cell, False),
        (
            "peak_sessions_per_h",
            "高峰每小时充电次数",
            "Peak-hour sessions per hour",
            lambda r: d.fmt_num(r.get("peak_sessions_per_h"), 1),
            False,
        ),
        ("utilisation", "高峰利用率", "Peak utilisation", lambda r: fmt_pct(r.get("utilisation")), False),
        (
            "wait_probability",
            f"等待超过 {wait} 分钟的概率",
            f"P(wait > {wait} min)",
            lambda r: fmt_pct(r.get("wait_probability")),
            False,
        ),
        (
            "expected_wait_min",
            "平均等待(分钟)",
            "Mean wait (min)",
            lambda r: d.fmt_num(r.get("expected_wait_min"), 1),
            False,
        ),
        (
            "substation_id",
            "接入变电站 / 距离",
            "Substation / distance",
            _substation_cell(substation_names),
            True,
        ),
        ("corridor_trips", "城际线路", "Intercity corridors", _corridor_cell, True),
        ("rural", "农村站点", "Rural site", lambda r: d.yes_no(d.truthy(r.get("rural"))), True),
    ]
    return [(bi(zh, en), value, shared) for col, zh, en, value, shared in candidates if col in cols]


def county_cell(rec: dict[str, Any], county_zh: dict[str, str] | None) -> str:
    """The county of a row for a popup: Chinese and English (one shown per language) when they differ."""
    name = d.text(rec.get("county_name"))
    zh = (county_zh or {}).get(d.text(rec.get("county_id")), "")
    if zh and name and zh != name:
        return str(bi(zh, name))
    return d.esc(name or zh) or "—"


def add_piles(
    m: folium.Map, gdf: gpd.GeoDataFrame, scenario: dict[str, Any], *, county_zh: dict[str, str] | None = None
) -> folium.FeatureGroup:
    """Pile sites, clustered; dot size grows with the piles."""
    total = int(pd.to_numeric(gdf["piles"], errors="coerce").fillna(0).sum()) if len(gdf) else 0
    walk = fmt_threshold(scenario.get("walk_m"))
    name = (
        d.title("piles") + " (" + bi(f"{len(gdf)} 处, {total} 桩", f"{len(gdf)} sites, {total} piles") + ")"
    )
    group = layer(m, name, show=True)
    texts = Texts()

    def row(rec: dict[str, Any]) -> list[Any]:
        n = d.num(rec.get("piles"))
        radius = round(min(14.0, 3.0 + 1.5 * math.sqrt(max(n, 0.0))), 1)
        return [
            "pile",
            radius,
            d.esc(rec.get("name")) or d.esc(rec.get("pile_site_id")),  # 0
            d.esc(rec.get("pile_site_id")),  # 1
            texts.ref(d.esc(d.reason(rec.get("reason_zh")))),  # 2
            texts.ref(d.esc(d.reason(rec.get("reason_en")))),  # 3
            d.fmt_num(rec.get("piles")),  # 4
            d.fmt_num(rec.get("capacity_piles")),  # 5
            d.fmt_num(rec.get("slow_ev_served")),  # 6
            texts.ref(county_cell(rec, county_zh)),  # 7
            texts.ref(d.esc(rec.get("kind")) or "—"),  # 8
        ]

    rows = d.point_rows(gdf, row)
    template = popup(
        "pile",
        "{1} · {@8}",
        [
            _row("充电桩 / 可容纳", "Piles / capacity", "{4} / {5}"),
            _row(f"步行 {walk} 米内服务电动车", f"EVs served within {walk} m walk", "{6}"),
            _row("区县", "County", "{@7}"),
        ],
        why=bi("选址理由:{@2}", "Why here: {@3}"),
    )
    tooltip = bi("充电桩", "Piles") + ": {0} ({4})"
    add_point_rows(
        group, rows, styles={"pile": _PILE_STYLE}, texts=texts, popup=template, tooltip=tooltip, cluster=True
    )
    return group


def _nearest_station(rec: dict[str, Any], station_names: dict[str, str]) -> str:
    near_id = rec.get("nearest_station_id")
    if not d.present(near_id):
        return "—"
    near = d.esc(near_id)
    if str(near_id) in station_names:
        return f"{esc(station_names[str(near_id)])} ({near})"
    return str(near)


def _terminal_row(rec: dict[str, Any], *, style: str, station_names: dict[str, str]) -> list[Any]:
    return [
        style,
        _TERMINAL_RADIUS,
        d.esc(rec.get("name")) or d.esc(rec.get("terminal_id")),  # 0
        d.esc(rec.get("name_en")),  # 1
        d.esc(rec.get("terminal_id")),  # 2
        _nearest_station(rec, station_names),  # 3
        d.fmt_num(rec.get("nearest_station_m")),  # 4
    ]


def add_terminals(
    m: folium.Map, gdf: gpd.GeoDataFrame, stations: gpd.GeoDataFrame, scenario: dict[str, Any]
) -> dict[str, folium.FeatureGroup]:
    """Two layers: terminals with a station within the radius (green) and without (red)."""
    radius = fmt_threshold(scenario.get("terminal_radius_m"))
    station_names = {
        str(k): str(v)
        for k, v in zip(stations.get("site_id", []), stations.get("name", []), strict=False)
        if d.present(k)
    }
    covered_mask = [d.truthy(v) for v in gdf.get("covered", pd.Series(dtype=bool))]
    groups: dict[str, folium.FeatureGroup] = {}
    for covered in (True, False):
        subset = gdf[[c is covered for c in covered_mask]] if len(gdf) else gdf
        label = (
            bi("已覆盖客运站", "Terminals covered")
            if covered
            else bi("未覆盖客运站", "Terminals not covered")
        ) + f" ({len(subset)})"
        group = layer(m, label, show=True)
        groups["terminals_covered" if covered else "terminals_uncovered"] = group
        style = "covered" if covered else "uncovered"
        rows = d.point_rows(subset, partial(_terminal_row, style=style, station_names=station_names))
        state = (
            bi(f"已覆盖:{radius} 米内有充电站", f"Covered: a station within {radius} m by road")
            if covered
            else bi(f"未覆盖:{radius} 米内无充电站", f"Not covered: no station within {radius} m by road")
        )
        template = popup(
            "terminal",
            "{1} · {2}",
            [_row("最近充电站", "Nearest station", "{3}"), _row("道路距离(米)", "Road distance (m)", "{4}")],
            why=state,
        )
        tip = (
            bi("客运站", "Terminal")
            + ": {0} · "
            + (bi("已覆盖", "covered") if covered else bi("未覆盖", "not covered"))
        )
        add_point_rows(group, rows, styles=_TERMINAL_STYLES, texts=Texts(), popup=template, tooltip=tip)
    return groups


def add_candidates(m: folium.Map, gdf: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Every candidate site, small grey dots (hidden at start)."""
    group = layer(m, d.title("candidates") + f" ({len(gdf)})", show=False)
    texts = Texts()
    opened = texts.ref(bi("已选", "opened"))
    not_opened = texts.ref(bi("未选", "not opened"))

    def row(rec: dict[str, Any]) -> list[Any]:
        return [
            "candidate",
            _CANDIDATE_RADIUS,
            d.esc(rec.get("name")) or d.esc(rec.get("site_id")),
            d.esc(rec.get("site_id")),
            opened if d.truthy(rec.get("opened")) else not_opened,
        ]

    rows = d.point_rows(gdf, row)
    add_point_rows(
        group,
        rows,
        styles={"candidate": _CANDIDATE_STYLE},
        texts=texts,
        popup=None,
        tooltip=bi("候选站点", "Candidate") + ": {0} ({1}) · {@2}",
        clusterable=False,
    )
    return group


def add_substations(m: folium.Map, gdf: gpd.GeoDataFrame, stages: Sequence[str] = ()) -> folium.FeatureGroup:
    """Substations: the planning table (``substation_id``, load per stage) or plain OSM features."""
    if "substation_id" in gdf.columns:
        return _add_planning_substations(m, gdf, stages)
    group = layer(m, d.title("substations") + f" ({len(gdf)})", show=True)

    def row(rec: dict[str, Any]) -> list[Any]:
        name = d.esc(rec.get("name")) or d.esc(rec.get("osm_id")) or "—"
        return ["substation", 5, name, d.esc(rec.get("voltage")) or "—"]

    rows = d.point_rows(gdf, row)
    add_point_rows(
        group,
        rows,
        styles={"substation": _SUBSTATION_STYLE},
        texts=Texts(),
        popup=None,
        tooltip=bi("变电站", "Substation") + ": {0} ({1} V)",
        clusterable=False,
    )
    return group


def headroom_class(used: float) -> int:
    """Index into :data:`siting.render.palette.HEADROOM` of a headroom share used (0, missing: none)."""
    if not math.isfinite(used) or used <= 0:
        return 0
    for k, (upper, *_rest) in enumerate(palette.HEADROOM[1:], start=1):
        if used < upper:
            return k
    return len(palette.HEADROOM) - 1


def _substation_row(rec: dict[str, Any], stages: Sequence[str], texts: Texts) -> list[Any] | None:
    lat, lon = d.latlon(rec)
    if lat is None:
        return None
    used = d.num(rec.get(f"headroom_used_{stages[0]}")) if stages else 0.0
    per_stage: list[str] = []
    for st in stages:
        per_stage += [
            d.fmt_num(rec.get(f"load_kw_{st}")),
            fmt_pct(rec.get(f"headroom_used_{st}")),
            d.fmt_num(rec.get(f"stations_{st}")),
        ]
    kv = f"{d.fmt_num(rec.get('voltage_kv'))} kV" if d.present(rec.get("voltage_kv")) else "—"
    return [
        lat,
        lon,
        f"h{headroom_class(used)}",
        _SUBSTATION_SIZE,
        d.esc(rec.get("name")) or d.esc(rec.get("substation_id")) or "—",  # 0
        d.esc(rec.get("substation_id")),  # 1
        texts.ref(kv),  # 2
        texts.ref(d.esc(rec.get("headroom_source")) or "—"),  # 3
        d.fmt_num(rec.get("headroom_kw")),  # 4
        fmt_pct(used) if stages else "—",  # 5
        *per_stage,  # 6 ...
    ]


def _add_planning_substations(
    m: folium.Map, gdf: gpd.GeoDataFrame, stages: Sequence[str]
) -> folium.FeatureGroup:
    """Substations of the grid-headroom family: squares coloured by the headroom used in the first stage."""
    stages = [st for st in stages if f"headroom_used_{st}" in gdf.columns]
    group = layer(m, d.title("substations") + f" ({len(gdf)})", show=True)
    styles = {f"h{k}": dict(_SUBSTATION_MARKER, fillColor=c[1]) for k, c in enumerate(palette.HEADROOM)}
    texts = Texts()
    rows = [row for rec in d.records(gdf) if (row := _substation_row(rec, stages, texts)) is not None]
    template = popup(
        "substation",
        "{1} · {@2}",
        [_row("可用容量(kW)", "Headroom (kW)", "{4}"), _row("容量来源", "Headroom from", "{@3}")],
        stages=[(st, 6 + 3 * k) for k, st in enumerate(stages)],
    )
    first = stages[0] if stages else ""
    tooltip = bi("变电站", "Substation") + ": {0} · " + bi(f"{first} 利用率", f"{first} used") + " {5}"
    add_point_rows(
        group, rows, styles=styles, texts=texts, popup=template, tooltip=tooltip, clusterable=False
    )
    return group


def add_later_stations(
    m: folium.Map,
    gdf: gpd.GeoDataFrame,
    stages: Sequence[str],
    counties: gpd.GeoDataFrame,
    charger_max: float,
) -> folium.FeatureGroup:
    """Sites opened in a later stage: light blue dots (the new stations' light tone) sized by their chargers
    in the last stage; the layer is named after the later stage(s), e.g. "2030 新建充电站"."""
    stages = [st for st in stages if f"chargers_{st}" in gdf.columns]
    county_names = d.county_names(counties)
    later = "、".join(stages[1:]) or ""
    name = (
        bi(f"{later} 新建充电站", f"Stations opened in {later.replace('、', ', ')}")
        if later
        else bi("后期新建充电站", "Stations opened later")
    )
    group = layer(m, name + f" ({len(gdf)})", show=True)
    texts = Texts()

    def row(rec: dict[str, Any]) -> list[Any]:
        last = d.num(rec.get(f"chargers_{stages[-1]}")) if stages else 0.0
        cid = rec.get("county_id")
        return [
            "later",
            d.charger_radius(last, charger_max) if stages else float(d.STATION_RADIUS),
            d.esc(rec.get("name")) or d.esc(rec.get("site_id")),  # 0
            d.esc(rec.get("site_id")),  # 1
            texts.ref(d.esc(rec.get("opened_in")) or "—"),  # 2
            texts.ref(d.esc(county_names.get(str(cid), cid)) or "—"),  # 3
            *(d.fmt_num(rec.get(f"chargers_{st}")) for st in stages),  # 4 ...
        ]

    rows = d.point_rows(gdf, row)
    template = popup(
        "later",
        "{1} · " + bi("{@2} 年新建", "opened in {@2}"),
        [
            _row("区县", "County", "{@3}"),
            *(_row(f"{st} 快充桩", f"Chargers {st}", f"{{{4 + k}}}") for k, st in enumerate(stages)),
        ],
    )
    tooltip = bi("后期新建", "Opened later") + ": {0} ({@2})"
    add_point_rows(group, rows, styles={"later": _LATER_STYLE}, texts=texts, popup=template, tooltip=tooltip)
    return group
