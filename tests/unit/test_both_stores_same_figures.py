"""The same firm's figures are identical on SQLite and PostgreSQL (#22 point 5): the demo built on
each store the same way gives the same `svdesk report --json` (organisation-wide and per
contract) and the same workbook and contract return, cell for cell. Sums, averages, half-years,
day counts, the order of every list: any difference in SQL between the two shows up here."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from svdesk.cli import main
from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import export_now
from svdesk.models import Contract

TODAY = date(2026, 11, 30)


def _report(capsys, where: str, *args: str) -> dict:
    assert main(["report", "--db", where, "--json", *args]) == 0
    out = json.loads(capsys.readouterr().out)
    out.pop("database", None)  # where it is: a file, or a server's database
    return out


def _contracts(store) -> list[str]:
    with store.read() as s:
        return list(s.scalars(select(Contract.reference).order_by(Contract.id)))


def test_report_json_is_the_same_on_both_stores(demo_store, pg_demo_store, capsys):
    refs = _contracts(demo_store)
    assert refs == _contracts(pg_demo_store) and len(refs) >= 2
    on_file = _report(capsys, demo_store.where)
    on_server = _report(capsys, pg_demo_store.where)
    assert on_file and on_server == on_file
    for ref in refs:
        assert _report(capsys, pg_demo_store.where, "--contract", ref) == _report(
            capsys, demo_store.where, "--contract", ref
        ), ref
    period = ("--from", "01/10/2025", "--to", "31/03/2026")  # part months at either end
    assert _report(capsys, pg_demo_store.where, *period) == _report(capsys, demo_store.where, *period)


SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _value(value):
    """A cell's value; an evidence file's SHA-256 as a mark: each demo writes its sample PDFs
    afresh (their creation time differs), which is not the store's doing."""
    return "<sha-256>" if isinstance(value, str) and SHA256.match(value) else value


def _cells(path) -> dict[str, list[tuple]]:
    wb = load_workbook(path)
    return {ws.title: [tuple(_value(c.value) for c in row) for row in ws.iter_rows()] for ws in wb.worksheets}


@pytest.mark.parametrize("kind", ["workbook", "return"])
def test_workbooks_are_the_same_on_both_stores(demo_store, pg_demo_store, tmp_path, kind):
    ref = _contracts(demo_store)[0]
    books = []
    for name, store in (("sqlite", demo_store), ("postgresql", pg_demo_store)):
        out = tmp_path / f"{name}-{kind}.xlsx"
        export_now(store, ExportRequest(kind, contract_ref=ref, today=TODAY), out)
        books.append(_cells(out))
    on_file, on_server = books
    assert list(on_server) == list(on_file)  # the same sheets, in the same order
    for sheet, rows in on_file.items():
        assert rows, sheet
        assert on_server[sheet] == rows, sheet


@pytest.fixture
def english_sorting_store(pg_server, tmp_path):
    """The demo firm on a PostgreSQL database whose text sorts by English rules (ICU en-GB:
    case and accents folded, punctuation ignored first), as an office server's often does,
    where SQLite (and the test server's C.UTF-8) sort by character codes."""
    from svdesk.services.demo import create_demo
    from svdesk.services.store import Store
    from tests.conftest import pg_url

    name = f"{pg_server._prefix}english"
    try:
        pg_server._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        pg_server._admin(
            f'CREATE DATABASE "{name}" TEMPLATE template0 LOCALE_PROVIDER icu '
            "ICU_LOCALE 'en-GB' LOCALE 'C.UTF-8'"
        )
    except Exception as exc:  # noqa: BLE001  (a server built without ICU)
        pytest.skip(f"this PostgreSQL server cannot sort by English rules: {exc}")
    url = pg_url(pg_server.url, name)
    store = Store.open(url)
    create_demo(store)
    yield store
    store.close()
    pg_server.drop(url)


def test_a_server_sorting_text_by_english_rules_gives_the_same_documents(
    demo_store, english_sorting_store, tmp_path, capsys
):
    assert _report(capsys, english_sorting_store.where) == _report(capsys, demo_store.where)
    ref = _contracts(demo_store)[0]
    for kind in ("workbook", "return"):
        books = []
        for name, store in (("sqlite", demo_store), ("english", english_sorting_store)):
            out = tmp_path / f"{name}-{kind}.xlsx"
            export_now(store, ExportRequest(kind, contract_ref=ref, today=TODAY), out)
            books.append(_cells(out))
        assert books[1] == books[0], kind
