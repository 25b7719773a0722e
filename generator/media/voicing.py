"""The narration spoken: one clip per slide, from a voice engine, and the durations they give.
Once there are clips, every output that tells time (the script's cues, the subtitles, the
chapters, the audio and the video) takes its times from them instead of the reading-rate
estimate: `Production.narration.seconds` becomes the clips' durations."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import wave
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from .kept import used
from .tts import TtsOptions

if TYPE_CHECKING:
    from ..plan.production import Production
    from .engines import Engine, Take

ENGINES = ("espeak-ng", "piper", "command", "recordings", "none")
RATE = 44100  # every clip: mono, 16-bit PCM, 44.1 kHz (the podcast rate; a host's takes keep it)
ALIGN = 1024  # every clip is a whole number of AAC frames long: its pause is rounded up to one
CLIP_FORMAT = f"pcm_s16le mono {RATE} aligned {ALIGN}"


@dataclass(frozen=True)
class Clip:
    """One slide's narration as audio: a WAV file (mono, 16-bit PCM) and its length in
    seconds, the pause after it included."""

    slide: int  # 1-based, as the deck numbers it
    path: Path
    seconds: float
    pause: float = 0.0  # the silence at its end, part of `seconds` (the voice's pause to the
    # nearest ALIGN samples; the speech before it is padded to ALIGN too)


@dataclass(frozen=True)
class Voicing:
    """The narration of every slide as clips, in slide order, and who spoke them."""

    engine: str
    clips: tuple[Clip, ...]
    made: int = 0  # clips synthesised by this build; the rest came from the clip cache
    cache: Path | None = None  # the clip cache folder (the encoded voice is kept there too)

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


def cache_folder(options: TtsOptions) -> Path:
    """Where clips are kept: options.cache, else $DECKCAST_CACHE/clips, else the user cache
    folder's deckcast/clips (generator/user_cache.py)."""
    if options.cache:
        return options.cache
    from ..user_cache import user_cache

    return user_cache("clips")


def takes_of(production: Production) -> list[Take]:
    """What each slide asks of the engine: its narration, language, estimate and rate."""
    from ..plan.narration import reading_seconds
    from .engines import DEFAULT_CJK, DEFAULT_WORDS, Take

    voice, language = production.voice, production.episode.language
    rate = voice.words_per_minute / DEFAULT_WORDS if language == "en" else voice.cjk_per_minute / DEFAULT_CJK
    return [
        Take(slide.number, text, language, reading_seconds(text, voice), rate, voice.spoken or "")
        for slide, text in zip(production.slides, production.narration.texts, strict=False)
    ]


def pauses_of(production: Production) -> list[float]:
    """The silence after each slide: the voice's part pause after the last slide of a part
    (the next slide starts a chapter), its slide pause after the others and the last one."""
    voice, slides = production.voice, production.slides
    out, current = [], None
    for k, slide in enumerate(slides):
        current = current if slide.part is None else slide.part
        after = slides[k + 1].part if k + 1 < len(slides) else None
        out.append(voice.pause_part if after is not None and after != current else voice.pause_slide)
    return out


def voice_slides(production: Production, options: TtsOptions, jobs: int = 1) -> Voicing:
    """Every slide's narration as a clip, `jobs` at a time (each an engine process), kept in the
    clip cache under a hash of what decides its sound: a slide whose text, engine, voice,
    language and pause are unchanged is not synthesised again. Clips are files; none is held
    in memory."""
    from .engines import engine_for

    engine = engine_for(options)
    folder = cache_folder(options)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot make the clip cache folder {folder}: {exc.strerror or exc}") from None
    takes, pauses = takes_of(production), pauses_of(production)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(_clip, engine, t, p, folder) for t, p in zip(takes, pauses, strict=True)]
        results = _in_order(futures)
    return Voicing(engine.name, tuple(c for c, _ in results), sum(made for _, made in results), folder)


def _in_order(futures: list[Future[tuple[Clip, bool]]]) -> list[tuple[Clip, bool]]:
    """The results in slide order; the first slide that failed is the one reported, and the
    slides not yet started are not."""
    out = []
    for k, future in enumerate(futures):
        try:
            out.append(future.result())
        except BaseException:
            for rest in futures[k + 1 :]:
                rest.cancel()
            raise
    return out


def clip_key(engine: Engine, take: Take, pause: float) -> str:
    from .. import __version__

    said = [__version__, CLIP_FORMAT, engine.identity(take), take.language, take.text, f"{pause:.3f}"]
    return hashlib.sha256(json.dumps(said, ensure_ascii=False).encode("utf-8")).hexdigest()


def _clip(engine: Engine, take: Take, pause: float, folder: Path) -> tuple[Clip, bool]:
    """(the slide's clip, whether it was synthesised now)."""
    path = folder / f"{clip_key(engine, take, pause)}.wav"
    seconds = _seconds(path)
    if seconds is not None:
        used(path)
        return Clip(take.slide, path, seconds, pause_samples(pause) / RATE), False
    # Made in a folder inside the cache, so the finished clip is renamed into place whole.
    with tempfile.TemporaryDirectory(prefix=".making-", dir=folder) as work:
        raw = engine.speak(take, Path(work))
        if not raw.is_file() or raw.stat().st_size == 0:
            raise UsageError(f"slide {take.slide}: {engine.name} wrote no audio")
        speech = Path(work) / "speech.wav"
        _normalise(raw, speech, take, engine.name)
        staged = Path(work) / "clip.wav"
        _pad(speech, staged, pause, take, engine.name)
        os.replace(staged, path)
    seconds = _seconds(path)
    assert seconds is not None
    return Clip(take.slide, path, seconds, pause_samples(pause) / RATE), True


def _normalise(raw: Path, speech: Path, take: Take, engine: str) -> None:
    """Any audio ffmpeg reads, as mono 16-bit PCM at RATE with no metadata."""
    from .ffmpeg import run

    args = ["-i", str(raw), "-vn", "-ac", "1", "-ar", str(RATE), "-c:a", "pcm_s16le"]
    args += ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact", str(speech)]
    try:
        run(args, f"slide {take.slide}'s clip", timeout=120.0)
    except UsageError as exc:
        why = exc.message.split(": ", 1)[-1]
        if engine == "recordings":
            raise UsageError(
                f"slide {take.slide}: this recording cannot be read as audio: {why}", str(raw)
            ) from None
        raise UsageError(f"slide {take.slide}: {engine} wrote audio that cannot be read: {why}") from None


def _pad(speech: Path, clip: Path, pause: float, take: Take, engine: str) -> None:
    """The speech and `pause` seconds of silence after it (both whole numbers of ALIGN
    samples: the speech padded, the pause rounded), copied in chunks."""
    try:
        with wave.open(str(speech), "rb") as src, wave.open(str(clip), "wb") as out:
            spoken = src.getnframes()
            if spoken == 0:
                raise UsageError(f"slide {take.slide}: {engine} gave no audio (an empty clip)")
            out.setparams(src.getparams())
            while chunk := src.readframes(1 << 16):
                out.writeframes(chunk)
            out.writeframes(bytes(2 * _silence_after(spoken, pause)))
    except (wave.Error, EOFError) as exc:
        raise UsageError(f"slide {take.slide}: {engine} gave audio that cannot be read: {exc}") from None


def _silence_after(spoken: int, pause: float) -> int:
    """Samples of silence after `spoken` samples of speech: the speech rounded up to ALIGN,
    then the pause (a whole number of ALIGN samples too)."""
    return -(-spoken // ALIGN) * ALIGN - spoken + pause_samples(pause)


def pause_samples(pause: float) -> int:
    """The silence a pause of `pause` seconds is in a clip: the nearest whole number of ALIGN."""
    return round(pause * RATE / ALIGN) * ALIGN


def _seconds(path: Path) -> float | None:
    """A clip's length from its WAV header; None when it is not there or not a whole clip."""
    try:
        with wave.open(str(path), "rb") as clip:
            if clip.getframerate() != RATE or clip.getnchannels() != 1 or clip.getsampwidth() != 2:
                return None
            frames = clip.getnframes()
        if path.stat().st_size < 44 + 2 * frames:
            return None
        return frames / RATE
    except (OSError, wave.Error, EOFError):
        return None
