"""What a page's background reads (svdesk.ui.tasks.newest) depend on besides its filters."""

from __future__ import annotations

from datetime import date


def store_stamp(store) -> tuple:
    """What a page's rows depend on besides its filters: the store's version (it goes up with
    every commit that changes rows) and the day ("so far" figures move at midnight). A page that
    keeps the stamp of its last read skips reading again on a visit when nothing changed."""
    return (store.version, date.today())


def contracts(store) -> list:
    """The contracts (list_contracts), read again only when this store has written rows since
    the last read. The records pages' contract filters, Figures, Contracts and Reports each read
    them on their first open: a read of the database on the GUI thread each time (3-8 ms, three
    times that on a busy machine). On PostgreSQL others may change them unseen: read each time."""
    from svdesk.services.contracts import list_contracts

    location = getattr(store, "location", None)
    if location is None or location.kind != "sqlite":
        return list_contracts(store)
    kept = getattr(store, "_svdesk_ui_contracts", None)
    if kept is None or kept[0] != store.version:
        kept = (store.version, list_contracts(store))
        store._svdesk_ui_contracts = kept
    return list(kept[1])
