"""Reading media files back as a user's player would: ffmpeg's own probe (`ffmpeg -i`, since the
imageio-ffmpeg wheel ships no ffprobe) for the streams, duration and chapters, and its ebur128
filter for the integrated loudness."""

from __future__ import annotations

import re
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

from generator.media.ffmpeg import ffmpeg


@dataclass(frozen=True)
class Probe:
    duration: float
    streams: tuple[str, ...]  # "Audio: aac (LC) …" lines
    chapters: tuple[tuple[float, float, str], ...]  # (start, end, title)
    tags: dict[str, str]


def probe(path: Path) -> Probe:
    said = subprocess.run([ffmpeg(), "-hide_banner", "-i", str(path)], capture_output=True, text=True).stderr
    h, m, s = re.search(r"Duration: (\d+):(\d+):([\d.]+)", said).groups()
    streams = tuple(re.findall(r"Stream #\d+:\d+\S*: (.*)", said))
    chapters = []
    for found in re.finditer(
        r"Chapter #\d+:\d+: start ([\d.]+), end ([\d.]+)\n\s+Metadata:\n\s+title\s+: (.*)", said
    ):
        chapters.append((float(found.group(1)), float(found.group(2)), found.group(3).strip()))
    head = said.split("Duration:")[0]
    tags = dict(re.findall(r"^\s{4}(\w+)\s*: (.*)$", head, re.M))
    return Probe(int(h) * 3600 + int(m) * 60 + float(s), streams, tuple(chapters), tags)


def loudness(path: Path) -> float:
    """Integrated loudness in LUFS (EBU R128)."""
    said = subprocess.run(
        [ffmpeg(), "-hide_banner", "-nostdin", "-i", str(path), "-af", "ebur128", "-f", "null", "-"],
        capture_output=True,
        text=True,
    ).stderr
    return float(re.search(r"\bI:\s+(-?[\d.]+) LUFS", said.rpartition("Summary:")[2]).group(1))


def tone(path: Path, seconds: float, frequency: int = 440) -> Path:
    """A real recording-like file: ffmpeg's sine generator, in whatever format path's suffix says."""
    subprocess.run(
        [
            ffmpeg(),
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"sine=f={frequency}:d={seconds}",
            str(path),
        ],
        check=True,
    )
    return path


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as clip:
        return clip.getnframes() / clip.getframerate()


def clock_seconds(text: str) -> float:
    """`01:10` or `1:02:03` (chapters.txt) in seconds."""
    parts = [int(p) for p in text.split(":")]
    return sum(p * 60**k for k, p in enumerate(reversed(parts)))
