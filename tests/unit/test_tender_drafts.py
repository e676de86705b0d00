"""Drafts shaped by the question (#17.2-17.4, done-when): twelve questions of the kinds buyers
ask, with word and character limits, drafted from the demo firm's records for its Manchester bid.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from svdesk.exports.tender_claims import check_claims, personal_details, unbacked
from svdesk.exports.tender_draft import draft_answer
from svdesk.exports.tender_fit import Draft, Part, fit
from svdesk.exports.tender_kinds import read_question
from svdesk.exports.tender_policy_drafts import practice_statement
from svdesk.exports.tender_targets import targets
from svdesk.exports.textcount import count
from svdesk.services.contracts import find_contract
from svdesk.services.tender_facts import gather

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures" / "tender"))
from questions import QUESTIONS  # noqa: E402

pytestmark = pytest.mark.both_stores

PLACEHOLDERS = re.compile(
    r"No commitments chosen yet|TODO|XXX|lorem|[{}\[\]<>]|\bNone\b|"
    r"\bnan\b|\bnull\b",
    re.IGNORECASE,
)


@pytest.fixture
def bid_facts(demo_store):
    return gather(demo_store, find_contract(demo_store, "MCC-T-2026-118").id)


@pytest.fixture
def drafts(bid_facts):
    return [draft_answer(bid_facts, q, limit, unit) for q, limit, unit, _k, _t in QUESTIONS]


def _sentences(text: str) -> set[str]:
    return {
        " ".join(s.split()).lower()
        for s in re.split(r"(?<=[.!?])\s+|\n+", text)
        if len(s.split()) >= 4 and not s.isupper()
    }


def test_there_are_twelve_questions_of_every_kind_with_both_limits():
    assert len(QUESTIONS) >= 12
    assert {k for *_x, k, _t in QUESTIONS} == {
        "number",
        "single_offer",
        "delivery_plan",
        "past_delivery",
        "policy",
    }
    assert {u for _q, _l, u, *_x in QUESTIONS} == {"words", "characters"}


@pytest.mark.parametrize("question,limit,unit,kind,theme", QUESTIONS)
def test_the_question_is_read_for_its_kind_and_theme(question, limit, unit, kind, theme):
    reading = read_question(question, limit, unit)
    assert reading.kind == kind
    assert reading.theme == theme


def test_every_draft_fits_answers_its_kind_and_has_no_placeholder(drafts, bid_facts):
    table = targets(bid_facts)
    for (question, limit, unit, kind, _theme), draft in zip(QUESTIONS, drafts, strict=True):
        text = draft.text()
        assert text.strip(), question
        assert count(text, limit, unit).used <= limit, (question, text)
        assert draft.kind == kind
        assert PLACEHOLDERS.search(text) is None, (question, PLACEHOLDERS.search(text))
        assert unbacked(check_claims(text, bid_facts, table)) == [], question
        if kind == "number":  # the figure first
            assert re.match(r"^£?\d", text), text
        if kind == "past_delivery":  # another contract's delivery, named as such
            assert "SCC-PR-2025-041" in text
            for line in text.splitlines():
                if "SCC-PR-2025-041 (" in line:
                    assert "this contract" not in line
        if kind == "policy":  # built from the self-assessment
            assert "We " in text or "During the contract we will" in text
        if kind == "delivery_plan":
            assert re.search(r"Q\d", text)  # timed milestones


def test_drafts_share_under_a_quarter_of_their_sentences(drafts):
    texts = [_sentences(d.text()) for d in drafts]
    for i, mine in enumerate(texts):
        others = set().union(*(t for j, t in enumerate(texts) if j != i))
        shared = mine & others
        assert len(shared) < 0.25 * max(1, len(mine)), (QUESTIONS[i][0], shared)


def test_the_questions_own_terms_shape_headings_and_order(bid_facts):
    q = (
        "Describe the commitments you will make on local jobs, including the method, timed "
        "milestones, KPIs and how you will report progress to the Council."
    )
    text = draft_answer(bid_facts, q, 800, "words").text()
    headings = [line for line in text.splitlines() if line.isupper()]
    assert "REPORT PROGRESS TO THE COUNCIL" in headings
    assert (
        headings.index("METHOD")
        < headings.index("TIMED MILESTONES")
        < headings.index("KPIS")
        < headings.index("REPORT PROGRESS TO THE COUNCIL")
    )


def test_a_tight_limit_drops_the_lowest_priority_parts_and_says_so(bid_facts):
    q = QUESTIONS[3][0]
    full = draft_answer(bid_facts, q, 2000, "words")
    tight = draft_answer(bid_facts, q, 600, "characters")
    assert count(tight.text(), 600, "characters").used <= 600
    assert count(full.text()).words > count(tight.text()).words
    assert tight.left_out and not full.left_out
    assert (
        tight.text().split("\n")[0] == full.sentences[0].text or full.sentences[0].text in tight.text()
    )  # the answer itself is kept


def test_fit_counts_characters_with_spaces_and_line_breaks():
    draft = Draft(
        "policy",
        "",
        [
            Part("a", "First", label="first").add("One two three.", (), 0),
            Part("b", "Second", label="second").add("Four five six."),
        ],
        limit=len("One two three.\n\nFour"),
        unit="characters",
    )
    fit(draft)  # a short limit: no headings, then the lower-priority part goes
    assert draft.text() == "One two three."
    assert draft.left_out == ["second"]


def test_targets_come_from_the_run_rate_scaled_and_flagged(bid_facts):
    table = targets(bid_facts)
    rate = bid_facts.run_rates["volunteering_hours"].quantity
    vol = table["volunteering_hours"]
    assert vol.safe <= vol.stretch
    assert vol.safe < rate  # a £94,500 contract is a small share of a year
    assert "scaled to this contract" in vol.basis
    apprentices = table["apprentice_starts"]
    assert any("outlasts" in f for f in apprentices.flags)  # a 50-week contract
    assert any("usual intensity" in f for f in apprentices.flags)


def test_per_year_commitments_are_offered_over_the_term(demo_store):
    facts = gather(demo_store, find_contract(demo_store, "SCC-PR-2025-041").id)
    table = targets(facts)
    assert table["local_jobs_fte_years"].safe == pytest.approx(10, abs=0.05)  # 5 a year, 2 yrs
    assert table["volunteering_hours"].safe == pytest.approx(120, abs=0.5)  # 60 a year
    assert table["volunteering_hours"].milestones == {4: 40.0, 8: 100.0}


def test_unbacked_figures_and_promises_are_found(bid_facts):
    table = targets(bid_facts)
    text = (
        "We will create 37 new jobs for local people. "
        "We pay everyone who works for us at least the Real Living Wage. "
        "We will plant a forest on the moon."
    )
    claims = check_claims(text, bid_facts, table)
    flagged = [c.sentence for c in unbacked(claims)]
    assert "We will create 37 new jobs for local people." in flagged
    assert "We will plant a forest on the moon." in flagged
    assert not any("Real Living Wage" in s for s in flagged)


def test_personal_details_are_warned_about_not_rewritten():
    text = "Our apprentice (NI AB123456C, born 2004) lives at M15 5RN; the site is M15 4PS."
    warnings = personal_details(text, {"M15 4PS"})
    assert any("AB123456C" in w for w in warnings)
    assert any("M15 5RN" in w for w in warnings)
    assert not any("M15 4PS" in w for w in warnings)
    assert any("born" in w for w in warnings)


def test_practice_questions_become_statements():
    assert practice_statement("Do you pay everyone who works for you at least the Real Living Wage?") == (
        "We pay everyone who works for us at least the Real Living Wage."
    )
    assert (
        practice_statement("Are you signed up to Disability Confident?")
        == "We are signed up to Disability Confident."
    )


def test_a_firm_with_no_records_gets_honest_drafts_that_fit(store):
    from datetime import date

    from svdesk.services.contracts import ContractData, save_contract

    bid = save_contract(
        store,
        ContractData(
            "B-1",
            "Office cleaning",
            "Leeds City Council",
            5_000_000,
            date(2027, 1, 1),
            date(2028, 12, 31),
            "opportunity",
            site_postcode="LS1 1UR",
            local_area_kind="districts",
            local_area_codes="LS1",
        ),
    )
    facts = gather(store, bid.id)
    for question, limit, unit, kind, _theme in QUESTIONS:
        draft = draft_answer(facts, question, limit, unit)
        text = draft.text()
        assert text and count(text, limit, unit).used <= limit
        assert PLACEHOLDERS.search(text) is None
        assert not re.search(r"£?\d", text) or kind == "number"  # no figure without records


def test_leads_are_roles_never_names(demo_store):
    facts = gather(demo_store, find_contract(demo_store, "SCC-PR-2025-041").id)
    text = draft_answer(facts, QUESTIONS[3][0], 800, "words").text()
    assert "Okafor" not in text
    assert "our operations manager (social value champion)" in text


def test_a_draft_says_which_targets_are_safe_and_which_a_stretch(bid_facts):
    draft = draft_answer(bid_facts, QUESTIONS[3][0], 500, "words")
    assert any(
        "is safe" in p and "a stretch" in p and "scaled to this contract" in p for p in draft.proposals
    )
