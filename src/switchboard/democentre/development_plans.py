"""The demo's goals, feedback and coaching sessions, recorded through the services as the people
would (:mod:`switchboard.democentre.development` calls these after the improvement activity).

- The manager sets an organisational objective; Grace sets the Retail team's FCR goal under it.
- The demo agent's plan: an FCR goal (measured from their own last four weeks, target four
  points higher) and a behaviour goal, both serving the team goal.
- Grace's GROW coaching session with each coached agent on the coaching day, with actions, and
  a one-to-one with the demo agent two weeks later that follows them up.
- Two pieces of feedback from Grace to the demo agent, on their latest contact: SBI and BOOST.
"""

from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from switchboard.access.viewer import Viewer
from switchboard.actions.schemas import ActionAgreed
from switchboard.coaching import service as coaching_service
from switchboard.coaching.models import SessionKind
from switchboard.coaching.schemas import CoachingSessionCreate
from switchboard.democentre import repository
from switchboard.domain.kpi import KpiSettings
from switchboard.domain.performance.feedback import Model, Tone
from switchboard.feedback import service as feedback_service
from switchboard.feedback.schemas import FeedbackCreate
from switchboard.goals import service as goal_service
from switchboard.goals.checking import Reading
from switchboard.goals.models import GoalKind, Level
from switchboard.goals.schemas import GoalCreate
from switchboard.kit.clock import zone

GROW = {
    "goal": "Shorter calls without the customer having to ring back.",
    "reality": "Calls run long at the end: re-reading the account notes before closing, and "
    "no clear summary, so some customers ask the same question again.",
    "options": "Signpost the call at the start; summarise the agreed next steps; use the "
    "knowledge-base article instead of the notes; listen to two of Priya's calls.",
    "way_forward": "Signpost and summarise on every call from today; side-by-side with Priya "
    "on Wednesday; review AHT and FCR together in two weeks.",
}


def set_goals(
    *, session: Session, manager: Viewer, leader: Viewer, agent: Viewer, team_id: int,
    settings: KpiSettings, timezone: str, last_day: date,
) -> None:  # fmt: skip
    """The objective, the team goal and the demo agent's two personal goals."""
    today = datetime.now(zone(timezone)).date()
    reading = Reading(settings, timezone, today)
    deadline, reviews = today + timedelta(days=90), [today + timedelta(days=30 * n) for n in (1, 2)]
    objective = _create(session, manager, reading, GoalCreate(
        level=Level.OBJECTIVE, title="Resolve more customers' needs at the first contact"))  # fmt: skip
    team_goal = _create(session, leader, reading, GoalCreate(
        level=Level.TEAM, title="Retail FCR at 80% by the end of the quarter", kind=GoalKind.KPI,
        kpi="fcr", target=0.8, team_id=team_id, parent_id=objective, deadline=deadline,
        review_dates=reviews))  # fmt: skip
    assert agent.agent_id is not None
    fcr = GoalCreate(
        level=Level.PERSONAL, title="Resolve more first time", kind=GoalKind.KPI, kpi="fcr",
        agent_id=agent.agent_id, parent_id=team_goal, baseline_from=last_day - timedelta(27),
        baseline_to=last_day, target=0.99, deadline=deadline, review_dates=reviews,
    )  # fmt: skip
    baseline = goal_service.check(session=session, viewer=leader, goal_in=fcr, reading=reading)
    if baseline.baseline is not None and baseline.baseline.value is not None:
        target = min(0.95, round(baseline.baseline.value + 0.04, 2))
        _create(session, leader, reading, fcr.model_copy(update={"target": target}))
    _create(session, leader, reading, GoalCreate(
        level=Level.PERSONAL, title="Summarise before closing", kind=GoalKind.BEHAVIOUR,
        agent_id=agent.agent_id, parent_id=team_goal,
        behaviour="Summarise the agreed next steps back to the customer before closing every "
        "call about a payment problem.",
        evidence="The QA scorecard's 'summarised' question on the sampled calls each week, "
        "and the team leader's "
        "side-by-side listening.", deadline=deadline, review_dates=reviews))  # fmt: skip


def _create(session: Session, viewer: Viewer, reading: Reading, goal_in: GoalCreate) -> int:
    return goal_service.create(
        session=session, viewer=viewer, goal_in=goal_in, reading=reading
    ).goal.id


def coach(
    *, session: Session, leader: Viewer, coached: list[int], demo_agent: int | None, day: date,
    timezone: str,
) -> None:  # fmt: skip
    """A GROW session with each coached agent on ``day``, and a follow-up one-to-one with the
    demo agent two weeks later."""
    held = datetime.combine(day, time(10), zone(timezone))
    for n, agent_id in enumerate(coached):
        actions = [
            ActionAgreed(title="Signpost and summarise on every call", due_on=day + timedelta(7)),
            ActionAgreed(title="Side-by-side listening with Priya", due_on=day + timedelta(2)),
        ]
        coaching_service.record_session(session=session, viewer=leader, session_in=CoachingSessionCreate(
            agent_id=agent_id, held_at=held + timedelta(minutes=45 * n), kpi="aht",
            actions=actions, **GROW))  # fmt: skip
    if demo_agent is not None:
        _follow_up(session, leader, demo_agent, held + timedelta(days=14))


def _follow_up(session: Session, leader: Viewer, agent_id: int, held: datetime) -> None:
    open_actions = coaching_service.follow_up(session=session, viewer=leader, agent_id=agent_id)
    done = [action.id for action in open_actions.open_actions]
    coaching_service.record_session(session=session, viewer=leader, session_in=CoachingSessionCreate(
        agent_id=agent_id, kind=SessionKind.ONE_TO_ONE, held_at=held, kpi="aht",
        follow_up="Both actions done: calls are shorter, and the summaries are landing well.",
        completed_action_ids=done,
        actions=[ActionAgreed(title="Check FCR has held up in the next two weeks",
                              due_on=held.date() + timedelta(14))]))  # fmt: skip


def give_feedback(*, session: Session, leader: Viewer, agent_id: int) -> None:
    """Grace's SBI praise and BOOST development point about the agent's latest contact."""
    contact = repository.latest_answered_contact(session, agent_id)
    linked = [contact] if contact is not None else []
    event = "" if linked else "Side-by-side listening on the Retail desk."
    feedback_service.give_feedback(session=session, viewer=leader, feedback_in=FeedbackCreate(
        agent_id=agent_id, model=Model.SBI, tone=Tone.POSITIVE, interaction_ids=linked, event=event,
        situation="A customer calling about a failed direct debit.",
        behaviour="You signposted the call, fixed the mandate while they held, and summarised "
        "what they would see on their statement.",
        impact="The customer said it was the clearest explanation they had had, and the call "
        "was two minutes shorter than your average last month."))  # fmt: skip
    feedback_service.give_feedback(session=session, viewer=leader, feedback_in=FeedbackCreate(
        agent_id=agent_id, model=Model.BOOST, tone=Tone.DEVELOPMENTAL, interaction_ids=linked,
        event=event, behaviour="On the same call you closed before checking whether anything "
        "else was needed.",
        went_well="The summary was clear and accurate.",
        even_better="Ask 'is there anything else I can help with today?' before closing, so a "
        "second question does not become a second call."))  # fmt: skip
