"""Shared fixtures: every test gets its own svdesk home folder and a fresh database.

Both stores: `store` and `demo_store` are SQLite files; `pg_store` and `pg_demo_store` are
PostgreSQL databases on the server SVDESK_TEST_PG names (tools/pg_cluster.sh starts one). A
module runs its store / demo_store tests on both with `pytestmark = pytest.mark.both_stores`
(each such test then runs twice, [sqlite] and [postgresql]). Without SVDESK_TEST_PG the
PostgreSQL tests skip on a developer's PC and FAIL in CI (CI=true), so CI cannot pass them
silently.
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(autouse=True)
def svdesk_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "svdesk-home"
    monkeypatch.setenv("SVDESK_HOME", str(home))
    return home


def _template(factory, name: str, fill) -> Path:
    """A database built once per test session (migrated, and filled by fill), closed so the
    file holds everything; each test gets its own copy (as Anki's tests do)."""
    from svdesk.services.store import Store

    folder = factory.mktemp(name)
    before = os.environ.get("SVDESK_HOME")
    os.environ["SVDESK_HOME"] = str(folder / "svdesk-home")
    try:
        s = Store.open(folder / "test.svdesk")
        fill(s)
        s.close()
    finally:
        if before is None:
            os.environ.pop("SVDESK_HOME", None)
        else:
            os.environ["SVDESK_HOME"] = before
    return folder / "test.svdesk"


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory) -> Path:
    return _template(tmp_path_factory, "empty-template", lambda s: None)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    from svdesk.services.demo import create_demo

    return _template(tmp_path_factory, "demo-template", create_demo)


def _open_copy(template: Path, tmp_path: Path):
    """The template's database (and evidence folder, file modes kept) copied into this test's
    own folder, opened."""
    from svdesk.services.store import Store

    target = tmp_path / template.name
    shutil.copy2(template, target)
    evidence = template.with_name(template.stem + "-evidence")
    if evidence.is_dir():
        shutil.copytree(evidence, target.with_name(target.stem + "-evidence"))
    return Store.open(target)


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "both_stores: run this module's store/demo_store tests on SQLite and on PostgreSQL"
    )


def pytest_generate_tests(metafunc) -> None:
    names = set(metafunc.fixturenames)
    # a test that asks for pg_store / pg_demo_store compares the stores: its store stays SQLite
    compares = {"pg_store", "pg_demo_store"} & names
    if (
        {"store", "demo_store"} & names
        and not compares
        and metafunc.definition.get_closest_marker("both_stores")
    ):
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request) -> str:
    """Which store `store` / `demo_store` are: "sqlite" unless the test is marked both_stores."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def store(request, tmp_path, backend):
    if backend == "postgresql":
        yield request.getfixturevalue("pg_store")
        return
    s = _open_copy(request.getfixturevalue("empty_template"), tmp_path)
    yield s
    s.close()


@pytest.fixture
def demo_store(request, tmp_path, backend):
    """A fresh copy of the demo firm's database (built once per session)."""
    if backend == "postgresql":
        yield request.getfixturevalue("pg_demo_store")
        return
    s = _open_copy(request.getfixturevalue("demo_template"), tmp_path)
    yield s
    s.close()


# --- PostgreSQL ---------------------------------------------------------------------------------


def pg_url(server: str, dbname: str) -> str:
    """The server URL (SVDESK_TEST_PG) with another database name in its path."""
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path="/" + dbname))


class PgServer:
    """The test server: makes and drops databases (template copies are a file copy: fast)."""

    def __init__(self, url: str):
        self.url = url
        self._names = itertools.count(1)
        self._prefix = f"t{os.getpid()}_"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql)

    def create(self, template: str | None = None, name: str | None = None) -> str:
        """A new database (a copy of template when given); its URL."""
        name = name or f"{self._prefix}{next(self._names)}"
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return pg_url(self.url, name)

    def drop(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_server() -> PgServer:
    url = os.environ.get("SVDESK_TEST_PG")
    if not url:
        message = (
            "SVDESK_TEST_PG is not set, so the PostgreSQL tests cannot run. Start a throwaway "
            'server with: eval "$(bash tools/pg_cluster.sh start /tmp/svdesk-pg)"'
        )
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return PgServer(url)


def _pg_template(pg_server: PgServer, factory, name: str, fill) -> tuple[str, Path]:
    """A PostgreSQL database built once per session (migrated, filled by fill) and closed, so
    tests can copy it; with the svdesk home it was built under (its evidence files)."""
    from svdesk.services.store import Store

    home = factory.mktemp(name) / "svdesk-home"
    dbname = f"{pg_server._prefix}{name.replace('-', '_')}"
    url = pg_server.create(name=dbname)
    before = os.environ.get("SVDESK_HOME")
    os.environ["SVDESK_HOME"] = str(home)
    try:
        s = Store.open(url)
        try:
            fill(s)
        finally:
            s.close()
    except BaseException:
        pg_server.drop(url)
        raise
    finally:
        if before is None:
            os.environ.pop("SVDESK_HOME", None)
        else:
            os.environ["SVDESK_HOME"] = before
    return dbname, home


@pytest.fixture(scope="session")
def pg_empty_template(pg_server, tmp_path_factory):
    name, home = _pg_template(pg_server, tmp_path_factory, "tpl-empty", lambda s: None)
    yield name, home
    pg_server.drop(pg_url(pg_server.url, name))


@pytest.fixture(scope="session")
def pg_demo_template(pg_server, tmp_path_factory):
    from svdesk.services.demo import create_demo

    name, home = _pg_template(pg_server, tmp_path_factory, "tpl-demo", create_demo)
    yield name, home
    pg_server.drop(pg_url(pg_server.url, name))


def _open_pg_copy(pg_server: PgServer, template: tuple[str, Path]):
    """A new database copied from the template (and its evidence folder), opened."""
    from svdesk.db.location import Location
    from svdesk.services.store import Store

    name, home = template
    url = pg_server.create(template=name)
    before = os.environ.get("SVDESK_HOME")
    os.environ["SVDESK_HOME"] = str(home)
    try:
        evidence = Location.parse(pg_url(pg_server.url, name)).stand_in_path()
    finally:
        if before is None:
            os.environ.pop("SVDESK_HOME", None)
        else:
            os.environ["SVDESK_HOME"] = before
    evidence = evidence.with_name(evidence.stem + "-evidence")
    target = Location.parse(url).stand_in_path()
    if evidence.is_dir():
        shutil.copytree(evidence, target.with_name(target.stem + "-evidence"))
    return url, Store.open(url)


@pytest.fixture
def pg_store(pg_server, pg_empty_template):
    """A fresh, migrated, empty PostgreSQL database (a copy of the session's template)."""
    url, s = _open_pg_copy(pg_server, pg_empty_template)
    yield s
    s.close()
    pg_server.drop(url)


@pytest.fixture
def pg_demo_store(pg_server, pg_demo_template):
    """A fresh copy of the demo firm's PostgreSQL database (built once per session)."""
    url, s = _open_pg_copy(pg_server, pg_demo_template)
    yield s
    s.close()
    pg_server.drop(url)


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside the project")
    return SHARED_DATA
