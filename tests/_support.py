"""What the tests share as plain code: the paths of the project and its sources, the CLI run
in process (`run`, `build`), and helpers that read episodes and walk their trees. Imported as
`_support` from any folder under tests/ (pyproject puts tests/ on the path); the fixtures
built on them are in tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from generator.cli import main
from generator.model import Episode, Point, Section, walk_points
from generator.readers import read_episode
from generator.writers.native import to_native

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
TEMPLATES = ROOT / "templates"
SOURCES = ROOT / "tests" / "sources"
SEED = CONTENT / "ai-alignment-salon.txt"
SEED_NATIVE = CONTENT / "ai-alignment-salon.native.md"

# the sources in tests/sources/, and the bundled ones in content/ (the seed and its native form)
ALL_SOURCES = sorted(p for p in SOURCES.iterdir() if p.is_file() and not p.name.startswith("."))
BUNDLED_SOURCES = sorted(p for p in CONTENT.iterdir() if p.suffix in (".txt", ".md"))


# --------------------------------------------------------------------------- the CLI


def run(*args: object, **kwargs: Any) -> Result:
    """`deckcast ARGS…` in this process (click's CliRunner), every argument passed as text."""
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


def build(src: Path | str, out: Path, *args: object) -> Path:
    """`deckcast build SRC -o OUT ARGS…`, which must succeed and print no error; returns OUT."""
    result = run("build", src, "-o", out, *args)
    assert result.exit_code == 0, (result.exit_code, result.output, result.exception)
    assert "error" not in result.stderr, result.stderr
    return out


# --------------------------------------------------------------------------- sources and episodes


def source(name: str) -> Path:
    path = SOURCES / name
    assert path.is_file(), path
    return path


def read(path: Path | str, **kwargs: Any) -> Episode:
    episode, _ = read_episode(path, **kwargs)
    return episode


def all_strings(value: Any) -> Iterator[str]:
    """Every string inside a to_dict() tree, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from all_strings(key)
            yield from all_strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from all_strings(item)


def without_lines(value: Any) -> Any:
    """A to_dict() tree with the `line` and `source` fields dropped (they take no part in ==)."""
    if isinstance(value, dict):
        return {k: without_lines(v) for k, v in value.items() if k not in ("line", "source")}
    if isinstance(value, list):
        return [without_lines(v) for v in value]
    return value


def kinds(episode: Episode) -> list[str]:
    return [s.kind.value for s in episode.sections]


def section(episode: Episode, title: str) -> Section:
    found = [s for s in episode.sections if s.title == title]
    assert len(found) == 1, (title, [s.title for s in episode.sections])
    return found[0]


def texts(points: tuple[Point, ...]) -> list[str]:
    return [p.text for p in points]


def all_point_texts(episode: Episode) -> list[str]:
    out = []
    for s in episode.sections:
        for t in s.topics:
            out += [p.text for p in walk_points(t.points)]
        for q in s.questions:
            out.append(q.text)
            for a in q.answers:
                out.append(a.text)
                out += [p.text for p in walk_points(a.points)]
    return out


def topics_by_label(sec: Section) -> dict[str | None, list[str]]:
    return {t.label: texts(t.points) for t in sec.topics}


def roundtrip(episode: Episode, tmp_path: Path, chinese: str = "auto") -> Episode:
    """Write the episode in the native form and read it back."""
    native = tmp_path / "roundtrip.native.md"
    native.write_text(to_native(episode), encoding="utf-8")
    return read(native, chinese=chinese)
