"""The per-slide lint of a deck (a python-pptx Presentation): each shape off the slide
(`geometry`), its text overflowing (`overflow`), its runs at risk of a fallback font or
without a size (`fonts`), and each slide without speaker notes."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from .decks import notes_text
from .findings import Finding, shape_text
from .fonts import run_findings, theme_east_asian, theme_latin
from .geometry import off_slide
from .overflow import overflow

if TYPE_CHECKING:
    from pptx.presentation import Presentation


def lint(prs: Presentation) -> list[Finding]:
    """The per-slide findings for a python-pptx Presentation, in slide order."""
    # None only for a presentation.xml without a slide size (`p:sldSz`)
    width, height = cast(int, prs.slide_width), cast(int, prs.slide_height)
    fonts = theme_east_asian(prs)
    latin = theme_latin(prs)
    out: list[Finding] = []
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            out += off_slide(n, shape, width, height)
            if shape_text(shape).strip():
                out += overflow(n, shape, width, height, latin)
            out += run_findings(n, shape, fonts)
        if not notes_text(slide).strip():
            out.append(Finding("error", n, "no speaker notes (the narration of the slide goes there)"))
    return out
