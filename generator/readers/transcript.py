"""The tolerant importer for LLM-restructured transcripts: drop the assistant's chatter
before and after the content ("好的，我將盡力…", "**改进说明：**" and its list,
"希望…对您有帮助", "[model=…]") and nothing else."""

from __future__ import annotations

import re

from ..errors import Diagnostic, SourceError
from .blocks import Block, Bullet, Heading, Paragraph, parse_outline

_LEAD = re.compile(
    r"^(?:好的|好，|好！|當然|当然|沒問題|没问题|以下是|下面是|這是|这是|我將|我将|我會|我会|我已|根據您|根据您|"
    r"Sure\b|Okay\b|OK\b|Certainly|Of course|Absolutely|Here(?:'s| is| are)\b|Below is|I(?:'ve| have| will|'ll)\b)",
    re.I,
)
_WRAPPER = re.compile(
    r"^(?:整理(?:後|后)|修改(?:後|后)|優化(?:後|后)|优化后|改寫(?:後|后)|改写后|重新整理|潤色(?:後|后)|润色后|"
    r"(?:Revised|Cleaned[- ]up|Restructured|Edited|Polished|Improved|Rewritten)\b|Here (?:is|are)\b)",
    re.I,
)
_TAIL_HEADING = re.compile(
    r"^(?:改進說明|改进说明|修改說明|修改说明|改進之處|改进之处|主要改進|主要改进|修改要點|修改要点|整理說明|整理说明|"
    r"優化說明|优化说明|說明|说明|"
    r"(?:key )?improvements?(?: made)?|changes(?: made)?|notes? on (?:the )?(?:changes|edits|revisions)|"
    r"explanation of (?:the )?changes|what i changed|summary of (?:the )?(?:changes|edits))$",
    re.I,
)
_TAIL_PARA = re.compile(
    r"^(?:希望|如果您|如果你|如有|若有|若您|請告訴|请告诉|請讓我|请让我|需要我|"
    r"Hope\b|I hope|Let me know|Feel free|If you|Please let|Would you like)",
    re.I,
)
_MODEL_TAG = re.compile(r"^\[model\s*=[^\]]*\]$", re.I)
# A time code before a line, as transcription tools write them: [00:12:03], (12:03), 00:12:03.5
# (anchored, bounded: linear). The one space after it is dropped too, so what follows keeps
# its own indentation (a nested bullet stays nested).
_TIME_CODE = re.compile(
    r"^(?:\[(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?\]|\((?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?\)"
    r"|\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?)(?: |\t|$)"
)


def read_transcript_blocks(lines: list[str], path: str) -> tuple[list[Block], list[Diagnostic]]:
    lines, timed = _without_time_codes(lines)
    # `{kind=… speaker=…}` after a heading works here too: a hand-written Markdown file without
    # front matter is read by this importer
    blocks = [
        b
        for b in parse_outline(lines, path=path, attributes=True)
        if not (isinstance(b, Paragraph) and _MODEL_TAG.match(b.text))
    ]
    content = _strip_chatter(blocks)
    if not content:
        raise SourceError("no content: the file holds only assistant chatter, no headings or points", path)
    notes = [Diagnostic(f"removed the time codes before {timed} lines", path, level="info")] if timed else []
    model_tags = [i + 1 for i, raw in enumerate(lines) if _MODEL_TAG.match(raw.strip())]
    if len(content) < len(blocks) or model_tags:
        first_kept, last_kept = content[0].line, _last_line(content[-1])
        total = len(lines)
        while total and not lines[total - 1].strip():
            total -= 1
        spans = []
        if blocks and blocks[0].line < first_kept or (model_tags and model_tags[0] < first_kept):
            spans.append(f"lines 1–{first_kept - 1}")
        if last_kept < total:
            spans.append(f"lines {last_kept + 1}–{total}")
        if spans:
            notes.append(Diagnostic("dropped assistant chatter: " + ", ".join(spans), path, level="info"))
    return content, notes


def _without_time_codes(lines: list[str]) -> tuple[list[str], int]:
    """Lines without the time codes a transcription tool put before them, when most of the
    text's lines have one (a line that merely starts with a time is left alone otherwise)."""
    codes = [_TIME_CODE.match(line.lstrip()) for line in lines]
    marked = sum(1 for code in codes if code)
    written = sum(1 for line in lines if line.strip())
    if not written or marked * 2 < written:
        return lines, 0
    out = [line.lstrip()[code.end() :] if code else line for line, code in zip(lines, codes, strict=True)]
    return out, marked


def _strip_chatter(blocks: list[Block]) -> list[Block]:
    start = 0
    while start < len(blocks):
        block = blocks[start]
        if (
            isinstance(block, Paragraph)
            and _LEAD.match(block.text)
            or (
                isinstance(block, Heading)
                and _WRAPPER.match(block.text)
                and start + 1 < len(blocks)
                and isinstance(blocks[start + 1], Heading)
            )
        ):
            start += 1
        else:
            break
    end = len(blocks)
    while end > start:
        last = blocks[end - 1]
        if isinstance(last, Paragraph) and _TAIL_PARA.match(last.text):
            end -= 1
            continue
        heading_at = next((i for i in range(end - 1, start - 1, -1) if isinstance(blocks[i], Heading)), None)
        if heading_at is not None and _TAIL_HEADING.match(blocks[heading_at].text):
            end = heading_at
            continue
        break
    return blocks[start:end]


def _last_line(block: Block) -> int:
    while isinstance(block, Bullet) and block.children:
        block = block.children[-1]
    return block.line
