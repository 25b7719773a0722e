"""Decks as LibreOffice draws them: converted to PDF in one soffice call, the words of each page
read back with their boxes (pdftotext -bbox), and "text drawn vs text held": the text each
shape holds against the words drawn inside its box. Imported as `_render` (tests/ is on the
path); the tests that use it are marked needs_soffice."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest
from pptx.enum.shapes import PP_PLACEHOLDER

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
EMU_PT = 12700
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')

#: A drawn word: (x0, y0, x1, y1, text), in points from the page's top left.
Word = tuple[float, float, float, float, str]
Rect = tuple[float, float, float, float]


def need_renderer() -> None:
    if not (SOFFICE and PDFTOTEXT):
        print("soffice or pdftotext is not installed: skipping the render checks", file=sys.stderr)
        pytest.skip("soffice (LibreOffice) or pdftotext (Poppler) is not installed")


def render(decks: Iterable[Path], folder: Path) -> dict[str, list[list[Word]]]:
    """deck name (stem) -> the words LibreOffice drew on each page, the decks converted in one
    soffice call."""
    need_renderer()
    return {stem: drawn_pages(pdf) for stem, pdf in to_pdfs(decks, folder).items()}


def to_pdfs(decks: Iterable[Path], folder: Path, timeout: float = 300) -> dict[str, Path]:
    """deck name (stem) -> its PDF in `folder`, the decks converted by LibreOffice in one call
    (with a private profile: no clash with a running soffice)."""
    decks = list(decks)
    profile = (folder / "lo-profile").as_uri()
    proc = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, decks),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, proc.stderr
    out = {deck.stem: folder / f"{deck.stem}.pdf" for deck in decks}
    for deck, pdf in zip(decks, out.values(), strict=True):
        assert pdf.is_file() and pdf.stat().st_size > 1000, (deck, proc.stdout, proc.stderr)
    return out


def drawn_pages(pdf: Path) -> list[list[Word]]:
    text = subprocess.run(
        [str(PDFTOTEXT), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        [(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in _WORD.findall(page)]
        for page in text.split("<page ")[1:]
    ]


def squeeze(text: str) -> str:
    return re.sub(r"[\s•■–]", "", text)  # and the bundled themes' bullet glyphs


def within(word: Word, rect: Rect, slack: float = 1.0) -> bool:
    x0, y0, x1, y1, _ = word
    left, top, right, bottom = rect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return left - slack <= cx <= right + slack and top - slack <= cy <= bottom + slack


def box(shape: Any) -> Rect:
    return (
        shape.left / EMU_PT,
        shape.top / EMU_PT,
        (shape.left + shape.width) / EMU_PT,
        (shape.top + shape.height) / EMU_PT,
    )


def held_text(shape: Any) -> str:
    """What a shape holds: its text frame's text, or a table's cells row by row."""
    if shape.has_text_frame:
        return shape.text_frame.text.strip()
    if getattr(shape, "has_table", False):
        return "".join(cell.text for row in shape.table.rows for cell in row.cells).strip()
    return ""


def is_slide_number(shape: Any) -> bool:
    return shape.is_placeholder and shape.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER


def misplaced(slide: Any, words: Sequence[Word]) -> list[tuple[str, str]]:
    """Text drawn vs text held on one slide: for each shape holding text, (what it holds,
    what is drawn inside its box) where the two differ (nothing lost, nothing spilled out of
    it; a table's cells compared as letters, whatever their order), and the words drawn
    outside every box."""
    shapes = [s for s in slide.shapes if held_text(s) and not is_slide_number(s)]
    problems = []
    for shape in shapes:
        held = squeeze(held_text(shape))
        inside = sorted((w for w in words if within(w, box(shape))), key=lambda w: (round(w[1]), w[0]))
        drawn = squeeze("".join(w[4] for w in inside))
        same = Counter(drawn) == Counter(held) if shape.has_table else drawn == held
        if not same:
            problems.append((held[:40], drawn[:40]))
    numbers = [box(s) for s in slide.shapes if is_slide_number(s)]
    stray = [w[4] for w in words if not any(within(w, box(s)) for s in shapes) and not _in_any(w, numbers)]
    if stray:
        problems.append(("drawn outside every box", " ".join(stray)[:60]))
    return problems


def _in_any(word: Word, rects: list[Rect]) -> bool:
    return any(within(word, r) for r in rects)


def deck_misplaced(prs: Any, pages: list[list[Word]], numbers: Iterable[int] | None = None) -> list[Any]:
    """:func:`misplaced` for each slide (or those ``numbers``, 1-based), as (slide, held, drawn)."""
    assert len(pages) == len(prs.slides)
    chosen = numbers if numbers is not None else range(1, len(prs.slides) + 1)
    return [(n, *p) for n in chosen for p in misplaced(prs.slides[n - 1], pages[n - 1])]
