"""Several people at once, in the window (issue #22 point 2): the contract form asks when someone
else saved the contract meanwhile (both versions side by side), and the window picks up others'
changes on View > Refresh or its 30-second look."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from svdesk.models.audit import AuditLog
from svdesk.services.conflicts import ConflictError
from svdesk.services.contracts import ContractData, get_contract, save_contract
from svdesk.services.store import Store
from svdesk.ui.dialogs import conflict_dialog, contract_dialog
from svdesk.ui.dialogs.conflict_dialog import EDIT, KEEP_MINE, MARK, TAKE_THEIRS, ConflictDialog
from svdesk.ui.dialogs.contract_dialog import ContractDialog

pytestmark = pytest.mark.both_stores

ROOT = Path(__file__).resolve().parents[2]
WORKER = ROOT / "tests" / "unit" / "pg_multi_worker.py"
SHOTS = Path(os.environ.get("SVDESK_SHOTS", "/tmp/pg-multi-shots"))


def _contract(store) -> ContractData:
    return save_contract(
        store,
        ContractData(
            reference="SCC-1",
            title="Library repairs",
            buyer="Salford City Council",
            value_pence=120_000_00,
            start_date=date(2025, 4, 1),
            end_date=date(2027, 3, 31),
            status="won",
            site_postcode="M5 4WT",
            local_area_kind="authorities",
            local_area_codes="E08000006",
        ),
    )


def _someone_else_saves(store, contract_id: int, **changes) -> None:
    """Another window (or PC) on the same database saves the contract."""
    other = Store.open(store.where)
    try:
        theirs = get_contract(other, contract_id)
        save_contract(other, replace(theirs, **changes))
    finally:
        other.close()


def _editing(qtbot, store, monkeypatch, choice: str):
    saved = _contract(store)
    dialog = ContractDialog(store, get_contract(store, saved.id))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.buyer.setText("Salford CC (Housing)")  # what I type ...
    _someone_else_saves(store, saved.id, title="Library and museum repairs", notes="Agreed on the phone")
    asked: list[ConflictError] = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda _p, c, *_: asked.append(c) or choice)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)  # ... saved after theirs
    assert len(asked) == 1
    return saved, dialog, asked[0]


def test_keep_mine_saves_over_theirs_and_the_history_says_so(qtbot, store, monkeypatch):
    saved, dialog, conflict = _editing(qtbot, store, monkeypatch, KEEP_MINE)
    assert conflict.theirs["title"] == "Library and museum repairs"
    assert conflict.yours["buyer"] == "Salford CC (Housing)"
    assert set(conflict.differing) == {"title", "buyer", "notes"}
    assert not dialog.isVisible()
    now = get_contract(store, saved.id)
    assert (now.title, now.buyer) == ("Library repairs", "Salford CC (Housing)")
    with store.read() as s:
        last = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert "saved_over" in json.loads(last.changes)


def test_take_theirs_shows_their_version_and_saves_nothing(qtbot, store, monkeypatch):
    saved, dialog, _ = _editing(qtbot, store, monkeypatch, TAKE_THEIRS)
    assert dialog.isVisible()
    assert dialog.title_edit.text() == "Library and museum repairs"
    assert dialog.buyer.text() == "Salford City Council"
    assert not dialog.has_unsaved_changes()
    dialog.notes.setPlainText("Agreed on the phone; signed")  # and edits on from theirs
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert not dialog.isVisible()
    assert get_contract(store, saved.id).notes == "Agreed on the phone; signed"


def test_back_to_editing_keeps_what_was_typed_and_theirs_saved(qtbot, store, monkeypatch):
    saved, dialog, _ = _editing(qtbot, store, monkeypatch, EDIT)
    assert dialog.isVisible() and dialog.buyer.text() == "Salford CC (Housing)"
    now = get_contract(store, saved.id)
    assert (now.title, now.buyer) == ("Library and museum repairs", "Salford City Council")


def test_the_conflict_dialog_shows_both_versions_side_by_side(qtbot, store):
    saved = _contract(store)
    _someone_else_saves(store, saved.id, title="Library and museum repairs", value_pence=135_000_00)
    mine = replace(saved, buyer="Salford CC (Housing)")
    with pytest.raises(ConflictError) as caught:
        save_contract(store, mine)
    dialog = ConflictDialog(
        caught.value, ContractDialog.CONFLICT_CAPTIONS, choices=contract_dialog.CONFLICT_CHOICES
    )
    qtbot.addWidget(dialog)
    table = dialog.table
    rows = {
        table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
        for r in range(table.rowCount())
    }
    assert rows[MARK + "Title"] == ("Library and museum repairs", "Library repairs")
    assert rows[MARK + "Contract value"] == ("£135,000.00", "£120,000.00")
    assert rows[MARK + "Buyer"] == ("Salford City Council", "Salford CC (Housing)")
    assert rows["Reference"] == ("SCC-1", "SCC-1")  # the same: not marked
    assert rows["Status"] == ("Won", "Won")  # as the form words it
    assert table.horizontalHeaderItem(1).text().startswith("Theirs\n")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((760, 520), (1024, 680)):
        dialog.resize(width, height)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.grab().save(str(SHOTS / f"conflict-{width}x{height}.png"))
    qtbot.mouseClick(dialog.take_theirs, Qt.LeftButton)
    assert dialog.choice == TAKE_THEIRS


# --- others' changes reach the window -----------------------------------------------------------


def _worker_saves(store, contract: ContractData, title: str) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            str(WORKER),
            "anna",
            store.where,
            "save",
            str(contract.id),
            str(contract.row_version),
            title,
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1])["conflict"] is False


def test_the_window_reloads_the_page_when_another_process_changes_the_database(qtbot, store):
    from svdesk.ui.main_window import MainWindow

    demo_store = store  # (the demo firm's PostgreSQL copy needs pg-sql's port of the spend import)
    _contract(store)
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    watcher = window.outside_changes
    refresh = window.refresh_action
    assert refresh in window.view_menu.actions() and refresh.shortcut().toString() == "F5"
    page = window.show_area("contracts")
    contract = page.model.rows[0]

    save_contract(demo_store, replace(contract, notes="checked here"))  # a change from this window
    assert watcher.check() is False  # the page already shows it: nothing to say
    assert "Updated" not in window.statusBar().currentMessage()

    version = demo_store.version
    mine = get_contract(demo_store, contract.id)
    _worker_saves(demo_store, mine, "Changed by Anna")  # another process, another PC login
    assert [c.title for c in page.model.rows if c.id == contract.id] == [contract.title]
    assert watcher.check() is True
    assert demo_store.version > version  # as after a local edit: pages read again
    assert [c.title for c in page.model.rows if c.id == contract.id] == ["Changed by Anna"]
    message = window.statusBar().currentMessage()
    assert message.startswith("Updated with changes from ") and "anna" in message
    assert watcher.check() is False  # nothing new since

    refresh.trigger()  # F5: reads again at once, and says nothing changed
    assert "no one else has changed anything" in window.statusBar().currentMessage()


def test_an_activity_form_asks_too_and_take_theirs_reloads_it(qtbot, store, monkeypatch):
    from svdesk.services import activities
    from svdesk.services.activity_kinds import default_values
    from svdesk.ui.records.record_dialog import RecordDialog

    values = default_values("volunteering") | {
        "date": date(2026, 7, 3),
        "organisation_helped": "Seedley Primary School",
        "hours": 7,
    }
    loaded = activities.save_record(store, "volunteering", values)
    dialog = RecordDialog(store, "volunteering", loaded)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.widgets["hours"].setText("8")
    activities.save_record(store, "volunteering", loaded.values | {"hours": 9}, loaded.id, row_version=1)
    asked: list[ConflictError] = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda _p, c, *_: asked.append(c) or TAKE_THEIRS)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert [(c.theirs["hours"], c.yours["hours"]) for c in asked] == [(9, 8)]
    assert dialog.isVisible() and dialog.widgets["hours"].text() == "9"
    dialog.widgets["hours"].setText("10")  # from theirs, saves without asking again
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert not dialog.isVisible() and len(asked) == 1
    assert activities.get_record(store, "volunteering", loaded.id).values["hours"] == 10


def test_typing_on_the_bids_page_is_kept_when_others_save_the_same_question(qtbot, store, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from svdesk.services.bids import QuestionData, get_question, save_question
    from svdesk.ui import tasks
    from svdesk.ui.main_window import MainWindow

    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)  # no box may wait for a click here
    bid = save_contract(store, replace(_contract(store), status="opportunity"))
    question = save_question(store, QuestionData(bid.id, "How will you help local people into work?", 250))
    window = MainWindow(store)
    qtbot.addWidget(window)
    page = window.show_area("bids")
    page.select_contract(bid.id)
    qtbot.waitUntil(tasks.idle, timeout=30_000)
    assert page.question.id == question.id
    page.answer.setPlainText("Typed here: we recruit through Salford Works.")

    other = Store.open(store.where)  # another window saves the same question's answer
    try:
        save_question(other, replace(get_question(other, question.id), answer="Saved there."))
    finally:
        other.close()
    assert window.outside_changes.check() is True
    assert page.answer.toPlainText() == "Typed here: we recruit through Salford Works."  # not replaced
    message = window.statusBar().currentMessage()
    assert "save yours on this page" in message and "under your name" in message

    asked: list[ConflictError] = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda _p, c, *_: asked.append(c) or KEEP_MINE)
    assert page.save() is True
    assert [c.theirs["answer"] for c in asked] == ["Saved there."]
    assert get_question(store, question.id).answer == "Typed here: we recruit through Salford Works."
    qtbot.waitUntil(tasks.idle, timeout=30_000)
