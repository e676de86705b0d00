"""The user's settings for this run of the window: loaded once, saved on close."""

from __future__ import annotations

from typing import TYPE_CHECKING

from svdesk import settings as settings_module

if TYPE_CHECKING:  # imported where used: the start-up frame has no tables (bench_startup.py)
    from PySide6.QtWidgets import QTableView

_current: settings_module.Settings | None = None


def app_settings() -> settings_module.Settings:
    global _current
    if _current is None:
        _current = settings_module.load()
    return _current


def save_settings() -> None:
    if _current is not None:
        settings_module.save(_current)


def import_folder(kind: str) -> str:
    """The folder the last import of this kind read from ("" before the first), if it is still there."""
    from pathlib import Path

    folder = app_settings().import_folders.get(kind, "")
    return folder if folder and Path(folder).is_dir() else ""


def remember_import_folder(kind: str, file_path) -> None:
    """Note the folder of a file just chosen or imported, so the next import of `kind` opens there."""
    from pathlib import Path

    path = Path(str(file_path).strip()).expanduser()
    if str(file_path).strip() and path.parent.is_dir():
        app_settings().import_folders[kind] = str(path.parent.resolve())
        save_settings()


def reset_for_tests() -> None:
    global _current
    _current = None


def fit_columns(view: QTableView, key: str, adjust=None) -> None:
    """Fit a table's columns to their contents (then `adjust(view)`), restore the widths the
    user left them at, and keep those up to date. When every column has a remembered width,
    those widths are what is shown, so the fit (measuring every cell of the first rows, tens of
    milliseconds on the GUI thread) is skipped."""
    widths = app_settings().column_widths.get(key) or []
    count = view.horizontalHeader().count()
    if len(widths) < count or any(width <= 20 for width in widths[:count]):
        view.resizeColumnsToContents()
        if adjust is not None:
            adjust(view)
    remember_columns(view, key)


def remember_columns(view: QTableView, key: str) -> None:
    """Restore a table's column widths and keep them up to date as the user resizes them."""
    header = view.horizontalHeader()
    widths = app_settings().column_widths.get(key)
    if widths:
        for i, width in enumerate(widths[: header.count()]):
            if width > 20:
                header.resizeSection(i, width)

    def store(*_):
        app_settings().column_widths[key] = [header.sectionSize(i) for i in range(header.count())]

    header.sectionResized.connect(store)
    remember_sort(view, key)
    from PySide6.QtWidgets import QHeaderView

    from svdesk.ui.column_fit import fit_to_width

    header.setSectionResizeMode(QHeaderView.Interactive)
    fit_to_width(view)  # every column in sight at the width shown (issue 20.4)


def remember_sort(view: QTableView, key: str) -> None:
    """Restore the column and direction the user last sorted a table by, and keep it up to date
    (once per table: a second call only restores)."""
    header = view.horizontalHeader()
    saved = app_settings().sort_orders.get(key)
    if view.isSortingEnabled() and saved and len(saved) == 2 and 0 <= saved[0] < header.count():
        from PySide6.QtCore import Qt

        view.sortByColumn(saved[0], Qt.SortOrder(saved[1]))
    if header.property("svdesk_sort_key") == key:
        return
    header.setProperty("svdesk_sort_key", key)

    def store(column: int, order) -> None:
        if view.isSortingEnabled() and column >= 0:
            app_settings().sort_orders[key] = [column, int(getattr(order, "value", order))]

    header.sortIndicatorChanged.connect(store)
