"""What the improvements API takes and answers: the Plan, and the Review computed from the data."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from switchboard.domain.performance.impact import Verdict
from switchboard.improvements.models import Control
from switchboard.kit.text import storable

MAX_ID = 2**31 - 1
EARLIEST_DAY, LATEST_DAY = date(1970, 1, 1), date(2999, 12, 31)


def _in_range(day: date) -> date:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(f"must fall between {EARLIEST_DAY} and {LATEST_DAY}")
    return day


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Title = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(storable)]
LongText = Annotated[str, Field(max_length=20_000), AfterValidator(storable)]
Day = Annotated[date, AfterValidator(_in_range)]
ReviewKpi = Literal[
    "aht", "asa", "hold_time", "wrap_time", "fcr", "transfer_rate", "escalation_rate", "csat"
]
"""The KPIs a review can resample: each the mean of one value per contact or survey response."""


class ImprovementCreate(BaseModel):
    """The Plan: what changes, the KPI expected to move, who and which queues, and from when.

    With no ``agent_ids`` the whole team is involved; with no ``queue_ids``, every queue."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    change: Annotated[LongText, Field(min_length=1)]
    kpi: ReviewKpi
    team_id: Id
    agent_ids: list[Id] = Field(default_factory=list, max_length=500)
    queue_ids: list[Id] = Field(default_factory=list, max_length=200)
    started_on: Day
    before_days: int = Field(
        default=28, ge=7, le=365, description="Days compared before the start."
    )
    after_days: int = Field(default=28, ge=7, le=365, description="Days compared from the start.")
    control: Control = Field(
        default=Control.NONE,
        description="`rest_of_team`: compare against the team's agents not involved, as a "
        "difference-in-differences. Needs `agent_ids`.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> "ImprovementCreate":
        for name in ("agent_ids", "queue_ids"):
            if len(set(getattr(self, name))) != len(getattr(self, name)):
                raise ValueError(f"{name} lists an id twice")
        if self.control is Control.REST_OF_TEAM and not self.agent_ids:
            raise ValueError("control rest_of_team needs agent_ids: the rest of the team is "
                             "the team's agents who are not listed")  # fmt: skip
        if not self.title:
            raise ValueError("title must not be blank")
        if not self.change:
            raise ValueError("change must not be blank")
        return self


class ImprovementUpdate(BaseModel):
    """What may change once planned: the words, and the review note. The KPI, the people and
    the dates are the plan the review is judged against, so they stay as planned."""

    model_config = ConfigDict(extra="forbid")

    title: Title | None = None
    change: LongText | None = None
    review_note: LongText | None = None

    @model_validator(mode="after")
    def _not_blank(self) -> "ImprovementUpdate":
        if self.title == "" or self.change == "":
            raise ValueError("title and change must not be blank")
        return self


class ImprovementRead(BaseModel):
    id: int
    title: str
    change: str
    kpi: str
    team_id: int | None
    agent_ids: list[int] = Field(description="Empty: the whole team.")
    queue_ids: list[int] = Field(description="Empty: every queue.")
    started_on: date
    before_days: int
    after_days: int
    control: Control
    review_note: str
    created_by_user_id: int | None
    created_at: datetime


class WindowRead(BaseModel):
    from_: date = Field(alias="from", description="The first local day.")
    to: date = Field(description="The last local day, inclusive.")
    label: str

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class EstimateRead(BaseModel):
    value: float
    low: float = Field(description="The lower end of the confidence interval.")
    high: float


class ContactsRead(BaseModel):
    before: int
    after: int
    control_before: int | None
    control_after: int | None


class ReviewRead(BaseModel):
    """The Review: the KPI before and after the change, its effect with a bootstrap interval,
    and a verdict in plain words. The same shape as `switchboard improvement review --format
    json`. Means are in the KPI's unit (seconds, or a share from 0 to 1); effects are null when
    the data cannot support one."""

    improvement_id: int
    title: str
    kpi: str
    kpi_title: str
    unit: str
    better: str
    control: Control
    before: WindowRead
    after: WindowRead
    agents: int = Field(description="Agents involved, whose contacts are reviewed.")
    control_agents: int | None = Field(description="Agents in the control group, if any.")
    queue_ids: list[int]
    before_value: float | None
    after_value: float | None
    control_before_value: float | None
    control_after_value: float | None
    contacts: ContactsRead
    relative_change: EstimateRead | None = Field(
        description="after ÷ before − 1, or the difference-in-differences ratio with a control."
    )
    absolute_change: EstimateRead | None
    verdict: Verdict
    reason: str
    sentence: str
    cautions: list[str]
    confidence: float
    resamples: int
    seed: int
    review_note: str
    settings: dict[str, Any] = Field(
        description="The KPI settings, the timezone and the fewest contacts a group needs."
    )
