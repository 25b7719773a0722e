"""Lines of a Markdown-like source into blocks: headings, bullet trees and paragraphs.

Tolerant by design: headings may be `#` lines, bold-only lines or numbered bold lines
(`**1. Name**`); bullets may use `*`, `-`, `+`, `•` or `1.` with any indentation, and
nesting is decided by comparing indentation, not by counting it in fixed steps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__)\s*[：:]?\s*$")
_RULE = re.compile(r"^\s*(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[*\-+•・●▪]|\d{1,3}[.)、])\s+(?P<text>.*\S)\s*$")
_NUMBERED = re.compile(r"^(?:(\d{1,4})|([一二三四五六七八九十]{1,3}))\s*[.、)）]\s*(.+)$")
_ATTRS = re.compile(r"\s*\{((?:\s*(?:\.[\w-]+|[\w-]+=(?:\"[^\"]*\"|[^\s}]+)))+)\s*\}\s*$")
_ATTR = re.compile(r"\.([\w-]+)|([\w-]+)=(?:\"([^\"]*)\"|([^\s}]+))")
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}

# Rank of a heading: `#` levels first, then bold lines, numbered bold lines one below those.
BOLD_RANK = 10


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


def parse_outline(lines: list[str], first_line: int = 1, attributes: bool = False) -> list[Block]:
    """Blocks in document order; top-level bullets carry their nested bullets as children."""
    blocks: list[Block] = []
    stack: list[Bullet] = []  # the open bullets, outermost first
    for offset, raw in enumerate(lines):
        number = first_line + offset
        line = raw.rstrip()
        if not line.strip() or _RULE.match(line):
            continue
        heading = _heading(line.strip(), number, attributes)
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
            (stack[-1].children if stack else blocks).append(node)
            stack.append(node)
            continue
        text = line.strip()
        if stack and _indent(line[: len(line) - len(line.lstrip())]) > 0:
            stack[-1].text = join_text(stack[-1].text, text)  # a wrapped bullet continues
            continue
        stack.clear()
        blocks.append(Paragraph(text, number))
    return blocks


def _indent(prefix: str) -> int:
    return sum(4 if ch == "\t" else 1 for ch in prefix)


def _heading(line: str, number: int, attributes: bool) -> Heading | None:
    attrs: dict[str, str] = {}
    if attributes:
        found = _ATTRS.search(line)
        if found and (_ATX.match(line) or _BOLD_LINE.match(line[: found.start()].strip())):
            attrs = {m[1] and "class" or m[2]: m[1] or m[3] or m[4] or "" for m in _ATTR.finditer(found[1])}
            line = line[: found.start()].rstrip()
    atx = _ATX.match(line)
    if atx:
        text, rank = atx[2], len(atx[1])
    else:
        bold = _BOLD_LINE.match(line)
        if not bold or "**" in bold[1]:
            return None
        text, rank = bold[1], BOLD_RANK
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


def cn_number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]]
    if len(text) >= 2 and text[1] == "十":
        return _CN_DIGITS[text[0]] * 10 + (_CN_DIGITS[text[2]] if len(text) == 3 else 0)
    return _CN_DIGITS.get(text[0], 0)


_LABEL = re.compile(r"^(?:\*\*|__)(?P<label>.+?)(?:\*\*|__)\s*(?P<rest>.*)$")
_COLON = "：:"


def split_label(text: str) -> tuple[str | None, str]:
    """`**Label：** rest` or `**Label**：rest` -> (Label, rest); otherwise (None, text).

    A bullet that is bold through and through is a label too (its points are its children).
    """
    found = _LABEL.match(text)
    if not found:
        return None, text
    label, rest = found["label"].strip(), found["rest"].strip()
    if label.endswith(tuple(_COLON)):
        return label.rstrip(_COLON).strip() or None, rest
    if rest[:1] in _COLON:
        return label, rest[1:].strip()
    if not rest:
        return label, ""
    return None, text


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
