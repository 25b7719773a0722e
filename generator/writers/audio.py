"""The audio output: the slides' clips (Production.voicing) joined in order, each with its
pause, loudness-normalised to the podcast target (EBU R128, -16 LUFS integrated, peaks at
-1.5 dBFS: measured per clip, then one gain and a peak limiter), as episode.m4a (AAC: the voice
track of generator/media/track.py, one cached segment per clip, put in an MP4 as it is) or
episode.mp3 (`--audio-format mp3`, ID3v2 chapters, encoded in one pass), with a chapter at each part (the times
chapters.txt gives) and the episode's title, show, host and date.

Same clips, same bytes: encoders and muxers run bit-exact, with no creation time, and only
the metadata written here."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..media.ffmpeg import run
from ..media.loudness import gain_filter
from ..media.track import gain_of, joined_pcm, voice_track
from ..media.voicing import RATE
from . import WriteResult
from .script import blocks_of, chapters_of

FORMATS = ("m4a", "mp3")
# Mono speech at 96 kb/s, as the AAC segments are (generator/media/track.py).
ENCODE_MP3 = ["-c:a", "libmp3lame", "-b:a", "96k", "-id3v2_version", "3", "-write_xing", "0", "-f", "mp3"]


def write(production: Any, out: Path) -> WriteResult:
    """production: a generator.plan.production.Production with its voicing."""
    voicing = production.voicing
    if voicing is None:
        raise UsageError("the audio output needs the narration voiced (build it with --only audio)")
    kind = production.audio_format
    if kind not in FORMATS:
        raise UsageError(f"--audio-format: {kind} is not one of {', '.join(FORMATS)}")
    name = f"episode.{kind}"
    jobs = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix=".audio-", dir=out) as folder:  # inside the staging folder
        work = Path(folder)
        metadata = work / "metadata.txt"
        metadata.write_text(ffmetadata(production, voicing.total), encoding="utf-8")
        tags = [
            "-f",
            "ffmetadata",
            "-i",
            str(metadata),
            "-map",
            "0:a",
            "-map_metadata",
            "1",
            "-map_chapters",
            "1",
        ]
        plain = ["-fflags", "+bitexact", "-flags:a", "+bitexact", "-threads", "1"]
        if kind == "m4a":  # the cached AAC segments joined, put in an MP4 as they are
            track = voice_track(voicing.clips, work / "voice.m4a", work, voicing.cache, jobs)
            args = [*track.input_args(), *tags, "-c:a", "copy", *plain, "-f", "mp4"]
            made = f", {track.made} of its AAC segments encoded"
        else:  # MP3 frames cannot be joined so: the clips joined and encoded in one pass
            gain = gain_of(voicing.clips, work, voicing.cache, jobs)
            joined = joined_pcm(voicing.clips, work / "voice.wav", work, jobs)
            args = ["-i", str(joined), *tags, "-af", gain_filter(gain), "-ar", str(RATE), "-ac", "1", *plain]
            args += ENCODE_MP3
            made = ""
        run([*args, str(out / name)], name)
    return WriteResult(
        (name,),
        stats={
            "audio": f"{voicing.total:.1f} s, {len(voicing.clips)} clips ({voicing.made} synthesised{made})"
        },
    )


def ffmetadata(production: Any, total: float) -> str:
    """The FFMETADATA1 file: the episode's tags and one chapter per part, each to the next."""
    episode = production.episode
    tags = {
        "title": episode.title,
        "artist": episode.host.name or production.voice.host,
        "album_artist": episode.host.name or production.voice.host,
        "album": episode.show or production.voice.show,
        "date": episode.date,
        "genre": "Podcast",
    }
    lines = [";FFMETADATA1"] + [f"{k}={_escaped(v)}" for k, v in tags.items() if v]
    chapters = chapters_of(production, blocks_of(production))
    ends = [c.start for c in chapters[1:]] + [total]
    for chapter, end in zip(chapters, ends, strict=True):
        lines += ["", "[CHAPTER]", "TIMEBASE=1/1000", f"START={round(chapter.start * 1000)}"]
        lines += [f"END={round(end * 1000)}", f"title={_escaped(chapter.title)}"]
    return "\n".join(lines) + "\n"


def _escaped(value: str) -> str:
    """ffmetadata's escapes: `=`, `;`, `#`, `\\` and line ends are written after a backslash."""
    return re.sub(r"([=;#\\\n])", r"\\\1", value)
