"""Goal alignment: organisational objectives lead to team goals, which lead to personal goals.

The units ask everyone to link "personal goals to team and organisational goals", and name the
mistake of "overlooking ... aligning personal goals with team and organisational targets".
:func:`align` builds the tree and says where it is thin: team goals that no personal goal
supports (nobody is working on them) and personal goals that support nothing (the work is not
visibly connected to anything the team needs).

>>> tree = align(
...     objectives=[Goal(1, "Resolve more first time")],
...     team_goals=[Goal(10, "Blue team FCR 80%", parent=1), Goal(11, "Blue team CSAT 85%")],
...     personal_goals=[Goal(100, "Ann FCR 78%", parent=10), Goal(101, "Ben AHT 300 s")],
... )
>>> [g.title for g in tree.unsupported_team_goals], [g.title for g in tree.unlinked_personal_goals]
(['Blue team CSAT 85%'], ['Ben AHT 300 s'])
>>> tree.coverage
0.5
"""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Goal:
    """A goal at any level; ``parent`` is the id of the goal one level up that it supports."""

    id: int
    title: str
    parent: int | None = None


@dataclass(frozen=True)
class Node:
    goal: Goal
    children: tuple["Node", ...] = ()


@dataclass(frozen=True)
class Alignment:
    objectives: tuple[Node, ...]
    """Each objective with its team goals, each with its personal goals."""
    unattached_team_goals: tuple[Node, ...]
    """Team goals that name no objective (or one not in the tree), with their personal goals."""
    unsupported_team_goals: tuple[Goal, ...]
    unlinked_personal_goals: tuple[Goal, ...]

    @property
    def coverage(self) -> float | None:
        """The share of team goals that at least one personal goal supports; None without any."""
        team = [n for o in self.objectives for n in o.children] + list(self.unattached_team_goals)
        if not team:
            return None
        return sum(1 for n in team if n.children) / len(team)


def align(
    *, objectives: Sequence[Goal], team_goals: Sequence[Goal], personal_goals: Sequence[Goal]
) -> Alignment:
    """The tree of the three levels, in the order given, and its gaps."""
    team_ids = {g.id for g in team_goals}
    objective_ids = {g.id for g in objectives}
    team_nodes = {
        g.id: Node(g, tuple(Node(p) for p in personal_goals if p.parent == g.id))
        for g in team_goals
    }
    return Alignment(
        objectives=tuple(
            Node(o, tuple(team_nodes[t.id] for t in team_goals if t.parent == o.id))
            for o in objectives
        ),
        unattached_team_goals=tuple(
            team_nodes[t.id] for t in team_goals if t.parent not in objective_ids
        ),
        unsupported_team_goals=tuple(g for g in team_goals if not team_nodes[g.id].children),
        unlinked_personal_goals=tuple(p for p in personal_goals if p.parent not in team_ids),
    )
