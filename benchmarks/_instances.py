"""Benchmark instances built from the synthetic Guang'an (shared by the benchmark scripts).

Not part of the package: imported by ``benchmarks/*.py`` (run from the repository root or from
``benchmarks/``).  Every instance is deterministic for its arguments.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from siting.inputs import inputs_from_synthetic
from siting.model.data import ModelData
from siting.prepare import build_model_data, prepare
from siting.scenario import scenario_from_toml
from siting.study import Prepared

#: Scenario keys that switch every planning family off (the base model of the performance issue).
BASE_MODEL: dict[str, Any] = {
    "size_chargers": False,
    "grid_mode": "off",
    "county_max_share": 0.0,
    "corridors": False,
    "rural_min_share_stations": 0.0,
    "rural_min_share_piles": 0.0,
    "later_stages": [],
    "later_stage_stations": [],
    "later_stage_piles": [],
    "later_stage_ev_per_1000_people": [],
    "later_stage_headroom_factor": [],
}

#: Demo instance: the shipped scenario on the synthetic city at scale 1 (what ``siting demo`` solves).
DEMO = {"scale": 1.0}
#: City instance: a finer grid and denser candidates, >= 5,000 candidates and >= 20,000 zones.
CITY = {"scale": 1.5, "grid_cell_m": 400.0, "candidate_spacing_m": 1000.0}
#: The demo with 60 stations in 2025 and 120 in 2030: queues bind in places (issue 15, goal 2).
DEMO60 = {"scale": 1.0, "n_stations": 60, "later_stage_stations": [120]}


@dataclass
class Instance:
    """One benchmark instance and how long its stages took."""

    name: str
    data: ModelData
    prepared: Prepared
    timings_s: dict[str, float]
    n_nodes: int


def peak_mib() -> float:
    """Peak resident memory of this process so far, MiB (``ru_maxrss``)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


@contextmanager
def timed(timings: dict[str, float], key: str) -> Iterator[None]:
    """Add the wall-clock seconds of the ``with`` block to ``timings[key]``."""
    tick = time.perf_counter()
    yield
    timings[key] = timings.get(key, 0.0) + time.perf_counter() - tick


def city_instance(
    name: str,
    *,
    scale: float = 1.0,
    grid_cell_m: float | None = None,
    candidate_spacing_m: float | None = None,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    **overrides: Any,
) -> Instance:
    """Build the model data of the shipped scenario on the synthetic city at ``scale``."""
    say = progress if progress is not None else (lambda _m: None)
    changes: dict[str, Any] = dict(overrides)
    if grid_cell_m is not None:
        changes["grid_cell_m"] = float(grid_cell_m)
    if candidate_spacing_m is not None:
        changes["candidate_spacing_m"] = float(candidate_spacing_m)
    scenario = scenario_from_toml(None, **changes)
    timings: dict[str, float] = {}
    with timed(timings, "network_s"):
        inputs = inputs_from_synthetic(scenario, seed=seed, scale=scale)
    with timed(timings, "prepare_s"):
        prepared = prepare(scenario, inputs)
    with timed(timings, "model_data_s"):
        data, _ = build_model_data(scenario, prepared)
    timings.update({f"prepare_{k}": v for k, v in prepared.timings_s.items()})
    say(
        f"{name}: {len(inputs.net.node_ids):,} road nodes, {data.n_candidates:,} candidates, "
        f"{data.n_demand:,} zones, {data.n_pile_sites:,} pile sites, {data.n_terminals} terminals, "
        f"{data.fast_time_min.nnz:,} coverage pairs"
    )
    return Instance(name, data, prepared, timings, len(inputs.net.node_ids))


def cpu_count() -> int:
    """Cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
