"""The organisation profile form, used by the first-run flow and the Organisation page."""

from __future__ import annotations

import calendar

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from svdesk.services.organisation import (
    CYBER_ESSENTIALS,
    LEGAL_FORMS,
    VCSE_TYPES,
    OrganisationData,
    get_organisation,
    save_organisation,
    validate_organisation,
)
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError
from svdesk.ui.dialogs.conflict_dialog import save_asking
from svdesk.ui.forms import Form, MoneyEdit, combo, set_combo
from svdesk.ui.unsaved import GuardedDialog
from svdesk.ui.widgets import label

MONTHS = {i: calendar.month_name[i] for i in range(1, 13)}


class OrganisationForm(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        f = self.form = Form(columns=2)
        self.name = f.add("name", "Organisation name", QLineEdit(), required=True, span=2)
        self.address = f.add("address", "Address", QPlainTextEdit(), span=2)
        self.address.setMaximumHeight(70)
        self.postcode = f.add("postcode", "Postcode", QLineEdit(), "Your main site, e.g. M5 4DE.")
        self.legal_form = f.add("legal_form", "Legal form", combo(LEGAL_FORMS))
        self.headcount = f.add(
            "headcount", "Number of staff", QSpinBox(), "Everyone on your payroll, full and part time."
        )
        self.headcount.setRange(0, 100000)
        self.headcount.setSpecialValueText("Not entered")  # 0 reads as "not known yet"
        self.turnover = f.add(
            "turnover_pence",
            "Annual turnover",
            MoneyEdit(),
            "From your last accounts. Used for the SME test.",
        )
        self.balance = f.add(
            "balance_sheet_pence",
            "Balance sheet total",
            MoneyEdit(),
            "Optional. An SME has turnover up to £44m or a balance sheet up to £38m.",
        )
        self.size_note = label("", "HelpText")
        self.vcse = f.add(
            "vcse_type",
            "VCSE status",
            combo(VCSE_TYPES),
            "VCSE: voluntary, community and social enterprise organisations.",
        )
        self.social_enterprise = f.add(
            "social_enterprise",
            "Social enterprise",
            QCheckBox("We are a social enterprise"),
            "Social aims, most income from trading, most profit to purpose.",
        )
        self.rlw = f.add(
            "real_living_wage_accredited",
            "Real Living Wage",
            QCheckBox("Accredited Real Living Wage employer"),
            "Accredited by the Living Wage Foundation.",
        )
        self.cyber = f.add("cyber_essentials", "Cyber Essentials", combo(CYBER_ESSENTIALS))
        self.crp = f.add(
            "carbon_reduction_plan", "Carbon reduction plan", QCheckBox("We publish a carbon reduction plan")
        )
        self.certifications = f.add(
            "certifications",
            "Other certifications",
            QLineEdit(),
            "For example ISO 14001, CHAS, B Corp.",
            span=2,
        )
        self.year_start = f.add(
            "year_start_month",
            "Financial year starts in",
            combo(MONTHS),
            "Reporting years and quarters start from this month.",
        )
        self.full_time = f.add(
            "full_time_hours",
            "Full-time hours a week",
            QDoubleSpinBox(),
            "Used to work out FTE (full-time equivalent) for part-time staff.",
        )
        self.full_time.setRange(1, 60)
        self.full_time.setDecimals(1)
        layout.addWidget(f)
        layout.addWidget(self.size_note)
        f.changed.connect(self._update_size)
        self.load(OrganisationData())

    def load(self, data: OrganisationData) -> None:
        self._row_version = data.row_version  # the version saved with it (svdesk.services.conflicts)
        self.name.setText(data.name)
        self.address.setPlainText(data.address)
        self.postcode.setText(data.postcode)
        set_combo(self.legal_form, data.legal_form)
        self.headcount.setValue(data.headcount or 0)
        self.turnover.set_value(data.turnover_pence)
        self.balance.set_value(data.balance_sheet_pence)
        set_combo(self.vcse, data.vcse_type)
        self.social_enterprise.setChecked(data.social_enterprise)
        self.rlw.setChecked(data.real_living_wage_accredited)
        set_combo(self.cyber, data.cyber_essentials)
        self.crp.setChecked(data.carbon_reduction_plan)
        self.certifications.setText(data.certifications)
        set_combo(self.year_start, data.year_start_month)
        self.full_time.setValue(data.full_time_hours)
        self._update_size()

    def data(self) -> OrganisationData:
        return OrganisationData(
            name=self.name.text(),
            address=self.address.toPlainText(),
            postcode=self.postcode.text(),
            headcount=self.headcount.value() or None,
            turnover_pence=self.turnover.value(),
            balance_sheet_pence=self.balance.value(),
            legal_form=self.legal_form.currentData(),
            vcse_type=self.vcse.currentData(),
            social_enterprise=self.social_enterprise.isChecked(),
            real_living_wage_accredited=self.rlw.isChecked(),
            cyber_essentials=self.cyber.currentData(),
            carbon_reduction_plan=self.crp.isChecked(),
            certifications=self.certifications.text(),
            year_start_month=self.year_start.currentData(),
            full_time_hours=self.full_time.value(),
            row_version=self._row_version,
        )

    def errors(self) -> dict[str, str]:
        errors = validate_organisation(self.data())
        for name, widget in (("turnover_pence", self.turnover), ("balance_sheet_pence", self.balance)):
            if widget.error():
                errors[name] = widget.error()
        return errors

    def bind_save_button(self, button) -> None:
        """Keep button enabled only while the form is valid, re-checking on every edit."""
        self._save_button = button
        self.form.changed.connect(self.revalidate)
        self.revalidate()

    def revalidate(self) -> dict[str, str]:
        errors = self.errors()
        self.form.show_errors(errors)
        self._save_button.setEnabled(not errors)
        return errors

    def save(self, store: Store) -> OrganisationData | None:
        """Validate and save; on failure show every reason and return None (None too when
        someone else saved the profile meanwhile and the person took theirs or went back)."""
        errors = self.revalidate()
        if not errors:
            data = self.data()
            try:
                saved = save_asking(
                    self,
                    lambda over: save_organisation(store, data, over=over),
                    choices={
                        "legal_form": LEGAL_FORMS,
                        "vcse_type": VCSE_TYPES,
                        "cyber_essentials": CYBER_ESSENTIALS,
                    },
                    take_theirs=lambda _c: self._take_theirs(store),
                )
            except ValidationError as exc:
                errors = exc.errors
            else:
                if saved is not None:
                    self._row_version = saved.row_version
                return saved
        self.form.show_errors(errors, all_fields=True)
        return None

    def _take_theirs(self, store: Store) -> None:
        """Their saved profile replaces what was typed."""
        fresh = get_organisation(store)
        if fresh is not None:
            self.load(fresh)
        window = self.window()
        if hasattr(window, "mark_clean"):
            window.mark_clean()

    def _update_size(self) -> None:
        size = self.data().size
        self.size_note.setText(f"Size band: {size.label}. {size.explanation}")


class OrganisationDialog(GuardedDialog):
    unsaved_what = "your organisation's details"

    def __init__(
        self,
        store: Store,
        data: OrganisationData | None,
        parent: QWidget | None = None,
        title: str = "Organisation profile",
    ):
        super().__init__(parent)
        self.store = store
        self.saved: OrganisationData | None = None
        self.setWindowTitle(title)
        self.resize(720, 720)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                "Buyers ask about your size, status and certifications. Fields marked * are required.",
                "Muted",
            )
        )
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        self.form = OrganisationForm()
        scroll.setWidget(self.form)
        layout.addWidget(scroll, 1)
        if data:
            self.form.load(data)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.form.bind_save_button(self.save_button)
        self.form.name.setFocus()

    def accept(self) -> None:
        self.saved = self.form.save(self.store)
        if self.saved is not None:
            super().accept()
