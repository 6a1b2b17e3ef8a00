"""The one-page executive summary of a plan: five numbers, a small map, the counties and what is not met.

:func:`summary_from_result` computes what the first page of the report shows (the template is
``templates/report/summary.html``):

* the plan in five numbers: stations, piles, EVs within the fast-charging time, terminals covered, and
  chargers / MW (planning model; "—" for a base-model plan, which does not size chargers);
* a small static map (inline SVG, no tiles): counties, stations, terminals covered / not covered;
* the counties as a compact table (stations, piles, share of EVs covered, share of people within reach);
* **what is not met and why**, in plain words: each uncovered terminal with its reason (no candidate site
  within the radius by road, or the terminal quota met by other terminals), the rural share of the
  stations and how "rural" is defined, and the corridor trips that are not possible with the place where
  the charging gap lies.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from siting.render import palette
from siting.render.format import fmt_number, fmt_pct, is_missing
from siting.results import PlanResult

__all__ = ["summary_from_result", "svg_plan_map"]

#: Size of the summary map (SVG user units = CSS px).
MAP_WIDTH, MAP_HEIGHT = 360, 300


def _kpi(result: PlanResult, key: str) -> float | None:
    rows = result.kpis[result.kpis["kpi"] == key]
    if rows.empty or is_missing(rows["value"].iloc[0]):
        return None
    return float(rows["value"].iloc[0])


def _scenario(result: PlanResult, key: str, default: float) -> float:
    value = result.manifest.get("scenario", {}).get(key, default)
    return float(value) if isinstance(value, int | float) else default


def _numbers(result: PlanResult) -> list[dict[str, str]]:
    """The five numbers: value, bilingual label and a short note each."""
    st, pi = result.stations, result.piles
    minutes = fmt_number(_scenario(result, "fast_minutes", 10.0))
    covered, share = _kpi(result, "fast_ev_covered"), _kpi(result, "fast_covered_share")
    tm = result.terminals
    t_cov = int(tm["covered"].fillna(False).astype(bool).sum()) if "covered" in tm.columns else None
    t_all = len(tm)
    piles = float(pd.to_numeric(pi["piles"], errors="coerce").sum()) if "piles" in pi.columns else None
    if "chargers" in st.columns:
        chargers = float(pd.to_numeric(st["chargers"], errors="coerce").sum())
        mw = float(pd.to_numeric(st.get("power_kw", pd.Series(dtype=float)), errors="coerce").sum()) / 1000
        charge = f"{fmt_number(chargers)} / {mw:,.1f} MW"
    else:
        charge = "—"
    return [
        {"key": "stations", "value": fmt_number(len(st)), "zh": "充电站", "en": "charging stations"},
        {"key": "piles", "value": fmt_number(piles), "zh": "充电桩", "en": "charging piles"},
        {
            "key": "evs",
            "value": fmt_number(None if covered is None else round(covered)),
            "zh": f"{minutes} 分钟内可达的电动汽车（{fmt_pct(share, 1)}）",
            "en": f"EVs within {minutes} min of a station ({fmt_pct(share, 1)})",
        },
        {
            "key": "terminals",
            "value": f"{fmt_number(t_cov)} / {fmt_number(t_all)}",
            "zh": "有充电站的客运站",
            "en": "passenger terminals covered",
        },
        {"key": "chargers", "value": charge, "zh": "快充桩 / 总功率", "en": "fast chargers / power"},
    ]


def _county_rows(result: PlanResult) -> list[list[str]]:
    df = result.kpis_by_county
    rows = []
    for rec in df.to_dict("records"):
        rows.append(
            [
                f"{rec.get('name_zh', '')} {rec.get('name_en', '')}".strip(),
                fmt_number(rec.get("stations")),
                fmt_number(rec.get("piles")),
                fmt_pct(rec.get("fast_covered_share"), 1),
                fmt_pct(rec.get("population_fast_covered_share"), 1),
            ]
        )
    return rows


def _terminal_reasons(result: PlanResult) -> list[dict[str, str]]:
    """Each uncovered terminal with the reason, in both languages."""
    tm = result.terminals
    if tm.empty or "covered" not in tm.columns:
        return []
    radius = fmt_number(_scenario(result, "terminal_radius_m", 1000.0))
    quota, total = _kpi(result, "terminal_quota"), len(tm)
    out = []
    for rec in tm[~tm["covered"].fillna(False).astype(bool)].to_dict("records"):
        n = rec.get("candidates_in_radius")
        # an unnamed terminal (OSM often has none) is called by its id
        name = f"{rec.get('name') or rec.get('terminal_id', '')}"
        name_en = f"{rec.get('name_en') or name}"
        if is_missing(n):
            zh = f"{name}：{radius} 米道路距离内没有开放的充电站。"
            en = f"{name_en}: no open station within {radius} m by road."
        elif int(n) == 0:
            zh = f"{name}：{radius} 米道路距离内没有候选站点（需补充候选站点）。"
            en = f"{name_en}: no candidate site within {radius} m by road (add a candidate site near it)."
        else:
            quota_zh = "" if quota is None else f"（{fmt_number(quota)} / {fmt_number(total)}）"
            quota_en = "" if quota is None else f" ({fmt_number(quota)} of {fmt_number(total)})"
            zh = (
                f"{name}：{radius} 米内有 {int(n)} 个候选站点，但客运站配额{quota_zh}已由其他客运站满足，"
                "而这些站点覆盖的电动汽车较少，因此未选。"
            )
            en = (
                f"{name_en}: {int(n)} candidate site(s) within {radius} m, but the terminal quota{quota_en} "
                "is met by other terminals and those sites cover fewer EVs, so none was chosen."
            )
        out.append({"zh": zh, "en": en})
    return out


def _rural(result: PlanResult) -> dict[str, str] | None:
    st = result.stations
    if "rural" not in st.columns or st.empty:
        return None
    n_rural = int(st["rural"].fillna(False).astype(bool).sum())
    share = n_rural / len(st)
    density = fmt_number(_scenario(result, "urban_density_per_km2", 1500.0))
    minimum = _scenario(result, "rural_min_share_stations", 0.0)
    most_zh = "合成城市的人口分布在乡镇，因此多数站点计为农村。" if share > 0.5 else ""
    most_en = (
        " The synthetic city spreads people over towns, so most sites count as rural." if share > 0.5 else ""
    )
    if not result.synthetic:
        most_zh, most_en = (
            most_zh.replace("合成城市", "本地区"),
            most_en.replace("synthetic city", "study area"),
        )
    return {
        "zh": (
            f"{n_rural} / {len(st)} 个充电站（{fmt_pct(share, 1)}）位于农村："
            f"所在需求区人口密度低于每平方公里 {density} 人即为农村（参照 EU/OECD 城镇化程度）。"
            f"方案要求至少 {fmt_pct(minimum)}。{most_zh}"
        ),
        "en": (
            f"{n_rural} of {len(st)} stations ({fmt_pct(share, 1)}) are rural: "
            f"a site is rural when its demand zone has fewer than {density} people per km² "
            f"(after the EU/OECD degree of urbanisation). "
            f"The scenario asks for at least {fmt_pct(minimum)}.{most_en}"
        ),
    }


def _corridor_gaps(result: PlanResult) -> list[dict[str, str]]:
    """Corridor trips that need charging but are not possible, with where the charging gap lies."""
    trips = result.corridor_trips
    if trips.empty or "coverable" not in trips.columns:
        return []
    needs = (
        trips["needs_charging"].fillna(True).astype(bool)
        if "needs_charging" in trips.columns
        else pd.Series(True, index=trips.index)
    )
    never = trips[needs & ~trips["coverable"].fillna(True).astype(bool)]
    range_km = fmt_number(_scenario(result, "range_km", 200.0))
    out = []
    for rec in never.to_dict("records"):
        gap, km = rec.get("gap_at_km"), fmt_number(rec.get("length_km"))
        where_zh = "" if is_missing(gap) else f"第 {fmt_number(gap)} 公里之前 "
        where_en = "" if is_missing(gap) else f" before km {fmt_number(gap)}"
        out.append(
            {
                "zh": (
                    f"{rec.get('origin_zh')} → {rec.get('destination_zh')}（{km} 公里）："
                    f"{where_zh}{range_km} 公里范围内没有候选站点，这一段无法补电。"
                ),
                "en": (
                    f"{rec.get('origin')} → {rec.get('destination')} ({km} km): "
                    f"no candidate site within {range_km} km{where_en}, so that leg cannot be charged."
                ),
            }
        )
    return out + _uncovered_trips(result, trips[needs])


def _uncovered_trips(result: PlanResult, trips: pd.DataFrame) -> list[dict[str, str]]:
    """Trips possible with these candidates but not covered in the first stage, grouped by origin."""
    first = next((c for c in trips.columns if str(c).startswith("covered_")), None)
    if first is None:
        return []
    stage = str(first).removeprefix("covered_")
    missed = trips[trips["coverable"].fillna(True).astype(bool) & ~trips[first].fillna(False).astype(bool)]
    out = []
    for origin, group in missed.groupby("origin", sort=True):
        back = trips[trips["destination"] == origin]
        back_ok = len(back) > 0 and bool(back[first].fillna(False).astype(bool).all())
        origin_zh = str(group["origin_zh"].iloc[0])
        dest_zh = "、".join(str(v) for v in group["destination_zh"])
        dest_en = ", ".join(str(v) for v in group["destination"])
        out.append(
            {
                "zh": (
                    f"{origin_zh} 出发的 {len(group)} 条城际线路（至 {dest_zh}）可以覆盖但 {stage} 年未覆盖："
                    "车辆从区外驶入、电量最低的那一段路上没有开放的充电站"
                    + ("（反方向的线路从区内满电出发，已全部覆盖）。" if back_ok else "。")
                ),
                "en": (
                    f"{len(group)} trip(s) from {origin} (to {dest_en}) could be covered "
                    f"but are not in {stage}: "
                    "no station is open on the stretch where a car arriving from outside runs low"
                    + (
                        "; the trips the other way, which start charged inside the area, are all covered."
                        if back_ok
                        else "."
                    )
                ),
            }
        )
    return out


def summary_from_result(result: PlanResult) -> dict[str, Any]:
    """What the report's first page shows (see the module docstring), as plain values for the template."""
    return {
        "numbers": _numbers(result),
        "map": svg_plan_map(result),
        "counties": _county_rows(result),
        "terminals": _terminal_reasons(result),
        "rural": _rural(result),
        "corridors": _corridor_gaps(result),
        "synthetic": result.synthetic,
    }


# --------------------------------------------------------------------------------------------------
# The small map
# --------------------------------------------------------------------------------------------------
def _path(geom: BaseGeometry, to_xy: Any) -> str:
    """SVG path data of a (multi)polygon's rings."""
    parts = []
    for poly in getattr(geom, "geoms", [geom]):
        for ring in [poly.exterior, *poly.interiors]:
            xy = to_xy(np.asarray(ring.coords))
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
    return "".join(parts)


def svg_plan_map(result: PlanResult) -> dict[str, Any]:
    """Counties, stations and terminals of a plan as shapes for ``templates/report/summary_map.svg``.

    Without counties (an extract with no county layer) the demand zones' polygons together outline the
    study area (zones given as points draw none), and the map spans the plan, so that the stations and
    terminals are still drawn.
    """
    counties = result.counties.geometry.values
    extent = counties
    if not len(counties):
        zones = result.demand.geometry.values
        parts: Any = shapely.get_parts(shapely.union_all(zones)) if len(zones) else []
        polygons = [g for g in parts if g.geom_type == "Polygon"]
        counties = np.array([shapely.MultiPolygon(polygons)] if polygons else [], dtype=object)
        drawn = [zones, result.stations.geometry.values, result.terminals.geometry.values]
        extent = np.concatenate([counties, *drawn])
    bounds = shapely.total_bounds(extent) if len(extent) else None
    if bounds is None or not np.isfinite(bounds).all():
        return {"width": MAP_WIDTH, "height": MAP_HEIGHT, "counties": [], "stations": [], "terminals": []}
    x0, y0, x1, y1 = (float(b) for b in bounds)
    kx = math.cos(math.radians((y0 + y1) / 2))
    scale = min((MAP_WIDTH - 10) / max((x1 - x0) * kx, 1e-9), (MAP_HEIGHT - 10) / max(y1 - y0, 1e-9))

    def to_xy(coords: np.ndarray) -> np.ndarray:
        x = 5 + (coords[:, 0] - x0) * kx * scale
        y = 5 + (y1 - coords[:, 1]) * scale
        return np.column_stack([x, y])

    def points(gdf: pd.DataFrame) -> np.ndarray:
        if gdf.empty:
            return np.zeros((0, 2))
        return to_xy(np.column_stack([gdf.geometry.x, gdf.geometry.y]))

    shapes = [{"d": _path(g, to_xy)} for g in counties if g is not None and not g.is_empty]
    st = result.stations
    chargers = pd.to_numeric(st["chargers"], errors="coerce").fillna(1) if "chargers" in st else None
    radius = (1.2 + np.sqrt(chargers.to_numpy(dtype=float)) * 0.5) if chargers is not None else None
    stations = [
        {"x": f"{x:.1f}", "y": f"{y:.1f}", "r": f"{(radius[k] if radius is not None else 2.0):.1f}"}
        for k, (x, y) in enumerate(points(st))
    ]
    tm = result.terminals
    covered = tm["covered"].fillna(False).astype(bool).to_numpy() if "covered" in tm else []
    terminals = [
        {"x": f"{x:.1f}", "y": f"{y:.1f}", "covered": bool(covered[k])} for k, (x, y) in enumerate(points(tm))
    ]
    return {
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
        "counties": shapes,
        "stations": stations,
        "terminals": terminals,
        "colours": {
            "county": palette.COUNTY,
            "station": palette.STATION["new"],
            "covered": palette.TERMINAL["covered"],
            "uncovered": palette.TERMINAL["uncovered"],
        },
    }
