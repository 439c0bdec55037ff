"""Streaming input: numbered, decoded lines from a file, with progress, in flat memory."""

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

from switchboard.kit.errors import InputError, Location

NOT_UTF8 = "not UTF-8 text"

ProgressCallback = Callable[[int], None]
"""Called with the number of bytes consumed since the previous call."""

_PROGRESS_EVERY = 1 << 18  # bytes; often enough for a smooth bar, rare enough to cost nothing


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_checked(path: Path) -> None:
    """Fail early, with the file's name, if it cannot be read."""
    if not path.is_file():
        raise InputError(Location(str(path)), "no such file")


def numbered_lines(
    path: Path, on_progress: ProgressCallback | None = None
) -> Iterator[tuple[int, str | None]]:
    """Yield ``(line_number, text)`` without line endings, decoding UTF-8 line by line.

    Decoding per line (not per file) lets a bad byte be reported with its line number: such a
    line comes back as ``None`` so the caller can reject it and, with ``--skip-bad``, go on.
    """
    pending = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            pending += len(raw)
            if pending >= _PROGRESS_EVERY and on_progress is not None:
                on_progress(pending)
                pending = 0
            try:
                text: str | None = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                text = None
            yield number, None if text is None else text.rstrip("\r\n")
    if on_progress is not None and pending:
        on_progress(pending)
