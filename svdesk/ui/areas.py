"""The areas in the navigation, in order. Each names the page class that shows it.

An area whose page module does not exist yet shows a plain "not built yet" page, never fake
content. To add a page, create the module and point its entry here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    page: str  # "module:Class"
    purpose: str  # one sentence: the area's tooltip in the navigation and menus, and the help
    shortcut: str = ""


AREAS: tuple[Area, ...] = (
    Area(
        "dashboard",
        "Dashboard",
        "svdesk.ui.pages.dashboard:DashboardPage",
        "Your headline figures and what needs attention.",
        "Ctrl+1",
    ),
    Area(
        "assessment",
        "Self-assessment",
        "svdesk.ui.pages.assessment:AssessmentPage",
        "Check how much social value you already create and what to improve.",
        "Ctrl+2",
    ),
    Area(
        "contracts",
        "Contracts",
        "svdesk.ui.pages.contracts:ContractsPage",
        "The contracts and bids your social value relates to.",
        "Ctrl+3",
    ),
    Area(
        "people",
        "People & skills",
        "svdesk.ui.pages.people:PeoplePage",
        "Jobs, apprenticeships, training, placements and learning sessions.",
        "Ctrl+4",
    ),
    Area(
        "community",
        "Community",
        "svdesk.ui.pages.community:CommunityPage",
        "Volunteering, expert time, donations and community partners.",
        "Ctrl+5",
    ),
    Area(
        "spend",
        "Spend & suppliers",
        "svdesk.ui.pages.spend:SpendPage",
        "What you spend with local, small and VCSE suppliers.",
        "Ctrl+6",
    ),
    Area(
        "environment",
        "Environment",
        "svdesk.ui.pages.environment:EnvironmentPage",
        "Energy, fuel, travel, waste and the carbon they add up to.",
        "Ctrl+7",
    ),
    Area(
        "evidence",
        "Evidence",
        "svdesk.ui.pages.evidence:EvidencePage",
        "The files that prove your figures: timesheets, certificates, photos.",
        "Ctrl+8",
    ),
    Area(
        "bids",
        "Bids",
        "svdesk.ui.pages.bids:BidsPage",
        "Each bid's tender questions and your answers, kept within the limit.",
        "Ctrl+Shift+B",
    ),
    Area(
        "figures",
        "Figures & commitments",
        "svdesk.ui.pages.measures:MeasuresPage",
        "What you delivered, in the buyer's terms, against what you promised.",
        "Ctrl+Shift+F",
    ),
    Area(
        "reports",
        "Reports",
        "svdesk.ui.pages.reports:ReportsPage",
        "Bid-ready workbooks, evidence packs, returns and your impact statement.",
        "Ctrl+9",
    ),
    Area(
        "organisation",
        "Organisation",
        "svdesk.ui.pages.organisation:OrganisationPage",
        "Your organisation's profile as buyers see it.",
        "Ctrl+Shift+O",
    ),
    Area(
        "privacy",
        "Privacy & data",
        "svdesk.ui.pages.privacy:PrivacyPage",
        "What personal data svdesk holds and why, backups, checks and change history.",
        "Ctrl+Shift+P",
    ),
)
