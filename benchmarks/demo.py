"""The whole ``siting demo`` as a user runs it: wall time, peak memory, proven gap and model size.

Runs ``siting demo --out <temporary folder>`` in a child process (every planning family, 2 stages, all
outputs written) and reads its ``manifest.json``.  Figures: ``wall_s`` (the child's wall time),
``peak_mib`` (the child's peak resident memory, ``ru_maxrss``), ``gap`` (the solver's proven gap),
``station_columns`` and ``pile_columns`` (the two parts of the planning MIP), ``solve_s``.

Usage: ``python benchmarks/demo.py [--runs 1]``.  Last line: ``wall_s=... peak_mib=... gap=...`` (medians).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import add_record_option, write_record


def run_demo(extra: list[str]) -> dict[str, Any]:
    """One ``siting demo`` in a child process; its figures."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "demo"
        command = [sys.executable, "-m", "siting.cli", "demo", "--out", str(out), "--map-dir", "", *extra]
        tick = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - tick
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"siting demo failed with exit code {os.waitstatus_to_exitcode(status)}")
        solver = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["solver"]
    parts = solver.get("parts") or {}
    return {
        "wall_s": wall,
        "peak_mib": usage.ru_maxrss / 1024.0,  # KiB on Linux
        "gap": solver["gap"],
        "solve_s": solver["time_total_s"],
        "station_columns": (parts.get("stations") or {}).get("columns"),
        "pile_columns": (parts.get("piles") or {}).get("columns"),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the demo ``--runs`` times; print and return the medians."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument(
        "--tiny", action="store_true", help="a small demo (--stations 20 --piles 200; smoke test)"
    )
    add_record_option(ap, "demo")
    args = ap.parse_args(argv)
    extra = ["--stations", "20", "--piles", "200", "--first-stage-only"] if args.tiny else []
    runs = [run_demo(extra) for _ in range(args.runs)]
    for k, r in enumerate(runs, start=1):
        print(f"run {k}: {r['wall_s']:.1f} s, peak {r['peak_mib']:.0f} MiB, gap {r['gap']:.4%}")
    figures: dict[str, Any] = {
        key: statistics.median(r[key] for r in runs) for key in ("wall_s", "peak_mib", "gap", "solve_s")
    }
    figures |= {"station_columns": runs[0]["station_columns"], "pile_columns": runs[0]["pile_columns"]}
    figures["runs"] = args.runs
    print(f"wall_s={figures['wall_s']:.1f} peak_mib={figures['peak_mib']:.0f} gap={figures['gap']:.4f}")
    write_record("demo", args, argv, figures)
    return figures


if __name__ == "__main__":
    main()
