"""A contract's "local area" and the question "is this postcode local to it?".

There is no national definition of local: each buyer sets it per contract, as a set of local
authorities, a list of postcode districts, or a radius in miles from the contract's site. An
unknown or malformed postcode is reported as such and never counted as local.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from svdesk.geo import postcodes
from svdesk.geo.authorities import authority_name

KINDS = ("authorities", "districts", "radius")
# Bump when LocalArea.test would answer differently for the same postcode and area: stored
# answers (svdesk.services.localities) of an older edition are then worked out again.
RULES_EDITION = 1


class Locality(str, Enum):  # noqa: UP042 (StrEnum would change str() of a member)
    LOCAL = "local"
    NOT_LOCAL = "not_local"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class LocalityResult:
    status: Locality
    reason: str

    @property
    def is_local(self) -> bool:
        return self.status is Locality.LOCAL


@dataclass(frozen=True)
class LocalArea:
    kind: str
    codes: tuple[str, ...] = field(default_factory=tuple)
    radius_miles: float | None = None
    site_postcode: str = ""

    @classmethod
    def from_contract(cls, contract) -> LocalArea:
        codes = tuple(c.strip() for c in (contract.local_area_codes or "").split(",") if c.strip())
        return cls(
            contract.local_area_kind or "authorities",
            codes,
            contract.local_radius_miles,
            contract.site_postcode or "",
        )

    def describe(self) -> str:
        if self.kind == "authorities":
            names = [authority_name(c) for c in self.codes]
            return "Living in " + _join(names) if names else "No local authorities chosen yet"
        if self.kind == "districts":
            return (
                ("Postcode districts " + ", ".join(self.codes))
                if self.codes
                else "No postcode districts chosen yet"
            )
        if self.radius_miles:
            return f"Within {self.radius_miles:g} miles of {self.site_postcode or 'the site'}"
        return "No radius set yet"

    def validate(self) -> str | None:
        """Why this area cannot be used, or None when it is complete."""
        if self.kind not in KINDS:
            return f"Unknown kind of local area “{self.kind}”."
        if self.kind in ("authorities", "districts") and not self.codes:
            return (
                "Choose at least one local authority."
                if self.kind == "authorities"
                else "Enter at least one postcode district, like M5."
            )
        if self.kind == "radius":
            if not self.radius_miles or self.radius_miles <= 0:
                return "Enter a radius in miles greater than zero."
            if not self.site_postcode:
                return "A radius needs the contract's site postcode."
        return None

    def test(self, postcode: str | None) -> LocalityResult:
        if not postcode or not postcode.strip():
            return LocalityResult(Locality.UNKNOWN, "No postcode recorded")
        try:
            pc = postcodes.normalise(postcode)
        except postcodes.PostcodeError as exc:
            return LocalityResult(Locality.UNKNOWN, str(exc))
        problem = self.validate()
        if problem:
            return LocalityResult(Locality.UNKNOWN, problem)
        if self.kind == "districts":
            district = pc.split(" ")[0]
            inside = district in self.codes
            return LocalityResult(
                Locality.LOCAL if inside else Locality.NOT_LOCAL,
                f"District {district} is {'in' if inside else 'not in'} the list",
            )
        info = postcodes.lookup(pc)
        if info is None:
            return LocalityResult(Locality.UNKNOWN, f"{pc} is not in the postcode directory")
        if self.kind == "authorities":
            if not info.la_code:
                return LocalityResult(Locality.UNKNOWN, f"{pc} has no local authority recorded")
            inside = info.la_code in self.codes
            where = authority_name(info.la_code)
            return LocalityResult(Locality.LOCAL if inside else Locality.NOT_LOCAL, f"{pc} is in {where}")
        site = postcodes.lookup(self.site_postcode)
        if site is None:
            return LocalityResult(Locality.UNKNOWN, "The site postcode is not in the directory")
        assert self.radius_miles is not None  # validate() above rejects a radius rule without one
        miles = postcodes.distance_miles(info, site)
        if miles is None:
            return LocalityResult(Locality.UNKNOWN, f"{pc} has no grid reference")
        inside = miles <= self.radius_miles
        return LocalityResult(
            Locality.LOCAL if inside else Locality.NOT_LOCAL, f"{pc} is {miles:.1f} miles from the site"
        )


def answers_edition() -> str:
    """What a stored local answer depends on besides the postcode and the area: these rules and
    the postcode directory they read."""
    return f"{RULES_EDITION}:{postcodes.directory_edition()}"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
