"""Render the performance tables of README.md and docs/performance.md from the benchmark records.

The benchmarks write what they measured to ``benchmarks/results/<name>.json`` (``benchmarks/_results.py``:
figures, command, date, machine).  This script turns those records into the README's table (section
"Performance") and the planning-model table of docs/performance.md, between the marker comments
``<!-- perf-table:begin ... -->`` and ``<!-- perf-table:end -->`` (``<!-- perf-planning:... -->`` in
docs/performance.md), so no figure there is typed by hand.

    python docs/perf_table.py            # check: exit 1 and show the difference when a table is stale
    python docs/perf_table.py --write    # rewrite the tables from the records
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
README = ROOT / "README.md"
PERFORMANCE = ROOT / "docs" / "performance.md"
#: (file, marker name, renderer name) of every generated table.
TABLES = ((README, "perf-table"), (PERFORMANCE, "perf-planning"))


def records(folder: Path = RESULTS) -> dict[str, dict[str, Any]]:
    """Every record in ``folder`` by its file stem."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}


def _pct(value: float, digits: int) -> str:
    return f"{value * 100:.{digits}f} %"


def _plain_run(f: dict[str, Any]) -> str:
    """What the plain HiGHS run of the planning model reached."""
    if f.get("planning_plain_gap") is None:
        return f"no plan after {f['planning_plain_time_s']:.0f} s"
    if f["planning_plain_gap"] >= 1.0:  # a plan far from its bound: say so in words, not 19506.19 %
        ratio = f["planning_plain_gap"] + 1.0  # gap = (bound - plan) / plan
        return f"a plan, its bound {ratio:,.0f}× its value, after {f['planning_plain_time_s']:.0f} s"
    return f"{_pct(f['planning_plain_gap'], 2)} after {f['planning_plain_time_s']:.0f} s"


def _textbook(f: dict[str, Any]) -> tuple[str, str]:
    """The textbook model's cell and the ratio cell of a base-model row."""
    if f.get("baseline_reached", True):
        return f"{_pct(f['baseline_gap'], 3)} after {f['baseline_time_s']:.1f} s", f"{f['speedup']:.1f}×"
    return f"{_pct(f['baseline_gap'], 3)} after {f['baseline_time_s']:.1f} s (our gap not reached)", (
        f"≥ {f['speedup']:.1f}×"
    )


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def readme_table(rec: dict[str, dict[str, Any]]) -> str:
    """The README's performance table (Markdown), with the records it came from."""
    demo = rec["demo"]["figures"]
    plan = rec["solve_city_planning"]["figures"]
    base = rec["solve_city"]["figures"]
    tt = rec["travel_times"]["figures"]
    scale, scale150 = rec["scale"]["figures"], rec["scale_150m"]["figures"]
    city = plan["city"]
    rows = [
        _row("instance", "ours", "textbook model handed to HiGHS", "ratio"),
        "|---|---|---|---|",
        _row(
            f"`siting demo` with every planning family (2 stages, {demo['station_columns']:,} + "
            f"{demo['pile_columns']:,} columns)",
            f"{demo['wall_s']:.1f} s, peak {demo['peak_mib']:,.0f} MiB, {_pct(demo['gap'], 2)} proven gap",
            f"the same MIP plainly: {_plain_run(plan['demo'])}",
            "—",
        ),
        _row(
            f"city planning model ({city['candidates']:,} × {city['zones']:,}, 2 stages)",
            f"{_pct(city['planning_gap'], 2)} after {city['planning_time_s']:.0f} s "
            f"({city['time_limit_s']:.0f} s limit)",
            _plain_run(city),
            "see docs/performance.md",
        ),
    ]
    for name, label in (("demo", "demo model"), ("city", "city model")):
        f = base[name]
        textbook, ratio = _textbook(f)
        size = f"{f['candidates']:,} candidates × {f['zones']:,} zones"
        if name == "city":
            size += f", {f['pairs']:,} pairs, 254 stations, 4,869 piles, quota"
        ours = f"{_pct(f['gap'], 3)} proven gap in {f['time_s']:.1f} s"
        if "baseline_objective_at_10x" in f:  # goal 4 of issue 15: our plan against the textbook's
            ours += f", plan {f['objective']:,.1f}"
            at = f["baseline_objective_at_10x"]
            textbook += f"; its best plan after 10× our time: {'none' if at is None else f'{at:,.1f}'}"
        rows.append(_row(f"{label} ({size})", ours, textbook, ratio))
    one = f"; {tt['single_thread_time_s']:.2f} s on one" if "single_thread_time_s" in tt else ""
    memory = f"; working memory {tt['work_mib']:.0f} MiB" if "work_mib" in tt else ""
    rows.append(
        _row(
            f"travel times, Rhein-Neckar ({tt['nodes']:,} nodes, {tt['sources']:,} sources, "
            f"{tt['cutoff_min']:g} min cutoff, {tt['pairs'] / 1e6:.1f} M pairs)",
            f"{tt['time_s']:.2f} s (2 threads{one}{memory})",
            f"networkx {tt['baseline_time_s']:.1f} s",
            f"{tt['speedup']:.1f}×"
            + (f" ({tt['cpu_speedup']:.1f}× in CPU seconds)" if "cpu_speedup" in tt else ""),
        )
    )
    at150 = "optimal" if scale150["gap"] == 0 else f"gap {_pct(scale150['gap'], 2)}"
    rows.append(
        _row(
            f"scale: {scale['nodes']:,} nodes, {scale['candidates']:,} candidates, {scale['zones']:,} zones, "
            f"{scale['pairs'] / 1e6:.1f} M pairs",
            f"{scale['time_s']:.0f} s end to end"
            + (
                f" (solve {scale['solve_s']:.0f} s with a {scale['time_limit_s']:.0f} s limit)"
                if "time_limit_s" in scale
                else ""
            )
            + f", stated gap {_pct(scale['gap'], 2 if 'time_limit_s' in scale else 1)} (Lagrangian; at "
            f"{scale150['zones']:,} zones: {scale150['time_s']:.0f} s, {at150}), peak "
            f"{scale['peak_mib'] / 1024:.1f} GiB",
            "—",
            "—",
        )
    )
    names = ("demo", "solve_city_planning", "solve_city", "travel_times", "scale", "scale_150m")
    sources = ", ".join(f"`{name}.json` ({rec[name]['date']})" for name in names)
    generated = f"Generated by `python docs/perf_table.py --write` from benchmarks/results/: {sources}."
    return "\n".join(rows) + "\n\n" + generated + "\n"


def planning_table(rec: dict[str, dict[str, Any]]) -> str:
    """The planning-model table of docs/performance.md (Markdown)."""
    demo = rec["demo"]["figures"]
    plan = rec["solve_city_planning"]["figures"]
    city = plan["city"]
    rows = [
        _row("instance", "ours", "the same MIP handed to HiGHS plainly"),
        "|---|---|---|",
        _row(
            "demo, 2 stages, all families (`siting demo`)",
            f"{_pct(demo['gap'], 2)} proven gap; whole `siting demo` {demo['wall_s']:.1f} s, "
            f"peak {demo['peak_mib']:,.0f} MiB",
            _plain_run(plan["demo"]),
        ),
        _row(
            f"city, {city['candidates']:,} candidates × {city['zones']:,} zones, 2 stages "
            f"(2 × {city['pairs']:,} pairs)",
            f"{_pct(city['planning_gap'], 2)} after {city['planning_time_s']:.0f} s with a "
            f"{city['time_limit_s']:.0f} s limit",
            f"{_plain_run(city)} ({city['time_limit_s']:.0f} s limit)",
        ),
    ]
    # the demo with 60 stations (issue 15, goal 2), one record per time limit
    for name in ("solve_city_planning_demo60", "solve_city_planning_demo60_60s"):
        if name not in rec:
            continue
        f = rec[name]["figures"]["demo60"]
        rows.append(
            _row(
                "demo with 60 stations (120 in 2030): queues bind in places",
                f"{_pct(f['planning_gap'], 2)} after {f['planning_time_s']:.0f} s with a "
                f"{f['time_limit_s']:.0f} s limit (median of 3; `{name}.json`)",
                f"{_plain_run(f)} ({f['time_limit_s']:.0f} s limit)",
            )
        )
    return "\n".join(rows) + "\n"


RENDER = {"perf-table": readme_table, "perf-planning": planning_table}


def _pattern(marker: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- {marker}:begin[^\n]*-->\n)(.*?)(<!-- {marker}:end -->)", re.S)


def rendered(path: Path, marker: str, rec: dict[str, dict[str, Any]]) -> tuple[str, str]:
    """The file's text and the same text with the table between the markers regenerated."""
    text = path.read_text(encoding="utf-8")
    pattern = _pattern(marker)
    if not pattern.search(text):
        raise SystemExit(f"{path}: no <!-- {marker}:begin --> ... <!-- {marker}:end --> markers")
    table = RENDER[marker](rec)
    return text, pattern.sub(lambda m: m.group(1) + table + m.group(3), text)


def main(argv: list[str] | None = None) -> int:
    """Check (default) or ``--write`` the generated tables; 1 when a table is stale and not written."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="rewrite the tables")
    args = ap.parse_args(argv)
    rec = records()
    stale = 0
    for path, marker in TABLES:
        old, new = rendered(path, marker, rec)
        if old == new:
            continue
        if args.write:
            path.write_text(new, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
        else:
            stale += 1
            sys.stdout.writelines(
                difflib.unified_diff(old.splitlines(True), new.splitlines(True), str(path), "generated")
            )
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
