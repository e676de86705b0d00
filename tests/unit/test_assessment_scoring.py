"""Scoring rules: section and overall scores, N/A left out, maturity, strengths, gaps, change."""

import pytest

from svdesk.assessment.checklist import builtin_checklist
from svdesk.assessment.scoring import compare, score


@pytest.fixture(scope="module")
def checklist():
    return builtin_checklist()


def test_section_score_is_points_over_possible(checklist):
    # Local employment has 7 questions: 2 Yes, 2 Partly, 3 No -> (2 + 1) / 7.
    answers = {
        "emp-01": "yes",
        "emp-02": "yes",
        "emp-03": "partly",
        "emp-04": "partly",
        "emp-05": "no",
        "emp-06": "no",
        "emp-07": "no",
    }
    section = score(checklist, answers).section("local_employment")
    assert section.score == pytest.approx(3 / 7)
    assert section.maturity.label == "Developing"  # 42.9% is from 40%


def test_not_applicable_is_left_out_of_the_denominator(checklist):
    base = {
        "sup-01": "yes",
        "sup-02": "yes",
        "sup-03": "no",
        "sup-04": "yes",
        "sup-05": "yes",
        "sup-06": "yes",
    }
    with_no = score(checklist, {**base, "sup-07": "no"}).section("supply_chain")
    with_na = score(checklist, {**base, "sup-07": "na"}).section("supply_chain")
    assert with_no.score == pytest.approx(5 / 7)
    assert with_na.score == pytest.approx(5 / 6)  # not 5 / 7
    assert (with_na.possible, with_na.not_applicable, with_na.answered) == (6, 1, 7)
    assert with_na.maturity.label == "Embedded"  # 83.3%


def test_all_not_applicable_section_has_no_score_or_level(checklist):
    ids = [q.id for q in checklist.section("wellbeing").questions]
    result = score(checklist, {i: "na" for i in ids})
    assert result.section("wellbeing").score is None
    assert result.section("wellbeing").maturity is None
    assert result.score is None


def test_overall_pools_every_applicable_question(checklist):
    # Not the mean of section scores: 1 Yes in one section and 2 No in another is 1/3, not 1/4.
    result = score(checklist, {"emp-01": "yes", "sup-01": "no", "sup-02": "no"})
    assert result.score == pytest.approx(1 / 3)
    assert len(result.unanswered) == len(checklist.questions) - 3


@pytest.mark.parametrize(
    "share, level",
    [
        (0.0, "Starting"),
        (0.39, "Starting"),
        (0.40, "Developing"),
        (0.649, "Developing"),
        (0.65, "Embedded"),
        (0.85, "Leading"),
        (1.0, "Leading"),
    ],
)
def test_maturity_thresholds_come_from_the_data(checklist, share, level):
    assert checklist.maturity_for(share).label == level


def test_gaps_ranked_by_buyer_weight_and_shortfall(checklist):
    answers = {q.id: "yes" for q in checklist.questions}
    answers.update(
        {
            "emp-03": "partly",  # weight 5 x 0.5 = 2.5
            "sup-07": "no",  # weight 2 x 1 = 2
            "env-01": "no",  # weight 5 x 1 = 5
            "eq-02": "no",
        }
    )  # weight 4 x 1 = 4
    result = score(checklist, answers)
    assert [g.question.id for g in result.gaps] == ["env-01", "eq-02", "emp-03", "sup-07"]
    assert [g.priority for g in result.gaps] == [5, 4, 2.5, 2]
    # Strengths: best answers, the ones buyers weigh most first.
    assert result.strengths[0].question.buyer_weight == 5
    assert "env-01" not in {s.question.id for s in result.strengths}


def test_unknown_answer_ids_count_as_unanswered(checklist):
    result = score(checklist, {"emp-01": "maybe"})
    assert result.question("emp-01").answer is None
    assert result.score is None


def test_compare_per_section_and_per_question(checklist):
    before = {q.id: "partly" for q in checklist.questions}
    after = dict(before, **{"env-01": "yes", "env-02": "yes", "fw-06": "no", "emp-01": "na"})
    change = compare(score(checklist, before), score(checklist, after))
    by_q = {c.key: c for c in change.questions}
    assert by_q["env-01"].direction == "improved" and by_q["env-01"].delta == 0.5
    assert by_q["fw-06"].direction == "slipped"
    assert by_q["emp-01"].direction == "changed"  # Partly -> Not applicable
    assert by_q["emp-01"].after_label == "Not applicable"
    assert by_q["ld-01"].direction == "same"
    by_s = {c.key: c for c in change.sections}
    assert by_s["environment"].direction == "improved"
    assert by_s["environment"].after == pytest.approx(4.5 / 7)
    assert by_s["fair_work"].direction == "slipped"
    # emp-01 went to N/A: the rest of the section is still all Partly, so no change.
    assert by_s["local_employment"].direction == "same"
    assert change.count("improved") == 2 and change.count("slipped") == 1
    assert change.overall.direction == "improved"
