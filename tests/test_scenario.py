"""Scenario loading and validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from siting._errors import ScenarioError
from siting.scenario import Scenario, default_scenario_path, scenario_from_toml


def test_default_scenario_has_the_guangan_targets() -> None:
    s = scenario_from_toml()
    assert (s.n_stations, s.n_piles, s.terminal_share) == (254, 4869, 0.5)
    assert s.counties_file is not None and s.counties_file.is_file()
    assert s.terminals_file is not None and s.terminals_file.name == "guangan_terminals.csv"
    assert default_scenario_path().is_file()


def test_overrides_replace_file_values_and_none_is_ignored() -> None:
    s = scenario_from_toml(None, n_stations=60, n_piles=None)
    assert s.n_stations == 60
    assert s.n_piles == 4869


def test_relative_paths_resolve_against_the_toml_folder(tmp_path: Path) -> None:
    (tmp_path / "area.geojson").write_text("{}", encoding="utf-8")
    toml = tmp_path / "s.toml"
    toml.write_text('boundary_file = "area.geojson"\n', encoding="utf-8")
    assert scenario_from_toml(toml).boundary_file == (tmp_path / "area.geojson").resolve()


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    toml = tmp_path / "bad.toml"
    toml.write_text(
        'n_statoins = 3\nn_piles = "many"\nterminal_share = 1.5\nfast_minutes = -1\n',
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        scenario_from_toml(toml)
    msg = str(info.value)
    assert "Did you mean 'n_stations'" in msg
    assert "'n_piles' must be a whole number" in msg
    # value-range problems are reported once types are right
    toml.write_text("terminal_share = 1.5\nfast_minutes = -1\nn_stations = 0\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        scenario_from_toml(toml)
    msg = str(info.value)
    assert "terminal_share" in msg and "fast_minutes" in msg and "n_stations" in msg
    assert len(info.value.problems) == 3


def test_missing_and_invalid_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="not found"):
        scenario_from_toml(tmp_path / "nope.toml")
    bad = tmp_path / "broken.toml"
    bad.write_text("n_stations = = 3", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        scenario_from_toml(bad)
    ref = tmp_path / "ref.toml"
    ref.write_text('counties_file = "missing.geojson"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"missing\.geojson: file not found"):
        scenario_from_toml(ref)


def test_county_minimums_cannot_exceed_the_targets() -> None:
    with pytest.raises(ScenarioError, match="county_min_stations"):
        Scenario().replace(n_stations=5, county_min_stations={"511602": 4, "511603": 3})


def test_to_dict_is_json_ready() -> None:
    import json

    d = scenario_from_toml().to_dict()
    assert json.loads(json.dumps(d))["n_stations"] == 254


def test_shipped_scenario_turns_every_planning_family_on() -> None:
    s = scenario_from_toml()
    assert s.size_chargers and s.grid_mode == "require" and s.corridors
    assert s.later_stages == ["2030"] and s.later_stage_stations == [508] and s.later_stage_piles == [9738]
    assert s.rural_min_share_stations == 0.25 and s.county_max_share == 2.0


def test_planning_keys_are_validated_together(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'grid_mode = "requir"\nmin_chargers = 4\nmax_chargers = 3\nwait_probability = 1.5\n'
        'later_stages = ["2030", "2035"]\nlater_stage_stations = [508]\nlater_stage_piles = "many"\n'
        "county_max_share = 0.2\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        scenario_from_toml(path)
    text = str(info.value)
    assert "key 'later_stage_piles' must be a list" in text  # type problems are reported first, all of them
    path.write_text(path.read_text(encoding="utf-8").replace('"many"', "[9738]"), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        scenario_from_toml(path)
    text = str(info.value)
    assert "Did you mean 'require'?" in text
    assert "'max_chargers' (3) is below 'min_chargers' (4)" in text
    assert "'wait_probability' must lie in 1e-06..0.999999 (a probability strictly between 0 and 1)" in text
    assert "later_stages = 2, later_stage_stations = 1" in text
    assert "'county_max_share' (0.2) is below 'county_min_share' (0.5)" in text


def test_targets_scale_later_stages_and_first_stage_only_drops_them() -> None:
    s = scenario_from_toml()
    small = s.with_targets(n_stations=60, n_piles=1000)
    assert small.n_stations == 60 and small.later_stage_stations == [120]  # 508/254 = 2
    assert small.later_stage_piles == [2000]
    single = s.first_stage_only()
    assert single.later_stages == [] and single.later_stage_stations == [] and single.n_stations == 254
    with pytest.raises(ScenarioError, match="stage names must differ"):
        s.replace(later_stages=["2025"])


# ---- issue 11 item 7: every numeric key has a documented range that rules out values breaking the maths ----


def _numeric_fields() -> list[str]:
    import dataclasses

    return [
        f.name
        for f in dataclasses.fields(Scenario)
        if any(t in str(f.type) for t in ("float", "int")) and f.name != "population_raster_nodata"
    ]


def test_every_numeric_key_has_a_documented_range() -> None:
    from siting.scenario import VALUE_RANGES

    assert sorted(_numeric_fields()) == sorted(VALUE_RANGES)
    for key, spec in VALUE_RANGES.items():
        assert spec.why and spec.lo <= spec.hi, key
        whole = key in ("seed",) or isinstance(getattr(Scenario(), key), dict)
        assert spec.lo >= 1e-9 or whole, key  # no range of a float key admits denormals


@pytest.mark.parametrize("value", [1e-300, 5e-324, 1e300, -1e-300])
def test_tiny_denormal_and_huge_values_are_refused_for_every_key(value: float) -> None:
    from siting.scenario import VALUE_RANGES

    s = Scenario()
    for key in VALUE_RANGES:
        current = getattr(s, key)
        if isinstance(current, dict):
            change: object = {"A": value} if value == int(value) else None
        elif isinstance(current, list):
            change = [value]
        else:
            change = value
        if change is None or (
            isinstance(current, int) and not isinstance(current, bool) and value != int(value)
        ):
            continue  # a whole-number key cannot hold the value at all (the type check refuses it)
        with pytest.raises(ScenarioError) as info:
            s.replace(**{key: change})
        assert f"'{key}'" in str(info.value), key


def test_the_shipped_and_golden_scenarios_are_within_the_ranges() -> None:
    from siting.scenario import geodata_path

    tomls = [*geodata_path().glob("*.toml"), *(Path(__file__).parent / "golden").glob("*.toml")]
    assert len(tomls) >= 2
    for path in tomls:
        scenario_from_toml(path)


def test_weight_fast_1e_300_names_the_key_and_range(tmp_path: Path) -> None:
    toml = tmp_path / "s.toml"
    toml.write_text("weight_fast = 1e-300\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"'weight_fast' must lie in 1e-06\.\.1000000 \(or 0\)"):
        scenario_from_toml(toml)
