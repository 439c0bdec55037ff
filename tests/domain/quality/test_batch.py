"""The batch scorer gives exactly what :func:`score` gives, evaluation by evaluation."""

import math
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from switchboard.domain.quality.batch import (
    BatchAnswerError,
    BatchScores,
    CompiledCard,
    compile_card,
    score_batch,
)
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
from switchboard.domain.quality.scoring import (
    AnswerError,
    AnswerValue,
    Score,
    check_answers,
    score,
)
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


# --- encoding many answer sets: exactly what check_answers accepts, and encode's codes -------


class Label(str):
    """A str subclass, as some frameworks hand over; equal to the plain string."""


def value_pool(q: Question) -> list[Any]:
    """Answers to ``q`` to draw from, right and wrong: every spelling check_answers takes and
    the near misses a dict lookup could mistake for them (True == 1, numpy's 4 == 4)."""
    pool: list[Any] = [None, True, False, [], "", "maybe", 0, 1, 1.0, math.nan, math.inf,
                       np.int64(1), np.float64(1.0), Decimal(1), "Yes", "yes ",
                       Label("yes")]  # fmt: skip
    if q.answer_type is AnswerType.YES_NO:
        pool += ["yes", "no", "yes", "no", "YES"]
    elif q.answer_type is AnswerType.CHOICE:
        labels = [c.label for c in q.choices]
        pool += labels + labels + [label.upper() for label in labels] + [Label(labels[0]), "c9"]
    else:
        for p in range(q.scale_min - 1, q.scale_max + 2):
            pool += [p, p, float(p), str(p), f"{p}.0", f" {p} ", f"+{p}", f"{p}e0", p + 0.5,
                     str(p + 0.5), np.int64(p), np.float64(p), Decimal(p),
                     Label(str(p))]  # fmt: skip
        pool.append("\uff14")  # a full-width 4, which float() reads as 4
    return pool


def valid_value(rng: np.random.Generator, q: Question) -> AnswerValue:
    codes = random_codes(rng, Scorecard("One", (Section("s", "S", (q,)),)), 1)
    return decode(Scorecard("One", (Section("s", "S", (q,)),)), codes[0])[q.key]


def random_answer_sets(
    rng: np.random.Generator, card: Scorecard, rows: int, wrong: float
) -> list[dict[str, Any]]:
    """Valid answer sets, but each value is drawn from :func:`value_pool` with odds ``wrong``,
    and a key is dropped, or one added, with odds ``wrong`` too."""
    pools = {q.key: value_pool(q) for q in card.questions()}
    answer_sets = []
    for _ in range(rows):
        answers: dict[str, Any] = {}
        for q in card.questions():
            if rng.random() < wrong:
                answers[q.key] = pools[q.key][rng.integers(len(pools[q.key]))]
            else:
                answers[q.key] = valid_value(rng, q)
            if rng.random() < wrong / 4:
                del answers[q.key]
        if rng.random() < wrong / 4:
            answers["unknown"] = "yes"
        answer_sets.append(answers)
    return answer_sets


def assert_encodes_as_one_by_one(compiled: CompiledCard, answer_sets: list[Any]) -> None:
    """encode_all gives what encode gives row by row, or refuses the first row check_answers
    refuses, with the problems check_answers finds in it."""
    refusals = [check_answers(compiled.card, answers, complete=True) for answers in answer_sets]
    first_bad = next((i for i, found in enumerate(refusals) if found), None)
    if first_bad is None:
        expected = [compiled.encode(answers) for answers in answer_sets]
        got = compiled.encode_all(answer_sets)
        np.testing.assert_array_equal(got, np.reshape(expected, got.shape))
        return
    with pytest.raises(BatchAnswerError) as refused:
        compiled.encode_all(answer_sets)
    assert (refused.value.row, refused.value.problems) == (first_bad, refusals[first_bad])
    with pytest.raises(AnswerError) as one:
        compiled.encode(answer_sets[first_bad])
    assert one.value.problems == refusals[first_bad]


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([0.0, 0.002, 0.02, 0.3, 1.0]))
def test_encode_all_accepts_exactly_what_check_answers_accepts(seed: int, wrong: float) -> None:
    rng = np.random.default_rng(seed)
    card = random_card(rng)
    assert_encodes_as_one_by_one(compile_card(card), random_answer_sets(rng, card, 60, wrong))


@pytest.mark.parametrize("seed", range(10))
def test_encode_all_judges_each_answer_set_alone_as_check_answers_does(seed: int) -> None:
    rng = np.random.default_rng(seed)
    card = random_card(rng)
    compiled = compile_card(card)
    for answers in random_answer_sets(rng, card, 200, 0.2):
        assert_encodes_as_one_by_one(compiled, [answers])


@pytest.mark.parametrize(
    ("value", "code"),
    [(4, 4.0), (4.0, 4.0), ("4", 4.0), ("4.0", 4.0), (" 4 ", 4.0), ("4e0", 4.0),
     ("\uff14", 4.0), (np.float64(4.0), 4.0), (Label("4"), 4.0), (1, 1.0), ("1", 1.0)],
)  # fmt: skip
def test_encode_all_takes_every_spelling_of_a_scale_point(value: Any, code: float) -> None:
    compiled = compile_card(CARD)
    codes = compiled.encode_all([FULL_MARKS, {**FULL_MARKS, "empathy": value}])
    assert codes[:, 2].tolist() == [5.0, code]


@pytest.mark.parametrize(
    "value", [True, False, np.int64(4), Decimal(4), 4.5, "4.5", 6, "0", math.nan, [], "yes"]
)
def test_encode_all_refuses_what_is_not_a_scale_point(value: Any) -> None:
    compiled = compile_card(CARD)
    with pytest.raises(BatchAnswerError) as refused:
        compiled.encode_all([FULL_MARKS, FULL_MARKS, {**FULL_MARKS, "empathy": value}])
    assert refused.value.row == 2
    assert refused.value.problems == [
        ("empathy", f"expected a whole number from 1 to 5, got {value!r}")
    ]
    assert str(refused.value).startswith("row 2: empathy: expected a whole number")


def test_encode_all_refuses_na_where_it_is_not_allowed() -> None:
    compiled = compile_card(CARD)
    assert math.isnan(compiled.encode_all([{**FULL_MARKS, "idv": None}])[0, 1])
    with pytest.raises(BatchAnswerError) as refused:
        compiled.encode_all([{**FULL_MARKS, "greeting": None}])
    assert refused.value.problems == [("greeting", "N/A is not allowed for this question")]


def test_encode_all_names_the_first_bad_row_whichever_question_it_is_in() -> None:
    answer_sets: list[dict[str, AnswerValue]] = [dict(FULL_MARKS) for _ in range(10)]
    answer_sets[7]["greeting"] = "maybe"  # the first question, the later row
    answer_sets[4]["complaint"] = "perhaps"  # the last question, the earlier row
    del answer_sets[4]["pci"]
    answer_sets[4]["tone"] = 3
    with pytest.raises(BatchAnswerError) as refused:
        compile_card(CARD).encode_all(answer_sets)
    assert refused.value.row == 4
    assert refused.value.problems == [
        ("complaint", "expected 'yes' or 'no', got 'perhaps'"),
        ("tone", "no such question on this scorecard"),
        ("pci", "not answered"),
    ]


def test_encode_all_reads_any_mapping_and_leaves_it_as_it_was() -> None:
    compiled = compile_card(CARD)
    lenient: defaultdict[str, AnswerValue] = defaultdict(lambda: "yes", FULL_MARKS)
    del lenient["summary"]
    answer_sets: list[Mapping[str, AnswerValue]] = [MappingProxyType(FULL_MARKS), lenient]
    with pytest.raises(BatchAnswerError) as refused:
        compiled.encode_all(answer_sets)
    assert (refused.value.row, refused.value.problems) == (1, [("summary", "not answered")])
    assert "summary" not in lenient
    lenient["summary"] = "no"
    assert compiled.encode_all(answer_sets)[:, 7].tolist() == [1.0, 0.0]


def test_encode_all_takes_any_iterable() -> None:
    compiled = compile_card(CARD)
    codes = compiled.encode_all(dict(FULL_MARKS) for _ in range(3))
    np.testing.assert_array_equal(codes, np.tile(compiled.encode(FULL_MARKS), (3, 1)))


def test_a_huge_scale_is_checked_value_by_value() -> None:
    wide = Question("wide", "Wide", AnswerType.SCALE, scale_min=0, scale_max=10**6)
    compiled = compile_card(Scorecard("Wide", (Section("s", "S", (wide,)),)))
    codes = compiled.encode_all([{"wide": 10**6}, {"wide": "12345"}, {"wide": 0.0}])
    assert codes[:, 0].tolist() == [1e6, 12345.0, 0.0]
    with pytest.raises(BatchAnswerError, match="row 1: wide: expected a whole number"):
        compiled.encode_all([{"wide": 1}, {"wide": 10**6 + 1}])
