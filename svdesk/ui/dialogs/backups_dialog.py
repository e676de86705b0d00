"""Backups: the automatic copies of this database, and the archive / restore actions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
)

from svdesk.formatting import format_date
from svdesk.progress import Progress
from svdesk.safety import backup
from svdesk.safety.archive import create_archive
from svdesk.safety.restore import ErasedPeopleWouldReturn, restore_archive
from svdesk.ui import tasks
from svdesk.ui.dialogs.archive_dialogs import ArchiveDialog, RestoreDialog
from svdesk.ui.table_model import Column, RowsModel, SortFilterModel, setup_table
from svdesk.ui.widgets import EmptyState, label, primary_button


def _kind(b: backup.BackupFile) -> str:
    if b.automatic:
        return "Automatic"
    if "before-restore" in b.path.name:
        return "Before a restore"
    return "Before an upgrade" if "before-upgrade" in b.path.name else "Manual"


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{max(1, n // 1000)} KB"


COLUMNS = [
    Column("Taken", lambda b: b.taken, lambda b: f"{format_date(b.taken.date())} {b.taken:%H:%M}"),
    Column("Kind", _kind),
    Column("Size", lambda b: b.size, lambda b: _size(b.size), numeric=True),
    Column("File", lambda b: b.path.name, tooltip=lambda b: str(b.path)),
]


def archive_job(db: Path | str, out: Path, passphrase: str | None):
    """db: the database file, or a PostgreSQL URL (the archive then holds a file copy of it)."""

    def job(_cancel):
        yield Progress(0, None, "Copying the database and evidence files into the archive…")
        return create_archive(db, out, passphrase=passphrase)

    return job


def restore_job(archive: Path, target: Path, passphrase: str | None, allow_erased: bool = False):
    """Returns the RestoreResult, or the ErasedPeopleWouldReturn refusal (nothing written) for
    the window to ask about."""

    def job(_cancel):
        yield Progress(0, None, "Checking every file in the archive…")
        try:
            return restore_archive(archive, target, passphrase=passphrase, allow_erased=allow_erased)
        except ErasedPeopleWouldReturn as exc:
            return exc

    return job


def confirm_erased_return(parent, refusal: ErasedPeopleWouldReturn) -> bool:
    people = "person" if refusal.count == 1 else "people"
    box = QMessageBox(
        QMessageBox.Warning,
        "Erased people would come back",
        f"This archive holds {refusal.count} {people} you have erased since it was "
        "made.\n\nRestoring it brings back their personal data (references, "
        "postcodes, pay). If you restore it, erase them again afterwards.",
        QMessageBox.NoButton,
        parent,
    )
    go = box.addButton("Restore anyway", QMessageBox.DestructiveRole)
    box.addButton("Cancel", QMessageBox.RejectRole)
    box.exec()
    return box.clickedButton() is go


class BackupsDialog(QDialog):
    def __init__(self, store, parent=None, open_database=None):
        super().__init__(parent)
        self.store = store
        self.open_database = open_database  # callback(path) to open a restored database
        self.setWindowTitle("Backups")
        self.setMinimumSize(720, 480)
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 20, 24, 20)
        box.setSpacing(10)
        box.addWidget(label("Backups", "PageTitle"))
        box.addWidget(
            label(
                "svdesk copies this database when you open it (once a day) and when you close it, "
                f"and keeps the last {backup.KEEP_DAILY} days, {backup.KEEP_WEEKLY} weeks and "
                f"{backup.KEEP_MONTHLY} months. Backups stay on this PC: save an archive to a USB "
                "stick or another PC as well, so a lost or broken PC loses nothing.",
                "PagePurpose",
            )
        )
        self.stack = QStackedWidget()
        self.empty = EmptyState(
            "No backups yet",
            "svdesk makes the first one when you close it. Choose Back up now to make one straight away.",
        )
        self.stack.addWidget(self.empty)
        self.table = QTableView()
        self.model = RowsModel(COLUMNS, self)
        self.sorted = SortFilterModel(self)
        self.sorted.setSourceModel(self.model)
        setup_table(self.table, self.sorted)
        self.table.sortByColumn(0, Qt.DescendingOrder)
        self.table.setAccessibleName("Backups of this database")
        self.stack.addWidget(self.table)
        box.addWidget(self.stack, 1)
        row = QHBoxLayout()
        self.backup_button = primary_button("Back up now", self.back_up_now)
        self.archive_button = QPushButton("Save an archive…")
        self.archive_button.clicked.connect(self.save_archive)
        self.restore_button = QPushButton("Restore an archive…")
        self.restore_button.clicked.connect(self.restore)
        self.folder_button = QPushButton("Open backups folder")
        self.folder_button.clicked.connect(self.open_folder)
        for button in (self.backup_button, self.archive_button, self.restore_button, self.folder_button):
            row.addWidget(button)
        row.addStretch(1)
        box.addLayout(row)
        self.status = label("", "HelpText")
        box.addWidget(self.status)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        box.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        rows = backup.list_backups(self.store.path)
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        self.table.resizeColumnsToContents()

    def back_up_now(self) -> None:
        try:
            path = backup.take_backup(self.store.path)
            backup.rotate(self.store.path)
        except backup.SafetyError as exc:
            QMessageBox.warning(self, "Back up now", str(exc))
            return
        self.status.setText(f"Backed up to {path}")
        self.refresh()

    def open_folder(self) -> None:
        folder = backup.backup_folder(self.store.path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def save_archive(self) -> None:
        dialog = ArchiveDialog(self.store.path, self)
        if not dialog.exec():
            return
        out = dialog.out_path()

        def done(info) -> None:
            locked = "protected with your passphrase" if info.encrypted else "not encrypted"
            self.status.setText(f"Saved {info.path} ({info.evidence_files} evidence files, {locked}).")
            QMessageBox.information(
                self,
                "Archive saved",
                f"Saved {info.path}.\n\nIt holds the "
                f"database and {info.evidence_files} evidence file(s), "
                f"{locked}.",
            )

        tasks.run_with_progress(
            self,
            "Saving an archive",
            archive_job(
                self.store.where if self.store.is_postgres else self.store.path, out, dialog.passphrase()
            ),
            done,
        )

    def restore(self) -> None:
        def open_it(path: Path) -> None:
            self.accept()
            self.open_database(path)

        restore_flow(self, self.store.path, None, open_it if self.open_database else None)


def restore_flow(parent, current_db: Path, archive: Path | None = None, open_database=None):
    """Ask which archive (pre-filled when given) and where to, then check and restore it on a
    worker, and offer to open the result. Returns the RestoreDialog (not run when cancelled)."""
    dialog = RestoreDialog(current_db, archive, parent=parent)
    if not dialog.exec():
        return dialog
    target = dialog.target_path()

    def done(result) -> None:
        if isinstance(result, ErasedPeopleWouldReturn):
            if confirm_erased_return(parent, result):
                tasks.run_with_progress(
                    parent,
                    "Restoring an archive",
                    restore_job(dialog.archive_path(), target, dialog.passphrase(), True),
                    done,
                    kind=tasks.Kind.WRITE,
                )
            return
        lines = [f"Restored {result.db_path} with {result.evidence_files} evidence file(s)."]
        if result.migrated:
            lines.append("It was upgraded to this version of svdesk.")
        if result.previous_backup:
            lines.append(f"The file it replaced was backed up to {result.previous_backup}.")
        box = QMessageBox(
            QMessageBox.Information, "Archive restored", "\n".join(lines), QMessageBox.NoButton, parent
        )
        open_it = box.addButton("Open it now", QMessageBox.AcceptRole)
        box.addButton("Not now", QMessageBox.RejectRole)
        box.exec()
        if box.clickedButton() is open_it and open_database:
            open_database(result.db_path)

    tasks.run_with_progress(
        parent,
        "Restoring an archive",
        restore_job(dialog.archive_path(), target, dialog.passphrase()),
        done,
        kind=tasks.Kind.WRITE,
    )
    return dialog
