"""A change empties the Dashboard's kept work only of what read the tables it wrote to
(svdesk.services.table_changes, measure_cache): after a change to a record of every kind, each
view counted from what was kept equals a count from scratch, figure by figure; and what the
change did not touch (5,000 people's job spells when a volunteering record changes) is kept."""

from datetime import date

import pytest
from sqlalchemy import text

from svdesk.services import activities, evidence, people_edits
from svdesk.services import dashboard as dash
from svdesk.services.activity_kinds import default_values
from svdesk.services.contracts import find_contract, list_contracts
from svdesk.services.measure_cache import shared_cache
from svdesk.services.people import Assignment, PersonData
from svdesk.services.table_changes import EVERYTHING, tables_written
from tests.unit.test_measure_cache import TODAY, fresh, plain

pytestmark = pytest.mark.both_stores


def test_the_tables_a_statement_writes_to():
    assert tables_written("SELECT * FROM person") == set()
    assert tables_written("INSERT INTO volunteering (hours) VALUES (?)") == {"volunteering"}
    assert tables_written('INSERT OR REPLACE INTO "supplier_fill" VALUES (1)') == {"supplier_fill"}
    # deleting a person deletes their contract links too (ON DELETE CASCADE)
    assert {"person", "person_contract"} <= tables_written("DELETE FROM person WHERE id = 1")
    assert tables_written("UPDATE spend_line SET net_pence = 1") >= {"spend_line"}
    assert tables_written("CREATE TABLE x (a)") == {EVERYTHING}
    assert tables_written("SAVEPOINT sa_1") == set()


def test_a_commit_counts_for_the_tables_it_wrote_to_only(demo_store):
    before = dict(demo_store.table_versions)
    activities.save_record(
        demo_store,
        "volunteering",
        default_values("volunteering")
        | dict(date=date(2025, 9, 1), organisation_helped="Foodbank", hours=3, volunteers=2),
    )
    after = demo_store.table_versions
    assert after.get("volunteering", 0) == before.get("volunteering", 0) + 1
    assert after.get("person") == before.get("person")
    assert after.get("spend_line") == before.get("spend_line")


def _views(store):
    periods = dash.dashboard_periods(store, None, TODAY)
    scc = find_contract(store, "SCC-PR-2025-041")
    return [(None, periods[0]), (None, periods[-1]), (scc.id, dash.dashboard_periods(store, scc, TODAY)[0])]


def _kept(store, family):
    return {k: v for k, v in shared_cache(store).items() if isinstance(k, tuple) and k[0] == family}


def test_after_a_change_of_every_kind_kept_counts_equal_fresh_ones(demo_store):
    store = demo_store
    scc = find_contract(store, "SCC-PR-2025-041")
    views = _views(store)

    def volunteering():
        activities.save_record(
            store,
            "volunteering",
            default_values("volunteering")
            | dict(
                date=date(2025, 9, 1),
                contract_id=scc.id,
                additional=True,
                organisation_helped="Foodbank",
                hours=30,
                volunteers=2,
            ),
        )

    def delete_volunteering():
        rid = activities.list_records(store, "volunteering")[0].id
        activities.delete_record(store, "volunteering", rid)

    def emissions():
        from tests.unit.test_measure_cache import _a_factor

        activities.save_record(
            store,
            "emission_record",
            default_values("emission_record")
            | dict(date=date(2025, 10, 1), contract_id=scc.id, factor_key=_a_factor(), quantity=5000),
        )

    def person():
        people_edits.save_person(
            store,
            PersonData(
                reference="IJ-301",
                postcode="M6 5PW",
                start_date=date(2025, 6, 2),
                weekly_hours=39,
                assignments=[Assignment(scc.id)],
            ),
        )

    def delete_person():
        pid = store.engine.connect().execute(text("SELECT min(id) FROM person")).scalar_one()
        people_edits.delete_person(store, pid)

    def sql(statement):
        def run():
            with store.write() as s:
                s.execute(text(statement))

        return run

    def link():
        with store.read() as s:
            eid = s.execute(text("SELECT min(id) FROM evidence")).scalar_one()
            rid = s.execute(text("SELECT max(id) FROM volunteering")).scalar_one()
        evidence.link_evidence(store, eid, "volunteering", rid)

    changes = {
        "volunteering": volunteering,
        "a volunteering record deleted": delete_volunteering,
        "energy": emissions,
        "a person": person,
        "a person deleted": delete_person,
        "a spend line": sql(
            "INSERT INTO spend_line (supplier_id, spend_date, net_pence, gross_pence, description, "
            "reference, contract_id, batch_id, source_row, fingerprint) SELECT supplier_id, "
            f"'2025-11-05', 1234567, 1481480, '', '', {scc.id}, batch_id, 1, 'tables-test' "
            "FROM spend_line LIMIT 1"
        ),
        "a supplier's postcode": sql(
            "UPDATE supplier SET postcode = 'ZZ9 9ZZ' WHERE id = (SELECT min(supplier_id) FROM spend_line)"
        ),
        "evidence linked": link,
        "a person's hours": sql(
            "UPDATE person SET weekly_hours = 20 WHERE id = (SELECT max(id) FROM person)"
        ),
        "the contract's dates": sql(f"UPDATE contract SET start_date = '2025-05-01' WHERE id = {scc.id}"),
    }
    for name, change in changes.items():
        for cid, period in views:  # fill the kept work
            dash.dashboard(store, cid, period, TODAY)
        spells, spend = _kept(store, "job_spells"), _kept(store, "spend_summary")
        change()
        if name in ("volunteering", "energy", "evidence linked"):  # people and spend untouched: kept
            assert _kept(store, "job_spells") == spells and spells, name
            assert _kept(store, "spend_summary") == spend and spend, name
        if name in ("volunteering", "energy"):  # other kinds' counts of records without evidence
            assert shared_cache(store).get(("without_evidence", "person")) is not None, name
            assert (
                "without_evidence",
                name if name == "volunteering" else "emission_record",
            ) not in shared_cache(store)
        if name in ("a spend line", "a supplier's postcode"):
            assert _kept(store, "job_spells") == spells and not _kept(store, "spend_summary"), name
        if name in ("a person", "a person deleted", "a person's hours"):
            assert not _kept(store, "job_spells") and _kept(store, "spend_summary") == spend, name
        if name == "the contract's dates":
            assert not shared_cache(store), name
        kept = [plain(dash.dashboard(store, cid, period, TODAY)) for cid, period in views]
        assert kept == [fresh(store, cid, period) for cid, period in views], name
    assert len(list_contracts(store)) > 1
