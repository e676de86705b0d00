"""Find where a buyer's own xlsx return template wants the contract's figures.

The layout half of filling a buyer's workbook (svdesk.exports.buyer_template does the filling):
which column or sheet stands for the period (a header or a sheet named for it: "Q2", "Quarter 2
2026/27", "Jul – Sep 2026", a date inside the quarter; Q5 and above are the contract's own
quarters, Q1 to Q4 the financial year's) or, failing that, a value column ("Actual", "Units",
"Quantity" …), plus any "to date", "commentary" and "corrective action" columns beside it, and
the measure rows (by the buyer's KPI code or name the user gave, or the measure's key or name).
Only input cells become targets: a cell with a formula, a merged cell, a locked cell on a
protected sheet or a cell already holding text where a number belongs is never chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from svdesk.exports.buyer_mapping import Mapping, TemplateError

NUMERIC = {"actual", "to_date"}
MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b")
_FY = re.compile(r"\b(?:fy\s*)?(20\d\d)\s*[/\-–]\s*(\d\d|20\d\d)\b")
_YEAR = re.compile(r"\b(20\d\d)\b")
_QUARTER = re.compile(r"\b(?:q|qtr|quarter)\s*(\d{1,2})\b")
ROLE_WORDS = {
    "to_date": ("to date", "cumulative", "since start"),
    "commentary": ("comment", "narrative", "explanation"),
    "corrective_action": ("corrective", "action plan", "remedial", "mitigation"),
    "actual": (
        "actual",
        "achieved",
        "delivered",
        "units",
        "quantity",
        "number",
        "this quarter",
        "this period",
        "outturn",
    ),
}
NOT_ACTUAL = (
    "target",
    "proxy",
    "£ per",
    "per unit",
    "social value",
    "total",
    "rate",
    "value per",
    "unit of measure",
    "measure unit",
)
HEADER_ROWS = 40


# --- the period a column or sheet stands for -------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date  # the days to report
    end: date
    quarter: int | None = None  # the contract quarter they fall in
    q_start: date | None = None  # that quarter's own days
    q_end: date | None = None
    fy_start_month: int = 4

    @property
    def nominal(self) -> tuple[date, date]:
        return (self.q_start or self.start, self.q_end or self.end)

    @property
    def fy_quarter(self) -> int:
        return (self.nominal[0].month - self.fy_start_month) % 12 // 3 + 1

    @property
    def fy_start_year(self) -> int:
        s = self.nominal[0]
        return s.year if s.month >= self.fy_start_month else s.year - 1


def describes(value, period: Period, context: str = "") -> bool:
    """Does a header (text or a date) or a sheet name name this period? context: text around
    it (merged group headers above, the sheet name) that may give the year."""
    first, last = period.nominal
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return first <= value <= last
    if not isinstance(value, str) or not value.strip():
        return False
    text = value.lower()
    quarters = [int(n) for n in _QUARTER.findall(text)]
    months = [MONTHS[m] for m in _MONTH.findall(text)]
    if not quarters and len(months) < 2 and not (len(months) == 1 and first.month == last.month):
        return False
    if quarters:
        n = quarters[0]
        if n != (period.quarter if n > 4 else period.fy_quarter):
            return False
    if months and (months[0], months[-1]) != (first.month, last.month):
        return False
    both = f"{text} {context.lower()}"
    fys = [int(a) for a, _ in _FY.findall(both)]
    if fys:
        return period.fy_start_year in fys
    years = {int(y) for y in _YEAR.findall(both)}
    return not years or bool(years & {first.year, last.year})


def _role_of(header) -> str | None:
    if not isinstance(header, str):
        return None
    text = " ".join(header.lower().split())
    for role in ("to_date", "corrective_action", "commentary"):
        if any(w in text for w in ROLE_WORDS[role]) and "target" not in text:
            return role
    if any(w in text for w in ROLE_WORDS["actual"]) and not any(w in text for w in NOT_ACTUAL):
        return "actual"
    return None


# --- finding the cells -------------------------------------------------------------------------


@dataclass
class Target:
    sheet: str
    row: int
    column: int
    role: str
    label: str
    measure_key: str | None = None
    value: object = None

    @property
    def cell(self) -> str:
        from openpyxl.utils import get_column_letter

        return f"{self.sheet}!{get_column_letter(self.column)}{self.row}"


def norm(text) -> str:
    return " ".join(re.sub(r"[^a-z0-9£%]+", " ", str(text).lower()).split())


def _context(ws, row: int, col: int) -> str:
    """Merged group headers above a cell (e.g. "2026/27" over Q1–Q4), and the sheet name."""
    parts = [ws.title]
    for rng in ws.merged_cells.ranges:
        if rng.min_col <= col <= rng.max_col and rng.max_row < row:
            parts.append(str(ws.cell(rng.min_row, rng.min_col).value or ""))
    return " ".join(parts)


def _is_input(ws, row: int, col: int, role: str) -> bool:
    from openpyxl.cell.cell import MergedCell

    cell = ws.cell(row, col)
    if isinstance(cell, MergedCell) or cell.data_type == "f":
        return False
    if isinstance(cell.value, str) and cell.value.startswith("="):
        return False
    if ws.protection.sheet and cell.protection.locked:
        return False
    if role in NUMERIC:
        return cell.value is None or (
            isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
        )
    return cell.value is None or isinstance(cell.value, str)


def _columns(ws, period: Period, mapping: Mapping) -> tuple[int, dict[int, str]] | None:
    """(header row, column -> role) for this sheet, or None when it has no column to fill."""
    from openpyxl.utils import column_index_from_string

    chosen = {}
    for ref, role in mapping.columns.items():
        sheet, _, letter = ref.rpartition("!")
        if sheet in (ws.title, "*") and letter.isalpha():
            chosen[column_index_from_string(letter.upper())] = role
    header_at: int | None = None
    if not chosen:
        # A title ("Calculator, Q2 2026/27") names the period but heads no column: a header
        # sits in a row with other headers and is short.
        period_cells = [
            (c.row, c.column)
            for row in ws.iter_rows(max_row=HEADER_ROWS)
            if sum(1 for x in row if x.value not in (None, "")) >= 2
            for c in row
            if c.value is not None
            and len(str(c.value)) <= 40
            and describes(c.value, period, _context(ws, c.row, c.column))
        ]
        # "Q2 target" names the period too, but is the buyer's; "Q2 to date" and "Q2
        # comments" are ours, in their roles.
        period_roles: dict[tuple[int, int], str] = {}
        for r, col in period_cells:
            text = str(ws.cell(r, col).value).lower()
            named = _role_of(text)
            if named in ("to_date", "commentary", "corrective_action"):
                period_roles[(r, col)] = named
            elif not any(w in text for w in NOT_ACTUAL):
                period_roles[(r, col)] = "actual"
        actual = [cell for cell, role in period_roles.items() if role == "actual"]
        if len(actual) > 1 or len({r for r, _ in period_roles}) > 1:
            raise TemplateError(
                f"More than one column of “{ws.title}” names this period ("
                + ", ".join(f"{_letter(c)}{r}" for r, c in period_roles)
                + '): say which in the mapping ("columns": {"'
                + ws.title
                + '!E": '
                '"actual"}).'
            )
        period_cells = list(period_roles)
        for (r, col), role in period_roles.items():
            header_at = r
            chosen[col] = role
        for row in ws.iter_rows(max_row=HEADER_ROWS):
            for c in row:
                header_role = _role_of(c.value)
                if header_role is None or c.column in chosen or period_like(c.value):
                    continue  # another period's column ("Q1 actual") is not ours
                if header_role == "actual" and period_cells:
                    continue
                if header_at is None or c.row == header_at:
                    header_at = c.row
                    chosen.setdefault(c.column, header_role)
    if header_at is None and chosen:
        header_at = _first_header_row(ws, chosen)
    if not chosen or "actual" not in chosen.values() and "to_date" not in chosen.values():
        return None
    return header_at or 0, chosen


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def period_like(value) -> bool:
    """A header or sheet name that names some period (a quarter, a span of months, a date)."""
    if isinstance(value, (date, datetime)):
        return True
    if not isinstance(value, str):
        return False
    text = value.lower()
    return bool(_QUARTER.search(text)) or len(_MONTH.findall(text)) >= 2


def _first_header_row(ws, chosen: dict[int, str]) -> int:
    for row in ws.iter_rows(max_row=HEADER_ROWS):
        if any(c.column in chosen and isinstance(c.value, str) for c in row):
            return row[0].row
    return 0


def _row_labels(ws, row: int, before: int) -> list[str]:
    out = []
    for col in range(1, before):
        v = ws.cell(row, col).value
        if isinstance(v, str) and v.strip() and not v.startswith("="):
            out.append(" ".join(v.split()))
    return out


@dataclass(frozen=True)
class Unmatched:
    sheet: str
    row: int
    label: str

    def __str__(self) -> str:
        return f"{self.sheet} row {self.row}: “{self.label}”"


def plan(
    wb, period: Period, lookup: dict[str, str], mapping: Mapping
) -> tuple[list[Target], list[Unmatched]]:
    """The cells to fill (each with its measure key, or None where the mapping says leave it)
    and the rows svdesk would have to fill but cannot match."""
    named = [ws for ws in wb.worksheets if describes(ws.title, period)]
    # A sheet named for another period is that period's: never filled with this one's figures.
    sheets = named or [
        ws for ws in wb.worksheets if ws.sheet_state == "visible" and not period_like(ws.title)
    ]
    targets, unmatched = [], []
    for ws in sheets:
        found = _columns(ws, period, mapping)
        if found is None:
            continue
        header_row, roles = found
        first_role = _label_end(ws, header_row, roles)
        for row in range(header_row + 1, (ws.max_row or 0) + 1):
            open_roles = {c: r for c, r in roles.items() if _is_input(ws, row, c, r)}
            if not any(r in NUMERIC for r in open_roles.values()):
                continue
            labels = _row_labels(ws, row, first_role)
            filled = sum(1 for c in range(1, first_role) if ws.cell(row, c).value not in (None, ""))
            if filled < 2 or not labels:
                continue  # a heading or a blank line, not a measure row
            label = " | ".join(labels)
            if label in mapping.rows:
                key = mapping.rows[label]
            else:
                key = next((lookup[norm(t)] for t in labels if norm(t) in lookup), None)
                if key is None:
                    unmatched.append(Unmatched(ws.title, row, label))
                    continue
                mapping.rows[label] = key
            for col, role in sorted(open_roles.items()):
                targets.append(Target(ws.title, row, col, role, label, key))
    return targets, unmatched


def _label_end(ws, header_row: int, roles: dict[int, str]) -> int:
    """The first column that is not a label: a role's, or one headed by a period."""
    ends = [min(roles)]
    if header_row:
        ends += [c.column for c in ws[header_row] if period_like(c.value) or _role_of(c.value)]
    return min(ends)


# --- the figures -------------------------------------------------------------------------------
