"""The live OpenStreetMap path end to end: osmnx's real download code against a local Overpass/Nominatim.

A stdlib HTTP server on 127.0.0.1 answers Overpass (``/api/interpreter``, ``/api/status``) and Nominatim
(``/search``) with real OpenStreetMap data: the roads and tagged nodes of a small part of Valletta, read
with osmium from ``../shared/osm/malta-latest.osm.pbf`` (skipped when absent).  osmnx is pointed at it
through its own settings (``overpass_url``, ``nominatim_url``).  The server can answer 429, 504, a body
cut short or a very slow answer, as real servers do.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import osmium
import osmnx as ox
import pytest
from conftest import shared_osm
from shapely.geometry import box

from siting import osm_live
from siting._errors import OsmDownloadError
from siting.cli import main

#: A small part of Valletta (lon/lat): a few hundred road nodes.
BBOX = (14.508, 35.895, 14.516, 35.901)


class _Collect(osmium.SimpleHandler):  # type: ignore[misc]
    """Roads with a node in BBOX (all their nodes) and tagged nodes in BBOX, as Overpass JSON elements."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: dict[int, dict[str, Any]] = {}
        self.ways: list[dict[str, Any]] = []

    @staticmethod
    def _inside(lon: float, lat: float) -> bool:
        return BBOX[0] <= lon <= BBOX[2] and BBOX[1] <= lat <= BBOX[3]

    def node(self, n: Any) -> None:
        if len(n.tags) and n.location.valid() and self._inside(n.location.lon, n.location.lat):
            self.nodes[n.id] = {
                "type": "node",
                "id": n.id,
                "lat": n.location.lat,
                "lon": n.location.lon,
                "tags": {t.k: t.v for t in n.tags},
            }

    def way(self, w: Any) -> None:
        if "highway" not in w.tags or not any(
            nd.location.valid() and self._inside(nd.location.lon, nd.location.lat) for nd in w.nodes
        ):
            return
        for nd in w.nodes:
            self.nodes.setdefault(
                nd.ref, {"type": "node", "id": nd.ref, "lat": nd.location.lat, "lon": nd.location.lon}
            )
        self.ways.append(
            {
                "type": "way",
                "id": w.id,
                "nodes": [nd.ref for nd in w.nodes],
                "tags": {t.k: t.v for t in w.tags},
            }
        )


@pytest.fixture(scope="module")
def overpass_json() -> bytes:
    handler = _Collect()
    handler.apply_file(str(shared_osm("malta-latest.osm.pbf")), locations=True)  # skips when absent
    assert len(handler.ways) > 20, "the clip holds too few roads"
    elements = list(handler.nodes.values()) + handler.ways
    return json.dumps({"version": 0.6, "generator": "siting test server", "elements": elements}).encode()


def _nominatim_json() -> bytes:
    west, south, east, north = BBOX
    return json.dumps(
        [
            {
                "place_id": 1,
                "osm_type": "relation",
                "osm_id": 1,
                "lat": str((south + north) / 2),
                "lon": str((west + east) / 2),
                "display_name": "Valletta (clip), Malta",
                "class": "boundary",
                "type": "administrative",
                "importance": 0.9,
                "boundingbox": [str(south), str(north), str(west), str(east)],
                "geojson": box(*BBOX).__geo_interface__,
            }
        ]
    ).encode()


_STATUS = (
    b"Connected as: 1\nCurrent time: 2026-01-01T00:00:00Z\nAnnounced endpoint: none\nRate limit: 2\n"
    b"2 slots available now.\nCurrently running queries (pid, space limit, time limit, start time):\n"
)


@dataclass
class Server:
    """The test server's state: what to answer next, and when each data request came."""

    url: str
    overpass: bytes
    script: list[str] = field(default_factory=list)  # "429", "504", "cut", "slow"; then "ok"
    hits: list[tuple[str, float]] = field(default_factory=list)

    def next_action(self) -> str:
        return self.script.pop(0) if self.script else "ok"


def _handler(state: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:
            pass

        def _answer(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client that timed out
                self.wfile.write(body)

        def _data(self, body: bytes) -> None:
            state.hits.append((self.path.split("?")[0], time.monotonic()))
            action = state.next_action()
            if action == "429":
                self._answer(429, b"rate limited", {"Retry-After": "1"})
            elif action == "504":
                self._answer(504, b"gateway timeout", {"Retry-After": "0"})
            elif action == "cut":
                self._answer(200, body[: len(body) // 2])  # a complete HTTP answer, half a JSON document
            elif action == "slow":
                time.sleep(3.0)  # longer than SITING_OSM_TIMEOUT_S = 1 in the test
                self._answer(200, body)
            else:
                self._answer(200, body)

        def do_GET(self) -> None:
            if self.path.startswith("/api/status"):
                self.send_response(200)
                self.send_header("Content-Length", str(len(_STATUS)))
                self.end_headers()
                self.wfile.write(_STATUS)
            elif self.path.startswith("/search"):
                self._data(_nominatim_json())
            else:
                self._answer(404, b"{}")

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self._data(state.overpass)

    return Handler


@pytest.fixture
def server(overpass_json: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Server("", b"")))
    state = Server(f"http://127.0.0.1:{httpd.server_address[1]}", overpass_json)
    httpd.RequestHandlerClass = _handler(state)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(ox.settings, "overpass_url", state.url + "/api")
    monkeypatch.setattr(ox.settings, "nominatim_url", state.url + "/")
    monkeypatch.setattr(ox.settings, "doh_url_template", None)
    monkeypatch.setenv("SITING_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SITING_OSM_RETRIES", "3")
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def _boundary(tmp_path: Path) -> Path:
    path = tmp_path / "valletta.geojson"
    path.write_text(json.dumps(box(*BBOX).__geo_interface__), encoding="utf-8")
    return path


def _plan(tmp_path: Path, out: str) -> int:
    """``siting plan`` of the clip from the live path: a city centre, so no rural minimum."""
    scenario = tmp_path / "valletta.toml"
    scenario.write_text(
        'name = "valletta"\nrural_min_share_stations = 0.0\nrural_min_share_piles = 0.0\n', encoding="utf-8"
    )
    args = ["--quiet", "plan", str(scenario), "--stations", "2", "--piles", "10", "--first-stage-only"]
    return main(
        [*args, "--map-dir", "", "--boundary", str(_boundary(tmp_path)), "--out", str(tmp_path / out)]
    )


def _cached_files(tmp_path: Path) -> list[str]:
    cache = tmp_path / "cache"
    return (
        sorted(str(p.relative_to(cache)) for p in cache.rglob("*") if p.is_file()) if cache.exists() else []
    )


def test_plan_from_the_server_then_offline_from_the_cache(server: Server, tmp_path: Path) -> None:
    assert _plan(tmp_path, "a") == 0
    assert (tmp_path / "a" / "manifest.json").is_file()
    assert any(path == "/api/interpreter" for path, _ in server.hits)
    n_hits = len(server.hits)
    server.script = ["504"] * 20  # the server now fails: the second run must not ask it
    assert _plan(tmp_path, "b") == 0
    assert len(server.hits) == n_hits
    assert (tmp_path / "a" / "stations.csv").read_bytes() == (tmp_path / "b" / "stations.csv").read_bytes()


def test_place_name_from_nominatim(server: Server) -> None:
    gdf = osm_live.boundary_from_place("Valletta")
    assert gdf.geometry.iloc[0].equals(box(*BBOX))
    assert [path for path, _ in server.hits] == ["/search"]


def test_rate_limit_then_success_honours_retry_after(server: Server, tmp_path: Path) -> None:
    server.script = ["429"]
    G = osm_live.graph_from_polygon(box(*BBOX))
    assert len(G) > 10
    (_, first), (_, second) = server.hits[:2]
    assert second - first >= 1.0  # the server's Retry-After: 1 was waited for (a lower bound: any speed)


def test_gateway_timeout_every_time(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.script = ["504"] * 20
    code = _plan(tmp_path, "o")
    err = capsys.readouterr().err
    assert code == 3, err
    assert "504" in err and "SITING_OSM_RETRIES" in err and "Traceback" not in err
    assert len(server.hits) == 3  # SITING_OSM_RETRIES = 3 requests, then one clear error
    assert not [f for f in _cached_files(tmp_path) if not f.startswith(".")]  # nothing cached
    assert not (tmp_path / "o").exists()
    server.script = []
    assert len(osm_live.graph_from_polygon(box(*BBOX))) > 10  # the cache was not poisoned


def test_truncated_body_is_never_cached(server: Server, tmp_path: Path) -> None:
    server.script = ["cut"]
    with pytest.raises(OsmDownloadError, match="could not be reached or gave no usable answer"):
        osm_live.graph_from_polygon(box(*BBOX))
    assert not [f for f in _cached_files(tmp_path) if not f.startswith(".")]
    assert len(osm_live.graph_from_polygon(box(*BBOX))) > 10  # asked again, not read from the cache
    assert len(server.hits) == 2


def test_slow_answer_names_the_timeout_setting(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITING_OSM_TIMEOUT_S", "1")
    server.script = ["slow"]
    with pytest.raises(OsmDownloadError, match="SITING_OSM_TIMEOUT_S = 1 s"):
        osm_live.graph_from_polygon(box(*BBOX))
    assert not [f for f in _cached_files(tmp_path) if not f.startswith(".")]
