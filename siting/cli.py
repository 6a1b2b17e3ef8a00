"""Command line: ``siting plan``, ``demo``, ``compare``, ``batch``, ``robust`` (arguments in ``cli_args``).

Exit codes: 0 success; 1 unexpected internal error (a bug: please report it); 2 bad input (scenario, files,
network); 3 OpenStreetMap unreachable; 4 requirements cannot all be met; 5 solver found no plan;
130 interrupted (Ctrl-C), 143 terminated (SIGTERM), 129 hung up (SIGHUP): each removes what the run
wrote so far.  Every output location is checked, and the output folder locked, before any work.  Errors
print one message naming the input and the fix; no output folder is left half-written.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import shutil
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from siting import settings, terminal
from siting._errors import InputDataError, ScenarioError, SitingError
from siting._io import (
    SCRATCH_KINDS,
    check_file_name,
    check_output_folder,
    check_output_location,
    output_lock,
    remove_own_scratch,
    remove_stale_scratch,
)
from siting.cli_args import build_parser
from siting.scenario import (
    Scenario,
    neutral_scenario_path,
    range_problem,
    scenario_from_toml,
)

__all__ = ["main"]

log = logging.getLogger("siting")


def _run_batch(args: argparse.Namespace) -> int:
    """``siting batch``: 0 when every task is ok, 1 when some failed (each named on stderr)."""
    if args.workers is not None and args.workers < 1:
        raise ScenarioError(f"--workers {args.workers}: give at least 1 worker process")
    # deferred: Dask and the planner load only when a batch runs, not for siting --help
    from siting.batch import run_batch

    summary = run_batch(
        args.batch,
        args.out,
        cache=args.cache,
        scheduler=args.scheduler,
        n_workers=args.workers,
        force=args.force,
        serial=args.serial,
        bar=False if args.quiet else None,
        echo=(lambda _m: None) if args.quiet else (lambda m: print(m, file=sys.stderr, flush=True)),
    )
    failed = summary[summary["status"] != "ok"]
    for row in failed.itertuples():
        print(f"error: task {row.task_id}: {row.error}", file=sys.stderr)
    return 0 if failed.empty else 1


def _run_robust(args: argparse.Namespace) -> int:
    """``siting robust``: 0 when the robust plan is written; 2 for bad options or [uncertainty] tables."""
    _check_options(args)
    if args.synthetic == (args.osm_file is not None):
        raise InputDataError(
            "siting robust: give --synthetic or --osm-file F (one of them; live OSM is not used)."
        )
    if args.workers is not None and args.workers < 1:
        raise InputDataError(f"--workers {args.workers}: give at least 1 worker process.")
    if args.synthetic and not (MIN_SYNTHETIC_SCALE <= args.synthetic_scale < float("inf")):
        raise InputDataError(
            f"--synthetic-scale {args.synthetic_scale}: give at least {MIN_SYNTHETIC_SCALE}."
        )
    # deferred: Dask and the planner load only when the command runs, not for siting --help
    from siting.batch.robust import run_robust

    run = run_robust(
        args.scenario,
        args.samples,
        args.out,
        seed=args.seed,
        osm_file=args.osm_file,
        boundary=args.boundary,
        synthetic_seed=args.synthetic_seed,
        synthetic_scale=args.synthetic_scale,
        scheduler=args.scheduler,
        n_workers=args.workers,
        time_limit_s=args.time_limit,
        echo=(lambda _m: None) if args.quiet else (lambda m: print(m, file=sys.stderr, flush=True)),
    )
    if not args.quiet:
        print(
            f"robust plan: worst-future ratio {run.worst_ratio:.1%} (best single-future plan "
            f"{run.best_single_worst_ratio:.1%}); outputs in {run.out}",
            flush=True,
        )
    return 0


def _scenario(args: argparse.Namespace) -> Scenario:
    overrides = {
        "n_stations": args.stations,
        "n_piles": args.piles,
        "time_limit_s": args.time_limit,
        "mip_rel_gap": args.gap,
    }
    path = getattr(args, "scenario", None)
    if path is None and args.command == "plan" and getattr(args, "osm_file", None) is not None:
        path = neutral_scenario_path()  # an extract anywhere: no Guang'an assumption
    data = {
        key: str(value.absolute())
        for key, value in (
            ("skim_file", getattr(args, "skim", None)),
            ("zones_file", getattr(args, "zones", None)),
            ("population_raster", getattr(args, "population_raster", None)),
        )
        if value is not None
    }
    base = scenario_from_toml(path, time_limit_s=args.time_limit, mip_rel_gap=args.gap, **data)
    scenario = scenario_from_toml(path, **overrides, **data)  # validates the overrides with the file's name
    if getattr(args, "first_stage_only", False):
        scenario = scenario.first_stage_only()
    else:
        # --stations / --piles set the first stage; later stages keep their ratio to it
        scenario = base.with_targets(n_stations=args.stations, n_piles=args.piles)
    if args.command == "demo":
        scenario = scenario.replace(name=f"{scenario.name}-synthetic-demo")
    elif getattr(args, "osm_file", None) is not None and getattr(args, "scenario", None) is None:
        stem = args.osm_file.name.split(".")[0]
        scenario = scenario.replace(
            name=stem,
            title_en=f"EV charging plan — {stem}",
            title_zh=f"充电设施规划 — {stem}",
        )
    return scenario


#: The smallest ``--synthetic-scale`` accepted: smaller scales give the same smallest network (about 6,500
#: road nodes) down to 1e-4 and break the generator below.
MIN_SYNTHETIC_SCALE = 0.01
#: The largest: about a million road nodes, a province's network.
MAX_SYNTHETIC_SCALE = 25.0
#: Seeds of the synthetic city (``--seed``, ``--synthetic-seed``): NumPy's seed range.
SYNTHETIC_SEED_MAX = 2**32 - 1


def _check_options(args: argparse.Namespace) -> None:
    """Options typed on the command line, blamed by their option name (not the scenario key they set)."""
    problems: list[str] = []
    for option, attr, key in (
        ("--stations", "stations", "n_stations"),
        ("--piles", "piles", "n_piles"),
        ("--time-limit", "time_limit", "time_limit_s"),
        ("--gap", "gap", "mip_rel_gap"),
    ):  # the scenario key's documented range, blamed on the option typed
        value = getattr(args, attr, None)
        if value is not None and (problem := range_problem(key, value, name=option)):
            problems.append(problem)
    for option, attr in (("--seed", "seed"), ("--synthetic-seed", "synthetic_seed")):
        value = getattr(args, attr, None)
        if value is not None and not 0 <= value <= SYNTHETIC_SEED_MAX:
            problems.append(f"{option} {value}: give a whole number in 0..{SYNTHETIC_SEED_MAX}.")
    model = getattr(args, "write_model", None)
    if model is not None and not model.absolute().parent.is_dir():
        problems.append(
            f"--write-model {model}: folder {model.absolute().parent} does not exist; create it first."
        )
    crs = getattr(args, "crs", None)
    if crs:
        # deferred: pyproj loads only when a command runs, so that `siting --help` stays fast
        from siting.coords import normalise_crs

        try:
            if normalise_crs(crs) in ("GCJ-02", "BD-09"):
                problems.append(f"--crs {crs}: GIS files are written in a standard CRS; give an EPSG code.")
        except ValueError as exc:
            problems.append(f"--crs {exc}")
    if problems:
        raise InputDataError(*problems)


def _run(args: argparse.Namespace, shown: terminal.Warnings) -> int:
    """``siting plan`` and ``siting demo``: inputs, plan, output folder, map copy, summary."""
    # deferred: a command's work (the planner, geopandas, folium, the solver) loads only when the command
    # runs, so that `siting --help` stays fast and loads no Pyomo.
    from siting import export, maps

    progress = terminal.Progress(args.quiet, args.verbose)
    tiles = list(maps.DEFAULT_TILES) if args.tiles is None else _tile_names(args.tiles)
    try:  # check the map options before the long run
        maps.tile_providers(tiles, args.tianditu_key or os.environ.get("TIANDITU_KEY"))
    except ValueError as exc:
        raise InputDataError(f"--tiles: {exc}") from exc
    if args.write_model is not None and args.write_model.suffix.lower() not in (".mps", ".lp"):
        raise InputDataError(f"--write-model {args.write_model}: the file must end in .mps or .lp.")
    _check_options(args)
    if args.crs:
        export.check_crs(args.crs)  # a bad --crs fails before the long run
    scenario = _scenario(args)
    for name, n_st, n_pi in zip(
        scenario.later_stages, scenario.later_stage_stations, scenario.later_stage_piles, strict=True
    ):
        progress(
            f"stage {name}: {n_st:,} stations, {n_pi:,} piles (use --first-stage-only to plan one stage)"
        )
    _check_outputs(args, scenario.name)
    with output_lock(args.out):
        return _plan_and_write(args, shown, scenario, tiles, progress)


#: Free space asked for before a plan is written (its folder and the map copy), bytes.
PLAN_SIZE_ESTIMATE = 50_000_000


def _check_outputs(args: argparse.Namespace, name: str) -> None:
    """Check every place ``plan``/``demo`` writes to before any work (and the download cache)."""
    check_output_folder(args.out, overwrite=args.overwrite)
    check_output_location(args.out, option="--out", estimate_bytes=PLAN_SIZE_ESTIMATE)
    if str(args.map_dir) not in ("", "."):
        what = "the scenario name (name = ... in the scenario file), which names the map file,"
        check_file_name(name, what)
        check_output_location(args.map_dir / f"{name}.html", option="--map-dir", check_name=False)
    if args.write_model is not None:
        check_output_location(args.write_model, option="--write-model")
    if args.command == "plan" and args.osm_file is None:
        settings.cache_dir()


def _plan_and_write(
    args: argparse.Namespace,
    shown: terminal.Warnings,
    scenario: Scenario,
    tiles: list[str],
    progress: terminal.Progress,
) -> int:
    """The work of ``plan``/``demo`` once its outputs are checked: inputs, plan, folder + map copy."""
    # deferred: the planner loads only when a command runs (see _run)
    from siting import export
    from siting import pipeline as plan_mod
    from siting.coords import crs_area_problem

    out: Path = args.out
    if args.command == "demo":
        inputs = plan_mod.inputs_from_synthetic(scenario, seed=args.seed, progress=progress)
    elif args.osm_file is not None:
        inputs = plan_mod.inputs_from_osm_file(
            scenario,
            args.osm_file,
            boundary=args.boundary,
            progress=progress,
            keep_components=args.keep_components,
        )
    else:
        inputs = plan_mod.inputs_from_live_osm(scenario, boundary=args.boundary, progress=progress)
    if args.crs and (problem := crs_area_problem(args.crs, inputs.study_area.bounds, name="--crs")):
        raise InputDataError(problem)  # before the plan: the GIS files would be distorted
    shown.flush()
    result = plan_mod.plan(scenario, inputs, progress=progress, write_model=args.write_model)
    for warning in result.manifest.get("warnings", []) or []:
        shown(str(warning))
    shown.flush()
    progress(f"writing {out}")
    map_options = {
        "tiles": tiles,
        "inline_assets": args.inline_assets,
        "language": args.language,
        "tianditu_key": args.tianditu_key,
    }
    copy = None if str(args.map_dir) in ("", ".") else args.map_dir / f"{scenario.name}.html"
    export.write_outputs(
        result, out, overwrite=args.overwrite, map_options=map_options, crs=args.crs, map_copy=copy
    )
    if copy is not None:
        target = copy
        if not args.inline_assets:
            shutil.copytree(out / "siting-assets", args.map_dir / "siting-assets", dirs_exist_ok=True)
        progress(f"map: {target}")
    if not args.quiet:
        k = dict(zip(result.kpis["kpi"], result.kpis["value"], strict=True))
        stages = [
            {str(key): value for key, value in row.items()}
            for row in (result.kpis_by_stage.iloc[1:].to_dict("records") if "chargers" in k else [])
        ]
        label = str(result.manifest["data_source"]["label"])
        print(_summary(k, result.manifest.get("solver", {}), stages, label, out), flush=True)
        for line in _island_lines(result.kpis_by_island):
            print(line, flush=True)
    return 0


def _island_lines(islands: Any) -> list[str]:
    """One line per road island kept with ``--keep-components`` (none when there is one island)."""
    if islands is None or len(islands) <= 1:
        return []
    return [
        f"  island {int(row['island_id'])} ({int(row['road_nodes']):,} road nodes around "
        f"{float(row['lon']):.3f}, {float(row['lat']):.3f}): {int(row['stations'])} stations, "
        + (
            f"{100 * float(row['fast_covered_share']):.1f}% of its EVs within reach"
            if math.isfinite(float(row["fast_covered_share"]))
            else "no EV demand"
        )
        for _, row in islands.iterrows()
    ]


def _tile_names(text: str) -> list[str]:
    """``--tiles``: comma-separated names, ``""`` or ``none`` for no base layer."""
    return [] if text.strip().lower() in ("", "none") else [t.strip() for t in text.split(",")]


def _pct(share: Any, reason: str) -> str:
    """A KPI share as "12.3%", or "n/a (reason)" when it is undefined (a zero denominator gives NaN)."""
    try:
        v = float(share)
    except (TypeError, ValueError):
        return f"n/a ({reason})"
    return f"{100 * v:.1f}%" if math.isfinite(v) else f"n/a ({reason})"


def _summary(
    k: dict[str, Any], solver: dict[str, Any], stages: list[dict[str, Any]], source: str, out: Path
) -> str:
    """The plan's summary on stdout: KPIs ``k`` by key, the solver report, later stages' KPIs."""
    lines = [
        f"Plan written to {out}/ ({source})",
        f"  stations   {k['stations_opened']} of {k['stations_target']}",
        f"  piles      {k['piles_placed']:,} of {k['piles_target']:,}",
        f"  terminals  {k['terminals_covered']} of {k['terminals_total']} covered "
        f"(required {k['terminal_quota']})",
        f"  fast-charging coverage {_pct(k['fast_covered_share'], 'no fast-charging demand')} of EVs, "
        f"slow-charging demand served {_pct(k['slow_served_share'], 'no slow-charging demand')}",
    ]
    if "chargers" in k:
        lines.append(
            f"  chargers   {k['chargers']:,} ({float(k['power_mw']):,.1f} MW); "
            f"{_pct(k['fast_served_share'], 'no demand')} of EVs served within the wait target; "
            f"{k['rural_stations']} rural stations"
        )
        if math.isfinite(float(k["corridor_flow_covered_share"])):
            share = 100 * float(k["corridor_flow_covered_share"])
            lines.append(f"  corridors  {share:.1f}% of intercity EV trips possible")
        for row in stages:
            lines.append(
                f"  stage {row['stage']}: {row['stations']} stations, {row['piles']:,} piles, "
                f"{row['chargers']:,} chargers, {_pct(row['fast_served_share'], 'no demand')} of EVs served "
                "(includes the first stage's plan)"
            )
    lines.append(
        f"  solver     {solver.get('status')}, gap {100 * float(solver.get('gap', 0.0)):.3f}% "
        f"(bound from {solver.get('bound_source')}), {float(solver.get('time_total_s', 0.0)):.1f} s"
    )
    return "\n".join(lines)


def _run_compare(args: argparse.Namespace, shown: terminal.Warnings) -> int:
    """``siting compare``: plan each scenario on the same inputs, compare, write the folder, print KPIs."""
    # deferred: a command's work (the planner, geopandas, folium, the solver) loads only when the command
    # runs, so that `siting --help` stays fast and loads no Pyomo.
    from siting import compare_outputs

    if len(args.scenarios) < 2:  # an argparse error (usage + exit code 2), like any other bad argument
        args.compare_parser.error("give at least two scenario TOML files to compare, the baseline first")
    progress = terminal.Progress(args.quiet, args.verbose)
    if args.boundary is not None and args.osm_file is None:
        raise InputDataError(
            f"--boundary {args.boundary}: a boundary clips an OSM extract; give --osm-file too "
            "(the synthetic road network has its own study area)."
        )
    if args.osm_file is None and not (MIN_SYNTHETIC_SCALE <= args.synthetic_scale <= MAX_SYNTHETIC_SCALE):
        raise InputDataError(
            f"--synthetic-scale must be a number from {MIN_SYNTHETIC_SCALE} (the synthetic city's "
            f"smallest road network) to {MAX_SYNTHETIC_SCALE:g} (about {40_000 * MAX_SYNTHETIC_SCALE:,.0f} "
            f"road nodes), got {args.synthetic_scale}."
        )
    _check_options(args)
    if problem := range_problem("time_limit_s", args.curve_time_limit, name="--curve-time-limit"):
        raise ScenarioError(problem)
    points: list[int] | None = None
    if args.curve and args.curve_points:
        try:
            points = [int(v) for v in args.curve_points.split(",") if v.strip()]
        except ValueError:
            points = []
        if not points or min(points) < 1:
            raise ScenarioError(
                f"--curve-points {args.curve_points!r}: give whole numbers of stations of at least 1 "
                "separated by commas, e.g. 50,100,200."
            )
    problems: list[str] = []
    scenarios: list[Scenario] = []
    for path in args.scenarios:
        try:
            scenarios.append(scenario_from_toml(path, time_limit_s=args.time_limit))
        except SitingError as exc:
            problems += list(exc.problems)
    if problems:
        raise ScenarioError(*problems)
    compare_outputs.check_scenario_names(
        [s.name for s in scenarios], sources=[str(p) for p in args.scenarios]
    )
    out: Path = args.out
    check_output_folder(out.absolute(), overwrite=args.overwrite)  # fail before the long run
    check_output_location(out, option="--out", estimate_bytes=PLAN_SIZE_ESTIMATE)
    with output_lock(out):
        return _compare_and_write(args, shown, scenarios, points, progress)


def _compare_and_write(
    args: argparse.Namespace,
    shown: terminal.Warnings,
    scenarios: list[Scenario],
    points: list[int] | None,
    progress: terminal.Progress,
) -> int:
    """The work of ``compare`` once its output is checked: inputs, plans, curves, the output folder."""
    # deferred: the planner and the solver load only when a command runs (see _run_compare)
    from siting import compare_outputs, comparison
    from siting import pipeline as plan_mod

    out: Path = args.out
    if args.osm_file is not None:
        inputs = plan_mod.inputs_from_osm_file(
            scenarios[0], args.osm_file, boundary=args.boundary, progress=progress
        )
    else:
        progress("no --osm-file: comparing on the SYNTHETIC Guang'an road network (not real roads)")
        inputs = plan_mod.inputs_from_synthetic(
            scenarios[0], seed=args.synthetic_seed, scale=args.synthetic_scale, progress=progress
        )
    shown.flush()
    compared = comparison.compare_scenarios(
        scenarios,
        inputs,
        curve=args.curve,
        curve_points=points,
        curve_time_limit_s=args.curve_time_limit,
        progress=progress,
    )
    for result in compared.results.values():
        for warning in result.manifest.get("warnings", []) or []:
            shown(str(warning))
    shown.flush()
    progress(f"writing {out}")
    paths = compare_outputs.write_comparison(
        compared.results,
        out,
        curves=compared.curves or None,
        overwrite=args.overwrite,
        inline_assets=args.inline_assets,
    )
    if not args.quiet:
        source = inputs.data_source
        label = str(source.get("label", ""))
        if source.get("kind") == "synthetic":
            label += " — SYNTHETIC data, a demonstration, not a plan for the real city"
        print(f"Comparison of {', '.join(compared.results)} written to {out}/", flush=True)
        print(f"  data: {label}", flush=True)
        print(compare_outputs.format_summary(compared.kpis), flush=True)
        print(f"  open {paths['compare.html']} and {paths['compare_map.html']}", flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``siting`` console script; returns the exit code."""
    args = build_parser().parse_args(argv)
    level = logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.WARNING
    shown = terminal.Warnings(args.quiet)
    for kind in SCRATCH_KINDS:
        remove_stale_scratch(kind)  # scratch files of runs that were killed
    try:
        with terminal.signals_as_interrupts(), terminal.warnings_to_stderr(shown, level):
            if args.command == "batch":
                return _run_batch(args)
            if args.command == "robust":
                return _run_robust(args)
            return _run_compare(args, shown) if args.command == "compare" else _run(args, shown)
    except SitingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt as exc:
        for kind in SCRATCH_KINDS:  # nothing left, wherever the signal landed (even inside a cleanup)
            remove_own_scratch(kind)
        kept = {
            "batch": "finished tasks are kept; rerun the same command to go on",
            "robust": "the futures planned so far are kept in the output folder",
        }.get(args.command, "")
        signum = exc.signum if isinstance(exc, terminal.Terminated) else int(signal.SIGINT)
        what = {int(signal.SIGTERM): "terminated", int(signal.SIGHUP): "hung up"}.get(signum, "interrupted")
        print(f"{what}: {kept or 'no output was written'}.", file=sys.stderr)
        return 128 + signum


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
