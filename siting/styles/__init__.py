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
``stations``        blue circles, graduated size on ``chargers`` (else ``fast_ev_covered``), label
                    ``name``
``piles``           small teal circles, graduated size on ``piles``
``terminals``       categorised on ``covered``: green "已覆盖 covered", red "未覆盖 not covered"
                    (false and NULL)
``demand``          semi-transparent graduated fill on ``fast_demand_ev`` (5 quantile classes, yellow
                    to red), no outline
``counties``        no fill, dark outline, label ``name_zh`` (else ``name_en``)
``candidates``      tiny grey points, shown only when zoomed in beyond 1:100,000
``substations``     magenta squares
``corridor_trips``  orange lines, graduated width on ``flow_ev_trips_per_day``
==================  =============================================================================

Colours are those of the web map (:mod:`siting.render.palette`); the layers and their titles (the legend
text of a single-symbol style) come from :mod:`siting.layers`.  The package: :mod:`~siting.styles.spec`
(the style model and each layer's style), :mod:`~siting.styles.qml`, :mod:`~siting.styles.sld`,
:mod:`~siting.styles.style` (:func:`layer_style`) and :mod:`~siting.styles.gpkg` (the table).

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

from siting.styles import gpkg, qml, sld, spec, style
from siting.styles.gpkg import write_layer_styles as write_layer_styles
from siting.styles.spec import STYLED_LAYERS as STYLED_LAYERS
from siting.styles.style import LayerStyle as LayerStyle
from siting.styles.style import layer_style as layer_style

__all__ = [
    "STYLED_LAYERS",
    "LayerStyle",
    "gpkg",
    "layer_style",
    "qml",
    "sld",
    "spec",
    "style",
    "write_layer_styles",
]
