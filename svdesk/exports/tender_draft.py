"""Draft the answer a tender question asks for, offline, from the firm's own records: a number
with how it is delivered, one fully specified offer, commitments with a delivery plan, an example
of past delivery, or a policy or practice answer; shaped by the question's own terms (headings
and order) and fitted to its limit (svdesk.exports.tender_fit).

Every sentence with a figure or a promise carries the records or commitment behind it. Figures
from another contract say which contract they come from: Salford delivery is never "this
contract" in a Manchester bid.

The answers of each kind are built in svdesk.exports.tender_offer_drafts (a number, one offer,
a delivery plan, past delivery) and svdesk.exports.tender_policy_drafts (policy or practice).
"""

from __future__ import annotations

from svdesk.exports.tender_fit import Draft, Part, fit
from svdesk.exports.tender_kinds import THEMES, Reading, read_question
from svdesk.exports.tender_measures import (
    HOW,
)
from svdesk.exports.tender_offer_drafts import _number, _past, _plan, _single
from svdesk.exports.tender_policy_drafts import _heading, _policy
from svdesk.exports.tender_targets import amount, targets
from svdesk.services.tender_facts import TenderFacts

# Part key -> words in a question's ask that point at it.
PART_WORDS = {
    "offer": ("commit", "offer", "target", "what you will", "social value", "deliver"),
    "method": ("method", "approach", "how", "recruit", "deliver", "activit", "action"),
    "milestones": ("milestone", "timescale", "timed", "timetable", "when", "programme", "quarter", "plan"),
    "kpis": ("kpi", "measur", "monitor", "indicator", "evidence", "track"),
    "reporting": ("report", "governance", "manage", "review", "accountab", "lead", "resourc", "champion"),
    "track": ("experience", "previous", "example", "track record", "past"),
    "risk": ("risk", "mitigat"),
    "context": ("contract", "where", "who", "client", "context", "background"),
    "outcome": ("outcome", "result", "impact", "benefit", "achiev", "difference"),
    "partners": ("partner", "work with", "collaborat", "organisations involved"),
    "figures": ("figure", "measured", "evidence", "data", "number"),
    "lessons": ("learn", "lesson", "apply", "transfer", "replicate", "would do"),
    "practice": (
        "policy",
        "policies",
        "practice",
        "approach",
        "current",
        "pay",
        "contract",
        "culture",
        "procedure",
    ),
    "developing": ("improve", "develop", "future", "next", "progress", "plan"),
    "on_contract": ("this contract", "deliver", "apply", "staff on", "workforce"),
    "monitoring": ("monitor", "measur", "review", "report", "evidence", "check"),
}


# --- the kinds of answer (built in tender_offer_drafts and tender_policy_drafts) ----------

BUILDERS = {
    "number": _number,
    "single_offer": _single,
    "delivery_plan": _plan,
    "past_delivery": _past,
    "policy": _policy,
}


def arrange(parts: list[Part], reading: Reading) -> list[Part]:
    """The question's own terms shape the answer: each part the question asks about takes the
    question's words as its heading and comes in the question's order; the parts it does not
    ask about follow, and their sentences go first when the limit is tight."""
    by_key = {p.key: p for p in parts}
    ordered: list[Part] = []
    for ask in reading.asks:
        low = ask.lower()
        best, score = None, 0
        for p in parts:
            if p in ordered:
                continue
            hits = sum(1 for w in PART_WORDS.get(p.key, ()) if w in low)
            if hits > score:
                best, score = p, hits
        if best is not None:
            best.heading = _heading(ask)
            for s in best.sentences:
                s.priority = min(s.priority, 1) if s.priority else 0
            ordered.append(best)
    asked = bool(ordered)
    rest = [p for p in parts if p not in ordered]
    if asked:
        for p in rest:
            for s in p.sentences:
                if s.priority:
                    s.priority = min(3, s.priority + 1)
    first = [p for p in rest if p.key in ("offer", "context", "figure", "practice")]
    return first + ordered + [p for p in rest if p not in first] if by_key else ordered


def draft_answer(
    facts: TenderFacts,
    question: str,
    limit: int | None = None,
    unit: str = "words",
    answer_type: str = "auto",
    champion: str = "",
) -> Draft:
    reading = read_question(question, limit, unit, answer_type)
    table = targets(facts)
    parts = BUILDERS[reading.kind](facts, reading, table, question, champion)
    if reading.kind not in ("number", "policy"):  # a policy answer is built from its asks
        parts = arrange(parts, reading)
    used_sources = {b for p in parts for s in p.sentences for b in s.backing}
    flags = [f"{t.name}: {f}" for t in table.values() if t.source in used_sources for f in t.flags]
    proposals = [
        f"{t.name}: {amount(t.safe, t.unit)} is safe, {amount(t.stretch, t.unit)} a stretch ({t.basis})."
        if t.stretch != t.safe
        else f"{t.name}: {amount(t.safe, t.unit)} ({t.basis})."
        for t in table.values()
        if t.source in used_sources
    ]
    draft = Draft(
        reading.kind,
        reading.theme,
        parts,
        limit,
        unit,
        headings=reading.kind != "number",
        flags=flags,
        proposals=proposals,
    )
    return fit(draft)


__all__ = ["BUILDERS", "HOW", "THEMES", "arrange", "draft_answer"]
