"""Each person's local answer per contract, stored, so counting needs no postcode lookups.

person_locality (migration 0090) holds, per assignment (person_contract row), what
LocalArea.test answers for the person's postcode and the contract's local area (local,
not_local or unknown: never the postcode), with the edition of the rules and postcode directory
it came from. Triggers delete an answer as soon as the postcode, the assignment or the
contract's local area changes, whatever code writes the change; erased people are never looked
up (their answer was kept in person_contract.local_at_erasure when they were erased).

A missing answer (a new assignment, an edited local area, a newer postcode directory, rows
written straight into the file) is worked out when it is next needed: save_person and the
payroll import fill theirs in their own transaction (refresh); the measure engine works out and
keeps whatever is still missing before it counts (answers). An answer is written only if the
postcode and local area it came from are still the recorded ones, checked in the same
statement, so a change saved meanwhile is never overwritten by an older answer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import column, table, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from svdesk.geo.local_area import LocalArea, Locality, answers_edition
from svdesk.services.store import Store

log = logging.getLogger(__name__)

# Not an ORM model: nothing about it is audited or edited, only looked up (like spend_month).
TABLE = table("person_locality", column("person_contract_id"), column("status"), column("edition"))
_AREA = "c.local_area_kind, c.local_area_codes, c.local_radius_miles, c.site_postcode"
_MISSING = (
    f"SELECT pc.id, pc.person_id, pc.contract_id, p.postcode, {_AREA} FROM person_contract pc "
    "JOIN person p ON p.id = pc.person_id JOIN contract c ON c.id = pc.contract_id "
    "LEFT JOIN person_locality pl ON pl.person_contract_id = pc.id AND pl.edition = :edition "
    "WHERE pl.person_contract_id IS NULL AND p.erased_on IS NULL"
)
# "IS" compares NULLs as equal on SQLite; PostgreSQL spells it IS NOT DISTINCT FROM
_KEEP = (
    "INSERT INTO person_locality (person_contract_id, status, edition) "
    "SELECT pc.id, :status, :edition FROM person_contract pc "
    "JOIN person p ON p.id = pc.person_id JOIN contract c ON c.id = pc.contract_id "
    "WHERE pc.id = :id AND pc.person_id = :person_id AND pc.contract_id = :contract_id "
    "AND p.erased_on IS NULL AND p.postcode IS :postcode AND c.local_area_kind IS :kind "
    "AND c.local_area_codes IS :codes AND c.local_radius_miles IS :radius "
    "AND c.site_postcode IS :site "
    "ON CONFLICT (person_contract_id) DO UPDATE SET status = excluded.status, edition = excluded.edition"
)


def _keep_sql(session: Session) -> str:
    if session.get_bind().dialect.name == "postgresql":
        return _KEEP.replace(" IS :", " IS NOT DISTINCT FROM :")
    return _KEEP


@dataclass(frozen=True)
class Missing:
    """An assignment without a stored answer, with what the answer depends on."""

    id: int  # person_contract id
    person_id: int
    contract_id: int
    postcode: str
    local_area_kind: str
    local_area_codes: str
    local_radius_miles: float | None
    site_postcode: str


def missing(
    session: Session, *, contract_id: int | None = None, person_id: int | None = None
) -> list[Missing]:
    sql = _MISSING
    params: dict[str, object] = {"edition": answers_edition()}
    if contract_id is not None:
        sql, params["contract_id"] = sql + " AND pc.contract_id = :contract_id", contract_id
    if person_id is not None:
        sql, params["person_id"] = sql + " AND pc.person_id = :person_id", person_id
    return [Missing(*row) for row in session.execute(text(sql), params)]


def work_out(rows: list[Missing]) -> dict[int, Locality]:
    """The answer for each row, by person_contract id (one LocalArea per distinct area)."""
    areas: dict[tuple, LocalArea] = {}
    out = {}
    for r in rows:
        key = (r.local_area_kind, r.local_area_codes, r.local_radius_miles, r.site_postcode)
        area = areas.get(key)
        if area is None:
            area = areas[key] = LocalArea.from_contract(r)
        out[r.id] = area.test(r.postcode).status
    return out


def keep(session: Session, rows: list[Missing], answers: dict[int, Locality]) -> None:
    """Store the answers whose postcode and local area are still the recorded ones."""
    edition = answers_edition()
    if rows:
        session.execute(
            text(_keep_sql(session)),
            [
                {
                    "id": r.id,
                    "person_id": r.person_id,
                    "contract_id": r.contract_id,
                    "postcode": r.postcode,
                    "kind": r.local_area_kind,
                    "codes": r.local_area_codes,
                    "radius": r.local_radius_miles,
                    "site": r.site_postcode,
                    "status": answers[r.id].value,
                    "edition": edition,
                }
                for r in rows
            ],
        )


def refresh(
    session: Session, *, contract_id: int | None = None, person_id: int | None = None
) -> dict[int, Locality]:
    """Work out and store the missing answers (of one contract or person, or all) inside the
    caller's transaction; returns them by person_contract id."""
    rows = missing(session, contract_id=contract_id, person_id=person_id)
    answers = work_out(rows)
    keep(session, rows, answers)
    return answers


def answers(store: Store, rows: list[Missing]) -> dict[int, Locality]:
    """Work out answers a reader found missing, and keep them for next time if the database
    can be written (a read-only or busy file still gets its answers, just not kept)."""
    found = work_out(rows)
    if rows:
        try:
            with store.write() as s:
                keep(s, rows, found)
        except OperationalError as exc:
            log.info("Could not keep %d local answers: %s", len(rows), exc)
    return found
