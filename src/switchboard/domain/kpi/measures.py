"""The additive measures every KPI is computed from.

A group of contacts (a queue's 15 minutes, an agent's day) is summarised by these counts and
sums. They add up across groups, so a report merges them first and applies the KPI formulas last;
``wait_max`` is the one measure that merges by taking the largest.
"""

from collections.abc import Iterable, Mapping

CONTACT_MEASURES = (
    "offered", "answered", "answered_wait_sum", "answered_in_sl",
    "abandoned_all", "abandon_wait_all", "abandoned_short", "abandon_wait_short",
    "abandoned_in_sl", "wait_max", "talk_sum", "hold_sum", "wrap_sum", "transferred", "escalated",
)  # fmt: skip
"""``abandoned_all`` counts short abandons too; ``abandoned_in_sl`` does not."""
SURVEY_MEASURES = (
    "surveyed", "csat_responses", "csat_satisfied", "nps_responses", "nps_promoters",
    "nps_detractors", "ces_responses", "ces_sum",
)  # fmt: skip
FCR_MEASURES = ("fcr_handled", "fcr_resolved")
STATE_MEASURES = (
    "available", "on_contact", "wrap_up", "logged_in", "break", "lunch", "training", "meeting",
    "coaching",
)  # fmt: skip
"""Seconds an agent spent in each paid state (offline is unpaid and not counted)."""
QUALITY_MEASURES = (
    "qa_evaluations", "qa_score_sum", "qa_compliance_evaluations", "qa_compliance_passed",
)  # fmt: skip
"""Scored regular evaluations with a score, the sum of their scores (0–100 each), those with an
applicable compliance item, and those that passed every one."""
ALL_MEASURES = CONTACT_MEASURES + SURVEY_MEASURES + FCR_MEASURES + STATE_MEASURES + QUALITY_MEASURES
MAX_MEASURES = frozenset({"wait_max"})

Measures = dict[str, float]


def empty() -> Measures:
    return dict.fromkeys(ALL_MEASURES, 0.0)


def merge_into(total: Measures, part: Mapping[str, float | None]) -> None:
    """Add ``part`` into ``total`` (taking the larger ``wait_max``); missing values count as 0.

    >>> total = empty(); merge_into(total, {"offered": 3, "wait_max": 40})
    >>> merge_into(total, {"offered": 2, "wait_max": 25}); total["offered"], total["wait_max"]
    (5.0, 40.0)
    """
    for name, value in part.items():
        if value is None:
            continue
        if name in MAX_MEASURES:
            total[name] = max(total[name], float(value))
        else:
            total[name] += float(value)


def merged(parts: Iterable[Mapping[str, float | None]]) -> Measures:
    total = empty()
    for part in parts:
        merge_into(total, part)
    return total
