"""People & skills: people employed, apprenticeships, training, placements, learning sessions."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from svdesk.ui.pages.people_table import PeopleTable
from svdesk.ui.records.record_table import KindTabsPage
from svdesk.ui.stacks import tab_holder


class PeoplePage(KindTabsPage):
    TITLE = "People & skills"
    PURPOSE = (
        "The jobs you provide and the skills you build: local and new jobs, pay, "
        "apprenticeships, training, placements and time with learners."
    )
    ACTION = "Add a person…"
    ACTION_NOUN = "a person"
    TABS = (
        (
            "apprenticeship",
            "Record each apprentice's standard, level and dates. Buyers count "
            "apprenticeship weeks delivered on their contract (52 weeks = one apprentice for a "
            "year).",
        ),
        ("training_course", "Courses and qualifications your staff take, counted in weeks of training."),
        ("work_placement", "Work experience, T Level and student placements, in days or hours."),
        (
            "learning_intervention",
            "Careers talks, mock interviews, CV advice, mentoring and "
            "school visits. They count as hours × attendees: a 2-hour talk to 8 pupils is 16 "
            "hours.",
        ),
    )

    def add_extra_tabs_before(self) -> None:
        holder = tab_holder(self.tabs, "People")
        self.people = PeopleTable(self.store, self.import_payroll, holder)
        holder.layout().addWidget(self.people)
        self.import_button = QPushButton("Import from payroll…")
        self.import_button.clicked.connect(self.import_payroll)
        self.header.add_button(self.import_button)
        wages = QPushButton("Wage rates…")
        wages.clicked.connect(self.show_wages)
        self.header.add_button(wages)

    def show_wages(self) -> None:
        from svdesk.ui.dialogs.rates_dialog import RatesDialog

        RatesDialog("wages.csv", self).exec()
        self.people.reload()  # the pay checks may have changed with no write to the database

    def add_current(self) -> None:
        if self.tabs.currentWidget() is self.people.parentWidget():
            self.people.add()
        else:
            super().add_current()

    def import_payroll(self, path=None) -> None:
        """The payroll import; `path` pre-fills the file (a file dropped on the window)."""
        from svdesk.ui.dialogs.payroll_dialog import PayrollImportDialog

        if PayrollImportDialog(self.store, self, path=path).exec():
            self.people.refresh()

    def refresh(self) -> None:
        self.people.refresh()
        super().refresh()

    def screenshot_dialogs(self):
        from svdesk.services import people
        from svdesk.ui.dialogs.payroll_dialog import PayrollImportDialog
        from svdesk.ui.dialogs.person_dialog import PersonDialog

        views = people.list_people(self.store, limit=1)
        return [
            ("person", PersonDialog(self.store, views[0].person if views else None, self)),
            ("payroll-import", PayrollImportDialog(self.store, self)),
        ] + super().screenshot_dialogs()
