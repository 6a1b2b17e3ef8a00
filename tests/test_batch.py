"""``siting batch`` on dask.distributed: outputs equal runs alone, failures kept, reruns skip, kills retried.

Every task plans the golden base scenario (tests/golden/base.toml) on the synthetic Guang'an (seed 0,
scale 0.3) clipped to one or two counties, as the golden tests do, so each task takes seconds.  One
LocalCluster with two single-threaded worker processes serves the module; one prepare cache too.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from _golden import regenerate_module
from _signals import terminal_sigint
from distributed import Client, LocalCluster
from geopandas.testing import assert_geodataframe_equal
from pypdf import PdfReader

from siting import export
from siting import pipeline as plan_mod
from siting._errors import ScenarioError
from siting.batch import SCHEDULER_ENV, batch_from_toml, inputs_from_area, run_batch
from siting.batch.cache import SOLVE_ONLY_KEYS, prepare_key
from siting.batch.tasks import task_folder
from siting.cli import main as cli_main

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
#: The study areas: Qianfeng + Huaying (the golden area) and Yuechi, each shrunk by ~200 m so that the
#: neighbouring counties do not touch it.
AREAS = {"qh": ("511603", "511681"), "yc": ("511621",)}
VARIANTS = """
[[variant]]
id = "base"

[[variant]]
id = "fewer"
n_stations = 8
n_piles = 100

[[variant]]
id = "slow"
slow_share = 0.7
"""


golden = regenerate_module()


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with one boundary file per study area and the module's prepare cache."""
    folder = tmp_path_factory.mktemp("batch")
    counties = gpd.read_file(REPO / "geodata" / "guangan_counties.geojson")
    for name, ids in AREAS.items():
        area = counties[counties["county_id"].astype(str).isin(ids)].to_crs(32648).dissolve()
        area["geometry"] = area.buffer(-200.0)
        area[["geometry"]].to_crs(4326).to_file(folder / f"{name}.geojson")
    return folder


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A LocalCluster of two single-threaded worker processes (no dashboard)."""
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50
    ) as cluster:
        yield cluster.scheduler_address


def _batch_file(
    work: Path, name: str, variants: str = VARIANTS, areas: tuple[str, ...] = ("qh", "yc")
) -> Path:
    text = "".join(
        f'[[area]]\nid = "{a}"\nscenario = "{GOLDEN / "base.toml"}"\nsynthetic = true\nseed = 0\n'
        f'scale = 0.3\nboundary = "{a}.geojson"\n\n'
        for a in areas
    )
    path = work / f"{name}.toml"
    path.write_text(text + variants, encoding="utf-8")
    return path


def _run(
    path: Path, out: Path, scheduler: str, lines: list[str] | None = None, **options: bool
) -> pd.DataFrame:
    echo = lines.append if lines is not None else (lambda _: None)
    return run_batch(path, out, cache=path.parent / "cache", scheduler=scheduler, echo=echo, **options)


def _pdf_text(path: Path) -> list[str]:
    """The text of every page of a PDF, volatile values masked as in the HTML outputs."""
    return [golden._mask_text(page.extract_text()) for page in PdfReader(path).pages]


def _differences(alone: Path, batch: Path) -> list[str]:
    """Files that differ between two plan folders, volatile values (times, versions) masked."""
    files = sorted(p.relative_to(alone) for p in alone.rglob("*") if p.is_file())
    if files != sorted(p.relative_to(batch) for p in batch.rglob("*") if p.is_file()):
        return ["the sets of files differ"]
    differ = []
    for rel in files:
        a, b = alone / rel, batch / rel
        if rel.name == "manifest.json":
            same = golden._mask_manifest(json.loads(a.read_text("utf-8"))) == golden._mask_manifest(
                json.loads(b.read_text("utf-8"))
            )
        elif rel.suffix == ".html":
            same = golden._mask_text(golden.html_text(a, payloads=True)) == golden._mask_text(
                golden.html_text(b, payloads=True)
            )
        elif rel.suffix == ".gpkg":  # the GeoPackage header holds the time of writing
            layers = [str(layer) for layer in pyogrio.list_layers(a)[:, 0]]
            same = layers == [str(layer) for layer in pyogrio.list_layers(b)[:, 0]]
            for layer in layers if same else []:
                left, right = gpd.read_file(a, layer=layer), gpd.read_file(b, layer=layer)
                if isinstance(left, gpd.GeoDataFrame):
                    assert_geodataframe_equal(left, right)
                else:
                    pd.testing.assert_frame_equal(left, right)
        elif rel.suffix == ".pdf":  # the summary page shows times (solve seconds, creation time): its text
            same = _pdf_text(a) == _pdf_text(b)
        elif rel.suffix == ".dbf":  # bytes 1-3: the date of writing
            x, y = a.read_bytes(), b.read_bytes()
            same = x[:1] + x[4:] == y[:1] + y[4:]
        else:
            same = a.read_bytes() == b.read_bytes()
        if not same:
            differ.append(str(rel))
    return differ


def test_batch_outputs_equal_each_task_run_alone(work: Path, scheduler: str, tmp_path: Path) -> None:
    path = _batch_file(work, "six")
    lines: list[str] = []
    summary = _run(path, tmp_path / "out", scheduler, lines)
    assert any(line.startswith("Dask dashboard") for line in lines)
    assert sum(line.startswith("[") for line in lines) == 6  # one line per finished task
    batch = batch_from_toml(path)
    assert list(summary["task_id"]) == [t.task_id for t in batch.tasks] and len(summary) == 6
    assert (summary["status"] == "ok").all(), summary["error"].tolist()
    assert (summary["prepare_s"] > 0).all() and (summary["time_s"] > 0).all()
    assert {"stations_opened", "fast_covered_share", "mean_access_min", "gap", "error"} <= set(
        summary.columns
    )
    assert summary.loc[summary["variant_id"] == "fewer", "stations_opened"].eq(8).all()
    inputs = {}
    for task in batch.tasks:
        if task.area.area_id not in inputs:
            inputs[task.area.area_id] = inputs_from_area(task.area, task.scenario)
        result = plan_mod.plan(task.scenario, inputs[task.area.area_id])
        alone = tmp_path / "alone" / task.task_id
        export.write_outputs(result, alone)
        assert _differences(alone, task_folder(tmp_path / "out", task.task_id)) == [], task.task_id
    stations = gpd.read_file(tmp_path / "out" / "summary.gpkg", layer="stations")
    assert set(stations["task_id"]) == set(summary["task_id"])
    assert len(stations) == int(summary["stations_opened"].sum())
    overview = (tmp_path / "out" / "overview.html").read_text(encoding="utf-8")
    assert "qh (3 plans)" in overview and "yc (3 plans)" in overview
    # self-contained: Leaflet inlined, no script or style sheet from a CDN (a blank page offline)
    assert "L.map(" in overview or "L.map (" in overview
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', overview)


def test_rerun_skips_finished_tasks_and_force_redoes_them(
    work: Path, scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _batch_file(work, "rerun", variants="[grid]\nn_stations = [6, 9]\n", areas=("qh",))
    out = tmp_path / "out"
    first = _run(path, out, scheduler)
    assert list(first["task_id"]) == ["qh--n_stations-6", "qh--n_stations-9"]
    assert (first["status"] == "ok").all() and not first["reused"].any()
    stamp = {t: (task_folder(out, t) / "manifest.json").stat().st_mtime_ns for t in first["task_id"]}
    assert cli_main(["--quiet", "batch", str(path), "--out", str(out), "--cache", str(work / "cache")]) == 0
    again = pd.read_csv(out / "summary.csv")
    assert again["reused"].all() and (again["status"] == "ok").all()
    assert again["stations_opened"].tolist() == first["stations_opened"].tolist()
    assert all((task_folder(out, t) / "manifest.json").stat().st_mtime_ns == s for t, s in stamp.items())
    monkeypatch.setenv(SCHEDULER_ENV, scheduler)  # the environment names the cluster too
    lines: list[str] = []
    forced = run_batch(path, out, cache=work / "cache", force=True, echo=lines.append)
    assert (forced["status"] == "ok").all() and not forced["reused"].any()
    assert f"attaching to the Dask scheduler at {scheduler}" in lines


def test_an_infeasible_task_is_recorded_and_the_others_complete(
    work: Path, scheduler: str, tmp_path: Path
) -> None:
    variants = '[[variant]]\nid = "base"\n\n[[variant]]\nid = "all-terminals"\nterminal_share = 1.0\n'
    variants += "terminal_radius_m = 1.0\n"
    path = _batch_file(work, "infeasible", variants=variants, areas=("qh",))
    (work / "broken.osm").write_text("<osm><node id='1' lat='x'", encoding="utf-8")
    text = path.read_text(encoding="utf-8").replace(
        "[[variant]]",
        f'[[area]]\nid = "broken"\nscenario = "{GOLDEN / "base.toml"}"\nosm_file = "broken.osm"\n\n'
        "[[variant]]",
        1,
    )
    path.write_text(text, encoding="utf-8")
    summary = _run(path, tmp_path / "out", scheduler).set_index("task_id")
    assert len(summary) == 4
    for task_id in ("broken--base", "broken--all-terminals"):  # a bad input fails its own tasks only
        assert summary.loc[task_id, "status"] == "failed"
        assert summary.loc[task_id, "error"].startswith("preparing area 'broken' failed: ")
        assert "broken.osm" in summary.loc[task_id, "error"]
    assert summary.loc["qh--base", "status"] == "ok"
    assert summary.loc["qh--all-terminals", "status"] == "failed"
    assert "terminal quota" in summary.loc["qh--all-terminals", "error"]
    assert not task_folder(tmp_path / "out", "qh--all-terminals").exists()
    written = pd.read_csv(tmp_path / "out" / "summary.csv").set_index("task_id")
    assert "terminal quota" in written.loc["qh--all-terminals", "error"]


def test_a_killed_worker_is_retried_and_the_batch_completes(
    work: Path, scheduler: str, tmp_path: Path
) -> None:
    warm = _batch_file(work, "warm", variants='[[variant]]\nid = "base"\n')
    _run(warm, tmp_path / "warm", scheduler)  # fills the cache: the batch below only solves
    path = _batch_file(work, "kill", variants="[grid]\nn_stations = [5, 6, 7, 8, 9, 10]\n")
    killed: list[int] = []

    def kill_a_busy_worker(line: str) -> None:
        if killed or not line.startswith("["):
            return
        with Client(scheduler) as client:
            busy = [w for w, keys in client.processing().items() if any("solve-" in str(k) for k in keys)]
            if busy:
                pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

    summary = run_batch(
        path, tmp_path / "out", cache=work / "cache", scheduler=scheduler, echo=kill_a_busy_worker
    )
    assert killed, "no worker was busy when the first task finished"
    assert len(summary) == 12 and (summary["status"] == "ok").all(), summary["error"].tolist()
    # the killed worker may have written its task's folder (atomically) before it died: the retry then
    # finds it complete and reuses it, so at most that one task is "reused"
    assert summary["reused"].sum() <= 1
    assert all((task_folder(tmp_path / "out", t) / "manifest.json").is_file() for t in summary["task_id"])
    with Client(scheduler) as client:
        client.wait_for_workers(2, timeout=120)


def test_a_bad_batch_file_names_every_problem(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = work / "bad.toml"
    path.write_text(
        f'[[area]]\nid = "a"\nscenario = "{GOLDEN / "base.toml"}"\nsynthetic = true\nosm_file = "x.osm"\n\n'
        f'[[area]]\nid = "a"\nscenario = "missing.toml"\nsynthetic = true\nscael = 2\n\n'
        '[[variant]]\nid = "v"\nn_stations = 0\n',
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        batch_from_toml(path)
    text = str(info.value)
    assert "give exactly one road source" in text and "[[area]] 1 ('a')" in text
    assert "'osm_file'" in text and "file not found" in text
    assert "id 'a' is used twice" in text
    assert "unknown key 'scael'. Did you mean 'scale'?" in text
    assert "missing.toml" in text
    assert cli_main(["batch", str(path), "--out", str(work / "never")]) == 2
    assert "error:" in capsys.readouterr().err and not (work / "never").exists()
    path.write_text(
        f'[[area]]\nid = "a"\nscenario = "{GOLDEN / "base.toml"}"\nsynthetic = true\n\n'
        '[[variant]]\nid = "v"\nn_stations = 0\n\n[[variant]]\nid = "w"\nn_stoations = 3\n',
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        batch_from_toml(path)
    text = str(info.value)
    assert "area 'a' × variant 'v'" in text and "'n_stations' must lie in 1..1000000" in text
    assert "area 'a' × variant 'w'" in text and "Did you mean 'n_stations'?" in text


def test_ctrl_c_stops_the_batch_and_keeps_finished_tasks(work: Path, tmp_path: Path) -> None:
    path = _batch_file(work, "interrupt", variants="[grid]\nn_stations = [5, 6, 7, 8, 9, 10]\n")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "siting.cli", "batch", str(path), "--out", str(out), "--workers", "2"]
    command += ["--cache", str(work / "cache")]
    proc = subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, cwd=tmp_path, preexec_fn=terminal_sigint
    )
    assert proc.stderr is not None
    for line in proc.stderr:  # the first finished task, however long it takes
        if line.startswith("[1/"):
            proc.send_signal(signal.SIGINT)
            break
    rest = proc.communicate()[1]
    assert proc.returncode == 130, rest
    assert "interrupted: finished tasks are kept" in rest
    summary = pd.read_csv(out / "summary.csv")
    finished = summary[summary["status"] == "ok"]
    assert 1 <= len(finished) < len(summary) == 12
    assert set(summary["status"]) <= {"ok", "not_run"}
    assert all((task_folder(out, t) / "manifest.json").is_file() for t in finished["task_id"])
    again = run_batch(path, out, cache=work / "cache", serial=True, echo=lambda _: None)
    assert (again["status"] == "ok").all()
    assert set(again.loc[again["reused"], "task_id"]) >= set(finished["task_id"])


def test_variants_share_a_prepare_only_when_prepare_reads_none_of_their_keys(work: Path) -> None:
    batch = batch_from_toml(_batch_file(work, "keys", areas=("qh",)))
    keys = {t.variant.variant_id: prepare_key(t.area, t.scenario) for t in batch.tasks}
    assert keys["base"] == keys["fewer"]  # n_stations, n_piles: the model only
    assert keys["base"] != keys["slow"]  # slow_share: the demand zones
    assert {"n_stations", "time_limit_s", "seed"} <= SOLVE_ONLY_KEYS
    assert not {"ev_per_1000_people", "grid_cell_m", "fast_minutes", "walk_m", "grid_mode"} & SOLVE_ONLY_KEYS


def test_repeated_grid_values_are_reported(work: Path) -> None:
    path = _batch_file(work, "repeated", variants="[grid]\nn_stations = [6, 6]\n", areas=("qh",))
    with pytest.raises(ScenarioError, match="task id 'qh--n_stations-6' occurs more than once"):
        batch_from_toml(path)
