"""Render the desktop-convention screens (forms, menus, help, drop import) at two sizes.

    .venv/bin/python tools/render_desk.py [OUT_DIR] [STYLE]     (default: screens-desk/ Fusion)

STYLE "Windows" renders with Qt's other built-in style, to check the stylesheet does not rely on
Fusion. Uses a fresh demo database in a temporary folder; touches none of your own files.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SIZES = ((1024, 680), (1920, 1080))


def controls_sample():
    """Every kind of control, enabled and disabled, side by side."""
    from PySide6.QtWidgets import (
        QComboBox,
        QDateEdit,
        QDialog,
        QDoubleSpinBox,
        QGridLayout,
        QLabel,
        QLineEdit,
        QPushButton,
        QSpinBox,
    )

    from svdesk.ui.widgets import primary_button

    dialog = QDialog()
    dialog.setWindowTitle("Controls")
    grid = QGridLayout(dialog)
    grid.addWidget(QLabel("Enabled"), 0, 1)
    grid.addWidget(QLabel("Disabled"), 0, 2)
    makers = [
        ("Drop-down", lambda: _combo(QComboBox())),
        ("Whole number", lambda: _spin(QSpinBox())),
        ("Amount", lambda: _spin(QDoubleSpinBox())),
        ("Date", QDateEdit),
        ("Text", lambda: QLineEdit("Some text")),
        ("Primary button", lambda: primary_button("Save")),
        ("Button", lambda: QPushButton("Cancel")),
    ]
    for row, (name, make) in enumerate(makers, start=1):
        grid.addWidget(QLabel(name), row, 0)
        grid.addWidget(make(), row, 1)
        off = make()
        off.setEnabled(False)
        grid.addWidget(off, row, 2)
    return dialog


def _combo(box):
    box.addItems(["Local authorities", "Distance from the site"])
    return box


def _spin(box):
    box.setRange(0, 1000)
    box.setValue(37)
    return box


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screens-desk").resolve()
    style_name = sys.argv[2] if len(sys.argv) > 2 else "Fusion"
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="svdesk-desk-"))
    os.environ["SVDESK_HOME"] = str(tmp / "home")

    from svdesk.services.contracts import list_contracts
    from svdesk.services.demo import create_demo
    from svdesk.services.store import Store
    from svdesk.ui import tasks
    from svdesk.ui.app import create_application
    from svdesk.ui.main_window import MainWindow

    app = create_application()
    app.setStyle(style_name)
    tag = style_name.lower()

    def settle() -> None:
        for _ in range(5):
            app.processEvents()
            tasks.wait_for_done(20000)
        app.processEvents()

    def grab(widget, name: str, sizes=SIZES) -> None:
        for w, h in sizes:
            widget.resize(w, h)
            widget.show()
            settle()
            path = out / f"{name}-{tag}-{w}x{h}.png"
            widget.grab().save(str(path))
            print(path)

    store = Store.open(tmp / "demo.svdesk")
    create_demo(store)
    window = MainWindow(store)
    page = window.show_area("dashboard")
    grab(window, "dashboard")
    next(iter(page.cards.values())).setFocus()  # a card reached by Tab shows it has focus
    grab(window, "dashboard-card-focus", sizes=((1024, 680),))
    window.show_area("people")
    grab(window, "people")

    from svdesk.ui.dialogs.contract_dialog import ContractDialog

    dialog = ContractDialog(store, list_contracts(store)[1])
    grab(dialog, "form-contract", sizes=((dialog.sizeHint().width(), 680),))
    from svdesk.ui.dialogs.person_dialog import PersonDialog

    grab(PersonDialog(store, None, window), "form-person", sizes=((760, 680),))

    from svdesk.ui.dialogs.bid_question_dialog import BidQuestionDialog

    contract = list_contracts(store)[0]
    question = BidQuestionDialog(store, contract.id, f"{contract.reference}: {contract.title}", window)
    question.limit.setValue(500)
    grab(question, "form-bid-question", sizes=((560, 380),))
    from svdesk.services.organisation import get_organisation
    from svdesk.ui.dialogs.organisation_dialog import OrganisationDialog

    grab(OrganisationDialog(store, get_organisation(store), window), "form-organisation", sizes=((820, 680),))
    grab(controls_sample(), "controls", sizes=((560, 300),))

    from svdesk.ui.help_window import HelpWindow

    help_window = HelpWindow(window)
    grab(help_window, "help")
    help_window.search.setText("fte")
    grab(help_window, "help-search-fte", sizes=((1024, 680),))
    help_window.close()

    # the menus, opened one at a time over the window
    window.resize(1024, 680)
    for menu in (window.edit_menu, window.view_menu, window.records_menu):
        menu.popup(window.mapToGlobal(window.menuBar().actionGeometry(menu.menuAction()).bottomLeft()))
        settle()
        path = out / f"menu-{menu.title().strip('&').lower()}-{tag}.png"
        menu.grab().save(str(path))
        print(path)
        menu.hide()

    # a wrong file dropped: the message, not a mapping screen
    from PySide6.QtWidgets import QMessageBox

    from svdesk.importers.which_import import refusal, which_import

    photo = tmp / "receipt.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64)
    box = QMessageBox(
        QMessageBox.Information,
        "This file cannot be imported",
        refusal(photo, which_import(photo)),
        QMessageBox.Ok,
        window,
    )
    grab(box, "drop-refused", sizes=((box.sizeHint().width(), box.sizeHint().height()),))
    print("done")


if __name__ == "__main__":
    main()
