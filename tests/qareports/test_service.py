"""The quality reports against hand-worked figures (``support.py``), on both databases."""

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from switchboard.access.service import load_viewer
from switchboard.access.viewer import Viewer
from switchboard.kit.clock import zone
from switchboard.kit.errors import ForbiddenError, SwitchboardError
from switchboard.kit.intervals import Interval
from switchboard.qareports import service
from switchboard.qareports.schemas import TrendBy, TrendInterval
from tests.access.conftest import Organisation
from tests.qareports.support import END, START, WEEK_22_JUNE, WEEK_29_JUNE, History

TZ = "Europe/London"


def viewer(db: Session, org: Organisation, name: str) -> Viewer:
    return load_viewer(session=db, user=org.users[name])


def trend_rows(db: Session, who: Viewer | None, by: TrendBy, interval: TrendInterval
               = TrendInterval.WEEK) -> dict[tuple[str, str | None], tuple[object, ...]]:  # fmt: skip
    found = service.trend(session=db, viewer=who, start=START, end=END, interval=interval, by=by,
                          timezone=TZ)  # fmt: skip
    return {
        (row.period_start, row.agent or row.team): (
            row.evaluations, row.mean_score, row.auto_failed, row.compliance_pass_rate)
        for row in found.rows
    }  # fmt: skip


def test_the_trend_per_agent_puts_weeks_in_local_time(db: Session, history: History) -> None:
    rows = trend_rows(db, None, TrendBy.AGENT)
    assert rows == {
        (WEEK_22_JUNE, "Ann"): (1, 75.0, 0, 1.0),  # e1: Sunday 23:30 local
        (WEEK_29_JUNE, "Ann"): (2, 50.0, 1, 0.5),  # e2 (Monday 00:30 local, auto-failed), e3
        (WEEK_29_JUNE, "Amy"): (1, 50.0, 0, 0.0),
        (WEEK_29_JUNE, "Bob"): (1, None, 0, None),  # everything N/A: counted, but no score
    }


def test_the_trend_per_team_and_month(db: Session, history: History) -> None:
    teams = trend_rows(db, None, TrendBy.TEAM)
    assert set(teams) == {(WEEK_22_JUNE, "A1"), (WEEK_29_JUNE, "A1"), (WEEK_29_JUNE, "A2"),
                          (WEEK_29_JUNE, "B1")}  # fmt: skip
    assert teams[(WEEK_29_JUNE, "A1")] == (2, 50.0, 1, 0.5)
    months = trend_rows(db, None, TrendBy.NONE, TrendInterval.MONTH)
    assert months == {
        ("2026-06-01T00:00:00+01:00", None): (2, 37.5, 1, 0.5),  # e1, e2 (29 June locally)
        ("2026-07-01T00:00:00+01:00", None): (3, 75.0, 0, 0.5),  # e3, e4, e7
    }


def test_the_trend_honours_the_range_within_a_week(db: Session, history: History) -> None:
    found = service.trend(session=db, viewer=None, start=datetime(2026, 6, 30, tzinfo=UTC),
                          end=END, by=TrendBy.NONE, timezone=TZ)  # fmt: skip
    assert [(r.period_start, r.evaluations) for r in found.rows] == [(WEEK_29_JUNE, 3)]


def test_an_agent_sees_only_their_own_trend(db: Session, org: Organisation, history: History) -> None:  # fmt: skip
    rows = trend_rows(db, viewer(db, org, "amy"), TrendBy.TEAM)
    assert rows == {(WEEK_29_JUNE, "A2"): (1, 50.0, 0, 0.0)}


def test_a_planner_cannot_see_quality_reports(db: Session, org: Organisation, history: History) -> None:  # fmt: skip
    pat = viewer(db, org, "pat")
    with pytest.raises(ForbiddenError):
        service.trend(session=db, viewer=pat, start=None, end=None, timezone=TZ)
    with pytest.raises(ForbiddenError):
        service.compliance_failures(session=db, viewer=pat, start=None, end=None)


def test_an_empty_trend_has_no_rows(db: Session, org: Organisation) -> None:
    assert service.trend(session=db, viewer=None, start=None, end=None, timezone=TZ).rows == []


def test_a_trend_of_too_many_days_is_refused() -> None:
    first, last = datetime(2020, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    assert len(service.period_starts(first, last, Interval.MONTH, zone(TZ))) == 74
    with pytest.raises(SwitchboardError, match="periods"):
        service.period_starts(first, last, Interval.DAY, zone(TZ))


def test_failed_questions_have_hand_worked_rates(db: Session, history: History) -> None:
    found = service.failed_questions(session=db, viewer=None, start=None, end=None, timezone=TZ)
    rows = [(r.question_key, r.answered, r.failed, round(r.failure_rate, 4), r.points_lost)
            for r in found.rows]  # fmt: skip
    # dpa: N/A in e3, so 1 of 3; the others 1 of 4 each, in key order
    assert rows == [("dpa", 3, 1, 0.3333, 1.0), ("greet", 4, 1, 0.25, 1.0),
                    ("idv", 4, 1, 0.25, 1.0), ("summary", 4, 1, 0.25, 1.0)]  # fmt: skip
    first = found.rows[0]
    assert (first.question, first.scorecard, first.version) == (
        "Read the data-protection statement?", "Voice quality", 1)  # fmt: skip


def test_failed_questions_follow_the_scope_and_the_scorecard(
    db: Session, org: Organisation, history: History
) -> None:
    amy = viewer(db, org, "amy")
    found = service.failed_questions(session=db, viewer=amy, start=None, end=None, timezone=TZ)
    assert {r.question_key: r.failed for r in found.rows} == {
        "greet": 1, "idv": 0, "dpa": 1, "summary": 0}  # fmt: skip
    other = service.failed_questions(session=db, viewer=None, start=None, end=None,
                                     scorecard_id=history.scorecard_id + 1, timezone=TZ)  # fmt: skip
    assert other.rows == []


def compliance_list(db: Session, who: Viewer | None) -> list[tuple[int, str, list[str]]]:
    page, _ = service.compliance_failures(session=db, viewer=who, start=None, end=None)
    return [(r.evaluation_id, r.agent, [q.key for q in r.failed_questions]) for r in page]


def test_the_compliance_list_names_the_failed_items(db: Session, history: History) -> None:
    e = history.evaluations
    assert compliance_list(db, None) == [(e["e4"], "Amy", ["dpa"]), (e["e2"], "Ann", ["idv"])]
    page, following = service.compliance_failures(session=db, viewer=None, start=None, end=None,
                                                  limit=1)  # fmt: skip
    first = page[0]
    assert (first.queue, first.evaluator, first.contact_ref, following) == (
        "Support", "Quinn", "ref-e4", 1)  # fmt: skip
    assert first.failed_questions[0].text == "Read the data-protection statement?"


@pytest.mark.parametrize(("name", "sees"), [
    ("ann", {"e2"}), ("amy", {"e4"}), ("bob", set()), ("lee", {"e2"}), ("lyn", {"e4"}),
    ("cal", {"e2", "e4"}), ("quinn", {"e2", "e4"}), ("meg", {"e2", "e4"}), ("ari", {"e2", "e4"}),
])  # fmt: skip
def test_the_compliance_list_is_scoped(
    db: Session, org: Organisation, history: History, name: str, sees: set[str]
) -> None:
    ids = {row[0] for row in compliance_list(db, viewer(db, org, name))}
    assert ids == {history.evaluations[e] for e in sees}


def test_workload_has_hand_worked_turnarounds(
    db: Session, org: Organisation, history: History, frozen_clock: datetime
) -> None:
    found = service.workload(session=db, viewer=None, start=None, end=None, timezone=TZ)
    rows = {r.evaluator: r for r in found.rows}
    assert set(rows) == {"Quinn", "Ari"}  # ari's calibration evaluation is not workload
    quinn = rows["Quinn"]
    assert (quinn.submitted, quinn.drafts_open, quinn.assignments_open,
            quinn.assignments_overdue) == (4, 1, 2, 1)  # fmt: skip
    # 10, 20, 30, 100 h: median 25; p90 at rank 2.7: 30 + 0.7 × 70 = 79
    assert (quinn.turnaround_median_hours, quinn.turnaround_p90_hours) == pytest.approx((25, 79))
    # e1 was submitted 8 h after its assignment was made
    assert (quinn.assignment_turnaround_median_hours, quinn.assignment_turnaround_p90_hours) == (
        pytest.approx(8.0), pytest.approx(8.0))  # fmt: skip
    ari = rows["Ari"]
    assert (ari.submitted, ari.turnaround_median_hours, ari.assignment_turnaround_median_hours
            ) == (1, pytest.approx(5.0), None)  # fmt: skip


def test_workload_counts_submissions_in_the_range(
    db: Session, history: History, frozen_clock: datetime
) -> None:
    # e1 and e2 were submitted on 29 June; e3, e4 and e7 in July
    found = service.workload(session=db, viewer=None, start=START,
                             end=datetime(2026, 7, 1, tzinfo=UTC), timezone=TZ)  # fmt: skip
    assert {r.evaluator: r.submitted for r in found.rows} == {"Quinn": 2}


def test_a_manager_sees_workload_for_their_sites_only(
    db: Session, org: Organisation, history: History, frozen_clock: datetime
) -> None:
    found = service.workload(session=db, viewer=viewer(db, org, "meg"), start=None, end=None,
                             timezone=TZ)  # fmt: skip
    assert [(r.evaluator, r.submitted) for r in found.rows] == [("Quinn", 4)]  # not bob's e7


@pytest.mark.parametrize("name", ["ann", "lee", "pat", "cal"])
def test_workload_is_refused_beyond_quality_and_management(
    db: Session, org: Organisation, history: History, name: str
) -> None:
    with pytest.raises(ForbiddenError):
        service.workload(session=db, viewer=viewer(db, org, name), start=None, end=None,
                         timezone=TZ)  # fmt: skip


def test_percentiles_interpolate_between_ranks() -> None:
    assert service.percentile([], 50) is None
    assert service.percentile([4.0], 90) == 4.0
    assert service.percentile([10.0, 20.0, 30.0, 100.0], 90) == pytest.approx(79.0)
