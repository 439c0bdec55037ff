"""Which dashboard each viewer gets, decided here once; the home page and the routes both ask.

Queue-level and centre-wide figures name no one, so the access policy does not restrict them
(docs/security.md, "Who sees what"). Who gets the overview and the live view is therefore a
product decision: the roles that run or plan the floor. "My performance" is the viewer's own
agent record, so it follows the policy: their role must reach their own KPIs, and they must have
an agent record to reach.
"""

from dataclasses import dataclass

from switchboard.access.policy import (
    ARBITRATORS,
    QUALITY_EDITORS,
    Kind,
    Reach,
    reach_of,
    require,
)
from switchboard.access.viewer import Viewer
from switchboard.kit.errors import ForbiddenError
from switchboard.people.models import Role
from switchboard.web.errors import PermissionRefusedError

OPERATIONS_ROLES = frozenset({Role.TEAM_LEADER, Role.PLANNER, Role.MANAGER, Role.ADMIN})
"""Who sees the centre overview and the live view: the people who run or plan the floor."""


@dataclass(frozen=True)
class Dashboard:
    path: str
    title: str
    summary: str


MY_PERFORMANCE = Dashboard(
    "/my-performance", "My performance", "Your KPIs against targets and your team's median."
)
OVERVIEW = Dashboard(
    "/overview", "Centre overview", "The week's KPIs, queues side by side, week on week."
)
TEAM = Dashboard(
    "/team", "My team", "Each member's KPIs with outliers flagged, and the team's queues today."
)
LIVE = Dashboard("/live", "Live view", "Contacts waiting, the longest wait and agents by state.")
MY_DEVELOPMENT = Dashboard(
    "/my-development", "My development",
    "Your self-audit, SMART goals, feedback, actions, reflective log and wellbeing.",
)  # fmt: skip
TEAM_DEVELOPMENT = Dashboard(
    "/team-development", "Team development",
    "Each agent's goals, actions, feedback and one-to-ones, with the coaching forms.",
)  # fmt: skip

MY_EVALUATIONS = Dashboard(
    "/my-evaluations", "My evaluations",
    "Your scored contacts: the answers and comments, to acknowledge or dispute.",
)  # fmt: skip
QUALITY = Dashboard(
    "/quality", "Quality",
    "Your evaluation worklist, scorecards, calibration sessions and disputes.",
)  # fmt: skip
TEAM_EVALUATIONS = Dashboard(
    "/quality/team", "Team evaluations", "The submitted evaluations of the agents in your reach."
)
DISPUTES = Dashboard(
    "/quality/disputes", "Disputes", "Disputed evaluations waiting for an arbitrator."
)


def refused(viewer: Viewer, message: str, reason: str) -> PermissionRefusedError:
    """A 403 that the audit trail records as ``permission_denied``."""
    return PermissionRefusedError(message, reason=reason, actor_user_id=viewer.user_id)


def require_own_kpis(viewer: Viewer) -> int:
    """The viewer's own agent id, if their role reaches their own KPIs and they have one."""
    try:
        require(viewer, Kind.AGENT_KPIS)
    except ForbiddenError as exc:
        raise refused(viewer, exc.message, "my_performance") from exc
    if viewer.agent_id is None:
        raise refused(viewer, "my performance is for people who take contacts", "my_performance")
    return viewer.agent_id


def require_operations(viewer: Viewer) -> None:
    if viewer.role not in OPERATIONS_ROLES:
        raise refused(
            viewer, "this dashboard is for team leaders, planners and managers", "operations"
        )


def leads_people(viewer: Viewer) -> bool:
    """Whether the viewer's role reaches other people's KPIs: team leaders, managers, admins."""
    return reach_of(viewer.role, Kind.AGENT_KPIS) >= Reach.LED_TEAMS


def require_team_view(viewer: Viewer) -> None:
    if not leads_people(viewer):
        raise refused(viewer, "the team dashboard is for team leaders and managers", "team")


def require_interactions(viewer: Viewer) -> None:
    try:
        require(viewer, Kind.INTERACTIONS)
    except ForbiddenError as exc:
        raise refused(viewer, exc.message, "interactions") from exc


def may_drill_down(viewer: Viewer) -> bool:
    """Whether the viewer may open the interactions list that numbers link to."""
    return reach_of(viewer.role, Kind.INTERACTIONS) is not Reach.NONE


def dashboards_for(viewer: Viewer, *, has_team: bool) -> list[Dashboard]:
    """The viewer's dashboards; ``has_team``: whether any team's members are in their reach."""
    found = []
    if viewer.agent_id is not None and reach_of(viewer.role, Kind.AGENT_KPIS) >= Reach.SELF:
        found.append(MY_PERFORMANCE)
    if leads_people(viewer) and has_team:
        found.append(TEAM)
    if viewer.role in OPERATIONS_ROLES:
        found += [OVERVIEW, LIVE]
    development = development_for(viewer, has_team=has_team)
    return found + development + quality_for(viewer, has_team=has_team)


def development_for(viewer: Viewer, *, has_team: bool) -> list[Dashboard]:
    """The development pages: the viewer's own (with an agent record), and their team's when
    their development reach goes beyond themselves and holds a team."""
    reach = reach_of(viewer.role, Kind.DEVELOPMENT)
    found = []
    if viewer.agent_id is not None and reach >= Reach.SELF:
        found.append(MY_DEVELOPMENT)
    if reach >= Reach.LED_TEAMS and has_team:
        found.append(TEAM_DEVELOPMENT)
    return found


def quality_for(viewer: Viewer, *, has_team: bool) -> list[Dashboard]:
    """The quality pages: the viewer's own evaluations (with an agent record), the quality
    editors' worklist, or else the evaluations in their reach, and disputes for arbitrators.
    ``has_team`` is :func:`dashboards_for`'s, which only people who lead can have."""
    reach = reach_of(viewer.role, Kind.EVALUATIONS)
    found = []
    if viewer.agent_id is not None and reach >= Reach.SELF:
        found.append(MY_EVALUATIONS)
    if viewer.role in QUALITY_EDITORS:
        found.append(QUALITY)
    elif reach is Reach.ALL or (reach >= Reach.LED_TEAMS and has_team):
        found.append(TEAM_EVALUATIONS)  # compliance reads every evaluation, with no team
    if viewer.role in ARBITRATORS and viewer.role not in QUALITY_EDITORS:
        found.append(DISPUTES)
    return found
