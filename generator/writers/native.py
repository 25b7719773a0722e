"""The episode written back as the native format (Markdown + YAML front matter), so a messy
transcript can be imported once, cleaned by hand, and built from then on. Reading the result
gives back an equal Episode."""

from __future__ import annotations

import re

import yaml

from ..model import Episode, Point, Section, SectionKind, Topic

_MARKUP_START = re.compile(r"^(?:\\|\*\*|__|#|[*\-+•・●▪]\s|\d{1,3}[.)、]\s|[-*_\s]+$|\{)")


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
            lines.append(f"- **{asked} {q.number}{colon}** {_escape(q.text)}".rstrip())
            for a in q.answers:
                who = episode.speaker(a.speaker)
                label = f"**{who.name}{colon}** " if who else ""
                lines.append(f"  - {label}{_escape(a.text)}")
                lines += _points(a.points, 2)
        return lines
    for topic in section.topics:
        lines += _topic(topic, colon)
    return lines


def _topic(topic: Topic, colon: str) -> list[str]:
    if topic.label is None:
        return _points(topic.points, 0)
    return [f"- **{topic.label}{colon}**"] + _points(topic.points, 1)


def _points(points: tuple[Point, ...], depth: int) -> list[str]:
    lines = []
    for point in points:
        lines.append("  " * depth + "- " + _escape(point.text))
        lines += _points(point.children, depth + 1)
    return lines


def _escape(text: str) -> str:
    """A point whose text would read as markup gets a leading backslash."""
    return "\\" + text if _MARKUP_START.match(text) else text
