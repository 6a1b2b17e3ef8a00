"""Default QGIS styles for the layers of ``plan.gpkg``, stored in the GeoPackage ``layer_styles`` table.

QGIS looks for a table ``layer_styles`` in a GeoPackage: a row whose ``f_table_name`` and
``f_geometry_column`` name a layer and whose ``useAsDefault`` is true is applied when that layer is
opened, so GIS staff see styled layers straight away (checked with QGIS 3.22).
:func:`write_layer_styles` writes that table with one default style per layer: a QGIS 3 QML document
(``styleQML``, what QGIS applies) and a matching OGC SLD 1.1 document (``styleSLD``, for GeoServer and
other SLD readers).  The table has the layout QGIS itself creates through GDAL, is registered in
``gpkg_contents`` as an ``attributes`` table (so the GeoPackage stays valid and GDAL lists it as a
non-spatial layer ``layer_styles``) and in ``gpkg_ogr_contents`` with GDAL's feature-count triggers.

Styles, by layer (a layer that is absent, or whose geometry is not of the expected kind, is left
unstyled; every field is optional and a style falls back to a plainer one when its field is missing):

==================  =============================================================================
layer               style
==================  =============================================================================
``stations``        red circles, graduated size on ``chargers`` (else ``fast_ev_covered``), label
                    ``name``
``piles``           small blue circles, graduated size on ``piles``
``terminals``       categorised on ``covered``: green "已覆盖 covered", grey "未覆盖 not covered"
                    (false and NULL)
``demand``          semi-transparent graduated fill on ``fast_demand_ev`` (5 quantile classes), no
                    outline
``counties``        no fill, dark outline, label ``name_zh`` (else ``name_en``)
``candidates``      tiny grey points, shown only when zoomed in beyond 1:100,000
``substations``     purple squares
``corridor_trips``  orange lines, graduated width on ``flow_ev_trips_per_day``
==================  =============================================================================

Graduated classes are quantiles of the layer's own values (at most 4 classes for sizes and widths, 5 for
the demand colours; fewer when values repeat).  A feature whose value is NULL is drawn in the first
class.  Labels are drawn with QGIS's default font, white halo.

Determinism
    The XML is built with :mod:`xml.etree.ElementTree` in a fixed order, class breaks depend only on the
    data, the row ids follow the order of the layers given, and ``update_time`` (and the
    ``gpkg_contents.last_change`` of the table) is the ``timestamp`` passed in, never the clock: the same
    GeoPackage and timestamp give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "STYLED_LAYERS",
    "LayerStyle",
    "layer_style",
    "write_layer_styles",
]

#: Layers that have a default style, in the order their rows are written.
STYLED_LAYERS: tuple[str, ...] = (
    "stations",
    "piles",
    "terminals",
    "demand",
    "counties",
    "candidates",
    "substations",
    "corridor_trips",
)

Kind = Literal["point", "line", "polygon"]
Color = tuple[int, int, int, int]

_TABLE = "layer_styles"
_QGIS_VERSION = "3.22.0-Białowieża"  # oldest QGIS 3 LTR these documents were checked with
_QML_DOCTYPE = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
_SLD_NS = "http://www.opengis.net/sld"
_SE_NS = "http://www.opengis.net/se"
_OGC_NS = "http://www.opengis.net/ogc"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_SLD_SCHEMA = "http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd"
_MM_PER_PIXEL = 0.28  # OGC standard rendering pixel: SLD sizes are pixels, QML sizes millimetres
_DESCRIPTION = "Default style written by guangan-ev-siting / 默认样式 (guangan-ev-siting 生成)"

_RED: Color = (215, 25, 28, 255)
_BLUE: Color = (44, 123, 182, 255)
_GREEN: Color = (26, 150, 65, 255)
_GREY: Color = (150, 150, 150, 255)
_LIGHT_GREY: Color = (120, 120, 120, 255)
_DARK: Color = (45, 45, 45, 255)
_WHITE: Color = (255, 255, 255, 255)
_PURPLE: Color = (123, 50, 148, 255)
_ORANGE: Color = (230, 97, 1, 255)
#: ColorBrewer YlOrRd, 5 classes.
_DEMAND_RAMP: tuple[Color, ...] = (
    (255, 255, 178, 255),
    (254, 204, 92, 255),
    (253, 141, 60, 255),
    (240, 59, 32, 255),
    (189, 0, 38, 255),
)

#: Legend unit after a class's value range, by classified field.
_UNITS = {
    "chargers": "chargers 充电桩",
    "fast_ev_covered": "EVs covered 覆盖车辆",
    "piles": "piles 充电桩",
    "fast_demand_ev": "fast-charging EVs 快充需求车辆",
    "flow_ev_trips_per_day": "EV trips/day 电动车出行/日",
}

#: Expected geometry of every styled layer.
_KINDS: dict[str, Kind] = {
    "stations": "point",
    "piles": "point",
    "terminals": "point",
    "demand": "polygon",
    "counties": "polygon",
    "candidates": "point",
    "substations": "point",
    "corridor_trips": "line",
}


# ----------------------------------------------------------------------------------------------
# public API
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LayerStyle:
    """The default style of one layer.

    Attributes
    ----------
    layer
        Layer (table) name.
    qml
        QGIS 3 style document (``<qgis>`` root).
    sld
        OGC SLD 1.1 document (``<StyledLayerDescriptor>`` root).
    """

    layer: str
    qml: str
    sld: str


def layer_style(
    layer: str, fields: Mapping[str, Sequence[Any]], *, geometry: str | None = None
) -> LayerStyle | None:
    """Build the default style of a layer from its fields and values.

    Parameters
    ----------
    layer
        Layer name; only the names in :data:`STYLED_LAYERS` have a style.
    fields
        Every attribute field of the layer (not the geometry) with its values; only the values of the
        fields a style classifies are read (numbers count, ``None``/NaN are NULL, other values are
        ignored).
    geometry
        Geometry type of the layer as GeoPackage or OGC name (``"POINT"``, ``"MultiPolygon"``,
        ``"LINESTRING"`` ...); ``None`` or a generic type (``"GEOMETRY"``) assumes the expected kind.

    Returns
    -------
    LayerStyle or None
        ``None`` when the layer has no style or its geometry is not of the kind its style draws.
    """
    kind = _KINDS.get(layer)
    if kind is None:
        return None
    actual = _geometry_kind(geometry)
    if actual is not None and actual != kind:
        return None
    spec = _SPECS[layer](fields)
    return LayerStyle(layer=layer, qml=_qml(spec), sld=_sld(spec))


def write_layer_styles(gpkg: Path, layers: Iterable[str], *, timestamp: str) -> list[str]:
    """Create or replace the ``layer_styles`` table of a GeoPackage with a default style per layer.

    One transaction: drops an existing ``layer_styles`` table (and its ``gpkg_contents`` and
    ``gpkg_ogr_contents`` rows), creates it with QGIS's layout, registers it as an ``attributes``
    table and inserts one row per styled layer, with ids 1, 2, ... in the order of ``layers``.

    Parameters
    ----------
    gpkg
        An existing GeoPackage (written by GDAL), not open elsewhere for writing.
    layers
        Names of the layers to style; names without a style in :data:`STYLED_LAYERS`, names that are
        not a spatial table of ``gpkg`` and repeated names are skipped.
    timestamp
        ISO 8601 time written as ``update_time`` and ``gpkg_contents.last_change``, e.g. the
        ``OGR_CURRENT_DATE`` GDAL wrote the layers with (``"2024-01-01T00:00:00.000Z"``); a time
        without zone is taken as UTC.  Never taken from the clock, so output is reproducible.

    Returns
    -------
    list of str
        The layers that got a default style, in row order.

    Raises
    ------
    ValueError
        ``timestamp`` is not an ISO 8601 time.
    FileNotFoundError
        ``gpkg`` does not exist.
    sqlite3.DatabaseError
        ``gpkg`` is not a GeoPackage (no ``gpkg_contents``) or cannot be written.
    """
    stamp = _gpkg_timestamp(timestamp)
    path = Path(gpkg)
    if not path.is_file():
        raise FileNotFoundError(f"GeoPackage {path} does not exist")
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        if not _has_table(db, "gpkg_contents"):
            raise sqlite3.DatabaseError(f"{path} is not a GeoPackage: it has no gpkg_contents table")
        geometry_columns = {
            str(name): (str(column), str(gtype))
            for name, column, gtype in (
                db.execute("SELECT table_name, column_name, geometry_type_name FROM gpkg_geometry_columns")
                if _has_table(db, "gpkg_geometry_columns")
                else []
            )
        }
        rows: list[tuple[str, str, str, str]] = []
        seen: set[str] = set()
        for layer in layers:
            if layer in seen or layer not in geometry_columns:
                continue
            seen.add(layer)
            column, gtype = geometry_columns[layer]
            style = layer_style(layer, _TableFields(db, layer, exclude=column), geometry=gtype)
            if style is not None:
                rows.append((layer, column, style.qml, style.sld))
        db.execute("BEGIN IMMEDIATE")
        try:
            _replace_table(db, rows, stamp)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    return [row[0] for row in rows]


# ----------------------------------------------------------------------------------------------
# the layer_styles table
# ----------------------------------------------------------------------------------------------
#: The layout QGIS creates through GDAL (``QgsOgrProviderMetadata::saveStyle``), as GDAL spells it.
_CREATE_TABLE = (
    'CREATE TABLE "layer_styles" ('
    ' "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,'
    ' "f_table_catalog" TEXT(256),'
    ' "f_table_schema" TEXT(256),'
    ' "f_table_name" TEXT(256),'
    ' "f_geometry_column" TEXT(256),'
    ' "styleName" TEXT(30),'
    ' "styleQML" TEXT,'
    ' "styleSLD" TEXT,'
    ' "useAsDefault" BOOLEAN,'
    ' "description" TEXT,'
    ' "owner" TEXT(30),'
    ' "ui" TEXT(30),'
    " \"update_time\" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
)
#: GDAL's triggers that keep ``gpkg_ogr_contents.feature_count`` right when other tools add styles.
_CREATE_TRIGGERS = (
    'CREATE TRIGGER "trigger_insert_feature_count_layer_styles" AFTER INSERT ON "layer_styles" '
    "BEGIN UPDATE gpkg_ogr_contents SET feature_count = feature_count + 1 "
    "WHERE lower(table_name) = lower('layer_styles'); END",
    'CREATE TRIGGER "trigger_delete_feature_count_layer_styles" AFTER DELETE ON "layer_styles" '
    "BEGIN UPDATE gpkg_ogr_contents SET feature_count = feature_count - 1 "
    "WHERE lower(table_name) = lower('layer_styles'); END",
)


def _replace_table(db: sqlite3.Connection, rows: Sequence[tuple[str, str, str, str]], stamp: str) -> None:
    ogr_contents = _has_table(db, "gpkg_ogr_contents")
    db.execute(f'DROP TABLE IF EXISTS "{_TABLE}"')  # its triggers go with it
    for meta in ("gpkg_contents", "gpkg_ogr_contents", "gpkg_extensions"):
        if _has_table(db, meta):
            db.execute(f"DELETE FROM {meta} WHERE lower(table_name) = ?", (_TABLE,))
    db.execute(_CREATE_TABLE)
    # GDAL registers attribute tables with srs_id 0 ("undefined geographic SRS"), when that row exists
    srs = db.execute("SELECT srs_id FROM gpkg_spatial_ref_sys WHERE srs_id = 0").fetchone()
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id) "
        "VALUES (?, 'attributes', ?, '', ?, ?)",
        (_TABLE, _TABLE, stamp, srs[0] if srs else None),
    )
    db.executemany(
        f'INSERT INTO "{_TABLE}" (id, f_table_catalog, f_table_schema, f_table_name, f_geometry_column, '
        "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) "
        "VALUES (?, '', '', ?, ?, ?, ?, ?, 1, ?, '', NULL, ?)",
        [
            (i, layer, column, layer, qml, sld, _DESCRIPTION, stamp)
            for i, (layer, column, qml, sld) in enumerate(rows, start=1)
        ],
    )
    if ogr_contents:
        db.execute(
            "INSERT INTO gpkg_ogr_contents (table_name, feature_count) VALUES (?, ?)", (_TABLE, len(rows))
        )
        for trigger in _CREATE_TRIGGERS:
            db.execute(trigger)


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return found is not None


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _TableFields(Mapping[str, Sequence[Any]]):
    """The attribute fields of a GeoPackage table; values are read only when asked for."""

    def __init__(self, db: sqlite3.Connection, table: str, *, exclude: str) -> None:
        self._db = db
        self._table = table
        info = db.execute(f"PRAGMA table_info({_quote_identifier(table)})").fetchall()
        self._names = [str(row[1]) for row in info if not row[5] and str(row[1]) != exclude]  # row[5]: pk
        self._cache: dict[str, list[Any]] = {}

    def __getitem__(self, name: str) -> Sequence[Any]:
        if name not in self._names:
            raise KeyError(name)
        if name not in self._cache:
            query = f"SELECT {_quote_identifier(name)} FROM {_quote_identifier(self._table)}"
            self._cache[name] = [row[0] for row in self._db.execute(query)]
        return self._cache[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _gpkg_timestamp(timestamp: str) -> str:
    """``timestamp`` as GeoPackage writes times: UTC, milliseconds, ``Z``."""
    try:
        stamp = dt.datetime.fromisoformat(timestamp.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"timestamp {timestamp!r} is not an ISO 8601 time") from exc
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _geometry_kind(geometry: str | None) -> Kind | None:
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


# ----------------------------------------------------------------------------------------------
# style model
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Symbol:
    """One symbol: a marker (size = diameter), a line (size = width) or a fill, sizes in mm."""

    kind: Kind
    color: Color
    size: float = 2.0
    shape: str = "circle"  # marker: QGIS name (circle, square); SLD WellKnownName is the same
    outline: Color | None = _WHITE  # None: no outline (fills, markers)
    outline_width: float = 0.2
    opacity: float = 1.0


@dataclass(frozen=True)
class _Class:
    """A legend entry: a graduated range, a category or the only symbol."""

    symbol: _Symbol
    label: str
    lower: float | None = None  # graduated: lower bound (exclusive, except for the first class)
    upper: float | None = None  # graduated: upper bound (inclusive)
    value: str | None = None  # categorised: value of the QML attribute expression
    sld_literal: str | None = None  # categorised: SLD literal the field equals; None = ElseFilter


@dataclass(frozen=True)
class _Label:
    field: str
    size: float  # points
    color: Color
    polygon: bool


@dataclass(frozen=True)
class _Spec:
    """Everything both documents are built from."""

    layer: str
    kind: Kind
    renderer: Literal["single", "graduated", "categorized"]
    classes: tuple[_Class, ...]
    field: str | None = None  # the field classified
    null_value: float | None = None  # graduated: what NULL counts as (None: the field has no NULL)
    expression: str | None = None  # QML attribute expression (else the quoted field)
    method: Literal["GraduatedColor", "GraduatedSize"] = "GraduatedColor"
    label: _Label | None = None
    min_scale: float | None = None  # hidden when zoomed out beyond 1:min_scale

    @property
    def attr(self) -> str:
        if self.expression is not None:
            return self.expression
        assert self.field is not None
        if self.null_value is not None:
            return f"coalesce({_qgis_field(self.field)}, {_number(self.null_value)})"
        return self.field


def _qgis_field(name: str) -> str:
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


def _number(value: float) -> str:
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
    make: Callable[[int, int], _Symbol],
    fallback: _Symbol,
    fallback_label: str,
    method: Literal["GraduatedColor", "GraduatedSize"],
    label: _Label | None = None,
) -> _Spec:
    """A graduated spec on ``field`` (``make(i, n)`` is class i's symbol), else a single symbol."""
    if field is not None and field in fields:
        numbers, has_null = _numbers(fields[field])
        ranges = _breaks(numbers, classes)
        if ranges:
            integers = all(number.is_integer() for number in numbers)
            labels = _range_labels(ranges, _UNITS.get(field, ""), integers=integers)
            spec_classes = tuple(
                _Class(symbol=make(i, len(ranges)), label=text, lower=lo, upper=hi)
                for i, ((lo, hi), text) in enumerate(zip(ranges, labels, strict=True))
            )
            return _Spec(
                layer=layer,
                kind=kind,
                renderer="graduated",
                classes=spec_classes,
                field=field,
                null_value=ranges[0][0] if has_null else None,
                method=method,
                label=label,
            )
    return _Spec(
        layer=layer,
        kind=kind,
        renderer="single",
        classes=(_Class(symbol=fallback, label=fallback_label),),
        label=label,
    )


def _label(fields: Mapping[str, Sequence[Any]], *names: str, size: float, polygon: bool) -> _Label | None:
    for name in names:
        if name in fields:
            return _Label(field=name, size=size, color=_DARK, polygon=polygon)
    return None


# ----------------------------------------------------------------------------------------------
# the styles
# ----------------------------------------------------------------------------------------------
def _stations(fields: Mapping[str, Sequence[Any]]) -> _Spec:
    field = "chargers" if "chargers" in fields else "fast_ev_covered"
    sizes = (2.6, 6.0)

    def make(i: int, n: int) -> _Symbol:
        return _Symbol("point", _RED, size=_sizes(n, *sizes)[i], outline=_WHITE, outline_width=0.3)

    return _graduated(
        "stations",
        "point",
        fields,
        field,
        classes=4,
        make=make,
        fallback=make(0, 1),
        fallback_label="充电站 charging station",
        method="GraduatedSize",
        label=_label(fields, "name", size=8.0, polygon=False),
    )


def _piles(fields: Mapping[str, Sequence[Any]]) -> _Spec:
    sizes = (1.2, 3.0)

    def make(i: int, n: int) -> _Symbol:
        return _Symbol("point", _BLUE, size=_sizes(n, *sizes)[i], outline=_WHITE, outline_width=0.15)

    return _graduated(
        "piles",
        "point",
        fields,
        "piles",
        classes=4,
        make=make,
        fallback=make(0, 1),
        fallback_label="充电桩 charging piles",
        method="GraduatedSize",
    )


def _terminals(fields: Mapping[str, Sequence[Any]]) -> _Spec:
    covered = _Symbol("point", _GREEN, size=3.0, shape="diamond", outline=_WHITE, outline_width=0.3)
    uncovered = _Symbol("point", _GREY, size=3.0, shape="diamond", outline=_WHITE, outline_width=0.3)
    if "covered" not in fields:
        return _Spec(
            layer="terminals",
            kind="point",
            renderer="single",
            classes=(_Class(symbol=covered, label="客运站 terminal"),),
        )
    return _Spec(
        layer="terminals",
        kind="point",
        renderer="categorized",
        field="covered",
        # the value is a boolean (GDAL/QGIS), an integer 0/1 or NULL (not covered) depending on the reader
        expression=f"if(coalesce({_qgis_field('covered')}, 0), 1, 0)",
        classes=(
            _Class(symbol=covered, label="已覆盖 covered", value="1", sld_literal="true"),
            _Class(symbol=uncovered, label="未覆盖 not covered", value="0", sld_literal=None),
        ),
    )


def _demand(fields: Mapping[str, Sequence[Any]]) -> _Spec:
    def make(i: int, n: int) -> _Symbol:
        ramp = _DEMAND_RAMP[round(i * (len(_DEMAND_RAMP) - 1) / (n - 1))] if n > 1 else _DEMAND_RAMP[2]
        return _Symbol("polygon", ramp, outline=None, opacity=0.6)

    return _graduated(
        "demand",
        "polygon",
        fields,
        "fast_demand_ev",
        classes=5,
        make=make,
        fallback=make(0, 1),
        fallback_label="需求区 demand zone",
        method="GraduatedColor",
    )


def _counties(fields: Mapping[str, Sequence[Any]]) -> _Spec:
    symbol = _Symbol("polygon", (0, 0, 0, 0), outline=_DARK, outline_width=0.6)
    return _Spec(
        layer="counties",
        kind="polygon",
        renderer="single",
        classes=(_Class(symbol=symbol, label="区县 county"),),
        label=_label(fields, "name_zh", "name_en", size=10.0, polygon=True),
    )


def _candidates(fields: Mapping[str, Sequence[Any]]) -> _Spec:
    symbol = _Symbol("point", _LIGHT_GREY, size=1.0, outline=None, opacity=0.6)
    return _Spec(
        layer="candidates",
        kind="point",
        renderer="single",
        classes=(_Class(symbol=symbol, label="候选站址 candidate site"),),
        min_scale=100_000,
    )


def _substations(fields: Mapping[str, Sequence[Any]]) -> _Spec:
    symbol = _Symbol("point", _PURPLE, size=3.0, shape="square", outline=_WHITE, outline_width=0.3)
    return _Spec(
        layer="substations",
        kind="point",
        renderer="single",
        classes=(_Class(symbol=symbol, label="变电站 substation"),),
    )


def _corridor_trips(fields: Mapping[str, Sequence[Any]]) -> _Spec:
    widths = (0.4, 2.4)

    def make(i: int, n: int) -> _Symbol:
        return _Symbol("line", _ORANGE, size=_sizes(n, *widths)[i], outline=None, opacity=0.85)

    return _graduated(
        "corridor_trips",
        "line",
        fields,
        "flow_ev_trips_per_day",
        classes=4,
        make=make,
        fallback=make(0, 1),
        fallback_label="走廊出行 corridor trips",
        method="GraduatedSize",
    )


_SPECS: dict[str, Callable[[Mapping[str, Sequence[Any]]], _Spec]] = {
    "stations": _stations,
    "piles": _piles,
    "terminals": _terminals,
    "demand": _demand,
    "counties": _counties,
    "candidates": _candidates,
    "substations": _substations,
    "corridor_trips": _corridor_trips,
}


# ----------------------------------------------------------------------------------------------
# QML (QGIS 3)
# ----------------------------------------------------------------------------------------------
def _rgba(color: Color) -> str:
    return ",".join(str(c) for c in color)


def _symbol_properties(symbol: _Symbol) -> list[tuple[str, str]]:
    outline = symbol.outline
    if symbol.kind == "point":
        return [
            ("angle", "0"),
            ("color", _rgba(symbol.color)),
            ("joinstyle", "bevel"),
            ("name", symbol.shape),
            ("outline_color", _rgba(outline or _WHITE)),
            ("outline_style", "solid" if outline else "no"),
            ("outline_width", _number(symbol.outline_width)),
            ("outline_width_unit", "MM"),
            ("scale_method", "diameter"),
            ("size", _number(symbol.size)),
            ("size_unit", "MM"),
        ]
    if symbol.kind == "line":
        return [
            ("capstyle", "round"),
            ("joinstyle", "round"),
            ("line_color", _rgba(symbol.color)),
            ("line_style", "solid"),
            ("line_width", _number(symbol.size)),
            ("line_width_unit", "MM"),
        ]
    return [
        ("color", _rgba(symbol.color)),
        ("joinstyle", "bevel"),
        ("outline_color", _rgba(outline or _DARK)),
        ("outline_style", "solid" if outline else "no"),
        ("outline_width", _number(symbol.outline_width)),
        ("outline_width_unit", "MM"),
        ("style", "solid" if symbol.color[3] else "no"),
    ]


_SYMBOL_TYPES = {"point": "marker", "line": "line", "polygon": "fill"}
_LAYER_CLASSES = {"point": "SimpleMarker", "line": "SimpleLine", "polygon": "SimpleFill"}
_GEOMETRY_TYPES = {"point": "0", "line": "1", "polygon": "2"}


def _qml_symbol(parent: ET.Element, name: str, symbol: _Symbol) -> None:
    element = ET.SubElement(
        parent,
        "symbol",
        {
            "type": _SYMBOL_TYPES[symbol.kind],
            "name": name,
            "alpha": _number(symbol.opacity),
            "clip_to_extent": "1",
            "force_rhr": "0",
        },
    )
    layer = ET.SubElement(
        element, "layer", {"class": _LAYER_CLASSES[symbol.kind], "enabled": "1", "locked": "0", "pass": "0"}
    )
    properties = _symbol_properties(symbol)
    # QGIS >= 3.18 reads the <Option> map; QGIS 3.0 - 3.16 read <prop> (QGIS 3.18 - 3.x write both)
    options = ET.SubElement(layer, "Option", {"type": "Map"})
    for key, value in properties:
        ET.SubElement(options, "Option", {"type": "QString", "name": key, "value": value})
    for key, value in properties:
        ET.SubElement(layer, "prop", {"k": key, "v": value})


def _qml_renderer(root: ET.Element, spec: _Spec) -> None:
    common = {"symbollevels": "0", "forceraster": "0", "enableorderby": "0", "referencescale": "-1"}
    if spec.renderer == "single":
        renderer = ET.SubElement(root, "renderer-v2", {"type": "singleSymbol", **common})
        symbols = ET.SubElement(renderer, "symbols")
        _qml_symbol(symbols, "0", spec.classes[0].symbol)
    elif spec.renderer == "graduated":
        renderer = ET.SubElement(
            root,
            "renderer-v2",
            {"type": "graduatedSymbol", "attr": spec.attr, "graduatedMethod": spec.method, **common},
        )
        ranges = ET.SubElement(renderer, "ranges")
        for i, cls in enumerate(spec.classes):
            assert cls.lower is not None and cls.upper is not None
            ET.SubElement(
                ranges,
                "range",
                {
                    "lower": _number(cls.lower),
                    "upper": _number(cls.upper),
                    "symbol": str(i),
                    "label": cls.label,
                    "render": "true",
                },
            )
        symbols = ET.SubElement(renderer, "symbols")
        for i, cls in enumerate(spec.classes):
            _qml_symbol(symbols, str(i), cls.symbol)
        _qml_symbol(ET.SubElement(renderer, "source-symbol"), "0", spec.classes[0].symbol)
        ET.SubElement(renderer, "mode", {"name": "quantile"})
        method = ET.SubElement(renderer, "classificationMethod", {"id": "Quantile"})
        ET.SubElement(method, "symmetricMode", {"enabled": "0", "symmetrypoint": "0", "astride": "0"})
        ET.SubElement(
            method, "labelFormat", {"format": "%1 – %2", "labelprecision": "1", "trimtrailingzeroes": "1"}
        )
    else:
        renderer = ET.SubElement(
            root, "renderer-v2", {"type": "categorizedSymbol", "attr": spec.attr, **common}
        )
        categories = ET.SubElement(renderer, "categories")
        for i, cls in enumerate(spec.classes):
            assert cls.value is not None
            ET.SubElement(
                categories,
                "category",
                {"value": cls.value, "symbol": str(i), "label": cls.label, "render": "true"},
            )
        symbols = ET.SubElement(renderer, "symbols")
        for i, cls in enumerate(spec.classes):
            _qml_symbol(symbols, str(i), cls.symbol)
        _qml_symbol(ET.SubElement(renderer, "source-symbol"), "0", spec.classes[0].symbol)
    ET.SubElement(renderer, "rotation")
    ET.SubElement(renderer, "sizescale")


def _qml_labeling(root: ET.Element, label: _Label) -> None:
    labeling = ET.SubElement(root, "labeling", {"type": "simple"})
    settings = ET.SubElement(labeling, "settings", {"calloutType": "simple"})
    text_style = ET.SubElement(
        settings,
        "text-style",
        {
            "fieldName": label.field,
            "isExpression": "0",
            "fontSize": _number(label.size),
            "fontSizeUnit": "Point",
            "fontWeight": "75" if label.polygon else "50",
            "fontItalic": "0",
            "textColor": _rgba(label.color),
            "textOpacity": "1",
            "multilineHeight": "1",
            "blendMode": "0",
            "previewBkgrdColor": "255,255,255,255",
        },
    )
    ET.SubElement(
        text_style,
        "text-buffer",
        {
            "bufferDraw": "1",
            "bufferSize": "0.8",
            "bufferSizeUnits": "MM",
            "bufferColor": "255,255,255,255",
            "bufferOpacity": "0.8",
            "bufferNoFill": "1",
            "bufferJoinStyle": "128",
            "bufferBlendMode": "0",
        },
    )
    ET.SubElement(settings, "text-format", {"wrapChar": "", "multilineAlign": "3", "addDirectionSymbol": "0"})
    # placement 4 = horizontal, anywhere inside the polygon; 6 = cartographic positions around a point
    ET.SubElement(
        settings,
        "placement",
        {
            "placement": "4" if label.polygon else "6",
            "dist": "0" if label.polygon else "1",
            "distUnits": "MM",
            "offsetType": "0",
            "priority": "5",
            "centroidInside": "1",
            "fitInPolygonOnly": "0",
        },
    )
    ET.SubElement(
        settings,
        "rendering",
        {
            "obstacle": "1",
            "displayAll": "0",
            "upsidedownLabels": "0",
            "labelPerPart": "0",
            "mergeLines": "0",
            "scaleVisibility": "0",
            "drawLabels": "1",
        },
    )


def _qml(spec: _Spec) -> str:
    root = ET.Element(
        "qgis",
        {
            "version": _QGIS_VERSION,
            "styleCategories": "Symbology|Labeling|Rendering",
            "labelsEnabled": "1" if spec.label else "0",
            "hasScaleBasedVisibilityFlag": "1" if spec.min_scale else "0",
            "minScale": _number(spec.min_scale) if spec.min_scale else "100000000",
            "maxScale": "0",
        },
    )
    _qml_renderer(root, spec)
    if spec.label is not None:
        _qml_labeling(root, spec.label)
    ET.SubElement(root, "blendMode").text = "0"
    ET.SubElement(root, "featureBlendMode").text = "0"
    ET.SubElement(root, "layerOpacity").text = "1"
    ET.SubElement(root, "layerGeometryType").text = _GEOMETRY_TYPES[spec.kind]
    ET.indent(root, space=" ")
    return _QML_DOCTYPE + "\n" + ET.tostring(root, encoding="unicode") + "\n"


# ----------------------------------------------------------------------------------------------
# SLD 1.1 (Symbology Encoding 1.1, Filter Encoding 1.1)
# ----------------------------------------------------------------------------------------------
# Prefixed tag names with the namespaces declared on the root: ElementTree then needs no global
# namespace registration, and the document reads back with the proper namespaces.
def _hex(color: Color) -> str:
    return "#{:02x}{:02x}{:02x}".format(*color[:3])


def _pixels(mm: float) -> str:
    return _number(round(mm / _MM_PER_PIXEL, 1))


def _svg(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, "se:SvgParameter", {"name": name}).text = value


def _sld_fill(parent: ET.Element, color: Color, opacity: float) -> None:
    fill = ET.SubElement(parent, "se:Fill")
    _svg(fill, "fill", _hex(color))
    alpha = opacity * color[3] / 255
    if alpha < 1:
        _svg(fill, "fill-opacity", _number(round(alpha, 3)))


def _sld_stroke(parent: ET.Element, color: Color, width_mm: float, opacity: float = 1.0) -> None:
    stroke = ET.SubElement(parent, "se:Stroke")
    _svg(stroke, "stroke", _hex(color))
    if opacity < 1:
        _svg(stroke, "stroke-opacity", _number(round(opacity, 3)))
    _svg(stroke, "stroke-width", _pixels(width_mm))
    _svg(stroke, "stroke-linejoin", "round")
    _svg(stroke, "stroke-linecap", "round")


def _sld_symbolizer(rule: ET.Element, symbol: _Symbol) -> None:
    if symbol.kind == "point":
        graphic = ET.SubElement(ET.SubElement(rule, "se:PointSymbolizer"), "se:Graphic")
        mark = ET.SubElement(graphic, "se:Mark")
        diamond = symbol.shape == "diamond"  # not an SLD well-known name: a square turned by 45°
        ET.SubElement(mark, "se:WellKnownName").text = "square" if diamond else symbol.shape
        _sld_fill(mark, symbol.color, symbol.opacity)
        if symbol.outline is not None:
            _sld_stroke(mark, symbol.outline, symbol.outline_width)
        ET.SubElement(graphic, "se:Size").text = _pixels(
            symbol.size / math.sqrt(2) if diamond else symbol.size
        )
        if diamond:
            ET.SubElement(graphic, "se:Rotation").text = "45"
    elif symbol.kind == "line":
        _sld_stroke(ET.SubElement(rule, "se:LineSymbolizer"), symbol.color, symbol.size, symbol.opacity)
    else:
        polygon = ET.SubElement(rule, "se:PolygonSymbolizer")
        if symbol.color[3]:
            _sld_fill(polygon, symbol.color, symbol.opacity)
        if symbol.outline is not None:
            _sld_stroke(polygon, symbol.outline, symbol.outline_width)


def _comparison(parent: ET.Element, operator: str, field: str, literal: str) -> None:
    element = ET.SubElement(parent, f"ogc:{operator}")
    ET.SubElement(element, "ogc:PropertyName").text = field
    ET.SubElement(element, "ogc:Literal").text = literal


def _sld_filter(rule: ET.Element, spec: _Spec, index: int, cls: _Class) -> None:
    if spec.renderer == "single":
        return
    assert spec.field is not None
    if spec.renderer == "categorized":
        if cls.sld_literal is None:
            ET.SubElement(rule, "se:ElseFilter")
        else:
            _comparison(ET.SubElement(rule, "ogc:Filter"), "PropertyIsEqualTo", spec.field, cls.sld_literal)
        return
    assert cls.lower is not None and cls.upper is not None
    both = ET.SubElement(ET.SubElement(rule, "ogc:Filter"), "ogc:And")
    lower_op = "PropertyIsGreaterThanOrEqualTo" if index == 0 else "PropertyIsGreaterThan"
    _comparison(both, lower_op, spec.field, _number(cls.lower))
    _comparison(both, "PropertyIsLessThanOrEqualTo", spec.field, _number(cls.upper))


def _sld_text(style: ET.Element, label: _Label, min_scale: float | None) -> None:
    rule = ET.SubElement(style, "se:Rule")
    ET.SubElement(rule, "se:Name").text = f"label {label.field}"
    if min_scale:
        ET.SubElement(rule, "se:MaxScaleDenominator").text = _number(min_scale)
    text = ET.SubElement(rule, "se:TextSymbolizer")
    ET.SubElement(ET.SubElement(text, "se:Label"), "ogc:PropertyName").text = label.field
    font = ET.SubElement(text, "se:Font")
    _svg(font, "font-size", _number(round(label.size * 90 / 72, 1)))  # points → SLD pixels (90 dpi)
    _svg(font, "font-weight", "bold" if label.polygon else "normal")
    placement = ET.SubElement(ET.SubElement(text, "se:LabelPlacement"), "se:PointPlacement")
    anchor = ET.SubElement(placement, "se:AnchorPoint")
    ET.SubElement(anchor, "se:AnchorPointX").text = "0.5" if label.polygon else "0"
    ET.SubElement(anchor, "se:AnchorPointY").text = "0.5"
    if not label.polygon:
        displacement = ET.SubElement(placement, "se:Displacement")
        ET.SubElement(displacement, "se:DisplacementX").text = _pixels(1.5)
        ET.SubElement(displacement, "se:DisplacementY").text = "0"
    halo = ET.SubElement(text, "se:Halo")
    ET.SubElement(halo, "se:Radius").text = _pixels(0.8)
    _sld_fill(halo, _WHITE, 0.8)
    _sld_fill(text, label.color, 1.0)


def _sld(spec: _Spec) -> str:
    root = ET.Element(
        "StyledLayerDescriptor",
        {
            "version": "1.1.0",
            "xmlns": _SLD_NS,
            "xmlns:se": _SE_NS,
            "xmlns:ogc": _OGC_NS,
            "xmlns:xlink": _XLINK_NS,
            "xmlns:xsi": _XSI_NS,
            "xsi:schemaLocation": _SLD_SCHEMA,
        },
    )
    named = ET.SubElement(root, "NamedLayer")
    ET.SubElement(named, "se:Name").text = spec.layer
    user_style = ET.SubElement(named, "UserStyle")
    ET.SubElement(user_style, "se:Name").text = spec.layer
    style = ET.SubElement(user_style, "se:FeatureTypeStyle")
    for i, cls in enumerate(spec.classes):
        rule = ET.SubElement(style, "se:Rule")
        ET.SubElement(rule, "se:Name").text = cls.label
        ET.SubElement(ET.SubElement(rule, "se:Description"), "se:Title").text = cls.label
        _sld_filter(rule, spec, i, cls)
        if spec.min_scale:
            ET.SubElement(rule, "se:MaxScaleDenominator").text = _number(spec.min_scale)
        _sld_symbolizer(rule, cls.symbol)
    if spec.renderer == "graduated" and spec.null_value is not None:
        # NULL values: drawn like the first class, as QML's coalesce() does
        assert spec.field is not None
        rule = ET.SubElement(style, "se:Rule")
        ET.SubElement(rule, "se:Name").text = "NULL"
        is_null = ET.SubElement(ET.SubElement(rule, "ogc:Filter"), "ogc:PropertyIsNull")
        ET.SubElement(is_null, "ogc:PropertyName").text = spec.field
        _sld_symbolizer(rule, spec.classes[0].symbol)
    if spec.label is not None:
        _sld_text(style, spec.label, spec.min_scale)
    ET.indent(root, space=" ")
    return _XML_DECLARATION + "\n" + ET.tostring(root, encoding="unicode") + "\n"
