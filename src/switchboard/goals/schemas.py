"""What the goals API takes and answers: ``GoalCreate``, ``GoalUpdate``, ``GoalRead`` and the
SMART check, progress and alignment read models (docs/performance-management.md).

A client never types a baseline value: it names the baseline period and Switchboard measures
the KPI over it, so a body holding ``baseline_value`` is refused (``extra="forbid"``).
"""

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from switchboard.domain.performance.progress import Standing
from switchboard.domain.performance.smart import Criterion, Status
from switchboard.goals.models import GoalKind, GoalState, Level

MAX_ID = 2**31 - 1
"""Ids are 32-bit integers in the store; a larger one is refused as input, not sent to SQL."""
EARLIEST, LATEST = date(1970, 1, 1), date(2999, 12, 31)
"""Dates outside these would overflow the date arithmetic of periods and projections."""
MAX_REVIEWS = 24


def _storable(value: str) -> str:
    """PostgreSQL text holds no NUL, and UTF-8 no half of a surrogate pair (JSON's \\u escapes
    can write one): refused here, so the store never answers 500 to them."""
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("contains an unpaired surrogate") from None
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Day = Annotated[date, Field(ge=EARLIEST, le=LATEST)]
Title = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_storable)]
Text = Annotated[str, Field(max_length=4000), AfterValidator(_storable)]
KpiName = Annotated[
    str,
    Field(min_length=1, max_length=40, description="A KPI of the registry: `aht`, `fcr`, `csat`…"),
    AfterValidator(_storable),
]
Target = Annotated[
    float,
    Field(allow_inf_nan=False, ge=-1e12, le=1e12, description="In the KPI's unit: seconds, "
                                                               "or a ratio between 0 and 1."),
]  # fmt: skip
ReviewDates = Annotated[list[Day], Field(max_length=MAX_REVIEWS)]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class GoalCreate(_Input):
    """A goal at one of three levels. A personal goal belongs to an agent (``agent_id``) and is
    a KPI goal (``kpi``, ``target``, the baseline period) or a behaviour goal (``behaviour``,
    ``evidence``); a team goal belongs to a team (``team_id``); an objective to the whole
    organisation. ``parent_id`` is the goal one level up that this one supports."""

    level: Level
    title: Title
    kind: GoalKind | None = Field(
        None, description="Personal goals: `kpi` or `behaviour`. Others: `kpi` when a KPI is named."
    )
    parent_id: Id | None = None
    team_id: Id | None = None
    agent_id: Id | None = None
    kpi: KpiName | None = None
    baseline_from: Day | None = None
    baseline_to: Day | None = Field(None, description="Inclusive.")
    target: Target | None = None
    behaviour: Text | None = None
    evidence: Text | None = None
    deadline: Day | None = None
    review_dates: ReviewDates = Field(default_factory=list)
    development_area: KpiName | None = Field(
        None, description="The self-audit development area (a KPI) the goal answers."
    )


class GoalUpdate(_Input):
    """The fields to change; a field left out keeps its value, and ``null`` clears it.
    ``review_dates`` replaces the upcoming reviews (past ones stay as the goal's history).
    ``state: closed`` closes the goal."""

    title: Title | None = None
    parent_id: Id | None = None
    kpi: KpiName | None = None
    baseline_from: Day | None = None
    baseline_to: Day | None = None
    target: Target | None = None
    behaviour: Text | None = None
    evidence: Text | None = None
    deadline: Day | None = None
    review_dates: ReviewDates | None = None
    development_area: KpiName | None = None
    state: GoalState | None = None


class ReviewRead(BaseModel):
    due_on: date
    note: str | None
    reviewed_at: datetime | None


class GoalRead(BaseModel):
    id: int
    level: Level
    parent_id: int | None
    title: str
    team_id: int | None
    agent_id: int | None
    kind: GoalKind
    kpi: str | None
    unit: str | None = Field(description="The KPI's unit: seconds, ratio, count or score.")
    baseline_value: float | None = Field(description="Measured from the data, never typed.")
    baseline_from: date | None
    baseline_to: date | None
    baseline_sample: int | None = Field(
        description="Contacts, survey responses or evaluations behind it."
    )
    target: float | None
    behaviour: str | None
    evidence: str | None
    deadline: date | None
    development_area: str | None
    state: GoalState
    created_by_user_id: int | None
    created_at: datetime
    updated_at: datetime
    reviews: list[ReviewRead]


class FindingRead(BaseModel):
    criterion: Criterion
    status: Status
    reasons: list[str]


class BaselineRead(BaseModel):
    kpi: str
    value: float | None = Field(description="Null when there is no data for the period.")
    baseline_from: date
    baseline_to: date
    sample: int | None
    sample_kind: str = Field(description="`contacts`, `survey responses` or `evaluations`.")


class SmartCheckRead(BaseModel):
    """One finding per criterion, in the order specific, measurable, achievable, relevant,
    time_bound, balance. ``acceptable`` is false when any of them fails."""

    acceptable: bool
    findings: list[FindingRead]
    baseline: BaselineRead | None = Field(description="What the data says, for a KPI goal.")
    development_areas: list[str] = Field(description="From the agent's self-audit.")


class GoalSavedRead(GoalRead):
    check: SmartCheckRead | None = Field(
        description="The SMART check of a personal goal, warnings included; null for objectives "
        "and team goals, and for an update that changed nothing the check looks at."
    )


class ObservationRead(BaseModel):
    day: date = Field(description="The last day of the week observed (or today).")
    value: float
    sample: int


class ProgressRead(BaseModel):
    status: Standing
    as_of: date
    latest: float | None
    share: float | None = Field(description="The way from baseline to target covered: 1 = there.")
    slope_per_week: float | None
    projection: float | None = Field(description="The trend's value on the deadline.")
    sentence: str
    observations: list[ObservationRead]


class GoalDetailRead(GoalRead):
    progress: ProgressRead | None = Field(description="For a personal KPI goal; else null.")


class GoalSummaryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    level: Level
    title: str
    parent_id: int | None
    team_id: int | None
    agent_id: int | None
    kpi: str | None
    target: float | None
    deadline: date | None


class TeamGoalNodeRead(BaseModel):
    goal: GoalSummaryRead
    personal_goals: list[GoalSummaryRead]


class ObjectiveNodeRead(BaseModel):
    goal: GoalSummaryRead
    team_goals: list[TeamGoalNodeRead]


class AlignmentRead(BaseModel):
    """Active goals the viewer may see, as a tree, and where it is thin."""

    objectives: list[ObjectiveNodeRead]
    unattached_team_goals: list[TeamGoalNodeRead] = Field(description="Serving no objective.")
    unsupported_team_goals: list[GoalSummaryRead] = Field(description="No personal goal serves.")
    unlinked_personal_goals: list[GoalSummaryRead] = Field(description="Serving no team goal.")
    coverage: float | None = Field(description="Share of team goals with a personal goal.")


class GoalRefusedRead(BaseModel):
    """A goal refused because a SMART criterion fails: every finding, criterion by criterion."""

    detail: str
    check: SmartCheckRead


class FieldErrorRead(BaseModel):
    loc: list[str | int]
    msg: str
    type: str
    input: Any = None
    ctx: dict[str, Any] | None = None


class InvalidRequestRead(BaseModel):
    """FastAPI's own answer to a request its types refuse."""

    detail: list[FieldErrorRead]
