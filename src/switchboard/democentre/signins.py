"""The demo's sign-ins: one user per role, so every dashboard has someone to show it to.

The passwords are published (``demo-USERNAME-switchboard``), so they belong in a demo store and
nowhere else: :func:`set_up_people` refuses a store holding contacts from any other source, as a
real centre's would. Users are created only when missing, so a password changed with
``switchboard users set-password`` survives every rerun of the demo.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from switchboard.auth import service as auth_service
from switchboard.democentre import repository
from switchboard.democentre.loading import SOURCE_SYSTEM
from switchboard.democentre.organisation import Organisation, audit, organise, team_name
from switchboard.democentre.staff import StaffMember
from switchboard.kit.errors import ConflictError
from switchboard.people.models import Agent, Role, User


@dataclass(frozen=True)
class DemoSignIn:
    username: str
    role: Role
    display_name: str
    """Fictional; the agent user takes the name of the demo agent it is linked to."""
    sees: str
    team: str | None = None
    """The team a team leader leads, or the agent works in."""

    @property
    def password(self) -> str:
        return f"demo-{self.username}-switchboard"


DEMO_SIGN_INS = (
    DemoSignIn("agent", Role.AGENT, "", "My performance, against the team", team="Retail"),
    DemoSignIn("teamleader", Role.TEAM_LEADER, "Grace Holloway",
               "The Retail team: its agents and queues", team="Retail"),
    DemoSignIn("qa", Role.QUALITY_ANALYST, "Nadia Kowalczyk", "Contacts to evaluate, centre-wide"),
    DemoSignIn("planner", Role.PLANNER, "Owen Marsh", "Demand, service level and staffing"),
    DemoSignIn("manager", Role.MANAGER, "Helen Achebe", "The Leeds site: queues, week on week"),
    DemoSignIn("compliance", Role.COMPLIANCE, "Ruth Adebayo", "The audit trail, data protection"),
    DemoSignIn("admin", Role.ADMIN, "Sam Carter", "Everything: users, teams, settings"),
)  # fmt: skip
"""One per role, in the order the sign-ins table prints them."""

OTHER_TEAM_LEADERS = (
    DemoSignIn("teamleader-cards", Role.TEAM_LEADER, "Marcus Reid", "The Cards team",
               team="Cards"),
    DemoSignIn("teamleader-digital", Role.TEAM_LEADER, "Leila Haddad", "The Digital team",
               team="Digital"),
)  # fmt: skip
"""Every team has a leader; these two are not in the table, but sign in the same way."""

SECOND_QUALITY_ANALYST = DemoSignIn(
    "qa2", Role.QUALITY_ANALYST, "Joel Mensah",
    "Contacts to evaluate, centre-wide; arbitrates disputes of Nadia's evaluations",
)  # fmt: skip
"""Added with the quality records (:mod:`switchboard.democentre.quality`): sampling shares the
contacts between two analysts, and Joel arbitrates disputes of Nadia's evaluations."""


@dataclass(frozen=True)
class DemoPeople:
    organisation: Organisation
    users: dict[str, User]
    """Every demo user, by username."""
    created: int
    """Users created by this run."""


FALLBACK_AGENT_NAME = "Alex Demo"  # when the store holds none of the staff (another seed's centre)


class NotADemoStoreError(ConflictError):
    """The store holds a real centre's contacts: published passwords must not get into it."""


def set_up_people(*, session: Session, staff: Sequence[StaffMember], timezone: str) -> DemoPeople:
    """The demo's site, teams and agents in them, then its users, all only where missing."""
    if repository.has_contacts_not_from(session, SOURCE_SYSTEM):
        raise NotADemoStoreError(
            "the store holds contacts from sources other than the demo, so it looks like a real "
            "centre's: the demo's site, teams and users (with published passwords) were not "
            "created. Run the demo in a store of its own: "
            "switchboard --database-url sqlite:///./demo.db demo"
        )
    organisation = organise(session=session, staff=staff, timezone=timezone)
    users: dict[str, User] = {}
    created = 0
    for sign_in in (*DEMO_SIGN_INS, *OTHER_TEAM_LEADERS):
        if sign_in.role is Role.AGENT:
            users[sign_in.username], new = _agent_user(session, sign_in, organisation, staff)
        else:
            users[sign_in.username], new = _user(session, sign_in, organisation)
        created += new
        if sign_in.role is Role.TEAM_LEADER:
            _lead(session, organisation, sign_in, users[sign_in.username])
    return DemoPeople(organisation, users, created)


def add_sign_in(*, session: Session, people: DemoPeople, sign_in: DemoSignIn) -> User:
    """A further demo user who is not an agent, only where missing; kept in ``people``."""
    user, _ = _user(session, sign_in, people.organisation)
    people.users[sign_in.username] = user
    return user


def _user(
    session: Session, sign_in: DemoSignIn, organisation: Organisation, name: str | None = None
) -> tuple[User, bool]:
    user = repository.user_by_username(session, sign_in.username)
    if user is not None:
        return user, False
    user = auth_service.create_user(
        session=session,
        username=sign_in.username,
        display_name=name or sign_in.display_name,
        role=sign_in.role,
        password=sign_in.password,
        site_id=organisation.site.id,
    )
    return user, True


def _agent_user(
    session: Session, sign_in: DemoSignIn, organisation: Organisation, staff: Sequence[StaffMember]
) -> tuple[User, bool]:
    """The agent user, signed in as a real demo agent (whose name it takes), so "My performance"
    has figures to show."""
    user = repository.user_by_username(session, sign_in.username)
    if user is not None and repository.agent_of_user(session, user.id) is not None:
        return user, False
    agent = _busy_agent(session, sign_in.team, staff)
    fallback = agent.display_name if agent else FALLBACK_AGENT_NAME
    user, created = _user(session, sign_in, organisation, fallback)
    if agent is not None:
        agent.user_id = user.id
        session.flush()
        audit(session, "agent", agent.id, change="user_linked", user_id=user.id)
    return user, created


def _busy_agent(session: Session, team: str | None, staff: Sequence[StaffMember]) -> Agent | None:
    """The first of the team's staff (then anyone's), in hiring order, who has handled contacts
    and is nobody's sign-in yet; None when the store holds none of ``staff``."""
    ordered = sorted(staff, key=lambda member: team_name(member.team) != team)
    agents = repository.agents_by_alias(session, SOURCE_SYSTEM, [m.name for m in ordered])
    handled = repository.contacts_handled(session, [agent.id for agent in agents.values()])
    candidates = (agents[m.name] for m in ordered if m.name in agents)
    return next((a for a in candidates if handled.get(a.id) and a.user_id is None), None)


def _lead(session: Session, organisation: Organisation, sign_in: DemoSignIn, user: User) -> None:
    team = organisation.teams[sign_in.team or ""]
    if team.leader_id is None:
        team.leader_id = user.id
        session.flush()
        audit(session, "team", team.id, change="leader_set", user_id=user.id)
