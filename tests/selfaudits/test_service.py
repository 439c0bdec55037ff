"""Self-audits read from the store, on the reference centre (tests/kpis/reference_centre.py),
on both databases.

Over its whole history (9 to 17 June 2026), worked out in reference_centre.py:

    AHT  Ann 980 / 5 = 196 s,  Ben 660 / 4 = 165 s,  Cat (300 + 550 + 150) / 3 = 333.3 s
    FCR  Ann 4 / 5 = 0.8,      Ben 2 / 3,            Cat 3 / 3 = 1.0  (u01, u02, u06 resolved)

Percentile ranks, ties counting half and the agent among the team:
    AHT (lower is better)  Ann beats Cat: (1 + 0.5) / 3 = 50%; Ben (2 + 0.5) / 3 = 83.3%;
                           Cat 0.5 / 3 = 16.7%
    FCR (higher is better) Ann beats Ben: 50%; Cat 83.3%; Ben 16.7%
"""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from switchboard.db.engine import unit_of_work
from switchboard.domain.kpi import KpiSettings
from switchboard.domain.performance.self_audit import AuditPoint, Judgement
from switchboard.kit.periods import parse_period
from switchboard.kpis.targets import set_target
from switchboard.selfaudits import service
from tests.kpis import reference_centre as rc

HISTORY = parse_period("2026-06-09..2026-06-17", today=date(2026, 7, 1))


@pytest.fixture
def centre(engine: Engine, tmp_path: Path) -> Engine:
    rc.load(engine, rc.write_files(tmp_path / "centre"))
    return engine


def _audits(engine: Engine) -> dict[str, dict[str, AuditPoint]]:
    with unit_of_work(engine) as session:
        found = service.audit_agents(session=session, agent_ids=None, period=HISTORY,
                                     settings=KpiSettings(), timezone=rc.ZONE)  # fmt: skip
    return {a.agent: {p.kpi: p for p in a.audit.points} for a in found.values()}


def test_percentiles_on_the_reference_centre_are_the_hand_worked_ones(centre: Engine) -> None:
    audits = _audits(centre)
    expected_aht = {"Ann": (196.0, 50.0), "Ben": (165.0, 250 / 3), "Cat": (1000 / 3, 50 / 3)}
    expected_fcr = {"Ann": (0.8, 50.0), "Ben": (2 / 3, 50 / 3), "Cat": (1.0, 250 / 3)}
    for agent, (value, rank) in expected_aht.items():
        point = audits[agent]["aht"]
        assert point.value == pytest.approx(value)
        assert point.team_percentile == pytest.approx(rank)
        assert point.team_size == 3
    for agent, (value, rank) in expected_fcr.items():
        point = audits[agent]["fcr"]
        assert point.value == pytest.approx(value)
        assert point.team_percentile == pytest.approx(rank)


def test_samples_are_the_contacts_and_responses_behind_each_figure(centre: Engine) -> None:
    ann = _audits(centre)["Ann"]
    assert ann["aht"].sample == 5  # five answered
    assert ann["csat"].sample == 1  # v1 only
    assert ann["aht"].low_confidence
    assert ann["csat"].low_confidence


def test_targets_decide_strengths_and_development_areas(centre: Engine) -> None:
    with unit_of_work(centre) as session:
        set_target(session=session, kpi="aht", green=200, amber=240, team="Blue")
        set_target(session=session, kpi="fcr", green=0.85, amber=0.82)
    ann = _audits(centre)["Ann"]
    assert ann["aht"].judgement is Judgement.STRENGTH  # 196 s ≤ 200
    assert ann["fcr"].judgement is Judgement.DEVELOPMENT  # 0.8 < 0.82


def test_one_agent_is_audited_against_their_whole_team(centre: Engine) -> None:
    with unit_of_work(centre) as session:
        ann = service.find_agent(session=session, agent="Ann")
        found = service.audit_agent(session=session, agent=ann, period=HISTORY,
                                    settings=KpiSettings(), timezone=rc.ZONE)  # fmt: skip
    shape = service.as_dict(found)
    aht = next(k for k in shape["kpis"] if k["kpi"] == "aht")
    assert (aht["team_size"], aht["team_percentile"]) == (3, 50.0)
    assert shape["period"] == {"from": "2026-06-09", "to": "2026-06-17",
                               "label": "9 Jun to 17 Jun 2026"}  # fmt: skip
    assert shape["previous_period"]["from"] == "2026-05-31"  # the nine days before
    assert shape["team"] == "Blue"
