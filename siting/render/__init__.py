"""Rendering for the HTML outputs: Jinja2 templates, formatting, charts, labels and the colour palette.

``templates/``
    Jinja2 templates (HTML, CSS, JavaScript) of the map, the report and the comparison pages.  Python passes
    data to them; markup is never concatenated in Python strings.  :func:`environment` loads them with
    autoescaping on and undefined names as errors.
:mod:`siting.render.format`
    Number and text formatting, HTML escaping, bilingual labels and JSON for ``<script>`` blocks, also
    registered as template filters.

This layer knows nothing of plans: it turns plain values into text.  The modules that build pages
(:mod:`siting.maps`, :mod:`siting.report`, :mod:`siting.comparison`) sit above it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from siting.render import format as fmt

__all__ = ["environment", "render"]


@cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the package's templates (autoescaped, strict, filters registered)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("siting.render", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "j2", "htm", "xml", "svg")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(fmt.FILTERS)
    env.globals.update(bi=fmt.bi)
    return env


def render(template: str, **values: Any) -> str:
    """Render the package template ``template`` (a path under ``templates/``) with ``values``."""
    return environment().get_template(template).render(**values)
