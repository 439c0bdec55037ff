"""What the evaluations API takes and answers: a draft's answers, the agent's acknowledgement or
dispute, the arbitrator's resolution, and the evaluation form's whole reading (the contact, its
texts, the questions, the scores and their history)."""

from datetime import datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
)

from switchboard.domain.quality.lifecycle import DisputeOutcome, EvaluationKind, Status
from switchboard.domain.quality.scorecard import AnswerType, Critical
from switchboard.feedback.schemas import Id, InteractionIds, Prose, distinct
from switchboard.interactions.models import Direction, Outcome, TextKind
from switchboard.kit.text import storable
from switchboard.people.models import Channel

MAX_ANSWERS = 200
"""More answers than any scorecard has questions: a bound on the request, not on scorecards."""
MAX_INTERACTION_ID = 2**63 - 1

QuestionKey = Annotated[
    str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$", description="A question's key.")
]
AnswerValue = (
    Annotated[StrictStr, Field(max_length=200), AfterValidator(storable)]
    | StrictInt
    | StrictFloat
    | None
)


def _not_blank(text: str) -> str:
    if not text:
        raise ValueError("must not be blank")
    return text


Reason = Annotated[
    str, Field(min_length=1, max_length=4000), AfterValidator(storable), AfterValidator(_not_blank)
]


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: AnswerValue = Field(
        description="`yes`/`no`, a whole number on the scale, a choice's label; null for N/A."
    )
    comment: Prose = Field(default="", description="The evaluator's note on this answer.")


Answers = Annotated[
    dict[QuestionKey, AnswerIn],
    Field(max_length=MAX_ANSWERS, description="Answers by question key."),
]


class EvaluationCreate(BaseModel):
    """A new draft evaluation of a contact (and, for a chat or email thread, its further
    contacts), by the signed-in evaluator."""

    model_config = ConfigDict(extra="forbid")

    version_id: Id = Field(
        description="A published scorecard version; for a calibration evaluation, its session's version, published or retired."
    )
    interaction_id: Annotated[int, Field(ge=1, le=MAX_INTERACTION_ID)] = Field(
        description="The contact scored; its agent is the one evaluated."
    )
    interaction_ids: InteractionIds = Field(
        default_factory=list, description="Further contacts of the thread, by the same agent."
    )
    kind: EvaluationKind = EvaluationKind.REGULAR
    calibration_session_id: Id | None = Field(
        default=None, description="For a calibration evaluation: its open session."
    )
    assignment_id: Id | None = Field(
        default=None, description="The open assignment this fulfils: done when submitted."
    )
    answers: Answers = Field(default_factory=dict)
    summary: Prose = ""


class AnswersUpdate(BaseModel):
    """A draft's answers as they now stand: they replace the ones saved before."""

    model_config = ConfigDict(extra="forbid")

    answers: Answers = Field(default_factory=dict)
    summary: Prose = ""


class AcknowledgeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    response: Prose | None = Field(default=None, description="The agent's reply, if any.")


class DisputeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason = Field(description="Why the agent disagrees.")
    question_keys: Annotated[
        list[QuestionKey], Field(max_length=MAX_ANSWERS), AfterValidator(distinct)
    ] = Field(default_factory=list, description="The questions disputed; empty for the whole.")


class ResolveIn(BaseModel):
    """The arbitrator's decision. Upheld (wholly or partly) comes with the corrected answers,
    merged into the evaluation's, which is then rescored; rejected changes no answer."""

    model_config = ConfigDict(extra="forbid")

    outcome: DisputeOutcome
    reason: Reason = Field(description="The arbitrator's reason, shown to the agent.")
    answers: Answers = Field(default_factory=dict, description="Only the answers that change.")


# --- reads ------------------------------------------------------------------------------------


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class EvaluationRead(_Read):
    id: int
    version_id: int
    interaction_id: int
    contact_at: datetime
    agent_id: int
    evaluator_user_id: int
    kind: EvaluationKind
    calibration_session_id: int | None
    assignment_id: int | None
    status: Status
    score: float | None = Field(description="0–100, as stored when submitted or rescored.")
    compliance_score: float | None
    compliance_passed: bool | None
    auto_failed: bool
    summary: str
    created_at: datetime
    submitted_at: datetime | None
    acknowledged_at: datetime | None
    agent_response: str | None


class AnswerRead(BaseModel):
    """One question of the card with its answer, if given."""

    question_key: str
    section_key: str
    text: str
    guidance: str
    answer_type: AnswerType
    options: list[str] = Field(description="The values it takes: yes/no, scale points, labels.")
    allow_na: bool
    critical: Critical
    compliance: bool
    bonus: bool
    weight: float
    answered: bool = Field(description="False while a draft leaves it out.")
    value: str | None = Field(description="Null for N/A, or when not answered.")
    comment: str
    earned: float | None
    possible: float | None
    failed: bool


class SectionScoreRead(BaseModel):
    key: str
    title: str
    weight: float
    score: float | None = Field(description="Null when all N/A, or the answers are incomplete.")
    failed: bool = Field(description="A fail-section critical question failed.")


class ScoreChangeRead(_Read):
    changed_at: datetime
    changed_by: int
    event: str = Field(description="`submitted` or `dispute_resolved`.")
    from_score: float | None
    to_score: float | None
    reason: str


class DisputeRead(BaseModel):
    raised_by: int
    raised_at: datetime
    reason: str
    question_keys: list[str]
    arbitrator_user_id: int | None
    resolved_at: datetime | None
    outcome: DisputeOutcome | None
    resolution: str | None


class TextRead(_Read):
    kind: TextKind
    body: str


class ContactRead(BaseModel):
    """A contact as the evaluator reads it beside the form."""

    id: int
    channel: Channel
    direction: Direction
    queue_id: int | None
    queue_name: str | None
    agent_id: int | None
    customer_key: str | None = Field(description="Pseudonymous: never a name or a number.")
    arrived_at: datetime
    answered_at: datetime | None
    wait_seconds: float
    talk_seconds: float
    hold_seconds: float
    wrap_seconds: float
    outcome: Outcome
    disposition: str | None
    transferred: bool
    escalated: bool
    texts: list[TextRead] = Field(description="Its transcript and notes, when a source has them.")


class EvaluationDetailRead(EvaluationRead):
    scorecard_id: int
    scorecard_name: str
    version: int
    interaction_ids: list[int] = Field(description="The thread's further contacts.")
    answers: list[AnswerRead]
    sections: list[SectionScoreRead]
    computed_score: float | None = Field(
        description="The overall score the answers give now; null while they are incomplete."
    )
    passed: bool | None = Field(description="Against the card's pass mark, if it has one.")
    history: list[ScoreChangeRead]
    dispute: DisputeRead | None
    contact: ContactRead
    thread: list[ContactRead]


class HistoryRead(BaseModel):
    evaluation_id: int
    changes: list[ScoreChangeRead] = Field(description="Oldest first.")
