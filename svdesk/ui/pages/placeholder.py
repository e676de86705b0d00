"""Shown for an area whose screen is not built yet: it says so plainly."""

from __future__ import annotations

from svdesk.ui.widgets import EmptyState, Page, PageHeader


class PlaceholderPage(Page):
    def __init__(self, title: str, purpose: str, parent=None):
        super().__init__(parent)
        self.header = PageHeader(title, purpose)
        self.layout_.addWidget(self.header)
        self.layout_.addWidget(
            EmptyState(
                "This area is not built yet",
                f"{title} is planned for a later version of svdesk. Nothing here is recorded or "
                "counted yet, so no figure in your reports comes from this area.",
            ),
            1,
        )
