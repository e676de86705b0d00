"""The supplier register: list, edit, merge, and the near-match suggestions offered for merging.

Suppliers are recognised across imports by their name key (svdesk.services.supplier_names);
every key that has ever meant a supplier is kept as an alias, so after "Jewson" is merged into
"Jewson Ltd" a later file spelling it "JEWSON" still lands on the merged supplier.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import delete, func, select, update

from svdesk.geo import postcodes
from svdesk.models import SpendLine, Supplier, SupplierAlias
from svdesk.models.versioned import VERSION_COLUMN
from svdesk.services.conflicts import ConflictError, check_version, guarded, saving_over
from svdesk.services.organisation import VCSE_TYPES
from svdesk.services.store import Store
from svdesk.services.supplier_names import NearMatch, name_key, near_matches, tidy_display_name
from svdesk.services.validation import ValidationError

SIZE_BANDS = {
    "micro": "Micro (0–9 staff)",
    "small": "Small (10–49 staff)",
    "medium": "Medium (50–249 staff)",
    "large": "Large (250 or more)",
    "unknown": "Not known",
}
SME_BANDS = ("micro", "small", "medium")


@dataclass
class SupplierData:
    name: str = ""
    postcode: str = ""
    company_number: str = ""
    charity_number: str = ""
    size_band: str = "unknown"
    vcse_type: str = "none"
    social_enterprise: bool = False
    notes: str = ""
    id: int | None = None
    row_version: int | None = None  # as loaded: a save over a newer one raises ConflictError

    @property
    def is_sme(self) -> bool:
        return self.size_band in SME_BANDS

    @property
    def is_vcse(self) -> bool:
        return self.vcse_type != "none" or self.social_enterprise


@dataclass
class SupplierRow(SupplierData):
    """A register row: the supplier with its spend totals (net, falling back to gross)."""

    lines: int = 0
    spend_pence: int = 0


_NOT_VALUES = ("id", VERSION_COLUMN)


def _to_data(row: Supplier) -> SupplierData:
    return SupplierData(**{f.name: getattr(row, f.name) for f in fields(SupplierData)})


def _to_row(row: Supplier, lines: int, spend_pence: int) -> SupplierRow:
    return SupplierRow(
        **{f.name: getattr(row, f.name) for f in fields(SupplierData)}, lines=lines, spend_pence=spend_pence
    )


def validate_supplier(data: SupplierData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["name"] = "Enter the supplier's name."
    elif not name_key(data.name):
        errors["name"] = "The name needs at least one letter or number."
    if data.postcode.strip():
        try:
            postcodes.normalise(data.postcode)
        except postcodes.PostcodeError as exc:
            errors["postcode"] = str(exc)
    if data.size_band not in SIZE_BANDS:
        errors["size_band"] = "Choose a size band from the list."
    if data.vcse_type not in VCSE_TYPES:
        errors["vcse_type"] = "Choose a VCSE type from the list."
    if data.company_number.strip() and not (
        data.company_number.strip().isalnum() and len(data.company_number.strip()) == 8
    ):
        errors["company_number"] = (
            "A Companies House number has 8 letters and numbers, like 01234567 or SC123456."
        )
    return errors


# The register's totals come from spend_month (spend per supplier, contract and month, kept
# exact by triggers, migration 0070), whose net is coalesce(net, gross) per line as the
# register shows: a third of the rows of spend_line at a million lines, and no line read.
# "+supplier_id": one scan and a sort, rather than walking the index with a look-up per row
# (six times slower). Joined in Python: SQLite scanned the grouped rows once per supplier.
_TOTALS = "SELECT +supplier_id, sum(lines), sum(net_pence) FROM spend_month GROUP BY 1"


def list_suppliers(store: Store, search: str = "", only_unknown_postcode: bool = False) -> list[SupplierRow]:
    query = select(Supplier)
    if search.strip():
        query = query.where(Supplier.name.ilike(f"%{search.strip()}%"))
    if only_unknown_postcode:
        query = query.where(Supplier.postcode == "")
    with store.read() as s:
        totals = {sid: (n, total) for sid, n, total in s.connection().exec_driver_sql(_TOTALS)}
        rows = [
            _to_row(
                sup,
                lines=totals.get(sup.id, (0, 0))[0],
                spend_pence=totals.get(sup.id, (0, 0))[1],
            )
            for sup in s.scalars(query)
        ]
    rows.sort(key=lambda r: (-r.spend_pence, r.name))
    return rows


def get_supplier(store: Store, supplier_id: int) -> SupplierData | None:
    with store.read() as s:
        row = s.get(Supplier, supplier_id)
        return _to_data(row) if row else None


def find_supplier(store: Store, name: str) -> SupplierData | None:
    with store.read() as s:
        sid = s.scalar(select(SupplierAlias.supplier_id).where(SupplierAlias.name_key == name_key(name)))
        if not sid:
            return None
        row = s.get(Supplier, sid)
        assert row is not None  # an alias names a stored supplier
        return _to_data(row)


def save_supplier(store: Store, data: SupplierData, *, over: ConflictError | None = None) -> SupplierData:
    """Create or update a supplier; ValidationError when invalid, ConflictError when
    data.row_version is not the saved one (over: the conflict the person chose to save over)."""
    errors = validate_supplier(data)
    if errors:
        raise ValidationError(errors)
    key = name_key(data.name)
    values = {
        f.name: getattr(data, f.name) for f in fields(SupplierData) if f.name not in ("id", VERSION_COLUMN)
    }
    values["name"] = tidy_display_name(data.name)
    values["postcode"] = postcodes.normalise(data.postcode) if data.postcode.strip() else ""
    values["company_number"] = data.company_number.strip().upper()
    values["charity_number"] = data.charity_number.strip()
    expected = over.version if over is not None else data.row_version
    with guarded(store, Supplier, data.id, values, "supplier"), store.write() as s:
        owner = s.scalar(select(SupplierAlias.supplier_id).where(SupplierAlias.name_key == key))
        if owner is not None and owner != data.id:
            other = s.get(Supplier, owner)
            assert other is not None  # an alias names a stored supplier
            raise ValidationError(
                {
                    "name": f"“{other.name}” already has this name. Open that "
                    "supplier instead, or merge the two."
                }
            )
        if data.id is None:
            row = Supplier(name_key=key, **values)
            s.add(row)
            s.flush()
        else:
            found = s.get(Supplier, data.id)
            if found is None and expected is None:
                raise ValidationError({"name": "This supplier no longer exists."})
            check_version(s, found, Supplier, data.id, expected, values, "supplier")
            assert found is not None
            saving_over(s, over)
            row = found
            for k, v in values.items():
                setattr(row, k, v)
            row.name_key = key
        if owner is None:
            s.add(SupplierAlias(name_key=key, supplier_id=row.id))
        s.flush()
        return _to_data(row)


def delete_supplier(store: Store, supplier_id: int) -> None:
    with store.write() as s:
        used = s.scalar(select(func.count()).where(SpendLine.supplier_id == supplier_id))
        if used:
            raise ValidationError(
                {
                    "id": f"This supplier has {used:,} spend lines. Merge it into "
                    "another supplier, or undo the import they came in."
                }
            )
        s.execute(delete(Supplier).where(Supplier.id == supplier_id))


def merge_suppliers(store: Store, keep_id: int, merge_id: int) -> SupplierData:
    """Move merge_id's spend and names onto keep_id, fill keep's blanks, delete merge_id."""
    if keep_id == merge_id:
        raise ValidationError({"id": "Choose two different suppliers to merge."})
    with store.write() as s:
        keep, gone = s.get(Supplier, keep_id), s.get(Supplier, merge_id)
        if keep is None or gone is None:
            raise ValidationError({"id": "One of these suppliers no longer exists."})
        s.execute(update(SpendLine).where(SpendLine.supplier_id == merge_id).values(supplier_id=keep_id))
        s.execute(
            update(SupplierAlias).where(SupplierAlias.supplier_id == merge_id).values(supplier_id=keep_id)
        )
        for attr in ("postcode", "company_number", "charity_number", "notes"):
            if not getattr(keep, attr) and getattr(gone, attr):
                setattr(keep, attr, getattr(gone, attr))
        if keep.size_band == "unknown":
            keep.size_band = gone.size_band
        if keep.vcse_type == "none":
            keep.vcse_type = gone.vcse_type
        keep.social_enterprise = keep.social_enterprise or gone.social_enterprise
        s.flush()
        s.delete(gone)
        s.flush()
        return _to_data(keep)


# The last look-alike search, by database and the register's state: thousands of suppliers
# take a second or so of pure Python, and the Suppliers tab asks again each time it is shown.
_last_suggestions: dict[tuple, list[NearMatch]] = {}


def merge_suggestions(store: Store, threshold: float = 0.82) -> list[NearMatch]:
    with store.read() as s:
        # Any change of names adds or removes a supplier or moves its updated_at (set by the
        # ORM on every edit); imports add rows; merges and undo remove them.
        state = tuple(
            s.execute(select(func.count(), func.max(Supplier.id), func.max(Supplier.updated_at))).one()
        )
        key = (str(store.path), threshold, state)
        if key in _last_suggestions:
            return list(_last_suggestions[key])
        rows = [
            (sid, name, name_key_)
            for sid, name, name_key_ in s.execute(select(Supplier.id, Supplier.name, Supplier.name_key))
        ]
    found = near_matches(rows, threshold)
    _last_suggestions.clear()
    _last_suggestions[key] = found
    return list(found)


def unknown_postcode_suppliers(store: Store) -> list[SupplierRow]:
    """Suppliers with spend but no usable postcode: their spend can never count as local."""
    return [r for r in list_suppliers(store, only_unknown_postcode=True) if r.lines]
