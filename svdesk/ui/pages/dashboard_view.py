"""The Dashboard's widgets and how a counted view is painted on them, without the database layer.

A view is plain data (svdesk.ui.pages.dashboard.view_of makes it from a count): the texts of
the cards, the bars of the two charts, the attention list, the contract and period shown. The
Dashboard page paints every count through it; at start-up the window's frame paints the view
kept from the last session (svdesk.services.figures_snapshot) with this module alone, before
SQLAlchemy and the models are imported (issue 23 point 1), so nothing here may import them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from svdesk.ui import style
from svdesk.ui.charts import Bar, BarChart
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
CARD_TIP = "Open what is behind this figure"
NOTHING_NEEDS_ATTENTION = "Nothing needs attention right now."
WHOLE_ORGANISATION = "The whole organisation"
ATTENTION_ROLE = 256  # Qt.UserRole: the (area, tab) an attention row opens


def bars_of(rows: list) -> list[Bar]:
    return [Bar(r[0], r[1], r[2], *(r[3:4])) for r in rows]


class DashboardView(Page):
    """Header, the contract and period choice, six cards, two charts and what needs attention."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.header = PageHeader(
            "Dashboard",
            "Your headline figures for a contract and period, "
            "and what needs attention. Click any figure to see what is "
            "behind it.",
        )
        self.bids_button = QPushButton("Bids and tender questions")
        self.bids_button.setToolTip("Answer a buyer's social value questions from your records")
        self.header.add_button(self.bids_button)
        self.layout_.addWidget(self.header)
        filters = QHBoxLayout()
        self.contract = QComboBox()
        self.contract.setAccessibleName("Contract")
        self.period = QComboBox()
        self.period.setAccessibleName("Period")
        for box in (self.contract, self.period):
            # svdesk.ui.forms.narrowable: long contract names never widen the page (issue 20.4)
            box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(16)
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
        for i, (key, caption, _area, _tab) in enumerate(CARDS):
            card = Card("…", caption)
            card.setToolTip(CARD_TIP)
            self.cards[key] = card
            grid.addWidget(card, i // 3, i % 3)
        self.layout_.addLayout(grid)

        charts = QHBoxLayout()
        self.commit_chart = BarChart(title="Commitments: delivered against what is due", maximum=150)
        self.spend_chart = BarChart(title="Share of spend", maximum=100)
        self.commit_chart.setToolTip("Click a commitment to see it quarter by quarter")
        self.spend_chart.setToolTip("Click a bar to see the suppliers behind it")
        charts.addWidget(self.commit_chart, 1, Qt.AlignTop)
        charts.addWidget(self.spend_chart, 1, Qt.AlignTop)
        self.layout_.addSpacing(8)
        self.layout_.addLayout(charts)

        self.layout_.addWidget(label("Needs attention", "SectionTitle"))
        self.attention = QListWidget()
        self.attention.setAccessibleName("Needs attention")
        self.attention.setWordWrap(True)
        self.attention.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.layout_.addWidget(self.attention, 1)

    def paint(self, view: dict[str, Any]) -> None:
        """Show a counted view: every card, both charts and the attention list."""
        for key, card in self.cards.items():
            shown = view["cards"][key]
            card.set_value(shown["value"], shown["detail"])
            card.setToolTip(shown.get("tip") or CARD_TIP)
        self.commit_chart.set_bars(bars_of(view["commit_bars"]))
        self.spend_chart.set_bars(bars_of(view["spend_bars"]))
        self.attention.clear()
        for text, area, tab in view["attention"]:
            row = QListWidgetItem("• " + text)
            row.setData(ATTENTION_ROLE, [area, tab])
            row.setToolTip("Click to open")
            self.attention.addItem(row)
        if not view["attention"]:
            self.attention.addItem(NOTHING_NEEDS_ATTENTION)


def steps_shown(card) -> dict[str, Any] | None:
    """What the dashboard's "what next" card (svdesk.ui.pages.start_checklist.NextStepsCard)
    shows, as plain data for steps_card; None when it is hidden or laid out otherwise."""
    try:
        if card.isHidden():
            return None
        rows = []
        for i in range(card.rows.count()):
            line = card.rows.itemAt(i).layout()
            if line is None:
                continue  # the "✓ Done: …" line, kept below
            first, words, button = line.itemAt(0).widget(), line.itemAt(1).layout(), line.itemAt(2).widget()
            texts = [words.itemAt(j).widget().text() for j in range(words.count())]
            tick = isinstance(first, QCheckBox)
            rows.append(
                {
                    "tick": tick,
                    "checked": first.isChecked() if tick else False,
                    "title": first.text() if tick else texts[0],
                    "why": texts[-1] if texts[int(not tick) :] else "",
                    "action": button.text(),
                }
            )
        done = card.done_line.text() if card.done_line is not None else ""
        return {"title": card.title.text(), "intro": card.intro.text(), "done": done, "rows": rows}
    except (AttributeError, IndexError, TypeError):
        return None


def steps_card(steps: dict[str, Any]) -> QFrame:
    """The "what next" card as steps_shown saw it, laid out as NextStepsCard lays it out;
    nothing on it acts."""
    card = QFrame()
    card.setObjectName("Card")
    box = QVBoxLayout(card)
    box.setContentsMargins(20, 14, 20, 14)
    box.setSpacing(8)
    box.addWidget(label(steps["title"], "SectionTitle"))
    box.addWidget(label(steps["intro"], "Muted"))
    rows = QVBoxLayout()
    rows.setSpacing(6)
    box.addLayout(rows)
    if steps["done"]:
        rows.addWidget(label(steps["done"], "Muted"))
    for row in steps["rows"]:
        line = QHBoxLayout()
        if row["tick"]:
            first = QCheckBox(row["title"])
            first.setChecked(row["checked"])
            first.setEnabled(False)
        else:
            first = label("○", wrap=False)
            first.setMinimumWidth(18)
            first.setStyleSheet(f"color: {style.TEXT_MUTED};")
        line.addWidget(first, 0, Qt.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(0)
        if not row["tick"]:
            words.addWidget(label(row["title"]))
        if row["why"]:
            words.addWidget(label(row["why"], "Muted"))
        line.addLayout(words, 1)
        button = QPushButton(row["action"])
        button.setEnabled(False)
        line.addWidget(button, 0, Qt.AlignTop)
        rows.addLayout(line)
    return card


class SnapshotDashboard(DashboardView):
    """The dashboard as the last session counted it, painted in the start-up frame while the
    database opens; the real page replaces it. Nothing on it acts yet."""

    def __init__(self, view: dict[str, Any], parent=None):
        super().__init__(parent)
        self.contract.addItem(view.get("contract") or WHOLE_ORGANISATION)
        self.period.addItem(view["period"])
        for widget in (self.contract, self.period, self.bids_button):
            widget.setEnabled(False)
        self.status.setText("Opening…")
        if view.get("next_steps"):
            self.layout_.insertWidget(1, steps_card(view["next_steps"]))
        self.paint(view)


def show_in_frame(window, view: dict[str, Any]) -> SnapshotDashboard:
    """Put the kept figures where the start-up frame says "Opening…" (MainWindow's loading
    widget, which attach_store removes when the real pages come)."""
    page = SnapshotDashboard(view)
    old = getattr(window, "_loading", None)
    window.stack.addWidget(page)
    window.stack.setCurrentWidget(page)
    if old is not None:
        window.stack.removeWidget(old)
        old.deleteLater()
    window._loading = page
    organisation = view.get("organisation") or ""
    window.org_label.setText(organisation)
    window.setWindowTitle(" · ".join(p for p in ("Dashboard", organisation) if p) + " · svdesk")
    return page
