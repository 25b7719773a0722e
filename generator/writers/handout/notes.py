"""The link notes: on paper a link's text is followed by a small number, and the addresses
are listed, numbered, under the content (a URL in the middle of a sentence breaks it up, and
the printed page cannot be clicked). Numbered in reading order, one number per address
however often it is linked; only the links the page draws count (a point shortened to fit
is shown plain, its link gone). In handout.html each link stays a real <a href>."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .blocks import MM, TIGHT_LINE
from .roster import width
from .selection import HandoutContent, Item, drawn_runs
from .wording import shorten

NOTE_URL_CHARS = 200  # an address longer than this is listed shortened (its link stays whole)
# The list of notes in the bundled stylesheet: small type, in lines across both columns (A4's
# text width; letter's is wider), below a rule.
NOTE_EM = 0.78
PAGE_TEXT_PT = 186 * MM
NOTE_GAP_EMS = 3.0  # a note's number and the gap after it
NOTES_MARGIN_PT = 3.0 * MM


@dataclass(frozen=True)
class Note:
    """One numbered address in the list of notes: its number, its URL (the link's target)
    and the URL as listed."""

    number: int
    url: str
    text: str


def numbered(content: HandoutContent) -> tuple[Note, ...]:
    """The page's notes, numbered from 1 in reading order."""
    return tuple(Note(n, url, listed(url)) for n, url in enumerate(link_notes(content), start=1))


def link_notes(content: HandoutContent) -> tuple[str, ...]:
    """Every address the page links to, once each, in reading order."""
    found: dict[str, None] = {}
    for part in content.parts:
        for item in part.points:
            for url in item_urls(item):
                found.setdefault(url)
    return tuple(found)


def item_urls(item: Item) -> Iterator[str]:
    """The addresses a point or block links to, in order (repeats included)."""
    for runs in drawn_runs(item):
        for run in runs:
            if run.url:
                yield run.url


def listed(url: str) -> str:
    """An address as the list of notes prints it."""
    return shorten(url, NOTE_URL_CHARS)


def notes_height_pt(urls: Sequence[str], base_pt: float) -> float:
    """About how tall the list of notes is at body size `base_pt` (0 when there is none)."""
    if not urls:
        return 0.0
    type_pt = NOTE_EM * base_pt
    text_pt = sum(width(listed(u)) + NOTE_GAP_EMS for u in urls) * type_pt
    return math.ceil(text_pt / PAGE_TEXT_PT) * type_pt * TIGHT_LINE + NOTES_MARGIN_PT
