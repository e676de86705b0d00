"""Fill a buyer's own xlsx return template or calculator with the contract's figures.

svdesk opens the workbook, finds the column for the period (a header or a sheet named for it:
"Q2", "Quarter 2 2026/27", "Jul – Sep 2026", a date inside the quarter; Q5 and above are the
contract's own quarters, Q1 to Q4 the financial year's) or, failing that, a value column
("Actual", "Units", "Quantity" …), plus any "to date", "commentary" and "corrective action"
columns beside it, and the measure rows (by the buyer's KPI code or name the user gave, or the
measure's key or name). Only the input cells are written: a cell with a formula, a merged cell,
a locked cell on a protected sheet or a cell already holding text where a number belongs is
never touched, and every other cell, style, comment, validation, defined name, merged range and
protection is left as it was (openpyxl reads and writes them; pictures, charts and macros it
would drop, so such a workbook is refused rather than damaged).

The mapping (which template row is which measure, and any column the user corrected) is a small
JSON file per buyer that the firm reuses each quarter and can share with other suppliers of the
same buyer. A row svdesk would have to fill but cannot match stops the fill, naming the row, until
the mapping says which measure it is (or null: leave it blank).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from svdesk.exports.atomic import atomic_output
from svdesk.exports.buyer_layout import Period, Target, _letter, norm, plan
from svdesk.exports.buyer_mapping import (  # noqa: F401
    ROLES,
    Mapping,
    TemplateError,
    default_mapping_path,
    load_mapping,
    save_mapping,
)

__all__ = [
    "Mapping",
    "TemplateError",
    "default_mapping_path",
    "load_mapping",
    "save_mapping",
    "fill_template",
    "fill_for_contract",
    "preview",
    "contract_period",
]


def measure_lookup(store, contract) -> dict[str, str]:
    """Normalised label -> measure key: the buyer's KPI codes and names the user gave for this
    contract's commitments first, then svdesk's measure keys and names (framework outcome
    numbers such as "2" are too plain to tell a row by)."""
    from svdesk.services.commitments import list_commitments
    from svdesk.services.contract_return import get_buyer_kpi
    from svdesk.services.measure_library import list_measures

    out: dict[str, str] = {}
    for m in list_measures(store):
        for text in (m.key, m.name):
            if text and norm(text):
                out.setdefault(norm(text), m.key)
    for c in list_commitments(store, contract.id):
        assert c.id is not None  # read from the database
        for text in get_buyer_kpi(store, c.id):
            if text and norm(text):
                out[norm(text)] = c.measure_key
    return out


def figures(store, contract, period: Period, as_of: date, keys: set[str]) -> dict[str, dict]:
    """measure key -> role -> value, from the same computations as the contract return."""
    from svdesk.exports.build_return import _note_text
    from svdesk.services.contract_return import kpi_rows
    from svdesk.services.measures import measure_series

    end = min(period.end, as_of)
    out: dict[str, dict] = {}
    for r in kpi_rows(store, contract, period.start, period.end, as_of):
        if r.measure_key in keys and r.measure_key not in out:
            out[r.measure_key] = {  # a failed source: its reason in the cell, never a 0 (19.6)
                "actual": r.failed or round(r.actual_period, 2),
                "to_date": r.failed or round(r.actual_to_date, 2),
                "commentary": _note_text(r.note.commentary, r.note.carried_from) or None,
                "corrective_action": _note_text(r.note.corrective_action, r.note.carried_from) or None,
            }
    _private_text_out(store, out)
    for key in sorted(keys - set(out)):
        period_q, to_date = measure_series(
            store,
            key,
            contract.id,
            [(period.start, end), (contract.start_date, end)],
            today=as_of,
            detail=False,
        )
        level = period_q if _is_level(store, key) else to_date
        out[key] = {
            "actual": _could_not(period_q) or round(period_q.quantity, 2),
            "to_date": _could_not(level) or round(level.quantity, 2),
            "commentary": None,
            "corrective_action": None,
        }
    return out


def _could_not(result) -> str:
    """The reason a measure's source failed (written in the buyer's cell), or ""."""
    from svdesk.services.measures import COULD_NOT

    return result.note if result.note.startswith(COULD_NOT) else ""


def _private_text_out(store, out: dict[str, dict]) -> None:
    """The user's words go to a buyer: full postcodes become districts and any person
    reference typed into them "[person]", as in every other export (svdesk.exports.privacy)."""
    from svdesk.exports.privacy import person_references, redact, scrub

    refs = person_references(store)
    for values in out.values():
        for role in ("commentary", "corrective_action"):
            if values[role]:
                values[role] = redact(scrub([values[role]], refs)[0])


def _is_level(store, key: str) -> bool:
    from svdesk.services.commitments import LEVEL_UNITS
    from svdesk.services.measure_library import get_measure

    m = get_measure(store, key)
    return m is not None and m.unit in LEVEL_UNITS


# --- the whole fill ----------------------------------------------------------------------------


@dataclass
class FillResult:
    path: Path
    targets: list[Target]
    mapping: Mapping

    def lines(self) -> list[str]:
        out = [f"Mapping used (buyer: {self.mapping.buyer or 'not named'}):"]
        for label, key in self.mapping.rows.items():
            out.append(f"  row “{label}” -> {key or 'left blank'}")
        for ref, role in self.mapping.columns.items():
            out.append(f"  column {ref} -> {role} (from the mapping)")
        found = sorted({(t.sheet, t.column, t.role) for t in self.targets})
        out += [f"  column {sheet}!{_letter(col)} -> {role}" for sheet, col, role in found]
        out.append(f"Filled {sum(1 for t in self.targets if t.value is not None)} cells:")
        out += [
            f"  {t.cell} = {t.value!r} ({t.role}, {t.measure_key})"
            for t in self.targets
            if t.value is not None
        ]
        return out


def check_readable(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
    except (OSError, zipfile.BadZipFile) as exc:
        raise TemplateError(f"{path.name} is not an xlsx workbook ({exc}).") from exc
    kept_badly = [
        n
        for n in names
        if re.match(
            r"xl/(charts/|media/|drawings/drawing\d|"
            r"vbaProject|pivotTables/)",
            n,
        )
    ]
    if kept_badly:
        raise TemplateError(
            f"{path.name} holds pictures, charts, pivot tables or macros that "
            "svdesk could not keep exactly as they are; fill it by hand, or "
            "ask the buyer for a version without them."
        )


def contract_period(contract, start: date, end: date, fy_start_month: int) -> Period:
    from svdesk.calc.commitments import contract_quarters
    from svdesk.calc.time_spans import Window

    for q in contract_quarters(Window(contract.start_date, contract.end_date)):
        if q.start <= start <= q.end:
            if end > q.end:
                raise TemplateError(
                    "A buyer's template is filled one contract quarter at a "
                    f"time: Q{q.number} runs {q.start} – {q.end}."
                )
            return Period(start, end, q.number, q.start, q.end, fy_start_month)
    raise TemplateError("The period is outside the contract's term.")


def fill_template(
    store,
    contract,
    start: date,
    end: date,
    template: Path,
    out: Path,
    mapping: Mapping | None = None,
    today: date | None = None,
    fy_start_month: int = 4,
) -> FillResult:
    from openpyxl import load_workbook

    template, out = Path(template), Path(out)
    if not (contract.start_date and contract.end_date):
        raise TemplateError(f"{contract.reference} needs a start and an end date.")
    check_readable(template)
    if out.resolve() == template.resolve():
        raise TemplateError(
            "Save the filled workbook under another name: the buyer's blank stays as it was for next quarter."
        )
    period = contract_period(contract, start, end, fy_start_month)
    as_of = min(end, today or date.today())
    mapping = mapping or Mapping(contract.buyer)
    mapping.buyer = mapping.buyer or contract.buyer
    wb = load_workbook(template)
    targets, unmatched = plan(wb, period, measure_lookup(store, contract), mapping)
    if unmatched:
        raise TemplateError(
            "These rows need a figure but match no measure; give each a "
            "measure key (or null to leave it blank) in the mapping's "
            "“rows”: " + "; ".join(map(str, unmatched)),
            [str(u) for u in unmatched],
        )
    if not targets:
        raise TemplateError(
            f"No column in {template.name} names this period "
            f"({start} – {end}) or holds the actual figures, so nothing "
            "would be filled: name the column in the mapping's “columns”."
        )
    values = figures(store, contract, period, as_of, {t.measure_key for t in targets if t.measure_key})
    for t in targets:
        if t.measure_key is None:
            continue
        t.value = values[t.measure_key][t.role]
        if t.value is not None:
            wb[t.sheet].cell(t.row, t.column).value = t.value
    # Formulas keep their text but lose the values the buyer's file had cached: ask the
    # spreadsheet app to work them out again on opening.
    if wb.calculation is not None:
        wb.calculation.fullCalcOnLoad = True
    with atomic_output(out) as temp:
        wb.save(temp)
    return FillResult(out, targets, mapping)


@dataclass
class Preview:
    """What a fill would do, for the user to confirm or correct before it is done."""

    rows: list[tuple[str, str | None, bool]]  # (row label, measure key or None, matched)
    columns: list[str]  # "KPI return!H -> actual"
    mapping: Mapping


def preview(
    store,
    contract,
    start: date,
    end: date,
    template: Path,
    mapping: Mapping | None = None,
    fy_start_month: int = 4,
) -> Preview:
    from openpyxl import load_workbook

    check_readable(Path(template))
    period = contract_period(contract, start, end, fy_start_month)
    mapping = mapping or Mapping(contract.buyer)
    mapping.buyer = mapping.buyer or contract.buyer
    targets, unmatched = plan(load_workbook(template), period, measure_lookup(store, contract), mapping)
    rows, seen = [], set()
    for t in targets:
        if t.label not in seen:
            seen.add(t.label)
            rows.append((t.label, t.measure_key, True))
    rows += [(u.label, None, False) for u in unmatched if u.label not in seen]
    columns = [
        f"{sheet}!{_letter(col)} -> {role}"
        for sheet, col, role in sorted({(t.sheet, t.column, t.role) for t in targets})
    ]
    return Preview(rows, columns, mapping)


def quarter_days(
    contract, quarter: int | None, start: date | None, end: date | None, today: date
) -> tuple[date, date]:
    """The days to fill: contract quarter N, the days given, or else the last complete
    contract quarter (a quarterly return is for a quarter that has ended)."""
    from svdesk.calc.commitments import contract_quarters
    from svdesk.calc.time_spans import Window

    quarters = contract_quarters(Window(contract.start_date, contract.end_date))
    if quarter is not None:
        q = next((q for q in quarters if q.number == quarter), None)
        if q is None:
            raise TemplateError(f"{contract.reference} has quarters 1 to {len(quarters)}.")
        return q.start, q.end
    if start or end:
        if not (start and end):
            raise TemplateError("Give both --from and --to, or a quarter.")
        return start, end
    done = [q for q in quarters if q.end < today]
    if not done:
        raise TemplateError(f"No quarter of {contract.reference} has ended yet: give the days.")
    return done[-1].start, done[-1].end


def fill_for_contract(
    store,
    contract_ref: str,
    template: Path,
    out: Path,
    mapping_path: Path | None = None,
    quarter: int | None = None,
    start: date | None = None,
    end: date | None = None,
    today: date | None = None,
) -> tuple[FillResult, Path]:
    """The command line's and the window's fill: read the buyer's mapping (mapping_path, or the
    firm's saved one for this buyer), fill, and save the mapping used back for next quarter."""
    from svdesk.services.contracts import find_contract
    from svdesk.services.organisation import get_organisation

    contract = find_contract(store, contract_ref or "")
    if contract is None:
        raise TemplateError(f"There is no contract with the reference “{contract_ref}”.")
    if not (contract.start_date and contract.end_date):
        raise TemplateError(f"{contract.reference} needs a start and an end date.")
    today = today or date.today()
    start, end = quarter_days(contract, quarter, start, end, today)
    mapping_path = Path(mapping_path) if mapping_path else default_mapping_path(contract.buyer)
    mapping = load_mapping(mapping_path) if mapping_path.is_file() else None
    org = get_organisation(store)
    result = fill_template(
        store, contract, start, end, template, out, mapping, today, org.year_start_month if org else 4
    )
    save_mapping(result.mapping, mapping_path)
    return result, mapping_path
