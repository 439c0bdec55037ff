"""The user documentation keeps up with the code (DESIGN.md convention 12).

Every command and option, every setting, every key of the ingest summary and every queue_log event
Switchboard handles must be documented in ``docs/``. These tests read the code's own registries,
so a new command, setting, key or event fails here until it is documented.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from switchboard.cli import app
from switchboard.config import Settings
from switchboard.ingest import queue_log
from switchboard.ingest.records import ParseStats
from switchboard.ingest.service import FileReport, IngestSummary
from switchboard.ingest.writer import WriteCounts

DOCS = Path(__file__).resolve().parents[1] / "docs"
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")
_CODE = re.compile(r"`([^`]+)`")


def _read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _headings(text: str) -> Iterator[tuple[int, int, str]]:
    """(line index, level, heading text) of each Markdown heading outside fenced code."""
    fenced = False
    for index, line in enumerate(text.splitlines()):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := _HEADING.match(line)):
            yield index, len(match.group(1)), match.group(2)


def sections(text: str) -> dict[str, str]:
    """Each heading's text mapped to its section: the lines up to the next heading of its level
    or higher, so a group's section includes its commands' sections."""
    lines = text.splitlines()
    found = list(_headings(text))
    result: dict[str, str] = {}
    for position, (start, level, title) in enumerate(found):
        end = next((i for i, lvl, _ in found[position + 1 :] if lvl <= level), len(lines))
        result[title] = "\n".join(lines[start:end])
    return result


def section_titled(text: str, words: str) -> str:
    """The first section whose heading contains ``words``; empty if there is none."""
    return next((body for title, body in sections(text).items() if words in title), "")


def command_sections(text: str) -> dict[str, str]:
    """Sections whose heading's first code span is a command line, keyed by that command."""
    result: dict[str, str] = {}
    for title, body in sections(text).items():
        code = _CODE.search(title)
        if code and code.group(1).split()[0] == "switchboard":
            result[code.group(1)] = body
    return result


def walk(command: Any, path: tuple[str, ...] = ("switchboard",)) -> Iterator[tuple[str, Any]]:
    """Every command and group under ``command``, keyed by its full command line.

    Duck-typed, because recent Typer releases ship their own copy of Click: a Typer group is
    not an instance of the installed ``click.Group``.
    """
    yield " ".join(path), command
    for name, sub in sorted((getattr(command, "commands", None) or {}).items()):
        yield from walk(sub, (*path, name))


COMMANDS = dict(walk(typer.main.get_command(app)))


def first_cells(section: str) -> str:
    """The first cell of every table row in ``section``, one per line: where a table names the
    thing each row describes (an option, a setting, an event)."""
    return "\n".join(line.split(" | ")[0] for line in section.splitlines() if line.startswith("| "))


def mentions(text: str, word: str) -> bool:
    """``word`` appears whole: ``--format`` is not found inside ``--formats``."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def test_the_command_walk_finds_the_commands() -> None:
    assert {"switchboard", "switchboard db upgrade", "switchboard ingest csv"} <= COMMANDS.keys()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_a_section_in_cli_md(name: str) -> None:
    assert name in command_sections(_read("cli.md")), (
        f"docs/cli.md needs a heading such as '### `{name}`'"
    )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_and_argument_is_documented_in_its_command_section(name: str) -> None:
    table = first_cells(command_sections(_read("cli.md")).get(name, ""))
    missing = []
    for param in COMMANDS[name].params:
        if param.param_type_name == "option" and not param.hidden:
            flags = [flag for flag in [*param.opts, *param.secondary_opts] if flag.startswith("--")]
            missing += [flag for flag in flags if flag != "--help" and not mentions(table, flag)]
        elif param.param_type_name == "argument" and param.name:
            missing += [] if mentions(table, param.name.upper()) else [param.name.upper()]
    assert not missing, f"no row of a table in the section of `{name}` in docs/cli.md for {missing}"


def test_every_setting_is_documented_with_its_default() -> None:
    text = _read("configuration.md")
    prefix = str(Settings.model_config.get("env_prefix", ""))
    for name, field in Settings.model_fields.items():
        variable = f"{prefix}{name.upper()}"
        row = f"| `{variable}` | `{field.default}` |"
        assert any(line.startswith(row) for line in text.splitlines()), (
            f"docs/configuration.md needs a table row starting {row!r}"
        )


def summary_keys() -> set[str]:
    """The keys of the JSON summary, with each file entry's keys written ``files[].key``."""
    summary = IngestSummary(
        source="csv",
        files=[FileReport(file="f.csv", batch_id=1, digest="0" * 64)],
        counts=WriteCounts().as_dict(),
        stats=ParseStats(),
    )
    data = summary.as_dict()
    return set(data) | {f"files[].{key}" for key in data["files"][0]}


def test_every_key_of_the_json_summary_is_documented_and_no_other() -> None:
    section = section_titled(_read("cli.md"), "JSON summary")
    documented = {
        match.group(1)
        for line in section.splitlines()
        if (match := re.match(r"\| `([^`]+)` \|", line))
    }
    assert documented == summary_keys(), (
        f"undocumented: {sorted(summary_keys() - documented)}, "
        f"documented but gone: {sorted(documented - summary_keys())}"
    )


def queue_log_events() -> set[str]:
    return set(queue_log.QueueLogMachine(ParseStats()).known_events())


def test_every_queue_log_event_is_documented_in_formats_md() -> None:
    section = section_titled(_read("formats.md"), "queue_log")
    table = first_cells(section)
    missing = sorted(name for name in queue_log_events() if f"`{name}`" not in table)
    assert not missing, f"the queue_log events table in docs/formats.md lacks {missing}"


def test_every_page_is_linked_from_the_index() -> None:
    index = _read("index.md")
    pages = sorted(path.name for path in DOCS.glob("*.md") if path.name != "index.md")
    assert pages
    assert [page for page in pages if f"]({page})" not in index] == []


def test_the_section_parser_ends_a_section_at_the_next_heading_of_its_level() -> None:
    text = (
        "# A\na\n## `switchboard x`\nx\n### `switchboard x y`\n--y\n## B\n```\n# not a heading\n```"
    )
    found = command_sections(text)
    assert found["switchboard x"].endswith("--y")
    assert found["switchboard x y"] == "### `switchboard x y`\n--y"
    assert "# not a heading" not in sections(text)
