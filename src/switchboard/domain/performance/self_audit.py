"""An agent's self-audit: each KPI against its target and against the team, strengths and
development areas, and the efficiency gains that cost effectiveness.

The qualification units ask an agent to "conduct a self-audit of current performance against
contact centre KPIs, identifying strengths and areas for development". This module judges each
KPI the way a team leader would:

1. **The target first.** A KPI at green is a strength; at red it is a development area. The
   target is the organisation's standard, so it outranks the team comparison.
2. **Then the team.** Without a target, or at amber, a KPI in the team's top quartile is a
   strength and one in the bottom quartile a development area. The standing is a percentile
   rank (:func:`percentile_rank`), direction-aware: 90 means better than 90% of the team.
3. **Volumes and occupancy are not judged.** The registry gives them no better direction: more
   contacts or higher occupancy is not in itself good.

Each point keeps its numbers and the contacts behind them; a small sample is flagged
low-confidence (:mod:`.aspects`) but still shown, since the agent may know why it is small.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from switchboard.domain.kpi import REGISTRY, Better, Rag, Target, Unit, rag
from switchboard.domain.performance.aspects import (
    Aspect,
    Sample,
    aspect_of,
    better_of,
    low_confidence,
)
from switchboard.domain.performance.wording import label, show

TOP_QUARTILE = 75.0
BOTTOM_QUARTILE = 25.0
MIN_TEAM = 4
"""A team of fewer than four has no quartiles worth the name (as for outliers): the percentile
rank is shown from two members, but only a team of four or more makes a KPI a strength or a
development area by standing alone."""
MATERIAL_RATIO = 0.02
"""A ratio KPI (FCR, CSAT, occupancy) moved materially when it moved 2 points or more."""
MATERIAL_RELATIVE = 0.03
"""Any other KPI (AHT, NPS) moved materially when it moved 3% or more of its earlier value."""


class Judgement(StrEnum):
    STRENGTH = "strength"
    DEVELOPMENT = "development area"
    STEADY = "steady"
    """Judged, and neither a strength nor a development area."""
    NOT_JUDGED = "not judged"
    """No value, or no better direction."""


@dataclass(frozen=True)
class KpiFigures:
    """What the data says about one KPI for the agent and the period.

    ``team_values`` holds every team member's value for the period, this agent's included;
    ``previous`` is the agent's value for the period before, of the same length.
    """

    kpi: str
    value: float | None
    sample: int
    sample_kind: Sample = Sample.CONTACTS
    target: Target | None = None
    team_values: tuple[float, ...] = ()
    previous: float | None = None
    previous_sample: int = 0


@dataclass(frozen=True)
class AuditPoint:
    kpi: str
    value: float | None
    sample: int
    sample_kind: Sample
    low_confidence: bool
    aspect: Aspect | None
    target: Target | None
    status: Rag | None
    team_size: int
    team_percentile: float | None
    """Better than this percentage of the team (ties count half); None without a team."""
    judgement: Judgement
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Change:
    kpi: str
    before: float
    after: float


@dataclass(frozen=True)
class TradeOff:
    """An efficiency KPI improved while effectiveness KPIs got worse, period on period."""

    gain: Change
    losses: tuple[Change, ...]
    message: str


@dataclass(frozen=True)
class SelfAudit:
    points: tuple[AuditPoint, ...]
    trade_offs: tuple[TradeOff, ...]

    @property
    def strengths(self) -> tuple[AuditPoint, ...]:
        return tuple(p for p in self.points if p.judgement is Judgement.STRENGTH)

    @property
    def development_areas(self) -> tuple[AuditPoint, ...]:
        return tuple(p for p in self.points if p.judgement is Judgement.DEVELOPMENT)


def percentile_rank(value: float, values: Sequence[float], better: Better) -> float:
    """The percentage of ``values`` that ``value`` does better than, ties counting half.

    This is the "mean" percentile rank (``scipy.stats.percentileofscore(kind="mean")``), turned
    round for a KPI where lower is better. ``values`` includes ``value`` itself.

    >>> percentile_rank(0.80, [0.70, 0.75, 0.80, 0.90], Better.HIGHER)  # (2 + 0.5) / 4
    62.5
    >>> percentile_rank(300, [280, 300, 350, 400], Better.LOWER)  # (2 + 0.5) / 4
    62.5
    """
    sign = -1.0 if better is Better.LOWER else 1.0
    worse = sum(1 for v in values if sign * v < sign * value)
    ties = sum(1 for v in values if v == value)
    return 100.0 * (worse + 0.5 * ties) / len(values)


def audit(figures: Sequence[KpiFigures]) -> SelfAudit:
    """Judge each KPI, then look for efficiency gains bought with effectiveness."""
    return SelfAudit(tuple(_point(f) for f in figures), tuple(trade_offs(figures)))


def _point(figures: KpiFigures) -> AuditPoint:
    better = REGISTRY[figures.kpi].better if figures.kpi in REGISTRY else Better.HIGHER
    value, team = figures.value, figures.team_values
    standing = None
    if value is not None and len(team) >= 2 and better is not Better.NEUTRAL:
        standing = percentile_rank(value, team, better)
    status = rag(value, figures.target, better)
    ranked = standing if len(team) >= MIN_TEAM else None
    judgement, reasons = _judge(value, better, status, ranked, standing, len(team))
    return AuditPoint(
        kpi=figures.kpi, value=value, sample=figures.sample, sample_kind=figures.sample_kind,
        low_confidence=low_confidence(figures.sample, figures.sample_kind),
        aspect=aspect_of(figures.kpi), target=figures.target, status=status,
        team_size=len(team), team_percentile=standing, judgement=judgement, reasons=reasons,
    )  # fmt: skip


def _judge(
    value: float | None, better: Better, status: Rag | None, ranked: float | None,
    standing: float | None, team: int,
) -> tuple[Judgement, tuple[str, ...]]:  # fmt: skip
    """``ranked`` is the standing when the team is large enough to judge by it."""
    if value is None:
        return Judgement.NOT_JUDGED, ("no contacts in the period",)
    if better is Better.NEUTRAL:
        return Judgement.NOT_JUDGED, ("neither higher nor lower is better in itself",)
    reasons = [_status_reason(status), _standing_reason(standing, team)]
    if status is Rag.GREEN:
        judgement = Judgement.STRENGTH
    elif status is Rag.RED:
        judgement = Judgement.DEVELOPMENT
    elif ranked is not None and ranked >= TOP_QUARTILE:
        judgement = Judgement.STRENGTH
    elif ranked is not None and ranked <= BOTTOM_QUARTILE:
        judgement = Judgement.DEVELOPMENT
    else:
        judgement = Judgement.STEADY
    return judgement, tuple(r for r in reasons if r)


def _status_reason(status: Rag | None) -> str:
    return {
        Rag.GREEN: "meets the target",
        Rag.AMBER: "close to the target (amber)",
        Rag.RED: "misses the target",
        None: "",
    }[status]


def _standing_reason(standing: float | None, team: int) -> str:
    if standing is None:
        return f"a team of {team} is too small to rank in" if team else ""
    if team < MIN_TEAM:
        return f"better than {standing:.0f}% of a team of {team}, too few for quartiles"
    if standing >= TOP_QUARTILE:
        where = "in the team's top quartile"
    elif standing <= BOTTOM_QUARTILE:
        where = "in the team's bottom quartile"
    else:
        where = "in the middle half of the team"
    return f"{where} (better than {standing:.0f}% of {team})"


def trade_offs(figures: Sequence[KpiFigures]) -> list[TradeOff]:
    """Each efficiency KPI that improved materially since the previous period while one or more
    effectiveness KPIs got materially worse, all on samples large enough to judge."""
    moved = [f for f in figures if _comparable(f)]
    gains = [f for f in moved if aspect_of(f.kpi) is Aspect.EFFICIENCY and _material(f) > 0]
    losses = [f for f in moved if aspect_of(f.kpi) is Aspect.EFFECTIVENESS and _material(f) < 0]
    return (
        [_trade_off(_change(gain), [_change(loss) for loss in losses]) for gain in gains]
        if losses
        else []
    )


def _comparable(f: KpiFigures) -> bool:
    return (
        f.value is not None
        and f.previous is not None
        and not low_confidence(f.sample, f.sample_kind)
        and not low_confidence(f.previous_sample, f.sample_kind)
    )


def _material(f: KpiFigures) -> int:
    """+1 if ``f`` improved materially, −1 if it got materially worse, else 0."""
    assert f.value is not None
    assert f.previous is not None
    change = f.value - f.previous
    if _unit(f.kpi) is Unit.RATIO:
        big = abs(change) >= MATERIAL_RATIO - 1e-12
    else:
        big = f.previous != 0 and abs(change) >= MATERIAL_RELATIVE * abs(f.previous) - 1e-12
    if not big or change == 0:
        return 0
    sign = -1 if better_of(f.kpi) is Better.LOWER else 1
    return 1 if sign * change > 0 else -1


def _unit(kpi: str) -> Unit:
    return REGISTRY[kpi].unit if kpi in REGISTRY else Unit.SCORE


def _change(f: KpiFigures) -> Change:
    assert f.previous is not None
    assert f.value is not None
    return Change(f.kpi, f.previous, f.value)


def _trade_off(gain: Change, losses: list[Change]) -> TradeOff:
    worse = ", ".join(
        f"{label(c.kpi)} {_shown(c.kpi, c.before)} → {_shown(c.kpi, c.after)}" for c in losses
    )
    message = (
        f"{label(gain.kpi)} improved from {_shown(gain.kpi, gain.before)} to "
        f"{_shown(gain.kpi, gain.after)} while effectiveness got worse: {worse}. "
        "An efficiency gain may have cost effectiveness."
    )
    return TradeOff(gain, tuple(losses), message)


def _shown(kpi: str, value: float) -> str:
    return show(value, _unit(kpi))
