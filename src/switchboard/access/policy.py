"""The access policy as data: for each role and each kind of people data, how far it reaches.

This table is the only place that decides who sees what. Routes never test roles themselves:
they ask :func:`require` whether a kind is open to the viewer at all, and apply
:func:`switchboard.access.repository.agent_filter` to every query that reads people data.
``docs/security.md`` ("Who sees what") prints the same matrix; a test keeps them in step.
"""

from enum import IntEnum, StrEnum

from switchboard.access.viewer import Viewer
from switchboard.kit.errors import ForbiddenError
from switchboard.people.models import Role


class Kind(StrEnum):
    """A kind of people data: records about one agent, or (the audit log) about the system."""

    AGENTS = "agents"
    """The roster: who the agents are, their names and teams."""
    INTERACTIONS = "interactions"
    """Individual contacts an agent handled, with their details."""
    AGENT_STATES = "agent_states"
    """When an agent was available, on a contact, on a break: adherence's raw material."""
    AGENT_KPIS = "agent_kpis"
    """KPIs per agent, and per team or site built from them."""
    DEVELOPMENT = "development"
    """Self-audits, goals, feedback, coaching, actions, improvements and the reflective log."""
    PRIVATE_DEVELOPMENT = "private_development"
    """Feedback marked private, wellbeing signals and check-ins: the agent's and their team
    leader's alone, so not even a manager or an administrator reads them."""
    EVALUATIONS = "evaluations"
    """Quality evaluations of an agent's contacts, their disputes and calibration scores."""
    AUDIT_LOG = "audit_log"
    """The audit trail; holds ids only, so it is open or closed as a whole."""

    @property
    def per_agent(self) -> bool:
        """Whether rows belong to an agent, so that a reach narrower than ``all`` means anything."""
        return self is not Kind.AUDIT_LOG


class Reach(IntEnum):
    """How far a role sees. Each reach includes the ones before it, so a manager who also leads
    a team at another site still sees that team, and everyone with any reach sees themselves."""

    NONE = 0
    SELF = 1
    """The viewer's own agent record, if they have one."""
    LED_TEAMS = 2
    """Agents of the teams the viewer leads (``teams.leader_id``)."""
    SITES = 3
    """Agents of teams at the viewer's sites (``users.site_id`` and ``user_sites``)."""
    ALL = 4


_N, _S, _T, _M, _A = Reach.NONE, Reach.SELF, Reach.LED_TEAMS, Reach.SITES, Reach.ALL

# fmt: off
POLICY: dict[Role, dict[Kind, Reach]] = {
    # Agents see their own records; their team's figures come anonymised (TEAM_AGGREGATE_ROLES).
    Role.AGENT: {Kind.AGENTS: _S, Kind.INTERACTIONS: _S, Kind.AGENT_STATES: _S,
                 Kind.AGENT_KPIS: _S, Kind.DEVELOPMENT: _S, Kind.PRIVATE_DEVELOPMENT: _S,
                 Kind.EVALUATIONS: _S, Kind.AUDIT_LOG: _N},
    # Team leaders manage, coach and review the people in the teams they lead.
    Role.TEAM_LEADER: {Kind.AGENTS: _T, Kind.INTERACTIONS: _T, Kind.AGENT_STATES: _T,
                       Kind.AGENT_KPIS: _T, Kind.DEVELOPMENT: _T, Kind.PRIVATE_DEVELOPMENT: _T,
                       Kind.EVALUATIONS: _T, Kind.AUDIT_LOG: _N},
    # Quality analysts evaluate anyone's contacts, but performance management is not theirs.
    Role.QUALITY_ANALYST: {Kind.AGENTS: _A, Kind.INTERACTIONS: _A, Kind.AGENT_STATES: _N,
                           Kind.AGENT_KPIS: _N, Kind.DEVELOPMENT: _N,
        Kind.PRIVATE_DEVELOPMENT: _N, Kind.EVALUATIONS: _A, Kind.AUDIT_LOG: _N},
    # Planners schedule everyone and watch adherence from states; they work from queue-level
    # figures, not from what was said on a contact or how one agent performs.
    Role.PLANNER: {Kind.AGENTS: _A, Kind.INTERACTIONS: _N, Kind.AGENT_STATES: _A,
                   Kind.AGENT_KPIS: _N, Kind.DEVELOPMENT: _N,
        Kind.PRIVATE_DEVELOPMENT: _N, Kind.EVALUATIONS: _N, Kind.AUDIT_LOG: _N},
    # Operations managers run their site or sites, through the team leaders there. Private
    # development records (private feedback, wellbeing) stay between agent and team leader.
    Role.MANAGER: {Kind.AGENTS: _M, Kind.INTERACTIONS: _M, Kind.AGENT_STATES: _M,
                   Kind.AGENT_KPIS: _M, Kind.DEVELOPMENT: _M,
        Kind.PRIVATE_DEVELOPMENT: _N, Kind.EVALUATIONS: _M, Kind.AUDIT_LOG: _N},
    # Compliance audits contacts (complaints, payments, recordings) and the audit trail.
    Role.COMPLIANCE: {Kind.AGENTS: _A, Kind.INTERACTIONS: _A, Kind.AGENT_STATES: _N,
                      Kind.AGENT_KPIS: _N, Kind.DEVELOPMENT: _N,
        Kind.PRIVATE_DEVELOPMENT: _N, Kind.EVALUATIONS: _A, Kind.AUDIT_LOG: _A},
    # Administrators set the system up and answer for it, so they see everything but the
    # private development records, which are the agent's and their team leader's alone.
    Role.ADMIN: {Kind.AGENTS: _A, Kind.INTERACTIONS: _A, Kind.AGENT_STATES: _A,
                 Kind.AGENT_KPIS: _A, Kind.DEVELOPMENT: _A,
        Kind.PRIVATE_DEVELOPMENT: _N, Kind.EVALUATIONS: _A, Kind.AUDIT_LOG: _A},
}
# fmt: on

QUALITY_EDITORS: frozenset[Role] = frozenset({Role.QUALITY_ANALYST, Role.ADMIN})
"""Roles who build scorecards, set sampling rules, score contacts and run calibration. They
see every agent's evaluations (reach ``all``), so scoring needs no further scope."""
CALIBRATORS: frozenset[Role] = QUALITY_EDITORS | {Role.TEAM_LEADER}
"""Roles who may take part in a calibration session and score its contacts blind: team
leaders coach against the scorecard, so their reading of it is calibrated too."""
ARBITRATORS: frozenset[Role] = frozenset({Role.QUALITY_ANALYST, Role.MANAGER, Role.ADMIN})
"""Roles who may resolve a dispute about an evaluation in their reach, never their own."""

TEAM_AGGREGATE_ROLES: frozenset[Role] = frozenset({Role.AGENT})
"""Roles who also see their own team's KPIs as a whole (a team total or median, never a row per
agent), so an agent can see where they stand without learning how a named colleague did."""


def reach_of(role: Role, kind: Kind) -> Reach:
    """The table's answer; a role or kind missing from it reaches nothing (fail closed)."""
    return POLICY.get(role, {}).get(kind, Reach.NONE)


def require(viewer: Viewer, kind: Kind) -> Reach:
    """The viewer's reach for ``kind``; :class:`ForbiddenError` if their role has none at all.

    A route calls this first, so a role that may never see a kind gets 403 rather than an empty
    page that looks like missing data. Rows within the reach still need ``agent_filter``.
    """
    reach = reach_of(viewer.role, kind)
    if reach is Reach.NONE:
        raise ForbiddenError(f"the {viewer.role.value} role cannot see {kind.value}")
    return reach


def require_role(viewer: Viewer, roles: frozenset[Role], doing: str) -> None:
    """:class:`ForbiddenError` unless the viewer's role is one of ``roles``."""
    if viewer.role not in roles:
        raise ForbiddenError(f"the {viewer.role.value} role cannot {doing}")


def team_aggregate_scope(viewer: Viewer) -> int | None:
    """The team whose anonymised aggregates the viewer may see, beyond their own reach: their
    own team, for roles in :data:`TEAM_AGGREGATE_ROLES`; otherwise None.

    Only for queries that group to the team and select no agent id or name.
    """
    if viewer.role in TEAM_AGGREGATE_ROLES:
        return viewer.team_id
    return None
