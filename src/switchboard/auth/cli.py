"""``switchboard users``: create users, set passwords, revoke API tokens, list who can sign in.

Passwords are read from a hidden prompt (asked twice) or, for scripts, from standard input with
``--password-stdin``. Never from an argument: arguments land in shell history and ``ps``.
"""

import sys
from collections.abc import Callable
from typing import TypeVar

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from switchboard.auth import service
from switchboard.auth.overview import UserLine, user_lines
from switchboard.cli_support import OutputFormat, current_settings, fail_on_errors, print_json
from switchboard.db.engine import make_engine, store_errors, unit_of_work
from switchboard.db.migrate import is_migrated
from switchboard.kit.errors import SwitchboardError
from switchboard.people.models import Role

users_app = typer.Typer(
    help="Users who sign in: create them, set passwords, revoke API tokens.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

T = TypeVar("T")

PASSWORD_STDIN = typer.Option(
    False,
    "--password-stdin",
    help="Read the password from the first line of standard input instead of prompting.",
)


def _read_password(from_stdin: bool) -> str:
    if not from_stdin:
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt="Repeat password"))
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise SwitchboardError("--password-stdin: standard input has no password on its first line")
    return password


def _in_store(ctx: typer.Context, work: Callable[[Session], T]) -> T:
    """Run ``work`` in one unit of work on the configured store; errors exit 1 with one line."""
    url = current_settings(ctx).database_url
    with fail_on_errors():
        if not is_migrated(url):
            raise SwitchboardError(
                "the store has no schema yet: run 'switchboard db upgrade' first"
            )
        engine = make_engine(url)
        try:
            with store_errors(url), unit_of_work(engine) as session:
                return work(session)
        finally:
            engine.dispose()


@users_app.command()
def create(
    ctx: typer.Context,
    username: str = typer.Argument(..., help="The name the user signs in with."),
    name: str = typer.Option(..., "--name", help="The name shown to people."),
    role: Role = typer.Option(..., "--role", help="What the user may see and do."),
    site: str | None = typer.Option(None, "--site", help="The site the user belongs to, by name."),
    password_stdin: bool = PASSWORD_STDIN,
) -> None:
    """Create a user who signs in with a password."""
    with fail_on_errors():
        password = _read_password(password_stdin)

    def work(session: Session) -> None:
        site_id = service.get_site_id(session=session, name=site) if site else None
        service.create_user(
            session=session, username=username, display_name=name, role=role,
            password=password, site_id=site_id,
        )  # fmt: skip

    _in_store(ctx, work)
    typer.echo(f"created user {username!r} ({role.value})")


@users_app.command("set-password")
def set_password(
    ctx: typer.Context,
    username: str = typer.Argument(..., help="The user whose password is set."),
    password_stdin: bool = PASSWORD_STDIN,
) -> None:
    """Set a user's password. It unlocks the account and signs out the user's sessions."""
    with fail_on_errors():
        password = _read_password(password_stdin)

    def work(session: Session) -> None:
        user = service.get_user(session=session, username=username)
        service.set_password(session=session, user=user, password=password)

    _in_store(ctx, work)
    typer.echo(f"password set for {username!r}; their sessions are signed out")


@users_app.command("revoke-tokens")
def revoke_tokens(
    ctx: typer.Context,
    username: str = typer.Argument(..., help="The user whose API tokens are revoked."),
) -> None:
    """Revoke every API token of a user, at once and for good."""

    def work(session: Session) -> int:
        user = service.get_user(session=session, username=username)
        return len(service.revoke_tokens(session=session, user=user))

    count = _in_store(ctx, work)
    typer.echo(f"revoked {count} API token{'s' if count != 1 else ''} of {username!r}")


@users_app.command("list")
def list_users(
    ctx: typer.Context,
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="table or json."),
) -> None:
    """Every user: role, site, whether they can sign in, and any lock."""
    lines = _in_store(ctx, lambda session: user_lines(session=session))
    if fmt is OutputFormat.JSON:
        print_json({"users": [line.as_dict() for line in lines]})
    else:
        _print_table(lines)


def _print_table(lines: list[UserLine]) -> None:
    table = Table(
        "username", "name", "role", "site", "active", "password", "locked until", "tokens"
    )
    for line in lines:
        table.add_row(
            line.username, line.display_name, line.role, line.site or "",
            "yes" if line.active else "no", "yes" if line.has_password else "no",
            line.locked_until.isoformat(timespec="seconds") if line.locked_until else "",
            str(line.api_tokens),
        )  # fmt: skip
    Console().print(table)
