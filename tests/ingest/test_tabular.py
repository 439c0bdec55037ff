"""Switchboard's own CSV and JSON Lines format, and TOML column mappings, on hand-written files.

The fixtures are read in Europe/London. 1 July 2024 is summer time (UTC+1), so a time written
without an offset, 09:00, is stored as 08:00 UTC.
"""

import csv
import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from typer.testing import CliRunner

from switchboard.cli import app
from switchboard.db.engine import unit_of_work
from switchboard.ingest.records import ParseStats, Rejected
from switchboard.ingest.service import IngestOptions, IngestSummary, ingest
from switchboard.ingest.tabular import TabularAdapter, load_mapping
from switchboard.interactions.models import AgentState, AgentStateInterval, Interaction, Outcome
from switchboard.kit.errors import InputError
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
