"""Every text of a reader's blocks that an output shows, for the steps that go over all of
them (the Chinese conversion, the inline markup limit): where each is held and its line."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .blocks import Bullet, Heading, Paragraph
from .markdown import ColumnsBlock, ImageBlock, NotesBlock, QuoteBlock, TableBlock


@dataclass(frozen=True)
class BlockText:
    """One text: an attribute of a block, or a cell of a table's row (a list and an index)."""

    holder: Any
    key: str | int
    line: int

    def get(self) -> str:
        return str(self.holder[self.key] if isinstance(self.key, int) else getattr(self.holder, self.key))

    def set(self, text: str) -> None:
        if isinstance(self.key, int):
            self.holder[self.key] = text
        else:
            setattr(self.holder, self.key, text)


def block_texts(blocks: Sequence[Any]) -> Iterator[BlockText]:
    """Headings, bullets (and their nested bullets), paragraphs, notes, quotes, table cells,
    an image's alt text and caption, and all of these inside columns, in document order.
    Code blocks and directives are not text an output shows as words."""
    for block in blocks:
        if isinstance(block, (Heading, Paragraph, NotesBlock, QuoteBlock)):
            yield BlockText(block, "text", block.line)
        elif isinstance(block, Bullet):
            yield BlockText(block, "text", block.line)
            yield from block_texts(block.children)
        elif isinstance(block, TableBlock):
            for row in (block.header, *block.rows):
                yield from (BlockText(row, i, block.line) for i in range(len(row)))
        elif isinstance(block, ImageBlock):
            yield BlockText(block, "alt", block.line)
            if block.title:
                yield BlockText(block, "title", block.line)
        elif isinstance(block, ColumnsBlock):
            for column in block.columns:
                yield from block_texts(column.blocks)
