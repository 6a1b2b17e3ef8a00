"""The HTML map in a real browser: headless Chromium (Debian ``chromium``) driven by Playwright.

The network is cut off (every request that is not the file itself is aborted), as on an intranet
without foreign CDNs or tile servers.  Skips only when Chromium or Playwright is absent.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _fixtures import small_plan_result
from _planning_fixtures import planning_plan_result

from siting import coords, maps

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """Path of the system Chromium (``SITING_CHROMIUM`` overrides), or None."""
    for candidate in (os.environ.get("SITING_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    exe = chromium_path()
    if exe is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=exe,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
        )
        yield context
        context.close()


def _open(browser: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    """Open a file with the network cut off; return the page, JS errors and blocked requests."""
    page = browser.new_page()
    errors: list[str] = []
    blocked: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and "Failed to load resource" not in msg.text
            else None
        ),
    )

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort("internetdisconnected")

    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_function("window.sitingMap !== undefined")
    return page, errors, blocked


@pytest.fixture(scope="module")
def map_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("map")
    return maps.save_map(maps.map_from_result(small_plan_result()), folder / "map.html")


_COUNT_MARKERS = """key => {
    let n = 0;
    const walk = l => { if (l instanceof L.CircleMarker || l instanceof L.Marker) { n++; }
                        else if (l.eachLayer) { l.eachLayer(walk); } };
    walk(window.sitingMap.layers[key]);
    return n;
}"""


def test_map_works_offline_with_every_layer_toggleable(browser: Any, map_file: Path, tmp_path: Path) -> None:
    page, errors, blocked = _open(browser, map_file)
    assert errors == []
    # only background tiles were requested from the network, never a script or a style sheet
    assert all("tile.openstreetmap.org" in url for url in blocked), blocked

    keys = page.evaluate("Object.keys(window.sitingMap.layers)")
    assert keys == [k for k in maps.LAYER_KEYS if k not in maps.PLANNING_LAYER_KEYS]  # base model
    labels = page.locator(".leaflet-control-layers-overlays label")
    assert labels.count() == len(keys)
    assert page.evaluate(_COUNT_MARKERS, "stations") == 10

    for i in range(labels.count()):
        box = labels.nth(i).locator("input")
        before = box.is_checked()
        box.click()
        assert box.is_checked() is not before
        box.click()
        assert box.is_checked() is before
    shown = page.evaluate(
        "Object.entries(window.sitingMap.layers).filter(([k, l]) => window.sitingMap.map.hasLayer(l))"
        ".map(([k]) => k)"
    )
    # the decision view without what a base-model plan without roads has no data for
    assert sorted(shown) == sorted(set(maps.DECISION_LAYER_KEYS) - {"roads", "stations_later"})
    assert sorted(shown) == sorted(set(keys) - set(maps.HIDDEN_LAYER_KEYS))
    for i in range(labels.count()):  # everything on, for the screenshot
        box = labels.nth(i).locator("input")
        if not box.is_checked():
            box.click()
    assert page.evaluate(
        "Object.values(window.sitingMap.layers).every(l => window.sitingMap.map.hasLayer(l))"
    )
    page.wait_for_timeout(300)
    shot = tmp_path / "map.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    assert errors == []
    page.close()


def test_language_switch_changes_labels(browser: Any, map_file: Path) -> None:
    page, errors, _ = _open(browser, map_file)
    first = page.locator(".leaflet-control-layers-overlays label").last
    title = page.locator("#siting-title")
    assert "充电站" in first.inner_text() and "Charging stations" not in first.inner_text()
    assert "广安市电动汽车充电设施规划" in title.inner_text()
    page.click(".siting-lang a[data-lang=en]")
    assert "Charging stations" in first.inner_text() and "充电站" not in first.inner_text()
    assert "Guang'an EV charging plan" in title.inner_text()
    assert "广安" not in title.inner_text()
    assert "Legend" in page.locator("#siting-legend summary").inner_text()
    assert page.evaluate("document.documentElement.lang") == "en"
    page.click(".siting-lang a[data-lang=zh]")
    assert "图例" in page.locator("#siting-legend summary").inner_text()
    assert errors == []
    page.close()


def test_popup_opens_with_reasons(browser: Any, map_file: Path) -> None:
    page, errors, _ = _open(browser, map_file)
    page.evaluate(
        """() => { let first = null;
        window.sitingMap.layers.stations.eachLayer(l => { if (!first) { first = l; } });
        first.openPopup(); }"""
    )
    popup = page.locator(".leaflet-popup-content")
    assert "选址理由" in popup.inner_text() and "Why here" not in popup.inner_text()
    assert errors == []
    page.close()


def test_gcj02_base_layer_shifts_vector_layers(browser: Any, map_file: Path) -> None:
    page, errors, _ = _open(browser, map_file)
    get = """() => { let first = null;
        window.sitingMap.layers.stations.eachLayer(l => { if (!first) { first = l; } });
        const p = first.getLatLng(); return [p.lng, p.lat]; }"""
    lon, lat = page.evaluate(get)
    page.locator(".leaflet-control-layers-base label", has_text="AMap").locator("input").click()
    assert page.evaluate("window.sitingMap.state.gcj02") is True
    g_lon, g_lat = page.evaluate(get)
    exp_lon, exp_lat = coords.wgs84_to_gcj02(lon, lat)
    assert abs(g_lon - exp_lon) < 5e-6 and abs(g_lat - exp_lat) < 5e-6  # < 0.5 m
    page.locator(".leaflet-control-layers-base label", has_text="OpenStreetMap").locator("input").click()
    assert page.evaluate(get) == [lon, lat]
    assert errors == []
    page.close()


def test_assets_beside_the_file_work_offline(browser: Any, tmp_path: Path) -> None:
    path = maps.save_map(
        maps.map_from_result(small_plan_result(), inline_assets=False, tiles=None), tmp_path / "map.html"
    )
    page, errors, blocked = _open(browser, path)
    assert errors == [] and blocked == []
    assert page.evaluate(_COUNT_MARKERS, "stations") == 10
    page.close()


# --- a plan of the planning model ------------------------------------------------------------------
@pytest.fixture(scope="module")
def planning_map_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("planning-map")
    return maps.save_map(maps.map_from_result(planning_plan_result()), folder / "map.html")


_OPEN_FEATURE_POPUP = """key => {
    window.sitingMap.map.closePopup();
    let found = null;
    const walk = l => {
        if (found) { return; }
        if (l.feature) { found = l; } else if (l.eachLayer) { l.eachLayer(walk); }
    };
    walk(window.sitingMap.layers[key]);
    const at = found.getCenter ? found.getCenter() : found.getLatLngs()[0];
    let text = null;
    window.sitingMap.map.once("popupopen", e => { text = e.popup.getElement().innerText; });
    found.fire("click", {latlng: at}, true);  // propagates to the GeoJSON layer, which binds the popup
    return text;
}"""

_OPEN_MARKER_POPUP = """([key, n]) => {
    window.sitingMap.map.closePopup();
    const found = [];
    const walk = l => {
        if (l.getLatLng && l.getPopup && l.getPopup()) { found.push(l); }
        else if (l.eachLayer) { l.eachLayer(walk); }
    };
    walk(window.sitingMap.layers[key]);
    found[n].openPopup();
    return found[n].getPopup().getElement().innerText;
}"""


def test_planning_overlays_toggle_and_open_popups(browser: Any, planning_map_file: Path) -> None:
    page, errors, blocked = _open(browser, planning_map_file)
    assert errors == []
    assert all("tile.openstreetmap.org" in url for url in blocked), blocked
    keys = page.evaluate("Object.keys(window.sitingMap.layers)")
    assert keys == list(maps.LAYER_KEYS)  # every overlay, the planning ones included
    labels = page.locator(".leaflet-control-layers-overlays label")
    assert labels.count() == len(keys)
    assert "城际线路" in labels.nth(keys.index("corridor_trips")).inner_text()
    shown = page.evaluate(
        "Object.entries(window.sitingMap.layers).filter(([k, l]) => window.sitingMap.map.hasLayer(l))"
        ".map(([k]) => k)"
    )
    assert sorted(shown) == sorted(set(keys) - set(maps.HIDDEN_LAYER_KEYS))
    for i in range(labels.count()):
        box = labels.nth(i).locator("input")
        before = box.is_checked()
        box.click()
        assert box.is_checked() is not before
        box.click()
        assert box.is_checked() is before
    for key in maps.HIDDEN_LAYER_KEYS:  # hidden at start: switch them on
        labels.nth(keys.index(key)).locator("input").click()
    assert page.evaluate(
        "Object.values(window.sitingMap.layers).every(l => window.sitingMap.map.hasLayer(l))"
    )
    assert page.evaluate(_COUNT_MARKERS, "stations") == 10
    assert page.evaluate(_COUNT_MARKERS, "stations_later") == 3
    assert page.evaluate(_COUNT_MARKERS, "substations") == 4
    assert (
        page.evaluate(
            "(() => { let n = 0; window.sitingMap.layers.corridor_trips.eachLayer(g => g.eachLayer(l => { "
            "if (l instanceof L.Polyline) { n++; } })); return n; })()"
        )
        == 3
    )

    station = page.evaluate(_OPEN_MARKER_POPUP, ["stations", 0])
    assert "快充桩 / 功率" in station and "4 / 480 kW" in station and "Chargers / power" not in station
    substation = page.evaluate(_OPEN_MARKER_POPUP, ["substations", 1])
    assert "前锋35kV变电站" in substation and "96%" in substation and "2030" in substation
    trip = page.evaluate(_OPEN_FEATURE_POPUP, "corridor_trips")
    assert "广安区 → 前锋区" in trip and "Guang'an District" not in trip
    page.click(".siting-lang a[data-lang=en]")
    trip = page.evaluate(_OPEN_FEATURE_POPUP, "corridor_trips")
    assert (
        "Guang'an District → Qianfeng District" in trip
        and "EV trips per day" in trip
        and "广安区" not in trip
    )
    worst = page.evaluate(_OPEN_FEATURE_POPUP, "worst_served")
    assert "EVs not served" in worst and "Z003" in worst
    assert "Intercity trips (2025)" in page.locator("#siting-legend").inner_text()
    assert errors == []
    page.close()


def test_gcj02_shift_moves_the_planning_overlays(browser: Any, planning_map_file: Path) -> None:
    page, errors, _ = _open(browser, planning_map_file)
    get = """() => { const out = {};
        window.sitingMap.layers.substations.eachLayer(l => {
            if (!out.sub) { const p = l.getLatLng(); out.sub = [p.lng, p.lat]; } });
        window.sitingMap.layers.corridor_trips.eachLayer(g => g.eachLayer(l => {
            if (!out.trip) { const p = l.getLatLngs()[0]; out.trip = [p.lng, p.lat]; } }));
        return out; }"""
    before = page.evaluate(get)
    page.locator(".leaflet-control-layers-base label", has_text="AMap").locator("input").click()
    after = page.evaluate(get)
    for key in ("sub", "trip"):
        lon, lat = before[key]
        exp_lon, exp_lat = coords.wgs84_to_gcj02(lon, lat)
        assert abs(after[key][0] - exp_lon) < 5e-6 and abs(after[key][1] - exp_lat) < 5e-6
    assert errors == []
    page.close()


#: Where the Done-when screenshots of issue 13 go (docs/ of the repository), when SITING_SCREENSHOTS=1.
DOCS = Path(__file__).resolve().parents[1] / "docs"

_BOXES = """() => {
    const m = window.sitingMap.map;
    const b = window.sitingMap.layers.counties.getBounds();
    const a = m.latLngToContainerPoint(b.getNorthWest()), z = m.latLngToContainerPoint(b.getSouthEast());
    const frame = m.getContainer().getBoundingClientRect();
    const legend = document.querySelector('.siting-legend, .legend, [class*="legend"]');
    const r = legend ? legend.getBoundingClientRect() : null;
    return {area: [a.x + frame.left, a.y + frame.top, z.x + frame.left, z.y + frame.top],
            legend: r ? [r.left, r.top, r.right, r.bottom] : null};
}"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_default_map_is_the_decision_view_and_the_legend_leaves_the_study_area_free(
    browser: Any, planning_map_file: Path, size: tuple[int, int], tmp_path: Path
) -> None:
    page, errors, _blocked = _open(browser, planning_map_file)
    assert errors == []
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.evaluate("window.sitingMap.map.invalidateSize(false)")
    page.evaluate("window.dispatchEvent(new Event('resize'))")
    page.wait_for_timeout(300)
    shown = page.evaluate(
        "Object.entries(window.sitingMap.layers).filter(([k, l]) => window.sitingMap.map.hasLayer(l))"
        ".map(([k]) => k)"
    )
    assert sorted(shown) == sorted(maps.DECISION_LAYER_KEYS)
    boxes = page.evaluate(_BOXES)
    assert boxes["legend"] is not None
    assert not _overlap(boxes["legend"], boxes["area"]), boxes
    shot = page.screenshot()
    target = DOCS if os.environ.get("SITING_SCREENSHOTS") == "1" else tmp_path
    (target / f"screenshot-map-{size[0]}x{size[1]}.png").write_bytes(shot)
    page.close()


def test_report_first_page_has_the_five_numbers_and_what_is_unmet(browser: Any, tmp_path: Path) -> None:
    from siting import report

    path = report.save_report(planning_plan_result(), tmp_path / "report.html")
    page = browser.new_page()
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(path.as_uri())
    page.emulate_media(media="print")
    numbers = page.locator(".summary .number")
    assert numbers.count() == 5
    assert [numbers.nth(i).get_attribute("data-key") for i in range(5)] == [
        "stations",
        "piles",
        "evs",
        "terminals",
        "chargers",
    ]
    unmet = page.locator("#unmet")
    assert unmet.is_visible() and "What is not met" in unmet.inner_text()
    # printed, the summary ends the first A4 page: the key indicators start on the next one
    assert page.evaluate("getComputedStyle(document.querySelector('.summary')).breakAfter") == "page"
    # no table is wider than the A4 text width (186 mm at 96 px per inch)
    page.set_viewport_size({"width": 703, "height": 1000})
    wide = page.evaluate(
        "[...document.querySelectorAll('table')].filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)"
        ".length"
    )
    assert wide == 0
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 720})
    shot = page.screenshot()
    target = DOCS if os.environ.get("SITING_SCREENSHOTS") == "1" else tmp_path
    (target / "screenshot-report.png").write_bytes(shot)
    page.close()
