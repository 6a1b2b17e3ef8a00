"""The command line's arguments: one argparse builder per command (``plan``, ``demo``, ``compare``,
``batch``, ``robust``) and the options they share.

:func:`build_parser` is what :func:`siting.cli.main` parses with; the commands themselves (checks, runs,
exit codes) are in :mod:`siting.cli`.  Nothing here loads the planner: ``siting --help`` stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from siting import __version__
from siting.scenario import default_scenario_path

__all__ = ["build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """The ``siting`` parser: global options and one sub-command per builder below."""
    p = argparse.ArgumentParser(
        prog="siting",
        description=(
            "Plan EV charging stations and piles on OpenStreetMap roads with a mixed-integer model "
            "(default: Guang'an 2025 targets, 254 stations and 4,869 piles, 50% of passenger terminals)."
        ),
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_global_options(p, default=False)
    sub = p.add_subparsers(dest="command", required=True)
    _add_plan_command(sub)
    _add_demo_command(sub)
    _add_compare_command(sub)
    _add_batch_command(sub)
    _add_robust_command(sub)
    for command in sub.choices.values():  # `siting plan --quiet` as well as `siting --quiet plan`
        _add_global_options(command, default=argparse.SUPPRESS)
    return p


def _add_global_options(p: argparse.ArgumentParser, *, default: Any) -> None:
    """``--quiet`` and ``--verbose``; a sub-command's copy (default SUPPRESS) never resets the main one's."""
    p.add_argument(
        "--quiet", action="store_true", default=default, help="print only errors (no progress, no summary)"
    )
    p.add_argument(
        "--verbose",
        action="store_true",
        default=default,
        help="print debug messages and the solver's own log",
    )


def _add_plan_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``siting plan [SCENARIO] [--osm-file F] [--boundary B]`` and the common plan options."""
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
    plan.add_argument(
        "--keep-components",
        action="store_true",
        help="keep large disconnected road parts (islands such as Gozo) as separate islands, each covered "
        "by its own stations (default: only the largest part is planned; the others are named)",
    )
    _add_data_options(plan)
    _add_plan_options(plan, "out/plan")


def _add_demo_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``siting demo [--seed N]`` and the common plan options."""
    demo = sub.add_parser(
        "demo",
        help="offline demo on the synthetic Guang'an road network (not real roads)",
        description="Fully offline: the Guang'an 2025 scenario on a synthetic road network.",
    )
    demo.add_argument("--seed", type=int, default=0, help="seed of the synthetic city (default 0)")
    _add_data_options(demo)
    _add_plan_options(demo, "out/demo")


def _add_data_options(sp: argparse.ArgumentParser) -> None:
    """The planner's own data of ``plan`` and ``demo``; each sets the scenario key of the same meaning."""
    sp.add_argument(
        "--skim",
        type=Path,
        metavar="SKIM.omx|.csv",
        help="transport-model skim (OpenMatrix, or a long CSV origin,destination,minutes): its zone-to-zone "
        "times replace the road network's for fast-charging coverage; needs --zones (scenario: skim_file)",
    )
    sp.add_argument(
        "--zones",
        type=Path,
        help="zone polygons with a zone_id column: they become the demand zones (scenario: zones_file)",
    )
    sp.add_argument(
        "--population-raster",
        type=Path,
        metavar="POP.tif",
        help="population raster (people per cell, any CRS): demand zones get its area-weighted sums, "
        "scaled to the county census when counties are known (scenario: population_raster)",
    )


def _add_plan_options(sp: argparse.ArgumentParser, default_out: str) -> None:
    """Options of ``plan`` and ``demo``: output folder, targets, solver limits, then the map and GIS."""
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
        "--stations",
        type=int,
        help="number of stations to open in the first stage (default: the scenario's, 254); later "
        "stages are scaled by the same ratio",
    )
    sp.add_argument(
        "--piles",
        type=int,
        help="number of piles to place in the first stage (default: the scenario's, 4869); later stages "
        "are scaled by the same ratio",
    )
    sp.add_argument(
        "--first-stage-only",
        action="store_true",
        help="plan only the first stage (drop the scenario's later stages, e.g. 2030)",
    )
    sp.add_argument("--time-limit", type=float, help="solver time limit in seconds (default: the scenario's)")
    sp.add_argument(
        "--gap",
        type=float,
        help="relative optimality gap at which the solver stops, e.g. 0.005 = 0.5%% "
        "(default: the scenario's)",
    )
    sp.add_argument(
        "--write-model",
        type=Path,
        metavar="PATH.mps",
        help="also write the exact model handed to the solver (.mps or .lp, by suffix) "
        "to send it to another solver (default: not written)",
    )
    _add_map_options(sp)


def _add_map_options(sp: argparse.ArgumentParser) -> None:
    """Options of the map and the GIS files of ``plan`` and ``demo``."""
    sp.add_argument(
        "--inline-assets",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="write Leaflet and its plugins into map.html so it works with no network "
        "(default); --no-inline-assets writes them to siting-assets/ beside the map",
    )
    sp.add_argument(
        "--tiles",
        default=None,
        help="background base layers of the map, first shown at start: comma-separated "
        "osm, amap (GCJ-02; vector layers are shifted to match), tianditu, a tile URL template, "
        "or 'none' (default: siting.maps.DEFAULT_TILES, i.e. osm,amap)",
    )
    sp.add_argument(
        "--tianditu-key",
        help="Tianditu API key (tk); adds the Tianditu base layer (default: $TIANDITU_KEY)",
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


def _add_batch_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``siting batch BATCH.toml --out DIR``: many study areas x scenario variants on Dask distributed."""
    batch = sub.add_parser(
        "batch",
        help="plan many study areas x scenario variants on Dask distributed (docs/scale-out.md)",
        description=(
            "Plan many study areas x scenario variants on Dask distributed (a local cluster by default). "
            "Each task writes its own plan folder; summary.csv, summary.gpkg and overview.html cover all. "
            "Exit 0: every task ok; 1: some failed (summary.csv says why); 2: a bad batch file."
        ),
    )
    batch.add_argument(
        "batch", type=Path, metavar="BATCH.toml", help="batch file: [[area]], [[variant]], [grid]"
    )
    batch.add_argument(
        "--out", type=Path, default=Path("out/batch"), help="output folder (default: out/batch)"
    )
    batch.add_argument(
        "--cache", type=Path, help="prepare cache folder (default: OUT/cache); shared on a cluster"
    )
    batch.add_argument(
        "--scheduler",
        metavar="tcp://HOST:8786",
        help="attach to a running Dask scheduler (default: $SITING_SCHEDULER, else a local cluster)",
    )
    batch.add_argument(
        "--workers", type=int, help="worker processes of the local cluster (default: one per core)"
    )
    batch.add_argument("--force", action="store_true", help="redo tasks whose output folder exists")
    batch.add_argument("--serial", action="store_true", help="run in this process without Dask (debugging)")


def _add_robust_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``siting robust SCENARIO.toml --samples K --out DIR``: one plan that holds up in K sampled futures."""
    robust = sub.add_parser(
        "robust",
        help="plan K sampled futures of the scenario's [uncertainty] table on Dask, and one robust plan",
        description=(
            "Draw K futures of the [uncertainty] table (Latin hypercube), plan each on Dask distributed, "
            "evaluate every plan in every future and solve the max-min relative coverage plan. Writes "
            "futures.csv, futures/<k>/, regret.csv, robust.csv, regret.svg and the robust plan folder."
        ),
    )
    robust.add_argument(
        "scenario", type=Path, metavar="SCENARIO.toml", help="scenario with an [uncertainty] table"
    )
    robust.add_argument("--samples", type=int, required=True, metavar="K", help="number of futures (>= 2)")
    robust.add_argument(
        "--out", type=Path, default=Path("out/robust"), help="output folder (default: out/robust)"
    )
    robust.add_argument("--seed", type=int, default=0, help="seed of the Latin hypercube (default 0)")
    robust.add_argument("--scheduler", metavar="tcp://HOST:8786", help="attach to a running Dask scheduler")
    robust.add_argument(
        "--workers", type=int, help="worker processes of the local cluster (default: one per core)"
    )
    robust.add_argument(
        "--time-limit", type=float, metavar="SECONDS", help="solver time limit of each plan/MIP"
    )
    robust.add_argument("--osm-file", type=Path, help="local OSM extract (.osm, .osm.bz2, .osm.pbf)")
    robust.add_argument("--boundary", type=Path, help="study-area polygon file (GeoJSON/GPKG/SHP) to clip to")
    robust.add_argument(
        "--synthetic", action="store_true", help="the synthetic Guang'an road network (not real roads)"
    )
    robust.add_argument(
        "--synthetic-seed", type=int, default=0, help="seed of the synthetic network (default 0)"
    )
    robust.add_argument(
        "--synthetic-scale", type=float, default=1.0, help="density of the synthetic network (default 1.0)"
    )


def _add_compare_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``siting compare SCENARIO.toml SCENARIO.toml ...``: inputs, output folder and coverage curves."""
    compare = sub.add_parser(
        "compare",
        help="plan two or more scenarios on the same roads and compare them (offline)",
        description=(
            "Plan every scenario TOML on the same road network and compare the plans against the first: "
            "KPI and county tables with differences, coverage curves, a map with a scenario switch and a "
            "bilingual page. Without --osm-file the synthetic Guang'an road network (not real roads) is used."
        ),
    )
    compare.add_argument(
        "scenarios",
        nargs="+",
        type=Path,
        metavar="SCENARIO.toml",
        help='two or more scenario TOML files, the baseline first; each needs its own name = "..."',
    )
    compare.add_argument(
        "--osm-file",
        type=Path,
        help="local OSM extract (.osm, .osm.bz2, .osm.pbf) (default: the synthetic Guang'an road network, "
        "not real roads)",
    )
    compare.add_argument(
        "--boundary", type=Path, help="study-area polygon file (GeoJSON/GPKG/SHP), with --osm-file only"
    )
    compare.add_argument(
        "--synthetic-seed",
        type=int,
        default=0,
        help="seed of the synthetic road network, without --osm-file (default: 0)",
    )
    compare.add_argument(
        "--synthetic-scale",
        type=float,
        default=1.0,
        help="density of the synthetic road network, without --osm-file; about 40,000 x SCALE road nodes "
        "(default: 1.0)",
    )
    compare.add_argument(
        "--out",
        type=Path,
        default=Path("out/compare"),
        help="output folder, written atomically (default: out/compare)",
    )
    compare.add_argument("--overwrite", action="store_true", help="replace the output folder if it exists")
    compare.add_argument(
        "--time-limit",
        type=float,
        metavar="SECONDS",
        help="solver time limit of each scenario's plan, in seconds (default: each scenario's time_limit_s)",
    )
    compare.add_argument(
        "--inline-assets",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="write Leaflet into compare_map.html so it works with no network (default); "
        "--no-inline-assets writes siting-assets/ beside it",
    )
    _add_curve_options(compare)
    compare.set_defaults(compare_parser=compare)


def _add_curve_options(sp: argparse.ArgumentParser) -> None:
    """The coverage-curve options of ``compare``."""
    sp.add_argument(
        "--curve",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also solve each scenario for several numbers of stations and draw coverage curves (default); "
        "--no-curve skips them",
    )
    sp.add_argument(
        "--curve-points",
        metavar="N,N,...",
        help="numbers of stations of the coverage curves, comma-separated, e.g. 50,100,200 (default: 10%% "
        "to 120%% of each scenario's n_stations, 6 points including the target)",
    )
    sp.add_argument(
        "--curve-time-limit",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="solver time limit per coverage-curve point, in seconds (default: 10)",
    )
