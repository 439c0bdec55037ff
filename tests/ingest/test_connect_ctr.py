"""Amazon Connect CTR ingestion, on hand-written records whose expected interactions are worked out here.

``reference.jsonl`` holds one contact of each kind (the comments below do its arithmetic);
``reference.json`` is the same records as one pretty-printed JSON array.
"""

import csv
import json
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from switchboard.cli import app
from switchboard.customers.models import CustomerIdentity, IdentityKind
from switchboard.db.engine import unit_of_work
from switchboard.ingest import json_stream
from switchboard.ingest.connect_ctr import ConnectCtrAdapter
from switchboard.ingest.json_stream import JsonValues, Value
from switchboard.ingest.records import InteractionRecord, ParseStats, Record, Rejected
from switchboard.interactions.models import Direction, Outcome
from switchboard.kit.errors import InputError
from switchboard.people.models import Channel

from .helpers import FIXTURES, names, run_ingest, store_counts, stored

CONNECT = FIXTURES / "connect"
REFERENCE = CONNECT / "reference.jsonl"
REFERENCE_ARRAY = CONNECT / "reference.json"
UPDATE = CONNECT / "update.jsonl"
BAD = CONNECT / "bad.jsonl"
TRUNCATED = CONNECT / "truncated.json"


def at(hhmmss: str, day: int = 4) -> datetime:
    return datetime.fromisoformat(f"2024-03-{day:02d}T{hhmmss}+00:00").astimezone(UTC)


def parse(*paths: Path, stats: ParseStats | None = None) -> list[Record | Rejected]:
    adapter = ConnectCtrAdapter()
    stats = stats or ParseStats()
    return list(adapter.parse(paths, stats=stats, on_file=lambda _: None, on_progress=None))


# --- mapping, on the store of each backend ------------------------------------------------


def test_it_maps_an_answered_voice_call_with_hold_and_wrap_up(engine: Engine) -> None:
    summary = run_ingest(engine, ConnectCtrAdapter(), REFERENCE)
    call = stored(engine)["voice-answered"]
    queues, agents = names(engine)

    # Initiated 09:00:00 in the IVR, queued 09:00:12, dequeued to alice 09:00:42: wait 30 s.
    assert call.arrived_at == at("09:00:12")
    assert (call.answered_at, call.wait_seconds) == (at("09:00:42"), 30)
    # Talk 300 s plus 45 s on hold: disconnected 09:00:42 + 345 s = 09:06:27; 60 s of ACW.
    assert (call.talk_seconds, call.hold_seconds, call.wrap_seconds) == (300, 45, 60)
    assert (call.ended_at, call.wrap_ended_at) == (at("09:06:27"), at("09:07:27"))
    assert (call.channel, call.direction, call.outcome) == (
        Channel.VOICE,
        Direction.INBOUND,
        Outcome.ANSWERED,
    )
    assert (queues[call.queue_id], agents[call.agent_id]) == ("Billing", "alice")  # type: ignore[index]
    assert call.disposition == "customer_disconnect"
    assert call.source_updated_at == at("09:08:00")
    assert (call.contact_ref, call.segment, call.transferred) == ("voice-answered", 1, False)
    assert summary.counts["interactions_created"] == 9


def test_it_stores_the_caller_as_a_pseudonymous_phone_identity(engine: Engine) -> None:
    run_ingest(engine, ConnectCtrAdapter(), REFERENCE)
    rows = stored(engine)
    with unit_of_work(engine) as session:
        identity = session.scalars(
            select(CustomerIdentity).where(CustomerIdentity.value == "+441632960001")
        ).one()
    assert identity.kind is IdentityKind.PHONE
    # The callback went to the same number, so it is the same customer.
    assert rows["voice-answered"].customer_key == identity.customer_key
    assert rows["callback"].customer_key == identity.customer_key
    assert identity.customer_key != "+441632960001"


def test_it_maps_chat_and_task_contacts(engine: Engine) -> None:
    run_ingest(engine, ConnectCtrAdapter(), REFERENCE)
    rows = stored(engine)

    chat = rows["chat-answered"]
    # Queued 10:00:05.250, dequeued 10:01:05.750: 60.5 s (the timestamps beat Duration's 60).
    assert chat.channel is Channel.CHAT
    assert (chat.arrived_at, chat.wait_seconds) == (at("10:00:05.250"), 60.5)
    assert (chat.talk_seconds, chat.hold_seconds, chat.wrap_seconds) == (420, 0, 30)
    assert chat.customer_key is None  # a chat has no CustomerEndpoint

    task = rows["task-answered"]
    # Queued 11:00, picked up by carol 11:20: 1,200 s; worked 900 s, then 120 s of ACW.
    assert task.channel is Channel.TASK
    assert (task.wait_seconds, task.talk_seconds, task.wrap_seconds) == (1200, 900, 120)
    assert task.outcome is Outcome.ANSWERED
    assert task.customer_key is None  # the endpoint is a contact flow, not a customer


def test_it_records_a_queued_contact_that_never_reached_an_agent_as_abandoned(
    engine: Engine,
) -> None:
    run_ingest(engine, ConnectCtrAdapter(), REFERENCE)
    call = stored(engine)["voice-abandoned"]
    # Queued 12:00:00, left 12:01:35: 95 s, with no agent.
    assert (call.outcome, call.wait_seconds, call.agent_id) == (Outcome.ABANDONED, 95, None)
    assert (call.answered_at, call.talk_seconds) == (None, 0)
    assert call.disposition == "customer_disconnect"


def test_it_links_the_segments_of_a_transferred_contact(engine: Engine) -> None:
    run_ingest(engine, ConnectCtrAdapter(), REFERENCE)
    rows = stored(engine)
    queues, agents = names(engine)
    first, second = rows["xfer-first"], rows["xfer-second"]

    # alice answered after 10 s (13:00:10 -> 13:00:20), talked 240 s and transferred.
    assert (first.outcome, first.transferred, first.segment) == (Outcome.TRANSFERRED, True, 1)
    assert (first.wait_seconds, first.talk_seconds, first.wrap_seconds) == (10, 240, 15)
    # The new contact queued in Retentions 13:04:20 -> 13:05:30 (70 s) and bob answered.
    assert (second.outcome, second.transferred, second.segment) == (Outcome.ANSWERED, False, 2)
    assert (second.wait_seconds, second.talk_seconds, second.hold_seconds) == (70, 540, 20)
    assert (queues[second.queue_id], agents[second.agent_id]) == ("Retentions", "bob")  # type: ignore[index]
    # One contact: both share the initial contact's id, and the second points at the first.
    assert first.contact_ref == second.contact_ref == "xfer-first"
    assert (second.previous_source_id, second.previous_id) == ("xfer-first", first.id)
    assert first.customer_key == second.customer_key


def test_it_keeps_outbound_and_callback_contacts_and_skips_ivr_only_ones(engine: Engine) -> None:
    summary = run_ingest(engine, ConnectCtrAdapter(), REFERENCE)
    rows = stored(engine)
    _, agents = names(engine)

    outbound = rows["outbound-call"]
    # No queue: it arrives when carol dialled (15:00:00) and waited for nothing.
    assert (outbound.direction, outbound.queue_id) == (Direction.OUTBOUND, None)
    assert (outbound.arrived_at, outbound.wait_seconds, outbound.talk_seconds) == (
        at("15:00:00"),
        0,
        165,
    )

    callback = rows["callback"]
    # A callback is answered like any call; with no DisconnectReason it is marked "callback".
    assert (callback.outcome, callback.disposition) == (Outcome.ANSWERED, "callback")
    assert callback.wait_seconds == 120  # 16:00:00 -> 16:02:00
    assert agents[callback.agent_id].endswith("agent/ag-dave")  # type: ignore[index]  # no Username: the ARN

    assert "ivr-only" not in rows
    assert summary.stats.skipped == {"not_queued": 1}
    assert summary.as_dict()["skipped"] == {"not_queued": 1}


# --- at-least-once delivery --------------------------------------------------------------


def test_the_newest_of_two_deliveries_in_one_file_wins(engine: Engine) -> None:
    summary = run_ingest(engine, ConnectCtrAdapter(), REFERENCE)
    dup = stored(engine)["dup"]
    # Delivered at 17:20 (with 45 s of ACW) and again, older, at 17:11 (without): 17:20 wins.
    assert (dup.source_updated_at, dup.wrap_seconds) == (at("17:20:00"), 45)
    # 11 records: 1 skipped as IVR-only, 10 parsed, 9 distinct contacts; the older dup skipped.
    assert summary.counts["interactions_created"] == 9
    assert summary.counts["duplicates_skipped"] == 1
    assert summary.stats.lines_read == 12  # 11 records and a blank line


def test_a_newer_delivery_in_a_later_import_replaces_the_stored_contact(engine: Engine) -> None:
    run_ingest(engine, ConnectCtrAdapter(), REFERENCE)
    summary = run_ingest(engine, ConnectCtrAdapter(), UPDATE)
    rows = stored(engine)

    # voice-answered again, updated 09:30 (stored 09:08): its ACW grew from 60 s to 75 s.
    assert (rows["voice-answered"].wrap_seconds, rows["voice-answered"].wrap_ended_at) == (
        75,
        at("09:07:42"),
    )
    # voice-abandoned again, but as of 11:59, older than the stored 12:02: ignored.
    assert rows["voice-abandoned"].disposition == "customer_disconnect"
    assert summary.counts["interactions_updated"] == 1
    assert summary.counts["duplicates_skipped"] == 1
    assert summary.counts["interactions_created"] == 0
    assert len(rows) == 9


def test_the_newest_delivery_wins_whatever_order_the_files_come_in(engine: Engine) -> None:
    summary = run_ingest(engine, ConnectCtrAdapter(), UPDATE, REFERENCE)
    rows = stored(engine)
    # update.jsonl first stores its two versions; reference.jsonl then brings an older
    # voice-answered (skipped) and a newer voice-abandoned (replaces).
    assert rows["voice-answered"].wrap_seconds == 75
    assert rows["voice-abandoned"].source_updated_at == at("12:02:00")
    assert summary.counts["interactions_updated"] == 1
    # 2 + 7 new contacts; skipped: old voice-answered and the older dup.
    assert summary.counts["interactions_created"] == 9
    assert summary.counts["duplicates_skipped"] == 2


def test_reingesting_the_same_file_creates_no_duplicates(engine: Engine) -> None:
    run_ingest(engine, ConnectCtrAdapter(), REFERENCE)
    before = store_counts(engine)
    again = run_ingest(engine, ConnectCtrAdapter(), REFERENCE)
    after = store_counts(engine)
    assert after["interactions"] == before["interactions"] == 9
    assert after["ingest_batches"] == before["ingest_batches"] + 1
    assert again.counts["interactions_created"] == again.counts["interactions_updated"] == 0
    assert again.counts["duplicates_skipped"] == 10  # 9 stored, plus the older dup in the file
    assert stored(engine)["xfer-second"].previous_id == stored(engine)["xfer-first"].id


# --- JSON array and JSON Lines -------------------------------------------------------------


def test_a_json_array_gives_the_same_records_as_json_lines() -> None:
    lines_stats, array_stats = ParseStats(), ParseStats()
    from_lines = parse(REFERENCE, stats=lines_stats)
    from_array = parse(REFERENCE_ARRAY, stats=array_stats)
    assert len(from_lines) == 10
    assert from_array == from_lines
    assert lines_stats.skipped == array_stats.skipped == {"not_queued": 1}
    assert array_stats.lines_read == len(REFERENCE_ARRAY.read_text().splitlines())


def test_a_json_array_gives_the_same_store_as_json_lines(engine: Engine) -> None:
    from_array = run_ingest(engine, ConnectCtrAdapter(), REFERENCE_ARRAY)
    assert from_array.counts["interactions_created"] == 9
    rows = stored(engine)
    assert rows["xfer-second"].previous_id == rows["xfer-first"].id
    assert rows["chat-answered"].wait_seconds == 60.5


@pytest.mark.parametrize("chunk", [1, 2, 7, 64])
def test_the_array_reader_is_not_thrown_by_chunk_boundaries(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = parse(REFERENCE_ARRAY)
    monkeypatch.setattr(json_stream, "CHUNK", chunk)
    assert parse(REFERENCE_ARRAY) == expected


def test_a_number_split_across_chunks_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_stream, "CHUNK", 2)
    path = tmp_path / "numbers.json"
    path.write_text('[123456, -1.5e+10, true,\n"x", {"a": [null]}]')
    values = list(JsonValues(path))
    assert values == [
        Value(1, 123456),
        Value(1, -1.5e10),
        Value(1, True),
        Value(2, "x"),
        Value(2, {"a": [None]}),
    ]


def test_it_reports_progress_up_to_the_file_size() -> None:
    for path in (REFERENCE, REFERENCE_ARRAY):
        seen: list[int] = []
        list(
            ConnectCtrAdapter().parse(
                [path], stats=ParseStats(), on_file=lambda _: None, on_progress=seen.append
            )
        )
        assert sum(seen) == path.stat().st_size


def test_it_announces_each_file_before_reading_it() -> None:
    announced: list[Path] = []
    adapter = ConnectCtrAdapter()
    items = adapter.parse(
        [REFERENCE, UPDATE], stats=ParseStats(), on_file=announced.append, on_progress=None
    )
    first = next(items)
    assert announced == [REFERENCE]
    assert isinstance(first, InteractionRecord)
    list(items)
    assert announced == [REFERENCE, UPDATE]


# --- bad input ---------------------------------------------------------------------------


def test_strict_mode_leaves_the_store_unchanged_and_names_file_line_and_field(
    engine: Engine,
) -> None:
    run_ingest(engine, ConnectCtrAdapter(), REFERENCE)
    before = store_counts(engine)
    with pytest.raises(InputError) as raised:
        run_ingest(engine, ConnectCtrAdapter(), BAD)
    assert str(raised.value).startswith(
        f"{BAD}, line 2, field 'Agent.AgentInteractionDuration': -12"
    )
    assert store_counts(engine) == before


def test_skip_bad_keeps_the_good_records_and_lists_the_bad_ones(
    engine: Engine, tmp_path: Path
) -> None:
    rejects = tmp_path / "rejects.csv"
    summary = run_ingest(engine, ConnectCtrAdapter(), BAD, skip_bad=True, rejects_path=rejects)
    assert set(stored(engine)) == {"good-1", "good-2"}
    with rejects.open(newline="") as handle:
        rows = [(r["file"], r["line"], r["field"]) for r in csv.DictReader(handle)]
    assert rows == [
        (str(BAD), "2", "Agent.AgentInteractionDuration"),  # -12 s
        (str(BAD), "4", ""),  # malformed JSON; the next line is read again
        (str(BAD), "5", "Channel"),  # FAX
        (str(BAD), "6", "ContactId"),  # missing
        (str(BAD), "7", "InitiationTimestamp"),  # "yesterday teatime"
        (str(BAD), "8", ""),  # an array, not an object
    ]
    assert summary.rejected == 6
    assert summary.rejects_file == str(rejects)


def test_a_malformed_array_element_ends_the_file_with_one_rejection() -> None:
    stats = ParseStats()
    items = parse(TRUNCATED, stats=stats)
    assert [type(item) for item in items] == [InteractionRecord, Rejected]
    assert isinstance(items[0], InteractionRecord)
    assert items[0].source_id == "array-good"
    assert isinstance(items[1], Rejected)
    assert (items[1].location.file, items[1].location.line) == (str(TRUNCATED), 5)
    assert "the rest of the file is not read" in items[1].reason
    assert stats.lines_read == 5  # "never-read" on line 6 is never reached


def test_a_byte_that_is_not_utf8_ends_an_array_after_the_elements_before_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "latin1.json"
    good = '{"ContactId": "c1", "Channel": "CHAT", "Queue": {"Name": "Chat Support", '
    good += '"EnqueueTimestamp": "2024-03-04T09:00:00Z"}}'
    path.write_bytes(b"\xef\xbb\xbf[" + good.encode() + b',\n{"ContactId": "caf\xe9"}]')
    items = parse(path)
    assert [type(item) for item in items] == [InteractionRecord, Rejected]
    assert isinstance(items[1], Rejected)
    assert items[1].location.line == 2
    assert items[1].reason.startswith("not UTF-8 text")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"Agent": {"Username": "a", "CustomerHoldDuration": -1}}, "Agent.CustomerHoldDuration"),
        ({"Agent": {"Username": "a", "AfterContactWorkDuration": "60"}}, "Agent.AfterContactWorkDuration"),
        ({"Agent": {"Username": "a", "AgentInteractionDuration": True}}, "Agent.AgentInteractionDuration"),
        ({"Queue": {"Name": "q", "Duration": -3}}, "Queue.Duration"),
        ({"Queue": "Billing"}, "Queue"),
        ({"Queue": {"Name": "q", "EnqueueTimestamp": "2024-03-04T09:00:10Z",
                    "DequeueTimestamp": "2024-03-04T09:00:00Z"}}, "Queue.DequeueTimestamp"),
        ({"Queue": {"Name": "q", "EnqueueTimestamp": "4 March"}}, "Queue.EnqueueTimestamp"),
        ({"DisconnectTimestamp": 1709542800}, "DisconnectTimestamp"),
        ({"Channel": "FAX"}, "Channel"),
        ({"Channel": None}, "Channel"),
        ({"ContactId": 42}, "ContactId"),
        ({"ContactId": "x" * 201}, "ContactId"),
        ({"InitialContactId": "bad\x00id"}, "InitialContactId"),
        ({"InitiationTimestamp": None}, "InitiationTimestamp"),
        ({"CustomerEndpoint": ["+44"]}, "CustomerEndpoint"),
    ],
)  # fmt: skip
def test_it_rejects_a_bad_field_by_name(change: dict[str, Any], field: str, tmp_path: Path) -> None:
    record: dict[str, Any] = {
        "ContactId": "c1",
        "Channel": "VOICE",
        "InitiationTimestamp": "2024-03-04T09:00:00Z",
        "Queue": {"Name": "Billing"},
    }
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record | change) + "\n")
    [item] = parse(path)
    assert isinstance(item, Rejected)
    assert (item.location.line, item.location.field) == (1, field)


def test_a_lone_surrogate_or_a_huge_duration_is_a_field_error(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    good = '"Channel": "VOICE", "InitiationTimestamp": "2024-03-04T09:00:00Z"'
    path.write_text(
        # \ud800 is half a surrogate pair: JSON can write it, UTF-8 and the databases cannot.
        f'{{"ContactId": "c1", {good}, "Queue": {{"Name": "q\\ud800"}}}}\n'
        # 10**400 is a valid JSON integer, beyond any float: math.isfinite would overflow on it.
        f'{{"ContactId": "c2", {good}, "Agent": {{"Username": "a", '
        f'"AgentInteractionDuration": 1{"0" * 400}}}}}\n'
    )
    surrogate, huge = parse(path)
    assert isinstance(surrogate, Rejected)
    assert (surrogate.location.field, surrogate.reason) == (
        "Queue.Name", "contains an unpaired surrogate",
    )  # fmt: skip
    assert isinstance(huge, Rejected)
    assert huge.location.field == "Agent.AgentInteractionDuration"
    assert (
        huge.reason
        == "10000000000000000000... (401 characters) is not a plausible number of seconds"
    )


HUGE = "9" * 5000  # int() refuses more than 4300 digits, with a ValueError that is not JSON's


def test_a_number_of_more_than_4300_digits_is_one_rejected_line_in_json_lines(
    tmp_path: Path,
) -> None:
    path = tmp_path / "huge.jsonl"
    lines = REFERENCE.read_text().splitlines()
    path.write_text(f'{{"ContactId": "h", "Queue": {{"Duration": {HUGE}}}}}\n' + lines[0] + "\n")
    items = parse(path)
    assert [type(item) for item in items] == [Rejected, InteractionRecord]
    assert isinstance(items[0], Rejected)
    assert (items[0].location.line, items[0].reason) == (1, "a number has more than 4300 digits")


@pytest.mark.parametrize("chunk", [3, 64, json_stream.CHUNK])
def test_a_number_of_more_than_4300_digits_is_one_rejected_array_element(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    # The element is read to its end, so unlike malformed JSON it does not end the file.
    monkeypatch.setattr(json_stream, "CHUNK", chunk)
    path = tmp_path / "huge.json"
    path.write_text(f'[{{"ContactId": "h", "Queue": {{"Duration": {HUGE}}}}},\n[-{HUGE}.5],\n'
                    f'{HUGE}.5e-4990,\n-{HUGE}]')  # fmt: skip
    values = list(JsonValues(path))
    reason = "a number has more than 4300 digits"
    assert values[0] == json_stream.Malformed(1, reason)
    assert isinstance(values[1], Value)  # a float may have any number of digits
    assert values[1].value == [float("-inf")]  # beyond a float; the adapter refuses infinity
    assert isinstance(values[2], Value)
    assert values[2].value == pytest.approx(float(f"{HUGE}.5e-4990"))
    assert values[3] == json_stream.Malformed(4, reason)


# --- command line ------------------------------------------------------------------------


def test_the_cli_prints_a_json_summary(database_url: str, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.csv"
    args = ["--database-url", database_url, "ingest", "connect-ctr", str(REFERENCE), str(BAD)]
    result = CliRunner().invoke(
        app, [*args, "--skip-bad", "--rejects", str(rejects), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["source"] == "connect-ctr"
    assert summary["interactions_created"] == 11  # 9 from reference, good-1 and good-2
    assert summary["interactions_updated"] == 0
    assert summary["duplicates_skipped"] == 1
    assert summary["rejected"] == 6
    assert summary["lines_read"] == 12 + 8
    assert summary["skipped"] == {"not_queued": 1}
    assert [f["lines_read"] for f in summary["files"]] == [12, 8]
    assert summary["rejects_file"] == str(rejects)


def test_the_cli_fails_on_a_bad_record_naming_file_line_and_field(database_url: str) -> None:
    args = ["--database-url", database_url, "ingest", "connect-ctr", str(BAD)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "line 2, field 'Agent.AgentInteractionDuration'" in result.stderr


# --- fuzzing: whatever the bytes, only records, rejections or an InputError ---------------

_CTR_KEYS = [
    "ContactId", "InitialContactId", "PreviousContactId", "Channel", "InitiationMethod",
    "InitiationTimestamp", "DisconnectTimestamp", "LastUpdateTimestamp", "DisconnectReason",
    "TransferCompletedTimestamp", "TransferredToEndpoint", "CustomerEndpoint", "Queue", "Agent",
]  # fmt: skip
_PART_KEYS = [
    "Name", "ARN", "Username", "EnqueueTimestamp", "DequeueTimestamp", "Duration",
    "ConnectedToAgentTimestamp", "AgentInteractionDuration", "CustomerHoldDuration",
    "AfterContactWorkDuration", "AfterContactWorkEndTimestamp", "Address", "Type",
]  # fmt: skip
_SAMPLES = [
    "VOICE", "CHAT", "TASK", "OUTBOUND", "CALLBACK", "TELEPHONE_NUMBER", "c1", "c2",
    "2024-03-04T09:00:00Z", "2024-03-04T09:01:00.5Z", "0001-01-01T00:00:00+01:00",
]  # fmt: skip
_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(_SAMPLES)
)
_JSON = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
_PART = st.dictionaries(st.sampled_from(_PART_KEYS), _LEAVES, max_size=8)
_CTR = st.dictionaries(st.sampled_from(_CTR_KEYS), _LEAVES | _PART | _JSON, max_size=12)


def _parse_bytes(data: bytes, chunk: int) -> list[Record | Rejected]:
    with tempfile.TemporaryDirectory() as folder, mock.patch.object(json_stream, "CHUNK", chunk):
        path = Path(folder) / "ctr.json"
        path.write_bytes(data)
        try:
            return parse(path)
        except InputError:
            return []


def _assert_only_records_or_rejections(items: Sequence[object]) -> None:
    for item in items:
        assert isinstance(item, InteractionRecord | Rejected)
        if isinstance(item, Rejected):
            assert item.location.line >= 1


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.sampled_from([b"", b"[", b"[{", b'{"ContactId":', b"\xef\xbb\xbf["]),
    data=st.binary(max_size=400),
    chunk=st.sampled_from([1, 3, 64, json_stream.CHUNK]),
)
def test_arbitrary_bytes_give_only_records_or_rejections(
    prefix: bytes, data: bytes, chunk: int
) -> None:
    _assert_only_records_or_rejections(_parse_bytes(prefix + data, chunk))


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(_CTR | _JSON, max_size=6),
    as_array=st.booleans(),
    chunk=st.sampled_from([1, 5, json_stream.CHUNK]),
)
def test_arbitrary_json_gives_only_records_or_rejections(
    values: list[object], as_array: bool, chunk: int
) -> None:
    if as_array:
        text = json.dumps(values, indent=1)
    else:
        text = "\n".join(json.dumps(value) for value in values)
    items = _parse_bytes(text.encode(), chunk)
    _assert_only_records_or_rejections(items)
    if as_array:  # (JSON Lines whose first line is an array reads as an array: by design)
        # Each element gives at most one record or rejection; a skipped one gives none.
        assert len(items) <= len(values)


_PLAIN_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(_PLAIN_JSON, max_size=5),
    indent=st.sampled_from([None, 0, 2]),
    chunk=st.sampled_from([1, 2, 5, json_stream.CHUNK]),
)
def test_the_array_reader_yields_every_element_of_any_array(
    values: list[object], indent: int | None, chunk: int
) -> None:
    with tempfile.TemporaryDirectory() as folder, mock.patch.object(json_stream, "CHUNK", chunk):
        path = Path(folder) / "array.json"
        path.write_text(json.dumps(values, indent=indent))
        read = list(JsonValues(path))
    assert [item.value for item in read if isinstance(item, Value)] == values
    assert len(read) == len(values)
