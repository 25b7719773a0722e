"""The project's own error and warning types; each carries the source position."""

from __future__ import annotations

from dataclasses import dataclass


def _where(path: str | None, line: int | None) -> str:
    if not path:
        return ""
    return f"{path}:{line}: " if line else f"{path}: "


class DeckcastError(Exception):
    """Any failure deckcast reports to the user as one line."""

    exit_code = 1

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        return _where(self.path, self.line) + self.message


class SourceError(DeckcastError):
    """The content of a source file cannot be read into an episode."""


class UsageError(DeckcastError):
    """The command line asks for something that cannot be done."""

    exit_code = 2


@dataclass(frozen=True)
class Diagnostic:
    """A non-fatal remark about a source: shown after a build, never stops it."""

    message: str
    path: str | None = None
    line: int | None = None
    level: str = "warning"  # "warning" or "info"

    def __str__(self) -> str:
        return f"{_where(self.path, self.line)}{self.level}: {self.message}"
