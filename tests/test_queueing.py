"""M/M/c (Erlang-C) queueing maths: textbook values, simulation, capacity inversion and validation."""

from __future__ import annotations

import dataclasses
import heapq
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from siting import queueing as q
from siting._errors import ScenarioError

# ---------------------------------------------------------------------------------------------------------
# Closed forms in exact rational arithmetic (independent of the recursion under test)
# ---------------------------------------------------------------------------------------------------------


def _terms(c: int, a: Fraction) -> list[Fraction]:
    return [a**k / math.factorial(k) for k in range(c + 1)]


def erlang_b_exact(c: int, a: Fraction) -> Fraction:
    """B(c, a) = (a^c / c!) / sum_{k<=c} a^k / k!."""
    terms = _terms(c, a)
    return terms[c] / sum(terms)


def erlang_c_exact(c: int, a: Fraction) -> Fraction:
    """C(c, a) = (a^c/c! · c/(c-a)) / (sum_{k<c} a^k/k! + a^c/c! · c/(c-a)), a < c."""
    terms = _terms(c, a)
    tail = terms[c] * c / (c - a)
    return tail / (sum(terms[:c]) + tail)


# ---------------------------------------------------------------------------------------------------------
# Erlang B and C
# ---------------------------------------------------------------------------------------------------------


def test_erlang_b_textbook_value() -> None:
    # Published Erlang B table value: 10 servers, 5 Erlangs.
    assert q.erlang_b(10, 5.0) == pytest.approx(0.01838457, abs=5e-9)
    assert q.erlang_b(10, 5.0) == pytest.approx(float(erlang_b_exact(10, Fraction(5))), rel=1e-13)


def test_erlang_b_trivial_cases() -> None:
    assert q.erlang_b(0, 3.0) == 1.0
    assert q.erlang_b(4, 0.0) == 0.0
    assert q.erlang_b(1, 1.0) == pytest.approx(0.5, rel=1e-15)  # a / (1 + a)


@pytest.mark.parametrize(
    ("c", "a"),
    [(1, Fraction(1, 2)), (2, Fraction(3, 2)), (5, Fraction(4)), (12, Fraction(17, 2)), (30, Fraction(25))],
)
def test_erlang_b_and_c_match_closed_forms(c: int, a: Fraction) -> None:
    assert q.erlang_b(c, float(a)) == pytest.approx(float(erlang_b_exact(c, a)), rel=1e-12)
    assert q.erlang_c(c, float(a)) == pytest.approx(float(erlang_c_exact(c, a)), rel=1e-12)


def test_erlang_b_is_stable_for_many_servers() -> None:
    # a^c and c! overflow floats here; the recursion does not.
    c, a = 400, Fraction(380)
    value = q.erlang_b(c, float(a))
    assert 0 < value < 1
    assert value == pytest.approx(float(erlang_b_exact(c, a)), rel=1e-10)
    assert q.erlang_c(c, float(a)) == pytest.approx(float(erlang_c_exact(c, a)), rel=1e-10)


def test_erlang_c_two_servers_one_erlang_is_one_third() -> None:
    assert q.erlang_c(2, 1.0) == pytest.approx(1 / 3, rel=1e-14)


@pytest.mark.parametrize("rho", [0.0, 0.1, 0.5, 0.9, 0.999])
def test_single_server_reduces_to_mm1(rho: float) -> None:
    session_min = 20.0
    mu_per_min = 1 / session_min
    lam_per_min = rho * mu_per_min
    arrivals_per_h = lam_per_min * 60
    assert q.erlang_c(1, rho) == pytest.approx(rho, rel=1e-14, abs=1e-300)
    assert q.utilisation(1, arrivals_per_h, session_min) == pytest.approx(rho, rel=1e-14, abs=1e-300)
    wq = rho / (mu_per_min - lam_per_min)
    assert q.expected_wait_min(1, arrivals_per_h, session_min) == pytest.approx(wq, rel=1e-12, abs=1e-300)
    t = 7.0
    p = rho * math.exp(-(mu_per_min - lam_per_min) * t)
    assert q.wait_probability(1, arrivals_per_h, session_min, t) == pytest.approx(p, rel=1e-12, abs=1e-300)


def test_erlang_c_exceeds_erlang_b_and_grows_with_load() -> None:
    loads = np.linspace(0.1, 5.9, 30)
    c_values = [q.erlang_c(6, float(a)) for a in loads]
    b_values = [q.erlang_b(6, float(a)) for a in loads]
    assert all(cv > bv for cv, bv in zip(c_values, b_values, strict=True))
    assert np.all(np.diff(c_values) > 0)


def test_unstable_queue_always_waits() -> None:
    assert q.erlang_c(3, 3.0) == 1.0
    assert q.erlang_c(3, 4.5) == 1.0
    # 3 chargers, 30 min sessions: capacity 6 sessions/h.
    assert q.wait_probability(3, 6.0, 30.0, 10.0) == 1.0
    assert q.wait_probability(3, 9.0, 30.0, 60.0) == 1.0
    assert q.expected_wait_min(3, 6.0, 30.0) == math.inf
    assert q.utilisation(3, 9.0, 30.0) == pytest.approx(1.5)


def test_no_arrivals_never_wait() -> None:
    assert q.wait_probability(2, 0.0, 30.0, 0.0) == 0.0
    assert q.expected_wait_min(2, 0.0, 30.0) == 0.0


def test_wait_probability_at_zero_is_erlang_c() -> None:
    assert q.wait_probability(5, 8.0, 30.0, 0.0) == pytest.approx(q.erlang_c(5, 4.0), rel=1e-15)


# ---------------------------------------------------------------------------------------------------------
# Discrete-event simulation of an M/M/c FCFS queue
# ---------------------------------------------------------------------------------------------------------


def simulate_waits(
    servers: int, arrivals_per_h: float, session_min: float, customers: int, seed: int
) -> np.ndarray:
    """Waiting times (minutes) of ``customers`` FCFS arrivals, with a heap of charger free times.

    Under FCFS the next arrival takes the charger that frees first, so its wait is
    ``max(0, earliest free time - arrival time)``.
    """
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(60.0 / arrivals_per_h, customers)).tolist()
    sessions = rng.exponential(session_min, customers).tolist()
    free = [0.0] * servers
    waits = [0.0] * customers
    for i, (arrive, session) in enumerate(zip(arrivals, sessions, strict=True)):
        earliest = free[0]
        start = earliest if earliest > arrive else arrive
        waits[i] = start - arrive
        heapq.heapreplace(free, start + session)
    return np.asarray(waits)


def test_formulas_match_simulation_five_chargers() -> None:
    c, lam, session = 5, 8.0, 30.0  # 4 Erlangs, utilisation 0.8
    waits = simulate_waits(c, lam, session, customers=1_000_000, seed=20240611)[20_000:]  # drop warm-up
    assert waits.mean() == pytest.approx(q.expected_wait_min(c, lam, session), rel=0.05)
    for t in (0.0, 5.0, 10.0, 30.0):
        assert (waits > t).mean() == pytest.approx(q.wait_probability(c, lam, session, t), rel=0.04), t


def test_formulas_match_simulation_two_chargers() -> None:
    c, lam, session = 2, 3.0, 24.0  # 1.2 Erlangs, utilisation 0.6
    waits = simulate_waits(c, lam, session, customers=400_000, seed=7)[10_000:]
    assert waits.mean() == pytest.approx(q.expected_wait_min(c, lam, session), rel=0.05)
    for t in (0.0, 10.0):
        assert (waits > t).mean() == pytest.approx(q.wait_probability(c, lam, session, t), rel=0.04), t


# ---------------------------------------------------------------------------------------------------------
# Capacity inversion and sizing
# ---------------------------------------------------------------------------------------------------------

TARGET = {"session_min": 30.0, "max_wait_min": 10.0, "wait_probability": 0.2}


@pytest.mark.parametrize("servers", [1, 2, 5, 12, 40])
@pytest.mark.parametrize(
    ("session_min", "max_wait_min", "target"), [(30.0, 10.0, 0.2), (45.0, 0.0, 0.05), (20.0, 15.0, 0.5)]
)
def test_max_arrivals_is_the_boundary(
    servers: int, session_min: float, max_wait_min: float, target: float
) -> None:
    lam = q.max_arrivals_per_h(
        servers, session_min=session_min, max_wait_min=max_wait_min, wait_probability=target
    )
    capacity = servers * 60.0 / session_min
    assert 0 < lam < capacity
    assert q.wait_probability(servers, lam, session_min, max_wait_min) <= target + 1e-9
    assert q.wait_probability(servers, lam * 1.001, session_min, max_wait_min) > target
    # The bisection tolerance is relative 1e-10: the target is hit almost exactly.
    assert q.wait_probability(servers, lam, session_min, max_wait_min) == pytest.approx(target, rel=1e-7)


def test_max_arrivals_single_charger_closed_form() -> None:
    # M/M/1 with t = 0: P(W > 0) = rho, so the capacity is target * mu.
    lam = q.max_arrivals_per_h(1, session_min=30.0, max_wait_min=0.0, wait_probability=0.25)
    assert lam == pytest.approx(0.25 * 2.0, rel=1e-9)


def test_max_arrivals_tiny_target_keeps_relative_accuracy() -> None:
    lam = q.max_arrivals_per_h(1, session_min=30.0, max_wait_min=0.0, wait_probability=1e-12)
    assert lam == pytest.approx(2e-12, rel=1e-9)


def test_capacity_table_increasing_and_pooling() -> None:
    table = q.capacity_table(min_chargers=1, max_chargers=20, **TARGET)
    assert table.dtype == np.float64
    assert table.shape == (20,)
    chargers = np.arange(1, 21)
    assert np.all(np.diff(table) > 0)
    per_charger = table / chargers
    assert np.all(np.diff(per_charger) > 0)  # pooling: a big station serves more per charger
    assert np.all(per_charger < 60.0 / TARGET["session_min"])  # never beyond full utilisation
    for c, lam in zip(chargers, table, strict=True):
        assert lam == q.max_arrivals_per_h(int(c), **TARGET)


def test_capacity_table_index_zero_is_min_chargers() -> None:
    table = q.capacity_table(min_chargers=3, max_chargers=5, **TARGET)
    assert table.shape == (3,)
    assert table[0] == q.max_arrivals_per_h(3, **TARGET)
    assert table[-1] == q.max_arrivals_per_h(5, **TARGET)


def test_chargers_needed_edges() -> None:
    assert q.chargers_needed(0.0, **TARGET, min_chargers=2, max_chargers=20) == 2
    assert q.chargers_needed(1e6, **TARGET, min_chargers=2, max_chargers=20) is None
    # 20 chargers at 30 min serve at most 40 sessions/h.
    assert q.chargers_needed(40.0, **TARGET, min_chargers=2, max_chargers=20) is None


def test_chargers_needed_agrees_with_capacity_table() -> None:
    table = q.capacity_table(min_chargers=1, max_chargers=15, **TARGET)
    for c in range(2, 16):
        below = table[c - 1] * (1 - 1e-6)
        above = table[c - 2] * (1 + 1e-6)  # just beyond what c - 1 chargers serve
        assert q.chargers_needed(above, **TARGET, min_chargers=1, max_chargers=15) == c
        needed = q.chargers_needed(below, **TARGET, min_chargers=1, max_chargers=15)
        assert needed is not None
        assert needed <= c
        assert q.wait_probability(needed, below, 30.0, 10.0) <= 0.2
        if needed > 1:
            assert q.wait_probability(needed - 1, below, 30.0, 10.0) > 0.2


# ---------------------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------------------


def test_capacity_table_lists_every_problem() -> None:
    with pytest.raises(ScenarioError) as info:
        q.capacity_table(
            min_chargers=0, max_chargers=-1, session_min=0.0, max_wait_min=-1.0, wait_probability=1.5
        )
    problems = info.value.problems
    assert len(problems) == 5
    text = str(info.value)
    for name in ("min_chargers", "max_chargers", "session_min", "max_wait_min", "wait_probability"):
        assert name in text
    assert text.startswith("5 problems:")


def test_chargers_needed_validates() -> None:
    with pytest.raises(ScenarioError, match="arrivals_per_h") as info:
        q.chargers_needed(
            -1.0, session_min=30.0, max_wait_min=10.0, wait_probability=0.0, min_chargers=2, max_chargers=1
        )
    assert len(info.value.problems) == 3


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: q.erlang_b(-1, 1.0), "servers"),
        (lambda: q.erlang_b(2, -0.5), "offered_load_erl"),
        (lambda: q.erlang_c(0, 1.0), "servers"),
        (lambda: q.erlang_c(2.5, 1.0), "servers"),  # type: ignore[arg-type]
        (lambda: q.erlang_c(2, math.nan), "offered_load_erl"),
        (lambda: q.wait_probability(2, 1.0, 30.0, -1.0), "wait_min"),
        (lambda: q.wait_probability(2, 1.0, 0.0, 1.0), "session_min"),
        (lambda: q.expected_wait_min(2, -1.0, 30.0), "arrivals_per_h"),
        (lambda: q.utilisation(2, math.inf, 30.0), "arrivals_per_h"),
        (
            lambda: q.max_arrivals_per_h(2, session_min=30, max_wait_min=5, wait_probability=0),
            "wait_probability",
        ),
    ],
)
def test_scalar_functions_reject_bad_input(call: object, name: str) -> None:
    with pytest.raises(ScenarioError, match=name):
        call()  # type: ignore[operator]


# ---------------------------------------------------------------------------------------------------------
# Assumptions and station figures
# ---------------------------------------------------------------------------------------------------------


def test_queue_assumptions_defaults_and_arrivals() -> None:
    a = q.QueueAssumptions()
    a.validate()
    assert (a.fast_sessions_per_ev_day, a.peak_hour_share, a.session_min, a.charger_kw) == (
        0.1,
        0.12,
        30.0,
        120.0,
    )
    assert (a.max_wait_min, a.wait_probability, a.min_chargers, a.max_chargers) == (10.0, 0.2, 2, 20)
    assert a.arrivals_per_h(1000.0) == pytest.approx(12.0)
    assert isinstance(a.arrivals_per_h(1000), float)
    evs = np.array([0.0, 500.0, 2500.0])
    out = a.arrivals_per_h(evs)
    assert isinstance(out, np.ndarray)
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, [0.0, 6.0, 30.0])
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.session_min = 20.0  # type: ignore[misc]


def test_queue_assumptions_size_a_station() -> None:
    a = q.QueueAssumptions()
    lam = a.arrivals_per_h(1000.0)  # 12 sessions/h at 30 min = 6 Erlangs
    c = q.chargers_needed(
        lam,
        session_min=a.session_min,
        max_wait_min=a.max_wait_min,
        wait_probability=a.wait_probability,
        min_chargers=a.min_chargers,
        max_chargers=a.max_chargers,
    )
    assert c is not None
    assert c > 6  # more chargers than the offered load
    assert q.wait_probability(c, lam, a.session_min, a.max_wait_min) <= a.wait_probability
    assert q.wait_probability(c - 1, lam, a.session_min, a.max_wait_min) > a.wait_probability


def test_queue_assumptions_validate_lists_every_problem() -> None:
    bad = q.QueueAssumptions(
        fast_sessions_per_ev_day=-0.1,
        peak_hour_share=1.5,
        session_min=0.0,
        charger_kw=0.0,
        max_wait_min=-5.0,
        wait_probability=1.0,
        min_chargers=0,
        max_chargers=-3,
    )
    with pytest.raises(ScenarioError) as info:
        bad.validate()
    text = str(info.value)
    assert len(info.value.problems) == 8
    for field in dataclasses.fields(q.QueueAssumptions):
        assert field.name in text, field.name
    q.QueueAssumptions(peak_hour_share=1.0, max_wait_min=0.0, min_chargers=1, max_chargers=1).validate()


def test_station_queue_figures() -> None:
    lam = np.array([0.0, 8.0, 12.0, 5.0, 30.0])
    chargers = np.array([2, 5, 0, 1, 6])
    frame = q.station_queue_figures(lam, chargers, session_min=30.0, max_wait_min=10.0)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == [
        "arrivals_per_h",
        "chargers",
        "utilisation",
        "wait_probability",
        "expected_wait_min",
    ]
    assert len(frame) == 5
    np.testing.assert_array_equal(frame["chargers"].to_numpy(), chargers)
    np.testing.assert_array_equal(frame["arrivals_per_h"].to_numpy(), lam)
    assert frame.loc[2, ["utilisation", "wait_probability", "expected_wait_min"]].isna().all()
    for i in (0, 1, 3, 4):
        c, rate = int(chargers[i]), float(lam[i])
        assert frame.loc[i, "utilisation"] == pytest.approx(q.utilisation(c, rate, 30.0))
        assert frame.loc[i, "wait_probability"] == pytest.approx(q.wait_probability(c, rate, 30.0, 10.0))
        assert frame.loc[i, "expected_wait_min"] == q.expected_wait_min(c, rate, 30.0)
    assert frame.loc[3, "expected_wait_min"] == math.inf  # 1 charger, 2.5 Erlangs: unstable
    assert frame.loc[3, "wait_probability"] == 1.0


def test_station_queue_figures_empty_and_invalid() -> None:
    empty = q.station_queue_figures(
        np.array([]), np.array([], dtype=int), session_min=30.0, max_wait_min=10.0
    )
    assert len(empty) == 0
    assert list(empty.columns) == q.QUEUE_COLUMNS
    with pytest.raises(ScenarioError) as info:
        q.station_queue_figures(np.array([1.0, -1.0]), np.array([1, -2]), session_min=-1.0, max_wait_min=10.0)
    assert len(info.value.problems) == 3
    with pytest.raises(ScenarioError, match="same length"):
        q.station_queue_figures(np.array([1.0, 2.0]), np.array([1]), session_min=30.0, max_wait_min=10.0)
    with pytest.raises(ScenarioError, match="integers"):
        q.station_queue_figures(np.array([1.0]), np.array([1.5]), session_min=30.0, max_wait_min=10.0)
