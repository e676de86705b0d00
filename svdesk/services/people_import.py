"""Write a checked payroll preview to the database in one transaction (all or nothing)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from svdesk.importers.payroll import Preview, read_payroll
from svdesk.models import Contract, Person, PersonContract
from svdesk.services import localities
from svdesk.services.people import full_time_hours
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError


def preview_people(store: Store, path: Path | str,
                   mapping: dict[str, str] | None = None) -> Preview:
    with store.read() as s:
        existing = set(s.scalars(select(Person.reference).where(Person.erased_on.is_(None))))
    return read_payroll(path, mapping, existing, full_time_hours(store))


@dataclass
class ImportResult:
    created: int
    updated: int
    assigned: int

    @property
    def imported(self) -> int:
        return self.created + self.updated


def import_people(store: Store, preview: Preview, contract_id: int | None = None) -> ImportResult:
    """Add new people and update existing ones (matched by reference) from the preview.

    Only payroll facts are overwritten on update; priority groups, consent and notes the user
    entered in svdesk are kept. With a contract, each person is put on it (100% of their time)
    unless they are already assigned to it.
    """
    created = updated = assigned = 0
    with store.write() as s:
        if contract_id is not None and s.get(Contract, contract_id) is None:
            raise ValidationError({"contract": "That contract no longer exists."})
        for row in preview.rows:
            person = s.scalars(select(Person).where(
                func.lower(Person.reference) == row.reference.lower(),
                Person.erased_on.is_(None))).first()
            if person is None:
                person = Person(reference=row.reference)
                s.add(person)
                created += 1
            else:
                updated += 1
            person.postcode = row.postcode
            person.start_date = row.start_date
            person.leave_date = row.leave_date
            person.weekly_hours = row.weekly_hours
            person.hourly_rate_pence = row.hourly_rate_pence
            person.annual_salary_pence = row.annual_salary_pence
            s.flush()
            if contract_id is not None:
                exists = s.scalar(select(PersonContract.id).where(
                    PersonContract.person_id == person.id,
                    PersonContract.contract_id == contract_id))
                if exists is None:
                    s.add(PersonContract(person_id=person.id, contract_id=contract_id,
                                         time_share=1.0))
                    assigned += 1
        s.flush()
        localities.refresh(s)  # new postcodes and assignments: their local answers
    return ImportResult(created, updated, assigned)
