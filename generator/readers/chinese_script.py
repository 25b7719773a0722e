"""`--chinese hant|hans` over the blocks a reader made: every text the outputs show or say is
converted (headings, bullets, paragraphs, notes, quotes, table cells, an image's alt text and
caption, and all of these inside columns), and what is not prose stays as written: code
blocks, and inside a line of Markdown its code spans, link and image targets and autolinks
(`inline.verbatim_spans`), so `[文档](https://例子.com/文档)` keeps its address and an
image its file name. The words between them are converted in place, so the markup around
them reads as before.

All the texts go through OpenCC in one pass (joined by newlines), as they always did; a text
holding a newline itself falls back to one conversion per piece."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..markup.inline import verbatim_spans
from ..text.chinese import to_script
from .blocks import Bullet, Heading, Paragraph
from .markdown import AnyBlock, ColumnsBlock, ImageBlock, NotesBlock, QuoteBlock, TableBlock

# A text to convert: where it is held (an object and its attribute, or a list and its index).
_Slot = tuple[Any, str | int]


def convert_blocks(blocks: Sequence[AnyBlock], target: str) -> None:
    """Convert the blocks' texts to `target` in place (blocks are the reader's own scratch)."""
    slots = list(_slots(blocks))
    texts = [_get(slot) for slot in slots]
    pieces = [_pieces(text) for text in texts]
    prose = [text[a:b] for text, cut in zip(texts, pieces, strict=True) for a, b in cut[0]]
    converted = to_script("\n".join(prose), target).split("\n")
    if len(converted) != len(prose):  # a text held a newline after all: one by one
        converted = [to_script(text, target) for text in prose]
    at = 0
    for slot, text, (words, verbatim) in zip(slots, texts, pieces, strict=True):
        new = converted[at : at + len(words)]
        at += len(words)
        _set(slot, _joined(text, new, verbatim))


def _slots(blocks: Sequence[Any]) -> Iterator[_Slot]:
    for block in blocks:
        if isinstance(block, (Heading, Paragraph, NotesBlock, QuoteBlock)):
            yield block, "text"
        elif isinstance(block, Bullet):
            yield block, "text"
            yield from _slots(block.children)
        elif isinstance(block, TableBlock):
            for row in (block.header, *block.rows):
                yield from ((row, i) for i in range(len(row)))
        elif isinstance(block, ImageBlock):
            yield block, "alt"
            if block.title:
                yield block, "title"
        elif isinstance(block, ColumnsBlock):
            for column in block.columns:
                yield from _slots(column.blocks)


def _get(slot: _Slot) -> str:
    holder, key = slot
    return str(holder[key] if isinstance(key, int) else getattr(holder, key))


def _set(slot: _Slot, text: str) -> None:
    holder, key = slot
    if isinstance(key, int):
        holder[key] = text
    else:
        setattr(holder, key, text)


def _pieces(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The text's prose (to convert) and its verbatim spans (kept), as (start, end) each; the
    prose is the gaps around the verbatim spans, so there is one more of it."""
    verbatim = verbatim_spans(text) if "`" in text or "](" in text or "<" in text else []
    words, at = [], 0
    for start, end in verbatim:
        words.append((at, start))
        at = end
    words.append((at, len(text)))
    return words, verbatim


def _joined(text: str, words: list[str], verbatim: list[tuple[int, int]]) -> str:
    out = [words[0]]
    for (start, end), after in zip(verbatim, words[1:], strict=True):
        out += [text[start:end], after]
    return "".join(out)
