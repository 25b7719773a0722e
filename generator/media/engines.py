"""The voice engines: each turns one slide's narration (a `Take`) into an audio file, in
whatever format it makes (`voicing` normalises it). They are external programs run without a
shell and with a timeout, or, for `recordings`, the host's own files; `none` is silence.

An engine that is not installed is one line naming the install command; one that crashes,
hangs or writes nothing is one line naming the slide. `identity` is what, besides the text,
decides the sound, so the clip cache knows when a clip is stale (a new model file, a new take)."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import shlex
import shutil
import subprocess
import sys
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import UsageError
from .tts import TtsOptions
from .voicing import ENGINES

AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".m4a")  # a take may be any of them, tried in this order
ESPEAK_INSTALL = "apt-get install espeak-ng (Debian/Ubuntu), brew install espeak-ng (macOS)"
PIPER_INSTALL = "pip install piper-tts"
# espeak-ng's voice per episode language. Its speed (-s) is the voice's reading rate: words a
# minute for English, and for Mandarin CJK characters a minute, which `cmn` speaks at about -s
# (measured: 60 characters at -s 250 took 14.8 s), so the clips last about the estimate.
ESPEAK_VOICE = {"zh-Hant": "cmn", "zh-Hans": "cmn", "en": "en"}
DEFAULT_WORDS, DEFAULT_CJK = 150.0, 260.0


@dataclass(frozen=True)
class Take:
    """What one slide asks of the engine."""

    slide: int  # 1-based
    text: str  # the narration, as the script says it
    language: str  # the episode's: zh-Hant, zh-Hans or en
    reading: float  # the reading-rate estimate, in seconds (what `none` lasts)
    rate: float  # the voice's reading rate relative to the default (1.0: 150 wpm / 260 cpm)
    spoken: str = ""  # the spoken language asked for: cmn (Mandarin), yue (Cantonese), en; "" the default


class Engine(Protocol):
    @property
    def name(self) -> str: ...

    def identity(self, take: Take) -> str: ...

    def speak(self, take: Take, work: Path) -> Path:
        """The audio file for the take (made in `work`, or the user's own)."""
        ...


def take_name(slide: int, suffix: str = ".wav") -> str:
    """The file a recording of slide N is expected in: slide-01.wav …"""
    return f"slide-{slide:02d}{suffix}"


def _run(command: list[str], take: Take, engine: str, timeout: float, stdin: bytes | None = None) -> None:
    """One engine call; a missing program, a crash or a hang is one line naming the slide."""
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError:
        raise UsageError(f"--tts {engine}: cannot run {command[0]}: not found") from None
    except subprocess.TimeoutExpired:
        raise UsageError(
            f"slide {take.slide}: {engine} took more than {timeout:g} s and was stopped"
        ) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        why = said[-1] if said else f"exit status {done.returncode}"
        raise UsageError(f"slide {take.slide}: {engine} failed: {why}")


def _text_file(take: Take, work: Path) -> Path:
    path = work / f"slide-{take.slide:02d}.txt"
    path.write_text(take.text + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class Espeak:
    executable: str
    timeout: float
    name: str = "espeak-ng"

    def _args(self, take: Take) -> list[str]:
        speed = max(
            80, min(450, round(take.rate * (DEFAULT_WORDS if take.language == "en" else DEFAULT_CJK)))
        )
        return ["-v", take.spoken or ESPEAK_VOICE[take.language], "-s", str(speed)]

    def identity(self, take: Take) -> str:
        return " ".join([self.name, *self._args(take)])

    def speak(self, take: Take, work: Path) -> Path:
        wav = work / f"slide-{take.slide:02d}.espeak.wav"
        text = _text_file(take, work)
        _run(
            [self.executable, *self._args(take), "-f", str(text), "-w", str(wav)],
            take,
            self.name,
            self.timeout,
        )
        return wav


@dataclass(frozen=True)
class Silence:
    """`none`: silence as long as the reading-rate estimate, for editors who add the voice later."""

    name: str = "none"

    def identity(self, take: Take) -> str:
        return f"none {take.reading:.3f}"

    def speak(self, take: Take, work: Path) -> Path:
        from .voicing import RATE

        wav = work / f"slide-{take.slide:02d}.silence.wav"
        with wave.open(str(wav), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(bytes(2 * round(take.reading * RATE)))
        return wav


@dataclass(frozen=True)
class Command:
    """`command`: the user's program, as a template with {text_file} and {wav} (also {slide},
    {language}, and {spoken}: cmn, yue or en), split like a shell would but run without one."""

    template: str
    timeout: float
    name: str = "command"

    def identity(self, take: Take) -> str:
        return f"command {self.template}" + (f" {take.spoken}" if "{spoken}" in self.template else "")

    def speak(self, take: Take, work: Path) -> Path:
        wav = work / f"slide-{take.slide:02d}.command.wav"
        fields = {
            "{text_file}": str(_text_file(take, work)),
            "{wav}": str(wav),
            "{slide}": str(take.slide),
            "{language}": take.language,
            "{spoken}": take.spoken or ESPEAK_VOICE[take.language],
        }
        args = []
        for arg in shlex.split(self.template):
            for field, value in fields.items():
                arg = arg.replace(field, value)
            args.append(arg)
        _run(args, take, f"the --tts-command program ({args[0]})", self.timeout)
        return wav


@dataclass(frozen=True)
class Recordings:
    """`recordings DIR`: the host's own takes, one per slide, in any of AUDIO_SUFFIXES: named
    slide-01.wav …, or by the slide's cue in script.md ("Slide 7", "投影片 7"), or its number,
    each optionally followed by anything (its title): `07 Understanding alignment.m4a`."""

    folder: Path
    name: str = "recordings"

    def find(self, slide: int) -> Path:
        exact = [self.folder / take_name(slide, suffix) for suffix in AUDIO_SUFFIXES]
        for path in exact:
            if path.is_file():
                return path
        found = sorted(p for p in self._files() if _take_number(p.stem) == slide)
        if len(found) == 1:
            return found[0]
        if found:
            names = ", ".join(p.name for p in found)
            raise UsageError(
                f"slide {slide}: {len(found)} recordings could be its take ({names}) in {self.folder}"
            )
        raise UsageError(
            f"slide {slide}: no recording: expected {take_name(slide)} "
            f"(or {', '.join(take_name(slide, s) for s in AUDIO_SUFFIXES[1:])}, "
            f"or a name starting with its number) in {self.folder}"
        )

    def _files(self) -> list[Path]:
        try:
            return [p for p in self.folder.iterdir() if p.suffix.lower() in AUDIO_SUFFIXES and p.is_file()]
        except OSError:
            return []

    def identity(self, take: Take) -> str:
        path = self.find(take.slide)
        digest = hashlib.sha256()
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        return f"recording {path.suffix} {digest.hexdigest()}"

    def speak(self, take: Take, work: Path) -> Path:
        return self.find(take.slide)


# A take named by its slide: an optional word for "slide" (as script.md's cues say it), the
# number, then nothing or anything after a character that is not a digit.
_TAKE = re.compile(r"(?:slide|take|投影片|幻燈片|幻灯片)?[\s_.\-]*0*(\d+)(?:\D.*)?", re.IGNORECASE)


def _take_number(stem: str) -> int | None:
    found = _TAKE.fullmatch(stem.strip())
    return int(found.group(1)) if found else None


@dataclass(frozen=True)
class Piper:
    """`piper` with a voice model the user already has; never downloads one."""

    command: tuple[str, ...]
    model: Path
    timeout: float
    name: str = "piper"

    def identity(self, take: Take) -> str:
        stat = self.model.stat()
        return f"piper {self.model.resolve()} {stat.st_size} {stat.st_mtime_ns}"

    def speak(self, take: Take, work: Path) -> Path:
        wav = work / f"slide-{take.slide:02d}.piper.wav"
        args = [*self.command, "--model", str(self.model), "--output_file", str(wav)]
        _run(args, take, self.name, self.timeout, stdin=take.text.encode("utf-8"))
        return wav


def engine_for(options: TtsOptions) -> Engine:
    """The engine options name, checked to be usable before any slide is voiced."""
    if options.engine == "espeak-ng":
        found = shutil.which("espeak-ng")
        if not found:
            raise UsageError(f"--tts espeak-ng: espeak-ng is not installed: {ESPEAK_INSTALL}")
        return Espeak(found, options.timeout)
    if options.engine == "none":
        return Silence()
    if options.engine == "command":
        if not options.command or "{wav}" not in options.command:
            raise UsageError("--tts command needs --tts-command 'PROGRAM ... {text_file} ... {wav}'")
        return Command(options.command, options.timeout)
    if options.engine == "recordings":
        if not options.recordings or not options.recordings.is_dir():
            raise UsageError(f"--tts recordings needs --recordings DIR, a folder (got {options.recordings})")
        return Recordings(options.recordings)
    if options.engine == "piper":
        return _piper(options)
    raise UsageError(f"--tts: unknown engine '{options.engine}' (choose from {', '.join(ENGINES)})")


def _piper(options: TtsOptions) -> Piper:
    if not options.model:
        raise UsageError("--tts piper needs --tts-model PATH.onnx, a Piper voice model you have")
    if not options.model.is_file():
        raise UsageError(f"--tts-model {options.model}: no such file (a Piper voice model .onnx)")
    on_path = shutil.which("piper")
    if on_path:
        return Piper((on_path,), options.model, options.timeout)
    if importlib.util.find_spec("piper") is not None:
        return Piper((sys.executable, "-m", "piper"), options.model, options.timeout)
    raise UsageError(f"--tts piper: Piper is not installed: {PIPER_INSTALL}")
