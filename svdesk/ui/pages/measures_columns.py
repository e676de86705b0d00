"""The Figures & commitments tables: which columns the measures, commitments and quarters tables
show, and the model that colours a row's status word."""

from __future__ import annotations

from PySide6.QtCore import Qt

from svdesk.calc.commitments import STATUS_LABELS
from svdesk.calc.evidence_tier import figure_tier
from svdesk.calc.frameworks import KINDS
from svdesk.formatting import MONEY_UNITS, format_money, format_quantity
from svdesk.ui import style
from svdesk.ui.table_model import Column, RowsModel


def _value_text(f) -> str:
    if f.value_pence is not None:
        return format_money(f.value_pence)
    if not f.valued:
        return "not in £"
    return "no records" if not f.has_source else "no proxy value"


MEASURE_COLUMNS = [
    Column("Measure", lambda f: f.name, tooltip=lambda f: f.counting_rule),
    Column(
        "Quantity",
        lambda f: f.quantity,
        lambda f: format_quantity(f.quantity, f.unit, with_unit=False),
        numeric=True,
    ),
    Column("Unit", lambda f: "£" if f.unit in MONEY_UNITS else f.unit),
    Column(
        "£ per unit",
        lambda f: f.proxy_pence,
        lambda f: format_money(f.proxy_pence) if f.proxy_pence is not None else "—",
        numeric=True,
        tooltip=lambda f: f.proxy.source if f.proxy else "No proxy value",
    ),
    Column("Value", lambda f: f.value_pence, _value_text, numeric=True),
    Column(
        "Evidence",
        lambda f: _tier_sort(figure_tier(f)),
        lambda f: figure_tier(f).label,
        tooltip=lambda f: _tier_tip(figure_tier(f)),
    ),
    Column(
        "Counts towards",
        lambda f: f.kind,
        lambda f: KINDS[f.kind].replace(" value", "") + ("" if f.in_totals else " (shown, not added)"),
        tooltip=lambda f: (
            ""
            if f.in_totals
            else "Overlaps spend with local suppliers, so its value is not added to the totals."
        ),
    ),
    Column("Records", lambda f: f.records, numeric=True),
]


def _narrow_measure_columns(view) -> None:
    """Keep the long text columns narrow enough that Evidence shows at 1024 px wide (the full
    text is in each cell's tooltip and the figure's drill-down)."""
    for title, most in (("Measure", 250), ("Counts towards", 150), ("Value", 110)):
        i = [c.title for c in MEASURE_COLUMNS].index(title)
        view.setColumnWidth(i, min(view.columnWidth(i), most))


def _tier_sort(t) -> float:
    return -1.0 if t.share is None else t.share


def _tier_tip(t) -> str:
    if t.records == 0:
        return "No records are behind this figure."
    return f"{t.evidenced} of {t.records} records behind this figure have evidence attached." + (
        f" Attach evidence to the other {t.missing} before sending." if t.missing else ""
    )


def _status(r) -> str:
    return STATUS_LABELS[r.delivery.status]


def _by_check(r) -> float | None:
    """Delivered by the end of the last complete quarter (None before one has ended)."""
    done = [q for q in r.delivery.rows if q.complete]
    return done[-1].cumulative if done else None


COMMITMENT_COLUMNS = [
    Column("Measure", lambda r: r.measure.name, tooltip=lambda r: r.commitment.method),
    Column(
        "Term target",
        lambda r: r.delivery.term_target,
        lambda r: format_quantity(r.delivery.term_target, r.measure.unit),
        numeric=True,
    ),
    # delivered and due count to the same day (the end of the last complete quarter), as the
    # status and its reason do; what was delivered since is a column of its own
    Column(
        "Delivered by last quarter end",
        _by_check,
        lambda r: format_quantity(_by_check(r), r.measure.unit, with_unit=False) or "—",
        numeric=True,
    ),
    Column(
        "Due by then",
        lambda r: r.delivery.due_now,
        lambda r: format_quantity(r.delivery.due_now, r.measure.unit, with_unit=False),
        numeric=True,
    ),
    Column("Status", _status, lambda r: "● " + _status(r), tooltip=lambda r: r.delivery.reason),
    Column(
        "Delivered to date",
        lambda r: r.delivery.delivered,
        lambda r: format_quantity(r.delivery.delivered, r.measure.unit, with_unit=False),
        numeric=True,
    ),
    Column(
        "Forecast at end",
        lambda r: r.delivery.forecast,
        lambda r: format_quantity(r.delivery.forecast, r.measure.unit, with_unit=False) or "not started",
        numeric=True,
    ),
    Column("Owner", lambda r: r.commitment.owner),
]


def quarter_columns(unit: str) -> list[Column]:
    """A commitment's quarters, in its measure's unit (money as £1,234.56)."""

    def qty(value: float | None) -> str:
        return format_quantity(value, unit, with_unit=False)

    return [
        Column("Quarter", lambda q: q.quarter.number, lambda q: q.quarter.label),
        Column(
            "Delivered",
            lambda q: q.actual,
            lambda q: qty(q.actual) or "—",
            numeric=True,
            tooltip=lambda q: "Double-click to see the records behind it",
        ),
        Column("To date", lambda q: q.cumulative, lambda q: qty(q.cumulative), numeric=True),
        Column(
            "Due",
            lambda q: q.due,
            lambda q: qty(q.due) + (" ◆" if q.milestone else ""),
            numeric=True,
            tooltip=lambda q: (
                "A milestone you set" if q.milestone else "The target spread evenly over the term"
            ),
        ),
        Column(
            "Status",
            lambda q: q.status or "",
            lambda q: STATUS_LABELS.get(q.status, "in progress" if q.actual is not None else ""),
        ),
    ]


class StatusModel(RowsModel):
    """Colours the status word (never colour alone: the word is always there)."""

    def __init__(self, columns, status_of, parent=None):
        super().__init__(columns, parent)
        self.status_of = status_of

    def data(self, index, role=Qt.DisplayRole):
        if role == Qt.ForegroundRole and self.columns[index.column()].title == "Status":
            from PySide6.QtGui import QColor

            status = self.status_of(self.rows[index.row()])
            return QColor(style.STATUS[status]) if status in style.STATUS else None
        return super().data(index, role)


# what Figures' Commitments tab holds: built when first needed (MeasuresPage._build_commitments)
COMMITMENT_PARTS = frozenset(
    {
        "commit_stack",
        "commit_empty",
        "commit_model",
        "commit_table",
        "records_button",
        "edit_button",
        "delete_button",
        "quarter_title",
        "quarter_model",
        "quarter_table",
        "chart",
    }
)
