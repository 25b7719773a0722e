"""The slides as the video shows them: the deck drawn by LibreOffice (headless, in a private
profile, as `deckcast preview` does) to a PDF, the PDF rasterised by Poppler's pdftoppm at
exactly the video's frame size, one image per slide.

The images are QOI, not PNG: the video repeats each slide about once a second, and ffmpeg
opens and decodes the image again for every repeat (481 repeats of the seed's PNGs took 15 s
to decode, its QOIs 3 s, for about the same size on disk). pdftoppm writes raw PPM (it does
not spend time compressing PNG), ffmpeg turns each run of pages into QOI and the PPMs are
removed, CHUNK pages at a time, on WORKERS cores."""

from __future__ import annotations

import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import DeckcastError
from . import ffmpeg

WIDTH, HEIGHT = 1920, 1080
WORKERS = 2  # the machines deckcast is measured on have two cores
CHUNK = 12  # pages rasterised at once by one worker: at most WORKERS * CHUNK PPMs (6 MB each) on disk


def slide_images(deck: bytes, slides: int, folder: Path) -> tuple[Path, ...]:
    """`deck` (the bytes of a .pptx with `slides` slides) drawn into `folder` as
    slide-N.qoi (WIDTH x HEIGHT, N padded to the digits of `slides`), in slide order. A
    UsageError when LibreOffice or pdftoppm is missing; a DeckcastError when either fails,
    times out, or the pages drawn are not one per slide (the video would show the wrong
    slide for the voice)."""
    soffice, pdftoppm = _tools()
    from ..preview import _to_pdf

    pptx = folder / "deck.pptx"
    pptx.write_bytes(deck)
    pdf = _to_pdf(soffice, pptx, folder)
    chunks = [(first, min(first + CHUNK - 1, slides)) for first in range(1, slides + 1, CHUNK)]
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(lambda pages: _draw(pdftoppm, pdf, folder, pages, slides), chunks))
    pattern = re.compile(r"slide-(\d+)\.qoi$")
    found = sorted((int(m.group(1)), p) for p in folder.iterdir() if (m := pattern.match(p.name)))
    if [n for n, _ in found] != list(range(1, slides + 1)) or (
        folder / _name("page", slides + 1, slides, "ppm")
    ).exists():
        raise DeckcastError(f"video: LibreOffice drew {len(found)} pages for {slides} slides", "deck.pptx")
    return tuple(p for _, p in found)


def _tools() -> tuple[str, str]:
    from ..preview import find_tools

    return find_tools("video needs slide images from")


def _draw(pdftoppm: str, pdf: Path, folder: Path, pages: tuple[int, int], slides: int) -> None:
    """Pages first..last of `pdf` as folder/slide-N.qoi. pdftoppm names its pages page-N.ppm
    with N padded to the digits of the PDF's page count (one per slide)."""
    from ..preview import PDFTOPPM_TIMEOUT

    first, last = pages
    size = ["-scale-to-x", str(WIDTH), "-scale-to-y", str(HEIGHT)]
    command = [pdftoppm, *size, "-f", str(first), "-l", str(last), str(pdf), str(folder / "page")]
    try:
        done = subprocess.run(
            command, capture_output=True, timeout=PDFTOPPM_TIMEOUT, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        raise DeckcastError(
            f"pdftoppm took more than {PDFTOPPM_TIMEOUT} s to draw the slides", str(pdf)
        ) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DeckcastError(
            f"pdftoppm could not draw the slides: {said[-1] if said else done.returncode}", str(pdf)
        )
    digits = len(str(slides))
    ppm = [folder / _name("page", n, slides, "ppm") for n in range(first, last + 1)]
    if not all(p.is_file() for p in ppm):
        raise DeckcastError(f"video: LibreOffice drew fewer pages than the deck's {slides} slides", str(pdf))
    images = ["-f", "image2", "-start_number", str(first), "-i", str(folder / f"page-%0{digits}d.ppm")]
    qoi = ["-frames:v", str(last - first + 1), "-c:v", "qoi", "-start_number", str(first)]
    ffmpeg.run([*images, *qoi, "-f", "image2", str(folder / f"slide-%0{digits}d.qoi")], "the slide images")
    for path in ppm:
        path.unlink()


def _name(stem: str, number: int, slides: int, suffix: str) -> str:
    return f"{stem}-{number:0{len(str(slides))}d}.{suffix}"
