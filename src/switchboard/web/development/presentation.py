"""How the development pages write figures, statuses and times: small functions the templates
call, so that every page says a KPI, a goal's status or a time the same way."""

from datetime import date, datetime
from typing import Any

from switchboard.domain.kpi import REGISTRY
from switchboard.domain.kpi.registry import Unit
from switchboard.kit.clock import zone

STANDING_WORDS = {"achieved": "Achieved", "on_track": "On track", "at_risk": "At risk",
                  "missed": "Missed", "untracked": "Reviewed in conversation"}  # fmt: skip
STANDING_RAG = {"achieved": "green", "on_track": "green", "at_risk": "amber", "missed": "red"}
"""The colour only repeats the words (WCAG 1.4.1)."""
JUDGEMENT_WORDS = {"strength": "Strength", "development_area": "Development area",
                   "steady": "Steady", "not_judged": "Not judged"}  # fmt: skip
QUADRANT_HINTS = {
    "do now": "Urgent and important", "schedule": "Important, not urgent",
    "delegate or do quickly": "Urgent, not important", "drop or defer": "Neither",
}  # fmt: skip


def kpi_title(name: str | None) -> str:
    if not name:
        return "—"
    found = REGISTRY.get(name)
    return found.title if found else name


def figure(kpi: str | None, value: float | None) -> str:
    """A KPI's value in its unit: seconds whole, a ratio as a percentage."""
    if value is None or kpi is None:
        return "—"
    unit = REGISTRY[kpi].unit if kpi in REGISTRY else None
    if unit is Unit.SECONDS:
        return f"{value:,.0f} s"
    if unit is Unit.RATIO:
        return f"{value * 100:.1f}%"
    if unit is Unit.CONTACTS:
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def local_time(moment: datetime | None, timezone: str) -> str:
    if moment is None:
        return "—"
    return f"{moment.astimezone(zone(timezone)):%d %b %Y %H:%M}"


def day(value: date | datetime | None) -> str:
    return "—" if value is None else f"{value:%d %b %Y}"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def words(mapping: dict[str, str], key: Any) -> str:
    text = str(getattr(key, "value", key))
    return mapping.get(text, text.replace("_", " ").capitalize())


TEMPLATE_HELPERS: dict[str, Any] = {
    "kpi_title": kpi_title, "figure": figure, "local_time": local_time, "day": day,
    "percent": percent, "words": words, "STANDING_WORDS": STANDING_WORDS,
    "STANDING_RAG": STANDING_RAG, "JUDGEMENT_WORDS": JUDGEMENT_WORDS,
    "QUADRANT_HINTS": QUADRANT_HINTS,
}  # fmt: skip
