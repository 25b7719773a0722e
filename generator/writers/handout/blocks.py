"""The talk's rich blocks as the handout shows them, and how tall each is: a picture as a
thumbnail (at most THUMB_HEIGHT_MM tall and a column wide, its aspect kept, the caption or
alt text under it), a table as a compact grid of its first TABLE_ROWS rows, a code block as
its first CODE_LINES lines in monospace, a quote as one short line. Longer content is cut
with "…" (a table's and a code block's count of what is left out), so no block is ever more
than a part of a column.

The heights mirror the bundled stylesheet (the sizes, line heights and margins of its
figure, table, pre and blockquote rules): `height_pt` is what the estimates predict a block
takes at a body size, `least_pt` what it takes at least at any size (lines that never wrap,
at the floor size), which the bounds of what surely cannot fit rely on."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Literal

from ...model import Cell, Code, Image, Quote, Run, Table, spelled
from .fit import SIZES
from .roster import width
from .wording import one_space, shorten

MM = 72 / 25.4  # points per millimetre
THUMB_HEIGHT_MM = 28.0  # a thumbnail's height at most
THUMB_WIDTH_MM = 80.0  # and its width: inside the narrower column (the right one, 84 mm on A4)
NATURAL_MM_PER_PX = 25.4 / 96  # a small picture is not enlarged past its size at 96 dpi
COLUMN_PT = 84 * MM  # a column's width, for how text wraps
TABLE_ROWS = 12  # rows of a table shown (besides its header), then "…"
CELL_CHARS = 80  # a cell's text at most
LONG_WORD = 24  # a word in a cell longer than this may break anywhere
CODE_LINES = 12  # lines of a code block shown, then "…"
CODE_LINE_CHARS = 160  # a code line at most
QUOTE_CHARS = 200  # a quote at most

# The stylesheet's sizes, in ems of the body size, and line heights.
CAPTION_EM, TABLE_EM, CODE_EM, QUOTE_EM = 0.78, 0.86, 0.8, 0.92
TIGHT_LINE = 1.3  # captions, tables and code
BODY_LINE = 1.38
BLOCK_MARGIN_PT = 2.2 * MM  # above and below a block
CELL_PADDING_PT = 2 * 0.35 * MM + 0.6  # a cell's padding, top and bottom, and its border
CODE_PADDING_PT = 2 * 1.0 * MM
LATIN_MONO_EM = 0.5  # a Latin letter of the monospace face; CJK is one em


@dataclass(frozen=True)
class Picture:
    """A picture file of the talk: `key` names it on the page (a digest of `src`, the name
    the source gives it), its type, and its size in pixels as drawn (EXIF orientation
    applied)."""

    key: str
    src: str
    mime: str
    pixels: tuple[int, int]


@dataclass(frozen=True)
class Thumbnail:
    kind: ClassVar[Literal["image"]] = "image"
    picture: str  # the Picture's key
    alt: str
    caption: str  # the caption, else the alt text ("" when neither)
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class CompactTable:
    kind: ClassVar[Literal["table"]] = "table"
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    align: tuple[str, ...]  # per column: "left", "center", "right" or ""
    more: int = 0  # rows left out

    def classes(self, column: int, cell: Cell) -> str:
        """The cell's classes: its column's alignment, and "long" for a word longer than
        LONG_WORD, which alone may break anywhere (any cell that may narrows its column to a
        character: "1/20")."""
        long = any(len(word) > LONG_WORD for word in cell.text.split())
        return " ".join(filter(None, (self.align[column], "long" if long else "")))


@dataclass(frozen=True)
class CodeExcerpt:
    kind: ClassVar[Literal["code"]] = "code"
    lines: tuple[str, ...]
    language: str | None = None
    more: int = 0  # lines left out

    @property
    def rows(self) -> tuple[tuple[int, str], ...]:
        """The lines as the page shows them, each with its indent (leading spaces): a line
        too long for the column wraps with its continuation indented past it. A last line
        "…" when some are left out."""
        return tuple((len(line) - len(line.lstrip(" ")), line) for line in _code_rows(self))


@dataclass(frozen=True)
class QuoteLine:
    kind: ClassVar[Literal["quote"]] = "quote"
    text: str
    runs: tuple[Run, ...] = ()
    attribution: str = ""


ShownBlock = Thumbnail | CompactTable | CodeExcerpt | QuoteLine
Pictures = Callable[[Image], Picture]  # the picture an Image names, read from its file


def shown(block: Image | Table | Code | Quote, picture: Pictures | None) -> ShownBlock | None:
    """`block` as the handout shows it; None for what it leaves out (a slide's background
    picture, and every picture when there is no way to read them)."""
    if isinstance(block, Image):
        return None if block.background or picture is None else _thumbnail(block, picture(block))
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Code):
        return _code(block)
    text = shorten(one_space(block.text), QUOTE_CHARS)
    return QuoteLine(
        text, block.runs if spelled(text, block.runs) else (), one_space(block.attribution or "")
    )


def _thumbnail(image: Image, picture: Picture) -> Thumbnail:
    px_w, px_h = (max(1, n) for n in picture.pixels)
    scale = min(THUMB_HEIGHT_MM / px_h, THUMB_WIDTH_MM / px_w, NATURAL_MM_PER_PX)
    caption = one_space(image.caption or image.alt or "")
    return Thumbnail(
        picture.key,
        one_space(image.alt),
        shorten(caption, 160),
        round(px_w * scale, 2),
        round(px_h * scale, 2),
    )


def _cell(cell: Cell) -> Cell:
    text = shorten(one_space(cell.text), CELL_CHARS)
    return Cell(text, cell.runs if spelled(text, cell.runs) else ())


def _table(table: Table) -> CompactTable:
    rows = tuple(tuple(map(_cell, row)) for row in table.rows[:TABLE_ROWS])
    align = (table.align + ("",) * len(table.header))[: len(table.header)]
    return CompactTable(tuple(map(_cell, table.header)), rows, align, max(0, len(table.rows) - TABLE_ROWS))


def _code(code: Code) -> CodeExcerpt:
    lines = code.text.rstrip("\n").split("\n")
    shown_lines = tuple(_code_line(line.rstrip()) for line in lines[:CODE_LINES])
    return CodeExcerpt(shown_lines, code.language, max(0, len(lines) - CODE_LINES))


def _code_line(line: str) -> str:
    """A code line cut at a character, not between words (`x = '…` keeps its start)."""
    return line if len(line) <= CODE_LINE_CHARS else line[: CODE_LINE_CHARS - 1] + "…"


# --------------------------------------------------------------------------- what a block shows


def cells(block: CompactTable) -> tuple[Cell, ...]:
    """Every cell, the header first, in reading order."""
    return block.header + tuple(c for row in block.rows for c in row)


def text_of(block: ShownBlock) -> str:
    """Every character the block shows in the body font (its code in the monospace one)."""
    if isinstance(block, Thumbnail):
        return block.caption
    if isinstance(block, CompactTable):
        return "".join(c.text for c in cells(block))
    if isinstance(block, QuoteLine):
        return block.text + block.attribution
    return ""


def mono_text(block: ShownBlock) -> str:
    """The characters the block shows in the monospace font."""
    return "".join(block.lines) if isinstance(block, CodeExcerpt) else ""


def chars(block: ShownBlock) -> int:
    return len(text_of(block)) + len(mono_text(block))


# --------------------------------------------------------------------------- how tall a block is


def height_pt(block: ShownBlock, base_pt: float) -> float:
    """About how tall the block is at body size `base_pt`, its margins included."""
    if isinstance(block, Thumbnail):
        caption = _lines(width(block.caption) * CAPTION_EM * base_pt, COLUMN_PT) if block.caption else 0
        return block.height_mm * MM + caption * CAPTION_EM * base_pt * TIGHT_LINE + BLOCK_MARGIN_PT
    if isinstance(block, CompactTable):
        return sum(_row_pt(row, base_pt) for row in _rows(block)) + BLOCK_MARGIN_PT
    if isinstance(block, CodeExcerpt):
        line_pt = CODE_EM * base_pt
        wrapped = sum(
            _lines(_mono_width(line) * line_pt, COLUMN_PT - CODE_PADDING_PT) for line in _code_rows(block)
        )
        return wrapped * line_pt * TIGHT_LINE + CODE_PADDING_PT + BLOCK_MARGIN_PT
    text = width(block.text + block.attribution) + 2
    return _lines(text * QUOTE_EM * base_pt, COLUMN_PT) * QUOTE_EM * base_pt * BODY_LINE + BLOCK_MARGIN_PT


def least_pt(block: ShownBlock) -> float:
    """How tall the block is at least, at any body size: the picture itself, or one line of
    the floor size's type per row, code line or quote."""
    floor = SIZES[-1]
    if isinstance(block, Thumbnail):
        return block.height_mm * MM
    if isinstance(block, CompactTable):
        return len(_rows(block)) * TABLE_EM * floor * TIGHT_LINE
    if isinstance(block, CodeExcerpt):
        return len(_code_rows(block)) * CODE_EM * floor * TIGHT_LINE
    return QUOTE_EM * floor * BODY_LINE


def _rows(block: CompactTable) -> list[tuple[Cell, ...]]:
    return [block.header, *block.rows] + ([(Cell("…"),)] if block.more else [])


def _code_rows(block: CodeExcerpt) -> tuple[str, ...]:
    return block.lines + (("…",) if block.more else ())


def _row_pt(row: tuple[Cell, ...], base_pt: float) -> float:
    """A row is as tall as its most wrapped cell; the columns share the width evenly."""
    type_pt = TABLE_EM * base_pt
    cell_pt = COLUMN_PT / max(1, len(row)) - 2 * 1.2 * MM
    lines = max((_lines(width(c.text) * type_pt, cell_pt) for c in row), default=1)
    return lines * type_pt * TIGHT_LINE + CELL_PADDING_PT


def _mono_width(text: str) -> float:
    return sum(1 if ord(c) >= 0x2E80 else LATIN_MONO_EM for c in text)


def _lines(text_pt: float, line_pt: float) -> int:
    """How many lines text `text_pt` wide wraps into on lines `line_pt` wide (one at least)."""
    return max(1, math.ceil(text_pt / max(line_pt, 1.0)))
