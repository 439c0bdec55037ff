"""``python -m switchboard`` runs the CLI."""

from switchboard.cli import app

app(prog_name="switchboard")
