"""Shared test fixtures: paths to the optional real OSM extracts beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SITING_SHARED_DIR", REPO.parent / "shared"))


def shared_osm(name: str) -> Path:
    """Return ``../shared/osm/<name>``, skipping the test when it is absent."""
    path = SHARED / "osm" / name
    if not path.is_file():
        pytest.skip(f"real OSM extract {path} not present (it lives in ../shared/osm beside the repo)")
    return path


@pytest.fixture
def malta_pbf() -> Path:
    """The Malta extract (full tags, POIs), or skip."""
    return shared_osm("malta-latest.osm.pbf")


@pytest.fixture
def rnv_pbf() -> Path:
    """The Rhein-Neckar extract (car roads only), or skip."""
    return shared_osm("rnv.osm.pbf")
