"""The stored local answer per person and contract never goes stale: after every kind of
change the stored answers equal the local area's own test of the current postcode, and the
figures equal the figures worked out from scratch (every stored answer thrown away first)."""

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import text

from svdesk.geo.local_area import LocalArea, Locality
from svdesk.services import localities, people, people_edits
from svdesk.services.contracts import find_contract, save_contract
from svdesk.services.measures_overview import measures_overview
from svdesk.services.people import Assignment, PersonData
from tests.unit.people_helpers import firm_store  # noqa: F401

pytestmark = pytest.mark.both_stores

TODAY = date(2026, 11, 23)
FY = (date(2025, 4, 1), date(2026, 3, 31))
PEOPLE = {
    "IJ-201": "M5 4WT",  # Salford
    "IJ-202": "M2 5DB",  # Manchester city centre
    "IJ-203": "M6 5PW",  # Salford
    "IJ-204": "SW1A 1AA",
}  # Westminster


def _scc(store):
    return find_contract(store, "SCC-PR-2025-041")


def _mcc(store):
    return find_contract(store, "MCC-T-2026-118")


def _add(store, ref, postcode, contracts):
    return people_edits.save_person(
        store,
        PersonData(
            reference=ref,
            postcode=postcode,
            start_date=date(2024, 9, 2),
            weekly_hours=39.0,
            hourly_rate_pence=1350,
            assignments=[Assignment(c.id, 1.0 / len(contracts)) for c in contracts],
        ),
    )


@pytest.fixture
def staffed(firm_store):
    for ref, postcode in PEOPLE.items():
        _add(firm_store, ref, postcode, [_scc(firm_store)])
    return firm_store


def _stored(store) -> dict[tuple[str, str], str]:
    with store.engine.connect() as conn:
        return {
            (p, c): s
            for p, c, s in conn.execute(
                text(
                    "SELECT p.reference, c.reference, pl.status FROM person_locality pl "
                    "JOIN person_contract pc ON pc.id = pl.person_contract_id "
                    "JOIN person p ON p.id = pc.person_id JOIN contract c ON c.id = pc.contract_id"
                )
            )
        }


def _truth(store) -> dict[tuple[str, str], str]:
    """What each contract's local area says about each person's postcode right now."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT p.reference, p.postcode, c.reference, c.local_area_kind, "
                "c.local_area_codes, c.local_radius_miles, c.site_postcode FROM person_contract pc "
                "JOIN person p ON p.id = pc.person_id JOIN contract c ON c.id = pc.contract_id "
                "WHERE p.erased_on IS NULL"
            )
        ).all()
    return {
        (r[0], r[2]): LocalArea(r[3], tuple(x for x in r[4].split(",") if x), r[5], r[6])
        .test(r[1])
        .status.value
        for r in rows
    }


def _figures(store, contract_id, start=FY[0], end=FY[1], today=TODAY):
    o = measures_overview(store, contract_id, start, end, today)
    return [
        (
            f.key,
            round(f.quantity, 9),
            f.records,
            [(c.ref, round(c.quantity, 9), c.claimed, c.reason) for c in f.contributions],
        )
        for f in o.figures
    ]


def _from_scratch(store, contract_id, **kw):
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM person_locality"))
    return _figures(store, contract_id, **kw)


def _local_fte(figures) -> float:
    return next(q for key, q, _n, _c in figures if key == "local_jobs_fte_years")


def _check(store, contract_id, **kw) -> list:
    """Counting fills in every missing answer of the contract(s) counted, and the stored
    answers equal the truth; the figures equal the figures from scratch, after which the
    answers are stored again."""
    with store.engine.connect() as conn:
        counted = set(
            conn.execute(
                text("SELECT reference FROM contract WHERE CAST(:id AS INTEGER) IS NULL OR id = :id"),
                {"id": contract_id},
            ).scalars()
        )
    truth = {k: v for k, v in _truth(store).items() if k[1] in counted}
    figures = _figures(store, contract_id, **kw)
    assert truth.items() <= _stored(store).items() <= _truth(store).items()
    assert figures == _from_scratch(store, contract_id, **kw)
    assert truth.items() <= _stored(store).items() <= _truth(store).items()
    return figures


def test_saving_people_stores_their_answers_in_the_same_save(staffed):
    assert _stored(staffed) == _truth(staffed)
    assert _stored(staffed)[("IJ-201", "SCC-PR-2025-041")] == "local"
    assert _stored(staffed)[("IJ-204", "SCC-PR-2025-041")] == "not_local"
    figures = _check(staffed, _scc(staffed).id)
    assert _local_fte(figures) == pytest.approx(2.0)  # the two Salford people, full year


def test_a_changed_postcode_changes_the_answer_and_the_figure(staffed):
    before = _local_fte(_check(staffed, _scc(staffed).id))
    person = next(
        p
        for p in (people.get_person(staffed, v.person.id) for v in people.list_people(staffed))
        if p.reference == "IJ-202"
    )
    people_edits.save_person(staffed, replace(person, postcode="M5 3LN"))  # moved to Salford
    assert _stored(staffed)[("IJ-202", "SCC-PR-2025-041")] == "local"
    assert _local_fte(_check(staffed, _scc(staffed).id)) == pytest.approx(before + 1.0)


def test_a_postcode_changed_outside_the_services_is_never_answered_from_the_old_one(staffed):
    with staffed.engine.begin() as conn:
        conn.execute(text("UPDATE person SET postcode = 'SW1A 2AA' WHERE reference = 'IJ-201'"))
    assert ("IJ-201", "SCC-PR-2025-041") not in _stored(staffed)  # dropped by the trigger
    assert _local_fte(_check(staffed, _scc(staffed).id)) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "change, newly_local",
    [
        (dict(local_area_codes="E08000006,E08000003"), {"IJ-202"}),  # add Manchester
        (dict(local_area_kind="districts", local_area_codes="M2, SW1A"), {"IJ-202", "IJ-204"}),
        (
            dict(local_area_kind="radius", local_radius_miles=250.0, site_postcode="M5 4DE"),
            {"IJ-202", "IJ-204"},
        ),  # Salford to London
    ],
)
def test_a_changed_local_area_changes_every_answer_for_the_contract(staffed, change, newly_local):
    scc = _scc(staffed)
    before = _stored(staffed)
    save_contract(staffed, replace(scc, **change))
    assert not any(c == scc.reference for _p, c in _stored(staffed))  # all dropped
    _check(staffed, scc.id)
    after = _stored(staffed)
    assert {p for (p, c), s in after.items() if s == "local" and before[(p, c)] != "local"} == newly_local


def test_a_moved_site_changes_the_answers_of_a_radius(staffed):
    scc = _scc(staffed)
    save_contract(
        staffed, replace(scc, local_area_kind="radius", local_radius_miles=3.0, site_postcode="M5 4DE")
    )
    _check(staffed, scc.id)
    near_salford = _stored(staffed)
    save_contract(staffed, replace(_scc(staffed), site_postcode="SW1A 1AA"))
    _check(staffed, scc.id)
    assert near_salford[("IJ-201", scc.reference)] == "local"
    assert _stored(staffed)[("IJ-201", scc.reference)] == "not_local"
    assert _stored(staffed)[("IJ-204", scc.reference)] == "local"


def test_changed_assignments_are_answered_for_their_new_contract(staffed):
    scc, mcc = _scc(staffed), _mcc(staffed)
    view = next(v for v in people.list_people(staffed) if v.person.reference == "IJ-202")
    person = people.get_person(staffed, view.person.id)
    people_edits.save_person(staffed, replace(person, assignments=[Assignment(mcc.id, 1.0)]))
    # M2 5DB is within 10 miles of the Hulme site: local to Manchester's contract
    assert _stored(staffed)[("IJ-202", mcc.reference)] == "local"
    assert ("IJ-202", scc.reference) not in _stored(staffed)
    _check(staffed, scc.id)
    _check(staffed, mcc.id, start=date(2027, 1, 4), end=date(2027, 12, 17), today=date(2027, 12, 31))
    _check(staffed, None, start=None, end=None)


def test_erased_people_keep_counting_by_the_answer_taken_at_erasure(staffed):
    scc = _scc(staffed)
    before = _local_fte(_check(staffed, scc.id))
    view = next(v for v in people.list_people(staffed) if v.person.reference == "IJ-201")
    people_edits.erase_person(staffed, view.person.id, today=date(2026, 11, 1))
    assert not any(p.startswith("erased") for p, _c in _stored(staffed))
    assert _local_fte(_check(staffed, scc.id)) == pytest.approx(before)


def test_payroll_import_stores_answers_for_new_and_updated_people(firm_store, tmp_path):
    from svdesk.services.people_import import import_people, preview_people

    header = "Works Number,Postcode,Start Date,Hourly Pay Rate,Contracted Hours Worked"
    path = tmp_path / "payroll.csv"
    path.write_text(
        f"{header}\nIJ001,M6 5PW,02/09/2024,13.50,39\nIJ002,M1 3HW,15/01/2023,14.10,39\n", encoding="utf-8"
    )
    scc = _scc(firm_store)
    import_people(firm_store, preview_people(firm_store, path), scc.id)
    assert _stored(firm_store) == {("IJ001", scc.reference): "local", ("IJ002", scc.reference): "not_local"}
    assert _local_fte(_check(firm_store, scc.id)) == pytest.approx(1.0)
    path.write_text(f"{header}\nIJ002,M5 4WT,15/01/2023,14.10,39\n", encoding="utf-8")
    import_people(firm_store, preview_people(firm_store, path))  # moved to Salford
    assert _stored(firm_store)[("IJ002", scc.reference)] == "local"
    assert _local_fte(_check(firm_store, scc.id)) == pytest.approx(2.0)


def test_answers_from_another_postcode_directory_are_worked_out_again(staffed, monkeypatch):
    scc = _scc(staffed)
    with staffed.engine.begin() as conn:  # as if worked out wrongly by an older directory
        conn.execute(text("UPDATE person_locality SET status = 'unknown'"))
    monkeypatch.setattr(localities, "answers_edition", lambda: "2:newer-directory")
    monkeypatch.setattr("svdesk.services.people_measures.answers_edition", lambda: "2:newer-directory")
    assert _local_fte(_figures(staffed, scc.id)) == pytest.approx(2.0)
    with staffed.engine.connect() as conn:
        assert set(conn.execute(text("SELECT edition FROM person_locality")).scalars()) == {
            "2:newer-directory"
        }


def test_a_database_that_cannot_be_written_still_gets_right_figures(staffed, monkeypatch):
    from sqlalchemy.exc import OperationalError

    scc = _scc(staffed)
    expected = _figures(staffed, scc.id)
    with staffed.engine.begin() as conn:
        conn.execute(text("DELETE FROM person_locality"))

    def read_only(*_args, **_kw):
        raise OperationalError("INSERT", {}, Exception("attempt to write a readonly database"))

    monkeypatch.setattr(localities, "keep", read_only)
    assert _figures(staffed, scc.id) == expected
    assert _stored(staffed) == {}


def test_an_answer_worked_out_before_a_change_is_not_kept_after_it(staffed):
    scc = _scc(staffed)
    with staffed.engine.begin() as conn:
        conn.execute(text("DELETE FROM person_locality"))
    with staffed.read() as s:
        missing = localities.missing(s, contract_id=scc.id)
    found = localities.work_out(missing)
    # the person moves (saved by the window) before the reader keeps what it worked out
    with staffed.engine.begin() as conn:
        conn.execute(text("UPDATE person SET postcode = 'SW1A 2AA' WHERE reference = 'IJ-201'"))
    with staffed.write() as s:
        localities.keep(s, missing, found)
    assert ("IJ-201", scc.reference) not in _stored(staffed)
    assert _stored(staffed)[("IJ-203", scc.reference)] == Locality.LOCAL.value


SQLITE_TRIGGERS = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
PG_TRIGGERS = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"


def test_the_triggers_that_drop_answers_exist_at_head(store):
    with store.engine.connect() as conn:
        names = set(conn.execute(text(PG_TRIGGERS if store.is_postgres else SQLITE_TRIGGERS)).scalars())
    # a later migration that rebuilds person, person_contract or contract (batch mode) drops
    # their triggers: it must create them again, or stored answers would go stale
    assert {
        "person_locality_postcode",
        "person_locality_person_gone",
        "person_locality_area",
        "person_locality_link",
        "person_locality_unlink",
    } <= names


def test_the_upgrade_fills_answers_for_people_already_recorded(tmp_path):
    from alembic import command

    from svdesk.db import open_database
    from svdesk.db.engine import make_engine
    from svdesk.db.migrate import alembic_config

    path = tmp_path / "old.svdesk"
    engine = make_engine(path)
    command.upgrade(alembic_config(engine), "0070")
    now = "2025-01-01 00:00:00"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO contract (id, reference, title, buyer, status, framework, "
                "framework_note, site_postcode, local_area_kind, local_area_codes, notes, "
                "created_at, updated_at) VALUES (1, 'OLD-1', 'Kept', 'Salford City Council', "
                "'won', 'council', '', 'M5 4WT', 'authorities', 'E08000006', '', :t, :t)"
            ),
            {"t": now},
        )
        for pid, postcode, erased in ((1, "M5 4WT", None), (2, "M2 5DB", None), (3, "", "2026-01-01")):
            conn.execute(
                text(
                    "INSERT INTO person (id, reference, postcode, workplace_postcode, "
                    "contract_type, job_status, priority_group, priority_group_other, "
                    "recruitment_programme, consent_given, notes, erased_on, created_at, "
                    "updated_at) VALUES (:id, :ref, :pc, '', 'permanent', 'new', '', '', '', 0, "
                    "'', :erased, :t, :t)"
                ),
                {"id": pid, "ref": f"OLD-{pid}", "pc": postcode, "erased": erased, "t": now},
            )
            conn.execute(
                text(
                    "INSERT INTO person_contract (id, person_id, contract_id, time_share, "
                    "created_at, updated_at) VALUES (:id, :id, 1, 1.0, :t, :t)"
                ),
                {"id": pid, "t": now},
            )
    engine.dispose()
    upgraded = open_database(path)
    with upgraded.connect() as conn:
        rows = dict(conn.execute(text("SELECT person_contract_id, status FROM person_locality")).all())
    upgraded.dispose()
    assert rows == {1: "local", 2: "not_local"}  # the erased person is never looked up
