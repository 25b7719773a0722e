"""Text that does not fit: its box overflowing, a box that grows with its text running off
the slide, a line that does not wrap running off the slide's right edge.

Text height is re-estimated with the fitter's own model (`deck/fit`) from what the XML
says (read through `deck/ooxml.py`): the runs' sizes and Latin typeface (measured in that font
when this machine has it, see `deck/fit/fonts.py`; a theme reference `+mj-lt`/`+mn-lt`, or no
typeface, is the theme's heading or body font), the frame's insets, paragraph margins, line
and paragraph spacing. For a deckcast deck every one of those is explicit, so the
estimate is the fitter's; for a hand-made deck the inherited values are approximated, and a
near miss is only a warning."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast

from ..deck import fit, ooxml
from .findings import Finding, shape_label
from .geometry import EMU_PT, TOLERANCE_PT

if TYPE_CHECKING:
    from pptx.shapes.base import BaseShape

DEFAULT_SIZE_PT = 18.0  # DrawingML's size for a run nobody gives one
APPROXIMATE_SLACK = 1.10  # an estimate built on inherited values errs by this much


@dataclass(frozen=True)
class Estimate:
    """A text frame's text as the fitter's model lays it out."""

    height: float = 0.0  # points (insets included once `overflow` adds them)
    widest: float = 0.0  # widest line (wrap="none"), points
    exact: bool = True  # False when some value was inherited and approximated
    too_wide: bool = False  # a single glyph or word wider than the line


#: A theme's Latin typefaces by reference: "+mj-lt" (headings) and "+mn-lt" (body) -> typeface.
ThemeLatin = dict[str, str]


@dataclass(frozen=True)
class _Layout:
    """What every paragraph of one frame is laid out with."""

    width: float  # points between the insets
    wraps: bool
    autofit: ooxml.Autofit
    latin: str = "+mn-lt"  # the typeface of a run that names none


@dataclass(frozen=True)
class _Paragraph:
    """One paragraph laid out: `lines` at `pitch`, the space before and after it counted."""

    lines: int
    pitch: float
    before: float  # 0 for the first paragraph: PowerPoint ignores the space before it
    after: float  # 0 for the last
    widest: float
    exact: bool
    too_wide: bool


def overflow(
    n: int, shape: BaseShape, slide_w: int, slide_h: int, theme_latin: ThemeLatin | None = None
) -> list[Finding]:
    """Slide `n`'s text shape against its box and the `slide_w` × `slide_h` EMU slide, its
    runs measured in their typefaces (`theme_latin`: what the theme's references stand for)."""
    frame = ooxml.frame_properties(shape)
    if frame is None:
        return []  # vertical text: not modelled
    left, top, right, bottom = (value / EMU_PT for value in frame.insets)
    # None only for a shape with no size, own or inherited: check has always stopped there
    box_w, box_h = cast(int, shape.width) / EMU_PT, cast(int, shape.height) / EMU_PT
    layout = _Layout(box_w - left - right, frame.wraps, frame.autofit, _default_latin(shape))
    estimate = estimate_text(shape, layout, theme_latin or {})
    estimate = replace(estimate, height=estimate.height + (top + bottom))
    out = [] if frame.wraps else _unwrapped(n, shape, left, estimate.widest, slide_w)
    if frame.autofit.kind == "grow":  # the box grows with its text: only the slide's edge counts
        return out + _grown(n, shape, estimate.height, slide_h)
    return out + _overflowing(n, shape, estimate, box_h, frame.autofit.kind)


def text_height(shape: BaseShape, theme_latin: ThemeLatin | None = None) -> float | None:
    """How tall a shape's text is as the fitter's model lays it out, insets included, in
    points (None for vertical text or a shape without a size)."""
    frame = ooxml.frame_properties(shape)
    if frame is None or shape.width is None:
        return None
    left, top, right, bottom = (value / EMU_PT for value in frame.insets)
    layout = _Layout(shape.width / EMU_PT - left - right, frame.wraps, frame.autofit, _default_latin(shape))
    estimate = estimate_text(shape, layout, theme_latin or {})
    return estimate.height + top + bottom


def _default_latin(shape: BaseShape) -> str:
    """The theme font a run that names no typeface is drawn in: the heading font in a title."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    titles = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
    if shape.is_placeholder and shape.placeholder_format.type in titles:
        return "+mj-lt"
    return "+mn-lt"


def face_of(typeface: str | None, layout: _Layout, theme_latin: ThemeLatin) -> fit.Face:
    """The face a paragraph is measured in: its typeface (a theme reference resolved), found
    on this machine, else Arial's table."""
    name = typeface or layout.latin
    if name.startswith("+"):
        name = theme_latin.get(name[:3] + "-lt", "") or "Arial"
    return fit.face_for(name) or fit.ARIAL


def _unwrapped(n: int, shape: BaseShape, inset: float, widest: float, slide_w: int) -> list[Finding]:
    """The widest line of text that does not wrap against the slide's right edge."""
    right = cast(int, shape.left) / EMU_PT + inset + widest
    if right <= slide_w / EMU_PT + TOLERANCE_PT:
        return []
    return [
        Finding(
            "error",
            n,
            f"{shape_label(shape)}: a line of text does not wrap and runs "
            f"{right - slide_w / EMU_PT:.0f} pt off the right edge of the slide",
        )
    ]


def _grown(n: int, shape: BaseShape, height: float, slide_h: int) -> list[Finding]:
    bottom = cast(int, shape.top) / EMU_PT + height
    if bottom <= slide_h / EMU_PT + TOLERANCE_PT:
        return []
    return [
        Finding(
            "error",
            n,
            f"{shape_label(shape)}: the box grows with its text and runs "
            f"{bottom - slide_h / EMU_PT:.0f} pt off the bottom of the slide",
        )
    ]


def _overflowing(n: int, shape: BaseShape, estimate: Estimate, box_h: float, autofit: str) -> list[Finding]:
    over = estimate.height - box_h
    if over <= TOLERANCE_PT and not estimate.too_wide:
        return []
    detail = (
        f"text about {estimate.height:.0f} pt tall in a {box_h:.0f} pt box"
        if over > TOLERANCE_PT
        else "a word is wider than the box"
    )
    if autofit == "shrink":
        return [
            Finding(
                "warning",
                n,
                f"{shape_label(shape)}: {detail}; it relies on shrink text on overflow, "
                f"which each viewer applies differently",
            )
        ]
    if estimate.exact or estimate.height > box_h * APPROXIMATE_SLACK or estimate.too_wide:
        return [Finding("error", n, f"{shape_label(shape)}: text overflows its box ({detail})")]
    return [
        Finding(
            "warning",
            n,
            f"{shape_label(shape)}: text may overflow its box ({detail}, "
            f"estimated with percentage line spacing)",
        )
    ]


def estimate_text(shape: BaseShape, layout: _Layout, theme_latin: ThemeLatin) -> Estimate:
    """The shape's paragraphs laid out one below the other, insets not included."""
    paras = ooxml.paragraphs(shape)
    styles_by_level: dict[int, list[ooxml.Element]] = {}
    height, widest, exact, too_wide = 0.0, 0.0, True, False
    for i, p in enumerate(paras):
        para = _paragraph(
            shape, p, styles_by_level, layout, theme_latin, first=i == 0, last=i == len(paras) - 1
        )
        height = height + para.lines * para.pitch + para.before + para.after
        widest = max(widest, para.widest)
        exact = exact and para.exact
        too_wide = too_wide or para.too_wide
    return Estimate(height, widest, exact, too_wide)


def _paragraph(
    shape: BaseShape,
    p: ooxml.Element,
    styles_by_level: dict[int, list[ooxml.Element]],
    layout: _Layout,
    theme_latin: ThemeLatin,
    *,
    first: bool,
    last: bool,
) -> _Paragraph:
    ppr = ooxml.paragraph_properties(p)
    level = ooxml.paragraph_level(ppr)
    if level not in styles_by_level:
        styles_by_level[level] = ooxml.level_styles(shape, level)
    styles = ([ppr] if ppr is not None else []) + styles_by_level[level]
    inherited = ooxml.default_size(styles) or DEFAULT_SIZE_PT
    content = ooxml.paragraph_content(p)
    # an empty paragraph still takes a line, at its end-of-paragraph size
    sizes = [s or inherited for s in content.run_sizes] or [ooxml.end_size(p) or inherited]
    # one size per paragraph in a deckcast deck; else the largest
    size = max(sizes) * layout.autofit.font_scale
    margin_emu = ooxml.left_margin(styles)
    margin = margin_emu / EMU_PT if margin_emu is not None else 0.0
    face = face_of(content.latin, layout, theme_latin)
    lines, widest, too_wide = _lines(content, size, margin, layout, face)
    pitch, exact = _spacing(styles, "lnSpc", size, line=True)
    if layout.autofit.line_spacing_cut and not exact:
        pitch *= 1 - layout.autofit.line_spacing_cut
    before = 0.0 if first else _spacing(styles, "spcBef", size)[0]
    after = 0.0 if last else _spacing(styles, "spcAft", size)[0]
    return _Paragraph(len(lines), pitch, before, after, widest, len(set(sizes)) <= 1 and exact, too_wide)


def _lines(
    content: ooxml.ParagraphContent, size: float, margin: float, layout: _Layout, face: fit.Face
) -> tuple[list[str], float, bool]:
    """The paragraph's lines; its widest line from the frame's left inset (when it does not
    wrap); whether a word is wider than the line (when it does)."""
    usable = layout.width - margin
    if layout.wraps and usable > 0:
        lines = fit.wrap(content.text, size, usable, bold=content.bold, mono=content.mono, face=face)
        too_wide = any(fit.text_width(line, size, content.bold, face) > usable + 0.01 for line in lines)
        return lines, 0.0, too_wide
    lines = content.text.split("\n")
    return lines, max(margin + fit.text_width(line, size, content.bold, face) for line in lines), False


def _spacing(styles: list[ooxml.Element], tag: str, size: float, line: bool = False) -> tuple[float, bool]:
    """(points, exact) of lnSpc / spcBef / spcAft, from the nearest style that sets it. A
    percentage of a line is taken of 1.2 em (Arial's line; a CJK font's is taller, so such an
    estimate is not exact); no spacing anywhere: 100 %."""
    found = ooxml.spacing(styles, tag)
    if found is None:
        return (1.2 * size, False) if line else (0.0, True)
    if found.unit == "pt":
        return found.value, True
    return found.value * size * 1.2, not line
