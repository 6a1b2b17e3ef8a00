"""Input checks that collect *every* problem of an input and raise once.

Each check appends messages to a :class:`Problems` collector; :meth:`Problems.raise_if_any` raises one error
of the requested type listing them all.  Every message names the input (file and column or row), the problem
and the fix, so a planner can correct a file in one pass instead of one error per run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from siting._errors import InputDataError, SitingError

__all__ = [
    "Problems",
    "check_duplicate_ids",
    "check_geometry_types",
    "check_not_empty",
    "check_weights",
    "rows_text",
]

#: How many offending rows a message lists before "and N more".
MAX_ROWS_LISTED = 10


class Problems:
    """An ordered list of problem messages about one input."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        """Record one problem."""
        self.messages.append(message)

    def __bool__(self) -> bool:
        return bool(self.messages)

    def raise_if_any(self, error: type[SitingError] = InputDataError) -> None:
        """Raise ``error`` listing every recorded problem (nothing happens when there is none)."""
        if self.messages:
            raise error(*self.messages)


def rows_text(rows: Sequence[int] | np.ndarray) -> str:
    """'1, 4, 7' for 1-based row numbers, shortened with 'and N more' after :data:`MAX_ROWS_LISTED`."""
    items = [str(int(r)) for r in list(rows)[:MAX_ROWS_LISTED]]
    extra = len(rows) - len(items)
    return ", ".join(items) + (f" and {extra} more" if extra > 0 else "")


def check_not_empty(frame: pd.DataFrame, *, what: str, path: Path, problems: Problems) -> bool:
    """Record an empty layer; return True when the layer has rows."""
    if len(frame) == 0:
        problems.add(f"{what} file {path}: the layer has no rows; give at least one feature.")
        return False
    return True


def check_duplicate_ids(
    frame: pd.DataFrame, columns: Iterable[str], *, what: str, path: Path, problems: Problems
) -> None:
    """Record ids that occur more than once in the first of ``columns`` present in ``frame``."""
    for col in columns:
        if col not in frame.columns:
            continue
        ids = frame[col].astype(str)
        dup = ids[ids.duplicated(keep=False) & frame[col].notna()]
        if not dup.empty:
            shown = ", ".join(sorted(set(dup))[:MAX_ROWS_LISTED])
            problems.add(
                f"{what} file {path}: column '{col}' has duplicate ids ({shown}); every row needs its own id."
            )
        return


def check_geometry_types(
    gdf: gpd.GeoDataFrame,
    *,
    allowed: Sequence[str],
    what: str,
    path: Path,
    problems: Problems,
    allow_missing: bool = False,
) -> None:
    """Record rows without geometry and geometry types outside ``allowed`` (e.g. lines in a point layer)."""
    geoms = gdf.geometry
    missing = np.flatnonzero((geoms.isna() | geoms.is_empty).to_numpy())
    if missing.size and not allow_missing:
        problems.add(
            f"{what} file {path}: row(s) {rows_text(missing + 1)} have no geometry (or no lon/lat); "
            "give each row a location."
        )
    kinds = geoms.geom_type
    bad = np.flatnonzero((kinds.notna() & ~kinds.isin(list(allowed))).to_numpy())
    if bad.size:
        found = ", ".join(sorted(set(kinds.iloc[bad].astype(str))))
        problems.add(
            f"{what} file {path}: row(s) {rows_text(bad + 1)} are {found}, but this layer takes only "
            f"{' or '.join(allowed)}; remove or convert them."
        )


def check_weights(values: pd.Series, *, column: str, what: str, path: Path, problems: Problems) -> pd.Series:
    """Record non-numeric, missing, infinite and negative weights; return the numeric weights."""
    numeric = pd.to_numeric(values, errors="coerce").astype(float)
    bad = np.flatnonzero((numeric.isna() | ~np.isfinite(numeric.fillna(0.0))).to_numpy())
    if bad.size:
        problems.add(
            f"{what} file {path}: column '{column}' is missing or not a finite number in row(s) "
            f"{rows_text(bad + 1)}; give a number of residents for every row."
        )
    negative = np.flatnonzero((numeric < 0).to_numpy())
    if negative.size:
        problems.add(
            f"{what} file {path}: column '{column}' is negative in row(s) {rows_text(negative + 1)}; "
            "weights must be >= 0."
        )
    return numeric
