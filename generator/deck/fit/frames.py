"""Paragraphs in a text frame: :class:`Para`, :class:`Frame`, how tall a list of paragraphs
is, whether it fits, and the largest font size at which it does.

The height model (keep the pptx writer in step with it, see :class:`Frame`): each line is
``frame.line_spacing * size`` points tall (exact spacing); every paragraph but the first
gets ``frame.space_before * size`` points above it; the frame adds ``inset_v_pt`` at the
top and at the bottom.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .breaking import Spans, ink_em, line_count
from .fonts import ARIAL, Face

__all__ = [
    "Frame",
    "Para",
    "candidate_sizes",
    "fit_size",
    "fits",
    "fits_at",
    "monospace_spans",
    "paragraphs_height",
]


@dataclass(frozen=True)
class Para:
    """One bulleted paragraph: ``level`` 0 is a top-level bullet, 1 a nested one; ``mono``
    the spans of its text drawn in monospace (inline code), see :func:`monospace_spans`."""

    text: str
    level: int = 0
    bold: bool = False
    mono: Spans = ()


def monospace_spans(pieces: Iterable[tuple[str, bool]], offset: int = 0) -> Spans:
    """The spans drawn in monospace of a text made of ``pieces`` (text, is code) in order,
    after ``offset`` characters that are not (a bold label, a bullet glyph)."""
    spans: list[tuple[int, int]] = []
    at = offset
    for text, code in pieces:
        if code and text:
            spans.append((at, at + len(text)))
        at += len(text)
    return tuple(spans)


@dataclass(frozen=True)
class Frame:
    """A text frame (shape) and the paragraph formatting the writer applies to it.

    The estimate is only truthful if the pptx writer writes exactly these values
    (EMU = pt * 12700; DrawingML spacing values are in 1/100 pt):

    ``width_pt``, ``height_pt``
        The shape's extent (``a:ext cx/cy``).
    ``inset_pt`` (7.2 = PowerPoint's default), ``inset_v_pt`` (3.6)
        ``a:bodyPr lIns=rIns=inset_pt*12700, tIns=bIns=inset_v_pt*12700``, written
        explicitly (only the sums count: ``lIns+rIns = 2*inset_pt*12700``, so a theme's
        uneven insets are fitted with their mean).  The body must also say
        ``wrap="square"`` and have autofit off (``<a:noAutofit/>``), so PowerPoint
        neither shrinks nor grows it.
    ``line_spacing`` (1.2)
        Line pitch as a multiple of the font size, written as *exact* spacing:
        ``<a:lnSpc><a:spcPts val="round(line_spacing*size*100)"/></a:lnSpc>``.
        (Percentage spacing, ``spcPct``, multiplies the font's own line height,
        which is about 1.15 em for Arial but 1.45 em for Noto Sans CJK, so it
        would make the estimate wrong.)
    ``space_before`` (0.4)
        In ems of the font size, before every paragraph but the first:
        ``<a:spcBef><a:spcPts val="round(space_before*size*100)"/></a:spcBef>``
        (write 0 or nothing on the first paragraph); ``spcAft`` must be 0.
    ``bullet_indent_pt`` (18), ``indent_pt_per_level`` (27)
        Hanging bullet: ``marL = (bullet_indent_pt + level*indent_pt_per_level)*12700``,
        ``indent = -bullet_indent_pt*12700``.  The bullet glyph must be narrower
        than ``bullet_indent_pt`` at the text size (a ``•`` at 100 % is 0.35 em:
        fine up to about 45 pt), or PowerPoint pushes the text to the next tab.

    ``face``
        The Latin typeface every text of the frame is measured in (the one the writer names
        in its runs, :mod:`.fonts`); inline code in monospace and CJK in the East Asian
        table whatever it is.

    So the usable line width at level L is
    ``width_pt - 2*inset_pt - bullet_indent_pt - L*indent_pt_per_level`` and, for an
    unbulleted paragraph such as a title, ``width_pt - 2*inset_pt``.
    """

    width_pt: float
    height_pt: float
    inset_pt: float = 7.2
    inset_v_pt: float = 3.6
    line_spacing: float = 1.2
    space_before: float = 0.4
    indent_pt_per_level: float = 27
    bullet_indent_pt: float = 18
    face: Face = ARIAL

    def line_width(self, level: int = 0, bulleted: bool = True) -> float:
        """Usable line width in points for a paragraph at ``level``."""
        w = self.width_pt - 2 * self.inset_pt
        if bulleted:
            w -= self.bullet_indent_pt + max(level, 0) * self.indent_pt_per_level
        return w


def _measure(
    paras: Sequence[Para], size_pt: float, frame: Frame, bulleted: bool = True
) -> tuple[float, bool]:
    """(height in points, every line within its width)."""
    h = 2 * frame.inset_v_pt
    ok = True
    pitch = frame.line_spacing * size_pt
    for idx, p in enumerate(paras):
        width = frame.line_width(p.level, bulleted)
        if width <= 0:
            return math.inf, False
        n, overflow = line_count(p.text, p.bold, width / size_pt, p.mono, frame.face)
        ok = ok and not overflow
        h += n * pitch
        if idx:
            h += frame.space_before * size_pt
    return h, ok


def paragraphs_height(paras: list[Para], size_pt: float, frame: Frame) -> float:
    """Height in points the paragraphs take in ``frame`` at ``size_pt``, insets
    included (``inf`` if a level leaves no usable width)."""
    if size_pt <= 0:
        raise ValueError("size_pt must be positive")
    return _measure(paras, size_pt, frame)[0]


def fits_at(paras: Sequence[Para], size_pt: float, frame: Frame, bulleted: bool = True) -> bool:
    """:func:`fits` without the argument check, for bulleted or unbulleted paragraphs."""
    # cheap lower bound first: lines >= ink width / line width
    pitch = frame.line_spacing * size_pt
    low = 2 * frame.inset_v_pt + max(len(paras) - 1, 0) * frame.space_before * size_pt
    face = frame.face
    for p in paras:
        width = frame.line_width(p.level, bulleted)
        if width <= 0:
            return False
        low += max(1, math.ceil(ink_em(p.text, p.bold, p.mono, face) * size_pt / width - 1e-9)) * pitch
    if low > frame.height_pt + 1e-6:
        return False
    h, ok = _measure(paras, size_pt, frame, bulleted)
    return ok and h <= frame.height_pt + 1e-6


def fits(paras: list[Para], size_pt: float, frame: Frame) -> bool:
    """True if the paragraphs fit ``frame`` at ``size_pt``: no line wider than its
    usable width and the total height within ``frame.height_pt``."""
    if size_pt <= 0:
        raise ValueError("size_pt must be positive")
    return fits_at(paras, size_pt, frame)


def candidate_sizes(max_pt: float, min_pt: float, step: float) -> list[float]:
    """The sizes to try, largest first: ``max_pt, max_pt - step, ...`` down to ``min_pt``
    (which is always the last), rounded to 1/100 pt."""
    if step <= 0:
        raise ValueError("step must be positive")
    if min_pt <= 0 or max_pt < min_pt:
        raise ValueError("need 0 < min_pt <= max_pt")
    out = []
    k = 0
    while True:
        s = round(max_pt - k * step, 2)  # DrawingML sizes are in 1/100 pt
        if s < min_pt - 1e-9:
            break
        out.append(s)
        k += 1
    if out[-1] > min_pt + 1e-9:
        out.append(round(min_pt, 2))
    return out


def fit_size(
    paras: list[Para], frame: Frame, max_pt: float, min_pt: float, step: float = 1.0
) -> float | None:
    """The largest size ``max_pt, max_pt - step, ...`` (and ``min_pt`` itself) at
    which all paragraphs fit ``frame``, or None if they do not fit even at
    ``min_pt``.  Sizes are rounded to 1/100 pt."""
    for s in candidate_sizes(max_pt, min_pt, step):
        if fits_at(paras, s, frame):
            return s
    return None
