"""Many study areas × scenario variants on dask.distributed (``siting batch``).

* :mod:`siting.batch.spec` — the batch file (areas, variants, grid) and its validation;
* :mod:`siting.batch.cache` — prepared study areas cached as files, addressed by a hash of their inputs;
* :mod:`siting.batch.tasks` — the prepare and solve tasks a worker runs;
* :mod:`siting.batch.summary` — ``summary.csv``, ``summary.gpkg`` and the overview map;
* :mod:`siting.batch.run` — the cluster, the task graph, progress and interruption: :func:`run_batch`.

The ``siting batch`` command (:mod:`siting.cli`) parses its options and calls :func:`run_batch`.

See ``docs/scale-out.md`` for running a batch locally and on an existing cluster.
"""

from __future__ import annotations

from siting.batch.run import SCHEDULER_ENV, run_batch
from siting.batch.spec import Area, Batch, Task, Variant, batch_from_toml
from siting.batch.tasks import inputs_from_area, result_from_prepared

__all__ = [
    "SCHEDULER_ENV",
    "Area",
    "Batch",
    "Task",
    "Variant",
    "batch_from_toml",
    "inputs_from_area",
    "result_from_prepared",
    "run_batch",
]
