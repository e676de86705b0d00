"""Dates and amounts as accounting exports write them, read quickly and strictly.

A million-row import parses two dates and two amounts per row, so the common spellings take a
fast path and dates (which repeat a great deal) are cached. Numeric dates are read in the
file's order (day/month unless the file shows month/day: svdesk.importers.date_order). Anything
that is no date in that order raises ValueError with a message for the import preview: we would
rather reject a row than guess.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from svdesk.formatting import parse_date as _parse_date_slow
from svdesk.importers.date_order import CURRENT, ORDERS, numeric_parts

_MONEY = re.compile(r"[-+]?\d*\.?\d+")
# The most one line may say (£1,000,000,000): far above any small firm's bill, and far enough
# below SQLite's integer range that no sum of lines can overflow it (92 million lines at the
# limit would be needed).
MAX_PENCE = 100_000_000_000
TOO_BIG = "is more than £1,000,000,000, the most svdesk accepts on one line (check the amount)"


def _bounded(pence: int, raw: str) -> int:
    if abs(pence) > MAX_PENCE:
        raise ValueError(f"“{raw[:40]}” {TOO_BIG}")
    return pence


def money(text: str) -> int | None:
    """ "£1,234.56", "(12.00)", "-5", "12.00 CR", "1,200-" → pence; None when blank."""
    raw = text.strip()
    if not raw:
        return None
    # The plain spelling ("-1234.5"), tested with str methods: a regex costs more per cell.
    body = raw[1:] if raw[0] == "-" else raw
    whole, dot, frac = body.partition(".")
    if whole.isdecimal() and (not dot or (len(frac) <= 2 and frac.isdecimal())):
        if len(whole) > 12:
            return _bounded(10 ** len(whole), raw)  # refused: no need to build the number
        pence = int(whole + (frac + "00")[:2])  # "12.3" -> 1230, "12" -> 1200, ".5" -> 50
        if len(whole) > 9:  # £999,999,999.99 at most passes without a check
            _bounded(pence, raw)
        return -pence if body is not raw else pence
    cleaned = raw.replace("£", "").replace(",", "").replace(" ", "").replace("\u00a0", "")
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1]
    upper = cleaned.upper()
    for suffix in ("GBP", "CR"):
        if upper.endswith(suffix):
            negative = negative or suffix == "CR"
            cleaned, upper = cleaned[: -len(suffix)], upper[: -len(suffix)]
    if upper.startswith("GBP"):
        cleaned = cleaned[3:]
    if cleaned.endswith("-") and len(cleaned) > 1:
        negative, cleaned = True, cleaned[:-1]
    cleaned = cleaned.replace("£", "")
    if not _MONEY.fullmatch(cleaned):
        raise ValueError(f"“{raw}” is not an amount of money")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"“{raw}” is not an amount of money") from None
    if value.adjusted() > 12:
        return _bounded(10**15, raw)
    pence = int((value * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return _bounded(-pence if negative else pence, raw)


@lru_cache(maxsize=8192)
def _cached_date(raw: str, order: str = "dmy") -> date:
    parts = numeric_parts(raw)
    if parts is not None:
        # Numeric dates follow the file's order (svdesk.importers.date_order), settled once for
        # the whole file: a value that is no date in that order is rejected, never re-guessed.
        a, b, year_text = parts
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        day_, month = (a, b) if order == "dmy" else (b, a)
        try:
            return date(year, month, day_)
        except ValueError:
            raise ValueError(
                f"“{raw}” is not a date in {ORDERS[order]} order (the order this file's dates are read in)"
            ) from None
    if len(raw) >= 19 and raw[10] in "T ":  # "2025-01-31T00:00:00" from some exports
        raw = raw[:10]
    try:
        parsed = _parse_date_slow(raw)
    except ValueError:
        parsed = None
    if parsed is not None:  # None only for blank text, which no format below reads either
        return parsed
    for fmt in (
        "%d %b %y",
        "%d %B %y",
        "%Y/%m/%d",
        "%d %b, %Y",
        "%d-%b-%y",
        "%d-%b-%Y",
        "%Y-%m-%d %H:%M:%S %z",
    ):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"“{raw}” is not a date (expected day/month/year, like 31/01/2025)")


def day(text: str) -> date | None:
    """A UK-style or ISO date; None when blank; ValueError when it is not a date."""
    raw = text.strip()
    if not raw:
        return None
    result = _cached_date(raw, CURRENT.get())
    if not 1990 <= result.year <= 2100:
        raise ValueError(f"“{raw}” is outside the years svdesk accepts (1990–2100)")
    return result


def looks_like_date(text: str) -> bool:
    """A date in either order: for recognising a layout, before the file's order is known."""
    for order in ORDERS:
        try:
            if _cached_date(text.strip(), order):
                return True
        except ValueError:
            continue
    return False
