"""No input may crash the queue_log parser with anything but our own clean error."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from switchboard.ingest.queue_log import QueueLogAdapter
from switchboard.ingest.records import AgentStateRecord, InteractionRecord, ParseStats, Rejected
from switchboard.kit.errors import SwitchboardError

from .helpers import run_ingest, store_counts

EVENTS = st.sampled_from(
    [
        "ENTERQUEUE",
        "CONNECT",
        "COMPLETEAGENT",
        "COMPLETECALLER",
        "ABANDON",
        "EXITEMPTY",
        "EXITWITHTIMEOUT",
        "EXITWITHKEY",
        "BLINDTRANSFER",
        "ATTENDEDTRANSFER",
        "TRANSFER",
        "RINGNOANSWER",
        "RINGCANCELED",
        "ADDMEMBER",
        "REMOVEMEMBER",
        "AGENTLOGIN",
        "AGENTLOGOFF",
        "AGENTCALLBACKLOGIN",
        "AGENTCALLBACKLOGOFF",
        "PAUSE",
        "UNPAUSE",
        "PAUSEALL",
        "UNPAUSEALL",
        "WRAPUPSTART",
        "FULL",
        "JOINEMPTY",
        "CLOSED",
        "DIVERT_CA_RATIO",
        "DIVERT_HOLDTIME",
        "CONFIGRELOAD",
        "QUEUESTART",
        "NOPE",
    ]
)
FIELD = st.text(
    alphabet=st.characters(blacklist_characters="|\n\r", blacklist_categories=("Cs",)), max_size=12
)
NUMBERISH = st.one_of(st.integers(-5, 10**6).map(str), st.floats(allow_nan=True).map(str), FIELD)
LINE = st.tuples(
    st.one_of(st.integers(1_600_000_000, 1_600_000_900).map(str), FIELD),
    st.sampled_from(["c1", "c2", "c3", "NONE", ""]),
    st.sampled_from(["sales", "support", "NONE", ""]),
    st.sampled_from(["SIP/a", "SIP/b", "NONE", ""]),
    EVENTS,
    st.lists(NUMBERISH, max_size=6),
).map(lambda p: "|".join([*p[:5], *p[5]]))


def parse(content: bytes) -> list[object]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.queue_log"
        path.write_bytes(content)
        adapter = QueueLogAdapter(timezone="Europe/London")
        try:
            return list(
                adapter.parse([path], stats=ParseStats(), on_file=lambda _: None, on_progress=None)
            )
        except SwitchboardError as exc:
            return [exc]


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=40))
def test_event_soup_yields_only_records_and_rejections(lines: list[str]) -> None:
    for item in parse("\n".join(lines).encode()):
        assert isinstance(item, InteractionRecord | AgentStateRecord | Rejected | SwitchboardError)
        if isinstance(item, InteractionRecord):
            assert item.wait_seconds >= 0
            assert item.talk_seconds >= 0
        if isinstance(item, AgentStateRecord):
            assert item.ended_at > item.started_at


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_the_parser(content: bytes) -> None:
    for item in parse(content):
        assert isinstance(item, InteractionRecord | AgentStateRecord | Rejected | SwitchboardError)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(FIELD, max_size=11).map(",".join), max_size=20))
def test_arbitrary_csv_exports_never_crash_the_parser(rows: list[str]) -> None:
    content = "time,callid,queuename,agent,event,data1,data2,data3,data4,data5\n" + "\n".join(rows)
    for item in parse(content.encode()):
        assert isinstance(item, InteractionRecord | AgentStateRecord | Rejected | SwitchboardError)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(LINE, min_size=1, max_size=25))
def test_event_soup_goes_into_the_store_whole_or_not_at_all(
    engine: Engine, lines: list[str]
) -> None:
    """Parser and writer together, on both databases: success, or our error and no change."""
    before = store_counts(engine)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "soup.queue_log"
        path.write_text("\n".join(lines), encoding="utf-8")
        try:
            run_ingest(engine, QueueLogAdapter(timezone="Europe/London"), path)
        except SwitchboardError:
            assert store_counts(engine) == before
