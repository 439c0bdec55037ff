"""The demo agent's side of their evaluations: they acknowledge them, dispute two, and an
arbitrator resolves one.

The story follows the coaching: after Grace coached them on summarising, an analyst marks a
call down for no summary and no offer of further help. The agent disputes both points. The
arbitrator (the other analyst, or the manager when that analyst is the second one) listens
again: the summary was there, the offer of further help was not, so the dispute is partly
upheld, one answer corrected and the score changes, which the evaluation's history shows. The
latest dispute, about an empathy score, is left open in the arbitrators' queue. The agent
acknowledges the rest, some with a reply, all but the newest, which is still unread.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from switchboard.access.service import load_viewer
from switchboard.access.viewer import Viewer
from switchboard.democentre.quality_answers import Answer
from switchboard.democentre.signins import DemoPeople
from switchboard.domain.quality.lifecycle import DisputeOutcome
from switchboard.evaluations import service as evaluation_service
from switchboard.evaluations.schemas import AcknowledgeIn, AnswerIn, DisputeCreate, ResolveIn

MARKED_DOWN: dict[str, Answer] = {
    "summarised": ("no", "Closed without summarising the next steps."),
    "further_help": ("no", "Did not ask whether there was anything else."),
}
"""The answers the disputed evaluation gave; the agent disputes both."""
DISPUTE_REASON = (
    "I did summarise: just before the end I told the customer the replacement card would "
    "arrive in 3 to 5 working days and that the temporary block stays on until then. That is "
    "what I was coached on. Please listen to the last minute of the call again."
)
CORRECTED = {
    "summarised": AnswerIn(value="yes", comment="Summary given in the last minute: the card in "
                           "3 to 5 working days and the temporary block. Corrected on dispute."),
}  # fmt: skip
RESOLUTION = (
    "Partly upheld. Listening again, the summary is there in the last minute, clear and "
    "accurate: corrected to Yes. The call still ends without asking whether there is anything "
    "else, so that answer stands."
)
SCORED_LOW: dict[str, Answer] = {
    "empathy": (2, "Flat and scripted while the customer explained the card had been declined "
                "abroad."),
}  # fmt: skip
"""The answer of the evaluation left disputed."""
OPEN_REASON = (
    "The customer asked me twice to keep it quick because they were at a till abroad, so I "
    "went straight to unblocking the card. I don't think a 2 for empathy is fair."
)
RESPONSES = (
    "Thanks, that's fair.",
    "Noted: I'll keep working on summarising before I close.",
    "",
)
"""The agent's replies as they acknowledge, in turn; empty for none."""


@dataclass(frozen=True)
class Scored:
    """A regular evaluation the seeding wrote."""

    evaluation_id: int
    assignment_id: int
    agent_id: int
    evaluator_user_id: int
    week_start: date
    submitted: bool


@dataclass(frozen=True)
class Targets:
    """The assignments of the demo agent whose evaluations are disputed."""

    resolved: int | None
    open: int | None

    def scripts(self) -> dict[int, dict[str, Answer]]:
        """The answers those evaluations give, over what the analysts would otherwise give."""
        pairs = ((self.resolved, MARKED_DOWN), (self.open, SCORED_LOW))
        return {assignment: answers for assignment, answers in pairs if assignment is not None}


def targets(weeks: Sequence[tuple[int, date]], coaching_day: date | None) -> Targets:
    """From the demo agent's scored assignments (id and week, in order): the first after the
    coaching day (else the middle one) to be disputed and resolved, and the latest after it to
    be disputed and left open."""
    if not weeks:
        return Targets(None, None)
    after = [n for n, (_, week) in enumerate(weeks) if coaching_day and week >= coaching_day]
    first = after[0] if after else len(weeks) // 2
    return Targets(weeks[first][0], weeks[-1][0] if first < len(weeks) - 1 else None)


def respond(
    *, session: Session, people: DemoPeople, evaluators: dict[int, Viewer],
    scored: Sequence[Scored], chosen: Targets,
) -> int:  # fmt: skip
    """The demo agent reads their submitted evaluations; the disputes raised."""
    agent = load_viewer(session=session, user=people.users["agent"])
    own = [s for s in scored if s.submitted and s.agent_id == agent.agent_id]
    plain = [s for s in own if s.assignment_id not in (chosen.resolved, chosen.open)]
    for n, item in enumerate(plain[:-1]):  # the latest is still waiting to be read
        response = RESPONSES[n % len(RESPONSES)] or None
        evaluation_service.acknowledge(session=session, viewer=agent,
            evaluation_id=item.evaluation_id, acknowledgement_in=AcknowledgeIn(response=response))  # fmt: skip
    disputes = 0
    for item in own:
        if item.assignment_id == chosen.resolved:
            _dispute(session, agent, item.evaluation_id, DISPUTE_REASON, list(MARKED_DOWN))
            _resolve(session, _arbitrator(session, people, evaluators, item), item.evaluation_id)
            disputes += 1
        elif item.assignment_id == chosen.open:
            _dispute(session, agent, item.evaluation_id, OPEN_REASON, list(SCORED_LOW))
            disputes += 1
    return disputes


def _dispute(session: Session, agent: Viewer, evaluation_id: int, reason: str,
             keys: list[str]) -> None:  # fmt: skip
    evaluation_service.dispute(session=session, viewer=agent, evaluation_id=evaluation_id,
                               dispute_in=DisputeCreate(reason=reason, question_keys=keys))  # fmt: skip


def _arbitrator(
    session: Session, people: DemoPeople, evaluators: dict[int, Viewer], item: Scored
) -> Viewer:
    """The analyst who did not score it; the manager when that is the second analyst."""
    first = load_viewer(session=session, user=people.users["qa"])
    if item.evaluator_user_id == first.user_id:
        others = [v for user_id, v in evaluators.items() if user_id != first.user_id]
        if others:
            return others[0]
    return load_viewer(session=session, user=people.users["manager"])


def _resolve(session: Session, arbitrator: Viewer, evaluation_id: int) -> None:
    decision = ResolveIn(outcome=DisputeOutcome.PARTLY_UPHELD, reason=RESOLUTION, answers=CORRECTED)
    evaluation_service.resolve(session=session, viewer=arbitrator, evaluation_id=evaluation_id,
                               resolution_in=decision)  # fmt: skip
