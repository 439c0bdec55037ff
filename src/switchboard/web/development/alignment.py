"""What the goal alignment page shows: organisational objectives, the team goals that serve
them and the personal goals that support those (:func:`switchboard.goals.service.alignment`),
with the gaps said in words. The goals service scopes the tree to what the viewer may see."""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from switchboard.access.viewer import Viewer
from switchboard.domain.performance.alignment import Node
from switchboard.goals import service as goal_service
from switchboard.goals.models import Goal
from switchboard.web.development import repository
from switchboard.web.development.improvement_pages import require_development, team_name


@dataclass(frozen=True)
class Line:
    """One goal as the page lists it, with whose it is."""

    goal: Goal
    owner: str
    children: list["Line"]


@dataclass(frozen=True)
class AlignmentPage:
    objectives: list[Line]
    unattached: list[Line]
    """Team goals that serve no objective, with the personal goals that support them."""
    unsupported: list[Line]
    unlinked: list[Line]
    coverage: float | None
    team_goals: int
    supported: int


def alignment_page(*, session: Session, viewer: Viewer) -> AlignmentPage:
    require_development(viewer)
    view = goal_service.alignment(session=session, viewer=viewer)
    owners: dict[tuple[str, int], str] = {}

    def owner(goal: Goal) -> str:
        if goal.agent_id is not None:
            key = ("agent", goal.agent_id)
            if key not in owners:
                found = repository.agent(session, goal.agent_id)
                owners[key] = found.display_name if found else "—"
            return owners[key]
        if goal.team_id is not None:
            key = ("team", goal.team_id)
            owners.setdefault(key, team_name(session, goal.team_id))
            return owners[key]
        return "The organisation"

    def line(node: Node) -> Line:
        goal = view.goals[node.goal.id]
        return Line(goal, owner(goal), [line(child) for child in node.children])

    tree = view.tree
    team_nodes = [t for o in tree.objectives for t in o.children] + list(tree.unattached_team_goals)
    return AlignmentPage(
        objectives=[line(o) for o in tree.objectives],
        unattached=[line(t) for t in tree.unattached_team_goals],
        unsupported=[line(Node(g)) for g in tree.unsupported_team_goals],
        unlinked=[line(Node(g)) for g in tree.unlinked_personal_goals],
        coverage=tree.coverage, team_goals=len(team_nodes),
        supported=sum(1 for t in team_nodes if t.children),
    )  # fmt: skip
