"""The QA score in an agent's self-audit: an effectiveness KPI, counted in evaluations.

The history is ``support.py``: in June and July 2026 ann has three scored evaluations (75, 0
auto-failed, 100), so her QA score is 175 ÷ 3 = 58.33 on a sample of 3 evaluations, below the
floor of 5, so low confidence; her compliance passed in 2 of 3.
"""

from datetime import date

import pytest
from sqlalchemy.orm import Session

from switchboard.domain.kpi import KpiSettings
from switchboard.domain.performance.aspects import Aspect, Sample
from switchboard.kit.periods import Period
from switchboard.selfaudits import service as selfaudit_service
from tests.access.conftest import Organisation
from tests.qareports.support import History


def test_the_self_audit_shows_the_qa_score_on_its_evaluations(
    db: Session, org: Organisation, history: History
) -> None:
    period = Period(date(2026, 6, 1), date(2026, 7, 31), "days")
    audit = selfaudit_service.audit_agents(
        session=db, agent_ids=[org.agents["ann"]], period=period, settings=KpiSettings(),
        timezone="Europe/London",
    )[org.agents["ann"]].audit  # fmt: skip
    points = {point.kpi: point for point in audit.points}
    qa, compliance = points["qa_score"], points["compliance_pass_rate"]
    assert qa.value == pytest.approx(175 / 3)
    assert (qa.sample, qa.sample_kind, qa.low_confidence) == (3, Sample.EVALUATIONS, True)
    assert qa.aspect is Aspect.EFFECTIVENESS
    assert compliance.value == pytest.approx(2 / 3)
    assert compliance.sample == 3
