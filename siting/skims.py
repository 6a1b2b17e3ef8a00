"""Transport-model skims: zone-to-zone travel times from TransCAD, VISUM, EMME (OpenMatrix or a long CSV).

A planning institute's travel-demand model gives the travel times it trusts as a *skim*: a square matrix of
times between its traffic analysis zones.  The standard exchange format is OpenMatrix (OMX, HDF5), read here
with the maintained ``openmatrix`` package; a long CSV (origin, destination, minutes) works too.

With a skim, the zones become the demand and the coverage times come from the skim instead of the road
network: a candidate site lies in one zone (the zone polygon containing it), and zone :math:`i` reaches
candidate :math:`j` in :math:`t_{i, z(j)}` minutes.  The diagonal is the intrazonal time; a missing one (NaN,
or absent from a long CSV) counts as 0: the model has no better figure for a site in one's own zone.

:func:`skim_from_file` reads either format; :func:`coverage_from_skim` gives the zone × candidate matrix of
times within a limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import geopandas as gpd
import numpy as np
import openmatrix
import pandas as pd
import scipy.sparse as sp

from siting._errors import InputDataError
from siting._sparse import MIN_ENTRY
from siting._typing import IntArray
from siting._warnings import warn

__all__ = ["Skim", "TimeUnit", "coverage_from_skim", "skim_from_csv", "skim_from_file", "skim_from_omx"]

TimeUnit = Literal["min", "s", "h"]
_TO_MINUTES: dict[str, float] = {"min": 1.0, "s": 1.0 / 60.0, "h": 60.0}


@dataclass(frozen=True)
class Skim:
    """Zone-to-zone travel times.

    Attributes
    ----------
    zone_ids
        The zones' ids (as text), in row and column order.
    minutes
        ``(n, n)`` CSR; entry = travel time in minutes from row zone to column zone for every reachable pair
        (a time of 0 is stored as :data:`siting._sparse.MIN_ENTRY`); an absent pair is unreachable.
    source
        Where it came from (file and matrix name), for the manifest.
    """

    zone_ids: list[str]
    minutes: sp.csr_matrix
    source: str

    @property
    def n_zones(self) -> int:
        """Number of zones."""
        return len(self.zone_ids)


def skim_from_file(path: str | Path, *, matrix: str | None = None, units: TimeUnit = "min") -> Skim:
    """A skim from an ``.omx`` file (:func:`skim_from_omx`) or a long ``.csv`` (:func:`skim_from_csv`)."""
    path = Path(path)
    if path.suffix.lower() == ".omx":
        return skim_from_omx(path, matrix=matrix, units=units)
    if path.suffix.lower() == ".csv":
        return skim_from_csv(path, units=units)
    raise InputDataError(
        f"{path}: a skim must be an OpenMatrix .omx file or a long .csv (origin, destination, minutes)"
    )


def skim_from_omx(
    path: str | Path, *, matrix: str | None = None, mapping: str | None = None, units: TimeUnit = "min"
) -> Skim:
    """Read one travel-time matrix of an OpenMatrix file.

    Parameters
    ----------
    path
        The ``.omx`` file.
    matrix
        Name of the time matrix; may be left out when the file holds one matrix.
    mapping
        Name of the zone-id mapping; may be left out when the file holds one (with none, zones are numbered
        1..n, as the models number them).
    units
        Units of the stored times: ``"min"`` (default), ``"s"`` or ``"h"``.
    """
    path = Path(path)
    if not path.is_file():
        raise InputDataError(f"{path}: skim file not found")
    try:
        f = openmatrix.open_file(str(path), "r")
    except Exception as exc:  # PyTables raises several types for a file that is not HDF5
        raise InputDataError(f"{path}: not an OpenMatrix (HDF5) file ({type(exc).__name__}: {exc})") from None
    with f:
        name = _pick(list(f.list_matrices()), matrix, path, "matrix", "matrix=")
        values = np.array(f[name], dtype=np.float64)
        maps = list(f.list_mappings())
        if mapping is None and len(maps) > 1:
            raise InputDataError(
                f"{path}: several zone mappings ({', '.join(maps)}); choose one with mapping="
            )
        key = _pick(maps, mapping, path, "mapping", "mapping=") if (maps or mapping) else None
        ids = _mapping_ids(f.mapping(key), values.shape[0], path) if key else None
    if values.ndim != 2 or values.shape[0] != values.shape[1]:
        raise InputDataError(
            f"{path}: matrix {name!r} has shape {values.shape}; a skim is square (zones × zones)"
        )
    zone_ids = ids if ids is not None else [str(i + 1) for i in range(values.shape[0])]
    return _skim(values * _TO_MINUTES[_unit(units)], zone_ids, f"{path.name}:{name}", path)


def skim_from_csv(
    path: str | Path,
    *,
    origin_col: str = "origin",
    destination_col: str = "destination",
    time_col: str = "minutes",
    units: TimeUnit = "min",
) -> Skim:
    """Read a long CSV skim, one row per (origin, destination) pair; absent pairs are unreachable."""
    path = Path(path)
    if not path.is_file():
        raise InputDataError(f"{path}: skim file not found")
    table = pd.read_csv(path, dtype={origin_col: str, destination_col: str})
    missing = [c for c in (origin_col, destination_col, time_col) if c not in table.columns]
    if missing:
        raise InputDataError(
            f"{path}: no column {', '.join(map(repr, missing))}; it has {', '.join(map(repr, table.columns))}"
        )
    times = pd.to_numeric(table[time_col], errors="coerce")
    bad = table[time_col].notna() & times.isna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputDataError(
            f"{path}: row {row + 2}: {time_col} = {table[time_col].iloc[row]!r} is not a number"
        )
    zone_ids = sorted(set(table[origin_col]) | set(table[destination_col]))
    index = pd.Index(zone_ids)
    o = index.get_indexer(pd.Index(table[origin_col]))
    d = index.get_indexer(pd.Index(table[destination_col]))
    pairs = pd.DataFrame({"o": o, "d": d})
    if pairs.duplicated().any():
        row = int(np.flatnonzero(pairs.duplicated().to_numpy())[0])
        raise InputDataError(
            f"{path}: row {row + 2}: the pair ({table[origin_col].iloc[row]}, "
            f"{table[destination_col].iloc[row]}) appears twice"
        )
    dense = np.full((len(zone_ids), len(zone_ids)), np.nan)
    dense[o, d] = times.to_numpy(dtype=np.float64)
    return _skim(dense * _TO_MINUTES[_unit(units)], zone_ids, path.name, path)


def coverage_from_skim(
    skim: Skim,
    zones: gpd.GeoDataFrame,
    candidates: gpd.GeoDataFrame,
    limit_min: float,
    *,
    zone_id_col: str = "zone_id",
) -> tuple[sp.csr_matrix, IntArray]:
    """Zone × candidate travel times within ``limit_min``, and each candidate's zone.

    Parameters
    ----------
    skim
        The zone-to-zone times.
    zones
        The zone polygons with ``zone_id_col`` matching the skim's zone ids; their order is the demand order.
    candidates
        Candidate sites (points), in the same CRS as ``zones``.
    limit_min
        Largest time kept (the fast-charging threshold).

    Returns
    -------
    times, candidate_zone
        ``(len(zones), len(candidates))`` CSR of minutes (0 stored as MIN_ENTRY), and the row of ``zones``
        holding each candidate (``-1``: in no zone; it covers no one, and a warning says how many).
    """
    if zone_id_col not in zones.columns:
        raise InputDataError(f"the zone layer has no column {zone_id_col!r} to match the skim's zone ids")
    layer_ids = zones[zone_id_col].astype(str).tolist()
    in_skim = pd.Index(skim.zone_ids).get_indexer(pd.Index(layer_ids))
    if np.any(in_skim < 0):
        absent = [z for z, k in zip(layer_ids, in_skim, strict=True) if k < 0]
        raise InputDataError(
            f"{len(absent)} zone(s) of the zone layer are not in the skim {skim.source}: "
            f"{', '.join(absent[:5])}{' ...' if len(absent) > 5 else ''}; zone ids must match"
        )
    extra = skim.n_zones - len(set(layer_ids))
    if extra > 0:
        warn(f"{extra} zone(s) of the skim {skim.source} are not in the zone layer and are ignored")
    candidate_zone = _candidate_zones(zones, candidates)
    if np.any(candidate_zone < 0):
        warn(
            f"{int(np.sum(candidate_zone < 0))} candidate site(s) lie in no zone of the skim and cover no one"
        )
    sub = skim.minutes[in_skim].tocsc()
    placed = np.flatnonzero(candidate_zone >= 0)
    cols = sub[:, in_skim[candidate_zone[placed]]].tocoo()
    keep = cols.data <= limit_min
    times = sp.csr_matrix(
        (cols.data[keep], (cols.row[keep], placed[cols.col[keep]])), shape=(len(zones), len(candidates))
    )
    return times, candidate_zone


def _candidate_zones(zones: gpd.GeoDataFrame, candidates: gpd.GeoDataFrame) -> IntArray:
    if zones.crs != candidates.crs:
        raise InputDataError(f"the zone layer is in {zones.crs} but the candidates in {candidates.crs}")
    polygons = gpd.GeoDataFrame({"row": np.arange(len(zones))}, geometry=zones.geometry.values, crs=zones.crs)
    points = gpd.GeoDataFrame(
        {"site": np.arange(len(candidates))}, geometry=candidates.geometry.values, crs=candidates.crs
    )
    hit = gpd.sjoin(points, polygons, how="left", predicate="within").drop_duplicates("site")
    rows: IntArray = hit.sort_values("site")["row"].fillna(-1).to_numpy(dtype=np.int64)
    return rows


def _skim(dense: np.ndarray, zone_ids: list[str], source: str, path: Path) -> Skim:
    """Check the times and store the reachable pairs (a missing diagonal counts as 0)."""
    negative = np.isfinite(dense) & (dense < 0)
    if negative.any():
        r, c = (int(x[0]) for x in np.nonzero(negative))
        raise InputDataError(
            f"{path}: time {dense[r, c]:g} from zone {zone_ids[r]} to {zone_ids[c]}: times must be >= 0"
        )
    if len(set(zone_ids)) != len(zone_ids):
        raise InputDataError(f"{path}: zone ids repeat; each zone must have one id")
    diagonal = np.diag_indices(dense.shape[0])
    dense[diagonal] = np.where(np.isfinite(dense[diagonal]), dense[diagonal], 0.0)
    rows, cols = np.nonzero(np.isfinite(dense))
    minutes = sp.csr_matrix(
        (np.maximum(dense[rows, cols], MIN_ENTRY), (rows, cols)), shape=dense.shape, dtype=np.float64
    )
    return Skim(zone_ids=zone_ids, minutes=minutes, source=source)


def _pick(names: list[str], wanted: str | None, path: Path, what: str, option: str) -> str:
    if wanted is not None:
        if wanted not in names:
            raise InputDataError(f"{path}: no {what} {wanted!r}; it has {', '.join(names) or 'none'}")
        return wanted
    if len(names) != 1:
        raise InputDataError(
            f"{path}: {len(names)} {what}s ({', '.join(names) or 'none'}); choose one with {option}"
        )
    return names[0]


def _mapping_ids(mapping: dict[object, int], n: int, path: Path) -> list[str]:
    ids = [""] * n
    for key, pos in mapping.items():
        if not 0 <= int(pos) < n:
            raise InputDataError(
                f"{path}: the zone mapping points outside the matrix (position {pos} of {n})"
            )
        ids[int(pos)] = str(key.decode() if isinstance(key, bytes) else key)
    if "" in ids:
        raise InputDataError(f"{path}: the zone mapping leaves {ids.count('')} row(s) without an id")
    return ids


def _unit(units: str) -> str:
    if units not in _TO_MINUTES:
        raise InputDataError(f"skim units must be one of {', '.join(_TO_MINUTES)}, got {units!r}")
    return units
