"""The contact sheets in docs/: the bundled episode in each bundled theme, drawn by LibreOffice
through `deckcast preview`, reduced to 256 colours so the repository stays small.

    python tools/make_theme_previews.py    # docs/theme-{default,dark,paper}.png, docs/deck-*.png, docs/handout.png

Needs LibreOffice, pdftoppm, Noto CJK and Liberation fonts (as `deckcast preview` does)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "content" / "ai-alignment-salon.txt"
THEMES = ("default", "dark", "paper")
WIDTH = 1600  # pixels across: every slide still readable at a glance
# The README's single slides (default theme): the title, a viewpoint slide, a Q&A slide.
SINGLES = {"deck-title.png": 1, "deck-content.png": 8, "deck-question.png": 19}


def main() -> int:
    exe = Path(sys.executable).with_name("deckcast")
    with tempfile.TemporaryDirectory() as tmp:
        for theme in THEMES:
            out = Path(tmp) / theme
            subprocess.run([str(exe), "preview", str(SOURCE), "--theme", theme, "-o", str(out)], check=True)
            sheet = Image.open(out / "preview" / "contact-sheet.png").convert("RGB")
            sheet = sheet.resize((WIDTH, round(sheet.height * WIDTH / sheet.width)), Image.Resampling.LANCZOS)
            target = ROOT / "docs" / f"theme-{theme}.png"
            _save(sheet, target)
            if theme == "default":
                for name, n in SINGLES.items():
                    _save(
                        Image.open(out / "preview" / f"slide-{n:02d}.png").convert("RGB"),
                        ROOT / "docs" / name,
                    )
                _save(
                    Image.open(out / "preview" / "handout.png").convert("RGB"), ROOT / "docs" / "handout.png"
                )
    return 0


def _save(image: Image.Image, target: Path) -> None:
    image.quantize(256, dither=Image.Dither.NONE).save(target, optimize=True)
    print(f"wrote {target} ({target.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    sys.exit(main())
