"""The one-page summary of a plan as ``summary.pdf``, when the optional WeasyPrint is installed.

:func:`save_summary_pdf` renders the report's first page (:func:`siting.report.report_html`, the title,
the synthetic-data banner and the summary: five numbers, a small map, the counties and what is not met)
with WeasyPrint, which lays out HTML and CSS without a browser, using the report's print style sheet
and ``templates/report/summary_pdf.css`` (everything after the summary left out, the page tightened to
one A4 page).  Fonts: the system's; Chinese needs a CJK font such as Debian's ``fonts-noto-cjk``.

WeasyPrint is the optional extra ``[pdf]`` (``pip install -e ".[pdf]"``; it needs the Pango library,
Debian ``libpango-1.0-0 libpangoft2-1.0-0``).  Without it :func:`save_summary_pdf` writes nothing and
returns None; :func:`pdf_available` says which.

The bytes depend only on the result and the WeasyPrint version (a fixed PDF identifier, no dates); for a
plan on synthetic data the PDF's subject says "synthetic road network - not a real plan", readable in the
file as plain text (:data:`PDF_VERSION`).
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from siting._io import write_file_atomic
from siting._warnings import warn
from siting.render import render
from siting.report import report_html
from siting.results import PlanResult

__all__ = ["PDF_VERSION", "SYNTHETIC_DESCRIPTION", "pdf_available", "save_summary_pdf", "summary_pdf_bytes"]

#: PDF 1.4: no compressed object streams, so the document information (title, subject) stays plain text
#: in the file and a text search (``grep -i synthetic``) finds the label of a synthetic plan.
PDF_VERSION = "1.4"
#: The PDF's subject (document information ``/Subject``) for a plan on synthetic data.
SYNTHETIC_DESCRIPTION = "synthetic road network - not a real plan"


def pdf_available() -> bool:
    """True when WeasyPrint can be imported (the optional extra ``[pdf]``).

    WeasyPrint installed without the Pango library it loads (an ``OSError`` on import) gives False and one
    warning naming the system packages to install, so that the rest of the output is still written.
    """
    if importlib.util.find_spec("weasyprint") is None:
        return False
    try:
        # deferred: WeasyPrint is an optional extra, loaded only when a summary PDF may be written
        import weasyprint  # noqa: F401
    except OSError as exc:
        warn(
            f"summary.pdf is not written: WeasyPrint is installed but cannot load its libraries ({exc}); "
            "install Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)."
        )
        return False
    return True


def summary_pdf_bytes(result: PlanResult) -> bytes:
    """The summary page of ``result`` as PDF bytes (A4).

    Raises
    ------
    ModuleNotFoundError
        WeasyPrint is not installed: ``pip install -e ".[pdf]"``.
    """
    # deferred: WeasyPrint is an optional extra, loaded only when a summary PDF is written
    import weasyprint

    text = report_html(result)
    css = render("report/summary_pdf.css")
    with _quiet("weasyprint", "fontTools"):  # it logs every CSS property it skips (SVG styles of the charts)
        document = weasyprint.HTML(string=text).render(stylesheets=[weasyprint.CSS(string=css)])
    document.metadata.description = (
        SYNTHETIC_DESCRIPTION if result.synthetic else f"Data source: {result.source_label}"
    )
    with _quiet("weasyprint", "fontTools"):
        pdf = document.write_pdf(pdf_version=PDF_VERSION, pdf_identifier=b"siting-summary")
    assert isinstance(pdf, bytes)
    return pdf


@contextmanager
def _quiet(*loggers: str) -> Iterator[None]:
    """Only errors from these loggers during the block (WeasyPrint warns about every CSS rule it ignores)."""
    saved = [(logging.getLogger(name), logging.getLogger(name).level) for name in loggers]
    for logger, _level in saved:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in saved:
            logger.setLevel(level)


def save_summary_pdf(result: PlanResult, path: str | os.PathLike[str]) -> Path | None:
    """Write the summary page to ``path`` atomically; None (nothing written) without WeasyPrint.

    Parameters
    ----------
    result
        The plan.
    path
        The PDF file, e.g. ``out/summary.pdf``.

    Returns
    -------
    pathlib.Path or None
        ``path``, or None when WeasyPrint is not installed.
    """
    if not pdf_available():
        return None
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_file_atomic(target, summary_pdf_bytes(result))
