"""What the wellbeing API takes and answers: check-ins, and signals as prompts to talk.

Nothing here is a score: a signal carries the facts behind it (how long, how busy, how many
contacts), and a team's view lists its members by name, never ranked.
"""

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from switchboard.domain.performance.wellbeing import Kind
from switchboard.improvements.schemas import WindowRead
from switchboard.kit.text import storable


class CheckInCreate(BaseModel):
    """How the agent feels their work is going, in their own words if they wish."""

    model_config = ConfigDict(extra="forbid")

    mood: int = Field(ge=1, le=5, description="1 (low) to 5 (good).")
    workload: int = Field(ge=1, le=5, description="1 (too little) to 5 (too much); 3 is right.")
    note: Annotated[str, Field(max_length=2000), AfterValidator(storable)] = ""


class CheckInRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    agent_id: int
    recorded_at: datetime
    mood: int
    workload: int
    note: str


class ContactsRead(BaseModel):
    """Contacts handled in the period, and the difficult ones: a contact with several flags
    counts once in ``difficult`` and once in each kind."""

    handled: int
    difficult: int
    complaints: int
    escalations: int
    very_low_csat: int


class SignalRead(BaseModel):
    kind: Kind
    figure: float = Field(
        description="Occupancy over the stretch (0 to 1), the run's seconds, or the share of "
        "difficult contacts (0 to 1), as `kind` says."
    )
    message: str = Field(description="What was seen, and what to ask about.")
    start: datetime | None
    end: datetime | None


class MemberWellbeingRead(BaseModel):
    agent_id: int
    agent: str
    signals: list[SignalRead]
    contacts: ContactsRead
    check_ins: int = Field(description="Check-ins the agent recorded in the period.")
    latest_check_in: CheckInRead | None


class AgentWellbeingRead(MemberWellbeingRead):
    """One agent's wellbeing signals for a period: private to the agent and their team leader."""

    period: WindowRead
    settings: dict[str, Any]


class TeamWellbeingRead(BaseModel):
    """Each member's signals as prompts to talk, in order of name: never a ranking."""

    team_id: int
    team: str
    period: WindowRead
    settings: dict[str, Any]
    members: list[MemberWellbeingRead]
