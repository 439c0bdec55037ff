"""The demo's coaching effect: coached agents run faster from the coaching day, and still come
out of the simulation as one person each."""

import csv
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

from switchboard.democentre.coaching import COACHED_AGENTS, SPEED_AFTER
from switchboard.democentre.generate import DemoRequest, generate

TWO_WEEKS = DemoRequest(weeks=2, agents=14, seed=3, today=date(2026, 11, 25))


def test_coached_agents_are_simulated_before_and_after_at_their_own_speeds(
    tmp_path: Path,
) -> None:
    centre = generate(TWO_WEEKS, tmp_path).centre
    coaching = centre.coaching
    assert coaching is not None
    assert coaching.day == date(2026, 11, 16)  # the second Monday of two weeks from 9 November
    assert len(coaching.agents) == COACHED_AGENTS  # the Retail team has more than four
    for index in coaching.agents:
        halves = [
            a for i, a in zip(centre.staff_of, centre.model.agents, strict=True) if i == index
        ]
        before, after = halves
        assert after.speed == round(before.speed * SPEED_AFTER, 3)
        assert before.shifts[-1].end <= after.shifts[0].start
    assert len(centre.model.agents) == len(centre.staff) + len(coaching.agents)


def test_the_files_name_each_coached_agent_once_and_they_got_faster(tmp_path: Path) -> None:
    generated = generate(TWO_WEEKS, tmp_path)
    coaching = generated.centre.coaching
    assert coaching is not None
    coached = {generated.centre.staff[i].name for i in coaching.agents}
    with generated.files["interactions"].open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert not any("(coached)" in row["agent"] for row in rows)
    handle_times: dict[bool, list[float]] = defaultdict(list)
    for row in rows:
        if row["agent"] in coached and row["outcome"] == "answered":
            after = datetime.fromisoformat(row["arrived_at"]).date() >= coaching.day
            handle_times[after].append(
                sum(float(row[f"{part}_seconds"]) for part in ("talk", "hold", "wrap"))
            )
    before, after = (sum(v) / len(v) for v in (handle_times[False], handle_times[True]))
    # Lognormal handle times with a 12% shorter mean: a few hundred contacts each side put the
    # observed fall well beyond noise, though not exactly at 12%.
    assert after < 0.95 * before
