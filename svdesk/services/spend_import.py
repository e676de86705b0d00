"""Safe import of spend and supplier files: preview, all-or-nothing write, undo.

The same generator serves the preview (dry_run=True: nothing is written, duplicates are found
by looking fingerprints up) and the import (one transaction: the batch, new suppliers and every
new line commit together, or nothing does; cancelling or any error rolls it all back). Rows are
streamed from the file and written in chunks, so a million-line file needs little memory.

A line's fingerprint hashes what identifies it in its source (supplier name key, date,
reference, amounts, description) plus how many identical lines came before it in the same
file, so two genuinely identical purchases both import once, and re-importing a file adds
nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Generator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from svdesk.db.raw import RawSQL
from svdesk.formatting import format_date, format_money
from svdesk.geo.postcodes import try_normalise
from svdesk.importers import Options, Reject, Skip, SpendRecord, detect, inspect_file
from svdesk.importers.banks import BANK_LAYOUT_NAMES
from svdesk.importers.base import Excluded
from svdesk.models import ImportBatch, Supplier, SupplierAlias
from svdesk.models.base import utcnow
from svdesk.progress import Progress, run_steps
from svdesk.services import bank_rules, spend_month
from svdesk.services.bank_lines import BankLines
from svdesk.services.import_audit import record_import
from svdesk.services.import_lock import earlier_import, lock_imports
from svdesk.services.store import Store
from svdesk.services.supplier_names import name_key, tidy_display_name

MAX_REJECTS_KEPT = 1000
IMPORT_CACHE_KIB = 32 * 1024  # 64 MB was no faster at a million lines (issue #23 point 6), 41 MB more
DEFAULT_CACHE_KIB = 2000  # SQLite's own default, which the app's connections keep
CHUNK = 2000
PROGRESS_EVERY = 5000


@dataclass
class ImportSummary:
    kind: str
    file_name: str
    format_name: str
    format_label: str
    dry_run: bool
    rows_read: int = 0  # rows below the header: every one is counted under one heading
    to_import: int = 0  # new lines (spend) or new suppliers (suppliers)
    duplicates: int = 0  # lines already imported, or suppliers already known unchanged
    updated: int = 0  # suppliers given a postcode or number they lacked
    rejected: int = 0
    skipped: int = 0
    rejects: list[Reject] = field(default_factory=list)
    skipped_reasons: Counter = field(default_factory=Counter)
    new_suppliers: int = 0
    total_pence: int = 0
    first_date: date | None = None
    last_date: date | None = None
    batch_id: int | None = None
    earlier_import: str = ""
    money_out_pence: int = 0  # every spend line read (new or not) plus the excluded money
    excluded: dict[str, list[int]] = field(default_factory=dict)  # rule -> [count, pence]
    date_note: str = ""  # how numeric dates were read (day/month or month/day)
    date_order: str = ""  # "dmy" or "mdy" ("" when the file was not read)
    items: str = "transactions"  # what the layout's rows hold ("bills"), for an empty file
    notes: list[str] = field(default_factory=list)
    bank: BankLines | None = None  # bank files: lines kept out of supplier spend, and why

    def add_reject(self, reject: Reject) -> None:
        self.rejected += 1
        if len(self.rejects) < MAX_REJECTS_KEPT:
            self.rejects.append(reject)

    def add_skip(self, skip: Skip) -> None:
        """Count a skipped row under its kind of reason ("account heading", not each name)."""
        self.skipped += 1
        kind = _SKIP_KINDS.get(skip.reason)
        if kind is None:
            kind = _skip_kind(skip.reason)
            if len(_SKIP_KINDS) < 1024:  # reasons repeat: a bill's further lines share one
                _SKIP_KINDS[skip.reason] = kind
        self.skipped_reasons[kind] += 1

    def add_excluded(self, item: Excluded) -> None:
        entry = self.excluded.setdefault(item.rule, [0, 0])
        entry[0] += 1
        entry[1] += item.pence
        self.money_out_pence += item.pence

    # Other sources of exclusions (the bank-line rules) add their counts in these three.
    @property
    def excluded_rows(self) -> int:
        return sum(n for n, _p in self.excluded.values()) + (self.bank.excluded if self.bank else 0)

    @property
    def money_out_total(self) -> int:
        return self.money_out_pence + (self.bank.excluded_pence if self.bank else 0)

    def excluded_groups(self) -> list[tuple[str, int, int]]:
        """(rule, lines, pence) kept out of supplier spend."""
        return [(rule, n, p) for rule, (n, p) in self.excluded.items()] + (
            [(label, n, p) for _c, label, n, p in self.bank.groups()] if self.bank else []
        )

    @property
    def unaccounted(self) -> int:
        """Rows no heading counts: 0 unless a reader has a fault (then the summary says so)."""
        placed = (
            self.to_import
            + self.duplicates
            + self.updated
            + self.skipped
            + self.rejected
            + self.excluded_rows
        )
        return self.rows_read - placed

    def text_lines(self) -> list[str]:
        verb = "would import" if self.dry_run else "imported"
        out = [f"{self.file_name}: {self.format_label}", f"  rows read:            {self.rows_read:,}"]
        if self.rows_read == 0:
            out.append(f"  the file has no {self.items} in it (only its header row): nothing to import")
        if self.kind == "spend":
            out.append(
                f"  spend lines {verb}: {self.to_import:,}"
                + (
                    f" ({format_money(self.total_pence)}, {format_date(self.first_date)}"
                    f" to {format_date(self.last_date)})"
                    if self.to_import
                    else ""
                )
            )
            out.append(f"  already imported:     {self.duplicates:,}")
            out.append(f"  new suppliers:        {self.new_suppliers:,}")
            if self.excluded:
                out.append(
                    f"  not supplier spend:   {self.excluded_rows:,} ("
                    + ", ".join(
                        f"{rule} {n:,} lines {format_money(p)}" for rule, (n, p) in self.excluded.items()
                    )
                    + ")"
                )
            if self.money_out_total != self.total_pence or self.excluded:
                out.append(f"  money out in file:    {format_money(self.money_out_total)}")
        else:
            out.append(f"  new suppliers:        {self.to_import:,}")
            out.append(f"  suppliers updated:    {self.updated:,}")
            out.append(f"  already up to date:   {self.duplicates:,}")
        out.append(
            f"  skipped:              {self.skipped:,}"
            + (
                " (" + ", ".join(f"{n:,} {why}" for why, n in self.skipped_reasons.most_common()) + ")"
                if self.skipped
                else ""
            )
        )
        if self.bank is not None:
            out.extend(self.bank.text_lines())
        out.append(f"  rejected:             {self.rejected:,}")
        for r in self.rejects[:20]:
            out.append(f"    row {r.row}, {r.column}: {r.reason}")
        if self.rejected > 20:
            out.append(f"    … and {self.rejected - 20:,} more")
        if self.unaccounted:
            out.append(
                f"  rows not accounted for: {self.unaccounted:,} (a fault in svdesk's "
                "reader for this layout: please report it)"
            )
        if self.date_note:
            out.append(f"  note: {self.date_note}")
        for note in self.notes:
            out.append(f"  note: {note}")
        if self.earlier_import:
            out.append(f"  note: {self.earlier_import}")
        if self.batch_id is not None:
            out.append(f"  import batch {self.batch_id} (undo it as a whole if it is wrong)")
        elif self.dry_run:
            out.append("  nothing was written (preview)")
        return out

    def as_json(self) -> dict:
        """The summary for `--json` (amounts in pounds, two decimal places)."""

        def pounds(pence: int) -> float:
            return round(pence / 100, 2)

        return {
            "file": self.file_name,
            "kind": self.kind,
            "layout": self.format_name,
            "layout_label": self.format_label,
            "dry_run": self.dry_run,
            "rows": self.rows_read,
            "lines_imported": self.to_import if self.kind == "spend" else 0,
            "suppliers_added": self.new_suppliers if self.kind == "spend" else self.to_import,
            "suppliers_updated": self.updated,
            "already_imported": self.duplicates,
            "money_out_total": pounds(self.money_out_total),
            "imported_total": pounds(self.total_pence),
            "first_date": _iso(self.first_date),
            "last_date": _iso(self.last_date),
            "excluded": [
                {"rule": rule, "count": n, "total": pounds(p)} for rule, n, p in self.excluded_groups()
            ],
            "skipped": [{"reason": why, "count": n} for why, n in self.skipped_reasons.most_common()],
            "rejected": [{"row": r.row, "column": r.column, "message": r.reason} for r in self.rejects],
            "rejected_count": self.rejected,
            "rows_not_accounted_for": self.unaccounted,
            "date_order": self.date_order,
            "date_order_note": self.date_note,
            "notes": ([f"the file has no {self.items} in it"] if self.rows_read == 0 else [])
            + self.notes
            + ([self.earlier_import] if self.earlier_import else []),
            "batch": self.batch_id,
        }


_SKIP_KINDS: dict[str, str] = {}


def _skip_kind(reason: str) -> str:
    """A skip reason without its particulars: a quoted name, a bracket, a row number."""
    kind = re.sub(r"\s*(“[^”]*”|\([^)]*\)|\bon row \d+)", "", reason).strip(" ,")
    return kind or reason


def _fingerprint(ident: bytes, occurrence: int) -> str:
    """ident: supplier key, date, reference, net, gross and description joined by \x1f (UTF-8).

    Lines already imported carry this value, so it must never change (a test pins it)."""
    return hashlib.blake2b(ident + b"\x1f" + str(occurrence).encode(), digest_size=16).hexdigest()


def _earlier(session, sha: str, kind: str) -> str:
    return earlier_import(session, sha, kind)


_SUPPLIER_SQL = (
    "INSERT INTO supplier (name, name_key, postcode, company_number, charity_number,"
    " size_band, vcse_type, social_enterprise, notes, created_by_batch_id,"
    " created_at, updated_at) VALUES (?, ?, ?, '', '', 'unknown', 'none', FALSE, '', ?,"
    " ?, ?)"
)
# For suppliers that existed before the import (one it created goes when it is undone).
_FILL_SQL = (
    "INSERT INTO supplier_fill (batch_id, supplier_id, field, old_value, new_value)"
    " VALUES (?, ?, 'postcode', '', ?)"
)
_LINE_SQL = (
    "INSERT INTO spend_line (supplier_id, spend_date, invoice_date, due_date, paid_date,"
    " net_pence, gross_pence, description, reference, contract_id, batch_id,"
    " source_row, fingerprint) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT (fingerprint) DO NOTHING"
)


def spend_import_steps(
    store: Store,
    path: Path | str,
    *,
    format: str | None = None,
    mapping: dict | None = None,
    contract_id: int | None = None,
    basis: str | None = None,
    dry_run: bool = False,
    date_order: str | None = None,
    moves: dict[int, bool] | None = None,
) -> Generator[Progress, None, ImportSummary]:
    """Preview or import a spend file, yielding Progress; returns the ImportSummary.

    A bank statement's lines go through the bank-line rules (svdesk.importers.bank_rules):
    HMRC, wages, transfers … are kept out of supplier spend and listed in summary.bank.
    moves (source row → True to count it as supplier spend, False to keep it out) are the
    user's choices in the preview, which win over the rules.

    Raises UnreadableFile or UnknownLayout (with messages for the user) before anything is
    written. Closing the generator early (Cancel) rolls the whole import back.
    """
    facts = inspect_file(path, "spend")
    plan = detect(facts, "spend", format, mapping)
    summary = ImportSummary(
        "spend", facts.path.name, plan.layout.name, plan.layout.label, dry_run, items=plan.layout.items
    )
    options = Options(basis=basis, mapping=mapping, date_order=date_order)
    session_cm = store.read() if dry_run else store.write()
    with session_cm as s, ExitStack() as cleanup:
        if not dry_run:
            lock_imports(s, "spend")  # before looking for an earlier import: see import_lock
        summary.earlier_import = _earlier(s, facts.sha256, "spend")
        rules = None
        if plan.layout.name in BANK_LAYOUT_NAMES:
            rules = bank_rules.classifier(s)
            summary.bank = BankLines(moves or {})
        raw = RawSQL(s.connection())
        now = str(utcnow())
        batch_id = None
        if not dry_run:
            batch = ImportBatch(
                kind="spend",
                file_name=facts.path.name,
                file_sha256=facts.sha256,
                format=plan.layout.name,
                basis=basis or "",
                contract_id=contract_id,
            )
            s.add(batch)
            s.flush()
            batch_id = batch.id
            cleanup.enter_context(raw.page_cache(IMPORT_CACHE_KIB, DEFAULT_CACHE_KIB))
            cleanup.enter_context(spend_month.bulk_insert(raw, batch_id))
        aliases = dict(s.execute(select(SupplierAlias.name_key, SupplierAlias.supplier_id)).all())
        no_postcode = set(s.scalars(select(Supplier.id).where(Supplier.postcode == "")))
        created: set[int] = set()
        created_rows: list[tuple[int, str, str]] = []  # for the audit trail
        postcodes: dict[str, str | None] = {}  # as written in the file -> normalised
        keys: dict[str, str] = {}
        seen: set[int] = set()
        repeats: dict[int, int] = {}
        pending: list[tuple] = []
        next_fake_id = -1

        def flush():
            if not pending:
                return
            if dry_run:
                prints = [p[-1] for p in pending]
                marks = ",".join("?" * len(prints))
                old = {
                    r[0]
                    for r in raw.rows(
                        f"SELECT fingerprint FROM spend_line WHERE fingerprint IN ({marks})", prints
                    )
                }
                for p in pending:
                    if p[-1] in old:
                        summary.duplicates += 1
                        continue
                    summary.to_import += 1
                    summary.total_pence += p[5] if p[5] is not None else p[6]
                    _span(summary, date.fromisoformat(p[1]), date.fromisoformat(p[1]))
            else:
                # rowcount, not total_changes: the spend_month triggers' writes would count too
                new = raw.run_many(_LINE_SQL, pending)
                summary.to_import += new
                summary.duplicates += len(pending) - new
            pending.clear()

        items = plan.records(options)
        summary.date_note = plan.date_order.note if plan.date_order else ""
        summary.date_order = plan.date_order.order if plan.date_order else ""
        count = 0
        for item in items:
            count += 1
            if count % PROGRESS_EVERY == 0:
                yield _progress(plan, count)
            if type(item) is Skip:  # first: most rows of a bills export are a bill's further lines
                summary.add_skip(item)
                continue
            if type(item) is SpendRecord:
                # summary.bank is set with the rules, for bank layouts
                if (
                    rules is not None
                    and summary.bank is not None
                    and not summary.bank.keep(item, rules.classify(item))
                ):
                    continue  # not supplier spend: counted and listed in summary.bank
                key = keys.get(item.supplier)
                if key is None:
                    key = name_key(item.supplier)
                    if len(keys) < 200_000:
                        keys[item.supplier] = key
                if not key:
                    summary.add_reject(
                        Reject(item.row, "supplier", f"“{item.supplier}” is not a usable supplier name")
                    )
                    continue
                summary.money_out_pence += (
                    item.net_pence if item.net_pence is not None else item.gross_pence or 0
                )
                sid = aliases.get(key)
                postcode = None
                if item.supplier_postcode and (sid is None or sid in no_postcode):
                    postcode = postcodes.get(item.supplier_postcode, "")
                    if postcode == "":  # not seen yet (None: seen, and not a postcode)
                        postcode = postcodes[item.supplier_postcode] = try_normalise(item.supplier_postcode)
                if sid is None:
                    summary.new_suppliers += 1
                    if dry_run:
                        sid, next_fake_id = next_fake_id, next_fake_id - 1
                    else:
                        shown = tidy_display_name(item.supplier)
                        sid = raw.insert(_SUPPLIER_SQL, (shown, key, postcode or "", batch_id, now, now))
                        created_rows.append((sid, shown, postcode or ""))
                        raw.run(
                            "INSERT INTO supplier_alias (name_key, supplier_id) VALUES (?, ?)", (key, sid)
                        )
                    aliases[key] = sid
                    created.add(sid)
                    if not postcode:
                        no_postcode.add(sid)
                elif postcode and sid in no_postcode:
                    no_postcode.discard(sid)
                    if not dry_run:
                        # a new version: a supplier form open meanwhile asks rather than blanks it
                        raw.run(
                            "UPDATE supplier SET postcode=?, row_version=row_version+1 WHERE id=?",
                            (postcode, sid),
                        )
                        if sid not in created:
                            raw.run(_FILL_SQL, (batch_id, sid, postcode))
                day = item.spend_date.isoformat()
                ident = (
                    f"{key}\x1f{day}\x1f{item.reference}\x1f{item.net_pence}\x1f"
                    f"{item.gross_pence}\x1f{item.description}"
                ).encode("utf-8", "replace")
                # Identical lines are told apart by how many came before. The first's fingerprint
                # is the line's usual one; 64 bits of it, as a number in a set, mark the line as
                # seen (one hash per line, ~80 bytes per distinct line), and only lines met again
                # keep a count.
                fingerprint = _fingerprint(ident, 0)
                short = int(fingerprint[:16], 16)
                if short in seen:
                    occurrence = repeats.get(short, 1)
                    repeats[short] = occurrence + 1
                    fingerprint = _fingerprint(ident, occurrence)
                else:
                    seen.add(short)
                pending.append(
                    (
                        sid,
                        day,
                        _iso(item.invoice_date),
                        _iso(item.due_date),
                        _iso(item.paid_date),
                        item.net_pence,
                        item.gross_pence,
                        item.description,
                        item.reference[:100],
                        contract_id,
                        batch_id,
                        item.row,
                        fingerprint,
                    )
                )
                if len(pending) >= CHUNK:
                    flush()
            elif type(item) is Reject:
                summary.add_reject(item)
            elif type(item) is Excluded:
                summary.add_excluded(item)
        flush()
        summary.rows_read = plan.rows_read
        if not dry_run:
            total, lo, hi = raw.rows(
                "SELECT coalesce(sum(coalesce(net_pence, gross_pence)), 0),"
                " min(spend_date), max(spend_date) FROM spend_line WHERE batch_id=?",
                (batch_id,),
            )[0]
            summary.total_pence = total
            summary.first_date = lo and date.fromisoformat(lo)
            summary.last_date = hi and date.fromisoformat(hi)
            batch.rows_read = summary.rows_read
            batch.rows_imported = summary.to_import
            batch.rows_duplicate = summary.duplicates
            batch.rows_rejected = summary.rejected
            batch.rows_skipped = summary.skipped
            summary.batch_id = batch_id
            if summary.to_import == 0 and summary.new_suppliers == 0:
                # Nothing new: keep no empty batch behind (re-importing adds nothing at all).
                s.delete(batch)
                summary.batch_id = None
            else:  # one audit row for the batch, one per supplier it made: none per line
                assert batch_id is not None  # stored above: this is not a dry run
                record_import(
                    raw,
                    batch_id,
                    "spend",
                    facts.path.name,
                    {
                        "lines": summary.to_import,
                        "suppliers_added": summary.new_suppliers,
                        "already_imported": summary.duplicates,
                        "rejected": summary.rejected,
                        "rows_read": summary.rows_read,
                    },
                    created_rows,
                )
            cleanup.close()  # the batch's totals into spend_month, the trigger back
        yield Progress(1000, 1000, f"Read {count:,} rows: finished")
    return summary


def _progress(plan, count: int) -> Progress:
    """Progress in thousandths of the file, read so far."""
    return Progress(int(plan.fraction_done * 1000), 1000, f"Read {count:,} rows…")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _span(summary: ImportSummary, lo: date | None, hi: date | None) -> None:
    if lo and (summary.first_date is None or lo < summary.first_date):
        summary.first_date = lo
    if hi and (summary.last_date is None or hi > summary.last_date):
        summary.last_date = hi


def import_spend(store: Store, path: Path | str, **kwargs) -> ImportSummary:
    return run_steps(spend_import_steps(store, path, **kwargs))


def preview_spend(store: Store, path: Path | str, **kwargs) -> ImportSummary:
    return run_steps(spend_import_steps(store, path, dry_run=True, **kwargs))
