"""The comparison map, kept importable from its old path: it now lives in :mod:`siting.maps.compare`.

Thin re-exports for :mod:`siting.compare`; scenario colours come from :mod:`siting.render.palette`.
"""

from __future__ import annotations

from siting.maps.compare import comparison_map_html as comparison_map_html
from siting.maps.compare import kpi_value as kpi_value
from siting.maps.compare import source_labels as source_labels
from siting.maps.legend import is_synthetic as is_synthetic
from siting.render.palette import SCENARIOS as SCENARIO_COLOURS
from siting.render.palette import scenario_colour as scenario_colour

__all__ = [
    "SCENARIO_COLOURS",
    "comparison_map_html",
    "is_synthetic",
    "kpi_value",
    "scenario_colour",
    "source_labels",
]
