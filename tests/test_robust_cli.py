"""``siting robust``: the [uncertainty] table, the futures and the robust plan on a LocalCluster of 2 workers.

The end-to-end test plans the golden base scenario (tests/golden/base.toml, 4 stations instead of 12, so
that the futures disagree) on the synthetic Guang'an (seed 0, scale 0.3) clipped to Qianfeng + Huaying, as
tests/test_batch.py does, with K = 8 futures of the two counties' EV factors and the slow-charging weight (no
prepare key: the area is prepared once).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from distributed import LocalCluster

import siting
from siting._errors import ScenarioError
from siting.batch.robust import future_prepared
from siting.cli import main as cli_main
from siting.scenario import scenario_from_toml
from siting.study import Prepared
from siting.uncertainty import draw_futures, uncertainty_from_dict

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "tests" / "golden" / "base.toml"
UNCERTAINTY = """
[uncertainty]
county_ev_factor = [0.4, 2.5]
weight_slow = [0.5, 2.0]
"""


def _scenario_file(folder: Path, table: str, n_stations: int = 4) -> Path:
    """The golden base scenario with absolute paths, ``n_stations`` and ``table`` appended."""
    text = BASE.read_text(encoding="utf-8").replace('"../../geodata/', f'"{REPO / "geodata"}/')
    text = re.sub(r"(?m)^n_stations = \d+", f"n_stations = {n_stations}", text)
    path = folder / "robust.toml"
    path.write_text(text + table, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def boundary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Qianfeng + Huaying shrunk by 200 m (the golden study area, as in tests/test_batch.py)."""
    counties = gpd.read_file(REPO / "geodata" / "guangan_counties.geojson")
    area = counties[counties["county_id"].astype(str).isin(("511603", "511681"))].to_crs(32648).dissolve()
    area["geometry"] = area.buffer(-200.0)
    path = tmp_path_factory.mktemp("robust") / "qh.geojson"
    area[["geometry"]].to_crs(4326).to_file(path)
    return path


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A LocalCluster of two single-threaded worker processes (dashboard on a free port)."""
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50
    ) as cluster:
        yield cluster.scheduler_address


def test_robust_cli_writes_futures_regret_and_a_robust_plan_no_worse_than_any_single_future(
    tmp_path: Path, boundary: Path, scheduler: str, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = _scenario_file(tmp_path, UNCERTAINTY)
    out = tmp_path / "out"
    argv = ["robust", str(scenario), "--samples", "8", "--out", str(out), "--seed", "3", "--synthetic"]
    argv += ["--synthetic-scale", "0.3", "--boundary", str(boundary), "--scheduler", scheduler]
    assert cli_main([*argv, "--time-limit", "30"]) == 0
    assert "worst-future ratio" in capsys.readouterr().out
    for name in ("futures.csv", "regret.csv", "robust.csv", "regret.svg", "robust/manifest.json"):
        assert (out / name).is_file(), name
    futures = pd.read_csv(out / "futures.csv")
    assert list(futures.columns) == [
        "future", "weight_slow", "county_ev_factor_511603", "county_ev_factor_511681"
    ]  # fmt: skip
    assert futures["future"].tolist() == list(range(1, 9))
    assert futures["county_ev_factor_511603"].between(0.4, 2.5).all()
    # Latin hypercube: each input has one draw in each of the 8 equal bins of its range
    bins = np.floor((futures["weight_slow"] - 0.5) / (1.5 / 8)).astype(int)
    assert sorted(bins.clip(0, 7)) == list(range(8))
    regret = pd.read_csv(out / "regret.csv")
    assert list(regret.columns) == [
        "plan", "future", "coverage_ev", "optimum_best_known_ev", "ratio", "regret_ev"
    ]  # fmt: skip
    assert len(regret) == 64 and (regret["ratio"] <= 1.0 + 1e-9).all()
    robust = pd.read_csv(out / "robust.csv")
    assert list(robust.columns) == ["future", "coverage_ev", "optimum_best_known_ev", "ratio", "regret_ev"]
    single_worst = regret.groupby("plan")["ratio"].min()
    assert robust["ratio"].min() >= single_worst.max() - 1e-9
    # each future's own plan folder reports the coverage regret.csv gives it in its own future
    own = regret[regret["plan"] == regret["future"]].set_index("future")["coverage_ev"]
    for k in range(1, 9):
        kpis = pd.read_csv(out / "futures" / str(k) / "kpis.csv", encoding="utf-8-sig")
        reported = float(kpis.loc[kpis["kpi"] == "fast_ev_covered", "value"].item())
        assert reported == pytest.approx(own[k], rel=1e-5)  # the KPI is rounded to 0.1 EV
    stations = pd.read_csv(out / "robust" / "stations.csv", encoding="utf-8-sig")
    assert len(stations) == 4 and stations["locked"].all()
    assert "<svg" in (out / "regret.svg").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("table", "named"),
    [
        ("[uncertainty]\nslow_shar = [0.3, 0.6]\n", "did you mean 'slow_share'"),
        ("[uncertainty]\nslow_share = [0.7, 0.3]\n", "'slow_share' has lo = 0.7 above hi = 0.3"),
        ("[uncertainty]\nslow_share = [0.2, 1.5]\n", "'slow_share' = [0.2, 1.5] leaves the valid range"),
        ("[uncertainty]\ncounty_ev_factor = 1.2\n", "'county_ev_factor' must be a range [lo, hi]"),
        ("[uncertainty]\nn_stations = [4, 8]\n", "'n_stations': it is a scenario setting"),
        (
            "[uncertainty]\nfast_sessions_per_ev_day = [0.2, 0.4]\n",
            "'fast_sessions_per_ev_day' changes nothing",
        ),
        ("", "no [uncertainty] table"),
    ],
)
def test_bad_uncertainty_table_exits_2_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str, named: str
) -> None:
    scenario = _scenario_file(tmp_path, "\n" + table)
    argv = ["robust", str(scenario), "--samples", "8", "--out", str(tmp_path / "out"), "--synthetic"]
    assert cli_main(argv) == 2
    assert named in capsys.readouterr().err
    assert not (tmp_path / "out").exists()  # nothing was run


def test_scenario_with_an_uncertainty_table_still_plans() -> None:
    # siting plan reads the same file: the table is skipped by the scenario reader, not an unknown key
    assert scenario_from_toml(BASE).n_stations == 12


def test_futures_are_seeded_and_need_counties_for_county_factors() -> None:
    scenario = scenario_from_toml(BASE)
    unc = uncertainty_from_dict({"county_ev_factor": [0.5, 1.5], "ev_per_1000_people": [30, 60]}, scenario)
    a = draw_futures(unc, 5, seed=1, county_ids=["A", "B"])
    assert a.equals(draw_futures(unc, 5, seed=1, county_ids=["A", "B"]))
    assert not a.equals(draw_futures(unc, 5, seed=2, county_ids=["A", "B"]))
    assert list(a.columns) == ["future", "ev_per_1000_people", "county_ev_factor_A", "county_ev_factor_B"]
    with pytest.raises(ScenarioError, match="has no counties"):
        draw_futures(unc, 5, seed=1, county_ids=[])
    with pytest.raises(ScenarioError, match="--samples 1"):
        draw_futures(unc, 1, seed=1, county_ids=["A"])


def test_api_robust_is_the_command_and_needs_one_road_source(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="osm_file or synthetic"):
        siting.robust(_scenario_file(tmp_path, UNCERTAINTY), samples=8, out=tmp_path / "out")
    with pytest.raises(ScenarioError, match="did you mean 'slow_share'"):
        siting.robust(_scenario_file(tmp_path, "\n[uncertainty]\nslow_shar = [0.3, 0.6]\n"), samples=8,
                      out=tmp_path / "out", synthetic=True)  # fmt: skip


def test_a_prepare_key_among_the_uncertain_inputs_is_prepared_once_per_future(
    tmp_path: Path, boundary: Path, scheduler: str
) -> None:
    # ev_per_1000_people changes the prepared demand: the nominal scenario and each of the 3 futures get their
    # own cache folder, and each future's plan reports its own EVs
    scenario = _scenario_file(tmp_path, "\n[uncertainty]\nev_per_1000_people = [20, 80]\n")
    out = tmp_path / "out"
    run = siting.robust(
        scenario, samples=3, out=out, synthetic=True, synthetic_scale=0.3, boundary=boundary,
        scheduler=scheduler, time_limit_s=30,
    )  # fmt: skip
    assert len([p for p in (out / "cache").iterdir() if (p / "meta.json").is_file()]) == 4
    ev = run.futures.set_index("future")["ev_per_1000_people"]
    for k in (1, 2, 3):
        kpis = pd.read_csv(out / "futures" / str(k) / "kpis.csv", encoding="utf-8-sig").set_index("kpi")
        per_person = float(kpis.loc["fast_demand_ev", "value"]) / float(kpis.loc["population", "value"])
        assert per_person * 1000 == pytest.approx(ev[k], rel=1e-3)
    assert run.worst_ratio >= run.regret.groupby("plan")["ratio"].min().max() - 1e-9


def test_county_factors_scale_each_countys_ev_demand_and_lock_sites() -> None:
    # a county column with a gap is read as floats: 511603.0 must still match county "511603"
    demand = gpd.GeoDataFrame(
        {
            "county_id": [511603.0, 511681.0, np.nan],
            "fast_demand_ev": [10.0, 20.0, 30.0],
            "slow_demand_ev": [5.0, 10.0, 15.0],
        }
    )
    candidates = gpd.GeoDataFrame({"site_id": ["a", "b"], "locked": [False, False]})
    none = sp.csr_matrix((0, 0))
    prepared = Prepared(candidates, candidates, candidates, demand, None, none, none, none, "test")
    out = future_prepared(prepared, {"511603": 2.0, "511681": 0.5}, ["b"])
    assert out.demand["fast_demand_ev"].tolist() == [20.0, 10.0, 30.0]
    assert out.demand["slow_demand_ev"].tolist() == [10.0, 5.0, 15.0]
    assert out.candidates["locked"].tolist() == [False, True]
    assert prepared.demand["fast_demand_ev"].tolist() == [10.0, 20.0, 30.0]  # the input is not changed
