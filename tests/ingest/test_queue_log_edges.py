"""queue_log corner cases: DST, overlapping files, export padding, missing agents, bad text."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from switchboard.db.engine import unit_of_work
from switchboard.ingest.queue_log import QueueLogAdapter
from switchboard.interactions.models import AgentState, AgentStateInterval, Outcome
from switchboard.kit.errors import InputError

from .helpers import names, run_ingest, stored

HEADER = "time,callid,queuename,agent,event,data1,data2,data3,data4,data5\n"


def london() -> QueueLogAdapter:
    return QueueLogAdapter(timezone="Europe/London")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_the_repeated_hour_of_an_autumn_night_is_read_in_order(
    engine: Engine, tmp_path: Path
) -> None:
    # 2024-10-27, Europe/London: 01:00-02:00 happens twice (BST, then GMT). The call enters at
    # 01:59:50 BST (00:59:50 UTC), is answered at the second 01:00:05 (GMT, 01:00:05 UTC): a
    # 15 s wait; it ends at 01:02:05 GMT after 120 s of talk.
    log = write(tmp_path, "dst.csv", HEADER + (
        "2024-10-27 01:59:50,d1,Sales,NONE,ENTERQUEUE,,01632960001,1,,\n"
        "2024-10-27 01:00:05,d1,Sales,SIP/ann,CONNECT,15,d1.1,2,,\n"
        "2024-10-27 01:02:05,d1,Sales,SIP/ann,COMPLETECALLER,15,120,1,,\n"
    ))  # fmt: skip
    run_ingest(engine, london(), log)
    call = stored(engine)["d1|Sales|1729990790.000"]
    assert call.arrived_at == datetime(2024, 10, 27, 0, 59, 50, tzinfo=UTC)
    assert call.answered_at == datetime(2024, 10, 27, 1, 0, 5, tzinfo=UTC)
    assert call.ended_at == call.answered_at + timedelta(seconds=120)
    assert (call.wait_seconds, call.talk_seconds) == (15, 120)


def test_a_local_time_the_clocks_skipped_is_refused(engine: Engine, tmp_path: Path) -> None:
    # 2024-03-31, Europe/London: clocks go from 01:00 straight to 02:00, so 01:30 never happened.
    log = write(
        tmp_path, "gap.csv", HEADER + "2024-03-31 01:30:00,g1,Sales,NONE,ENTERQUEUE,,,1,,\n"
    )
    with pytest.raises(InputError, match=r"line 2, field 'time'.*does not exist in Europe/London"):
        run_ingest(engine, london(), log)


def test_overlapping_files_never_give_an_agent_two_states_at_once(
    engine: Engine, tmp_path: Path
) -> None:
    lines = [
        "1700000000|NONE|Sales|SIP/ann|ADDMEMBER|",
        "1700000600|NONE|Support|SIP/ann|ADDMEMBER|",
        "1700001200|NONE|NONE|SIP/ann|PAUSEALL|Break",
        "1700001500|NONE|NONE|SIP/ann|UNPAUSEALL|",
        "1700002000|NONE|NONE|SIP/ann|AGENTLOGOFF|",
    ]
    whole = write(tmp_path, "a.log", "\n".join(lines) + "\n")
    # The second file starts mid-session, so it sees Ann available from 600 s, not from 0 s.
    later = write(tmp_path, "b.log", "\n".join(lines[1:]) + "\n")
    run_ingest(engine, london(), whole)
    run_ingest(engine, london(), later)
    run_ingest(engine, london(), whole)
    with unit_of_work(engine) as session:
        spans = session.execute(
            select(
                AgentStateInterval.started_at, AgentStateInterval.ended_at, AgentStateInterval.state
            ).order_by(AgentStateInterval.started_at)
        ).all()
    t = datetime.fromtimestamp(1700000000, UTC)
    assert [(s - t, e - t, state) for s, e, state in spans] == [
        (timedelta(0), timedelta(seconds=1200), AgentState.AVAILABLE),
        (timedelta(seconds=1200), timedelta(seconds=1500), AgentState.BREAK),
        (timedelta(seconds=1500), timedelta(seconds=2000), AgentState.AVAILABLE),
    ]


def test_a_pause_ends_with_the_session(engine: Engine, tmp_path: Path) -> None:
    log = write(tmp_path, "pause.log", (
        "1700000000|NONE|Sales|SIP/ann|ADDMEMBER|\n"
        "1700000100|NONE|Sales|SIP/ann|PAUSE|Lunch\n"
        "1700000200|NONE|Sales|SIP/ann|REMOVEMEMBER|\n"
        "1700086400|NONE|Sales|SIP/ann|ADDMEMBER|\n"
        "1700090000|NONE|Sales|SIP/ann|REMOVEMEMBER|\n"
    ))  # fmt: skip
    run_ingest(engine, london(), log)
    with unit_of_work(engine) as session:
        states = session.scalars(
            select(AgentStateInterval.state).order_by(AgentStateInterval.started_at)
        ).all()
    assert states == [
        AgentState.AVAILABLE,
        AgentState.LUNCH,
        AgentState.AVAILABLE,
    ]  # next day: available


def test_attended_transfers_in_the_database_export_keep_their_numbers(
    engine: Engine, tmp_path: Path
) -> None:
    # The table has five data columns; Asterisk joins any further fields into data5 with '|'.
    log = write(tmp_path, "xfer.csv", HEADER + (
        "2024-07-01 10:00:00,a1,Sales,NONE,ENTERQUEUE,,01632960001,1,,\n"
        "2024-07-01 10:00:12,a1,Sales,SIP/ann,CONNECT,12,a1.1,2,,\n"
        "2024-07-01 10:03:12,a1,Sales,SIP/ann,ATTENDEDTRANSFER,APP,Dial,12,180,1\n"
        "2024-07-01 11:00:00,a2,Sales,NONE,ENTERQUEUE,,01632960002,1,,\n"
        "2024-07-01 11:00:05,a2,Sales,SIP/ann,CONNECT,5,a2.1,2,,\n"
        "2024-07-01 11:01:05,a2,Sales,SIP/ann,ATTENDEDTRANSFER,LINK,SIP/ann-1,SIP/bob-2,5,60|1\n"
    ))  # fmt: skip
    run_ingest(engine, london(), log)
    rows = stored(engine)
    app = rows["a1|Sales|1719824400.000"]  # 10:00 BST = 09:00 UTC
    link = rows["a2|Sales|1719828000.000"]
    assert (app.outcome, app.wait_seconds, app.talk_seconds) == (Outcome.TRANSFERRED, 12, 180)
    assert (link.outcome, link.wait_seconds, link.talk_seconds) == (Outcome.TRANSFERRED, 5, 60)


def test_none_is_nobody_not_an_agent(engine: Engine, tmp_path: Path) -> None:
    log = write(tmp_path, "none.log", (
        "1700000000|n1|Sales|NONE|ENTERQUEUE||01632960001|1\n"
        "1700000010|n1|Sales|NONE|CONNECT|10|n1.1|1\n"
        "1700000070|n1|Sales|NONE|COMPLETECALLER|10|60|1\n"
    ))  # fmt: skip
    run_ingest(engine, london(), log)
    _, agents = names(engine)
    assert agents == {}
    assert stored(engine)["n1|Sales|1700000000.000"].agent_id is None


@pytest.mark.parametrize(
    ("line", "field", "reason"),
    [
        (
            f"1700000000|{'c' * 201}|Sales|NONE|ENTERQUEUE||1|1",
            "callid",
            "longer than 200 characters",
        ),
        ("1700000000|c1|Sa\x00les|NONE|ENTERQUEUE||1|1", "queuename", "NUL"),
        (
            f"1700000000|c1|Sales|NONE|ENTERQUEUE||{'7' * 321}|1",
            "data2",
            "caller id longer than 320",
        ),
        ("1700000000|NONE|Sales||ADDMEMBER|", "agent", "ADDMEMBER needs an agent"),
        ("253402300000|NONE|NONE|Agent/1|WRAPUPSTART|999999999", "data1", "after the year 9999"),
    ],
)
def test_text_the_store_cannot_keep_is_refused_by_field(
    engine: Engine, tmp_path: Path, line: str, field: str, reason: str
) -> None:
    log = write(tmp_path, "bad.log", line + "\n")
    with pytest.raises(InputError) as caught:
        run_ingest(engine, london(), log)
    assert f"line 1, field '{field}'" in str(caught.value)
    assert reason in str(caught.value)
