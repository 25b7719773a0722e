"""`deckcast preview`: build a source's deck and handout, then look at them — every slide as
a PNG (LibreOffice renders the deck to PDF, Poppler's pdftoppm rasterises it), the handout
as a PNG, and a contact sheet with all of them on one image.

No imaging library is needed: the contact sheet is an HTML page with the PNGs placed on a
grid, laid out by WeasyPrint (already a dependency, for the handout) into a one-page PDF,
which pdftoppm rasterises like the rest."""

from __future__ import annotations

import html
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .build import EpisodeResult, Options, build_episode
from .errors import DeckcastError, UsageError

SLIDE_DPI = 80
HANDOUT_DPI = 100
SHEET_DPI = 96  # one CSS px of the contact sheet = one pixel
SOFFICE_TIMEOUT = 180  # seconds
PDFTOPPM_TIMEOUT = 120
INSTALL_HINT = (
    "install them with `apt-get install libreoffice-impress poppler-utils` (Debian/Ubuntu) or "
    "`brew install --cask libreoffice && brew install poppler` (macOS)"
)
_MAC_SOFFICE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
# contact sheet geometry, CSS px
_THUMB_W = 320
_HANDOUT_W = 480
_GAP = 16
_LABEL = 18
_HEADER = 34


@dataclass
class PreviewResult:
    out_dir: Path
    deck: Path  # out_dir/deck.pptx
    handout_pdf: Path  # out_dir/handout.pdf
    slides: list[Path]  # out_dir/preview/slide-01.png, … one per slide, in order
    handout: Path  # out_dir/preview/handout.png
    contact_sheet: Path  # out_dir/preview/contact-sheet.png
    build: EpisodeResult  # the build: up_to_date, files, diagnostics (warnings to show)
    notes: list[str] = field(default_factory=list)  # remarks from rendering (e.g. page count mismatch)

    @property
    def pngs(self) -> list[Path]:
        """Every PNG written: the slides, the handout, the contact sheet."""
        return [*self.slides, self.handout, self.contact_sheet]


def find_tools(needs: str = "preview needs") -> tuple[str, str]:
    """(soffice, pdftoppm) executables, or a one-line UsageError, starting with `needs`,
    saying how to install them."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice and sys.platform == "darwin" and os.access(_MAC_SOFFICE, os.X_OK):
        soffice = _MAC_SOFFICE
    pdftoppm = shutil.which("pdftoppm")
    missing = [
        name
        for name, found in (("LibreOffice (soffice)", soffice), ("Poppler (pdftoppm)", pdftoppm))
        if not found
    ]
    if missing:
        raise UsageError(f"{needs} {' and '.join(missing)}, not found on PATH: {INSTALL_HINT}")
    return soffice, pdftoppm


def preview(source: Path, out_dir: Path, options: Options | None = None) -> PreviewResult:
    """Build SOURCE's deck and handout into OUT_DIR (skipped when up to date, like `build`), then
    render out_dir/preview/: slide-NN.png (80 dpi), handout.png (100 dpi) and contact-sheet.png.
    Raises UsageError when soffice or pdftoppm is missing (before building anything), and
    DeckcastError when a conversion fails or times out."""
    soffice, pdftoppm = find_tools()
    source, out_dir = Path(source), Path(out_dir)
    result = build_episode(source, out_dir, ["deck", "handout"], options or Options(), force=False)
    deck, handout_pdf = out_dir / "deck.pptx", out_dir / "handout.pdf"
    for made in (deck, handout_pdf):
        if not made.is_file():
            raise DeckcastError(
                f"the build did not leave {made.name} in {out_dir}; run with --force", str(source)
            )
    folder = out_dir / "preview"
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="deckcast-preview-") as tmp_name:
        tmp = Path(tmp_name)
        deck_pdf = _to_pdf(soffice, deck, tmp)
        slides = _rasterise(pdftoppm, deck_pdf, tmp / "slide", SLIDE_DPI)
        expected = _slide_count(deck)
        if expected is not None and expected != len(slides):
            notes.append(f"preview: LibreOffice rendered {len(slides)} pages for {expected} slides")
        width = max(2, len(str(len(slides))))
        named = []
        for n, png in enumerate(slides, 1):
            target = tmp / f"slide-{n:0{width}d}.png"
            png.rename(target)
            named.append(target)
        handout = _rasterise(pdftoppm, handout_pdf, tmp / "handout", HANDOUT_DPI, single=True)[0]
        sheet = _contact_sheet(pdftoppm, named, handout, tmp, title=_sheet_title(source, len(named)))
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("slide-*.png"):  # a shorter deck leaves no stale slides behind
            old.unlink()
        final = []
        for png in [*named, handout, sheet]:
            os.replace(png, folder / png.name)
            final.append(folder / png.name)
    return PreviewResult(out_dir, deck, handout_pdf, final[:-2], final[-2], final[-1], result, notes)


# --------------------------------------------------------------------------- tools


def _to_pdf(soffice: str, deck: Path, tmp: Path, pages: str | None = None) -> Path:
    """deck.pptx -> tmp/deck.pdf with LibreOffice headless, in a private profile so runs in
    parallel (or a LibreOffice the user has open) do not clash; only the slides `pages` says
    ("3,7-9") when it is given (LibreOffice 7.4 and later; an older one draws them all)."""
    profile = (tmp / "lo-profile").resolve().as_uri()
    export = "pdf"
    if pages:
        export = "pdf:impress_pdf_Export:" + json.dumps({"PageRange": {"type": "string", "value": pages}})
    try:
        proc = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                export,
                "--outdir",
                str(tmp),
                str(deck.resolve()),
            ],
            capture_output=True,
            text=True,
            timeout=SOFFICE_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise DeckcastError(
            f"LibreOffice took more than {SOFFICE_TIMEOUT} s to render the deck", str(deck)
        ) from None
    except OSError as exc:
        raise DeckcastError(f"cannot run LibreOffice ({soffice}): {exc.strerror or exc}", str(deck)) from None
    pdf = tmp / (deck.stem + ".pdf")
    if proc.returncode != 0 or not pdf.is_file():
        said = (proc.stderr.strip() or proc.stdout.strip() or f"exit code {proc.returncode}").splitlines()[-1]
        raise DeckcastError(f"LibreOffice could not render the deck: {said}", str(deck))
    return pdf


def _rasterise(pdftoppm: str, pdf: Path, prefix: Path, dpi: int, single: bool = False) -> list[Path]:
    """pdftoppm PDF -> PNGs (all pages, or the first with `single`), in page order."""
    args = [pdftoppm, "-r", str(dpi), "-png"] + (["-singlefile"] if single else []) + [str(pdf), str(prefix)]
    try:
        proc = subprocess.run(
            args, capture_output=True, text=True, timeout=PDFTOPPM_TIMEOUT, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        raise DeckcastError(f"pdftoppm took more than {PDFTOPPM_TIMEOUT} s", str(pdf)) from None
    except OSError as exc:
        raise DeckcastError(f"cannot run pdftoppm ({pdftoppm}): {exc.strerror or exc}", str(pdf)) from None
    if proc.returncode != 0:
        said = (proc.stderr.strip() or f"exit code {proc.returncode}").splitlines()[-1]
        raise DeckcastError(f"pdftoppm could not rasterise the PDF: {said}", str(pdf))
    if single:
        out = [prefix.with_name(prefix.name + ".png")]
    else:
        pattern = re.compile(re.escape(prefix.name) + r"-(\d+)\.png$")
        found = [(int(m.group(1)), p) for p in prefix.parent.iterdir() if (m := pattern.match(p.name))]
        out = [p for _, p in sorted(found)]
    if not out or not all(p.is_file() for p in out):
        raise DeckcastError("pdftoppm wrote no image", str(pdf))
    return out


def _slide_count(deck: Path) -> int | None:
    try:
        from pptx import Presentation

        return len(Presentation(str(deck)).slides)
    except Exception:  # only a cross-check; the render itself succeeded
        return None


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) in pixels from a PNG's IHDR chunk."""
    with Path(path).open("rb") as handle:
        head = handle.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise DeckcastError("not a PNG image", str(path))
    return struct.unpack(">II", head[16:24])


# --------------------------------------------------------------------------- contact sheet


def _sheet_title(source: Path, slides: int) -> str:
    name = source.name if source.name.isascii() else ""  # the sheet's font may lack CJK glyphs
    return f"{name + ' - ' if name else ''}{slides} slides + handout"


def _contact_sheet(pdftoppm: str, slides: list[Path], handout: Path, tmp: Path, title: str) -> Path:
    """The slides on a grid, numbered, and the handout beside them: one PNG."""
    from weasyprint import HTML

    cols = 4 if len(slides) <= 24 else 5 if len(slides) <= 50 else 6
    sw, sh = png_size(slides[0]) if slides else (16, 9)
    thumb_h = round(_THUMB_W * sh / sw)
    hw, hh = png_size(handout)
    handout_h = round(_HANDOUT_W * hh / hw)
    rows = max(1, math.ceil(len(slides) / cols))
    cell_h = thumb_h + _LABEL + _GAP
    grid_w = cols * (_THUMB_W + _GAP)
    page_w = _GAP + grid_w + _HANDOUT_W + _GAP
    page_h = _GAP + _HEADER + max(rows * cell_h, handout_h + _LABEL + _GAP) + _GAP
    boxes = []
    for i, png in enumerate(slides):
        x = _GAP + (i % cols) * (_THUMB_W + _GAP)
        y = _GAP + _HEADER + (i // cols) * cell_h
        boxes.append(_figure(png, x, y, _THUMB_W, thumb_h, str(i + 1)))
    boxes.append(_figure(handout, _GAP + grid_w, _GAP + _HEADER, _HANDOUT_W, handout_h, "handout"))
    page = f"""<!doctype html><html><head><meta charset="utf-8"><style>
@page {{ size: {page_w}px {page_h}px; margin: 0 }}
html, body {{ margin: 0; padding: 0; background: #e8e8ec; font-family: sans-serif; color: #333 }}
h1 {{ position: absolute; left: {_GAP}px; top: {_GAP}px; margin: 0; font-size: 18px; font-weight: bold }}
figure {{ position: absolute; margin: 0 }}
img {{ display: block; box-shadow: 0 1px 3px rgba(0, 0, 0, .35); background: white }}
figcaption {{ font-size: 12px; line-height: {_LABEL}px; height: {_LABEL}px }}
</style></head><body><h1>{html.escape(title)}</h1>{"".join(boxes)}</body></html>"""
    pdf = tmp / "contact-sheet.pdf"
    HTML(string=page, base_url=str(tmp)).write_pdf(pdf)
    return _rasterise(pdftoppm, pdf, tmp / "contact-sheet", SHEET_DPI, single=True)[0]


def _figure(png: Path, x: int, y: int, w: int, h: int, label: str) -> str:
    return (
        f'<figure style="left: {x}px; top: {y}px; width: {w}px">'
        f'<img src="{html.escape(png.resolve().as_uri())}" style="width: {w}px; height: {h}px">'
        f"<figcaption>{html.escape(label)}</figcaption></figure>"
    )
