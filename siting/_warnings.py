"""The one warnings channel: everything a user should know about a plan, raised as :class:`SitingWarning`.

Any step that notices something the user should know (a demand index instead of census population, a
terminal far from the road, a time limit reached, a text shortened in a Shapefile) calls :func:`warn`.  It
goes through Python's :mod:`warnings` machinery, so a notebook shows it, ``python -W error`` turns it into an
error, and :func:`collect` gathers every warning of a run, in order and without repeats, for the plan's
manifest and report.  The command line prints each once on stderr (``WARNING: ...``).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

__all__ = ["SitingWarning", "collect", "warn"]


class SitingWarning(UserWarning):
    """Something about the inputs or the plan that the user should know; the plan is still made."""


def warn(message: str) -> None:
    """Raise ``message`` as a :class:`SitingWarning` (shown or collected, never silenced by repeats)."""
    warnings.warn(message, SitingWarning, stacklevel=2)


@contextmanager
def collect(*, show: bool = True) -> Iterator[list[str]]:
    """Collect every :class:`SitingWarning` raised inside the block, in order, without repeats.

    Other warning categories pass through unchanged.  Nested blocks each see the warnings raised inside
    them, and the outer blocks see them too.

    Parameters
    ----------
    show
        Whether the outermost block also shows each warning once as it is raised (through Python's
        :func:`warnings.showwarning`, so a notebook displays it).  The command line passes ``False`` and
        prints the collected warnings itself.  Inner blocks never show: the outermost one decides.

    Yields
    ------
    list of str
        Filled as the block runs.
    """
    found: list[str] = []
    outer = warnings.showwarning
    with warnings.catch_warnings():
        warnings.simplefilter("always", SitingWarning)

        def handle(message, category, filename, lineno, file=None, line=None):  # type: ignore[no-untyped-def]
            if issubclass(category, SitingWarning):
                _record(
                    str(message), lambda: _STACK[0].display(message, category, filename, lineno, file, line)
                )
            else:
                outer(message, category, filename, lineno, file, line)

        warnings.showwarning = handle
        _STACK.append(_Block(found, show, outer))
        try:
            yield found
        finally:
            _STACK.pop()


@dataclass
class _Block:
    found: list[str]
    show: bool
    display: Callable[..., None]


_STACK: list[_Block] = []


def _record(text: str, display: Callable[[], None]) -> None:
    """Give a warning to every open :func:`collect` block; the outermost shows it the first time."""
    first = text not in _STACK[0].found
    for block in _STACK:
        if text not in block.found:
            block.found.append(text)
    if first and _STACK[0].show:
        display()
