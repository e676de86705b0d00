from datetime import date

import pytest

from svdesk.calc.periods import financial_year, financial_years_between, quarters
from svdesk.formatting import MoneyError, format_date, format_money, parse_date, parse_money


def test_financial_year_from_april():
    fy = financial_year(date(2026, 2, 10), 4)
    assert (fy.label, fy.start, fy.end) == ("FY 2025/26", date(2025, 4, 1), date(2026, 3, 31))
    assert financial_year(date(2026, 4, 1), 4).label == "FY 2026/27"


def test_calendar_year_and_quarters():
    fy = financial_year(date(2026, 7, 1), 1)
    assert (fy.label, fy.start, fy.end) == ("FY 2026", date(2026, 1, 1), date(2026, 12, 31))
    qs = quarters(financial_year(date(2025, 5, 1), 4))
    assert [(q.start, q.end) for q in qs] == [
        (date(2025, 4, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 9, 30)),
        (date(2025, 10, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 3, 31)),
    ]
    assert qs[3].label == "Q4 2025/26 (Jan–Mar 2026)"


def test_years_spanning_a_contract():
    years = financial_years_between(date(2025, 4, 1), date(2027, 3, 31), 4)
    assert [y.label for y in years] == ["FY 2025/26", "FY 2026/27"]


@pytest.mark.parametrize(
    "text, pence",
    [
        ("£1,234.56", 123456),
        ("1234.5", 123450),
        ("(12.00)", -1200),
        ("-5", -500),
        ("", None),
        ("£186,000", 18600000),
        ("12.345", 1235),
    ],
)
def test_parse_money(text, pence):
    assert parse_money(text) == pence


def test_parse_money_rejects_words():
    with pytest.raises(MoneyError, match="not an amount"):
        parse_money("about a grand")


def test_format_money_and_dates():
    assert format_money(123456) == "£1,234.56"
    assert format_money(-1200) == "-£12.00"
    assert format_money(1_234_000_00, short=True) == "£1.2m"
    assert format_date(date(2026, 3, 14)) == "14 Mar 2026"
    assert format_date(date(2026, 3, 14), short=True) == "14/03/2026"
    assert parse_date("31/03/2026") == date(2026, 3, 31)
    assert parse_date("01 Jan 2025") == date(2025, 1, 1)
    with pytest.raises(ValueError, match="not a date"):
        parse_date("31/02/2026")
