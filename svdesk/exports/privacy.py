"""Personal data never leaves in an export: full postcodes become districts ("M5 4WT" -> "M5").

Builders already use postcode districts and never read names or person references; this pass
over every text a renderer writes is the second line of defence for text a user typed (a note
that mentions someone's postcode, say).
"""

from __future__ import annotations

import re

# Outward code (district) then inward code: M5 4WT, SW1A 1AA, EC1A 1BB, M54WT.
FULL_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s?([0-9][A-Z]{2})\b", re.IGNORECASE)


def district(postcode: str) -> str:
    """The postcode district of a full postcode ("M5 4WT" -> "M5"); "" when blank."""
    text = (postcode or "").strip().upper()
    if not text:
        return ""
    match = FULL_POSTCODE.fullmatch(text)
    if match:
        return match.group(1).upper()
    return text.split()[0] if " " in text else text


def redact(text: str) -> str:
    """Replace every full postcode in text by its district."""
    if not text or not isinstance(text, str):
        return text
    return FULL_POSTCODE.sub(lambda m: m.group(1).upper(), text)


def find_full_postcodes(text: str) -> list[str]:
    return [m.group(0) for m in FULL_POSTCODE.finditer(text or "")]


def person_references(store) -> set[str]:
    """Every person reference in the store (empty when the people area is not built)."""
    from svdesk.exports.sources import _module

    people = _module("svdesk.services.people")
    if people is None:
        return set()
    # The references alone: list_people would also work out pay and locality for everyone.
    return {ref for ref in people.taken_references(store) if ref and len(ref) >= 3}


def scrub(report, refs: set[str]):
    """Replace any person reference a user typed into free text ("IJ-014's agreement.pdf")
    with "[person]", everywhere in a model.Document or model.Workbook, in place."""
    if not refs:
        return report
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(r) for r in
                                                    sorted(refs, key=len, reverse=True))
                         + r")(?!\w)")

    def fix(value):
        if isinstance(value, str):
            return pattern.sub("[person]", value)
        if isinstance(value, list):
            for i, item in enumerate(value):
                value[i] = fix(item)
            return value
        if isinstance(value, tuple):
            return tuple(fix(v) for v in value)
        if hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                setattr(value, name, fix(getattr(value, name)))
        return value

    if isinstance(report, tuple):
        return tuple(fix(r) for r in report)
    return fix(report)
