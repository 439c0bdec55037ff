"""How a dashboard's figures read: values, targets, statuses in words and changes with arrows.

Colour is never the only signal (WCAG 1.4.1): every status and change also has its words.
"""

from dataclasses import dataclass
from typing import Any

from switchboard.domain.kpi import REGISTRY, Unit
from switchboard.kpis.output import show_value

RAG_WORDS = {"green": "On target", "amber": "Near target", "red": "Off target"}


@dataclass(frozen=True)
class Figure:
    """One KPI value as a page shows it, with its status and the list behind it."""

    kpi: str
    text: str
    rag: str | None = None
    link: str | None = None
    value: Any = None

    @property
    def rag_words(self) -> str | None:
        return RAG_WORDS.get(self.rag) if self.rag else None


def title(kpi: str) -> str:
    return REGISTRY[kpi].title


def is_ratio(kpi: str) -> bool:
    return REGISTRY[kpi].unit is Unit.RATIO


def target_words(kpi: str, target: dict[str, float] | None) -> str:
    if target is None:
        return "No target set"
    sign = "≥" if REGISTRY[kpi].better.value == "higher" else "≤"
    green, amber = show_value(kpi, target["green"]), show_value(kpi, target["amber"])
    return f"Green {sign} {green}, amber {sign} {amber}"


def standing(kpi: str, value: Any, median: Any) -> str:
    """Where a value stands against the team median, in words."""
    if value is None or median is None:
        return "No comparison"
    if value == median:
        return "Level with the median"
    better = REGISTRY[kpi].better.value
    side = "Above" if value > median else "Below"
    if better == "neutral":
        return f"{side} the median"
    good = (value > median) == (better == "higher")
    return f"{side} the median ({'better' if good else 'worse'})"


@dataclass(frozen=True)
class Change:
    arrow: str
    words: str
    tone: str
    """"better", "worse" or "same": a CSS class, repeated in the words."""


def change(kpi: str, now: Any, before: Any) -> Change:
    """This week against the week before: an arrow, words and whether it is better."""
    if now is None or before is None:
        return Change("", "No comparison", "same")
    delta = now - before
    if abs(delta) < 1e-9:
        return Change("→", "No change", "same")
    amount = f"{abs(delta) * 100:.1f} points" if is_ratio(kpi) else show_value(kpi, abs(delta))
    up = delta > 0
    better = REGISTRY[kpi].better.value
    tone = "same" if better == "neutral" else ("better" if up == (better == "higher") else "worse")
    verdict = "" if tone == "same" else f" ({tone})"
    return Change("▲" if up else "▼", f"{'Up' if up else 'Down'} {amount}{verdict}", tone)
