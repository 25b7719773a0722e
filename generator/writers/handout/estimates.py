"""What is predicted without laying the handout out: how much room its content takes, what
surely cannot fit on the page (Bound), which size to try first, and how much to keep when
cutting."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .blocks import chars as block_chars
from .blocks import height_pt, least_pt
from .fit import SIZES, Fit
from .notes import item_urls, link_notes, listed, notes_height_pt
from .roster import roster_lines
from .selection import AnswerLine, HandoutContent, Item

# A page of A4 at the floor size holds well under this many characters of text: more than
# this is never worth laying out.
PAGE_CHARS = 7000
# About how many characters of points fill the page at 9.25 pt (measured on the seed); the
# first pass tries the size this predicts, and when that page is nearly full the next size up
# is not tried: the seed's handout takes one pass.
CHARS_AT_9 = 1760
# About how many lines of one-line items fill an A4 page at the floor size (measured: 1,500
# one-letter points in one part, 110 fill 96% of it, 115 do not fit). Short items fill the
# page by their lines, not their characters: 100 one-letter points were tried at every size.
LINES_AT_FLOOR = 111
# The bundled stylesheet gives every line at least 1.38 times its type size (CSS's strut: a
# line box is never shorter) and sub-points 0.92 of the body size; every item, sub-point,
# question, answer and summary point with text takes at least one line; the two columns
# together are shorter than twice the paper. A user's stylesheet may set tighter lines or
# smaller type: then four times as much is allowed.
LINE_HEIGHT = 1.38
DETAIL_EM = 0.92
PAPER_HEIGHT_PT = {"a4": 841.89, "letter": 792.0}
USER_STYLE_SLACK = 4
# About how much fits on the page at the floor size without sub-points, in the units of
# bulk() (characters plus an allowance for each heading, item and question; measured on
# generated 100- to 2,000-section sources and a 60-question one: 3,700-4,200).
FLOOR_BULK = 3900
LINE_BULK = FLOOR_BULK / LINES_AT_FLOOR  # a page of lines of one-line items, in the same units
# A line of the roster spans both columns, in type 0.86 of the body's; the sources FLOOR_BULK
# was measured on had a row of four chips with roles (about 3 such lines).
ROSTER_LINE_BULK = 2 * 0.86 * LINE_BULK
ROSTER_IN_FLOOR_BULK = 3.1 * ROSTER_LINE_BULK


def bulk(content: HandoutContent, line_bulk: float = 0) -> float:
    """Roughly how much room the content takes without sub-points: characters plus an
    allowance for each part heading, item and question and the summary box, a rich block's
    and the link notes' height as the lines of text they take the room of; or, when that is
    more (many short items, each a line of its own), `line_bulk` for each line."""
    total: float = sum(
        90 + sum(_item_bulk(i) for i in p.points) + (18 if p.cut else 0) for p in content.parts
    )
    total += (30 if content.questions else 0) + sum(
        40 + len(q.text) + sum(20 + len(a.text) for a in q.answers) for q in content.questions
    )
    total += 60 + sum(20 + len(s) for s in content.summary) if content.summary else 0
    total += ROSTER_LINE_BULK * roster_lines(content.speakers, content.roster) if content.speakers else 0
    notes = link_notes(content)
    total += 2 * LINE_BULK * _floor_lines(notes_height_pt(notes, SIZES[-1])) if notes else 0
    return max(total, line_bulk * lines(content, details=False)) if line_bulk else total


def _item_bulk(item: Item) -> float:
    if item.block:
        return LINE_BULK * _floor_lines(height_pt(item.block, SIZES[-1]))
    return 18 + len(item.label) + len(item.text)


def _floor_lines(height: float) -> float:
    """A height in lines of body type at the floor size."""
    return height / (LINE_HEIGHT * SIZES[-1])


def lines(content: HandoutContent, details: bool = True) -> float:
    """How many lines the content takes at least: a heading per part, one per item (and per
    sub-point), per question and answer, the Q&A and summary headings and summary points; a
    rich block and the link notes as the lines of body type at the floor size they match."""
    n: float = sum(1 + sum(_item_lines(i, details) for i in p.points) for p in content.parts)
    n += 1 + sum(1 + len(q.answers) for q in content.questions) if content.questions else 0
    notes = link_notes(content)
    n += 2 * _floor_lines(notes_height_pt(notes, SIZES[-1])) if notes else 0
    return n + (1 + len(content.summary) if content.summary else 0)


def _item_lines(item: Item, details: bool) -> float:
    if item.block:
        return _floor_lines(height_pt(item.block, SIZES[-1]))
    return 1 + (len(item.details) if details else 0)


def chars(content: HandoutContent, details: bool = True) -> int:
    """How many characters of text the content shows (the link notes' addresses too)."""
    n = sum(
        len(i.label)
        + len(i.text)
        + (sum(map(len, i.details)) if details else 0)
        + (block_chars(i.block) if i.block else 0)
        for p in content.parts
        for i in p.points
    )
    n += sum(len(q.text) + sum(len(a.text) for a in q.answers) for q in content.questions)
    n += sum(len(listed(u)) for u in link_notes(content))
    return n + sum(map(len, content.summary))


def start(content: HandoutContent, ladder: list[Fit]) -> int:
    """The step of the ladder the first layout tries: the size predicted to fill the page."""
    estimate = 9.25 * (CHARS_AT_9 / max(chars(content), 1)) ** 0.5
    estimate = min(estimate, SIZES[-1] * LINES_AT_FLOOR / max(lines(content), 1))
    return next((i for i, fit in enumerate(ladder) if fit.base_pt <= estimate), len(ladder) - 1)


def next_capacity(fits: list[tuple[float, float]], overflowed: list[float], target: float = 0.96) -> float:
    """The bulk expected to fill `target` of the page, from the one-page layouts seen so far
    ((fill, bulk)): along the line through the two fullest, or in proportion to the one
    there is; kept below the smallest bulk that overflowed. (How far a layout overflows says
    little: WeasyPrint moves a whole column to the next page.)"""
    fits = sorted(fits)
    ceiling = min(overflowed) if overflowed else None
    if len(fits) >= 2 and fits[-1][0] > fits[-2][0]:
        (f1, b1), (f2, b2) = fits[-1], fits[-2]
        guess = b1 + (target - f1) * (b1 - b2) / (f1 - f2)
        guess = min(max(guess, b1), b1 * 2)
    elif fits:
        fill, most = fits[-1]
        guess = most * target / fill
    else:
        assert ceiling is not None  # called once a layout fitted or overflowed
        guess = ceiling * 0.6
    if ceiling is not None and guess >= ceiling:
        guess = (ceiling + fits[-1][1]) / 2 if fits else ceiling * 0.6
    return guess


@dataclass(frozen=True)
class Bound:
    """What surely cannot fit, from lower bounds of how tall the content is and from
    PAGE_CHARS, in one pass over the items: laying out more than a page could hold only costs
    time (1,500 one-letter points made 30 pages a layout, 15 s each)."""

    room: float  # in points: the two columns' height
    # Per item of the cut order, without sub-points, what it shows at least while it is kept:
    # lines of body type, characters, and (a rich block) points of height at any size.
    lines: tuple[int, ...]
    chars: tuple[int, ...]
    heights: tuple[float, ...]
    detail_lines: int
    detail_chars: int

    @classmethod
    def of(cls, content: HandoutContent, cut_order: list[Item], paper: str, user_styled: bool) -> Bound:
        said = [a for q in content.questions for a in q.answers]
        shown = [_least_shown(item, said) for item in cut_order]
        return cls(
            room=2 * PAPER_HEIGHT_PT[paper] * (USER_STYLE_SLACK if user_styled else 1),
            lines=tuple(s[0] for s in shown),
            chars=tuple(s[1] for s in shown),
            heights=tuple(least_pt(item.block) if item.block else 0.0 for item in cut_order),
            detail_lines=sum(s[2] for s in shown),
            detail_chars=sum(s[3] for s in shown),
        )

    @cached_property
    def sure_cuts(self) -> int:
        """The fewest steps of the cut order after which the rest may fit."""
        most_lines = self.room / (LINE_HEIGHT * SIZES[-1])
        lines: float = 0
        chars = 0
        for i in range(len(self.lines) - 1, -1, -1):  # the most important items first
            lines += self.lines[i] + _floor_lines(self.heights[i])
            chars += self.chars[i]
            if lines > most_lines or chars > PAGE_CHARS:
                return i + 1
        return 0 if lines <= most_lines and chars <= PAGE_CHARS else len(self.lines)

    def overflows(self, fit: Fit) -> bool:
        """Whether all of the content (no cuts) surely takes more than a page at `fit`. (Twice
        PAGE_CHARS of sub-points: a page of the smaller type of sub-points holds more.)"""
        lines = sum(self.lines) + (DETAIL_EM * self.detail_lines if fit.details else 0)
        chars = sum(self.chars)
        return (
            LINE_HEIGHT * fit.base_pt * lines + sum(self.heights) > self.room
            or chars > PAGE_CHARS
            or (fit.details and chars + self.detail_chars > 2 * PAGE_CHARS / DETAIL_EM**2)
        )


def _least_shown(item: Item, said: list[AnswerLine]) -> tuple[int, int, int, int]:
    """What a step of the cut order shows at least while it is not taken, as (lines,
    characters, lines and characters of sub-points): the digest's answers are counted with
    its steps (their lines until the answers are left out, their characters until they are
    shortened), a question is its own line, the roster is not counted but for its names'
    characters in a line, and a rich block is its characters (its height is apart)."""
    if item.kind == "bare":
        return sum(1 for a in said if (a.name + a.text).strip()), 0, 0, 0
    if item.kind == "short":
        return 0, sum(len(a.text) for a in said), 0, 0
    if item.kind in ("roles", "line"):
        return 0, 0, 0, 0
    if item.kind == "speaker":  # a name in the roster's line
        return 0, len(item.text), 0, 0
    urls = sum(len(u) for u in item_urls(item))  # the link notes' addresses
    if item.block:
        return 0, block_chars(item.block) + urls, 0, 0
    # a point, question or summary point: a line if it has text
    return (
        int(bool((item.label + item.text).strip())),
        len(item.label) + len(item.text) + urls,
        sum(1 for d in item.details if d.strip()),
        sum(map(len, item.details)),
    )
