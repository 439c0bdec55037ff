"""Selecting contacts by rule and spreading them across evaluators, worked by hand."""

import random
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from switchboard.domain.quality.lifecycle import Reason
from switchboard.domain.quality.sampling import (
    Candidate,
    Evaluator,
    Pick,
    Rule,
    assign,
    select,
)


def contact(
    interaction_id: int,
    agent_id: int = 1,
    *,
    queue_id: int | None = 1,
    handle_seconds: float = 300.0,
    csat: float | None = None,
    complaint: bool = False,
    transferred: bool = False,
    agent_started_days: int | None = 400,
) -> Candidate:
    return Candidate(
        interaction_id,
        agent_id,
        queue_id,
        handle_seconds,
        csat,
        complaint,
        transferred,
        agent_started_days,
    )


def picked(candidates: list[Candidate], *rules: Rule, seed: int = 1) -> list[int]:
    return [p.interaction_id for p in select(candidates, rules, seed=seed)]


def test_long_handle_means_above_the_queues_90th_percentile_worked_by_hand() -> None:
    # Queue 1: eleven contacts of 10, 20, …, 110 s. NumPy's linear percentile sits at position
    # 0.9 × (11 − 1) = 9 of the sorted times, exactly 100 s: the 100 s contact is on the line,
    # not above it, so only the 110 s contact is long.
    # Queue 2: 50 s and 60 s; position 0.9 × 1 = 0.9, so p90 = 50 + 0.9 × 10 = 59 s, and the
    # 60 s contact is long for its queue although it is shorter than most of queue 1's.
    queue_1 = [contact(i, handle_seconds=10.0 * i) for i in range(1, 12)]
    queue_2 = [
        contact(21, queue_id=2, handle_seconds=50.0),
        contact(22, queue_id=2, handle_seconds=60.0),
    ]
    rule = Rule(1, Reason.LONG_HANDLE, per_agent=10)
    assert picked(queue_1 + queue_2, rule) == [11, 22]


def test_contacts_without_a_queue_are_compared_with_each_other() -> None:
    loose = [contact(i, queue_id=None, handle_seconds=float(i)) for i in range(1, 11)]
    assert picked(loose, Rule(1, Reason.LONG_HANDLE, per_agent=10)) == [10]


def test_low_csat_is_at_or_below_two_unless_the_rule_says_otherwise() -> None:
    surveyed = [contact(1, csat=1), contact(2, csat=2), contact(3, csat=3), contact(4)]
    assert picked(surveyed, Rule(1, Reason.LOW_CSAT, per_agent=10)) == [1, 2]
    assert picked(surveyed, Rule(1, Reason.LOW_CSAT, per_agent=10, threshold=1)) == [1]


def test_new_starters_are_within_ninety_days_unless_the_rule_says_otherwise() -> None:
    contacts = [
        contact(1, agent_started_days=0),
        contact(2, agent_started_days=90),
        contact(3, agent_started_days=91),
        contact(4, agent_started_days=None),
    ]
    assert picked(contacts, Rule(1, Reason.NEW_STARTER, per_agent=10)) == [1, 2]
    assert picked(contacts, Rule(1, Reason.NEW_STARTER, per_agent=10, threshold=30)) == [1]


def test_complaints_and_transfers_are_picked_by_their_flags() -> None:
    contacts = [contact(1, complaint=True), contact(2, transferred=True), contact(3)]
    assert picked(contacts, Rule(1, Reason.COMPLAINT, per_agent=10)) == [1]
    assert picked(contacts, Rule(1, Reason.TRANSFER, per_agent=10)) == [2]


def test_a_rule_for_one_queue_ignores_the_others() -> None:
    contacts = [contact(1, queue_id=1), contact(2, queue_id=2), contact(3, queue_id=None)]
    assert picked(contacts, Rule(1, Reason.RANDOM, per_agent=10, queue_id=2)) == [2]


def test_each_agent_gets_up_to_per_agent_picks_at_random_among_the_matches() -> None:
    contacts = [contact(i, agent_id=1) for i in range(1, 21)] + [contact(99, agent_id=2)]
    picks = select(contacts, [Rule(1, Reason.RANDOM, per_agent=3)], seed=5)
    assert Counter(p.agent_id for p in picks) == {1: 3, 2: 1}
    draws = {
        tuple(picked(contacts, Rule(1, Reason.RANDOM, per_agent=3), seed=s)) for s in range(20)
    }
    assert len(draws) > 1  # the seed changes which of agent 1's contacts are drawn


def test_the_first_rule_wins_and_a_contact_is_picked_once() -> None:
    contacts = [contact(1, complaint=True, transferred=True), contact(2, transferred=True)]
    rules = [
        Rule(1, Reason.COMPLAINT, per_agent=5),
        Rule(2, Reason.TRANSFER, per_agent=5),
        Rule(3, Reason.RANDOM, per_agent=5),
    ]
    assert select(contacts, rules, seed=1) == [
        Pick(1, 1, 1, Reason.COMPLAINT),
        Pick(2, 1, 2, Reason.TRANSFER),
    ]


def test_selection_is_the_same_for_a_seed_whatever_the_input_order() -> None:
    contacts = [
        contact(i, agent_id=i % 4, csat=i % 5 + 1, complaint=i % 7 == 0, handle_seconds=i % 13)
        for i in range(200)
    ]
    rules = [
        Rule(1, Reason.LOW_CSAT, per_agent=2),
        Rule(2, Reason.LONG_HANDLE, per_agent=1),
        Rule(3, Reason.RANDOM, per_agent=3),
    ]
    shuffled = contacts[:]
    random.Random(0).shuffle(shuffled)
    assert select(contacts, rules, seed=42) == select(shuffled, rules, seed=42)
    assert select(contacts, rules, seed=42) != select(contacts, rules, seed=43)


def test_a_rerun_with_the_contacts_already_assigned_picks_nothing_new() -> None:
    contacts = [contact(i, agent_id=i % 3, complaint=i % 4 == 0) for i in range(60)]
    rules = [Rule(1, Reason.COMPLAINT, per_agent=2), Rule(2, Reason.RANDOM, per_agent=2)]
    first = select(contacts, rules, seed=1)
    already = {p.interaction_id for p in first}
    assert select(contacts, rules, seed=2, already=already) == []


def test_a_rerun_tops_up_only_what_is_missing() -> None:
    # Agent 1 already has one contact assigned; the random rule wants two, so one more is drawn,
    # and never the one already assigned.
    contacts = [contact(i) for i in range(1, 6)]
    picks = select(contacts, [Rule(1, Reason.RANDOM, per_agent=2)], seed=3, already={4})
    assert len(picks) == 1
    assert picks[0].interaction_id != 4


def test_an_assigned_contact_beyond_a_targeted_quota_counts_towards_the_next_rule() -> None:
    # Both complaints were assigned before; the complaint rule wants one, so the second counts
    # towards the random rule's one, and nothing new is needed.
    contacts = [contact(1, complaint=True), contact(2, complaint=True), contact(3)]
    rules = [Rule(1, Reason.COMPLAINT, per_agent=1), Rule(2, Reason.RANDOM, per_agent=1)]
    assert select(contacts, rules, seed=1, already={1, 2}) == []


def _picks(count: int, agents: int = 5) -> list[Pick]:
    return [Pick(i, i % agents, 1, Reason.RANDOM) for i in range(count)]


@given(st.integers(0, 60), st.integers(1, 8), st.integers(0, 2**32))
def test_loads_differ_by_at_most_one_when_everyone_may_take_everything(
    count: int, evaluators: int, seed: int
) -> None:
    team = [Evaluator(100 + e) for e in range(evaluators)]
    result = assign(_picks(count), team, seed=seed)
    loads = Counter(a.user_id for a in result.assignments)
    counts = [loads[e.user_id] for e in team]
    assert max(counts) - min(counts) <= 1
    assert [a.pick for a in result.assignments] == _picks(count)
    assert result.unassignable == ()


@given(
    st.integers(0, 60),
    st.lists(st.one_of(st.none(), st.integers(0, 4)), min_size=1, max_size=6),
    st.integers(0, 2**32),
)
def test_nobody_is_ever_given_their_own_contact(
    count: int, own_agents: list[int | None], seed: int
) -> None:
    team = [Evaluator(100 + e, agent_id) for e, agent_id in enumerate(own_agents)]
    own = {e.user_id: e.agent_id for e in team}
    picks = _picks(count)
    result = assign(picks, team, seed=seed)
    assert all(own[a.user_id] != a.pick.agent_id for a in result.assignments)
    # Every pick is either assigned once or reported, and only reported when nobody may take it.
    assert len(result.assignments) + len(result.unassignable) == len(picks)
    assert all(all(e.agent_id == p.agent_id for e in team) for p in result.unassignable)


def test_a_pick_nobody_may_take_is_reported_not_dropped() -> None:
    picks = [Pick(1, 7, 1, Reason.RANDOM), Pick(2, 8, 1, Reason.RANDOM)]
    result = assign(picks, [Evaluator(100, agent_id=7)], seed=1)
    assert [(a.pick.interaction_id, a.user_id) for a in result.assignments] == [(2, 100)]
    assert result.unassignable == (picks[0],)
    assert assign(picks, [], seed=1).unassignable == tuple(picks)


def test_an_evaluator_with_an_agent_record_takes_the_other_agents_contacts() -> None:
    # A team leader who is also agent 0 shares the load, but agent 0's contacts go to the analyst.
    # Agent 0's two contacts are placed first (only one evaluator may take them), then the
    # others go to whoever holds fewer, so both end with three.
    picks = [Pick(i, i % 3, 1, Reason.RANDOM) for i in range(6)]
    team = [Evaluator(100), Evaluator(200, agent_id=0)]
    result = assign(picks, team, seed=9)
    assert {a.pick.interaction_id for a in result.assignments if a.user_id == 100} >= {0, 3}
    assert Counter(a.user_id for a in result.assignments) == {100: 3, 200: 3}


def test_existing_open_assignments_count_towards_the_load() -> None:
    team = [Evaluator(100), Evaluator(200)]
    # 200 takes three to catch up with 100's three open ones; the last two go one each.
    result = assign(_picks(5), team, seed=1, load={100: 3})
    assert Counter(a.user_id for a in result.assignments) == {200: 4, 100: 1}


def test_assignment_is_the_same_for_a_seed() -> None:
    team = [Evaluator(100 + e) for e in range(4)]
    assert assign(_picks(10), team, seed=3) == assign(_picks(10), team, seed=3)
    firsts = {assign(_picks(1), team, seed=s).assignments[0].user_id for s in range(30)}
    assert len(firsts) > 1  # ties are broken by the seeded shuffle, not always the same person
