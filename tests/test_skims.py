"""siting.skims: transport-model skims (OpenMatrix and long CSV) as coverage times."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import openmatrix
import pytest
from shapely.geometry import Point, box

from siting._errors import InputDataError
from siting._sparse import MIN_ENTRY
from siting._warnings import SitingWarning
from siting.skims import coverage_from_skim, skim_from_csv, skim_from_file, skim_from_omx

TIMES = np.array(
    [
        [np.nan, 4.0, 12.0],
        [5.0, 2.0, np.nan],
        [11.0, 0.0, 3.0],
    ]
)
ZONES = ["101", "102", "205"]


def _omx(path: Path, times: np.ndarray = TIMES, zones: list[int] | None = None, name: str = "time") -> Path:
    with openmatrix.open_file(str(path), "w") as f:
        f[name] = times
        f.create_mapping("taz", zones if zones is not None else [int(z) for z in ZONES])
    return path


def _csv(path: Path) -> Path:
    rows = [
        f"{ZONES[i]},{ZONES[j]},{TIMES[i, j]:g}"
        for i in range(3)
        for j in range(3)
        if np.isfinite(TIMES[i, j])
    ]
    path.write_text("origin,destination,minutes\n" + "\n".join(rows) + "\n")
    return path


@pytest.mark.parametrize("fmt", ["omx", "csv"])
def test_both_formats_give_the_same_skim(tmp_path: Path, fmt: str) -> None:
    path = _omx(tmp_path / "s.omx") if fmt == "omx" else _csv(tmp_path / "s.csv")
    skim = skim_from_file(path)
    assert skim.zone_ids == ZONES
    dense = skim.minutes.toarray()
    assert dense[0, 0] == MIN_ENTRY  # missing intrazonal time counts as 0
    assert dense[2, 1] == MIN_ENTRY  # a stored 0 is kept as a reachable pair
    assert dense[1, 2] == 0.0 and skim.minutes[1, 2] == 0  # NaN / absent pair: unreachable
    assert dense[0, 2] == 12.0 and dense[1, 0] == 5.0


def test_units_and_names(tmp_path: Path) -> None:
    path = _omx(tmp_path / "s.omx", TIMES * 60.0, name="am_peak_s")
    skim = skim_from_omx(path, units="s")
    assert skim.minutes[0, 1] == pytest.approx(4.0)
    assert skim.source == "s.omx:am_peak_s"
    with pytest.raises(InputDataError, match="no matrix 'time'; it has am_peak_s"):
        skim_from_omx(path, matrix="time")


def test_coverage_from_skim(tmp_path: Path) -> None:
    skim = skim_from_omx(_omx(tmp_path / "s.omx"))
    zones = gpd.GeoDataFrame(
        {"zone_id": ["205", "101", "102"]},
        geometry=[box(2, 0, 3, 1), box(0, 0, 1, 1), box(1, 0, 2, 1)],
        crs="EPSG:32648",
    )
    sites = gpd.GeoDataFrame(geometry=[Point(0.5, 0.5), Point(2.5, 0.5), Point(9, 9)], crs="EPSG:32648")
    with pytest.warns(SitingWarning, match="1 candidate site"):
        times, where = coverage_from_skim(skim, zones, sites, 10.0)
    assert where.tolist() == [1, 0, -1]
    # rows follow the zone layer (205, 101, 102); site 0 is in zone 101, site 1 in zone 205
    expected = np.array([[0.0, 3.0, 0.0], [MIN_ENTRY, 0.0, 0.0], [5.0, 0.0, 0.0]])
    np.testing.assert_allclose(times.toarray(), expected)


def test_errors_name_the_file_and_the_fix(tmp_path: Path) -> None:
    bad = TIMES.copy()
    bad[0, 1] = -1
    with pytest.raises(InputDataError, match="time -1 from zone 101 to 102: times must be >= 0"):
        skim_from_omx(_omx(tmp_path / "neg.omx", bad))
    with pytest.raises(InputDataError, match="not an OpenMatrix"):
        skim_from_omx(_csv(tmp_path / "x.omx"))
    with pytest.raises(InputDataError, match="square"):
        skim_from_omx(_omx(tmp_path / "rect.omx", np.ones((2, 3)), zones=[1, 2]))
    text = tmp_path / "s.csv"
    text.write_text("from,to,min\n1,2,3\n")
    with pytest.raises(InputDataError, match="no column 'origin', 'destination', 'minutes'"):
        skim_from_csv(text)
    text.write_text("origin,destination,minutes\n1,2,3\n1,2,4\n")
    with pytest.raises(InputDataError, match=r"row 3: the pair \(1, 2\) appears twice"):
        skim_from_csv(text)
    text.write_text("origin,destination,minutes\n1,2,fast\n")
    with pytest.raises(InputDataError, match="row 2: minutes = 'fast' is not a number"):
        skim_from_csv(text)
    with pytest.raises(InputDataError, match="a skim must be an OpenMatrix"):
        skim_from_file(tmp_path / "s.xlsx")
    skim = skim_from_omx(_omx(tmp_path / "ok.omx"))
    zones = gpd.GeoDataFrame(
        {"zone_id": ["101", "999"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs=3857
    )
    with pytest.raises(
        InputDataError, match=r"1 zone\(s\) of the zone layer are not in the skim ok\.omx:time: 999"
    ):
        coverage_from_skim(skim, zones, zones.set_geometry(zones.centroid), 10.0)
