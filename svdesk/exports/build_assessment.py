"""The self-assessment report (PDF): the latest completed assessment, its section scores, strengths,
ranked gaps and action plan, and what changed since the one before."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from svdesk.exports import model as m
from svdesk.exports import sources
from svdesk.exports.build_common import NONE_YET, Context, org_line
from svdesk.formatting import format_date, format_percent

if TYPE_CHECKING:  # the services are loaded lazily (sources._module): only their types here
    from svdesk.assessment.scoring import Comparison, Results
    from svdesk.services.assessment import AssessmentSummary
    from svdesk.services.assessment_actions import ActionData

STATUS = {"not_started": "Not started", "in_progress": "In progress", "done": "Done", "dropped": "Dropped"}


@dataclass
class AssessmentBundle:
    summary: AssessmentSummary
    results: Results
    actions: list[ActionData]
    comparison: Comparison | None
    previous: AssessmentSummary | None  # the one compared with


def latest_assessment(store) -> AssessmentBundle | None:
    """The latest completed assessment with its results and actions; None if there is none
    (or the self-assessment area is not part of this build)."""
    svc = sources._module("svdesk.services.assessment")
    acts = sources._module("svdesk.services.assessment_actions")
    if svc is None:
        return None
    done = svc.completed_assessments(store)  # newest first
    if not done:
        return None
    latest = done[0]
    results = svc.assessment_results(store, latest.id)
    actions = acts.list_actions(store, latest.id) if acts is not None else []
    comparison = previous = None
    if len(done) > 1:
        previous = done[1]
        comparison = svc.compare_assessments(store, previous.id, latest.id)
    return AssessmentBundle(latest, results, actions, comparison, previous)


def _score(value: float | None) -> str:
    return "not scored" if value is None else format_percent(value)


def sections_table(bundle: AssessmentBundle) -> m.Table:
    return m.Table(
        [
            m.Column("Section", wrap=True),
            m.Column("Score", m.PERCENT),
            m.Column("Maturity"),
            m.Column("Answered", m.INTEGER),
            m.Column("Questions", m.INTEGER),
        ],
        [
            [s.title, s.score, s.maturity.label if s.maturity else "", s.answered, s.total]
            for s in bundle.results.sections
        ],
    )


def actions_table(bundle: AssessmentBundle) -> m.Table:
    rows = sorted(bundle.actions, key=lambda a: (-(a.priority or 0), a.due_date or 0))
    return m.Table(
        [m.Column("Action", wrap=True), m.Column("Owner"), m.Column("Due", m.DATE), m.Column("Status")],
        [[a.title, a.owner, a.due_date, STATUS.get(a.status, a.status)] for a in rows],
        empty_text="No actions in the plan.",
    )


def assessment_table(ctx: Context) -> m.Table | None:
    """Question-by-question answers of the latest assessment, for the evidence workbook."""
    bundle = latest_assessment(ctx.store)
    if bundle is None:
        return None
    rows = []
    for s in bundle.results.sections:
        for q in s.questions:
            rows.append(
                [s.title, q.question.text, q.answer.label if q.answer else "Not answered", q.score, q.note]
            )
    return m.Table(
        [
            m.Column("Section"),
            m.Column("Question", wrap=True),
            m.Column("Answer"),
            m.Column("Score", m.PERCENT),
            m.Column("Evidence note", wrap=True),
        ],
        rows,
    )


def build_assessment(ctx: Context) -> m.Document:
    bundle = latest_assessment(ctx.store)
    doc = m.Document(
        "Social value self-assessment", ctx.org.name, subject="Self-assessment report and action plan"
    )
    if bundle is None:
        doc.subtitle = org_line(ctx.org)
        doc.section("Summary").empty(
            "No completed self-assessment yet. Take the self-assessment in svdesk, then export this report."
        )
        return doc
    r, summary = bundle.results, bundle.summary
    doc.subtitle = f"{r.checklist.title} (version {r.checklist.version})"
    doc.period = f"Completed {format_date(summary.completed_on)}"
    open_actions = [a for a in bundle.actions if a.status not in ("done", "dropped")]
    where = "Summary"
    ctx.record(
        "assessment:score",
        r.score,
        "score",
        where,
        _score(r.score),
        start=summary.completed_on,
        end=summary.completed_on,
    )
    for sec in r.sections:
        ctx.record(
            f"assessment:section:{sec.title}",
            sec.score,
            "score",
            where,
            _score(sec.score),
            start=summary.completed_on,
            end=summary.completed_on,
        )
    doc.cover_facts = [
        ("Organisation", org_line(ctx.org)),
        ("Overall score", f"{_score(r.score)}" + (f" · {r.maturity.label}" if r.maturity else "")),
        ("Questions answered", f"{summary.answered} of {summary.total}"),
        ("Open actions", str(len(open_actions))),
    ]
    intro = doc.section("Summary")
    intro.add(
        m.Figures(
            [
                m.KeyFigure("Overall score", _score(r.score), r.maturity.label if r.maturity else ""),
                m.KeyFigure("Questions answered", f"{summary.answered} of {summary.total}"),
                m.KeyFigure("Open actions", str(len(open_actions)), f"{len(bundle.actions)} in the plan"),
            ]
        )
    )
    if r.checklist.summary:
        intro.add(m.Paragraph(r.checklist.summary))
    intro.add(sections_table(bundle))
    intro.add(
        m.Chart(
            "Score by section",
            [s.title for s in r.sections],
            [m.Series("Score", [s.score or 0 for s in r.sections], "local")],
            kind="bar",
            unit=m.PERCENT,
        )
    )
    strengths = doc.section("What you already do well")
    if r.strengths:
        strengths.add(m.Bullets([q.question.text for q in r.strengths[:12]]))
    else:
        strengths.empty("No strengths recorded yet: no question was answered Yes.")
    gaps = doc.section("Gaps, most important first")
    if r.gaps:
        gaps.add(
            m.Table(
                [
                    m.Column("Question", wrap=True),
                    m.Column("Your answer"),
                    m.Column("Buyer weight", m.INTEGER),
                    m.Column("What to do", wrap=True),
                ],
                [
                    [
                        g.question.text,
                        g.result.answer.label if g.result.answer else "",
                        g.question.buyer_weight,
                        g.question.action,
                    ]
                    for g in r.gaps
                ],
            )
        )
    else:
        gaps.empty("No gaps: every question was answered Yes or does not apply.")
    doc.section("Action plan").add(actions_table(bundle))
    if bundle.comparison is not None:
        c, previous = bundle.comparison, bundle.previous
        assert previous is not None  # latest_assessment compares only with a previous one
        comp = doc.section("Compared with the previous assessment")
        comp.add(
            m.Paragraph(
                f"Previous assessment completed {format_date(previous.completed_on)}: "
                f"{c.count('improved')} areas improved, {c.count('slipped')} slipped."
            )
        )
        comp.add(
            m.Table(
                [
                    m.Column("Section", wrap=True),
                    m.Column("Before", m.PERCENT),
                    m.Column("After", m.PERCENT),
                    m.Column("Change"),
                ],
                [[ch.title, ch.before, ch.after, ch.direction] for ch in c.sections],
            )
        )
    doc.sources = [
        f"Checklist: {r.checklist.title}, version {r.checklist.version}"
        + (f", published by {r.checklist.publisher}" if r.checklist.publisher else "")
        + ".",
        "Scores are the share of available points: Yes scores in full, Partly in "
        "part, No scores nothing; questions that do not apply are left out.",
        r.checklist.disclaimer or "",
        f"Prepared by {ctx.org.name} with svdesk on {format_date(ctx.today)}.",
    ]
    doc.sources = [s for s in doc.sources if s]
    return doc


__all__ = ["build_assessment", "assessment_table", "latest_assessment", "NONE_YET"]
