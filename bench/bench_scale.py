"""Scale benchmark: every screen, the spend filter, the dashboard and the exports on a big database.

    /work/main/.venv/bin/python bench/make_large_db.py /tmp/large.svdesk          # once
    /work/main/.venv/bin/python bench/bench_scale.py /tmp/large.svdesk [--only screens,exports]

Runs the real window offscreen. A QTimer heartbeat ticks every 10 ms on the GUI thread; the
longest gap between ticks during a step is the longest time the window could not respond (a
"stall"). Work that runs on the GUI thread stalls it for its whole duration; work in a background
task should leave gaps near 10 ms. Each step reports its time, the longest stall, and the peak
memory of the process so far (ru_maxrss), and the longest pause of Python's cyclic garbage
collector during it: a full collection is one long C call that holds the GIL, so it stalls the
GUI thread even when the work runs in a worker. Exports run in a child process, as the Reports
page runs them (svdesk.ui.child_job): their step's peak is the window's, and the child's own
peak follows on the next line. The Reports page is shown before the exports, as a user opens
it: it starts a standby export child, which the first export uses (--no-standby: none, each
export starts its own child). Each .xlsx export is compared with openpyxl's write-only mode
writing the same cells in the same run (bench/xlsx_baseline.py). Areas not in
this svdesk yet print "skipped: <area> not available"; no figure is invented.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QLineEdit, QTableView

# No Qt at module level: an export's "spawn" child process imports this file again (as
# __mp_main__), and the child must stay as light as the user's, without PySide6.

STALL_GOAL_MS = 100


def rss_mb() -> float:
    """The process's resident memory now (VmRSS), as against the peak so far."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Heartbeat:
    """Ticks every 10 ms on the GUI thread and remembers the longest gap between ticks."""

    def __init__(self):
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0

    def _tick(self):
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self):
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def stop(self) -> float:
        self._tick()  # the gap up to now counts too
        self.timer.stop()
        return self.longest


class GcPauses:
    """The longest cyclic garbage collection since reset(), from gc.callbacks."""

    def __init__(self):
        self.started = 0.0
        self.longest = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, _info: dict) -> None:
        now = time.perf_counter()
        if phase == "start":
            self.started = now
        else:
            self.longest = max(self.longest, now - self.started)

    def reset(self) -> None:
        self.longest = 0.0


def _print_costliest(profiler, lines: int = 14) -> None:
    """The GUI thread's costliest calls in a step (own time, then svdesk's by cumulative)."""
    import io
    import pstats

    for key, title in (("tottime", "own time"), ("cumulative", "cumulative, svdesk only")):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats(key)
        stats.print_stats("svdesk" if key == "cumulative" else "", lines)
        body = [ln for ln in out.getvalue().splitlines() if ln.strip() and ln.lstrip()[:1].isdigit()]
        print(f"      GUI thread, {title}:")
        for ln in body[:lines]:
            print("        " + ln.strip()[:150])


class Steps:
    def __init__(self, app: QApplication, profile_stalls: bool = False):
        self.app = app
        self.heart = Heartbeat()
        self.gc = GcPauses()
        self.rows: list[tuple[str, float, float, float]] = []
        # --profile-stalls: each step runs under cProfile (the GUI thread only: what the
        # window itself does), and a step that stalls over 100 ms prints its costliest calls.
        self.profile_stalls = profile_stalls

    def settle(self, timeout: float = 600.0, until=None) -> None:
        """Run the event loop until background jobs and page reads are done (and `until()`
        holds)."""
        from svdesk.ui import tasks

        end = time.perf_counter() + timeout
        quiet = 0
        while time.perf_counter() < end:
            self.app.processEvents()
            busy = not tasks.idle() or (until is not None and not until())
            quiet = 0 if busy else quiet + 1
            if quiet >= 3:
                return
            time.sleep(0.005)
        raise TimeoutError("the step did not finish in time")

    def run(self, name: str, action, until=None, timeout: float = 600.0):
        profiler = None
        if self.profile_stalls:
            import cProfile

            profiler = cProfile.Profile()
        self.heart.start()
        self.gc.reset()
        t0 = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        result = action()
        self.settle(until=until, timeout=timeout)
        if profiler is not None:
            profiler.disable()
        seconds = time.perf_counter() - t0
        stall = self.heart.stop()
        self.rows.append((name, seconds, stall, peak_mb()))
        flag = "" if stall * 1000 <= STALL_GOAL_MS else "  (stall over 100 ms)"
        print(
            f"  {name:44} {seconds * 1000:9.0f} ms  stall {stall * 1000:7.0f} ms  "
            f"gc {self.gc.longest * 1000:5.0f} ms  rss {rss_mb():6.0f} MB  peak {peak_mb():6.0f} MB{flag}",
            flush=True,
        )
        if profiler is not None and stall * 1000 > STALL_GOAL_MS:
            _print_costliest(profiler)
        return result

    def skip(self, name: str, why: str) -> None:
        print(f"  {name:44} skipped: {why}", flush=True)


def bench_screens(steps: Steps, window, only: set[str] | None = None) -> None:
    from svdesk.ui.areas import AREAS

    print("Opening each screen (first time, then again):")
    chosen = [a for a in AREAS if only is None or a.key in only]
    for area in chosen:
        steps.run(f"open {area.title}", lambda key=area.key: window.show_area(key))
    for area in chosen:
        steps.run(f"reopen {area.title}", lambda key=area.key: window.show_area(key))
    print(f"  after visiting every page: resident {rss_mb():.0f} MB, peak {peak_mb():.0f} MB")


def _search_box(page) -> QLineEdit | None:
    """The page's search box: the visible one first (a page may have one per tab)."""
    from PySide6.QtWidgets import QLineEdit

    boxes = [
        e
        for e in page.findChildren(QLineEdit)
        if "search" in (e.placeholderText() + " " + e.accessibleName()).lower()
    ]
    boxes.sort(key=lambda e: not e.isVisible())
    return boxes[0] if boxes else None


def _table_of(page) -> QTableView | None:
    from PySide6.QtWidgets import QTableView

    tables = [t for t in page.findChildren(QTableView) if t.isVisible()]
    return tables[0] if tables else None


def bench_spend_filter(steps: Steps, window) -> None:
    page = window.show_area("spend")
    steps.settle()
    lines = getattr(page, "lines", None)  # the spend page's "Spend lines" tab, if it has one
    if lines is not None and hasattr(page, "tabs"):
        from svdesk.ui.pages import spend as spend_module

        page.tabs.setCurrentIndex(getattr(spend_module, "LINES", 1))
        steps.settle()
        page = lines
    box, table = _search_box(page), _table_of(page)
    if box is None or table is None:
        steps.skip("filter the spend table", "the spend page has no search box and table")
        return
    model = table.model()
    print(f"Spend table: {model.rowCount():,} rows shown before filtering")
    # A model that answers in the background says so with `busy`; it is done when it has
    # reset (or re-laid out) and is no longer busy.
    idle = lambda: not getattr(model, "busy", False)  # noqa: E731
    from PySide6.QtCore import Qt

    actions = (
        ("filter the spend table (“Timber”)", lambda: box.setText("Timber")),
        ("clear the spend filter", lambda: box.setText("")),
        ("sort the spend table by supplier", lambda: table.sortByColumn(1, Qt.AscendingOrder)),
        ("scroll to the last line", table.scrollToBottom),
        ("sort the spend table newest first", lambda: table.sortByColumn(0, Qt.DescendingOrder)),
    )
    for name, action in actions:
        if name.startswith("sort") and not table.isSortingEnabled():
            steps.skip(name, "this spend table does not sort")
            continue
        done = {"reset": name.startswith("scroll")}
        mark = lambda *_, done=done: done.__setitem__("reset", True)  # noqa: E731
        model.modelReset.connect(mark)
        model.layoutChanged.connect(mark)
        # Includes the page's own typing delay (a single-shot timer) before it queries.
        try:
            steps.run(name, action, until=lambda done=done: done["reset"] and idle(), timeout=120)
        except TimeoutError:
            print(f"  {name:44} did not finish within 120 s")
        model.modelReset.disconnect(mark)
        model.layoutChanged.disconnect(mark)
        print(f"    {model.rowCount():,} rows")


def bench_dashboard(steps: Steps, window) -> None:
    page = window.show_area("dashboard")
    steps.settle()
    # recompute, not refresh: a visit with nothing written since the last count counts nothing
    steps.run("recompute the dashboard", getattr(page, "recompute", page.refresh))


def _drain_in_worker(steps: Steps, job, on_progress=None):
    """Run a core generator job as the UI does (svdesk.ui.tasks) and wait for its result."""
    from svdesk.ui import tasks

    box: dict = {}
    tasks.run(
        job,
        kind=tasks.Kind.WRITE,
        on_done=lambda r: box.setdefault("result", r),
        on_error=lambda e: box.setdefault("error", e),
        on_progress=on_progress,
    )
    steps.settle(until=lambda: "result" in box or "error" in box)
    if "error" in box:
        raise RuntimeError(box["error"])
    return box.get("result")


# (kind, file name, suffix, for one contract?): every export svdesk offers, in its main formats.
EXPORT_RUNS = (
    ("workbook", "evidence-workbook", ".xlsx", False),
    ("statement", "annual-statement", ".pdf", False),
    ("pack", "evidence-pack", ".pdf", False),
    ("pack", "evidence-pack", ".docx", False),
    ("return", "contract-return", ".xlsx", True),
    ("tender", "tender-response", ".pdf", True),
    ("tender", "tender-schedule", ".xlsx", True),
)


def _latest_contract(store) -> str | None:
    """The contract whose term ends last: the one a user is most likely to report on."""
    from svdesk.services.contracts import list_contracts

    dated = [c for c in list_contracts(store) if c.start_date and c.end_date]
    return max(dated, key=lambda c: (c.end_date, c.id)).reference if dated else None


def _export_in_child(steps: Steps, store, req, target: Path, on_progress, keeper=None):
    """Run an export as the Reports page does (svdesk.ui.child_job: a child process polled
    by the task manager, the page's standby child when keeper has one) and wait for it: the
    step is the click to the file written. Returns the ChildExport (its last message: result,
    peak memory; from_standby)."""
    from svdesk.ui import tasks
    from svdesk.ui.child_job import ExportChild

    box: dict = {}
    job = ExportChild(store, req, target, keeper.take() if keeper is not None else None)
    tasks.run(
        job,
        kind=tasks.Kind.EXPORT,
        on_done=lambda r: box.setdefault("result", r),
        on_error=lambda e: box.setdefault("error", e),
        on_cancelled=lambda: box.setdefault("error", "cancelled"),
        on_progress=on_progress,
        # the next standby, as the page starts it
        on_finished=keeper.warm if keeper is not None else None,
    )
    steps.settle(until=lambda: "result" in box or "error" in box)
    if "error" in box:
        raise RuntimeError(box["error"])
    return job.export


def _reports_page_standby(steps: Steps, window):
    """Show the Reports page as the user would before exporting: it starts its standby export
    child. Returns the page's StandbyKeeper, or None when this svdesk has no standby."""
    page = window.show_area("reports")
    steps.settle()
    return getattr(page, "standby", None)


def _wait_warmed(steps: Steps, keeper, timeout: float = 60.0) -> float | None:
    """Wait (untimed: the user is choosing the document, period and file) until the keeper's
    standby has done its imports, so that neither the export nor the baseline after it shares
    the CPU with a standby still importing. Seconds waited, None without a standby."""
    if keeper is None:
        return None
    began = time.perf_counter()
    end = began + timeout
    while time.perf_counter() < end:
        steps.app.processEvents()
        standby = keeper.standby
        if standby is not None and standby.warmed.is_set():
            return time.perf_counter() - began
        time.sleep(0.01)
    return None


def bench_exports(
    steps: Steps, store, out_dir: Path, contract: str | None, only: set[str] | None = None, window=None
) -> None:
    try:
        from svdesk.exports.build_common import ExportRequest
        from svdesk.ui.child_job import ExportChild  # noqa: F401 (exports in a child process)
    except ImportError:
        steps.skip("exports", "exports in a child process not available")
        return
    from bench.xlsx_baseline import baseline_seconds

    contract = contract or _latest_contract(store)
    keeper = _reports_page_standby(steps, window) if window is not None else None
    print(f"Exports (in a child process, as the Reports page runs them; contract exports for {contract}):")
    if keeper is not None:
        waited = _wait_warmed(steps, keeper)
        print(
            "  The Reports page is shown first, as a user opens it before exporting: it starts "
            "a standby child that imports the export code while the options are chosen "
            + (
                f"(ready {waited * 1000:,.0f} ms after the page showed; not counted). "
                if waited is not None
                else "(not ready within a minute). "
            )
            + "Each step "
            "is the click to the file written; the next standby starts when an export ends, "
            "and is let finish its imports before the baseline and the next export."
        )
    for kind, name, suffix, per_contract in EXPORT_RUNS:
        if only and f"{name}{suffix}" not in only:
            continue
        target = out_dir / f"{name}{suffix}"
        req = ExportRequest(kind=kind, contract_ref=contract if per_contract else None)
        marks: dict[str, float] = {}
        mark = lambda p: marks.setdefault(p.message.split()[0], time.perf_counter())  # noqa
        _wait_warmed(steps, keeper)
        began = time.perf_counter()
        try:
            export = steps.run(
                f"export {name}{suffix}",
                lambda r=req, t=target, mark=mark: _export_in_child(steps, store, r, t, mark, keeper),
            )
        except Exception as exc:  # noqa: BLE001 (report and go on with the other figures)
            print(f"    {name}{suffix} failed: {exc}")
            continue
        final = export.final
        _wait_warmed(steps, keeper)  # the next standby's imports: not in the baseline
        size = target.stat().st_size / 1024 if target.exists() else 0
        # run_export says "Gathering…" first, then each piece, "Writing…" and "Saving…": the
        # writer's own time is from Writing to Saving; before Gathering the child was starting.
        # (Marks are when the window heard of each step: within a poll, 40 ms.)
        start = marks.get("Gathering", began) - began
        gather = marks.get("Writing", 0) - marks.get("Gathering", 0)
        write = marks.get("Saving", 0) - marks.get("Writing", 0)
        child_peak = f"{final.peak_mb:,.0f} MB" if final.peak_mb else "not known here"
        where = "the standby child" if getattr(export, "from_standby", False) else "a new child"
        print(
            f"    wrote {target.name} in {where}: {size:,.0f} KB; child start "
            f"{start * 1000:,.0f} ms, "
            f"gathering {gather * 1000:,.0f} ms, writing {write * 1000:,.0f} ms; "
            f"child peak memory {child_peak}"
        )
        if suffix == ".xlsx" and target.exists():
            ours = steps.rows[-1][1]
            base = baseline_seconds(target, out_dir / f"baseline-{name}.xlsx")
            # Reading the workbook back leaves openpyxl's cyclic garbage (170,000 cells at full
            # scale): collect it here, or its collection lands in the next step's figures.
            gc.collect()
            print(
                f"    openpyxl write-only, the same cells and styles: {base * 1000:,.0f} ms; "
                f"svdesk / baseline {ours / base:.2f}x in all (goal within 1.50x), writing "
                f"alone {write / base:.2f}x"
            )


def write_xero_bills(path: Path, rows: int) -> None:
    from xero_columns import XERO_BILLS_HEADER  # bench/ is this script's folder

    """A year of bills as Xero exports them (shared/data/import-formats.md), one line each."""
    import csv
    import random
    from datetime import date, timedelta

    rng = random.Random(11)
    towns = [
        ("Salford", "M5 4WT"),
        ("Manchester", "M2 5DB"),
        ("Manchester", "M15 4PS"),
        ("Bolton", "BL1 1RU"),
        ("Stockport", "SK1 3XE"),
    ]
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, XERO_BILLS_HEADER)
        out.writeheader()
        for i in range(rows):
            town, postcode = towns[i % len(towns)]
            day = date(2026, 4, 1) + timedelta(days=rng.randrange(365))
            net = rng.randrange(500, 250_000) / 100
            tax = round(net * 0.2, 2)
            out.writerow(
                {
                    "ContactName": f"{town} Supplies {i % 400} Ltd",
                    "POCity": town,
                    "POPostalCode": postcode,
                    "POCountry": "United Kingdom",
                    "InvoiceNumber": f"BILL-{i:06d}",
                    "Reference": f"PO{i:06d}",
                    "InvoiceDate": day.strftime("%d/%m/%Y"),
                    "DueDate": (day + timedelta(days=30)).strftime("%d/%m/%Y"),
                    "Total": f"{net + tax:.2f}",
                    "TaxTotal": f"{tax:.2f}",
                    "InvoiceAmountPaid": f"{net + tax:.2f}",
                    "InvoiceAmountDue": "0.00",
                    "Description": "Materials",
                    "Quantity": "1",
                    "UnitAmount": f"{net:.2f}",
                    "LineAmount": f"{net:.2f}",
                    "AccountCode": "310",
                    "TaxType": "20% (VAT on Expenses)",
                    "TaxAmount": f"{tax:.2f}",
                    "Currency": "GBP",
                    "Type": "Bill",
                    "Status": "PAID",
                }
            )


def bench_import(steps: Steps, store, out_dir: Path, rows: int) -> None:
    try:
        from svdesk.services.spend_import import spend_import_steps
    except ImportError:
        steps.skip("import a year of bank lines", "spend import not available")
        return
    path = out_dir / "xero-bills-2026.csv"
    write_xero_bills(path, rows)
    print(f"Import ({rows:,} Xero bill lines, in a background worker as the wizard runs it):")
    try:
        summary = steps.run(
            f"import {rows:,} bill lines",
            lambda: _drain_in_worker(steps, lambda cancel: spend_import_steps(store, path)),
        )
    except Exception as exc:  # noqa: BLE001
        print(f"    the import failed: {exc}")
        return
    print(
        f"    {summary.rows_read:,} rows read, {summary.to_import:,} lines imported, "
        f"{summary.new_suppliers:,} new suppliers, {summary.rejected:,} rejected, "
        f"{summary.skipped:,} skipped ({summary.format_label})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--only", default="screens,spend,dashboard,exports,import,open")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument(
        "--profile-stalls",
        action="store_true",
        help="profile the GUI thread in each step; print the costliest calls of a step over 100 ms",
    )
    parser.add_argument(
        "--areas", help="the screens to open, by key (people,evidence,...); all when not given"
    )
    parser.add_argument(
        "--exports", help="only these exports, e.g. evidence-workbook.xlsx,contract-return.xlsx"
    )
    parser.add_argument(
        "--contract", help="contract for the per-contract exports (default: the one whose term ends last)"
    )
    parser.add_argument(
        "--no-standby",
        action="store_true",
        help="export without showing the Reports page first: each export "
        "starts a child of its own (what happens with no standby ready)",
    )
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    if not args.db.exists():
        parser.error(f"{args.db} does not exist: make it with bench/make_large_db.py")

    from bench.bench_startup import machine

    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f} at the start")
    print(f"database: {args.db} ({args.db.stat().st_size / 1024 / 1024:,.0f} MB)")
    with tempfile.TemporaryDirectory(prefix="svdesk-scale-") as tmp:
        tmp = Path(tmp)
        # Work on a copy beside its evidence folder: the benchmark must not change the original.
        db = tmp / args.db.name
        shutil.copy(args.db, db)
        evidence = args.db.with_name(args.db.stem + "-evidence")
        if evidence.is_dir():
            os.symlink(evidence, db.with_name(db.stem + "-evidence"))
        os.environ["SVDESK_HOME"] = str(tmp / "home")
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(sys.argv[:1])
        from svdesk.ui import app as app_module

        app_module.create_application()
        steps = Steps(app, args.profile_stalls)
        print("Start:")

        # As the user starts svdesk: the frame paints, the database opens on a worker, the lock
        # is taken and the dashboard shows; the check and the day's first backup follow.
        def window_ready() -> bool:
            shown = app_module._windows[-1] if app_module._windows else None
            return (
                shown is not None
                and shown.store is not None
                and (shown.safety_check_done is None or shown.safety_check_done.is_set())
            )

        window = steps.run(
            "start-up to the dashboard, check and backup",
            lambda: app_module.open_progressively(db),
            until=lambda: window_ready(),
        )
        store = window.store
        steps.settle()
        if "screens" in wanted:
            bench_screens(steps, window, set(args.areas.split(",")) if args.areas else None)
        if "spend" in wanted:
            bench_spend_filter(steps, window)
        if "dashboard" in wanted:
            bench_dashboard(steps, window)
        if "exports" in wanted:
            bench_exports(
                steps,
                store,
                tmp,
                args.contract,
                set(args.exports.split(",")) if args.exports else None,
                None if args.no_standby else window,
            )
        if "import" in wanted:  # it adds to the database
            bench_import(steps, store, tmp, args.import_rows)
        if "open" in wanted:  # last: it replaces the window
            other = tmp / f"other-{args.db.name}"
            shutil.copy(args.db, other)
            if evidence.is_dir():
                os.symlink(evidence, other.with_name(other.stem + "-evidence"))
            print("File > Open (another copy of the database, replacing this window):")
            old = window  # File > Open: the new window shows the data, then this one goes
            window = steps.run(
                "open another database",
                lambda: app_module.switch_database(other, old),
                until=lambda: window_ready() and old not in app_module._windows,
            )
            store = window.store
        worst = max(steps.rows, key=lambda r: r[2])
        print(f"longest stall: {worst[2] * 1000:.0f} ms ({worst[0]}); peak memory {peak_mb():.0f} MB")
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
