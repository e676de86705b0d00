"""Show a dated rate table (wage floors or carbon factors) with its source, and let the user edit
a copy: svdesk then uses the copy in the configuration folder instead of the shipped file."""

from __future__ import annotations

import csv
import shutil

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from svdesk.calc import rates
from svdesk.resources import resource_path
from svdesk.ui.unsaved import GuardedDialog
from svdesk.ui.widgets import confirm, label

TITLES = {
    "wages.csv": (
        "Wage rates",
        "The Real Living Wage (UK and London) and National Living Wage, "
        "each with the date svdesk treats it as in force. A new Real Living Wage is "
        "treated as in force six months after it is announced.",
    ),
    "ghg_factors.csv": (
        "Carbon conversion factors",
        "UK Government GHG conversion factors "
        "(DESNZ), kg CO2e per unit, by edition. svdesk uses the edition for the "
        "year of each record. " + rates.GHG_ATTRIBUTION,
    ),
}


def user_copy(name: str):
    from svdesk.paths import config_dir

    return config_dir() / "rates" / name


class RatesDialog(GuardedDialog):
    unsaved_what = "these rates"

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.name = name
        title, text = TITLES[name]
        self.setWindowTitle(title)
        self.resize(980, 620)
        box = QVBoxLayout(self)
        box.addWidget(label(title, "SectionTitle"))
        box.addWidget(label(text, "Muted"))
        self.source = label("", "HelpText")
        box.addWidget(self.source)
        self.table = QTableWidget()
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(title)
        box.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.edit_button = QPushButton("Edit a copy…")
        self.edit_button.setToolTip(
            "Copies the table to your settings folder and opens it; svdesk uses your copy from then on."
        )
        self.edit_button.clicked.connect(self.edit_copy)
        self.reset_button = QPushButton("Go back to the shipped table")
        self.reset_button.clicked.connect(self.reset)
        self.reload_button = QPushButton("Reload")
        self.reload_button.clicked.connect(self.load)
        for b in (self.edit_button, self.reload_button, self.reset_button):
            row.addWidget(b)
        row.addStretch(1)
        box.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.load()

    def load(self) -> None:
        rates.clear_cache()
        path = rates.table_path(self.name)
        copy = user_copy(self.name)
        self.source.setText(
            f"In use: {'your edited copy, ' if path == copy else 'the shipped table, '}{path}"
        )
        self.reset_button.setEnabled(copy.is_file())
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], rows[1:]
        self.table.setColumnCount(len(header))
        self.table.setHorizontalHeaderLabels([h.replace("_", " ") for h in header])
        self.table.setRowCount(len(body))
        for i, r in enumerate(body):
            for j, value in enumerate(r):
                self.table.setItem(i, j, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    def edit_copy(self) -> None:
        copy = user_copy(self.name)
        if not copy.is_file():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(resource_path("rates", self.name), copy)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))
        self.load()

    def reset(self) -> None:
        copy = user_copy(self.name)
        if copy.is_file() and confirm(
            self, "Use the shipped table", "Stop using your edited copy? It is deleted.", "Use shipped table"
        ):
            copy.unlink()
            self.load()
