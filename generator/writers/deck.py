"""Slide plan -> deck.pptx with python-pptx. Every run gets an explicit size, both its Latin
and East Asian typeface and its language tags; paragraphs get exactly the spacing and
margins the fitter measured with; the file is written byte-for-byte reproducibly."""

from __future__ import annotations

import contextlib
import datetime
import io
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from pptx.enum.shapes import PP_PLACEHOLDER

from ..deck import ooxml
from ..deck import package as deck_package
from ..deck.slide_adder import SlideAdder
from ..deck.theme import Theme, fonts_for
from ..model import Episode
from ..plan.slides import Slide, emptiest_slide
from . import WriteResult

_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
FIXED_TIME = datetime.datetime(2000, 1, 1)


@dataclass
class _OnLayout:
    """What every slide on one layout shares, worked out on its first slide: which of its
    placeholders (by idx) take the title and the body, the insets they inherit, and the
    layout's slide-number shape with its run styled."""

    title_idx: int | None
    body_idx: int | None
    insets: dict  # placeholder idx -> (left, top, right, bottom) EMU inherited from layout/master
    number: object  # styled slide-number element to copy onto each slide, or None


def _on_layout(layout, slide, fonts, language: str) -> _OnLayout:
    title = next((ph for ph in slide.placeholders if ph.placeholder_format.type in _TITLE_TYPES), None)
    bodies = [ph for ph in slide.placeholders if ph.placeholder_format.type in _BODY_TYPES]
    body = max(bodies, key=lambda ph: (ph.width or 0) * (ph.height or 0), default=None)
    insets = {ph.placeholder_format.idx: ooxml.effective_insets(ph) for ph in (title, body) if ph is not None}
    number = ooxml.slide_number_shape(
        layout, latin=fonts["minor"][0], east_asian=fonts["minor"][1], language=language
    )
    return _OnLayout(
        title.placeholder_format.idx if title is not None else None,
        body.placeholder_format.idx if body is not None else None,
        insets,
        number,
    )


def write_deck(slides: list[Slide], episode: Episode, theme: Theme) -> bytes:
    """The deck's bytes. The slides are added to the theme's presentation and taken out again
    when it is saved, so the theme can make another deck (the video draws the deck too)."""
    try:
        return _write_deck(slides, episode, theme)
    finally:
        from ..deck.theme import _remove_slides

        _remove_slides(theme.prs)


def _write_deck(slides: list[Slide], episode: Episode, theme: Theme) -> bytes:
    prs = theme.prs
    adder = SlideAdder(prs)
    # Title, body and notes paragraphs as XML text, spliced in when a slide is finished (only
    # where the adder keeps finished slides as bytes; elsewhere the element path writes them).
    splices = ooxml.Splices() if adder.fast else None
    fonts = fonts_for(theme, episode.language)
    shared: dict[str, _OnLayout] = {}
    for plan in slides:
        layout = theme.layouts[plan.role]
        slide = adder.add(layout)
        if plan.role not in shared:
            shared[plan.role] = _on_layout(layout, slide, fonts, episode.language)
        on = shared[plan.role]
        all_placeholders = ooxml.placeholder_shapes(slide)
        placeholders = dict(all_placeholders)
        title, body = placeholders.get(on.title_idx), placeholders.get(on.body_idx)
        frame = theme.frames[plan.role]
        if title is not None:
            _fill(
                title,
                on.insets[on.title_idx],
                [(plan.title, None, 0, True)],
                plan.title_pt,
                fonts["major"],
                episode.language,
                frame.title,
                bullets=False,
                splices=splices,
            )
        _draw_design(slide, plan, fonts, episode.language)
        if body is not None and plan.role == "content" and plan.design is None:
            paras = [(b.text, b.label, b.level, b.lead, b.runs) for b in plan.bullets]
            _fill(
                body,
                on.insets[on.body_idx],
                paras,
                plan.body_pt,
                fonts["minor"],
                episode.language,
                frame.body
                if plan.space_before is None
                else replace(frame.body, space_before=plan.space_before),
                bullets=True,
                link=_linker(slide),
                splices=splices,
            )
            if plan.blocks:
                _draw_blocks(
                    slide,
                    plan,
                    layout,
                    on,
                    body,
                    fonts,
                    frame.body.face,
                    episode,
                    (prs.slide_width, prs.slide_height),
                )
        elif body is not None and plan.subtitle:
            _fill(
                body,
                on.insets[on.body_idx],
                [(plan.subtitle, None, 0, True)],
                plan.subtitle_pt,
                fonts["minor"],
                episode.language,
                frame.body,
                bullets=False,
                splices=splices,
            )
        shows = splices.has_text if splices is not None else ooxml.has_text
        keep = {id(title), id(body) if body is not None and shows(body) else None}
        for _, sp in all_placeholders:  # nothing says "Click to add text" in the show
            if id(sp) not in keep:
                sp.getparent().remove(sp)
        if on.number is not None:
            ooxml.add_shape_copy(slide, on.number)
        _write_notes(ooxml.notes_body(adder.notes(slide)), plan.notes, fonts, episode.language, splices)
        adder.finish(slide, splices.apply if splices is not None else None)
    ooxml.list_notes_master(prs.part)
    _core_properties(prs, episode)
    return _save(prs)


def _draw_design(slide, plan: Slide, fonts, language: str) -> None:
    """A designed slide's cards, callouts, figures or strip (plan.design), drawn as planned."""
    if plan.design is not None:
        from ..deck.design import draw

        draw(slide, plan.design, fonts, language, _linker(slide))


def _paragraph_format(frame, bullets: bool, lead: bool, level: int, size_pt: float, first: bool) -> dict:
    """One paragraph's format as the frame sets it (the element and the text path alike): a
    bullet's hanging indent at its level, none for a lead line or an unbulleted frame."""
    bulleted = bullets and not lead
    margin = frame.bullet_indent_pt + level * frame.indent_pt_per_level
    return {
        "level": level if bullets else 0,
        "size_pt": size_pt,
        "line_spacing": frame.line_spacing,
        "space_before_em": frame.space_before,
        "margin_pt": margin if bulleted else 0,
        "indent_pt": -frame.bullet_indent_pt if bulleted else 0,
        "bullet": bulleted,
        "first": first,
    }


def _write_notes(notes, text: str, fonts, language: str, splices: ooxml.Splices | None = None) -> None:
    """The slide's notes (its narration), one paragraph per line, at 12 pt."""
    first = ooxml.start_text(notes)
    if splices is not None and ooxml.is_bare(first) and ooxml.xml_safe(text):
        face = {"latin": fonts["minor"][0], "east_asian": fonts["minor"][1], "language": language}
        lines = text.split("\n")
        xml = "".join(ooxml.paragraph_xml("", ooxml.runs_xml(line, size_pt=12, **face)) for line in lines)
        splices.put(first, xml, has_text=any(lines))
        return
    for i, line in enumerate(text.split("\n")):
        paragraph = first if i == 0 else ooxml.new_paragraph(notes)
        ooxml.add_runs(
            paragraph,
            line,
            size_pt=12,
            latin=fonts["minor"][0],
            east_asian=fonts["minor"][1],
            language=language,
        )


def _body_box(layout, idx):
    """The body placeholder's place on the layout (from the master when the layout inherits it)."""
    from ..deck.blocks import Box

    found = next((ph for ph in layout.placeholders if ph.placeholder_format.idx == idx), None)
    if found is None or found.width is None:
        master = layout.slide_master
        kind = found.placeholder_format.type if found is not None else None
        found = next((ph for ph in master.placeholders if ph.placeholder_format.type == kind), found)
    return Box(int(found.left), int(found.top), int(found.width), int(found.height))


def _draw_blocks(slide, plan: Slide, layout, on, body, fonts, face, episode: Episode, slide_size) -> None:
    """The slide's rich blocks beside its bullets (the body narrowed to its share) or in the
    whole body area, measured in `face` (the body's)."""
    from ..deck import blocks
    from ..deck.blocks import GAP_PT, Box

    area = _body_box(layout, on.body_idx)
    if plan.bullets and plan.text_share > 0 and any(not getattr(b, "background", False) for b in plan.blocks):
        text_width = int(area.width * plan.text_share)
        ooxml.set_box(body, area.left, area.top, text_width, area.height)
        gap = int(GAP_PT * blocks.EMU_PER_PT)
        area = Box(area.left + text_width + gap, area.top, area.width - text_width - gap, area.height)
    folder = Path(episode.source).resolve().parent if episode.source else Path.cwd()
    style = blocks.Style(fonts["minor"][0], fonts["minor"][1], episode.language, folder, face)
    shown = tuple(b for b in plan.blocks if not getattr(b, "background", False))
    for image in (b for b in plan.blocks if getattr(b, "background", False)):
        blocks.background(slide, image, style, slide_size)
    if shown:
        blocks.draw(slide, shown, area, style, _linker(slide), widths=not plan.bullets)


def _linker(slide):
    """url -> the relationship id of an external hyperlink from this slide (one per url)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    return lambda url: slide.part.relate_to(url, RT.HYPERLINK, is_external=True)


def _fill(sp, insets, paras, size_pt, fonts, language, frame, bullets: bool, link=None, splices=None) -> None:
    """Write paragraphs: (text, bold label, level, lead[, runs]) into a placeholder shape (`p:sp`).
    Sizes, spacing and insets (the layout's own, see template._frame, made explicit) are
    those the fitter measured with."""
    latin, east_asian = fonts
    tx_body = ooxml.text_body(sp)
    ooxml.frame_box(tx_body, insets, top_anchored=bullets)
    first = ooxml.start_text(tx_body)
    if splices is not None and ooxml.is_bare(first) and _plain_text(paras):
        xml, shown = _paragraphs_xml(paras, size_pt, fonts, language, frame, bullets, link)
        splices.put(first, xml, has_text=shown)
        return
    for i, (text, label, level, lead, *styled) in enumerate(paras):
        paragraph = first if i == 0 else ooxml.new_paragraph(tx_body)
        if frame is not None:
            ooxml.paragraph_format(
                paragraph, **_paragraph_format(frame, bullets, lead, level, size_pt, i == 0)
            )
        if label:
            ooxml.add_runs(
                paragraph,
                label,
                size_pt=size_pt,
                latin=latin,
                east_asian=east_asian,
                language=language,
                bold=True,
            )
        if styled and styled[0]:
            ooxml.add_styled_runs(
                paragraph,
                styled[0],
                size_pt=size_pt,
                latin=latin,
                east_asian=east_asian,
                language=language,
                bold=bool(lead) or None,
                link=link,
            )
        elif text:
            ooxml.add_runs(
                paragraph,
                text,
                size_pt=size_pt,
                latin=latin,
                east_asian=east_asian,
                language=language,
                bold=bool(lead) or None,
            )


def _plain_text(paras) -> bool:
    """Whether every text of the paragraphs is one lxml takes (else the element path raises)."""
    texts = [t for text, label, _, _, *styled in paras for t in (text, label or "")]
    texts += [r.text + (r.url or "") for *_, styled in (p for p in paras if len(p) > 4) for r in styled]
    return ooxml.xml_safe(*texts)


def _paragraphs_xml(paras, size_pt, fonts, language, frame, bullets: bool, link) -> tuple[str, bool]:
    """_fill's paragraphs as XML text, and whether any of them shows text."""
    face = {"size_pt": size_pt, "latin": fonts[0], "east_asian": fonts[1], "language": language}
    out, shown = [], False
    for i, (text, label, level, lead, *styled) in enumerate(paras):
        properties = ""
        if frame is not None:
            properties = ooxml.paragraph_format_xml(
                **_paragraph_format(frame, bullets, lead, level, size_pt, i == 0)
            )
        runs = ooxml.runs_xml(label, bold=True, **face) if label else ""
        if styled and styled[0]:
            runs += ooxml.styled_runs_xml(styled[0], bold=bool(lead) or None, link=link, **face)
            shown = shown or bool(label) or any(r.text for r in styled[0])
        elif text:
            runs += ooxml.runs_xml(text, bold=bool(lead) or None, **face)
            shown = True
        shown = shown or bool(label)
        out.append(ooxml.paragraph_xml(properties, runs))
    return "".join(out), shown


def _core_properties(prs, episode: Episode) -> None:
    core = prs.core_properties
    core.title = episode.title
    core.subject = episode.topic or ""
    core.author = episode.host.name or episode.show or ""
    core.keywords = episode.show or ""
    core.last_modified_by = "deckcast"
    core.comments = ""
    core.category = ""
    core.revision = 1
    core.language = ooxml.LOCALE[episode.language]
    stamp = FIXED_TIME
    if episode.date:
        with contextlib.suppress(ValueError):
            stamp = datetime.datetime.fromisoformat(episode.date[:10])
    core.created = core.modified = stamp
    core.last_printed = stamp


def _save(prs) -> bytes:
    """The package as python-pptx writes it (same members, same order, same bytes), zipped
    once with fixed timestamps (deck.package). Falls back to saving with python-pptx and
    re-zipping where the internals that relies on are not there."""
    package = prs.part.package
    if deck_package.can_write(package):
        return deck_package.zipped(deck_package.members(package))
    buffer = io.BytesIO()
    prs.save(buffer)
    return _reproducible_zip(buffer.getvalue())


def _reproducible_zip(data: bytes) -> bytes:
    """Same members, same order, fixed timestamps: the same plan gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(deck_package.member(item.filename), src.read(item.filename))
    return out.getvalue()


def write(production, out: Path) -> WriteResult:
    """production: a generator.plan.production.Production (the fitted slides, notes = narration)."""
    (out / "deck.pptx").write_bytes(write_deck(production.slides, production.episode, production.theme))
    stats: dict[str, object] = {"slides": len(production.slides)}
    emptiest = emptiest_slide(production.slides)
    if emptiest is not None:
        stats["emptiest"] = f"{emptiest.number}: {emptiest.fill:.0%}"
    return WriteResult(("deck.pptx",), (), stats)
