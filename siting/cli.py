"""Command line: ``siting plan`` and ``siting demo``.

Exit codes: 0 success; 1 unexpected internal error (a bug: please report it); 2 bad input (scenario, files,
network); 3 OpenStreetMap unreachable; 4 requirements cannot all be met; 5 solver found no plan;
130 interrupted (Ctrl-C).  Errors print one message naming the input and the fix; no output folder is left
half-written.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from siting import maps
from siting._errors import InputDataError, SitingError
from siting.maps import DEFAULT_TILES
from siting.scenario import Scenario, default_scenario_path, scenario_from_toml

__all__ = ["main"]

log = logging.getLogger("siting")


class _Progress:
    """Prints each step with the elapsed time to stderr (silent with --quiet)."""

    def __init__(self, quiet: bool, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        if message.startswith("highs:") and not self.verbose:
            return  # the solver's own log only with --verbose
        if not self.quiet:
            print(
                f"[{time.perf_counter() - self.start:7.1f} s] {message}",
                file=sys.stderr,
                flush=True,
            )


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="siting",
        description=(
            "Plan EV charging stations and piles on OpenStreetMap roads with a mixed-integer model "
            "(default: Guang'an 2025 targets, 254 stations and 4,869 piles, 50% of passenger terminals)."
        ),
    )
    p.add_argument("--quiet", action="store_true", help="print only errors (no progress, no summary)")
    p.add_argument("--verbose", action="store_true", help="print debug messages and the solver's own log")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser, default_out: str) -> None:
        sp.add_argument(
            "--out",
            type=Path,
            default=Path(default_out),
            help=f"output folder, written atomically (default: {default_out})",
        )
        sp.add_argument("--overwrite", action="store_true", help="replace the output folder if it exists")
        sp.add_argument(
            "--map-dir",
            type=Path,
            default=Path("maps"),
            help="also write the HTML map here as <scenario name>.html (default: maps; '' to skip)",
        )
        sp.add_argument(
            "--stations", type=int, help="number of stations to open (default: the scenario's, 254)"
        )
        sp.add_argument("--piles", type=int, help="number of piles to place (default: the scenario's, 4869)")
        sp.add_argument(
            "--time-limit", type=float, help="solver time limit in seconds (default: the scenario's)"
        )
        sp.add_argument(
            "--gap",
            type=float,
            help="relative optimality gap at which the solver stops, e.g. 0.005 = 0.5%% "
            "(default: the scenario's)",
        )
        sp.add_argument(
            "--inline-assets",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="write Leaflet and its plugins into map.html so it works with no network "
            "(default); --no-inline-assets writes them to siting-assets/ beside the map",
        )
        sp.add_argument(
            "--tiles",
            default=",".join(DEFAULT_TILES),
            help="background base layers of the map, first shown at start: comma-separated "
            "osm, amap (GCJ-02; vector layers are shifted to match), tianditu, a tile URL template, "
            f"or 'none' (default: {','.join(DEFAULT_TILES)})",
        )
        sp.add_argument(
            "--tianditu-key",
            help="Tianditu API key (tk); adds the Tianditu base layer (default: $TIANDITU_KEY)",
        )
        sp.add_argument(
            "--write-model",
            type=Path,
            metavar="PATH.mps",
            help="also write the exact model handed to the solver (.mps or .lp, by suffix) "
            "to send it to another solver (default: not written)",
        )
        sp.add_argument(
            "--crs",
            help="CRS of the GeoPackage and Shapefiles, e.g. EPSG:4545 (CGCS2000 / 3-degree Gauss-Kruger "
            "CM 108E, the zone of Guang'an's centroid); GeoJSON stays WGS-84 (default: EPSG:4326)",
        )
        sp.add_argument(
            "--language",
            choices=("zh", "en"),
            default="zh",
            help="map language at start; the page has a 中文/English switch (default: zh)",
        )

    plan = sub.add_parser(
        "plan",
        help="plan from live OpenStreetMap (default) or a local extract (--osm-file)",
        description=(
            "Plan from live OpenStreetMap (Guang'an boundary by default; downloads are cached) or, "
            "with --osm-file, from a local .osm/.osm.bz2/.osm.pbf extract whose own extent is the study "
            "area unless --boundary is given."
        ),
    )
    plan.add_argument(
        "scenario",
        nargs="?",
        type=Path,
        help=f"scenario TOML (default: the shipped {default_scenario_path().name})",
    )
    plan.add_argument("--osm-file", type=Path, help="local OSM extract (.osm, .osm.bz2, .osm.pbf)")
    plan.add_argument("--boundary", type=Path, help="study-area polygon file (GeoJSON/GPKG/SHP)")
    common(plan, "out/plan")

    demo = sub.add_parser(
        "demo",
        help="offline demo on the synthetic Guang'an road network (not real roads)",
        description="Fully offline: the Guang'an 2025 scenario on a synthetic road network.",
    )
    demo.add_argument("--seed", type=int, default=0, help="seed of the synthetic city (default 0)")
    common(demo, "out/demo")
    return p


def _scenario(args: argparse.Namespace) -> Scenario:
    overrides = {
        "n_stations": args.stations,
        "n_piles": args.piles,
        "time_limit_s": args.time_limit,
        "mip_rel_gap": args.gap,
    }
    path = getattr(args, "scenario", None)
    scenario = scenario_from_toml(path, **overrides)
    if args.command == "demo":
        scenario = scenario.replace(name=f"{scenario.name}-synthetic-demo")
    elif getattr(args, "osm_file", None) is not None and path is None:
        stem = args.osm_file.name.split(".")[0]
        scenario = scenario.replace(
            name=stem,
            title_en=f"EV charging plan — {stem}",
            title_zh=f"充电设施规划 — {stem}",
        )
    return scenario


def _run(args: argparse.Namespace) -> int:
    from siting import export
    from siting import plan as plan_mod

    progress = _Progress(args.quiet, args.verbose)
    tiles = [] if args.tiles.strip().lower() in ("", "none") else [t.strip() for t in args.tiles.split(",")]
    try:  # check the map options before the long run
        maps._tile_providers(tiles, args.tianditu_key or os.environ.get("TIANDITU_KEY"))
    except ValueError as exc:
        raise InputDataError(f"--tiles: {exc}") from exc
    if args.write_model is not None and args.write_model.suffix.lower() not in (".mps", ".lp"):
        raise InputDataError(f"--write-model {args.write_model}: the file must end in .mps or .lp.")
    if args.crs:
        export.check_crs(args.crs)  # a bad --crs fails before the long run
    scenario = _scenario(args)
    out: Path = args.out
    if out.exists() and not args.overwrite:
        raise SitingError(
            f"output folder {out} exists; pass --overwrite to replace it or choose another --out."
        )
    if args.command == "demo":
        inputs = plan_mod.inputs_from_synthetic(scenario, seed=args.seed, progress=progress)
    elif args.osm_file is not None:
        inputs = plan_mod.inputs_from_osm_file(
            scenario, args.osm_file, boundary=args.boundary, progress=progress
        )
    else:
        inputs = plan_mod.inputs_from_live_osm(scenario, boundary=args.boundary, progress=progress)
    result = plan_mod.plan(scenario, inputs, progress=progress, write_model=args.write_model)
    progress(f"writing {out}")
    map_options = {
        "tiles": tiles,
        "inline_assets": args.inline_assets,
        "language": args.language,
        "tianditu_key": args.tianditu_key,
    }
    paths = export.write_outputs(result, out, overwrite=args.overwrite, map_options=map_options, crs=args.crs)
    if str(args.map_dir) not in ("", "."):
        args.map_dir.mkdir(parents=True, exist_ok=True)
        target = args.map_dir / f"{scenario.name}.html"
        tmp = target.with_suffix(".html.tmp")
        shutil.copyfile(paths["map.html"], tmp)
        tmp.replace(target)
        if not args.inline_assets:
            shutil.copytree(out / "siting-assets", args.map_dir / "siting-assets", dirs_exist_ok=True)
        progress(f"map: {target}")
    if not args.quiet:
        print(_summary(result, out), flush=True)
    return 0


def _summary(result: object, out: Path) -> str:
    from siting.results import PlanResult

    assert isinstance(result, PlanResult)
    k = dict(zip(result.kpis["kpi"], result.kpis["value"], strict=True))
    solver = result.manifest.get("solver", {})
    lines = [
        f"Plan written to {out}/ ({result.manifest['data_source']['label']})",
        f"  stations   {k['stations_opened']} of {k['stations_target']}",
        f"  piles      {k['piles_placed']:,} of {k['piles_target']:,}",
        f"  terminals  {k['terminals_covered']} of {k['terminals_total']} covered "
        f"(required {k['terminal_quota']})",
        f"  fast-charging coverage {100 * float(k['fast_covered_share']):.1f}% of EVs, "
        f"slow-charging demand served {100 * float(k['slow_served_share']):.1f}%",
        f"  solver     {solver.get('status')}, gap {100 * float(solver.get('gap', 0.0)):.3f}% "
        f"(bound from {solver.get('bound_source')}), {float(solver.get('time_total_s', 0.0)):.1f} s",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``siting`` console script; returns the exit code."""
    args = _parser().parse_args(argv)
    level = logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)
    try:
        return _run(args)
    except SitingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted: no output was written.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
