"""``geodata/sichuan/``: the 21 prefectures, census populations, the population rule and a batch of all 21.

The batch test plans every prefecture on a small synthetic city (scale 0.02, coarse 5 km demand zones, two
stations and ten piles, no terminal or county quota) so that the 21 tasks run in the suite; the full run is
``siting batch geodata/sichuan/batch.toml --out out/sichuan`` (docs/scale-out.md).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import geopandas as gpd
import networkx as nx
import pandas as pd
import pytest
import shapely

from siting import network
from siting.batch import batch_from_toml, run_batch
from siting.matrices import snap_points
from siting.synthetic import synthetic_city

REPO = Path(__file__).resolve().parents[1]
SICHUAN = REPO / "geodata" / "sichuan"
#: Sichuan's resident population in the 2020 census (bulletin no. 1 of the province).
SICHUAN_2020 = 83_674_866
GUANGAN = (3_254_883, 254, 4_869)  # population and targets of the Carbon Peak Implementation Plan


def _boundary(prefecture_id: str) -> gpd.GeoDataFrame:
    return gpd.read_file(SICHUAN / "boundaries" / f"{prefecture_id}.geojson")


def test_21_prefectures_with_census_populations() -> None:
    files = sorted((SICHUAN / "boundaries").glob("*.geojson"))
    assert len(files) == 21
    frames = [gpd.read_file(f) for f in files]
    assert all(len(f) == 1 and f.crs.to_epsg() == 4326 for f in frames)
    table = pd.concat(frames, ignore_index=True)
    assert [f.stem for f in files] == list(table["prefecture_id"])
    assert all(re.fullmatch(r"51\d\d00", i) for i in table["prefecture_id"])
    assert int(table["population"].sum()) == SICHUAN_2020
    assert table.geometry.is_valid.all()
    assert not table.geometry.is_empty.any()
    # Guang'an: the same population as its counties, the same boundary as geodata/guangan_boundary.geojson
    guangan = table.set_index("prefecture_id").loc["511600"]
    counties = gpd.read_file(REPO / "geodata" / "guangan_counties.geojson")
    assert guangan["population"] == counties["population"].sum() == GUANGAN[0]
    city = gpd.read_file(REPO / "geodata" / "guangan_boundary.geojson").union_all()
    overlap = shapely.intersection(city, guangan.geometry).area / shapely.union(city, guangan.geometry).area
    assert overlap > 0.99
    # prefectures do not overlap much (simplified polygons share borders)
    metric = table.to_crs(32648)
    assert metric.area.sum() == pytest.approx(metric.union_all().area, rel=0.01)


def test_batch_file_scales_targets_by_population() -> None:
    batch = batch_from_toml(SICHUAN / "batch.toml")
    assert len(batch.areas) == 21 and len(batch.tasks) == 21
    population, stations, piles = GUANGAN
    for area, task in zip(batch.areas, batch.tasks, strict=True):
        props = json.loads(_boundary(area.area_id).to_json())["features"][0]["properties"]
        assert area.synthetic and area.boundary == SICHUAN / "boundaries" / f"{area.area_id}.geojson"
        assert area.population == props["population"]
        expected = {
            "n_stations": max(2, round(stations * props["population"] / population)),
            "n_piles": max(10, round(piles * props["population"] / population)),
        }
        assert area.overrides == expected
        assert (task.scenario.n_stations, task.scenario.n_piles) == tuple(expected.values())
    guangan = next(t for t in batch.tasks if t.area.area_id == "511600")
    assert (guangan.scenario.n_stations, guangan.scenario.n_piles) == (stations, piles)


def test_population_needs_a_synthetic_area_with_a_boundary(tmp_path: Path) -> None:
    (tmp_path / "b.toml").write_text(
        f'[[area]]\nid = "x"\nscenario = "{SICHUAN / "scenario.toml"}"\nsynthetic = true\npopulation = 5\n',
        encoding="utf-8",
    )
    with pytest.raises(Exception, match="'population' generates a synthetic city"):
        batch_from_toml(tmp_path / "b.toml")


#: The whole province takes ~5 min at scale 0.02 on 2 cores: the suite plans 3 prefectures (the 3 smallest
#: by population, so the test is quick), the full 21 run when SITING_PROVINCE_TEST=1 (as before a release).
FULL_PROVINCE = os.environ.get("SITING_PROVINCE_TEST") == "1"
SMALLEST = ("513200", "513300", "510400")  # Aba, Garzê, Panzhihua


def _areas(text: str, keep: tuple[str, ...] | None) -> str:
    """The batch file with only the [[area]] entries whose id is in ``keep`` (all when None)."""
    head, *areas = text.split("[[area]]")
    kept = [a for a in areas if keep is None or any(f'id = "{k}"' in a for k in keep)]
    return head + "".join("[[area]]" + a for a in kept)


@pytest.mark.slow
@pytest.mark.parametrize(
    "keep",
    [
        SMALLEST,
        pytest.param(
            None,
            marks=pytest.mark.skipif(
                not FULL_PROVINCE, reason="all 21 prefectures take ~5 min: set SITING_PROVINCE_TEST=1"
            ),
        ),
    ],
    ids=["3-prefectures", "all-21"],
)
def test_sichuan_batch_plans_the_prefectures(tmp_path: Path, keep: tuple[str, ...] | None) -> None:
    text = _areas((SICHUAN / "batch.toml").read_text(encoding="utf-8"), keep)
    text = text.replace('scenario = "scenario.toml"', f'scenario = "{SICHUAN / "scenario.toml"}"')
    text = text.replace('boundary = "boundaries/', f'boundary = "{SICHUAN / "boundaries"}/')
    text = text.replace("scale = 1.0", "scale = 0.02")
    text += (
        '\n[[variant]]\nid = "small"\nn_stations = 2\nn_piles = 10\nterminal_share = 0.0\n'
        "county_min_share = 0.0\ngrid_cell_m = 5000\n"
    )
    (tmp_path / "batch.toml").write_text(text, encoding="utf-8")
    summary = run_batch(
        tmp_path / "batch.toml", tmp_path / "out", serial=True, bar=False, echo=lambda _: None
    )
    expected = 21 if keep is None else len(keep)
    assert list(summary["status"]) == ["ok"] * expected, summary[["task_id", "error"]]
    stations = gpd.read_file(tmp_path / "out" / "summary.gpkg", layer="stations")
    assert stations.groupby("area_id").size().to_dict() == dict.fromkeys(summary["area_id"], 2)
    for area_id in summary["area_id"]:  # every station inside its own prefecture
        inside = stations[stations["area_id"] == area_id].within(_boundary(area_id).union_all().buffer(0.02))
        assert inside.all(), area_id
    overview = (tmp_path / "out" / "overview.html").read_text(encoding="utf-8")
    for area_id in summary["area_id"]:
        assert f"{area_id} (1 plans)" in overview
    first = summary["task_id"].iloc[0]
    manifest = json.loads((tmp_path / "out" / "tasks" / first / "manifest.json").read_text("utf-8"))
    assert "synthetic" in json.dumps(manifest, ensure_ascii=False)


@pytest.mark.parametrize("prefecture_id", ["513200", "513300"])  # Aba and Garzê: vast, sparse, deep valleys
def test_a_vast_prefecture_gets_one_connected_road_network(prefecture_id: str) -> None:
    # settlements farther apart than the generator's 30 km road limit (or with the boundary between them)
    # once gave 25 road pieces: the plan kept 13 % of the network and no terminal had a candidate near it
    spec = batch_from_toml(SICHUAN / "batch.toml")
    area = next(a for a in spec.areas if a.area_id == prefecture_id)
    assert area.population is not None
    city = synthetic_city(_boundary(prefecture_id), area.population, area_id=prefecture_id, scale=0.02)
    G = network.add_travel_times(city.graph)
    assert nx.number_strongly_connected_components(G) == 1
    net = network.road_network_from_graph(G)
    assert (snap_points(net, city.terminals.geometry).snap_m < 100.0).all()
