"""Demo: a year and a half of people, skills, community and environment records for Irwell
Joinery Ltd, with small generated evidence files (some records deliberately left without, so the
"no evidence" marker shows). Everything is deterministic: the same demo every time."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from svdesk.services import activities, case_studies, evidence, people_edits
from svdesk.services.activity_kinds import default_values
from svdesk.services.contracts import find_contract
from svdesk.services.demo import DEMO_EXTENSIONS
from svdesk.services.people import Assignment, PersonData
from svdesk.services.store import Store

# reference, home postcode, start, weekly hours, hourly pence, annual salary pence, new/retained
STAFF = [
    ("IJ-001", "M5 4WT", date(2009, 3, 2), 39, None, 4_200_000, "retained"),
    ("IJ-002", "M6 5PW", date(2012, 6, 11), 39, 1750, None, "retained"),
    ("IJ-003", "M32 0JS", date(2014, 1, 6), 39, 1680, None, "retained"),
    ("IJ-004", "M6 6AP", date(2016, 9, 5), 39, 1620, None, "retained"),
    ("IJ-005", "M14 5RB", date(2017, 4, 24), 39, 1600, None, "retained"),
    ("IJ-006", "M50 2EQ", date(2018, 2, 12), 30, None, 2_650_000, "retained"),
    ("IJ-007", "M33 7SX", date(2019, 8, 19), 39, 1550, None, "retained"),
    ("IJ-008", "M27 6AQ", date(2021, 5, 4), 39, 1500, None, "retained"),
    ("IJ-009", "M13 9PL", date(2022, 10, 3), 39, 1480, None, "retained"),
    ("IJ-010", "M30 0HA", date(2023, 3, 13), 22.5, 1400, None, "retained"),
    ("IJ-011", "M41 5AH", date(2024, 11, 4), 39, 1450, None, "new"),
    ("IJ-012", "M28 3AA", date(2025, 5, 12), 39, 1420, None, "new"),
    ("IJ-013", "M6 8HD", date(2025, 9, 1), 39, 1345, None, "new"),  # apprentice, NEET
    ("IJ-014", "M15 5DP", date(2026, 1, 12), 39, 1345, None, "new"),  # apprentice
]


def _png(path: Path, title: str, colour: tuple[int, int, int]) -> Path:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (480, 320), colour)
    draw = ImageDraw.Draw(img)
    draw.rectangle((16, 16, 463, 303), outline=(255, 255, 255), width=3)
    draw.text((32, 140), title, fill=(255, 255, 255))
    draw.text((32, 270), "svdesk demo placeholder photo", fill=(230, 230, 230))
    img.save(path)
    return path


def _pdf(path: Path, title: str, lines: list[str]) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, 770, title)
    c.setFont("Helvetica", 11)
    for i, line in enumerate(lines):
        c.drawString(72, 740 - 16 * i, line)
    c.drawString(72, 72, "Irwell Joinery Ltd · svdesk demo document")
    c.save()
    return path


def _add(store: Store, kind: str, **values):
    return activities.save_record(store, kind, default_values(kind) | values)


def add_demo_people(store: Store) -> None:
    scc = find_contract(store, "SCC-PR-2025-041")
    assert scc is not None and scc.id is not None, "the base demo adds its contracts before the people"
    person_ids: dict[str, int] = {}
    for ref, postcode, start, hours, hourly, salary, status in STAFF:
        shares = [Assignment(scc.id, 0.6 if ref in ("IJ-001", "IJ-006") else 0.8)]
        person = PersonData(
            reference=ref,
            postcode=postcode,
            start_date=start,
            weekly_hours=hours,
            hourly_rate_pence=hourly,
            annual_salary_pence=salary,
            job_status=status,
            contract_type="permanent",
            assignments=shares,
        )
        if ref == "IJ-013":
            person = replace(
                person,
                priority_group="neet",
                consent_given=True,
                consent_date=date(2025, 8, 28),
                recruitment_programme="Salford Youth Employment Hub referral",
            )
        saved = people_edits.save_person(store, person)
        assert saved.id is not None, "a saved person has its id"
        person_ids[ref] = saved.id
    # Apprentices, on the Salford contract.
    app1 = _add(
        store,
        "apprenticeship",
        date=date(2025, 9, 1),
        contract_id=scc.id,
        additional=True,
        person_id=person_ids["IJ-013"],
        standard="Carpentry and joinery",
        level=2,
        planned_end_date=date(2027, 2, 26),
        status="on_programme",
    )
    _add(
        store,
        "apprenticeship",
        date=date(2026, 1, 12),
        contract_id=scc.id,
        additional=True,
        person_id=person_ids["IJ-014"],
        standard="Site carpentry",
        level=2,
        planned_end_date=date(2027, 7, 9),
        status="on_programme",
    )
    _add(
        store,
        "training_course",
        date=date(2025, 5, 19),
        contract_id=scc.id,
        additional=False,
        course="CSCS health and safety test preparation",
        qualification="CSCS card",
        level=1,
        weeks=1,
        learners=3,
    )
    _add(
        store,
        "training_course",
        date=date(2025, 10, 6),
        course="Site Management Safety Training Scheme",
        qualification="SMSTS",
        weeks=1,
        learners=1,
    )
    _add(
        store,
        "training_course",
        date=date(2026, 2, 2),
        contract_id=scc.id,
        additional=True,
        course="NVQ Wood Occupations (site carpentry)",
        qualification="NVQ",
        level=3,
        weeks=26,
        learners=1,
        attribution_share=0.8,
    )
    _add(
        store,
        "work_placement",
        date=date(2025, 11, 3),
        end_date=date(2026, 3, 27),
        contract_id=scc.id,
        additional=True,
        placement_type="t_level",
        participants=1,
        days=45,
        provider="Salford City College",
    )
    _add(
        store,
        "work_placement",
        date=date(2026, 6, 22),
        end_date=date(2026, 6, 26),
        placement_type="work_experience",
        participants=2,
        days=5,
        provider="Oasis Academy MediaCityUK",
    )
    talk = _add(
        store,
        "learning_intervention",
        date=date(2025, 10, 8),
        contract_id=scc.id,
        additional=True,
        intervention_type="careers_talk",
        hours=1.5,
        attendees=28,
        venue="Oasis Academy MediaCityUK",
    )
    _add(
        store,
        "learning_intervention",
        date=date(2026, 2, 11),
        contract_id=scc.id,
        additional=True,
        intervention_type="mock_interviews",
        hours=3,
        attendees=12,
        venue="Salford City College",
    )
    _add(
        store,
        "learning_intervention",
        date=date(2026, 5, 20),
        intervention_type="cv_advice",
        hours=2,
        attendees=9,
        venue="Salford Youth Employment Hub",
    )
    # Community.
    for name, kind, pc in (
        ("Salford City College", "college", "M6 6AP"),
        ("Oasis Academy MediaCityUK", "school", "M50 3UB"),
        ("Langworthy Community Pantry", "vcse", "M6 5PW"),
    ):
        _add(store, "community_partner", name=name, partner_type=kind, postcode=pc)
    day1 = _add(
        store,
        "volunteering",
        date=date(2025, 7, 4),
        contract_id=scc.id,
        additional=True,
        organisation_helped="Langworthy Community Pantry",
        hours=7,
        volunteers=4,
        description="Built shelving for the food store",
    )
    _add(
        store,
        "volunteering",
        date=date(2025, 12, 12),
        organisation_helped="Salford Foodbank",
        hours=4,
        volunteers=3,
        description="Christmas collection and packing",
    )
    _add(
        store,
        "volunteering",
        date=date(2026, 6, 5),
        contract_id=scc.id,
        additional=True,
        organisation_helped="Seedley Primary School",
        hours=7,
        volunteers=2,
        description="Raised planters for the school garden",
    )
    _add(
        store,
        "pro_bono",
        date=date(2026, 3, 18),
        organisation_helped="Ordsall Community Arts",
        hours=6,
        expertise="Estimating and drawings for a stage refurbishment",
    )
    _add(
        store,
        "donation",
        date=date(2025, 11, 20),
        recipient="Salford Men's Shed",
        amount_pence=35_000,
        in_kind=True,
        description="Hardwood offcuts and two workbenches",
    )
    _add(store, "donation", date=date(2025, 12, 1), recipient="Salford Foodbank", amount_pence=25_000)
    # Environment: monthly energy and van miles, April 2025 to October 2026.
    energy_ids, van_ids = [], []
    month = date(2025, 4, 1)
    while month <= date(2026, 10, 1):
        nxt = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        end = date.fromordinal(nxt.toordinal() - 1)
        winter = month.month in (11, 12, 1, 2, 3)
        for key, qty, text in (
            ("electricity_uk", 1650 + (350 if winter else 0), "Workshop electricity (meter reading)"),
            ("natural_gas_kwh", 3100 if winter else 600, "Workshop heating gas"),
        ):
            rec = _add(
                store,
                "emission_record",
                date=month,
                end_date=end,
                category="energy",
                factor_key=key,
                quantity=qty,
                description=text,
            )
            if month < date(2026, 4, 1):
                energy_ids.append(rec.id)
        van = _add(
            store,
            "emission_record",
            date=month,
            end_date=end,
            category="travel",
            factor_key="van_diesel",
            quantity=3900 + (month.month * 37) % 400,
            description="Three vans, mileage log",
            contract_id=scc.id,
            attribution_share=0.7,
        )
        if month < date(2026, 4, 1):
            van_ids.append(van.id)
        if month.month % 3 == 0:
            _add(
                store,
                "waste_record",
                date=month,
                end_date=end,
                waste_stream="Timber offcuts",
                route="reused",
                tonnes=0.4,
            )
            _add(
                store,
                "waste_record",
                date=month,
                end_date=end,
                waste_stream="Cardboard and packaging",
                route="recycled",
                tonnes=0.15,
            )
            _add(
                store,
                "waste_record",
                date=month,
                end_date=end,
                waste_stream="Mixed general waste",
                route="landfill",
                tonnes=0.6,
            )
        month = nxt
    _add(
        store,
        "environment_action",
        date=date(2025, 8, 15),
        action="LED lighting fitted in the workshop",
        measure_value=4200,
        measure_unit="kWh a year saved",
    )
    # Evidence: a photo and an attendance sheet for the talk, a timesheet for volunteering,
    # and an apprenticeship agreement. Other records stay without, on purpose.
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        photo = _png(folder / "careers-talk.png", "Careers talk, Oasis Academy MediaCityUK", (17, 94, 89))
        evidence.add_evidence(
            store,
            photo,
            caption="Careers talk to Year 10",
            evidence_type="photo",
            evidence_date=date(2025, 10, 8),
            links=[("learning_intervention", talk.id)],
        )
        sheet = _pdf(
            folder / "attendance-2025-10-08.pdf",
            "Attendance sheet: careers talk",
            [
                "8 October 2025, Oasis Academy MediaCityUK",
                "28 pupils, Year 10",
                "Delivered by two Irwell Joinery staff",
            ],
        )
        evidence.add_evidence(
            store,
            sheet,
            caption="Signed attendance sheet",
            evidence_type="attendance_sheet",
            evidence_date=date(2025, 10, 8),
            links=[("learning_intervention", talk.id)],
        )
        ts = _pdf(
            folder / "volunteering-timesheet.pdf",
            "Timesheet: volunteering day",
            ["4 July 2025, Langworthy Community Pantry", "4 staff × 7 hours"],
        )
        evidence.add_evidence(
            store,
            ts,
            caption="Volunteering day timesheet",
            evidence_type="timesheet",
            evidence_date=date(2025, 7, 4),
            links=[("volunteering", day1.id)],
        )
        shelf = _png(folder / "pantry-shelving.png", "Shelving built for the pantry", (40, 70, 120))
        shelf_ev = evidence.add_evidence(
            store,
            shelf,
            caption="Finished shelving",
            evidence_type="photo",
            evidence_date=date(2025, 7, 4),
            links=[("volunteering", day1.id)],
        )
        agreement = _pdf(
            folder / "apprenticeship-agreement.pdf",
            "Apprenticeship agreement",
            ["Carpentry and joinery, level 2", "Start 1 September 2025"],
        )
        evidence.add_evidence(
            store,
            agreement,
            caption="Apprenticeship agreement (IJ-013)",
            evidence_type="apprenticeship_agreement",
            evidence_date=date(2025, 8, 28),
            links=[("apprenticeship", app1.id), ("person", person_ids["IJ-013"])],
        )
        bills = _pdf(
            folder / "energy-statement-2025-26.pdf",
            "Energy statement 2025/26",
            ["Electricity and gas, April 2025 to March 2026", "Monthly meter readings"],
        )
        evidence.add_evidence(
            store,
            bills,
            caption="Supplier's annual energy statement",
            evidence_type="invoice",
            evidence_date=date(2026, 4, 14),
            links=[("emission_record", i) for i in energy_ids],
        )
        log = _pdf(
            folder / "van-mileage-2025-26.pdf",
            "Van mileage log 2025/26",
            ["Three vans, odometer readings at each month end"],
        )
        evidence.add_evidence(
            store,
            log,
            caption="Van mileage log",
            evidence_type="other",
            evidence_date=date(2026, 4, 7),
            links=[("emission_record", i) for i in van_ids],
        )
        payroll = _pdf(
            folder / "payroll-extract-2026-10.pdf",
            "Payroll extract, October 2026",
            ["Works numbers, postcodes, hours and hourly rates only"],
        )
        evidence.add_evidence(
            store,
            payroll,
            caption="Payroll extract (no names)",
            evidence_type="payroll_extract",
            evidence_date=date(2026, 10, 31),
            links=[("person", i) for i in person_ids.values()],
        )
    case_studies.save_case_study(
        store,
        case_studies.CaseStudyData(
            title="From the Youth Hub to the workshop",
            story="Referred by the Salford Youth Employment Hub after a year out of work and "
            "education, our first-year apprentice now fits doors and frames on the council's "
            "school repairs contract and is working towards a level 2 qualification.",
            quote="I didn't know joinery could be a career. Now I'm building things people use.",
            photo_evidence_id=shelf_ev.id,
            consent_given=True,
            consent_date=date(2026, 3, 2),
            contract_id=scc.id,
            date=date(2026, 3, 2),
        ),
    )


DEMO_EXTENSIONS.append(add_demo_people)
