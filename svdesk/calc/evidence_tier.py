"""How well a figure is evidenced, in three words a buyer reads at a glance.

- "Verified": every record behind the figure has evidence attached.
- "Partly evidenced (N%)": some have; N is the share of the figure (its claimed quantity) that
  records with evidence make up, rounded and never shown as 0% or 100% while the tier is partial.
- "Not evidenced": no record behind it has evidence attached.

A figure with no records behind it has no tier ("No records"). A record whose area cannot hold
evidence (spend lines read from the accounts, quantities typed in by hand) has no evidence
attached, so it counts as not evidenced: the tier says what a buyer can check, not what might
exist elsewhere.

One function computes it from the records (Contributions) behind a figure, so the Measures page,
the dashboard and every document show the same tier for the same figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

VERIFIED, PARTLY, NOT_EVIDENCED, NO_RECORDS = "verified", "partly", "none", "no_records"


@dataclass(frozen=True)
class EvidenceTier:
    level: str
    share: float | None  # share of the figure backed by evidence (None: no records)
    records: int  # claimed records behind the figure
    evidenced: int  # of which with evidence attached

    @property
    def percent(self) -> int | None:
        if self.share is None:
            return None
        if self.level == PARTLY:  # a partial tier never reads as 0% or 100%
            return min(99, max(1, round(self.share * 100)))
        return round(self.share * 100)

    @property
    def label(self) -> str:
        if self.level == VERIFIED:
            return "Verified"
        if self.level == PARTLY:
            return f"Partly evidenced ({self.percent}%)"
        if self.level == NOT_EVIDENCED:
            return "Not evidenced"
        return "No records"

    @property
    def missing(self) -> int:
        """Records the user could still attach evidence to."""
        return self.records - self.evidenced


def evidence_tier(contributions: Iterable) -> EvidenceTier:
    """The tier of one figure from the records behind it (only claimed records count)."""
    claimed = [c for c in contributions if c.claimed]
    return _tier([(bool(c.evidenced), abs(c.quantity)) for c in claimed])


def combined_tier(parts: Iterable[tuple[Iterable, float]]) -> EvidenceTier:
    """The tier of a figure made of others (a £ total): every record behind every part, each
    part given with the weight of one of its units (its £ per unit), so the share is of the
    total's value. The same record in two parts counts as one record, weighed in both."""
    seen: dict[str, tuple[bool, float]] = {}
    for contributions, weight in parts:
        for c in contributions:
            if c.claimed:
                ev, q = seen.get(c.ref, (False, 0.0))
                seen[c.ref] = (ev or bool(c.evidenced), q + abs(c.quantity) * weight)
    return _tier(list(seen.values()))


def _tier(records: list[tuple[bool, float]]) -> EvidenceTier:
    if not records:
        return EvidenceTier(NO_RECORDS, None, 0, 0)
    evidenced = sum(1 for ev, _ in records if ev)
    total = sum(q for _, q in records)
    # Weighted by quantity, so a large unevidenced record weighs more than a small one; when
    # every claimed quantity is 0 the share of records is used instead.
    share = (sum(q for ev, q in records if ev) / total) if total > 0 else evidenced / len(records)
    if evidenced == len(records):
        level = VERIFIED
    elif evidenced == 0:
        level = NOT_EVIDENCED
    else:
        level = PARTLY
    return EvidenceTier(level, share, len(records), evidenced)


def figure_tier(figure) -> EvidenceTier:
    """The tier of a measure figure (anything with .contributions)."""
    return evidence_tier(getattr(figure, "contributions", None) or [])
