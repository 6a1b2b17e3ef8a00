"""Tests of siting.styles: QML/SLD documents, the GeoPackage layer_styles table, GDAL and QGIS reading it."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from _fixtures import small_plan_result
from shapely.geometry import LineString, MultiLineString, Point

from siting import export, styles
from siting.maps.points import STATION_STYLES
from siting.render import palette

STAMP = "2024-01-01T00:00:00.000Z"
SLD = "{http://www.opengis.net/sld}"
SE = "{http://www.opengis.net/se}"
OGC = "{http://www.opengis.net/ogc}"
OGRINFO = shutil.which("ogrinfo")
SYSTEM_PYTHON = Path("/usr/bin/python3")
EXPECTED_SYMBOLIZER = {"point": "PointSymbolizer", "line": "LineSymbolizer", "polygon": "PolygonSymbolizer"}
QML_SYMBOL_TYPE = {"point": "marker", "line": "line", "polygon": "fill"}
QML_GEOMETRY_TYPE = {"point": "0", "line": "1", "polygon": "2"}
KIND = {
    "stations": "point",
    "piles": "point",
    "terminals": "point",
    "demand": "polygon",
    "counties": "polygon",
    "candidates": "point",
    "substations": "point",
    "corridor_trips": "line",
    "stations_by_stage": "point",
    "roads": "line",
    "worst_served": "polygon",
}
#: Symbology Encoding 1.1: order of the children of a Rule (Filter and ElseFilter are alternatives).
RULE_ORDER = {
    "Name": 0,
    "Description": 1,
    "LegendGraphic": 2,
    "Filter": 3,
    "ElseFilter": 3,
    "MinScaleDenominator": 4,
    "MaxScaleDenominator": 5,
    "PointSymbolizer": 6,
    "LineSymbolizer": 6,
    "PolygonSymbolizer": 6,
    "TextSymbolizer": 6,
}


# ----------------------------------------------------------------------------------------------
# fixtures
# ----------------------------------------------------------------------------------------------
def _layers() -> dict[str, gpd.GeoDataFrame]:
    """The plan layers of the test fixture plus the layers and fields that later versions add."""
    result = small_plan_result()
    layers = {name: getattr(result, name).copy() for name in export.LAYERS}
    stations = layers["stations"]
    chargers = [4, 2, 6, 8, 2, 10, 4, 6, 2, None]  # one NULL: drawn like the smallest class
    stations.insert(7, "chargers", pd.array(chargers, dtype="Int64"))
    layers["substations"] = gpd.GeoDataFrame(
        {"substation_id": ["B1", "B2"], "name": ["广安变", "华蓥变"], "voltage_kv": [110, 35]},
        geometry=[Point(106.62, 30.47), Point(106.78, 30.28)],
        crs="EPSG:4326",
    )
    layers["corridor_trips"] = gpd.GeoDataFrame(
        {
            "corridor_id": ["C1", "C2", "C3", "C4", "C5"],
            "flow_ev_trips_per_day": [120.5, 800.0, 45.0, 2300.0, 410.0],
        },
        geometry=[
            LineString([(106.55, 30.45), (106.75, 30.45)]),
            LineString([(106.60, 30.50), (106.80, 30.30)]),
            LineString([(106.65, 30.55), (106.85, 30.55)]),
            LineString([(106.58, 30.42), (106.58, 30.25)]),
            LineString([(106.70, 30.40), (106.88, 30.40)]),
        ],
        crs="EPSG:4326",
    )
    layers["stations_by_stage"] = gpd.GeoDataFrame(
        {
            "site_id": ["S00", "S11"],
            "opened_in": ["2025", "2030"],
            "chargers_2025": [4, 0],
            "chargers_2030": [4, 2],
        },
        geometry=[Point(106.55, 30.45), Point(106.70, 30.35)],
        crs="EPSG:4326",
    )
    layers["worst_served"] = gpd.GeoDataFrame(
        {"demand_id": ["D1"], "rank": [1], "fast_ev_unserved": [120.0]},
        geometry=[Point(106.6, 30.4).buffer(0.01)],
        crs="EPSG:4326",
    )
    layers["roads"] = gpd.GeoDataFrame(
        {
            "road_class": ["motorway", "primary"],
            "road_class_zh": ["高速公路", "主干道"],
            "length_km": [60.1, 12.0],
        },
        geometry=[
            MultiLineString([[(106.5, 30.2), (106.9, 30.6)]]),
            MultiLineString([[(106.6, 30.2), (106.6, 30.6)]]),
        ],
        crs="EPSG:4326",
    )
    layers["osm_roads"] = gpd.GeoDataFrame(  # has no style
        {"highway": ["primary"]}, geometry=[LineString([(106.5, 30.2), (106.9, 30.6)])], crs="EPSG:4326"
    )
    return layers


@pytest.fixture(scope="module")
def layers() -> dict[str, gpd.GeoDataFrame]:
    return _layers()


@pytest.fixture(scope="module")
def base_gpkg(layers: dict[str, gpd.GeoDataFrame], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A GeoPackage written with pyogrio (as geopandas does), without styles; copy it before changing it."""
    path = tmp_path_factory.mktemp("base") / "layers.gpkg"
    for name, gdf in layers.items():
        # GeoPackage 1.2 as export writes it: Debian's older GDAL warns about GDAL 3.12's default 1.4
        pyogrio.write_dataframe(gdf, path, layer=name, driver="GPKG", dataset_options={"VERSION": "1.2"})
    return path


@pytest.fixture
def styled(base_gpkg: Path, tmp_path: Path) -> tuple[Path, list[str]]:
    path = tmp_path / "styled.gpkg"
    shutil.copyfile(base_gpkg, path)
    names = styles.write_layer_styles(path, [*styles.STYLED_LAYERS, "osm_roads", "nope"], timestamp=STAMP)
    return path, names


def _fields(gdf: gpd.GeoDataFrame) -> dict[str, list[Any]]:
    return {
        str(col): [None if pd.isna(v) else v for v in gdf[col]]
        for col in gdf.columns
        if col != gdf.geometry.name
    }


def _style(layers: dict[str, gpd.GeoDataFrame], name: str) -> styles.LayerStyle:
    gdf = layers[name]
    style = styles.layer_style(name, _fields(gdf), geometry=str(gdf.geom_type.iloc[0]))
    assert style is not None
    return style


def _qml_field_references(root: ET.Element) -> set[str]:
    """Fields a QML document reads: renderer attributes (field or expression) and label fields."""
    found: set[str] = set()
    for renderer in root.iter("renderer-v2"):
        attr = renderer.get("attr")
        if attr is None:
            continue
        if re.fullmatch(r"\w+", attr):
            found.add(attr)
        else:
            quoted = {m.replace('""', '"') for m in re.findall(r'"((?:[^"]|"")+)"', attr)}
            assert quoted, f"expression {attr!r} names no field"
            found |= quoted
    for text in root.iter("text-style"):
        assert text.get("isExpression") == "0"
        found.add(str(text.get("fieldName")))
    return found


def _sld_field_references(root: ET.Element) -> set[str]:
    return {str(e.text) for e in root.iter(f"{OGC}PropertyName")}


def _rules(sld: ET.Element) -> list[ET.Element]:
    return list(sld.iter(f"{SE}Rule"))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _ogrinfo(*args: str) -> subprocess.CompletedProcess[str]:
    assert OGRINFO is not None
    return subprocess.run(
        [OGRINFO, *args], capture_output=True, text=True, encoding="utf-8", check=False, timeout=60
    )


def _rows(path: Path, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as db:
        return db.execute(query, params).fetchall()


# ----------------------------------------------------------------------------------------------
# documents
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", styles.STYLED_LAYERS)
def test_qml_and_sld_parse_and_reference_only_fields_of_the_layer(
    layers: dict[str, gpd.GeoDataFrame], name: str
) -> None:
    style = _style(layers, name)
    assert style.layer == name
    qml = ET.fromstring(style.qml)
    sld = ET.fromstring(style.sld)
    ET.fromstring(style.sld.encode("utf-8"))  # the declaration says UTF-8: the bytes parse too
    columns = set(layers[name].columns) - {"geometry"}
    assert _qml_field_references(qml) <= columns
    assert _sld_field_references(sld) <= columns
    assert _qml_field_references(qml) == _sld_field_references(sld)  # both documents classify the same


@pytest.mark.parametrize("name", styles.STYLED_LAYERS)
def test_qml_is_a_qgis3_style_for_the_layer_geometry(layers: dict[str, gpd.GeoDataFrame], name: str) -> None:
    text = _style(layers, name).qml
    assert text.startswith("<!DOCTYPE qgis ")
    root = ET.fromstring(text)
    assert root.tag == "qgis" and root.get("version", "").startswith("3.")
    assert root.findtext("layerGeometryType") == QML_GEOMETRY_TYPE[KIND[name]]
    renderer = root.find("renderer-v2")
    assert renderer is not None
    symbols = renderer.findall("symbols/symbol")
    assert symbols and all(s.get("type") == QML_SYMBOL_TYPE[KIND[name]] for s in symbols)
    for symbol in symbols:
        layer = symbol.find("layer")
        assert layer is not None and layer.get("class", "").startswith("Simple")
        options = {o.get("name"): o.get("value") for o in layer.findall("Option/Option")}
        props = {p.get("k"): p.get("v") for p in layer.findall("prop")}
        assert options and options == props  # new (3.18+) and old (3.0-3.16) property forms agree
    names = [s.get("name") for s in symbols]
    assert names == [str(i) for i in range(len(symbols))]
    if renderer.get("type") == "graduatedSymbol":
        ranges = renderer.findall("ranges/range")
        assert [r.get("symbol") for r in ranges] == names
        bounds = [(float(r.get("lower", "nan")), float(r.get("upper", "nan"))) for r in ranges]
        assert all(lo <= hi for lo, hi in bounds)
        assert all(bounds[i][1] == bounds[i + 1][0] for i in range(len(bounds) - 1))  # contiguous
    assert (root.get("labelsEnabled") == "1") == (root.find("labeling") is not None)


def test_stations_are_sized_by_chargers_when_present_else_by_covered_evs(
    layers: dict[str, gpd.GeoDataFrame],
) -> None:
    with_chargers = ET.fromstring(_style(layers, "stations").qml).find("renderer-v2")
    assert with_chargers is not None
    assert with_chargers.get("type") == "graduatedSymbol"
    assert with_chargers.get("graduatedMethod") == "GraduatedSize"
    assert with_chargers.get("attr") == 'coalesce("chargers", 2)'  # NULL drawn as the smallest class
    ranges = with_chargers.findall("ranges/range")
    assert float(ranges[0].get("lower", "nan")) == 2 and float(ranges[-1].get("upper", "nan")) == 10
    assert ranges[0].get("label", "").endswith("chargers 充电桩")
    sizes = [
        float(o.get("value", "nan")) for o in with_chargers.findall("symbols/symbol/layer/prop[@k='size']")
    ]
    assert sizes == sorted(sizes) and len(set(sizes)) == len(sizes) > 1
    sld = ET.fromstring(_style(layers, "stations").sld)
    assert sld.find(f".//{OGC}PropertyIsNull") is not None  # the NULL rule matches the QML coalesce()

    fields = _fields(layers["stations"].drop(columns="chargers"))
    fallback = styles.layer_style("stations", fields)
    assert fallback is not None
    renderer = ET.fromstring(fallback.qml).find("renderer-v2")
    assert renderer is not None and renderer.get("attr") == "fast_ev_covered"
    labels = ET.fromstring(fallback.qml).find("labeling/settings/text-style")
    assert labels is not None and labels.get("fieldName") == "name"

    bare = styles.layer_style("stations", {"site_id": ["S1"]}, geometry="POINT")
    assert bare is not None
    bare_root = ET.fromstring(bare.qml)
    assert bare_root.find("renderer-v2[@type='singleSymbol']") is not None
    assert bare_root.find("labeling") is None and bare_root.get("labelsEnabled") == "0"
    assert _sld_field_references(ET.fromstring(bare.sld)) == set()


def test_terminals_are_categorised_with_bilingual_labels(layers: dict[str, gpd.GeoDataFrame]) -> None:
    style = _style(layers, "terminals")
    renderer = ET.fromstring(style.qml).find("renderer-v2")
    assert renderer is not None and renderer.get("type") == "categorizedSymbol"
    categories = [(c.get("value"), c.get("label")) for c in renderer.findall("categories/category")]
    assert categories == [("1", "已覆盖 covered"), ("0", "未覆盖 not covered")]
    colors = [o.get("v") for o in renderer.findall("symbols/symbol/layer/prop[@k='color']")]
    assert colors == ["26,152,80,255", "215,48,39,255"]  # green, red: the web map's (palette.TERMINAL)
    rules = _rules(ET.fromstring(style.sld))
    assert [r.findtext(f"{SE}Name") for r in rules] == ["已覆盖 covered", "未覆盖 not covered"]
    assert rules[0].find(f"{OGC}Filter/{OGC}PropertyIsEqualTo/{OGC}Literal") is not None
    assert rules[1].find(f"{SE}ElseFilter") is not None  # NULL and false alike: not covered


def test_demand_has_five_semi_transparent_classes_without_outline(
    layers: dict[str, gpd.GeoDataFrame],
) -> None:
    style = _style(layers, "demand")
    renderer = ET.fromstring(style.qml).find("renderer-v2")
    assert renderer is not None and renderer.get("attr") == "fast_demand_ev"
    assert renderer.get("graduatedMethod") == "GraduatedColor"
    ranges = renderer.findall("ranges/range")
    assert len(ranges) == 5
    values = layers["demand"]["fast_demand_ev"]
    assert float(ranges[0].get("lower", "nan")) == values.min()
    assert float(ranges[-1].get("upper", "nan")) == values.max()
    symbols = renderer.findall("symbols/symbol")
    assert all(0 < float(s.get("alpha", "1")) < 1 for s in symbols)
    assert {p.get("v") for p in renderer.findall("symbols/symbol/layer/prop[@k='outline_style']")} == {"no"}
    assert len({p.get("v") for p in renderer.findall("symbols/symbol/layer/prop[@k='color']")}) == 5
    sld = ET.fromstring(style.sld)
    rules = _rules(sld)
    assert len(rules) == 5
    assert all(r.find(f".//{SE}Stroke") is None for r in rules)
    opacities = {e.text for e in sld.iter(f"{SE}SvgParameter") if e.get("name") == "fill-opacity"}
    assert opacities == {"0.6"}


def test_counties_have_no_fill_a_dark_outline_and_chinese_labels(layers: dict[str, gpd.GeoDataFrame]) -> None:
    style = _style(layers, "counties")
    layer = ET.fromstring(style.qml).find("renderer-v2/symbols/symbol/layer")
    assert layer is not None
    props = {p.get("k"): p.get("v") for p in layer.findall("prop")}
    assert props["style"] == "no" and props["outline_style"] == "solid"
    assert float(props["outline_width"] or 0) >= 0.5
    text = ET.fromstring(style.qml).find("labeling/settings/text-style")
    assert text is not None and text.get("fieldName") == "name_zh"
    polygon = ET.fromstring(style.sld).find(f".//{SE}PolygonSymbolizer")
    assert (
        polygon is not None and polygon.find(f"{SE}Fill") is None and polygon.find(f"{SE}Stroke") is not None
    )
    english = styles.layer_style("counties", {"county_id": ["1"], "name_en": ["A"]}, geometry="MULTIPOLYGON")
    assert english is not None and 'fieldName="name_en"' in english.qml


def test_candidates_are_tiny_grey_and_hidden_when_zoomed_out(layers: dict[str, gpd.GeoDataFrame]) -> None:
    style = _style(layers, "candidates")
    root = ET.fromstring(style.qml)
    assert root.get("hasScaleBasedVisibilityFlag") == "1" and root.get("minScale") == "100000"
    props = {p.get("k"): p.get("v") for p in root.findall("renderer-v2/symbols/symbol/layer/prop")}
    assert float(props["size"] or 0) <= 1.0
    rule = _rules(ET.fromstring(style.sld))[0]
    assert rule.findtext(f"{SE}MaxScaleDenominator") == "100000"


def test_substations_and_corridor_trips(layers: dict[str, gpd.GeoDataFrame]) -> None:
    substations = ET.fromstring(_style(layers, "substations").qml)
    props = {p.get("k"): p.get("v") for p in substations.findall("renderer-v2/symbols/symbol/layer/prop")}
    assert props["name"] == "square" and props["color"] == "231,41,138,255"  # palette.SUBSTATION
    trips = ET.fromstring(_style(layers, "corridor_trips").qml).find("renderer-v2")
    assert trips is not None and trips.get("attr") == "flow_ev_trips_per_day"
    widths = [float(p.get("v", "nan")) for p in trips.findall("symbols/symbol/layer/prop[@k='line_width']")]
    assert len(widths) == 4 and widths == sorted(widths)
    sld_widths = [
        float(e.text or "nan")
        for e in ET.fromstring(_style(layers, "corridor_trips").sld).iter(f"{SE}SvgParameter")
        if e.get("name") == "stroke-width"
    ]
    assert sld_widths == sorted(sld_widths) and len(sld_widths) == 4


def test_layers_without_style_or_of_another_geometry_get_none() -> None:
    assert styles.layer_style("osm_roads", {"highway": ["primary"]}) is None
    assert styles.layer_style("stations", {"name": ["x"]}, geometry="POLYGON") is None
    assert styles.layer_style("demand", {"fast_demand_ev": [1.0]}, geometry="MultiPoint") is None
    for generic in (None, "GEOMETRY", "Unknown"):
        assert styles.layer_style("demand", {"fast_demand_ev": [1.0]}, geometry=generic) is not None
    assert styles.layer_style("corridor_trips", {}, geometry="MULTILINESTRING Z") is not None


def test_graduated_classes_cope_with_empty_equal_and_odd_values() -> None:
    empty = styles.layer_style("piles", {"piles": []}, geometry="POINT")
    assert empty is not None and 'type="singleSymbol"' in empty.qml
    nulls = styles.layer_style("piles", {"piles": [None, float("nan")]}, geometry="POINT")
    assert nulls is not None and 'type="singleSymbol"' in nulls.qml
    equal = styles.layer_style("piles", {"piles": [3, 3, 3]}, geometry="POINT")
    assert equal is not None
    ranges = ET.fromstring(equal.qml).findall("renderer-v2/ranges/range")
    assert [(r.get("lower"), r.get("upper"), r.get("label")) for r in ranges] == [
        ("3", "3", "3 piles 充电桩")
    ]
    odd = styles.layer_style(
        "demand", {"fast_demand_ev": [0.1, "n/a", True, 2.5e-7, 1e300]}, geometry="POLYGON"
    )
    assert odd is not None
    bounds = [
        float(r.get("upper", "nan")) for r in ET.fromstring(odd.qml).findall("renderer-v2/ranges/range")
    ]
    assert bounds == [2.5e-7, 0.1, 1e300]  # text and booleans ignored; exact bounds


@pytest.mark.parametrize("name", styles.STYLED_LAYERS)
def test_sld_is_structurally_an_sld_1_1_document(layers: dict[str, gpd.GeoDataFrame], name: str) -> None:
    text = _style(layers, name).sld
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(text)
    assert root.tag == f"{SLD}StyledLayerDescriptor" and root.get("version") == "1.1.0"
    named = root.findall(f"{SLD}NamedLayer")
    assert len(named) == 1
    assert named[0].findtext(f"{SE}Name") == name
    user_styles = named[0].findall(f"{SLD}UserStyle")
    assert len(user_styles) == 1
    feature_styles = user_styles[0].findall(f"{SE}FeatureTypeStyle")
    assert len(feature_styles) == 1
    rules = feature_styles[0].findall(f"{SE}Rule")
    assert rules
    for rule in rules:
        assert all(child.tag.startswith((SE, OGC)) for child in rule)
        ranks = [RULE_ORDER[_local(child.tag)] for child in rule]
        assert ranks == sorted(ranks), [child.tag for child in rule]
        symbolizers = [_local(c.tag) for c in rule if _local(c.tag).endswith("Symbolizer")]
        assert len(symbolizers) == 1
        assert symbolizers[0] in {EXPECTED_SYMBOLIZER[KIND[name]], "TextSymbolizer"}
        for parameter in rule.iter(f"{SE}SvgParameter"):
            if parameter.get("name") in {"fill", "stroke"}:
                assert re.fullmatch(r"#[0-9a-f]{6}", parameter.text or "")
        for size in rule.iter(f"{SE}Size"):
            assert float(size.text or "nan") > 0
    assert all(e.tag.startswith((SLD, SE, OGC)) for e in root.iter())


def test_same_input_gives_the_same_documents(layers: dict[str, gpd.GeoDataFrame]) -> None:
    for name in styles.STYLED_LAYERS:
        assert _style(layers, name) == _style(_layers(), name)


# ----------------------------------------------------------------------------------------------
# the layer_styles table
# ----------------------------------------------------------------------------------------------
def test_write_layer_styles_styles_existing_layers_in_order(styled: tuple[Path, list[str]]) -> None:
    path, names = styled
    assert names == list(styles.STYLED_LAYERS)  # "osm_roads" has no style, "nope" is no layer
    rows = _rows(
        path,
        "SELECT id, f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, "
        "useAsDefault, owner, ui, update_time FROM layer_styles ORDER BY id",
    )
    assert [r[0] for r in rows] == list(range(1, len(names) + 1))
    geometry_columns = dict(_rows(path, "SELECT table_name, column_name FROM gpkg_geometry_columns"))
    for row, name in zip(rows, names, strict=True):
        assert row[1:] == ("", "", name, geometry_columns[name], name, 1, "", None, STAMP)
    defaults = _rows(
        path, "SELECT f_table_name, count(*) FROM layer_styles WHERE useAsDefault GROUP BY f_table_name"
    )
    assert dict(defaults) == dict.fromkeys(names, 1)


def test_layer_styles_is_a_registered_attributes_table(styled: tuple[Path, list[str]]) -> None:
    path, names = styled
    contents = _rows(
        path,
        "SELECT data_type, identifier, last_change, min_x, srs_id FROM gpkg_contents "
        "WHERE table_name = 'layer_styles'",
    )
    assert contents == [("attributes", "layer_styles", STAMP, None, 0)]
    assert _rows(path, "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'layer_styles'") == [
        (len(names),)
    ]
    assert _rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert _rows(path, "PRAGMA foreign_key_check") == []
    assert _rows(path, "PRAGMA application_id") == [(0x47504B47,)]  # still "GPKG"
    stored = _rows(path, "SELECT styleQML, styleSLD FROM layer_styles")
    for qml, sld in stored:
        assert ET.fromstring(qml).tag == "qgis"
        assert ET.fromstring(sld).tag == f"{SLD}StyledLayerDescriptor"


def test_spatial_layers_read_back_unchanged(styled: tuple[Path, list[str]], base_gpkg: Path) -> None:
    path, _ = styled
    for name in [*styles.STYLED_LAYERS, "osm_roads"]:
        before = pyogrio.read_dataframe(base_gpkg, layer=name)
        after = pyogrio.read_dataframe(path, layer=name)
        pd.testing.assert_frame_equal(pd.DataFrame(after), pd.DataFrame(before))
    table = pyogrio.read_dataframe(path, layer="layer_styles")
    assert table["f_table_name"].tolist() == list(styles.STYLED_LAYERS)
    assert table["useAsDefault"].tolist() == [True] * len(styles.STYLED_LAYERS)


@pytest.mark.skipif(OGRINFO is None, reason="GDAL's ogrinfo is not installed (Debian package gdal-bin)")
def test_ogrinfo_lists_layer_styles_and_every_layer_with_its_count_without_warnings(
    styled: tuple[Path, list[str]], layers: dict[str, gpd.GeoDataFrame]
) -> None:
    path, names = styled
    run = _ogrinfo("-ro", "-so", str(path))
    assert run.returncode == 0, run.stderr
    output = run.stdout + run.stderr
    assert "ERROR" not in output and "Warning" not in output, output
    assert re.search(r"^\d+: layer_styles \(None\)$", run.stdout, re.MULTILINE), run.stdout
    for name in layers:
        assert re.search(rf"^\d+: {name} \(", run.stdout, re.MULTILINE), run.stdout
    for name, gdf in [*layers.items(), ("layer_styles", None)]:
        summary = _ogrinfo("-ro", "-so", str(path), name)
        assert summary.returncode == 0, summary.stderr
        assert "ERROR" not in summary.stdout + summary.stderr
        assert "Warning" not in summary.stdout + summary.stderr
        count = len(names) if gdf is None else len(gdf)
        assert f"Feature Count: {count}\n" in summary.stdout, summary.stdout
    styles_summary = _ogrinfo("-ro", "-so", str(path), "layer_styles").stdout
    assert "FID Column = id" in styles_summary and "useAsDefault: Integer(Boolean)" in styles_summary


def test_rewriting_replaces_the_table(styled: tuple[Path, list[str]]) -> None:
    path, _ = styled
    assert styles.write_layer_styles(path, ["counties", "stations"], timestamp="2025-06-30T12:00:00Z") == [
        "counties",
        "stations",
    ]
    rows = _rows(path, "SELECT id, f_table_name, update_time FROM layer_styles ORDER BY id")
    assert rows == [(1, "counties", "2025-06-30T12:00:00.000Z"), (2, "stations", "2025-06-30T12:00:00.000Z")]
    assert _rows(path, "SELECT count(*) FROM gpkg_contents WHERE table_name = 'layer_styles'") == [(1,)]
    assert _rows(path, "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'layer_styles'") == [
        (2,)
    ]
    assert _rows(path, "SELECT seq FROM sqlite_sequence WHERE name = 'layer_styles'") == [(2,)]
    with closing(sqlite3.connect(path)) as db:  # GDAL's triggers keep the count when QGIS adds a style
        db.execute("INSERT INTO layer_styles (f_table_name, styleName) VALUES ('piles', 'mine')")
        db.commit()
    assert _rows(path, "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'layer_styles'") == [
        (3,)
    ]


def test_same_geopackage_and_timestamp_give_identical_bytes(base_gpkg: Path, tmp_path: Path) -> None:
    copies = [tmp_path / "a.gpkg", tmp_path / "b.gpkg"]
    for copy in copies:
        shutil.copyfile(base_gpkg, copy)
        styles.write_layer_styles(copy, export.LAYERS, timestamp=STAMP)
    assert copies[0].read_bytes() == copies[1].read_bytes()
    assert not list(tmp_path.glob("*-journal"))
    other = tmp_path / "c.gpkg"
    shutil.copyfile(base_gpkg, other)
    styles.write_layer_styles(other, export.LAYERS, timestamp="2024-01-02T00:00:00Z")
    assert other.read_bytes() != copies[0].read_bytes()  # the timestamp is what is written, not the clock


def test_timestamps_are_normalised_to_geopackage_utc_form(base_gpkg: Path, tmp_path: Path) -> None:
    path = tmp_path / "t.gpkg"
    shutil.copyfile(base_gpkg, path)
    for given, stored in [
        ("2024-01-01", "2024-01-01T00:00:00.000Z"),
        ("2024-01-01T08:30:00+08:00", "2024-01-01T00:30:00.000Z"),
        ("2024-03-04T05:06:07.891234Z", "2024-03-04T05:06:07.891Z"),
    ]:
        styles.write_layer_styles(path, ["stations"], timestamp=given)
        assert _rows(path, "SELECT update_time FROM layer_styles") == [(stored,)]
    with pytest.raises(ValueError, match="not an ISO 8601 time"):
        styles.write_layer_styles(path, ["stations"], timestamp="yesterday")
    assert _rows(path, "SELECT update_time FROM layer_styles") == [(stored,)]  # unchanged


def test_bad_targets_are_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        styles.write_layer_styles(tmp_path / "missing.gpkg", ["stations"], timestamp=STAMP)
    plain = tmp_path / "plain.sqlite"
    with closing(sqlite3.connect(plain)) as db:
        db.execute("CREATE TABLE t (x)")
    with pytest.raises(sqlite3.DatabaseError, match="not a GeoPackage"):
        styles.write_layer_styles(plain, ["stations"], timestamp=STAMP)


# ----------------------------------------------------------------------------------------------
# export and QGIS
# ----------------------------------------------------------------------------------------------
def test_export_writes_default_styles_into_plan_gpkg_reproducibly(tmp_path: Path) -> None:
    result = small_plan_result()
    first = export.write_outputs(result, tmp_path / "a", map_html=False)
    second = export.write_outputs(result, tmp_path / "b", map_html=False)
    gpkg = first["plan.gpkg"]
    rows = _rows(gpkg, "SELECT f_table_name, useAsDefault, update_time FROM layer_styles ORDER BY id")
    assert rows == [(name, 1, "2024-01-01T00:00:00.000Z") for name in export.LAYERS]  # the data date
    assert gpkg.read_bytes() == second["plan.gpkg"].read_bytes()
    manifest = json.loads(first["manifest.json"].read_text(encoding="utf-8"))
    assert manifest["files"]["plan.gpkg"]["size"] == gpkg.stat().st_size  # hashed after the styles


def _qgis_available() -> bool:
    if not SYSTEM_PYTHON.is_file():
        return False
    probe = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import qgis.core"], capture_output=True, check=False, timeout=60
    )
    return probe.returncode == 0


_QGIS_SCRIPT = r"""
import json, os, sys
from qgis.core import QgsApplication, QgsVectorLayer
app = QgsApplication([], False)
app.initQgis()
out = {}
for name in sys.argv[2].split(","):
    layer = QgsVectorLayer(f"{sys.argv[1]}|layername={name}", name, "ogr")
    renderer = layer.renderer()
    entry = {"valid": layer.isValid(), "renderer": renderer.type(), "labels": layer.labelsEnabled()}
    if hasattr(renderer, "classAttribute"):
        entry["attr"] = renderer.classAttribute()
    if renderer.type() == "graduatedSymbol":
        entry["classes"] = [r.label() for r in renderer.ranges()]
    if renderer.type() == "categorizedSymbol":
        entry["classes"] = [c.label() for c in renderer.categories()]
    if layer.labelsEnabled():
        entry["label_field"] = layer.labeling().settings().fieldName
    entry["min_scale"] = layer.minimumScale() if layer.hasScaleBasedVisibility() else None
    out[name] = entry
print("RESULT " + json.dumps(out, ensure_ascii=True), flush=True)
os._exit(0)  # QGIS 3.22 may crash while tearing down layers at exit; the result is out already
"""


@pytest.fixture(scope="module")
def qgis_python() -> Iterator[Path]:
    if not _qgis_available():
        pytest.skip("QGIS's Python bindings are not installed (Debian package python3-qgis)")
    yield SYSTEM_PYTHON


def test_qgis_applies_the_default_styles(
    qgis_python: Path, styled: tuple[Path, list[str]], tmp_path: Path
) -> None:
    path, names = styled
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update({"QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(tmp_path), "HOME": str(tmp_path)})
    run = subprocess.run(
        [str(qgis_python), "-c", _QGIS_SCRIPT, str(path), ",".join(names)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=env,
    )
    line = next((ln for ln in run.stdout.splitlines() if ln.startswith("RESULT ")), None)
    assert line is not None, run.stdout + run.stderr
    loaded = json.loads(line.removeprefix("RESULT "))
    for name in names:
        qml = ET.fromstring(
            _rows(path, "SELECT styleQML FROM layer_styles WHERE f_table_name = ?", (name,))[0][0]
        )
        renderer = qml.find("renderer-v2")
        assert renderer is not None
        assert loaded[name]["valid"] is True
        assert loaded[name]["renderer"] == renderer.get("type"), name
        if renderer.get("attr"):
            assert loaded[name]["attr"] == renderer.get("attr")
        ranges = renderer.findall("ranges/range") + renderer.findall("categories/category")
        assert loaded[name].get("classes", []) == [r.get("label") for r in ranges]
    assert loaded["stations"]["label_field"] == "name"
    assert loaded["counties"]["label_field"] == "name_zh"
    assert loaded["terminals"]["classes"] == ["已覆盖 covered", "未覆盖 not covered"]
    assert loaded["candidates"]["min_scale"] == 100_000
    assert loaded["piles"]["labels"] is False


def test_qgis_styles_use_the_colours_of_the_web_map(layers: dict[str, gpd.GeoDataFrame]) -> None:
    """One palette: a layer's QGIS colour is the colour the web map draws it with."""

    def qml_colours(name: str) -> set[str]:
        root = ET.fromstring(_style(layers, name).qml)
        return {str(p.get("v")) for p in root.findall("renderer-v2/symbols/symbol/layer/prop[@k='color']")}

    def rgba(colour: str) -> str:
        return ",".join(str(c) for c in palette.rgba(colour))

    assert qml_colours("stations") == {rgba(STATION_STYLES["new"]["fillColor"])} == {"31,120,180,255"}  # blue
    assert qml_colours("piles") == {rgba(palette.PILE)}
    assert qml_colours("candidates") == {rgba(palette.CANDIDATE)}
    for name in ("stations", "piles", "terminals", "candidates", "substations"):
        sld = ET.fromstring(_style(layers, name).sld)
        fills = {e.text for e in sld.iter(f"{SE}SvgParameter") if e.get("name") == "fill"}
        assert fills <= {
            "#ffffff",
            *palette.STATION.values(),
            palette.PILE,
            *palette.TERMINAL.values(),
            palette.CANDIDATE,
            palette.SUBSTATION,
            palette.LABEL,
        }, (name, fills)


def test_stations_by_stage_and_roads_use_the_web_map_colours(layers: dict[str, gpd.GeoDataFrame]) -> None:
    """Stage colours and road grey are the palette's, as on the map (one colour meaning per hue)."""
    by_stage = styles.layer_style("stations_by_stage", _fields(layers["stations_by_stage"]), geometry="POINT")
    assert by_stage is not None
    root = ET.fromstring(by_stage.qml)
    categories = root.findall("renderer-v2/categories/category")
    assert [(c.get("value"), c.get("label")) for c in categories] == [
        ("2025", "2025 新建 opened in 2025"),
        ("2030", "2030 新建 opened in 2030"),
    ]
    fills = [
        next(o.get("value", "") for o in sym.iter("Option") if o.get("name") == "color")
        for sym in root.findall("renderer-v2/symbols/symbol")
    ]
    assert fills[0].startswith(",".join(map(str, palette.rgba(palette.STATION["new"])[:3])))
    assert fills[1].startswith(",".join(map(str, palette.rgba(palette.STATION_LATER)[:3])))
    roads = styles.layer_style("roads", _fields(layers["roads"]), geometry="MULTILINESTRING")
    assert roads is not None
    road_root = ET.fromstring(roads.qml)
    assert [c.get("value") for c in road_root.findall("renderer-v2/categories/category")] == list(
        palette.ROAD_WEIGHTS
    )
    grey = ",".join(map(str, palette.rgba(palette.ROAD)[:3]))
    colours = [o.get("value") for o in road_root.iter("Option") if o.get("name") == "line_color"]
    assert colours and all(c.startswith(grey) for c in colours)
