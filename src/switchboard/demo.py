"""``switchboard demo``: the main job on the embedded store, with bundled sample data."""

import typer

app = typer.Typer(help="Load the bundled sample centre into a store and show what it holds.")
