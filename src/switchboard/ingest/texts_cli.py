"""``switchboard ingest texts``: contact transcripts and agent notes, from CSV or JSON Lines.

Registered on the ingest group by ``switchboard.ingest.cli``; this module must not import that
one. Nothing here prints a text's body: the summary is counts, an error names file, line and field.
"""

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from switchboard.cli_support import (
    OutputFormat,
    current_settings,
    fail_on_errors,
    print_json,
)
from switchboard.db.engine import make_engine, store_errors, unit_of_work
from switchboard.db.migrate import is_migrated
from switchboard.ingest.progress import ingest_progress
from switchboard.ingest.texts import TextsSummary, import_texts
from switchboard.kit.errors import SwitchboardError


def texts_command(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ..., metavar="FILE", help="CSV (with a header row) or JSON Lines (.jsonl) of texts."
    ),
    output: OutputFormat = typer.Option(
        OutputFormat.TABLE, "--format", help="Summary as a table, or as stable JSON for scripts."
    ),
) -> None:
    """Contact texts: chat and e-mail transcripts and agent notes (see docs/formats.md).

    Each row names a stored contact by its source system and source id. A file with any bad row
    is refused whole; loading the same file again changes nothing.
    """
    settings = current_settings(ctx)
    with fail_on_errors():
        if not is_migrated(settings.database_url):
            raise SwitchboardError(
                "the store has no schema yet: run 'switchboard db upgrade' first"
            )
        engine = make_engine(settings.database_url)
        try:
            with (
                store_errors(settings.database_url),
                ingest_progress([file]) as on_progress,
                unit_of_work(engine) as session,
            ):
                summary = import_texts(session=session, path=file, on_progress=on_progress)
        finally:
            engine.dispose()
    if output is OutputFormat.JSON:
        print_json(summary.as_dict())
    else:
        _print_summary(summary)


def _print_summary(summary: TextsSummary) -> None:
    table = Table(title="ingest texts", show_header=False)
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key in ("rows_read", "created", "updated", "unchanged"):
        table.add_row(key.replace("_", " "), f"{getattr(summary, key):,}")
    Console().print(table)
