"""The options of the voice engine (`--tts` and what it needs), apart from the voicing itself:
every build's Options carries them, and a build without audio or video should not import
what voicing needs (threads, WAV files, hashing)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TtsOptions:
    """How the narration is voiced: the engine (`--tts`) and what it needs."""

    engine: str = "espeak-ng"
    model: Path | None = None  # piper: the voice model (.onnx) the user has
    command: str | None = None  # command: a template with {text_file} and {wav}, run without a shell
    recordings: Path | None = None  # recordings: a folder of the host's own takes, one per slide
    timeout: float = 120.0  # seconds one slide's synthesis may take
    cache: Path | None = None  # where clips are kept between builds (None: the user cache folder)
    engine_given: bool = False  # True: --tts named the engine (a voice file's `tts:` does not replace it)
