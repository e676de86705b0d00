"""Claims in an answer and what backs them: every sentence with a figure or a promise is linked
to the records, commitments, case studies or self-assessment answers behind it, whoever wrote
it (a draft or the user). A claim with nothing behind it is listed, so it can be flagged in the
window and before export.

Also: where the user's own words look like a person's details (a home postcode, a National
Insurance number, a date of birth, an e-mail address or phone number, a staff reference), say
so. The words are never rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from svdesk.exports.tender_targets import Target
from svdesk.services.tender_facts import TenderFacts

PROMISE = re.compile(
    r"\b(will|commit|commits|committed|guarantee|pledge|promise|ensure|"
    r"we offer|shall)\b",
    re.IGNORECASE,
)
MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
NUMBER = re.compile(r"(?<![\w.])£?\d[\d,]*(?:\.\d+)?%?")
NOT_FIGURES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b\d{{1,2}}\s+{MONTHS}\b",
        r"\b(?:19|20)\d\d(?:[-/]\d\d)?\b",
        r"\bQ\d+\b",
        r"\blevel \d\b",
        r"\b(?:quarter|year|phase|stage|step) \d+\b",
        r"\b[A-Z]{2,}-[\w-]+\b",
        r"\bMAC \d+(?:\.\d+)?\b",
        r"\boutcome \d+\b",
        r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b",
    )
]
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Claim:
    sentence: str
    figures: tuple[str, ...]
    promise: bool
    backing: tuple[str, ...]

    @property
    def backed(self) -> bool:
        return bool(self.backing)


def _value(token: str) -> float | None:
    try:
        return float(token.strip("£%").replace(",", ""))
    except ValueError:
        return None


def _add(index: dict, value, source: str) -> None:
    if value is None:
        return
    for v in {round(float(value), 2), round(float(value), 1), float(round(float(value)))}:
        index.setdefault(v, set()).add(source)


def _numbers_in(text: str) -> list[float]:
    return [v for v in (_value(t) for t in NUMBER.findall(_strip_non_figures(text))) if v is not None]


def figure_index(facts: TenderFacts, table: dict[str, Target]) -> dict[float, set[str]]:
    """Every figure the records and commitments can back, with what backs it."""
    index: dict[float, set[str]] = {}
    for t in table.values():
        for v in (t.safe, t.stretch):
            _add(index, v, t.source)
        for v in t.milestones.values():
            _add(index, v, t.source)
        for v in _numbers_in(t.basis):
            _add(index, v, t.source)
        quarters = max(1, round(facts.years * 4))
        _add(index, round(t.safe * max(1, quarters // 2) / quarters, 1), t.source)
    for r in facts.run_rates.values():
        _add(index, r.quantity, r.source)
    for p in facts.past:
        _add(index, p.quantity, p.source)
    for c in facts.commitments:
        _add(index, c.yearly, c.source)
        _add(index, c.term_target, c.source)
    for n, source in facts.counts.values():
        _add(index, n, source)
    for pr in facts.practices:
        for v in _numbers_in(pr.text + " " + pr.note + " " + pr.action):
            _add(index, v, pr.source)
    for cs, _c in facts.case_studies:
        for v in _numbers_in(f"{cs.story} {cs.quote}"):
            _add(index, v, f"case study: {cs.title}")
    if facts.org.headcount:
        _add(index, facts.org.headcount, "organisation: headcount")
    if facts.contract.value_pence:
        _add(index, facts.contract.value_pence / 100, f"contract {facts.contract.reference}")
    return index


def _keywords(facts: TenderFacts, table: dict[str, Target]) -> dict[str, str]:
    """Words whose mention backs a promise without a figure: a target's measure or a practice
    the self-assessment shows."""
    out: dict[str, str] = {}
    stop = {
        "with",
        "from",
        "staff",
        "contract",
        "people",
        "the",
        "and",
        "paid",
        "least",
        "spend",
        "hours",
        "weeks",
        "days",
    }
    for t in table.values():
        for w in re.findall(r"[a-z]{5,}", t.name.lower()):
            if w not in stop:
                out.setdefault(w[:7], t.source)
    for p in facts.practices:
        if p.answer in ("yes", "partly", "no"):
            for w in re.findall(r"[a-z]{6,}", (p.text + " " + p.action).lower()):
                out.setdefault(w[:7], p.source)
    return out


def _strip_non_figures(text: str) -> str:
    for pattern in NOT_FIGURES:
        text = pattern.sub(" ", text)
    return text


def sentences(text: str) -> list[str]:
    out = []
    for s in SENTENCE.split(text or ""):
        s = s.strip().lstrip("-•").strip()
        if s and not (s.isupper() and len(s) < 80):
            out.append(s)
    return out


def check_claims(text: str, facts: TenderFacts, table: dict[str, Target]) -> list[Claim]:
    """Each sentence with a figure or a promise, with what backs it (empty when nothing)."""
    index = figure_index(facts, table)
    words = _keywords(facts, table)
    claims = []
    for s in sentences(text):
        figures = tuple(NUMBER.findall(_strip_non_figures(s)))
        promise = bool(PROMISE.search(s))
        if not figures and not promise:
            continue
        backing: set[str] = set()
        if figures:
            found = [
                index.get(round(v, 2)) or index.get(round(v, 1)) or index.get(float(round(v)))
                for v in (_value(f) for f in figures)
                if v is not None
            ]
            hits = [f for f in found if f]
            if found and len(hits) == len(found):  # every figure backed
                for f in hits:
                    backing |= f
        else:
            low = s.lower()
            backing = {src for w, src in words.items() if w in low}
        claims.append(Claim(s, figures, promise, tuple(sorted(backing))))
    return claims


def unbacked(claims: list[Claim]) -> list[Claim]:
    return [c for c in claims if not c.backed]


NI_NUMBER = re.compile(r"\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.I)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
PHONE = re.compile(r"(?<!\d)(?:\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)")
BIRTH = re.compile(r"\b(?:born|date of birth|d\.o\.b|dob|aged \d+)\b", re.I)
POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s?[0-9][A-Z]{2}\b", re.I)


def personal_details(
    text: str, known_places: AbstractSet[str] = frozenset(), person_refs: AbstractSet[str] = frozenset()
) -> list[str]:
    """Warnings where the user's text looks like a person's details (never a rewrite).
    known_places: postcodes that are not personal (the firm's, a contract site's)."""
    out = []
    places = {p.replace(" ", "").upper() for p in known_places if p}
    for m in POSTCODE.finditer(text or ""):
        if m.group(0).replace(" ", "").upper() not in places:
            out.append(
                f"“{m.group(0)}” looks like a full postcode: if it is someone's home, use the district only."
            )
    for pattern, what in (
        (NI_NUMBER, "a National Insurance number"),
        (EMAIL, "an e-mail address"),
        (PHONE, "a phone number"),
        (BIRTH, "a person's age or date of birth"),
    ):
        for m in pattern.finditer(text or ""):
            out.append(f"“{m.group(0)}” looks like {what}.")
    for ref in sorted(person_refs):
        if ref and re.search(rf"(?<!\w){re.escape(ref)}(?!\w)", text or ""):
            out.append(f"“{ref}” is a staff reference: buyers' documents should not name people.")
    return out


__all__ = ["Claim", "check_claims", "figure_index", "personal_details", "sentences", "unbacked"]
