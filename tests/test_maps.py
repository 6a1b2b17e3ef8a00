"""Tests of siting.maps: layers, title, legend, popups, escaping, determinism, atomic save."""

from __future__ import annotations

import dataclasses
import html
import json
import math
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pytest
from _fixtures import NASTY_NAME, scaled_plan_result, small_plan_result
from _planning_fixtures import CHARGERS, LATER_SITES, planning_plan_result
from folium.plugins import FastMarkerCluster
from shapely.geometry import Point

from siting import maps
from siting.render import palette
from siting.results import PlanResult

#: Layer names as shown with both languages (tags stripped), by key.
LAYER_NAMES = {
    "stations": "充电站 Charging stations (10)",
    "piles": "充电桩 Charging piles (6 处, 40 桩 6 sites, 40 piles)",
    "terminals_covered": "已覆盖客运站 Terminals covered (2)",
    "terminals_uncovered": "未覆盖客运站 Terminals not covered (2)",
    "demand": "需求区 Demand zones (10)",
    "heat": "需求热力 Demand heat (10)",
    "coverage": "覆盖范围 Coverage areas (6)",
    "counties": "区县边界 County boundaries (3)",
    "candidates": "候选站点 Candidate sites (15)",
}

#: The overlays a plan of the planning model adds, by key.
PLANNING_LAYER_NAMES = {
    "worst_served": "服务最差区域 Worst-served zones (10)",
    "corridor_trips": "城际线路 Intercity trips (3)",
    "substations": "变电站 Substations (4)",
    "stations_later": "2030 新建充电站 Stations opened in 2030 (3)",
    "roads": "主要道路 Major roads",
}


def _plain(text: str) -> str:
    """Text of an HTML label with both languages shown."""
    return re.sub(r"\s+", " ", re.sub(r"</span><span", "</span> <span", text).replace("<br>", " "))


def _strip(text: str) -> str:
    """Visible text of an HTML label (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", _plain(text)))


def _html(
    result: PlanResult | None = None, *, tiles: str | tuple[str, ...] | None = maps.DEFAULT_TILES
) -> str:
    m = maps.map_from_result(result or small_plan_result(), tiles=tiles)
    return str(m.get_root().render())


def _last_script(page: str) -> str:
    return re.findall(r"<script>(.*?)</script>", page, re.S)[-1]


def _contains(text: str, page: str) -> bool:
    """Text appears raw or as folium writes it in JavaScript (JSON with \\u escapes)."""
    return text in page or json.dumps(text)[1:-1] in page


#: What the layer control puts before the name of an analysis layer (off when the map opens).
ANALYSIS = "分析 Analysis · "


def _groups(m: folium.Map, *, raw: bool = False) -> dict[str, folium.FeatureGroup]:
    """The overlays by their visible name (without the "Analysis" prefix unless ``raw``)."""
    names = {
        _strip(child.layer_name): child
        for child in m._children.values()
        if isinstance(child, folium.FeatureGroup)
    }
    return names if raw else {name.removeprefix(ANALYSIS): group for name, group in names.items()}


@pytest.fixture(scope="module")
def page() -> str:
    return _html()


def test_every_layer_is_named_with_its_count(page: str) -> None:
    m = maps.map_from_result(small_plan_result())
    assert sorted(_groups(m)) == sorted(LAYER_NAMES.values())
    for key, name in LAYER_NAMES.items():  # the decision view: everything else is off, under "Analysis"
        assert _groups(m)[name].show is (key in maps.DECISION_LAYER_KEYS)
    assert "Charging stations" in page
    assert "L.control.layers(" in page
    assert set(LAYER_NAMES) <= set(maps.LAYER_KEYS)


def test_page_needs_no_network(page: str) -> None:
    assert "cdn.jsdelivr" not in page and "code.jquery.com" not in page and "bootstrap" not in page
    assert "<script src=" not in page and '<link rel="stylesheet" href="http' not in page
    assert "Leaflet 1.9.4" in page and "L.markerClusterGroup" in page and "heatLayer" in page
    assert "sourceMappingURL" not in page
    assert "url(images/" not in page  # Leaflet's control images are data URIs


def test_assets_beside_the_file_when_not_inlined(tmp_path: Path) -> None:
    m = maps.map_from_result(small_plan_result(), inline_assets=False)
    target = maps.save_map(m, tmp_path / "map.html")
    page = target.read_text(encoding="utf-8")
    assert '<script src="siting-assets/leaflet.js"></script>' in page
    assert "Leaflet 1.9.4" not in page
    shipped = {
        p.relative_to(tmp_path / "siting-assets").as_posix() for p in (tmp_path / "siting-assets").rglob("*")
    }
    assert {"leaflet.js", "leaflet.css", "leaflet.markercluster.js", "LICENSE-leaflet.txt"} <= shipped


def test_tile_providers_and_gcj02_grid() -> None:
    page = _html(tiles=("osm", "amap"))
    assert "tile.openstreetmap.org" in page and "autonavi.com" in page
    assert '"gcj02":true' in page and '"dlon":[[' in page
    osm_only = _html(tiles="osm")
    assert '"dlon"' not in osm_only  # no GCJ-02 provider: no offset grid
    with pytest.raises(ValueError, match="needs a key"):
        maps.map_from_result(small_plan_result(), tiles=("tianditu",))
    tianditu = (
        _html(tiles=("osm",))
        if False
        else str(maps.map_from_result(small_plan_result(), tianditu_key="KEY123").get_root().render())
    )
    assert "tianditu.gov.cn/vec_w" in tianditu and "tk=KEY123" in tianditu
    with pytest.raises(ValueError, match="unknown tile provider"):
        maps.map_from_result(small_plan_result(), tiles=("google",))


def test_substations_layer_only_when_given() -> None:
    r = small_plan_result()
    subs = gpd.GeoDataFrame(
        {"name": ["广安220kV变电站"], "voltage": ["220000"]}, geometry=[Point(106.6, 30.5)], crs="EPSG:4326"
    )
    m = maps.map_from_result(r, substations=subs)
    assert "变电站 Substations (1)" in _groups(m)
    assert not any(name.startswith("变电站") for name in _groups(maps.map_from_result(r)))


def test_station_size_grows_with_evs_covered() -> None:
    result = small_plan_result()
    group = _groups(maps.map_from_result(result))["充电站 Charging stations (10)"]
    (points,) = [c for c in group._children.values() if isinstance(c, maps.page.PointRows)]
    radius = {row[5]: row[3] for row in points.rows}
    ev = dict(zip(result.stations["site_id"], result.stations["fast_ev_covered"], strict=True))
    ordered = sorted(radius, key=lambda k: ev[k])
    assert [radius[k] for k in ordered] == sorted(radius.values())
    assert max(radius.values()) == 14.0


def test_title_names_the_data_source_in_both_languages(page: str) -> None:
    title = re.search(r'<div class="siting-panel siting-title".*?</div></div>', page, re.S)
    assert title is not None
    text = _strip(title.group(0))
    assert "广安市电动汽车充电设施规划 2025 — 合成路网" in text
    assert "Guang'an EV charging plan 2025 — synthetic road network" in text
    assert "Synthetic demo data" in text
    assert "<title>广安市电动汽车充电设施规划 2025" in page


def test_legend_scale_bar_and_fit_bounds(page: str) -> None:
    assert 'id="siting-legend"' in page
    assert "图例 Legend" in _strip(page)
    legend = _strip(page[page.index('id="siting-legend"') :])
    for label in (
        "新建 New",
        "已有 Existing",
        "锁定(必选) Locked",
        "已覆盖 Covered",
        "未覆盖 Not covered",
        "覆盖范围(最近站点) Coverage area",
        "需求热力 Demand heat",
    ):
        assert label in legend
    assert "L.control.scale()" in page
    assert re.search(r"fitBounds\(\s*\[\[30\.2, 106\.5\], \[30\.6, 106\.9\]\]", page)


def test_one_marker_row_per_station_with_reasons_in_chinese_and_english(page: str) -> None:
    result = small_plan_result()
    group = _groups(maps.map_from_result(result))["充电站 Charging stations (10)"]
    (points,) = [c for c in group._children.values() if isinstance(c, maps.page.PointRows)]
    assert len(points.rows) == len(result.stations) == 10
    assert [row[5] for row in points.rows] == result.stations["site_id"].tolist()
    assert points.rows_js in page
    # Chinese written as UTF-8, not \u escapes, and both reasons present
    for text in (
        "广安南站充电站",
        "10分钟内覆盖 120 辆电动车",
        "Covers 120 EVs within 10 min",
        "广安区",
    ):
        assert text in page
    assert "选址理由" in page and "Why here" in page
    assert "EVs only this station covers" in page
    assert "EVs within 10 min drive" in page


def test_existing_and_locked_stations_are_styled_differently() -> None:
    group = _groups(maps.map_from_result(small_plan_result()))["充电站 Charging stations (10)"]
    (points,) = [c for c in group._children.values() if isinstance(c, maps.page.PointRows)]
    styles = [row[2] for row in points.rows]
    assert styles[:3] == ["new", "existing", "locked"]
    assert "Existing station" in points.callback and "Locked site" in points.callback
    assert "已有站" in points.callback


def test_popups_of_piles_terminals_and_zones(page: str) -> None:
    assert "Piles / capacity" in page
    assert "步行 500 米内服务电动车" in page
    assert "Nearest station" in page and "Road distance (m)" in page
    assert "广安北充电站 (S02)" in page  # nearest station of the uncovered terminal T02, by name
    assert "Population" in page and "Access time (min)" in page and "到达时间(分钟)" in page


def test_data_text_is_html_escaped(page: str) -> None:
    assert NASTY_NAME not in page
    assert "<b>邻水" not in page
    assert "${alert(1)}" not in page  # would run inside a JavaScript template literal
    assert "\\u0026lt;b\\u0026gt;邻水\\u0026lt;/b\\u0026gt;" in page


def test_zero_demand_zones_dropped_and_coordinates_rounded() -> None:
    m = maps.map_from_result(scaled_plan_result(5, 5, 400, seed=3))
    (group,) = [g for name, g in _groups(m).items() if name.startswith("需求区")]
    (layer,) = [c for c in group._children.values() if isinstance(c, folium.GeoJson)]
    features = layer.data["features"]
    result = scaled_plan_result(5, 5, 400, seed=3)
    nonzero = int(((result.demand.fast_demand_ev > 0) | (result.demand.slow_demand_ev > 0)).sum())
    assert 0 < len(features) == nonzero < 400
    for feature in features:
        for x, y in feature["geometry"]["coordinates"][0]:
            assert round(x, 5) == x and round(y, 5) == y


def test_no_tiles_still_draws_every_vector_layer() -> None:
    page = _html(tiles=None)
    assert "tile.openstreetmap.org" not in page
    assert "var providers = []" in page
    assert sorted(_groups(maps.map_from_result(small_plan_result(), tiles=None))) == sorted(
        LAYER_NAMES.values()
    )
    assert "广安南站充电站" in page and "L.geoJson" in page


def test_osm_attribution_when_osm_data_is_used_even_without_tiles() -> None:
    page = _html(small_plan_result(synthetic=False), tiles=None)
    assert "© OpenStreetMap contributors" in page
    assert "attributionControl.addAttribution" in page
    assert "Synthetic demo data" not in page
    synthetic_no_tiles = _html(tiles=None)
    assert "addAttribution" not in _last_script(synthetic_no_tiles)


def test_same_result_gives_same_html_without_random_ids(page: str) -> None:
    assert _html() == page
    assert not re.search(r"_[0-9a-f]{32}\b", page)


def test_pile_layers_are_clustered() -> None:
    result = scaled_plan_result(maps.CLUSTER_MIN_SITES, maps.CLUSTER_MIN_SITES + 1, 30)
    m = maps.map_from_result(result)
    groups = _groups(m)
    (piles,) = [g for name, g in groups.items() if name.startswith("充电桩")]
    (stations,) = [g for name, g in groups.items() if name.startswith("充电站")]
    (cluster,) = [c for c in piles._children.values() if isinstance(c, FastMarkerCluster)]
    assert len(cluster.data) == maps.CLUSTER_MIN_SITES + 1
    assert not any(isinstance(c, FastMarkerCluster) for c in stations._children.values())
    page = m.get_root().render()
    assert "L.markerClusterGroup" in page and "MarkerClusterGroup" in page


def test_empty_layers_render() -> None:
    r = small_plan_result()
    empty = dataclasses.replace(
        r,
        stations=r.stations.iloc[:0],
        piles=r.piles.iloc[:0],
        terminals=r.terminals.iloc[:0],
        demand=r.demand.iloc[:0],
        candidates=r.candidates.iloc[:0],
    )
    page = _html(empty)
    groups = _groups(maps.map_from_result(empty))
    assert "充电站 Charging stations (0)" in groups and "需求区 Demand zones (0)" in groups
    assert "覆盖范围 Coverage areas (0)" in groups and "需求热力 Demand heat (0)" in groups
    assert "window.sitingMap" in page


def test_save_map_writes_atomically(tmp_path: Path) -> None:
    target = maps.save_map(maps.map_from_result(small_plan_result()), tmp_path / "map.html")
    assert target.read_bytes().decode("utf-8") == _html()
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_save_map_leaves_nothing_when_the_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(self: Path, target: Path) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        maps.save_map(maps.map_from_result(small_plan_result()), tmp_path / "map.html")
    assert list(tmp_path.iterdir()) == []


# A stand-in for Leaflet that records markers, so that the generated JavaScript can be run in Node.
_LEAFLET_STUB = r"""
const made = [];
function obj(kind, args) {
  const o = {kind, args, children: [], popup: null, tooltip: null,
    addTo(p) { if (p && p.children) { p.children.push(this); } return this; },
    addLayer(x) { this.children.push(x); return this; },
    bindPopup(c) { this.popup = c; return this; },
    bindTooltip(c) { this.tooltip = c; return this; },
    setIcon() { return this; }, addData() { return this; }, setStyle() { return this; },
    on() { return this; }, fitBounds() { return this; }, options: {}, addBaseLayer() { return this; },
    attributionControl: { addAttribution() {} } };
  made.push(o);
  return o;
}
const control = (...a) => obj("control", a);
control.scale = (...a) => obj("scale", a);
control.layers = (...a) => obj("layers", a);
global.window = global;
global.document = { body: { classList: { add() {}, remove() {} } }, documentElement: {},
  querySelectorAll: () => [] };
const Control = { extend: () => function () { return obj("control", []); } };
global.L = new Proxy({}, { get: (t, k) => k === "CRS" ? {EPSG3857: {}} :
  k === "control" ? control : k === "Control" ? Control : k === "HeatLayer" ? undefined :
  (...a) => obj(k, a) });
eval(require("fs").readFileSync(0, "utf8"));
const markers = made.filter(o => o.kind === "circleMarker" || o.kind === "marker");
console.log(JSON.stringify({
  markers: markers.length,
  popups: markers.filter(o => o.popup).map(o => o.popup),
  tooltips: markers.filter(o => o.tooltip).map(o => o.tooltip),
  clusters: made.filter(o => o.kind === "markerClusterGroup").length,
}));
"""


def _run_map_script(page: str, tmp_path: Path) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js not installed")
    stub = tmp_path / "stub.js"
    stub.write_text(_LEAFLET_STUB, encoding="utf-8")
    script = re.findall(r"<script>(.*?)</script>", page, re.S)[-1]
    run = subprocess.run(
        [node, str(stub)], input=script, capture_output=True, text=True, check=True, timeout=60
    )
    out: dict[str, Any] = json.loads(run.stdout)
    return out


def test_generated_javascript_runs_and_fills_every_popup(page: str, tmp_path: Path) -> None:
    out = _run_map_script(page, tmp_path)
    # 10 stations + 6 pile sites + 4 terminals + 15 candidates + 3 county labels
    assert out["markers"] == 38
    assert len(out["popups"]) == 20  # candidates and labels have none
    assert not any(re.search(r"\{@?\d+\}", text) for text in out["popups"] + out["tooltips"])
    station = next(p for p in out["popups"] if "siting-station" in p)
    assert (
        '<span class="l-zh" lang="zh-CN">选址理由:10分钟内覆盖 120 辆电动车</span>'
        '<span class="l-en" lang="en">Why here: Covers 120 EVs within 10 min</span>'
    ) in station
    assert "<td>1 (广安客运枢纽站(南站))</td>" in station
    nasty = next(p for p in out["popups"] if "邻水" in p)
    assert "&lt;b&gt;邻水&lt;/b&gt; &amp; &#34;站&#34; &#96;x&#96; &#36;{alert(1)}" in nasty


def test_generated_javascript_runs_when_clustered(tmp_path: Path) -> None:
    result = scaled_plan_result(20, maps.CLUSTER_MIN_SITES + 1, 30)
    out = _run_map_script(str(maps.map_from_result(result).get_root().render()), tmp_path)
    assert out["clusters"] == 1
    assert sum("siting-pile" in p for p in out["popups"]) == maps.CLUSTER_MIN_SITES + 1


def test_reason_lead_ins_from_results_are_not_doubled() -> None:
    r = small_plan_result()
    stations = r.stations.copy()
    stations["reason_zh"] = "选址理由：" + stations["reason_zh"] + "。"
    stations["reason_en"] = "Chosen: " + stations["reason_en"] + "."
    page = _html(dataclasses.replace(r, stations=stations))
    assert "10分钟内覆盖 120 辆电动车。" in page
    assert "选址理由：" not in page
    assert "Chosen:" not in page


# --- the planning model: stations sized by chargers, substations, corridors, stages, worst served ----
@pytest.fixture(scope="module")
def planning() -> PlanResult:
    return planning_plan_result()


@pytest.fixture(scope="module")
def planning_map(planning: PlanResult) -> folium.Map:
    return maps.map_from_result(planning)


@pytest.fixture(scope="module")
def planning_page(planning: PlanResult) -> str:
    return str(maps.map_from_result(planning).get_root().render())


def _rows(group: folium.FeatureGroup) -> maps.page.PointRows:
    (points,) = [c for c in group._children.values() if isinstance(c, maps.page.PointRows)]
    return points


def _geojson(group: folium.FeatureGroup) -> folium.GeoJson:
    (layer,) = [c for c in group._children.values() if isinstance(c, folium.GeoJson)]
    return layer


def test_planning_overlays_are_listed_in_order_with_counts(planning_map: folium.Map) -> None:
    groups = _groups(planning_map)
    names = {**LAYER_NAMES, **PLANNING_LAYER_NAMES}
    assert sorted(groups) == sorted(names.values())
    script = next(c for c in planning_map._children.values() if isinstance(c, maps.page.SitingScript))
    assert list(script.groups) == list(maps.LAYER_KEYS)  # every overlay, in the documented order
    for key, group in script.groups.items():
        assert _strip(group.layer_name).removeprefix(ANALYSIS) == names[key]
        assert group.show is (key not in maps.HIDDEN_LAYER_KEYS) is (key in maps.DECISION_LAYER_KEYS)
    assert set(maps.PLANNING_LAYER_KEYS) <= set(maps.LAYER_KEYS)


def test_base_model_map_has_no_planning_overlays() -> None:
    r = small_plan_result()
    assert len(r.substations) == len(r.corridor_trips) == len(r.stations_by_stage) == len(r.worst_served) == 0
    m = maps.map_from_result(r)
    script = next(c for c in m._children.values() if isinstance(c, maps.page.SitingScript))
    assert list(script.groups) == [k for k in maps.LAYER_KEYS if k not in maps.PLANNING_LAYER_KEYS]
    legend = _strip(str(m.get_root().render()).split('id="siting-legend"')[1])
    assert "Larger dot = more EVs covered" in legend and "Intercity trips" not in legend


def test_stations_are_sized_by_chargers(planning: PlanResult, planning_map: folium.Map) -> None:
    points = _rows(_groups(planning_map)["充电站 Charging stations (10)"])
    radius = {row[5]: row[3] for row in points.rows}
    chargers = dict(zip(planning.stations["site_id"], CHARGERS, strict=True))
    most = max(CHARGERS)  # the later sites have no more chargers than the largest station
    for site, r in radius.items():
        assert r == round(max(3.0, 14.0 * math.sqrt(chargers[site] / most)), 1)
    assert radius["S05"] == 14.0  # 10 chargers
    # area proportional to chargers: S03 has 8 chargers, S00 has 4 (radius ratio sqrt(2))
    assert radius["S03"] / radius["S00"] == pytest.approx(math.sqrt(2), abs=0.01)
    # not by EVs covered: S00 covers most EVs but has fewer chargers than S05
    assert radius["S00"] < radius["S05"]


def test_station_popup_shows_sizing_grid_and_corridor_role(planning_page: str, tmp_path: Path) -> None:
    out = _run_map_script(planning_page, tmp_path)
    assert not any(re.search(r"\{@?\d+\}", text) for text in out["popups"] + out["tooltips"])
    station = next(p for p in out["popups"] if "siting-station" in p and "广安南站充电站" in p)
    for zh, en, value in [
        ("快充桩 / 功率", "Chargers / power", "4 / 480 kW"),
        ("高峰每小时充电次数", "Peak-hour sessions per hour", "6.2"),
        ("高峰利用率", "Peak utilisation", "78%"),
        ("等待超过 10 分钟的概率", "P(wait &gt; 10 min)", "18%"),
        ("平均等待(分钟)", "Mean wait (min)", "4.2"),
        ("接入变电站 / 距离", "Substation / distance", "广安220kV变电站 (B1), 1.2 km"),
        (
            "农村站点",
            "Rural site",
            '<span class="l-zh" lang="zh-CN">否</span><span class="l-en" lang="en">no</span>',
        ),
    ]:
        assert (
            f'<tr><th><span class="l-zh" lang="zh-CN">{zh}</span>'
            f'<span class="l-en" lang="en">{en}</span></th><td>{value}</td></tr>' in station
        )
    assert (
        '<span class="l-zh" lang="zh-CN">关键:1 条城际线路仅靠本站(每日 120 车次)</span>'
        '<span class="l-en" lang="en">critical for 1 intercity trip(s) (120 EV trips/day)</span>'
    ) in station
    no_grid = next(p for p in out["popups"] if "siting-station" in p and "溪口充电站" in p)
    assert "<td>—</td>" in no_grid  # S09 connects to no substation
    assert "on no intercity route" in no_grid
    # the base-model popup has none of these rows
    base = _run_map_script(_html(), tmp_path)
    assert not any("Chargers / power" in p for p in base["popups"])


def test_substations_are_squares_coloured_by_headroom_used(
    planning_map: folium.Map, planning_page: str
) -> None:
    points = _rows(_groups(planning_map)["变电站 Substations (4)"])
    # B1 12 % (< 50 %), B2 96 % (>= 95 %), B3 60 % (50-80 %), B4 no station
    assert [(row[5], row[2]) for row in points.rows] == [
        ("B1", "h1"),
        ("B2", "h4"),
        ("B3", "h2"),
        ("B4", "h0"),
    ]
    styles = json.loads(re.search(r"var S = (\{.*?\}), T =", points.callback).group(1))
    assert all(styles[f"h{k}"]["square"] for k in range(5))
    assert [styles[f"h{k}"]["fillColor"] for k in range(5)] == [c[1] for c in palette.HEADROOM]
    b2 = next(row for row in points.rows if row[5] == "B2")
    # fields start at row[4]: name, id, kV, headroom source, headroom, used, then load/used/stations per stage
    assert b2[4:6] == ["前锋35kV变电站", "B2"] and b2[8:10] == ["2,000", "96%"]
    texts = json.loads(re.search(r"T = (\[.*?\]), P =", points.callback).group(1))
    assert (texts[b2[6]], texts[b2[7]]) == ("35 kV", "voltage default")
    assert b2[10:] == ["1,920", "96%", "3", "1,920", "96%", "3"]
    assert "siting-substation" in points.callback and "Load (kW)" in points.callback


def test_corridor_trips_are_lines_by_flow_and_coverage(planning_map: folium.Map) -> None:
    layer = _geojson(_groups(planning_map)["城际线路 Intercity trips (3)"])
    features = layer.data["features"]
    # drawn bottom to top: no charging needed, possible, not possible
    assert [f["properties"]["id"] for f in features] == ["Q1", "Q2", "Q3"]
    style = {f["properties"]["id"]: layer.style_function(f) for f in features}
    assert style["Q1"]["color"] == palette.CORRIDOR["short"]
    assert style["Q2"]["color"] == style["Q3"]["color"] == palette.CORRIDOR["uncovered"]
    assert "dashArray" in style["Q3"] and "dashArray" not in style["Q2"]  # Q3 can never be covered
    assert style["Q2"]["weight"] == 8.0 > style["Q1"]["weight"] > style["Q3"]["weight"]  # by flow
    q2 = next(f["properties"] for f in features if f["properties"]["id"] == "Q2")
    assert q2["od"] == (
        '<span class="l-zh" lang="zh-CN">广安区 → 重庆</span>'
        '<span class="l-en" lang="en">Guang&#39;an District → Chongqing</span>'
    )
    assert (q2["flow"], q2["km"], q2["cov"]) == ("300.0", "160.4", "2025 ✘ · 2030 ✔")
    assert "Possible, by stage" in str(layer.get_root().render())


def test_later_stations_and_worst_served_zones(planning: PlanResult, planning_map: folium.Map) -> None:
    groups = _groups(planning_map)
    later = _rows(groups["2030 新建充电站 Stations opened in 2030 (3)"])
    assert [row[5] for row in later.rows] == [site for site, _sub, _n in LATER_SITES]
    assert [row[3] for row in later.rows] == [
        round(max(3.0, 14.0 * math.sqrt(n / max(CHARGERS))), 1) for _s, _sub, n in LATER_SITES
    ]
    assert [row[8:10] for row in later.rows] == [["0", str(n)] for _s, _sub, n in LATER_SITES]
    assert "opened in {@2}" in later.callback
    worst = _geojson(groups["服务最差区域 Worst-served zones (10)"])
    props = [f["properties"] for f in worst.data["features"]]
    assert [p["id"] for p in props] == planning.worst_served["demand_id"].tolist()
    assert (props[0]["rank"], props[0]["un"], props[0]["county"]) == ("1", "300.0", "—")  # outside
    assert (props[1]["rank"], props[1]["un"], props[1]["county"]) == ("2", "120.0", "广安区")


def test_planning_legend_and_determinism(planning_page: str) -> None:
    legend = _strip(planning_page[planning_page.index('id="siting-legend"') :])
    for label in (
        "2025 新建 New, 2025",
        "2030 新建 New, 2030",
        "主要道路(规划所用路网) Major roads (the plan's network)",
        "Larger dot = more chargers",
        "变电站(2025 容量利用率) Substations (headroom used, 2025)",
        "≥ 95% ≥ 95 %",
        "城际线路(2025) Intercity trips (2025)",
        "电动车可完成 Possible for an EV",
        "无需途中充电 No charging needed",
        "服务最差区域 Worst-served zones",
    ):
        assert label in legend, label
    assert str(maps.map_from_result(planning_plan_result()).get_root().render()) == planning_page
    assert not re.search(r"_[0-9a-f]{32}\b", planning_page)
    assert "cdn." not in planning_page and "<script src=" not in planning_page


def test_stations_are_coloured_by_stage(planning_page: str, planning_map: folium.Map) -> None:
    """First stage: the new stations' dark blue; later stage: the light tone of the same hue, filled."""
    later = _rows(_groups(planning_map)["2030 新建充电站 Stations opened in 2030 (3)"])
    assert palette.STATION_LATER in later.callback and "dashArray" not in later.callback
    first = _rows(_groups(planning_map)["充电站 Charging stations (10)"])
    assert palette.STATION["new"] in first.callback and palette.STATION_LATER not in first.callback
    legend = planning_page[planning_page.index('id="siting-legend"') :]
    assert f"background:{palette.STATION_LATER}" in legend and palette.ROAD in legend


def test_major_roads_are_drawn_light_grey_under_everything(planning_map: folium.Map) -> None:
    script = next(c for c in planning_map._children.values() if isinstance(c, maps.page.SitingScript))
    assert next(iter(script.groups)) == "roads"  # drawn first, so under every other overlay
    roads = _geojson(_groups(planning_map)["主要道路 Major roads"])
    features = roads.data["features"]
    assert [f["properties"]["w"] for f in features] == [
        palette.ROAD_WEIGHTS["motorway"],
        palette.ROAD_WEIGHTS["primary"],
    ]  # the residential street is left out
    assert roads.style_function(features[0])["color"] == palette.ROAD
    assert roads.options.get("interactive") is False  # a road never swallows a click on a zone
    # coordinates at 4 decimals, no popups or tooltips (the layer stays small)
    coords = [c for f in features for line in f["geometry"]["coordinates"] for c in line]
    assert all(round(v, 4) == v for c in coords for v in c)
    assert not any(
        isinstance(c, folium.GeoJsonPopup | folium.GeoJsonTooltip) for c in roads._children.values()
    )


def test_popups_name_the_county_in_the_language_shown() -> None:
    result = small_plan_result()
    english = dict(zip(result.counties["county_id"], result.counties["name_en"], strict=True))
    stations = result.stations.copy()
    stations["county_name"] = [english.get(c, "") for c in stations["county_id"]]
    page = _html(dataclasses.replace(result, stations=stations))
    zh = result.counties["name_zh"].iloc[0]
    # the popup texts are a JSON array in the page: "<" and ">" written as \u003c and \u003e
    cell = (
        'l-zh\\" lang=\\"zh-CN\\"\\u003e'
        + zh
        + '\\u003c/span\\u003e\\u003cspan class=\\"l-en\\" lang=\\"en\\"\\u003eGuang'
    )
    assert cell in page
