"""Tests of siting.osm: local extracts, features, boundaries, and live calls without a network.

``tests/input_data/tiny_guangan.osm`` is a hand-written network (see the comment at its top) for
exact assertions; the real Malta and Rhein-Neckar extracts in ../shared/osm are used when present.
"""

from __future__ import annotations

import bz2
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import osmium
import osmnx as ox
import pytest
from shapely.geometry import MultiPolygon, Point, Polygon, box

from siting import osm
from siting._errors import InputDataError, NetworkError, OsmDownloadError
from siting._warnings import SitingWarning

TINY = Path(__file__).parent / "input_data" / "tiny_guangan.osm"
TINY_BOX = box(106.62, 30.46, 106.64, 30.48)  # around the tiny network
VALLETTA = box(14.50, 35.89, 14.52, 35.90)  # a small part of Malta
UNREACHABLE = "http://127.0.0.1:9"  # the discard port: connection refused at once

# nodes of the tiny fixture on drivable roads after osmnx simplification (4, 5, 7 are interstitial)
TINY_NODES = {1, 2, 3, 6, 8, 12, 17, 18, 19}


@pytest.fixture(scope="module")
def tiny_graph() -> nx.MultiDiGraph:
    return osm.graph_from_file(TINY)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SITING_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def offline_osmnx(monkeypatch: pytest.MonkeyPatch) -> None:
    """Point osmnx at endpoints that refuse connections (restored after the test)."""
    monkeypatch.setattr(ox.settings, "overpass_url", UNREACHABLE)
    monkeypatch.setattr(ox.settings, "nominatim_url", UNREACHABLE)


# ------------------------------------------------------------------------------------------------
# graph_from_file
# ------------------------------------------------------------------------------------------------


def test_drivable_filter_keeps_roads_and_drops_the_rest(tiny_graph: nx.MultiDiGraph) -> None:
    G = tiny_graph
    assert set(G.nodes) == TINY_NODES
    # footway (9), private (10), driveway (11), area=yes (13-15), motor_vehicle=no (16) are gone
    highways = {
        h
        for _, _, d in G.edges(data=True)
        for h in (d["highway"] if isinstance(d["highway"], list) else [d["highway"]])
    }
    assert highways == {"primary", "residential", "tertiary", "service", "unclassified"}
    assert G.graph["crs"] == "epsg:4326"


def test_oneway_is_respected(tiny_graph: nx.MultiDiGraph) -> None:
    G = tiny_graph
    assert G.has_edge(2, 6) and not G.has_edge(6, 2)
    assert G.has_edge(8, 19) and not G.has_edge(19, 8)
    assert G.has_edge(1, 2) and G.has_edge(2, 1)


def test_tags_are_kept_for_speeds(tiny_graph: nx.MultiDiGraph) -> None:
    G = tiny_graph
    assert G.edges[1, 2, 0]["maxspeed"] == "60"
    assert G.edges[6, 8, 0]["maxspeed"] == "40;60"
    assert G.edges[8, 19, 0]["maxspeed"] == "30 mph"
    assert G.edges[1, 2, 0]["name"] == "广安大道"
    assert "surface" not in G.edges[1, 2, 0]
    assert G.edges[1, 2, 0]["length"] == pytest.approx(95.8, abs=0.5)


def test_source_labels_use_the_newest_road_edit(tiny_graph: nx.MultiDiGraph) -> None:
    graph = tiny_graph.graph
    assert graph["source_label"] == "OpenStreetMap extract tiny_guangan.osm (data to 2024-06-15)"
    assert graph["source_label_zh"] == "OpenStreetMap 数据 tiny_guangan.osm（截至 2024-06-15）"
    assert graph["data_date"] == "2024-06-15"


def _edges(G: nx.MultiDiGraph) -> set[tuple[int, int]]:
    return {(u, v) for u, v, _ in G.edges(keys=True)}


def test_bz2_and_pbf_give_the_same_graph(tmp_path: Path, tiny_graph: nx.MultiDiGraph) -> None:
    compressed = tmp_path / "tiny.osm.bz2"
    compressed.write_bytes(bz2.compress(TINY.read_bytes()))
    pbf = tmp_path / "tiny.osm.pbf"
    with osmium.SimpleWriter(pbf) as writer, osmium.io.Reader(str(TINY)) as reader:
        osmium.apply(reader, writer)
    upper = pbf.rename(tmp_path / "TINY.OSM.PBF")  # extensions in any letter case
    for path in (compressed, upper):
        G = osm.graph_from_file(path)
        assert _edges(G) == _edges(tiny_graph)
        assert G.graph["data_date"] == "2024-06-15"
        assert path.name in G.graph["source_label"]


def test_header_timestamp_wins(malta_pbf: Path) -> None:
    G = osm.graph_from_file(malta_pbf, boundary=VALLETTA)
    assert G.graph["data_date"] == "2016-11-09"  # osmosis_replication_timestamp of the header
    assert "malta-latest.osm.pbf" in G.graph["source_label"]


def test_boundary_clips_the_graph(malta_pbf: Path) -> None:
    G = osm.graph_from_file(malta_pbf, boundary=VALLETTA)
    assert 100 < len(G) < 2000
    assert all(VALLETTA.covers(Point(d["x"], d["y"])) for _, d in G.nodes(data=True))
    # the same boundary as a GeoDataFrame in another CRS gives the same graph
    projected = gpd.GeoDataFrame(geometry=[VALLETTA], crs="EPSG:4326").to_crs("EPSG:3857")
    assert set(osm.graph_from_file(malta_pbf, boundary=projected).nodes) == set(G.nodes)


def test_boundary_outside_the_extract_names_both_extents() -> None:
    beijing = box(116.3, 39.9, 116.5, 40.0)
    with pytest.raises(NetworkError, match="does not overlap") as info:
        osm.graph_from_file(TINY, boundary=beijing)
    message = str(info.value)
    assert "lon 116.3000…116.5000" in message  # the boundary
    assert "lon 106.6300…106.6360" in message  # the roads of the file


def test_file_without_roads_is_a_network_error(tmp_path: Path) -> None:
    path = tmp_path / "paths.osm"
    path.write_text(
        '<?xml version="1.0"?><osm version="0.6">'
        '<node id="1" lat="30.47" lon="106.63"/><node id="2" lat="30.48" lon="106.63"/>'
        '<way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way></osm>',
        encoding="utf-8",
    )
    with pytest.raises(NetworkError, match="no drivable roads"):
        osm.graph_from_file(path)


def test_roads_with_missing_nodes_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "cut.osm"  # an extract cut without completing its ways: node 99 is absent
    path.write_text(
        '<?xml version="1.0"?><osm version="0.6">'
        '<node id="1" lat="30.47" lon="106.63"/><node id="2" lat="30.48" lon="106.63"/>'
        '<node id="3" lat="30.48" lon="106.64"/>'
        '<way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way>'
        '<way id="2"><nd ref="2"/><nd ref="3"/><nd ref="99"/><tag k="highway" v="primary"/></way>'
        "</osm>",
        encoding="utf-8",
    )
    G = osm.graph_from_file(path)
    assert set(G.nodes) == {1, 2}
    assert G.graph["data_date"] is None  # no timestamps in the file
    assert G.graph["source_label"] == "OpenStreetMap extract cut.osm"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputDataError, match="does not exist") as info:
        osm.graph_from_file(tmp_path / "nowhere.osm.pbf")
    assert "nowhere.osm.pbf" in str(info.value)


def test_wrong_extension(tmp_path: Path) -> None:
    path = tmp_path / "roads.geojson"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(InputDataError, match="unsupported extension"):
        osm.graph_from_file(path)
    with pytest.raises(InputDataError, match="unsupported extension"):
        osm.features_from_file(path)


def test_truncated_pbf(tmp_path: Path, malta_pbf: Path) -> None:
    path = tmp_path / "cut.osm.pbf"
    path.write_bytes(malta_pbf.read_bytes()[:300_000])
    with pytest.raises(InputDataError, match="truncated or corrupt") as info:
        osm.graph_from_file(path)
    assert "cut.osm.pbf" in str(info.value)
    with pytest.raises(InputDataError, match="truncated or corrupt"):
        osm.features_from_file(path)


def test_truncated_xml(tmp_path: Path) -> None:
    path = tmp_path / "cut.osm"
    path.write_bytes(TINY.read_bytes()[:3000])
    with pytest.raises(InputDataError, match="truncated or corrupt"):
        osm.graph_from_file(path)


def test_is_drivable() -> None:
    assert osm.is_drivable({"highway": "primary"})
    assert osm.is_drivable({"highway": "service"})
    assert not osm.is_drivable({"highway": "service", "service": "parking_aisle"})
    assert not osm.is_drivable({"highway": "primary", "access": "no"})
    assert not osm.is_drivable({"highway": "track"})
    assert not osm.is_drivable({"building": "yes"})


@pytest.mark.slow
def test_rhein_neckar_graph_is_built_quickly(rnv_pbf: Path) -> None:
    G = osm.graph_from_file(rnv_pbf)  # no wall-clock bound: speed is measured in benchmarks/
    assert 31_000 < len(G) < 32_800  # ≈31.8k simplified nodes (shared/osm/README.md)
    assert G.graph["data_date"] == "2016-12-15"


# ------------------------------------------------------------------------------------------------
# features_from_file
# ------------------------------------------------------------------------------------------------


def test_tiny_features_exact() -> None:
    gdf = osm.features_from_file(TINY)
    assert tuple(gdf.columns) == osm.FEATURE_COLUMNS
    assert gdf.crs == "EPSG:4326"
    by_id = gdf.set_index("osm_id")
    assert set(by_id.index) == {
        "node/50",  # charging station
        "node/51",  # supermarket
        "node/53",  # office=government
        "node/55",  # public_transport=station
        "way/200",  # parking polygon
        "way/201",  # building=yes → centroid
        "way/202",  # school building: kept as polygon
        "way/205",  # substation
        "relation/300",  # landuse multipolygon with a hole
    }  # not: restaurant (52), office=no (54), traffic signals (56), unclosed parking way (206)
    assert by_id.loc["node/50", "name_en"] == "Guang'an Charging"
    assert by_id.loc["node/50", "capacity"] == "8"
    assert by_id.loc["way/200", "parking"] == "surface"
    assert by_id.loc["way/200", "capacity"] == "50"
    assert by_id.loc["way/200", "shop"] is None
    assert isinstance(by_id.loc["way/200", "geometry"], Polygon)
    building = by_id.loc["way/201", "geometry"]
    assert isinstance(building, Point)
    assert (building.x, building.y) == pytest.approx((106.6311, 30.4681))
    assert isinstance(by_id.loc["way/202", "geometry"], Polygon)
    landuse = by_id.loc["relation/300", "geometry"]
    assert isinstance(landuse, Polygon) and len(landuse.interiors) == 1
    assert all(dtype is np.dtype(object) for dtype in gdf.drop(columns="geometry").dtypes)


def test_features_boundary_and_empty_result() -> None:
    clipped = osm.features_from_file(TINY, boundary=box(106.629, 30.467, 106.6315, 30.4686))
    assert set(clipped["osm_id"]) == {"way/200", "way/201"}
    empty = osm.features_from_file(TINY, boundary=box(10.0, 10.0, 10.1, 10.1))
    assert len(empty) == 0
    assert tuple(empty.columns) == osm.FEATURE_COLUMNS
    assert empty.crs == "EPSG:4326"


def test_malta_features(malta_pbf: Path) -> None:
    gdf = osm.features_from_file(malta_pbf)
    assert len(gdf) > 5000
    assert set(gdf.geom_type) <= {"Point", "Polygon", "MultiPolygon"}
    assert (gdf["amenity"] == "parking").sum() > 50
    assert gdf["osm_id"].is_unique
    others = ["amenity", "shop", "highway", "public_transport", "landuse", "office", "power"]
    buildings_only = gdf["building"].notna() & gdf[others].isna().all(axis=1)
    assert (gdf.loc[buildings_only].geom_type == "Point").all()
    clipped = osm.features_from_file(malta_pbf, boundary=VALLETTA)
    assert 0 < len(clipped) < len(gdf)
    assert clipped.intersects(VALLETTA).all()


# ------------------------------------------------------------------------------------------------
# boundary_from_file
# ------------------------------------------------------------------------------------------------


def test_boundary_dissolves_and_reprojects(tmp_path: Path) -> None:
    parts = gpd.GeoDataFrame(
        {"name": ["a", "b"]},
        geometry=[box(106.60, 30.40, 106.65, 30.45), box(106.70, 30.40, 106.75, 30.45)],
        crs="EPSG:4326",
    )
    path = tmp_path / "area.gpkg"
    parts.to_crs("EPSG:32648").to_file(path)
    gdf = osm.boundary_from_file(path)
    assert len(gdf) == 1 and gdf.crs == "EPSG:4326"
    assert isinstance(gdf.geometry.iloc[0], MultiPolygon)
    assert gdf.total_bounds == pytest.approx([106.60, 30.40, 106.75, 30.45], abs=1e-6)
    assert gdf["name"].iloc[0] == "area"


def test_boundary_without_crs(tmp_path: Path) -> None:
    lonlat = tmp_path / "lonlat.shp"
    with pytest.warns(UserWarning, match="'crs' was not provided"):  # pyogrio
        gpd.GeoDataFrame(geometry=[box(106.6, 30.4, 106.7, 30.5)]).to_file(lonlat)
    with pytest.warns(SitingWarning, match="no CRS"):
        gdf = osm.boundary_from_file(lonlat)
    assert gdf.crs == "EPSG:4326"
    metres = tmp_path / "metres.shp"
    with pytest.warns(UserWarning, match="'crs' was not provided"):  # pyogrio
        gpd.GeoDataFrame(geometry=[box(600_000, 3_370_000, 610_000, 3_380_000)]).to_file(metres)
    with pytest.raises(InputDataError, match="no CRS"):
        osm.boundary_from_file(metres)


def test_boundary_errors(tmp_path: Path) -> None:
    with pytest.raises(InputDataError, match="does not exist"):
        osm.boundary_from_file(tmp_path / "missing.geojson")
    garbage = tmp_path / "garbage.geojson"
    garbage.write_text("this is not json", encoding="utf-8")
    with pytest.raises(InputDataError, match="cannot be read") as info:
        osm.boundary_from_file(garbage)
    assert "garbage.geojson" in str(info.value)
    points = tmp_path / "points.geojson"
    gpd.GeoDataFrame(geometry=[Point(106.6, 30.4)], crs="EPSG:4326").to_file(points)
    with pytest.raises(InputDataError, match="non-polygon geometries"):
        osm.boundary_from_file(points)
    empty = tmp_path / "empty.geojson"
    empty.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    with pytest.raises(InputDataError, match="no geometries"):
        osm.boundary_from_file(empty)


# ------------------------------------------------------------------------------------------------
# live functions, offline
# ------------------------------------------------------------------------------------------------


def _is_empty(folder: Path) -> bool:
    return not folder.exists() or not any(folder.iterdir())


def _osmnx_state() -> tuple[object, ...]:
    s = ox.settings
    return (s.use_cache, s.cache_folder, s.requests_timeout, s.overpass_rate_limit,
            s.doh_url_template, socket.getaddrinfo)  # fmt: skip


def test_cached_graph_is_used_without_network(
    cache_dir: Path, offline_osmnx: None, tiny_graph: nx.MultiDiGraph
) -> None:
    target = osm.graph_cache_path(TINY_BOX)
    assert target.parent == cache_dir / "graphs" and target.suffix == ".graphml"
    target.parent.mkdir(parents=True)
    ox.io.save_graphml(tiny_graph, filepath=target)
    G = osm.graph_from_polygon(TINY_BOX)  # the server is unreachable: this must come from disk
    assert set(G.nodes) == TINY_NODES
    assert G.graph["source_label"] == tiny_graph.graph["source_label"]
    # a GeoDataFrame of the same area in another CRS maps to the same file
    projected = gpd.GeoDataFrame(geometry=[TINY_BOX], crs="EPSG:4326")
    assert osm.graph_cache_path(projected) == target


def test_unreachable_server_raises_download_error(cache_dir: Path, offline_osmnx: None) -> None:
    before = _osmnx_state()
    with pytest.raises(OsmDownloadError, match="could not be reached") as info:
        osm.graph_from_polygon(TINY_BOX)
    message = str(info.value)
    assert "siting plan --osm-file PATH" in message and "siting demo" in message
    with pytest.raises(OsmDownloadError, match="could not be reached"):
        osm.features_from_polygon(TINY_BOX)
    with pytest.raises(OsmDownloadError, match="could not be reached"):
        osm.boundary_from_place("Guang'an, Sichuan, China")
    with pytest.raises(OsmDownloadError, match="could not be reached"):
        osm.graph_from_place("Guang'an, Sichuan, China")
    assert _osmnx_state() == before  # osmnx settings restored
    assert _is_empty(cache_dir / "graphs") and _is_empty(cache_dir / "features")


class _BrokenOverpass(http.server.BaseHTTPRequestHandler):
    """A server that answers every request with an HTTP 500 and text, not JSON."""

    def _fail(self) -> None:
        body = b"runtime error: out of memory"
        self.send_response(500)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = _fail  # noqa: N815
    do_POST = _fail  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def broken_overpass(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _BrokenOverpass)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/api"
    monkeypatch.setattr(ox.settings, "overpass_url", url)
    monkeypatch.setattr(ox.settings, "overpass_rate_limit", False)  # no /status slot check
    yield url
    server.shutdown()
    server.server_close()


def test_server_error_leaves_cache_empty(cache_dir: Path, broken_overpass: str) -> None:
    with pytest.raises(OsmDownloadError, match="no usable answer") as info:
        osm.graph_from_polygon(TINY_BOX)
    assert broken_overpass in str(info.value)
    assert _is_empty(cache_dir / "graphs") and _is_empty(cache_dir / "http")


def test_cached_features_are_used_without_network(cache_dir: Path, offline_osmnx: None) -> None:
    features = osm.features_from_file(TINY)
    target = osm.features_cache_path(TINY_BOX)
    target.parent.mkdir(parents=True)
    features.to_file(target, driver="GPKG", layer="features")
    cached = osm.features_from_polygon(TINY_BOX)
    assert tuple(cached.columns) == osm.FEATURE_COLUMNS
    assert list(cached["osm_id"]) == list(features["osm_id"])
    assert cached.set_index("osm_id").loc["way/200", "shop"] is None
