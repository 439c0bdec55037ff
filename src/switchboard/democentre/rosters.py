"""Rosters: who works which day, when their shift starts, and their breaks, lunch and training.

Each team works five days of six (the centre is closed on Sundays). Days off fall where demand
is lowest, but Monday's surge is more than a whole team can cover, so Mondays run short-handed,
as they do in real centres. Shift starts are chosen greedily, one shift at a time, to cover the
quarter hours of the team's demand that are least covered so far.
"""

import itertools
from dataclasses import dataclass
from datetime import date

import numpy as np

from switchboard.democentre.calendar import INTERVAL_SECONDS, Calendar
from switchboard.democentre.centre import STAFFED_HOURS
from switchboard.democentre.curves import FloatArray

WORKING_DAYS = 5
SHIFT_HOURS = (7.5, 8.0, 8.5, 9.0)
SATURDAY_SHIFT_HOURS = (7.5, 8.0)
PART_TIME_HOURS = (4.0, 5.0)
PART_TIME_EVERY = 4  # one agent in four works part-time: they cover the peaks and the evenings
LUNCH_HOURS = ((0.5, 0.5), (0.75, 0.3), (1.0, 0.2))  # length, probability
EXTRAS = (("training", 1.0, 0.10), ("coaching", 0.5, 0.06), ("meeting", 0.5, 0.04))
SLACK_HOURS = 0.25  # shifts may start a quarter hour before opening to log in
FIVE_MINUTES = 1 / 12

Absence = tuple[float, float, str]
"""Local decimal hours from and to, and the state (break, lunch, training, ...)."""


@dataclass(frozen=True)
class RosterShift:
    agent: int
    day: date
    start: float
    end: float
    absences: tuple[Absence, ...]


def staff_per_weekday(team_size: int, weights: FloatArray) -> list[int]:
    """How many of a team work each weekday (Monday to Saturday), five days each.

    Proportional to the day's demand, but never more than the whole team: what a capped day
    cannot take goes to the others.
    """
    total = team_size * WORKING_DAYS
    wanted = weights / weights.sum() * total
    for _ in range(len(wanted)):
        capped = np.minimum(wanted, team_size)
        spare = wanted.sum() - capped.sum()
        free = capped < team_size
        if spare <= 1e-9 or not free.any():
            break
        wanted = capped + free * spare * capped / capped[free].sum()
    return _round_to_total(np.minimum(wanted, team_size), total)


def _round_to_total(values: FloatArray, total: int) -> list[int]:
    """Whole numbers close to ``values`` that add up to ``total`` (largest remainders first)."""
    floors = np.floor(values).astype(int)
    order = np.argsort(-(values - floors), kind="stable")
    for i in order[: total - int(floors.sum())]:
        floors[i] += 1
    return [int(v) for v in floors]


def days_off(team_size: int, staff: list[int]) -> list[int]:
    """One weekday off (0 is Monday) per team member, so that each day has ``staff`` working."""
    off = [day for day, working in enumerate(staff) for _ in range(team_size - working)]
    return off + [len(staff)] * (team_size - len(off))  # any left over take their day on Sunday


def choose_starts(
    target: FloatArray, lengths: list[float], window: tuple[float, float]
) -> list[float]:
    """Greedy shift starts (local hours) that cover ``target`` (one value per quarter hour of the
    day, from midnight) as evenly as the shift lengths allow."""
    per_hour = int(3600 / INTERVAL_SECONDS)
    scaled = target * (sum(lengths) * per_hour / max(target.sum(), 1e-12))
    cover = np.zeros_like(scaled)
    starts: list[float] = []
    for length in lengths:
        candidates = _candidate_starts(window, length)
        gains = [_gain(scaled, cover, start, length, per_hour) for start in candidates]
        best = candidates[int(np.argmax(gains))]
        first, last = _span(best, length, per_hour)
        cover[first:last] += 1
        starts.append(best)
    return starts


def _candidate_starts(window: tuple[float, float], length: float) -> list[float]:
    first, latest = window[0] - SLACK_HOURS, window[1] + SLACK_HOURS - length
    return list(np.arange(first, max(latest, first) + 1e-9, 0.5))


def _span(start: float, length: float, per_hour: int) -> tuple[int, int]:
    return round(start * per_hour), round((start + length) * per_hour)


def _gain(
    target: FloatArray, cover: FloatArray, start: float, length: float, per_hour: int
) -> float:
    first, last = _span(start, length, per_hour)
    return float(np.clip(target[first:last] - cover[first:last], 0.0, None).sum())


def absences(start: float, end: float, rng: np.random.Generator) -> tuple[Absence, ...]:
    """Two 15-minute breaks and a lunch in the middle; now and then training, coaching or a
    team meeting in the quieter hours either side of lunch. Times are to five minutes."""
    if end - start < 6.0:  # a short shift has one break and no lunch
        middle = _five((start + end) / 2 - 0.125 + rng.uniform(-0.25, 0.25))
        return ((middle, middle + 0.25, "break"),)
    lunch_hours = rng.choice([h for h, _ in LUNCH_HOURS], p=[p for _, p in LUNCH_HOURS])
    first_break = _five(start + 2.0 + rng.uniform(-0.25, 0.25))
    lunch = _five((start + end - lunch_hours) / 2 + rng.uniform(-0.25, 0.25))
    second_break = _five((lunch + lunch_hours + end) / 2 - 0.125 + rng.uniform(-0.25, 0.25))
    planned: list[Absence] = [
        (first_break, first_break + 0.25, "break"),
        (lunch, lunch + lunch_hours, "lunch"),
        (second_break, second_break + 0.25, "break"),
    ]
    extra = _extra(rng, planned)
    return tuple(sorted([*planned, extra] if extra else planned))


def _extra(rng: np.random.Generator, planned: list[Absence]) -> Absence | None:
    draw = rng.random()
    for state, hours, probability in EXTRAS:
        if draw < probability:
            return _fit(hours, state, planned)
        draw -= probability
    return None


def _fit(hours: float, state: str, planned: list[Absence]) -> Absence | None:
    """The first gap between planned absences that holds the block with half an hour either side."""
    for before, after in itertools.pairwise(planned):
        start = before[1] + 0.5
        if start + hours + 0.5 <= after[0]:
            return (start, start + hours, state)
    return None


def _five(hour: float) -> float:
    return float(round(hour / FIVE_MINUTES) * FIVE_MINUTES)


def team_roster(
    *, members: list[int], demand: FloatArray, calendar: Calendar, rng: np.random.Generator
) -> list[RosterShift]:
    """Every shift of one team over the calendar, following its demand (one value per interval)."""
    per_day = demand_by_day(demand, calendar)
    weekday_totals = np.array([per_day[weekday::7].sum() for weekday in range(6)])
    off = days_off(len(members), staff_per_weekday(len(members), weekday_totals))
    shifts: list[RosterShift] = []
    for index in range(calendar.days):
        day = calendar.day(index)
        window = STAFFED_HOURS[day.weekday()]
        if window is None:
            continue
        week = index // 7  # days off rotate, so nobody is always the one working Saturdays
        working = [
            m for k, m in enumerate(members) if off[(k + week) % len(members)] != day.weekday()
        ]
        shifts += _day_shifts(working, day, window, per_day[index], rng)
    return shifts


def demand_by_day(demand: FloatArray, calendar: Calendar) -> FloatArray:
    """The demand as one row per day of local quarter hours from midnight (96 columns)."""
    days, hours = calendar.interval_local
    quarters = np.minimum((hours * 4).astype(np.int64), 95)
    per_day = np.zeros((calendar.days, 96))
    np.add.at(per_day, (days, quarters), demand)
    return per_day


def _day_shifts(
    working: list[int],
    day: date,
    window: tuple[float, float],
    target: FloatArray,
    rng: np.random.Generator,
) -> list[RosterShift]:
    full_time = SATURDAY_SHIFT_HOURS if day.weekday() == 5 else SHIFT_HOURS
    length = {
        agent: float(rng.choice(PART_TIME_HOURS if part_time(agent) else full_time))
        for agent in working
    }
    # Longest first: the full-time shifts take the core of the day, part-timers fill around them.
    ordered = sorted(working, key=lambda agent: (-length[agent], agent))
    quarter = np.arange(96) / 4 + 0.125
    inside = (quarter >= window[0]) & (quarter < window[1])
    starts = choose_starts(np.where(inside, target, 0.0), [length[a] for a in ordered], window)
    return [
        RosterShift(
            agent, day, start, start + length[agent], absences(start, start + length[agent], rng)
        )
        for agent, start in zip(ordered, starts, strict=True)
    ]


def part_time(agent: int) -> bool:
    return agent % PART_TIME_EVERY == PART_TIME_EVERY - 1
