"""The measure library: svdesk's shipped measures plus a buyer's own, with their mappings to
framework outcomes, and the measures area's settings (the SROI discount rate)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import overload

from sqlalchemy import select

from svdesk.calc.frameworks import (
    KINDS,
    MeasureDef,
    builtin_measure,
    check_mapping,
    load_frameworks,
    load_measures,
)
from svdesk.calc.sroi import DEFAULT_RATE
from svdesk.models import MeasureDefinition, MeasureMapping, MeasureSetting
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{1,59}")


@dataclass
class CustomMeasureData:
    key: str = ""
    name: str = ""
    unit: str = ""
    kind: str = "social"
    description: str = ""
    counting_rule: str = ""
    valued: bool = True
    in_totals: bool = True
    buyer: str = ""
    id: int | None = None


@dataclass(frozen=True)
class MappingData:
    measure_key: str
    framework: str
    outcome: str
    note: str = ""
    outcome_name: str = ""  # filled in for shipped frameworks
    verified: bool = True  # False when the outcome's wording is unverified
    builtin: bool = False
    id: int | None = None


def _row_to_def(row: MeasureDefinition, maps: tuple[str, ...]) -> MeasureDef:
    return MeasureDef(
        row.key,
        row.name,
        row.unit,
        row.kind,
        row.description,
        row.counting_rule,
        row.valued,
        row.in_totals,
        maps,
        builtin=False,
    )


def list_measures(store: Store) -> list[MeasureDef]:
    """Shipped measures first (in file order), then the user's, each with every mapping."""
    return list(store.memo(("list_measures",), lambda: _list_measures(store)))


def _list_measures(store: Store) -> list[MeasureDef]:
    with store.read() as s:
        customs = list(s.scalars(select(MeasureDefinition).order_by(MeasureDefinition.name)))
        extra: dict[str, list[str]] = {}
        for m in s.scalars(select(MeasureMapping).order_by(MeasureMapping.id)):
            extra.setdefault(m.measure_key, []).append(f"{m.framework}:{m.outcome}")
    out = [
        replace(m, maps_to=m.maps_to + tuple(r for r in extra.get(m.key, ()) if r not in m.maps_to))
        for m in load_measures()
    ]
    out += [_row_to_def(c, tuple(extra.get(c.key, ()))) for c in customs]
    return out


def get_measure(store: Store, key: str) -> MeasureDef | None:
    return next((m for m in list_measures(store) if m.key == key), None)


def validate_custom_measure(store: Store, data: CustomMeasureData) -> dict[str, str]:
    errors: dict[str, str] = {}
    key = data.key.strip()
    if not KEY_PATTERN.fullmatch(key):
        errors["key"] = (
            "Enter a short key of lower-case letters, digits and underscores, "
            "starting with a letter (for example salford_ks2_visits)."
        )
    elif builtin_measure(key) is not None:
        errors["key"] = f"“{key}” is one of svdesk's own measures: choose another key."
    else:
        with store.read() as s:
            clash = s.scalars(select(MeasureDefinition).where(MeasureDefinition.key == key)).first()
        if clash is not None and clash.id != data.id:
            errors["key"] = f"Another measure already uses the key “{key}”."
    if not data.name.strip():
        errors["name"] = "Enter the measure's name as the buyer writes it."
    if not data.unit.strip():
        errors["unit"] = "Enter the unit it is counted in (hours, people, £, weeks …)."
    if data.kind not in KINDS:
        errors["kind"] = "Choose local economic value or social value."
    return errors


def save_custom_measure(store: Store, data: CustomMeasureData) -> CustomMeasureData:
    errors = validate_custom_measure(store, data)
    if errors:
        raise ValidationError(errors)
    cleaned = replace(
        data,
        key=data.key.strip(),
        name=data.name.strip(),
        unit=data.unit.strip(),
        description=data.description.strip(),
        counting_rule=data.counting_rule.strip(),
        buyer=data.buyer.strip(),
    )
    values: dict[str, object] = dict(
        key=cleaned.key,
        name=cleaned.name,
        unit=cleaned.unit,
        kind=cleaned.kind,
        description=cleaned.description,
        counting_rule=cleaned.counting_rule,
        valued=cleaned.valued,
        in_totals=cleaned.in_totals,
        buyer=cleaned.buyer,
    )
    with store.write() as s:
        row = MeasureDefinition(**values) if data.id is None else s.get(MeasureDefinition, data.id)
        if row is None:
            raise ValidationError({"id": "This measure no longer exists."})
        if data.id is not None and row.key != values["key"]:
            raise ValidationError(
                {
                    "key": "A measure's key cannot change once saved: commitments "
                    "and proxies refer to it. Add a new measure instead."
                }
            )
        for k, v in values.items():
            setattr(row, k, v)
        s.add(row)
        s.flush()
        return replace(cleaned, id=row.id)


def delete_custom_measure(store: Store, key: str) -> None:
    with store.write() as s:
        for row in s.scalars(select(MeasureDefinition).where(MeasureDefinition.key == key)):
            s.delete(row)
        for mapping in s.scalars(select(MeasureMapping).where(MeasureMapping.measure_key == key)):
            s.delete(mapping)


def list_mappings(store: Store, measure_key: str) -> list[MappingData]:
    frameworks = load_frameworks()
    out = []
    measure = builtin_measure(measure_key)
    refs: list[tuple[int | None, str, str, bool]] = [
        (None, r, "", True) for r in (measure.maps_to if measure else ())
    ]
    with store.read() as s:
        refs += [
            (m.id, f"{m.framework}:{m.outcome}", m.note, False)
            for m in s.scalars(
                select(MeasureMapping)
                .where(MeasureMapping.measure_key == measure_key)
                .order_by(MeasureMapping.id)
            )
        ]
    for row_id, ref, note, builtin in refs:
        fw_key, _, outcome = ref.partition(":")
        fw = frameworks.get(fw_key)
        found = fw.outcome(outcome) if fw else None
        out.append(
            MappingData(
                measure_key,
                fw_key,
                outcome,
                note,
                found.name if found else outcome,
                found.verified if found else True,
                builtin,
                row_id,
            )
        )
    return out


def add_mapping(store: Store, measure_key: str, framework: str, outcome: str, note: str = "") -> MappingData:
    """Map a measure to an outcome: of a shipped framework (checked), or of a buyer's own
    framework (any name; the outcome is free text such as "Buying in Salford")."""
    framework, outcome = framework.strip(), outcome.strip()
    errors = {}
    if get_measure(store, measure_key) is None:
        errors["measure_key"] = f"There is no measure “{measure_key}”."
    if not framework:
        errors["framework"] = "Choose the framework, or type the buyer's framework name."
    if not outcome:
        errors["outcome"] = "Choose or type the outcome this measure serves."
    if not errors and framework in load_frameworks():
        problem = check_mapping(load_frameworks(), f"{framework}:{outcome}")
        if problem:
            errors["outcome"] = problem
    if not errors and any(
        m.framework == framework and m.outcome == outcome for m in list_mappings(store, measure_key)
    ):
        errors["outcome"] = "This measure is already mapped to that outcome."
    if errors:
        raise ValidationError(errors)
    with store.write() as s:
        row = MeasureMapping(measure_key=measure_key, framework=framework, outcome=outcome, note=note.strip())
        s.add(row)
        s.flush()
        row_id = row.id
    return next(m for m in list_mappings(store, measure_key) if m.id == row_id)


def remove_mapping(store: Store, mapping_id: int) -> None:
    with store.write() as s:
        row = s.get(MeasureMapping, mapping_id)
        if row is not None:
            s.delete(row)


# --- settings -------------------------------------------------------------------------------


@overload
def get_setting(store: Store, key: str, default: str) -> str: ...
@overload
def get_setting(store: Store, key: str, default: None = None) -> str | None: ...
def get_setting(store: Store, key: str, default: str | None = None) -> str | None:
    with store.read() as s:
        row = s.get(MeasureSetting, key)
        return row.value if row else default


def set_setting(store: Store, key: str, value: str) -> None:
    with store.write() as s:
        row = s.get(MeasureSetting, key) or MeasureSetting(key=key)
        row.value = value
        s.add(row)


def discount_rate(store: Store) -> float:
    """The SROI discount rate for years 0-30 (Green Book 3.5% unless the user changed it)."""
    return float(get_setting(store, "sroi_discount_rate", str(DEFAULT_RATE)))


def set_discount_rate(store: Store, rate: float) -> None:
    if not 0 <= rate < 0.2:
        raise ValidationError({"discount_rate": "Enter a discount rate between 0% and 20%."})
    set_setting(store, "sroi_discount_rate", repr(float(rate)))
