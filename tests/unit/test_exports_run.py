"""Every export from the demo database, end to end: runner, CLI, atomic output, personal data."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from docx import Document as read_docx
from openpyxl import load_workbook
from pypdf import PdfReader

from svdesk.cli import main
from svdesk.exports.atomic import atomic_output
from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import EXPORTS, export_now, run_export
from svdesk.progress import Cancelled
from svdesk.services.validation import ValidationError

pytestmark = pytest.mark.both_stores

CONTRACT = "SCC-PR-2025-041"
# A full UK postcode: outward code, a space (or not), inward code. Upper case, as stored.
FULL_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b")
ALL = [(kind, fmt) for kind, k in EXPORTS.items() for fmt in k.formats]


def extract_text(path: Path) -> str:
    suffix = path.suffix
    if suffix == ".pdf":
        return "\n".join(p.extract_text() for p in PdfReader(path).pages)
    if suffix == ".xlsx":
        wb = load_workbook(path)
        return "\n".join(
            str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None
        )
    if suffix == ".docx":
        d = read_docx(str(path))
        parts = [p.text for p in d.paragraphs]
        parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
        return "\n".join(parts)
    return path.read_text(encoding="utf-8")


def person_references(store) -> list[str]:
    try:
        from svdesk.services.people import list_people
    except ModuleNotFoundError:
        return []
    return [v.person.reference for v in list_people(store) if v.person.reference]


def sign_demo_carbon_plan(store) -> None:
    """A first plan for the last complete financial year, every empty line explained."""
    from datetime import date

    from svdesk.calc.periods import _add_months, financial_year
    from svdesk.services.carbon_plan import CATEGORIES, PlanData, save_plan

    year = financial_year(_add_months(financial_year(date.today()).start, -12))
    save_plan(
        store,
        PlanData(
            baseline_start=year.start,
            baseline_end=year.end,
            current_start=year.start,
            current_end=year.end,
            scope_notes={k: "Not measured yet." for k in CATEGORIES},
            signatory_name="Dawn Okafor",
            signatory_role="Director",
            signed_on=date.today(),
        ),
    )


@pytest.mark.parametrize("kind,fmt", ALL)
def test_every_export_from_the_demo_database(demo_store, tmp_path, kind, fmt):
    out = tmp_path / f"{kind}{fmt}"
    if kind == "crp":  # exports only once signed off (tests/unit/test_carbon_plan.py)
        sign_demo_carbon_plan(demo_store)
    progress = []
    contract = CONTRACT if EXPORTS[kind].takes_contract else None  # the assessment: none
    result = export_now(demo_store, ExportRequest(kind, contract_ref=contract), out, progress.append)
    assert result.path == out and out.stat().st_size > 0
    assert progress[-1].message == f"Saved {out.name}"
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name]
    text = extract_text(out)
    assert "Irwell Joinery Ltd" in text or kind == "tender" and fmt == ".txt"
    # Personal data never leaves: no full postcode, no person reference.
    assert FULL_POSTCODE.findall(text) == []
    for ref in person_references(demo_store):
        assert ref not in text


def test_every_area_is_in_the_pack_and_a_missing_service_fails_loudly(demo_store, tmp_path):
    """#21.4: no "area not built yet" fallback: the demo's spend, people and evidence are in the
    pack, and a service module that cannot be imported is an error, never an empty section."""
    from svdesk.exports import sources

    out = tmp_path / "pack.pdf"
    export_now(demo_store, ExportRequest("pack", contract_ref=CONTRACT), out)
    text = extract_text(out)
    assert "SCC-PR-2025-041" in text and "Salford City Council" in text
    for heading in ("Spend and suppliers", "People and skills", "Evidence index"):
        assert heading in text
        section = text.split(heading, 2)[-1][:200]
        assert "No records of this kind yet" not in section
    with pytest.raises(ModuleNotFoundError):
        sources._module("svdesk.services.renamed_by_mistake")


def test_workbook_cover_carries_the_contract(demo_store, tmp_path):
    out = tmp_path / "w.xlsx"
    export_now(demo_store, ExportRequest("workbook", contract_ref=CONTRACT), out)
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Summary"
    assert {"Measures", "Evidence register", "Activity log", "Self-assessment", "Method"} <= set(
        wb.sheetnames
    )
    cover = {
        ws_row[0].value: ws_row[1].value for ws_row in wb["Summary"].iter_rows(min_row=5) if ws_row[0].value
    }
    assert cover["Buyer"] == "Salford City Council"
    assert cover["Contract value"] == "£186,000.00"
    assert cover["Organisation"].startswith("Irwell Joinery Ltd · postcode district M5")


def test_return_needs_a_contract(demo_store, tmp_path):
    with pytest.raises(ValidationError) as err:
        export_now(demo_store, ExportRequest("return"), tmp_path / "r.xlsx")
    assert "one contract" in err.value.errors["contract"]


def test_wrong_format_is_refused_before_any_work(demo_store, tmp_path):
    with pytest.raises(ValidationError) as err:
        export_now(demo_store, ExportRequest("workbook"), tmp_path / "w.pdf")
    assert ".xlsx" in err.value.errors["out"]
    assert not (tmp_path / "w.pdf").exists()


def test_a_cancelled_export_leaves_the_previous_file_untouched(demo_store, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "pack.pdf"
    out.write_bytes(b"%PDF-previous")
    cancel = threading.Event()
    gen = run_export(demo_store, ExportRequest("pack", contract_ref=CONTRACT), out, cancel)
    next(gen)
    cancel.set()
    with pytest.raises(Cancelled):
        next(gen)
    assert out.read_bytes() == b"%PDF-previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.pdf"]


def test_closing_the_generator_mid_write_removes_the_temporary_file(demo_store, tmp_path):
    """The UI worker closes the generator when the user cancels (GeneratorExit at a yield)."""
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "w.xlsx"
    gen = run_export(demo_store, ExportRequest("workbook"), out)
    item = next(gen)
    while not item.message.startswith("Saving"):  # the gathering steps, then writing
        item = next(gen)
    assert item.message == "Saving w.xlsx…"
    assert [p.name for p in tmp_path.iterdir() if ".partial" in p.name]  # written, not swapped
    gen.close()
    assert list(tmp_path.iterdir()) == []


def test_a_failed_render_never_clobbers_the_old_file(tmp_path):
    out = tmp_path / "return.xlsx"
    out.write_bytes(b"old and complete")
    with pytest.raises(RuntimeError), atomic_output(out) as temp:
        temp.write_bytes(b"half a fi")
        raise RuntimeError("disk full")
    assert out.read_bytes() == b"old and complete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["return.xlsx"]


def test_atomic_output_keeps_the_permissions_of_the_replaced_file(tmp_path):
    out = tmp_path / "x.txt"
    out.write_text("old")
    out.chmod(0o640)
    with atomic_output(out) as temp:
        temp.write_text("new")
    assert out.read_text() == "new" and out.stat().st_mode & 0o777 == 0o640


def test_an_empty_render_is_an_error_not_an_empty_file(tmp_path):
    out = tmp_path / "x.pdf"
    with pytest.raises(OSError), atomic_output(out):
        pass
    assert not out.exists()


def test_cli_export_writes_the_file(demo_store, tmp_path, capsys):
    out = tmp_path / "statement.pdf"
    code = main(["export", "statement", "--db", demo_store.where, "--year", "2025", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert "Wrote annual impact statement" in capsys.readouterr().out
    text = extract_text(out)
    assert "1 Apr 2025 – 31 Mar 2026" in text


def test_cli_errors_are_plain_and_exit_2(demo_store, tmp_path, capsys):
    db = demo_store.where
    assert main(["export", "return", "--db", db, "--out", str(tmp_path / "r.xlsx")]) == 2
    assert "one contract" in capsys.readouterr().err
    assert main(["export", "pack", "--db", db, "--contract", "NOPE", "--out", str(tmp_path / "p.pdf")]) == 2
    assert "no contract or bid “NOPE”" in capsys.readouterr().err
    assert (
        main(
            [
                "export",
                "pack",
                "--db",
                db,
                "--year",
                "2025",
                "--from",
                "2025-04-01",
                "--out",
                str(tmp_path / "p.pdf"),
            ]
        )
        == 2
    )
    assert (
        main(
            [
                "export",
                "pack",
                "--db",
                db,
                "--from",
                "2026-04-01",
                "--to",
                "2025-04-01",
                "--out",
                str(tmp_path / "p.pdf"),
            ]
        )
        == 2
    )
    assert not list(tmp_path.glob("*.pdf"))


def test_an_export_needs_an_organisation(store, tmp_path):
    with pytest.raises(ValidationError) as err:
        export_now(store, ExportRequest("statement"), tmp_path / "s.pdf")
    assert "organisation" in err.value.errors


def test_period_choices(demo_store):
    from datetime import date

    from svdesk.exports.build_common import resolve

    year = resolve(demo_store, ExportRequest("statement", year=2025))
    assert (year.start, year.end) == (date(2025, 4, 1), date(2026, 3, 31))
    span = resolve(demo_store, ExportRequest("pack", contract_ref=CONTRACT, today=date(2026, 1, 10)))
    assert (span.start, span.end) == (date(2025, 4, 1), date(2026, 1, 10))
    statement = resolve(demo_store, ExportRequest("statement", today=date(2026, 11, 23)))
    assert (statement.start, statement.end) == (date(2025, 4, 1), date(2026, 3, 31))
    bid = resolve(demo_store, ExportRequest("tender", contract_ref="MCC-T-2026-118", today=date(2026, 11, 1)))
    assert (bid.start, bid.end) == (date(2027, 1, 4), date(2027, 12, 17))


def test_the_workbook_reports_each_piece_it_gathers_and_hears_cancel_between(demo_store, tmp_path):
    out = tmp_path / "w.xlsx"
    messages = []
    export_now(
        demo_store,
        ExportRequest("workbook", contract_ref=CONTRACT),
        out,
        lambda p: messages.append((p.done, p.total, p.message)),
    )
    texts = [t for _d, _t, t in messages]
    assert texts[:3] == [
        "Gathering the figures for the evidence workbook…",
        "Counting the measures…",
        "Checking delivery against the commitments…",
    ]
    assert texts.index("Listing the evidence files…") < texts.index("Writing w.xlsx…")
    assert [d for d, _t, _m in messages] == list(range(len(messages)))
    assert {t for _d, t, _m in messages} == {len(messages) - 1}

    cancel = threading.Event()
    gen = run_export(
        demo_store, ExportRequest("workbook", contract_ref=CONTRACT), tmp_path / "again.xlsx", cancel
    )
    while next(gen).message != "Adding up the spend…":
        pass
    cancel.set()
    with pytest.raises(Cancelled):
        next(gen)
    assert not (tmp_path / "again.xlsx").exists()
