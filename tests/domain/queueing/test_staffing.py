"""Staffing a run of intervals, and shrinkage."""

import numpy as np
import pytest

from switchboard.domain.queueing.erlang import ErlangB, ErlangC
from switchboard.domain.queueing.erlang_a import ErlangA
from switchboard.domain.queueing.staffing import gross_up, staff_intervals


def test_gross_up_by_hand() -> None:
    # 45 agents on the phones with 30% shrinkage: 45 ÷ 0.7 = 64.2857… to roster.
    assert gross_up(45, 0.3) == pytest.approx(64.285714, rel=1e-6)
    assert gross_up(10, 0.0) == 10
    with pytest.raises(ValueError, match="shrinkage"):
        gross_up(10, 1.0)


def _week() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    return rng.uniform(0, 0.4, 672), rng.uniform(120, 480, 672)


def test_a_week_of_erlang_c_intervals_matches_the_scalar_model() -> None:
    rates, ahts = _week()
    rates[::50] = 0.0  # closed intervals need nobody
    plan = staff_intervals(rates, ahts, target_sl=0.8, threshold=20, shrinkage=0.3)
    expected = [
        ErlangC(rate, aht).required_agents(target_sl=0.8, threshold=20)
        for rate, aht in zip(rates, ahts, strict=True)
    ]
    assert plan.net.tolist() == expected
    assert plan.net[::50].tolist() == [0] * len(rates[::50])
    np.testing.assert_allclose(plan.gross, plan.net / 0.7)


def test_every_target_applies_per_interval() -> None:
    rates, ahts = _week()
    plan = staff_intervals(rates[:48], ahts[:48], target_asa=10, max_occupancy=0.85)
    for rate, aht, agents in zip(rates[:48], ahts[:48], plan.net, strict=True):
        assert agents == ErlangC(rate, aht).required_agents(target_asa=10, max_occupancy=0.85)


def test_erlang_a_and_b_intervals() -> None:
    rates, ahts = _week()
    plan_a = staff_intervals(
        rates[:24], ahts[:24], model="a", patience=90, target_sl=0.8, threshold=20
    )
    assert plan_a.net.tolist() == [
        ErlangA(r, a, 90).required_agents(target_sl=0.8, threshold=20)
        for r, a in zip(rates[:24], ahts[:24], strict=True)
    ]
    plan_b = staff_intervals(rates[:24], 200.0, model="b", target_blocking=0.02)
    assert plan_b.net.tolist() == [
        ErlangB(r, 200.0).required_agents(target_blocking=0.02) for r in rates[:24]
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"arrival_rates": [0.1, -0.1], "ahts": 180}, "arrival_rates"),
        ({"arrival_rates": [0.1], "ahts": [0]}, "ahts"),
        ({"arrival_rates": [0.1], "ahts": 180, "model": "a"}, "patience"),
        ({"arrival_rates": [0.1], "ahts": 180, "model": "x"}, "model"),
        ({"arrival_rates": [0.1], "ahts": 180, "model": "b"}, "Erlang B takes target_blocking"),
    ],
)
def test_bad_interval_input(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        staff_intervals(target_sl=0.8, threshold=20, **kwargs)  # type: ignore[arg-type]
