"""Source files into an Episode. The reader is chosen by content, not by file extension:
YAML front matter means the native format, anything else goes through the tolerant
transcript importer.

The readers (episode.py and what it imports: about 50 ms of regular expressions and
modules) are imported when a source is read, not with this package: a build checks the
source and forks its handout process first (generator/build.py), and that process needs
none of them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .decoding import MAX_SOURCE_BYTES

if TYPE_CHECKING:
    from ..errors import Diagnostic
    from ..model import Episode


def read_episode(
    path: str | Path, chinese: str = "auto", max_bytes: int = MAX_SOURCE_BYTES
) -> tuple[Episode, list[Diagnostic]]:
    """Read one source file into an Episode, with the warnings met on the way."""
    from .episode import read_episode as read

    return read(path, chinese, max_bytes)


def read_text(
    text: str, name: str, chinese: str = "auto", diagnostics: list[Diagnostic] | None = None
) -> tuple[Episode, list[Diagnostic]]:
    """Read decoded source text (as `decode` returns it) named `name` into an Episode."""
    from .episode import read_text as read

    return read(text, name, chinese, diagnostics)
