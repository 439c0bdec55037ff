"""The organisation and customer tables: what they hold and which mistakes the store refuses."""

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import IntegrityError

from switchboard.customers.models import Customer, CustomerIdentity, IdentityKind
from switchboard.db.engine import unit_of_work
from switchboard.ingest.queue_log import QueueLogAdapter
from switchboard.interactions.models import Interaction
from switchboard.people.models import (
    Agent,
    AgentAlias,
    AgentSkill,
    Channel,
    Queue,
    Role,
    Site,
    Team,
    User,
)

from ..ingest.helpers import FIXTURES, run_ingest


def test_the_reference_centre_can_be_described(engine: Engine) -> None:
    """Two queues, three agents and a team leader, as DESIGN.md's reference centre."""
    with unit_of_work(engine) as session:
        site = Site(name="Leeds", timezone="Europe/London")
        session.add(site)
        session.flush()
        leader = User(
            username="tl.jones", display_name="Sam Jones", role=Role.TEAM_LEADER, site_id=site.id
        )
        session.add(leader)
        session.flush()
        team = Team(name="Billing A", site_id=site.id, leader_id=leader.id)
        billing = Queue(name="Billing", channel=Channel.VOICE, service_level_seconds=20)
        chat = Queue(name="Web chat", channel=Channel.CHAT, service_level_seconds=60)
        session.add_all([team, billing, chat])
        session.flush()
        for name in ("Ava", "Ben", "Cat"):
            user = User(username=name.lower(), display_name=name, role=Role.AGENT, site_id=site.id)
            session.add(user)
            session.flush()
            agent = Agent(display_name=name, user_id=user.id, team_id=team.id)
            session.add(agent)
            session.flush()
            session.add(AgentSkill(agent_id=agent.id, queue_id=billing.id, level=3))
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(AgentSkill)) == 3
        roles = session.scalars(select(User.role).order_by(User.username)).all()
        assert roles == [Role.AGENT, Role.AGENT, Role.AGENT, Role.TEAM_LEADER]


def test_a_role_outside_the_list_is_refused_by_the_database(engine: Engine) -> None:
    with pytest.raises(IntegrityError), unit_of_work(engine) as session:
        session.execute(
            text("INSERT INTO users (username, display_name, role, active, created_at) "
                 "VALUES ('x', 'X', 'supervisor', true, CURRENT_TIMESTAMP)")
        )  # fmt: skip


def test_two_agents_cannot_share_one_source_systems_name(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        first, second = Agent(display_name="A"), Agent(display_name="B")
        session.add_all([first, second])
        session.flush()
        session.add(
            AgentAlias(agent_id=first.id, source_system="asterisk", external_ref="SIP/1001")
        )
    with pytest.raises(IntegrityError), unit_of_work(engine) as session:
        session.add(
            AgentAlias(agent_id=second.id, source_system="asterisk", external_ref="SIP/1001")
        )


def test_erasing_a_customers_identity_keeps_their_contacts_under_the_pseudonym(
    engine: Engine,
) -> None:
    run_ingest(
        engine, QueueLogAdapter(timezone="UTC"), FIXTURES / "queue_log" / "reference.queue_log"
    )
    with unit_of_work(engine) as session:
        identity = session.scalars(
            select(CustomerIdentity).where(CustomerIdentity.value == "07700900001")
        ).one()
        assert identity.kind is IdentityKind.PHONE
        key = identity.customer_key
        session.delete(identity)  # what a UK GDPR erasure does to identifying data
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).where(CustomerIdentity.customer_key == key)) == 0
        assert session.get(Customer, key) is not None
        contacts = session.scalar(select(func.count()).where(Interaction.customer_key == key))
        assert contacts == 2  # c1's two queue visits remain, now tied to nobody identifiable
        phone_anywhere = session.scalar(
            select(func.count()).where(Interaction.customer_key.contains("07700900001"))
        )
        assert phone_anywhere == 0
