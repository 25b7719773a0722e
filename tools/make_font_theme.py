#!/usr/bin/env python3
"""Make the test themes whose Latin font is not Arial: the bundled default theme with its font
scheme's Latin typeface (headings and body) set to another family, nothing else changed.

    python tools/make_font_theme.py            # writes tests/themes/*.pptx

* ``dejavu-sans.pptx``: DejaVu Sans, about 10 % wider than Arial (fitted with Arial's widths,
  its text runs past its boxes);
* ``liberation-serif.pptx``: Liberation Serif (Times New Roman's widths), narrower than Arial
  (fitted with Arial's widths, its boxes keep room unused).

The tests build the bundled episodes with them and let LibreOffice draw the decks
(tests/deck/test_theme_fonts.py). Deterministic: the zip's members keep their order and get
fixed timestamps, so running it again gives the same bytes.
"""

from __future__ import annotations

import argparse
import io
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_THEME = ROOT / "templates" / "themes" / "default.pptx"
OUT = ROOT / "tests" / "themes"
THEMES = {"dejavu-sans.pptx": "DejaVu Sans", "liberation-serif.pptx": "Liberation Serif"}
_LATIN = re.compile(rb'(<a:(?:major|minor)Font><a:latin typeface=")[^"]*("(?: panose="[0-9A-F]*")?)')


def with_latin(theme: bytes, family: str) -> bytes:
    """The theme part with the heading and body fonts' Latin typeface set to ``family`` (its
    panose dropped: it described Arial)."""
    out, count = _LATIN.subn(lambda m: m.group(1) + family.encode() + b'"', theme)
    if count != 2:
        raise SystemExit(f"expected a major and a minor Latin font in the theme, found {count}")
    return out


def derive(source: Path, family: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if re.fullmatch(r"ppt/theme/theme\d+\.xml", info.filename) and b"<a:fontScheme" in body:
                body = with_latin(body, family)
            member = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, body)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write the themes to")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, family in THEMES.items():
        (args.out / name).write_bytes(derive(DEFAULT_THEME, family))
        print(f"wrote {args.out / name} ({family})")


if __name__ == "__main__":
    main()
