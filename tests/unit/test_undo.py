"""Undo and redo of this session's changes: an edit, a deletion with its children and evidence
links (restored with the same ids), redo, and what must stay final (erasing a person)."""

from __future__ import annotations

import functools
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from svdesk.models import AuditLog
from svdesk.models.evidence import EvidenceLink
from svdesk.models.people import Person, PersonContract
from svdesk.services import undo
from svdesk.services.contracts import delete_contract, find_contract, get_contract, save_contract
from svdesk.services.people_edits import delete_person, erase_person
from svdesk.services.validation import ValidationError

pytestmark = pytest.mark.both_stores


@pytest.fixture
def history(demo_store):
    h = undo.attach(demo_store)
    yield h
    h.close()


def _count(store, model, *where):
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def _linked_person(store) -> int:
    """A demo person who works on a contract and has evidence linked."""
    with store.read() as s:
        return s.scalar(
            select(PersonContract.person_id)
            .join(
                EvidenceLink,
                (EvidenceLink.record_type == "person") & (EvidenceLink.record_id == PersonContract.person_id),
            )
            .limit(1)
        )


def test_undo_and_redo_an_edit(demo_store, history):
    contract = find_contract(demo_store, "SCC-PR-2025-041")
    save_contract(demo_store, replace(contract, title="Renamed by mistake"))
    assert history.undo_label() == "change to contract"

    history.undo()
    assert get_contract(demo_store, contract.id).title == contract.title
    assert not history.can_undo() and history.redo_label() == "change to contract"

    history.redo()
    assert get_contract(demo_store, contract.id).title == "Renamed by mistake"
    assert history.can_undo() and not history.can_redo()


def test_a_deleted_person_comes_back_with_id_job_links_and_evidence(demo_store, history):
    person_id = _linked_person(demo_store)
    assert person_id is not None
    with demo_store.read() as s:
        before = s.get(Person, person_id)
        reference, postcode = before.reference, before.postcode
    links = _count(
        demo_store, EvidenceLink, EvidenceLink.record_type == "person", EvidenceLink.record_id == person_id
    )
    jobs = _count(demo_store, PersonContract, PersonContract.person_id == person_id)
    assert links and jobs

    delete_person(demo_store, person_id)
    assert _count(demo_store, Person, Person.id == person_id) == 0
    assert _count(demo_store, PersonContract, PersonContract.person_id == person_id) == 0
    assert history.undo_label() == "delete person"

    history.undo()
    with demo_store.read() as s:
        back = s.get(Person, person_id)
        assert (back.reference, back.postcode) == (reference, postcode)
    assert _count(demo_store, PersonContract, PersonContract.person_id == person_id) == jobs
    assert (
        _count(
            demo_store,
            EvidenceLink,
            EvidenceLink.record_type == "person",
            EvidenceLink.record_id == person_id,
        )
        == links
    )

    history.redo()
    assert _count(demo_store, Person, Person.id == person_id) == 0
    assert (
        _count(
            demo_store,
            EvidenceLink,
            EvidenceLink.record_type == "person",
            EvidenceLink.record_id == person_id,
        )
        == 0
    )


def test_a_deleted_contract_comes_back_with_the_people_on_it(demo_store, history):
    contract = find_contract(demo_store, "SCC-PR-2025-041")
    on_it = _count(demo_store, PersonContract, PersonContract.contract_id == contract.id)
    assert on_it
    delete_contract(demo_store, contract.id)
    assert _count(demo_store, PersonContract, PersonContract.contract_id == contract.id) == 0
    history.undo()
    assert get_contract(demo_store, contract.id).reference == "SCC-PR-2025-041"
    assert _count(demo_store, PersonContract, PersonContract.contract_id == contract.id) == on_it


def test_undo_is_itself_in_the_audit_trail(demo_store, history):
    contract = find_contract(demo_store, "SCC-PR-2025-041")
    save_contract(demo_store, replace(contract, buyer="Someone else"))
    history.undo()
    with demo_store.read() as s:
        last = s.scalars(
            select(AuditLog).where(AuditLog.table_name == "contract").order_by(AuditLog.id.desc()).limit(1)
        ).one()
    assert last.action == "update" and "Someone else" in last.changes


def test_undo_refuses_to_overwrite_a_later_change_made_elsewhere(demo_store, history):
    contract = find_contract(demo_store, "SCC-PR-2025-041")
    save_contract(demo_store, replace(contract, title="First"))
    with demo_store.write() as s:  # another window, not watched by this history
        s.info[undo._APPLYING] = True
        from svdesk.models import Contract

        s.get(Contract, contract.id).title = "Second"
    with pytest.raises(undo.UndoConflict):
        history.undo()
    assert get_contract(demo_store, contract.id).title == "Second"


def test_erasing_a_person_cannot_be_undone(demo_store, history):
    contract = find_contract(demo_store, "SCC-PR-2025-041")
    save_contract(demo_store, replace(contract, title="Before the erasure"))
    erase_person(demo_store, _linked_person(demo_store))
    assert not history.can_undo()
    with pytest.raises(ValidationError):
        history.undo()


def _database(store) -> dict:
    """Every row of every table undo looks after, as plain values (timestamps aside)."""
    from svdesk.models.base import Base

    out = {}
    with store.read() as s:
        for table in Base.metadata.sorted_tables:
            if undo._undoable_table(table.name):
                out[table.name] = sorted(
                    repr(sorted(undo._comparable(dict(r)).items()))
                    for r in s.execute(select(table)).mappings()
                )
    return out


def _first_id(store, model):
    with store.read() as s:
        return s.scalar(select(model.id).order_by(model.id).limit(1))


@pytest.mark.parametrize("kind", ["commitment", "supplier", "activity record", "case study", "assessment"])
def test_a_deletion_is_undone_leaving_the_database_as_it_was(demo_store, history, kind):
    from svdesk.models import Assessment, CaseStudy, Commitment
    from svdesk.services import activities, assessment, case_studies, commitments, suppliers

    if kind == "activity record":
        key = next(k for k in activities.KINDS if activities.list_records(demo_store, k))
        target = activities.list_records(demo_store, key)[0].id
        remove = functools.partial(activities.delete_record, demo_store, key, target)
    elif kind == "supplier":  # one with no spend lines (those are merged, not deleted)
        target = suppliers.save_supplier(
            demo_store,
            suppliers.SupplierData(
                name="Wirral Pallet Recycling Ltd", postcode="CH41 1AA", size_band="micro"
            ),
        ).id
        remove = functools.partial(suppliers.delete_supplier, demo_store, target)
    else:
        model, delete = {
            "commitment": (Commitment, commitments.delete_commitment),
            "case study": (CaseStudy, case_studies.delete_case_study),
            "assessment": (Assessment, assessment.discard_assessment),
        }[kind]
        target = _first_id(demo_store, model)
        assert target is not None, f"the demo has no {kind}"
        remove = functools.partial(delete, demo_store, target)
    as_it_was = _database(demo_store)
    remove()
    after = _database(demo_store)
    assert after != as_it_was
    history.undo()
    assert _database(demo_store) == as_it_was
    history.redo()
    assert _database(demo_store) == after
