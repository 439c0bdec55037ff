"""Scoring many evaluations of one scorecard at once, with NumPy, by the formula of
:mod:`.scoring` (and equal to :func:`.scoring.score` to the last bit).

Answers arrive as a float array, one row per evaluation and one column per question in the
card's order, holding answer *codes*: for yes/no 1.0 = Yes and 0.0 = No; for a scale the
value; for a choice the index of the choice in ``question.choices``; NaN for N/A.
:meth:`CompiledCard.encode` turns one mapping of answers into such a row and
:meth:`CompiledCard.encode_all` many into a matrix, accepting exactly what
:func:`.scoring.check_answers` accepts.

The loops below run over questions and sections, never over evaluations (encoding looks each
column up in a per-question table), so encoding and scoring 100,000 evaluations of a
twenty-question card takes a few tenths of a second.

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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import cast

import numpy as np
import numpy.typing as npt

from switchboard.domain.quality.scorecard import (
    NO,
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
Table = Mapping[object, float]

_MOST_TABLED_POINTS = 1000
"""A scale with more points than this is looked up value by value rather than tabled."""
_PLAIN = frozenset({str, int, float, type(None)})
"""The types whose values a table lookup judges just as check_answers does. Any other type
goes value by value: True equals 1 and numpy's 4 equals 4 as dict keys, yet neither is a
point on a scale; and a subclass may redefine equality."""
_MISSING = object()


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
    tables: tuple[Table, ...]
    """For each question, its accepted answer values → their codes (see :func:`_table`)."""

    def encode(self, answers: Mapping[str, AnswerValue]) -> Floats:
        """One evaluation's complete answers as a row of codes; :class:`.AnswerError` if the
        answers would not score (see :func:`.scoring.check_answers`)."""
        found = check_answers(self.card, answers, complete=True)
        if found:
            raise AnswerError(found)
        return np.array([_code(q, answers[q.key]) for q in self.card.questions()], dtype=float)

    def encode_all(self, answer_sets: Iterable[Mapping[str, AnswerValue]]) -> Floats:
        """Many evaluations' answers as a matrix of codes, one row each, equal to
        :meth:`encode` row by row; :class:`BatchAnswerError` for the first row it refuses.

        Column by column, not row by row: each question's answers are looked up in its table
        in one pass, and only values the table does not hold are checked one at a time.
        """
        rows = list(answer_sets)
        bad = _first_wrong_size(rows, len(self.keys))
        plain = set(map(type, rows)) <= {dict}
        # Filled question by question, so laid out that way; the transpose is a view.
        by_question = np.empty((len(self.keys), len(rows)))
        for column, (q, table) in enumerate(zip(self.card.questions(), self.tables, strict=True)):
            # Past the first bad row nothing matters but finding an earlier one.
            values = _values(rows if bad == len(rows) else rows[:bad], q.key, plain=plain)
            codes, bad_here = _encode_column(self.card, q, table, values)
            if bad_here is None and bad == len(rows):
                by_question[column] = codes
            bad = min(bad, len(values) if bad_here is None else bad_here)
        if bad < len(rows):
            raise BatchAnswerError(check_answers(self.card, rows[bad], complete=True), row=bad)
        return by_question.T


class BatchAnswerError(AnswerError):
    """Raised by :meth:`CompiledCard.encode_all`: ``problems`` are those of row ``row``, the
    first it refused, just as :meth:`CompiledCard.encode` gives them for that row."""

    def __init__(self, problems: list[tuple[str, str]], *, row: int) -> None:
        super().__init__(problems)
        self.row = row
        self.args = (f"row {row}: {self.args[0]}",)


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
        tables=tuple(_table(q) for q in questions),
    )


def _table(q: Question) -> dict[object, float]:
    """The values that answer ``q`` → their codes: "yes"/"no", each choice's label, each
    scale point as an int (which also finds the equal float) and as "4" and "4.0", and None
    where N/A is allowed. Other spellings check_answers takes (" 4", "4e0") are not here;
    :func:`_encode_column` checks those one by one."""
    table: dict[object, float]
    if q.answer_type is AnswerType.YES_NO:
        table = {YES: 1.0, NO: 0.0}
    elif q.answer_type is AnswerType.CHOICE:
        table = {c.label: float(i) for i, c in enumerate(q.choices)}
    else:
        points = range(q.scale_min, q.scale_max + 1)
        if len(points) > _MOST_TABLED_POINTS:
            points = range(0)
        table = {form: float(p) for p in points for form in (p, str(p), f"{p}.0")}
    if q.allow_na:
        table[None] = float("nan")
    return table


def _first_wrong_size(rows: list[Mapping[str, AnswerValue]], size: int) -> int:
    """The first row with more or fewer answers than ``size`` questions (or len(rows)): a row
    that answers every question has an answer to no other only if it is no longer."""
    if set(map(len, rows)) <= {size}:
        return len(rows)
    return next(i for i, answers in enumerate(rows) if len(answers) != size)


def _values(rows: list[Mapping[str, AnswerValue]], key: str, *, plain: bool) -> list[object]:
    """Every row's answer to question ``key``, or _MISSING."""
    if plain:  # plain dicts: itemgetter is quicker, and raises rather than calls __missing__
        try:
            return list(map(itemgetter(key), rows))
        except KeyError:
            pass
    return [answers.get(key, _MISSING) for answers in rows]


def _encode_column(
    card: Scorecard, q: Question, table: Table, values: Sequence[object]
) -> tuple[Floats, int | None]:
    """The codes of ``values``, answers to ``q``, and the first of them that is not an answer
    (None when all are)."""
    if set(map(type, values)) <= _PLAIN:
        try:
            return np.fromiter(map(table.__getitem__, values), float, len(values)), None
        except KeyError:
            pass  # a value the table does not hold: perhaps " 4", perhaps not an answer
    codes = np.empty(len(values))
    for i, value in enumerate(values):
        code = table.get(value) if type(value) in _PLAIN else None
        if code is None:
            answer = cast(AnswerValue, value)  # check_answers judges any value
            if value is _MISSING or check_answers(card, {q.key: answer}, complete=False):
                return codes[:i], i
            code = _code(q, answer)
        codes[i] = code
    return codes, None


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
