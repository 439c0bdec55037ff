"""What the data API answers: one read model per kind of record, and the page that holds them.

Interactions carry the customer's pseudonymous key only: identifying details live in
``customer_identities``, which the API never reads.
"""

from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from switchboard.interactions.models import AgentState, Direction, Outcome
from switchboard.people.models import Channel


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class QueueRead(_Read):
    id: int
    name: str
    channel: Channel
    service_level_seconds: int


class TeamRead(_Read):
    id: int
    name: str
    site_id: int | None
    site: str | None = Field(description="The site's name.")


class PersonRead(_Read):
    """An agent: someone who handles contacts."""

    id: int
    display_name: str
    team_id: int | None
    team: str | None = Field(description="The team's name.")


class InteractionRead(_Read):
    id: int
    segment: int
    channel: Channel
    direction: Direction
    queue_id: int | None
    agent_id: int | None
    customer_key: str | None = Field(description="Pseudonymous: never a name or a number.")
    arrived_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    wrap_ended_at: datetime | None
    wait_seconds: float
    talk_seconds: float
    hold_seconds: float
    wrap_seconds: float
    outcome: Outcome
    disposition: str | None
    transferred: bool
    escalated: bool


class AgentStateRead(_Read):
    id: int
    agent_id: int
    state: AgentState
    reason: str | None
    queue_id: int | None
    started_at: datetime
    ended_at: datetime


Item = TypeVar("Item", bound=BaseModel)


class Page(BaseModel, Generic[Item]):
    items: list[Item]
    next: int | None = Field(description="The `offset` of the next page, or null on the last page.")


class KpiReportRead(BaseModel):
    """The same shape as ``switchboard report kpis --format json``."""

    settings: dict[str, Any]
    rows: list[dict[str, Any]]
    totals: dict[str, Any]


class ErrorRead(BaseModel):
    detail: str
