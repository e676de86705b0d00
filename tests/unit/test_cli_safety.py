"""svdesk backup / restore / check / history from the command line."""

from __future__ import annotations

import sqlite3

from svdesk.cli import main


def test_backup_restore_check_round_trip(tmp_path, capsys):
    db = tmp_path / "irwell.svdesk"
    assert main(["demo", "--db", str(db)]) == 0
    (tmp_path / "irwell-evidence").mkdir(exist_ok=True)
    (tmp_path / "irwell-evidence" / "invoice-4471.pdf").write_bytes(b"%PDF invoice")
    files = sum(1 for p in (tmp_path / "irwell-evidence").rglob("*") if p.is_file())
    phrase = tmp_path / "phrase.txt"
    phrase.write_text("Regent Road 2026 backup\n")
    archive = tmp_path / "usb" / "irwell.svdesk-archive"

    assert main(["backup", "--db", str(db), "--out", str(archive), "--passphrase-file", str(phrase)]) == 0
    out = capsys.readouterr().out
    assert f"{files} evidence file(s)" in out and "encrypted" in out

    target = tmp_path / "laptop" / "svdesk.svdesk"
    assert main(["restore", str(archive), "--db", str(target)]) == 1
    assert "encrypted" in capsys.readouterr().err
    assert main(["restore", str(archive), "--db", str(target), "--passphrase-file", str(phrase)]) == 0
    assert "Restored" in capsys.readouterr().out
    assert (tmp_path / "laptop" / "svdesk-evidence" / "invoice-4471.pdf").exists()

    assert main(["check", "--db", str(target)]) == 0
    assert "No problems found." in capsys.readouterr().out


def test_check_reports_damage_with_exit_code(tmp_path, capsys):
    db = tmp_path / "x.svdesk"
    db.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + b"garbage")
    assert main(["check", "--db", str(db)]) == 1
    assert "What to do" in capsys.readouterr().out


def test_restore_of_a_non_archive_is_a_clear_error(tmp_path, capsys):
    bogus = tmp_path / "holiday.jpg"
    bogus.write_bytes(b"\xff\xd8\xff\xe0 not a zip")
    assert main(["restore", str(bogus), "--db", str(tmp_path / "n" / "x.svdesk")]) == 1
    err = capsys.readouterr().err
    assert "holiday.jpg" in err and "not an svdesk archive" in err
    assert not (tmp_path / "n").exists()


def test_short_passphrase_is_refused(tmp_path, capsys):
    db = tmp_path / "a.svdesk"
    main(["demo", "--db", str(db)])
    phrase = tmp_path / "p"
    phrase.write_text("short\n")
    assert (
        main(["backup", "--db", str(db), "--out", str(tmp_path / "a.zip"), "--passphrase-file", str(phrase)])
        == 2
    )
    assert "at least 8 characters" in capsys.readouterr().err
    assert not (tmp_path / "a.zip").exists()


def test_history_lists_changes(tmp_path, capsys):
    db = tmp_path / "a.svdesk"
    main(["demo", "--db", str(db)])
    conn = sqlite3.connect(db)
    contract_id = conn.execute("SELECT id FROM contract WHERE reference='SCC-PR-2025-041'").fetchone()[0]
    conn.close()
    capsys.readouterr()
    assert main(["history", "--db", str(db), "contract", str(contract_id)]) == 0
    out = capsys.readouterr().out
    assert "Created" in out and "SCC-PR-2025-041" in out and "£186,000.00" in out


def test_write_commands_refuse_a_database_open_in_a_window(tmp_path, capsys):
    """The command line takes the window's single-writer lock before it writes, and lets go."""
    from svdesk.safety.lock import DatabaseLock, lock_path_for

    db = tmp_path / "irwell.svdesk"
    assert main(["demo", "--db", str(db)]) == 0
    assert not lock_path_for(db).exists()  # released when the command ended
    contract = [
        "contract",
        "add",
        "--db",
        str(db),
        "--ref",
        "MCC-2027-01",
        "--title",
        "Repairs",
        "--buyer",
        "Manchester City Council",
        "--local-districts",
        "M1,M2",
    ]
    window = DatabaseLock(db).acquire()  # as an open svdesk window holds it
    try:
        assert main(contract) == 1
        assert "already open in another svdesk window" in capsys.readouterr().err
        assert main(["info", "--db", str(db)]) == 0  # reading is still allowed
        assert "MCC-2027-01" not in capsys.readouterr().out
    finally:
        window.release()
    assert main(contract) == 0
    assert main(["info", "--db", str(db)]) == 0
    assert "MCC-2027-01" in capsys.readouterr().out
    assert not lock_path_for(db).exists()
