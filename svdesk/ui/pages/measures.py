"""Figures & commitments: what was delivered, in the buyer's terms, against what was promised,
for a contract (or all) and a period; every figure opens the records behind it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.calc.commitments import STATUS_LABELS, status_rule_text
from svdesk.calc.value_coverage import value_headlines
from svdesk.formatting import format_date, format_money, format_percent
from svdesk.progress import Progress
from svdesk.services.commitments import delete_commitment, delivery_window
from svdesk.services.conflicts import ConflictError, not_deleted
from svdesk.services.contracts import get_contract
from svdesk.services.measures import measure_figure
from svdesk.services.measures_overview import Overview, measures_overview, period_choices
from svdesk.services.validation import ValidationError
from svdesk.ui import glossary_tips, reads, style, tasks
from svdesk.ui.charts import Bar, BarChart
from svdesk.ui.dialogs.commitment_dialog import CommitmentDialog
from svdesk.ui.dialogs.figure_detail import FigureDetailDialog
from svdesk.ui.forms import narrowable
from svdesk.ui.pages.measures_columns import (
    COMMITMENT_COLUMNS,
    COMMITMENT_PARTS,
    MEASURE_COLUMNS,
    StatusModel,
    _narrow_measure_columns,
    quarter_columns,
)
from svdesk.ui.reads import store_stamp
from svdesk.ui.stacks import CurrentStack, CurrentTabs, tab_holder
from svdesk.ui.state import fit_columns
from svdesk.ui.table_model import ROW_ROLE, RowsModel, SortFilterModel, setup_table
from svdesk.ui.widgets import Card, EmptyState, Page, PageHeader, confirm, label


class MeasuresPage(Page):
    def __init__(self, store, parent=None, today: date | None = None, synchronous: bool = False):
        super().__init__(parent)
        self.store = store
        self.today = today
        # Counting can read many records: it runs on a worker thread unless a test asks not to.
        self.synchronous = synchronous
        self._counted_at: tuple | None = None  # (store stamp, today) of the last count
        self._sized: set[str] = set()
        self.overview: Overview | None = None
        self.detail: FigureDetailDialog | None = None  # the records behind a delivery
        self._pending_commitment: int | None = None
        self.header = PageHeader(
            "Figures & commitments",
            "What you delivered, in the buyer's terms, against what "
            "you promised. Double-click any figure to see the records behind it.",
            "Add a commitment…",
            self.add_commitment,
        )
        library = QPushButton("Measures…")
        library.setToolTip("The measures, the framework outcomes they serve, and a buyer's own")
        library.clicked.connect(self.open_library)
        self.header.add_button(library)
        proxies = QPushButton("Proxy values…")
        proxies.setToolTip("£ per unit for each measure: yours, or imported from the buyer's sheet")
        proxies.clicked.connect(self.open_proxies)
        self.header.add_button(proxies)
        self.layout_.addWidget(self.header)

        filters = QHBoxLayout()
        self.contract = QComboBox()
        self.contract.setAccessibleName("Contract")
        self.period = QComboBox()
        self.period.setAccessibleName("Period")
        for box in (self.contract, self.period):
            narrowable(box, 16)  # long contract names never widen the page (issue 20.4)
        filters.addWidget(label("Contract", wrap=False))
        filters.addWidget(self.contract, 2)
        filters.addWidget(label("Period", wrap=False))
        filters.addWidget(self.period, 1)
        self.layout_.addLayout(filters)

        self.cards = QGridLayout()
        self.cards.setSpacing(16)
        self.card_local = Card("—", "Local economic value")
        self.card_social = Card("—", "Social value")
        self.card_evidence = Card("—", "Backed by evidence")
        self.card_commit = Card("—", "Commitments on track")
        for i, card in enumerate((self.card_local, self.card_social, self.card_evidence, self.card_commit)):
            self.cards.addWidget(card, 0, i)
        self.card_commit.clicked.connect(lambda: self.tabs.setCurrentIndex(1))
        self.card_local.clicked.connect(lambda: self.tabs.setCurrentIndex(0))
        self.card_social.clicked.connect(lambda: self.tabs.setCurrentIndex(0))
        # the Evidence column: each figure's share, opening its records with their evidence
        self.card_evidence.clicked.connect(lambda: self.tabs.setCurrentIndex(0))
        self.layout_.addLayout(self.cards)

        # Each tab's content is made in an empty holder tab (see tab_holder).
        self.tabs = CurrentTabs(self)
        self._measures_tab(tab_holder(self.tabs, "Measures", margins=None))
        # built when first shown, or first asked for (see __getattr__): most visits read figures
        self._commit_holder = tab_holder(self.tabs, "Commitments")
        self._commit_built = False
        self.attention = QListWidget()
        self.attention.setAccessibleName("Needs attention")
        self.attention.setWordWrap(True)
        self.tabs.addTab(self.attention, "Needs attention")
        # SROI is optional: its panel is built, and works its figures out, when first shown
        self._sroi_holder = tab_holder(self.tabs, "SROI (optional)")
        self._sroi = None
        self._sroi_scope: tuple | None = None  # (contract id, start, end, figures) shown
        self.tabs.currentChanged.connect(self._tab_shown)
        self.layout_.addWidget(self.tabs, 1)

        self.contract.currentIndexChanged.connect(self._contract_changed)
        self.period.currentIndexChanged.connect(lambda *_: self.recompute())
        self._fill_contracts()

    @property
    def sroi(self):
        """The SROI panel, built (and given the figures shown) the first time it is needed."""
        if self._sroi is None:
            from svdesk.ui.pages.measures_sroi import SroiPanel

            self._sroi = SroiPanel(self.store, self._sroi_holder)
            self._sroi_holder.layout().addWidget(self._sroi)
            if self._sroi_scope is not None:
                self._sroi.set_scope(*self._sroi_scope)
        return self._sroi

    def _tab_shown(self, index: int) -> None:
        shown = self.tabs.widget(index)
        if shown is self._sroi_holder:
            self.sroi  # noqa: B018 (built on first show)
        elif shown is self._commit_holder:
            self._build_commitments()

    def __getattr__(self, name: str):
        # the Commitments tab's widgets, asked for before the tab was first shown: built now
        if name in COMMITMENT_PARTS and self.__dict__.get("_commit_built") is False:
            self._build_commitments()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _build_commitments(self) -> None:
        """The Commitments tab (its tables, chart and buttons: ~15% of the page's build), made
        the first time it is needed and given the commitments counted so far."""
        if self._commit_built:
            return
        self._commit_built = True
        self._commitments_tab(self._commit_holder)
        glossary_tips.attach_tree(self._commit_holder)  # as polish_page does for the page
        if self.overview is not None:
            self._show_commitments(self.overview)

    # --- building ---------------------------------------------------------------------------

    def _measures_tab(self, tab: QWidget) -> None:
        box = tab.layout()
        self.nothing_yet = label(
            "Nothing is recorded for this contract and period yet. These figures fill in as you "
            "record people, apprenticeships, volunteering and donations (People & skills, "
            "Community), spend (Spend & suppliers) and energy and travel (Environment). Each "
            "row says how it is counted: hover over a measure's name.",
            "Muted",
        )
        box.addWidget(self.nothing_yet)
        self.measure_model = RowsModel(MEASURE_COLUMNS, self)
        proxy = SortFilterModel(self)
        proxy.setSourceModel(self.measure_model)
        self.measure_table = QTableView(tab)
        setup_table(self.measure_table, proxy)
        proxy.sort(-1)  # the measure set's own order until the user sorts a column
        self.measure_table.horizontalHeader().setSortIndicatorShown(False)
        self.measure_table.horizontalHeader().sectionClicked.connect(
            lambda *_: self.measure_table.horizontalHeader().setSortIndicatorShown(True)
        )
        self.measure_table.setAccessibleName("Measures")
        self.measure_table.doubleClicked.connect(self.open_figure)
        box.addWidget(self.measure_table, 1)
        self.measure_footer = label("", "HelpText")
        box.addWidget(self.measure_footer)

    def _commitments_tab(self, holder: QWidget) -> None:
        self.commit_stack = CurrentStack(holder)
        holder.layout().addWidget(self.commit_stack)
        self.commit_empty = EmptyState(
            "No commitments for this contract yet",
            "A commitment is the number you promised the buyer: for example 104 apprenticeship "
            "weeks a year, owned by a named person. Add the ones from your tender so each "
            "quarter shows whether you are on track, at risk or behind.",
            [("Add a commitment…", self.add_commitment)],
        )
        self.commit_stack.addWidget(self.commit_empty)
        tab = QWidget(self.commit_stack)
        box = QVBoxLayout(tab)
        tools = QHBoxLayout()
        self.records_button = QPushButton("Records behind it…")
        self.records_button.setToolTip(
            "Every record behind what the selected commitment has delivered so far, and its evidence"
        )
        self.records_button.clicked.connect(lambda: self.open_delivery(None))
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete…")
        self.edit_button.clicked.connect(self.edit_commitment)
        self.delete_button.clicked.connect(self.delete_commitment)
        tools.addStretch(1)
        tools.addWidget(self.records_button)
        tools.addWidget(self.edit_button)
        tools.addWidget(self.delete_button)
        box.addLayout(tools)
        self.commit_model = StatusModel(COMMITMENT_COLUMNS, lambda r: r.delivery.status, self)
        split = QSplitter(Qt.Vertical, tab)
        self.commit_table = QTableView(split)
        setup_table(self.commit_table, self.commit_model)
        self.commit_table.setSortingEnabled(False)
        self.commit_table.setAccessibleName("Commitments")
        self.commit_table.doubleClicked.connect(lambda *_: self.edit_commitment())
        self.commit_table.selectionModel().selectionChanged.connect(self._commitment_selected)
        split.addWidget(self.commit_table)
        lower = QWidget(split)
        row = QHBoxLayout(lower)
        row.setContentsMargins(0, 8, 0, 0)
        quarters = QVBoxLayout()
        self.quarter_title = label("Select a commitment to see it quarter by quarter.", "Muted")
        quarters.addWidget(self.quarter_title)
        self.quarter_model = StatusModel(quarter_columns(""), lambda q: q.status, self)
        self.quarter_table = QTableView(lower)
        setup_table(self.quarter_table, self.quarter_model)
        self.quarter_table.setSortingEnabled(False)
        self.quarter_table.setAccessibleName("Delivery by quarter")
        self.quarter_table.doubleClicked.connect(
            lambda index: self.open_delivery(self.quarter_model.row(index.row()).quarter.number)
        )
        quarters.addWidget(self.quarter_table, 1)
        row.addLayout(quarters, 3)
        self.chart = BarChart(
            title="Delivered by the last quarter end, as a share of what was due", maximum=150
        )
        row.addWidget(self.chart, 2, Qt.AlignTop)
        split.addWidget(lower)
        split.setSizes([220, 260])
        box.addWidget(split, 1)
        rule = label(
            "On track: at least 90% of what is due by the last complete quarter; "
            "at risk: 70% to 90%; behind: under 70%. Forecast: a straight line from "
            "the start of the contract to its end. (Hover for the full rule.)",
            "HelpText",
        )
        rule.setToolTip(status_rule_text())
        box.addWidget(rule)
        self.commit_stack.addWidget(tab)

    def _fill_contracts(self) -> None:
        current = self.contract.currentData() if self.contract.count() else -1
        self.contract.blockSignals(True)
        self.contract.clear()
        self.contract.addItem("All contracts", None)
        contracts = reads.contracts(self.store)
        for c in contracts:
            self.contract.addItem(f"{c.reference}: {c.title}", c.id)
        index = self.contract.findData(current)
        if index < 0 and contracts:
            # buyers ask for figures per contract: start on the first live one
            live = [c for c in contracts if c.status in ("active", "won")] or contracts
            index = self.contract.findData(live[0].id)
        self.contract.setCurrentIndex(max(index, 0))
        self.contract.blockSignals(False)
        self._contract_changed()

    def select_contract(self, contract_id: int | None) -> None:
        """Show one contract's figures (None: all contracts), e.g. when the Dashboard opens
        this page for the contract it is showing."""
        index = self.contract.findData(contract_id)
        if index >= 0 and index != self.contract.currentIndex():
            self.contract.setCurrentIndex(index)

    def select_period(self, label_: str, start: date | None, end: date | None) -> None:
        """Show the figures for exactly these days (the Dashboard's period), added to the
        choices under its own name when they are not one of them."""
        index = self.period.findData((start, end))
        if index < 0:
            self.period.addItem(label_, (start, end))
            index = self.period.count() - 1
        if index != self.period.currentIndex():
            self.period.setCurrentIndex(index)

    def select_commitment(self, commitment_id: int) -> None:
        """Select a commitment and show its quarters (from the Dashboard's chart); while the
        figures are still being counted, once they are shown."""
        if tasks.busy(self, "counts"):
            self._pending_commitment = commitment_id
        else:
            self._select_row(commitment_id)

    def _select_row(self, commitment_id: int) -> None:
        for row in range(self.commit_model.rowCount()):
            if self.commit_model.row(row).commitment.id == commitment_id:
                self.commit_table.selectRow(row)
                return

    def _contract_changed(self, *_) -> None:
        cid = self.contract.currentData()
        contract = get_contract(self.store, cid) if cid is not None else None
        self.period.blockSignals(True)
        self.period.clear()
        for choice in period_choices(self.store, contract, self.today):
            self.period.addItem(choice.label, (choice.start, choice.end))
        self.period.blockSignals(False)
        self.header.action.setEnabled(self.contract.count() > 1)
        self.recompute()

    # --- data -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Count again if anything has been written (or the day has changed) since the last
        count: a visit that changed nothing shows what was counted."""
        if (store_stamp(self.store), self.today) != self._counted_at:
            self._fill_contracts()

    def recompute(self) -> None:
        self._counted_at = (store_stamp(self.store), self.today)
        start, end = self.period.currentData() or (None, None)
        contract_id = self.contract.currentData()
        if self.synchronous:
            tasks.forget(self, "counts")
            self._show(measures_overview(self.store, contract_id, start, end, self.today))
            return
        store, today = self.store, self.today

        def job(_cancel):
            yield Progress(0, None, "Counting figures…")
            return measures_overview(store, contract_id, start, end, today)

        self.measure_footer.setText("Counting figures…")
        # a newer choice (contract, period) makes an older count's answer be ignored
        tasks.run(
            job, kind=tasks.Kind.EXPORT, owner=self, key="counts", on_done=self._show, on_error=self._failed
        )

    def _failed(self, message: str) -> None:
        self._counted_at = None  # the next visit counts again
        self.measure_footer.setText(
            f"The figures could not be counted: {message}. The details are in the log (Help menu)."
        )

    def _show(self, o: Overview) -> None:
        self.overview = o
        start, end = o.period.start, o.period.end
        self.measure_model.set_rows(o.figures)
        self.nothing_yet.setVisible(not any(f.records for f in o.figures))
        if "measures" not in self._sized:  # size once, then keep the user's widths
            fit_columns(self.measure_table, "figures.measures", _narrow_measure_columns)
            self._sized.add("measures")
        t = o.totals
        heads = value_headlines(o.figures)
        for card, kind, share_of in (
            (self.card_local, "local_economic", t.local_economic_share),
            (self.card_social, "social", t.social_share),
        ):
            h = heads[kind]
            share = (
                f" · {format_percent(share_of)} of contract value"
                if share_of is not None and h.pence is not None
                else ""
            )
            if h.pence is not None:  # the total, what it covers and how well it is evidenced
                card.set_value(format_money(h.pence), f"{h.short_coverage} · {h.tier.label}")
                card.setToolTip(f"{h.text}{share}. £ values: " + "; ".join(h.sources))
            else:  # never a £0 that only means "no proxy value"
                card.set_value("—", f"No £ total: {h.short_coverage}")
                card.setToolTip(
                    f"No £ total: {h.coverage}. Add a proxy value (£ per unit) under Proxy values…"
                )
        self.card_evidence.set_value(
            format_percent(o.evidence_coverage) if o.evidence_coverage is not None else "—",
            "of claimed records" if o.evidence_coverage is not None else "No evidence linked to records yet",
        )
        on_track = sum(1 for r in o.commitments if r.delivery.status == "on_track")
        self.card_commit.set_value(
            f"{on_track} of {len(o.commitments)}" if o.commitments else "—",
            "as of the end of the period" if o.commitments else "No commitments recorded",
        )
        unvalued = len(t.unvalued)
        self.measure_footer.setText(
            "Values use your proxy values (£ per unit); a figure without one is shown as a "
            "quantity, never as £0."
            + (f" {unvalued} figures have no proxy value." if unvalued else "")
            + (" SME and VCSE spend are shown but not added: they overlap local spend." if t.left_out else "")
        )
        if self._commit_built:
            self._show_commitments(o)
        self.attention.clear()
        self.attention.addItems(o.attention or ["Nothing needs attention for this period."])
        self._sroi_scope = (o.contract.id if o.contract else None, start, end, o.figures)
        if self._sroi is not None:
            self._sroi.set_scope(*self._sroi_scope)
        if self._pending_commitment is not None:
            self._select_row(self._pending_commitment)
            self._pending_commitment = None

    def _show_commitments(self, o: Overview) -> None:
        self.commit_model.set_rows(o.commitments)
        if o.commitments and "commitments" not in self._sized:
            fit_columns(self.commit_table, "figures.commitments")
            self._sized.add("commitments")
        self.commit_stack.setCurrentIndex(1 if o.commitments else 0)
        self.chart.set_bars(
            [
                Bar(
                    r.measure.name,
                    self._pct(r),
                    f"{self._pct(r):.0f}% · {STATUS_LABELS[r.delivery.status]}",
                    style.STATUS[r.delivery.status],
                )
                for r in o.commitments
            ]
        )
        self.quarter_model.set_rows([])
        self._commitment_selected()

    @staticmethod
    def _pct(report) -> float:
        # delivered by the end of the last complete quarter against what was due by then
        d = report.delivery
        done = [q.cumulative for q in d.rows if q.complete]
        return 100.0 if d.due_now <= 0 or not done else min(150.0, 100 * done[-1] / d.due_now)

    # --- actions ----------------------------------------------------------------------------

    def open_figure(self, index) -> FigureDetailDialog:
        figure = index.data(ROW_ROLE)
        dialog = FigureDetailDialog(figure, self)
        # records claimed or excluded there: count the figures again
        dialog.finished.connect(lambda *_: self.recompute() if dialog.changed else None)
        dialog.open()
        return dialog

    def open_delivery(self, quarter: int | None) -> None:
        """The records behind the selected commitment's delivery: one quarter's (a double-click
        on it), or everything delivered to date; counted in the background."""
        report, o = self.selected_commitment(), self.overview
        if report is None or o is None:
            return
        today = self.today or date.today()
        as_of = min(o.period.end or today, today)
        try:
            start, end = delivery_window(report, quarter, as_of)
        except ValidationError as exc:
            self.quarter_title.setText(" ".join(exc.errors.values()))
            return
        contract = get_contract(self.store, report.commitment.contract_id)
        what = f"Q{quarter}" if quarter is not None else "Delivered to date"
        scope = (
            f"{contract.reference if contract else ''} · {what}: {format_date(start)} to {format_date(end)}"
        )
        key, cid, store, today_ = (
            report.commitment.measure_key,
            report.commitment.contract_id,
            self.store,
            self.today,
        )

        def show(figure) -> None:
            self.detail = FigureDetailDialog(figure, self, scope)
            self.detail.open()

        if self.synchronous:
            show(measure_figure(store, key, cid, start, end, today_))
            return

        def job(_cancel):
            yield Progress(0, None, "Counting the records…")
            return measure_figure(store, key, cid, start, end, today_)

        tasks.run(job, kind=tasks.Kind.EXPORT, owner=self, on_done=show, on_error=self._failed)

    def selected_commitment(self):
        rows = self.commit_table.selectionModel().selectedRows()
        return self.commit_model.row(rows[0].row()) if rows else None

    def _commitment_selected(self, *_) -> None:
        report = self.selected_commitment()
        self.edit_button.setEnabled(report is not None)
        self.delete_button.setEnabled(report is not None)
        self.records_button.setEnabled(
            report is not None and any(r.actual is not None for r in report.delivery.rows)
        )
        # money commitments (local spend) show their quarters as money
        self.quarter_model.columns = quarter_columns(report.measure.unit if report else "")
        self.quarter_model.set_rows(report.delivery.rows if report else [])
        self.quarter_table.resizeColumnsToContents()
        self.quarter_title.setText(
            f"{report.measure.name}, quarter by quarter (◆ = milestone)"
            if report
            else "Select a commitment to see it quarter by quarter."
        )

    def open_library(self):
        from svdesk.ui.dialogs.measure_library import MeasureLibraryDialog

        dialog = MeasureLibraryDialog(self.store, self)
        dialog.finished.connect(lambda *_: self.recompute())
        dialog.open()
        return dialog

    def open_proxies(self):
        from svdesk.ui.dialogs.proxy_dialogs import ProxyListDialog

        dialog = ProxyListDialog(self.store, self.contract.currentData(), self)
        dialog.finished.connect(lambda *_: self.recompute())
        dialog.open()
        return dialog

    def add_commitment(self) -> None:
        dialog = CommitmentDialog(self.store, None, self, self.contract.currentData())
        if dialog.exec():
            self.recompute()

    def edit_commitment(self) -> None:
        report = self.selected_commitment()
        if report is None:
            return
        if CommitmentDialog(self.store, report.commitment, self).exec():
            self.recompute()

    def delete_commitment(self) -> None:
        report = self.selected_commitment()
        if report and confirm(
            self,
            "Delete commitment",
            f"Delete the commitment for {report.measure.name}? The records behind it stay.",
            "Delete commitment",
        ):
            try:
                delete_commitment(self.store, report.commitment.id, report.commitment.row_version)
            except ConflictError as exc:  # changed or deleted by someone else since shown
                QMessageBox.information(self, "Delete commitment", not_deleted(exc))
            self.recompute()
