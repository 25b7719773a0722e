"""The one place for raw DrawingML, below python-pptx's object API (its `oxml/` idea). Written:
what python-pptx has no API for — the East Asian typeface (`a:ea`), language tags with
`altLang`, paragraph spacing and bullets, slide-number fields, and a notes body placeholder for
notes masters that lack one. Read: what a text frame inherits along placeholder -> layout ->
master -> text styles, for the writer's fitting and for `deckcast check`."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

from lxml import etree  # type: ignore[import-untyped]
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn

from ..model import LOCALE, Run
from ..text.scripts import WIDE, WIDE_MARKS, WIDE_RANGES

if TYPE_CHECKING:
    from pptx.parts.presentation import PresentationPart
    from pptx.shapes.base import BaseShape
    from pptx.shapes.placeholder import LayoutPlaceholder
    from pptx.slide import NotesSlide, Slide, SlideLayout, SlideMaster

# lxml ships no type stubs: an element (python-pptx's or plain lxml's) is typed by this name.
Element: TypeAlias = Any

# Runs are split where the script changes, so every run carries the right language tag.
_SEGMENT = re.compile(f"[{WIDE_RANGES}{WIDE_MARKS}]+|[^{WIDE_RANGES}{WIDE_MARKS}]+")
_RPR_ORDER = (
    "ln",
    "noFill",
    "solidFill",
    "gradFill",
    "blipFill",
    "pattFill",
    "grpFill",
    "effectLst",
    "effectDag",
    "highlight",
    "uLnTx",
    "uLn",
    "uFillTx",
    "uFill",
    "latin",
    "ea",
    "cs",
    "sym",
    "hlinkClick",
    "hlinkMouseOver",
    "rtl",
    "extLst",
)


def segments(text: str) -> list[tuple[str, bool]]:
    """Text cut where it changes between CJK and other scripts: [(piece, is_cjk)]."""
    return [(m.group(0), bool(WIDE.search(m.group(0)))) for m in _SEGMENT.finditer(text)]


_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_CONTROL = re.compile(r"([\x00-\x08\x0B-\x1F])")  # escaped as python-pptx's run.text does
_CONTENT = (_A + "r", _A + "br", _A + "fld")


def east_asian_locale(language: str) -> str:
    # The East Asian locale of the deck: its own for a Chinese deck, zh-TW (the default East
    # Asian font is Microsoft JhengHei) for an English one. Every run names both languages.
    return LOCALE[language] if language != "en" else "zh-TW"


def start_text(tx_body: Element) -> Element:
    """Empty a text body as python-pptx's `text_frame.clear()` does (one paragraph left, its
    properties kept) and return that paragraph."""
    paragraphs = tx_body.findall(_A + "p")
    for extra in paragraphs[1:]:
        tx_body.remove(extra)
    first = paragraphs[0] if paragraphs else etree.SubElement(tx_body, _A + "p")
    for child in [c for c in first if c.tag in _CONTENT]:
        first.remove(child)
    return first


def new_paragraph(tx_body: Element) -> Element:
    return etree.SubElement(tx_body, _A + "p")


def add_runs(
    paragraph: Element,
    text: str,
    *,
    size_pt: float,
    latin: str,
    east_asian: str,
    language: str,
    bold: bool | None = None,
) -> None:
    """The text as runs cut where the script changes, each with an explicit size, both
    typefaces and its language tags (the same XML python-pptx's add_run + style_run made)."""
    east = east_asian_locale(language)
    size = str(int(round(size_pt * 100)))
    end = paragraph.find(_A + "endParaRPr")
    for segment, is_cjk in segments(text):
        run = etree.Element(_A + "r")
        rpr = etree.SubElement(run, _A + "rPr")
        rpr.set("sz", size)
        if bold is not None:
            rpr.set("b", "1" if bold else "0")
        rpr.set("lang", east if is_cjk else "en-US")
        rpr.set("altLang", "en-US" if is_cjk else east)
        etree.SubElement(rpr, _A + "latin").set("typeface", latin)
        etree.SubElement(rpr, _A + "ea").set("typeface", east_asian)
        etree.SubElement(rpr, _A + "cs").set("typeface", latin)
        etree.SubElement(run, _A + "t").text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", segment)
        if end is not None:
            end.addprevious(run)
        else:
            paragraph.append(run)


def _style_rpr(
    rpr: Element,
    *,
    size_pt: float,
    latin: str,
    east_asian: str,
    language: str,
    is_cjk: bool,
    bold: bool | None = None,
) -> None:
    rpr.set("sz", str(int(round(size_pt * 100))))
    if bold is not None:
        rpr.set("b", "1" if bold else "0")
    east = east_asian_locale(language)
    if is_cjk:
        rpr.set("lang", east)
        rpr.set("altLang", "en-US")
    else:
        rpr.set("lang", "en-US")
        rpr.set("altLang", east)
    _set_typeface(rpr, "latin", latin)
    _set_typeface(rpr, "ea", east_asian)
    _set_typeface(rpr, "cs", latin)


def _set_typeface(rpr: Element, tag: str, typeface: str) -> None:
    existing = rpr.find(qn(f"a:{tag}"))
    if existing is None:
        existing = etree.SubElement(rpr, qn(f"a:{tag}"))
    existing.set("typeface", typeface)
    _reorder(rpr)


def _reorder(rpr: Element) -> None:
    children = sorted(
        rpr,
        key=lambda el: (
            _RPR_ORDER.index(etree.QName(el).localname)
            if etree.QName(el).localname in _RPR_ORDER
            else len(_RPR_ORDER)
        ),
    )
    for child in children:
        rpr.append(child)


# --------------------------------------------------------------------------- inheritance

_INSETS = (("lIns", 91440), ("tIns", 45720), ("rIns", 91440), ("bIns", 45720))  # DrawingML defaults


def placeholder_chain(placeholder: BaseShape) -> list[Any]:
    """The placeholder and those it inherits from (slide -> layout -> master), nearest first;
    a shape that is no placeholder is its own chain."""
    out: list[Any] = []
    current: Any = placeholder
    while current is not None and len(out) < 3:
        out.append(current)
        try:
            current = current._base_placeholder
        except (AttributeError, KeyError, NotImplementedError):
            current = None
    return out


def master_text_style(master: SlideMaster, style: str, level: int) -> Element | None:
    """List level `level` (1-based, `a:lvlNpPr`) of one of the master's text styles
    (`titleStyle`, `bodyStyle`, `otherStyle` in `p:txStyles`): what a placeholder's text
    inherits last."""
    return master._element.find(f"{qn('p:txStyles')}/{qn(f'p:{style}')}/{qn(f'a:lvl{level}pPr')}")


def _nearest_insets(bodies: list[Element]) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) in EMU from the nearest `a:bodyPr` that sets each, else the
    DrawingML defaults."""
    left, top, right, bottom = (
        next((int(b.get(name)) for b in bodies if b.get(name) is not None), default)
        for name, default in _INSETS
    )
    return left, top, right, bottom


def effective_insets(placeholder: BaseShape) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) text insets in EMU as PowerPoint applies them: the
    placeholder's own `a:bodyPr`, else its layout's or master's placeholder's, else the
    DrawingML defaults (0.1 in, 0.05 in)."""
    found = [ph._element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}") for ph in placeholder_chain(placeholder)]
    return _nearest_insets([b for b in found if b is not None])


def list_style(placeholder: BaseShape, master: SlideMaster, level: int, attr: str) -> int | None:
    """An attribute (`marL`, `indent`) of list level `level` (1-based) as the placeholder
    inherits it: its own `a:lstStyle`, its layout's and master's placeholder's, then the
    master's body text style. None when nobody sets it."""
    path = f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn(f'a:lvl{level}pPr')}"
    styles = [ph._element.find(path) for ph in placeholder_chain(placeholder)]
    styles.append(master_text_style(master, "bodyStyle", level))
    for style in styles:
        if style is not None and style.get(attr) is not None:
            return int(style.get(attr))
    return None


_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_PH_PATH = f"{_P}nvSpPr/{_P}nvPr/{_P}ph"
_AUTOFIT = (_A + "noAutofit", _A + "normAutofit", _A + "spAutoFit")


# --------------------------------------------------------------------------- writing a slide


def placeholder_shapes(slide: Slide) -> list[tuple[int, Element]]:
    """(idx, `p:sp` element) of each placeholder shape on a slide python-pptx just made (its
    placeholders are cloned from the layout and are always `p:sp`), found without
    python-pptx's per-shape XPath."""
    found = []
    for sp in slide.shapes._spTree.iterchildren(_P + "sp"):
        ph = sp.find(_PH_PATH)
        if ph is not None:
            found.append((int(ph.get("idx", "0")), sp))
    return found


def text_body(sp: Element) -> Element | None:
    """The shape's `p:txBody`, None when it has none."""
    return sp.find(_P + "txBody")


def has_text(sp: Element) -> bool:
    return any(t.text for t in sp.iter(_A + "t"))


def frame_box(tx_body: Element, insets: tuple[int, int, int, int], *, top_anchored: bool) -> None:
    """Insets, word wrap, no autofit (and a top anchor for lists) on `a:bodyPr`, as
    python-pptx's text_frame setters write them. All four insets are written explicitly
    (python-pptx's margin setters drop a value equal to the DrawingML default, so the
    layout's value would show through instead of the one the fitter measured with)."""
    body_pr = tx_body.find(_A + "bodyPr")
    for (name, _), value in zip(_INSETS, insets, strict=False):
        body_pr.set(name, str(int(value)))
    body_pr.set("wrap", "square")
    for old in [c for c in body_pr if c.tag in _AUTOFIT]:
        body_pr.remove(old)
    warp = body_pr.find(_A + "prstTxWarp")
    body_pr.insert(body_pr.index(warp) + 1 if warp is not None else 0, etree.Element(_A + "noAutofit"))
    if top_anchored:
        body_pr.set("anchor", "t")


def paragraph_format(
    paragraph: Element,
    *,
    level: int,
    size_pt: float,
    line_spacing: float,
    space_before_em: float,
    margin_pt: float,
    indent_pt: float,
    bullet: bool,
    first: bool,
) -> None:
    """Level, line spacing, space before, margins and bullet exactly as the fitter assumed them."""
    ppr = paragraph.find(_A + "pPr")
    if ppr is None:
        ppr = etree.Element(_A + "pPr")
        paragraph.insert(0, ppr)
    if level:
        ppr.set("lvl", str(level))
    elif "lvl" in ppr.attrib:
        del ppr.attrib["lvl"]
    ppr.set("marL", str(int(round(margin_pt * 12700))))
    ppr.set("indent", str(int(round(indent_pt * 12700))))
    for tag in ("lnSpc", "spcBef", "spcAft", "buNone", "buChar", "buAutoNum", "buFont", "buClr", "buSzPct"):
        for el in ppr.findall(qn(f"a:{tag}")):
            ppr.remove(el)
    # Exact points, not a percentage: PowerPoint multiplies a percentage by the font's own
    # line height (about 1.45 em for Noto CJK), which the fitter cannot know.
    ln = etree.Element(qn("a:lnSpc"))
    etree.SubElement(ln, qn("a:spcPts")).set("val", str(int(round(line_spacing * size_pt * 100))))
    bef = etree.Element(qn("a:spcBef"))
    etree.SubElement(bef, qn("a:spcPts")).set(
        "val", "0" if first else str(int(round(space_before_em * size_pt * 100)))
    )
    aft = etree.Element(qn("a:spcAft"))
    etree.SubElement(aft, qn("a:spcPts")).set("val", "0")
    ppr.insert(0, aft)
    ppr.insert(0, bef)
    ppr.insert(0, ln)
    if not bullet:
        ppr.insert(3, etree.Element(qn("a:buNone")))


def text_size(placeholder: BaseShape, default: float = 12.0) -> float:
    """The level-1 text size in points a placeholder's own list style (or that of the layout or
    master placeholder it inherits from) gives its text."""
    for ph in placeholder_chain(placeholder):
        for def_rpr in ph._element.iterfind(f".//{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}"):
            if def_rpr.get("sz"):
                return int(def_rpr.get("sz")) / 100
    return default


def slide_number_shape(layout: SlideLayout, *, latin: str, east_asian: str, language: str) -> Element | None:
    """The layout's slide-number placeholder as a shape for its slides (python-pptx leaves it
    off), its number field styled like every other run: explicit size (the layout's),
    typefaces, language. None when the layout has no slide number."""
    # python-pptx declares LayoutPlaceholders.__iter__ in a way mypy cannot call: read it as Iterable
    for sp in cast("Iterable[LayoutPlaceholder]", layout.placeholders):
        if sp.placeholder_format.type is not None and sp.placeholder_format.type.name == "SLIDE_NUMBER":
            size = text_size(sp)
            clone = copy.deepcopy(sp._element)
            sppr = clone.find(qn("p:spPr"))
            if sppr is not None:
                for child in list(sppr):
                    sppr.remove(child)  # position and look come from the layout
            for fld in clone.iter(qn("a:fld"), qn("a:r")):
                rpr = fld.find(qn("a:rPr"))
                if rpr is None:
                    rpr = etree.Element(qn("a:rPr"))
                    fld.insert(0, rpr)  # a:rPr comes first in both a:r and a:fld
                _style_rpr(
                    rpr, size_pt=size, latin=latin, east_asian=east_asian, language=language, is_cjk=False
                )
            return clone
    return None


def add_shape_copy(slide: Slide, shape: Element) -> Element:
    """A copy of `shape` (an element) appended to the slide with a shape id of its own."""
    clone = copy.deepcopy(shape)
    tree = slide.shapes._spTree
    # every `p:cNvPr/@id` of the slide (`//p:cNvPr/@id`), without compiling an XPath per slide
    used = [int(el.get("id")) for el in tree.getroottree().iter(_P + "cNvPr") if el.get("id") is not None]
    clone.find(_P + "nvSpPr").find(_P + "cNvPr").set("id", str(max(used, default=1) + 1))
    tree.append(clone)
    return clone


_NOTES_BODY = """<p:sp xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"
  xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">
  <p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>
  <p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr>
  <p:spPr><a:xfrm><a:off x="685800" y="4400550"/><a:ext cx="5486400" cy="3600450"/></a:xfrm></p:spPr>
  <p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>"""


def notes_body(notes_slide: NotesSlide) -> Element:
    """The notes slide's text body (`p:txBody` of its body placeholder), adding a body
    placeholder where the notes master has none."""
    for sp in notes_slide.shapes._spTree.iterchildren(_P + "sp"):
        ph = sp.find(_PH_PATH)
        if ph is not None and ph.get("type") == "body" and sp.find(_P + "txBody") is not None:
            return sp.find(_P + "txBody")
    frame = notes_slide.notes_text_frame
    if frame is None:
        tree = notes_slide.shapes._spTree
        body = parse_xml(_NOTES_BODY)  # python-pptx's parser: its shape classes, not plain lxml
        used = [int(x) for x in tree.xpath("//p:cNvPr/@id")]  # shape ids must be unique
        body.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}").set("id", str(max(used, default=1) + 1))
        tree.append(body)
        frame = notes_slide.notes_text_frame
        assert frame is not None  # the body placeholder just added
    return frame._txBody


def list_notes_master(presentation_part: PresentationPart) -> None:
    """List the notes master in presentation.xml's `p:notesMasterIdLst`. python-pptx relates
    the part but never lists it (scanny/python-pptx#1051); PowerPoint and LibreOffice don't
    mind, Apple Keynote refuses the whole file as soon as a slide has notes."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    ids = [
        rel.rId
        for rel in presentation_part.rels.values()
        if rel.reltype == RT.NOTES_MASTER and not rel.is_external
    ]
    presentation = presentation_part._element
    listed = presentation.find(qn("p:notesMasterIdLst"))
    if listed is not None:
        presentation.remove(listed)
    if not ids:
        return
    listed = etree.Element(qn("p:notesMasterIdLst"))
    etree.SubElement(listed, qn("p:notesMasterId")).set(qn("r:id"), ids[0])
    presentation.find(qn("p:sldMasterIdLst")).addnext(listed)  # schema order: right after the masters


# --------------------------------------------------------------------------- reading a deck as found
# `deckcast check` reads any deck, hand-made ones too. Values are looked up where PowerPoint
# looks, nearest first; a placeholder whose chain cannot be followed (a malformed idx or type)
# stands alone. What the values mean for the layout is for the caller to decide.

_TITLE_KINDS = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
_BODY_KINDS = (
    PP_PLACEHOLDER.BODY,
    PP_PLACEHOLDER.OBJECT,
    PP_PLACEHOLDER.SUBTITLE,
    PP_PLACEHOLDER.VERTICAL_BODY,
    PP_PLACEHOLDER.VERTICAL_OBJECT,
)


@dataclass(frozen=True)
class Autofit:
    """What a text frame does with text that does not fit: `none`, `grow` (the box grows,
    `a:spAutoFit`) or `shrink` (`a:normAutofit`, with the font scale and line-spacing cut
    the last program to lay it out applied)."""

    kind: Literal["none", "grow", "shrink"] = "none"
    font_scale: float = 1.0
    line_spacing_cut: float = 0.0


@dataclass(frozen=True)
class FrameProperties:
    """How a text frame lays out its text, from the nearest `a:bodyPr` that says."""

    insets: tuple[int, int, int, int]  # left, top, right, bottom, EMU
    autofit: Autofit
    wraps: bool  # False: `wrap="none"`, each line as long as its text


@dataclass(frozen=True)
class ParagraphContent:
    """What one `a:p` holds: its text (a line break as a newline), each run's own size in
    points (None where the run sets none), whether any run is bold, and the spans of the
    text whose runs are set in a 0.6-em monospace face (inline code, see MONOSPACE)."""

    text: str
    run_sizes: tuple[float | None, ...]
    bold: bool
    mono: tuple[tuple[int, int], ...] = ()
    latin: str | None = None  # the Latin typeface its first run not in monospace names (`a:latin`)


@dataclass(frozen=True)
class Spacing:
    """Line or paragraph spacing as a style sets it: exact points (`a:spcPts`) or a fraction
    of a line (`a:spcPct`, 1.0 for 100 %)."""

    value: float
    unit: Literal["pt", "line"]


@dataclass(frozen=True)
class TextRun:
    """One run (`a:r` or `a:fld`) as written: its text, whether it sets its own size, and its
    East Asian typeface (None: no `a:ea`; a theme reference such as `+mn-ea` left as is)."""

    text: str
    sized: bool
    east_asian: str | None


def _chain_as_found(shape: BaseShape) -> list[Any]:
    if not shape.is_placeholder:
        return [shape]
    try:
        return placeholder_chain(shape)
    except (AttributeError, KeyError, ValueError):
        return [shape]


def body_properties(shape: BaseShape) -> list[Element]:
    """`a:bodyPr` of the shape and of the placeholders it inherits from, nearest first."""
    found = [s._element.find(f".//{_A}bodyPr") for s in _chain_as_found(shape)]
    return [b for b in found if b is not None]


def frame_properties(shape: BaseShape) -> FrameProperties | None:
    """The insets, autofit and wrapping the shape's text frame has or inherits; None for
    vertical text (`vert` other than `horz`)."""
    bodies = body_properties(shape)
    if any(b.get("vert") not in (None, "horz") for b in bodies[:1]):
        return None
    wrap = next((b.get("wrap") for b in bodies if b.get("wrap")), "square")
    return FrameProperties(_nearest_insets(bodies), _autofit(bodies), wrap != "none")


def _autofit(bodies: list[Element]) -> Autofit:
    for body_pr in bodies:  # the first frame in the chain that says how it fits wins
        if body_pr.find(f"{_A}spAutoFit") is not None:
            return Autofit("grow")
        norm = body_pr.find(f"{_A}normAutofit")
        if norm is not None:
            scale = int(norm.get("fontScale", "100000")) / 100000
            return Autofit("shrink", scale, int(norm.get("lnSpcReduction", "0")) / 100000)
        if body_pr.find(f"{_A}noAutofit") is not None:
            break
    return Autofit()


def level_styles(shape: BaseShape, level: int) -> list[Element]:
    """The list-level styles (`a:lvlNpPr`) a paragraph at `level` (its `a:pPr/@lvl`, 0-8)
    inherits, nearest first: the shape's and its layout's and master's placeholders' own list
    styles, then the master's title/body/other text style (a placeholder) or the
    presentation's default text style."""
    number = min(level, 8) + 1
    tag = f"{_A}lvl{number}pPr"
    found = [s._element.find(f".//{_A}lstStyle/{tag}") for s in _chain_as_found(shape)]
    found.append(_text_style(shape, number))
    return [el for el in found if el is not None]


def _text_style(shape: Any, level: int) -> Element | None:
    """List level `level` (1-based) of the style a shape's text falls back on last."""
    try:
        if shape.is_placeholder:
            kind = shape.placeholder_format.type
            style = (
                "titleStyle" if kind in _TITLE_KINDS else "bodyStyle" if kind in _BODY_KINDS else "otherStyle"
            )
            return master_text_style(shape.part.slide_layout.slide_master, style, level)
        pres = shape.part.package.presentation_part._element
        return pres.find(f"{_P}defaultTextStyle/{_A}lvl{level}pPr")
    except (AttributeError, KeyError, ValueError):
        return None


def paragraphs(shape: BaseShape) -> list[Element]:
    """Every `a:p` in the shape, in document order."""
    return list(shape._element.findall(f".//{_A}p"))


def paragraph_properties(paragraph: Element) -> Element | None:
    """The paragraph's own `a:pPr`: the nearest of the styles it follows."""
    return paragraph.find(f"{_A}pPr")


def paragraph_level(properties: Element | None) -> int:
    """The list level (`lvl`, 0 when unset) of a paragraph's `a:pPr`."""
    return int(properties.get("lvl", "0")) if properties is not None else 0


def paragraph_content(paragraph: Element) -> ParagraphContent:
    """The paragraph's text, its runs' own sizes, whether it is bold, its monospace spans and
    its Latin typeface."""
    sizes: list[float | None] = []
    bold, text, mono, at = False, [], [], 0
    typeface: str | None = None
    for child in paragraph:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag in ("r", "fld"):
            rpr = child.find(f"{_A}rPr")
            sizes.append(_run_size(rpr))
            bold = bold or (rpr is not None and rpr.get("b") == "1")
            run = child.findtext(f"{_A}t", "")
            latin = rpr.find(f"{_A}latin") if rpr is not None else None
            if run and latin is not None and latin.get("typeface") in _MONOSPACE_FACES:
                mono.append((at, at + len(run)))
            elif typeface is None and latin is not None:
                typeface = latin.get("typeface")
            text.append(run)
            at += len(run)
        elif tag == "br":
            text.append("\n")
            at += 1
    return ParagraphContent("".join(text), tuple(sizes), bold, tuple(mono), typeface)


def end_size(paragraph: Element) -> float | None:
    """The size of the paragraph's end mark (`a:endParaRPr`): an empty paragraph's line."""
    return _run_size(paragraph.find(f"{_A}endParaRPr"))


def default_size(styles: list[Element]) -> float | None:
    """The size (`a:defRPr`) the nearest style that gives one gives a run without its own."""
    for style in styles:
        size = _run_size(style.find(f"{_A}defRPr"))
        if size:
            return size
    return None


def left_margin(styles: list[Element]) -> int | None:
    """The paragraph's left margin (`marL`) in EMU from the nearest style that sets it."""
    return next((int(s.get("marL")) for s in styles if s.get("marL") is not None), None)


def spacing(styles: list[Element], tag: str) -> Spacing | None:
    """`lnSpc`, `spcBef` or `spcAft` from the nearest style that sets it in points or lines."""
    for style in styles:
        el = style.find(f"{_A}{tag}")
        if el is None:
            continue
        pts = el.find(f"{_A}spcPts")
        if pts is not None:
            return Spacing(int(pts.get("val", "0")) / 100, "pt")
        pct = el.find(f"{_A}spcPct")
        if pct is not None:
            return Spacing(int(pct.get("val", "100000")) / 100000, "line")
    return None


def text_runs(shape: BaseShape) -> Iterator[TextRun]:
    """Every run with visible text in the shape (a group's or a table's included)."""
    for r in shape._element.iter(f"{_A}r", f"{_A}fld"):
        text = r.findtext(f"{_A}t", "")
        if not text.strip():
            continue
        rpr = r.find(f"{_A}rPr")
        ea = rpr.find(f"{_A}ea") if rpr is not None else None
        yield TextRun(
            text,
            rpr is not None and bool(rpr.get("sz")),
            ea.get("typeface", "") if ea is not None else None,
        )


def _run_size(rpr: Element | None) -> float | None:
    return int(rpr.get("sz")) / 100 if rpr is not None and rpr.get("sz") else None


# Inline code is drawn in a monospace face present on Windows and macOS (LibreOffice maps it
# to the metric-compatible Liberation Mono); CJK inside code keeps the theme's East Asian face.
MONOSPACE = "Courier New"
# The faces whose every Latin character is 0.6 em, as the fitter measures inline code.
_MONOSPACE_FACES = frozenset({MONOSPACE, "Courier", "Liberation Mono", "Cousine"})
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def add_styled_runs(
    paragraph: Element,
    runs: Iterable[Run],
    *,
    size_pt: float,
    latin: str,
    east_asian: str,
    language: str,
    bold: bool | None = None,
    link: Callable[[str], str] | None = None,
) -> None:
    """Styled inline runs (model.Run: strong, emphasis, code, strike, url), each cut where
    the script changes like add_runs. `link(url)` returns the relationship id of an external
    hyperlink on the slide's part; the theme's hyperlink colour then applies."""
    for run in runs:
        before = len(paragraph)
        end = paragraph.find(_A + "endParaRPr")
        add_runs(
            paragraph,
            run.text,
            size_pt=size_pt,
            latin=MONOSPACE if run.code else latin,
            east_asian=east_asian,
            language=language,
            bold=True if run.strong else bold,
        )
        added = len(paragraph) - before
        stop = list(paragraph).index(end) if end is not None else len(paragraph)
        rel_id = link(run.url) if (link is not None and run.url) else None
        for element in list(paragraph)[stop - added : stop]:
            rpr = element.find(_A + "rPr")
            if run.emphasis:
                rpr.set("i", "1")
            if run.strike:
                rpr.set("strike", "sngStrike")
            if rel_id:
                etree.SubElement(rpr, _A + "hlinkClick").set(_R_ID, rel_id)


def set_run_colour(run: Element, hex_colour: str) -> None:
    """A run's text colour (`a:solidFill` first in its `a:rPr`, as the schema orders it)."""
    rpr = run.find(_A + "rPr")
    if rpr is None:
        return
    fill = etree.Element(_A + "solidFill")
    etree.SubElement(fill, _A + "srgbClr").set("val", hex_colour.lstrip("#").upper())
    rpr.insert(0, fill)


def set_run_theme_colour(run: Element, scheme: str, brightness: float = 0.0, alpha: float = 1.0) -> None:
    """A run's text colour as a theme colour (`a:schemeClr`, lightened or darkened as
    python-pptx's `brightness` writes it, `alpha` its opacity), so the theme's palette
    decides it."""
    rpr = run.find(_A + "rPr")
    if rpr is None:
        return
    fill = etree.Element(_A + "solidFill")
    colour = etree.SubElement(fill, _A + "schemeClr")
    colour.set("val", scheme)
    if brightness > 0:
        etree.SubElement(colour, _A + "lumMod").set("val", str(int(round((1 - brightness) * 100000))))
        etree.SubElement(colour, _A + "lumOff").set("val", str(int(round(brightness * 100000))))
    elif brightness < 0:
        etree.SubElement(colour, _A + "lumMod").set("val", str(int(round((1 + brightness) * 100000))))
    if alpha < 1:
        colour.insert(0, etree.Element(_A + "alpha", val=str(int(round(alpha * 100000)))))
    rpr.insert(0, fill)


def bullet_char(ppr: Element, char: str) -> None:
    """A bullet of its own on a paragraph of a text box (which inherits none): `a:buFont`
    and `a:buChar` after the spacing, as the schema orders them."""
    font = etree.Element(_A + "buFont")
    font.set("typeface", "Arial")
    bullet = etree.Element(_A + "buChar")
    bullet.set("char", char)
    at = max(
        (i + 1 for i, c in enumerate(ppr) if c.tag in (_A + "lnSpc", _A + "spcBef", _A + "spcAft")), default=0
    )
    ppr.insert(at, font)
    ppr.insert(at + 1, bullet)


def set_box(sp: Element, left: int, top: int, width: int, height: int) -> None:
    """Give a shape (a placeholder that inherits its place) an explicit position and size."""
    sp_pr = sp.find(_P + "spPr")
    if sp_pr is None:
        return
    xfrm = sp_pr.find(_A + "xfrm")
    if xfrm is None:
        xfrm = etree.Element(_A + "xfrm")
        sp_pr.insert(0, xfrm)
    for child in list(xfrm):
        xfrm.remove(child)
    off = etree.SubElement(xfrm, _A + "off")
    off.set("x", str(left))
    off.set("y", str(top))
    ext = etree.SubElement(xfrm, _A + "ext")
    ext.set("cx", str(width))
    ext.set("cy", str(height))


def exact_line_spacing(paragraph: Element, size_pt: float, factor: float = 1.2) -> None:
    """Lines `factor` x the size apart, exactly (`a:lnSpc/a:spcPts`), as the fitter measures."""
    ppr = paragraph.get_or_add_pPr()
    spacing = etree.SubElement(ppr, _A + "lnSpc")
    etree.SubElement(spacing, _A + "spcPts").set("val", str(int(round(size_pt * factor * 100))))


# --------------------------------------------------------------------------- paragraphs as XML text
# The deck writer's title, body and notes paragraphs, written as the XML text the element
# functions above (paragraph_format, add_runs, add_styled_runs) make lxml serialize, byte for
# byte, without building a tree run by run: a slide's text is most of its elements. The text
# stands in the slide's tree as a marker comment until the slide is serialized (`Splices`).

_XML_UNSAFE = re.compile("[\ud800-\udfff\ufffe\uffff]")  # lxml refuses these: the tree path says so
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
)


def _attr(value: str) -> str:
    return value.translate(_ATTR_ESCAPES)


def xml_safe(*texts: str) -> bool:
    """Whether lxml takes every text as it is (else the tree path raises its own error)."""
    return not any(_XML_UNSAFE.search(t) for t in texts)


def is_bare(paragraph: Element) -> bool:
    """A paragraph with no properties and no content (`<a:p/>`), as start_text leaves a
    placeholder's cloned one: its XML text is all the writer's own."""
    return len(paragraph) == 0 and not paragraph.attrib and not paragraph.text


def paragraph_xml(properties: str, runs: str) -> str:
    return f"<a:p>{properties}{runs}</a:p>" if properties or runs else "<a:p/>"


def paragraph_format_xml(
    *,
    level: int,
    size_pt: float,
    line_spacing: float,
    space_before_em: float,
    margin_pt: float,
    indent_pt: float,
    bullet: bool,
    first: bool,
) -> str:
    """paragraph_format's `a:pPr` on a bare paragraph, as text."""
    lvl = f' lvl="{level}"' if level else ""
    before = "0" if first else str(int(round(space_before_em * size_pt * 100)))
    return (
        f'<a:pPr{lvl} marL="{int(round(margin_pt * 12700))}" indent="{int(round(indent_pt * 12700))}">'
        f'<a:lnSpc><a:spcPts val="{int(round(line_spacing * size_pt * 100))}"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="{before}"/></a:spcBef><a:spcAft><a:spcPts val="0"/></a:spcAft>'
        f"{'' if bullet else '<a:buNone/>'}</a:pPr>"
    )


def runs_xml(
    text: str,
    *,
    size_pt: float,
    latin: str,
    east_asian: str,
    language: str,
    bold: bool | None = None,
    extra: str = "",
    link_id: str | None = None,
) -> str:
    """add_runs' runs as text; `extra` attributes (italic, strike) and a hyperlink as
    add_styled_runs adds them."""
    east = east_asian_locale(language)
    size = f'sz="{int(round(size_pt * 100))}"' + ("" if bold is None else f' b="{"1" if bold else "0"}"')
    faces = (
        f'<a:latin typeface="{_attr(latin)}"/><a:ea typeface="{_attr(east_asian)}"/>'
        f'<a:cs typeface="{_attr(latin)}"/>'
    )
    if link_id:
        faces += f'<a:hlinkClick r:id="{_attr(link_id)}"/>'
    cjk = f'<a:rPr {size} lang="{_attr(east)}" altLang="en-US"{extra}>{faces}</a:rPr><a:t>'
    other = f'<a:rPr {size} lang="en-US" altLang="{_attr(east)}"{extra}>{faces}</a:rPr><a:t>'
    out = []
    for segment, is_cjk in segments(text):
        body = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", segment).translate(_TEXT_ESCAPES)
        out.append(f"<a:r>{cjk if is_cjk else other}{body}</a:t></a:r>")
    return "".join(out)


def styled_runs_xml(
    runs: Iterable[Run],
    *,
    size_pt: float,
    latin: str,
    east_asian: str,
    language: str,
    bold: bool | None = None,
    link: Callable[[str], str] | None = None,
) -> str:
    """add_styled_runs' runs as text (hyperlinks related in the same order)."""
    out = []
    for run in runs:
        rel_id = link(run.url) if (link is not None and run.url) else None
        extra = (' i="1"' if run.emphasis else "") + (' strike="sngStrike"' if run.strike else "")
        out.append(
            runs_xml(
                run.text,
                size_pt=size_pt,
                latin=MONOSPACE if run.code else latin,
                east_asian=east_asian,
                language=language,
                bold=True if run.strong else bold,
                extra=extra,
                link_id=rel_id,
            )
        )
    return "".join(out)


class Splices:
    """Paragraphs given as XML text (`put`) in place of a text body's bare first paragraph,
    held as a marker comment in the tree and spliced into the serialized part (`apply`).
    Markers cannot clash with content: text and attributes never hold a raw `<`."""

    def __init__(self) -> None:
        self._pending: dict[bytes, bytes] = {}
        self._with_text: set[str] = set()  # markers of paragraphs with visible text
        self._count = 0

    def put(self, paragraph: Element, xml: str, has_text: bool) -> None:
        self._count += 1
        marker = f"deckcast-text-{self._count}"
        self._pending[f"<!--{marker}-->".encode()] = xml.encode("utf-8")
        if has_text:
            self._with_text.add(marker)
        paragraph.addprevious(etree.Comment(marker))
        paragraph.getparent().remove(paragraph)

    def has_text(self, sp: Element) -> bool:
        """The shape's text as has_text reads it, the spliced paragraphs' included."""
        tx_body = sp.find(_P + "txBody")
        spliced = tx_body is not None and any(
            c.tag is etree.Comment and c.text in self._with_text for c in tx_body
        )
        return spliced or has_text(sp)

    def apply(self, blob: bytes) -> bytes:
        """The serialized part with its markers replaced by their paragraphs."""
        if b"<!--deckcast-text-" not in blob:
            return blob
        return _MARKER.sub(lambda m: self._pending.pop(m.group(0)), blob)


_MARKER = re.compile(rb"<!--deckcast-text-\d+-->")
