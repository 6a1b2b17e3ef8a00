"""Regenerate the docs screenshots of the demo's map and report.

Two modes:

* ``python docs/make_screenshot.py`` writes docs/screenshot-map.png: runs the offline demo plan with fewer
  stations and piles (quick), writes the map with the assets inlined, opens it in headless Chromium with the
  network cut off (Playwright driving the system Chromium, as in tests/test_browser.py), switches every
  overlay on and saves a 1400×900 screenshot.
* ``python docs/make_screenshot.py --from out/demo`` takes the ``map.html`` and ``report.html`` of a finished
  ``siting demo`` and writes the default map as it opens (the decision view) at 1280×720 and 1920×1080
  (docs/screenshot-map-1280x720.png, docs/screenshot-map-1920x1080.png) and the report's first screen at
  1280×720 (docs/screenshot-report.png); it prints the overlays shown and whether the legend's box
  overlaps the study area's.

    python docs/make_screenshot.py [--out docs/screenshot-map.png] [--chromium /usr/bin/chromium]
    python docs/make_screenshot.py --from out/demo [--docs docs]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from siting import maps, pipeline
from siting.scenario import scenario_from_toml

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


#: The study area's box on screen (the county boundaries) and the legend's, in page pixels.
_BOXES = """() => {
    const m = window.sitingMap.map;
    const b = window.sitingMap.layers.counties.getBounds();
    const a = m.latLngToContainerPoint(b.getNorthWest()), z = m.latLngToContainerPoint(b.getSouthEast());
    const frame = m.getContainer().getBoundingClientRect();
    const r = document.querySelector('.siting-legend').getBoundingClientRect();
    return {area: [a.x + frame.left, a.y + frame.top, z.x + frame.left, z.y + frame.top],
            legend: [r.left, r.top, r.right, r.bottom]};
}"""
_SHOWN = """Object.entries(window.sitingMap.layers)
    .filter(([k, l]) => window.sitingMap.map.hasLayer(l)).map(([k]) => k)"""


def _offline(page: Any) -> None:
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())


def shots_from_output(folder: Path, docs: Path, chromium: str) -> None:
    """The decision-view map at 1280×720 and 1920×1080 and the report's first screen, from ``folder``."""
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"), executable_path=chromium, headless=True, args=ARGS
        )
        for width, height in ((1280, 720), (1920, 1080)):
            page = ctx.new_page()
            page.set_viewport_size({"width": width, "height": height})
            _offline(page)
            page.goto((folder / "map.html").as_uri())
            page.wait_for_function("window.sitingMap !== undefined")
            page.wait_for_timeout(1500)
            boxes = page.evaluate(_BOXES)
            a, g = boxes["area"], boxes["legend"]
            overlap = a[0] < g[2] and g[0] < a[2] and a[1] < g[3] and g[1] < a[3]
            print(f"{width}x{height}: shown {page.evaluate(_SHOWN)}; legend {g}, area {a}, overlap {overlap}")
            page.screenshot(path=str(docs / f"screenshot-map-{width}x{height}.png"))
            page.close()
        page = ctx.new_page()
        page.set_viewport_size({"width": 1280, "height": 720})
        _offline(page)
        page.goto((folder / "report.html").as_uri())
        page.wait_for_timeout(500)
        page.screenshot(path=str(docs / "screenshot-report.png"))
        ctx.close()
    print(f"wrote {docs}/screenshot-map-1280x720.png, screenshot-map-1920x1080.png, screenshot-report.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("screenshot-map.png"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument(
        "--from", dest="source", type=Path, help="output folder of siting demo: shoot its map and report"
    )
    parser.add_argument("--docs", type=Path, default=Path(__file__).parent, help="where --from writes")
    args = parser.parse_args()
    if args.source is not None:
        shots_from_output(args.source, args.docs, args.chromium)
        return

    scenario = scenario_from_toml(time_limit_s=120).with_targets(n_stations=60, n_piles=1000)
    scenario = scenario.replace(name=f"{scenario.name}-synthetic-demo")
    inputs = pipeline.inputs_from_synthetic(scenario, seed=0, progress=print)
    result = pipeline.plan(scenario, inputs, progress=print)
    with tempfile.TemporaryDirectory() as tmp:
        html = maps.save_map(maps.map_from_result(result, tiles=None), Path(tmp) / "map.html")
        with sync_playwright() as pw:
            ctx = pw.chromium.launch_persistent_context(
                str(Path(tmp) / "profile"),
                executable_path=args.chromium,
                headless=True,
                args=ARGS,
                viewport={"width": 1400, "height": 900},
            )
            page = ctx.new_page()
            page.route(
                "**/*",
                lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
            )
            page.goto(html.as_uri())
            page.wait_for_function("window.sitingMap !== undefined")
            page.evaluate(
                "Object.values(window.sitingMap.layers).forEach(l => window.sitingMap.map.addLayer(l))"
            )
            page.wait_for_timeout(1000)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            ctx.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
