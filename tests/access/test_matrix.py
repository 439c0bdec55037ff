"""The access matrix: every role (and the edge cases that must fail closed) × every kind of
people data × own record, same team, other team at the same site, other site and no team.

The expected sets are written out by hand, not derived from the policy, so a change to the
policy fails here until someone decides it on purpose. Each is checked on a real query through
``agent_filter``, and ``can_see_agent`` must agree with the filter for every agent.
"""

from typing import Any

import pytest
from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from switchboard.access import repository
from switchboard.access.policy import Kind
from switchboard.access.service import load_viewer
from switchboard.access.viewer import Viewer
from switchboard.interactions.models import AgentStateInterval, Interaction
from switchboard.kpis.models import agent_days
from switchboard.people.models import Agent, Team
from tests.access.conftest import UNASSIGNED, Organisation

EVERYONE = {"ann", "lee", "abe", "amy", "ted", "ada", "bob", "bea", "nat"}
TEAM_A1 = {"ann", "lee", "abe"}
TEAM_A2 = {"amy", "ted", "ada"}
SITE_A = TEAM_A1 | TEAM_A2
SITE_A_AND_B = SITE_A | {"bob", "bea"}
PER_AGENT = [kind for kind in Kind if kind.per_agent]


def _same(agents: set[str]) -> dict[Kind, set[str]]:
    return dict.fromkeys(PER_AGENT, agents)


def _only(**kinds: set[str]) -> dict[Kind, set[str]]:
    return {kind: kinds.get(kind.value, set()) for kind in PER_AGENT}


# viewer → kind → the agents whose records they see
EXPECTED: dict[str, dict[Kind, set[str]]] = {
    "ann": _same({"ann"}),  # an agent: own records only
    "zed": _same(set()),  # an agent role with no agent record: nothing
    "lee": _same(TEAM_A1),  # leads A1 and is in it
    "lyn": _same(TEAM_A2),  # leads A2, takes no contacts
    "ted": _same({"ted"}),  # a team leader of no team: only themselves
    # Quality analysts score anyone's contacts; compliance audits every evaluation.
    "quinn": _only(agents=EVERYONE, interactions=EVERYONE, evaluations=EVERYONE),
    "pat": _only(agents=EVERYONE, agent_states=EVERYONE),
    # Managers and administrators never see private development records (feedback marked
    # private, wellbeing): those stay between an agent and their team leader.
    "meg": _same(SITE_A) | {Kind.PRIVATE_DEVELOPMENT: set()},
    "max": _same(SITE_A_AND_B) | {Kind.PRIVATE_DEVELOPMENT: set()},  # site A, and B by user_sites
    "noel": _same(set()),  # a manager without a site: nothing, not everything
    "cal": _only(agents=EVERYONE, interactions=EVERYONE, evaluations=EVERYONE),
    "ari": _same(EVERYONE) | {Kind.PRIVATE_DEVELOPMENT: set()},
}
SEES_UNASSIGNED_CONTACTS = {"quinn", "cal", "ari"}


def _query(kind: Kind, filter_for: Any) -> Select[Any]:
    """A real query over the table that holds ``kind``; development records are checked on the
    roster (the filter depends only on the kind's reach, whichever table it scopes)."""
    if kind is Kind.INTERACTIONS:
        return select(Interaction.agent_id).where(filter_for(Interaction.agent_id))
    if kind is Kind.AGENT_STATES:
        column = AgentStateInterval.agent_id
        return select(column).where(filter_for(column))
    if kind is Kind.AGENT_KPIS:
        return select(agent_days.c.agent_id).where(filter_for(agent_days.c.agent_id))
    return select(Agent.id).where(filter_for(Agent.id))


def _viewer(db: Session, org: Organisation, name: str) -> Viewer:
    return load_viewer(session=db, user=org.users[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_viewer_sees_exactly_the_agents_the_policy_grants(
    db: Session, org: Organisation, name: str
) -> None:
    viewer = _viewer(db, org, name)
    for kind in PER_AGENT:

        def filter_for(column: Any, kind: Kind = kind) -> ColumnElement[bool]:
            return repository.agent_filter(viewer, kind, column)

        seen = {agent_id for agent_id in db.scalars(_query(kind, filter_for)) if agent_id}
        assert org.agent_names(seen) == EXPECTED[name][kind], kind


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_viewer_sees_exactly_the_interactions_the_policy_grants(
    db: Session, org: Organisation, name: str
) -> None:
    viewer = _viewer(db, org, name)
    clause = repository.agent_filter(viewer, Kind.INTERACTIONS, Interaction.agent_id)
    seen = set(db.scalars(select(Interaction.id).where(clause)))
    expected = set(EXPECTED[name][Kind.INTERACTIONS])
    if name in SEES_UNASSIGNED_CONTACTS:
        expected.add(UNASSIGNED)
    assert org.interaction_names(seen) == expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_can_see_agent_agrees_with_the_filter_for_every_agent(
    db: Session, org: Organisation, name: str
) -> None:
    viewer = _viewer(db, org, name)
    for kind in PER_AGENT:
        answers = {
            agent: repository.can_see_agent(db, viewer, kind, agent_id)
            for agent, agent_id in org.agents.items()
        }
        assert {agent for agent, yes in answers.items() if yes} == EXPECTED[name][kind], kind


def test_can_see_agent_is_false_for_an_agent_that_does_not_exist(
    db: Session, org: Organisation
) -> None:
    viewer = _viewer(db, org, "ari")
    assert not repository.can_see_agent(db, viewer, Kind.AGENTS, max(org.agents.values()) + 1)


def test_the_filter_stays_scoped_when_the_outer_query_joins_agents_and_teams(
    db: Session, org: Organisation
) -> None:
    """Routes group by team and site (the KPI reads join agents and teams); the subquery over
    the same tables must not be correlated into the outer query, which would widen it."""
    viewer = _viewer(db, org, "meg")
    query = (
        select(Agent.id, Team.site_id)
        .outerjoin(Team, Team.id == Agent.team_id)
        .where(repository.agent_filter(viewer, Kind.AGENT_KPIS, Agent.id))
    )
    assert org.agent_names({row.id for row in db.execute(query)}) == SITE_A
