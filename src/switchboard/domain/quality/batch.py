"""Scoring many evaluations of one scorecard at once, with NumPy, by the formula of
:mod:`.scoring` (and equal to :func:`.scoring.score` to the last bit).

Answers arrive as a float array, one row per evaluation and one column per question in the
card's order, holding answer *codes*: for yes/no 1.0 = Yes and 0.0 = No; for a scale the
value; for a choice the index of the choice in ``question.choices``; NaN for N/A.
:meth:`CompiledCard.encode` turns one mapping of answers into such a row.

The loops below run over questions and sections, never over evaluations, so 100,000
evaluations of a ten-question card take about a tenth of a second.

>>> from switchboard.domain.quality.scorecard import Critical, Question, Scorecard, Section
>>> card = Scorecard("V", (Section("s", "S", (Question("greet", "Greeted?"),
...     Question("idv", "ID&V?", critical=Critical.FAIL_ALL))),))
>>> compiled = compile_card(card)
>>> rows = np.array([[1.0, 1.0], [1.0, 0.0], [0.0, np.nan]])
>>> scores = score_batch(compiled, rows)
>>> scores.overall.tolist(), scores.auto_failed.tolist()
([100.0, 0.0, 0.0], [False, True, False])
>>> compiled.encode({"greet": "yes", "idv": None}).tolist()
[1.0, nan]
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from switchboard.domain.quality.scorecard import (
    YES,
    AnswerType,
    Critical,
    Question,
    Scorecard,
    ScorecardError,
    problems,
)
from switchboard.domain.quality.scoring import AnswerError, AnswerValue, check_answers

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Indices = npt.NDArray[np.intp]


@dataclass(frozen=True, eq=False)
class CompiledCard:
    """A scorecard laid out as arrays, one entry per question (in the card's order)."""

    card: Scorecard
    keys: tuple[str, ...]
    section_keys: tuple[str, ...]
    section_columns: tuple[Indices, ...]
    """For each section, the columns of its questions."""
    section_weights: Floats
    weights: Floats
    possible: Floats
    """The weight, or 0 for a bonus question."""
    is_scale: Bools
    scale_min: Floats
    scale_span: Floats
    """scale_max − scale_min; 1 for questions that are not scales, so dividing is harmless."""
    highest_code: Floats
    """The largest valid code: scale_max, or the number of choices (2 for yes/no) less one."""
    shares: Floats
    """questions × codes: the share of the top mark each yes/no or choice code earns."""
    fails: Bools
    """questions × codes: whether each yes/no or choice code is a failing answer."""
    fail_section: Bools
    fail_all: Bools
    compliance: Bools
    allow_na: Bools

    def encode(self, answers: Mapping[str, AnswerValue]) -> Floats:
        """One evaluation's complete answers as a row of codes; :class:`.AnswerError` if the
        answers would not score (see :func:`.scoring.check_answers`)."""
        found = check_answers(self.card, answers, complete=True)
        if found:
            raise AnswerError(found)
        return np.array([_code(q, answers[q.key]) for q in self.card.questions()], dtype=float)

    def encode_all(self, answer_sets: Iterable[Mapping[str, AnswerValue]]) -> Floats:
        """Many evaluations' answers as a matrix of codes, one row each."""
        rows = [self.encode(answers) for answers in answer_sets]
        return np.array(rows, dtype=float).reshape(len(rows), len(self.keys))


@dataclass(frozen=True, eq=False)
class BatchScores:
    """Scores of many evaluations, row i for evaluation i; NaN where :class:`.Score` has None,
    and 1.0/0.0/NaN for its True/False/None."""

    section_keys: tuple[str, ...]
    overall: Floats
    sections: Floats
    """evaluations × sections, in the card's order."""
    section_failed: Bools
    auto_failed: Bools
    compliance: Floats
    compliance_passed: Floats
    passed: Floats


def compile_card(card: Scorecard) -> CompiledCard:
    """Lay ``card`` out for :func:`score_batch`; :class:`.ScorecardError` if it is not valid."""
    found = problems(card)
    if found:
        raise ScorecardError(found)
    questions = list(card.questions())
    column = {q.key: i for i, q in enumerate(questions)}
    shares, fails = _code_tables(questions)
    scale = np.array([q.answer_type is AnswerType.SCALE for q in questions])
    low = np.array([q.scale_min for q in questions], dtype=float)
    high = np.array([q.scale_max for q in questions], dtype=float)
    return CompiledCard(
        card=card,
        keys=tuple(column),
        section_keys=tuple(s.key for s in card.sections),
        section_columns=tuple(
            np.array([column[q.key] for q in s.questions], dtype=np.intp) for s in card.sections
        ),
        section_weights=np.array([s.weight for s in card.sections], dtype=float),
        weights=np.array([q.weight for q in questions], dtype=float),
        possible=np.array([0.0 if q.bonus else q.weight for q in questions]),
        is_scale=scale,
        scale_min=np.where(scale, low, 0.0),
        scale_span=np.where(scale, high - low, 1.0),
        highest_code=np.where(scale, high, [len(_code_shares(q)) - 1 for q in questions]),
        shares=shares,
        fails=fails,
        fail_section=np.array([q.critical is Critical.FAIL_SECTION for q in questions]),
        fail_all=np.array([q.critical is Critical.FAIL_ALL for q in questions]),
        compliance=np.array([q.compliance for q in questions]),
        allow_na=np.array([q.allow_na for q in questions]),
    )


def _code_shares(q: Question) -> list[tuple[float, bool]]:
    """(share of the top mark, fails) for each code of a yes/no or choice question."""
    if q.answer_type is AnswerType.YES_NO:
        return [(0.0, True), (1.0, False)]
    if q.answer_type is AnswerType.SCALE:
        return []  # scored by formula, not by table
    top = max(c.points for c in q.choices)
    return [(c.points / top, c.fails or c.points == 0) for c in q.choices]


def _code_tables(questions: list[Question]) -> tuple[Floats, Bools]:
    rows = [_code_shares(q) for q in questions]
    width = max(2, *(len(r) for r in rows))
    shares = np.zeros((len(rows), width))
    fails = np.zeros((len(rows), width), dtype=bool)
    for i, row in enumerate(rows):
        for j, (share, fail) in enumerate(row):
            shares[i, j], fails[i, j] = share, fail
    return shares, fails


def _code(q: Question, value: AnswerValue) -> float:
    if value is None:
        return float("nan")
    if q.answer_type is AnswerType.YES_NO:
        return 1.0 if value == YES else 0.0
    if q.answer_type is AnswerType.SCALE:
        return float(value)
    return float([c.label for c in q.choices].index(str(value)))


def score_batch(compiled: CompiledCard, answers: npt.ArrayLike) -> BatchScores:
    """Score every row of ``answers`` (evaluations × questions, answer codes) at once.

    Raises :class:`.AnswerError` naming each question whose column holds a code that is not
    an answer to it (or N/A where N/A is not allowed), with the first row where it does.
    """
    codes = _checked(compiled, answers)
    na = np.isnan(codes)
    share, failed = _shares(compiled, codes, na)
    earned = share * compiled.weights
    possible = np.where(na, 0.0, compiled.possible)
    sections, section_failed = _sections(compiled, earned, possible, failed)
    auto_failed = np.any(failed & compiled.fail_all, axis=1)
    overall = np.where(auto_failed, 0.0, _overall(compiled, sections))
    compliance, compliance_passed = _compliance(compiled, earned, possible, failed, na)
    return BatchScores(
        section_keys=compiled.section_keys,
        overall=overall,
        sections=sections,
        section_failed=section_failed,
        auto_failed=auto_failed,
        compliance=compliance,
        compliance_passed=compliance_passed,
        passed=_passed(compiled.card.pass_mark, overall, auto_failed),
    )


def _checked(compiled: CompiledCard, answers: npt.ArrayLike) -> Floats:
    codes = np.asarray(answers, dtype=float)
    if codes.ndim != 2 or codes.shape[1] != len(compiled.keys):
        raise ValueError(
            f"expected evaluations × {len(compiled.keys)} questions, got shape {codes.shape}"
        )
    na = np.isnan(codes)
    low = np.where(compiled.is_scale, compiled.scale_min, 0.0)
    valid = (codes == np.floor(codes)) & (codes >= low) & (codes <= compiled.highest_code)
    bad_na = na & ~compiled.allow_na
    bad_code = ~na & ~valid
    found = [
        _bad_column(key, codes[:, i], bad_na[:, i], bad_code[:, i])
        for i, key in enumerate(compiled.keys)
        if bad_na[:, i].any() or bad_code[:, i].any()
    ]
    if found:
        raise AnswerError(found)
    return codes


def _bad_column(key: str, codes: Floats, bad_na: Bools, bad_code: Bools) -> tuple[str, str]:
    row = int(np.argmax(bad_na | bad_code))
    if bad_na[row]:
        return key, f"row {row}: N/A is not allowed for this question"
    return key, f"row {row}: {float(codes[row])!r} is not an answer code for this question"


def _shares(compiled: CompiledCard, codes: Floats, na: Bools) -> tuple[Floats, Bools]:
    """Per answer, the share of the question's top mark earned (0 for N/A) and whether it
    failed (never for N/A)."""
    filled = np.where(na, 0.0, codes)
    # Scale columns index the tables too (at a clipped, unused code) so one gather serves all.
    index = np.clip(filled, 0, compiled.shares.shape[1] - 1).astype(np.intp)
    rows = np.arange(len(compiled.keys))
    on_scale = (filled - compiled.scale_min) / compiled.scale_span
    share = np.where(compiled.is_scale, on_scale, compiled.shares[rows, index])
    failed = np.where(compiled.is_scale, filled == compiled.scale_min, compiled.fails[rows, index])
    return np.where(na, 0.0, share), failed & ~na


def _sections(
    compiled: CompiledCard, earned: Floats, possible: Floats, failed: Bools
) -> tuple[Floats, Bools]:
    evaluations = earned.shape[0]
    scores = np.empty((evaluations, len(compiled.section_keys)))
    section_failed = np.zeros_like(scores, dtype=bool)
    for s, columns in enumerate(compiled.section_columns):
        earned_s = _total(earned, columns)
        possible_s = _total(possible, columns)
        section_failed[:, s] = np.any(failed[:, columns] & compiled.fail_section[columns], axis=1)
        ratio = np.divide(100 * earned_s, possible_s, out=np.full(evaluations, np.nan),
                          where=possible_s != 0)  # fmt: skip
        scores[:, s] = np.where(section_failed[:, s], 0.0, np.minimum(100.0, ratio))
    return scores, section_failed


def _total(values: Floats, columns: Iterable[int]) -> Floats:
    """Row sums over ``columns``, added left to right like :func:`.scoring.total`, so that
    batch and single scores agree to the last bit."""
    result = np.zeros(values.shape[0])
    for column in columns:
        result += values[:, column]
    return result


def _overall(compiled: CompiledCard, sections: Floats) -> Floats:
    scored = ~np.isnan(sections)
    weighted = np.where(scored, sections, 0.0) * compiled.section_weights
    columns = range(sections.shape[1])
    weights = _total(np.where(scored, compiled.section_weights, 0.0), columns)
    out = np.full(sections.shape[0], np.nan)
    np.divide(_total(weighted, columns), weights, out=out, where=weights != 0)
    return out


def _compliance(
    compiled: CompiledCard, earned: Floats, possible: Floats, failed: Bools, na: Bools
) -> tuple[Floats, Floats]:
    columns = np.flatnonzero(compiled.compliance)
    earned_c = _total(earned, columns)
    possible_c = _total(possible, columns)
    applied = np.any(~na[:, columns], axis=1)
    out = np.full(earned.shape[0], np.nan)
    score = np.divide(100 * earned_c, possible_c, out=out, where=applied)
    full_marks = ((earned == possible) & ~failed) | na
    passed = np.all(full_marks[:, columns], axis=1)
    return score, np.where(applied, passed.astype(float), np.nan)


def _passed(pass_mark: float | None, overall: Floats, auto_failed: Bools) -> Floats:
    if pass_mark is None:
        return np.full(overall.shape, np.nan)
    verdict = (~auto_failed & (overall >= pass_mark)).astype(float)
    return np.where(np.isnan(overall), np.nan, verdict)
