"""What the People table and every activity record table share.

A search box (with whatever filters the table adds beside it), a row of actions, a paged table
that takes files dropped on a row, a footer with the totals, and the teaching empty state when
there is nothing yet. The first page, its count and the totals are read off the GUI thread
(svdesk.ui.reads), from filters captured when the read is asked for; a visit when nothing has
been written since the last read (Store.version) reads nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.ui import tasks
from svdesk.ui.reads import store_stamp
from svdesk.ui.records.evidence_dialog import dropped_files
from svdesk.ui.records.paged_model import PagedColumn, PagedModel
from svdesk.ui.stacks import CurrentStack
from svdesk.ui.state import fit_columns
from svdesk.ui.table_model import bold_font, setup_table
from svdesk.ui.widgets import EmptyState, label

SEARCH_DELAY_MS = 250  # typing pauses this long before the table is read again
LOADING = "Reading…"
# Columns are fitted to a screenful of rows (about 22 at 32 px on a 1080-line screen): each
# fitted cell is a dozen Python calls, and fitting 40 rows was ~70 ms on the GUI thread.
FIT_ROWS = 24


class DropTableView(QTableView):
    """A table that takes files dropped on a row (to attach them as evidence)."""

    files_dropped = Signal(int, list)  # row, [Path]

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DropOnly)

    def dragEnterEvent(self, event):  # noqa: N802
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event):  # noqa: N802
        if dropped_files(event.mimeData()) and self.indexAt(event.position().toPoint()).isValid():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event):  # noqa: N802
        index = self.indexAt(event.position().toPoint())
        files = dropped_files(event.mimeData())
        if index.isValid() and files:
            self.files_dropped.emit(index.row(), files)
            event.acceptProposedAction()


@dataclass
class FirstPage:
    total: int
    rows: list
    footer: str


class PagedTable(QWidget):
    """Subclasses give the columns and the reads; they add filters to self.tools, buttons with
    add_action, and call start() at the end of their __init__."""

    changed = Signal()

    def __init__(
        self,
        store,
        columns: list[PagedColumn],
        empty: EmptyState,
        *,
        search: str,
        search_name: str,
        help_text: str,
        name: str,
        settings_key: str,
        sort_column: int,
        sort_order,
        parent=None,
    ):
        super().__init__(parent)
        self.store = store
        self.settings_key = settings_key
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 8, 8, 8)
        # Each widget is made with its parent: moving a built table into another parent restyles
        # the whole of it again (~15 ms a move with the style sheet).
        self.stack = CurrentStack(self)
        self.empty = empty
        self.stack.addWidget(self.empty)
        page = QWidget(self.stack)
        inner = QVBoxLayout(page)
        inner.setContentsMargins(0, 0, 0, 0)
        self.tools = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(search)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(search_name)
        self.tools.addWidget(self.search, 1)
        inner.addLayout(self.tools)
        self.actions = QHBoxLayout()
        self.actions.addWidget(label(help_text, "HelpText"), 1)
        inner.addLayout(self.actions)
        self._filters: dict = {}
        self.model = PagedModel(columns, self._fetch_page, self)
        self.table = DropTableView(page)
        setup_table(self.table, self.model, single=True)
        # Columns are fitted once, from the first rows: a page of people has costly cells (pay
        # and locality texts), and the first screenful shows what the columns hold.
        self.table.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
        self.table.sortByColumn(sort_column, sort_order)
        self._sorted = (sort_column, sort_order)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_chosen)
        self.table.setAccessibleName(name)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        inner.addWidget(self.table, 1)
        self.footer = label("", "Muted")
        self.footer.setFont(bold_font())
        inner.addWidget(self.footer)
        self.stack.addWidget(page)
        self.stack.setCurrentIndex(1)
        box.addWidget(self.stack, 1)
        self._asked_at: tuple | None = None  # (store version, day) of the newest read asked for
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda *_: self._timer.start())
        QShortcut(QKeySequence.Find, self, self.search.setFocus)
        self._sized = False

    def add_action(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        self.actions.addWidget(button)
        return button

    def start(self) -> None:
        """After the subclass has built its filters: follow sorting, and read the first page."""
        self.model.sort_changed.connect(self.reload)
        self._follow_layout_with_tab()
        self.reload()

    def _follow_layout_with_tab(self) -> None:
        """Tab goes as the eye does: the search and the filters beside it, the actions, then
        the table (filters are added after the table is made, so Qt's order had them last)."""
        rows = [self.tools.itemAt(i).widget() for i in range(self.tools.count())]
        rows += [self.actions.itemAt(i).widget() for i in range(self.actions.count())]
        chain = [w for w in rows + [self.table] if w is not None and w.focusPolicy() & Qt.TabFocus]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

    # --- for subclasses ------------------------------------------------------------------------
    def filters(self) -> dict:
        """What the user chose, read from the widgets on the GUI thread."""
        return {"search": self.search.text()}

    def filtered(self, filters: dict) -> bool:
        """Whether a choice of the user's (rather than an empty store) may hide every row."""
        return bool(filters.get("search"))

    def read_rows(self, filters: dict, offset: int, limit: int, order_by, descending) -> list:
        raise NotImplementedError

    def read_count(self, filters: dict) -> int:
        raise NotImplementedError

    def read_footer(self, filters: dict) -> str:
        raise NotImplementedError

    def _selection_changed(self, *_) -> None:
        """Enable the actions that need a selected row."""

    def _sort_chosen(self, column: int, order) -> None:
        """A column the service cannot sort by (a derived figure) keeps the arrow where it was,
        so the arrow never claims an order the rows are not in."""
        header = self.table.horizontalHeader()
        if self.model.columns[column].sort_key is None:
            header.blockSignals(True)
            header.setSortIndicator(*self._sorted)
            header.blockSignals(False)
        else:
            self._sorted = (column, order)

    # --- reading -------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return tasks.busy(self, "shown") or self.model.fetching

    def _fetch_page(self, offset, limit, order_by, descending) -> list:
        return self.read_rows(self._filters, offset, limit, order_by, descending)

    def refresh(self) -> None:
        """Read again if anything has been written since the rows shown were read."""
        if self._asked_at != store_stamp(self.store):
            self.reload()

    def reload(self) -> None:
        self._timer.stop()
        filters = self.filters()
        order_by, descending = self.model.order_by, self.model.descending
        size = self.model.page_size
        self._asked_at = store_stamp(self.store)

        def read() -> FirstPage:
            return FirstPage(
                self.read_count(filters),
                self.read_rows(filters, 0, size, order_by, descending),
                self.read_footer(filters),
            )

        if not self.model.rows:
            self.footer.setText(LOADING)
        tasks.newest(self, "shown", read, lambda page: self._show(page, filters), self._failed)

    def _show(self, page: FirstPage, filters: dict) -> None:
        self._filters = filters
        self.model.show_page(page.total, page.rows)
        self.stack.setCurrentIndex(1 if page.total or self.filtered(filters) else 0)
        self.footer.setText(page.footer)
        if self.model.rows and not self._sized:
            fit_columns(self.table, self.settings_key)
            self._sized = True
        self._selection_changed()

    def _failed(self, message: str) -> None:
        self._asked_at = None  # the next visit tries again
        self.footer.setText(f"svdesk could not read this table: {message}")

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _after_change(self) -> None:
        self.refresh()
        self.changed.emit()
