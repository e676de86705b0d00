import hashlib
import sqlite3
from datetime import date

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from svdesk.db import DatabaseError, DatabaseTooNew, open_database
from svdesk.db.engine import make_engine
from svdesk.db.migrate import alembic_config, current_revision, head_revision
from svdesk.services.store import Store

pytestmark = pytest.mark.both_stores


def _revisions_before_head():
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    return [r.revision for r in script.walk_revisions() if r.revision != head]


def test_new_database_is_created_at_head_with_pragmas(tmp_path):
    engine = open_database(tmp_path / "new.svdesk")
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        tables = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars())
    assert {"organisation", "contract", "alembic_version"} <= tables
    engine.dispose()


def test_reopening_at_head_takes_no_backup(tmp_path):
    path = tmp_path / "firm.svdesk"
    open_database(path).dispose()
    open_database(path).dispose()
    assert [p.name for p in tmp_path.iterdir() if "before-upgrade" in p.name] == []


@pytest.mark.parametrize("revision", _revisions_before_head() or [None])
def test_upgrade_from_every_earlier_schema_keeps_data_and_backs_up(tmp_path, revision):
    if revision is None:
        pytest.skip("only one schema revision exists so far")
    path = tmp_path / "old.svdesk"
    engine = make_engine(path)
    command.upgrade(alembic_config(engine), revision)
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
    upgraded = open_database(path)
    assert current_revision(upgraded) == head_revision()
    with upgraded.connect() as conn:
        assert conn.execute(text("SELECT title FROM contract WHERE reference='OLD-1'")).scalar() == "Kept"
    upgraded.dispose()
    backups = [p for p in tmp_path.iterdir() if f"before-upgrade-{revision}" in p.name]
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == revision


def test_database_from_a_newer_svdesk_is_refused_and_untouched(tmp_path):
    path = tmp_path / "newer.svdesk"
    open_database(path).dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num='9999_from_the_future'")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseTooNew, match="newer version of svdesk"):
        open_database(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_file_that_is_not_a_database_gets_a_clear_message(tmp_path):
    path = tmp_path / "notes.svdesk"
    path.write_text("these are my notes, not a database")
    with pytest.raises(DatabaseError, match="not an svdesk database"):
        open_database(path)
    assert path.read_text() == "these are my notes, not a database"


def test_a_truncated_database_gets_a_clear_message(tmp_path):
    path = tmp_path / "firm.svdesk"
    store = Store.open(path)
    store.close()
    data = path.read_bytes()
    path.write_bytes(data[:100])
    with pytest.raises(DatabaseError):
        open_database(path)


def test_another_sqlite_file_is_not_mistaken_for_svdesk(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE things (x)")
    with pytest.raises(DatabaseError, match="not an svdesk database"):
        open_database(path)


def test_the_store_version_moves_with_writes_not_reads(store):
    from svdesk.services import activities, evidence
    from svdesk.services.activity_kinds import default_values

    before = store.version
    evidence.list_evidence(store)
    activities.count_records(store, "volunteering")
    assert store.version == before
    activities.save_record(
        store,
        "volunteering",
        default_values("volunteering")
        | {"date": date(2026, 7, 3), "organisation_helped": "Seedley Primary School", "hours": 7},
    )
    assert store.version > before


def test_a_write_that_changes_nothing_leaves_the_version(store):
    from svdesk.services import proxies

    proxies.list_proxies(store)  # adds the shipped defaults the first time only
    before = store.version
    proxies.list_proxies(store)  # opens a write, finds them there, changes nothing
    with store.write() as s:
        s.execute(text("UPDATE organisation SET name = name WHERE id = -1"))
    assert store.version == before
