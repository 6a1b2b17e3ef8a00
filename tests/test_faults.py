"""Fault injection: bad output locations, full and read-only file systems, signals, two runs on one --out.

Every case checks the promise of the command line: one clear error and its exit code, found before the
long run where it can be, and nothing left behind (no output folder, no hidden temporary folder, no
``$TMPDIR/siting-osm-*`` scratch files).  Signals are sent when the run prints a given step, never after a
fixed sleep, so that the tests do not depend on the speed of the machine.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from _signals import terminal_sigint

from siting._io import output_lock
from siting.cli import main

TINY = Path(__file__).parent / "input_data" / "tiny_guangan.osm"
#: A plan of the tiny extract that succeeds: 1 station (2 in the 2030 stage) and 10 piles.
TINY_ARGS = ["plan", "--osm-file", str(TINY), "--stations", "1", "--piles", "10"]


def _plan(out: Path, *extra: str, quiet: bool = True) -> int:
    return main([*(["--quiet"] if quiet else []), *TINY_ARGS, "--out", str(out), *extra])


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# ----------------------------------------------------------------------------------------------
# output locations, checked before any work
# ----------------------------------------------------------------------------------------------
def test_out_whose_parent_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    assert _plan(tmp_path / "f" / "out", "--map-dir", "", quiet=False) == 2
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and "--out" in err
    assert "reading roads" not in err  # refused before the long run
    assert _left(tmp_path) == ["f"]


@pytest.mark.parametrize("name", ["x" * 300, "a" * 250, "con", "a:b"])
def test_out_name_invalid_on_windows_or_linux(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _plan(tmp_path / name, "--map-dir", "", quiet=False) == 2
    err = capsys.readouterr().err
    assert "--out" in err and "reading roads" not in err
    assert _left(tmp_path) == []


@pytest.mark.parametrize("name", ["a/b", "", "n" * 300, ".hidden"])
def test_scenario_name_that_cannot_name_the_map_file(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'name = "{name}"\n', encoding="utf-8")
    maps_dir = tmp_path / "maps"
    code = main(
        ["plan", str(scenario), *TINY_ARGS[1:], "--out", str(tmp_path / "o"), "--map-dir", str(maps_dir)]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "scenario name" in err and "reading roads" not in err
    assert _left(tmp_path) == ["s.toml"]


@pytest.mark.parametrize("command", ["batch", "robust"])
def test_batch_and_robust_out_under_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    # the output checks of plan/demo hold for the commands that write many plans: exit 2 naming --out, no
    # traceback, nothing written, before any cluster starts
    (tmp_path / "file").write_text("x", encoding="utf-8")
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "r"\nn_stations = 2\nn_piles = 10\n[uncertainty]\nslow_share = [0.2, 0.7]\n')
    batch = tmp_path / "b.toml"
    batch.write_text(f'[[area]]\nid = "a"\nscenario = "{scenario}"\nsynthetic = true\nscale = 0.02\n')
    out = str(tmp_path / "file" / "out")
    args = (
        ["batch", str(batch), "--out", out]
        if command == "batch"
        else ["robust", str(scenario), "--samples", "2", "--synthetic", "--out", out]
    )
    assert main(["--quiet", *args]) == 2
    err = capsys.readouterr().err
    assert "--out" in err and "is a file, not a folder" in err and "Traceback" not in err
    assert _left(tmp_path) == ["b.toml", "file", "s.toml"]


def test_map_dir_naming_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "maps").write_text("x", encoding="utf-8")
    assert _plan(tmp_path / "o", "--map-dir", str(tmp_path / "maps")) == 2
    assert "--map-dir" in capsys.readouterr().err
    assert _left(tmp_path) == ["maps"]


def test_map_copy_is_part_of_the_output(tmp_path: Path) -> None:
    assert _plan(tmp_path / "o", "--map-dir", str(tmp_path / "maps")) == 0
    assert _left(tmp_path) == ["maps", "o"]
    assert _left(tmp_path / "maps") == ["tiny_guangan.html"]
    assert (tmp_path / "maps" / "tiny_guangan.html").read_bytes() == (
        tmp_path / "o" / "map.html"
    ).read_bytes()


@contextlib.contextmanager
def _tmpfs(where: Path, size: str, *, read_only: bool = False) -> Iterator[Path]:
    """A small tmpfs at ``where`` (root only), optionally remounted read-only; unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (read-only and full file systems)")
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=False)
    if done.returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        if read_only:
            subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


def test_full_file_system(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with _tmpfs(tmp_path / "small", "1m") as small:
        assert _plan(small / "o", "--map-dir", "", quiet=False) == 2
        err = capsys.readouterr().err
        assert "MB free" in err and "--out" in err and "reading roads" not in err
        assert _left(small) == []


def test_read_only_file_system(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with _tmpfs(tmp_path / "ro", "1m", read_only=True) as ro:
        assert _plan(ro / "o", "--map-dir", "") == 2
        assert "Read-only file system" in capsys.readouterr().err
        assert _plan(tmp_path / "o", "--map-dir", str(ro / "maps")) == 2
        assert "--map-dir" in capsys.readouterr().err
        assert _left(tmp_path) == ["ro"]


def test_write_failure_after_the_check_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a 2 MB file system passes no free-space check of the real estimate, so lower it: the write itself fails
    with _tmpfs(tmp_path / "small", "200k") as small, pytest.MonkeyPatch.context() as mp:
        mp.setattr("siting.cli.PLAN_SIZE_ESTIMATE", 0)
        assert _plan(small / "o", "--map-dir", str(small / "maps")) == 2
        err = capsys.readouterr().err
        assert "No space left on device" in err and "nothing was written" in err
        assert _left(small) == [] or (_left(small) == ["maps"] and _left(small / "maps") == [])


def test_cache_dir_that_is_a_file_or_unwritable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    boundary = tmp_path / "b.geojson"
    boundary.write_text(
        '{"type":"Polygon","coordinates":[[[106.62,30.46],[106.67,30.46],[106.67,30.48],[106.62,30.46]]]}',
        encoding="utf-8",
    )
    (tmp_path / "cache").write_text("x", encoding="utf-8")
    monkeypatch.setenv("SITING_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["--quiet", "plan", "--boundary", str(boundary), "--out", str(tmp_path / "o")]) == 2
    assert "SITING_CACHE_DIR" in capsys.readouterr().err
    with _tmpfs(tmp_path / "ro", "1m", read_only=True) as ro:
        monkeypatch.setenv("SITING_CACHE_DIR", str(ro / "cache"))
        assert main(["--quiet", "plan", "--boundary", str(boundary), "--out", str(tmp_path / "o")]) == 2
        assert "SITING_CACHE_DIR" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


# ----------------------------------------------------------------------------------------------
# concurrency
# ----------------------------------------------------------------------------------------------
def test_second_run_on_a_locked_out_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o"
    with output_lock(out):
        assert _plan(out, "--map-dir", "", "--overwrite") == 2
        assert "being written by another siting run" in capsys.readouterr().err
    assert _plan(out, "--map-dir", "") == 0  # the lock is gone with its holder
    assert _left(tmp_path) == ["o"]


def _child(out: Path, tmpdir: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    cmd = [sys.executable, "-m", "siting.cli", *TINY_ARGS, "--out", str(out), "--map-dir", "", *extra]
    return subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, preexec_fn=terminal_sigint
    )


def _wait_for(proc: subprocess.Popen[str], marker: str) -> list[str]:
    """Read the child's progress lines until one contains ``marker``; return them."""
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if marker in line:
            return seen
    pytest.fail(f"the run ended before {marker!r}: {''.join(seen)}")


def test_two_runs_on_one_out(tmp_path: Path) -> None:
    out, scratch = tmp_path / "o", tmp_path / "tmp"
    scratch.mkdir()
    first = _child(out, scratch)
    _wait_for(first, "reading roads")  # the first run holds the lock from here on
    first.send_signal(signal.SIGSTOP)  # and keeps it, however fast the machine
    try:
        second = subprocess.run(
            [
                sys.executable,
                "-m",
                "siting.cli",
                *TINY_ARGS,
                "--out",
                str(out),
                "--map-dir",
                "",
                "--overwrite",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        first.send_signal(signal.SIGCONT)
    assert second.returncode == 2, second.stderr
    assert "being written by another siting run" in second.stderr
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert (out / "manifest.json").is_file()
    assert _left(tmp_path) == ["o", "tmp"]


# ----------------------------------------------------------------------------------------------
# signals
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sig", "marker"),
    [
        ("SIGTERM", "reading roads"),
        ("SIGTERM", "model:"),
        ("SIGTERM", "writing"),
        ("SIGHUP", "reading places"),
        ("SIGINT", "writing"),
    ],
)
def test_signal_leaves_nothing(tmp_path: Path, sig: str, marker: str) -> None:
    out, scratch = tmp_path / "o", tmp_path / "tmp"
    scratch.mkdir()
    proc = _child(out, scratch)
    _wait_for(proc, marker)
    signum = getattr(signal, sig)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=300)
    if proc.returncode == 0:
        pytest.skip(f"the run finished between {marker!r} and the signal")
    assert proc.returncode == 128 + signum, err
    assert "Traceback" not in err and "no output was written" in err
    assert _left(tmp_path) == ["tmp"]
    assert _left(scratch) == []


def test_next_run_removes_stale_files_of_dead_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    pid = int(dead.stdout)
    scratch = tmp_path / "tmp"
    (scratch / f"siting-osm-{pid}-abc").mkdir(parents=True)
    (scratch / f"siting-osm-{pid}-abc" / "roads.osm").write_text("<osm/>", encoding="utf-8")
    (scratch / f"siting-highs-{pid}-def").mkdir()  # HiGHS's log folder of a killed run
    (scratch / f"siting-highs-{pid}-def" / "highs.log").write_text("Running HiGHS", encoding="utf-8")
    (scratch / f"siting-osm-{os.getpid()}-live").mkdir()  # a live process's: kept
    (tmp_path / f".o.tmp-{pid}-xyz").mkdir()
    (tmp_path / f".o.tmp-{pid}-xyz" / "plan.gpkg").write_bytes(b"half")
    (tmp_path / f".siting-probe-{pid}-q1").touch()  # the write probe of a run killed in the check
    (tmp_path / f".siting-probe-{os.getpid()}-q2").touch()  # a live process's: kept
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    assert _plan(tmp_path / "o", "--map-dir", "") == 0
    assert _left(scratch) == [f"siting-osm-{os.getpid()}-live"]
    assert _left(tmp_path) == [f".siting-probe-{os.getpid()}-q2", "o", "tmp"]


# ----------------------------------------------------------------------------------------------
# a clipped OSM extract (ways whose nodes are missing)
# ----------------------------------------------------------------------------------------------
def test_clipped_extract_never_ends_in_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # node 19 is the end of way 111 (8-19): the way references a node the extract does not hold
    text = TINY.read_text(encoding="utf-8")
    clipped = tmp_path / "clipped.osm"
    clipped.write_text(
        "".join(line for line in text.splitlines(keepends=True) if '<node id="19"' not in line),
        encoding="utf-8",
    )
    args = ["plan", "--osm-file", str(clipped), "--stations", "1", "--piles", "10"]
    code = main([*args, "--out", str(tmp_path / "o"), "--map-dir", ""])
    err = capsys.readouterr().err
    assert code == 0, err  # the roads that can be located are planned on
    assert _left(tmp_path) == ["clipped.osm", "o"]
    assert "OSM file clipped.osm: 1 of 7 drivable roads reference nodes missing" in err  # and it is said
