"""The benchmark scripts still run (tiny sizes; the figures themselves are not checked)."""

from __future__ import annotations

import importlib.util
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
