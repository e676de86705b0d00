"""Privacy & data: what personal data svdesk holds and why, how the records are kept safe
(backups, checks), and the change history a buyer's auditor can follow."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.formatting import format_date
from svdesk.progress import Progress
from svdesk.safety.backup import list_backups
from svdesk.safety.integrity import ERROR, IntegrityReport, check_integrity
from svdesk.services.audit import recent_changes
from svdesk.services.privacy import personal_data
from svdesk.ui import tasks
from svdesk.ui.records.table_base import FIT_ROWS, LOADING
from svdesk.ui.table_model import Column, RowsModel, SortFilterModel, setup_table
from svdesk.ui.widgets import Page, PageHeader, label, status_label

HISTORY_COLUMNS = [
    Column("When (UTC)", lambda e: e.at, lambda e: f"{format_date(e.at.date(), short=True)} {e.at:%H:%M}"),
    Column("Who", lambda e: e.user),
    Column("Record", lambda e: f"{e.table.replace('_', ' ')} {e.record_id}".strip()),
    Column("What", lambda e: e.action_label),
    Column("Change", lambda e: e.summary(), tooltip=lambda e: e.summary()),
]


CARDS_PER_TURN = 2  # personal data cards built per turn of the event loop


@dataclass
class PrivacyRead:
    backups: list  # BackupFile, newest first
    items: list  # PersonalDataRow
    history: list  # the latest audit entries


def _card(parent: QWidget | None = None) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setObjectName("Card")
    box = QVBoxLayout(frame)
    box.setContentsMargins(20, 14, 20, 14)
    return frame, box


def _clear(layout) -> None:
    while layout.count():
        widget = layout.takeAt(0).widget()
        if widget:
            widget.hide()  # deleteLater waits for the event loop; hide it from this paint on
            widget.setParent(None)
            widget.deleteLater()


def check_job(store):
    def job(_cancel):
        yield Progress(0, None, "Checking the database and every evidence file…")
        return check_integrity(store.path, store=store)

    return job


class PrivacyPage(Page):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.report: IntegrityReport | None = None
        self.header = PageHeader(
            "Privacy & data",
            "What personal data svdesk holds about people and why, and how your records are kept safe.",
            "Backups…",
            self.show_backups,
        )
        self.check_button = QPushButton("Check data now")
        self.check_button.clicked.connect(self.run_check)
        self.header.add_button(self.check_button)
        self.layout_.addWidget(self.header)

        # Each part is made with its parent: moving a built part into another parent restyles
        # all of it again (see svdesk.ui.stacks.tab_holder).
        # the page itself scrolls (Page.page_scroll): a scroll area of its own inside that one
        # gave the wrapped texts of the cards less height than they need (issue 20.4)
        body = QWidget(self.page_body)
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(12)
        self.layout_.addWidget(body, 1)

        self.body.addWidget(label("Keeping your records safe", "SectionTitle"))
        safety, self.safety_box = _card(body)
        self.backup_line = label("")
        self.check_line = QHBoxLayout()
        self.safety_box.addWidget(self.backup_line)
        self.safety_box.addLayout(self.check_line)
        self.findings = QVBoxLayout()
        self.safety_box.addLayout(self.findings)
        self.body.addWidget(safety)

        self.body.addWidget(label("Personal data svdesk holds", "SectionTitle"))
        self.body.addWidget(
            label(
                "svdesk keeps only what social value reporting needs. Names of people are not "
                "needed and not asked for: a reference you choose is enough. Nothing below ever "
                "appears in a report or export a buyer receives.",
                "Muted",
            )
        )
        self.items_box = QVBoxLayout()
        self.items_box.setSpacing(8)
        self.body.addLayout(self.items_box)

        self.body.addWidget(label("Change history", "SectionTitle"))
        self.body.addWidget(
            label(
                "Every change is recorded with the login name of whoever made it, so a buyer's "
                "auditor can see how a figure came about. The latest 200 changes:",
                "Muted",
            )
        )
        self.history = QTableView(body)
        self.history.setAccessibleName("Change history")
        self.history.setMinimumHeight(260)
        self.history_model = RowsModel(HISTORY_COLUMNS, self)
        self.history_sorted = SortFilterModel(self)
        self.history_sorted.setSourceModel(self.history_model)
        setup_table(self.history, self.history_sorted)
        self.history.sortByColumn(0, Qt.DescendingOrder)
        # Fitted once, from the first screenful: every cell of 200 changes is a Python call.
        self.history.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
        self._sized = False
        self.body.addWidget(self.history)
        self._items: list | None = None  # the personal data rows shown
        self._history: list | None = None  # the changes shown
        # A read is shown over several turns of the event loop: the backup line and the
        # history's rows, then the history's column fit (its first time), then the personal
        # data cards, CARDS_PER_TURN at a time. Done in one turn, building and laying out all
        # of it was the page's first open's longest stall under load.
        self._pending_items: list | None = None
        self._cards_left: list = []  # rows whose cards are still to be built
        self._fit_pending = False
        self._items_timer = QTimer(self, singleShot=True, interval=0)
        self._items_timer.timeout.connect(self._next_step)
        self.backup_line.setText(LOADING)
        self.refresh()

    # --- content -------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return tasks.busy(self, "shown") or self._steps_left()

    def _steps_left(self) -> bool:
        return self._fit_pending or self._pending_items is not None or bool(self._cards_left)

    def refresh(self) -> None:
        """Show the latest check, and read the rest again in the background: backups are made
        outside the database (at start-up, on close), so a visit always looks, but only what
        changed is shown anew."""
        self._show_report()
        store = self.store
        tasks.newest(
            self,
            "shown",
            lambda: PrivacyRead(list_backups(store.path), personal_data(store), recent_changes(store, 200)),
            self._show,
            self._failed,
        )

    def _show(self, read: PrivacyRead) -> None:
        backups = read.backups
        if backups:
            latest = backups[0]
            self.backup_line.setText(
                f"Last backup: {format_date(latest.taken.date())} at {latest.taken:%H:%M}, one "
                f"of {len(backups)} kept on this PC. Save an archive from Backups… to keep a "
                "copy somewhere else too."
            )
        else:
            self.backup_line.setText(
                "No backup yet: svdesk makes one when it opens this file "
                "each day, and again when you close it after a change. "
                "Choose Backups… to make one now or save an archive."
            )
        if read.items != self._items:
            self._pending_items = read.items
        else:  # what is shown is current: an older read's cards waiting to be filled are not
            self._pending_items = None
        if read.history != self._history:
            self._history = read.history
            self.history_model.set_rows(read.history)
        if read.history and not self._sized:
            self._fit_pending = self._sized = True
        if self._steps_left():
            self._items_timer.start()

    def _failed(self, message: str) -> None:
        self.backup_line.setText(f"svdesk could not read this page: {message}")

    def _next_step(self) -> None:
        """One turn's share of showing a read (see __init__)."""
        if self._fit_pending:
            self._fit_pending = False
            self.history.resizeColumnsToContents()
        else:
            items, self._pending_items = self._pending_items, None
            if items is not None:
                self._items = items
                _clear(self.items_box)
                self._cards_left = list(items)
            batch, self._cards_left = self._cards_left[:CARDS_PER_TURN], self._cards_left[CARDS_PER_TURN:]
            if batch:
                self._fill_items(batch)
        if self._steps_left():
            self._items_timer.start()

    def _fill_items(self, rows: list) -> None:
        """Add the cards of these personal data rows below those already shown."""
        for row in rows:
            item = row.item
            # made in the page's body: moving a built card there restyles all of it again
            frame, box = _card(self.items_box.parentWidget())
            title = item.area + (
                "" if row.records is None else f" · {row.records} record{'s' if row.records != 1 else ''}"
            )
            head = QHBoxLayout()
            head.addWidget(label(title, "SectionTitle"), 1)
            if item.special_category:
                tag = status_label("at_risk", "May include special category data")
                tag.setToolTip(
                    "Health, disability or criminal records are special category "
                    "data under UK GDPR: record consent and keep them to a minimum."
                )
                head.addWidget(tag)
            box.addLayout(head)
            # rows of boxes, not a QFormLayout: that gave a text wrapping to three lines the
            # height of two and cut it off (issue 20.4)
            form = QVBoxLayout()
            form.setSpacing(6)
            for caption, text in (
                ("What", item.what),
                ("Why", item.why),
                ("How long", item.kept),
                ("Shared", item.shared),
            ):
                line = QHBoxLayout()
                name = label(caption, "Muted", wrap=False)
                name.setFixedWidth(name.fontMetrics().horizontalAdvance("How long") + 16)
                line.addWidget(name, 0, Qt.AlignTop)
                line.addWidget(label(text), 1)
                form.addLayout(line)
            box.addLayout(form)
            self.items_box.addWidget(frame)

    def _show_report(self) -> None:
        _clear(self.check_line)
        _clear(self.findings)
        report = self.report
        session = getattr(self.window(), "safety_session", None)
        if report is None and session is not None:
            report = session.report  # the check made when this database was opened
        if report is None:
            self.check_line.addWidget(
                label(
                    "Checked when svdesk opens. Choose Check data now to "
                    "check the database and every evidence file again."
                )
            )
            return
        if not report.problems:
            self.check_line.addWidget(status_label("on_track", "No problems found"))
            self.check_line.addWidget(
                label(f"in the database and {report.evidence_checked} evidence files.", "Muted"), 1
            )
            return
        errors = sum(1 for f in report.problems if f.severity == ERROR)
        count = len(report.problems)
        self.check_line.addWidget(
            status_label(
                "behind" if errors else "at_risk", f"{count} problem{'s' if count != 1 else ''} found"
            ),
            1,
        )
        for finding in report.problems:
            text = f"<b>{escape(finding.title)}</b>"
            if finding.detail:
                text += f"<br>{escape(finding.detail)}"
            if finding.way_forward:
                text += f"<br>What to do: {escape(finding.way_forward)}"
            self.findings.addWidget(label(text))

    # --- actions -------------------------------------------------------------------------------
    def run_check(self) -> None:
        def done(report) -> None:
            self.report = report
            self.refresh()

        tasks.run_with_progress(self, "Checking your data", check_job(self.store), done)

    def show_backups(self) -> None:
        from svdesk.ui.dialogs.backups_dialog import BackupsDialog

        window = self.window()
        opener = None
        if hasattr(window, "_switch_to"):
            opener = window._switch_to
        BackupsDialog(self.store, self, open_database=opener).exec()
        self.refresh()

    def screenshot_dialogs(self):
        from svdesk.ui.dialogs.archive_dialogs import ArchiveDialog
        from svdesk.ui.dialogs.backups_dialog import BackupsDialog

        return [
            ("backups", BackupsDialog(self.store, self)),
            ("archive", ArchiveDialog(self.store.path, self)),
        ]
