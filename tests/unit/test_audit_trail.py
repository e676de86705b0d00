"""Audit trail: every change through any session is recorded, in the same transaction."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, delete, insert, select, update
from sqlalchemy.orm import DeclarativeBase, Session

from svdesk.models import AuditLog, Contract
from svdesk.models.audit import NOT_RECORDED, audit_user, session_user
from svdesk.services.audit import erase_history_values, recent_changes, record_history
from svdesk.services.contracts import ContractData, delete_contract, find_contract, save_contract
from svdesk.services.organisation import get_organisation, save_organisation

pytestmark = pytest.mark.both_stores

LIBRARY = ContractData(
    reference="SCC-LIB-2026-007",
    title="Library shelving, Swinton",
    buyer="Salford City Council",
    value_pence=48_250_00,
    status="bid_submitted",
    framework="council",
    site_postcode="M27 4AE",
    local_area_kind="authorities",
    local_area_codes="E08000006",
)


def _who(store) -> str:
    """Who the trail records: the PC's login on SQLite; on PostgreSQL the signed-in database
    user with the PC's login and name (#22.2)."""
    with store.read() as s:
        return session_user(s)


def test_contract_created_changed_and_deleted_has_a_full_history(store):
    saved = save_contract(store, LIBRARY)
    save_contract(store, replace(saved, value_pence=51_000_00, status="won"))
    delete_contract(store, saved.id)

    history = record_history(store, "contract", saved.id)
    assert [e.action for e in history] == ["insert", "update", "delete"]
    assert all(e.user == _who(store) and audit_user() in e.user for e in history)
    created, changed, deleted = history
    assert {c.field: c.new for c in created.changes}["reference"] == "SCC-LIB-2026-007"
    assert {c.field: (c.old, c.new) for c in changed.changes} == {
        "value_pence": (48_250_00, 51_000_00),
        "status": ("bid_submitted", "won"),
    }
    assert "value: £48,250.00 → £51,000.00" in changed.summary()
    assert {c.field: c.old for c in deleted.changes}["title"] == "Library shelving, Swinton"
    assert created.at <= changed.at <= deleted.at


def test_saving_without_changes_adds_no_history(store):
    saved = save_contract(store, LIBRARY)
    save_contract(store, saved)
    assert [e.action for e in record_history(store, "contract", saved.id)] == ["insert"]


def test_organisation_changes_are_recorded(demo_store):
    org = get_organisation(demo_store)
    save_organisation(demo_store, replace(org, headcount=16, real_living_wage_accredited=False))
    history = record_history(demo_store, "organisation", 1)
    assert [e.action_label for e in history] == ["Created", "Changed"]
    assert {c.field: (c.old, c.new) for c in history[1].changes} == {
        "headcount": (14, 16),
        "real_living_wage_accredited": (True, False),
    }


def test_a_rolled_back_change_leaves_no_audit_row(store):
    saved = save_contract(store, LIBRARY)
    with pytest.raises(RuntimeError), store.write() as s:
        s.get(Contract, saved.id).value_pence = 1
        s.flush()
        raise RuntimeError("import failed half way")
    assert [e.action for e in record_history(store, "contract", saved.id)] == ["insert"]
    assert find_contract(store, LIBRARY.reference).value_pence == 48_250_00


def test_bulk_statements_are_recorded_as_a_summary(store):
    with store.write() as s:
        s.execute(
            insert(Contract),
            [
                {"reference": f"BULK-{i}", "title": "Framework call-off", "buyer": "Salford City Council"}
                for i in range(25)
            ],
        )
    with store.write() as s:
        s.execute(update(Contract).where(Contract.reference.like("BULK-%")).values(status="won"))
        s.execute(delete(Contract).where(Contract.reference == "BULK-3"))
    latest = recent_changes(store, 3, table="contract")
    assert [(e.action, e.rows) for e in latest] == [("delete", 1), ("update", 25), ("insert", 25)]
    assert latest[1].summary() == "Changed 25 contract record(s)"


class _Other(DeclarativeBase):
    metadata = MetaData()


class PayrollLine(_Other):
    """Stands in for another area's model (people, spend) that tunes auditing."""

    __tablename__ = "test_payroll_line"
    __audit_private__ = {"postcode"}
    id = Column(Integer, primary_key=True)
    reference = Column(String(20))
    postcode = Column(String(8))


class SpendLine(_Other):
    __tablename__ = "test_spend_line"
    __audit__ = "summary"
    id = Column(Integer, primary_key=True)
    supplier = Column(String(60))


def test_models_from_other_areas_are_audited_too_with_private_fields_hidden(store):
    _Other.metadata.create_all(store.engine)
    with store.write() as s:
        s.add(PayrollLine(reference="IJ-014", postcode="M5 4WT"))
        s.add_all(SpendLine(supplier=f"Timber merchant {i}") for i in range(40))
    with store.write() as s:
        s.scalars(select(PayrollLine)).one().postcode = "M6 5FX"
    history = record_history(store, "test_payroll_line", 1)
    assert [e.action for e in history] == ["insert", "update"]
    assert {c.field: c.new for c in history[0].changes} == {
        "id": 1,
        "reference": "IJ-014",
        "postcode": NOT_RECORDED,
    }
    assert [(c.field, c.old, c.new) for c in history[1].changes] == [("postcode", NOT_RECORDED, NOT_RECORDED)]
    spend = recent_changes(store, table="test_spend_line")
    assert [(e.action, e.rows) for e in spend] == [("insert", 40)]
    with store.read() as s:
        assert "M5 4WT" not in "".join(s.scalars(select(AuditLog.changes)))


def test_erasing_a_person_blanks_their_values_in_the_history(store):
    saved = save_contract(store, LIBRARY)
    save_contract(store, replace(saved, site_postcode="M27 5AW"))
    with store.write() as s:
        assert erase_history_values(s, "contract", saved.id, {"site_postcode"}) == 2
    history = record_history(store, "contract", saved.id)
    values = [(c.old, c.new) for e in history for c in e.changes if c.field == "site_postcode"]
    assert values == [(None, "(erased)"), ("(erased)", "(erased)")]
    assert [e.action for e in history] == ["insert", "update"]  # erasing is not itself audited
    assert {c.field: c.new for c in history[0].changes}["title"] == "Library shelving, Swinton"


def test_audit_rows_are_written_outside_the_orm_session_too(store):
    # Sessions made directly on the engine (not through Store) are audited as well.
    with Session(store.engine) as s, s.begin():
        s.add(Contract(reference="DIRECT-1", title="Fire doors", buyer="Salford City Council"))
    assert recent_changes(store, 1)[0].table == "contract"


def test_a_table_that_is_not_mapped_is_not_audited(store):
    meta = MetaData()
    scratch = Table("scratch", meta, Column("id", Integer, primary_key=True))
    meta.create_all(store.engine)
    with store.engine.begin() as conn:
        conn.execute(scratch.insert().values(id=1))
    assert recent_changes(store) == []


def test_bulk_insert_with_returning_still_gives_its_rows(store):
    with store.write() as s:
        ids = s.scalars(
            insert(Contract).returning(Contract.id),
            [
                {"reference": f"RET-{i}", "title": "Call-off", "buyer": "Salford City Council"}
                for i in range(5)
            ],
        ).all()
    assert len(ids) == 5
    assert [(e.action, e.rows) for e in recent_changes(store, 1)] == [("insert", 5)]


def test_erasing_a_person_leaves_nothing_personal_in_the_audit_trail(demo_store):
    from datetime import date

    from svdesk.services import people, people_edits

    person = people_edits.save_person(
        demo_store,
        people.PersonData(
            reference="IJ-908",
            postcode="M6 5FX",
            start_date=date(2024, 9, 2),
            weekly_hours=39.0,
            hourly_rate_pence=1_377,
            notes="prefers early shifts",
            priority_group="veteran",
            recruitment_programme="Walking With The Wounded",
            consent_given=True,
            consent_date=date(2024, 8, 1),
        ),
    )
    created = record_history(demo_store, "person", person.id)[0]
    values = {c.field: c.new for c in created.changes}
    assert values["postcode"] == NOT_RECORDED and values["reference"] == NOT_RECORDED
    assert values["hourly_rate_pence"] == 1_377  # how a pay figure came about, until erased

    people_edits.erase_person(demo_store, person.id, today=date(2026, 11, 23))
    history = record_history(demo_store, "person", person.id)
    assert [e.action for e in history] == ["insert", "update"]
    assert history[-1].user == _who(demo_store) and audit_user() in history[-1].user
    with demo_store.read() as s:
        trail = "".join(s.scalars(select(AuditLog.changes)))
        own = "".join(
            s.scalars(
                select(AuditLog.changes).where(
                    AuditLog.table_name == "person", AuditLog.record_id == str(person.id)
                )
            )
        )
    for secret in ("IJ-908", "M6 5FX", "early shifts", "Walking With"):
        assert secret not in trail
    for value in ("1377", "veteran", "2024-09-02"):
        assert value not in own


def test_bulk_delete_with_a_subquery_keeps_its_rowcount(store):
    with store.write() as s:
        s.execute(
            insert(Contract),
            [
                {"reference": f"SUB-{i}", "title": "Call-off", "buyer": "Salford City Council"}
                for i in range(4)
            ],
        )
    with store.write() as s:
        doomed = select(Contract.id).where(Contract.reference.like("SUB-%"))
        assert s.execute(delete(Contract).where(Contract.id.in_(doomed))).rowcount == 4
    assert [(e.action, e.rows) for e in recent_changes(store, 1)] == [("delete", 4)]
