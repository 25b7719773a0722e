"""Line breaking: a paragraph cut into tokens (spaces, Latin words, CJK characters), laid
out greedily into lines of a given width with kinsoku, and the line counts the frames add up.

The breaking model (keep the pptx writer in step with it):

* Lines break greedily: between any two CJK characters, between a CJK character
  and a Latin word, and at spaces; a Latin word breaks inside only when it is longer
  than a whole line.  Spaces at a line end take no room.  Kinsoku: a line never
  starts with closing punctuation (``，。、！？；：」』）》”’`` ...) nor ends with opening
  punctuation (``「『（《“‘`` ...); the break moves back instead.  Hanging punctuation
  is not assumed (so the estimate errs on the side of more lines).
* ``"\\n"`` (also ``\\r\\n``, ``\\v``, U+2028) inside a paragraph is a hard line break
  (the writer must emit ``<a:br/>``).
* Every width is measured in a Latin :class:`~.fonts.Face` passed down from the frame
  (tokens are memoised per face).
* A paragraph may hold stretches drawn in monospace (inline code, ``mono``: character spans
  of its text). Each stretch is tokenized in the ``"mono"`` face; where a stretch meets a
  Latin word without a space between them, the line may not break (it is one word drawn in
  two fonts). A paragraph without such stretches takes the plain path, token for token.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Final, NamedTuple

from .fonts import ARIAL, Face
from .metrics import Weight, char_em, has_cjk, is_cjk, run_em, weight_of

__all__ = [
    "CJK",
    "CLOSING",
    "OPENING",
    "SPACE",
    "WORD",
    "Spans",
    "Token",
    "hard_segments",
    "ink_em",
    "is_break_space",
    "layout_segment",
    "layout_tokens",
    "line_count",
    "tokenize",
    "wrap",
]

#: May not start a line (kinsoku shori, line-start prohibited).
CLOSING = frozenset(
    "，。、．！？；：」』）》〉】〕〗〙〛｝］＞｠〞〟”’›»…‥·・ー々〻ゝゞヽヾ"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    "％‰℃°′″"
    ",.!?;:)]}%"
)
#: May not end a line (line-end prohibited).
OPENING = frozenset("「『（《〈【〔〖〘〚｛［＜｟〝“‘‹«([{")

_HARD_BREAKS = ("\r\n", "\r", "\v", "\u2028", "\u2029")
_NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f\u2060\ufeff")

# token kinds
SPACE: Final = 0
WORD: Final = 1
CJK: Final = 2

_EPS = 1e-9

#: Character ranges ``(start, end)`` of a paragraph's text drawn in monospace, in order and
#: not overlapping (inline code).
Spans = tuple[tuple[int, int], ...]


class Token(NamedTuple):
    """A run line breaking never cuts (except a Latin word longer than a whole line)."""

    text: str
    width_em: float
    kind: int  # SPACE, WORD or CJK
    starts_closing: bool  # its first character may not start a line
    ends_opening: bool  # its last character may not end a line
    weight: Weight  # the weight it is measured in
    face: Face  # the Latin typeface it is measured in


def is_break_space(ch: str) -> bool:
    """True if ``ch`` is a space a line may break at (not a no-break or ideographic space)."""
    return (ch.isspace() and ch not in _NO_BREAK_SPACES and not is_cjk(ch)) or ch == "\t"


def hard_segments(text: str) -> list[str]:
    """``text`` cut at its hard line breaks (``\\n``, ``\\r\\n``, ``\\r``, ``\\v``, U+2028/9)."""
    for sep in _HARD_BREAKS:
        text = text.replace(sep, "\n")
    return text.split("\n")


# Tokens are memoised, not only for speed: a Token (a tuple subclass) stays tracked by the
# garbage collector where a plain tuple of str/float/bool is untracked, and splitting one long
# paragraph measures many prefixes of it, so fresh tokens for each would keep the collector
# busy.  Shared, they are made once per distinct word (bounded) and CJK character.
@lru_cache(maxsize=65536)
def _make_token(s: str, kind: int, weight: Weight, ctx: bool, face: Face) -> Token:
    return Token(s, run_em(s, weight, ctx, face), kind, s[0] in CLOSING, s[-1] in OPENING, weight, face)


# a CJK character's token per (face, weight, cjk_context): char -> token (cheaper than the memo above)
_CJK_TOKENS: dict[tuple[Face, Weight, bool], dict[str, Token]] = {}


_KIND: dict[str, int] = {}


def _kind(ch: str) -> int:
    k = _KIND.get(ch)
    if k is None:
        k = SPACE if is_break_space(ch) else CJK if is_cjk(ch) else WORD
        _KIND[ch] = k
    return k


@lru_cache(maxsize=8192)
def tokenize(segment: str, weight: Weight, ctx: bool, face: Face = ARIAL) -> tuple[Token, ...]:
    """Split one hard-break-free segment into spaces, Latin words and CJK chars, measured in
    ``face``."""
    out: list[Token] = []
    cjk_tokens = _CJK_TOKENS.setdefault((face, weight, ctx), {})
    kinds = _KIND
    start = 0  # start of the pending space/word run
    run_kind = -1
    for i, ch in enumerate(segment):
        kind = kinds.get(ch)
        if kind is None:
            kind = _kind(ch)
        if kind == run_kind and kind != CJK:
            continue
        if run_kind >= 0 and start < i:
            out.append(_make_token(segment[start:i], run_kind, weight, ctx, face))
        if kind == CJK:
            tok = cjk_tokens.get(ch)
            if tok is None:
                tok = cjk_tokens[ch] = _make_token(ch, CJK, weight, ctx, face)
            out.append(tok)
            start = i + 1
            run_kind = -1
        else:
            start = i
            run_kind = kind
    if run_kind >= 0 and start < len(segment):
        out.append(_make_token(segment[start:], run_kind, weight, ctx, face))
    return tuple(out)


def _break_word(tok: Token, avail_em: float, ctx: bool) -> tuple[Token, Token]:
    """Split an over-long Latin word: as many characters as fit (at least one)."""
    s, weight, face = tok.text, tok.weight, tok.face
    w = 0.0
    n = 0
    for ch in s:
        cw = char_em(ch, weight, ctx, face)
        if n and w + cw > avail_em + _EPS:
            break
        w += cw
        n += 1
    n = min(max(n, 1), len(s) - 1)
    return (
        _make_token(s[:n], WORD, weight, ctx, face),
        _make_token(s[n:], WORD, weight, ctx, face),
    )


def _fill(tokens: Sequence[Token], i: int, avail_em: float) -> tuple[int, float]:
    """From ``tokens[i]``, the first token that does not fit on the line and the width so
    far (``len(tokens)`` if all fit).  Spaces never end a line: they take room only once
    something follows them."""
    w = 0.0
    j = i
    n = len(tokens)
    while j < n:
        t = tokens[j]
        if t.kind == SPACE or w + t.width_em <= avail_em + _EPS:
            w += t.width_em
            j += 1
            continue
        break
    return j, w


def _overlong(
    tokens: Sequence[Token], j: int, room_em: float, ctx: bool
) -> tuple[Sequence[Token], int, bool]:
    """``tokens[j]``, after nothing but spaces, is wider than the line (``room_em`` left):
    a Latin word is cut to what fits (the rest starts the next line), a single glyph stays
    whole and overflows.  Returns the tokens (the word split in two), the line's end
    (spaces after it hang at the line end) and whether the line overflows."""
    t = tokens[j]
    if t.kind == WORD and len(t.text) > 1:
        head, tail = _break_word(t, room_em, ctx)
        overflow = head.width_em > room_em + _EPS
        tokens = [*tokens[:j], head, tail, *tokens[j + 1 :]]
    else:  # a single glyph wider than the line: alone, overflowing
        overflow = True
    end = j + 1
    while end < len(tokens) and tokens[end].kind == SPACE:
        end += 1
    return tokens, end, overflow


def _kinsoku_break(tokens: Sequence[Token], first: int, j: int) -> int:
    """The latest allowed break in ``(first, j]``, where ``tokens[j]`` does not fit and
    ``tokens[first]`` is the line's first non-space: not before a space or closing
    punctuation, not after opening punctuation.  With none, ``j`` (break where it overflows)."""
    for k in range(j, first, -1):
        t, before = tokens[k], tokens[k - 1]
        if t.kind != SPACE and not t.starts_closing and not (before.kind != SPACE and before.ends_opening):
            return k
    return j


def layout_segment(
    segment: str, weight: Weight, ctx: bool, avail_em: float, face: Face = ARIAL
) -> tuple[list[tuple[int, int]], Sequence[Token], bool]:
    """Greedy line breaking of one segment at ``avail_em`` (line width / size).

    Returns the lines as (start, end) token ranges, the token list (over-long words
    may have been split) and whether some line is wider than ``avail_em``."""
    return layout_tokens(tokenize(segment, weight, ctx, face), ctx, avail_em)


def layout_tokens(
    tokens: Sequence[Token], ctx: bool, avail_em: float
) -> tuple[list[tuple[int, int]], Sequence[Token], bool]:
    """:func:`layout_segment` of a segment already cut into tokens."""
    lines: list[tuple[int, int]] = []
    overflow = False
    i = 0
    while i < len(tokens):
        j, w = _fill(tokens, i, avail_em)
        if j >= len(tokens):
            lines.append((i, j))
            break
        # tokens[j] (not a space) does not fit on this line
        first = i
        while first < j and tokens[first].kind == SPACE:
            first += 1
        if first == j:  # nothing but (leading) spaces before it: it is wider than a line
            tokens, end, over = _overlong(tokens, j, avail_em - w, ctx)
            overflow = overflow or over
        else:
            end = _kinsoku_break(tokens, first, j)
        lines.append((i, end))
        i = end
    return lines, tokens, overflow


def _join(tokens: Sequence[Token], a: int, b: int) -> str:
    s = "".join(t.text for t in tokens[a:b])
    end = len(s)
    while end and is_break_space(s[end - 1]):
        end -= 1
    return s[:end]


def _styled_segments(text: str, mono: Spans) -> list[list[tuple[str, bool]]]:
    """The paragraph's hard-break-free segments, each as its pieces (text, in monospace)."""
    segments: list[list[tuple[str, bool]]] = [[]]
    pos = 0
    for start, end in (*mono, (len(text), len(text))):
        for piece, in_mono in ((text[pos:start], False), (text[start:end], True)):
            for k, part in enumerate(hard_segments(piece)):
                if k:
                    segments.append([])
                if part:
                    segments[-1].append((part, in_mono))
        pos = end
    return segments


def _styled_tokens(pieces: list[tuple[str, bool]], weight: Weight, ctx: bool, face: Face) -> list[Token]:
    """One segment's pieces tokenized each in its face (the memoised tokens, shared). A piece
    that starts a Latin word the piece before ended keeps the line from breaking there."""
    out: list[Token] = []
    for piece, in_mono in pieces:
        tokens = tokenize(piece, "mono" if in_mono else weight, ctx, face)
        if out and out[-1].kind == WORD and tokens[0].kind == WORD:
            out.append(tokens[0]._replace(starts_closing=True))
            out.extend(tokens[1:])
        else:
            out.extend(tokens)
    return out


def _segments(text: str, weight: Weight, ctx: bool, mono: Spans, face: Face) -> Iterator[Sequence[Token]]:
    """The tokens of each hard-break-free segment of a paragraph (none for an empty one)."""
    if not mono:
        for segment in hard_segments(text):
            yield tokenize(segment, weight, ctx, face) if segment else ()
        return
    for pieces in _styled_segments(text, mono):
        yield _styled_tokens(pieces, weight, ctx, face)


def wrap(
    text: str, size_pt: float, width_pt: float, bold: bool = False, mono: Spans = (), face: Face = ARIAL
) -> list[str]:
    """Break ``text`` into lines no wider than ``width_pt`` at ``size_pt``.

    Greedy: CJK text breaks between any two characters, Latin text only at spaces
    (a word longer than a whole line is broken between characters), a CJK/Latin
    boundary is a break opportunity.  Kinsoku: no line starts with closing
    punctuation (``，。、！？；：」）》”’`` ...) or ends with opening punctuation
    (``「（《“‘`` ...): the break moves back one character (or more, e.g. for
    ``。」``).  Spaces at a line end take no room and are removed from the returned
    line.  ``"\\n"`` is a hard break.  An empty text gives ``[""]`` (one empty line).
    A single character wider than ``width_pt`` gets a line of its own (and then
    :func:`fits` says False).  ``mono``: the spans of ``text`` drawn in monospace; ``face``:
    the Latin typeface the rest is measured in."""
    if size_pt <= 0 or width_pt <= 0:
        raise ValueError("size_pt and width_pt must be positive")
    weight, ctx = weight_of(bold), has_cjk(text)
    avail_em = width_pt / size_pt
    out: list[str] = []
    for tokens in _segments(text, weight, ctx, mono, face):
        if not tokens:
            out.append("")
            continue
        lines, laid, _ = layout_tokens(tokens, ctx, avail_em)
        out.extend(_join(laid, a, b) for a, b in lines)
    return out


@lru_cache(maxsize=65536)
def line_count(text: str, bold: bool, avail_em: float, mono: Spans, face: Face) -> tuple[int, bool]:
    """(number of lines, overflow) for one paragraph at ``avail_em`` in ``face``; ``mono``:
    the spans of ``text`` drawn in monospace."""
    weight, ctx = weight_of(bold), has_cjk(text)
    count = 0
    overflow = False
    for tokens in _segments(text, weight, ctx, mono, face):
        if not tokens:
            count += 1
            continue
        lines, _, ov = layout_tokens(tokens, ctx, avail_em)
        count += len(lines)
        overflow = overflow or ov
    return count, overflow


@lru_cache(maxsize=65536)
def ink_em(text: str, bold: bool, mono: Spans, face: Face) -> float:
    """Width of the non-space characters in em (in ``face``): a lower bound for lines * width."""
    weight, ctx = weight_of(bold), has_cjk(text)
    return sum(
        t.width_em for tokens in _segments(text, weight, ctx, mono, face) for t in tokens if t.kind != SPACE
    )
