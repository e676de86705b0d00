"""The organisation profile page: the facts buyers ask about, with an Edit action."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QFrame

from svdesk.formatting import format_money
from svdesk.geo.postcodes import ATTRIBUTION
from svdesk.services.organisation import (
    CYBER_ESSENTIALS,
    LEGAL_FORMS,
    VCSE_TYPES,
    get_organisation,
)
from svdesk.ui.dialogs.organisation_dialog import MONTHS, OrganisationDialog
from svdesk.ui.widgets import Page, PageHeader, label


class OrganisationPage(Page):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.header = PageHeader("Organisation", "Your organisation's profile as buyers see it: "
                                 "size, status and certifications.", "Edit profile…", self.edit)
        self.layout_.addWidget(self.header)
        self.card = QFrame()
        self.card.setObjectName("Card")
        self.rows = QFormLayout(self.card)
        self.rows.setContentsMargins(24, 16, 24, 16)
        self.rows.setVerticalSpacing(10)
        self.layout_.addWidget(self.card)
        self.layout_.addStretch(1)
        note = label("Postcode data: " + ATTRIBUTION, "HelpText")
        self.layout_.addWidget(note)
        self.refresh()

    def refresh(self) -> None:
        while self.rows.rowCount():
            self.rows.removeRow(0)
        org = get_organisation(self.store)
        if org is None:
            self.rows.addRow(label("No organisation profile yet. Choose Edit profile to add it."))
            return
        size = org.size
        yes_no = {True: "Yes", False: "No"}
        facts = [
            ("Name", org.name),
            ("Address", ", ".join(x for x in [org.address.replace("\n", ", "), org.postcode] if x)),
            ("Legal form", LEGAL_FORMS.get(org.legal_form, org.legal_form)),
            ("Staff", str(org.headcount) if org.headcount is not None else "Not entered"),
            ("Turnover", format_money(org.turnover_pence) or "Not entered"),
            ("Size band", f"{size.label}: {size.explanation}"),
            ("VCSE status", VCSE_TYPES.get(org.vcse_type, org.vcse_type)),
            ("Social enterprise", yes_no[org.social_enterprise]),
            ("Real Living Wage employer", yes_no[org.real_living_wage_accredited]),
            ("Cyber Essentials", CYBER_ESSENTIALS.get(org.cyber_essentials, "")),
            ("Carbon reduction plan", yes_no[org.carbon_reduction_plan]),
            ("Other certifications", org.certifications or "None recorded"),
            ("Financial year starts", MONTHS[org.year_start_month]),
            ("Full-time hours", f"{org.full_time_hours:g} hours a week"),
        ]
        for caption, value in facts:
            self.rows.addRow(label(caption, "Muted"), label(value))

    def edit(self) -> None:
        dialog = OrganisationDialog(self.store, get_organisation(self.store), self)
        if dialog.exec():
            self.refresh()
            window = self.window()
            if hasattr(window, "organisation_changed"):
                window.organisation_changed()
