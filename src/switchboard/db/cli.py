"""``switchboard db``: create and upgrade the store."""

import typer

from switchboard.cli_support import current_settings, fail_on_errors
from switchboard.db import migrate
from switchboard.db.engine import display_url

app = typer.Typer(
    help="Create and migrate the store (SQLite by default, PostgreSQL in production).",
    rich_markup_mode="markdown",
)


@app.command()
def upgrade(
    ctx: typer.Context,
    revision: str = typer.Argument("head", help="Alembic revision to migrate to."),
) -> None:
    """Create the schema, or bring it up to date. Safe to run again."""
    settings = current_settings(ctx)
    with fail_on_errors():
        reached = migrate.upgrade(settings.database_url, revision)
    typer.echo(f"the store at {display_url(settings.database_url)} is at revision {reached}")


@app.command()
def check(ctx: typer.Context) -> None:
    """Fail if the models and the migrated schema differ (runs alembic check)."""
    settings = current_settings(ctx)
    with fail_on_errors():
        migrate.check(settings.database_url)
    typer.echo("schema matches the models")
