"""Each person's local answer per contract, stored (person_locality), dropped by triggers
whenever what it depends on changes, and filled here for the people already recorded.

Working out "local" means a postcode lookup per person and contract: about a second for 5,000
people, on every dashboard. The answer (local / not_local / unknown, never the postcode) only
changes with the person's postcode, the assignment or the contract's local area, so triggers on
those delete it and svdesk.services.localities works it out again when next needed. Each row
also names the edition of the rules and postcode directory it came from
(svdesk.geo.local_area.answers_edition): a newer edition makes it missing, never wrong.

Revision ID: 0090
Revises: 0080
"""

import re

from alembic import op
from sqlalchemy import text

revision = "0090"
down_revision = "0080"
branch_labels = None
depends_on = None

AREA = ("local_area_kind", "local_area_codes", "local_radius_miles", "site_postcode")
TRIGGERS = {
    # a person's postcode changed (erasure blanks it: erased people use local_at_erasure)
    "person_locality_postcode": "AFTER UPDATE OF postcode ON person WHEN OLD.postcode IS NOT NEW.postcode BEGIN "
    "DELETE FROM person_locality WHERE person_contract_id IN "
    "(SELECT id FROM person_contract WHERE person_id = NEW.id); END",
    "person_locality_person_gone": "AFTER DELETE ON person BEGIN DELETE FROM person_locality WHERE person_contract_id IN "
    "(SELECT id FROM person_contract WHERE person_id = OLD.id); END",
    # a contract's local area changed
    "person_locality_area": f"AFTER UPDATE OF {', '.join(AREA)} ON contract WHEN "
    + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in AREA)
    + " BEGIN DELETE FROM person_locality WHERE person_contract_id IN "
    "(SELECT id FROM person_contract WHERE contract_id = NEW.id); END",
    # an assignment moved to another person or contract, or went (its id may be reused)
    "person_locality_link": "AFTER UPDATE OF person_id, contract_id ON person_contract BEGIN "
    "DELETE FROM person_locality WHERE person_contract_id IN (OLD.id, NEW.id); END",
    "person_locality_unlink": "AFTER DELETE ON person_contract BEGIN "
    "DELETE FROM person_locality WHERE person_contract_id = OLD.id; END",
}


def upgrade() -> None:
    op.execute(
        "CREATE TABLE person_locality (person_contract_id INTEGER NOT NULL PRIMARY KEY, "
        "status VARCHAR(12) NOT NULL, edition VARCHAR(40) NOT NULL)"
    )
    if op.get_bind().dialect.name == "postgresql":
        _triggers_postgres()
    else:
        for name, body in TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    _fill()


# PostgreSQL: the same five triggers, each running a plpgsql function holding the same DELETE
# (IS NOT between two values is IS DISTINCT FROM there).
PG_TRIGGERS = {
    name: (
        re.sub(r"\bIS NOT\b", "IS DISTINCT FROM", head.strip()),
        body.strip().removesuffix("END").strip(),
    )
    for name, (head, body) in ((name, sql.split(" BEGIN ", 1)) for name, sql in TRIGGERS.items())
}


def _pg_table(head: str) -> str:
    return head.split(" ON ", 1)[1].split()[0]


def _triggers_postgres() -> None:
    for name, (head, body) in PG_TRIGGERS.items():
        returned = "OLD" if "DELETE ON" in head else "NEW"
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{body} RETURN {returned}; END $$"
        )
        when = ""
        if " WHEN " in head:
            head, condition = head.split(" WHEN ", 1)
            when = f" WHEN ({condition})"
        op.execute(f"CREATE TRIGGER {name} {head} FOR EACH ROW{when} EXECUTE FUNCTION {name}()")


def _fill() -> None:
    """The answer for everyone not erased, by the same rule the app uses (LocalArea.test)."""
    from svdesk.geo.local_area import LocalArea, answers_edition

    conn = op.get_bind()
    edition = answers_edition()
    areas = {
        r.id: LocalArea.from_contract(r)
        for r in conn.execute(
            text(
                "SELECT id, local_area_kind, local_area_codes, local_radius_miles, site_postcode "
                "FROM contract"
            )
        )
    }
    rows = [
        {"id": pc_id, "status": areas[contract_id].test(postcode).status.value, "edition": edition}
        for pc_id, contract_id, postcode in conn.execute(
            text(
                "SELECT pc.id, pc.contract_id, p.postcode FROM person_contract pc "
                "JOIN person p ON p.id = pc.person_id WHERE p.erased_on IS NULL"
            )
        )
        if contract_id in areas
    ]
    if rows:
        conn.execute(
            text(
                "INSERT INTO person_locality (person_contract_id, status, edition) "
                "VALUES (:id, :status, :edition)"
            ),
            rows,
        )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name in TRIGGERS:
        if postgres:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {_pg_table(PG_TRIGGERS[name][0])}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS person_locality")
