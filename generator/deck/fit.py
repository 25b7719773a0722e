"""Deterministic, font-file-free text fitting for slide text frames (CJK aware).

python-pptx's ``fit_text`` needs a font file and breaks lines only at spaces, so it
badly misjudges Chinese.  This module estimates how PowerPoint lays out text from a
compact advance-width table (``font_metrics.json``, made offline by
``tools/make_font_metrics.py`` from Liberation Sans = Arial metrics and Noto Sans CJK
TC) and answers: how wide is this text, where do the lines break, how tall is this
list of paragraphs, which font size fits, and how to split what never fits.

Everything here is a pure function of its arguments (plus the shipped table): no
python-pptx, no font files, no randomness.

The layout model (keep the pptx writer in step with it, see :class:`Frame`):

* A character in a CJK range (:func:`is_cjk`) is drawn with the East Asian font
  (full width, 1 em, unless the table lists an exception); anything else with the
  Latin font (Arial).  Unknown characters: 0.55 em Latin, 1 em CJK.  Control and
  format characters (ZWSP, soft hyphen, ...) are 0.
* East-Asian "ambiguous" punctuation (“ ” ‘ ’ · • § × ...) is counted at the CJK
  font's (wider) advance when the paragraph contains any CJK character, because
  PowerPoint then draws it with the East Asian font; otherwise at Arial's.
* No kerning, no letter spacing (kerning only ever makes text narrower).
* Lines break greedily: between any two CJK characters, between a CJK character
  and a Latin word, and at spaces; a Latin word breaks inside only when it is longer
  than a whole line.  Spaces at a line end take no room.  Kinsoku: a line never
  starts with closing punctuation (``，。、！？；：」』）》”’`` ...) nor ends with opening
  punctuation (``「『（《“‘`` ...); the break moves back instead.  Hanging punctuation
  is not assumed (so the estimate errs on the side of more lines).
* ``"\\n"`` (also ``\\r\\n``, ``\\v``, U+2028) inside a paragraph is a hard line break
  (the writer must emit ``<a:br/>``).  A tab counts as a 1 em space.
* Each line is ``frame.line_spacing * size`` points tall (exact spacing, see
  :class:`Frame`); every paragraph but the first gets ``frame.space_before * size``
  points above it; the frame adds ``inset_v_pt`` at the top and at the bottom.
"""

from __future__ import annotations

import bisect
import json
import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = [
    "Frame",
    "Para",
    "fit_size",
    "fit_title",
    "fits",
    "is_cjk",
    "paragraphs_height",
    "split_to_fit",
    "text_width",
    "wrap",
]

# --------------------------------------------------------------------------- table

_DATA = json.loads(resources.files(__package__).joinpath("font_metrics.json").read_text("utf-8"))

_CJK_STARTS = [a for a, _ in _DATA["cjk_ranges"]]
_CJK_ENDS = [b for _, b in _DATA["cjk_ranges"]]


def _expand_runs(runs: list) -> dict[int, float]:
    out: dict[int, float] = {}
    for first, widths in runs:
        for i, w in enumerate(widths):
            out[first + i] = w / 1000.0
    return out


_LATIN = {w: _expand_runs(_DATA["latin"][w]["runs"]) for w in ("regular", "bold")}
_LATIN_DEFAULT = {w: _DATA["latin"][w]["default"] / 1000.0 for w in ("regular", "bold")}
_AMBIG = {w: _expand_runs(_DATA["ea_ambiguous"][w]["runs"]) for w in ("regular", "bold")}
_CJK_DEFAULT = {w: _DATA["cjk"][w]["default"] / 1000.0 for w in ("regular", "bold")}
_CJK_EXC = {
    w: (
        [a for a, _, _ in _DATA["cjk"][w]["exceptions"]],
        [(b, v / 1000.0) for _, b, v in _DATA["cjk"][w]["exceptions"]],
    )
    for w in ("regular", "bold")
}


def is_cjk(ch: str) -> bool:
    """True if ``ch`` (one character) is in a CJK range: CJK unified ideographs and
    extensions, compatibility ideographs, CJK symbols & punctuation, Hiragana,
    Katakana, Bopomofo, Hangul, full-/half-width forms, vertical/small forms."""
    cp = ord(ch)
    i = bisect.bisect_right(_CJK_STARTS, cp) - 1
    return i >= 0 and cp <= _CJK_ENDS[i]


# width cache per (weight, cjk_context): char -> em
_WCACHE: dict[tuple[str, bool], dict[str, float]] = {
    (w, c): {} for w in ("regular", "bold") for c in (False, True)
}


def _char_em(ch: str, weight: str, ctx: bool) -> float:
    cache = _WCACHE[(weight, ctx)]
    w = cache.get(ch)
    if w is not None:
        return w
    cp = ord(ch)
    if ch == "\t":
        w = 1.0
    elif unicodedata.category(ch) in ("Cc", "Cf"):
        w = 0.0
    elif is_cjk(ch):
        starts, ends = _CJK_EXC[weight]
        i = bisect.bisect_right(starts, cp) - 1
        if i >= 0 and cp <= ends[i][0]:
            w = ends[i][1]
        else:
            w = _CJK_DEFAULT[weight]  # missing glyphs fall back to the full-width advance
    else:
        w = _LATIN[weight].get(cp, _LATIN_DEFAULT[weight])
        if ctx:
            w = max(w, _AMBIG[weight].get(cp, 0.0))
    cache[ch] = w
    return w


def _weight(bold: bool) -> str:
    return "bold" if bold else "regular"


def _has_cjk(text: str) -> bool:
    return any(is_cjk(ch) for ch in set(text) if ord(ch) >= 0x1100)


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """Advance width of ``text`` set in one line at ``size_pt``, in points.

    CJK characters use the CJK font's advances, others Arial's (see the module
    docstring for unknown, control and East-Asian-ambiguous characters)."""
    weight, ctx = _weight(bold), _has_cjk(text)
    return sum(_char_em(ch, weight, ctx) for ch in text) * size_pt


# --------------------------------------------------------------------------- breaking

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
_SPACE, _WORD, _CJK = 0, 1, 2


def _is_space(ch: str) -> bool:
    return (ch.isspace() and ch not in _NO_BREAK_SPACES and not is_cjk(ch)) or ch == "\t"


def _split_hard(text: str) -> list[str]:
    for sep in _HARD_BREAKS:
        text = text.replace(sep, "\n")
    return text.split("\n")


# A token: (text, width_em, kind, starts_closing, ends_opening)
Token = tuple


def _make_token(s: str, kind: int, weight: str, ctx: bool) -> Token:
    w = sum(_char_em(ch, weight, ctx) for ch in s)
    return (s, w, kind, s[0] in CLOSING, s[-1] in OPENING)


_KIND: dict[str, int] = {}


def _kind(ch: str) -> int:
    k = _KIND.get(ch)
    if k is None:
        k = _SPACE if _is_space(ch) else _CJK if is_cjk(ch) else _WORD
        _KIND[ch] = k
    return k


@lru_cache(maxsize=8192)
def _tokens(segment: str, weight: str, ctx: bool) -> tuple[Token, ...]:
    """Split one hard-break-free segment into spaces, Latin words and CJK chars."""
    out: list[Token] = []
    cache = _WCACHE[(weight, ctx)]
    kinds = _KIND
    start = 0  # start of the pending space/word run
    run_kind = -1
    for i, ch in enumerate(segment):
        kind = kinds.get(ch)
        if kind is None:
            kind = _kind(ch)
        if kind == run_kind and kind != _CJK:
            continue
        if run_kind >= 0 and start < i:
            out.append(_make_token(segment[start:i], run_kind, weight, ctx))
        if kind == _CJK:
            w = cache.get(ch)
            if w is None:
                w = _char_em(ch, weight, ctx)
            out.append((ch, w, _CJK, ch in CLOSING, ch in OPENING))
            start = i + 1
            run_kind = -1
        else:
            start = i
            run_kind = kind
    if run_kind >= 0 and start < len(segment):
        out.append(_make_token(segment[start:], run_kind, weight, ctx))
    return tuple(out)


def _break_word(tok: Token, avail_em: float, weight: str, ctx: bool) -> tuple[Token, Token]:
    """Split an over-long Latin word: as many characters as fit (at least one)."""
    s = tok[0]
    w = 0.0
    n = 0
    for ch in s:
        cw = _char_em(ch, weight, ctx)
        if n and w + cw > avail_em + 1e-9:
            break
        w += cw
        n += 1
    n = min(max(n, 1), len(s) - 1)
    return (
        _make_token(s[:n], _WORD, weight, ctx),
        _make_token(s[n:], _WORD, weight, ctx),
    )


def _layout_segment(
    segment: str, weight: str, ctx: bool, avail_em: float
) -> tuple[list[tuple[int, int]], list[Token] | tuple[Token, ...], bool]:
    """Greedy line breaking of one segment at ``avail_em`` (line width / size).

    Returns the lines as (start, end) token ranges, the token list (over-long words
    may have been split) and whether some line is wider than ``avail_em``."""
    tokens: list[Token] | tuple[Token, ...] = _tokens(segment, weight, ctx)
    n = len(tokens)
    lines: list[tuple[int, int]] = []
    overflow = False
    eps = 1e-9
    i = 0
    while i < n:
        w = 0.0  # width so far; spaces count only once something follows them
        j = i
        while j < n:
            t = tokens[j]
            if t[2] == _SPACE:
                w += t[1]
                j += 1
                continue
            if w + t[1] <= avail_em + eps:
                w += t[1]
                j += 1
                continue
            break
        if j >= n:
            lines.append((i, n))
            break
        # tokens[j] (not a space) does not fit on this line
        first_nonspace = i
        while first_nonspace < j and tokens[first_nonspace][2] == _SPACE:
            first_nonspace += 1
        if first_nonspace == j:
            # nothing but (leading) spaces before it: the token is wider than a line
            t = tokens[j]
            if t[2] == _WORD and len(t[0]) > 1:
                head, tail = _break_word(t, avail_em - w, weight, ctx)
                if head[1] > avail_em - w + eps:
                    overflow = True
                tokens = list(tokens)
                tokens[j : j + 1] = [head, tail]
                n += 1
                lines.append((i, j + 1))
                i = j + 1
            else:  # a single glyph wider than the line: alone, overflowing
                overflow = True
                lines.append((i, j + 1))
                i = j + 1
            while i < n and tokens[i][2] == _SPACE:  # spaces hang at the line end
                i += 1
                lines[-1] = (lines[-1][0], i)
            continue
        # kinsoku: find the latest allowed break k in (first_nonspace, j]
        k = j
        while k > first_nonspace:
            t = tokens[k]
            if t[2] != _SPACE and not t[3] and not (tokens[k - 1][2] != _SPACE and tokens[k - 1][4]):
                break
            k -= 1
        if k == first_nonspace:
            k = j  # no allowed break on this line: break where it overflows anyway
        lines.append((i, k))
        i = k
    return lines, tokens, overflow


def _join(tokens, a: int, b: int) -> str:
    s = "".join(t[0] for t in tokens[a:b])
    end = len(s)
    while end and _is_space(s[end - 1]):
        end -= 1
    return s[:end]


def wrap(text: str, size_pt: float, width_pt: float, bold: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width_pt`` at ``size_pt``.

    Greedy: CJK text breaks between any two characters, Latin text only at spaces
    (a word longer than a whole line is broken between characters), a CJK/Latin
    boundary is a break opportunity.  Kinsoku: no line starts with closing
    punctuation (``，。、！？；：」）》”’`` ...) or ends with opening punctuation
    (``「（《“‘`` ...): the break moves back one character (or more, e.g. for
    ``。」``).  Spaces at a line end take no room and are removed from the returned
    line.  ``"\\n"`` is a hard break.  An empty text gives ``[""]`` (one empty line).
    A single character wider than ``width_pt`` gets a line of its own (and then
    :func:`fits` says False)."""
    if size_pt <= 0 or width_pt <= 0:
        raise ValueError("size_pt and width_pt must be positive")
    weight, ctx = _weight(bold), _has_cjk(text)
    avail_em = width_pt / size_pt
    out: list[str] = []
    for segment in _split_hard(text):
        if not segment:
            out.append("")
            continue
        lines, tokens, _ = _layout_segment(segment, weight, ctx, avail_em)
        out.extend(_join(tokens, a, b) for a, b in lines)
    return out


@lru_cache(maxsize=65536)
def _line_count(text: str, bold: bool, avail_em: float) -> tuple[int, bool]:
    """(number of lines, overflow) for one paragraph at ``avail_em``."""
    weight, ctx = _weight(bold), _has_cjk(text)
    count = 0
    overflow = False
    for segment in _split_hard(text):
        if not segment:
            count += 1
            continue
        lines, _, ov = _layout_segment(segment, weight, ctx, avail_em)
        count += len(lines)
        overflow = overflow or ov
    return count, overflow


@lru_cache(maxsize=65536)
def _ink_em(text: str, bold: bool) -> float:
    """Width of the non-space characters in em: a lower bound for lines * width."""
    weight, ctx = _weight(bold), _has_cjk(text)
    return sum(t[1] for seg in _split_hard(text) for t in _tokens(seg, weight, ctx) if t[2] != _SPACE)


# --------------------------------------------------------------------------- frames


@dataclass(frozen=True)
class Para:
    """One bulleted paragraph: ``level`` 0 is a top-level bullet, 1 a nested one."""

    text: str
    level: int = 0
    bold: bool = False


@dataclass(frozen=True)
class Frame:
    """A text frame (shape) and the paragraph formatting the writer applies to it.

    The estimate is only truthful if the pptx writer writes exactly these values
    (EMU = pt * 12700; DrawingML spacing values are in 1/100 pt):

    ``width_pt``, ``height_pt``
        The shape's extent (``a:ext cx/cy``).
    ``inset_pt`` (7.2 = PowerPoint's default), ``inset_v_pt`` (3.6)
        ``a:bodyPr lIns=rIns=inset_pt*12700, tIns=bIns=inset_v_pt*12700``, written
        explicitly (only the sums count: ``lIns+rIns = 2*inset_pt*12700``, so a theme's
        uneven insets are fitted with their mean).  The body must also say
        ``wrap="square"`` and have autofit off (``<a:noAutofit/>``), so PowerPoint
        neither shrinks nor grows it.
    ``line_spacing`` (1.2)
        Line pitch as a multiple of the font size, written as *exact* spacing:
        ``<a:lnSpc><a:spcPts val="round(line_spacing*size*100)"/></a:lnSpc>``.
        (Percentage spacing, ``spcPct``, multiplies the font's own line height,
        which is about 1.15 em for Arial but 1.45 em for Noto Sans CJK, so it
        would make the estimate wrong.)
    ``space_before`` (0.4)
        In ems of the font size, before every paragraph but the first:
        ``<a:spcBef><a:spcPts val="round(space_before*size*100)"/></a:spcBef>``
        (write 0 or nothing on the first paragraph); ``spcAft`` must be 0.
    ``bullet_indent_pt`` (18), ``indent_pt_per_level`` (27)
        Hanging bullet: ``marL = (bullet_indent_pt + level*indent_pt_per_level)*12700``,
        ``indent = -bullet_indent_pt*12700``.  The bullet glyph must be narrower
        than ``bullet_indent_pt`` at the text size (a ``•`` at 100 % is 0.35 em:
        fine up to about 45 pt), or PowerPoint pushes the text to the next tab.

    So the usable line width at level L is
    ``width_pt - 2*inset_pt - bullet_indent_pt - L*indent_pt_per_level`` and, for an
    unbulleted paragraph such as a title, ``width_pt - 2*inset_pt``.
    """

    width_pt: float
    height_pt: float
    inset_pt: float = 7.2
    inset_v_pt: float = 3.6
    line_spacing: float = 1.2
    space_before: float = 0.4
    indent_pt_per_level: float = 27
    bullet_indent_pt: float = 18

    def line_width(self, level: int = 0, bulleted: bool = True) -> float:
        """Usable line width in points for a paragraph at ``level``."""
        w = self.width_pt - 2 * self.inset_pt
        if bulleted:
            w -= self.bullet_indent_pt + max(level, 0) * self.indent_pt_per_level
        return w


def _measure(
    paras: list[Para] | tuple[Para, ...], size_pt: float, frame: Frame, bulleted: bool = True
) -> tuple[float, bool]:
    """(height in points, every line within its width)."""
    h = 2 * frame.inset_v_pt
    ok = True
    pitch = frame.line_spacing * size_pt
    for idx, p in enumerate(paras):
        width = frame.line_width(p.level, bulleted)
        if width <= 0:
            return math.inf, False
        n, overflow = _line_count(p.text, p.bold, width / size_pt)
        ok = ok and not overflow
        h += n * pitch
        if idx:
            h += frame.space_before * size_pt
    return h, ok


def paragraphs_height(paras: list[Para], size_pt: float, frame: Frame) -> float:
    """Height in points the paragraphs take in ``frame`` at ``size_pt``, insets
    included (``inf`` if a level leaves no usable width)."""
    if size_pt <= 0:
        raise ValueError("size_pt must be positive")
    return _measure(paras, size_pt, frame)[0]


def _fits(paras, size_pt: float, frame: Frame, bulleted: bool = True) -> bool:
    # cheap lower bound first: lines >= ink width / line width
    pitch = frame.line_spacing * size_pt
    low = 2 * frame.inset_v_pt + max(len(paras) - 1, 0) * frame.space_before * size_pt
    for p in paras:
        width = frame.line_width(p.level, bulleted)
        if width <= 0:
            return False
        low += max(1, math.ceil(_ink_em(p.text, p.bold) * size_pt / width - 1e-9)) * pitch
    if low > frame.height_pt + 1e-6:
        return False
    h, ok = _measure(paras, size_pt, frame, bulleted)
    return ok and h <= frame.height_pt + 1e-6


def fits(paras: list[Para], size_pt: float, frame: Frame) -> bool:
    """True if the paragraphs fit ``frame`` at ``size_pt``: no line wider than its
    usable width and the total height within ``frame.height_pt``."""
    if size_pt <= 0:
        raise ValueError("size_pt must be positive")
    return _fits(paras, size_pt, frame)


def _sizes(max_pt: float, min_pt: float, step: float) -> list[float]:
    if step <= 0:
        raise ValueError("step must be positive")
    if min_pt <= 0 or max_pt < min_pt:
        raise ValueError("need 0 < min_pt <= max_pt")
    out = []
    k = 0
    while True:
        s = round(max_pt - k * step, 2)  # DrawingML sizes are in 1/100 pt
        if s < min_pt - 1e-9:
            break
        out.append(s)
        k += 1
    if out[-1] > min_pt + 1e-9:
        out.append(round(min_pt, 2))
    return out


def fit_size(
    paras: list[Para], frame: Frame, max_pt: float, min_pt: float, step: float = 1.0
) -> float | None:
    """The largest size ``max_pt, max_pt - step, ...`` (and ``min_pt`` itself) at
    which all paragraphs fit ``frame``, or None if they do not fit even at
    ``min_pt``.  Sizes are rounded to 1/100 pt."""
    for s in _sizes(max_pt, min_pt, step):
        if _fits(paras, s, frame):
            return s
    return None


# --------------------------------------------------------------------------- splitting

_SENTENCE_END = frozenset("。！？；!?;")
_CLAUSE_END = frozenset("，,、：:")
_TRAILERS = CLOSING | frozenset("\"'")


def _cut(text: str, piece_end) -> list[str]:
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


def _cut_after(text: str, enders: frozenset, ascii_dot: bool) -> list[str]:
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
        while j < n and _is_space(text[j]):
            j += 1
        return j

    return _cut(text, piece_end)


def _cut_words(text: str) -> list[str]:
    """Split after each run of spaces (words keep their trailing spaces)."""

    def piece_end(text: str, i: int) -> int | None:
        if not _is_space(text[i]):
            return None
        j = i
        while j < len(text) and _is_space(text[j]):
            j += 1
        return j

    return _cut(text, piece_end)


_LEVELS = (
    lambda t: _cut_after(t, _SENTENCE_END, True),
    lambda t: _cut_after(t, _CLAUSE_END, False),
    _cut_words,
)


def _split_para(p: Para, ok) -> list[Para]:
    """Cut ``p`` into consecutive pieces each satisfying ``ok(Para)``: at sentence
    ends, then clause ends, then spaces, then between characters."""

    def pieces(text: str, level: int) -> list[str]:
        if level >= len(_LEVELS):
            return by_chars(text)
        segs = _LEVELS[level](text)
        out: list[str] = []
        cur = ""
        for seg in segs:
            if cur and ok(Para(cur + seg, p.level, p.bold)):
                cur += seg
                continue
            if ok(Para(seg, p.level, p.bold)):
                if cur:
                    out.append(cur)
                cur = seg
                continue
            if cur:
                out.append(cur)
                cur = ""
            sub = pieces(seg, level + 1)
            out.extend(sub[:-1])
            cur = sub[-1]
        if cur:
            out.append(cur)
        return out

    def by_chars(text: str) -> list[str]:
        out = []
        while text:
            # Largest prefix length that fits. The bracket is found by doubling from a small
            # prefix, so each probe measures at most twice a slide's worth of text (probing
            # halves of a 500 KB paragraph measured all of it, again and again).
            lo, hi = 0, min(len(text), 64)
            while hi < len(text) and ok(Para(text[:hi], p.level, p.bold)):
                lo, hi = hi, min(len(text), hi * 2)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if ok(Para(text[:mid], p.level, p.bold)):
                    lo = mid
                else:
                    hi = mid - 1
            if lo == 0:
                raise ValueError(f"frame too small: {text[:1]!r} does not fit even alone at the minimum size")
            out.append(text[:lo])
            text = text[lo:]
        return out

    return [Para(t, p.level, p.bold) for t in pieces(p.text, 0)]


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
    sizes = _sizes(max_pt, min_pt, step)
    low = sizes[-1]

    def ok(p: Para) -> bool:
        return _fits((p,), low, frame)

    items: list[Para] = []
    for p in paras:
        items.extend([p] if ok(p) else _split_para(p, ok))

    # group end: index of the next level-0 para after i
    n = len(items)
    group_end = [n] * n
    nxt = n
    for i in range(n - 1, -1, -1):
        group_end[i] = nxt
        if items[i].level <= 0:
            nxt = i

    # greedy packing at the minimum size; heights are additive so do it by sums
    pitch = frame.line_spacing * low
    gap = frame.space_before * low
    heights = []
    for p in items:
        lines, _ = _line_count(p.text, p.bold, frame.line_width(p.level) / low)
        heights.append(lines * pitch)
    limit = frame.height_pt - 2 * frame.inset_v_pt + 1e-6

    def span_fits(a: int, b: int) -> bool:  # items[a:b]
        return sum(heights[a:b]) + (b - a - 1) * gap <= limit

    chunks: list[list[Para]] = []
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

    out: list[tuple[list[Para], float]] = []
    for chunk in chunks:
        size = next((sz for sz in sizes if _fits(chunk, sz, frame)), low)
        out.append((chunk, size))
    return out


# --------------------------------------------------------------------------- titles

_TRUNC_STRIP = frozenset("，、；：,;:-–—/（(「『《“‘[{·・")


def _truncated(text: str, n: int) -> str:
    head = text[:n]
    # inside a Latin word: back up to the previous space if it is not too far
    if 0 < n < len(text) and not _is_space(text[n]) and not is_cjk(text[n]):
        if head and not _is_space(head[-1]) and not is_cjk(head[-1]):
            cut = max(head.rfind(" "), head.rfind("\t"))
            if cut > n // 2:
                head = head[:cut]
    head = head.rstrip()
    while head and head[-1] in _TRUNC_STRIP:
        head = head[:-1].rstrip()
    return head + "…"


def fit_title(
    text: str,
    frame: Frame,
    max_pt: float,
    min_pt: float,
    *,
    bold: bool = False,
    step: float = 1.0,
    suffix: str = "",
) -> tuple[float, str | None]:
    """Fit a title (one unbulleted paragraph: usable width ``width - 2*inset``).

    The title is ``text + suffix``.  Returns ``(size, None)`` with the largest size that
    fits, or, if it does not fit even at ``min_pt``, ``(min_pt, shortened)`` where
    ``shortened`` is the longest prefix of ``text`` (cut back to a word boundary inside
    Latin words, trailing commas/opening brackets dropped) plus ``"…"`` plus ``suffix``
    that fits at ``min_pt`` (so a suffix such as "（續）" is never cut off).  Raises
    ValueError if not even ``"…" + suffix`` fits."""
    sizes = _sizes(max_pt, min_pt, step)
    for s in sizes:
        if _fits((Para(text + suffix, 0, bold),), s, frame, bulleted=False):
            return s, None
    low = sizes[-1]

    def ok(n: int) -> bool:
        return _fits((Para(_truncated(text, n) + suffix, 0, bold),), low, frame, bulleted=False)

    lo, hi = 0, len(text) - 1
    if not ok(0):
        raise ValueError("frame too small: not even '…' fits at the minimum size")
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if ok(mid):
            lo = mid
        else:
            hi = mid - 1
    return low, _truncated(text, lo) + suffix
