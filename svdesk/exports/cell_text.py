"""A table cell's and a chart value's text, shared by every writer (PDF, Word, plain text).

Kept apart from the PDF writer's modules so that the plain-text and Word writers (and the tender
builder, which renders text) do not import reportlab to format a number.
"""

from __future__ import annotations

from svdesk.exports import model as m
from svdesk.formatting import format_date, format_money


def format_cell(col: m.Column, value) -> str:
    if value is None or value == "":
        return ""
    if col.kind == m.MONEY and isinstance(value, (int, float)):
        return format_money(int(value))
    if col.kind == m.DATE and hasattr(value, "strftime"):
        return format_date(value, short=True)
    if col.kind == m.PERCENT and isinstance(value, (int, float)):
        return f"{value * 100:.1f}%"
    if col.kind == m.INTEGER and isinstance(value, (int, float)):
        return f"{value:,.0f}"
    if col.kind == m.NUMBER and isinstance(value, (int, float)):
        return f"{value:,.{col.decimals}f}"
    return str(value)


def short_value(value: float, unit: str) -> str:
    """A compact label for a bar: £12.3k, £1.2m, 1,234, 12.5."""
    if unit == m.MONEY:
        pounds = value / 100
        if abs(pounds) >= 1_000_000:
            return f"£{pounds / 1_000_000:.1f}m"
        if abs(pounds) >= 10_000:
            return f"£{pounds / 1000:.0f}k"
        if abs(pounds) >= 1000:
            return f"£{pounds / 1000:.1f}k"
        return f"£{pounds:,.0f}"
    if unit == m.PERCENT:
        return f"{value * 100:.1f}%"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def width_sample(col: m.Column, values: list) -> list[str]:
    """The texts a column's width is measured from: the first 300 rows, and in a longer table
    also the 50 longest texts, wherever they are. The first rows alone missed the widest
    values (a register numbered EV-001 at the top reaches EV-18984): the column came out too
    narrow and most rows of a 944-page evidence index wrapped onto two lines."""
    first = [format_cell(col, v) for v in values[:300]]
    if len(values) <= 300:
        return first
    rest = sorted((format_cell(col, v) for v in values[300:]), key=len, reverse=True)
    return first + rest[:50]
