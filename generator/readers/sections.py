"""Blocks into the episode's body: sections in order, their kinds, topics, Q&A and speakers,
plus what the body says about the episode itself (greeting, sign-off, title, topic).

Shared by both readers; the native reader passes `explicit=True` so heading attributes
(`{kind=qa speaker=amanda}`) decide where the importer would guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import Diagnostic, SourceError
from ..markup.inline import Inline, parse_inline
from ..markup.labels import split_label
from ..model import Answer, Column, Columns, Point, Question, Run, Section, SectionKind, Topic
from ..model import Block as ModelBlock
from . import rich
from .blocks import MAX_DEPTH, Bullet, Heading, Paragraph, cn_number, strip_inline
from .markdown import (
    AnyBlock,
    CodeBlock,
    ColumnsBlock,
    Directive,
    ImageBlock,
    NotesBlock,
    QuoteBlock,
    SlideBreak,
    TableBlock,
)
from .speakers import SpeakerIndex, looks_like_name, parse_roster_entry, split_name

_KIND_WORDS = [
    (
        SectionKind.ROSTER,
        r"專家介紹|专家介绍|嘉賓|嘉宾|講者|讲者|來賓|来宾|與會|与会|人物介紹|人物介绍|"
        r"參與者|参与者|\bspeakers?\b|\bguests?\b|\bpanell?ists?\b|who'?s who|\bthe panel\b",
    ),
    (SectionKind.QA, r"提問|提问|問答|问答|答問|答问|觀眾問題|观众问题|Q\s*&\s*A|\bquestions?\b|\bAMA\b"),
    (
        SectionKind.SUMMARY,
        r"總結|总结|結論|结论|結語|结语|小結|小结|摘要|重點回顧|重点回顾|"
        r"\bsummary\b|\bconclusions?\b|\btakeaways?\b|\brecap\b|wrap[- ]?up",
    ),
    (
        SectionKind.DISCUSSION,
        r"探討|探讨|討論|讨论|對談|对谈|共同|辯論|辩论|圓桌|圆桌|"
        r"\bdiscussion\b|\bdebate\b|\bconversation\b|\broundtable\b|\bpanel\b",
    ),
    (
        SectionKind.INTRO,
        r"引言|前言|開場|开场|導言|导言|簡介|简介|概述|核心議題|核心议题|主題|主题|"
        r"\bintro(duction)?\b|\bopening\b|\boverview\b|\bwelcome\b",
    ),
]
_QUESTION = re.compile(
    r"^(?:問題|问题|提問|提问|觀眾提問|观众提问|Question|Q)\s*(?:(?P<n>\d+|[一二三四五六七八九十]{1,3})\s*)?"
    r"(?:[：:.、]\s*(?P<text>.*))?$",
    re.IGNORECASE,
)
_TITLE_HEADING = re.compile(
    r"^(?:核心議題|核心议题|本期主題|本期主题|主題|主题|議題|议题|Topic|Theme|Title)\s*[：:]\s*(.+)$", re.I
)
_TOPIC_SENTENCE = re.compile(
    r"^(?:本期|今天|今天我們|今天我们|這期|这期|本集)(?:節目|节目)?(?:要|來|来)?"
    r"(?:探討|探讨|討論|讨论|聊聊|聊|談談|谈谈|談|谈|介紹|介绍)(?:的是|一下)?\s*(.+?)[。.！!]?$"
    r"|^(?:today|in this episode|this week),?\s+we(?:'re| are|'ll| will)?\s+"
    r"(?:discuss|discussing|explore|exploring|talk about|talking about|look at|looking at)\s+(.+?)[.!]?$",
    re.I,
)


class _Phrase:
    """A pattern `lead gap rest` found with `search` semantics, in linear time.

    `pattern.search` retries at every occurrence of the lead ("這裡是"), and each try reads
    on through the same run of text (the show's name) to the character that ends it: on a
    paragraph of repeated leads that is quadratic. A later lead whose gap ends inside the
    run a failed try has read sees the same run up to the same end, and fails the same way,
    so it is skipped: `find` gives exactly what `pattern.search` would.
    """

    def __init__(self, lead: str, gap: str, run_end: str, rest: str, flags: int = 0) -> None:
        self._starts = re.compile(f"(?=(?:{lead}))", flags)
        self._led = re.compile(f"(?:{lead}){gap}", flags)
        self._run_end = re.compile(run_end, flags)
        self.pattern = re.compile(f"(?:{lead}){gap}{rest}", flags)

    def find(self, text: str) -> re.Match[str] | None:
        read_to = 0  # where the run of the last failed try ended
        for start in self._starts.finditer(text):
            led = self._led.match(text, start.start())
            if not led or led.end() < read_to:
                continue
            found = self.pattern.match(text, start.start())
            if found:
                return found
            end = self._run_end.search(text, led.end())
            read_to = end.start() if end else len(text)
        return None


_WELCOME = r"歡迎(?:收聽|收看|來到)|欢迎(?:收听|收看|来到)"
_GREETING = [
    _Phrase(
        rf"這裡是|这里是|這裏是|{_WELCOME}",
        r"\s*",
        r"[，,。！!」》”\"]",
        r"[「《“\"]?(?P<show>[^，,。！!」》”\"]+?)[」》”\"]?\s*[，,。！!]\s*我是\s*(?P<host>[^，,。！!\s]+)",
    ),
    _Phrase(
        r"我是",
        r"\s*",
        r"[，,。！!\s]",
        rf"(?P<host>[^，,。！!\s]+)\s*[，,。！!]\s*(?:{_WELCOME})\s*[「《“\"]?(?P<show>[^，,。！!」》”\"]+?)[」》”\"]?\s*(?:[，,。！!]|$)",
    ),
    _Phrase(
        r"welcome(?: back)? to|this is",
        r"\s+",
        r"[,.!\"”]",
        r"[\"“]?(?P<show>[^,.!\"”]+?)[\"”]?\s*[,.!]\s*(?:I'm|I am|my name is)\s+(?P<host>[^,.!]+)",
        re.I,
    ),
]
_SIGN_OFF = re.compile(
    r"(?:感謝|感谢|謝謝|谢谢).{0,12}(?:觀看|观看|收聽|收听|收看|聆聽|聆听)|(?:下期|下次|下集)再見|(?:下期|下次|下集)再见"
    r"|thanks? (?:you )?(?:all )?for (?:watching|listening)|see you (?:next|in the next)|until next time",
    re.I,
)
DEFAULT_INTRO = {"zh-Hant": "引言", "zh-Hans": "引言", "en": "Introduction"}


@dataclass
class Body:
    sections: list[Section]
    title: str | None = None
    topic: str | None = None
    show: str | None = None
    host: str | None = None
    co_hosts: tuple[str, ...] = ()
    greeting: str | None = None
    sign_off: str | None = None
    warnings: list[Diagnostic] = field(default_factory=list)


@dataclass
class _Raw:
    heading: Heading | None
    blocks: list[AnyBlock] = field(default_factory=list)
    part: str | None = None
    kind: SectionKind | None = None  # what the heading's words say (found once: it reads the whole title)


def build_body(
    blocks: Sequence[AnyBlock],
    index: SpeakerIndex,
    *,
    path: str,
    language: str,
    explicit: bool = False,
    given: frozenset[str] = frozenset(),
) -> Body:
    """`given` names the episode fields the front matter already sets (greeting, sign_off):
    lines that look like them stay ordinary points."""
    raws, title = _split(blocks, title_heading=not explicit)
    if not any(isinstance(b, Heading) for b in blocks):
        raise SourceError(
            "no sections found: expected headings (`# Title` or a **bold** line) with content", path
        )
    for raw in raws:
        if raw.kind is SectionKind.ROSTER:
            _read_roster(raw, index)
    for raw in raws:
        _note_heading_speaker(raw, index)
    builder = _SectionBuilder(index, path, explicit)
    sections = [builder.build(raw, first=i == 0, language=language) for i, raw in enumerate(raws)]
    body = Body(sections, title=title, warnings=builder.warnings)
    _take_host_lines(body, "greeting" not in given, "sign_off" not in given)
    titled = _TITLE_HEADING.match(body.title) if body.title else None
    if titled:
        body.title = titled[1].strip()
    for s in body.sections:
        found = _TITLE_HEADING.match(s.title)
        if found and not body.title:
            body.title = found[1].strip()
    body.topic = _topic_sentence(body.sections)
    body.sections = [s for s in body.sections if s.topics or s.questions or s.kind is SectionKind.ROSTER]
    return body


def _split(blocks: Sequence[AnyBlock], title_heading: bool) -> tuple[list[_Raw], str | None]:
    """Group blocks under headings; empty headings above deeper ones become parts.

    With title_heading, a lone top heading over all the others (`# Title` then `## …`) is
    the document's title rather than a part.
    """
    headings = [b for b in blocks if isinstance(b, Heading)]
    title = None
    if headings and title_heading:
        first = headings[0]
        first_at = blocks.index(first)
        alone = all(h.rank > first.rank for h in headings[1:])
        empty = first_at + 1 < len(blocks) and isinstance(blocks[first_at + 1], Heading)
        if alone and empty and len(headings) > 1:
            title = first.text
            blocks = [*blocks[:first_at], *blocks[first_at + 1 :]]
    raws: list[_Raw] = []
    parts: list[tuple[int, str]] = []
    for i, block in enumerate(blocks):
        if not isinstance(block, Heading):
            if not raws:
                raws.append(_Raw(None))
            raws[-1].blocks.append(block)
            continue
        current = raws[-1] if raws else None
        if current and current.kind is SectionKind.QA and _QUESTION.match(block.text):
            current.blocks.append(block)  # `### 問題 1：…` inside a Q&A section
            continue
        while parts and parts[-1][0] >= block.rank:
            parts.pop()
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        kind = _kind_of_title(block)
        opens_questions = (
            kind is SectionKind.QA and isinstance(following, Heading) and _QUESTION.match(following.text)
        )
        if isinstance(following, Heading) and following.rank > block.rank and not opens_questions:
            parts.append((block.rank, block.text))
            continue
        raws.append(_Raw(block, part=parts[-1][1] if parts else None, kind=kind))
    return raws, title


def _kind_of_title(heading: Heading) -> SectionKind | None:
    for kind, words in _KIND_WORDS:
        if re.search(words, heading.text, re.I):
            return kind
    return None


def _read_roster(raw: _Raw, index: SpeakerIndex) -> None:
    for block in raw.blocks:
        if isinstance(block, Bullet):
            label, rest = split_label(block.text)
            entry = parse_roster_entry(label, strip_inline(rest))
            if entry:
                index.add(*entry, line=block.line)


def _note_heading_speaker(raw: _Raw, index: SpeakerIndex) -> None:
    if raw.heading is None or not raw.blocks or raw.kind:
        return
    name, alt, _ = split_name(raw.heading.text)
    if alt and looks_like_name(name):
        index.add(name, alt, line=raw.heading.line)


# A heading naming whose view a section is: `李建宏的觀點`, `刘芳的观点`, `Tom's view`.
_VIEW_SUFFIXES = (
    "的觀點",
    "的观点",
    "的看法",
    "觀點",
    "观点",
    "的見解",
    "的见解",
    "'s view",
    "'s views",
    "'s perspective",
    "'s take",
    "’s view",
    "’s perspective",
    "’s take",
)


def _without_view_suffix(text: str) -> str:
    folded = text.casefold()
    for suffix in _VIEW_SUFFIXES:
        if folded.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)].strip()
    return text


class _SectionBuilder:
    def __init__(self, index: SpeakerIndex, path: str, explicit: bool) -> None:
        self.index, self.path, self.explicit = index, path, explicit
        self.warnings: list[Diagnostic] = []

    def build(self, raw: _Raw, first: bool, language: str) -> Section:
        heading = raw.heading
        title = heading.text if heading else DEFAULT_INTRO.get(language, "Introduction")
        line = heading.line if heading else raw.blocks[0].line
        attrs = heading.attrs if heading else {}
        speaker = self._speaker_attr(attrs, line) if "speaker" in attrs else None
        kind = self._kind_attr(attrs, line) if ("kind" in attrs or "class" in attrs) else None
        if kind is None:
            kind = raw.kind if heading else SectionKind.INTRO
            if kind in (None, SectionKind.DISCUSSION, SectionKind.INTRO) and heading:
                named = self.index.resolve(_without_view_suffix(split_name(heading.text)[0]))
                if named and kind is None:
                    kind, speaker = SectionKind.VIEWPOINT, speaker or named.id
        if kind is SectionKind.ROSTER:
            return Section(kind, title, raw.part, speaker, line=line)
        if kind is SectionKind.QA:
            return Section(kind, title, raw.part, speaker, questions=self._questions(raw.blocks), line=line)
        topics = self._topics(raw.blocks)
        if kind is None:
            attributed = {s for t in topics for s in t.speakers}
            if len(attributed) >= 2:
                kind = SectionKind.DISCUSSION
            elif first:
                kind = SectionKind.INTRO
            else:
                kind = SectionKind.OTHER
        return Section(kind, title, raw.part, speaker, topics=topics, line=line)

    def _kind_attr(self, attrs: dict[str, str], line: int) -> SectionKind:
        value = attrs.get("kind") or attrs.get("class", "")
        aliases = {
            "q&a": "qa",
            "questions": "qa",
            "speaker": "viewpoint",
            "view": "viewpoint",
            "speakers": "roster",
        }
        try:
            return SectionKind(aliases.get(value.lower(), value.lower()))
        except ValueError:
            names = ", ".join(k.value for k in SectionKind)
            raise SourceError(
                f"unknown section kind '{value}' (use one of: {names})", self.path, line
            ) from None

    def _speaker_attr(self, attrs: dict[str, str], line: int) -> str:
        found = self.index.resolve(attrs["speaker"])
        if not found:
            raise SourceError(
                f"unknown speaker '{attrs['speaker']}': add it to `speakers:` in the front matter",
                self.path,
                line,
            )
        return found.id

    def _inline(self, text: str, line: int | None = None) -> Inline:
        text = text.strip()
        if self.explicit and text.startswith("\\") and not _escapes(text):
            text = text[1:]  # the native form escapes text that would read as markup
        inline = parse_inline(text)
        for target in inline.dropped_links if line is not None else ():
            self.warnings.append(
                Diagnostic(
                    f"link to '{target}' dropped: only http, https and mailto links are kept", self.path, line
                )
            )
        return inline

    def _text(self, text: str, line: int | None = None) -> str:
        """The plain text of inline Markdown; a dropped link is reported when `line` is given."""
        return self._inline(text, line).text.strip()

    def _rich_point(self, text: str, line: int, children: tuple[Point, ...] = ()) -> Point:
        inline = self._inline(text, line)
        return Point(inline.text.strip(), children, line, _trimmed(inline.runs))

    def _point(self, bullet: Bullet, depth: int = 1) -> Point:
        if depth > MAX_DEPTH:
            raise SourceError(f"nesting deeper than {MAX_DEPTH} levels", self.path, bullet.line)
        children = tuple(self._point(c, depth + 1) for c in bullet.children)
        return self._rich_point(bullet.text, bullet.line, children)

    def _topics(self, blocks: Sequence[AnyBlock]) -> tuple[Topic, ...]:
        topics = _Topics()
        for block in blocks:
            if isinstance(block, Heading):
                topics.flush()
                topics.start(Topic(block.text, line=block.line))
            elif isinstance(block, Paragraph):
                if self._text(block.text):
                    topics.loose.append(self._rich_point(block.text, block.line))
            elif isinstance(block, Bullet):
                self._bullet(block, topics)
            else:
                self._rich(block, topics)
        topics.flush()
        # A heading-made topic with nothing after it only labels the next topic.
        return tuple(t for t in topics.done if t.points or t.blocks or t.notes or t.label is None)

    def _bullet(self, block: Bullet, topics: _Topics) -> None:
        label, rest = (None, block.text) if block.text.startswith("\\") else split_label(block.text)
        if label is not None and not rest and not block.children and self.explicit:
            label = None  # a bold point on its own (the native writer's `- **重點**`), not a label
        if label is None:
            if self._text(block.text) or block.children:
                topics.loose.append(self._point(block))
            topics.images(self._inline(block.text).images, block.line, self)
            return
        topics.flush()
        points = ([self._rich_point(rest, block.line)] if rest else []) + [
            self._point(c) for c in block.children
        ]
        label = self._text(label)
        speakers = tuple(s.id for s in self.index.attributed(label))
        topics.start(Topic(label, tuple(points), speakers, block.line))

    def _rich(self, block: Any, topics: _Topics) -> None:
        """Images, tables, code, quotes and columns join the topic being read; notes are its
        slide's notes; `---` starts a new slide; a Marp directive is reported, not shown."""
        if isinstance(block, SlideBreak):
            topics.flush(force=True)
        elif isinstance(block, NotesBlock):
            topics.note(rich.notes(block.text))
        elif isinstance(block, Directive):
            self.warnings.append(
                Diagnostic(f"directive ignored: <!-- {block.text} -->", self.path, block.line)
            )
        else:
            topics.add(self._model_block(block))

    def _model_block(self, block: Any) -> ModelBlock:
        if isinstance(block, ImageBlock):
            return rich.image(block, self.path)
        if isinstance(block, TableBlock):
            return rich.table(block, self.path)
        if isinstance(block, CodeBlock):
            return rich.code(block, self.path)
        if isinstance(block, QuoteBlock):
            return rich.quote(block)
        return self._columns(block)

    def _columns(self, block: ColumnsBlock) -> Columns:
        columns = []
        for column in block.columns:
            inner = self._topics(column.blocks)
            points = tuple(p for t in inner for p in t.points)
            blocks = tuple(b for t in inner for b in t.blocks)
            columns.append(Column(points, blocks, rich.share(column.width), column.line))
        return Columns(tuple(columns), block.line)

    def _said(self, text: str, line: int) -> tuple[str, tuple[Run, ...]]:
        """A question's or an answer's plain text and styled runs (a link stays a link). A
        picture written inside it is not shown on a question slide: that is said."""
        inline = self._inline(text, line)
        if inline.images:
            self._not_shown("an image inside a question or an answer", line)
        return inline.text.strip(), _trimmed(inline.runs)

    def _not_shown(self, what: str, line: int) -> None:
        self.warnings.append(Diagnostic(f"{what} is not shown: Q&A slides show text only", self.path, line))

    def _questions(self, blocks: Sequence[AnyBlock]) -> tuple[Question, ...]:
        questions: list[Question] = []

        def answer(ans: Answer) -> None:
            q = questions[-1]
            questions[-1] = replace(q, answers=q.answers + (ans,))

        def start(number: str | None, text: str, line: int, children: list[Bullet] | None = None) -> None:
            """A new question; the bullets under it answer it (or, first, say it)."""
            n = (int(number) if number.isdigit() else cn_number(number)) if number else len(questions) + 1
            said, runs = self._said(text, line)
            questions.append(Question(n, said, line=line, runs=runs))
            for child in children or []:
                self._answer_or_detail(child, questions, answer)

        for block in self._text_blocks(blocks):
            if isinstance(block, Heading):
                start(*_question_heading(block.text), block.line)
                continue
            label, rest = split_label(block.text)
            asked = _asked(block.text, label, rest)
            if asked:
                start(*asked, block.line, getattr(block, "children", None))
                continue
            if questions and label and self.index.answerer(self._text(label), block.line):
                answer(self._answer(block))
                continue
            if isinstance(block, Bullet) and (not questions or not label):
                start(
                    None, block.text, block.line, block.children
                )  # an unlabelled question with answers below
                continue
            if questions:
                said, runs = self._said(block.text, block.line)
                answer(Answer(None, said, line=block.line, runs=runs))
        return tuple(questions)

    def _text_blocks(self, blocks: Sequence[AnyBlock]) -> Iterator[Heading | Bullet | Paragraph]:
        """The blocks a Q&A section is read from. Q&A slides show questions and answers as
        text: a rich block there is left out, and said (a `---` needs no word: every question
        has its slide)."""
        for block in blocks:
            if isinstance(block, (Heading, Bullet, Paragraph)):
                yield block
            else:
                self._rich_in_questions(block)

    def _rich_in_questions(self, block: Any) -> None:
        if isinstance(block, Directive):
            self.warnings.append(
                Diagnostic(f"directive ignored: <!-- {block.text} -->", self.path, block.line)
            )
        elif not isinstance(block, SlideBreak):
            self._not_shown(_RICH_NAMES[type(block)], block.line)

    def _answer_or_detail(
        self, bullet: Bullet, questions: list[Question], answer: Callable[[Answer], None]
    ) -> None:
        label, rest = split_label(bullet.text)
        q = questions[-1]
        if label is None and not q.text:
            said, runs = self._said(bullet.text, bullet.line)
            questions[-1] = replace(q, text=said, runs=runs)
            return
        answer(self._answer(bullet))

    def _answer(self, block: Bullet | Paragraph) -> Answer:
        label, rest = split_label(block.text)
        speaker = self.index.answerer(self._text(label), block.line) if label else None
        text, runs = self._said(rest if speaker else block.text, block.line)
        return Answer(
            speaker.id if speaker else None,
            text,
            tuple(self._point(c) for c in getattr(block, "children", [])),
            block.line,
            runs,
        )


_RICH_NAMES: dict[type, str] = {
    ImageBlock: "an image in a Q&A section",
    TableBlock: "a table in a Q&A section",
    CodeBlock: "a code block in a Q&A section",
    QuoteBlock: "a quote in a Q&A section",
    ColumnsBlock: "columns in a Q&A section",
    NotesBlock: "notes in a Q&A section",
}


def _question_heading(text: str) -> tuple[str | None, str]:
    """The number and text of a `### 問題 1：…` heading in a Q&A section (every such heading
    matched _QUESTION in _split; one that did not would be a question of its own)."""
    found = _QUESTION.match(text)
    return (found["n"], found["text"] or "") if found else (None, text)


def _asked(text: str, label: str | None, rest: str) -> tuple[str | None, str] | None:
    """The number and text of the question a block asks (`**問題 1：** …`, `Q2: …`, a bold
    `**問題 3**` label before the question), or None."""
    asked = _QUESTION.match(label) if label else _QUESTION.match(strip_inline(text))
    if not asked or not (label or asked["text"]):
        return None
    question = rest if label else asked["text"] or ""
    if label and asked["text"]:
        question = f"{asked['text']} {rest}".strip()
    return asked["n"], question


# After the greeting's "我是阿哲": "，我是小雨" / ", and I'm Sam" name a co-host (anchored
# at the end of the match, so linear).
_CO_HOST = re.compile(
    r"\s*[，,、]\s*(?:我是|我们是|我們是)\s*(?P<host>[^，,。！!\s]{1,20})"
    r"|\s*,?\s+and I(?:'m| am)\s+(?P<en>[A-Z][^,.!]{0,40})"
)


def _co_hosts(text: str, position: int) -> tuple[str, ...]:
    found: list[str] = []
    while len(found) < 4:
        match = _CO_HOST.match(text, position)
        if not match:
            break
        found.append((match["host"] or match["en"]).strip())
        position = match.end()
    return tuple(found)


def _take_host_lines(body: Body, greeting: bool, sign_off: bool) -> None:
    """Move the greeting (first sections) and sign-off (last sections) out of the points."""
    if greeting:
        _take_greeting(body)
    if sign_off:
        _take_sign_off(body)


def _take_greeting(body: Body) -> None:
    """The first point of the first two sections that greets (`這裡是X，我是Y`) is the
    greeting, and names the show, the host and any co-hosts."""
    for i, section in enumerate(body.sections[:2]):
        for t_i, topic in enumerate(section.topics):
            for p_i, point in enumerate(topic.points):
                found = _greeting(point.text)
                if found:
                    body.greeting, body.show, body.host = (
                        point.text,
                        found["show"].strip(),
                        found["host"].strip(),
                    )
                    body.co_hosts = _co_hosts(point.text, found.end())
                    body.sections[i] = _without(section, t_i, p_i)
                    return


def _greeting(text: str) -> re.Match[str] | None:
    for pattern in _GREETING:
        found = pattern.find(text)
        if found:
            return found
    return None


def _take_sign_off(body: Body) -> None:
    """The last point of one of the last two sections that says goodbye is the sign-off."""
    for i in range(len(body.sections) - 1, max(-1, len(body.sections) - 3), -1):
        section = body.sections[i]
        if section.topics and section.topics[-1].points:
            last = section.topics[-1].points[-1]
            if _SIGN_OFF.search(last.text) and not last.children:
                body.sign_off = last.text
                body.sections[i] = _without(
                    section, len(section.topics) - 1, len(section.topics[-1].points) - 1
                )
                return


def _without(section: Section, topic_index: int, point_index: int) -> Section:
    topic = section.topics[topic_index]
    points = topic.points[:point_index] + topic.points[point_index + 1 :]
    topics = list(section.topics)
    if points or topic.label:
        topics[topic_index] = replace(topic, points=points)
    else:
        del topics[topic_index]
    return replace(section, topics=tuple(topics))


def _topic_sentence(sections: list[Section]) -> str | None:
    for section in sections[:3]:
        for topic in section.topics:
            for point in topic.points:
                found = _TOPIC_SENTENCE.match(point.text)
                if found:
                    return (found[1] or found[2]).strip()
    return None


class _Topics:
    """The topics of one section as they are read: the loose points and blocks not yet
    under a topic, and the topic that rich blocks and notes join."""

    def __init__(self) -> None:
        self.done: list[Topic] = []
        self.loose: list[Point] = []
        self.blocks: list[ModelBlock] = []
        self.notes: list[str] = []
        self.open = False  # the last topic still takes blocks and notes

    def start(self, topic: Topic) -> None:
        self.done.append(topic)
        self.open = True

    def flush(self, force: bool = False) -> None:
        if self.loose or self.blocks or self.notes:
            line = self.loose[0].line if self.loose else 0
            notes = "\n".join(self.notes) or None
            self.done.append(
                Topic(None, tuple(self.loose), line=line, blocks=tuple(self.blocks), notes=notes)
            )
            self.loose, self.blocks, self.notes = [], [], []
        if force:
            self.open = False

    def _target(self) -> Topic | None:
        return self.done[-1] if self.open and self.done and not self.loose else None

    def add(self, block: ModelBlock) -> None:
        topic = self._target()
        if topic is None:
            self.blocks.append(block)
        else:
            self.done[-1] = replace(topic, blocks=topic.blocks + (block,))

    def note(self, text: str) -> None:
        topic = self._target()
        if topic is None:
            self.notes.append(text)
        else:
            self.done[-1] = replace(topic, notes="\n".join(n for n in (topic.notes, text) if n))

    def images(self, found: tuple[Any, ...], line: int, builder: Any) -> None:
        """Images written inside a bullet (pandoc drops them) join the topic as blocks."""
        for picture in found:
            self.add(
                rich.image(
                    ImageBlock(picture.src, picture.alt, picture.title, dict(picture.attrs), line),
                    builder.path,
                )
            )


def _escapes(text: str) -> bool:
    """True when a leading backslash is CommonMark's own escape (before ASCII punctuation),
    not the native writer's mark (`\\**Label：** text` is a point, not a topic label)."""
    return len(text) > 1 and text[1] in _ASCII_PUNCTUATION and not text.startswith(("\\**", "\\__"))


_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _trimmed(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """The runs with the outer whitespace the plain text drops, so both say the same."""
    if not runs:
        return runs
    out = list(runs)
    out[0] = replace(out[0], text=out[0].text.lstrip())
    out[-1] = replace(out[-1], text=out[-1].text.rstrip())
    return tuple(r for r in out if r.text)
