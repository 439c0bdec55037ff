"""The Review of an improvement activity, on a team whose handle time moves by a known amount
(shifted_centre.py), on both databases.

Hand-worked, with 56 calls in each group and period (2 agents x 14 days x 2 calls):
    no change     before 360 s, after 360 s: +0%
    20% faster    before 360 s, after 0.8 x 360 = 288 s: -20%
    with control  group 360 s -> 0.88 x 360 = 316.8 s (-12%), rest of team 360 s -> 396 s (+10%):
                  difference-in-differences (316.8 / 360) / (396 / 360) - 1 = 0.8 - 1 = -20%,
                  and (316.8 - 360) - (396 - 360) = -79.2 s
"""

from datetime import date

import pytest
from sqlalchemy import Engine, func, select

from switchboard.audit.models import AuditEntry
from switchboard.db.engine import unit_of_work
from switchboard.domain.kpi import KpiSettings
from switchboard.improvements import service
from switchboard.improvements.models import Control, Improvement
from switchboard.improvements.schemas import ImprovementCreate
from switchboard.kit.errors import InputError
from tests.improvements import shifted_centre as sc

AFTERWARDS = date(2026, 6, 1)


def _plan(engine: Engine, centre: sc.Centre, **plan: object) -> int:
    fields = {"title": "Knowledge base on the Sales desk", "change": "Answers in one place",
              "kpi": "aht", "team_id": centre.team_id, "agent_ids": centre.group,
              "started_on": sc.STARTED_ON, "before_days": 14, "after_days": 14} | plan  # fmt: skip
    with unit_of_work(engine) as session:
        improvement_in = ImprovementCreate.model_validate(fields)
        return service.create(
            session=session, viewer=centre.viewer(engine), improvement_in=improvement_in
        ).id


def _review(engine: Engine, improvement_id: int, today: date = AFTERWARDS) -> dict:  # type: ignore[type-arg]
    with unit_of_work(engine) as session:
        found = service.find(session=session, improvement_id=improvement_id)
        return service.review_dict(service.review(
            session=session, improvement=found, settings=KpiSettings(),
            timezone="Europe/London", today=today,
        ))  # fmt: skip


def test_it_finds_a_known_fall_in_handle_time(engine: Engine) -> None:
    centre = sc.build(engine, group_after=0.8)
    review = _review(engine, _plan(engine, centre))
    assert (review["before_value"], review["after_value"]) == pytest.approx((360.0, 288.0))
    assert review["contacts"] == {"before": 56, "after": 56, "control_before": None,
                                  "control_after": None}  # fmt: skip
    change = review["relative_change"]
    assert change["value"] == pytest.approx(-0.2)
    assert change["low"] < change["value"] < change["high"] < 0
    assert review["absolute_change"]["value"] == pytest.approx(-72.0)
    assert review["verdict"] == "improved"
    assert review["sentence"].startswith("AHT fell from 360 s to 288 s (−20%, 95% CI −")
    assert review["sentence"].endswith("): an improvement.")
    assert (review["before"]["from"], review["before"]["to"]) == ("2026-02-16", "2026-03-01")
    assert (review["after"]["from"], review["after"]["to"]) == ("2026-03-02", "2026-03-15")


def test_it_reports_no_effect_as_no_clear_change(engine: Engine) -> None:
    centre = sc.build(engine, group_after=1.0)
    review = _review(engine, _plan(engine, centre))
    assert review["relative_change"]["value"] == pytest.approx(0.0)
    assert review["relative_change"]["low"] < 0 < review["relative_change"]["high"]
    assert review["verdict"] == "no_clear_change"
    assert review["sentence"].startswith("AHT stayed at 360 s (0%, 95% CI −")
    assert review["sentence"].endswith(": the data cannot tell this apart from no change.")


def test_the_control_group_takes_out_the_teams_own_trend(engine: Engine) -> None:
    centre = sc.build(engine, group_after=0.88, control_after=1.1)
    plain = _review(engine, _plan(engine, centre))
    assert plain["relative_change"]["value"] == pytest.approx(-0.12)
    controlled = _review(engine, _plan(engine, centre, control=Control.REST_OF_TEAM))
    assert controlled["control_agents"] == 2
    assert (controlled["control_before_value"], controlled["control_after_value"]) == (
        pytest.approx((360.0, 396.0))
    )
    assert controlled["contacts"]["control_before"] == 56
    assert controlled["relative_change"]["value"] == pytest.approx(-0.2)
    assert controlled["absolute_change"]["value"] == pytest.approx(-79.2)
    assert controlled["verdict"] == "improved"
    assert controlled["sentence"].startswith(
        "AHT fell from 360 s to 317 s while the control group's rose from 360 s to 396 s "
        "(−20% against it, 95% CI −"
    )


def test_a_team_wide_drift_is_not_credited_to_the_change(engine: Engine) -> None:
    centre = sc.build(engine, group_after=1.1, control_after=1.1)
    assert _review(engine, _plan(engine, centre))["verdict"] == "worsened"
    controlled = _review(engine, _plan(engine, centre, control=Control.REST_OF_TEAM))
    assert controlled["relative_change"]["value"] == pytest.approx(0.0)
    assert controlled["verdict"] == "no_clear_change"


def test_it_says_plainly_when_the_data_cannot_support_a_review(engine: Engine) -> None:
    centre = sc.build(engine, group_after=0.8, days_before=7)  # 2 x 7 x 2 = 28 calls before
    review = _review(engine, _plan(engine, centre))
    assert review["verdict"] == "insufficient_data"
    assert review["sentence"] == (
        "AHT cannot be reviewed: only 28 contacts before the change, fewer than the 30 needed."
    )
    assert (review["relative_change"], review["absolute_change"]) == (None, None)
    assert review["before_value"] == pytest.approx(360.0)  # still shown, for what it is worth


def test_only_the_planned_queues_are_reviewed(engine: Engine) -> None:
    centre = sc.build(engine, group_after=0.8)
    review = _review(engine, _plan(engine, centre, queue_ids=[centre.support_id]))
    assert review["queue_ids"] == [centre.support_id]
    assert review["contacts"]["before"] == 0  # nobody took a Support call
    assert review["before_value"] is None
    assert review["sentence"] == (
        "AHT cannot be reviewed: only 0 contacts before the change, fewer than the 30 needed."
    )


def test_the_whole_team_is_the_group_when_no_agent_is_listed(engine: Engine) -> None:
    centre = sc.build(engine, group_after=0.8, control_after=0.8)
    review = _review(engine, _plan(engine, centre, agent_ids=[]))
    assert review["agents"] == 4
    assert review["contacts"]["before"] == 112
    assert review["relative_change"]["value"] == pytest.approx(-0.2)


def test_the_same_data_always_gives_the_same_review(engine: Engine) -> None:
    centre = sc.build(engine, group_after=0.9)
    improvement_id = _plan(engine, centre)
    first, again = _review(engine, improvement_id), _review(engine, improvement_id)
    assert first == again
    assert first["seed"] == improvement_id


def test_it_cautions_about_a_review_taken_early_and_about_few_agents(engine: Engine) -> None:
    centre = sc.build(engine, group_after=0.8)
    improvement_id = _plan(engine, centre)
    early = _review(engine, improvement_id, today=date(2026, 3, 10))
    assert early["cautions"][0] == (
        "The after period runs to 15 Mar 2026: this review covers only the days so far."
    )
    assert early["cautions"][1].startswith("Only 2 agents stand behind these figures.")
    assert _review(engine, _plan(engine, centre, agent_ids=[]))["cautions"] == [
        "Only 4 agents stand behind these figures. Contacts handled by the same person are "
        "alike, so the interval is narrower than it should be: read it as a guide, not as proof."
    ]


def test_a_plan_is_audited_by_ids_only(engine: Engine) -> None:
    centre = sc.build(engine, group_after=0.8)
    improvement_id = _plan(engine, centre)
    with unit_of_work(engine) as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None
        assert (entry.object_type, entry.object_id) == ("improvement", str(improvement_id))
        assert entry.details == {"change": "improvement_created", "team_id": centre.team_id}


def test_it_refuses_an_agent_from_another_team_and_saves_nothing(engine: Engine) -> None:
    centre = sc.build(engine, group_after=0.8)
    with pytest.raises(InputError, match=r"agent_ids\.1"):
        _plan(engine, centre, agent_ids=[centre.agents["Gus"], 999])
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(Improvement)) == 0
