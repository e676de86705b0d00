"""Render every screen and dialog to PNG (offscreen) so anyone can look at them.

    .venv/bin/python tools/render_screens.py [OUT_DIR] [--size 1024x680] [--only dashboard,spend]

OUT_DIR defaults to screens/; --size is the main window's size (default 1280x800; 1024x680 is
the smallest it allows); --only renders just the named areas (and skips the dialogs).

Uses a fresh demo database in a temporary folder; touches none of your own files.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _arguments():
    import argparse

    parser = argparse.ArgumentParser(description="Render svdesk's screens to PNG files.")
    parser.add_argument("out", nargs="?", default="screens")
    parser.add_argument("--size", default="1280x800", help="window size, e.g. 1024x680")
    parser.add_argument("--only", default="", help="area keys, comma separated")
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.lower().split("x"))
    return Path(args.out).resolve(), (width, height), {k for k in args.only.split(",") if k}


def main() -> None:
    out, size, only = _arguments()
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="svdesk-screens-"))
    os.environ["SVDESK_HOME"] = str(tmp / "home")

    from svdesk.services.store import Store
    from svdesk.ui.app import create_application
    from svdesk.ui.areas import AREAS
    from svdesk.ui.main_window import MainWindow

    app = create_application()
    shots: list[Path] = []

    from svdesk.ui import tasks

    def settle() -> None:
        """Let background counts and page reads finish and their results reach the screen."""
        for _ in range(5):
            app.processEvents()
            tasks.wait_for_done(20000)
        app.processEvents()

    def grab(widget, name: str) -> None:
        widget.show()
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        shots.append(path)

    empty = Store.open(tmp / "empty.svdesk")
    from svdesk.ui.first_run import WelcomeDialog

    welcome = WelcomeDialog(empty)
    grab(welcome, "00-welcome")
    welcome.stack.setCurrentIndex(1)
    grab(welcome, "01-welcome-organisation-form")
    welcome.close()

    from svdesk.services.organisation import OrganisationData, save_organisation

    save_organisation(empty, OrganisationData(name="New Firm Ltd"))
    window = MainWindow(empty)
    window.resize(*size)
    for area in AREAS:
        if only and area.key not in only:
            continue
        window.show_area(area.key)
        grab(window, f"10-empty-{area.key}")
    window.close()

    from svdesk.services.demo_file import make_fresh_demo

    store = Store.open(make_fresh_demo())  # the demo's own file: its banner shows
    window = MainWindow(store)
    window.resize(*size)
    for i, area in enumerate(AREAS):
        if only and area.key not in only:
            continue
        window.show_area(area.key)
        grab(window, f"{20 + i:02d}-{area.key}")
        page = window.pages[area.key]
        if only:
            continue
        for name, dialog in getattr(page, "screenshot_dialogs", lambda: [])():
            grab(dialog, f"{20 + i:02d}-{area.key}-{name}")
            dialog.close()
        # Pages with several views (wizard, results…) show each in turn.
        for name in getattr(page, "screenshot_states", lambda: [])():
            grab(window, f"{20 + i:02d}-{area.key}-{name}")

    if only:
        print("\n".join(str(p) for p in shots))
        return
    from svdesk.services.contracts import list_contracts
    from svdesk.services.organisation import get_organisation
    from svdesk.ui.dialogs.contract_dialog import ContractDialog
    from svdesk.ui.dialogs.organisation_dialog import OrganisationDialog

    dialog = ContractDialog(store, list_contracts(store)[1])
    grab(dialog, "40-contract-dialog-edit")
    dialog.end.set_value(dialog.start.value().replace(year=2020))
    dialog.site.setText("M5 4W")
    dialog.form.touched.update({"end_date", "site_postcode"})
    dialog._revalidate()
    grab(dialog, "41-contract-dialog-errors")
    grab(OrganisationDialog(store, get_organisation(store)), "42-organisation-dialog")
    print("\n".join(str(p) for p in shots))


if __name__ == "__main__":
    main()
