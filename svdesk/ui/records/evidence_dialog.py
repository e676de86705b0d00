"""Attach evidence files to one or more records: choose files or drop them on the dialog,
say what they are, see a preview of images and PDFs before saving."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from svdesk.services import evidence
from svdesk.services.validation import ValidationError
from svdesk.ui.forms import Form, OptionalDateEdit
from svdesk.ui.records.file_preview import FilePreview
from svdesk.ui.records.keyed_combo import combo, set_combo
from svdesk.ui.unsaved import GuardedDialog
from svdesk.ui.widgets import label

PREVIEW_SIZE = 220


def dropped_files(mime) -> list[Path]:
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile() and Path(u.toLocalFile()).is_file()]


class AttachEvidenceDialog(GuardedDialog):
    unsaved_what = "this evidence"

    def __init__(
        self, store, links: list[tuple[str, int]], files: list[Path] = (), parent=None, what: str = ""
    ):
        super().__init__(parent)
        self.store = store
        self.links = list(links)
        self.added: list[evidence.EvidenceData] = []
        self.setWindowTitle("Attach evidence")
        self.setAcceptDrops(True)
        self.resize(720, 580)
        outer = QVBoxLayout(self)
        intro = (
            "Add the files that prove this record: a timesheet, an attendance sheet, a "
            "photo, a certificate. svdesk keeps its own unchangeable copy of each file."
        )
        outer.addWidget(label(f"For: {what}" if what else "", "SectionTitle"))
        outer.addWidget(label(intro, "Muted"))
        row = QHBoxLayout()
        left = QVBoxLayout()
        self.file_list = QListWidget()
        self.file_list.setAccessibleName("Files to attach")
        self.file_list.currentRowChanged.connect(self._show_preview)
        left.addWidget(label("Files (choose them, or drag them here) *"))
        left.addWidget(self.file_list, 1)
        buttons = QHBoxLayout()
        choose = QPushButton("Choose files…")
        choose.clicked.connect(self.choose_files)
        remove = QPushButton("Remove")
        remove.clicked.connect(self._remove_selected)
        buttons.addWidget(choose)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        left.addLayout(buttons)
        row.addLayout(left, 1)
        self.preview = FilePreview(PREVIEW_SIZE, "No preview")
        self.preview.setFixedWidth(PREVIEW_SIZE + 24)
        row.addWidget(self.preview)
        outer.addLayout(row, 1)
        self.form = Form(columns=2)
        self.caption = self.form.add(
            "caption", "Caption", QLineEdit(), "What it shows, e.g. “Signed attendance sheet”.", span=2
        )
        self.type = self.form.add("evidence_type", "Type", combo(evidence.EVIDENCE_TYPES))
        self.date = self.form.add("evidence_date", "Date of the evidence", OptionalDateEdit())
        self.date.set_value(date.today())
        outer.addWidget(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.Save)
        self.save_button.setText("Attach")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.files: list[Path] = []
        self.add_files(list(files))

    def add_files(self, files: list[Path]) -> None:
        for path in files:
            if path not in self.files:
                self.files.append(path)
                self.file_list.addItem(path.name)
        if files and all(p.suffix.lower() in evidence.IMAGE_SUFFIXES for p in self.files):
            set_combo(self.type, "photo")
        if self.files and not self.caption.text():
            self.caption.setText(self.files[0].stem.replace("-", " ").replace("_", " "))
        if self.file_list.currentRow() < 0 and self.files:
            self.file_list.setCurrentRow(0)
        self._update()

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            "Choose evidence files",
            "",
            "Evidence (*.pdf *.png *.jpg *.jpeg *.gif *.docx *.xlsx *.csv *.txt);;All files (*)",
        )
        self.add_files([Path(n) for n in names])

    def _remove_selected(self) -> None:
        row = self.file_list.currentRow()
        if row >= 0:
            self.file_list.takeItem(row)
            del self.files[row]
        self._update()

    def _show_preview(self, row: int) -> None:
        if not 0 <= row < len(self.files):
            self.preview.show_text("No preview")
            return
        path = self.files[row]
        self.preview.show_file(
            path, f"{path.suffix.upper().lstrip('.') or 'This'} file\n(no picture preview)"
        )

    def _update(self) -> None:
        self.save_button.setEnabled(bool(self.files))
        self.save_button.setToolTip("" if self.files else "Choose at least one file first.")

    def dragEnterEvent(self, event):  # noqa: N802
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802
        self.add_files(dropped_files(event.mimeData()))
        event.acceptProposedAction()

    def accept(self) -> None:
        if not self.files:
            return
        try:
            for path in self.files:
                self.added.append(
                    evidence.add_evidence(
                        self.store,
                        path,
                        caption=self.caption.text(),
                        evidence_date=self.date.value(),
                        evidence_type=self.type.currentData(),
                        links=self.links,
                    )
                )
        except ValidationError as exc:
            self.form.show_errors({"caption": "; ".join(exc.errors.values())}, all_fields=True)
            return
        except OSError as exc:
            self.form.show_errors(
                {"caption": f"svdesk could not copy the file: {exc.strerror or exc}."}, all_fields=True
            )
            return
        super().accept()


class EvidenceDetailsDialog(GuardedDialog):
    """Change what is said about a stored file (caption, type, date); the file never changes."""

    unsaved_what = "this evidence"

    def __init__(self, store, item: evidence.EvidenceData, parent=None):
        super().__init__(parent)
        self.store = store
        self.item = item
        self.setWindowTitle("Evidence details")
        outer = QVBoxLayout(self)
        outer.addWidget(label(f"File: {item.original_name}", "Muted"))
        self.form = Form()
        self.caption = self.form.add("caption", "Caption", QLineEdit())
        self.type = self.form.add("evidence_type", "Type", combo(evidence.EVIDENCE_TYPES))
        self.date = self.form.add("evidence_date", "Date of the evidence", OptionalDateEdit())
        self.caption.setText(item.caption)
        set_combo(self.type, item.evidence_type)
        self.date.set_value(item.evidence_date)
        outer.addWidget(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)

    def accept(self) -> None:
        evidence.update_evidence(
            self.store,
            self.item.id,
            caption=self.caption.text(),
            evidence_date=self.date.value(),
            evidence_type=self.type.currentData(),
        )
        super().accept()
