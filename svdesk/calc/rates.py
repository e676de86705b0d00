"""Dated rate tables: wage floors (Real Living Wage, National Living Wage) and GHG factors.

The figures live in resources/rates/*.csv (see the README there); a user may override either
file with an edited copy in <config>/rates/. Lookups answer "which rate was in force on this
date?", never "the latest rate", so a pay check or a carbon figure for last year stays right
after the tables gain a new year.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from svdesk.resources import resource_path

KM_PER_MILE = 1.609344
SCHEME_LABELS = {
    "rlw_uk": "Real Living Wage",
    "rlw_london": "London Living Wage",
    "nlw": "National Living Wage",
    "apprentice": "Apprentice rate",
}
GHG_ATTRIBUTION = (
    "UK Government GHG Conversion Factors for Company Reporting (DESNZ). "
    "Contains public sector information licensed under the Open Government "
    "Licence v3.0."
)


class RateError(LookupError):
    """No rate covers the date asked for; the message says which table and date."""


@cache
def table_path(name: str) -> Path:
    """The user's edited copy of a rate table if there is one, else the shipped file.

    Remembered for the run (lookups happen per row of a table); clear_cache() forgets it."""
    from svdesk.paths import config_dir

    override = config_dir() / "rates" / name
    return override if override.is_file() else resource_path("rates", name)


# --- wages --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WageRate:
    scheme: str
    rate_pence: int
    in_force_from: date
    announced: date | None
    min_age: int | None
    status: str
    source: str

    @property
    def label(self) -> str:
        return SCHEME_LABELS.get(self.scheme, self.scheme)


def _opt_date(text: str) -> date | None:
    return date.fromisoformat(text) if text and text.strip() else None


@cache
def _wage_rows(path: Path) -> tuple[WageRate, ...]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [
            WageRate(
                r["scheme"].strip(),
                int(r["rate_pence"]),
                date.fromisoformat(r["in_force_from"].strip()),
                _opt_date(r.get("announced", "")),
                int(r["min_age"]) if (r.get("min_age") or "").strip() else None,
                r.get("status", ""),
                r.get("source", ""),
            )
            for r in csv.DictReader(fh)
        ]
    return tuple(sorted(rows, key=lambda w: (w.scheme, w.in_force_from)))


def wage_rates(scheme: str | None = None) -> list[WageRate]:
    rows = _wage_rows(table_path("wages.csv"))
    return [r for r in rows if scheme is None or r.scheme == scheme]


def wage_rate_on(scheme: str, day: date) -> WageRate:
    """The rate of a scheme in force on day; RateError before the first one."""
    found = None
    for rate in wage_rates(scheme):
        if rate.in_force_from <= day:
            found = rate
    if found is None:
        raise RateError(f"No {SCHEME_LABELS.get(scheme, scheme)} rate is recorded for {day:%d %b %Y}.")
    return found


def announced_rate_on(scheme: str, day: date) -> WageRate | None:
    """A rate already announced on day but not yet in force (the Real Living Wage's six months)."""
    for rate in wage_rates(scheme):
        if rate.announced and rate.announced <= day < rate.in_force_from:
            return rate
    return None


def is_london(la_code: str | None) -> bool:
    """London boroughs and the City have ONS codes E09…."""
    return la_code is not None and la_code.startswith("E09")


def living_wage_scheme(workplace_la_code: str | None) -> str:
    return "rlw_london" if is_london(workplace_la_code) else "rlw_uk"


# --- greenhouse gas factors ---------------------------------------------------------------------


@dataclass(frozen=True)
class GhgFactor:
    edition: int
    key: str
    activity: str
    unit: str
    kg_co2e_per_unit: float
    scope: str
    row_id: str
    source: str


@cache
def _ghg_rows(path: Path) -> tuple[GhgFactor, ...]:
    with open(path, encoding="utf-8", newline="") as fh:
        return tuple(
            GhgFactor(
                int(r["edition"]),
                r["key"].strip(),
                r["activity"],
                r["unit"],
                float(r["kg_co2e_per_unit"]),
                r.get("scope", ""),
                r.get("row_id", ""),
                r.get("source", ""),
            )
            for r in csv.DictReader(fh)
        )


def ghg_factors(edition: int | None = None) -> list[GhgFactor]:
    rows = _ghg_rows(table_path("ghg_factors.csv"))
    return [r for r in rows if edition is None or r.edition == edition]


def ghg_keys() -> dict[str, tuple[str, str]]:
    """key -> (activity label, unit) from the latest edition that has each key."""
    out: dict[str, tuple[str, str]] = {}
    for f in sorted(ghg_factors(), key=lambda f: f.edition):
        out[f.key] = (f.activity, f.unit)
    return out


@dataclass(frozen=True)
class Emission:
    kg_co2e: float
    factor: GhgFactor
    note: str  # e.g. that the nearest edition stood in for a year with no edition

    @property
    def tonnes(self) -> float:
        return self.kg_co2e / 1000


@cache
def _ghg_index(path: Path) -> dict[str, list[GhgFactor]]:
    index: dict[str, list[GhgFactor]] = {}
    for f in sorted(_ghg_rows(path), key=lambda f: f.edition):
        index.setdefault(f.key, []).append(f)
    return index


def factor_on(key: str, day: date) -> tuple[GhgFactor, str]:
    """The factor for the edition matching day's calendar year (nearest edition if none)."""
    return _factor_for_year(key, day.year)


@cache
def _factor_for_year(key: str, year: int) -> tuple[GhgFactor, str]:
    """factor_on, once per factor and year: ten years of monthly energy records ask thousands
    of times."""
    day = date(year, 1, 1)
    options = _ghg_index(table_path("ghg_factors.csv")).get(key, [])
    if not options:
        raise RateError(f"There is no conversion factor called “{key}”.")
    for f in options:
        if f.edition == day.year:
            return f, ""
    nearest = options[0] if day.year < options[0].edition else options[-1]
    return nearest, (f"No {day.year} edition in the factor table; the {nearest.edition} edition was used.")


def emission(key: str, quantity: float, day: date, unit: str | None = None) -> Emission:
    """kg CO2e for quantity of an activity on day. Miles convert to passenger.km where needed."""
    factor, note = factor_on(key, day)
    amount = quantity
    if unit == "mile" and factor.unit.endswith("km"):
        amount = quantity * KM_PER_MILE
    elif unit and unit != factor.unit and not (unit == "mile" and factor.unit == "mile"):
        raise RateError(f"The factor for {factor.activity} is per {factor.unit}, not per {unit}.")
    return Emission(amount * factor.kg_co2e_per_unit, factor, note)


@cache
def tonnes_per_unit(key: str, year: int, unit: str | None = None) -> tuple[float, float]:
    """(the unit's conversion to the factor's unit, kg CO2e per factor unit) for records of a
    year, so that emission(key, q, day, unit).tonnes == q * conversion * kg / 1000 exactly (the
    same operations in the same order; conversion 1.0 multiplies nothing away). Raises
    RateError as emission does. Ten years of monthly energy records ask once per factor/year."""
    factor, _note = _factor_for_year(key, year)
    if unit == "mile" and factor.unit.endswith("km"):
        return KM_PER_MILE, factor.kg_co2e_per_unit
    if unit and unit != factor.unit and not (unit == "mile" and factor.unit == "mile"):
        raise RateError(f"The factor for {factor.activity} is per {factor.unit}, not per {unit}.")
    return 1.0, factor.kg_co2e_per_unit


_generation = 0


def generation() -> int:
    """Goes up each time the tables are forgotten: what was worked out from them before is
    stale (svdesk.services.measure_cache compares it)."""
    return _generation


def clear_cache() -> None:
    """Forget loaded tables (after the user saves an edited copy)."""
    global _generation
    _generation += 1
    table_path.cache_clear()
    _wage_rows.cache_clear()
    _ghg_rows.cache_clear()
    _ghg_index.cache_clear()
    _factor_for_year.cache_clear()
    tonnes_per_unit.cache_clear()
