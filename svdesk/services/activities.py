"""Record, list, total and delete activity records of every kind (see activity_kinds.KINDS).

Values travel as plain dicts keyed by field name; `coerce` turns what a user typed into a value
(or a message saying what is wrong), `validate_record` checks a whole record, and listing
supports filters, sorting and paging so a table of tens of thousands of rows stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, delete, func, inspect, or_, select

from svdesk.calc import pay, rates
from svdesk.db.dialect_sql import year_of
from svdesk.formatting import MoneyError, parse_date, parse_money
from svdesk.geo import postcodes
from svdesk.models import Base, Contract, EvidenceLink
from svdesk.models.versioned import VERSION_COLUMN
from svdesk.services.activity_kinds import KINDS, FieldSpec, KindSpec
from svdesk.services.conflicts import ConflictError, check_version, guarded, saving_over
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

ORGANISATION_WIDE = 0  # contract filter value meaning "records with no contract"


@dataclass
class RecordData:
    kind: str
    id: int | None
    values: dict
    derived: dict = field(default_factory=dict)
    contract_reference: str = ""
    evidence_count: int = 0
    row_version: int | None = None  # as loaded: a save over a newer one raises ConflictError

    def __getitem__(self, name: str):
        return self.derived[name] if name in self.derived else self.values.get(name)


def coerce(spec: FieldSpec, raw):
    """What a user typed, as the value stored; ValueError with a plain message when it cannot be."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if spec.type in ("text", "longtext", "postcode"):
            return ""
        return False if spec.type == "bool" else None
    text = raw.strip() if isinstance(raw, str) else raw
    kind = spec.type
    if kind in ("text", "longtext"):
        return str(text)
    if kind == "int":
        try:
            return int(str(text).replace(",", ""))
        except ValueError:
            raise ValueError(f"“{text}” is not a whole number.") from None
    if kind == "float":
        try:
            return float(str(text).replace(",", ""))
        except ValueError:
            raise ValueError(f"“{text}” is not a number.") from None
    if kind == "money":
        try:
            return parse_money(text)
        except MoneyError as exc:
            raise ValueError(str(exc)) from None
    if kind == "date":
        return parse_date(text)
    if kind == "share":
        value = str(text).rstrip("%").strip()
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"“{text}” is not a share (like 50% or 0.5).") from None
        return number / 100 if (str(text).endswith("%") or number > 1) else number
    if kind == "postcode":
        try:
            return postcodes.normalise(str(text))
        except postcodes.PostcodeError as exc:
            raise ValueError(str(exc)) from None
    return text  # bool, choice, contract, tristate, factor arrive as values from widgets


def validate_record(kind: str, values: dict) -> dict[str, str]:
    spec = KINDS[kind]
    errors: dict[str, str] = {}
    for f in spec.all_fields:
        value = values.get(f.name)
        if f.required and (value is None or value == ""):
            errors[f.name] = f"Enter the {f.label.lower()}."
            continue
        if value is None or value == "":
            continue
        if f.type in ("int", "float", "money", "share"):
            if f.minimum is not None and value < f.minimum:
                errors[f.name] = (
                    "The share must be between 0% and 100%."
                    if f.type == "share"
                    else f"{f.label} must be at least {f.minimum:g}."
                )
            elif f.maximum is not None and value > f.maximum:
                errors[f.name] = (
                    "The share must be between 0% and 100%."
                    if f.type == "share"
                    else f"{f.label} must be at most {f.maximum:g}."
                )
        elif f.type == "choice" and value not in f.choices:
            errors[f.name] = f"Choose the {f.label.lower()} from the list."
        elif f.type == "factor" and value not in rates.ghg_keys():
            errors[f.name] = "Choose what was used from the list."
    start = values.get("date")
    for name in ("end_date", "planned_end_date", "actual_end_date"):
        end = values.get(name)
        if start and end and end < start and name not in errors:
            errors[name] = f"The {spec.field(name).label.lower()} is before the start date."
    if kind == "work_placement" and not values.get("days") and not values.get("hours"):
        errors.setdefault("days", "Enter the days or the hours of the placement.")
    if (
        kind == "apprenticeship"
        and values.get("status") in ("completed", "left")
        and not values.get("actual_end_date")
    ):
        errors.setdefault("actual_end_date", "Enter the date the apprenticeship ended.")
    if (
        kind == "training_course"
        and values.get("qualified") is not None
        and values.get("learners")
        and values["qualified"] > values["learners"]
    ):
        errors.setdefault(
            "qualified", "More learners gained the qualification than took the course: check the two numbers."
        )
    return errors


def _columns(spec: KindSpec) -> list[str]:
    return ["id"] + [f.name for f in spec.all_fields]


def _apprentice_weeks(values: dict, contract: Contract | None, today: date) -> float:
    """Weeks delivered on the contract so far: the apprenticeship's dates inside the contract's."""
    if values.get("weeks_on_contract") is not None:
        return float(values["weeks_on_contract"])
    start = values.get("date")
    if start is None:
        return 0.0
    end = values.get("actual_end_date") or min(values.get("planned_end_date") or today, today)
    lo = contract.start_date if contract and contract.start_date else start
    hi = contract.end_date if contract and contract.end_date else end
    return pay.overlap_days(start, end, lo, hi) / 7


def derive(kind: str, values: dict, contract: Contract | None = None, today: date | None = None) -> dict:
    today = today or date.today()
    share = values.get("attribution_share")
    out: dict = {}
    if kind == "learning_intervention":
        out["learner_hours"] = (values.get("hours") or 0) * (values.get("attendees") or 0)
    elif kind == "volunteering":
        out["total_hours"] = (values.get("hours") or 0) * (values.get("volunteers") or 0)
    elif kind == "apprenticeship":
        out["weeks"] = _apprentice_weeks(values, contract, today)
    elif kind == "training_course":
        out["weeks"] = values.get("weeks") or 0
    elif kind == "emission_record" and values.get("factor_key") and values.get("date"):
        try:
            e = rates.emission(
                values["factor_key"], values.get("quantity") or 0, values["date"], values.get("unit") or None
            )
            out.update(tonnes_co2e=e.tonnes, edition=e.factor.edition, factor=e.factor, factor_note=e.note)
        except rates.RateError as exc:
            out.update(tonnes_co2e=None, factor_note=str(exc))
    if share is not None:
        out["share"] = share
    return out


def input_unit(factor_key: str) -> str:
    """The unit a user types for a factor: miles for passenger.km travel factors."""
    _label, unit = rates.ghg_keys().get(factor_key, ("", ""))
    return "mile" if unit.endswith("km") else unit


def _evidence_count(spec: KindSpec):
    model = spec.model
    return (
        select(func.count(EvidenceLink.id))
        .where(EvidenceLink.record_type == spec.key, EvidenceLink.record_id == inspect(model).columns["id"])
        .correlate(model)
        .scalar_subquery()
    )


def _query(
    spec: KindSpec,
    *,
    contract_id: int | None = None,
    search: str = "",
    start: date | None = None,
    end: date | None = None,
    without_evidence: bool = False,
):
    model = spec.model
    cols = inspect(model).columns  # the mapped columns, by attribute name
    conditions = []
    if spec.activity and contract_id is not None:
        conditions.append(
            cols["contract_id"].is_(None)
            if contract_id == ORGANISATION_WIDE
            else cols["contract_id"] == contract_id
        )
    if spec.activity and start:
        conditions.append(cols["date"] >= start)
    if spec.activity and end:
        conditions.append(cols["date"] <= end)
    if search.strip():
        like = f"%{search.strip()}%"
        text_cols = [
            getattr(model, f.name) for f in spec.all_fields if f.type in ("text", "longtext", "postcode")
        ]
        conditions.append(or_(*[c.ilike(like) for c in text_cols]))
    if without_evidence:
        conditions.append(_evidence_count(spec) == 0)
    return and_(*conditions) if conditions else None


def record_ids(store: Store, kind: str, **filters) -> set[int]:
    """The ids of the records list_records gives for these filters, without reading them."""
    spec = KINDS[kind]
    where = _query(spec, **filters)
    q = select(inspect(spec.model).columns["id"])
    with store.read() as s:
        return set(s.scalars(q if where is None else q.where(where)))


def count_records(store: Store, kind: str, **filters) -> int:
    spec = KINDS[kind]
    where = _query(spec, **filters)
    with store.read() as s:
        q = select(func.count()).select_from(spec.model)
        return s.scalar(q.where(where) if where is not None else q) or 0  # COUNT gives one row


def list_records(
    store: Store,
    kind: str,
    *,
    offset: int = 0,
    limit: int | None = None,
    order_by: str | None = None,
    descending: bool = False,
    **filters,
) -> list[RecordData]:
    spec = KINDS[kind]
    model = spec.model
    cols = inspect(model).columns
    where = _query(spec, **filters)
    count = _evidence_count(spec).label("evidence_count")
    with store.read() as s:
        contracts = {c.id: c for c in s.scalars(select(Contract))}
        refs = _person_refs(s) if hasattr(model, "person_id") else {}
        q = select(model, count)
        if where is not None:
            q = q.where(where)
        if order_by == "evidence_count":
            sort = count
        elif order_by and hasattr(model, order_by):
            sort = getattr(model, order_by)
        else:
            sort = cols["date"] if spec.activity else cols["id"]
            descending = descending if order_by else spec.activity
        q = q.order_by(sort.desc() if descending else sort.asc(), cols["id"])
        q = q.offset(offset)
        if limit is not None:
            q = q.limit(limit)
        out = []
        for row, n in s.execute(q):
            out.append(_to_record(spec, row, contracts, n, refs))
        return out


def _person_refs(s) -> dict[int, str]:
    from svdesk.models import Person

    return dict(s.execute(select(Person.id, Person.reference)).all())


def _to_record(
    spec: KindSpec, row, contracts: dict, evidence_count: int = 0, person_refs: dict | None = None
) -> RecordData:
    values = {name: getattr(row, name) for name in _columns(spec) if hasattr(row, name)}
    if spec.key == "emission_record":
        values["unit"] = row.unit
    contract = contracts.get(values.get("contract_id"))
    derived = derive(spec.key, values, contract)
    if values.get("person_id") is not None:
        derived["person_reference"] = (person_refs or {}).get(values["person_id"], "")
    return RecordData(
        spec.key,
        row.id,
        values,
        derived,
        contract.reference if contract else "",
        evidence_count,
        getattr(row, VERSION_COLUMN, None),
    )


def get_record(store: Store, kind: str, record_id: int) -> RecordData | None:
    spec = KINDS[kind]
    with store.read() as s:
        row = s.get(spec.model, record_id)
        if row is None:
            return None
        contracts = {c.id: c for c in s.scalars(select(Contract))}
        n = (
            s.scalar(
                select(func.count(EvidenceLink.id)).where(
                    EvidenceLink.record_type == kind, EvidenceLink.record_id == record_id
                )
            )
            or 0
        )
        refs = _person_refs(s) if hasattr(spec.model, "person_id") else {}
        return _to_record(spec, row, contracts, n, refs)


def _bare(spec: KindSpec) -> str:
    """ "volunteering record" for "a volunteering record" (a conflict says "This …")."""
    first, _, rest = spec.noun.partition(" ")
    bare = rest if first in ("a", "an") and rest else spec.noun
    return bare if bare.endswith("record") else f"{bare} record"


def save_record(
    store: Store,
    kind: str,
    values: dict,
    record_id: int | None = None,
    *,
    row_version: int | None = None,
    over: ConflictError | None = None,
) -> RecordData:
    """Create (record_id None) or update a record; raises ValidationError when invalid, and
    ConflictError when row_version (the one the dialog loaded) is not the saved one. over: the
    conflict the person chose to save over (svdesk.services.conflicts)."""
    spec = KINDS[kind]
    errors = validate_record(kind, values)
    if errors:
        raise ValidationError(errors)
    clean = {f.name: values.get(f.name) for f in spec.all_fields}
    for f in spec.all_fields:
        if f.type in ("text", "longtext") and clean[f.name] is None:
            clean[f.name] = ""
    if spec.activity and clean.get("attribution_share") is None:
        clean["attribution_share"] = 1.0
    if kind == "emission_record":
        factor_key = clean["factor_key"]
        assert factor_key is not None, "a required field, so validate_record has checked it"
        clean["unit"] = input_unit(factor_key)
    if over is not None:
        row_version = over.version
    with guarded(store, spec.model, record_id, clean, _bare(spec)), store.write() as s:
        if (
            spec.activity
            and clean.get("contract_id") is not None
            and s.get(Contract, clean["contract_id"]) is None
        ):
            raise ValidationError({"contract_id": "That contract no longer exists."})
        if clean.get("person_id") is not None:
            from svdesk.models import Person

            if s.get(Person, clean["person_id"]) is None:
                raise ValidationError({"person_id": "That person's record no longer exists."})
        row: Base | None
        if record_id is None:
            row = spec.model(**clean)
            s.add(row)
        else:
            row = s.get(spec.model, record_id)
            if row is None and row_version is None:
                raise ValidationError({"id": "This record no longer exists."})
            check_version(s, row, spec.model, record_id, row_version, clean, _bare(spec))
            assert row is not None
            saving_over(s, over)
            for key, value in clean.items():
                setattr(row, key, value)
        s.flush()
        identity = inspect(row).identity  # the flushed row's primary key: (id,)
        assert identity is not None, "a flushed row has its primary key"
        record_id = identity[0]
    saved = get_record(store, kind, record_id)
    assert saved is not None, "the record was written just above"
    return saved


def delete_record(store: Store, kind: str, record_id: int, row_version: int | None = None) -> None:
    """Delete the record and its evidence links (the evidence files stay in the store); with the
    row_version the person saw, ConflictError if someone else has changed it since."""
    spec = KINDS[kind]
    with guarded(store, spec.model, record_id, {}, _bare(spec)), store.write() as s:
        row = s.get(spec.model, record_id)
        if row is not None:
            check_version(s, row, spec.model, record_id, row_version, {}, _bare(spec))
            s.delete(row)
        s.execute(
            delete(EvidenceLink).where(EvidenceLink.record_type == kind, EvidenceLink.record_id == record_id)
        )


def _sql_total(spec: KindSpec, name: str):
    """An SQL expression summing a footer figure, or None when it needs Python (per-row dates)."""
    m = spec.model
    cols = inspect(m).columns
    if name == "learner_hours":
        return func.sum(cols["hours"] * cols["attendees"])
    if name == "total_hours":
        return func.sum(cols["hours"] * cols["volunteers"])
    if spec.key == "apprenticeship" and name == "weeks":
        return None  # worked out per row from the apprenticeship's and contract's dates
    return func.sum(getattr(m, name)) if hasattr(m, name) else None


def totals(store: Store, kind: str, **filters) -> dict[str, float]:
    """Footer totals over every record matching the filters (not just the page shown).

    Sums run in SQL; carbon is summed per factor, year and unit in SQL and then converted, so a
    table of tens of thousands of rows totals in milliseconds.
    """
    spec = KINDS[kind]
    where = _query(spec, **filters)
    out: dict[str, float] = {"count": count_records(store, kind, **filters)}
    with store.read() as s:
        for name in spec.totals:
            if name == "tonnes_co2e":
                cols = inspect(spec.model).columns
                year = year_of(cols["date"])
                by_year = select(cols["factor_key"], year, cols["unit"], func.sum(cols["quantity"])).group_by(
                    cols["factor_key"], year, cols["unit"]
                )
                total = 0.0
                rows = s.execute(by_year.where(where) if where is not None else by_year)
                for key, y, unit, quantity in rows:
                    try:
                        total += rates.emission(key, quantity or 0, date(int(y), 7, 1), unit).tonnes
                    except rates.RateError:
                        continue
                out[name] = total
                continue
            expression = _sql_total(spec, name)
            if expression is None:
                out[name] = sum(r[name] or 0 for r in list_records(store, kind, **filters))
                continue
            q = select(func.coalesce(expression, 0)).select_from(spec.model)
            value = s.scalar(q.where(where) if where is not None else q)
            out[name] = value if value is not None else 0.0  # coalesce: never None
    return out
