"""Folding the spend analysis's (supplier, month) groups into its totals without leaving the
window's memory behind.

Organisation-wide on the ten-year database the groups are ~150,000 small tuples (~35 MB while
they exist). Python gives the memory of such small objects back to the system only when a whole
1 MiB arena of them is free. Folding them into per-supplier and per-month objects made those
objects' sums (new ints on every group) in the free slots between the groups: a few thousand
survivors kept almost every arena alive, and each Spend & suppliers visit left ~35 MB resident
(issue #23 point 4a: +38 MB on the page's first open, +20 MB more on each later one).

So the sums go into arrays (C numbers, no Python objects), the suppliers' facts and localities
are read before the groups, and the few hundred result objects are made only once the groups
are gone (`Folded.result`, after the caller has dropped them): what survives then sits in new
memory, and the groups' arenas are returned whole.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Folded:
    """The sums of the groups, by supplier slot (the order of `suppliers`) and by month."""

    suppliers: list[tuple]  # (id, name, postcode, band, vcse, status, reason), read before the groups
    seen: array = field(default_factory=lambda: array("b"))
    lines: array = field(default_factory=lambda: array("q"))
    totals: array = field(default_factory=lambda: array("q"))
    months: list[str] = field(default_factory=list)  # the groups' own strings, until copied
    month_sums: list[array] = field(default_factory=list)  # total, local, unknown, sme, vcse
    paid: int = 0
    within: int = 0
    day_sum: float = 0.0


def fold(groups: Iterable[tuple], suppliers: list[tuple], sme_bands) -> Folded:
    """groups: (supplier id, "YYYY-MM", lines, amount, dated, within 30 days, day sum);
    suppliers: (id, name, postcode, band, vcse, status, reason) for every supplier."""
    slot = {s[0]: i for i, s in enumerate(suppliers)}
    n = len(suppliers)
    out = Folded(suppliers, array("b", bytes(n)), array("q", bytes(8 * n)), array("q", bytes(8 * n)))
    local = array("b", (s[5] == "local" for s in suppliers))
    unknown = array("b", (s[5] == "unknown" for s in suppliers))
    sme = array("b", (s[3] in sme_bands for s in suppliers))
    vcse = array("b", (bool(s[4]) for s in suppliers))
    month_slot: dict[str, int] = {}
    sums = [array("q") for _ in range(5)]
    tally = array("q", (0, 0))
    day_sum = array("d", (0.0,))
    seen, lines, totals = out.seen, out.lines, out.totals
    for sid, month, count, total, n_dates, n_within, n_days in groups:
        i = slot[sid]
        seen[i] = 1
        lines[i] += count
        totals[i] += total
        m = month_slot.get(month)
        if m is None:
            m = month_slot[month] = len(out.months)
            out.months.append(month)
            for column in sums:
                column.append(0)
        sums[0][m] += total
        if local[i]:
            sums[1][m] += total
        if unknown[i]:
            sums[2][m] += total
        if sme[i]:
            sums[3][m] += total
        if vcse[i]:
            sums[4][m] += total
        tally[0] += n_dates
        tally[1] += n_within
        day_sum[0] += n_days
    out.month_sums = sums
    out.paid, out.within, out.day_sum = tally[0], tally[1], day_sum[0]
    return out
