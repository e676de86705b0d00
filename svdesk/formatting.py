"""Money, dates and numbers in the forms svdesk shows and reads (British English)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


class MoneyError(ValueError):
    pass


def parse_money(text: str | int | float | Decimal | None) -> int | None:
    """Pounds as typed ("£1,234.56", "(12.00)", "-5") to whole pence; None for blank."""
    if text is None:
        return None
    if isinstance(text, (int, float, Decimal)):
        value = Decimal(str(text))
    else:
        raw = text.strip()
        if not raw:
            return None
        negative = raw.startswith("(") and raw.endswith(")")
        cleaned = raw.strip("()").replace("£", "").replace(",", "").replace(" ", "")
        if cleaned.upper().endswith("GBP"):
            cleaned = cleaned[:-3]
        if not re.fullmatch(r"[-+]?\d*\.?\d+", cleaned or "x"):
            raise MoneyError(f"“{raw}” is not an amount of money (like £1,250.00).")
        try:
            value = Decimal(cleaned)
        except InvalidOperation as exc:
            raise MoneyError(f"“{raw}” is not an amount of money.") from exc
        if negative:
            value = -value
    try:
        return int((value * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    except InvalidOperation:  # too many digits to hold (a 27-digit number), NaN, infinity
        raise MoneyError(f"“{text}” is not an amount of money svdesk can hold.") from None


def format_money(pence: int | None, *, short: bool = False, blank: str = "") -> str:
    if pence is None:
        return blank
    pounds = Decimal(pence) / 100
    sign = "-" if pounds < 0 else ""
    pounds = abs(pounds)
    if short and pounds >= 1_000_000:
        return f"{sign}£{pounds / 1_000_000:.1f}m"
    if short and pounds >= 10_000:
        return f"{sign}£{pounds / 1000:.1f}k"
    return f"{sign}£{pounds:,.2f}"


def format_pounds_plain(pence: int | None) -> str:
    """For an editable field: 1234.56, no symbol or separators."""
    return "" if pence is None else f"{Decimal(pence) / 100:.2f}"


def format_date(value: date | None, *, short: bool = False) -> str:
    if value is None:
        return ""
    if short:
        return value.strftime("%d/%m/%Y")
    return f"{value.day} {value.strftime('%b %Y')}"


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%d/%m/%y",
    "%d-%b-%Y",
    "%d-%b-%y",
)


def parse_date(text: str | date | None) -> date | None:
    """ISO or UK-style date text to a date; None for blank; ValueError with a message if bad."""
    if text is None or isinstance(text, date):
        return text.date() if isinstance(text, datetime) else text
    raw = text.strip()
    if not raw:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"“{raw}” is not a date (use 31/03/2026 or 2026-03-31).")


def format_percent(share: float | None) -> str:
    return "" if share is None else f"{share * 100:.1f}%"


MONEY_UNITS = {"GBP", "£"}


def unit_shown(unit: str) -> str:
    """A measure's unit as a reader sees it: money as "£" (the frameworks' unit code "GBP" is
    not written in a buyer's document)."""
    return "£" if (unit or "").strip().upper() in MONEY_UNITS else unit


def format_quantity(value: float | None, unit: str = "", *, with_unit: bool = True) -> str:
    """A measure's quantity in its unit; money units as money ("£26,688.79", never
    "26,688.79 GBP"). Blank for None."""
    if value is None:
        return ""
    if unit in MONEY_UNITS:
        return format_money(int(Decimal(str(value * 100)).quantize(Decimal(1), ROUND_HALF_UP)))
    text = f"{value:,.2f}"
    return f"{text} {unit}" if with_unit and unit else text
