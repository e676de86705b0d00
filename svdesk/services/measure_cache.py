"""What the measure engine keeps between computations while nothing has changed.

A computation (one Dashboard view: its period, the period compared with and every commitment
quarter) shares one dict, MeasureQuery.cache, for what does not depend on the period: people
mapped to job spells, activity records mapped to counting inputs, suppliers' localities, the
organisation's year start. Every other entry a source keeps there has the period and the day
in its key (a window's spend summary, a year's Real Living Wage prices). So the same dict can
serve the next computation too, as long as no record has changed since it was filled:
organisation-wide on a ten-year database, reading and mapping those records is most of a
recount.

shared_cache(store) gives that dict. It is emptied when the store has committed a change
(Store.version, the counter the pages use to skip reading again), when the rate tables are
reloaded (svdesk.calc.rates.clear_cache, after the user saves edited rates) or when the
postcode rules' edition changes. It lives with the store object, so another database, or the
same file opened again, starts empty; a test's fresh database too.

A change empties it only of what read the tables the change wrote to (Store.table_versions,
svdesk.services.table_changes): a new volunteering record leaves 5,000 people mapped to job
spells and each period's spend summary in place. Each kind of entry names the record tables it
reads (_reads); every table not among RECORD_TABLES (contracts, the organisation, measure
settings, proxy values...) is taken as read by every entry, and an entry of a kind not named
here is dropped on any change.
"""

from __future__ import annotations

import threading

from svdesk.calc import rates
from svdesk.geo.local_area import answers_edition
from svdesk.services.store import Store

# a window's spend summary is kept per period: at most this many entries before starting over
# (a user looking through many periods must not make the cache grow without end)
MAX_ENTRIES = 400
_lock = threading.Lock()


SPEND = frozenset(
    {
        "supplier",
        "supplier_alias",
        "supplier_fill",
        "import_batch",
        "spend_line",
        "spend_month",  # kept by triggers on spend_line
        "import_mapping",
        "bank_rule",
    }
)
PEOPLE = frozenset({"person", "person_contract", "person_locality"})  # the last kept by triggers
EVIDENCE = frozenset({"evidence", "evidence_link"})
ACTIVITY = frozenset(
    {
        "volunteering",
        "pro_bono",
        "donation",
        "emission_record",
        "waste_record",
        "apprenticeship",
        "training_course",
        "work_placement",
        "learning_intervention",
    }
)
RECORD_TABLES = SPEND | PEOPLE | EVIDENCE | ACTIVITY
NEVER_READ = frozenset({"audit_log"})  # the engine reads no audit trail
_KIND_TABLES: dict[str, str] = {}  # an activity source's kind -> the table its records are in


def record_table(kind: str, table: str) -> None:
    """An activity measure source of this kind reads its records from table (and no other)."""
    _KIND_TABLES[kind] = table


def _reads(key) -> frozenset[str] | None:
    """The record tables a cache entry was read from; None: unknown (dropped on any change)."""
    if key == "year_start_month":
        return frozenset()
    family = key[0] if isinstance(key, tuple) and key else None
    if family == "inputs" and key[1] in _KIND_TABLES:
        return frozenset({_KIND_TABLES[key[1]]})
    if family == "without_evidence":  # svdesk.services.evidence.count_without_evidence
        if key[1] == "person":
            return PEOPLE | EVIDENCE
        from svdesk.services.activity_kinds import KINDS

        spec = KINDS.get(key[1])
        if spec is None:
            return None
        return EVIDENCE | {spec.model.__tablename__}
    if family == "evidenced":
        return EVIDENCE
    if family in ("job_spells", "living_wage"):
        return PEOPLE
    if family in ("spend_summary", "supplier_localities"):
        return SPEND
    return None


def _stamp(store: Store) -> tuple:
    return (store.version, rates.generation(), answers_edition())


def _kept(held: tuple, now: dict, stamp: tuple) -> dict:
    """What of the held cache still holds after the changes since it was filled (now: the
    store's table_versions, read after stamp)."""
    old_stamp, entries, old_tables = held
    if old_stamp[1:] != stamp[1:]:
        return {}
    changed = {t for t in now.keys() | old_tables.keys() if now.get(t) != old_tables.get(t)} - NEVER_READ
    if "*" in changed or changed - RECORD_TABLES:
        return {}
    out = {}
    for key, value in entries.items():
        reads = _reads(key)
        if reads is not None and not (changed & reads):
            out[key] = value
    return out


def shared_cache(store: Store) -> dict:
    """The measure engine's cache for store's records as they are now (see the module's
    docstring): pass it as cache= to compute_measures, measures_overview or dashboard."""
    stamp = _stamp(store)
    # read after the stamp: a commit in between is then in the tables (and filtered out now)
    # rather than in the stamp alone (when nothing would filter it out next time)
    tables = dict(getattr(store, "table_versions", {}))
    with _lock:
        held = getattr(store, "_measure_cache", None)
        if held is None or held[0] != stamp or len(held[1]) > MAX_ENTRIES:
            entries = {} if held is None or len(held[1]) > MAX_ENTRIES else _kept(held, tables, stamp)
            held = (stamp, entries, tables)
            store._measure_cache = held
        return held[1]


def forget(store: Store) -> None:
    """Drop what the engine kept for store (e.g. after writing to the file by other means)."""
    with _lock:
        store._measure_cache = None
