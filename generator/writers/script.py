"""The script output (script.md, script.txt, script.srt, script.vtt, chapters.txt) behind the
writers' protocol. The writer itself is still generator/script.py (with narration.py and
subtitles.py beside it); it moves here later, and this adapter goes."""

from __future__ import annotations

from pathlib import Path

from .. import script
from . import WriteResult


def write(production, out: Path) -> WriteResult:
    """production: a generator.plan.production.Production (the narration is the script)."""
    files, warnings = script.write(production, out)
    return WriteResult(tuple(files), tuple(warnings), {"seconds": production.narration.total_seconds})
