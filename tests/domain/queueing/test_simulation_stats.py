"""Student-t quantiles (no SciPy) and replication intervals."""

import math

import pytest

from switchboard.domain.queueing.simulation import Agent, Model, Queue
from switchboard.domain.queueing.simulation.replicate import estimate, replicate, t_quantile


@pytest.mark.parametrize(
    ("p", "df", "table"),
    # Published t-table values (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
    [
        (0.995, 9, 3.2498),
        (0.995, 29, 2.7564),
        (0.975, 1, 12.706),
        (0.975, 10, 2.228),
        (0.95, 5, 2.015),
        (0.995, 100, 2.626),
        (0.9, 3, 1.638),
    ],
)
def test_t_quantiles_match_the_published_table(p: float, df: int, table: float) -> None:
    assert t_quantile(p, df) == pytest.approx(table, abs=6e-4)
    assert t_quantile(1 - p, df) == pytest.approx(-table, abs=6e-4)


def test_an_estimate_is_the_mean_and_a_student_t_interval() -> None:
    e = estimate([1.0, 2.0, 3.0, 4.0], 0.99)
    half = t_quantile(0.995, 3) * math.sqrt(5 / 3) / 2
    assert (e.mean, e.low, e.high) == pytest.approx((2.5, 2.5 - half, 2.5 + half))
    assert math.isnan(estimate([1.0]).low)


def test_replications_are_reproducible_and_cover_every_queue() -> None:
    model = Model(
        queues=(Queue("q", arrival_rates=(0.05,)),),
        agents=tuple(Agent(f"a{i}", {"q": 1}) for i in range(12)),
        interval_seconds=7200,
    )
    first = replicate(model, 5, 3, 20.0)
    assert first == replicate(model, 5, 3, 20.0)
    assert set(first) == {"q", "all"}
    assert first["q"]["offered"].low < first["q"]["offered"].mean < first["q"]["offered"].high
    with pytest.raises(ValueError, match="replications"):
        replicate(model, 0, 3, 20.0)
