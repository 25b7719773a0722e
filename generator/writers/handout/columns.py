"""The handout's two columns: the content's blocks in reading order (a part's points, the
Q&A digest's questions, the summary), cut into two columns of about equal length.

They are laid out as two boxes rather than CSS columns: WeasyPrint balances CSS columns by
laying them out again and again, which made every fitting pass three times slower. Parts and
the Q&A digest are cut between points and questions, so they can run on from one column
into the other: as whole blocks, a long part or Q&A left one column half empty while points
were cut to fit the other (with 15 questions the build failed)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar, Literal

from .blocks import BODY_LINE, height_pt
from .fit import Fit
from .selection import DigestQuestion, HandoutContent, Item, Part

LINE_SIZE = 40  # a rich block's size per line of body type it is as tall as (about a line's characters)


@dataclass(frozen=True)
class PartBlock:
    """Points of one part that fall in one column; `first` shows the part's title, `last`
    its "…" when points were cut."""

    kind: ClassVar[Literal["part"]] = "part"
    part: Part
    points: tuple[Item, ...]
    first: bool
    last: bool


@dataclass(frozen=True)
class QaBlock:
    """Questions of the digest that fall in one column; `first` shows its heading."""

    kind: ClassVar[Literal["qa"]] = "qa"
    questions: tuple[DigestQuestion, ...]
    first: bool


@dataclass(frozen=True)
class SummaryBlock:
    """The summary box (the template reads its points from `summary`)."""

    kind: ClassVar[Literal["summary"]] = "summary"


Block = PartBlock | QaBlock | SummaryBlock


def columns(content: HandoutContent, fit: Fit) -> list[list[Block]]:
    """The blocks in reading order, cut into two columns of about equal length."""
    pieces = _pieces(content, fit)
    total = sum(size for _, size in pieces)
    left, used = 0, 0
    for _, size in pieces:
        if used + size / 2 > total / 2 and left:
            break
        left += 1
        used += size
    blocks = [block for block, _ in pieces]
    return [_merge(blocks[:left]), _merge(blocks[left:])]


def _pieces(content: HandoutContent, fit: Fit) -> list[tuple[Block, int]]:
    """Every point of every part, every question and the summary as a block of its own, with
    about how much room it takes."""
    pieces: list[tuple[Block, int]] = []
    for p in content.parts:
        items: tuple[Item | None, ...] = p.points or (None,)
        for n, item in enumerate(items):
            last = n == len(items) - 1
            size = (
                (40 if n == 0 else 0) + (18 if last and p.cut else 0) + (_item_size(item, fit) if item else 0)
            )
            pieces.append((PartBlock(p, (item,) if item else (), n == 0, last), size))
    for n, q in enumerate(content.questions):
        size = (30 if n == 0 else 0) + 40 + len(q.text) + sum(20 + len(a.text) for a in q.answers)
        pieces.append((QaBlock((q,), n == 0), size))
    if content.summary:
        pieces.append((SummaryBlock(), 60 + sum(20 + len(s) for s in content.summary)))
    return pieces


def _merge(column: list[Block]) -> list[Block]:
    """The pieces of one part (or of the Q&A) that fell in one column, as one block."""
    merged: list[Block] = []
    for block in column:
        before = merged[-1] if merged else None
        if isinstance(block, PartBlock) and isinstance(before, PartBlock) and block.part is before.part:
            merged[-1] = replace(before, points=before.points + block.points, last=block.last)
        elif isinstance(block, QaBlock) and isinstance(before, QaBlock):
            merged[-1] = replace(before, questions=before.questions + block.questions)
        else:
            merged.append(block)
    return merged


def _item_size(item: Item, fit: Fit) -> int:
    if item.block:
        return round(LINE_SIZE * height_pt(item.block, fit.base_pt) / (BODY_LINE * fit.base_pt))
    size = 18 + len(item.label) + len(item.text)
    if fit.details:
        size += sum(18 + len(d) for d in item.details)
    return size
