"""An existing script.srt / script.vtt (given itself, or found beside a deck) checked against
the subtitle rules of `subtitle_rules.py`, each broken rule named with its cue and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from .findings import Finding, Findings, clock, count

if TYPE_CHECKING:
    from ..subtitle_rules import Subtitle, Violation


@dataclass
class SubtitleReport(Findings):
    """`deckcast check script.srt`: the rules each cue breaks, then a summary line."""

    path: Path
    cues: int
    length: float  # where the last cue ends, seconds
    findings: list[Finding] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per finding (`PATH:LINE: cue N: error: …`), then a summary line."""
        verdict = "ok" if self.ok else "FAILED"
        return [str(f) for f in self.findings] + [
            f"{self.path}: {count(self.cues, 'cue')}, ending at {clock(self.length)}: {verdict}, "
            f"{count(len(self.errors), 'error')}, {count(len(self.warnings), 'warning')}"
        ]

    def __str__(self) -> str:
        return "\n".join(self.lines())


def is_subtitles(path: Path) -> bool:
    if path.suffix.lower() in (".srt", ".vtt"):
        return True
    with path.open("rb") as handle:
        return handle.read(9).lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT")


def check_subtitles(path: Path) -> SubtitleReport:
    """Check an existing .srt or .vtt against the subtitle rules."""
    cues, _ = _subtitles(path)
    return SubtitleReport(path, len(cues), max((c.end for c in cues), default=0.0), subtitle_findings(path))


def subtitle_findings(path: Path) -> list[Finding]:
    """Every subtitle rule the file breaks, as errors located `PATH:LINE: cue N`."""
    from ..subtitle_rules import violations

    cues, problems = _subtitles(path)
    if not cues and not problems:
        problems = [_no_cues()]
    out = []
    for v in sorted(problems + violations(cues), key=lambda v: (v.line, v.cue or 0)):
        where = f"{path}:{v.line}" + (f": cue {v.cue}" if v.cue else "")
        out.append(Finding("error", None, v.message, where))
    return out


def _subtitles(path: Path) -> tuple[list[Subtitle], list[Violation]]:
    from ..subtitle_rules import parse

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"subtitles are not UTF-8 text: {exc}", str(path)) from None
    return parse(text)


def _no_cues() -> Violation:
    from ..subtitle_rules import Violation

    return Violation(None, 1, "format", "no cues")
