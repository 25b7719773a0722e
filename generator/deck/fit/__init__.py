"""Deterministic text fitting for slide text frames (CJK aware), measured in the theme's fonts.

python-pptx's ``fit_text`` needs a font file and breaks lines only at spaces, so it
badly misjudges Chinese.  This package estimates how PowerPoint lays out text from a
compact advance-width table (``font_metrics.json``, made offline by
``tools/make_font_metrics.py`` from Liberation Sans = Arial metrics and Noto Sans CJK
TC) and answers: how wide is this text, where do the lines break, how tall is this
list of paragraphs, which font size fits, and how to split what never fits.

Everything here is a pure function of its arguments (plus the shipped table and, for a
typeface the table does not cover, the font files found for it): no python-pptx, no
randomness.  The layout model the pptx writer must keep
in step with is told where it is applied, one step per module:

* :mod:`.fonts` — :class:`Face`, the Latin typeface a frame's text is measured in (the
  table's, or a font found on the machine: :func:`face_for`) and the widths read from it;
* :mod:`.metrics` — the table: character widths (CJK, Latin, ambiguous punctuation),
  :func:`text_width`, :func:`is_cjk`;
* :mod:`.breaking` — tokens and greedy line breaking with kinsoku, :func:`wrap`;
* :mod:`.frames` — :class:`Para` (with the spans drawn in monospace), :class:`Frame`
  (the exact DrawingML values the writer must write), paragraph heights, :func:`fits`, :func:`fit_size`;
* :mod:`.splitting` — :func:`split_to_fit`, paragraphs into slides and a too-tall
  paragraph into pieces;
* :mod:`.titles` — :func:`fit_title`, sized or shortened with "…".
"""

from __future__ import annotations

from .breaking import CLOSING, OPENING, wrap
from .fonts import ARIAL, Face, face_for
from .frames import Frame, Para, fit_size, fits, monospace_spans, paragraphs_height
from .metrics import is_cjk, text_width
from .splitting import split_to_fit
from .titles import fit_title

__all__ = [
    "ARIAL",
    "CLOSING",
    "OPENING",
    "Face",
    "Frame",
    "Para",
    "fit_size",
    "face_for",
    "fit_title",
    "fits",
    "is_cjk",
    "monospace_spans",
    "paragraphs_height",
    "split_to_fit",
    "text_width",
    "wrap",
]
