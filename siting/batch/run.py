"""Run a batch on dask.distributed: :func:`run_batch` (Python) and :func:`main` (``siting batch``).

The cluster
    A :class:`~distributed.LocalCluster` by default: one worker process per core, one thread each (HiGHS
    runs with one thread per task, :func:`siting.solve.options.highs_options`).  ``scheduler`` (or the
    environment variable ``SITING_SCHEDULER``) attaches to an existing cluster instead, e.g. one started by
    ``dask scheduler`` / ``dask worker``, dask-jobqueue or dask-kubernetes; its workers need the package
    installed and the batch's input files, output folder and cache on a shared path.
The graph
    one :func:`~siting.batch.tasks.prepare_task` per cache key and one
    :func:`~siting.batch.tasks.solve_task` per task, depending on its key's prepare task.  Only file
    paths and small dicts travel through the scheduler.  A worker killed mid-task is replaced by its nanny
    and Dask runs the task again (up to ``distributed.scheduler.allowed-failures`` times).
Progress
    Dask's progress bar on a terminal, else one line per finished task; the dashboard address when bokeh
    is installed.
Interruption
    Ctrl-C cancels what has not finished, writes the summary (unfinished tasks ``not_run``) and re-raises;
    finished task folders are kept and a rerun skips them (``force`` redoes every task).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import distributed
import pandas as pd
from distributed import Client, Future

from siting._errors import InputDataError
from siting._io import check_output_location
from siting.batch.cache import prepare_key
from siting.batch.spec import Batch, Task, batch_from_toml
from siting.batch.summary import summary_frame, write_summary
from siting.batch.tasks import failed_row, prepare_task, row_from_folder, solve_task, task_folder

__all__ = ["SCHEDULER_ENV", "make_output_folders", "run_batch"]

#: Environment variable naming the scheduler to attach to (``tcp://host:8786``).
SCHEDULER_ENV = "SITING_SCHEDULER"

Echo = Callable[[str], None]
SolveFuture = Future[dict[str, Any]]

# distributed's functions carry no annotations; these typed names keep mypy --strict checking our calls
_new_client: Callable[..., Client] = distributed.Client
_local_cluster: Callable[..., distributed.LocalCluster] = distributed.LocalCluster
_progress: Callable[..., None] = distributed.progress
_as_completed: Callable[[list[SolveFuture]], Iterator[SolveFuture]] = distributed.as_completed


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def batch_client(scheduler: str | None, *, n_workers: int | None, echo: Echo) -> Iterator[Client]:
    """A client of ``scheduler`` (or ``$SITING_SCHEDULER``), else of a new single-threaded LocalCluster."""
    address = scheduler or os.environ.get(SCHEDULER_ENV) or None
    if address:
        echo(f"attaching to the Dask scheduler at {address}")
        with _new_client(address) as client:
            yield client
        return
    workers = n_workers or os.cpu_count() or 1
    echo(f"starting a local Dask cluster: {workers} worker process(es), one thread each")
    with (
        _local_cluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # a free port: the HTTP server starts even without bokeh
            silence_logs=logging.ERROR,
        ) as cluster,
        _new_client(cluster) as client,
    ):
        yield client


def _announce(client: Client, echo: Echo) -> None:
    if importlib.util.find_spec("bokeh") is not None and client.dashboard_link:
        echo(f"Dask dashboard: {client.dashboard_link}")
    else:
        echo("Dask dashboard unavailable (install bokeh to get it)")


def _submit(
    client: Client, tasks: list[Task], keys: dict[str, str], out: Path, cache: Path, force: bool
) -> dict[SolveFuture, Task]:
    """Submit one prepare task per cache key and one solve task per task; return the solve futures."""
    run = uuid.uuid4().hex[:8]
    prepares: dict[str, Future[dict[str, Any]]] = {}
    futures: dict[SolveFuture, Task] = {}
    for task in tasks:
        key = keys[task.task_id]
        if key not in prepares:
            prepares[key] = client.submit(
                prepare_task, task.area, task.scenario, str(cache), key, key=f"prepare-{key}-{run}"
            )
        future = client.submit(
            solve_task, task, prepares[key], str(out), force, key=f"solve-{task.task_id}-{run}"
        )
        futures[future] = task
    return futures


def _row(future: SolveFuture, task: Task) -> dict[str, Any]:
    """The row a finished future returned, or a failed row naming the error Dask raised."""
    if future.status == "finished":
        row: dict[str, Any] = future.result()
        return row
    exc: Any = cast(Any, future).exception()
    return failed_row(task, f"{type(exc).__name__}: {exc}")


def _line(done: int, total: int, row: dict[str, Any]) -> str:
    if row["status"] == "ok":
        what = "reused" if row["reused"] else f"{row['solver_status']}, {row['time_s']:.1f} s"
        return f"[{done}/{total}] {row['task_id']}: ok ({what})"
    return f"[{done}/{total}] {row['task_id']}: {row['status']}: {row['error']}"


def _collect(
    client: Client,
    futures: dict[SolveFuture, Task],
    rows: dict[str, dict[str, Any]],
    *,
    bar: bool,
    echo: Echo,
) -> None:
    """Put each finished task's row into ``rows`` (progress bar or one line each).

    On Ctrl-C the unfinished futures are cancelled, the rows of the finished ones kept, and the interrupt
    re-raised.
    """
    try:
        if bar:
            _progress(list(futures), multi=False)
        for done, future in enumerate(_as_completed(list(futures)), start=1):
            task = futures[future]
            rows[task.task_id] = _row(future, task)
            if not bar:
                echo(_line(done, len(futures), rows[task.task_id]))
    except KeyboardInterrupt:
        cast(Any, client).cancel([f for f in futures if f.status not in ("finished", "error")])
        for future, task in futures.items():
            if future.status in ("finished", "error") and task.task_id not in rows:
                rows[task.task_id] = _row(future, task)
        raise


def _serial(
    tasks: list[Task],
    keys: dict[str, str],
    rows: dict[str, dict[str, Any]],
    *,
    out: Path,
    cache: Path,
    force: bool,
    echo: Echo,
) -> None:
    """The same tasks run one after another in this process (no Dask): the benchmark's baseline."""
    prepared: dict[str, dict[str, Any]] = {}
    for done, task in enumerate(tasks, start=1):
        key = keys[task.task_id]
        if key not in prepared:
            prepared[key] = prepare_task(task.area, task.scenario, str(cache), key)
        rows[task.task_id] = solve_task(task, prepared[key], str(out), force)
        echo(_line(done, len(tasks), rows[task.task_id]))


def make_output_folders(out: Path, cache: Path) -> None:
    """Check the output and cache folders as every command does (before any work), then create them.

    Raises :class:`InputDataError` naming ``--out`` or ``--cache`` and the fix: a path that is a file, one
    under a file, a name Windows or Linux refuse, a folder that cannot be written.
    """
    for path, option in ((out, "--out"), (cache, "--cache")):
        if path.exists() and not path.is_dir():
            raise InputDataError(f"{option} {path}: exists and is not a folder; choose another {option}.")
        if not path.is_dir():
            check_output_location(path, option=option)
    out.mkdir(parents=True, exist_ok=True)
    cache.mkdir(parents=True, exist_ok=True)


def run_batch(
    batch: str | Path | Batch,
    out: str | Path,
    *,
    cache: str | Path | None = None,
    scheduler: str | None = None,
    n_workers: int | None = None,
    force: bool = False,
    serial: bool = False,
    bar: bool | None = None,
    echo: Echo = _stderr,
) -> pd.DataFrame:
    """Plan every task of ``batch`` into ``out``; return the summary (also written as ``summary.csv``).

    Parameters
    ----------
    batch
        A batch file (:mod:`siting.batch.spec`) or a :class:`~siting.batch.spec.Batch` read from one.
    out
        Output folder: ``tasks/<task_id>/`` per task, ``summary.csv``, ``summary.gpkg``, ``overview.html``.
    cache
        Prepare cache folder (default ``<out>/cache``); on a cluster a path every worker sees.
    scheduler
        Address of a running Dask scheduler (default ``$SITING_SCHEDULER``, else a new LocalCluster).
    n_workers
        Worker processes of the LocalCluster (default: one per core).
    force
        Redo tasks whose output folder exists (default: reuse them).
    serial
        Run in this process, one task after another, without Dask.
    bar
        Dask's progress bar (default: when stderr is a terminal); else one line per finished task.
    echo
        Where progress lines go (default: stderr).

    Raises
    ------
    ScenarioError
        The batch file is invalid (nothing is run).
    KeyboardInterrupt
        After the summary of what finished is written.
    """
    spec = batch if isinstance(batch, Batch) else batch_from_toml(batch)
    out_dir = Path(out).absolute()
    cache_dir = Path(cache).absolute() if cache is not None else out_dir / "cache"
    make_output_folders(out_dir, cache_dir)
    keys = {t.task_id: prepare_key(t.area, t.scenario) for t in spec.tasks}
    rows: dict[str, dict[str, Any]] = {}
    for task in spec.tasks:
        if not force and (task_folder(out_dir, task.task_id) / "manifest.json").is_file():
            rows[task.task_id] = row_from_folder(task, task_folder(out_dir, task.task_id), reused=True)
    todo = [t for t in spec.tasks if t.task_id not in rows]
    echo(f"{len(spec.tasks)} task(s): {len(rows)} done before, {len(todo)} to run")
    started = time.perf_counter()
    try:
        if todo and serial:
            _serial(todo, keys, rows, out=out_dir, cache=cache_dir, force=force, echo=echo)
        elif todo:
            with batch_client(scheduler, n_workers=n_workers, echo=echo) as client:
                _announce(client, echo)
                futures = _submit(client, todo, keys, out_dir, cache_dir, force)
                _collect(client, futures, rows, bar=sys.stderr.isatty() if bar is None else bar, echo=echo)
    finally:
        ordered = [
            {
                **rows.get(t.task_id, failed_row(t, "interrupted", status="not_run")),
                "prepare_key": keys[t.task_id],
            }
            for t in spec.tasks
        ]
        summary = summary_frame(ordered, cache_dir)
        write_summary(out_dir, summary)
    ok = int((summary["status"] == "ok").sum())
    echo(f"{ok} of {len(summary)} task(s) ok in {time.perf_counter() - started:.1f} s; summary: {out_dir}")
    return summary
