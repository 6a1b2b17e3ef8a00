"""``siting batch`` on 2 Dask workers against the same tasks one after another in one process.

The batch: the six counties of the synthetic Guang'an (seed 0, ``--scale``), each its own study area
(clipped to the county), crossed with two variants of the golden base scenario (``tests/golden/base.toml``:
12 and 8 stations): 12 tasks, 6 prepares.  Each run uses a fresh output and cache folder, so every
prepare is redone.  The batch runs on a LocalCluster of 2 single-threaded worker processes started once
before the timed runs, its workers having imported the planner (as when attaching to a running cluster;
its start-up time is printed apart); the
baseline runs the same task functions in this process (``run_batch(..., serial=True)``); the two
alternate which goes first.

``--city`` instead measures one city-sized task for the cost of a national batch: the whole synthetic
Guang'an (``--scale`` 1.0 by default there, about 40,000 road nodes) under the shipped Guang'an 2025
scenario (254 stations, 4,869 piles, every planning family, 120 s time limit), prepared once and solved
for two variants, in this process.

Usage: ``python benchmarks/batch.py [--runs 3] [--scale 0.3]`` or ``python benchmarks/batch.py --city``.
Last line: ``batch_s=... serial_s=... ratio=...`` (medians) or ``prepare_s=... solve_s=...``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import geopandas as gpd
from distributed import Client, LocalCluster

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _instances import peak_mib

from siting.batch import run_batch
from siting.scenario import default_scenario_path

REPO = Path(__file__).resolve().parents[1]
VARIANTS = '[[variant]]\nid = "base"\n\n[[variant]]\nid = "fewer"\nn_stations = 8\nn_piles = 100\n'


def batch_file(folder: Path, scale: float) -> Path:
    """The county batch in ``folder``: one boundary file per county, areas x two variants."""
    counties = gpd.read_file(REPO / "geodata" / "guangan_counties.geojson").to_crs(32648)
    text = ""
    for county_id, county in zip(counties["county_id"].astype(str), counties.geometry, strict=True):
        boundary = gpd.GeoDataFrame(geometry=[county.buffer(-200.0)], crs=32648).to_crs(4326)
        boundary.to_file(folder / f"{county_id}.geojson")
        text += (
            f'[[area]]\nid = "{county_id}"\nscenario = "{REPO / "tests" / "golden" / "base.toml"}"\n'
            f'synthetic = true\nseed = 0\nscale = {scale}\nboundary = "{county_id}.geojson"\n\n'
        )
    path = folder / "batch.toml"
    path.write_text(text + VARIANTS, encoding="utf-8")
    return path


def _quiet(_: str) -> None:
    return None


def ratio(runs: int, scale: float) -> dict[str, Any]:
    """Median batch wall time on 2 workers, serial wall time and their ratio; per-task times."""
    batch_s: list[float] = []
    serial_s: list[float] = []
    prepare_s: list[float] = []
    solve_s: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = batch_file(Path(tmp), scale)
        tick = time.perf_counter()
        with (
            LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50
            ) as cluster,
            Client(cluster) as client,
        ):
            client.run(importlib.import_module, "siting.batch.tasks")  # workers import the planner once
            start_s = time.perf_counter() - tick
            for run in range(runs):  # alternate which goes first, so that load drifts hit both
                order = ("dask", "serial") if run % 2 == 0 else ("serial", "dask")
                for kind in order:
                    tick = time.perf_counter()
                    summary = run_batch(
                        path,
                        Path(tmp) / f"{kind}{run}",
                        scheduler=cluster.scheduler_address,
                        serial=kind == "serial",
                        echo=_quiet,
                    )
                    (batch_s if kind == "dask" else serial_s).append(time.perf_counter() - tick)
                    assert (summary["status"] == "ok").all(), summary["error"].tolist()
                prepare_s += summary.drop_duplicates("area_id")["prepare_s"].tolist()
                solve_s += summary["time_s"].tolist()
    b, s = statistics.median(batch_s), statistics.median(serial_s)
    per_run = ", ".join(f"{x / y:.2f}" for x, y in zip(batch_s, serial_s, strict=True))
    load = os.getloadavg()[1]
    print(f"machine load (5-min average) at the end: {load:.1f} on {os.cpu_count()} cores")
    print(
        f"{len(summary)} tasks ({summary['area_id'].nunique()} study areas x 2 variants), synthetic scale "
        f"{scale:g}; cluster start-up {start_s:.1f} s (not in the batch times)\n"
        f"  batch on 2 workers {b:.1f} s (runs {', '.join(f'{x:.1f}' for x in batch_s)})\n"
        f"  one after another   {s:.1f} s (runs {', '.join(f'{x:.1f}' for x in serial_s)})\n"
        f"  ratio {b / s:.2f} (per run {per_run})"
        f"; per task (median over all runs): prepare {statistics.median(prepare_s):.1f} s "
        f"per area, solve {statistics.median(solve_s):.2f} s per task"
    )
    print(f"batch_s={b:.1f} serial_s={s:.1f} ratio={b / s:.2f} peak_mib={peak_mib():.0f}")
    return {"batch_s": b, "serial_s": s, "ratio": b / s, "cluster_start_s": start_s}


def city(scale: float) -> dict[str, Any]:
    """Prepare and solve times of one city-sized study area (the whole synthetic Guang'an)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "city.toml"
        path.write_text(
            f'[[area]]\nid = "guangan"\nscenario = "{default_scenario_path()}"\nsynthetic = true\n'
            f'seed = 0\nscale = {scale}\n\n[[variant]]\nid = "base"\n\n[[variant]]\nid = "slow"\n'
            "slow_share = 0.6\n",
            encoding="utf-8",
        )
        tick = time.perf_counter()
        summary = run_batch(path, Path(tmp) / "out", serial=True, echo=print)
        wall = time.perf_counter() - tick
    print(f"machine load (5-min average) at the end: {os.getloadavg()[1]:.1f} on {os.cpu_count()} cores")
    prep = float(summary["prepare_s"].iloc[0])
    solves = summary["time_s"].tolist()
    print(
        f"synthetic Guang'an at scale {scale:g}, shipped 2025 scenario: prepare {prep:.1f} s, solve "
        f"{', '.join(f'{x:.1f}' for x in solves)} s ({', '.join(summary['solver_status'])}); "
        f"wall {wall:.1f} s"
    )
    figures = {"prepare_s": prep, "solve_s": statistics.median(solves), "wall_s": wall}
    print(f"prepare_s={prep:.1f} solve_s={statistics.median(solves):.1f} peak_mib={peak_mib():.0f}")
    return figures


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark; print the figures and the final key=value line; return them."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scale", type=float, help="synthetic density (default 0.3; 1.0 with --city)")
    ap.add_argument("--city", action="store_true", help="time one city-sized task instead")
    args = ap.parse_args(argv)
    logging.getLogger("siting").setLevel(logging.ERROR)
    if args.city:
        return city(args.scale or 1.0)
    return ratio(args.runs, args.scale or 0.3)


if __name__ == "__main__":
    main()
