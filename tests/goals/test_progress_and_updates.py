"""Progress from the data, and goals changed and closed, on both databases.

Ann's AHT goal: baseline 196 s over 9 to 17 June 2026, target 160 s by 9 August. After the
baseline she takes one call a week (tests/goals/centre.py), so on Monday 13 July the weekly
observations are, dated on each week's Sunday:

    28 Jun 190 s    5 Jul 180 s    12 Jul 170 s     (the week of 13 July has no call yet)

Equal samples weigh equally: the least-squares line falls 10 s a week (−10/7 s a day) and
passes 180 s on 5 July, so on 9 August, 35 days later, it is at 180 − 50 = 130 s: on track for
160 s. The way covered is (170 − 196) ÷ (160 − 196) = 26/36.
"""

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from switchboard.audit.models import AuditEntry
from switchboard.db.engine import unit_of_work
from switchboard.domain.performance.progress import Standing
from switchboard.goals import service
from switchboard.goals.checking import Reading
from switchboard.goals.models import GoalKind, GoalReview, GoalState, Level
from switchboard.goals.schemas import GoalCreate, GoalUpdate
from switchboard.goals.service import GoalRefusedError
from switchboard.goals.tracking import Tracked
from switchboard.kit.errors import SwitchboardError
from tests.goals import centre as goal_centre
from tests.goals.conftest import TODAY, Blue, aht_goal

SET_ON = goal_centre.reading(date(2026, 6, 20))
TRACKED_ON = goal_centre.reading(date(2026, 7, 13))


def _ann_goal(blue: Blue, target: float) -> int:
    goal_in = aht_goal(blue, target=target, deadline=date(2026, 8, 9),
                       review_dates=[date(2026, 7, 15)])  # fmt: skip
    with unit_of_work(blue.centre.engine) as session:
        saved = service.create(session=session, viewer=blue.centre.viewer("tina"),
                               goal_in=goal_in, reading=SET_ON)  # fmt: skip
        return saved.goal.id


def _progress(blue: Blue, goal_id: int, reading: Reading = TRACKED_ON) -> Tracked | None:
    with unit_of_work(blue.centre.engine) as session:
        goal = service.get(session=session, viewer=blue.centre.viewer("tina"), goal_id=goal_id)
        return service.progress(session=session, goal=goal, reading=reading)


def test_it_tracks_a_kpi_goal_from_weekly_observations_since_the_baseline(blue: Blue) -> None:
    tracked = _progress(blue, _ann_goal(blue, 160.0))
    assert tracked is not None
    seen = [(o.day, o.value, o.sample) for o in tracked.observations]
    assert seen == [(date(2026, 6, 28), 190.0, 1), (date(2026, 7, 5), 180.0, 1),
                    (date(2026, 7, 12), 170.0, 1)]  # fmt: skip
    found = tracked.as_read()
    assert found.status is Standing.ON_TRACK
    assert found.slope_per_week == pytest.approx(-10.0)
    assert found.projection == pytest.approx(130.0)
    assert found.share == pytest.approx(26 / 36)
    assert found.sentence == (
        "On track: AHT is 170 s (baseline 196 s, target 160 s); the trend, −10 s a week, "
        "points to 130 s by 9 Aug 2026."
    )


def test_a_target_the_trend_does_not_reach_is_at_risk(blue: Blue) -> None:
    tracked = _progress(blue, _ann_goal(blue, 120.0))
    assert tracked is not None
    assert tracked.progress.status is Standing.AT_RISK


def test_a_goal_not_met_by_its_deadline_is_missed(blue: Blue) -> None:
    tracked = _progress(blue, _ann_goal(blue, 160.0), goal_centre.reading(date(2026, 8, 10)))
    assert tracked is not None
    assert tracked.progress.status is Standing.MISSED


def test_a_behaviour_goal_is_not_tracked_from_the_data(blue: Blue) -> None:
    goal_in = GoalCreate(
        level=Level.PERSONAL, title="Close complaints well", agent_id=blue.ann,
        kind=GoalKind.BEHAVIOUR, behaviour=("summarise the agreed next steps back to the "
                                            "customer before closing every complaint call"),
        evidence="QA question 7 on five sampled calls a week", deadline=date(2026, 9, 30),
        review_dates=[date(2026, 8, 1)], parent_id=blue.team_goal,
    )  # fmt: skip
    with unit_of_work(blue.centre.engine) as session:
        saved = service.create(session=session, viewer=blue.centre.viewer("tina"),
                               goal_in=goal_in, reading=goal_centre.reading(TODAY))  # fmt: skip
    assert saved.check is not None
    assert saved.check.smart.acceptable
    assert _progress(blue, saved.goal.id) is None


def _update(blue: Blue, goal_id: int, reading: Reading, **fields: Any) -> service.Saved:
    with unit_of_work(blue.centre.engine) as session:
        return service.update(session=session, viewer=blue.centre.viewer("tina"),
                              goal_id=goal_id, goal_in=GoalUpdate(**fields), reading=reading)  # fmt: skip


def _stored(blue: Blue, goal_id: int) -> tuple[float | None, int | None, float | None]:
    with unit_of_work(blue.centre.engine) as session:
        goal = service.get(session=session, viewer=blue.centre.viewer("tina"), goal_id=goal_id)
        return goal.baseline_value, goal.baseline_sample, goal.target


def test_an_update_is_checked_again_and_refused_whole_when_it_fails(blue: Blue) -> None:
    goal_id = _ann_goal(blue, 185.0)
    # 9 June alone: (380 + 60 + 190 + 100) ÷ 4 = 182.5 s, which a 185 s target would not beat.
    one_day = {"baseline_from": date(2026, 6, 9), "baseline_to": date(2026, 6, 9)}
    with pytest.raises(GoalRefusedError):
        _update(blue, goal_id, SET_ON, **one_day)
    assert _stored(blue, goal_id) == (196.0, 5, 185.0)
    _update(blue, goal_id, SET_ON, target=175.0, **one_day)
    assert _stored(blue, goal_id) == (182.5, 4, 175.0)


def test_an_update_keeps_the_agreed_baseline_when_its_period_stays(blue: Blue) -> None:
    goal_id = _ann_goal(blue, 185.0)
    saved = _update(blue, goal_id, SET_ON, target=180.0)
    assert saved.check is not None  # the target changed: checked again
    assert _stored(blue, goal_id) == (196.0, 5, 180.0)


def test_a_title_change_is_not_checked_again(blue: Blue) -> None:
    goal_id = _ann_goal(blue, 185.0)
    later = goal_centre.reading(date(2026, 12, 1))  # past the deadline: a check would fail
    saved = _update(blue, goal_id, later, title="AHT: steady progress")
    assert saved.check is None


def test_new_review_dates_replace_the_upcoming_ones_and_keep_the_past(blue: Blue) -> None:
    goal_id = _ann_goal(blue, 185.0)
    _update(blue, goal_id, SET_ON, review_dates=[date(2026, 7, 1), date(2026, 7, 29)])
    # On 20 July the review of 1 July is past: a new list leaves it as the goal's history.
    _update(blue, goal_id, goal_centre.reading(date(2026, 7, 20)), review_dates=[date(2026, 8, 5)])
    with unit_of_work(blue.centre.engine) as session:
        query = select(GoalReview.due_on).where(GoalReview.goal_id == goal_id)
        assert sorted(session.scalars(query)) == [date(2026, 7, 1), date(2026, 8, 5)]


def test_a_closed_goal_leaves_the_plan_and_is_audited(blue: Blue) -> None:
    goal_id = _ann_goal(blue, 185.0)
    with unit_of_work(blue.centre.engine) as session:
        closed = service.close(session=session, viewer=blue.centre.viewer("tina"), goal_id=goal_id)
        assert closed.state is GoalState.CLOSED
        audit = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert audit is not None
    assert audit.details is not None
    assert audit.details["change"] == "goal_closed"
    with unit_of_work(blue.centre.engine) as session:
        view = service.alignment(session=session, viewer=blue.centre.viewer("tina"))
    assert goal_id not in view.goals


def test_a_reopened_goal_is_checked_again(blue: Blue) -> None:
    goal_id = _ann_goal(blue, 185.0)
    _update(blue, goal_id, SET_ON, state=GoalState.CLOSED)
    with pytest.raises(GoalRefusedError) as refused:
        _update(blue, goal_id, goal_centre.reading(date(2026, 8, 20)), state=GoalState.ACTIVE)
    assert [f.criterion.value for f in refused.value.checked.smart.failures] == ["time_bound"]


def test_clearing_the_upcoming_reviews_leaves_the_goal_without_a_check_in(blue: Blue) -> None:
    goal_id = _ann_goal(blue, 185.0)
    with pytest.raises(GoalRefusedError) as refused:
        _update(blue, goal_id, SET_ON, review_dates=None)
    [failure] = refused.value.checked.smart.failures
    assert failure.reasons == ("No review date: agree at least one check-in before the deadline.",)


def test_a_new_link_must_be_an_active_goal_of_the_agents_team(blue: Blue) -> None:
    goal_id = _ann_goal(blue, 185.0)
    with pytest.raises(SwitchboardError) as refused:
        _update(blue, goal_id, SET_ON, parent_id=blue.objective)
    assert refused.value.message == (
        "goal, field 'parent_id': is not an active goal of the agent's team"
    )
