"""What the calibration API takes and answers: sessions, and the agreement report."""

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from switchboard.domain.quality.agreement import Level
from switchboard.domain.quality.lifecycle import SessionStatus
from switchboard.domain.quality.scorecard import AnswerType
from switchboard.feedback.schemas import MAX_INTERACTION_ID, Id, Prose, distinct
from switchboard.sampling.schemas import Name

MAX_CONTACTS = 50
MAX_PARTICIPANTS = 30


def _at_least_two(ids: list[int]) -> list[int]:
    ids = distinct(ids)
    if len(ids) < 2:
        raise ValueError("give at least two different ids")
    return ids


ContactIds = Annotated[
    list[Annotated[int, Field(ge=1, le=MAX_INTERACTION_ID)]],
    Field(min_length=2, max_length=MAX_CONTACTS),
    AfterValidator(_at_least_two),
]
UserIds = Annotated[
    list[Id], Field(min_length=2, max_length=MAX_PARTICIPANTS), AfterValidator(_at_least_two)
]


class CalibrationSessionCreate(BaseModel):
    """A calibration session: the participants score the same contacts blind, on one
    published scorecard version."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    version_id: Id = Field(description="A published scorecard version.")
    interaction_ids: ContactIds = Field(description="The contacts everyone scores (at least 2).")
    participant_user_ids: UserIds = Field(
        description="Who scores: quality analysts, administrators or team leaders (at least 2)."
    )
    expert_user_id: Id | None = Field(
        default=None, description="A participant whose scores deviations are measured from."
    )
    notes: Prose = ""


class CalibrationSessionRead(BaseModel):
    id: int
    name: str
    version_id: int
    facilitator_user_id: int
    expert_user_id: int | None
    status: SessionStatus
    notes: str
    created_at: datetime
    closed_at: datetime | None
    interaction_ids: list[int]
    participant_user_ids: list[int]
    expected: int = Field(description="Evaluations expected: participants × contacts.")
    submitted: int = Field(description="Evaluations submitted so far.")


class AlphaRead(BaseModel):
    alpha: float | None = Field(description="Krippendorff's alpha; null when undefined.")
    level: Level
    pairable: int = Field(description="Values on contacts at least two evaluators answered.")
    poor_agreement: bool = Field(description="Alpha below the threshold (0.667).")
    undefined_reason: str | None = Field(description="Why alpha is null, when it is.")


class QuestionAgreementRead(AlphaRead):
    key: str
    text: str
    answer_type: AnswerType
    flagged: bool = Field(
        description="Poor agreement (alpha below the threshold): a candidate for rewording. "
        "An undefined alpha is not flagged; `undefined_reason` says why it is undefined."
    )


class DeviationRead(BaseModel):
    user_id: int
    units: int = Field(description="Contacts compared.")
    mean_difference: float = Field(description="Overall score minus the reference: + is lenient.")
    mean_absolute_difference: float


class EvaluationCountRead(BaseModel):
    expected: int
    submitted: int
    by_participant: dict[str, int] = Field(description="Submitted per participant's user id.")


class CalibrationReportRead(BaseModel):
    """Agreement in a calibration session, from its submitted evaluations."""

    session_id: int
    name: str
    status: SessionStatus
    version_id: int
    threshold: float = Field(description="Alpha below this is poor agreement.")
    evaluations: EvaluationCountRead
    questions: list[QuestionAgreementRead]
    overall: AlphaRead = Field(description="Alpha of the overall scores, at interval level.")
    reference: str = Field(description="`expert` or `consensus`: what deviations are from.")
    expert_user_id: int | None
    deviations: list[DeviationRead]
