"""Regenerate docs/screenshot-map.png: the demo map (synthetic Guang'an) with every layer on.

Runs the offline demo plan with fewer stations and piles (quick), writes the map with the assets
inlined, opens it in headless Chromium with the network cut off (Playwright driving the system
Chromium, as in tests/test_browser.py), switches every overlay on and saves a 1400×900 screenshot.

    python docs/make_screenshot.py [--out docs/screenshot-map.png] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("screenshot-map.png"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()

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
