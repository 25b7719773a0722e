"""What one layout of the handout is: its body size, whether sub-points show and how many
steps of the cut order are taken (Fit), and the body sizes the fitting tries."""

from __future__ import annotations

from dataclasses import dataclass

SIZES = (10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5)  # body sizes, largest first; 7.5 pt is the floor


@dataclass(frozen=True)
class Fit:
    base_pt: float
    details: bool = True
    dropped: int = 0  # steps of the cut order taken: lowest-priority points cut, roster condensed, …
