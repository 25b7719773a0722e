"""Lines of a Markdown-like source into blocks: headings, bullet trees and paragraphs.

Tolerant by design: headings may be `#` lines, bold-only lines or numbered bold lines
(`**1. Name**`); bullets may use `*`, `-`, `+`, `•` or `1.` with any indentation, and
nesting is decided by comparing indentation, not by counting it in fixed steps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import SourceError
from ..markup.attributes import parse_attributes

# Every pattern here runs on user text, so each is linear-time: no two adjacent quantifiers
# can eat the same characters. Where a pattern could not say it that way (heading marks,
# bold lines, attribute blocks), plain string code does the same job.
_RULE = re.compile(r"^\s*(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[*\-+•・●▪]|\d{1,3}[.)、])\s+(?P<text>\S(?:.*\S)?)\s*$")
_NUMBERED = re.compile(r"^(?:(\d{1,4})|([一二三四五六七八九十]{1,3}))\s*[.、)）]\s*(.+)$")
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}

# Rank of a heading: `#` levels first, then bold lines, numbered bold lines one below those.
BOLD_RANK = 10
# How deep points may nest in the model. A bullet may sit two levels deeper than its point
# (under a topic label, or under a question and an answer), which is how the native writer
# puts them back, so bullets are refused only past that: an imported file reads back.
MAX_DEPTH = 50
_MAX_BULLET_DEPTH = MAX_DEPTH + 2


@dataclass
class Heading:
    text: str
    line: int
    rank: int
    number: int | None = None
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class Bullet:
    text: str
    line: int
    indent: int
    content: int = 0  # the column the bullet's text starts at
    children: list[Bullet] = field(default_factory=list)


@dataclass
class Paragraph:
    text: str
    line: int


Block = Heading | Bullet | Paragraph


def parse_outline(
    lines: list[str], first_line: int = 1, attributes: bool = False, path: str | None = None
) -> list[Block]:
    """Blocks in document order; top-level bullets carry their nested bullets as children."""
    blocks: list[Block] = []
    stack: list[Bullet] = []  # the open bullets, outermost first
    wrapped: dict[int, list[str]] = {}  # id of a bullet -> its lines, joined at the end
    wrapping: list[Bullet] = []
    for offset, raw in enumerate(lines):
        number = first_line + offset
        line = raw.rstrip()
        if not line.strip() or _RULE.match(line):
            continue
        heading = read_heading(line.strip(), number, attributes)
        if heading:
            blocks.append(heading)
            stack.clear()
            continue
        bullet = _BULLET.match(line)
        if bullet:
            indent = _indent(bullet["indent"])
            content = _indent(line[: bullet.start("text")])
            node = Bullet(bullet["text"].strip(), number, indent, content)
            # Nested when indented past the parent's text, or by two columns or more
            # (`*   parent` then `  *   child` is how LLMs nest; ` * a` then `  * b` are siblings).
            while stack and indent < min(stack[-1].content, stack[-1].indent + 2):
                stack.pop()
            if len(stack) == _MAX_BULLET_DEPTH:
                raise SourceError(f"nesting deeper than {MAX_DEPTH} levels", path, number)
            (stack[-1].children if stack else blocks).append(node)
            stack.append(node)
            continue
        text = line.strip()
        if stack and _indent(line[: len(line) - len(line.lstrip())]) > 0:
            if id(stack[-1]) not in wrapped:  # a wrapped bullet continues
                wrapped[id(stack[-1])] = [stack[-1].text]
                wrapping.append(stack[-1])
            wrapped[id(stack[-1])].append(text)
            continue
        stack.clear()
        blocks.append(Paragraph(text, number))
    for node in wrapping:
        node.text = join_lines(wrapped[id(node)])
    return blocks


def _indent(prefix: str) -> int:
    return sum(4 if ch == "\t" else 1 for ch in prefix)


def read_heading(line: str, number: int, attributes: bool) -> Heading | None:
    """One line as a heading (`#` lines, bold lines, numbered bold lines), or None."""
    attrs: dict[str, str] = {}
    if attributes:
        start = _attribute_block(line)
        if start is not None and (_atx(line) or _bold_line(line[:start].strip()) is not None):
            attrs = parse_attributes(line[start + 1 : -1])
            line = line[:start].rstrip()
    atx = _atx(line)
    if atx:
        rank, text = atx
    else:
        bold = _bold_line(line)
        if bold is None or "**" in bold:
            return None
        text, rank = bold, BOLD_RANK
    text = strip_inline(text).strip().rstrip("：:").strip()
    if not text:
        return None
    numbered = _NUMBERED.match(text)
    if numbered:
        digits, chinese, rest = numbered.groups()
        value = int(digits) if digits else cn_number(chinese)
        if not atx:
            rank += 1
        return Heading(rest.strip(), number, rank, value, attrs)
    return Heading(text, number, rank, None, attrs)


def _atx(line: str) -> tuple[int, str] | None:
    r"""`## Title ##` -> (2, "Title"); what `^(#{1,6})\s+(.*?)\s*#*\s*$` matches, without
    its cubic backtracking over a run of spaces."""
    rank = len(line) - len(line.lstrip("#"))
    if not 1 <= rank <= 6 or not line[rank : rank + 1].isspace():
        return None
    return rank, line[rank:].strip().rstrip("#").rstrip()


def _bold_line(line: str) -> str | None:
    r"""`**Title**：` -> "Title"; what `^(?:\*\*|__)(.+?)(?:\*\*|__)\s*[：:]?\s*$` matches.
    Only spaces and a colon may follow the closing marker, so it ends at the line's last
    `*` or `_`."""
    end = max(line.rfind("*"), line.rfind("_"))
    if (
        not line.startswith(("**", "__"))
        or end < 4
        or line[end - 1 : end + 1] not in ("**", "__")
        or line[end + 1 :].strip() not in ("", "：", ":")
    ):
        return None
    return line[2 : end - 1]


def _attribute_block(line: str) -> int | None:
    r"""Where the `{.class key=value key="a value"}` block ending a heading line starts.

    The leftmost `{` from which the rest of the line reads as
    `{(?:\s*(?:\.[\w-]+|[\w-]+=(?:"[^"]*"|[^\s}]+)))+\s*}`. As a regex that backtracks
    exponentially (`a=a=a=…` splits every way); here it runs as a state machine over the
    characters, each state keeping the leftmost `{` that reaches it.
    """
    first = line.find("{")
    if first < 0 or not line.endswith("}"):
        return None
    states: dict[str, int] = {}
    for i in range(first, len(line) - 1):
        ch = line[i]
        following: dict[str, int] = {}
        for state, start in states.items():
            for new in _attribute_step(state, ch):
                following[new] = min(start, following.get(new, start))
        if ch == "{":
            following.setdefault("start", i)
        states = following
    return min((start for state, start in states.items() if state in _ITEM_DONE), default=None)


_ITEM_DONE = ("between", "class", "bare", "quoted")


def _attribute_step(state: str, ch: str) -> tuple[str, ...]:
    r"""The states one character leads to in an attribute block (see `_attribute_block`)."""
    word = ch.isalnum() or ch in "_-"
    if state == "dot":
        return ("class",) if word else ()
    if state == "key":
        return ("key",) if word else ("value",) if ch == "=" else ()
    if state == "value":
        if ch == '"':
            return ("quote", "bare")
        return () if ch.isspace() or ch == "}" else ("bare",)
    if state == "quote":
        return ("quoted",) if ch == '"' else ("quote",)
    # "start" (no item yet) or between items, where a new item may begin; a finished class
    # or bare value may also go on.
    steps: tuple[str, ...]
    if ch.isspace():
        steps = ("start",) if state == "start" else ("between",)
    else:
        steps = ("dot",) if ch == "." else ("key",) if word else ()
    if state == "class" and word:
        steps += ("class",)
    if state == "bare" and not ch.isspace() and ch != "}":
        steps += ("bare",)
    return steps


def cn_number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]]
    if len(text) >= 2 and text[1] == "十":
        return _CN_DIGITS[text[0]] * 10 + (_CN_DIGITS[text[2]] if len(text) == 3 else 0)
    return _CN_DIGITS.get(text[0], 0)


def strip_inline(text: str) -> str:
    """Drop Markdown emphasis markers; the text itself stays as written."""
    while True:
        stripped = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
        if stripped == text:
            return text
        text = stripped


def join_text(left: str, right: str) -> str:
    if left and right and left[-1].isascii() and right[0].isascii():
        return f"{left} {right}"
    return left + right


def join_lines(parts: Iterable[str]) -> str:
    """`join_text` over many parts, left to right, in linear time (joining them one by one
    copies the growing text for every line: a paragraph of 300,000 lines took seconds)."""
    out: list[str] = []
    last = ""
    for part in parts:
        if not part:
            continue
        if last and last[-1].isascii() and part[0].isascii():
            out.append(" ")
        out.append(part)
        last = part
    return "".join(out)
