"""Names of UK local authority districts (ONS codes, 2025 boundaries), shipped in resources/."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from svdesk.resources import resource_path


@dataclass(frozen=True)
class LocalAuthority:
    code: str
    name: str
    country: str


@cache
def all_authorities() -> tuple[LocalAuthority, ...]:
    with open(resource_path("reference", "local_authorities.csv"), encoding="utf-8") as fh:
        rows = [LocalAuthority(r["code"], r["name"], r["country"]) for r in csv.DictReader(fh)]
    return tuple(sorted(rows, key=lambda a: a.name))


@cache
def _by_code() -> dict[str, LocalAuthority]:
    return {a.code: a for a in all_authorities()}


def authority_name(code: str) -> str:
    """The authority's name, or the code itself when svdesk does not know it."""
    found = _by_code().get(code)
    return found.name if found else code


def is_known_authority(code: str) -> bool:
    return code in _by_code()


def find_authority(text: str) -> LocalAuthority | None:
    """Match a code ("E08000006") or a name ("salford"), case-insensitively."""
    value = text.strip()
    if value.upper() in _by_code():
        return _by_code()[value.upper()]
    for authority in all_authorities():
        if authority.name.lower() == value.lower():
            return authority
    return None


def authority_for_postcode(text: str) -> LocalAuthority | None:
    """The council whose area a full postcode is in ("M5 4WT" -> Salford), from the shipped
    postcode directory; None for an incomplete or unknown postcode, or without the directory."""
    from svdesk.geo.postcodes import PostcodeError, lookup

    try:
        info = lookup(text)
    except PostcodeError:
        return None
    return _by_code().get(info.la_code) if info is not None and info.la_code else None


def match_authority(text: str) -> LocalAuthority | None:
    """What a user typed in a council box: a code, a name, or a list entry "Salford (E08000006)"."""
    value = text.strip()
    if not value:
        return None
    if value.endswith(")") and " (" in value:
        found = find_authority(value.rsplit(" (", 1)[1][:-1])
        if found is not None:
            return found
        value = value.rsplit(" (", 1)[0]
    found = find_authority(value)
    if found is not None:
        return found
    for suffix in (" council", " city council", " borough council", " district council"):
        if value.lower().endswith(suffix):
            found = find_authority(value[: -len(suffix)])
            if found is not None:
                return found
    return None
