"""A realistic demo organisation: a 14-person joinery firm in Salford with council contracts.

Later areas (people, spend, activity) add their own demo records through add_demo_activity hooks
so that `svdesk demo` always shows every part of the product with believable figures.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from svdesk.services.contracts import ContractData, find_contract, save_contract
from svdesk.services.organisation import OrganisationData, get_organisation, save_organisation
from svdesk.services.store import Store

DEMO_ORGANISATION = OrganisationData(
    name="Irwell Joinery Ltd",
    address="Unit 4, Regent Trading Estate\nOldfield Road\nSalford",
    postcode="M5 4DE",
    headcount=14,
    turnover_pence=1_650_000_00,
    balance_sheet_pence=420_000_00,
    legal_form="private_limited",
    vcse_type="none",
    social_enterprise=False,
    real_living_wage_accredited=True,
    cyber_essentials="basic",
    carbon_reduction_plan=False,
    certifications="CHAS, Constructionline Silver, FSC Chain of Custody",
    year_start_month=4,
    full_time_hours=39.0,
)

DEMO_CONTRACTS = [
    ContractData(
        reference="SCC-PR-2025-041",
        title="Schools joinery repairs and maintenance",
        buyer="Salford City Council",
        value_pence=186_000_00,
        start_date=date(2025, 4, 1),
        end_date=date(2027, 3, 31),
        status="active",
        framework="council",
        framework_note="Salford social value commitments",
        site_postcode="M5 4DE",
        local_area_kind="authorities",
        local_area_codes="E08000006",
        notes="Won in February 2025. Quarterly social value returns to the contract manager.",
    ),
    ContractData(
        reference="MCC-T-2026-118",
        title="Community centre refurbishment, Hulme",
        buyer="Manchester City Council",
        value_pence=94_500_00,
        start_date=date(2027, 1, 4),
        end_date=date(2027, 12, 17),
        status="bid_submitted",
        framework="toms",
        framework_note="Manchester social value, 20% weighting",
        site_postcode="M15 4PS",
        local_area_kind="radius",
        local_radius_miles=10.0,
        notes="Tender submitted 14 Oct 2026; award expected January 2027.",
    ),
]

# Other areas register functions here that add a year of activity to the demo firm.
DEMO_EXTENSIONS: list[Callable[[Store], None]] = []
# Modules that append to DEMO_EXTENSIONS when imported (one per area).
EXTENSION_MODULES = [
    "svdesk.services.demo_assessment",
    "svdesk.services.demo_spend",
    "svdesk.services.demo_people",
    "svdesk.services.demo_measures",
]


def _load_extensions() -> None:
    import importlib

    for name in EXTENSION_MODULES:
        importlib.import_module(name)


def create_demo(store: Store) -> None:
    """Fill an empty database with the demo firm. Refuses to touch one that has data."""
    if get_organisation(store) is not None:
        raise ValueError("This database already has an organisation; the demo needs a new, empty database.")
    save_organisation(store, DEMO_ORGANISATION)
    for contract in DEMO_CONTRACTS:
        if find_contract(store, contract.reference) is None:
            save_contract(store, contract)
    _load_extensions()
    for extend in DEMO_EXTENSIONS:
        extend(store)
