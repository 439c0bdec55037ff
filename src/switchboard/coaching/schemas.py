"""What the coaching API takes and answers: sessions and one-to-ones with GROW notes, the
follow-up of the last session's actions, and the coached KPI before against after."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from switchboard.actions.schemas import ActionAgreed, ActionRead
from switchboard.coaching.models import SessionKind
from switchboard.feedback.schemas import Id, InteractionIds, Moment, Prose, distinct

CoachedKpi = Literal[
    "aht", "talk_time", "hold_time", "wrap_time", "fcr", "transfer_rate", "escalation_rate",
    "csat", "nps", "ces", "occupancy", "utilisation",
]  # fmt: skip
"""The KPIs that describe one person's work and have a better direction, so that coaching can
aim at them: the self-audit's KPIs without the answered count."""


class CoachingSessionCreate(BaseModel):
    """A coaching session or one-to-one, recorded by the coach. A coaching session needs its
    Goal and its Way forward: coaching that agrees nothing has not finished."""

    model_config = ConfigDict(extra="forbid")

    agent_id: Id
    kind: SessionKind = SessionKind.COACHING
    held_at: Moment
    kpi: CoachedKpi | None = Field(default=None, description="The KPI the coaching aims at.")
    goal: Prose = Field(default="", description="GROW: what the agent wants to achieve.")
    reality: Prose = Field(default="", description="GROW: where things stand now.")
    options: Prose = Field(default="", description="GROW: what could be done.")
    way_forward: Prose = Field(default="", description="GROW: what will be done, by when.")
    follow_up: Prose = Field(default="", description="What came of the last session's actions.")
    interaction_ids: InteractionIds = Field(default_factory=list)
    actions: list[ActionAgreed] = Field(default_factory=list, max_length=20)
    completed_action_ids: Annotated[
        list[Id],
        Field(max_length=50, description="Open actions on the agent's list found done now."),
        AfterValidator(distinct),
    ] = Field(default_factory=list)


class CoachingSessionUpdate(BaseModel):
    """Only the fields sent change; ``kpi: null`` removes the coached KPI."""

    model_config = ConfigDict(extra="forbid")

    held_at: Moment | None = None
    kpi: CoachedKpi | None = None
    goal: Prose | None = None
    reality: Prose | None = None
    options: Prose | None = None
    way_forward: Prose | None = None
    follow_up: Prose | None = None

    @model_validator(mode="after")
    def _no_null_where_a_value_is_needed(self) -> "CoachingSessionUpdate":
        for name in ("held_at", "goal", "reality", "options", "way_forward", "follow_up"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class CoachingSessionRead(BaseModel):
    id: int
    agent_id: int
    coach_user_id: int | None
    kind: SessionKind
    held_at: datetime
    kpi: str | None
    goal: str
    reality: str
    options: str
    way_forward: str
    follow_up: str
    interaction_ids: list[int]
    actions: list[ActionRead] = Field(description="The actions this session agreed.")
    created_at: datetime


class CoachingSessionRecorded(CoachingSessionRead):
    followed_up: list[ActionRead] = Field(
        description="The previous session's actions as they stand now, for the follow-up."
    )


class FollowUpRead(BaseModel):
    """What to follow up at the next session: the agent's previous session and its open
    actions."""

    agent_id: int
    previous_session_id: int | None
    previous_held_at: datetime | None
    open_actions: list[ActionRead]


class KpiWindowRead(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    from_: date = Field(alias="from", description="The first local day.")
    to: date = Field(description="The last local day, inclusive.")
    value: float | None = Field(description="The KPI over these days, in its unit.")
    sample: int = Field(description="Contacts, survey responses or evaluations behind the value.")
    sample_kind: str
    low_confidence: bool = Field(
        description="Fewer than 30 contacts, 10 survey responses or 5 evaluations."
    )


Verdict = Literal["improved", "worsened", "unchanged", "too_little_data", "no_data", "no_kpi"]


class EffectivenessRead(BaseModel):
    """The coached KPI over the days before the session against the days after it, the
    session's own day left out of both."""

    session_id: int
    agent_id: int
    kpi: str | None
    kpi_title: str | None
    unit: str | None
    better: str | None = Field(description="`higher` or `lower`: the direction that improves.")
    days: int
    before: KpiWindowRead | None
    after: KpiWindowRead | None
    change: float | None = Field(description="after − before, in the KPI's unit.")
    relative_change: float | None = Field(description="after ÷ before − 1.")
    improved: bool | None = Field(description="Moved in the better direction.")
    low_confidence: bool
    complete: bool = Field(description="False while the days after are not all over.")
    verdict: Verdict
    summary: str
