"""The glossary: the framework words svdesk uses, each explained in plain English.

Qt-free data, so the help window, the tooltips on column headers and labels, and any printed
note read the same words. Each term has the spellings it appears under on screen (aliases);
`explain(text)` finds the terms a header or label mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    term: str
    meaning: str
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


GLOSSARY: tuple[Term, ...] = (
    Term(
        "FTE",
        "Full-time equivalent: a way to count jobs fairly when some people work part "
        "time. Someone on 37.5 hours a week is 1.00 FTE; someone on 15 hours is 0.40 FTE.",
        ("full-time equivalent",),
    ),
    Term(
        "FTE-years",
        "Full-time equivalent years: FTE multiplied by the time worked. One "
        "full-time person for a whole year is 1.00 FTE-year; a half-time person for six months "
        "is 0.25 FTE-years. Buyers use it to compare jobs of different lengths.",
        ("FTE years", "FTE-year"),
    ),
    Term(
        "VCSE",
        "Voluntary, community and social enterprise organisations: charities, "
        "community groups, social enterprises and co-operatives. Buyers often ask how much you "
        "spend with them or give them.",
        ("VCSEs",),
    ),
    Term(
        "SME",
        "Small and medium-sized enterprise: a business with fewer than 250 staff and a "
        "turnover up to £44 million (or a balance sheet up to £38 million). Buyers ask how much "
        "of your spend goes to SMEs.",
        ("SMEs", "small and medium-sized"),
    ),
    Term(
        "MAC",
        "The Model Award Criteria: the central government list of social value themes "
        "and outcomes (for example 'tackling economic inequality') that buyers score tenders "
        "against, under PPN 06/20 and now PPN 002.",
        ("Model Award Criteria",),
    ),
    Term(
        "TOMs",
        "The Themes, Outcomes and Measures framework (from the Social Value Portal), "
        "used by many councils: each measure has a code such as NT1 and often a proxy value "
        "in pounds.",
        ("TOMs framework", "National TOMs"),
    ),
    Term(
        "Proxy value",
        "An agreed estimate, in pounds, of what an outcome is worth to society, "
        "for example the value of one local job for a year. svdesk multiplies what you did by "
        "the proxy value to give a social value in pounds, and says where each proxy comes "
        "from.",
        ("proxy", "proxies", "proxy values"),
    ),
    Term(
        "Additionality",
        "How much of an outcome would not have happened without you. Only "
        "the extra (additional) part should be claimed.",
        ("additional",),
    ),
    Term(
        "Attribution",
        "The share of an outcome that is down to you rather than to others who "
        "also helped (partners, the buyer, other funders). svdesk takes that share off before "
        "it adds up social value.",
    ),
    Term(
        "Deadweight",
        "What would have happened anyway, without your work: for example people "
        "who would have found a job regardless. It is taken off before social value is "
        "claimed.",
    ),
    Term(
        "Displacement",
        "Benefit that has simply moved from somewhere else (a job here that "
        "means one fewer elsewhere). It is taken off before social value is claimed.",
    ),
    Term(
        "Q6",
        "A quarter of a contract, counted from the contract's start: Q1 is its first "
        "three months, so Q6 is the sixth quarter (months 16 to 18). Returns and commitments "
        "are often reported by contract quarter rather than by calendar quarter.",
        ("Q1", "Q2", "Q3", "Q4", "Q5", "Q7", "Q8", "contract quarter"),
    ),
    Term(
        "Real Living Wage",
        "The hourly rate the Living Wage Foundation works out each year "
        "from what people need to live on (higher than the legal minimum, the National Living "
        "Wage, and higher again in London). Buyers ask how many of your staff are paid at "
        "least this.",
        ("RLW", "Living Wage"),
    ),
    Term(
        "PPN 06/20",
        "Procurement Policy Note 06/20: the rule (from 2021) that central "
        "government buyers give social value at least 10% of the marks in a tender, scored "
        "with the Model Award Criteria.",
        ("PPN 6/20", "PPN06/20"),
    ),
    Term(
        "Unverified framework link",
        "Each self-assessment question says which framework items it supports (PPN 06/20, "
        "PPN 002, TOMs, the Good Employment Charter). Where svdesk could not check a "
        "framework's exact wording or code against the published text, the question's wording "
        "is svdesk's own and the link is marked (unverified) in the Supports line's tooltip. "
        "Use it as a pointer, and check the buyer's own framework before quoting a code in a bid; "
        "svdesk keeps such wording out of documents it prints for buyers.",
    ),
    Term(
        "PPN 002",
        "Procurement Policy Note 002 (2025): replaced PPN 06/20 under the "
        "Procurement Act 2023. Social value still carries at least 10% of the marks, now tied "
        "to the government's missions.",
        ("PPN 02", "PPN002"),
    ),
    Term(
        "Local spend",
        "Money you pay to suppliers based near the place the work is done (or "
        "near you), decided by the supplier's postcode. Buyers like money kept in the local "
        "economy.",
        ("local", "local suppliers"),
    ),
    Term(
        "Social value",
        "The wider good a contract does beyond the work itself: local jobs, "
        "training, money spent with local and small firms, community help, lower carbon.",
    ),
    Term(
        "SROI",
        "Social return on investment: the social value created for each £1 spent or "
        "given, after deadweight, attribution and displacement are taken off.",
        ("social return on investment",),
    ),
    Term(
        "Evidence",
        "The files that back a figure up: timesheets, payslips, certificates, "
        "photos, letters of thanks. A figure with evidence is one a buyer can trust.",
    ),
    Term(
        "Commitment",
        "Something you promised a buyer in a tender (for example 'two "
        "apprentices a year'); svdesk tracks what you have delivered against it.",
        ("commitments",),
    ),
    Term(
        "NEET",
        "Not in education, employment or training: young people (usually 16 to 24) "
        "whom buyers want firms to help into work or learning.",
    ),
    Term(
        "Carbon Reduction Plan",
        "A short public document (required by PPN 06/21 for large "
        "central government contracts) giving your carbon emissions and your commitment to "
        "reach Net Zero by 2050.",
        ("CRP",),
    ),
    Term(
        "Scope 1, 2 and 3",
        "The three groups of carbon emissions: Scope 1 from fuel you burn "
        "yourself, Scope 2 from the electricity you buy, Scope 3 from everything else (travel, "
        "waste, what you buy).",
        ("Scope 1", "Scope 2", "Scope 3"),
    ),
    Term(
        "tCO2e",
        "Tonnes of carbon dioxide equivalent: all greenhouse gases counted as the "
        "amount of carbon dioxide that would warm the planet as much.",
        ("CO2e", "kgCO2e"),
    ),
)

_BY_SPELLING = {s.lower(): t for t in GLOSSARY for s in t.spellings}


def lookup(term: str) -> Term | None:
    """The glossary entry for a term or one of its spellings (any case)."""
    return _BY_SPELLING.get(term.strip().lower())


def _pattern() -> re.Pattern:
    spellings = sorted(_BY_SPELLING, key=len, reverse=True)  # "FTE-years" before "FTE"
    return re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(s) for s in spellings) + r")(?![\w-])", re.IGNORECASE
    )


_PATTERN = _pattern()
# Common words that are also spellings: only matched as the whole text, never inside a sentence.
_WHOLE_ONLY = {
    "local",
    "additional",
    "proxy",
    "evidence",
    "commitments",
    "commitment",
    "living wage",
    "social value",
}


def terms_in(text: str) -> list[Term]:
    """The glossary terms a piece of text mentions, in the order they first appear."""
    found: list[Term] = []
    whole = text.strip().lower()
    for match in _PATTERN.finditer(text):
        spelling = match.group(1).lower()
        if spelling in _WHOLE_ONLY and spelling != whole:
            continue
        term = _BY_SPELLING[spelling]
        if term not in found:
            found.append(term)
    return found


def explain(text: str) -> str:
    """A tooltip for a header or label: each glossary term in it with its meaning ("" if none)."""
    return "\n\n".join(f"{t.term}: {t.meaning}" for t in terms_in(text))
