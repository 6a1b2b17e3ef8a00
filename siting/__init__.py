"""Charging-infrastructure siting on OpenStreetMap road networks: the planner's Python API.

Plan in one call, look at the result in Jupyter, write the files::

    import siting

    result = siting.plan(synthetic=True, n_stations=40)  # or siting.plan("my.toml", osm_file=...)
    result                      # a summary table in Jupyter; print(result) is one line
    result.stations             # labelled GeoDataFrames: stations, piles, demand, terminals, counties ...
    result.explore()            # the interactive folium map
    result.to_file("out/")      # GeoPackage, CSV, map.html, manifest.json

Names
-----
:func:`plan`
    One plan from a scenario (object, TOML path or the shipped Guang'an one) and a road source.
:func:`compare`
    Several scenarios on the same inputs, with KPI and county comparison tables.
:func:`robust`
    K sampled futures of a scenario's ``[uncertainty]`` table planned on Dask, and one robust plan.
:class:`Scenario`
    ``Scenario.from_toml(path, **overrides)`` and ``scenario.replace(**changes)`` (both validated; an
    unknown name gets a did-you-mean :class:`ScenarioError`).
:class:`PlanResult`
    What :func:`plan` returns.
:func:`from_cost_matrix`, :func:`from_geodataframes`, :class:`CoverageResult`
    Your own maximal covering problem, spopt-style, on a cost matrix or two point layers.
:func:`clear_cache`
    Forget the inputs and prepared data :func:`plan` keeps in memory between calls.

The pipeline's steps stay importable from their modules (:mod:`siting.pipeline`, :mod:`siting.prepare`,
:mod:`siting.solve`, :mod:`siting.comparison` ...), as the advanced notebook shows.  The package loads
these names on first use (``import siting`` itself stays light, and ``siting --help`` loads no planner).
"""

from __future__ import annotations

import importlib
from importlib import metadata
from typing import Any

__all__ = [
    "CoverageResult",
    "PlanResult",
    "Scenario",
    "ScenarioError",
    "SitingError",
    "__version__",
    "clear_cache",
    "compare",
    "from_cost_matrix",
    "from_geodataframes",
    "plan",
    "robust",
]

try:
    __version__ = metadata.version("guangan-ev-siting")
except metadata.PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
    __version__ = "0+unknown"


#: Where each public name lives; loaded on first access (PEP 562) so that ``import siting`` stays light.
_PUBLIC = {
    "plan": "siting.api",
    "compare": "siting.api",
    "robust": "siting.api",
    "clear_cache": "siting.api",
    "PlanResult": "siting.api",
    "from_cost_matrix": "siting.costmatrix",
    "from_geodataframes": "siting.costmatrix",
    "CoverageResult": "siting.costmatrix",
    "Scenario": "siting.scenario",
    "ScenarioError": "siting._errors",
    "SitingError": "siting._errors",
}


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use (``siting.plan`` is :func:`siting.api.plan`)."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'siting' has no attribute {name!r}")
    value = getattr(importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
