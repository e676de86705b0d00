"""Personal data never leaves in an export: full postcodes become districts ("M5 4WT" -> "M5").

Builders already use postcode districts and never read names or person references; this pass
over every text a renderer writes is the second line of defence for text a user typed (a note
that mentions someone's postcode, say).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

# While set, redact leaves text alone: the user's own answer (a tender answer) is exported as
# written, and svdesk warns about what looks like personal details instead (tender_claims).
_KEEP_USER_TEXT: ContextVar[bool] = ContextVar("svdesk_keep_user_text", default=False)


@contextmanager
def keep_user_text(keep: bool = True):
    token = _KEEP_USER_TEXT.set(keep)
    try:
        yield
    finally:
        _KEEP_USER_TEXT.reset(token)


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
    if not text or not isinstance(text, str) or _KEEP_USER_TEXT.get():
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


def _alternatives(refs) -> str:
    """A regular expression matching any of refs, the longest first where one is the start of
    another, as a trie: "IJ\\-0(?:14|03)" for IJ-014 and IJ-003.

    It matches exactly what the plain alternation of refs longest first matches (at one
    position every ref that fits lies on one path of the trie, tried deepest first, so the
    first that fits with what follows is the longest), but compiles in a third of the time
    and tests each position along one path instead of against every ref: 5,000 references
    took 0.15 s to compile as a list."""
    trie: dict = {}
    for ref in refs:
        node = trie
        for ch in ref:
            node = node.setdefault(ch, {})
        node[""] = {}  # a reference ends here

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a shorter reference ends here: try it last
            return f"(?:{body})?" if len(branches) == 1 else body + "?"
        return body

    return emit(trie)


# Values scrub passes by as they are: no text can be inside them.
_PLAIN = frozenset({int, float, bool, type(None), date, datetime})


def scrub(report, refs: set[str]):
    """Replace any person reference a user typed into free text ("IJ-014's agreement.pdf")
    with "[person]", everywhere in a model.Document or model.Workbook, in place."""
    if not refs:
        return report
    pattern = re.compile(r"(?<!\w)(" + _alternatives(refs) + r")(?!\w)")
    return replace_text(report, lambda text: pattern.sub("[person]", text))


def replace_text(report, sub):
    """Apply sub(text) -> text to every string in a model.Document or model.Workbook (or a
    tuple of them), in place."""

    def fix(value):
        if isinstance(value, str):
            return sub(value)
        if isinstance(value, list):
            # A table's rows are most of a report: its cells are handled here, not by a call
            # each (170,000 cells in the large workbook).
            for i, item in enumerate(value):
                kind = item.__class__
                if kind is str:
                    value[i] = sub(item)
                elif kind not in _PLAIN:
                    value[i] = fix(item)
            return value
        if isinstance(value, tuple):
            return tuple(fix(v) for v in value)
        if hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                setattr(value, name, fix(getattr(value, name)))
        return value

    if isinstance(report, tuple):
        return tuple(r if getattr(r, "verbatim", False) else fix(r) for r in report)
    return report if getattr(report, "verbatim", False) else fix(report)


# --- what a buyer's document may say about people ------------------------------------------

SMALL_COUNT = 3
FEWER_THAN = f"fewer than {SMALL_COUNT}"


def small_count(n: float | None):
    """A count of people as a buyer's document prints it: counts under 3 would single someone
    out in a small firm (its one NEET hire), so they print as "fewer than 3"."""
    if n is None:
        return None
    return FEWER_THAN if 0 < n < SMALL_COUNT else n


def month_only(day: date | None) -> str:
    """ "Apr 2025": when a job started or ended, never the day (a start date identifies a
    person)."""
    return day.strftime("%b %Y") if day else ""


PEOPLE_UNITS = {"people", "person", "persons", "hires"}


def people_quantity(quantity, unit: str):
    """A measure's quantity as a buyer's document prints it: a count of people under 3 prints
    as "fewer than 3" (other quantities as they are)."""
    if isinstance(quantity, (int, float)) and (unit or "").strip().lower() in PEOPLE_UNITS:
        return small_count(quantity)
    return quantity


def evidence_day(row):
    """An evidence file's date, as the month only when the file is linked to a job (an
    apprenticeship agreement's date is the apprentice's start date)."""
    if any(kind == "person" for kind, _rid in getattr(row, "links", ())):
        return month_only(row.day)
    return row.day


_FEW_RECORDS = re.compile(r"\b([12]) (records?)\b")
_FEW_OF = re.compile(r"\b([12]) of ([12]) (records?)\b")


def withhold_small_counts(report):
    """The second line of defence for small counts of people, over a whole report (the
    builders already print "fewer than 3"): in any table with a Unit column, a row counted in
    people shows counts under 3 (its quantities and its record counts, as numbers or as "1
    record" in text) as "fewer than 3". Returns report, changed in place."""
    from svdesk.exports import model as m

    def table(t) -> None:
        titles = [c.title.lower() for c in t.columns]
        if "unit" not in titles:
            return
        unit_at = titles.index("unit")
        # What was delivered, not what was promised (a target of 2 hires names nobody).
        counts = [
            i
            for i, c in enumerate(t.columns)
            if c.kind in (m.NUMBER, m.INTEGER)
            and not any(w in titles[i] for w in ("target", "due", "forecast"))
        ]
        texts = [i for i, c in enumerate(t.columns) if c.kind == m.TEXT and i != unit_at]
        for row in t.rows:
            if str(row[unit_at] or "").strip().lower() not in PEOPLE_UNITS:
                continue
            for i in counts:
                if isinstance(row[i], (int, float)) and 0 < row[i] < SMALL_COUNT:
                    row[i] = FEWER_THAN
            for i in texts:
                if isinstance(row[i], str):
                    text = _FEW_OF.sub(f"{FEWER_THAN} \\3", row[i])
                    row[i] = _FEW_RECORDS.sub(f"{FEWER_THAN} records", text)

    def walk(item) -> None:
        if isinstance(item, tuple):
            for part in item:
                walk(part)
        elif isinstance(item, m.Table):
            table(item)
        elif isinstance(item, m.Workbook):
            for sheet in item.sheets:
                table(sheet.table)
        elif isinstance(item, (m.Document, m.Section)):
            for block in item.sections if isinstance(item, m.Document) else item.blocks:
                walk(block)

    walk(report)
    return report
