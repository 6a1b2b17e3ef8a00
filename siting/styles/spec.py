"""The style model of the default QGIS styles and the style of every layer, from its fields and values.

A :class:`Spec` (renderer, classes, label, scale limit) is what both documents are built from
(:mod:`siting.styles.qml`, :mod:`siting.styles.sld`).  Layer names and geometries come from
:mod:`siting.layers` (its ``styled`` layers), colours from :mod:`siting.render.palette`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from siting.layers import LAYERS, Layer
from siting.render import palette
from siting.roads import MAJOR_ROAD_CLASSES

__all__ = [
    "KINDS",
    "LABEL_COLOR",
    "SPECS",
    "STYLED_LAYERS",
    "WHITE",
    "Color",
    "Kind",
    "Label",
    "Spec",
    "StyleClass",
    "Symbol",
    "geometry_kind",
    "qgis_field",
    "rgba",
    "xml_number",
]

Kind = Literal["point", "line", "polygon"]
Color = tuple[int, int, int, int]


def rgba(colour: str) -> Color:
    """A palette colour (``#rrggbb``) as QGIS's opaque ``(r, g, b, 255)``."""
    return palette.rgba(colour)


WHITE: Color = rgba(palette.OUTLINE)
LABEL_COLOR: Color = rgba(palette.LABEL)
_STATION: Color = rgba(palette.STATION["new"])
_PILE: Color = rgba(palette.PILE)
_COVERED: Color = rgba(palette.TERMINAL["covered"])
_UNCOVERED: Color = rgba(palette.TERMINAL["uncovered"])
_COUNTY: Color = rgba(palette.COUNTY)
_CANDIDATE: Color = rgba(palette.CANDIDATE)
_SUBSTATION: Color = rgba(palette.SUBSTATION)
_CORRIDOR: Color = rgba(palette.CORRIDOR_FLOW)
_WORST: Color = rgba(palette.WORST)
_STATION_LATER: Color = rgba(palette.STATION_LATER)
_ROAD: Color = rgba(palette.ROAD)
#: Demand zones: the palette's demand-intensity ramp (5 classes).
DEMAND_RAMP: tuple[Color, ...] = tuple(rgba(c) for c in palette.DEMAND_INTENSITY)

#: Legend unit after a class's value range, by classified field.
_UNITS = {
    "chargers": "chargers 充电桩",
    "fast_ev_covered": "EVs covered 覆盖车辆",
    "piles": "piles 充电桩",
    "fast_demand_ev": "fast-charging EVs 快充需求车辆",
    "flow_ev_trips_per_day": "EV trips/day 电动车出行/日",
}


def geometry_kind(geometry: str | None) -> Kind | None:
    name = (geometry or "").upper().replace(" ", "")
    for suffix in ("ZM", "Z", "M"):
        if name.endswith(suffix) and name[: -len(suffix)] in _GEOMETRY_KINDS:
            name = name[: -len(suffix)]
    return _GEOMETRY_KINDS.get(name)


_GEOMETRY_KINDS: dict[str, Kind] = {
    "POINT": "point",
    "MULTIPOINT": "point",
    "LINESTRING": "line",
    "MULTILINESTRING": "line",
    "CIRCULARSTRING": "line",
    "COMPOUNDCURVE": "line",
    "CURVE": "line",
    "MULTICURVE": "line",
    "POLYGON": "polygon",
    "MULTIPOLYGON": "polygon",
    "CURVEPOLYGON": "polygon",
    "SURFACE": "polygon",
    "MULTISURFACE": "polygon",
}


#: Layers that have a default style (:mod:`siting.layers`), in the order their rows are written.
STYLED_LAYERS: tuple[str, ...] = tuple(item.name for item in LAYERS if item.styled)


def _kind(item: Layer) -> Kind:
    kind = geometry_kind(item.geometry)
    assert kind is not None, item
    return kind


#: Expected geometry of every styled layer.
KINDS: dict[str, Kind] = {item.name: _kind(item) for item in LAYERS if item.styled}


def _title(name: str) -> str:
    """The legend text of a layer drawn with one symbol: its bilingual title from :mod:`siting.layers`."""
    item = next(item for item in LAYERS if item.name == name)
    return f"{item.title_zh} {item.title_en}"


# ----------------------------------------------------------------------------------------------
# style model
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Symbol:
    """One symbol: a marker (size = diameter), a line (size = width) or a fill, sizes in mm."""

    kind: Kind
    color: Color
    size: float = 2.0
    shape: str = "circle"  # marker: QGIS name (circle, square); SLD WellKnownName is the same
    outline: Color | None = WHITE  # None: no outline (fills, markers)
    outline_width: float = 0.2
    opacity: float = 1.0


@dataclass(frozen=True)
class StyleClass:
    """A legend entry: a graduated range, a category or the only symbol."""

    symbol: Symbol
    label: str
    lower: float | None = None  # graduated: lower bound (exclusive, except for the first class)
    upper: float | None = None  # graduated: upper bound (inclusive)
    value: str | None = None  # categorised: value of the QML attribute expression
    sld_literal: str | None = None  # categorised: SLD literal the field equals; None = ElseFilter


@dataclass(frozen=True)
class Label:
    field: str
    size: float  # points
    color: Color
    polygon: bool


@dataclass(frozen=True)
class Spec:
    """Everything both documents are built from."""

    layer: str
    kind: Kind
    renderer: Literal["single", "graduated", "categorized"]
    classes: tuple[StyleClass, ...]
    field: str | None = None  # the field classified
    null_value: float | None = None  # graduated: what NULL counts as (None: the field has no NULL)
    expression: str | None = None  # QML attribute expression (else the quoted field)
    method: Literal["GraduatedColor", "GraduatedSize"] = "GraduatedColor"
    label: Label | None = None
    min_scale: float | None = None  # hidden when zoomed out beyond 1:min_scale

    @property
    def attr(self) -> str:
        if self.expression is not None:
            return self.expression
        assert self.field is not None
        if self.null_value is not None:
            return f"coalesce({qgis_field(self.field)}, {xml_number(self.null_value)})"
        return self.field


def qgis_field(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _numbers(values: Sequence[Any]) -> tuple[list[float], bool]:
    """Finite numbers among ``values`` (booleans excluded) and whether any value is NULL (None, NaN, NA)."""
    found: list[float] = []
    has_null = False
    for value in values:
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            number = float(value)
            if math.isnan(number):
                has_null = True
            elif math.isfinite(number):
                found.append(number)
        elif value is None or type(value).__name__ in {"NAType", "NaTType"}:
            has_null = True
    return found, has_null


def _breaks(values: Sequence[float], classes: int) -> list[tuple[float, float]]:
    """Quantile classes ``(lower, upper)`` of ``values``; bounds are data values, never repeated."""
    data = sorted(values)
    if not data:
        return []
    uppers: list[float] = []
    n = len(data)
    for i in range(1, classes + 1):
        # inverted-CDF quantile: the smallest value with at least i/classes of the data at or below it
        upper = data[max(0, math.ceil(i * n / classes) - 1)]
        if not uppers or upper > uppers[-1]:
            uppers.append(upper)
    lowers = [data[0], *uppers[:-1]]
    return list(zip(lowers, uppers, strict=True))


def xml_number(value: float) -> str:
    """Exact, locale-free text of a number for XML (``repr`` round-trips a float)."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


def _pretty(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _range_labels(ranges: Sequence[tuple[float, float]], unit: str, *, integers: bool) -> list[str]:
    """Legend texts; with integer data the classes read "1 – 2", "3 – 5" rather than "1 – 2", "2 – 5"."""
    labels = []
    for i, (lo, hi) in enumerate(ranges):
        low = lo + 1 if integers and i > 0 else lo
        text = _pretty(hi) if low >= hi else f"{_pretty(low)} – {_pretty(hi)}"
        labels.append(f"{text} {unit}".strip())
    return labels


def _sizes(count: int, smallest: float, largest: float) -> list[float]:
    if count == 1:
        return [round((smallest + largest) / 2, 2)]
    step = (largest - smallest) / (count - 1)
    return [round(smallest + i * step, 2) for i in range(count)]


def _graduated(
    layer: str,
    kind: Kind,
    fields: Mapping[str, Sequence[Any]],
    field: str | None,
    *,
    classes: int,
    make: Callable[[int, int], Symbol],
    fallback: Symbol,
    fallback_label: str,
    method: Literal["GraduatedColor", "GraduatedSize"],
    label: Label | None = None,
) -> Spec:
    """A graduated spec on ``field`` (``make(i, n)`` is class i's symbol), else a single symbol."""
    if field is not None and field in fields:
        numbers, has_null = _numbers(fields[field])
        ranges = _breaks(numbers, classes)
        if ranges:
            integers = all(number.is_integer() for number in numbers)
            labels = _range_labels(ranges, _UNITS.get(field, ""), integers=integers)
            spec_classes = tuple(
                StyleClass(symbol=make(i, len(ranges)), label=text, lower=lo, upper=hi)
                for i, ((lo, hi), text) in enumerate(zip(ranges, labels, strict=True))
            )
            return Spec(
                layer=layer,
                kind=kind,
                renderer="graduated",
                classes=spec_classes,
                field=field,
                null_value=ranges[0][0] if has_null else None,
                method=method,
                label=label,
            )
    return Spec(
        layer=layer,
        kind=kind,
        renderer="single",
        classes=(StyleClass(symbol=fallback, label=fallback_label),),
        label=label,
    )


def _label(fields: Mapping[str, Sequence[Any]], *names: str, size: float, polygon: bool) -> Label | None:
    for name in names:
        if name in fields:
            return Label(field=name, size=size, color=LABEL_COLOR, polygon=polygon)
    return None


# ----------------------------------------------------------------------------------------------
# the styles
# ----------------------------------------------------------------------------------------------
def _graduated_size(
    layer: str,
    fields: Mapping[str, Sequence[Any]],
    field: str,
    sizes: tuple[float, float],
    symbol: Callable[[float], Symbol],
    label: Label | None = None,
) -> Spec:
    """Four size classes of ``field`` from ``sizes[0]`` to ``sizes[1]`` mm (``symbol(size)``), else one."""

    def make(i: int, n: int) -> Symbol:
        return symbol(_sizes(n, *sizes)[i])

    return _graduated(
        layer,
        KINDS[layer],
        fields,
        field,
        classes=4,
        make=make,
        fallback=make(0, 1),
        fallback_label=_title(layer),
        method="GraduatedSize",
        label=label,
    )


def _stations(fields: Mapping[str, Sequence[Any]]) -> Spec:
    field = "chargers" if "chargers" in fields else "fast_ev_covered"
    return _graduated_size(
        "stations",
        fields,
        field,
        (2.6, 6.0),
        lambda size: Symbol("point", _STATION, size=size, outline=WHITE, outline_width=0.3),
        label=_label(fields, "name", size=8.0, polygon=False),
    )


def _piles(fields: Mapping[str, Sequence[Any]]) -> Spec:
    return _graduated_size(
        "piles",
        fields,
        "piles",
        (1.2, 3.0),
        lambda size: Symbol("point", _PILE, size=size, outline=WHITE, outline_width=0.15),
    )


def _terminals(fields: Mapping[str, Sequence[Any]]) -> Spec:
    covered = Symbol(
        "point",
        _COVERED,
        size=3.0,
        shape="diamond",
        outline=WHITE,
        outline_width=0.3,
    )
    uncovered = Symbol(
        "point",
        _UNCOVERED,
        size=3.0,
        shape="diamond",
        outline=WHITE,
        outline_width=0.3,
    )
    if "covered" not in fields:
        return Spec(
            layer="terminals",
            kind="point",
            renderer="single",
            classes=(StyleClass(symbol=covered, label=_title("terminals")),),
        )
    return Spec(
        layer="terminals",
        kind="point",
        renderer="categorized",
        field="covered",
        # the value is a boolean (GDAL/QGIS), an integer 0/1 or NULL (not covered) depending on the reader
        expression=f"if(coalesce({qgis_field('covered')}, 0), 1, 0)",
        classes=(
            StyleClass(symbol=covered, label="已覆盖 covered", value="1", sld_literal="true"),
            StyleClass(symbol=uncovered, label="未覆盖 not covered", value="0", sld_literal=None),
        ),
    )


def _demand(fields: Mapping[str, Sequence[Any]]) -> Spec:
    def make(i: int, n: int) -> Symbol:
        ramp = DEMAND_RAMP[round(i * (len(DEMAND_RAMP) - 1) / (n - 1))] if n > 1 else DEMAND_RAMP[2]
        return Symbol("polygon", ramp, outline=None, opacity=0.6)

    return _graduated(
        "demand",
        "polygon",
        fields,
        "fast_demand_ev",
        classes=5,
        make=make,
        fallback=make(0, 1),
        fallback_label=_title("demand"),
        method="GraduatedColor",
    )


def _counties(fields: Mapping[str, Sequence[Any]]) -> Spec:
    symbol = Symbol("polygon", (0, 0, 0, 0), outline=_COUNTY, outline_width=0.6)
    return Spec(
        layer="counties",
        kind="polygon",
        renderer="single",
        classes=(StyleClass(symbol=symbol, label=_title("counties")),),
        label=_label(fields, "name_zh", "name_en", size=10.0, polygon=True),
    )


def _candidates(fields: Mapping[str, Sequence[Any]]) -> Spec:
    symbol = Symbol("point", _CANDIDATE, size=1.0, outline=None, opacity=0.6)
    return Spec(
        layer="candidates",
        kind="point",
        renderer="single",
        classes=(StyleClass(symbol=symbol, label=_title("candidates")),),
        min_scale=100_000,
    )


def _substations(fields: Mapping[str, Sequence[Any]]) -> Spec:
    symbol = Symbol("point", _SUBSTATION, size=3.0, shape="square", outline=WHITE, outline_width=0.3)
    return Spec(
        layer="substations",
        kind="point",
        renderer="single",
        classes=(StyleClass(symbol=symbol, label=_title("substations")),),
    )


def _corridor_trips(fields: Mapping[str, Sequence[Any]]) -> Spec:
    return _graduated_size(
        "corridor_trips",
        fields,
        "flow_ev_trips_per_day",
        (0.4, 2.4),
        lambda width: Symbol("line", _CORRIDOR, size=width, outline=None, opacity=0.85),
    )


def _stage_order(fields: Mapping[str, Sequence[Any]]) -> list[str]:
    """The stages of ``stations_by_stage``, first stage first.

    From its ``chargers_<stage>`` columns, in order, else the sorted values of ``opened_in``.
    """
    stages = [str(f)[len("chargers_") :] for f in fields if str(f).startswith("chargers_")]
    opened = sorted({str(v) for v in fields.get("opened_in", ()) if v is not None})
    return stages or opened


def _stations_by_stage(fields: Mapping[str, Sequence[Any]]) -> Spec:
    """Every site of any stage, by the stage it opens in: the first in the stations' dark blue, later ones in
    the light tone of the same hue (:data:`siting.render.palette.STATION_LATER`), as on the web map."""
    first = Symbol("point", _STATION, size=3.2, outline=WHITE, outline_width=0.3)
    later = Symbol("point", _STATION_LATER, size=3.2, outline=_STATION, outline_width=0.3)
    stages = _stage_order(fields)
    if "opened_in" not in fields or not stages:
        return Spec(
            layer="stations_by_stage",
            kind="point",
            renderer="single",
            classes=(StyleClass(symbol=first, label=_title("stations_by_stage")),),
        )
    classes = [
        StyleClass(
            symbol=first if i == 0 else later,
            label=f"{stage} 新建 opened in {stage}",
            value=stage,
            sld_literal=stage,
        )
        for i, stage in enumerate(stages)
    ]
    return Spec(
        layer="stations_by_stage",
        kind="point",
        renderer="categorized",
        field="opened_in",
        classes=tuple(classes),
        label=_label(fields, "name", size=7.0, polygon=False),
    )


def _roads(fields: Mapping[str, Sequence[Any]]) -> Spec:
    """Major roads in the web map's light grey, wider for more important classes."""
    widths = {cls: round(w / 3.0, 2) for cls, w in palette.ROAD_WEIGHTS.items()}  # px at 96 dpi → ~mm/3
    classes = tuple(
        StyleClass(
            symbol=Symbol("line", _ROAD, size=width, outline=None),
            label=f"{MAJOR_ROAD_CLASSES.get(cls, cls)} {cls}",
            value=cls,
            sld_literal=cls,
        )
        for cls, width in widths.items()
    )
    return Spec(layer="roads", kind="line", renderer="categorized", field="road_class", classes=classes)


def _worst_served(fields: Mapping[str, Sequence[Any]]) -> Spec:
    symbol = Symbol("polygon", _WORST, outline=_WORST, outline_width=0.5, opacity=0.45)
    return Spec(
        layer="worst_served",
        kind="polygon",
        renderer="single",
        classes=(StyleClass(symbol=symbol, label=_title("worst_served")),),
    )


SPECS: dict[str, Callable[[Mapping[str, Sequence[Any]]], Spec]] = {
    "stations": _stations,
    "piles": _piles,
    "terminals": _terminals,
    "demand": _demand,
    "counties": _counties,
    "candidates": _candidates,
    "substations": _substations,
    "corridor_trips": _corridor_trips,
    "stations_by_stage": _stations_by_stage,
    "worst_served": _worst_served,
    "roads": _roads,
}
