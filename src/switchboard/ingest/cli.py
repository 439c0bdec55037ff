"""``switchboard ingest``: load a centre's history from real exports."""

import dataclasses
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from switchboard.cli_support import (
    OutputFormat,
    current_settings,
    err_console,
    fail_on_errors,
    print_json,
)
from switchboard.config import DEFAULT_PSEUDONYM_SECRET, Settings
from switchboard.db.engine import make_engine, store_errors, unit_of_work
from switchboard.db.migrate import is_migrated
from switchboard.ingest.progress import ingest_progress
from switchboard.ingest.service import Adapter, IngestOptions, IngestSummary, ingest
from switchboard.ingest.texts_cli import texts_command
from switchboard.kit.errors import SwitchboardError

MAPPINGS = Path(__file__).parent / "mappings"
SOURCE_SYSTEM_LIMIT = 40  # the store's width for a source system


def shipped_mappings() -> list[str]:
    return sorted(path.stem for path in MAPPINGS.glob("*.toml"))


def mapping_path(value: str) -> Path:
    """A mapping file, or the name of one that ships with Switchboard."""
    path = Path(value)
    if not path.exists() and (MAPPINGS / f"{value}.toml").exists():
        return MAPPINGS / f"{value}.toml"
    return path


app = typer.Typer(
    help="Load contact data: Asterisk queue_log, Amazon Connect CTRs, CSV and JSON Lines.",
    rich_markup_mode="markdown",
)

FILES = typer.Argument(..., metavar="FILE", help="Input files, read in the order given.")
FORMAT = typer.Option(
    OutputFormat.TABLE, "--format", help="Summary as a table, or as stable JSON for scripts."
)
SKIP_BAD = typer.Option(
    False,
    "--skip-bad",
    help="Import the good records and list the bad ones in a rejects file, instead of stopping at the first.",
)
SOURCE_SYSTEM = typer.Option(
    None,
    "--source-system",
    help="Name of the system the data comes from, part of every record's identity. Give each PBX "
    "or export its own when several use the same ids. Default: asterisk, amazon-connect, or csv "
    "(or the mapping's).",
)
REJECTS = typer.Option(
    None,
    "--rejects",
    help="Where --skip-bad lists the rejected records (CSV: file, line, field, reason). "
    "Default: <name of the first file>.rejects.csv in the current directory.",
)


class RecordKind(StrEnum):
    INTERACTIONS = "interactions"
    AGENT_STATES = "agent-states"
    SURVEYS = "surveys"


@app.command("queue-log")
def queue_log(
    ctx: typer.Context,
    files: list[Path] = FILES,
    timezone: str | None = typer.Option(
        None,
        "--timezone",
        help="Zone of the text times in a database (CSV) export. Default: the centre's timezone.",
    ),
    output: OutputFormat = FORMAT,
    skip_bad: bool = SKIP_BAD,
    rejects: Path | None = REJECTS,
    source_system: str | None = SOURCE_SYSTEM,
) -> None:
    """Asterisk queue_log, as the pipe-separated file or as a CSV export of the queue_log table.

    Load files oldest first, in one command or one after another: a call or an agent state that
    crosses a file boundary is joined up either way.
    """
    from switchboard.ingest.queue_log import QueueLogAdapter

    settings = current_settings(ctx)
    with fail_on_errors():
        adapter = QueueLogAdapter(timezone=timezone or settings.timezone)
    _run(ctx, adapter, files, _Choices(output, skip_bad, rejects, source_system))


@app.command("connect-ctr")
def connect_ctr(
    ctx: typer.Context,
    files: list[Path] = FILES,
    output: OutputFormat = FORMAT,
    skip_bad: bool = SKIP_BAD,
    rejects: Path | None = REJECTS,
    source_system: str | None = SOURCE_SYSTEM,
) -> None:
    """Amazon Connect contact trace records: JSON Lines or a JSON array; VOICE, CHAT, TASK, EMAIL."""
    from switchboard.ingest.connect_ctr import ConnectCtrAdapter

    _run(ctx, ConnectCtrAdapter(), files, _Choices(output, skip_bad, rejects, source_system))


@app.command("csv")
def csv_command(
    ctx: typer.Context,
    files: list[Path] = FILES,
    kind: RecordKind = typer.Option(..., "--kind", help="What the rows are."),
    mapping: str | None = typer.Option(
        None,
        "--mapping",
        help="TOML file mapping another system's columns and time formats onto ours, "
        f"or the name of a shipped mapping ({', '.join(shipped_mappings())}).",
    ),
    timezone: str | None = typer.Option(
        None,
        "--timezone",
        help="Zone of times written without an offset. Default: the mapping's, else the centre's.",
    ),
    output: OutputFormat = FORMAT,
    skip_bad: bool = SKIP_BAD,
    rejects: Path | None = REJECTS,
    source_system: str | None = SOURCE_SYSTEM,
) -> None:
    """Switchboard's documented CSV or JSON Lines format (see docs/formats.md), or a mapped export."""
    from switchboard.ingest.tabular import TabularAdapter, load_mapping

    settings = current_settings(ctx)
    with fail_on_errors():
        loaded = load_mapping(mapping_path(mapping)) if mapping else None
        if loaded is not None and timezone:
            loaded = dataclasses.replace(loaded, timezone=timezone)  # the command line wins
        adapter = TabularAdapter(
            kind=kind.value, mapping=loaded, timezone=timezone or settings.timezone
        )
    _run(ctx, adapter, files, _Choices(output, skip_bad, rejects, source_system))


@dataclasses.dataclass(frozen=True)
class _Choices:
    """The options every ingest command shares."""

    output: OutputFormat
    skip_bad: bool
    rejects: Path | None
    source_system: str | None


def _run(ctx: typer.Context, adapter: Adapter, files: list[Path], choices: _Choices) -> None:
    settings = current_settings(ctx)
    if choices.rejects and not choices.skip_bad:
        raise typer.BadParameter(
            "--rejects only makes sense with --skip-bad", param_hint="--rejects"
        )
    if choices.source_system is not None:
        if not 0 < len(choices.source_system) <= SOURCE_SYSTEM_LIMIT:
            raise typer.BadParameter(
                f"give 1 to {SOURCE_SYSTEM_LIMIT} characters", param_hint="--source-system"
            )
        adapter.source_system = choices.source_system
    _warn_about_default_secret(settings)
    options = IngestOptions(
        skip_bad=choices.skip_bad,
        rejects_path=choices.rejects or Path(f"{files[0].name}.rejects.csv"),
        pseudonym_secret=settings.pseudonym_secret,
        timezone=settings.timezone,
        csat_top_boxes=settings.kpi_csat_top_boxes,
    )
    output = choices.output
    with fail_on_errors():
        if not is_migrated(settings.database_url):
            raise SwitchboardError(
                "the store has no schema yet: run 'switchboard db upgrade' first"
            )
        engine = make_engine(settings.database_url)
        try:
            with (
                store_errors(settings.database_url),
                ingest_progress(files) as on_progress,
                unit_of_work(engine) as session,
            ):
                summary = ingest(
                    session=session,
                    adapter=adapter,
                    paths=files,
                    options=options,
                    on_progress=on_progress,
                )
        finally:
            engine.dispose()
    if output is OutputFormat.JSON:
        print_json(summary.as_dict())
    else:
        _print_summary(summary)


def _warn_about_default_secret(settings: Settings) -> None:
    """The default secret is public, so its pseudonyms can be reversed by trying every phone
    number: fine for a demo on SQLite, never for a real centre's store."""
    if (
        settings.pseudonym_secret == DEFAULT_PSEUDONYM_SECRET
        and not settings.database_url.startswith("sqlite")
    ):
        err_console.print(
            "[bold yellow]warning:[/] SWITCHBOARD_PSEUDONYM_SECRET is the public default; set a long "
            "random secret before loading real customers (see docs/configuration.md)",
            highlight=False,
        )


def _print_summary(summary: IngestSummary) -> None:
    data = summary.as_dict()
    table = Table(title=f"ingest {data['source']}", show_header=False)
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key in (
        "lines_read", "interactions_created", "interactions_updated", "agent_states_created",
        "surveys_created", "duplicates_skipped", "rejected", "unclosed",
    ):  # fmt: skip
        table.add_row(key.replace("_", " "), f"{data[key]:,}")
    for group in ("unknown_events", "orphaned_events", "skipped"):
        for name, count in data[group].items():
            table.add_row(f"{group.replace('_', ' ')}: {name}", f"{count:,}")
    Console().print(table)
    if data["rejects_file"]:
        err_console.print(f"rejected lines are listed in {data['rejects_file']}")
    if data["unclosed_ids"]:
        shown = ", ".join(data["unclosed_ids"])
        err_console.print(f"unclosed (no closing event in the input): {shown}", highlight=False)


# Contact texts have a module of their own: they load onto contacts already stored.
app.command("texts")(texts_command)
