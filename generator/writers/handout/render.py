"""The handout rendered: its HTML from the (autoescaped) template, laid out by WeasyPrint
and fitted to one page by the search in fitting.py, with the PDF, the HTML (carrying its
font) and what was condensed (HandoutResult)."""

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
from .fit import SIZES, Fit
from .fitting import Layout, Pages, fewest_cuts, first_fitting
from .fonts import subset_font
from .selection import BIG_ROSTER, HandoutContent, Item, collect
from .wording import episode_as_shown

PAPERS = {"a4": "A4", "letter": "letter"}
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
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

    if paper.lower() not in PAPERS:
        raise UsageError(f"--paper must be one of {', '.join(PAPERS)}, not '{paper}'")
    episode = episode_as_shown(episode)
    content, cut_order = collect(episode)
    bound = Bound.of(content, cut_order, paper.lower(), _user_styled(templates))
    # What surely cannot fit is cut before anything else looks at the content, so that no
    # step costs more for a longer source, and so is a roster longer than its share of the
    # page (those steps come first); `dropped` still counts these cuts.
    full_order = cut_order
    sure = max(bound.sure_cuts, sum(1 for i in cut_order if i.rank[0] == BIG_ROSTER))
    content, cut_order = apply_cuts(content, cut_order, sure), cut_order[sure:]
    warnings: list[str] = []
    with tempfile.TemporaryDirectory(prefix="deckcast-font-") as tmp:
        font_path, font_name, note = subset_font(episode, content, Path(tmp))
        if note:
            warnings.append(note)
        page = _Page(episode, templates, paper.lower(), content, cut_order, full_order, sure)
        fonts = FontConfiguration()
        passes = 0
        laid: dict[Fit, Layout] = {}

        def pages(fit: Fit) -> Layout:
            nonlocal passes
            if fit not in laid:
                passes += 1
                document = HTML(string=page.html(fit, font_path.as_uri())).render(font_config=fonts)
                laid[fit] = document, len(document.pages)
            return laid[fit]

        fit, document = _fitted(content, cut_order, pages, bound, sure, paper.lower())
        warnings += condensed(full_order[: fit.dropped], len(episode.speakers))
        if not fit.details:
            warnings.append("handout: sub-points left out to fit one page")
        # The HTML on disk carries its font (the same subset) so it looks right in a browser too.
        html = page.html(
            fit, "data:font/otf;base64," + base64.b64encode(font_path.read_bytes()).decode("ascii")
        )
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
        pdf = document.write_pdf(full_fonts=True, pdf_identifier=identifier)
    return HandoutResult(
        html, pdf, fit, passes, font_name, warnings, count(full_order[: fit.dropped], CUT_KINDS)
    )


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

    def html(self, fit: Fit, font_url: str) -> str:
        episode = self.episode
        shown = apply_cuts(self.content, self.cut_order, fit.dropped - self.sure)
        return render(
            "handout/handout.html.j2",
            self.templates,
            episode=episode,
            fit=fit,
            font_url=font_url,
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
        )


def _user_styled(templates: Templates) -> bool:
    """Whether the user's template folder has a handout template or stylesheet of its own."""
    return any(templates.user_has(f"handout/{name}") for name in ("handout.html.j2", "handout.css.j2"))
