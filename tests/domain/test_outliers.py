"""Tukey's fences against quartiles worked out by hand."""

import pytest

from switchboard.domain.kpi.outliers import Fences, side, tukey_fences


def test_fences_from_inclusive_quartiles_worked_by_hand() -> None:
    # Eight AHTs, sorted: 280 300 310 320 330 345 360 700.
    # Inclusive quartiles sit at positions (n − 1)·p = 7 × 0.25 = 1.75 and 7 × 0.75 = 5.25:
    #   Q1 = 300 + 0.75 × (310 − 300) = 307.5;  Q3 = 345 + 0.25 × (360 − 345) = 348.75
    #   IQR = 41.25; 1.5 × IQR = 61.875; fences 245.625 and 410.625.
    fences = tukey_fences([330, 300, 700, 280, 345, 310, 360, 320])
    assert fences == Fences(pytest.approx(245.625), pytest.approx(410.625))
    assert side(700, fences) == "high"
    assert side(280, fences) is None
    assert side(245, fences) == "low"
    assert side(410.625, fences) is None  # on the fence is inside


def test_too_few_values_or_none_flag_nobody() -> None:
    assert tukey_fences([1.0, 2.0, 100.0]) is None
    assert side(100.0, None) is None
    assert side(None, Fences(0.0, 1.0)) is None


def test_a_team_with_no_spread_flags_any_difference() -> None:
    # Q1 = Q3 = 0, so both fences are 0: one transfer in an otherwise clean team stands out.
    assert side(0.02, tukey_fences([0.0, 0.0, 0.0, 0.0, 0.02])) == "high"
