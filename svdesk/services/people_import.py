"""Check a payroll file, then write the checked preview in one transaction (all or nothing).

Both come as steps generators (svdesk.progress) so the window runs them on its worker with
progress and Cancel; cancelling the write rolls back everything it had done.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, or_, select

from svdesk.importers.payroll import PROGRESS_ROWS, Preview, read_payroll_steps
from svdesk.models import Contract, Person, PersonContract
from svdesk.progress import Progress, run_steps
from svdesk.services import localities
from svdesk.services.people import full_time_hours
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError


def preview_people(store: Store, path: Path | str, mapping: dict[str, str] | None = None) -> Preview:
    return run_steps(preview_people_steps(store, path, mapping))


def preview_people_steps(
    store: Store, path: Path | str, mapping: dict[str, str] | None = None
) -> Generator[Progress, None, Preview]:
    with store.read() as s:
        existing = set(s.scalars(select(Person.reference).where(Person.erased_on.is_(None))))
    return (yield from read_payroll_steps(path, mapping, existing, full_time_hours(store)))


@dataclass
class ImportResult:
    created: int
    updated: int
    assigned: int

    @property
    def imported(self) -> int:
        return self.created + self.updated


def import_people(store: Store, preview: Preview, contract_id: int | None = None) -> ImportResult:
    return run_steps(import_people_steps(store, preview, contract_id))


def import_people_steps(
    store: Store, preview: Preview, contract_id: int | None = None
) -> Generator[Progress, None, ImportResult]:
    """Add new people and update existing ones (matched by reference) from the preview.

    Only payroll facts are overwritten on update; priority groups, consent and notes the user
    entered in svdesk are kept. With a contract, each person is put on it (100% of their time)
    unless they are already assigned to it. Progress is reported inside the one transaction:
    closing the generator there (Cancel) rolls the whole import back.
    """
    created = updated = assigned = 0
    total = len(preview.rows)
    with store.write() as s:
        if contract_id is not None and s.get(Contract, contract_id) is None:
            raise ValidationError({"contract": "That contract no longer exists."})
        for done, row in enumerate(preview.rows):
            if done % PROGRESS_ROWS == 0:
                yield Progress(done, total, f"Importing {done:,} of {total:,} people…")
            # SQLite's lower() folds only A-Z: the exact reference is matched too, or a
            # reference such as "É-01" would be added again and break the unique index.
            person = s.scalars(
                select(Person).where(
                    or_(
                        Person.reference == row.reference,
                        func.lower(Person.reference) == row.reference.lower(),
                    ),
                    Person.erased_on.is_(None),
                )
            ).first()
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
            if row.contract_type:  # only when the file says; else the record's is kept
                person.contract_type = row.contract_type
            s.flush()
            if contract_id is not None:
                exists = s.scalar(
                    select(PersonContract.id).where(
                        PersonContract.person_id == person.id, PersonContract.contract_id == contract_id
                    )
                )
                if exists is None:
                    s.add(PersonContract(person_id=person.id, contract_id=contract_id, time_share=1.0))
                    assigned += 1
        s.flush()
        localities.refresh(s)  # new postcodes and assignments: their local answers
    return ImportResult(created, updated, assigned)
