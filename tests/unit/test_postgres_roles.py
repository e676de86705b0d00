"""The README's recipe for a shared PostgreSQL database (#22 point 7), followed on the test
server: people who record share every table whoever created it, and a view-only person reads
and is refused changes with a plain message."""

from __future__ import annotations

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

    run(
        pg_server.url,
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
    people = {n: url.replace("svdesk@", f"{r}@", 1) for n, r in (("anna", anna), ("bob", bob), ("sam", sam))}
    yield people
    pg_server.drop(url)
    run(pg_server.url, *(f"DROP ROLE IF EXISTS {r}" for r in (anna, bob, sam)))
    run(pg_server.url, *(f"DROP OWNED BY {r}" for r in (owner, viewer)))
    run(pg_server.url, *(f"DROP ROLE IF EXISTS {r}" for r in (owner, viewer)))


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
