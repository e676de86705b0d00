"""Local, SME and VCSE spend per contract, unknown postcodes, prompt payment, drill-down."""

from datetime import date
from pathlib import Path

import pytest

from svdesk.services.contracts import find_contract
from svdesk.services.spend_analysis import (SpendQuery, analyse_spend, assign_contract,
                                            count_lines, spend_lines)
from svdesk.services.spend_import import import_spend
from svdesk.services.suppliers import (find_supplier, merge_suggestions, merge_suppliers,
                                       save_supplier)
from svdesk.services.validation import ValidationError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spend"


@pytest.fixture
def firm(store):
    """The demo firm and its contracts, without any area's demo records."""
    from svdesk.services.contracts import save_contract
    from svdesk.services.demo import DEMO_CONTRACTS, DEMO_ORGANISATION
    from svdesk.services.organisation import save_organisation

    save_organisation(store, DEMO_ORGANISATION)
    for contract in DEMO_CONTRACTS:
        save_contract(store, contract)
    return store


@pytest.fixture
def salford(firm):
    """The demo firm's Salford contract (local = Salford, E08000006) with the bills file."""
    contract = find_contract(firm, "SCC-PR-2025-041")
    import_spend(firm, FIXTURES / "xero_bills.csv", contract_id=contract.id)
    return firm, contract


def test_local_spend_follows_the_contracts_local_area(salford):
    store, contract = salford
    result = analyse_spend(store, SpendQuery(contract_id=contract.id,
                                             start=date(2025, 4, 1), end=date(2026, 3, 31)))
    local = {s.name for s in result.by_supplier if s.locality == "local"}
    # M6 6AP, M5 4WT, M50 2EQ, M5 3AW, M6 5FX are in Salford; LS11, BA22 and M17 (Trafford)
    # are not.
    assert local == {"Travis Perkins Trading Company Limited", "Salford Fixings & Fasteners Ltd",
                     "Northwest Van Hire Ltd", "Ordsall Community Café CIC",
                     "Greenbank Skip Hire Ltd"}
    assert result.total_pence == 4887_94
    assert result.local_pence == 1253_00 + 258_90 + 385_00 + 90_00 + 490_00
    assert result.local_pence + result.not_local_pence + result.unknown_pence == \
        result.total_pence
    assert [m.month for m in result.by_month] == ["2025-04", "2025-05"]
    assert sum(m.total_pence for m in result.by_month) == result.total_pence


def test_a_radius_contract_judges_the_same_suppliers_differently(salford):
    store, contract = salford
    manchester = find_contract(store, "MCC-T-2026-118")  # 10 miles of M15 4PS
    lines = [r.id for r in spend_lines(store, SpendQuery(contract_id=contract.id))]
    assign_contract(store, lines, manchester.id)
    result = analyse_spend(store, SpendQuery(contract_id=manchester.id))
    localities = {s.name: s.locality for s in result.by_supplier}
    assert localities["Hilti (Gt. Britain) Ltd"] == "local"   # Trafford Park, 3 miles away
    assert localities["Howarth Timber & Building Supplies Ltd"] == "not_local"  # Leeds


def test_unknown_postcodes_are_shown_and_never_local(salford):
    store, contract = salford
    ordsall = find_supplier(store, "Ordsall Community Café CIC")
    ordsall.postcode = ""
    save_supplier(store, ordsall)
    result = analyse_spend(store, SpendQuery(contract_id=contract.id))
    assert result.unknown_pence == 90_00 and result.unknown_suppliers == 1
    assert result.local_pence == 1253_00 + 258_90 + 385_00 + 490_00
    n, total = count_lines(store, SpendQuery(contract_id=contract.id,
                                             category="unknown_postcode"))
    assert (n, total) == (1, 90_00)


def test_sme_and_vcse_shares_and_basis(salford):
    store, contract = salford
    for name, band, vcse in (("Salford Fixings & Fasteners Ltd", "micro", "none"),
                             ("Ordsall Community Café CIC", "micro", "cic"),
                             ("Northwest Van Hire Ltd", "small", "none"),
                             ("Travis Perkins Trading Company Limited", "large", "none")):
        supplier = find_supplier(store, name)
        supplier.size_band, supplier.vcse_type = band, vcse
        save_supplier(store, supplier)
    net = analyse_spend(store, SpendQuery(contract_id=contract.id))
    assert net.sme_pence == 258_90 + 90_00 + 385_00
    assert net.vcse_pence == 90_00
    assert net.share(net.vcse_pence) == pytest.approx(90_00 / 4887_94)
    gross = analyse_spend(store, SpendQuery(contract_id=contract.id, basis="gross"))
    assert gross.sme_pence == round(258_90 * 1.2) + 90_00 + round(385_00 * 1.2)


def test_every_figure_drills_down_to_lines_that_add_up_to_it(salford):
    store, contract = salford
    result = analyse_spend(store, SpendQuery(contract_id=contract.id))
    for category, figure in (("all", result.total_pence), ("local", result.local_pence),
                             ("not_local", result.not_local_pence)):
        query = SpendQuery(contract_id=contract.id, category=category)
        rows = spend_lines(store, query, limit=1000)
        assert sum(r.net_pence for r in rows) == figure == count_lines(store, query)[1]
    month = spend_lines(store, SpendQuery(contract_id=contract.id, month="2025-05"))
    assert {r.spend_date.month for r in month} == {5}
    page = spend_lines(store, SpendQuery(contract_id=contract.id), offset=2, limit=3)
    assert len(page) == 3


def test_prompt_payment_where_invoice_and_paid_dates_are_known(store):
    mapping = {"columns": {"supplier": "Name", "date": "Date", "net": "Net Amount",
                           "gross": "Gross Amount", "reference": "Inv Ref",
                           "paid_date": "Date Paid"}}
    import_spend(store, FIXTURES / "sage_purchase_daybook.csv", format="generic",
                 mapping=mapping)
    prompt = analyse_spend(store).prompt
    # 22, 40, 0 and 1 days; the van hire bill has no paid date.
    assert prompt.lines_with_dates == 4 and prompt.within_30_days == 3
    assert prompt.share_within_30 == 0.75 and prompt.average_days == pytest.approx(15.8)


def test_organisation_wide_local_means_the_firms_own_authority(salford):
    store, _contract = salford
    result = analyse_spend(store)
    assert "Salford" in result.local_area
    assert result.local_pence == 1253_00 + 258_90 + 385_00 + 90_00 + 490_00


def test_merge_suggestion_then_merge_moves_spend_and_remembers_the_name(store):
    import_spend(store, FIXTURES / "xero_bank_statement.csv")   # "Screwfix"
    import_spend(store, FIXTURES / "xero_bills.csv")            # "Screwfix Direct Ltd"
    pairs = {frozenset((m.a_name, m.b_name)) for m in merge_suggestions(store)}
    assert frozenset(("Screwfix", "Screwfix Direct Ltd")) in pairs
    keep, gone = find_supplier(store, "Screwfix Direct Ltd"), find_supplier(store, "Screwfix")
    merge_suppliers(store, keep.id, gone.id)
    assert find_supplier(store, "screwfix").id == keep.id  # the old name now finds the kept one
    result = analyse_spend(store)
    screwfix = next(s for s in result.by_supplier if s.supplier_id == keep.id)
    assert screwfix.lines == 2
    # Later files with the merged spelling land on the kept supplier.
    assert import_spend(store, FIXTURES / "xero_bank_statement.csv").new_suppliers == 0
    with pytest.raises(ValidationError):
        merge_suppliers(store, keep.id, keep.id)
