"""Benchmark records: each benchmark writes what it measured to ``benchmarks/results/<name>.json``.

:func:`write_record` stores the figures a benchmark's ``main`` returns, with the command that produced them,
the date and the machine, so that ``docs/perf_table.py`` renders the performance tables of the README and
docs/performance.md from measurements rather than from typed numbers.  Tiny smoke runs (``--tiny``, the
tests) write no record unless given ``--record PATH``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import sys
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def add_record_option(ap: argparse.ArgumentParser, name: str) -> None:
    """``--record PATH`` (default ``benchmarks/results/<name>.json``, none with --tiny); ``--no-record``."""
    ap.add_argument(
        "--record",
        type=Path,
        default=None,
        help=f"where to write the JSON record (default benchmarks/results/{name}.json; --tiny: none)",
    )
    ap.add_argument("--no-record", action="store_true", help="write no JSON record")


def machine() -> dict[str, Any]:
    """The machine a benchmark ran on: CPUs, memory, OS, Python and the solver's version."""
    memory_gib = None
    with contextlib.suppress(ValueError, OSError, AttributeError):
        memory_gib = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    versions = {}
    for dist in ("highspy", "numpy", "scipy"):
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    return {
        "cpus": os.cpu_count(),
        "memory_gib": memory_gib,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": versions,
    }


def write_record(
    name: str,
    args: argparse.Namespace,
    argv: list[str] | None,
    figures: dict[str, Any],
    *,
    script: str | None = None,
) -> Path | None:
    """Write ``figures`` of benchmark ``name`` as JSON; return the path (None when no record is wanted).

    ``argv`` is what ``main`` parsed (None: the command line, ``sys.argv[1:]``), recorded as the command
    of ``benchmarks/<script>.py`` (default: ``name``).  Figures that are not finite (no plan, no gap) are
    written as ``null``: JSON has no infinity.
    """
    if args.no_record or (getattr(args, "tiny", False) and args.record is None):
        return None
    path = args.record or RESULTS / f"{name}.json"
    record = {
        "benchmark": name,
        "command": " ".join(
            ["python", f"benchmarks/{script or name}.py", *(sys.argv[1:] if argv is None else argv)]
        ),
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "machine": machine(),
        "figures": finite(figures),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(record, indent=2, sort_keys=True, default=_plain) + "\n"
    path.write_text(text, encoding="utf-8")
    print(f"record: {path}")
    return path


def finite(value: Any) -> Any:
    """``value`` with every float that is not finite (nested in dicts and lists) replaced by None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def _plain(value: Any) -> Any:
    """NumPy scalars and infinities as JSON (inf → null)."""
    number = float(value)
    return number if number not in (float("inf"), float("-inf")) else None
