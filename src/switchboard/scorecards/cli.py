"""``switchboard qa``: quality commands (docs/cli.md)."""

import typer

qa_app = typer.Typer(
    help="Quality assurance: scorecards, calibration and QA reports.", no_args_is_help=True
)
