"""The scoring formula, against scores worked out by hand on a small voice scorecard.

The card (section weight; question weight):

- opening (1): greeting yes/no (1, N/A not allowed); idv yes/no (2, fail_all, compliance)
- call (2): empathy scale 1–5 (2); resolution choice (3: resolved 4, partly 2, not resolved 0);
  above yes/no (1, bonus)
- compliance (1): dpa yes/no (1, fail_section, compliance); pci choice (1, fail_section,
  compliance: ivr 2, partly 1, read aloud 0 and fails)
- close (1): summary yes/no (1); complaint yes/no (1, compliance)

Section weights add to 1 + 2 + 1 + 1 = 5, so with every section scored
overall = (opening + 2·call + compliance + close) ÷ 5.
"""

from dataclasses import replace

import pytest

from switchboard.domain.quality.scorecard import (
    AnswerType,
    Choice,
    Critical,
    Question,
    Scorecard,
    Section,
)
from switchboard.domain.quality.scoring import (
    AnswerError,
    AnswerValue,
    Score,
    answer_score,
    check_answers,
    score,
)

SCALE, CHOICE = AnswerType.SCALE, AnswerType.CHOICE
CARD = Scorecard(
    name="Voice",
    pass_mark=80.0,
    sections=(
        Section("opening", "Opening and ID&V", (
            Question("greeting", "Greeted with own name and the company's?", allow_na=False),
            Question("idv", "ID&V completed before any disclosure?", weight=2.0,
                     critical=Critical.FAIL_ALL, compliance=True),
        )),
        Section("call", "The call", weight=2.0, questions=(
            Question("empathy", "Acknowledged the customer's situation", SCALE, weight=2.0),
            Question("resolution", "Resolved the enquiry", CHOICE, weight=3.0, choices=(
                Choice("resolved", 4.0), Choice("partly", 2.0), Choice("not resolved", 0.0))),
            Question("above", "Went above and beyond?", bonus=True),
        )),
        Section("compliance", "Compliance", (
            Question("dpa", "Read the data-protection statement?", compliance=True,
                     critical=Critical.FAIL_SECTION),
            Question("pci", "Took card details PCI-safe", CHOICE, compliance=True,
                     critical=Critical.FAIL_SECTION, choices=(
                         Choice("ivr", 2.0), Choice("partly", 1.0),
                         Choice("read aloud", 0.0, fails=True))),
        )),
        Section("close", "Close", (
            Question("summary", "Summarised the next steps?"),
            Question("complaint", "Logged a complaint as one?", compliance=True),
        )),
    ),
)  # fmt: skip

FULL_MARKS: dict[str, AnswerValue] = {
    "greeting": "yes", "idv": "yes", "empathy": 5, "resolution": "resolved", "above": "no",
    "dpa": "yes", "pci": "ivr", "summary": "yes", "complaint": "yes",
}  # fmt: skip


def scored(card: Scorecard = CARD, /, **changes: AnswerValue) -> Score:
    return score(card, {**FULL_MARKS, **changes})


def section(result: Score, key: str) -> float | None:
    return next(s.score for s in result.sections if s.key == key)


def all_na_allowed(card: Scorecard) -> Scorecard:
    """The card with N/A allowed everywhere, to reach sections that are wholly N/A."""
    return replace(card, sections=tuple(
        replace(s, questions=tuple(replace(q, allow_na=True) for q in s.questions))
        for s in card.sections))  # fmt: skip


def all_na_but(**answers: AnswerValue) -> dict[str, AnswerValue]:
    return {**dict.fromkeys(FULL_MARKS), **answers}


# --- points and weights ---------------------------------------------------------------------


def test_full_marks_score_100_everywhere() -> None:
    result = scored()
    assert [s.score for s in result.sections] == [100.0, 100.0, 100.0, 100.0]
    assert (result.overall, result.compliance, result.compliance_passed) == (100.0, 100.0, True)
    assert (result.auto_failed, result.passed) == (False, True)


def test_a_question_counts_by_its_weight() -> None:
    result = scored(greeting="no")
    # opening: greeting 0 of 1 + idv 2 of 2 = 2 of 3 = 66.67
    assert section(result, "opening") == pytest.approx(200 / 3)
    # overall: (66.67 + 2·100 + 100 + 100) ÷ 5 = 93.33
    assert result.overall == pytest.approx(1400 / 15)


def test_a_section_counts_by_its_weight() -> None:
    result = scored(empathy=1)
    # call: empathy 2·(1−1)/(5−1) = 0 + resolution 3 = 3 of 5 = 60
    assert section(result, "call") == pytest.approx(60.0)
    # overall: (100 + 2·60 + 100 + 100) ÷ 5 = 84, not (100 + 60 + 100 + 100) ÷ 4 = 90
    assert result.overall == pytest.approx(84.0)


def test_a_scale_earns_its_share_of_the_range() -> None:
    result = scored(empathy=4)
    # empathy: 2·(4−1)/(5−1) = 1.5 of 2; call: (1.5 + 3) of 5 = 90
    assert result.answers[2] == answer_score(CARD.question("empathy"), 4)
    assert (result.answers[2].earned, result.answers[2].possible) == (1.5, 2.0)
    assert section(result, "call") == pytest.approx(90.0)


def test_a_scale_takes_a_number_from_a_form_as_text() -> None:
    assert scored(empathy="4") == scored(empathy=4) == scored(empathy=4.0)


def test_only_the_bottom_of_a_scale_is_a_failing_answer() -> None:
    assert scored(empathy=1).answers[2].failed
    assert not scored(empathy=2).answers[2].failed


def test_a_choice_earns_its_points_over_the_best_choice() -> None:
    result = scored(resolution="partly")
    # resolution: 3·2/4 = 1.5; call: (2 + 1.5) of 5 = 70
    assert result.answers[3].earned == 1.5
    assert section(result, "call") == pytest.approx(70.0)
    # overall: (100 + 2·70 + 100 + 100) ÷ 5 = 88
    assert result.overall == pytest.approx(88.0)


def test_a_choice_worth_nothing_is_a_failing_answer() -> None:
    assert scored(resolution="not resolved").answers[3].failed
    assert not scored(resolution="partly").answers[3].failed


def test_the_section_reports_its_points() -> None:
    call = scored(empathy=3, resolution="partly", above="yes").sections[1]
    # empathy 2·2/4 = 1 + resolution 1.5 + bonus 1 = 3.5 earned, of 2 + 3 = 5: 70
    assert (call.earned, call.possible, call.failed) == (3.5, 5.0, False)
    assert call.score == pytest.approx(70.0)


def test_answers_come_in_the_cards_question_order() -> None:
    shuffled = dict(reversed(FULL_MARKS.items()))
    assert [a.question for a in score(CARD, shuffled).answers] == list(FULL_MARKS)


# --- N/A ------------------------------------------------------------------------------------


def test_na_is_left_out_of_the_denominator() -> None:
    result = scored(empathy=None, resolution="partly")
    # call: resolution 1.5 of 3 (empathy's 2 left out) = 50, not 1.5 of 5 = 30
    assert section(result, "call") == pytest.approx(50.0)
    assert result.answers[2] == answer_score(CARD.question("empathy"), None)
    assert (result.answers[2].earned, result.answers[2].possible) == (None, None)


def test_a_section_all_na_is_dropped_from_the_overall() -> None:
    result = scored(greeting="no", summary=None, complaint=None)
    assert section(result, "close") is None
    # overall: (66.67 + 2·100 + 100) ÷ 4 = 91.67; close's weight is left out too
    assert result.overall == pytest.approx(1100 / 12)


def test_with_every_section_na_there_is_no_overall_score() -> None:
    result = score(all_na_allowed(CARD), all_na_but())
    assert [s.score for s in result.sections] == [None] * 4
    assert (result.overall, result.passed, result.compliance) == (None, None, None)


# --- bonus ----------------------------------------------------------------------------------


def test_a_bonus_adds_points() -> None:
    # call: empathy 1 + resolution 3 = 4 of 5 = 80; with the bonus 5 of 5 = 100
    assert section(scored(empathy=3), "call") == pytest.approx(80.0)
    assert section(scored(empathy=3, above="yes"), "call") == pytest.approx(100.0)
    assert scored(above="yes").answers[4].possible == 0.0


def test_a_bonus_is_capped_at_100() -> None:
    result = scored(above="yes")
    # call: 2 + 3 + 1 = 6 of 5 = 120, capped at 100; the section keeps its points
    assert (result.sections[1].earned, result.sections[1].score) == (6.0, 100.0)
    assert result.overall == 100.0


def test_a_missed_bonus_costs_nothing() -> None:
    assert section(scored(empathy=3, above="no"), "call") == pytest.approx(80.0)
    assert section(scored(empathy=3, above=None), "call") == pytest.approx(80.0)


def test_a_bonus_alone_does_not_give_a_section_a_score() -> None:
    result = scored(empathy=None, resolution=None, above="yes")
    # call: 1 earned of 0 possible: no score; overall (100 + 100 + 100) ÷ 3
    assert section(result, "call") is None
    assert result.overall == 100.0


# --- critical questions and precedence ------------------------------------------------------


def test_a_fail_section_critical_zeroes_only_its_section() -> None:
    result = scored(dpa="no")
    assert [s.score for s in result.sections] == [100.0, 100.0, 0.0, 100.0]
    assert [s.failed for s in result.sections] == [False, False, True, False]
    # overall: (100 + 2·100 + 0 + 100) ÷ 5 = 80; not an auto-fail
    assert (result.overall, result.auto_failed) == (80.0, False)


def test_a_choice_marked_fails_trips_a_critical() -> None:
    result = scored(pci="read aloud")
    assert result.sections[2].failed
    assert section(result, "compliance") == 0.0


def test_a_fail_all_critical_zeroes_the_overall() -> None:
    result = scored(idv="no")
    # the sections still show their own scores: opening 1 of 3
    assert section(result, "opening") == pytest.approx(100 / 3)
    assert (result.overall, result.auto_failed, result.passed) == (0.0, True, False)


def test_a_fail_all_zeroes_the_overall_when_everything_else_is_na() -> None:
    result = score(all_na_allowed(CARD), all_na_but(idv="no"))
    assert [s.score for s in result.sections] == [0.0, None, None, None]
    assert (result.overall, result.auto_failed) == (0.0, True)


def test_a_critical_answered_na_does_not_fail() -> None:
    result = scored(idv=None, dpa=None)
    assert not result.auto_failed
    assert not result.sections[2].failed
    # compliance section: pci alone, 1 of 1
    assert (section(result, "opening"), section(result, "compliance")) == (100.0, 100.0)


def test_fail_all_beats_fail_section() -> None:
    result = scored(idv="no", dpa="no")
    # fail-section alone gives 80 (see above); fail-all takes the overall to 0
    assert result.sections[2].failed
    assert (result.overall, result.auto_failed) == (0.0, True)


def test_fail_section_beats_na() -> None:
    result = scored(dpa="no", pci=None)
    # the section's only other question is N/A, so without the fail it would have 0 of 0
    # possible and no score; the fail makes it 0, which counts: (100 + 200 + 0 + 100) ÷ 5
    assert section(result, "compliance") == 0.0
    assert result.overall == 80.0


def test_na_beats_points() -> None:
    # an N/A earns no points and costs none: resolution "partly" with empathy N/A is 50,
    # between empathy at the bottom (1.5 of 5 = 30) and at the top (3.5 of 5 = 70)
    assert section(scored(empathy=None, resolution="partly"), "call") == pytest.approx(50.0)
    assert section(scored(empathy=1, resolution="partly"), "call") == pytest.approx(30.0)
    assert section(scored(empathy=5, resolution="partly"), "call") == pytest.approx(70.0)


# --- compliance -----------------------------------------------------------------------------


def test_compliance_is_scored_apart_from_an_auto_failed_overall() -> None:
    result = scored(idv="no")
    # compliance questions: idv 0 of 2, dpa 1, pci 1, complaint 1 = 3 of 5 = 60
    assert result.overall == 0.0
    assert result.compliance == pytest.approx(60.0)
    assert result.compliance_passed is False


def test_compliance_passes_while_the_overall_drops() -> None:
    result = scored(summary="no", empathy=1)
    # neither is a compliance question: compliance 100 and passed while the overall drops
    assert (result.compliance, result.compliance_passed) == (100.0, True)
    assert result.overall is not None
    assert result.overall < 100


def test_a_partial_compliance_choice_fails_compliance() -> None:
    result = scored(pci="partly")
    # compliance: idv 2 + dpa 1 + pci 1·1/2 + complaint 1 = 4.5 of 5 = 90, but not passed
    assert result.compliance == pytest.approx(90.0)
    assert result.compliance_passed is False
    # partly is worth points and not marked fails: it does not trip the section's critical
    assert not result.sections[2].failed
    assert section(result, "compliance") == pytest.approx(75.0)


def test_compliance_counts_only_questions_not_na() -> None:
    result = scored(idv=None, pci=None, dpa="no")
    # dpa 0 of 1 + complaint 1 of 1 = 50
    assert result.compliance == pytest.approx(50.0)
    assert result.compliance_passed is False


def test_with_every_compliance_question_na_there_is_no_compliance_score() -> None:
    result = scored(idv=None, dpa=None, pci=None, complaint=None)
    assert (result.compliance, result.compliance_passed) == (None, None)


def test_a_failing_choice_fails_compliance_even_at_full_points() -> None:
    question = Question("card", "Card handled?", CHOICE, compliance=True,
                        choices=(Choice("safe", 1.0), Choice("unsafe but paid", 1.0, fails=True)))  # fmt: skip
    card = Scorecard("Card", (Section("s", "S", (question,)),))
    result = score(card, {"card": "unsafe but paid"})
    assert (result.overall, result.compliance, result.compliance_passed) == (100.0, 100.0, False)


# --- the pass mark --------------------------------------------------------------------------


def test_the_pass_mark_is_reached_at_exactly_the_mark() -> None:
    assert scored(dpa="no").overall == 80.0
    assert scored(dpa="no").passed is True


def test_below_the_pass_mark_fails() -> None:
    result = scored(empathy=1, resolution="partly")
    # call: 0 + 1.5 of 5 = 30; overall (100 + 60 + 100 + 100) ÷ 5 = 72
    assert result.overall == pytest.approx(72.0)
    assert result.passed is False


def test_without_a_pass_mark_there_is_no_verdict() -> None:
    assert scored(replace(CARD, pass_mark=None)).passed is None


def test_an_auto_fail_fails_even_a_zero_pass_mark() -> None:
    assert scored(replace(CARD, pass_mark=0.0), idv="no").passed is False


# --- refused answers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("tone", "yes", "no such question on this scorecard"),
        ("summary", "Yes", "expected 'yes' or 'no', got 'Yes'"),
        ("summary", 1, "expected 'yes' or 'no', got 1"),
        ("empathy", 6, "expected a whole number from 1 to 5, got 6"),
        ("empathy", 0, "expected a whole number from 1 to 5, got 0"),
        ("empathy", 3.5, "expected a whole number from 1 to 5, got 3.5"),
        ("empathy", "three", "expected a whole number from 1 to 5, got 'three'"),
        ("empathy", True, "expected a whole number from 1 to 5, got True"),
        ("empathy", float("nan"), "expected a whole number from 1 to 5, got nan"),
        ("resolution", "sorted", "expected one of 'resolved', 'partly', 'not resolved', got 'sorted'"),
        ("greeting", None, "N/A is not allowed for this question"),
    ],
)  # fmt: skip
def test_it_names_each_answer_it_cannot_score(key: str, value: AnswerValue, message: str) -> None:
    assert check_answers(CARD, {key: value}, complete=False) == [(key, message)]
    with pytest.raises(AnswerError) as refused:
        scored(**{key: value})
    assert (key, message) in refused.value.problems


def test_a_draft_may_leave_questions_unanswered() -> None:
    assert check_answers(CARD, {"greeting": "yes"}, complete=False) == []


def test_a_complete_set_names_every_unanswered_question() -> None:
    answers = {k: v for k, v in FULL_MARKS.items() if k not in {"idv", "complaint"}}
    expected = [("idv", "not answered"), ("complaint", "not answered")]
    assert check_answers(CARD, answers, complete=True) == expected
    with pytest.raises(AnswerError, match="idv: not answered; complaint: not answered"):
        score(CARD, answers)


def test_every_problem_is_named_at_once() -> None:
    problems = check_answers(CARD, {**FULL_MARKS, "summary": "y", "empathy": 9}, complete=True)
    assert [key for key, _ in problems] == ["empathy", "summary"]
