import pytest

from svdesk.calc.size_band import size_band
from svdesk.services.organisation import OrganisationData, get_organisation, save_organisation
from svdesk.services.validation import ValidationError

pytestmark = pytest.mark.both_stores


@pytest.mark.parametrize(
    "staff, turnover, balance, band, sme",
    [
        (4, 300_000_00, None, "micro", True),
        (14, 1_650_000_00, None, "small", True),
        (49, None, None, "small", True),
        (50, 10_000_000_00, None, "medium", True),
        (249, 60_000_000_00, 30_000_000_00, "medium", True),  # turnover over, balance sheet under
        (249, 60_000_000_00, 40_000_000_00, "large", False),  # both over the limits
        (250, 1_000_000_00, None, "large", False),
    ],
)
def test_procurement_act_sme_test(staff, turnover, balance, band, sme):
    result = size_band(staff, turnover, balance)
    assert (result.band, result.is_sme) == (band, sme)


def test_size_band_unknown_without_headcount():
    assert size_band(None).band == "unknown"
    assert size_band(None).is_sme is None


def test_organisation_saved_with_normalised_postcode(store):
    save_organisation(store, OrganisationData(name="  Irwell Joinery Ltd ", postcode="m5 4de", headcount=14))
    org = get_organisation(store)
    assert org.name == "Irwell Joinery Ltd"
    assert org.postcode == "M5 4DE"
    assert org.size.band == "small"


def test_saving_twice_updates_the_one_organisation(store):
    save_organisation(store, OrganisationData(name="A Ltd"))
    save_organisation(store, OrganisationData(name="B Ltd", year_start_month=1))
    org = get_organisation(store)
    assert (org.name, org.year_start_month) == ("B Ltd", 1)


def test_invalid_organisation_is_refused_with_reasons(store):
    with pytest.raises(ValidationError) as info:
        save_organisation(store, OrganisationData(name="", postcode="M5", year_start_month=13))
    assert set(info.value.errors) == {"name", "postcode", "year_start_month"}
    assert get_organisation(store) is None
