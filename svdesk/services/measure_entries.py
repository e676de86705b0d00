"""Quantities entered by hand for measures that no other area records (a buyer's own measures).

A measure with a registered source (people, spend ...) ignores hand entries, so the same thing
can never be counted from two places.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select

from svdesk.models import MeasureEntry
from svdesk.services.measure_library import get_measure
from svdesk.services.measure_sources import source_for
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError


@dataclass
class EntryData:
    measure_key: str = ""
    day: date | None = None
    quantity: float | None = None
    contract_id: int | None = None
    additional: bool = True
    attribution: float = 1.0
    description: str = ""
    evidence_ref: str = ""
    id: int | None = None


def validate_entry(store: Store, data: EntryData) -> dict[str, str]:
    errors = {}
    measure = get_measure(store, data.measure_key)
    if measure is None:
        errors["measure_key"] = "Choose the measure this quantity is for."
    elif source_for(data.measure_key) is not None:
        errors["measure_key"] = (
            f"{measure.name} is counted from your records: add it there, "
            "not by hand, so it is not counted twice."
        )
    if data.day is None:
        errors["day"] = "Enter the date it happened."
    if data.quantity is None or data.quantity < 0:
        errors["quantity"] = "Enter a quantity of zero or more."
    if not 0 <= data.attribution <= 1:
        errors["attribution"] = "The share for this contract must be between 0% and 100%."
    return errors


def save_entry(store: Store, data: EntryData) -> EntryData:
    errors = validate_entry(store, data)
    if errors:
        raise ValidationError(errors)
    with store.write() as s:
        row = MeasureEntry() if data.id is None else s.get(MeasureEntry, data.id)
        if row is None:
            raise ValidationError({"id": "This entry no longer exists."})
        for f in fields(EntryData):
            if f.name != "id":
                setattr(row, f.name, getattr(data, f.name))
        s.add(row)
        s.flush()
        data.id = row.id
    return data


def list_entries(
    store: Store, measure_key: str | None = None, contract_id: int | None = None
) -> list[EntryData]:
    with store.read() as s:
        stmt = select(MeasureEntry).order_by(MeasureEntry.day)
        if measure_key:
            stmt = stmt.where(MeasureEntry.measure_key == measure_key)
        if contract_id is not None:
            stmt = stmt.where(MeasureEntry.contract_id == contract_id)
        return [EntryData(**{f.name: getattr(r, f.name) for f in fields(EntryData)}) for r in s.scalars(stmt)]


def delete_entry(store: Store, entry_id: int) -> None:
    with store.write() as s:
        row = s.get(MeasureEntry, entry_id)
        if row is not None:
            s.delete(row)
