"""Help ▸ Licences opens the folder of licence texts; the About box names the licences."""

from __future__ import annotations

from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from svdesk.resources import licences_dir
from svdesk.ui import tasks
from svdesk.ui.main_window import MainWindow


def test_help_licences_opens_the_licence_texts(qtbot, store, monkeypatch):
    opened, about = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: about.append(text))
    window = MainWindow(store)
    qtbot.addWidget(window)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    actions = {a.text(): a for a in help_menu.actions()}
    actions["&Licences"].trigger()
    assert opened == [str(licences_dir())]
    assert (licences_dir() / "THIRD-PARTY-NOTICES.txt").is_file()
    actions["&About svdesk"].trigger()
    assert "MIT licence" in about[0] and "LGPL" in about[0] and "Help ▸ Licences" in about[0]
    qtbot.waitUntil(tasks.idle, timeout=30_000)
