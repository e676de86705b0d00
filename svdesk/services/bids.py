"""Bids and their tender questions: add, edit, answer (keeping every saved version), list.

A bid is a contract at bid stage (an opportunity or a bid submitted); any contract that already
has questions is listed too, so a won bid keeps its answers in view.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from svdesk.models import BidAnswerVersion, BidQuestion, Contract
from svdesk.models.versioned import VERSION_COLUMN
from svdesk.services.conflicts import ConflictError, check_version, guarded, saving_over
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

BID_STATUSES = ("opportunity", "bid_submitted")
UNITS = {"words": "words", "characters": "characters"}
# What kind of answer a question asks for (svdesk.exports.tender_kinds classifies "auto").
ANSWER_TYPES = {
    "auto": "Recognise from the question",
    "number": "A number or short answer",
    "single_offer": "One social value offer",
    "delivery_plan": "Commitments with a delivery plan",
    "past_delivery": "An example of past delivery",
    "policy": "A policy or practice",
}


@dataclass
class QuestionData:
    contract_id: int | None = None
    text: str = ""
    limit: int | None = None
    limit_unit: str = "words"
    weighting: float | None = None
    answer_type: str = "auto"
    targets: str = ""
    champion: str = ""
    answer: str = ""
    offer: str = ""  # the tender builder's chosen commitments (JSON), if any
    number: int | None = None
    id: int | None = None
    row_version: int | None = None  # as loaded: a save over a newer one raises ConflictError


@dataclass(frozen=True)
class VersionData:
    id: int
    saved_at: datetime
    text: str
    note: str


@dataclass
class BidSummary:
    contract_id: int
    reference: str
    title: str
    buyer: str
    status: str
    questions: list[QuestionData] = field(default_factory=list)


def _to_data(row: BidQuestion) -> QuestionData:
    return QuestionData(
        row.contract_id,
        row.text,
        row.limit,
        row.limit_unit,
        row.weighting,
        row.answer_type,
        row.targets,
        row.champion,
        row.answer,
        row.offer,
        row.number,
        row.id,
        row.row_version,
    )


def validate_question(data: QuestionData) -> dict[str, str]:
    errors = {}
    if data.contract_id is None:
        errors["contract_id"] = "Choose the bid this question belongs to."
    if not (data.text or "").strip():
        errors["text"] = "Paste the buyer's question."
    if data.limit is not None and data.limit <= 0:
        errors["limit"] = "Give the limit as a number above zero, or leave it blank."
    if data.limit_unit not in UNITS:
        errors["limit_unit"] = "The limit counts words or characters."
    if data.weighting is not None and not 0 <= data.weighting <= 100:
        errors["weighting"] = "The weighting is a percentage from 0 to 100."
    if data.answer_type not in ANSWER_TYPES:
        errors["answer_type"] = f"The answer type is one of {', '.join(ANSWER_TYPES)}."
    return errors


def save_question(
    store: Store, data: QuestionData, note: str = "edited", *, over: ConflictError | None = None
) -> QuestionData:
    """Add a question (numbered after the bid's last) or update one. When the answer's words
    change, the new answer is also kept as a version (note says how it came about).
    ConflictError when data.row_version is not the saved one (someone else saved it since);
    over: that conflict, when the person chose to save over it."""
    errors = validate_question(data)
    if errors:
        raise ValidationError(errors)
    expected = over.version if over is not None else data.row_version
    yours = {k: v for k, v in asdict(data).items() if k not in ("id", "number", VERSION_COLUMN)}
    with guarded(store, BidQuestion, data.id, yours, "question"), store.write() as s:
        if s.get(Contract, data.contract_id) is None:
            raise ValidationError({"contract_id": "That contract no longer exists."})
        if data.id is None:
            number = (
                s.scalar(
                    select(func.max(BidQuestion.number)).where(BidQuestion.contract_id == data.contract_id)
                )
                or 0
            ) + 1
            row = BidQuestion(contract_id=data.contract_id, number=number)
            s.add(row)
            old_answer = ""
        else:
            found = s.get(BidQuestion, data.id)
            if found is None and expected is None:
                raise ValidationError({"id": "That question no longer exists."})
            check_version(s, found, BidQuestion, data.id, expected, yours, "question")
            assert found is not None
            saving_over(s, over)
            row = found
            old_answer = row.answer
        row.text, row.limit, row.limit_unit = data.text.strip(), data.limit, data.limit_unit
        row.weighting, row.answer_type = data.weighting, data.answer_type
        row.targets, row.champion, row.answer = data.targets.strip(), data.champion.strip(), data.answer
        row.offer = data.offer or ""
        if data.answer != old_answer and data.answer.strip():
            row.versions.append(BidAnswerVersion(text=data.answer, note=note))
        s.flush()
        return _to_data(row)


def save_answer(store: Store, question_id: int, text: str, note: str = "edited") -> QuestionData:
    question = get_question(store, question_id)
    if question is None:
        raise ValidationError({"id": "That question no longer exists."})
    question.answer = text
    return save_question(store, question, note)


def get_question(store: Store, question_id: int) -> QuestionData | None:
    with store.read() as s:
        row = s.get(BidQuestion, question_id)
        return _to_data(row) if row is not None else None


def find_question(store: Store, contract_id: int, number: int) -> QuestionData | None:
    with store.read() as s:
        row = s.scalar(
            select(BidQuestion).where(BidQuestion.contract_id == contract_id, BidQuestion.number == number)
        )
        return _to_data(row) if row is not None else None


def list_questions(store: Store, contract_id: int | None = None) -> list[QuestionData]:
    with store.read() as s:
        stmt = select(BidQuestion).order_by(BidQuestion.contract_id, BidQuestion.number)
        if contract_id is not None:
            stmt = stmt.where(BidQuestion.contract_id == contract_id)
        return [_to_data(r) for r in s.scalars(stmt)]


def list_versions(store: Store, question_id: int) -> list[VersionData]:
    """Saved versions of an answer, newest first."""
    with store.read() as s:
        rows = s.scalars(
            select(BidAnswerVersion)
            .where(BidAnswerVersion.question_id == question_id)
            .order_by(BidAnswerVersion.id.desc())
        )
        return [VersionData(r.id, r.saved_at, r.text, r.note) for r in rows]


def delete_question(store: Store, question_id: int, row_version: int | None = None) -> None:
    """Delete a question and its answer's versions; with the row_version shown, ConflictError
    if someone has changed it since."""
    with guarded(store, BidQuestion, question_id, {}, "question"), store.write() as s:
        row = s.get(BidQuestion, question_id)
        if row is not None:
            check_version(s, row, BidQuestion, question_id, row_version, {}, "question")
            s.delete(row)


def list_bids(store: Store) -> list[BidSummary]:
    """Contracts at bid stage, and any other contract with questions, each with its questions."""
    questions = list_questions(store)
    with_questions = {q.contract_id for q in questions}
    with store.read() as s:
        contracts = s.scalars(select(Contract).order_by(Contract.start_date.desc(), Contract.reference))
        out = [
            BidSummary(c.id, c.reference, c.title, c.buyer, c.status)
            for c in contracts
            if c.status in BID_STATUSES or c.id in with_questions
        ]
    by_id = {b.contract_id: b for b in out}
    for q in questions:
        if q.contract_id in by_id:
            by_id[q.contract_id].questions.append(q)
    return out


__all__ = [
    "ANSWER_TYPES",
    "BID_STATUSES",
    "BidSummary",
    "QuestionData",
    "UNITS",
    "VersionData",
    "delete_question",
    "find_question",
    "get_question",
    "list_bids",
    "list_questions",
    "list_versions",
    "save_answer",
    "save_question",
]
