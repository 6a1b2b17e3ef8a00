"""Live OpenStreetMap downloads through osmnx, with osmnx's HTTP cache and our own file cache.

:func:`boundary_from_place`, :func:`graph_from_place`, :func:`graph_from_polygon` and
:func:`features_from_polygon` call osmnx with its HTTP cache in ``settings.cache_dir()/"http"`` and also
save each downloaded graph (GraphML) or feature layer (GeoPackage) under ``settings.cache_dir()``, so that
a second run works offline.  osmnx settings are changed only inside these calls and restored afterwards.
The road filter and the features schema are those of local files (:mod:`siting.osm_schema`), so online
and offline inputs hold the same roads and columns.  Users import these names from :mod:`siting.osm`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import socket
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import osmnx as ox
import pandas as pd
import requests
from osmnx._errors import InsufficientResponseError, ResponseStatusCodeError
from shapely.geometry import MultiPolygon, Polygon

from siting import settings
from siting._errors import InputDataError, NetworkError, OsmDownloadError
from siting._io import write_file_atomic
from siting._warnings import warn
from siting.osm_schema import (
    DRIVE_OVERPASS_FILTER,
    FEATURE_COLUMNS,
    FEATURE_KEYS,
    FEATURE_TAGS,
    NETWORK_TYPE,
    Boundary,
    boundary_polygon,
    empty_features,
    features_frame,
    fmt_bounds,
)

__all__ = [
    "boundary_from_place",
    "features_cache_path",
    "features_from_polygon",
    "graph_cache_path",
    "graph_from_place",
    "graph_from_polygon",
]


_PROBE_TIMEOUT_S = 10.0


def _reachable(url: str, timeout_s: float) -> bool:
    """Return False only when a TCP connection to the URL's host surely cannot be opened."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname
    if not host:
        return True
    scheme = parts.scheme or "https"
    if urllib.request.getproxies().get(scheme) and not urllib.request.proxy_bypass(host):
        return True  # behind a proxy: let the request itself decide
    port = parts.port or (443 if scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=min(_PROBE_TIMEOUT_S, timeout_s)):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def _live_osmnx(url: str, *, use_cache: bool = True) -> Iterator[None]:
    """Configure osmnx for one live call and restore its settings afterwards.

    Sets the HTTP cache folder and timeout from :mod:`siting.settings`.  When the server cannot be
    reached, also disables osmnx's Overpass slot pause and DNS-over-HTTPS lookup so that a cached
    response is still served and an uncached request fails at once.  osmnx replaces
    ``socket.getaddrinfo`` while it runs; the original is put back too.
    """
    timeout = settings.osm_timeout_s()
    kwargs = dict(ox.settings.requests_kwargs)
    kwargs["hooks"] = {"response": [_retry_hook(timeout)]}
    overrides: dict[str, Any] = {
        "use_cache": use_cache,
        "cache_folder": str(settings.cache_dir() / "http"),
        "requests_timeout": timeout,
        "requests_kwargs": kwargs,
    }
    if not _reachable(url, timeout):
        overrides.update(overpass_rate_limit=False, doh_url_template=None, requests_timeout=_PROBE_TIMEOUT_S)
    saved = {key: getattr(ox.settings, key) for key in overrides}
    getaddrinfo = socket.getaddrinfo
    try:
        for key, value in overrides.items():
            setattr(ox.settings, key, value)
        yield
    finally:
        for key, value in saved.items():
            setattr(ox.settings, key, value)
        socket.getaddrinfo = getaddrinfo


#: Answers that mean "try again later": rate limit, overload, gateway timeout.
_RETRY_STATUS = frozenset({429, 503, 504})
_MAX_RETRY_AFTER_S = 300.0


def _retry_after_s(response: requests.Response, attempt: int) -> float:
    """The wait before retry ``attempt``: the server's ``Retry-After`` (seconds), else 5, 10, 20 … s."""
    raw = str(response.headers.get("Retry-After", ""))
    try:
        wait = max(0.0, float(raw))
    except ValueError:
        wait = 5.0 * 2 ** (attempt - 1)
    return min(_MAX_RETRY_AFTER_S, wait)


def _retry_hook(timeout_s: float) -> Callable[..., requests.Response]:
    """A requests response hook: 429/503/504 answers are retried with back-off, a bounded number of times.

    osmnx itself retries these answers forever after a fixed 55 s pause; this hook answers first, so a
    server that keeps refusing ends in one :class:`OsmDownloadError` naming ``SITING_OSM_RETRIES``.
    """

    def hook(response: requests.Response, *_args: Any, **_kwargs: Any) -> requests.Response:
        tries = settings.osm_retries()
        attempt = 1
        while response.status_code in _RETRY_STATUS:
            if attempt >= tries:
                raise OsmDownloadError(
                    f"The OpenStreetMap server {urllib.parse.urlsplit(response.url).netloc} answered "
                    f"{response.status_code} {response.reason} {attempt} time(s) (rate limit or overload); "
                    "nothing was cached. Try again later, raise SITING_OSM_RETRIES, or plan offline with "
                    "`siting plan --osm-file PATH`."
                )
            time.sleep(_retry_after_s(response, attempt))
            request = response.request.copy()
            request.hooks = {"response": []}  # this loop does the retrying
            with requests.Session() as session:
                response = session.send(request, timeout=timeout_s)
            attempt += 1
        return response

    return hook


def _download_error(url: str, err: Exception) -> OsmDownloadError:
    if isinstance(err, requests.Timeout):
        return OsmDownloadError(
            f"The OpenStreetMap server {url} did not answer within SITING_OSM_TIMEOUT_S = "
            f"{settings.osm_timeout_s()} s ({type(err).__name__}). Raise SITING_OSM_TIMEOUT_S (seconds) or "
            "try again later; to plan offline, run `siting plan --osm-file PATH` with an extract from "
            "https://download.geofabrik.de/."
        )
    return OsmDownloadError(
        f"The OpenStreetMap server {url} could not be reached or gave no usable answer ({err}). "
        "To plan offline, download an OpenStreetMap extract of the region (a .osm.pbf, e.g. from "
        "https://download.geofabrik.de/asia/china.html) and run `siting plan --osm-file PATH`, or "
        "run `siting demo` for the synthetic example."
    )


_NETWORK_ERRORS = (OSError, InsufficientResponseError, ResponseStatusCodeError)


def _cache_key(region: Polygon | MultiPolygon, kind: str) -> str:
    text = f"{region.wkt}\n{kind}"
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def graph_cache_path(polygon: Boundary) -> Path:
    """Return where :func:`graph_from_polygon` caches the graph of ``polygon``.

    ``settings.cache_dir()/"graphs"/<sha1>.graphml``, the SHA-1 of the polygon's WKT (EPSG:4326)
    and the network type (name and Overpass filter, so a changed filter never reuses old files).

    Parameters
    ----------
    polygon
        The study area, as for :func:`graph_from_polygon`.

    Returns
    -------
    pathlib.Path
        The GraphML path (it may not exist yet).
    """
    region = boundary_polygon(polygon, what="polygon")
    key = _cache_key(region, f"{NETWORK_TYPE}\n{DRIVE_OVERPASS_FILTER}")
    return settings.cache_dir() / "graphs" / f"{key}.graphml"


def features_cache_path(polygon: Boundary) -> Path:
    """Return where :func:`features_from_polygon` caches the features of ``polygon``.

    ``settings.cache_dir()/"features"/<sha1>.gpkg``, the SHA-1 of the polygon's WKT and of
    :data:`FEATURE_TAGS`.

    Parameters
    ----------
    polygon
        The study area, as for :func:`features_from_polygon`.

    Returns
    -------
    pathlib.Path
        The GeoPackage path (it may not exist yet).
    """
    region = boundary_polygon(polygon, what="polygon")
    key = _cache_key(region, f"features\n{sorted(FEATURE_TAGS.items())}")
    return settings.cache_dir() / "features" / f"{key}.gpkg"


def _save_cache(target: Path, write: Callable[[Path], None]) -> None:
    """Write a cache file: ``write`` fills a scratch file, :func:`siting._io.write_file_atomic` moves it in.

    Nothing is left at ``target`` when ``write`` fails, and a reader never sees a half-written file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.stem}.") as scratch:
        tmp = Path(scratch) / target.name
        write(tmp)
        write_file_atomic(target, tmp.read_bytes())


def _download_labels() -> dict[str, Any]:
    today = dt.datetime.now(dt.UTC).date().isoformat()
    return {
        "source_label": f"OpenStreetMap via Overpass API (downloaded {today})",
        "source_label_zh": f"OpenStreetMap 数据（Overpass API，下载于 {today}）",
        "data_date": today,
    }


def boundary_from_place(place: str) -> gpd.GeoDataFrame:
    """Geocode a place name to its boundary polygon with Nominatim (osmnx ``geocode_to_gdf``).

    Responses are kept in osmnx's HTTP cache (``settings.cache_dir()/"http"``), so a repeated query
    works offline.

    Parameters
    ----------
    place
        A place name, e.g. ``"Guang'an, Sichuan, China"`` or ``"广安市"``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row, columns ``name`` (Nominatim's display name) and ``geometry``; EPSG:4326.

    Raises
    ------
    OsmDownloadError
        Nominatim could not be reached, or found no place of that name.
    InputDataError
        The place was found but is not an area (e.g. a point).
    """
    url = ox.settings.nominatim_url
    try:
        with _live_osmnx(url):
            gdf = ox.geocoder.geocode_to_gdf(place)
    except TypeError as err:
        raise InputDataError(
            f"Nominatim found {place!r} but not as an area (polygon): use a more specific name "
            "(e.g. add the province and country) or give a boundary file."
        ) from err
    except InsufficientResponseError as err:
        if "0 results" in str(err):
            raise OsmDownloadError(
                f"Nominatim found no place called {place!r}: check the spelling, add the province "
                "and country, or give a boundary file instead."
            ) from err
        raise _download_error(url, err) from err
    except _NETWORK_ERRORS as err:
        raise _download_error(url, err) from err
    name = str(gdf["display_name"].iloc[0]) if "display_name" in gdf else place
    geom = boundary_polygon(gdf.to_crs("EPSG:4326"), what=f"place {place!r}")
    return gpd.GeoDataFrame({"name": [name]}, geometry=[geom], crs="EPSG:4326")


def graph_from_polygon(polygon: Boundary, *, cache: bool = True) -> nx.MultiDiGraph:
    """Download the drivable road graph inside a polygon from Overpass (osmnx), with a cache.

    The graph uses the same road filter as :func:`graph_from_file`
    (:data:`DRIVE_OVERPASS_FILTER`) and is saved as GraphML in
    ``settings.cache_dir()/"graphs"/<sha1>.graphml`` (the key hashes the polygon's WKT and the
    network type), written to a temporary file first and then moved into place.  When that file
    exists it is loaded without any network access.

    Parameters
    ----------
    polygon
        The study area: shapely (Multi)Polygon in EPSG:4326, or a GeoDataFrame in any CRS.
    cache
        Use (read and write) the GraphML cache and osmnx's HTTP cache.

    Returns
    -------
    networkx.MultiDiGraph
        The osmnx graph with ``source_label``, ``source_label_zh`` and ``data_date`` (the
        download date).

    Raises
    ------
    OsmDownloadError
        Overpass could not be reached or returned an error; nothing is written to the cache.
    NetworkError
        No drivable road inside the polygon.
    """
    region = boundary_polygon(polygon, what="polygon")
    target = graph_cache_path(region)
    if cache and target.is_file():
        try:
            G: nx.MultiDiGraph = ox.io.load_graphml(target)
        except Exception as err:  # unreadable cache entry: download again
            warn(f"ignoring unreadable cached graph {target} ({err}); downloading it again")
        else:
            if G.graph.get("data_date") in ("None", ""):
                G.graph["data_date"] = None
            return G
    url = ox.settings.overpass_url
    try:
        with _live_osmnx(url, use_cache=cache):
            G = ox.graph.graph_from_polygon(
                region,
                network_type="drive",
                custom_filter=DRIVE_OVERPASS_FILTER,
                simplify=True,
                retain_all=True,
            )
    except _NETWORK_ERRORS as err:  # before ValueError: osmnx's response errors subclass it
        raise _download_error(url, err) from err
    except ValueError as err:  # osmnx: no graph nodes inside the polygon
        raise NetworkError(
            f"There is no drivable road in OpenStreetMap inside the polygon "
            f"({fmt_bounds(region.bounds)}): check the study area."
        ) from err
    G.graph.update(_download_labels())
    if cache:
        _save_cache(target, lambda tmp: ox.io.save_graphml(G, filepath=tmp))
    return G


def graph_from_place(place: str, *, cache: bool = True) -> nx.MultiDiGraph:
    """Download the drivable road graph of a named place (:func:`boundary_from_place` then
    :func:`graph_from_polygon`), cached like :func:`graph_from_polygon`.

    Parameters
    ----------
    place
        A place name Nominatim knows, e.g. ``"Guang'an, Sichuan, China"``.
    cache
        Use the GraphML and HTTP caches.

    Returns
    -------
    networkx.MultiDiGraph
        The osmnx graph.
    """
    boundary = boundary_from_place(place)
    return graph_from_polygon(boundary, cache=cache)


def _features_from_osmnx(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Convert an osmnx features GeoDataFrame to our schema (:data:`FEATURE_COLUMNS`)."""
    if len(gdf) == 0:
        return empty_features()
    osm_ids = [f"{element}/{osmid}" for element, osmid in gdf.index]
    columns: list[list[str | None]] = []
    for key in FEATURE_KEYS.values():
        if key in gdf:
            columns.append([None if pd.isna(v) else str(v) for v in gdf[key].to_numpy()])
        else:
            columns.append([None] * len(gdf))
    rows = list(zip(*columns, strict=True))
    geoms = np.asarray(gdf.geometry.to_numpy(), dtype=object)
    return features_frame(osm_ids, rows, geoms, None)


def _read_cached_features(target: Path) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(target)
    if len(gdf) == 0:
        return empty_features()
    for col in FEATURE_COLUMNS[:-1]:
        values = gdf[col].to_numpy(dtype=object) if col in gdf else [None] * len(gdf)
        gdf[col] = pd.Series([None if pd.isna(v) else v for v in values], dtype=object)
    return gdf.set_crs("EPSG:4326", allow_override=True)[list(FEATURE_COLUMNS)]


def features_from_polygon(polygon: Boundary, *, cache: bool = True) -> gpd.GeoDataFrame:
    """Download the features with :data:`FEATURE_TAGS` inside a polygon (osmnx), with a cache.

    Same schema as :func:`features_from_file` (building-only polygons become centroid Points;
    unclosed ways are dropped).  The result is saved as a GeoPackage in
    ``settings.cache_dir()/"features"/<sha1>.gpkg`` (written atomically) and loaded from there on
    the next call without network access.  An empty result is not saved (osmnx's HTTP cache
    still holds the response).

    Parameters
    ----------
    polygon
        The study area: shapely (Multi)Polygon in EPSG:4326, or a GeoDataFrame in any CRS.
    cache
        Use (read and write) the GeoPackage cache and osmnx's HTTP cache.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`FEATURE_COLUMNS`, EPSG:4326; empty when nothing matches.

    Raises
    ------
    OsmDownloadError
        Overpass could not be reached or returned an error; nothing is written to the cache.
    """
    region = boundary_polygon(polygon, what="polygon")
    target = features_cache_path(region)
    if cache and target.is_file():
        try:
            return _read_cached_features(target)
        except Exception as err:  # unreadable cache entry: download again
            warn(f"ignoring unreadable cached features {target} ({err}); downloading them again")
    url = ox.settings.overpass_url
    tags: dict[str, bool | str | list[str]] = dict(FEATURE_TAGS)
    try:
        with _live_osmnx(url, use_cache=cache):
            raw = ox.features.features_from_polygon(region, tags=tags)
    except InsufficientResponseError as err:
        if "No matching features" not in str(err):
            raise _download_error(url, err) from err
        gdf = empty_features()
    except _NETWORK_ERRORS as err:
        raise _download_error(url, err) from err
    else:
        gdf = _features_from_osmnx(raw)
    if cache and len(gdf):
        _save_cache(target, lambda tmp: gdf.to_file(tmp, driver="GPKG", layer="features"))
    return gdf
