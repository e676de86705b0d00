"""The demo firm's suppliers and year of spend show every part of the spend area."""

import pytest

from svdesk.services.contracts import find_contract
from svdesk.services.spend_analysis import SpendQuery, analyse_spend
from svdesk.services.spend_batches import list_batches, list_mappings
from svdesk.services.suppliers import merge_suggestions, unknown_postcode_suppliers

pytestmark = pytest.mark.both_stores


def test_demo_spend_covers_contract_prompt_payment_unknowns_and_merges(demo_store):
    contract = find_contract(demo_store, "SCC-PR-2025-041")
    result = analyse_spend(demo_store, SpendQuery(contract_id=contract.id))
    assert result.lines > 50
    assert 0.4 < result.local_pence / result.total_pence < 0.9
    assert result.sme_pence > 0 and result.vcse_pence > 0
    assert result.prompt.lines_with_dates > 0 and 0 < result.prompt.share_within_30 < 1
    whole = analyse_spend(demo_store)
    assert whole.total_pence > result.total_pence
    names = {s.name for s in unknown_postcode_suppliers(demo_store)}
    assert {"Irlam Plant Hire", "Salford Men's Shed"} <= names
    pairs = {frozenset((m.a_name, m.b_name)) for m in merge_suggestions(demo_store)}
    assert frozenset(("Travis Perkins Trading Co Ltd", "Travis Perkins")) in pairs
    assert "Irwell purchase ledger" in list_mappings(demo_store)
    assert len(list_batches(demo_store, "spend")) == 5  # two years of two ledgers, one card
    # The current financial year has spend too, so "this year so far" is not empty in the demo.
    from datetime import date

    this_year = analyse_spend(demo_store, SpendQuery(start=date(2026, 4, 1), end=date(2026, 10, 31)))
    assert this_year.lines > 20 and this_year.local_pence > 0
