"""What the deck should come to and how it measures up: the Targets (slide count, reading
time), the reading rates the notes are timed at, every slide's notes read aloud, and the
findings against the targets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from .decks import notes_text
from .findings import Finding, clock

if TYPE_CHECKING:
    from pptx.presentation import Presentation

    from ..build import Options


@dataclass(frozen=True)
class Targets:
    """What the deck should come to. Reading rates None: the episode's voice for a source,
    260 CJK characters / 150 words a minute (the bundled voices' rate) for a .pptx, unless
    `Options.voice` names a voice."""

    max_slides: int = 40
    min_slides: int = 5
    minutes: float | None = None  # target reading time, ±10 %
    cjk_per_minute: float | None = None
    words_per_minute: float | None = None


def reading_rates(
    targets: Targets, options: Options, episode_rates: tuple[float, float] | None
) -> tuple[float, float]:
    """(CJK characters, words) a minute: the targets' own, else the episode's voice, else the
    voice `options` names, else the bundled voices' rate."""
    cjk, words = episode_rates or (260.0, 150.0)
    if episode_rates is None and options.voice:
        from ..plan.voice import available_voices, load_voice

        wanted = options.voice
        voices = available_voices(options.templates)
        found = (
            Path(wanted)
            if Path(wanted).suffix in (".yaml", ".yml") or Path(wanted).is_file()
            else voices.get(wanted)
        )
        if found is None or not found.is_file():
            raise UsageError(f"--voice: no voice named '{wanted}' (available: {', '.join(sorted(voices))})")
        voice = load_voice(found)
        cjk, words = voice.cjk_per_minute, voice.words_per_minute
    return targets.cjk_per_minute or cjk, targets.words_per_minute or words


def reading_time(prs: Presentation, cjk_per_minute: float = 260.0, words_per_minute: float = 150.0) -> float:
    """Seconds to read every slide's notes aloud, as the narration counts them."""
    from ..plan.narration import reading_seconds
    from ..plan.voice import Voice

    voice = Voice("check", "en", "", "", cjk_per_minute, words_per_minute)
    return sum(reading_seconds(notes_text(slide), voice) for slide in prs.slides)


def target_findings(count: int, seconds: float, targets: Targets) -> list[Finding]:
    """The slide count and reading time against the targets."""
    out = []
    if count > targets.max_slides:
        out.append(
            Finding(
                "error", None, f"{count} slides, more than the {targets.max_slides} allowed (--max-slides)"
            )
        )
    if count < targets.min_slides:
        out.append(
            Finding(
                "error", None, f"{count} slides, fewer than the {targets.min_slides} required (--min-slides)"
            )
        )
    if targets.minutes:
        out += _reading_time_findings(seconds, targets.minutes)
    return out


def _reading_time_findings(seconds: float, minutes: float) -> list[Finding]:
    from ..plan.narration import TOLERANCE

    goal = minutes * 60
    low, high = goal * (1 - TOLERANCE), goal * (1 + TOLERANCE)
    if low <= seconds <= high:
        return []
    side = "longer" if seconds > high else "shorter"
    return [
        Finding(
            "error",
            None,
            f"reading time {clock(seconds)} is {side} than the {minutes:g}-minute "
            f"target allows ({clock(low)}–{clock(high)}, ±10%)",
        )
    ]
