"""Progress reporting: one line per step, and a bar for long steps when the caller can draw one.

Every long function takes ``progress``, a callable that receives one line of text per step.  If that
callable also has a ``bar(label, total, unit)`` method returning an object with ``update(n)`` and
``close()`` (a :class:`tqdm.tqdm` does), :func:`bar` draws a bar for steps with a known amount of
work: Dijkstra chunks of the travel-time matrices, the passes of the graph build, the phases of the
solve.  The command line's progress object draws ``tqdm`` bars on a terminal and stays silent in logs
and with ``--quiet``; a plain function (notebooks, tests) gets the lines only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

__all__ = ["Bar", "bar"]


class Bar(Protocol):
    """What :func:`bar` needs from a progress bar."""

    def update(self, n: float = 1) -> Any: ...

    def close(self) -> None: ...


@contextmanager
def bar(
    progress: Callable[[str], None] | None, label: str, total: float, unit: str = "it"
) -> Iterator[Callable[[float], None]]:
    """Yield ``advance(n)``; draws a bar when ``progress`` can, else does nothing.

    Parameters
    ----------
    progress
        The caller's progress callable (may be None).
    label
        What is being done, for example ``"travel times"``.
    total
        Amount of work (chunks, passes, seconds).
    unit
        Unit of ``total``.
    """
    make = getattr(progress, "bar", None)
    drawn: Bar | None = make(label, total, unit) if callable(make) else None
    try:
        if drawn is None:
            yield lambda n: None
        else:
            yield lambda n: drawn.update(n)
    finally:
        if drawn is not None:
            drawn.close()
