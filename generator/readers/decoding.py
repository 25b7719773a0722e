"""From bytes on disk to clean text lines: size limit, encoding, newlines, odd spaces,
XML-illegal control characters and bidirectional overrides (removed, with a warning naming
the line)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import Diagnostic, SourceError

MAX_SOURCE_BYTES = 10 * 1024 * 1024

# Characters XML 1.0 forbids (tab and newline are fine; CR is handled as a newline first),
# and the C1 controls, which YAML (the native format's front matter) refuses.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")
# Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069):
# they reorder the text around them when it is shown, so a script, subtitle or web page
# could read differently from the source ("Trojan Source"); removed with a warning like the
# control characters. The marks U+200E, U+200F and U+061C stay: they reorder nothing
# beyond themselves, and right-to-left text needs them to place punctuation.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Invisible characters that only get in the way of parsing.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Spaces that are not ASCII spaces: NBSP, the en/em family, narrow NBSP, ideographic space;
# and NEL, LINE and PARAGRAPH SEPARATOR, which YAML and Python read as line breaks but
# editors show inside a line: read as a space, the text means the same everywhere.
_ODD_SPACE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\x85\u2028\u2029]")


def check_source(path: Path, max_bytes: int = MAX_SOURCE_BYTES) -> None:
    """Refuse what must not be read at all, before a single byte is: anything that is not a
    regular file (a FIFO would block, /dev/zero never ends) and files over the size limit."""
    import stat

    name = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise SourceError(f"cannot read source: {exc.strerror or exc}", name) from None
    if not stat.S_ISREG(info.st_mode):
        raise SourceError("source is not a regular file", name)
    if info.st_size > max_bytes:
        raise SourceError(
            f"source is {info.st_size / 1048576:.1f} MB, over the {max_bytes / 1048576:g} MB limit", name
        )


def read_source_text(path: Path, max_bytes: int = MAX_SOURCE_BYTES) -> tuple[str, list[Diagnostic]]:
    """Read a source file as clean text. Raises SourceError for what cannot be text."""
    name = str(path)
    check_source(path, max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since it was checked
    except OSError as exc:
        raise SourceError(f"cannot read source: {exc.strerror or exc}", name) from None
    if len(data) > max_bytes:
        raise SourceError(f"source is over the {max_bytes / 1048576:g} MB limit", name)
    return decode(data, name)


def decode(data: bytes, name: str) -> tuple[str, list[Diagnostic]]:
    if not data.strip():
        raise SourceError("source is empty", name)
    text = _decode_bytes(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACE.sub(" ", text)
    warnings: list[Diagnostic] = []
    for pattern, what in ((_ILLEGAL, "control character(s)"), (_BIDI, "bidirectional control character(s)")):
        text = _remove(pattern, what, text, name, warnings)
    if not text.strip():
        raise SourceError("source has no text", name)
    return text, warnings


def _remove(pattern: re.Pattern[str], what: str, text: str, name: str, warnings: list[Diagnostic]) -> str:
    """Text without what pattern finds, with a warning for each line it was on."""
    if not pattern.search(text):
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if pattern.search(line):
            count = len(pattern.findall(line))
            warnings.append(Diagnostic(f"removed {count} {what}", name, number))
            lines[number - 1] = pattern.sub("", line)
    return "\n".join(lines)


def _decode_bytes(data: bytes, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SourceError("not valid UTF-16 text despite its byte-order mark", name) from None
    if b"\x00" in data[:8192]:
        raise SourceError("not a text file (binary data); expected UTF-8 text", name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", name, line
        ) from None
