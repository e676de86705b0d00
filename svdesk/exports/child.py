"""Run an export in a child process, so nothing it does can hold up the window.

On a worker thread an export shares the window's GIL: its garbage-collector passes and long C
calls (SQLite, zlib, the XML writer) froze the window for 100-700 ms at a time on a large
database. A child process has a GIL of its own.

ChildExport starts a "spawn" child (the same on Windows, macOS and Linux, and what a frozen
bundle can do once svdesk/__main__.py has called multiprocessing.freeze_support()). The child
opens the database read-only by path (the window holds the single-writer lock), drains
run_export and sends back over a one-way pipe each Progress and then one last message:
Finished (the small ExportResult, without the report model), Failed (the message the user reads,
a ValidationError's fields) or CANCELLED. Asked to confirm (the window), the child runs the
ready-to-send check on the report it has just built and, if the check finds anything, sends
NeedsConfirmation and waits for go_on() or cancel(): the report is built once, in the child.
Nothing here waits unless asked: the window calls
messages() from a timer (svdesk.ui.child_job); run_in_child() waits, for scripts and tests.

Cancel sets an Event the child checks between steps. A child that has not ended GRACE_SECONDS
later is terminated. Either way the old file at the target stays as it was, and the temporary
file a killed child leaves beside the target is removed. No Qt here: the child never imports
PySide6 (Finished says whether it did, and a test holds it to that).

Starting a child and importing what an export uses (svdesk, SQLAlchemy, openpyxl) took a
second before any figure was read. A Standby is a child started ahead of time that has done
that and waits for one job; ChildExport(standby=...) hands it the job instead of spawning, and
everything after (messages, Cancel, the grace, stop_now) is the same. A standby holds only
what every export uses (not the format libraries, which come with the job); it serves one
export and then ends like any child; one never used ends when its pipe closes (the window
stops it, or the window's process is gone) or when it is stopped.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
import time
import traceback
from dataclasses import dataclass, replace
from pathlib import Path

from svdesk import perf_switches
from svdesk.exports.atomic import temporary_files
from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import ExportResult
from svdesk.progress import Cancelled, Progress
from svdesk.services.validation import ValidationError

GRACE_SECONDS = 2.0


@dataclass(frozen=True)
class Finished:
    result: ExportResult
    qt_loaded: bool  # "PySide6" in the child's sys.modules (it must not be)
    peak_mb: float | None  # the child's peak memory, where the platform tells it


@dataclass(frozen=True)
class Failed:
    message: str  # what the user reads, worded as a worker thread gave it
    errors: dict[str, str] | None  # a ValidationError's fields, to raise it again here
    details: str = ""  # the child's traceback, for the log

    def exception(self) -> Exception:
        if self.errors is not None:
            return ValidationError(self.errors)
        return ChildExportError(self.message)


class ChildExportError(Exception):
    """The child failed for a reason that is not the user's to fix (the log has the details)."""


CANCELLED = "cancelled"


@dataclass(frozen=True)
class NeedsConfirmation:
    """The ready-to-send check found something (svdesk.exports.readiness.Readiness): the child
    waits until the parent says go on (ChildExport.go_on) or cancels."""

    readiness: object


def _confirm_by_parent(conn, go, cancel):
    """In the child: ask the parent over the pipe and wait for its answer (the go Event, or
    the cancel Event)."""

    def confirm(readiness) -> bool:
        conn.send(NeedsConfirmation(readiness))
        while not (go.is_set() or cancel.is_set()):
            go.wait(0.1)
        return go.is_set() and not cancel.is_set()

    return confirm


def _peak_mb() -> float | None:
    """This process's own peak resident memory. On Linux from VmHWM: ru_maxrss would carry the
    parent's peak over (the child is forked from it, then exec'd)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def _child_main(db_path: str, req: ExportRequest, out: str, cancel, conn, go=None) -> None:
    """The child's whole life: open read-only, export, report, close. go: given, the
    ready-to-send check runs on the built report and the parent confirms what it found."""

    from svdesk.exports.runner import run_export
    from svdesk.safety.lock import open_read_only

    try:
        store = open_read_only(db_path)
        try:
            confirm = None if go is None else _confirm_by_parent(conn, go, cancel)
            steps = run_export(store, req, out, cancel, confirm)
            while True:
                try:
                    conn.send(next(steps))
                except StopIteration as stop:
                    result = stop.value
                    break
                # Between steps what the export holds is what it has gathered (and then the
                # report): kept to the end, so kept out of the collector's passes, which walked
                # it again and again as more came. Only this child's, which ends with the
                # export; what the next step makes and drops is collected as before.
                perf_switches.freeze_long_lived()
        finally:
            store.close()
        conn.send(Finished(replace(result, report=None), "PySide6" in sys.modules, _peak_mb()))
    except Cancelled:
        conn.send(CANCELLED)
    except ValidationError as exc:
        conn.send(Failed(str(exc), exc.errors))
    except Exception as exc:  # noqa: BLE001 (reported to the user, the traceback to the log)
        conn.send(Failed(str(exc) or exc.__class__.__name__, None, traceback.format_exc()))
    finally:
        conn.close()


# What every export imports on its way, imported by a standby before it is asked for anything:
# the builders, every area's service the figures come from and SQLAlchemy's SQLite dialect. The
# format libraries (reportlab, openpyxl, python-docx, Pillow) are not: together they were ~35 MB
# of an idle standby's 86 MB (issue #23 point 4: under 60 MB), and each export needs one of
# them. Nothing here may import Qt, and nothing here may import a format library
# (tests/unit/test_exports_child.py holds the standby to it).
WARM_MODULES = (
    "svdesk.exports.runner",
    "svdesk.exports.build_workbook",
    "svdesk.exports.build_return",
    "svdesk.exports.build_pack",
    "svdesk.exports.build_statement",
    "svdesk.exports.build_tender",
    "svdesk.exports.build_assessment",
    "svdesk.exports.build_activity",
    "svdesk.exports.build_crp",
    "svdesk.exports.build_payment",
    "svdesk.exports.txt_writer",
    "svdesk.safety.lock",
    "svdesk.calc.commitments",
    "svdesk.services.measures",
    "svdesk.services.commitments",
    "svdesk.services.spend_analysis",
    "svdesk.services.people",
    "svdesk.services.activities",
    "svdesk.services.activity_kinds",
    "svdesk.services.evidence",
    "svdesk.services.case_studies",
    "svdesk.services.assessment",
    "svdesk.services.assessment_actions",
    "svdesk.services.measure_plugins",
    "svdesk.services.activity_measures",
    "svdesk.services.people_measures",
    "svdesk.services.spend_measures",
    "sqlalchemy.dialects.sqlite.pysqlite",
)

# Each format's writer and its library: imported by the export itself when it renders (the
# runner's own imports, after the figures are gathered, so the first Progress is not held up),
# a few tenths of a second of the export it is for instead of every idle standby's memory.
FORMAT_MODULES: dict[str, tuple[str, ...]] = {
    ".xlsx": ("svdesk.exports.xlsx_writer", "openpyxl.packaging.extended"),
    ".pdf": ("svdesk.exports.pdf_writer",),
    ".docx": ("svdesk.exports.docx_writer",),
    ".txt": ("svdesk.exports.txt_writer",),
}

# The libraries a waiting standby must not hold (they are the format's to bring).
FORMAT_LIBRARIES = ("reportlab", "openpyxl", "docx", "PIL", "lxml")


def _import_all(names) -> None:
    import importlib

    for name in names:
        importlib.import_module(name)


def _warm_up() -> None:
    """Import what every export will and set up the ORM's mappers, which the first query would.
    A module missing from the list's names fails here (tests/unit/test_cli_tables.py)."""
    _import_all(WARM_MODULES)
    from sqlalchemy.orm import configure_mappers

    configure_mappers()  # what the first query would do: the models' relationships


def _standby_main(jobs, cancel, conn, warmed, go) -> None:
    """A standby's life: import, wait for one job, then live as _child_main; or end quietly
    when the pipe closes before any job came."""

    _warm_up()
    # What the imports made stays out of the collector's full passes, which walked it all
    # several times in the large workbook's export. (Collecting less often instead cost the
    # evidence pack more memory at its peak: its PDF objects form cycles.)
    perf_switches.freeze_long_lived()
    warmed.set()
    try:
        db_path, req, out, confirm = jobs.recv()
    except (EOFError, OSError):
        conn.close()
        return
    finally:
        jobs.close()
    _child_main(db_path, req, out, cancel, conn, go if confirm else None)


class Standby:
    """A child process started ahead of time: it imports what exports use, then waits for one
    job (ChildExport(standby=...)). Started on construction; stop() ends one never used."""

    def __init__(self):
        context = multiprocessing.get_context("spawn")
        self._cancel = context.Event()
        self._go = context.Event()
        self.warmed = context.Event()  # set by the child once its imports are done
        self._conn, writer = context.Pipe(duplex=False)
        reader, self._jobs = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_standby_main,
            args=(reader, self._cancel, writer, self.warmed, self._go),
            name="svdesk export (standby)",
            daemon=True,
        )
        self.process.start()
        writer.close()  # the child holds the only writer: its end is our EOF
        reader.close()
        self.taken = False

    @property
    def ready(self) -> bool:
        """Alive and not yet given a job."""
        return not self.taken and self.process.is_alive()

    def hand_over(self, db_path: str, req: ExportRequest, out: str, confirm: bool = False):
        """Give the child its job: (process, cancel Event, message pipe, go Event) for
        ChildExport. Raises OSError (BrokenPipeError) when the child has gone."""
        if self.taken:
            raise RuntimeError("this standby has already been given a job")
        self._jobs.send((db_path, req, out, confirm))
        self.taken = True
        self._jobs.close()
        return self.process, self._cancel, self._conn, self._go

    def stop(self, timeout: float = 2.0) -> None:
        """End a standby never given a job (one given a job is its ChildExport's to end)."""
        if self.taken:
            return
        self.taken = True
        self._jobs.close()
        if self.process.is_alive():
            self.process.terminate()  # it may still be importing: nothing to lose
        self.process.join(timeout)
        self._conn.close()


def _write_once_setup(store) -> None:
    """Make the writes reading would otherwise make once per database (the shipped proxy
    values, svdesk.services.proxies.ensure_defaults), which the read-only child cannot. After
    the first time it is one lookup by key."""
    from sqlalchemy.exc import OperationalError

    from svdesk.services.proxies import ensure_defaults

    with contextlib.suppress(OperationalError):  # a read-only window: the child meets it and says so
        ensure_defaults(store)


class ChildExport:
    """One export running in a child process; started on construction."""

    def __init__(
        self,
        store,
        req: ExportRequest,
        out: Path | str,
        grace: float = GRACE_SECONDS,
        standby: Standby | None = None,
        confirm: bool = False,
    ):
        """store: the caller's own (writable) store. The child opens store.where (path or URL) read-only.
        standby: a Standby to run the export in (when it is still ready), instead of a new
        child; .from_standby says whether one was used. confirm: the child runs the
        ready-to-send check on the report it built and, if the check finds anything, sends
        NeedsConfirmation and waits for go_on() or cancel()."""
        _write_once_setup(store)
        self.out = Path(out)
        self.grace = grace
        self.final: Finished | Failed | str | None = None
        self._deadline: float | None = None
        self._killed = False
        self._temps_before = temporary_files(self.out)  # another export's, not ours to remove
        self.from_standby = False
        if standby is not None and standby.ready:
            try:
                self.process, self._cancel, self._conn, self._go = standby.hand_over(
                    store.where, req, str(out), confirm
                )
                # Kept while the child lives: its Events must outlive the child's start (a
                # collected one is unlinked, and a child still starting then cannot open it).
                self._standby = standby
                self.from_standby = True
                return
            except OSError:  # it ended between the check and the job: start one anew
                standby.stop()
        context = multiprocessing.get_context("spawn")
        self._cancel = context.Event()
        self._go = context.Event()
        self._conn, writer = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_child_main,
            args=(store.where, req, str(out), self._cancel, writer, self._go if confirm else None),
            name=f"svdesk export {req.kind}",
            daemon=True,
        )
        self.process.start()
        writer.close()  # the child holds the only writer: its end is our EOF

    @property
    def done(self) -> bool:
        return self.final is not None

    def cancel(self) -> None:
        """Ask the child to stop at its next step; past the grace it is terminated."""
        if self.final is None and self._deadline is None:
            self._cancel.set()
            self._deadline = time.monotonic() + self.grace

    def go_on(self) -> None:
        """The user has seen what the ready-to-send check found and goes on: write it."""
        self._go.set()

    def wait(self, timeout: float) -> None:
        """Wait up to timeout seconds for the child to say something (scripts and tests)."""
        if self.final is None:
            self._conn.poll(timeout)

    def messages(self) -> list:
        """What the child has sent since the last call (Progress, then one final message, also
        kept in .final); never waits. Terminates a cancelled child that is past its grace."""
        got: list = []
        while self.final is None and self._conn.poll():
            try:
                message = self._conn.recv()
            except (EOFError, OSError):  # the child ended without a last word
                message = self._ended_early()
            if not isinstance(message, (Progress, NeedsConfirmation)):
                self._finish(message)
            got.append(message)
        if (
            self.final is None
            and self._deadline is not None
            and not self._killed
            and time.monotonic() > self._deadline
        ):
            self._killed = True
            self.process.terminate()
        return got

    def stop_now(self, timeout: float = 2.0) -> None:
        """End the child at once (the window is closing): terminate it, wait for it up to
        timeout seconds and remove its temporary file. The old file at the target stays."""
        if self.final is None:
            self._cancel.set()
            self._killed = True
            self.process.terminate()
            self.process.join(timeout)
            self._remove_our_temps()
            self._finish(CANCELLED)

    def outcome(self) -> ExportResult:
        """The result, or the error the child met (ValidationError, Cancelled, ...)."""
        if isinstance(self.final, Finished):
            return self.final.result
        if isinstance(self.final, Failed):
            raise self.final.exception()
        if self.final == CANCELLED:
            raise Cancelled()
        raise RuntimeError("the export has not finished")

    def _ended_early(self) -> Failed | str:
        self.process.join(0.5)  # it has closed its end: it is exiting, if not gone
        self._remove_our_temps()
        if self._killed or self._cancel.is_set():
            return CANCELLED
        return Failed(f"The export stopped unexpectedly (exit code {self.process.exitcode})", None)

    def _finish(self, message) -> None:
        self.final = message
        self._conn.close()

    def _remove_our_temps(self) -> None:
        for temp in temporary_files(self.out) - self._temps_before:
            temp.unlink(missing_ok=True)


def run_in_child(
    store, req: ExportRequest, out: Path | str, on_progress=None, standby: Standby | None = None
) -> ExportResult:
    """Run the export in a child process (the standby, if given and ready) and wait for it
    (scripts, tests, the bundle's self-test); raises what the child met, as export_now would."""
    job = ChildExport(store, req, out, standby=standby)
    while not job.done:
        job.wait(0.1)
        for message in job.messages():
            if isinstance(message, Progress) and on_progress is not None:
                on_progress(message)
    return job.outcome()
