"""`svdesk tender add / list / draft` (#17.6): the whole flow scripted."""

from __future__ import annotations

import json

from svdesk.cli import main
from svdesk.exports.textcount import count


def test_add_list_and_draft_a_question(tmp_path, capsys):
    db = str(tmp_path / "d.svdesk")
    assert main(["demo", "--db", db]) == 0
    question = tmp_path / "q.txt"
    question.write_text(
        "How many new apprentices will you take on because of this contract?\n", encoding="utf-8"
    )
    capsys.readouterr()
    assert (
        main(
            [
                "tender",
                "add",
                "--db",
                db,
                "--contract",
                "MCC-T-2026-118",
                "--question-file",
                str(question),
                "--limit",
                "80",
                "--unit",
                "characters",
                "--weight",
                "5",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.strip() == "1"
    assert main(["tender", "list", "--db", db, "--contract", "MCC-T-2026-118", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["number"], r["kind"], r["limit"], r["unit"], r["weighting"]) for r in rows] == [
        (1, "number", 80, "characters", 5.0)
    ]
    out = tmp_path / "answer.txt"
    assert (
        main(
            [
                "tender",
                "draft",
                "--db",
                db,
                "--contract",
                "MCC-T-2026-118",
                "--question",
                "1",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    answer = out.read_text(encoding="utf-8").strip()
    assert answer[0].isdigit() and count(answer).characters <= 80
    assert answer in printed and "limit 80 characters" in printed


def test_draft_of_a_missing_question_is_invalid(tmp_path, capsys):
    db = str(tmp_path / "d.svdesk")
    main(["demo", "--db", db])
    assert main(["tender", "draft", "--db", db, "--contract", "MCC-T-2026-118", "--question", "4"]) == 2
    assert "no question 4" in capsys.readouterr().err
