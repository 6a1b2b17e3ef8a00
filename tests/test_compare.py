"""Scenario comparison: tables, coverage curves, chart, map, output folder and ``siting compare``.

Everything runs offline on a small synthetic Guang'an (``scale=0.1``, about 6,500 road nodes) with
20 and 40 stations and 100 piles.  The planning families (charger sizing, grid, county caps) are
switched off where the scenario has them, so that the base model is solved to optimality in about a
second and the coverage curves can be checked exactly (up to the reported gaps).
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from siting import comparison as compare
from siting import pipeline as plan
from siting._errors import InputDataError, ScenarioError
from siting.cli import main
from siting.scenario import Scenario, geodata_path, scenario_from_toml

#: Settings of the fast base model; only those the Scenario knows are used.
_BASE_MODEL: dict[str, Any] = {
    "size_chargers": False,
    "grid_mode": "off",
    "county_max_share": 0.0,
    "corridors": False,
    "rural_min_share_stations": 0.0,
    "rural_min_share_piles": 0.0,
    "later_stages": [],
    "later_stage_stations": [],
    "later_stage_piles": [],
    "later_stage_ev_per_1000_people": [],
    "later_stage_headroom_factor": [],
}
_FIELDS = {f.name for f in dataclasses.fields(Scenario)}
BASE_MODEL = {k: v for k, v in _BASE_MODEL.items() if k in _FIELDS}

SCALE = 0.1


@pytest.fixture(scope="module")
def scenarios() -> tuple[Scenario, Scenario]:
    a = scenario_from_toml(n_stations=20, n_piles=100, time_limit_s=20, name="base-20", **BASE_MODEL)
    return a, a.replace(n_stations=40, name="more-40")


@pytest.fixture(scope="module")
def inputs(scenarios: tuple[Scenario, Scenario]) -> plan.StudyInputs:
    return plan.inputs_from_synthetic(scenarios[0], seed=0, scale=SCALE)


@pytest.fixture(scope="module")
def comparison(scenarios: tuple[Scenario, Scenario], inputs: plan.StudyInputs) -> compare.Comparison:
    return compare.compare_scenarios(list(scenarios), inputs, curve=True, curve_time_limit_s=10.0)


@pytest.fixture(scope="module")
def prepared(scenarios: tuple[Scenario, Scenario], inputs: plan.StudyInputs) -> plan.Prepared:
    return plan.prepare(scenarios[0], inputs)


def _kpi(table: pd.DataFrame, key: str, column: str) -> Any:
    return table.set_index("kpi").loc[key, column]


# ------------------------------------------------------------------------------------------ tables
def test_kpi_table_has_both_scenarios_and_their_differences(comparison: compare.Comparison) -> None:
    kpis = comparison.kpis
    assert list(kpis.columns) == [
        "kpi",
        "unit",
        "label_en",
        "label_zh",
        "base-20",
        "more-40",
        "more-40 - base-20",
    ]
    assert list(comparison.results) == ["base-20", "more-40"]
    assert _kpi(kpis, "stations_opened", "base-20") == 20
    assert _kpi(kpis, "stations_opened", "more-40") == 40
    diff = _kpi(kpis, "stations_opened", "more-40 - base-20")
    assert diff == 20 and isinstance(diff, int)  # counts stay integers
    assert _kpi(kpis, "piles_placed", "more-40 - base-20") == 0
    # every KPI of every plan is there, with its own value, and the difference is later minus first
    for name, result in comparison.results.items():
        own = result.kpis.set_index("kpi")["value"]
        assert set(own.index) == set(kpis["kpi"])
        for key, value in own.items():
            got = _kpi(kpis, str(key), name)
            assert got == value or (math.isnan(float(got)) and math.isnan(float(value)))
    for rec in kpis.to_dict("records"):
        a, b, d = rec["base-20"], rec["more-40"], rec["more-40 - base-20"]
        if math.isfinite(float(a)) and math.isfinite(float(b)):
            assert d == pytest.approx(b - a, abs=1e-9), rec["kpi"]
        else:
            assert math.isnan(float(d))
    # 20 more stations cover more EVs (both plans are solved to the reported gap)
    assert _kpi(kpis, "fast_covered_share", "more-40 - base-20") > 0
    assert _kpi(kpis, "fast_covered_share", "label_zh") == "快充覆盖率"


def test_county_table_adds_up_to_the_plans(comparison: compare.Comparison) -> None:
    counties = comparison.counties
    assert list(counties.columns[:3]) == ["county_id", "name_zh", "name_en"]
    assert "广安区" in set(counties["name_zh"])
    for name, result in comparison.results.items():
        assert int(counties[f"stations ({name})"].sum()) == len(result.stations)
        assert int(counties[f"piles ({name})"].sum()) == int(result.piles["piles"].sum())
        by_id = result.kpis_by_county.set_index("county_id")["fast_covered_share"]
        for cid, share in zip(counties["county_id"], counties[f"fast_covered_share ({name})"], strict=True):
            assert float(share) == pytest.approx(float(by_id[cid]))
    diff = counties["stations (more-40 - base-20)"]
    assert (diff == counties["stations (more-40)"] - counties["stations (base-20)"]).all()
    assert int(diff.sum()) == 20


def test_duplicate_names_are_refused_before_planning(
    scenarios: tuple[Scenario, Scenario], inputs: plan.StudyInputs
) -> None:
    a, _ = scenarios
    with pytest.raises(ScenarioError, match="name"):
        compare.compare_scenarios([a, a.replace(n_stations=40)], inputs, curve=False)
    with pytest.raises(ScenarioError) as info:
        compare.check_scenario_names(["x", "x"], sources=["A.toml", "B.toml"])
    assert "A.toml" in str(info.value) and "B.toml" in str(info.value) and 'name = "..."' in str(info.value)


# ----------------------------------------------------------------------------------- coverage curve
def test_coverage_curve_rises_and_includes_the_target(
    comparison: compare.Comparison, scenarios: tuple[Scenario, Scenario]
) -> None:
    for scen in scenarios:
        curve = comparison.curves[scen.name]
        assert list(curve.columns) == list(compare.CURVE_COLUMNS)
        n = curve["n_stations"].tolist()
        assert n == sorted(set(n))
        assert scen.n_stations in n
        assert n[0] <= math.ceil(0.25 * scen.n_stations) and n[-1] == round(1.2 * scen.n_stations)
        assert (curve["status"] != "infeasible").all()
        covered = curve["fast_ev_covered"].to_numpy()
        slack = (curve["gap"] * curve["objective"].abs()).to_numpy()
        assert np.all(covered[1:] >= covered[:-1] - slack[1:] - 1e-6), curve
        assert curve["fast_covered_share"].between(0, 1).all()
        # the point at the target is (up to alternative optima) the scenario's own plan
        at_target = float(curve.loc[curve["n_stations"] == scen.n_stations, "fast_covered_share"].iloc[0])
        plan_share = float(_kpi(comparison.kpis, "fast_covered_share", scen.name))
        assert at_target == pytest.approx(plan_share, abs=0.02)


def test_default_points_skip_counts_the_requirements_rule_out(
    scenarios: tuple[Scenario, Scenario], prepared: plan.Prepared
) -> None:
    every_terminal = scenarios[0].replace(terminal_share=1.0)
    data, _ = plan.build_model_data(every_terminal, prepared)
    within = data.terminal_dist_m.tocsc()
    best = int(np.diff(within.indptr).max())
    needed = math.ceil(data.terminal_quota / best)
    assert needed > 2  # 10 % of 20 stations cannot cover all 9 terminals
    points = compare.default_curve_points(every_terminal, data)
    assert min(points) == needed and 20 in points and max(points) == 24


def test_infeasible_point_is_recorded_not_raised(
    scenarios: tuple[Scenario, Scenario], prepared: plan.Prepared
) -> None:
    every_terminal = scenarios[0].replace(terminal_share=1.0)
    curve = compare.coverage_curve(every_terminal, prepared, n_stations=[20, 1], time_limit_s=10.0)
    assert curve["n_stations"].tolist() == [1, 20]
    assert curve["status"].tolist()[0] == "infeasible"
    assert math.isnan(curve["fast_covered_share"].iloc[0])
    assert curve["status"].iloc[1] != "infeasible" and curve["fast_covered_share"].iloc[1] > 0
    with pytest.raises(ScenarioError, match="at least 1"):
        compare.coverage_curve(scenarios[0], prepared, n_stations=[0, 10])


def test_curve_uses_the_served_share_when_the_solution_has_one(
    scenarios: tuple[Scenario, Scenario], prepared: plan.Prepared, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = compare.solve_mod.solve_model

    def half_served(data: Any, **kwargs: Any) -> Any:
        solution, report = real(data, **kwargs)
        solution.fast_served_share = np.full(data.n_demand, 0.5)
        return solution, report

    monkeypatch.setattr(compare.solve_mod, "solve_model", half_served)
    curve = compare.coverage_curve(scenarios[0], prepared, n_stations=[10], time_limit_s=10.0)
    assert curve["fast_covered_share"].iloc[0] == pytest.approx(0.5)


# -------------------------------------------------------------------------------------- chart, map
def test_curve_svg_is_xml_with_one_line_per_scenario(comparison: compare.Comparison) -> None:
    svg = compare.coverage_curve_svg(comparison.curves, mark={"base-20": 20, "more-40": 40})
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    lines = [el for el in root.iter(f"{ns}polyline") if el.get("class") == "cc-line"]
    assert [el.get("data-scenario") for el in lines] == ["base-20", "more-40"]
    for line, name in zip(lines, ["base-20", "more-40"], strict=True):
        assert len(line.get("points", "").split()) == len(comparison.curves[name])
    texts = " ".join(el.text or "" for el in root.iter(f"{ns}text"))
    assert "快充覆盖率 · share of EVs" in texts and "充电站数量 · number of stations" in texts
    assert "base-20" in texts and "more-40" in texts  # the legend
    rings = [el for el in root.iter(f"{ns}circle") if el.get("class") == "cc-ring"]
    assert len(rings) == 3  # one per target, one in the legend


_EXTERNAL = re.compile(r"<(?:script|link)\b[^>]*(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)


def test_comparison_map_is_offline_and_names_every_scenario(comparison: compare.Comparison) -> None:
    page = compare.comparison_map_html(comparison.results)
    assert not _EXTERNAL.search(page)
    assert "<script src=" not in page and '<link rel="stylesheet" href=' not in page
    assert "base-20" in page and "more-40" in page
    assert "合成数据演示" in page and "synthetic road network" in page  # synthetic data is labelled
    assert "siting-scenario" in page  # the scenario switch
    assert page.count('name=\\"siting-scenario\\"') == 2  # one radio button per scenario (in a JS string)
    assert '["base-20","more-40"]' in page
    # the same results give the same page (deterministic element ids)
    assert compare.comparison_map_html(comparison.results) == page
    linked = compare.comparison_map_html(comparison.results, inline_assets=False, tiles=None)
    assert 'src="siting-assets/leaflet.js"' in linked and not _EXTERNAL.search(linked)


def test_comparison_map_switches_scenarios_in_a_browser(
    comparison: compare.Comparison, tmp_path: Path
) -> None:
    exe = next(
        (shutil.which(c) for c in ("chromium", "chromium-browser", "google-chrome") if shutil.which(c)), None
    )
    if exe is None:
        pytest.skip("Chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    path = tmp_path / "compare_map.html"
    path.write_text(compare.comparison_map_html(comparison.results), encoding="utf-8")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=exe, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            errors: list[str] = []
            blocked: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))

            def route(r: Any) -> None:
                if r.request.url.startswith(("file:", "data:")):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort("internetdisconnected")

            page.route("**/*", route)
            page.goto(path.as_uri())
            page.wait_for_function("window.sitingCompare !== undefined")
            shown = "window.sitingCompare.groups.map(g => window.sitingMap.map.hasLayer(g[0]))"
            assert page.evaluate(shown) == [True, False]
            page.locator("input[name=siting-scenario][value='1']").check()
            assert page.evaluate(shown) == [False, True]
            markers = (
                """k => { let n = 0; window.sitingCompare.groups[k][0].eachLayer(() => n++); return n; }"""
            )
            # more-40: its 40 stations plus the base-20 stations it dropped
            dropped = len(
                set(comparison.results["base-20"].stations["site_id"])
                - set(comparison.results["more-40"].stations["site_id"])
            )
            assert page.evaluate(markers, 1) == 40 + dropped
            assert page.evaluate(markers, 0) == 20
            assert errors == []
            assert all("tile.openstreetmap.org" in url for url in blocked), blocked
        finally:
            browser.close()


# ------------------------------------------------------------------------------------ output folder
def _leftovers(out: Path) -> list[Path]:
    return [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]


def test_write_comparison_is_atomic_and_refuses_to_overwrite(
    comparison: compare.Comparison, tmp_path: Path
) -> None:
    out = tmp_path / "cmp"
    paths = compare.write_comparison(comparison.results, out, curves=comparison.curves)
    assert set(paths) == {
        "compare_kpis.csv",
        "compare_counties.csv",
        "coverage_curve.csv",
        "coverage_curve.svg",
        "compare_map.html",
        "compare.html",
        "manifest.json",
    }
    kpis = pd.read_csv(out / "compare_kpis.csv", encoding="utf-8-sig")
    assert int(kpis.set_index("kpi").loc["stations_opened", "more-40 - base-20"]) == 20
    curve = pd.read_csv(out / "coverage_curve.csv", encoding="utf-8-sig")
    assert set(curve["scenario"]) == {"base-20", "more-40"}
    ET.fromstring((out / "coverage_curve.svg").read_bytes())
    page = (out / "compare.html").read_text(encoding="utf-8")
    assert "关键指标" in page and "Key indicators" in page and "<svg" in page and "+20" in page
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["baseline"] == "base-20" and manifest["synthetic"] is True
    assert set(manifest["files"]) == set(paths) - {"manifest.json"}

    (out / "compare.html").write_text("mine", encoding="utf-8")
    with pytest.raises(InputDataError, match="--overwrite"):
        compare.write_comparison(comparison.results, out)
    assert (out / "compare.html").read_text(encoding="utf-8") == "mine"
    paths = compare.write_comparison(comparison.results, out, overwrite=True, inline_assets=False)
    assert "coverage_curve.csv" not in paths and "siting-assets/leaflet.js" in paths
    assert (out / "compare.html").read_text(encoding="utf-8") != "mine"
    assert _leftovers(out) == []


# ---------------------------------------------------------------------------------------------- CLI
def _toml(path: Path, name: str, n_stations: int, extra: str = "") -> Path:
    lines = [
        f'name = "{name}"',
        f"n_stations = {n_stations}",
        "n_piles = 100",
        "time_limit_s = 20",
        f'counties_file = "{geodata_path("guangan_counties.geojson").as_posix()}"',
        f'terminals_file = "{geodata_path("guangan_terminals.csv").as_posix()}"',
    ]
    for key, value in BASE_MODEL.items():
        lines.append(f"{key} = {json.dumps(value)}")
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


@pytest.fixture
def cli_scenarios(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    yield _toml(tmp_path / "a.toml", "base-20", 20), _toml(tmp_path / "b.toml", "more-40", 40)


def _no_output(out: Path) -> None:
    assert not out.exists()
    assert _leftovers(out) == []


def test_cli_compare_end_to_end(
    tmp_path: Path, cli_scenarios: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = cli_scenarios
    out = tmp_path / "out"
    args = ["compare", str(a), str(b), "--synthetic-scale", str(SCALE), "--out", str(out)]
    code = main([*args, "--curve-points", "10,40", "--curve-time-limit", "10"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "SYNTHETIC" in captured.err  # said at the start ...
    stdout = captured.out
    assert (
        "synthetic road network" in stdout and "not a plan for the real city" in stdout
    )  # ... and at the end
    assert "base-20" in stdout and "more-40" in stdout and "more-40 - base-20" in stdout
    assert re.search(r"Stations opened\s+20\s+40\s+\+20", stdout), stdout
    for name in ("compare_kpis.csv", "compare_counties.csv", "coverage_curve.csv", "compare_map.html"):
        assert (out / name).is_file(), name
    curve = pd.read_csv(out / "coverage_curve.csv", encoding="utf-8-sig")
    assert sorted(curve.loc[curve["scenario"] == "more-40", "n_stations"]) == [10, 40]
    # an existing folder is refused before any planning; --overwrite replaces it
    assert main([*args, "--no-curve"]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert main(["--quiet", *args, "--no-curve", "--overwrite"]) == 0
    assert not (out / "coverage_curve.csv").exists()
    assert _leftovers(out) == []


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        ('walk_m = "far"\n', "walk_m"),
        ("n_stationz = 5\n", "n_stationz"),
        ("oops =\n", "not valid TOML"),
        (None, "not found"),
    ],
)
def test_cli_bad_second_scenario_file(
    tmp_path: Path,
    cli_scenarios: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    extra: str | None,
    needle: str,
) -> None:
    a, _ = cli_scenarios
    bad = tmp_path / "bad.toml"
    if extra is not None:
        _toml(bad, "bad", 40, extra)
    out = tmp_path / "out"
    code = main(["compare", str(a), str(bad), "--synthetic-scale", str(SCALE), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: ") and "bad.toml" in err and needle in err
    assert "Traceback" not in err
    _no_output(out)


def test_cli_refuses_duplicate_names_and_bad_options(
    tmp_path: Path, cli_scenarios: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, _ = cli_scenarios
    twin = _toml(tmp_path / "twin.toml", "base-20", 40)
    out = tmp_path / "out"
    assert main(["compare", str(a), str(twin), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "a.toml" in err and "twin.toml" in err and "name" in err
    _, b = cli_scenarios
    for option in (["--boundary", str(a)], ["--curve-points", "10,x"], ["--curve-time-limit", "0"]):
        assert main(["compare", str(a), str(b), *option, "--out", str(out)]) == 2
        assert capsys.readouterr().err.startswith("error: ")
    _no_output(out)
    with pytest.raises(SystemExit) as info:
        main(["compare", str(a), "--out", str(out)])
    assert info.value.code == 2
    assert "at least two" in capsys.readouterr().err
    _no_output(out)
