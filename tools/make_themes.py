"""Generate deckcast's bundled PowerPoint themes.

    python tools/make_themes.py            # writes templates/themes/{default,dark,paper}.pptx
    python tools/make_themes.py -o DIR     # writes DIR/{default,dark,paper}.pptx

Both files start from python-pptx's own default template (``pptx.Presentation()``) and are
edited with python-pptx and lxml: 16:9 page, a named colour scheme and font scheme in
``ppt/theme/theme1.xml``, a designed slide master and six slide layouts, and no slides. The
output is byte-for-byte reproducible (fixed document dates, fixed zip timestamps).

Open a theme with ``pptx.Presentation(path)`` and pick layouts **by name** (the order below is
the order of ``prs.slide_layouts``, but user themes may differ).

Page: 12192000 x 6858000 EMU (13.333 in x 7.5 in). 914400 EMU = 1 in.

Placeholder geometry (EMU: x, y, cx, cy) -- identical in both themes. Every layout placeholder
carries an explicit ``a:xfrm``, so ``layout.placeholders[...].left`` etc. are real values.

Slide master
    title     type=title   idx=0     548640,  320040, 11064240,  914400
    body      type=body    idx=1     548640, 1417320, 11064240, 4846320
    date      type=dt      idx=2    8046720, 6355080,  2103120,  320040
    footer    type=ftr     idx=3     548640, 6355080,  7315200,  320040
    number    type=sldNum  idx=4   10241280, 6355080,  1371600,  320040

Every layout also has dt idx=10, ftr idx=11 and sldNum idx=12 at the master's positions
(slide number bottom-right, right-aligned, right edge 11612880 = the content's right edge).

[0] "Title Slide"  (own background, no master shapes)
    ctrTitle  idx=0     868680, 1097280, 10424160, 2514600   anchored bottom, 44 pt bold
    subTitle  idx=1     868680, 4023360, 10424160, 1463040   20 pt, no bullets
[1] "Title and Content"
    title     idx=0     548640,  320040, 11064240,  914400   anchored bottom, 30 pt bold
    body      idx=1     548640, 1417320, 11064240, 4846320   bullets, 24/20/18 pt
[2] "Section Header"  (full-bleed accent1 background, no master shapes)
    title     idx=0     868680, 1097280, 10424160, 2514600   anchored bottom, 40 pt bold
    body      idx=1     868680, 4023360, 10424160, 1463040   subtitle, 20 pt, no bullets
[3] "Two Content"
    title     idx=0     548640,  320040, 11064240,  914400
    body      idx=1     548640, 1417320,  5349240, 4846320   left column, 22/18/16 pt
    body      idx=2    6263640, 1417320,  5349240, 4846320   right column, 22/18/16 pt
[4] "Title Only"
    title     idx=0     548640,  320040, 11064240,  914400   free area below: y >= 1417320
[5] "Blank"  (only the top strip; no master shapes)
    dt/ftr/sldNum only

Decorative shapes (non-placeholder, on master/layouts, never on slides):
    master (shown on layouts 1, 3, 4)
        Top Strip            0,       0, 12192000,   73152   dk2 navy (light) / accent1 (dark)
        Title Rule           548640, 1325880, 11064240,   9144   hairline
        Title Rule Accent    548640, 1289304,   914400,  54864   accent1
    Title Slide:    Accent Strip 0, 0, 201168, 6858000 (accent1); Title Rule 868680, 3794760,
                    1280160, 64008; Disc (ellipse) 8595360, 3017520, 6400800, 6400800 (runs
                    off the bottom-right corner, low-contrast tone of the background)
    Section Header: Section Rule 868680, 3794760, 1280160, 64008; Disc as above
    Two Content:    Column Divider 6080760, 1508760, 9144, 4663440 (hairline)
    Blank:          Top Strip as on the master

Text of titles and body sits flush on x=548640 (left/right insets 0), aligned with the rule.
deckcast's deck writer reads the placeholders' insets and the body's hanging indent (lvl1
``indent``) and level step (lvl2 ``marL`` - lvl1 ``marL``) from here, fits text with them and
writes them explicitly on every generated slide.
Titles: bold, Latin +mj-lt (Arial), East Asian +mj-ea (Microsoft JhengHei), light: dk2 navy,
dark: lt1 off-white. Body levels 1/2/3: bullets "■" (accent1) / "–" / "•", line spacing 120 %,
space before 10/6/4 pt. Styles carry only size/weight/colour; a writer sets text, not format.

Slide numbers: python-pptx does not copy dt/ftr/sldNum placeholders onto new slides. To show
the number, clone the layout's sldNum placeholder and put a slidenum field in it::

    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls
    slide.shapes.clone_placeholder(layout.placeholders.get(idx=12))
    txBody = slide.placeholders[12]._element.get_or_add_txBody()
    p = txBody.p_lst[0] if txBody.p_lst else txBody.add_p()
    p.append(parse_xml('<a:fld %s id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" '
                       'type="slidenum"><a:rPr lang="en-US"/><a:t>‹#›</a:t></a:fld>' % nsdecls("a")))
"""

from __future__ import annotations

import argparse
import datetime as _dt
import io
import sys
import zipfile
from pathlib import Path

import pptx
from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSDECL = f'xmlns:a="{A}" xmlns:p="{P}" xmlns:r="{R}"'
NS = {"a": A, "p": P, "r": R}

EMU_PER_IN = 914400
SLIDE_W, SLIDE_H = 12192000, 6858000


def emu(inches: float) -> int:
    return int(round(inches * EMU_PER_IN))


# --------------------------------------------------------------------------- geometry
MARGIN_X = emu(0.6)  # 548640
CONTENT_W = emu(12.1)  # 11064240
TITLE = (MARGIN_X, emu(0.35), CONTENT_W, emu(1.0))
BODY = (MARGIN_X, emu(1.55), CONTENT_W, emu(5.3))
COL_GAP = emu(0.4)
COL_W = (CONTENT_W - COL_GAP) // 2  # 5349240
LEFT_COL = (MARGIN_X, BODY[1], COL_W, BODY[3])
RIGHT_COL = (MARGIN_X + COL_W + COL_GAP, BODY[1], COL_W, BODY[3])
FOOT_Y, FOOT_H = emu(6.95), emu(0.35)
SLDNUM = (emu(11.2), FOOT_Y, emu(1.5), FOOT_H)
FOOTER = (MARGIN_X, FOOT_Y, emu(8.0), FOOT_H)
DATE = (emu(8.8), FOOT_Y, emu(2.3), FOOT_H)
TOP_STRIP = (0, 0, SLIDE_W, emu(0.08))
RULE_Y = emu(1.45)  # hairline under the title
HAIRLINE = (MARGIN_X, RULE_Y, CONTENT_W, emu(0.01))
RULE_SEG = (MARGIN_X, RULE_Y - emu(0.04), emu(1.0), emu(0.06))
# title slide / section header ("hero" layouts)
HERO_X, HERO_W = emu(0.95), emu(11.4)
HERO_TITLE = (HERO_X, emu(1.2), HERO_W, emu(2.75))
HERO_RULE = (HERO_X, emu(4.15), emu(1.4), emu(0.07))
HERO_SUB = (HERO_X, emu(4.4), HERO_W, emu(1.6))
HERO_STRIP = (0, 0, emu(0.22), SLIDE_H)
HERO_DISC = (emu(9.4), emu(3.3), emu(7.0), emu(7.0))  # runs off the bottom-right corner
COL_DIVIDER = (MARGIN_X + COL_W + COL_GAP // 2, BODY[1] + emu(0.1), emu(0.01), BODY[3] - emu(0.2))


# --------------------------------------------------------------------------- themes
def sc(val: str, *mods: tuple[str, int]) -> str:
    """A scheme colour, optionally with lumMod/lumOff/alpha modifiers."""
    inner = "".join(f'<a:{m} val="{v}"/>' for m, v in mods)
    return f'<a:schemeClr val="{val}">{inner}</a:schemeClr>' if inner else f'<a:schemeClr val="{val}"/>'


NORMAL_MAP = dict(bg1="lt1", tx1="dk1", bg2="lt2", tx2="dk2")
DARK_MAP = dict(bg1="dk1", tx1="lt1", bg2="dk2", tx2="lt2")

THEMES = {
    "default": dict(
        name="deckcast light",
        clr_map=NORMAL_MAP,
        colors=dict(
            dk1="1E2530",  # body text: near-black slate
            lt1="FFFFFF",  # background
            dk2="0B2545",  # deep navy: titles, title-slide background, top strip
            lt2="E8EDF3",  # pale blue-grey
            accent1="0B7A85",  # deep teal: rules, bullets, section background
            accent2="1F4E8C",  # blue
            accent3="E0A030",  # amber
            accent4="5FA8A3",  # soft teal
            accent5="7F8FA6",  # slate
            accent6="B5533C",  # rust
            hlink="0B7A85",
            folHlink="6A4C93",
        ),
        roles=dict(
            title=sc("tx2"),
            body=sc("tx1"),
            body2=sc("tx1", ("lumMod", 85000), ("lumOff", 15000)),
            bullet=sc("accent1"),
            muted=sc("tx1", ("lumMod", 65000), ("lumOff", 35000)),
            strip=sc("tx2"),
            rule=sc("accent1"),
            hairline=sc("bg2", ("lumMod", 90000)),
            hero_bg=sc("tx2"),
            hero_title=sc("bg1"),
            hero_sub=sc("bg2", ("lumMod", 90000)),
            hero_accent=sc("accent1"),
            hero_rule=sc("accent4"),
            hero_disc=sc("accent1", ("alpha", 22000)),
            sec_bg=sc("accent1"),
            sec_disc=sc("accent1", ("lumMod", 90000)),
            sec_title=sc("bg1"),
            sec_sub=sc("bg1"),
            sec_rule=sc("bg1"),
            sec_num=sc("bg1"),
        ),
    ),
    "dark": dict(
        name="deckcast dark",
        clr_map=DARK_MAP,
        colors=dict(
            dk1="111317",  # background: near-black
            lt1="F3F1EC",  # text: warm off-white
            dk2="1C2129",  # raised surface
            lt2="A9B0BB",  # secondary text
            accent1="F2A541",  # the one warm accent: amber
            accent2="5AB1BB",  # cool teal
            accent3="8C9CB0",  # slate
            accent4="D8CFC0",  # sand
            accent5="6E8FB5",  # steel blue
            accent6="9B8AC4",  # lavender
            hlink="7CC4D0",
            folHlink="A9B0BB",
        ),
        roles=dict(
            title=sc("tx1"),
            body=sc("tx1"),
            body2=sc("tx1", ("lumMod", 85000)),
            bullet=sc("accent1"),
            muted=sc("tx2"),
            strip=sc("accent1"),
            rule=sc("accent1"),
            hairline=sc("bg2", ("lumMod", 75000), ("lumOff", 25000)),
            hero_bg=sc("bg1"),
            hero_title=sc("tx1"),
            hero_sub=sc("tx2"),
            hero_accent=sc("accent1"),
            hero_rule=sc("accent1"),
            hero_disc=sc("bg2"),
            sec_bg=sc("accent1"),
            sec_disc=sc("accent1", ("lumMod", 92000)),
            sec_title=sc("bg1"),
            sec_sub=sc("bg2"),
            sec_rule=sc("bg1"),
            sec_num=sc("bg2"),
        ),
    ),
    "paper": dict(
        name="deckcast paper",
        clr_map=NORMAL_MAP,
        major_latin="Times New Roman",  # headings in a serif (Liberation Serif where it is missing)
        colors=dict(
            dk1="2B2520",  # body text: warm near-black ink
            lt1="FBF7F0",  # background: warm paper
            dk2="3A2E26",  # titles, title-slide background: dark umber
            lt2="EFE6D8",  # a raised surface: deeper paper
            accent1="B5533C",  # terracotta: rules, bullets, section background
            accent2="4A6B5D",  # sage green
            accent3="C99A3B",  # ochre
            accent4="7A8FA6",  # faded blue
            accent5="8C6A5D",  # clay
            accent6="5D6B8C",  # ink blue
            hlink="9C3F2B",
            folHlink="6B4E3D",
        ),
        roles=dict(
            title=sc("tx2"),
            body=sc("tx1"),
            body2=sc("tx1", ("lumMod", 85000), ("lumOff", 15000)),
            bullet=sc("accent1"),
            muted=sc("tx1", ("lumMod", 65000), ("lumOff", 35000)),
            strip=sc("accent1"),
            rule=sc("accent1"),
            hairline=sc("bg2", ("lumMod", 90000)),
            hero_bg=sc("bg2"),
            hero_title=sc("tx2"),
            hero_sub=sc("tx1", ("lumMod", 75000), ("lumOff", 25000)),
            hero_accent=sc("accent1"),
            hero_rule=sc("accent1"),
            hero_disc=sc("accent1", ("alpha", 14000)),
            sec_bg=sc("tx2"),
            sec_disc=sc("accent1", ("alpha", 30000)),
            sec_title=sc("bg1"),
            sec_sub=sc("bg2"),
            sec_rule=sc("accent1"),
            sec_num=sc("bg2"),
        ),
    ),
}

FONT_LATIN = "Arial"
FONT_EA = "Microsoft JhengHei"
SCRIPT_FONTS = [
    ("Jpan", "Yu Gothic"),
    ("Hang", "Malgun Gothic"),
    ("Hans", "Microsoft YaHei"),
    ("Hant", "Microsoft JhengHei"),
]
KEEP_LAYOUTS = ["Title Slide", "Title and Content", "Section Header", "Two Content", "Title Only", "Blank"]
SLDNUM_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
DATE_FIELD_ID = "{5BCAD085-E8A6-8845-BD4E-CB4CCA059FC4}"
FIXED_TIME = _dt.datetime(2025, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------- XML helpers
def el(xml: str) -> etree._Element:
    """Parse a fragment that uses the a:/p:/r: prefixes."""
    wrapped = f"<wrap {NSDECL}>{xml}</wrap>"
    return etree.fromstring(wrapped)[0]


def xfrm(box: tuple[int, int, int, int]) -> str:
    x, y, cx, cy = box
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'


def fill(clr: str) -> str:
    return f"<a:solidFill>{clr}</a:solidFill>"


def rect(id_: int, name: str, box, clr: str, geom: str = "rect") -> str:
    """A decorative filled shape (userDrawn: belongs to the master/layout design)."""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{id_}" name="{name}"/><p:cNvSpPr/>'
        f'<p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr>{xfrm(box)}<a:prstGeom prst="{geom}"><a:avLst/></a:prstGeom>{fill(clr)}'
        f"<a:ln><a:noFill/></a:ln></p:spPr>"
        f'<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/>'
        f'<a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>'
    )


def ph_attrs(type_: str | None, idx: int | None, sz: str | None = None) -> str:
    s = ""
    if type_:
        s += f' type="{type_}"'
    if sz:
        s += f' sz="{sz}"'
    if idx is not None:
        s += f' idx="{idx}"'
    return s


def placeholder(id_, name, type_, idx, box, body_pr="<a:bodyPr/>", lst="", paras=None, sz=None):
    paras = paras if paras is not None else ['<a:p><a:r><a:rPr lang="en-US"/><a:t>Text</a:t></a:r></a:p>']
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{id_}" name="{name}"/>'
        f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f"<p:nvPr><p:ph{ph_attrs(type_, idx, sz)}/></p:nvPr></p:nvSpPr>"
        f'<p:spPr>{xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        f"<p:txBody>{body_pr}<a:lstStyle>{lst}</a:lstStyle>{''.join(paras)}</p:txBody></p:sp>"
    )


def run_para(text: str, lvl: int | None = None) -> str:
    ppr = f'<a:pPr lvl="{lvl}"/>' if lvl else ""
    return f'<a:p>{ppr}<a:r><a:rPr lang="en-US"/><a:t>{text}</a:t></a:r></a:p>'


TITLE_PROMPT = [run_para("Click to edit Master title style")]
SUB_PROMPT = [run_para("Click to edit Master subtitle style")]
TEXT_PROMPT = [run_para("Click to edit Master text styles")]
BODY_PROMPT = [
    run_para("Click to edit Master text styles"),
    run_para("Second level", 1),
    run_para("Third level", 2),
    run_para("Fourth level", 3),
    run_para("Fifth level", 4),
]


def sldnum_para() -> str:
    return (
        f'<a:p><a:fld id="{SLDNUM_FIELD_ID}" type="slidenum"><a:rPr lang="en-US"/>'
        f'<a:t>‹#›</a:t></a:fld><a:endParaRPr lang="en-US"/></a:p>'
    )


def date_para() -> str:
    return (
        f'<a:p><a:fld id="{DATE_FIELD_ID}" type="datetimeFigureOut"><a:rPr lang="en-US"/>'
        f'<a:t>1/1/2025</a:t></a:fld><a:endParaRPr lang="en-US"/></a:p>'
    )


EMPTY_PARA = '<a:p><a:endParaRPr lang="en-US"/></a:p>'
FOOT_BODY_PR = '<a:bodyPr vert="horz" lIns="0" tIns="0" rIns="0" bIns="0" rtlCol="0" anchor="ctr"/>'


def footer_lst(algn: str, clr: str, bold: bool = False) -> str:
    b = ' b="1"' if bold else ""
    return (
        f'<a:lvl1pPr marL="0" indent="0" algn="{algn}"><a:buNone/>'
        f'<a:defRPr sz="1100"{b}>{fill(clr)}</a:defRPr></a:lvl1pPr>'
    )


def footers(first_id: int, idx0: int, roles: dict, clr: str | None = None, *, master=False) -> list[str]:
    """dt, ftr, sldNum placeholders (master: idx 2/3/4 with styles; layouts: 10/11/12)."""
    clr = clr or roles["muted"]
    styled = master or clr != roles["muted"]
    return [
        placeholder(
            first_id,
            "Date Placeholder",
            "dt",
            idx0,
            DATE,
            FOOT_BODY_PR if master else "<a:bodyPr/>",
            footer_lst("r", clr) if styled else "",
            [date_para()],
            sz="half",
        ),
        placeholder(
            first_id + 1,
            "Footer Placeholder",
            "ftr",
            idx0 + 1,
            FOOTER,
            FOOT_BODY_PR if master else "<a:bodyPr/>",
            footer_lst("l", clr) if styled else "",
            [EMPTY_PARA],
            sz="quarter",
        ),
        placeholder(
            first_id + 2,
            "Slide Number Placeholder",
            "sldNum",
            idx0 + 2,
            SLDNUM,
            FOOT_BODY_PR if master else "<a:bodyPr/>",
            footer_lst("r", clr, bold=True) if styled else "",
            [sldnum_para()],
            sz="quarter",
        ),
    ]


def no_bullet_lst(size: int, clr: str, *, bold=False, spc_bef=0) -> str:
    """lvl1..lvl9 without bullets (subtitles)."""
    b = ' b="1"' if bold else ""
    out = []
    for lvl in range(1, 10):
        s = size if lvl == 1 else max(size - 200 * (lvl - 1), 1400)
        out.append(
            f'<a:lvl{lvl}pPr marL="0" indent="0"><a:lnSpc><a:spcPct val="110000"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{spc_bef}"/></a:spcBef><a:buNone/>'
            f'<a:defRPr sz="{s}"{b}>{fill(clr)}</a:defRPr></a:lvl{lvl}pPr>'
        )
    return "".join(out)


def title_lst(size: int, clr: str) -> str:
    return (
        f'<a:lvl1pPr algn="l"><a:lnSpc><a:spcPct val="95000"/></a:lnSpc>'
        f'<a:defRPr sz="{size}" b="1">{fill(clr)}</a:defRPr></a:lvl1pPr>'
    )


def column_lst() -> str:
    """Two Content columns: one step smaller than the full-width body."""
    return (
        '<a:lvl1pPr><a:defRPr sz="2200"/></a:lvl1pPr>'
        '<a:lvl2pPr><a:defRPr sz="1800"/></a:lvl2pPr>'
        '<a:lvl3pPr><a:defRPr sz="1600"/></a:lvl3pPr>'
    )


# --------------------------------------------------------------------------- text styles
def font_refs(kind: str) -> str:
    return f'<a:latin typeface="+{kind}-lt"/><a:ea typeface="+{kind}-ea"/><a:cs typeface="+{kind}-cs"/>'


PARA_COMMON = 'algn="l" defTabSz="914400" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"'


def title_style(roles: dict) -> str:
    return (
        f"<p:titleStyle><a:lvl1pPr {PARA_COMMON}>"
        f'<a:lnSpc><a:spcPct val="95000"/></a:lnSpc><a:spcBef><a:spcPct val="0"/></a:spcBef>'
        f'<a:buNone/><a:defRPr sz="3000" b="1" kern="1200">{fill(roles["title"])}'
        f"{font_refs('mj')}</a:defRPr></a:lvl1pPr></p:titleStyle>"
    )


# (marL, hanging indent, size, bullet, bullet size %, space before pt, colour role)
BODY_LEVELS = [
    (emu(0.34), emu(0.34), 2400, "■", 60000, 1000, "body"),
    (emu(0.74), emu(0.30), 2000, "–", 100000, 600, "body2"),
    (emu(1.10), emu(0.26), 1800, "•", 100000, 400, "body2"),
    (emu(1.42), emu(0.24), 1600, "–", 100000, 300, "body2"),
    (emu(1.74), emu(0.24), 1600, "•", 100000, 300, "body2"),
]


def body_style(roles: dict) -> str:
    out = ["<p:bodyStyle>"]
    for lvl in range(1, 10):
        marL, ind, size, ch, bsz, bef, clr = BODY_LEVELS[min(lvl, 5) - 1]
        if lvl > 5:
            marL += emu(0.32) * (lvl - 5)
        bu_clr = roles["bullet"] if lvl == 1 else roles["muted"]
        out.append(
            f'<a:lvl{lvl}pPr marL="{marL}" indent="{-ind}" {PARA_COMMON}>'
            f'<a:lnSpc><a:spcPct val="120000"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{bef}"/></a:spcBef>'
            f'<a:buClr>{bu_clr}</a:buClr><a:buSzPct val="{bsz}"/>'
            f'<a:buFont typeface="Arial" panose="020B0604020202020204" pitchFamily="34" charset="0"/>'
            f'<a:buChar char="{ch}"/>'
            f'<a:defRPr sz="{size}" kern="1200">{fill(roles[clr])}{font_refs("mn")}</a:defRPr>'
            f"</a:lvl{lvl}pPr>"
        )
    out.append("</p:bodyStyle>")
    return "".join(out)


def other_style() -> str:
    out = ['<p:otherStyle><a:defPPr><a:defRPr lang="en-US"/></a:defPPr>']
    for lvl in range(1, 10):
        out.append(
            f'<a:lvl{lvl}pPr marL="{(lvl - 1) * 457200}" {PARA_COMMON}>'
            f'<a:defRPr sz="1800" kern="1200">{fill(sc("tx1"))}{font_refs("mn")}</a:defRPr>'
            f"</a:lvl{lvl}pPr>"
        )
    out.append("</p:otherStyle>")
    return "".join(out)


# --------------------------------------------------------------------------- theme part
# Latin typefaces and their PANOSE numbers: Arial by default; a theme may set its headings
# (`major_latin`) in another.
PANOSE = {"Arial": "020B0604020202020204", "Times New Roman": "02020603050405020304"}


def font_scheme(spec: dict | None = None) -> str:
    spec = spec or {}

    def one(tag: str, latin: str) -> str:
        scripts = "".join(f'<a:font script="{s}" typeface="{f}"/>' for s, f in SCRIPT_FONTS)
        return (
            f'<a:{tag}><a:latin typeface="{latin}" panose="{PANOSE[latin]}"/>'
            f'<a:ea typeface="{FONT_EA}"/><a:cs typeface="{latin}"/>{scripts}</a:{tag}>'
        )

    major = spec.get("major_latin", FONT_LATIN)
    return f'<a:fontScheme name="deckcast">{one("majorFont", major)}{one("minorFont", FONT_LATIN)}</a:fontScheme>'


def color_scheme(name: str, colors: dict) -> str:
    order = [
        "dk1",
        "lt1",
        "dk2",
        "lt2",
        "accent1",
        "accent2",
        "accent3",
        "accent4",
        "accent5",
        "accent6",
        "hlink",
        "folHlink",
    ]
    inner = "".join(f'<a:{k}><a:srgbClr val="{colors[k]}"/></a:{k}>' for k in order)
    return f'<a:clrScheme name="{name}">{inner}</a:clrScheme>'


# Flat, modern format scheme: shapes a writer adds (python-pptx uses fillRef 3 / effectRef 2)
# come out as flat fills without the Office-2007 gradients and drop shadows.
FMT_SCHEME = (
    '<a:fmtScheme name="deckcast flat">'
    "<a:fillStyleLst>"
    '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    '<a:solidFill><a:schemeClr val="phClr"><a:tint val="60000"/></a:schemeClr></a:solidFill>'
    '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    "</a:fillStyleLst>"
    "<a:lnStyleLst>"
    '<a:ln w="9525" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/>'
    '</a:solidFill><a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
    '<a:ln w="19050" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/>'
    '</a:solidFill><a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
    '<a:ln w="28575" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/>'
    '</a:solidFill><a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
    "</a:lnStyleLst>"
    "<a:effectStyleLst>"
    "<a:effectStyle><a:effectLst/></a:effectStyle>"
    "<a:effectStyle><a:effectLst/></a:effectStyle>"
    '<a:effectStyle><a:effectLst><a:outerShdw blurRad="57150" dist="19050" dir="5400000" '
    'algn="ctr" rotWithShape="0"><a:srgbClr val="000000"><a:alpha val="63000"/></a:srgbClr>'
    "</a:outerShdw></a:effectLst></a:effectStyle>"
    "</a:effectStyleLst>"
    "<a:bgFillStyleLst>"
    '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    '<a:solidFill><a:schemeClr val="phClr"><a:tint val="95000"/></a:schemeClr></a:solidFill>'
    '<a:solidFill><a:schemeClr val="phClr"><a:shade val="90000"/></a:schemeClr></a:solidFill>'
    "</a:bgFillStyleLst>"
    "</a:fmtScheme>"
)


def rewrite_theme(theme_part, spec: dict) -> None:
    root = etree.fromstring(theme_part.blob)
    root.set("name", spec["name"])
    elements = root.find("a:themeElements", NS)
    for tag, xml in (
        ("clrScheme", color_scheme(spec["name"], spec["colors"])),
        ("fontScheme", font_scheme(spec)),
        ("fmtScheme", FMT_SCHEME),
    ):
        old = elements.find(f"a:{tag}", NS)
        old.getparent().replace(old, el(xml))
    theme_part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --------------------------------------------------------------------------- master/layouts
def set_background(csld, clr: str | None) -> None:
    """Replace (or remove, clr=None) the p:bg of a cSld element."""
    for bg in csld.findall("p:bg", NS):
        csld.remove(bg)
    if clr is not None:
        csld.insert(0, el(f"<p:bg><p:bgPr>{fill(clr)}<a:effectLst/></p:bgPr></p:bg>"))


def replace_shapes(sptree, shapes_xml: list[str]) -> None:
    for child in list(sptree):
        if etree.QName(child).localname not in ("nvGrpSpPr", "grpSpPr"):
            sptree.remove(child)
    for xml in shapes_xml:
        sptree.append(el(xml))


def build_master(master, spec: dict) -> None:
    roles = spec["roles"]
    m = master._element
    csld = m.find("p:cSld", NS)
    set_background(csld, sc("bg1"))
    shapes = [
        rect(2, "Top Strip", TOP_STRIP, roles["strip"]),
        rect(3, "Title Rule", HAIRLINE, roles["hairline"]),
        rect(4, "Title Rule Accent", RULE_SEG, roles["rule"]),
        placeholder(
            5,
            "Title Placeholder 1",
            "title",
            None,
            TITLE,
            '<a:bodyPr vert="horz" lIns="0" tIns="45720" rIns="0" bIns="45720" '
            'rtlCol="0" anchor="b"><a:normAutofit/></a:bodyPr>',
            "",
            TITLE_PROMPT,
        ),
        placeholder(
            6,
            "Text Placeholder 2",
            "body",
            1,
            BODY,
            '<a:bodyPr vert="horz" lIns="0" tIns="45720" rIns="0" bIns="45720" '
            'rtlCol="0" anchor="t"><a:normAutofit/></a:bodyPr>',
            "",
            BODY_PROMPT,
        ),
        *footers(7, 2, roles, master=True),
    ]
    replace_shapes(csld.find("p:spTree", NS), shapes)
    # colour map (dark theme swaps light/dark so bg1 is the near-black dk1)
    clr_map = m.find("p:clrMap", NS)
    for k, v in spec["clr_map"].items():
        clr_map.set(k, v)
    tx = m.find("p:txStyles", NS)
    tx.getparent().replace(
        tx, el(f"<p:txStyles>{title_style(roles)}{body_style(roles)}{other_style()}</p:txStyles>")
    )


def layout_shapes(name: str, roles: dict) -> tuple[list[str], str | None, bool]:
    """(shapes, background override, show master shapes) for one layout."""
    if name == "Title Slide":
        return (
            [
                rect(2, "Disc", HERO_DISC, roles["hero_disc"], "ellipse"),
                rect(3, "Accent Strip", HERO_STRIP, roles["hero_accent"]),
                rect(20, "Title Rule", HERO_RULE, roles["hero_rule"]),
                placeholder(
                    4,
                    "Title 1",
                    "ctrTitle",
                    None,
                    HERO_TITLE,
                    '<a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr>',
                    title_lst(4400, roles["hero_title"]),
                    TITLE_PROMPT,
                ),
                placeholder(
                    5,
                    "Subtitle 2",
                    "subTitle",
                    1,
                    HERO_SUB,
                    '<a:bodyPr anchor="t"><a:normAutofit/></a:bodyPr>',
                    no_bullet_lst(2000, roles["hero_sub"]),
                    SUB_PROMPT,
                ),
                *footers(6, 10, roles, roles["hero_sub"]),
            ],
            roles["hero_bg"],
            False,
        )
    if name == "Section Header":
        return (
            [
                rect(2, "Disc", HERO_DISC, roles["sec_disc"], "ellipse"),
                rect(20, "Section Rule", HERO_RULE, roles["sec_rule"]),
                placeholder(
                    3,
                    "Title 1",
                    "title",
                    None,
                    HERO_TITLE,
                    '<a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr>',
                    title_lst(4000, roles["sec_title"]),
                    TITLE_PROMPT,
                ),
                placeholder(
                    4,
                    "Text Placeholder 2",
                    "body",
                    1,
                    HERO_SUB,
                    '<a:bodyPr anchor="t"><a:normAutofit/></a:bodyPr>',
                    no_bullet_lst(2000, roles["sec_sub"]),
                    TEXT_PROMPT,
                ),
                *footers(5, 10, roles, roles["sec_num"]),
            ],
            roles["sec_bg"],
            False,
        )
    if name == "Title and Content":
        return (
            [
                placeholder(2, "Title 1", "title", None, TITLE, "<a:bodyPr/>", "", TITLE_PROMPT),
                placeholder(3, "Text Placeholder 2", "body", 1, BODY, "<a:bodyPr/>", "", BODY_PROMPT),
                *footers(4, 10, roles),
            ],
            None,
            True,
        )
    if name == "Two Content":
        return (
            [
                rect(20, "Column Divider", COL_DIVIDER, roles["hairline"]),
                placeholder(2, "Title 1", "title", None, TITLE, "<a:bodyPr/>", "", TITLE_PROMPT),
                placeholder(
                    3,
                    "Text Placeholder 2",
                    "body",
                    1,
                    LEFT_COL,
                    "<a:bodyPr/>",
                    column_lst(),
                    BODY_PROMPT,
                    sz="half",
                ),
                placeholder(
                    4,
                    "Text Placeholder 3",
                    "body",
                    2,
                    RIGHT_COL,
                    "<a:bodyPr/>",
                    column_lst(),
                    BODY_PROMPT,
                    sz="half",
                ),
                *footers(5, 10, roles),
            ],
            None,
            True,
        )
    if name == "Title Only":
        return (
            [
                placeholder(2, "Title 1", "title", None, TITLE, "<a:bodyPr/>", "", TITLE_PROMPT),
                *footers(3, 10, roles),
            ],
            None,
            True,
        )
    if name == "Blank":
        return [rect(2, "Top Strip", TOP_STRIP, roles["strip"]), *footers(3, 10, roles)], None, False
    raise ValueError(name)


def build_layout(layout, spec: dict) -> None:
    shapes, bg, show_master = layout_shapes(layout.name, spec["roles"])
    root = layout._element
    csld = root.find("p:cSld", NS)
    set_background(csld, bg)
    replace_shapes(csld.find("p:spTree", NS), shapes)
    if show_master:
        root.attrib.pop("showMasterSp", None)
    else:
        root.set("showMasterSp", "0")


# --------------------------------------------------------------------------- package
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<TotalTime>0</TotalTime><Words>0</Words><Application>deckcast tools/make_themes.py</Application>"
    "<PresentationFormat>Widescreen</PresentationFormat><Paragraphs>0</Paragraphs><Slides>0</Slides>"
    "<Notes>0</Notes><HiddenSlides>0</HiddenSlides><MMClips>0</MMClips><ScaleCrop>false</ScaleCrop>"
    '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Theme</vt:lpstr>'
    "</vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs>"
    '<TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>{name}</vt:lpstr></vt:vector>'
    "</TitlesOfParts><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>"
)


def tidy_package(prs, spec: dict) -> None:
    pres_part = prs.part
    # drop the Mac printer settings that ship with python-pptx's template
    for rId, rel in list(pres_part.rels.items()):
        if rel.reltype == RT.PRINTER_SETTINGS:
            pres_part.drop_rel(rId)
    package = pres_part.package
    for rId, rel in list(package._rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # a 4:3 picture of the old default template
            package.drop_rel(rId)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part.blob = APP_XML.format(name=spec["name"]).encode("utf-8")
    cp = prs.core_properties
    cp.title = ""  # decks built from the template should not inherit a title
    cp.author = cp.last_modified_by = "deckcast"
    cp.subject = cp.keywords = cp.comments = cp.category = ""
    cp.revision = 1
    cp.created = cp.modified = FIXED_TIME


def normalise_zip(data: bytes) -> bytes:
    """Rewrite the zip with fixed timestamps so the output is byte-for-byte reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def build(theme_key: str) -> bytes:
    spec = THEMES[theme_key]
    prs = pptx.Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    pres = prs.part._element
    pres.find("p:sldSz", NS).attrib.pop("type", None)

    master = prs.slide_master
    for layout in list(master.slide_layouts):
        if layout.name not in KEEP_LAYOUTS:
            master.slide_layouts.remove(layout)
    names = [layout.name for layout in master.slide_layouts]
    assert names == KEEP_LAYOUTS, names
    for n, layout in enumerate(master.slide_layouts, start=1):  # no gaps in part names
        layout.part.partname = PackURI(f"/ppt/slideLayouts/slideLayout{n}.xml")

    rewrite_theme(master.part.part_related_by(RT.THEME), spec)
    build_master(master, spec)
    for layout in master.slide_layouts:
        build_layout(layout, spec)
    tidy_package(prs, spec)
    # SlideLayouts.remove() adds an empty <p:sldIdLst/> (via used_by_slides); the template
    # has no slides, so leave the element out, as python-pptx's own default template does.
    for lst in pres.findall("p:sldIdLst", NS):
        if len(lst) == 0:
            pres.remove(lst)

    buf = io.BytesIO()
    prs.save(buf)
    return normalise_zip(buf.getvalue())


def check_documented_geometry(prs) -> None:
    """Fail if a placeholder's geometry differs from what the module docstring promises."""
    import re

    masters_and_layouts = [prs.slide_master, *prs.slide_layouts]
    for owner in masters_and_layouts:
        for ph in owner.placeholders:
            nums = (ph.left, ph.top, ph.width, ph.height)
            pattern = r",\s*".join(str(n) for n in nums)
            if not re.search(rf"(?<!\d){pattern}(?!\d)", __doc__):
                raise AssertionError(f"undocumented geometry {nums} in {owner.name!r}")


def main(argv: list[str] | None = None) -> int:
    repo = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "-o",
        "--out",
        type=Path,
        default=repo / "templates" / "themes",
        help="output folder (default: templates/themes)",
    )
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for key in THEMES:
        path = args.out / f"{key}.pptx"
        data = build(key)
        path.write_bytes(data)
        # sanity: python-pptx re-opens it, it has the layouts and no slides
        check = pptx.Presentation(str(path))
        assert len(check.slides) == 0
        assert [layout.name for layout in check.slide_layouts] == KEEP_LAYOUTS
        check_documented_geometry(check)
        print(f"wrote {path} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
