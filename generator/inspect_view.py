"""A readable outline of an Episode for `deckcast inspect`."""

from __future__ import annotations

from .model import Episode, Point


def describe(episode: Episode) -> str:
    e = episode
    out = [
        f"title:    {e.title}",
        f"topic:    {e.topic or '-'}",
        f"show:     {e.show or '-'}",
        f"host:     {', '.join(e.host.names) or '-'}",
        f"greeting: {e.host.greeting or '-'}",
        f"sign-off: {e.host.sign_off or '-'}",
        f"language: {e.language}",
    ]
    if e.date:
        out.append(f"date:     {e.date}")
    out.append(f"speakers: {len(e.speakers)}")
    for s in e.speakers:
        alt = f" ({s.alt_name})" if s.alt_name else ""
        out.append(f"  - {s.name}{alt} [{s.id}]" + (f": {s.role}" if s.role else ""))
    out.append(f"sections: {len(e.sections)}")
    for i, section in enumerate(e.sections, 1):
        part = f"{section.part} / " if section.part else ""
        who = f" — {e.speaker(section.speaker).name}" if section.speaker else ""
        out.append(f"  {i}. [{section.kind.value}] {part}{section.title}{who}  (line {section.line})")
        for topic in section.topics:
            indent = "       "
            if topic.label:
                out.append(f"{indent}* {topic.label}")
                indent += "  "
            out += _points(topic.points, indent)
        for q in section.questions:
            out.append(f"       Q{q.number}. {q.text}")
            for a in q.answers:
                who = e.speaker(a.speaker)
                out.append(f"         - {who.name if who else '?'}: {a.text}")
    return "\n".join(out)


def _points(points: tuple[Point, ...], indent: str) -> list[str]:
    lines = []
    for p in points:
        lines.append(f"{indent}- {p.text}")
        lines += _points(p.children, indent + "  ")
    return lines
