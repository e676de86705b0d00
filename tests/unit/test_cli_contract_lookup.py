"""#21.3: one contract lookup for every command that takes --contract.

Each command used to resolve --contract its own way, with four different messages (one in lower
case with no quotes, one naming nothing to try). Now a reference that is not there gets the same
sentence everywhere, naming the references that come close, and a contract's number works too."""

from __future__ import annotations

from pathlib import Path

import pytest

from svdesk.cli import CliError, lookup_contract, main
from svdesk.services.contracts import find_contract

pytestmark = pytest.mark.both_stores

SPEND = Path(__file__).resolve().parents[1] / "fixtures" / "spend" / "purchases_own_spreadsheet.csv"


def _commands(db: str, ref: str, tmp_path: Path) -> list[list[str]]:
    return [
        ["report", "--db", db, "--contract", ref],
        ["spend", "summary", "--db", db, "--contract", ref],
        ["import", "spend", str(SPEND), "--db", db, "--contract", ref, "--dry-run"],
        ["import", "people", str(SPEND), "--db", db, "--contract", ref, "--dry-run"],
        ["tender", "list", "--db", db, "--contract", ref],
        ["export", "pack", "--db", db, "--contract", ref, "--out", str(tmp_path / "p.pdf")],
    ]


def test_every_command_refuses_a_missing_contract_in_the_same_words(demo_store, tmp_path, capsys):
    db = demo_store.where
    messages = set()
    for argv in _commands(db, "SCC-PR-2025-04", tmp_path):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "Traceback" not in err
        messages.add(err.strip())
    assert messages == {
        "svdesk: There is no contract or bid “SCC-PR-2025-04” in this database. Did you mean SCC-PR-2025-041?"
    }
    assert not (tmp_path / "p.pdf").exists()


def test_a_reference_in_any_case_or_a_contract_number_finds_it(demo_store):
    wanted = find_contract(demo_store, "SCC-PR-2025-041")
    assert wanted is not None
    assert lookup_contract(demo_store, " scc-pr-2025-041 ").id == wanted.id
    assert lookup_contract(demo_store, str(wanted.id)).reference == "SCC-PR-2025-041"


def test_with_nothing_close_the_few_references_are_listed(demo_store):
    with pytest.raises(CliError) as exc:
        lookup_contract(demo_store, "ZZZ")
    assert exc.value.code == 2
    assert "The contracts and bids are: " in str(exc.value)
    assert "SCC-PR-2025-041" in str(exc.value) and "MCC-T-2026-118" in str(exc.value)


def test_an_empty_database_says_how_to_add_one(store):
    with pytest.raises(CliError, match="has none yet. Add one with `svdesk contract add`"):
        lookup_contract(store, "A-1")


def test_a_found_contract_is_used(demo_store, capsys):
    db = demo_store.where
    assert main(["report", "--db", db, "--contract", "scc-pr-2025-041", "--from", "01/04/2025"]) == 0
    assert capsys.readouterr().out.startswith("SCC-PR-2025-041 · 2025-04-01 to today")
