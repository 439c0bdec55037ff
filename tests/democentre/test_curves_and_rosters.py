"""The centre's shape: a bank's arrival curves and rosters that follow them."""

from datetime import date
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from switchboard.democentre.calendar import Calendar, last_full_weeks_start
from switchboard.democentre.centre import queue_spec
from switchboard.democentre.curves import arrival_shape
from switchboard.democentre.rosters import absences, staff_per_weekday, team_roster

LONDON = ZoneInfo("Europe/London")
WEEK = Calendar(date(2026, 11, 16), 1, LONDON)


def hourly(day: int, queue: str = "Retail Banking") -> np.ndarray:
    """Mean relative rate of each local hour of one day of the test week."""
    shape = arrival_shape(queue_spec(queue), WEEK)
    return shape[day * 96 : (day + 1) * 96].reshape(24, 4).mean(axis=1)


def test_voice_has_a_morning_peak_and_a_lunch_dip() -> None:
    tuesday = hourly(1)
    assert int(np.argmax(tuesday)) in (9, 10)
    assert tuesday[10] > 1.3 * tuesday[12]  # the peak stands well above lunch
    assert tuesday[12] < tuesday[14]  # the afternoon picks up again after lunch
    assert tuesday[7] == 0
    assert tuesday[20] == 0


def test_monday_surges_and_sunday_is_closed_for_calls_but_not_for_email() -> None:
    days = [hourly(d).sum() for d in range(7)]
    assert days[0] > 1.15 * days[2]
    assert days[5] < 0.5 * days[2]
    assert days[6] == 0
    assert hourly(6, "Email").sum() > 0


def test_the_demo_ends_with_the_last_full_week() -> None:
    assert last_full_weeks_start(date(2026, 11, 25), 1) == date(2026, 11, 16)
    assert last_full_weeks_start(date(2026, 11, 23), 8) == date(2026, 9, 28)


def test_a_week_across_the_change_of_clocks_still_opens_at_eight_local() -> None:
    october = Calendar(date(2026, 10, 19), 2, LONDON)  # the clocks go back on 25 October
    assert october.horizon_seconds == 14 * 86_400 + 3600
    monday = october.at(date(2026, 10, 26), 8.0)
    assert monday.hour == 8  # 08:00 GMT is 08:00 local once the clocks have gone back


def test_staff_per_day_follows_demand_but_never_exceeds_the_team() -> None:
    staff = staff_per_weekday(20, np.array([1.4, 1.1, 1.0, 1.0, 0.95, 0.4]))
    assert sum(staff) == 100
    assert staff[0] == 20
    assert staff[5] < staff[2]


def test_a_full_shift_has_two_breaks_and_a_lunch_inside_it() -> None:
    rng = np.random.default_rng(3)
    for _ in range(50):
        planned = absences(8.0, 16.5, rng)
        states = [state for _, _, state in planned]
        assert states.count("break") == 2
        assert states.count("lunch") == 1
        assert all(8.0 < start < end < 16.5 for start, end, _ in planned)


@pytest.mark.parametrize("team_size", [1, 7])
def test_each_agent_works_five_days_a_week_within_opening_hours(team_size: int) -> None:
    demand = arrival_shape(queue_spec("Retail Banking"), WEEK)
    shifts = team_roster(members=list(range(team_size)), demand=demand, calendar=WEEK,
                         rng=np.random.default_rng(1))  # fmt: skip
    for agent in range(team_size):
        assert sum(s.agent == agent for s in shifts) == 5
    assert all(s.start >= 7.75 and s.end <= 20.25 for s in shifts)
    assert not any(s.day.weekday() == 6 for s in shifts)
