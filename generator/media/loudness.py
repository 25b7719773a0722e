"""Loudness to the podcast target (EBU R128: -16 LUFS integrated, peaks at -1.5 dBFS), the
same for episode.m4a and episode.mp4: ffmpeg's ebur128 measures, then one fixed gain and a
peak limiter (as loudnorm's linear second pass does, several times faster: loudnorm works at
192 kHz), measured again through the limiter and made up for once."""

from __future__ import annotations

import re

from .ffmpeg import run

TARGET_LUFS, TARGET_TP = -16.0, -1.5  # the podcast target: integrated loudness, peak (dBFS)
SILENT_LUFS, MAX_GAIN_DB = -69.0, 30.0  # ebur128 says -70 for silence; a quiet take is lifted at most 30 dB


def gain_to_target(inputs: list[str]) -> float:
    """The gain in dB that brings the audio ffmpeg reads from `inputs` (its input arguments)
    to the target: measured, then measured again through the limiter, which takes some
    loudness off peaky voices (espeak-ng's: about 1 LU), and made up for once."""
    first = measure(inputs)
    if first is None:
        return 0.0
    gain = min(MAX_GAIN_DB, TARGET_LUFS - first)
    second = measure(inputs, gain_filter(gain) + ",")
    return gain if second is None else min(MAX_GAIN_DB, gain + TARGET_LUFS - second)


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
    """A fixed gain and a peak limiter at the target's peak level for what it lifts too high."""
    limit = 10 ** (TARGET_TP / 20)
    return f"volume={gain:.2f}dB,alimiter=limit={limit:.4f}:level=disabled:attack=5:release=50"
