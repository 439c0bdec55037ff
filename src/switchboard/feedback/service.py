"""Feedback use cases: give it (checked first), check a draft, read it, acknowledge it, and turn
customers' survey verbatims into feedback on the agent who handled the contact.

Who gives decides the source, so no one can pass a peer's remark off as their team leader's:
- the agent about themselves: self;
- someone whose development reach holds the agent (their team leader, a manager of their
  site, an administrator): team leader, the line's feedback;
- an agent in the same team, who cannot otherwise read a colleague's records: peer.

A record is read through its agent's scope (private ones through the private scope: the agent
and their team leader only), and by whoever gave it. Services never commit.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from switchboard.access.policy import Kind, require
from switchboard.access.repository import can_see_agent
from switchboard.access.viewer import Viewer
from switchboard.audit import service as audit_service
from switchboard.domain.kpi.formulas import is_csat_satisfied
from switchboard.domain.performance.feedback import (
    MAX_AGE_DAYS,
    Code,
    FeedbackDraft,
    Finding,
    Severity,
    Source,
    Verbatim,
    check,
    from_verbatim,
    missing_parts,
)
from switchboard.feedback import repository as repo
from switchboard.feedback.models import Feedback
from switchboard.feedback.repository import FeedbackFilter
from switchboard.feedback.schemas import (
    FeedbackAcknowledge,
    FeedbackCheckRead,
    FeedbackCreate,
    FeedbackFindingRead,
    FeedbackRead,
)
from switchboard.kit.clock import utcnow
from switchboard.kit.errors import FieldError, ForbiddenError, NotFoundError, Problem
from switchboard.surveys.models import SurveyKind

CLOCK_SKEW = timedelta(minutes=5)
"""How far ahead of the server's clock a giver's own clock may run before a time is refused as
in the future."""
NPS_PROMOTER = 9
DEFAULT_CSAT_TOP_BOXES = 2
PART_FIELDS = {
    "the situation": ("situation",), "the behaviour": ("behaviour",), "the impact": ("impact",),
    "the observed behaviour": ("behaviour",),
    "what went well or what would be even better": ("went_well", "even_better"),
}  # fmt: skip
"""The fields behind each part the domain names as missing."""
FINDING_FIELDS = {Code.NOT_OBSERVED: "interaction_ids", Code.STALE: "observed_at",
                  Code.UNBALANCED: "went_well", Code.PERSONAL: "behaviour"}  # fmt: skip


def give_feedback(
    *, session: Session, viewer: Viewer, feedback_in: FeedbackCreate,
    max_age_days: float = MAX_AGE_DAYS,
) -> FeedbackRead:  # fmt: skip
    """Record the feedback, or refuse it (422, every finding listed by field) when a part of
    its model is missing. Warnings come back on the saved record for the giver to read."""
    record, draft, findings = _checked(session, viewer, feedback_in, max_age_days)
    if any(f.severity is Severity.ERROR for f in findings):
        raise FieldError([problem for f in findings for problem in _problems(f, draft)])
    repo.add(session, record, feedback_in.interaction_ids)
    audit_service.record_people_change(
        session, actor_user_id=viewer.user_id, object_type="feedback", object_id=record.id,
        change="feedback_given", agent_id=record.agent_id, source=record.source.value,
        private=record.private,
    )  # fmt: skip
    return _read(record, feedback_in.interaction_ids, findings)


def check_feedback(
    *, session: Session, viewer: Viewer, feedback_in: FeedbackCreate,
    max_age_days: float = MAX_AGE_DAYS,
) -> FeedbackCheckRead:  # fmt: skip
    """What giving ``feedback_in`` now would find, errors included, without saving anything."""
    record, _, findings = _checked(session, viewer, feedback_in, max_age_days)
    return FeedbackCheckRead(
        source=record.source, observed_at=record.observed_at, findings=_findings(findings)
    )


def _checked(
    session: Session, viewer: Viewer, feedback_in: FeedbackCreate, max_age_days: float
) -> tuple[Feedback, FeedbackDraft, tuple[Finding, ...]]:
    """The record as it would be saved (not yet added), as the checks read it, and what they
    find on it."""
    source = giver_source(session, viewer, feedback_in.agent_id)
    now = utcnow()
    observed_at = _observed_at(session, viewer, feedback_in, now)
    record = Feedback(
        agent_id=feedback_in.agent_id, giver_user_id=viewer.user_id, source=source,
        model=feedback_in.model, tone=feedback_in.tone, situation=feedback_in.situation,
        behaviour=feedback_in.behaviour, impact=feedback_in.impact,
        went_well=feedback_in.went_well, even_better=feedback_in.even_better,
        event=feedback_in.event, observed_at=observed_at, private=feedback_in.private,
        given_at=now,
    )  # fmt: skip
    draft = _draft(record, feedback_in.interaction_ids)
    return record, draft, check(draft, max_age_days=max_age_days)


def giver_source(session: Session, viewer: Viewer, agent_id: int) -> Source:
    """Who the viewer is to the agent, for feedback; 404 when they may not give any (the same
    answer as an agent who does not exist), 403 for a role with no development reach."""
    require(viewer, Kind.DEVELOPMENT)
    found, team_id = repo.agent_team(session, agent_id)
    if found and viewer.agent_id == agent_id:
        return Source.SELF
    if found and can_see_agent(session, viewer, Kind.DEVELOPMENT, agent_id):
        return Source.TEAM_LEADER
    if found and viewer.agent_id is not None and team_id is not None and team_id == viewer.team_id:
        return Source.PEER
    raise NotFoundError("no such agent, or not one you can give feedback to")


def _observed_at(
    session: Session, viewer: Viewer, feedback_in: FeedbackCreate, now: datetime
) -> datetime | None:
    """The time given, else the latest linked contact's arrival: feedback drawing on several
    contacts is as timely as its most recent example."""
    ids = feedback_in.interaction_ids
    arrived = repo.linkable_interactions(session, viewer, ids) if ids else {}
    unknown = [str(i) for i in ids if i not in arrived]
    if unknown:
        raise FieldError.one("interaction_ids", f"{', '.join(unknown)}: not among the contacts "
                             "you may see")  # fmt: skip
    given = feedback_in.observed_at
    if given is not None and given > now + CLOCK_SKEW:
        raise FieldError.one("observed_at", "cannot be in the future")
    return given or max(arrived.values(), default=None)


def _draft(record: Feedback, interaction_ids: Sequence[int]) -> FeedbackDraft:
    return FeedbackDraft(
        model=record.model, source=record.source, tone=record.tone, given_at=record.given_at,
        situation=record.situation, behaviour=record.behaviour, impact=record.impact,
        went_well=record.went_well, even_better=record.even_better,
        observed_at=record.observed_at, interaction_ids=tuple(interaction_ids), event=record.event,
    )  # fmt: skip


def _problems(finding: Finding, draft: FeedbackDraft) -> list[Problem]:
    """A finding as refusals of the fields it is about; a warning's message says it is one."""
    if finding.code is Code.MISSING_PART:
        parts = missing_parts(draft)
        fields = dict.fromkeys(field for part in parts for field in PART_FIELDS[part])
        return [Problem(field, finding.message, finding.code.value) for field in fields]
    message = f"warning: {finding.message}"
    return [Problem(FINDING_FIELDS[finding.code], message, finding.code.value)]


def _findings(findings: Sequence[Finding]) -> list[FeedbackFindingRead]:
    return [
        FeedbackFindingRead(
            code=f.code, severity=f.severity, message=f.message, words=list(f.words)
        )
        for f in findings
    ]


def _read(
    record: Feedback, interaction_ids: Sequence[int], findings: Sequence[Finding] | None = None,
    max_age_days: float = MAX_AGE_DAYS,
) -> FeedbackRead:  # fmt: skip
    """The record as the API answers it, with its findings (worked out again when read)."""
    if findings is None:
        findings = check(_draft(record, interaction_ids), max_age_days=max_age_days)
    return FeedbackRead(
        id=record.id, agent_id=record.agent_id, giver_user_id=record.giver_user_id,
        source=record.source, model=record.model, tone=record.tone, situation=record.situation,
        behaviour=record.behaviour, impact=record.impact, went_well=record.went_well,
        even_better=record.even_better, event=record.event, observed_at=record.observed_at,
        private=record.private, survey_response_id=record.survey_response_id,
        interaction_ids=list(interaction_ids), given_at=record.given_at,
        acknowledged_at=record.acknowledged_at, response=record.response,
        findings=_findings(findings),
    )  # fmt: skip


def _reads(
    session: Session, records: Sequence[Feedback], max_age_days: float
) -> list[FeedbackRead]:
    links = repo.linked_interactions(session, [r.id for r in records])
    return [_read(r, links.get(r.id, []), max_age_days=max_age_days) for r in records]


# --- reading ----------------------------------------------------------------------------------


def list_feedback(
    *, session: Session, viewer: Viewer, where: FeedbackFilter, limit: int, offset: int,
    max_age_days: float = MAX_AGE_DAYS,
) -> tuple[list[FeedbackRead], int | None]:  # fmt: skip
    """One page of the feedback the viewer may read, newest first, and the next page's offset."""
    require(viewer, Kind.DEVELOPMENT)
    records, following = repo.feedback_page(session, viewer, where, limit, offset)
    return _reads(session, records, max_age_days), following


def get_feedback(
    *, session: Session, viewer: Viewer, feedback_id: int, max_age_days: float = MAX_AGE_DAYS
) -> FeedbackRead:
    return _reads(session, [_visible(session, viewer, feedback_id)], max_age_days)[0]


def _visible(session: Session, viewer: Viewer, feedback_id: int) -> Feedback:
    require(viewer, Kind.DEVELOPMENT)
    record = repo.one(session, viewer, feedback_id)
    if record is None:
        raise NotFoundError("no such feedback")
    return record


def received_since(
    *, session: Session, viewer: Viewer, agent_id: int, since: datetime
) -> list[FeedbackRead]:
    """Feedback given to the agent at or after ``since`` that the viewer may read, oldest
    first: the one-to-one agenda's "feedback received". Empty for an agent out of reach."""
    require(viewer, Kind.DEVELOPMENT)
    return _reads(session, repo.received_since(session, viewer, agent_id, since), MAX_AGE_DAYS)


# --- receiving --------------------------------------------------------------------------------


def acknowledge(
    *, session: Session, viewer: Viewer, feedback_id: int, acknowledgement_in: FeedbackAcknowledge
) -> FeedbackRead:
    """The agent has read the feedback, and may reply. Only the agent it is about: a team
    leader cannot acknowledge on their behalf. Acknowledging again keeps the first time and
    replaces the reply, if a new one is given."""
    record = _visible(session, viewer, feedback_id)
    if viewer.agent_id != record.agent_id:
        raise ForbiddenError("only the agent the feedback is about can acknowledge it")
    record.acknowledged_at = record.acknowledged_at or utcnow()
    if acknowledgement_in.response is not None:
        record.response = acknowledgement_in.response
    session.flush()
    audit_service.record_people_change(
        session, actor_user_id=viewer.user_id, object_type="feedback", object_id=record.id,
        change="feedback_acknowledged", agent_id=record.agent_id,
        responded=bool(record.response),
    )  # fmt: skip
    return _reads(session, [record], MAX_AGE_DAYS)[0]


# --- customer verbatims -----------------------------------------------------------------------


def link_verbatims(*, session: Session, csat_top_boxes: int = DEFAULT_CSAT_TOP_BOXES) -> int:
    """Turn every survey comment on a contact an agent handled into customer feedback on that
    agent, once: a response already linked is skipped, so re-running adds nothing. Returns how
    many records it made. Called at the end of each import (``switchboard.ingest.service``)."""
    made = 0
    for row in repo.waiting_verbatims(session):
        top = _top_box(row.kind, row.score, row.scale_max, csat_top_boxes)
        draft = from_verbatim(Verbatim(row.comment, row.kind.value, row.score, row.interaction_id,
                                       row.responded_at, top, contact_at=row.arrived_at))  # fmt: skip
        record = Feedback(
            agent_id=row.agent_id, giver_user_id=None, source=draft.source, model=draft.model,
            tone=draft.tone, situation=draft.situation, impact=draft.impact,
            observed_at=draft.observed_at, private=False, survey_response_id=row.id,
            given_at=draft.given_at,
        )  # fmt: skip
        repo.add(session, record, draft.interaction_ids)
        audit_service.record_people_change(
            session, actor_user_id=None, object_type="feedback", object_id=record.id,
            change="feedback_from_survey", agent_id=row.agent_id, survey_response_id=row.id,
        )  # fmt: skip
        made += 1
    return made


def _top_box(kind: SurveyKind, score: float, scale_max: float, top_boxes: int) -> bool:
    """NPS: a promoter (9 or 10). CSAT, and CES (higher is better in the KPI registry): a score
    in the top ``top_boxes`` points of its scale, as the CSAT KPI counts it."""
    if kind is SurveyKind.NPS:
        return score >= NPS_PROMOTER
    return is_csat_satisfied(score, scale_max, top_boxes)
