"""`svdesk import suppliers|spend` print the summary; unreadable files exit non-zero."""

from pathlib import Path

import pytest

from svdesk.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spend"


def test_import_contacts_then_bills_against_a_contract(tmp_path, capsys):
    db = str(tmp_path / "firm.svdesk")
    assert main(["demo", "--db", db]) == 0
    assert main(["import", "suppliers", str(FIXTURES / "xero_contacts.csv"), "--db", db]) == 0
    out = capsys.readouterr().out
    assert "row 13, postcode" in out
    assert (
        main(
            ["import", "spend", str(FIXTURES / "xero_bills.csv"), "--db", db, "--contract", "SCC-PR-2025-041"]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "spend lines imported: 9 (£4,887.94, 3 Apr 2025 to 30 May 2025)" in out
    assert main(["import", "spend", str(FIXTURES / "xero_bills.csv"), "--db", db]) == 0
    assert "spend lines imported: 0" in capsys.readouterr().out


def test_dry_run_writes_nothing(tmp_path, capsys):
    from svdesk.services.store import Store

    db = str(tmp_path / "firm.svdesk")
    Store.open(db).close()  # a dry run only reads: the database must exist (#19.14)
    args = ["import", "spend", str(FIXTURES / "freeagent_bank.csv"), "--db", db]
    assert main(args + ["--dry-run"]) == 0
    assert "would import: 5" in capsys.readouterr().out
    assert main(args) == 0
    assert "spend lines imported: 5" in capsys.readouterr().out


def test_unreadable_and_unknown_files_exit_non_zero_naming_the_problem(tmp_path, capsys):
    db = str(tmp_path / "firm.svdesk")
    assert main(["import", "spend", str(tmp_path / "nope.csv"), "--db", db]) == 1
    assert "There is no file" in capsys.readouterr().err
    assert main(["import", "spend", str(FIXTURES / "unknown_layout.csv"), "--db", db]) == 2
    assert "does not recognise the layout of unknown_layout.csv" in capsys.readouterr().err
    assert (
        main(["import", "spend", str(FIXTURES / "xero_bills.csv"), "--db", db, "--contract", "NOPE-1"]) == 2
    )
    assert "NOPE-1" in capsys.readouterr().err


def test_format_can_be_forced_and_a_saved_mapping_reused(tmp_path, capsys):
    from svdesk.services.spend_batches import save_mapping
    from svdesk.services.store import Store

    db = tmp_path / "firm.svdesk"
    store = Store.open(db)
    save_mapping(
        store,
        "Sage purchases",
        {
            "columns": {
                "supplier": "Name",
                "date": "Date",
                "net": "Net Amount",
                "tax": "Tax Amount",
                "paid_date": "Date Paid",
                "reference": "Inv Ref",
            }
        },
    )
    store.close()
    assert (
        main(
            [
                "import",
                "spend",
                str(FIXTURES / "sage_purchase_daybook.csv"),
                "--db",
                str(db),
                "--mapping",
                "Sage purchases",
            ]
        )
        == 0
    )
    assert "spend lines imported: 5" in capsys.readouterr().out
    assert (
        main(["import", "spend", str(FIXTURES / "xero_bills.csv"), "--db", str(db), "--format", "xero-bank"])
        == 2
    )
    assert "does not look like a Xero bank statement" in capsys.readouterr().err


def test_summary_lists_shares_and_postcodes_to_fix_then_undo(tmp_path, capsys, monkeypatch):
    from svdesk.services import demo

    monkeypatch.setattr(demo, "EXTENSION_MODULES", [])
    monkeypatch.setattr(demo, "DEMO_EXTENSIONS", [])
    db = str(tmp_path / "firm.svdesk")
    assert main(["demo", "--db", db]) == 0
    assert (
        main(
            ["import", "spend", str(FIXTURES / "xero_bills.csv"), "--db", db, "--contract", "SCC-PR-2025-041"]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["spend", "summary", "--db", db, "--contract", "SCC-PR-2025-041"]) == 0
    out = capsys.readouterr().out
    assert "total spend                   £4,887.94" in out
    assert "with local suppliers          £2,476.90   50.7%" in out
    assert main(["spend", "imports", "--db", db]) == 0
    assert "xero_bills.csv" in capsys.readouterr().out
    assert main(["spend", "undo", "1", "--db", db]) == 0
    assert "removed 9 spend lines" in capsys.readouterr().out
    assert main(["spend", "undo", "1", "--db", db]) == 2


def test_every_command_reads_dates_by_one_rule(tmp_path, capsys):
    """#21.3: `spend summary --from 01/04/2025` was refused while `report` took it; one parser
    now serves every command (ISO or UK day-first), and a bad date is named."""
    db = str(tmp_path / "firm.svdesk")
    assert main(["demo", "--db", db]) == 0
    capsys.readouterr()
    assert main(["spend", "summary", "--db", db, "--from", "01/04/2025", "--to", "31/03/2026"]) == 0
    uk = capsys.readouterr().out
    assert main(["spend", "summary", "--db", db, "--from", "2025-04-01", "--to", "2026-03-31"]) == 0
    assert capsys.readouterr().out == uk and "total spend" in uk
    with pytest.raises(SystemExit) as exc:
        main(["spend", "summary", "--db", db, "--from", "31/02/2025"])
    assert exc.value.code == 2
    assert "“31/02/2025” is not a date" in capsys.readouterr().err
