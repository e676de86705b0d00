"""Ask before throwing work away: a form dialog with changes asks "Discard your changes to this
contract?" when it is cancelled (Cancel, Escape or the window's close button).

One mixin for every form dialog: the values of its fields are noted when it first shows and
compared when it is cancelled. Saving (accept) never asks. A dialog that fills its fields after it
shows (read in the background) calls mark_clean() once they are in; a dialog that knows better
what "changed" means overrides has_unsaved_changes().
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

# widget.setProperty(IGNORE, True): not part of the record (a search box, a filter)
IGNORE = "unsaved_ignore"


KEEP_AND_SAVE = "Keep editing to go back and save them."
KEEP_AND_FINISH = "Keep editing to go back and finish it."  # an import, an archive, a restore


def ask_discard(parent: QWidget, what: str, hint: str = KEEP_AND_SAVE) -> bool:
    """ "Discard your changes to this contract?" True when the user chose Discard."""
    box = QMessageBox(
        QMessageBox.Warning,
        "Unsaved changes",
        f"Discard your changes to {what}?",
        QMessageBox.NoButton,
        parent,
    )
    box.setInformativeText(hint)
    discard = box.addButton("Discard", QMessageBox.DestructiveRole)
    keep = box.addButton("Keep editing", QMessageBox.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


def _value(widget: QWidget):
    """The value a user can change in an input widget, or None for anything else."""
    if widget.property(IGNORE):
        return None
    parent = widget.parentWidget()
    if isinstance(parent, (QAbstractSpinBox, QComboBox)):
        return None  # the line edit inside a spin box or combo: its owner is compared
    if isinstance(widget, QLineEdit):
        return None if widget.isReadOnly() else ("text", widget.text())
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return None if widget.isReadOnly() else ("text", widget.toPlainText())
    if isinstance(widget, QComboBox):
        if widget.count() == 0:
            return None  # not filled yet: its first items are not a change
        return ("choice", widget.currentText(), widget.currentIndex())
    if isinstance(widget, QAbstractSpinBox):
        return None if widget.isReadOnly() else ("text", widget.text())
    if isinstance(widget, QListWidget):  # chosen items (local authorities, files)
        items = [widget.item(i) for i in range(widget.count())]
        return ("items", [(i.text(), int(i.checkState().value)) for i in items])
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return ("checked", widget.isChecked())
    return None


def field_values(root: QWidget) -> list[tuple[QWidget, object]]:
    out = []
    for widget in root.findChildren(QWidget):
        value = _value(widget)
        if value is not None:
            out.append((widget, value))
    return out


class UnsavedChangesMixin:
    """Mix into a QDialog (before QDialog): cancelling with changes asks first."""

    unsaved_what = "these details"  # "this contract", "this person", …
    unsaved_hint = KEEP_AND_SAVE  # what "Keep editing" leads to (KEEP_AND_FINISH: an import)

    _unsaved_snapshot: list | None = None

    def mark_clean(self) -> None:
        """The fields as they are now count as unchanged (after loading, or after a save)."""
        self._unsaved_snapshot = field_values(self)

    def has_unsaved_changes(self) -> bool:
        if self._unsaved_snapshot is None:
            return False  # never shown: nothing the user typed
        for widget, before in self._unsaved_snapshot:
            try:
                if _value(widget) != before:
                    return True
            except RuntimeError:  # the widget was deleted (a rebuilt part of the form)
                continue
        return False

    def showEvent(self, event):  # noqa: N802
        if self._unsaved_snapshot is None:
            self.mark_clean()
        super().showEvent(event)

    def reject(self) -> None:
        if self.has_unsaved_changes() and not ask_discard(self, self.unsaved_what, self.unsaved_hint):
            return  # keep editing: the dialog stays open (a close event is ignored too)
        super().reject()


class GuardedDialog(UnsavedChangesMixin, QDialog):
    """A QDialog whose Cancel, Escape and close button ask before discarding changes."""


__all__ = [
    "GuardedDialog",
    "IGNORE",
    "KEEP_AND_FINISH",
    "KEEP_AND_SAVE",
    "UnsavedChangesMixin",
    "ask_discard",
    "field_values",
]
