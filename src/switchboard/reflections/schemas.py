"""What the reflective log's API takes and answers: STAR entries and the evidence behind them."""

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from switchboard.kit.text import storable
from switchboard.reflections.models import EvidenceKind

MAX_REF_ID = 2**63 - 1
"""Interactions have 64-bit ids; every other kind of record fits well within them."""
Part = Annotated[str, Field(max_length=10_000), AfterValidator(storable)]
STAR = ("situation", "task", "action", "result")


class EvidenceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: EvidenceKind
    ref_id: int = Field(ge=1, le=MAX_REF_ID, description="The id of the record of that kind.")


Evidence = Annotated[list[EvidenceIn], Field(max_length=50)]


def _distinct(evidence: list[EvidenceIn] | None) -> None:
    pairs = [(e.kind, e.ref_id) for e in evidence or []]
    if len(set(pairs)) != len(pairs):
        raise ValueError("evidence lists the same record twice")


class ReflectionCreate(BaseModel):
    """A STAR entry: the Situation, the Task, the Action taken and its Result, each required,
    with the records that evidence it (the agent's own contacts, goals, feedback, coaching
    sessions, and improvement activities they took part in)."""

    model_config = ConfigDict(extra="forbid")

    situation: Part
    task: Part
    action: Part
    result: Part
    evidence: Evidence = Field(default_factory=list)

    @model_validator(mode="after")
    def _complete(self) -> "ReflectionCreate":
        blank = [part for part in STAR if not getattr(self, part)]
        if blank:
            raise ValueError(f"a STAR entry needs every part: {', '.join(blank)} is blank")
        _distinct(self.evidence)
        return self


class ReflectionUpdate(BaseModel):
    """The parts to change; ``evidence``, when given, replaces the whole list."""

    model_config = ConfigDict(extra="forbid")

    situation: Part | None = None
    task: Part | None = None
    action: Part | None = None
    result: Part | None = None
    evidence: Evidence | None = None

    @model_validator(mode="after")
    def _not_blank(self) -> "ReflectionUpdate":
        blank = [part for part in STAR if getattr(self, part) == ""]
        if blank:
            raise ValueError(f"a STAR entry needs every part: {', '.join(blank)} is blank")
        _distinct(self.evidence)
        return self


class EvidenceRead(BaseModel):
    kind: EvidenceKind
    ref_id: int


class ReflectionRead(BaseModel):
    id: int
    agent_id: int
    situation: str
    task: str
    action: str
    result: str
    evidence: list[EvidenceRead]
    created_at: datetime
    updated_at: datetime
