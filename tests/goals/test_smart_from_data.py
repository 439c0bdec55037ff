"""Personal goals checked against SMART from the data, on both databases.

Baselines worked by hand from tests/kpis/reference_centre.py, over 9 to 17 June 2026:

    AHT   Ann (300+20+60) + 60 + (150+10+30) + (200+50) + (90+10) = 980 s ÷ 5 = 196 s
          Ben 660 ÷ 4 = 165 s, Cat 1000 ÷ 3 = 333.3 s; the 9 days before hold no contacts
    FCR   Ann 4 resolved ÷ 5 handled = 0.8
    CSAT  Ann one response (v1, a 5): 1.0 on a sample of 1 response

The May weeks of tests/goals/centre.py give Blue five agents for the Achievable check:

    baseline week values  250 260 280 300 320; 5th percentile (inclusive) 250 + 0.2 × 10 = 252 s
    improvements (fall)   0 10 10 20 50;       90th percentile 20 + 0.6 × 30 = 38 s
"""

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from switchboard.audit.models import AuditAction, AuditEntry
from switchboard.db.engine import unit_of_work
from switchboard.domain.performance.smart import Criterion, Status
from switchboard.goals import checking, service
from switchboard.goals.models import GoalKind, GoalReview, Level
from switchboard.goals.schemas import GoalCreate
from switchboard.goals.service import GoalRefusedError
from switchboard.kit.errors import SwitchboardError
from switchboard.kit.periods import Period
from switchboard.kpis.targets import set_target
from switchboard.people.models import Agent
from switchboard.selfaudits.models import SelfAuditRecord
from tests.goals import centre as goal_centre
from tests.goals.conftest import HISTORY, TODAY, Blue, aht_goal, goal_count

READING = goal_centre.reading(TODAY)
MAY_WEEK = (date(2026, 5, 18), date(2026, 5, 24))


def _check(blue: Blue, goal_in: GoalCreate) -> checking.Checked:
    with unit_of_work(blue.centre.engine) as session:
        return service.check(session=session, viewer=blue.centre.viewer("tina"),
                             goal_in=goal_in, reading=READING)  # fmt: skip


def _refused(blue: Blue, goal_in: GoalCreate) -> checking.Checked:
    with pytest.raises(GoalRefusedError) as refused, unit_of_work(blue.centre.engine) as session:
        service.create(session=session, viewer=blue.centre.viewer("tina"), goal_in=goal_in,
                       reading=READING)  # fmt: skip
    assert goal_count(blue.centre.engine) == 2  # the objective and the team goal: nothing new
    return refused.value.checked


def _statuses(checked: checking.Checked) -> dict[str, Status]:
    return {f.criterion.value: f.status for f in checked.smart.findings}


def _reasons(checked: checking.Checked, criterion: Criterion) -> tuple[str, ...]:
    return next(f.reasons for f in checked.smart.findings if f.criterion is criterion)


@pytest.mark.parametrize(
    ("kpi", "value", "sample"), [("aht", 196.0, 5), ("fcr", 0.8, 5), ("csat", 1.0, 1)]
)
def test_it_measures_the_baseline_over_the_baseline_period(
    blue: Blue, kpi: str, value: float, sample: int
) -> None:
    checked = _check(blue, aht_goal(blue, kpi=kpi, target=value * 0.9))
    assert checked.baseline is not None
    assert checked.baseline.value == pytest.approx(value)
    assert (checked.baseline.start, checked.baseline.end) == HISTORY
    assert checked.baseline.sample == sample


def test_it_reads_the_teams_values_and_changes_from_the_same_periods(blue: Blue) -> None:
    with unit_of_work(blue.centre.engine) as session:
        ann = session.get_one(Agent, blue.ann)
        june = checking.measure(session=session, agent=ann, kpi="aht", period=Period(*HISTORY),
                                reading=READING)  # fmt: skip
        may = checking.measure(session=session, agent=ann, kpi="aht", period=Period(*MAY_WEEK),
                               reading=READING)  # fmt: skip
    assert sorted(june.team_values) == pytest.approx([165.0, 196.0, 1000 / 3])
    assert june.team_changes == ()  # nobody took a contact in the nine days before
    assert sorted(may.team_values) == [250.0, 260.0, 280.0, 300.0, 320.0]
    assert sorted(may.team_changes) == [-50.0, -20.0, -10.0, -10.0, 0.0]
    assert may.baseline.value == 300.0


def test_it_saves_a_good_goal_with_its_baseline_reviews_and_warnings(blue: Blue) -> None:
    engine = blue.centre.engine
    with unit_of_work(engine) as session:
        saved = service.create(session=session, viewer=blue.centre.viewer("tina"),
                               goal_in=aht_goal(blue), reading=READING)  # fmt: skip
        goal_id = saved.goal.id
        reviews = list(session.scalars(select(GoalReview).where(GoalReview.goal_id == goal_id)))
        audit = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (saved.goal.baseline_value, saved.goal.baseline_sample) == (196.0, 5)
    assert [r.due_on for r in reviews] == [date(2026, 8, 1)]
    assert saved.check is not None
    assert _statuses(saved.check) == {
        "specific": Status.PASS, "measurable": Status.WARN, "achievable": Status.WARN,
        "relevant": Status.PASS, "time_bound": Status.PASS, "balance": Status.WARN,
    }  # fmt: skip
    assert _reasons(saved.check, Criterion.MEASURABLE) == (
        "The baseline rests on only 5 contacts; a longer baseline period would give a firmer "
        "number.",
    )
    assert _reasons(saved.check, Criterion.RELEVANT) == ('Serves the team goal "Blue: AHT '
                                                         'under 200 s".',)  # fmt: skip
    assert audit is not None
    assert audit.action == AuditAction.PEOPLE_CHANGE.value
    assert (audit.object_type, audit.object_id) == ("goal", str(goal_id))
    assert audit.details == {"change": "goal_created", "level": "personal",
                             "agent_id": blue.ann, "team_id": None}  # fmt: skip


def test_it_refuses_be_better_at_handling_complaints_as_not_specific(blue: Blue) -> None:
    vague = GoalCreate(level=Level.PERSONAL, title="Complaints", agent_id=blue.ann,
                       kind=GoalKind.BEHAVIOUR, behaviour="be better at handling complaints")  # fmt: skip
    checked = _refused(blue, vague)
    assert [f.criterion for f in checked.smart.failures] == [
        Criterion.SPECIFIC, Criterion.MEASURABLE, Criterion.RELEVANT, Criterion.TIME_BOUND,
    ]  # fmt: skip
    assert _reasons(checked, Criterion.SPECIFIC)[0].startswith(
        '"be better at handling complaints" is an intention, not a behaviour'
    )


def test_it_refuses_a_goal_without_a_deadline_as_not_time_bound(blue: Blue) -> None:
    checked = _refused(blue, aht_goal(blue, deadline=None))
    assert [f.criterion for f in checked.smart.failures] == [Criterion.TIME_BOUND]
    assert _reasons(checked, Criterion.TIME_BOUND) == (
        "No deadline: agree a date, within 12 months, by which the goal is met.",
    )


def test_it_refuses_a_target_in_the_wrong_direction_as_not_measurable(blue: Blue) -> None:
    checked = _refused(blue, aht_goal(blue, target=210.0))
    assert [f.criterion for f in checked.smart.failures] == [Criterion.MEASURABLE]
    assert "The target of 210 s is above the baseline of 196 s: for AHT lower is better." in (
        _reasons(checked, Criterion.MEASURABLE)
    )


def test_it_refuses_a_goal_linked_to_nothing_as_not_relevant(blue: Blue) -> None:
    checked = _refused(blue, aht_goal(blue, parent_id=None))
    assert [f.criterion for f in checked.smart.failures] == [Criterion.RELEVANT]
    assert _reasons(checked, Criterion.RELEVANT) == (
        "Not linked to a self-audit development area (none recorded) or a team goal.",
    )


def test_it_refuses_a_kpi_switchboard_does_not_measure_as_not_specific(blue: Blue) -> None:
    checked = _refused(blue, aht_goal(blue, kpi="happiness"))
    assert checked.smart.failures[0].criterion is Criterion.SPECIFIC
    assert checked.baseline is not None
    assert checked.baseline.value is None


def _save_audit(blue: Blue, first: date, last: date, areas: list[str]) -> None:
    with unit_of_work(blue.centre.engine) as session:
        session.add(SelfAuditRecord(agent_id=blue.ann, period_from=first, period_to=last,
                                    development_areas=areas))  # fmt: skip


def test_it_links_to_the_development_areas_of_the_latest_saved_self_audit(blue: Blue) -> None:
    _save_audit(blue, date(2026, 5, 1), date(2026, 5, 31), ["aht"])
    _save_audit(blue, date(2026, 6, 1), date(2026, 6, 30), ["fcr"])
    fcr = _check(blue, aht_goal(blue, kpi="fcr", target=0.85, parent_id=None))
    aht = _check(blue, aht_goal(blue, parent_id=None))
    assert fcr.development_areas == {"fcr"}
    assert _reasons(fcr, Criterion.RELEVANT) == ("Works on a self-audit development area: FCR.",)
    assert _statuses(aht)["relevant"] is Status.FAIL  # May's AHT area is no longer the latest


def test_it_computes_a_self_audit_for_the_baseline_period_when_none_is_saved(blue: Blue) -> None:
    with unit_of_work(blue.centre.engine) as session:
        set_target(session=session, kpi="fcr", green=0.85, amber=0.82)
    checked = _check(blue, aht_goal(blue, kpi="fcr", target=0.85, parent_id=None))
    assert checked.development_areas == {"fcr"}  # Ann's 0.8 is red against 0.82
    assert _statuses(checked)["relevant"] is Status.PASS


def _may_goal(blue: Blue, target: float) -> GoalCreate:
    return aht_goal(blue, baseline_from=MAY_WEEK[0], baseline_to=MAY_WEEK[1], target=target)


def test_it_warns_when_the_target_outruns_the_team(blue: Blue) -> None:
    checked = _check(blue, _may_goal(blue, 240.0))
    assert checked.smart.acceptable  # a warning is for the conversation, not a refusal
    assert _reasons(checked, Criterion.ACHIEVABLE) == (
        "The target 240 s beats what 95% of the team achieves (the team's best 5% are at "
        "252 s or less).",
        "The improvement needed, 60 s, is more than nine in ten of the team made over a "
        "comparable period (the top tenth improved by 38 s or more).",
    )


def test_a_target_within_the_teams_record_is_achievable(blue: Blue) -> None:
    checked = _check(blue, _may_goal(blue, 270.0))
    assert _statuses(checked)["achievable"] is Status.PASS


def test_an_efficiency_goal_beside_an_effectiveness_goal_is_balanced(blue: Blue) -> None:
    alone = _check(blue, aht_goal(blue))
    with unit_of_work(blue.centre.engine) as session:
        service.create(session=session, viewer=blue.centre.viewer("tina"), reading=READING,
                       goal_in=aht_goal(blue, kpi="fcr", target=0.9))  # fmt: skip
    paired = _check(blue, aht_goal(blue))
    assert _statuses(alone)["balance"] is Status.WARN
    assert _reasons(paired, Criterion.BALANCE) == ("Paired with an effectiveness goal.",)


SHAPES: list[tuple[dict[str, Any], str]] = [
    ({"baseline_from": None}, "baseline_from"),
    ({"target": None}, "target"),
    ({"baseline_to": date(2026, 6, 1)}, "baseline_to"),  # before baseline_from
    ({"baseline_from": date(2025, 6, 1)}, "baseline_to"),  # over a year
    ({"behaviour": "summarise the next steps"}, "behaviour"),
    ({"kind": None}, "kind"),
    ({"agent_id": None}, "agent_id"),
    ({"development_area": "kindness"}, "development_area"),
    ({"level": Level.TEAM}, "agent_id"),
    ({"level": Level.OBJECTIVE, "agent_id": None}, "parent_id"),
]


@pytest.mark.parametrize(("changes", "field"), SHAPES)
def test_it_names_the_field_a_goal_of_its_level_and_kind_cannot_hold(
    blue: Blue, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(SwitchboardError) as refused:
        _create(blue, aht_goal(blue, **changes))
    assert refused.value.status == 422
    assert f"field {field!r}" in refused.value.message


def _create(blue: Blue, goal_in: GoalCreate) -> None:
    with unit_of_work(blue.centre.engine) as session:
        service.create(session=session, viewer=blue.centre.viewer("mo"), goal_in=goal_in,
                       reading=READING)  # fmt: skip


def test_a_personal_goal_serves_only_an_active_goal_of_its_agents_team(blue: Blue) -> None:
    with pytest.raises(SwitchboardError) as refused:
        _check(blue, aht_goal(blue, parent_id=blue.objective))
    assert refused.value.status == 422
    assert "field 'parent_id'" in refused.value.message
