"""What the quality reports answer: the same JSON from the API and from ``--format json``.

Scores are 0–100, rates fractions 0–1, turnarounds hours; a figure with nothing behind it is
null, never 0. Period starts are local times with their offset, as the KPI reports show them.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from switchboard.domain.quality.lifecycle import Status


class TrendInterval(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class TrendBy(StrEnum):
    NONE = "none"
    AGENT = "agent"
    TEAM = "team"


class TrendRow(BaseModel):
    period_start: str = Field(description="The local day, week (from Monday) or month's start.")
    agent_id: int | None = None
    agent: str | None = None
    team_id: int | None = None
    team: str | None = None
    evaluations: int = Field(description="Submitted regular evaluations of contacts in it.")
    scored: int = Field(description="Of them, those with a score (not every answer N/A).")
    mean_score: float | None = Field(description="The QA score: mean of the scores, 0–100.")
    auto_failed: int
    compliance_evaluations: int = Field(description="With an applicable compliance item.")
    compliance_passed: int
    compliance_pass_rate: float | None


class TrendRead(BaseModel):
    settings: dict[str, Any]
    rows: list[TrendRow]


class FailedQuestion(BaseModel):
    scorecard_id: int
    scorecard: str
    version_id: int
    version: int
    question_key: str
    question: str
    answered: int = Field(description="Answers that were not N/A.")
    failed: int
    failure_rate: float = Field(description="failed ÷ answered")
    points_lost: float = Field(description="Σ (possible − earned), a bonus losing nothing.")


class FailedQuestionsRead(BaseModel):
    settings: dict[str, Any]
    rows: list[FailedQuestion]


class QuestionRef(BaseModel):
    key: str
    text: str


class ComplianceFailureRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    evaluation_id: int
    interaction_id: int
    contact_ref: str
    contact_at: datetime
    agent_id: int
    agent: str
    queue: str | None
    failed_questions: list[QuestionRef] = Field(
        description="The compliance questions answered No, failing, or short of full marks."
    )
    compliance_score: float | None
    evaluator_user_id: int
    evaluator: str
    status: Status


class EvaluatorWorkload(BaseModel):
    evaluator_user_id: int
    evaluator: str
    submitted: int = Field(description="Regular evaluations submitted in the range.")
    drafts_open: int
    assignments_open: int
    assignments_overdue: int = Field(description="Open assignments past their due time now.")
    turnaround_median_hours: float | None = Field(description="Contact to submission.")
    turnaround_p90_hours: float | None
    assignment_turnaround_median_hours: float | None = Field(
        description="Assignment made to evaluation submitted."
    )
    assignment_turnaround_p90_hours: float | None


class WorkloadRead(BaseModel):
    settings: dict[str, Any]
    rows: list[EvaluatorWorkload]
