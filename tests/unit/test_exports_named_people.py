"""Issue 15 point 6: each document's privacy statement is true of that document. Every document
kind in every format is built from the demo and scanned for the demo's named people and for the
staff's exact start dates; a named person appears only once the user ticks that they agreed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from docx import Document as read_docx
from openpyxl import load_workbook
from pypdf import PdfReader

from svdesk.exports.build_common import ExportRequest
from svdesk.exports.named_people import champion_shown
from svdesk.exports.privacy import evidence_day, month_only, small_count
from svdesk.exports.runner import context, export_now
from svdesk.exports.tender_spec import save_spec, spec_from_commitments
from svdesk.formatting import format_date
from svdesk.services.commitments import list_commitments, save_commitment, shown_owner
from svdesk.services.contracts import find_contract
from svdesk.services.people import list_people

pytestmark = pytest.mark.both_stores

SALFORD = "SCC-PR-2025-041"
TODAY = date(2026, 12, 5)
EVERY = [
    ("pack", ".pdf"),
    ("pack", ".docx"),
    ("statement", ".pdf"),
    ("statement", ".docx"),
    ("workbook", ".xlsx"),
    ("return", ".xlsx"),
    ("tender", ".pdf"),
    ("tender", ".docx"),
    ("tender", ".xlsx"),
    ("tender", ".txt"),
    ("assessment", ".pdf"),
    ("assessment", ".docx"),
]


def text_of(path) -> str:
    if path.suffix == ".pdf":
        return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)
    if path.suffix == ".docx":
        doc = read_docx(str(path))
        parts = [p.text for p in doc.paragraphs]
        parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
        props = doc.core_properties
        parts += [props.author or "", props.last_modified_by or "", props.comments or ""]
        return "\n".join(parts)
    if path.suffix == ".xlsx":
        book = load_workbook(path)
        return "\n".join(
            str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v is not None
        )
    return path.read_text(encoding="utf-8")


def _export(store, tmp_path, kind, suffix, contract=SALFORD):
    contract = None if kind == "assessment" else contract  # organisation-wide only
    out = tmp_path / f"{kind}-{contract or 'org'}{suffix}"
    export_now(store, ExportRequest(kind, contract_ref=contract, today=TODAY), out)
    return text_of(out)


def _start_dates(store) -> set[str]:
    """Every staff start and leave date as documents could print it, but for days that are
    also the date of an environment record (a van's mileage log for September starts on the
    1st, as does an apprenticeship): those rightly print in full."""
    with store.engine.connect() as conn:
        innocent = {
            date.fromisoformat(str(d))
            for table in ENVIRONMENT_TABLES
            for (d,) in conn.exec_driver_sql(f"SELECT date FROM {table} UNION SELECT end_date FROM {table}")
            if d
        }
    out = set()
    for view in list_people(store):
        for day in (view.person.start_date, view.person.leave_date):
            if day and day not in innocent:
                out |= {
                    format_date(day),
                    format_date(day, short=True),
                    day.isoformat(),
                    f"{day:%Y-%m-%d} 00:00:00",
                }
    return out


ENVIRONMENT_TABLES = ("emission_record", "waste_record", "environment_action")


@pytest.mark.parametrize("contract", [SALFORD, "MCC-T-2026-118", None])
def test_no_document_names_the_owner_or_prints_a_start_date(demo_store, tmp_path, contract):
    dates = _start_dates(demo_store)
    assert len(dates) >= 12 * 4  # the demo's fourteen staff
    for kind, suffix in EVERY:
        if contract is None and kind in ("return", "tender"):
            continue  # one contract's documents only
        text = _export(demo_store, tmp_path, kind, suffix, contract)
        assert "Okafor" not in text and "Dawn" not in text, (kind, suffix)
        assert [d for d in dates if d in text] == [], (kind, suffix)
        if "no names" in text.replace("\n", " "):  # the privacy statement, where printed
            assert "agreed to be named" not in text


def test_owners_print_as_roles_until_the_person_agrees(demo_store, tmp_path):
    word = " ".join(_export(demo_store, tmp_path, "pack", ".docx").split())
    assert "Operations manager (social value champion)" in word
    assert "no names, person references" in word
    salford = find_contract(demo_store, SALFORD)
    for c in list_commitments(demo_store, salford.id):
        c.owner_named = True
        save_commitment(demo_store, c)
    assert list_commitments(demo_store, salford.id)[0].owner_named is True  # stored
    for kind, suffix in (("pack", ".pdf"), ("pack", ".docx"), ("workbook", ".xlsx")):
        text = " ".join(_export(demo_store, tmp_path, kind, suffix).split())
        assert "Okafor" in text, kind
        # the statement now says who is named, and never "no names"
        assert "no names, person references" not in text, kind
        assert "agreed to be named as commitment owners (Dawn Okafor)" in text, kind


def test_a_name_typed_into_an_edited_tender_answer_is_kept_and_warned(demo_store, tmp_path):
    """Issue 17.5: the user's own answer is exported word for word; the ready-to-send check
    warns about a name in it. What svdesk adds (the champion line) prints the role."""
    ctx = context(demo_store, ExportRequest("tender", contract_ref=SALFORD, today=TODAY))
    spec = spec_from_commitments(ctx)
    spec.champion = "Dawn Okafor, operations manager"
    spec.draft = "OUR COMMITMENTS\nLed by Dawn Okafor, operations manager, and the team.\n"
    save_spec(demo_store, spec)
    assert "Led by Dawn Okafor, operations manager, and the team." in _export(
        demo_store, tmp_path, "tender", ".txt"
    )
    from svdesk.exports.readiness import check

    warned = [
        i
        for i in check(
            demo_store, ExportRequest("tender", contract_ref=SALFORD, today=TODAY), suffix=".txt"
        ).issues
        if i.code == "named_person"
    ]
    assert warned and "Dawn Okafor" in warned[0].message  # the user is told, not surprised
    schedule = _export(demo_store, tmp_path, "tender", ".xlsx")
    assert "Social value champion: Operations manager" in schedule
    assert "Okafor" not in schedule


def test_a_lone_first_name_is_not_replaced_inside_other_names():
    from svdesk.exports import model as m
    from svdesk.exports.named_people import _pairs, withhold

    doc = m.Document(
        "Pack",
        "Dawn Joinery Ltd",
        sections=[m.Section("S", [m.Paragraph("Led by Dawn Okafor, with Dawn Joinery Ltd's team.")])],
    )
    pairs = _pairs("Dawn", "", "Operations manager") + _pairs("Dawn Okafor", "", "Operations manager")
    withhold(doc, pairs)
    assert doc.organisation == "Dawn Joinery Ltd"
    assert doc.sections[0].blocks[0].text == ("Led by Operations manager, with Dawn Joinery Ltd's team.")


def test_shown_owner_and_champion():
    assert shown_owner("Dawn Okafor", "Operations manager", False) == "Operations manager"
    assert shown_owner("Dawn Okafor", "Operations manager", True) == "Dawn Okafor, operations manager"
    assert shown_owner("Dawn Okafor", "", False) == "Social value lead"
    assert shown_owner("Workshop manager", "", False) == "Workshop manager"  # a role already
    assert champion_shown("Dawn Okafor, operations manager", False) == "Operations manager"
    assert champion_shown("Dawn Okafor", False) == "Social value lead"
    assert champion_shown("Dawn Okafor", True) == "Dawn Okafor"
    assert champion_shown("Workshop manager", False) == "Workshop manager"


def test_job_months_small_counts_and_person_evidence_months(demo_store, tmp_path):
    assert month_only(date(2025, 8, 28)) == "Aug 2025"
    assert [small_count(n) for n in (0, 1, 2, 3, 7)] == [0, "fewer than 3", "fewer than 3", 3, 7]

    class Row:
        day = date(2025, 8, 28)
        links = (("apprenticeship", 1), ("person", 4))

    assert evidence_day(Row) == "Aug 2025"
    Row.links = (("volunteering", 1),)
    assert evidence_day(Row) == date(2025, 8, 28)
    out = tmp_path / "w.xlsx"
    export_now(demo_store, ExportRequest("workbook", contract_ref=SALFORD, today=TODAY), out)
    wb = load_workbook(out)
    jobs = [r for r in wb["Jobs and skills"].iter_rows(values_only=True)]
    header = next(r for r in jobs if r and "Started (month)" in r)
    col = header.index("Started (month)")
    months = [r[col] for r in jobs[jobs.index(header) + 1 :] if r and isinstance(r[0], int)]
    assert months and all(isinstance(v, str) and len(v) == 8 for v in months)  # "Apr 2025"
    groups = [r for r in wb["Priority groups"].iter_rows(values_only=True) if r and r[0]]
    assert any(r[1] == "fewer than 3" for r in groups)
    assert not any(r[0] == "Total" for r in groups)  # no total to work a small count out from


def test_a_small_count_of_people_is_not_given_away_by_its_record_count(demo_store, tmp_path):
    for kind, suffix in (("pack", ".docx"), ("statement", ".docx")):
        out = tmp_path / f"{kind}{suffix}"
        export_now(
            demo_store,
            ExportRequest(kind, contract_ref=SALFORD if kind == "pack" else None, year=2025, today=TODAY),
            out,
        )
        doc = read_docx(str(out))
        rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
        hires = [
            r
            for r in rows
            if r and r[0] == "People hired from priority groups" and not any("utcome" in c for c in r[1:])
        ]  # not the codes table's row
        assert hires, kind
        for row in hires:
            assert "1" not in row[1:] and "1.00" not in row[1:] and "1 record" not in row, row
            assert "fewer than 3" in " ".join(row) or "0.00" in row, row


def test_the_return_does_not_count_out_a_single_hire(demo_store, tmp_path):
    """A table of any builder (the contract return here) with a Unit column: a row counted in
    people shows its small counts and record counts as "fewer than 3"."""
    out = tmp_path / "return.xlsx"
    export_now(demo_store, ExportRequest("return", contract_ref=SALFORD, today=TODAY), out)
    rows = [
        r
        for ws in load_workbook(out)
        for r in ws.iter_rows(values_only=True)
        if r and "People hired from priority groups" in r
    ]
    assert rows
    rows = [r for r in rows if "people" in r]  # the figures' rows, not the Codes sheet's
    assert rows
    for row in rows:
        unit = row.index("people")
        after = [v for v in row[unit + 1 :] if v is not None]
        assert not [v for v in after if isinstance(v, (int, float)) and 0 < v < 3], row
        assert not [v for v in after if isinstance(v, str) and ("1 record" in v or "1 of 1" in v)], row


def test_small_counts_pass_keeps_targets_and_other_units():
    from svdesk.exports import model as m
    from svdesk.exports.privacy import withhold_small_counts

    t = m.Table(
        [
            m.Column("Measure"),
            m.Column("Unit"),
            m.Column("Target", m.NUMBER),
            m.Column("Actual", m.NUMBER),
            m.Column("Note"),
        ],
        [
            ["Hires", "people", 2, 1, "1 record"],
            ["Hours", "hours", 2, 1, "1 record"],
            ["Hires", "people", 2, 5, "5 records"],
        ],
    )
    withhold_small_counts(m.Document("T", "O", sections=[m.Section("S", [t])]))
    assert t.rows == [
        ["Hires", "people", 2, "fewer than 3", "fewer than 3 records"],
        ["Hours", "hours", 2, 1, "1 record"],
        ["Hires", "people", 2, 5, "5 records"],
    ]


def test_word_files_carry_their_own_date_and_author(demo_store, tmp_path):
    out = tmp_path / "pack.docx"
    before = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    export_now(demo_store, ExportRequest("pack", contract_ref=SALFORD, today=TODAY), out)
    props = read_docx(str(out)).core_properties
    assert props.author == "Irwell Joinery Ltd" == props.last_modified_by
    created = props.created.replace(tzinfo=None)
    assert before - timedelta(seconds=5) <= created <= before + timedelta(minutes=5)
    assert props.modified.replace(tzinfo=None) == created
    assert "python-docx" not in (props.comments or "")
