"""Exception types raised by :mod:`siting`.

Every error a user can cause is a :class:`SitingError`: the command line turns it into one clear message
and a non-zero exit status, never a traceback.  Each subclass names a kind of input.
"""

from __future__ import annotations

__all__ = [
    "InfeasibleError",
    "InputDataError",
    "NetworkError",
    "OsmDownloadError",
    "ScenarioError",
    "SitingError",
    "SolverError",
]


class SitingError(Exception):
    """Base class: a problem with an input, explained so that the user can fix it.

    Parameters
    ----------
    problems
        One or more messages.  Each should name the input, the problem and the fix.
    """

    exit_code = 2

    def __init__(self, *problems: str) -> None:
        if not problems:
            problems = ("unknown problem",)
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__(self._format())

    def _format(self) -> str:
        if len(self.problems) == 1:
            return self.problems[0]
        lines = [f"{len(self.problems)} problems:"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class ScenarioError(SitingError):
    """The scenario (TOML file or command-line options) is invalid."""


class InputDataError(SitingError, ValueError):
    """A data file (OSM extract, boundary, demand layer, terminals, sites) or data argument is malformed.

    Also a :class:`ValueError`, so Python callers can catch it as one.
    """


class NetworkError(SitingError):
    """The road network cannot support a plan (empty, no drivable roads, outside the study area)."""


class OsmDownloadError(SitingError):
    """Live OpenStreetMap (Overpass/Nominatim) could not be reached or returned nothing."""

    exit_code = 3


class InfeasibleError(SitingError):
    """The requirements cannot all be met; the message says which one and by how much."""

    exit_code = 4


class SolverError(SitingError):
    """The solver failed or found no plan within its limits."""

    exit_code = 5
