"""Switchboard's own CSV and JSON Lines format, and TOML column mappings, on hand-written files.

The fixtures are read in Europe/London. 1 July 2024 is summer time (UTC+1), so a time written
without an offset, 09:00, is stored as 08:00 UTC.
"""

import csv
import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from typer.testing import CliRunner

from switchboard.cli import app
from switchboard.db.engine import unit_of_work
from switchboard.ingest.fields import INTERACTION_FIELDS
from switchboard.ingest.records import AgentStateRecord, InteractionRecord, ParseStats, Rejected
from switchboard.ingest.service import IngestOptions, IngestSummary, ingest
from switchboard.ingest.tabular import TabularAdapter, load_mapping
from switchboard.interactions.models import AgentState, AgentStateInterval, Interaction, Outcome
from switchboard.kit.errors import InputError, SwitchboardError
from switchboard.people.models import Channel
from switchboard.surveys.models import SurveyKind, SurveyResponse

from .helpers import FIXTURES, names, store_counts, stored

TABULAR = FIXTURES / "tabular"
BAD = TABULAR / "bad-interactions.csv"
ZONE = "Europe/London"


def utc(hour: int, minute: int = 0, second: int = 0, day: int = 1) -> datetime:
    return datetime(2024, 7, day, hour, minute, second, tzinfo=UTC)


def run(engine: Engine, kind: str, *paths: Path, **options: object) -> IngestSummary:
    adapter = TabularAdapter(kind=kind, timezone=ZONE)
    with unit_of_work(engine) as session:
        return ingest(
            session=session,
            adapter=adapter,
            paths=list(paths),
            options=IngestOptions(**options),  # type: ignore[arg-type]
        )


@pytest.mark.parametrize("name", ["interactions.csv", "interactions.jsonl"])
def test_it_reads_interactions(engine: Engine, name: str) -> None:
    summary = run(engine, "interactions", TABULAR / name)
    rows = stored(engine, Interaction)
    queues, agents = names(engine)
    assert summary.counts["interactions_created"] == 4
    assert summary.stats.lines_read == 4  # data rows: c3b's quoted line break is one row

    c1 = rows["c1"]
    assert isinstance(c1, Interaction)
    assert (c1.arrived_at, c1.answered_at, c1.ended_at) == (utc(8), utc(8, 0, 20), utc(8, 5, 20))
    assert c1.wrap_ended_at == utc(8, 6, 20)
    assert (c1.wait_seconds, c1.talk_seconds, c1.hold_seconds, c1.wrap_seconds) == (20, 280, 20, 60)
    assert (c1.outcome, c1.channel, c1.disposition) == (Outcome.ANSWERED, Channel.VOICE, "resolved")
    assert (queues[c1.queue_id or 0], agents[c1.agent_id or 0]) == ("sales", "alice")
    assert (c1.contact_ref, c1.segment, c1.transferred, c1.escalated) == ("c1", 1, False, False)
    assert c1.customer_key is not None

    # c2 leaves out everything optional: the defaults apply.
    c2 = rows["c2"]
    assert isinstance(c2, Interaction)
    assert (c2.arrived_at, c2.ended_at, c2.wait_seconds) == (utc(8, 10), utc(8, 11, 30), 90)
    assert (c2.outcome, c2.channel, c2.agent_id, c2.answered_at) == (
        Outcome.ABANDONED, Channel.VOICE, None, None,
    )  # fmt: skip

    # c3 is a chat transferred from support to billing: two segments of one contact.
    first, second = rows["c3a"], rows["c3b"]
    assert isinstance(first, Interaction)
    assert isinstance(second, Interaction)
    assert (first.contact_ref, second.contact_ref, second.segment) == ("c3", "c3", 2)
    assert second.previous_id == first.id
    assert (first.transferred, second.escalated) == (True, True)
    assert second.arrived_at == utc(9, 11)  # written with +01:00
    assert second.disposition == "billing query,\nrefunded"
    assert first.customer_key == second.customer_key
    assert first.customer_key != c1.customer_key


@pytest.mark.parametrize("name", ["agent-states.csv", "agent-states.jsonl"])
def test_it_reads_agent_states(engine: Engine, name: str) -> None:
    summary = run(engine, "agent-states", TABULAR / name)
    rows = stored(engine, AgentStateInterval)
    _, agents = names(engine)
    assert summary.counts["agent_states_created"] == 3

    # Without a source_id an interval is known by agent, state and start (in UTC).
    available = rows["alice|available|2024-07-01T08:00:00+00:00"]
    assert isinstance(available, AgentStateInterval)
    assert (available.started_at, available.ended_at) == (utc(8), utc(8, 30))
    assert agents[available.agent_id] == "alice"
    pause = rows["s2"]
    assert isinstance(pause, AgentStateInterval)
    assert (pause.state, pause.reason, pause.queue_id) == (AgentState.BREAK, "comfort", None)
    assert "bob|on_contact|2024-07-01T08:00:00+00:00" in rows


@pytest.mark.parametrize("name", ["surveys.csv", "surveys.jsonl"])
def test_it_reads_surveys_with_default_scales(engine: Engine, name: str) -> None:
    summary = run(engine, "surveys", TABULAR / name)
    rows = stored(engine, SurveyResponse)
    assert summary.counts["surveys_created"] == 3

    csat, nps, ces = rows["v1"], rows["v2"], rows["v3"]
    assert isinstance(csat, SurveyResponse)
    assert isinstance(nps, SurveyResponse)
    assert isinstance(ces, SurveyResponse)
    assert (csat.kind, csat.score, csat.scale_min, csat.scale_max) == (SurveyKind.CSAT, 4, 1, 5)
    assert (csat.responded_at, csat.comment) == (utc(9), "Quick, friendly")
    assert csat.interaction_source_system == "csv"  # the run's own source system
    assert (nps.kind, nps.scale_min, nps.scale_max) == (SurveyKind.NPS, 0, 10)
    assert (ces.scale_min, ces.scale_max, ces.interaction_source_system) == (1, 5, "legacy")


def test_reingesting_the_same_file_creates_nothing(engine: Engine) -> None:
    run(engine, "interactions", TABULAR / "interactions.csv")
    before = store_counts(engine)
    again = run(engine, "interactions", TABULAR / "interactions.csv")
    assert again.counts["interactions_created"] == 0
    assert again.counts["duplicates_skipped"] == 4
    after = store_counts(engine)
    assert after["interactions"] == before["interactions"]
    assert after["ingest_batches"] == before["ingest_batches"] + 1  # the run itself is recorded


@pytest.mark.parametrize("surveys_first", [True, False])
def test_a_survey_is_linked_to_its_interaction_whichever_comes_first(
    engine: Engine, surveys_first: bool
) -> None:
    files = [("surveys", "surveys.csv"), ("interactions", "interactions.csv")]
    for kind, name in files if surveys_first else files[::-1]:
        run(engine, kind, TABULAR / name)
    interactions = stored(engine, Interaction)
    surveys = stored(engine, SurveyResponse)
    c1, v1, v3 = interactions["c1"], surveys["v1"], surveys["v3"]
    assert isinstance(c1, Interaction)
    assert isinstance(v1, SurveyResponse)
    assert isinstance(v3, SurveyResponse)
    assert v1.interaction_id == c1.id
    assert v3.interaction_id is None  # rates a call of another system, not in the store


def test_strict_mode_leaves_the_store_unchanged_and_names_file_line_and_field(
    engine: Engine,
) -> None:
    before = store_counts(engine)
    with pytest.raises(InputError) as caught:
        run(engine, "interactions", BAD)
    # b1 on line 2 is good; b2 on line 3 ends a minute before it arrives.
    assert str(caught.value).startswith(f"{BAD}, line 3, field 'ended_at': ")
    assert store_counts(engine) == before


def test_skip_bad_keeps_the_good_rows_and_lists_the_bad_ones(
    engine: Engine, tmp_path: Path
) -> None:
    rejects = tmp_path / "rejects.csv"
    summary = run(engine, "interactions", BAD, skip_bad=True, rejects_path=rejects)
    assert sorted(stored(engine, Interaction)) == ["b1", "b3", "b7"]
    assert summary.stats.lines_read == 7  # b3's note spans lines 4 and 5, one row
    assert summary.rejected == 4
    with rejects.open(newline="") as handle:
        listed = [(row["line"], row["field"]) for row in csv.DictReader(handle)]
    # b4 starts on line 6 because b3's quoted note takes two lines.
    assert listed == [
        ("3", "ended_at"), ("6", "outcome"), ("7", "arrived_at"), ("8", "wait_seconds"),
    ]  # fmt: skip
    with rejects.open(newline="") as handle:
        reasons = [row["reason"] for row in csv.DictReader(handle)]
    assert "'hung_up' is not one of answered" in reasons[1]
    assert "cannot be negative" in reasons[3]


def test_a_missing_required_column_refuses_the_whole_file(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "no-outcome.csv"
    path.write_text("source_id,arrived_at\nx1,2024-07-01T09:00:00\n")
    with pytest.raises(InputError) as caught:
        run(engine, "interactions", path, skip_bad=True, rejects_path=tmp_path / "r.csv")
    assert (caught.value.location.line, caught.value.location.field) == (1, "outcome")
    assert "missing required column" in str(caught.value)


def test_a_mapping_reads_another_systems_export(engine: Engine) -> None:
    mapping = load_mapping(TABULAR / "legacy.toml")
    adapter = TabularAdapter(kind="interactions", mapping=mapping, timezone="UTC")
    assert adapter.source_system == "legacy-acd"
    with unit_of_work(engine) as session:
        summary = ingest(
            session=session,
            adapter=adapter,
            paths=[TABULAR / "legacy-export.csv"],
            options=IngestOptions(),
        )
    rows = stored(engine, Interaction)
    _, agents = names(engine)
    assert summary.counts["interactions_created"] == 2
    served, abandoned = rows["L-1001"], rows["L-1002"]
    assert isinstance(served, Interaction)
    assert isinstance(abandoned, Interaction)
    # "01/07/2024 09:00" by %d/%m/%Y %H:%M, in the mapping's zone (BST), not the caller's UTC.
    assert (served.arrived_at, served.ended_at) == (utc(8), utc(8, 4))
    assert (served.outcome, agents[served.agent_id or 0]) == (Outcome.ANSWERED, "A. Smith")
    assert served.source_system == "legacy-acd"
    assert (abandoned.outcome, abandoned.agent_id, abandoned.answered_at) == (
        Outcome.ABANDONED, None, None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ('[format]\ndelimiter = ";;"\n[fields]\n', "format.delimiter"),
        ('[format]\ntimezone = "Mars/Olympus_Mons"\n[fields]\n', "format.timezone"),
        ('[format]\nquote = "\'"\n[fields]\n', "format.quote"),
        ('[fields]\ncall_length = "len"\n', "fields.call_length"),
        ("[fields]\noutcome = { columns = [] }\n", "fields.outcome.columns"),
        ('[fields]\noutcome = { column = "r", colour = "red" }\n', "fields.outcome.colour"),
        ('[fields]\nended_at = { column = "t", date_column = "d" }\n', "fields.ended_at"),
        ('[fields]\nsource_id = { template = "id" }\n', "fields.source_id.template"),
        ('[fields]\nagent = { column = "a", value = "x" }\n', "fields.agent"),
        ("[format]\n", "fields"),
    ],
)
def test_a_bad_mapping_is_refused_naming_the_file_and_key(
    tmp_path: Path, toml: str, key: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(toml)
    with pytest.raises(InputError) as caught:
        load_mapping(path)
    assert str(caught.value).startswith(f"{path}: key {key!r} ")


def test_a_mapping_that_is_not_toml_or_not_for_this_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[fields\n")
    with pytest.raises(InputError, match="not valid TOML"):
        load_mapping(path)
    path.write_text('[fields]\nstate = "status"\n')
    with pytest.raises(InputError, match=r"'fields\.state' is not a column of interactions rows"):
        TabularAdapter(kind="interactions", mapping=load_mapping(path))


def test_the_cli_prints_a_json_summary(database_url: str) -> None:
    path = TABULAR / "interactions.csv"
    command = ["ingest", "csv", str(path), "--kind", "interactions", "--format", "json"]
    result = CliRunner().invoke(app, ["--database-url", database_url, *command])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["source"], summary["lines_read"]) == ("csv", 4)
    assert (summary["interactions_created"], summary["rejected"]) == (4, 0)


# --- fuzzing: whatever the input, the adapter answers with records, rejects or an InputError ---

HEADERS = {
    "interactions": "source_id,arrived_at,ended_at,outcome,segment,wait_seconds,transferred,channel",
    "agent-states": "agent,state,started_at,ended_at",
    "surveys": "source_id,interaction_source_id,kind,score,scale_min,responded_at",
}
cells = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "1", "-1", "nan", "1e400", "yes", "answered", "csat", "break", "{"]),
    st.datetimes(timezones=st.none() | st.timezones()).map(datetime.isoformat),
)
rows = st.lists(st.lists(cells, max_size=9).map(",".join), max_size=8).map("\n".join)


def _parse_everything(kind: str, data: bytes, suffix: str = ".csv") -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"input{suffix}"
        path.write_bytes(data)
        adapter = TabularAdapter(kind=kind, timezone=ZONE)
        try:
            for item in adapter.parse(
                [path], stats=ParseStats(), on_file=lambda _: None, on_progress=None
            ):
                assert isinstance(item, Rejected) or item.source_id
        except InputError:
            pass


fuzz = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fuzz
@given(kind=st.sampled_from(sorted(HEADERS)), data=st.binary(max_size=600))
def test_arbitrary_bytes_never_raise_anything_else(kind: str, data: bytes) -> None:
    _parse_everything(kind, data)


@fuzz
@given(
    kind=st.sampled_from(sorted(HEADERS)),
    body=rows,
    with_header=st.booleans(),
    suffix=st.sampled_from([".csv", ".jsonl"]),
)
def test_arbitrary_rows_never_raise_anything_else(
    kind: str, body: str, with_header: bool, suffix: str
) -> None:
    text = f"{HEADERS[kind]}\n{body}" if with_header else body
    _parse_everything(kind, text.encode(), suffix)


# --- values the store cannot hold are refused as field errors, on both backends ------------


def _write_jsonl(path: Path, *rows: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def _call(source_id: str, /, **fields: object) -> dict[str, object]:
    """A good interaction row, with ``fields`` added or overriding."""
    return {
        "source_id": source_id,
        "arrived_at": "2024-07-01T09:00:00",
        "outcome": "answered",
    } | fields


def _parsed(path: Path, kind: str = "interactions", mapping: Path | None = None) -> list[object]:
    adapter = TabularAdapter(
        kind=kind, timezone=ZONE, mapping=load_mapping(mapping) if mapping else None
    )
    stats = ParseStats()
    return list(adapter.parse([path], stats=stats, on_file=lambda _: None, on_progress=None))


def test_a_lone_surrogate_is_a_field_error_not_a_database_crash(
    engine: Engine, tmp_path: Path
) -> None:
    # The JSON escape \ud800 is valid JSON, and json.loads turns it into half a surrogate pair:
    # a str that UTF-8, and so neither database, can hold.
    path = tmp_path / "surrogate.jsonl"
    path.write_text('{"source_id":"s1","arrived_at":"2024-07-01T09:00:00","outcome":"answered",'
                    '"queue":"q\\ud800"}\n' + json.dumps(_call("s2", queue="q")) + "\n")  # fmt: skip
    rejects = tmp_path / "rejects.csv"
    summary = run(engine, "interactions", path, skip_bad=True, rejects_path=rejects)
    assert (summary.rejected, sorted(stored(engine, Interaction))) == (1, ["s2"])
    with rejects.open(newline="") as handle:
        [reject] = list(csv.DictReader(handle))
    assert (reject["line"], reject["field"]) == ("1", "queue")
    assert "unpaired surrogate" in reject["reason"]


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("source_id", 200), ("contact_ref", 200), ("previous_source_id", 200), ("queue", 200),
        ("agent", 200), ("disposition", 200), ("customer", 320),
    ],
)  # fmt: skip
def test_text_up_to_the_stores_column_width_is_kept_and_longer_is_refused(
    engine: Engine, tmp_path: Path, field: str, limit: int
) -> None:
    fits, too_long = "x" * limit, "y" * (limit + 1)
    path = _write_jsonl(
        tmp_path / "widths.jsonl",
        _call("fits", **{field: fits}),
        _call("too-long", **{field: too_long}),
    )
    rejects = tmp_path / "rejects.csv"
    summary = run(engine, "interactions", path, skip_bad=True, rejects_path=rejects)
    assert (summary.counts["interactions_created"], summary.rejected) == (1, 1)
    with rejects.open(newline="") as handle:
        [reject] = list(csv.DictReader(handle))
    assert (reject["line"], reject["field"]) == ("2", field)
    assert f"longer than {limit} characters" in reject["reason"]


def test_a_mapped_source_system_of_40_characters_is_stored(engine: Engine, tmp_path: Path) -> None:
    mapping = tmp_path / "system.toml"
    mapping.write_text(f'[format]\nsource_system = "{"s" * 40}"\n[fields]\n')
    path = _write_jsonl(tmp_path / "one.jsonl", _call("c1"))
    adapter = TabularAdapter(kind="interactions", mapping=load_mapping(mapping), timezone=ZONE)
    with unit_of_work(engine) as session:
        ingest(session=session, adapter=adapter, paths=[path], options=IngestOptions())
    assert stored(engine, Interaction)["c1"].source_system == "s" * 40
    mapping.write_text(f'[format]\nsource_system = "{"s" * 41}"\n[fields]\n')
    with pytest.raises(InputError, match=r"format\.source_system"):
        load_mapping(mapping)


def test_a_segment_must_fit_the_stores_integer(engine: Engine, tmp_path: Path) -> None:
    # interactions.segment is a PostgreSQL integer: at most 2**31 - 1 = 2,147,483,647.
    path = _write_jsonl(
        tmp_path / "segments.jsonl",
        _call("max", segment="2147483647"),
        _call("over", segment="2147483648"),
        _call("zero", segment=0),
        _call("huge", segment="9" * 5000),
    )
    rejects = tmp_path / "rejects.csv"
    summary = run(engine, "interactions", path, skip_bad=True, rejects_path=rejects)
    assert stored(engine, Interaction)["max"].segment == 2_147_483_647
    assert summary.rejected == 3
    with rejects.open(newline="") as handle:
        listed = [(row["line"], row["field"]) for row in csv.DictReader(handle)]
    assert listed == [("2", "segment"), ("3", "segment"), ("4", "segment")]


def test_a_json_number_of_more_than_4300_digits_is_one_rejected_line(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    huge = "1" * 5000  # int() refuses more than 4300 digits with a ValueError, not JSONDecodeError
    path.write_text(
        '{"source_id":"h","arrived_at":"2024-07-01T09:00:00","outcome":"answered",'
        f'"wait_seconds":{huge}}}\n' + json.dumps(_call("ok")) + "\n"
    )
    first, second = _parsed(path)
    assert isinstance(first, Rejected)
    assert (first.location.line, first.reason) == (1, "a number has more than 4300 digits")
    assert not isinstance(second, Rejected)


# --- the hour that happens twice, and the hour that never happens ---------------------------
#
# Europe/London, 27 October 2024: at 02:00 BST (01:00 UTC) the clocks go back to 01:00 GMT, so
# local 01:00-02:00 happens twice: first as BST (UTC+1, 00:00-01:00 UTC), then as GMT (UTC+0,
# 01:00-02:00 UTC). On 31 March 2024 the clocks went from 01:00 GMT straight to 02:00 BST, so
# 01:30 that night never happened.


def autumn(hour: int, minute: int) -> datetime:
    return datetime(2024, 10, 27, hour, minute, tzinfo=UTC)


def test_an_end_in_the_repeated_hour_is_read_after_its_start(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "fall-back.csv"
    path.write_text(
        "source_id,arrived_at,answered_at,ended_at,wrap_ended_at,outcome\n"
        # 01:50 is the first 01:50 (BST) = 00:50 UTC; answered 01:55 BST = 00:55 UTC. Ended
        # 01:05 as BST would be 00:05 UTC, 45 minutes before it arrived, so it is the second
        # 01:05 (GMT) = 01:05 UTC; wrap-up to 01:07 likewise = 01:07 UTC.
        "late,2024-10-27T01:50:00,2024-10-27T01:55:00,2024-10-27T01:05:00,2024-10-27T01:07:00,answered\n"
        # 01:10 to 01:20 fits in the first pass: both stay BST, 00:10 and 00:20 UTC.
        "early,2024-10-27T01:10:00,,2024-10-27T01:20:00,,answered\n"
        # Answered at 01:55 BST (00:55 UTC): an end at 01:20 cannot be the BST one (00:20 UTC),
        # even though that is after the arrival at 00:30 local (23:30 UTC on the 26th).
        "long,2024-10-27T00:30:00,2024-10-27T01:55:00,2024-10-27T01:20:00,,answered\n"
    )  # fmt: skip
    summary = run(engine, "interactions", path)
    assert summary.counts["interactions_created"] == 3
    rows = stored(engine, Interaction)
    late, early, long = rows["late"], rows["early"], rows["long"]
    assert (late.arrived_at, late.answered_at) == (autumn(0, 50), autumn(0, 55))
    assert (late.ended_at, late.wrap_ended_at) == (autumn(1, 5), autumn(1, 7))
    assert late.ended_at - late.arrived_at == timedelta(minutes=15)  # type: ignore[operator]
    assert (early.arrived_at, early.ended_at) == (autumn(0, 10), autumn(0, 20))
    assert (long.arrived_at, long.answered_at) == (datetime(2024, 10, 26, 23, 30, tzinfo=UTC),
                                                   autumn(0, 55))  # fmt: skip
    assert long.ended_at == autumn(1, 20)


def test_an_agent_state_ending_in_the_repeated_hour_is_read_after_its_start(
    tmp_path: Path,
) -> None:
    path = tmp_path / "states.csv"
    # From 01:40 BST (00:40 UTC) to the second 01:10, GMT (01:10 UTC): 30 minutes.
    path.write_text("agent,state,started_at,ended_at\na,break,2024-10-27T01:40,2024-10-27T01:10\n")
    [state] = _parsed(path, "agent-states")
    assert isinstance(state, AgentStateRecord)
    assert (state.started_at, state.ended_at) == (autumn(0, 40), autumn(1, 10))


def test_a_time_the_clocks_skipped_is_refused_naming_the_field(tmp_path: Path) -> None:
    path = tmp_path / "spring.csv"
    path.write_text(
        "source_id,arrived_at,ended_at,outcome\n"
        "gap-start,2024-03-31T01:30:00,2024-03-31T02:10:00,answered\n"
        "gap-end,2024-03-31T00:50:00,2024-03-31T01:59:59,answered\n"
        "around,2024-03-31T00:50:00,2024-03-31T02:10:00,answered\n"  # 00:50 GMT to 01:10 UTC
        "offset,2024-03-31T01:30:00+00:00,,answered\n"  # with an offset, it is a real moment
    )
    gap_start, gap_end, around, offset = _parsed(path)
    assert isinstance(gap_start, Rejected)
    assert gap_start.location.field == "arrived_at"
    assert gap_start.reason == (
        "2024-03-31T01:30:00 does not exist in Europe/London: the clocks went forward past it"
    )
    assert isinstance(gap_end, Rejected)
    assert gap_end.location.field == "ended_at"
    assert isinstance(around, InteractionRecord)
    assert around.ended_at - around.arrived_at == timedelta(minutes=20)  # type: ignore[operator]
    assert isinstance(offset, InteractionRecord)
    assert offset.arrived_at == datetime(2024, 3, 31, 1, 30, tzinfo=UTC)


def test_a_mappings_date_and_time_columns_follow_the_same_rules(tmp_path: Path) -> None:
    mapping = tmp_path / "clock.toml"
    mapping.write_text(
        '[format]\ntimezone = "Europe/London"\nroll_over_midnight = "start"\n'
        '[fields]\nsource_id = "id"\noutcome = { value = "answered" }\n'
        '[fields.arrived_at]\ncolumn = "start"\ndate_column = "day"\n'
        'date_format = "%d/%m/%Y"\ntime_format = "%H:%M"\n'
        '[fields.ended_at]\ncolumn = "end"\ndate_column = "day"\n'
        'date_format = "%d/%m/%Y"\ntime_format = "%H:%M"\n'
    )
    path = tmp_path / "export.csv"
    path.write_text(
        "id,day,start,end\n"
        "fold,27/10/2024,01:50,01:05\n"  # 00:50 UTC to the second 01:05 (GMT), 01:05 UTC
        "gap,31/03/2024,01:30,01:40\n"  # never happened
        "midnight,26/10/2024,23:50,01:05\n"  # the next day's first 01:05: 22:50 to 00:05 UTC
    )
    fold, gap, midnight = _parsed(path, mapping=mapping)
    assert isinstance(fold, InteractionRecord)
    assert (fold.arrived_at, fold.ended_at) == (autumn(0, 50), autumn(1, 5))
    assert isinstance(gap, Rejected)
    assert gap.location.field == "arrived_at"
    assert "does not exist in Europe/London" in gap.reason
    assert isinstance(midnight, InteractionRecord)
    assert (midnight.arrived_at, midnight.ended_at) == (
        datetime(2024, 10, 26, 22, 50, tzinfo=UTC), autumn(0, 5),
    )  # fmt: skip


# --- when and unless ------------------------------------------------------------------------


def test_when_and_unless_tables_need_every_listed_column_to_match(tmp_path: Path) -> None:
    mapping = tmp_path / "conditions.toml"
    mapping.write_text(
        '[fields]\nsource_id = "id"\narrived_at = "t"\noutcome = "o"\n'
        'queue = { column = "q", unless = { o = ["abandoned"], reached = ["no", "0"] } }\n'
        'disposition = { value = "menu", when = { o = ["abandoned"], reached = ["no", "0"] } }\n'
        'talk_seconds = { column = "talk", when_column = "o", when_values = ["answered"] }\n'
    )
    path = tmp_path / "calls.csv"
    path.write_text(
        "id,t,o,reached,q,talk\n"
        "menu,2024-07-01T09:00,abandoned,no,sales,5\n"
        "queued,2024-07-01T09:00,abandoned,yes,sales,5\n"
        "served,2024-07-01T09:00,answered,0,sales,5\n"
    )
    menu, queued, served = _parsed(path, mapping=mapping)
    assert isinstance(menu, InteractionRecord)
    assert isinstance(queued, InteractionRecord)
    assert isinstance(served, InteractionRecord)
    assert (menu.queue, menu.disposition, menu.talk_seconds) == (None, "menu", 0)
    assert (queued.queue, queued.disposition, queued.talk_seconds) == ("sales", None, 0)
    assert (served.queue, served.disposition, served.talk_seconds) == ("sales", None, 5)


@pytest.mark.parametrize(
    ("rule", "key"),
    [
        ('{ column = "a", when = "b" }', "fields.agent.when"),
        ('{ column = "a", when = {} }', "fields.agent.when"),
        ('{ column = "a", when = { b = [] } }', "fields.agent.when.b"),
        ('{ column = "a", when = { b = [1] } }', "fields.agent.when.b"),
        ('{ column = "a", unless = { b = [] } }', "fields.agent.unless.b"),
        ('{ column = "a", when_column = "b" }', "fields.agent"),
        ('{ column = "a", when_values = ["x"] }', "fields.agent"),
        ('{ column = "a", when_column = "b", when_values = ["x"], when = { c = "y" } }',
         "fields.agent"),
    ],
)  # fmt: skip
def test_a_bad_condition_is_refused_naming_the_key(tmp_path: Path, rule: str, key: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f"[fields]\nagent = {rule}\n")
    with pytest.raises(InputError) as caught:
        load_mapping(path)
    assert str(caught.value).startswith(f"{path}: key {key!r} ")


def test_the_columns_a_condition_names_must_be_in_the_header(tmp_path: Path) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text('[fields]\nqueue = { column = "q", unless = { menu_only = "1" } }\n')
    path = tmp_path / "calls.csv"
    path.write_text("source_id,arrived_at,outcome,q\nc1,2024-07-01T09:00,answered,s\n")
    with pytest.raises(InputError) as caught:
        _parsed(path, mapping=mapping)
    assert caught.value.location.field == "menu_only"


# --- the whole import on arbitrary values: an error the user can act on, or success --------

_REQUIRED = ("source_id", "arrived_at", "outcome")
_NASTY = st.sampled_from([
    "", " ", "\x00", "a\x00b", "\t", "\n", '"', "é", "\U0001f4de", "x" * 200, "y" * 201, "z" * 321,
    "9" * 400, "1" * 5000, "-1", "0", "2147483647", "2147483648", "1e400", "-0", "nan", "inf",
    "1e308", "true", "answered", "abandoned", "transferred", "voice", "chat", "email", "outbound",
    "phone", "account", "2024-10-27T01:30:00", "2024-03-31T01:30:00", "0001-01-01T00:00:00",
    "9999-12-31T23:59:59", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59",
    "2024-07-01T09:00:00", "2024-07-01T09:05:00+14:00",
])  # fmt: skip
_VALUE = st.one_of(
    _NASTY,
    st.text(max_size=12),  # any unicode but surrogates, NUL included
    st.text(min_size=190, max_size=400),
    st.integers().map(str),
    st.datetimes().map(datetime.isoformat),
)
_ROW = st.fixed_dictionaries(
    {
        "source_id": st.text(min_size=1, max_size=6) | _VALUE,
        "arrived_at": st.sampled_from(["2024-07-01T09:00:00", "2024-10-27T01:50"]) | _VALUE,
        "outcome": st.sampled_from(["answered", "abandoned"]) | _VALUE,
    },
    optional={name: _VALUE for name in INTERACTION_FIELDS if name not in _REQUIRED},
)


def _interaction_count(engine: Engine) -> int:
    return store_counts(engine)["interactions"]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    table=st.lists(_ROW, min_size=1, max_size=5),
    as_json=st.booleans(),
    huge_number=st.booleans(),
    skip_bad=st.booleans(),
)
def test_a_whole_import_of_arbitrary_values_succeeds_or_fails_cleanly(
    engine: Engine,
    table: list[dict[str, str]],
    as_json: bool,
    huge_number: bool,
    skip_bad: bool,
) -> None:
    # The store is shared by the examples, so only what one run did to it is compared.
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / ("input.jsonl" if as_json else "input.csv")
        if as_json:
            lines = [json.dumps(row) for row in table]
            if huge_number:  # a bare JSON number, too long for int(): json.dumps cannot write it
                lines.append('{"source_id": "n", "segment": ' + "7" * 4400 + "}")
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        else:
            header = sorted({name for row in table for name in row} | set(_REQUIRED))
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, header, restval="")
                writer.writeheader()
                writer.writerows(table)
        options = IngestOptions(skip_bad=skip_bad, rejects_path=Path(directory) / "rejects.csv")
        before = _interaction_count(engine)
        adapter = TabularAdapter(kind="interactions", timezone=ZONE)
        try:
            with unit_of_work(engine) as session:
                summary = ingest(session=session, adapter=adapter, paths=[path], options=options)
        except SwitchboardError:  # InputError included: a bad row, the file named
            assert not skip_bad or not path.stat().st_size
            assert _interaction_count(engine) == before
        else:
            created = summary.counts.get("interactions_created", 0)
            assert _interaction_count(engine) == before + created
