"""Which contacts to evaluate, and who evaluates each: pure and deterministic for a seed.

:func:`select` applies sampling rules to a period's candidate contacts; :func:`assign`
spreads the picks across evaluators, least loaded first, never giving anyone their own contact.

>>> contacts = [Candidate(i, agent_id=1 + i % 2, queue_id=None, handle_seconds=300.0,
...                       csat=None, complaint=i == 3, transferred=False,
...                       agent_started_days=None) for i in range(1, 7)]
>>> rules = [Rule(1, Reason.COMPLAINT, per_agent=1), Rule(2, Reason.RANDOM, per_agent=1)]
>>> picks = select(contacts, rules, seed=7)
>>> [(p.agent_id, p.reason.value) for p in picks]
[(2, 'complaint'), (1, 'random'), (2, 'random')]
>>> result = assign(picks, [Evaluator(50, agent_id=None), Evaluator(51, agent_id=2)], seed=7)
>>> sorted(a.user_id for a in result.assignments), result.unassignable
([50, 50, 51], ())
"""

import random
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from switchboard.domain.quality.lifecycle import Reason

LONG_HANDLE_PERCENTILE = 90.0
"""A long contact is longer than this percentile of its queue's handle times in the period."""

LOW_CSAT_THRESHOLD = 2.0
"""On a 1–5 scale: a 1 or a 2 is a dissatisfied customer."""

NEW_STARTER_DAYS = 90.0
"""An agent is a new starter for this many days after their start date."""


@dataclass(frozen=True)
class Candidate:
    """A handled contact in the sampling period, with what the targeted rules look at."""

    interaction_id: int
    agent_id: int
    queue_id: int | None
    handle_seconds: float
    csat: float | None
    """The worst CSAT score given on the contact; None without a survey."""
    complaint: bool
    transferred: bool
    agent_started_days: int | None
    """Days from the agent's start date to the contact; None when the start date is unknown."""


@dataclass(frozen=True)
class Rule:
    """Pick up to ``per_agent`` contacts per agent for ``reason``.

    ``queue_id`` limits the rule to one queue's contacts (None: every queue). ``threshold`` is
    the CSAT at or below which (low CSAT, default 2) or the days since starting at or below
    which (new starter, default 90); the other reasons ignore it.
    """

    rule_id: int
    reason: Reason
    per_agent: int = 1
    queue_id: int | None = None
    threshold: float | None = None


@dataclass(frozen=True)
class Pick:
    interaction_id: int
    agent_id: int
    rule_id: int
    reason: Reason


@dataclass(frozen=True)
class Evaluator:
    """Someone who scores contacts; ``agent_id`` is their own agent record, if they have one,
    whose contacts they must never be given."""

    user_id: int
    agent_id: int | None = None


@dataclass(frozen=True)
class Assignment:
    pick: Pick
    user_id: int


@dataclass(frozen=True)
class Allocation:
    assignments: tuple[Assignment, ...]
    unassignable: tuple[Pick, ...]
    """Picks no evaluator may take (every evaluator is that agent): reported, not dropped."""


def select(
    candidates: Iterable[Candidate],
    rules: Sequence[Rule],
    *,
    seed: int,
    already: Collection[int] = frozenset(),
) -> list[Pick]:
    """The contacts the rules pick, in rule order, then agent, then interaction id.

    A contact is picked at most once: the first rule that picks it wins, so the caller should
    give the targeted rules before the random one (else random picks use up contacts that a
    targeted rule would have explained). Each rule picks up to ``per_agent`` of an agent's
    matching contacts, at random among the matches.

    ``already`` holds the interaction ids assigned by earlier runs. They are never picked
    again, and each counts towards the quota of the first rule it matches for its agent, so a
    re-run only tops up what is missing: running twice picks nothing new the second time.

    The draw for a rule and an agent depends only on the seed, the rule id, the agent and the
    contacts still open to the rule, never on the order the candidates came in.
    """
    pool = sorted(candidates, key=lambda c: c.interaction_id)
    thresholds = _long_handle_thresholds(pool)
    taken: set[int] = set()
    picks: list[Pick] = []
    for rule in rules:
        matches = _matcher(rule, thresholds)
        by_agent: dict[int, list[Candidate]] = defaultdict(list)
        for candidate in pool:
            if candidate.interaction_id not in taken and matches(candidate):
                by_agent[candidate.agent_id].append(candidate)
        for agent_id in sorted(by_agent):
            chosen = _choose(by_agent[agent_id], rule, seed, already)
            taken.update(c.interaction_id for c in chosen)
            picks.extend(
                Pick(c.interaction_id, agent_id, rule.rule_id, rule.reason)
                for c in chosen
                if c.interaction_id not in already
            )
    return picks


def _choose(
    matches: list[Candidate], rule: Rule, seed: int, already: Collection[int]
) -> list[Candidate]:
    """The earlier runs' contacts first, up to the quota; then a fresh random draw for the rest."""
    quota = max(rule.per_agent, 0)
    earlier = [c for c in matches if c.interaction_id in already][:quota]
    fresh = [c for c in matches if c.interaction_id not in already]
    wanted = min(quota - len(earlier), len(fresh))
    # A string seed is hashed with SHA-512, so the draw is the same on every run and platform.
    rng = random.Random(f"{seed}/{rule.rule_id}/{matches[0].agent_id}")
    drawn = rng.sample(fresh, wanted) if wanted > 0 else []
    return earlier + sorted(drawn, key=lambda c: c.interaction_id)


def _long_handle_thresholds(pool: Sequence[Candidate]) -> dict[int | None, float]:
    """Each queue's 90th percentile of handle time among the period's candidates.

    NumPy's default (linear) method: the value at position 0.9 × (n − 1) of the sorted handle
    times, interpolating between neighbours. Contacts with no queue are compared with each
    other.
    """
    by_queue: dict[int | None, list[float]] = defaultdict(list)
    for candidate in pool:
        by_queue[candidate.queue_id].append(candidate.handle_seconds)
    return {
        queue: float(np.percentile(times, LONG_HANDLE_PERCENTILE))
        for queue, times in by_queue.items()
    }


def _matcher(rule: Rule, long_handle: Mapping[int | None, float]) -> Callable[[Candidate], bool]:
    test = _TESTS[rule.reason]

    def matches(candidate: Candidate) -> bool:
        in_queue = rule.queue_id is None or candidate.queue_id == rule.queue_id
        return in_queue and test(candidate, rule, long_handle)

    return matches


def _low_csat(c: Candidate, rule: Rule, _: Mapping[int | None, float]) -> bool:
    limit = LOW_CSAT_THRESHOLD if rule.threshold is None else rule.threshold
    return c.csat is not None and c.csat <= limit


def _new_starter(c: Candidate, rule: Rule, _: Mapping[int | None, float]) -> bool:
    limit = NEW_STARTER_DAYS if rule.threshold is None else rule.threshold
    return c.agent_started_days is not None and c.agent_started_days <= limit


_TESTS: dict[Reason, Callable[[Candidate, Rule, Mapping[int | None, float]], bool]] = {
    Reason.RANDOM: lambda c, rule, p90: True,
    Reason.LONG_HANDLE: lambda c, rule, p90: c.handle_seconds > p90[c.queue_id],
    Reason.LOW_CSAT: _low_csat,
    Reason.COMPLAINT: lambda c, rule, p90: c.complaint,
    Reason.TRANSFER: lambda c, rule, p90: c.transferred,
    Reason.NEW_STARTER: _new_starter,
}


def assign(
    picks: Sequence[Pick],
    evaluators: Sequence[Evaluator],
    *,
    seed: int,
    load: Mapping[int, int] | None = None,
) -> Allocation:
    """Give each pick to the least-loaded evaluator allowed to take it.

    ``load`` is the open assignments each evaluator (by user id) already holds. Ties are broken
    by one seeded shuffle of the evaluators, so equal loads take turns in a fair, repeatable
    order. An evaluator is never given a contact of their own agent record. The picks with the
    fewest eligible evaluators are placed first, so that a constrained pick is not left to an
    evaluator who has already been loaded up by picks anyone could have taken. With everyone
    eligible and no prior load, loads end up differing by at most one.
    """
    order = list(evaluators)
    random.Random(f"assign/{seed}").shuffle(order)
    rank = {e.user_id: i for i, e in enumerate(order)}
    held = {e.user_id: (load or {}).get(e.user_id, 0) for e in order}
    placed: dict[int, int] = {}
    unassignable: list[int] = []

    def eligible(pick: Pick) -> list[Evaluator]:
        return [e for e in order if e.agent_id != pick.agent_id]

    for index in sorted(range(len(picks)), key=lambda i: len(eligible(picks[i]))):
        options = eligible(picks[index])
        if not options:
            unassignable.append(index)
            continue
        chosen = min(options, key=lambda e: (held[e.user_id], rank[e.user_id]))
        held[chosen.user_id] += 1
        placed[index] = chosen.user_id
    assignments = tuple(Assignment(picks[i], placed[i]) for i in sorted(placed))
    return Allocation(assignments, tuple(picks[i] for i in sorted(unassignable)))
