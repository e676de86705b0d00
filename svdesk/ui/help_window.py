"""The help window (F1): topics on the left, searchable, the chosen topic on the right.

Topics: getting started, the areas, files you can drop on the window, the keyboard shortcuts
(from svdesk.ui.shortcuts, the table the menus use) and one topic per glossary term (from
svdesk.help_glossary, the words the tooltips show). One window per main window; F1 again
brings it to the front.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
)

from svdesk.help_glossary import GLOSSARY
from svdesk.ui.areas import AREAS
from svdesk.ui.shortcuts import all_shortcuts


@dataclass(frozen=True)
class Topic:
    title: str
    body: str  # HTML
    words: str  # plain text the search looks in


def _para(*texts: str) -> str:
    return "".join(f"<p>{html.escape(t)}</p>" for t in texts)


def _topic(title: str, body: str) -> Topic:
    plain = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return Topic(title, body, f"{title} {plain}".lower())


def _shortcuts_html() -> str:
    groups: dict[str, list] = {}
    for s in all_shortcuts():
        groups.setdefault(s.group, []).append(s)
    parts = []
    for group, items in groups.items():
        rows = "".join(
            f"<tr><td style='padding:2px 16px 2px 0'><b>{html.escape(s.keys)}</b>"
            f"</td><td>{html.escape(s.does)}</td></tr>"
            for s in items
        )
        parts.append(f"<h3>{html.escape(group)}</h3><table>{rows}</table>")
    return "".join(parts)


def topics() -> list[Topic]:
    from svdesk.importers.which_import import DROPPABLE

    areas = "".join(
        f"<li><b>{html.escape(a.title)}</b> ({html.escape(a.shortcut)}): {html.escape(a.purpose)}</li>"
        for a in AREAS
    )
    drops = "".join(f"<li>{html.escape(d)}</li>" for d in DROPPABLE)
    result = [
        _topic(
            "Getting started",
            _para(
                "svdesk keeps the evidence of the social value your organisation creates, so you "
                "can show buyers what you did, not just what you promise."
            )
            + "<ol>"
            "<li>Fill in your Organisation profile and add your Contracts and bids.</li>"
            "<li>Take the Self-assessment to see where you stand.</li>"
            "<li>Record people, community work, spend and environment as they happen, with "
            "evidence.</li><li>Use Reports for bid-ready workbooks, evidence packs and "
            "returns.</li></ol>"
            + _para(
                "Hover over a word such as FTE or VCSE on any page to see what it means; the "
                "Glossary topics here explain every such word."
            ),
        ),
        _topic(
            "The areas",
            f"<p>The list on the left of the window holds these areas. The "
            f"View menu lists them too, with the keys that jump to each.</p><ul>{areas}</ul>",
        ),
        _topic(
            "Importing: drag a file onto the window",
            _para(
                "Drag a file from your folders onto the svdesk window and svdesk works out what it "
                "is and opens the right import, with the file already chosen. You can also use the "
                "Records menu."
            )
            + f"<p>Files you can drop:</p><ul>{drops}</ul>"
            + _para(
                "A photo, a scan or a PDF is evidence, not an import: drop it on the Evidence page "
                "or on a record's row to attach it."
            ),
        ),
        _topic(
            "Keyboard shortcuts",
            "<p>Every area and action can be reached with the "
            "keyboard. Tab moves between controls; Enter or Space opens the focused card or "
            "button.</p>" + _shortcuts_html(),
        ),
        _topic(
            "Backups and archives",
            _para(
                "svdesk copies your database when you open it (once a day) and when you close it. "
                "Save an archive (Privacy & data, Backups…) to carry everything, with the evidence "
                "files, to another PC or a USB stick; drop the archive on the window to restore "
                "it."
            ),
        ),
    ]
    for term in GLOSSARY:
        also = f"<p><i>Also written: {html.escape(', '.join(term.aliases))}</i></p>" if term.aliases else ""
        result.append(
            _topic(f"Glossary: {term.term}", f"<h2>{html.escape(term.term)}</h2>{_para(term.meaning)}{also}")
        )
    return result


class HelpWindow(QDialog):
    """A help window with a search box over its topics (not modal: keep it open as you work)."""

    def __init__(self, parent=None, topic: str = ""):
        super().__init__(parent)
        self.setWindowTitle("svdesk help")
        self.setModal(False)
        self.setMinimumSize(720, 480)
        self.resize(960, 640)
        self.topics = topics()
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 16, 16, 16)
        search_label = QLabel("&Search the help and glossary")
        self.search = QLineEdit()
        self.search.setPlaceholderText("A word, e.g. FTE, VCSE, local spend, import")
        self.search.setAccessibleName("Search the help")
        self.search.setClearButtonEnabled(True)
        search_label.setBuddy(self.search)
        box.addWidget(search_label)
        box.addWidget(self.search)
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName("Help topics")
        self.list.setMinimumWidth(300)
        self.list.setMaximumWidth(360)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.page = QTextBrowser()
        self.page.setAccessibleName("Help topic")
        self.page.setOpenExternalLinks(False)
        row.addWidget(self.list)
        row.addWidget(self.page, 1)
        box.addLayout(row, 1)
        self.count = QLabel("")
        self.count.setObjectName("HelpText")
        box.addWidget(self.count)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.close)
        box.addWidget(buttons)
        self.search.textChanged.connect(self.filter)
        self.list.currentItemChanged.connect(self._show)
        self.filter("")
        if topic:
            self.open_topic(topic)

    @classmethod
    def show_for(cls, window, topic: str = "") -> HelpWindow:
        existing = getattr(window, "_help_window", None)
        if existing is None:
            existing = window._help_window = cls(window)
        if topic:
            existing.open_topic(topic)
        existing.show()
        existing.raise_()
        existing.activateWindow()
        existing.search.setFocus()
        return existing

    def shown_titles(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def filter(self, text: str) -> None:
        words = text.lower().split()
        self.list.clear()
        # each word at the start of a word in the topic: "fte" finds FTE, not "after"
        patterns = [re.compile(r"(?<![a-z0-9])" + re.escape(w)) for w in words]
        matches = [t for t in self.topics if all(p.search(t.words) for p in patterns)]
        # a glossary entry named by the search comes first
        matches.sort(key=lambda t: not any(t.title.lower() == f"glossary: {w}" for w in words))
        for t in matches:
            item = QListWidgetItem(t.title)
            item.setData(Qt.UserRole, t)
            self.list.addItem(item)
        if matches:
            self.list.setCurrentRow(0)
            self.count.setText("" if not words else f"{len(matches)} topics mention “{text}”.")
        else:
            self.page.setHtml(
                _para(
                    f"Nothing in the help mentions “{text}”. Try a shorter "
                    "word, or clear the search to see every topic."
                )
            )
            self.count.setText("No topics found.")

    def open_topic(self, title: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).text().lower() in (title.lower(), f"glossary: {title.lower()}"):
                self.list.setCurrentRow(i)
                return

    def _show(self, item, _previous=None) -> None:
        if item is None:
            return
        topic: Topic = item.data(Qt.UserRole)
        body = (
            topic.body
            if topic.body.lstrip().startswith("<h2>")
            else f"<h2>{html.escape(topic.title)}</h2>{topic.body}"
        )
        self.page.setHtml(body)
