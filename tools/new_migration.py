"""Write a new Alembic migration by comparing the models with a database at the current head.

    .venv/bin/python tools/new_migration.py "add people"

Review the generated file before committing it: autogenerate misses renames and data moves.
"""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alembic import command  # noqa: E402

from svdesk.db.engine import make_engine  # noqa: E402
from svdesk.db.migrate import alembic_config  # noqa: E402


def main() -> None:
    message = sys.argv[1] if len(sys.argv) > 1 else "schema change"
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(Path(tmp) / "head.svdesk")
        cfg = alembic_config(engine)
        command.upgrade(cfg, "head")
        versions = Path(__file__).resolve().parent.parent / "svdesk" / "migrations" / "versions"
        numbers = [int(f.name[:4]) for f in versions.glob("[0-9][0-9][0-9][0-9]_*.py")]
        rev_id = f"{max(numbers, default=0) + 1:04d}"
        # Sequential ids ("0002") keep the history readable and easy to re-chain after a merge.
        command.revision(cfg, message=message, autogenerate=True, rev_id=rev_id)


if __name__ == "__main__":
    main()
