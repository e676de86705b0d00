"""Payment test: the government payment performance test (PPN 018) per six-month period.

Read in the background (svdesk.services.payment_performance, organisation-wide). Choosing a
period shows its drafted action plan when the test is not met; lines without both dates are
listed by name so the user can fill them in, never guessed.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.formatting import format_date, format_percent
from svdesk.services.payment_performance import (
    AVERAGE_DAYS_MAX,
    RESULT_LABELS,
    PaymentPerformance,
    action_plan_for,
    payment_performance,
)
from svdesk.ui import tasks
from svdesk.ui.table_model import Column, RowsModel, SortFilterModel, setup_table
from svdesk.ui.widgets import label

SHORT_RESULTS = {
    "pass": "Met",
    "action_plan": "Action plan needed",
    "fail": "Not met",
    "no_data": "No invoices",
}


def _share(x) -> str:
    return "—" if x is None else format_percent(x)


PERIOD_COLUMNS = [
    Column(
        "Six months", lambda p: p.period.start, lambda p: p.period.label + ("" if p.complete else " (so far)")
    ),
    Column("Invoices", lambda p: p.invoices, lambda p: f"{p.invoices:,}", numeric=True),
    Column(
        "Within 30 days", lambda p: p.share_within_30 or 0, lambda p: _share(p.share_within_30), numeric=True
    ),
    Column(
        "Within 60 days", lambda p: p.share_within_60 or 0, lambda p: _share(p.share_within_60), numeric=True
    ),
    Column(
        "Average days to pay",
        lambda p: p.average_days or 0,
        lambda p: "—" if p.average_days is None else f"{p.average_days:.1f}",
        numeric=True,
    ),
    Column(
        "Result",
        lambda p: p.result,
        lambda p: SHORT_RESULTS[p.result] + ("" if p.complete else ", so far"),
        tooltip=lambda p: RESULT_LABELS[p.result],
    ),
    Column(
        "Lines missing a date",
        lambda p: p.lines_missing_dates,
        lambda p: f"{p.lines_missing_dates:,}",
        numeric=True,
    ),
]
MISSING_COLUMNS = [
    Column("Date", lambda m: m.spend_date, lambda m: format_date(m.spend_date, short=True)),
    Column("Supplier", lambda m: m.supplier),
    Column("Reference", lambda m: m.reference),
    Column("Missing", lambda m: m.missing),
]


class PaymentView(QWidget):
    changed = Signal()  # never emitted: nothing is changed here (the page connects it)
    open_line = Signal(int)  # a spend line id to open

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.result: PaymentPerformance | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(
            label(
                "The government payment test (PPN 018) for bids: at least 95% of invoices paid "
                f"within 60 days and an average of {AVERAGE_DAYS_MAX:.0f} days or less, in each "
                "six months of your financial year; from 90% to 95% a buyer can accept an action "
                "plan instead. Counted for the whole firm from the invoice and paid dates of your "
                "spend lines; an invoice counts in the six months it was paid.",
                "Muted",
            )
        )
        self.headline = label("", "SectionTitle")
        box.addWidget(self.headline)
        self.model = RowsModel(PERIOD_COLUMNS, self)
        proxy = SortFilterModel(self)
        proxy.setSourceModel(self.model)
        self.table = QTableView()
        setup_table(self.table, proxy, single=True)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setAccessibleName("Payment test by six months")
        self.proxy = proxy
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.table)
        lower = QWidget()
        low = QHBoxLayout(lower)
        low.setContentsMargins(0, 0, 0, 0)
        plan_box = QVBoxLayout()
        self.plan_caption = label("Action plan (drafted from the figures: edit before sending)")
        plan_box.addWidget(self.plan_caption)
        self.plan = QPlainTextEdit()
        self.plan.setAccessibleName("Drafted action plan")
        plan_box.addWidget(self.plan, 1)
        copy = QPushButton("Copy the plan")
        copy.clicked.connect(self.copy_plan)
        plan_box.addWidget(copy, 0, Qt.AlignLeft)
        low.addLayout(plan_box, 3)
        missing_box = QVBoxLayout()
        self.missing_caption = label("")
        missing_box.addWidget(self.missing_caption)
        self.missing_model = RowsModel(MISSING_COLUMNS, self)
        mproxy = SortFilterModel(self)
        mproxy.setSourceModel(self.missing_model)
        self.missing = QTableView()
        setup_table(self.missing, mproxy)
        self.missing.setAccessibleName("Lines without both dates")
        self.missing.doubleClicked.connect(
            lambda index: self.open_line.emit(
                self.missing_model.rows[mproxy.mapToSource(index).row()].line_id
            )
        )
        missing_box.addWidget(self.missing, 1)
        low.addLayout(missing_box, 2)
        split.addWidget(lower)
        box.addWidget(split, 1)
        self.status = label("", "Muted")
        box.addWidget(self.status)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_plan())

    def refresh(self) -> None:
        self.status.setText("Working out the payment test…")
        tasks.newest(
            self, "shown", partial(payment_performance, self.store), self.show_result, self.status.setText
        )

    @property
    def busy(self) -> bool:
        return tasks.busy(self, "shown")

    def show_result(self, result: PaymentPerformance) -> None:
        self.result = result
        self.status.setText("")
        self.model.set_rows(result.periods)
        self.table.sortByColumn(0, Qt.DescendingOrder)
        self.table.resizeColumnsToContents()
        latest = result.latest
        if latest is None:
            self.headline.setText("No complete six months with invoice and paid dates yet.")
        else:
            self.headline.setText(
                f"{RESULT_LABELS[latest.result]} ({latest.period.label}): "
                f"{_share(latest.share_within_60)} within 60 days, "
                f"{latest.average_days:.1f} days on average."
            )
        shown = len(result.missing)
        self.missing_caption.setText(
            f"{result.lines_missing_dates:,} spend lines lack an invoice or a paid date and "
            "are left out of the test"
            + (f" (the first {shown} are listed)" if shown < result.lines_missing_dates else "")
            + ". Double-click one to open it."
            if result.lines_missing_dates
            else "Every spend line has both dates."
        )
        self.missing_model.set_rows(result.missing)
        self.missing.resizeColumnsToContents()
        # select the latest complete period (or the newest) so its plan shows
        row = result.periods.index(latest) if latest is not None else len(result.periods) - 1
        if row >= 0:
            self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
        self._show_plan()

    def selected_period(self):
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or self.result is None:
            return None
        return self.model.rows[self.proxy.mapToSource(rows[0]).row()]

    def _show_plan(self) -> None:
        p = self.selected_period()
        text = action_plan_for(self.result, p) if p is not None else ""
        self.plan.setPlainText(
            text
            or (
                "The test is met for this period: no action plan is needed."
                if p is not None and p.result == "pass"
                else "No action plan for this period."
            )
        )

    def copy_plan(self) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.clipboard().setText(self.plan.toPlainText())
