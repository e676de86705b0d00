"""Demo suppliers and their spend for Irwell Joinery Ltd: FY 2025/26 and FY 2026/27 to October.

The spend goes in the way a user's would: a purchase ledger CSV written to a temporary folder
and imported through a saved column mapping, so the demo also shows an import batch, a
reusable mapping and prompt-payment figures (the ledger has invoice and paid dates).
"""

from __future__ import annotations

import csv
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from svdesk.services.contracts import find_contract
from svdesk.services.demo import DEMO_EXTENSIONS
from svdesk.services.spend_batches import save_mapping
from svdesk.services.spend_import import import_spend
from svdesk.services.store import Store
from svdesk.services.suppliers import find_supplier, save_supplier

# name, postcode, size band, VCSE type, company number, what they sell, typical net £, per year,
# share of their spend that is for the Salford schools contract
DEMO_SUPPLIERS = [
    (
        "Travis Perkins Trading Co Ltd",
        "M6 6AP",
        "large",
        "none",
        "00733503",
        ["Redwood PSE and C24 timber", "Sheet materials", "Plasterboard and adhesives"],
        620,
        30,
        0.7,
    ),
    (
        "Jewson Ltd",
        "M30 0TE",
        "large",
        "none",
        "00348407",
        ["Timber and sheet materials", "Insulation"],
        410,
        14,
        0.6,
    ),
    (
        "Howarth Timber & Building Supplies Ltd",
        "LS11 5BZ",
        "medium",
        "none",
        "",
        ["Sapele and oak hardwood", "Moisture resistant MDF"],
        1350,
        8,
        0.8,
    ),
    (
        "Pennine Hardwoods Ltd",
        "OL1 1UT",
        "small",
        "none",
        "",
        ["European oak boards", "Ash and maple"],
        780,
        6,
        0.5,
    ),
    (
        "Salford Fixings & Fasteners Ltd",
        "M5 4WT",
        "micro",
        "none",
        "",
        ["Screws, hinges and ironmongery", "Fire door hardware"],
        240,
        22,
        0.8,
    ),
    (
        "Screwfix Direct Ltd",
        "BA22 8RT",
        "large",
        "none",
        "03006378",
        ["Power tool", "Consumables and blades"],
        95,
        18,
        0.3,
    ),
    (
        "Northwest Van Hire Ltd",
        "M50 2EQ",
        "small",
        "none",
        "",
        ["Transit Custom hire, 7 days", "Luton van hire, 2 days"],
        385,
        9,
        0.6,
    ),
    (
        "Ordsall Community Café CIC",
        "M5 3AW",
        "micro",
        "cic",
        "",
        ["Working lunch for site team", "Sandwich platters, toolbox talk"],
        95,
        10,
        0.8,
    ),
    (
        "Greenbank Skip Hire Ltd",
        "M6 5FX",
        "small",
        "none",
        "",
        ["8 yard skip, mixed waste", "Wood waste collection for recycling"],
        245,
        12,
        0.9,
    ),
    (
        "Manchester Glass & Glazing Ltd",
        "M11 2NA",
        "small",
        "none",
        "",
        ["Toughened vision panels", "Fire-rated glazing"],
        460,
        5,
        0.9,
    ),
    ("Hilti (Gt. Britain) Ltd", "M17 1WA", "large", "none", "", ["Tool fleet management"], 142.5, 12, 0.0),
    (
        "Broughton Scaffolding Ltd",
        "M7 2LS",
        "small",
        "none",
        "",
        ["Tower scaffold hire, 1 week"],
        180,
        4,
        1.0,
    ),
    ("Salford Men's Shed", "", "micro", "charity", "", ["Offcut timber collection donation"], 40, 4, 0.0),
    ("Irlam Plant Hire", "", "unknown", "none", "", ["Mini digger hire, 1 day"], 210, 3, 0.5),
]
CARD_PAYMENTS = [
    ["12/05/2025", "-46.79", "TRAVIS PERKINS", "Card purchase: sealant", "", ""],
    ["03/07/2025", "-23.99", "Screwfix", "Card purchase: drill bits", "", ""],
    ["21/08/2025", "-112.40", "TRAVIS PERKINS", "Card purchase: timber offcuts", "", ""],
    ["09/10/2025", "-38.50", "Screwfix", "Card purchase: blades", "", ""],
    ["14/11/2025", "2500.00", "Salford City Council", "Remittance", "SCC-PR-2025-041", ""],
    ["27/01/2026", "-64.20", "Selco Builders Warehouse", "Card purchase: fixings", "", ""],
]
MAPPING_NAME = "Irwell purchase ledger"
MAPPING = {
    "columns": {
        "supplier": "Supplier",
        "date": "Invoice date",
        "net": "Net",
        "tax": "VAT",
        "invoice_date": "Invoice date",
        "due_date": "Due date",
        "paid_date": "Date paid",
        "reference": "Invoice no",
        "description": "Details",
        "postcode": "Supplier postcode",
    },
    "sign": "positive",
    "basis": "net",
}
HEADER = [
    "Supplier",
    "Supplier postcode",
    "Invoice no",
    "Invoice date",
    "Due date",
    "Date paid",
    "Details",
    "Net",
    "VAT",
    "Gross",
]


# (first day, last day, the day the ledger was exported, file names' year): a full year, then
# the current year to date, so the dashboard's "this year so far" has spend in the demo too.
LEDGER_PERIODS = [
    (date(2025, 4, 1), date(2026, 3, 31), date(2026, 3, 31), "2025-26"),
    (date(2026, 4, 1), date(2026, 10, 31), date(2026, 11, 14), "2026-27"),
]


def _ledger(
    rng: random.Random, for_contract: bool, first: date, last: date, exported: date, year: str
) -> list[list[str]]:
    days = (last - first).days + 1
    rows = []
    for name, postcode, _b, vcse, _c, items, typical, per_year, share in DEMO_SUPPLIERS:
        count = round(per_year * days / 365 * (share if for_contract else 1 - share))
        prefix = "".join(w[0] for w in name.split()[:3] if w[0].isalnum()).upper()
        series = "C" if for_contract else "G"
        if year != "2025-26":
            series += year[-2:]
        for i in range(count):
            when = first + timedelta(days=rng.randrange(0, days))
            net = round(typical * rng.uniform(0.55, 1.6), 2)
            vat = 0.0 if vcse in ("cic", "charity") else round(net * 0.2, 2)
            # Most pay within 30 days; the odd one slips (the demo shows a real share).
            paid = when + timedelta(days=rng.choice([7, 14, 21, 28, 30, 30, 35, 45]))
            paid_text = paid.strftime("%d/%m/%Y") if paid < exported else ""
            rows.append(
                [
                    name,
                    postcode,
                    f"{prefix}-{series}{i + 1:04d}",
                    when.strftime("%d/%m/%Y"),
                    (when + timedelta(days=30)).strftime("%d/%m/%Y"),
                    paid_text,
                    rng.choice(items),
                    f"{net:.2f}",
                    f"{vat:.2f}",
                    f"{net + vat:.2f}",
                ]
            )
    rows.sort(key=lambda r: (r[3][6:], r[3][3:5], r[3][:2]))
    return rows


def add_demo_spend(store: Store) -> None:
    rng = random.Random(20250401)
    save_mapping(store, MAPPING_NAME, MAPPING)
    contract = find_contract(store, "SCC-PR-2025-041")
    with tempfile.TemporaryDirectory() as tmp:
        for first, last, exported, year in LEDGER_PERIODS:
            for for_contract, file_name in (
                (True, f"schools-contract-purchases-{year}.csv"),
                (False, f"overhead-purchases-{year}.csv"),
            ):
                path = Path(tmp) / file_name
                with open(path, "w", newline="", encoding="utf-8") as fh:
                    writer = csv.writer(fh)
                    writer.writerow(HEADER)
                    writer.writerows(_ledger(rng, for_contract, first, last, exported, year))
                import_spend(
                    store,
                    path,
                    format="generic",
                    mapping=MAPPING,
                    contract_id=contract.id if (contract and for_contract) else None,
                )
        # Card purchases at trade counters, from the bank statement: the payee names differ
        # from the registered ones, so the register offers them for merging.
        card = Path(tmp) / "business-card-statement.csv"
        with open(card, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["Date", "Amount", "Payee", "Description", "Reference", "Cheque Number"])
            writer.writerows(CARD_PAYMENTS)
        import_spend(store, card, basis="gross")
    for name, _pc, band, vcse, company, *_rest in DEMO_SUPPLIERS:
        supplier = find_supplier(store, name)
        if supplier is None:
            continue
        supplier.size_band = band
        supplier.vcse_type = vcse
        supplier.company_number = company
        supplier.social_enterprise = vcse == "cic"
        if name == "Irlam Plant Hire":
            supplier.notes = "Ask for their postcode: not on the invoice."
        save_supplier(store, supplier)


DEMO_EXTENSIONS.append(add_demo_spend)
