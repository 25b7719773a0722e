"""The deck in the browser: deck.html, one self-contained file that makes no network
request. It draws the fitted slide plan (the Production: the same slides, layouts, rich
content and theme colours as deck.pptx; drawing.py) with the fonts the fitter measured in
(fonts.py), its pictures as data: URIs, its stylesheet and its small script inline under a
Content-Security-Policy that allows exactly those two (by their SHA-256) and data: fonts
and pictures. The presenter view's notes are the script's narration blocks and cue times
(writers/script.py's own). Wording and markup come from templates/deck/deck.html.j2, its
stylesheet deck.css.j2 and its script deck.js.j2; every text from the source goes through
the template's autoescaping, so a `<script>` or `{{ }}` in a source is text on the slide."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...templating import render, render_to
from .. import WriteResult

if TYPE_CHECKING:
    from ...deck.fit.fonts import Face
    from ...model import Image
    from ...plan.production import Production

FILE = "deck.html"
PAGE = "deck/deck.html.j2"
HTML_LANG = {"zh-Hant": "zh-Hant-TW", "zh-Hans": "zh-Hans-CN", "en": "en"}
_TAGS = re.compile(r"<[^>]*>")


def write(production: Production, out: Path) -> WriteResult:
    """production: a generator.plan.production.Production."""
    context, warnings = page_context(production)
    # written as the template makes it, piece by piece: the page is never whole in memory
    render_to(out / FILE, PAGE, production.templates, **context)
    return WriteResult((FILE,), tuple(warnings), {})


def render_deck(production: Production) -> tuple[str, list[str]]:
    """deck.html's text and the warnings (fonts not found)."""
    context, warnings = page_context(production)
    return render(PAGE, production.templates, **context), warnings


def page_context(production: Production) -> tuple[dict[str, Any], list[str]]:
    """What deck.html's template draws the page from, and the warnings (fonts not found)."""
    import html as html_module

    from ...deck.appearance import appearance_of
    from ...deck.theme import fonts_for
    from ..script import blocks_of, clock
    from .drawing import Context, Sheet, draw_slide
    from .fonts import embedded_fonts

    episode, theme = production.episode, production.theme
    look = appearance_of(theme)
    pictures = _Pictures(Path(episode.source).resolve().parent if episode.source else Path.cwd())
    sheet = Sheet()
    fonts_named = fonts_for(theme, episode.language)
    families = {"major": "var(--major)", "minor": "var(--minor)", "mono": "var(--mono)"}
    context = Context(
        look, theme.frames, families, episode.language, pictures.folder, pictures, theme.faces or {}
    )
    blocks = blocks_of(production)
    slides = [
        draw_slide(slide, context, sheet, block.text, clock(block.start))
        for slide, block in zip(production.slides, blocks, strict=True)
    ]
    base = {
        "episode": episode,
        "slides": slides,
        "look": look,
        "html_lang": HTML_LANG[episode.language],
        "total": clock(production.narration.total_seconds),
        "width": theme.frames["content"].slide[0],
        "height": theme.frames["content"].slide[1],
    }
    script = render("deck/deck.js.j2", production.templates, **base)
    # The page's own text, to cut the fonts to: drawn once without fonts.
    draft = render(
        PAGE,
        production.templates,
        **base,
        css="",
        js="",
        csp="",
        fonts=None,
        families=families,
    )
    # The fonts are cut to sets of characters: each text is kept as its distinct characters
    # only, and the draft let go before the page is drawn (a 5,800-slide page is 16 MB).
    text = _characters(html_module.unescape(_TAGS.sub(" ", draft.split("<body", 1)[-1])))
    del draft
    mono = _characters(
        (t for s in slides for i in s.items for line in i.lines for t, _ in line),
        (r.text for s in slides for i in s.items for p in i.paras for r in p.runs if r.code),
    )
    faces = theme.faces or {}
    fonts = embedded_fonts(
        {k: faces[k] for k in ("major", "minor")} if faces else _arial(),
        {k: v[0] for k, v in fonts_named.items()},
        episode.language,
        text,
        mono,
    )
    css = render(
        "deck/deck.css.j2",
        production.templates,
        **base,
        fonts=fonts,
        geometry=sheet.css,
    )
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src '{_sha256(script)}'",
            f"style-src '{_sha256(css)}'",
            "img-src data:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    page = {"css": css, "js": script, "csp": csp, "fonts": fonts, "families": families}
    return {**base, **page}, list(fonts.warnings) + pictures.warnings


def _characters(*texts: Iterable[str]) -> str:
    """The distinct characters of the texts, in code point order."""
    return "".join(sorted({ch for text in texts for piece in text for ch in piece}))


def _arial() -> dict[str, Face]:
    from ...deck.fit import ARIAL

    return {"major": ARIAL, "minor": ARIAL}


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


class _Pictures:
    """The talk's pictures as data: URIs with their size in pixels, each file read once (the
    reader checked each: inside the source's folder, a real PNG, JPEG or GIF)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.found: dict[str, tuple[str, tuple[int, int]]] = {}
        self.warnings: list[str] = []

    def __call__(self, image: Image) -> tuple[str, tuple[int, int]]:
        if image.src not in self.found:
            self.found[image.src] = _picture(self.folder, image.src)
        return self.found[image.src]


def _picture(folder: Path, src: str) -> tuple[str, tuple[int, int]]:
    import io
    import warnings

    from PIL import Image as PILImage

    from ...errors import UsageError
    from ..handout.pictures import MIME

    try:
        data = (folder / src).read_bytes()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the reader bounded the pixels already
            with PILImage.open(io.BytesIO(data)) as picture:
                kind, size = picture.format or "", picture.size
    except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError) as exc:
        raise UsageError(f"deck.html: cannot read the image {src!r} ({exc})") from None
    if kind not in MIME:
        raise UsageError(f"deck.html: the image {src!r} is no longer a PNG, JPEG or GIF picture")
    return f"data:{MIME[kind]};base64," + base64.b64encode(data).decode("ascii"), size
