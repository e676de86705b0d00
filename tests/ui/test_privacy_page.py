"""Privacy & data page, Backups dialog, archive/restore dialogs, and the lock at window level."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QMessageBox

from svdesk.safety import backup
from svdesk.safety.archive import create_archive
from svdesk.safety.lock import lock_path_for
from svdesk.services.contracts import find_contract
from svdesk.ui.dialogs.archive_dialogs import ArchiveDialog, RestoreDialog
from svdesk.ui.dialogs.backups_dialog import BackupsDialog, archive_job, restore_job
from svdesk.ui.pages.privacy import PrivacyPage, check_job


def _run(job):
    gen = job(None)
    try:
        while True:
            next(gen)
    except StopIteration as stop:
        return stop.value


def _shown(qtbot, page: PrivacyPage) -> PrivacyPage:
    """Wait for the page's background read to be shown."""
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    return page


def test_privacy_page_lists_personal_data_and_change_history(qtbot, demo_store):
    page = PrivacyPage(demo_store)
    qtbot.addWidget(page)
    _shown(qtbot, page)
    texts = [w.text() for w in page.findChildren(type(page.header.title))]
    assert any(t.startswith("Change history (audit trail) · ") for t in texts)
    assert any(t == "Backups and archives" for t in texts)
    assert any(t.startswith("No backup yet") for t in texts)
    contract = find_contract(demo_store, "SCC-PR-2025-041")
    from dataclasses import replace as copy_with

    from svdesk.services.contracts import save_contract

    save_contract(demo_store, copy_with(contract, value_pence=190_000_00))
    page.refresh()
    _shown(qtbot, page)
    rows = page.history_model.rows
    assert 0 < len(rows) <= 200 and all(e.user for e in rows)
    latest = max(rows, key=lambda e: e.at)
    assert (latest.table, latest.record_id, latest.action) == ("contract", str(contract.id), "update")
    assert latest.summary() == "value: £186,000.00 → £190,000.00"


def test_check_result_is_shown_in_words(qtbot, demo_store):
    page = PrivacyPage(demo_store)
    qtbot.addWidget(page)
    page.report = _run(check_job(demo_store))
    page.refresh()
    texts = [w.text() for w in page.findChildren(type(page.header.title)) if w.isVisibleTo(page)]
    assert "● No problems found" in texts


def test_backups_dialog_backs_up_now_and_lists_it(qtbot, demo_store):
    dialog = BackupsDialog(demo_store)
    qtbot.addWidget(dialog)
    assert dialog.stack.currentWidget() is dialog.empty
    dialog.back_up_now()
    assert dialog.stack.currentWidget() is dialog.table
    assert dialog.model.rowCount() == 1
    assert dialog.model.data(dialog.model.index(0, 1)) == "Automatic"
    assert "Backed up to" in dialog.status.text()


def test_archive_dialog_validates_the_passphrase_as_typed(qtbot, demo_store):
    dialog = ArchiveDialog(demo_store.path)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled() and not dialog.error.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.phrase, "short")
    assert dialog.error.text() == "The passphrase must be at least 8 characters."
    qtbot.keyClicks(dialog.phrase, " and long")
    qtbot.keyClicks(dialog.confirm, "short and lon")
    assert dialog.error.text() == "The two passphrases do not match."
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.confirm, "g")
    assert dialog.save_button.isEnabled() and dialog.passphrase() == "short and long"
    dialog.protect.setChecked(False)
    assert dialog.save_button.isEnabled() and dialog.passphrase() is None
    assert dialog.out_path().name.endswith(".svdesk-archive")


def test_restore_dialog_refuses_the_open_database_and_asks_for_the_passphrase(qtbot, demo_store, tmp_path):
    archive = tmp_path / "nightly.svdesk-archive"
    _run(archive_job(demo_store.path, archive, "Regent Road 2026"))
    dialog = RestoreDialog(demo_store.path, archive)
    qtbot.addWidget(dialog)
    assert dialog.target_path().name == "nightly-restored.svdesk"
    assert dialog.encrypted() and dialog.error.text().startswith("This archive is protected")
    qtbot.keyClicks(dialog.phrase, "Regent Road 2026")
    assert dialog.restore_button.isEnabled()
    dialog.target.setText(str(demo_store.path))
    assert "the database you have open" in dialog.error.text()
    assert not dialog.restore_button.isEnabled()
    dialog.target.setText(str(tmp_path / "restored.svdesk"))
    result = _run(restore_job(dialog.archive_path(), dialog.target_path(), dialog.passphrase()))
    assert result.db_path == (tmp_path / "restored.svdesk").resolve()


def test_second_window_on_the_same_database_is_refused_or_read_only(qtbot, demo_store, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from svdesk.services.organisation import get_organisation, save_organisation
    from svdesk.ui.app import open_window

    asked, answer = [], [QMessageBox.No]

    def question(parent, title, text, *args):
        asked.append((title, text))
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    first = open_window(demo_store.path)
    qtbot.addWidget(first)
    assert lock_path_for(demo_store.path).exists()
    assert open_window(demo_store.path) is None
    assert asked[0][0] == "This database is already open"
    assert "already open in another svdesk window" in asked[0][1]
    answer[0] = QMessageBox.Yes
    viewer = open_window(demo_store.path)
    qtbot.addWidget(viewer)
    assert viewer.safety_session is None and "read-only" in viewer.statusBar().currentMessage()
    org = get_organisation(viewer.store)
    assert org.name == "Irwell Joinery Ltd"
    with pytest.raises(OperationalError):
        save_organisation(viewer.store, replace(org, headcount=15))
    viewer.close()
    viewer.store.close()
    assert lock_path_for(demo_store.path).exists()  # the viewer never held or released it
    first.close()
    first.store.close()
    # Closing backed up the database (on a thread, after the window went) and let go of it.
    from svdesk.ui import closing

    assert closing.wait_for(demo_store.path, 30)
    assert not lock_path_for(demo_store.path).exists()
    assert backup.list_backups(demo_store.path)


def test_restored_archive_opens_in_the_window(qtbot, demo_store, tmp_path):
    out = tmp_path / "a.zip"
    create_archive(demo_store.path, out)
    result = _run(restore_job(out, tmp_path / "b" / "b.svdesk", None))
    from svdesk.ui.app import open_window

    window = open_window(result.db_path)
    qtbot.addWidget(window)
    assert window.org_label.text() == "Irwell Joinery Ltd"
    window.close()
    window.store.close()


def test_save_archive_runs_in_the_background_and_reports(qtbot, demo_store, tmp_path, monkeypatch):
    from svdesk.safety import crypto
    from svdesk.ui.dialogs import backups_dialog

    out = tmp_path / "usb" / "irwell.svdesk-archive"

    class Chosen:
        def __init__(self, *args):
            pass

        def exec(self):
            return True

        def out_path(self):
            return out

        def passphrase(self):
            return "Regent Road 2026"

    shown = []
    monkeypatch.setattr(backups_dialog, "ArchiveDialog", Chosen)
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[1]))
    dialog = BackupsDialog(demo_store)
    qtbot.addWidget(dialog)
    dialog.save_archive()
    qtbot.waitUntil(lambda: "Saved" in dialog.status.text(), timeout=20000)
    assert shown == ["Archive saved"]
    assert "protected with your passphrase" in dialog.status.text()
    assert crypto.is_encrypted(out)


def test_problems_found_are_listed_with_what_to_do(qtbot, demo_store):
    from svdesk.safety import integrity

    def provider(store):
        return [("ab" * 32, store.evidence_dir / "ab" / "timesheet-wk32.pdf")]

    integrity.register_evidence_files(provider)
    try:
        page = PrivacyPage(demo_store)
        qtbot.addWidget(page)
        page.report = _run(check_job(demo_store))
        page.refresh()
    finally:
        integrity.unregister_evidence_files(provider)
    texts = [w.text() for w in page.findChildren(type(page.header.title)) if w.isVisibleTo(page)]
    assert "● 1 problem found" in texts
    finding = next(t for t in texts if "evidence file is missing" in t)
    assert "timesheet-wk32.pdf" in finding and "What to do: Put the files back" in finding


def test_privacy_page_visit_rebuilds_only_what_changed(qtbot, demo_store):
    page = _shown(qtbot, PrivacyPage(demo_store))
    qtbot.addWidget(page)
    assert "value: £186,000.00 → £190,000.00" not in [e.summary() for e in page.history_model.rows]
    first_card = page.items_box.itemAt(0).widget()
    resets = []
    page.history_model.modelReset.connect(lambda: resets.append(1))
    page.refresh()  # a visit with nothing written: read, nothing rebuilt
    _shown(qtbot, page)
    assert page.items_box.itemAt(0).widget() is first_card and resets == []
    contract = find_contract(demo_store, "SCC-PR-2025-041")
    from svdesk.services.contracts import save_contract

    save_contract(demo_store, replace(contract, value_pence=190_000_00))
    page.refresh()
    _shown(qtbot, page)
    assert resets  # the new change is listed (and the counts of it)
    assert "value: £186,000.00 → £190,000.00" in [e.summary() for e in page.history_model.rows]


def test_privacy_page_shows_a_backup_made_outside_the_database(qtbot, demo_store):
    page = _shown(qtbot, PrivacyPage(demo_store))
    qtbot.addWidget(page)
    assert page.backup_line.text().startswith("No backup yet")
    backup.take_backup(demo_store.path)  # as at start-up or close: no write to the database
    page.refresh()
    _shown(qtbot, page)
    assert page.backup_line.text().startswith("Last backup:")
