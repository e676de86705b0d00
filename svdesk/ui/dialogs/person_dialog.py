"""Add or edit a person: only what social value needs, checked as the user types, with FTE, pay
against the wage floors and "local?" per contract shown live."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
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

from svdesk.calc import pay
from svdesk.geo import postcodes
from svdesk.geo.local_area import LocalArea
from svdesk.services import people, people_edits
from svdesk.services.contracts import list_contracts
from svdesk.services.organisation import get_organisation
from svdesk.services.people import Assignment, PersonData
from svdesk.services.validation import ValidationError
from svdesk.ui.dialogs.conflict_dialog import save_asking, show_theirs
from svdesk.ui.forms import Form, MoneyEdit, OptionalDateEdit
from svdesk.ui.records.keyed_combo import combo, set_combo
from svdesk.ui.unsaved import GuardedDialog
from svdesk.ui.widgets import label

PAY_BASIS = {"hourly": "An hourly rate", "annual": "An annual salary"}


CONFLICT_CAPTIONS = {
    "postcode": "home postcode",
    "workplace_postcode": "workplace postcode",
    "hourly_rate_pence": "hourly rate",
    "annual_salary_pence": "annual salary",
}


class PersonDialog(GuardedDialog):
    unsaved_what = "this person"

    def __init__(self, store, person: PersonData | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.original = person or PersonData()
        self.saved: PersonData | None = None
        self.apprenticeship = None
        org = get_organisation(store)
        self.full_time = org.full_time_hours if org else 37.5
        self.org_postcode = org.postcode if org else ""
        self.contracts = list_contracts(store)
        self._taken = people.taken_references(store, self.original.id)
        self.setWindowTitle("Edit person" if person and person.id else "Add a person")
        self.resize(780, 760)
        outer = QVBoxLayout(self)
        outer.addWidget(
            label(
                "svdesk keeps no names. Use a works number or your own reference; "
                "the postcode says whether the job is local.",
                "Muted",
            )
        )
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.NoFocus)  # no unnamed tab stop: its fields take the focus
        scroll.setFrameShape(QScrollArea.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        box = QVBoxLayout(body)
        f = self.form = Form(columns=2)
        self.reference = f.add(
            "reference",
            "Reference",
            QLineEdit(),
            "A works number or initials and a number, never a name.",
            True,
        )
        self.postcode = f.add(
            "postcode", "Home postcode", QLineEdit(), "Decides whether they count as local for each contract."
        )
        self.start = f.add("start_date", "Start date", OptionalDateEdit(), required=True)
        self.leave = f.add("leave_date", "Leave date", OptionalDateEdit(), "Blank while employed.")
        self.hours = f.add(
            "weekly_hours",
            "Contracted hours a week",
            QLineEdit(),
            f"Full time here is {self.full_time:g} hours (FTE = hours ÷ {self.full_time:g}).",
            True,
        )
        self.contract_type = f.add("contract_type", "Employment contract", combo(people.CONTRACT_TYPES))
        self.pay_basis = f.add("pay_basis", "Pay recorded as", combo(PAY_BASIS))
        self.pay_amount = f.add(
            "pay", "Pay", MoneyEdit(), "Compared with the Real Living Wage and National Living Wage."
        )
        self.job_status = f.add(
            "job_status",
            "Job",
            combo(people.JOB_STATUSES),
            "New: created for or during the contract. Retained: existing.",
        )
        self.workplace = f.add(
            "workplace_postcode",
            "Workplace postcode",
            QLineEdit(),
            "Blank: your organisation's postcode. A London workplace is "
            "checked against the London Living Wage.",
        )
        self.priority = f.add(
            "priority_group",
            "Priority group (at most one)",
            combo(people.PRIORITY_GROUPS),
            "Hires from these groups count in their first year only, and only "
            "through an evidenced recruitment programme.",
        )
        self.priority_other = f.add("priority_group_other", "Other group", QLineEdit())
        self.programme = f.add(
            "recruitment_programme",
            "Recruitment programme",
            QLineEdit(),
            "e.g. a Jobcentre Plus or Youth Hub referral.",
            span=2,
        )
        self.consent = f.add(
            "consent_given",
            "Consent",
            QCheckBox("The person consented to us recording this (needed for a priority group)"),
            span=2,
        )
        self.consent_date = f.add("consent_date", "Date of consent", OptionalDateEdit())
        box.addWidget(f)
        group = QGroupBox("Contracts they work on, and the share of their time on each")
        grid = QGridLayout(group)
        self.assign: dict[int, tuple[QCheckBox, QDoubleSpinBox]] = {}
        for i, c in enumerate(self.contracts):
            check = QCheckBox(f"{c.reference}: {c.title}")
            share = QDoubleSpinBox()
            share.setRange(1, 100)
            share.setSuffix("%")
            share.setDecimals(0)
            share.setValue(100)
            share.setAccessibleName(f"Share of time on {c.reference}")
            check.toggled.connect(self._changed)
            share.valueChanged.connect(self._changed)
            grid.addWidget(check, i, 0)
            grid.addWidget(share, i, 1)
            self.assign[c.id] = (check, share)
        if not self.contracts:
            grid.addWidget(label("Add a contract first to say who works on it.", "HelpText"))
        self.assign_error = label("", "FieldError")
        grid.addWidget(self.assign_error, len(self.contracts) + 1, 0, 1, 2)
        box.addWidget(group)
        # A new apprentice is recorded in one go: the person and their apprenticeship.
        self.app_form = Form(columns=2)
        self.is_apprentice = self.app_form.add(
            "is_apprentice",
            "Apprenticeship",
            QCheckBox("They are starting an apprenticeship (adds it under Apprenticeships too)"),
            span=2,
        )
        self.app_standard = self.app_form.add(
            "standard", "Apprenticeship standard", QLineEdit(), "e.g. Carpentry and joinery."
        )
        self.app_level = self.app_form.add(
            "level", "Level", QSpinBox(), "Level 2 is GCSE-equivalent; level 7 is Master's."
        )
        self.app_level.setRange(2, 7)
        self.app_end = self.app_form.add("planned_end_date", "Planned end", OptionalDateEdit())
        self.app_form.setVisible(self.original.id is None)
        self.is_apprentice.toggled.connect(self._changed)
        box.addWidget(self.app_form)
        notes = self.notes_form = Form()
        self.notes = notes.add("notes", "Notes", QPlainTextEdit())
        self.notes.setMaximumHeight(64)
        box.addWidget(notes)
        self.summary = label("", "Muted")
        outer.addWidget(self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._load(self.original)
        f.changed.connect(self._changed)
        notes.changed.connect(self._changed)
        self.app_form.changed.connect(self._changed)
        self._changed()
        self.reference.setFocus()

    def _load(self, p: PersonData) -> None:
        self.reference.setText(p.reference)
        self.postcode.setText(p.postcode)
        self.workplace.setText(p.workplace_postcode)
        self.start.set_value(p.start_date)
        self.leave.set_value(p.leave_date)
        self.hours.setText("" if p.weekly_hours is None else f"{p.weekly_hours:g}")
        set_combo(self.contract_type, p.contract_type)
        set_combo(self.job_status, p.job_status)
        set_combo(self.pay_basis, "annual" if p.annual_salary_pence else "hourly")
        self.pay_amount.set_value(p.annual_salary_pence or p.hourly_rate_pence)
        set_combo(self.priority, p.priority_group)
        self.priority_other.setText(p.priority_group_other)
        self.programme.setText(p.recruitment_programme)
        self.consent.setChecked(p.consent_given)
        self.consent_date.set_value(p.consent_date)
        self.notes.setPlainText(p.notes)
        for a in p.assignments:
            if a.contract_id in self.assign:
                check, share = self.assign[a.contract_id]
                check.setChecked(True)
                share.setValue(round(a.time_share * 100))

    def data(self) -> tuple[PersonData, dict[str, str]]:
        problems: dict[str, str] = {}
        hours = None
        if self.hours.text().strip():
            try:
                hours = float(self.hours.text().replace(",", ""))
            except ValueError:
                problems["weekly_hours"] = f"“{self.hours.text()}” is not a number of hours."
        if self.pay_amount.error():
            problems["pay"] = self.pay_amount.error()
        amount = self.pay_amount.value()
        annual = self.pay_basis.currentData() == "annual"
        assignments = [
            Assignment(cid, share.value() / 100)
            for cid, (check, share) in self.assign.items()
            if check.isChecked()
        ]
        data = replace(
            self.original,
            reference=self.reference.text(),
            postcode=self.postcode.text(),
            workplace_postcode=self.workplace.text(),
            start_date=self.start.value(),
            leave_date=self.leave.value(),
            weekly_hours=hours,
            contract_type=self.contract_type.currentData(),
            job_status=self.job_status.currentData(),
            hourly_rate_pence=None if annual else amount,
            annual_salary_pence=amount if annual else None,
            priority_group=self.priority.currentData(),
            priority_group_other=self.priority_other.text(),
            recruitment_programme=self.programme.text(),
            consent_given=self.consent.isChecked(),
            consent_date=self.consent_date.value(),
            notes=self.notes.toPlainText(),
            assignments=assignments,
        )
        return data, problems

    def errors(self) -> dict[str, str]:
        data, errors = self.data()
        for name, message in people_edits.validate_person(data, self._taken).items():
            errors.setdefault(name, message)
        for name in ("hourly_rate_pence", "annual_salary_pence"):
            if name in errors:
                errors.setdefault("pay", errors.pop(name))
        if self.is_apprentice.isChecked():
            if not self.app_standard.text().strip():
                errors["standard"] = "Enter the apprenticeship standard."
            start, end = data.start_date, self.app_end.value()
            if start and end and end < start:
                errors["planned_end_date"] = "The planned end is before the start date."
        return errors

    def _changed(self, *_):
        self.priority_other.setEnabled(self.priority.currentData() == "other")
        self.consent_date.setEnabled(self.consent.isChecked())
        for widget in (self.app_standard, self.app_level, self.app_end):
            widget.setEnabled(self.is_apprentice.isChecked())
        errors = self.errors()
        self.form.show_errors(errors)
        self.app_form.show_errors(errors)
        self.assign_error.setText(errors.get("assignments", ""))
        self.save_button.setEnabled(not errors)
        self.save_button.setToolTip("" if not errors else "Fix the fields marked in red first.")
        self.summary.setText(self._summary())
        return errors

    def _summary(self) -> str:
        data, _ = self.data()
        parts = [f"FTE {pay.fte(data.weekly_hours, self.full_time):.2f}"]
        hourly = pay.hourly_rate_pence(data.hourly_rate_pence, data.annual_salary_pence, data.weekly_hours)
        la = None
        try:
            info = (
                postcodes.lookup(data.workplace_postcode or self.org_postcode)
                if (data.workplace_postcode or self.org_postcode)
                else None
            )
            la = info.la_code if info else None
        except postcodes.PostcodeError:
            pass
        if hourly:
            parts.append(pay.pay_check(hourly, date.today(), la).describe() + " today")
        for a in data.assignments:
            contract = next(c for c in self.contracts if c.id == a.contract_id)
            result = LocalArea.from_contract(contract).test(data.postcode)
            word = {"local": "local", "not_local": "not local"}.get(result.status.value, "unknown")
            parts.append(f"{contract.reference}: {word} ({result.reason})")
        return " · ".join(parts)

    def accept(self) -> None:
        errors = self._changed()
        if errors:
            self.form.show_errors(errors, all_fields=True)
            self.app_form.show_errors(errors, all_fields=True)
            return
        data, _ = self.data()
        try:
            saved = save_asking(
                self,
                lambda over: people_edits.save_person(self.store, data, over=over),
                captions=CONFLICT_CAPTIONS,
                choices={
                    "contract_type": people.CONTRACT_TYPES,
                    "job_status": people.JOB_STATUSES,
                    "priority_group": people.PRIORITY_GROUPS,
                },
                take_theirs=self._take_theirs,
                save_as_new=lambda: people_edits.save_person(
                    self.store, replace(data, id=None, row_version=None)
                ),
            )
        except ValidationError as exc:
            self.form.show_errors(exc.errors, all_fields=True)
            return
        if saved is None:  # took theirs, or back to editing
            return
        self.saved = saved
        if self.is_apprentice.isChecked():
            self.apprenticeship = self._save_apprenticeship(self.saved)
        super().accept()

    def _take_theirs(self, _conflict) -> None:
        """Their version replaces what was typed (or, if they deleted the person, the form closes)."""
        fresh = people.get_person(self.store, self.original.id) if self.original.id is not None else None
        show_theirs(self, fresh)

    def _save_apprenticeship(self, person: PersonData):
        from svdesk.services import activities
        from svdesk.services.activity_kinds import default_values

        first = person.assignments[0] if person.assignments else None
        return activities.save_record(
            self.store,
            "apprenticeship",
            default_values("apprenticeship")
            | {
                "date": person.start_date,
                "person_id": person.id,
                "contract_id": first.contract_id if first else None,
                "attribution_share": first.time_share if first else 1.0,
                "standard": self.app_standard.text().strip(),
                "level": self.app_level.value(),
                "planned_end_date": self.app_end.value(),
                "status": "on_programme",
            },
        )
