"""What the sampling API takes and answers: rules, a run for a week, and the assignments."""

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from switchboard.domain.quality.lifecycle import AssignmentStatus, Reason
from switchboard.feedback.schemas import Day, Id
from switchboard.kit.text import storable

MAX_PER_AGENT = 50
MAX_SEED = 2**31 - 1


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be blank")
    return text


Name = Annotated[
    str, Field(min_length=1, max_length=200), AfterValidator(storable), AfterValidator(_not_blank)
]
PerAgent = Annotated[int, Field(ge=1, le=MAX_PER_AGENT, description="Contacts per agent per week.")]
Threshold = Annotated[
    float,
    Field(
        ge=0, le=10_000, allow_inf_nan=False,
        description="Low CSAT: the score at or below which (default 2). New starter: the days "
        "since starting at or below which (default 90). Ignored by the other reasons.",
    ),
]  # fmt: skip


class SamplingRuleCreate(BaseModel):
    """A rule that picks contacts for evaluation each week."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    reason: Reason = Field(description="`random`, or a target: `complaint`, `low_csat`, "
                           "`long_handle`, `transfer`, `new_starter`.")  # fmt: skip
    per_agent: PerAgent = 1
    scorecard_id: Id
    queue_id: Id | None = Field(default=None, description="Only this queue's contacts.")
    threshold: Threshold | None = None
    active: bool = True


class SamplingRuleUpdate(BaseModel):
    """The rule as it should now be: every field, as when it was made."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    reason: Reason
    per_agent: PerAgent = 1
    scorecard_id: Id
    queue_id: Id | None = None
    threshold: Threshold | None = None
    active: bool = True


class SamplingRuleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    reason: Reason
    per_agent: int
    scorecard_id: int
    queue_id: int | None
    threshold: float | None
    active: bool
    created_at: datetime


class SamplingRunCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    week_start: Day = Field(description="The Monday the week starts, in the centre's timezone.")
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] | None = Field(
        default=None, description="Default: the week's date as YYYYMMDD, so a re-run repeats."
    )


class EvaluatorLoadRead(BaseModel):
    user_id: int
    assigned: int = Field(description="Assignments this run gave them.")
    open: int = Field(description="Their open assignments after the run.")


class SamplingRunRead(BaseModel):
    """What a run did. Running the same week again adds only what is missing."""

    week_start: date
    seed: int
    candidates: int = Field(description="The week's answered contacts with an agent.")
    picked: int = Field(description="New assignments written by this run.")
    by_reason: dict[str, int] = Field(description="New assignments per reason.")
    by_evaluator: list[EvaluatorLoadRead]
    unassignable: int = Field(
        description="Picks no evaluator could take: every evaluator is that contact's agent."
    )


class AssignmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    rule_id: int | None
    scorecard_id: int
    interaction_id: int
    agent_id: int
    evaluator_user_id: int
    week_start: date
    reason: Reason
    status: AssignmentStatus
    created_at: datetime
    due_at: datetime | None
