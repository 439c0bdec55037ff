"""Calibration use cases: open a session, read it, close it, and report how far its
participants agreed.

Participants score the session's contacts blind, as evaluations of kind ``calibration``
(made through ``switchboard.evaluations``), which never count in an agent's results. The report
reads only submitted ones. It is the quality editors' at any time; a participant reads it once
they have submitted all of theirs or the session is closed, so nobody is swayed by the others'
scores. The same rule holds for a quality editor who is a participant. Services never commit.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence

from sqlalchemy.orm import Session

from switchboard.access.policy import CALIBRATORS, QUALITY_EDITORS, require_role
from switchboard.access.viewer import Viewer
from switchboard.audit import service as audit_service
from switchboard.calibration import repository as repo
from switchboard.calibration.models import CalibrationSession
from switchboard.calibration.repository import Scored
from switchboard.calibration.schemas import (
    AlphaRead,
    CalibrationReportRead,
    CalibrationSessionCreate,
    CalibrationSessionRead,
    DeviationRead,
    EvaluationCountRead,
    QuestionAgreementRead,
)
from switchboard.domain.quality.agreement import (
    AGREEMENT_THRESHOLD,
    Level,
    deviations,
    krippendorff_alpha,
    poor_agreement,
)
from switchboard.domain.quality.lifecycle import SessionStatus, VersionStatus
from switchboard.domain.quality.scorecard import YES, AnswerType, Question, from_dict
from switchboard.kit.clock import utcnow
from switchboard.kit.errors import ConflictError, FieldError, ForbiddenError, NotFoundError, Problem

"""Who may take part: those who score, and team leaders, whose coaching relies on scores
meaning the same as the quality team's."""
LEVELS = {AnswerType.YES_NO: Level.NOMINAL, AnswerType.CHOICE: Level.ORDINAL,
          AnswerType.SCALE: Level.INTERVAL}  # fmt: skip
"""Yes/no are categories; choices are ranked by their points, whose gaps are the centre's
choice, not a measurement; a scale's points are read as equally spaced numbers."""
TOO_FEW = "too few answers to compare: no contact has answers from two evaluators (N/A is none)"
NO_VARIATION = "no variation: every answer was the same, so agreement cannot be told from chance"

Grid = list[list[float | None]]


# --- sessions ---------------------------------------------------------------------------------


def create_session(
    *, session: Session, viewer: Viewer, session_in: CalibrationSessionCreate
) -> CalibrationSessionRead:
    require_role(viewer, QUALITY_EDITORS, "run calibration sessions")
    _check(session, session_in)
    record = CalibrationSession(
        name=session_in.name, version_id=session_in.version_id,
        facilitator_user_id=viewer.user_id, expert_user_id=session_in.expert_user_id,
        status=SessionStatus.OPEN, notes=session_in.notes,
    )  # fmt: skip
    repo.add(session, record, session_in.interaction_ids, session_in.participant_user_ids)
    _audit(session, viewer, record, "calibration_session_created")
    return _reads(session, [record])[0]


def _check(session: Session, session_in: CalibrationSessionCreate) -> None:
    """Refuse (422, by field) what the schema cannot know: the version is published, the
    contacts exist and were handled, the participants may calibrate, and none of them is the
    agent of a contact they would score."""
    problems: list[Problem] = []
    version = repo.version(session, session_in.version_id)
    if version is None or version.status is not VersionStatus.PUBLISHED:
        problems.append(Problem("version_id", "not a published scorecard version"))
    agents = repo.contact_agents(session, session_in.interaction_ids)
    unknown = [str(i) for i in session_in.interaction_ids if agents.get(i) is None]
    if unknown:
        problems.append(Problem("interaction_ids", f"{', '.join(unknown)}: no such contact "
                                "handled by an agent"))  # fmt: skip
    problems.extend(_participant_problems(session, session_in, set(agents.values())))
    if problems:
        raise FieldError(problems)


def _participant_problems(
    session: Session, session_in: CalibrationSessionCreate, agents: set[int | None]
) -> list[Problem]:
    people = repo.people(session, session_in.participant_user_ids)
    wrong = [str(u) for u in session_in.participant_user_ids
             if u not in people or not people[u].active or people[u].role not in CALIBRATORS]  # fmt: skip
    own = [
        str(p.user_id) for p in people.values() if p.agent_id is not None and p.agent_id in agents
    ]
    problems = []
    if wrong:
        problems.append(Problem("participant_user_ids", f"{', '.join(wrong)}: not an active "
                                "quality analyst, administrator or team leader"))  # fmt: skip
    if own:
        problems.append(Problem("participant_user_ids", f"{', '.join(own)}: handled one of the "
                                "contacts, so cannot score it"))  # fmt: skip
    expert = session_in.expert_user_id
    if expert is not None and expert not in session_in.participant_user_ids:
        problems.append(Problem("expert_user_id", "must be one of the participants"))
    return problems


def _audit(session: Session, viewer: Viewer, record: CalibrationSession, change: str) -> None:
    audit_service.record_people_change(
        session, actor_user_id=viewer.user_id, object_type="calibration_session",
        object_id=record.id, change=change, version_id=record.version_id,
    )  # fmt: skip


def list_sessions(
    *, session: Session, viewer: Viewer, limit: int, offset: int
) -> tuple[list[CalibrationSessionRead], int | None]:
    """Every session for a quality editor; a team leader's own sessions for them."""
    require_role(viewer, CALIBRATORS, "take part in calibration")
    participant = None if viewer.role in QUALITY_EDITORS else viewer.user_id
    records, following = repo.sessions_page(session, participant, limit, offset)
    return _reads(session, records), following


def get_session(*, session: Session, viewer: Viewer, session_id: int) -> CalibrationSessionRead:
    return _reads(session, [_visible(session, viewer, session_id)])[0]


def _visible(session: Session, viewer: Viewer, session_id: int) -> CalibrationSession:
    require_role(viewer, CALIBRATORS, "take part in calibration")
    participant = None if viewer.role in QUALITY_EDITORS else viewer.user_id
    record = repo.one(session, session_id, participant)
    if record is None:
        raise NotFoundError("no such calibration session")
    return record


def close_session(*, session: Session, viewer: Viewer, session_id: int) -> CalibrationSessionRead:
    """Close the session: its report opens to every participant. Closing twice is a conflict."""
    record = _visible(session, viewer, session_id)
    require_role(viewer, QUALITY_EDITORS, "close calibration sessions")
    if record.status is SessionStatus.CLOSED:
        raise ConflictError("the calibration session is already closed")
    record.status, record.closed_at = SessionStatus.CLOSED, utcnow()
    session.flush()
    _audit(session, viewer, record, "calibration_session_closed")
    return _reads(session, [record])[0]


def _reads(session: Session, records: Sequence[CalibrationSession]) -> list[CalibrationSessionRead]:
    ids = [r.id for r in records]
    contacts, people = repo.members(session, ids)
    done = repo.submitted_counts(session, ids)
    return [
        CalibrationSessionRead(
            id=r.id, name=r.name, version_id=r.version_id,
            facilitator_user_id=r.facilitator_user_id, expert_user_id=r.expert_user_id,
            status=r.status, notes=r.notes, created_at=r.created_at, closed_at=r.closed_at,
            interaction_ids=contacts[r.id], participant_user_ids=people[r.id],
            expected=len(contacts[r.id]) * len(people[r.id]), submitted=done.get(r.id, 0),
        )
        for r in records
    ]  # fmt: skip


# --- the report -------------------------------------------------------------------------------


def calibration_report(
    *, session: Session, viewer: Viewer, session_id: int
) -> CalibrationReportRead:
    """The agreement report, for a viewer allowed to read it (see the module's docstring):
    403 for a participant who has not yet submitted all of theirs while the session is open."""
    record = _visible(session, viewer, session_id)
    found = build_report(session=session, session_id=record.id)
    counts = found.evaluations
    mine = counts.by_participant.get(str(viewer.user_id))
    contacts = counts.expected // max(len(counts.by_participant), 1)
    if record.status is SessionStatus.OPEN and mine is not None and mine < contacts:
        raise ForbiddenError("submit your scores for every contact first: calibration is blind "
                             "until then, or until the session is closed")  # fmt: skip
    return found


def build_report(*, session: Session, session_id: int) -> CalibrationReportRead:
    """The report on any session, with no viewer: for the command line, and for
    :func:`calibration_report` once it has checked who is asking."""
    record = session.get(CalibrationSession, session_id)
    if record is None:
        raise NotFoundError("no such calibration session")
    contacts, people = repo.members(session, [record.id])
    coders, units = people[record.id], contacts[record.id]
    scored = repo.submitted(session, [record.id])
    version = repo.version(session, record.version_id)
    card = from_dict(version.definition if version else {})
    values = repo.answers(session, [s.evaluation_id for s in scored])
    by_cell = {(s.user_id, s.interaction_id): s for s in scored}
    return CalibrationReportRead(
        session_id=record.id, name=record.name, status=record.status,
        version_id=record.version_id, threshold=AGREEMENT_THRESHOLD,
        evaluations=_counts(coders, units, scored),
        questions=[_question(q, _grid(coders, units, by_cell, values, q)) for q in card.questions()],
        overall=_alpha([[_score(by_cell.get((c, u))) for u in units] for c in coders], Level.INTERVAL),
        reference="consensus" if record.expert_user_id is None else "expert",
        expert_user_id=record.expert_user_id, deviations=_deviations(scored, record.expert_user_id),
    )  # fmt: skip


def _counts(
    coders: Sequence[int], units: Sequence[int], scored: Sequence[Scored]
) -> EvaluationCountRead:
    mine: dict[int, int] = defaultdict(int)
    for s in scored:
        mine[s.user_id] += 1
    return EvaluationCountRead(
        expected=len(coders) * len(units), submitted=len(scored),
        by_participant={str(c): mine[c] for c in coders},
    )  # fmt: skip


def _score(found: Scored | None) -> float | None:
    return None if found is None else found.score


def _grid(
    coders: Sequence[int], units: Sequence[int], by_cell: Mapping[tuple[int, int], Scored],
    values: Mapping[int, Mapping[str, str | None]], question: Question,
) -> Grid:  # fmt: skip
    """Coders × units of the question's coded answers; None where there is none, or N/A."""
    grid: Grid = []
    for coder in coders:
        row: list[float | None] = []
        for unit in units:
            found = by_cell.get((coder, unit))
            answer = (
                None if found is None else values.get(found.evaluation_id, {}).get(question.key)
            )
            row.append(code(question, answer))
        grid.append(row)
    return grid


def code(question: Question, value: str | None) -> float | None:
    """An answer as a number at its question's level: yes 1 and no 0, a choice's points, a
    scale's point. N/A, and a value the question does not know, are missing data."""
    if value is None:
        return None
    if question.answer_type is AnswerType.YES_NO:
        return 1.0 if value == YES else 0.0 if value == "no" else None
    if question.answer_type is AnswerType.CHOICE:
        points = {c.label: c.points for c in question.choices}
        return points.get(value)
    try:
        return float(value)
    except ValueError:
        return None


def _question(question: Question, grid: Grid) -> QuestionAgreementRead:
    found = _alpha(grid, LEVELS[question.answer_type])
    return QuestionAgreementRead(
        key=question.key, text=question.text, answer_type=question.answer_type,
        flagged=found.poor_agreement, **found.model_dump(),
    )  # fmt: skip


def _alpha(grid: Grid, level: Level) -> AlphaRead:
    alpha = krippendorff_alpha(grid, level) if grid and grid[0] else None
    pairable = sum(
        given for given in (sum(v is not None for v in col) for col in zip(*grid, strict=True))
        if given >= 2
    )  # fmt: skip
    reason = None if alpha is not None else TOO_FEW if pairable < 2 else NO_VARIATION
    return AlphaRead(alpha=alpha, level=level, pairable=pairable,
                     poor_agreement=poor_agreement(alpha), undefined_reason=reason)  # fmt: skip


def _deviations(scored: Sequence[Scored], expert: int | None) -> list[DeviationRead]:
    scores: dict[int, dict[int, float]] = defaultdict(dict)
    for s in scored:
        if s.score is not None:
            scores[s.user_id][s.interaction_id] = s.score
    return [
        DeviationRead(
            user_id=d.evaluator,
            units=d.units,
            mean_difference=d.mean_difference,
            mean_absolute_difference=d.mean_absolute_difference,
        )
        for d in deviations(scores, expert)
    ]
