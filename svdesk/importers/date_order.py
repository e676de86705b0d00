"""Day/month or month/day: settled once per file from its own values, never row by row.

A UK export writes 04/01/2026 for 4 January, a US-set-up one (or Xero's CSV written by some
settings) for 1 April. Reading each row on its own would import 4 January as 1 April and reject
every date after the 12th, so the whole file is looked at first:

    order = decide_order(rows)        # DateOrder("mdy", "values", "1/31/2026") …
    with reading_dates_as(order.order): …  # values.day() then reads numeric dates that way

A value whose first number is over 12 (31/01/2026) shows day/month; one whose second number is
over 12 (1/31/2026) shows month/day. When no value settles it, day/month is used (the UK
default) and `assumed` says so, for the import summary. `--date-order dmy|mdy` overrides.

Every reader reads dates through values.day(), which follows the order set here, so the bank
readers get the per-file order without doing anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass

ORDERS = {"dmy": "day/month/year", "mdy": "month/day/year"}
CURRENT: ContextVar[str] = ContextVar("svdesk_date_order", default="dmy")
_SEPARATORS = "/.-"
NO_NUMERIC_DATES_AFTER = 1000  # rows read without a numeric date before giving up looking


@dataclass(frozen=True)
class DateOrder:
    order: str  # "dmy" or "mdy"
    how: str  # "given" (--date-order), "values" (from a value), "assumed"
    evidence: str = ""  # the value that settled it
    numeric_dates: int = 0  # numeric dates seen (0: the file has none, nothing to say)

    @property
    def note(self) -> str:
        """One line for the summary, or "" when there is nothing worth saying."""
        words = ORDERS[self.order]
        if self.how == "given":
            return f"dates read as {words} (as asked)"
        if self.how == "values":
            return f"dates read as {words}, as “{self.evidence}” shows"
        if self.numeric_dates:
            return (
                f"every date in the file could be day/month or month/day: read as "
                f"{words} (if the file is month-first, import it from the command line with "
                "--date-order mdy)"
            )
        return ""


def numeric_parts(text: str) -> tuple[int, int, str] | None:
    """(first, second, year text) of "31/01/2026", "1-31-26", "31.01.2026 10:00"; else None."""
    raw = text.strip()
    if not raw or not raw[0].isdigit():
        return None
    raw = raw.split(" ", 1)[0].split("T", 1)[0]
    for sep in _SEPARATORS:
        parts = raw.split(sep)
        if len(parts) == 3:
            a, b, y = parts
            if (
                a.isdecimal()
                and b.isdecimal()
                and y.isdecimal()
                and len(a) <= 2
                and len(b) <= 2
                and len(y) in (2, 4)
            ):
                return int(a), int(b), y
            return None
    return None


def evidence(text: str) -> str | None:
    """ "dmy" or "mdy" when this value can only be read one way; None when either or neither."""
    parts = numeric_parts(text)
    if parts is None:
        return None
    a, b, _y = parts
    if a > 12 and 1 <= b <= 12 and a <= 31:
        return "dmy"
    if b > 12 and 1 <= a <= 12 and b <= 31:
        return "mdy"
    return None


def decide_order(rows: Iterable[tuple[int, list[str]]], given: str | None = None) -> DateOrder:
    """Read rows until a value settles the order (the whole file when none does)."""
    if given:
        if given not in ORDERS:
            raise ValueError(f"The date order must be dmy or mdy, not “{given}”.")
        return DateOrder(given, "given")
    seen = 0
    for count, (_number, cells) in enumerate(rows, 1):
        if count > NO_NUMERIC_DATES_AFTER and not seen:
            break  # ISO or "31 Jan 2026" dates: nothing to settle, no need to read on
        for cell in cells:
            if not cell or not cell[:1].isdigit():
                continue
            parts = numeric_parts(cell)
            if parts is None:
                continue
            seen += 1
            found = evidence(cell)
            if found:
                return DateOrder(found, "values", cell.strip(), seen)
    return DateOrder("dmy", "assumed", "", seen)


@contextmanager
def reading_dates_as(order: str) -> Iterator[None]:
    token = CURRENT.set(order)
    try:
        yield
    finally:
        CURRENT.reset(token)


def in_order(records: Iterator, order: str) -> Iterator:
    """Run a reader's generator with numeric dates read in `order` (set while it runs)."""
    token = CURRENT.set(order)
    try:
        yield from records
    finally:
        with suppress(ValueError):  # finished from another context (a closed generator): harmless
            CURRENT.reset(token)
