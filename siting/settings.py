"""Environment settings: where downloads are cached and how long live requests may take.

These are read from environment variables when a function needs them, never changed at import time:

``SITING_CACHE_DIR``
    Folder for the osmnx HTTP cache and the saved GraphML road networks
    (default: ``~/.cache/guangan-ev-siting``).
``SITING_OSM_TIMEOUT_S``
    Timeout of one Overpass/Nominatim request in seconds (default 180).
``SITING_THREADS``
    Threads for shortest-path searches (default: the number of CPU cores, at most 8).  Results do
    not depend on it.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_dir", "osm_timeout_s", "threads"]


def cache_dir() -> Path:
    """Return the cache folder (created if missing)."""
    raw = os.environ.get("SITING_CACHE_DIR")
    path = Path(raw).expanduser() if raw else Path.home() / ".cache" / "guangan-ev-siting"
    path.mkdir(parents=True, exist_ok=True)
    return path


def osm_timeout_s() -> int:
    """Return the timeout of one live OpenStreetMap request, in seconds."""
    raw = os.environ.get("SITING_OSM_TIMEOUT_S", "180")
    try:
        return max(1, int(raw))
    except ValueError:
        return 180


def threads() -> int:
    """Return the number of threads for shortest-path searches (``SITING_THREADS``, default CPU count)."""
    raw = os.environ.get("SITING_THREADS", "")
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return max(1, min(8, os.cpu_count() or 1))
