"""Every KPI Switchboard reports: its name, formula, unit, direction and the settings it uses.

``docs/kpis.md`` is generated from this registry (``switchboard report kpi-docs``), and a test
fails when the two drift apart.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from switchboard.domain.kpi import formulas as f
from switchboard.domain.kpi.measures import STATE_MEASURES, Measures
from switchboard.domain.kpi.settings import KpiSettings


class Unit(StrEnum):
    CONTACTS = "contacts"
    RATIO = "ratio"
    SECONDS = "seconds"
    SCORE = "score"


class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NEUTRAL = "neutral"
    """Volumes: more is neither good nor bad in itself."""


class Family(StrEnum):
    """Where a KPI's measures come from; agent-state KPIs cannot be split by queue or channel."""

    CONTACTS = "contacts"
    SURVEYS = "surveys"
    FCR = "fcr"
    STATES = "states"
    QUALITY = "quality"
    """Quality evaluations: placed by the evaluated contact's queue, channel and time."""


Compute = Callable[[Measures, KpiSettings], float | None]


@dataclass(frozen=True)
class Kpi:
    name: str
    title: str
    formula: str
    unit: Unit
    better: Better
    family: Family
    compute: Compute
    settings: tuple[str, ...] = ()
    notes: str = ""


def _count(name: str) -> Compute:
    return lambda m, s: int(m[name])


def _abandoned(m: Measures, s: KpiSettings) -> int:
    return int(m["abandoned_all"] - m["abandoned_short"])


def _aht(m: Measures, s: KpiSettings) -> float | None:
    return f.ratio(m["talk_sum"] + m["hold_sum"] + m["wrap_sum"], m["answered"])


def _service_level(m: Measures, s: KpiSettings) -> float | None:
    return f.service_level(
        answered_within=m["answered_in_sl"],
        answered=m["answered"],
        abandoned_within=m["abandoned_in_sl"],
        abandoned=_abandoned(m, s),
        treatment=s.abandon_treatment,
    )


def _abandon_rate(m: Measures, s: KpiSettings) -> float | None:
    return f.ratio(_abandoned(m, s), m["offered"] - m["abandoned_short"])


def _average_abandon_time(m: Measures, s: KpiSettings) -> float | None:
    return f.ratio(m["abandon_wait_all"] - m["abandon_wait_short"], _abandoned(m, s))


def _longest_wait(m: Measures, s: KpiSettings) -> float | None:
    return m["wait_max"] if m["offered"] else None


def _occupancy(m: Measures, s: KpiSettings) -> float | None:
    return f.occupancy(on_contact=m["on_contact"], wrap_up=m["wrap_up"], available=m["available"])


def paid_seconds(m: Measures) -> float:
    """Without schedules, paid time is logged-in time: every state but offline."""
    return sum(m[state] for state in STATE_MEASURES)


def _utilisation(m: Measures, s: KpiSettings) -> float | None:
    return f.ratio(m["on_contact"] + m["wrap_up"], paid_seconds(m))


def _shrinkage(m: Measures, s: KpiSettings) -> float | None:
    away = m["break"] + m["lunch"] + m["training"] + m["meeting"] + m["coaching"]
    return f.ratio(away, paid_seconds(m))


def _nps(m: Measures, s: KpiSettings) -> float | None:
    return f.net_promoter_score(
        promoters=m["nps_promoters"], detractors=m["nps_detractors"], responses=m["nps_responses"]
    )


def _per_answered(name: str) -> Compute:
    return lambda m, s: f.ratio(m[name], m["answered"])


_C, _R, _S, _SC = Unit.CONTACTS, Unit.RATIO, Unit.SECONDS, Unit.SCORE
_HI, _LO, _NE = Better.HIGHER, Better.LOWER, Better.NEUTRAL
_SL_SETTINGS = ("service_level_seconds", "abandon_treatment", "short_abandon_seconds")

KPIS: tuple[Kpi, ...] = (
    Kpi("offered", "Offered", "contacts that entered a queue (short abandons included)",
        _C, _NE, Family.CONTACTS, _count("offered"),
        notes="Inbound queue visits; a transfer into another queue is offered there too. Contacts "
              "that never joined a queue (full, closed, diverted) are not offered."),
    Kpi("answered", "Answered", "offered contacts an agent answered (transferred ones included)",
        _C, _NE, Family.CONTACTS, _count("answered")),
    Kpi("abandoned", "Abandoned", "offered contacts the customer left before an answer, "
        "waiting longer than the short-abandon threshold", _C, _LO, Family.CONTACTS, _abandoned,
        ("short_abandon_seconds",)),
    Kpi("short_abandoned", "Short abandoned", "abandoned contacts that waited no longer than "
        "the short-abandon threshold", _C, _NE, Family.CONTACTS, _count("abandoned_short"),
        ("short_abandon_seconds",), "A short abandon counts as offered but not as abandoned."),
    Kpi("service_level", "Service level", "answered within T ÷ answered (exclude); "
        "answered within T ÷ (answered + abandoned) (against); (answered within T + abandoned "
        "within T) ÷ (answered + abandoned) (in favour)", _R, _HI, Family.CONTACTS,
        _service_level, _SL_SETTINGS,
        "Within T means a wait of T seconds or less. Timed-out and callback exits are left out."),
    Kpi("asa", "Average speed of answer", "total wait of answered contacts ÷ answered",
        _S, _LO, Family.CONTACTS, _per_answered("answered_wait_sum")),
    Kpi("aht", "Average handle time", "(talk + hold + wrap-up) ÷ answered", _S, _LO,
        Family.CONTACTS, _aht),
    Kpi("talk_time", "Average talk time", "talk ÷ answered", _S, _NE, Family.CONTACTS,
        _per_answered("talk_sum")),
    Kpi("hold_time", "Average hold time", "hold ÷ answered", _S, _LO, Family.CONTACTS,
        _per_answered("hold_sum")),
    Kpi("wrap_time", "Average wrap-up time", "wrap-up (after-contact work) ÷ answered", _S, _LO,
        Family.CONTACTS, _per_answered("wrap_sum")),
    Kpi("abandonment_rate", "Abandonment rate", "abandoned ÷ (offered − short abandoned)",
        _R, _LO, Family.CONTACTS, _abandon_rate, ("short_abandon_seconds",)),
    Kpi("average_abandon_time", "Average abandon time", "total wait of abandoned contacts ÷ "
        "abandoned (short abandons excluded)", _S, _NE, Family.CONTACTS, _average_abandon_time,
        ("short_abandon_seconds",)),
    Kpi("longest_wait", "Longest wait", "the longest wait of any offered contact", _S, _LO,
        Family.CONTACTS, _longest_wait),
    Kpi("fcr", "First contact resolution", "answered contacts with no repeat contact from the "
        "same customer on the same reason within the window ÷ answered contacts with a known "
        "customer", _R, _HI, Family.FCR, lambda m, s: f.ratio(m["fcr_resolved"], m["fcr_handled"]),
        ("fcr_window_seconds",),
        "A repeat is a later inbound contact (not a transfer of the same one) arriving within "
        "the window after this one arrived; reasons match when both are equal or both unknown."),
    Kpi("transfer_rate", "Transfer rate", "answered contacts transferred ÷ answered", _R, _LO,
        Family.CONTACTS, _per_answered("transferred")),
    Kpi("escalation_rate", "Escalation rate", "answered contacts escalated ÷ answered", _R, _LO,
        Family.CONTACTS, _per_answered("escalated")),
    Kpi("occupancy", "Occupancy", "(on contact + wrap-up) ÷ (on contact + wrap-up + available)",
        _R, _NE, Family.STATES, _occupancy,
        notes="Agent-state KPIs belong to people, not queues: split by queue or channel they are "
              "null."),
    Kpi("utilisation", "Utilisation", "(on contact + wrap-up) ÷ paid time", _R, _HI,
        Family.STATES, _utilisation,
        notes="Until schedules exist, paid time is logged-in time: every state but offline."),
    Kpi("shrinkage", "Shrinkage", "paid time not available for contacts (break, lunch, "
        "training, meeting, coaching) ÷ paid time", _R, _LO, Family.STATES, _shrinkage),
    Kpi("csat", "Customer satisfaction (CSAT)", "CSAT responses in the top boxes of their "
        "scale ÷ CSAT responses", _R, _HI, Family.SURVEYS,
        lambda m, s: f.ratio(m["csat_satisfied"], m["csat_responses"]), ("csat_top_boxes",),
        "Top two boxes by default: 4 and 5 on a 1–5 scale."),
    Kpi("nps", "Net Promoter Score", "% of responses scoring 9–10 minus % scoring 0–6", _SC, _HI,
        Family.SURVEYS, _nps),
    Kpi("ces", "Customer effort score", "mean CES score", _SC, _HI, Family.SURVEYS,
        lambda m, s: f.ratio(m["ces_sum"], m["ces_responses"]),
        notes="CES 2.0 wording: a higher score means the contact was easier."),
    Kpi("response_rate", "Survey response rate", "answered contacts with a survey response ÷ "
        "answered", _R, _HI, Family.SURVEYS, _per_answered("surveyed")),
    Kpi("qa_score", "QA score", "mean evaluation score (0–100) of submitted regular "
        "evaluations", _SC, _HI, Family.QUALITY,
        lambda m, s: f.ratio(m["qa_score_sum"], m["qa_evaluations"]),
        notes="An evaluation counts once submitted (acknowledged, disputed and resolved ones too; "
              "a disputed score stands until the arbitrator resolves it) and is placed by the "
              "evaluated contact's arrival, queue and channel and by the evaluated agent. "
              "Calibration evaluations and drafts are left out; an auto-failed evaluation counts "
              "as 0; an evaluation whose every answer is N/A has no score and is left out."),
    Kpi("compliance_pass_rate", "Compliance pass rate", "evaluations that passed every "
        "applicable compliance item ÷ evaluations with at least one applicable compliance item",
        _R, _HI, Family.QUALITY,
        lambda m, s: f.ratio(m["qa_compliance_passed"], m["qa_compliance_evaluations"]),
        notes="The same evaluations as the QA score. An auto-fail does not fail compliance: "
              "compliance is judged on the compliance items alone, and an evaluation whose "
              "compliance items were all N/A is left out."),
)  # fmt: skip

REGISTRY: dict[str, Kpi] = {kpi.name: kpi for kpi in KPIS}


def compute_all(
    measures: Measures, settings: KpiSettings, names: tuple[str, ...]
) -> dict[str, float | None]:
    return {name: REGISTRY[name].compute(measures, settings) for name in names}
