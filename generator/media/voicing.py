"""The narration spoken: one clip per slide, from a voice engine, and the durations they give.
Once there are clips, every output that tells time (the script's cues, the subtitles, the
chapters, the audio and the video) takes its times from them instead of the reading-rate
estimate: `Production.narration.seconds` becomes the clips' durations."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ENGINES = ("espeak-ng", "piper", "command", "recordings", "none")


@dataclass(frozen=True)
class TtsOptions:
    """How the narration is voiced: the engine (`--tts`) and what it needs."""

    engine: str = "espeak-ng"
    model: Path | None = None  # piper: the voice model (.onnx) the user has
    command: str | None = None  # command: a template with {text_file} and {wav}, run without a shell
    recordings: Path | None = None  # recordings: a folder of the host's own takes, one per slide
    timeout: float = 120.0  # seconds one slide's synthesis may take
    cache: Path | None = None  # where clips are kept between builds (None: the user cache folder)


@dataclass(frozen=True)
class Clip:
    """One slide's narration as audio: a WAV file (mono, 16-bit PCM) and its length in
    seconds, the pause after it included."""

    slide: int  # 1-based, as the deck numbers it
    path: Path
    seconds: float


@dataclass(frozen=True)
class Voicing:
    """The narration of every slide as clips, in slide order, and who spoke them."""

    engine: str
    clips: tuple[Clip, ...]

    @property
    def seconds(self) -> tuple[float, ...]:
        return tuple(c.seconds for c in self.clips)

    @property
    def total(self) -> float:
        return sum(self.seconds)

    def starts(self) -> tuple[float, ...]:
        """Where each slide's clip starts on the episode's timeline."""
        at, out = 0.0, []
        for clip in self.clips:
            out.append(at)
            at += clip.seconds
        return tuple(out)
