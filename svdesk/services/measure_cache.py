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


def _stamp(store: Store) -> tuple:
    return (store.version, rates.generation(), answers_edition())


def shared_cache(store: Store) -> dict:
    """The measure engine's cache for store's records as they are now (see the module's
    docstring): pass it as cache= to compute_measures, measures_overview or dashboard."""
    stamp = _stamp(store)
    with _lock:
        held = getattr(store, "_measure_cache", None)
        if held is None or held[0] != stamp or len(held[1]) > MAX_ENTRIES:
            held = (stamp, {})
            store._measure_cache = held
        return held[1]


def forget(store: Store) -> None:
    """Drop what the engine kept for store (e.g. after writing to the file by other means)."""
    with _lock:
        store._measure_cache = None
