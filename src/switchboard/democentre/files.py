"""Writing the demo's CSV files: streamed in chunks, so memory stays flat however long the run."""

import csv
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path

CHUNK_ROWS = 10_000


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    """Write a header and the rows; returns how many rows were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for chunk in _chunks(iter(rows)):
            writer.writerows(chunk)
            count += len(chunk)
    return count


def _chunks(rows: Iterator[Sequence[str]]) -> Iterator[list[Sequence[str]]]:
    while chunk := list(islice(rows, CHUNK_ROWS)):
        yield chunk
