"""``switchboard qa``: quality commands (docs/cli.md).

The scorecard commands work with the store's own rights, as the other groups do: they see
drafts, and an import is recorded with no user. Each command is one unit of work, so a file
that fails leaves the store as it was.
"""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from switchboard.cli_support import OutputFormat, current_settings, fail_on_errors, print_json
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.kit.errors import InputError, Location
from switchboard.scorecards import service as scorecard_service

qa_app = typer.Typer(
    help="Quality assurance: scorecards, calibration and QA reports.", no_args_is_help=True
)


class FileFormat(StrEnum):
    JSON = "json"
    YAML = "yaml"


@qa_app.command("import-scorecard")
def import_scorecard(
    ctx: typer.Context,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                help="A scorecard file: .json, .yaml or .yml."),
    publish: bool = typer.Option(True, "--publish/--draft",
                                 help="Publish the version (default), or keep it a draft."),
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="table or json."),
) -> None:  # fmt: skip
    """Import a scorecard from JSON or YAML: a new scorecard, or a new version of the one with
    the file's name. Importing the definition the latest version has changes nothing.

    Example: `switchboard qa import-scorecard customer_service.yaml`.
    """
    settings = current_settings(ctx)
    with fail_on_errors():
        text = _read(file)
        engine = make_engine(settings.database_url)
        try:
            with unit_of_work(engine) as session:
                version, made = scorecard_service.imported(
                    session=session, viewer=None, text=text, filename=str(file), publish=publish
                )
                result = _imported(scorecard_service.read_version(version).model_dump(), made)
        finally:
            engine.dispose()
    if fmt is OutputFormat.JSON:
        print_json(result)
    else:
        _print_imported(result)


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(Location(str(file)), "not UTF-8 text") from None
    except OSError as exc:
        raise InputError(Location(str(file)), exc.strerror or "cannot be read") from None


def _imported(read: dict[str, Any], made: bool) -> dict[str, Any]:
    sections = [
        {"key": s["key"], "title": s["title"], "weight": s["weight"],
         "questions": len(s["questions"])}
        for s in read["definition"]["sections"]
    ]  # fmt: skip
    return {
        "scorecard_id": read["scorecard_id"], "name": read["name"], "version_id": read["id"],
        "version": read["version"], "status": read["status"].value, "created": made,
        "section_count": read["section_count"], "question_count": read["question_count"],
        "sections": sections,
    }  # fmt: skip


def _print_imported(result: dict[str, Any]) -> None:
    console = Console()
    what = f"{result['name']!r} version {result['version']} ({result['status']})"
    counts = f"{result['section_count']} sections, {result['question_count']} questions"
    if result["created"]:
        console.print(f"Imported {what}: {counts}.", highlight=False)
    else:
        console.print(f"{what} already has this definition: nothing new ({counts}).",
                      highlight=False)  # fmt: skip
    table = Table()
    for column in ("section", "title", "weight", "questions"):
        table.add_column(column, justify="right" if column in ("weight", "questions") else "left")
    for s in result["sections"]:
        table.add_row(s["key"], s["title"], f"{s['weight']:g}", str(s["questions"]))
    console.print(table)


@qa_app.command("export-scorecard")
def export_scorecard(
    ctx: typer.Context,
    name_or_id: str = typer.Argument(..., help="The scorecard's name, or its id."),
    version: int | None = typer.Option(None, "--version", min=1,
                                       help="Version number; default the published one, else "
                                       "the latest."),
    fmt: FileFormat | None = typer.Option(None, "--format",
                                          help="json or yaml; default from --output's "
                                          "extension, else yaml."),
    output: Path | None = typer.Option(None, "--output", "-o", dir_okay=False,
                                       help="Write to this file instead of standard output."),
) -> None:  # fmt: skip
    """Write a scorecard version as JSON or YAML, for `import-scorecard` elsewhere.

    Example: `switchboard qa export-scorecard "Customer service (voice)" -o cs.yaml`.
    """
    settings = current_settings(ctx)
    chosen = fmt or _format_of(output)
    with fail_on_errors():
        engine = make_engine(settings.database_url)
        try:
            with unit_of_work(engine) as session:
                card = scorecard_service.find_scorecard(session=session, name_or_id=name_or_id)
                found = scorecard_service.chosen_version(session=session, card=card, number=version)
                text = scorecard_service.export_version(
                    session=session, version_id=found.id, fmt=chosen.value
                )
        finally:
            engine.dispose()
        _write(text, output)


def _format_of(output: Path | None) -> FileFormat:
    if output is not None and output.suffix.lower() == ".json":
        return FileFormat.JSON
    return FileFormat.YAML


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(Location(str(output)), exc.strerror or "cannot be written") from None


@qa_app.command("scorecards")
def list_scorecards(
    ctx: typer.Context,
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="table or json."),
) -> None:
    """Every scorecard, by name, with its latest and its published version."""
    settings = current_settings(ctx)
    with fail_on_errors():
        engine = make_engine(settings.database_url)
        try:
            with unit_of_work(engine) as session:
                reads = scorecard_service.every_scorecard(session=session)
        finally:
            engine.dispose()
    rows = [read.model_dump(mode="json") for read in reads]
    if fmt is OutputFormat.JSON:
        print_json({"scorecards": rows})
        return
    table = Table(title="Scorecards")
    for column in ("id", "name", "latest", "published"):
        table.add_column(column, justify="left" if column == "name" else "right")
    for row in rows:
        published = row["published_version"]
        table.add_row(str(row["id"]), row["name"], str(row["latest_version"]),
                      "—" if published is None else str(published))  # fmt: skip
    Console().print(table)
