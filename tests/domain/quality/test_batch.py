"""The batch scorer gives exactly what :func:`score` gives, evaluation by evaluation."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from switchboard.domain.quality.batch import BatchScores, compile_card, score_batch
from switchboard.domain.quality.scorecard import (
    AnswerType,
    Choice,
    Critical,
    Question,
    Scorecard,
    ScorecardError,
    Section,
    problems,
)
from switchboard.domain.quality.scoring import AnswerError, AnswerValue, Score, score
from tests.domain.quality.test_scoring import CARD, FULL_MARKS

WEIGHTS = [0.1, 0.5, 1.0, 1.5, 2.0, 3.0, 7.0]


def random_question(rng: np.random.Generator, key: str, *, first: bool) -> Question:
    kind = [AnswerType.YES_NO, AnswerType.SCALE, AnswerType.CHOICE][rng.integers(3)]
    bonus = not first and rng.random() < 0.15
    criticals = [Critical.NONE, Critical.NONE, Critical.FAIL_SECTION, Critical.FAIL_ALL]
    critical = criticals[rng.integers(4)]
    if bonus or kind is AnswerType.SCALE:
        critical = Critical.NONE
    low = int(rng.integers(0, 2))
    choices: tuple[Choice, ...] = ()
    if kind is AnswerType.CHOICE:
        points = [float(p) for p in rng.choice([0, 1, 2, 3, 5], size=rng.integers(2, 5))]
        points[0] = max(points[0], 1.0)  # one choice must be worth something
        fails = [bool(f) for f in rng.random(len(points)) < 0.25]
        fails[-1] = fails[-1] or critical is not Critical.NONE
        choices = tuple(
            Choice(f"c{i}", p, f) for i, (p, f) in enumerate(zip(points, fails, strict=False))
        )
    return Question(
        key, key, kind, weight=WEIGHTS[rng.integers(len(WEIGHTS))], critical=critical,
        compliance=not bonus and rng.random() < 0.3, bonus=bonus,
        allow_na=rng.random() < 0.8, scale_min=low, scale_max=low + int(rng.integers(1, 10)),
        choices=choices,
    )  # fmt: skip


def random_card(rng: np.random.Generator) -> Scorecard:
    sections, count = [], 0
    for s in range(rng.integers(1, 5)):
        questions = []
        for j in range(rng.integers(1, 6)):
            questions.append(random_question(rng, f"q{count}", first=j == 0))
            count += 1
        weight = WEIGHTS[rng.integers(len(WEIGHTS))]
        sections.append(Section(f"s{s}", f"S{s}", tuple(questions), weight=weight))
    pass_mark = [None, 50.0, 75.0, 80.0, 100.0][rng.integers(5)]
    card = Scorecard("Random", tuple(sections), pass_mark=pass_mark)
    assert problems(card) == []
    return card


def random_codes(rng: np.random.Generator, card: Scorecard, rows: int) -> np.ndarray:
    """Valid answer codes, N/A where allowed about one time in five and Yes four times in
    five (so that criticals fail now and then rather than on almost every row)."""
    columns = []
    for q in card.questions():
        if q.answer_type is AnswerType.YES_NO:
            column = (rng.random(rows) < 0.8).astype(float)
        elif q.answer_type is AnswerType.SCALE:
            column = rng.integers(q.scale_min, q.scale_max + 1, rows).astype(float)
        else:
            column = rng.integers(0, len(q.choices), rows).astype(float)
        if q.allow_na:
            column[rng.random(rows) < 0.2] = np.nan
        columns.append(column)
    return np.column_stack(columns)


def decode(card: Scorecard, row: np.ndarray) -> dict[str, AnswerValue]:
    answers: dict[str, AnswerValue] = {}
    for q, code in zip(card.questions(), row, strict=True):
        if math.isnan(code):
            answers[q.key] = None
        elif q.answer_type is AnswerType.YES_NO:
            answers[q.key] = "yes" if code == 1 else "no"
        elif q.answer_type is AnswerType.SCALE:
            answers[q.key] = int(code)
        else:
            answers[q.key] = q.choices[int(code)].label
    return answers


def nan_for_none(value: float | bool | None) -> float:
    return math.nan if value is None else float(value)


def assert_agrees(batch: BatchScores, i: int, single: Score) -> None:
    """Row i of the batch equals the single score to the last bit (NaN for None)."""
    expected = [nan_for_none(single.overall), nan_for_none(single.compliance),
                nan_for_none(single.compliance_passed), nan_for_none(single.passed)]  # fmt: skip
    got = [batch.overall[i], batch.compliance[i], batch.compliance_passed[i], batch.passed[i]]
    np.testing.assert_array_equal(got, expected)
    assert batch.auto_failed[i] == single.auto_failed
    np.testing.assert_array_equal(
        batch.sections[i], [nan_for_none(s.score) for s in single.sections]
    )
    assert batch.section_failed[i].tolist() == [s.failed for s in single.sections]


def assert_batch_matches_single(card: Scorecard, codes: np.ndarray) -> BatchScores:
    compiled = compile_card(card)
    batch = score_batch(compiled, codes)
    for i, row in enumerate(codes):
        answers = decode(card, row)
        np.testing.assert_array_equal(compiled.encode(answers), row)
        assert_agrees(batch, i, score(card, answers))
    return batch


def test_it_agrees_with_score_on_thousands_of_answer_sets_to_the_voice_card() -> None:
    rng = np.random.default_rng(7)
    codes = random_codes(rng, CARD, 4000)
    batch = assert_batch_matches_single(CARD, codes)
    # the sample reached every rule it is meant to check
    assert batch.auto_failed.any()
    assert batch.section_failed[:, 2].any()
    assert np.isnan(batch.sections).any()
    assert np.isnan(batch.compliance).any()
    assert (batch.compliance_passed == 0).any()
    assert (batch.passed == 1).any()
    bonus = codes[:, 4] == 1
    assert (bonus & (batch.sections[:, 1] == 100)).any()


@pytest.mark.parametrize("seed", range(20))
def test_it_agrees_with_score_on_random_scorecards(seed: int) -> None:
    rng = np.random.default_rng(seed)
    card = random_card(rng)
    assert_batch_matches_single(card, random_codes(rng, card, 300))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 40))
def test_it_agrees_with_score_whatever_the_card(seed: int, rows: int) -> None:
    rng = np.random.default_rng(seed)
    card = random_card(rng)
    assert_batch_matches_single(card, random_codes(rng, card, rows))


def test_a_batch_of_none_is_empty() -> None:
    compiled = compile_card(CARD)
    batch = score_batch(compiled, compiled.encode_all([]))
    assert batch.overall.shape == (0,)
    assert batch.sections.shape == (0, 4)


def test_encode_all_stacks_one_row_per_evaluation() -> None:
    compiled = compile_card(CARD)
    codes = compiled.encode_all([FULL_MARKS, {**FULL_MARKS, "pci": "read aloud", "idv": None}])
    assert codes.shape == (2, 9)
    assert codes[1, 6] == 2.0
    assert math.isnan(codes[1, 1])
    assert score_batch(compiled, codes).sections[:, 2].tolist() == [100.0, 0.0]


def test_encoding_refuses_answers_it_cannot_score() -> None:
    with pytest.raises(AnswerError) as refused:
        compile_card(CARD).encode({**FULL_MARKS, "empathy": 7})
    assert refused.value.problems == [("empathy", "expected a whole number from 1 to 5, got 7")]


@pytest.mark.parametrize(
    ("column", "code", "message"),
    [
        (0, np.nan, "row 1: N/A is not allowed for this question"),
        (1, 0.5, "row 1: 0.5 is not an answer code for this question"),
        (2, 6.0, "row 1: 6.0 is not an answer code for this question"),
        (2, 0.0, "row 1: 0.0 is not an answer code for this question"),
        (3, 3.0, "row 1: 3.0 is not an answer code for this question"),
        (3, -1.0, "row 1: -1.0 is not an answer code for this question"),
        (8, np.inf, "row 1: inf is not an answer code for this question"),
    ],
)
def test_it_names_the_question_and_row_of_a_bad_code(
    column: int, code: float, message: str
) -> None:
    compiled = compile_card(CARD)
    codes = np.tile(compiled.encode(FULL_MARKS), (3, 1))
    codes[1:, column] = code
    with pytest.raises(AnswerError) as refused:
        score_batch(compiled, codes)
    assert refused.value.problems == [(compiled.keys[column], message)]


def test_it_refuses_answers_of_the_wrong_shape() -> None:
    compiled = compile_card(CARD)
    with pytest.raises(ValueError, match=r"evaluations × 9 questions, got shape \(9,\)"):
        score_batch(compiled, compiled.encode(FULL_MARKS))


def test_it_refuses_to_compile_a_card_that_is_not_valid() -> None:
    card = Scorecard("", (Section("s", "S", (Question("q", "Q", weight=0.0),)),))
    with pytest.raises(ScorecardError, match=r"sections\.0\.questions\.0\.weight"):
        compile_card(card)
