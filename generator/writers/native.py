"""The episode written back as the native format (Markdown + YAML front matter), so a messy
transcript can be imported once, cleaned by hand, and built from then on. Reading the result
gives back an equal Episode."""

from __future__ import annotations

import re

import yaml

from ..markup.inline import INLINE_MARKUP, parse_inline, to_markdown
from ..markup.labels import split_label
from ..model import Block, Code, Episode, Image, Point, Quote, Run, Section, SectionKind, Table, Topic

# What would read as block markup at the start of a bullet's text: the outline parser's
# markers, and CommonMark's block starts (quote, HTML block, code fence, numbered item).
_MARKUP_START = re.compile(
    r"^(?:\\|\*\*|__|#|[*\-+•・●▪](?:\s|$)|\d{1,9}[.)、](?:\s|$)|[-*_\s]+$|[=\s]+$|\{|>|<|```|~~~)"
)


def to_native(episode: Episode) -> str:
    front: dict = {"title": episode.title}
    if episode.topic:
        front["topic"] = episode.topic
    if episode.show:
        front["show"] = episode.show
    host = {
        k: v
        for k, v in (
            ("name", episode.host.name),
            ("greeting", episode.host.greeting),
            ("sign_off", episode.host.sign_off),
            ("co_hosts", list(episode.host.co_hosts)),
        )
        if v
    }
    if host:
        front["host"] = host
    front["language"] = episode.language
    if episode.date:
        front["date"] = episode.date
    if episode.speakers:
        front["speakers"] = [
            {
                k: v
                for k, v in (("id", s.id), ("name", s.name), ("alt_name", s.alt_name), ("role", s.role))
                if v
            }
            for s in episode.speakers
        ]
    out = ["---", yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000).rstrip(), "---", ""]
    colon = ": " if episode.language == "en" else "："
    part = None
    for section in episode.sections:
        if section.part != part and section.part:
            out += [f"# {section.part}", ""]
        part = section.part
        level = "##" if part else "#"
        attrs = f"kind={section.kind.value}" + (f" speaker={section.speaker}" if section.speaker else "")
        out.append(f"{level} {section.title} {{{attrs}}}")
        out.append("")
        out += _section_body(episode, section, colon)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _section_body(episode: Episode, section: Section, colon: str) -> list[str]:
    lines: list[str] = []
    if section.kind is SectionKind.QA:
        asked = "Question" if colon == ": " else ("問題" if episode.language == "zh-Hant" else "问题")
        for q in section.questions:
            said = _markdown(q.runs, point=False) if q.runs else _escape(q.text)
            lines.append(f"- **{asked} {q.number}{colon}** {said}".rstrip())
            for a in q.answers:
                who = episode.speaker(a.speaker)
                label = f"**{who.name}{colon}** " if who else ""
                answer = _markdown(a.runs, point=not who) if a.runs else _escape(a.text)
                lines.append(f"  - {label}{answer}")
                lines += _points(a.points, 2)
        return lines
    for n, topic in enumerate(section.topics):
        previous = section.topics[n - 1] if n else None
        if previous is not None and (previous.blocks or previous.notes) and topic.label is None:
            lines += ["", "---", ""]  # the next slide of loose points, as it was read
        lines += _topic(topic, colon)
    return lines


def _topic(topic: Topic, colon: str) -> list[str]:
    if topic.label is None:
        lines = _points(topic.points, 0)
    else:
        lines = [f"- **{topic.label}{colon}**"] + _points(topic.points, 1)
    for block in topic.blocks:
        lines += ["", *_block(block)]
    if topic.notes:
        lines += ["", "::: notes", *(_note_line(n) for n in topic.notes.split("\n")), ":::"]
    return lines


def _note_line(line: str) -> str:
    """A line of the author's notes (plain text, `• item` for list items), written so that
    it reads back as itself: its own paragraph, markup escaped."""
    if line.startswith("• "):
        return "- " + _escape(line[2:])
    return _escape(line) + "\n"


def _block(block: Block) -> list[str]:
    """A rich block as the Markdown that reads back as it."""
    if isinstance(block, Image):
        return [_image(block)]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Code):
        fence = "`" * max(3, max((len(m) for m in re.findall("`+", block.text)), default=0) + 1)
        return [fence + (block.language or ""), block.text, fence]
    if isinstance(block, Quote):
        said = _markdown(block.runs, point=False) if block.runs else _escape(block.text)
        return ["> " + said + (f" — {block.attribution}" if block.attribution else "")]
    out = ["::::: columns"]
    for column in block.columns:
        width = f' width="{column.width * 100:g}%"' if column.width else ""
        out += ["", f"::: {{.column{width}}}", *_points(column.points, 0)]
        for inner in column.blocks:
            out += ["", *_block(inner)]
        out += [":::"]
    return out + [":::::"]


def _image(image: Image) -> str:
    alt = ("bg " if image.background else "") + image.alt
    title = ' "' + image.caption.replace('"', '\\"') + '"' if image.caption else ""
    width = f"{{width={image.width * 100:g}%}}" if image.width else ""
    alt = INLINE_MARKUP.sub(r"\\\g<0>", alt)
    return f"![{alt}](<{image.src}>{title}){width}"


def _table(table: Table) -> list[str]:
    def row(cells) -> str:
        return (
            "| "
            + " | ".join((_markdown(c.runs, point=False) if c.runs else _escape_cell(c.text)) for c in cells)
            + " |"
        )

    rule = {"left": ":---", "right": "---:", "center": ":---:"}
    align = [rule.get(a, "---") for a in (table.align + ("",) * len(table.header))[: len(table.header)]]
    return [row(table.header), "| " + " | ".join(align) + " |", *(row(r) for r in table.rows)]


def _escape_cell(text: str) -> str:
    return INLINE_MARKUP.sub(r"\\\g<0>", text).replace("|", "\\|")


def _points(points: tuple[Point, ...], depth: int) -> list[str]:
    lines = []
    for point in points:
        lines.append("  " * depth + "- " + (_markdown(point.runs) if point.runs else _escape(point.text)))
        lines += _points(point.children, depth + 1)
    return lines


def _escape(text: str) -> str:
    """Plain text written so that it reads back as itself: when inline Markdown would change
    it, its markup characters are escaped; a text whose start would read as block markup
    gets a leading backslash (unless its first character is escaped already)."""
    if parse_inline(text).text == text:
        return "\\" + text if _MARKUP_START.match(text) else text
    return _block_safe(INLINE_MARKUP.sub(r"\\\g<0>", text), text)


def _block_safe(body: str, text: str) -> str:
    first_escaped = bool(INLINE_MARKUP.match(text))
    return "\\" + body if _MARKUP_START.match(body) and not first_escaped else body


def _markdown(runs: tuple[Run, ...], point: bool = True) -> str:
    """Styled runs as inline Markdown; a point that would read as a topic label
    (`**Label：** rest`) gets the backslash that says "a point"."""
    # A leading `\**` or `\__` reads as this writer's point mark (generator/readers/sections.py
    # `_escapes`), so an escaped first `*` or `_` must not be followed by a delimiter of the
    # same character: `\**😀*…` is written `\*_😀_…`.
    joined = to_markdown(runs, avoid=("\\**", "\\__") if runs[0].plain else ())
    if runs[0].plain:
        return _block_safe(joined, runs[0].text)
    return "\\" + joined if point and split_label(joined)[0] is not None else joined
