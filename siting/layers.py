"""The one registry of output layers: what each GIS layer is called, holds and looks like.

:mod:`siting.export` writes these layers (GeoPackage, Shapefiles, GeoJSON, CSV), :mod:`siting.styles` styles
them for QGIS, :mod:`siting.maps` draws them, and the tests check them: all read :data:`LAYERS` instead of
keeping their own lists.

Each :class:`Layer` says
    ``name`` (the GeoPackage layer, Shapefile and GeoJSON file stem, and the
    :class:`~siting.results.PlanResult` attribute), ``geometry`` (OGC type written when the layer is empty),
    ``planning`` (True: made by the planning families, so only plans of the planning model have it),
    ``optional`` (written only when it holds rows; every planning layer is optional),
    ``csv`` (also written as ``<name>.csv`` with ``lon``/``lat``), ``styled`` (has a QGIS default style),
    the bilingual title, and ``map_key`` (the key of the map overlay that draws it, or ``""``).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LAYERS", "Layer", "layer", "layers_for"]


@dataclass(frozen=True)
class Layer:
    """One output layer (see the module docstring)."""

    name: str
    geometry: str
    title_zh: str
    title_en: str
    planning: bool = False
    optional: bool = False
    csv: bool = False
    styled: bool = True
    map_key: str = ""


#: Every output layer, in the order it is written.
LAYERS: tuple[Layer, ...] = (
    Layer("stations", "Point", "充电站", "Charging stations", map_key="stations"),
    Layer("piles", "Point", "充电桩", "Charging piles", map_key="piles"),
    Layer("terminals", "Point", "客运站", "Passenger terminals", map_key="terminals"),
    Layer("demand", "Polygon", "需求区", "Demand zones", map_key="demand"),
    Layer("counties", "MultiPolygon", "区县", "Counties", map_key="counties"),
    Layer("candidates", "Point", "候选站点", "Candidate sites", map_key="candidates"),
    Layer(
        "substations",
        "Point",
        "变电站",
        "Substations",
        planning=True,
        optional=True,
        csv=True,
        map_key="substations",
    ),
    Layer(
        "corridor_trips",
        "LineString",
        "城际线路",
        "Intercity trips",
        planning=True,
        optional=True,
        map_key="corridor_trips",
    ),
    Layer(
        "stations_by_stage",
        "Point",
        "分阶段充电站",
        "Stations by stage",
        planning=True,
        optional=True,
        map_key="stations_later",
    ),
    Layer(
        "roads",
        "MultiLineString",
        "主要道路",
        "Major roads",
        optional=True,
        map_key="roads",
    ),
    Layer(
        "worst_served",
        "Polygon",
        "服务最差区域",
        "Worst-served zones",
        optional=True,
        csv=True,
        map_key="worst_served",
    ),
)

_BY_NAME = {item.name: item for item in LAYERS}


def layer(name: str) -> Layer:
    """Return the layer called ``name``; an unknown name raises ``KeyError`` listing the valid ones."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no output layer {name!r}; the layers are {', '.join(_BY_NAME)}") from None


def layers_for(available: dict[str, int]) -> tuple[Layer, ...]:
    """The layers to write, in order, given the number of rows each layer holds (missing: 0).

    Every layer that is not ``optional``, then the optional ones that hold at least one row.
    """
    return tuple(item for item in LAYERS if not item.optional or available.get(item.name, 0) > 0)
