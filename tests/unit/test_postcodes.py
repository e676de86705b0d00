import pytest

from svdesk.geo import postcodes
from svdesk.geo.local_area import LocalArea, Locality


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("m5 4wt", "M5 4WT"),
        ("M54WT", "M5 4WT"),
        ("  sw1a1aa ", "SW1A 1AA"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("M15 4PS", "M15 4PS"),
    ],
)
def test_normalise_accepts_real_postcodes(raw, expected):
    assert postcodes.normalise(raw) == expected


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ("", "Enter a postcode"),
        ("M5 4W", "not a full UK postcode"),
        ("M5-4WT!", "characters"),
        ("5M 4WT", "format"),
        ("M5 4CI", "format"),
    ],
)
def test_normalise_rejects_malformed_text_with_reason(raw, fragment):
    with pytest.raises(postcodes.PostcodeError, match=fragment):
        postcodes.normalise(raw)


def test_lookup_gives_local_authority_and_grid_reference():
    salford = postcodes.lookup("M5 4WT")
    manchester = postcodes.lookup("M2 5DB")
    assert salford.la_code == "E08000006"
    assert manchester.la_code == "E08000003"
    assert 380_000 < salford.easting < 385_000 and 395_000 < salford.northing < 400_000
    # The ONS directory places M3 5FS (Chapel Street) in Salford, not Manchester.
    assert postcodes.lookup("M3 5FS").la_code == "E08000006"


def test_unknown_but_well_formed_postcode_is_none_not_a_guess():
    assert postcodes.lookup("M99 9ZZ") is None


def test_distance_between_real_postcodes():
    a, b = postcodes.lookup("M5 4WT"), postcodes.lookup("M2 5DB")
    miles = postcodes.distance_miles(a, b)
    assert 0.8 < miles < 1.5


def test_local_area_by_authority():
    area = LocalArea("authorities", ("E08000006",))
    assert area.test("M5 4WT").status is Locality.LOCAL
    result = area.test("M2 5DB")
    assert result.status is Locality.NOT_LOCAL and "Manchester" in result.reason
    assert area.test("M99 9ZZ").status is Locality.UNKNOWN
    assert area.test("not a postcode").status is Locality.UNKNOWN
    assert area.test("").status is Locality.UNKNOWN


def test_local_area_by_district_and_radius():
    districts = LocalArea("districts", ("M5", "M6"))
    assert districts.test("m5 4wt").is_local
    assert not districts.test("M2 5DB").is_local
    radius = LocalArea("radius", (), 2.0, "M5 4DE")
    assert radius.test("M2 5DB").is_local  # about a mile away
    far = radius.test("SW1A 1AA")
    assert far.status is Locality.NOT_LOCAL and "miles" in far.reason


def test_incomplete_area_is_reported_not_guessed():
    assert LocalArea("radius", (), None, "M5 4DE").test("M5 4WT").status is Locality.UNKNOWN
    assert LocalArea("authorities", ()).validate() == "Choose at least one local authority."
