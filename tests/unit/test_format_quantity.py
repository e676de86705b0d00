from svdesk.formatting import format_quantity


def test_money_units_show_as_money_never_as_gbp():
    assert format_quantity(26688.79, "GBP") == "£26,688.79"
    assert format_quantity(0.005, "GBP") == "£0.01"  # rounded half up to the penny
    assert format_quantity(8.6812, "FTE-years") == "8.68 FTE-years"
    assert format_quantity(104, "weeks", with_unit=False) == "104.00"
    assert format_quantity(None, "GBP") == ""
