"""The dashboard's figures kept from the last session (issue 23 point 1): painted in the start-up
frame before the database layer is read, and only when provably still the store's figures."""

import csv
import json
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from svdesk.services import figures_snapshot
from svdesk.ui import app as app_module
from svdesk.ui import closing, tasks
from svdesk.ui.pages.dashboard_view import SnapshotDashboard

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "spend"


def _cards(page) -> dict[str, tuple[str, str]]:
    return {k: (c.value_label.text(), c.detail_label.text()) for k, c in page.cards.items()}


def _texts(widget) -> list[str]:
    from PySide6.QtWidgets import QLabel

    return [w.text() for w in widget.findChildren(QLabel) if w.text()]


def _session(qtbot, path: Path, frame_texts: list | None = None) -> tuple:
    """Start svdesk on path as at start-up, wait for the dashboard's figures, close the window
    as the user does. Returns (what the frame showed before the database was read: the cards of
    the kept figures or None, the cards the dashboard counted)."""
    window = app_module.open_progressively(path)
    qtbot.addWidget(window)
    frame = window._loading  # before any event: nothing read from the database yet
    shown_first = _cards(frame) if isinstance(frame, SnapshotDashboard) else None
    if frame_texts is not None:
        frame_texts.extend(_texts(frame))
    qtbot.waitUntil(lambda: window.store is not None, timeout=20_000)
    page = window.pages["dashboard"]
    qtbot.waitUntil(lambda: page.data is not None, timeout=30_000)
    qtbot.waitUntil(lambda: window.safety_check_done.is_set(), timeout=30_000)
    qtbot.waitUntil(tasks.idle, timeout=30_000)
    qtbot.wait(50)
    counted = _cards(page)
    window.close()
    if window in app_module._windows:
        app_module._windows.remove(window)
    assert closing.wait_for(path, 60)
    return shown_first, counted


def _demo(demo_store) -> Path:
    from svdesk.services.measures import compute_measures

    compute_measures(demo_store, None)  # the first count after setting up writes (see
    path = demo_store.path  # test_progressive_start): done here, as any earlier session did
    demo_store.close()
    return path


def test_figures_counted_in_one_session_show_at_once_at_the_next(qtbot, demo_store):
    path = _demo(demo_store)
    first, counted = _session(qtbot, path)
    assert first is None  # nothing kept yet: the frame says "Opening…"
    assert figures_snapshot.snapshot_file(path).is_file()
    kept = figures_snapshot.load(path)
    assert kept is not None and kept["organisation"] == "Irwell Joinery Ltd"
    assert kept["contract"] == "The whole organisation"

    frame_texts: list[str] = []
    again, recounted = _session(qtbot, path, frame_texts)
    assert again == counted  # painted in the frame, before the database was opened ...
    # with the "what next" card above them as it was, so nothing moves when the page comes
    steps = kept["next_steps"]
    assert steps["title"].startswith("Getting started") and steps["title"] in frame_texts
    assert [r["action"] for r in steps["rows"]] == ["Bids"]  # the demo has no bid question yet
    assert recounted == counted  # ... and the dashboard's own count agrees
    assert counted["social"][0].startswith("£")
    # the second session kept its figures too: a third start shows them again
    assert figures_snapshot.load(path) == kept


def _bill_csv(folder: Path) -> Path:
    """One new bill, dated this week, in Xero's bills layout (copied from a real export)."""
    with open(FIXTURES / "xero_bills.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, row = rows[0], list(rows[1])
    day = (date.today() - timedelta(days=2)).strftime("%d/%m/%Y")
    for name, value in (("*InvoiceNumber", "SNAP-0001"), ("*InvoiceDate", day), ("*DueDate", day)):
        row[header.index(name)] = value
    out = folder / "one-bill.csv"
    with open(out, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, row])
    return out


def test_a_spend_line_added_after_the_snapshot_is_never_shown_as_current(qtbot, demo_store, tmp_path):
    from svdesk.services.spend_import import import_spend
    from svdesk.services.store import Store

    path = _demo(demo_store)
    _, counted = _session(qtbot, path)
    assert figures_snapshot.load(path) is not None
    store = Store.open(path)  # the services, as another window or a script would
    assert import_spend(store, _bill_csv(tmp_path)).to_import == 1
    store.close()

    assert figures_snapshot.load(path) is None
    first, recounted = _session(qtbot, path)
    assert first is None  # the frame said "Opening…" rather than the old figures
    assert recounted["spend"] != counted["spend"]  # which would have been wrong


def test_an_import_from_the_command_line_after_the_snapshot_is_never_shown_as_current(
    qtbot, demo_store, tmp_path
):
    from svdesk.cli import main

    path = _demo(demo_store)
    _, counted = _session(qtbot, path)
    assert figures_snapshot.load(path) is not None
    assert main(["import", "spend", str(_bill_csv(tmp_path)), "--db", str(path)]) == 0

    assert figures_snapshot.load(path) is None
    first, recounted = _session(qtbot, path)
    assert first is None
    assert recounted["spend"] != counted["spend"]


def test_a_snapshot_is_not_used_for_a_database_at_another_path(qtbot, demo_store, tmp_path):
    path = _demo(demo_store)
    _session(qtbot, path)
    other = tmp_path / "copy" / path.name
    other.parent.mkdir()
    shutil.copy2(path, other)  # the same records, at another path (with their evidence files)
    evidence = path.with_name(path.stem + "-evidence")
    if evidence.is_dir():
        shutil.copytree(evidence, other.with_name(other.stem + "-evidence"))
    assert figures_snapshot.load(other) is None  # nothing kept for that path
    # even the kept file put where the copy's would be, and naming the copy, is refused:
    # it is not the same file
    record = json.loads(figures_snapshot.snapshot_file(path).read_text())
    record["database"] = str(other.resolve())
    figures_snapshot.snapshot_file(other).write_text(json.dumps(record))
    assert figures_snapshot.load(other) is None
    first, _ = _session(qtbot, other)
    assert first is None


def test_a_corrupt_snapshot_is_ignored(qtbot, demo_store):
    path = _demo(demo_store)
    _, counted = _session(qtbot, path)
    target = figures_snapshot.snapshot_file(path)
    good = json.loads(target.read_text())
    for broken in (
        "{not json",
        json.dumps([1, 2]),
        json.dumps({**good, "view": {**good["view"], "cards": {"social": {"value": 1}}}}),
        json.dumps({**good, "stamp": {"file": [0, 0, 0, 0, 0], "header": "x"}}),
        json.dumps({**good, "format": 999}),
    ):
        target.write_text(broken)
        assert figures_snapshot.load(path) is None
    target.write_bytes(b"\x00\xff" * 50)
    first, recounted = _session(qtbot, path)
    assert first is None and recounted == counted  # the usual start, as if nothing was kept


def test_figures_kept_yesterday_are_not_todays(qtbot, demo_store):
    path = _demo(demo_store)
    _session(qtbot, path)
    assert figures_snapshot.load(path, date.today()) is not None
    assert figures_snapshot.load(path, date.today() + timedelta(days=1)) is None  # "so far" moved


def test_the_month_end_card_is_kept_with_its_ticks(qtbot):
    from dataclasses import replace

    from PySide6.QtWidgets import QCheckBox

    from svdesk.services.start_checklist import START_STEPS
    from svdesk.ui.pages.dashboard_view import steps_card, steps_shown
    from svdesk.ui.pages.start_checklist import NextStepsCard

    card = NextStepsCard(lambda *_: None)
    qtbot.addWidget(card)
    card.show()  # as on the dashboard (a hidden card is not kept)
    card.show_steps([replace(s, done=True) for s in START_STEPS], "/tmp/x.svdesk", date(2026, 12, 6))
    assert card.mode == "month_end"
    first = next(iter(card.ticks.values()))
    first.setChecked(True)
    shown = steps_shown(card)
    assert shown is not None and shown["title"] == card.title.text()
    copy = steps_card(json.loads(json.dumps(shown)))  # as kept on disk
    qtbot.addWidget(copy)
    ticks = copy.findChildren(QCheckBox)
    assert [t.text() for t in ticks] == [t.text() for t in card.ticks.values()]
    assert [t.isChecked() for t in ticks] == [t.isChecked() for t in card.ticks.values()]
    assert _texts(copy) == _texts(card)


def test_figures_counted_after_a_change_are_kept_and_the_backup_on_close_leaves_them(qtbot, demo_store):
    from dataclasses import replace

    from svdesk.safety.backup import list_backups
    from svdesk.services.organisation import get_organisation, save_organisation

    path = _demo(demo_store)
    window = app_module.open_progressively(path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.store is not None, timeout=20_000)
    qtbot.waitUntil(lambda: window.safety_check_done.is_set(), timeout=30_000)
    page = window.pages["dashboard"]
    qtbot.waitUntil(lambda: page.data is not None, timeout=30_000)
    save_organisation(window.store, replace(get_organisation(window.store), name="Irwell Joinery Group"))
    window.organisation_changed()  # as the Organisation page does: the dashboard counts again
    qtbot.waitUntil(tasks.idle, timeout=30_000)
    qtbot.wait(50)
    window.close()
    app_module._windows.remove(window)
    assert closing.wait_for(path, 60)
    newest = list_backups(path)[0].path  # written this session: copied on close
    conn = sqlite3.connect(newest)
    assert conn.execute("SELECT name FROM organisation").fetchone() == ("Irwell Joinery Group",)
    conn.close()
    kept = figures_snapshot.load(path)  # sealed before the copy, which left the file as it was
    assert kept is not None and kept["organisation"] == "Irwell Joinery Group"
