"""Save an archive (database + evidence, optionally with a passphrase) and restore one.

Both dialogs only collect and validate the choices (Save / Restore stay disabled until they are
valid, with the reason in words); the work itself runs on a worker thread behind a progress dialog.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from svdesk.safety import crypto
from svdesk.ui.unsaved import KEEP_AND_FINISH, GuardedDialog
from svdesk.ui.widgets import label

ARCHIVE_SUFFIX = ".svdesk-archive"
ARCHIVE_FILTER = f"svdesk archives (*{ARCHIVE_SUFFIX} *.zip);;All files (*)"
MIN_PASSPHRASE = 8


def _path_row(edit: QLineEdit, browse) -> QWidget:
    row = QWidget()
    box = QHBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(edit, 1)
    button = QPushButton("Choose…")
    button.clicked.connect(browse)
    box.addWidget(button)
    return row


def _error_label() -> QWidget:
    widget = label("", "FieldError")
    widget.setVisible(False)
    return widget


def passphrase_problem(phrase: str, confirm: str | None) -> str:
    if len(phrase) < MIN_PASSPHRASE:
        return f"The passphrase must be at least {MIN_PASSPHRASE} characters."
    if confirm is not None and phrase != confirm:
        return "The two passphrases do not match."
    return ""


class ArchiveDialog(GuardedDialog):
    """Where to save the archive, and whether to protect it with a passphrase."""

    unsaved_what = "this archive's place and passphrase"
    unsaved_hint = KEEP_AND_FINISH

    def __init__(self, db_path: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Save an archive")
        self.setMinimumWidth(560)
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 20, 24, 20)
        box.setSpacing(10)
        box.addWidget(
            label(
                "An archive is one file holding this database and every evidence "
                "file, with a check of each. Keep it on a USB stick or another PC: "
                "it is how you get everything back if this PC is lost."
            )
        )
        box.addWidget(label("Save to", "SectionTitle"))
        default = db_path.parent / f"{db_path.stem}-{date.today():%Y-%m-%d}{ARCHIVE_SUFFIX}"
        self.path = QLineEdit(str(default))
        self.path.setAccessibleName("Archive file")
        box.addWidget(_path_row(self.path, self._browse))
        self.protect = QCheckBox("Protect it with a passphrase")
        self.protect.setChecked(True)
        box.addWidget(self.protect)
        box.addWidget(
            label(
                "Recommended for anything that leaves the office. Without the "
                "passphrase nobody, including you, can open the archive: write it "
                "down somewhere safe.",
                "HelpText",
            )
        )
        self.phrase = QLineEdit()
        self.phrase.setEchoMode(QLineEdit.Password)
        self.phrase.setPlaceholderText(f"Passphrase (at least {MIN_PASSPHRASE} characters)")
        self.phrase.setAccessibleName("Passphrase")
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.Password)
        self.confirm.setPlaceholderText("Type it again")
        self.confirm.setAccessibleName("Confirm passphrase")
        box.addWidget(self.phrase)
        box.addWidget(self.confirm)
        self.error = _error_label()
        box.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.save_button = buttons.addButton("Save archive", QDialogButtonBox.AcceptRole)
        self.save_button.setProperty("primary", True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        for signal in (
            self.path.textChanged,
            self.phrase.textChanged,
            self.confirm.textChanged,
            self.protect.toggled,
        ):
            signal.connect(self._revalidate)
        self._revalidate()

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Save an archive", self.path.text(), ARCHIVE_FILTER)
        if chosen:
            self.path.setText(chosen)

    def problem(self) -> str:
        if not self.path.text().strip():
            return "Choose where to save the archive."
        if self.protect.isChecked():
            typed = self.phrase.text() or self.confirm.text()
            if not typed:
                return " "  # nothing typed yet: Save disabled, no scolding
            return passphrase_problem(self.phrase.text(), self.confirm.text())
        return ""

    def _revalidate(self) -> None:
        self.phrase.setEnabled(self.protect.isChecked())
        self.confirm.setEnabled(self.protect.isChecked())
        problem = self.problem()
        self.error.setText(problem.strip())
        self.error.setVisible(bool(problem.strip()))
        self.save_button.setEnabled(not problem)

    def out_path(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix else path.with_suffix(ARCHIVE_SUFFIX)

    def passphrase(self) -> str | None:
        return self.phrase.text() if self.protect.isChecked() else None


class RestoreDialog(GuardedDialog):
    """Which archive, which new database file, and the passphrase if the archive has one."""

    unsaved_what = "the archive, file and passphrase you chose"
    unsaved_hint = KEEP_AND_FINISH

    def __init__(self, current_db: Path, archive: Path | None = None, parent=None):
        super().__init__(parent)
        self.current_db = current_db.resolve()
        self.setWindowTitle("Restore an archive")
        self.setMinimumWidth(560)
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 20, 24, 20)
        box.setSpacing(10)
        box.addWidget(
            label(
                "svdesk checks every file in the archive before anything is "
                "written. The archive is restored into a database file of its own; "
                "if that file already exists it is backed up first."
            )
        )
        box.addWidget(label("Archive", "SectionTitle"))
        self.archive = QLineEdit(str(archive or ""))
        self.archive.setAccessibleName("Archive file")
        box.addWidget(_path_row(self.archive, self._browse_archive))
        box.addWidget(label("Restore into", "SectionTitle"))
        self.target = QLineEdit()
        self.target.setAccessibleName("New database file")
        box.addWidget(_path_row(self.target, self._browse_target))
        self.phrase = QLineEdit()
        self.phrase.setEchoMode(QLineEdit.Password)
        self.phrase.setPlaceholderText("Passphrase the archive was saved with")
        self.phrase.setAccessibleName("Passphrase")
        box.addWidget(self.phrase)
        self.error = _error_label()
        box.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.restore_button = buttons.addButton("Check and restore", QDialogButtonBox.AcceptRole)
        self.restore_button.setProperty("primary", True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.archive.textChanged.connect(self._archive_changed)
        for signal in (self.target.textChanged, self.phrase.textChanged):
            signal.connect(self._revalidate)
        self._archive_changed()

    def _browse_archive(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Choose an archive", self.archive.text(), ARCHIVE_FILTER
        )
        if chosen:
            self.archive.setText(chosen)

    def _browse_target(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Restore into", self.target.text(), "svdesk databases (*.svdesk)"
        )
        if chosen:
            self.target.setText(chosen)

    def _archive_changed(self) -> None:
        archive = self.archive_path()
        if archive and not self.target.text():
            stem = archive.name.split(".")[0]
            self.target.setText(str(self.current_db.parent / f"{stem}-restored.svdesk"))
        self.phrase.setVisible(self.encrypted())
        self._revalidate()

    def archive_path(self) -> Path | None:
        text = self.archive.text().strip()
        return Path(text).expanduser() if text else None

    def target_path(self) -> Path:
        return Path(self.target.text().strip()).expanduser()

    def encrypted(self) -> bool:
        archive = self.archive_path()
        try:
            return bool(archive and archive.is_file() and crypto.is_encrypted(archive))
        except OSError:
            return False

    def problem(self) -> str:
        archive = self.archive_path()
        if archive is None:
            return "Choose the archive to restore."
        if not archive.is_file():
            return f"There is no file at {archive}."
        if not self.target.text().strip():
            return "Choose the database file to restore into."
        if self.target_path().resolve() == self.current_db:
            return (
                "That is the database you have open. Restore into a new file, then open it "
                "(your current database stays as it is)."
            )
        if self.encrypted() and not self.phrase.text():
            return "This archive is protected: enter its passphrase."
        return ""

    def _revalidate(self) -> None:
        problem = self.problem()
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
        self.restore_button.setEnabled(not problem)

    def passphrase(self) -> str | None:
        return self.phrase.text() if self.encrypted() else None
