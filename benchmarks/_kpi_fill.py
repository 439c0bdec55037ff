"""Fill fresh stores with the generated centre: each day is drawn once and written to every store."""

import time
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import timedelta

from sqlalchemy import text

from _kpi_centre import AGENTS, FIRST_DAY, CentreGenerator, local_epoch, staff_list
from _kpi_store import (
    INTERACTION_COLUMNS,
    STATE_COLUMNS,
    DayRows,
    Store,
    add_people,
    add_skills,
    loader,
    mark_complete,
    write_customers,
)

CUSTOMERS_PER_DAY = 5500
"""Pool of customers: about 2 million for a year, so most people call a few times a year."""


def fill(stores: Sequence[Store], days: int) -> dict[str, int]:
    """Write ``days`` days from :data:`FIRST_DAY` into each (fresh) store; returns row counts."""
    people = [add_people(store, AGENTS) for store in stores]
    # Fresh stores number everything alike, so one set of rows serves them all.
    assert all(own == people[0] for own in people), "fresh stores must number people alike"
    staff = staff_list(people[0].agent_ids)
    queue_ids = people[0].queue_ids
    skills = [(s.id, queue_ids[q], n + 1) for s in staff for n, q in enumerate(s.skills)]
    for store in stores:
        add_skills(store, skills)
    customers = CUSTOMERS_PER_DAY * days
    generator, numbering = CentreGenerator(staff, customers), DayRows(people[0])
    counts = {"days": days, "customers": customers, "interactions": 0, "states": 0}
    started = time.perf_counter()
    with ExitStack() as stack:
        loads = [stack.enter_context(loader(store)) for store in stores]
        for load in loads:
            write_customers(load, customers, local_epoch(FIRST_DAY, 0) - 86400)
        for n in range(days):
            day = generator.day(FIRST_DAY + timedelta(days=n))
            contacts, states = numbering.interactions(day), numbering.states(day)
            for load in loads:
                load.write("interactions", INTERACTION_COLUMNS, contacts)
                load.write("agent_state_intervals", STATE_COLUMNS, states)
            counts["interactions"] += len(contacts)
            counts["states"] += len(states)
            _progress(n + 1, days, counts, started)
    for store, own in zip(stores, people, strict=True):
        mark_complete(store, own.batch_id, counts)
    return counts


def _progress(done: int, days: int, counts: dict[str, int], started: float) -> None:
    if done % 15 and done != days:
        return
    elapsed = time.perf_counter() - started
    print(f"  day {done:>3}/{days}: {counts['interactions']:>11,} interactions "
          f"{counts['states']:>11,} states  {elapsed:7.0f} s", flush=True)  # fmt: skip


def analyse(store: Store) -> None:
    """PostgreSQL: what autovacuum would have done over a year of nightly loads (statistics and
    the visibility map), table by table so that other schemas in the database are left alone.
    SQLite is left as the product leaves it: it never runs ANALYZE."""
    if store.backend != "postgresql":
        return
    with store.engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        tables = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).scalars()
        for table in list(tables):
            connection.exec_driver_sql(f'VACUUM ANALYZE "{table}"')
