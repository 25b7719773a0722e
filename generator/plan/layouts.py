"""Which layout each slide is drawn in, chosen from what it shows (its kind, its points, its
blocks), never from its wording; and the typed facts a layout needs that the bullets do not
carry (the people on a roster or answering a question). A deck template may ask for a layout
per slide (`layout: statement`); a layout that cannot show that slide is refused with a
warning and the slide keeps the one chosen here."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..model import Episode, Quote, Speaker
from .design import LAYOUTS, SPEAKER_COLOURS, Layout

# A statement or key figure is short: at most this many characters (CJK count double).
STATEMENT_CHARS = 160
FIGURE_CHARS = 90
MAX_FIGURES = 3  # key figures side by side on one slide
MAX_CARDS = 8  # speaker cards per slide; more continue on the next

# A point led by a figure: 99.8%, 5–10 年, 300 MW, 3×, $40M, 1,200 名. The figure is the
# number with its unit; the unit list is short on purpose (a year or a version is no figure).
_FIGURE = re.compile(
    r"^(?P<figure>(?:[$€£¥~≈約约]\s?)?\d[\d,.]*(?:\s?[–\-~至到]\s?\d[\d,.]*)?"
    r"(?:\s?(?:%|％|×|x\b|倍|MW|GW|kW|TB|GB|ms|億|亿|萬|万|[KMB]\b|年|個月|个月|天|小時|小时|分鐘|分钟|名|人|家|個|个)"
    r"|\s?(?:percent|times|years|months|days|hours|minutes|people|teams)\b))"
)

_YEAR = re.compile(r"(?:1[89]|2[01])\d\d\s?年?")


@dataclass(frozen=True)
class Person:
    """A speaker as a card or a monogram shows them."""

    id: str
    name: str
    alt_name: str
    role: str
    initials: str
    colour: int  # 1..SPEAKER_COLOURS: the theme accent the speaker's monogram is filled with


def person(speaker: Speaker, episode: Episode) -> Person:
    order = [s.id for s in episode.speakers]
    index = order.index(speaker.id) if speaker.id in order else 0
    return Person(
        speaker.id,
        speaker.name,
        speaker.alt_name or "",
        speaker.role or "",
        initials(speaker.name, speaker.alt_name),
        index % SPEAKER_COLOURS + 1,
    )


def initials(name: str, alt_name: str | None = None) -> str:
    """A monogram: the first letters of the first and last Latin words (Amanda Askell -> AA,
    Émile Zola -> ÉZ), taken from the other-language name when the name is Chinese and that
    one is Latin; else the name's first character (大飛 -> 大)."""
    for candidate in (name, alt_name or ""):
        words = [w for w in re.split(r"[\s·・.\-]+", candidate) if w]
        if words and all(_latin(w) for w in words):
            return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()
    first = next((ch for ch in name if not ch.isspace()), "?")
    return unicodedata.normalize("NFC", first)


def _latin(word: str) -> bool:
    """A word of a Latin-script name: letters (accents too) before the CJK blocks."""
    return word[0].isalpha() and all(ord(ch) < 0x2E80 for ch in word)


def figure_of(text: str) -> str | None:
    """The figure a point is led by (`99.8%` in "99.8% of deploys…"), or None."""
    found = _FIGURE.match(text.strip())
    if not found or _YEAR.fullmatch(found["figure"].strip()):
        return None  # 2024年 is a year, not a figure
    return found["figure"].strip()


def weight(text: str) -> int:
    """Characters as they take space: a CJK character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def choose(
    kind: str,
    points: list[tuple[str, int, bool]],
    blocks: tuple[object, ...],
    people: int,
) -> Layout:
    """The layout a slide is drawn in, from its kind, its points (text, level, lead) and its
    rich blocks; `people` is how many speakers it shows (a roster's, a question's answerers)."""
    if kind == "roster":
        return "cards" if people else "bullets"
    if kind == "question":
        return "qa"
    if kind in ("summary", "agenda"):
        one = len(points) == 1 and weight(points[0][0]) <= STATEMENT_CHARS
        return "statement" if one and kind == "summary" else "numbered" if points else "bullets"
    if kind == "divider":
        return "progress"
    if kind not in ("content", "viewpoint"):
        return "bullets"
    shown = [p for p in points if not p[2]]
    if blocks:
        only_quote = len(blocks) == 1 and isinstance(blocks[0], Quote) and not shown
        return "quote" if only_quote else "bullets"
    return _for_points(shown)


def _for_points(shown: list[tuple[str, int, bool]]) -> Layout:
    tops = [p for p in shown if p[1] == 0]
    if len(tops) == 2 and shown[0][1] == 0 and _two_groups(shown):
        return "comparison"
    figures = 1 <= len(shown) <= MAX_FIGURES and len(tops) == len(shown)
    if figures and all(figure_of(t) and weight(t) <= FIGURE_CHARS for t, _, _ in shown):
        return "figure"
    if len(shown) == 1 and weight(shown[0][0]) <= STATEMENT_CHARS:
        return "statement"
    return "bullets"


def _two_groups(shown: list[tuple[str, int, bool]]) -> bool:
    """Two top-level points, each with points of its own under it."""
    groups: list[int] = []
    for _, level, _ in shown:
        if level == 0:
            groups.append(0)
        else:
            groups[-1] += 1
    return len(groups) == 2 and all(groups)


def requested(value: object, where: str) -> Layout | None:
    """A deck template's `layout:` for a slide, checked against the names there are."""
    if value is None or value == "":
        return None
    if value not in LAYOUTS:
        from ..errors import UsageError
        from .slides import TEMPLATE

        raise UsageError(f"{where}: `layout` must be one of {', '.join(LAYOUTS)}, not {value!r}", TEMPLATE)
    return value  # type: ignore[return-value]


# Which slide kinds each layout can show (a template asking for another is warned).
SHOWS = {
    "bullets": None,  # any
    "cards": ("roster",),
    "qa": ("question",),
    "statement": ("content", "viewpoint", "summary"),
    "quote": ("content", "viewpoint"),
    "figure": ("content", "viewpoint", "summary"),
    "numbered": ("content", "viewpoint", "summary", "agenda"),
    "progress": ("divider",),
    "comparison": ("content", "viewpoint"),
}
