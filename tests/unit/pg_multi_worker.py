"""A second svdesk "PC" for the concurrency tests (tests/unit/test_pg_multi.py): run as its own
process against the same database, with its own PC login, it does one thing through svdesk's
services and prints what happened as JSON on its last line.

    python pg_multi_worker.py LOGIN WHERE save CONTRACT_ID ROW_VERSION TITLE
    python pg_multi_worker.py LOGIN WHERE import spend|suppliers FILE
"""

from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> int:
    login, where, what, *rest = argv
    from svdesk.models import audit

    audit._user = login  # this "PC"'s login (the audit trail records it beside the database user)
    from svdesk.services.conflicts import ConflictError
    from svdesk.services.contracts import get_contract, save_contract
    from svdesk.services.spend_import import import_spend
    from svdesk.services.store import Store
    from svdesk.services.supplier_import import import_suppliers

    store = Store.open(where)
    try:
        if what == "save":
            contract_id, version, title = int(rest[0]), int(rest[1]), rest[2]
            mine = get_contract(store, contract_id)
            assert mine is not None
            mine.title, mine.row_version = title, version
            try:
                saved = save_contract(store, mine)
            except ConflictError as exc:
                out = {
                    "conflict": True,
                    "theirs": (exc.theirs or {}).get("title"),
                    "yours": exc.yours.get("title"),
                    "by": exc.by,
                    "differing": exc.differing,
                    "version": exc.version,
                }
            else:
                out = {"conflict": False, "title": saved.title, "version": saved.row_version}
        elif what == "import":
            kind, path = rest
            summary = (import_spend if kind == "spend" else import_suppliers)(store, path)
            out = {
                "imported": summary.to_import,
                "duplicates": summary.duplicates,
                "new_suppliers": summary.new_suppliers,
                "earlier": summary.earlier_import,
            }
        else:
            raise SystemExit(f"unknown action {what}")
    finally:
        store.close()
    print(json.dumps(out, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
