"""A drafted answer as parts and sentences with priorities, rendered as portal text and fitted
to the buyer's limit as portals count it (svdesk.exports.textcount): the lowest-priority
sentences go first, then whole parts, and the draft says what was left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from svdesk.exports.textcount import count

KEEP = 0  # a sentence that is the answer itself: never dropped, only shortened


@dataclass
class Sentence:
    text: str
    backing: tuple[str, ...] = ()  # the records or commitments behind it
    priority: int = 2  # 0 keep … 3 first to go


@dataclass
class Part:
    key: str
    heading: str
    sentences: list[Sentence] = field(default_factory=list)
    bullets: bool = False
    label: str = ""  # what it is, for "left out" ("the delivery plan")

    def add(self, text: str, backing=(), priority: int = 2) -> Part:
        if text:
            self.sentences.append(Sentence(text, tuple(b for b in backing if b), priority))
        return self


@dataclass
class Draft:
    kind: str
    theme: str
    parts: list[Part]
    limit: int | None = None
    unit: str = "words"
    headings: bool = True
    left_out: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)  # "safe / stretch" for each target used

    def text(self) -> str:
        blocks = []
        for part in self.parts:
            if not part.sentences:
                continue
            lines = []
            if self.headings and part.heading:
                lines.append(part.heading.upper())
                lines.append("")
            if part.bullets:
                lines += [f"- {s.text}" for s in part.sentences]
            else:
                lines.append(" ".join(s.text for s in part.sentences))
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def used(self) -> int:
        return count(self.text(), self.limit, self.unit).used

    def fits(self) -> bool:
        return self.limit is None or self.used() <= self.limit

    @property
    def sentences(self) -> list[Sentence]:
        return [s for p in self.parts for s in p.sentences]


def _drop_one(draft: Draft) -> bool:
    """Drop the lowest-priority sentence (the last of equals); False when only KEEP is left."""
    best = None
    for pi, part in enumerate(draft.parts):
        for si, s in enumerate(part.sentences):
            if s.priority > KEEP and (best is None or s.priority >= best[0]):
                best = (s.priority, pi, si)
    if best is None:
        return False
    _prio, pi, si = best
    part = draft.parts[pi]
    gone = part.sentences.pop(si)
    if not part.sentences:
        draft.left_out.append(part.label or part.heading.lower() or "a part")
    else:
        draft.left_out.append(f"{part.label or part.heading.lower()}: “{_short(gone.text)}”")
    return True


def _short(text: str, words: int = 8) -> str:
    w = text.split()
    return " ".join(w[:words]) + ("…" if len(w) > words else "")


def _shorten_last(draft: Draft) -> None:
    """Only the answer itself is left and it is still over: cut its last sentence at a word."""
    while not draft.fits():
        parts = [p for p in draft.parts if p.sentences]
        if not parts:
            return
        s = parts[-1].sentences[-1]
        words = s.text.split()
        if len(words) <= 1:
            parts[-1].sentences.pop()
            continue
        s.text = " ".join(words[:-1]).rstrip(",;:") + "."
        if "shortened" not in draft.left_out:
            draft.left_out.append("shortened")


def fit(draft: Draft) -> Draft:
    """Make the draft fit its limit, in place; returns it. Headings go first for a short limit
    (they cost words and characters and a short answer reads better without them)."""
    if draft.limit is None:
        return draft
    small = draft.limit < (120 if draft.unit == "words" else 800)
    if small:
        draft.headings = False
    while not draft.fits():
        if not _drop_one(draft):
            if draft.headings:
                draft.headings = False
                continue
            _shorten_last(draft)
            break
    draft.parts = [p for p in draft.parts if p.sentences]
    return draft


__all__ = ["Draft", "KEEP", "Part", "Sentence", "fit"]
