"""Demo commitments for Irwell Joinery's Salford schools contract, as its bid promised them."""

from __future__ import annotations

from svdesk.services.commitments import CommitmentData, save_commitment
from svdesk.services.contracts import find_contract
from svdesk.services.demo import DEMO_EXTENSIONS
from svdesk.services.store import Store

# A named person who has not (yet) agreed to be named: documents print the role.
OWNER = "Dawn Okafor"
OWNER_ROLE = "Operations manager (social value champion)"

_COMMITMENTS = [
    ("local_jobs_fte_years", 5, "per_year", {},
     "Keep at least 5 FTE of the contract team living in Salford; new roles advertised first "
     "through Salford's Skills for Work service."),
    ("apprenticeship_weeks", 104, "term", {},
     "Two level 2 carpentry apprentices with Salford City College: 104 apprentice weeks."),
    ("volunteering_hours", 60, "per_year", {4: 40, 8: 100},
     "Team days repairing school and community buildings, arranged with Salford CVS."),
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
                                              owner_role=OWNER_ROLE,
                                              method=method, milestones=milestones))


DEMO_EXTENSIONS.append(add_demo_commitments)
