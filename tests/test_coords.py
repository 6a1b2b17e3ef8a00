"""Tests of siting.coords: GCJ-02 ⇄ WGS-84 against published reference points, inverse, grid."""

from __future__ import annotations

import numpy as np
import pytest

from siting import coords

# Published reference pairs (WGS-84 lon, lat → GCJ-02 lon, lat):
# googollee/eviltransform python/test.py (Shanghai, Shenzhen, Beijing) and wandergis/coordtransform
# README (Tiananmen, 116.404, 39.915).  Tolerance 1e-6° ≈ 0.1 m (implementations differ in the
# ellipsoid radius used, which moves results by about 1 cm).
REFERENCE = [
    ((121.5272106, 31.1774276), (121.531541859215, 31.17530398364597)),
    ((113.912316, 22.543847), (113.9171764808363, 22.540796131694766)),
    ((116.377817, 39.911954), (116.38404722455657, 39.91334545536069)),
    ((116.404, 39.915), (116.41024449916938, 39.91640428150164)),
]


@pytest.mark.parametrize(("wgs", "gcj"), REFERENCE)
def test_wgs84_to_gcj02_matches_published_points(wgs: tuple[float, float], gcj: tuple[float, float]) -> None:
    lon, lat = coords.wgs84_to_gcj02(*wgs)
    assert lon == pytest.approx(gcj[0], abs=1e-6)
    assert lat == pytest.approx(gcj[1], abs=1e-6)


@pytest.mark.parametrize(("wgs", "gcj"), REFERENCE)
def test_gcj02_to_wgs84_inverts_published_points(wgs: tuple[float, float], gcj: tuple[float, float]) -> None:
    lon, lat = coords.gcj02_to_wgs84(*gcj)
    assert lon == pytest.approx(wgs[0], abs=1e-6)
    assert lat == pytest.approx(wgs[1], abs=1e-6)


def test_round_trip_on_arrays_around_guangan() -> None:
    rng = np.random.default_rng(1)
    lon = rng.uniform(105.9, 107.4, 500)
    lat = rng.uniform(29.9, 31.0, 500)
    g_lon, g_lat = coords.wgs84_to_gcj02(lon, lat)
    shift_m = np.hypot((g_lon - lon) * 96_000, (g_lat - lat) * 111_000)
    assert shift_m.min() > 200 and shift_m.max() < 800  # a few hundred metres around Guang'an
    back_lon, back_lat = coords.gcj02_to_wgs84(g_lon, g_lat)
    assert np.abs(back_lon - lon).max() < 1e-9 and np.abs(back_lat - lat).max() < 1e-9


def test_no_shift_outside_china() -> None:
    assert coords.out_of_china(2.35, 48.85)
    assert coords.wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)
    assert coords.gcj02_to_wgs84(2.35, 48.85) == (2.35, 48.85)


def test_offset_grid_interpolation_is_within_half_a_metre() -> None:
    grid = coords.offset_grid(106.2, 30.1, 107.2, 30.9)
    rng = np.random.default_rng(2)
    for lon, lat in zip(rng.uniform(106.2, 107.2, 300), rng.uniform(30.1, 30.9, 300), strict=True):
        dlon, dlat = coords.interpolate_offset(grid, float(lon), float(lat))
        g_lon, g_lat = coords.wgs84_to_gcj02(float(lon), float(lat))
        err_m = np.hypot((lon + dlon - g_lon) * 96_000, (lat + dlat - g_lat) * 111_000)
        assert err_m < 0.5


def test_bd09_matches_published_pairs() -> None:
    # reference values from wandergis/coordtransform (the widely used implementation), Tiananmen area
    assert coords.gcj02_to_bd09(116.404, 39.915) == pytest.approx(
        (116.41036949371029, 39.92133699351021), abs=1e-12
    )
    assert coords.bd09_to_gcj02(116.404, 39.915) == pytest.approx(
        (116.39762729119315, 39.90865673957631), abs=1e-12
    )
    lon, lat = coords.bd09_to_wgs84(*coords.gcj02_to_bd09(*coords.wgs84_to_gcj02(106.63, 30.46)))
    assert (lon, lat) == pytest.approx((106.63, 30.46), abs=2e-6)  # BD-09's inverse is closed-form, ~0.2 m
