"""``switchboard audit``: check the audit trail and read it."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from switchboard.audit import service as audit_service
from switchboard.audit.chain import canonical_time
from switchboard.audit.models import AuditAction, AuditEntry
from switchboard.cli_support import OutputFormat, current_settings, fail_on_errors, print_json
from switchboard.db.engine import make_engine, store_errors, unit_of_work
from switchboard.db.migrate import is_migrated
from switchboard.kit.errors import SwitchboardError

audit_app = typer.Typer(
    help="The audit trail: verify that nobody has altered it, and read it.", no_args_is_help=True
)

T = TypeVar("T")

FORMAT = typer.Option(OutputFormat.TABLE, "--format", help="table or json.")


def _read(ctx: typer.Context, work: Callable[..., T]) -> T:
    """Run ``work(session)`` in a unit of work on the chosen store, failing with one clear line."""
    settings = current_settings(ctx)
    with fail_on_errors():
        if not is_migrated(settings.database_url):
            raise SwitchboardError(
                "the store has no schema yet: run 'switchboard db upgrade' first"
            )
        engine = make_engine(settings.database_url)
        try:
            with store_errors(settings.database_url), unit_of_work(engine) as session:
                return work(session)
        finally:
            engine.dispose()


@audit_app.command("verify")
def verify(ctx: typer.Context, fmt: OutputFormat = FORMAT) -> None:
    """Walk the hash chain and report the first row that was altered, removed or reordered."""
    result = _read(ctx, lambda session: audit_service.verify(session))
    if fmt is OutputFormat.JSON:
        print_json(result.as_dict())
    elif result.intact:
        typer.echo(f"audit trail intact: {result.rows} rows; last hash {result.last_hash}")
    else:
        typer.echo(f"audit trail broken at row {result.broken_at}: {result.problem}")
    if not result.intact:
        raise typer.Exit(1)


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter("give an ISO date or date-time", param_hint="--since") from exc
    # An audit log is read in UTC: a time without an offset means UTC, not the centre's zone.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _as_dict(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "occurred_at": canonical_time(entry.occurred_at),
        "actor_user_id": entry.actor_user_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "details": entry.details,
        "row_hash": entry.row_hash,
    }


@audit_app.command("list")
def list_entries(
    ctx: typer.Context,
    since: str | None = typer.Option(
        None, "--since", help="Only entries at or after this UTC time (ISO)."
    ),
    action: AuditAction | None = typer.Option(
        None, "--action", help="Only entries of this action."
    ),
    limit: int = typer.Option(100, "--limit", min=1, help="At most this many, the most recent."),
    fmt: OutputFormat = FORMAT,
) -> None:
    """The most recent entries, oldest first: time (UTC), actor, action and object ids."""
    start = _since(since)
    entries = _read(
        ctx,
        lambda session: [
            _as_dict(e)
            for e in audit_service.list_entries(session, since=start, action=action, limit=limit)
        ],
    )
    if fmt is OutputFormat.JSON:
        print_json({"entries": entries})
        return
    table = Table()
    for column in ("id", "occurred_at", "actor", "action", "object"):
        table.add_column(column, no_wrap=True)  # ids and times are copied whole, never wrapped
    table.add_column("details", overflow="fold")
    for e in entries:
        actor = "-" if e["actor_user_id"] is None else str(e["actor_user_id"])
        target = ":".join(str(part) for part in (e["object_type"], e["object_id"]) if part)
        details = ", ".join(f"{k}={v}" for k, v in sorted((e["details"] or {}).items()))
        table.add_row(str(e["id"]), e["occurred_at"], actor, e["action"], target or "-", details)
    Console().print(table)
