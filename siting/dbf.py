"""Shapefile (DBF) limits: 10-character field names and 254-byte text values, and how we fit within them.

:data:`FIELD_NAMES_SHP` gives every plan column its DBF name; :func:`field_names` makes one layer's names
unique; :func:`split_utf8` cuts long text into parts that join back (:mod:`siting.export` writes them as
numbered fields and lists them in ``shapefiles/FIELDS.csv``).
"""

from __future__ import annotations

__all__ = [
    "FIELD_NAMES_SHP",
    "SHP_MAX_FIELDS",
    "SHP_TEXT_MAX_BYTES",
    "STAGE_FIELD_PREFIXES_SHP",
    "field_name",
    "field_names",
    "split_utf8",
]

#: Shapefile (DBF) field name of every column of the :class:`~siting.results.PlanResult` layers.
#: DBF names are at most 10 characters and case-insensitive; each layer's names are unique.
#: Units stay in the name where they fit (``_m`` metres, ``_min`` minutes).
FIELD_NAMES_SHP: dict[str, str] = {
    # ids and names (all layers)
    "site_id": "site_id",
    "data_source": "data_src",
    "pile_site_id": "pile_site",
    "terminal_id": "term_id",
    "demand_id": "demand_id",
    "county_id": "county_id",
    "county_name": "county_nm",
    "name": "name",
    "name_en": "name_en",
    "name_zh": "name_zh",
    "kind": "kind",
    # flags
    "existing": "existing",
    "locked": "locked",
    "opened": "opened",
    "covered": "covered",
    "fast_covered": "fast_cov",
    # stations
    "fast_ev_covered": "fast_ev_cv",
    "fast_ev_unique": "fast_ev_un",
    "mean_access_min": "mn_acc_min",
    "terminals_covered": "term_cov",
    "terminal_names": "term_names",
    "reason_en": "reason_en",
    "reason_zh": "reason_zh",
    # piles
    "piles": "piles",
    "capacity_piles": "cap_piles",
    "slow_ev_served": "slow_ev_sv",
    # terminals
    "nearest_station_id": "near_st_id",
    "nearest_station_m": "near_st_m",
    # demand and counties
    "population": "population",
    "fast_demand_ev": "fast_dm_ev",
    "slow_demand_ev": "slow_dm_ev",
    "access_time_min": "acc_min",
    "fast_served_share": "fast_sv_sh",
    # stations: sizing, grid, terminals and corridors (planning model)
    "chargers": "chargers",
    "power_kw": "power_kw",
    "peak_sessions_per_h": "peak_ses_h",
    "utilisation": "util",
    "wait_probability": "p_wait",
    "expected_wait_min": "wait_min",
    "rural": "rural",
    "substation_id": "subst_id",
    "grid_distance_m": "grid_m",
    "terminals_sole": "term_sole",
    "corridor_trips": "corr_trips",
    "corridor_trips_critical": "corr_crit",
    "corridor_flow_critical_per_day": "crit_flow",
    # substations
    "voltage_kv": "voltage_kv",
    "headroom_kw": "headrm_kw",
    "headroom_source": "headrm_src",
    "source": "source",
    # corridor trips
    "trip_id": "trip_id",
    "origin": "origin",
    "destination": "dest",
    "origin_zh": "origin_zh",
    "destination_zh": "dest_zh",
    "origin_kind": "orig_kind",
    "destination_kind": "dest_kind",
    "flow_ev_trips_per_day": "flow_day",
    "length_km": "length_km",
    "network_km": "network_km",
    "coverable": "coverable",
    "needs_charging": "needs_chg",
    "n_checkpoints": "n_checkpt",
    "gap_at_km": "gap_at_km",
    "candidates_in_radius": "cand_in_r",
    # stations by stage
    "opened_in": "opened_in",
    # worst-served zones
    "rank": "rank",
    "fast_ev_unserved": "fast_ev_us",
    # major roads
    "road_class": "road_class",
    "road_class_zh": "road_cl_zh",
}

#: Shapefile names of the per-stage columns (``<prefix><stage>``, e.g. ``load_kw_2030``): the prefix is
#: replaced, the stage name kept (``load_2030``), and the result cut to 10 characters.  Applies only to
#: columns not in :data:`FIELD_NAMES_SHP`.
STAGE_FIELD_PREFIXES_SHP: dict[str, str] = {
    "headroom_used_": "used_",
    "load_kw_": "load_",
    "stations_": "stns_",
    "chargers_": "chg_",
    "covered_": "cov_",
}

#: Longest text a DBF field can hold, in bytes.
SHP_TEXT_MAX_BYTES = 254

#: Most fields a DBF file holds.
SHP_MAX_FIELDS = 255


def split_utf8(text: str, max_bytes: int = SHP_TEXT_MAX_BYTES) -> list[str]:
    """``text`` in pieces of at most ``max_bytes`` UTF-8 bytes each; ``"".join`` gives it back.

    A piece never ends inside a character, and it neither ends nor starts with white space wherever the
    text has two neighbouring non-space characters to cut between (GDAL's DBF reader strips the blanks
    at both ends of a field value).
    """
    pieces: list[str] = []
    rest = text
    while len(rest.encode("utf-8")) > max_bytes:
        cut = len(rest.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore"))
        end = cut
        while end > 1 and (rest[end - 1].isspace() or rest[end].isspace()):
            end -= 1
        end = end if end > 1 else cut
        pieces.append(rest[:end])
        rest = rest[end:]
    return [*pieces, rest]


def field_name(col: str) -> str:
    """DBF name of one column before truncation and de-duplication (see :data:`FIELD_NAMES_SHP`).

    ``col#k`` is part ``k`` of a split text column: the name cut to leave room for the number.
    """
    if "#" in col:
        base, _, k = col.rpartition("#")
        return field_name(base)[: 10 - len(k)] + k
    if col in FIELD_NAMES_SHP:
        return FIELD_NAMES_SHP[col]
    for prefix, short in STAGE_FIELD_PREFIXES_SHP.items():
        if col.startswith(prefix) and len(col) > len(prefix):
            return short + col[len(prefix) :]
    return col


def field_names(columns: list[str]) -> dict[str, str]:
    """Short, unique (case-insensitively) DBF names for the columns of one layer."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for col in columns:
        short = field_name(col)[:10]
        candidate, k = short, 1
        while candidate.lower() in taken:
            suffix = f"_{k}"
            candidate = short[: 10 - len(suffix)] + suffix
            k += 1
        taken.add(candidate.lower())
        names[col] = candidate
    return names
