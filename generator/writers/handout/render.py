"""The handout rendered: its HTML from the (autoescaped) template, laid out by WeasyPrint
and fitted to one page by the search in fitting.py, with the PDF, the HTML (carrying its
fonts and pictures) and what was condensed (HandoutResult). WeasyPrint reads nothing but the
fonts written here, the talk's pictures and data: URIs (fetcher.py)."""

from __future__ import annotations

import base64
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import UsageError
from ...model import Episode
from ...templating import Templates, render
from .columns import columns
from .condensing import CUT_KINDS, apply_cuts, condensed, count
from .estimates import Bound, start
from .fetcher import confined_fetcher
from .fit import SIZES, Fit
from .fitting import Layout, Pages, fewest_cuts, first_fitting
from .fonts import subset_font, subset_mono
from .notes import numbered
from .pictures import PictureFiles
from .selection import BIG_ROSTER, HandoutContent, Item, collect
from .wording import episode_as_shown

PAPERS = {"a4": "A4", "letter": "letter"}
PICTURE_DPI = 300  # pictures are embedded in the PDF at most this fine (a thumbnail needs no more)
HTML_LANG = {"zh-Hant": "zh-Hant-TW", "zh-Hans": "zh-Hans-CN", "en": "en"}


@dataclass
class HandoutResult:
    """The handout as written: its HTML and PDF, the layout that fitted, how many layouts
    that took, the font (file#face), the warnings and how much was cut."""

    html: str
    pdf: bytes
    fit: Fit
    passes: int
    font: str
    warnings: list[str]
    cut: int = 0  # points, questions and summary points left out


def render_handout(episode: Episode, templates: Templates = Templates(), paper: str = "a4") -> HandoutResult:
    """The one-page handout of `episode` on `paper` ("a4" or "letter"), through the
    templates in `templates` (searched first) or the bundled ones."""
    from ...libraries import import_quietly

    import_quietly("weasyprint")  # loads its C libraries without ctypes' subprocesses
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

    if paper.lower() not in PAPERS:
        raise UsageError(f"--paper must be one of {', '.join(PAPERS)}, not '{paper}'")
    episode = episode_as_shown(episode)
    pictures = PictureFiles.of(episode)
    content, cut_order = collect(episode, pictures)
    bound = Bound.of(content, cut_order, paper.lower(), _user_styled(templates))
    # What surely cannot fit is cut before anything else looks at the content, so that no
    # step costs more for a longer source, and so is a roster longer than its share of the
    # page (those steps come first); `dropped` still counts these cuts.
    full_order = cut_order
    sure = max(bound.sure_cuts, sum(1 for i in cut_order if i.rank[0] == BIG_ROSTER))
    content, cut_order = apply_cuts(content, cut_order, sure), cut_order[sure:]
    warnings: list[str] = []
    refused: list[str] = []
    with tempfile.TemporaryDirectory(prefix="deckcast-font-") as tmp:
        font_path, font_name, note = subset_font(episode, content, Path(tmp))
        mono_path = subset_mono(episode, content, Path(tmp))
        if note:
            warnings.append(note)
        page = _Page(episode, templates, paper.lower(), content, cut_order, full_order, sure)
        fonts = FontConfiguration()
        fetcher = confined_fetcher([p for p in (font_path, mono_path) if p], pictures.laid_out, refused)
        urls = _Urls(font_path.as_uri(), mono_path.as_uri() if mono_path else "", pictures, embedded=False)
        passes = 0
        laid: dict[Fit, Layout] = {}

        def pages(fit: Fit) -> Layout:
            nonlocal passes
            if fit not in laid:
                passes += 1
                html = HTML(string=page.html(fit, urls), url_fetcher=fetcher)
                document = html.render(font_config=fonts, dpi=PICTURE_DPI)
                laid[fit] = document, len(document.pages)
            return laid[fit]

        fit, document = _fitted(content, cut_order, pages, bound, sure, paper.lower())
        warnings += condensed(full_order[: fit.dropped], len(episode.speakers))
        if not fit.details:
            warnings.append("handout: sub-points left out to fit one page")
        warnings += [f"handout: the template asks for {url}, which is not read (left out)" for url in refused]
        # The HTML on disk carries its fonts (the same subsets) and pictures, so it looks right
        # in a browser too.
        embedded = _Urls(
            _data_uri(font_path), _data_uri(mono_path) if mono_path else "", pictures, embedded=True
        )
        html = page.html(fit, embedded)
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
        pdf = document.write_pdf(full_fonts=True, pdf_identifier=identifier)
    return HandoutResult(
        html, pdf, fit, passes, font_name, warnings, count(full_order[: fit.dropped], CUT_KINDS)
    )


def _data_uri(font: Path) -> str:
    return "data:font/otf;base64," + base64.b64encode(font.read_bytes()).decode("ascii")


@dataclass(frozen=True)
class _Urls:
    """Where the page finds its fonts and pictures: file: URLs and the pictures' layout URLs
    while it is laid out, data: URIs on disk (`embedded`); `mono` is "" when the page shows
    no code."""

    body: str
    mono: str
    pictures: PictureFiles
    embedded: bool

    def picture(self, key: str) -> str:
        return self.pictures.url(key, self.embedded)


def _fitted(
    content: HandoutContent,
    cut_order: list[Item],
    pages: Pages,
    bound: Bound,
    sure: int,
    paper: str,
) -> tuple[Fit, Any]:
    """The layout that fits one page: the largest size that does, else (even the floor
    does not fit) the fewest cuts and condensing steps that will do."""
    ladder = [Fit(size, dropped=sure) for size in SIZES] + [Fit(SIZES[-1], details=False, dropped=sure)]
    if bound.sure_cuts:  # cannot fit even at the floor: no size is tried, cut
        fit, document = ladder[-1], None
    else:
        fit, document = first_fitting(ladder, pages, start(content, ladder), bound.overflows)
    if document is None:
        fit, document = fewest_cuts(content, cut_order, pages, sure, paper)
    return fit, document


@dataclass(frozen=True)
class _Page:
    """The handout's HTML for any Fit: the content with that Fit's cuts taken, through the
    template."""

    episode: Episode
    templates: Templates
    paper: str
    content: HandoutContent  # with the first `sure` steps of the full order taken
    cut_order: list[Item]  # the steps after those
    full_order: list[Item]
    sure: int

    def html(self, fit: Fit, urls: _Urls) -> str:
        episode = self.episode
        shown = apply_cuts(self.content, self.cut_order, fit.dropped - self.sure)
        notes = numbered(shown)
        return render(
            "handout/handout.html.j2",
            self.templates,
            episode=episode,
            fit=fit,
            font_url=urls.body,
            mono_url=urls.mono,
            picture_url=urls.picture,
            paper=PAPERS[self.paper],
            html_lang=HTML_LANG[episode.language],
            speakers=shown.speakers,
            roster=shown.roster,
            more_speakers=shown.more_speakers,
            columns=columns(shown, fit),
            questions=shown.questions,
            summary=shown.summary,
            summary_cut=shown.summary_cut,
            omitted=count(self.full_order[: fit.dropped], CUT_KINDS),
            colon=": " if episode.language == "en" else "：",
            source_name=Path(episode.source).name if episode.source else "",
            notes=notes,
            note_numbers={n.url: n.number for n in notes},
            blocks={i.kind for p in shown.parts for i in p.points if i.block},
        )


def _user_styled(templates: Templates) -> bool:
    """Whether the user's template folder has a handout template or stylesheet of its own."""
    return any(templates.user_has(f"handout/{name}") for name in ("handout.html.j2", "handout.css.j2"))
