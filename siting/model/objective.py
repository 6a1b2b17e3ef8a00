"""The objective's coefficients, computed from the data (no solver): tie-break and plan value.

:func:`tie_break_coefficients` gives the coefficient :math:`b_j` of every station variable and
:func:`plan_objective` the objective of a plan given as arrays; the Pyomo reference model
(:mod:`siting.model.reference`), the sparse-array model (:mod:`siting.model.arrays`), the heuristics and the
evaluation all use these, so they report one and the same number.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from siting._sparse import canonical_csr
from siting._typing import FloatArray
from siting.model.data import ModelData

__all__ = ["plan_objective", "proximity_scores", "tie_break_coefficients"]


def proximity_scores(data: ModelData) -> FloatArray:
    r"""Return each candidate's proximity to the demand it covers, ``g_j``.

    .. math::

        g_j = \sum_{i : j \in N_i} a_i \left(1 - \frac{t_{ij}}{\tau}\right)

    with :math:`t_{ij}` the drive time in minutes (entry of ``fast_time_min``) and :math:`\tau` =
    ``fast_minutes``.  A candidate scores high when much demand lies within a short drive.  Terms
    are clipped at 0, so an entry above ``fast_minutes`` (which the matrix should not contain) adds
    nothing.

    Returns
    -------
    numpy.ndarray
        ``(n_candidates,)`` scores in EVs (non-negative).
    """
    cover = canonical_csr(data.fast_time_min)
    demand = np.asarray(data.demand_fast_ev, dtype=np.float64)
    tau = float(data.fast_minutes)
    rows = np.repeat(np.arange(cover.shape[0]), np.diff(cover.indptr))
    closeness = np.clip(1.0 - np.asarray(cover.data, dtype=np.float64) / tau, 0.0, 1.0)
    weights = np.maximum(demand[rows], 0.0) * closeness
    return np.bincount(cover.indices, weights=weights, minlength=cover.shape[1]).astype(np.float64)


def tie_break_coefficients(data: ModelData) -> FloatArray:
    r"""Return the objective coefficient ``b_j`` of every station variable (the tie-break).

    .. math::

        b_j = \varepsilon \, \frac{w_f \sum_{i} a_i}{G_p} \, g_j,
        \qquad G_p = \text{sum of the } p \text{ largest } g_j

    Any plan opens ``p`` stations, so :math:`\sum_j b_j x_j \le \varepsilon \, w_f \sum_i a_i`: the
    tie-break is worth at most a share ``epsilon`` of all fast-charging demand and only decides
    between plans whose coverage differs by less than that.  All ``b_j`` are 0 when ``epsilon``,
    ``w_f``, the demand or every ``g_j`` is 0.

    When ``data.site_bonus`` is set (a reduced model, see :mod:`siting.solve.reduce`) it is returned
    instead: it already holds the original coefficients plus the demand of absorbed zones.

    Returns
    -------
    numpy.ndarray
        ``(n_candidates,)`` coefficients (non-negative).
    """
    if data.site_bonus is not None:
        return np.asarray(data.site_bonus, dtype=np.float64)
    scores = proximity_scores(data)
    p = max(0, min(int(data.n_stations), scores.size))
    total = float(data.weight_fast) * float(np.maximum(data.demand_fast_ev, 0.0).sum())
    top = float(np.sort(scores)[::-1][:p].sum()) if p > 0 else 0.0
    if data.tie_break <= 0 or total <= 0 or top <= 0:
        return np.zeros(scores.size, dtype=np.float64)
    return float(data.tie_break) * total / top * scores


def plan_objective(
    data: ModelData,
    open_station: npt.NDArray[np.bool_],
    fast_covered: npt.NDArray[np.bool_],
    slow_served_ev: FloatArray,
) -> float:
    """Return the objective value of a plan given as arrays (same formula as the model).

    Parameters
    ----------
    data
        Model inputs.
    open_station
        ``(n_candidates,)`` opened sites.
    fast_covered
        ``(n_demand,)`` zones with an open station within ``fast_minutes``.
    slow_served_ev
        ``(n_demand,)`` EVs served by piles per zone.
    """
    demand = np.asarray(data.demand_fast_ev, dtype=np.float64)
    fast = float(demand[np.asarray(fast_covered, dtype=bool)].sum())
    slow = float(np.asarray(slow_served_ev, dtype=np.float64).sum())
    ties = float(tie_break_coefficients(data)[np.asarray(open_station, dtype=bool)].sum())
    return float(data.weight_fast) * fast + float(data.weight_slow) * slow + ties
