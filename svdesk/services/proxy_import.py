"""Import a buyer's proxy sheet (CSV or XLSX) with a mapping step.

1. read_sheet(path): the rows, with title rows above the header skipped.
2. suggest_mapping(store, sheet): which column holds what, and which of the sheet's measures
   (the buyer's codes or names) is which svdesk measure, as far as svdesk can tell. The user
   corrects it; nothing is guessed silently.
3. preview_import(store, sheet, mapping): every row with what it would save or the errors on it.
4. apply_import(store, preview): saves every row in one transaction, or nothing if any row has
   an error.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from svdesk.importers.values import MAX_PENCE, TOO_BIG
from svdesk.safety.text import clean_text, decode_bytes
from svdesk.services.measure_library import list_measures
from svdesk.services.proxies import ProxyData, parse_pounds, replace_proxies, validate_proxy
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

FIELDS = {
    "measure": "Measure (code, name or key)",
    "value": "Proxy value (£ per unit)",
    "edition": "Edition",
    "source": "Source",
    "currency_year": "Currency year",
    "checked_by": "Checked by",
    "published": "Published (date)",
    "licence": "Licence",
}
REQUIRED = ("measure", "value")
_ALIASES = {
    "measure": (
        "measure",
        "measure key",
        "measure code",
        "code",
        "ref",
        "reference",
        "metric",
        "indicator",
        "measure name",
        "description",
    ),
    "value": (
        "proxy value",
        "proxy",
        "value",
        "unit value",
        "£ per unit",
        "proxy value (£)",
        "proxy value £",
        "financial proxy",
        "value per unit",
    ),
    "edition": ("edition", "version", "year of edition"),
    "source": ("source", "proxy source", "source of proxy"),
    "currency_year": ("currency year", "price year", "price base", "base year"),
    "checked_by": ("checked by", "checked", "verified by"),
    "published": ("published", "date published", "publication date", "date"),
    "licence": ("licence", "license", "terms of use"),
}


class SheetError(ValueError):
    pass


@dataclass
class Sheet:
    name: str
    headers: list[str]
    rows: list[list[str]]
    first_line: int  # sheet line number of rows[0], for messages


@dataclass
class ImportMapping:
    columns: dict[str, int]  # field -> column index
    measures: dict[str, str]  # the sheet's measure text -> svdesk key
    skip: set[str] = field(default_factory=set)  # sheet measures the user chose to leave out
    contract_id: int | None = None  # None = the organisation's default values
    edition: str = ""  # used where the sheet has no edition column
    source: str = ""
    currency_year: int | None = None
    checked_by: str = ""
    published: str = ""
    licence: str = ""


@dataclass
class PreviewRow:
    line: int
    sheet_measure: str
    proxy: ProxyData | None
    errors: list[str] = field(default_factory=list)
    skipped: bool = False


@dataclass
class Preview:
    rows: list[PreviewRow]

    @property
    def ok(self) -> bool:
        return bool(self.items) and not any(r.errors for r in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    @property
    def items(self) -> list[ProxyData]:
        return [r.proxy for r in self.rows if r.proxy is not None and not r.skipped]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value)).strip()


def read_sheet(path: Path | str, sheet_name: str | None = None) -> Sheet:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        from svdesk.safety.inputs import InputRejected, check_xlsx

        try:  # a zip bomb or a zip that is no workbook, refused before openpyxl inflates it
            check_xlsx(path)
            wb = load_workbook(path, read_only=True, data_only=True)
        except InputRejected as exc:
            raise SheetError(str(exc)) from None
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise SheetError(f"{path.name} cannot be read as an Excel workbook ({exc}).") from exc
        try:
            ws = wb[sheet_name] if sheet_name else wb.worksheets[0]
            raw = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
        except KeyError:
            raise SheetError(f"{path.name} has no sheet called “{sheet_name}”.") from None
        except Exception as exc:  # a damaged sheet inside a readable workbook
            raise SheetError(f"{path.name} cannot be read as an Excel workbook ({exc}).") from exc
        finally:
            wb.close()
        name = ws.title
    elif suffix in (".csv", ".txt"):
        raw = _csv_rows(path)
        name = path.name
    else:
        raise SheetError(f"{path.name}: choose a CSV or Excel (.xlsx) file.")
    for i, row in enumerate(raw):
        if sum(1 for c in row if c) >= 2:  # title rows above the header hold one cell at most
            headers = row
            body = [r + [""] * (len(headers) - len(r)) for r in raw[i + 1 :]]
            return Sheet(name, headers, body, i + 2)
    raise SheetError(f"{path.name} has no header row (a row naming at least two columns).")


def _csv_rows(path: Path) -> list[list[str]]:
    """A CSV sheet's cells: decoded as the accounting importers decode, control characters
    out, and refused when a quote is never closed (it would swallow the rows after it)."""
    from svdesk.importers.reading import QuoteCheck, UnclosedQuote, clean_row

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SheetError(f"svdesk cannot read {path.name}: {exc.strerror or exc}.") from None
    if b"\x00" in data[:4096]:
        raise SheetError(
            f"{path.name} is not a CSV text file. Save it as CSV (UTF-8) or Excel (.xlsx) and try again."
        )
    text = decode_bytes(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    quotes = QuoteCheck(path.name, dialect.delimiter)
    rows = []
    try:
        for row in reader:
            quotes.check(row, reader.line_num)
            rows.append([c.strip() for c in clean_row(row)])
        quotes.at_end()
    except UnclosedQuote as exc:
        raise SheetError(str(exc)) from None
    except csv.Error as exc:
        raise SheetError(f"{path.name} is not a CSV file svdesk can read ({exc}).") from None
    return rows


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9£ ]", "", text.lower().replace("*", "")).strip()


def suggest_mapping(store: Store, sheet: Sheet, contract_id: int | None = None) -> ImportMapping:
    columns: dict[str, int] = {}
    normed = [_norm(h) for h in sheet.headers]
    for fld, aliases in _ALIASES.items():
        for i, h in enumerate(normed):
            if h in {_norm(a) for a in aliases} and i not in columns.values():
                columns[fld] = i
                break
    measures: dict[str, str] = {}
    if "measure" in columns:
        known = list_measures(store)
        by_text = {m.key: m.key for m in known} | {_norm(m.name): m.key for m in known}
        for text in sheet_measures(sheet, columns["measure"]):
            key = by_text.get(text) or by_text.get(_norm(text))
            if key:  # only exact keys or names: anything else the user matches by hand
                measures[text] = key
    return ImportMapping(columns, measures, contract_id=contract_id)


def sheet_measures(sheet: Sheet, column: int) -> list[str]:
    """The distinct measure texts in a column, in sheet order."""
    out: list[str] = []
    for row in sheet.rows:
        if row[column] and row[column] not in out:
            out.append(row[column])
    return out


def preview_import(store: Store, sheet: Sheet, mapping: ImportMapping) -> Preview:
    missing = [FIELDS[f] for f in REQUIRED if f not in mapping.columns]
    if missing:
        raise ValidationError({"columns": "Choose the column that holds: " + ", ".join(missing)})
    valued = {m.key for m in list_measures(store) if m.valued}
    rows: list[PreviewRow] = []
    seen: dict[str, PreviewRow] = {}
    for offset, row in enumerate(sheet.rows):
        line = sheet.first_line + offset
        get = lambda f, row=row: row[mapping.columns[f]] if f in mapping.columns else ""  # noqa: E731
        text = get("measure")
        if not any(row):
            continue
        if not text:
            rows.append(PreviewRow(line, "", None, ["No measure in this row."]))
            continue
        if text in mapping.skip:
            rows.append(PreviewRow(line, text, None, skipped=True))
            continue
        errors = []
        key = mapping.measures.get(text)
        if key is None:
            errors.append(f"“{text}” is not matched to an svdesk measure: choose one, or skip it.")
        try:
            pence = parse_pounds(get("value"))
        except ValueError as exc:
            errors.append(f"{_header(sheet, mapping, 'value')}: {exc}")
            pence = None
        if pence is not None and abs(pence) > MAX_PENCE:
            errors.append(f"{_header(sheet, mapping, 'value')}: “{get('value')[:40]}” {TOO_BIG}.")
            pence = None
        if pence is None and not errors:
            errors.append("No proxy value in this row.")
        year_text = get("currency_year")
        year = mapping.currency_year
        if year_text:
            try:
                year = int(float(year_text))
            except (ValueError, OverflowError):  # "inf" is a float, but no whole number
                errors.append(f"Currency year “{year_text}” is not a year such as 2024.")
        proxy = ProxyData(
            measure_key=key or "",
            pence_per_unit=pence or 0,
            edition=get("edition") or mapping.edition,
            source=get("source") or mapping.source,
            currency_year=year,
            checked_by=get("checked_by") or mapping.checked_by,
            contract_id=mapping.contract_id,
            published=get("published") or mapping.published,
            licence=get("licence") or mapping.licence,
        )
        if key is not None and pence is not None:
            problems = validate_proxy(proxy, valued)
            if "measure_key" in problems:
                problems["measure_key"] = "This measure is not valued in £ (a share or emissions)."
            errors.extend(problems.values())
        item = PreviewRow(line, text, proxy, errors)
        if key is not None and key in seen:
            item.errors.append(f"The same measure is also on line {seen[key].line}: keep one.")
        elif key is not None:
            seen[key] = item
        rows.append(item)
    return Preview(rows)


def _header(sheet: Sheet, mapping: ImportMapping, fld: str) -> str:
    """The sheet's own header of a mapped column, for a message naming the column."""
    i = mapping.columns.get(fld)
    return (sheet.headers[i] if i is not None and i < len(sheet.headers) else "") or FIELDS[fld]


def apply_import(store: Store, preview: Preview) -> int:
    if not preview.ok:
        bad = [f"line {r.line}: {'; '.join(r.errors)}" for r in preview.rows if r.errors]
        raise ValidationError(
            {
                "rows": "Nothing was imported. Fix these rows first: " + " | ".join(bad[:10])
                if bad
                else "Nothing was imported: the sheet has no proxy values."
            }
        )
    return replace_proxies(store, preview.items)
