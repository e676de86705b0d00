"""An honest £ headline: a total is shown only with how much of the picture it covers.

"Social value £237.02" from the one measure that happens to have a proxy value reads as the
whole story. Here each kind of value (local economic, social; always kept apart) gets its total
together with how many of its measures with records are valued and how many have no proxy
value, so every document and screen says "£X from 3 of 14 measures valued; 11 have no proxy
value", or gives no £ total at all when nothing is valued.

Measures that cannot be valued in £ by their nature (a share, emissions: `valued` false) are not
counted as "without a proxy": nobody could give them one. Measures that overlap another (SME and
VCSE spend within local spend: `in_totals` false) are valued but not added, and said so.

Pure functions over figures (anything with key, name, kind, quantity, value_pence, valued,
in_totals and proxy), so the same wording is used by every builder and every screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from svdesk.calc.evidence_tier import NO_RECORDS, EvidenceTier, combined_tier
from svdesk.formatting import format_money

KIND_LABELS = {"local_economic": "Local economic value", "social": "Social value"}


@dataclass(frozen=True)
class ValueHeadline:
    kind: str
    pence: int | None  # the total of valued measures; None when none is valued
    valued: tuple[str, ...]  # names of the measures in the total
    unvalued: tuple[str, ...]  # names of measures with records but no proxy value
    overlapping: tuple[str, ...]  # valued, but overlapping another measure: not added
    sources: tuple[str, ...]  # one citation per proxy used in the total
    tier: EvidenceTier = EvidenceTier(NO_RECORDS, None, 0, 0)  # of the records in the total

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def counted(self) -> int:
        """Measures with records that could carry a £ value."""
        return len(self.valued) + len(self.unvalued)

    @property
    def coverage(self) -> str:
        """ "from 3 of 14 measures valued; 11 have no proxy value" (or why there is no £)."""
        if not self.counted:
            return "no measure of this kind has records in this period"
        if self.pence is None:
            return (
                f"none of the {self.counted} measures with records has a proxy value"
                if self.counted > 1
                else "its one measure with records has no proxy value"
            )
        text = f"from {len(self.valued)} of {self.counted} measure{'s' if self.counted != 1 else ''} valued"
        n = len(self.unvalued)
        if n:
            text += f"; {n} {'has' if n == 1 else 'have'} no proxy value"
        return text

    @property
    def short_coverage(self) -> str:
        """ "1 of 6 measures valued", for a card with little room (the full coverage in its
        tooltip)."""
        if not self.counted:
            return "no measures with records"
        return f"{len(self.valued)} of {self.counted} measure{'s' if self.counted != 1 else ''} valued"

    @property
    def text(self) -> str | None:
        """The headline, "£X from 3 of 14 measures valued; 11 have no proxy value", or None
        when there is no £ total to show."""
        if self.pence is None:
            return None
        return f"{format_money(self.pence)} {self.coverage}"


def citation(proxy) -> str:
    """Where a £ per unit comes from, in one line for a document: source, edition, publication
    date and licence (each part only where known)."""
    parts = [(proxy.source or "").strip() or "entered by the user"]
    published = (getattr(proxy, "published", "") or "").strip()
    parts += [
        x
        for x in (
            (proxy.edition or "").strip(),
            f"published {published}" if published else "",
            (getattr(proxy, "licence", "") or "").strip(),
        )
        if x
    ]
    if proxy.currency_year:
        parts.append(f"{proxy.currency_year} prices")
    return ", ".join(parts)


def value_headlines(figures: Iterable) -> dict[str, ValueHeadline]:
    """One ValueHeadline per kind, local economic first, from the same figures the tables show."""
    acc: dict[str, dict[str, list]] = {
        k: {"valued": [], "unvalued": [], "overlap": [], "sources": [], "pence": [], "parts": []}
        for k in KIND_LABELS
    }
    for f in figures:
        bucket = acc.setdefault(
            f.kind, {"valued": [], "unvalued": [], "overlap": [], "sources": [], "pence": [], "parts": []}
        )
        if not f.quantity or not f.valued:
            continue
        if not f.in_totals:  # never added, valued or not: not counted as missing a proxy
            if f.value_pence is not None:
                bucket["overlap"].append(f.name)
        elif f.value_pence is None:
            bucket["unvalued"].append(f.name)
        else:
            bucket["valued"].append(f.name)
            bucket["pence"].append(f.value_pence)
            bucket["parts"].append((getattr(f, "contributions", None) or [], f.proxy_pence or 1))
            if f.proxy is not None:
                cite = f"{f.name}: {format_money(f.proxy.pence_per_unit)} per unit, {citation(f.proxy)}"
                if cite not in bucket["sources"]:
                    bucket["sources"].append(cite)
    return {
        kind: ValueHeadline(
            kind,
            sum(b["pence"]) if b["valued"] else None,
            tuple(b["valued"]),
            tuple(b["unvalued"]),
            tuple(b["overlap"]),
            tuple(b["sources"]),
            combined_tier(b["parts"]),
        )
        for kind, b in acc.items()
    }
