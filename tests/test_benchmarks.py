"""The benchmark scripts still run (tiny sizes; the figures themselves are not checked)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def load(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("name", "argv", "keys"),
    [
        ("solve_city", ["--tiny", "--runs", "1", "--time-limit", "5", "--baseline-limit", "5"], {"speedup"}),
        ("travel_times", ["--tiny", "--runs", "1", "--sources", "40", "--sample", "5"], {"speedup"}),
        ("scale", ["--tiny"], {"gap", "peak_mib"}),
        ("batch", ["--runs", "1", "--scale", "0.1"], {"ratio"}),
    ],
)
def test_benchmark_runs(
    name: str, argv: list[str], keys: set[str], capsys: pytest.CaptureFixture[str]
) -> None:
    figures = load(name).main(argv)
    flat = figures if keys & set(figures) else next(iter(figures.values()))
    assert keys <= set(flat)
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert all("=" in token for token in last.split())


def test_a_benchmark_writes_its_record_with_command_date_and_machine(tmp_path: Path) -> None:
    record = tmp_path / "travel_times.json"
    argv = ["--tiny", "--runs", "1", "--sources", "40", "--sample", "5", "--record", str(record)]
    figures = load("travel_times").main(argv)
    data = json.loads(record.read_text(encoding="utf-8"))
    assert data["benchmark"] == "travel_times"
    assert data["command"] == "python benchmarks/travel_times.py " + " ".join(argv)
    assert data["date"] and data["machine"]["cpus"] >= 1 and data["machine"]["versions"]["numpy"]
    assert data["figures"] == json.loads(json.dumps(figures))
    assert {"nodes", "pairs", "time_s", "speedup"} <= set(data["figures"])


def test_tiny_runs_write_no_record_unless_asked(tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in (BENCH / "results").glob("*.json")}
    load("travel_times").main(["--tiny", "--runs", "1", "--sources", "40", "--sample", "5"])
    assert {p: p.read_bytes() for p in (BENCH / "results").glob("*.json")} == before
