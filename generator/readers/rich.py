"""The rich blocks of a hand-written talk (markdown.py's images, tables, code, quotes)
into model nodes, with the checks a file reference needs: an image is a file inside the
source's own folder, of a real picture type, within the size and pixel limits. Remote
images are never fetched."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import SourceError
from ..markup.inline import parse_inline
from ..model import Cell, Code, Image, Quote, Table
from .blocks import join_lines
from .markdown import CodeBlock, ImageBlock, QuoteBlock, TableBlock

MAX_IMAGE_BYTES = 25 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # 40 Mpx: a 20,000 x 20,000 "decompression bomb" is 400 Mpx
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpeg", "GIF": "gif"}
MAX_TABLE_CELLS = 5_000
MAX_CODE_CHARS = 200_000


def image(block: ImageBlock, source: str) -> Image:
    """The image a block names, checked; errors name the source file and line."""
    src = block.src.strip()
    where = (source, block.line)
    background = block.alt.split(" ")[0].lower() == "bg"
    if "://" in src or src.startswith("//"):
        raise SourceError(
            f"image {src!r} is remote: deckcast never fetches files; save it beside the source", *where
        )
    if not src:
        raise SourceError("an image without a file name", *where)
    if os.path.isabs(src) or src.startswith("~"):
        raise SourceError(f"image {src!r}: use a path relative to the source's folder", *where)
    folder = Path(source).resolve().parent
    path = (folder / src).resolve()
    if not path.is_relative_to(folder):
        raise SourceError(f"image {src!r} is outside the source's folder ({folder})", *where)
    _check_file(path, src, where)
    width = share(block.attrs.get("width"))
    alt = " ".join(block.alt.split(" ")[1:]) if background else block.alt
    return Image(src, alt.strip(), block.title, width, background, block.line)


def _check_file(path: Path, src: str, where: tuple[str, int]) -> None:
    if not path.is_file():
        raise SourceError(f"image {src!r} not found", *where)
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        raise SourceError(
            f"image {src!r} is {size / 1e6:.0f} MB, over the {MAX_IMAGE_BYTES / 1e6:.0f} MB limit", *where
        )
    if path.suffix.lower() == ".svg":
        raise SourceError(f"image {src!r} is SVG: export it as PNG (slides embed PNG, JPEG or GIF)", *where)
    kind, pixels = sniff(path)
    if kind is None:
        raise SourceError(f"image {src!r} is not a PNG, JPEG or GIF picture", *where)
    if pixels > MAX_IMAGE_PIXELS:
        raise SourceError(
            f"image {src!r} has {pixels / 1e6:.0f} million pixels, over the {MAX_IMAGE_PIXELS / 1e6:.0f} million limit",
            *where,
        )


def sniff(path: Path) -> tuple[str | None, int]:
    """The picture's real type (from its bytes, not its name) and its pixel count, from the
    header only (nothing is decoded)."""
    import warnings

    from PIL import Image as PILImage

    guard = PILImage.MAX_IMAGE_PIXELS
    try:
        # Opening reads the header only; the pixel limit is ours (Pillow's guard would
        # refuse a bomb before saying how big it is).
        PILImage.MAX_IMAGE_PIXELS = None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with PILImage.open(path) as picture:
                width, height = picture.size
                return IMAGE_FORMATS.get(picture.format or ""), width * height
    except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError):
        return None, 0
    finally:
        PILImage.MAX_IMAGE_PIXELS = guard


def share(value: str | None) -> float | None:
    """`40%` -> 0.4; other units are not a share of the slide and are ignored."""
    if not value or not value.endswith("%"):
        return None
    try:
        share = float(value[:-1]) / 100
    except ValueError:
        return None
    return min(1.0, share) if share > 0 else None


def cell(text: str) -> Cell:
    inline = parse_inline(text)
    return Cell(inline.text.strip(), inline.runs)


def table(block: TableBlock, source: str) -> Table:
    cells = len(block.header) * (1 + len(block.rows))
    if cells > MAX_TABLE_CELLS:
        raise SourceError(
            f"a table of {cells:,} cells, over the {MAX_TABLE_CELLS:,} limit", source, block.line
        )
    width = len(block.header)
    rows = tuple(tuple(cell(c) for c in (row + [""] * width)[:width]) for row in block.rows)
    return Table(tuple(cell(c) for c in block.header), rows, tuple(block.align), block.line)


def code(block: CodeBlock, source: str) -> Code:
    if len(block.text) > MAX_CODE_CHARS:
        raise SourceError(
            f"a code block of {len(block.text):,} characters is too long for slides", source, block.line
        )
    return Code(block.text.expandtabs(4), block.language, block.line)


_ATTRIBUTION = ("— ", "—", "-- ", "– ")


def quote(block: QuoteBlock) -> Quote:
    """A block quote; a last line `— Name` (or `-- Name`) is its attribution."""
    text, attribution = block.text, None
    for mark in _ATTRIBUTION:
        at = text.rfind(" " + mark)
        if at > 0:
            text, attribution = text[:at].strip(), text[at + 1 + len(mark) :].strip() or None
            break
    inline = parse_inline(text)
    return Quote(inline.text.strip(), inline.runs, attribution, block.line)


_LIST_ITEM = ("- ", "* ", "+ ")


def notes(text: str) -> str:
    """The author's notes (Markdown) as the plain paragraphs a presenter reads: one line per
    paragraph, a list item as `• item`, inline markup gone (the words stay)."""
    paragraphs: list[str] = []
    current: list[str] = []  # the lines of the paragraph being read
    for raw in text.split("\n"):
        line = raw.strip()
        item = line.startswith(_LIST_ITEM) or (line[:1].isdigit() and ". " in line[:5])
        if not line or item:
            paragraphs.append(join_lines(current))
            current = []
        if item:
            paragraphs.append("• " + parse_inline(line.split(" ", 1)[1].strip()).text.strip())
        elif line:
            current.append(parse_inline(line).text.strip())
    paragraphs.append(join_lines(current))
    return "\n".join(p for p in paragraphs if p)
