"""The organisation profile page: the facts buyers ask about, with an Edit action.

The rows are built once; a visit reads the profile in the background only when something has
been written since the last read, and puts the answers into the same labels.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QFrame

from svdesk.formatting import format_money
from svdesk.geo.postcodes import ATTRIBUTION
from svdesk.services.organisation import (
    CYBER_ESSENTIALS,
    LEGAL_FORMS,
    VCSE_TYPES,
    OrganisationData,
    get_organisation,
)
from svdesk.ui import tasks
from svdesk.ui.dialogs.organisation_dialog import MONTHS, OrganisationDialog
from svdesk.ui.reads import store_stamp
from svdesk.ui.widgets import Page, PageHeader, label

NO_PROFILE = "No organisation profile yet. Choose Edit profile to add it."


CAPTIONS = (
    "Name",
    "Address",
    "Legal form",
    "Staff",
    "Turnover",
    "Size band",
    "VCSE status",
    "Social enterprise",
    "Real Living Wage employer",
    "Cyber Essentials",
    "Carbon reduction plan",
    "Other certifications",
    "Financial year starts",
    "Full-time hours",
)


def profile_values(org: OrganisationData) -> tuple[str, ...]:
    """What the page shows for each of CAPTIONS, in order."""
    size = org.size
    yes_no = {True: "Yes", False: "No"}
    return (
        org.name,
        ", ".join(x for x in [org.address.replace("\n", ", "), org.postcode] if x),
        LEGAL_FORMS.get(org.legal_form, org.legal_form),
        str(org.headcount) if org.headcount is not None else "Not entered",
        format_money(org.turnover_pence) or "Not entered",
        f"{size.label}: {size.explanation}",
        VCSE_TYPES.get(org.vcse_type, org.vcse_type),
        yes_no[org.social_enterprise],
        yes_no[org.real_living_wage_accredited],
        CYBER_ESSENTIALS.get(org.cyber_essentials, ""),
        yes_no[org.carbon_reduction_plan],
        org.certifications or "None recorded",
        MONTHS[org.year_start_month],
        f"{org.full_time_hours:g} hours a week",
    )


class OrganisationPage(Page):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.header = PageHeader(
            "Organisation",
            "Your organisation's profile as buyers see it: size, status and certifications.",
            "Edit profile…",
            self.edit,
        )
        self.layout_.addWidget(self.header)
        self.card = QFrame()
        self.card.setObjectName("Card")
        self.rows = QFormLayout(self.card)
        self.rows.setContentsMargins(24, 16, 24, 16)
        self.rows.setVerticalSpacing(10)
        self.values = {}
        for caption in CAPTIONS:
            self.values[caption] = label("")
            self.rows.addRow(label(caption, "Muted"), self.values[caption])
        # Shown instead of the card until the profile is read, or when there is none (hiding
        # the card is one layout pass; hiding 14 form rows was 14).
        self.status = label("Reading…", "Muted")
        self.layout_.addWidget(self.status)
        self.card.hide()
        self.layout_.addWidget(self.card)
        self.layout_.addStretch(1)
        note = label("Postcode data: " + ATTRIBUTION, "HelpText")
        self.layout_.addWidget(note)
        self._asked_at: tuple | None = None
        self.refresh()

    @property
    def loading(self) -> bool:
        return tasks.busy(self, "shown")

    def refresh(self) -> None:
        """Read the profile again if anything has been written since the last read."""
        if self._asked_at == store_stamp(self.store):
            return
        self._asked_at = store_stamp(self.store)
        store = self.store
        tasks.newest(self, "shown", lambda: get_organisation(store), self._show, self._failed)

    def _show_rows(self, shown: bool) -> None:
        self.status.setVisible(not shown)
        self.card.setVisible(shown)

    def _show(self, org: OrganisationData | None) -> None:
        self.status.setText(NO_PROFILE)
        self._show_rows(org is not None)
        if org is not None:
            for caption, value in zip(CAPTIONS, profile_values(org), strict=True):
                self.values[caption].setText(value)

    def _failed(self, message: str) -> None:
        self._asked_at = None  # the next visit tries again
        self.status.setText(f"svdesk could not read the profile: {message}")
        self._show_rows(False)

    def edit(self) -> None:
        dialog = OrganisationDialog(self.store, get_organisation(self.store), self)
        if dialog.exec():
            self.refresh()
            window = self.window()
            if hasattr(window, "organisation_changed"):
                window.organisation_changed()
