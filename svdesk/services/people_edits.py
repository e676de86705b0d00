"""Changing people's records: check and save a person, delete one made by mistake, erase one.

Split from svdesk.services.people (which reads and lists people) so each module stays small:
here is everything that writes a person, with the checks a save must pass first and the
erasure that removes personal fields but keeps anonymous counts.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import CursorResult, delete, select

from svdesk.geo import postcodes
from svdesk.geo.local_area import LocalArea
from svdesk.models import Contract, EvidenceLink, Person, PersonContract
from svdesk.models.base import utcnow
from svdesk.models.versioned import VERSION_COLUMN
from svdesk.services import localities
from svdesk.services.audit import erase_history_values
from svdesk.services.conflicts import ConflictError, check_version, guarded, saving_over
from svdesk.services.people import (
    _SCALAR_FIELDS,
    CONTRACT_TYPES,
    JOB_STATUSES,
    PRIORITY_GROUPS,
    PersonData,
    get_person,
    taken_references,
)
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

_NAME_LIKE = re.compile(r"^[A-Z][a-z'’-]+(\s+[A-Z][a-z'’-]+)+$")


def validate_person(
    data: PersonData, taken: AbstractSet[str] = frozenset(), contract_ids: set[int] | None = None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    ref = data.reference.strip()
    if not ref:
        errors["reference"] = "Enter a reference such as a works number (never a name)."
    elif _NAME_LIKE.match(ref):
        errors["reference"] = (
            "This looks like a name. Use a works number or initials and a "
            "number instead: svdesk keeps no names."
        )
    elif len(ref) > 40:
        errors["reference"] = "Keep the reference to 40 characters or fewer."
    elif ref.lower() in {t.lower() for t in taken}:
        errors["reference"] = f"Another person already has the reference “{ref}”."
    for name in ("postcode", "workplace_postcode"):
        if getattr(data, name).strip():
            try:
                postcodes.normalise(getattr(data, name))
            except postcodes.PostcodeError as exc:
                errors[name] = str(exc)
    if data.start_date is None:
        errors["start_date"] = "Enter the date they started."
    if data.start_date and data.leave_date and data.leave_date < data.start_date:
        errors["leave_date"] = "The leave date is before the start date."
    if data.weekly_hours is None:
        errors["weekly_hours"] = "Enter their contracted hours a week (0 for zero-hours)."
    elif not 0 <= data.weekly_hours <= 100:
        errors["weekly_hours"] = "Weekly hours should be between 0 and 100."
    if data.hourly_rate_pence is not None and data.annual_salary_pence is not None:
        errors["annual_salary_pence"] = "Enter an hourly rate or an annual salary, not both."
    for name in ("hourly_rate_pence", "annual_salary_pence"):
        value = getattr(data, name)
        if value is not None and value <= 0:
            errors[name] = "Pay must be more than zero."
    if data.contract_type not in CONTRACT_TYPES:
        errors["contract_type"] = "Choose the type of employment contract."
    if data.job_status not in JOB_STATUSES:
        errors["job_status"] = "Say whether the job is new or retained."
    if data.priority_group not in PRIORITY_GROUPS:
        errors["priority_group"] = "Choose a priority group from the list, or None."
    elif data.priority_group:
        if data.priority_group == "other" and not data.priority_group_other.strip():
            errors["priority_group_other"] = "Name the priority group."
        if not data.recruitment_programme.strip():
            errors["recruitment_programme"] = (
                "Name the recruitment programme that evidences the priority group; buyers only count it then."
            )
        if not data.consent_given:
            errors["consent_given"] = (
                "A priority group can be sensitive personal data: record the person's consent first."
            )
    if data.consent_given and data.consent_date is None:
        errors["consent_date"] = "Enter the date consent was given."
    seen: set[int] = set()
    total = 0.0
    for a in data.assignments:
        if a.contract_id in seen:
            errors["assignments"] = "A contract is listed twice."
        seen.add(a.contract_id)
        if contract_ids is not None and a.contract_id not in contract_ids:
            errors["assignments"] = "One of the contracts no longer exists."
        if not 0 < a.time_share <= 1:
            errors["assignments"] = "Each time share must be more than 0% and at most 100%."
        total += a.time_share
    if total > 1.0001 and "assignments" not in errors:
        errors["assignments"] = (
            f"The time shares add up to {total * 100:.0f}%; they cannot be more than 100%."
        )
    return errors


def _clean(data: PersonData) -> PersonData:
    def pc(text: str) -> str:
        return postcodes.normalise(text) if text.strip() else ""

    return replace(
        data,
        reference=data.reference.strip(),
        postcode=pc(data.postcode),
        workplace_postcode=pc(data.workplace_postcode),
        priority_group_other=(data.priority_group_other.strip() if data.priority_group == "other" else ""),
        consent_date=data.consent_date if data.consent_given else None,
    )


def save_person(store: Store, data: PersonData, *, over: ConflictError | None = None) -> PersonData:
    """Create or update a person with their job spells; ValidationError when invalid, and
    ConflictError when data.row_version is not the saved one (someone else saved them since;
    over: that conflict, when the person chose to save over it)."""
    taken = taken_references(store, data.id)
    with store.read() as s:
        contract_ids = set(s.scalars(select(Contract.id)))
    errors = validate_person(data, taken, contract_ids)
    if errors:
        raise ValidationError(errors)
    clean = _clean(data)
    values = {name: getattr(clean, name) for name in _SCALAR_FIELDS if name not in ("id", VERSION_COLUMN)}
    expected = over.version if over is not None else clean.row_version
    with guarded(store, Person, clean.id, values, "person's record"), store.write() as s:
        row: Person | None
        if clean.id is None:
            row = Person(**values)
            s.add(row)
        else:
            row = s.get(Person, clean.id)
            if row is None and expected is None:
                raise ValidationError({"id": "This person's record no longer exists."})
            check_version(s, row, Person, clean.id, expected, values, "person's record")
            assert row is not None
            if row.erased_on is not None:
                raise ValidationError({"id": "This record was erased and cannot be edited."})
            saving_over(s, over)
            for key, value in values.items():
                setattr(row, key, value)
            row.updated_at = utcnow()  # a save always moves the version: the job spells go with it
        s.flush()
        s.execute(delete(PersonContract).where(PersonContract.person_id == row.id))
        for a in clean.assignments:
            s.add(
                PersonContract(
                    person_id=row.id,
                    contract_id=a.contract_id,
                    time_share=a.time_share,
                    start_date=a.start_date,
                    end_date=a.end_date,
                )
            )
        s.flush()
        localities.refresh(s, person_id=row.id)  # the stored local answer per contract
        person_id = row.id
    saved = get_person(store, person_id)
    assert saved is not None, "the person was saved just above"
    return saved


def delete_person(store: Store, person_id: int, row_version: int | None = None) -> None:
    """Remove a person entirely (a record made by mistake). To keep counts, erase instead.
    With the row_version the list showed, ConflictError if someone has changed them since."""
    with guarded(store, Person, person_id, {}, "person's record"), store.write() as s:
        row = s.get(Person, person_id)
        if row is not None:
            check_version(s, row, Person, person_id, row_version, {}, "person's record")
            s.delete(row)
        s.execute(
            delete(EvidenceLink).where(
                EvidenceLink.record_type == "person", EvidenceLink.record_id == person_id
            )
        )


@dataclass
class EraseResult:
    reference: str
    evidence_links_removed: int


def erase_person(store: Store, person_id: int, today: date | None = None) -> EraseResult:
    """Remove the personal fields and keep anonymous counts.

    The local answer per contract is worked out first and stored, because the postcode it
    depends on is about to go. Links to evidence are removed (the files may name the person;
    the user is told how many to review).
    """
    with store.write() as s:
        store.overwrite_deletions(s)  # the old values do not stay in free space
        row = s.get(Person, person_id)
        if row is None:
            raise ValidationError({"id": "This person's record no longer exists."})
        if row.erased_on is not None:
            return EraseResult(row.reference, 0)
        for link in s.scalars(select(PersonContract).where(PersonContract.person_id == row.id)):
            contract = s.get(Contract, link.contract_id)
            link.local_at_erasure = LocalArea.from_contract(contract).test(row.postcode).status.value
        row.reference = f"erased-{row.id}"
        row.postcode = ""
        row.workplace_postcode = ""
        row.hourly_rate_pence = None
        row.annual_salary_pence = None
        row.priority_group_other = ""
        row.recruitment_programme = ""
        row.notes = ""
        row.consent_given = False
        row.consent_date = None
        row.erased_on = today or date.today()
        deleted = s.execute(
            delete(EvidenceLink).where(EvidenceLink.record_type == "person", EvidenceLink.record_id == row.id)
        )
        assert isinstance(deleted, CursorResult)  # a DELETE's result, which counts its rows
        removed = deleted.rowcount
        # Write this erasure's audit row now, then blank every value the trail holds for the
        # person (pay, dates…): who erased them and when stays, their data does not.
        s.flush()
        erase_history_values(s, "person", row.id)
        result = EraseResult(row.reference, removed or 0)
    # nor in the write-ahead log or old row versions
    store.forget_deleted(("person", "person_contract", "evidence_link", "audit_log"))
    return result
