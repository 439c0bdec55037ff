"""Scoring an evaluation: answers to a scorecard's questions → section, overall and compliance
scores, each from 0 to 100.

Answers map a question key to a value: ``"yes"``/``"no"`` for a yes/no question, a whole
number from ``scale_min`` to ``scale_max`` for a scale, a choice's label for a choice, and
``None`` for N/A (only where the question allows it). The formula, in words:

- **A question** earns its weight times the share of its top mark the answer reached: all of
  it for Yes and none for No; on a scale, (value − min) ÷ (max − min) of it; for a choice, the
  choice's points ÷ the most points any of its choices is worth. A question's possible points
  are its weight, except a bonus question's, which are 0: a bonus only ever adds. An answer
  *fails* when it is No, the bottom of a scale, a choice worth 0 points or a choice marked
  ``fails``; a bonus question never fails, as missing a bonus costs nothing. An N/A answer
  earns nothing, is possible nothing, and never fails.
- **A section** scores 100 × its earned points ÷ its possible points, capped at 100 (bonus
  points can only fill a gap). A section whose every question is N/A (or a bonus) has no score
  and is left out of the overall. A failed ``fail_section`` critical question zeroes its
  section, even when everything else in it is N/A.
- **Overall** is the mean of the section scores weighted by the sections' weights, over the
  sections that have a score; no score when none has. A failed ``fail_all`` critical question
  zeroes it (*auto-fail*), even when every section is N/A.
- Precedence is therefore fail-all > fail-section > N/A > points.
- **Compliance** is scored apart, over the compliance questions not answered N/A, and an
  auto-fail does not touch it: 100 × earned ÷ possible, and it *passes* when every one of
  them earned full marks without failing (a partial choice is a compliance fail). Both are
  ``None`` when no compliance question applied.
- **Passed**: when the card has a ``pass_mark`` and the evaluation an overall score, it passes
  when it was not auto-failed and the overall score is at least the pass mark.

Scores are percentages (0–100); weights are relative and need not add up to anything. The
card is assumed valid (:func:`.scorecard.problems` finds nothing, as :func:`.scorecard.from_dict`
ensures). :mod:`.batch` scores many evaluations of one card at once with the same formula.

>>> from switchboard.domain.quality.scorecard import Question, Scorecard, Section
>>> card = Scorecard("Voice", (
...     Section("open", "Opening", (Question("greet", "Greeted?"),
...         Question("idv", "ID&V?", weight=3, compliance=True))),
...     Section("close", "Close", (Question("summary", "Summarised?"),), weight=2)))
>>> result = score(card, {"greet": "no", "idv": "yes", "summary": None})
>>> result.sections[0].score, result.sections[1].score  # open: 3 of 4; close: all N/A
(75.0, None)
>>> result.overall, result.compliance, result.compliance_passed
(75.0, 100.0, True)
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from switchboard.domain.quality.scorecard import (
    NO,
    YES,
    AnswerType,
    Choice,
    Critical,
    Question,
    Scorecard,
    Section,
)

AnswerValue = str | float | int | None
"""An answer: "yes"/"no", a scale value, a choice's label, or None for N/A."""


@dataclass(frozen=True)
class AnswerScore:
    question: str
    earned: float | None
    """Points earned (weight × share of the top mark); None when answered N/A."""
    possible: float | None
    """The question's weight, 0 for a bonus question; None when answered N/A."""
    failed: bool
    """No, the bottom of a scale, a 0-point choice or a choice marked ``fails``."""


@dataclass(frozen=True)
class SectionScore:
    key: str
    score: float | None
    """0–100; None when no question in it counted (all N/A)."""
    earned: float
    """Points earned over its answered questions, bonus included (before capping or a fail)."""
    possible: float
    failed: bool
    """A ``fail_section`` critical question in it failed, so its score is 0."""


@dataclass(frozen=True)
class Score:
    overall: float | None
    sections: tuple[SectionScore, ...]
    answers: tuple[AnswerScore, ...]
    """One per question, in the card's order."""
    auto_failed: bool
    """A ``fail_all`` critical question failed, so ``overall`` is 0."""
    compliance: float | None
    compliance_passed: bool | None
    passed: bool | None
    """None when the card has no pass mark or the evaluation no overall score."""


class AnswerError(ValueError):
    """Answers that cannot be scored; ``problems`` are (question key, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{key}: {message}" for key, message in problems))
        self.problems = problems


# --- checking ---------------------------------------------------------------------------------


def check_answers(
    card: Scorecard, answers: Mapping[str, AnswerValue], *, complete: bool
) -> list[tuple[str, str]]:
    """Every problem with a set of answers to ``card``, as (question key, message) pairs.

    A draft may leave questions out (``complete=False``); a submitted evaluation answers every
    question (``complete=True``), N/A given explicitly as ``None``. Scale answers may be
    numeric strings ("4"), as they arrive from a form.

    >>> from switchboard.domain.quality.scorecard import from_dict
    >>> card = from_dict({"name": "V", "sections": [{"key": "s", "title": "S",
    ...     "questions": [{"key": "greet", "text": "Greeted?"}]}]})
    >>> check_answers(card, {"greet": "maybe", "tone": 3}, complete=False)
    [('greet', "expected 'yes' or 'no', got 'maybe'"), ('tone', 'no such question on this scorecard')]
    """
    found: list[tuple[str, str]] = []
    for key, value in answers.items():
        if not card.has(key):
            found.append((key, "no such question on this scorecard"))
            continue
        message = _value_problem(card.question(key), value)
        if message:
            found.append((key, message))
    if complete:
        found.extend((q.key, "not answered") for q in card.questions() if q.key not in answers)
    return found


def _value_problem(q: Question, value: object) -> str | None:
    if value is None:
        return None if q.allow_na else "N/A is not allowed for this question"
    if q.answer_type is AnswerType.YES_NO:
        return None if value in (YES, NO) else f"expected 'yes' or 'no', got {value!r}"
    if q.answer_type is AnswerType.SCALE:
        whole = whole_number(value)
        if whole is not None and q.scale_min <= whole <= q.scale_max:
            return None
        return f"expected a whole number from {q.scale_min} to {q.scale_max}, got {value!r}"
    if _choice(q, value) is not None:
        return None
    labels = ", ".join(repr(c.label) for c in q.choices)
    return f"expected one of {labels}, got {value!r}"


def whole_number(value: object) -> int | None:
    """``value`` as a whole number if it is one (3, 3.0 or "3"), else None.

    True and False are refused: a tick box is not a point on a scale.

    >>> whole_number("4"), whole_number(4.0), whole_number(4.5), whole_number(True)
    (4, 4, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _choice(q: Question, value: object) -> Choice | None:
    return next((c for c in q.choices if c.label == value), None)


# --- scoring ----------------------------------------------------------------------------------


def score(card: Scorecard, answers: Mapping[str, AnswerValue]) -> Score:
    """Score a complete set of answers to ``card`` (see the module docstring for the formula).

    Raises :class:`AnswerError` naming every problem when the answers are incomplete or not
    valid for their questions. All scores are percentages from 0 to 100.

    >>> from switchboard.domain.quality.scorecard import Critical, Question, Scorecard, Section
    >>> card = Scorecard("V", (Section("s", "S", (Question("greet", "Greeted?"),
    ...     Question("idv", "ID&V?", critical=Critical.FAIL_ALL))),), pass_mark=50)
    >>> result = score(card, {"greet": "yes", "idv": "no"})
    >>> result.sections[0].score, result.overall, result.auto_failed, result.passed
    (50.0, 0.0, True, False)
    """
    found = check_answers(card, answers, complete=True)
    if found:
        raise AnswerError(found)
    scored = {q.key: answer_score(q, answers[q.key]) for q in card.questions()}
    sections = tuple(_section_score(s, scored) for s in card.sections)
    auto_failed = any(
        scored[q.key].failed for q in card.questions() if q.critical is Critical.FAIL_ALL
    )
    overall = 0.0 if auto_failed else _overall(card.sections, sections)
    compliance, compliance_passed = _compliance(
        [scored[q.key] for q in card.questions() if q.compliance]
    )
    return Score(
        overall=overall,
        sections=sections,
        answers=tuple(scored.values()),
        auto_failed=auto_failed,
        compliance=compliance,
        compliance_passed=compliance_passed,
        passed=_passed(card.pass_mark, overall, auto_failed),
    )


def answer_score(q: Question, value: AnswerValue) -> AnswerScore:
    """The points one valid answer earns on question ``q``, out of its weight (0 for a bonus).

    >>> from switchboard.domain.quality.scorecard import AnswerType, Question
    >>> answer_score(Question("tone", "Tone", AnswerType.SCALE, weight=2), "4")
    AnswerScore(question='tone', earned=1.5, possible=2.0, failed=False)
    """
    if value is None:
        return AnswerScore(q.key, None, None, False)
    share, failed = _share(q, value)
    # weight × share (not weight × points ÷ top) so that a full mark earns exactly the
    # weight, which compliance's "full marks" test compares with ==.
    possible = 0.0 if q.bonus else float(q.weight)
    return AnswerScore(q.key, q.weight * share, possible, failed and not q.bonus)


def _share(q: Question, value: str | float | int) -> tuple[float, bool]:
    """The share of the question's top mark the answer reached, and whether it failed."""
    if q.answer_type is AnswerType.YES_NO:
        return (1.0, False) if value == YES else (0.0, True)
    if q.answer_type is AnswerType.SCALE:
        number = float(whole_number(value) or 0)
        return (number - q.scale_min) / (q.scale_max - q.scale_min), number == q.scale_min
    choice = _choice(q, value)
    assert choice is not None, "check_answers let through an unknown choice"
    top = max(c.points for c in q.choices)
    return choice.points / top, choice.fails or choice.points == 0


def _section_score(section: Section, scored: Mapping[str, AnswerScore]) -> SectionScore:
    answers = [scored[q.key] for q in section.questions]
    earned = total(a.earned for a in answers if a.earned is not None)
    possible = total(a.possible for a in answers if a.possible is not None)
    failed = any(
        scored[q.key].failed for q in section.questions if q.critical is Critical.FAIL_SECTION
    )
    value: float | None
    if failed:
        value = 0.0
    elif possible == 0:
        value = None
    else:
        value = min(100.0, 100 * earned / possible)
    return SectionScore(section.key, value, earned, possible, failed)


def _overall(sections: tuple[Section, ...], scores: tuple[SectionScore, ...]) -> float | None:
    counted = [(s.weight, r.score) for s, r in zip(sections, scores, strict=True)]
    weights = total(w for w, value in counted if value is not None)
    if weights == 0:
        return None
    return total(w * value for w, value in counted if value is not None) / weights


def _compliance(answers: list[AnswerScore]) -> tuple[float | None, bool | None]:
    applied = [a for a in answers if a.earned is not None and a.possible is not None]
    if not applied:
        return None, None
    earned = total(a.earned for a in applied if a.earned is not None)
    possible = total(a.possible for a in applied if a.possible is not None)
    return 100 * earned / possible, all(a.earned == a.possible and not a.failed for a in applied)


def _passed(pass_mark: float | None, overall: float | None, auto_failed: bool) -> bool | None:
    if pass_mark is None or overall is None:
        return None
    return not auto_failed and overall >= pass_mark


def total(values: Iterable[float]) -> float:
    """The sum, added strictly left to right.

    Python 3.12's ``sum`` compensates for rounding; the batch scorer adds column by column,
    so adding in one plain order here keeps the two scorers equal to the last bit (which
    matters at the pass mark).

    >>> total([0.1, 0.2, 0.3])
    0.6000000000000001
    """
    result = 0.0
    for value in values:
        result += value
    return result
