"""Reports: choose a document, its contract and period and where to save it, then export it in a
child process (svdesk.ui.child_job) with progress and Cancel, and open the folder it went to.

From when the page is first shown a standby child waits with the export code imported (while
the user picks the options), so an export starts at once; it is ended when the page closes or
is destroyed.

What is chosen (document, contract, period, format, file) and its checks are in
svdesk.ui.pages.reports_options."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from svdesk.calc.periods import financial_year
from svdesk.exports.runner import EXPORTS
from svdesk.formatting import format_date
from svdesk.services.organisation import get_organisation
from svdesk.ui import style
from svdesk.ui.child_job import StandbyKeeper, export_with_progress
from svdesk.ui.forms import Form, OptionalDateEdit
from svdesk.ui.pages.reports_options import FORMAT_NAMES, ReportOptions
from svdesk.ui.state import app_settings
from svdesk.ui.widgets import EmptyState, Page, PageHeader, label


class ReportsPage(ReportOptions, Page):
    """The Reports page; what is chosen and its checks are in ReportOptions (reports_options)."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.last_saved: Path | None = None
        # Closed with the page, the window or the application, whichever comes first; the
        # lambdas hold the keeper, not the page.
        self.standby = StandbyKeeper()
        self.destroyed.connect(lambda *_a, keeper=self.standby: keeper.close())
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(lambda keeper=self.standby: keeper.close())
        self.header = PageHeader(
            "Reports",
            "Bid-ready workbooks, evidence packs, returns and your impact statement, "
            "built from the same figures as the dashboard.",
            "Export…",
            self.export,
        )
        self.layout_.addWidget(self.header)
        self.empty = EmptyState(
            "Add your organisation first",
            "Every report carries your organisation's name and size. Add your profile on the "
            "Organisation page, then come back to export.",
            [],
        )
        self.layout_.addWidget(self.empty)

        self.body = QWidget()
        row = QHBoxLayout(self.body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        self.documents = QListWidget()
        self.documents.setAccessibleName("Documents")
        self.documents.setWordWrap(True)
        self.documents.setFixedWidth(360)
        self.documents.setSpacing(2)
        self.documents.setObjectName("DocumentList")
        self.documents.setStyleSheet(
            f"#DocumentList {{ background: {style.SURFACE}; border: 1px solid {style.BORDER}; "
            f"border-radius: 6px; outline: 0; }}"
            f"#DocumentList::item {{ border-left: 4px solid transparent; "
            f"border-bottom: 1px solid {style.BACKGROUND}; }}"
            f"#DocumentList::item:selected {{ background: {style.PRIMARY_LIGHT}; "
            f"border-left: 4px solid {style.PRIMARY}; }}"
            # the cards' labels, styled here once: a style sheet on each label made every card
            # one style of its own, computed anew (Reports' first open was the slowest left)
            "#DocumentList QLabel { background: transparent; }"
            "#DocumentList QLabel#DocumentTitle { font-weight: 600; }"
        )
        for kind in EXPORTS.values():
            item = QListWidgetItem()
            item.setData(Qt.UserRole, kind.key)
            item.setData(Qt.AccessibleTextRole, f"{kind.title}. {kind.description}")
            item.setToolTip(kind.description)
            # made in the list (where setItemWidget puts it): its size is measured under the
            # list's style sheet, and it is not restyled when moved there
            card = QWidget(self.documents.viewport())
            card.setAttribute(Qt.WA_TransparentForMouseEvents)
            lines = QVBoxLayout(card)
            lines.setContentsMargins(12, 10, 12, 10)
            lines.setSpacing(2)
            title = label(kind.title, "DocumentTitle")
            text = label(kind.description, "HelpText")
            lines.addWidget(title)
            lines.addWidget(text)
            card.setFixedWidth(330)
            item.setSizeHint(card.sizeHint().expandedTo(card.minimumSizeHint()))
            self.documents.addItem(item)
            self.documents.setItemWidget(item, card)
        row.addWidget(self.documents)

        options = QGroupBox("Options")
        box = QVBoxLayout(options)
        self.form = Form()
        self.contract = self.form.add(
            "contract", "Contract", QComboBox(), "Figures for one contract, or for all your work."
        )
        period_row = QWidget()
        prow = QHBoxLayout(period_row)
        prow.setContentsMargins(0, 0, 0, 0)
        self.period = QComboBox()
        self.period.setAccessibleName("Period")
        self.start = OptionalDateEdit()
        self.end = OptionalDateEdit()
        self.start.setAccessibleName("From")
        self.end.setAccessibleName("To")
        self.to_label = label("to", wrap=False)
        prow.addWidget(self.period, 1)
        for w in (self.start, self.to_label, self.end):
            prow.addWidget(w)
        self.form.add(
            "period",
            "Period",
            period_row,
            "Returns are usually quarterly; statements cover a financial year.",
        )
        self.format = self.form.add("format", "Format", QComboBox())
        out_row = QWidget()
        out_layout = QHBoxLayout(out_row)
        out_layout.setContentsMargins(0, 0, 0, 0)
        self.out = QLineEdit()
        self.out.setAccessibleName("Save as")
        self.choose = QPushButton("Choose…")
        self.choose.clicked.connect(self.choose_file)
        out_layout.addWidget(self.out, 1)
        out_layout.addWidget(self.choose)
        self.form.add(
            "out",
            "Save as",
            out_row,
            "A temporary file is written first, so a cancelled export never spoils an earlier copy.",
        )
        logo_row = QWidget()
        logo_layout = QHBoxLayout(logo_row)
        logo_layout.setContentsMargins(0, 0, 0, 0)
        self.logo = QLineEdit()
        self.logo.setAccessibleName("Logo")
        self.logo.setPlaceholderText("No logo: the cover shows your name")
        self.logo.setClearButtonEnabled(True)
        self.choose_logo = QPushButton("Choose…")
        self.choose_logo.clicked.connect(self.pick_logo)
        logo_layout.addWidget(self.logo, 1)
        logo_layout.addWidget(self.choose_logo)
        self.form.add(
            "logo",
            "Logo for the cover (optional)",
            logo_row,
            "A PNG or JPEG of your logo, printed on the cover of PDF documents.",
        )
        self.logo_row = logo_row
        box.addWidget(self.form)
        self.tender_button = QPushButton("Write the answers and the offer in Bids…")
        self.tender_button.setToolTip(
            "The bid's questions, your answers and the commitments offered are kept in the Bids area"
        )
        self.tender_button.clicked.connect(self.open_bid)
        box.addWidget(self.tender_button, 0, Qt.AlignLeft)
        self.crp_button = QPushButton("Fill in the Carbon Reduction Plan…")
        self.crp_button.clicked.connect(self.open_crp_form)
        box.addWidget(self.crp_button, 0, Qt.AlignLeft)
        self._crp_problems: list[str] = []
        return_row = QHBoxLayout()
        self.notes_button = QPushButton("Commentary and KPI names…")
        self.notes_button.clicked.connect(self.open_return_notes)
        self.workbook_button = QPushButton("Fill the buyer's own workbook…")
        self.workbook_button.clicked.connect(self.open_buyer_workbook)
        return_row.addWidget(self.notes_button)
        return_row.addWidget(self.workbook_button)
        return_row.addStretch(1)
        box.addLayout(return_row)
        self.problem = label("", "FieldError")
        box.addWidget(self.problem)
        done = QHBoxLayout()
        self.status = label("", "Muted")
        self.open_button = QPushButton("Open folder")
        self.open_button.clicked.connect(self.open_folder)
        self.open_button.setVisible(False)
        done.addWidget(self.status, 1)
        done.addWidget(self.open_button)
        box.addLayout(done)
        box.addStretch(1)
        row.addWidget(options, 1)
        self.layout_.addWidget(self.body, 1)

        self.documents.currentRowChanged.connect(self._kind_changed)
        self.contract.currentIndexChanged.connect(self._suggest_name)
        self.period.currentIndexChanged.connect(self._period_changed)
        self.format.currentIndexChanged.connect(self._suggest_name)
        self.format.currentIndexChanged.connect(self._format_changed)
        for signal in (
            self.out.textChanged,
            self.start.dateChanged,
            self.end.dateChanged,
            self.contract.currentIndexChanged,
            self.logo.textChanged,
        ):
            signal.connect(self.validate)
        self._user_named = False
        self.out.textEdited.connect(lambda *_: setattr(self, "_user_named", True))
        remembered = app_settings().export_logos.get(str(store.path), "")
        if remembered and Path(remembered).is_file():
            self.logo.setText(remembered)  # the firm's logo, chosen once for this database
        self.refresh()
        self.documents.setCurrentRow(0)

    def showEvent(self, event):  # noqa: N802
        super().showEvent(event)
        self.standby.warm()  # the first time; again only if the last one has gone

    def on_close(self) -> None:
        """The window is closing: end the standby export child."""
        self.standby.close()

    # --- actions --------------------------------------------------------------------------

    def choose_file(self) -> None:
        kind = self.kind()
        suffix = self.format.currentData() or kind.formats[0]
        path, _ = QFileDialog.getSaveFileName(
            self, f"Save the {kind.title.lower()}", self.out.text(), f"{FORMAT_NAMES[suffix]} (*{suffix})"
        )
        if path:
            if not path.lower().endswith(suffix):
                path += suffix
            self._user_named = True
            self.out.setText(path)

    def pick_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose your logo", self.logo.text(), "Images (*.png *.jpg *.jpeg)"
        )
        if path:
            self.logo.setText(path)

    def export(self) -> None:
        """Export in a child process, which checks the document is ready to send on the
        report it has built: what the check finds is shown, and the file is written only
        if the user goes on (the report is built once for both)."""
        if not self.validate():
            return
        req, out = self.request(), Path(self.out.text().strip())
        kind = self.kind()
        self.status.setText(f"Exporting the {kind.title.lower()}…")
        self.open_button.setVisible(False)
        self.readiness_dialog = None
        self.export_task = export_with_progress(
            self,
            f"Export {kind.title.lower()}",
            self.store,
            req,
            out,
            self._done,
            self._failed,
            self.standby,
            on_confirm=self._confirm,
            on_cancelled=self._cancelled,
        )

    def _confirm(self, task, readiness) -> None:
        """The check found blockers or warnings: show them; go on writes, going back to fix
        them writes nothing."""
        from svdesk.ui.dialogs.readiness_dialog import ReadinessDialog

        self._not_sent = readiness.summary()
        self.status.setText(readiness.summary())
        dialog = ReadinessDialog(readiness, self)
        self.readiness_dialog = dialog
        dialog.accepted.connect(task.work.go_on)
        dialog.rejected.connect(task.cancel)
        dialog.open()

    def _cancelled(self) -> None:
        if self.readiness_dialog is not None and self.readiness_dialog.result() == QDialog.Rejected:
            self.status.setText(f"{self._not_sent} Nothing was exported: fix them, then export again.")
        else:
            self.status.setText("Export cancelled: nothing was written.")

    def _done(self, result) -> None:
        self.last_saved = result.path
        settings = app_settings()
        settings.export_folder = str(result.path.parent)
        if self.logo.isEnabled():  # a PDF: remember the logo (or that there is none)
            logo = self.logo.text().strip()
            if logo:
                settings.export_logos[str(self.store.path)] = logo
            else:
                settings.export_logos.pop(str(self.store.path), None)
        self.status.setText(
            f"Saved {result.path.name} in {result.path.parent} on {format_date(date.today())}."
        )
        self.open_button.setVisible(True)

    def _failed(self, message: str) -> None:
        self.status.setText(
            f"The export did not finish: {message}. Nothing was written; any earlier copy is unchanged."
        )

    def open_folder(self) -> None:
        if self.last_saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_saved.parent)))

    def check_crp(self) -> None:
        """What would get the Carbon Reduction Plan rejected, for the period chosen (a few
        hundred records at most: read at once, when the document or period changes)."""
        kind = self.kind()
        if kind is None or kind.key != "crp":
            self._crp_problems = []
            return
        from svdesk.services.carbon_plan import crp_figures

        req, start, end = self.request(), None, None
        if req is not None and req.year is not None:
            org = get_organisation(self.store)
            month = org.year_start_month if org else 4
            year = financial_year(date(req.year, month, 1), month)
            start, end = year.start, year.end
        elif req is not None and req.start and req.end:
            start, end = req.start, req.end
        self._crp_problems = crp_figures(self.store, start, end).problems

    def open_crp_form(self) -> None:
        from svdesk.ui.dialogs.crp_dialog import CrpDialog

        if CrpDialog(self.store, self).exec():
            self.status.setText("The Carbon Reduction Plan is saved.")
        self.check_crp()
        self.validate()

    def open_bid(self) -> None:
        """The tender response is written in one place, the Bids area: go there at this bid."""
        contract = self.contract.currentData(Qt.UserRole + 1)
        if contract is None:
            self.problem.setText("Choose the contract or bid the response is for.")
            self.problem.setVisible(True)
            return
        from svdesk.services.bids import list_bids

        window = self.window()
        if hasattr(window, "show_area") and any(b.contract_id == contract.id for b in list_bids(self.store)):
            window.show_area("bids").select_contract(contract.id)
            return
        # Not a bid (an active contract re-tendered, say): its offer is edited here.
        from svdesk.ui.dialogs.tender_dialog import TenderDialog

        if TenderDialog(self.store, contract, self).exec():
            self.status.setText(
                f"The offer for {contract.reference} is saved. Choose PDF, "
                "Word, the commitments schedule or plain text, then Export."
            )

    def _return_contract(self):
        contract = self.contract.currentData(Qt.UserRole + 1)
        if contract is None:
            self.problem.setText("Choose the contract the return is for.")
            self.problem.setVisible(True)
        return contract

    def open_return_notes(self) -> None:
        from svdesk.ui.dialogs.return_notes_dialog import ReturnNotesDialog

        contract = self._return_contract()
        if contract is not None and ReturnNotesDialog(self.store, contract, self).exec():
            self.status.setText(
                f"The commentary for {contract.reference} is saved; it is printed in the return."
            )

    def open_buyer_workbook(self) -> None:
        from svdesk.ui.dialogs.buyer_workbook_dialog import BuyerWorkbookDialog

        contract = self._return_contract()
        if contract is not None:
            BuyerWorkbookDialog(self.store, contract, self).exec()


__all__ = ["ReportsPage", "format_date"]
