"""Add or edit a supplier: postcode (decides local), size band (SME) and VCSE type."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QLineEdit, QPlainTextEdit, QVBoxLayout

from svdesk.geo.authorities import authority_name
from svdesk.geo.postcodes import lookup, try_normalise
from svdesk.services.organisation import VCSE_TYPES
from svdesk.services.suppliers import SIZE_BANDS, SupplierData, get_supplier, save_supplier, validate_supplier
from svdesk.services.validation import ValidationError
from svdesk.ui.dialogs.conflict_dialog import save_asking, show_theirs
from svdesk.ui.forms import Form, combo, set_combo
from svdesk.ui.unsaved import GuardedDialog
from svdesk.ui.widgets import label


class SupplierDialog(GuardedDialog):
    unsaved_what = "this supplier"

    def __init__(self, store, supplier: SupplierData | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.original = supplier or SupplierData()
        self.saved: SupplierData | None = None
        self.setWindowTitle("Edit supplier" if supplier else "Add a supplier")
        self.setMinimumWidth(560)
        outer = QVBoxLayout(self)
        form = self.form = Form(columns=2)
        self.name = form.add("name", "Name", QLineEdit(), "As it appears on invoices.", required=True, span=2)
        self.postcode = form.add(
            "postcode",
            "Postcode",
            QLineEdit(),
            "Where the supplier is based; decides whether spend is local.",
        )
        self.where = label("", "HelpText")
        self.company = form.add(
            "company_number", "Company number", QLineEdit(), "Companies House, 8 characters (optional)."
        )
        self.size = form.add(
            "size_band",
            "Size",
            combo(SIZE_BANDS),
            "Micro, small and medium firms are SMEs (under 250 staff).",
        )
        self.vcse = form.add(
            "vcse_type",
            "VCSE type",
            combo({**VCSE_TYPES, "none": "Not a VCSE (or not known)"}),
            "Voluntary, community and social enterprise: charities, CICs, co-operatives.",
        )
        self.charity = form.add(
            "charity_number",
            "Charity number",
            QLineEdit(),
            "Charity Commission number, if a charity (optional).",
        )
        self.social = form.add(
            "social_enterprise", "Social enterprise", QCheckBox("This supplier is a social enterprise")
        )
        self.notes = form.add("notes", "Notes", QPlainTextEdit(), span=2)
        self.notes.setMaximumHeight(70)
        outer.addWidget(form)
        outer.addWidget(self.where)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._load(self.original)
        form.changed.connect(self._revalidate)
        self._revalidate()
        (self.postcode if supplier and not supplier.postcode else self.name).setFocus()

    def _load(self, s: SupplierData) -> None:
        self.name.setText(s.name)
        self.postcode.setText(s.postcode)
        self.company.setText(s.company_number)
        self.charity.setText(s.charity_number)
        set_combo(self.size, s.size_band)
        set_combo(self.vcse, s.vcse_type)
        self.social.setChecked(s.social_enterprise)
        self.notes.setPlainText(s.notes)

    def data(self) -> SupplierData:
        return replace(
            self.original,
            name=self.name.text(),
            postcode=self.postcode.text(),
            company_number=self.company.text(),
            charity_number=self.charity.text(),
            size_band=self.size.currentData(),
            vcse_type=self.vcse.currentData(),
            social_enterprise=self.social.isChecked(),
            notes=self.notes.toPlainText(),
        )

    def _revalidate(self) -> dict[str, str]:
        errors = validate_supplier(self.data())
        self.form.show_errors(errors)
        self.save_button.setEnabled(not errors)
        pc = try_normalise(self.postcode.text())
        if pc and "postcode" not in errors:
            info = lookup(pc)
            self.where.setText(
                f"{pc} is in {authority_name(info.la_code)}."
                if info and info.la_code
                else f"{pc} is not in the postcode directory, so its spend will show as postcode not known."
            )
        else:
            self.where.setText("")
        return errors

    def accept(self) -> None:
        errors = self._revalidate()
        if errors:
            self.form.show_errors(errors, all_fields=True)
            return
        data = self.data()
        try:
            saved = save_asking(
                self,
                lambda over: save_supplier(self.store, data, over=over),
                choices={"size_band": SIZE_BANDS, "vcse_type": VCSE_TYPES},
                take_theirs=self._take_theirs,
                save_as_new=lambda: save_supplier(self.store, replace(data, id=None, row_version=None)),
            )
        except ValidationError as exc:
            self.form.show_errors(exc.errors, all_fields=True)
            return
        if saved is None:  # took theirs, or back to editing
            return
        self.saved = saved
        super().accept()

    def _take_theirs(self, _conflict) -> None:
        """Their version replaces what was typed (or, if they deleted the supplier, the form closes)."""
        fresh = get_supplier(self.store, self.original.id) if self.original.id is not None else None
        show_theirs(self, fresh)
