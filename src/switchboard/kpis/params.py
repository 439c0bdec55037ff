"""The parameters a KPI report takes, parsed the same way by the CLI and the JSON API."""

from datetime import date, datetime, time, timedelta
from enum import StrEnum

from switchboard.config import Settings
from switchboard.domain.kpi import AbandonTreatment, KpiSettings
from switchboard.kit.clock import zone
from switchboard.kit.errors import SwitchboardError


class Source(StrEnum):
    """Where a report reads from: the aggregates when they answer exactly, or raw contacts."""

    AUTO = "auto"
    AGGREGATES = "aggregates"
    RAW = "raw"


def kpi_settings(
    settings: Settings, treatment: AbandonTreatment | None = None, sl: float | None = None,
    short: float | None = None, fcr: float | None = None, top: int | None = None,
) -> KpiSettings:  # fmt: skip
    """The KPI variant: each report option, else the centre's setting."""
    try:
        return KpiSettings(
            abandon_treatment=treatment or AbandonTreatment(settings.kpi_abandon_treatment),
            short_abandon_seconds=settings.kpi_short_abandon_seconds if short is None else short,
            service_level_seconds=sl,
            fcr_window_seconds=fcr or settings.kpi_fcr_window_seconds,
            csat_top_boxes=top or settings.kpi_csat_top_boxes,
        )
    except ValueError as exc:
        raise SwitchboardError(f"KPI settings: {exc}") from exc


def parse_when(text: str | None, timezone: str, *, end: bool) -> datetime | None:
    """An ISO date or date-time in the centre's timezone unless it carries an offset."""
    if text is None:
        return None
    tz = zone(timezone)
    try:
        if len(text) == 10:
            day = date.fromisoformat(text) + timedelta(days=1 if end else 0)
            return datetime.combine(day, time(), tz)
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise SwitchboardError(
            f"{'--to' if end else '--from'} {text!r}: use an ISO date or date-time"
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def split_list(text: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())
