"""Opening a theme: ours by name, or the user's own .pptx/.potx. Its example slides are
removed cleanly, its layouts found by name or else by their placeholders, and its fonts,
colours and box geometry read so the plan can be fitted to them."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from ..errors import UsageError
from ..plan.design import Rect
from ..plan.slides import Frames
from ..resources import bundled
from ..templating import Templates
from . import fit, ooxml

if TYPE_CHECKING:
    import pptx.presentation

ROLES = ("title", "section", "content")
# Layout names as PowerPoint writes them in several languages.
LAYOUT_NAMES = {
    "title": (
        "title slide",
        "標題投影片",
        "标题幻灯片",
        "タイトル スライド",
        "titelfolie",
        "diapositive de titre",
        "diapositiva de título",
        "title",
    ),
    "section": (
        "section header",
        "節標題",
        "节标题",
        "セクション見出し",
        "abschnittsüberschrift",
        "en-tête de section",
        "encabezado de sección",
        "section title",
        "divider",
    ),
    "content": (
        "title and content",
        "標題及內容",
        "标题和内容",
        "タイトルとコンテンツ",
        "titel und inhalt",
        "titre et contenu",
        "título y objetos",
        "content",
    ),
}
DEFAULT_EA = {"zh-Hant": "Microsoft JhengHei", "zh-Hans": "Microsoft YaHei", "en": "Microsoft JhengHei"}
DEFAULT_LATIN = "Arial"
# A theme font not found on this machine is measured with Arial's advance widths: exact for
# these, an overestimate (safe) for the narrower ones. Any other such font gets a warning.
ARIAL_OR_NARROWER = {
    "arial",
    "helvetica",
    "helvetica neue",
    "liberation sans",
    "arimo",
    "calibri",
    "calibri light",
    "arial narrow",
    "aptos narrow",
}
_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
_TEMPLATE_CT = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_CT = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# A theme or deck is a zip: checked against these from its central directory before any member
# is read (python-pptx reads every member), so a few MB cannot unpack to gigabytes.
MAX_PACKAGE_MB = 200  # the file, and all members together, uncompressed
MAX_MEMBERS = 10_000
MAX_RATIO, RATIO_FROM_MB = 100, 10  # a member over 10 MB may not compress more than 100:1
MAX_DIRECTORY_MB = 8  # the central directory itself (what lists the members)


@dataclass
class Theme:
    path: Path
    prs: object  # pptx.Presentation with no slides
    layouts: dict  # role -> SlideLayout
    frames: dict  # role -> Frames
    fonts: dict  # "major"/"minor" -> (latin, east_asian or "")
    warnings: list[str] = field(default_factory=list)
    faces: dict = field(default_factory=dict)  # "major"/"minor" -> fit.Face it is measured in


def resolve_theme(theme: str | None, templates: Templates = Templates()) -> Path:
    """`default`, `dark` (bundled, or in the user's templates/themes/) or a path to a .pptx/.potx."""
    name = theme or "default"
    candidate = Path(name)
    if candidate.suffix.lower() in (".pptx", ".potx") or candidate.exists():
        if not candidate.is_file():
            raise UsageError(f"--theme: no such file: {name}")
        return candidate
    for folder in templates.folders("themes"):
        found = folder / f"{name}.pptx"
        if found.is_file():
            return found
    available = sorted(p.stem for p in (bundled("templates") / "themes").glob("*.pptx"))
    raise UsageError(
        f"--theme: no theme named '{name}' (bundled: {', '.join(available)}; or give a .pptx/.potx path)"
    )


def open_theme(path: Path) -> Theme:
    prs = open_presentation(path, "PowerPoint template")
    try:
        _remove_slides(prs)
        theme = Theme(path, prs, {}, {}, theme_fonts(prs))
    except etree.XMLSyntaxError as exc:
        raise UsageError(f"not a usable PowerPoint template: {exc}", str(path)) from None
    _drop_external_links(prs, theme.warnings, path)
    theme.faces = measured_faces(theme.fonts, theme.warnings, path)
    for role in ROLES:
        theme.layouts[role] = _find_layout(prs, role, theme.warnings, path)
        theme.frames[role] = _frames(
            theme.layouts[role], (prs.slide_width / 12700, prs.slide_height / 12700), theme.faces
        )
    return theme


def measured_faces(fonts: dict[str, tuple[str, str]], warnings: list[str], path: Path) -> dict[str, fit.Face]:
    """ "major"/"minor" -> the face the theme's Latin typeface is measured in: the font found
    on this machine (or its metric-compatible substitute), else Arial's table, with a warning
    when the font may set wider than Arial."""
    faces, odd = {}, []
    for kind, (latin, _) in fonts.items():
        name = latin if latin and not latin.startswith("+") else DEFAULT_LATIN
        found = fit.face_for(name)
        faces[kind] = found or fit.ARIAL
        if found is None and name.lower() not in ARIAL_OR_NARROWER and name not in odd:
            odd.append(name)
    if odd:
        warnings.append(
            f"{path.name}: text is fitted with Arial's widths, but the theme's Latin font is "
            f"{' / '.join(sorted(odd))} (not found on this machine); if it sets wider, check the "
            f"Latin-heavy slides"
        )
    return faces


def open_presentation(path: Path, what: str = "PowerPoint deck"):
    """A .pptx/.potx opened with python-pptx, after its zip was checked for size (a zip bomb
    is refused before any member is read) and every XML part for being well-formed (a corrupt
    part is one line naming it)."""
    try:
        if path.stat().st_size > MAX_PACKAGE_MB * 2**20:
            raise UsageError(f"not a usable {what}: the file is over {MAX_PACKAGE_MB} MB", str(path))
        data = path.read_bytes()
        _check_archive(data, path, what)
        data = _as_presentation(data)
        _check_xml(data, path, what)
        return Presentation(io.BytesIO(data))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise UsageError(f"not a usable {what}: {exc}", str(path)) from None


def _check_archive(data: bytes, path: Path, what: str) -> None:
    def refuse(why: str):
        raise UsageError(f"not a usable {what}: {why} (a zip bomb?)", str(path))

    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))  # end of central directory
    if end >= 0 and int.from_bytes(data[end + 12 : end + 16], "little") > MAX_DIRECTORY_MB * 2**20:
        refuse(f"its list of members is over {MAX_DIRECTORY_MB} MB")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        refuse(f"it has {len(members):,} members, over the limit of {MAX_MEMBERS:,}")
    total = sum(m.file_size for m in members)
    if total > MAX_PACKAGE_MB * 2**20:
        refuse(
            f"its members declare {total / 2**20:,.0f} MB uncompressed, over the limit of {MAX_PACKAGE_MB} MB"
        )
    for m in members:
        if m.file_size > RATIO_FROM_MB * 2**20 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            refuse(
                f"{m.filename} would unpack {m.file_size / max(m.compress_size, 1):,.0f} times its compressed "
                f"size, to {m.file_size / 2**20:,.0f} MB"
            )


def _check_xml(data: bytes, path: Path, what: str) -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(archive.read(name), parser)
                except etree.XMLSyntaxError as exc:
                    raise UsageError(
                        f"not a usable {what}: corrupt XML in {name}: {exc.msg}", str(path)
                    ) from None


def _as_presentation(data: bytes) -> bytes:
    """python-pptx refuses a .potx by its content type: rewrite that one entry in memory."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        types = src.read("[Content_Types].xml")
        if _TEMPLATE_CT not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                body = src.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    body = body.replace(_TEMPLATE_CT, _PRESENTATION_CT)
                dst.writestr(item, body)
        return out.getvalue()


def _remove_slides(prs) -> None:
    """Drop the template's own slides: the slide id, its relationship, and any section list
    or custom show that names them (left dangling, those make PowerPoint offer a repair).
    The lists go first: a custom show refers to a slide by the same relationship as its
    slide id, and a relationship still referred to is not dropped, which would leave the
    example slide in the package."""
    root = prs.part._element
    dropped_shows = False
    for el in list(root.iter()):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.endswith("}custShowLst") or tag.endswith("}sectionLst"):
            dropped_shows = dropped_shows or tag.endswith("}custShowLst")
            parent = el.getparent()
            parent.remove(el)
            if parent.tag.endswith("}ext") and len(parent) == 0:
                parent.getparent().remove(parent)
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        rid = sld_id.rId
        id_list.remove(sld_id)
        if rid in prs.part.rels:
            prs.part.rels.pop(rid)
    if dropped_shows:
        _forget_custom_show(prs)


def _drop_external_links(prs, warnings: list[str], path: Path) -> None:
    """A theme's relationships to things outside it (a linked picture on a layout, a
    hyperlink, a linked object) would go into every deck built with it, and be fetched when
    the deck is opened: drop them, and every reference to them (a dangling one makes
    PowerPoint offer a repair), with a warning naming the theme."""
    dropped: list[str] = []
    for part in prs.part.package.iter_parts():
        external = {rid for rid, rel in part.rels.items() if rel.is_external}
        if not external:
            continue
        dropped += [part.rels[rid].target_ref for rid in sorted(external)]
        for rid in external:
            part.rels.pop(rid)
        root = getattr(part, "_element", None)
        plain = root is None  # a part python-pptx keeps as bytes (the theme): edit, then store again
        if plain:
            root = etree.fromstring(part.blob)
        for el in list(root.iter()):
            refs = [
                name
                for name, value in el.attrib.items()
                if name.startswith(f"{{{_R}}}") and value in external
            ]
            if refs and etree.QName(el).localname.startswith("hlink"):  # a hyperlink to nowhere: gone
                el.getparent().remove(el)
            else:
                for name in refs:
                    del el.attrib[name]
        if plain:
            part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if dropped:
        first = " ".join(dropped[0].split())[:80]
        warnings.append(
            f"{path.name}: dropped {len(dropped)} link(s) to external resources (first: {first}), "
            f"which a deck would fetch when opened"
        )


def _forget_custom_show(prs) -> None:
    """presProps may start the slide show with a custom show (`p:showPr/p:custShow`): with
    the custom shows gone, show all slides instead."""
    try:
        props = prs.part.part_related_by(RT.PRES_PROPS)
    except KeyError:
        return
    root = etree.fromstring(props.blob)
    shows = root.findall(".//{http://schemas.openxmlformats.org/presentationml/2006/main}custShow")
    for show in shows:
        show.getparent().remove(show)
    if shows:
        props.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def theme_fonts(prs: pptx.presentation.Presentation) -> dict[str, tuple[str, str]]:
    """The first master's theme fonts: "major" (titles) and "minor" (body) -> (Latin, East
    Asian) typefaces, '' where the theme names none."""
    master = prs.slide_masters[0]
    try:
        theme_part = master.part.part_related_by(RT.THEME)
    except KeyError:
        return {"major": ("", ""), "minor": ("", "")}
    root = etree.fromstring(theme_part.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    fonts = {}
    for kind in ("major", "minor"):
        latin = root.find(f".//a:{kind}Font/a:latin", ns)
        ea = root.find(f".//a:{kind}Font/a:ea", ns)
        fonts[kind] = (
            latin.get("typeface", "") if latin is not None else "",
            ea.get("typeface", "") if ea is not None else "",
        )
    return fonts


def _types(layout) -> list:
    return [ph.placeholder_format.type for ph in layout.placeholders]


def _all_layouts(prs):
    return [layout for master in prs.slide_masters for layout in master.slide_layouts]


def _find_layout(prs, role: str, warnings: list[str], path: Path):
    layouts = _all_layouts(prs)
    names = LAYOUT_NAMES[role]
    for layout in layouts:
        if layout.name.strip().lower() in names and _usable(layout, role):
            return layout
    chosen = _by_placeholders(prs, layouts, role)
    if chosen is None:
        raise UsageError(f"no layout with a title placeholder for {role} slides", str(path))
    warnings.append(
        f"{path.name}: no layout named “{LAYOUT_NAMES[role][0].title()}”; "
        f"{role} slides use “{chosen.name}” (chosen by its placeholders)"
    )
    return chosen


def _usable(layout, role: str) -> bool:
    types = _types(layout)
    if not any(t in _TITLE_TYPES for t in types):
        return False
    return role != "content" or any(t in _BODY_TYPES for t in types)


def _body(layout):
    bodies = [
        ph
        for ph in layout.placeholders
        if ph.placeholder_format.type in _BODY_TYPES + (PP_PLACEHOLDER.SUBTITLE,)
    ]
    return max(bodies, key=lambda ph: (ph.width or 0) * (ph.height or 0), default=None)


def _by_placeholders(prs, layouts, role: str):
    height = prs.slide_height

    def area(layout):
        body = _body(layout)
        return (body.width or 0) * (body.height or 0) if body is not None else 0

    with_title = [layout for layout in layouts if any(t in _TITLE_TYPES for t in _types(layout))]
    if role == "title":
        found = [layout for layout in with_title if PP_PLACEHOLDER.SUBTITLE in _types(layout)]
        found = found or [layout for layout in with_title if PP_PLACEHOLDER.CENTER_TITLE in _types(layout)]
        return found[0] if found else (with_title[0] if with_title else None)
    bodied = [layout for layout in with_title if sum(t in _BODY_TYPES for t in _types(layout)) == 1]
    if role == "content":
        return max(bodied, key=area, default=None) or (with_title[0] if with_title else None)
    small = [layout for layout in bodied if _body(layout).height and _body(layout).height < height * 0.35]
    title_only = [
        layout
        for layout in with_title
        if not any(t in _BODY_TYPES + (PP_PLACEHOLDER.SUBTITLE,) for t in _types(layout))
    ]
    return (small or title_only or with_title or [None])[0]


def _frame(ph, face: fit.Face, layout=None) -> fit.Frame | None:
    """The box the fitter measures in: the placeholder's size and its effective insets (the
    writer writes the same insets explicitly; only their left+right and top+bottom sums count),
    the face its text is measured in and, for a body (`layout` given), the theme's own bullet
    indents."""
    if ph is None or not ph.width or not ph.height:
        return None
    left, top, right, bottom = ooxml.effective_insets(ph)
    frame = fit.Frame(
        width_pt=ph.width / 12700,
        height_pt=ph.height / 12700,
        inset_pt=(left + right) / 2 / 12700,
        inset_v_pt=(top + bottom) / 2 / 12700,
        face=face,
    )
    if layout is not None:
        hang, step = _bullet_indents(ph, layout.slide_master)
        frame = replace(frame, bullet_indent_pt=hang, indent_pt_per_level=step)
    return frame


def _bullet_indents(ph, master) -> tuple[float, float]:
    """(hanging indent, step per level) in points from the theme's first two list levels, so
    bullets sit where the designer put them and a wide bullet (an en dash at 28 pt) keeps its
    gap; the fitter's defaults where the theme says nothing sensible."""
    default = fit.Frame(1, 1)
    marl1, indent1 = (ooxml.list_style(ph, master, 1, a) for a in ("marL", "indent"))
    marl2 = ooxml.list_style(ph, master, 2, "marL")
    hang = -indent1 / 12700 if indent1 is not None else 0
    step = (marl2 - (marl1 or 0)) / 12700 if marl2 is not None else 0
    if not 12 <= hang <= 72:
        hang = default.bullet_indent_pt
    if not 12 <= step <= 144:
        step = default.indent_pt_per_level
    return round(hang, 2), round(step, 2)


def _frames(layout, slide: tuple[float, float], faces: dict[str, fit.Face]) -> Frames:
    """A layout's boxes: the title measured in the theme's heading (major) font, the body in
    its body (minor) font, as the deck writer sets them."""
    title = next((ph for ph in layout.placeholders if ph.placeholder_format.type in _TITLE_TYPES), None)
    body = _body(layout)
    return Frames(
        _frame(title, faces["major"]) or fit.Frame(width_pt=640, height_pt=72, face=faces["major"]),
        _frame(body, faces["minor"], layout),
        _rect(title, layout),
        _rect(body, layout),
        slide,
    )


def _rect(ph, layout) -> Rect | None:
    """Where a layout's placeholder sits on the slide, in points (the master's place for the
    same kind when the layout inherits it)."""
    if ph is None:
        return None
    if ph.left is None or ph.width is None:
        kind = ph.placeholder_format.type
        ph = next((m for m in layout.slide_master.placeholders if m.placeholder_format.type == kind), None)
        if ph is None or ph.left is None or ph.width is None:
            return None
    return Rect(ph.left / 12700, ph.top / 12700, ph.width / 12700, ph.height / 12700)


def fonts_for(theme: Theme, language: str) -> dict[str, tuple[str, str]]:
    """(latin, east Asian) typefaces for titles ("major") and body ("minor"): the theme's own
    where it names them, else Arial with the platform's CJK font for the language."""
    out = {}
    for kind, (latin, ea) in theme.fonts.items():
        latin = latin if latin and not latin.startswith("+") else DEFAULT_LATIN
        ea = ea if ea and not ea.startswith("+") else DEFAULT_EA[language]
        out[kind] = (latin, ea)
    return out


def describe_layouts(theme: Theme) -> list[str]:
    """For `deckcast check-template`: which layout each kind of slide uses."""
    lines = []
    for role in ROLES:
        layout = theme.layouts[role]
        frames = theme.frames[role]
        body = f", body {frames.body.width_pt:.0f}×{frames.body.height_pt:.0f} pt" if frames.body else ""
        lines.append(
            f"{role:<8} -> “{layout.name}” (title {frames.title.width_pt:.0f}×{frames.title.height_pt:.0f} pt{body})"
        )
    return lines
