"""`svdesk tender`: a bid's questions from the command line, the same services as the window.

    svdesk tender add --db D --contract REF --question-file Q.txt --limit N
                      --unit words|characters [--weight PCT]        (prints the question's number)
    svdesk tender list --db D [--contract REF] [--json]
    svdesk tender draft --db D --contract REF --question N [--out F.txt|.docx|.pdf]

`draft` uses the saved answer, or drafts one from the records and commitments if there is none,
and prints it with its count against the limit, the claims with nothing behind them, what was
left out to fit, and the checks on its targets.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from svdesk.cli import EXIT_INVALID, CliError, db_argument, lookup_contract, open_store


def _add(sub):
    p = sub.add_parser("tender", help="a bid's tender questions: add, list, draft")
    tsub = p.add_subparsers(dest="tender_command", required=True)
    add = tsub.add_parser("add", help="add a question to a bid (prints its number)")
    db_argument(add)
    add.add_argument("--contract", required=True, metavar="REF")
    add.add_argument("--question-file", required=True, type=Path, metavar="FILE")
    add.add_argument("--limit", required=True, type=int, metavar="N")
    add.add_argument("--unit", required=True, choices=("words", "characters"))
    add.add_argument("--weight", type=float, metavar="PCT", help="the question's weighting, %%")
    ls = tsub.add_parser("list", help="list bids' questions")
    db_argument(ls)
    ls.add_argument("--contract", metavar="REF")
    ls.add_argument("--json", action="store_true")
    dr = tsub.add_parser("draft", help="print (and save as a file) a question's answer")
    db_argument(dr)
    dr.add_argument("--contract", required=True, metavar="REF")
    dr.add_argument("--question", required=True, type=int, metavar="N")
    dr.add_argument("--out", type=Path, metavar="FILE", help=".txt, .docx or .pdf")


def _contract(store, ref):
    return lookup_contract(store, ref)


def _run(args) -> int:
    return {"add": _add_question, "list": _list, "draft": _draft}[args.tender_command](args)


def _add_question(args) -> int:
    from svdesk.services.bids import QuestionData, save_question

    if not args.question_file.is_file():
        raise CliError(f"--question-file: there is no file {args.question_file}", EXIT_INVALID)
    text = args.question_file.read_text(encoding="utf-8-sig")
    store = open_store(args, write=True)
    c = _contract(store, args.contract)
    q = save_question(store, QuestionData(c.id, text, args.limit, args.unit, args.weight))
    print(q.number)
    return 0


def _list(args) -> int:
    from svdesk.exports.tender_kinds import read_question
    from svdesk.exports.textcount import count
    from svdesk.services.bids import list_bids

    store = open_store(args)
    bids = list_bids(store)
    if args.contract:
        bids = [b for b in bids if b.reference == args.contract]
        if not bids:
            _contract(store, args.contract)
    rows = []
    for b in bids:
        for q in b.questions:
            reading = read_question(q.text, q.limit, q.limit_unit, q.answer_type)
            used = count(q.answer, q.limit, q.limit_unit).used if q.answer else 0
            rows.append(
                {
                    "contract": b.reference,
                    "number": q.number,
                    "question": q.text,
                    "limit": q.limit,
                    "unit": q.limit_unit,
                    "weighting": q.weighting,
                    "kind": reading.kind,
                    "theme": reading.theme,
                    "answered": bool(q.answer.strip()),
                    "used": used,
                }
            )
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for b in bids:
        print(f"{b.reference}  {b.title} ({b.buyer})  {len(b.questions)} question(s)")
        for r in (r for r in rows if r["contract"] == b.reference):
            state = f"{r['used']}/{r['limit']} {r['unit']}" if r["answered"] else "no answer yet"
            weight = f" · {r['weighting']:g}%" if r["weighting"] is not None else ""
            first = " ".join(str(r["question"]).split())
            print(
                f"  Q{r['number']}  [{r['kind']}{weight}]  {state}  "
                f"{first[:70]}{'…' if len(first) > 70 else ''}"
            )
    return 0


def _draft(args) -> int:
    from svdesk.exports.tender_answer import answer_for

    store = open_store(args)
    c = _contract(store, args.contract)
    result = answer_for(store, c.id, args.question)
    print(result.text)
    print()
    print(
        result.count.describe()
        + (" (drafted from your records)" if result.drafted else " (your saved answer)")
    )
    for line in result.notes():
        print(line, file=sys.stderr)
    if args.out is not None:
        from svdesk.exports.tender_answer import export_answer

        export_answer(store, result, args.out)
        print(f"Wrote the answer to {args.out}")
    return 0
