"""The filtered interactions list that every dashboard figure drills down to.

Rows are scoped by the access policy (``agent_filter`` on the interactions kind), and an agent
is named only when the viewer may see that agent on the roster.
"""

from dataclasses import dataclass
from datetime import date
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

    def url(self, page: int) -> str:
        params = {"from": self.start.isoformat(), "to": self.end.isoformat(),
                  "outcome": self.outcome, "page": str(page)}  # fmt: skip
        if self.queue:
            params["queue"] = self.queue
        return f"/interactions?{urlencode(params)}"


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


def parse_query(start: date | None, end: date | None, outcome: str, queue: str | None,
                page: int, fallback: date) -> Query:  # fmt: skip
    if outcome not in OUTCOMES:
        raise SwitchboardError(f"outcome must be one of {', '.join(OUTCOMES)}")
    first = start or end or fallback
    last = end or first
    if last < first:
        raise SwitchboardError("'from' must not be after 'to'")
    return Query(first, last, outcome, queue or None, max(page, 1))


def build(*, session: Session, settings: Settings, viewer: Viewer, query: Query) -> InteractionList:
    tz = zone(settings.timezone)
    filters = InteractionFilter(
        day_window(query.start, tz)[0], day_window(query.end, tz)[1], query.outcome,
        settings.kpi_short_abandon_seconds, query.queue,
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
        query, _describe(query), total, rows, offset + 1,
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


def _describe(query: Query) -> str:
    what = OUTCOME_WORDS.get(query.outcome, f"offered contacts with outcome {query.outcome}")
    span = (f"on {query.start:%a %d %b %Y}" if query.start == query.end
            else f"from {query.start:%a %d %b %Y} to {query.end:%a %d %b %Y}")  # fmt: skip
    where = f" in queue {query.queue}" if query.queue else ""
    return f"{what[:1].upper()}{what[1:]}{where}, {span}"
