"""Size estimates of the planner's large structures, checked *before* they are built.

A scenario value of the right type but an absurd size (``candidate_spacing_m = 1``, ``grid_cell_m = 20``
over a county, ``walk_m`` of 100 km) does not fail in validation: it makes a structure too large for the
machine, and the run dies after minutes in ``std::bad_alloc`` or is killed.  Each step of
:func:`siting.prepare.prepare` therefore estimates what it is about to build — candidate sites, pile
sites, the travel-time, distance and walking matrices (pairs within reach, from the density of points
and the search radius) and the MIP (rows, columns, nonzeros) — and :func:`check_sizes` refuses, before
any of it is built, with the figure, the memory estimate against the memory available and the scenario
key to change.

Two limits apply: a fixed ceiling per structure (:data:`MAX_ENTRIES`, the same on every machine, so that
a plan refused on one machine is refused on all) and the memory available now (``MemAvailable`` of
``/proc/meminfo``, else ``os.sysconf``).  Layer: base, beside :mod:`siting._validate`.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from siting._errors import ScenarioError

__all__ = [
    "BYTES_PER_ENTRY",
    "MAX_ENTRIES",
    "MEMORY_SHARE",
    "Size",
    "available_memory_bytes",
    "check_sizes",
    "pairs_within",
]

#: Most entries of one structure, by kind, on any machine.  The Guang'an plan (6,300 km², 1 km zones, 2 km
#: candidate spacing) has about 2 million travel-time pairs and a road search of tens of millions of
#: reached pairs; a plan ten times larger still fits.  A road search ("search") runs in chunks of bounded
#: memory, so only its work (the node pairs it reaches) is limited.
MAX_ENTRIES = {"pairs": 50_000_000, "nonzeros": 50_000_000, "search": 2_000_000_000}
#: Bytes per entry: a CSR pair (float64 value, int64 index, and the COO arrays it is assembled from) and a
#: MIP nonzero in HiGHS (the matrix, its presolved copy and the branch-and-bound workspace).
BYTES_PER_ENTRY = {"pairs": 48, "nonzeros": 160, "search": 0}
#: The share of the available memory one structure may use.
MEMORY_SHARE = 0.8


@dataclass(frozen=True)
class Size:
    """The estimated size of one structure and what to change when it is too large.

    Attributes
    ----------
    what
        The structure, as the user reads it ("travel-time matrix (demand zones × candidate sites)").
    entries
        The estimated number of entries.
    kind
        A key of :data:`BYTES_PER_ENTRY`.
    fix
        The scenario key(s) to change and how, e.g. "raise candidate_spacing_m (now 1 m)".
    """

    what: str
    entries: float
    kind: str
    fix: str

    @property
    def bytes(self) -> float:
        """The memory estimate of the structure."""
        return self.entries * BYTES_PER_ENTRY[self.kind]


def available_memory_bytes() -> int:
    """Memory the planner can use now: ``MemAvailable`` (Linux), else free physical pages, else 8 GB."""
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return 8 * 1024**3


def pairs_within(n_rows: float, n_cols: float, *, radius_m: float, area_km2: float) -> float:
    """Pairs of ``n_rows`` × ``n_cols`` points spread over ``area_km2`` that lie within ``radius_m``.

    Each row reaches the columns in a disc of the radius (at most the whole area), at the columns'
    average density; every row reaches at least one column.
    """
    if n_rows <= 0 or n_cols <= 0:
        return 0.0
    disc_km2 = math.pi * (radius_m / 1000.0) ** 2
    share = min(1.0, disc_km2 / max(area_km2, 1e-6))
    return n_rows * max(1.0, n_cols * share)


def _mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB" if n < 1e10 else f"{n / 1e9:,.0f} GB"


def _memory(s: Size, free: int) -> str:
    if not s.bytes:
        return "run in chunks of bounded memory, but its time grows with the entries"
    return f"~{_mb(s.bytes)} of memory; {_mb(free)} available"


def check_sizes(sizes: list[Size], *, step: str, available: int | None = None) -> None:
    """Raise :class:`ScenarioError` for every structure of ``sizes`` too large to build.

    Parameters
    ----------
    sizes
        The estimates of the structures the next step builds.
    step
        The step, for the message ("before the travel-time matrices").
    available
        Available memory in bytes; None reads :func:`available_memory_bytes`.

    Raises
    ------
    ScenarioError
        One problem per structure over :data:`MAX_ENTRIES` or over :data:`MEMORY_SHARE` of the available
        memory, each with the figure, the memory estimate against the memory available and the fix; also
        when all of them together exceed the memory available.
    """
    free = available_memory_bytes() if available is None else available
    budget = MEMORY_SHARE * free
    problems = [
        f"the {s.what} would hold about {s.entries:,.0f} entries ({_memory(s, free)}; the planner builds at "
        f"most {MAX_ENTRIES[s.kind]:,}) — stopped {step}; {s.fix}."
        for s in sizes
        if s.entries > MAX_ENTRIES[s.kind] or s.bytes > budget
    ]
    total = sum(s.bytes for s in sizes)
    if not problems and total > budget:
        parts = ", ".join(f"{s.what} ~{_mb(s.bytes)}" for s in sizes)
        problems.append(
            f"together the structures built next need about {_mb(total)} ({parts}), more than the "
            f"{_mb(free)} of memory available — stopped {step}; {sizes[0].fix}, or free memory."
        )
    if problems:
        raise ScenarioError(*problems)
