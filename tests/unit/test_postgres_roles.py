"""The README's recipe for a shared PostgreSQL database (#22 point 7), followed on the test
server: people who record share every table whoever created it, and a view-only person reads
and is refused changes with a plain message."""

from __future__ import annotations

import contextlib
import os
from urllib.parse import urlsplit

import pytest
from sqlalchemy import text

from svdesk.services.store import Store


@pytest.fixture
def office(pg_server):
    """A new database and the README's roles (names made unique: roles are the whole server's)."""
    import psycopg

    tag = f"{os.getpid()}"
    owner, anna, bob, viewer, sam = (f"{n}_{tag}" for n in ("svdesk_owner", "anna", "bob", "viewer", "sam"))
    url = pg_server.create()
    dbname = urlsplit(url).path.lstrip("/")

    def run(target: str, *sql: str) -> None:
        with psycopg.connect(target, autocommit=True) as conn:
            for statement in sql:
                conn.execute(statement)

    def drop_roles() -> None:  # also what a run that stopped half-way left
        run(pg_server.url, *(f"DROP ROLE IF EXISTS {r}" for r in (anna, bob, sam)))
        for role in (owner, viewer):  # DROP OWNED needs the role to be there
            with contextlib.suppress(psycopg.errors.UndefinedObject):
                run(pg_server.url, f"DROP OWNED BY {role}", f"DROP ROLE {role}")

    def clean_up() -> None:
        pg_server.drop(url)
        drop_roles()

    drop_roles()
    try:
        _set_up(run, pg_server.url, url, dbname, owner, anna, bob, viewer, sam)
    except BaseException:
        clean_up()
        raise
    people = {n: url.replace("svdesk@", f"{r}@", 1) for n, r in (("anna", anna), ("bob", bob), ("sam", sam))}
    yield people
    clean_up()


def _set_up(run, server: str, url: str, dbname: str, owner, anna, bob, viewer, sam) -> None:
    run(
        server,
        f"CREATE ROLE {owner} NOLOGIN",
        f"ALTER DATABASE {dbname} OWNER TO {owner}",
        f"CREATE ROLE {anna} LOGIN IN ROLE {owner}",
        f"ALTER ROLE {anna} SET role = '{owner}'",
        f"CREATE ROLE {bob} LOGIN IN ROLE {owner}",
        f"ALTER ROLE {bob} SET role = '{owner}'",
        f"CREATE ROLE {viewer} NOLOGIN",
        f"GRANT CONNECT ON DATABASE {dbname} TO {viewer}",
        f"CREATE ROLE {sam} LOGIN IN ROLE {viewer}",
    )
    run(
        url,
        f"GRANT ALL ON SCHEMA public TO {owner}",
        f"GRANT USAGE ON SCHEMA public TO {viewer}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT SELECT ON TABLES TO {viewer}",
    )


def test_the_readme_roles_share_the_tables_and_keep_viewers_to_reading(office, capsys):
    from svdesk.cli import main
    from svdesk.services.demo import DEMO_ORGANISATION
    from svdesk.services.organisation import get_organisation, save_organisation

    anna = Store.open(office["anna"])  # the first to open it creates the tables
    save_organisation(anna, DEMO_ORGANISATION)
    anna.close()
    bob = Store.open(office["bob"])  # another person who records changes what anna made
    with bob.write() as s:
        s.execute(text("UPDATE organisation SET name = 'Irwell Joinery & Sons Ltd'"))
    bob.close()
    sam = Store.open_read_only(office["sam"])
    assert get_organisation(sam).name == "Irwell Joinery & Sons Ltd"
    sam.close()
    add = ["contract", "add", "--db", office["sam"], "--ref", "V-1", "--title", "T", "--buyer", "B"]
    assert main([*add, "--local-districts", "M5"]) == 1
    assert "may view and export" in capsys.readouterr().err
