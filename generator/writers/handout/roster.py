"""How much of the page the roster takes, estimated without laying it out: as chips (with
roles or without) packed in rows, or as one flowing line of names."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from ...model import Speaker

Roster = Literal["full", "names", "line"]  # chips with roles, chips of names, one line of names

# The roster's share of the page, in lines of its type at the floor size (the A4 page holds
# about 86): a roster taking more condenses before anything else is tried.
ROSTER_SHARE_LINES = 21
# How many ems of the roster's type a line across the A4 page holds at the floor size (186 mm
# of 6.45 pt type), and how wide a Latin letter is on average, in ems. The estimates below
# were checked against layouts at the floor: 8, 20 and 40 chips with a short role came out
# at 4.7, 12.8 and 17.6 lines (estimated 6.2, 12.4, 21.7); a line of 8 to 40 names at 2.6-3.9
# (estimated 2.3-3.3). Chips with long roles come out shorter than estimated (flex rows pack
# tighter): such a roster condenses a little early, never too late.
ROSTER_LINE_EMS = 80
LATIN_EM = 0.55
CHIP_EMS = 2.6  # a chip's padding and the gap after it
CHIP_ROW_LINES = 1.1  # a row of chips' padding and the gap below it, in lines


def width(text: str) -> float:
    """How wide `text` is, in ems: a CJK character one, anything else about LATIN_EM."""
    return sum(1 if ord(c) >= 0x2E80 else LATIN_EM for c in text)


def roster_lines(speakers: Sequence[Speaker], roster: Roster) -> float:
    """About how many lines of its type the roster takes across the page at the floor size:
    chips (with roles or not) packed in rows, or the names in one flowing line."""
    if roster == "line":
        return 1.3 + sum(width(s.name) + 1 for s in speakers) / ROSTER_LINE_EMS  # and its margin
    lines, row, used = 0.0, 0.0, 0.0
    for s in speakers:
        name = width(s.name + (" " + s.alt_name if s.alt_name else ""))
        role = width(s.role) * 0.92 if roster == "full" and s.role else 0
        chip = min(max(name, role) + CHIP_EMS, ROSTER_LINE_EMS)
        height = 1 + (-(-role // (ROSTER_LINE_EMS - CHIP_EMS)) if role else 0)
        if used and used + chip > ROSTER_LINE_EMS:
            lines, used, row = lines + row + CHIP_ROW_LINES, 0.0, 0.0
        used, row = used + chip, max(row, height)
    return lines + row + CHIP_ROW_LINES
