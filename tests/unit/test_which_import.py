"""Which import a dropped file belongs to, read from its content (svdesk.importers.which_import),
and the glossary behind the help and the tooltips (svdesk.help_glossary)."""

import sqlite3
import zipfile
from pathlib import Path

import pytest

from svdesk.help_glossary import GLOSSARY, explain, lookup, terms_in
from svdesk.importers.which_import import DROPPABLE, refusal, which_import
from tests.unit.test_people_payroll_import import BRIGHTPAY_HEADER, ROWS

pytestmark = pytest.mark.both_stores

FIXTURES = Path(__file__).parent.parent / "fixtures" / "spend"


@pytest.mark.parametrize(
    "name, kind",
    [
        ("xero_bills.csv", "spend"),
        ("xero_bank_statement.csv", "spend"),
        ("sage_purchase_daybook.csv", "spend"),
        ("freeagent_bank.csv", "spend"),
        ("xero_contacts.csv", "suppliers"),
        ("quickbooks_suppliers.csv", "suppliers"),
        ("unknown_layout.csv", "none"),
    ],
)
def test_accounting_and_bank_files_are_told_apart_by_their_columns(name, kind):
    assert which_import(FIXTURES / name).kind == kind


def test_a_payroll_export_is_people_even_named_like_spend(tmp_path):
    path = tmp_path / "bills.csv"
    path.write_text("\n".join([BRIGHTPAY_HEADER, *ROWS]) + "\n", encoding="utf-8")
    assert which_import(path).kind == "people"


def test_archives_plain_and_protected_and_a_database(tmp_path, store):
    if store.is_postgres:
        pytest.skip("archives of a database file (svdesk.safety.archive): SQLite's")
    from svdesk.safety.archive import create_archive

    plain = create_archive(store.path, tmp_path / "a.svdesk-archive").path
    locked = create_archive(
        store.path, tmp_path / "b.svdesk-archive", passphrase="correct horse battery staple"
    ).path
    assert which_import(plain).kind == "archive"
    assert which_import(locked).kind == "archive"
    assert which_import(store.path).kind == "database"
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table t (x)").connection.close()
    assert which_import(other).kind == "none"


def test_a_zip_that_is_not_an_archive_and_other_wrong_files(tmp_path):
    z = tmp_path / "photos.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("a.txt", "hello")
    found = which_import(z)
    assert found.kind == "none" and "zip" in found.what
    jpg = tmp_path / "receipt.csv"  # a photo renamed .csv
    jpg.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    found = which_import(jpg)
    assert found.kind == "none" and "JPEG" in found.what and "name ends .csv" in found.what
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert which_import(empty).what == "an empty file"
    assert which_import(tmp_path).what == "a folder"


def test_the_refusal_says_what_the_file_is_and_every_kind_that_can_be_dropped(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("Our plan\nfor next year\n")
    text = refusal(path, which_import(path))
    assert text.startswith("plan.txt is ")
    for kind in DROPPABLE:
        assert kind in text


def test_the_glossary_holds_the_framework_words_in_plain_english():
    for word in (
        "FTE-years",
        "VCSE",
        "SME",
        "MAC",
        "TOMs",
        "Proxy value",
        "Additionality",
        "Attribution",
        "Deadweight",
        "Q6",
        "Real Living Wage",
        "PPN 06/20",
        "PPN 002",
        "Local spend",
    ):
        term = lookup(word)
        assert term is not None, word
        assert len(term.meaning) > 40 and term.meaning[0].isupper() and term.meaning[-1] == "."
    assert "sixth quarter" in lookup("q6").meaning
    assert len({t.term for t in GLOSSARY}) == len(GLOSSARY)


def test_terms_are_found_in_headers_and_labels():
    assert [t.term for t in terms_in("Local jobs (FTE-years)")] == ["FTE-years"]
    assert [t.term for t in terms_in("Spend with SMEs and VCSEs")] == ["SME", "VCSE"]
    assert terms_in("Staffing levels") == [] and explain("") == ""
