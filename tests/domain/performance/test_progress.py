"""Goal progress on hand-worked series: achieved, missed, on track and at risk."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from switchboard.domain.performance.goals import Baseline, KpiGoal
from switchboard.domain.performance.progress import (
    Observation,
    Standing,
    fit,
    track,
)

START = date(2025, 3, 3)
DEADLINE = date(2025, 6, 30)  # 119 days after START: 28 + 30 + 31 + 30
AHT_GOAL = KpiGoal(
    "aht", "Ana Silva", Baseline(412.0, date(2025, 2, 1), date(2025, 2, 28)), 380.0, DEADLINE
)


def _series(*points: tuple[int, float]) -> list[Observation]:
    """Observations ``days`` after START."""
    return [Observation(START + timedelta(days=days), value) for days, value in points]


def test_it_is_on_track_when_the_trend_reaches_the_target_by_the_deadline() -> None:
    # Days 0 7 14 21, AHT 412 406 402 396: mean day 10.5, mean AHT 404.
    # Σ(dx·dy) = (−10.5)(8) + (−3.5)(2) + (3.5)(−2) + (10.5)(−8) = −182; Σdx² = 245.
    # Slope −182 / 245 = −0.742857 s a day; at day 119: 404 − 0.742857 × 108.5 = 323.4 s.
    progress = track(
        AHT_GOAL, _series((0, 412), (7, 406), (14, 402), (21, 396)), START + timedelta(22)
    )
    assert progress.status is Standing.ON_TRACK
    assert progress.slope_per_day == pytest.approx(-182 / 245)
    assert progress.projection == pytest.approx(323.4)
    assert progress.latest == 396
    assert progress.share == pytest.approx(0.5)  # (396 − 412) ÷ (380 − 412)
    assert progress.sentence == (
        "On track: AHT is 396 s (baseline 412 s, target 380 s); the trend, −5.2 s a week, "
        "points to 323.4 s by 30 Jun 2025."
    )


def test_it_is_at_risk_when_the_trend_falls_short() -> None:
    # AHT 412 411 409 410: mean 410.5, dy 1.5 0.5 −1.5 −0.5; Σ(dx·dy) = −15.75 − 1.75 − 5.25
    # − 5.25 = −28; slope −28 / 245 = −0.114286; at day 119: 410.5 − 0.114286 × 108.5 = 398.1 s.
    seen = _series((0, 412), (7, 411), (14, 409), (21, 410))
    progress = track(AHT_GOAL, seen, START + timedelta(22))
    assert progress.status is Standing.AT_RISK
    assert progress.slope_per_day == pytest.approx(-28 / 245)
    assert progress.projection == pytest.approx(398.1)
    assert progress.sentence == (
        "At risk: AHT is 410 s (baseline 412 s, target 380 s); the trend, −0.8 s a week, "
        "points to 398.1 s by 30 Jun 2025, short of the target."
    )


def test_it_is_at_risk_with_too_few_observations_to_project() -> None:
    progress = track(AHT_GOAL, _series((0, 400), (7, 390)), START + timedelta(8))
    assert progress.status is Standing.AT_RISK
    assert (progress.slope_per_day, progress.projection) == (None, None)
    assert progress.sentence == (
        "At risk: AHT is 390 s (baseline 412 s, target 380 s); 2 observations are too few to "
        "project a trend (3 needed)."
    )


def test_it_is_achieved_when_the_latest_observation_meets_the_target() -> None:
    progress = track(AHT_GOAL, _series((0, 412), (14, 395), (28, 378)), START + timedelta(29))
    assert progress.status is Standing.ACHIEVED
    assert progress.share == pytest.approx(34 / 32)  # past the target: (378 − 412) ÷ (380 − 412)
    assert progress.sentence == (
        "Achieved: AHT was 378 s on 31 Mar 2025, meeting the target of 380 s."
    )
    on_the_line = track(AHT_GOAL, _series((0, 412), (14, 380)), START + timedelta(15))
    assert on_the_line.status is Standing.ACHIEVED


def test_it_does_not_count_a_met_target_on_too_few_contacts() -> None:
    # The last week met 380 s on 20 contacts (30 needed). Not every observation has a sample, so
    # the fit is unweighted: 412 395 378 at days 0 14 28 is a line of slope −17/14 s a day,
    # reaching 412 − 17/14 × 119 = 267.5 s by the deadline.
    seen = [*_series((0, 412), (14, 395)), Observation(START + timedelta(28), 378, sample=20)]
    progress = track(AHT_GOAL, seen, START + timedelta(29))
    assert progress.status is Standing.ON_TRACK
    assert progress.projection == pytest.approx(267.5)
    assert progress.sentence.endswith(
        "The latest value meets the target but stands on only 20 contacts."
    )


def test_it_is_missed_when_the_deadline_passed_without_the_target() -> None:
    # Met in May, slipped by the deadline; July's better value came too late to count.
    seen = [
        *_series((0, 412), (84, 378)),
        Observation(DEADLINE, 390.0),
        Observation(DEADLINE + timedelta(1), 370.0),
    ]
    progress = track(AHT_GOAL, seen, DEADLINE + timedelta(2))
    assert progress.status is Standing.MISSED
    assert progress.latest == 390
    assert progress.sentence == "Missed: by the deadline, 30 Jun 2025, AHT was 390 s against 380 s."


def test_it_judges_an_ended_goal_at_its_deadline() -> None:
    seen = [*_series((0, 412)), Observation(DEADLINE, 379.0), Observation(date(2025, 7, 7), 395.0)]
    assert track(AHT_GOAL, seen, date(2025, 7, 10)).status is Standing.ACHIEVED


def test_it_follows_the_kpis_direction_for_higher_is_better() -> None:
    # FCR 0.70 0.72 0.75 at days 0 10 20: mean day 10, mean 0.72333; Σ(dx·dy) = 0.2333 + 0.2667
    # = 0.5; Σdx² = 200; slope 0.0025 a day; at day 40: 0.72333 + 0.0025 × 30 = 0.79833.
    deadline = START + timedelta(40)
    fcr = KpiGoal("fcr", "Ana Silva", replace(AHT_GOAL.baseline, value=0.70), 0.78, deadline)
    progress = track(fcr, _series((0, 0.70), (10, 0.72), (20, 0.75)), START + timedelta(21))
    assert progress.status is Standing.ON_TRACK
    assert progress.slope_per_day == pytest.approx(0.0025)
    assert progress.projection == pytest.approx(0.798333, abs=1e-6)
    assert progress.sentence.endswith(
        "the trend, 1.8 points a week, points to 79.8% by 12 Apr 2025."
    )


def test_it_weights_the_trend_by_sample_size() -> None:
    # Weights 3 1 1 at days 0 10 20, values 400 390 390: weighted mean day 30/5 = 6, mean value
    # 1980/5 = 396; Σw·dx·dy = 3(−6)(4) + (4)(−6) + (14)(−6) = −180; Σw·dx² = 108 + 16 + 196 =
    # 320; slope −0.5625 (unweighted it would be −0.5); on day 0 the line is 396 + 0.5625 × 6.
    seen = [
        Observation(START, 400.0, sample=300),
        Observation(START + timedelta(10), 390.0, sample=100),
        Observation(START + timedelta(20), 390.0, sample=100),
    ]
    trend = fit(seen)
    assert trend is not None
    assert trend.origin == START
    assert trend.value == pytest.approx(399.375)
    assert trend.slope == pytest.approx(-0.5625)


def test_it_finds_no_trend_in_observations_on_a_single_day() -> None:
    assert fit([Observation(START, 400.0), Observation(START, 390.0)]) is None


def test_it_leaves_out_observations_after_today() -> None:
    seen = _series((0, 412), (7, 406), (14, 402), (21, 396), (28, 300))
    assert track(AHT_GOAL, seen, START + timedelta(22)).latest == 396


def test_it_says_when_there_is_no_data_yet() -> None:
    progress = track(AHT_GOAL, [], START)
    assert progress.status is Standing.AT_RISK
    assert (progress.latest, progress.share) == (None, None)
    assert progress.sentence == "At risk: no AHT data since the baseline."
    assert track(AHT_GOAL, [], DEADLINE + timedelta(1)).status is Standing.MISSED


def test_it_refuses_to_track_a_goal_without_a_baseline() -> None:
    with pytest.raises(ValueError, match="baseline"):
        track(replace(AHT_GOAL, baseline=replace(AHT_GOAL.baseline, value=None)), [], START)


def test_it_gives_no_share_for_a_target_equal_to_the_baseline() -> None:
    # Validation rejects such a goal; tracking one anyway must not divide by zero.
    level = replace(AHT_GOAL, target=412.0)
    assert track(level, _series((0, 400.0)), START + timedelta(1)).share is None
