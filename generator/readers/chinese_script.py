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

from collections.abc import Sequence

from ..markup.inline import verbatim_spans
from ..text.chinese import to_script
from .markdown import AnyBlock
from .texts import block_texts


def convert_blocks(blocks: Sequence[AnyBlock], target: str) -> None:
    """Convert the blocks' texts to `target` in place (blocks are the reader's own scratch)."""
    found = list(block_texts(blocks))
    texts = [f.get() for f in found]
    pieces = [_pieces(text) for text in texts]
    prose = [text[a:b] for text, cut in zip(texts, pieces, strict=True) for a, b in cut[0]]
    converted = to_script("\n".join(prose), target).split("\n")
    if len(converted) != len(prose):  # a text held a newline after all: one by one
        converted = [to_script(text, target) for text in prose]
    at = 0
    for where, text, (words, verbatim) in zip(found, texts, pieces, strict=True):
        new = converted[at : at + len(words)]
        at += len(words)
        where.set(_joined(text, new, verbatim))


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
