"""Helpers every command group shares: settings from the root command, clean failures, output."""

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Any

import typer
from rich.console import Console

from switchboard.config import Settings
from switchboard.kit.errors import SwitchboardError

err_console = Console(stderr=True)


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def current_settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    settings = root.obj
    if not isinstance(settings, Settings):
        settings = Settings()
        root.obj = settings
    return settings


@contextmanager
def fail_on_errors() -> Iterator[None]:
    """Turn our own errors into a one-line message and exit code 1 (input at fault)."""
    try:
        yield
    except SwitchboardError as exc:
        err_console.print(f"[bold red]error:[/] {exc.message}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from exc


def print_json(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload, indent=2, sort_keys=False, default=str) + "\n")
