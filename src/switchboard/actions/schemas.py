"""What the actions API takes and answers: an agent's action list, and its urgent/important matrix."""

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from switchboard.domain.performance.priority import Quadrant
from switchboard.feedback.schemas import Day, Id, Title


class Owner(StrEnum):
    """Who does an action: the agent whose list it is on, or the person writing it down (a
    team leader adding it, or the coach at a session)."""

    AGENT = "agent"
    ME = "me"


class ActionAgreed(BaseModel):
    """An action agreed at a coaching session: important unless said otherwise, since it
    serves the development the session is about."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    due_on: Day | None = None
    important: bool = Field(default=True, description="It serves a goal, a customer, a colleague.")
    urgent: bool = Field(default=False, description="Urgent whatever the due date says.")
    owner: Owner = Owner.AGENT


class ActionCreate(ActionAgreed):
    """An action for an agent's list, written by the agent or by someone whose development
    reach holds them (their team leader)."""

    agent_id: Id | None = Field(default=None, description="Whose list; default: your own.")
    important: bool = Field(default=False, description="It serves a goal, a customer, a colleague.")


class ActionUpdate(BaseModel):
    """Only the fields sent change; ``due_on: null`` clears the date, ``done`` ticks it off or
    opens it again."""

    model_config = ConfigDict(extra="forbid")

    title: Title | None = None
    due_on: Day | None = None
    important: bool | None = None
    urgent: bool | None = None
    done: bool | None = None

    @model_validator(mode="after")
    def _no_null_where_a_value_is_needed(self) -> "ActionUpdate":
        for name in ("title", "important", "urgent", "done"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class ActionRead(BaseModel):
    id: int
    agent_id: int
    owner_user_id: int | None = Field(description="Who does it; null: the agent (no account).")
    title: str
    due_on: date | None
    important: bool
    urgent: bool
    session_id: int | None = Field(description="The coaching session that agreed it, if one did.")
    done: bool
    done_at: datetime | None
    created_at: datetime


class QuadrantRead(BaseModel):
    quadrant: Quadrant
    actions: list[ActionRead] = Field(description="By due date, undated last.")


class MatrixRead(BaseModel):
    """The agent's open actions in the urgent/important matrix, every quadrant present."""

    agent_id: int
    today: date = Field(description="Today in the centre's timezone.")
    urgent_days: int = Field(description="Due within this many days (or overdue): urgent.")
    quadrants: list[QuadrantRead]
