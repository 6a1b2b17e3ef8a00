"""Environment settings: where downloads are cached and how long live requests may take.

These are read from environment variables when a function needs them, never changed at import time:

``SITING_CACHE_DIR``
    Folder for the osmnx HTTP cache and the saved GraphML road networks
    (default: ``~/.cache/guangan-ev-siting``).
``SITING_OSM_TIMEOUT_S``
    Timeout of one Overpass/Nominatim request in seconds (default 180).
``SITING_OSM_RETRIES``
    How often a live request answered 429 (rate limit), 503 or 504 (overload) is sent in all (default 3);
    each retry waits as long as the server's ``Retry-After`` says (at most 300 s), else 5, 10, 20 … s.
``SITING_THREADS``
    Threads for shortest-path searches (default: the number of CPU cores, at most 8).  Results do
    not depend on it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from siting._errors import InputDataError

__all__ = ["cache_dir", "osm_retries", "osm_timeout_s", "threads"]


def cache_dir() -> Path:
    """Return the cache folder (created if missing).

    Raises
    ------
    InputDataError
        The folder cannot be created or written (e.g. ``SITING_CACHE_DIR`` names a file).
    """
    raw = os.environ.get("SITING_CACHE_DIR")
    path = Path(raw).expanduser() if raw else Path.home() / ".cache" / "guangan-ev-siting"
    where = f"SITING_CACHE_DIR={raw}" if raw else f"the cache folder {path} (set SITING_CACHE_DIR to move it)"
    if path.exists() and not path.is_dir():
        raise InputDataError(f"{where} is a file, not a folder; point SITING_CACHE_DIR at a folder.")
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".siting-probe-", dir=path)
        os.close(fd)
        Path(probe).unlink()
    except OSError as exc:
        raise InputDataError(
            f"{where} cannot be used as the download cache ({exc.strerror or exc}); point "
            "SITING_CACHE_DIR at a folder you can write to."
        ) from exc
    return path


def osm_timeout_s() -> int:
    """Return the timeout of one live OpenStreetMap request, in seconds."""
    raw = os.environ.get("SITING_OSM_TIMEOUT_S", "180")
    try:
        return max(1, int(raw))
    except ValueError:
        return 180


def osm_retries() -> int:
    """Return how often a live request answered 429/503/504 is sent in all (``SITING_OSM_RETRIES``)."""
    raw = os.environ.get("SITING_OSM_RETRIES", "3")
    return max(1, int(raw)) if raw.isdigit() else 3


def threads() -> int:
    """Return the number of threads for shortest-path searches (``SITING_OSM_RETRIES``
        How often a live request answered 429 (rate limit), 503 or 504 (overload) is sent in all (default 3);
        each retry waits as long as the server's ``Retry-After`` says (at most 300 s), else 5, 10, 20 … s.
    ``SITING_THREADS``, default CPU count)."""
    raw = os.environ.get("SITING_THREADS", "")
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return max(1, min(8, os.cpu_count() or 1))
