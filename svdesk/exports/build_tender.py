"""The tender response: from the commitments a bidder chooses, a structured social value answer:
method statement, a timed delivery plan by quarter, KPIs and how each is measured and evidenced,
governance (a named social value champion) and past delivery quoted from the records.

The draft is plain text the user edits in the app (with live word and character counts against
the buyer's limit); exports turn the edited text back into a document (PDF, Word, plain text)
and the chosen commitments into a schedule (xlsx). The spec is saved in the database as the
bid's first question (svdesk.services.bids), so backups and archives keep it; a bid's other
questions are drafted by svdesk.exports.tender_draft.

The drafted response itself (document and editable text) is built in
svdesk.exports.tender_response; this module exports it.
"""

from __future__ import annotations

from svdesk.exports import model as m
from svdesk.exports.build_common import Context
from svdesk.exports.tender_response import (
    _amount,
    _champion,
    _question,
    _timing,
    buyer_named,
    draft_document,
    plan_table,
)
from svdesk.exports.tender_spec import (
    TenderSpec,
    load_spec,
    spec_from_commitments,
)
from svdesk.formatting import unit_shown
from svdesk.services.contracts import FRAMEWORKS

HEADINGS = (
    "OUR COMMITMENTS",
    "METHOD STATEMENT",
    "DELIVERY PLAN BY QUARTER",
    "KPIS, MEASUREMENT AND EVIDENCE",
    "GOVERNANCE",
    "PAST DELIVERY",
)


def text_to_document(ctx: Context, spec: TenderSpec, text: str) -> m.Document:
    """The user's edited draft as a document: upper-case lines are headings, "- " lines bullets,
    blank lines separate paragraphs. What they typed is what is exported, word for word."""
    base = draft_document(ctx, spec)
    doc = m.Document(
        base.title,
        base.organisation,
        subtitle=base.subtitle,
        period=base.period,
        contents=False,
        subject=base.subject,
        cover_facts=base.cover_facts,
    )
    _question(doc, spec)
    section: m.Section | None = None
    bullets: list[str] = []
    para: list[str] = []

    def flush():
        nonlocal bullets, para
        if not (para or bullets):
            return
        target = section or doc.section("")  # words before any heading: no heading added
        if para:
            target.add(m.Paragraph("\n".join(para)))  # the user's own line breaks kept
        if bullets:
            target.add(m.Bullets(bullets))
        bullets, para = [], []

    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.isupper() and len(stripped) < 80 and any(ch.isalpha() for ch in stripped):
            flush()
            section = doc.section(stripped)  # as typed: never re-cased
        elif stripped.startswith(("- ", "• ")):
            if para:
                flush()
            bullets.append(stripped[2:])
        else:
            if bullets:
                flush()
            para.append(stripped)
    flush()
    return doc


def schedule_workbook(ctx: Context, spec: TenderSpec) -> m.Workbook:
    c = ctx.contract
    spec = buyer_named(ctx, spec)
    book = m.Workbook(
        "Social value commitments schedule",
        ctx.org.name,
        spec.outcomes,
        subject=f"Commitments schedule, {c.reference if c else ''}",
    )
    book.sheet(
        "Commitments",
        "Social value commitments",
        m.Table(
            [
                m.Column("Commitment (measure)", wrap=True),
                m.Column("Target", m.NUMBER),
                m.Column("Unit"),
                m.Column("Timing"),
                m.Column("Lead"),
                m.Column("Partners", wrap=True),
                m.Column("How measured", wrap=True),
                m.Column("Evidence", wrap=True),
            ],
            [
                [
                    i.measure_name,
                    i.target,
                    unit_shown(i.unit),
                    _timing(i),
                    i.owner,
                    i.partners,
                    i.how_measured,
                    i.evidence,
                ]
                for i in spec.commitments
            ],
            empty_text="No commitments chosen yet.",
        ),
        intro=[
            f"Supplier: {ctx.org.name}",
            f"{c.reference} · {c.title} for {c.buyer}" if c else "",
            f"Framework: {spec.framework or (c.framework_label if c else '')}"
            + (f" · Outcomes: {spec.outcomes}" if spec.outcomes else ""),
            f"Social value champion: {_champion(spec)}" if spec.champion else "",
        ],
        landscape=True,
    )
    book.sheet("Delivery plan", "Delivery plan by quarter", plan_table(ctx, spec))
    _codes_sheet(ctx, spec, book)
    return book


def answer_document(ctx: Context, question, text: str) -> m.Document:
    """One bid question's answer as a document, word for word as the user wrote it (no
    re-casing, no postcode cut to its district): the document is marked verbatim, so the
    writers leave its text alone (svdesk.exports.privacy.keep_user_text)."""
    spec = TenderSpec(
        ctx.contract.reference if ctx.contract else "",
        question.text,
        ctx.contract.framework_label if ctx.contract else "",
        question.targets,
        question.limit,
        question.limit_unit,
        question.champion,
    )
    doc = text_to_document(ctx, spec, text)
    doc.subject = f"Tender question {question.number}, {spec.contract_ref}"
    doc.verbatim = True
    return doc


def _codes_sheet(ctx: Context, spec: TenderSpec, book: m.Workbook) -> None:
    """The codes each committed measure answers (issue 15.5), verified wording only."""
    from svdesk.exports import figure_notes
    from svdesk.services.measure_library import list_measures

    by_key = {x.key: x for x in list_measures(ctx.store)}
    measures = [by_key[i.measure_key] for i in spec.commitments if i.measure_key in by_key]
    if measures:
        book.sheet(
            "Codes",
            "The codes each commitment answers",
            figure_notes.codes_table(ctx, measures),
            notes=[figure_notes.codes_note()],
            filter=False,
        )


def _record_offers(ctx: Context, spec: TenderSpec) -> None:
    """Each commitment offered, over the contract term, in the figure manifest: the response
    prints it in words ("104 weeks") and the schedule as a number."""
    from svdesk.exports.manifest import OFFERED

    c = ctx.contract
    assert c is not None  # build_tender checks that a tender is for a contract
    for i in spec.commitments:
        ctx.record(
            f"offer:{i.measure_key}",
            i.target,
            OFFERED,
            "Our commitments",
            _amount(i.target, i.unit),
            start=c.start_date,
            end=c.end_date,
        )


def build_tender(ctx: Context, spec: TenderSpec | None = None):
    """(document from the edited draft, commitments schedule)."""
    if ctx.contract is None:
        from svdesk.services.validation import ValidationError

        raise ValidationError({"contract": "A tender response is for one contract or bid: choose it."})
    spec = spec or load_spec(ctx.store, ctx.contract.reference) or spec_from_commitments(ctx)
    if spec.draft.strip():  # the user's edited words, exactly as typed
        doc = text_to_document(ctx, spec, spec.draft)
        doc.verbatim = True
    else:  # untouched: the drafted structure, with real tables
        doc = draft_document(ctx, spec)
        _record_offers(ctx, spec)
    return doc, schedule_workbook(ctx, spec)


__all__ = [
    "answer_document",
    "build_tender",
    "FRAMEWORKS",
]
