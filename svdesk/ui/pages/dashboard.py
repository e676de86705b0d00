"""Dashboard: headline facts from what is recorded so far and what needs attention.

Every figure comes from the store; an area with nothing recorded says so rather than showing 0.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from svdesk.formatting import format_date, format_money
from svdesk.services.contracts import list_contracts
from svdesk.services.organisation import get_organisation
from svdesk.ui.widgets import Card, Page, PageHeader, label


class DashboardPage(Page):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.header = PageHeader("Dashboard", "Your headline figures and what needs attention.")
        self.layout_.addWidget(self.header)
        self.cards = QGridLayout()
        self.cards.setSpacing(16)
        self.layout_.addLayout(self.cards)
        self.layout_.addSpacing(16)
        from svdesk.ui.pages.measures_cards import MeasureCards

        self.measure_cards = MeasureCards(store)
        self.measure_cards.open_figures.connect(self._go("figures"))
        self.measure_cards.counted.connect(self._show_measure_attention)
        self.layout_.addWidget(self.measure_cards)
        self.layout_.addSpacing(16)
        self.layout_.addWidget(label("Needs attention", "SectionTitle"))
        self.attention = QVBoxLayout()
        holder = QWidget()
        holder.setLayout(self.attention)
        self.layout_.addWidget(holder)
        self.layout_.addStretch(1)
        self.refresh()

    def _go(self, key: str):
        def go():
            window = self.window()
            if hasattr(window, "show_area"):
                window.show_area(key)
        return go

    def _show_measure_attention(self) -> None:
        notes = self.measure_cards.attention()
        if notes and self.attention.count() == 1 and self.attention.itemAt(0).widget() and \
                self.attention.itemAt(0).widget().text() == "• Nothing needs attention right now.":
            self.attention.takeAt(0).widget().deleteLater()
        for note in notes:
            self.attention.addWidget(label("• " + note))

    def refresh(self) -> None:
        self.measure_cards.refresh()
        for layout in (self.cards, self.attention):
            while layout.count():
                item = layout.takeAt(0)
                if item.widget():
                    item.widget().deleteLater()
        org = get_organisation(self.store)
        contracts = list_contracts(self.store)
        today = date.today()
        live = [c for c in contracts if c.status in ("won", "active")]
        bids = [c for c in contracts if c.status in ("opportunity", "bid_submitted")]
        live_value = sum(c.value_pence or 0 for c in live)
        ending = sorted((c for c in live if c.end_date and c.end_date >= today),
                        key=lambda c: c.end_date)
        cards = [
            Card(str(len(live)), "Contracts won or active",
                 f"worth {format_money(live_value)}" if live else "None recorded yet"),
            Card(str(len(bids)), "Open bids and opportunities",
                 ", ".join(c.buyer for c in bids[:2]) or "None recorded yet"),
            Card(format_date(ending[0].end_date) if ending else "—", "Next contract end",
                 ending[0].reference if ending else "No live contract with an end date"),
            Card(org.size.label if org else "—", "Size band",
                 f"{org.headcount} staff" if org and org.headcount is not None else ""),
        ]
        for i, card in enumerate(cards):
            card.clicked.connect(self._go("organisation" if i == 3 else "contracts"))
            self.cards.addWidget(card, 0, i)

        notes = []
        for c in contracts:
            problem = c.local_area.validate()
            if problem:
                notes.append(f"{c.reference}: the local area is not complete. {problem}")
            if c.status in ("won", "active") and not (c.start_date and c.end_date):
                notes.append(f"{c.reference}: add start and end dates so figures can be "
                             "counted per year and quarter.")
        if org is None:
            notes.insert(0, "Add your organisation profile (Organisation page).")
        if not contracts:
            notes.append("No contracts yet: add the contracts and bids your social value "
                         "relates to (Contracts page).")
        if not notes:
            notes.append("Nothing needs attention right now.")
        for note in notes:
            self.attention.addWidget(label("• " + note))
