"""A personal action list sorted into the urgent/important matrix (Eisenhower's).

Importance is the person's judgement (it serves a goal, a customer, a colleague). Urgency is
mostly the calendar: an action due within :data:`URGENT_DAYS` days (or overdue) is urgent
whether or not anyone marked it so, because an agent between contacts should not have to keep
re-reading due dates to see what is pressing.

>>> from datetime import date
>>> today = date(2026, 6, 1)
>>> actions = [
...     Action(1, "Read the new refunds policy", important=True, due=date(2026, 6, 20)),
...     Action(2, "Send the complaint letter", important=True, due=date(2026, 6, 2)),
...     Action(3, "Reply to the rota swap request", important=False, due=date(2026, 6, 1)),
...     Action(4, "Tidy my saved replies", important=False),
... ]
>>> [(q.value, [a.id for a in items]) for q, items in matrix(actions, today=today).items()]
[('do now', [2]), ('schedule', [1]), ('delegate or do quickly', [3]), ('drop or defer', [4])]
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

URGENT_DAYS = 2
"""Due today, tomorrow or the day after (or overdue): urgent."""


class Quadrant(StrEnum):
    DO = "do now"
    SCHEDULE = "schedule"
    DELEGATE = "delegate or do quickly"
    DROP = "drop or defer"


@dataclass(frozen=True)
class Action:
    id: int
    title: str
    important: bool
    due: date | None = None
    urgent: bool = False
    """Marked urgent by the person, whatever the due date says."""
    done: bool = False


def is_urgent(action: Action, *, today: date, urgent_days: int = URGENT_DAYS) -> bool:
    due_soon = action.due is not None and (action.due - today).days <= urgent_days
    return action.urgent or due_soon


def quadrant(action: Action, *, today: date, urgent_days: int = URGENT_DAYS) -> Quadrant:
    urgent = is_urgent(action, today=today, urgent_days=urgent_days)
    if action.important:
        return Quadrant.DO if urgent else Quadrant.SCHEDULE
    return Quadrant.DELEGATE if urgent else Quadrant.DROP


def matrix(
    actions: Sequence[Action], *, today: date, urgent_days: int = URGENT_DAYS
) -> dict[Quadrant, list[Action]]:
    """Open actions by quadrant (every quadrant present, in the order above), each list by due
    date, undated last."""
    found: dict[Quadrant, list[Action]] = {q: [] for q in Quadrant}
    for action in actions:
        if not action.done:
            found[quadrant(action, today=today, urgent_days=urgent_days)].append(action)
    for items in found.values():
        items.sort(key=lambda a: (a.due is None, a.due or today, a.id))
    return found
