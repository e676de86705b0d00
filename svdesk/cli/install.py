"""`svdesk check-install`: does this installation have everything it ships with?

For support and for the installer smoke test: it checks, without a database or a window, that the
files svdesk reads from disk are where it looks for them, which is exactly what a frozen bundle
can get wrong (resources/, the Alembic migrations, the ONS postcode files, and PDFium's library,
which the evidence preview loads to show PDF pages).
"""

from __future__ import annotations

import json
import sys

from svdesk import __version__
from svdesk.cli import EXIT_FAILURE

# A real postcode with a known answer: Salford Civic Centre's area (Salford, E08000006).
PROBE_POSTCODE = "M5 4WT"
PROBE_AUTHORITY = "E08000006"


def _checks() -> list[tuple[str, bool, str]]:
    from svdesk.db.migrate import MIGRATIONS_DIR, head_revision
    from svdesk.geo import postcodes
    from svdesk.resources import resources_root

    results = []
    try:
        root = resources_root()
        results.append(("resources", True, str(root)))
    except FileNotFoundError as exc:
        results.append(("resources", False, str(exc)))
    try:
        results.append(("migrations", True, f"{MIGRATIONS_DIR} (head {head_revision()})"))
    except Exception as exc:  # noqa: BLE001 (any failure here means a broken install)
        results.append(("migrations", False, f"{MIGRATIONS_DIR}: {exc}"))
    info = postcodes.lookup(PROBE_POSTCODE) if postcodes.directory_available() else None
    if info is not None and info.la_code == PROBE_AUTHORITY and info.has_location:
        ok, detail = True, f"{postcodes._data_dir()}: {PROBE_POSTCODE} is in {info.la_code}"
    else:
        ok, detail = False, f"{PROBE_POSTCODE} not found in {postcodes._data_dir()}"
    results.append(("postcodes", ok, detail))
    results.append(_pdf_check())
    return results


def _pdf_check() -> tuple[str, bool, str]:
    """Render a blank page: proves PDFium's shared library is there and loads."""
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument.new()
        page = pdf.new_page(72, 72)
        ok = page.render(scale=1).width == 72
        page.close()
        pdf.close()
        return ("pdf preview", ok, f"PDFium {pdfium.PDFIUM_INFO}")
    except Exception as exc:  # noqa: BLE001 (an import or library-loading failure of any kind)
        return ("pdf preview", False, f"PDFium cannot be loaded: {exc}")


def _add(sub):
    p = sub.add_parser("check-install", help="check that this installation has its data files (for support)")
    p.add_argument("--json", action="store_true", help="print JSON")


def _run(args) -> int:
    results = _checks()
    frozen = bool(getattr(sys, "frozen", False))
    if args.json:
        print(
            json.dumps(
                {
                    "version": __version__,
                    "frozen": frozen,
                    "checks": {n: {"ok": ok, "detail": d} for n, ok, d in results},
                },
                indent=2,
            )
        )
    else:
        print(f"svdesk {__version__} ({'bundled' if frozen else 'Python ' + sys.version.split()[0]})")
        for name, ok, detail in results:
            print(f"  {'ok     ' if ok else 'MISSING'} {name:11} {detail}")
    if all(ok for _n, ok, _d in results):
        return 0
    print("svdesk: this installation is incomplete; reinstall svdesk.", file=sys.stderr)
    return EXIT_FAILURE
