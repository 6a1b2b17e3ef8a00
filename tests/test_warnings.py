"""siting._warnings: the one warnings channel."""

from __future__ import annotations

import warnings

import pytest

from siting._warnings import SitingWarning, collect, warn


def _shown(record: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in record if issubclass(w.category, SitingWarning)]


def test_collect_gathers_in_order_without_repeats_and_shows_each_once() -> None:
    with warnings.catch_warnings(record=True) as record, collect() as outer:
        with collect() as inner:
            warn("a")
            warn("a")
            warn("b")
        warn("c")
    assert inner == ["a", "b"]
    assert outer == ["a", "b", "c"]
    assert _shown(record) == ["a", "b", "c"]


def test_the_outermost_block_decides_whether_to_show() -> None:
    with warnings.catch_warnings(record=True) as record, collect(show=False) as outer, collect() as inner:
        warn("only collected")
    assert outer == inner == ["only collected"]
    assert _shown(record) == []


def test_other_warnings_pass_through() -> None:
    with pytest.warns(DeprecationWarning, match="old"), collect() as found:
        warnings.warn("old", DeprecationWarning, stacklevel=1)
    assert found == []


def test_outside_collect_it_is_a_normal_warning() -> None:
    with pytest.warns(SitingWarning, match="plain"):
        warn("plain")
    with warnings.catch_warnings():
        warnings.simplefilter("error", SitingWarning)
        with pytest.raises(SitingWarning, match="as an error"):
            warn("as an error")
