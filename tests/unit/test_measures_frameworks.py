"""The framework library and svdesk's measure set, and the loader's refusal of bad files."""

import pytest

from svdesk.calc.frameworks import (
    FrameworkFileError,
    check_mapping,
    load_frameworks,
    load_measures,
    parse_framework,
    parse_measures,
)

REQUIRED = {
    "local_jobs_fte_years",
    "priority_group_hires",
    "apprenticeship_weeks",
    "training_weeks",
    "work_placement_days",
    "learning_intervention_hours",
    "volunteering_hours",
    "expert_hours",
    "donations_gbp",
    "local_spend_gbp",
    "sme_spend_gbp",
    "vcse_spend_gbp",
    "co2e_tonnes",
    "real_living_wage_share",
}


def test_ppn_06_20_has_five_themes_eight_outcomes_and_marks_recalled_wording():
    fw = load_frameworks()["ppn_06_20"]
    assert len(fw.groups) == 5 and len(fw.outcomes) == 8
    assert fw.outcome("4").name == "Effective stewardship of the environment"
    crit = {c.key: c for c in fw.criteria}
    assert crit["MAC 2.1"].verified is True
    assert crit["MAC 2.1"].name.startswith("Create opportunities for entrepreneurship")
    assert all(not c.verified for k, c in crit.items() if k != "MAC 2.1")


def test_ppn_002_has_five_missions_eight_outcomes_and_outcome_5_is_unverified():
    fw = load_frameworks()["ppn_002"]
    assert len(fw.groups) == 5 and len(fw.outcomes) == 8
    assert fw.outcome("5").verified is False
    assert fw.outcome("1").name == "Fair work"
    assert [c.key for c in fw.criteria] == ["MAC 1a", "MAC 1b", "MAC 1c", "MAC 1d"]


def test_every_required_measure_is_defined_and_mapped():
    measures = {m.key: m for m in load_measures()}
    assert set(measures) >= REQUIRED
    for m in measures.values():
        assert m.kind in {"local_economic", "social"}
        assert m.maps_to and m.counting_rule and m.unit
    assert measures["local_jobs_fte_years"].kind == "local_economic"
    assert measures["co2e_tonnes"].valued is False
    assert measures["real_living_wage_share"].valued is False
    assert "25 FTE-years" in measures["local_jobs_fte_years"].counting_rule


def test_mapping_references_are_checked():
    fws = load_frameworks()
    assert check_mapping(fws, "ppn_06_20:2") is None
    assert "no outcome" in check_mapping(fws, "ppn_06_20:9")
    assert "does not know" in check_mapping(fws, "toms:NT1")
    assert "colon" in check_mapping(fws, "ppn_002")


def test_a_bad_framework_file_is_refused_naming_the_file_and_problem(tmp_path):
    bad = tmp_path / "council.yaml"
    bad.write_text(
        "key: council\nname: X\ngroups: [{key: a, name: A}]\noutcomes: [{key: '1', name: One, group: b}]\n"
    )
    with pytest.raises(FrameworkFileError) as err:
        parse_framework(bad)
    assert str(err.value).startswith("council.yaml: ")
    assert "group “b”" in str(err.value)
    bad.write_text("key: [unclosed\n")
    with pytest.raises(FrameworkFileError, match="council.yaml: is not valid YAML at line"):
        parse_framework(bad)


def test_a_bad_measure_file_is_refused(tmp_path):
    path = tmp_path / "measures.yaml"
    path.write_text(
        "measures:\n  - key: x\n    name: X\n    unit: hours\n    kind: economic\n"
        "    description: d\n    counting_rule: r\n"
    )
    with pytest.raises(FrameworkFileError, match="kind “economic” should be"):
        parse_measures(path, load_frameworks())
    path.write_text(
        "measures:\n  - key: x\n    name: X\n    unit: hours\n    kind: social\n    counting_rule: r\n"
    )
    with pytest.raises(FrameworkFileError, match="Measure 1 \\(x\\) has no “description”"):
        parse_measures(path, load_frameworks())
