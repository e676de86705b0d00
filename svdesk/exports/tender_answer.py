"""One bid question's answer, ready to check and export: the saved answer, or a draft from the
records and commitments when there is none; its count against the limit; the claims with
nothing behind them; what looks like a person's details; what was left out to fit; and the
checks on the targets it offers. Used by the window and `svdesk tender draft`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from svdesk.exports.tender_claims import Claim, check_claims, personal_details, unbacked
from svdesk.exports.tender_draft import draft_answer
from svdesk.exports.tender_fit import Draft
from svdesk.exports.tender_targets import targets
from svdesk.exports.textcount import Count, count
from svdesk.services.bids import QuestionData, find_question
from svdesk.services.tender_facts import TenderFacts, gather
from svdesk.services.validation import ValidationError

FORMATS = (".txt", ".docx", ".pdf")


@dataclass
class AnswerResult:
    question: QuestionData
    text: str
    drafted: bool
    count: Count
    draft: Draft | None = None
    unbacked: list[Claim] = field(default_factory=list)
    personal: list[str] = field(default_factory=list)

    @property
    def flags(self) -> list[str]:
        return self.draft.flags if self.draft else []

    def notes(self) -> list[str]:
        """What to look at before sending, one line each."""
        out = []
        if self.count.over:
            out.append(f"Warning: over the limit ({self.count.describe()}).")
        out += [f"Not backed by your records: {c.sentence}" for c in self.unbacked]
        out += [f"Personal details? {p}" for p in self.personal]
        if self.draft and self.draft.left_out:
            out.append("Left out to fit the limit: " + "; ".join(self.draft.left_out) + ".")
        out += [f"Check this target: {f}" for f in self.flags]
        if self.draft:
            out += [f"Target: {p}" for p in self.draft.proposals]
        return out


def _known_places(store, facts: TenderFacts) -> set[str]:
    from svdesk.services.contracts import list_contracts

    return {facts.org.postcode} | {c.site_postcode for c in list_contracts(store)}


def review(
    store, question: QuestionData, text: str, facts: TenderFacts | None = None, draft: Draft | None = None
) -> AnswerResult:
    from svdesk.exports.privacy import person_references

    if facts is None:
        assert question.contract_id is not None  # a saved question belongs to a bid (validate_question)
        facts = gather(store, question.contract_id)
    table = targets(facts)
    return AnswerResult(
        question,
        text,
        draft is not None,
        count(text, question.limit, question.limit_unit),
        draft,
        unbacked(check_claims(text, facts, table)),
        personal_details(text, _known_places(store, facts), person_references(store)),
    )


def draft_for(
    store, question: QuestionData, facts: TenderFacts | None = None, today: date | None = None
) -> AnswerResult:
    if facts is None:
        assert question.contract_id is not None  # a saved question belongs to a bid (validate_question)
        facts = gather(store, question.contract_id, today)
    draft = draft_answer(
        facts, question.text, question.limit, question.limit_unit, question.answer_type, question.champion
    )
    return review(store, question, draft.text(), facts, draft)


def answer_for(store, contract_id: int, number: int) -> AnswerResult:
    question = find_question(store, contract_id, number)
    if question is None:
        raise ValidationError({"question": f"This bid has no question {number}."})
    if question.answer.strip():
        return review(store, question, question.answer)
    return draft_for(store, question)


def export_answer(store, result: AnswerResult, out: Path | str) -> Path:
    """Write the answer as .txt, .docx or .pdf, word for word as written."""
    from svdesk.exports.atomic import atomic_output
    from svdesk.exports.build_common import ExportRequest, resolve
    from svdesk.exports.build_tender import answer_document
    from svdesk.exports.runner import render

    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise ValidationError(
            {"out": f"An answer can be saved as {', '.join(FORMATS)}; “{out.name}” is not one of these."}
        )
    ctx = resolve(store, ExportRequest("tender", contract_id=result.question.contract_id))
    doc = answer_document(ctx, result.question, result.text)
    with atomic_output(out) as temp:
        if out.suffix.lower() == ".txt":  # for the portal: exactly the words, as counted
            temp.write_text(result.text.rstrip("\n") + "\n", encoding="utf-8", newline="\n")
        else:
            render(doc, temp, out.suffix)
    return out


__all__ = ["AnswerResult", "FORMATS", "answer_for", "draft_for", "export_answer", "review"]
