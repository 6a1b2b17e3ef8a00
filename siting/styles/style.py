"""A layer's default style: its QML and SLD documents, built from its fields and values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from siting.styles.qml import qml_document
from siting.styles.sld import sld_document
from siting.styles.spec import KINDS, SPECS, geometry_kind

__all__ = ["LayerStyle", "layer_style"]


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
    kind = KINDS.get(layer)
    if kind is None:
        return None
    actual = geometry_kind(geometry)
    if actual is not None and actual != kind:
        return None
    spec = SPECS[layer](fields)
    return LayerStyle(layer=layer, qml=qml_document(spec), sld=sld_document(spec))
