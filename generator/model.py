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


def _line() -> Any:
    return field(default=0, compare=False)


@dataclass(frozen=True)
class Point:
    text: str
    children: tuple[Point, ...] = ()
    line: int = _line()


@dataclass(frozen=True)
class Topic:
    """A labelled group of points; `label` is None for plain bullets under a heading."""

    label: str | None
    points: tuple[Point, ...] = ()
    speakers: tuple[str, ...] = ()  # ids of the speakers the label attributes it to
    line: int = _line()


@dataclass(frozen=True)
class Speaker:
    id: str
    name: str
    alt_name: str | None = None  # the name in another language: Amanda Askell
    role: str | None = None
    line: int = _line()


@dataclass(frozen=True)
class Answer:
    speaker: str | None  # a speaker id, or None when the source names nobody
    text: str
    points: tuple[Point, ...] = ()
    line: int = _line()


@dataclass(frozen=True)
class Question:
    number: int
    text: str
    answers: tuple[Answer, ...] = ()
    line: int = _line()


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
