"""Loading and validating checklist files: the shipped one, another one, and broken ones."""

import textwrap

import pytest

from svdesk.assessment.checklist import ChecklistError, builtin_checklist, load_checklist, parse_checklist

MINI = textwrap.dedent("""\
    id: charter_mini
    version: "2"
    title: A charter's own checklist
    scale:
      - {id: "yes", label: "Yes", score: 1}
      - {id: "no", label: "No", score: 0}
      - {id: na, label: Not applicable, score: null}
    maturity:
      rule: Below half is Starting, from half Leading.
      levels:
        - {id: starting, label: Starting, min_score: 0}
        - {id: leading, label: Leading, min_score: 0.5}
    sections:
      - id: pay
        title: Pay
        questions:
          - id: pay-1
            text: Do you pay the Real Living Wage?
            buyer_weight: 5
            help:
              why: It is what people need to live on.
              buyer: Every rate at or above it.
              evidence: A payroll extract.
    """)


def test_shipped_checklist_is_complete_and_honest():
    c = builtin_checklist()
    assert 45 <= len(c.questions) <= 55
    assert [s.id for s in c.sections] == [
        "local_employment",
        "supply_chain",
        "fair_work",
        "equal_opportunity",
        "wellbeing",
        "community",
        "environment",
        "evidence",
        "leadership",
    ]
    ids = [q.id for q in c.questions]
    assert len(ids) == len(set(ids))
    for q in c.questions:
        assert q.why and q.buyer_looks_for and q.evidence_example and q.action
        assert 1 <= q.buyer_weight <= 5
        assert [o.id for o in q.scale] == ["yes", "partly", "no", "na"]
    # Never presented as a council's official checklist.
    assert "not the official checklist of any council" in c.disclaimer
    assert "salford" not in c.title.lower()
    texts = " ".join(q.text for q in c.questions).lower()
    for topic in (
        "real living wage",
        "blacklisting",
        "zero-hours",
        "30 days",
        "carbon",
        "apprentice",
        "over-claiming",
        "disability confident",
    ):
        assert topic in texts, topic


def test_links_resting_on_unverified_facts_are_marked():
    c = builtin_checklist()
    refs = {(r.framework, r.code): r for q in c.questions for r in q.links}
    assert refs[("ppn0620", "2.1")].verified  # the one MAC wording checked
    assert not refs[("ppn0620", "2.2")].verified  # recalled wording
    assert not refs[("toms", "NT1")].verified  # TOMs codes unverified
    assert refs[("ppn002", "1c")].status == "V-2"
    assert refs[("gm_charter", "pay")].status == "V"
    assert refs[("ppn0620", "6.1")].group.startswith("Equal opportunity")
    fw01 = c.question("fw-01")
    assert {(r.framework, r.code) for r in fw01.links} >= {("ppn002", "1c"), ("gm_charter", "pay")}


def test_another_checklist_in_the_same_format(tmp_path):
    path = tmp_path / "charter.yaml"
    path.write_text(MINI, encoding="utf-8")
    c = load_checklist(path)
    assert (c.id, c.version, c.source) == ("charter_mini", "2", "charter.yaml")
    assert c.question("pay-1").section_id == "pay"
    assert c.maturity_for(0.49).label == "Starting"
    assert c.maturity_for(0.5).label == "Leading"
    assert c.question("pay-1").action == "Work towards: Do you pay the Real Living Wage?"


def _error(text: str) -> ChecklistError:
    with pytest.raises(ChecklistError) as info:
        parse_checklist(text, "broken.yaml")
    return info.value


def test_broken_yaml_names_file_and_line():
    text = MINI.replace("title: Pay\n", "title: Pay\n   bad: [indent\n")
    err = _error(text)
    assert err.source == "broken.yaml"
    assert "bad: [indent" in text.splitlines()[err.line - 1]
    assert str(err).startswith(f"broken.yaml, line {err.line}: this is not valid YAML")


def test_misspelt_key_names_its_line():
    text = MINI.replace("buyer_weight: 5", "buyer_wieght: 5")
    err = _error(text)
    lines = text.splitlines()
    assert "buyer_wieght" in lines[err.line - 1]
    assert "unknown key “buyer_wieght”" in str(err)


def test_missing_help_and_bad_weight_are_reported_at_their_line():
    err = _error(MINI.replace("buyer_weight: 5", "buyer_weight: 9"))
    assert MINI.splitlines()[err.line - 1].strip() == "buyer_weight: 5"
    assert "from 1" in err.message
    err = _error(MINI.replace("          evidence: A payroll extract.\n", ""))
    assert "has no “evidence”" in err.message
    assert "help:" in MINI.splitlines()[err.line - 1]


def test_duplicate_question_and_unknown_link_are_errors():
    dup = MINI + textwrap.indent(
        textwrap.dedent("""\
        - id: pay-1
          text: Again?
          buyer_weight: 1
          help: {why: a, buyer: b, evidence: c}
        """),
        "      ",
    )
    err = _error(dup)
    assert "used twice" in err.message and err.line == len(MINI.splitlines()) + 1
    linked = MINI.replace("buyer_weight: 5", "buyer_weight: 5\n        links: {ppn0620: ['2.2']}")
    err = _error(linked)
    assert "frameworks do not define" in err.message


def test_shipped_file_with_one_fault_still_names_the_line(tmp_path):
    c = builtin_checklist()
    lines = c.text.splitlines()
    target = next(i for i, line in enumerate(lines) if "id: env-02" in line)
    lines[target] = lines[target].replace("env-02", "env-01")
    path = tmp_path / "svdesk_edited.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_checklist(path)
    assert info.value.line == target + 1
    assert str(info.value).startswith(f"svdesk_edited.yaml, line {target + 1}:")


def test_missing_file_and_empty_file(tmp_path):
    with pytest.raises(ChecklistError, match="does not exist"):
        load_checklist(tmp_path / "nope.yaml")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    with pytest.raises(ChecklistError, match="empty"):
        load_checklist(tmp_path / "empty.yaml")
