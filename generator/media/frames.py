"""The slides as the video shows them: the deck drawn by LibreOffice (headless, in a private
profile, as `deckcast preview` does) to a PDF, the PDF rasterised by Poppler's pdftoppm at
exactly the video's frame size, one image per slide.

The images are QOI, not PNG: they are decoded fast (481 decodes of the seed's PNGs took 15 s,
of its QOIs 3 s, for about the same size on disk), and kept in the clip cache, one per slide,
for the video's segments to be made from. pdftoppm writes raw PPM (it does
not spend time compressing PNG), ffmpeg turns each run of pages into QOI and the PPMs are
removed, CHUNK pages at a time, on WORKERS cores."""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import re
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree

from ..errors import DeckcastError
from . import ffmpeg
from .kept import keep, used

WIDTH, HEIGHT = 1920, 1080
WORKERS = 2  # the machines deckcast is measured on have two cores
CHUNK = 12  # pages rasterised at once by one worker: at most WORKERS * CHUNK PPMs (6 MB each) on disk


def slide_images(deck: bytes, slides: int, folder: Path, cache: Path | None = None) -> tuple[Path, ...]:
    """`deck` (the bytes of a .pptx with `slides` slides) drawn as WIDTH x HEIGHT QOI images,
    in slide order. With a `cache` folder, each slide's image is kept there under a hash of
    what draws it (its XML, its layout, master, theme and pictures, and the LibreOffice that
    drew it), and only the slides not there are drawn: editing one slide draws one page
    (LibreOffice still opens the whole deck, so slide numbers stay right). Without one, every
    slide is drawn into `folder`. A UsageError when LibreOffice or pdftoppm is missing; a
    DeckcastError when either fails, times out, or the pages drawn are not the ones asked for
    (the video would show the wrong slide for the voice)."""
    soffice, pdftoppm = _tools()
    keys = slide_keys(deck, soffice)
    if len(keys) != slides:
        raise DeckcastError(f"video: the deck has {len(keys)} slides for {slides} clips", "deck.pptx")
    if cache is None:
        return tuple(_drawn(deck, list(range(1, slides + 1)), slides, folder, soffice, pdftoppm))
    store = cache / "frames"
    store.mkdir(parents=True, exist_ok=True)
    kept = [store / f"{key}.qoi" for key in keys]
    missing = [n for n, path in enumerate(kept, 1) if not _whole(path)]
    for n, path in enumerate(kept, 1):
        if n not in missing:
            used(path)
    if missing:
        drawn = _drawn(deck, missing, slides, folder, soffice, pdftoppm)
        for number, image in zip(missing, drawn, strict=True):
            keep(kept[number - 1], image.read_bytes())  # the cache may be on another disk
    return tuple(kept)


def slide_keys(deck: bytes, renderer: str = "") -> list[str]:
    """A hash per slide, in slide order, of every part that draws it: its XML and the parts it
    refers to (layout, master, theme, pictures, and theirs), not its notes; with `renderer`,
    the drawing program's path and file date."""
    from .. import __version__

    with zipfile.ZipFile(io.BytesIO(deck)) as package:
        names = set(package.namelist())

        def related(part: str) -> list[str]:
            folder, name = posixpath.split(part)
            rels = posixpath.join(folder, "_rels", name + ".rels")
            if rels not in names:
                return []
            found = []
            for rel in ElementTree.fromstring(package.read(rels)):
                if rel.get("TargetMode") == "External" or rel.get("Type", "").endswith("/notesSlide"):
                    continue
                target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
                if target in names:
                    found.append(target)
            return [rels, *found]

        digests: dict[str, str] = {}

        def digest(part: str, seen: frozenset[str] = frozenset()) -> str:
            if part not in digests:
                h = hashlib.sha256(part.encode() + b"\0" + package.read(part))
                for child in related(part) if not part.endswith(".rels") else []:
                    if child not in seen:
                        h.update(digest(child, seen | {part}).encode())
                digests[part] = h.hexdigest()
            return digests[part]

        presentation = "ppt/presentation.xml"
        targets = {
            rel.get("Id"): posixpath.normpath(posixpath.join("ppt", rel.get("Target", "")))
            for rel in ElementTree.fromstring(package.read("ppt/_rels/presentation.xml.rels"))
        }
        order = [
            targets[item.get(f"{{{_R}}}id")]
            for item in ElementTree.fromstring(package.read(presentation)).iter(f"{{{_P}}}sldId")
        ]
        stamp = _stamp(renderer)
        return [
            hashlib.sha256(f"{__version__} {WIDTH}x{HEIGHT} {stamp} {digest(part)}".encode()).hexdigest()[:40]
            for part in order
        ]


_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _stamp(program: str) -> str:
    """What names the program that draws: its real path and file date (a new LibreOffice
    draws the slides again)."""
    if not program:
        return ""
    try:
        real = Path(program).resolve()
        return f"{real} {real.stat().st_mtime_ns}"
    except OSError:
        return program


def _whole(path: Path) -> bool:
    """Whether a kept image is there whole: a QOI file ends with its 8-byte end marker."""
    try:
        with open(path, "rb") as f:
            if f.read(4) != b"qoif":
                return False
            f.seek(-8, os.SEEK_END)
            return f.read(8) == b"\0" * 7 + b"\1"
    except OSError:
        return False


def _drawn(
    deck: bytes, numbers: list[int], slides: int, folder: Path, soffice: str, pdftoppm: str
) -> list[Path]:
    """The slides `numbers` (ascending) drawn into `folder` as slide-N.qoi, N their numbers."""
    from ..preview import _to_pdf

    pptx = folder / "deck.pptx"
    pptx.write_bytes(deck)
    every = numbers == list(range(1, slides + 1))
    pdf = _to_pdf(soffice, pptx, folder, None if every else ",".join(map(str, numbers)))
    pages = _page_count(pdf)
    if pages == slides and not every:  # a LibreOffice before 7.4 drew them all
        wanted = numbers
    elif pages == len(numbers):
        wanted = list(range(1, pages + 1))
    else:
        raise DeckcastError(f"video: LibreOffice drew {pages} pages for {len(numbers)} slides", "deck.pptx")
    chunks = [wanted[k : k + CHUNK] for k in range(0, len(wanted), CHUNK)]
    with ThreadPoolExecutor(WORKERS) as pool:
        drawn = [
            p for part in pool.map(lambda c: _draw(pdftoppm, pdf, folder, c, pages), chunks) for p in part
        ]
    named = []
    for number, image in zip(numbers, drawn, strict=True):
        target = folder / _name("slide", number, slides, "qoi")
        os.replace(image, target)
        named.append(target)
    pdf.unlink()
    return named


def _page_count(pdf: Path) -> int:
    """The pages of a PDF LibreOffice wrote (its page tree's count)."""
    data = pdf.read_bytes()
    counts = [int(m.group(1)) for m in re.finditer(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)]
    counts += [int(m.group(1)) for m in re.finditer(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)]
    if not counts:
        raise DeckcastError("video: LibreOffice wrote a PDF without pages", "deck.pptx")
    return max(counts)


def _tools() -> tuple[str, str]:
    from ..preview import find_tools

    return find_tools("video needs slide images from")


def _draw(pdftoppm: str, pdf: Path, folder: Path, pages: list[int], total: int) -> list[Path]:
    """Pages `pages` (ascending; the pages between them are drawn too) of `pdf` (of `total`
    pages) as QOI images in `folder`, in that order. pdftoppm names its pages page-N.ppm with N padded to the digits
    of the page count."""
    from ..preview import PDFTOPPM_TIMEOUT

    first, last = pages[0], pages[-1]
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
    digits = len(str(total))
    ppm = [folder / _name("page", n, total, "ppm") for n in range(first, last + 1)]
    if not all(p.is_file() for p in ppm):
        raise DeckcastError(f"video: LibreOffice drew fewer pages than the deck's {total} slides", str(pdf))
    images = ["-f", "image2", "-start_number", str(first), "-i", str(folder / f"page-%0{digits}d.ppm")]
    qoi = ["-frames:v", str(last - first + 1), "-c:v", "qoi", "-start_number", str(first)]
    ffmpeg.run([*images, *qoi, "-f", "image2", str(folder / f"page-%0{digits}d.qoi")], "the slide images")
    for path in ppm:
        path.unlink()
    return [folder / _name("page", n, total, "qoi") for n in pages]


def _name(stem: str, number: int, slides: int, suffix: str) -> str:
    return f"{stem}-{number:0{len(str(slides))}d}.{suffix}"
