"""The organisation profile: read, validate and save it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from sqlalchemy import select

from svdesk.calc.size_band import SizeBand, size_band
from svdesk.geo import postcodes
from svdesk.models import Organisation
from svdesk.models.versioned import VERSION_COLUMN
from svdesk.services.conflicts import ConflictError, check_version, saving_over
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

LEGAL_FORMS = {
    "sole_trader": "Sole trader",
    "partnership": "Partnership or LLP",
    "private_limited": "Private limited company",
    "public_limited": "Public limited company",
    "cic": "Community interest company (CIC)",
    "charity": "Charity (incorporated or trust)",
    "cooperative": "Co-operative or community benefit society",
    "other": "Other",
}
VCSE_TYPES = {
    "none": "Not a VCSE",
    "charity": "Charity",
    "cic": "Community interest company",
    "cooperative": "Co-operative or mutual",
    "social_enterprise": "Social enterprise",
    "community_group": "Voluntary or community group",
}
CYBER_ESSENTIALS = {"none": "Not certified", "basic": "Cyber Essentials", "plus": "Cyber Essentials Plus"}


@dataclass
class OrganisationData:
    name: str = ""
    address: str = ""
    postcode: str = ""
    headcount: int | None = None
    turnover_pence: int | None = None
    balance_sheet_pence: int | None = None
    legal_form: str = "private_limited"
    vcse_type: str = "none"
    social_enterprise: bool = False
    real_living_wage_accredited: bool = False
    cyber_essentials: str = "none"
    carbon_reduction_plan: bool = False
    certifications: str = ""
    year_start_month: int = 4
    full_time_hours: float = 37.5
    row_version: int | None = None  # as loaded: a save over a newer one raises ConflictError

    @property
    def size(self) -> SizeBand:
        return size_band(self.headcount, self.turnover_pence, self.balance_sheet_pence)


def validate_organisation(data: OrganisationData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["name"] = "Enter the organisation's name."
    if data.postcode.strip():
        try:
            postcodes.normalise(data.postcode)
        except postcodes.PostcodeError as exc:
            errors["postcode"] = str(exc)
    if data.headcount is not None and data.headcount < 0:
        errors["headcount"] = "The number of staff cannot be negative."
    for name in ("turnover_pence", "balance_sheet_pence"):
        value = getattr(data, name)
        if value is not None and value < 0:
            errors[name] = "This amount cannot be negative."
    if data.legal_form not in LEGAL_FORMS:
        errors["legal_form"] = "Choose a legal form from the list."
    if data.vcse_type not in VCSE_TYPES:
        errors["vcse_type"] = "Choose a VCSE type from the list."
    if data.cyber_essentials not in CYBER_ESSENTIALS:
        errors["cyber_essentials"] = "Choose a Cyber Essentials level from the list."
    if not 1 <= data.year_start_month <= 12:
        errors["year_start_month"] = "Choose the month your financial year starts."
    if not 1 <= data.full_time_hours <= 60:
        errors["full_time_hours"] = "Full-time hours should be between 1 and 60 a week."
    return errors


def _to_data(row: Organisation) -> OrganisationData:
    return OrganisationData(**{f.name: getattr(row, f.name) for f in fields(OrganisationData)})


def get_organisation(store: Store) -> OrganisationData | None:
    with store.read() as s:
        row = s.scalars(select(Organisation).order_by(Organisation.id)).first()
        return _to_data(row) if row else None


def save_organisation(
    store: Store, data: OrganisationData, *, over: ConflictError | None = None
) -> OrganisationData:
    """Create or update the organisation; ValidationError when invalid, ConflictError when
    data.row_version is not the saved one (over: the conflict the person chose to save over)."""
    errors = validate_organisation(data)
    if errors:
        raise ValidationError(errors)
    values = asdict(data)
    expected = over.version if over is not None else values.pop(VERSION_COLUMN)
    values.pop(VERSION_COLUMN, None)
    values["name"] = data.name.strip()
    if data.postcode.strip():
        values["postcode"] = postcodes.normalise(data.postcode)
    with store.write() as s:
        row = s.scalars(select(Organisation).order_by(Organisation.id)).first()
        if row is None:
            row = Organisation(**values)
            s.add(row)
        else:
            check_version(s, row, Organisation, row.id, expected, values, "organisation's profile")
            saving_over(s, over)
            for key, value in values.items():
                setattr(row, key, value)
    return _to_data(row)
