"""Contracts and bids: list, create, update, delete, with validation shared by UI and CLI."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, fields, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm.attributes import set_committed_value

from svdesk.geo import postcodes
from svdesk.geo.authorities import is_known_authority
from svdesk.geo.local_area import LocalArea
from svdesk.models import Contract
from svdesk.models.versioned import VERSION_COLUMN
from svdesk.services.conflicts import ConflictError, check_version, guarded, saving_over
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

STATUSES = {
    "opportunity": "Opportunity",
    "bid_submitted": "Bid submitted",
    "won": "Won",
    "lost": "Lost",
    "active": "Active",
    "complete": "Complete",
}
FRAMEWORKS = {
    "ppn_06_20": "PPN 06/20 Social Value Model",
    "ppn_002": "PPN 002 (2025)",
    "toms": "TOMs-style measures",
    "council": "Council's own framework",
}
AREA_KINDS = {
    "authorities": "Local authorities",
    "districts": "Postcode districts",
    "radius": "Distance from the site",
}


@dataclass
class ContractData:
    reference: str = ""
    title: str = ""
    buyer: str = ""
    value_pence: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    status: str = "opportunity"
    framework: str = "ppn_06_20"
    framework_note: str = ""
    site_postcode: str = ""
    local_area_kind: str = "authorities"
    local_area_codes: str = ""
    local_radius_miles: float | None = None
    notes: str = ""
    id: int | None = None
    row_version: int | None = None  # as loaded: a save over a newer one raises ConflictError

    @property
    def local_area(self) -> LocalArea:
        return LocalArea.from_contract(self)

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def framework_label(self) -> str:
        label = FRAMEWORKS.get(self.framework, self.framework)
        return f"{label}: {self.framework_note}" if self.framework_note else label


def _codes(text: str) -> list[str]:
    return [c.strip() for c in (text or "").replace(";", ",").split(",") if c.strip()]


def normalise_area_codes(kind: str, text: str) -> str:
    """Tidy a typed list: upper-case codes, districts without spaces, duplicates removed."""
    out: list[str] = []
    for code in _codes(text):
        value = code.upper().replace(" ", "") if kind == "districts" else code.upper()
        if value not in out:
            out.append(value)
    return ",".join(out)


def validate_contract(data: ContractData, taken_references: AbstractSet[str] = frozenset()) -> dict[str, str]:
    errors: dict[str, str] = {}
    reference = data.reference.strip()
    if not reference:
        errors["reference"] = "Enter a reference (the buyer's, or your own)."
    elif reference.lower() in {r.lower() for r in taken_references}:
        errors["reference"] = f"Another contract already uses the reference “{reference}”."
    if not data.title.strip():
        errors["title"] = "Enter a title for the contract."
    if not data.buyer.strip():
        errors["buyer"] = "Enter the buyer (the council or public body)."
    if data.value_pence is not None and data.value_pence < 0:
        errors["value_pence"] = "The contract value cannot be negative."
    if data.start_date and data.end_date and data.end_date < data.start_date:
        errors["end_date"] = "The end date is before the start date."
    if data.status not in STATUSES:
        errors["status"] = "Choose a status from the list."
    if data.framework not in FRAMEWORKS:
        errors["framework"] = "Choose the buyer's framework from the list."
    if data.site_postcode.strip():
        try:
            postcodes.normalise(data.site_postcode)
        except postcodes.PostcodeError as exc:
            errors["site_postcode"] = str(exc)
    kind = data.local_area_kind
    if kind not in AREA_KINDS:
        errors["local_area_kind"] = "Choose how the buyer defines local."
    elif kind == "authorities":
        unknown = [c for c in _codes(data.local_area_codes) if not is_known_authority(c.upper())]
        if unknown:
            errors["local_area_codes"] = (
                f"Not a local authority code svdesk knows: {', '.join(unknown)} (codes look like E08000006)."
            )
    elif kind == "districts":
        bad = []
        for code in _codes(data.local_area_codes):
            try:
                postcodes.normalise_district(code)
            except postcodes.PostcodeError:
                bad.append(code)
        if bad:
            errors["local_area_codes"] = (
                f"Not a postcode district: {', '.join(bad)} (districts look like M5 or SW1A)."
            )
    elif kind == "radius":
        if data.local_radius_miles is None or data.local_radius_miles <= 0:
            errors["local_radius_miles"] = "Enter a radius in miles greater than zero."
        elif data.local_radius_miles > 500:
            errors["local_radius_miles"] = "A local radius should be under 500 miles."
        if not data.site_postcode.strip() and "site_postcode" not in errors:
            errors["site_postcode"] = "A radius is measured from the site: enter its postcode."
    return errors


def _clean(data: ContractData) -> ContractData:
    return replace(
        data,
        reference=data.reference.strip(),
        title=data.title.strip(),
        buyer=data.buyer.strip(),
        site_postcode=postcodes.normalise(data.site_postcode) if data.site_postcode.strip() else "",
        local_area_codes=normalise_area_codes(data.local_area_kind, data.local_area_codes),
        local_radius_miles=data.local_radius_miles if data.local_area_kind == "radius" else None,
    )


_NOT_VALUES = frozenset({"id", "row_version"})


def _to_data(row: Contract) -> ContractData:
    return ContractData(**{f.name: getattr(row, f.name) for f in fields(ContractData)})


def list_contracts(store: Store) -> list[ContractData]:
    with store.read() as s:
        rows = s.scalars(
            select(Contract).order_by(Contract.start_date.desc().nulls_last(), Contract.reference)
        )
        return [_to_data(r) for r in rows]


def get_contract(store: Store, contract_id: int) -> ContractData | None:
    data = store.memo(("contract", contract_id), lambda: _get_contract(store, contract_id))
    return replace(data) if data else None  # a copy: the caller may change it


def _get_contract(store: Store, contract_id: int) -> ContractData | None:
    with store.read() as s:
        row = s.get(Contract, contract_id)
        return _to_data(row) if row else None


def find_contract(store: Store, reference: str) -> ContractData | None:
    with store.read() as s:
        row = s.scalars(
            select(Contract).where(func.lower(Contract.reference) == reference.strip().lower())
        ).first()
        return _to_data(row) if row else None


def taken_references(store: Store, except_id: int | None = None) -> set[str]:
    with store.read() as s:
        query = select(Contract.reference)
        if except_id is not None:
            query = query.where(Contract.id != except_id)
        return set(s.scalars(query))


def save_contract(store: Store, data: ContractData, *, over: ConflictError | None = None) -> ContractData:
    """Create (data.id is None) or update a contract; raises ValidationError when invalid, and
    ConflictError when data.row_version is not the saved one (someone else saved it since).
    over: that conflict, when the person chose to keep theirs over it (its version is then the
    one expected, and the audit trail notes whose change was replaced)."""
    errors = validate_contract(data, taken_references(store, data.id))
    if errors:
        raise ValidationError(errors)
    clean = _clean(data)
    if over is not None:
        clean = replace(clean, row_version=over.version)
    values = {f.name: getattr(clean, f.name) for f in fields(ContractData) if f.name not in _NOT_VALUES}
    with guarded(store, Contract, clean.id, values, "contract"), store.write() as s:
        if clean.id is None:
            row = Contract(**values)
            s.add(row)
        else:
            found = s.get(Contract, clean.id)
            if found is None and clean.row_version is None:
                raise ValidationError({"id": "This contract no longer exists."})
            check_version(s, found, Contract, clean.id, clean.row_version, values, "contract")
            assert found is not None
            row = found
            if clean.row_version is not None:  # the UPDATE's WHERE checks the version loaded
                set_committed_value(row, VERSION_COLUMN, clean.row_version)
            saving_over(s, over)
            for key, value in values.items():
                setattr(row, key, value)
        s.flush()
        return _to_data(row)


def delete_contract(store: Store, contract_id: int, row_version: int | None = None) -> None:
    """Delete a contract; with the row_version the person saw, ConflictError if it has changed."""
    with guarded(store, Contract, contract_id, {}, "contract"), store.write() as s:
        row = s.get(Contract, contract_id)
        if row is not None:
            check_version(s, row, Contract, contract_id, row_version, {}, "contract")
            s.delete(row)
