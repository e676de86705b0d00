"""Dashboard: the headline figures for the whole organisation or one contract and a chosen
period, compared with the period before, two charts, and what needs attention.

Everything is counted by the measures engine off the GUI thread (a big database takes a while);
every card, bar and attention item opens the area holding the records behind it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QWidget,
)

from svdesk.calc.commitments import STATUS_LABELS
from svdesk.calc.evidence_tier import figure_tier
from svdesk.calc.value_coverage import value_headlines
from svdesk.formatting import format_money, format_percent, format_quantity
from svdesk.progress import Progress
from svdesk.services.contracts import get_contract, list_contracts
from svdesk.services.dashboard import AttentionItem, DashboardData, change, dashboard, dashboard_periods
from svdesk.services.start_checklist import start_steps
from svdesk.ui import style, tasks
from svdesk.ui.charts import Bar, BarChart
from svdesk.ui.forms import narrowable
from svdesk.ui.pages.start_checklist import NextStepsCard
from svdesk.ui.reads import store_stamp
from svdesk.ui.widgets import Card, Page, PageHeader, label

CARDS = (  # key, caption, area, tab: Figures & commitments opens at the same contract and period
    ("social", "Social value", "figures", "Measures"),
    ("local", "Local economic value", "figures", "Measures"),
    ("jobs", "Local jobs (FTE-years)", None, None),
    ("spend", "Local spend share", None, None),
    ("commitments", "Commitments on track", "figures", "Commitments"),
    # the Evidence column of each figure, which opens its records with their evidence
    ("evidence", "Claimed records with evidence", "figures", "Measures"),
)
# cards that are one figure open its records (and the reason each counts or not) directly
FIGURE_CARDS = {"jobs": "local_jobs_fte_years", "spend": "local_spend_gbp"}
# the spend chart's bars, in order: the figure whose records (suppliers) are behind each
SPEND_BARS = ("local_spend_gbp", "sme_spend_gbp", "vcse_spend_gbp", "local_spend_gbp")


def _compare(now, before, previous_label: str | None, money: bool = False) -> str:
    """'up 12% on FY 2024/25' style text; blank when there is nothing fair to compare with."""
    if previous_label is None or before is None:
        return ""
    ratio = change(now, before)
    if ratio is None:
        shown = format_money(before) if money else f"{before:,.2f}"
        return f"{previous_label}: {shown}"
    word = "up" if ratio > 0 else "down" if ratio < 0 else "level"
    return (
        f"{word} {abs(ratio):.0%} on {previous_label}" if word != "level" else f"level with {previous_label}"
    )


class DashboardPage(Page):
    def __init__(self, store, parent=None, today: date | None = None):
        super().__init__(parent)
        self.store, self.today = store, today
        self.data: DashboardData | None = None
        self._counted_at: tuple | None = None  # (store stamp, today) of the last refresh
        self.header = PageHeader(
            "Dashboard",
            "Your headline figures for a contract and period, "
            "and what needs attention. Click any figure to see what is "
            "behind it.",
        )
        self.bids_button = QPushButton("Bids and tender questions")
        self.bids_button.setToolTip("Answer a buyer's social value questions from your records")
        self.bids_button.clicked.connect(self.open_bids)
        self.header.add_button(self.bids_button)
        self.layout_.addWidget(self.header)
        # what to do next: the start checklist, then the month-end routine (issue 20.2)
        self.next_steps = NextStepsCard(self.open_area, self.page_body)
        self.layout_.addWidget(self.next_steps)
        filters = QHBoxLayout()
        self.contract = QComboBox()
        self.contract.setAccessibleName("Contract")
        self.period = QComboBox()
        self.period.setAccessibleName("Period")
        for box in (self.contract, self.period):
            narrowable(box, 16)  # long contract names never widen the page (issue 20.4)
        filters.addWidget(label("Show", wrap=False))
        filters.addWidget(self.contract, 2)
        filters.addWidget(label("for", wrap=False))
        filters.addWidget(self.period, 2)
        self.status = label("", "Muted", wrap=False)
        filters.addWidget(self.status, 1)
        self.layout_.addLayout(filters)

        grid = QGridLayout()
        grid.setSpacing(16)
        self.cards: dict[str, Card] = {}
        for i, (key, caption, area, tab) in enumerate(CARDS):
            card = Card("…", caption)
            card.setToolTip("Open what is behind this figure")
            if key in FIGURE_CARDS:
                card.clicked.connect(lambda k=FIGURE_CARDS[key]: self.open_figure(k))
            else:
                card.clicked.connect(lambda a=area, t=tab: self.open_area(a, t))
            self.cards[key] = card
            grid.addWidget(card, i // 3, i % 3)
        self.layout_.addLayout(grid)

        charts = QHBoxLayout()
        self.commit_chart = BarChart(title="Commitments: delivered against what is due", maximum=150)
        self.spend_chart = BarChart(title="Share of spend", maximum=100)
        self.commit_chart.setToolTip("Click a commitment to see it quarter by quarter")
        self.spend_chart.setToolTip("Click a bar to see the suppliers behind it")
        self.commit_chart.clicked.connect(self._open_commitment)
        self.spend_chart.clicked.connect(
            lambda i: (
                self.open_figure(SPEND_BARS[i]) if self.data and self.data.current.spend.total_pence else None
            )
        )
        self.detail = None  # the records behind a card or bar, when open
        charts.addWidget(self.commit_chart, 1, Qt.AlignTop)
        charts.addWidget(self.spend_chart, 1, Qt.AlignTop)
        self.layout_.addSpacing(8)
        self.layout_.addLayout(charts)

        self.layout_.addWidget(label("Needs attention", "SectionTitle"))
        self.attention = QListWidget()
        self.attention.setAccessibleName("Needs attention")
        self.attention.setWordWrap(True)
        self.attention.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.attention.itemActivated.connect(self._open_item)
        self.attention.itemClicked.connect(self._open_item)
        self.layout_.addWidget(self.attention, 1)

        self.contract.currentIndexChanged.connect(self._contract_changed)
        self.period.currentIndexChanged.connect(lambda *_: self.recompute())
        self.refresh()

    # --- choosing ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Count again if anything has been written (or the day has changed) since the last
        count: a visit that changed nothing shows what was counted."""
        stamp = (store_stamp(self.store), self.today)
        if stamp == self._counted_at:
            return
        self._counted_at = stamp
        self.next_steps.show_steps(start_steps(self.store), str(self.store.path), self.today or date.today())
        self._tab_through_next_steps()
        current = self.contract.currentData() if self.contract.count() else None
        self.contract.blockSignals(True)
        self.contract.clear()
        self.contract.addItem("The whole organisation", None)
        for c in list_contracts(self.store):
            self.contract.addItem(f"{c.reference}: {c.title}", c.id)
        self.contract.setCurrentIndex(max(self.contract.findData(current), 0))
        self.contract.blockSignals(False)
        self._contract_changed()

    def _tab_through_next_steps(self) -> None:
        """The checklist's buttons are made after the rest of the page: put them back in the Tab
        order where they are on screen, between the header and the contract drop-down."""
        from svdesk.ui.accessibility import focusable

        inside = [w for w in self.next_steps.findChildren(QWidget) if focusable(w)]
        stops = [self.bids_button, *inside, self.contract]
        for before, after in zip(stops, stops[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def _contract_changed(self, *_) -> None:
        cid = self.contract.currentData()
        contract = get_contract(self.store, cid) if cid is not None else None
        key = self.period.currentData().key if self.period.count() else None
        self.period.blockSignals(True)
        self.period.clear()
        for p in dashboard_periods(self.store, contract, self.today):
            self.period.addItem(p.label, p)
            if p.key == key:
                self.period.setCurrentIndex(self.period.count() - 1)
        self.period.blockSignals(False)
        self.recompute()

    def recompute(self) -> None:
        """Count in the background; a newer choice makes an older result be ignored."""
        store, today = self.store, self.today
        cid, period = self.contract.currentData(), self.period.currentData()
        if period is None:
            return
        self.status.setText("Counting…")

        def job(_cancel):
            yield Progress(0, None, "Counting figures…")
            return dashboard(store, cid, period, today)

        tasks.run(
            job, kind=tasks.Kind.EXPORT, owner=self, key="counts", on_done=self._show, on_error=self._failed
        )

    def _failed(self, message: str) -> None:
        self._counted_at = None  # the next visit counts again
        self.status.setText(message)

    # --- showing ----------------------------------------------------------------------------

    def _show(self, d: DashboardData) -> None:
        self.data = d
        self.status.setText("")
        o, prev, label_ = d.current, d.previous, d.period.previous_label
        t, pt = o.totals, (prev.totals if prev else None)
        period = d.period.label

        heads = value_headlines(o.figures)

        def money_card(key, kind, before, share):
            # A £ total only with what it covers and how well it is evidenced (issue 15.4).
            h = heads[kind]
            if h.pence is None:
                self.cards[key].set_value("—", f"{period} · no £ total: {h.short_coverage}")
                self.cards[key].setToolTip(f"No £ total: {h.coverage}.")
                return
            bits = [period, h.short_coverage, h.tier.label]  # what shows when space is short
            if share is not None:
                bits.append(f"{format_percent(share)} of contract value")
            compare = _compare(h.pence, before, label_, money=True)
            self.cards[key].set_value(
                format_money(h.pence), " · ".join(bits + ([compare] if compare else []))
            )
            self.cards[key].setToolTip(f"{h.text}. £ values: " + "; ".join(h.sources))

        money_card("social", "social", pt.social_pence if pt else None, t.social_share)
        money_card("local", "local_economic", pt.local_economic_pence if pt else None, t.local_economic_share)
        jobs = self._figure(o, "local_jobs_fte_years")
        before = self._figure(prev, "local_jobs_fte_years") if prev else None
        jobs_fig = next((f for f in o.figures if f.key == "local_jobs_fte_years"), None)
        self.cards["jobs"].set_value(
            format_quantity(jobs, "") if jobs is not None else "—",
            " · ".join(
                x
                for x in (
                    period,
                    figure_tier(jobs_fig).label if jobs_fig and jobs else "",
                    _compare(jobs, before, label_),
                )
                if x
            ),
        )
        share = o.spend.local_share
        prev_share = prev.spend.local_share if prev else None
        if share is None:
            self.cards["spend"].set_value("—", f"{period} · no spend in this period")
        else:
            diff = (
                ""
                if prev_share is None or label_ is None
                else f"{(share - prev_share) * 100:+.0f} points on {label_}"
            )
            spend_fig = next((f for f in o.figures if f.key == "local_spend_gbp"), None)
            self.cards["spend"].set_value(
                format_percent(share),
                " · ".join(
                    x
                    for x in (
                        f"{period} · of {format_money(o.spend.total_pence)}",
                        figure_tier(spend_fig).label if spend_fig else "",
                        diff,
                    )
                    if x
                ),
            )
        on_track = sum(1 for r in o.commitments if r.delivery.status == "on_track")
        self.cards["commitments"].set_value(
            f"{on_track} of {len(o.commitments)}" if o.commitments else "—",
            f"on track at {period}" if o.commitments else "No commitments recorded",
        )
        self.cards["evidence"].set_value(
            format_percent(o.evidence_coverage) if o.evidence_coverage is not None else "—",
            f"{period} · share of claimed records backed by evidence",
        )

        self.commit_chart.set_bars(
            [
                Bar(
                    r.measure.name,
                    self._pct(r),
                    f"{self._pct(r):.0f}% · {STATUS_LABELS[r.delivery.status]}",
                    style.STATUS[r.delivery.status],
                )
                for r in o.commitments
            ]
            or [Bar("No commitments recorded", None, "—")]
        )
        s = o.spend
        if s.total_pence:
            self.spend_chart.set_bars(
                [
                    Bar(
                        name,
                        100 * pence / s.total_pence,
                        f"{100 * pence / s.total_pence:.0f}% · {format_money(pence, short=True)}",
                        style.SERIES[key],
                    )
                    for key, name, pence in (
                        ("local", "Local", s.local_pence),
                        ("sme", "Small firms (SME)", s.sme_pence),
                        ("vcse", "Charities (VCSE)", s.vcse_pence),
                        ("unknown", "Postcode unknown", s.unknown_postcode_pence),
                    )
                ]
            )
        else:
            self.spend_chart.set_bars([Bar("No spend in this period", None, "—")])

        self.attention.clear()
        for item in d.attention:
            row = QListWidgetItem("• " + item.text)
            row.setData(256, item)
            row.setToolTip("Click to open")
            self.attention.addItem(row)
        if not d.attention:
            self.attention.addItem("Nothing needs attention right now.")

    @staticmethod
    def _figure(o, key: str) -> float | None:
        return next((f.quantity for f in o.figures if f.key == key and f.has_source), None)

    @staticmethod
    def _pct(report) -> float:
        # delivered by the end of the last complete quarter against what was due by then
        d = report.delivery
        done = [q.cumulative for q in d.rows if q.complete]
        return 100.0 if d.due_now <= 0 or not done else min(150.0, 100 * done[-1] / d.due_now)

    # --- opening ----------------------------------------------------------------------------

    def _open_item(self, row: QListWidgetItem) -> None:
        item = row.data(256)
        if isinstance(item, AttentionItem):
            self.open_area(item.area, item.tab)

    def open_figure(self, key: str):
        """The records behind one of the figures shown, with why each counts or not."""
        from svdesk.ui.dialogs.figure_detail import FigureDetailDialog

        figure = next((f for f in self.data.current.figures if f.key == key), None) if self.data else None
        if figure is None:
            return None
        self.detail = FigureDetailDialog(
            figure, self, f"{self.contract.currentText()} · {self.data.period.label}"
        )
        self.detail.open()
        return self.detail

    def _open_commitment(self, index: int) -> None:
        reports = self.data.current.commitments if self.data else []
        if index < len(reports):
            page = self.open_area("figures", "Commitments")
            if page is not None:
                page.select_commitment(reports[index].commitment.id)

    def open_bids(self) -> QWidget | None:
        """Bids, at the contract shown here when it is a bid."""
        page = self.open_area("bids")
        if page is not None and self.contract.currentData() is not None:
            page.select_contract(self.contract.currentData())
        return page

    def open_area(self, area: str, tab: str | None = None) -> QWidget | None:
        """Open an area (and the tab whose title starts with `tab`) in the main window;
        Figures & commitments at the contract and period shown here, so it counts the same."""
        window = self.window()
        if not hasattr(window, "show_area"):
            return None
        page = window.show_area(area)
        if area == "figures" and hasattr(page, "select_contract"):
            page.select_contract(self.contract.currentData())
            if self.data is not None:
                p = self.data.period
                page.select_period(p.label, p.start, p.end)
        tabs = getattr(page, "tabs", None)
        if tab and isinstance(tabs, QTabWidget):
            for i in range(tabs.count()):
                if tabs.tabText(i).startswith(tab):
                    tabs.setCurrentIndex(i)
                    break
        return page
