"""Source files into an Episode (what `generator.readers` hands on to)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import Diagnostic, SourceError, UsageError
from ..markup.inline import MAX_INLINE_MARKUP, markup_count, too_much_markup
from ..model import Episode, Host
from ..text.chinese import detect_language, to_script
from .blocks import Bullet, Heading, Paragraph
from .chinese_script import convert_blocks
from .decoding import MAX_SOURCE_BYTES, read_source_text
from .markdown import AnyBlock, parse_markdown
from .native import has_front_matter, read_front_matter
from .sections import build_body
from .speakers import SpeakerIndex
from .texts import block_texts
from .transcript import read_transcript_blocks

CHINESE_CHOICES = ("auto", "hant", "hans", "keep")
MAX_SECTIONS = 5000


def read_episode(
    path: str | Path, chinese: str = "auto", max_bytes: int = MAX_SOURCE_BYTES
) -> tuple[Episode, list[Diagnostic]]:
    """Read one source file into an Episode, with the warnings met on the way."""
    if chinese not in CHINESE_CHOICES:
        raise UsageError(f"--chinese must be one of {', '.join(CHINESE_CHOICES)}, not '{chinese}'")
    path = Path(path)
    text, diagnostics = read_source_text(path, max_bytes)
    return read_text(text, str(path), chinese, diagnostics)


def read_text(
    text: str, name: str, chinese: str = "auto", diagnostics: list[Diagnostic] | None = None
) -> tuple[Episode, list[Diagnostic]]:
    """Read decoded source text (as `decode` returns it) named `name` into an Episode."""
    diagnostics = list(diagnostics or [])
    path = Path(name)
    lines = text.split("\n")
    front = None
    if has_front_matter(lines):
        front, notes = read_front_matter(lines, name)
        diagnostics += notes
        blocks: Sequence[AnyBlock] = parse_markdown(
            lines[front.body_start - 1 :], front.body_start, path=name
        )
    else:
        blocks, notes = read_transcript_blocks(lines, name)
        diagnostics += notes
    headings = sum(isinstance(b, Heading) for b in blocks)
    if headings > MAX_SECTIONS:
        raise SourceError(f"{headings} sections is over the limit of {MAX_SECTIONS}", name)
    diagnostics += _markup_taken_as_written(blocks, name)

    values = dict(front.values) if front else {}
    language = values.get("language") or detect_language(_block_text(blocks))
    target = {"auto": language, "hant": "zh-Hant", "hans": "zh-Hans", "keep": None}[chinese]
    if target and target.startswith("zh") and (language.startswith("zh") or chinese != "auto"):
        convert_blocks(blocks, target)
        values = {k: to_script(v, target) for k, v in values.items()}
        if language.startswith("zh"):
            language = target

    index = SpeakerIndex()
    for speaker in front.speakers if front else ():
        index.add(
            to_script(speaker.name, target) if target else speaker.name,
            _in_script(speaker.alt_name, target),
            _in_script(speaker.role, target),
            speaker.line,
            speaker.id,
        )
    body = build_body(
        blocks,
        index,
        path=name,
        language=language,
        explicit=front is not None,
        given=frozenset(k for k in ("greeting", "sign_off") if values.get(k)),
    )
    diagnostics += body.warnings
    # A file that is one headed list (`# 一百個創業建議` and its points) is titled by its heading
    lone = body.sections[0].title if headings == 1 and len(body.sections) == 1 else None
    title = values.get("title") or body.title or body.topic or lone or path.stem
    episode = Episode(
        title=title,
        language=language,
        sections=tuple(body.sections),
        topic=values.get("topic") or body.topic,
        show=values.get("show") or body.show,
        host=Host(
            name=values.get("host") or body.host,
            greeting=values.get("greeting") or body.greeting,
            sign_off=values.get("sign_off") or body.sign_off,
            co_hosts=tuple(to_script(n, target) if target else n for n in front.co_hosts)
            if front and front.co_hosts
            else body.co_hosts,
        ),
        speakers=tuple(index.speakers),
        date=values.get("date"),
        source=name,
    )
    if not episode.sections:
        raise SourceError("no sections with content found", name)
    return episode, diagnostics


def _markup_taken_as_written(blocks: Sequence[AnyBlock], name: str) -> list[Diagnostic]:
    """A warning for each text whose inline markup is not read (too much of it to parse)."""
    return [
        Diagnostic(
            f"{markup_count(found.get()):,} markup characters in one paragraph, over the "
            f"{MAX_INLINE_MARKUP:,} that are read as inline Markdown: it is shown as written",
            name,
            found.line,
        )
        for found in block_texts(blocks)
        if too_much_markup(found.get())
    ]


def _in_script(text: str | None, target: str | None) -> str | None:
    return to_script(text, target) if text and target else text


def _walk(blocks: Sequence[AnyBlock]) -> Iterator[AnyBlock]:
    for block in blocks:
        yield block
        if isinstance(block, Bullet):
            yield from _walk(block.children)


def _block_text(blocks: Sequence[AnyBlock]) -> str:
    return "\n".join(b.text for b in _walk(blocks) if isinstance(b, (Heading, Bullet, Paragraph)))
