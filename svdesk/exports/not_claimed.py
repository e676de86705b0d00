"""Records kept but left out of a figure: every document says how many, why, and what they would
be worth at the proxy ("recorded, not claimed: 3 records (£809.16 at the proxy)"), so nothing
recorded silently vanishes from a figure.

Read from the measure engine's own contributions (each record's part in a figure, with the
reason it was not claimed), so the list can never disagree with the figures beside it. Records
that simply are not that thing (a supplier that is not an SME, a job outside the local area) are
not "left out" and are not listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from svdesk.exports import model as m
from svdesk.exports.manifest import NOT_CLAIMED, VALUE
from svdesk.formatting import format_money, format_quantity

# The start of a contribution's reason -> why, as a document says it
REASONS = {
    "Not yet confirmed as additional": "additionality not yet confirmed",
    "Marked not additional": "marked as not additional",
    "Listed twice": "listed twice: counted once",
    "Dated in the future": "dated after today: not delivered yet",
    "Overlaps another record": "overlaps another record for the same person: counted once",
}


@dataclass
class LeftOut:
    key: str
    name: str
    unit: str
    reason: str
    records: int = 0
    quantity: float = 0.0  # what they would add if claimed (0 where not known)
    pence: int | None = None  # that quantity at the measure's proxy; None without a proxy


def _why(reason: str) -> str | None:
    return next((why for start, why in REASONS.items() if reason.startswith(start)), None)


def left_out(ms) -> list[LeftOut]:
    """One line per measure and reason, in measure order."""
    out: dict[tuple[str, str], LeftOut] = {}
    for f in ms.figures if ms is not None else []:
        for c in f.contributions:
            if c.claimed:
                continue
            why = _why(c.reason)
            if why is None:
                continue
            item = out.setdefault((f.key, why), LeftOut(f.key, f.name, f.unit, why))
            item.records += 1
            item.quantity += c.unclaimed
        for (key, _reason), item in out.items():
            if key == f.key and f.proxy_pence is not None and f.valued:
                item.pence = round(item.quantity * f.proxy_pence)
    return list(out.values())


def headline(items: list[LeftOut]) -> str:
    """ "Recorded, not claimed: 5 records (£809.16 at the proxy; 2 have no proxy value)"."""
    records = sum(i.records for i in items)
    priced = [i.pence for i in items if i.pence is not None]
    unpriced = sum(i.records for i in items if i.pence is None)
    parts = []
    if priced:
        parts.append(f"{format_money(sum(priced))} at the proxy")
    if unpriced:
        parts.append(f"{unpriced} {'has' if unpriced == 1 else 'have'} no proxy value")
    return f"Recorded, not claimed: {records} record{'s' if records != 1 else ''}" + (
        f" ({'; '.join(parts)})" if parts else ""
    )


def line(item: LeftOut) -> str:
    amount = format_quantity(item.quantity, item.unit) if item.quantity else ""
    worth = f", {format_money(item.pence)} at the proxy" if item.pence is not None else ", no proxy value"
    return (
        f"{item.name}: {item.records} record{'s' if item.records != 1 else ''}"
        + (f" ({amount}{worth})" if amount else f" ({worth[2:]})")
        + f": {item.reason}."
    )


def record(ctx, items: list[LeftOut], where: str) -> None:
    for i in items:
        ctx.record(f"{i.key}:{i.reason}", i.records, NOT_CLAIMED, where, "")
        if i.pence is not None:
            ctx.record(f"{i.key}:{i.reason}", i.pence, f"{NOT_CLAIMED}_{VALUE}", where, format_money(i.pence))


def section(ctx, heading: str = "Recorded, not claimed") -> m.Section:
    """The records left out of this document's figures, with why; the user confirms or
    excludes them in svdesk (Measures page) before they can be claimed."""
    s = m.Section(heading)
    items = left_out(ctx.measures())
    if not items:
        return s.add(
            m.Paragraph(
                "Every record in this period is counted in the figures above: none was left out.", "note"
            )
        )
    record(ctx, items, heading)
    s.add(
        m.Paragraph(
            headline(items) + ". These records are kept but not counted in any "
            "figure above, for the reason given.",
            "lead",
        )
    )
    s.add(m.Bullets([line(i) for i in items]))
    return s


def table(ctx) -> m.Table:
    """The same, for a workbook sheet."""
    items = left_out(ctx.measures())
    record(ctx, items, "Not claimed")
    return m.Table(
        [
            m.Column("Measure", wrap=True),
            m.Column("Why not claimed", wrap=True),
            m.Column("Records", m.INTEGER, total=True),
            m.Column("Quantity if claimed", m.NUMBER),
            m.Column("Unit"),
            m.Column("At the proxy", m.MONEY),
        ],
        [[i.name, i.reason, i.records, i.quantity, i.unit, i.pence] for i in items],
        empty_text="No record was left out: every record is counted.",
    )
