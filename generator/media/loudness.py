"""Loudness to the podcast target (EBU R128: -16 LUFS integrated, peaks at -1.5 dBFS), the
same for episode.m4a and episode.mp4: one fixed gain and a peak limiter (as loudnorm's
linear second pass does, several times faster: loudnorm works at 192 kHz). The gain is found
per clip (generator/media/track.py); `measure` is the check of a whole file."""

from __future__ import annotations

import re

from .ffmpeg import run

TARGET_LUFS, TARGET_TP = -16.0, -1.5  # the podcast target: integrated loudness, peak (dBFS)
# The limiter stops this far below the peak target: AAC and MP3 overshoot it when decoded
# (the seed's episode.m4a peaked at -0.8 dBFS with the limiter at -1.5, at -2.1 with it at -2.5).
CODEC_HEADROOM = 0.5
SILENT_LUFS, MAX_GAIN_DB = -69.0, 30.0  # ebur128 says -70 for silence; a quiet take is lifted at most 30 dB


def measure(inputs: list[str], before: str = "") -> float | None:
    """The integrated loudness (ffmpeg's ebur128) of the audio through the filters `before`,
    in LUFS; None for silence (the `none` engine: nothing above the gate)."""
    args = [*inputs, "-loglevel", "info", "-af", before + "ebur128", "-f", "null", "-"]
    done = run(args, "the audio's loudness measurement")
    summary = done.stderr.decode("utf-8", "replace").rpartition("Summary:")[2]
    found = re.search(r"\bI:\s+(-?[\d.]+) LUFS", summary)
    loudness = float(found.group(1)) if found else None
    return None if loudness is None or loudness <= SILENT_LUFS else loudness


def gain_filter(gain: float) -> str:
    """A fixed gain and a peak limiter at the target's peak level for what it lifts too high
    (its look-ahead compensated, so the voice is not delayed)."""
    limit = 10 ** ((TARGET_TP - CODEC_HEADROOM) / 20)
    return f"volume={gain:.2f}dB,alimiter=limit={limit:.4f}:level=disabled:attack=5:release=50:latency=1"
