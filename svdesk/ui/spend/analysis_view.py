"""Analysis: local, SME and VCSE shares of spend for a contract (or the whole firm) and period.

Every card and chart can be followed to the lines behind it (the drill signal); suppliers whose
postcode is unknown are listed with a button to fix them, because their spend cannot count as
local until they have one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.calc.periods import financial_years_between, quarters
from svdesk.formatting import format_date, format_money, format_percent
from svdesk.services.contracts import list_contracts
from svdesk.services.organisation import get_organisation
from svdesk.services.spend_analysis import (
    CATEGORY_LABELS,
    SpendAnalysis,
    SpendQuery,
    analyse_spend,
    spend_date_range,
    spend_line_estimate,
)
from svdesk.ui import style, tasks
from svdesk.ui.charts import Bar, BarChart, ColumnChart, ColumnData, Series
from svdesk.ui.forms import narrowable
from svdesk.ui.state import app_settings
from svdesk.ui.table_model import Column, RowsModel, SortFilterModel, setup_table
from svdesk.ui.widgets import Card, label

LOCALITY_WORDS = {"local": "Local", "not_local": "Not local", "unknown": "Postcode not known"}
SUPPLIER_COLUMNS = [
    Column("Supplier", lambda s: s.name),
    Column("Postcode", lambda s: s.postcode, lambda s: s.postcode or "not known"),
    Column("Local?", lambda s: s.locality, lambda s: LOCALITY_WORDS[s.locality], tooltip=lambda s: s.reason),
    Column("Size", lambda s: s.size_band, lambda s: s.size_band.capitalize()),
    Column("VCSE", lambda s: s.is_vcse, lambda s: "VCSE" if s.is_vcse else ""),
    Column("Lines", lambda s: s.lines, lambda s: f"{s.lines:,}", numeric=True),
    Column("Spend", lambda s: s.total_pence, lambda s: format_money(s.total_pence), numeric=True),
]


class AnalysisView(QWidget):
    drill = Signal(object, str)  # SpendQuery, a title for what is shown
    fix_supplier = Signal(int)  # supplier id whose postcode needs fixing
    SYNC_LIMIT = 50_000  # lines; below this the figures take well under 0.2 s

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.result: SpendAnalysis | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.contract = QComboBox()
        self.contract.setAccessibleName("Contract")
        self.period = QComboBox()
        self.period.setAccessibleName("Period")
        self.basis = QComboBox()
        self.basis.addItem("Amounts net of VAT", "net")
        self.basis.addItem("Amounts including VAT", "gross")
        self.basis.setAccessibleName("VAT")
        for caption, widget in (("Contract", self.contract), ("Period", self.period)):
            narrowable(widget)  # the row fits a 1024 px window (issue 20.4)
            bar.addWidget(label(caption, wrap=False))
            bar.addWidget(widget, 1)
        bar.addWidget(self.basis)
        outer.addLayout(bar)
        self.area_label = label("", "Muted")
        outer.addWidget(self.area_label)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName("Spend analysis")
        scroll.setFrameShape(QScrollArea.NoFrame)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 8, 0, 0)
        self.body.setSpacing(16)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        grid = QGridLayout()
        grid.setSpacing(12)
        self.cards: dict[str, Card] = {}
        specs = [
            ("all", "Total spend"),
            ("local", "With local suppliers"),
            ("sme", "With SMEs"),
            ("vcse", "With VCSEs"),
            ("unknown_postcode", "Supplier postcode not known"),
            ("prompt", "Paid within 30 days"),
        ]
        explain = {
            "local": "Spend with suppliers whose postcode is inside the contract's local area.",
            "sme": "SMEs: small and medium-sized enterprises, fewer than 250 staff (micro, "
            "small and medium in the supplier register).",
            "vcse": "VCSEs: voluntary, community and social enterprises (charities, CICs, "
            "co-operatives, social enterprises).",
            "unknown_postcode": "Suppliers without a postcode svdesk can find: their spend is "
            "never counted as local. Fix them in the list below.",
            "prompt": "Days from invoice to payment, where both dates are known. Public "
            "policy expects payment within 30 days down the supply chain.",
        }
        for i, (key, caption) in enumerate(specs):
            card = Card("—", caption)
            card.setCursor(Qt.PointingHandCursor if key != "prompt" else Qt.ArrowCursor)
            tip = explain.get(key, "")
            if key != "prompt":
                tip = (tip + "\n\n" if tip else "") + "Click to see the spend lines behind it."
            card.setToolTip(tip)
            card.setAccessibleDescription(tip)
            if key != "prompt":
                card.clicked.connect(lambda key=key: self._drill(key))
            self.cards[key] = card
            grid.addWidget(card, i // 3, i % 3)
        self.body.addLayout(grid)

        self.no_data = label("", "Muted")
        self.no_data.setVisible(False)
        self.body.addWidget(self.no_data)
        self.details = QWidget()
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.setSpacing(16)
        self.body.addWidget(self.details)
        charts = QHBoxLayout()
        self.shares = BarChart(maximum=100, title="Share of spend")
        self.months = ColumnChart(title="Spend by month (£ thousands)")
        self.months.setMinimumHeight(260)
        charts.addWidget(self.shares, 1)
        charts.addWidget(self.months, 1)
        details.addLayout(charts)

        lists = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(label("Suppliers in this view", "SectionTitle"))
        self.model = RowsModel(SUPPLIER_COLUMNS, self)
        proxy = SortFilterModel(self)
        proxy.setSourceModel(self.model)
        self.proxy = proxy
        self.suppliers = QTableView()
        setup_table(self.suppliers, proxy)
        self.suppliers.sortByColumn(6, Qt.DescendingOrder)
        self.suppliers.setMinimumHeight(260)
        self.suppliers.setAccessibleName("Suppliers in this view")
        self.suppliers.doubleClicked.connect(self._drill_supplier)
        left.addWidget(self.suppliers)
        left.addWidget(label("Double-click a supplier to see its spend lines.", "HelpText"))
        lists.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(label("Postcodes to fix", "SectionTitle"))
        right.addWidget(
            label(
                "Spend with these suppliers cannot count as local until they "
                "have a postcode svdesk can find.",
                "HelpText",
            )
        )
        self.unknown = QListWidget()
        self.unknown.setAccessibleName("Suppliers whose postcode is not known")
        self.unknown.itemDoubleClicked.connect(self._fix)
        right.addWidget(self.unknown, 1)
        self.fix_button = QPushButton("Fix postcode…")
        self.fix_button.clicked.connect(lambda: self._fix(self.unknown.currentItem()))
        right.addWidget(self.fix_button, 0, Qt.AlignLeft)
        lists.addLayout(right, 2)
        details.addLayout(lists)
        self.body.addStretch(1)

        self.contract.currentIndexChanged.connect(self._contract_changed)
        self.period.currentIndexChanged.connect(self.recalculate)
        self.basis.currentIndexChanged.connect(self._basis_changed)
        # The page calls refresh() once there is spend to analyse.

    # --- choices -------------------------------------------------------------------------

    def refresh(self) -> None:
        current = self.contract.currentData()
        self.contract.blockSignals(True)
        self.contract.clear()
        self.contract.addItem("All spend (the whole organisation)", None)
        for c in list_contracts(self.store):
            self.contract.addItem(f"{c.reference}: {c.title}", c.id)
        index = self.contract.findData(current)
        self.contract.setCurrentIndex(max(index, 0))
        self.contract.blockSignals(False)
        self.basis.blockSignals(True)
        self.basis.setCurrentIndex(max(0, self.basis.findData(app_settings().spend_amounts)))
        self.basis.blockSignals(False)
        self._fill_periods()
        self.recalculate()

    def _contract_changed(self) -> None:
        self._fill_periods()
        self.recalculate()

    def _basis_changed(self) -> None:
        app_settings().spend_amounts = self.basis.currentData()
        self.recalculate()

    def _fill_periods(self) -> None:
        org = get_organisation(self.store)
        start_month = org.year_start_month if org else 4
        first, last = spend_date_range(self.store, self.contract.currentData())
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItem("All dates", (None, None))
        contract = next((c for c in list_contracts(self.store) if c.id == self.contract.currentData()), None)
        if contract and contract.start_date and contract.end_date:
            self.period.addItem(
                f"The contract's term ({format_date(contract.start_date)} to "
                f"{format_date(contract.end_date)})",
                (contract.start_date, contract.end_date),
            )
        if first and last:
            for year in reversed(financial_years_between(first, last, start_month)):
                self.period.addItem(year.label, (year.start, year.end))
                for q in quarters(year):
                    if q.start <= last and q.end >= first:
                        self.period.addItem("    " + q.label, (q.start, q.end))
        self.period.blockSignals(False)

    def query(self, **changes) -> SpendQuery:
        start, end = self.period.currentData() or (None, None)
        values = dict(
            contract_id=self.contract.currentData(),
            start=start,
            end=end,
            basis=self.basis.currentData() or "net",
        )
        values.update(changes)
        return SpendQuery(**values)

    # --- figures -------------------------------------------------------------------------

    def recalculate(self) -> None:
        """Work the figures out: at once for a small firm's spend, off the GUI thread for
        large files (a million lines take a few seconds). Only the newest question's answer
        is shown, and none once the view is gone."""
        store, query = self.store, self.query()
        if spend_line_estimate(store) < self.SYNC_LIMIT:
            tasks.forget(self, "shown")
            self.show_result(analyse_spend(store, query))
            return
        self.area_label.setText("Working out the figures…")
        if self.result is None:  # nothing to show yet: the charts and lists wait too
            for card in self.cards.values():
                card.set_value("…", "Working out…")
            self.details.setVisible(False)
        tasks.newest(self, "shown", partial(analyse_spend, store, query), self.show_result, self._failed)

    @property
    def busy(self) -> bool:
        return tasks.busy(self, "shown")

    def release(self) -> None:
        """The page is hidden: drop the suppliers' rows (the figures on the cards stay until
        the next answer); refresh() works them out again."""
        tasks.forget(self, "shown")
        self.model.set_rows([])
        self.unknown.clear()
        self.details.setVisible(False)
        if self.result is not None:
            self.result = replace(self.result, by_supplier=[], by_month=[])

    def _failed(self, message: str) -> None:
        self.area_label.setText(f"The figures could not be worked out: {message}")

    def show_result(self, result: SpendAnalysis) -> None:
        self.result = result
        self.area_label.setText(
            f"Local means: {result.local_area}. "
            f"{result.lines:,} spend lines from {result.suppliers:,} "
            "suppliers."
        )

        def share(pence: int) -> str:
            value = result.share(pence)
            return format_percent(value) if value is not None else "—"

        self.cards["all"].set_value(format_money(result.total_pence), f"{result.lines:,} lines")
        for key, pence in (
            ("local", result.local_pence),
            ("sme", result.sme_pence),
            ("vcse", result.vcse_pence),
        ):
            self.cards[key].set_value(share(pence), format_money(pence))
        self.cards["unknown_postcode"].set_value(
            format_money(result.unknown_pence),
            f"{result.unknown_suppliers} suppliers · never counted as local",
        )
        prompt = result.prompt
        if prompt.lines_with_dates:
            self.cards["prompt"].set_value(
                format_percent(prompt.share_within_30),
                f"{prompt.lines_with_dates:,} invoices · average {prompt.average_days:g} days",
            )
        else:
            self.cards["prompt"].set_value("—", "No lines with invoice and paid dates")
        bars = []
        for key, pence, colour in (
            ("Local", result.local_pence, style.SERIES["local"]),
            ("SMEs", result.sme_pence, style.SERIES["sme"]),
            ("VCSEs", result.vcse_pence, style.SERIES["vcse"]),
            ("Unknown", result.unknown_pence, style.SERIES["unknown"]),
        ):
            value = result.share(pence)
            bars.append(Bar(key, (value or 0) * 100, format_percent(value) or "—", colour))
        self.shares.set_bars(bars if result.total_pence > 0 else [])
        months = result.by_month[-12:]
        if months:
            self.months.title = (
                "Spend by month (£ thousands), "
                f"{_month_label(months[0].month, True)} to "
                f"{_month_label(months[-1].month, True)}"
            )
        self.months.set_data(
            ColumnData(
                [_month_label(m.month) for m in months],
                [
                    Series("Local", [m.local_pence / 100_000 for m in months], style.SERIES["local"]),
                    Series(
                        "Not local",
                        [(m.total_pence - m.local_pence - m.unknown_pence) / 100_000 for m in months],
                        style.SERIES["other"],
                    ),
                    Series(
                        "Postcode not known",
                        [m.unknown_pence / 100_000 for m in months],
                        style.SERIES["unknown"],
                    ),
                ],
                value_format="{:,.1f}",
            )
        )
        empty = result.lines == 0
        self.details.setVisible(not empty)
        self.no_data.setVisible(empty)
        if empty:
            self.no_data.setText(
                "No spend here yet. Spend counts towards a contract when it is imported with "
                "that contract chosen; choose “All spend” to see everything, or another period."
            )
        self.model.set_rows(result.by_supplier)
        self.unknown.clear()
        for s in result.by_supplier:
            if s.locality == "unknown":
                item = QListWidgetItem(f"{s.name}: {s.reason} · {format_money(s.total_pence)}")
                item.setData(Qt.UserRole, s.supplier_id)
                self.unknown.addItem(item)
        if not self.unknown.count():
            self.unknown.addItem("Every supplier here has a postcode svdesk can find.")
        self.fix_button.setEnabled(any(s.locality == "unknown" for s in result.by_supplier))

    def _drill(self, category: str) -> None:
        self.drill.emit(self.query(category=category), CATEGORY_LABELS.get(category, ""))

    def _drill_supplier(self, index) -> None:
        row = self.model.row(self.proxy.mapToSource(index).row())
        self.drill.emit(self.query(supplier_id=row.supplier_id), row.name)

    def _fix(self, item) -> None:
        if item is not None and item.data(Qt.UserRole):
            self.fix_supplier.emit(item.data(Qt.UserRole))


def _month_label(month: str, with_year: bool = False) -> str:
    y, m = (int(x) for x in month.split("-"))
    return date(y, m, 1).strftime("%b %Y" if with_year else "%b")
