"""The filtered interactions list that every dashboard figure drills down to.

Rows are scoped by the access policy (``agent_filter`` on the interactions kind), and an agent
is named only when the viewer may see that agent on the roster.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from switchboard.access.policy import Kind, Reach, reach_of
from switchboard.access.viewer import Viewer
from switchboard.config import Settings
from switchboard.interactions.models import Interaction, Outcome
from switchboard.kit.clock import zone
from switchboard.kit.errors import SwitchboardError
from switchboard.kit.intervals import day_window
from switchboard.kpis.output import clock
from switchboard.web.dashboards import repository
from switchboard.web.dashboards.repository import InteractionFilter

PAGE_SIZE = 50
OUTCOMES = ("offered", "answered", "abandoned", *(o.value for o in Outcome))
OUTCOME_WORDS = {
    "offered": "all offered contacts",
    "answered": "answered contacts (transfers included)",
    "abandoned": "abandoned contacts (short abandons excluded, as the KPI excludes them)",
}


@dataclass(frozen=True)
class Query:
    start: date
    end: date
    outcome: str = "offered"
    queue: str | None = None
    page: int = 1
    agent: int | None = None
    at: time | None = None
    """With ``minutes``, one interval of the (single) day: contacts arriving from ``at``."""
    minutes: int = 30

    def url(self, page: int) -> str:
        params = {"from": self.start.isoformat(), "to": self.end.isoformat(),
                  "outcome": self.outcome, "page": str(page)}  # fmt: skip
        if self.queue:
            params["queue"] = self.queue
        if self.agent is not None:
            params["agent"] = str(self.agent)
        if self.at is not None:
            params |= {"at": self.at.strftime("%H:%M"), "minutes": str(self.minutes)}
        return f"/interactions?{urlencode(params)}"

    def window(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """From the first day's start (or ``at`` on it) to the last day's end (or ``minutes``
        after ``at``), in UTC-aware datetimes."""
        if self.at is None:
            return day_window(self.start, tz)[0], day_window(self.end, tz)[1]
        start = datetime.combine(self.start, self.at, tzinfo=tz)
        # Whole hours and minutes on the wall clock, then to UTC: right across a clock change.
        return start, start + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Row:
    arrived: str
    queue: str
    channel: str
    outcome: str
    wait: str
    handle: str
    agent: str


@dataclass(frozen=True)
class InteractionList:
    query: Query
    description: str
    total: int
    rows: list[Row]
    first: int
    previous_url: str | None
    next_url: str | None
    partial_reach: bool
    """The viewer's reach stops short of all: contacts of others, or of no one, are not listed."""


@dataclass(frozen=True)
class Narrowing:
    """The optional filters beyond the days and the outcome, as the page's address gives them."""

    queue: str | None = None
    agent: int | None = None
    at: str | None = None
    minutes: int = 30


def parse_query(start: date | None, end: date | None, outcome: str, page: int, fallback: date,
                narrowing: Narrowing = Narrowing()) -> Query:  # fmt: skip
    if outcome not in OUTCOMES:
        raise SwitchboardError(f"outcome must be one of {', '.join(OUTCOMES)}")
    first = start or end or fallback
    last = end or first
    if last < first:
        raise SwitchboardError("'from' must not be after 'to'")
    at = _clock_time(narrowing.at)
    if at is not None and first != last:
        raise SwitchboardError("'at' needs a single day: give the same 'from' and 'to'")
    if not 1 <= narrowing.minutes <= 24 * 60:
        raise SwitchboardError("minutes must be from 1 to 1440")
    return Query(first, last, outcome, narrowing.queue or None, max(page, 1), narrowing.agent,
                 at, narrowing.minutes)  # fmt: skip


def _clock_time(text: str | None) -> time | None:
    if not text:
        return None
    try:
        return time.fromisoformat(text)
    except ValueError as exc:
        raise SwitchboardError("at must be a time of day such as 09:30") from exc


def build(*, session: Session, settings: Settings, viewer: Viewer, query: Query) -> InteractionList:
    tz = zone(settings.timezone)
    filters = InteractionFilter(
        *query.window(tz), query.outcome, settings.kpi_short_abandon_seconds, query.queue,
        query.agent,
    )  # fmt: skip
    offset = (query.page - 1) * PAGE_SIZE
    total, found = repository.interactions_page(
        session, viewer, filters, offset=offset, limit=PAGE_SIZE
    )
    agent_ids = {row.Interaction.agent_id for row in found if row.Interaction.agent_id}
    names = repository.visible_agent_names(session, viewer, agent_ids)
    rows = [_row(row.Interaction, row.queue_name, names, tz) for row in found]
    more = offset + len(rows) < total
    return InteractionList(
        query, _describe(query, names), total, rows, offset + 1,
        query.url(query.page - 1) if query.page > 1 else None,
        query.url(query.page + 1) if more else None,
        reach_of(viewer.role, Kind.INTERACTIONS) is not Reach.ALL,
    )  # fmt: skip


def _row(interaction: Interaction, queue: str, names: dict[int, str], tz: ZoneInfo) -> Row:
    handle = interaction.talk_seconds + interaction.hold_seconds + interaction.wrap_seconds
    agent_id = interaction.agent_id
    return Row(
        arrived=interaction.arrived_at.astimezone(tz).strftime("%a %d %b %Y %H:%M:%S"),
        queue=queue,
        channel=str(interaction.channel.value),
        outcome=str(interaction.outcome.value).replace("_", " "),
        wait=clock(interaction.wait_seconds),
        handle=clock(handle) if interaction.answered_at else "—",
        agent=names.get(agent_id, "Not shown") if agent_id else "—",
    )


def _describe(query: Query, names: dict[int, str]) -> str:
    what = OUTCOME_WORDS.get(query.outcome, f"offered contacts with outcome {query.outcome}")
    span = (f"on {query.start:%a %d %b %Y}" if query.start == query.end
            else f"from {query.start:%a %d %b %Y} to {query.end:%a %d %b %Y}")  # fmt: skip
    if query.at is not None:
        span += f", arriving from {query.at:%H:%M} for {query.minutes} minutes"
    where = f" in queue {query.queue}" if query.queue else ""
    if query.agent is not None:
        # Named only when the list shows the agent's rows; otherwise nothing confirms who it is.
        where += f" handled by {names.get(query.agent, 'the chosen agent')}"
    return f"{what[:1].upper()}{what[1:]}{where}, {span}"
