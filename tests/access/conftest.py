"""A small organisation to test who sees what: two sites, three teams, every role and the edges.

    site A: team A1 (led by lee, who also takes contacts in it): ann, lee, abe
            team A2 (led by lyn, who takes none):               amy, ted, ada
    site B: team B1 (led by lou, who takes none):               bob, bea
    no team:                                                    nat

ann, amy and bob sign in as agents; abe, ada, bea and nat are agents without accounts, as
ingestion creates them. ted is a team leader who leads no team. Each agent has one interaction,
one state interval and one KPI row; one interaction (abandoned) has no agent. The other users:
quinn (quality), pat (planner), meg (manager of A), max (manager of A, and of B through
``user_sites``), noel (manager with no site), cal (compliance), ari (admin) and zed (an agent
role with no agent record).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session, sessionmaker

from switchboard.access.models import UserSite
from switchboard.ingest.models import BatchStatus, IngestBatch
from switchboard.interactions.models import (
    AgentState,
    AgentStateInterval,
    Direction,
    Interaction,
    Outcome,
)
from switchboard.kpis.models import agent_days
from switchboard.people.models import Agent, Channel, Role, Site, Team, User

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

# user name → (role, home site); agents name → (team, user name or None)
USERS = {
    "ann": (Role.AGENT, "A"), "amy": (Role.AGENT, "A"), "bob": (Role.AGENT, "B"),
    "zed": (Role.AGENT, "A"),
    "lee": (Role.TEAM_LEADER, "A"), "lyn": (Role.TEAM_LEADER, "A"),
    "lou": (Role.TEAM_LEADER, "B"), "ted": (Role.TEAM_LEADER, "A"),
    "quinn": (Role.QUALITY_ANALYST, "A"), "pat": (Role.PLANNER, "A"),
    "meg": (Role.MANAGER, "A"), "max": (Role.MANAGER, "A"), "noel": (Role.MANAGER, None),
    "cal": (Role.COMPLIANCE, None), "ari": (Role.ADMIN, None),
}  # fmt: skip
TEAMS = {"A1": ("A", "lee"), "A2": ("A", "lyn"), "B1": ("B", "lou")}
AGENTS = {
    "ann": ("A1", "ann"), "lee": ("A1", "lee"), "abe": ("A1", None),
    "amy": ("A2", "amy"), "ted": ("A2", "ted"), "ada": ("A2", None),
    "bob": ("B1", "bob"), "bea": ("B1", None),
    "nat": (None, None),
}  # fmt: skip
UNASSIGNED = "-"
"""The name of the interaction that no agent handled."""


@dataclass
class Organisation:
    users: dict[str, User] = field(default_factory=dict)
    sites: dict[str, int] = field(default_factory=dict)
    teams: dict[str, int] = field(default_factory=dict)
    agents: dict[str, int] = field(default_factory=dict)
    interactions: dict[str, int] = field(default_factory=dict)
    """Interaction id by the name of its agent (:data:`UNASSIGNED` for none)."""

    def agent_names(self, ids: set[int]) -> set[str]:
        by_id = {agent_id: name for name, agent_id in self.agents.items()}
        return {by_id[agent_id] for agent_id in ids}

    def interaction_names(self, ids: set[int]) -> set[str]:
        by_id = {interaction_id: name for name, interaction_id in self.interactions.items()}
        return {by_id[interaction_id] for interaction_id in ids}


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    with sessionmaker(engine, expire_on_commit=False)() as session:
        yield session


@pytest.fixture
def org(db: Session) -> Organisation:
    org = Organisation()
    _people(db, org)
    _records(db, org)
    db.commit()
    return org


def _people(db: Session, org: Organisation) -> None:
    for name in ("A", "B"):
        site = Site(name=f"Site {name}")
        db.add(site)
        db.flush()
        org.sites[name] = site.id
    for name, (role, site_name) in USERS.items():
        site_id = org.sites[site_name] if site_name else None
        org.users[name] = User(username=name, display_name=name.title(), role=role, site_id=site_id)
        db.add(org.users[name])
    db.flush()
    db.add(UserSite(user_id=org.users["max"].id, site_id=org.sites["B"]))
    for name, (site_name, leader) in TEAMS.items():
        team = Team(name=name, site_id=org.sites[site_name], leader_id=org.users[leader].id)
        db.add(team)
        db.flush()
        org.teams[name] = team.id
    for name, (team_name, user_name) in AGENTS.items():
        agent = Agent(
            display_name=name.title(),
            team_id=org.teams[team_name] if team_name else None,
            user_id=org.users[user_name].id if user_name else None,
        )
        db.add(agent)
        db.flush()
        org.agents[name] = agent.id


def _records(db: Session, org: Organisation) -> None:
    batch = IngestBatch(source="test", file_name="org.csv", file_digest="0" * 64,
                        file_bytes=0, status=BatchStatus.COMPLETED)  # fmt: skip
    db.add(batch)
    db.flush()
    for n, name in enumerate([*AGENTS, UNASSIGNED]):
        agent_id = org.agents.get(name)
        interaction = _interaction(batch.id, n, agent_id)
        db.add(interaction)
        db.flush()
        org.interactions[name] = interaction.id
        if agent_id is not None:
            db.add(_state(batch.id, n, agent_id))
            db.execute(insert(agent_days).values(
                local_date=date(2026, 11, 27), agent_id=agent_id, channel=Channel.VOICE,
                offered=1, answered=1, talk_sum=60.0,
            ))  # fmt: skip


def _interaction(batch_id: int, n: int, agent_id: int | None) -> Interaction:
    start = T0 + timedelta(minutes=n)
    return Interaction(
        source_system="test", source_id=f"c{n}", batch_id=batch_id, contact_ref=f"c{n}",
        channel=Channel.VOICE, direction=Direction.INBOUND, agent_id=agent_id, arrived_at=start,
        outcome=Outcome.ANSWERED if agent_id else Outcome.ABANDONED,
    )  # fmt: skip


def _state(batch_id: int, n: int, agent_id: int) -> AgentStateInterval:
    return AgentStateInterval(
        source_system="test", source_id=f"s{n}", batch_id=batch_id, agent_id=agent_id,
        state=AgentState.AVAILABLE, started_at=T0, ended_at=T0 + timedelta(hours=1),
    )  # fmt: skip
