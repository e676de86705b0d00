"""Add or edit a case study: the story, a quote, a photo from the evidence store, and consent."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from svdesk.services import case_studies, evidence
from svdesk.services.case_studies import CaseStudyData
from svdesk.services.contracts import list_contracts
from svdesk.services.validation import ValidationError
from svdesk.ui.dialogs.conflict_dialog import save_asking, show_theirs
from svdesk.ui.forms import Form, OptionalDateEdit
from svdesk.ui.records.keyed_combo import combo, set_combo
from svdesk.ui.unsaved import GuardedDialog
from svdesk.ui.widgets import label


class CaseStudyDialog(GuardedDialog):
    unsaved_what = "this case study"

    def __init__(self, store, case: CaseStudyData | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.original = case or CaseStudyData()
        self.saved: CaseStudyData | None = None
        self.setWindowTitle("Edit case study" if case else "Add a case study")
        self.resize(720, 640)
        outer = QVBoxLayout(self)
        outer.addWidget(
            label(
                "A short, true story of what changed for someone, told with their "
                "consent. Buyers put these beside the figures.",
                "Muted",
            )
        )
        f = self.form = Form(columns=2)
        self.title = f.add("title", "Title", QLineEdit(), required=True, span=2)
        self.story = f.add(
            "story",
            "Story",
            QPlainTextEdit(),
            "What happened, for whom, and what changed. No names unless the person agreed.",
            True,
            span=2,
        )
        self.quote = f.add("quote", "Quote", QPlainTextEdit(), "In their own words.", span=2)
        self.story.setTabChangesFocus(True)
        self.quote.setTabChangesFocus(True)
        self.quote.setMaximumHeight(64)
        photos = {None: "No photo"}
        photos.update(
            {e.id: e.caption or e.original_name for e in evidence.list_evidence(store) if e.is_image}
        )
        self.photo = f.add(
            "photo_evidence_id", "Photo", combo(photos), "Choose from photos in the evidence store."
        )
        contracts = {None: "Organisation-wide"}
        contracts.update({c.id: c.reference for c in list_contracts(store)})
        self.contract = f.add("contract_id", "Contract", combo(contracts))
        self.consent = f.add(
            "consent_given", "Consent", QCheckBox("The people in the story agreed to it being shared")
        )
        self.consent_date = f.add("consent_date", "Date of consent", OptionalDateEdit())
        self.date = f.add("date", "Date", OptionalDateEdit())
        outer.addWidget(f, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._load(self.original)
        f.changed.connect(self.revalidate)
        self.revalidate()

    def _load(self, c: CaseStudyData) -> None:
        self.title.setText(c.title)
        self.story.setPlainText(c.story)
        self.quote.setPlainText(c.quote)
        set_combo(self.photo, c.photo_evidence_id)
        set_combo(self.contract, c.contract_id)
        self.consent.setChecked(c.consent_given)
        self.consent_date.set_value(c.consent_date)
        self.date.set_value(c.date)

    def data(self) -> CaseStudyData:
        return replace(
            self.original,
            title=self.title.text(),
            story=self.story.toPlainText(),
            quote=self.quote.toPlainText(),
            photo_evidence_id=self.photo.currentData(),
            contract_id=self.contract.currentData(),
            consent_given=self.consent.isChecked(),
            consent_date=self.consent_date.value(),
            date=self.date.value(),
        )

    def revalidate(self) -> dict:
        errors = case_studies.validate_case_study(self.data())
        self.form.show_errors(errors)
        self.save_button.setEnabled(not errors)
        return errors

    def accept(self) -> None:
        if self.revalidate():
            return
        data = self.data()
        try:
            saved = save_asking(
                self,
                lambda over: case_studies.save_case_study(self.store, data, over=over),
                captions={
                    "photo_evidence_id": "photo",
                    "contract_id": "contract",
                    "consent_given": "consent given",
                },
                take_theirs=self._take_theirs,
                save_as_new=lambda: case_studies.save_case_study(
                    self.store, replace(data, id=None, row_version=None)
                ),
            )
        except ValidationError as exc:
            self.form.show_errors(exc.errors, all_fields=True)
            return
        if saved is None:  # took theirs, or back to editing
            return
        self.saved = saved
        super().accept()

    def _take_theirs(self, _conflict) -> None:
        """Their version replaces what was typed (or, if they deleted it, the form closes)."""
        fresh = None
        if self.original.id is not None:
            fresh = next(
                (c for c in case_studies.list_case_studies(self.store) if c.id == self.original.id), None
            )
        show_theirs(self, fresh)
