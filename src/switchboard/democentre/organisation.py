"""The demo centre's organisation: one site, its three teams, and every demo agent in their team.

Ingestion knows agents only by the names the contact data gives them; sites and teams come from
HR, which the demo does not have. So the demo builds the organisation its simulation implies:
each agent joins the team of their skill group, as the generated staff list says, which makes
the mapping as deterministic as the seed.

Everything is created only when missing, so a rerun changes nothing, and an agent someone has
since moved to another team stays where they were put. Each change is audited, as every change
to people data is.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from switchboard.audit import service as audit_service
from switchboard.audit.models import AuditAction
from switchboard.democentre import repository
from switchboard.democentre.centre import SKILL_GROUPS, SkillGroup
from switchboard.democentre.loading import SOURCE_SYSTEM
from switchboard.democentre.staff import StaffMember
from switchboard.people.models import Site, Team

SITE_NAME = "Leeds"


@dataclass(frozen=True)
class Organisation:
    site: Site
    teams: dict[str, Team]
    """By team name, in the order of the centre's skill groups."""
    created: int
    """Sites and teams created by this run."""
    placed: int
    """Agents put in their team by this run."""


def team_name(group: SkillGroup) -> str:
    """ "Retail team" is the Retail team: the site's team list reads better without the suffix."""
    return group.name.removesuffix(" team")


def organise(*, session: Session, staff: Sequence[StaffMember], timezone: str) -> Organisation:
    """The demo's site and teams, and each of ``staff`` (by their ``demo`` alias) in their team."""
    site, site_created = _site(session, timezone)
    created = int(site_created)
    teams: dict[str, Team] = {}
    for group in SKILL_GROUPS:
        teams[team_name(group)], new = _team(session, site, team_name(group))
        created += new
    placed = _place(session, staff, teams)
    return Organisation(site, teams, created, placed)


def _site(session: Session, timezone: str) -> tuple[Site, bool]:
    site = repository.site_by_name(session, SITE_NAME)
    if site is not None:
        return site, False
    site = Site(name=SITE_NAME, timezone=timezone)
    session.add(site)
    session.flush()
    audit(session, "site", site.id, change="site_created")
    return site, True


def _team(session: Session, site: Site, name: str) -> tuple[Team, bool]:
    team = repository.team_at(session, site.id, name)
    if team is not None:
        return team, False
    team = Team(name=name, site_id=site.id)
    session.add(team)
    session.flush()
    audit(session, "team", team.id, change="team_created", site_id=site.id)
    return team, True


def _place(session: Session, staff: Sequence[StaffMember], teams: dict[str, Team]) -> int:
    agents = repository.agents_by_alias(session, SOURCE_SYSTEM, [m.name for m in staff])
    placed = 0
    for member in staff:
        agent = agents.get(member.name)
        if agent is None or agent.team_id is not None:
            continue  # not loaded (a smaller centre), or already in a team: leave it be
        agent.team_id = teams[team_name(member.team)].id
        audit(session, "agent", agent.id, change="team_set", team_id=agent.team_id)
        placed += 1
    session.flush()
    return placed


def audit(session: Session, object_type: str, object_id: int, **details: str | int) -> None:
    """A change to people data, by the system (the demo command), with ids only."""
    audit_service.record(
        session,
        actor_user_id=None,
        action=AuditAction.PEOPLE_CHANGE,
        object_type=object_type,
        object_id=object_id,
        details=details,
    )
