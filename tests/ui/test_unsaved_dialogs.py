"""Issue #20.5: Escape or Cancel in any dialog with changes asks before discarding them.

Every QDialog in svdesk.ui is either guarded (svdesk.ui.unsaved) or listed below as a window
that holds nothing the user could lose; the option and import dialogs ask once a file is chosen
or a field is typed in, and never after their work is done."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

import svdesk.ui
from svdesk.ui import unsaved
from tests.unit.people_helpers import firm_store  # noqa: F401

# Windows that show or act at once: nothing typed waits for a Save.
NOTHING_TO_LOSE = {
    "WelcomeDialog": "first start: a choice of three buttons",
    "HelpWindow": "help: reading only",
    "BankRulesDialog": "the rules list: Remove acts at once",
    "BackupsDialog": "backups list: each button acts at once",
    "ProxyListDialog": "proxy list: edits happen in the guarded edit dialog",
    "MeasureLibraryDialog": "measure list: edits happen in the guarded edit dialog",
    "FigureDetailDialog": "how a figure was worked out: reading only",
    "ReadinessDialog": "the ready-to-send check: reading only",
    "ConflictDialog": "a choice of three buttons; closing it goes back to the form, typed work intact",
}


def _dialog_classes() -> dict[str, type]:
    for info in pkgutil.walk_packages(svdesk.ui.__path__, "svdesk.ui."):
        importlib.import_module(info.name)
    found: dict[str, type] = {}
    todo = list(QDialog.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("svdesk.ui."):
            found[cls.__name__] = cls
    return found


def test_every_dialog_asks_before_discarding_or_has_nothing_to_lose():
    classes = _dialog_classes()
    assert "ImportWizard" in classes and "PersonDialog" in classes  # the walk found them
    unguarded = {
        name
        for name, cls in classes.items()
        if not issubclass(cls, unsaved.UnsavedChangesMixin) and name not in NOTHING_TO_LOSE
    }
    assert unguarded == set(), f"dialogs that drop typed work without asking: {sorted(unguarded)}"
    stale = set(NOTHING_TO_LOSE) - set(classes)
    assert stale == set(), f"listed as viewers but no longer exist: {sorted(stale)}"


questions_hints: dict[int, list[str]] = {}  # the "Keep editing to …" line asked with each


@pytest.fixture
def asked(monkeypatch):
    """The questions asked; the user answers "Keep editing"."""
    questions: list[str] = []

    def keep(parent, what, hint=unsaved.KEEP_AND_SAVE):
        questions.append(what)
        hints.append(hint)
        return False

    hints: list[str] = []
    questions_hints[id(questions)] = hints

    monkeypatch.setattr(unsaved, "ask_discard", keep)
    return questions


def _escape(qtbot, dialog) -> None:
    qtbot.keyClick(dialog, Qt.Key_Escape)


def test_import_wizard_asks_once_a_file_is_chosen(qtbot, firm_store, asked, tmp_path):
    from svdesk.ui.spend.import_wizard import ImportWizard

    wizard = ImportWizard(firm_store, "spend")
    qtbot.addWidget(wizard)
    wizard.show()
    _escape(qtbot, wizard)
    assert asked == [] and not wizard.isVisible()  # nothing chosen: closes at once

    wizard = ImportWizard(firm_store, "spend")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_edit.setText(str(tmp_path / "bills November.csv"))
    _escape(qtbot, wizard)
    assert asked == ["this import (the file and columns you chose)"]
    assert questions_hints[id(asked)] == [unsaved.KEEP_AND_FINISH]  # finish the import, not "save"
    assert wizard.isVisible()  # "Keep editing": still open, the file still chosen
    wizard.cancel_button.click()
    assert len(asked) == 2 and wizard.isVisible()


def test_archive_dialog_asks_about_a_typed_passphrase(qtbot, asked, tmp_path):
    from svdesk.ui.dialogs.archive_dialogs import ArchiveDialog, RestoreDialog

    dialog = ArchiveDialog(tmp_path / "firm.svdesk")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.phrase.setText("correct horse battery")
    _escape(qtbot, dialog)
    assert asked == ["this archive's place and passphrase"] and dialog.isVisible()

    restore = RestoreDialog(tmp_path / "firm.svdesk")
    qtbot.addWidget(restore)
    restore.show()
    _escape(qtbot, restore)
    assert len(asked) == 1 and not restore.isVisible()  # untouched: no question


def test_payroll_import_asks_once_a_file_is_chosen_and_not_after_importing(
    qtbot, firm_store, asked, tmp_path
):
    from svdesk.ui.dialogs.payroll_dialog import PayrollImportDialog

    dialog = PayrollImportDialog(firm_store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path = tmp_path / "BrightPay employees.csv"  # what choosing a file sets first
    _escape(qtbot, dialog)
    assert asked == ["this import (the file and columns you chose)"] and dialog.isVisible()
    dialog.result = object()  # imported: the work is saved
    _escape(qtbot, dialog)
    assert len(asked) == 1 and not dialog.isVisible()


def test_proxy_import_asks_once_a_sheet_is_read(qtbot, firm_store, asked):
    from svdesk.ui.dialogs.proxy_dialogs import ProxyImportDialog

    dialog = ProxyImportDialog(firm_store, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.default_source.setText("Salford tender pack proxy sheet")
    _escape(qtbot, dialog)
    assert len(asked) == 1 and "proxy sheet" in asked[0] and dialog.isVisible()
