"""``switchboard ingest texts``, on SQLite and PostgreSQL: transcripts and notes reach the store
and the evaluation form; a bad file is refused whole, naming file, line and field, and leaves the
store as it was; a re-import changes nothing, a changed body replaces the text; every import is
audited by counts, and no body is ever printed."""

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from switchboard.access.viewer import Viewer
from switchboard.audit.models import AuditAction, AuditEntry
from switchboard.config import Settings
from switchboard.db.engine import unit_of_work
from switchboard.evaluations import service as evaluation_service
from switchboard.ingest.models import IngestBatch
from switchboard.ingest.tabular import TabularAdapter
from switchboard.ingest.texts import TextsRefusedError, import_texts
from switchboard.ingest.texts_cli import texts_command
from switchboard.interactions.models import Interaction, InteractionText
from switchboard.people.models import Role
from tests.ingest.helpers import FIXTURES, run_ingest

HEADER = "source_system,source_id,kind,text\n"
CHAT = "\"Customer: I can't log in to the app.\nAgent: Let's reset your passcode together.\""
EMAIL = '"Customer: Please send me last month\'s statement.\nAgent: Sent to your secure inbox."'
GOOD = f"csv,c3a,transcript,{CHAT}\ncsv,c3b,transcript,{EMAIL}\ncsv,c1,notes,Callback booked\n"
BODIES = ("log in to the app", "secure inbox", "Callback booked")


@pytest.fixture
def contacts(engine: Engine) -> Engine:
    """The tabular fixture's contacts, stored under the source system ``csv``."""
    run_ingest(engine, TabularAdapter(kind="interactions", timezone="Europe/London"),
               FIXTURES / "tabular" / "interactions.csv")  # fmt: skip
    return engine


def texts_file(tmp_path: Path, body: str, name: str = "texts.csv", header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def run(settings: Settings, *args: str) -> Any:
    """The command as ``switchboard ingest texts`` runs it, under a root that holds ``settings``."""
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context) -> None:
        ctx.obj = settings

    app.command("texts")(texts_command)
    return CliRunner().invoke(app, ["texts", *args])


def stored(engine: Engine) -> dict[tuple[str, str], str]:
    """Every stored text, by the contact's source id and the kind."""
    with unit_of_work(engine) as session:
        query = select(Interaction.source_id, InteractionText.kind, InteractionText.body).join(
            Interaction, Interaction.id == InteractionText.interaction_id)  # fmt: skip
        return {(sid, kind.value): body for sid, kind, body in session.execute(query)}


def fingerprint(engine: Engine) -> tuple[dict[tuple[str, str], str], int, int]:
    """The texts, and how many batches and audit rows: what 'unchanged' means for the store."""
    with unit_of_work(engine) as session:
        batches = session.scalar(select(func.count()).select_from(IngestBatch)) or 0
        audited = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    return stored(engine), batches, audited


def summary(result: Any) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def test_it_stores_transcripts_and_notes_and_prints_counts_not_texts(
    contacts: Engine, settings: Settings, tmp_path: Path
) -> None:
    path = texts_file(tmp_path, GOOD)
    result = run(settings, str(path), "--format", "json")
    got = summary(result)
    assert {k: got[k] for k in ("source", "file", "rows_read", "created", "updated", "unchanged")} \
        == {"source": "texts", "file": str(path), "rows_read": 3, "created": 3, "updated": 0,
            "unchanged": 0}  # fmt: skip
    assert isinstance(got["batch_id"], int)
    assert len(got["digest"]) == 64
    texts = stored(contacts)
    assert texts[("c3a", "transcript")].splitlines() == [
        "Customer: I can't log in to the app.",
        "Agent: Let's reset your passcode together.",
    ]
    assert texts[("c1", "notes")] == "Callback booked"
    again = run(settings, str(path))
    assert again.exit_code == 0
    assert "rows read" in again.stdout
    for body in BODIES:
        assert body not in result.output + again.output


def test_it_reads_json_lines_with_the_same_keys(
    contacts: Engine, settings: Settings, tmp_path: Path
) -> None:
    rows = [
        {"source_system": "csv", "source_id": "c2", "kind": "NOTES", "text": "  No answer.  "},
        {"source_system": "csv", "source_id": "c1", "kind": "transcript", "text": "A\nB"},
    ]
    path = tmp_path / "texts.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    assert summary(run(settings, str(path), "--format", "json"))["created"] == 2
    assert stored(contacts) == {("c2", "notes"): "No answer.", ("c1", "transcript"): "A\nB"}


def test_a_reimport_changes_nothing_and_a_changed_text_replaces_the_stored_one(
    contacts: Engine, settings: Settings, tmp_path: Path
) -> None:
    path = texts_file(tmp_path, GOOD)
    summary(run(settings, str(path), "--format", "json"))
    before = stored(contacts)
    again = summary(run(settings, str(path), "--format", "json"))
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert stored(contacts) == before
    changed = texts_file(tmp_path, "csv,c1,notes,Callback booked for Friday\n", "changed.csv")
    third = summary(run(settings, str(changed), "--format", "json"))
    assert (third["created"], third["updated"], third["unchanged"]) == (0, 1, 0)
    assert stored(contacts) == before | {("c1", "notes"): "Callback booked for Friday"}


REFUSALS = [
    ("csv,nosuch,notes,Hello\n", 3, "source_id", "no contact 'nosuch' from 'csv' in the store"),
    ("other,c1,notes,Hello\n", 3, "source_id", "no contact 'c1' from 'other' in the store"),
    ("csv,c1,summary,Hello\n", 3, "kind", "must be transcript or notes"),
    ("csv,c1,notes,   \n", 3, "text", "must not be empty"),
    ("csv,c1,notes,bad\x00text\n", 3, "text", "must not contain NUL characters"),
    (",c1,notes,Hello\n", 3, "source_system", "must not be empty"),
    ("csv,c1,notes,Again\n", 3, "source_id", "the contact's notes is given already on line 2"),
]


@pytest.mark.parametrize(("bad", "line", "field", "reason"), REFUSALS)
def test_a_bad_row_refuses_the_whole_file_naming_file_line_and_field(
    contacts: Engine, settings: Settings, tmp_path: Path, bad: str, line: int, field: str,
    reason: str,
) -> None:  # fmt: skip
    before = fingerprint(contacts)
    # The first row is good, and refused with the rest: the file is all or nothing.
    path = texts_file(tmp_path, "csv,c1,notes,Callback booked\n" + bad)
    result = run(settings, str(path))
    assert result.exit_code == 1
    assert f"{path}, line {line}, field '{field}': {reason}" in " ".join(result.output.split())
    assert "Callback booked" not in result.output
    assert fingerprint(contacts) == before


def test_a_refusal_counts_the_other_problems(contacts: Engine, tmp_path: Path) -> None:
    rows = "".join(f"csv,c1,notes,Fine {n}\n" for n in range(600))  # past the first chunk
    path = texts_file(tmp_path, "csv,c2,notes,ok\ncsv,c1,memo,x\n" + rows + "csv,zz,notes,y\n")
    with pytest.raises(TextsRefusedError) as refused, unit_of_work(contacts) as session:
        import_texts(session=session, path=path)
    assert (refused.value.location.line, refused.value.location.field) == (3, "kind")
    # Row 4 is c1's notes; the next 599 repeat it, and zz is unknown.
    assert refused.value.others == 600
    assert refused.value.message.endswith("(and 600 more problems; nothing was imported)")
    assert fingerprint(contacts)[0] == {}


def test_a_file_without_a_required_column_is_refused_at_its_header(
    contacts: Engine, settings: Settings, tmp_path: Path
) -> None:
    path = texts_file(tmp_path, "csv,c1,Hello\n", header="source_system,source_id,text\n")
    result = run(settings, str(path))
    assert result.exit_code == 1
    assert f"{path}, line 1, field 'kind': missing required column" in result.output
    assert run(settings, str(tmp_path / "nosuch.csv")).exit_code == 1


def test_each_import_is_audited_by_ids_and_counts(
    contacts: Engine, settings: Settings, tmp_path: Path
) -> None:
    path = texts_file(tmp_path, GOOD)
    first = summary(run(settings, str(path), "--format", "json"))
    summary(run(settings, str(path), "--format", "json"))
    with unit_of_work(contacts) as session:
        rows = list(session.scalars(select(AuditEntry).where(
            AuditEntry.object_type == "interaction_texts").order_by(AuditEntry.id)))  # fmt: skip
        assert [(r.action, r.actor_user_id) for r in rows] == [
            (AuditAction.PEOPLE_CHANGE, None)
        ] * 2
        assert rows[0].object_id == str(first["batch_id"])
        assert rows[0].details == {
            "change": "texts_imported",
            "batch_id": first["batch_id"],
            "rows": 3,
            "created": 3,
            "updated": 0,
            "unchanged": 0,
        }
        assert rows[1].details is not None
        assert rows[1].details["unchanged"] == 3
        batch = session.get(IngestBatch, first["batch_id"])
        assert batch is not None
        assert (batch.source, batch.file_name) == ("texts", "texts.csv")


def test_the_evaluation_form_shows_an_imported_transcript(
    contacts: Engine, settings: Settings, tmp_path: Path
) -> None:
    summary(run(settings, str(texts_file(tmp_path, GOOD)), "--format", "json"))
    with unit_of_work(contacts) as session:
        contact_id = session.scalars(
            select(Interaction.id).where(Interaction.source_id == "c3a")).one()  # fmt: skip
        shown = evaluation_service.contact_context(
            session=session, viewer=Viewer(user_id=1, role=Role.ADMIN), interaction_id=contact_id
        )
    assert [(t.kind, t.body.splitlines()[0]) for t in shown.texts] == [
        ("transcript", "Customer: I can't log in to the app.")
    ]


def test_rows_written_before_a_later_bad_row_are_rolled_back(
    contacts: Engine, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("switchboard.ingest.texts.CHUNK", 1)  # each row written as it is read
    before = fingerprint(contacts)
    path = texts_file(tmp_path, "csv,c1,notes,One\ncsv,c2,notes,Two\ncsv,c9,notes,Three\n")
    result = run(settings, str(path))
    assert result.exit_code == 1
    assert f"{path}, line 4, field 'source_id'" in result.output
    assert fingerprint(contacts) == before
