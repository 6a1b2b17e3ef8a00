"""summary.pdf: the report's one-page summary rendered by WeasyPrint (optional extra ``[pdf]``)."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from _fixtures import small_plan_result
from _planning_fixtures import planning_plan_result

from siting import summary_pdf

pytestmark = pytest.mark.skipif(
    not summary_pdf.pdf_available(),
    reason='WeasyPrint is not installed (pip install -e ".[pdf]"; Debian: libpango-1.0-0 libpangoft2-1.0-0)',
)


def _has_cjk_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    run = subprocess.run([fc_list, ":lang=zh"], capture_output=True, text=True, check=False)
    return bool(run.stdout.strip())


def test_summary_pdf_is_one_a4_page_labelled_synthetic_and_reproducible(tmp_path: Path) -> None:
    result = planning_plan_result()
    path = summary_pdf.save_summary_pdf(result, tmp_path / "summary.pdf")
    assert path == tmp_path / "summary.pdf"
    data = path.read_bytes()
    assert data.startswith(b"%PDF-1.4")
    pages = re.findall(rb"/Type\s*/Page\b", data)
    assert len(pages) == 1  # the summary alone, on one page
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert box is not None and (round(float(box[1])), round(float(box[2]))) == (595, 842)  # A4, points
    assert summary_pdf.SYNTHETIC_DESCRIPTION.encode() in data  # the PDF's subject, plain text
    assert summary_pdf.summary_pdf_bytes(result) == data  # same result, same bytes


def test_chinese_text_is_set_in_an_embedded_cjk_font(tmp_path: Path) -> None:
    if not _has_cjk_font():
        pytest.skip("no CJK font installed (Debian fonts-noto-cjk): Chinese would not render")
    data = summary_pdf.summary_pdf_bytes(small_plan_result())
    fonts = re.findall(rb"/FontName\s*/([A-Z]{6}\+[^\s/>]+)", data)
    assert any(b"CJK" in name for name in fonts), fonts  # embedded subset of a CJK font


def test_weasyprint_logs_nothing_below_error(caplog: pytest.LogCaptureFixture) -> None:
    """The report's CSS has rules WeasyPrint skips (SVG chart styles): a user's terminal stays quiet."""
    with caplog.at_level(logging.DEBUG):
        summary_pdf.summary_pdf_bytes(small_plan_result())
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    assert logging.getLogger("weasyprint").level == logging.NOTSET  # restored


def test_a_plan_on_real_data_names_its_source(tmp_path: Path) -> None:
    data = summary_pdf.summary_pdf_bytes(small_plan_result(synthetic=False))
    assert summary_pdf.SYNTHETIC_DESCRIPTION.encode() not in data
    assert b"Data source:" in data
