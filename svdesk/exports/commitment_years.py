"""A commitment's share of one year: what falls due in it, from the same due-by-quarter line the
status uses (the milestones the user set, or a straight line between them), so the statement's
"what we commit to next year" is a year's share of the commitment, not its whole-term target."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

ONE_DAY = timedelta(days=1)


def due_at(delivery, term_start: date, day: date) -> float:
    """The cumulative amount due by the end of day: the quarter-end dues of the delivery's rows,
    joined by straight lines (nothing before the term starts, the whole target after it)."""
    points = [(term_start - ONE_DAY, 0.0)] + [(r.quarter.end, float(r.due)) for r in delivery.rows]
    if day <= points[0][0]:
        return 0.0
    for (d0, v0), (d1, v1) in pairwise(points):
        if day <= d1:
            return v0 + (v1 - v0) * (day - d0).days / max((d1 - d0).days, 1)
    return points[-1][1]


def share_of_year(
    report, term_start: date, term_end: date, start: date, end: date, level: bool
) -> float | None:
    """What of the commitment is due between start and end (both included); a level (a share
    such as the Real Living Wage share) is kept all year, so it is its target. None when the
    year lies outside the contract's term."""
    if end < term_start or start > term_end:
        return None
    if level:
        return report.delivery.term_target
    d = report.delivery
    return due_at(d, term_start, end) - due_at(d, term_start, start - ONE_DAY)
