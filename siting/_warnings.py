"""The one warnings channel: everything a user should know about a plan, raised as :class:`SitingWarning`.

Any step that notices something the user should know (a demand index instead of census population, a
terminal far from the road, a time limit reached, a text shortened in a Shapefile) calls :func:`warn`.  It
goes through Python's :mod:`warnings` machinery, so a notebook shows it, ``python -W error`` turns it into an
error, and :func:`collect` gathers every warning of a run, in order and without repeats, for the plan's
manifest and report.  The command line prints each once on stderr (``WARNING: ...``).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["SitingWarning", "collect", "warn"]


class SitingWarning(UserWarning):
    """Something about the inputs or the plan that the user should know; the plan is still made."""


def warn(message: str) -> None:
    """Raise ``message`` as a :class:`SitingWarning` (shown or collected, never silenced by repeats)."""
    warnings.warn(message, SitingWarning, stacklevel=2)


@contextmanager
def collect() -> Iterator[list[str]]:
    """Collect every :class:`SitingWarning` raised inside the block, in order, without repeats.

    Other warning categories pass through unchanged.  Nested blocks each see the warnings raised inside
    them, and the outer block sees them too.

    Yields
    ------
    list of str
        Filled as the block runs.
    """
    found: list[str] = []
    outer = warnings.showwarning
    with warnings.catch_warnings():
        warnings.simplefilter("always", SitingWarning)

        def show(message, category, filename, lineno, file=None, line=None):  # type: ignore[no-untyped-def]
            if issubclass(category, SitingWarning):
                text = str(message)
                if text not in found:
                    found.append(text)
                _forward(text)
            else:
                outer(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        _STACK.append(found)
        try:
            yield found
        finally:
            _STACK.pop()


_STACK: list[list[str]] = []


def _forward(text: str) -> None:
    """Give a warning to every enclosing :func:`collect` block."""
    for outer in _STACK[:-1]:
        if text not in outer:
            outer.append(text)
