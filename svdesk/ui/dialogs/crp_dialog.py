"""The Carbon Reduction Plan form (PPN 006): what the records cannot give.

The footprint lines show what the environment records give for the baseline and the current
period (worked out in the background as the periods change); a line with no figure takes an
explanation. Below, every reason a buyer would reject the plan as it stands is listed, live;
the plan can be saved at any time, but only a plan with none of them exports.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from svdesk.services.carbon_plan import (
    CATEGORIES,
    NHS_NOTE,
    CrpFigures,
    PlanData,
    crp_figures,
    get_plan,
    save_plan,
    validate_plan,
)
from svdesk.services.validation import ValidationError
from svdesk.ui import tasks
from svdesk.ui.forms import Form, OptionalDateEdit
from svdesk.ui.unsaved import GuardedDialog
from svdesk.ui.widgets import label


def _t(value: float | None) -> str:
    return "no records" if value is None else f"{value:,.2f} t"


class CrpDialog(GuardedDialog):
    unsaved_what = "this Carbon Reduction Plan"

    def __init__(self, store, parent=None, today: date | None = None):
        super().__init__(parent)
        self.store = store
        self.today = today or date.today()
        self.figures: CrpFigures | None = None
        self.setWindowTitle("Carbon Reduction Plan")
        self.resize(900, 760)
        outer = QVBoxLayout(self)
        outer.addWidget(
            label(
                "PPN 006 asks bidders for major government contracts (and more and more councils) "
                "for a Carbon Reduction Plan. Your emissions come from your energy, fuel, travel "
                "and waste records; give here what records cannot: the periods, why a line has no "
                "figure, your targets and projects, and the director who signs it off.",
                "Muted",
            )
        )
        nhs = label(NHS_NOTE, "HelpText")
        outer.addWidget(nhs)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        box = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        f = self.form = Form(columns=2)
        self.net_zero = f.add("net_zero_year", "Net zero by", QSpinBox(), "PPN 006 asks for 2050 or earlier.")
        self.net_zero.setRange(2000, 2100)
        f.add("spacer", "", QWidget())  # the periods start on a row of their own
        self.baseline_start = f.add(
            "baseline_start",
            "Baseline: first day",
            OptionalDateEdit(),
            "12 months before your reduction work began (a first plan may use the current period).",
        )
        self.baseline_end = f.add("baseline_end", "Baseline: last day", OptionalDateEdit())
        self.current_start = f.add(
            "current_start",
            "Reporting period: first day",
            OptionalDateEdit(),
            "The latest 12 months that are over, the same months as the baseline.",
        )
        self.current_end = f.add("current_end", "Reporting period: last day", OptionalDateEdit())
        self.baseline_notes = f.add(
            "baseline_notes",
            "About the baseline calculation",
            QPlainTextEdit(),
            "e.g. what it covers and where the figures come from.",
            span=2,
        )
        box.addWidget(f)

        lines = QGroupBox("Emissions by scope (from your records)")
        grid = QGridLayout(lines)
        for col, caption in enumerate(
            ("", "Baseline", "Reporting period", "Why there is no figure (needed when there is none)")
        ):
            grid.addWidget(label(caption, "HelpText"), 0, col)
        self.baseline_cells, self.current_cells, self.notes = {}, {}, {}
        for row, (key, (_scope, caption)) in enumerate(CATEGORIES.items(), start=1):
            grid.addWidget(label(caption), row, 0)
            self.baseline_cells[key] = label("…", wrap=False)
            self.current_cells[key] = label("…", wrap=False)
            grid.addWidget(self.baseline_cells[key], row, 1)
            grid.addWidget(self.current_cells[key], row, 2)
            edit = QLineEdit()
            edit.setAccessibleName(f"Why {caption} has no figure")
            edit.textEdited.connect(self._recheck)
            self.notes[key] = edit
            grid.addWidget(edit, row, 3)
        grid.setColumnStretch(3, 1)
        grid.setColumnMinimumWidth(1, 90)
        grid.setColumnMinimumWidth(2, 110)
        box.addWidget(lines)

        g = self.goals = Form(columns=2)
        self.target_tonnes = g.add(
            "target_tonnes",
            "Target emissions (tCO2e)",
            QDoubleSpinBox(),
            "What you aim to emit by the target year; 0 for net zero.",
        )
        self.target_tonnes.setRange(-1, 1e7)
        self.target_tonnes.setDecimals(2)
        self.target_tonnes.setSpecialValueText("No target yet")
        self.target_year = g.add("target_year", "By the year", QSpinBox())
        self.target_year.setRange(1999, 2100)
        self.target_year.setSpecialValueText("No year yet")
        self.targets_text = g.add("targets_text", "How you will get there", QPlainTextEdit(), span=2)
        self.completed = g.add(
            "completed_projects",
            "Completed projects (one a line)",
            QPlainTextEdit(),
            "Your recorded environmental actions since the baseline are listed in the plan as well.",
            span=2,
        )
        self.planned = g.add("planned_projects", "Planned projects (one a line)", QPlainTextEdit(), span=2)
        self.signatory_name = g.add(
            "signatory_name",
            "Signed off by",
            QLineEdit(),
            "A director (or equivalent): the name printed on the plan.",
        )
        self.signatory_role = g.add("signatory_role", "Their role", QLineEdit(), "e.g. Managing Director.")
        self.signed_on = g.add("signed_on", "Date signed off", OptionalDateEdit())
        for edit in (self.baseline_notes, self.targets_text, self.completed, self.planned):
            edit.setMaximumHeight(64)
        box.addWidget(g)

        self.problems = label("", "FieldError")
        self.problems.setAccessibleName("What would get the plan rejected")
        self.problems.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        problems_area = QScrollArea()  # a long list scrolls; the form keeps the room
        problems_area.setWidgetResizable(True)
        problems_area.setFrameShape(QScrollArea.NoFrame)
        problems_area.setWidget(self.problems)
        problems_area.setMaximumHeight(110)
        outer.addWidget(problems_area)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)

        self.load(get_plan(store))
        for w in (self.baseline_start, self.baseline_end, self.current_start, self.current_end):
            w.dateChanged.connect(self._refigure)
        self.form.changed.connect(self._recheck)
        self.goals.changed.connect(self._recheck)
        self._refigure()

    # --- the plan --------------------------------------------------------------------------

    def load(self, p: PlanData) -> None:
        self.net_zero.setValue(p.net_zero_year)
        for edit, value in (
            (self.baseline_start, p.baseline_start),
            (self.baseline_end, p.baseline_end),
            (self.current_start, p.current_start),
            (self.current_end, p.current_end),
            (self.signed_on, p.signed_on),
        ):
            edit.set_value(value)
        self.baseline_notes.setPlainText(p.baseline_notes)
        for key, edit in self.notes.items():
            edit.setText(p.scope_notes.get(key, ""))
        self.target_tonnes.setValue(-1 if p.target_tonnes is None else p.target_tonnes)
        self.target_year.setValue(p.target_year or 1999)
        self.targets_text.setPlainText(p.targets_text)
        self.completed.setPlainText(p.completed_projects)
        self.planned.setPlainText(p.planned_projects)
        self.signatory_name.setText(p.signatory_name)
        self.signatory_role.setText(p.signatory_role)

    def data(self) -> PlanData:
        tonnes = self.target_tonnes.value()
        return PlanData(
            net_zero_year=self.net_zero.value(),
            baseline_start=self.baseline_start.value(),
            baseline_end=self.baseline_end.value(),
            current_start=self.current_start.value(),
            current_end=self.current_end.value(),
            baseline_notes=self.baseline_notes.toPlainText(),
            scope_notes={k: e.text() for k, e in self.notes.items() if e.text().strip()},
            target_year=self.target_year.value() if self.target_year.value() > 1999 else None,
            target_tonnes=None if tonnes < 0 else tonnes,
            targets_text=self.targets_text.toPlainText(),
            completed_projects=self.completed.toPlainText(),
            planned_projects=self.planned.toPlainText(),
            signatory_name=self.signatory_name.text(),
            signatory_role=self.signatory_role.text(),
            signed_on=self.signed_on.value(),
        )

    # --- figures and checks ------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return tasks.busy(self, "shown")

    def _refigure(self, *_) -> None:
        """The periods changed: count the footprints again, off the GUI thread."""
        plan = self.data()
        if validate_plan(plan):
            self._recheck()
            return
        tasks.newest(
            self,
            "shown",
            partial(crp_figures, self.store, today=self.today, plan=plan),
            self._show_figures,
            self.problems.setText,
        )

    def _show_figures(self, figures: CrpFigures) -> None:
        self.figures = figures
        for key in CATEGORIES:
            base = figures.baseline.figure(key) if figures.baseline else None
            self.baseline_cells[key].setText(_t(base) if figures.baseline else "–")
            self.current_cells[key].setText(_t(figures.current.figure(key)))
        self._recheck()

    def problem_list(self) -> list[str]:
        """What would get the plan rejected as the form stands now."""
        plan = self.data()
        errors = validate_plan(plan)
        if errors:
            return list(errors.values())
        if self.figures is None:
            return []
        from svdesk.services.carbon_plan import check

        return check(plan, self.figures.baseline, self.figures.current, self.today)

    def _recheck(self, *_) -> None:
        problems = self.problem_list()
        self.problems.setText(
            "Before it can be exported, fix:\n" + "\n".join(f"• {p}" for p in problems)
            if problems
            else "Ready to export: nothing a buyer would reject it for."
        )
        self.problems.setObjectName("FieldError" if problems else "Muted")
        self.problems.style().unpolish(self.problems)
        self.problems.style().polish(self.problems)

    def save(self) -> None:
        try:
            save_plan(self.store, self.data())
        except ValidationError as exc:
            self.form.show_errors(exc.errors, all_fields=True)
            self.goals.show_errors(exc.errors, all_fields=True)
            return
        self.accept()
