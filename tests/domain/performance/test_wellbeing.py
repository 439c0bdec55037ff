"""Wellbeing signals worked by hand: sustained occupancy, runs without a break, difficult contacts.

All times are Monday 9 June 2025, UTC, unless a test says otherwise.
"""

import random
from datetime import UTC, datetime, timedelta

import pytest

from switchboard.domain.performance.wellbeing import (
    DifficultCounts,
    HandledContact,
    Kind,
    StateInterval,
    difficult_contact_share,
    difficult_counts,
    long_runs_without_break,
    sustained_occupancy,
)

DAY = datetime(2025, 6, 9, tzinfo=UTC)


def at(hour: int, minute: float = 0, day: int = 0) -> datetime:
    return DAY + timedelta(days=day, hours=hour, minutes=minute)


def iv(state: str, start: datetime, end: datetime) -> StateInterval:
    return StateInterval(state, start, end)


def cycles(start: datetime, end: datetime) -> list[StateInterval]:
    """Ten-minute cycles: 8 min on a contact, 1.5 min wrap-up, 0.5 min available (95% busy).
    A two-hour window holds exactly twelve cycles wherever it starts, so every window is 95%."""
    out, t = [], start
    while t < end:
        out += [
            iv("on_contact", t, t + timedelta(minutes=8)),
            iv("wrap_up", t + timedelta(minutes=8), t + timedelta(minutes=9.5)),
            iv("available", t + timedelta(minutes=9.5), t + timedelta(minutes=10)),
        ]
        t += timedelta(minutes=10)
    return out


# Sustained occupancy ------------------------------------------------------------------------


def test_occupancy_exactly_at_the_threshold_is_a_signal() -> None:
    # (90 + 18) busy ÷ (90 + 18 + 12) ready = 108 / 120 = 0.9 exactly, over one 2-hour window.
    day = [
        iv("on_contact", at(9), at(10, 30)),
        iv("wrap_up", at(10, 30), at(10, 48)),
        iv("available", at(10, 48), at(11)),
    ]
    (signal,) = sustained_occupancy(day)
    assert signal.kind is Kind.SUSTAINED_OCCUPANCY
    assert (signal.start, signal.end) == (at(9), at(11))
    assert signal.figure == pytest.approx(0.9)
    assert signal.message == (
        "Occupancy stayed at 90% or more for 2 h (90% overall). Worth asking how the day felt."
    )


def test_occupancy_just_below_the_threshold_is_not() -> None:
    # 107 / 120 = 0.892
    day = [
        iv("on_contact", at(9), at(10, 29)),
        iv("wrap_up", at(10, 29), at(10, 47)),
        iv("available", at(10, 47), at(11)),
    ]
    assert sustained_occupancy(day) == ()


def test_windows_flickering_round_the_threshold_leave_one_prompt_not_several() -> None:
    # 45 minutes on a contact, 5 available, from 08:00 to 12:00: 90% on average, but a 2-hour
    # window holds two or three of the 5-minute gaps depending on where it starts: 110 / 120
    # = 91.7% (in) or 105 / 120 = 87.5% (out). The windows that qualify come in short runs
    # whose spans overlap; one busy morning is one prompt, not one per run.
    day, t = [], at(8)
    while t < at(12):
        day += [iv("on_contact", t, t + timedelta(minutes=45)),
                iv("available", t + timedelta(minutes=45), t + timedelta(minutes=50))]  # fmt: skip
        t += timedelta(minutes=50)
    (signal,) = sustained_occupancy(day)
    # Gaps at 08:45, 09:35, 10:25, 11:15 and 12:05. The last window to qualify is 10:05-12:05
    # (two gaps); the one ending with the day at 12:10 holds three.
    assert (signal.start, signal.end) == (at(8), at(12, 5))


def test_a_stretch_runs_from_the_first_busy_window_to_the_ready_time_before_lunch() -> None:
    # 95% cycles from 09:00 to 12:30, then lunch. Windows start every 5 minutes from 09:00 to
    # 11:30 (13:30 − 2 h). A window starting at s holds 12:30 − s of work until s passes 10:54
    # (96 min of ready time, 80% of 120), so 09:00 … 10:50 qualify: each is ≥ 94.8% busy (at
    # 10:45: 4.5 of the first 5 min + 10 cycles × 9.5 = 99.5 / 105). Their union, 09:00–12:50,
    # is trimmed to the ready time in it: 09:00–12:30, 21 cycles at 9.5 / 10 = 95%.
    day = [*cycles(at(9), at(12, 30)), iv("lunch", at(12, 30), at(13, 30))]
    (signal,) = sustained_occupancy(day)
    assert (signal.start, signal.end) == (at(9), at(12, 30))
    assert signal.figure == pytest.approx(0.95)
    assert "for 3 h 30 min (95% overall)" in signal.message


def test_unsorted_input_gives_the_same_stretches() -> None:
    day = [*cycles(at(9), at(12, 30)), iv("lunch", at(12, 30), at(13, 30))]
    shuffled = day[:]
    random.Random(7).shuffle(shuffled)
    assert sustained_occupancy(shuffled) == sustained_occupancy(day)


def test_a_window_must_be_mostly_ready_time() -> None:
    # 20 min on a contact and 100 min of lunch is 100% occupancy, but 20 / 120 ready is too little.
    day = [iv("on_contact", at(12), at(12, 20)), iv("lunch", at(12, 20), at(14))]
    assert sustained_occupancy(day) == ()


def test_logged_in_time_is_not_ready_time() -> None:
    # 100 min on contacts + 20 logged in: ready 100 / 120 = 83% ≥ 80%, occupancy 100 / 100.
    enough = [iv("on_contact", at(9), at(10, 40)), iv("logged_in", at(10, 40), at(11))]
    (signal,) = sustained_occupancy(enough)
    assert signal.figure == 1.0
    assert (signal.start, signal.end) == (at(9), at(10, 40))
    # 95 min + 25 logged in: ready 95 / 120 = 79% < 80%.
    short = [iv("on_contact", at(9), at(10, 35)), iv("logged_in", at(10, 35), at(11))]
    assert sustained_occupancy(short) == ()
    assert sustained_occupancy(short, min_ready_share=0.75)


def test_a_gap_in_the_record_is_not_ready_time() -> None:
    # 09:00–10:00 and 10:30–11:30 at 95% with nothing recorded between: every window that
    # could fit holds at most 90 min of ready time (75%), so nothing qualifies.
    day = [*cycles(at(9), at(10)), *cycles(at(10, 30), at(11, 30))]
    assert sustained_occupancy(day) == ()


def test_two_days_give_two_stretches() -> None:
    # Two hours at 100% on each day, offline overnight: the windows between are offline.
    days = [
        iv("on_contact", at(9), at(11)),
        iv("offline", at(11), at(9, day=1)),
        iv("on_contact", at(9, day=1), at(11, day=1)),
    ]
    signals = sustained_occupancy(days)
    assert [(s.start, s.end) for s in signals] == [(at(9), at(11)), (at(9, day=1), at(11, day=1))]


def test_the_threshold_and_window_are_settings() -> None:
    day = [*cycles(at(9), at(12, 30)), iv("lunch", at(12, 30), at(13, 30))]
    assert sustained_occupancy(day, threshold=0.96) == ()
    (hour,) = sustained_occupancy(day, window_seconds=3600)
    assert (hour.start, hour.end) == (at(9), at(12, 30))


def test_a_day_with_nothing_or_too_little_gives_no_occupancy_signal() -> None:
    assert sustained_occupancy([]) == ()
    assert sustained_occupancy([iv("lunch", at(12), at(15))]) == ()
    assert sustained_occupancy([iv("on_contact", at(9), at(10, 59))]) == ()  # shorter than 2 h


# Runs without a break -----------------------------------------------------------------------


def test_a_run_longer_than_two_hours_is_a_signal() -> None:
    day = [
        iv("available", at(9), at(9, 10)),
        iv("on_contact", at(9, 10), at(11)),
        iv("wrap_up", at(11), at(11, 30)),
        iv("break", at(11, 30), at(11, 45)),
        iv("on_contact", at(11, 45), at(12)),
    ]
    (signal,) = long_runs_without_break(day)
    assert signal.kind is Kind.LONG_RUN
    assert (signal.start, signal.end, signal.figure) == (at(9), at(11, 30), 9000)  # 2 h 30 min
    assert signal.message.startswith("Worked 2 h 30 min without a break of 5 min or more.")


def test_a_run_of_exactly_two_hours_is_not() -> None:
    assert long_runs_without_break([iv("on_contact", at(9), at(11))]) == ()
    (signal,) = long_runs_without_break([iv("on_contact", at(9), at(11, 1))])
    assert signal.figure == 7260


def test_a_short_break_does_not_reset_the_run_and_counts_in_its_length() -> None:
    # 09:00–10:00 work, a 3-minute break, 10:03–11:30 work: one run of 150 min, not 60 + 87.
    day = [
        iv("on_contact", at(9), at(10)),
        iv("break", at(10), at(10, 3)),
        iv("available", at(10, 3), at(11, 30)),
    ]
    (signal,) = long_runs_without_break(day)
    assert (signal.start, signal.end, signal.figure) == (at(9), at(11, 30), 9000)


def test_a_break_of_five_minutes_resets_the_run() -> None:
    # 90 min, a 5-minute break, 85 min: neither run is over 2 hours.
    day = [
        iv("on_contact", at(9), at(10, 30)),
        iv("break", at(10, 30), at(10, 35)),
        iv("on_contact", at(10, 35), at(12)),
    ]
    assert long_runs_without_break(day) == ()


def test_short_pauses_back_to_back_make_one_break() -> None:
    # A 3-minute break then a 3-minute meeting: 6 minutes away from contacts resets the run.
    day = [
        iv("on_contact", at(9), at(10, 30)),
        iv("break", at(10, 30), at(10, 33)),
        iv("meeting", at(10, 33), at(10, 36)),
        iv("on_contact", at(10, 36), at(12)),
    ]
    assert long_runs_without_break(day) == ()


def test_a_gap_in_the_record_is_a_break_when_long_enough() -> None:
    ten_minute_gap = [iv("on_contact", at(9), at(10, 30)), iv("on_contact", at(10, 40), at(12))]
    assert long_runs_without_break(ten_minute_gap) == ()
    two_minute_gap = [iv("on_contact", at(9), at(10, 30)), iv("on_contact", at(10, 32), at(12))]
    (signal,) = long_runs_without_break(two_minute_gap)
    assert signal.figure == 3 * 3600


def test_logged_in_is_work_and_training_is_a_break() -> None:
    day = [
        iv("logged_in", at(9), at(10)),
        iv("available", at(10), at(11, 30)),
        iv("training", at(11, 30), at(12, 30)),
        iv("on_contact", at(12, 30), at(14)),
    ]
    (signal,) = long_runs_without_break(day)
    assert (signal.start, signal.end) == (at(9), at(11, 30))


def test_runs_cross_midnight_and_come_in_order_from_unsorted_input() -> None:
    # A night shift: 22:00–23:00, lunch, 23:30–02:00 (2 h 30 min) the next day, then 03:00–05:30.
    night = [
        iv("on_contact", at(3, day=1), at(5, 30, day=1)),
        iv("available", at(23, 30), at(2, day=1)),
        iv("lunch", at(23), at(23, 30)),
        iv("on_contact", at(22), at(23)),
    ]
    signals = long_runs_without_break(night)
    assert [(s.start, s.end) for s in signals] == [
        (at(23, 30), at(2, day=1)),
        (at(3, day=1), at(5, 30, day=1)),
    ]


def test_the_run_limits_are_settings() -> None:
    day = [iv("on_contact", at(9), at(10, 30)), iv("break", at(10, 30), at(10, 35))]
    assert long_runs_without_break(day, max_seconds=3600)[0].figure == 5400
    two_runs = [*day, iv("on_contact", at(10, 35), at(12))]
    assert long_runs_without_break(two_runs, min_break_seconds=600)[0].figure == 3 * 3600


def test_a_day_with_nothing_has_no_runs() -> None:
    assert long_runs_without_break([]) == ()
    assert long_runs_without_break([iv("offline", at(0), at(23))]) == ()


# Difficult contacts -------------------------------------------------------------------------


def contacts(plain: int, *flagged: HandledContact) -> list[HandledContact]:
    return [*flagged, *[HandledContact(csat=5) for _ in range(plain)]]


def test_a_contact_with_several_flags_counts_once() -> None:
    # 3 complaints, 1 complaint + escalation, 2 escalations, 1 complaint + very low CSAT,
    # 1 very low CSAT and 16 plain: 24 handled, 3 + 1 + 2 + 1 + 1 = 8 difficult = 33%.
    # By kind: complaints 3 + 1 + 1 = 5, escalations 1 + 2 = 3, very low CSAT 1 + 1 = 2.
    complaint = HandledContact(complaint=True)
    escalated = HandledContact(escalated=True)
    very_low = HandledContact(csat=1, csat_very_low=True)
    both = HandledContact(complaint=True, escalated=True)
    angry = HandledContact(complaint=True, csat=1, csat_very_low=True)
    flagged = (complaint, complaint, complaint, both, escalated, escalated, angry, very_low)
    handled = contacts(16, *flagged)
    signal = difficult_contact_share(handled)
    assert signal is not None
    assert signal.kind is Kind.DIFFICULT_CONTACTS
    assert signal.figure == pytest.approx(8 / 24)
    assert signal.counts == DifficultCounts(
        handled=24, difficult=8, complaints=5, escalations=3, very_low_csat=2
    )
    assert difficult_counts(handled) == signal.counts
    assert signal.message.startswith(
        "8 of 24 contacts (33%) were difficult: 5 complaints, 3 escalations, 2 very low CSAT scores."
    )
    assert (signal.start, signal.end) == (None, None)


def test_a_share_exactly_at_the_threshold_is_a_signal() -> None:
    # 5 / 20 = 25%.
    signal = difficult_contact_share(contacts(15, *[HandledContact(escalated=True)] * 5))
    assert signal is not None
    assert "5 of 20 contacts (25%) were difficult: 5 escalations." in signal.message
    # 4 / 20 = 20%.
    assert difficult_contact_share(contacts(16, *[HandledContact(escalated=True)] * 4)) is None


def test_too_few_contacts_give_no_signal() -> None:
    # 10 / 19 = 53% difficult, but 19 contacts is fewer than 20.
    few = contacts(9, *[HandledContact(complaint=True)] * 10)
    assert difficult_contact_share(few) is None
    assert difficult_contact_share(few, min_contacts=10) is not None


def test_a_low_score_counts_only_when_the_caller_marks_it_very_low() -> None:
    lukewarm = [HandledContact(csat=2) for _ in range(20)]
    assert difficult_contact_share(lukewarm) is None


def test_a_day_with_no_contacts_has_no_share() -> None:
    assert difficult_contact_share([]) is None
    assert difficult_counts([]).share is None


# Every signal -------------------------------------------------------------------------------


def test_every_signal_is_a_prompt_to_talk_not_a_ranking() -> None:
    day = [*cycles(at(9), at(12, 30)), iv("lunch", at(12, 30), at(13, 30))]
    hard = difficult_contact_share(contacts(10, *[HandledContact(complaint=True)] * 10))
    signals = [*sustained_occupancy(day), *long_runs_without_break(day), hard]
    for signal in signals:
        assert signal is not None
        assert "Worth asking" in signal.message
        assert not {"rank", "score", "worst", "best"} & set(signal.message.lower().split())


@pytest.mark.parametrize(
    ("state", "start", "end", "message"),
    [
        ("on_call", at(9), at(10), "state must be one of"),
        ("break", at(10), at(9), "before start"),
        ("break", datetime(2025, 6, 9, 9), at(10), "timezone-aware"),
    ],
)
def test_it_rejects_bad_intervals(state: str, start: datetime, end: datetime, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        StateInterval(state, start, end)
