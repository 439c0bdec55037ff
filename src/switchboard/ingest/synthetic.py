"""A synthetic Asterisk queue_log with a realistic event mix, for benchmarks and crash tests.

About 80% of calls are answered (some transferred, some re-queued after a timeout), the rest
abandon; agents log in, pause with reasons and log out; ring-no-answer noise is sprinkled in.
"""

import random
from pathlib import Path

QUEUES = ("Sales", "Support", "Billing", "Retentions")
PAUSE_REASONS = ("Break", "Lunch", "Training", "Team meeting", "Coaching", "")


def _call_events(
    rng: random.Random, callid: str, start: float, agents: list[str]
) -> list[tuple[float, str]]:
    queue = rng.choice(QUEUES)
    caller = f"07700{rng.randrange(900000, 999999)}"
    events = [(start, f"{callid}|{queue}|NONE|ENTERQUEUE||{caller}|1")]
    roll = rng.random()
    wait = rng.expovariate(1 / 25)
    if roll < 0.14:
        events.append((start + wait, f"{callid}|{queue}|NONE|ABANDON|1|1|{int(wait)}"))
        return events
    if roll < 0.17:  # times out, then tries another queue and is answered there
        events.append((start + 60, f"{callid}|{queue}|NONE|EXITWITHTIMEOUT|1|1|60"))
        queue, start, wait = rng.choice(QUEUES), start + 60, rng.expovariate(1 / 10)
        events.append((start, f"{callid}|{queue}|NONE|ENTERQUEUE||{caller}|1"))
    agent = rng.choice(agents)
    talk = rng.lognormvariate(5.2, 0.6)
    answered = start + wait
    if rng.random() < 0.1:
        events.append((answered - 1, f"{callid}|{queue}|{rng.choice(agents)}|RINGNOANSWER|15000"))
    events.append((answered, f"{callid}|{queue}|{agent}|CONNECT|{int(wait)}|{callid}.1|2"))
    end = answered + talk
    if rng.random() < 0.05:
        closing = (
            f"BLINDTRANSFER|2{rng.randrange(100, 999)}|from-internal|{int(wait)}|{int(talk)}|1"
        )
    else:
        closing = f"{rng.choice(('COMPLETEAGENT', 'COMPLETECALLER'))}|{int(wait)}|{int(talk)}|1"
    events.append((end, f"{callid}|{queue}|{agent}|{closing}"))
    return events


def _agent_events(
    rng: random.Random, agents: list[str], start: float, end: float
) -> list[tuple[float, str]]:
    events: list[tuple[float, str]] = []
    for agent in agents:
        for queue in QUEUES[:2] if rng.random() < 0.5 else QUEUES[2:]:
            events.append((start, f"NONE|{queue}|{agent}|ADDMEMBER|"))
        t = start + rng.uniform(600, 3600)
        while t < end - 3600:
            reason = rng.choice(PAUSE_REASONS)
            events.append((t, f"NONE|NONE|{agent}|PAUSEALL|{reason}"))
            t += rng.uniform(300, 1800)
            events.append((t, f"NONE|NONE|{agent}|UNPAUSEALL|"))
            t += rng.uniform(1800, 7200)
        events.append((end, f"NONE|NONE|{agent}|REMOVEMEMBER|"))
    return events


def write_queue_log(
    path: Path,
    lines: int,
    *,
    seed: int = 7,
    agents: int = 120,
    start: float = 1_700_000_000.0,
    call_gap_seconds: float = 1.5,
) -> int:
    """Write ``lines`` lines (the last calls are cut to fit); returns the count written.

    Deterministic for a given seed, so tests and benchmarks see the same file every time.
    """
    rng = random.Random(seed)
    names = [f"PJSIP/{1000 + i}" for i in range(agents)]
    calls: list[tuple[float, str]] = []
    t, n = start, 0
    while len(calls) < lines:
        t += rng.expovariate(1 / call_gap_seconds)  # 1.5 s on average: a mid-sized centre
        n += 1
        calls.extend(_call_events(rng, f"{int(t)}.{n}", t, names))
    members = _agent_events(rng, names, start - 60, t + 3600)
    events = sorted(calls[: max(lines - len(members), 0)] + members, key=lambda e: e[0])
    with path.open("w") as out:
        out.writelines(f"{int(when)}|{rest}\n" for when, rest in events)
    return len(events)
