"""Organisation size: the Procurement Act 2023 SME test and headcount bands for display.

SME: fewer than 250 staff and either turnover up to £44m or balance sheet up to £38m. Bands by
headcount: micro 0-9, small 10-49, medium 50-249, large 250 or more.
"""

from __future__ import annotations

from dataclasses import dataclass

SME_MAX_STAFF = 249
SME_TURNOVER_LIMIT_PENCE = 44_000_000 * 100
SME_BALANCE_SHEET_LIMIT_PENCE = 38_000_000 * 100

BAND_LABELS = {"micro": "Micro", "small": "Small", "medium": "Medium", "large": "Large",
               "unknown": "Not known yet"}


@dataclass(frozen=True)
class SizeBand:
    band: str           # micro, small, medium, large or unknown
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


def size_band(headcount: int | None, turnover_pence: int | None = None,
              balance_sheet_pence: int | None = None) -> SizeBand:
    if headcount is None or headcount < 0:
        return SizeBand("unknown", None, "Enter the number of staff to work out the size band.")
    if headcount > SME_MAX_STAFF:
        return SizeBand("large", False, f"{headcount} staff is 250 or more, so not an SME.")
    money_known = turnover_pence is not None or balance_sheet_pence is not None
    turnover_ok = turnover_pence is not None and turnover_pence <= SME_TURNOVER_LIMIT_PENCE
    balance_ok = balance_sheet_pence is not None and balance_sheet_pence <= SME_BALANCE_SHEET_LIMIT_PENCE
    band = headcount_band(headcount)
    if money_known and not (turnover_ok or balance_ok):
        return SizeBand("large", False,
                        "Turnover over £44m and balance sheet over £38m, so not an SME.")
    if not money_known:
        return SizeBand(band, True, f"{headcount} staff; add turnover to confirm the SME test.")
    return SizeBand(band, True, f"{headcount} staff and within the financial limits: an SME.")
