"""Community: volunteering, expert pro-bono time, donations and in-kind support, partners."""

from __future__ import annotations

from svdesk.ui.records.record_table import KindTabsPage


class CommunityPage(KindTabsPage):
    TITLE = "Community"
    PURPOSE = (
        "Record the time, skills and support your team gives to local organisations, "
        "as it happens, with the evidence a buyer will ask for."
    )
    ACTION = "Add volunteering…"
    TABS = (
        (
            "volunteering",
            "Record each volunteering day or session: who you helped, how many "
            "staff, how many hours. Buyers count volunteering hours (hours × volunteers) and "
            "often ask for a timesheet or a letter from the organisation.",
        ),
        (
            "pro_bono",
            "Expert time given free, such as estimating or design for a charity, counts "
            "separately from volunteering and at a higher value.",
        ),
        (
            "donation",
            "Money, materials or equipment given to community groups. Record the value "
            "in pounds; for goods, a fair value.",
        ),
        (
            "community_partner",
            "The schools, colleges and VCSEs (voluntary, community and social "
            "enterprise organisations) you work with. Buyers like named partners.",
        ),
    )
