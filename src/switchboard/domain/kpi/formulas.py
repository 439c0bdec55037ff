"""KPI formulas as pure functions of counts and sums.

Every function returns ``None`` when its denominator is zero: a KPI with no data has no value,
which is not the same as a value of 0. Durations are seconds; rates are fractions 0..1.
"""

from switchboard.domain.kpi.settings import AbandonTreatment


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or None when there is nothing to divide by.

    >>> ratio(3, 4)
    0.75
    >>> ratio(0, 0) is None
    True
    """
    return numerator / denominator if denominator else None


def service_level(
    *,
    answered_within: float,
    answered: float,
    abandoned_within: float,
    abandoned: float,
    treatment: AbandonTreatment,
) -> float | None:
    """Share of contacts that met the threshold T, with abandons treated as the centre chose.

    Abandons here exclude short abandons (those are neither for nor against).

    >>> service_level(answered_within=8, answered=10, abandoned_within=1, abandoned=2,
    ...               treatment=AbandonTreatment.EXCLUDE)
    0.8
    >>> service_level(answered_within=8, answered=10, abandoned_within=1, abandoned=2,
    ...               treatment=AbandonTreatment.AGAINST)
    0.6666666666666666
    >>> service_level(answered_within=8, answered=10, abandoned_within=1, abandoned=2,
    ...               treatment=AbandonTreatment.IN_FAVOUR)
    0.75
    """
    if treatment is AbandonTreatment.EXCLUDE:
        return ratio(answered_within, answered)
    if treatment is AbandonTreatment.AGAINST:
        return ratio(answered_within, answered + abandoned)
    return ratio(answered_within + abandoned_within, answered + abandoned)


def net_promoter_score(*, promoters: float, detractors: float, responses: float) -> float | None:
    """% promoters (9–10) minus % detractors (0–6), on the scale -100..100.

    >>> net_promoter_score(promoters=5, detractors=2, responses=10)
    30.0
    """
    if not responses:
        return None
    return 100.0 * (promoters - detractors) / responses


def occupancy(*, on_contact: float, wrap_up: float, available: float) -> float | None:
    """Time busy with contacts ÷ time ready for or busy with them.

    >>> occupancy(on_contact=2400, wrap_up=600, available=1000)
    0.75
    """
    busy = on_contact + wrap_up
    return ratio(busy, busy + available)


def is_csat_satisfied(score: float, scale_max: float, top_boxes: int) -> bool:
    """True when ``score`` sits in the top ``top_boxes`` points of its scale.

    >>> is_csat_satisfied(4, 5, 2), is_csat_satisfied(3, 5, 2), is_csat_satisfied(9, 10, 2)
    (True, False, True)
    """
    return score > scale_max - top_boxes
