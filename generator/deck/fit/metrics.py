"""The advance-width table (``font_metrics.json``) and what it answers: which characters
are CJK, how wide one character is in em, how wide a line of text is in points.

The table is made offline by ``tools/make_font_metrics.py`` from Liberation Sans (= Arial
metrics) and Noto Sans CJK TC. Latin text is measured in a :class:`~.fonts.Face`: the table's
(Arial) or a font found on the machine (:mod:`.fonts`), whose widths replace the table's Latin
widths for every character it has. The width model (keep the pptx writer in step with it):

* A character in a CJK range (:func:`is_cjk`) is drawn with the East Asian font
  (full width, 1 em, unless the table lists an exception); anything else with the
  Latin font (the face's).  Unknown characters: 0.55 em Latin, 1 em CJK.  Control and
  format characters (ZWSP, soft hyphen, ...) are 0.  A tab counts as a 1 em space.
* East-Asian "ambiguous" punctuation (“ ” ‘ ’ · • § × ...) is counted at the CJK
  font's (wider) advance when the paragraph contains any CJK character, because
  PowerPoint then draws it with the East Asian font; otherwise at Arial's.
* Inline code (the ``"mono"`` face) is drawn in Courier New, which LibreOffice maps to the
  metric-compatible Liberation Mono: every Latin character 0.6 em (:data:`MONO_EM`), bold or
  not; CJK inside code keeps the East Asian font, so it is measured as regular CJK.
* No kerning, no letter spacing (kerning only ever makes text narrower).
"""

from __future__ import annotations

import bisect
import json
import unicodedata
from importlib import resources
from typing import Any, Literal

from .fonts import ARIAL, Face, file_widths

__all__ = [
    "EA_AMBIGUOUS",
    "MONO_EM",
    "Weight",
    "char_em",
    "has_cjk",
    "is_cjk",
    "run_em",
    "text_width",
    "weight_of",
]

#: The two faces the table holds, and inline code's monospace face (bold or not).
Weight = Literal["regular", "bold", "mono"]
_WEIGHTS: tuple[Weight, Weight] = ("regular", "bold")
#: Courier New's (and Liberation Mono's) advance: every Latin character is 0.6 em wide.
MONO_EM = 0.6

_DATA: dict[str, Any] = json.loads(
    resources.files(__package__).joinpath("font_metrics.json").read_text("utf-8")
)

_CJK_STARTS: list[int] = [a for a, _ in _DATA["cjk_ranges"]]
_CJK_ENDS: list[int] = [b for _, b in _DATA["cjk_ranges"]]


def _expand_runs(runs: list[tuple[int, list[int]]]) -> dict[int, float]:
    out: dict[int, float] = {}
    for first, widths in runs:
        for i, w in enumerate(widths):
            out[first + i] = w / 1000.0
    return out


_LATIN: dict[Weight, dict[int, float]] = {w: _expand_runs(_DATA["latin"][w]["runs"]) for w in _WEIGHTS}
_LATIN_DEFAULT: dict[str, float] = {w: _DATA["latin"][w]["default"] / 1000.0 for w in _WEIGHTS}
_AMBIG = {w: _expand_runs(_DATA["ea_ambiguous"][w]["runs"]) for w in _WEIGHTS}
#: The East-Asian-ambiguous characters PowerPoint draws with the East Asian font in a
#: paragraph that has CJK (and the fitter measures so): what the HTML deck sets likewise.
EA_AMBIGUOUS = frozenset(chr(cp) for cp in _AMBIG["regular"])
_CJK_DEFAULT: dict[str, float] = {w: _DATA["cjk"][w]["default"] / 1000.0 for w in _WEIGHTS}
_CJK_EXC: dict[str, tuple[list[int], list[tuple[int, float]]]] = {
    w: (
        [a for a, _, _ in _DATA["cjk"][w]["exceptions"]],
        [(b, v / 1000.0) for _, b, v in _DATA["cjk"][w]["exceptions"]],
    )
    for w in _WEIGHTS
}


def is_cjk(ch: str) -> bool:
    """True if ``ch`` (one character) is in a CJK range: CJK unified ideographs and
    extensions, compatibility ideographs, CJK symbols & punctuation, Hiragana,
    Katakana, Bopomofo, Hangul, full-/half-width forms, vertical/small forms."""
    cp = ord(ch)
    i = bisect.bisect_right(_CJK_STARTS, cp) - 1
    return i >= 0 and cp <= _CJK_ENDS[i]


def _cjk_em(cp: int, weight: Weight) -> float:
    starts, ends = _CJK_EXC[weight]
    i = bisect.bisect_right(starts, cp) - 1
    # missing glyphs fall back to the full-width advance
    return ends[i][1] if i >= 0 and cp <= ends[i][0] else _CJK_DEFAULT[weight]


class _Widths:
    """One Latin face's advance widths with the table's CJK, ambiguous and monospace rules,
    and a cache per (weight, CJK context): char -> em."""

    def __init__(self, latin: dict[Weight, dict[int, float]]) -> None:
        self.latin = latin
        self.cache: dict[tuple[str, bool], dict[str, float]] = {
            (w, c): {} for w in (*_WEIGHTS, "mono") for c in (False, True)
        }

    def char_em(self, ch: str, weight: Weight, ctx: bool) -> float:
        cache = self.cache[(weight, ctx)]
        w = cache.get(ch)
        if w is not None:
            return w
        cp = ord(ch)
        if ch == "\t":
            w = 1.0
        elif unicodedata.category(ch) in ("Cc", "Cf"):
            w = 0.0
        elif is_cjk(ch):
            w = _cjk_em(cp, "regular" if weight == "mono" else weight)
        elif weight == "mono":
            w = max(MONO_EM, _AMBIG["regular"].get(cp, 0.0)) if ctx else MONO_EM
        else:
            w = self.latin[weight].get(cp, _LATIN_DEFAULT[weight])
            if ctx:
                w = max(w, _AMBIG[weight].get(cp, 0.0))
        cache[ch] = w
        return w

    def run_em(self, text: str, weight: Weight, ctx: bool) -> float:
        widths = self.cache[(weight, ctx)]
        try:
            return sum(map(widths.__getitem__, text))  # every character seen before: no Python loop
        except KeyError:
            for ch in text:
                self.char_em(ch, weight, ctx)
            return sum(map(widths.__getitem__, text))


_FACES: dict[Face, _Widths] = {ARIAL: _Widths(_LATIN)}


def _widths(face: Face) -> _Widths:
    """The face's widths: the table's, or its files' (a character the font lacks keeps the
    table's width: the viewer draws it in a fallback font)."""
    found = _FACES.get(face)
    if found is None:
        regular = file_widths(face.regular) if face.regular else {}
        bold = file_widths(face.bold) if face.bold else regular
        found = _FACES[face] = _Widths(
            {"regular": _LATIN["regular"] | regular, "bold": _LATIN["bold"] | bold}
        )
    return found


def char_em(ch: str, weight: Weight, ctx: bool, face: Face = ARIAL) -> float:
    """Advance width of one character in em in ``face``; ``ctx``: the paragraph contains CJK."""
    return _widths(face).char_em(ch, weight, ctx)


def run_em(text: str, weight: Weight, ctx: bool, face: Face = ARIAL) -> float:
    """Advance width of ``text`` in em in ``face``: the sum of its characters' :func:`char_em`."""
    return _widths(face).run_em(text, weight, ctx)


def weight_of(bold: bool) -> Weight:
    """The table's face for a run that is ``bold`` or not."""
    return "bold" if bold else "regular"


def has_cjk(text: str) -> bool:
    """True if some character of ``text`` is CJK: the context of :func:`char_em`."""
    return any(is_cjk(ch) for ch in set(text) if ord(ch) >= 0x1100)


def text_width(text: str, size_pt: float, bold: bool = False, face: Face = ARIAL) -> float:
    """Advance width of ``text`` set in one line at ``size_pt``, in points.

    CJK characters use the CJK font's advances, others ``face``'s (see the module
    docstring for unknown, control and East-Asian-ambiguous characters)."""
    weight, ctx = weight_of(bold), has_cjk(text)
    return _widths(face).run_em(text, weight, ctx) * size_pt
