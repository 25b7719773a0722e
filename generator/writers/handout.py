"""The handout output (handout.html, handout.pdf) behind the writers' protocol. The writer is
still generator/handout.py until it moves here."""

from __future__ import annotations

from pathlib import Path

from .. import handout
from . import BaseProduction, WriteResult


def write(production: BaseProduction, out: Path) -> WriteResult:
    """production: the episode, templates and paper are all the handout needs (a full
    Production has them too)."""
    files, warnings, stats = handout.write(production.episode, out, production.templates, production.paper)
    return WriteResult(tuple(files), tuple(warnings), stats)
