"""The dashboard's "what next" card (issue 20.2): the start checklist until every step is done,
then the month-end routine for last month.

The start steps are ticked from the records (svdesk.services.start_checklist); the month-end
ticks are the user's own, remembered in the settings per database and month.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from svdesk.services.start_checklist import MONTH_END_STEPS, Step, all_done, month_key, month_to_close
from svdesk.ui import style
from svdesk.ui.state import app_settings, save_settings
from svdesk.ui.widgets import label

Opener = Callable[[str, str], object]  # (area key, tab title start) -> the page opened


def _clear(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        elif item.layout() is not None:
            _clear(item.layout())


class NextStepsCard(QFrame):
    """Start checklist or month-end routine; `show_steps` decides which from the start steps."""

    def __init__(self, open_area: Opener, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("Card")
        self.open_area = open_area
        self.database = ""  # the open database's path: month ticks are filed by it
        self.month: date | None = None
        self.buttons: dict[str, QPushButton] = {}
        self.ticks: dict[str, QCheckBox] = {}
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 14, 20, 14)
        box.setSpacing(8)
        self.title = label("", "SectionTitle")
        self.intro = label("", "Muted")
        box.addWidget(self.title)
        box.addWidget(self.intro)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(6)
        box.addLayout(self.rows)
        self.mode = ""
        self.done_line: QWidget | None = None  # "✓ Done: …", the start steps already done

    def _row(self, step: Step, first: QWidget) -> None:
        line = QHBoxLayout()
        # a one-line row (a step done) is centred on its button, as its words are
        line.addWidget(first, 0, Qt.AlignVCenter if step.done else Qt.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(0)
        if not isinstance(first, QCheckBox):
            words.addWidget(label(step.title))
        if not step.done:  # a step done takes one line: what is left stands out
            words.addWidget(label(step.why, "Muted"))
        line.addLayout(words, 1)
        button = QPushButton(step.action.replace("&", "&&"))  # a "&" is not a shortcut
        button.setAccessibleName(f"{step.title}: open {step.action}")
        button.setToolTip(f"Open {step.action}")
        if self.mode == "month_end" and step.key == "bills":
            button.clicked.connect(self._import_bills)
        else:
            button.clicked.connect(lambda *_, a=step.area, t=step.tab: self.open_area(a, t))
        line.addWidget(button, 0, Qt.AlignTop)
        self.buttons[step.key] = button
        self.rows.addLayout(line)

    def _import_bills(self) -> None:
        """Month-end: the spend import itself, its "Choose file…" where the last bills came from."""
        step = next(s for s in MONTH_END_STEPS if s.key == "bills")
        page = self.open_area(step.area, step.tab)
        if page is not None and hasattr(page, "import_spend"):
            page.import_spend()

    def show_steps(self, steps: list[Step], database: str, today: date) -> None:
        self.database = database
        self.buttons, self.ticks = {}, {}
        self.done_line = None
        _clear(self.rows)
        if not all_done(steps):
            self._show_start(steps)
        else:
            self._show_month_end(today)

    def _show_start(self, steps: list[Step]) -> None:
        self.mode = "start"
        done = sum(s.done for s in steps)
        self.title.setText(f"Getting started: {done} of {len(steps)} done")
        self.intro.setText(
            "Each step is ticked for you as soon as your records show it is "
            "done; the figures below fill in as you go."
        )
        finished = [s for s in steps if s.done]
        if finished:  # the steps done share one line: what is left stands out, figures stay near
            names = ", ".join(s.title[0].lower() + s.title[1:] for s in finished)
            self.done_line = label(f"✓ Done: {names[0].upper()}{names[1:]}.", "Muted")
            self.done_line.setAccessibleName(f"Steps done: {names}")
            self.rows.addWidget(self.done_line)
        for step in steps:
            if step.done:
                continue
            mark = label("○", wrap=False)
            mark.setAccessibleName("Not done yet")
            mark.setMinimumWidth(18)
            mark.setStyleSheet(f"color: {style.TEXT_MUTED};")
            self._row(step, mark)

    def _show_month_end(self, today: date) -> None:
        self.mode = "month_end"
        self.month = month_to_close(today)
        ticked = set(app_settings().month_end_done.get(self._key(), []))
        self.title.setText(f"Close {self.month:%B}")
        self.intro.setText(
            f"Once a month, bring {self.month:%B %Y} up to date so your "
            "figures and returns are complete. Tick each step when it is done."
        )
        for step in MONTH_END_STEPS:
            tick = QCheckBox(step.title)
            tick.setChecked(step.key in ticked)
            tick.toggled.connect(lambda *_: self._store_ticks())
            self.ticks[step.key] = tick
            self._row(step, tick)
        self._update_month_title()

    def _key(self) -> str:
        return f"{self.database}|{month_key(self.month)}" if self.month else ""

    def _store_ticks(self) -> None:
        settings = app_settings()
        done = [key for key, tick in self.ticks.items() if tick.isChecked()]
        # only this month's are kept for this database: last month's are of no more use
        prefix = f"{self.database}|"
        settings.month_end_done = {
            k: v for k, v in settings.month_end_done.items() if not k.startswith(prefix)
        }
        if done:
            settings.month_end_done[self._key()] = done
        save_settings()
        self._update_month_title()

    def _update_month_title(self) -> None:
        done = sum(t.isChecked() for t in self.ticks.values())
        suffix = "all done" if done == len(self.ticks) else f"{done} of {len(self.ticks)} done"
        self.title.setText(f"Close {self.month:%B}: {suffix}")
