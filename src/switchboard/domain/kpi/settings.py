"""The choices a centre makes about how its KPIs are counted.

Products disagree on these, so each is a named setting and every report prints the ones it used.
All durations are seconds.
"""

from dataclasses import dataclass
from enum import StrEnum

WAIT_EDGES = (5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600)
"""Fixed wait-time histogram edges (seconds). A threshold on an edge is exact from aggregates."""

DAY_SECONDS = 24 * 3600
FCR_WINDOW_DEFAULT = 7 * DAY_SECONDS
FCR_WINDOWS = tuple(days * DAY_SECONDS for days in (1, 3, 7, 14, 30))
"""FCR windows kept in the aggregates; any other window up to 30 days is exact from each
contact's stored time to its repeat, and a longer one is searched for in raw contacts."""
REPEAT_HORIZON_SECONDS = FCR_WINDOWS[-1]
"""How far ahead a contact's repeat is looked for and stored."""
MAX_CSAT_TOP_BOXES = 3


class AbandonTreatment(StrEnum):
    """How abandoned contacts enter the service-level denominator."""

    EXCLUDE = "exclude"
    """Asterisk ``SL``: answered within T ÷ answered; abandons are left out entirely."""
    AGAINST = "against"
    """Genesys default: answered within T ÷ (answered + abandoned)."""
    IN_FAVOUR = "in_favour"
    """Asterisk ``SL2``: (answered within T + abandoned within T) ÷ (answered + abandoned)."""


@dataclass(frozen=True)
class KpiSettings:
    """The variant of each KPI a report uses.

    ``service_level_seconds`` overrides every queue's own threshold T when set; otherwise each
    queue's T applies (set per queue, defaulting by channel: 20 s voice, 1 h email).
    """

    abandon_treatment: AbandonTreatment = AbandonTreatment.AGAINST
    short_abandon_seconds: float = 5
    service_level_seconds: float | None = None
    fcr_window_seconds: float = FCR_WINDOW_DEFAULT
    csat_top_boxes: int = 2

    def __post_init__(self) -> None:
        if self.short_abandon_seconds < 0:
            raise ValueError("short_abandon_seconds must be 0 (off) or more")
        if self.service_level_seconds is not None and self.service_level_seconds <= 0:
            raise ValueError("service_level_seconds must be more than 0")
        if self.fcr_window_seconds <= 0:
            raise ValueError("fcr_window_seconds must be more than 0")
        if self.csat_top_boxes < 1:
            raise ValueError("csat_top_boxes must be 1 or more")

    def as_dict(self) -> dict[str, object]:
        return {
            "abandon_treatment": self.abandon_treatment.value,
            "short_abandon_seconds": self.short_abandon_seconds,
            "service_level_seconds": self.service_level_seconds,
            "fcr_window_seconds": self.fcr_window_seconds,
            "csat_top_boxes": self.csat_top_boxes,
        }
