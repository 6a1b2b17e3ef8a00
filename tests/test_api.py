"""The planner's Python API (``import siting``): one call, short repr, Jupyter summary, no stale results."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import folium
import numpy as np
import pytest

import siting
from siting import api
from siting.cli_args import build_parser

#: Small targets and a short time limit: these tests check the API, not the plan's quality.
SMALL = {
    "n_stations": 20,
    "n_piles": 300,
    "time_limit_s": 120.0,
    "mip_rel_gap": 0.05,
    "size_chargers": False,
    "grid_mode": "off",
    "corridors": False,
}


@pytest.fixture(scope="module")
def plans() -> dict[str, siting.PlanResult]:
    api.clear_cache()
    scenario = siting.Scenario.from_toml().first_stage_only().replace(**SMALL)
    with warnings.catch_warnings(record=True):  # the short time limit's warnings are expected
        ten = siting.plan(scenario, synthetic=True)
        fifteen = siting.plan(scenario, synthetic=True, fast_minutes=15)
    return {"10": ten, "15": fifteen, "n_prepared": len(api._PREPARED), "n_inputs": len(api._INPUTS)}  # type: ignore[dict-item]


def test_plan_returns_the_api_result(plans: dict[str, siting.PlanResult]) -> None:
    result = plans["10"]
    assert isinstance(result, siting.PlanResult)
    assert len(result.stations) == SMALL["n_stations"]
    assert int(result.piles["piles"].sum()) == SMALL["n_piles"]
    assert result.manifest["synthetic"] is True


def test_a_changed_fast_minutes_is_prepared_again(plans: dict[str, siting.PlanResult]) -> None:
    """The issue's bug: a reused prepared object with fast_minutes=15 gave the 10-minute results."""
    ten, fifteen = plans["10"], plans["15"]
    assert plans["n_inputs"] == 1  # the road network is read once
    assert plans["n_prepared"] == 2  # the matrices are prepared once per fast_minutes
    assert fifteen.manifest["scenario"]["fast_minutes"] == 15
    t10 = ten.demand.loc[ten.demand["fast_covered"], "access_time_min"]
    t15 = fifteen.demand.loc[fifteen.demand["fast_covered"], "access_time_min"]
    assert t10.max() <= 10 + 1e-9
    assert (t15 > 10).any(), "15-minute plan covers no zone beyond 10 minutes: stale matrices"
    assert t15.max() <= 15 + 1e-9


def test_solve_only_changes_reuse_the_prepared_inputs(plans: dict[str, siting.PlanResult]) -> None:
    scenario = siting.Scenario.from_toml().first_stage_only().replace(**SMALL)
    before = dict(api._PREPARED)
    with warnings.catch_warnings(record=True):
        result = siting.plan(scenario, synthetic=True, n_stations=21)
    assert len(result.stations) == 21
    assert api._PREPARED.keys() == before.keys()
    assert all(api._PREPARED[k] is before[k] for k in before)


def test_repr_is_short_and_html_summarises(plans: dict[str, siting.PlanResult]) -> None:
    result = plans["10"]
    text = repr(result)
    assert len(text) < 400
    assert text.startswith("PlanResult(") and "20 stations" in text
    html = result._repr_html_()
    assert "Stations opened" in html and "新建集中式充电站" in html
    assert "Synthetic data" in html
    assert len(html) < 20_000


def test_explore_and_to_file(plans: dict[str, siting.PlanResult], tmp_path: Path) -> None:
    result = plans["10"]
    assert isinstance(result.explore(tiles=None), folium.Map)
    paths = result.to_file(tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["synthetic"] is True
    assert (tmp_path / "out" / "plan.gpkg").is_file() and "map.html" in {p.name for p in paths.values()}


def test_an_unknown_name_gets_a_did_you_mean() -> None:
    scenario = siting.Scenario.from_toml()
    with pytest.raises(siting.ScenarioError, match=r"key 'fast_minute'\. Did you mean 'fast_minutes'\?"):
        scenario.replace(fast_minute=15)
    with pytest.raises(siting.ScenarioError, match="Did you mean 'n_stations'"):
        siting.plan(synthetic=True, n_station=3)
    with pytest.raises(siting.ScenarioError, match="Did you mean 'fast_minutes'"):
        siting.plan(scenario, synthetic=True, fast_minute=3)


def test_the_api_functions_and_the_pipeline_modules_are_apart() -> None:
    """``siting.plan``/``siting.compare`` are the API's functions; the steps live in ``siting.pipeline`` and
    ``siting.comparison`` (plain modules: no callable-module trick that type checkers reject)."""
    import inspect

    from siting import api, comparison, pipeline

    assert siting.plan is api.plan and siting.compare is api.compare
    assert inspect.isfunction(siting.plan) and inspect.isfunction(siting.compare)
    assert type(pipeline) is type(inspect) and type(comparison) is type(inspect)
    assert pipeline.prepare is siting.pipeline.prepare
    assert comparison.compare_scenarios is not None


def test_coverage_result_has_a_summary() -> None:
    cost = np.array([[0.0, 5.0, 9.0], [4.0, 0.0, 7.0], [8.0, 6.0, 0.0], [3.0, 9.0, 2.0]])
    result = siting.from_cost_matrix(cost, [10, 20, 30, 40], 4.0, 2, candidate_ids=["a", "b", "<c>"])
    assert result.selected == ["<c>", "a"]  # sorted ids; {a, <c>} covers every demand point
    assert result.covered_weight == pytest.approx(100.0)
    html = result._repr_html_()
    assert "covered weight" in html and "&lt;c&gt;" in html and "<c>" not in html
    assert len(repr(result)) < 400


def test_version_and_global_options_after_the_command() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "siting.cli", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"siting {siting.__version__}"
    assert build_parser().parse_args(["demo", "--quiet"]).quiet is True
    args = build_parser().parse_args(["--verbose", "demo"])
    assert args.verbose is True and args.quiet is False
    assert build_parser().parse_args(["plan", "--verbose", "--quiet"]).quiet is True


def test_import_siting_is_light() -> None:
    probe = "import sys, siting; print(sorted({'geopandas', 'pyomo', 'folium'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
