"""Case studies: the stories a buyer asks for beside the figures, with consent recorded."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select

from svdesk.models import CaseStudy, Contract, Evidence
from svdesk.models.versioned import VERSION_COLUMN
from svdesk.services.conflicts import ConflictError, check_version, guarded, saving_over
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError


@dataclass
class CaseStudyData:
    title: str = ""
    story: str = ""
    quote: str = ""
    photo_evidence_id: int | None = None
    consent_given: bool = False
    consent_date: date | None = None
    contract_id: int | None = None
    date: date | None = None
    id: int | None = None
    row_version: int | None = None  # as loaded: a save over a newer one raises ConflictError

    @property
    def usable(self) -> bool:
        """Only a story with consent may go into anything a buyer sees."""
        return self.consent_given and self.consent_date is not None


_FIELDS = [f.name for f in fields(CaseStudyData)]


def validate_case_study(data: CaseStudyData) -> dict[str, str]:
    errors = {}
    if not data.title.strip():
        errors["title"] = "Give the case study a title."
    if not data.story.strip():
        errors["story"] = "Write the story: what happened, for whom, and what changed."
    if data.consent_given and data.consent_date is None:
        errors["consent_date"] = "Enter the date consent was given."
    if data.consent_date and not data.consent_given:
        errors["consent_given"] = "Tick consent given, or clear the consent date."
    return errors


def save_case_study(store: Store, data: CaseStudyData, *, over: ConflictError | None = None) -> CaseStudyData:
    """Create or update a case study; ValidationError when invalid, ConflictError when
    data.row_version is not the saved one (over: the conflict the person chose to save over)."""
    errors = validate_case_study(data)
    if errors:
        raise ValidationError(errors)
    values = {n: getattr(data, n) for n in _FIELDS if n not in ("id", VERSION_COLUMN)}
    values["title"] = data.title.strip()
    expected = over.version if over is not None else data.row_version
    with guarded(store, CaseStudy, data.id, values, "case study"), store.write() as s:
        if data.contract_id is not None and s.get(Contract, data.contract_id) is None:
            raise ValidationError({"contract_id": "That contract no longer exists."})
        if data.photo_evidence_id is not None and s.get(Evidence, data.photo_evidence_id) is None:
            raise ValidationError({"photo_evidence_id": "That photo is no longer in the store."})
        if data.id is None:
            row = CaseStudy(**values)
            s.add(row)
        else:
            found = s.get(CaseStudy, data.id)
            if found is None and expected is None:
                raise ValidationError({"id": "This case study no longer exists."})
            check_version(s, found, CaseStudy, data.id, expected, values, "case study")
            assert found is not None
            saving_over(s, over)
            row = found
            for key, value in values.items():
                setattr(row, key, value)
        s.flush()
        return CaseStudyData(**{n: getattr(row, n) for n in _FIELDS})


def list_case_studies(store: Store, contract_id: int | None = None) -> list[CaseStudyData]:
    q = select(CaseStudy).order_by(CaseStudy.date.desc().nulls_last(), CaseStudy.id.desc())
    if contract_id is not None:
        q = q.where(CaseStudy.contract_id == contract_id)
    with store.read() as s:
        return [CaseStudyData(**{n: getattr(r, n) for n in _FIELDS}) for r in s.scalars(q)]


def delete_case_study(store: Store, case_id: int) -> None:
    from sqlalchemy import delete

    from svdesk.models import EvidenceLink

    with store.write() as s:
        row = s.get(CaseStudy, case_id)
        if row is not None:
            s.delete(row)
        s.execute(
            delete(EvidenceLink).where(
                EvidenceLink.record_type == "case_study", EvidenceLink.record_id == case_id
            )
        )
