"""Demo commitments for Irwell Joinery's Salford schools contract, as its bid promised them."""

from __future__ import annotations

from svdesk.services.commitments import CommitmentData, save_commitment
from svdesk.services.contracts import find_contract
from svdesk.services.demo import DEMO_EXTENSIONS
from svdesk.services.store import Store

OWNER = "Dawn Okafor, operations manager (social value champion)"

_COMMITMENTS = [
    ("local_jobs_fte_years", 8, "per_year", {},
     "Keep at least 8 FTE of the site team living in Salford; new roles advertised first "
     "through Salford's Skills for Work service."),
    ("apprenticeship_weeks", 104, "per_year", {},
     "Two carpentry and joinery apprentices (level 2 and 3) with Salford City College."),
    ("volunteering_hours", 120, "per_year", {2: 40, 4: 120, 6: 160, 8: 240},
     "Two team days a year repairing school and community buildings, arranged with Salford CVS."),
    ("local_spend_gbp", 40_000, "term", {},
     "Timber, fixings and skip hire bought from Salford suppliers where price allows."),
    ("real_living_wage_share", 100, "term", {},
     "Everyone on the contract paid at least the Real Living Wage (accredited employer)."),
]


def add_demo_commitments(store: Store) -> None:
    contract = find_contract(store, "SCC-PR-2025-041")
    if contract is None:
        return
    for key, target, basis, milestones, method in _COMMITMENTS:
        save_commitment(store, CommitmentData(contract.id, key, target, basis, owner=OWNER,
                                              method=method, milestones=milestones))


DEMO_EXTENSIONS.append(add_demo_commitments)
