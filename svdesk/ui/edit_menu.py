"""The Edit menu's Undo and Redo (Ctrl+Z; Ctrl+Shift+Z or Ctrl+Y) for the main window.

The work is done by svdesk.services.undo: this only names the step in the menu ("Undo delete
person"), runs it, says so in the status bar and refreshes the page on screen.

- attach(window, store): the main window calls it when a database is open: Undo and Redo go at
  the top of window.edit_menu (made by svdesk.ui.menus) and undo that database's changes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

from svdesk.services import undo
from svdesk.services.validation import ValidationError


class _Relay(QObject):
    """Carries "the history changed" to the GUI thread (a background save may change it)."""

    changed = Signal()


class UndoActions:
    def __init__(self, window: QMainWindow, menu):
        self.window = window
        self.history: undo.UndoHistory | None = None
        first = menu.actions()[0] if menu.actions() else None
        self.undo_action = QAction("&Undo", window)
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.Undo)])
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction("&Redo", window)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.triggered.connect(self.redo)
        menu.insertActions(first, [self.undo_action, self.redo_action])
        if first is not None:
            menu.insertSeparator(first)
        self.relay = _Relay(window)
        self.relay.changed.connect(self.update)
        self._listener = self.relay.changed.emit
        self.update()

    def attach(self, store) -> None:
        history = undo.attach(store)
        if history is self.history:
            return
        if self.history is not None and self._listener in self.history.listeners:
            self.history.listeners.remove(self._listener)
        self.history = history
        history.listeners.append(self._listener)
        self.update()

    def update(self) -> None:
        h = self.history
        can_undo, can_redo = bool(h and h.can_undo()), bool(h and h.can_redo())
        self.undo_action.setEnabled(can_undo)
        self.redo_action.setEnabled(can_redo)
        self.undo_action.setText(f"&Undo {h.undo_label()}" if can_undo else "&Undo")
        self.redo_action.setText(f"&Redo {h.redo_label()}" if can_redo else "&Redo")
        self.undo_action.setToolTip(
            "Nothing to undo yet" if not can_undo else f"Put back what was there before: {h.undo_label()}"
        )

    def undo(self) -> None:
        self._run("undo")

    def redo(self) -> None:
        self._run("redo")

    def _run(self, which: str) -> None:
        if self.history is None:
            return
        try:
            step = getattr(self.history, which)()
        except ValidationError as exc:
            QMessageBox.warning(
                self.window, "Undo" if which == "undo" else "Redo", "\n".join(exc.errors.values())
            )
            self.update()
            return
        done = "Undone" if which == "undo" else "Redone"
        again = "Redo with Ctrl+Shift+Z." if which == "undo" else "Undo with Ctrl+Z."
        self.window.statusBar().showMessage(f"{done}: {step.label}. {again}", 8000)
        page = self.window.stack.currentWidget() if hasattr(self.window, "stack") else None
        if page is not None and hasattr(page, "refresh"):
            page.refresh()
        self.update()


def attach(window: QMainWindow, store) -> UndoActions:
    """Give the window Undo and Redo (at the top of window.edit_menu, made by svdesk.ui.menus)
    for this database; again on switching databases."""
    actions = getattr(window, "undo_actions", None)
    if actions is None:
        actions = window.undo_actions = UndoActions(window, window.edit_menu)
    actions.attach(store)
    return actions


__all__ = ["UndoActions", "attach"]
