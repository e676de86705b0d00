"""Dashboard: the headline figures for the whole organisation or one contract and a chosen
period, compared with the period before, two charts, and what needs attention.

Everything is counted by the measures engine off the GUI thread (a big database takes a while);
every card, bar and attention item opens the area holding the records behind it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QListWidgetItem, QTabWidget, QWidget

from svdesk.calc.commitments import STATUS_LABELS
from svdesk.calc.evidence_tier import figure_tier
from svdesk.calc.value_coverage import value_headlines
from svdesk.formatting import format_money, format_percent, format_quantity
from svdesk.progress import Progress
from svdesk.services import figures_snapshot
from svdesk.services.contracts import get_contract, list_contracts
from svdesk.services.dashboard import DashboardData, change, dashboard, dashboard_periods
from svdesk.services.start_checklist import start_steps
from svdesk.ui import style, tasks
from svdesk.ui.pages.dashboard_view import ATTENTION_ROLE, CARDS, DashboardView, steps_shown
from svdesk.ui.pages.start_checklist import NextStepsCard
from svdesk.ui.reads import store_stamp

__all__ = ["CARDS", "DashboardPage", "view_of"]

# cards that are one figure open its records (and the reason each counts or not) directly
FIGURE_CARDS = {"jobs": "local_jobs_fte_years", "spend": "local_spend_gbp"}
# the spend chart's bars, in order: the figure whose records (suppliers) are behind each
SPEND_BARS = ("local_spend_gbp", "sme_spend_gbp", "vcse_spend_gbp", "local_spend_gbp")


def _is_file_store(store) -> bool:
    """A SQLite store on disk: the only kind whose figures are kept for the next start."""
    engine, path = getattr(store, "engine", None), getattr(store, "path", None)
    return (
        engine is not None and engine.dialect.name == "sqlite" and isinstance(path, Path) and path.is_file()
    )


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


def _figure(o, key: str) -> float | None:
    return next((f.quantity for f in o.figures if f.key == key and f.has_source), None)


def _pct(report) -> float:
    # delivered by the end of the last complete quarter against what was due by then
    d = report.delivery
    done = [q.cumulative for q in d.rows if q.complete]
    return 100.0 if d.due_now <= 0 or not done else min(150.0, 100 * done[-1] / d.due_now)


def view_of(d: DashboardData, contract: str = "", organisation: str = "") -> dict[str, Any]:
    """What the dashboard shows for a count, as plain data (DashboardView.paint shows it; the
    start view is kept as it is for the next start, svdesk.services.figures_snapshot)."""
    o, prev, label_ = d.current, d.previous, d.period.previous_label
    t, pt = o.totals, (prev.totals if prev else None)
    period = d.period.label
    cards: dict[str, dict[str, Any]] = {}
    heads = value_headlines(o.figures)

    def money_card(key, kind, before, share):
        # A £ total only with what it covers and how well it is evidenced (issue 15.4).
        h = heads[kind]
        if h.pence is None:
            cards[key] = {
                "value": "—",
                "detail": f"{period} · no £ total: {h.short_coverage}",
                "tip": f"No £ total: {h.coverage}.",
            }
            return
        bits = [period, h.short_coverage, h.tier.label]  # what shows when space is short
        if share is not None:
            bits.append(f"{format_percent(share)} of contract value")
        compare = _compare(h.pence, before, label_, money=True)
        cards[key] = {
            "value": format_money(h.pence),
            "detail": " · ".join(bits + ([compare] if compare else [])),
            "tip": f"{h.text}. £ values: " + "; ".join(h.sources),
        }

    money_card("social", "social", pt.social_pence if pt else None, t.social_share)
    money_card("local", "local_economic", pt.local_economic_pence if pt else None, t.local_economic_share)
    jobs = _figure(o, "local_jobs_fte_years")
    before = _figure(prev, "local_jobs_fte_years") if prev else None
    jobs_fig = next((f for f in o.figures if f.key == "local_jobs_fte_years"), None)
    cards["jobs"] = {
        "value": format_quantity(jobs, "") if jobs is not None else "—",
        "detail": " · ".join(
            x
            for x in (
                period,
                figure_tier(jobs_fig).label if jobs_fig and jobs else "",
                _compare(jobs, before, label_),
            )
            if x
        ),
    }
    share = o.spend.local_share
    prev_share = prev.spend.local_share if prev else None
    if share is None:
        cards["spend"] = {"value": "—", "detail": f"{period} · no spend in this period"}
    else:
        diff = (
            ""
            if prev_share is None or label_ is None
            else f"{(share - prev_share) * 100:+.0f} points on {label_}"
        )
        spend_fig = next((f for f in o.figures if f.key == "local_spend_gbp"), None)
        cards["spend"] = {
            "value": format_percent(share),
            "detail": " · ".join(
                x
                for x in (
                    f"{period} · of {format_money(o.spend.total_pence)}",
                    figure_tier(spend_fig).label if spend_fig else "",
                    diff,
                )
                if x
            ),
        }
    on_track = sum(1 for r in o.commitments if r.delivery.status == "on_track")
    cards["commitments"] = {
        "value": f"{on_track} of {len(o.commitments)}" if o.commitments else "—",
        "detail": f"on track at {period}" if o.commitments else "No commitments recorded",
    }
    cards["evidence"] = {
        "value": format_percent(o.evidence_coverage) if o.evidence_coverage is not None else "—",
        "detail": f"{period} · share of claimed records backed by evidence",
    }
    commit_bars = [
        [
            r.measure.name,
            _pct(r),
            f"{_pct(r):.0f}% · {STATUS_LABELS[r.delivery.status]}",
            style.STATUS[r.delivery.status],
        ]
        for r in o.commitments
    ] or [["No commitments recorded", None, "—"]]
    s = o.spend
    if s.total_pence:
        spend_bars = [
            [
                name,
                100 * pence / s.total_pence,
                f"{100 * pence / s.total_pence:.0f}% · {format_money(pence, short=True)}",
                style.SERIES[key],
            ]
            for key, name, pence in (
                ("local", "Local", s.local_pence),
                ("sme", "Small firms (SME)", s.sme_pence),
                ("vcse", "Charities (VCSE)", s.vcse_pence),
                ("unknown", "Postcode unknown", s.unknown_postcode_pence),
            )
        ]
    else:
        spend_bars = [["No spend in this period", None, "—"]]
    return {
        "organisation": organisation,
        "contract": contract,
        "period": period,
        "cards": cards,
        "commit_bars": commit_bars,
        "spend_bars": spend_bars,
        "attention": [[i.text, i.area, i.tab] for i in d.attention],
    }


class DashboardPage(DashboardView):
    def __init__(self, store, parent=None, today: date | None = None):
        super().__init__(parent)
        self.store, self.today = store, today
        self.data: DashboardData | None = None
        self._counted_at: tuple | None = None  # (store stamp, today) of the last refresh
        self._steps_version = -1  # the store's version when the "what next" card was read
        self.bids_button.clicked.connect(self.open_bids)
        # what to do next: the start checklist, then the month-end routine (issue 20.2)
        self.next_steps = NextStepsCard(self.open_area, self.page_body)
        self.layout_.insertWidget(1, self.next_steps)
        for key, _caption, area, tab in CARDS:
            card = self.cards[key]
            if key in FIGURE_CARDS:
                card.clicked.connect(lambda k=FIGURE_CARDS[key]: self.open_figure(k))
            else:
                card.clicked.connect(lambda a=area, t=tab: self.open_area(a, t))
        self.commit_chart.clicked.connect(self._open_commitment)
        self.spend_chart.clicked.connect(
            lambda i: (
                self.open_figure(SPEND_BARS[i]) if self.data and self.data.current.spend.total_pence else None
            )
        )
        self.detail = None  # the records behind a card or bar, when open
        self.attention.itemActivated.connect(self._open_item)
        self.attention.itemClicked.connect(self._open_item)

        self.contract.currentIndexChanged.connect(self._contract_changed)
        self.period.currentIndexChanged.connect(lambda *_: self.recompute())
        # The figures kept from the last session, when provably still the store's (a start
        # whose frame showed them goes on showing them): the count below confirms them.
        kept = figures_snapshot.load(store.path, today) if _is_file_store(store) else None
        if kept is not None:
            self.paint(kept)
        self.refresh()

    # --- choosing ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Count again if anything has been written (or the day has changed) since the last
        count: a visit that changed nothing shows what was counted."""
        stamp = (store_stamp(self.store), self.today)
        if stamp == self._counted_at:
            return
        self._counted_at = stamp
        self._steps_version = self.store.version  # read before the steps: a write during them
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
        # the start view (the whole organisation, the first period) is what the next start shows
        # at once: counted with the proof that nothing was written meanwhile
        start_view = cid is None and self.period.currentIndex() == 0 and _is_file_store(store)
        self.status.setText("Counting…")

        def job(_cancel):
            yield Progress(0, None, "Counting figures…")
            before = (store.version, figures_snapshot.live_stamp(store.path)) if start_view else None
            data = dashboard(store, cid, period, today)
            after = (store.version, figures_snapshot.live_stamp(store.path)) if start_view else None
            return data, (before if before == after else None)

        tasks.run(
            job,
            kind=tasks.Kind.EXPORT,
            owner=self,
            key="counts",
            on_done=lambda r: self._show(*r),
            on_error=self._failed,
        )

    def _failed(self, message: str) -> None:
        self._counted_at = None  # the next visit counts again
        self.status.setText(message)

    # --- showing ----------------------------------------------------------------------------

    def _show(self, d: DashboardData, unchanged: tuple | None = None) -> None:
        """Paint a count; the start view's, counted with nothing written meanwhile (unchanged:
        the store's version and files then), is kept for the next start."""
        self.data = d
        self.status.setText("")
        view = view_of(d, self.contract.currentText(), self._organisation())
        self.paint(view)
        if unchanged is not None:
            version, files = unchanged
            view["next_steps"] = self._steps_for(version)
            figures_snapshot.note_counted(self.store.path, view, self.today or date.today(), version, files)

    def _steps_for(self, version: int) -> dict | None:
        """The "what next" card as shown, if it was read at the store version counted."""
        return steps_shown(self.next_steps) if self._steps_version == version else None

    def on_close(self) -> None:
        """The window closes: the "what next" card as it is now (its month-end ticks may have
        changed since the count) goes with the figures kept for the next start."""
        if _is_file_store(self.store):
            figures_snapshot.amend(
                self.store.path, "next_steps", self._steps_for(self._steps_version), self._steps_version
            )

    def _organisation(self) -> str:
        window = self.window()
        org_label = getattr(window, "org_label", None)
        return org_label.text() if org_label is not None else ""

    # --- opening ----------------------------------------------------------------------------

    def _open_item(self, row: QListWidgetItem) -> None:
        target = row.data(ATTENTION_ROLE)  # [area, tab]; none on "Nothing needs attention"
        if isinstance(target, (list, tuple)) and len(target) == 2:
            self.open_area(target[0], target[1])

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
