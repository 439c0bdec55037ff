"""The one-to-one agenda (``coaching.agenda``) on the access tests' organisation: what it
covers with and without an earlier one-to-one, that each part is the viewer's to see, and that
wellbeing prompts are for the team leader alone. The clock is frozen on Sun 29 Nov 2026."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy.orm import Session

from switchboard.actions.schemas import ActionAgreed
from switchboard.coaching import agenda
from switchboard.coaching import service as coaching_service
from switchboard.coaching.models import SessionKind
from switchboard.coaching.schemas import CoachingSessionCreate
from switchboard.config import Settings
from switchboard.domain.performance.feedback import Model, Tone
from switchboard.feedback import service as feedback_service
from switchboard.feedback.schemas import FeedbackCreate
from switchboard.goals.checking import Reading
from switchboard.kit.errors import NotFoundError
from switchboard.kit.periods import Period
from switchboard.kpis.params import kpi_settings
from tests.access.conftest import Organisation
from tests.feedback.support import NOW, viewer

TODAY = date(2026, 11, 29)


@pytest.fixture
def reading(settings: Settings) -> Reading:
    return Reading(kpi_settings(settings), "Europe/London", TODAY)


def _coach(db: Session, org: Organisation, kind: SessionKind, days_ago: int) -> None:
    coaching_service.record_session(session=db, viewer=viewer(db, org, "lee"),
                                    session_in=CoachingSessionCreate(
        agent_id=org.agents["ann"], kind=kind, held_at=NOW - timedelta(days=days_ago), kpi="aht",
        goal="Shorter holds", way_forward="Use the shortcuts",
        actions=[ActionAgreed(title="Practise the shortcuts")],
    ))  # fmt: skip


def _feedback(db: Session, org: Organisation) -> None:
    feedback_service.give_feedback(session=db, viewer=viewer(db, org, "lee"),
                                   feedback_in=FeedbackCreate(
        agent_id=org.agents["ann"], model=Model.SBI, tone=Tone.POSITIVE, situation="A call",
        behaviour="You summarised the next steps", impact="No repeat call", event="Side by side",
    ))  # fmt: skip


def test_it_covers_the_last_four_weeks_when_there_was_no_one_to_one(
    db: Session, org: Organisation, reading: Reading, frozen_clock: object
) -> None:
    _coach(db, org, SessionKind.COACHING, days_ago=3)
    _feedback(db, org)
    found = agenda.one_to_one(session=db, viewer=viewer(db, org, "lee"),
                              agent_id=org.agents["ann"], reading=reading)  # fmt: skip
    assert found.last_one_to_one is None
    assert found.period == Period(date(2026, 11, 1), date(2026, 11, 28))
    assert found.audit["agent"] == "Ann"
    assert found.audit["period"]["from"] == "2026-11-01"
    assert [f.behaviour for f in found.feedback] == ["You summarised the next steps"]
    assert [a.title for a in found.actions] == ["Practise the shortcuts"]
    assert found.last_coaching is not None
    assert found.last_coaching.kpi == "aht"
    assert found.wellbeing is not None  # lee leads ann's team


def test_it_starts_at_the_last_one_to_one(
    db: Session, org: Organisation, reading: Reading, frozen_clock: object
) -> None:
    _coach(db, org, SessionKind.ONE_TO_ONE, days_ago=5)
    found = agenda.one_to_one(session=db, viewer=viewer(db, org, "lee"),
                              agent_id=org.agents["ann"], reading=reading)  # fmt: skip
    assert found.last_one_to_one is not None
    assert found.period == Period(date(2026, 11, 24), date(2026, 11, 28))
    assert found.last_coaching is None  # a one-to-one is not a coaching session


def test_a_manager_s_agenda_has_no_wellbeing_prompts(
    db: Session, org: Organisation, reading: Reading, frozen_clock: object
) -> None:
    found = agenda.one_to_one(session=db, viewer=viewer(db, org, "meg"),
                              agent_id=org.agents["ann"], reading=reading)  # fmt: skip
    assert found.wellbeing is None


def test_it_is_not_found_for_an_agent_out_of_reach(
    db: Session, org: Organisation, reading: Reading
) -> None:
    with pytest.raises(NotFoundError):
        agenda.one_to_one(session=db, viewer=viewer(db, org, "lee"), agent_id=org.agents["bob"],
                          reading=reading)  # fmt: skip


def test_it_counts_goals_by_status_and_untracked_ones_apart() -> None:
    assert agenda.status_counts([]) == {}
    assert agenda.status_counts([agenda.GoalLine(goal=None, tracked=None)]) == {"untracked": 1}  # type: ignore[arg-type]


def test_a_one_to_one_over_a_year_ago_starts_the_summary_a_year_back() -> None:
    long_ago = SimpleNamespace(held_at=NOW - timedelta(days=500))
    found = agenda.summary_period(long_ago, TODAY, "Europe/London")  # type: ignore[arg-type]
    assert found == Period(TODAY - timedelta(days=365), date(2026, 11, 28))
    assert found.days == 365  # within the self-audit's longest period, 366 days
