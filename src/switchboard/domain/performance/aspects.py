"""Efficiency against effectiveness, and how many contacts stand behind a KPI's value.

The qualification units warn against "confusing efficiency (doing things quickly) with
effectiveness (achieving desired outcomes)". Switchboard keeps the two apart: an efficiency KPI
measures the resources a contact took (handle time, the share of time spent on contacts); an
effectiveness KPI measures what the contact achieved for the customer (resolved first time,
satisfied, scored well by quality). KPIs in neither family (volumes, service level, shrinkage)
describe the queue or the rota more than the person.

Every KPI value rests on a sample, and a small one says little: an agent's CSAT from four survey
responses can swing 25 points on one answer. :func:`sample_size` says how many contacts (or
survey responses) stand behind a value, and :data:`MIN_SAMPLE` how many make it worth judging.
"""

from enum import StrEnum

from switchboard.domain.kpi import REGISTRY, Better, Family, Measures


class Aspect(StrEnum):
    EFFICIENCY = "efficiency"
    EFFECTIVENESS = "effectiveness"


EFFICIENCY_BETTER: dict[str, Better] = {
    "aht": Better.LOWER,
    "talk_time": Better.LOWER,
    "hold_time": Better.LOWER,
    "wrap_time": Better.LOWER,
    "occupancy": Better.HIGHER,
    "utilisation": Better.HIGHER,
}
"""Efficiency KPIs and the direction that uses fewer resources per contact. Occupancy has no
better direction in the KPI registry (too high burns people out), but a rise is still a gain in
efficiency, which is what the efficiency-for-effectiveness warning looks for."""

EFFECTIVENESS = ("fcr", "csat", "nps", "ces", "qa_score", "compliance_pass_rate", "transfer_rate",
                 "escalation_rate")  # fmt: skip
"""Effectiveness KPIs. A transfer or an escalation means this contact did not resolve the
customer's need here; the QA score and the compliance pass rate say how well it was handled."""


def aspect_of(kpi: str) -> Aspect | None:
    """Whether ``kpi`` measures efficiency, effectiveness, or neither.

    >>> aspect_of("aht"), aspect_of("fcr"), aspect_of("service_level")
    (<Aspect.EFFICIENCY: 'efficiency'>, <Aspect.EFFECTIVENESS: 'effectiveness'>, None)
    """
    if kpi in EFFICIENCY_BETTER:
        return Aspect.EFFICIENCY
    if kpi in EFFECTIVENESS:
        return Aspect.EFFECTIVENESS
    return None


def better_of(kpi: str) -> Better:
    """The direction in which ``kpi`` improves: the registry's, or for a neutral efficiency KPI
    (occupancy) the efficient one."""
    registered = REGISTRY[kpi].better if kpi in REGISTRY else Better.HIGHER
    if registered is Better.NEUTRAL:
        return EFFICIENCY_BETTER.get(kpi, Better.NEUTRAL)
    return registered


class Sample(StrEnum):
    CONTACTS = "contacts"
    RESPONSES = "survey responses"
    EVALUATIONS = "evaluations"


MIN_SAMPLE: dict[Sample, int] = {Sample.CONTACTS: 30, Sample.RESPONSES: 10, Sample.EVALUATIONS: 5}
"""Below these a value is flagged low-confidence. 30 contacts is the usual floor for a mean's
normal approximation; 10 responses keeps a satisfaction share's 95% interval within about
±30 points at worst (1.96 × √(0.25 / 10) = 0.31), which is as wide as anyone should act on.
Quality evaluations are costly, so a month holds few per agent (4 to 10 is usual): with scores
spread about 10 points either side of an agent's mean, 5 put a QA score's 95% interval within
about ±9 points (1.96 × 10 / √5 = 8.8)."""

_SURVEY_SAMPLE = {"csat": "csat_responses", "nps": "nps_responses", "ces": "ces_responses",
                  "response_rate": "answered"}  # fmt: skip


def sample_kind(kpi: str) -> Sample:
    """Whether ``kpi`` rests on contacts or on survey responses.

    >>> sample_kind("csat").value, sample_kind("aht").value
    ('survey responses', 'contacts')
    """
    return sample_size(kpi, {})[1]


def sample_size(kpi: str, measures: Measures) -> tuple[int, Sample]:
    """How many contacts, survey responses or evaluations stand behind ``kpi``'s value.

    >>> sample_size("csat", {"csat_responses": 12.0, "answered": 340.0})
    (12, <Sample.RESPONSES: 'survey responses'>)
    >>> sample_size("fcr", {"fcr_handled": 280.0, "answered": 340.0})
    (280, <Sample.CONTACTS: 'contacts'>)
    >>> sample_size("qa_score", {"qa_evaluations": 6.0, "answered": 340.0})
    (6, <Sample.EVALUATIONS: 'evaluations'>)
    """
    family = REGISTRY[kpi].family if kpi in REGISTRY else Family.CONTACTS
    if family is Family.SURVEYS and kpi != "response_rate":
        return int(measures.get(_SURVEY_SAMPLE[kpi], 0)), Sample.RESPONSES
    if family is Family.FCR:
        return int(measures.get("fcr_handled", 0)), Sample.CONTACTS
    if family is Family.QUALITY:
        counted = "qa_compliance_evaluations" if kpi == "compliance_pass_rate" else "qa_evaluations"
        return int(measures.get(counted, 0)), Sample.EVALUATIONS
    if kpi in ("abandonment_rate", "offered", "abandoned", "short_abandoned", "service_level"):
        return int(measures.get("offered", 0)), Sample.CONTACTS
    return int(measures.get("answered", 0)), Sample.CONTACTS


def low_confidence(size: int, kind: Sample) -> bool:
    return size < MIN_SAMPLE[kind]
