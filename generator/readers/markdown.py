"""The native format's body as Markdown (markdown-it-py: CommonMark with GFM tables and
strikethrough), into the blocks sections.py reads: headings, bullet trees and
paragraphs as the tolerant parser of blocks.py makes them, plus the rich blocks a hand-written
talk has (images, tables, code, quotes, notes, columns, Marp's `---` slide breaks).

Pandoc's fenced divs (`::: notes`, `:::: columns`, `::: {.column width="40%"}`) are found
first, line by line, with a stack: they nest by their openers, not by fence length (the
container plugin of mdit-py-plugins closes at the first fence long enough, which breaks
`::: columns` / `::: column` / `:::` / `:::`). Each stretch of Markdown between fences is
then parsed on its own. Inline text stays as written here: sections.py reads labels
from it and then parses it with `inline.parse_inline`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import SourceError
from ..markup.attributes import parse_attributes
from .blocks import MAX_DEPTH, Block, Bullet, Paragraph, join_lines, read_heading

_MAX_BULLET_DEPTH = MAX_DEPTH + 2
MAX_COLUMNS = 4


@dataclass
class ImageBlock:
    src: str
    alt: str
    title: str | None
    attrs: dict[str, str]
    line: int


@dataclass
class TableBlock:
    header: list[str]  # inline Markdown of each header cell
    rows: list[list[str]]
    align: list[str]  # "left", "center", "right" or "" per column
    line: int


@dataclass
class CodeBlock:
    text: str
    language: str | None
    line: int


@dataclass
class QuoteBlock:
    text: str  # inline Markdown, lines joined
    line: int


@dataclass
class NotesBlock:
    """The author's notes for the slide they follow: `::: notes` or an HTML comment."""

    text: str
    line: int


@dataclass
class ColumnBlock:
    width: str | None
    blocks: list[Any]
    line: int


@dataclass
class ColumnsBlock:
    columns: list[ColumnBlock]
    line: int


@dataclass
class SlideBreak:
    line: int


@dataclass
class Directive:
    """A Marp/Slidev HTML-comment directive (`<!-- _class: lead -->`): not shown."""

    text: str
    line: int


RichBlock = (
    ImageBlock | TableBlock | CodeBlock | QuoteBlock | NotesBlock | ColumnsBlock | SlideBreak | Directive
)
AnyBlock = Block | RichBlock  # what the structure step reads, from either reader


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"maxNesting": 2 * _MAX_BULLET_DEPTH + 8}).enable(
        ["table", "strikethrough"]
    )
    md.disable(["inline", "text_join"])  # inline text is parsed later, by the structure step
    return md


@dataclass
class _Div:
    kind: str  # "notes", "columns", "column" or "div"
    attrs: dict[str, str]
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)
    children: list[Any] = field(default_factory=list)  # _Div or (first line, [lines]) in order


def parse_markdown(lines: list[str], first_line: int = 1, path: str | None = None) -> list[Block | RichBlock]:
    """The body's blocks in document order (top-level bullets carry their nested bullets)."""
    root = _divs(lines, first_line, path)
    return _blocks_of(root, path)


def _fence(line: str) -> tuple[int, str] | None:
    stripped = line.strip()
    colons = len(stripped) - len(stripped.lstrip(":"))
    if colons < 3 or line[:1].isspace():
        return None
    return colons, stripped[colons:].strip()


def _div_kind(spec: str) -> tuple[str, dict[str, str]]:
    """`notes`, `columns`, `{.column width="40%"}`, `column width=40%` -> (kind, attrs)."""
    if spec.startswith("{") and spec.endswith("}"):
        attrs = parse_attributes(spec[1:-1])
        classes = attrs.get("class", "")
        kind = next((c for c in ("notes", "columns", "column") if c == classes), "div")
        return kind, attrs
    word, _, rest = spec.partition(" ")
    attrs = parse_attributes(rest)
    return (word if word in ("notes", "columns", "column") else "div"), attrs


def _divs(lines: list[str], first_line: int, path: str | None) -> _Div:
    root = _Div("root", {}, first_line)
    stack = [root]
    stretch: list[tuple[int, str]] = []

    def flush() -> None:
        if stretch:
            stack[-1].children.append(list(stretch))
            stretch.clear()

    fenced_code = None  # inside ``` or ~~~: colons are text
    for offset, line in enumerate(lines):
        number = first_line + offset
        mark = line.lstrip()[:3]
        if mark in ("```", "~~~"):
            fenced_code = None if fenced_code == mark else (fenced_code or mark)
        fence = _fence(line) if fenced_code is None else None
        if fence is None:
            stretch.append((number, line))
            continue
        flush()
        _, spec = fence
        if spec:
            kind, attrs = _div_kind(spec)
            if len(stack) > MAX_DEPTH:
                raise SourceError(f"fenced divs nested deeper than {MAX_DEPTH} levels", path, number)
            div = _Div(kind, attrs, number)
            stack[-1].children.append(div)
            stack.append(div)
        elif len(stack) > 1:
            stack.pop()
        else:
            stretch.append((number, line))  # a closing fence with nothing open: text
    flush()
    if len(stack) > 1:
        raise SourceError(f"the fenced div `::: {stack[-1].kind}` is never closed", path, stack[-1].line)
    return root


def _blocks_of(div: _Div, path: str | None) -> list[Any]:
    out: list[Any] = []
    for child in div.children:
        if isinstance(child, list):
            out += _parse_stretch(child, path)
        elif child.kind == "notes":
            out.append(NotesBlock(_stretch_text(child), child.line))
        elif child.kind == "columns":
            columns = [c for c in child.children if isinstance(c, _Div) and c.kind == "column"]
            if len(columns) > MAX_COLUMNS:
                raise SourceError(f"{len(columns)} columns, at most {MAX_COLUMNS}", path, child.line)
            out.append(
                ColumnsBlock(
                    [ColumnBlock(c.attrs.get("width"), _blocks_of(c, path), c.line) for c in columns],
                    child.line,
                )
            )
        else:  # a div deckcast has no meaning for: its content, as if unfenced
            out += _blocks_of(child, path)
    return out


def _stretch_text(div: _Div) -> str:
    """A notes div's text as written (Markdown), nested fences included."""
    parts: list[str] = []
    for child in div.children:
        if isinstance(child, list):
            parts += [line for _, line in child]
        else:
            parts.append(_stretch_text(child))
    return "\n".join(parts).strip("\n")


def _parse_stretch(stretch: list[tuple[int, str]], path: str | None) -> list[Any]:
    first = stretch[0][0]
    tokens = _parser().parse("\n".join(line for _, line in stretch))
    return _Walker(tokens, first, [line for _, line in stretch], path).blocks()


class _Walker:
    def __init__(self, tokens: list[Any], first: int, lines: list[str], path: str | None):
        self.tokens, self.first, self.lines, self.path = tokens, first, lines, path
        self.i = 0

    def line_of(self, token: Any) -> int:
        return self.first + (token.map[0] if token.map else 0)

    def blocks(self) -> list[Any]:
        out: list[Any] = []
        while self.i < len(self.tokens):
            out += self._block(self.tokens[self.i])
        return out

    def _block(self, token: Any) -> list[Any]:
        kind = token.type
        if kind == "heading_open":
            return self._heading(token)
        if kind in ("bullet_list_open", "ordered_list_open"):
            return list(self._list(1))
        if kind == "paragraph_open":
            return self._paragraph(token)
        if kind == "table_open":
            return [self._table(token)]
        if kind in ("fence", "code_block"):
            self.i += 1
            language = token.info.strip().split(" ")[0].strip("{}.") or None if kind == "fence" else None
            return [CodeBlock(token.content.rstrip("\n"), language, self.line_of(token))]
        if kind == "blockquote_open":
            return [self._quote(token)]
        if kind == "hr":
            self.i += 1
            return [SlideBreak(self.line_of(token))]
        if kind == "html_block":
            self.i += 1
            return [_html(token.content, self.line_of(token))]
        self.i += 1
        return []

    def _inline_after(self) -> str:
        """The raw text of the inline token that follows, lines joined; moves past it."""
        while self.i < len(self.tokens) and self.tokens[self.i].type != "inline":
            self.i += 1
        token = self.tokens[self.i]
        self.i += 1
        return join_lines(line.strip() for line in token.content.split("\n"))

    def _heading(self, token: Any) -> list[Any]:
        line = self.line_of(token)
        raw = self.lines[line - self.first].strip()
        self._skip_to("heading_close")
        found = read_heading(raw, line, True)
        return [found] if found else []

    def _paragraph(self, token: Any) -> list[Any]:
        line = self.line_of(token)
        single = token.map and token.map[1] - token.map[0] == 1
        text = self._inline_after()
        self._skip_to("paragraph_close")
        image = _lone_image(text, line)
        if image is not None:
            return [image]
        if single:
            heading = read_heading(text, line, True)
            if heading:
                return [heading]
        return [Paragraph(text, line)] if text else []

    def _skip_to(self, kind: str) -> None:
        while self.i < len(self.tokens) and self.tokens[self.i].type != kind:
            self.i += 1
        self.i += 1

    def _list(self, depth: int) -> list[Bullet]:
        if depth > _MAX_BULLET_DEPTH:
            raise SourceError(
                f"nesting deeper than {MAX_DEPTH} levels", self.path, self.line_of(self.tokens[self.i])
            )
        close = self.tokens[self.i].type.replace("_open", "_close")
        self.i += 1
        items: list[Bullet] = []
        while self.i < len(self.tokens) and self.tokens[self.i].type != close:
            token = self.tokens[self.i]
            if token.type == "list_item_open":
                items.append(self._item(token, depth))
            else:
                self.i += 1
        self.i += 1
        return items

    def _item(self, opener: Any, depth: int) -> Bullet:
        bullet = Bullet("", self.line_of(opener), 0)
        paragraphs: list[str] = []
        self.i += 1
        while self.i < len(self.tokens) and self.tokens[self.i].type != "list_item_close":
            token = self.tokens[self.i]
            if token.type == "paragraph_open":
                paragraphs.append(self._inline_after())
                self._skip_to("paragraph_close")
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                bullet.children += self._list(depth + 1)
            else:  # code, tables, quotes inside a list item: kept as the item's text
                self.i += 1
        self.i += 1
        bullet.text = join_lines(paragraphs)
        return bullet

    def _table(self, opener: Any) -> TableBlock:
        line = self.line_of(opener)
        header: list[str] = []
        rows: list[list[str]] = []
        align: list[str] = []
        in_head = False
        while self.i < len(self.tokens) and self.tokens[self.i].type != "table_close":
            token = self.tokens[self.i]
            self.i += 1
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open" and not in_head:
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                style = str(token.attrs.get("style", ""))
                if in_head:
                    align.append(style.removeprefix("text-align:"))
                cell = self.tokens[self.i].content if self.tokens[self.i].type == "inline" else ""
                (header if in_head else rows[-1]).append(cell.strip())
        self.i += 1
        return TableBlock(header, rows, align, line)

    def _quote(self, opener: Any) -> QuoteBlock:
        line = self.line_of(opener)
        depth, parts = 0, []
        while self.i < len(self.tokens):
            token = self.tokens[self.i]
            depth += 1 if token.type == "blockquote_open" else -1 if token.type == "blockquote_close" else 0
            self.i += 1
            if token.type == "inline":
                parts.append(" ".join(part.strip() for part in token.content.split("\n")))
            if depth == 0:
                break
        return QuoteBlock(join_lines(parts), line)


def _html(content: str, line: int) -> Any:
    """An HTML block: a comment is the author's notes (Marp, Slidev) or a directive; any
    other HTML is text, shown as written (content is data)."""
    text = content.strip()
    if text.startswith("<!--") and text.endswith("-->"):
        inner = text[4:-3].strip()
        head = inner.split(":", 1)[0].strip()
        if (
            ":" in inner
            and head.lstrip("_").replace("-", "").isalpha()
            and " " not in head
            and "\n" not in head
        ):
            return Directive(inner, line)
        return NotesBlock(inner, line)
    return Paragraph(" ".join(part.strip() for part in text.split("\n")), line)


def _lone_image(text: str, line: int) -> ImageBlock | None:
    """A paragraph that is one image (`![alt](src "title"){width=40%}`) is an image block."""
    if not text.startswith("![") or "](" not in text:
        return None
    from ..markup.inline import parse_inline

    inline = parse_inline(text)
    if len(inline.images) != 1 or inline.text.strip():
        return None
    image = inline.images[0]
    return ImageBlock(image.src, image.alt, image.title, dict(image.attrs), line)
