"""The content model: one immutable, typed episode that every output is rendered from.

Every node keeps the source line it came from (`line`), for messages; line numbers take no
part in equality, so a model read from a transcript equals the same model read back from
its native form.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class SectionKind(str, Enum):
    INTRO = "intro"
    ROSTER = "roster"
    VIEWPOINT = "viewpoint"
    DISCUSSION = "discussion"
    QA = "qa"
    SUMMARY = "summary"
    OTHER = "other"


LANGUAGES = ("zh-Hant", "zh-Hans", "en")
# The locale tag each language is written with in OOXML and WebVTT.
LOCALE = {"zh-Hant": "zh-TW", "zh-Hans": "zh-CN", "en": "en-US"}


# The link targets content may carry (a deck, a handout, an HTML page open them). Anything
# else (`javascript:`, `data:`, `file:`, a relative path) is dropped by the readers.
SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:")


def _line() -> Any:
    return field(default=0, compare=False)


@dataclass(frozen=True)
class Run:
    """A stretch of inline text in one style: what `**strong**`, `*emphasis*`, `` `code` ``,
    `~~strike~~` and `[text](url)` become. A line break is a run whose text is "\n"."""

    text: str
    strong: bool = False
    emphasis: bool = False
    code: bool = False
    strike: bool = False
    url: str | None = None  # a link's target (http, https or mailto only)

    @property
    def plain(self) -> bool:
        return not (self.strong or self.emphasis or self.code or self.strike or self.url)


def spelled(text: str, runs: tuple[Run, ...]) -> bool:
    """Whether `runs` spell `text` exactly: a text shortened or re-spaced for a page has lost
    its styling, and is shown plain."""
    return bool(runs) and "".join(r.text for r in runs) == text


@dataclass(frozen=True)
class Point:
    """A bullet. `text` is its plain text (what narration, subtitles and measuring read);
    `runs` its styled inline text, empty when the text carries no markup."""

    text: str
    children: tuple[Point, ...] = ()
    line: int = _line()
    runs: tuple[Run, ...] = ()

    @property
    def inline(self) -> tuple[Run, ...]:
        """The styled runs, one plain run when the point has no markup."""
        return self.runs or (Run(self.text),)


@dataclass(frozen=True)
class Image:
    """`![alt](src "title"){width=40%}`: a picture from the source's own folder."""

    src: str  # as written, relative to the source's folder (checked by the reader)
    alt: str = ""
    caption: str | None = None  # the title, shown under the picture
    width: float | None = None  # share of the content width, 0 < width <= 1, from {width=40%}
    background: bool = False  # Marp's ![bg](…): behind the whole slide
    line: int = _line()


@dataclass(frozen=True)
class Cell:
    text: str
    runs: tuple[Run, ...] = ()


@dataclass(frozen=True)
class Table:
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...] = ()
    align: tuple[str, ...] = ()  # per column: "left", "center", "right" or "" (the default)
    line: int = _line()


@dataclass(frozen=True)
class Code:
    text: str
    language: str | None = None
    line: int = _line()


@dataclass(frozen=True)
class Quote:
    text: str
    runs: tuple[Run, ...] = ()
    attribution: str | None = None  # a last line `— Name` / `-- Name`
    line: int = _line()


@dataclass(frozen=True)
class Column:
    points: tuple[Point, ...] = ()
    blocks: tuple[Block, ...] = ()
    width: float | None = None  # share of the content width, from width="40%"
    line: int = _line()


@dataclass(frozen=True)
class Columns:
    columns: tuple[Column, ...]
    line: int = _line()


Block = Image | Table | Code | Quote | Columns


@dataclass(frozen=True)
class Topic:
    """A labelled group of points; `label` is None for plain bullets under a heading. A
    hand-written talk's topic may also hold rich blocks (in their order) and the author's
    own notes for its slide, which the narration then says as written."""

    label: str | None
    points: tuple[Point, ...] = ()
    speakers: tuple[str, ...] = ()  # ids of the speakers the label attributes it to
    line: int = _line()
    blocks: tuple[Block, ...] = ()
    notes: str | None = None


@dataclass(frozen=True)
class Speaker:
    id: str
    name: str
    alt_name: str | None = None  # the name in another language: Amanda Askell
    role: str | None = None
    line: int = _line()


@dataclass(frozen=True)
class Answer:
    """What a speaker answered: `text` plain, `runs` its styled inline text (links, emphasis;
    empty when it carries no markup), as for a Point."""

    speaker: str | None  # a speaker id, or None when the source names nobody
    text: str
    points: tuple[Point, ...] = ()
    line: int = _line()
    runs: tuple[Run, ...] = ()


@dataclass(frozen=True)
class Question:
    number: int
    text: str  # plain; `runs` its styled inline text, as for a Point
    answers: tuple[Answer, ...] = ()
    line: int = _line()
    runs: tuple[Run, ...] = ()


@dataclass(frozen=True)
class Section:
    kind: SectionKind
    title: str
    part: str | None = None  # the heading of the part this section belongs to
    speaker: str | None = None  # a speaker id, for viewpoint sections
    topics: tuple[Topic, ...] = ()
    questions: tuple[Question, ...] = ()
    line: int = _line()


@dataclass(frozen=True)
class Host:
    name: str | None = None
    greeting: str | None = None
    sign_off: str | None = None
    co_hosts: tuple[str, ...] = ()  # a show with two hosts: "我是阿哲，我是小雨"

    @property
    def names(self) -> tuple[str, ...]:
        """Everyone who hosts, the main host first."""
        return tuple(n for n in (self.name, *self.co_hosts) if n)


@dataclass(frozen=True)
class Episode:
    title: str
    language: str  # one of LANGUAGES
    sections: tuple[Section, ...]
    topic: str | None = None
    show: str | None = None
    host: Host = Host()
    speakers: tuple[Speaker, ...] = ()
    date: str | None = None
    source: str = field(default="", compare=False)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    @property
    def summary(self) -> tuple[Point, ...]:
        return tuple(
            p for s in self.sections if s.kind is SectionKind.SUMMARY for t in s.topics for p in t.points
        )

    def speaker(self, speaker_id: str | None) -> Speaker | None:
        return next((s for s in self.speakers if s.id == speaker_id), None)


def walk_points(points: tuple[Point, ...]) -> Iterator[Point]:
    for point in points:
        yield point
        yield from walk_points(point.children)


def to_dict(episode: Episode) -> dict[str, Any]:
    """A JSON-ready view of the model: every field, plus the derived questions and summary."""

    def plain(value: Any) -> Any:
        if isinstance(value, Enum):
            return value.value
        if dataclasses.is_dataclass(value):
            return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, tuple):
            return [plain(v) for v in value]
        return value

    data: dict[str, Any] = plain(episode)
    data["questions"] = plain(episode.questions)
    data["summary"] = plain(episode.summary)
    return data


def pictures_of(episode: Episode) -> list[Image]:
    """Every picture the episode's slides can show (columns' own included), in reading order."""

    def walk(blocks: tuple[Block, ...]) -> Iterator[Image]:
        for block in blocks:
            if isinstance(block, Image):
                yield block
            elif isinstance(block, Columns):
                for column in block.columns:
                    yield from walk(column.blocks)

    return [image for section in episode.sections for topic in section.topics for image in walk(topic.blocks)]
