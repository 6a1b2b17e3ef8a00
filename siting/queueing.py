r"""M/M/c (Erlang-C) queueing maths for sizing the fast chargers of a charging station.

Model.  A station with :math:`c` identical fast chargers is an M/M/c queue:

* EVs arrive as a Poisson process of rate :math:`\lambda` (sessions per hour);
* charging sessions are exponentially distributed with mean :math:`1/\mu` (``session_min`` minutes), so
  :math:`\mu = 60 / \text{session\_min}` sessions per hour per charger;
* waiting EVs are served first-come-first-served by whichever charger frees first;
* the queue is unlimited (nobody is turned away and nobody gives up).

The offered load is :math:`a = \lambda / \mu` Erlangs and the utilisation :math:`\rho = a / c = \lambda /
(c\mu)`.  The queue is stable only when :math:`a < c`; otherwise it grows without bound and every arrival
waits (probability 1, mean wait :math:`\infty`).

Erlang B (blocking probability of the loss system) is computed with the numerically stable recursion

.. math::

    B(0, a) = 1, \qquad B(k, a) = \frac{a \, B(k-1, a)}{k + a \, B(k-1, a)}, \quad k = 1, \dots, c,

which never forms :math:`a^c` or :math:`c!`.  Erlang C, the probability that an arrival has to wait, follows
from it:

.. math::

    C(c, a) = \frac{c \, B(c, a)}{c - a \, (1 - B(c, a))} \quad (a < c).

The waiting time :math:`W` (before a charger is free) of an arrival then satisfies

.. math::

    P(W > t) = C(c, a) \, e^{-(c\mu - \lambda) t}, \qquad
    W_q = E[W] = \frac{C(c, a)}{c\mu - \lambda}.

:func:`max_arrivals_per_h` inverts :math:`P(W > t) \le p` for :math:`\lambda` by bisection on
:math:`(0, c\mu)`; :math:`P(W > t)` increases with :math:`\lambda` because both :math:`C` and the
exponential factor do.  :func:`capacity_table` tabulates that capacity per number of chargers and
:func:`chargers_needed` picks the smallest number of chargers meeting the service target.
:class:`QueueAssumptions` turns EVs into peak-hour arrivals.

Units: arrival rates are per hour, session and waiting times in minutes.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import numpy.typing as npt
import pandas as pd

from siting._errors import ScenarioError
from siting._typing import FloatArray

__all__ = [
    "QUEUE_COLUMNS",
    "QueueAssumptions",
    "capacity_table",
    "chargers_needed",
    "erlang_b",
    "erlang_c",
    "expected_wait_min",
    "max_arrivals_per_h",
    "station_queue_figures",
    "utilisation",
    "wait_probability",
]


#: Columns of :func:`station_queue_figures`.
QUEUE_COLUMNS = ["arrivals_per_h", "chargers", "utilisation", "wait_probability", "expected_wait_min"]

#: Relative tolerance of the bisection in :func:`max_arrivals_per_h`.
BISECTION_RTOL = 1e-10

_MAX_BISECTION_STEPS = 5000


# ----------------------------------------------------------------------------------------------------
# Input checks
# ----------------------------------------------------------------------------------------------------


def _servers(servers: Any, *, name: str = "servers", minimum: int = 1) -> int:
    """``servers`` as an int >= ``minimum``, or raise :class:`ScenarioError`."""
    try:
        value = operator.index(servers)
    except TypeError:
        raise ScenarioError(
            f"{name} must be a whole number of chargers, got {servers!r}; give an integer such as 4"
        ) from None
    if value < minimum:
        raise ScenarioError(f"{name} must be at least {minimum}, got {value}; give at least {minimum}")
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)


def _positive_problem(name: str, value: Any, unit: str) -> str | None:
    if not _is_number(value) or not math.isfinite(value) or value <= 0:
        return f"{name} must be a positive finite number of {unit}, got {value!r}; give a value above 0"
    return None


def _non_negative_problem(name: str, value: Any, unit: str) -> str | None:
    if not _is_number(value) or not math.isfinite(value) or value < 0:
        return f"{name} must be a finite number of {unit} >= 0, got {value!r}; give 0 or more"
    return None


def _probability_problem(name: str, value: Any) -> str | None:
    if not _is_number(value) or not math.isfinite(value) or not 0 < value < 1:
        return f"{name} must be a probability strictly between 0 and 1, got {value!r}; e.g. 0.2 for 20 %"
    return None


def _raise_if_any(*problems: str | None) -> None:
    found = [p for p in problems if p is not None]
    if found:
        raise ScenarioError(*found)


def _target_problems(session_min: Any, max_wait_min: Any, wait_probability: Any) -> list[str | None]:
    return [
        _positive_problem("session_min", session_min, "minutes"),
        _non_negative_problem("max_wait_min", max_wait_min, "minutes"),
        _probability_problem("wait_probability", wait_probability),
    ]


def _charger_range_problems(min_chargers: Any, max_chargers: Any) -> list[str | None]:
    problems: list[str | None] = []
    lo = hi = None
    for name, value in (("min_chargers", min_chargers), ("max_chargers", max_chargers)):
        try:
            number = operator.index(value)
        except TypeError:
            problems.append(f"{name} must be a whole number of chargers, got {value!r}; give an integer")
            continue
        if name == "min_chargers":
            lo = number
            if number < 1:
                problems.append(f"min_chargers must be at least 1, got {number}; give 1 or more")
        else:
            hi = number
    if lo is not None and hi is not None and hi < lo:
        problems.append(
            f"max_chargers ({hi}) must not be below min_chargers ({lo}); "
            "raise max_chargers or lower min_chargers"
        )
    return problems


# ----------------------------------------------------------------------------------------------------
# Erlang formulas
# ----------------------------------------------------------------------------------------------------


def _erlang_b(servers: int, load_erl: float) -> float:
    b = 1.0
    for k in range(1, servers + 1):
        ab = load_erl * b
        b = ab / (k + ab)
    return b


def _erlang_c(servers: int, load_erl: float) -> float:
    if load_erl >= servers:
        return 1.0
    b = _erlang_b(servers, load_erl)
    return servers * b / (servers - load_erl * (1.0 - b))


def _p_wait(servers: int, arrivals_per_h: float, session_min: float, wait_min: float) -> float:
    """P(W > wait_min) without input checks."""
    load_erl = arrivals_per_h * session_min / 60.0
    if load_erl >= servers:
        return 1.0
    spare_per_min = (servers - load_erl) / session_min  # (c mu - lambda) per minute, > 0 here
    return _erlang_c(servers, load_erl) * math.exp(-spare_per_min * wait_min)


def _mean_wait(servers: int, arrivals_per_h: float, session_min: float) -> float:
    load_erl = arrivals_per_h * session_min / 60.0
    if load_erl >= servers:
        return math.inf
    spare_per_min = (servers - load_erl) / session_min  # (c mu - lambda) per minute, > 0 here
    return _erlang_c(servers, load_erl) / spare_per_min


def erlang_b(servers: int, offered_load_erl: float) -> float:
    """Erlang B: probability that all ``servers`` are busy in a loss system (M/M/c/c).

    Parameters
    ----------
    servers
        Number of servers (chargers), >= 0.
    offered_load_erl
        Offered load in Erlangs (arrival rate × mean session time), >= 0.

    Returns
    -------
    float
        Blocking probability in [0, 1], from the recursion in the module docstring.
    """
    c = _servers(servers, minimum=0)
    _raise_if_any(_non_negative_problem("offered_load_erl", offered_load_erl, "Erlangs"))
    return _erlang_b(c, float(offered_load_erl))


def erlang_c(servers: int, offered_load_erl: float) -> float:
    """Erlang C: probability that an arrival has to wait in an M/M/c queue.

    Parameters
    ----------
    servers
        Number of servers (chargers), >= 1.
    offered_load_erl
        Offered load in Erlangs, >= 0.

    Returns
    -------
    float
        Probability of waiting in [0, 1]; 1.0 when ``offered_load_erl >= servers`` (unstable queue).
    """
    c = _servers(servers)
    _raise_if_any(_non_negative_problem("offered_load_erl", offered_load_erl, "Erlangs"))
    return _erlang_c(c, float(offered_load_erl))


def _check_rates(arrivals_per_h: Any, session_min: Any) -> list[str | None]:
    return [
        _non_negative_problem("arrivals_per_h", arrivals_per_h, "sessions per hour"),
        _positive_problem("session_min", session_min, "minutes"),
    ]


def wait_probability(servers: int, arrivals_per_h: float, session_min: float, wait_min: float) -> float:
    """Probability that an arriving EV waits longer than ``wait_min`` for a free charger.

    Parameters
    ----------
    servers
        Number of chargers, >= 1.
    arrivals_per_h
        Arrival rate in sessions per hour, >= 0.
    session_min
        Mean charging session in minutes, > 0.
    wait_min
        Waiting-time threshold in minutes, >= 0 (0 gives the Erlang C probability of waiting at all).

    Returns
    -------
    float
        :math:`P(W > t) = C(c, a) e^{-(c\\mu - \\lambda) t}`; 1.0 for an unstable queue.
    """
    c = _servers(servers)
    _raise_if_any(
        *_check_rates(arrivals_per_h, session_min), _non_negative_problem("wait_min", wait_min, "minutes")
    )
    return _p_wait(c, float(arrivals_per_h), float(session_min), float(wait_min))


def expected_wait_min(servers: int, arrivals_per_h: float, session_min: float) -> float:
    """Mean waiting time for a free charger, over all arrivals (those not waiting count as 0).

    Parameters
    ----------
    servers
        Number of chargers, >= 1.
    arrivals_per_h
        Arrival rate in sessions per hour, >= 0.
    session_min
        Mean charging session in minutes, > 0.

    Returns
    -------
    float
        :math:`W_q = C(c, a) / (c\\mu - \\lambda)` in minutes; ``math.inf`` for an unstable queue.
    """
    c = _servers(servers)
    _raise_if_any(*_check_rates(arrivals_per_h, session_min))
    return _mean_wait(c, float(arrivals_per_h), float(session_min))


def utilisation(servers: int, arrivals_per_h: float, session_min: float) -> float:
    """Share of time a charger is busy, :math:`\\rho = \\lambda / (c\\mu)`.

    Parameters
    ----------
    servers
        Number of chargers, >= 1.
    arrivals_per_h
        Arrival rate in sessions per hour, >= 0.
    session_min
        Mean charging session in minutes, > 0.

    Returns
    -------
    float
        Utilisation; values >= 1 mean the queue is unstable (demand exceeds capacity).
    """
    c = _servers(servers)
    _raise_if_any(*_check_rates(arrivals_per_h, session_min))
    return float(arrivals_per_h) * float(session_min) / (60.0 * c)


# ----------------------------------------------------------------------------------------------------
# Capacity and sizing
# ----------------------------------------------------------------------------------------------------


def _max_arrivals(servers: int, session_min: float, max_wait_min: float, target: float) -> float:
    hi = servers * 60.0 / session_min  # c·μ: P(W > t) = 1 > target here
    lo = 0.0  # P(W > t) = 0 <= target here
    for _ in range(_MAX_BISECTION_STEPS):
        if lo > 0 and hi - lo <= BISECTION_RTOL * lo:
            break
        mid = 0.5 * (lo + hi)
        if mid <= lo or mid >= hi:  # no float left between the bounds
            break
        if _p_wait(servers, mid, session_min, max_wait_min) <= target:
            lo = mid
        else:
            hi = mid
    return lo


def max_arrivals_per_h(
    servers: int, *, session_min: float, max_wait_min: float, wait_probability: float
) -> float:
    """Largest arrival rate that ``servers`` chargers serve within the waiting-time target.

    Parameters
    ----------
    servers
        Number of chargers, >= 1.
    session_min
        Mean charging session in minutes, > 0.
    max_wait_min
        Acceptable wait in minutes, >= 0.
    wait_probability
        Largest acceptable share of arrivals waiting longer than ``max_wait_min``, in (0, 1).

    Returns
    -------
    float
        Arrival rate in sessions per hour at which :math:`P(W > \\text{max\\_wait\\_min})` reaches
        ``wait_probability``, found by bisection on :math:`(0, c\\mu)` to a relative tolerance of
        :data:`BISECTION_RTOL`.  The returned rate always meets the target.
    """
    c = _servers(servers)
    _raise_if_any(*_target_problems(session_min, max_wait_min, wait_probability))
    return _max_arrivals(c, float(session_min), float(max_wait_min), float(wait_probability))


def capacity_table(
    *,
    min_chargers: int,
    max_chargers: int,
    session_min: float,
    max_wait_min: float,
    wait_probability: float,
) -> FloatArray:
    """:func:`max_arrivals_per_h` for every number of chargers from ``min_chargers`` to ``max_chargers``.

    Parameters
    ----------
    min_chargers
        Smallest number of chargers, >= 1.
    max_chargers
        Largest number of chargers, >= ``min_chargers``.
    session_min
        Mean charging session in minutes, > 0.
    max_wait_min
        Acceptable wait in minutes, >= 0.
    wait_probability
        Largest acceptable share of arrivals waiting longer than ``max_wait_min``, in (0, 1).

    Returns
    -------
    numpy.ndarray
        float64 capacities in sessions per hour; index ``i`` is for ``min_chargers + i`` chargers.

    Raises
    ------
    ScenarioError
        Listing every invalid parameter at once.
    """
    _raise_if_any(
        *_charger_range_problems(min_chargers, max_chargers),
        *_target_problems(session_min, max_wait_min, wait_probability),
    )
    lo, hi = operator.index(min_chargers), operator.index(max_chargers)
    return np.array(
        [
            _max_arrivals(c, float(session_min), float(max_wait_min), float(wait_probability))
            for c in range(lo, hi + 1)
        ],
        dtype=np.float64,
    )


def chargers_needed(
    arrivals_per_h: float,
    *,
    session_min: float,
    max_wait_min: float,
    wait_probability: float,
    min_chargers: int,
    max_chargers: int,
) -> int | None:
    """Smallest number of chargers in ``[min_chargers, max_chargers]`` that meets the waiting-time target.

    Parameters
    ----------
    arrivals_per_h
        Arrival rate in sessions per hour, >= 0.
    session_min
        Mean charging session in minutes, > 0.
    max_wait_min
        Acceptable wait in minutes, >= 0.
    wait_probability
        Largest acceptable share of arrivals waiting longer than ``max_wait_min``, in (0, 1).
    min_chargers
        Smallest number of chargers a station gets, >= 1.
    max_chargers
        Largest number of chargers a station may get, >= ``min_chargers``.

    Returns
    -------
    int or None
        The number of chargers, or None when even ``max_chargers`` leaves more than ``wait_probability`` of
        arrivals waiting longer than ``max_wait_min``.
    """
    _raise_if_any(
        _non_negative_problem("arrivals_per_h", arrivals_per_h, "sessions per hour"),
        *_charger_range_problems(min_chargers, max_chargers),
        *_target_problems(session_min, max_wait_min, wait_probability),
    )
    lam, session, wait, target = (
        float(arrivals_per_h),
        float(session_min),
        float(max_wait_min),
        float(wait_probability),
    )
    for c in range(operator.index(min_chargers), operator.index(max_chargers) + 1):
        if _p_wait(c, lam, session, wait) <= target:
            return c
    return None


def station_queue_figures(
    arrivals_per_h: npt.ArrayLike,
    chargers: npt.ArrayLike,
    *,
    session_min: float,
    max_wait_min: float,
) -> pd.DataFrame:
    """Queue figures of many stations at once.

    Parameters
    ----------
    arrivals_per_h
        1-D array of peak-hour arrival rates per station, sessions per hour, >= 0.
    chargers
        1-D integer array of chargers per station, >= 0, same length (0 = no fast chargers).
    session_min
        Mean charging session in minutes, > 0.
    max_wait_min
        Waiting-time threshold in minutes, >= 0.

    Returns
    -------
    pandas.DataFrame
        One row per station with columns :data:`QUEUE_COLUMNS`: ``arrivals_per_h``, ``chargers``,
        ``utilisation`` (λ/(cμ)), ``wait_probability`` (P(W > max_wait_min)) and ``expected_wait_min``
        (minutes, ``inf`` when unstable).  Rows with 0 chargers have NaN figures.
    """
    lam = np.asarray(arrivals_per_h, dtype=np.float64)
    raw_chargers = np.asarray(chargers)
    problems: list[str | None] = [
        _positive_problem("session_min", session_min, "minutes"),
        _non_negative_problem("max_wait_min", max_wait_min, "minutes"),
    ]
    if lam.ndim != 1 or raw_chargers.ndim != 1 or lam.shape != raw_chargers.shape:
        problems.append(
            f"arrivals_per_h (shape {lam.shape}) and chargers (shape {raw_chargers.shape}) must be 1-D "
            "arrays of the same length; give one value of each per station"
        )
    if raw_chargers.size and not np.issubdtype(raw_chargers.dtype, np.integer):
        problems.append(f"chargers must be integers, got dtype {raw_chargers.dtype}; cast with astype(int)")
    elif raw_chargers.size and (raw_chargers < 0).any():
        problems.append("chargers must be >= 0; a station without fast chargers has 0")
    if lam.size and not (np.isfinite(lam) & (lam >= 0)).all():
        problems.append(
            "arrivals_per_h must be finite and >= 0 sessions per hour; fix the NaN or negative rates"
        )
    _raise_if_any(*problems)

    n_chargers = raw_chargers.astype(np.int64)
    session, wait = float(session_min), float(max_wait_min)
    util = np.full(lam.shape, np.nan)
    p_wait = np.full(lam.shape, np.nan)
    mean_wait = np.full(lam.shape, np.nan)
    for i, (rate, c) in enumerate(zip(lam.tolist(), n_chargers.tolist(), strict=True)):
        if c == 0:
            continue
        util[i] = rate * session / (60.0 * c)
        p_wait[i] = _p_wait(c, rate, session, wait)
        mean_wait[i] = _mean_wait(c, rate, session)
    return pd.DataFrame(
        {
            "arrivals_per_h": lam,
            "chargers": n_chargers,
            "utilisation": util,
            "wait_probability": p_wait,
            "expected_wait_min": mean_wait,
        },
        columns=QUEUE_COLUMNS,
    )


# ----------------------------------------------------------------------------------------------------
# Demand → arrivals
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueAssumptions:
    """Planning assumptions that turn EVs near a station into peak-hour fast-charging arrivals.

    No statistics of NEV charging sessions are published for Guang'an, so these are *planning assumptions*
    in the style of common charging-infrastructure planning practice (peak-hour design demand, a service
    target on the waiting time), not measured values.  GB/T 51313-2018 "电动汽车分散充电设施工程技术标准"
    is context for this kind of planning; the default numbers below are this project's assumptions and are not
    taken from that standard.  Replace them with local data when available.

    The peak-hour arrival rate at a station serving ``evs`` vehicles is

    .. math::

        \\lambda = \\text{evs} \\times \\text{fast\\_sessions\\_per\\_ev\\_day} \\times
        \\text{peak\\_hour\\_share} \\quad \\text{(sessions per hour)}

    and the station is sized with the M/M/c model of this module.

    Attributes
    ----------
    fast_sessions_per_ev_day
        Public fast-charging sessions per EV per day (sessions/EV/day); 0.1 means an EV fast-charges in
        public about every ten days.  >= 0.
    peak_hour_share
        Share of a day's sessions that fall in the busiest hour (dimensionless), in (0, 1].
    session_min
        Mean fast-charging session (plug-in to plug-out) in minutes, > 0.
    charger_kw
        Rated power of one fast charger in kW, > 0 (station power = chargers × charger_kw).
    max_wait_min
        Waiting-time threshold of the service target in minutes, >= 0.
    wait_probability
        Largest acceptable share of peak-hour arrivals waiting longer than ``max_wait_min``, in (0, 1).
    min_chargers
        Fewest fast chargers a station gets, >= 1.
    max_chargers
        Most fast chargers a station may get, >= ``min_chargers``.
    """

    fast_sessions_per_ev_day: float = 0.1
    peak_hour_share: float = 0.12
    session_min: float = 30.0
    charger_kw: float = 120.0
    max_wait_min: float = 10.0
    wait_probability: float = 0.2
    min_chargers: int = 2
    max_chargers: int = 20

    def validate(self) -> None:
        """Raise one :class:`ScenarioError` listing every invalid field (nothing happens if all are valid)."""
        share = self.peak_hour_share
        share_problem = None
        if not _is_number(share) or not math.isfinite(share) or not 0 < share <= 1:
            share_problem = (
                f"peak_hour_share must be a share in (0, 1], got {share!r}; e.g. 0.12 for 12 % of daily "
                "sessions in the busiest hour"
            )
        _raise_if_any(
            _non_negative_problem(
                "fast_sessions_per_ev_day", self.fast_sessions_per_ev_day, "sessions per EV per day"
            ),
            share_problem,
            _positive_problem("charger_kw", self.charger_kw, "kW"),
            *_target_problems(self.session_min, self.max_wait_min, self.wait_probability),
            *_charger_range_problems(self.min_chargers, self.max_chargers),
        )

    @property
    def sessions_per_ev_peak_h(self) -> float:
        """Peak-hour fast-charging sessions per EV (sessions/EV/hour)."""
        return float(self.fast_sessions_per_ev_day) * float(self.peak_hour_share)

    @overload
    def arrivals_per_h(self, evs: float) -> float: ...

    @overload
    def arrivals_per_h(self, evs: npt.NDArray[Any]) -> FloatArray: ...

    def arrivals_per_h(self, evs: float | npt.NDArray[Any]) -> float | FloatArray:
        """Peak-hour fast-charging arrivals generated by ``evs`` vehicles.

        Parameters
        ----------
        evs
            Number of EVs (a float, or an array with one value per zone or station).

        Returns
        -------
        float or numpy.ndarray
            ``evs * fast_sessions_per_ev_day * peak_hour_share`` in sessions per hour; same shape as ``evs``.
        """
        rate = self.sessions_per_ev_peak_h
        if np.ndim(evs) == 0:
            return float(evs) * rate
        return np.asarray(evs, dtype=np.float64) * rate
