"""`deckcast check`: lint a deck before it is shown — a source's deck (built in memory) or
any existing .pptx. Text that overflows its box or runs off the slide, shapes off the
slide, slides without speaker notes, CJK text at risk of a fallback font, runs with no
explicit size, and the slide count and reading time against targets. An existing
script.srt / script.vtt (given itself, or found beside the deck) is checked against the
subtitle rules of `subtitle_rules.py`, each broken rule named with its cue and line.

The front door: `check` and the report it returns. The checks live beside it: `deck_lint`
(per slide: `geometry`, `overflow`, `fonts`), `targets` (slide count, reading time),
`subtitle_lint`; `decks` finds and builds the deck, `findings` words what they find."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..build import Options
from ..errors import UsageError
from .decks import deck_of_source, is_deck
from .findings import Finding, Findings, clock, count
from .subtitle_lint import SubtitleReport, check_subtitles, is_subtitles, subtitle_findings
from .targets import Targets, reading_rates, reading_time, target_findings

if TYPE_CHECKING:
    from pptx.presentation import Presentation

__all__ = ["CheckReport", "Finding", "SubtitleReport", "Targets", "check", "check_subtitles"]


@dataclass
class CheckReport(Findings):
    path: Path  # what was checked: the source or the .pptx
    slides: int
    reading_seconds: float  # all speaker notes read aloud
    rates: tuple[float, float]  # (CJK characters, words) a minute used for reading_seconds
    targets: Targets
    findings: list[Finding] = field(default_factory=list)
    fills: list[float | None] = field(default_factory=list)  # per slide: how much of its body it spans

    def lines(self) -> list[str]:
        """One line per finding (`PATH: slide N: error: …`, or for the subtitles beside the
        deck `SUBTITLES:LINE: cue N: error: …`), then a summary line."""
        out = [str(f) if f.where else f"{self.path}: {f}" for f in self.findings]
        shown = [(n, f) for n, f in enumerate(self.fills, 1) if f is not None]
        if shown:
            n, least = min(shown, key=lambda item: item[1])
            each = ", ".join(f"{n} {f:.0%}" for n, f in shown)
            out.append(
                f"{self.path}: how full each slide's body is: {each} (emptiest: slide {n}, {least:.0%})"
            )
        cjk, words = self.rates
        verdict = "ok" if self.ok else "FAILED"
        out.append(
            f"{self.path}: {self.slides} slides, reading time {clock(self.reading_seconds)} "
            f"(at {cjk:g} CJK characters / {words:g} words a minute): {verdict}, "
            f"{count(len(self.errors), 'error')}, {count(len(self.warnings), 'warning')}"
        )
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


def check(
    path: Path, options: Options | None = None, targets: Targets | None = None
) -> CheckReport | SubtitleReport:
    """Lint PATH: a .pptx/.potx deck as it is, or a source, whose deck is planned, narrated
    and written in memory with `options` (theme, templates, voice, chinese, minutes) exactly
    as `deckcast build` would; a .srt/.vtt against the subtitle rules. Raises UsageError for
    a file that is none of these, SourceError for a source that cannot be read."""
    options = Options() if options is None else options
    targets = Targets() if targets is None else targets
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    if is_subtitles(path):
        return check_subtitles(path)
    from .deck_lint import lint  # python-pptx and lxml: not for checking subtitles

    findings: list[Finding] = []
    rates = None
    if is_deck(path):
        from ..deck.theme import open_presentation

        prs: Presentation = open_presentation(path, "PowerPoint deck")
    else:
        prs, rates, notes = deck_of_source(path, options)
        findings += [Finding("warning", None, n) for n in notes]
    cjk, words = reading_rates(targets, options, rates)
    findings += lint(prs)
    if is_deck(path):
        findings += _subtitles_beside(path)
    seconds = reading_time(prs, cjk, words)
    findings += target_findings(len(prs.slides), seconds, targets)
    from .fill import slide_fills

    return CheckReport(path, len(prs.slides), seconds, (cjk, words), targets, findings, slide_fills(prs))


def _subtitles_beside(deck: Path) -> list[Finding]:
    """What the subtitles a build wrote beside the deck break."""
    out: list[Finding] = []
    for name in ("script.srt", "script.vtt"):
        if (deck.parent / name).is_file():
            out += subtitle_findings(deck.parent / name)
    return out
