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


def _records_without_spend(store: Store) -> None:
    """The demo firm's organisation, contracts, assessments, commitments and records: the parts
    of create_demo that do not import spend or people files."""
    from svdesk.services import demo
    from svdesk.services.demo_assessment import add_demo_assessments
    from svdesk.services.demo_measures import add_demo_commitments, add_demo_entries

    demo.save_organisation(store, demo.DEMO_ORGANISATION)
    for contract in demo.DEMO_CONTRACTS:
        demo.save_contract(store, contract)
    add_demo_assessments(store)
    add_demo_commitments(store)
    add_demo_entries(store)


def _report(where: str, capsys, *extra: str) -> dict:
    from svdesk.cli import main

    assert main(["report", "--db", where, "--json", *extra]) == 0, capsys.readouterr().err
    out = json.loads(capsys.readouterr().out)
    out.pop("database")
    return out


def test_report_json_on_records_is_the_same_on_both_stores(pg_store, store, capsys):
    _records_without_spend(pg_store)
    _records_without_spend(store)
    on_file = _report(store.where, capsys)
    on_server = _report(pg_store.where, capsys)
    assert on_file["measures"] and on_server == on_file


def test_report_json_on_postgres_equals_sqlite(pg_demo_store, demo_template, capsys):

    for extra in ([], ["--contract", "SCC-PR-2025-041"]):
        assert _report(pg_demo_store.where, capsys, *extra) == _report(str(demo_template), capsys, *extra)


def test_check_says_a_server_database_is_checked_on_the_server(capsys):
    """check reads a file's pages; on a server database it says who checks it and how to check a
    copy here. (backup and restore work on both stores: tests/unit/test_archive_portable.py.)"""
    from svdesk.cli import main

    url = "postgresql://anna@office-server/firm"
    assert main(["check", "--db", url]) == 2
    err = capsys.readouterr().err
    assert "works on a database file" in err and "svdesk move" in err


def test_a_batch_write_on_postgres_can_leave_spend_month_to_its_own_statement(pg_store):
    """svdesk.services.spend_month adjusts spend_month once per batch; on PostgreSQL its
    transaction says so (SET LOCAL) rather than dropping the trigger, and only that transaction."""
    _add_spend(pg_store)
    before = _spend_month(pg_store)
    with pg_store.write() as s:
        s.execute(text("SET LOCAL svdesk.spend_month_by_batch = 'on'"))
        s.execute(text("DELETE FROM spend_line WHERE fingerprint = 'fp0'"))
    assert _spend_month(pg_store) == before  # left to the batch's own statement
    with pg_store.write() as s:  # the next transaction: the triggers keep it again
        s.execute(text("DELETE FROM spend_line WHERE fingerprint = 'fp3'"))
    assert len(_spend_month(pg_store)) == len(before) - 1


def test_the_window_start_keeps_a_url_as_a_url():
    from pathlib import Path

    from svdesk.cli import _window_start, build_parser

    url = "postgresql://anna@office-server/firm"
    assert _window_start(["--db", url]) == (True, url)
    assert _window_start([f"--db={url}"]) == (True, url)
    assert _window_start(["--db", "firm.svdesk"]) == (True, Path("firm.svdesk"))
    assert build_parser().parse_args(["info", "--db", url]).db == url


def _columns(url: str, table: str) -> set[str]:
    engine = _raw_engine(url)
    try:
        with engine.connect() as conn:
            return set(
                conn.execute(
                    text("SELECT column_name FROM information_schema.columns WHERE table_name = :t"),
                    {"t": table},
                ).scalars()
            )
    finally:
        engine.dispose()


def _upgrade_to(url: str, revision: str) -> None:
    from alembic import command

    from svdesk.db.migrate import alembic_config

    engine = _raw_engine(url)
    command.upgrade(alembic_config(engine), revision)
    engine.dispose()


def test_an_older_postgres_database_is_upgraded_keeping_its_data(pg_empty_url):
    _upgrade_to(pg_empty_url, "0101")
    engine = _raw_engine(pg_empty_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO contract (reference, title, buyer, status, framework, framework_note, "
                "site_postcode, local_area_kind, local_area_codes, notes, created_at, updated_at) "
                "VALUES ('OLD-1', 'Kept', 'Salford City Council', 'won', 'council', '', 'M5 4WT', "
                "'authorities', 'E08000006', '', '2025-01-01', '2025-01-01')"
            )
        )
    engine.dispose()
    s = Store.open(pg_empty_url)
    with s.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        assert conn.execute(text("SELECT title FROM contract WHERE reference = 'OLD-1'")).scalar() == "Kept"
    s.close()
    assert "carried_over" in _columns(pg_empty_url, "assessment_answer")


def test_a_failed_upgrade_changes_nothing(pg_empty_url):
    """The whole upgrade is one transaction: when a later step fails, earlier steps are undone."""
    _upgrade_to(pg_empty_url, "0101")
    engine = _raw_engine(pg_empty_url)
    with engine.begin() as conn:  # what 0103 will try to add is there already: it fails
        conn.execute(text("ALTER TABLE assessment_answer ADD COLUMN carried_over BOOLEAN"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="could not upgrade .*Nothing has been changed"):
        Store.open(pg_empty_url)
    assert "qualified" not in _columns(pg_empty_url, "training_course")  # 0102's step undone
    engine = _raw_engine(pg_empty_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0101"
    engine.dispose()


def test_two_pcs_opening_a_new_database_at_once_both_succeed(pg_empty_url):
    """The upgrade holds an advisory lock: the second waits, then finds the schema made.
    Two processes, as two PCs (Alembic's command API is not for two threads of one process)."""
    import subprocess
    import sys
    from pathlib import Path

    code = "import sys; from svdesk.services.store import Store; Store.open(sys.argv[1]).close()"
    root = Path(__file__).resolve().parents[2]
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, pg_empty_url], cwd=root, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    errors = [p.communicate(timeout=120)[1] for p in runs]
    assert [p.returncode for p in runs] == [0, 0], errors
    s = Store.open(pg_empty_url)
    with s.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    s.close()


@pytest.mark.parametrize(
    ("server_says", "user_reads"),
    [
        (
            'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  '
            'password authentication failed for user "anna"',
            "did not accept the password for anna",
        ),
        (
            'connection to server at "10.0.0.5", port 5432 failed: fe_sendauth: no password supplied',
            "PGPASSFILE",
        ),
        ('connection failed: FATAL:  database "firm" does not exist', 'There is no database "firm"'),
        ("connection timeout expired", "(no answer within 5 seconds)"),
        (
            'failed to resolve host "office-server": [Errno -2] could not translate host name',
            "(that server name is not known on this network)",
        ),
        ("permission denied for table contract", "may only view firm on office-server"),
    ],
)
def test_what_the_server_says_is_put_in_plain_english(server_says, user_reads):
    from svdesk.db.postgres import describe_pg_error

    message = describe_pg_error(
        Exception(server_says), Location.parse("postgresql://anna@office-server/firm")
    )
    assert user_reads in message
    assert "FATAL" not in message and "fe_sendauth" not in message


def test_money_above_21_million_pounds_is_kept_on_either_store(store):
    """PostgreSQL's INTEGER stops at 2**31 - 1 pence (£21.47m); SQLite's holds 64 bits."""
    from svdesk.models import Contract

    with store.write() as s:
        s.add(
            Contract(
                reference="BIG-1", title="Framework", buyer="Crown Commercial", value_pence=45_000_000_00
            )
        )
    with store.read() as s:
        assert s.query(Contract.value_pence).filter_by(reference="BIG-1").scalar() == 45_000_000_00
    if store.is_postgres:
        with store.read() as s:
            kinds = dict(
                s.execute(
                    text(
                        "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
                        "WHERE column_name LIKE '%\\_pence' OR column_name = 'id'"
                    )
                ).all()
            )
        assert {t for c, t in kinds.items() if c.endswith("_pence")} == {"bigint"}
        assert kinds["contract.id"] == "integer"


def test_text_longer_than_the_model_says_is_kept_on_either_store(store):
    """SQLite keeps a VARCHAR(200) value of any length; so must PostgreSQL, or a save (or a
    database moved from a file) that SQLite accepts would fail on the server."""
    from svdesk.models import Contract

    long_title = "Refurbishment of council housing, " * 12  # over 400 characters
    with store.write() as s:
        s.add(Contract(reference="LONG-1", title=long_title, buyer="Salford City Council"))
    with store.read() as s:
        assert s.query(Contract.title).filter_by(reference="LONG-1").scalar() == long_title
