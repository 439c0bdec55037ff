"""What a goal of each level and kind may hold, checked before anything is read or saved: a
broken shape is refused with 422 naming the field, where a goal that is well formed but not
SMART is refused with its findings (:mod:`switchboard.goals.checking`)."""

from switchboard.domain.kpi import REGISTRY
from switchboard.goals.models import GoalKind, Level
from switchboard.goals.schemas import GoalCreate
from switchboard.kit.errors import InputError, Location

MAX_BASELINE_DAYS = 366
PERSONAL_ONLY = ("baseline_from", "baseline_to", "behaviour", "evidence", "development_area")
_BASELINE = "a KPI goal names its baseline period, over which Switchboard measures the baseline"
_KPI_NEEDS = {
    "kpi": "a KPI goal names its KPI",
    "target": "a KPI goal has a target in the KPI's unit",
    "baseline_from": _BASELINE,
    "baseline_to": _BASELINE,
}


def bad(field: str, reason: str) -> InputError:
    """A 422 naming the request body's field: ``goal, field 'kpi': ...``."""
    return InputError(Location("goal", field=field), reason)


def check_shape(draft: GoalCreate) -> None:
    """Refuse what no goal of the draft's level and kind can hold."""
    if draft.level is Level.PERSONAL:
        _personal(draft)
    else:
        _shared(draft)
    if draft.development_area is not None and draft.development_area not in REGISTRY:
        raise bad("development_area", "is not a KPI: name the self-audit's KPI, such as fcr")


def _personal(draft: GoalCreate) -> None:
    if draft.agent_id is None:
        raise bad("agent_id", "a personal goal belongs to an agent")
    if draft.team_id is not None:
        raise bad("team_id", "a personal goal belongs to its agent, not to a team")
    if draft.kind is None:
        raise bad("kind", "a personal goal is a kpi goal or a behaviour goal")
    if draft.kind is GoalKind.KPI:
        _kpi(draft)
    else:
        _behaviour(draft)


def _kpi(draft: GoalCreate) -> None:
    """An unknown KPI is left to the SMART check, whose Specific finding names it."""
    for field, reason in _KPI_NEEDS.items():
        if getattr(draft, field) is None:
            raise bad(field, reason)
    for field in ("behaviour", "evidence"):
        if getattr(draft, field) is not None:
            raise bad(field, "a KPI goal is measured from the data: make it a behaviour goal")
    first, last = draft.baseline_from, draft.baseline_to
    if first and last and last < first:
        raise bad("baseline_to", "is before baseline_from")
    if first and last and (last - first).days >= MAX_BASELINE_DAYS:
        raise bad("baseline_to", f"a baseline period is at most {MAX_BASELINE_DAYS} days")


def _behaviour(draft: GoalCreate) -> None:
    if not draft.behaviour:
        raise bad("behaviour", "a behaviour goal names the behaviour")
    for field in ("kpi", "target", "baseline_from", "baseline_to"):
        if getattr(draft, field) is not None:
            raise bad(field, "a behaviour goal is evidenced, not measured: make it a KPI goal")


def _shared(draft: GoalCreate) -> None:
    """Objectives and team goals: a title, and a KPI and target when they name one."""
    if draft.agent_id is not None:
        raise bad("agent_id", "only a personal goal belongs to an agent")
    if draft.level is Level.TEAM and draft.team_id is None:
        raise bad("team_id", "a team goal belongs to a team")
    if draft.level is Level.OBJECTIVE:
        for field in ("team_id", "parent_id"):
            if getattr(draft, field) is not None:
                raise bad(field, "an organisational objective has none")
    for field in PERSONAL_ONLY:
        if getattr(draft, field) is not None:
            raise bad(field, "only a personal goal has one")
    _shared_kpi(draft)


def _shared_kpi(draft: GoalCreate) -> None:
    if draft.kpi is not None and draft.kpi not in REGISTRY:
        raise bad("kpi", "is not a KPI Switchboard measures")
    if draft.target is not None and draft.kpi is None:
        raise bad("target", "a target needs a KPI to be measured in")
    if draft.kind is GoalKind.KPI and draft.kpi is None:
        raise bad("kpi", "a KPI goal names its KPI")
    if draft.kind is GoalKind.BEHAVIOUR and draft.kpi is not None:
        raise bad("kind", "a goal that names a KPI is a kpi goal")


def kind_of(draft: GoalCreate) -> GoalKind:
    """A personal goal says its kind; an objective or team goal is a KPI goal when it names one."""
    if draft.kind is not None:
        return draft.kind
    return GoalKind.KPI if draft.kpi is not None else GoalKind.BEHAVIOUR
