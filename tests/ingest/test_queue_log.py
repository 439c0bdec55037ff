"""Asterisk queue_log ingestion, on hand-written logs whose expected records are worked out here."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from switchboard.cli import app
from switchboard.db.engine import unit_of_work
from switchboard.ingest.queue_log import QueueLogAdapter
from switchboard.interactions.models import AgentState, AgentStateInterval, Outcome
from switchboard.kit.errors import InputError

from .helpers import FIXTURES, names, run_ingest, store_counts, stored

REFERENCE = FIXTURES / "queue_log" / "reference.queue_log"
XIVO = FIXTURES / "queue_log" / "xivo.csv"
T = datetime.fromtimestamp(1700000000, UTC)  # the reference log's epoch, 2023-11-14 22:13:20 UTC


def at(offset: float) -> datetime:
    return T + timedelta(seconds=offset)


def adapter() -> QueueLogAdapter:
    return QueueLogAdapter(timezone="Europe/London")


def test_it_builds_one_interaction_per_queue_visit(engine: Engine) -> None:
    summary = run_ingest(engine, adapter(), REFERENCE)
    rows = stored(engine)
    queues, agents = names(engine)

    # c1 waited 60 s in sales (10 -> 70) and timed out, then queued in support.
    sales = rows["c1|sales|1700000010.000"]
    assert sales.outcome is Outcome.TIMED_OUT
    assert (sales.arrived_at, sales.ended_at, sales.wait_seconds) == (at(10), at(70), 60)
    assert queues[sales.queue_id] == "sales"  # type: ignore[index]

    # ...where it waited 15 s (70 -> 85) and talked 120 s with bob (85 -> 205).
    support = rows["c1|support|1700000070.000"]
    assert support.outcome is Outcome.ANSWERED
    assert (support.answered_at, support.ended_at) == (at(85), at(205))
    assert (support.wait_seconds, support.talk_seconds) == (15, 120)
    assert agents[support.agent_id] == "SIP/bob"  # type: ignore[index]
    assert support.disposition == "caller_hangup"

    # The two visits are segments 1 and 2 of contact c1, the second pointing at the first.
    assert (sales.contact_ref, support.contact_ref) == ("c1", "c1")
    assert (sales.segment, support.segment) == (1, 2)
    assert support.previous_source_id == sales.source_id
    assert support.previous_id == sales.id
    assert sales.customer_key is not None
    assert sales.customer_key == support.customer_key  # same caller, same pseudonymous key
    assert "07700900001" not in sales.customer_key

    assert summary.counts["interactions_created"] == 4


def test_it_records_abandons_and_transfers(engine: Engine) -> None:
    run_ingest(engine, adapter(), REFERENCE)
    rows = stored(engine)
    _, agents = names(engine)

    abandon = rows["c2|sales|1700000100.000"]
    assert abandon.outcome is Outcome.ABANDONED
    assert (abandon.wait_seconds, abandon.ended_at, abandon.agent_id) == (25, at(125), None)

    transfer = rows["c3|sales|1700000200.000"]
    assert transfer.outcome is Outcome.TRANSFERRED
    assert transfer.transferred is True
    assert (transfer.wait_seconds, transfer.talk_seconds) == (5, 40)
    assert (transfer.answered_at, transfer.ended_at) == (at(205), at(245))
    assert agents[transfer.agent_id] == "SIP/alice"  # type: ignore[index]
    assert transfer.disposition == "transfer:2001@from-internal"


def test_it_reports_unclosed_calls_and_unknown_events(engine: Engine) -> None:
    summary = run_ingest(engine, adapter(), REFERENCE).as_dict()
    assert summary["unclosed"] == 1
    assert summary["unclosed_ids"] == ["c4|support|1700002200.000"]
    assert summary["unknown_events"] == {"MYSTERY": 1}
    assert summary["lines_read"] == 18
    assert "c4|support|1700002200.000" not in stored(engine)


def test_it_turns_member_and_pause_events_into_agent_states(engine: Engine) -> None:
    summary = run_ingest(engine, adapter(), REFERENCE)
    _, agents = names(engine)
    with unit_of_work(engine) as session:
        rows = session.scalars(
            select(AgentStateInterval).order_by(AgentStateInterval.started_at)
        ).all()
        spans = [(agents[r.agent_id], r.state, r.reason, r.started_at, r.ended_at) for r in rows]

    alice = [s[1:] for s in spans if s[0] == "SIP/alice"]
    assert alice == [
        (AgentState.AVAILABLE, None, at(1), at(205)),  # member from 1 s, connected to c3 at 205 s
        (AgentState.ON_CONTACT, None, at(205), at(245)),  # transferred c3 at 245 s
        (AgentState.AVAILABLE, None, at(245), at(300)),
        (AgentState.LUNCH, "Lunch", at(300), at(2100)),  # pause reason kept; "Lunch" -> lunch
    ]  # still available from 2100 s at the end of the log: open, so not stored
    bob = [s[1:] for s in spans if s[0] == "SIP/bob"]
    assert bob == [
        (AgentState.AVAILABLE, None, at(1), at(85)),
        (AgentState.ON_CONTACT, None, at(85), at(205)),
        (AgentState.AVAILABLE, None, at(205), at(3000)),  # removed from support at 3000 s
    ]
    assert summary.counts["agent_states_created"] == 7
    assert summary.stats.skipped == {"agent_state_still_open": 1}


def test_the_database_export_form_reads_local_times_and_wrap_up(engine: Engine) -> None:
    summary = run_ingest(engine, adapter(), XIVO)
    rows = stored(engine)
    # 2023-07-03 is in British Summer Time, so 10:00 local is 09:00 UTC.
    local = datetime(2023, 7, 3, 9, 0, tzinfo=UTC)
    call = rows["x1|billing|1688374805.250"]
    assert call.arrived_at == local + timedelta(seconds=5.25)
    assert call.answered_at == local + timedelta(seconds=17.25)
    assert (call.wait_seconds, call.talk_seconds, call.wrap_seconds) == (12, 180, 15)
    # WRAPUPSTART at 10:03:17.5 local with 15 s of wrap-up: ends 10:03:32.5 local.
    assert call.wrap_ended_at == local + timedelta(minutes=3, seconds=32.5)
    full = rows["y1|billing|1688375100.000"]
    assert (full.outcome, full.disposition, full.wait_seconds) == (Outcome.OVERFLOWED, "full", 0)

    with unit_of_work(engine) as session:
        rows = session.scalars(
            select(AgentStateInterval).order_by(AgentStateInterval.started_at)
        ).all()
        spans = [(r.state, (r.ended_at - r.started_at).total_seconds()) for r in rows]
    assert spans == [
        (AgentState.AVAILABLE, 17.25),  # 10:00:00 -> 10:00:17.25
        (AgentState.ON_CONTACT, 180.0),
        (AgentState.AVAILABLE, 0.25),  # COMPLETEAGENT at :17.25, WRAPUPSTART at :17.5
        (AgentState.WRAP_UP, 15.0),
        (AgentState.AVAILABLE, 147.5),  # 10:03:32.5 -> 10:06:00
    ]
    assert sum(s for _, s in spans) == 360  # six minutes a member of billing
    assert summary.stats.lines_read == 7


def test_reingesting_the_same_or_an_overlapping_file_creates_nothing_twice(
    engine: Engine, tmp_path: Path
) -> None:
    run_ingest(engine, adapter(), REFERENCE)
    before = store_counts(engine)
    again = run_ingest(engine, adapter(), REFERENCE)
    assert again.counts["interactions_created"] == 0
    assert again.counts["agent_states_created"] == 0
    assert again.counts["duplicates_skipped"] == 4 + 7
    overlap = tmp_path / "overlap.queue_log"
    lines = REFERENCE.read_text().splitlines()
    extra = "1700004000|c9|sales|NONE|ENTERQUEUE||07700900009|1\n1700004030|c9|sales|NONE|ABANDON|1|1|30\n"
    overlap.write_text("\n".join(lines[8:]) + "\n" + extra)
    later = run_ingest(engine, adapter(), overlap)
    assert later.counts["interactions_created"] == 1  # only c9 is new
    after = store_counts(engine)
    assert after["interactions"] == before["interactions"] + 1


def test_a_malformed_line_stops_the_import_and_leaves_the_store_unchanged(
    engine: Engine, tmp_path: Path
) -> None:
    run_ingest(engine, adapter(), XIVO)
    before = store_counts(engine)
    bad = tmp_path / "bad.queue_log"
    lines = REFERENCE.read_text().splitlines()
    lines[7] = "1700000205|c1|support|SIP/bob|COMPLETECALLER|15|two minutes|1"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as caught:
        run_ingest(engine, adapter(), bad)
    assert str(caught.value) == (
        f"{bad}, line 8, field 'data2': COMPLETECALLER: 'two minutes' is not a number of seconds"
    )
    assert store_counts(engine) == before


def test_skip_bad_keeps_good_records_and_lists_bad_lines(engine: Engine, tmp_path: Path) -> None:
    bad = tmp_path / "bad.queue_log"
    lines = REFERENCE.read_text().splitlines()
    lines[9] = "1700000125|c2|sales|NONE|ABANDON|1|1|-25"
    lines.insert(3, "yesterday|c0|sales|NONE|ENTERQUEUE||1|1")
    bad.write_text("\n".join(lines) + "\n")
    rejects = tmp_path / "rejects.csv"
    summary = run_ingest(engine, adapter(), bad, skip_bad=True, rejects_path=rejects)
    assert summary.rejected == 2
    assert rejects.read_text().splitlines() == [
        "file,line,field,reason",
        f"{bad},4,time,'yesterday' is not a Unix time",
        f"{bad},11,data3,ABANDON: '-25' is not a plausible number of seconds",
    ]
    # c2's abandon was rejected, so c2 stays open and is reported unclosed, never dropped.
    assert "c2|sales|1700000100.000" in summary.stats.unclosed_ids
    assert summary.counts["interactions_created"] == 3


def test_cli_prints_a_stable_json_summary(database_url: str) -> None:
    result = CliRunner().invoke(
        app,
        ["--database-url", database_url, "ingest", "queue-log", str(REFERENCE), "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["source"] == "queue-log"
    assert summary["interactions_created"] == 4
    assert summary["agent_states_created"] == 7
    assert summary["unclosed"] == 1
    assert summary["unknown_events"] == {"MYSTERY": 1}
    assert summary["files"][0]["lines_read"] == 18


def test_cli_names_file_line_and_field_and_exits_1(database_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.queue_log"
    bad.write_text(
        "1700000000|c1|sales|NONE|ENTERQUEUE||1|1\nnot-a-time|c1|sales|NONE|ABANDON|1|1|2\n"
    )
    result = CliRunner().invoke(
        app, ["--database-url", database_url, "ingest", "queue-log", str(bad)]
    )
    assert result.exit_code == 1
    assert "line 2, field 'time'" in result.stderr


def test_skip_bad_always_leaves_a_rejects_file_so_an_old_one_cannot_mislead(
    engine: Engine, tmp_path: Path
) -> None:
    rejects = tmp_path / "rejects.csv"
    rejects.write_text("file,line,field,reason\nold.log,1,time,from an earlier run\n")
    summary = run_ingest(engine, adapter(), REFERENCE, skip_bad=True, rejects_path=rejects)
    assert summary.rejected == 0
    assert rejects.read_text().splitlines() == ["file,line,field,reason"]
    assert summary.as_dict()["rejects_file"] == str(rejects)


def test_two_pbxes_with_the_same_call_ids_stay_apart(database_url: str) -> None:
    """Call ids are only unique per Asterisk server: --source-system keeps each server's own."""
    for server in ("pbx-leeds", "pbx-york"):
        result = CliRunner().invoke(
            app,
            ["--database-url", database_url, "ingest", "queue-log", str(REFERENCE),
             "--source-system", server, "--format", "json"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["interactions_created"] == 4


def test_rejects_without_skip_bad_is_a_usage_error(database_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "--database-url",
            database_url,
            "ingest",
            "queue-log",
            str(REFERENCE),
            "--rejects",
            str(tmp_path / "r.csv"),
        ],
    )
    assert result.exit_code == 2
    assert "--rejects only makes sense with --skip-bad" in result.output


def test_the_public_default_secret_is_flagged_outside_sqlite(database_url: str) -> None:
    result = CliRunner().invoke(
        app, ["--database-url", database_url, "ingest", "queue-log", str(REFERENCE)]
    )
    assert result.exit_code == 0
    warned = "SWITCHBOARD_PSEUDONYM_SECRET is the public default" in result.stderr
    assert warned == database_url.startswith("postgresql")


def test_a_call_crossing_files_loaded_in_separate_runs_is_finished_by_the_second(
    engine: Engine, tmp_path: Path
) -> None:
    """Nightly rotation: yesterday's file ends with c1 on the phone; today's has its hang-up."""
    lines = REFERENCE.read_text().splitlines()
    yesterday, today = tmp_path / "queue_log.1", tmp_path / "queue_log"
    yesterday.write_text("\n".join(lines[:7]) + "\n")  # ends after c1's CONNECT at 85 s
    today.write_text("\n".join(lines[7:]) + "\n")  # starts with c1's COMPLETECALLER at 205 s
    first = run_ingest(engine, adapter(), yesterday)
    assert first.stats.unclosed_ids == ["c1|support|1700000070.000"]  # open, and carried over
    second = run_ingest(engine, adapter(), today)
    assert second.stats.orphaned_events == {}  # the hang-up found its call
    rows = stored(engine)
    assert len(rows) == 4  # exactly as when the whole log is loaded at once
    support = rows["c1|support|1700000070.000"]
    assert (support.answered_at, support.ended_at, support.talk_seconds) == (at(85), at(205), 120)
    assert support.previous_id == rows["c1|sales|1700000010.000"].id  # linked across the runs
    _, agents = names(engine)
    with unit_of_work(engine) as session:
        spans = session.execute(
            select(
                AgentStateInterval.agent_id, AgentStateInterval.state, AgentStateInterval.started_at
            ).order_by(AgentStateInterval.started_at)
        ).all()
    bob = [(state, start) for agent, state, start in spans if agents[agent] == "SIP/bob"]
    assert bob == [
        (AgentState.AVAILABLE, at(1)),
        (AgentState.ON_CONTACT, at(85)),  # started yesterday, ended today: one interval
        (AgentState.AVAILABLE, at(205)),
    ]
    assert len(spans) == 7
    again = run_ingest(engine, adapter(), today)  # not a continuation: nothing carried, nothing new
    assert again.counts["interactions_created"] == again.counts["agent_states_created"] == 0
