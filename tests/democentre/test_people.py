"""The demo's people, on SQLite and PostgreSQL: a site, its teams, and a sign-in for every role."""

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from switchboard.audit.models import AuditEntry
from switchboard.auth import service as auth_service
from switchboard.config import Settings
from switchboard.db.engine import unit_of_work
from switchboard.democentre.generate import DemoRequest, Generated, demo_staff, generate
from switchboard.democentre.loading import load_files
from switchboard.democentre.organisation import SITE_NAME, team_name
from switchboard.democentre.signins import (
    DEMO_SIGN_INS,
    OTHER_TEAM_LEADERS,
    DemoPeople,
    NotADemoStoreError,
    set_up_people,
)
from switchboard.ingest.mapping import ColumnMapping
from switchboard.ingest.service import IngestOptions, ingest
from switchboard.ingest.tabular import TabularAdapter
from switchboard.interactions.models import Interaction
from switchboard.people.models import Agent, AgentAlias, Role, Site, Team, User

SMALL = DemoRequest(weeks=1, agents=10, seed=2, today=date(2026, 11, 25))


@pytest.fixture(scope="module")
def small_centre(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    """Written once: the files do not depend on the store they are loaded into."""
    return generate(SMALL, tmp_path_factory.mktemp("small-centre"))


def set_up(engine: Engine, settings: Settings, centre: Generated) -> DemoPeople:
    with unit_of_work(engine) as session:
        return set_up_people(session=session, staff=centre.centre.staff, timezone="Europe/London")


def test_demo_staff_is_the_staff_the_generated_centre_hired(small_centre: Generated) -> None:
    assert demo_staff(SMALL) == small_centre.centre.staff


def test_every_agent_has_their_team_every_team_a_leader_and_the_agent_user_an_agent(
    engine: Engine, settings: Settings, small_centre: Generated
) -> None:
    load_files(engine, small_centre.files, settings)
    people = set_up(engine, settings, small_centre)
    assert people.organisation.created == 4  # the site and three teams
    assert people.organisation.placed == SMALL.agents
    with unit_of_work(engine) as session:
        site = session.scalars(select(Site)).one()
        assert (site.name, site.timezone) == (SITE_NAME, "Europe/London")
        teams = {team.id: team for team in session.scalars(select(Team))}
        assert sorted(team.name for team in teams.values()) == ["Cards", "Digital", "Retail"]
        for team in teams.values():
            assert team.site_id == site.id
            assert session.get_one(User, team.leader_id).role is Role.TEAM_LEADER
        placed = {ref: teams[team_id].name for ref, team_id in _agent_teams(session)}
    assert placed == {member.name: team_name(member.team) for member in small_centre.centre.staff}
    with unit_of_work(engine) as session:
        agent = session.scalars(
            select(Agent).where(Agent.user_id == people.users["agent"].id)
        ).one()
        handled = session.scalar(select(func.count()).where(Interaction.agent_id == agent.id))
        team = session.get_one(Team, agent.team_id)
    assert handled, "the agent user's My performance needs contacts"
    assert (team.name, team.leader_id) == ("Retail", people.users["teamleader"].id)
    assert people.users["agent"].display_name == agent.display_name


def test_every_role_signs_in_with_its_printed_password(
    engine: Engine, settings: Settings, small_centre: Generated
) -> None:
    load_files(engine, small_centre.files, settings)
    people = set_up(engine, settings, small_centre)
    assert people.created == len(DEMO_SIGN_INS) + len(OTHER_TEAM_LEADERS)
    assert {sign_in.role for sign_in in DEMO_SIGN_INS} == set(Role)
    for sign_in in (*DEMO_SIGN_INS, *OTHER_TEAM_LEADERS):
        with unit_of_work(engine) as session:
            outcome = auth_service.sign_in(
                session=session, username=sign_in.username, password=sign_in.password
            )
        assert isinstance(outcome, auth_service.SignedIn), sign_in.username
        assert outcome.user.role is sign_in.role
        assert outcome.user.site_id == people.organisation.site.id


def test_a_rerun_changes_nothing_and_keeps_a_changed_password(
    engine: Engine, settings: Settings, small_centre: Generated
) -> None:
    load_files(engine, small_centre.files, settings)
    set_up(engine, settings, small_centre)
    with unit_of_work(engine) as session:
        admin = session.scalars(select(User).where(User.username == "admin")).one()
        auth_service.set_password(session=session, user=admin, password="a new admin passphrase")
        before = _census(session)

    again = set_up(engine, settings, small_centre)

    assert (again.organisation.created, again.organisation.placed, again.created) == (0, 0, 0)
    with unit_of_work(engine) as session:
        assert _census(session) == before
        outcome = auth_service.sign_in(
            session=session, username="admin", password="a new admin passphrase"
        )
    assert isinstance(outcome, auth_service.SignedIn)


def test_it_refuses_a_store_holding_another_sources_contacts(
    engine: Engine, settings: Settings, small_centre: Generated, tmp_path: Path
) -> None:
    lines = small_centre.files["interactions"].read_text(encoding="utf-8").splitlines()
    real = tmp_path / "acd.csv"
    real.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    _ingest_as(engine, real, "acd")

    with pytest.raises(NotADemoStoreError):
        set_up(engine, settings, small_centre)

    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(User)) == 0
        assert session.scalar(select(func.count()).select_from(Site)) == 0


def _agent_teams(session: Session) -> list[tuple[str, int]]:
    query = select(AgentAlias.external_ref, Agent.team_id).join(
        Agent, Agent.id == AgentAlias.agent_id
    )
    return [(ref, team_id) for ref, team_id in session.execute(query) if team_id is not None]


def _census(session: Session) -> Counter[str]:
    """How many of each people row, and of audit rows: a rerun that changes nothing adds none."""
    counts: Counter[str] = Counter()
    for model in (Site, Team, User, AuditEntry):
        counts[model.__name__] = session.scalar(select(func.count()).select_from(model)) or 0
    counts["placed"] = len(_agent_teams(session))
    counts["linked"] = session.scalar(select(func.count()).where(Agent.user_id.is_not(None))) or 0
    return counts


def _ingest_as(engine: Engine, path: Path, source_system: str) -> None:
    adapter = TabularAdapter(
        kind="interactions",
        mapping=ColumnMapping(source_system=source_system),
        timezone="Europe/London",
    )
    options = IngestOptions(timezone="Europe/London")
    with unit_of_work(engine) as session:
        summary = ingest(session=session, adapter=adapter, paths=[path], options=options)
    assert summary.rejected == 0
