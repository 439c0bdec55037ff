"""Streaming JSON input: the values of a JSON Lines file or of one big JSON array, in flat memory.

A file whose first non-blank character is ``[`` is read as one array, element by element, with
``json.JSONDecoder.raw_decode`` over a sliding text buffer; anything else is read as JSON Lines.
Each value comes with the line it starts on. A malformed JSON Lines line is reported and reading
goes on at the next line; a malformed array element ends the file, because nothing marks where
the next element would start.

A number with more digits than Python converts to an int (``sys.get_int_max_str_digits``, 4300 by
default) is one malformed value, not an error: in an array the reader knows where it ends, so
reading goes on with the next element.
"""

import codecs
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from switchboard.ingest.reading import NOT_UTF8, ProgressCallback, numbered_lines

CHUNK = 1 << 16  # bytes read at a time from an array file
MAX_ELEMENT_CHARS = 1 << 24  # one CTR is a few kB; this only stops a runaway string eating memory
# A parse error this close to the end of the buffer may only mean the value is cut off there
# (``tru``, ``1e+``), so more text is read before calling it malformed.
_LOOKAHEAD = 16
_WHITESPACE = " \t\r\n"
_DELIMITERS = _WHITESPACE + ",]"


class _Decoder:
    """``json.JSONDecoder`` that notes an integer too long to convert instead of raising."""

    def __init__(self) -> None:
        self.too_long = False
        self.json = json.JSONDecoder(parse_int=self._int)

    def _int(self, digits: str) -> int | None:
        try:
            return int(digits)
        except ValueError:  # "Exceeds the limit (4300 digits) for integer string conversion"
            self.too_long = True
            return None

    def decode(self, text: str) -> object:
        self.too_long = False
        return self.json.decode(text)

    def raw_decode(self, text: str, start: int) -> tuple[object, int]:
        self.too_long = False
        return self.json.raw_decode(text, start)


def too_long_reason() -> str:
    return f"a number has more than {sys.get_int_max_str_digits()} digits"


@dataclass(frozen=True, slots=True)
class Value:
    line: int
    value: object


@dataclass(frozen=True, slots=True)
class Malformed:
    line: int
    reason: str


class JsonValues:
    """Iterate a file's values; ``lines`` is how many lines have been read once iteration ends."""

    def __init__(self, path: Path, on_progress: ProgressCallback | None = None) -> None:
        self.path = path
        self.on_progress = on_progress
        self.lines = 0

    def __iter__(self) -> Iterator[Value | Malformed]:
        if _starts_with_bracket(self.path):
            yield from self._array()
        else:
            yield from self._json_lines()

    def _json_lines(self) -> Iterator[Value | Malformed]:
        decoder = _Decoder()
        for number, text in numbered_lines(self.path, self.on_progress):
            self.lines = number
            if text is None:
                yield Malformed(number, NOT_UTF8)
            elif text.strip():
                yield _decode_line(decoder, number, text)

    def _array(self) -> Iterator[Value | Malformed]:
        with self.path.open("rb") as handle:
            reader = _ArrayReader(handle, self.on_progress)
            try:
                yield from reader.elements()
            except _UnreadableError as stop:
                yield Malformed(stop.line, stop.reason)
            finally:
                reader.report_progress()
                self.lines = reader.lines_seen()


def _starts_with_bracket(path: Path) -> bool:
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            text = block.lstrip(b" \t\r\n").removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n")
            if text:
                return text.startswith(b"[")
    return False


def _decode_line(decoder: _Decoder, number: int, text: str) -> Value | Malformed:
    try:
        value = decoder.decode(text)
    except json.JSONDecodeError as exc:
        return Malformed(number, f"not valid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:  # nesting deeper than Python's stack; no CTR looks like that
        return Malformed(number, "not valid JSON: nested too deeply")
    if decoder.too_long:
        return Malformed(number, too_long_reason())
    return Value(number, value)


class _UnreadableError(Exception):
    """The array cannot be read past this point."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


class _ArrayReader:
    """Walks ``[ value , value ... ]`` holding only the unread tail of the text in memory."""

    def __init__(self, handle: BinaryIO, on_progress: ProgressCallback | None) -> None:
        self._handle = handle
        self._on_progress = on_progress
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._parser = _Decoder()
        self._started = False
        self._undecodable_line = 0  # where a byte that is not UTF-8 stops the file, once reached
        self._buf = ""
        self._pos = 0
        self._line = 1  # the line that ``_buf[_pos]`` is on
        self._eof = False
        self._pending = 0  # bytes read but not yet reported as progress
        self._last_char = ""  # of the text read so far: a final newline ends, not starts, a line

    def elements(self) -> Iterator[Value | Malformed]:
        self._expect("[")
        if self._peek() == "]":
            self._advance(1)
        else:
            yield from self._items()
        if self._peek() != "":
            raise _UnreadableError(self._line, "unexpected data after the end of the JSON array")

    def _items(self) -> Iterator[Value | Malformed]:
        while True:
            self._peek()
            line, value = self._line, self._value()
            if self._parser.too_long:  # the element is read to its end: go on with the next
                yield Malformed(line, too_long_reason())
            else:
                yield Value(line, value)
            separator = self._peek()
            if separator == "]":
                self._advance(1)
                return
            self._expect(",")

    def _value(self) -> object:
        while True:
            try:
                value, end = self._parser.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                if not self._may_be_cut_off(exc) or not self._fill():
                    raise self._malformed(exc) from None
                continue
            except RecursionError:
                raise _UnreadableError(self._line, "not valid JSON: nested too deeply") from None
            if self._is_whole(end) or not self._fill():
                self._advance(end - self._pos)
                return value

    def _is_whole(self, end: int) -> bool:
        """Whether a value ending at ``end`` cannot go on in the next chunk.

        A number cut at a chunk boundary still parses (``12`` of ``1234``, ``-1`` of ``-1.5``),
        so it counts only once a delimiter follows it or enough text that no digits can be missing.
        """
        return end < len(self._buf) and (
            self._buf[end] in _DELIMITERS or end + _LOOKAHEAD < len(self._buf)
        )

    def _may_be_cut_off(self, exc: json.JSONDecodeError) -> bool:
        if len(self._buf) - self._pos > MAX_ELEMENT_CHARS:
            raise _UnreadableError(
                self._line, f"an array element is longer than {MAX_ELEMENT_CHARS} characters"
            )
        return exc.msg.startswith("Unterminated string") or exc.pos >= len(self._buf) - _LOOKAHEAD

    def _malformed(self, exc: json.JSONDecodeError) -> _UnreadableError:
        line = self._line + self._buf.count("\n", self._pos, exc.pos)
        return _UnreadableError(
            line, f"not valid JSON: {exc.msg}; the rest of the file is not read"
        )

    def _expect(self, char: str) -> None:
        found = self._peek()
        if found != char:
            shown = repr(found) if found else "the end of the file"
            raise _UnreadableError(self._line, f"not valid JSON: expected {char!r}, found {shown}")
        self._advance(1)

    def _peek(self) -> str:
        """Skip whitespace; the next character, or ``""`` at the end of the file."""
        while True:
            start = self._pos
            while self._pos < len(self._buf) and self._buf[self._pos] in _WHITESPACE:
                self._pos += 1
            self._line += self._buf.count("\n", start, self._pos)
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._fill():
                return ""

    def _advance(self, count: int) -> None:
        end = self._pos + count
        self._line += self._buf.count("\n", self._pos, end)
        self._pos = end

    def _fill(self) -> bool:
        """Append the next chunk, dropping what has been read; False once the file is done."""
        if self._undecodable_line:
            raise _UnreadableError(
                self._undecodable_line, f"{NOT_UTF8}; the rest of the file is not read"
            )
        if self._eof:
            return False
        # Reading at least as much as is held doubles the buffer while one element outgrows it,
        # so re-parsing that element from its start costs linear, not quadratic, time.
        raw = self._handle.read(max(CHUNK, len(self._buf) - self._pos))
        self._pending += len(raw)
        if self._pending >= 1 << 18:
            self.report_progress()
        self._eof = not raw
        text = self._decode(raw)
        self._buf = self._buf[self._pos :] + text
        self._last_char = text[-1:] or self._last_char
        self._pos = 0
        return True

    def _decode(self, raw: bytes) -> str:
        """The chunk as text; up to a bad byte, so the elements before it are still read."""
        held = self._decoder.getstate()[0]  # the start of a character split by the last chunk
        try:
            text = self._decoder.decode(raw, final=self._eof)
        except UnicodeDecodeError as exc:
            text = (held + raw)[: exc.start].decode("utf-8")
            unread = self._buf.count("\n", self._pos) + text.count("\n")
            self._undecodable_line = self._line + unread
        if not self._started:
            self._started = True
            text = text.removeprefix("\ufeff")  # a byte order mark is not content
        return text

    def report_progress(self) -> None:
        if self._on_progress is not None and self._pending:
            self._on_progress(self._pending)
        self._pending = 0

    def lines_seen(self) -> int:
        """Lines read so far, not counting an empty last line after a final newline."""
        if self._eof and self._pos >= len(self._buf) and self._last_char == "\n":
            return self._line - 1
        return self._line
