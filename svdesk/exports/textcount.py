"""Word and character counts the way tender portals count them.

PPN 06/20's model question limits characters, PPN 002's limits words, so both are counted.
Words are runs of non-space characters (a hyphenated word or "£12,000" is one word, as in Word);
characters include spaces and line breaks, as most portals count them.
"""

from __future__ import annotations

from dataclasses import dataclass


def count_words(text: str) -> int:
    return len((text or "").split())


def count_characters(text: str, *, spaces: bool = True) -> int:
    text = (text or "").replace("\r\n", "\n")
    return len(text) if spaces else sum(1 for ch in text if not ch.isspace())


@dataclass(frozen=True)
class Count:
    words: int
    characters: int
    limit: int | None = None
    unit: str = "words"  # what the limit counts: "words" or "characters"

    @property
    def used(self) -> int:
        return self.words if self.unit == "words" else self.characters

    @property
    def over(self) -> bool:
        return self.limit is not None and self.used > self.limit

    def describe(self) -> str:
        base = f"{self.words:,} words · {self.characters:,} characters"
        if self.limit is None:
            return base
        left = self.limit - self.used
        state = f"{-left:,} {self.unit} over the limit" if left < 0 else f"{left:,} {self.unit} to spare"
        return f"{base} · limit {self.limit:,} {self.unit} · {state}"


def count(text: str, limit: int | None = None, unit: str = "words") -> Count:
    return Count(count_words(text), count_characters(text), limit, unit)
