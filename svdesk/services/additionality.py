"""Confirming or excluding a record whose additionality is not yet answered: until the user says
whether the activity is additional to the contract's core deliverables, it is listed in every
figure and document as "recorded, not claimed". One answer per record, kept in its own
`additional` field (and so in the audit trail)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from svdesk.models import MeasureEntry
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

if TYPE_CHECKING:
    from svdesk.calc.counting import Contribution
    from svdesk.services.measures import MeasureFigure

UNCONFIRMED = "Not yet confirmed as additional"


def is_unconfirmed(contribution: Contribution) -> bool:
    """The record is left out of its figure only because nobody has answered "additional?"."""
    return not contribution.claimed and contribution.reason.startswith(UNCONFIRMED)


def _model(kind: str):
    if kind == "entry":
        return MeasureEntry
    from svdesk.services.activity_kinds import KINDS

    spec = KINDS.get(kind)
    if spec is None or not hasattr(spec.model, "additional"):
        return None
    return spec.model


def set_additional(store: Store, ref: str, additional: bool) -> None:
    """Answer "is this additional?" for the record ref ("volunteering:12", "entry:3")."""
    kind, _sep, rid = ref.partition(":")
    model = _model(kind)
    if model is None or not rid.isdigit():
        raise ValidationError(
            {"ref": "This record's additionality is set in its own form: open the record to change it."}
        )
    with store.write() as s:
        row = s.get(model, int(rid))
        if row is None:
            raise ValidationError({"ref": "This record no longer exists."})
        row.additional = bool(additional)


def unconfirmed(figures: list[MeasureFigure]) -> list[tuple[MeasureFigure, Contribution]]:
    """(figure, contribution) for every record left out for want of an answer."""
    return [(f, c) for f in figures for c in f.contributions if is_unconfirmed(c)]
