"""Generate a large, realistic svdesk database: ten years of a growing facilities firm.

    /work/main/.venv/bin/python bench/make_large_db.py OUT.svdesk [--scale 1.0] [--seed 7]

At --scale 1: 50 contracts with Greater Manchester councils, 5,000 people (real postcodes from
the ONS directory, 2016-2026 start and leave dates, real wage rates), 1,000,000 spend lines with
3,000 suppliers in 120 monthly bank imports, 20,000 evidence files (small real files, stored
under their SHA-256 as the app stores them) linked to people and activities, and ten years of
volunteering and energy records. --scale 0.01 makes a small one for a quick look.

Areas whose models are not in this svdesk yet are skipped with a line saying so: the benchmark
then measures what exists, never invented numbers. Rows go in with SQLAlchemy Core bulk inserts
(the services validate one record at a time, which would take hours at this size); contracts and
the organisation go through the services, so they are exactly what the app would write.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from svdesk import models  # noqa: E402
from svdesk.services.store import Store  # noqa: E402

FIRST_DAY, LAST_DAY = date(2016, 4, 1), date(2026, 3, 31)
DAYS = (LAST_DAY - FIRST_DAY).days
# Greater Manchester councils (ONS codes) and places, for buyers and local areas.
COUNCILS = [
    ("Salford City Council", "E08000006"),
    ("Manchester City Council", "E08000003"),
    ("Trafford Council", "E08000009"),
    ("Bolton Council", "E08000001"),
    ("Bury Council", "E08000002"),
    ("Oldham Council", "E08000004"),
    ("Rochdale Borough Council", "E08000005"),
    ("Stockport Council", "E08000007"),
    ("Tameside Council", "E08000008"),
    ("Wigan Council", "E08000010"),
]
SERVICES = [
    "Schools cleaning",
    "Housing repairs",
    "Grounds maintenance",
    "Office cleaning",
    "Leisure centre facilities",
    "Library maintenance",
    "Depot security",
    "Highways depot cleaning",
    "Care home maintenance",
    "Civic centre facilities",
]
CHUNK = 20_000


def _day(rng: random.Random, start: date = FIRST_DAY, days: int = DAYS) -> date:
    return start + timedelta(days=rng.randrange(max(days, 1)))


def _postcodes(rng: random.Random, n: int) -> list[str]:
    """n real postcodes of the M (Manchester) area with a local authority, from the directory."""
    from svdesk.geo import postcodes

    table = postcodes._letter_table("M")
    if table is None:
        return ["M5 4WT", "M2 5DB", "M15 4PS", "M50 3XE"]
    picks = []
    while len(picks) < n:
        i = rng.randrange(len(table.keys))
        if isinstance(table.la[i], str) and table.la[i]:
            key = table.keys[i]
            picks.append(f"{key[:-3]} {key[-3:]}")
    return picks


def _fill_required(table, row: dict) -> dict:
    """Give columns this generator does not know (added later) a harmless value if required."""
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key:
            continue
        if column.default is not None or column.server_default is not None:
            continue
        kind = column.type.python_type if hasattr(column.type, "python_type") else str
        row[column.name] = {int: 0, float: 0.0, bool: False, date: FIRST_DAY}.get(kind, "")
    return row


def _bulk(store: Store, model, rows, label: str) -> list[int]:
    """Insert rows (an iterable of dicts) in chunks; return the new ids in order."""
    table = model.__table__
    ids: list[int] = []
    chunk: list[dict] = []
    with store.write() as s:
        start = (
            s.execute(
                table.select().with_only_columns(table.c.id).order_by(table.c.id.desc()).limit(1)
            ).scalar()
            or 0
        )
        for row in rows:
            chunk.append(_fill_required(table, row))
            if len(chunk) >= CHUNK:
                s.execute(insert(table), chunk)
                chunk = []
        if chunk:
            s.execute(insert(table), chunk)
        end = (
            s.execute(
                table.select().with_only_columns(table.c.id).order_by(table.c.id.desc()).limit(1)
            ).scalar()
            or 0
        )
    ids = list(range(start + 1, end + 1))
    print(f"  {label}: {len(ids):,}")
    return ids


def make_contracts(store: Store, rng: random.Random, n: int) -> list[int]:
    from svdesk.services.contracts import ContractData, save_contract

    ids = []
    for i in range(n):
        buyer, la = COUNCILS[i % len(COUNCILS)]
        start = _day(rng, FIRST_DAY, DAYS - 400)
        end = min(start + timedelta(days=365 * rng.choice([1, 2, 3, 4])), LAST_DAY)
        status = (
            "complete"
            if end < date.today()
            else rng.choice(["active", "active", "won", "bid_submitted", "opportunity"])
        )
        data = ContractData(
            reference=f"{la[-3:]}-FM-{start.year}-{i + 1:03d}",
            title=f"{SERVICES[i % len(SERVICES)]}, lot {i // len(SERVICES) + 1}",
            buyer=buyer,
            value_pence=rng.randrange(40_000, 2_500_000) * 100,
            start_date=start,
            end_date=end,
            status=status,
            framework="ppn_06_20",
            site_postcode="M5 4WT",
            local_area_kind="authorities",
            local_area_codes=la,
        )
        ids.append(save_contract(store, data).id)
    print(f"  contracts: {len(ids)}")
    return ids


def make_people(
    store: Store, rng: random.Random, n: int, contracts: list[int], places: list[str]
) -> list[int]:
    if not hasattr(models, "Person"):
        print("  skipped: people not available")
        return []
    groups = ["long_term_unemployed", "neet", "disabled", "care_leaver", "veteran", "ex_offender"]

    def people():
        for i in range(n):
            start = _day(rng)
            leave = start + timedelta(days=rng.randrange(90, 2500)) if rng.random() < 0.6 else None
            priority = rng.choice(groups) if rng.random() < 0.12 else ""
            yield dict(
                reference=f"FM-{i + 1:05d}",
                postcode=rng.choice(places),
                workplace_postcode="M5 4WT",
                start_date=start,
                leave_date=leave if leave and leave <= LAST_DAY else None,
                weekly_hours=rng.choice([16.0, 22.5, 30.0, 37.5, 40.0]),
                hourly_rate_pence=rng.choice([1221, 1260, 1290, 1350, 1420, 1600]),
                contract_type=rng.choice(["permanent"] * 6 + ["fixed_term", "zero_hours"]),
                job_status=rng.choice(["new", "new", "retained"]),
                priority_group=priority,
                consent_given=bool(priority),
                consent_date=start if priority else None,
            )

    ids = _bulk(store, models.Person, people(), "people")
    links = (
        {"person_id": pid, "contract_id": cid, "time_share": 1.0}
        for pid in ids
        for cid in {rng.choice(contracts)}
    )
    _bulk(store, models.PersonContract, links, "people on contracts")
    return ids


def make_activities(
    store: Store, rng: random.Random, scale: float, contracts: list[int]
) -> dict[str, list[int]]:
    made: dict[str, list[int]] = {}
    if hasattr(models, "Volunteering"):
        rows = (
            dict(
                date=_day(rng),
                hours=rng.choice([2.0, 3.5, 7.0]),
                volunteers=rng.randrange(1, 8),
                contract_id=rng.choice(contracts + [None]),
                organisation_helped=f"{rng.choice(['Ordsall', 'Hulme', 'Eccles'])} "
                f"{rng.choice(['food bank', 'youth club', 'school'])}",
                attribution_share=1.0,
            )
            for _ in range(int(6_000 * scale))
        )
        made["volunteering"] = _bulk(store, models.Volunteering, rows, "volunteering")
    else:
        print("  skipped: community not available")
    if hasattr(models, "EmissionRecord"):
        kinds = [
            ("energy", "electricity_uk", "kWh"),
            ("energy", "natural_gas_kwh", "kWh"),
            ("fuel", "van_diesel", "mile"),
            ("travel", "rail", "mile"),
        ]
        rows = (
            dict(
                date=_day(rng),
                category=k[0],
                factor_key=k[1],
                unit=k[2],
                quantity=float(rng.randrange(50, 20_000)),
                attribution_share=1.0,
            )
            for _ in range(int(12_000 * scale))
            for k in [rng.choice(kinds)]
        )
        made["emission_record"] = _bulk(store, models.EmissionRecord, rows, "energy and travel")
    else:
        print("  skipped: environment not available")
    return made


def make_evidence(store: Store, rng: random.Random, n: int, targets: dict[str, list[int]]) -> None:
    if not hasattr(models, "Evidence"):
        print("  skipped: evidence not available")
        return
    folder = store.evidence_dir
    folder.mkdir(parents=True, exist_ok=True)
    kinds = [k for k, ids in targets.items() if ids]

    def files():
        for i in range(n):
            when = _day(rng)
            text = (
                f"Timesheet {i + 1}: week beginning {when.isoformat()}, "
                f"{rng.randrange(8, 40)} hours, signed off by the site supervisor.\n"
            )
            data = text.encode()
            sha = hashlib.sha256(data).hexdigest()
            (folder / f"{sha}.txt").write_bytes(data)
            yield dict(
                sha256=sha,
                original_name=f"timesheet-{i + 1:05d}.txt",
                suffix=".txt",
                size_bytes=len(data),
                caption=f"Timesheet {when:%d %b %Y}",
                evidence_date=when,
                evidence_type="timesheet",
            )

    ids = _bulk(store, models.Evidence, files(), "evidence files")
    links = (
        (
            {"evidence_id": eid, "record_type": kind, "record_id": rng.choice(targets[kind])}
            for eid in ids
            for kind in [rng.choice(kinds)]
        )
        if kinds
        else ()
    )
    _bulk(store, models.EvidenceLink, links, "evidence links")


def make_spend(
    store: Store, rng: random.Random, n_lines: int, contracts: list[int], places_postcodes: list[str]
) -> None:
    needed = ("Supplier", "ImportBatch", "SpendLine")
    if not all(hasattr(models, name) for name in needed):
        print("  skipped: spend not available")
        return
    # A register as varied as a real one: national merchants that take most of the spend, then
    # local firms named after people, places and trades (near-duplicates are rare, as in life).
    national = [
        "Travis Perkins plc",
        "Jewson Ltd",
        "Screwfix Direct Ltd",
        "Howdens Joinery Ltd",
        "Selco Builders Warehouse",
        "Speedy Hire plc",
        "Biffa Waste Services Ltd",
        "Bunzl Cleaning & Safety Supplies",
        "Arco Ltd",
        "Toolstation Ltd",
        "Wolseley UK Ltd",
        "City Electrical Factors Ltd",
        "Brandon Hire Station",
        "Shell Fleet Solutions",
        "Royal Mail Group Ltd",
    ]
    surnames = [
        "Ahmed",
        "Allen",
        "Bailey",
        "Baker",
        "Begum",
        "Bennett",
        "Brown",
        "Butler",
        "Campbell",
        "Carter",
        "Clarke",
        "Cole",
        "Collins",
        "Cooper",
        "Cox",
        "Davies",
        "Dawson",
        "Edwards",
        "Ellis",
        "Evans",
        "Fisher",
        "Fletcher",
        "Foster",
        "Gibson",
        "Graham",
        "Gray",
        "Green",
        "Hall",
        "Harris",
        "Harrison",
        "Hart",
        "Hill",
        "Holmes",
        "Hughes",
        "Hussain",
        "Jackson",
        "James",
        "Jenkins",
        "Johnson",
        "Jones",
        "Kaur",
        "Kelly",
        "Khan",
        "Knight",
        "Lee",
        "Lewis",
        "Lloyd",
        "Marshall",
        "Martin",
        "Mason",
        "Matthews",
        "Mills",
        "Mitchell",
        "Moore",
        "Morgan",
        "Morris",
        "Murphy",
        "Murray",
        "Owen",
        "Palmer",
        "Parker",
        "Patel",
        "Pearson",
        "Phillips",
        "Price",
        "Richards",
        "Roberts",
        "Robinson",
        "Rogers",
        "Russell",
        "Saunders",
        "Scott",
        "Shaw",
        "Simpson",
        "Singh",
        "Smith",
        "Stevens",
        "Stewart",
        "Taylor",
        "Thomas",
        "Thompson",
        "Turner",
        "Walker",
        "Ward",
        "Watson",
        "White",
        "Wilkinson",
        "Williams",
        "Wilson",
        "Wood",
        "Wright",
        "Young",
    ]
    places = [
        "Salford",
        "Eccles",
        "Swinton",
        "Walkden",
        "Worsley",
        "Irlam",
        "Pendleton",
        "Ordsall",
        "Hulme",
        "Ancoats",
        "Chorlton",
        "Didsbury",
        "Withington",
        "Stretford",
        "Urmston",
        "Sale",
        "Altrincham",
        "Bolton",
        "Bury",
        "Oldham",
        "Rochdale",
        "Stockport",
        "Ashton",
        "Wigan",
        "Leigh",
        "Trafford",
        "Cheetham",
        "Moss",
        "Side",
        "Levenshulme",
        "Gorton",
    ]
    trades = [
        "Joinery",
        "Plumbing",
        "Electrical",
        "Roofing",
        "Scaffolding",
        "Cleaning",
        "Waste",
        "Skip Hire",
        "Plant Hire",
        "Glazing",
        "Decorating",
        "Flooring",
        "Landscaping",
        "Printing",
        "Catering",
        "Couriers",
        "Security",
        "Signs",
        "Fire Safety",
        "Locksmiths",
        "Tyres",
        "Van Hire",
        "Uniforms",
        "Hygiene",
        "Timber",
        "Fixings",
        "Paints",
        "Tiles",
        "Kitchens",
        "Doors",
        "Ironmongery",
        "Pest Control",
        "Training",
        "Accountancy",
        "IT Support",
        "Recruitment",
        "Surveying",
        "Testing",
        "Lifting",
        "Insulation",
    ]
    ends = ["Ltd", "Limited", "Ltd", "& Sons Ltd", "Services Ltd", "Supplies", "CIC", "Co-op", "Trust", ""]
    try:
        from svdesk.services.supplier_names import name_key
    except ImportError:
        name_key = str.lower

    def suppliers():
        names = list(national)
        seen = set(names)
        while len(names) < 3_000:
            pattern = rng.random()
            trade = rng.choice(trades)
            if pattern < 0.45:
                name = f"{rng.choice(surnames)} {trade} {rng.choice(ends)}"
            elif pattern < 0.8:
                name = f"{rng.choice(places)} {trade} {rng.choice(ends)}"
            else:
                name = f"{rng.choice(surnames)} & {rng.choice(surnames)} {rng.choice(ends)}"
            name = " ".join(name.split())
            if name not in seen:
                seen.add(name)
                names.append(name)
        for name in names:
            vcse = (
                "cic"
                if name.endswith("CIC")
                else "charity"
                if name.endswith("Trust")
                else ("cooperative" if name.endswith("Co-op") else "none")
            )
            big = name in national
            yield dict(
                name=name,
                name_key=name_key(name),
                postcode=rng.choice(places_pc),
                size_band="large" if big else rng.choice(["micro", "small", "small", "medium", "unknown"]),
                vcse_type=vcse,
                social_enterprise=name.endswith("CIC"),
            )

    places_pc = places_postcodes
    supplier_ids = _bulk(store, models.Supplier, suppliers(), "suppliers")
    months = [
        (FIRST_DAY.year + (FIRST_DAY.month - 1 + m) // 12, (FIRST_DAY.month - 1 + m) % 12 + 1)
        for m in range(120)
    ]
    per_month = n_lines // len(months)
    batches = (
        {
            "kind": "spend",
            "file_name": f"bank-{y}-{m:02d}.csv",
            "file_sha256": hashlib.sha256(f"{y}{m}".encode()).hexdigest(),
            "format": "generic_csv",
            "rows_read": per_month,
            "rows_imported": per_month,
        }
        for y, m in months
    )
    batch_ids = _bulk(store, models.ImportBatch, batches, "bank imports")
    # The national merchants (the first ids) take most lines; then a long tail.
    weights = [40.0] * len(national) + [1 / (1 + i % 50) for i in range(len(supplier_ids) - len(national))]
    descriptions = [
        "Timber and sheet materials",
        "Fixings and adhesives",
        "Skip hire",
        "Van diesel",
        "Cleaning materials",
        "Plant hire",
        "PPE and workwear",
        "Printing",
        "Subcontract labour",
        "Waste collection",
        "Paint and sundries",
    ]

    def lines():
        for (y, m), batch in zip(months, batch_ids, strict=True):
            suppliers_this_month = rng.choices(supplier_ids, weights, k=per_month)
            for row, supplier in enumerate(suppliers_this_month):
                day = date(y, m, rng.randrange(1, 29))
                net = rng.randrange(500, 250_000)
                yield dict(
                    supplier_id=supplier,
                    spend_date=day,
                    invoice_date=day,
                    due_date=day + timedelta(days=30),
                    paid_date=day + timedelta(days=rng.choice([7, 14, 30, 45, 60])),
                    net_pence=net,
                    gross_pence=net * 6 // 5,
                    description=rng.choice(descriptions),
                    reference=f"INV{row:06d}",
                    contract_id=rng.choice(contracts) if rng.random() < 0.7 else None,
                    batch_id=batch,
                    source_row=row + 2,
                    fingerprint=hashlib.md5(f"{batch}:{row}".encode()).hexdigest(),
                )

    _bulk(store, models.SpendLine, lines(), "spend lines")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.out.exists():
        parser.error(f"{args.out} exists: choose a new file")
    rng = random.Random(args.seed)
    started = time.perf_counter()
    store = Store.open(args.out)
    from svdesk.services.demo import DEMO_ORGANISATION
    from svdesk.services.organisation import save_organisation

    # The demo firm grown over ten years: 480 staff now, 5,000 people employed in all.
    save_organisation(
        store,
        replace(
            DEMO_ORGANISATION,
            name="Irwell Facilities Group Ltd",
            headcount=480,
            turnover_pence=38_000_000_00,
            balance_sheet_pence=9_500_000_00,
        ),
    )
    places = _postcodes(rng, 2_000)
    contracts = make_contracts(store, rng, 50)
    people = make_people(store, rng, int(5_000 * args.scale), contracts, places)
    targets = make_activities(store, rng, args.scale, contracts)
    targets["person"] = people
    make_evidence(store, rng, int(20_000 * args.scale), targets)
    make_spend(store, rng, int(1_000_000 * args.scale), contracts, places)
    store.close()
    size = args.out.stat().st_size / 1024 / 1024
    print(f"made {args.out} ({size:.0f} MB) in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
