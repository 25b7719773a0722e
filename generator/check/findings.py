"""What `deckcast check` reports, and the words it reports in: a Finding (an error or a
warning, on a slide, the deck, or a subtitle file's line), what a report of findings says
about them, and how a message names a shape, a sample of text, a count and a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from pptx.shapes.autoshape import Shape
    from pptx.shapes.base import BaseShape


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" or "warning"
    slide: int | None  # 1-based slide number; None: the deck as a whole
    message: str
    where: str = ""  # instead of the slide: a subtitle file's `PATH:LINE: cue N`

    def __str__(self) -> str:
        where = self.where or (f"slide {self.slide}" if self.slide else "deck")
        return f"{where}: {self.severity}: {self.message}"


class Findings:
    """What a report with `findings` says about them."""

    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]


def shape_text(shape: BaseShape) -> str:
    """The text of the shape's text frame; '' for a shape without one."""
    return cast("Shape", shape).text_frame.text if shape.has_text_frame else ""


def shape_label(shape: BaseShape) -> str:
    """The shape as a message names it: its name, and the start of its text."""
    text = shape_text(shape).strip()
    return f'"{shape.name}"' + (f" ({sample(text)})" if text else "")


def sample(text: str, n: int = 16) -> str:
    text = " ".join(text.split())
    return f"“{text[:n]}…”" if len(text) > n else f"“{text}”"


def clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
