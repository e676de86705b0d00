"""Import people from a payroll export: read, validate, preview, then write all at once.

Columns that identify a person (names, NI numbers, birth dates, address lines, bank details,
contact details) are recognised from the header and dropped as the file is read: their values
are never copied out of the row, so they cannot reach the preview, the log or the database.

Recognised by their headers, with no mapping: the employee exports of BrightPay, Sage Payroll,
Xero Payroll, QuickBooks Payroll and Moneysoft Payroll Manager, and a GB payroll provider's
worker upload (see shared/data/import-formats.md); any other CSV/XLSX with a column mapping
{field: header}.

Whatever a column's header says, one whose values look like National Insurance numbers is
dropped (firms use the NI number as a "Payroll ID"), and no rejection message echoes a value
from the home postcode column. Employment type (permanent, fixed-term, temporary, agency,
zero-hours) and leave dates are read where the file has them: the counting rules use both.
An HMRC RTI XML submission, a PDF or an image is refused with a message saying what it is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Generator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from svdesk.formatting import MoneyError, parse_date, parse_money
from svdesk.geo import postcodes
from svdesk.importers.payroll_columns import (
    _NINO,
    _PER_WEEK,
    EMPLOYMENT_TYPES,
    FIELD_LABELS,
    FIELDS,
    PER_PERIOD_HOURS,
    REQUIRED,
    _norm,
    auto_mapping,
    is_personal,
)
from svdesk.progress import Progress, run_steps
from svdesk.safety.text import clean_text, decode_bytes

PROGRESS_ROWS = 250  # rows checked (or written) between progress reports
# Bounds a real payroll row is well inside: a value outside them is a rejected row, not stored.
YEARS = (1900, 2100)  # start and leave dates
MAX_HOURLY_PENCE = 1_000_000  # £10,000 an hour
MAX_SALARY_PENCE = 1_000_000_000  # £10,000,000 a year


class PayrollFileError(ValueError):
    """The file cannot be imported at all; the message says why and what to do."""


@dataclass
class RowProblem:
    row: int  # the row number a spreadsheet program shows
    column: str
    reason: str


@dataclass
class ImportRow:
    row: int
    reference: str
    postcode: str
    start_date: date
    leave_date: date | None
    weekly_hours: float | None
    hourly_rate_pence: int | None
    annual_salary_pence: int | None
    update: bool = False  # the reference is already in the database
    contract_type: str | None = None  # None: the file does not say (the record's is kept)


@dataclass
class Preview:
    path: Path
    rows_read: int
    rows: list[ImportRow]
    rejected: list[RowProblem]
    dropped_columns: list[str]
    mapping: dict[str, str]
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def new_count(self) -> int:
        return sum(not r.update for r in self.rows)

    @property
    def update_count(self) -> int:
        return sum(r.update for r in self.rows)


def _read_table(path: Path) -> list[list[str]]:
    """Every row of the first sheet / the CSV as text (raises PayrollFileError)."""
    suffix = path.suffix.lower()
    _refuse_non_table(path)
    try:
        if suffix in (".xlsx", ".xlsm"):
            import openpyxl

            from svdesk.safety.inputs import InputRejected, check_xlsx

            try:  # refuse a zip bomb or a non-workbook before openpyxl inflates it
                if path.is_file():
                    check_xlsx(path)
            except InputRejected as exc:
                raise PayrollFileError(str(exc)) from None
            try:
                book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            except Exception as exc:  # openpyxl raises many kinds for a damaged file
                raise PayrollFileError(
                    f"{path.name} is not a readable Excel workbook ({exc.__class__.__name__})."
                ) from None
            try:
                sheet = book.worksheets[0]
                return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            finally:
                book.close()
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PayrollFileError(f"{path} does not exist.") from None
    except OSError as exc:
        raise PayrollFileError(f"svdesk cannot read {path.name}: {exc.strerror}.") from None
    if b"\x00" in raw[:4096]:
        raise PayrollFileError(
            f"{path.name} is not a CSV text file. Save it from your payroll program as CSV or Excel (.xlsx)."
        )
    try:  # UTF-8; a stray Windows byte in it read as Windows-1252; else Windows-1252
        text = decode_bytes(raw, cp1252_errors="strict")
    except UnicodeDecodeError as exc:  # bytes cp1252 leaves undefined (0x81, 0x8d…): not text
        raise PayrollFileError(
            f"{path.name} is not a text file svdesk can read. Save it from "
            "your payroll program as CSV (UTF-8) or Excel (.xlsx)."
        ) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    from svdesk.importers.reading import QuoteCheck, UnclosedQuote, clean_row

    # Not text.splitlines(): that also breaks lines at control characters inside a cell.
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    quotes = QuoteCheck(path.name, dialect.delimiter)
    rows = []
    try:
        for row in reader:
            quotes.check(row, reader.line_num)
            rows.append(clean_row(row))
        quotes.at_end()
    except csv.Error as exc:  # e.g. a field over the csv module's 128 KB limit
        raise PayrollFileError(
            f"{path.name} is not a payroll CSV svdesk can read ({exc}). "
            "Export it again from your payroll program."
        ) from None
    except UnclosedQuote as exc:
        raise PayrollFileError(str(exc)) from None
    return rows


def _refuse_non_table(path: Path) -> None:
    """An RTI XML, a PDF, an image…: say what it is and what to export instead."""
    from svdesk.importers.file_kinds import name_mismatch, refusal, sniff

    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return  # _read_table reports it
    what = sniff(path, head)
    if what:
        raise PayrollFileError(refusal(path, name_mismatch(path, what), "people"))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


def _find_header(table: list[list[str]]) -> int:
    """Payroll reports put title rows above the header: take the first row naming a field."""
    known = {alias for aliases in FIELDS.values() for alias in aliases}
    for i, row in enumerate(table[:15]):
        if sum(_norm(c) in known for c in row) >= 2:
            return i
    return 0


def read_headers(path: Path | str) -> list[str]:
    """The header row (for a column-mapping step), without reading any data rows."""
    table = _read_table(Path(path))
    if not table:
        raise PayrollFileError(f"{Path(path).name} is empty.")
    return [h for h in table[_find_header(table)] if h.strip()]


def read_payroll(
    path: Path | str,
    mapping: dict[str, str] | None = None,
    existing_references: AbstractSet[str] = frozenset(),
    full_time_hours: float = 37.5,
) -> Preview:
    return run_steps(read_payroll_steps(path, mapping, existing_references, full_time_hours))


def read_payroll_steps(
    path: Path | str,
    mapping: dict[str, str] | None = None,
    existing_references: AbstractSet[str] = frozenset(),
    full_time_hours: float = 37.5,
) -> Generator[Progress, None, Preview]:
    """Read and check the file, saying how far it has got every PROGRESS_ROWS rows."""
    path = Path(path)
    yield Progress(0, None, f"Reading {path.name}…")
    table = _read_table(path)
    if not table:
        raise PayrollFileError(f"{path.name} is empty.")
    header_at = _find_header(table)
    headers = table[header_at]
    dropped = [h for h in headers if h.strip() and is_personal(h)]
    ni_columns = _ni_number_columns(headers, table[header_at + 1 :], dropped)
    dropped += ni_columns
    mapping = dict(mapping) if mapping else auto_mapping(headers, dropped)
    for name, header in list(mapping.items()):
        if header in dropped or header not in headers:
            del mapping[name]
    missing = [FIELD_LABELS[f] for f in REQUIRED if f not in mapping]
    if "weekly_hours" not in mapping and "fte" not in mapping:
        missing.append(FIELD_LABELS["weekly_hours"])
    if missing:
        found = ", ".join(h for h in headers if h.strip() and h not in dropped) or "none"
        ni = (
            f" The column {', '.join(ni_columns)} holds National Insurance numbers, which "
            "svdesk never stores: export the works number (or another payroll reference) "
            "instead."
            if ni_columns
            else ""
        )
        raise PayrollFileError(
            f"{path.name} has no column for: {', '.join(missing)}. Columns found: {found}.{ni} "
            "Map the columns yourself, or export these fields from your payroll program."
        )
    index = {name: headers.index(h) for name, h in mapping.items()}
    used = set(mapping.values())
    ignored = [h for h in headers if h.strip() and h not in used and h not in dropped]
    rows: list[ImportRow] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    existing = {r.lower() for r in existing_references}
    rows_read = 0
    body = table[header_at + 1 :]
    for offset, raw in enumerate(body):
        if offset and offset % PROGRESS_ROWS == 0:
            yield Progress(offset, len(body), f"Checking row {offset:,} of {len(body):,}…")
        # Keep only the mapped cells; personal columns are never copied out of `raw`.
        cells = {
            name: (raw[i].strip() if i < len(raw) and raw[i] is not None else "") for name, i in index.items()
        }
        if not any(cells.values()):
            continue
        rows_read += 1
        number = header_at + offset + 2
        row, row_problems = _parse_row(number, cells, mapping, full_time_hours)
        for name, value in cells.items():
            if value and _NINO.match(value):  # one stray NI number in another column
                row, row_problems = (
                    None,
                    [
                        RowProblem(
                            number,
                            mapping[name],
                            "This cell holds what looks like a National "
                            "Insurance number; svdesk never stores one, so the row was left out.",
                        )
                    ],
                )
                break
        if row is not None:
            key = row.reference.lower()
            if key in seen:
                row_problems.append(
                    RowProblem(
                        number,
                        mapping["reference"],
                        f"The reference {row.reference} is also on row {seen[key]}.",
                    )
                )
            seen.setdefault(key, number)
            row.update = key in existing
        if row_problems:
            problems.extend(row_problems)
        else:
            assert row is not None  # _parse_row gives a row whenever it found no problem
            rows.append(row)
    return Preview(path, rows_read, rows, problems, dropped, mapping, ignored)


def _ni_number_columns(headers: list[str], body: list[list[str]], dropped: list[str]) -> list[str]:
    """Headers of columns whose values are mostly National Insurance numbers, whatever the
    header says ("Payroll ID" holding AB123456C): they are dropped like a named NI column."""
    found = []
    for i, header in enumerate(headers):
        if not header.strip() or header in dropped:
            continue
        filled = [r[i].strip() for r in body if i < len(r) and r[i] and r[i].strip()]
        if filled and sum(1 for v in filled if _NINO.match(v)) * 2 >= len(filled):
            found.append(header)
    return found


def _parse_row(
    number: int, cells: dict[str, str], mapping: dict[str, str], full_time_hours: float
) -> tuple[ImportRow | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def bad(name: str, reason: str) -> None:
        problems.append(RowProblem(number, mapping[name], reason))

    reference = cells.get("reference", "")
    if not reference:
        bad("reference", "No reference (works number) on this row.")
    elif len(reference) > 40:
        bad("reference", "The reference is longer than 40 characters.")
    postcode = ""
    if cells.get("postcode"):
        try:
            postcode = postcodes.normalise(cells["postcode"])
        except postcodes.PostcodeError:
            # A home postcode is personal: the message names the column, never the value.
            bad("postcode", "This is not a full UK postcode (like M5 4WT).")
    dates: dict[str, date | None] = {}
    for name in ("start_date", "leave_date"):
        dates[name] = None
        if cells.get(name):
            try:
                parsed = parse_date(cells[name])
            except ValueError as exc:
                bad(name, str(exc))
                continue
            if parsed is not None and not YEARS[0] <= parsed.year <= YEARS[1]:
                when = "before 1900" if parsed.year < YEARS[0] else "after 2100"
                bad(name, f"“{cells[name]}” is {when}: check the year.")
                parsed = None
            dates[name] = parsed
    if "start_date" in mapping and not cells.get("start_date"):
        bad("start_date", "No start date on this row.")
    if dates["start_date"] and dates["leave_date"] and dates["leave_date"] < dates["start_date"]:
        bad("leave_date", "The leave date is before the start date.")
    hours = None
    if cells.get("weekly_hours"):
        try:
            hours = float(cells["weekly_hours"].replace(",", ""))
            if _norm(mapping["weekly_hours"]) in PER_PERIOD_HOURS:
                frequency = _norm(cells.get("pay_frequency", "")) or "weekly"
                hours *= _PER_WEEK.get(frequency, 1.0)
        except ValueError:
            bad("weekly_hours", f"“{cells['weekly_hours']}” is not a number of hours.")
    elif cells.get("fte"):
        try:
            hours = float(cells["fte"]) * full_time_hours
        except ValueError:
            bad("fte", f"“{cells['fte']}” is not an FTE (like 0.6).")
    if hours is not None and not 0 <= hours <= 100:
        bad(
            "weekly_hours" if "weekly_hours" in mapping else "fte",
            f"{hours:g} hours a week is not plausible.",
        )
    money: dict[str, int | None] = {}
    for name in ("hourly_rate", "annual_salary"):
        money[name] = None
        if cells.get(name):
            try:
                amount = parse_money(cells[name]) or None
            except MoneyError as exc:
                bad(name, str(exc))
                continue
            limit = MAX_HOURLY_PENCE if name == "hourly_rate" else MAX_SALARY_PENCE
            money[name] = amount
            if amount is not None and amount < 0:
                bad(name, f"“{cells[name]}” is negative: pay cannot be less than £0.")
                money[name] = None
            elif amount is not None and amount > limit:
                bad(
                    name,
                    f"“{cells[name][:40]}” is more than "
                    f"{'£10,000 an hour' if name == 'hourly_rate' else '£10,000,000 a year'}, "
                    "more than svdesk accepts: check the amount.",
                )
                money[name] = None
    if money["hourly_rate"] and money["annual_salary"]:
        money["annual_salary"] = None  # both given: the hourly rate is the more exact one
    contract_type = None
    if cells.get("employment_type"):
        contract_type = EMPLOYMENT_TYPES.get(_norm(cells["employment_type"]).replace("_", " "))
        if contract_type is None:
            bad(
                "employment_type",
                f"“{cells['employment_type']}” is not an employment type "
                "svdesk knows (permanent, fixed-term, temporary, agency or zero-hours).",
            )
    if problems or not reference:
        return None, problems
    start_date = dates["start_date"]
    assert start_date is not None  # a required column, and a blank or bad start date is a problem
    return ImportRow(
        number,
        reference,
        postcode,
        start_date,
        dates["leave_date"],
        round(hours, 2) if hours is not None else None,
        money["hourly_rate"],
        money["annual_salary"],
        contract_type=contract_type,
    ), problems
