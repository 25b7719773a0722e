"""The audio output: the slides' clips (Production.voicing) joined in order, each with its
pause, loudness-normalised to the podcast target (EBU R128, -16 LUFS integrated, peaks at
-1.5 dBFS; two passes: ffmpeg's ebur128 measures, then one gain and a peak limiter), and encoded as episode.m4a (AAC) or
episode.mp3 (`--audio-format mp3`, ID3v2 chapters), with a chapter at each part (the times
chapters.txt gives) and the episode's title, show, host and date.

Same clips, same bytes: encoders and muxers run bit-exact, with no creation time, and only
the metadata written here."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..media.loudness import gain_filter, gain_to_target
from . import WriteResult
from .script import blocks_of, chapters_of

# Mono speech at 96 kb/s; AAC's fast coder (the default two-loop one takes 3 times as long).
ENCODE = {
    "m4a": ["-c:a", "aac", "-aac_coder", "fast", "-b:a", "96k", "-f", "mp4"],
    "mp3": ["-c:a", "libmp3lame", "-b:a", "96k", "-id3v2_version", "3", "-write_xing", "0", "-f", "mp3"],
}


def write(production: Any, out: Path) -> WriteResult:
    """production: a generator.plan.production.Production with its voicing."""
    voicing = production.voicing
    if voicing is None:
        raise UsageError("the audio output needs the narration voiced (build it with --only audio)")
    kind = production.audio_format
    if kind not in ENCODE:
        raise UsageError(f"--audio-format: {kind} is not one of {', '.join(ENCODE)}")
    name = f"episode.{kind}"
    with tempfile.TemporaryDirectory(prefix=".audio-", dir=out) as work:  # inside the staging folder
        joined = Path(work) / "clips.txt"
        joined.write_text("".join(f"file '{_quoted(c.path)}'\n" for c in voicing.clips), encoding="utf-8")
        metadata = Path(work) / "metadata.txt"
        metadata.write_text(ffmetadata(production, voicing.total), encoding="utf-8")
        _encode(
            joined,
            metadata,
            gain_to_target(["-f", "concat", "-safe", "0", "-i", str(joined)]),
            out / name,
            kind,
        )
    return WriteResult(
        (name,),
        stats={"audio": f"{voicing.total:.1f} s, {len(voicing.clips)} clips ({voicing.made} synthesised)"},
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


def _quoted(path: Path) -> str:
    """A path inside the concat list's single quotes."""
    return str(path.resolve()).replace("'", "'\\''")


def _encode(joined: Path, metadata: Path, gain: float, target: Path, kind: str) -> None:
    from ..media.ffmpeg import run

    args = ["-f", "concat", "-safe", "0", "-i", str(joined), "-f", "ffmetadata", "-i", str(metadata)]
    args += ["-map", "0:a", "-map_metadata", "1", "-map_chapters", "1", "-af", gain_filter(gain)]
    args += ["-ar", "44100", "-ac", "1", "-fflags", "+bitexact", "-flags:a", "+bitexact", "-threads", "1"]
    run([*args, *ENCODE[kind], str(target)], target.name)
