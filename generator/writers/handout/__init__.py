"""The handout output: handout.html from its (autoescaped) template, and handout.pdf laid out
by WeasyPrint on exactly one page. The fitting loop renders, counts pages and degrades in
steps — smaller type down to 7.5 pt, then no sub-points, then the talk's pictures left out,
then its tables, code and quotes, then the lowest-priority points cut with a visible "…";
then the Q&A digest condenses (answers shortened, then the questions alone, then the latest
questions cut), then the roster (roles left out, then the names in one line, then "and N
more"), then the summary's last points — and reports what it condensed. A roster too long
for a quarter of the page condenses before anything else is tried.

The package, in the order the data flows: wording (text as the page shows it), blocks (a
talk's pictures, tables, code and quotes as the page shows them, and how tall they are),
pictures (the picture files, embedded), selection (what the handout shows, and the cut
order), condensing (the cut order applied), notes (links as numbered notes), roster and
estimates (room taken and what surely cannot fit, predicted without a layout), columns (the
two columns), fitting (the search for the layout that fits), fonts (the CJK and monospace
font subsets with HarfBuzz), fetcher (what WeasyPrint may read), render (the template and
WeasyPrint); `write` here is the writer."""

from __future__ import annotations

from pathlib import Path

from .. import BaseProduction, WriteResult
from .fit import SIZES, Fit
from .render import HandoutResult, render_handout

__all__ = ["SIZES", "Fit", "HandoutResult", "render_handout", "write"]


def write(production: BaseProduction, out: Path) -> WriteResult:
    """production: the episode, templates and paper are all the handout needs (a full
    Production has them too)."""
    result = render_handout(production.episode, production.templates, production.paper)
    (out / "handout.html").write_text(result.html, encoding="utf-8")
    (out / "handout.pdf").write_bytes(result.pdf)
    fit = result.fit
    passes = f"{result.passes} pass" + ("" if result.passes == 1 else "es")
    summary = (
        f"1 page, {fit.base_pt:g} pt"
        + ("" if fit.details else ", no sub-points")
        + (f", {result.cut} cut" if result.cut else "")
        + f", {passes}"
    )
    return WriteResult(("handout.html", "handout.pdf"), tuple(result.warnings), {"handout": summary})
