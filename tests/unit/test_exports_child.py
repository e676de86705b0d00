"""Exports in a child process (svdesk.exports.child), end to end on a real database and real
files: what it writes, Cancel, a killed child, errors in the user's words, and no Qt."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from svdesk.exports.atomic import temporary_files
from svdesk.exports.build_common import ExportRequest
from svdesk.exports.child import CANCELLED, ChildExport, Finished, Standby, run_in_child
from svdesk.exports.runner import export_now
from svdesk.progress import Cancelled, Progress
from svdesk.services.validation import ValidationError

pytestmark = pytest.mark.both_stores

CONTRACT = "SCC-PR-2025-041"


def _drain(job: ChildExport, until=None, timeout: float = 120) -> list:
    """Collect the child's messages until it has finished (or until(message) holds)."""
    got: list = []
    end = time.monotonic() + timeout
    while not job.done:
        assert time.monotonic() < end, "the child did not finish in time"
        job.wait(0.05)
        for message in job.messages():
            got.append(message)
            if until is not None and until(message):
                return got
    return got


def test_a_child_export_writes_the_workbook_and_never_loads_qt(demo_store, tmp_path):
    import PySide6  # noqa: F401  (loaded here, as in the window; the child must not follow)

    out = tmp_path / "workbook.xlsx"
    job = ChildExport(demo_store, ExportRequest("workbook", contract_ref=CONTRACT), out)
    messages = _drain(job)
    assert isinstance(job.final, Finished)
    assert job.final.qt_loaded is False
    assert "PySide6" in sys.modules
    result = job.outcome()
    assert (result.path, result.kind, result.title) == (out, "workbook", "Evidence workbook")
    assert result.report is None  # the model stays in the child
    progress = [m.message for m in messages if isinstance(m, Progress)]
    assert progress[0] == "Gathering the figures for the evidence workbook…"
    assert progress[-1] == "Saved workbook.xlsx"
    book = load_workbook(out)
    assert book.sheetnames[0] == "Summary" and "Measures" in book.sheetnames
    assert not temporary_files(out)


def test_a_child_export_writes_a_pdf_with_pages(demo_store, tmp_path):
    out = tmp_path / "pack.pdf"
    seen: list[Progress] = []
    result = run_in_child(demo_store, ExportRequest("pack", contract_ref=CONTRACT), out, seen.append)
    assert result.path == out and seen[-1].message == "Saved pack.pdf"
    assert out.read_bytes()[:5] == b"%PDF-"
    reader = PdfReader(out)
    assert len(reader.pages) >= 2
    assert "Irwell Joinery Ltd" in reader.pages[0].extract_text()


def test_cancel_between_steps_leaves_the_old_file_and_no_temporary_file(demo_store, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "pack.pdf"
    out.write_bytes(b"%PDF-the earlier copy")
    job = ChildExport(demo_store, ExportRequest("pack", contract_ref=CONTRACT), out)
    _drain(job, until=lambda m: isinstance(m, Progress))
    job.cancel()
    _drain(job)
    assert job.final == CANCELLED
    with pytest.raises(Cancelled):
        job.outcome()
    assert out.read_bytes() == b"%PDF-the earlier copy"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.pdf"]


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="needs POSIX signals")
def test_a_child_killed_mid_write_leaves_the_old_file_and_its_temporary_file_goes(demo_store, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "pack.pdf"
    out.write_bytes(b"%PDF-the earlier copy")
    foreign = tmp_path / ".pack-another.partial.pdf"  # another export's, writing right now
    foreign.write_bytes(b"not ours")
    job = ChildExport(demo_store, ExportRequest("pack", contract_ref=CONTRACT), out, grace=0)
    end = time.monotonic() + 120
    while temporary_files(out) == {foreign}:  # until the child is writing its own
        assert not job.done and time.monotonic() < end
        job.messages()
        time.sleep(0.002)
    os.kill(job.process.pid, signal.SIGSTOP)  # held mid-write, deaf to the Event
    try:
        assert len(temporary_files(out)) == 2 and out.read_bytes() == b"%PDF-the earlier copy"
        job.cancel()
        time.sleep(0.01)
        job.messages()  # past the grace: terminated
        assert job.process.exitcode is None or job.process.exitcode < 0
    finally:
        os.kill(job.process.pid, signal.SIGCONT)
    _drain(job)
    assert job.final == CANCELLED and job.process.exitcode == -signal.SIGTERM
    assert out.read_bytes() == b"%PDF-the earlier copy"
    assert sorted(p.name for p in tmp_path.iterdir()) == [foreign.name, "pack.pdf"]


@pytest.mark.parametrize("standby", [False, True], ids=["own child", "standby child"])
def test_stop_now_ends_the_child_at_once_and_leaves_no_temporary_file(demo_store, tmp_path, standby):
    """What the window does when it closes mid-export (in a child of its own, or in the
    Reports page's standby)."""
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "workbook.xlsx"
    out.write_bytes(b"the earlier copy")
    job = ChildExport(
        demo_store,
        ExportRequest("workbook", contract_ref=CONTRACT),
        out,
        standby=Standby() if standby else None,
    )
    _drain(job, until=lambda m: isinstance(m, Progress) and m.message.startswith("Writing"))
    job.stop_now()
    assert job.final == CANCELLED and not job.process.is_alive()
    assert out.read_bytes() == b"the earlier copy"
    assert [p.name for p in tmp_path.iterdir()] == ["workbook.xlsx"]


def test_errors_reach_the_parent_in_the_words_the_user_reads(demo_store, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    fields = []
    for req, out in (
        (ExportRequest("return"), tmp_path / "r.xlsx"),
        (ExportRequest("workbook"), tmp_path / "w.pdf"),
        (ExportRequest("pack", contract_ref="NOPE"), tmp_path / "p.pdf"),
    ):
        with pytest.raises(ValidationError) as here:
            export_now(demo_store, req, out)
        with pytest.raises(ValidationError) as there:
            run_in_child(demo_store, req, out)
        assert there.value.errors == here.value.errors
        assert str(there.value) == str(here.value)
        fields.append(there.value.errors)
    assert "choose the contract" in fields[0]["contract"]
    assert ".xlsx" in fields[1]["out"] and "NOPE" in fields[2]["contract"]
    assert list(tmp_path.iterdir()) == []


def test_the_child_reads_a_database_a_window_holds(demo_store, tmp_path):
    from svdesk.safety.lock import DatabaseLock, lock_path_for, read_owner

    with DatabaseLock(demo_store.path) as lock:  # as the window holds it
        result = run_in_child(demo_store, ExportRequest("statement", year=2025), tmp_path / "statement.pdf")
        assert read_owner(lock_path_for(demo_store.path)) == lock.owner
    assert result.path.read_bytes()[:5] == b"%PDF-"


def test_the_hidden_cli_option_exports_in_a_child_process(demo_store, tmp_path, capsys):
    """What installer/smoke_test.sh runs in the frozen bundle, to prove it can spawn."""
    from svdesk.cli import main

    out = tmp_path / "workbook.xlsx"
    code = main(["export", "workbook", "--db", demo_store.where, "--out", str(out), "--in-child-process"])
    assert code == 0, capsys.readouterr().err
    assert capsys.readouterr().out == f"Wrote evidence workbook to {out} in a child process\n"
    assert load_workbook(out).sheetnames[0] == "Summary"
    assert (
        main(
            [
                "export",
                "return",
                "--db",
                demo_store.where,
                "--out",
                str(tmp_path / "r.xlsx"),
                "--in-child-process",
            ]
        )
        == 2
    )
    assert "choose the contract" in capsys.readouterr().err


# --- a standby child (started ahead, imports done, waiting for one job) ------------------------


def _cells(path):
    return [[[c.value for c in row] for row in ws.iter_rows()] for ws in load_workbook(path)]


def _ended(process, timeout: float = 30) -> bool:
    process.join(timeout)
    return not process.is_alive()


def test_a_standby_runs_the_export_as_a_new_child_would_and_then_ends(demo_store, tmp_path):
    import multiprocessing

    import PySide6  # noqa: F401  (loaded here, as in the window; the child must not follow)

    standby = Standby()
    assert standby.ready
    assert standby.warmed.wait(60)  # its imports done, it waits for the job
    assert standby.ready
    req = ExportRequest("workbook", contract_ref=CONTRACT)
    job = ChildExport(demo_store, req, tmp_path / "standby.xlsx", standby=standby)
    assert job.from_standby and job.process is standby.process and not standby.ready
    messages = _drain(job)
    assert isinstance(job.final, Finished) and job.final.qt_loaded is False
    assert [m.message for m in messages if isinstance(m, Progress)][0] == (
        "Gathering the figures for the evidence workbook…"
    )
    export_now(demo_store, req, tmp_path / "here.xlsx")
    assert _cells(tmp_path / "standby.xlsx") == _cells(tmp_path / "here.xlsx")
    assert _ended(job.process) and job.process.exitcode == 0  # one export, then gone
    with pytest.raises(RuntimeError):
        standby.hand_over(demo_store.where, req, str(tmp_path / "again.xlsx"))
    assert not temporary_files(tmp_path / "standby.xlsx")
    assert standby.process not in multiprocessing.active_children()


def test_cancel_reaches_a_standby_child_and_the_old_file_stays(demo_store, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "pack.pdf"
    out.write_bytes(b"%PDF-the earlier copy")
    job = ChildExport(demo_store, ExportRequest("pack", contract_ref=CONTRACT), out, standby=Standby())
    assert job.from_standby
    _drain(job, until=lambda m: isinstance(m, Progress))
    job.cancel()
    _drain(job)
    assert job.final == CANCELLED
    assert out.read_bytes() == b"%PDF-the earlier copy"
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]
    assert _ended(job.process)


def test_a_standby_never_used_ends_when_stopped_or_when_its_pipe_closes(demo_store, tmp_path):
    stopped = Standby()
    stopped.stop()  # at once, while it is still importing
    assert not stopped.process.is_alive() and not stopped.ready
    stopped.stop()  # twice is harmless
    orphan = Standby()
    orphan._jobs.close()  # as when the window's process has gone
    assert _ended(orphan.process) and orphan.process.exitcode == 0


def test_a_standby_that_has_gone_is_not_used_and_the_export_still_runs(demo_store, tmp_path):
    standby = Standby()
    standby.process.terminate()
    assert _ended(standby.process) and not standby.ready
    out = tmp_path / "workbook.xlsx"
    job = ChildExport(demo_store, ExportRequest("workbook"), out, standby=standby)
    assert not job.from_standby and job.process is not standby.process
    _drain(job)
    assert isinstance(job.final, Finished) and out.is_file()
    assert _ended(job.process)


@pytest.mark.parametrize("answer", ["go on", "go back"])
def test_the_child_checks_the_report_it_built_and_waits_for_the_answer(demo_store, tmp_path, answer):
    """The ready-to-send check runs in the child on the report it has built (built once): what
    it found comes to the parent, and the file is written only when the parent goes on."""
    from svdesk.exports.child import NeedsConfirmation

    out = tmp_path / "pack.pdf"
    job = ChildExport(demo_store, ExportRequest("pack", contract_ref=CONTRACT), out, confirm=True)
    asked = _drain(job, until=lambda m: isinstance(m, NeedsConfirmation))
    readiness = asked[-1].readiness
    assert not readiness.ready and any("no evidence file" in i.message for i in readiness.issues)
    assert not out.exists() and not job.done  # waiting for the answer
    if answer == "go on":
        job.go_on()
        _drain(job)
        assert isinstance(job.final, Finished) and out.is_file()
    else:
        job.cancel()
        _drain(job)
        assert job.final == CANCELLED and not out.exists()
        assert temporary_files(out) == set()


# --- what a waiting standby holds (issue #23 point 4: an idle standby under 60 MB) -------------


def test_a_waiting_standby_imports_no_format_library(tmp_path):
    """The standby's own warm-up, in a fresh interpreter as the spawned standby runs it: the
    common core only. reportlab, openpyxl, python-docx and Pillow come with the job."""
    import subprocess

    from svdesk.exports.child import FORMAT_LIBRARIES

    script = (
        "import sys\n"
        "from svdesk.exports.child import _warm_up\n"
        "_warm_up()\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    assert "sqlalchemy" in loaded and "svdesk" in loaded  # the core is warm
    assert {"reportlab", "openpyxl", "docx", "PIL"} <= set(FORMAT_LIBRARIES)
    assert loaded.isdisjoint(FORMAT_LIBRARIES), sorted(loaded & set(FORMAT_LIBRARIES))


def _pdf_text(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def _docx_text(path) -> list[str]:
    from docx import Document

    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return [p.text for p in doc.paragraphs] + cells


@pytest.mark.parametrize(
    ("kind", "suffix", "read"),
    [
        ("pack", ".pdf", _pdf_text),
        ("pack", ".docx", _docx_text),
        ("tender", ".txt", lambda p: p.read_text(encoding="utf-8")),
    ],
)
def test_a_standby_brings_each_format_library_with_the_job_and_writes_the_same_document(
    demo_store, tmp_path, kind, suffix, read
):
    """The workbook (openpyxl) is the standby test above; here reportlab, python-docx and the
    plain text: the library the standby did not hold is imported by the export itself."""
    req = ExportRequest(kind, contract_ref=CONTRACT)
    standby = Standby()
    job = ChildExport(demo_store, req, tmp_path / f"standby{suffix}", standby=standby)
    assert job.from_standby
    _drain(job)
    assert isinstance(job.final, Finished), job.final
    export_now(demo_store, req, tmp_path / f"here{suffix}")
    assert read(tmp_path / f"standby{suffix}") == read(tmp_path / f"here{suffix}")
