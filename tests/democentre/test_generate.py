"""Generation without a store: determinism, customers and repeats, surveys."""

import csv
from datetime import date
from pathlib import Path

import numpy as np

from switchboard.democentre.customers import Contacts, assign
from switchboard.democentre.generate import DemoRequest, generate
from switchboard.democentre.staff import hire
from switchboard.democentre.surveys import Answered, satisfaction

SMALL = DemoRequest(weeks=1, agents=10, seed=5, today=date(2026, 11, 25))


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_same_seed_writes_identical_files_and_another_seed_does_not(tmp_path: Path) -> None:
    first = generate(SMALL, tmp_path / "a")
    again = generate(SMALL, tmp_path / "b")
    other = generate(DemoRequest(weeks=1, agents=10, seed=6, today=SMALL.today), tmp_path / "c")
    for kind, path in first.files.items():
        assert path.read_bytes() == again.files[kind].read_bytes(), kind
    assert first.files["interactions"].read_bytes() != other.files["interactions"].read_bytes()


def test_a_small_centre_has_every_queue_absence_and_survey_kind(tmp_path: Path) -> None:
    generated = generate(SMALL, tmp_path)
    contacts = read(generated.files["interactions"])
    assert {r["queue"] for r in contacts} == {
        "Retail Banking",
        "Cards & Fraud",
        "Web Chat",
        "Email",
    }
    assert {r["outcome"] for r in contacts} >= {"answered", "abandoned"}
    assert all(r["customer"].endswith("@example.com") or r["customer"].startswith("+447700")
               for r in contacts)  # fmt: skip
    states = {r["state"] for r in read(generated.files["agent-states"])}
    assert states >= {"available", "on_contact", "wrap_up", "break", "lunch", "training"}
    surveys = read(generated.files["surveys"])
    assert {r["kind"] for r in surveys} == {"csat", "nps"}
    assert all(1 <= int(r["score"]) <= 5 for r in surveys if r["kind"] == "csat")


def test_a_repeat_shares_its_customer_and_reason_and_comes_later() -> None:
    rng = np.random.default_rng(0)
    n = 2000
    arrival = np.sort(rng.uniform(0, 14 * 86_400, n))
    contacts = Contacts(
        queue=rng.integers(0, 4, n), arrival=arrival, answered=rng.random(n) < 0.9,
        abandoned=np.zeros(n, dtype=bool), handle=rng.uniform(100, 600, n),
        transferred=np.zeros(n, dtype=bool), inbound=np.ones(n, dtype=bool),
        origin=np.full(n, -1),
    )  # fmt: skip
    who = assign(contacts, rng)
    repeats = np.flatnonzero(who.repeat_of >= 0)
    assert 0.1 * n < len(repeats) < 0.35 * n
    first = who.repeat_of[repeats]
    assert (who.customer[repeats] == who.customer[first]).all()
    assert (who.reason[repeats] == who.reason[first]).all()
    assert (arrival[repeats] > arrival[first]).all()
    assert (contacts.queue[repeats] == contacts.queue[first]).all()
    fresh = who.customer[who.repeat_of < 0]
    assert len(set(zip(contacts.queue[who.repeat_of < 0] < 2, fresh, strict=True))) == len(fresh)


def _answered(count: int, **overrides: object) -> Answered:
    base: dict[str, object] = {
        "source_id": [f"c{i}" for i in range(count)],
        "queue": np.zeros(count, dtype=np.int64),
        "agent": np.zeros(count, dtype=np.int64),
        "wait": np.zeros(count),
        "handle": np.full(count, 200.0),
        "ended": np.zeros(count),
        "unresolved": np.zeros(count, dtype=bool),
    }
    return Answered(**{**base, **overrides})  # type: ignore[arg-type]


def test_satisfaction_falls_with_wait_and_when_the_customer_had_to_come_back() -> None:
    count = 4000
    quick = satisfaction(_answered(count), agents=1, rng=np.random.default_rng(1))
    slow = satisfaction(
        _answered(count, wait=np.full(count, 300.0)), agents=1, rng=np.random.default_rng(1)
    )
    unresolved = satisfaction(
        _answered(count, unresolved=np.ones(count, dtype=bool)),
        agents=1,
        rng=np.random.default_rng(1),
    )
    # Same random draws, so the differences are the model's alone.
    assert slow.mean() < quick.mean() - 0.5
    assert unresolved.mean() < quick.mean() - 1.0


def test_handle_times_differ_by_agent(tmp_path: Path) -> None:
    staff = hire(40, np.random.default_rng(2))
    speeds = np.array([member.speed for member in staff])
    assert speeds.std() > 0.05  # lognormal around 1
    assert abs(speeds.mean() - 1) < 0.1
    generated = generate(SMALL, tmp_path)
    answered = [r for r in read(generated.files["interactions"]) if r["outcome"] == "answered"]
    handle_by_agent: dict[str, list[float]] = {}
    for row in answered:
        if row["queue"] == "Retail Banking":
            handle = float(row["talk_seconds"]) + float(row["wrap_seconds"])
            handle_by_agent.setdefault(row["agent"], []).append(handle)
    means = sorted(np.mean(v) for v in handle_by_agent.values() if len(v) >= 50)
    assert len(means) >= 3
    assert means[-1] > 1.15 * means[0]  # the slowest agent's AHT is well above the quickest's
