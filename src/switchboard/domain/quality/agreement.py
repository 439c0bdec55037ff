"""Agreement between evaluators: Krippendorff's alpha and each evaluator's deviation.

Calibration asks several evaluators to score the same contacts blind. Two questions follow:
do they agree beyond chance (:func:`krippendorff_alpha`, per question or overall), and who
scores away from the rest, in which direction (:func:`deviations`)?

>>> round(krippendorff_alpha([[1, 2, 3, 3], [1, 2, 3, 4]], Level.INTERVAL), 3)
0.889
>>> poor_agreement(0.5), poor_agreement(0.9), poor_agreement(None)
(True, False, False)
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]

AGREEMENT_THRESHOLD = 0.667
"""Krippendorff's lowest acceptable alpha, and only for tentative conclusions; he asks for
0.800 before relying on the data. A question below 0.667 is a candidate for rewording."""


class Level(StrEnum):
    """The level of measurement, which decides how far apart two different values are."""

    NOMINAL = "nominal"
    """Categories: any two different values disagree equally (yes/no, a choice)."""
    ORDINAL = "ordinal"
    """Ranks: values are ordered but the gaps between them are not equal."""
    INTERVAL = "interval"
    """Equal gaps: a 1–5 scale read as numbers, a 0–100 score."""
    RATIO = "ratio"
    """Equal gaps and a true zero: differences count relative to the size of the values."""


def krippendorff_alpha(data: Sequence[Sequence[float | None]], level: Level) -> float | None:
    """Krippendorff's alpha for reliability data laid out as coders × units.

    Each row is one coder (evaluator), each column one unit (a question on one contact);
    None or NaN marks a value the coder did not give. Follows the coincidence-matrix method of
    Krippendorff's "Computing Krippendorff's Alpha-Reliability" (2011):

    - only units with at least two values are pairable; the rest are left out;
    - o_ck = Σ_u (number of ordered c–k pairs in unit u) ÷ (m_u − 1), m_u the unit's values;
    - n_c = Σ_k o_ck and n = Σ_c n_c;
    - α = 1 − (n − 1) · Σ o_ck δ²_ck ÷ Σ n_c n_k δ²_ck.

    δ² is 0/1 (nominal), (Σ_{g=c..k} n_g − (n_c + n_k)/2)² over the marginals (ordinal),
    (c − k)² (interval) or ((c − k)/(c + k))² (ratio; values are assumed non-negative, and
    two zeros do not differ). α is 1 for perfect agreement, 0 for agreement no better than
    chance, and negative for systematic disagreement.

    Returns None when alpha is undefined: fewer than two pairable values, or no expected
    disagreement (every value given was the same, so there is nothing to agree about).
    Raises ValueError when the rows are not all the same length.

    >>> round(krippendorff_alpha([[1, 1, 0, None], [1, 0, 0, 1]], Level.NOMINAL), 3)
    0.444
    >>> krippendorff_alpha([[3, 3], [3, None]], Level.NOMINAL) is None
    True
    """
    counts, values = _value_counts(data)
    coincidences = _coincidences(counts)
    marginals = coincidences.sum(axis=1)
    n = float(marginals.sum())
    if n < 2:
        return None
    delta = _squared_differences(values, marginals, level)
    expected = float(marginals @ delta @ marginals)
    if expected <= 0:
        return None
    observed = float((coincidences * delta).sum())
    return 1.0 - (n - 1.0) * observed / expected


def _value_counts(data: Sequence[Sequence[float | None]]) -> tuple[Matrix, Matrix]:
    """Units × distinct values: how many coders gave each value to each unit; and the values."""
    rows = [[math.nan if v is None else float(v) for v in row] for row in data]
    if len({len(row) for row in rows}) > 1:
        raise ValueError("every coder needs one entry per unit (None where no value)")
    grid = np.array(rows, dtype=np.float64, ndmin=2)
    values = np.unique(grid[~np.isnan(grid)])
    counts = (grid.T[:, :, None] == values[None, None, :]).sum(axis=1).astype(np.float64)
    return counts, values


def _coincidences(counts: Matrix) -> Matrix:
    """The coincidence matrix o_ck from the pairable units only."""
    m = counts.sum(axis=1)
    pairable = counts[m >= 2]
    weights = 1.0 / (m[m >= 2] - 1.0)
    # Within a unit, c–k pairs number n_c·n_k, but a value cannot pair with itself: n_c·(n_c − 1).
    weighted = pairable * weights[:, None]
    matrix: Matrix = pairable.T @ weighted - np.diag(weighted.sum(axis=0))
    return matrix


def _squared_differences(values: Matrix, marginals: Matrix, level: Level) -> Matrix:
    """δ²_ck for every pair of distinct values, as a matrix."""
    c, k = values[:, None], values[None, :]
    result: Matrix
    if level is Level.NOMINAL:
        result = np.not_equal(c, k).astype(np.float64)
    elif level is Level.INTERVAL:
        result = (c - k) ** 2
    elif level is Level.RATIO:
        total = c + k
        result = np.divide(c - k, total, out=np.zeros_like(total), where=total != 0) ** 2
    else:
        result = _ordinal(marginals)
    return result


def _ordinal(marginals: Matrix) -> Matrix:
    """Ordinal δ²: the number of values ranked from c to k inclusive, less half of each end,
    so a rare value in the middle keeps two common values close. Values are in sorted order."""
    cumulative = np.cumsum(marginals)
    ranks = np.arange(len(marginals))
    low, high = np.minimum.outer(ranks, ranks), np.maximum.outer(ranks, ranks)
    between = cumulative[high] - cumulative[low] + marginals[low]
    result: Matrix = (between - (marginals[:, None] + marginals[None, :]) / 2.0) ** 2
    return result


@dataclass(frozen=True)
class Deviation:
    """How one evaluator's scores sit against the reference, over the units both scored."""

    evaluator: int
    units: int
    mean_difference: float
    """Evaluator minus reference, in score points: positive is more lenient."""
    mean_absolute_difference: float
    """How far off, whichever way: an evaluator can be harsh and lenient and average out."""


def deviations(
    scores: Mapping[int, Mapping[int, float]], expert: int | None = None
) -> list[Deviation]:
    """Each evaluator's deviation from a named expert, or else from the consensus.

    ``scores`` maps evaluator → unit → overall score (0–100). With ``expert``, a unit's
    reference is the expert's score; units the expert did not score are skipped, and the expert
    gets no row. Without it, the reference is the mean of the *other* evaluators' scores on the
    unit (leave-one-out, so nobody is compared with themselves); units nobody else scored are
    skipped. Evaluators with no unit to compare get no row. Rows are in evaluator order.

    >>> scores = {1: {10: 80.0, 11: 60.0}, 2: {10: 90.0, 11: 70.0}, 3: {10: 70.0}}
    >>> [(d.evaluator, d.mean_difference) for d in deviations(scores, expert=1)]
    [(2, 10.0), (3, -10.0)]
    """
    rows = []
    for evaluator in sorted(scores):
        if evaluator == expert:
            continue
        differences = [
            score - reference
            for unit, score in scores[evaluator].items()
            if (reference := _reference(scores, evaluator, unit, expert)) is not None
        ]
        if differences:
            rows.append(
                Deviation(
                    evaluator=evaluator,
                    units=len(differences),
                    mean_difference=sum(differences) / len(differences),
                    mean_absolute_difference=sum(map(abs, differences)) / len(differences),
                )
            )
    return rows


def _reference(
    scores: Mapping[int, Mapping[int, float]], evaluator: int, unit: int, expert: int | None
) -> float | None:
    if expert is not None:
        return scores.get(expert, {}).get(unit)
    others = [s[unit] for e, s in scores.items() if e != evaluator and unit in s]
    return sum(others) / len(others) if others else None


def poor_agreement(alpha: float | None) -> bool:
    """Whether alpha falls below :data:`AGREEMENT_THRESHOLD`. An undefined alpha is not
    flagged: it means too little data, or everyone gave the same value."""
    return alpha is not None and alpha < AGREEMENT_THRESHOLD
