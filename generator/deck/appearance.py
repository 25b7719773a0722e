"""What a theme draws around a slide's content, read from its master and layouts as colours
a browser can paint: each layout's background, its decorations (the master's and the
layout's own filled rectangles and ellipses: a top strip, a title rule, a disc), the colour,
weight, alignment and anchor of its title and body text, its bullets per level, and where
its slide number sits. The pptx writer needs none of this (PowerPoint reads the theme
itself); the HTML deck draws the same slide from it.

Colours are resolved as DrawingML defines them: a scheme colour through the master's colour
map (`bg1` -> `lt1`), then `lumMod`/`lumOff` on the HSL lightness, `tint`/`shade`, `alpha`.
Anything this reader does not understand (a gradient, a picture fill, a custom shape) is left
out, never guessed; a theme it cannot read at all gives the defaults below."""

from __future__ import annotations

import colorsys
from dataclasses import dataclass, field
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from ..plan.design import Rect

_NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
EMU_PER_PT = 12700
_THEME_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
_DEFAULT_SCHEME = {
    "dk1": (0, 0, 0),
    "lt1": (255, 255, 255),
    "dk2": (31, 73, 125),
    "lt2": (238, 236, 225),
    "accent1": (79, 129, 189),
    "accent2": (192, 80, 77),
    "accent3": (155, 187, 89),
    "accent4": (128, 100, 162),
    "accent5": (75, 172, 198),
    "accent6": (247, 150, 70),
    "hlink": (0, 0, 255),
    "folHlink": (128, 0, 128),
}
_DEFAULT_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
_SHAPES = {"rect": "rect", "ellipse": "ellipse", "roundRect": "rect"}

# The design roles of plan/design.py as deck/design.py paints them: (scheme colour, lumMod, alpha).
_ROLES = {
    "accent": ("accent1", 1.0, 1.0),
    "soft": ("bg2", 1.0, 1.0),
    "shade": ("accent1", 0.75, 1.0),
    "light": ("bg1", 1.0, 1.0),
    "text": ("tx1", 1.0, 1.0),
    "muted": ("tx1", 1.0, 0.65),
    "on_accent": ("bg1", 1.0, 1.0),
    **{f"accent{n}": (f"accent{n}", 1.0, 1.0) for n in range(1, 7)},
}


@dataclass(frozen=True)
class Colour:
    r: int
    g: int
    b: int
    alpha: float = 1.0

    @property
    def css(self) -> str:
        if self.alpha >= 1:
            return f"#{self.r:02x}{self.g:02x}{self.b:02x}"
        return f"rgba({self.r},{self.g},{self.b},{self.alpha:.3f})"


@dataclass(frozen=True)
class Decoration:
    """A filled shape of the master or the layout (drawn behind the slide's own content)."""

    rect: Rect
    shape: str  # rect or ellipse
    colour: Colour


@dataclass(frozen=True)
class Bullet:
    char: str
    colour: Colour | None  # None: the text's colour
    scale: float = 1.0  # of the text size


@dataclass(frozen=True)
class TextStyle:
    """A placeholder's text as the theme styles it (level 1; `levels` for a body's lists)."""

    colour: Colour
    bold: bool = False
    align: str = "l"  # l, ctr, r
    anchor: str = "t"  # t, ctr, b
    levels: tuple[tuple[Colour, Bullet | None], ...] = ()  # per list level from 1: colour, bullet


@dataclass(frozen=True)
class LayoutLook:
    background: Colour
    decorations: tuple[Decoration, ...]
    title: TextStyle
    body: TextStyle
    number: Rect | None  # the slide number's box
    number_colour: Colour


@dataclass(frozen=True)
class Appearance:
    """The theme as the HTML deck paints it: the design roles' colours and each layout's look."""

    roles: dict[str, Colour] = field(default_factory=dict)
    layouts: dict[str, LayoutLook] = field(default_factory=dict)  # title, section, content
    link: Colour = Colour(0, 0, 255)


def appearance_of(theme: Any) -> Appearance:
    """The look of an opened theme (deck/theme.py's Theme): its layouts by role."""
    master = next(iter(theme.layouts.values())).slide_master
    scheme = _scheme(master)
    mapping = _colour_map(master._element)
    paint = _Painter(scheme, mapping)
    roles = {name: paint.scheme(s, lum_mod=m, alpha=a) for name, (s, m, a) in _ROLES.items()}
    layouts = {role: _layout(layout, paint) for role, layout in theme.layouts.items()}
    return Appearance(roles, layouts, paint.scheme("hlink"))


def _scheme(master: Any) -> dict[str, tuple[int, int, int]]:
    scheme = dict(_DEFAULT_SCHEME)
    try:
        part = master.part.part_related_by(_THEME_REL)
        root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
    except (KeyError, etree.XMLSyntaxError, AttributeError):
        return scheme
    found = root.find(".//a:clrScheme", _NS)
    for child in found if found is not None else ():
        name = etree.QName(child).localname
        rgb = _literal(child)
        if rgb is not None:
            scheme[name] = rgb
    return scheme


def _literal(holder: Any) -> tuple[int, int, int] | None:
    for child in holder:
        tag = etree.QName(child).localname
        if tag == "srgbClr":
            return _hex(child.get("val", ""))
        if tag == "sysClr":
            return _hex(child.get("lastClr", ""))
    return None


def _hex(value: str) -> tuple[int, int, int] | None:
    try:
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    except ValueError:
        return None


def _colour_map(master: Any) -> dict[str, str]:
    found = master.find("p:clrMap", _NS)
    mapping = dict(_DEFAULT_MAP)
    if found is not None:
        mapping.update(found.attrib)
    return mapping


class _Painter:
    def __init__(self, scheme: dict[str, tuple[int, int, int]], mapping: dict[str, str]):
        self.scheme_rgb, self.mapping = scheme, mapping

    def scheme(self, name: str, lum_mod: float = 1.0, alpha: float = 1.0) -> Colour:
        rgb = self.scheme_rgb.get(self.mapping.get(name, name), (0, 0, 0))
        return _transformed(rgb, lum_mod, 0.0, alpha)

    def fill(self, holder: Any) -> Colour | None:
        """The colour of a `a:solidFill` (or any element holding one colour choice)."""
        if holder is None:
            return None
        for child in holder:
            tag = etree.QName(child).localname
            if tag == "schemeClr":
                base = self.scheme_rgb.get(self.mapping.get(child.get("val", ""), child.get("val", "")))
            elif tag == "srgbClr":
                base = _hex(child.get("val", ""))
            elif tag == "sysClr":
                base = _hex(child.get("lastClr", ""))
            else:
                continue
            if base is None:
                return None
            return _with_transforms(base, child)
        return None


def _with_transforms(rgb: tuple[int, int, int], colour: Any) -> Colour:
    values = {etree.QName(t).localname: int(t.get("val", "0")) / 100000 for t in colour}
    result = _transformed(rgb, values.get("lumMod", 1.0), values.get("lumOff", 0.0), values.get("alpha", 1.0))
    if "tint" in values:  # towards white
        t = values["tint"]
        r, g, b = (round(c * t + 255 * (1 - t)) for c in (result.r, result.g, result.b))
        result = Colour(r, g, b, result.alpha)
    if "shade" in values:  # towards black
        s = values["shade"]
        r, g, b = (round(c * s) for c in (result.r, result.g, result.b))
        result = Colour(r, g, b, result.alpha)
    return result


def _transformed(rgb: tuple[int, int, int], lum_mod: float, lum_off: float, alpha: float) -> Colour:
    if lum_mod != 1.0 or lum_off:
        h, light, s = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
        light = max(0.0, min(1.0, light * lum_mod + lum_off))
        rgb = tuple(round(c * 255) for c in colorsys.hls_to_rgb(h, light, s))  # type: ignore[assignment]
    return Colour(rgb[0], rgb[1], rgb[2], round(alpha, 3))


# --------------------------------------------------------------------------- one layout


def _layout(layout: Any, paint: _Painter) -> LayoutLook:
    element, master = layout._element, layout.slide_master._element
    background = _background(element, paint) or _background(master, paint) or paint.scheme("bg1")
    decorations: list[Decoration] = []
    if element.get("showMasterSp", "1") not in ("0", "false"):
        decorations += _decorations(master, paint)
    decorations += _decorations(element, paint)
    title = _text_style(element, master, ("title", "ctrTitle"), "titleStyle", paint)
    body = _text_style(element, master, ("body", "subTitle", "obj", None), "bodyStyle", paint)
    number = _placeholder(element, ("sldNum",))
    number = number if number is not None else _placeholder(master, ("sldNum",))
    number_style = _text_style(element, master, ("sldNum",), "otherStyle", paint)
    return LayoutLook(
        background,
        tuple(decorations),
        title,
        body,
        _rect(number) if number is not None else None,
        number_style.colour,
    )


def _background(element: Any, paint: _Painter) -> Colour | None:
    fill = element.find("p:cSld/p:bg/p:bgPr/a:solidFill", _NS)
    if fill is not None:
        return paint.fill(fill)
    ref = element.find("p:cSld/p:bg/p:bgRef", _NS)
    return paint.fill(ref) if ref is not None else None


def _decorations(element: Any, paint: _Painter) -> list[Decoration]:
    out = []
    for sp in element.findall("p:cSld/p:spTree/p:sp", _NS):
        if sp.find("p:nvSpPr/p:nvPr/p:ph", _NS) is not None:
            continue
        geometry = sp.find("p:spPr/a:prstGeom", _NS)
        fill = sp.find("p:spPr/a:solidFill", _NS)
        rect = _rect(sp)
        if geometry is None or fill is None or rect is None or geometry.get("prst") not in _SHAPES:
            continue
        colour = paint.fill(fill)
        if colour is not None:
            out.append(Decoration(rect, _SHAPES[geometry.get("prst")], colour))
    return out


def _rect(sp: Any) -> Rect | None:
    off, ext = sp.find("p:spPr/a:xfrm/a:off", _NS), sp.find("p:spPr/a:xfrm/a:ext", _NS)
    if off is None or ext is None:
        return None
    x, y, w, h = (int(v) / EMU_PER_PT for v in (off.get("x"), off.get("y"), ext.get("cx"), ext.get("cy")))
    return Rect(x, y, w, h)


def _placeholder(element: Any, types: tuple[str | None, ...]) -> Any:
    for sp in element.findall("p:cSld/p:spTree/p:sp", _NS):
        ph = sp.find("p:nvSpPr/p:nvPr/p:ph", _NS)
        if ph is not None and ph.get("type") in types:
            return sp
    return None


def _text_style(
    layout: Any, master: Any, types: tuple[str | None, ...], style: str, paint: _Painter
) -> TextStyle:
    """Level 1 (and each list level) of a placeholder: its layout's list style first, then
    the master's placeholder, then the master's text styles."""
    holders = [_placeholder(layout, types), _placeholder(master, types)]
    lists = [h.find("p:txBody/a:lstStyle", _NS) for h in holders if h is not None]
    lists.append(master.find(f"p:txStyles/p:{style}", _NS))
    lists = [x for x in lists if x is not None]

    def find(level: int, path: str) -> Any:
        for holder in lists:
            found = holder.find(f"a:lvl{level}pPr{path}", _NS)
            if found is not None:
                return found
        return None

    def colour(level: int) -> Colour:
        return paint.fill(find(level, "/a:defRPr/a:solidFill")) or paint.scheme("tx1")

    def bullet(level: int) -> Bullet | None:
        char = find(level, "/a:buChar")
        if char is None or find(level, "/a:buNone") is not None and not char.get("char"):
            return None
        size = find(level, "/a:buSzPct")
        return Bullet(
            char.get("char", "•"),
            paint.fill(find(level, "/a:buClr")),
            int(size.get("val", "100000")) / 100000 if size is not None else 1.0,
        )

    def attribute(level: int, path: str, name: str) -> str | None:
        for holder in lists:
            found = holder.find(f"a:lvl{level}pPr{path}", _NS)
            if found is not None and found.get(name) is not None:
                return str(found.get(name))
        return None

    anchor = next(
        (
            b.get("anchor")
            for b in (h.find("p:txBody/a:bodyPr", _NS) for h in holders if h is not None)
            if b is not None and b.get("anchor")
        ),
        "t",
    )
    return TextStyle(
        colour(1),
        bold=attribute(1, "/a:defRPr", "b") in ("1", "true"),
        align=attribute(1, "", "algn") or "l",
        anchor=anchor,
        levels=tuple((colour(n), bullet(n)) for n in range(1, 6)),
    )
