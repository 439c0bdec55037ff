"""``switchboard improvement``: improvement activities and their before-and-after review."""

import typer

improvement_app = typer.Typer(
    help="Improvement activities (Plan-Do-Review) and their before-and-after review.",
    rich_markup_mode="markdown",
)
