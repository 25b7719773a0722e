"""Durations as people read them."""

from __future__ import annotations


def minutes_seconds(seconds: float) -> str:
    """`M:SS`, rounded to the second: 119.6 s is `2:00`, never `1:60`."""
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def timecode(seconds: float) -> str:
    """`MM:SS`, or `H:MM:SS` from an hour on, rounded to the second (cue and chapter marks)."""
    hours, rest = divmod(round(seconds), 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"
