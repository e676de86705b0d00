"""Tender answers on a policy or practice: the firm's self-assessment answers put as plain
statements ("Do you pay …?" -> "We pay …."), grouped under the question's own asks, with what
applies on this contract, what is improving and how it is monitored.

Split from svdesk.exports.tender_draft, which picks this builder for a policy question.
"""

from __future__ import annotations

import re

from svdesk.exports.tender_fit import KEEP, Part
from svdesk.exports.tender_measures import (
    MONITOR,
    THEME_SECTIONS,
    THEME_WORDS,
)
from svdesk.exports.tender_offer_drafts import _how, _theme_targets
from svdesk.exports.tender_targets import amount
from svdesk.services.tender_facts import TenderFacts

_ASK = [
    (re.compile(r"^Do you\b"), "We"),
    (re.compile(r"^Does everyone\b"), "Everyone"),
    (re.compile(r"^Do staff\b"), "Staff"),
    (re.compile(r"^Are you\b"), "We are"),
    (re.compile(r"^Have you\b"), "We have"),
    (re.compile(r"^Is your\b"), "Our"),
    (re.compile(r"^Does your\b"), "Our"),
]


_PRONOUNS = [
    (r"\byourselves\b", "ourselves"),
    (r"\byour\b", "our"),
    (r"\b(for|to|with|against|by|of) you\b", r"\1 us"),
    (r"\byou\b", "we"),
]


def practice_statement(text: str) -> str:
    """ "Do you pay everyone … ?" -> "We pay everyone … ."."""
    s = text.strip().rstrip("?").strip()
    s = re.sub(r",? and (?:could|can) you\b.*$", "", s)
    for pattern, repl in _ASK:
        if pattern.search(s):
            s = pattern.sub(repl, s, count=1)
            break
    for pronoun, repl in _PRONOUNS:
        s = re.sub(pronoun, repl, s)
    s = s.replace("Everyone have", "Everyone has").replace("We get", "We get")
    return s + "."


def _practices(facts: TenderFacts, theme: str) -> list:
    sections = THEME_SECTIONS.get(theme, ())
    out = []
    for p in facts.practices:
        low = p.text.lower()
        slavery = "slavery" in low or "subcontractors about their own" in low
        if theme == "modern_slavery":
            if slavery:
                out.append(p)
        elif p.section_id in sections and not slavery:
            out.append(p)
    return out


ASK_SYNONYMS = {
    "voice": ("say in", "union", "forum", "concerns", "voice"),
    "pay": ("wage", "pay"),
    "contract": ("contract", "hours"),
    "recruit": ("recruit", "advert", "candidate", "interview", "applies"),
    "advertis": ("advert", "share work", "opening"),
    "supplier": ("supplier", "subcontract"),
    "polic": ("policy", "plan", "scheme"),
    "monitor": ("record", "check", "survey", "measure"),
    "mental": ("mental",),
    "flexib": ("flexib",),
    "train": ("train", "progress", "qualif"),
    "risk": ("risk", "check"),
    "disab": ("disab", "adjustment"),
}


def _ask_words(ask: str) -> set[str]:
    words = {
        w
        for w in re.findall(r"[a-z]{3,}", ask.lower())
        if w
        not in {
            "your",
            "their",
            "with",
            "from",
            "that",
            "this",
            "they",
            "what",
            "about",
            "will",
            "into",
            "work",
            "organisation",
            "approach",
            "and",
            "the",
            "how",
            "our",
            "are",
            "for",
            "practices",
            "practice",
        }
    }
    out: set[str] = set()
    for w in words:
        hits = [syn for stem, syn in ASK_SYNONYMS.items() if w.startswith(stem)]
        out.update(*hits) if hits else out.add(w[:5])
    return out


def _plain(action: str) -> str:
    text = action[0].lower() + action[1:]
    for pattern, repl in _PRONOUNS:
        text = re.sub(pattern, repl, text)
    return text


def _policy(facts, reading, table, question, champion) -> list[Part]:
    theme = reading.theme or "fair_work"
    items = [p for p in _practices(facts, theme) if p.answer in ("yes", "partly", "no")]
    asked: list[Part] = []
    placed: set[str] = set()
    for ask in reading.asks:
        words = _ask_words(ask)
        part = Part("asked", _heading(ask), label=ask.lower())
        for p in items:
            if p.question_id in placed or p.answer == "no":
                continue
            if any(w in p.text.lower() for w in words):
                part.add(_practice_sentence(p), (p.source,), 1 if p.answer == "yes" else 2)
                placed.add(p.question_id)
        if part.sentences:
            asked.append(part)
    practice = Part("practice", f"Our approach to {THEME_WORDS.get(theme, theme)}", label="current practice")
    developing = Part("developing", "Where we are improving", label="improvements under way")
    for i, p in enumerate(q for q in items if q.answer == "yes" and q.question_id not in placed):
        practice.add(_practice_sentence(p), (p.source,), 1 if i < 2 else 2)
    for p in items:
        if p.answer == "partly" and p.question_id not in placed:
            developing.add(_practice_sentence(p), (p.source,), 2)
    for p in [q for q in items if q.answer == "no"][:2]:
        developing.add(f"During the contract we will {_plain(p.action).rstrip('.')}.", (p.source,), 3)
    on_contract = Part("on_contract", "On this contract", label="what applies on this contract")
    for t in _theme_targets(theme, table, 2, question):
        how, _evidence = _how(t.key, facts)
        on_contract.add(f"{t.name}: {amount(t.safe, t.unit)} on this contract, by {how}.", (t.source,), 1)
    monitoring = Part("monitoring", "Monitoring", label="monitoring")
    monitoring.add(MONITOR.get(theme, MONITOR["employment"]), tuple(p.source for p in items[:1]), 2)
    parts = asked + [practice, on_contract, developing, monitoring]
    first = next((p for p in parts if p.sentences), None)
    if first is None or not items:
        practice.sentences.insert(0, _no_practice(theme))
    else:
        first.sentences[0].priority = KEEP
    return parts


def _no_practice(theme: str):
    from svdesk.exports.tender_fit import Sentence

    return Sentence(
        f"Our self-assessment has no answers on {THEME_WORDS.get(theme, theme)} "
        "yet, so we state no practice we cannot show.",
        ("no records",),
        KEEP,
    )


def _practice_sentence(p) -> str:
    note = f" {p.note.rstrip('.')}." if p.note else ""
    if p.answer == "yes":
        return practice_statement(p.text) + note
    return (
        f"{practice_statement(p.text)[:-1]} in part, and are extending it: "
        f"{_plain(p.action).rstrip('.')}.{note}"
    )


def _heading(ask: str) -> str:
    ask = ask.strip()
    return ask[0].upper() + ask[1:] if ask else ask
