"""Someone else saved the record being edited: both versions side by side, and a choice.

Shown by a record dialog when its save raises ConflictError (svdesk.services.conflicts). The
table lists each field with their saved value and what this person typed, the differing fields
marked; the buttons keep mine (save over theirs, noted in the audit trail), take theirs (reload
the dialog with the saved record) or go back to editing. Closing the window goes back to editing:
nothing is lost either way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svdesk.formatting import format_money
from svdesk.services.conflicts import ConflictError, compare, show_value

KEEP_MINE, TAKE_THEIRS, EDIT = "mine", "theirs", "edit"
T = TypeVar("T")
MARK = "≠ "  # beside a field whose two values differ (not by colour alone)
DIFFERS = QColor("#fff1c2")


def _shown(name: str, value: object, choices: dict[str, dict] | None = None) -> str:
    labels = (choices or {}).get(name)
    if labels and value in labels:
        return str(labels[value])
    if name.endswith("share") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value * 100:g}%"  # as the form shows a share
    if name.endswith("_pence") and (value is None or isinstance(value, int)):
        return format_money(value) or "(blank)"
    return show_value(value)


class ConflictDialog(QDialog):
    """choice is KEEP_MINE, TAKE_THEIRS or EDIT once closed."""

    def __init__(
        self,
        conflict: ConflictError,
        captions: dict[str, str] | None = None,
        parent: QWidget | None = None,
        choices: dict[str, dict] | None = None,
    ):
        """captions: field -> what the form calls it; choices: field -> {stored value: label}."""
        super().__init__(parent)
        self.conflict = conflict
        self.choice = EDIT
        noun = conflict.noun
        self.setWindowTitle(f"Someone else changed this {noun}")
        layout = QVBoxLayout(self)
        intro = QLabel(conflict.message)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        comparison = compare(conflict)
        comparison.rows.sort(key=lambda r: not r.differs)  # what differs first, in the form's order
        differing = sum(1 for r in comparison.rows if r.differs)
        if not conflict.deleted:
            hint = QLabel(
                f"{differing} field{'s differ' if differing != 1 else ' differs'} (marked {MARK.strip()} and "
                "shaded). Keeping yours saves every field as you typed it."
                if differing
                else "The fields you can see are the same in both: the change was elsewhere."
            )
            hint.setWordWrap(True)
            layout.addWidget(hint)

        theirs_head = "Deleted" if conflict.deleted else f"Theirs\n{conflict.by}\n{conflict.when}".strip()
        self.table = QTableWidget(len(comparison.rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Field", theirs_head, "Yours\nnot saved yet\n"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        bold = QFont(self.table.font())
        bold.setBold(True)
        labels = captions or {}
        for i, row in enumerate(comparison.rows):
            caption = labels.get(row.field, row.field.replace("_pence", "").replace("_", " "))
            cells = [
                (MARK if row.differs else "") + caption[:1].upper() + caption[1:],
                "" if conflict.deleted else _shown(row.field, row.theirs, choices),
                _shown(row.field, row.yours, choices),
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if row.differs:
                    item.setBackground(QBrush(DIFFERS))
                    item.setFont(bold)
                self.table.setItem(i, j, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)

        buttons = QDialogButtonBox(self)
        mine_text = f"Save mine as a new {noun}" if conflict.deleted else "Keep mine (save over theirs)"
        self.keep_mine = QPushButton(mine_text)
        self.keep_mine.setToolTip("Save what you typed. The history notes whose change it replaced.")
        self.take_theirs = QPushButton("Close without saving" if conflict.deleted else "Take theirs")
        self.take_theirs.setToolTip(
            "Discard what you typed."
            if conflict.deleted
            else "Discard what you typed and show their version."
        )
        self.back = QPushButton("Back to editing")
        self.back.setDefault(True)
        for button, role in (
            (self.keep_mine, QDialogButtonBox.ButtonRole.AcceptRole),
            (self.take_theirs, QDialogButtonBox.ButtonRole.DestructiveRole),
            (self.back, QDialogButtonBox.ButtonRole.RejectRole),
        ):
            buttons.addButton(button, role)
        self.keep_mine.clicked.connect(lambda: self._choose(KEEP_MINE))
        self.take_theirs.clicked.connect(lambda: self._choose(TAKE_THEIRS))
        self.back.clicked.connect(lambda: self._choose(EDIT))
        layout.addWidget(buttons)
        self.resize(760, 520)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        if choice == EDIT:
            self.reject()
        else:
            self.accept()

    def reject(self) -> None:  # Escape or the close button: back to editing, nothing lost
        if self.choice not in (KEEP_MINE, TAKE_THEIRS):
            self.choice = EDIT
        super().reject()


def ask_conflict(
    parent: QWidget,
    conflict: ConflictError,
    captions: dict[str, str] | None = None,
    choices: dict[str, dict] | None = None,
) -> str:
    dialog = ConflictDialog(conflict, captions, parent, choices)
    dialog.exec()
    return dialog.choice


def save_asking(
    parent: QWidget,
    save: Callable[[ConflictError | None], T],
    *,
    captions: dict[str, str] | None = None,
    choices: dict[str, dict] | None = None,
    take_theirs: Callable[[ConflictError], None] | None = None,
    save_as_new: Callable[[], T] | None = None,
) -> T | None:
    """A record dialog's save that asks when someone else saved (or deleted) the record since it
    was opened. save(over) saves, over being the conflict the person chose to save over (None
    at first). Returns what was saved, or None when the person took theirs (take_theirs then
    reloads the dialog) or went back to editing. ValidationError passes through."""
    over: ConflictError | None = None
    while True:
        try:
            if over is not None and over.deleted and save_as_new is not None:
                return save_as_new()
            return save(over)
        except ConflictError as exc:
            choice = ask_conflict(parent, exc, captions, choices)
            if choice == KEEP_MINE and (not exc.deleted or save_as_new is not None):
                over = exc
                continue
            if choice == TAKE_THEIRS and take_theirs is not None:
                take_theirs(exc)
            return None


def show_theirs(dialog, fresh) -> None:
    """ "Take theirs" in a record form: their version (fresh, read again) replaces what was typed
    and becomes what the form saves over; if they deleted the record, the form closes. The form
    keeps its record as `original` and fills its fields with `_load`."""
    if fresh is None:
        dialog.mark_clean()
        QDialog.reject(dialog)
        return
    dialog.original = fresh
    dialog._load(fresh)
    dialog.mark_clean()
