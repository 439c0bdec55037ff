"""The shipped mapping for the Anonymous Bank data set (Technion SEE), on a sample and on the month.

The sample is hand-written in the data set's layout (tabs, CRLF, H:MM:SS, "0:00:00" for a stage
not reached). The full February 1999 file is not part of the repository: the acceptance test
reads it from ../shared/data/ when it is there, and checks the store against counts taken from
the raw file with the plain csv module.
"""

import csv
import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import ColumnElement, Engine, func, select

from switchboard.db.engine import unit_of_work
from switchboard.ingest.records import ParseStats, Rejected
from switchboard.ingest.service import IngestOptions, IngestSummary, ingest
from switchboard.ingest.tabular import TabularAdapter, load_mapping
from switchboard.interactions.models import Interaction, Outcome
from switchboard.kit.errors import InputError
from switchboard.people.models import Agent, Queue

from .helpers import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
MAPPING = ROOT / "src" / "switchboard" / "ingest" / "mappings" / "anonymous-bank.toml"
SAMPLE = FIXTURES / "tabular" / "anonymous-bank-sample.tsv"
FEBRUARY = ROOT.parent / "shared" / "data" / "anonymous-bank-1999-02.tsv"
FEBRUARY_CALLS = 33_344


def adapter() -> TabularAdapter:
    # The caller's zone is London; the mapping's own Asia/Jerusalem must win.
    return TabularAdapter(
        kind="interactions", mapping=load_mapping(MAPPING), timezone="Europe/London"
    )


def run(engine: Engine, path: Path) -> IngestSummary:
    with unit_of_work(engine) as session:
        return ingest(session=session, adapter=adapter(), paths=[path], options=IngestOptions())


def israel(day: int, hour: int, minute: int, second: int = 0) -> datetime:
    """February 1999 in Israel is standard time, UTC+2."""
    return datetime(1999, 2, day, hour, minute, second, tzinfo=UTC) - timedelta(hours=2)


def test_the_sample_is_read_the_way_the_mapping_documents(engine: Engine) -> None:
    summary = run(engine, SAMPLE)
    assert summary.counts["interactions_created"] == 7
    with unit_of_work(engine) as session:
        calls = {row.source_id: row for row in session.scalars(select(Interaction))}
        agents = {a.id: a.display_name for a in session.scalars(select(Agent))}
        queues = {q.id: q.name for q in session.scalars(select(Queue))}
    assert all(call.source_system == "anonymous-bank" for call in calls.values())

    queued = calls["AB0101-100"]  # queued 30 s from 9:00:10, served by DANA until 9:03:19
    assert (queued.arrived_at, queued.answered_at) == (israel(1, 9, 0, 10), israel(1, 9, 0, 39))
    assert (queued.ended_at, queued.wait_seconds, queued.talk_seconds) == (
        israel(1, 9, 3, 19), 30, 160,
    )  # fmt: skip
    assert (queued.outcome, agents[queued.agent_id or 0]) == (Outcome.ANSWERED, "DANA")
    assert (queues[queued.queue_id or 0], queued.customer_key) == ("PS", None)  # customer 0

    # Straight from the menu to an unrecorded agent: arrives when service starts.
    direct = calls["AB0101-101"]
    assert (direct.arrived_at, direct.answered_at) == (israel(1, 9, 10, 7), israel(1, 9, 10, 7))
    assert (direct.agent_id, direct.wait_seconds, direct.outcome) == (None, 0, Outcome.ANSWERED)
    assert direct.customer_key is not None

    hang = calls["AB0101-102"]  # hung up after 60 s in the PS queue
    assert (hang.outcome, hang.answered_at, hang.ended_at) == (
        Outcome.ABANDONED, None, israel(1, 9, 21, 6),
    )  # fmt: skip
    assert (queues[hang.queue_id or 0], hang.disposition) == ("PS", None)

    # Hung up in the voice menu (q_start 0:00:00): never offered to a queue, so it has none.
    menu = calls["AB0102-102"]
    assert (menu.outcome, menu.queue_id, menu.disposition) == (
        Outcome.ABANDONED, None, "vru_hangup",
    )  # fmt: skip
    assert (menu.arrived_at, menu.ended_at) == (israel(2, 13, 0, 20), israel(2, 13, 0, 20))

    # Served from 23:59:49 to 0:04:09: the end is on the next day, never a negative duration.
    late = calls["AB0101-103"]
    assert (late.arrived_at, late.ended_at) == (israel(1, 23, 58, 10), israel(2, 0, 4, 9))

    phantom = calls["AB0102-100"]  # its service times are kept out: it was never a real call
    assert (phantom.outcome, phantom.answered_at, phantom.talk_seconds) == (
        Outcome.PHANTOM, None, 0,
    )  # fmt: skip

    # vru_exit 50 s before vru_entry is the source's clock skew, not a day later.
    skewed = calls["AB0102-101"]
    assert skewed.arrived_at == israel(2, 11, 59, 10)


def _raw_rows(path: Path) -> list[dict[str, str]]:
    """The file by the plain csv module, with any stray carriage return stripped off."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            {key.strip(): value.strip() for key, value in row.items()}
            for row in csv.DictReader(handle, delimiter="\t")
        ]


@pytest.mark.slow
def test_the_whole_of_february_1999_is_ingested(engine: Engine) -> None:
    if not FEBRUARY.is_file():
        pytest.skip(f"the Anonymous Bank file is not present at {FEBRUARY}")
    rows = _raw_rows(FEBRUARY)
    raw = Counter(row["outcome"] for row in rows)
    agent = [row for row in rows if row["outcome"] == "AGENT"]
    hang = [row for row in rows if row["outcome"] == "HANG"]
    summary = run(engine, FEBRUARY)
    assert (summary.stats.lines_read, summary.rejected) == (FEBRUARY_CALLS, 0)
    assert summary.counts["interactions_created"] == FEBRUARY_CALLS
    with unit_of_work(engine) as session:
        counted = select(Interaction.outcome, func.count()).group_by(Interaction.outcome)
        stored = {outcome: count for outcome, count in session.execute(counted)}

        def count(*where: ColumnElement[bool]) -> int:
            return session.scalar(select(func.count()).select_from(Interaction).where(*where)) or 0

        backwards = count(Interaction.ended_at < Interaction.arrived_at)
        with_agent = count(Interaction.agent_id.is_not(None))
        talk = session.scalar(select(func.sum(Interaction.talk_seconds)))
        vru_hangups = count(Interaction.disposition == "vru_hangup")
        vru_hangups_queued = count(
            Interaction.disposition == "vru_hangup", Interaction.queue_id.is_not(None)
        )
        abandoned_in_queue = count(
            Interaction.outcome == Outcome.ABANDONED, Interaction.queue_id.is_not(None)
        )
    assert stored[Outcome.ANSWERED] == raw["AGENT"]
    assert stored[Outcome.ABANDONED] == raw["HANG"]
    assert stored[Outcome.PHANTOM] == raw["PHANTOM"]
    assert backwards == 0
    # Checks that do not restate the mapping's own translations, counted from the raw file.
    assert with_agent == sum(row["server"] != "NO_SERVER" for row in agent) == 26_671
    assert talk == sum(int(row["ser_time"]) for row in agent)
    assert vru_hangups == sum(row["q_start"] == "0:00:00" for row in hang) == 1_941
    assert vru_hangups_queued == 0
    assert abandoned_in_queue == sum(row["q_start"] != "0:00:00" for row in hang) == 3_963


BANK_HEADER = "\t".join([
    "vru+line", "call_id", "customer_id", "priority", "type", "date", "vru_entry", "vru_exit",
    "vru_time", "q_start", "q_exit", "q_time", "outcome", "ser_start", "ser_exit", "ser_time",
    "server",
])  # fmt: skip
bank_cells = st.one_of(
    st.text(max_size=10),
    st.sampled_from(["0:00:00", "23:59:59", "24:00:00", "990228", "991301", "AGENT", "HANG", "0"]),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(bank_cells, min_size=15, max_size=18).map("\t".join), max_size=6))
def test_the_mapping_never_raises_anything_else_on_arbitrary_rows(rows: list[str]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bank.tsv"
        path.write_text("\n".join([BANK_HEADER, *rows]), encoding="utf-8")
        try:
            for item in adapter().parse(
                [path], stats=ParseStats(), on_file=lambda _: None, on_progress=None
            ):
                assert isinstance(item, Rejected) or item.source_id
        except InputError:
            pass
