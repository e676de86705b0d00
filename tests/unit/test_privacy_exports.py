"""Nothing a buyer receives identifies a person: every report format is scanned for each
person's reference and home postcode, and for any full postcode that is not a business's."""

from __future__ import annotations

import sqlite3

import pytest

from svdesk.cli import main
from svdesk.services.privacy import find_identifiers, find_postcodes


@pytest.fixture
def demo_db(tmp_path):
    db = tmp_path / "irwell.svdesk"
    assert main(["demo", "--db", str(db)]) == 0
    return db


def _identifiers(db) -> tuple[list[str], set[str], list[str]]:
    conn = sqlite3.connect(db)
    try:
        people = conn.execute("SELECT reference, postcode FROM person").fetchall()
        business = {
            r[0]
            for r in conn.execute(
                "SELECT postcode FROM organisation UNION SELECT site_postcode FROM contract "
                "UNION SELECT postcode FROM supplier UNION SELECT workplace_postcode FROM person"
            )
        }
        contracts = [r[0] for r in conn.execute("SELECT reference FROM contract")]
    finally:
        conn.close()
    forbidden = [ref for ref, _ in people] + [pc for _, pc in people if pc and pc not in business]
    return forbidden, {p for p in business if p}, contracts


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_reports_carry_no_person_identifier(demo_db, capsys, extra):
    forbidden, business, contracts = _identifiers(demo_db)
    assert len(forbidden) >= 14  # the demo firm's staff: references and home postcodes
    capsys.readouterr()
    outputs = []
    for contract in [None, *contracts]:
        args = ["report", "--db", str(demo_db), *extra]
        if contract:
            args += ["--contract", contract]
        assert main(args) == 0
        outputs.append(capsys.readouterr().out)
    text = "\n".join(outputs)
    assert "Local people employed" in text or "local_jobs_fte_years" in text
    assert find_identifiers(text, forbidden) == []
    assert find_postcodes(text, allowed=business) == []
