"""Loading a viewer, and the viewer-level answers that depend on the store."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from switchboard.access import repository
from switchboard.access.policy import Kind, team_aggregate_scope
from switchboard.access.service import load_viewer
from switchboard.kit.errors import ForbiddenError
from switchboard.kpis.models import agent_days
from switchboard.people.models import Agent
from tests.access.conftest import Organisation


def test_it_loads_an_agents_own_record_and_team(db: Session, org: Organisation) -> None:
    viewer = load_viewer(session=db, user=org.users["ann"])
    assert (viewer.agent_id, viewer.team_id) == (org.agents["ann"], org.teams["A1"])
    assert viewer.led_team_ids == frozenset()


def test_it_loads_the_teams_a_leader_leads(db: Session, org: Organisation) -> None:
    viewer = load_viewer(session=db, user=org.users["lee"])
    assert viewer.led_team_ids == {org.teams["A1"]}
    assert viewer.agent_id == org.agents["lee"]


def test_it_loads_a_managers_home_site_and_further_sites(db: Session, org: Organisation) -> None:
    viewer = load_viewer(session=db, user=org.users["max"])
    assert viewer.site_ids == {org.sites["A"], org.sites["B"]}


def test_it_refuses_an_inactive_user(db: Session, org: Organisation) -> None:
    org.users["ann"].active = False
    with pytest.raises(ForbiddenError):
        load_viewer(session=db, user=org.users["ann"])


def test_it_refuses_to_scope_the_audit_log_by_agent(db: Session, org: Organisation) -> None:
    viewer = load_viewer(session=db, user=org.users["ari"])
    with pytest.raises(ValueError, match="require"):
        repository.agent_filter(viewer, Kind.AUDIT_LOG, Agent.id)


def test_an_agent_reads_their_teams_total_without_seeing_anyone_elses_rows(
    db: Session, org: Organisation
) -> None:
    viewer = load_viewer(session=db, user=org.users["ann"])
    team_id = team_aggregate_scope(viewer)
    members = select(Agent.id).where(Agent.team_id == team_id)
    total = db.scalar(
        select(func.sum(agent_days.c.offered)).where(agent_days.c.agent_id.in_(members))
    )
    assert total == 3  # ann, lee and abe: one contact each
    own = repository.agent_filter(viewer, Kind.AGENT_KPIS, agent_days.c.agent_id)
    assert db.scalar(select(func.sum(agent_days.c.offered)).where(own)) == 1
