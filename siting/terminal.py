"""What the command line prints and how it stops: progress lines, each warning once, log records, signals.

:class:`Progress` prints timed step lines (and tqdm bars on a terminal); :class:`Warnings` prints every
:class:`~siting._warnings.SitingWarning` of a run once on stderr; :func:`warnings_to_stderr` routes log
records and warnings there for one command; :func:`signals_as_interrupts` turns SIGTERM and SIGHUP into an
interruption that removes what the run wrote, as Ctrl-C does (exit 143 / 129).
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tqdm import tqdm

from siting._warnings import collect

__all__ = ["LogToStderr", "Progress", "Terminated", "Warnings", "signals_as_interrupts", "warnings_to_stderr"]


class Progress:
    """Prints each step with the elapsed time to stderr (silent with --quiet)."""

    def __init__(self, quiet: bool, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.start = time.perf_counter()

    def bar(self, label: str, total: float, unit: str) -> Any:
        """A ``tqdm`` bar on stderr (drawn on a terminal only, never with --quiet); see siting.progress."""
        return tqdm(
            total=total,
            desc=f"           {label}",
            unit=unit,
            file=sys.stderr,
            leave=False,
            disable=True if self.quiet else None,  # None: tqdm draws only on a terminal
            mininterval=0.5,
        )

    def __call__(self, message: str) -> None:
        if message.startswith("highs:") and not self.verbose:
            return  # the solver's own log only with --verbose
        if not self.quiet:
            print(
                f"[{time.perf_counter() - self.start:7.1f} s] {message}",
                file=sys.stderr,
                flush=True,
            )


class Warnings:
    """Prints each warning once on stderr as ``WARNING: ...`` (nothing with --quiet).

    Warnings reach the command line three ways: logged (``logging``, e.g. by :func:`siting.pipeline.plan`
    before it solves), raised as :class:`~siting._warnings.SitingWarning` (gathered by
    :func:`siting._warnings.collect`, also those of a plan that fails), and returned in the plan's result
    (``manifest["warnings"]``).  All go through this one printer, which remembers what it printed, so the
    same text never appears twice.
    """

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.printed: set[str] = set()
        self.collected: list[str] = []

    def __call__(self, text: str) -> None:
        if text in self.printed:
            return
        self.printed.add(text)
        if not self.quiet:
            print(f"WARNING: {text}", file=sys.stderr, flush=True)

    def flush(self) -> None:
        """Print the collected SitingWarnings not printed yet."""
        for text in list(self.collected):
            self(text)


class LogToStderr(logging.Handler):
    """The command line's log handler: warnings through :class:`Warnings`, others as ``LEVEL: message``."""

    def __init__(self, shown: Warnings, level: int) -> None:
        super().__init__(level)
        self.shown = shown

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.levelno == logging.WARNING:
            self.shown(text)
        else:
            print(f"{record.levelname}: {text}", file=sys.stderr, flush=True)


@contextmanager
def warnings_to_stderr(shown: Warnings, level: int) -> Iterator[None]:
    """Route the block's log records and SitingWarnings to ``shown``; print what is left at its end.

    Log records print as they come.  SitingWarnings are collected (:func:`siting._warnings.collect`, which
    also sees those a plan collects for itself) and printed when the command calls ``shown.flush()`` and
    when the block ends, normally or with an error (so they come before the error message).
    """
    handler = LogToStderr(shown, level)
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(min(level, previous_level) if previous_level else level)
    try:
        with collect(show=False) as found:
            shown.collected = found
            try:
                yield
            finally:
                shown.flush()
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like Ctrl-C so that every cleanup of an interrupted run happens."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum: int, _frame: object) -> None:
    signal.signal(signum, signal.SIG_IGN)  # one cleanup: a second signal does not cut it short
    raise Terminated(signum)


@contextmanager
def signals_as_interrupts() -> Iterator[None]:
    """SIGTERM and SIGHUP behave like Ctrl-C inside the block (main thread only); handlers restored."""
    saved = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGHUP):
            saved[sig] = signal.signal(sig, _raise_terminated)
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
