"""Krippendorff's alpha against his published example and two independent computations, and
each evaluator's deviation from an expert or the consensus, worked by hand."""

import itertools
import math

import krippendorff
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from switchboard.domain.quality.agreement import (
    AGREEMENT_THRESHOLD,
    Deviation,
    Level,
    deviations,
    krippendorff_alpha,
    poor_agreement,
)

Data = list[list[float | None]]

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: coders A–D
# (rows) × units 1–12 (columns), with missing data.
_: None = None
PUBLISHED: Data = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]
PUBLISHED_ALPHA = {
    Level.NOMINAL: 0.743,
    Level.ORDINAL: 0.815,
    Level.INTERVAL: 0.849,
    Level.RATIO: 0.797,
}


def _package_alpha(data: Data, level: Level) -> float:
    """The `krippendorff` package's answer, NaN marking missing values."""
    array = np.array([[math.nan if v is None else v for v in row] for row in data], dtype=float)
    return float(krippendorff.alpha(reliability_data=array, level_of_measurement=level.value))


def _brute_force_alpha(data: Data, level: Level) -> float:
    """Alpha from its pairwise definition, without a coincidence matrix.

    D_o: the mean δ² over every ordered pair of values within a unit, each unit's pairs weighted
    1/(m_u − 1). D_e: the mean δ² over every ordered pair of pairable values in the whole data.
    α = 1 − D_o / D_e.
    """
    units = [[row[u] for row in data if row[u] is not None] for u in range(len(data[0]))]
    pairable = [[float(v) for v in unit if v is not None] for unit in units if len(unit) >= 2]
    every = [v for unit in pairable for v in unit]
    counts = {v: every.count(v) for v in set(every)}

    def delta2(c: float, k: float) -> float:
        if level is Level.NOMINAL:
            return float(c != k)
        if level is Level.INTERVAL:
            return (c - k) ** 2
        if level is Level.RATIO:
            return 0.0 if c + k == 0 else ((c - k) / (c + k)) ** 2
        ranked = sum(n for g, n in counts.items() if min(c, k) <= g <= max(c, k))
        return (ranked - (counts[c] + counts[k]) / 2) ** 2

    n = len(every)
    observed = sum(
        delta2(unit[i], unit[j]) / (len(unit) - 1)
        for unit in pairable
        for i, j in itertools.permutations(range(len(unit)), 2)
    )
    expected = sum(delta2(every[i], every[j]) for i, j in itertools.permutations(range(n), 2))
    return 1 - (observed / n) / (expected / (n * (n - 1)))


def _random_data(seed: int) -> Data:
    """Seeded reliability data: 2–6 coders, 5–30 units, values 0–6, about a third missing."""
    rng = np.random.default_rng(seed)
    coders, units = int(rng.integers(2, 7)), int(rng.integers(5, 31))
    truth = rng.integers(0, 7, size=units)
    noise = rng.integers(-1, 2, size=(coders, units)) * (rng.random((coders, units)) < 0.4)
    values = np.clip(truth + noise, 0, 6)
    missing = rng.random((coders, units)) < 0.33
    return [
        [None if missing[c, u] else int(values[c, u]) for u in range(units)] for c in range(coders)
    ]


@pytest.mark.parametrize("level", list(Level))
def test_it_reproduces_krippendorffs_published_example(level: Level) -> None:
    alpha = krippendorff_alpha(PUBLISHED, level)
    assert alpha is not None
    assert round(alpha, 3) == PUBLISHED_ALPHA[level]


@pytest.mark.parametrize("level", list(Level))
def test_the_published_example_matches_the_krippendorff_package_and_the_pairwise_definition(
    level: Level,
) -> None:
    alpha = krippendorff_alpha(PUBLISHED, level)
    assert alpha == pytest.approx(_package_alpha(PUBLISHED, level), abs=1e-12)
    assert alpha == pytest.approx(_brute_force_alpha(PUBLISHED, level), abs=1e-12)


@pytest.mark.parametrize("level", list(Level))
@pytest.mark.parametrize("seed", range(15))
def test_random_data_with_gaps_matches_both_independent_computations(
    seed: int, level: Level
) -> None:
    data = _random_data(seed)
    alpha = krippendorff_alpha(data, level)
    assert alpha is not None
    assert alpha == pytest.approx(_package_alpha(data, level), abs=1e-9)
    assert alpha == pytest.approx(_brute_force_alpha(data, level), abs=1e-9)


def test_a_small_nominal_example_worked_by_hand() -> None:
    # Two evaluators, four units; unit 4 has one value, so it is not pairable and drops out.
    # Coincidences (each unit has m_u = 2, weight 1/(m_u − 1) = 1):
    #   unit 1 (1,1): o_11 += 2;  unit 2 (1,0): o_10 += 1, o_01 += 1;  unit 3 (0,0): o_00 += 2
    #   o = [[2, 1], [1, 2]];  n_0 = 3, n_1 = 3, n = 6
    #   observed Σ o_ck δ²_ck = o_01 + o_10 = 2;  expected Σ n_c n_k δ²_ck = 2 × 3 × 3 = 18
    #   α = 1 − (n − 1) × 2 / 18 = 1 − 10/18 = 4/9
    data: Data = [[1, 1, 0, None], [1, 0, 0, 1]]
    assert krippendorff_alpha(data, Level.NOMINAL) == pytest.approx(4 / 9)


@pytest.mark.parametrize("level", list(Level))
def test_perfect_agreement_is_one_even_with_gaps(level: Level) -> None:
    data: Data = [[1, 2, 3, None, 5], [1, 2, 3, 4, 5], [None, 2, 3, 4, None]]
    assert krippendorff_alpha(data, level) == pytest.approx(1.0)


@pytest.mark.parametrize("level", list(Level))
@pytest.mark.parametrize(
    "data",
    [
        pytest.param([], id="no coders"),
        pytest.param([[]], id="no units"),
        pytest.param([[1, None, 3], [None, 2, None]], id="no unit with two values"),
        pytest.param([[4, 4, None], [4, 4, 4]], id="everyone gave the same value"),
        pytest.param([[None, None], [None, None]], id="nothing given"),
    ],
)
def test_alpha_is_undefined_without_pairable_values_or_variation(data: Data, level: Level) -> None:
    assert krippendorff_alpha(data, level) is None


def test_nan_and_none_both_mean_missing() -> None:
    with_nan: Data = [[math.nan if v is None else v for v in row] for row in PUBLISHED]
    assert krippendorff_alpha(with_nan, Level.INTERVAL) == krippendorff_alpha(
        PUBLISHED, Level.INTERVAL
    )


def test_it_refuses_rows_of_different_lengths() -> None:
    with pytest.raises(ValueError, match="one entry per unit"):
        krippendorff_alpha([[1, 2], [1]], Level.NOMINAL)


def test_systematic_disagreement_is_negative() -> None:
    assert krippendorff_alpha([[1, 2, 1, 2], [2, 1, 2, 1]], Level.NOMINAL) == pytest.approx(-0.75)


@given(st.integers(0, 10_000))
def test_ordinal_alpha_depends_only_on_the_order_of_the_values(seed: int) -> None:
    data = _random_data(seed)
    stretched: Data = [[None if v is None else float(v) ** 3 + 10 for v in row] for row in data]
    ordinal = krippendorff_alpha(data, Level.ORDINAL)
    assume(ordinal is not None)
    assert krippendorff_alpha(stretched, Level.ORDINAL) == pytest.approx(ordinal)


@given(st.integers(0, 10_000), st.floats(0.1, 100), st.floats(-100, 100))
def test_interval_alpha_ignores_the_unit_and_origin_of_the_scale(
    seed: int, scale: float, shift: float
) -> None:
    data = _random_data(seed)
    moved: Data = [[None if v is None else v * scale + shift for v in row] for row in data]
    interval = krippendorff_alpha(data, Level.INTERVAL)
    assume(interval is not None)
    assert krippendorff_alpha(moved, Level.INTERVAL) == pytest.approx(interval)


def test_agreement_below_the_tentative_threshold_is_poor() -> None:
    assert AGREEMENT_THRESHOLD == 0.667
    assert poor_agreement(0.666)
    assert poor_agreement(-0.2)
    assert not poor_agreement(0.667)
    assert not poor_agreement(0.95)


def test_undefined_agreement_is_not_flagged() -> None:
    assert not poor_agreement(None)


# Three evaluators score three contacts (0–100); evaluator 3 skipped contact 11, evaluator 2
# skipped contact 12.
SCORES = {1: {10: 80.0, 11: 60.0, 12: 90.0}, 2: {10: 90.0, 11: 70.0}, 3: {10: 70.0, 12: 100.0}}


def test_deviation_from_the_consensus_leaves_the_evaluator_out() -> None:
    # Evaluator 1: 10 → 80 − mean(90, 70) = 0;  11 → 60 − 70 = −10;  12 → 90 − 100 = −10
    # Evaluator 2: 10 → 90 − mean(80, 70) = +15;  11 → 70 − 60 = +10
    # Evaluator 3: 10 → 70 − mean(80, 90) = −15;  12 → 100 − 90 = +10
    assert deviations(SCORES) == [
        Deviation(1, 3, -20 / 3, 20 / 3),
        Deviation(2, 2, 12.5, 12.5),
        Deviation(3, 2, -2.5, 12.5),
    ]


def test_deviation_from_a_named_expert_skips_the_expert_and_units_they_did_not_score() -> None:
    # Expert 1. Evaluator 2: 10 → +10, 11 → +10.  Evaluator 3: 10 → −10, 12 → +10: harsh once
    # and lenient once, so the mean difference is 0 but the mean absolute difference is 10.
    assert deviations(SCORES, expert=1) == [Deviation(2, 2, 10.0, 10.0), Deviation(3, 2, 0.0, 10.0)]
    # Expert 3 did not score contact 11, so evaluator 2 is compared on contact 10 only.
    assert deviations(SCORES, expert=3) == [Deviation(1, 2, 0.0, 10.0), Deviation(2, 1, 20.0, 20.0)]


def test_an_evaluator_with_nothing_to_compare_gets_no_row() -> None:
    alone = {1: {10: 80.0}, 2: {11: 70.0}}
    assert deviations(alone) == []
    assert deviations(alone, expert=1) == []
    assert deviations(SCORES, expert=99) == []
