"""PostgreSQL as a second store (#22): opening and migrating, the triggers that keep spend_month
and person_locality, the raw row reader, Store.version, and messages when the server is away.

Needs SVDESK_TEST_PG (tools/pg_cluster.sh); skipped on a developer's PC without it, failed in CI."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select, text

from svdesk.db import DatabaseError, DatabaseTooNew
from svdesk.db.engine import driver_rows, plain_rows
from svdesk.db.location import Location
from svdesk.db.migrate import head_revision
from svdesk.services.store import Store

pytestmark = pytest.mark.both_stores


@pytest.fixture
def pg_empty_url(pg_server):
    """A new, empty PostgreSQL database (nothing migrated yet)."""
    url = pg_server.create()
    yield url
    pg_server.drop(url)


def test_an_empty_postgres_database_is_migrated_to_head(pg_empty_url):
    s = Store.open(pg_empty_url)
    try:
        assert s.is_postgres
        with s.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
            triggers = set(
                conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars()
            )
        assert {"spend_month_insert", "spend_month_update", "spend_month_delete"} <= triggers
        assert {"person_locality_postcode", "person_locality_unlink", "person_locality_area"} <= triggers
        assert s.label.startswith("t") and " on " in s.label
        assert s.local_dir.is_dir()
    finally:
        s.close()


def test_reopening_a_migrated_database_runs_no_migration(pg_empty_url, monkeypatch):
    Store.open(pg_empty_url).close()
    import alembic.command

    def no_upgrade(*_a, **_k):
        raise AssertionError("a database at the newest schema was migrated again")

    monkeypatch.setattr(alembic.command, "upgrade", no_upgrade)
    Store.open(pg_empty_url).close()


def test_a_database_from_a_newer_svdesk_is_refused_and_untouched(pg_empty_url):
    s = Store.open(pg_empty_url)
    with s.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    s.close()
    with pytest.raises(DatabaseTooNew, match="newer version of svdesk"):
        Store.open(pg_empty_url)
    with pytest.raises(DatabaseTooNew, match="newer version of svdesk"):
        Store.open_read_only(pg_empty_url)
    s = Store(Location.parse(pg_empty_url).stand_in_path(), _raw_engine(pg_empty_url))
    with s.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999_future"
    s.close()


def _raw_engine(url: str):
    from svdesk.db.postgres import make_pg_engine

    return make_pg_engine(Location.parse(url))


def test_an_unreachable_server_is_explained_in_plain_english(tmp_path):
    with pytest.raises(DatabaseError) as refused:
        Store.open("postgresql://anna@127.0.0.1:1/svdesk")
    message = str(refused.value)
    assert "could not reach the PostgreSQL server at 127.0.0.1:1 (connection refused)" in message
    assert "office network" in message and "Nothing has been changed" in message
    with pytest.raises(DatabaseError, match="could not reach the PostgreSQL server"):
        Store.open(f"postgresql://anna@/svdesk?host={tmp_path}")  # no server on that socket


def test_the_cli_says_so_when_the_server_cannot_be_reached(capsys):
    from svdesk.cli import main

    assert main(["report", "--db", "postgresql://anna@127.0.0.1:1/svdesk", "--json"]) == 1
    err = capsys.readouterr().err
    assert "could not reach the PostgreSQL server at 127.0.0.1:1" in err
    assert "Traceback" not in err


def test_a_missing_database_on_the_server_says_so(pg_server):
    from tests.conftest import pg_url

    with pytest.raises(DatabaseError, match='There is no database "no_such_db"'):
        Store.open(pg_url(pg_server.url, "no_such_db"))


def _add_spend(store: Store) -> dict[str, int]:
    from svdesk.models import Contract, ImportBatch, SpendLine, Supplier

    with store.write() as s:
        contract = Contract(reference="PG-1", title="Shared database", buyer="Salford City Council")
        supplier = Supplier(name="Travis Perkins", name_key="travis perkins")
        other = Supplier(name="Seedley Joinery", name_key="seedley joinery", social_enterprise=True)
        s.add_all([contract, supplier, other])
        s.flush()
        batch = ImportBatch(kind="spend", file_name="x.csv", file_sha256="0" * 64, format="generic")
        s.add(batch)
        s.flush()
        rows = [
            (supplier, contract.id, date(2025, 4, 3), date(2025, 4, 1), date(2025, 4, 20), 1000, 1200),
            (supplier, contract.id, date(2025, 4, 9), date(2025, 4, 9), date(2025, 6, 1), None, 600),
            (supplier, None, date(2025, 5, 2), None, None, 250, None),
            (other, contract.id, date(2025, 4, 30), date(2025, 4, 30), date(2025, 5, 10), 700, 840),
        ]
        for i, (sup, cid, day, inv, paid, net, gross) in enumerate(rows):
            s.add(
                SpendLine(
                    supplier_id=sup.id,
                    contract_id=cid,
                    spend_date=day,
                    invoice_date=inv,
                    paid_date=paid,
                    net_pence=net,
                    gross_pence=gross,
                    batch_id=batch.id,
                    fingerprint=f"fp{i}",
                )
            )
        return {"supplier": supplier.id, "other": other.id, "contract": contract.id}


def _spend_month(store: Store) -> list[tuple]:
    with store.read() as s:
        return [
            tuple(r)
            for r in s.execute(
                text(
                    "SELECT supplier_id, contract_id, month, lines, net_pence, gross_pence, n_dates, "
                    "n_within, day_sum FROM spend_month ORDER BY supplier_id, contract_id, month"
                )
            )
        ]


def test_spend_month_is_kept_by_the_triggers_on_either_store(store):
    ids = _add_spend(store)
    s_id, o_id, c_id = ids["supplier"], ids["other"], ids["contract"]
    assert _spend_month(store) == [
        (s_id, 0, "2025-05", 1, 250, 250, 0, 0, 0.0),
        (s_id, c_id, "2025-04", 2, 1600, 1800, 2, 1, 72.0),
        (o_id, c_id, "2025-04", 1, 700, 840, 1, 1, 10.0),
    ]
    with store.write() as s:  # an update moves a line to another month and supplier
        s.execute(
            text("UPDATE spend_line SET supplier_id = :o, spend_date = :d WHERE fingerprint = 'fp1'"),
            {"o": o_id, "d": date(2025, 5, 9)},
        )
        s.execute(text("DELETE FROM spend_line WHERE fingerprint = 'fp2'"))  # the month goes
    assert _spend_month(store) == [
        (s_id, c_id, "2025-04", 1, 1000, 1200, 1, 1, 19.0),
        (o_id, c_id, "2025-04", 1, 700, 840, 1, 1, 10.0),
        (o_id, c_id, "2025-05", 1, 600, 600, 1, 0, 53.0),
    ]


def test_person_locality_is_dropped_by_the_triggers_on_either_store(store):
    from svdesk.models import Contract, Person, PersonContract

    with store.write() as s:
        contract = Contract(reference="PG-2", title="Homes", buyer="Salford City Council")
        person = Person(reference="P-1", postcode="M5 4WT")
        s.add_all([contract, person])
        s.flush()
        link = PersonContract(person_id=person.id, contract_id=contract.id)
        s.add(link)
        s.flush()
        s.execute(text("INSERT INTO person_locality VALUES (:id, 'local', 'e1')"), {"id": link.id})
        person_id, link_id = person.id, link.id

    def stored() -> list:
        with store.read() as s:
            return list(s.execute(text("SELECT person_contract_id FROM person_locality")).scalars())

    with store.write() as s:  # the same postcode again: kept
        s.execute(text("UPDATE person SET postcode = 'M5 4WT' WHERE id = :id"), {"id": person_id})
    assert stored() == [link_id]
    with store.write() as s:
        s.execute(text("UPDATE person SET postcode = 'M6 5FX' WHERE id = :id"), {"id": person_id})
    assert stored() == []


def test_booleans_dates_and_floats_round_trip(store):
    from svdesk.models import Person

    with store.write() as s:
        s.add(Person(reference="P-9", consent_given=True, start_date=date(2024, 2, 29), weekly_hours=37.5))
    with store.read() as s:
        p = s.scalars(select(Person).where(Person.reference == "P-9")).one()
        assert (p.consent_given, p.start_date, p.weekly_hours) == (True, date(2024, 2, 29), 37.5)
        conn = s.connection()
        rows = plain_rows(conn, select(Person.reference, Person.start_date).where(Person.reference == "P-9"))
        assert rows == [("P-9", "2024-02-29")]
        assert type(rows[0]) is tuple
        raw = driver_rows(conn, "SELECT start_date, weekly_hours FROM person WHERE reference = ?", ["P-9"])
        assert raw == [("2024-02-29", 37.5)]
        named = driver_rows(
            conn, "SELECT count(*) FROM person WHERE reference = :r AND notes LIKE '%'", {"r": "P-9"}
        )
        assert named == [(1,)]


def test_the_store_version_counts_only_commits_that_change_rows(store):
    from svdesk.models import Person

    before = store.version
    with store.read() as s:
        s.execute(select(Person)).all()
    with store.write() as s:
        s.execute(text("UPDATE person SET notes = 'x' WHERE id = -1"))
    assert store.version == before
    with store.write() as s:
        s.add(Person(reference="P-3"))
    assert store.version == before + 1
    assert store.table_versions.get("person", 0) >= 1


def test_table_changes_knows_the_triggers_on_either_store(store):
    from svdesk.services.table_changes import _triggers

    found = _triggers(store.engine)
    assert found["spend_line"] == {"spend_month"}
    assert found["person"] == {"person_locality"}
    assert found["contract"] == {"person_locality"}
    assert found["person_contract"] == {"person_locality"}


def test_a_url_is_understood_and_written_down_without_its_password():
    for scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        loc = Location.parse(f"{scheme}://anna:s3cret@office-server:5433/firm?sslmode=require")
        assert (loc.user, loc.password, loc.host, loc.port, loc.dbname) == (
            "anna",
            "s3cret",
            "office-server",
            5433,
            "firm",
        )
        assert "s3cret" not in loc.safe_text
        assert loc.safe_text == "postgresql://anna@office-server:5433/firm?sslmode=require"
        assert loc.label == "firm on office-server"
        assert loc.keyring_name == "anna@office-server/firm"
    assert not Location.parse("C:/firm/postgresql.svdesk").is_postgres


def test_the_connection_prefers_tls_and_names_svdesk():
    from svdesk.db.postgres import connect_args

    args = connect_args(Location.parse("postgresql://anna@office-server/firm"))
    assert args["sslmode"] == "prefer" and args["application_name"] == "svdesk"
    assert args["connect_timeout"] == 5
    assert "sslmode" not in connect_args(Location.parse("postgresql://a@h/f?sslmode=require"))


def test_report_json_on_postgres_equals_sqlite(pg_demo_store, demo_template, capsys):
    from svdesk.cli import main

    assert main(["report", "--db", str(demo_template), "--json"]) == 0
    on_file = json.loads(capsys.readouterr().out)
    assert main(["report", "--db", pg_demo_store.where, "--json"]) == 0
    on_server = json.loads(capsys.readouterr().out)
    on_file.pop("database", None)
    on_server.pop("database", None)
    assert on_server == on_file
