"""Proxy values: £ per unit of a measure, each with its source, edition, publication date,
licence, currency year and a "checked by" note. Only values with a verified public source under
the Open Government Licence are shipped (resources/proxies/defaults.csv); never TOMs or HACT
values. A contract's own row (from the buyer's proxy sheet) overrides the organisation's default
for that contract. A measure with no proxy has no £ value: it is shown as a quantity, never £0.

The shipped set carries an edition (DEFAULTS_EDITION). When it changes, a database's shipped rows
the user never edited are brought to the new set (replaced, added or removed); a row the user
edited or imported is never touched.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, fields, replace

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError

from svdesk.calc.value_coverage import citation  # noqa: F401  (re-exported)
from svdesk.formatting import MoneyError, parse_money
from svdesk.models import MeasureSetting, ProxyValue
from svdesk.resources import resource_path
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

DEFAULTS_FLAG = "default_proxies_loaded"
# Bump when resources/proxies/defaults.csv changes. 1 = the Essex localised TOMs values (dropped:
# TOMs-derived, not under the Open Government Licence); 2 = ONS and face-value defaults.
DEFAULTS_EDITION = "2"


@dataclass
class ProxyData:
    measure_key: str = ""
    pence_per_unit: int = 0
    edition: str = ""
    source: str = ""
    currency_year: int | None = None
    checked_by: str = ""
    contract_id: int | None = None
    shipped: bool = False
    published: str = ""  # when the source was published, as text ("29 Oct 2024")
    licence: str = ""  # "Open Government Licence v3.0", or the buyer's terms
    id: int | None = None


def _to_data(row: ProxyValue) -> ProxyData:
    return ProxyData(**{f.name: getattr(row, f.name) for f in fields(ProxyData)})


def shipped_defaults() -> list[ProxyData]:
    out = []
    with open(resource_path("proxies", "defaults.csv"), newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            pence = parse_money(row["gbp_per_unit"])
            assert pence is not None  # the shipped table gives every proxy a value
            out.append(
                ProxyData(
                    measure_key=row["measure_key"],
                    pence_per_unit=pence,
                    edition=row["edition"],
                    source=row["source"],
                    currency_year=int(row["currency_year"]) if row["currency_year"] else None,
                    checked_by=row["checked_by"],
                    shipped=True,
                    published=row["published"],
                    licence=row["licence"],
                )
            )
    return out


def ensure_defaults(store: Store) -> None:
    """Add the shipped defaults once per edition of the shipped set; if the user deletes or
    edits one later it stays as they left it. A newer edition replaces the shipped rows the
    user never touched (still marked shipped) and adds values for measures with none.

    A read-only store (a reading command) is never written: list_proxies then adds the
    shipped values in memory, as this would have stored them."""
    if getattr(store, "read_only", False) or _defaults_current(store):
        return
    try:
        with store.write() as s:
            # The first statement takes the write lock: of two counts started at once on an
            # older edition, only one finds the old flag to update; the other does nothing.
            result = s.execute(
                update(MeasureSetting)
                .where(MeasureSetting.key == DEFAULTS_FLAG, MeasureSetting.value != DEFAULTS_EDITION)
                .values(value=DEFAULTS_EDITION)
            )
            assert isinstance(result, CursorResult)  # an UPDATE's result, which counts its rows
            upgraded = result.rowcount
            if not upgraded:
                if s.get(MeasureSetting, DEFAULTS_FLAG) is not None:
                    return  # another count brought it up to date
                s.add(MeasureSetting(key=DEFAULTS_FLAG, value=DEFAULTS_EDITION))
            rows = list(s.scalars(select(ProxyValue).where(ProxyValue.contract_id.is_(None))))
            if upgraded:  # an older edition: retire the shipped rows the user never touched
                for r in rows:
                    if r.shipped:
                        s.delete(r)
                rows = [r for r in rows if not r.shipped]
            s.flush()
            taken = {r.measure_key for r in rows}
            for d in shipped_defaults():
                if d.measure_key not in taken:
                    s.add(ProxyValue(**{k: v for k, v in d.__dict__.items() if k != "id"}))
    except IntegrityError:
        # Two background counts started on a new database at once: the other one added the
        # defaults first, and this whole transaction was rolled back, so nothing is doubled.
        return


def _defaults_current(store: Store) -> bool:
    return store.memo(("proxy_defaults_current",), lambda: _read_defaults_current(store))


def _read_defaults_current(store: Store) -> bool:
    with store.read() as s:
        flag = s.get(MeasureSetting, DEFAULTS_FLAG)
        return flag is not None and flag.value == DEFAULTS_EDITION


def _as_stored(store: Store, rows: list[ProxyData]) -> list[ProxyData]:
    """rows as ensure_defaults would leave them, for a read-only store it cannot write."""
    if not getattr(store, "read_only", False) or _defaults_current(store):
        return rows
    with store.read() as s:
        older = s.get(MeasureSetting, DEFAULTS_FLAG) is not None
    if older:
        rows = [r for r in rows if not (r.shipped and r.contract_id is None)]
    taken = {r.measure_key for r in rows if r.contract_id is None}
    rows += [d for d in shipped_defaults() if d.measure_key not in taken]
    return sorted(rows, key=lambda p: (p.measure_key, p.contract_id or 0))


def list_proxies(
    store: Store, contract_id: int | None = None, *, include_defaults: bool = True
) -> list[ProxyData]:
    """The organisation's defaults and, for a contract, that contract's own values."""
    ensure_defaults(store)
    rows = _as_stored(store, [replace(r) for r in store.memo(("proxy_values",), lambda: _stored(store))])
    return [
        p
        for p in rows
        if (p.contract_id is None and include_defaults)
        or (contract_id is not None and p.contract_id == contract_id)
    ]


def resolve(proxies: list[ProxyData], measure_key: str, contract_id: int | None) -> ProxyData | None:
    """The contract's own value if it has one, else the organisation's default, else None."""
    own = default = None
    for p in proxies:
        if p.measure_key != measure_key:
            continue
        if contract_id is not None and p.contract_id == contract_id:
            own = p
        elif p.contract_id is None:
            default = p
    return own or default


def validate_proxy(data: ProxyData, known_keys: set[str]) -> dict[str, str]:
    errors = {}
    if data.measure_key not in known_keys:
        errors["measure_key"] = "Choose the measure this value is for."
    if data.pence_per_unit is None or data.pence_per_unit <= 0:
        errors["pence_per_unit"] = "Enter the value of one unit in pounds, more than £0."
    if not data.source.strip():
        errors["source"] = (
            "Say where the value comes from (for example “Salford proxy sheet, "
            "tender pack”): a buyer will ask."
        )
    if data.currency_year is not None and not 1990 <= data.currency_year <= 2100:
        errors["currency_year"] = "Enter the year the £ values are in, such as 2024."
    return errors


def parse_pounds(text) -> int | None:
    """A proxy typed in pounds to whole pence; raises ValueError with the reason."""
    try:
        return parse_money(text)
    except MoneyError as exc:
        raise ValueError(str(exc)) from exc


def save_proxy(store: Store, data: ProxyData) -> ProxyData:
    from svdesk.services.measure_library import list_measures

    errors = validate_proxy(data, {m.key for m in list_measures(store) if m.valued})
    if errors:
        raise ValidationError(errors)
    ensure_defaults(store)
    with store.write() as s:
        row = _find(s, data.measure_key, data.contract_id) if data.id is None else s.get(ProxyValue, data.id)
        if row is None:
            row = ProxyValue(measure_key=data.measure_key, contract_id=data.contract_id)
            s.add(row)
        for name in ("measure_key", "contract_id", "pence_per_unit", "edition", "currency_year"):
            setattr(row, name, getattr(data, name))
        row.source, row.checked_by = data.source.strip(), data.checked_by.strip()
        row.published, row.licence = data.published.strip(), data.licence.strip()
        row.shipped = False  # edited by the user: no longer the shipped value as it came
        s.flush()
        return _to_data(row)


def _find(session, measure_key: str, contract_id: int | None) -> ProxyValue | None:
    cond = ProxyValue.contract_id.is_(None) if contract_id is None else ProxyValue.contract_id == contract_id
    return session.scalars(select(ProxyValue).where(ProxyValue.measure_key == measure_key, cond)).first()


def delete_proxy(store: Store, proxy_id: int) -> None:
    ensure_defaults(store)
    with store.write() as s:
        row = s.get(ProxyValue, proxy_id)
        if row is not None:
            s.delete(row)


def replace_proxies(store: Store, items: list[ProxyData]) -> int:
    """Write many values in one transaction (an import): all or nothing."""
    ensure_defaults(store)
    with store.write() as s:
        for data in items:
            row = _find(s, data.measure_key, data.contract_id)
            if row is None:
                row = ProxyValue(measure_key=data.measure_key, contract_id=data.contract_id)
                s.add(row)
            for f in fields(ProxyData):
                if f.name != "id":
                    setattr(row, f.name, getattr(replace(data, shipped=False), f.name))
    return len(items)


def _stored(store: Store) -> list[ProxyData]:
    with store.read() as s:
        query = select(ProxyValue).order_by(ProxyValue.measure_key, ProxyValue.contract_id)
        return [_to_data(r) for r in s.scalars(query)]
