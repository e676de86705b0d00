"""Run an export: build the report as data, render it to the chosen format, swap it into place.

run_export is a core generator (no Qt): it yields svdesk.progress.Progress between steps and
checks the cancel flag, so the UI runs it off the GUI thread through svdesk.ui.tasks and the
command line simply drains it. The file is written to a temporary file beside the target and
moved over it only when complete, so a failed or cancelled export leaves the old file untouched.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path

from svdesk.exports import model as m
from svdesk.exports.atomic import atomic_output
from svdesk.exports.build_common import Context, ExportRequest, resolve
from svdesk.progress import Cancelled, Progress, run_steps
from svdesk.services.validation import ValidationError


@dataclass(frozen=True)
class ExportKind:
    key: str
    title: str
    description: str
    formats: tuple[str, ...]  # file suffixes, the first is the default
    needs_contract: bool = False
    takes_contract: bool = True  # False: organisation-wide only; a contract is refused


EXPORTS: dict[str, ExportKind] = {
    k.key: k
    for k in (
        ExportKind(
            "workbook",
            "Evidence workbook",
            "Every figure behind a contract or the whole organisation, one sheet per area, "
            "with formulas and filters.",
            (".xlsx",),
        ),
        ExportKind(
            "return",
            "Contract return",
            "One row per KPI per quarter: target and actual for the period and to date, "
            "status, your commentary and evidence; or the buyer's own workbook filled in.",
            (".xlsx",),
            needs_contract=True,
        ),
        ExportKind(
            "pack",
            "Evidence pack",
            "A designed PDF with summary, commitments, charts, case studies and the evidence index.",
            (".pdf", ".docx"),
        ),
        ExportKind(
            "statement",
            "Annual impact statement",
            "A printable report for a year: headline figures, themes, stories, the year "
            "against the last, and honest limits.",
            (".pdf", ".docx"),
        ),
        ExportKind(
            "tender",
            "Tender response",
            "A structured social value answer from your chosen commitments, for PDF, Word, "
            "a commitments schedule or a buyer's portal.",
            (".pdf", ".docx", ".xlsx", ".txt"),
            needs_contract=True,
        ),
        ExportKind(
            "assessment",
            "Self-assessment report",
            "The latest self-assessment with section scores, gaps and the action plan.",
            (".pdf", ".docx"),
            takes_contract=False,
        ),
        ExportKind(
            "crp",
            "Carbon Reduction Plan",
            "The PPN 006 plan: net zero commitment, baseline and current footprints, "
            "targets, projects and the director's sign-off.",
            (".pdf", ".docx"),
        ),
    )
}


@dataclass
class ExportResult:
    path: Path
    kind: str
    title: str
    # The model.Document or model.Workbook that was rendered; None when the export ran in a
    # child process (svdesk.exports.child), where the model stays.
    report: object | None = None


def build(store, req: ExportRequest, ctx: Context | None = None):
    """The report as data (model.Document or model.Workbook), with any person reference a user
    typed into free text scrubbed out and named people who did not agree to be named shown
    by their role. ctx: one already resolved (and perhaps gathered)."""
    from svdesk.exports.named_people import withheld, withhold
    from svdesk.exports.privacy import person_references, scrub, withhold_small_counts

    ctx = ctx or context(store, req)
    report = withhold_small_counts(scrub(_build(ctx, req), person_references(store)))
    report = withhold(report, withheld(store, ctx.contract.reference if ctx.contract else None, req.tender))
    for part in report if isinstance(report, tuple) else (report,):
        part.figures = ctx.manifest  # what each printed figure is a figure of
    return report


def context(store, req: ExportRequest) -> Context:
    """The export's context, checked: the errors a user can fix come before any work."""
    kind = EXPORTS.get(req.kind)
    if kind is None:
        raise ValidationError({"kind": f"There is no export called “{req.kind}”."})
    if not kind.takes_contract and (req.contract_ref or req.contract_id is not None):
        raise ValidationError(
            {
                "contract": f"The {kind.title.lower()} covers the whole "
                "organisation, not one contract: leave the contract "
                "out."
            }
        )
    ctx = resolve(store, req)
    if kind.needs_contract and ctx.contract is None:
        raise ValidationError(
            {"contract": f"The {kind.title.lower()} is for one contract: choose the contract."}
        )
    if req.kind == "crp":
        from svdesk.services.carbon_plan import crp_figures

        figures = ctx.cache["crp"] = crp_figures(store, ctx.start, ctx.end, ctx.today)
        if figures.problems:  # named before any work: each would get the plan rejected
            raise ValidationError(
                {"crp": "The plan would be rejected:\n" + "\n".join(f"  - {p}" for p in figures.problems)}
            )
    return ctx


def gather_steps(kind: str) -> list[tuple[str, Callable[[Context], object]]]:
    """What an export reads before it is built, one piece at a time, with what to tell the
    user: the pieces are kept in the context, so the builder then finds them ready. Taking
    them one by one lets the window show what is happening and hear Cancel between them."""
    from svdesk.exports.build_activity import all_records

    pieces = {
        "measures": ("Counting the measures…", Context.measures),
        "delivery": ("Checking delivery against the commitments…", Context.delivery),
        "spend": ("Adding up the spend…", Context.spend),
        "people": ("Reading the jobs…", Context.people),
        "activity": ("Reading the activity records…", all_records),
        "evidence": ("Listing the evidence files…", Context.evidence),
    }
    wanted = {
        "workbook": ("measures", "delivery", "spend", "people", "activity", "evidence"),
        "pack": ("measures", "delivery", "spend", "people", "activity", "evidence"),
        "statement": ("measures", "spend"),
        "return": ("delivery", "evidence"),
    }.get(kind, ())
    return [pieces[w] for w in wanted]


def _build(ctx: Context, req: ExportRequest):
    if req.kind == "workbook":
        from svdesk.exports.build_workbook import build_workbook

        return build_workbook(ctx)
    if req.kind == "return":
        from svdesk.exports.build_return import build_return

        return build_return(ctx)
    if req.kind == "pack":
        from svdesk.exports.build_pack import build_pack

        return build_pack(ctx)
    if req.kind == "statement":
        from svdesk.exports.build_statement import build_statement

        return build_statement(ctx)
    if req.kind == "assessment":
        from svdesk.exports.build_assessment import build_assessment

        return build_assessment(ctx)
    if req.kind == "crp":
        from svdesk.exports.build_crp import build_crp

        return build_crp(ctx, ctx.cache["crp"])
    from svdesk.exports.build_tender import build_tender

    return build_tender(ctx, req.tender)


def render(report, path: Path, suffix: str | None = None) -> Path:
    """Write report to path in the format named by suffix (default: path's own suffix)."""
    suffix = (suffix or path.suffix).lower()
    if isinstance(report, tuple):  # tender: (document, commitments schedule)
        report = report[1] if suffix == ".xlsx" else report[0]
    if getattr(report, "verbatim", False):  # the user's own answer: exported as written
        from svdesk.exports.privacy import keep_user_text

        with keep_user_text():
            return _render(report, path, suffix)
    return _render(report, path, suffix)


def _render(report, path: Path, suffix: str) -> Path:
    if isinstance(report, m.Workbook):
        if suffix != ".xlsx":
            raise ValidationError({"out": "This export is a workbook: save it as .xlsx."})
        from svdesk.exports.xlsx_writer import write_workbook

        return write_workbook(report, path)
    if suffix == ".pdf":
        from svdesk.exports.pdf_writer import write_pdf

        return write_pdf(report, path)
    if suffix == ".docx":
        from svdesk.exports.docx_writer import write_docx

        return write_docx(report, path)
    if suffix == ".txt":
        from svdesk.exports.txt_writer import write_txt

        return write_txt(report, path)
    raise ValidationError(
        {
            "out": f"svdesk cannot write a “{suffix or 'no suffix'}” file for this "
            "export: use .pdf, .docx or .txt."
        }
    )


def check_format(kind: str, out: Path) -> None:
    k = EXPORTS.get(kind)
    if k is not None and out.suffix.lower() not in k.formats:
        raise ValidationError(
            {
                "out": f"The {k.title.lower()} can be saved as "
                f"{', '.join(k.formats)}; “{out.name}” is not one of "
                "these."
            }
        )


def run_export(
    store,
    req: ExportRequest,
    out: Path | str,
    cancel: threading.Event | None = None,
    confirm: Callable[[object], bool] | None = None,
) -> Generator[Progress, None, ExportResult]:
    """Gather, build and write the export, a Progress at each step. confirm: given, the
    ready-to-send check (svdesk.exports.readiness) runs on the report just built and, when it
    finds anything, confirm(readiness) decides: True writes it, False stops (Cancelled) with
    nothing written. The report is built once for both."""
    out = Path(out)
    check_format(req.kind, out)
    title = EXPORTS[req.kind].title

    def check() -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled()

    steps = gather_steps(req.kind)
    total = len(steps) + 3
    # every read of the export in one session and snapshot (Store.one_read): a few round
    # trips to a server instead of hundreds, and figures that agree with each other
    with store.one_read():
        ctx = context(store, req)
        yield Progress(0, total, f"Gathering the figures for the {title.lower()}…")
        check()
        for n, (message, fetch) in enumerate(steps, start=1):
            yield Progress(n, total, message)  # shown while this piece is read
            check()
            fetch(ctx)
        check()
        report = build(store, req, ctx)
        readiness = None
        if confirm is not None:
            from svdesk.exports.readiness import check as readiness_check

            yield Progress(total - 2, total, f"Checking the {title.lower()} is ready to send…")
            readiness = readiness_check(store, req, ctx, report, suffix=out.suffix)
    if confirm is not None:
        assert readiness is not None
        if not readiness.ready and not confirm(readiness):
            raise Cancelled()
        check()
    yield Progress(total - 2, total, f"Writing {out.name}…")
    check()
    with atomic_output(out) as temp:
        render(report, temp, out.suffix)
        # A last chance to cancel: the worker closes the generator here (GeneratorExit), or
        # the flag is set; either way the temporary file is removed and the old file stays.
        yield Progress(total - 1, total, f"Saving {out.name}…")
        check()
    yield Progress(total, total, f"Saved {out.name}")
    return ExportResult(out, req.kind, title, report)


def export_now(
    store, req: ExportRequest, out: Path | str, on_progress: Callable[[Progress], None] | None = None
) -> ExportResult:
    """Drain run_export (the command line and tests)."""
    return run_steps(run_export(store, req, out), on_progress)
