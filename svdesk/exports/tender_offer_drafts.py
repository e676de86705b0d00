"""Tender answers drafted from targets and records: a number with how it is delivered, one
fully specified offer, commitments with a delivery plan, and an example of past delivery, with
the helpers they share (the place, the lead, the measures a question points at, milestones).

Split from svdesk.exports.tender_draft, which reads the question, picks the builder, shapes the
answer to the question's terms and fits it to the limit.
"""

from __future__ import annotations

import re

from svdesk.exports.tender_fit import KEEP, Part
from svdesk.exports.tender_kinds import Reading
from svdesk.exports.tender_measures import (
    COUNT_UNITS,
    HOW,
    OFFER_ORDER,
    THEME_MEASURES,
    THEME_WORDS,
    focus_keys,
    number_key,
)
from svdesk.exports.tender_targets import Target, amount
from svdesk.formatting import format_date, unit_shown
from svdesk.services.tender_facts import TenderFacts


def _place(facts: TenderFacts) -> str:
    buyer = facts.contract.buyer or ""
    place = (
        re.sub(r"\b(City|Metropolitan Borough|Borough|County|District)?\s*Council\b", "", buyer).strip(" ,")
        or buyer
    )
    return place or "the area"


def _fill(text: str, facts: TenderFacts) -> str:
    return text.format(place=_place(facts), buyer=facts.contract.buyer or "the buyer")


def _how(key: str, facts: TenderFacts) -> tuple[str, str]:
    how, evidence = HOW.get(key, ("our usual working methods", "dated records with evidence"))
    return _fill(how, facts), _fill(evidence, facts)


def _lead(facts: TenderFacts, target: Target | None, champion: str) -> str:
    """The lead as a role: "Dawn Okafor, operations manager" is written "our operations
    manager" (a buyer's document names no one unless the user types the name in)."""
    who = (target.owner if target and target.owner else "") or champion
    if "," in who:
        who = who.split(",", 1)[1].strip()
    if not who:
        return "our social value champion"
    return "our " + who[0].lower() + who[1:]


def _theme_targets(theme: str, table: dict[str, Target], n: int, question: str = "") -> list[Target]:
    """The measures to draft: commitments already made before run-rate proposals, and within
    each, those the question's own words point at ("qualifications achieved" for a question on
    qualifications) before the theme's usual ones. A single figure or offer is the measure the
    question names, when it names one."""
    focus = [table[k] for k in focus_keys(question, table)] if question else []
    if n == 1 and focus:
        return focus[:1]
    keys = THEME_MEASURES.get(theme, ())
    chosen = focus + [table[k] for k in keys if k in table and table[k] not in focus]
    if not chosen and not theme:
        chosen = [t for t in table.values() if t.committed] or list(table.values())
    committed = [t for t in chosen if t.committed]
    rest = [t for t in chosen if not t.committed]
    return (committed + rest)[:n]


def _quarter_count(facts: TenderFacts) -> int:
    return max(1, round(facts.years * 4))


def _milestones(t: Target, facts: TenderFacts) -> list[tuple[int, float]]:
    q = _quarter_count(facts)
    if t.unit == "%":
        return [(1, t.safe)]
    if t.unit in COUNT_UNITS:
        return [(min(2, q), t.safe)]
    if t.milestones:
        points = dict(t.milestones)
        points[q] = t.safe
        return sorted(points.items())
    half = max(1, q // 2)
    return [(half, round(t.safe * half / q, 1)), (q, t.safe)] if q > 1 else [(1, t.safe)]


def _number(facts, reading: Reading, table, question: str, champion: str) -> list[Part]:
    key = number_key(question, table)
    if key is None:
        picks = _theme_targets(reading.theme, table, 1, question)
        key = picks[0].key if picks else None
    part = Part("figure", "", label="the figure")
    if key is None:
        part.add(
            "0: we have no records of this kind yet, so we offer no figure we cannot back.",
            ("no records",),
            KEEP,
        )
        return [part]
    t = table[key]
    how, evidence = _how(key, facts)
    part.add(f"{amount(t.safe, t.unit)} on this contract.", (t.source,), KEEP)
    part.add(f"We will deliver it by {how}, evidenced by {evidence}.", (t.source,), 1)
    part.add(f"The figure is based on {t.basis}.", (t.source,), 3)
    return [part]


def _low(name: str) -> str:
    """ "Spend with SMEs" -> "spend with SMEs": only the first letter, acronyms kept."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def _what(t: Target) -> str:
    """ "1 apprentice", "apprenticeship weeks on the contract (6 weeks)"."""
    if t.unit in COUNT_UNITS:
        return amount(t.safe, t.unit)
    return f"{t.name[0].lower() + t.name[1:]} ({amount(t.safe, t.unit)})"


def _offer_sentence(t: Target, facts: TenderFacts) -> str:
    c = facts.contract
    span = (
        f" between {format_date(c.start_date)} and {format_date(c.end_date)}"
        if c.start_date and c.end_date
        else ""
    )
    return f"We offer {_what(t)} on this contract{span}."


def _single(facts, reading, table, question, champion) -> list[Part]:
    picks = _theme_targets(reading.theme, table, 1, question) if reading.theme else []
    ordered = [table[k] for k in OFFER_ORDER if k in table]
    # one offer: a commitment already made, else the first the records support without a flag
    picks = (
        picks
        or [t for t in table.values() if t.committed][:1]
        or [t for t in ordered if not t.flags][:1]
        or ordered[:1]
        or list(table.values())[:1]
    )
    offer = Part("offer", "Our offer", label="the offer")
    if not picks:
        offer.add("We have no records yet to base an offer on.", ("no records",), KEEP)
        return [offer]
    t = picks[0]
    how, evidence = _how(t.key, facts)
    offer.add(_offer_sentence(t, facts), (t.source,), KEEP)
    offer.add(f"It benefits people in {_place(facts)}, where the work takes place.", (), 2)
    method = Part("method", "How we will deliver it", label="how it is delivered")
    method.add(f"We will achieve it by {how}.", (t.source,), 1)
    if t.method:
        method.add(t.method.rstrip(".") + ".", (t.source,), 2)
    method.add(f"It is led by {_lead(facts, t, champion)}.", (t.source,), 2)
    plan = Part("milestones", "Milestones", bullets=True, label="the milestones")
    for q, due in _milestones(t, facts):
        plan.add(f"By the end of quarter {q}: {amount(due, t.unit)}.", (t.source,), 2)
    kpi = Part("kpis", "Measuring and evidencing it", label="how it is measured")
    kpi.add(
        f"We measure it from {evidence}, reported to {facts.contract.buyer or 'the buyer'} every quarter.",
        (t.source,),
        1,
    )
    track = Part("track", "Why we can deliver it", label="our track record")
    track.add(f"This offer rests on {t.basis}.", (t.source,), 3)
    return [offer, method, plan, kpi, track]


def _plan(facts, reading, table, question, champion) -> list[Part]:
    picks = _theme_targets(reading.theme, table, 4, question)
    offer = Part("offer", "Our commitments", bullets=True, label="the commitments")
    method = Part("method", "Method", label="the method")
    plan = Part("milestones", "Timed milestones", bullets=True, label="the milestones")
    kpis = Part("kpis", "KPIs and evidence", bullets=True, label="the KPIs")
    for i, t in enumerate(picks):
        how, evidence = _how(t.key, facts)
        offer.add(
            f"{t.name}: {amount(t.safe, t.unit)} over the contract"
            + (f" ({t.basis})" if t.committed else "")
            + ".",
            (t.source,),
            KEEP if i == 0 else 1,
        )
        method.add(f"For {_low(t.name)} we will work by {how}.", (t.source,), 1 if i < 2 else 2)
        stages = "; ".join(f"Q{q} {amount(d, t.unit)}" for q, d in _milestones(t, facts))
        plan.add(f"{t.name}: {stages}.", (t.source,), 2)
        kpis.add(f"{t.name} ({unit_shown(t.unit)}), from {evidence}.", (t.source,), 2 if i < 2 else 3)
    if not picks:
        offer.add("We have no records yet to base commitments on.", ("no records",), KEEP)
    reporting = Part("reporting", "Reporting and governance", label="reporting and governance")
    lead = _lead(facts, picks[0] if picks else None, champion)
    reporting.add(
        f"Delivery of {THEME_WORDS.get(reading.theme, 'these commitments')} is led by "
        f"{lead}, who signs off each quarterly return to "
        f"{facts.contract.buyer or 'the buyer'}.",
        (),
        2,
    )
    reporting.add(
        "A milestone at risk is raised with the contract manager straight away, with a recovery plan.", (), 3
    )
    parts = [offer, method, plan, kpis, reporting]
    past = [p for p in facts.past if picks and p.key == picks[0].key]
    if past:
        p = past[0]
        track = Part("track", "Track record", label="our track record")
        what = (
            f"{_low(p.name)}: {amount(round(p.quantity, 1), p.unit)}"
            if p.unit in COUNT_UNITS
            # not "3 opportunities of opportunities"
            else f"{amount(round(p.quantity, 1), p.unit)} of {_low(p.name)}"
        )
        track.add(
            f"On {p.contract.reference} for {p.contract.buyer} we have recorded {what} "
            f"since {format_date(p.start)}: delivery on that contract, not a figure for "
            "this one.",
            (p.source,),
            3,
        )
        parts.append(track)
    return parts


def _case_for(facts: TenderFacts):
    buyer, place = facts.contract.buyer or "", _place(facts).lower()

    def rank(item):
        cs, c = item
        return (
            0 if c and c.buyer == buyer else 1 if place in (cs.story or "").lower() else 2,
            -(cs.date.toordinal() if cs.date else 0),
        )

    return sorted(facts.case_studies, key=rank)[0] if facts.case_studies else (None, None)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join((text or "").split())) if s.strip()]


PARTNER = re.compile(
    r"\b(?:the )?((?:[A-Z][\w'&-]+ ){1,5}(?:Hub|College|CVS|Trust|School|"
    r"Academy|Service|Charity|Foundation|Partnership|Centre|Jobcentre))\b"
)


def _past(facts, reading, table, question, champion) -> list[Part]:
    cs, c = _case_for(facts)
    context = Part("context", "The contract", label="the contract")
    outcome = Part("outcome", "What we delivered and the outcome", label="the outcome")
    figures = Part("figures", "The figures", bullets=True, label="the figures")
    lessons = Part("lessons", "What this means for this contract", label="what it means here")
    if c is not None:
        context.add(
            f"Our example is {c.title.lower()} for {c.buyer} ({c.reference}), which "
            f"began on {format_date(c.start_date)}.",
            (f"contract {c.reference}",),
            KEEP,
        )
    if cs is not None:
        src = f"case study: {cs.title}"
        story = _sentences(cs.story)
        for i, s in enumerate(story[:4]):
            outcome.add(s, (src,), KEEP if i == 0 else 1 if i < 2 else 2)
        quote = (cs.quote or "").strip().strip('“”"')
        if quote:
            outcome.add(f"In their words: “{quote}”", (src,), 3)
    partners = Part("partners", "Partners", label="the partners")
    if cs is not None:
        names = sorted(set(PARTNER.findall(cs.story or "")))
        if names:
            partners.add(f"We worked with {' and '.join(names[:2])}.", (src,), 1)
    scope = c.id if c is not None else None
    wanted = THEME_MEASURES.get(reading.theme, ())
    rows = [p for p in facts.past if scope is None or p.contract.id == scope]
    rows.sort(key=lambda p: (0 if p.key in wanted else 1, -p.records))
    for i, p in enumerate(rows[:4]):
        what = (
            f"{p.name}: {amount(round(p.quantity, 1), p.unit)}"
            if p.unit in COUNT_UNITS
            else f"{amount(round(p.quantity, 1), p.unit)} of {_low(p.name)}"
        )
        figures.add(
            f"{what} on {p.contract.reference} ({format_date(p.start)} to {format_date(p.end)}).",
            (p.source,),
            1 if i == 0 else 2,
        )
    picks = _theme_targets(reading.theme, table, 1, question)
    if picks:
        t = picks[0]
        lessons.add(
            f"For {facts.contract.buyer or 'this buyer'} we would bring the same "
            f"approach, starting with {_what(t)} on this contract.",
            (t.source,),
            2,
        )
    if not (cs or rows):
        context.add(
            "We have no delivered contract on record yet to give as an example.", ("no records",), KEEP
        )
    return [context, outcome, partners, figures, lessons]
