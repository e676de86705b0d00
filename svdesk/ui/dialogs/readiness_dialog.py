"""Before you send it: the ready-to-send check's blockers and warnings, each with its fix,
shown before an export (svdesk.exports.readiness). A blocker stops the export unless the user
chooses "Export anyway"; warnings only need "Export"."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from svdesk.exports.readiness import Readiness
from svdesk.ui import style
from svdesk.ui.widgets import label


class ReadinessDialog(QDialog):
    def __init__(self, readiness: Readiness, parent: QWidget | None = None):
        super().__init__(parent)
        self.readiness = readiness
        self.setWindowTitle("Before you send it")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(label(readiness.summary(), "SectionTitle"))
        if readiness.blockers:
            layout.addWidget(
                label(
                    "A blocker means the document is not fit to send as it is. "
                    "Go back and fix it, or export anyway (for a draft).",
                    "HelpText",
                )
            )
        holder = QWidget()
        rows = QVBoxLayout(holder)
        rows.setContentsMargins(0, 0, 0, 0)
        self.items: list[QWidget] = []
        for issue in readiness.blockers + readiness.warnings:
            item = QFrame()
            item.setFrameShape(QFrame.StyledPanel)
            box = QVBoxLayout(item)
            word = "Blocker" if issue.is_blocker else "Warning"
            colour = f' style="color:{style.ERROR}"' if issue.is_blocker else ""
            box.addWidget(label(f"<b{colour}>{word}</b>: {_html(issue.message)}"))
            box.addWidget(label(f"Fix: {issue.fix}", "HelpText"))
            item.setAccessibleName(f"{word}: {issue.message}")
            rows.addWidget(item)
            self.items.append(item)
        rows.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 1)

        self.buttons = QDialogButtonBox()
        blocked = bool(readiness.blockers)
        self.export_button = QPushButton("Export anyway" if blocked else "Export")
        self.back_button = QPushButton("Go back and fix" if blocked else "Go back")
        self.buttons.addButton(self.export_button, QDialogButtonBox.AcceptRole)
        self.buttons.addButton(self.back_button, QDialogButtonBox.RejectRole)
        # With a blocker, Enter goes back: exporting takes a deliberate click.
        self.default_button = self.back_button if blocked else self.export_button
        self.default_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(640, min(560, 200 + 110 * len(self.items)))

    def showEvent(self, event):  # noqa: N802
        super().showEvent(event)
        self.default_button.setDefault(True)  # the button box resets it when shown
        self.default_button.setFocus()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["ReadinessDialog"]
