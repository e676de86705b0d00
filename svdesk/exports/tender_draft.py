"""Draft the answer a tender question asks for, offline, from the firm's own records: a number
with how it is delivered, one fully specified offer, commitments with a delivery plan, an example
of past delivery, or a policy or practice answer; shaped by the question's own terms (headings
and order) and fitted to its limit (svdesk.exports.tender_fit).

Every sentence with a figure or a promise carries the records or commitment behind it. Figures
from another contract say which contract they come from: Salford delivery is never "this
contract" in a Manchester bid.
"""

from __future__ import annotations

import re

from svdesk.exports.tender_fit import KEEP, Draft, Part, fit
from svdesk.exports.tender_kinds import THEMES, Reading, read_question
from svdesk.exports.tender_measures import (
    COUNT_UNITS,
    HOW,
    MONITOR,
    OFFER_ORDER,
    THEME_MEASURES,
    THEME_SECTIONS,
    THEME_WORDS,
    focus_keys,
    number_key,
)
from svdesk.exports.tender_targets import Target, amount, targets
from svdesk.formatting import format_date, unit_shown
from svdesk.services.tender_facts import TenderFacts

# Part key -> words in a question's ask that point at it.
PART_WORDS = {
    "offer": ("commit", "offer", "target", "what you will", "social value", "deliver"),
    "method": ("method", "approach", "how", "recruit", "deliver", "activit", "action"),
    "milestones": ("milestone", "timescale", "timed", "timetable", "when", "programme", "quarter", "plan"),
    "kpis": ("kpi", "measur", "monitor", "indicator", "evidence", "track"),
    "reporting": ("report", "governance", "manage", "review", "accountab", "lead", "resourc", "champion"),
    "track": ("experience", "previous", "example", "track record", "past"),
    "risk": ("risk", "mitigat"),
    "context": ("contract", "where", "who", "client", "context", "background"),
    "outcome": ("outcome", "result", "impact", "benefit", "achiev", "difference"),
    "partners": ("partner", "work with", "collaborat", "organisations involved"),
    "figures": ("figure", "measured", "evidence", "data", "number"),
    "lessons": ("learn", "lesson", "apply", "transfer", "replicate", "would do"),
    "practice": (
        "policy",
        "policies",
        "practice",
        "approach",
        "current",
        "pay",
        "contract",
        "culture",
        "procedure",
    ),
    "developing": ("improve", "develop", "future", "next", "progress", "plan"),
    "on_contract": ("this contract", "deliver", "apply", "staff on", "workforce"),
    "monitoring": ("monitor", "measur", "review", "report", "evidence", "check"),
}


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


# --- the kinds of answer ------------------------------------------------------------------


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


_ASK = [
    (re.compile(r"^Do you\b"), "We"),
    (re.compile(r"^Does everyone\b"), "Everyone"),
    (re.compile(r"^Do staff\b"), "Staff"),
    (re.compile(r"^Are you\b"), "We are"),
    (re.compile(r"^Have you\b"), "We have"),
    (re.compile(r"^Is your\b"), "Our"),
    (re.compile(r"^Does your\b"), "Our"),
]
_PRONOUNS = [
    (r"\byourselves\b", "ourselves"),
    (r"\byour\b", "our"),
    (r"\b(for|to|with|against|by|of) you\b", r"\1 us"),
    (r"\byou\b", "we"),
]


def practice_statement(text: str) -> str:
    """ "Do you pay everyone … ?" -> "We pay everyone … ."."""
    s = text.strip().rstrip("?").strip()
    s = re.sub(r",? and (?:could|can) you\b.*$", "", s)
    for pattern, repl in _ASK:
        if pattern.search(s):
            s = pattern.sub(repl, s, count=1)
            break
    for pronoun, repl in _PRONOUNS:
        s = re.sub(pronoun, repl, s)
    s = s.replace("Everyone have", "Everyone has").replace("We get", "We get")
    return s + "."


def _practices(facts: TenderFacts, theme: str) -> list:
    sections = THEME_SECTIONS.get(theme, ())
    out = []
    for p in facts.practices:
        low = p.text.lower()
        slavery = "slavery" in low or "subcontractors about their own" in low
        if theme == "modern_slavery":
            if slavery:
                out.append(p)
        elif p.section_id in sections and not slavery:
            out.append(p)
    return out


ASK_SYNONYMS = {
    "voice": ("say in", "union", "forum", "concerns", "voice"),
    "pay": ("wage", "pay"),
    "contract": ("contract", "hours"),
    "recruit": ("recruit", "advert", "candidate", "interview", "applies"),
    "advertis": ("advert", "share work", "opening"),
    "supplier": ("supplier", "subcontract"),
    "polic": ("policy", "plan", "scheme"),
    "monitor": ("record", "check", "survey", "measure"),
    "mental": ("mental",),
    "flexib": ("flexib",),
    "train": ("train", "progress", "qualif"),
    "risk": ("risk", "check"),
    "disab": ("disab", "adjustment"),
}


def _ask_words(ask: str) -> set[str]:
    words = {
        w
        for w in re.findall(r"[a-z]{3,}", ask.lower())
        if w
        not in {
            "your",
            "their",
            "with",
            "from",
            "that",
            "this",
            "they",
            "what",
            "about",
            "will",
            "into",
            "work",
            "organisation",
            "approach",
            "and",
            "the",
            "how",
            "our",
            "are",
            "for",
            "practices",
            "practice",
        }
    }
    out: set[str] = set()
    for w in words:
        hits = [syn for stem, syn in ASK_SYNONYMS.items() if w.startswith(stem)]
        out.update(*hits) if hits else out.add(w[:5])
    return out


def _plain(action: str) -> str:
    text = action[0].lower() + action[1:]
    for pattern, repl in _PRONOUNS:
        text = re.sub(pattern, repl, text)
    return text


def _policy(facts, reading, table, question, champion) -> list[Part]:
    theme = reading.theme or "fair_work"
    items = [p for p in _practices(facts, theme) if p.answer in ("yes", "partly", "no")]
    asked: list[Part] = []
    placed: set[str] = set()
    for ask in reading.asks:
        words = _ask_words(ask)
        part = Part("asked", _heading(ask), label=ask.lower())
        for p in items:
            if p.question_id in placed or p.answer == "no":
                continue
            if any(w in p.text.lower() for w in words):
                part.add(_practice_sentence(p), (p.source,), 1 if p.answer == "yes" else 2)
                placed.add(p.question_id)
        if part.sentences:
            asked.append(part)
    practice = Part("practice", f"Our approach to {THEME_WORDS.get(theme, theme)}", label="current practice")
    developing = Part("developing", "Where we are improving", label="improvements under way")
    for i, p in enumerate(q for q in items if q.answer == "yes" and q.question_id not in placed):
        practice.add(_practice_sentence(p), (p.source,), 1 if i < 2 else 2)
    for p in items:
        if p.answer == "partly" and p.question_id not in placed:
            developing.add(_practice_sentence(p), (p.source,), 2)
    for p in [q for q in items if q.answer == "no"][:2]:
        developing.add(f"During the contract we will {_plain(p.action).rstrip('.')}.", (p.source,), 3)
    on_contract = Part("on_contract", "On this contract", label="what applies on this contract")
    for t in _theme_targets(theme, table, 2, question):
        how, _evidence = _how(t.key, facts)
        on_contract.add(f"{t.name}: {amount(t.safe, t.unit)} on this contract, by {how}.", (t.source,), 1)
    monitoring = Part("monitoring", "Monitoring", label="monitoring")
    monitoring.add(MONITOR.get(theme, MONITOR["employment"]), tuple(p.source for p in items[:1]), 2)
    parts = asked + [practice, on_contract, developing, monitoring]
    first = next((p for p in parts if p.sentences), None)
    if first is None or not items:
        practice.sentences.insert(0, _no_practice(theme))
    else:
        first.sentences[0].priority = KEEP
    return parts


def _no_practice(theme: str):
    from svdesk.exports.tender_fit import Sentence

    return Sentence(
        f"Our self-assessment has no answers on {THEME_WORDS.get(theme, theme)} "
        "yet, so we state no practice we cannot show.",
        ("no records",),
        KEEP,
    )


def _practice_sentence(p) -> str:
    note = f" {p.note.rstrip('.')}." if p.note else ""
    if p.answer == "yes":
        return practice_statement(p.text) + note
    return (
        f"{practice_statement(p.text)[:-1]} in part, and are extending it: "
        f"{_plain(p.action).rstrip('.')}.{note}"
    )


BUILDERS = {
    "number": _number,
    "single_offer": _single,
    "delivery_plan": _plan,
    "past_delivery": _past,
    "policy": _policy,
}


def _heading(ask: str) -> str:
    ask = ask.strip()
    return ask[0].upper() + ask[1:] if ask else ask


def arrange(parts: list[Part], reading: Reading) -> list[Part]:
    """The question's own terms shape the answer: each part the question asks about takes the
    question's words as its heading and comes in the question's order; the parts it does not
    ask about follow, and their sentences go first when the limit is tight."""
    by_key = {p.key: p for p in parts}
    ordered: list[Part] = []
    for ask in reading.asks:
        low = ask.lower()
        best, score = None, 0
        for p in parts:
            if p in ordered:
                continue
            hits = sum(1 for w in PART_WORDS.get(p.key, ()) if w in low)
            if hits > score:
                best, score = p, hits
        if best is not None:
            best.heading = _heading(ask)
            for s in best.sentences:
                s.priority = min(s.priority, 1) if s.priority else 0
            ordered.append(best)
    asked = bool(ordered)
    rest = [p for p in parts if p not in ordered]
    if asked:
        for p in rest:
            for s in p.sentences:
                if s.priority:
                    s.priority = min(3, s.priority + 1)
    first = [p for p in rest if p.key in ("offer", "context", "figure", "practice")]
    return first + ordered + [p for p in rest if p not in first] if by_key else ordered


def draft_answer(
    facts: TenderFacts,
    question: str,
    limit: int | None = None,
    unit: str = "words",
    answer_type: str = "auto",
    champion: str = "",
) -> Draft:
    reading = read_question(question, limit, unit, answer_type)
    table = targets(facts)
    parts = BUILDERS[reading.kind](facts, reading, table, question, champion)
    if reading.kind not in ("number", "policy"):  # a policy answer is built from its asks
        parts = arrange(parts, reading)
    used_sources = {b for p in parts for s in p.sentences for b in s.backing}
    flags = [f"{t.name}: {f}" for t in table.values() if t.source in used_sources for f in t.flags]
    proposals = [
        f"{t.name}: {amount(t.safe, t.unit)} is safe, {amount(t.stretch, t.unit)} a stretch ({t.basis})."
        if t.stretch != t.safe
        else f"{t.name}: {amount(t.safe, t.unit)} ({t.basis})."
        for t in table.values()
        if t.source in used_sources
    ]
    draft = Draft(
        reading.kind,
        reading.theme,
        parts,
        limit,
        unit,
        headings=reading.kind != "number",
        flags=flags,
        proposals=proposals,
    )
    return fit(draft)


__all__ = ["BUILDERS", "HOW", "THEMES", "arrange", "draft_answer", "practice_statement"]
