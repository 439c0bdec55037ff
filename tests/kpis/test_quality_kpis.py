"""The QA score and compliance pass rate in the KPI registry, on both databases.

The history is ``tests/qareports/support.py``: ann's scored evaluations are 75, 0 (auto-failed)
and 100, so her QA score is 175 ÷ 3 = 58.33; amy's one is 50; bob's scored everything N/A, so
he has none. A calibration evaluation and a draft of ann's never count.
"""

import pytest
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind
from switchboard.access.repository import agent_filter
from switchboard.access.service import load_viewer
from switchboard.domain.kpi import REGISTRY, Better, Family, KpiSettings, Unit
from switchboard.kit.intervals import Interval
from switchboard.kpis.service import Report, ReportRequest, build_report
from tests.access.conftest import Organisation, db, org
from tests.qareports.support import END, START, add_history

__all__ = ["db", "org"]
QA = ("qa_score", "compliance_pass_rate")


def report(db: Session, by: tuple[str, ...] = (), **asked: object) -> Report:
    request = ReportRequest(by=by, start=START, end=END, kpis=QA, timezone="Europe/London",
                            **asked)  # type: ignore[arg-type]  # fmt: skip
    return build_report(session=db, request=request, settings=KpiSettings())


def by_name(result: Report, dim: str) -> dict[str, tuple[float | None, float | None]]:
    """QA score and compliance pass rate per group, to four places."""
    return {row[dim]: (_round(row["qa_score"]), _round(row["compliance_pass_rate"]))
            for row in result.rows}  # fmt: skip


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def test_the_registry_holds_the_quality_kpis() -> None:
    qa, compliance = REGISTRY["qa_score"], REGISTRY["compliance_pass_rate"]
    assert (qa.title, qa.unit, qa.better, qa.family) == (
        "QA score", Unit.SCORE, Better.HIGHER, Family.QUALITY)  # fmt: skip
    assert (compliance.unit, compliance.better) == (Unit.RATIO, Better.HIGHER)
    assert all(word in qa.notes.lower() for word in ("calibration", "auto-failed", "n/a"))


def test_each_agent_has_the_hand_worked_qa_score(db: Session, org: Organisation) -> None:
    add_history(db, org)
    agents = by_name(report(db, ("agent",)), "agent")
    # ann: (75 + 0 + 100) ÷ 3; compliance passed in e1 and e3 of e1, e2, e3
    assert agents["Ann"] == (58.3333, 0.6667)
    assert agents["Amy"] == (50.0, 0.0)
    assert agents["Bob"] == (None, None)  # every answer N/A: left out of both


def test_teams_and_queues_have_the_hand_worked_qa_score(db: Session, org: Organisation) -> None:
    add_history(db, org)
    teams = by_name(report(db, ("team",)), "team")
    assert teams == {"A1": (58.3333, 0.6667), "A2": (50.0, 0.0), "B1": (None, None)}
    queues = by_name(report(db, ("queue",)), "queue")
    # Sales: e1 75, e2 0 (and bob's unscored e7); Support: e3 100, e4 50
    assert queues == {"Sales": (37.5, 0.5), "Support": (75.0, 0.5)}
    channels = by_name(report(db, ("channel",)), "channel")
    assert channels == {"voice": (56.25, 0.5)}


def test_the_total_leaves_out_calibration_and_drafts(db: Session, org: Organisation) -> None:
    add_history(db, org)
    totals = report(db).totals
    # (75 + 0 + 100 + 50) ÷ 4: the calibration 0 and the draft 0 would pull it down
    assert totals["qa_score"] == pytest.approx(56.25)
    assert totals["compliance_pass_rate"] == pytest.approx(0.5)


def test_weeks_are_local_so_a_late_sunday_utc_contact_is_in_monday_s_week(
    db: Session, org: Organisation
) -> None:
    add_history(db, org)
    result = report(db, ("interval",), interval=Interval.WEEK)
    weeks = {row["interval_start"]: row["qa_score"] for row in result.rows}
    # e1 (Sunday 23:30 BST) alone in the week of 22 June; e2, e3, e4 in the week of 29 June
    assert weeks == pytest.approx(
        {"2026-06-22T00:00:00+01:00": 75.0, "2026-06-29T00:00:00+01:00": 50.0}
    )


def test_a_scoped_report_covers_only_the_viewer_s_agents(db: Session, org: Organisation) -> None:
    add_history(db, org)
    ann = load_viewer(session=db, user=org.users["ann"])
    result = report(db, ("team",), agent_scope=lambda c: agent_filter(ann, Kind.AGENT_KPIS, c))
    assert by_name(result, "team") == {"A1": (58.3333, 0.6667)}
    assert result.totals["qa_score"] == pytest.approx(175 / 3)


def test_a_report_of_contact_kpis_with_the_qa_score_has_both(
    db: Session, org: Organisation
) -> None:
    add_history(db, org)
    request = ReportRequest(by=("agent",), start=START, end=END, kpis=("answered", "qa_score"),
                            timezone="Europe/London")  # fmt: skip
    rows = build_report(session=db, request=request, settings=KpiSettings()).rows
    found = {row["agent"]: (row["answered"], row["qa_score"]) for row in rows}
    assert found["Ann"] == pytest.approx((5, 175 / 3))  # e1, e2, e3, e5, e6 were answered
    assert found["Amy"] == pytest.approx((1, 50.0))
