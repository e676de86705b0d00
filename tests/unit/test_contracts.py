from datetime import date

import pytest

from svdesk.services.contracts import (
    ContractData,
    delete_contract,
    find_contract,
    list_contracts,
    save_contract,
)
from svdesk.services.validation import ValidationError

pytestmark = pytest.mark.both_stores


def _contract(**overrides):
    values = dict(
        reference="SCC-1",
        title="Repairs",
        buyer="Salford City Council",
        value_pence=120_000_00,
        start_date=date(2025, 4, 1),
        end_date=date(2027, 3, 31),
        status="won",
        site_postcode="m5 4wt",
        local_area_kind="authorities",
        local_area_codes="e08000006",
    )
    values.update(overrides)
    return ContractData(**values)


def test_create_and_reload_contract(store):
    saved = save_contract(store, _contract())
    again = find_contract(store, "scc-1")
    assert again.id == saved.id
    assert again.site_postcode == "M5 4WT"
    assert again.local_area_codes == "E08000006"
    assert again.local_area.test("M5 4WT").is_local
    assert not again.local_area.test("M2 5DB").is_local


def test_end_before_start_is_refused(store):
    with pytest.raises(ValidationError) as info:
        save_contract(store, _contract(end_date=date(2025, 1, 1)))
    assert info.value.errors["end_date"] == "The end date is before the start date."
    assert list_contracts(store) == []


def test_duplicate_reference_is_refused(store):
    save_contract(store, _contract())
    with pytest.raises(ValidationError, match="already uses the reference"):
        save_contract(store, _contract(reference="scc-1", title="Other"))


def test_local_area_must_be_complete_and_valid(store):
    with pytest.raises(ValidationError) as info:
        save_contract(store, _contract(local_area_codes="E99999999"))
    assert "local_area_codes" in info.value.errors
    with pytest.raises(ValidationError) as info:
        save_contract(store, _contract(local_area_kind="radius", local_radius_miles=None))
    assert "local_radius_miles" in info.value.errors
    with pytest.raises(ValidationError) as info:
        save_contract(store, _contract(local_area_kind="districts", local_area_codes="M5, 55X"))
    assert "55X" in info.value.errors["local_area_codes"]


def test_districts_are_tidied(store):
    saved = save_contract(store, _contract(local_area_kind="districts", local_area_codes="m5, M6;m5 , sw1a"))
    assert saved.local_area_codes == "M5,M6,SW1A"


def test_update_and_delete(store):
    saved = save_contract(store, _contract())
    saved.title = "Repairs and maintenance"
    save_contract(store, saved)
    assert find_contract(store, "SCC-1").title == "Repairs and maintenance"
    delete_contract(store, saved.id)
    assert find_contract(store, "SCC-1") is None
