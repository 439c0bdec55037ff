"""The demo's calibration session: both analysts and Grace, the Retail team leader, score six
Retail calls from the last week blind, and Nadia closes the session so its report shows.

The calls are picked to be worth discussing, as a calibration lead picks them: a model call,
a rambling one, an ID&V miss, a change of details with an unhappy customer, a vulnerable
customer whose card number was read back, and a weak call. On every question but one the three
agree, near enough (Grace is a point kinder on tone once, Joel a point harder on empathy once):
each question's answers differ from call to call, so agreement is measurable and high. They
disagree on "Went the extra mile", whose wording leaves each of them to decide what counts:
Grace gives it readily, Joel seldom. Krippendorff's alpha for it comes out near 0.36, below
0.667, so the report flags it for rewording.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from sqlalchemy.orm import Session

from switchboard.access.service import load_viewer
from switchboard.access.viewer import Viewer
from switchboard.calibration import service as calibration_service
from switchboard.calibration.schemas import CalibrationSessionCreate
from switchboard.democentre import quality_repository as repository
from switchboard.democentre.calendar import Calendar
from switchboard.democentre.signins import DemoPeople
from switchboard.domain.quality.lifecycle import EvaluationKind
from switchboard.domain.quality.scorecard import AnswerType, Question, Scorecard
from switchboard.evaluations import service as evaluation_service
from switchboard.evaluations.schemas import AnswerIn, EvaluationCreate
from switchboard.interactions.models import Interaction

SESSION_NAME = "Retail calibration: six calls from last week"
NOTES = (
    "Score blind, then we meet on Thursday to compare. Six Retail calls picked for discussion, "
    "two of them with a compliance failure."
)
CALLS = ("payment query", "direct debit", "balance enquiry", "change of details",
         "payment query", "statement request")  # fmt: skip
"""The reason of each call picked, in the order of :data:`AGREED`'s columns."""
VAGUE = "extra_mile"
AGREED: dict[str, tuple[str | int | None, ...]] = {
    "greeting":                  ("yes", "yes", "yes", "yes", "yes", "no"),
    "idv_before_disclosure":     ("yes", "yes", "no", "yes", "yes", "yes"),
    "call_purpose":              ("yes", "no", "yes", "yes", "yes", "yes"),
    "questioning":               ("yes", "yes", "yes", "yes", "yes", "no"),
    "listening":                 ("yes", "yes", "yes", "no", "yes", "yes"),
    "empathy":                   (4, 3, 4, 3, 5, 2),
    "accurate_information":      ("yes", "yes", "yes", "yes", "yes", "no"),
    "resolution_outcome":        (0, 1, 0, 0, 0, 3),
    "systems_updated":           ("yes", "yes", "yes", "no", "yes", "yes"),
    "hold_transfer":             ("yes", "no", None, None, "yes", None),
    "data_protection_statement": ("yes", "yes", "yes", "no", "yes", "yes"),
    "pci_card_handling":         (0, None, None, None, 2, None),
    "complaint_logged":          (None, None, None, "yes", None, "no"),
    "vulnerable_customer":       (None, None, None, None, "yes", "no"),
    "summarised":                ("yes", "no", "yes", "yes", "yes", "no"),
    "further_help":              ("yes", "no", "yes", "yes", "yes", "yes"),
    "tone":                      (5, 3, 4, 4, 5, 3),
}  # fmt: skip
"""What the three agree each call deserves; a choice is the index of its label, best first."""
OWN_VIEW: dict[str, dict[str, tuple[str | int | None, ...]]] = {
    "qa": {VAGUE: ("yes", "no", "no", "yes", "yes", "no")},
    "qa2": {VAGUE: ("yes", "no", "no", "yes", "no", "no"), "empathy": (4, 3, 4, 2, 5, 2)},
    "teamleader": {VAGUE: ("yes", "yes", "no", "yes", "yes", "yes"), "tone": (5, 4, 4, 4, 5, 3)},
}
"""Where each participant scores otherwise than :data:`AGREED`."""


@dataclass(frozen=True)
class Calibrated:
    session_id: int | None
    evaluations: int


def calibrate(
    *, session: Session, people: DemoPeople, analysts: tuple[Viewer, Viewer], version_id: int,
    card: Scorecard, calendar: Calendar, skip: Collection[int], seed: int,
) -> Calibrated:  # fmt: skip
    """The closed session and its evaluations; none when the last week has too few calls."""
    calls = _calls(session, people, calendar, skip, seed)
    if len(calls) < 2:
        return Calibrated(None, 0)
    leader = load_viewer(session=session, user=people.users["teamleader"])
    scorers = {"qa": analysts[0], "qa2": analysts[1], "teamleader": leader}
    opened = calibration_service.create_session(
        session=session, viewer=analysts[0], session_in=CalibrationSessionCreate(
            name=SESSION_NAME, version_id=version_id, interaction_ids=[c.id for c in calls],
            participant_user_ids=[v.user_id for v in scorers.values()], notes=NOTES))  # fmt: skip
    for username, viewer in scorers.items():
        for n, call in enumerate(calls):
            answers = {q.key: AnswerIn(value=_value(q, username, n)) for q in card.questions()}
            made = evaluation_service.create_evaluation(
                session=session, viewer=viewer, evaluation_in=EvaluationCreate(
                    version_id=version_id, interaction_id=call.id, answers=answers,
                    kind=EvaluationKind.CALIBRATION, calibration_session_id=opened.id))  # fmt: skip
            evaluation_service.submit(session=session, viewer=viewer, evaluation_id=made.id)
    calibration_service.close_session(session=session, viewer=analysts[0], session_id=opened.id)
    return Calibrated(opened.id, len(scorers) * len(calls))


def _calls(
    session: Session, people: DemoPeople, calendar: Calendar, skip: Collection[int], seed: int
) -> list[Interaction]:
    """One call of each reason in :data:`CALLS` (any call when a reason has none), from as
    many different agents as the week allows."""
    team = people.organisation.teams["Retail"]
    start = calendar.at(calendar.first_monday + timedelta(weeks=calendar.weeks - 1), 0.0)
    pool = repository.team_voice_contacts(session, team.id, start, start + timedelta(days=7), skip)
    rng = np.random.default_rng([seed, 3])
    picked: list[Interaction] = []
    for reason in CALLS:
        fitting = [c for c in pool if c.disposition == reason and c not in picked] or [
            c for c in pool if c not in picked]  # fmt: skip
        fresh = [c for c in fitting if c.agent_id not in {p.agent_id for p in picked}] or fitting
        if fresh:
            picked.append(fresh[int(rng.integers(len(fresh)))])
    return picked


def _value(q: Question, username: str, call: int) -> str | int | None:
    """The participant's answer to ``q`` on the call; a question the demo does not script
    (another card's) gets its top answer, N/A for a bonus."""
    row = OWN_VIEW[username].get(q.key) or AGREED.get(q.key)
    if row is None:
        return None if q.bonus else _top(q)
    value = row[call]
    if q.answer_type is AnswerType.CHOICE and isinstance(value, int):
        return sorted(q.choices, key=lambda c: -c.points)[value].label
    return value


def _top(q: Question) -> str | int:
    if q.answer_type is AnswerType.SCALE:
        return q.scale_max
    if q.answer_type is AnswerType.CHOICE:
        return max(q.choices, key=lambda c: c.points).label
    return "yes"
