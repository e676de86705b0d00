"""Dates and amounts as accounting exports write them, read quickly and strictly.

A million-row import parses two dates and two amounts per row, so the common spellings take a
fast path and dates (which repeat a great deal) are cached. Anything ambiguous raises
ValueError with a message for the import preview: we would rather reject a row than guess.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation, ROUND_HALF_UP
from functools import lru_cache

from svdesk.formatting import parse_date as _parse_date_slow

_MONEY = re.compile(r"[-+]?\d*\.?\d+")


def money(text: str) -> int | None:
    """"£1,234.56", "(12.00)", "-5", "12.00 CR", "1,200-" → pence; None when blank."""
    raw = text.strip()
    if not raw:
        return None
    # The plain spelling ("-1234.5"), tested with str methods: a regex costs more per cell.
    body = raw[1:] if raw[0] == "-" else raw
    whole, dot, frac = body.partition(".")
    if whole.isdecimal() and (not dot or (len(frac) <= 2 and frac.isdecimal())):
        pence = int(whole) * 100 + (int((frac + "0")[:2]) if dot else 0)
        return -pence if body is not raw else pence
    cleaned = raw.replace("£", "").replace(",", "").replace(" ", "").replace("\u00a0", "")
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1]
    upper = cleaned.upper()
    for suffix in ("GBP", "CR"):
        if upper.endswith(suffix):
            negative = negative or suffix == "CR"
            cleaned, upper = cleaned[:-len(suffix)], upper[:-len(suffix)]
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
    pence = int((value * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return -pence if negative else pence


@lru_cache(maxsize=8192)
def _cached_date(raw: str) -> date:
    parts = raw.split("/")
    if len(parts) == 3 and len(parts[2]) == 4:
        # UK order. A US-ordered file shows itself by a "month" over 12, which strptime rejects.
        day, month, year = parts
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"“{raw}” is not a date in day/month/year order") from None
    if len(raw) >= 19 and raw[10] in "T ":  # "2025-01-31T00:00:00" from some exports
        raw = raw[:10]
    try:
        return _parse_date_slow(raw)
    except ValueError:
        pass
    for fmt in ("%d %b %y", "%d %B %y", "%d/%m/%y", "%d-%m-%y", "%Y/%m/%d", "%d %b, %Y"):
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
    result = _cached_date(raw)
    if not 1990 <= result.year <= 2100:
        raise ValueError(f"“{raw}” is outside the years svdesk accepts (1990–2100)")
    return result
