"""Organisation size: the Procurement Act 2023 SME test and headcount bands for display.

SME: fewer than 250 staff and either turnover up to £44m or balance sheet up to £38m (at the
limit is within it). With one figure over its limit and the other not entered, the answer is not
known yet (is_sme None). Bands by headcount: micro 0-9, small 10-49, medium 50-249, large 250 or
more.
"""

from __future__ import annotations

from dataclasses import dataclass

SME_MAX_STAFF = 249
SME_TURNOVER_LIMIT_PENCE = 44_000_000 * 100
SME_BALANCE_SHEET_LIMIT_PENCE = 38_000_000 * 100

BAND_LABELS = {
    "micro": "Micro",
    "small": "Small",
    "medium": "Medium",
    "large": "Large",
    "unknown": "Not known yet",
}


@dataclass(frozen=True)
class SizeBand:
    band: str  # micro, small, medium, large or unknown
    is_sme: bool | None
    explanation: str

    @property
    def label(self) -> str:
        return BAND_LABELS[self.band]


def headcount_band(headcount: int) -> str:
    if headcount < 10:
        return "micro"
    if headcount < 50:
        return "small"
    if headcount < 250:
        return "medium"
    return "large"


def size_band(
    headcount: int | None, turnover_pence: int | None = None, balance_sheet_pence: int | None = None
) -> SizeBand:
    if headcount is None or headcount < 0:
        return SizeBand("unknown", None, "Enter the number of staff to work out the size band.")
    if headcount > SME_MAX_STAFF:
        return SizeBand("large", False, f"{headcount} staff is 250 or more, so not an SME.")
    band = headcount_band(headcount)
    turnover_ok = _within(turnover_pence, SME_TURNOVER_LIMIT_PENCE)
    balance_ok = _within(balance_sheet_pence, SME_BALANCE_SHEET_LIMIT_PENCE)
    if turnover_ok is None and balance_ok is None:
        return SizeBand(band, True, f"{headcount} staff; add turnover to confirm the SME test.")
    if turnover_ok or balance_ok:
        return SizeBand(band, True, f"{headcount} staff and within the financial limits: an SME.")
    if turnover_ok is False and balance_ok is False:
        return SizeBand("large", False, "Turnover over £44m and balance sheet over £38m, so not an SME.")
    # One figure is over its limit and the other was never entered: an SME needs only one of
    # them within its limit, so the test cannot be answered yet. Say only what was entered.
    if turnover_ok is False:
        return SizeBand(
            band,
            None,
            f"{headcount} staff and turnover over £44m: add the balance "
            "sheet total to confirm the SME test (an SME has a balance "
            "sheet of £38m or less if its turnover is over £44m).",
        )
    return SizeBand(
        band,
        None,
        f"{headcount} staff and a balance sheet over £38m: add turnover "
        "to confirm the SME test (an SME has turnover of £44m or less "
        "if its balance sheet is over £38m).",
    )


def _within(pence: int | None, limit: int) -> bool | None:
    """Whether a figure is within its limit (at the limit is within); None when not entered."""
    return None if pence is None else pence <= limit
