"""Inline Markdown into styled runs: one parser (markdown-it-py, CommonMark with GFM
strikethrough) for both readers, so `**bold**` in a transcript bullet is bold on the slide
as it is in a hand-written talk.

The result keeps a plain-text view (`text`) for everything that only wants words: the
narration, subtitles, measuring, labels. Markup that CommonMark does not read as markup
stays the characters it is, so `2 * 3` or `snake_case` come through unchanged. Raw HTML is
never markup (markdown-it's `html` option is off): `<script>` is text.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import SAFE_LINK_SCHEMES, Run
from .attributes import parse_attributes

# Characters that can start inline markup; text without any of them is returned as it is,
# which keeps the common case fast and byte-for-byte unchanged.
_MARKUP = frozenset("*_`[]<>!\\&~")
#: A text with more markup characters than this is taken as written, not parsed. A tangle of
#: them costs markdown-it-py and the check that the runs read back up to 30 µs a character
#: (`**_* ` repeated: 0.4 s for 25 KB, 5 s for 200 KB, a minute or more for one 4 MB line);
#: under the limit a paragraph parses in a third of a second at worst. No prose comes near it.
MAX_INLINE_MARKUP = 10_000


@dataclass(frozen=True)
class InlineImage:
    """`![alt](src "title"){width=50%}` met inside running text."""

    src: str
    alt: str
    title: str | None
    attrs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Inline:
    text: str  # the plain view: what the words are, without markup
    runs: tuple[Run, ...] = ()  # empty when nothing is styled
    dropped_links: tuple[str, ...] = ()  # targets refused (not http, https or mailto)
    images: tuple[InlineImage, ...] = ()


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    class Parser(MarkdownIt):
        """Every link is parsed, so that an unsafe one can be dropped with a warning while
        its text stays (markdown-it would otherwise leave `[text](javascript:…)` as text);
        targets are kept as written."""

        def validateLink(self, url: str) -> bool:  # noqa: N802 (markdown-it's own name)
            return True

        def normalizeLink(self, url: str) -> str:  # noqa: N802
            return url

        def normalizeLinkText(self, link: str) -> str:  # noqa: N802
            return link

    md = Parser("commonmark", {"html": False, "linkify": False}).enable("strikethrough")
    # `&amp;` stays the characters written: content is data, and an entity in a transcript
    # is more often text about HTML than markup.
    md.disable(["entity", "text_join"])  # escaped characters stay their own tokens (see _PROTECT)
    return md


def has_markup(text: str) -> bool:
    return not _MARKUP.isdisjoint(text)


def markup_count(text: str) -> int:
    """How many characters of `text` can start inline markup."""
    return sum(map(text.count, _MARKUP))


def too_much_markup(text: str) -> bool:
    """True when `text` is taken as written, not parsed (see MAX_INLINE_MARKUP)."""
    return len(text) > MAX_INLINE_MARKUP and markup_count(text) > MAX_INLINE_MARKUP


@lru_cache(maxsize=8192)  # a reader asks for a text's runs and its plain view more than once
def parse_inline(text: str) -> Inline:
    """The runs of one line of inline Markdown (a bullet's, a heading's, a cell's text).

    The runs kept are always ones `to_markdown` writes back to Markdown that reads as the
    same runs (so a native file round-trips): where CommonMark's delimiter rules make a
    tangle of `*` that no Markdown reproduces, the styling is read once more from its own
    rewriting, and failing that, dropped; the words are kept either way."""
    found = _parse(text)
    if not found.runs:
        return found
    if _written(found.runs, "**", "*") == text:  # written as deckcast writes it: reads back as itself
        return found
    again = _parse(to_markdown(found.runs)).runs
    if again == found.runs:
        return found
    if again and _parse(to_markdown(again)).runs == again and "".join(r.text for r in again) == found.text:
        return dataclasses.replace(found, runs=again)
    return dataclasses.replace(found, runs=())


def _parse(text: str) -> Inline:
    if not has_markup(text) or too_much_markup(text):
        return Inline(text)
    tokens = _parser().parseInline(text)
    children = tokens[0].children or [] if tokens else []
    builder = _Builder()
    for token in children:
        builder.feed(token)
    return builder.result()


_BACKTICKS = re.compile(r"`+")
# A link's or an image's target after `](`: `<…>`, or a run without spaces (parentheses
# balanced one level deep, as in a Wikipedia address).
_TARGET = re.compile(r"\]\(\s*(<[^<>\n]*>|[^\s()<>]+(?:\([^\s()<>]*\)[^\s()<>]*)*)")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>")


def verbatim_spans(text: str) -> list[tuple[int, int]]:
    """Where a line of inline Markdown holds text that is not prose, as (start, end) in order,
    not overlapping: code spans, link and image targets (`](https://…)`, `](圖.png`) and
    autolinks (`<https://…>`). What converting the words must leave as written."""
    found = _code_spans(text)
    found += [m.span(1) for m in _TARGET.finditer(text)]
    found += [m.span() for m in _AUTOLINK.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Code spans as CommonMark finds them: a run of backticks (its first one escaped by a
    backslash is text) is closed by the next run of the same length, else it is text. Each
    closer is looked up among the runs of its length, not searched for: linear time."""
    runs = [m.span() for m in _BACKTICKS.finditer(text)]
    of_length: dict[int, list[int]] = {}
    for i, (start, end) in enumerate(runs):
        of_length.setdefault(end - start, []).append(i)
    spans, i = [], 0
    while i < len(runs):
        start, end = runs[i]
        start += _escaped(text, start)
        later = of_length.get(end - start, [])
        k = bisect.bisect_right(later, i)
        if start == end or k == len(later):
            i += 1
            continue
        spans.append((start, runs[later[k]][1]))
        i = later[k] + 1
    return spans


def _escaped(text: str, at: int) -> bool:
    """True when an odd number of backslashes stands right before `text[at]`."""
    before = at
    while before and text[before - 1] == "\\":
        before -= 1
    return (at - before) % 2 == 1


# What may read as inline markup in plain text: escaped with a backslash when written.
INLINE_MARKUP = re.compile(r"[\\*_`\[\]<>!&~]")


def to_markdown(runs: tuple[Run, ...], avoid: tuple[str, ...] = ()) -> str:
    """Styled runs as inline Markdown: `**` for strong, or `__` where CommonMark's flanking
    rules would not close `**` there (the first that reads back as the same runs and does
    not start with one of `avoid`, else the first that reads back)."""
    first = _written(runs, "**", "*")
    fallback = None
    for strong, emphasis in (("**", "*"), ("__", "_"), ("**", "_"), ("__", "*")):
        written = first if strong == "**" and emphasis == "*" else _written(runs, strong, emphasis)
        if _parse(written).runs == runs:
            if not written.startswith(avoid):
                return written
            fallback = fallback or written
    return fallback or first


def _written(runs: tuple[Run, ...], strong: str, emphasis: str) -> str:
    out = []
    for run in runs:
        text = _code(run.text) if run.code else INLINE_MARKUP.sub(r"\\\g<0>", run.text)
        if run.strike:
            text = f"~~{text}~~"
        if run.emphasis:
            text = f"{emphasis}{text}{emphasis}"
        if run.strong:
            text = f"{strong}{text}{strong}"
        if run.url:
            target = f"<{run.url}>" if any(c in run.url for c in " ()<>") else run.url
            text = f"[{text}]({target})"
        out.append(text)
    return "".join(out)


def _code(text: str) -> str:
    fence = "`" * (max((len(m) for m in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.strip()) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class _Builder:
    def __init__(self) -> None:
        self.runs: list[Run] = []
        self.strong = self.emphasis = self.strike = 0
        self.links: list[str | None] = []
        self.dropped: list[str] = []
        self.images: list[InlineImage] = []
        self.after_image = False
        self.protected = False

    def add(self, text: str, code: bool = False) -> None:
        if not text:
            return
        url = self.links[-1] if self.links else None
        run = Run(text, self.strong > 0, self.emphasis > 0, code, self.strike > 0, url)
        last = self.runs[-1] if self.runs else None
        if last and not code and not last.code and _same_style(last, run):
            self.runs[-1] = Run(last.text + text, last.strong, last.emphasis, False, last.strike, last.url)
        else:
            self.runs.append(run)

    def feed(self, token: Any) -> None:
        kind = token.type
        after_image, self.after_image = self.after_image, kind == "image"
        if kind == "text":
            self.add(self._attributes(token.content) if after_image else token.content)
        elif kind == "text_special":  # an escaped character: never markup, not even for _cjk_strong
            self.protected = self.protected or token.content in "*_"
            self.add(token.content.translate(_PROTECT))
        elif kind == "code_inline":
            self.add(token.content, code=True)
        elif kind == "softbreak":
            self.add(" ")
        elif kind == "hardbreak":
            self.add("\n")
        elif kind == "link_open":
            self.links.append(self._target(str(token.attrs.get("href", ""))))
        elif kind == "link_close":
            if self.links:
                self.links.pop()
        elif kind == "image":
            self._image(token)
        else:
            self._style(kind)

    def _attributes(self, text: str) -> str:
        """Pandoc's `{width=50%}` right after an image belongs to it (markdown-it's attrs
        plugin wants `{width="50%"}`; pandoc files write it bare)."""
        if not text.startswith("{") or "}" not in text:
            return text
        inside, rest = text[1:].split("}", 1)
        attrs = tuple(parse_attributes(inside).items())
        image = self.images[-1]
        self.images[-1] = InlineImage(image.src, image.alt, image.title, image.attrs + attrs)
        return rest

    def _style(self, kind: str) -> None:
        step = {"_open": 1, "_close": -1}.get(kind[kind.rfind("_") :], 0)
        name = kind[: kind.rfind("_")]
        if name == "strong":
            self.strong = max(0, self.strong + step)
        elif name == "em":
            self.emphasis = max(0, self.emphasis + step)
        elif name == "s":
            self.strike = max(0, self.strike + step)

    def _target(self, href: str) -> str | None:
        if href.lower().startswith(SAFE_LINK_SCHEMES):
            return href
        self.dropped.append(href)
        return None

    def _image(self, token: Any) -> None:
        alt = "".join(child.content for child in token.children or [])
        title = token.attrs.get("title")
        attrs = tuple((str(k), str(v)) for k, v in token.attrs.items() if k not in ("src", "alt", "title"))
        self.images.append(
            InlineImage(str(token.attrs.get("src", "")), alt, str(title) if title else None, attrs)
        )

    def result(self) -> Inline:
        self.runs = [piece for run in self.runs for piece in _cjk_strong(run)]
        if self.protected:
            self.runs = [dataclasses.replace(run, text=run.text.translate(_UNPROTECT)) for run in self.runs]
        self.runs = _merged(self.runs)
        text = "".join(run.text for run in self.runs)
        styled = any(not run.plain for run in self.runs)
        return Inline(text, tuple(self.runs) if styled else (), tuple(self.dropped), tuple(self.images))


# CommonMark does not close `**` between punctuation and a letter (`**問題 1：**為什麼`, the
# flanking rules were written for spaced scripts): such pairs left in the text are strong too,
# as they always were in deckcast.
# Escaped `*` and `_` are held as private-use characters until the fallback has run.
_PROTECT = str.maketrans({"*": "\ue000", "_": "\ue001"})
_UNPROTECT = str.maketrans({"\ue000": "*", "\ue001": "_"})
_LEFT_STRONG = re.compile(r"(\*\*|__)([^*_]+)\1")


def _cjk_strong(run: Run) -> list[Run]:
    if run.code or ("**" not in run.text and "__" not in run.text):
        return [run]
    out: list[Run] = []
    at = 0
    for found in _LEFT_STRONG.finditer(run.text):
        if found.start() > at:
            out.append(dataclasses.replace(run, text=run.text[at : found.start()]))
        out.append(dataclasses.replace(run, text=found[2], strong=True))
        at = found.end()
    if at < len(run.text):
        out.append(dataclasses.replace(run, text=run.text[at:]))
    return out


def _merged(runs: list[Run]) -> list[Run]:
    """Neighbouring runs of one style as one run (code spans stay apart)."""
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if out and not run.code and not out[-1].code and _same_style(out[-1], run):
            out[-1] = dataclasses.replace(out[-1], text=out[-1].text + run.text)
        else:
            out.append(run)
    return out


def _same_style(a: Run, b: Run) -> bool:
    return (a.strong, a.emphasis, a.strike, a.url) == (b.strong, b.emphasis, b.strike, b.url)
