"""The README's and docs/performance.md's performance tables are rendered from benchmarks/results/*.json."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def perf_table() -> ModuleType:
    return _load(ROOT / "docs" / "perf_table.py", "perf_table")


def test_readme_and_performance_tables_equal_what_the_records_give(perf_table: ModuleType) -> None:
    rec = perf_table.records()
    for path, marker in perf_table.TABLES:
        text, generated = perf_table.rendered(path, marker, rec)
        assert text == generated, f"{path.name} is stale: run python docs/perf_table.py --write"
    assert perf_table.main([]) == 0


def test_every_record_names_its_command_date_and_machine(perf_table: ModuleType) -> None:
    for name, record in perf_table.records().items():
        assert record["command"].startswith("python benchmarks/"), name
        assert record["date"] and record["machine"]["cpus"], name
        assert record["figures"], name


def test_a_changed_figure_changes_the_table(perf_table: ModuleType, tmp_path: Path) -> None:
    for path in perf_table.RESULTS.glob("*.json"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    demo = json.loads((tmp_path / "demo.json").read_text(encoding="utf-8"))
    measured = demo["figures"]["wall_s"]
    changed = round(measured + 123.45, 2)
    demo["figures"]["wall_s"] = changed
    (tmp_path / "demo.json").write_text(json.dumps(demo), encoding="utf-8")
    table = perf_table.readme_table(perf_table.records(tmp_path))
    peak, gap = demo["figures"]["peak_mib"], 100 * demo["figures"]["gap"]
    assert f"| {changed:.1f} s, peak {peak:,.0f} MiB, {gap:.2f} % proven gap |" in table
    assert f"| {measured:.1f} s," not in table
