"""Visiting every page leaves the main window the only window shown, holding the focus
(issue 20.11: a filter combo shown before it had a parent flashed up as a top-level window of
its own, took the keyboard focus, and the window's shortcuts stopped working)."""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

from svdesk.ui import tasks
from svdesk.ui.areas import AREAS
from svdesk.ui.main_window import MainWindow


class WindowsShown(QObject):
    """Every widget shown as a window of its own while installed."""

    def __init__(self):
        super().__init__()
        self.shown: list[str] = []

    def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
        if (
            event.type() == QEvent.Show
            and isinstance(obj, QWidget)
            and obj.isWindow()
            and not isinstance(obj, MainWindow)
            and obj.windowType().name not in ("Popup", "ToolTip")
        ):
            self.shown.append(
                f"{type(obj).__name__} {obj.accessibleName()!r} {obj.objectName()!r} "
                f"{getattr(obj, 'text', lambda: '')()!r}"
            )
        return False


def test_no_stray_top_level_window_after_visiting_every_page(qtbot, demo_store):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    app = QApplication.instance()
    spy = WindowsShown()
    app.installEventFilter(spy)
    try:
        for area in ("people", "community", "environment") + tuple(a.key for a in AREAS):
            window.show_area(area)
            tasks.wait_for_done(20000)
            app.processEvents()
            assert spy.shown == [], f"opening {area} showed a window of its own: {spy.shown}"
            visible = [
                w
                for w in app.topLevelWidgets()
                if w.isVisible() and w is not window and w.windowType().name not in ("Popup", "ToolTip")
            ]
            assert visible == [], f"after opening {area}: stray windows {visible}"
    finally:
        app.removeEventFilter(spy)
    # the window's shortcuts still work: Ctrl+1 goes back to the dashboard
    window.activateWindow()
    qtbot.keyClick(window.nav, "1", modifier=Qt.ControlModifier)
    assert window.current_area() == "dashboard"
