"""Recognising the same supplier under slightly different names.

Accounting files spell a supplier many ways ("Travis Perkins Trading Co Ltd", "TRAVIS PERKINS
TRADING COMPANY LIMITED", "The Travis Perkins Trading Co. Ltd."). name_key() reduces a name to a
key that is equal for such spellings, so exact key matches are the same supplier. Anything less
than equal is only *suggested* for a merge (near_matches); svdesk never merges on a guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

# Legal-form words carry no identity: "Acme Ltd" and "Acme Limited" are one firm.
_LEGAL_SUFFIXES = {
    "ltd",
    "limited",
    "plc",
    "llp",
    "lp",
    "inc",
    "incorporated",
    "cic",
    "co",
    "company",
    "uk",
    "gb",
    "group",
    "cio",
    "corp",
    "corporation",
}
_SUFFIX_PHRASES = [
    ("public limited company", "plc"),
    ("limited liability partnership", "llp"),
    ("community interest company", "cic"),
    ("u k", "uk"),
]
_WORD_RE = re.compile(r"[a-z0-9]+")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def name_key(name: str) -> str:
    """The matching key of a supplier name: lower case, no punctuation, "and" for "&", no
    leading "The", trailing legal forms (Ltd, Limited, PLC, LLP, Co …) removed."""
    text = _ascii(name or "").lower().replace("&", " and ").replace("+", " and ")
    text = text.replace("'", "").replace("’", "")  # "Jewson's" = "Jewsons"
    text = re.sub(r"(?<=\w)\.(?=\w\.)", "", text)  # "t.p.s." → "tps."
    words = _WORD_RE.findall(text)
    joined = " ".join(words)
    for phrase, short in _SUFFIX_PHRASES:
        joined = re.sub(rf"\b{phrase}\b", short, joined)
    words = joined.split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def tidy_display_name(name: str) -> str:
    """Collapse spaces; keep the user's capitalisation unless the whole name is shouted."""
    text = re.sub(r"\s+", " ", (name or "").strip())
    if text.isupper() and len(text) > 4:
        text = " ".join(
            w if len(w) <= 3 and w not in {"THE", "AND"} else w.capitalize() for w in text.split(" ")
        )
    return text


@dataclass(frozen=True)
class NearMatch:
    a_id: int
    a_name: str
    b_id: int
    b_name: str
    score: float  # 0..1
    why: str


def similarity(key_a: str, key_b: str) -> float:
    """Blend of character similarity and shared words, 0..1, on name keys."""
    if not key_a or not key_b:
        return 0.0
    ratio = SequenceMatcher(None, key_a, key_b, autojunk=False).ratio()
    ta, tb = set(key_a.split()), set(key_b.split())
    jaccard = len(ta & tb) / len(ta | tb)
    # One name's words all inside the other's ("jewson" / "jewson builders merchants").
    contained = 1.0 if (ta <= tb or tb <= ta) else 0.0
    return max(ratio, 0.5 * ratio + 0.5 * jaccard, 0.85 * contained if contained else 0.0)


def _could_reach(key_a: str, key_b: str, threshold: float) -> bool:
    """False when similarity() cannot reach threshold, judged from difflib's cheap upper bounds
    of ratio() (lengths, then letter counts): the full ratio is the costly part, and most pairs
    in a register of thousands fall well short. Never drops a pair similarity() would keep."""
    if not key_a or not key_b:
        return False
    ta, tb = set(key_a.split()), set(key_b.split())
    if ta <= tb or tb <= ta:
        return True  # contained names score 0.85 whatever the ratio
    jaccard = len(ta & tb) / len(ta | tb)
    matcher = SequenceMatcher(None, key_a, key_b, autojunk=False)
    for bound in (matcher.real_quick_ratio, matcher.quick_ratio):
        upper = bound()
        if max(upper, 0.5 * upper + 0.5 * jaccard) < threshold:
            return False
    return True


def near_matches(
    suppliers: list[tuple[int, str, str]], threshold: float = 0.82, limit: int = 200
) -> list[NearMatch]:
    """Pairs of suppliers (id, name, name_key) whose keys look alike, best first.

    Only names sharing a word or a first letter pair are compared, so a register of thousands
    of suppliers is checked in well under a second.
    """
    by_token: dict[str, list[int]] = {}
    for i, (_sid, _name, key) in enumerate(suppliers):
        for token in set(key.split()) | {key[:3]}:
            if len(token) >= 3:
                by_token.setdefault(token, []).append(i)
    seen: set[tuple[int, int]] = set()
    found: list[NearMatch] = []
    for members in by_token.values():
        if len(members) > 200:  # a word nearly every name has ("building") tells us nothing
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                pair = (i, j) if i < j else (j, i)
                if pair in seen:
                    continue
                seen.add(pair)
                a, b = suppliers[pair[0]], suppliers[pair[1]]
                if a[2] == b[2]:
                    score, why = 1.0, "The names are the same once Ltd, case and punctuation go"
                elif not _could_reach(a[2], b[2], threshold):
                    continue
                else:
                    score = similarity(a[2], b[2])
                    ta, tb = set(a[2].split()), set(b[2].split())
                    why = (
                        "One name is the other with words added"
                        if ta <= tb or tb <= ta
                        else "The names are spelt almost the same"
                    )
                if score >= threshold:
                    found.append(NearMatch(a[0], a[1], b[0], b[1], round(score, 3), why))
    found.sort(key=lambda m: (-m.score, m.a_name.lower()))
    return found[:limit]
