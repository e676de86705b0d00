"""Demo commitments for Irwell Joinery's Salford schools contract, as its bid promised them, and
the quantities it entered by hand for measures no record holds (wellbeing, EDI training, fair
work, subcontracting opportunities)."""

from __future__ import annotations

from datetime import date

from svdesk.services.commitments import CommitmentData, save_commitment
from svdesk.services.contracts import find_contract
from svdesk.services.demo import DEMO_EXTENSIONS
from svdesk.services.store import Store

# A named person who has not (yet) agreed to be named: documents print the role.
OWNER = "Dawn Okafor"
OWNER_ROLE = "Operations manager (social value champion)"

_COMMITMENTS: list[tuple[str, float, str, dict[int, float], str]] = [
    (
        "local_jobs_fte_years",
        5,
        "per_year",
        {},
        "Keep at least 5 FTE of the contract team living in Salford; new roles advertised first "
        "through Salford's Skills for Work service.",
    ),
    (
        "apprenticeship_weeks",
        104,
        "term",
        {},
        "Two level 2 carpentry apprentices with Salford City College: 104 apprentice weeks.",
    ),
    (
        "volunteering_hours",
        60,
        "per_year",
        {4: 40, 8: 100},
        "Team days repairing school and community buildings, arranged with Salford CVS.",
    ),
    (
        "local_spend_gbp",
        40_000,
        "term",
        {},
        "Timber, fixings and skip hire bought from Salford suppliers where price allows.",
    ),
    (
        "real_living_wage_share",
        100,
        "term",
        {},
        "Everyone on the contract paid at least the Real Living Wage (accredited employer).",
    ),
]


# Measures no record holds, entered by hand on the Salford contract (measure, day, quantity, what).
_ENTRIES = [
    (
        "wellbeing_programme_staff",
        date(2025, 6, 2),
        11,
        "Contract team given the employee assistance line and two mental health first aiders",
    ),
    ("wellbeing_programme_staff", date(2026, 1, 12), 1, "New apprentice added to the programme"),
    (
        "edi_trained_staff",
        date(2026, 3, 17),
        9,
        "Half-day equality, diversity and inclusion course, Salford CVS",
    ),
    (
        "guaranteed_hours_staff",
        date(2026, 4, 6),
        1,
        "Casual labourer moved onto a guaranteed 30 hours a week",
    ),
    (
        "subcontract_opportunities_advertised",
        date(2025, 5, 6),
        2,
        "Decorating and flooring packages advertised on Contracts Finder",
    ),
    (
        "subcontract_opportunities_advertised",
        date(2026, 2, 9),
        1,
        "Glazing package advertised through Salford CVS",
    ),
]


def add_demo_entries(store: Store) -> None:
    from svdesk.services.measure_entries import EntryData, save_entry

    contract = find_contract(store, "SCC-PR-2025-041")
    if contract is None:
        return
    for key, day, quantity, what in _ENTRIES:
        save_entry(store, EntryData(key, day, float(quantity), contract.id, description=what))


def add_demo_commitments(store: Store) -> None:
    contract = find_contract(store, "SCC-PR-2025-041")
    if contract is None:
        return
    for key, target, basis, milestones, method in _COMMITMENTS:
        save_commitment(
            store,
            CommitmentData(
                contract.id,
                key,
                target,
                basis,
                owner=OWNER,
                owner_role=OWNER_ROLE,
                method=method,
                milestones=milestones,
            ),
        )


DEMO_EXTENSIONS.append(add_demo_commitments)
DEMO_EXTENSIONS.append(add_demo_entries)
