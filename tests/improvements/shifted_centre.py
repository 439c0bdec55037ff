"""A team whose handle time moves by a known amount on a known day, to review improvements on.

Team ``Reds`` at site ``Leeds``, led by Tara, takes calls on queue ``Sales`` (the queue
``Support`` exists but takes none). Agents ``Gus`` and ``Gia`` are the group an improvement
involves; ``Cal`` and ``Cy`` are the rest of the team. Every agent answers two calls a day, at
10:00 and 14:00 UTC (London is on GMT, so these are local times too), for 14 days before
Monday 2 March 2026 and 14 days from it.

Before the start every call takes 300 s or 420 s (talk only): a mean of 360 s for every agent,
so 56 calls and 360 s for each pair of agents. From the start, the group's calls take
``group_after`` times as long and the rest's ``control_after`` times as long.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from switchboard.access.service import load_viewer
from switchboard.access.viewer import Viewer
from switchboard.db.engine import unit_of_work
from switchboard.ingest.models import BatchStatus, IngestBatch
from switchboard.interactions.models import Direction, Interaction, Outcome
from switchboard.people.models import Agent, Channel, Queue, Role, Site, Team, User

STARTED_ON = date(2026, 3, 2)
DAYS = 14
HANDLE = (300.0, 420.0)
GROUP, REST = ("Gus", "Gia"), ("Cal", "Cy")


@dataclass(frozen=True)
class Centre:
    team_id: int
    sales_id: int
    support_id: int
    leader: User
    agents: dict[str, int]

    @property
    def group(self) -> list[int]:
        return [self.agents[name] for name in GROUP]

    def viewer(self, engine: Engine) -> Viewer:
        with unit_of_work(engine) as session:
            return load_viewer(session=session, user=session.get_one(User, self.leader.id))


def build(
    engine: Engine, *, group_after: float, control_after: float = 1.0, days_before: int = DAYS
) -> Centre:
    with unit_of_work(engine) as session:
        site = Site(name="Leeds")
        leader = User(username="tara", display_name="Tara", role=Role.TEAM_LEADER)
        sales = Queue(name="Sales", channel=Channel.VOICE, service_level_seconds=20)
        support = Queue(name="Support", channel=Channel.VOICE, service_level_seconds=20)
        batch = IngestBatch(source="test", file_name="reds.csv", file_digest="0" * 64,
                            file_bytes=0, status=BatchStatus.COMPLETED)  # fmt: skip
        session.add_all([site, leader, sales, support, batch])
        session.flush()
        team = Team(name="Reds", site_id=site.id, leader_id=leader.id)
        session.add(team)
        session.flush()
        agents = {}
        for name in (*GROUP, *REST):
            agent = Agent(display_name=name, team_id=team.id)
            session.add(agent)
            session.flush()
            agents[name] = agent.id
            scale = group_after if name in GROUP else control_after
            session.add_all(_calls(batch.id, sales.id, agent.id, name, scale, days_before))
        return Centre(team.id, sales.id, support.id, leader, agents)


def _calls(
    batch_id: int, queue_id: int, agent_id: int, name: str, scale: float, days_before: int
) -> list[Interaction]:
    start = datetime.combine(STARTED_ON, datetime.min.time(), UTC)
    calls = []
    for day in range(-days_before, DAYS):
        for hour, handle in zip((10, 14), HANDLE, strict=True):
            arrived = start + timedelta(days=day, hours=hour)
            talk = handle * (scale if day >= 0 else 1.0)
            source_id = f"{name}-{day}-{hour}"
            calls.append(Interaction(
                source_system="test", source_id=source_id, batch_id=batch_id,
                contact_ref=source_id, channel=Channel.VOICE, direction=Direction.INBOUND,
                queue_id=queue_id, agent_id=agent_id, arrived_at=arrived,
                answered_at=arrived + timedelta(seconds=5), wait_seconds=5.0, talk_seconds=talk,
                outcome=Outcome.ANSWERED,
            ))  # fmt: skip
    return calls
