"""Feedback checks: SBI and BOOST parts, observed, timely, balanced and about behaviour."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from switchboard.domain.performance.feedback import (
    Code,
    FeedbackDraft,
    Model,
    Severity,
    Source,
    Tone,
    Verbatim,
    check,
    from_verbatim,
    personal_words,
)

CALL_AT = datetime(2025, 6, 9, 10, 5, tzinfo=UTC)
GIVEN_AT = CALL_AT + timedelta(days=2)

GOOD_SBI = FeedbackDraft(
    Model.SBI,
    Source.TEAM_LEADER,
    Tone.DEVELOPMENTAL,
    given_at=GIVEN_AT,
    situation="On Monday's billing call about the double charge",
    behaviour="You put the customer on hold twice without saying why",
    impact="She asked whether she had been cut off and scored the call 2",
    went_well="You found the duplicate payment within a minute",
    observed_at=CALL_AT,
    interaction_ids=(4711,),
)
GOOD_BOOST = FeedbackDraft(
    Model.BOOST,
    Source.PEER,
    Tone.DEVELOPMENTAL,
    given_at=GIVEN_AT,
    behaviour="You read the refund terms word for word",
    went_well="Every term was right",
    even_better="Even better if you checked the customer understood them",
    observed_at=CALL_AT,
    event="Side-by-side listening on Monday morning",
)


def codes(draft: FeedbackDraft, **settings: float) -> list[str]:
    return [str(f.code) for f in check(draft, **settings)]


def test_it_finds_nothing_in_well_formed_sbi_and_boost() -> None:
    assert check(GOOD_SBI) == ()
    assert check(GOOD_BOOST) == ()


def test_it_requires_every_part_of_sbi() -> None:
    (finding,) = check(replace(GOOD_SBI, situation="", impact="  "))
    assert (finding.code, finding.severity) == (Code.MISSING_PART, Severity.ERROR)
    assert "the situation and the impact" in finding.message


def test_it_requires_the_observed_behaviour_and_one_other_part_of_boost() -> None:
    no_behaviour = replace(GOOD_BOOST, behaviour="")
    assert "the observed behaviour" in check(no_behaviour)[0].message
    only_behaviour = replace(GOOD_BOOST, went_well="", even_better="", tone=Tone.POSITIVE)
    assert codes(only_behaviour) == ["missing_part"]
    praise_only = replace(GOOD_BOOST, even_better="", tone=Tone.POSITIVE)
    assert check(praise_only) == ()


def test_it_lists_errors_before_warnings() -> None:
    draft = replace(GOOD_SBI, impact="", interaction_ids=())
    assert [f.severity for f in check(draft)] == [Severity.ERROR, Severity.WARN]


def test_it_warns_when_feedback_is_tied_to_nothing_observed() -> None:
    (finding,) = check(replace(GOOD_SBI, interaction_ids=()))
    assert (finding.code, finding.severity) == (Code.NOT_OBSERVED, Severity.WARN)
    assert "link the contact or describe when you saw it" in finding.message
    assert codes(replace(GOOD_BOOST, event="   ")) == ["not_observed"]


def test_a_described_event_or_a_linked_contact_is_enough() -> None:
    assert check(replace(GOOD_SBI, interaction_ids=(), event="Team huddle, 9 June")) == ()
    assert check(replace(GOOD_BOOST, event="", interaction_ids=(1, 2))) == ()


def test_it_warns_when_feedback_comes_20_days_after_the_call() -> None:
    (finding,) = check(replace(GOOD_SBI, given_at=CALL_AT + timedelta(days=20)))
    assert (finding.code, finding.severity) == (Code.STALE, Severity.WARN)
    assert "20 days" in finding.message
    assert "14 days" in finding.message


def test_fourteen_days_exactly_is_still_timely() -> None:
    fortnight = CALL_AT + timedelta(days=14)
    assert check(replace(GOOD_SBI, given_at=fortnight)) == ()
    late = replace(GOOD_SBI, given_at=fortnight + timedelta(seconds=1))
    assert codes(late) == ["stale"]


def test_the_age_limit_is_a_setting() -> None:
    three_weeks = replace(GOOD_SBI, given_at=CALL_AT + timedelta(days=21))
    assert check(three_weeks, max_age_days=28) == ()
    assert codes(GOOD_SBI, max_age_days=1) == ["stale"]  # given two days after


def test_it_cannot_judge_timeliness_without_the_time_observed() -> None:
    undated = replace(GOOD_SBI, observed_at=None, given_at=CALL_AT + timedelta(days=60))
    assert check(undated) == ()


def test_it_warns_when_developmental_sbi_has_no_balancing_positive() -> None:
    (finding,) = check(replace(GOOD_SBI, went_well=""))
    assert (finding.code, finding.severity) == (Code.UNBALANCED, Severity.WARN)
    assert "something the agent did well" in finding.message


def test_positive_sbi_needs_no_balancing_positive() -> None:
    assert check(replace(GOOD_SBI, tone=Tone.POSITIVE, went_well="")) == ()


def test_boost_with_an_even_better_and_nothing_that_went_well_is_unbalanced() -> None:
    # Marked positive, but "even better if" asks for a change: BOOST's Balanced applies.
    draft = replace(GOOD_BOOST, tone=Tone.POSITIVE, went_well="")
    assert codes(draft) == ["unbalanced"]


def test_it_warns_about_words_that_describe_the_person() -> None:
    draft = replace(GOOD_SBI, behaviour="You are lazy and you're always sloppy with notes")
    (finding,) = check(draft)
    assert (finding.code, finding.severity) == (Code.PERSONAL, Severity.WARN)
    assert finding.words == ("you are", "lazy", "you're", "always", "sloppy")
    assert '"lazy"' in finding.message


def test_it_reads_the_developmental_part_of_boost_too() -> None:
    draft = replace(GOOD_BOOST, even_better="Even better if you weren't so careless")
    assert check(draft)[0].words == ("careless",)


def test_it_does_not_read_the_impact_or_the_praise() -> None:
    # The impact describes the customer; praise that says "always" is not criticism.
    draft = replace(GOOD_SBI, impact="The customer felt we never listen", went_well="Always calm")
    assert check(draft) == ()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("RUDE. Bad   Attitude.", ("rude", "bad attitude")),
        ("You’re hopeless", ("you’re", "hopeless")),
        ("Unprofessional, useless", ("unprofessional", "useless")),
        ("You were rude, rude!", ("rude",)),
    ],
)
def test_it_matches_the_lexicon_in_any_case_and_spacing(text: str, words: tuple[str, ...]) -> None:
    assert personal_words(text) == words


@pytest.mark.parametrize(
    "text",
    [
        "The customer was rude to you",
        "customer was rude and lazy about reading the letter",
        "The caller said we never call back",
        "You kept the rudeness out of your voice",  # "rudeness" is not the word "rude"
        "Nevertheless you walked down the hallways",  # nor are "never" and "always" inside words
        "",
    ],
)
def test_it_does_not_flag_the_customers_behaviour_or_parts_of_words(text: str) -> None:
    assert personal_words(text) == ()


def test_a_clause_about_the_agent_after_one_about_the_customer_is_read() -> None:
    text = "The customer was rude, but you were careless. Customer was upset; you were lazy."
    assert personal_words(text) == ("careless", "lazy")


def test_a_new_sentence_returns_to_the_agent() -> None:
    assert personal_words("The customer was rude. Always interrupting.") == ("always",)


def test_it_turns_a_low_survey_verbatim_into_linked_developmental_customer_feedback() -> None:
    verbatim = Verbatim(
        "Kept me on hold for ages, never explained why",
        "csat",
        1,
        4711,
        responded_at=CALL_AT + timedelta(hours=3),
        top_box=False,
        contact_at=CALL_AT,
    )
    draft = from_verbatim(verbatim)
    assert (draft.source, draft.tone) == (Source.CUSTOMER, Tone.DEVELOPMENTAL)
    assert draft.model is Model.SBI
    assert draft.interaction_ids == (4711,)
    assert (draft.observed_at, draft.given_at) == (CALL_AT, CALL_AT + timedelta(hours=3))
    assert draft.situation == "CSAT survey on contact 4711, score 1"
    assert draft.impact == verbatim.text
    # The customer's words are theirs: no SBI parts, balance or wording asked of them.
    assert check(draft) == ()


def test_a_top_box_verbatim_is_positive_and_a_late_answer_is_not_the_customers_fault() -> None:
    verbatim = Verbatim("Lovely", "nps", 10, 9, CALL_AT + timedelta(days=30), True, CALL_AT)
    draft = from_verbatim(verbatim)
    assert draft.tone is Tone.POSITIVE
    assert check(draft) == ()


def test_customer_feedback_entered_by_hand_must_still_be_tied_to_a_contact() -> None:
    letter = FeedbackDraft(Model.SBI, Source.CUSTOMER, Tone.DEVELOPMENTAL, GIVEN_AT, impact="Awful")
    assert codes(letter) == ["not_observed"]


def test_it_rejects_naive_times() -> None:
    with pytest.raises(ValueError, match="given_at must be timezone-aware"):
        replace(GOOD_SBI, given_at=datetime(2025, 6, 9, 10))
    with pytest.raises(ValueError, match="observed_at"):
        replace(GOOD_SBI, observed_at=datetime(2025, 6, 9, 10))
