"""One read session per export and Dashboard count (#22 point 6): on PostgreSQL each new session
is round trips to the server (the pool's ping, BEGIN, ROLLBACK), and the contract return once
opened 368 of them. Store.one_read shares one session and, on PostgreSQL, one snapshot, so an
export's figures agree with each other while someone else writes to the shared database."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, func, select

from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import EXPORTS, export_now
from svdesk.models import Contract
from svdesk.services.contracts import find_contract
from svdesk.services.dashboard import LAST_YEAR, dashboard, dashboard_periods
from svdesk.services.store import Store

pytestmark = pytest.mark.both_stores

CONTRACT = "SCC-PR-2025-041"
TODAY = date(2026, 11, 23)
MOST_SESSIONS = 3  # a handful: was 54 to 368 per export on PostgreSQL before one_read


class Sessions:
    """Counts the connections taken from the store's pool (each a session's round trips)."""

    def __init__(self, store: Store):
        self.count = 0
        event.listen(store.engine, "engine_connect", self._took)

    def _took(self, _conn) -> None:
        self.count += 1


def test_every_export_opens_a_handful_of_sessions_at_most(demo_store, tmp_path):
    sessions = Sessions(demo_store)
    made = 0
    for kind in EXPORTS.values():
        if kind.key == "crp":  # refused for the demo firm: its plan is incomplete
            continue
        for fmt in kind.formats:
            ref = CONTRACT if kind.needs_contract else None
            req = ExportRequest(kind.key, contract_ref=ref, year=2025, today=TODAY)
            sessions.count = 0
            export_now(demo_store, req, tmp_path / f"{kind.key}{fmt}")
            assert sessions.count <= MOST_SESSIONS, (kind.key, fmt, sessions.count)
            made += 1
    assert made >= 12


def test_a_dashboard_count_opens_a_handful_of_sessions_at_most(demo_store):
    contract = find_contract(demo_store, CONTRACT)
    assert contract is not None
    dashboard(demo_store, None, dashboard_periods(demo_store, None, TODAY)[0], TODAY)  # first: writes caches
    fy = next(p for p in dashboard_periods(demo_store, contract, TODAY) if p.key == LAST_YEAR)
    sessions = Sessions(demo_store)
    for contract_id, period in ((None, dashboard_periods(demo_store, None, TODAY)[0]), (contract.id, fy)):
        demo_store._measure_cache = None  # count afresh, as after a change
        sessions.count = 0
        data = dashboard(demo_store, contract_id, period, TODAY)
        assert data.current is not None
        assert sessions.count <= MOST_SESSIONS, (contract_id, sessions.count)


def test_reads_inside_one_read_share_a_session_and_are_detached_after(store):
    with store.one_read():
        with store.read() as a:
            first = a.scalars(select(Contract)).all()
            with store.read() as inner:
                assert inner is a
        with store.read() as b:
            assert b is a
        assert all(c not in b for c in first)  # detached, as when a read's own session closed
    with store.read() as c:
        assert c is not a


def test_a_write_inside_one_read_is_seen_by_the_reads_after_it(store):
    def count(s) -> int:
        return s.scalar(select(func.count()).select_from(Contract))

    with store.one_read():
        with store.read() as s:
            before = count(s)
        with store.write() as w:
            w.add(Contract(reference="NEW-1", title="New contract", buyer="Council"))
        with store.read() as s:
            assert count(s) == before + 1


def test_one_read_is_one_snapshot_on_postgresql(pg_demo_store):
    """Another PC's change made halfway through an export is not half in it."""
    other = Store.open(pg_demo_store.where)
    try:
        with pg_demo_store.one_read():
            with pg_demo_store.read() as s:
                before = s.scalar(select(func.count()).select_from(Contract))
            with other.write() as w:
                w.add(Contract(reference="OTHER-PC", title="Added elsewhere", buyer="Council"))
            with pg_demo_store.read() as s:
                assert s.scalar(select(func.count()).select_from(Contract)) == before
        with pg_demo_store.read() as s:
            assert s.scalar(select(func.count()).select_from(Contract)) == before + 1
    finally:
        other.close()
