"""Which measures answer which theme of a tender question, and how each is delivered and
evidenced: the tables the drafts (svdesk.exports.tender_draft) read. A question's own words can
point at one measure ("how many apprentices", "qualifications", "subcontracting
opportunities"): that measure is drafted first, before the theme's usual ones.
"""

from __future__ import annotations

THEME_MEASURES = {
    "employment": (
        "local_jobs_fte_years",
        "apprenticeship_weeks",
        "apprentice_starts",
        "priority_group_hires",
        "training_weeks",
        "work_placement_days",
        "learning_intervention_hours",
        "new_jobs",
        "apprentices_completed",
        "qualifications_achieved",
        "apprentice_completion_rate",
    ),
    "community": ("volunteering_hours", "expert_hours", "donations_gbp", "learning_intervention_hours"),
    "supply_chain": (
        "local_spend_gbp",
        "sme_spend_gbp",
        "vcse_spend_gbp",
        "subcontract_opportunities_advertised",
    ),
    "environment": ("co2e_tonnes",),
    "fair_work": ("real_living_wage_share", "guaranteed_hours_staff"),
    "equality": ("priority_group_hires", "edi_trained_staff"),
    "wellbeing": ("wellbeing_programme_staff",),
    "modern_slavery": (),
}
COUNT_UNITS = ("people", "apprentices", "jobs", "qualifications", "opportunities")
# Offered first when a question asks for one offer and names no theme.
OFFER_ORDER = (
    "apprentice_starts",
    "apprenticeship_weeks",
    "priority_group_hires",
    "work_placement_days",
    "learning_intervention_hours",
    "volunteering_hours",
    "local_spend_gbp",
    "local_jobs_fte_years",
)
THEME_SECTIONS = {
    "fair_work": ("fair_work",),
    "wellbeing": ("wellbeing",),
    "equality": ("equal_opportunity",),
    "environment": ("environment",),
    "supply_chain": ("supply_chain",),
    "employment": ("local_employment",),
    "community": ("community",),
    "modern_slavery": (),
}
THEME_WORDS = {
    "fair_work": "fair work",
    "wellbeing": "health and wellbeing",
    "equality": "equality, diversity and inclusion",
    "environment": "our carbon commitments",
    "supply_chain": "opportunities for small firms and VCSEs in our supply chain",
    "employment": "local jobs and skills",
    "community": "the local community",
    "modern_slavery": "modern slavery in our supply chain",
}
# How each measure is delivered and evidenced ({place}: the buyer's area; {buyer}).
HOW = {
    "local_jobs_fte_years": (
        "advertising every new role first with jobcentres and colleges in {place}",
        "payroll hours of the contract team, with home "
        "postcode districts checked against {buyer}'s local area",
    ),
    "apprenticeship_weeks": (
        "placing an apprentice from a local college on site, with a qualified mentor",
        "apprenticeship agreements and timesheets, counting only weeks worked on this contract",
    ),
    "apprentice_starts": (
        "recruiting through a local college and the National Apprenticeship Service",
        "the signed apprenticeship agreement and start date",
    ),
    "new_jobs": (
        "advertising the role locally before anywhere else",
        "the start date and contract of employment, reported as a count with no names",
    ),
    "priority_group_hires": (
        "working with local employment support services to reach people furthest from work",
        "referral letters and start dates, reported as counts only",
    ),
    "training_weeks": (
        "running accredited courses for the contract team",
        "certificates and course attendance records",
    ),
    "work_placement_days": (
        "offering work experience with local schools and colleges",
        "placement agreements and daily attendance sheets",
    ),
    "learning_intervention_hours": (
        "giving careers talks, mock interviews and site visits for local schools",
        "session registers signed by the host school",
    ),
    "volunteering_hours": (
        "giving team days to projects chosen with community groups in {place}",
        "volunteering logs signed by the host organisation",
    ),
    "expert_hours": (
        "giving free professional advice to local charities",
        "time sheets signed by the charity",
    ),
    "donations_gbp": ("donating to community projects near the site", "receipts from each recipient"),
    "local_spend_gbp": (
        "buying materials and services from suppliers based in {place}",
        "invoices matched to supplier postcodes every quarter",
    ),
    "sme_spend_gbp": (
        "opening subcontract packages to small local firms",
        "invoices matched to each supplier's size",
    ),
    "vcse_spend_gbp": (
        "buying from social enterprises and charities where they can do the work",
        "invoices matched to each supplier's VCSE status",
    ),
    "co2e_tonnes": (
        "planning routes, sharing van journeys and choosing lower-carbon materials",
        "fuel, energy and waste records converted with the government's greenhouse gas conversion factors",
    ),
    "real_living_wage_share": (
        "paying everyone on the contract at least the Real Living Wage",
        "payroll rates compared with the current rate, names removed",
    ),
    "apprentices_completed": (
        "giving each apprentice a qualified mentor and time off site for college",
        "completion certificates and end dates",
    ),
    "apprentice_completion_rate": (
        "reviewing each apprentice's progress with the college "
        "every quarter and acting early when one struggles",
        "start and end dates of every apprenticeship, with how each ended",
    ),
    "qualifications_achieved": (
        "funding accredited courses and apprenticeships for the contract team",
        "certificates for each qualification gained",
    ),
    "wellbeing_programme_staff": (
        "giving everyone on the contract access to mental health "
        "first aiders and a confidential support line",
        "the programme's enrolment list, reported as a count",
    ),
    "edi_trained_staff": (
        "training everyone on the contract in equality, diversity and inclusion",
        "training attendance records",
    ),
    "guaranteed_hours_staff": (
        "offering guaranteed hours in place of zero-hours or casual terms",
        "signed contracts of employment, reported as a count",
    ),
    "subcontract_opportunities_advertised": (
        "advertising subcontract packages openly to small firms and VCSEs in {place}",
        "each advert's date and where it was placed",
    ),
}
MONITOR = {
    "fair_work": "On this contract we will check every pay rate against the Real Living Wage "
    "when the new rate is announced each autumn.",
    "wellbeing": "During the contract we will follow sickness absence and return-to-work "
    "plans, with names kept out of any report.",
    "equality": "After each recruitment round for the contract we will review who applied and "
    "who was appointed, reported only as group totals.",
    "environment": "Fuel, energy and waste will be recorded as they happen and reviewed every quarter.",
    "supply_chain": "We will review spend by supplier every quarter, with each supplier's size, "
    "type and postcode district.",
    "modern_slavery": "Before the first order we will ask each new supplier on this contract "
    "about its labour practices.",
    "employment": "Recruitment, training and placements are logged as they happen and "
    "reviewed at the monthly contract meeting.",
    "community": "Each community activity is agreed with the group it helps and logged with their sign-off.",
}
# Words in a question -> the measure it asks about (all words of an entry must appear). First
# match wins, so the narrower entries come first ("apprentices ... complete" before "apprentic").
FOCUS_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("apprentic", "week"), "apprenticeship_weeks"),
    (("apprentic", "retention"), "apprentice_completion_rate"),
    (("apprentic", "retain"), "apprentice_completion_rate"),
    (("apprentic", "drop out"), "apprentice_completion_rate"),
    (("completion rate",), "apprentice_completion_rate"),
    (("apprentic", "complet"), "apprentices_completed"),
    (("apprentic",), "apprentice_starts"),
    (("qualification",), "qualifications_achieved"),
    (("subcontract",), "subcontract_opportunities_advertised"),
    (("sub-contract",), "subcontract_opportunities_advertised"),
    (("wellbeing",), "wellbeing_programme_staff"),
    (("well-being",), "wellbeing_programme_staff"),
    (("mental health",), "wellbeing_programme_staff"),
    (("equality",), "edi_trained_staff"),
    (("diversity",), "edi_trained_staff"),
    (("inclusion",), "edi_trained_staff"),
    (("guaranteed hours",), "guaranteed_hours_staff"),
    (("zero hours",), "guaranteed_hours_staff"),
    (("zero-hours",), "guaranteed_hours_staff"),
    (("new job",), "new_jobs"),
    (("jobs created",), "new_jobs"),
    (("create", "job"), "new_jobs"),
    (("how many", "job"), "new_jobs"),
)
# What a question asking for one number means (checked in order; first match in the table).
NUMBER_WORDS: tuple[tuple[tuple[str, ...], str], ...] = FOCUS_WORDS[:7] + (
    (("training", "week"), "training_weeks"),
    (("sme", "spend"), "sme_spend_gbp"),
    (("vcse", "spend"), "vcse_spend_gbp"),
    (("qualification",), "qualifications_achieved"),
    (("subcontract",), "subcontract_opportunities_advertised"),
    (("sub-contract",), "subcontract_opportunities_advertised"),
    (("volunteer",), "volunteering_hours"),
    (("sme",), "sme_spend_gbp"),
    (("vcse",), "vcse_spend_gbp"),
    (("social enterprise",), "vcse_spend_gbp"),
    (("local", "spend"), "local_spend_gbp"),
    (("£",), "local_spend_gbp"),
    (("placement",), "work_placement_days"),
    (("work experience",), "work_placement_days"),
    (("carbon",), "co2e_tonnes"),
    (("emission",), "co2e_tonnes"),
    (("living wage",), "real_living_wage_share"),
    (("guaranteed hours",), "guaranteed_hours_staff"),
    (("zero hours",), "guaranteed_hours_staff"),
    (("zero-hours",), "guaranteed_hours_staff"),
    (("wellbeing",), "wellbeing_programme_staff"),
    (("mental health",), "wellbeing_programme_staff"),
    (("equality",), "edi_trained_staff"),
    (("diversity",), "edi_trained_staff"),
    (("training",), "training_weeks"),
    (("qualification",), "training_weeks"),
    (("job",), "new_jobs"),
    (("employ",), "local_jobs_fte_years"),
)


def _matches(question: str, table, words_to_keys) -> list[str]:
    low = question.lower()
    out: list[str] = []
    for words, key in words_to_keys:
        if key in table and key not in out and all(w in low for w in words):
            out.append(key)
    return out


def focus_keys(question: str, table) -> list[str]:
    """The measures a question's own words point at (and the table can offer), in the order of
    FOCUS_WORDS: drafted before the theme's usual measures."""
    return _matches(question, table, FOCUS_WORDS)


def number_key(question: str, table) -> str | None:
    """The measure a question asking for one number is about, or None."""
    found = _matches(question, table, NUMBER_WORDS)
    return found[0] if found else None


__all__ = [
    "COUNT_UNITS",
    "FOCUS_WORDS",
    "HOW",
    "MONITOR",
    "NUMBER_WORDS",
    "OFFER_ORDER",
    "THEME_MEASURES",
    "THEME_SECTIONS",
    "THEME_WORDS",
    "focus_keys",
    "number_key",
]
