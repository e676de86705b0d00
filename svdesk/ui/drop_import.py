"""Drop a file on the window to import it: svdesk works out which import from what is in it.

Spend, bills and bank files open the spend import wizard with the file chosen; supplier lists
the same wizard set to suppliers; payroll exports the people import; an svdesk archive the
restore; an svdesk database is opened. Anything else (a photo, a PDF, a table that matches no
export) gets a plain message saying what can be dropped, never a column mapping. Pages that
take drops themselves (Evidence, a record's row) keep them: only what they refuse reaches here.

    DropImport(window)            # installs itself; window.drop_import.open_file(path) in tests
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from svdesk.importers.which_import import Found


log = logging.getLogger(__name__)
__all__ = ["DropImport", "dropped_paths"]


def dropped_paths(mime) -> list[Path]:
    """The local files (not folders) in a drag's data."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile() and Path(u.toLocalFile()).is_file()]


def tell(parent: QWidget, title: str, text: str) -> None:
    """A plain message (a function of its own so tests can read what the user is told)."""
    QMessageBox.information(parent, title, text)


def ask(parent: QWidget, title: str, text: str, action: str) -> bool:
    box = QMessageBox(QMessageBox.Question, title, text, QMessageBox.NoButton, parent)
    go = box.addButton(action, QMessageBox.AcceptRole)
    box.addButton(QMessageBox.Cancel)
    box.setDefaultButton(go)
    box.exec()
    return box.clickedButton() is go


class DropImport(QObject):
    """Accepts files dragged onto the main window and opens the import each one needs."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.last: tuple[Path, Found] | None = None  # the last file handled, and what it was
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        window.drop_import = self

    def eventFilter(self, obj, event):  # noqa: N802 (Qt naming)
        kind = event.type()
        if kind in (QEvent.DragEnter, QEvent.DragMove):
            if self.window.store is not None and dropped_paths(event.mimeData()):
                event.setDropAction(Qt.CopyAction)
                event.accept()
                return True
            return False
        if kind == QEvent.Drop:
            paths = dropped_paths(event.mimeData())
            if not paths or self.window.store is None:
                return False
            event.setDropAction(Qt.CopyAction)
            event.accept()
            self.drop(paths)
            return True
        return False

    def drop(self, paths: list[Path]) -> None:
        if len(paths) > 1:
            self.window.statusBar().showMessage(
                f"{len(paths)} files dropped: importing {paths[0].name}. Drop the others one at a time.",
                10000,
            )
        self.open_file(paths[0])

    def open_file(self, path: Path) -> Found:
        """Open the import `path` needs, or say plainly why it cannot be imported."""
        # Imported on the first drop, not with the window: the importers package brings every
        # file layout (~0.1 s of the GUI thread at start-up under load; issue #23 point 5).
        from svdesk.importers.which_import import Found, refusal, which_import

        window = self.window
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            found = which_import(Path(path))
        except Exception:  # a reader's fault must not lose the window: say so, log it
            log.exception("Could not tell what %s is", path)
            found = Found("none", "a file svdesk could not read")
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.last = (Path(path), found)
        log.info("Dropped %s: %s (%s)", path, found.kind, found.what)
        if not found.importable:
            tell(window, "This file cannot be imported", refusal(Path(path), found))
        elif found.kind in ("spend", "suppliers"):
            page = window.show_area("spend")
            if page is not None:
                page.import_spend(found.kind, path=Path(path))
        elif found.kind == "people":
            page = window.show_area("people")
            if page is not None:
                page.import_payroll(Path(path))
        elif found.kind == "archive":
            from svdesk.ui.dialogs.backups_dialog import restore_flow

            restore_flow(window, window.store.path, Path(path), window._switch_to)
        elif found.kind == "database":
            if Path(path).resolve() == window.store.path.resolve():
                tell(window, "Already open", f"{Path(path).name} is the database open here.")
            elif ask(
                window,
                "Open this database?",
                f"{Path(path).name} is an svdesk database. "
                "Open it in place of the one open now? Nothing is lost: every change is "
                "already saved.",
                "Open it",
            ):
                window._switch_to(Path(path))
        return found
