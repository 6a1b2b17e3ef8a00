"""Parts and stages of the model as :class:`~siting.model.data.ModelData` of their own.

The station part and the pile part share no row (``docs/model.md``), so they are solved apart
(:func:`split_parts`); each stage of the planning model is the base model with the stage's targets and demand
(:func:`stage_data`); zones with identical coverage sets can be merged exactly in the station part
(:func:`merge_identical_zones`).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import scipy.sparse as sp

from siting._sparse import canonical_csr
from siting._typing import IntArray
from siting.model.data import ModelData, Stage
from siting.model.objective import tie_break_coefficients
from siting.model.sparse import identical_rows

__all__ = ["merge_identical_zones", "split_parts", "stage_data"]


def split_parts(data: ModelData) -> tuple[ModelData, ModelData]:
    """Return the station part and the pile part of the model as two :class:`ModelData`.

    The two share no row (``docs/model.md``): the station part keeps coverage, terminals, county
    station minimums and locked sites with no piles to place; the pile part keeps the piles and
    their county minimums with no station to open.  The optimum of the model is the sum of the two
    optima, and a plan is the stations of one with the piles of the other.
    """
    no_counties = np.zeros(data.n_counties, dtype=np.int64)
    stations = dataclasses.replace(
        data,
        n_piles=0,
        walk_dist_m=sp.csr_matrix(data.walk_dist_m.shape, dtype=np.float64),
        demand_slow_ev=np.zeros(data.n_demand),
        county_min_piles=no_counties,
        pile_capacity=np.zeros(data.n_pile_sites, dtype=np.int64),
    )
    piles = dataclasses.replace(
        data,
        n_stations=0,
        terminal_quota=0,
        demand_fast_ev=np.zeros(data.n_demand),
        fast_time_min=sp.csr_matrix(data.fast_time_min.shape, dtype=np.float64),
        terminal_dist_m=sp.csr_matrix(data.terminal_dist_m.shape, dtype=np.float64),
        county_min_stations=no_counties,
        station_locked=np.zeros(data.n_candidates, dtype=bool),
        site_bonus=np.zeros(data.n_candidates),
    )
    return stations, piles


def stage_data(data: ModelData, stage: Stage) -> ModelData:
    """Return ``data`` with the targets and demand of ``stage`` (the base model of that stage)."""
    return dataclasses.replace(
        data,
        n_stations=int(stage.n_stations),
        n_piles=int(stage.n_piles),
        terminal_quota=int(stage.terminal_quota),
        demand_fast_ev=np.asarray(data.demand_fast_ev, dtype=np.float64) * stage.demand_factor,
        demand_slow_ev=np.asarray(data.demand_slow_ev, dtype=np.float64) * stage.demand_factor,
        county_min_stations=np.asarray(stage.county_min_stations, dtype=np.int64),
        county_min_piles=np.asarray(stage.county_min_piles, dtype=np.int64),
        site_bonus=None,
        planning=None,
    )


def merge_identical_zones(data: ModelData) -> tuple[ModelData, IntArray]:
    r"""Merge the zones of a station-part model whose coverage sets :math:`N_i` are identical (exact).

    Zones with the same :math:`N_i` enter every station family only through :math:`a_i` and
    :math:`\lambda_i \propto a_i`, so one zone with the summed demand gives the same optimum (give the
    merged zone's share :math:`y` to each of its zones).  The tie-break coefficients of the unmerged
    data are kept as ``site_bonus``.  Returns the merged data and ``zone_of`` (merged row of each zone).
    """
    cover = canonical_csr(data.fast_time_min)
    group, leaders = identical_rows(cover)
    bonus = tie_break_coefficients(data)
    demand = np.bincount(
        group, weights=np.asarray(data.demand_fast_ev, dtype=np.float64), minlength=leaders.size
    )
    merged = dataclasses.replace(
        data,
        demand_fast_ev=demand.astype(np.float64),
        demand_slow_ev=np.zeros(leaders.size),
        fast_time_min=cover[leaders],
        walk_dist_m=sp.csr_matrix((leaders.size, data.n_pile_sites), dtype=np.float64),
        site_bonus=bonus,
    )
    return merged, group
