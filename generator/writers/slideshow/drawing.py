"""A fitted slide as the HTML deck draws it: every box at its place in points on the 960×540
slide (the browser's pixel is the slide's point, the whole slide then scaled to the window),
with the sizes, insets, line pitch and bullet indents the fitter measured with. Nothing is
decided here that the pptx writer does not decide the same way: titles and bodies sit in the
theme's placeholder boxes (plan Frames), designed slides draw their plan Design as it is, and
rich blocks are placed by the same functions the pptx writer places them with
(deck/blocks.py). The geometry goes into one stylesheet as rules per box (no inline style
attribute, so the page's Content-Security-Policy can forbid them); the template writes the
markup."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ...deck import blocks as deck_blocks
from ...deck.appearance import Appearance, Colour, LayoutLook
from ...deck.fit.fonts import Face
from ...deck.fit.metrics import has_cjk
from ...deck.fit.tables import CELL_INSET_PT, CELL_INSET_V_PT, fit_table, fit_table_min
from ...model import Block, Code, Columns, Image, Quote, Run, Table
from ...plan.design import HEADING_ROLES, Rect, Shape, Text
from ...plan.slides import Bullet, Frames, Slide

EMU = deck_blocks.EMU_PER_PT
SLIDE_NUMBER_PT = 12.0
DESIGN_INSET, DESIGN_INSET_V = 7.2, 3.6  # plan/arrange.py's, as deck/design.py writes them
DESIGN_INDENT, DESIGN_PER_LEVEL = 18.0, 27.0
CODE_BACKGROUND = "#f6f8fa"  # deck/blocks.py's code box fill


@dataclass(frozen=True)
class Para:
    """A paragraph of a text box: its runs (a bold label first), its bullet glyph (None: no
    bullet) and the CSS class of its level's indent and colour."""

    runs: tuple[Run, ...]
    bullet: str | None
    css: str
    bold: bool = False

    @property
    def east_asian(self) -> bool:
        """It has CJK: its ambiguous punctuation (“ ” · …) is then drawn in the CJK face, as
        PowerPoint draws it and the fitter measures it."""
        return has_cjk("".join(r.text for r in self.runs))


@dataclass(frozen=True)
class Item:
    """One box on a slide: `kind` text, shape, picture, table or code; `css` its class (the
    stylesheet places and styles it)."""

    kind: str
    css: str
    paras: tuple[Para, ...] = ()
    src: str = ""  # a picture's data: URI
    alt: str = ""
    rows: tuple[tuple[tuple[Run, ...], ...], ...] = ()  # a table's cells, header first
    cell_css: tuple[str, ...] = ()  # a table's per-column class
    lines: tuple[tuple[tuple[str, str], ...], ...] = ()  # code: (text, colour class) per line


@dataclass(frozen=True)
class Drawn:
    """A slide as drawn: its number, look (title, section or content), its items in drawing
    order, and its slide-number box."""

    number: int
    role: str
    layout: str
    items: tuple[Item, ...]
    title: str
    notes: str = ""
    cue: str = ""


@dataclass
class Sheet:
    """The stylesheet rules the boxes need, collected as the slides are drawn (numbers and
    theme colours only: no content text ever goes into the stylesheet)."""

    rules: list[str] = field(default_factory=list)
    colours: dict[str, str] = field(default_factory=dict)  # code colour -> class
    seen: set[str] = field(default_factory=set)

    def add(self, selector: str, custom: dict[str, str] | None = None, **declarations: object) -> None:
        pairs = [*(custom or {}).items(), *((k.replace("_", "-"), v) for k, v in declarations.items())]
        body = ";".join(f"{k}:{v}" for k, v in pairs)
        rule = f"{selector}{{{body}}}"
        if rule not in self.seen:  # a level's rule, asked for by each of its paragraphs
            self.seen.add(rule)
            self.rules.append(rule)

    def code_colour(self, colour: str | None) -> str:
        if not colour:
            return ""
        if colour not in self.colours:
            self.colours[colour] = f"k{len(self.colours)}"
            self.add(f".{self.colours[colour]}", color=f"#{colour.lower()}")
        return self.colours[colour]

    @property
    def css(self) -> str:
        return "\n".join(self.rules)


def px(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}px" if text not in ("0", "-0") else "0"


@dataclass(frozen=True)
class Context:
    """What every slide is drawn with: the theme's look, the slide's frames, the fonts'
    CSS families (major = headings, minor = body, mono = code) and the pictures."""

    look: Appearance
    frames: dict[str, Frames]
    families: dict[str, str]
    language: str
    folder: Path
    picture: Callable[[Image], tuple[str, tuple[int, int]]]  # -> its data: URI and pixel size
    faces: dict[str, Face]  # "major"/"minor": what the fitter measured in


class _Slide:
    """Draws one slide's items, naming each box `b{slide}-{n}`."""

    def __init__(self, slide: Slide, context: Context, sheet: Sheet):
        self.slide, self.context, self.sheet = slide, context, sheet
        self.items: list[Item] = []
        self.look: LayoutLook = context.look.layouts[slide.role]

    def name(self) -> str:
        return f"b{self.slide.number}-{len(self.items) + 1}"

    def place(self, css: str, rect: Rect, custom: dict[str, str] | None = None, **more: object) -> None:
        self.sheet.add(
            f".{css}", custom, left=px(rect.x), top=px(rect.y), width=px(rect.w), height=px(rect.h), **more
        )

    # ----------------------------------------------------------------- shapes

    def shape(self, rect: Rect, colour: Colour | str, ellipse: bool = False) -> None:
        css = self.name()
        paint = colour.css if isinstance(colour, Colour) else colour
        if ellipse:
            self.place(css, rect, background=paint, border_radius="50%")
        else:
            self.place(css, rect, background=paint)
        self.items.append(Item("shape", css))

    # ----------------------------------------------------------------- text

    def text(
        self,
        rect: Rect,
        paras: list[Para],
        size: float,
        *,
        inset: tuple[float, float],
        pitch: float = 1.2,
        before: float = 0.4,
        colour: str,
        family: str,
        align: str = "l",
        anchor: str = "t",
        italic: bool = False,
        bold: bool = False,
        nowrap: bool = False,
        background: str = "",
    ) -> str:
        css = self.name()
        declarations: dict[str, object] = {
            "padding": f"{px(inset[1])} {px(inset[0])}",
            "font_size": px(size),
            "line_height": px(pitch * size),
            "color": colour,
            "font_family": "var(--ff)",
            "text_align": {"l": "left", "ctr": "center", "r": "right"}.get(align, "left"),
            "justify_content": {"t": "flex-start", "ctr": "center", "b": "flex-end"}.get(
                anchor, "flex-start"
            ),
        }
        if italic:
            declarations["font_style"] = "italic"
        if bold:
            declarations["font_weight"] = "bold"
        if nowrap:
            declarations["white_space"] = "pre"
        if background:
            declarations["background"] = background
        self.place(css, rect, {"--ff": family}, **declarations)
        self.sheet.add(f".{css} p+p", margin_top=px(before * size))
        self.items.append(Item("text", css, tuple(paras)))
        return css

    def indent(
        self,
        box: str,
        level: int,
        margin: float,
        hang: float,
        colour: str,
        bullet: Colour | None,
        scale: float,
    ) -> str:
        """The class of a bulleted level in text box `box`: hanging indent, text and bullet colour."""
        css = f"{box}-l{level}"
        self.sheet.add(f".{box} .{css}", padding_left=px(margin), text_indent=px(-hang), color=colour)
        # A bullet smaller than its text is drawn raised towards the middle of the line, as
        # PowerPoint and LibreOffice draw it (moved, not laid out: the line's height stays).
        raised = {"position": "relative", "top": f"-{(1 - scale) * 0.35 / scale:.3f}em"} if scale < 1 else {}
        self.sheet.add(
            f".{box} .{css} .bu",
            raised,
            width=px(hang),
            color=bullet.css if bullet else "inherit",
            font_size=f"{scale * 100:.0f}%",
        )
        return css

    # ----------------------------------------------------------------- the slide

    def draw(self) -> list[Item]:
        slide, frames = self.slide, self.context.frames[self.slide.role]
        for image in (b for b in slide.blocks if isinstance(b, Image) and b.background):
            self.background(image)
        for decoration in self.look.decorations:
            self.shape(decoration.rect, decoration.colour, decoration.shape == "ellipse")
        if frames.title_box is not None and slide.title:
            title = frames.title
            self.text(
                frames.title_box,
                [Para((Run(slide.title),), None, "")],
                slide.title_pt,
                inset=(title.inset_pt, title.inset_v_pt),
                pitch=title.line_spacing,
                before=title.space_before,
                colour=self.look.title.colour.css,
                family=self.context.families["major"],
                align=self.look.title.align,
                anchor=self.look.title.anchor,
                bold=True,
            )
        if slide.design is not None:
            for item in slide.design.items:
                self.design_item(item)
        body, box = frames.body, frames.body_box
        if body is not None and box is not None and slide.role == "content" and slide.design is None:
            self.bullets(box)
        elif body is not None and box is not None and slide.subtitle:
            self.text(
                box,
                [Para((Run(slide.subtitle),), None, "")],
                slide.subtitle_pt,
                inset=(body.inset_pt, body.inset_v_pt),
                pitch=body.line_spacing,
                before=body.space_before,
                colour=self.look.body.colour.css,
                family=self.context.families["minor"],
                align=self.look.body.align,
                anchor=self.look.body.anchor,
                bold=True,
            )
        if self.look.number is not None:
            self.text(
                self.look.number,
                [Para((Run(str(slide.number)),), None, "")],
                SLIDE_NUMBER_PT,
                inset=(DESIGN_INSET, DESIGN_INSET_V),
                colour=self.look.number_colour.css,
                family=self.context.families["minor"],
                align="r",
                anchor="ctr",
            )
        return self.items

    def bullets(self, area: Rect) -> None:
        slide, frames = self.slide, self.context.frames[self.slide.role]
        body = frames.body
        if body is None:
            return
        if slide.space_before is not None:
            body = replace(body, space_before=slide.space_before)
        shown = [b for b in slide.blocks if not (isinstance(b, Image) and b.background)]
        text_area, blocks_area = area, area
        if slide.bullets and slide.text_share > 0 and shown:
            box = _emu_box(area)
            text_width = int(box.width * slide.text_share)
            gap = int(deck_blocks.GAP_PT * EMU)
            text_area = _rect(deck_blocks.Box(box.left, box.top, text_width, box.height))
            blocks_area = _rect(
                deck_blocks.Box(
                    box.left + text_width + gap, box.top, box.width - text_width - gap, box.height
                )
            )
        if slide.bullets:
            css = self.name()
            paras = []
            levels = self.look.body.levels
            for bullet in slide.bullets:
                colour, glyph = levels[min(bullet.level, len(levels) - 1)]
                if bullet.lead:
                    level_css = f"{css}-lead"
                    self.sheet.add(f".{css} .{level_css}", color=levels[0][0].css, font_weight="bold")
                    paras.append(Para(_runs(bullet), None, level_css, bold=True))
                    continue
                margin = body.bullet_indent_pt + bullet.level * body.indent_pt_per_level
                level_css = self.indent(
                    css,
                    bullet.level,
                    margin,
                    body.bullet_indent_pt,
                    colour.css,
                    glyph.colour if glyph else None,
                    glyph.scale if glyph else 1.0,
                )
                paras.append(Para(_runs(bullet), glyph.char if glyph else "•", level_css))
            self.text(
                text_area,
                paras,
                slide.body_pt,
                inset=(body.inset_pt, body.inset_v_pt),
                pitch=body.line_spacing,
                before=body.space_before,
                colour=self.look.body.colour.css,
                family=self.context.families["minor"],
            )
        if shown:
            self.blocks(tuple(shown), _emu_box(blocks_area), widths=not slide.bullets)

    def design_item(self, item: Shape | Text) -> None:
        roles = self.context.look.roles
        if isinstance(item, Shape):
            self.shape(item.rect, roles[item.colour].css, ellipse=item.kind == "disc")
            return
        css_name = self.name()
        paras = []
        for bullet in item.paras:
            bulleted = item.bullets == "all" or (item.bullets == "nested" and bullet.level > 0)
            if bulleted:
                margin = DESIGN_INDENT + bullet.level * DESIGN_PER_LEVEL
                level_css = self.indent(
                    css_name, bullet.level, margin, DESIGN_INDENT, roles[item.colour].css, None, 1.0
                )
                paras.append(Para(_runs(bullet), "•", level_css, bold=bullet.lead))
            else:
                paras.append(Para(_runs(bullet), None, "", bold=bullet.lead))
        self.text(
            item.rect,
            paras,
            item.size_pt,
            inset=(DESIGN_INSET, DESIGN_INSET_V),
            colour=roles[item.colour].css,
            family=self.context.families["major" if item.role in HEADING_ROLES else "minor"],
            align=item.align,
            anchor=item.anchor,
            italic=item.italic,
            bold=item.bold,
        )

    # ----------------------------------------------------------------- rich blocks

    def blocks(self, shown: tuple[Block, ...], box: deck_blocks.Box, widths: bool = True) -> None:
        """As deck/blocks.draw: a run of pictures shares a grid, any other block its own band."""
        groups: list[list[Block]] = []
        for block in shown:
            if isinstance(block, Image) and groups and isinstance(groups[-1][0], Image):
                groups[-1].append(block)
            else:
                groups.append([block])
        for group, band in zip(groups, deck_blocks.stack(box, len(groups)), strict=True):
            first = group[0]
            if isinstance(first, Image):
                self.pictures([b for b in group if isinstance(b, Image)], band, widths)
            elif isinstance(first, Table):
                self.table(first, band)
            elif isinstance(first, Code):
                self.code(first, band)
            elif isinstance(first, Quote):
                paras = deck_blocks.quote_paras(first, self.context.language)
                size = deck_blocks.quote_size(paras, band, self.context.faces["minor"])
                self.cell_text(band, paras, size, centered=True, italic=True)
            elif isinstance(first, Columns):
                self.columns(first, band)

    def pictures(self, images: list[Image], box: deck_blocks.Box, widths: bool) -> None:
        found = [self.context.picture(image) for image in images]
        places = deck_blocks.picture_boxes(images, box, [size for _, size in found], widths)
        for image, (uri, _), (place, caption) in zip(images, found, places, strict=True):
            css = self.name()
            self.place(css, _rect(place))
            self.items.append(Item("picture", css, src=uri, alt=image.alt or image.caption or ""))
            if caption is not None and image.caption:
                self.cell_text(
                    caption, [(image.caption, ())], deck_blocks.CAPTION_PT, centered=True, italic=True
                )

    def background(self, image: Image) -> None:
        uri, _ = self.context.picture(image)
        css = self.name()
        self.place(css, Rect(0, 0, *self.context.frames["content"].slide), object_fit="cover")
        self.items.append(Item("picture", css, src=uri, alt=image.alt))

    def cell_text(
        self,
        box: deck_blocks.Box,
        paras: list[tuple[str, tuple[Run, ...]]],
        size: float,
        *,
        centered: bool = False,
        italic: bool = False,
    ) -> None:
        """A text box as deck/blocks._text_box writes it: the cell insets on all sides."""
        self.text(
            _rect(box),
            [Para(runs or (Run(text),), None, "") for text, runs in paras],
            size,
            inset=(CELL_INSET_PT, CELL_INSET_PT),
            before=0,
            colour=self.look.body.colour.css,
            family=self.context.families["minor"],
            align="ctr" if centered else "l",
            italic=italic,
        )

    def columns(self, columns: Columns, box: deck_blocks.Box) -> None:
        boxes = deck_blocks.column_boxes(columns, box)
        face = self.context.faces["minor"]
        size = min(deck_blocks.column_size(c, b, face) for c, b in zip(columns.columns, boxes, strict=True))
        for column, column_box in zip(columns.columns, boxes, strict=True):
            if column.blocks and not column.points:
                self.blocks(column.blocks, column_box)
                continue
            paras = [("• " + p.text, (Run("• "), *p.runs) if p.runs else ()) for p in column.points]
            self.cell_text(column_box, paras, size)

    def code(self, code: Code, box: deck_blocks.Box) -> None:
        size = deck_blocks.code_size(code, box)
        height = deck_blocks.code_height(code, box, size)
        css = self.name()
        rect = _rect(deck_blocks.Box(box.left, box.top, box.width, height))
        self.place(
            css,
            rect,
            padding=px(CELL_INSET_PT),
            font_size=px(size),
            line_height=px(1.2 * size),
            font_family=self.context.families["mono"],
            background=CODE_BACKGROUND,
            color="#1e1e1e",
        )
        lines = tuple(
            tuple((text, self.sheet.code_colour(colour)) for text, colour in line)
            for line in deck_blocks.highlighted(code)
        )
        self.items.append(Item("code", css, lines=lines))

    def table(self, table: Table, box: deck_blocks.Box) -> None:
        width, height = box.pt()
        face = self.context.faces["minor"]
        fitted = fit_table(table, width, height, face) or fit_table_min(table, width, face)
        css = self.name()
        self.place(
            css,
            Rect(box.left / EMU, box.top / EMU, sum(fitted.widths), sum(fitted.heights)),
            font_size=px(fitted.size_pt),
            line_height=px(1.2 * fitted.size_pt),
            font_family=self.context.families["minor"],
            color=self.look.body.colour.css,
        )
        self.sheet.add(f".{css} td,.{css} th", padding=f"{px(CELL_INSET_V_PT)} {px(CELL_INSET_PT)}")
        rows = [table.header, *table.rows]
        count = len(table.header)
        columns = []
        for c, column_width in enumerate(fitted.widths):
            align = table.align[c] if c < len(table.align) else ""
            column = f"{css}-c{c}"
            self.sheet.add(f".{css} .{column}", width=px(column_width), text_align=align or "left")
            columns.append(column)
        for r, row_height in enumerate(fitted.heights):
            self.sheet.add(f".{css} tr:nth-child({r + 1})", height=px(row_height))
        cells = tuple(
            tuple(
                (row[c].runs or (Run(row[c].text),)) if c < len(row) and row[c].text else ()
                for c in range(count)
            )
            for row in rows
        )
        self.items.append(Item("table", css, rows=cells, cell_css=tuple(columns)))


def _runs(bullet: Bullet) -> tuple[Run, ...]:
    label = (Run(bullet.label, strong=True),) if bullet.label else ()
    return label + (bullet.runs or ((Run(bullet.text),) if bullet.text else ()))


def _emu_box(rect: Rect) -> deck_blocks.Box:
    return deck_blocks.Box(
        int(round(rect.x * EMU)), int(round(rect.y * EMU)), int(round(rect.w * EMU)), int(round(rect.h * EMU))
    )


def _rect(box: deck_blocks.Box) -> Rect:
    return Rect(box.left / EMU, box.top / EMU, box.width / EMU, box.height / EMU)


def draw_slide(slide: Slide, context: Context, sheet: Sheet, notes: str = "", cue: str = "") -> Drawn:
    items = _Slide(slide, context, sheet).draw()
    return Drawn(slide.number, slide.role, slide.layout, tuple(items), slide.title, notes, cue)
