"""What a designed slide draws, as data: boxes of fitted text and plain shapes at positions in
points on the slide, in drawing order. The slide plan computes them (plan/arrange.py) and
measures every text in them; the deck writer draws them as they are, with nothing left to
decide, and the HTML deck (writers/slideshow) draws the same ones.

Colours are named by their role in the theme (`accent`, `soft` and `shade` (lighter and
darker), `light`, `text`, `muted`, `on_accent`, or `accent1`..`accent6` for a speaker's
monogram), never as RGB values, so a theme's palette
carries through and the shapes stay editable in PowerPoint, Keynote and LibreOffice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .slides import Bullet

# The layouts a slide may be drawn in. `bullets` is the title-and-points slide every theme
# has; the others are drawn as shapes over the content layout's body area (the divider keeps
# its own layout and gains a progress strip).
LAYOUTS = ("bullets", "cards", "qa", "statement", "quote", "figure", "numbered", "progress", "comparison")
Layout = Literal[
    "bullets", "cards", "qa", "statement", "quote", "figure", "numbered", "progress", "comparison"
]

Colour = str  # accent, soft, shade, text, muted, on_accent, light, accent1 .. accent6
Align = Literal["l", "ctr", "r"]
Anchor = Literal["t", "ctr", "b"]
ShapeKind = Literal["disc", "panel", "bar"]
# How many speaker colours there are: a theme's six accents.
SPEAKER_COLOURS = 6
# Text roles set in the theme's heading (major) font, and measured in it; the rest in its body
# (minor) font.
HEADING_ROLES = frozenset({"figure", "number", "statement", "quote", "initials", "label"})


@dataclass(frozen=True)
class Rect:
    """A box in points from the slide's top-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w

    def inside(self, other: Rect, slack: float = 0.01) -> bool:
        return (
            self.x >= other.x - slack
            and self.y >= other.y - slack
            and self.right <= other.right + slack
            and self.bottom <= other.bottom + slack
        )

    def overlaps(self, other: Rect) -> bool:
        return not (
            self.right <= other.x + 0.01
            or other.right <= self.x + 0.01
            or self.bottom <= other.y + 0.01
            or other.bottom <= self.y + 0.01
        )


@dataclass(frozen=True)
class Shape:
    """A filled shape without text: a speaker's disc, a callout's panel, an accent bar."""

    rect: Rect
    kind: ShapeKind
    colour: Colour


@dataclass(frozen=True)
class Text:
    """A text box drawn exactly as measured: its paragraphs at `size_pt`, with the fitter's
    insets (7.2 / 3.6 pt), exact line spacing (1.2) and space before (0.4 em). `bullets`:
    which paragraphs hang behind a bullet as on a bullet slide: none, those below the first
    level (`nested`: an answer's or a numbered point's own points), or all."""

    rect: Rect
    paras: tuple[Bullet, ...]
    size_pt: float
    role: str  # what it shows: name, role, question, answer, figure, statement, number, step, ...
    colour: Colour = "text"
    bold: bool = False
    italic: bool = False
    align: Align = "l"
    anchor: Anchor = "t"
    bullets: Literal["none", "nested", "all"] = "none"


Item = Shape | Text


@dataclass(frozen=True)
class Design:
    """A slide's drawing: its layout's name and what it draws, in order. `fill` is the share
    of the body area its text covers (the slide plan's measure of how full the slide is)."""

    layout: Layout
    items: tuple[Item, ...] = ()

    @property
    def texts(self) -> tuple[Text, ...]:
        return tuple(i for i in self.items if isinstance(i, Text))
