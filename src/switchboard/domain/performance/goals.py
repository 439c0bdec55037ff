"""Goals in a personal development plan: a KPI goal, measured from the data, or a behaviour
goal, evidenced by what others see. :mod:`.smart` checks them and :mod:`.progress` tracks them."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Links:
    """What the goal serves: a development area from the self-audit (a KPI name), or a team goal
    (its id, as in :mod:`.alignment`)."""

    development_area: str | None = None
    team_goal: int | None = None


@dataclass(frozen=True)
class Baseline:
    """The KPI's value over a past period (dates inclusive); ``value`` is None with no data.

    ``sample`` is how many contacts or survey responses stand behind the value, when known.
    """

    value: float | None
    start: date
    end: date
    sample: int | None = None


@dataclass(frozen=True)
class KpiGoal:
    """Move ``kpi`` for ``scope`` (an agent, team or queue, as a name or id) from the baseline to
    ``target`` (in the KPI's unit: seconds, or a ratio between 0 and 1) by ``deadline``."""

    kpi: str
    scope: str
    baseline: Baseline
    target: float
    deadline: date | None
    review_dates: tuple[date, ...] = ()
    links: Links = Links()


@dataclass(frozen=True)
class BehaviourGoal:
    """Do ``behaviour`` (something a colleague could see or hear), shown by ``evidence``."""

    behaviour: str
    evidence: str
    deadline: date | None
    review_dates: tuple[date, ...] = ()
    links: Links = Links()


Goal = KpiGoal | BehaviourGoal
