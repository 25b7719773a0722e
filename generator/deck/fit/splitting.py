"""Splitting what never fits one frame: paragraphs packed into consecutive chunks (slides),
keeping a bullet with its nested ones where it can, and a paragraph too tall even alone cut
at sentence ends, then clause ends, then spaces, then between characters."""

from __future__ import annotations

from collections.abc import Callable

from .breaking import CLOSING, is_break_space, line_count
from .frames import Frame, Para, candidate_sizes, fits_at

__all__ = ["split_to_fit"]

_SENTENCE_END = frozenset("。！？；!?;")
_CLAUSE_END = frozenset("，,、：:")
_TRAILERS = CLOSING | frozenset("\"'")

#: Where a piece cut at position ``i`` of a text ends (an index past ``i``), or None.
_PieceEnd = Callable[[str, int], int | None]


def _cut(text: str, piece_end: _PieceEnd) -> list[str]:
    """Split ``text`` into consecutive pieces: ``piece_end(text, i)`` says where a piece
    cut at position ``i`` ends (an index past ``i``), or None where no cut is made."""
    pieces: list[str] = []
    start = i = 0
    while i < len(text):
        j = piece_end(text, i)
        if j is None:
            i += 1
            continue
        pieces.append(text[start:j])
        start = i = j
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def _cut_after(text: str, enders: frozenset[str], ascii_dot: bool) -> list[str]:
    """Split ``text`` after each ender (plus trailing closing marks and spaces).
    ASCII enders (and ``.`` if ``ascii_dot``) only count when followed by a space
    or the end, so ``3.14`` and ``a,b`` stay whole."""

    def piece_end(text: str, i: int) -> int | None:
        n = len(text)
        ch = text[i]
        hit = ch in enders or (ascii_dot and ch == ".")
        if hit and ord(ch) < 0x80:
            nxt = text[i + 1] if i + 1 < n else " "
            hit = nxt.isspace() or nxt in _TRAILERS
        if not hit:
            return None
        j = i + 1
        while j < n and (text[j] in _TRAILERS or text[j] in enders):
            j += 1
        while j < n and is_break_space(text[j]):
            j += 1
        return j

    return _cut(text, piece_end)


def _cut_sentences(text: str) -> list[str]:
    return _cut_after(text, _SENTENCE_END, True)


def _cut_clauses(text: str) -> list[str]:
    return _cut_after(text, _CLAUSE_END, False)


def _cut_words(text: str) -> list[str]:
    """Split after each run of spaces (words keep their trailing spaces)."""

    def piece_end(text: str, i: int) -> int | None:
        if not is_break_space(text[i]):
            return None
        j = i
        while j < len(text) and is_break_space(text[j]):
            j += 1
        return j

    return _cut(text, piece_end)


# The cutting levels, coarsest first; past the last, a text is cut between characters.
_LEVELS: tuple[Callable[[str], list[str]], ...] = (_cut_sentences, _cut_clauses, _cut_words)


#: Whether the piece ``text[start:end]`` of the paragraph being split fits.
_Fits = Callable[[int, int], bool]


def _longest_fitting_prefix(start: int, stop: int, fits: _Fits) -> int:
    """The largest ``n <= stop - start`` with ``fits(start, start + n)`` (0 if not even one
    character fits)."""
    # The bracket is found by doubling from a small prefix, so each probe measures at most
    # twice a slide's worth of text (probing halves of a 500 KB paragraph measured all of
    # it, again and again).
    length = stop - start
    lo, hi = 0, min(length, 64)
    while hi < length and fits(start, start + hi):
        lo, hi = hi, min(length, hi * 2)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(start, start + mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _cut_chars(text: str, at: int, fits: _Fits) -> list[tuple[int, int]]:
    """Cut ``text`` (found at ``at`` in the paragraph) between characters into the longest
    pieces that fit, as (start, end) in the paragraph."""
    out = []
    start, stop = at, at + len(text)
    while start < stop:
        n = _longest_fitting_prefix(start, stop, fits)
        if n == 0:
            first = text[start - at : start - at + 1]
            raise ValueError(f"frame too small: {first!r} does not fit even alone at the minimum size")
        out.append((start, start + n))
        start += n
    return out


def _pieces(text: str, at: int, level: int, fits: _Fits) -> list[tuple[int, int]]:
    """Cut ``text`` (found at ``at`` in the paragraph) at ``_LEVELS[level]``, joining
    neighbours while they fit; a piece that does not fit alone is cut at the next level.
    The pieces are (start, end) in the paragraph."""
    if level >= len(_LEVELS):
        return _cut_chars(text, at, fits)
    out: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    end = at
    for seg in _LEVELS[level](text):
        start, end = end, end + len(seg)
        if cur is not None and fits(cur[0], end):
            cur = (cur[0], end)
            continue
        if fits(start, end):
            if cur is not None:
                out.append(cur)
            cur = (start, end)
            continue
        if cur is not None:
            out.append(cur)
        sub = _pieces(seg, start, level + 1, fits)
        out.extend(sub[:-1])
        cur = sub[-1]
    if cur is not None:
        out.append(cur)
    return out


def _piece(p: Para, start: int, end: int) -> Para:
    """``p.text[start:end]`` as a paragraph of its own, with its part of the monospace spans."""
    mono = tuple((max(a, start) - start, min(b, end) - start) for a, b in p.mono if a < end and b > start)
    return Para(p.text[start:end], p.level, p.bold, mono)


def _split_para(p: Para, ok: Callable[[Para], bool]) -> list[Para]:
    """Cut ``p`` into consecutive pieces each satisfying ``ok(Para)``: at sentence
    ends, then clause ends, then spaces, then between characters."""

    def fits(start: int, end: int) -> bool:
        return ok(_piece(p, start, end))

    return [_piece(p, a, b) for a, b in _pieces(p.text, 0, 0, fits)]


def _group_ends(items: list[Para]) -> list[int]:
    """For each paragraph, the index of the next level-0 paragraph after it (or the end)."""
    n = len(items)
    group_end = [n] * n
    nxt = n
    for i in range(n - 1, -1, -1):
        group_end[i] = nxt
        if items[i].level <= 0:
            nxt = i
    return group_end


def _pack(items: list[Para], frame: Frame, size_pt: float) -> list[list[Para]]:
    """Greedy packing at ``size_pt`` into as few chunks as fit ``frame``, breaking before
    a level-0 paragraph rather than inside its group when the group fits a chunk alone."""
    # heights are additive, so do it by sums
    pitch = frame.line_spacing * size_pt
    gap = frame.space_before * size_pt
    heights = [
        line_count(p.text, p.bold, frame.line_width(p.level) / size_pt, p.mono, frame.face)[0] * pitch
        for p in items
    ]
    limit = frame.height_pt - 2 * frame.inset_v_pt + 1e-6
    group_end = _group_ends(items)

    def span_fits(a: int, b: int) -> bool:  # items[a:b]
        return sum(heights[a:b]) + (b - a - 1) * gap <= limit

    chunks: list[list[Para]] = []
    n = len(items)
    s = 0
    while s < n:
        e = s + 1
        total = heights[s]
        while e < n and total + gap + heights[e] <= limit:
            total += gap + heights[e]
            e += 1
        if e < n and items[e].level > 0:
            # would cut a group: break before its level-0 head if that helps
            g = e - 1
            while g > s and items[g].level > 0:
                g -= 1
            if g > s and items[g].level <= 0 and span_fits(g, group_end[g]):
                e = g
        chunks.append(items[s:e])
        s = e
    return chunks


def split_to_fit(
    paras: list[Para], frame: Frame, max_pt: float, min_pt: float, step: float = 1.0
) -> list[tuple[list[Para], float]]:
    """Split ``paras`` into consecutive chunks (slides) that each fit ``frame`` at
    some size ``>= min_pt``; return each chunk with the largest size
    (``max_pt``, ``max_pt - step``, ..., ``min_pt``) at which it fits.

    Greedy, so as few chunks as possible, with one preference: a break falls before
    a level-0 paragraph rather than between a level-0 paragraph and its nested
    (level >= 1) ones, whenever that group fits on one slide by itself.  A chunk may
    start with nested paragraphs (nothing is repeated).  A paragraph too tall even
    alone at ``min_pt`` is cut into pieces (same level and bold) at sentence ends
    (``。！？；.!?;``), else clause ends (``，,、：:``), else spaces, else between
    characters; the pieces' texts concatenate to the original exactly.  Raises
    ValueError if even one character cannot fit at ``min_pt``."""
    sizes = candidate_sizes(max_pt, min_pt, step)
    low = sizes[-1]

    def ok(p: Para) -> bool:
        return fits_at((p,), low, frame)

    items: list[Para] = []
    for p in paras:
        items.extend([p] if ok(p) else _split_para(p, ok))
    return [
        (chunk, next((sz for sz in sizes if fits_at(chunk, sz, frame)), low))
        for chunk in _pack(items, frame, low)
    ]
