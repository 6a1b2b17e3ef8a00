"""OGC SLD 1.1 documents (Symbology Encoding 1.1, Filter Encoding 1.1) of the default styles."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from siting.styles.spec import WHITE, Color, Label, Spec, StyleClass, Symbol, xml_number

__all__ = ["sld_document"]

_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
_SLD_NS = "http://www.opengis.net/sld"
_SE_NS = "http://www.opengis.net/se"
_OGC_NS = "http://www.opengis.net/ogc"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_SLD_SCHEMA = "http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd"
_MM_PER_PIXEL = 0.28  # OGC standard rendering pixel: SLD sizes are pixels, QML sizes millimetres


# SLD 1.1 (Symbology Encoding 1.1, Filter Encoding 1.1)
# ----------------------------------------------------------------------------------------------
# Prefixed tag names with the namespaces declared on the root: ElementTree then needs no global
# namespace registration, and the document reads back with the proper namespaces.
def _hex(color: Color) -> str:
    return "#{:02x}{:02x}{:02x}".format(*color[:3])


def _pixels(mm: float) -> str:
    return xml_number(round(mm / _MM_PER_PIXEL, 1))


def _svg(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, "se:SvgParameter", {"name": name}).text = value


def _sld_fill(parent: ET.Element, color: Color, opacity: float) -> None:
    fill = ET.SubElement(parent, "se:Fill")
    _svg(fill, "fill", _hex(color))
    alpha = opacity * color[3] / 255
    if alpha < 1:
        _svg(fill, "fill-opacity", xml_number(round(alpha, 3)))


def _sld_stroke(parent: ET.Element, color: Color, width_mm: float, opacity: float = 1.0) -> None:
    stroke = ET.SubElement(parent, "se:Stroke")
    _svg(stroke, "stroke", _hex(color))
    if opacity < 1:
        _svg(stroke, "stroke-opacity", xml_number(round(opacity, 3)))
    _svg(stroke, "stroke-width", _pixels(width_mm))
    _svg(stroke, "stroke-linejoin", "round")
    _svg(stroke, "stroke-linecap", "round")


def _sld_symbolizer(rule: ET.Element, symbol: Symbol) -> None:
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


def _sld_filter(rule: ET.Element, spec: Spec, index: int, cls: StyleClass) -> None:
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
    _comparison(both, lower_op, spec.field, xml_number(cls.lower))
    _comparison(both, "PropertyIsLessThanOrEqualTo", spec.field, xml_number(cls.upper))


def _sld_text(style: ET.Element, label: Label, min_scale: float | None) -> None:
    rule = ET.SubElement(style, "se:Rule")
    ET.SubElement(rule, "se:Name").text = f"label {label.field}"
    if min_scale:
        ET.SubElement(rule, "se:MaxScaleDenominator").text = xml_number(min_scale)
    text = ET.SubElement(rule, "se:TextSymbolizer")
    ET.SubElement(ET.SubElement(text, "se:Label"), "ogc:PropertyName").text = label.field
    font = ET.SubElement(text, "se:Font")
    _svg(font, "font-size", xml_number(round(label.size * 90 / 72, 1)))  # points → SLD pixels (90 dpi)
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
    _sld_fill(halo, WHITE, 0.8)
    _sld_fill(text, label.color, 1.0)


def sld_document(spec: Spec) -> str:
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
            ET.SubElement(rule, "se:MaxScaleDenominator").text = xml_number(spec.min_scale)
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
