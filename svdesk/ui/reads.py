"""What a page's background reads (svdesk.ui.tasks.newest) depend on besides its filters."""

from __future__ import annotations

from datetime import date


def store_stamp(store) -> tuple:
    """What a page's rows depend on besides its filters: the store's version (it goes up with
    every commit that changes rows) and the day ("so far" figures move at midnight). A page that
    keeps the stamp of its last read skips reading again on a visit when nothing changed."""
    return (store.version, date.today())
