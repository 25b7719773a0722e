"""A designed slide's drawing (plan/design.py) put on a slide: each Shape as an auto shape
filled with a theme colour, each Text as a text box written exactly as the plan measured it
(insets, exact line spacing, space before, hanging bullets). Nothing is decided here.

Colours are theme colours (`a:schemeClr`), so a theme's palette carries through and the
shapes stay editable: no `p:style` is kept on a shape, so no theme line or shadow is added."""

from __future__ import annotations

from typing import Any

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn

from ..model import Run
from ..plan.design import HEADING_ROLES, Design, Shape, Text
from . import ooxml

EMU_PER_PT = 12700
INSET, INSET_V = 7.2, 3.6  # as plan/arrange.py measures
PITCH, BEFORE = 1.2, 0.4
BULLET_INDENT, PER_LEVEL = 18.0, 27.0  # fit.Frame's defaults, which plan/arrange.py measures with

# Colour role -> (theme colour, brightness: -1 darker .. +1 lighter, alpha 0..1). Roles are
# read through the master's colour map, so a dark theme (bg1 = dark) keeps them readable:
# `soft` is the theme's second background (a raised surface), `muted` the text colour at
# two-thirds opacity, `on_accent` the background colour on an accent fill.
_COLOURS: dict[str, tuple[str, float, float]] = {
    "accent": ("accent1", 0.0, 1.0),
    "soft": ("bg2", 0.0, 1.0),
    "shade": ("accent1", -0.25, 1.0),
    "light": ("bg1", 0.0, 1.0),
    "text": ("tx1", 0.0, 1.0),
    "muted": ("tx1", 0.0, 0.65),
    "on_accent": ("bg1", 0.0, 1.0),
    **{f"accent{n}": (f"accent{n}", 0.0, 1.0) for n in range(1, 7)},
}
_THEME = {
    "accent1": MSO_THEME_COLOR.ACCENT_1,
    "accent2": MSO_THEME_COLOR.ACCENT_2,
    "accent3": MSO_THEME_COLOR.ACCENT_3,
    "accent4": MSO_THEME_COLOR.ACCENT_4,
    "accent5": MSO_THEME_COLOR.ACCENT_5,
    "accent6": MSO_THEME_COLOR.ACCENT_6,
    "bg1": MSO_THEME_COLOR.BACKGROUND_1,
    "bg2": MSO_THEME_COLOR.BACKGROUND_2,
    "tx1": MSO_THEME_COLOR.TEXT_1,
}
_SHAPES = {"disc": MSO_SHAPE.OVAL, "panel": MSO_SHAPE.RECTANGLE, "bar": MSO_SHAPE.RECTANGLE}


def draw(slide: Any, design: Design, fonts: dict[str, tuple[str, str]], language: str, link: Any) -> None:
    for item in design.items:
        if isinstance(item, Shape):
            _shape(slide, item)
        else:
            _text(slide, item, fonts["major" if item.role in HEADING_ROLES else "minor"], language, link)


def _emu(pt: float) -> int:
    return int(round(pt * EMU_PER_PT))


def _shape(slide: Any, item: Shape) -> None:
    r = item.rect
    shape = slide.shapes.add_shape(_SHAPES[item.kind], _emu(r.x), _emu(r.y), _emu(r.w), _emu(r.h))
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)
    scheme, brightness, _ = _COLOURS[item.colour]
    shape.fill.solid()
    shape.fill.fore_color.theme_color = _THEME[scheme]
    if brightness:
        shape.fill.fore_color.brightness = brightness
    shape.line.fill.background()
    shape.name = f"{item.kind.capitalize()} {shape.shape_id}"


def _text(slide: Any, item: Text, fonts: tuple[str, str], language: str, link: Any) -> None:
    r = item.rect
    shape = slide.shapes.add_textbox(_emu(r.x), _emu(r.y), _emu(r.w), _emu(r.h))
    shape.name = f"{item.role.capitalize()} {shape.shape_id}"  # what the selection pane lists
    tx_body = shape.text_frame._txBody
    insets = (_emu(INSET), _emu(INSET_V), _emu(INSET), _emu(INSET_V))
    ooxml.frame_box(tx_body, insets, top_anchored=item.anchor == "t")
    if item.anchor != "t":
        tx_body.find(qn("a:bodyPr")).set("anchor", item.anchor)
    first = ooxml.start_text(tx_body)
    latin, east_asian = fonts
    for i, bullet in enumerate(item.paras):
        paragraph = first if i == 0 else ooxml.new_paragraph(tx_body)
        bulleted = item.bullets == "all" or (item.bullets == "nested" and bullet.level > 0)
        margin = BULLET_INDENT + bullet.level * PER_LEVEL if bulleted else 0
        ooxml.paragraph_format(
            paragraph,
            level=min(bullet.level, 1),  # the outline level, as on a bullet slide
            size_pt=item.size_pt,
            line_spacing=PITCH,
            space_before_em=BEFORE,
            margin_pt=margin,
            indent_pt=-BULLET_INDENT if bulleted else 0,
            bullet=bulleted,
            first=i == 0,
        )
        ppr = paragraph.find(qn("a:pPr"))
        if item.align != "l":
            ppr.set("algn", item.align)
        if bulleted:
            ooxml.bullet_char(ppr, "•")
        start = len(paragraph)
        if bullet.label:
            ooxml.add_runs(
                paragraph,
                bullet.label,
                size_pt=item.size_pt,
                latin=latin,
                east_asian=east_asian,
                language=language,
                bold=True,
            )
        runs = bullet.runs or ((Run(bullet.text),) if bullet.text else ())
        if item.italic:
            runs = tuple(Run(x.text, x.strong, True, x.code, x.strike, x.url) for x in runs)
        ooxml.add_styled_runs(
            paragraph,
            runs,
            size_pt=item.size_pt,
            latin=latin,
            east_asian=east_asian,
            language=language,
            bold=True if (item.bold or bullet.lead) else None,
            link=link,
        )
        scheme, brightness, alpha = _COLOURS[item.colour]
        for run in list(paragraph)[start:]:
            if run.tag == qn("a:r") and run.find(qn("a:rPr")).find(qn("a:hlinkClick")) is None:
                ooxml.set_run_theme_colour(run, scheme, brightness, alpha)
