"""The progress bar every ingest command shows: bytes read of the files, on a terminal only."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from switchboard.cli_support import err_console
from switchboard.ingest.reading import ProgressCallback


@contextmanager
def ingest_progress(files: list[Path]) -> Iterator[ProgressCallback]:
    """A callback advancing the bar by the bytes just read; transient, and silent when standard
    error is not a terminal (a pipe, a test)."""
    total = sum(path.stat().st_size for path in files if path.is_file())
    progress = Progress(
        TextColumn("[bold]ingesting"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )
    task = progress.add_task("ingest", total=total)
    with progress:
        yield lambda done: progress.advance(task, done)
