#!/usr/bin/env python3
"""Build ``generator/deck/fit/font_metrics.json`` from real font files (offline tool).

The deck text fitter (:mod:`generator.deck.fit`) measures Arial themes without any font
file at runtime (the same on every machine), so this script extracts the few numbers it
needs once and writes them to a small JSON table that ships with the package (other fonts
are read at run time, :mod:`generator.deck.fit.fonts`).  Run it again only
when the fonts or the covered ranges change::

    pip install fonttools            # a package dependency since the fitter reads other fonts
    python tools/make_font_metrics.py [--out generator/deck/fit/font_metrics.json]

Fonts read (Debian/Ubuntu paths; override with --liberation-dir / --noto-dir):

* Liberation Sans Regular/Bold: metric-compatible with Arial, the deck's Latin
  typeface (``<a:latin typeface="Arial"/>``).
* Noto Sans CJK TC Regular/Bold: the "TC" face of the NotoSansCJK-*.ttc
  collections, the deck's East Asian typeface (``<a:ea .../>``).

All widths are advance widths in 1/1000 em, rounded to integers.

JSON layout (``"format": 1``)::

    latin.<weight>.runs          [[first_cp, [w, w, ...]], ...]  contiguous runs
    latin.<weight>.default       width for a code point not in the table (550)
    cjk.<weight>.default         the full-width advance (1000)
    cjk.<weight>.exceptions      [[first_cp, last_cp, w], ...]  CJK-range code
                                 points whose advance differs from the default
    cjk_ranges                   [[first_cp, last_cp], ...]  what counts as CJK
    ea_ambiguous.<weight>.runs   CJK-font widths of East-Asian-"ambiguous"
                                 punctuation/symbols (“”‘’·•…) that the CJK font
                                 draws wider than the Latin table says; the fitter
                                 uses them when the text contains CJK characters
    line_metrics.{latin,cjk}.<weight>  ascender/descender/lineGap (hhea),
                                 typo*, win* and unitsPerEm-normalised (1/1000 em)

The Latin table holds U+0020..U+024F plus common punctuation/symbols, each from the
font the character would actually be drawn with: Liberation Sans when it has the
glyph, otherwise Noto Sans CJK TC (e.g. ※ ★ ◆ ℃).  Full-width punctuation such as
，。、！？；：（）《》「」 lies in the CJK ranges and is therefore covered by the CJK
table (full width, no exception needed unless the font says otherwise).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

try:
    from fontTools.ttLib import TTCollection, TTFont
except ImportError:  # pragma: no cover - offline tool
    sys.exit("make_font_metrics.py needs fontTools: pip install fonttools")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "generator" / "deck" / "fit" / "font_metrics.json"
LIBERATION_DIR = Path("/usr/share/fonts/truetype/liberation2")
NOTO_DIR = Path("/usr/share/fonts/opentype/noto")

WEIGHTS = ("regular", "bold")
LATIN_UNKNOWN = 550  # 0.55 em, what the fitter assumes for an unlisted Latin char
CJK_DEFAULT = 1000

# What the fitter treats as CJK (drawn with the East Asian font, full width by default).
CJK_RANGES: list[tuple[int, int]] = [
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2EFF),  # CJK Radicals Supplement
    (0x2F00, 0x2FDF),  # Kangxi Radicals
    (0x2FF0, 0x2FFF),  # Ideographic Description Characters
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3040, 0x309F),  # Hiragana
    (0x30A0, 0x30FF),  # Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x3130, 0x318F),  # Hangul Compatibility Jamo
    (0x3190, 0x319F),  # Kanbun
    (0x31A0, 0x31BF),  # Bopomofo Extended
    (0x31C0, 0x31EF),  # CJK Strokes
    (0x31F0, 0x31FF),  # Katakana Phonetic Extensions
    (0x3200, 0x32FF),  # Enclosed CJK Letters and Months
    (0x3300, 0x33FF),  # CJK Compatibility
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xA960, 0xA97F),  # Hangul Jamo Extended-A
    (0xAC00, 0xD7AF),  # Hangul Syllables
    (0xD7B0, 0xD7FF),  # Hangul Jamo Extended-B
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFE10, 0xFE1F),  # Vertical Forms
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
    (0xFE50, 0xFE6F),  # Small Form Variants
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
    (0x20000, 0x2FFFF),  # Supplementary Ideographic Plane (ext B..F, compat supp.)
    (0x30000, 0x3FFFF),  # Tertiary Ideographic Plane (ext G..)
]

# Latin table: U+0020..U+024F plus these blocks/characters (punctuation & symbols
# that occur in slide text).  Only code points some font actually has are kept.
LATIN_EXTRA_RANGES: list[tuple[int, int]] = [
    (0x02B0, 0x02FF),  # Spacing Modifier Letters (ˆ ˇ ˘ ˙ ˚ ˛ ˜ ˝)
    (0x2000, 0x206F),  # General Punctuation (– — ‘ ’ “ ” • … ‰ ′ ″ ‹ › ※)
    (0x20A0, 0x20BF),  # Currency Symbols (€ ₩ ₹ …)
    (0x2100, 0x2122),  # Letterlike (℃ № ™)
    (0x2150, 0x215F),  # Number forms (⅓ ⅔ ⅛)
    (0x2190, 0x2199),  # Arrows ← ↑ → ↓ ↔ ↕
    (0x21D2, 0x21D4),  # ⇒ ⇔
    (0x2200, 0x2265),  # Mathematical Operators (− √ ∞ ≈ ≠ ≤ ≥)
    (0x2460, 0x2473),  # ① .. ⑳
    (0x25A0, 0x25CF),  # Geometric shapes (■ □ ▪ ▲ ► ▼ ◆ ○ ●)
    (0x2605, 0x2606),  # ★ ☆
    (0x2610, 0x2612),  # ☐ ☑ ☒
    (0x2713, 0x2714),  # ✓ ✔
    (0xFB01, 0xFB02),  # ﬁ ﬂ
]


def in_cjk(cp: int) -> bool:
    return any(a <= cp <= b for a, b in CJK_RANGES)


class Face:
    """Advance widths and line metrics of one font face, in 1/1000 em."""

    def __init__(self, font: TTFont, label: str):
        self.label = label
        self.upem = font["head"].unitsPerEm
        self.cmap = font.getBestCmap()
        self.hmtx = font["hmtx"]
        name = font["name"]
        self.name = f"{name.getDebugName(1)} {name.getDebugName(2)}"
        self.version = name.getDebugName(5)
        hhea, os2 = font["hhea"], font["OS/2"]
        n = self.norm
        self.line_metrics = {
            "ascender": n(hhea.ascent),
            "descender": n(hhea.descent),
            "lineGap": n(hhea.lineGap),
            "typoAscender": n(os2.sTypoAscender),
            "typoDescender": n(os2.sTypoDescender),
            "typoLineGap": n(os2.sTypoLineGap),
            "winAscent": n(os2.usWinAscent),
            "winDescent": n(os2.usWinDescent),
            "unitsPerEm": self.upem,
        }

    def norm(self, v: float) -> int:
        return int(round(v * 1000 / self.upem))

    def width(self, cp: int) -> int | None:
        glyph = self.cmap.get(cp)
        if glyph is None:
            return None
        return self.norm(self.hmtx[glyph][0])


def load_faces(liberation_dir: Path, noto_dir: Path) -> dict[str, dict[str, Face]]:
    faces: dict[str, dict[str, Face]] = {"latin": {}, "cjk": {}}
    for weight, style in (("regular", "Regular"), ("bold", "Bold")):
        path = liberation_dir / f"LiberationSans-{style}.ttf"
        faces["latin"][weight] = Face(TTFont(path), str(path))
        path = noto_dir / f"NotoSansCJK-{style}.ttc"
        coll = TTCollection(path)
        wanted = f"Noto Sans CJK TC {style}"
        for font in coll.fonts:
            name = font["name"]
            full = f"{name.getDebugName(1)} {name.getDebugName(2)}"
            if full == wanted or name.getDebugName(4) == wanted:
                faces["cjk"][weight] = Face(font, f"{path} [{wanted}]")
                break
        else:
            sys.exit(f"{path}: no face named {wanted!r}")
    return faces


def runs_of(widths: dict[int, int]) -> list[list]:
    """{cp: w} -> [[first_cp, [w, ...]], ...] over contiguous code points."""
    out: list[list] = []
    for cp in sorted(widths):
        if out and out[-1][0] + len(out[-1][1]) == cp:
            out[-1][1].append(widths[cp])
        else:
            out.append([cp, [widths[cp]]])
    return out


def latin_table(latin: Face, cjk: Face) -> dict[int, int]:
    cps = list(range(0x20, 0x250))
    for a, b in LATIN_EXTRA_RANGES:
        cps.extend(range(a, b + 1))
    table: dict[int, int] = {}
    for cp in cps:
        if in_cjk(cp):
            continue
        cat = unicodedata.category(chr(cp))
        if cat.startswith("C") and cp != 0xAD:  # controls, unassigned
            continue
        w = latin.width(cp)
        if w is None:  # PowerPoint falls back to a font that has it: the CJK one
            w = cjk.width(cp)
        if w is None:
            continue
        table[cp] = w
    return table


def ambiguous_table(latin_widths: dict[int, int], cjk: Face) -> dict[int, int]:
    """CJK-font widths of East Asian 'ambiguous' punctuation/symbols (“”‘’·•…)
    where the CJK font is wider than the Latin table entry."""
    out: dict[int, int] = {}
    for cp, lw in latin_widths.items():
        ch = chr(cp)
        if unicodedata.east_asian_width(ch) != "A":
            continue
        if unicodedata.category(ch)[0] not in "PS":  # letters/digits stay Latin
            continue
        cw = cjk.width(cp)
        if cw is not None and cw > lw:
            out[cp] = cw
    return out


def cjk_exceptions(cjk: Face) -> list[list[int]]:
    """[[first, last, w], ...] for CJK-range code points the font has whose advance
    is not the full-width default (missing code points fall back to the default)."""
    out: list[list[int]] = []
    for a, b in CJK_RANGES:
        for cp in range(a, b + 1):
            w = cjk.width(cp)
            if w is None or w == CJK_DEFAULT:
                continue
            if out and out[-1][1] == cp - 1 and out[-1][2] == w:
                out[-1][1] = cp
            else:
                out.append([cp, cp, w])
    return out


def build(liberation_dir: Path, noto_dir: Path) -> dict:
    faces = load_faces(liberation_dir, noto_dir)
    data: dict = {
        "format": 1,
        "units": "1/1000 em",
        "fonts": {
            kind: {w: {"name": f.name, "version": f.version} for w, f in by_w.items()}
            for kind, by_w in faces.items()
        },
        "cjk_ranges": [[a, b] for a, b in CJK_RANGES],
        "latin": {},
        "cjk": {},
        "ea_ambiguous": {},
        "line_metrics": {kind: {w: f.line_metrics for w, f in by_w.items()} for kind, by_w in faces.items()},
    }
    for weight in WEIGHTS:
        latin, cjk = faces["latin"][weight], faces["cjk"][weight]
        lat = latin_table(latin, cjk)
        data["latin"][weight] = {"default": LATIN_UNKNOWN, "runs": runs_of(lat)}
        data["cjk"][weight] = {"default": CJK_DEFAULT, "exceptions": cjk_exceptions(cjk)}
        data["ea_ambiguous"][weight] = {"runs": runs_of(ambiguous_table(lat, cjk))}
    return data


def dump(data: dict) -> str:
    """Compact but diff-friendly: one top-level key per line, no spaces."""
    lines = ["{"]
    items = list(data.items())
    for i, (k, v) in enumerate(items):
        sep = "," if i < len(items) - 1 else ""
        lines.append(f"{json.dumps(k)}:{json.dumps(v, separators=(',', ':'), ensure_ascii=False)}{sep}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--liberation-dir", type=Path, default=LIBERATION_DIR)
    ap.add_argument("--noto-dir", type=Path, default=NOTO_DIR)
    args = ap.parse_args(argv)
    text = dump(build(args.liberation_dir, args.noto_dir))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode('utf-8'))} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
