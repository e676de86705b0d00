"""Scoring rules for a self-assessment: pure functions over a checklist and a set of answers.

The rules, also written in docs/checklist-format.md and shown on the results page:

- A question earns weight × the chosen answer's score (Yes 1, Partly 0.5, No 0 in the svdesk
  checklist). "Not applicable" has no score: the question leaves both the points earned and the
  points possible, so it never pulls a score down. Unanswered questions are left out the same way.
- A section's score = points earned ÷ points possible over its answered, applicable questions.
  The overall score uses every such question in the checklist (not an average of sections).
- A section's maturity is the highest level whose min_score the section score reaches (the
  thresholds live in the checklist file); a section with nothing applicable has no level.
- Strengths: questions with the best answer, the ones buyers weigh most first.
- Gaps: questions short of the best answer, ranked by priority = buyer_weight × weight ×
  (1 − score), so a "No" on something buyers weigh heavily comes first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from svdesk.assessment.checklist import Checklist, MaturityLevel, Question, ScaleOption

CHANGE_EPSILON = 0.005  # score changes smaller than half a percentage point count as "same"


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    answer: ScaleOption | None  # None = not answered yet
    note: str = ""

    @property
    def score(self) -> float | None:
        return None if self.answer is None else self.answer.score

    @property
    def applicable(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class SectionResult:
    section_id: str
    title: str
    points: float
    possible: float
    answered: int
    not_applicable: int
    total: int
    maturity: MaturityLevel | None
    questions: tuple[QuestionResult, ...]

    @property
    def score(self) -> float | None:
        return self.points / self.possible if self.possible else None


@dataclass(frozen=True)
class Gap:
    result: QuestionResult
    priority: float

    @property
    def question(self) -> Question:
        return self.result.question


@dataclass(frozen=True)
class Results:
    checklist: Checklist
    sections: tuple[SectionResult, ...]
    points: float
    possible: float
    strengths: tuple[QuestionResult, ...]
    gaps: tuple[Gap, ...]
    unanswered: tuple[Question, ...]

    @property
    def score(self) -> float | None:
        return self.points / self.possible if self.possible else None

    @property
    def maturity(self) -> MaturityLevel | None:
        return self.checklist.maturity_for(self.score)

    def section(self, section_id: str) -> SectionResult | None:
        return next((s for s in self.sections if s.section_id == section_id), None)

    def question(self, question_id: str) -> QuestionResult | None:
        return next((q for s in self.sections for q in s.questions if q.question.id == question_id), None)


def _answer_id(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return getattr(value, "answer", None) or (value.get("answer") if isinstance(value, dict) else None)


def score(
    checklist: Checklist, answers: Mapping[str, object], notes: Mapping[str, str] | None = None
) -> Results:
    """Score answers ({question id: answer id}) against a checklist. Unknown ids are ignored."""
    notes = notes or {}
    sections, all_results, unanswered = [], [], []
    points = possible = 0.0
    for section in checklist.sections:
        s_points = s_possible = 0.0
        answered = na = 0
        q_results = []
        for q in section.questions:
            aid = _answer_id(answers.get(q.id))
            option = q.option(aid) if aid else None
            result = QuestionResult(q, option, notes.get(q.id, ""))
            q_results.append(result)
            if option is None:
                unanswered.append(q)
                continue
            answered += 1
            if option.score is None:
                na += 1
                continue
            s_points += q.weight * option.score
            s_possible += q.weight
        sec_score = s_points / s_possible if s_possible else None
        sections.append(
            SectionResult(
                section.id,
                section.title,
                s_points,
                s_possible,
                answered,
                na,
                len(section.questions),
                checklist.maturity_for(sec_score),
                tuple(q_results),
            )
        )
        all_results.extend(q_results)
        points += s_points
        possible += s_possible
    order = {r.question.id: i for i, r in enumerate(all_results)}
    strengths = sorted(
        (r for r in all_results if r.score is not None and r.score >= 1),  # applicable, met
        key=lambda r: (-r.question.buyer_weight, order[r.question.id]),
    )
    gaps = sorted(
        (
            Gap(r, r.question.buyer_weight * r.question.weight * (1 - r.score))
            for r in all_results
            if r.score is not None and r.score < 1  # applicable, not met
        ),
        key=lambda g: (-g.priority, -g.question.buyer_weight, order[g.question.id]),
    )
    return Results(
        checklist, tuple(sections), points, possible, tuple(strengths), tuple(gaps), tuple(unanswered)
    )


# --- comparing two assessments -----------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    key: str  # section or question id
    title: str
    before: float | None
    after: float | None
    before_label: str  # maturity label or answer label
    after_label: str
    direction: str  # improved, slipped, same, changed, new, removed

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class Comparison:
    overall: Change
    sections: tuple[Change, ...]
    questions: tuple[Change, ...]

    def count(self, direction: str) -> int:
        return sum(1 for q in self.questions if q.direction == direction)


def _direction(before: float | None, after: float | None, same_label: bool) -> str:
    if before is not None and after is not None:
        if after - before > CHANGE_EPSILON:
            return "improved"
        if before - after > CHANGE_EPSILON:
            return "slipped"
        return "same"
    return "same" if same_label else "changed"


def _label(level: MaturityLevel | None) -> str:
    return level.label if level else "Not applicable"


def compare(before: Results, after: Results) -> Comparison:
    """What improved and what slipped from one assessment to a later one (matched by id)."""
    overall = Change(
        "overall",
        "Overall",
        before.score,
        after.score,
        _label(before.maturity),
        _label(after.maturity),
        _direction(before.score, after.score, before.score == after.score),
    )
    sections = []
    after_ids = {s.section_id for s in after.sections}
    for s in after.sections:
        b = before.section(s.section_id)
        if b is None:
            sections.append(Change(s.section_id, s.title, None, s.score, "", _label(s.maturity), "new"))
            continue
        sections.append(
            Change(
                s.section_id,
                s.title,
                b.score,
                s.score,
                _label(b.maturity),
                _label(s.maturity),
                _direction(b.score, s.score, b.score == s.score),
            )
        )
    for b in before.sections:
        if b.section_id not in after_ids:
            sections.append(Change(b.section_id, b.title, b.score, None, _label(b.maturity), "", "removed"))
    questions = []
    after_q = set()
    for s in after.sections:
        for r in s.questions:
            after_q.add(r.question.id)
            bq = before.question(r.question.id)
            a_label = r.answer.label if r.answer else "Not answered"
            if bq is None:
                questions.append(Change(r.question.id, r.question.text, None, r.score, "", a_label, "new"))
                continue
            b_label = bq.answer.label if bq.answer else "Not answered"
            same = (bq.answer.id if bq.answer else None) == (r.answer.id if r.answer else None)
            questions.append(
                Change(
                    r.question.id,
                    r.question.text,
                    bq.score,
                    r.score,
                    b_label,
                    a_label,
                    _direction(bq.score, r.score, same),
                )
            )
    for s in before.sections:
        for r in s.questions:
            if r.question.id not in after_q:
                questions.append(
                    Change(
                        r.question.id,
                        r.question.text,
                        r.score,
                        None,
                        r.answer.label if r.answer else "Not answered",
                        "",
                        "removed",
                    )
                )
    return Comparison(overall, tuple(sections), tuple(questions))
