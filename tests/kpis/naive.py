"""A naive implementation of the KPI definitions, for checking reports against.

It reads every raw row back with SQLAlchemy and groups them in Python, with ``zoneinfo`` for the
local intervals. It shares no code with ``switchboard.kpis`` (nor the domain's formulas): each
KPI is written out again from its definition, as plainly as possible, not as fast as possible.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from switchboard.domain.kpi import AbandonTreatment, KpiSettings
from switchboard.interactions.models import (
    AgentState,
    AgentStateInterval,
    Direction,
    Interaction,
    Outcome,
)
from switchboard.kit.intervals import Interval
from switchboard.people.models import Agent, Queue, Site, Team
from switchboard.surveys.models import SurveyKind, SurveyResponse

TZ = ZoneInfo("Europe/London")
HOURS_TEXT = "mon-fri 08:00-18:00; sat 09:00-13:00"
HOURS_NAIVE = {**dict.fromkeys(range(5), (8, 18)), 5: (9, 13)}  # weekday → (open, close)
PAID_STATES = [s for s in AgentState if s is not AgentState.OFFLINE]
AWAY_STATES = ("break", "lunch", "training", "meeting", "coaching")


@dataclass
class Group:
    """Plain sums for one report row, named after the words of the KPI definitions."""

    sums: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    wait_max: float | None = None
    surveyed: set[int] = field(default_factory=set)

    def add(self, name: str, value: float = 1.0) -> None:
        self.sums[name] += value


def div(top: float, bottom: float) -> float | None:
    return top / bottom if bottom else None


def naive_kpis(g: Group, s: KpiSettings) -> dict[str, Any]:
    v = g.sums
    abandoned = v["abandoned"]
    if s.abandon_treatment is AbandonTreatment.EXCLUDE:
        service_level = div(v["answered_within"], v["answered"])
    elif s.abandon_treatment is AbandonTreatment.AGAINST:
        service_level = div(v["answered_within"], v["answered"] + abandoned)
    else:
        service_level = div(v["answered_within"] + v["abandoned_within"], v["answered"] + abandoned)
    busy = v["on_contact"] + v["wrap_up"]
    paid = sum(v[state.value] for state in PAID_STATES)
    return {
        "offered": int(v["offered"]),
        "answered": int(v["answered"]),
        "abandoned": int(abandoned),
        "short_abandoned": int(v["short"]),
        "service_level": service_level,
        "asa": div(v["answered_wait"], v["answered"]),
        "aht": div(v["talk"] + v["hold"] + v["wrap"], v["answered"]),
        "talk_time": div(v["talk"], v["answered"]),
        "hold_time": div(v["hold"], v["answered"]),
        "wrap_time": div(v["wrap"], v["answered"]),
        "abandonment_rate": div(abandoned, v["offered"] - v["short"]),
        "average_abandon_time": div(v["abandoned_wait"], abandoned),
        "longest_wait": g.wait_max if v["offered"] else None,
        "fcr": div(v["fcr_resolved"], v["fcr_handled"]),
        "transfer_rate": div(v["transferred"], v["answered"]),
        "escalation_rate": div(v["escalated"], v["answered"]),
        "occupancy": div(busy, busy + v["available"]),
        "utilisation": div(busy, paid),
        "shrinkage": div(sum(v[name] for name in AWAY_STATES), paid),
        "csat": div(v["csat_top"], v["csat"]),
        "nps": 100 * (v["promoters"] - v["detractors"]) / v["nps"] if v["nps"] else None,
        "ces": div(v["ces_sum"], v["ces"]),
        "response_rate": div(len(g.surveyed), v["answered"]),
        "qa_score": None,  # the generated centres have no quality evaluations
        "compliance_pass_rate": None,
    }


def label(instant: datetime, interval: Interval | None) -> str | None:
    """The local interval holding ``instant``, as ISO text with its offset."""
    if interval is None:
        return None
    if interval.minutes:
        # London's offsets are whole hours, so a local 15/30/60-minute interval is a UTC one.
        step = interval.minutes * 60
        start = int(instant.timestamp() // step * step)
        return datetime.fromtimestamp(start, UTC).astimezone(TZ).isoformat()
    day = instant.astimezone(TZ).date()
    if interval is Interval.WEEK:
        day -= timedelta(days=day.weekday())
    elif interval is Interval.MONTH:
        day = day.replace(day=1)
    return datetime(day.year, day.month, day.day, tzinfo=TZ).isoformat()


def is_open(instant: datetime) -> bool:
    """Business hours of :data:`HOURS_TEXT`, judged at the start of the instant's quarter hour."""
    quarter = datetime.fromtimestamp(instant.timestamp() // 900 * 900, UTC).astimezone(TZ)
    hours = HOURS_NAIVE.get(quarter.weekday())
    return hours is not None and hours[0] <= quarter.hour < hours[1]


def quarters(start: datetime, end: datetime) -> Iterable[tuple[datetime, float]]:
    """``start``..``end`` cut at UTC quarter hours: (quarter start, seconds in it)."""
    edge = datetime.fromtimestamp(start.timestamp() // 900 * 900, UTC)
    while edge < end:
        following = edge + timedelta(minutes=15)
        seconds = (min(end, following) - max(start, edge)).total_seconds()
        if seconds > 0:
            yield edge, seconds
        edge = following


class Naive:
    """The KPIs of one report, recomputed from every raw row the store holds."""

    def __init__(self, session: Session) -> None:
        self.queues = {q.id: q for q in session.scalars(select(Queue))}
        self.agents = {a.id: a for a in session.scalars(select(Agent))}
        self.teams = {t.id: t for t in session.scalars(select(Team))}
        self.sites = {s.id: s.name for s in session.scalars(select(Site))}
        self.contacts = list(session.scalars(select(Interaction)))
        self.surveys = list(session.scalars(select(SurveyResponse)))
        self.states = list(session.scalars(select(AgentStateInterval)))

    def people(self, agent_id: int | None) -> dict[str, Any]:
        agent = self.agents.get(agent_id) if agent_id else None
        team = self.teams.get(agent.team_id) if agent and agent.team_id else None
        return {
            "agent": agent.display_name if agent else None,
            "team": team.name if team else None,
            "site": self.sites.get(team.site_id) if team and team.site_id else None,
        }

    def report(self, dims: tuple[str, ...], interval: Interval | None, start: datetime,
               end: datetime, s: KpiSettings, hours: bool) -> tuple[dict[Any, Any], dict[str, Any]]:  # fmt: skip
        groups: dict[tuple[Any, ...], Group] = defaultdict(Group)
        by_id = {c.id: c for c in self.contacts}
        for c in self.contacts:
            if self._counts(c, start, end, hours):
                self._contact(groups[self._key(c, dims, interval)], c, s)
        for r in self.surveys:
            c = by_id.get(r.interaction_id)
            if c is not None and self._counts(c, start, end, hours):
                self._survey(groups[self._key(c, dims, interval)], r, c, s)
        if not {"queue", "channel"} & set(dims):
            self._states(groups, dims, interval, start, end, hours)
        rows = {key: naive_kpis(g, s) for key, g in groups.items()}
        total = Group()
        for g in groups.values():
            for name, value in g.sums.items():
                total.add(name, value)
            total.surveyed |= g.surveyed
            if g.wait_max is not None:
                total.wait_max = max(total.wait_max or 0.0, g.wait_max)
        return rows, naive_kpis(total, s)

    def _counts(self, c: Interaction, start: datetime, end: datetime, hours: bool) -> bool:
        in_range = start <= c.arrived_at < end and c.direction is Direction.INBOUND
        return in_range and (not hours or is_open(c.arrived_at))

    def _key(self, c: Interaction, dims: tuple[str, ...], interval: Interval | None) -> tuple[Any, ...]:  # fmt: skip
        values = {
            **self.people(c.agent_id),
            "queue": self.queues[c.queue_id].name if c.queue_id else None,
            "channel": c.channel.value,
        }
        return (label(c.arrived_at, interval), *(values[d] for d in dims))

    def _offered(self, c: Interaction) -> bool:
        return (c.direction is Direction.INBOUND and c.queue_id is not None
                and c.outcome not in (Outcome.OVERFLOWED, Outcome.PHANTOM))  # fmt: skip

    def _answered(self, c: Interaction) -> bool:
        return self._offered(c) and c.outcome in (Outcome.ANSWERED, Outcome.TRANSFERRED)

    def _contact(self, g: Group, c: Interaction, s: KpiSettings) -> None:
        if not self._offered(c):
            return
        assert c.queue_id is not None
        t = s.service_level_seconds or self.queues[c.queue_id].service_level_seconds
        wait = c.wait_seconds
        g.add("offered")
        g.wait_max = max(g.wait_max or 0.0, wait)
        if self._answered(c):
            g.add("answered")
            g.add("answered_wait", wait)
            g.add("answered_within", wait <= t)
            g.add("talk", c.talk_seconds)
            g.add("hold", c.hold_seconds)
            g.add("wrap", c.wrap_seconds)
            g.add("transferred", c.transferred)
            g.add("escalated", c.escalated)
            self._fcr(g, c, s)
        elif c.outcome is Outcome.ABANDONED:
            if s.short_abandon_seconds and wait <= s.short_abandon_seconds:
                g.add("short")
            else:
                g.add("abandoned")
                g.add("abandoned_wait", wait)
                g.add("abandoned_within", wait <= t)

    def _fcr(self, g: Group, c: Interaction, s: KpiSettings) -> None:
        if c.customer_key is None:
            return
        g.add("fcr_handled")
        repeats = [
            r for r in self.contacts
            if r.customer_key == c.customer_key and r.direction is Direction.INBOUND
            and r.outcome is not Outcome.PHANTOM and r.arrived_at > c.arrived_at
            and (r.arrived_at - c.arrived_at).total_seconds() <= s.fcr_window_seconds
            and (r.source_system, r.contact_ref) != (c.source_system, c.contact_ref)
            and r.disposition == c.disposition  # both None counts as the same reason
        ]  # fmt: skip
        g.add("fcr_resolved", not repeats)

    def _survey(self, g: Group, r: SurveyResponse, c: Interaction, s: KpiSettings) -> None:
        if self._answered(c):
            g.surveyed.add(c.id)
        if r.kind is SurveyKind.CSAT:
            g.add("csat")
            g.add("csat_top", r.score > r.scale_max - s.csat_top_boxes)
        elif r.kind is SurveyKind.NPS:
            g.add("nps")
            g.add("promoters", r.score >= 9)
            g.add("detractors", r.score <= 6)
        else:
            g.add("ces")
            g.add("ces_sum", r.score)

    def _states(self, groups: dict[tuple[Any, ...], Group], dims: tuple[str, ...],
                interval: Interval | None, start: datetime, end: datetime, hours: bool) -> None:  # fmt: skip
        for state in self.states:
            if state.state is AgentState.OFFLINE:
                continue
            people = self.people(state.agent_id)
            clipped = (max(start, state.started_at), min(end, state.ended_at))
            for quarter, seconds in quarters(*clipped):
                if hours and not is_open(quarter):
                    continue
                key = (label(quarter, interval), *(people[d] for d in dims))
                groups[key].add(state.state.value, seconds)
