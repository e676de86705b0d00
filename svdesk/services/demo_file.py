"""The demo firm lives in a file of its own, never in the user's records (issue 20.1).

"Explore with demo data" makes <data folder>/demo.svdesk afresh and opens it; the window says
it is the demo, and the file is never remembered as the one to open at the next start, so the
user's own database is what opens then.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from svdesk.paths import DB_SUFFIX, data_dir, default_db_path

DEMO_NAME = f"demo{DB_SUFFIX}"


def demo_db_path() -> Path:
    return data_dir() / DEMO_NAME


def is_demo_database(path: Path | str | None) -> bool:
    if not path:
        return False
    try:
        return Path(path).expanduser().resolve() == demo_db_path().resolve()
    except OSError:
        return False


def own_database_path(last_database: str = "") -> Path:
    """Where the user's own records are: the last database they opened that is not the demo,
    or the default one."""
    if last_database and not is_demo_database(last_database):
        return Path(last_database)
    return default_db_path()


def make_fresh_demo(path: Path | None = None) -> Path:
    """A new demo database (any earlier one, its evidence folder and lock are replaced), filled
    with the example firm. Returns its path; the file is closed again."""
    from svdesk.services.demo import create_demo
    from svdesk.services.store import Store

    path = Path(path) if path else demo_db_path()
    for extra in ("", "-wal", "-shm", "-journal", ".lock"):
        Path(str(path) + extra).unlink(missing_ok=True)
    evidence = path.with_name(path.stem + "-evidence")
    if evidence.is_dir():
        shutil.rmtree(evidence, ignore_errors=True)
    store = Store.open(path)
    try:
        create_demo(store)
    finally:
        store.close()
    return path
