"""`svdesk assess`: record from an answers file, print results, and refuse bad input clearly."""

import json

import pytest

from svdesk.assessment.checklist import builtin_checklist
from svdesk.cli import main


@pytest.fixture
def answers_file(tmp_path):
    answers = {q.id: "partly" for q in builtin_checklist().questions}
    answers["fw-01"] = {"answer": "Yes", "note": "Lowest rate £13.45 (Real Living Wage 2025)"}
    answers["sup-07"] = "N/A"
    answers["env-02"] = "no"
    path = tmp_path / "answers.json"
    path.write_text(
        json.dumps({"checklist": "svdesk_social_value", "date": "31/03/2026", "answers": answers}),
        encoding="utf-8",
    )
    return path


def test_record_then_print_json(tmp_path, answers_file, capsys):
    db = str(tmp_path / "firm.svdesk")
    assert main(["assess", "--db", db, "--answers", str(answers_file)]) == 0
    assert "31 Mar 2026" in capsys.readouterr().out
    assert main(["assess", "--db", db, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["assessment"]["date"] == "2026-03-31"
    # 54 applicable questions: 52 Partly, 1 Yes, 1 No -> 27 / 54.
    assert out["overall"] == {
        "score_percent": 50.0,
        "maturity": "Developing",
        "points": 27.0,
        "possible": 54.0,
    }
    supply = next(s for s in out["sections"] if s["id"] == "supply_chain")
    assert (supply["not_applicable"], supply["score_percent"]) == (1, 50.0)
    assert out["gaps"][0]["question"] == "env-02"  # weight 5, answered No
    assert out["actions"][0]["question"] == "env-02"
    assert out["actions"][0]["due"] == "2026-06-30"
    assert "fw-01" in {s["question"] for s in out["strengths"]}


def test_json_with_no_assessment(tmp_path, capsys):
    from svdesk.services.store import Store

    Store.open(tmp_path / "new.svdesk").close()  # a new, empty database (#19.14: reading
    assert main(["assess", "--db", str(tmp_path / "new.svdesk"), "--json"]) == 0  # needs one)
    assert json.loads(capsys.readouterr().out) == {"assessment": None}


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"answers": {"emp-01": ', "line 1: not valid JSON"),
        ('["yes"]', 'expected an object with "answers"'),
        ('{"answers": {"emp-01": "maybe"}}', "emp-01: “maybe” is not an answer"),
        ('{"answers": {"xx-1": "yes"}}', "“xx-1” is not a question"),
        ('{"answers": {"emp-01": "yes"}}', "54 question(s) have no answer"),
        ('{"date": "31 Feb 2026", "answers": {}}', "date:"),
        ('{"checklist": "council_x", "answers": {}}', "No checklist with the id “council_x”"),
    ],
)
def test_bad_answers_file_fails_with_a_message(tmp_path, capsys, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    db = tmp_path / "firm.svdesk"
    assert main(["assess", "--db", str(db), "--answers", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("svdesk: ")
    main(["assess", "--db", str(db), "--json"])
    assert json.loads(capsys.readouterr().out) == {"assessment": None}  # nothing saved


def test_missing_answers_file(tmp_path, capsys):
    assert main(["assess", "--db", str(tmp_path / "f.svdesk"), "--answers", str(tmp_path / "none.json")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_answers_for_another_checklist_file(tmp_path, capsys):
    from tests.unit.test_assessment_checklist import MINI

    checklist = tmp_path / "charter.yaml"
    checklist.write_text(MINI, encoding="utf-8")
    answers = tmp_path / "a.json"
    answers.write_text('{"date": "2026-04-01", "answers": {"pay-1": "yes"}}', encoding="utf-8")
    db = str(tmp_path / "f.svdesk")
    assert main(["assess", "--db", db, "--answers", str(answers), "--checklist", str(checklist)]) == 0
    capsys.readouterr()
    main(["assess", "--db", db, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert out["assessment"]["checklist"] == "charter_mini"
    assert out["overall"]["score_percent"] == 100.0
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.replace("title: Pay", "titel: Pay"), encoding="utf-8")
    assert main(["assess", "--db", db, "--answers", str(answers), "--checklist", str(bad)]) == 2
    assert "bad.yaml, line 15: unknown key “titel”" in capsys.readouterr().err
