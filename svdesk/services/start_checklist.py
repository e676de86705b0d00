"""What to do next (issue 20.2): the start checklist and the month-end routine.

- start_steps(store) lists the seven steps that take a new firm from an empty database to its
  first tender answer, each ticked from the records themselves (never from a box the user
  ticks), with the area of the app where it is done. The dashboard shows them until all are done.
- month_to_close(today) and MONTH_END_STEPS: once started, the routine for closing last month.
  Those steps are ticked by the user (the app remembers the ticks per database and month):
  whether last month's bills are all in is something only she knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from svdesk.models.assessment import Assessment
from svdesk.models.bids import BidQuestion
from svdesk.models.contract import Contract
from svdesk.models.evidence import Evidence
from svdesk.models.organisation import Organisation
from svdesk.models.people import Person
from svdesk.models.spend import SpendLine
from svdesk.services.store import Store


@dataclass(frozen=True)
class Step:
    key: str
    title: str  # what to do, as a short instruction
    why: str  # one plain sentence: why a buyer (or svdesk) needs it
    action: str  # the button's words
    area: str  # the area key (svdesk.ui.areas) where it is done
    tab: str = ""  # the tab of that area whose title starts with this, if any
    done: bool = False


START_STEPS = (
    Step(
        "organisation",
        "Describe your organisation",
        "Your address and size decide what counts as local and whether you are an SME.",
        "Organisation",
        "organisation",
    ),
    Step(
        "contract",
        "Add your first contract or bid",
        "Social value is reported contract by contract, in each buyer's own terms.",
        "Contracts",
        "contracts",
    ),
    Step(
        "assessment",
        "Take the self-assessment",
        "About 20 minutes: what you already do, and what a buyer would want improved.",
        "Self-assessment",
        "assessment",
    ),
    Step(
        "spend",
        "Import your suppliers and spend",
        "From your accounts or bank: how much you spend locally and with small firms.",
        "Spend & suppliers",
        "spend",
    ),
    Step(
        "people",
        "Add your people",
        "References and postcodes, not names: local jobs, pay and apprenticeships.",
        "People & skills",
        "people",
    ),
    Step(
        "evidence",
        "Attach your first evidence",
        "A timesheet, certificate or photo that proves a figure: buyers ask for them.",
        "Evidence",
        "evidence",
    ),
    Step(
        "bid",
        "Add a bid's first question",
        "Paste a buyer's social value question and draft an answer from your records.",
        "Bids",
        "bids",
    ),
)

MONTH_END_STEPS = (
    Step(
        "bills",
        "Import last month's bills and bank lines",
        "From your accounts package or bank statement.",
        "Spend & suppliers",
        "spend",
        "Imports",
    ),
    Step(
        "people",
        "Confirm starters and leavers",
        "Add anyone who joined and give a leaving date to anyone who left.",
        "People & skills",
        "people",
    ),
    Step(
        "volunteering",
        "Log volunteering and community time",
        "Hours your team gave, and donations made.",
        "Community",
        "community",
    ),
    Step(
        "evidence",
        "Attach evidence",
        "Timesheets, certificates and photos for last month's records.",
        "Evidence",
        "evidence",
        "Without evidence",
    ),
)


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def start_steps(store: Store) -> list[Step]:
    """The start checklist, each step marked done when the records show it is."""
    with store.read() as s:
        organisation = s.scalars(select(Organisation)).first()
        done = {
            "organisation": organisation is not None
            and bool(organisation.name.strip())
            and bool((organisation.postcode or "").strip()),
            "contract": _count(s, Contract) > 0,
            "assessment": _count(s, Assessment, Assessment.status == "complete") > 0,
            "spend": _count(s, SpendLine) > 0,
            "people": _count(s, Person) > 0,
            "evidence": _count(s, Evidence) > 0,
            "bid": _count(s, BidQuestion) > 0,
        }
    return [Step(**{**step.__dict__, "done": done[step.key]}) for step in START_STEPS]


def all_done(steps: list[Step]) -> bool:
    return all(step.done for step in steps)


def month_to_close(today: date) -> date:
    """The first day of the month before today's: the one to close."""
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return date(year, month, 1)


def month_key(month: date) -> str:
    """How a month's ticks are filed: '2026-11'."""
    return f"{month:%Y-%m}"
