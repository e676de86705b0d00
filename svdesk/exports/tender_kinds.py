"""What a tender question asks for, read from its words with no network: the kind of answer
(a number, one offer, commitments with a delivery plan, an example of past delivery, a policy or
practice), its theme, and the parts it asks about in its own terms (for headings and order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("number", "single_offer", "delivery_plan", "past_delivery", "policy")

# Theme -> words that signal it (lower case; matched as substrings of the question).
THEMES: dict[str, tuple[str, ...]] = {
    "modern_slavery": ("modern slavery", "forced labour", "human trafficking", "slavery"),
    "fair_work": (
        "fair work",
        "living wage",
        "zero hours",
        "zero-hours",
        "employment charter",
        "good employment",
        "workforce engagement",
        "trade union",
        "fair pay",
        "effective voice",
        "job security",
    ),
    "wellbeing": (
        "wellbeing",
        "well-being",
        "mental health",
        "health and safety culture",
        "healthy",
        "health of",
    ),
    "equality": (
        "equality",
        "diversity",
        "inclusion",
        "inclusive",
        "disab",
        "under-represented",
        "underrepresented",
        "discriminat",
        "protected characteristic",
    ),
    "environment": (
        "carbon",
        "net zero",
        "climate",
        "environment",
        "emission",
        "waste",
        "sustainab",
        "biodiversity",
        "pollution",
    ),
    "supply_chain": (
        "sme",
        "vcse",
        "small business",
        "social enterprise",
        "supply chain",
        "subcontract",
        "sub-contract",
        "local supplier",
        "prompt payment",
        "spend with",
        "suppliers",
    ),
    "employment": (
        "apprentic",
        "job",
        "employ",
        "recruit",
        "skills",
        "training",
        "work experience",
        "placement",
        "neet",
        "careers",
        "qualification",
        "retention",
        "completion",
    ),
    "community": ("volunteer", "community", "donation", "charit", "local groups"),
}
POLICY_THEMES = ("fair_work", "wellbeing", "equality", "modern_slavery", "environment", "supply_chain")

_NUMBER = (
    "how many",
    "what number",
    "number of",
    "state the number",
    "how much",
    "total value",
    "what percentage",
    "what proportion",
    "provide a figure",
    "state a figure",
    "give a figure",
    "state the total",
    "quantity of",
)
_SINGLE = (
    "one social value offer",
    "single social value",
    "one offer",
    "a single offer",
    "one commitment",
    "a single commitment",
    "your single",
    "only one",
    "one initiative",
)
_PAST = (
    "example",
    "case study",
    "previous contract",
    "previously delivered",
    "track record",
    "past contract",
    "demonstrate how you have",
    "have delivered",
    "delivered on a",
    "recent contract",
)
_POLICY = (
    "policy",
    "policies",
    "practice",
    "your approach",
    "approach to",
    "how do you",
    "how does your organisation",
    "procedure",
    "how your organisation",
    "do you have",
    "ensure that",
    "ensures",
)
_PLAN = ("commit", "will you", "you will", "plan", "kpi", "milestone", "timed", "measurable", "deliver")


@dataclass(frozen=True)
class Reading:
    kind: str
    theme: str  # "" when none stands out
    themes: tuple[str, ...]
    asks: tuple[str, ...]  # the parts the question asks about, in its own words and order


def themes_of(text: str) -> list[str]:
    low = " " + text.lower() + " "
    scores = []
    for theme, words in THEMES.items():
        hits = sum(low.count(w if w != "sme" else " sme") for w in words)
        if hits:
            scores.append((hits, -list(THEMES).index(theme), theme))
    return [t for *_ignored, t in sorted(scores, reverse=True)]


def kind_of(text: str, limit: int | None = None, unit: str = "words") -> str:
    low = text.lower()
    short_limit = limit is not None and (limit <= 40 if unit == "words" else limit <= 250)
    if any(w in low for w in _NUMBER) and (short_limit or not any(w in low for w in ("describe", "explain"))):
        return "number"
    if short_limit:
        return "number"
    if any(w in low for w in _SINGLE):
        return "single_offer"
    if any(w in low for w in _PAST):
        return "past_delivery"
    themes = themes_of(text)
    if (
        any(w in low for w in _POLICY)
        and themes
        and themes[0] in POLICY_THEMES
        and not ("commit" in low and "kpi" in low)
    ):
        return "policy"
    if (
        themes
        and themes[0] in ("fair_work", "wellbeing", "equality", "modern_slavery")
        and not any(w in low for w in ("commit", "kpi", "milestone"))
    ):
        return "policy"
    return "delivery_plan"


_ENUM = re.compile(r"(?:^|\s|;)(?:\(?[a-hivx]{1,4}\)|\d+[.)]|[•\-–])\s+", re.IGNORECASE)
_LEADS = re.compile(
    r"^(?:and |or |also |please |to )?(?:describe|explain|set out|outline|"
    r"tell us|provide|detail|include|including|covering|cover|confirm|state|"
    r"demonstrate|show)\s+(?:how\s+|what\s+|your\s+|the\s+|any\s+)*",
    re.IGNORECASE,
)
_TRIM = re.compile(
    r"^(?:how\s+|what\s+|which\s+|that\s+)?(?:you\s+will\s+|your\s+organisation\s+"
    r"will\s+|you\s+|your\s+|the\s+|any\s+|of\s+)*",
    re.IGNORECASE,
)


def asks_of(text: str) -> list[str]:
    """The parts a question asks about, in its own words: enumerated items ("(a) …", "1. …",
    bullets) or, failing those, the list after "including" / "covering" / "set out"."""
    body = " ".join(text.split())
    items = [p.strip(" ,;:.") for p in _ENUM.split(body)[1:] if p.strip(" ,;:.")]
    if len(items) < 2:
        m = re.search(r"\b(?:including|include|covering|cover|such as)\b(.+)", body, re.I) or re.search(
            r"\b(?:set out|should address|address)\b(.+)", body, re.I
        )
        tail = m.group(1) if m else ""
        items = [
            p.strip(" ,;:.")
            for p in re.split(r",|;|\band\b(?! (?:the|our|your) )", tail)
            if len(p.split()) >= 1 and p.strip(" ,;:.")
        ]
    out = []
    for item in items:
        item = re.split(r"[.?!](?:\s|$)", item)[0]
        item = _LEADS.sub("", item).strip()
        item = _TRIM.sub("", item).strip(" ,;:.")
        words = item.split()
        if not words or len(words) > 12:
            continue
        out.append(" ".join(words[:8]))
    return out[:7]


def read_question(
    text: str, limit: int | None = None, unit: str = "words", answer_type: str = "auto"
) -> Reading:
    themes = themes_of(text)
    kind = answer_type if answer_type in KINDS else kind_of(text, limit, unit)
    return Reading(kind, themes[0] if themes else "", tuple(themes), tuple(asks_of(text)))


__all__ = ["KINDS", "POLICY_THEMES", "Reading", "THEMES", "asks_of", "kind_of", "read_question", "themes_of"]
