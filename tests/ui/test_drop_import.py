"""Dropping a file on the window opens the import it needs, pre-filled; a wrong file is told
plainly what can be dropped, and never reaches a column mapping (issue 20.7)."""

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from svdesk.ui import drop_import, tasks
from svdesk.ui.dialogs.archive_dialogs import RestoreDialog
from svdesk.ui.dialogs.payroll_dialog import PayrollImportDialog
from svdesk.ui.main_window import MainWindow
from svdesk.ui.spend.import_wizard import ImportWizard
from tests.unit.test_people_payroll_import import BRIGHTPAY_HEADER, ROWS

FIXTURES = Path(__file__).parent.parent / "fixtures" / "spend"


@pytest.fixture
def window(qtbot, demo_store):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    yield window
    qtbot.waitUntil(tasks.idle, timeout=30_000)


@pytest.fixture
def opened(monkeypatch):
    """The dialogs the drop opens (not run: exec returns at once) and the messages it shows."""
    seen = {"dialogs": [], "told": []}
    for cls in (ImportWizard, PayrollImportDialog, RestoreDialog):
        monkeypatch.setattr(cls, "exec", lambda self: seen["dialogs"].append(self) or 0)
    monkeypatch.setattr(drop_import, "tell", lambda parent, title, text: seen["told"].append((title, text)))
    return seen


def _drop(window, path: Path) -> bool:
    """Drag the file over the window and let go, as the platform would: True if accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    centre = window.rect().center()
    enter = QDragEnterEvent(centre, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(centre), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, drop)
    return drop.isAccepted()


def test_a_xero_bills_file_dropped_opens_the_spend_import_with_the_file(window, opened):
    path = FIXTURES / "xero_bills.csv"
    assert _drop(window, path)
    assert window.current_area() == "spend"
    [wizard] = opened["dialogs"]
    assert isinstance(wizard, ImportWizard)
    assert wizard.file_edit.text() == str(path)
    assert wizard.kind == "spend"
    assert wizard.stack.currentIndex() == 0  # the first step, not a mapping
    assert opened["told"] == []


def test_a_bank_download_and_a_supplier_list_pick_their_import(window, opened):
    window.drop_import.open_file(FIXTURES / "xero_bank_statement.csv")
    window.drop_import.open_file(FIXTURES / "quickbooks_suppliers.csv")
    bank, suppliers = opened["dialogs"]
    assert bank.kind == "spend" and bank.file_edit.text().endswith("xero_bank_statement.csv")
    assert suppliers.kind == "suppliers"
    assert suppliers.file_edit.text().endswith("quickbooks_suppliers.csv")


def test_a_payroll_export_dropped_opens_the_people_import_with_it(window, opened, tmp_path):
    path = tmp_path / "brightpay.csv"
    path.write_text("\n".join([BRIGHTPAY_HEADER, *ROWS]) + "\n", encoding="utf-8")
    assert _drop(window, path)
    assert window.current_area() == "people"
    [dialog] = opened["dialogs"]
    assert isinstance(dialog, PayrollImportDialog)
    assert dialog.path == path and dialog.file_label.text() == "brightpay.csv"


def test_an_archive_dropped_opens_the_restore_with_it(window, opened, tmp_path, demo_store):
    from svdesk.safety.archive import create_archive

    archive = create_archive(demo_store.path, tmp_path / "firm.svdesk-archive").path
    assert window.drop_import.open_file(archive).kind == "archive"
    [dialog] = opened["dialogs"]
    assert isinstance(dialog, RestoreDialog)
    assert dialog.archive_path() == archive
    assert dialog.target.text().endswith("firm-restored.svdesk")


@pytest.mark.parametrize(
    "name, content",
    [
        ("receipt.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 200),
        ("notes.csv", b"Colour,Size,Shape\nRed,Large,Round\nBlue,Small,Square\n"),
        ("statement.csv", b"%PDF-1.7\n%binary"),
    ],
)
def test_a_wrong_file_is_told_what_can_be_dropped_never_a_mapping(window, opened, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    before = window.current_area()
    assert _drop(window, path)
    assert opened["dialogs"] == []  # no wizard, so no mapping screen
    assert window.current_area() == before
    [(title, text)] = opened["told"]
    assert title == "This file cannot be imported"
    assert text.startswith(f"{name} is ")
    assert "You can drop these on the window" in text
    assert "payroll export" in text and "svdesk archive" in text


def test_a_drag_without_files_is_not_taken(window):
    mime = QMimeData()
    mime.setText("just words")
    enter = QDragEnterEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_another_database_dropped_asks_then_opens_it(window, opened, tmp_path, monkeypatch):
    from svdesk.services.store import Store

    other = Store.open(tmp_path / "other.svdesk")
    other.close()
    answers, switched = [False, True], []
    monkeypatch.setattr(drop_import, "ask", lambda *a: answers.pop(0))
    monkeypatch.setattr(window, "_switch_to", switched.append)
    window.drop_import.open_file(other.path)  # "Cancel": nothing happens
    assert switched == []
    window.drop_import.open_file(other.path)  # "Open it"
    assert switched == [other.path]
    window.drop_import.open_file(window.store.path)
    assert opened["told"][-1][0] == "Already open"


def test_nothing_is_taken_while_the_database_is_still_opening(qtbot, tmp_path):
    window = MainWindow(None, opening=tmp_path / "x.svdesk")
    qtbot.addWidget(window)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(FIXTURES / "xero_bills.csv"))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_the_window_does_not_import_the_file_readers_until_a_file_is_dropped():
    """Every file layout (the importers package) was imported with the window, on the GUI
    thread at start-up; a drop brings them (issue #23 point 5)."""
    import subprocess
    import sys

    script = "import sys\nimport svdesk.ui.main_window\nprint('svdesk.importers' in sys.modules)\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False"]
