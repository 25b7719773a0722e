"""A hand-written talk's rich blocks drawn on a slide, inside a box (EMU) of the body
area: pictures (aspect-correct, never stretched, alt text as `descr`), native tables
(column widths from their content, one size for every cell, fitted with the deck's text
metrics), code (monospace, colours from Pygments), quotes and columns. Every size is
measured with the same fitter as the bullets, so nothing overflows its box."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Code, Column, Columns, Image, Quote, Run, Table
from . import fit, ooxml
from .fit.tables import CELL_INSET_PT, CELL_INSET_V_PT, TABLE_MIN_PT, fit_table, fit_table_min

EMU_PER_PT = 12700
GAP_PT = 12.0  # between blocks, pictures of a grid, columns
CAPTION_PT = 14.0
CODE_MAX_PT, CODE_MIN_PT = 20.0, 12.0
QUOTE_MAX_PT, QUOTE_MIN_PT = 36.0, 18.0
COLUMN_MAX_PT = 28.0
MONO_EM = 0.6  # Courier New / Liberation Mono: every character 0.6 em


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int

    def pt(self) -> tuple[float, float]:
        return self.width / EMU_PER_PT, self.height / EMU_PER_PT


@dataclass(frozen=True)
class Style:
    latin: str
    east_asian: str
    language: str
    folder: Path  # the source's folder: image paths are relative to it (checked by the reader)
    face: fit.Face = fit.ARIAL  # what `latin` is measured in (the theme's, see deck/theme.py)


def stack(box: Box, count: int) -> list[Box]:
    """`count` boxes one above the other inside `box`, GAP_PT apart."""
    gap = int(GAP_PT * EMU_PER_PT)
    height = (box.height - gap * (count - 1)) // max(count, 1)
    return [Box(box.left, box.top + i * (height + gap), box.width, height) for i in range(count)]


def draw(slide: Any, blocks: tuple[Any, ...], box: Box, style: Style, link: Any, widths: bool = True) -> None:
    """Draw the blocks in the box: the pictures of a run of images share a grid; any other
    block takes its own band of the box. `widths`: an image's {width=} hint sizes it (off
    when the hint already set the box, beside the slide's bullets)."""
    groups: list[list[Any]] = []
    for block in blocks:
        if isinstance(block, Image) and groups and isinstance(groups[-1][0], Image):
            groups[-1].append(block)
        else:
            groups.append([block])
    for group, band in zip(groups, stack(box, len(groups)), strict=True):
        first = group[0]
        if isinstance(first, Image):
            _pictures(slide, group, band, style, widths)
        elif isinstance(first, Table):
            _table(slide, first, band, style, link)
        elif isinstance(first, Code):
            _code(slide, first, band, style)
        elif isinstance(first, Quote):
            _quote(slide, first, band, style, link)
        elif isinstance(first, Columns):
            _columns(slide, first, band, style, link)


# --------------------------------------------------------------------------- pictures


def grid(count: int) -> tuple[int, int]:
    columns = math.ceil(math.sqrt(count))
    return columns, math.ceil(count / columns)


def picture_boxes(
    images: list[Image], box: Box, sizes: list[tuple[int, int]], widths: bool = True
) -> list[tuple[Box, Box | None]]:
    """Where each picture of a grid goes (aspect-correct in its cell, `sizes` its pixels)
    and its caption's box (None without a caption): the pptx and the HTML deck place them so."""
    columns, rows = grid(len(images))
    gap = int(GAP_PT * EMU_PER_PT)
    cell_w = (box.width - gap * (columns - 1)) // columns
    cell_h = (box.height - gap * (rows - 1)) // rows
    out: list[tuple[Box, Box | None]] = []
    for n, (image, (px_w, px_h)) in enumerate(zip(images, sizes, strict=True)):
        row, col = divmod(n, columns)
        cell = Box(box.left + col * (cell_w + gap), box.top + row * (cell_h + gap), cell_w, cell_h)
        if widths and image.width and len(images) == 1:
            narrow = min(cell.width, int(box.width * image.width))
            cell = Box(cell.left + (cell.width - narrow) // 2, cell.top, narrow, cell.height)
        caption_h = int((CAPTION_PT * 1.2 + 2 * CELL_INSET_V_PT) * EMU_PER_PT) if image.caption else 0
        area_h = cell.height - caption_h
        scale = min(cell.width / px_w, area_h / px_h)
        width, height = int(px_w * scale), int(px_h * scale)
        left = cell.left + (cell.width - width) // 2
        top = cell.top + (area_h - height) // 2
        caption = Box(cell.left, top + height, cell.width, caption_h) if image.caption else None
        out.append((Box(left, top, width, height), caption))
    return out


def _pictures(slide: Any, images: list[Image], box: Box, style: Style, widths: bool = True) -> None:
    from PIL import Image as PILImage

    sizes = []
    for image in images:
        with PILImage.open(style.folder / image.src) as picture:
            sizes.append(picture.size)
    for image, (place, caption) in zip(images, picture_boxes(images, box, sizes, widths), strict=True):
        shape = slide.shapes.add_picture(
            str(style.folder / image.src), place.left, place.top, place.width, place.height
        )
        shape._element.nvPicPr.cNvPr.set("descr", image.alt or image.caption or "")
        if caption is not None and image.caption:
            _text_box(
                slide, caption, [(image.caption, ())], CAPTION_PT, style, None, centered=True, italic=True
            )


def background(slide: Any, image: Image, style: Style, size: tuple[int, int]) -> None:
    """Marp's `![bg](…)`: the picture covers the whole slide (cropped, never stretched),
    behind everything else on it."""
    from PIL import Image as PILImage

    path = style.folder / image.src
    with PILImage.open(path) as picture:
        px_w, px_h = picture.size
    width, height = size
    shape = slide.shapes.add_picture(str(path), 0, 0, width, height)
    picture_ratio, slide_ratio = px_w / px_h, width / height
    if picture_ratio > slide_ratio:  # wider: crop the sides
        cut = (1 - slide_ratio / picture_ratio) / 2
        shape.crop_left = shape.crop_right = cut
    elif picture_ratio < slide_ratio:
        cut = (1 - picture_ratio / slide_ratio) / 2
        shape.crop_top = shape.crop_bottom = cut
    shape._element.nvPicPr.cNvPr.set("descr", image.alt)
    tree = slide.shapes._spTree
    tree.remove(shape._element)
    tree.insert(2, shape._element)  # after nvGrpSpPr and grpSpPr: the back of the slide


# --------------------------------------------------------------------------- text boxes


def _text_box(
    slide: Any,
    box: Box,
    paras: list[tuple[str, tuple[Run, ...]]],
    size_pt: float,
    style: Style,
    link: Any,
    *,
    centered: bool = False,
    italic: bool = False,
    latin: str | None = None,
) -> Any:
    shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
    frame = shape.text_frame
    frame.word_wrap = True
    tx_body = frame._txBody
    ooxml.frame_box(tx_body, (int(CELL_INSET_PT * EMU_PER_PT),) * 2 * 2, top_anchored=not centered)
    first = ooxml.start_text(tx_body)
    for i, (text, runs) in enumerate(paras):
        paragraph = first if i == 0 else ooxml.new_paragraph(tx_body)
        if centered:
            paragraph.get_or_add_pPr().set("algn", "ctr")
        ooxml.exact_line_spacing(paragraph, size_pt)
        runs = runs or (Run(text, emphasis=italic),)
        if italic:
            runs = tuple(Run(r.text, r.strong, True, r.code, r.strike, r.url) for r in runs)
        ooxml.add_styled_runs(
            paragraph,
            runs,
            size_pt=size_pt,
            latin=latin or style.latin,
            east_asian=style.east_asian,
            language=style.language,
            link=link,
        )
    return shape


def text_frame(box: Box, face: fit.Face) -> fit.Frame:
    width, height = box.pt()
    return fit.Frame(
        width, height, inset_pt=CELL_INSET_PT, inset_v_pt=CELL_INSET_PT, bullet_indent_pt=0, face=face
    )


def quote_paras(quote: Quote, language: str) -> list[tuple[str, tuple[Run, ...]]]:
    """A quote's paragraphs as drawn: the text in the language's quotation marks, then "— who"."""
    opening, closing = ("“", "”") if language == "en" else ("「", "」")
    text = f"{opening}{quote.text}{closing}"
    runs = (Run(opening), *quote.runs, Run(closing)) if quote.runs else ()
    return [(text, runs)] + ([("— " + quote.attribution, ())] if quote.attribution else [])


def quote_size(paras: list[tuple[str, tuple[Run, ...]]], box: Box, face: fit.Face) -> float:
    measured = [fit.Para(t, mono=fit.monospace_spans((r.text, r.code) for r in runs)) for t, runs in paras]
    return fit.fit_size(measured, text_frame(box, face), QUOTE_MAX_PT, QUOTE_MIN_PT) or QUOTE_MIN_PT


def _quote(slide: Any, quote: Quote, box: Box, style: Style, link: Any) -> None:
    paras = quote_paras(quote, style.language)
    _text_box(slide, box, paras, quote_size(paras, box, style.face), style, link, centered=True, italic=True)


def column_boxes(columns: Columns, box: Box) -> list[Box]:
    """Each column's box: its width share ({width=}), the rest shared by the others."""
    count = len(columns.columns)
    gap = int(GAP_PT * EMU_PER_PT)
    free = box.width - gap * (count - 1)
    given = sum(c.width or 0 for c in columns.columns)
    rest = [c for c in columns.columns if not c.width]
    share_left = max(0.0, 1.0 - given)
    widths = [int(free * (c.width if c.width else share_left / max(len(rest), 1))) for c in columns.columns]
    left = box.left
    boxes = []
    for width in widths:
        boxes.append(Box(left, box.top, width, box.height))
        left += width + gap
    return boxes


def _columns(slide: Any, columns: Columns, box: Box, style: Style, link: Any) -> None:
    boxes = column_boxes(columns, box)
    size = min(column_size(c, b, style.face) for c, b in zip(columns.columns, boxes, strict=True))
    for column, column_box in zip(columns.columns, boxes, strict=True):
        if column.blocks and not column.points:
            draw(slide, column.blocks, column_box, style, link)
            continue
        paras = [("• " + p.text, (Run("• "), *p.runs) if p.runs else ()) for p in column.points]
        _text_box(slide, column_box, paras, size, style, link)


def column_size(column: Column, box: Box, face: fit.Face) -> float:
    paras = [
        fit.Para("• " + p.text, mono=fit.monospace_spans(((r.text, r.code) for r in p.runs), 2))
        for p in column.points
    ]
    if not paras:
        return COLUMN_MAX_PT
    return fit.fit_size(paras, text_frame(box, face), COLUMN_MAX_PT, TABLE_MIN_PT) or TABLE_MIN_PT


# --------------------------------------------------------------------------- code


def code_size(code: Code, box: Box) -> float:
    """The largest size at which every line of the code fits the box unwrapped."""
    width, height = box.pt()
    lines = code.text.split("\n")
    longest = max((len(line) for line in lines), default=1) or 1
    by_width = (width - 2 * CELL_INSET_PT) / (longest * MONO_EM)
    by_height = (height - 2 * CELL_INSET_PT) / (len(lines) * 1.2)
    return max(CODE_MIN_PT, min(CODE_MAX_PT, math.floor(min(by_width, by_height) * 2) / 2))


def code_height(code: Code, box: Box, size: float) -> int:
    """The code box's height in EMU: its lines at `size`, within `box`."""
    lines = code.text.count("\n") + 1
    return min(box.height, int((lines * 1.2 * size + 2 * CELL_INSET_PT + size * 0.3) * EMU_PER_PT))


def _code(slide: Any, code: Code, box: Box, style: Style) -> None:
    size = code_size(code, box)
    height = code_height(code, box, size)
    shape = slide.shapes.add_textbox(box.left, box.top, box.width, height)
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb("F6F8FA")
    frame = shape.text_frame
    frame.word_wrap = False
    tx_body = frame._txBody
    ooxml.frame_box(tx_body, (int(CELL_INSET_PT * EMU_PER_PT),) * 4, top_anchored=True)
    first = ooxml.start_text(tx_body)
    for i, line in enumerate(highlighted(code)):
        paragraph = first if i == 0 else ooxml.new_paragraph(tx_body)
        ooxml.exact_line_spacing(paragraph, size)
        for text, colour in line or [("", None)]:
            before = len(paragraph)
            ooxml.add_runs(
                paragraph,
                text,
                size_pt=size,
                latin=ooxml.MONOSPACE,
                east_asian=style.east_asian,
                language=style.language,
            )
            if colour:
                for run in list(paragraph)[before:]:
                    ooxml.set_run_colour(run, colour)


def highlighted(code: Code) -> list[list[tuple[str, str | None]]]:
    """The code's lines as (text, hex colour or None) pieces, coloured by Pygments'
    default style for the block's language (plain text when the language is unknown)."""
    from pygments import lex
    from pygments.lexers import get_lexer_by_name
    from pygments.lexers.special import TextLexer
    from pygments.styles import get_style_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(code.language) if code.language else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    style = get_style_by_name("default")
    lines: list[list[tuple[str, str | None]]] = [[]]
    for kind, value in lex(code.text, lexer):
        colour = style.style_for_token(kind).get("color") or None
        for n, piece in enumerate(value.split("\n")):
            if n:
                lines.append([])
            if piece:
                lines[-1].append((piece, colour))
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _rgb(hex_colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour)


# --------------------------------------------------------------------------- tables


def _table(slide: Any, table: Table, box: Box, style: Style, link: Any) -> None:
    width_pt, height_pt = box.pt()
    fitted = fit_table(table, width_pt, height_pt, style.face) or fit_table_min(table, width_pt, style.face)
    rows = [table.header, *table.rows]
    count = len(table.header)
    height = int(sum(fitted.heights) * EMU_PER_PT)
    frame = slide.shapes.add_table(len(rows), count, box.left, box.top, box.width, height)
    grid = frame.table
    for c, width in enumerate(fitted.widths):
        grid.columns[c].width = int(width * EMU_PER_PT)
    for r, row in enumerate(rows):
        grid.rows[r].height = int(fitted.heights[r] * EMU_PER_PT)
        for c in range(count):
            cell = grid.cell(r, c)
            content = row[c] if c < len(row) else None
            paragraph = cell.text_frame.paragraphs[0]._p
            align = table.align[c] if c < len(table.align) else ""
            if align in ("center", "right"):
                paragraph.get_or_add_pPr().set("algn", "ctr" if align == "center" else "r")
            if content is None or not content.text:
                continue
            ooxml.add_styled_runs(
                paragraph,
                content.runs or (Run(content.text),),
                size_pt=fitted.size_pt,
                latin=style.latin,
                east_asian=style.east_asian,
                language=style.language,
                bold=True if r == 0 else None,
                link=link,
            )
