"""What the feedback API takes and answers, and the input vocabulary the coaching and actions
packages share with it: storable text, bounded ids and times, and the refusal that names a field.
"""

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from switchboard.domain.performance.feedback import Code, Model, Severity, Source, Tone
from switchboard.kit.text import storable

MAX_ID = 2**31 - 1
"""Ids are 32-bit integers in the store; a larger one is refused as input, not sent to SQL."""
MAX_INTERACTION_ID = 2**63 - 1
EARLIEST, LATEST = 1970, 2999
MAX_LINKS = 20
"""Contacts one record may link: feedback and coaching are about a few examples, not a sample."""


# --- the shared input vocabulary --------------------------------------------------------------


def _not_blank(text: str) -> str:
    if not text:
        raise ValueError("must not be blank")
    return text


def _in_years(moment: datetime) -> datetime:
    # Checked before converting: a time in year 1 with a positive offset cannot become UTC.
    if not EARLIEST <= moment.year <= LATEST:
        raise ValueError(f"must fall between {EARLIEST} and {LATEST}")
    return moment.astimezone(UTC)


def _day_in_years(day: date) -> date:
    if not EARLIEST <= day.year <= LATEST:
        raise ValueError(f"must fall between {EARLIEST} and {LATEST}")
    return day


def distinct(ids: list[int]) -> list[int]:
    """Each id once, in the order given: linking a contact twice would break its primary key."""
    return list(dict.fromkeys(ids))


Prose = Annotated[str, Field(max_length=4000), AfterValidator(storable)]
Title = Annotated[
    str, Field(min_length=1, max_length=300), AfterValidator(storable), AfterValidator(_not_blank)
]
Moment = Annotated[AwareDatetime, AfterValidator(_in_years)]
"""A date-time with its UTC offset, stored in UTC."""
Day = Annotated[date, AfterValidator(_day_in_years)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
InteractionIds = Annotated[
    list[Annotated[int, Field(ge=1, le=MAX_INTERACTION_ID)]],
    Field(max_length=MAX_LINKS, description="Contacts this is about (ids); each once."),
    AfterValidator(distinct),
]


# --- feedback ---------------------------------------------------------------------------------


class FeedbackCreate(BaseModel):
    """One piece of feedback as the giver writes it. Who gives it decides its source: the agent
    themselves (self), someone whose development reach holds the agent (team leader), or a
    colleague in the agent's team (peer)."""

    model_config = ConfigDict(extra="forbid")

    agent_id: Id
    model: Model = Field(description="`sbi`: Situation, Behaviour, Impact. `boost`: Balanced, "
                         "Observed, Objective, Specific, Timely.")  # fmt: skip
    tone: Tone = Field(description="`positive` reinforces; `developmental` asks for a change.")
    situation: Prose = ""
    behaviour: Prose = Field(default="", description="SBI's Behaviour, BOOST's observed behaviour.")
    impact: Prose = ""
    went_well: Prose = Field(default="", description="The balancing positive.")
    even_better: Prose = Field(default="", description="BOOST's developmental part.")
    event: Prose = Field(default="", description="What was observed, when no contact is linked.")
    observed_at: Moment | None = Field(
        default=None, description="When it was seen; default: the latest linked contact's arrival."
    )
    interaction_ids: InteractionIds = Field(default_factory=list)
    private: bool = Field(
        default=False, description="Seen only by the agent, their team leader and the giver."
    )


class FeedbackAcknowledge(BaseModel):
    """The agent's acknowledgement, with their reply if they want to give one."""

    model_config = ConfigDict(extra="forbid")

    response: Prose | None = Field(default=None, description="Null keeps the reply already given.")


class FeedbackFindingRead(BaseModel):
    code: Code
    severity: Severity = Field(description="`error` refuses the feedback; `warn` is advice.")
    message: str
    words: list[str] = Field(description="For `personal`: the words that judge the person.")


class FeedbackCheckRead(BaseModel):
    source: Source
    observed_at: datetime | None
    findings: list[FeedbackFindingRead]


class FeedbackRead(BaseModel):
    id: int
    agent_id: int
    giver_user_id: int | None = Field(description="Null for a customer's survey verbatim.")
    source: Source
    model: Model
    tone: Tone
    situation: str
    behaviour: str
    impact: str
    went_well: str
    even_better: str
    event: str
    observed_at: datetime | None
    private: bool
    survey_response_id: int | None
    interaction_ids: list[int]
    given_at: datetime
    acknowledged_at: datetime | None
    response: str | None
    findings: list[FeedbackFindingRead] = Field(description="The checks, as the giver saw them.")
