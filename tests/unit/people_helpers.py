"""The demo firm and its two contracts without the demo's people and activity records, so a
test controls every record it counts."""

import pytest


@pytest.fixture
def firm_store(store):
    from svdesk.services.contracts import save_contract
    from svdesk.services.demo import DEMO_CONTRACTS, DEMO_ORGANISATION
    from svdesk.services.organisation import save_organisation

    save_organisation(store, DEMO_ORGANISATION)
    for contract in DEMO_CONTRACTS:
        save_contract(store, contract)
    return store
