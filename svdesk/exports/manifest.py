"""The figure manifest: every figure a document prints, with what it is a figure of.

Each builder records, for each figure it prints, the measure (or total, or commitment) it is a
figure of, its scope (the contract's reference, or "organisation"), its period, its basis (what
was counted: after attribution and the period's days, before attribution, delivered to a date
…), the value and the text a reader sees. The manifest is kept beside the document's model
(model.Document.figures, model.Workbook.figures), so a test can check every printed figure
against the one the services compute for the same measure, scope and period, and two figures
of the same thing can never disagree unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ORGANISATION = "organisation"

# Bases: what a figure counts. Two figures of one measure, scope and period with different
# bases are different figures and are labelled apart in the document.
COUNTED = "counted"  # the measure's figure: attribution and period applied
VALUE = "value"  # the measure's £ value (pence)
RECORDED = "recorded"  # whole records, before attribution or pro-rating
DELIVERED_TO_DATE = "delivered_to_date"  # a commitment: delivered up to the as-of day
DELIVERED_BY_CHECK = "delivered_by_check"  # a commitment: by the end of the last complete quarter
DUE_BY_CHECK = "due_by_check"  # a commitment: due by the end of that quarter
TARGET = "target"  # a commitment: over the whole term
DUE_PRO_RATA = "due_pro_rata"  # a commitment: due by a part quarter's last day
DUE_IN_PERIOD = "due_in_period"  # a commitment: due within one period (a return row)
OFFERED = "offered"  # a bid's offer over the term (a tender response)
NEXT_YEAR = "next_year"  # a commitment: next year's share of the target
NOT_CLAIMED = "not_claimed"  # records kept but left out of the figure: how many


@dataclass
class FigureEntry:
    key: str  # measure key, "total:social", "commitment:<measure key>" …
    scope: str  # a contract reference, or ORGANISATION
    start: date | None
    end: date | None
    basis: str
    value: float | int | None
    where: str = ""  # the section or sheet that prints it
    text: str = ""  # the figure as printed ("22.46", "£711.06")

    @property
    def what(self) -> tuple:
        return (self.key, self.scope, self.start, self.end, self.basis)


def conflicts(entries: list[FigureEntry], tolerance: float = 1e-6) -> list[str]:
    """Figures of the same measure, scope, period and basis that disagree: there must be none."""
    seen: dict[tuple, FigureEntry] = {}
    out = []
    for e in entries:
        first = seen.setdefault(e.what, e)
        if first is e or first.value is None or e.value is None:
            continue
        if abs(float(first.value) - float(e.value)) > tolerance:
            out.append(
                f"{e.key} ({e.scope}, {e.start}–{e.end}, {e.basis}): "
                f"{first.value} in {first.where} but {e.value} in {e.where}"
            )
    return out
