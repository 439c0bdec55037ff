"""Coaching effectiveness: did the coached KPI move the right way after the session?

The agent's KPI over the ``days`` whole local days before the session's day, against the same
number of days after it. The session's own day belongs to neither: the coaching took part of it.
Each side comes from a KPI report by agent (:mod:`switchboard.kpis.service`), carries the number
of contacts or survey responses behind it, and is flagged low-confidence when that number is
below the self-audit's floor (30 contacts, 10 responses). This is a plain before-and-after, not
proof that the coaching caused the change: an improvement activity's review
(:mod:`switchboard.domain.performance.impact`) is the place for a confidence interval.
"""

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from switchboard.access.viewer import Viewer
from switchboard.coaching import service as coaching_service
from switchboard.coaching.models import CoachingSession
from switchboard.coaching.schemas import EffectivenessRead, KpiWindowRead, Verdict
from switchboard.domain.kpi import REGISTRY, Better, KpiSettings, Unit, compute_all, empty
from switchboard.domain.performance.aspects import (
    MIN_SAMPLE,
    Sample,
    better_of,
    low_confidence,
    sample_size,
)
from switchboard.domain.performance.wording import label, show, show_change, show_day
from switchboard.kit.clock import utcnow, zone
from switchboard.kit.periods import Period
from switchboard.kpis.service import ReportRequest, build_report

DEFAULT_DAYS = 28
"""Four weeks each side: every weekday four times over, and long enough for most agents to
handle the 30 contacts a figure needs."""
SAME = 1e-9


def effectiveness(
    *, session: Session, viewer: Viewer, session_id: int, settings: KpiSettings, timezone: str,
    days: int = DEFAULT_DAYS, now: datetime | None = None,
) -> EffectivenessRead:  # fmt: skip
    """The coached KPI before against after the session; 404 for a session out of sight."""
    record = coaching_service.visible_session(session=session, viewer=viewer, session_id=session_id)
    if record.kpi is None:
        return _answer(record, days, None, None, complete=True)
    day = record.held_at.astimezone(zone(timezone)).date()
    periods = window_days(day, days)
    before, after = (_window(session, record, p, settings, timezone) for p in periods)
    complete = periods[1].window(zone(timezone))[1] <= (now or utcnow())
    return _answer(record, days, before, after, complete=complete)


def _window(
    session: Session, record: CoachingSession, period: Period, settings: KpiSettings, timezone: str
) -> KpiWindowRead:
    kpi, agent_id = record.kpi or "", record.agent_id
    start, end = period.window(zone(timezone))
    request = ReportRequest(
        by=("agent",), start=start, end=end, kpis=(kpi,), timezone=timezone,
        agent_scope=lambda column: column == agent_id,
    )  # fmt: skip
    report = build_report(session=session, request=request, settings=settings)
    measures = report.measures.get((agent_id, None)) or empty()
    size, kind = sample_size(kpi, measures)
    return KpiWindowRead(
        from_=period.first, to=period.last, value=compute_all(measures, settings, (kpi,))[kpi],
        sample=size, sample_kind=kind.value, low_confidence=low_confidence(size, kind),
    )  # fmt: skip


def _answer(
    record: CoachingSession, days: int, before: KpiWindowRead | None, after: KpiWindowRead | None,
    *, complete: bool,
) -> EffectivenessRead:  # fmt: skip
    kpi = record.kpi
    change = relative = improved = None
    if before and after and before.value is not None and after.value is not None and kpi:
        change = after.value - before.value
        relative = after.value / before.value - 1 if before.value else None
        improved = change < -SAME if better_of(kpi) is Better.LOWER else change > SAME
    low = bool(before and before.low_confidence) or bool(after and after.low_confidence)
    verdict = _verdict(kpi, change, improved, low)
    return EffectivenessRead(
        session_id=record.id, agent_id=record.agent_id, kpi=kpi,
        kpi_title=REGISTRY[kpi].title if kpi else None,
        unit=REGISTRY[kpi].unit.value if kpi else None,
        better=better_of(kpi).value if kpi else None, days=days, before=before, after=after,
        change=change, relative_change=relative, improved=improved, low_confidence=low,
        complete=complete, verdict=verdict,
        summary=_summary(kpi, days, before, after, verdict, complete),
    )  # fmt: skip


def _verdict(kpi: str | None, change: float | None, improved: bool | None, low: bool) -> Verdict:
    if kpi is None:
        return "no_kpi"
    if change is None:
        return "no_data"
    if low:
        return "too_little_data"
    if abs(change) <= SAME:
        return "unchanged"
    return "improved" if improved else "worsened"


def _summary(
    kpi: str | None, days: int, before: KpiWindowRead | None, after: KpiWindowRead | None,
    verdict: Verdict, complete: bool,
) -> str:  # fmt: skip
    """The comparison in a sentence a team leader could read out at the next one-to-one."""
    if kpi is None or before is None or after is None:
        return "This session names no coached KPI, so there is nothing to compare."
    if before.value is None or after.value is None:
        text = f"There is no {label(kpi)} to compare in the {days} days before and after"
        text += " the session."
    else:
        text = _movement(kpi, days, before.value, after.value)
        if verdict == "too_little_data":
            kind = Sample(before.sample_kind)
            text += (f", but {before.sample} {kind.value} before and {after.sample} after are "
                     f"too few to rely on: each side needs at least {MIN_SAMPLE[kind]}")  # fmt: skip
        text += "."
    if not complete:
        text += f" The days after the session run to {show_day(after.to)}: this is not final."
    return text


def _movement(kpi: str, days: int, before: float, after: float) -> str:
    """How the KPI moved, and whether that is better or worse (``better_of``'s direction)."""
    unit, change = REGISTRY[kpi].unit, after - before
    window = f"in the {days} days after the session against the {days} days before"
    if abs(change) <= SAME:
        return f"{label(kpi)} stayed at {show(after, unit)} {window}"
    sign = "+" if change > 0 else ""
    relative = f", {_percent(after / before - 1)}" if before and unit is not Unit.RATIO else ""
    moved = "rose" if change > 0 else "fell"
    better = (change < 0) is (better_of(kpi) is Better.LOWER)
    return (f"{label(kpi)} {moved} from {show(before, unit)} to {show(after, unit)} "
            f"({sign}{show_change(change, unit)}{relative}) {window}: "
            f"{'better' if better else 'worse'}")  # fmt: skip


def _percent(share: float) -> str:
    return f"{round(share * 100):+d}%".replace("-", "\u2212")


def window_days(day: date, days: int) -> tuple[Period, Period]:
    """The before and after periods around a session held on the local ``day``."""
    return (Period(day - timedelta(days=days), day - timedelta(days=1)),
            Period(day + timedelta(days=1), day + timedelta(days=days)))  # fmt: skip
