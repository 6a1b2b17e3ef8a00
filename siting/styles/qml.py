"""QGIS 3 style documents (QML) of the default styles."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from siting.styles.spec import LABEL_COLOR, WHITE, Color, Label, Spec, Symbol, xml_number

__all__ = ["qml_document"]

_QGIS_VERSION = "3.22.0-Białowieża"  # oldest QGIS 3 LTR these documents were checked with
_QML_DOCTYPE = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"


def _rgba(color: Color) -> str:
    return ",".join(str(c) for c in color)


def _symbol_properties(symbol: Symbol) -> list[tuple[str, str]]:
    outline = symbol.outline
    if symbol.kind == "point":
        return [
            ("angle", "0"),
            ("color", _rgba(symbol.color)),
            ("joinstyle", "bevel"),
            ("name", symbol.shape),
            ("outline_color", _rgba(outline or WHITE)),
            ("outline_style", "solid" if outline else "no"),
            ("outline_width", xml_number(symbol.outline_width)),
            ("outline_width_unit", "MM"),
            ("scale_method", "diameter"),
            ("size", xml_number(symbol.size)),
            ("size_unit", "MM"),
        ]
    if symbol.kind == "line":
        return [
            ("capstyle", "round"),
            ("joinstyle", "round"),
            ("line_color", _rgba(symbol.color)),
            ("line_style", "solid"),
            ("line_width", xml_number(symbol.size)),
            ("line_width_unit", "MM"),
        ]
    return [
        ("color", _rgba(symbol.color)),
        ("joinstyle", "bevel"),
        ("outline_color", _rgba(outline or LABEL_COLOR)),
        ("outline_style", "solid" if outline else "no"),
        ("outline_width", xml_number(symbol.outline_width)),
        ("outline_width_unit", "MM"),
        ("style", "solid" if symbol.color[3] else "no"),
    ]


_SYMBOL_TYPES = {"point": "marker", "line": "line", "polygon": "fill"}
_LAYER_CLASSES = {"point": "SimpleMarker", "line": "SimpleLine", "polygon": "SimpleFill"}
_GEOMETRY_TYPES = {"point": "0", "line": "1", "polygon": "2"}


def _qml_symbol(parent: ET.Element, name: str, symbol: Symbol) -> None:
    element = ET.SubElement(
        parent,
        "symbol",
        {
            "type": _SYMBOL_TYPES[symbol.kind],
            "name": name,
            "alpha": xml_number(symbol.opacity),
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


def _qml_renderer(root: ET.Element, spec: Spec) -> None:
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
                    "lower": xml_number(cls.lower),
                    "upper": xml_number(cls.upper),
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


def _qml_labeling(root: ET.Element, label: Label) -> None:
    labeling = ET.SubElement(root, "labeling", {"type": "simple"})
    settings = ET.SubElement(labeling, "settings", {"calloutType": "simple"})
    text_style = ET.SubElement(
        settings,
        "text-style",
        {
            "fieldName": label.field,
            "isExpression": "0",
            "fontSize": xml_number(label.size),
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


def qml_document(spec: Spec) -> str:
    root = ET.Element(
        "qgis",
        {
            "version": _QGIS_VERSION,
            "styleCategories": "Symbology|Labeling|Rendering",
            "labelsEnabled": "1" if spec.label else "0",
            "hasScaleBasedVisibilityFlag": "1" if spec.min_scale else "0",
            "minScale": xml_number(spec.min_scale) if spec.min_scale else "100000000",
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
