"""`svdesk assess`: record a self-assessment from a JSON file, or print the latest results.

    svdesk assess --db PATH --answers FILE.json [--checklist FILE.yaml]
    svdesk assess --db PATH [--json]

The answers file (docs/checklist-format.md, "Answers file"):

    {"checklist": "svdesk_social_value",          optional: a loaded checklist's id
     "date": "2026-03-31",                         optional: the day it was taken (default today)
     "answers": {"emp-01": "yes",
                 "emp-02": {"answer": "partly", "note": "Jobcentre only"}, ...}}

Every question needs an answer ("na" for not applicable); anything wrong is reported on stderr
with exit code 2 and nothing is saved.
"""

from __future__ import annotations

import json
from pathlib import Path

from svdesk.cli import EXIT_FAILURE, EXIT_INVALID, CliError, db_argument, open_store


def _add(sub):
    p = sub.add_parser(
        "assess",
        help="record a self-assessment from a file, or print results",
        description="Record a completed self-assessment from a JSON answers "
        "file, or print the latest results.",
    )
    db_argument(p)
    p.add_argument(
        "--answers",
        type=Path,
        metavar="FILE.json",
        help="record a completed assessment from this answers file",
    )
    p.add_argument(
        "--checklist",
        type=Path,
        metavar="FILE.yaml",
        help="load this checklist file first (default: the svdesk checklist)",
    )
    p.add_argument("--json", action="store_true", help="print the latest results as JSON")


def _read_answers(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"{path}: no such file.", EXIT_FAILURE) from None
    except UnicodeDecodeError:
        raise CliError(f"{path.name}: not UTF-8 text; save it as UTF-8.", EXIT_INVALID) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"{path.name}, line {exc.lineno}: not valid JSON ({exc.msg}).", EXIT_INVALID) from None
    except RecursionError:  # absurdly deep nesting: not an answers file
        raise CliError(f"{path.name}: nested far too deeply to be an answers file.", EXIT_INVALID) from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise CliError(
            f'{path.name}: expected an object with "answers": {{question id: '
            "answer}}; see docs/checklist-format.md.",
            EXIT_INVALID,
        )
    return data


def _parse_answers(name: str, data: dict, checklist) -> tuple[dict, dict]:
    answers, notes, problems = {}, {}, []
    for qid, value in data["answers"].items():
        question = checklist.question(qid)
        if question is None:
            problems.append(f"“{qid}” is not a question in {checklist.title}")
            continue
        note = ""
        if isinstance(value, dict):
            note = value.get("note") or ""
            value = value.get("answer")
            if not isinstance(note, str):
                problems.append(f"{qid}: the note must be text")
                continue
        option = question.match(value) if isinstance(value, str) else None
        if option is None:
            allowed = ", ".join(o.id for o in question.scale)
            problems.append(f"{qid}: “{value}” is not an answer (use {allowed})")
            continue
        answers[qid] = option.id
        if note.strip():
            notes[qid] = note
    missing = [q.id for q in checklist.questions if q.id not in answers and q.id not in data["answers"]]
    if missing:
        shown = ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
        problems.append(f'{len(missing)} question(s) have no answer: {shown} (use "na" for not applicable)')
    if problems:
        raise CliError(f"{name}: " + "; ".join(problems) + ". Nothing was saved.", EXIT_INVALID)
    return answers, notes


def _record(store, args) -> int:
    from svdesk.formatting import format_date, format_percent, parse_date
    from svdesk.services import assessment as svc

    data = _read_answers(args.answers)
    if args.checklist is not None:
        info = svc.add_checklist_file(store, args.checklist)
        if data.get("checklist") not in (None, info.key):
            raise CliError(
                f"{args.answers.name} is for checklist “{data['checklist']}” but "
                f"{args.checklist.name} is “{info.key}”.",
                EXIT_INVALID,
            )
    else:
        info = svc.find_checklist(store, data.get("checklist"))
    try:
        on = parse_date(data.get("date")) if data.get("date") is not None else None
    except (ValueError, TypeError, AttributeError) as exc:
        raise CliError(f"{args.answers.name}: date: {exc}", EXIT_INVALID) from None
    checklist = svc.checklist_by_id(store, info.id)
    answers, notes = _parse_answers(args.answers.name, data, checklist)
    if svc.in_progress_assessment(store) is not None:
        raise CliError(
            "An assessment is in progress in this database; finish or discard it in svdesk first.",
            EXIT_INVALID,
        )
    from datetime import date

    results = svc.record_assessment(store, info.id, answers, notes, on or date.today())
    level = results.maturity.label if results.maturity else "no level"
    print(
        f"Recorded the {checklist.title} of {format_date(on or date.today())}: "
        f"{format_percent(results.score)} overall ({level}), {len(results.gaps)} gap(s) "
        "in the action plan."
    )
    return 0


def results_json(store, summary) -> dict:
    from svdesk.services import assessment as svc
    from svdesk.services.assessment_actions import list_actions

    res = svc.assessment_results(store, summary.id)

    def pct(x):
        return None if x is None else round(x * 100, 1)

    return {
        "assessment": {
            "id": summary.id,
            "date": summary.date.isoformat(),
            "checklist": res.checklist.id,
            "checklist_version": res.checklist.version,
            "checklist_title": res.checklist.title,
        },
        "overall": {
            "score_percent": pct(res.score),
            "maturity": res.maturity.label if res.maturity else None,
            "points": res.points,
            "possible": res.possible,
        },
        "maturity_rule": res.checklist.maturity_rule,
        "sections": [
            {
                "id": s.section_id,
                "title": s.title,
                "score_percent": pct(s.score),
                "maturity": s.maturity.label if s.maturity else None,
                "answered": s.answered,
                "not_applicable": s.not_applicable,
                "questions": s.total,
            }
            for s in res.sections
        ],
        "strengths": [
            {"question": r.question.id, "text": r.question.text, "buyer_weight": r.question.buyer_weight}
            for r in res.strengths
        ],
        "gaps": [
            {
                "question": g.question.id,
                "text": g.question.text,
                "answer": g.result.answer.id if g.result.answer else None,
                "buyer_weight": g.question.buyer_weight,
                "priority": round(g.priority, 2),
            }
            for g in res.gaps
        ],
        "actions": [
            {
                "id": a.id,
                "question": a.question_id,
                "action": a.title,
                "owner": a.owner,
                "due": a.due_date.isoformat() if a.due_date else None,
                "status": a.status,
            }
            for a in list_actions(store, summary.id)
        ],
    }


def _run(args) -> int:
    from svdesk.formatting import format_date, format_percent
    from svdesk.services import assessment as svc

    store = open_store(args, write=args.answers is not None or args.checklist is not None)
    if args.answers is not None:
        return _record(store, args)
    if args.checklist is not None:
        info = svc.add_checklist_file(store, args.checklist)
        print(f"Loaded checklist {info.title} (version {info.version}, {info.questions} questions).")
        return 0
    done = svc.completed_assessments(store)
    if not done:
        if args.json:
            print(json.dumps({"assessment": None}, indent=2))
            return 0
        print(
            "No completed self-assessment yet: take one in svdesk, or record one with "
            "`svdesk assess --db PATH --answers FILE.json`."
        )
        return 0
    latest = done[0]
    if args.json:
        print(json.dumps(results_json(store, latest), indent=2, ensure_ascii=False))
        return 0
    res = svc.assessment_results(store, latest.id)
    print(
        f"{res.checklist.title}, {format_date(latest.date)}: {format_percent(res.score)} "
        f"overall ({res.maturity.label if res.maturity else 'no level'})"
    )
    for s in res.sections:
        level = s.maturity.label if s.maturity else "Not applicable"
        print(f"  {s.title:40} {format_percent(s.score):>7}  {level}")
    return 0
