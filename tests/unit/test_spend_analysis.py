"""Local, SME and VCSE spend per contract, unknown postcodes, prompt payment, drill-down."""

from datetime import date
from pathlib import Path

import pytest

from svdesk.services.contracts import find_contract
from svdesk.services.spend_analysis import SpendQuery, analyse_spend
from svdesk.services.spend_import import import_spend
from svdesk.services.spend_lines import assign_contract, count_lines, line_set, lines_by_id
from svdesk.services.suppliers import find_supplier, merge_suggestions, merge_suppliers, save_supplier
from svdesk.services.validation import ValidationError

pytestmark = pytest.mark.both_stores

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spend"


def spend_lines(store, query, offset=0, limit=200):
    """A page of the lines behind a figure, newest first, as the Spend lines table reads it
    (the line-level functions moved to spend_lines when the table began reading by id)."""
    return lines_by_id(store, line_set(store, query).ids[offset : offset + limit])


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
    result = analyse_spend(
        store, SpendQuery(contract_id=contract.id, start=date(2025, 4, 1), end=date(2026, 3, 31))
    )
    local = {s.name for s in result.by_supplier if s.locality == "local"}
    # M6 6AP, M5 4WT, M50 2EQ, M5 3AW, M6 5FX are in Salford; LS11, BA22 and M17 (Trafford)
    # are not.
    assert local == {
        "Travis Perkins Trading Company Limited",
        "Salford Fixings & Fasteners Ltd",
        "Northwest Van Hire Ltd",
        "Ordsall Community Café CIC",
        "Greenbank Skip Hire Ltd",
    }
    assert result.total_pence == 4887_94
    assert result.local_pence == 1253_00 + 258_90 + 385_00 + 90_00 + 490_00
    assert result.local_pence + result.not_local_pence + result.unknown_pence == result.total_pence
    assert [m.month for m in result.by_month] == ["2025-04", "2025-05"]
    assert sum(m.total_pence for m in result.by_month) == result.total_pence


def test_a_radius_contract_judges_the_same_suppliers_differently(salford):
    store, contract = salford
    manchester = find_contract(store, "MCC-T-2026-118")  # 10 miles of M15 4PS
    lines = [r.id for r in spend_lines(store, SpendQuery(contract_id=contract.id))]
    assign_contract(store, lines, manchester.id)
    result = analyse_spend(store, SpendQuery(contract_id=manchester.id))
    localities = {s.name: s.locality for s in result.by_supplier}
    assert localities["Hilti (Gt. Britain) Ltd"] == "local"  # Trafford Park, 3 miles away
    assert localities["Howarth Timber & Building Supplies Ltd"] == "not_local"  # Leeds


def test_unknown_postcodes_are_shown_and_never_local(salford):
    store, contract = salford
    ordsall = find_supplier(store, "Ordsall Community Café CIC")
    ordsall.postcode = ""
    save_supplier(store, ordsall)
    result = analyse_spend(store, SpendQuery(contract_id=contract.id))
    assert result.unknown_pence == 90_00 and result.unknown_suppliers == 1
    assert result.local_pence == 1253_00 + 258_90 + 385_00 + 490_00
    n, total = count_lines(store, SpendQuery(contract_id=contract.id, category="unknown_postcode"))
    assert (n, total) == (1, 90_00)


def test_sme_and_vcse_shares_and_basis(salford):
    store, contract = salford
    for name, band, vcse in (
        ("Salford Fixings & Fasteners Ltd", "micro", "none"),
        ("Ordsall Community Café CIC", "micro", "cic"),
        ("Northwest Van Hire Ltd", "small", "none"),
        ("Travis Perkins Trading Company Limited", "large", "none"),
    ):
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
    for category, figure in (
        ("all", result.total_pence),
        ("local", result.local_pence),
        ("not_local", result.not_local_pence),
    ):
        query = SpendQuery(contract_id=contract.id, category=category)
        rows = spend_lines(store, query, limit=1000)
        assert sum(r.net_pence for r in rows) == figure == count_lines(store, query)[1]
    month = spend_lines(store, SpendQuery(contract_id=contract.id, month="2025-05"))
    assert {r.spend_date.month for r in month} == {5}
    page = spend_lines(store, SpendQuery(contract_id=contract.id), offset=2, limit=3)
    assert len(page) == 3


def test_prompt_payment_where_invoice_and_paid_dates_are_known(store):
    mapping = {
        "columns": {
            "supplier": "Name",
            "date": "Date",
            "net": "Net Amount",
            "gross": "Gross Amount",
            "reference": "Inv Ref",
            "paid_date": "Date Paid",
        }
    }
    import_spend(store, FIXTURES / "sage_purchase_daybook.csv", format="generic", mapping=mapping)
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
    import_spend(store, FIXTURES / "xero_bank_statement.csv")  # "Screwfix"
    import_spend(store, FIXTURES / "xero_bills.csv")  # "Screwfix Direct Ltd"
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


def test_line_sets_are_in_the_order_shown_and_add_up(salford):
    from svdesk.services.spend_lines import SORTS, get_spend_line

    store, contract = salford
    query = SpendQuery(contract_id=contract.id)
    newest = line_set(store, query)
    rows = lines_by_id(store, newest.ids)
    assert len(rows) == len(newest) == count_lines(store, query)[0] > 5
    assert newest.total_pence == count_lines(store, query)[1] == sum(r.net_pence for r in rows)
    assert [(r.spend_date, r.id) for r in rows] == sorted(((r.spend_date, r.id) for r in rows), reverse=True)
    oldest = line_set(store, query, descending=False)
    assert list(oldest.ids) == list(reversed(newest.ids))
    by_name = lines_by_id(store, line_set(store, query, "supplier", descending=False).ids)
    assert [r.supplier.lower() for r in by_name] == sorted(r.supplier.lower() for r in rows)
    biggest = lines_by_id(store, line_set(store, query, "net").ids)
    assert [r.net_pence for r in biggest] == sorted((r.net_pence for r in rows), reverse=True)
    for key in SORTS:  # every column the table can sort by gives every line once
        assert sorted(line_set(store, query, key).ids) == sorted(newest.ids)
    found = line_set(store, SpendQuery(search="fixings"))
    assert found.total_pence == count_lines(store, SpendQuery(search="fixings"))[1] > 0
    assert {r.supplier for r in lines_by_id(store, found.ids)} == {"Salford Fixings & Fasteners Ltd"}
    # A page asked for by id keeps the order asked, and skips a line that has gone.
    assert [r.id for r in lines_by_id(store, [newest.ids[2], newest.ids[0], 999_999])] == [
        newest.ids[2],
        newest.ids[0],
    ]
    detail = get_spend_line(store, newest.ids[0])
    assert detail.file_name == "xero_bills.csv" and detail.source_row >= 2
    assert detail.contract_title and detail.line.contract == contract.reference
    assert get_spend_line(store, 999_999) is None


def test_date_range_and_the_register_totals_match_the_lines(salford):
    from sqlalchemy import text

    from svdesk.services.spend_analysis import spend_date_range
    from svdesk.services.suppliers import list_suppliers

    store, contract = salford
    with store.read() as s:
        lo, hi = s.execute(text("SELECT min(spend_date), max(spend_date) FROM spend_line")).one()
        per_supplier = {
            sid: (n, total)
            for sid, n, total in s.execute(
                text(
                    "SELECT supplier_id, count(*), sum(coalesce(net_pence, gross_pence)) "
                    "FROM spend_line GROUP BY 1"
                )
            )
        }
    assert [d.isoformat() for d in spend_date_range(store)] == [str(lo), str(hi)]  # text on SQLite
    assert spend_date_range(store, contract.id) == spend_date_range(store)
    rows = list_suppliers(store)
    assert {r.id: (r.lines, r.spend_pence) for r in rows if r.lines} == per_supplier
    assert [r.spend_pence for r in rows] == sorted((r.spend_pence for r in rows), reverse=True)


def test_look_alikes_are_worked_out_again_whenever_the_register_changes(store, monkeypatch):
    import svdesk.services.suppliers as suppliers

    import_spend(store, FIXTURES / "xero_bank_statement.csv")  # "Screwfix", "Travis Perkins"
    calls = []
    real = suppliers.near_matches
    monkeypatch.setattr(suppliers, "near_matches", lambda *a: calls.append(1) or real(*a))

    def pairs():
        return {frozenset((m.a_name, m.b_name)) for m in merge_suggestions(store)}

    first = pairs()
    assert pairs() == first and len(calls) == 1  # nothing changed: not searched again
    import_spend(store, FIXTURES / "xero_bills.csv")  # adds "Screwfix Direct Ltd"
    assert frozenset(("Screwfix", "Screwfix Direct Ltd")) in pairs() and len(calls) == 2
    renamed = find_supplier(store, "Screwfix")
    renamed.name = "Salford Scaffold Towers"  # a rename: no longer alike
    save_supplier(store, renamed)
    assert frozenset(("Screwfix", "Screwfix Direct Ltd")) not in pairs()  # not the old answer
    assert len(calls) == 3
