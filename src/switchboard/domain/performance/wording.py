"""Words and numbers as a team leader writes them: KPI names, values in their unit, dates.

>>> label("aht"), show(412.04, Unit.SECONDS), show(0.855, Unit.RATIO), show(-2.4, Unit.SCORE)
('AHT', '412 s', '85.5%', '−2.4')
"""

from datetime import date

from switchboard.domain.kpi import REGISTRY, Unit

_SHORT = {"aht": "AHT", "asa": "ASA", "fcr": "FCR", "csat": "CSAT", "nps": "NPS", "ces": "CES",
          "qa_score": "QA score"}  # fmt: skip


def label(kpi: str) -> str:
    """A KPI's usual abbreviation, else its registry title: ``AHT``, ``Service level``."""
    return _SHORT.get(kpi) or (REGISTRY[kpi].title if kpi in REGISTRY else kpi)


def show(value: float, unit: Unit) -> str:
    """A value in its unit: ``412 s``, ``85.5%`` (a ratio), ``0`` (a score).

    >>> show(412.04, Unit.SECONDS), show(0.855, Unit.RATIO), show(-0.04, Unit.SCORE)
    ('412 s', '85.5%', '0')
    """
    if unit is Unit.RATIO:
        return f"{_number(value * 100)}%"
    suffix = {Unit.SECONDS: " s", Unit.CONTACTS: " contacts"}.get(unit, "")
    return f"{_number(value)}{suffix}"


def show_change(delta: float, unit: Unit) -> str:
    """A difference in its unit; a ratio's in percentage points, which a % would misstate."""
    return f"{_number(delta * 100)} points" if unit is Unit.RATIO else show(delta, unit)


def _number(value: float) -> str:
    """One decimal at most, with a real minus sign; + 0.0 turns −0.0 into 0.0, so no "−0"."""
    return f"{round(value, 1) + 0.0:g}".replace("-", "\u2212")


def show_day(day: date) -> str:
    """A date as team leaders write it: ``3 Mar 2025``."""
    return f"{day.day} {day:%b %Y}"
