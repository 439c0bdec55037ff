"""The evaluation form's questions as the page lays them out, section by section, whether the
evaluation exists yet (its answers as the service reads them) or not (the scorecard's own
questions); and the posted form read back into answers.

Every answer is a group of radio buttons named ``answer-<key>``: yes/no, each point of a scale,
each choice, and ``na`` where N/A is allowed; its comment is ``comment-<key>``.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from switchboard.domain.quality.scorecard import NO, YES, AnswerType, Critical, Scorecard
from switchboard.evaluations.schemas import AnswerIn, EvaluationDetailRead

NA = "na"
TYPE_WORDS = {AnswerType.YES_NO: "Yes or no", AnswerType.SCALE: "Scale",
              AnswerType.CHOICE: "Choice"}  # fmt: skip


@dataclass
class Item:
    key: str
    text: str
    guidance: str
    answer_type: AnswerType
    options: list[str]
    allow_na: bool
    critical: Critical
    compliance: bool
    bonus: bool
    weight: float
    value: str | None = None
    """The option chosen, ``na`` for N/A, or None while unanswered."""
    comment: str = ""
    failed: bool = False

    @property
    def marks(self) -> list[str]:
        """The question's flags in words, so the evaluator knows what an answer does."""
        found = []
        if self.critical is Critical.FAIL_ALL:
            found.append("Critical: a failing answer fails the whole evaluation")
        elif self.critical is Critical.FAIL_SECTION:
            found.append("Critical: a failing answer fails its section")
        if self.compliance:
            found.append("Compliance item")
        if self.bonus:
            found.append("Bonus")
        return found


@dataclass
class Part:
    key: str
    title: str
    weight: float
    items: list[Item] = field(default_factory=list)
    score: float | None = None
    failed: bool = False


def option_words(item: Item, option: str) -> str:
    if item.answer_type is AnswerType.YES_NO:
        return {YES: "Yes", NO: "No"}.get(option, option)
    return option


def from_card(card: Scorecard) -> list[Part]:
    """A new evaluation's blank form."""
    parts = []
    for section in card.sections:
        part = Part(section.key, section.title, section.weight)
        for q in section.questions:
            part.items.append(Item(
                q.key, q.text, q.guidance, q.answer_type, _options(card, q.key), q.allow_na,
                q.critical, q.compliance, q.bonus, q.weight,
            ))  # fmt: skip
        parts.append(part)
    return parts


def _options(card: Scorecard, key: str) -> list[str]:
    q = card.question(key)
    if q.answer_type is AnswerType.YES_NO:
        return [YES, NO]
    if q.answer_type is AnswerType.SCALE:
        return [str(n) for n in range(q.scale_min, q.scale_max + 1)]
    return [c.label for c in q.choices]


def from_detail(detail: EvaluationDetailRead) -> list[Part]:
    """An evaluation's questions with its answers and, once scored, its section scores."""
    parts = [Part(s.key, s.title, s.weight, score=s.score, failed=s.failed)
             for s in detail.sections]  # fmt: skip
    by_key = {p.key: p for p in parts}
    for a in detail.answers:
        value = (a.value if a.value is not None else NA) if a.answered else None
        by_key[a.section_key].items.append(Item(
            a.question_key, a.text, a.guidance, a.answer_type, list(a.options), a.allow_na,
            a.critical, a.compliance, a.bonus, a.weight, value, a.comment, a.failed,
        ))  # fmt: skip
    return parts


def refill(parts: list[Part], values: Mapping[str, Any]) -> None:
    """A refused form shows what was posted, not what was stored."""
    for part in parts:
        for item in part.items:
            given = values.get(f"answer-{item.key}")
            item.value = given if isinstance(given, str) and given else None
            comment = values.get(f"comment-{item.key}")
            item.comment = comment if isinstance(comment, str) else ""


def answers_in(parts: list[Part], values: Mapping[str, Any]) -> dict[str, AnswerIn]:
    """The posted answers; a question left unanswered is left out (a draft may do that)."""
    found: dict[str, AnswerIn] = {}
    for part in parts:
        for item in part.items:
            given = values.get(f"answer-{item.key}")
            if not isinstance(given, str) or not given:
                continue
            comment = values.get(f"comment-{item.key}")
            found[item.key] = AnswerIn(value=_value(item, given),
                                       comment=comment.strip() if isinstance(comment, str) else "")  # fmt: skip
    return found


def _value(item: Item, given: str) -> str | int | None:
    if given == NA:
        return None
    if item.answer_type is AnswerType.SCALE and given.lstrip("-").isdigit():
        return int(given)
    return given


def failed_critical(parts: list[Part]) -> list[Item]:
    """The fail-all questions that failed: the auto-fail banner names them."""
    return [i for p in parts for i in p.items if i.critical is Critical.FAIL_ALL and i.failed]
