"""Building blocks every page uses: the page header, empty states, cards, status labels."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QMetaMethod, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from svdesk.ui import style


def primary_button(text: str, on_click: Callable | None = None) -> QPushButton:
    button = QPushButton(text)
    button.setProperty("primary", True)
    button.setCursor(Qt.PointingHandCursor)
    if on_click:
        button.clicked.connect(on_click)
    return button


def label(text: str, name: str | None = None, wrap: bool = True) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    if name:
        widget.setObjectName(name)
    return widget


class PageHeader(QWidget):
    """Title, one sentence saying what the page is for, and the page's main action."""

    def __init__(
        self,
        title: str,
        purpose: str,
        action_text: str | None = None,
        on_action: Callable | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, style.SPACING * 2)
        texts = QVBoxLayout()
        self.title = label(title, "PageTitle")
        self.purpose = label(purpose, "PagePurpose")
        texts.addWidget(self.title)
        texts.addWidget(self.purpose)
        layout.addLayout(texts, 1)
        self.extra = QHBoxLayout()
        layout.addLayout(self.extra)
        self.action: QPushButton | None = None
        if action_text:
            self.action = primary_button(action_text, on_action)
            layout.addWidget(self.action, 0, Qt.AlignTop)

    def add_button(self, button: QPushButton) -> None:
        """A secondary action, shown left of the main one."""
        self.extra.addWidget(button, 0, Qt.AlignTop)


class EmptyState(QFrame):
    """What belongs here, why a buyer cares, and the actions that fill it."""

    def __init__(
        self,
        title: str,
        text: str,
        actions: Sequence[tuple[str, Callable]] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("EmptyState")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.setSpacing(style.SPACING * 1.5)
        layout.addWidget(label(title, "EmptyTitle"))
        body = label(text)
        body.setMaximumWidth(640)
        layout.addWidget(body)
        row = QHBoxLayout()
        self.buttons: list[QPushButton] = []
        for i, (caption, callback) in enumerate(actions):
            button = primary_button(caption, callback) if i == 0 else QPushButton(caption)
            if i:
                button.clicked.connect(callback)
            self.buttons.append(button)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)


class Card(QFrame):
    """A headline figure with its label and a line of context; clickable when given a target."""

    clicked = Signal()

    def __init__(self, value: str, caption: str, detail: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("Card")
        # as tall as its wrapped detail needs at the width it gets (Fixed took the height the
        # detail had at its preferred width, and cut it off in a narrow window)
        policy = QSizePolicy(QSizePolicy.Expanding, QSizePolicy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.value_label = label(value, "CardValue", wrap=False)
        self.caption_label = label(caption, "CardLabel")
        self.detail_label = label(detail, "HelpText")
        layout.addWidget(self.caption_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.detail_label)
        self.detail_label.setVisible(bool(detail))
        self._name()

    def set_value(self, value: str, detail: str = "") -> None:
        self.value_label.setText(value)
        self.detail_label.setText(detail)
        self.detail_label.setVisible(bool(detail))
        self._name()

    def _name(self) -> None:
        parts = (self.caption_label.text(), self.value_label.text(), self.detail_label.text())
        self.setAccessibleName(": ".join(p for p in parts[:2] if p))
        self.setAccessibleDescription(parts[2])

    @property
    def clickable(self) -> bool:
        return self.isSignalConnected(QMetaMethod.fromSignal(self.clicked))

    def showEvent(self, event):  # noqa: N802 (Qt naming)
        # A card that opens something is reached by Tab, opened by Enter or Space, and shows a
        # pointing hand; a plain figure is neither.
        if self.clickable:
            self.setFocusPolicy(Qt.StrongFocus)
            self.setCursor(Qt.PointingHandCursor)
        super().showEvent(event)

    def keyPressEvent(self, event):  # noqa: N802 (Qt naming)
        if event.key() in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_Space) and self.clickable:
            self.clicked.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event):  # noqa: N802 (Qt naming)
        if event.button() == Qt.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


def status_label(status: str, text: str) -> QLabel:
    """A status shown by colour and by its word, never by colour alone."""
    widget = QLabel(f"● {text}")
    widget.setStyleSheet(f"color: {style.STATUS.get(status, style.TEXT_MUTED)}; font-weight: 600;")
    return widget


class Page(QWidget):
    """Base for an area page: a header on top, content below, refreshed when shown.

    The content (self.page_body, laid out by self.layout_) sits in a scroll area: on a small screen
    (the window's 1024x680 minimum) a page scrolls rather than squeezing its figures and
    labels below their size (issue 20.4). Tables and lists still fill the room there is."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.page_scroll = QScrollArea(self)
        self.page_scroll.setObjectName("PageScroll")
        # Only scrolls the page: the controls inside take the focus (Tab never stops on it).
        self.page_scroll.setFocusPolicy(Qt.NoFocus)
        self.page_scroll.setAccessibleName("Page")
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.NoFrame)
        self.page_scroll.setStyleSheet("#PageScroll, #PageBody { background: transparent; }")
        self.page_body = QWidget(self.page_scroll)
        self.page_body.setObjectName("PageBody")
        self.layout_ = QVBoxLayout(self.page_body)
        self.layout_.setContentsMargins(32, 24, 32, 24)
        self.layout_.setSpacing(style.SPACING)
        self.page_scroll.setWidget(self.page_body)
        self.page_scroll.viewport().setAutoFillBackground(False)
        outer.addWidget(self.page_scroll)

    def refresh(self) -> None:
        """Reload from the store; called whenever the page is shown or data changed."""


def confirm(parent: QWidget, title: str, text: str, action: str) -> bool:
    """Ask before a destructive action; the button says what it does ("Delete contract")."""
    box = QMessageBox(QMessageBox.Warning, title, text, QMessageBox.NoButton, parent)
    go = box.addButton(action, QMessageBox.DestructiveRole)
    cancel = box.addButton(QMessageBox.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is go
