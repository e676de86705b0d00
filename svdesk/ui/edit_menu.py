"""The Edit menu's Undo and Redo (Ctrl+Z; Ctrl+Shift+Z or Ctrl+Y) for the main window.

The work is done by svdesk.services.undo: this only names the step in the menu ("Undo delete
person"), runs it, says so in the status bar and refreshes the page on screen.

- add_undo_actions(window, menu): put Undo and Redo at the top of the window's Edit menu (call it
  where the Edit menu is built).
- attach(window, store): the main window calls it when a database is open, so the actions undo
  that database's changes. Without an earlier add_undo_actions it uses window.edit_menu, or makes
  a minimal Edit menu before Help.
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


def _menu(window: QMainWindow):
    menu = getattr(window, "edit_menu", None)
    if menu is not None:
        return menu
    bar = window.menuBar()
    help_action = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
    menu = bar.addMenu("&Edit")
    if help_action is not None:
        bar.insertMenu(help_action, menu)
    window.edit_menu = menu
    return menu


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


def add_undo_actions(window: QMainWindow, menu) -> UndoActions:
    """Put Undo and Redo at the top of `menu` (the window's Edit menu); once per window."""
    actions = getattr(window, "undo_actions", None)
    if actions is None:
        actions = window.undo_actions = UndoActions(window, menu)
        if getattr(window, "store", None) is not None:
            actions.attach(window.store)
    return actions


def attach(window: QMainWindow, store) -> UndoActions:
    """Give the window Undo and Redo for this database (again on switching databases)."""
    actions = getattr(window, "undo_actions", None)
    if actions is None:
        actions = add_undo_actions(window, _menu(window))
    actions.attach(store)
    return actions


__all__ = ["UndoActions", "add_undo_actions", "attach"]
