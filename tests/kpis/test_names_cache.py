"""Names are read once per unit of work, and again after anything is written through it."""

from sqlalchemy import Engine, insert, update

from switchboard.db.engine import unit_of_work
from switchboard.kpis import repository
from switchboard.people.models import Channel, Queue


def test_names_are_read_again_after_a_write(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        assert repository.names(session)["queue"] == {}
        session.add(Queue(name="Sales", channel=Channel.VOICE, service_level_seconds=20))
        session.flush()  # an ORM write
        [sales] = repository.names(session)["queue"].values()
        assert sales == "Sales"
        session.execute(update(Queue).values(name="Renamed"))  # a statement write
        assert list(repository.names(session)["queue"].values()) == ["Renamed"]
        session.execute(insert(Queue).values(name="Email", channel=Channel.EMAIL,
                                              service_level_seconds=3600))  # fmt: skip
        assert sorted(repository.names(session)["queue"].values()) == ["Email", "Renamed"]
