"""Ready to send: what to fix before a document goes to a buyer (issue 15 point 7).

check(store, req) looks at the export a request would write, as data, before any file is
written, and returns blockers (the document is not fit to send: placeholder text, nothing to
show) and warnings (it can go, but a reader will notice: an empty section, claims without
evidence, suppliers without postcodes, a part period, measures without a £ value, records not
claimed). Each issue says what is wrong and how to fix it. The window shows them before it
exports; a blocker stops the export unless the user chooses to go on. `svdesk export` prints
them, and with --strict exits non-zero when there are any.

Core code: no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from svdesk.exports import model as m
from svdesk.exports.build_common import Context, ExportRequest
from svdesk.exports.measure_tables import not_computed
from svdesk.formatting import format_date, format_money

BLOCKER, WARNING = "blocker", "warning"

# Text that stands where the answer should be: a buyer reading it sees an unfinished document.
PLACEHOLDERS = ("No commitments chosen yet", "No commitments recorded for this contract yet")
NOT_CONFIRMED = "Not yet confirmed as additional"
# Which checks of the figures belong to which document (the assessment report has none).
FIGURE_KINDS = {"workbook", "pack", "statement", "return"}
SPEND_KINDS = {"workbook", "pack", "statement"}


@dataclass(frozen=True)
class Issue:
    level: str  # BLOCKER or WARNING
    code: str  # placeholder, empty_section, no_evidence, no_postcode, part_period,
    #                     unvalued, not_claimed, nothing_to_show, person_reference,
    #                     not_computed
    message: str  # what is wrong, in words
    fix: str  # what to do about it

    @property
    def is_blocker(self) -> bool:
        return self.level == BLOCKER

    def line(self) -> str:
        word = "Blocker" if self.is_blocker else "Warning"
        return f"{word}: {self.message} Fix: {self.fix}"


@dataclass
class Readiness:
    kind: str
    title: str
    issues: list[Issue] = field(default_factory=list)

    @property
    def blockers(self) -> list[Issue]:
        return [i for i in self.issues if i.is_blocker]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_blocker]

    @property
    def ready(self) -> bool:
        return not self.issues

    def summary(self) -> str:
        if self.ready:
            return f"The {self.title.lower()} is ready to send: no problems found."
        parts = []
        if self.blockers:
            n = len(self.blockers)
            parts.append(f"{n} blocker{'s' if n != 1 else ''}")
        if self.warnings:
            n = len(self.warnings)
            parts.append(f"{n} warning{'s' if n != 1 else ''}")
        return f"Before you send the {self.title.lower()}: {' and '.join(parts)}."

    def lines(self) -> list[str]:
        return [self.summary()] + [f"  {i.line()}" for i in self.blockers + self.warnings]


def check(
    store, req: ExportRequest, ctx: Context | None = None, report=None, suffix: str | None = None
) -> Readiness:
    """The blockers and warnings for the export req asks for, in the format of suffix (".xlsx"
    for a tender checks its commitments schedule; None: every part). ctx and report: ones
    already made (the runner's), else they are made here; nothing is written."""
    from svdesk.exports.runner import EXPORTS, build, context

    ctx = ctx or context(store, req)
    report = report if report is not None else build(store, req, ctx)
    result = Readiness(req.kind, EXPORTS[req.kind].title)
    issues = result.issues
    if isinstance(report, tuple) and suffix:  # the part render() would write
        report = report[1] if suffix.lower() == ".xlsx" else report[0]
    for doc in report if isinstance(report, tuple) else (report,):
        issues += _document_issues(doc)
    if req.kind in FIGURE_KINDS:
        issues += _period_issues(ctx)
    if req.kind in FIGURE_KINDS:
        issues += _nothing_counted(ctx) + _figure_issues(ctx)
    if req.kind in SPEND_KINDS:
        issues += _spend_issues(ctx)
    if req.kind == "tender":
        issues += _named_in_answer(store, ctx, req)
    # One line per problem, blockers first, in the order found.
    seen, unique = set(), []
    for issue in issues:
        if (issue.code, issue.message) not in seen:
            seen.add((issue.code, issue.message))
            unique.append(issue)
    result.issues = [i for i in unique if i.is_blocker] + [i for i in unique if not i.is_blocker]
    return result


# --- the document as data -------------------------------------------------------------------


def _is_empty(block) -> bool:
    if isinstance(block, m.Paragraph):
        return block.style == "empty"
    if isinstance(block, m.Table):
        return not block.rows
    if isinstance(block, m.Chart):
        return block.is_empty
    if isinstance(block, m.Section):
        return all(_is_empty(b) for b in block.blocks)
    return False


def _document_issues(doc) -> list[Issue]:
    issues: list[Issue] = []
    texts = m.walk_text(doc)
    joined = "\n".join(texts)
    for phrase in PLACEHOLDERS:
        if phrase.lower() in joined.lower():
            issues.append(
                Issue(
                    BLOCKER,
                    "placeholder",
                    f"The document says “{phrase}” where the commitments should be.",
                    "Choose the commitments for this contract (Measures > "
                    "Commitments, or Bids > Commitments offered), then export again.",
                )
            )
            break
    if "[person]" in joined:
        issues.append(
            Issue(
                WARNING,
                "person_reference",
                "A person reference typed into a note or file name was replaced by “[person]”.",
                "Reword the note or rename the evidence file so it does not mention anyone's reference.",
            )
        )
    if isinstance(doc, m.Document):
        empty = [s.heading for s in doc.sections if _is_empty(s)]
        full = [s for s in doc.sections if not _is_empty(s)]
        if doc.sections and not full:
            issues.append(
                Issue(
                    BLOCKER,
                    "nothing_to_show",
                    "Every section of the document is empty: there is nothing to send yet.",
                    "Record the work first (jobs, training, activities, spend), or "
                    "choose a period or contract that has records.",
                )
            )
        elif empty:
            issues.append(
                Issue(
                    WARNING,
                    "empty_section",
                    f"Empty section{'s' if len(empty) > 1 else ''}: {', '.join(empty)}.",
                    "Record what belongs there, or choose a period or contract "
                    "that has it: until then the buyer reads that there is none.",
                )
            )
    elif isinstance(doc, m.Workbook):
        empty = [sh.name for sh in doc.sheets if not sh.table.rows]
        if empty:
            issues.append(
                Issue(
                    WARNING,
                    "empty_section",
                    f"Empty sheet{'s' if len(empty) > 1 else ''}: {', '.join(empty)}.",
                    "Record what belongs there, or choose a period or contract that has it.",
                )
            )
    return issues


# --- the period and the figures --------------------------------------------------------------


def _quarter_end(day) -> bool:
    nxt = day + timedelta(days=1)
    return nxt.day == 1 and (nxt.month - 1) % 3 == 0


def _period_issues(ctx: Context) -> list[Issue]:
    """A period not over yet (it ends after today), or one stopped at today in mid-quarter
    (a contract's term to date): its figures are a part period's."""
    if ctx.end is None or (ctx.start is not None and ctx.start > ctx.today):
        return []
    if ctx.end > ctx.today or (ctx.end == ctx.today and not _quarter_end(ctx.end)):
        since = f"{format_date(ctx.start)} – " if ctx.start else "up to "
        when = "after today" if ctx.end > ctx.today else "today, in mid-quarter"
        return [
            Issue(
                WARNING,
                "part_period",
                f"The period runs to {format_date(ctx.end)}, {when}: its figures cover "
                f"{since}{format_date(ctx.today)} only (a part period).",
                "Choose a period that has ended (the last complete quarter or financial "
                "year), or tell the buyer the figures are “so far”.",
            )
        ]
    return []


def _kinds(refs) -> str:
    counts: dict[str, int] = {}
    for ref in refs:
        kind = ref.split(":", 1)[0].replace("_", " ")
        kind = "job" if kind == "person" else kind
        counts[kind] = counts.get(kind, 0) + 1
    return "; ".join(f"{k}: {n}" for k, n in sorted(counts.items()))


def _nothing_counted(ctx: Context) -> list[Issue]:
    """No measure has a quantity and no spend was recorded: every figure would be nil."""
    ms, spend = ctx.measures(), ctx.spend()
    if (ms is not None and any(f.quantity for f in ms.figures)) or (spend is not None and spend.lines):
        return []
    scope = ctx.contract.reference if ctx.contract else "the organisation"
    return [
        Issue(
            BLOCKER,
            "nothing_to_show",
            f"Nothing is recorded for {scope} in {ctx.period_label}: every figure would be nil.",
            "Record the work first (jobs, training, activities, spend), or choose a "
            "period or contract that has records.",
        )
    ]


def _figure_issues(ctx: Context) -> list[Issue]:
    ms = ctx.measures()
    if ms is None:
        return []
    issues: list[Issue] = []
    failed = [f for f in ms.figures if not_computed(f)]
    if failed:
        issues.append(
            Issue(
                BLOCKER,
                "not_computed",
                f"{len(failed)} measure{'s' if len(failed) != 1 else ''} "
                f"show{'' if len(failed) != 1 else 's'} no figure: "
                + "; ".join(f"{f.name}: {f.note}" for f in failed)
                + ".",
                "Run `svdesk check` on the database; if it finds nothing, send the "
                "log file (Help > Open the log folder) to whoever supports svdesk.",
            )
        )
    unevidenced = sorted(
        {c.ref for f in ms.figures for c in f.contributions if c.claimed and c.evidenced is False}
    )
    if unevidenced:
        n = len(unevidenced)
        issues.append(
            Issue(
                WARNING,
                "no_evidence",
                f"{n} claimed record{'s' if n != 1 else ''} "
                f"ha{'ve' if n != 1 else 's'} no evidence file "
                f"({_kinds(unevidenced)}).",
                "Attach a file to each (Evidence > Add evidence, linked to the "
                "record): a buyer may ask to see it.",
            )
        )
    pending = sorted(
        {
            c.ref
            for f in ms.figures
            for c in f.contributions
            if not c.claimed and c.reason.startswith(NOT_CONFIRMED)
        }
    )
    if pending:
        n = len(pending)
        issues.append(
            Issue(
                WARNING,
                "not_claimed",
                f"{n} record{'s' if n != 1 else ''} {'are' if n != 1 else 'is'} "
                f"not claimed because nobody has confirmed "
                f"{'they are' if n != 1 else 'it is'} extra to the contract "
                f"({_kinds(pending)}).",
                "Open each record and answer “Extra to the contract?”: Yes to "
                "claim it, No to leave it out on purpose.",
            )
        )
    if ms.totals.unvalued:
        names = {f.key: f.name for f in ms.figures}
        unvalued = [names.get(k, k) for k in ms.totals.unvalued]
        issues.append(
            Issue(
                WARNING,
                "unvalued",
                f"{len(unvalued)} measure{'s' if len(unvalued) != 1 else ''} "
                f"{'have' if len(unvalued) != 1 else 'has'} no £ value and "
                f"print as quantities only: {'; '.join(unvalued)}.",
                "Enter a proxy value (£ per unit, with its source) under Measures "
                "> Proxy values, or import the buyer's proxy sheet.",
            )
        )
    return issues


def _named_in_answer(store, ctx: Context, req: ExportRequest) -> list[Issue]:
    """The edited tender answer names someone who has not agreed to be named: the export
    prints their role instead, so the words differ from the ones the user typed."""
    import re

    from svdesk.exports.named_people import withheld
    from svdesk.exports.tender_spec import load_spec

    if ctx.contract is None:  # a tender answer is always for a contract (a bid)
        return []
    spec = req.tender or load_spec(store, ctx.contract.reference)
    draft = spec.draft if spec is not None else ""
    if not draft.strip():
        return []
    found = sorted(
        {
            find
            for find, _shown in withheld(store, ctx.contract.reference, spec)
            if "," not in find and re.search(r"(?<!\w)" + re.escape(find) + r"(?!\w)", draft, re.IGNORECASE)
        }
    )
    if not found:
        return []
    return [
        Issue(
            WARNING,
            "named_person",
            f"The answer names {', '.join(found)}, who {'has' if len(found) == 1 else 'have'}"
            " not agreed to be named: the document prints the role instead.",
            "Only with their agreement, tick “Agreed to be named” (tender window) or "
            "“This person agreed to be named” (the commitment); else write the role.",
        )
    ]


def _spend_issues(ctx: Context) -> list[Issue]:
    a = ctx.spend()
    if a is None or not a.lines or not a.unknown_suppliers:
        return []
    n = a.unknown_suppliers
    return [
        Issue(
            WARNING,
            "no_postcode",
            f"{n} supplier{'s' if n != 1 else ''} ha{'ve' if n != 1 else 's'} no usable "
            f"postcode: {format_money(a.unknown_pence)} of spend is not counted as local.",
            "Add their postcodes under Spend > Suppliers (or import a supplier list with postcodes).",
        )
    ]


__all__ = ["BLOCKER", "WARNING", "Issue", "Readiness", "check"]
