"""The simulator's behaviour: determinism, schedules, routing, callbacks, IVR and distributions."""

import numpy as np
import pytest

from switchboard.domain.queueing.simulation import (
    ABANDONED,
    ANSWERED,
    AVAILABLE,
    BREAK,
    CALLBACK,
    OUTBOUND,
    SELF_SERVED,
    TIMED_OUT,
    WRAP_UP,
    Absence,
    Agent,
    CallbackOffer,
    Model,
    Patience,
    Queue,
    ServiceTime,
    Shift,
    SimulationResult,
    simulate,
)
from switchboard.domain.queueing.simulation.engine import STATES
from switchboard.domain.queueing.simulation.summary import summarise


def _single(rate: float = 0.05, agents: int = 10, hours: float = 4, **queue: object) -> Model:
    return Model(
        queues=(Queue("q", arrival_rates=(rate,), **queue),),  # type: ignore[arg-type]
        agents=tuple(Agent(f"a{i}", {"q": 1}) for i in range(agents)),
        interval_seconds=hours * 3600,
    )


def _arrays(r: SimulationResult) -> list[np.ndarray]:
    return [getattr(r, f) for f in r.__slots__ if isinstance(getattr(r, f), np.ndarray)]


def _no_overlaps(r: SimulationResult) -> None:
    for a in np.unique(r.states_agent):
        rows = r.states_agent == a
        start, end = r.states_start[rows], r.states_end[rows]
        assert (end >= start).all()
        assert (start[1:] >= end[:-1] - 1e-9).all()


def test_it_is_deterministic_under_a_seed() -> None:
    model = _single(patience=Patience.exponential(60))
    first, again, other = simulate(model, 5), simulate(model, 5), simulate(model, 6)
    for x, y in zip(_arrays(first), _arrays(again), strict=True):
        np.testing.assert_array_equal(x, y)
    assert len(first.contacts_arrival) != len(other.contacts_arrival) or not np.array_equal(
        first.contacts_arrival, other.contacts_arrival
    )


def test_it_keeps_its_records_consistent() -> None:
    r = simulate(_single(rate=0.07, wrap_share=0.25, patience=Patience.exponential(90)), 1)
    answered = r.contacts_outcome == ANSWERED
    np.testing.assert_allclose(
        r.contacts_ended[answered], r.contacts_answered[answered] + r.contacts_handle[answered]
    )
    assert np.isnan(r.contacts_answered[~answered]).all()
    assert (r.contacts_agent[~answered] == -1).all()
    assert (np.diff(r.contacts_arrival) >= 0).all()
    assert (r.contacts_outcome == ABANDONED).any()
    wrap = r.states_code == WRAP_UP
    assert np.isclose((r.states_end - r.states_start)[wrap].sum(), 0.25 * r.contacts_handle.sum())
    _no_overlaps(r)


def test_nobody_answers_during_an_absence_and_a_busy_agent_finishes_first() -> None:
    shift = Shift(0, 7200, (Absence(1800, 2700, "break"),))
    model = Model(
        queues=(Queue("q", arrival_rates=(0.02,), service=ServiceTime.exponential(400)),),
        agents=(Agent("a", {"q": 1}, shifts=(shift,)),),
        interval_seconds=7200,
    )
    r = simulate(model, 3)
    answered = r.contacts_answered[r.contacts_outcome == ANSWERED]
    assert not ((answered >= 1800) & (answered < 2700)).any()
    brk = r.states_code == BREAK
    assert brk.sum() == 1
    start = float(r.states_start[brk][0])
    assert r.states_end[brk][0] == 2700
    # The break starts at 1800, or later when the contact in hand runs over it.
    in_hand = (r.contacts_answered < 1800) & (r.contacts_ended > 1800)
    expected = r.contacts_ended[in_hand][0] if in_hand.any() else 1800.0
    assert start == pytest.approx(expected)
    _no_overlaps(r)


def test_an_agent_off_shift_takes_nothing_and_has_no_state_rows() -> None:
    model = Model(
        queues=(Queue("q", arrival_rates=(0.01,), service=ServiceTime.exponential(60)),),
        agents=(Agent("a", {"q": 1}, shifts=(Shift(3600, 7200),)),),
        interval_seconds=10800,
    )
    r = simulate(model, 2)
    answered = r.contacts_answered[r.contacts_outcome == ANSWERED]
    assert ((answered >= 3600) & (answered < 7200)).all()
    assert (r.states_start >= 3600).all()
    available = r.states_code == AVAILABLE
    assert (r.states_end[available] <= 7200).all()
    late = r.contacts_arrival >= 7200
    assert (r.contacts_outcome[late] == TIMED_OUT).all()
    assert (r.contacts_ended[late] == 10800).all()


def test_an_agent_never_takes_a_queue_it_lacks_and_priority_is_respected() -> None:
    queues = (
        Queue("sales", arrival_rates=(0.012,), service=ServiceTime.exponential(120)),
        Queue("support", arrival_rates=(0.006,), service=ServiceTime.exponential(120)),
    )
    agents = (
        Agent("s1", {"sales": 1}),
        Agent("u1", {"support": 1}),
        Agent("both", {"support": 1, "sales": 2}),
    )
    model = Model(queues=queues, agents=agents, interval_seconds=8 * 3600)
    r = simulate(model, 4)
    answered = r.contacts_outcome == ANSWERED
    assert not (answered & (r.contacts_agent == 0) & (r.contacts_queue == 1)).any()
    assert not (answered & (r.contacts_agent == 1) & (r.contacts_queue == 0)).any()
    # "both" frees up while support has someone waiting: it must never take sales then.
    both = np.flatnonzero(answered & (r.contacts_agent == 2) & (r.contacts_queue == 0))
    waiting_support = (r.contacts_queue == 1) & answered
    for i in both:
        t = r.contacts_answered[i]
        queued = waiting_support & (r.contacts_arrival < t) & (r.contacts_answered > t)
        assert not queued.any()
    assert len(both) > 0


def test_an_arrival_prefers_the_agent_whose_best_queue_it_is() -> None:
    model = Model(
        queues=(
            Queue("main", arrival_rates=(0.001,), service=ServiceTime.exponential(10)),
            Queue("other", arrival_rates=(0.0,)),
        ),
        agents=(Agent("backup", {"main": 2, "other": 1}), Agent("primary", {"main": 1})),
        interval_seconds=36000,
    )
    r = simulate(model, 1)
    answered = r.contacts_outcome == ANSWERED
    # "primary" is almost always idle when a rare call arrives, so it takes (nearly) all of them.
    assert (r.contacts_agent[answered] == 1).mean() > 0.95


def test_callbacks_end_the_wait_and_join_their_queue() -> None:
    queues = (
        Queue(
            "q",
            arrival_rates=(0.1,),
            service=ServiceTime.exponential(120),
            callback=CallbackOffer(after_seconds=30, accept_probability=0.5, queue="cb"),
        ),
        Queue("cb", arrival_rates=(0.0,), service=ServiceTime.exponential(60)),
    )
    agents = tuple(Agent(f"a{i}", {"q": 1, "cb": 2}) for i in range(11))
    r = simulate(Model(queues=queues, agents=agents, interval_seconds=4 * 3600), 8)
    took = np.flatnonzero(r.contacts_outcome == CALLBACK)
    assert len(took) > 20
    np.testing.assert_allclose(r.contacts_ended[took] - r.contacts_arrival[took], 30.0)
    outbound = np.flatnonzero(r.contacts_direction == OUTBOUND)
    assert len(outbound) == len(took)
    assert (r.contacts_queue[outbound] == 1).all()
    np.testing.assert_array_equal(np.sort(r.contacts_origin[outbound]), took)
    np.testing.assert_allclose(
        r.contacts_arrival[outbound], r.contacts_ended[r.contacts_origin[outbound]]
    )
    assert (np.diff(r.contacts_arrival) >= 0).all()
    assert summarise(r, 20.0)["q"].callbacks == len(took)


def test_the_ivr_share_self_serves_and_never_queues() -> None:
    r = simulate(_single(rate=0.2, agents=40, hours=10, ivr_self_service_share=0.3), 9)
    served = r.contacts_outcome == SELF_SERVED
    assert served.mean() == pytest.approx(0.3, abs=0.02)
    assert (r.contacts_ended[served] == r.contacts_arrival[served]).all()
    assert summarise(r, 20.0)["q"].offered == int((~served).sum())


def test_arrivals_follow_the_rate_of_each_interval() -> None:
    model = Model(
        queues=(Queue("q", arrival_rates=(0.5, 0.0, 2.0)),),
        agents=(Agent("a", {"q": 1}),),
        interval_seconds=3600,
    )
    counts = np.histogram(simulate(model, 1).contacts_arrival, bins=[0, 3600, 7200, 10800])[0]
    assert counts[0] == pytest.approx(1800, rel=0.1)
    assert counts[1] == 0
    assert counts[2] == pytest.approx(7200, rel=0.05)


@pytest.mark.parametrize(
    ("service", "mean"),
    [
        (ServiceTime.lognormal(300, 200), 300.0),
        (ServiceTime.empirical([100, 200, 600]), 300.0),
        (ServiceTime.exponential(150), 150.0),
    ],
)
def test_service_times_have_the_configured_mean(service: ServiceTime, mean: float) -> None:
    r = simulate(_single(rate=0.1, agents=60, hours=24, service=service), 3)
    handle = r.contacts_handle[r.contacts_outcome == ANSWERED]
    assert handle.mean() == pytest.approx(mean, rel=0.03)
    if service.kind == "lognormal":
        assert handle.std() == pytest.approx(200, rel=0.1)
    if service.kind == "empirical":
        assert set(np.unique(handle)) <= {100.0, 200.0, 600.0}


def test_agent_speed_multiplies_handle_times() -> None:
    model = Model(
        queues=(Queue("q", arrival_rates=(0.01,), service=ServiceTime.empirical([100])),),
        agents=(Agent("slow", {"q": 1}, speed=1.5),),
        interval_seconds=36000,
    )
    r = simulate(model, 1)
    assert (r.contacts_handle[r.contacts_outcome == ANSWERED] == 150.0).all()


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Queue("q", arrival_rates=(-1.0,)), "arrival_rates[0]"),
        (lambda: Queue("q", wrap_share=1.5), "wrap_share"),
        (lambda: Queue("q", channel="fax"), "channel"),
        (lambda: Absence(10, 5, "break"), "absence.end"),
        (lambda: Absence(0, 5, "nap"), "absence.state"),
        (lambda: Shift(0, 100, (Absence(50, 150, "break"),)), "outside its shift"),
        (lambda: Agent("a", {"q": 0}), "priority"),
        (lambda: Agent("a", {"q": 1}, shifts=(Shift(0, 10), Shift(5, 20))), "shifts[1]"),
        (lambda: Agent("a", {"q": 1}, speed=0), "speed"),
        (
            lambda: Model((Queue("q", arrival_rates=(1.0,)),), (Agent("a", {"x": 1}),)),
            "agents[0].skills",
        ),
        (lambda: Model((Queue("q"), Queue("q")), (Agent("a", {"q": 1}),)), "queues[1].name"),
        (lambda: Model((Queue("q"),), (Agent("a", {"q": 1}),)), "horizon_seconds"),
        (lambda: CallbackOffer(10, 2.0, "q"), "accept_probability"),
        (lambda: ServiceTime.exponential(0), "service.mean"),
        (lambda: ServiceTime.empirical([]), "service.values"),
        (lambda: Patience.lognormal(10, -1), "standard deviation"),
    ],
)
def test_it_rejects_an_invalid_model_naming_the_field(build: object, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        build()  # type: ignore[operator]


def test_back_to_back_absences_and_an_absence_to_the_shift_end_take_no_contact_between() -> None:
    # One agent under heavy load, so a contact is always waiting: between a break that ends as
    # training starts, and after a lunch that runs to the end of the shift, nothing is answered.
    shifts = (
        Shift(0, 7200, (Absence(1800, 2700, "break"), Absence(2700, 3600, "training"))),
        Shift(7200, 10800, (Absence(10200, 10800, "lunch"),)),
    )
    model = Model(
        queues=(Queue("q", arrival_rates=(0.05,), service=ServiceTime.exponential(300)),),
        agents=(Agent("a", {"q": 1}, shifts=shifts),),
        interval_seconds=14400,
    )
    r = simulate(model, 3)
    answered = r.contacts_answered[r.contacts_outcome == ANSWERED]
    training = next(
        (s, e)
        for c, s, e in zip(r.states_code, r.states_start, r.states_end, strict=True)
        if STATES[c] == "training"
    )
    lunch = next(
        (s, e)
        for c, s, e in zip(r.states_code, r.states_start, r.states_end, strict=True)
        if STATES[c] == "lunch"
    )
    assert training[1] == 3600
    assert lunch[1] == 10800
    # A contact answered before the break may run into it (the break is deferred), but none is
    # answered from the break's end until the training's end, nor after the lunch.
    assert not np.any((answered >= 2700) & (answered < 3600))
    assert not np.any(answered >= 10200)
    _no_overlaps(r)
