"""The payroll column vocabulary: which headers each payroll program uses for what social value
needs, which headers identify a person (and so are dropped), employment types and pay
frequencies, and the automatic column mapping built from them. Pure data and matching; the
reading itself is in svdesk.importers.payroll.
"""

from __future__ import annotations

import re
from collections.abc import Collection

# What social value needs, with the headers each layout uses for it (compared normalised).
# BrightPay: Works Number, Contracted Hours Worked (per pay period), Payment Frequency.
# Sage Payroll: Reference, Post Code, Start Date, Leaving Date, Hours Per Week, Contract Type.
# Xero Payroll: Employee Number, Start Date, End Date, Hours Per Week, Employment Basis,
#   Pay Frequency. QuickBooks Payroll: Employee ID, Hire Date, Release Date, Hours per week,
#   Pay Rate, Employment Status. Moneysoft: Works No., Date Started, Date Left, Hours Per Week.
FIELDS = {
    "reference": (
        "works number",
        "works no",
        "works no.",
        "works id",
        "works_id",
        "employee id",
        "employee number",
        "employee no",
        "employee no.",
        "employee code",
        "employee reference",
        "payroll id",
        "payroll number",
        "payroll no",
        "reference",
        "employee ref",
        "staff id",
        "staff number",
    ),
    "postcode": ("postcode", "post code", "postaldetail_postcode", "postal code", "home postcode"),
    "start_date": (
        "start date",
        "start_date",
        "date started",
        "employment start date",
        "hire date",
        "date of joining",
        "joined",
        "commencement date",
    ),
    "leave_date": (
        "leave date",
        "end date",
        "end_date",
        "leaving date",
        "date left",
        "release date",
        "termination date",
        "date of leaving",
        "left",
        "employment end date",
    ),
    "weekly_hours": (
        "contracted hours worked",
        "weekly hours",
        "contracted hours",
        "taxdetail_weekly_hours_worked",
        "hours per week",
        "contracted weekly hours",
        "standard hours per week",
        "normal weekly hours",
        "average hours per week",
        "hours worked per week",
        "hours",
    ),
    "fte": ("fte",),
    "hourly_rate": (
        "hourly pay rate",
        "hourly rate",
        "rate per hour",
        "hourly wage",
        "rate (hourly)",
        "pay rate (hourly)",
    ),
    "annual_salary": (
        "annual pay rate",
        "annual salary",
        "salary",
        "salary per year",
        "yearly salary",
        "annual pay",
    ),
    "pay_frequency": (
        "payment frequency",
        "pay frequency",
        "pay period",
        "payment period",
        "pay schedule",
        "pay cycle",
    ),
    "employment_type": (
        "employment type",
        "contract type",
        "employment basis",
        "employee type",
        "type of contract",
        "employment status",
        "worker type",
        "type of employment",
    ),
}
# Hours given per pay period (BrightPay's "Contracted Hours Worked"): made weekly through the
# payment frequency. Every other hours column is already weekly.
PER_PERIOD_HOURS = ("contracted hours worked", "contracted hours")
# Employment type as the programs write it -> svdesk's contract types.
EMPLOYMENT_TYPES = {
    "permanent": "permanent",
    "full time": "permanent",
    "full-time": "permanent",
    "part time": "permanent",
    "part-time": "permanent",
    "employee": "permanent",
    "permanent full time": "permanent",
    "permanent part time": "permanent",
    "fixed term": "fixed_term",
    "fixed-term": "fixed_term",
    "fixed term contract": "fixed_term",
    "ftc": "fixed_term",
    "temporary": "temporary",
    "temp": "temporary",
    "casual": "temporary",
    "seasonal": "temporary",
    "agency": "agency",
    "agency worker": "agency",
    "zero hours": "zero_hours",
    "zero-hours": "zero_hours",
    "zero hour": "zero_hours",
    "zero-hour": "zero_hours",
    "0 hours": "zero_hours",
    "zero hours contract": "zero_hours",
}
# A National Insurance number: two prefix letters (never D, F, I, Q, U, V; O not second), six
# digits, a suffix A-D; spaces allowed.
_NINO = re.compile(
    r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]$",
    re.I,
)
FIELD_LABELS = {
    "reference": "Reference (works number)",
    "postcode": "Home postcode",
    "start_date": "Start date",
    "leave_date": "Leave date",
    "weekly_hours": "Weekly contracted hours",
    "fte": "FTE",
    "hourly_rate": "Hourly pay rate",
    "annual_salary": "Annual salary",
    "pay_frequency": "Payment frequency",
    "employment_type": "Employment type",
}
REQUIRED = ("reference", "start_date")

# Headers that identify a person. Checked before the mapping, so even a mapping cannot keep them.
_PERSONAL = re.compile(
    r"(^|\b)(name|surname|forename|first ?name|last ?name|middle ?name|full ?name|known as|"
    r"initials|title|"
    r"national insurance|ni ?(number|no)|nino|"
    r"date of birth|birth ?date|dob|birthday|age|gender|sex|"
    r"address|street|town|city|county|"
    r"bank|sort ?code|account|iban|bic|building society|roll number|"
    r"e-?mail|phone|mobile|telephone|passport|tax code|utr)(\b|$)"
)

_PER_WEEK = {
    "weekly": 1.0,
    "fortnightly": 0.5,
    "four weekly": 0.25,
    "4 weekly": 0.25,
    "four-weekly": 0.25,
    "4-weekly": 0.25,
    "monthly": 12 / 52,
    "two weekly": 0.5,
    "two-weekly": 0.5,
    "2 weekly": 0.5,
    "2-weekly": 0.5,
    "bi-weekly": 0.5,
    "quarterly": 4 / 52,
    "annually": 1 / 52,
    "yearly": 1 / 52,
}


def _norm(header: str) -> str:
    return re.sub(r"\s+", " ", str(header or "").replace("*", "").strip().lower())


def is_personal(header: str) -> bool:
    h = _norm(header).replace("_", " ")
    if h in ("postcode", "post code", "postaldetail postcode", "postal code"):
        return False
    return bool(_PERSONAL.search(h))


def auto_mapping(headers: list[str], exclude: Collection[str] = ()) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for name, aliases in FIELDS.items():
        for h in headers:
            if _norm(h) in aliases and not is_personal(h) and h not in exclude:
                mapping[name] = h
                break
    return mapping
